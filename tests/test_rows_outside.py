"""Rows of the list moved right of the table (a block cut and pasted at the wrong column, or
pushed right by "Insert cells → shift cells right") are not read: the members were dropped,
the file passed, and the only word was `file.extra_column`, whose advice is to move the text
into `Ghi chú` (hunt135 F3). A block with the shape of the sheet's rows is now an error,
`file.rows_outside`, naming the block and the columns to move it back to; ordinary notes typed
right of the table (a comment, a phone number, a tick, a listed member's name) stay the
warning.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from helpers_validate import clean_events, clean_members, member, run, write

from toolkit.core import layout
from toolkit.core.layout import get_column_letter
from toolkit.io.reader import read_submission

M, E = layout.SHEET_MEMBERS, layout.SHEET_EVENTS
CODE = "file.rows_outside"


def _moved_right(path: Path, sheet: str, rows: str, to: str) -> Path:
    """The rows `rows` ("3:4") of the table's columns moved to start at column `to`, as a cut
    and paste (or a "shift cells right" insertion) leaves them: their cells in the table empty."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    first, last = (int(r) for r in rows.split(":"))
    width = len({M: layout.MEMBERS, E: layout.EVENTS}[sheet].fields)
    block = f"A{first}:{get_column_letter(width)}{last}"
    ws.move_range(block, cols=openpyxl.utils.column_index_from_string(to) - 1)
    wb.save(path)
    return path


def test_member_rows_moved_right_are_an_error_naming_the_block_and_where_they_go(tmp_path: Path) -> None:
    path = write(tmp_path)
    before = read_submission(path)
    assert before.members is not None
    path = _moved_right(path, M, "3:4", "W")
    sub = read_submission(path)
    assert sub.members is not None and len(sub.members) == len(before.members) - 2
    (issue,) = [i for i in sub.issues if i.code == CODE]
    assert issue.severity == "error" and (issue.sheet, issue.cell) == (M, "W3")
    assert issue.message.startswith("Sheet “Đảng viên”, các cột W–AQ, dòng 3–4: ")
    assert "2 đảng viên này đang bị thiếu trong số liệu" in issue.message
    assert "về các cột A–U của bảng, vào các dòng trống (cột W về cột A “STT”)" in issue.message
    # No advice to move the members into “Ghi chú”.
    assert not [i for i in sub.issues if i.code == "file.extra_column"]
    assert CODE in [i.code for i in run(path).issues if i.is_error]


def test_member_rows_moved_right_without_their_row_number_are_found_too(tmp_path: Path) -> None:
    """B:U of a row pasted at Y: the name, not the STT, opens the block."""
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    ws.move_range("B5:U5", cols=23)  # B → Y
    ws["A5"] = None
    wb.save(path)
    (issue,) = [i for i in read_submission(path).issues if i.code == CODE]
    assert issue.cell == "Y5" and "các cột Y–AR, dòng 5:" in issue.message
    assert "(cột Y về cột B “Họ và tên”)" in issue.message


def test_an_event_row_moved_right_is_an_error_too(tmp_path: Path) -> None:
    path = _moved_right(write(tmp_path), E, "3:3", "M")
    sub = read_submission(path)
    assert sub.events is not None and len(sub.events) == 1
    (issue,) = [i for i in sub.issues if i.code == CODE]
    assert (issue.sheet, issue.cell, issue.severity) == (E, "M3", "error")
    assert "1 biến động này đang bị thiếu" in issue.message and "về các cột A–J của bảng" in issue.message


def test_notes_typed_right_of_the_table_stay_a_warning(tmp_path: Path) -> None:
    """A comment, a phone number, a tick, a name with a date (two cells, no more of a row), and
    a listed member's name, birth date and gender typed beside the list: notes, not rows."""
    members = clean_members()
    listed = members[0]
    path = write(tmp_path, members=members)
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    ws["V2"] = "Đã chuyển sinh hoạt tạm thời"
    ws["V3"] = "0912345678"
    ws["W4"] = "x"
    ws["V5"], ws["W5"] = "Trần Văn Bình", dt.date(1990, 1, 2)
    ws["X6"], ws["Y6"], ws["Z6"] = listed["full_name"], listed["birth_date"], "Nam"
    ws["AA6"] = "đã kiểm tra"
    wb.save(path)
    issues = run(path).issues
    assert CODE not in [i.code for i in issues]
    extra = [i for i in issues if i.code == "file.extra_column"]
    assert [i.cell for i in extra] == ["V2"] and "vào cột “Ghi chú”" in extra[0].message
    assert not [i for i in issues if i.is_error]


