"""A copy of a data sheet holding rows ("Đảng viên (2)", where a secretary went on with the
list, or an old list kept in the file) is said for what it is, `file.copied_sheet`: which sheet
it copies, how many rows are not read, that the ward's figures miss them if they count. It used
to be the general `file.extra_sheet` warning ("a sheet with data, not read"). It stays a
warning, as extra sheets are: an old list kept hidden in the file is a fair backup, and the
file is consolidated.

Other sheets with data stay the general warning: notes, a copy holding only its header
(nothing left out), and a data sheet renamed (its missing sheet is the error).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import codes, only, run, write, write_old

from toolkit.core import layout
from toolkit.core.rules import RULES
from toolkit.io.reader import read_submission

M, E, Y = layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_YEARS
CODE = "file.copied_sheet"


def copied(path: Path, sheet: str, title: str, *, rows: int | None = None, hidden: bool = False) -> Path:
    """`sheet` copied as `title` (with its first `rows` data rows only, when given)."""
    wb = openpyxl.load_workbook(path)
    ws = wb.copy_worksheet(wb[sheet])
    ws.title = title
    if rows is not None and ws.max_row > rows + 1:
        ws.delete_rows(rows + 2, ws.max_row - rows - 1)
    if hidden:
        ws.sheet_state = "hidden"
    wb.save(path)
    return path


def test_a_copy_of_the_members_sheet_with_rows_says_how_many_are_not_counted(tmp_path: Path) -> None:
    path = copied(write(tmp_path), M, "Đảng viên (2)", rows=3)
    result = run(path)
    issue = only(result.issues, CODE)
    assert RULES[CODE].severity == "warning" and issue.severity == "warning"
    assert (issue.sheet, issue.cell) == ("Đảng viên (2)", "A1")
    assert issue.message == (
        "Sheet “Đảng viên (2)” có cùng dòng tiêu đề với sheet “Đảng viên” và 3 dòng dữ liệu, nhưng chỉ "
        "sheet “Đảng viên” của biểu mẫu được đọc: các dòng ấy không được tính, số liệu tổng hợp sẽ thiếu. "
        "Hãy chép các dòng cần tính vào sheet “Đảng viên” rồi xóa sheet “Đảng viên (2)” (danh sách cũ cần "
        "giữ thì lưu sang tệp khác)."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    assert codes(result.issues) == [CODE]
    assert {f["file"]: f["status"] for f in result.files()} == {path.name: "warnings"}


def test_a_hidden_copy_of_the_changes_says_how_to_find_it(tmp_path: Path) -> None:
    issue = only(read_submission(copied(write(tmp_path), E, "Sheet1", hidden=True)).issues, CODE)
    assert issue.message.startswith(
        "Sheet “Sheet1” (đang bị ẩn: chuột phải vào tên một sheet, chọn Bỏ ẩn/Unhide để thấy) có cùng "
        "dòng tiêu đề với sheet “Biến động”"
    )


def test_a_copy_moved_right_is_found_from_its_first_column(tmp_path: Path) -> None:
    """The copy's cells are compared from column A: a copy whose table starts at B is no copy
    of the template's layout, only data on another sheet (the warning)."""
    path = copied(write(tmp_path), Y, "Năm 2025")
    wb = openpyxl.load_workbook(path)
    wb["Năm 2025"].insert_cols(1)
    wb.save(path)
    sub = read_submission(path)
    assert CODE not in codes(sub.issues) and only(sub.issues, "file.extra_sheet").cell == "B1"


def test_a_copy_of_the_old_templates_members_sheet_is_one_too(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    issue = only(read_submission(copied(write_old(tmp_path / "old"), M, "DS cũ", rows=2)).issues, CODE)
    assert "có cùng dòng tiêu đề với sheet “Đảng viên” và 2 dòng dữ liệu" in issue.message


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        # A copy holding its header only: nothing is left out.
        (lambda p: copied(p, M, "Mẫu trống", rows=0), "file.extra_sheet"),
        # Notes on a new sheet.
        (lambda p: _notes(p), "file.extra_sheet"),
    ],
)
def test_other_sheets_with_data_stay_the_warning(tmp_path: Path, make: object, expected: str) -> None:
    sub = read_submission(make(write(tmp_path)))  # type: ignore[operator]
    assert CODE not in codes(sub.issues)
    assert expected in codes(sub.issues) and not sub.has_errors


def _notes(path: Path) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("Ghi chú")
    ws["A1"] = "Họ và tên"
    ws["A2"] = "Đồng chí An xin chuyển sinh hoạt"
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("sheet", "title"),
    [
        (M, M + " "),  # a trailing space: Excel takes it as another name
        (M, unicodedata.normalize("NFD", M)),  # the same letters, decomposed (pasted from a Mac)
        (E, E + " "),
    ],
)
def test_a_copy_named_like_the_sheet_read_is_said_too(tmp_path: Path, sheet: str, title: str) -> None:
    """hunt117 F6: a second sheet named as a template's sheet up to spaces, case or Unicode form
    was taken for the template's own and skipped, though only one of the two is read: its rows
    (the current list, kept there) were left out without a word."""
    path = copied(write(tmp_path), sheet, title, rows=2)
    sub = read_submission(path)
    issue = only(sub.issues, CODE)
    assert issue.sheet == title
    assert f"với sheet “{sheet}” và 2 dòng dữ liệu" in issue.message
    # The two names look alike: the copy is told by its tab (the last, here) and how it differs.
    tabs = sum(ws.sheet_state == "visible" for ws in openpyxl.load_workbook(path).worksheets)
    assert issue.message.startswith(
        f"Sheet “{title}” (sheet thứ {tabs} tính từ trái; tên chỉ khác sheet “{sheet}” ở dấu cách, chữ "
        "hoa hay cách gõ dấu) có cùng dòng tiêu đề"
    ), issue.message
