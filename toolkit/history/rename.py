"""A ward renamed carries its history over: every record of the old name given the new one.

Records of different ward names (`core.text.ward_key`) are two wards to the history: one never
supersedes the other (`store.current_ids`) and a run never uses another name's records. A ward
legitimately renamed (the 2025 mergers renamed many) would otherwise have to keep its old name
on the official forms' heading to keep its `Cùng kỳ năm trước`, trend and opening check
(hunt107 F5). `rename_ward` sets the new name on every record of the old name's key, in one
transaction under the history's write lock, then sets which records of each cut-off it touched
are current: where the new name already had a record of that cut-off, the two names are one
ward now, and the one that ran last is the one in use (`store._set_current`, as after `add`).

Before anything changes, a copy of the whole history file is made with SQLite's backup API
(a consistent copy, taken under the write lock, so no other writer comes between it and the
change) into `lich_su_da_xoa` beside the history; a rename that fails after it deletes the copy
again, so a copy always means a rename. A history that is not there is never created.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from toolkit.core.commands import history_command
from toolkit.core.errors import InputError, OutputError, file_in_the_way, os_error_text
from toolkit.core.text import tidy_name, ward_key
from toolkit.history.removal import REMOVED_FOLDER
from toolkit.history.store import (
    HistoryStore,
    _of_cutoff,
    _rollback_journal,
    _set_current,
    _sqlite_reason,
    _structure_error,
    current_ids,
    translate,
)
from toolkit.io.files import resolved

BACKUP_INFIX = "_truoc_khi_doi_ten_"

Row = tuple[int, str, str | None, str | None, str, bool]  # as `store.current_ids` takes them


@dataclass(frozen=True)
class Merged:
    """A cut-off where records of both names were current: the one in use now, and the one of
    the other name that was in use before and is kept, no longer current."""

    cutoff: str
    used: int
    set_aside: int


@dataclass(frozen=True)
class Renaming:
    """What a rename does (or did): the records of the old name as `(id, cut-off)`, oldest
    cut-off first, the cut-offs where the two names meet, whether the new name had records
    before, and the copy of the history kept first (None for a plan)."""

    old: str
    new: str
    records: tuple[tuple[int, str], ...]
    merged: tuple[Merged, ...]
    new_had_records: bool
    backup: Path | None = None


def clean_name(name: str) -> str:
    """A ward name as stored (`tidy_name`), "" when nothing is left."""
    return tidy_name(name) or ""


def _check_names(old: str, new: str, history: Path) -> str:
    """The new name as it will be stored; `InputError` for a rename that means nothing."""
    if not ward_key(old):
        raise InputError(
            "Tên phường cũ trống: hãy ghi tên phường đang có trong lịch sử (xem bằng lệnh "
            f"“{history_command('list', history)}”)."
        )
    if not ward_key(new):
        raise InputError("Tên phường mới trống: hãy ghi tên mới của phường, ví dụ “Phường Thành Đông”.")
    same = same_ward(old, new)
    if same is not None:
        raise InputError(same)
    return clean_name(new)


def same_ward(old: str, new: str) -> str | None:
    """The sentence that says `old` and `new` are one ward's name to the history (`ward_key`),
    so a rename has nothing to change; None when they are two names. `history rename-ward`
    refuses such a rename (exit code 2: the command was asked to do what it cannot); the
    dialog of `history list --ask` says it without "Lỗi" and changes nothing, as for any other
    answer that asks for no change (hunt122 C3: "Lỗi: …" there read as a failure)."""
    if ward_key(old) != ward_key(new):
        return None
    return (
        f"“{clean_name(old)}” và “{clean_name(new)}” là một tên (chỉ khác chữ hoa, chữ thường, "
        "khoảng trắng hoặc chỗ đặt dấu như Hoà, Hòa): các lần tổng hợp của hai tên này đã được "
        "dùng như của một phường, không cần đổi tên."
    )


def _missing(path: Path) -> InputError:
    return InputError(
        f"Không có tệp lịch sử “{path}”: chưa lần tổng hợp nào được ghi ở đó. Hãy kiểm tra đường dẫn "
        "(--history), hoặc chạy lệnh trong thư mục có tệp lich_su_tong_hop.sqlite."
    )


def _plan(path: Path, rows: list[Row], old: str, new: str) -> Renaming:
    """What renaming `old` to `new` does to the history whose records are `rows` (every record);
    `InputError` when no record has the old name, naming the names it has."""
    key, new_key = ward_key(old), ward_key(new)
    records = sorted(((r[0], r[1]) for r in rows if ward_key(r[2]) == key), key=lambda r: (r[1], r[0]))
    if not records:
        names = sorted({clean_name(r[2]) for r in rows if r[2] and ward_key(r[2])}, key=ward_key)
        has = (
            "các tên phường có trong lịch sử: " + ", ".join(f"“{n}”" for n in names)
            if names
            else "lịch sử chưa có lần tổng hợp nào ghi tên phường"
        )
        raise InputError(
            f"Lịch sử “{path}” không có lần tổng hợp nào của “{clean_name(old)}” ({has}). Hãy ghi tên cũ "
            f"đúng như trong “{history_command('list', path)}”; không đổi gì."
        )
    merged = []
    for cutoff in sorted({c for _, c in records}):
        of_cutoff = [r for r in rows if r[1] == cutoff]
        before = current_ids(of_cutoff)
        was_old = [r[0] for r in of_cutoff if r[0] in before and ward_key(r[2]) == key]
        was_new = [r[0] for r in of_cutoff if r[0] in before and ward_key(r[2]) == new_key]
        if not was_old or not was_new:
            continue
        after = current_ids(
            [(i, c, new if ward_key(w) == key else w, t, o, e) for i, c, w, t, o, e in of_cutoff]
        )
        used = next(i for i in (*was_old, *was_new) if i in after)
        merged.append(Merged(cutoff, used, next(i for i in (*was_old, *was_new) if i != used)))
    # The old name as the history holds it (its latest record's), not as typed ("PHƯỜNG   mẫu"):
    # the messages and the command to undo the renaming name it so (hunt110 #6).
    stored = str(max((r for r in rows if ward_key(r[2]) == key), key=lambda r: r[0])[2])
    return Renaming(
        clean_name(stored),
        new,
        tuple(records),
        tuple(merged),
        any(ward_key(r[2]) == new_key for r in rows),
    )


def _rows(conn: sqlite3.Connection) -> list[Row]:
    cutoffs = [row[0] for row in conn.execute("SELECT DISTINCT cutoff_date FROM consolidation")]
    return [row for cutoff in cutoffs for row in _of_cutoff(conn, cutoff)]


def plan_rename(store: HistoryStore, old: str, new: str) -> Renaming:
    """What `rename_ward` would do, read without writing (`history rename-ward` without --yes)."""
    new = _check_names(old, new, store.path)
    if not store.path.exists():
        raise _missing(store.path)
    with store._reading() as conn:
        rows = [] if conn is None else _rows(conn)
    return _plan(store.path, rows, old, new)


def backup_path(history: Path, now: dt.datetime | None = None) -> Path:
    """A new file for the copy of `history` kept before a rename:
    `lich_su_da_xoa/<name>_truoc_khi_doi_ten_<time>.sqlite` beside it (`_2`… when taken)."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d_%H%M%S")
    folder = Path(history).parent / REMOVED_FOLDER
    stem = f"{Path(history).stem}{BACKUP_INFIX}{stamp}"
    path, n = folder / f"{stem}.sqlite", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}_{n}.sqlite"
    return path


