"""The history file: an SQLite database (standard library `sqlite3`) of past consolidations.

- **One transaction per record.** `add` runs `BEGIN IMMEDIATE` (the write lock is taken
  before anything is read, so two writers never deadlock: the second waits up to `timeout`
  seconds), migrates the schema when needed, inserts the record, sets which records of its
  cut-off are current, and commits; any failure rolls everything back.
- **The current record is per ward.** Of the records of one cut-off and one ward (`ward_key`:
  the name as `toolkit.history.session` compares it; the records without a name are one more
  group) the one that ran last is current (`current_ids`), a record of a run that consolidated
  no organisation never (its zeros are no ward's figures): a history shared by several wards
  (an office writing their outputs into one folder) keeps each ward's record of a cut-off
  current, whichever ward ran last. It is computed from the records whenever they are read, so
  a file written by a version that let one ward's run supersede another's is read right
  without a migration; the stored `is_current` is set the same way on every write (for older
  versions, which read it).
- **Rollback journal, not WAL.** The history is one file that the clerk may copy, e-mail or
  keep on a shared or synchronised folder; WAL needs a `-wal` and a `-shm` file beside it
  (a copy without them loses the last records), shared memory that network file systems do
  not provide, and write access even to read. A record is written a few times a year, so
  WAL's concurrency gains nothing here; the default `DELETE` journal keeps the file whole.
  A history another program switched to WAL is put back in DELETE mode by the next write
  (`_rollback_journal`), keeping what was committed.
- **Never spoils a file it cannot trust.** A file that is not SQLite, damaged, of another
  program, of a newer schema version, read-only or locked raises a `HistoryError` subclass
  (`toolkit.core.errors`) before anything is written; reading opens the file read-only
  (`mode=ro`), so a failed read leaves it byte for byte as it was. (The one write a reader
  makes is SQLite's own recovery: the journal of a writer killed inside its transaction is
  rolled back first, restoring the last committed state; that it was is said once by the
  command that opened the file, since the run it was recording is in no record: `_recover`,
  `interrupted`.) A damaged page inside a sound
  header is found by `PRAGMA quick_check` (once per store on reading, under the write lock
  before writing); a record whose stored text cannot be decoded, in its organisation rows
  too (`_unreadable_orgs`), is `HistoryCorrupt` too (`scan` lists the readable records beside
  it, so `history remove` can take it out). A table or column of the file's schema version
  that is missing (`_check_shape`) is a damaged file, refused before anything is read: no
  removal of records mends it.
- **A new file appears complete.** The first record of a new history is written into a hidden
  temporary file beside it and published on commit without replacing any file (`publish_new`),
  so no reader or writer ever finds a history of 0 bytes the tool is making; a file of 0 bytes
  at the history's path is a failed copy, `HistoryCorrupt` (`_check_empty`).
- **A record is committed with the outputs.** `begin` inserts a record in an open transaction
  and returns a `PendingRecord`; a consolidation commits it once its outputs are renamed into
  place (`toolkit.outputs.publish`), so the history never holds a run whose outputs were not
  published. Under that write lock, before the insert, `begin` reads the records of the new
  record's cut-off (`PendingRecord.before`): what the history holds when the record is
  committed, whatever other writers added since the run read it (the record it takes the
  place of is said from them, hunt133 #3).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import os
import re
import secrets
import sqlite3
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from toolkit.core.commands import HISTORY_FILENAME, removal_advice
from toolkit.core.errors import (
    HistoryCorrupt,
    HistoryError,
    HistoryLocked,
    HistoryNewer,
    HistoryPathTooLong,
    HistoryReadOnly,
    SummaryError,
    WardStatsError,
    os_error_text,
)
from toolkit.core.text import ward_key
from toolkit.history.records import OrgRecord, Record, SourceRecord, consolidated_any
from toolkit.history.schema import APPLICATION_ID, MIGRATIONS, REMOVED_IDS_VERSION
from toolkit.io.atomic import TEMP_PREFIX, fsync_dir, sweep_plain_temps
from toolkit.io.files import NOT_REGULAR, resolved
from toolkit.io.summary import check_indicators

DEFAULT_FILENAME = HISTORY_FILENAME  # beside the workbook (the .xlsm, or the output)
HISTORY_SUFFIX = ".sqlite"  # the one suffix a new history file is created under
DEFAULT_TIMEOUT = 10.0  # seconds a writer waits for another to finish
SQLITE_HEADER = b"SQLite format 3\x00"
TABLES = frozenset({"consolidation", "organisation", "source_file"})
REMOVED_FOLDER = "lich_su_da_xoa"  # the copies of removed records, beside the history
# A copy's name (`removal.copy_path`, and a damaged record's rows): `lan_3_chot_2026-03-31.json`,
# `lan_3_chot_2026-03-31_2.json`, `lan_3_hong.json`; numbers of up to 18 digits (SQLite's 64 bits)
_COPY_NAME = re.compile(r"lan_([1-9][0-9]{0,17})_(?:chot_[0-9]{4}-[0-9]{2}-[0-9]{2}|hong)(?:_[0-9]+)?\.json")


# SQLite's integers are 64-bit: a number beyond them (20 digits typed by a slip) is no record's
# id, and would make Python's sqlite3 raise OverflowError.
_SQLITE_INT_MIN, _SQLITE_INT_MAX = -(2**63), 2**63 - 1


def _storable_id(record_id: int) -> bool:
    return _SQLITE_INT_MIN <= record_id <= _SQLITE_INT_MAX


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _named(path: Path) -> str:
    return f"\u201c{path}\u201d"


def new_history_problem(path: Path) -> str | None:
    """Why no history may be created at `path` (in Vietnamese), or None. A new history file is
    created only under `HISTORY_SUFFIX`: `--history lich_su.xlsx` (or `.json`) made an SQLite
    database under a name that Excel or a JSON reader opens, and that a later output of that
    name replaced, every stored consolidation lost (hunt122 F1; the outputs now refuse an
    existing history whatever its name, `publish.refuse_history`). Anything already at `path`
    is no creation (None): an existing history is opened whatever its name, so that a history
    made so by an earlier version is not locked away from its ward, and what is wrong with
    another file there is said by the opening (`_check_place`, `_check_header`). The suffix
    is read as Windows reads the name, without the trailing dots and spaces it drops."""
    path = Path(path)
    if os.path.lexists(path):
        return None
    name = Path(path.name.rstrip(". "))
    if name.suffix.casefold() == HISTORY_SUFFIX:
        return None
    instead = path.with_name((name.stem or Path(DEFAULT_FILENAME).stem) + HISTORY_SUFFIX)
    typed = f"đuôi \u201c{name.suffix}\u201d" if name.suffix else "tên không có đuôi"
    return (
        f"Chưa có tệp lịch sử {_named(path)}, và tệp lịch sử mới chỉ được tạo với đuôi "
        f"{HISTORY_SUFFIX}, không phải {typed}: tệp lịch sử là cơ sở dữ liệu SQLite, mang tên của "
        "tệp khác thì Excel hay chương trình khác sẽ mở nhầm, và ghi một tệp kết quả trùng tên sẽ "
        "làm mất mọi lần tổng hợp đã lưu. Hãy chọn tệp lịch sử có đuôi "
        f"{HISTORY_SUFFIX} (--history), ví dụ {_named(instead)}."
    )


# What SQLite's primary result codes mean, in Vietnamese (its own messages are English), and
# the words of its messages that say the same, for an error raised without a code.
_SQLITE_REASONS: dict[int, str] = {
    sqlite3.SQLITE_FULL: "ổ đĩa đã đầy: hãy giải phóng dung lượng rồi chạy lại",
    sqlite3.SQLITE_IOERR: "lỗi đọc/ghi của thiết bị lưu trữ",
    sqlite3.SQLITE_NOMEM: "không đủ bộ nhớ",
    sqlite3.SQLITE_CANTOPEN: "không mở được tệp",
    sqlite3.SQLITE_READONLY: "tệp hoặc thư mục chứa tệp chỉ cho đọc",
    sqlite3.SQLITE_PERM: "không được phép truy cập tệp",
}
_SQLITE_WORDS: tuple[tuple[str, int], ...] = (
    ("full", sqlite3.SQLITE_FULL),
    ("disk i/o", sqlite3.SQLITE_IOERR),
    ("out of memory", sqlite3.SQLITE_NOMEM),
    ("unable to open", sqlite3.SQLITE_CANTOPEN),
    ("readonly", sqlite3.SQLITE_READONLY),
    ("read-only", sqlite3.SQLITE_READONLY),
    ("permission", sqlite3.SQLITE_PERM),
)


def _sqlite_code(exc: sqlite3.Error) -> int | None:
    """SQLite's primary result code of `exc` (Python 3.11+ keeps it), else one read from the
    words of its message; None when neither says."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(exc).lower()
    return next((known for words, known in _SQLITE_WORDS if words in text), None)


def _sqlite_reason(exc: sqlite3.Error) -> str:
    """Why SQLite failed, in Vietnamese: never its English message."""
    code = _sqlite_code(exc)
    if code in _SQLITE_REASONS:
        return _SQLITE_REASONS[code]
    name = getattr(exc, "sqlite_errorname", None)
    return f"lỗi SQLite {name}" if isinstance(name, str) and name else "lỗi SQLite không rõ nguyên nhân"


def translate(exc: sqlite3.Error, path: Path, *, writing: bool) -> HistoryError:
    """The `HistoryError` an sqlite3 failure means, with a Vietnamese message naming the file
    (SQLite's own words, English, never reach the user)."""
    text = str(exc).lower()
    code = _sqlite_code(exc)
    if "locked" in text or "busy" in text or code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return HistoryLocked(
            f"Tệp lịch sử {_named(path)} đang bị chương trình khác khóa (có thể một lần tổng hợp khác "
            "đang ghi, hoặc tệp đang mở trong chương trình khác)."
        )
    if writing and code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return HistoryReadOnly(f"Không có quyền ghi vào tệp lịch sử {_named(path)} hoặc thư mục chứa tệp.")
    if (
        "not a database" in text
        or "malformed" in text
        or "corrupt" in text
        or "encrypted" in text
        or code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)
    ):
        return _unusable(f"Tệp lịch sử {_named(path)} bị hỏng hoặc không phải tệp lịch sử của ward-stats")
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return _unusable(f"Tệp lịch sử {_named(path)} bị hỏng ({_sqlite_reason(exc)})")
    return HistoryError(
        f"Không {'ghi' if writing else 'đọc'} được tệp lịch sử {_named(path)} ({_sqlite_reason(exc)})."
    )


class RunAlreadyStored(WardStatsError):  # noqa: N818 - not a failure: the run is there
    """`HistoryStore.begin(record, once=True)`: the history holds a record of that run already
    (`record_id`), found under the write lock, so two imports of one summary at once add it once."""

    code = "error.run_already_stored"

    def __init__(self, record_id: int) -> None:
        super().__init__(f"Lần tổng hợp này đã có trong lịch sử (số {record_id}); không thêm lần nữa.")
        self.record_id = record_id