def test_a_list_pasted_right_beside_its_own_rows_is_no_loss(tmp_path: Path) -> None:
    """A copy of the list's rows beside it (copied, not cut): no member is missing."""
    names = ["Lê Văn Hai", "Lê Thị Ba"]
    path = write(tmp_path, members=[member(row_no=i + 1, full_name=n) for i, n in enumerate(names)])
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    for row in (2, 3):
        for col in range(1, 22):
            ws.cell(row, col + 22).value = ws.cell(row, col).value
    wb.save(path)
    issues = read_submission(path).issues
    assert CODE not in [i.code for i in issues]
    assert "file.extra_column" in [i.code for i in issues]


def _beside_row_3(path: Path, cells: dict[str, object]) -> Path:
    """The cells `cells` typed right of the table in row 3, a filled member row."""
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    for at, value in cells.items():
        ws[at] = value
    wb.save(path)
    return path


def _one_warning_and_consolidated(path: Path, cell: str) -> None:
    """No `file.rows_outside`, one `file.extra_column` at `cell`, the file read whole."""
    issues = run(path).issues
    assert CODE not in [i.code for i in issues]
    assert [(i.cell, i.severity) for i in issues if i.code == "file.extra_column"] == [(cell, "warning")]
    assert not [i for i in issues if i.is_error]
    sub = read_submission(path)
    assert sub.members is not None and len(sub.members) == len(clean_members())


def test_a_spouse_noted_beside_a_filled_member_row_stays_a_warning(tmp_path: Path) -> None:
    """review136 §4: a name, a birth date and a gender beside a listed member are a note (the
    member's spouse), not a moved row: the table's row 3 is filled."""
    path = write(tmp_path, members=clean_members())
    _beside_row_3(path, {"V3": "Trần Thị Hoa", "W3": dt.date(1985, 5, 1), "X3": "Nữ"})
    _one_warning_and_consolidated(path, "V3")


def test_a_numbered_introducer_beside_a_filled_member_row_stays_a_warning(tmp_path: Path) -> None:
    """review136 §4: "1 | Nguyễn Văn Tư | 01/06/2025", a numbered list of introducers."""
    path = write(tmp_path, members=clean_members())
    _beside_row_3(path, {"V3": 1, "W3": "Nguyễn Văn Tư", "X3": dt.date(2025, 6, 1)})
    _one_warning_and_consolidated(path, "V3")


def test_a_name_and_two_dates_beside_a_filled_member_row_stay_a_warning(tmp_path: Path) -> None:
    """review136 §4: a name and a date with another date further right (AC3)."""
    path = write(tmp_path, members=clean_members())
    _beside_row_3(path, {"V3": "Nguyễn Văn Tư", "W3": dt.date(2025, 6, 1), "AC3": dt.date(2025, 7, 1)})
    issues = run(path).issues
    assert CODE not in [i.code for i in issues]
    assert {i.severity for i in issues if i.code == "file.extra_column"} == {"warning"}
    assert not [i for i in issues if i.is_error]
    sub = read_submission(path)
    assert sub.members is not None and len(sub.members) == len(clean_members())


def test_a_cell_right_of_a_moved_block_is_still_an_extra_column(tmp_path: Path) -> None:
    """review136 §6: rows 3–4 moved to W–AQ and "đã kiểm tra" typed in AR3, right of the block:
    the block is `file.rows_outside`, AR3 is not part of it and is `file.extra_column`."""
    path = _moved_right(write(tmp_path), M, "3:4", "W")
    wb = openpyxl.load_workbook(path)
    wb[M]["AR3"] = "đã kiểm tra"
    wb.save(path)
    issues = read_submission(path).issues
    (issue,) = [i for i in issues if i.code == CODE]
    assert issue.cell == "W3" and "các cột W–AQ, dòng 3–4:" in issue.message
    (extra,) = [i for i in issues if i.code == "file.extra_column"]
    assert extra.cell == "AR3" and extra.message.startswith("Sheet “Đảng viên”, cột AR: ")


