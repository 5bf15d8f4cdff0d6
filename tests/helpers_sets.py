"""Helpers of the tests of commands whose files stand or fall together (`upgrade`, `template
--registry`): a folder's files and bytes, a stand-in for Ctrl+C on the n-th file, and the
command run as its own process with a Ctrl+C sent, or killed (SIGKILL), in the middle of the
renames."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from toolkit.cli import main
from toolkit.io.atomic import TEMP_PREFIX

ROOT = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, bytes] | None:
    """Every entry of a folder (hidden ones too) with its bytes; None when there is no folder."""
    if not folder.exists():
        return None
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)] if folder.exists() else []


def interrupt_on_call(n: int, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func`, raising KeyboardInterrupt (what Ctrl+C raises) when called the n-th time."""
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == n:
            raise KeyboardInterrupt
        return func(*args, **kwargs)

    return wrapper


@pytest.fixture
def sigint_kept() -> Iterator[None]:
    """The command line ignores a second Ctrl+C once it stops for one: the test process keeps
    its own handler."""
    handler = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, handler)


def command(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`ward-stats ARGS` in this process: exit code, stdout, stderr."""
    code: Any = 0
    try:
        main([str(a) for a in args], standalone_mode=False)  # returns when a command ends without exit
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return (0 if code is None else int(code)), captured.out, captured.err


# Run as `python -c`: Ctrl+C (a real SIGINT to the process) right after the second rename of a
# set's temporary files into place, then the command line as the `ward-stats` command starts it.
_CTRL_C_WHILE_RENAMING = """
import os, signal, sys
real, renamed = os.replace, []
def replace(src, dst):
    real(src, dst)
    if os.path.basename(os.fspath(src)).startswith((".~ws-tmp-r", ".~ws-tmp-s")):
        renamed.append(dst)
        if len(renamed) == 2:
            os.kill(os.getpid(), signal.SIGINT)
os.replace = replace
sys.argv = ["ward-stats", *sys.argv[1:]]
from toolkit.__main__ import run
run()
"""


def _env(cwd: Path) -> dict[str, str]:
    """The environment of a command run in `cwd` (the repository's toolkit imported from there)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"}
    if cwd != ROOT:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def run_with_ctrl_c_while_renaming(args: list[str], *, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`ward-stats ARGS` as its own process, started in `cwd`, with Ctrl+C pressed once two of
    its files are renamed into place."""
    return subprocess.run(
        [sys.executable, "-c", _CTRL_C_WHILE_RENAMING, *(str(a) for a in args)],
        cwd=cwd,
        env=_env(cwd),
        capture_output=True,
        text=True,
        timeout=300,
        # Ctrl+C as from a terminal: a command started in the background by a shell (as a CI
        # runner may start the tests) inherits SIGINT ignored, and would never see it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


# Run as `python -c`: killed (SIGKILL, which nothing holds back) after the n-th rename of a set's
# temporary files into place, n the first argument; then the command line as `ward-stats`.
_KILLED_WHILE_RENAMING = """
import os, signal, sys
real, renamed, after = os.replace, [], int(sys.argv[1])
def replace(src, dst):
    if os.path.basename(os.fspath(src)).startswith((".~ws-tmp-r", ".~ws-tmp-s")):
        if len(renamed) == after:
            os.kill(os.getpid(), signal.SIGKILL)
        renamed.append(dst)
    real(src, dst)
os.replace = replace
sys.argv = ["ward-stats", *sys.argv[2:]]
from toolkit.__main__ import run
run()
"""


def run_killed_while_renaming(
    args: list[str], after: int, *, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """`ward-stats ARGS` as its own process, started in `cwd`, killed once `after` of its files
    are renamed into place (the process has ended when this returns: its id is a dead process's)."""
    return subprocess.run(
        [sys.executable, "-c", _KILLED_WHILE_RENAMING, str(after), *(str(a) for a in args)],
        cwd=cwd,
        env=_env(cwd),
        capture_output=True,
        text=True,
        timeout=300,
    )
