"""Whether a temporary file's writer is still alive (`toolkit.io.atomic._pid_alive`), which
decides whether the sweeps remove or complete what it left.

On Windows — where the office works — `os.kill(pid, 0)` does not test a process: signal 0 is
CTRL_C_EVENT, and Python calls GenerateConsoleCtrlEvent, which for a pid that is no process
fails with WinError 87, read as "alive". The sweeps then never removed a killed run's hidden
copies (members' names and birth dates) nor completed its renames; for a live process group
it would even have sent a Ctrl+C. Windows now asks the kernel (OpenProcess, GetExitCodeProcess:
`windows_pid_alive`) and never calls `os.kill`.

There is no Windows here: the kernel's answers come from a small stand-in for kernel32 (the one
place these tests use one), which answers as the documented functions do. The files swept and
the processes on POSIX are real.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import toolkit.io.atomic as atomic
from toolkit.io.atomic import (
    ERROR_ACCESS_DENIED,
    ERROR_INVALID_PARAMETER,
    PROCESS_QUERY_LIMITED_INFORMATION,
    STILL_ACTIVE,
    TEMP_PREFIX,
    sweep_stale_temps,
    windows_pid_alive,
)


class StandInKernel32:
    """kernel32 as it answers for the processes of `table`: pid → the exit code a handle to it
    reads (`STILL_ACTIVE` while it runs), or `Refused(error)` when OpenProcess fails with that
    error (`ERROR_ACCESS_DENIED`: another user's, a protected process); a pid not in it is no
    process (ERROR_INVALID_PARAMETER). `exit_code_fails`: GetExitCodeProcess fails. Records the
    handles opened and closed."""

    def __init__(self, table: dict[int, int | Refused], *, exit_code_fails: bool = False) -> None:
        self.table = table
        self.exit_code_fails = exit_code_fails
        self.error = 0
        self.handles: dict[int, int] = {}  # handle → exit code
        self.closed: list[int] = []

    def last_error(self) -> int:
        return self.error

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int | None:  # noqa: N802
        assert access == PROCESS_QUERY_LIMITED_INFORMATION and inherit is False
        answer = self.table.get(pid, Refused(ERROR_INVALID_PARAMETER))
        if isinstance(answer, Refused):
            self.error = answer.error
            return None
        handle = 0x100 + 4 * len(self.handles)
        self.handles[handle] = answer
        return handle

    def GetExitCodeProcess(self, handle: int, code: Any) -> int:  # noqa: N802
        if self.exit_code_fails:
            self.error = 6  # ERROR_INVALID_HANDLE
            return 0
        code.contents.value = self.handles[handle]  # code: a pointer to a DWORD
        return 1

    def CloseHandle(self, handle: int) -> int:  # noqa: N802
        self.closed.append(handle)
        return 1


@dataclass(frozen=True)
class Refused:
    error: int


def _alive(kernel: StandInKernel32, pid: int) -> bool:
    return windows_pid_alive(pid, kernel, kernel.last_error)


def test_windows_a_pid_of_no_process_is_dead() -> None:
    kernel = StandInKernel32({})
    assert _alive(kernel, 4321) is False
    assert kernel.handles == {}


def test_windows_another_users_process_is_alive() -> None:
    assert _alive(StandInKernel32({4321: Refused(ERROR_ACCESS_DENIED)}), 4321) is True


def test_windows_a_running_process_is_alive_and_an_ended_one_dead_each_handle_closed() -> None:
    kernel = StandInKernel32({10: STILL_ACTIVE, 11: 0, 12: 1})
    assert [_alive(kernel, pid) for pid in (10, 11, 12)] == [True, False, False]
    assert kernel.closed == list(kernel.handles) and len(kernel.closed) == 3


def test_windows_an_answer_it_cannot_read_counts_as_alive() -> None:
    """On a doubt the files stay: they wait for a later run, a live writer's are never removed."""
    assert _alive(StandInKernel32({10: Refused(1450)}), 10) is True  # ERROR_NO_SYSTEM_RESOURCES
    failing = StandInKernel32({10: 0}, exit_code_fails=True)
    assert _alive(failing, 10) is True
    assert failing.closed == list(failing.handles) == [0x100]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _leftovers(folder: Path, pid: int) -> tuple[Path, list[Path]]:
    """What a process `pid` killed leaves: the hidden copy of a single file written (the work
    lists), and the outputs of a run killed after the first of its three renames."""
    plain = folder / f"{TEMP_PREFIX}p{pid}-1a2b3c4d-danh_sach_cong_viec.xlsx"
    plain.write_bytes(b"Nguyen Van A 01/02/1960")
    (folder / "bao_cao.md").write_bytes(b"moi")  # the run's first output, renamed before the kill
    run = [
        folder / f"{TEMP_PREFIX}r20260331T101502-3fa9c2d1-p{pid}-{i}of3f0-{name}"
        for i, name in ((1, "tong_hop.xlsx"), (2, "tong_hop.json"))
    ]
    for path in run:
        path.write_bytes(b"moi")
    return plain, run


def test_on_windows_the_sweep_asks_the_kernel_and_never_sends_a_signal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real leftovers of a dead writer, swept as on Windows: the kernel (its stand-in) says
    the process is gone; `os.kill` answers as Windows' does, and must not be called."""
    dead = _dead_pid()
    plain, run = _leftovers(tmp_path, dead)
    signals: list[tuple[int, int]] = []

    def windows_kill(pid: int, sig: int) -> None:
        signals.append((pid, sig))
        if sig == 0:  # CTRL_C_EVENT: GenerateConsoleCtrlEvent, for a pid of no process group
            raise OSError(errno.EINVAL, "The parameter is incorrect")
        raise AssertionError(sig)

    kernel = StandInKernel32({})  # no such process
    with monkeypatch.context() as windows:
        windows.setattr(atomic, "_kernel32", lambda: (kernel, kernel.last_error), raising=False)
        windows.setattr(atomic.os, "kill", windows_kill)
        windows.setattr(sys, "platform", "win32")
        sweep_stale_temps(tmp_path)
    assert signals == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao_cao.md", "tong_hop.json", "tong_hop.xlsx"]
    assert not plain.exists() and not any(p.exists() for p in run)


def test_on_posix_a_dead_process_is_dead_and_a_live_one_alive(tmp_path: Path) -> None:
    """POSIX as before: signal 0 tests the process; a live writer's files are left alone."""
    dead = _dead_pid()
    live = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        assert atomic._pid_alive(dead) is False
        assert atomic._pid_alive(live.pid) is True
        assert atomic._pid_alive(os.getpid()) is True
        assert atomic._pid_alive(os.getppid()) is True
        (tmp_path / "song").mkdir()
        kept, kept_run = _leftovers(tmp_path / "song", live.pid)
        plain, run = _leftovers(tmp_path, dead)
        sweep_stale_temps(tmp_path)
        sweep_stale_temps(tmp_path / "song")
        assert not plain.exists() and not any(p.exists() for p in run)
        assert (tmp_path / "tong_hop.json").read_bytes() == b"moi"
        assert kept.exists() and all(p.exists() for p in kept_run)
    finally:
        live.communicate(b"")
