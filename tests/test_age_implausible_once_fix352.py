"""One mistyped birth year, one message (fix352). A member born 1912 for 1992, admitted in
2015 and ticked in the Youth Union, is 113 at the cut-off 31/03/2026: `member.age_implausible`
asks to check the birth year, and that was also "vào Đảng khi đã 103 tuổi"
(`member.admission_over_60`) and "quá 35 tuổi" (`member.youth_union_age`), the same slip at
two more cells. The comparisons leave out an implausible age as they leave out an impossible
one (fix338).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers_validate import CUTOFF, clean_members, run, write

from toolkit.core import layout

M = layout.SHEET_MEMBERS
ROW = 3


def test_a_birth_year_1912_for_1992_is_one_warning(tmp_path: Path) -> None:
    members = clean_members()
    members[ROW - 2].update(
        birth_date=dt.date(1912, 8, 20),
        admission_date=dt.date(2015, 5, 19),
        official_date=dt.date(2016, 5, 19),
        youth_union="yes",
    )
    result = run(write(tmp_path, members=members), cutoff=CUTOFF)
    said = sorted((i.cell, i.code) for i in result.issues if i.sheet == M and (i.cell or "")[1:] == str(ROW))
    assert said == [(layout.MEMBERS.cell("birth_date", ROW), "member.age_implausible")]
