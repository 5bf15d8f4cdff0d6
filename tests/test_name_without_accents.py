"""A change typed without accents (a PC without a Vietnamese keyboard, a pasted list) for a
person its file names with them: a person is one by name and birth date, and another tone is
another name (`vocab.person_name_key`), so "Le Van Cuong" and "Lê Văn Cường" were two people. A
death of a member still on the roll, or a death typed twice, was counted with no word (hunt44
C #2). Now the unaccented row is `event.name_without_accents`, naming the other row; nothing
is merged, and another tone typed with accents is still another person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers_validate import clean_events, clean_members, codes, only, run, write

from toolkit.core import layout
from toolkit.core.rules import RULES

CODE = "event.name_without_accents"


def _death(name: str, born: dt.date, row_no: int = 3) -> dict[str, object]:
    return {
        "row_no": row_no,
        "full_name": name,
        "birth_date": born,
        "event_type": "died",
        "event_date": dt.date(2026, 2, 15),
    }


def test_a_death_typed_without_accents_for_a_member_on_the_roll_is_said(tmp_path: Path) -> None:
    member = clean_members()[1]  # Trần Thị Hường, on the roll (row 3)
    path = write(tmp_path, events=[*clean_events(), _death("Tran Thi Huong", member["birth_date"])])
    issue = only(run(path).issues, CODE)
    assert RULES[CODE].severity == "warning"
    assert (issue.sheet, issue.cell) == (layout.SHEET_EVENTS, "B4")
    assert "“Tran Thi Huong”" in issue.message
    assert (
        "và “Trần Thị Hường” ở sheet “Đảng viên” dòng 3, cùng ngày sinh, chỉ khác nhau ở dấu" in issue.message
    )
    # Without personal data neither name is shown (the other one is a member's too).
    masked = issue.without_personal_data().message
    assert "Huong" not in masked and "Hường" not in masked and "dòng 3" in masked
    # Typed with its accents, the same row is the error it always was.
    (tmp_path / "co_dau").mkdir()
    accented = write(
        tmp_path / "co_dau", events=[*clean_events(), _death(member["full_name"], member["birth_date"])]
    )
    found = codes(run(accented).issues)
    assert "event.left_still_on_roll" in found and CODE not in found


def test_a_change_typed_twice_once_without_accents_is_said(tmp_path: Path) -> None:
    """The same change of one date typed again without accents may be that change typed twice
    or two people (hunt83 #5, hunt97): `event.duplicate_accents` quoting both spellings and
    both readings, a warning (deliberately no longer the error), not this warning as well."""
    first = clean_events()[1]  # Vũ Văn Phúc's death, row 3 of the sheet
    again = {**first, "row_no": 3, "full_name": "Vu Van Phuc"}
    path = write(tmp_path, events=[*clean_events(), again])
    issues = run(path).issues
    assert CODE not in codes(issues)
    assert "event.duplicate" not in codes(issues)
    issue = only(issues, "event.duplicate_accents")
    assert (issue.cell, issue.severity) == ("B4", "warning")
    assert "“Vu Van Phuc”, sinh 04/04/1940" in issue.message
    assert "dòng 3 ghi cùng biến động, cùng ngày cho “Vũ Văn Phúc”" in issue.message


def test_partly_accented_or_the_roll_unaccented_is_said_too(tmp_path: Path) -> None:
    """A change with some accents left out (“Tran Thị Huong”), and a roll typed without
    accents beside a change with them (hunt45 R1 #2): the same warning, at the change."""
    member = clean_members()[1]
    path = write(tmp_path, events=[*clean_events(), _death("Trần Thi Huong", member["birth_date"])])
    assert only(run(path).issues, CODE).cell == "B4"
    (tmp_path / "roll").mkdir()
    roll = [*clean_members()[:1], {**member, "full_name": "Tran Thi Huong"}, *clean_members()[2:]]
    path = write(
        tmp_path / "roll",
        members=roll,
        events=[*clean_events(), _death(member["full_name"], member["birth_date"])],
    )
    issue = only(run(path).issues, CODE)
    assert issue.cell == "B4" and "và “Tran Thi Huong” ở sheet “Đảng viên” dòng 3" in issue.message


def test_other_names_are_not_said_and_another_tone_is_said_neutrally(tmp_path: Path) -> None:
    """An unaccented name of another birth date is no one's. "Vũ Văn Phục" typed with its
    accents beside "Vũ Văn Phúc" may be another person or a slip (hunt78 #2, formerly not said):
    said neutrally at the later row."""
    phuc = clean_events()[1]
    rows = [
        *clean_events(),
        {**phuc, "row_no": 3, "full_name": "Vũ Văn Phục", "event_date": dt.date(2025, 8, 1)},
        _death("Vu Van Phuc", phuc["birth_date"] + dt.timedelta(days=1), row_no=4),
        _death("Nguyen Van Binh", dt.date(1950, 1, 1), row_no=5),
    ]
    said = [i for i in run(write(tmp_path, events=rows)).issues if i.code == CODE]
    assert [i.cell for i in said] == ["B4"], said
    assert "không cần sửa" in said[0].message
