"""A readmitted member whose roll `Ngày vào Đảng` holds the readmission's date itself (fix385).

The roll may keep the first admission date (§5), and the probation counts from the `Kết nạp lại`
row either way (`core.dates.membership`). But party age counts from the first admission, less the
time out of the Party, and the badge list and the forms' party-age eras read `Ngày vào Đảng`: a
roll carrying the readmission there loses the first admission. `member.admission_is_readmission`,
a warning at that cell naming the row, asks for the first admission date. It said nothing before.

Real workbooks through the real template (`helpers_validate.write`), validated as the CLI does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers_validate import CUTOFF, clean_events, clean_members, run, write

from toolkit.core import layout
from toolkit.core.model import Issue
from toolkit.core.rules import HIDDEN

CODE = "member.admission_is_readmission"
ROW = 3  # the second clean member's Excel row
NAME = "CB07_chi_bo_to_dan_pho_so_7.xlsx"


def _issues(
    folder: Path, admitted: dt.date, readmitted: dt.date, official: dt.date | None = None
) -> list[Issue]:
    members = clean_members()
    member = members[ROW - 2]
    member.update(admission_date=admitted, official_date=official, card_no=None)
    event = {
        "row_no": 3,
        "full_name": member["full_name"],
        "birth_date": member["birth_date"],
        "event_type": "readmitted",
        "event_date": readmitted,
        "decision_no": "7-QĐ/ĐU",
    }
    result = run(write(folder, members=members, events=[*clean_events(), event]), cutoff=CUTOFF)
    return [i for i in result.issues if i.code == CODE]


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2025, 6, 1),  # readmitted in the period
        dt.date(2024, 6, 1),  # before it: the row kept for the probation
    ],
)
def test_the_readmission_date_as_ngay_vao_dang_is_a_warning_at_that_cell(
    tmp_path: Path, day: dt.date
) -> None:
    found = _issues(tmp_path, day, day)
    assert len(found) == 1, found
    issue = found[0]
    assert issue.severity == "warning"
    assert (issue.sheet, issue.cell) == (layout.SHEET_MEMBERS, layout.MEMBERS.cell("admission_date", ROW))
    row = layout.FIRST_DATA_ROW + 2  # the third change row
    place = f"{NAME}, {layout.SHEET_EVENTS} dòng {row}"
    shown = f"{day.day:02d}/{day.month:02d}/{day.year}"
    assert f"Ngày vào Đảng {shown} trùng ngày kết nạp lại ({place})" in issue.message
    assert "ghi ngày kết nạp lần đầu" in issue.message
    # without personal data the date is hidden, the row still named
    assert issue.private_message is not None
    assert shown not in issue.private_message and HIDDEN in issue.private_message
    assert place in issue.private_message


@pytest.mark.parametrize(
    ("admitted", "readmitted"),
    [
        (dt.date(2005, 3, 2), dt.date(2025, 6, 1)),  # the first admission kept: as asked
        (dt.date(2025, 5, 31), dt.date(2025, 6, 1)),  # a day apart: another date
    ],
)
def test_another_admission_date_is_not_said(tmp_path: Path, admitted: dt.date, readmitted: dt.date) -> None:
    assert _issues(tmp_path, admitted, readmitted) == []
