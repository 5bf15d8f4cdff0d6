"""A sheet's columns as the reader produces them, without pandas.

The reader runs in worker processes that are forked before the parent has loaded pandas (a
second of a consolidation's start), so nothing on its path imports pandas: a sheet is held as
`SheetColumns` (numpy arrays, one per column) and a nullable count column as `NullableInts`.
`toolkit.core.frames` turns them into pandas objects in the process that wants a DataFrame.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


class NullableInts:
    """A nullable integer column: its int64 values and its mask (True where empty), the two
    arrays of pandas' `IntegerArray`, which `toolkit.core.frames` builds from them."""

    __slots__ = ("data", "mask")

    def __init__(self, data: np.ndarray, mask: np.ndarray) -> None:
        self.data, self.mask = data, mask

    def __len__(self) -> int:
        return len(self.data)

    def __reduce__(self) -> tuple[Any, ...]:
        return (NullableInts, (self.data, self.mask))


def int_parts(array: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """The (values, mask) of a nullable integer column, `NullableInts` or pandas' Int64 array;
    None for any other column."""
    if isinstance(array, NullableInts):
        return array.data, array.mask
    if type(array).__name__ == "IntegerArray" and str(getattr(array, "dtype", "")) == "Int64":
        return array._data, array._mask
    return None


class SheetColumns:
    """A sheet's normalised columns as the reader produced them, before they are a DataFrame.

    Building a DataFrame costs a fifth of a millisecond and pickling one between processes
    several times that; a batch of 1,000 files has 3,000 of them, and validation only wants
    their columns to concatenate. `frame()` builds the DataFrame when someone asks for it.
    Count columns are `NullableInts` (or pandas' Int64 arrays, when made by hand).
    """

    __slots__ = ("arrays", "columns", "n")

    def __init__(self, columns: Sequence[str], arrays: list[Any], n: int) -> None:
        self.columns = tuple(columns)
        self.arrays = arrays
        self.n = n

    def __len__(self) -> int:
        return self.n

    def array(self, col: str) -> Any:
        return self.arrays[self.columns.index(col)]

    def frame(self) -> Any:
        """The pandas DataFrame of these columns (imports pandas)."""
        from toolkit.core.frames import frame_from_arrays

        return frame_from_arrays(self.columns, self.arrays, self.n)

    def __reduce__(self) -> tuple[Any, ...]:
        # Nullable integers travel as their two numpy arrays (pickling pandas' array itself is
        # several times slower) and arrive as `NullableInts`.
        packed = [NullableInts(*parts) if (parts := int_parts(a)) is not None else a for a in self.arrays]
        return (SheetColumns, (self.columns, packed, self.n))
