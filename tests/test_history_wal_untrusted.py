"""A WAL file a write refuses is not switched back to DELETE mode first (review239 W1).

A write puts a history another program switched to WAL back in DELETE mode (review232 F3). That
switch changes the file (its header's journal mode, its `-wal` checkpointed and removed), so it
must come after the checks that refuse a file ward-stats cannot trust: another program's
database chosen by mistake, or a history of a newer ward-stats, is refused as it was.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from helpers_history import WAL, filled_history, record, wal_by_another_program

from toolkit.core.errors import HistoryCorrupt, HistoryNewer
from toolkit.history.rename import rename_ward
from toolkit.history.store import HistoryStore


def _still_wal_with_its_rows(path: Path) -> None:
    assert path.read_bytes()[18:20] == WAL
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT note FROM other_program").fetchall() == [("giữ lại",)]


def test_another_program_s_wal_database_is_refused_as_it_was(tmp_path: Path) -> None:
    other = tmp_path / "cua_chuong_trinh_khac.db"
    wal_by_another_program(other)
    with pytest.raises(HistoryCorrupt, match="chương trình khác"):
        HistoryStore(other).add(record())
    _still_wal_with_its_rows(other)
    with pytest.raises(HistoryCorrupt, match="chương trình khác"):
        HistoryStore(other).remove(1)
    _still_wal_with_its_rows(other)


def test_a_newer_history_in_wal_is_refused_as_it_was(tmp_path: Path) -> None:
    history = filled_history(tmp_path / "h.sqlite", record())
    with closing(sqlite3.connect(history)) as conn:
        conn.execute("PRAGMA user_version = 999")
    wal_by_another_program(history)
    with pytest.raises(HistoryNewer):
        HistoryStore(history).add(record(run_id="r2"))
    _still_wal_with_its_rows(history)
    with pytest.raises(HistoryNewer):
        HistoryStore(history).remove(1)
    _still_wal_with_its_rows(history)
    with pytest.raises(HistoryNewer):
        rename_ward(HistoryStore(history), "Phường Thử", "Phường Mới")
    _still_wal_with_its_rows(history)


def test_the_switch_back_waits_for_another_connection_as_any_write_does(tmp_path: Path) -> None:
    """review239 W3: SQLite's switch out of WAL takes its lock without the busy handler, so a
    connection open on the WAL history for a moment (another run reading it) made the write fail
    at once as locked, where every other write waits the store's timeout. It waits, then
    switches and records."""
    history = filled_history(tmp_path / "h.sqlite", record())
    other = sqlite3.connect(history, isolation_level=None, check_same_thread=False)
    assert other.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
    assert other.execute("SELECT count(*) FROM consolidation").fetchone() == (1,)
    closer = threading.Timer(1.0, other.close)  # the other connection ends after a second
    closer.start()
    try:
        started = time.monotonic()
        HistoryStore(history, timeout=20).add(record(run_id="r2"))
        assert time.monotonic() - started >= 0.9  # it waited
    finally:
        closer.join()
    assert history.read_bytes()[18:20] == b"\x01\x01"  # DELETE mode
    assert [r.run_id for r in HistoryStore(history).records()] == ["r1", "r2"]
