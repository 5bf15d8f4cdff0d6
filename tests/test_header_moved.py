"""A table moved from where the template puts it is one error that says what to delete or
restore (`file.header_moved`), not one `file.header` error per header cell.

Secretaries type a title above the list, insert a column before it or into it ("Quê quán"),
delete one, or insert a row among the `Thông tin` labels. Each header cell was then wrong:
21 errors on `Đảng viên`, each saying its header should be another, none saying that the table
was two rows lower; on `Thông tin` also a "chưa ghi" error at every required value.

The workbooks are the real template (`helpers_validate.write`), changed with openpyxl as Excel
changes them (rows and columns inserted or deleted, not only values overwritten).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import codes, member, only, run, write
from libreoffice import convert
from openpyxl.workbook import Workbook

from toolkit.core import layout
from toolkit.core.rules import RULES
from toolkit.io.reader import read_submission

M, E, Y, INFO = layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_YEARS, layout.SHEET_INFO
CODE = "file.header_moved"
TAIL = " Đến khi đó, số liệu của sheet này không được đọc (mọi ô được tìm theo đúng vị trí của biểu mẫu gốc)."


def changed(path: Path, change: Callable[[Workbook], None]) -> Path:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def moved_issue(path: Path, sheet: str) -> tuple[str | None, str]:
    """The one error of the file, which is the moved table's: its cell and message."""
    result = run(path)
    errors = [i for i in result.issues if i.is_error]
    assert codes(errors) == [CODE], codes(result.issues)
    issue = errors[0]
    assert (issue.sheet, issue.severity, issue.file) == (sheet, "error", path.name)
    assert unicodedata.is_normalized("NFC", issue.message)
    assert issue.message.endswith(TAIL)
    return issue.cell, issue.message.removesuffix(TAIL)


def title_above(wb: Workbook) -> None:
    ws = wb[M]
    ws.insert_rows(1, 2)
    ws["A1"] = "DANH SÁCH ĐẢNG VIÊN CHI BỘ TỔ DÂN PHỐ SỐ 7"


def test_a_title_typed_above_the_list_is_one_error_naming_the_rows_to_delete(tmp_path: Path) -> None:
    path = changed(write(tmp_path), title_above)
    cell, message = moved_issue(path, M)
    assert cell == "A3"
    assert message == (
        "Sheet “Đảng viên”, ô A3: Dòng tiêu đề đang ở dòng 3, không phải dòng 1 (có 2 dòng được chèn "
        "phía trên). Hãy xóa dòng 1–2 (tên bảng không cần ghi: biểu mẫu đã có tên sheet)."
    )
    sub = read_submission(path)
    assert sub.members is None and not sub.readable
    assert "file.header" not in codes(sub.issues)


def test_a_column_inserted_before_the_events_says_delete_it_and_no_admission_is_missing(
    tmp_path: Path,
) -> None:
    """The clean file's members admitted in the period have their `Kết nạp` rows in `Biến động`:
    with that sheet unread, they must not be said to lack them."""
    (tmp_path / "control").mkdir()
    (tmp_path / "moved").mkdir()
    assert "event.admission_missing" in codes(run(write(tmp_path / "control", events=[])).issues)
    path = changed(write(tmp_path / "moved"), lambda wb: wb[E].insert_cols(1))
    cell, message = moved_issue(path, E)
    assert cell == "B1"
    assert message == (
        "Sheet “Biến động”, ô B1: Bảng đang bắt đầu từ cột B, không phải cột A (có 1 cột được chèn bên "
        "trái). Hãy xóa cột A."
    )
    assert "event.admission_missing" not in codes(run(path).issues)


def _rows_and_columns_before(wb: Workbook) -> None:
    wb[Y].insert_cols(1, 2)
    wb[Y].insert_rows(1)


def _column_inserted(wb: Workbook) -> None:
    wb[M].insert_cols(4)
    wb[M]["D1"] = "Quê quán"
    wb[M]["D2"] = "Hải Dương"


def _title_above_information(wb: Workbook) -> None:
    wb[INFO].insert_rows(1)
    wb[INFO]["A1"] = "THÔNG TIN CHI BỘ"


def _row_among_the_labels(wb: Workbook) -> None:
    wb[INFO].insert_rows(7)
    wb[INFO]["A7"] = "Phó bí thư"
    wb[INFO]["B7"] = "Trần Văn Cường"


def _header_emptied(wb: Workbook) -> None:
    for col in range(1, len(layout.MEMBERS.fields) + 1):
        wb[M].cell(1, col).value = None


