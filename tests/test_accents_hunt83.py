"""A change matched to a member of its file by accents alone (hunt83).

hunt78 #1 made a change typed with fewer marks than one member's name (one file, one birth
date) that member's. But two people of one birth date whose names differ by a mark exist
(twins: Hoa and Hòa), so such a match never makes an error: a leaving change matched so, the
member still on the roll, is `event.left_still_on_roll_accents`, a warning quoting both
spellings, and the file is consolidated, counted as it would be without the match (#1). Only a
change with FEWER marks than the member's name is matched (“Lê Thị Hóa” is not “Lê Thị Hoa”'s).
And rows are matched before each person's latest change is picked, so a member who left and
came back, each row missing another mark, is one timeline (#2).

Real workbooks written through the template, validated and consolidated by the pipeline.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers_validate import CUTOFF, PERIOD_START, clean_events, clean_members, codes, member, run, write

from toolkit.pipeline import consolidate

CODE = "event.left_still_on_roll_accents"
TWIN_BORN = dt.date(1960, 9, 9)


def _change(
    name: str, born: dt.date, kind: str, on: dt.date, row_no: int, **more: object
) -> dict[str, object]:
    row = {"row_no": row_no, "full_name": name, "birth_date": born, "event_type": kind, "event_date": on}
    return {**row, **more}


def _with(members: list[dict[str, object]], changes: list[dict[str, object]], folder: Path) -> Path:
    rows = [*clean_members(), *({**m, "row_no": 6 + i} for i, m in enumerate(members))]
    return write(folder, members=rows, events=[*clean_events(), *changes])


def _consolidated(path: Path) -> dict[str, int | float]:
    """The organisation's indicators when `path`, alone in its folder, is consolidated."""
    result = consolidate([path.parent], cutoff=CUTOFF, since=PERIOD_START)
    [org] = result.organisations
    assert org.status == "consolidated", (org.status, org.reason)
    return org.indicators


def test_a_twins_death_beside_the_living_twin_is_a_warning_and_the_file_counted(tmp_path: Path) -> None:
    """(hunt83 #1, S4) "Nguyễn Văn Hoa" died; his twin "Nguyễn Văn Hòa" is on the roll. The
    death is not an error that cannot be cleared: a warning at the member quoting both names
    and rows, saying what to do if one person and that twins need nothing; the file is
    consolidated with the death counted and the living twin on the roll."""
    hòa = member(full_name="Nguyễn Văn Hòa", birth_date=TWIN_BORN, card_no=None)
    death = _change("Nguyễn Văn Hoa", TWIN_BORN, "died", dt.date(2026, 2, 1), 3)
    path = _with([hòa], [death], tmp_path)
    issues = run(path).issues
    found = codes(issues)
    assert "event.left_still_on_roll" not in found, found
    [said] = [i for i in issues if i.code == CODE]
    assert (said.severity, said.sheet, said.cell) == ("warning", "Đảng viên", "B7"), said
    assert (
        "“Nguyễn Văn Hòa”, sinh 09/09/1960, còn trong danh sách đảng viên, và “Nguyễn Văn Hoa” có biến "
        "động “Từ trần” ngày 01/02/2026 (sheet “Biến động”, dòng 4): cùng ngày sinh, họ tên chỉ khác "
        "nhau ở dấu." in said.message
    ), said.message
    assert "Nếu là hai người khác nhau (ví dụ anh chị em sinh đôi), không cần sửa." in said.message
    masked = said.without_personal_data().message
    assert "Hòa" not in masked and "Hoa" not in masked and "Từ trần" not in masked, masked
    indicators = _consolidated(path)
    assert indicators["members.total"] == 6 and indicators["period.died"] == 1, indicators


def test_a_change_with_more_marks_than_the_member_is_not_theirs(tmp_path: Path) -> None:
    """(hunt83 #1, S4b) "Lê Thị Hóa" moved out; "Lê Thị Hoa" of the same birth date is on the
    roll. The change has a mark the member's name lacks: not hers (design: a change whose marks
    are a subset of the member's name), so neither the error nor the accents' warning; the pair
    is still said neutrally."""
    hoa = member(full_name="Lê Thị Hoa", birth_date=TWIN_BORN, gender="female", card_no=None)
    out = _change(
        "Lê Thị Hóa", TWIN_BORN, "transfer_out", dt.date(2026, 2, 1), 3, transfer_scope="other_province"
    )
    found = codes(run(_with([hoa], [out], tmp_path)).issues)
    assert "event.left_still_on_roll" not in found and CODE not in found, found
    assert "event.name_without_accents" in found, found


def test_out_and_back_each_missing_another_mark_is_one_timeline(tmp_path: Path) -> None:
    """(hunt83 #2, S3b) "Trần Ba Luân" moved out on 10/01, "Tran Bá Luân" moved back on 01/03;
    the roll has "Trần Bá Luân". Both rows are his, so his latest change is the return: no
    error, no accents' warning, no `event.joined_not_on_roll`; the pairs are said neutrally."""
    born = dt.date(1984, 12, 6)
    luân = member(full_name="Trần Bá Luân", birth_date=born, card_no=None)
    scope = {"transfer_scope": "other_province"}
    out = _change("Trần Ba Luân", born, "transfer_out", dt.date(2026, 1, 10), 3, **scope)
    back = _change("Tran Bá Luân", born, "transfer_in", dt.date(2026, 3, 1), 4, **scope)
    path = _with([luân], [out, back], tmp_path)
    found = codes(run(path).issues)
    assert "event.left_still_on_roll" not in found and CODE not in found, found
    assert "event.joined_not_on_roll" not in found, found
    assert "event.name_without_accents" in found, found
    _consolidated(path)


def test_a_death_typed_with_a_mark_left_out_is_the_accents_warning(tmp_path: Path) -> None:
    """(hunt78 #1 case) a death typed "Tran Bá Luân" beside the roll's "Trần Bá Luân": the
    match is by accents alone, so the warning, not the error; the file is consolidated."""
    born = dt.date(1984, 12, 6)
    luân = member(full_name="Trần Bá Luân", birth_date=born, card_no=None)
    path = _with([luân], [_change("Tran Bá Luân", born, "died", dt.date(2026, 2, 1), 3)], tmp_path)
    issues = run(path).issues
    assert "event.left_still_on_roll" not in codes(issues), codes(issues)
    [said] = [i for i in issues if i.code == CODE]
    assert "“Trần Bá Luân”" in said.message and "“Tran Bá Luân”" in said.message, said.message
    assert _consolidated(path)["members.total"] == 6


def test_the_name_typed_as_the_members_stays_the_error(tmp_path: Path) -> None:
    """The exact name: `event.left_still_on_roll`, an error, as before."""
    born = dt.date(1984, 12, 6)
    luân = member(full_name="Trần Bá Luân", birth_date=born, card_no=None)
    path = _with([luân], [_change("Trần Bá Luân", born, "died", dt.date(2026, 2, 1), 3)], tmp_path)
    issues = run(path).issues
    [left] = [i for i in issues if i.code == "event.left_still_on_roll"]
    assert left.severity == "error" and CODE not in codes(issues)
