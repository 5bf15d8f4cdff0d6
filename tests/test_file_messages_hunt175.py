"""What a file's messages tell the secretary and the clerk (hunt175): the feedback workbook names
the file to fix, not "this file" (F1).

The submissions are real template files (`helpers_validate.write`); the commands run through
click's runner and the feedback workbooks are read back with openpyxl.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner
from helpers_validate import typed, write

from toolkit.cli import main
from toolkit.core import layout
from toolkit.outputs.feedback import SHEET

M = layout.SHEET_MEMBERS
BIRTH = layout.MEMBERS.letter("birth_date")
NAME = "CB07_chi_bo_to_dan_pho_so_7.xlsx"


def _validate(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *map(str, args)])
    return result.exit_code, result.output


def _texts(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path, read_only=True)[SHEET]
    return [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]


def test_the_feedback_names_the_file_to_fix_not_this_file(tmp_path: Path) -> None:
    """F1: the feedback workbook holds only `Cần sửa`; "sửa các ô … ngay trong tệp này" sent the
    secretary to fix cells in the feedback workbook itself, and to send that back."""
    folder = tmp_path / "nop"
    folder.mkdir()
    typed(write(folder), M, {f"{BIRTH}2": "-"})
    out = tmp_path / "phan_hoi"
    _validate(folder, "--cutoff", "31/03/2026", "--feedback", out)
    (line,) = [
        t for t in _texts(out / "CB07_chi_bo_to_dan_pho_so_7_kiem_tra.xlsx") if "chưa được tổng hợp" in t
    ]
    assert f"ngay trong tệp {NAME} chi bộ đã gửi (không sửa trong tệp phản hồi này)" in line
    assert "gửi lại tệp đó cho Đảng ủy" in line
    assert "tệp này" not in line.replace("tệp phản hồi này", "")
