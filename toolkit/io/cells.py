"""Small helpers over one column of cell values as calamine gives them.

A column is a tuple of Python values where "" is an empty cell. These helpers let the reader
look at a whole column at C speed (a set of distinct values, a type mask, the rows kept)
instead of one cell at a time: the common cells of a large sheet never reach Python code.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from itertools import repeat
from typing import Any

import numpy as np

from toolkit.core.text import strip_invisible


def is_blank(value: Any) -> bool:
    """Nothing in the cell: None, or text that is only white space and invisible characters
    (zero-width spaces, byte-order marks, bidirectional marks: `core.text.INVISIBLE`, which
    `normalize.clean_text` drops), so that a cell the reader reads as empty is blank here too.
    Those characters are looked for only in a text with something left after `strip()` and a
    character that is not printable (every one of them is not): the common cell costs one
    more look at C speed."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    text = value.strip()
    return not text or (not text.isprintable() and not strip_invisible(text).strip())


def distinct(values: Sequence[Any]) -> Any:
    """The set of the values, or the values themselves when one of them is unhashable."""
    try:
        return set(values)
    except TypeError:  # an unhashable value: not from calamine, but be safe
        return values


def type_mask(values: Sequence[Any], kind: type) -> np.ndarray:
    """`[type(v) is kind for v in values]` as a boolean array, without a Python-level loop."""
    return np.fromiter(map(operator.is_, map(type, values), repeat(kind)), dtype=bool, count=len(values))


def take(values: Sequence[Any], index: np.ndarray) -> Sequence[Any]:
    """The values at the positions `index` (an integer array), as a tuple."""
    if len(index) == 0:
        return ()
    if len(index) == 1:
        return (values[int(index[0])],)
    return operator.itemgetter(*index.tolist())(values)
