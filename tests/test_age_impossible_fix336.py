"""An age no living person has is an error, not a warning (fix336). Since fix330 a birth date of
01/03/1905 typed as a date is that date, and reached only the warning `member.age_implausible`
(over 110): a secretary's slip (1905 for 1950, or "198" in a date cell, read as 16/07/1900) left
the file consolidated with a member of 121–126 in the oldest age band. Over
`layout.MAX_LIVING_AGE` (120) at the cut-off it is now `member.age_impossible`, an error at the
birth date; 111 to 120 stays the warning. A change row's birth date is measured the same way
(`event.age_impossible`; review334 F3: a `Kết nạp` row born in 1905 was not checked at all),
a death row at the death's date.

Real workbooks through the real template (`helpers_validate.write`), validated as the CLI does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from helpers_validate import CUTOFF, clean_events, clean_info, clean_members, only, run, write

from toolkit.cli import main
from toolkit.core import layout

M, E = layout.SHEET_MEMBERS, layout.SHEET_EVENTS
ROW = 3  # the second clean member
AGE_CODES = ("member.age_impossible", "member.age_implausible", "member.bad_date")


def _members(**row: object) -> list[dict[str, object]]:
    members = clean_members()
    members[ROW - 2].update(row)
    return members


def _at(result, sheet: str, cell: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(i.code, i.severity) for i in result.issues if i.sheet == sheet and i.cell == cell]


def test_a_birth_in_1905_is_an_age_no_one_living_has_an_error(tmp_path: Path) -> None:
    result = run(write(tmp_path, members=_members(birth_date=dt.date(1905, 3, 1))), cutoff=CUTOFF)
    assert _at(result, M, layout.MEMBERS.cell("birth_date", ROW)) == [("member.age_impossible", "error")]
    issue = only(result.issues, "member.age_impossible")
    assert "Đến ngày chốt 31/03/2026 đảng viên đã 121 tuổi (sinh 01/03/1905), quá 120 tuổi" in issue.message
    assert "hãy sửa lại ngày sinh" in issue.message
    assert not [i for i in result.issues if i.code == "member.age_implausible"]
    # The age and the birth date are personal: hidden unless asked for; the bound is not.
    hidden = issue.without_personal_data().message
    assert "121" not in hidden and "01/03/1905" not in hidden and "quá 120 tuổi" in hidden


def test_198_in_a_date_cell_is_16_07_1900_and_an_error(tmp_path: Path) -> None:
    """A "198" typed for 1980 in the template's date cell is Excel's 16/07/1900: 125 years old."""
    result = run(write(tmp_path, members=_members(birth_date=198)), cutoff=CUTOFF)
    assert _at(result, M, layout.MEMBERS.cell("birth_date", ROW)) == [("member.age_impossible", "error")]
    assert "đã 125 tuổi (sinh 16/07/1900)" in only(result.issues, "member.age_impossible").message


def test_the_bound_is_120_years_at_the_cutoff(tmp_path: Path) -> None:
    """At the cut-off 31/10/2026: born 31/10/1905, 121 that day, an error; born a day later, 120,
    the warning; 111 the warning; 110 nothing. (Born 14/03–30/09/1905 is a number a year typed
    alone leaves in a date cell, read as `bad_date` since fix330, hence this cut-off.)"""
    cutoff = dt.date(2026, 10, 31)
    births = {
        2: dt.date(1905, 10, 31),
        3: dt.date(1905, 11, 1),
        4: dt.date(1915, 10, 31),
        5: dt.date(1915, 11, 1),
    }
    members = clean_members()
    for row, born in births.items():
        members[row - 2]["birth_date"] = born
    info = clean_info(cutoff_date=cutoff, prepared_on=dt.date(2026, 11, 2))
    path = write(tmp_path, info=info, members=members)
    result = run(path, cutoff=cutoff, today=dt.date(2026, 11, 5))
    said = sorted((i.cell, i.code, i.severity) for i in result.issues if i.code in AGE_CODES)
    cell = lambda row: layout.MEMBERS.cell("birth_date", row)  # noqa: E731
    assert said == [
        (cell(2), "member.age_impossible", "error"),
        (cell(3), "member.age_implausible", "warning"),
        (cell(4), "member.age_implausible", "warning"),
    ]
    assert "quá 110 tuổi" in next(i.message for i in result.issues if i.cell == cell(3))


def test_a_change_row_born_in_1905_is_an_error_at_its_birth_date(tmp_path: Path) -> None:
    """A `Kết nạp` row born 10/01/1905 (its person alive at the cut-off): 121, an error at the
    row's birth date (before, nothing was said there, and Biểu 1 split the admission by age)."""
    events = clean_events()
    events[0]["birth_date"] = dt.date(1905, 1, 10)
    result = run(write(tmp_path, events=events), cutoff=CUTOFF)
    cell = layout.EVENTS.cell("birth_date", 2)
    assert _at(result, E, cell) == [("event.age_impossible", "error")]
    issue = only(result.issues, "event.age_impossible")
    assert (
        "Đến ngày chốt số liệu 31/03/2026 người này đã 121 tuổi (sinh 10/01/1905), quá 120 tuổi"
        in issue.message
    )
    hidden = issue.without_personal_data().message
    assert "121" not in hidden and "10/01/1905" not in hidden and "quá 120 tuổi" in hidden
    assert "Đến ngày chốt số liệu 31/03/2026 người này" in hidden  # the cut-off is no one's


def test_a_death_row_is_measured_at_the_death(tmp_path: Path) -> None:
    """Died 15/07/2025: born 10/01/1905, 120 at the death (121 at the cut-off), is no error,
    only the warning of 111–120 (`event.age_implausible`, fix343); born 01/07/1904, 121 at the
    death, is the error, naming the death's date."""
    events = clean_events()
    events.append({**events[1], "row_no": 3, "full_name": "Lý Văn Thọ", "birth_date": dt.date(1904, 7, 1)})
    events[1]["birth_date"] = dt.date(1905, 1, 10)
    result = run(write(tmp_path, events=events), cutoff=CUTOFF)
    assert _at(result, E, layout.EVENTS.cell("birth_date", 3)) == [("event.age_implausible", "warning")]
    assert _at(result, E, layout.EVENTS.cell("birth_date", 4)) == [("event.age_impossible", "error")]
    issue = only(result.issues, "event.age_impossible")
    assert "Đến ngày từ trần 15/07/2025 người này đã 121 tuổi (sinh 01/07/1904)" in issue.message
    assert "Đến ngày từ trần [đã ẩn] người này" in issue.without_personal_data().message


def test_validate_on_the_command_line_refuses_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, members=_members(birth_date=dt.date(1905, 3, 1)))
    out = CliRunner().invoke(main, ["validate", str(path), "--cutoff", "31/03/2026"])
    assert "Traceback" not in out.output
    assert out.exit_code != 0
    cell = layout.MEMBERS.cell("birth_date", ROW)
    line = next(line for line in out.output.splitlines() if "member.age_impossible" in line)
    assert f"{M}!{cell}" in line and "quá 120 tuổi" in line
    # Without personal data, neither the age nor the birth date, and no hole where they were (fix342).
    assert "121 tuổi" not in line and "01/03/1905" not in line and "[đã ẩn] tuổi" not in line, line
