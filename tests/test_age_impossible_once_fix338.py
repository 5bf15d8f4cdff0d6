"""An impossible birth date is one error, for one cause (fix338). A member born 01/03/1905 (a
slip for 1950) is `member.age_impossible` at the birth date (fix336); the checks comparing the
same wrong date leave it out, as those of a membership date before the founding do (`_founded`,
review326 N6): not also "vào Đảng khi đã 105 tuổi" (`member.admission_over_60`) at the admission
date, nor "quá 35 tuổi" (`member.youth_union_age`) at the Youth Union cell. One day younger, the
age is possible, and up to `members.MAX_AGE` (110) every comparison is made as before; over it
the age is `member.age_implausible`, and the comparisons leave it out too (fix352).

Real workbooks through the real template (`helpers_validate.write`), validated as the CLI does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers_validate import CUTOFF, clean_members, run, write

from toolkit.core import layout

M = layout.SHEET_MEMBERS
ROW = 3  # the second clean member: admitted 10/06/2010


def _cell(key: str) -> str:
    return layout.MEMBERS.cell(key, ROW)


def _row_codes(tmp_path: Path, **row: object) -> list[tuple[str, str, str]]:
    members = clean_members()
    members[ROW - 2].update(row)
    result = run(write(tmp_path, members=members), cutoff=CUTOFF)
    return sorted(
        (i.cell or "", i.code, i.severity)
        for i in result.issues
        if i.sheet == M and (i.cell or "")[1:] == str(ROW)
    )


@pytest.mark.parametrize("youth_union", [None, "yes"])
def test_a_birth_in_1905_is_one_error_and_compared_no_more(tmp_path: Path, youth_union: str | None) -> None:
    codes = _row_codes(tmp_path, birth_date=dt.date(1905, 3, 1), youth_union=youth_union)
    assert codes == [(_cell("birth_date"), "member.age_impossible", "error")]


def test_an_implausible_age_is_one_warning_and_compared_no_more(tmp_path: Path) -> None:
    """Born 31/03/1906, 120 at the cut-off 31/03/2026: the warning at the birth date only.

    fix338 kept the admission at 104 (`member.admission_over_60`) and the Youth Union tick
    (`member.youth_union_age`) questioned here, as the age is one someone living can have. But
    `member.age_implausible` already asks to check the birth year, and a birth year typed wrong
    (1912 for 1992) is what all three say: "khi đã 113 tuổi" is that slip again, at two more
    cells. One cause, one message (fix352): the comparisons leave out an age over
    `members.MAX_AGE` as they leave out one over `layout.MAX_LIVING_AGE` (`_plausible`)."""
    codes = _row_codes(tmp_path, birth_date=dt.date(1906, 3, 31), youth_union="yes")
    assert codes == [(_cell("birth_date"), "member.age_implausible", "warning")]


def test_the_comparisons_still_hold_at_an_age_not_implausible(tmp_path: Path) -> None:
    """Born 31/03/1916, 110 at the cut-off (`members.MAX_AGE`, not over it): no warning at the
    birth date, and the admission at 94 and the Youth Union tick are questioned as before."""
    codes = _row_codes(tmp_path, birth_date=dt.date(1916, 3, 31), youth_union="yes")
    assert codes == sorted(
        [
            (_cell("admission_date"), "member.admission_over_60", "warning"),
            (_cell("youth_union"), "member.youth_union_age", "warning"),
        ]
    )
