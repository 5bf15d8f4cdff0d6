"""The command's output streams take Vietnamese whatever the process was given (hunt112a D3, D4):
on Windows, output redirected to a file (`ward-stats … > ketqua.txt`) is in the ANSI code page,
which cannot encode most Vietnamese letters, so the first line printed after a consolidation's
outputs were written failed ("Lỗi không mong đợi (UnicodeEncodeError…)", exit 2); and
`pythonw.exe` gives no streams at all, where every command ended in a traceback. The code page
is stood for here by `PYTHONIOENCODING`, as Python reads it before any code of ours."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_worklists import REGISTRY, _member, submission

ROOT = Path(__file__).resolve().parent.parent


def _env(**more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    return {**env, "PYTHONPATH": str(ROOT), **more}


def test_output_redirected_in_a_code_page_without_vietnamese_is_written_as_utf8(tmp_path: Path) -> None:
    roll = [
        _member(f"Lê Văn {n}", "01/01/1970", "male", "01/01/1995", "01/01/1996") for n in ("Một", "Hai", "Ba")
    ]
    path = submission(tmp_path / "bai_nop", REGISTRY.organisations[1], roll)
    out, err = tmp_path / "ketqua.txt", tmp_path / "loi.txt"
    for code_page in ("cp1252", "cp1258", "ascii"):
        with out.open("wb") as stdout, err.open("wb") as stderr:
            done = subprocess.run(
                [sys.executable, "-m", "toolkit", "validate", str(path)],
                stdout=stdout,
                stderr=stderr,
                env=_env(PYTHONIOENCODING=code_page),
                cwd=tmp_path,
                timeout=300,
            )
        said = out.read_text(encoding="utf-8")
        assert done.returncode in (0, 1), (code_page, said, err.read_text(encoding="utf-8"))
        assert said.startswith("Đã kiểm tra 1 tệp"), (code_page, said)
        assert "Lỗi không mong đợi" not in said + err.read_text(encoding="utf-8")


def test_a_process_without_streams_runs_the_command(tmp_path: Path) -> None:
    """As `pythonw.exe` starts it: `sys.stdout` and `sys.stderr` are None."""
    code = (
        "import sys; sys.stdout = None; sys.stderr = None; "
        "sys.argv = ['ward-stats', 'template', '--out', 'mau']; "
        "from toolkit.__main__ import run; run()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env=_env(), cwd=tmp_path, timeout=300
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert list((tmp_path / "mau").glob("*.xlsx"))
    assert done.stdout == b"" and done.stderr == b""


def test_a_command_runs_without_the_cyclic_collector_which_is_back_afterwards(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Loading pandas and the toolkit makes hundreds of thousands of objects and no garbage:
    the command line runs with collection paused (`toolkit.__main__.run`), then resumes it."""
    import gc

    import toolkit.cli
    from toolkit.__main__ import run

    seen: list[bool] = []
    monkeypatch.setattr(toolkit.cli, "run", lambda: seen.append(gc.isenabled()))
    monkeypatch.setattr("toolkit.__main__.usable_streams", lambda: None)
    monkeypatch.setattr("toolkit.__main__.watch_ctrl_c", lambda: None)
    assert gc.isenabled()
    run()
    assert seen == [False]
    assert gc.isenabled()