# (how the table moved, its sheet, the cell said, the message without `TAIL`). On `Thông tin`
# the one error is also the only one: no "chưa ghi" at the values its labels left unread.
MOVES = {
    "rows and columns before a table": (
        _rows_and_columns_before,
        Y,
        "C2",
        "Sheet “Số liệu năm”, ô C2: Bảng đang bắt đầu từ ô C2, không phải ô A1 (có 1 dòng được chèn "
        "phía trên và 2 cột được chèn bên trái). Hãy xóa dòng 1 và cột A–B (tên bảng không cần ghi: "
        "biểu mẫu đã có tên sheet).",
    ),
    "a column inserted into the list, named with its header": (
        _column_inserted,
        M,
        "D1",
        "Sheet “Đảng viên”, ô D1: Cột D (“Quê quán”) được chèn vào giữa bảng, nên các cột từ “Giới tính” "
        "trở đi bị lệch sang phải một cột. Hãy chuyển nội dung cột D sang cột “Ghi chú” nếu cần, rồi "
        "xóa cột D.",
    ),
    "a column deleted from the list": (
        lambda wb: wb[M].delete_cols(4),
        M,
        "D1",
        "Sheet “Đảng viên”, ô D1: Cột “Giới tính” (cột D của biểu mẫu) đã bị xóa, nên các cột sau nó bị "
        "lệch sang trái một cột. Hãy chèn lại cột D với tiêu đề “Giới tính” rồi điền lại nội dung của nó.",
    ),
    "a row inserted above the information": (
        _title_above_information,
        INFO,
        "A2",
        "Sheet “Thông tin”, ô A2: Các mục đang bắt đầu từ dòng 2, không phải dòng 1 (có 1 dòng được chèn "
        "phía trên). Hãy xóa dòng 1.",
    ),
    "a row inserted among the information labels": (
        _row_among_the_labels,
        INFO,
        "A7",
        "Sheet “Thông tin”, ô A7: Dòng 7 (“Phó bí thư”) được chèn vào giữa các mục, nên các mục từ "
        "“Điện thoại” trở đi bị lệch xuống một dòng. Hãy xóa dòng 7.",
    ),
    "a row deleted from the information": (
        lambda wb: wb[INFO].delete_rows(7),
        INFO,
        "A7",
        "Sheet “Thông tin”, ô A7: Mục “Điện thoại” (dòng 7 của biểu mẫu) đã bị xóa, nên các mục sau nó "
        "bị lệch lên một dòng. Hãy chèn lại dòng 7 với tiêu đề “Điện thoại” rồi điền lại nội dung của nó.",
    ),
    "an emptied header row": (
        _header_emptied,
        M,
        "A1",
        "Sheet “Đảng viên”, ô A1: Dòng 1 đang trống: dòng tiêu đề của biểu mẫu đã bị xóa. Hãy chép lại "
        "dòng tiêu đề từ biểu mẫu gốc vào dòng 1.",
    ),
}


@pytest.mark.parametrize("move", list(MOVES))
def test_each_way_a_table_moves_is_one_error_that_says_what_to_do(tmp_path: Path, move: str) -> None:
    change, sheet, cell, message = MOVES[move]
    assert moved_issue(changed(write(tmp_path), change), sheet) == (cell, message)


def test_a_header_row_deleted_under_the_list_is_one_error_that_quotes_no_member(tmp_path: Path) -> None:
    """Row 1 deleted: the first member's row is where the header was. Nothing of it is quoted
    (it is a member's name and birth date)."""
    path = changed(write(tmp_path), lambda wb: wb[M].delete_rows(1))
    first = openpyxl.load_workbook(path)[M]["B1"].value
    cell, message = moved_issue(path, M)
    assert cell == "A1"
    assert message == (
        "Sheet “Đảng viên”, ô A1: Dòng 1 không có tiêu đề nào của biểu mẫu: có lẽ dòng tiêu đề đã bị xóa "
        "hoặc bị ghi đè bằng nội dung khác. Hãy chèn lại dòng tiêu đề từ biểu mẫu gốc vào dòng 1."
    )
    assert first and first not in message


@pytest.mark.parametrize(
    ("change", "cells"),
    [
        # Two columns swapped: each header is in another's place, nothing moved.
        (lambda ws: (ws.__setitem__("D1", "Dân tộc"), ws.__setitem__("E1", "Giới tính")), ["D1", "E1"]),
        # One header renamed.
        (lambda ws: ws.__setitem__("G1", "Số thẻ"), ["G1"]),
        # The last header deleted: nothing after it moved.
        (lambda ws: ws.__setitem__("U1", None), ["U1"]),
    ],
)
def test_headers_changed_in_place_are_still_said_cell_by_cell(
    tmp_path: Path, change: Callable[[object], None], cells: list[str]
) -> None:
    path = changed(write(tmp_path), lambda wb: change(wb[M]))
    sub = read_submission(path)
    assert CODE not in codes(sub.issues)
    assert [i.cell for i in sub.issues if i.code == "file.header"] == cells


