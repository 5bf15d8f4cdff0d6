"""The switch of a WAL history back to DELETE mode is retried on any busy code SQLite gives.

`_rollback_journal` retries `PRAGMA journal_mode = DELETE` while SQLite says busy or locked
(review239 W3). Python gives SQLite's extended code (`SQLITE_BUSY_SNAPSHOT` is 517, `SQLITE_BUSY`
plus 2 << 8); compared with the primary codes alone, such a code was said locked at once, without
the wait every other write has (review241). The connection below answers as SQLite does, twice
busy with an extended code, then switched: it stands in for a second program's timing, which a
real file cannot produce on demand for these codes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from toolkit.core.errors import HistoryError
from toolkit.history.store import _rollback_journal

BUSY_SNAPSHOT = sqlite3.SQLITE_BUSY | (2 << 8)
LOCKED_SHAREDCACHE = sqlite3.SQLITE_LOCKED | (1 << 8)


class _Conn:
    """A connection whose history is in WAL and whose switch is busy `busy` times with `code`."""

    def __init__(self, busy: int, code: int) -> None:
        self.busy, self.code, self.tries = busy, code, 0

    def execute(self, sql: str) -> Any:
        class _Rows:
            def __init__(self, row: tuple[object, ...]) -> None:
                self.row = row

            def fetchone(self) -> tuple[object, ...]:
                return self.row

        if sql == "PRAGMA journal_mode":
            return _Rows(("wal",))
        if sql == "PRAGMA busy_timeout":
            return _Rows((5000,))
        assert sql == "PRAGMA journal_mode = DELETE", sql
        self.tries += 1
        if self.tries <= self.busy:
            exc = sqlite3.OperationalError("database is locked")
            exc.sqlite_errorcode = self.code  # type: ignore[attr-defined]
            raise exc
        return _Rows(("delete",))


@pytest.mark.parametrize("code", [sqlite3.SQLITE_BUSY, BUSY_SNAPSHOT, LOCKED_SHAREDCACHE])
def test_an_extended_busy_code_is_waited_for_as_the_primary_one(tmp_path: Path, code: int) -> None:
    conn = _Conn(busy=2, code=code)
    _rollback_journal(conn, tmp_path / "h.sqlite", lambda _: None)  # type: ignore[arg-type]
    assert conn.tries == 3


def test_another_error_is_not_retried(tmp_path: Path) -> None:
    conn = _Conn(busy=2, code=sqlite3.SQLITE_IOERR | (3 << 8))
    with pytest.raises((sqlite3.OperationalError, HistoryError)):
        _rollback_journal(conn, tmp_path / "h.sqlite", lambda _: None)  # type: ignore[arg-type]
    assert conn.tries == 1
