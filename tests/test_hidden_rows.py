"""Hidden rows of a list: read and counted, said once per sheet (`cell.hidden_row`), and, when
an AutoFilter hides them, said to be a filter to clear (Unhide does not clear one).

An AutoFilter left on (`Giới tính` = Nữ on a ward's 66 members) gave 41 warnings, one a row,
none saying that a filter was on. The workbooks are the real template (`helpers_validate.write`)
filtered and hidden with openpyxl, as Excel writes a filter: the `<autoFilter>` with its
`<filterColumn>`, and the rows it hides `hidden`.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from helpers_validate import member, read_warnings, write
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table

from toolkit.core import layout
from toolkit.io.reader import read_submission

M = layout.SHEET_MEMBERS
CODE = "cell.hidden_row"
READ = "đang bị ẩn nhưng có dữ liệu; dữ liệu vẫn được đọc và được tính."
FILTER = (
    "Sheet đang bật bộ lọc (Filter) nên các dòng không thỏa điều kiện lọc bị ẩn; bỏ ẩn (Unhide) không "
    "tắt được bộ lọc. Hãy bấm Dữ liệu > Xóa bộ lọc (Data > Clear) để hiện lại mọi dòng rồi kiểm tra lại."
)


def hide(path: Path, rows: list[int], *, filtered: bool = False, buttons: bool = False) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    if filtered or buttons:
        ws.auto_filter.ref = f"A1:U{ws.max_row}"
    if filtered:
        ws.auto_filter.add_filter_column(3, ["Nữ"])  # Giới tính
    for r in rows:
        ws.row_dimensions[r].hidden = True
    wb.save(path)
    return path


def hidden_issues(path: Path) -> list[str]:
    found = read_warnings(path, CODE)
    assert all(i.sheet == M for i in found)
    return [f"{i.cell} {i.message}" for i in found]


def test_rows_hidden_by_a_filter_are_one_warning_that_says_to_clear_the_filter(tmp_path: Path) -> None:
    # The men of the clean list (rows 2, 4 and 6) hidden by a filter on Giới tính = Nữ.
    path = hide(write(tmp_path), [2, 4, 6], filtered=True)
    assert hidden_issues(path) == [f"A2 Sheet “{M}”, 3 dòng (dòng 2, 4, 6): Các dòng này {READ} {FILTER}"]


def test_rows_hidden_by_the_filter_of_an_excel_table_are_said_to_be_filtered(tmp_path: Path) -> None:
    """A list made an Excel Table (Format as Table) keeps its filter in the table's own part
    (`xl/tables/table1.xml`), not in the sheet's `<autoFilter>`: the advice is still to clear
    the filter, which Unhide does not."""
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    for col in range(1, ws.max_column + 1):  # a Table's header cells are distinct texts
        if not isinstance(ws.cell(1, col).value, str):
            ws.cell(1, col).value = f"Cột {col}"
    ref = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"
    table = Table(displayName="DanhSach", ref=ref, autoFilter=AutoFilter(ref=ref))
    table.autoFilter.add_filter_column(3, ["Nữ"])  # Giới tính
    ws.auto_filter.ref = None  # Excel: a Table's range has no filter buttons of the sheet's
    ws.add_table(table)
    for r in (2, 4, 6):
        ws.row_dimensions[r].hidden = True
    wb.save(path)
    with zipfile.ZipFile(path) as zf:  # the filter is the table's, the sheet has none
        assert b"<filterColumn" in zf.read("xl/tables/table1.xml")
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<autoFilter" in zf.read(n) for n in sheets)
    assert hidden_issues(path) == [f"A2 Sheet “{M}”, 3 dòng (dòng 2, 4, 6): Các dòng này {READ} {FILTER}"]


def test_rows_hidden_by_hand_are_one_warning_naming_them_as_runs(tmp_path: Path) -> None:
    path = hide(write(tmp_path), [3, 4, 6])
    assert hidden_issues(path) == [
        f"A3 Sheet “{M}”, 3 dòng (dòng 3–4, 6): Các dòng này {READ} Hãy bỏ ẩn để kiểm tra lại."
    ]


def test_filter_buttons_without_a_condition_are_no_filter_hiding_the_rows(tmp_path: Path) -> None:
    """An AutoFilter with no condition hides nothing: a row hidden beside it was hidden by
    hand, and clearing the filter would not show it."""
    path = hide(write(tmp_path), [5], buttons=True)
    assert hidden_issues(path) == [f"A5 Sheet “{M}”, dòng 5: Dòng 5 {READ} Hãy bỏ ẩn để kiểm tra lại."]


def test_a_filter_hiding_many_rows_apart_names_the_first_runs_and_counts_the_rest(tmp_path: Path) -> None:
    members = [
        member(
            row_no=i,
            full_name=f"Nguyễn {'Thị' if i % 2 else 'Văn'} {chr(ord('A') + i % 26)}",
            gender="female" if i % 2 else "male",
            card_no=f"{1234500 + i:08d}",
        )
        for i in range(1, 41)
    ]
    men = [i + 1 for i in range(2, 41, 2)]  # Excel rows 3, 5, …, 41: twenty runs of one
    path = hide(write(tmp_path, members=members), men, filtered=True)
    sub = read_submission(path)
    assert sub.members is not None and len(sub.members) == 40
    (issue,) = [i for i in sub.issues if i.code == CODE]
    assert issue.cell == "A3"
    assert issue.message.startswith(
        f"Sheet “{M}”, 20 dòng (dòng 3, 5, 7, 9, 11, 13, 15, 17, 19, 21 và 10 dòng khác): Các dòng này {READ}"
    )
    assert issue.message.endswith(FILTER)
