"""A template sheet renamed ("Đảng viên" → "DS Đảng viên", hunt135 F6): the file was told
"Thiếu sheet “Đảng viên”. Không đổi tên hay xóa sheet của biểu mẫu; hãy chép số liệu sang biểu
mẫu gốc." and, for the same sheet, `file.extra_sheet` "hãy chép vào đúng sheet của biểu mẫu rồi
xóa sheet thừa": a file with no right sheet to copy into, and far more work than renaming the
tab back. Now a sheet not read whose first row is the missing sheet's header, or whose name
holds its name, is `file.renamed_sheet`: rename the tab back; and no `file.extra_sheet` for it.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
from helpers_validate import codes, only, write

from toolkit.core import layout
from toolkit.io.reader import read_submission

M = layout.SHEET_MEMBERS


def renamed(path: Path, sheet: str, title: str) -> Path:
    wb = openpyxl.load_workbook(path)
    wb[sheet].title = title
    wb.save(path)
    return path


def test_a_renamed_members_sheet_is_told_to_be_renamed_back(tmp_path: Path) -> None:
    sub = read_submission(renamed(write(tmp_path), M, "DS Đảng viên"))
    issue = only(sub.issues, "file.renamed_sheet")
    assert (issue.severity, issue.sheet) == ("error", "DS Đảng viên")
    assert issue.message == (
        "Thiếu sheet “Đảng viên”: sheet “DS Đảng viên” có lẽ chính là sheet ấy bị đổi tên, nên không "
        "được đọc. Hãy đổi tên sheet “DS Đảng viên” lại đúng là “Đảng viên” (bấm chuột phải vào tên "
        "sheet ở dưới cùng, chọn Đổi tên/Rename), rồi lưu và gửi lại tệp; không cần chép số liệu sang "
        "biểu mẫu khác."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    assert "file.extra_sheet" not in codes(sub.issues) and "file.missing_sheet" not in codes(sub.issues)


def test_a_sheet_holding_the_missing_sheets_header_is_that_sheet_renamed(tmp_path: Path) -> None:
    # Its name says nothing ("Sheet1"), its header row does.
    sub = read_submission(renamed(write(tmp_path), M, "Sheet1"))
    assert only(sub.issues, "file.renamed_sheet").sheet == "Sheet1"
    assert "file.extra_sheet" not in codes(sub.issues)


def test_a_sheet_deleted_with_another_sheet_of_data_added_is_still_missing(tmp_path: Path) -> None:
    # An own sheet of notes is no renamed template sheet: both findings as before.
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb.remove(wb[M])
    wb.create_sheet("Ghi chép")["A1"] = "Họp chi bộ ngày 5/3"
    wb.save(path)
    sub = read_submission(path)
    assert only(sub.issues, "file.missing_sheet").severity == "error"
    assert only(sub.issues, "file.extra_sheet").sheet == "Ghi chép"
    assert "file.renamed_sheet" not in codes(sub.issues)
