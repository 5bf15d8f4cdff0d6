"""Wording found by hunt135 F6, each on a real workbook:

- a list sorted with its header to the very last row: the header is under the data, not
  "nằm giữa các dòng số liệu" (the advice, cut the row and insert it at row 1, is unchanged);
- a `.xls` refusal gave Excel's steps only; LibreOffice's are given as for `.ods`;
- `cell.merged` named only Excel's button; LibreOffice's menu is named too (Format → Merge and
  Unmerge Cells → Unmerge Cells, as LibreOffice 7.x labels it).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from helpers_validate import only, run, write

from toolkit.core import layout
from toolkit.io.reader import read_submission

M, Y = layout.SHEET_MEMBERS, layout.SHEET_YEARS
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4096  # the start of a compound file (.xls)


def test_a_header_sorted_to_the_last_row_is_said_to_be_under_the_data(tmp_path: Path) -> None:
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    for i, row in enumerate([*rows[1:], rows[0]], start=1):
        for j, value in enumerate(row, start=1):
            ws.cell(i, j).value = value
    wb.save(path)
    last = len(rows)
    issue = only(read_submission(path).issues, "file.header_moved")
    assert issue.cell == f"A{last}"
    assert issue.message.startswith(
        f"Sheet “Đảng viên”, ô A{last}: Dòng tiêu đề đang ở dòng {last}, nằm dưới tất cả các dòng số "
        "liệu: có lẽ bảng đã được sắp xếp cùng với dòng tiêu đề. Hãy hoàn tác việc sắp xếp (Ctrl+Z)"
    )
    assert "nằm giữa" not in issue.message
    assert f"cắt dòng {last}, bấm chuột phải vào dòng 1" in issue.message


def test_an_xls_refusal_gives_libreoffices_steps_too(tmp_path: Path) -> None:
    path = tmp_path / "HD05.xls"
    path.write_bytes(OLE2)
    issue = only(read_submission(path).issues, "file.xls")
    assert issue.message == (
        "Tệp ở định dạng Excel 97-2003 (.xls) cũ, không được hỗ trợ. Hãy mở bằng Excel, chọn Lưu "
        "thành (Save As) → Sổ làm việc Excel (.xlsx); hoặc mở bằng LibreOffice Calc, chọn Tệp → Lưu "
        "thành (Save As), chọn kiểu tệp “Excel 2007-365 (.xlsx)”, giữ định dạng .xlsx khi được hỏi; "
        "rồi gửi tệp .xlsx."
    )


def test_the_merged_cells_advice_names_libreoffices_menu_too(tmp_path: Path) -> None:
    path = write(tmp_path)
    col = layout.YEARS.letter("rated_excellent")
    wb = openpyxl.load_workbook(path)
    wb[Y][f"{col}2"] = 1
    wb[Y].merge_cells(f"{col}2:{col}3")
    wb.save(path)
    issue = only(run(path).issues, "cell.merged")
    assert issue.message.endswith(
        "Hãy bỏ gộp ô (chọn vùng ô rồi, trong Excel, bấm Merge & Center, “Hợp nhất và căn giữa”; trong "
        "LibreOffice, chọn Format → Merge and Unmerge Cells → Unmerge Cells) và ghi giá trị vào từng ô."
    )
