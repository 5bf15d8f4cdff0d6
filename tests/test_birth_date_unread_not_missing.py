"""A person whose birth date could not be read is not said to be missing from the other sheet
(hunt135 F2).

The roll and the changes are matched by name and birth date. A member whose `Ngày sinh` on
`Đảng viên` the reader could not read ("01/03/05", a bare year 1996) or that is empty has its
error at that cell; the member's `Kết nạp` row then got `event.joined_not_on_roll`, "không có
trong sheet “Đảng viên” … Hãy thêm đảng viên này", though the member is there, and a `Kết nạp`
row whose birth date could not be read made the member get `event.admission_missing`, "Hãy
thêm dòng kết nạp": following either adds a duplicate. A row of the same name with no birth
date on the other sheet may be the person, so nothing is said there, as the reader's finding
is not repeated at a neighbour compared with it (`rules.leaves_cell_unread`); likewise a death
after the cut-off (`event.left_after_cutoff_not_on_roll`) and a move inside the ward whose
other side's birth date is unread (`event.internal_transfer_unmatched`). A row of the same name
and another birth date (day and month swapped, one column sorted alone) keeps the warning,
which now names that row and says not to add the person if it is theirs.

Real workbooks of the template (`helpers_validate`): the clean organisation, whose member
Hoàng Văn Em (row 6 of `Đảng viên`, born 08/08/2000) was admitted on 01/10/2025 (row 2 of
`Biến động`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from helpers_validate import clean_events, clean_info, clean_members, codes, only, run, write

from toolkit.core import layout

JOINED = "event.joined_not_on_roll"
MISSING = "event.admission_missing"
UNREAD = [("01/03/05", "member.bad_date"), (1996, "member.bad_date"), (None, "member.required")]


def _members(birth: object) -> list[dict[str, Any]]:
    members = clean_members()
    members[4]["birth_date"] = birth
    return members


def _no_check_failed(issues: list[Any]) -> None:
    assert not [c for c in codes(issues) if c.endswith("check_failed")], codes(issues)


def _events(birth: object) -> list[dict[str, Any]]:
    events = clean_events()
    events[0]["birth_date"] = birth
    return events


@pytest.mark.parametrize(("birth", "own"), UNREAD)
def test_an_admitted_member_whose_birth_date_is_unread_is_not_said_off_the_roll(
    tmp_path: Path, birth: object, own: str
) -> None:
    issues = run(write(tmp_path, members=_members(birth))).issues
    assert (only(issues, own).sheet, only(issues, own).cell) == (layout.SHEET_MEMBERS, "C6")
    assert JOINED not in codes(issues)
    _no_check_failed(issues)
    assert not any("Hãy thêm" in i.message for i in issues)


@pytest.mark.parametrize(
    ("birth", "own"), [("01/03/05", "event.bad_date"), (1996, "event.bad_date"), (None, "event.required")]
)
def test_an_admission_row_whose_birth_date_is_unread_is_not_said_missing(
    tmp_path: Path, birth: object, own: str
) -> None:
    issues = run(write(tmp_path, events=_events(birth))).issues
    assert (only(issues, own).sheet, only(issues, own).cell) == (layout.SHEET_EVENTS, "C2")
    assert MISSING not in codes(issues)
    _no_check_failed(issues)
    assert not any("Hãy thêm" in i.message for i in issues)


def test_another_person_of_another_name_is_still_said_off_the_roll(tmp_path: Path) -> None:
    """An unread birth date hides only its own name: an admission of someone else is said."""
    events = [*clean_events(), {**clean_events()[0], "row_no": 3, "full_name": "Đỗ Văn Giang"}]
    issue = only(run(write(tmp_path, members=_members("01/03/05"), events=events)).issues, JOINED)
    assert issue.cell == "B4" and "Lưu ý" not in issue.message


def test_a_namesake_of_another_birth_date_is_named_instead_of_asking_to_add_them(tmp_path: Path) -> None:
    """Day and month swapped on the roll (08/08 is not, 09/08 for 08/09 is): both sheets' rows
    are read, they do not match, and each warning points at the other row."""
    issues = run(write(tmp_path, members=_members(dt.date(2000, 9, 8)))).issues
    joined, missing = only(issues, JOINED), only(issues, MISSING)
    assert joined.message.endswith(
        "nếu đã ra khỏi danh sách. Lưu ý: sheet đó có đảng viên cùng họ tên ở dòng 6 nhưng ngày sinh "
        "khác. Nếu là cùng một người, đừng thêm: hãy đối chiếu hồ sơ và sửa ngày sinh ghi sai (ở dòng "
        "đó hoặc ở dòng này)."
    )
    assert missing.message.endswith(
        "để được tính vào số kết nạp. Lưu ý: sheet đó có dòng 2 ghi cùng họ tên nhưng ngày sinh khác. "
        "Nếu là của đảng viên này, đừng thêm dòng: hãy đối chiếu hồ sơ và sửa ngày sinh ghi sai (ở "
        "dòng đó hoặc ở dòng này)."
    )
    for issue in (joined, missing):
        assert unicodedata.is_normalized("NFC", issue.message)
        masked = issue.without_personal_data().message
        assert "Hoàng Văn Em" not in masked and "Lưu ý: sheet đó có" in masked


def test_a_death_after_the_cutoff_of_a_member_whose_birth_date_is_unread(tmp_path: Path) -> None:
    """The member is on the roll at the cut-off, as the file says: not "put them back"."""
    died = {
        "row_no": 3,
        "full_name": "Nguyễn Văn An",
        "birth_date": dt.date(1975, 5, 12),
        "event_type": "died",
        "event_date": dt.date(2026, 4, 5),
    }
    members = clean_members()
    members[0]["birth_date"] = "12/05/75"
    issues = run(write(tmp_path, members=members, events=[*clean_events(), died])).issues
    assert "member.bad_date" in codes(issues) and "event.after_cutoff" in codes(issues)
    assert "event.left_after_cutoff_not_on_roll" not in codes(issues)
    _no_check_failed(issues)


def test_a_move_inside_the_ward_whose_arrival_birth_date_is_unread(tmp_path: Path) -> None:
    """CB07 records the departure; CB08 the arrival, its birth date typed "12/05/75", and the
    member on its roll: neither "the other files have no arrival row" nor "CB08 lacks it"."""
    mover = clean_members()[0]
    move = {
        "row_no": 3,
        "full_name": mover["full_name"],
        "birth_date": mover["birth_date"],
        "event_date": dt.date(2025, 6, 1),
        "transfer_scope": "internal",
    }
    out_file = write(
        tmp_path,
        "CB07.xlsx",
        members=clean_members()[1:],
        events=[*clean_events(), {**move, "event_type": "transfer_out"}],
    )
    theirs = [{**m, "full_name": f"{m['full_name']} Hai"} for m in clean_members()[1:]]
    arrival = {**move, "row_no": 1, "event_type": "transfer_in", "birth_date": "12/05/75"}
    admitted = {**clean_events()[0], "row_no": 2, "full_name": "Hoàng Văn Em Hai"}
    in_file = write(
        tmp_path,
        "CB08.xlsx",
        info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8"),
        members=[*theirs, mover],
        events=[arrival, admitted],
    )
    issues = run(out_file, in_file).issues
    assert "event.bad_date" in codes(issues) and "ward.check_failed" not in codes(issues)
    found = set(codes(issues))
    assert not found & {"event.internal_transfer_unmatched", "event.internal_transfer_on_other_roll"}, found
