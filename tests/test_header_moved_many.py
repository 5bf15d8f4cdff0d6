"""Several columns (`Thông tin`: rows) inserted into a table or deleted from it, side by side,
are one `file.header_moved` error naming them, and following its advice gives a file that
passes (hunt169 F1–F4).

Only one inserted or deleted cell was recognised. Two or three columns inserted in the first
half of a list were read as the table moved right: "xóa cột A–B", which hold STT and Họ và tên
(following it deleted every member's name); two rows inserted among `Thông tin`'s items said
"xóa dòng 1–2" (Mã tổ chức, Tên tổ chức đảng). In the second half, or deleted, they were said
cell by cell with advice that put the data under the wrong headers; one column inserted just
before `Ghi chú` said "retype U1", which made the file pass with the real notes unread.

The workbooks are the real template (`helpers_validate.write`), changed with openpyxl as Excel
changes them; the advice is read from the message and done to the workbook.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import codes, run, write
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook import Workbook
from test_header_moved import CODE, TAIL, changed

from toolkit.core import layout
from toolkit.io.reader import read_submission

M, E, Y, INFO = layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_YEARS, layout.SHEET_INFO
SPECS = {M: layout.MEMBERS, E: layout.EVENTS, Y: layout.YEARS, INFO: layout.INFO}


def the_error(path: Path, sheet: str) -> tuple[str | None, str]:
    """The file's one error, the moved table's: its cell and message without `TAIL`."""
    errors = [i for i in run(path).issues if i.is_error]
    assert codes(errors) == [CODE], [(i.code, i.cell) for i in errors]
    assert errors[0].sheet == sheet
    assert errors[0].message.endswith(TAIL)
    return errors[0].cell, errors[0].message.removesuffix(TAIL)


def passes(path: Path) -> bool:
    return not [i for i in run(path).issues if i.is_error]


def inserted(sheet: str, at: int, k: int, labels: list[str] | None = None) -> Callable[[Workbook], None]:
    """`k` columns (`Thông tin`: rows) inserted at 1-based `at`, with a header and a value."""

    def change(wb: Workbook) -> None:
        ws = wb[sheet]
        names = labels or [f"Cột thêm {j + 1}" for j in range(k)]
        if sheet == INFO:
            ws.insert_rows(at, k)
            for j in range(k):
                ws.cell(at + j, 1).value, ws.cell(at + j, 2).value = names[j], f"giá trị {j + 1}"
        else:
            ws.insert_cols(at, k)
            for j in range(k):
                ws.cell(1, at + j).value, ws.cell(2, at + j).value = names[j], f"giá trị {j + 1}"

    return change


def follow_delete(path: Path, sheet: str, message: str) -> None:
    """Does what the message says: "xóa cột F–G" or "xóa dòng 3–4" (what it says to keep is
    test data, not kept)."""
    found = re.search(r"xóa (cột|dòng) ([A-Z0-9]+)(?:–([A-Z0-9]+))?\.$", message)
    assert found, message
    what, first, last = found.groups()
    last = last or first

    def delete(wb: Workbook) -> None:
        if what == "dòng":
            wb[sheet].delete_rows(int(first), int(last) - int(first) + 1)
        else:
            a, b = column_index_from_string(first), column_index_from_string(last)
            wb[sheet].delete_cols(a, b - a + 1)

    changed(path, delete)


# (sheet, 1-based place of the first inserted column or row, how many): the hunt's cases (2
# and 3 columns in both halves of the three lists, 2 rows in `Thông tin`, one before the last
# header) and more.
INSERTIONS = [
    (M, 2, 2),
    (M, 2, 3),
    (M, 6, 2),
    (M, 6, 3),
    (M, 11, 2),
    (M, 11, 3),
    (M, 12, 2),
    (M, 16, 3),
    (M, 20, 2),
    (M, 21, 1),
    (M, 21, 3),
    (E, 2, 2),
    (E, 4, 2),
    (E, 5, 3),
    (E, 6, 2),
    (E, 9, 2),
    (E, 10, 1),
    (Y, 2, 2),
    (Y, 3, 2),
    (Y, 5, 3),
    (Y, 9, 1),
    (INFO, 2, 2),
    (INFO, 3, 2),
    (INFO, 4, 2),
    (INFO, 7, 3),
    (INFO, 12, 1),
]


@pytest.mark.parametrize(("sheet", "at", "k"), INSERTIONS)
def test_columns_inserted_into_a_table_are_named_and_deleting_them_passes(
    tmp_path: Path, sheet: str, at: int, k: int
) -> None:
    path = changed(write(tmp_path), inserted(sheet, at, k))
    cell, message = the_error(path, sheet)
    headers = [f.header for f in SPECS[sheet].fields]
    n = "một" if k == 1 else str(k)
    if sheet == INFO:
        span = f"dòng {at}" if k == 1 else f"dòng {at}–{at + k - 1}"
        assert cell == f"A{at}"
        assert f"xuống {n} dòng. Hãy xóa {span}." in message, message
    else:
        a, b = get_column_letter(at), get_column_letter(at + k - 1)
        span = f"cột {a}" if k == 1 else f"cột {a}–{b}"
        assert cell == f"{a}1"
        assert (
            f"từ “{headers[at - 1]}” trở đi bị lệch sang phải {n} cột. Hãy chuyển nội dung {span} sang cột "
            f"“{headers[-1]}” nếu cần, rồi xóa {span}."
        ) in message, message
    follow_delete(path, sheet, message)
    assert passes(path)


def test_two_columns_inserted_in_the_first_half_never_say_to_delete_stt_and_the_names(tmp_path: Path) -> None:
    """hunt169 F1, its exact case: "Quê quán" and "Điện thoại" inserted at F."""
    path = changed(write(tmp_path), inserted(M, 6, 2, ["Quê quán", "Điện thoại"]))
    assert the_error(path, M) == (
        "F1",
        "Sheet “Đảng viên”, ô F1: Cột F–G (“Quê quán”, “Điện thoại”) được chèn vào giữa bảng, nên các cột "
        "từ “Tôn giáo” trở đi bị lệch sang phải 2 cột. Hãy chuyển nội dung cột F–G sang cột “Ghi chú” nếu "
        "cần, rồi xóa cột F–G.",
    )


def test_two_rows_inserted_among_the_items_never_say_to_delete_the_code_and_name(tmp_path: Path) -> None:
    """hunt169 F2, its exact case; the code above the rows is still read (hunt135 F5)."""
    path = changed(write(tmp_path), inserted(INFO, 3, 2, ["Ghi chú", "Điện thoại chi bộ"]))
    assert the_error(path, INFO) == (
        "A3",
        "Sheet “Thông tin”, ô A3: Dòng 3–4 (“Ghi chú”, “Điện thoại chi bộ”) được chèn vào giữa các mục, "
        "nên các mục từ “Cấp tổ chức” trở đi bị lệch xuống 2 dòng. Hãy xóa dòng 3–4.",
    )
    assert read_submission(path).org_code == "CB07"


def test_a_column_inserted_before_the_notes_is_named_not_retyped_over(tmp_path: Path) -> None:
    """hunt169 F4: "retype U1" made the file pass with the phone numbers read as notes."""
    path = changed(write(tmp_path), inserted(M, 21, 1, ["Điện thoại"]))
    assert the_error(path, M) == (
        "U1",
        "Sheet “Đảng viên”, ô U1: Cột U (“Điện thoại”) được chèn vào giữa bảng, nên các cột từ “Ghi chú” "
        "trở đi bị lệch sang phải một cột. Hãy chuyển nội dung cột U sang cột “Ghi chú” nếu cần, rồi xóa "
        "cột U.",
    )


# (sheet, 1-based place of the first deleted column or row, how many).
DELETIONS = [(M, 2, 3), (M, 6, 2), (M, 12, 3), (M, 19, 2), (E, 4, 2), (Y, 2, 2), (INFO, 7, 2)]


@pytest.mark.parametrize(("sheet", "at", "k"), DELETIONS)
def test_columns_deleted_from_a_table_are_named_and_putting_them_back_passes(
    tmp_path: Path, sheet: str, at: int, k: int
) -> None:
    down = sheet == INFO
    (tmp_path / "sent").mkdir()
    original = openpyxl.load_workbook(write(tmp_path))[sheet]
    lines = original.iter_rows(values_only=True) if down else original.iter_cols(values_only=True)
    kept = list(lines)[at - 1 : at - 1 + k]

    def delete(wb: Workbook) -> None:
        (wb[sheet].delete_rows if down else wb[sheet].delete_cols)(at, k)

    path = changed(write(tmp_path / "sent"), delete)
    cell, message = the_error(path, sheet)
    headers = [f.header for f in SPECS[sheet].fields][at - 1 : at - 1 + k]
    names = ", ".join(f"“{h}”" for h in headers)
    if down:
        span, place = f"dòng {at}–{at + k - 1}", f"A{at}"
    else:
        a, b = get_column_letter(at), get_column_letter(at + k - 1)
        span, place = f"cột {a}–{b}", f"{a}1"
    what, moved = ("mục", f"lên {k} dòng") if down else ("cột", f"sang trái {k} cột")
    assert (cell, message) == (
        place,
        f"Sheet “{sheet}”, ô {place}: Các {what} {names} ({span} của biểu mẫu) đã bị xóa, nên các {what} sau "
        f"chúng bị lệch {moved}. Hãy chèn lại {span} "
        f"với tiêu đề lần lượt là {names} rồi điền lại nội dung của chúng.",
    )

    def put_back(wb: Workbook) -> None:
        ws = wb[sheet]
        (ws.insert_rows if down else ws.insert_cols)(at, k)
        for j, values in enumerate(kept):
            for i, value in enumerate(values, start=1):
                (ws.cell(at + j, i) if down else ws.cell(i, at + j)).value = value

    changed(path, put_back)
    assert passes(path)


# --------------------------------------------------------------------------------------------
# Not recognised as columns inserted or deleted (another header changed too), a prefix of the
# headers in place is still never in the cells a move would delete: said cell by cell.
# --------------------------------------------------------------------------------------------


def test_a_prefix_in_place_is_never_told_to_be_deleted(tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        inserted(M, 6, 2)(wb)
        wb[M]["W1"] = "Ghi chú khác"  # the last header renamed too: not exactly shifted

    sub = read_submission(changed(write(tmp_path), change))
    assert CODE not in codes(sub.issues)
    cells = [i.cell for i in sub.issues if i.code == "file.header"]
    assert cells and cells[0] == "F1"


def test_labels_in_place_are_never_told_to_be_deleted(tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        inserted(INFO, 3, 2)(wb)
        wb[INFO]["A14"] = "Phien ban"

    sub = read_submission(changed(write(tmp_path), change))
    assert CODE not in codes(sub.issues)
    cells = [i.cell for i in sub.issues if i.code == "file.header"]
    assert cells and cells[0] == "A3"
    assert sub.org_code == "CB07"


def _moved_left(sheet: str, to: int) -> Callable[[Workbook], None]:
    """The table's last column (`Ghi chú`), header and data, cut and inserted before 1-based
    column `to`, as Excel's "Chèn ô đã cắt" does: every column between moves one right."""

    def change(wb: Workbook) -> None:
        ws = wb[sheet]
        width = len(SPECS[sheet].fields)
        for r in range(1, ws.max_row + 1):
            values = [ws.cell(r, c).value for c in range(1, width + 1)]
            values = values[: to - 1] + [values[-1]] + values[to - 1 : -1]
            for c, v in enumerate(values, start=1):
                ws.cell(r, c).value = v

    return change


@pytest.mark.parametrize(("sheet", "to"), [(M, 14), (M, 18), (E, 6)])
def test_a_column_moved_left_is_not_said_to_be_columns_deleted(tmp_path: Path, sheet: str, to: int) -> None:
    """review172 F1: `Ghi chú` cut and inserted at N was "Các cột “Nghề nghiệp”, … (cột N–T của
    biểu mẫu) đã bị xóa … Hãy chèn lại cột N–T …", their data all there one column to the
    right. A moved column is said cell by cell, each header naming where its column went."""
    path = changed(write(tmp_path), _moved_left(sheet, to))
    errors = [i for i in run(path).issues if i.is_error and i.sheet == sheet]
    assert CODE not in codes(errors), [i.message for i in errors if i.code == CODE]
    said = " ".join(i.message for i in errors)
    assert "đã bị xóa" not in said, said
    assert "“Ghi chú” là tiêu đề của cột" in said, said