class HistoryStore:
    """The history file at `path` (created on the first record). `migrations` are the schema's
    (a test passes a longer list to act as a later version of the toolkit)."""

    def __init__(
        self,
        path: Path,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        migrations: tuple[tuple[str, ...], ...] = MIGRATIONS,
        on_interrupted: Callable[[str], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.migrations = migrations
        self.schema_version = len(migrations)
        self._checked = False  # `_intact` found the file sound
        # Whether this store rolled back a write cut off inside its commit (`_recover`): the run
        # that wrote it is in no record, which the command that opened it says once.
        self.interrupted = False
        self._on_interrupted = on_interrupted

    # --- opening and checking -----------------------------------------------------------------

    def exists(self) -> bool:
        """Whether there is a file at the history's path: one of 0 bytes too, which is damaged
        (`_check_empty`), never a history yet to be made."""
        return self.path.is_file()

    def _check_empty(self) -> None:
        """`HistoryCorrupt` for a file of 0 bytes. The tool never leaves one at the history's
        path (a new history is published complete: `_new_temp`, `publish_new`), so it is a copy
        that failed (to a USB stick, by a synchronising program, on a full disk): taken for a new
        history, the ward's records would be silently gone and the opening balances unchecked
        (hunt104 #4). It is neither read nor written."""
        try:
            empty = self.path.stat().st_size == 0
        except OSError as exc:
            reason = os_error_text(exc)
            raise HistoryError(f"Không đọc được tệp lịch sử {_named(self.path)} ({reason}).") from None
        if empty:
            raise HistoryCorrupt(_empty_text(self.path), reason_vi=_empty_text(self.path, advice=False))

    def _check_place(self, *, writing: bool) -> None:
        """Raise a `HistoryError` saying what is wrong with the path itself: a folder where the
        file should be, or (to write) a folder that does not exist. Without it SQLite says only
        that it cannot open the file, which reads as a missing permission."""
        if self.path.is_dir():
            raise HistoryError(
                f"{_named(self.path)} là một thư mục, không phải tệp lịch sử tổng hợp. Hãy đổi tên hoặc "
                "chuyển thư mục đó đi, hoặc chọn tệp lịch sử khác (--history); để tổng hợp không dùng "
                "lịch sử: --no-history."
            )
        if self.path.is_symlink() and not self.path.exists():
            raise HistoryError(dangling_text(self.path))
        if os.path.lexists(self.path) and not self.path.is_file():
            raise HistoryError(not_regular_text(self.path))
        if (problem := _sidecar_problem(self.path)) is not None:
            raise HistoryError(problem)
        if writing and not self.path.parent.is_dir():
            raise HistoryError(
                f"Thư mục {_named(self.path.parent)} không tồn tại; không thể ghi tệp lịch sử "
                f"{_named(Path(self.path.name))}."
            )

    def _check_header(self) -> None:
        try:
            with open(self.path, "rb") as f:
                head = f.read(len(SQLITE_HEADER))
        except OSError as exc:
            reason = os_error_text(exc)
            raise HistoryError(f"Không đọc được tệp lịch sử {_named(self.path)} ({reason}).") from None
        if head and head != SQLITE_HEADER:
            raise _unusable(
                f"Tệp {_named(self.path)} không phải tệp lịch sử của ward-stats "
                "(không phải cơ sở dữ liệu SQLite)"
            )

    def _version(self, conn: sqlite3.Connection) -> int:
        """The schema version of an open database, after checking it is ours and not newer."""
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if app not in (0, APPLICATION_ID) or (app == 0 and (version or tables)):
            raise HistoryCorrupt(
                f"Tệp {_named(self.path)} là cơ sở dữ liệu của chương trình khác, "
                "không phải lịch sử tổng hợp của ward-stats."
            )
        if version > self.schema_version:
            raise HistoryNewer(
                f"Tệp lịch sử {_named(self.path)} do phiên bản ward-stats mới hơn tạo ra (lược đồ {version}, "
                f"phiên bản này hiểu đến {self.schema_version}). Hãy cập nhật ward-stats."
            )
        if version:
            self._check_shape(conn, int(version), tables)
        return int(version)

    def _check_shape(self, conn: sqlite3.Connection, version: int, tables: set[str]) -> None:
        """`HistoryCorrupt` when a table or a column that schema `version` has is missing (a
        table dropped, a column dropped in a database browser or by another program): every
        read or write of it would fail with SQLite's bare `SQLITE_ERROR`, and removing records
        cannot mend it (hunt115 F4). Columns added by others are left alone."""
        expected = _schema_shape(self.migrations, version)
        missing_tables = sorted(TABLES.union(expected) - tables)
        if missing_tables:
            raise _shape_error(self.path, f"thiếu bảng dữ liệu \u201c{missing_tables[0]}\u201d")
        for table in sorted(expected):
            columns = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
            missing = [c for c in expected[table] if c not in columns]
            if missing:
                raise _shape_error(self.path, f"bảng \u201c{table}\u201d thiếu cột \u201c{missing[0]}\u201d")

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection | None]:
        """A read-only connection (None when there is no history yet); errors translated."""
        self._check_place(writing=False)
        if not self.exists():
            yield None
            return
        self._check_empty()
        self._check_header()
        self._recover()
        uri = resolved(self.path).as_uri() + "?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._hot_unreadable(exc) from None
        try:
            if self._version(conn) == 0:
                yield None
            elif not self._intact(conn, once=True):
                raise _structure_error(self.path)
            else:
                yield conn
        except sqlite3.Error as exc:
            raise self._hot_unreadable(exc) from None
        finally:
            conn.close()

    def _intact(self, conn: sqlite3.Connection, *, once: bool = False) -> bool:
        """Whether SQLite finds the file's structure sound (`PRAGMA quick_check`: every page,
        index and record well formed; milliseconds on a history of a few MB). A damaged page
        otherwise reads as fewer rows, silently. `once`: a reader checks a store once (a run
        reads it a few times); a writer checks under its write lock every time."""
        if once and self._checked:
            return True
        rows = conn.execute("PRAGMA quick_check").fetchall()
        sound = [tuple(r) for r in rows] == [("ok",)]
        self._checked = sound
        return sound

    def _recover(self) -> None:
        """Roll back what a writer killed inside its commit left (a hot `-journal`: a power cut
        or a killed process), so a read-only reader does not fail on it, and remember that it
        did (`interrupted`; said once through `on_interrupted`): the run whose record that was
        is in no record, though its outputs may be in place (R1 of hunt228: the rollback was
        silent). Only a connection that may write can restore the file's last committed state,
        which SQLite does when it first locks the file; without write access to the file the
        read-only reader below fails on the journal, and says why (`_hot_unreadable`).

        SQLite takes a journal for hot when its first byte is not zero (the header's magic is
        written when the journal is synced, inside the commit: a writer killed before its
        commit, or before its changes spilled into the file, leaves a journal that is not hot
        and nothing to roll back) and no other connection holds the write lock. That is asked
        with a write lock taken without waiting (`BEGIN IMMEDIATE`, timeout 0): busy, the
        journal is a live writer's (or another reader is rolling it back: that one says it),
        and nothing is said; taken, a hot journal has just been rolled back and is gone, or a
        live writer's commit ended between the look at the journal and the lock (its journal
        deleted too). The file's change counter (`_change_counter`, header bytes 24..27, which
        every commit raises) tells them apart: a rollback restores the counter the file had
        before the writer's transaction, a commit leaves it higher. That counter is page 1's in
        the journal (`_journaled_counter`: the writer journals page 1 before it writes it into
        the file, killed after writing it or not), or, page 1 not journaled when the journal was
        read, the file's own read before the look (the writer had not written page 1 then). It
        was the counter read after the look, plus one: a writer that wrote page 1 or committed
        between the look and that read was taken for a rollback (review232 F1, a false alarm).

        A writer killed after its outputs were renamed but before its commit synced the journal
        (its slowest step; a console window closed then) leaves a journal whose first byte is
        zero, which SQLite ignores and leaves there: its run is in no record all the same
        (review232 F2). The store's journal is DELETE's, which exists only while a writer holds
        the write lock: so such a journal still there once this lock is taken is a dead
        writer's, removed under the lock (SQLite never reads it) and said as the rollback is."""
        # Read before the look at the journal: a live writer writes page 1 into the file only
        # once it is in its journal, synced (review232 F1).
        counter = _change_counter(self.path)
        journal = self.path.with_name(self.path.name + "-journal")
        hot = _hot(journal)
        if not (hot or _left(journal)) or not os.access(self.path, os.W_OK):
            return
        # A file of another kind there (a stray text file, a copy's leftover: no journal header)
        # is no writer's: SQLite deletes it, hot, without a rollback, or ignores it; not said
        # (review239 left-out 1), and never removed here.
        shaped = _journal_shaped(journal)
        if hot and (journaled := _journaled_counter(journal)) is not None:
            counter = journaled
        try:
            conn = sqlite3.connect(str(self.path), timeout=0, isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
                if not shaped:
                    rolled_back = False
                elif hot:
                    now = _change_counter(self.path)
                    rolled_back = not _hot(journal) and (counter is None or now == counter)
                else:
                    rolled_back = _left(journal) and not _hot(journal) and _removed(journal)
                conn.execute("ROLLBACK")
            finally:
                conn.close()
        except sqlite3.Error as exc:
            if _sqlite_code(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                return  # another connection holds the file: its reader or writer goes on
            if journal.exists() and not os.access(self.path.parent, os.W_OK | os.X_OK):
                # The rollback must delete the journal: a folder without write access, not the
                # disk, is what stops it.
                raise HistoryReadOnly(
                    f"{_interrupted_words(self.path, journal)}; cần quyền ghi vào thư mục "
                    f"{_named(self.path.parent)} để khôi phục tệp lịch sử về lần ghi trọn vẹn gần nhất. "
                    "Hãy cấp quyền ghi vào thư mục đó rồi chạy lại (đừng tự xóa tệp -journal: tệp lịch "
                    "sử sẽ hỏng)."
                ) from None
            raise translate(exc, self.path, writing=False) from None
        if rolled_back and not self.interrupted:
            self.interrupted = True
            if self._on_interrupted is not None:
                self._on_interrupted(interrupted_text(self.path))

    def _hot_unreadable(self, exc: sqlite3.Error) -> HistoryError:
        """The error of a read that failed: a hot journal beside a history this user may not
        write (hunt228 R3) needs write access once, so that it can be rolled back (as the
        read-only folder's case in `_recover` says); anything else as `translate` says it."""
        journal = self.path.with_name(self.path.name + "-journal")
        writable = os.access(self.path, os.W_OK)
        if _sqlite_code(exc) == sqlite3.SQLITE_READONLY and _hot(journal) and not writable:
            return HistoryReadOnly(
                f"{_interrupted_words(self.path, journal)}; cần quyền ghi vào tệp lịch sử một lần để "
                "khôi phục tệp về lần ghi trọn vẹn gần nhất (tệp đang chỉ cho đọc). Hãy cấp quyền ghi vào "
                "tệp đó (và thư mục chứa tệp) rồi chạy lại (đừng tự xóa tệp -journal: tệp lịch sử sẽ hỏng)."
            )
        return translate(exc, self.path, writing=False)

    def check_writable(self) -> None:
        """Raise `HistoryReadOnly` when the file or (for a new file) its folder is not writable
        (the check a consolidation makes before its outputs, so the warning is in them), and
        `HistoryPathTooLong` when, on Windows without long paths, the longest path SQLite writes
        to change it is too long (`journal_too_long`)."""
        if (too_long := self.journal_too_long()) is not None:
            raise HistoryPathTooLong(too_long)
        target = self.path if self.path.exists() else self.path.parent
        if not os.access(target, os.W_OK) or (
            self.path.exists() and not os.access(self.path.parent, os.W_OK)
        ):
            raise HistoryReadOnly(
                f"Không có quyền ghi vào tệp lịch sử {_named(self.path)} hoặc thư mục chứa tệp."
            )

    def journal_too_long(self) -> str | None:
        """Why the file cannot be written where paths are limited to Windows' 259 characters
        (`atomic.path_too_long`), naming it as the other history warnings do, or None. SQLite
        changes the file in place; the longest path it writes is its rollback journal beside
        it, `<name>-journal` (no WAL: module docstring), the history's own name included: no
        temporary file of a run's outputs (`atomic.longest_written_path`) is made for it. A new
        history is first written under a temporary name (`_new_temp`), as long as the history's
        own when that is long enough, with its journal beside it: that is measured too."""
        from toolkit.io.atomic import WINDOWS_MAX_PATH, path_length, path_too_long

        journals = [self.path.with_name(self.path.name + "-journal")]
        if not self.path.exists():
            temp = _temp_for(self.path)
            journals.append(temp.with_name(temp.name + "-journal"))
        journal = next((j for j in journals if path_too_long(j)), None)
        if journal is None:
            return None
        written = path_length(journal)
        return (
            f"Tệp lịch sử {_named(self.path)} có đường dẫn quá dài để ghi trên máy này: khi ghi, "
            f"chương trình tạo tệp tạm \u201c{journal.name}\u201d cùng thư mục có đường dẫn dài "
            f"{written} ký tự (đường dẫn của chính tệp dài {path_length(self.path)} ký tự), mà Windows "
            f"chỉ cho phép tối đa {WINDOWS_MAX_PATH} ký tự: cần rút ngắn ít nhất "
            f"{written - WINDOWS_MAX_PATH} ký tự."
        )

    def _new_temp(self) -> Path:
        """An empty temporary file beside the history, made for this writer alone (`O_EXCL`),
        to write a new history into before it is published (`publish_new`): a reader or another
        writer never finds a history of 0 bytes, or half made, at the history's path. What dead
        writers left in the folder is removed first (`atomic.sweep_plain_temps`)."""
        sweep_plain_temps(self.path.parent)
        for _ in range(100):  # a name already taken (by this process: the pid is in it): another
            temp = _temp_for(self.path)
            try:
                os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            except FileExistsError:
                continue
            except OSError as exc:
                raise _write_error(self.path, exc) from None
            return temp
        raise HistoryError(f"Không tạo được tệp tạm để ghi tệp lịch sử {_named(self.path)}.")

    # --- reading ------------------------------------------------------------------------------

    def records(self, *, current_only: bool = False) -> list[Record]:
        """Every stored consolidation (without organisations and files), oldest cut-off first,
        then in the order recorded; `current_only`: the current record of each cut-off and ward.
        `HistoryCorrupt` when a record cannot be read (`scan` reads the others)."""
        found, damaged = self.scan()
        if damaged:
            raise HistoryCorrupt(damaged_text(self.path, [d.id for d in damaged]))
        return [r for r in found if r.is_current] if current_only else found

    def scan(self) -> tuple[list[Record], list[DamagedRecord]]:
        """The records that can be read (as `records`) and those that cannot (text or a date
        in them not as the tool writes it: a damaged sector, a hand edit), which are never
        current; `history list` shows both, so that `history remove` can take a damaged one out."""
        with self._reading() as conn:
            if conn is None:
                return [], []
            return _scan(conn)

    def upgrade_not_completed(self) -> dict[int, int]:
        """For each record id, how many of the files it read were upgraded files not completed
        that it consolidated, counted as `history show` counts them (`display._file_versions`),
        for `history list`; a record with none is absent, as is every record of a file of
        schema version < 3 not yet migrated (its files lack the flag: not known)."""
        with self._reading() as conn:
            if conn is None:
                return {}
            columns = {row[1] for row in conn.execute("PRAGMA table_info(source_file)")}
            if "upgrade_not_completed" not in columns:
                return {}
            rows = conn.execute(
                "SELECT consolidation_id, count(*) FROM source_file WHERE upgrade_not_completed = 1 "
                "AND (consolidated IS NULL OR consolidated != 0) GROUP BY consolidation_id"
            ).fetchall()
        return {int(record_id): int(count) for record_id, count in rows}

    def typed_forms(self) -> dict[int, str]:
        """For each record typed from last year's forms (`history blank-forms`, its source marked
        `entry_marker.TYPED_STATUS`), the name of that workbook: `history list` says so, though
        its records are read without their files."""
        from toolkit.core.entry_marker import TYPED_STATUS

        with self._reading() as conn:
            if conn is None:
                return {}
            rows = conn.execute(
                "SELECT consolidation_id, file FROM source_file WHERE status = ?", (TYPED_STATUS,)
            ).fetchall()
        return {int(record_id): str(file) for record_id, file in rows}

    def get(self, record_id: int) -> Record | None:
        """One stored consolidation with its organisations and files, or None (a number no
        record can have, beyond SQLite's integers, included)."""
        if not _storable_id(record_id):
            return None
        with self._reading() as conn:
            if conn is None:
                return None
            cursor = conn.execute("SELECT * FROM consolidation WHERE id = ?", (record_id,))
            row = cursor.fetchone()
            if row is None:
                return None
            head = dict(zip([d[0] for d in cursor.description], row, strict=True))
            current = current_ids(_of_cutoff(conn, head["cutoff_date"]))
            # Every column by name: a file of an earlier schema version (read before it is next
            # written and migrated) lacks the organisations' template versions (version 1) or
            # the files' `upgrade_not_completed` (version 2) or `copy_of` (version 5).
            found = conn.execute(
                "SELECT * FROM organisation WHERE consolidation_id = ? ORDER BY position", (record_id,)
            )
            columns = [d[0] for d in found.description]
            orgs = [dict(zip(columns, row, strict=True)) for row in found.fetchall()]
            found = conn.execute(
                "SELECT * FROM source_file WHERE consolidation_id = ? ORDER BY position", (record_id,)
            )
            columns = [d[0] for d in found.description]
            files = [dict(zip(columns, row, strict=True)) for row in found.fetchall()]
        try:
            record = _record(head, is_current=head["id"] in current)
            return _with_parts(record, _ids(head), orgs, files)
        except _DECODE_ERRORS:
            raise HistoryCorrupt(damaged_text(self.path, [record_id])) from None

    def raw(self, record_id: int) -> dict[str, Any] | None:
        """A record's rows as stored (its consolidation, organisations and files), for the copy
        kept when a record that cannot be read is removed; None when there is no such record."""
        if not _storable_id(record_id):
            return None
        with self._reading() as conn:
            if conn is None:
                return None
            rows: dict[str, Any] = {}
            for table, column in (
                ("consolidation", "id"),
                ("organisation", "consolidation_id"),
                ("source_file", "consolidation_id"),
            ):
                cursor = conn.execute(f"SELECT * FROM {table} WHERE {column} = ?", (record_id,))
                names = [d[0] for d in cursor.description]
                rows[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        if not rows["consolidation"]:
            return None
        rows["consolidation"] = rows["consolidation"][0]
        return rows

    def org_figure(self, record_id: int, indicator: str) -> dict[str, int | float]:
        """One indicator of each consolidated organisation of a stored record (`org_figures`)."""
        return {
            code: found[indicator]
            for code, found in self.org_figures(record_id, (indicator,))
            if indicator in found
        }

    def org_figures(
        self, record_id: int, indicators: Sequence[str]
    ) -> list[tuple[str, dict[str, int | float]]]:
        """Some indicators of each consolidated organisation of a stored record, as (code, the
        ones it has as numbers): SQLite's `json_extract` reads those figures without parsing
        every organisation's indicators in Python; without SQLite's JSON functions, they are
        parsed here. A record with an organisation whose indicators cannot be read, or hold a
        value that is no finite number or null, is `HistoryCorrupt` (`_decode_org`), as `get`
        finds it."""
        with self._reading() as conn:
            if conn is None:
                return []
            head = conn.execute(
                "SELECT org_indicator_ids FROM consolidation WHERE id = ?", (record_id,)
            ).fetchone()
            try:
                ids = _ids({"org_indicator_ids": head[0] if head else None})
            except (*_DECODE_ERRORS, json.JSONDecodeError):
                raise HistoryCorrupt(damaged_text(self.path, [record_id])) from None
            where = "WHERE consolidation_id = ? AND status = 'consolidated'"
            columns, params = [], []
            for indicator in indicators:
                position = ids.index(indicator) if indicator in ids else -1
                columns.append(
                    "CASE json_type(indicators) WHEN 'array' "
                    "THEN json_extract(indicators, ?) ELSE json_extract(indicators, ?) END"
                )
                params += [f"$[{position}]" if position >= 0 else "$.none", f'$."{indicator}"']
            try:
                # The record's rows SQLite's JSON may not read as `_decode_org` does, decided
                # there: a value that is no number makes the record damaged, never an
                # organisation without a figure (`true` would be read as 1).
                odd = conn.execute(
                    _ORG_CANDIDATES.replace("{where}", "o.consolidation_id = ? AND "), (record_id,)
                ).fetchall()
                rows = conn.execute(
                    f"SELECT org_code, {', '.join(columns)} FROM organisation {where}",
                    (*params, record_id),
                ).fetchall()
            except sqlite3.OperationalError as exc:
                # No JSON functions in this SQLite ("no such function: json_type"), or stored
                # text SQLite's JSON cannot read ("malformed JSON"): read here, and a record
                # that cannot be read is named as damaged, with the way out (hunt115 F3).
                if "json" not in str(exc).lower():
                    raise
                odd, rows = [], None
            try:
                for _id, text in odd:
                    _decode_org(text, ids)
                if rows is None or any(_infinite(v) for _code, *values in rows for v in values):
                    # An integer too long for a float is infinite to SQLite, exact here.
                    rows = []
                    for code, text in conn.execute(
                        f"SELECT org_code, indicators FROM organisation {where}", (record_id,)
                    ):
                        decoded = _decode_org(text, ids)
                        rows.append((code, *(decoded.get(i) for i in indicators)))
            except (*_DECODE_ERRORS, json.JSONDecodeError):
                raise HistoryCorrupt(damaged_text(self.path, [record_id])) from None
        return [
            (
                code,
                {
                    key: value
                    for key, value in zip(indicators, values, strict=True)
                    if isinstance(value, int | float) and not isinstance(value, bool)
                },
            )
            for code, *values in rows
        ]

    def org_names(self, record_id: int) -> dict[str, str | None]:
        """The name stored for each consolidated organisation of a record (the opening check
        says whose a code's figure was when its name has changed since)."""
        with self._reading() as conn:
            if conn is None:
                return {}
            rows = conn.execute(
                "SELECT org_code, org_name FROM organisation "
                "WHERE consolidation_id = ? AND status = 'consolidated'",
                (record_id,),
            ).fetchall()
        return {code: name for code, name in rows}

    def org_rows(self, record_id: int) -> list[tuple[str, str | None, str]]:
        """Each organisation of a record as (code, name, status), in its order: what comparing
        two runs' organisations needs (`session._org_difference`), without decoding every
        organisation's indicators as `get` does (a tenth of a second over a trend's records)."""
        if not _storable_id(record_id):
            return []
        with self._reading() as conn:
            if conn is None:
                return []
            rows = conn.execute(
                "SELECT org_code, org_name, status FROM organisation "
                "WHERE consolidation_id = ? ORDER BY position",
                (record_id,),
            ).fetchall()
        return [(code, name, status) for code, name, status in rows]

    def org_codes_left_out(self, record_id: int) -> list[str]:
        """The codes of a record's organisations it expected but did not consolidate (a file
        left out for its errors, or not sent): the opening check does not call them new."""
        with self._reading() as conn:
            if conn is None:
                return []
            rows = conn.execute(
                "SELECT org_code FROM organisation WHERE consolidation_id = ? AND status != 'consolidated'",
                (record_id,),
            ).fetchall()
        return [code for (code,) in rows if code]

    def find_run(self, run_id: str) -> int | None:
        """The id of the record of run `run_id`, if stored."""
        with self._reading() as conn:
            if conn is None:
                return None
            row = conn.execute(
                "SELECT id FROM consolidation WHERE run_id = ? ORDER BY id", (run_id,)
            ).fetchone()
        return None if row is None else int(row[0])

    # --- writing ------------------------------------------------------------------------------

    def add(self, record: Record) -> int:
        """Store `record` in one transaction (migrating the schema first if needed); earlier
        records of the same cut-off and ward stay, no longer current unless they ran after it
        (`current_ids`). Returns the new record's id."""
        return self.begin(record).commit()

    def begin(
        self,
        record: Record,
        *,
        once: bool = False,
        same: Callable[[list[Record]], int | None] | None = None,
    ) -> PendingRecord:
        """Insert `record` inside an open write transaction, not yet committed: a consolidation
        commits it once its outputs are renamed into place (`toolkit.outputs.publish`), so that
        the history never holds a run whose outputs were not published. Until `commit`, the
        history is as it was for every reader, and a process killed meanwhile leaves SQLite's
        journal, which the next opening rolls back. With `once` (`history import`), a record of
        the same run already there, looked for under the write lock, raises `RunAlreadyStored`
        and nothing is inserted. `same` (`history import` of a typed workbook, whose run id is
        new at each import) is given the records of the record's cut-off read under the write
        lock: the id it returns, of a record with the same content, raises `RunAlreadyStored`
        the same way (h240: one workbook imported twice, or by two double-clicks at once)."""
        self._check_place(writing=True)
        if (problem := new_history_problem(self.path)) is not None:
            raise HistoryError(problem)
        temp: Path | None = None
        if self.exists():
            self._check_empty()
            self._check_header()
            self._recover()  # said, not rolled back in silence by the connection below
        else:
            temp = self._new_temp()  # the new history is published complete, on `commit`
        try:
            conn = sqlite3.connect(str(temp or self.path), timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            if temp is not None:
                _discard(temp)
            raise translate(exc, self.path, writing=True) from None
        pending = PendingRecord(self, conn, temp=temp, record=record, once=once, same=same)
        try:
            if temp is None:
                _rollback_journal(conn, self.path, self._trusted)
            conn.execute("BEGIN IMMEDIATE")
            version = self._version(conn)
            if version and not self._intact(conn):
                raise _structure_error(self.path)
            self._migrate(conn, version)
            if once and record.run_id:
                row = conn.execute(
                    "SELECT id FROM consolidation WHERE run_id = ? ORDER BY id", (record.run_id,)
                ).fetchone()
                if row is not None:
                    raise RunAlreadyStored(int(row[0]))
            pending.before, _damaged = _scan(conn, cutoff=record.cutoff_date)
            if same is not None and (found := same(pending.before)) is not None:
                raise RunAlreadyStored(found)
            pending.restored = _restorable(conn, record) is not None
            pending.id = _insert(conn, record)
        except sqlite3.Error as exc:
            pending.rollback()
            raise translate(exc, self.path, writing=True) from None
        except BaseException:
            pending.rollback()
            raise
        return pending

    def remove(self, record_id: int, *, before_delete: Callable[[], None] | None = None) -> int | None:
        """Delete the record `record_id` with its organisations and files, in one transaction
        (a consolidation made by mistake: a wrong cut-off or folder). When it was the current
        record of its cut-off for its ward, the remaining record of that cut-off and ward that
        ran last (as `add` decides) becomes current. Returns that record's id, or None.
        `KeyError` when there is no such record; the file is then left as it was, as on any
        failure.

        `before_delete` runs once the record is found, under the write lock, before anything
        is deleted (`toolkit.history.removal` keeps a copy there); should it raise, nothing is."""
        self._check_place(writing=False)
        if not self.exists():
            raise KeyError(record_id)
        self._check_empty()
        if not _storable_id(record_id):
            raise KeyError(record_id)
        self._check_header()
        self._recover()  # said, not rolled back in silence by the connection below
        try:
            conn = sqlite3.connect(str(self.path), timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise translate(exc, self.path, writing=True) from None
        try:
            _rollback_journal(conn, self.path, self._trusted)
            conn.execute("BEGIN IMMEDIATE")
            row = None
            version = self._version(conn)
            if version:
                if not self._intact(conn):
                    raise _structure_error(self.path)
                row = conn.execute(
                    "SELECT cutoff_date, ward_name, run_id FROM consolidation WHERE id = ?", (record_id,)
                ).fetchone()
            if row is None:
                raise KeyError(record_id)
            self._migrate(conn, version)  # the number removed is kept (`removed_id`)
            successor = successor_of(_of_cutoff(conn, row[0]), record_id)
            if before_delete is not None:
                before_delete()
            for table in ("organisation", "source_file"):
                conn.execute(f"DELETE FROM {table} WHERE consolidation_id = ?", (record_id,))
            conn.execute("DELETE FROM consolidation WHERE id = ?", (record_id,))
            conn.execute("INSERT OR REPLACE INTO removed_id (id, run_id) VALUES (?, ?)", (record_id, row[2]))
            _set_current(conn, row[0])
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise translate(exc, self.path, writing=True) from None
        finally:
            try:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # closing the connection rolls back what is left
            conn.close()
        return successor

    def _trusted(self, conn: sqlite3.Connection) -> None:
        """Raise what `begin` and `remove` refuse under their write lock (another program's
        database, a newer schema, a damaged structure), asked by `_rollback_journal` before it
        changes a WAL file's journal mode: a file refused is left as it was (review239 W1)."""
        version = self._version(conn)
        if version and not self._intact(conn):
            raise _structure_error(self.path)

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        """Bring the open database of schema `version` to this version, inside the caller's
        transaction. A history written before the removed numbers were kept (`removed_id`)
        gets the highest number of the copies in `lich_su_da_xoa` beside it: the latest record
        removed then is not numbered again (a copy of another history there only skips some
        numbers). A new history does not: its numbers start at 1, whatever copies are there."""
        migrate(conn, version, self.migrations)
        if 0 < version < REMOVED_IDS_VERSION <= self.schema_version:
            top = max(removed_copy_numbers(self.path.parent / REMOVED_FOLDER), default=0)
            held = conn.execute("SELECT coalesce(max(id), 0) FROM consolidation").fetchone()[0]
            if top > held:
                conn.execute("INSERT OR IGNORE INTO removed_id (id, run_id) VALUES (?, NULL)", (top,))


class PendingRecord:
    """A record inserted in a transaction that is still open (`HistoryStore.begin`). The first
    record of a new history is inserted into a temporary file (`temp`), published as the
    history on `commit` (`publish_new`); should another writer have published one meanwhile,
    the record is added to that one instead."""

    def __init__(
        self,
        store: HistoryStore,
        conn: sqlite3.Connection,
        *,
        temp: Path | None = None,
        record: Record | None = None,
        once: bool = False,
        same: Callable[[list[Record]], int | None] | None = None,
    ) -> None:
        self.store = store
        self._once = once
        self._same = same  # looked for again in another writer's history published first
        self.id = 0
        self._conn: sqlite3.Connection | None = conn
        self._temp = temp
        self._record = record
        self._created = temp is not None
        # The records of the new record's cut-off (readable ones, marked current among
        # themselves) as the history held them under this write lock, just before the insert:
        # what it holds beside the new record when that is committed (`HistoryStore.begin`).
        self.before: list[Record] = []
        # Whether the record is a removed record's copy back in its own number and place
        # (`_restorable`), which `history import` says; not when numbered as a new record.
        self.restored = False

    @property
    def created(self) -> bool:
        """Whether this record started the history file (a new history): known for sure once
        committed (another writer may have published the file first: `commit`)."""
        return self._created

    def commit(self) -> int:
        """Make the record part of the history; returns its id. On failure the history is
        left as it was and the `HistoryError` is raised."""
        if self._conn is None:
            raise HistoryError(f"Bản ghi lịch sử {_named(self.store.path)} đã được đóng.")
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.rollback()
            raise translate(exc, self.store.path, writing=True) from None
        self._close()
        if self._temp is not None:
            return self._publish(self._temp)
        return self.id

    def _publish(self, temp: Path) -> int:
        """Put the new history, complete and closed in `temp`, at the history's path; when
        another writer's history got there first, add the record to that one."""
        self._temp = None
        path = self.store.path
        try:
            published = publish_new(temp, path)
        except OSError as exc:
            raise _write_error(path, exc) from None
        finally:
            _discard(temp)
        if published:
            fsync_dir(path.parent)
            return self.id
        if not self.store.exists():
            # Something is at the path that is no file (a link to a drive unplugged meanwhile):
            # adding the record there would make another new history, and so on without end.
            if path.is_symlink() and not path.exists():
                raise HistoryError(dangling_text(path))
            raise HistoryError(_not_published_text(path))
        self._created = False
        assert self._record is not None
        again = self.store.begin(self._record, once=self._once, same=self._same)
        self.id = again.commit()
        self.before = again.before
        self.restored = again.restored
        return self.id

    def rollback(self) -> None:
        """Leave the history as it was (idempotent): a new one is not made."""
        if self._conn is not None:
            try:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # closing the connection rolls back what is left
            self._close()
        if self._temp is not None:
            _discard(self._temp)
            self._temp = None

    def _close(self) -> None:
        assert self._conn is not None
        self._conn.close()
        self._conn = None


def publish_new(temp: Path, path: Path) -> bool:
    """Give the complete new history `temp` the name `path`, never over a file there: True when
    it is now at `path` (`temp` may still name it too: the caller removes that name), False
    when a file was there already (another writer's history, published first: the caller adds
    its record to that one).

    A hard link is the one operation that names a file only where no file is, on every system
    (POSIX `link`, Windows `CreateHardLink`). Where the file system has no hard links (FAT32 or
    exFAT on a USB stick, some network shares, which refuse with `EPERM`, `EOPNOTSUPP`,
    `ERROR_INVALID_FUNCTION` …), the file is renamed instead, and only when no file is at
    `path`: on Windows the rename itself refuses an existing target (`FileExistsError`); on POSIX
    `rename` would replace one, so a history published by another writer in the moment between
    the check and the rename (two first records of one history at the same instant, on such a
    file system) could be replaced: accepted, as the only alternatives copy bytes into a file
    others may open meanwhile (a half-made history read as damaged, or written into). Any other
    failure (no room, no permission) is raised."""
    try:
        os.link(temp, path)
        return True
    except FileExistsError:
        return False
    except (OSError, NotImplementedError):
        pass  # no hard links here: renamed below
    if os.path.lexists(path):
        return False
    try:
        os.rename(temp, path)
    except FileExistsError:  # Windows: another writer's history got there first
        return False
    return True


def _rollback_journal(
    conn: sqlite3.Connection, path: Path, trusted: Callable[[sqlite3.Connection], None]
) -> None:
    """Put the history back in DELETE journal mode before a write, if another program switched
    it to WAL (`PRAGMA journal_mode=WAL` in the sqlite3 shell or a database browser; header
    bytes 18-19 = 2): in WAL a write killed inside its commit leaves no `-journal`, and its lost
    record was said by no one (`_recover` looks for the journal: review232 F3), the last records
    live in a `-wal` a copy of the file leaves behind, and a read needs write access (module
    docstring). SQLite switches only when no other connection has the file open, first
    checkpointing every committed transaction of the `-wal` into the file (nothing committed is
    lost; a `-wal` of a dead writer's uncommitted frames is discarded, as SQLite's own recovery
    does) and removing it. In WAL every open connection holds a shared lock, so another program
    that keeps the file open makes it busy: the write waits the store's timeout, then
    `HistoryLocked`, as for any lock (close it, run again). On a history in DELETE mode it is a
    no-op. A WAL file is switched only once `trusted` (`HistoryStore._trusted`) has not refused
    it: another program's database, a newer history or a damaged one is refused as it was, its
    `-wal` untouched (review239 W1)."""
    mode = conn.execute("PRAGMA journal_mode").fetchone()  # busy: `translate`d, locked
    if mode is None or str(mode[0]).lower() != "wal":
        return
    trusted(conn)
    # SQLite takes the lock of the switch without its busy handler: another connection open on
    # the file (another run reading the history) failed it at once, where every other write
    # waits the store's timeout. It is tried again until that timeout (review239 W3).
    deadline = time.monotonic() + conn.execute("PRAGMA busy_timeout").fetchone()[0] / 1000
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()
            break
        except sqlite3.OperationalError as exc:
            busy = _sqlite_code(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)  # extended codes too
            if not busy or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)
    if mode is None or str(mode[0]).lower() != "delete":
        raise HistoryLocked(
            f"Tệp lịch sử {_named(path)} đang ở chế độ WAL (do chương trình khác đặt) và đang được "
            "chương trình khác mở, nên chưa đưa được về chế độ ghi của ward-stats để ghi an toàn. "
            "Hãy đóng chương trình đang mở tệp lịch sử rồi chạy lại."
        )


def _left(journal: Path) -> bool:
    """Whether `journal` is there, a regular file (a live writer's, or one a dead writer left:
    asked under the write lock, `HistoryStore._recover`)."""
    try:
        return stat.S_ISREG(os.stat(journal).st_mode)
    except OSError:
        return False


def _removed(journal: Path) -> bool:
    """Remove a journal a dead writer left before its commit synced it (never read by SQLite);
    False when it cannot be (the folder read-only: then it is not said either, or every command
    would say it)."""
    try:
        os.unlink(journal)
    except OSError:
        return False
    return True


def _hot(journal: Path) -> bool:
    """Whether `journal` may be a hot journal as SQLite decides it (`hasHotJournal`): a file
    whose first byte is not zero (the magic of a header written by a commit's sync; a journal
    of a writer still before its commit starts with zeros). Whether a live writer holds it is
    asked under a lock (`HistoryStore._recover`). Only a regular file is opened (a FIFO's open
    waits for a writer)."""
    if not _left(journal):
        return False
    try:
        with open(journal, "rb") as f:
            first = f.read(1)
    except OSError:
        return False
    return first not in (b"", b"\x00")


def _journal_shaped(journal: Path) -> bool:
    """Whether `journal` may be a writer's rollback journal (pager.c `writeJournalHdr`): its
    header starts with the magic (written by the commit's sync, with the number of records, in
    one write of 12 bytes), or, the magic not written yet or torn by a power cut inside that
    write, holds a sector size and a page size SQLite could have written there (bytes 20..27,
    written and synced before the magic). Empty, it is a writer's killed between creating it
    and writing its header. A stray file under that name (a text file, a copy's leftover) is
    none of these: SQLite deletes it when its first byte is not zero, without a rollback, and
    ignores it otherwise (review239 left-out 1: it was said as an interrupted write)."""
    try:
        with open(journal, "rb") as f:
            head = f.read(28)
    except OSError:
        return False
    if head == b"" or head[:8] == _JOURNAL_MAGIC:
        return True
    if len(head) < 28:
        return False
    sector, page = (int.from_bytes(head[20 + 4 * i : 24 + 4 * i], "big") for i in range(2))
    return (
        32 <= sector <= 65536 and not sector & (sector - 1) and 512 <= page <= 65536 and not page & (page - 1)
    )


def _change_counter(path: Path) -> int | None:
    """The database file's change counter (header bytes 24..27), which every commit raises by
    one; None when it cannot be read."""
    try:
        with open(path, "rb") as f:
            f.seek(24)
            raw = f.read(4)
    except OSError:
        return None
    return int.from_bytes(raw, "big") if len(raw) == 4 else None


_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def _journaled_counter(journal: Path) -> int | None:
    """The change counter of the page 1 image a rollback journal holds (the file's page 1 as it
    was before the writer's transaction; what a rollback puts back), or None when the journal
    holds no complete page 1 record (not journaled yet, the journal gone or of another form).

    SQLite's rollback journal (pager.c): segments, each a header at a sector boundary (the
    magic, the number of records, the checksum's initial value, the file's size, the sector
    size, the page size; the first header's sector size and page size hold for all) followed
    by records of the page number (4 bytes), the page, and a checksum (the initial value plus
    every 200th byte of the page from its end), all big-endian. Only a record whose checksum
    holds is taken: a live writer may be writing it."""
    try:
        with open(journal, "rb") as f:
            data = f.read(64 << 20)  # a history's journal is far smaller
    except OSError:
        return None
    if len(data) < 28 or data[:8] != _JOURNAL_MAGIC:
        return None
    sector, page = (int.from_bytes(data[20 + 4 * i : 24 + 4 * i], "big") for i in range(2))
    if (
        sector < 32
        or sector > 65536
        or sector & (sector - 1)
        or page < 512
        or page > 65536
        or page & (page - 1)
    ):
        return None
    offset = 0
    while offset + 28 <= len(data) and data[offset : offset + 8] == _JOURNAL_MAGIC:
        records = int.from_bytes(data[offset + 8 : offset + 12], "big")
        nonce = int.from_bytes(data[offset + 12 : offset + 16], "big")
        at = offset + sector
        if records == 0xFFFFFFFF:  # not synced: as many as the file holds
            records = (len(data) - at) // (page + 8)
        for _ in range(records):
            if at + page + 8 > len(data):
                return None
            image = data[at + 4 : at + 4 + page]
            checksum = int.from_bytes(data[at + 4 + page : at + 8 + page], "big")
            total = nonce + sum(image[i] for i in range(page - 200, 0, -200))
            if checksum != total & 0xFFFFFFFF:
                return None
            if int.from_bytes(data[at : at + 4], "big") == 1:
                return int.from_bytes(image[24:28], "big")
            at += page + 8
        if records == 0:
            return None
        offset = -(-at // sector) * sector  # the next header, at the next sector boundary
    return None


def _interrupted_words(path: Path, journal: Path) -> str:
    return (
        f"Lần ghi trước vào tệp lịch sử {_named(path)} đã bị ngắt giữa chừng (mất điện hoặc chương "
        f"trình bị tắt đột ngột; còn tệp {_named(Path(journal.name))} bên cạnh)"
    )


def interrupted_text(path: Path) -> str:
    """What a command that rolled back a write cut off inside its commit says (`HistoryStore.
    _recover`): the run it was recording is in no record; how to put it back."""
    return (
        f"Lần ghi vào lịch sử trước đã bị ngắt giữa chừng (mất điện hoặc chương trình bị tắt đột "
        f"ngột): lần tổng hợp khi đó chưa được ghi vào lịch sử {_named(path)}; tệp lịch sử đã được "
        "đưa về lần ghi trọn vẹn gần nhất. " + INTERRUPTED_ADVICE
    )


# How to put back the run an interrupted write left out (the rule `history.write_interrupted`
# says it too).
INTERRUPTED_ADVICE = (
    "Nếu các tệp kết quả của lần tổng hợp đó đã được ghi ra (và có thể đã gửi đi), hãy tổng hợp "
    "lại lần đó (cùng thư mục bài nộp và ngày chốt), hoặc nhập tệp tóm tắt JSON ghi cùng các tệp "
    "đó vào lịch sử (history import), để các lần tổng hợp sau có số liệu của lần đó cho “Cùng kỳ "
    "năm trước”, xu hướng và kiểm tra số đầu kỳ."
)


def dangling_text(path: Path) -> str:
    """A history path that is a link to nothing (a history on a USB drive not plugged in, a
    network share not connected): neither a history nor a place to make one (hunt108 #3)."""
    try:
        target = f" “{os.readlink(path)}”"
    except OSError:
        target = ""
    return (
        f"{_named(path)} là lối tắt (liên kết) tới{target}, nhưng ở đó không có tệp nào (ổ USB chưa "
        "cắm, ổ mạng chưa kết nối?). Hãy cắm ổ hoặc kết nối lại rồi chạy lại, hoặc chọn tệp lịch sử "
        "khác (--history)."
    )


def not_regular_text(path: Path) -> str:
    """A history path that is a device, a FIFO or a socket, or a link to one (`/dev/null`): no
    history, and never written over (hunt122 C1: the run stopped, asking for another name for
    a file the clerk never named)."""
    return (
        f"{_named(path)} {NOT_REGULAR}, không phải tệp lịch sử tổng hợp. Hãy chọn tệp lịch sử khác "
        "(--history); để tổng hợp không dùng lịch sử: --no-history."
    )


# The names SQLite opens beside a database by itself: the rollback journal, and WAL's log and
# shared memory (looked for on every opening, whatever the file's journal mode).
SIDECAR_SUFFIXES = ("-journal", "-wal", "-shm")


def _sidecar_problem(path: Path) -> str | None:
    """What is wrong with a name SQLite keeps beside the history (`SIDECAR_SUFFIXES`) that is
    not a regular file, in Vietnamese, or None. SQLite opens those names itself: a FIFO's open
    waits forever for a writer (every command hung), a folder or a socket fails with SQLite's
    bare words (review232 F4). A link, even to a regular file, is refused too: SQLite opens
    those names without following a link (`O_NOFOLLOW`, Unix), so every read and write failed as a
    file that cannot be opened, or (`-wal`) as a missing write permission (review239 W2).
    Nothing there, or a regular file (a journal of any size), is fine; what is there is never
    removed (it may be the clerk's)."""
    for suffix in SIDECAR_SUFFIXES:
        sidecar = path.with_name(path.name + suffix)
        try:
            mode = os.lstat(sidecar).st_mode
        except OSError:
            continue  # not there (or not to be looked at: SQLite says that one)
        if stat.S_ISREG(mode):
            continue
        if stat.S_ISLNK(mode):
            kind = (
                "một lối tắt (liên kết)"
                if os.path.exists(sidecar)
                else "một lối tắt (liên kết) không trỏ tới tệp nào"
            )
        elif stat.S_ISDIR(mode):
            kind = "một thư mục"
        elif stat.S_ISFIFO(mode):
            kind = "một FIFO (ống dẫn có tên)"
        elif stat.S_ISSOCK(mode):
            kind = "một socket"
        elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            kind = "một thiết bị"
        else:
            kind = "một mục không phải tệp"
        return (
            f"Bên cạnh tệp lịch sử {_named(path)} có {_named(sidecar)} là {kind}, không phải tệp "
            f"thông thường: tên \u201c{sidecar.name}\u201d là tên tệp tạm SQLite dùng khi đọc và ghi "
            "tệp lịch sử, nên chưa mở được tệp lịch sử. Hãy đổi tên hoặc chuyển mục đó đi rồi chạy "
            "lại (tệp lịch sử không cần mục đó)."
        )
    return None


def _not_published_text(path: Path) -> str:
    """Something at the history's path that is no file took the place of a new history."""
    return (
        f"Không ghi được tệp lịch sử {_named(path)}: ở đó có một mục không phải tệp thông thường. "
        "Hãy chọn tệp lịch sử khác (--history)."
    )


def _temp_for(path: Path) -> Path:
    """A fresh name beside `path` for a new history's temporary file: hidden, a writer's
    temporary file to everything that lists a folder (`atomic.TEMP_PREFIX`: skipped when a folder
    of submissions is scanned; a dead writer's is removed by `atomic.sweep_plain_temps`, its
    `-journal` too), ending in `.tmp` (never taken for a history), and no longer than the
    history's own name when that is long enough (its journal is then no longer a path than the
    history's: `journal_too_long`)."""
    head = f"{TEMP_PREFIX}p{os.getpid()}-{secrets.token_hex(4)}-"
    room = max(len(path.name), len(head) + 1 + len(".tmp")) - len(head) - len(".tmp")
    return path.with_name(f"{head}{path.name[:room]}.tmp")


def _discard(temp: Path) -> None:
    """Remove a new history's temporary file and its journal, if they are still there."""
    for leftover in (temp, temp.with_name(temp.name + "-journal")):
        with suppress(OSError):
            leftover.unlink(missing_ok=True)


def _write_error(path: Path, exc: OSError) -> HistoryError:
    """The `HistoryError` of a file-system failure to make the history at `path`."""
    if isinstance(exc, PermissionError):
        return HistoryReadOnly(f"Không có quyền ghi vào tệp lịch sử {_named(path)} hoặc thư mục chứa tệp.")
    return HistoryError(f"Không ghi được tệp lịch sử {_named(path)} ({os_error_text(exc)}).")


def migrate(
    conn: sqlite3.Connection, version: int, migrations: tuple[tuple[str, ...], ...] = MIGRATIONS
) -> int:
    """Apply the migrations after `version` inside the caller's transaction; returns the new
    version. `migrations` defaults to the schema's (tests pass their own)."""
    for target, steps in enumerate(migrations[version:], start=version + 1):
        for statement in steps:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {target}")
    return max(version, len(migrations))


def removed_copy_numbers(folder: Path) -> list[int]:
    """The record numbers the copies in `folder` (`lich_su_da_xoa`) are named by; none when it
    cannot be listed. Only the names are read."""
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except OSError:
        return []
    return [int(m[1]) for name in names if (m := _COPY_NAME.fullmatch(name.lower()))]


def _common_ids(record: Record) -> list[str] | None:
    """The ids most organisations of a record have, in their order (stored once)."""
    shapes = Counter(tuple(o.indicators) for o in record.organisations if o.indicators)
    return list(shapes.most_common(1)[0][0]) if shapes else None


def _encode_org(indicators: dict[str, int | float], ids: list[str] | None) -> str:
    """The values alone when the ids are the record's common ones, else the whole object."""
    if ids is not None and len(indicators) == len(ids) and list(indicators) == ids:
        return _dumps(list(indicators.values()))
    return _dumps(indicators)


# What reading a record whose stored text is not as the tool wrote it raises.
_DECODE_ERRORS = (ValueError, TypeError, KeyError, AttributeError)


@dataclass(frozen=True)
class DamagedRecord:
    """A record that cannot be read: its id and, as stored, its cut-off and ward name."""

    id: int
    cutoff: Any
    ward_name: Any


def _structure_error(path: Path) -> HistoryCorrupt:
    return _unusable(
        f"Tệp lịch sử {_named(path)} bị hỏng (cấu trúc tệp không toàn vẹn: có thể tệp bị chép dở, "
        "ổ đĩa lỗi hoặc bị chương trình khác sửa), nên không được đọc hay ghi"
    )


def _unusable(why: str) -> HistoryCorrupt:
    """A history file none of whose records can be read (`why`, no final full stop): the way
    out is its backup or, without one, a new history. The warning a consolidation gives says
    the restoring itself (`reason_vi`). Without the second way, a clerk with no backup (the
    buttons have no --history) was warned on every run with nothing to do (hunt258 H1)."""
    new = "hãy đổi tên hoặc chuyển tệp này đi chỗ khác để bắt đầu một lịch sử mới"
    return HistoryCorrupt(
        f"{why}. Hãy chép bản sao lưu của tệp lịch sử vào chỗ cũ; nếu không có bản sao lưu, {new}.",
        reason_vi=f"{why}; nếu không có bản sao lưu, {new}.",
    )


def _empty_text(path: Path, *, advice: bool = True) -> str:
    """Why a history of 0 bytes is not used; with `advice`, what to do (the `history.corrupt`
    warning a consolidation gives says the restoring itself: without it there)."""
    why = (
        f"Tệp lịch sử {_named(path)} bị hỏng (tệp rỗng, 0 byte: có thể do chép tệp bị ngắt giữa "
        "chừng, ổ đĩa đầy hoặc chương trình đồng bộ thư mục bị lỗi), nên không được đọc hay ghi"
    )
    if not advice:
        return (
            f"{why}; nếu không có bản sao lưu, hãy đổi tên hoặc xóa tệp rỗng này để bắt đầu một lịch sử mới."
        )
    return (
        f"{why}. Hãy chép bản sao lưu của tệp lịch sử vào chỗ cũ; nếu không có bản sao lưu, hãy đổi "
        "tên hoặc xóa tệp rỗng này để bắt đầu một lịch sử mới."
    )


def damaged_text(path: Path, ids: list[int]) -> str:
    """Why a history with records that cannot be read is not used, and the way out."""
    numbers = ", ".join(str(i) for i in ids)
    first = ids[0]
    return (
        f"Tệp lịch sử {_named(path)} bị hỏng: không đọc được lần tổng hợp số {numbers} (dữ liệu "
        "không đúng dạng ward-stats ghi, có thể do tệp bị hỏng hoặc bị sửa tay). Để xóa lần hỏng, "
        f"{removal_advice(first, path)}."
    )


def _decode_org(text: str, ids: list[str]) -> dict[str, Any]:
    """An organisation's stored indicators as read: an array of the record's `ids` or an
    object, each value a finite number or null, the rule of the record's own indicators
    (`_indicators`). Any other value ("abc", true, a list, an object, 1e999, NaN: a hand edit)
    makes the record damaged, as it does in the ward's indicators (hunt173 A1): read as "no
    figure", the organisation's opening balance was silently left unchecked, `true` was taken
    for 1 and 1e999 stopped the check with an unexpected error."""
    value = json.loads(text)
    decoded = dict(zip(ids, value, strict=True)) if isinstance(value, list) else dict(value)
    return _indicators(decoded)


def _infinite(value: Any) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def _ids(row: dict[str, Any]) -> list[str]:
    text = row.get("org_indicator_ids")
    ids = json.loads(text) if text else []
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise TypeError("stored organisation indicator ids are not a list of ids")
    return ids


# The organisation rows whose stored indicators SQLite's JSON functions may not read as
# `_decode_org` does: not JSON to SQLite (text damaged, or JSON5 such as `NaN` to an SQLite
# older than 3.42), neither an object nor an array, an array whose length is not the
# record's ids', or one that may hold a value that is not a finite number or null (text, true
# or false, a list, an object, or a number too large for a float). Python decides each of
# these few (`_unreadable_orgs`, `HistoryStore.org_figures`); the rest, nearly all, are not
# read in Python (on a history of a city, decoding them all would take longer than the run's
# other history reads). An array, the form nearly every row has, is judged on its text, which
# holds only digits, `,.-` and `null` when each value is a finite number or null: a character
# that begins any other value (a quote, true, false, a list or an object after the first
# bracket, NaN, Infinity, JSON5 to an SQLite from 3.42) or an exponent (1e999 is infinite),
# or a run of 309 digits (a float's largest value has 309: "1000…0.0" is infinite too), makes
# it a candidate. (On a history of 2 records of a city, 1,000 organisations of 544 values,
# `scan` took 17 ms before values were judged, 150 ms with `json_each` of every array, about
# 50 ms with this test of the text.) An object (an
# organisation whose ids are not the record's: a few) is judged value by value: a type other
# than a number or null, or a 'real' beyond a float's range (SQLite reads 1e999 as
# infinite). `{where}` (replaced, not formatted) narrows the rows to a record.
_NOT_NUMBER_START = " OR ".join(
    [*(f"instr(o.indicators, '{c}')" for c in '"tf{eENI'), "instr(substr(o.indicators, 2), '[')"]
)
_DIGITS_AS_ZEROS = functools.reduce(
    lambda text, digit: f"replace({text}, '{digit}', '0')", "123456789", "o.indicators"
)
_LONG_DIGITS = f"instr({_DIGITS_AS_ZEROS}, '{'0' * 309}')"  # faster than GLOB '*[0-9]…'
_ORG_CANDIDATES = (
    "SELECT o.consolidation_id, o.indicators FROM organisation AS o "
    "JOIN consolidation AS c ON c.id = o.consolidation_id WHERE {where}CASE "
    "WHEN coalesce(json_valid(o.indicators), 0) = 0 THEN 1 "
    "WHEN json_type(o.indicators) = 'object' THEN EXISTS (SELECT 1 FROM json_each(o.indicators) "
    "AS v WHERE v.type NOT IN ('integer', 'real', 'null') "
    "OR (v.type = 'real' AND abs(v.value) > 1.7976931348623157e308)) "
    "WHEN json_type(o.indicators) != 'array' THEN 1 "
    f"WHEN {_NOT_NUMBER_START} OR {_LONG_DIGITS} THEN 1 "
    "WHEN coalesce(json_valid(c.org_indicator_ids), 0) = 0 THEN 1 "
    "WHEN json_type(c.org_indicator_ids) != 'array' THEN 1 "
    "ELSE json_array_length(o.indicators) != json_array_length(c.org_indicator_ids) END"
)


def _scan(
    conn: sqlite3.Connection, *, cutoff: dt.date | None = None
) -> tuple[list[Record], list[DamagedRecord]]:
    """`HistoryStore.scan` of an open connection: every record, or those of `cutoff`, each
    marked current or not among those read (`marked_current`: current records are chosen per
    cut-off, so the records of one cut-off are enough to know which of them is current)."""
    where, args = ("WHERE cutoff_date = ? ", (cutoff.isoformat(),)) if cutoff is not None else ("", ())
    cursor = conn.execute(f"SELECT * FROM consolidation {where}ORDER BY cutoff_date, id", args)
    names = [d[0] for d in cursor.description]
    heads = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    unreadable = _unreadable_orgs(conn, heads)
    found: list[Record] = []
    damaged: list[DamagedRecord] = []
    for head in heads:
        try:
            if int(head["id"]) in unreadable:
                raise ValueError("an organisation's stored indicators cannot be read")
            found.append(_record(head, is_current=False))
        except _DECODE_ERRORS:
            damaged.append(DamagedRecord(int(head["id"]), head.get("cutoff_date"), head.get("ward_name")))
    return marked_current(found), damaged


_IDS_BOUND = 900  # below 999, the number of parameters an SQLite before 3.32 takes


def _unreadable_orgs(conn: sqlite3.Connection, heads: list[dict[str, Any]]) -> set[int]:
    """The ids of the records (`heads`: their consolidation rows) with an organisation whose
    stored indicators cannot be read (`_decode_org`: not JSON, not of the record's ids, or a
    value that is no finite number or null), so that `scan` lists them as damaged, as `get`
    finds them: such a record cannot be shown, exported or kept as a summary when removed, and
    its figures cannot be used (hunt115 F3)."""
    ids: dict[int, list[str] | None] = {}
    for head in heads:
        try:
            ids[int(head["id"])] = _ids(head)
        except (*_DECODE_ERRORS, json.JSONDecodeError):
            ids[int(head["id"])] = None  # the record is damaged whatever its organisations
    # Only the organisations of the records read: `scan` of one cut-off reads one or two records
    # of a history of many, and judging every organisation's text (`_ORG_CANDIDATES`) of the
    # others was most of its time (a city's history of 4 records: 97 ms for 1 record, 25 ms so).
    # Up to `_IDS_BOUND` ids (SQLite's bound on parameters); beyond, every organisation, as before.
    wanted = [i for i, known in ids.items() if known is not None]
    where = ""
    params: tuple[int, ...] = ()
    if len(wanted) <= _IDS_BOUND:
        where = f"o.consolidation_id IN ({', '.join('?' * len(wanted))}) AND " if wanted else "0 AND "
        params = tuple(wanted)
    try:
        rows = conn.execute(_ORG_CANDIDATES.replace("{where}", where), params).fetchall()
    except sqlite3.OperationalError as exc:
        if "json" not in str(exc).lower():  # not "no such function: json_valid"
            raise
        rows = conn.execute(
            f"SELECT o.consolidation_id, o.indicators FROM organisation AS o WHERE {where}1", params
        ).fetchall()
    unreadable: set[int] = set()
    for record_id, text in rows:
        known = ids.get(record_id)
        if known is None:
            continue  # damaged already, or rows of no record (never read)
        try:
            _decode_org(text, known)
        except (*_DECODE_ERRORS, json.JSONDecodeError):
            unreadable.add(int(record_id))
    return unreadable


@functools.cache
def _schema_shape(migrations: tuple[tuple[str, ...], ...], version: int) -> dict[str, tuple[str, ...]]:
    """The tables and their columns a history of schema `version` has, as `migrations` make
    them (applied to an empty database in memory: the schema is written once, as data)."""
    conn = sqlite3.connect(":memory:")
    try:
        migrate(conn, 0, migrations[:version])
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: tuple(row[1] for row in conn.execute(f'PRAGMA table_info("{t}")')) for t in tables}
    finally:
        conn.close()


def _shape_error(path: Path, missing: str) -> HistoryCorrupt:
    """A history whose tables or columns are not those ward-stats writes (hunt115 F4): no
    record in it can be read or removed, so the way out is the file's backup, or a new
    history. The warning a consolidation gives says the restoring itself (`reason_vi`)."""
    why = (
        f"Tệp lịch sử {_named(path)} không có cấu trúc như ward-stats ghi ({missing}): tệp bị hỏng, "
        "hoặc đã bị chương trình khác hay phiên bản ward-stats khác sửa, nên không được đọc hay ghi"
    )
    return _unusable(why)


def _moment(ran_at: str | None) -> dt.datetime | None:
    """A stored run time as a comparable (naive, local) time; None when unknown or unreadable."""
    if not ran_at:
        return None
    try:
        moment = dt.datetime.fromisoformat(ran_at)
    except (ValueError, TypeError):
        return None
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo is not None else moment


Run = tuple[int, str | None, str]  # (id, ran_at, origin) of a record, as `latest` takes it


def run_order(runs: Iterable[Run]) -> dict[int, tuple[dt.datetime, int]]:
    """The key, of each record given as `(id, ran_at, origin)`, by which the one that ran last
    is the greatest: `(time, id)`, compared as tuples.

    - Of two records made by `consolidate` (origin 'consolidate'), the one recorded later (the
      higher id) ran later, whatever the PCs' clocks say (a corrected re-run made on a PC whose
      clock is behind, or after a record of a clock once set in the future, replaces it): the
      time of such a record is the latest run time of the records made by `consolidate` up to
      it (by id), its own included, so it is never before one recorded earlier; the id breaks
      the tie.
    - An imported summary keeps its own run time (`generated_at`): an older summary imported
      later leaves the newer run current, a newer one replaces it.
    - A time unknown (or unreadable) is taken as the latest time of the records stored before
      it, so that it is the one stored last of those (the id breaks the tie).

    A total order over the records given, whatever their order (no record's key depends on
    the order in which they come)."""
    ordered = sorted(runs, key=lambda run: run[0])
    keys: dict[int, tuple[dt.datetime, int]] = {}
    made = dt.datetime.min  # latest run time of the records made by `consolidate` so far
    known = dt.datetime.min  # latest time of any record so far
    for record_id, ran_at, origin in ordered:
        moment = _moment(ran_at)
        if origin == "consolidate":
            made = max(made, moment or known)
            when = made
        else:
            when = known if moment is None else moment
        known = max(known, when)
        keys[record_id] = (when, record_id)
    return keys


def latest(runs: Iterable[Run]) -> int | None:
    """Of records given as `(id, ran_at, origin)`, the id of the one that ran last
    (`run_order`); None when none is given."""
    keys = run_order(runs)
    return max(keys, key=keys.__getitem__, default=None)


def current_ids(rows: Iterable[tuple[int, str, str | None, str | None, str, bool]]) -> set[int]:
    """The ids of the current records among `(id, cutoff_date, ward_name, ran_at, origin,
    empty)`: for
    each cut-off and ward (`ward_key`; the records without a name are one group of their own),
    the one that ran last (`latest`) of those that consolidated something. Records of different
    wards never supersede one another. A record of a run that consolidated no organisation
    (`empty`, `records.consolidated_any`: stored by an older version, or imported before imports
    refused it) is never current, and never hides the ward's real record of its cut-off."""
    groups: dict[tuple[str, str], list[Run]] = {}
    for record_id, cutoff, ward_name, ran_at, origin, empty in rows:
        if empty:
            continue
        groups.setdefault((str(cutoff), ward_key(ward_name)), []).append(
            (int(record_id), ran_at, str(origin))
        )
    return {found for runs in groups.values() if (found := latest(runs)) is not None}


def successor_of(
    rows: Sequence[tuple[int, str, str | None, str | None, str, bool]], record_id: int
) -> int | None:
    """Of the records of one cut-off `rows` (as `current_ids` takes them), the one that becomes
    current for its ward when the record `record_id` is taken out, if `record_id` was current;
    else None. What `HistoryStore.remove` returns, and what `removal_preview` says before."""
    if record_id not in current_ids(rows):
        return None
    ward = next(ward_key(r[2]) for r in rows if r[0] == record_id)
    left = [r for r in rows if r[0] != record_id]
    now = current_ids(left)
    return next((int(r[0]) for r in left if r[0] in now and ward_key(r[2]) == ward), None)


def _run_rows(records: Iterable[Record]) -> list[tuple[int, str, str | None, str | None, str, bool]]:
    """`records` as `current_ids` takes them."""
    return [
        (
            r.id or 0,
            r.cutoff_date.isoformat(),
            r.ward_name,
            r.ran_at,
            r.origin,
            not consolidated_any(r.indicators),
        )
        for r in records
    ]


def marked_current(records: list[Record]) -> list[Record]:
    """`records`, each marked current or not among themselves alone (`current_ids`)."""
    current = current_ids(_run_rows(records))
    return [replace(r, is_current=r.id in current) for r in records]


def removal_preview(records: list[Record], record: Record) -> tuple[list[Record], int | None]:
    """What removing `record` from a history of `records` (all it holds, as read) would leave:
    the records left, each current or not among themselves (`marked_current`, as `remove`
    stores them), and the record then current in its place for its cut-off and ward
    (`successor_of`, as `remove` returns it), if any. `history remove` without --yes says it."""
    left = marked_current([r for r in records if r.id != record.id])
    same_cutoff = [r for r in records if r.cutoff_date == record.cutoff_date]
    return left, successor_of(_run_rows(same_cutoff), record.id or 0)


def _of_cutoff(
    conn: sqlite3.Connection, cutoff: str
) -> list[tuple[int, str, str | None, str | None, str, bool]]:
    """The records of `cutoff` as `current_ids` takes them."""
    rows = conn.execute(
        "SELECT id, cutoff_date, ward_name, ran_at, origin, indicators FROM consolidation "
        "WHERE cutoff_date = ?",
        (cutoff,),
    ).fetchall()
    return [(i, c, w, r, o, not _readable_run(text)) for i, c, w, r, o, text in rows]


def _readable_run(text: Any) -> bool:
    """Whether stored ward indicators are readable and consolidated something: a record whose
    indicators cannot be read is never current (`history list` shows it as damaged)."""
    try:
        return consolidated_any(_indicators(json.loads(text)))
    except (*_DECODE_ERRORS, json.JSONDecodeError):
        return False


def _set_current(conn: sqlite3.Connection, cutoff: str) -> None:
    """Store which records of `cutoff` are current (`current_ids`), inside the caller's
    transaction."""
    rows = _of_cutoff(conn, cutoff)
    current = current_ids(rows)
    conn.executemany(
        "UPDATE consolidation SET is_current = ? WHERE id = ? AND is_current != ?",
        [(int(r[0] in current), r[0], int(r[0] in current)) for r in rows],
    )


def _restorable(conn: sqlite3.Connection, record: Record) -> int | None:
    """The number a restored copy had (`Record.restore_id`), when no record of this history has
    it now and the record removed under it was of the copy's run (or is not known: removed
    before schema version 5): the copy takes it again, and with it its place in the order of
    the runs. None for any other record, and when the number is taken (a record stored since
    the removal), was another run's (a copy of another history), or was never given by this
    history (beyond every number it holds or removed: a copy of another history, or of a history
    made again; a new history's first record is 1): the copy is then stored as the run recorded
    last (`_next_id`)."""
    wanted = record.restore_id
    if wanted is None or not 0 < wanted <= _SQLITE_INT_MAX:
        return None
    following = _next_id(conn)
    if following is not None and wanted >= following:
        return None  # a number this history never gave: the copy is of another history (hunt297)
    taken = conn.execute("SELECT 1 FROM consolidation WHERE id = ?", (wanted,)).fetchone()
    removed = conn.execute("SELECT run_id FROM removed_id WHERE id = ?", (wanted,)).fetchone()
    if taken or (removed is not None and removed[0] is not None and removed[0] != record.run_id):
        return None
    return wanted


def _next_id(conn: sqlite3.Connection) -> int | None:
    """The number of a new record: after every record this history holds and every one it
    removed (`removed_id`), so that a number, once given, names no other record (a hint
    "history remove N" seen before never removes a later record). None past SQLite's largest
    integer: SQLite then picks an unused one."""
    row = conn.execute(
        "SELECT max((SELECT coalesce(max(id), 0) FROM consolidation), "
        "(SELECT coalesce(max(id), 0) FROM removed_id))"
    ).fetchone()
    following = int(row[0]) + 1
    return following if following <= _SQLITE_INT_MAX else None


def _insert(conn: sqlite3.Connection, record: Record) -> int:
    now = dt.datetime.now().replace(microsecond=0).isoformat()
    ids = _common_ids(record)
    restored = _restorable(conn, record)
    cursor = conn.execute(
        "INSERT INTO consolidation (id, run_id, recorded_at, ran_at, origin, tool_version, template_version, "
        "ward_name, cutoff_date, period_start, form_from, form_to, is_current, indicators, "
        "org_indicator_ids, target_years, name_accent_pairs, partial_target_years, merged_from, "
        "registry_used, registry_none) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            _next_id(conn) if restored is None else restored,
            record.run_id,
            (record.recorded_at or now) if restored is not None else now,
            record.ran_at,
            record.origin,
            record.tool_version,
            record.template_version,
            record.ward_name,
            record.cutoff_date.isoformat(),
            record.period_start.isoformat(),
            record.form_period[0].isoformat(),
            record.form_period[1].isoformat(),
            0,  # set with the other records of its cut-off below
            _dumps(record.indicators),
            None if ids is None else _dumps(ids),
            None if record.target_years is None else _dumps(list(record.target_years)),
            record.name_accent_pairs,
            None if record.partial_target_years is None else _dumps(list(record.partial_target_years)),
            None if record.merged_from is None else _dumps(list(record.merged_from)),
            None if record.registry_used is None else int(record.registry_used),
            1 if record.registry_none else None,
        ),
    )
    new_id = int(cursor.lastrowid or 0)
    _set_current(conn, record.cutoff_date.isoformat())
    conn.executemany(
        "INSERT INTO organisation (consolidation_id, position, org_code, org_name, org_tier, sector, "
        "status, file, indicators, template_version, upgraded_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                new_id,
                i,
                o.org_code,
                o.org_name,
                o.org_tier,
                o.sector,
                o.status,
                o.file,
                _encode_org(o.indicators, ids),
                o.template_version,
                o.upgraded_from,
            )
            for i, o in enumerate(record.organisations)
        ],
    )
    conn.executemany(
        "INSERT INTO source_file (consolidation_id, position, file, org_code, sha256, template_version, "
        "status, consolidated, upgrade_not_completed, copy_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                new_id,
                i,
                s.file,
                s.org_code,
                s.sha256,
                s.template_version,
                s.status,
                s.consolidated,
                s.upgrade_not_completed,
                s.copy_of,
            )
            for i, s in enumerate(record.sources)
        ],
    )
    return new_id


