"""Names that differ only by accents (hunt78). In one file of one birth date, a change typed
with fewer marks than a member's name is that member's, no further evidence asked (“Tran Bá
Luân” dead beside the roll's “Trần Bá Luân”: #1). Two rows of one birth date whose names are one
without accents are warned of, in a file or across files, whichever marks each lacks, with both
spellings quoted and what to do if they are one person or two (#2, #5). Acting across files on a
match (another file's death marking a member) still asks the hunt74 evidence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers_validate import clean_events, clean_info, clean_members, codes, member, run, write


def _death(name: str, born: dt.date, row_no: int = 3) -> dict[str, object]:
    return {
        "row_no": row_no,
        "full_name": name,
        "birth_date": born,
        "event_type": "died",
        "event_date": dt.date(2026, 2, 15),
    }


def test_a_change_with_one_mark_left_out_is_its_files_member(tmp_path: Path) -> None:
    """(hunt78 #1) "Tran Thị Hường" dies, "Hoang Văn Em" is admitted: one syllable each without
    its marks, readable as typed, beside the roll's Trần Thị Hường and Hoàng Văn Em of the same
    birth dates. The admission is the member's (no second row asked for). The dead member
    still on the roll was the error it is when typed alike; since hunt83 #1 a match by accents
    alone (twins Hoa and Hòa exist) is `event.left_still_on_roll_accents`, a warning at the
    member, deliberately."""
    hường = clean_members()[1]
    events = clean_events()
    events[0] = {**events[0], "full_name": "Hoang Văn Em"}
    path = write(tmp_path, events=[*events, _death("Tran Thị Hường", hường["birth_date"])])
    issues = run(path).issues
    found = codes(issues)
    assert "event.left_still_on_roll" not in found, found
    [left] = [i for i in issues if i.code == "event.left_still_on_roll_accents"]
    assert (left.severity, left.sheet, left.cell) == ("warning", "Đảng viên", "B3"), left
    assert "event.joined_not_on_roll" not in found and "event.admission_missing" not in found, found
    # Both changes are still asked to be typed like the roll.
    said = sorted(i.cell for i in issues if i.code == "event.name_without_accents")
    assert said == ["B2", "B4"], said


def test_one_person_in_two_files_with_one_mark_left_out_is_said(tmp_path: Path) -> None:
    """(hunt78 #2) "Lê Thi Nga" in CB07, "Lê Thị Nga" in CB08; "Hoàng Văn Dung" and "Hoang Văn
    Dũng", each lacking another mark; same birth dates: counted twice without a word. Now each
    pair is said once, at the later file's row, quoting the other spelling and its file."""
    nga = member(full_name="Lê Thi Nga", birth_date=dt.date(1975, 5, 5), gender="female", card_no=None)
    dung = member(full_name="Hoàng Văn Dung", birth_date=dt.date(1972, 2, 2), card_no=None)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = write(
        tmp_path / "a", "a.xlsx", members=[*clean_members(), {**nga, "row_no": 6}, {**dung, "row_no": 7}]
    )
    b = write(
        tmp_path / "b",
        "b.xlsx",
        info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8"),
        members=[
            {**nga, "row_no": 1, "full_name": "Lê Thị Nga"},
            {**dung, "row_no": 2, "full_name": "Hoang Văn Dũng"},
        ],
        events=[],
        years=[],
    )
    said = [i for i in run(a, b).issues if i.code == "member.name_without_accents"]
    assert [(i.file, i.cell) for i in said] == [("b.xlsx", "B2"), ("b.xlsx", "B3")], said
    assert "“Lê Thị Nga”, sinh 05/05/1975, và “Lê Thi Nga” ở dòng 7 của tệp a.xlsx" in said[0].message
    assert "“Hoang Văn Dũng”, sinh 02/02/1972, và “Hoàng Văn Dung” ở dòng 8 của tệp a.xlsx" in said[1].message


def test_a_death_of_a_name_of_another_tone_still_marks_no_one_across_files(tmp_path: Path) -> None:
    """Acting across files keeps the hunt74 evidence: CB07's death of "Trần Thị Hường" typed
    "Tran Thị Hường" (one readable syllable bare) does not mark CB08's member of that name."""
    hường = clean_members()[1]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    others = [m for m in clean_members() if m["full_name"] != hường["full_name"]]
    death = _death("Tran Thị Hường", hường["birth_date"])
    a = write(tmp_path / "a", "a.xlsx", members=others, events=[*clean_events(), death])
    b = write(
        tmp_path / "b",
        "b.xlsx",
        info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8"),
        members=[{**hường, "row_no": 1}],
        events=[],
        years=[],
    )
    assert "event.left_in_other_file" not in codes(run(a, b).issues)
