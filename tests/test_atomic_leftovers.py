"""What a single-file write killed half way leaves, and who tidies it (`toolkit.io.atomic`).

A `lists` run killed while its workbook is flushed (a slow USB stick, a power cut) used to
leave a hidden full copy of the work lists — members' names and birth dates — beside the
lists file, which no later run removed; the copy of a removed history record the same, in the
folder of copies. Now the bytes go into an anonymous file that has no name until they are
complete (Linux), and every single-file write first removes the temporary files that dead
writers left in its folder. The leftovers here are real files under the temporary names a
killed writer leaves, of a process that has really ended.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_worklists import REGISTRY, write_list_ward

import toolkit.io.atomic as atomic
from tests.helpers_history import filled_history, record, run_cli
from toolkit.cli import main
from toolkit.history.removal import REMOVED_FOLDER
from toolkit.io.atomic import TEMP_PREFIX, atomic_write_bytes
from toolkit.outputs.registry_file import write_registry


def _dead_pid() -> int:
    """The process id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _leftover(folder: Path, name: str, data: bytes, pid: int) -> Path:
    """A temporary file as a single-file write of process `pid` leaves it when killed."""
    path = folder / f"{TEMP_PREFIX}p{pid}-ea05a226-{name}"
    path.write_bytes(data)
    return path


def _lists(root: Path, registry: Path, out: Path) -> None:
    args = [
        "lists",
        str(root / "bai_nop"),
        "--registry",
        str(registry),
        "--cutoff",
        "31/03/2026",
        "-o",
        str(out),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output


def test_the_next_lists_run_removes_the_copy_a_killed_run_left(tmp_path: Path) -> None:
    write_list_ward(tmp_path / "bai_nop")
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    out = tmp_path / "ket_qua" / "danh_sach.xlsx"
    out.parent.mkdir()
    _lists(tmp_path, registry, out)
    # What a run killed while flushing its file leaves: the complete workbook, hidden.
    killed = _leftover(out.parent, out.name, out.read_bytes(), _dead_pid())
    assert openpyxl.load_workbook(killed, read_only=True).sheetnames  # a real lists workbook
    # A live writer's file (this process's) is not touched.
    live = _leftover(out.parent, "khac.xlsx", b"dang ghi", os.getpid())
    _lists(tmp_path, registry, out)
    assert sorted(p.name for p in out.parent.iterdir()) == sorted([out.name, live.name])


def test_the_next_history_removal_removes_a_copy_a_killed_removal_left(tmp_path: Path) -> None:
    history = filled_history(
        tmp_path / "h.sqlite",
        record(dt.date(2026, 3, 31)),
        record(dt.date(2026, 3, 30), run_id="typo"),
        record(dt.date(2025, 3, 31), run_id="old"),
    )
    assert run_cli("history", "remove", "2", "--yes", "--history", history).exit_code == 0
    copies = tmp_path / REMOVED_FOLDER
    (first,) = copies.iterdir()
    killed = _leftover(copies, "lan_9_chot_2026-03-31.json", first.read_bytes(), _dead_pid())
    assert run_cli("history", "remove", "3", "--yes", "--history", history).exit_code == 0
    names = sorted(p.name for p in copies.iterdir())
    assert killed.name not in names and len(names) == 2, names


@pytest.mark.skipif(not hasattr(atomic.os, "O_TMPFILE"), reason="anonymous files are Linux's")
def test_no_named_copy_exists_while_the_bytes_are_flushed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the bytes are flushed to disk (where a slow disk or a power cut stops a run), the
    folder holds no temporary file: a process killed then leaves nothing."""
    seen: list[list[str]] = []
    real = atomic.os.fsync

    def looking(fd: int) -> None:
        seen.append(sorted(p.name for p in tmp_path.iterdir()))
        real(fd)

    monkeypatch.setattr(atomic.os, "fsync", looking)
    target = atomic_write_bytes(tmp_path / "danh_sach.xlsx", b"Nguyen Van A 01/02/1960")
    assert target.read_bytes() == b"Nguyen Van A 01/02/1960"
    assert seen and not any(n.startswith(TEMP_PREFIX) for names in seen for n in names), seen