def test_a_header_in_place_with_a_renamed_cell_is_not_moved_to_a_header_pasted_below(tmp_path: Path) -> None:
    """Row 1 holds the header with one cell renamed, and another list's header (the
    template's, whole) was pasted at row 5: the table did not move, one cell changed."""

    def change(wb: Workbook) -> None:
        ws = wb[M]
        ws.insert_rows(5)
        for col, cell in enumerate(ws[1], start=1):
            ws.cell(5, col).value = cell.value
        ws["G1"] = "Số thẻ"

    sub = read_submission(changed(write(tmp_path), change))
    assert CODE not in codes(sub.issues)
    assert [i.cell for i in sub.issues if i.code == "file.header"] == ["G1"]


def test_the_rule_is_an_error_in_the_catalogue() -> None:
    assert RULES[CODE].severity == "error"


@pytest.mark.slow
def test_a_title_above_the_list_resaved_by_libreoffice_is_the_same_error(tmp_path: Path) -> None:
    """LibreOffice, an office program we did not write, re-saves the workbook with the title
    rows (its own cell styles, shared strings, row records): the same one error."""
    (tmp_path / "src").mkdir()
    path = changed(write(tmp_path / "src"), title_above)
    (saved,) = convert([path], "xlsx", tmp_path / "lo")
    issue = only(read_submission(saved).issues, CODE)
    assert (issue.sheet, issue.cell) == (M, "A3")
    assert "file.header" not in codes(read_submission(saved).issues)


# --------------------------------------------------------------------------------------------
# A list sorted together with its header row (Excel's Sort with "My data has headers" unticked,
# or run from A1): the header lands among the rows. The rows above it are data, and the error
# used to call them "inserted above" and say to delete them: doing so lost them in silence.
# --------------------------------------------------------------------------------------------


def _values(ws: object) -> list[list[object]]:
    return [[c.value for c in row] for row in ws.iter_rows()]  # type: ignore[attr-defined]


def _put(ws: object, rows: list[list[object]]) -> None:
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row, start=1):
            ws.cell(i, j).value = v  # type: ignore[attr-defined]


def sorted_with_header(sheet: str, column: int, *, reverse: bool) -> Callable[[Workbook], None]:
    """The sheet's rows, header included, sorted on one column as Excel sorts (numbers before
    text); the cells only, as the repro in the field did."""

    def key(row: list[object]) -> tuple[int, str | float]:
        v = row[column]
        return (0, float(v)) if isinstance(v, int | float) else (1, str(v or "").casefold())

    def change(wb: Workbook) -> None:
        ws = wb[sheet]
        _put(ws, sorted(_values(ws), key=key, reverse=reverse))

    return change


def header_back_to_row_1(wb: Workbook, sheet: str, row: int) -> None:
    """What the message says: cut the header's row and insert it above row 1."""
    ws = wb[sheet]
    rows = _values(ws)
    _put(ws, [rows[row - 1], *rows[: row - 1], *rows[row:]])


# (the sort, its sheet, the header's row after it)
SORTS = {
    "members sorted Z→A by name": (sorted_with_header(M, 1, reverse=True), M, 5),
    "changes sorted Z→A by name": (sorted_with_header(E, 1, reverse=True), E, 2),
    "years sorted by year, numbers first": (sorted_with_header(Y, 0, reverse=False), Y, 3),
}


