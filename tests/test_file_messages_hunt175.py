"""What a file's messages tell the secretary and the clerk (hunt175): the feedback workbook names
the file to fix, not "this file" (F1); a file the office's computer will not let ward-stats read
(open in Excel, locked, no rights) is the clerk's to close or copy, not the chi bộ's to fix (F2).

The submissions are real template files (`helpers_validate.write`); the commands run through
click's runner and the feedback workbooks are read back with openpyxl.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_history import run_as_user, shared_folder
from helpers_validate import typed, write

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.model import Submission
from toolkit.core.rules import CLERK_ONLY
from toolkit.io.reader import read_submission
from toolkit.outputs.feedback import SHEET, feedback_outputs

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


LOCKED = (
    "Không đọc được tệp: tệp đang mở trong chương trình khác (Excel, WPS…) hoặc máy không cho phép "
    "đọc tệp (tệp có thể không hỏng). Hãy đóng tệp rồi chạy lại; nếu vẫn lỗi, chép tệp sang thư "
    "mục khác rồi chạy lại."
)


def _read(path: Path) -> Submission:
    return read_submission(path)


def test_a_file_the_computer_will_not_let_be_read_is_the_clerk_s(tmp_path: Path) -> None:
    """F2, for real: a file of no read rights, read by an ordinary user (root reads anything).
    It was `file.unreadable`, "Hãy mở tệp bằng Excel, kiểm tra nội dung và lưu lại dạng .xlsx"
    (what locks it in the first place), and a feedback asked the chi bộ to resend it."""
    with shared_folder() as folder:
        path = write(folder)
        path.chmod(0)
        marker = folder / "read_only.txt"
        marker.write_text("")
        sub = run_as_user(_read, path, read_only=marker)
    assert [i.code for i in sub.issues] == ["file.locked"]
    (issue,) = sub.issues
    assert issue.severity == "error" and issue.file == NAME and issue.message == LOCKED
    assert "file.locked" in CLERK_ONLY
    assert feedback_outputs([sub], tmp_path / "phan_hoi") == []


def test_a_file_locked_by_another_program_gets_no_feedback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F2 through `validate --feedback`: Windows refuses to open a file Excel holds open (a
    sharing violation, which Python raises as PermissionError), simulated since the tests may run
    as root. The console tells the clerk to close it; no feedback is written for the chi bộ."""
    folder = tmp_path / "nop"
    folder.mkdir()
    path = write(folder)
    real_open = os.open

    def refusing_open(file: str | os.PathLike[str], flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(file).name == path.name:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    out = tmp_path / "phan_hoi"
    code, output = _validate(folder, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 1
    assert "(file.locked)" in output and LOCKED in output
    assert "lưu lại dạng .xlsx" not in output
    assert not out.exists() or not list(out.iterdir())
