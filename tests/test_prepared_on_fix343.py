"""`Ngày lập biểu` is a day the form can have been made on (fix343). The cell had no check but
its reading: a date after the day of the check (02/04/2027 for 02/04/2026), or one from before
the period (a form copied from last quarter's, its date left as it was), passed unsaid. Both
are warnings at the cell, naming it: the date counts in no figure.

Real workbooks through the real template (`helpers_validate.write`), validated as the CLI does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_validate import CUTOFF, clean_info, only, run, write

from toolkit.cli import main
from toolkit.core import layout

INFO = layout.SHEET_INFO
CELL = layout.INFO.cell("prepared_on")
TODAY = dt.date(2026, 4, 5)  # the check's day: a few days after the cut-off 31/03/2026
CODES = ("info.prepared_future", "info.prepared_early")


def _said(
    tmp_path: Path, prepared_on: object, *, cutoff: dt.date | None = CUTOFF, **info: object
) -> list[str]:
    path = write(tmp_path, info=clean_info(prepared_on=prepared_on, **info))
    result = run(path, cutoff=cutoff, today=TODAY)
    found = [i for i in result.issues if i.code in CODES]
    assert all(i.sheet == INFO and i.cell == CELL and i.severity == "warning" for i in found)
    return [i.code for i in found]


def test_a_date_not_come_yet_is_the_warning(tmp_path: Path) -> None:
    path = write(tmp_path, info=clean_info(prepared_on=dt.date(2027, 4, 2)))
    result = run(path, cutoff=CUTOFF, today=TODAY)
    issue = only(result.issues, "info.prepared_future")
    assert (issue.sheet, issue.cell, issue.severity) == (INFO, CELL, "warning")
    assert "Ngày lập biểu 02/04/2027 sau ngày hôm nay (05/04/2026)" in issue.message
    assert "Hãy kiểm tra lại ngày, tháng, năm." in issue.message
    assert not result.has_errors


def test_a_form_copied_from_last_quarters_is_the_warning(tmp_path: Path) -> None:
    """Made 05/01/2026, last quarter's form's day, for data to 31/03/2026: three months early."""
    path = write(tmp_path, info=clean_info(prepared_on=dt.date(2026, 1, 5)))
    issue = only(run(path, cutoff=CUTOFF, today=TODAY).issues, "info.prepared_early")
    assert (
        "Ngày lập biểu 05/01/2026 sớm hơn ngày chốt số liệu 31/03/2026 từ 2 tháng trở lên: biểu lập ngày đó "
        "chưa thể có số liệu đến ngày chốt 31/03/2026." in issue.message
    )
    assert "chép từ biểu của kỳ trước" in issue.message


def test_before_the_period_is_said_as_such(tmp_path: Path) -> None:
    """A period of one month (01/03–31/03/2026): made 20/02/2026, before it started."""
    path = write(
        tmp_path, info=clean_info(prepared_on=dt.date(2026, 2, 20), period_start=dt.date(2026, 3, 1))
    )
    issue = only(run(path, cutoff=CUTOFF, today=TODAY).issues, "info.prepared_early")
    assert "Ngày lập biểu 20/02/2026 trước ngày bắt đầu kỳ số liệu 01/03/2026:" in issue.message


@pytest.mark.parametrize(
    "prepared_on",
    [
        None,  # may stay empty
        dt.date(2026, 4, 2),  # after the cut-off, as most are
        TODAY,  # the check's day
        dt.date(2026, 3, 15),  # some weeks early: reports are asked for before the cut-off
        dt.date(2026, 2, 1),  # two months early but a day
    ],
)
def test_a_plausible_day_is_said_nothing_of(tmp_path: Path, prepared_on: dt.date | None) -> None:
    assert _said(tmp_path, prepared_on) == []


def test_the_bound_is_two_months_before_the_cutoff(tmp_path: Path) -> None:
    assert _said(tmp_path, dt.date(2026, 1, 31)) == ["info.prepared_early"]


def test_a_cutoff_not_the_runs_is_that_cutoffs_error_alone(tmp_path: Path) -> None:
    """Cut-off typed 31/03/2027 for the run's 31/03/2026, made 02/04/2026: the cut-off is wrong
    (`org.cutoff_mismatch`), not the day the form was made."""
    assert _said(tmp_path, dt.date(2026, 4, 2), cutoff_date=dt.date(2027, 3, 31)) == []


def test_last_years_report_of_its_own_period_is_said_nothing_of(tmp_path: Path) -> None:
    """A report of 31/03/2025 made 03/04/2025, checked alone a year on: its dates agree."""
    info = {"cutoff_date": dt.date(2025, 3, 31), "period_start": dt.date(2025, 1, 1)}
    assert _said(tmp_path, dt.date(2025, 4, 3), cutoff=None, **info) == []


def test_a_report_made_long_after_its_cutoff_is_said_nothing_of(tmp_path: Path) -> None:
    """An earlier period's report made now for the history: right, however long after."""
    info = {"cutoff_date": dt.date(2025, 3, 31), "period_start": dt.date(2025, 1, 1)}
    assert _said(tmp_path, dt.date(2026, 4, 1), cutoff=dt.date(2025, 3, 31), **info) == []


def test_validate_on_the_command_line_names_file_and_cell(tmp_path: Path) -> None:
    path = write(tmp_path, info=clean_info(prepared_on=dt.date(2099, 4, 2)))
    out = CliRunner().invoke(main, ["validate", str(path), "--cutoff", "31/03/2026"])
    assert "Traceback" not in out.output
    line = next(line for line in out.output.splitlines() if "info.prepared_future" in line)
    assert f"{INFO}!{CELL}" in line and "02/04/2099" in line
    assert path.name in out.output
