"""A calendar year of a file's period that has ended by the cut-off needs its row on
`Số liệu năm`: without one, the organisation's ratings and training of that year are simply
not in the ward's figures, and nothing said so (`Xếp loại theo năm` showed the ward's year as
complete). `year.missing` is one warning per file naming the missing years, and row 3 of
`Tổng hợp` says the year's figures are incomplete.

Files written through the real template (`helpers_validate`): period 01/01/2025–31/03/2026,
so 2025 has ended and 2026 has not.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from helpers_validate import clean_events, clean_info, clean_years, codes, only, run, write, write_old

from toolkit.core import layout
from toolkit.outputs.summary_lines import incomplete_warning
from toolkit.pipeline import consolidate

CODE = "year.missing"


def _years(*keep: int) -> list[dict]:
    return [y for y in clean_years() if y["year"] in keep]


def _missing(tmp_path: Path, **kw) -> list:  # noqa: ANN003
    result = run(write(tmp_path, **kw))
    return [i for i in result.issues if i.code == CODE]


def test_a_finished_year_without_its_row_is_a_warning_naming_the_year(tmp_path: Path) -> None:
    path = write(tmp_path, years=_years(2026))
    result = run(path)
    issue = only(result.issues, CODE)
    assert issue.severity == "warning"
    assert (issue.file, issue.org_code, issue.sheet, issue.cell, issue.column) == (
        path.name,
        "CB07",
        layout.SHEET_YEARS,
        "A3",  # where the row is to be added, as the message says (hunt169 F7: the header A1)
        "Năm",
    )
    assert issue.value == "2025"
    assert issue.message.startswith("Sheet “Số liệu năm” không có dòng của năm 2025 (sheet chỉ có năm 2026)")
    assert "từ 01/01/2025 đến 31/03/2026" in issue.message
    assert "từ ô A3" in issue.message  # under the last row
    assert unicodedata.is_normalized("NFC", issue.message)
    # A warning: the file is still consolidated.
    assert result.submissions[0].status == "warnings"


def test_an_empty_yearly_sheet_names_every_finished_year_in_one_warning(tmp_path: Path) -> None:
    info = clean_info(period_start=dt.date(2022, 1, 1))
    issues = _missing(tmp_path, info=info, years=[], events=clean_events())
    assert len(issues) == 1
    assert issues[0].value == "2022, 2023, 2024, 2025"
    assert "không có dòng của các năm 2022–2025 (sheet chưa có dòng nào)" in issues[0].message
    assert "từ ô A2" in issues[0].message
    assert issues[0].cell == "A2"


def test_every_year_present_says_nothing(tmp_path: Path) -> None:
    assert _missing(tmp_path) == []


def test_the_cutoff_year_needs_no_row_until_it_has_ended(tmp_path: Path) -> None:
    # 2026 has not ended at 31/03/2026: its row may be missing.
    assert _missing(tmp_path, years=_years(2025)) == []


def test_a_period_starting_in_the_cutoff_year_needs_no_row(tmp_path: Path) -> None:
    info = clean_info(period_start=dt.date(2026, 1, 1))
    members_admitted_before = [e for e in clean_events() if e["event_date"] >= dt.date(2026, 1, 1)]
    result = run(write(tmp_path, info=info, events=members_admitted_before, years=[]))
    assert CODE not in codes(result.issues)


def test_a_period_starting_mid_year_still_needs_that_years_row(tmp_path: Path) -> None:
    info = clean_info(period_start=dt.date(2025, 7, 1))
    events = [e for e in clean_events() if e["event_date"] >= dt.date(2025, 7, 1)]
    issue = only(run(write(tmp_path, info=info, events=events, years=_years(2026))).issues, CODE)
    assert issue.value == "2025"
    assert "từ 01/07/2025 đến 31/03/2026" in issue.message


@pytest.mark.parametrize(
    ("cutoff", "required"), [(dt.date(2025, 12, 31), True), (dt.date(2025, 12, 30), False)]
)
def test_the_cutoff_year_is_finished_on_31_december(tmp_path: Path, cutoff: dt.date, required: bool) -> None:
    info = clean_info(cutoff_date=cutoff)
    result = run(write(tmp_path, info=info, years=[]), today=dt.date(2026, 1, 15))
    assert (CODE in codes(result.issues)) is required


def test_finished_years() -> None:
    from toolkit.validation.years import finished_years

    assert finished_years(dt.date(2025, 1, 1), dt.date(2026, 3, 31)) == [2025]
    assert finished_years(dt.date(2025, 7, 1), dt.date(2026, 3, 31)) == [2025]
    assert finished_years(dt.date(2026, 1, 1), dt.date(2026, 3, 31)) == []
    assert finished_years(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == [2025]
    assert finished_years(dt.date(2024, 2, 1), dt.date(2025, 12, 30)) == [2024]


def test_a_file_of_the_2026_1_template_is_checked_too(tmp_path: Path) -> None:
    """`Số liệu năm` is the same in every template version."""
    result = run(write_old(tmp_path, years=_years(2026)))
    issue = only(result.issues, CODE)
    assert issue.cell == "A3" and "từ ô A3" in issue.message


@pytest.mark.parametrize(
    ("events", "said"),
    [
        ([], "org.no_members"),  # an empty file: its own error only
        # A roll emptied in the period by a death: a dissolved organisation's last report, whose
        # members were rated where they went.
        (clean_events()[1:], "org.no_members_at_cutoff"),
    ],
)
def test_an_organisation_without_members_gets_its_own_issue_only(
    tmp_path: Path, events: list[dict[str, object]], said: str
) -> None:
    result = run(write(tmp_path, members=[], events=events, years=[]))
    assert codes(result.issues) == [said]


def test_a_row_whose_year_could_not_be_read_is_not_called_missing(tmp_path: Path) -> None:
    years = clean_years()
    years[0]["year"] = "hai nghìn"
    result = run(write(tmp_path, years=years))
    assert "year.bad_year" in codes(result.issues)
    assert CODE not in codes(result.issues)


def test_the_summary_sheet_says_the_years_figures_are_incomplete(tmp_path: Path) -> None:
    complete, lacking = tmp_path / "du", tmp_path / "thieu"
    complete.mkdir()
    lacking.mkdir()
    write(complete)
    write(lacking, years=_years(2026))
    full = consolidate([complete], cutoff=dt.date(2026, 3, 31))
    short = consolidate([lacking], cutoff=dt.date(2026, 3, 31))
    assert incomplete_warning(full) is None
    warning = incomplete_warning(short)
    assert warning is not None
    assert "1 tổ chức thiếu dòng của năm đã kết thúc ở sheet “Số liệu năm” (CB07 năm 2025)" in warning
    # Said, not made up: the ward's 2025 ratings still lack the organisation.
    assert short.indicators["ratings.2025.good"] == 0 < full.indicators["ratings.2025.good"]
    assert [o.status for o in short.organisations] == ["consolidated"]


def test_a_year_before_the_runs_period_is_no_gap_of_the_ward(tmp_path: Path) -> None:
    """A file stating an earlier start than the run's lacks a year the ward does not count:
    `Kiểm tra` says it of the file, `Tổng hợp` does not call the ward's figures incomplete."""
    write(tmp_path, years=_years(2026))
    result = consolidate([tmp_path], cutoff=dt.date(2026, 3, 31), since=dt.date(2026, 1, 1))
    assert CODE in codes(result.issues)
    assert incomplete_warning(result) is None
