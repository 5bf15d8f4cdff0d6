"""`history list --ask` in a process started without stdin (hunt122 F6), as `pythonw.exe` or a
launcher without a console starts it: Python's `input()` raised "lost sys.stdin", which ended
as "Lỗi không mong đợi (RuntimeError …)", exit code 2. Now the missing stdin reads as the end
of the input (nothing typed: nothing removed, exit code 0, as `< nul`), and the dialog says
that `--ask` needs a console window. The real command runs with fd 0 closed."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers_history import digest, filled_history, record

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(
    sys.platform == "win32", reason="a child started with fd 0 closed needs preexec_fn (POSIX)"
)
def test_ask_without_stdin_removes_nothing_and_says_it_needs_a_console(tmp_path: Path) -> None:
    def close_stdin() -> None:
        os.close(0)

    path = filled_history(
        tmp_path / "h.sqlite", record(dt.date(2026, 3, 31), run_id="a", ward_name="Phường Mẫu")
    )
    before = digest(path)
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "history", "list", "--ask", "--history", str(path)],
        capture_output=True,
        preexec_fn=close_stdin,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    said = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, said
    assert "Lỗi" not in said and "Traceback" not in said, said
    assert "--ask cần chạy trong cửa sổ Command Prompt" in said, said
    assert said.rstrip().endswith("Không xóa gì."), said
    assert digest(path) == before
