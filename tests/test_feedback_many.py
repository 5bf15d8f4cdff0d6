"""`validate --feedback` on a folder of many files to send back (a city of a thousand files):
the feedback files are published together, one open file at a time whatever their number, and
a run that writes none of them leaves no folder behind.

Once, every feedback file waited as an open anonymous file until the renames, so 1,024 of them
(Linux's default limit of open files) failed with "mở quá nhiều tệp cùng lúc", wrote nothing,
and left the empty folder the run had made. Here the limit is lowered for a child process
instead of writing a thousand files: 40 files to send back under a limit of 32 open files.
"""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_validate import clean_info, typed, write

import toolkit.io.atomic as atomic
from toolkit.cli import main
from toolkit.core import layout

ROOT = Path(__file__).resolve().parent.parent
FILES = 40
OPEN_FILES = 32  # fewer than the feedback files, more than the run needs besides them


def _folder(root: Path, count: int) -> Path:
    """`count` submissions of as many organisations, each with a warning to send back (a man
    with a woman's middle name). Not copies of one file: identical copies are one feedback."""
    nop = root / "nop"
    nop.mkdir()
    for n in range(1, count + 1):
        info = clean_info(org_code=f"CB{n:02d}", org_name=f"Chi bộ {n}")
        path = write(nop, f"CB{n:02d}_chi_bo_{n}.xlsx", info=info)
        typed(path, layout.SHEET_MEMBERS, {layout.MEMBERS.letter("gender") + "3": "Nam"})
    return nop


def test_more_feedback_files_than_the_process_may_open_are_all_written(tmp_path: Path) -> None:
    nop = _folder(tmp_path, FILES)
    out = tmp_path / "phan_hoi"

    def few_open_files() -> None:
        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES, hard))

    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "validate", str(nop), "--cutoff", "31/03/2026",
         "--feedback", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, preexec_fn=few_open_files,
        # Read in this one process: the files it needs do not depend on the machine's cores.
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "WARD_STATS_WORKERS": "1"},
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr  # warnings only
    assert "Lỗi:" not in done.stdout + done.stderr
    assert f"Tệp phản hồi cho chi bộ: {FILES} tệp trong thư mục “{out}”" in done.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{p.stem}_kiem_tra.xlsx" for p in nop.iterdir())


def test_a_run_that_writes_no_feedback_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk is full when the feedback files are written: the run fails naming a file, and
    the folder it made for them (with its parent) is gone again."""
    nop = _folder(tmp_path, 2)
    out = tmp_path / "moi" / "phan_hoi"

    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_write_all", full)
    done = CliRunner().invoke(main, ["validate", str(nop), "--cutoff", "31/03/2026", "--feedback", str(out)])
    assert done.exit_code == 2, done.output
    assert "ổ đĩa đã đầy" in done.output and "_kiem_tra.xlsx" in done.output
    assert not (tmp_path / "moi").exists()


def test_a_folder_that_was_there_stays_when_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nop = _folder(tmp_path, 2)
    out = tmp_path / "phan_hoi"
    out.mkdir()

    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_write_all", full)
    done = CliRunner().invoke(main, ["validate", str(nop), "--cutoff", "31/03/2026", "--feedback", str(out)])
    assert done.exit_code == 2, done.output
    assert out.is_dir() and list(out.iterdir()) == []
