"""Something that is not a regular file at a name SQLite keeps beside the history (`-journal`,
`-wal`, `-shm`): a FIFO, a folder, a socket. SQLite opens those names itself: a FIFO's open
waits forever for a writer (every command hung), a folder makes the open fail with SQLite's
bare words (review232 F4). The history is refused before it is opened, with a Vietnamese
message naming the path, what it is and what to do; a record is not written, the outputs are.

Each command runs in a real subprocess with a timeout, so that a hang fails the test instead
of stopping the suite.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_history import digest, filled_history, record

ROOT = Path(__file__).resolve().parent.parent

SIDECARS = ("-journal", "-wal", "-shm")


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


def _add(history: Path) -> subprocess.CompletedProcess[str]:
    """A write of the store (`HistoryStore.add`) in a child, with the outcome printed."""
    code = (
        "import sys\n"
        "from helpers_history import record\n"
        "from toolkit.core.errors import HistoryError\n"
        "from toolkit.history.store import HistoryStore\n"
        "try:\n"
        "    HistoryStore(sys.argv[1]).add(record(run_id='r2'))\n"
        "except HistoryError as exc:\n"
        "    print('REFUSED', exc)\n"
        "else:\n"
        "    print('ADDED')\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(history)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}"},
    )  # fmt: skip


def _make(kind: str, at: Path) -> None:
    if kind == "fifo":
        os.mkfifo(at)
    elif kind == "folder":
        at.mkdir()
    else:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(at))
        sock.close()


_WORDS = {"fifo": "FIFO", "folder": "thư mục", "socket": "socket"}


@pytest.mark.parametrize("suffix", SIDECARS)
@pytest.mark.parametrize("kind", ["fifo", "folder", "socket"])
def test_a_sidecar_that_is_no_file_is_refused_by_a_reader_naming_it(
    tmp_path: Path, kind: str, suffix: str
) -> None:
    history = filled_history(tmp_path / "lịch sử.sqlite", record())
    before = digest(history)
    sidecar = tmp_path / f"lịch sử.sqlite{suffix}"
    _make(kind, sidecar)
    listed = _run("history", "list", "--history", history)
    assert listed.returncode == 2, listed.stdout + listed.stderr
    said = listed.stderr
    assert "Traceback" not in said
    assert f"\u201c{sidecar}\u201d" in said  # the path, in full
    assert _WORDS[kind] in said  # what it is
    assert "không phải tệp thông thường" in said
    assert "Hãy đổi tên hoặc chuyển" in said  # what to do
    assert digest(history) == before
    assert sidecar.exists() or sidecar.is_socket()  # never removed: it may be the clerk's


@pytest.mark.parametrize("suffix", SIDECARS)
def test_a_fifo_sidecar_is_refused_by_a_writer_and_the_history_is_kept(tmp_path: Path, suffix: str) -> None:
    history = filled_history(tmp_path / "h.sqlite", record())
    before = digest(history)
    os.mkfifo(tmp_path / f"h.sqlite{suffix}")
    added = _add(history)
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("REFUSED "), added.stdout
    assert f"\u201c{tmp_path / f'h.sqlite{suffix}'}\u201d" in added.stdout
    assert digest(history) == before
    (tmp_path / f"h.sqlite{suffix}").unlink()
    assert _add(history).stdout.strip() == "ADDED"  # once it is gone, the history is written


def test_a_regular_empty_journal_is_no_problem(tmp_path: Path) -> None:
    history = filled_history(tmp_path / "h.sqlite", record())
    (tmp_path / "h.sqlite-journal").write_bytes(b"")
    listed = _run("history", "list", "--history", history)
    assert listed.returncode == 0, listed.stderr
    assert _add(history).stdout.strip() == "ADDED"


@pytest.mark.parametrize("suffix", SIDECARS)
def test_a_link_to_a_regular_file_is_refused_naming_it_not_as_a_missing_permission(
    tmp_path: Path, suffix: str
) -> None:
    """review239 W2: SQLite opens these names with `O_NOFOLLOW`, so a link there, even to a
    regular file, made every command fail as a file that cannot be opened (`-journal`) or as a
    missing write permission (`-wal`; `-shm` once the history is in WAL). It is named as the
    link it is, with what to do; neither it nor what it points to is touched."""
    history = filled_history(tmp_path / "h.sqlite", record())
    before = digest(history)
    target = tmp_path / "tep_cua_nguoi_dung.txt"
    target.write_bytes(b"X" * 5000)
    sidecar = tmp_path / f"h.sqlite{suffix}"
    sidecar.symlink_to(target)
    listed = _run("history", "list", "--history", history)
    assert listed.returncode == 2, listed.stdout + listed.stderr
    said = " ".join(listed.stderr.split())
    assert "Traceback" not in said
    assert f"\u201c{sidecar}\u201d là một lối tắt (liên kết), không phải tệp thông thường" in said, said
    assert "Hãy đổi tên hoặc chuyển" in said
    added = _add(history)
    assert added.stdout.startswith("REFUSED "), added.stdout + added.stderr
    assert "lối tắt (liên kết)" in added.stdout and "quyền ghi" not in added.stdout
    assert digest(history) == before
    assert sidecar.is_symlink() and target.read_bytes() == b"X" * 5000
    sidecar.unlink()
    assert _add(history).stdout.strip() == "ADDED"  # once it is gone, the history is written
