"""Every submission in the current template's shape, whatever its version.

A file is read with its own version's layout (`toolkit.core.layout.layout_for`): its cells
are located and normalised exactly as its template has them. The reader then hands on the
frames in the shape of the current template, so that validation and the statistics know one
shape only:

- a column the file's template does not have is empty (None: unknown);
- `Đảng viên` gains the columns of `layout.MEMBER_EXTRA`: `occupation_2026_1` (the old
  occupation wherever the current list does not take the cell) and `attributes_2026_2`
  (whether the file records the attributes new in 2026.2);
- an old occupation with one meaning in the current list is that occupation; one with
  several meanings is left empty (unknown), its old code kept so its report group stays exact.

A file upgraded by `ward-stats upgrade` is a 2026.2 file; an occupation cell there may still
hold an old label (the secretary has not chosen again): it is moved to `occupation_2026_1`
in the same way. The upgrade leaves the new columns of `layout.NEW_ANSWERS` empty, and an
empty cell there reads “Không”: so while none of their cells holds anything, the file is not
completed (`answered_after_upgrade`) and its members' `attributes_2026_2` is false, as a
2026.1 file's is. The first value the secretary enters completes it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from toolkit.core import layout, vocab
from toolkit.core.layout import SheetSpec
from toolkit.core.sheetcolumns import SheetColumns


def _empty(n: int) -> np.ndarray:
    return np.full(n, None, dtype=object)


def _reshape(cols: SheetColumns, target: SheetSpec, extra: dict[str, Any]) -> SheetColumns:
    """``cols`` with the columns of ``target`` in its order (missing ones empty), ``extra``
    after them, then `_row`."""
    n = len(cols)
    arrays = [cols.array(k) if k in cols.columns else _empty(n) for k in target.keys]
    names = [*target.keys, *extra, "_row"]
    return SheetColumns(names, [*arrays, *extra.values(), cols.array("_row")], n)


def _old_occupations(occupation: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Old occupations (codes of the 2026.1 list, or text as typed) → (the current code where
    there is exactly one, else None; the old value as it was)."""
    old = np.asarray(occupation, dtype=object)
    current = np.fromiter(
        (vocab.occupation_from_2026_1(v) if isinstance(v, str) else None for v in old),
        dtype=object,
        count=len(old),
    )
    return current, old


def _upgraded_occupations(occupation: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Occupations of an upgraded file: a cell still holding an old label is moved out (the
    current column empty, the old code kept); anything else stays as read."""
    current = np.array(occupation, dtype=object, copy=True)
    old = _empty(len(current))
    codes = set(vocab.OCCUPATION.codes)
    for i, value in enumerate(current.tolist()):
        if isinstance(value, str) and value not in codes:
            term = vocab.OCCUPATION_2026_1.lookup(value)
            if term is not None:
                current[i], old[i] = None, term.code
    return current, old


def answered_after_upgrade(cols: SheetColumns) -> bool:
    """Whether an upgraded file's `Đảng viên` holds a value in any cell of the Có/Không columns
    the upgrade left empty (`layout.COMPLETING_ANSWERS`; Học hàm, filled only for the few with a
    title, is none of them): the secretary has completed them."""
    return any(
        any(v is not None for v in np.asarray(cols.array(k), dtype=object).tolist())
        for k in layout.COMPLETING_ANSWERS
        if k in cols.columns
    )


def members_now(cols: SheetColumns, version: str, *, upgraded: bool, answered: bool = True) -> SheetColumns:
    """A `Đảng viên` frame of any version in the current shape (with `layout.MEMBER_EXTRA`).
    An upgraded file whose new columns are all empty (``answered`` false: the reader asks
    `answered_after_upgrade`) records none of them yet."""
    n = len(cols)
    occupation = np.asarray(cols.array("occupation"), dtype=object)
    if version == layout.VERSION_2026_1:
        current, old = _old_occupations(occupation)
        known = np.zeros(n, dtype=bool)
    elif upgraded:
        current, old = _upgraded_occupations(occupation)
        known = np.full(n, answered, dtype=bool)
    else:
        current, old, known = occupation, _empty(n), np.ones(n, dtype=bool)
    arrays = dict(zip(cols.columns, cols.arrays, strict=True))
    arrays["occupation"] = current
    moved = SheetColumns(list(arrays), list(arrays.values()), n)
    return _reshape(moved, layout.MEMBERS, {"occupation_2026_1": old, "attributes_2026_2": known})


def events_now(cols: SheetColumns) -> SheetColumns:
    """A `Biến động` frame of any version in the current shape."""
    return _reshape(cols, layout.EVENTS, {})


def info_now(info: dict[str, Any]) -> dict[str, Any]:
    """`Thông tin` values of any version with every current key (missing ones None)."""
    return {key: info.get(key) for key in layout.INFO.keys}
