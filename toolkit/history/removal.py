"""Taking a record made by mistake out of the history, and keeping a copy of it first.

A record is removed only after its JSON summary (`records.summary_from_record`, what
`history export` writes) is in a file of `REMOVED_FOLDER`, beside the history: a record
removed by a wrong keystroke is added back with `ward-stats history import` of that file,
whole: the copy carries the files read (names, organisations, SHA-256), the tool version and
the record's origin besides its figures.
The copy is written under the history's write lock, before the rows are deleted; should the
removal fail after it, the copy is deleted again (and the folder, when this removal made it),
so that a copy always means a removal. A process killed between the copy and the deletion's
commit leaves a copy of a record still there: harmless, as `history list --ask` offers no copy
whose run is in the history and `history import` of it is refused as already stored.
Aggregates only, like the history itself.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from toolkit.core.errors import OutputError, os_error_text, user_message
from toolkit.history.records import Record, summary_from_record
from toolkit.history.store import REMOVED_FOLDER, HistoryStore
from toolkit.io.atomic import atomic_write_text

__all__ = ["REMOVED_FOLDER", "Removal", "copy_path", "remove_damaged_keeping_rows", "remove_keeping_copy"]


@dataclass(frozen=True)
class Removal:
    """What a removal did: the record removed, the record now current for its cut-off (when
    the removed one was), and the file holding the removed record's copy."""

    record: Record | None  # None: a record that could not be read (its rows were kept)
    successor: int | None
    copy: Path


def copy_path(history: Path, record: Record) -> Path:
    """A new file for the copy of `record`: `lich_su_da_xoa/lan_3_chot_2026-03-31.json` beside
    the history (`_2`, `_3`… when a history made again numbered another record 3, or record 3
    was added back and removed again: a history never gives a removed number to another record)."""
    folder = Path(history).parent / REMOVED_FOLDER
    stem = f"lan_{record.id}_chot_{record.cutoff_date.isoformat()}"
    path, n = folder / f"{stem}.json", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}_{n}.json"
    return path


def remove_keeping_copy(store: HistoryStore, record: Record) -> Removal:
    """Remove `record` (read from `store`) from the history, its copy written first.

    `KeyError` when it is no longer there; an `OutputError` when the copy cannot be written
    (nothing is removed then); the store's errors when the history cannot be written."""
    record_id = record.id
    if record_id is None:  # a record not read from a history
        raise KeyError(record_id)
    # The copy must hold all the record holds: a record of a list (`store.records()`) is read
    # without its organisations and files, and a copy without them, imported back, would lose
    # the next year's opening check of every organisation.
    full = store.get(record_id)
    if full is None:
        raise KeyError(record_id)
    record = full
    copy = summary_from_record(record, with_origin=True)
    text = json.dumps(copy, ensure_ascii=False, indent=2) + "\n"
    successor, path = _remove_with_copy(store, record_id, lambda: copy_path(store.path, record), text)
    return Removal(record, successor, path)


def remove_damaged_keeping_rows(store: HistoryStore, record_id: int) -> Removal:
    """Remove a record that cannot be read (`store.scan`'s damaged ones), its rows as stored
    written first to `lich_su_da_xoa/lan_<id>_hong.json` (no summary can be made of them, so
    the copy is not for `history import`: it keeps what was there). `KeyError` when there is
    no such record."""
    rows = store.raw(record_id)
    if rows is None:
        raise KeyError(record_id)
    text = json.dumps(rows, ensure_ascii=False, indent=2, default=repr) + "\n"

    def target() -> Path:
        folder = Path(store.path).parent / REMOVED_FOLDER
        path, n = folder / f"lan_{record_id}_hong.json", 1
        while path.exists():
            n += 1
            path = folder / f"lan_{record_id}_hong_{n}.json"
        return path

    successor, path = _remove_with_copy(store, record_id, target, text)
    return Removal(None, successor, path)


def _remove_with_copy(
    store: HistoryStore, record_id: int, target_of: Callable[[], Path], text: str
) -> tuple[int | None, Path]:
    """Remove record `record_id`, `text` written first to the file `target_of` names (under the
    history's write lock); a failed removal deletes it again."""
    written: list[Path] = []
    made: list[Path] = []  # the folder of copies, when this removal created it

    def keep() -> None:
        target = target_of()
        try:
            if not target.parent.exists():
                target.parent.mkdir()
                made.append(target.parent)
            written.append(atomic_write_text(target, text))
        except (OSError, OutputError) as exc:
            # The folder not made says the system's reason, as `rename_ward`'s copy does: not
            # `user_message`'s "Không ghi được tệp “…/lich_su_da_xoa”: tệp đang mở trong chương
            # trình khác", the folder called a file open in a program (hunt228 F1).
            reason = os_error_text(exc) if isinstance(exc, OSError) else user_message(exc).rstrip(".")
            raise OutputError(
                f"Không ghi được bản lưu của lần tổng hợp số {record_id} vào thư mục “{target.parent}” "
                f"({reason}), nên chưa xóa gì khỏi lịch sử."
            ) from None

    try:
        successor = store.remove(record_id, before_delete=keep)
    except BaseException:
        for path in written:  # the copy of a record that is still there
            with contextlib.suppress(OSError):
                path.unlink()
        for folder in made:  # nothing was removed: no folder of copies left behind either
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty (another copy may have come meanwhile)
        raise
    return successor, written[0]