def test_a_row_moved_right_with_its_row_number_left_in_the_table_is_found(tmp_path: Path) -> None:
    """B:U of row 5 pasted at Y, the STT left in A5: the table row's identity cells (name,
    birth date, card number) are empty, the STT does not count (review136)."""
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb[M].move_range("B5:U5", cols=23)  # B → Y
    wb.save(path)
    (issue,) = [i for i in read_submission(path).issues if i.code == CODE]
    assert issue.cell == "Y5" and "các cột Y–AR, dòng 5:" in issue.message


def _moved_right_and_typed_into(tmp_path: Path) -> tuple[Path, int]:
    """Rows 3–4 moved right to W, then two new members typed into the emptied table rows
    (review137); returns the file and how many members its table holds."""
    members = clean_members()
    path = _moved_right(write(tmp_path, members=members), M, "3:4", "W")
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    for row, name in ((3, "Người Mới Ba"), (4, "Người Mới Bốn")):
        for col in range(1, len(layout.MEMBERS.fields) + 1):
            ws.cell(row, col).value = ws.cell(row, col + 22).value
        ws.cell(row, 2).value = name
        ws.cell(row, 5).value = f"9900{row}"
    wb.save(path)
    return path, len(members)


def test_rows_moved_right_and_their_table_rows_typed_into_again_are_still_an_error(tmp_path: Path) -> None:
    """review137: rows 3–4 cut to W (or pushed right by "shift cells right"), and two new
    members then typed into the emptied table rows: the moved rows have a whole row's shape
    (every telling cell fitting its column), so they are still `file.rows_outside`, not notes
    beside filled rows; the file read has the two new members, the moved two are named."""
    path, count = _moved_right_and_typed_into(tmp_path)
    sub = read_submission(path)
    assert sub.members is not None and len(sub.members) == count
    (issue,) = [i for i in sub.issues if i.code == CODE]
    assert issue.severity == "error" and issue.cell == "W3" and "dòng 3–4" in issue.message


# --- hunt135 F2/F3: a person moved right of the table is not "missing" from the other sheet -----

NEWCOMER = {  # admitted in the period and on no roll: said missing whatever is moved
    "row_no": 3,
    "full_name": "Đỗ Văn Mới",
    "birth_date": dt.date(1995, 3, 4),
    "event_type": "admitted",
    "event_date": dt.date(2025, 11, 2),
}


def test_an_admitted_member_moved_right_of_the_table_is_not_said_missing_from_it(tmp_path: Path) -> None:
    """Hoàng Văn Em (admitted 01/10/2025, Biến động row 2) is the member row 6 moved to W6:
    `file.rows_outside` names the block to move back; `event.joined_not_on_roll` ("… không có
    trong sheet “Đảng viên” … Hãy thêm đảng viên này") would have him typed twice. Another
    admitted person on no roll (Đỗ Văn Mới) is still said missing."""
    path = _moved_right(write(tmp_path, events=[*clean_events(), NEWCOMER]), M, "6:6", "W")
    issues = run(path).issues
    (moved,) = [i for i in issues if i.code == CODE]
    assert (moved.cell, moved.severity) == ("W6", "error")
    missing = [i for i in issues if i.code == "event.joined_not_on_roll"]
    assert [i.cell for i in missing] == ["B4"]
    assert "Hoàng Văn Em" not in " ".join(i.message for i in issues if i.code.startswith("event."))


