"""SQLite's failures reach the user in Vietnamese (`toolkit.history.store.translate`): a full
disk under the history (a full USB stick) once showed SQLite's English "database or disk is
full" inside the Vietnamese line, in `consolidate`'s warning, `history import` and `history
remove`.

The failures are SQLite's own, on real files: a database that may grow no further (SQLite's
`max_page_count`, which fails exactly as a full disk does, SQLITE_FULL), a file-size limit on
the process (the write fails: SQLITE_IOERR), a file that is no database, a read-only
connection, a missing folder, a lock held by another connection.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers_history import digest, filled_history, record, run_cli
from toolkit.history.store import translate

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = re.compile(r"database|disk is full|disk I/O|unable to open|readonly|locked\)|not a database", re.I)


def _summary(tmp_path: Path) -> Path:
    """A ward summary to import, its record larger than a page of the history."""
    indicators = {"members.total": 5, **{f"members.by_year_{i}": i % 6 for i in range(400)}}  # parts ≤ total
    summary = tmp_path / "s.json"
    summary.write_text(
        json.dumps({"cutoff_date": "2024-03-31", "period_start": "2024-01-01", "indicators": indicators}),
        encoding="utf-8",
    )
    return summary


def _capped(real: Callable[..., sqlite3.Connection]) -> Callable[..., sqlite3.Connection]:
    """`sqlite3.connect`, its databases unable to grow beyond their present size."""

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(*args, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return conn

    return connect


def test_history_import_on_a_full_disk_says_so_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = filled_history(tmp_path / "h.sqlite", record())
    before = digest(history)
    monkeypatch.setattr(sqlite3, "connect", _capped(sqlite3.connect))
    done = run_cli("history", "import", _summary(tmp_path), "--history", history)
    assert done.exit_code == 2, done.output
    assert f"Không ghi được tệp lịch sử “{history}” (ổ đĩa đã đầy: hãy giải phóng dung lượng" in done.output
    assert not ENGLISH.search(done.output), done.output
    assert digest(history) == before


def test_history_import_on_a_failing_disk_says_so_in_vietnamese(tmp_path: Path) -> None:
    """The write of the history fails (here: beyond the file size the process may write)."""
    history = filled_history(tmp_path / "h.sqlite", record())
    before = digest(history)
    limit = 4096  # no write beyond the first page: neither the journal nor the records fit

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "history", "import", str(_summary(tmp_path)),
         "--history", str(history)],
        cwd=ROOT, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, capture_output=True, text=True,
        timeout=300, preexec_fn=limited,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert f"Không ghi được tệp lịch sử “{history}” (lỗi đọc/ghi của thiết bị lưu trữ)." in done.stderr
    assert not ENGLISH.search(done.stderr), done.stderr
    assert digest(history) == before


def _real_error(tmp_path: Path, kind: str) -> sqlite3.Error:
    """SQLite's own error of each kind, from a real file."""
    path = tmp_path / "h.sqlite"
    filled_history(path, record())
    try:
        if kind == "full":
            conn = _capped(sqlite3.connect)(str(path))
            conn.execute("CREATE TABLE pad (x)")
            conn.execute("INSERT INTO pad VALUES (zeroblob(100000))")
        elif kind == "not_a_database":
            junk = tmp_path / "junk.sqlite"
            junk.write_bytes(b"khong phai co so du lieu " * 100)
            sqlite3.connect(str(junk)).execute("SELECT * FROM sqlite_master").fetchall()
        elif kind == "read_only":
            sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True).execute("CREATE TABLE x (y)")
        elif kind == "cannot_open":
            sqlite3.connect(str(tmp_path / "khong_co" / "h.sqlite"))
        elif kind == "locked":
            holder = sqlite3.connect(str(path), isolation_level=None)
            holder.execute("BEGIN EXCLUSIVE")
            sqlite3.connect(str(path), timeout=0).execute("SELECT * FROM consolidation").fetchall()
    except sqlite3.Error as exc:
        return exc
    raise AssertionError(f"no error of kind {kind}")


@pytest.mark.parametrize(
    ("kind", "writing", "said"),
    [
        ("full", True, "(ổ đĩa đã đầy: hãy giải phóng dung lượng rồi chạy lại)."),
        ("not_a_database", False, "bị hỏng hoặc không phải tệp lịch sử của ward-stats."),
        ("read_only", True, "Không có quyền ghi vào tệp lịch sử"),
        ("read_only", False, "(tệp hoặc thư mục chứa tệp chỉ cho đọc)."),
        ("cannot_open", True, "Không có quyền ghi vào tệp lịch sử"),
        ("cannot_open", False, "(không mở được tệp)."),
        ("locked", False, "đang bị chương trình khác khóa"),
    ],
)
def test_sqlites_own_errors_become_vietnamese_reasons(
    tmp_path: Path, kind: str, writing: bool, said: str
) -> None:
    message = translate(_real_error(tmp_path, kind), tmp_path / "h.sqlite", writing=writing).message_vi
    assert said in message and not ENGLISH.search(message), message


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("database or disk is full", "ổ đĩa đã đầy"),
        ("disk I/O error", "lỗi đọc/ghi của thiết bị lưu trữ"),
        ("out of memory", "không đủ bộ nhớ"),
        ("something SQLite never said before", "lỗi SQLite không rõ nguyên nhân"),
    ],
)
def test_an_error_without_sqlites_code_is_read_by_its_words_and_never_shown(text: str, said: str) -> None:
    message = translate(sqlite3.OperationalError(text), Path("h.sqlite"), writing=True).message_vi
    assert said in message and text not in message, message