def _record(row: dict[str, Any], *, is_current: bool) -> Record:
    """A consolidation's row as a record (its organisations and files: `_with_parts`). A row of
    a file of schema version < 4 not yet migrated lacks `target_years`, `name_accent_pairs` and
    `partial_target_years`: not known, as in the rows written before version 4 (and before
    version 8, `registry_used`, and 9, `registry_none`)."""
    date = dt.date.fromisoformat
    years, pairs = row.get("target_years"), row.get("name_accent_pairs")
    partial, merged = row.get("partial_target_years"), row.get("merged_from")
    return Record(
        id=int(row["id"]),
        run_id=str(row["run_id"]),
        recorded_at=row["recorded_at"],
        ran_at=row["ran_at"],
        origin=str(row["origin"]),
        tool_version=row["tool_version"],
        template_version=row["template_version"],
        ward_name=row["ward_name"],
        cutoff_date=date(row["cutoff_date"]),
        period_start=date(row["period_start"]),
        form_period=(date(row["form_from"]), date(row["form_to"])),
        is_current=is_current,
        indicators=_indicators(json.loads(row["indicators"])),
        target_years=None if years is None else _years(json.loads(years)),
        name_accent_pairs=None if pairs is None else _pairs(pairs),
        partial_target_years=None if partial is None else _years(json.loads(partial)),
        merged_from=None if merged is None else _names(json.loads(merged)),
        registry_used=_registry_used(row.get("registry_used")),
        registry_none=_registry_none(row.get("registry_none")),
    )


