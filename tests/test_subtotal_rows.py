"""The lines Data > Subtotals (Excel's and LibreOffice's) inserts into the member list (hunt135
F4): a count by a SUBTOTAL formula in one column ("=SUBTOTAL(3;$B$2:$B$7)") and the command's
label in the grouped one ("Cao cấp Count", "Grand Count"). Each was read as a member with nine
errors ("Chưa ghi. Hãy điền ô này.", "“Cao cấp Count” không có trong danh sách"), and nothing
said "subtotal". Now they are one warning, `file.subtotal_rows`, naming the rows and saying how
to remove them with the same command, and they are not read; a member's row is never one.

The workbooks are the real template (`helpers_validate.write`) with the lines inserted with
openpyxl, their counts made SUBTOTAL formulas with cached values as both programs save them.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
from helpers_validate import codes, only, with_formulas, write

from toolkit.core import layout
from toolkit.core.rules import RULES
from toolkit.io.reader import read_submission

M = layout.SHEET_MEMBERS
CODE = "file.subtotal_rows"
SPEC = layout.MEMBERS
NAME = SPEC.keys.index("full_name") + 1  # B
GROUPED = SPEC.keys.index("theory_level") + 1  # M, "Lý luận chính trị"


def folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def subtotaled(path: Path, label: str, grand: str, *, formulas: bool = True) -> tuple[Path, list[int]]:
    """The member list with a subtotal line inserted after its second member and a grand line
    under it, as Data > Subtotals writes them: the count in the name column, the label in the
    grouped one. Returns the file and the lines' Excel rows."""
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    last = ws.max_row
    ws.insert_rows(4)
    lines = [4, last + 2]
    ws.cell(4, NAME).value = 2
    ws.cell(4, GROUPED).value = label
    ws.cell(lines[1], NAME).value = last - 1
    ws.cell(lines[1], GROUPED).value = grand
    wb.save(path)
    if formulas:
        with_formulas(
            path,
            M,
            {"B4": "SUBTOTAL(3,$B$2:$B$3)", f"B{lines[1]}": f"SUBTOTAL(3,$B$2:$B${lines[1] - 1})"},
        )
    return path, lines


def test_the_lines_of_data_subtotals_are_one_warning_and_not_read(tmp_path: Path) -> None:
    plain = read_submission(write(folder(tmp_path / "plain")))
    path, lines = subtotaled(write(folder(tmp_path / "sub")), "Trung cấp Count", "Grand Count")
    sub = read_submission(path)
    issue = only(sub.issues, CODE)
    assert RULES[CODE].severity == "warning" and issue.severity == "warning"
    assert codes(sub.issues) == [CODE]  # no "Chưa ghi" down the lines, no other finding
    assert (issue.sheet, issue.cell, issue.value) == (M, "M4", "Trung cấp Count")
    assert issue.message == (
        f"Sheet “Đảng viên”, 2 dòng (dòng 4, {lines[1]}): Các dòng này là dòng tổng phụ mà lệnh "
        "Tổng phụ (Subtotal) của Excel hay LibreOffice chèn vào danh sách (ví dụ “Trung cấp "
        "Count”), không phải đảng viên, nên không được đọc và không được tính. Hãy xóa chúng bằng "
        "chính lệnh ấy: chọn một ô trong bảng rồi, trong Excel, chọn Dữ liệu → Tổng phụ → Loại bỏ "
        "tất cả (Data → Subtotal → Remove All); trong LibreOffice, chọn Data → Subtotals → Remove "
        "All. Công cụ tự đếm và cộng, biểu mẫu không cần các dòng này."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    assert sub.members is not None and plain.members is not None
    assert sub.members["full_name"].tolist() == plain.members["full_name"].tolist()


def test_subtotal_lines_pasted_as_values_are_known_by_their_label(tmp_path: Path) -> None:
    # The list copied and pasted as values: no formula left, the labels say what the lines are
    # (LibreOffice's Vietnamese "… Đếm", Excel's "Tổng cộng chung").
    path, lines = subtotaled(write(folder(tmp_path)), "Trung cấp Đếm", "Tổng cộng chung", formulas=False)
    sub = read_submission(path)
    assert codes(sub.issues) == [CODE]
    assert only(sub.issues, CODE).message.startswith(f"Sheet “Đảng viên”, 2 dòng (dòng 4, {lines[1]}): ")


def test_a_member_row_is_never_taken_for_a_subtotal_line(tmp_path: Path) -> None:
    # STT numbered with SUBTOTAL (the usual trick to number the rows a filter shows), and a
    # member with only a name ending as a label might ("Lê Văn Tổng") and a number: members.
    path = write(folder(tmp_path))
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    end = ws.max_row + 1
    ws.cell(end, NAME).value = "Lê Văn Tổng"
    ws.cell(end, SPEC.keys.index("note") + 1).value = 3
    wb.save(path)
    with_formulas(path, M, {"A2": "SUBTOTAL(3,$B$2:B2)", "A3": "SUBTOTAL(3,$B$2:B3)"})
    sub = read_submission(path)
    assert CODE not in codes(sub.issues)
    assert sub.members is not None and "Lê Văn Tổng" in sub.members["full_name"].tolist()