def _keep_copy(store: HistoryStore, target: Path, made: list[Path]) -> None:
    """The history as committed, copied into `target` by SQLite's backup API through a second,
    read-only connection (the writer's own holds the write lock, which readers pass; SQLite
    refuses a backup from a connection inside a write transaction)."""
    blocker = file_in_the_way(target.parent)
    if blocker is not None:  # SQLite would say only that it cannot open the copy
        _copy_failed(target, f"\u201c{blocker}\u201d là một tệp, không phải thư mục")
    try:
        if not target.parent.exists():
            target.parent.mkdir()
            made.append(target.parent)
        made.append(target)
        uri = resolved(store.path).as_uri() + "?mode=ro"
        source = sqlite3.connect(uri, uri=True, timeout=store.timeout, isolation_level=None)
        try:
            copy = sqlite3.connect(str(target), isolation_level=None)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
    except (OSError, sqlite3.Error) as exc:
        _copy_failed(target, os_error_text(exc) if isinstance(exc, OSError) else _sqlite_reason(exc))


def _copy_failed(target: Path, reason: str) -> NoReturn:
    raise OutputError(
        f"Không ghi được bản sao của tệp lịch sử vào thư mục “{target.parent}” ({reason}), nên chưa "
        "đổi tên gì."
    ) from None


def rename_ward(store: HistoryStore, old: str, new: str, *, now: dt.datetime | None = None) -> Renaming:
    """Give every record of `old` (by `ward_key`) the name `new`, in one transaction, a copy of
    the history kept first; the records of each cut-off renamed are made current again as `add`
    makes them. `InputError` for a rename that means nothing, a history that is not there or has
    no record of `old`; the store's `HistoryError`s (locked, damaged, newer…) as any write; the
    file is then left as it was, with no copy."""
    new = _check_names(old, new, store.path)
    store._check_place(writing=False)
    if not store.path.exists():
        raise _missing(store.path)
    store._check_empty()  # a file of 0 bytes is damaged, as the dry run says (hunt110 #5)
    store._check_header()
    store._recover()  # said, not rolled back in silence by the connection below
    try:
        conn = sqlite3.connect(str(store.path), timeout=store.timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise translate(exc, store.path, writing=True) from None
    made: list[Path] = []  # the copy, and its folder when this rename created it
    try:
        _rollback_journal(conn, store.path, store._trusted)
        conn.execute("BEGIN IMMEDIATE")
        rows: list[Row] = []
        if store._version(conn):
            if not store._intact(conn):
                raise _structure_error(store.path)
            rows = _rows(conn)
        plan = _plan(store.path, rows, old, new)
        target = backup_path(store.path, now)
        _keep_copy(store, target, made)
        ids = [record_id for record_id, _ in plan.records]
        conn.executemany("UPDATE consolidation SET ward_name = ? WHERE id = ?", [(new, i) for i in ids])
        for cutoff in sorted({c for _, c in plan.records}):
            _set_current(conn, cutoff)
        conn.execute("COMMIT")
        made.clear()
    except sqlite3.Error as exc:
        raise translate(exc, store.path, writing=True) from None
    finally:
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # closing the connection rolls back what is left
        conn.close()
        for path in reversed(made):  # nothing renamed: no copy, nor a folder made for it
            with contextlib.suppress(OSError):
                path.unlink() if path.is_file() else path.rmdir()
    return Renaming(plan.old, plan.new, plan.records, plan.merged, plan.new_had_records, target)