def _registry_used(value: Any) -> bool | None:
    """A stored `registry_used`: 1 or 0, or NULL (a row of schema version < 8, or of an imported
    summary without it: not known); anything else makes the record damaged."""
    if value is None:
        return None
    if type(value) is not int or value not in (0, 1):
        raise TypeError("stored registry_used is not 0 or 1")
    return bool(value)


def _registry_none(value: Any) -> bool:
    """A stored `registry_none`: 1 (a merged record none of whose former wards had a registry),
    or NULL (any other record, or a row of schema version < 9); anything else makes the record
    damaged."""
    if value is None:
        return False
    if type(value) is not int or value not in (0, 1):
        raise TypeError("stored registry_none is not 0 or 1")
    return bool(value)


def _names(value: Any) -> tuple[str, ...]:
    """A stored `merged_from`: the former wards' names (two or more), else a damaged row."""
    if not isinstance(value, list) or len(value) < 2 or not all(isinstance(n, str) and n for n in value):
        raise TypeError("stored merged_from is not a list of ward names")
    return tuple(value)


def _indicators(value: Any) -> dict[str, Any]:
    """Stored ward indicators as read: ids to finite numbers (or null), the rule a JSON summary's
    indicators are read by (`summary.check_indicators`, its figures' ranges aside: a record is
    the run's own). Any other value ("abc", a list, 1e999, NaN, true: a hand edit) makes the
    record damaged, as text that is no JSON does (hunt173 A1: it stopped every run and
    `history list` with an unexpected error where its figure was used)."""
    if not isinstance(value, dict):
        raise TypeError("stored indicators are not an object")
    try:
        check_indicators(value, "stored indicators", figures=False)
    except SummaryError as exc:
        raise ValueError(str(exc)) from None
    return value


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _copy_of(value: Any) -> str | None:
    """A stored file's `copy_of`: the name of the file it is a copy of, or None (NULL: no copy,
    or a row of schema version < 6); anything but text makes the record damaged."""
    if value is not None and not isinstance(value, str):
        raise TypeError("stored copy_of is not a file name")
    return value or None


def _years(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or any(type(y) is not int for y in value):
        raise TypeError("stored target years are not a list of years")
    return tuple(value)


def _pairs(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise TypeError("stored accent pairs are not a count")
    return value


def _with_parts(
    record: Record, ids: list[str], orgs: list[dict[str, Any]], files: list[dict[str, Any]]
) -> Record:
    return replace(
        record,
        organisations=tuple(
            OrgRecord(
                o["org_code"],
                o["org_name"],
                o["org_tier"],
                o["sector"],
                o["status"],
                o["file"],
                _decode_org(o["indicators"], ids),
                o.get("template_version"),
                o.get("upgraded_from"),
            )
            for o in orgs
        ),
        sources=tuple(
            SourceRecord(
                f["file"],
                f["org_code"],
                f["sha256"],
                f["template_version"],
                f["status"],
                _flag(f["consolidated"]),
                _flag(f.get("upgrade_not_completed")),
                _copy_of(f.get("copy_of")),
            )
            for f in files
        ),
    )


def org_totals(store: HistoryStore, record_id: int) -> dict[str, int | float]:
    """`members.total` of each consolidated organisation of a stored record (what the opening
    check compares with)."""
    return store.org_figure(record_id, "members.total")
