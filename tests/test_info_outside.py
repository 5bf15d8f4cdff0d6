"""`Thông tin` is read from column B beside its labels. What a secretary types elsewhere (the
secretary's name in C6 beside an empty B6, a line "Số đảng viên: 41" under the labels) used to
be dropped without a word; for an optional item (Bí thư, Điện thoại) nothing said it was lost.
Now it is one warning, `file.info_outside`, naming the cells, and saying where such a value
goes. The values are not quoted (the secretary's name and phone are a person's).

The workbooks are the real template (`helpers_validate.write`), typed with openpyxl.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
from helpers_validate import codes, only, run, write, write_old

from toolkit.core import layout
from toolkit.core.rules import RULES
from toolkit.io.reader import read_submission

INFO = layout.SHEET_INFO
CODE = "file.info_outside"


def typed(path: Path, cells: dict[str, object]) -> Path:
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb[INFO][ref] = value
    wb.save(path)
    return path


def test_a_value_typed_beside_its_cell_is_said_and_not_read(tmp_path: Path) -> None:
    secretary = layout.INFO.keys.index("secretary") + 1
    path = typed(write(tmp_path), {f"B{secretary}": None, f"C{secretary}": "Phạm Văn Bình"})
    result = run(path)
    issue = only(result.issues, CODE)
    assert RULES[CODE].severity == "warning" and issue.severity == "warning"
    assert (issue.sheet, issue.cell) == (INFO, f"C{secretary}")
    assert issue.message == (
        f"Sheet “Thông tin”, ô C{secretary}: Các ô này nằm ngoài chỗ ghi của sheet (mỗi mục ghi ở cột B, "
        "cùng dòng với tên mục) nên không được đọc. Nếu đó là nội dung của một mục, hãy chuyển sang ô "
        "cột B của mục ấy; nếu không cần, hãy xóa."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    assert "Phạm Văn Bình" not in issue.message
    assert codes(result.issues) == [CODE]
    assert read_submission(path).info["secretary"] is None


def test_lines_under_the_labels_and_many_cells_are_named_once(tmp_path: Path) -> None:
    below = len(layout.INFO.fields) + 2
    cells: dict[str, object] = {f"A{below}": "Số đảng viên", f"B{below}": 41}
    cells |= {f"D{r}": "x" for r in range(1, 13)}
    issue = only(read_submission(typed(write(tmp_path), cells)).issues, CODE)
    assert issue.cell == "D1"
    # The first ten by row: D1–D10; the other four counted.
    assert issue.message.startswith("Sheet “Thông tin”, ô D1–D10 và 4 ô khác: ")


def test_the_templates_own_information_sheets_hold_nothing_outside(tmp_path: Path) -> None:
    (tmp_path / "new").mkdir()
    (tmp_path / "old").mkdir()
    for path in (write(tmp_path / "new"), write_old(tmp_path / "old")):
        assert CODE not in codes(read_submission(path).issues)


def test_a_moved_information_sheet_is_only_the_moved_error(tmp_path: Path) -> None:
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb[INFO].insert_cols(1)
    wb.save(path)
    assert [c for c in codes(run(path).issues) if c.startswith("file.")] == ["file.header_moved"]


def test_the_cells_are_named_from_the_one_the_issue_links_to(tmp_path: Path) -> None:
    below = len(layout.INFO.fields) + 3
    phone = layout.INFO.keys.index("phone") + 1
    issue = only(
        read_submission(typed(write(tmp_path), {f"C{phone}": "0912", f"A{below}": "x"})).issues, CODE
    )
    assert issue.cell == f"C{phone}"
    assert issue.message.startswith(f"Sheet “Thông tin”, ô C{phone}, A{below}: ")
