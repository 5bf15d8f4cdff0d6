"""Hidden columns of a list (hunt169 F5): read and counted, said once per sheet
(`cell.hidden_column`), and every issue at a cell of one says that its column is hidden.

A secretary hid the column `Dân tộc` instead of clearing it: its values were read and counted
without a word, and `member.not_allowed` at E4 sent them (its `Kiểm tra` link too) to a cell
they could not see. The workbooks are the real template (`helpers_validate.write`) edited with
openpyxl as Excel saves a hidden column (`<col … hidden="1">`), or given a column 0 wide.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from helpers_validate import only, read_warnings, rewrite_zip, run, sheet_part, write

from toolkit.core import layout

M = layout.SHEET_MEMBERS
CODE = "cell.hidden_column"
READ = "đang bị ẩn nhưng có dữ liệu; dữ liệu vẫn được đọc và được tính."
FIX = (
    "Hãy bỏ ẩn cột (chọn hai cột hai bên, chuột phải, chọn Bỏ ẩn/Unhide) để kiểm tra lại; nếu không "
    "cần dữ liệu đó thì xóa nội dung các ô, đừng chỉ ẩn cột."
)


def hide(path: Path, sheet: str, letters: list[str], cells: dict[str, object] | None = None) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for ref, value in (cells or {}).items():
        ws[ref] = value
    for letter in letters:
        ws.column_dimensions[letter].hidden = True
    wb.save(path)
    return path


def hidden_issues(path: Path) -> list[str]:
    return [f"{i.sheet}!{i.cell} {i.message}" for i in read_warnings(path, CODE)]


def test_a_hidden_column_is_said_and_an_issue_in_it_says_the_column_is_hidden(tmp_path: Path) -> None:
    path = hide(write(tmp_path), M, ["E"], {"E4": "Kinhh"})
    assert hidden_issues(path) == [f"{M}!E2 Sheet “{M}”, cột E “Dân tộc”: Cột E {READ} {FIX}"]
    result = run(path)
    wrong = only(result.issues, "member.not_allowed")
    assert wrong.cell == "E4"
    assert wrong.message.endswith(
        "Hãy chọn trong danh sách thả xuống. Cột E đang bị ẩn: hãy bỏ ẩn cột để thấy ô."
    )
    # the note is in the message without personal data too, and said once
    masked = wrong.without_personal_data().message
    assert masked.count("Cột E đang bị ẩn") == 1 and "Kinhh" not in masked
    assert only(result.issues, CODE).message.count("Cột E đang bị ẩn") == 1


def test_hidden_columns_are_one_warning_per_sheet_naming_those_holding_data(tmp_path: Path) -> None:
    """C and E hidden with data, G hidden but empty in every row (not said); the events'
    sheet's D hidden is its own warning."""
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    for r in range(2, wb[M].max_row + 1):
        wb[M][f"G{r}"] = None
    wb.save(path)
    hide(path, M, ["C", "E", "G"], {"C3": "31/02/1980"})
    hide(path, layout.SHEET_EVENTS, ["D"])
    ev = layout.SHEET_EVENTS
    g = [f.header for f in layout.MEMBERS.fields][6]
    d = [f.header for f in layout.EVENTS.fields][3]
    assert hidden_issues(path) == [
        f"{M}!C2 Sheet “{M}”, 2 cột (cột C “Ngày sinh”, cột E “Dân tộc”): Các cột này {READ} {FIX}",
        f"{ev}!D2 Sheet “{ev}”, cột D “{d}”: Cột D {READ} {FIX}",
    ]
    assert g not in "".join(hidden_issues(path))
    date = [i for i in run(path).issues if i.cell == "C3"]
    assert date and all(i.message.endswith("Cột C đang bị ẩn: hãy bỏ ẩn cột để thấy ô.") for i in date), date


def test_a_column_0_wide_is_hidden_and_a_hidden_empty_column_is_not_said(tmp_path: Path) -> None:
    """Excel shows a column 0 wide as hidden (Unhide shows it) whether or not it says
    `hidden`. Columns AD–AN, right of the template's and empty, hidden: nothing to say."""
    path = write(tmp_path)
    part = sheet_part(path, M)

    def narrow(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        data, n = re.subn(
            rb'<col width="[^"]*"([^>]*) min="5" max="5"', rb'<col width="0"\1 min="5" max="5"', data
        )
        assert n == 1
        return data.replace(b"</cols>", b'<col min="30" max="40" width="9" hidden="1"/></cols>')

    rewrite_zip(path, narrow)
    assert hidden_issues(path) == [f"{M}!E2 Sheet “{M}”, cột E “Dân tộc”: Cột E {READ} {FIX}"]


def test_a_file_without_hidden_columns_says_nothing_of_them(tmp_path: Path) -> None:
    path = write(tmp_path)
    assert hidden_issues(path) == []
    assert not any("đang bị ẩn" in i.message for i in run(path).issues)