def test_an_admission_row_moved_right_of_the_table_is_not_said_missing(tmp_path: Path) -> None:
    """Hoàng Văn Em's `Kết nạp` row (Biến động row 2) moved to M2: `file.rows_outside` says to
    move it back; `event.admission_missing` ("… không có dòng “Kết nạp” … Hãy thêm dòng kết
    nạp") would have it typed twice."""
    path = _moved_right(write(tmp_path), E, "2:2", "M")
    issues = run(path).issues
    (moved,) = [i for i in issues if i.code == CODE]
    assert (moved.sheet, moved.cell) == (E, "M2")
    assert "event.admission_missing" not in [i.code for i in issues]
    # A moved row of his name born a day later is another person's (matched by name and birth
    # date, as the sheets are): his admission is still missing.
    (tmp_path / "other").mkdir()
    events = [{**clean_events()[0], "birth_date": dt.date(2000, 8, 9)}, clean_events()[1]]
    other = _moved_right(write(tmp_path / "other", events=events), E, "2:2", "M")
    issues = run(other).issues
    assert CODE in [i.code for i in issues]
    assert [i.cell for i in issues if i.code == "event.admission_missing"] == ["H6"]


# --- fix142: dates typed as text in the moved block -------------------------------------------------


def _dates_as_text(path: Path, sheet: str, cells: str) -> Path:
    """Every date of the range `cells` ("W3:AQ4") typed as text ("12/05/1975") in a
    text-formatted cell, as a secretary's list often holds them; the reader reads such a text as
    the date (`normalize.parse_date`)."""
    wb = openpyxl.load_workbook(path)
    for row in wb[sheet][cells]:
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.value, cell.number_format = cell.value.strftime("%d/%m/%Y"), "@"
    wb.save(path)
    return path


def test_member_rows_moved_right_with_their_dates_typed_as_text_are_an_error(tmp_path: Path) -> None:
    """Rows 3–4 moved to W–AQ, their birth dates (and the other dates) texts: the block is
    `file.rows_outside`, not `file.extra_column` warnings that lose the two members."""
    path = _dates_as_text(_moved_right(write(tmp_path), M, "3:4", "W"), M, "W3:AQ4")
    wb = openpyxl.load_workbook(path)
    assert wb[M]["Y3"].value == "03/11/1982" and wb[M]["Y4"].value == "20/01/1950"
    issues = run(path).issues
    (issue,) = [i for i in issues if i.code == CODE]
    assert (issue.cell, issue.severity) == ("W3", "error") and "các cột W–AQ, dòng 3–4:" in issue.message
    assert "file.extra_column" not in [i.code for i in issues]


def test_rows_moved_right_with_text_dates_and_their_table_rows_typed_into_are_an_error(
    tmp_path: Path,
) -> None:
    """review137's case (new members typed into the emptied rows) with the moved dates texts:
    a whole row's shape, so still `file.rows_outside`."""
    path, _ = _moved_right_and_typed_into(tmp_path)
    _dates_as_text(path, M, "W3:AQ4")
    (issue,) = [i for i in read_submission(path).issues if i.code == CODE]
    assert issue.cell == "W3" and "dòng 3–4" in issue.message


def test_a_spouse_with_a_text_birth_date_beside_a_filled_member_row_stays_a_warning(tmp_path: Path) -> None:
    """review136 §4's spouse note with her birth date typed as text: still a note."""
    path = write(tmp_path, members=clean_members())
    _beside_row_3(path, {"V3": "Trần Thị Hoa", "W3": "01/05/1985", "X3": "Nữ"})
    _one_warning_and_consolidated(path, "V3")


def test_an_admitted_member_moved_right_with_a_text_birth_date_is_not_said_missing(tmp_path: Path) -> None:
    """fix142 with the person check: the moved member's birth date, a text, is read as the
    date it names, and matches his `Kết nạp` row."""
    path = _dates_as_text(_moved_right(write(tmp_path), M, "6:6", "W"), M, "W6:AQ6")
    issues = run(path).issues
    assert [i.cell for i in issues if i.code == CODE] == ["W6"]
    assert "event.joined_not_on_roll" not in [i.code for i in issues]


def test_an_event_row_moved_right_with_text_dates_is_an_error(tmp_path: Path) -> None:
    path = _dates_as_text(_moved_right(write(tmp_path), E, "2:2", "M"), E, "M2:V2")
    issues = run(path).issues
    assert [(i.sheet, i.cell) for i in issues if i.code == CODE] == [(E, "M2")]
    assert "event.admission_missing" not in [i.code for i in issues]
