"""A hidden data sheet is read and warned about (`file.hidden_sheet`), with the way to show
it that fits how it is hidden (hunt143 F4): a very hidden sheet is not in Excel's Unhide list,
so "Hãy bỏ ẩn" alone sent the secretary looking for a sheet that list does not show."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from helpers_validate import run, write

from toolkit.core import layout

E = layout.SHEET_EVENTS


def _hidden_sheet_message(tmp_path: Path, state: str) -> str:
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb[E].sheet_state = state
    wb.save(path)
    found = [i for i in run(path).issues if i.code == "file.hidden_sheet"]
    assert len(found) == 1 and found[0].sheet == E
    return found[0].message


def test_a_hidden_data_sheet_is_to_be_unhidden(tmp_path: Path) -> None:
    message = _hidden_sheet_message(tmp_path, "hidden")
    assert message == f"Sheet “{E}” đang bị ẩn; số liệu trong đó vẫn được đọc. Hãy bỏ ẩn để kiểm tra lại."


def test_a_very_hidden_data_sheet_is_shown_as_excel_allows(tmp_path: Path) -> None:
    message = _hidden_sheet_message(tmp_path, "veryHidden")
    assert f"Sheet “{E}” đang bị ẩn kỹ, không có trong danh sách Bỏ ẩn/Unhide" in message
    assert "số liệu trong đó vẫn được đọc" in message
    assert "Alt+F11" in message and "xlSheetVisible" in message
    assert "Hãy bỏ ẩn để kiểm tra lại" not in message