@pytest.mark.parametrize("sort", list(SORTS))
def test_a_list_sorted_with_its_header_says_to_move_the_header_back_never_to_delete_the_rows_above(
    tmp_path: Path, sort: str
) -> None:
    change, sheet, at = SORTS[sort]
    (tmp_path / "clean").mkdir()
    clean = read_submission(write(tmp_path / "clean"))
    path = changed(write(tmp_path), change)
    cell, message = moved_issue(path, sheet)
    assert cell == f"A{at}"
    above = "dòng 1" if at == 2 else f"dòng 1\u2013{at - 1}"
    # The two years sort the header last: under the data, not among it (hunt135 F6).
    where = (
        "nằm dưới tất cả các dòng số liệu"
        if sheet == Y
        else "nằm giữa các dòng số liệu (phía trên nó cũng có số liệu)"
    )
    assert message == (
        f"Sheet “{sheet}”, ô A{at}: Dòng tiêu đề đang ở dòng {at}, {where}: "
        "có lẽ bảng đã được sắp xếp cùng với dòng tiêu đề. Hãy hoàn tác việc sắp xếp "
        f"(Ctrl+Z) nếu còn được, hoặc chuyển dòng tiêu đề về dòng 1: cắt dòng {at}, bấm chuột phải vào "
        "dòng 1 và chọn “Chèn ô đã cắt” (Insert Cut Cells). "
        f"Đừng xóa {above}: trong đó có số liệu, xóa đi sẽ mất. Khi sắp xếp lại, hãy đánh dấu "
        "“Dữ liệu có tiêu đề” (My data has headers)."
    )
    assert "Hãy xóa" not in message
    # Until then the sheet is not read, and the file not taken: nothing counted short.
    assert not read_submission(path).readable
    # Doing what it says reads every row again (the order of the rows is no matter).
    changed(path, lambda wb: header_back_to_row_1(wb, sheet, at))
    sub = read_submission(path)
    assert CODE not in codes(sub.issues)
    frames = {M: (sub.members, clean.members), E: (sub.events, clean.events), Y: (sub.years, clean.years)}
    now, before = frames[sheet]
    assert now is not None and before is not None and len(now) == len(before) > 0


def test_a_header_sorted_far_down_a_long_list_is_found_there(tmp_path: Path) -> None:
    """Sorted in at row 30, beyond the rows searched for a title: not "row 1 has no header,
    perhaps it was deleted", but where it is and that the rows above are members."""
    members = [
        member(row_no=i, full_name=f"Nguyễn Văn {chr(ord('A') + i % 26)}", card_no=f"{1234500 + i:08d}")
        for i in range(1, 41)
    ]

    def change(wb: Workbook) -> None:
        rows = _values(wb[M])
        _put(wb[M], [*rows[1:30], rows[0], *rows[30:]])

    path = changed(write(tmp_path, members=members), change)
    issue = only(read_submission(path).issues, CODE)
    assert issue.cell == "A30"
    assert "Dòng tiêu đề đang ở dòng 30, nằm giữa các dòng số liệu" in issue.message
    assert "Đừng xóa dòng 1–29" in issue.message and "Hãy xóa" not in issue.message


def test_a_title_block_of_two_cells_a_line_is_still_rows_to_delete(tmp_path: Path) -> None:
    """An official list's heading: the party committee left, the Party's name right, then the
    title. Two cells a line are no member row: the advice stays "delete the rows above"."""

    def change(wb: Workbook) -> None:
        ws = wb[M]
        ws.insert_rows(1, 3)
        ws["A1"], ws["H1"] = "ĐẢNG BỘ PHƯỜNG HẢI TÂN", "ĐẢNG CỘNG SẢN VIỆT NAM"
        ws["A2"], ws["H2"] = "CHI BỘ TỔ DÂN PHỐ SỐ 7", "Hải Dương, ngày 2 tháng 4 năm 2026"
        ws["A3"] = "DANH SÁCH ĐẢNG VIÊN"

    cell, message = moved_issue(changed(write(tmp_path), change), M)
    assert (cell, message) == (
        "A4",
        "Sheet “Đảng viên”, ô A4: Dòng tiêu đề đang ở dòng 4, không phải dòng 1 (có 3 dòng được chèn "
        "phía trên). Hãy xóa dòng 1–3 (tên bảng không cần ghi: biểu mẫu đã có tên sheet).",
    )


def test_a_column_inserted_before_the_list_and_filled_says_to_keep_what_it_holds(tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        ws = wb[M]
        ws.insert_cols(1)
        ws["A1"], ws["A2"], ws["A3"] = "Tổ", "Tổ 1", "Tổ 2"

    cell, message = moved_issue(changed(write(tmp_path), change), M)
    assert (cell, message) == (
        "B1",
        "Sheet “Đảng viên”, ô B1: Bảng đang bắt đầu từ cột B, không phải cột A (có 1 cột được chèn bên "
        "trái). Hãy chuyển những gì cần giữ ở cột A sang cột “Ghi chú”, rồi xóa cột A.",
    )


def test_a_row_inserted_among_the_labels_still_reads_the_code_above_it(tmp_path: Path) -> None:
    """hunt135 F5: the items above the inserted row are where the template puts them. The file's
    name does not carry the code, so only B1 can say whose file it is: it was not read, and the
    organisation was "chưa nộp" instead of left out for the error."""
    path = changed(write(tmp_path, "Bao cao thang 3.xlsx"), _row_among_the_labels)
    sub = read_submission(path)
    assert sub.org_code == "CB07"
    (issue,) = run(path).issues
    assert (issue.code, issue.cell, issue.org_code) == (CODE, "A7", "CB07")
