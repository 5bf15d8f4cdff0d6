"""A roll admission date before the Party was founded is `member.before_party_founded`, and the
checks that compare that date leave it out (review326 N6). A check that counts the probation
from the member's `Kết nạp lại` row does not compare it: what it finds at the official date is
a second error, of another cell and cause, and is still said (review334: a readmission of 2024
with no official date by the cut-off was overdue whatever the first admission's year).

Real workbooks through the real template (`helpers_validate.write`), validated as the CLI does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers_validate import CUTOFF, clean_events, clean_members, run, write

from toolkit.core import layout

M = layout.SHEET_MEMBERS
ROW = 3  # the second clean member


def _codes(folder: Path, over: dict[str, object], readmitted: dt.date) -> list[tuple[str, str]]:
    members = clean_members()
    member = members[ROW - 2]
    member.update(over)
    event = {
        "row_no": 3,
        "full_name": member["full_name"],
        "birth_date": member["birth_date"],
        "event_type": "readmitted",
        "event_date": readmitted,
    }
    result = run(write(folder, members=members, events=[*clean_events(), event]), cutoff=CUTOFF)
    return sorted(
        (i.cell or "", i.code) for i in result.issues if i.sheet == M and (i.cell or "")[1:] == str(ROW)
    )


def _cell(key: str) -> str:
    return layout.MEMBERS.cell(key, ROW)


_ADMITTED = dt.date(1929, 1, 1)  # a year typed wrong on the roll


@pytest.mark.parametrize(
    ("official", "readmitted", "code"),
    [
        # probationary since a readmission of 01/06/2024: past the deadline at 31/03/2026
        (None, dt.date(2024, 6, 1), "member.probation_overdue"),
        # recognised three months after a readmission of 01/06/2025
        (dt.date(2025, 9, 1), dt.date(2025, 6, 1), "member.official_too_early"),
        # recognised 18 months after a readmission of 01/06/2024
        (dt.date(2025, 12, 1), dt.date(2024, 6, 1), "member.official_late"),
        # the first membership's recognition of 2010 kept after a readmission of 01/06/2025
        (dt.date(2010, 1, 1), dt.date(2025, 6, 1), "member.official_before_readmission"),
    ],
)
def test_a_check_counted_from_a_readmission_is_still_said(
    tmp_path: Path, official: dt.date | None, readmitted: dt.date, code: str
) -> None:
    found = _codes(tmp_path, {"admission_date": _ADMITTED, "official_date": official}, readmitted)
    assert (_cell("admission_date"), "member.before_party_founded") in found
    assert (_cell("official_date"), code) in found
    # nothing compares the admission date itself: not born after it, nor late counted from it
    assert (_cell("admission_date"), "member.birth_after_admission") not in found
    if code == "member.official_before_readmission":
        assert (_cell("official_date"), "member.official_late") not in found


def test_an_official_date_before_the_founding_is_compared_with_no_readmission(tmp_path: Path) -> None:
    """The official date itself before the founding: that error alone at its cell."""
    found = _codes(
        tmp_path,
        {"admission_date": _ADMITTED, "official_date": dt.date(1929, 6, 1)},
        dt.date(1929, 3, 1),
    )
    assert [code for cell, code in found if cell == _cell("official_date")] == ["member.before_party_founded"]
