"""A cell the reader could not read (an error value such as #REF! or #N/A, a formula without a
saved value) has its own error and nothing else is said because of it: not at its cell, and not
at a neighbour the checks compare it with.

Before, an unread count of `Số liệu năm` was 0 to the checks: "#REF!" in "Đảng viên mới học lớp
bồi dưỡng" added an error at the next cell, "2 đảng viên mới hoàn thành …, nhiều hơn số đã học
(0)", and "#N/A" in "Hoàn thành tốt nhiệm vụ" a warning that the excellent exceed 20% of a base
counted without the good. A formula without a saved value in "Ngày chính thức" was told "vẫn
chưa có ngày chính thức" at its own cell. The clerk was told to fix a cell holding no mistake.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers_validate import clean_members, clean_years, rewrite_zip, run, sheet_part, write

from toolkit.core import layout

Y, M = layout.SHEET_YEARS, layout.SHEET_MEMBERS
TRAINED, COMPLETED = (f"{layout.YEARS.letter(k)}2" for k in ("new_members_trained", "new_members_completed"))
EXCELLENT, GOOD = (f"{layout.YEARS.letter(k)}2" for k in ("rated_excellent", "rated_good"))
OFFICIAL = f"{layout.MEMBERS.letter('official_date')}3"

UNREAD = {
    "#REF!": ('t="e"', "<f>SUM(#REF!)</f><v>#REF!</v>", "cell.error_value"),
    "#N/A": ('t="e"', "<f>VLOOKUP(A2,DanhMuc!A:B,2,0)</f><v>#N/A</v>", "cell.error_value"),
    "formula without value": ("", "<f>1+1</f>", "cell.formula_no_value"),
}


def _unread(path: Path, sheet: str, ref: str, kind: str) -> Path:
    """`ref` of `sheet` made an unreadable cell of `kind`, keeping its style."""
    cell_type, inner, _ = UNREAD[kind]
    part = sheet_part(path, sheet)

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        xml, n = re.subn(
            rf'<c r="{ref}"( s="\d+")?(?: t="n")?><v>[^<]*</v></c>',
            lambda m: f'<c r="{ref}"{m.group(1) or ""} {cell_type}>{inner}</c>',
            data.decode("utf-8"),
            count=1,
        )
        assert n == 1, ref
        return xml.encode("utf-8")

    rewrite_zip(path, change)
    return path


def _years(**first: int) -> list[dict[str, object]]:
    years = clean_years()
    years[0] = {**years[0], **first}
    return years


@pytest.mark.parametrize("kind", list(UNREAD))
@pytest.mark.parametrize(
    ("sheet", "ref", "years", "was_said"),
    [
        # 1 trained, 1 completed: with "trained" unread, "1 completed, more than the 0 trained".
        (Y, TRAINED, _years(), "year.completed_gt_trained"),
        # 1 excellent of 1 + 4 (20%): with "good" unread, "1 excellent, over 20% of 1".
        (Y, GOOD, _years(rated_excellent=1, rated_good=4, rated_pass=0, not_rated=0), "year.excellent_share"),
        # A full member admitted in 2010: with the official date unread, "no official date yet".
        (M, OFFICIAL, _years(), "member.probation_overdue"),
    ],
    ids=["trained", "good", "official_date"],
)
def test_an_unread_cell_is_its_own_error_only(
    tmp_path: Path, kind: str, sheet: str, ref: str, years: list[dict[str, object]], was_said: str
) -> None:
    (tmp_path / "clean").mkdir()
    clean = run(write(tmp_path / "clean", members=clean_members(), years=years)).issues
    path = _unread(write(tmp_path, members=clean_members(), years=years), sheet, ref, kind)
    issues = run(path).issues
    code = UNREAD[kind][2]
    assert [(i.code, i.cell) for i in issues if i.is_error] == [(code, ref)]
    new = {(i.code, i.sheet, i.cell) for i in issues} - {(i.code, i.sheet, i.cell) for i in clean}
    assert new == {(code, sheet, ref)}, was_said


def test_a_count_read_is_still_compared(tmp_path: Path) -> None:
    """The check itself still speaks of counts that were read."""
    path = write(tmp_path, years=_years(new_members_trained=1, new_members_completed=2))
    errors = [(i.code, i.cell) for i in run(path).issues if i.is_error]
    assert errors == [("year.completed_gt_trained", COMPLETED)]
