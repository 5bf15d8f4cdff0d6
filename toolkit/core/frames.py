"""Concatenating many small frames of the same sheet quickly.

`pandas.concat` of a thousand per-file frames with nullable integer columns spends most of
its time on per-frame bookkeeping (over a second for 1,000 files). The reader's frames all
have the same columns and the same kinds of column — object text, ``datetime64[ns]`` dates,
``Int64`` counts and the int64 ``_row`` — so each column is concatenated as one numpy array.
Any other mix falls back to `pandas.concat` for that column.

The reader hands over each sheet as `SheetColumns` (its column arrays, counts as
`NullableInts`; `toolkit.core.sheetcolumns`, which needs no pandas), which these functions
concatenate without ever building the per-file DataFrame.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.internals import create_dataframe_from_blocks

from toolkit.core.sheetcolumns import NullableInts, SheetColumns, int_parts

__all__ = ["NullableInts", "SheetColumns", "concat_frames", "frame_from_arrays", "pandas_array"]


def pandas_array(array: Any) -> Any:
    """A column as pandas holds it: `NullableInts` become an Int64 `IntegerArray`."""
    if isinstance(array, NullableInts):
        return pd.arrays.IntegerArray(array.data, array.mask)
    return array


_INDEXES: dict[tuple[str, ...], pd.Index] = {}


def frame_from_arrays(columns: Sequence[str], arrays: list[Any], n: int) -> pd.DataFrame:
    """The frame of these column arrays, built block by block (no type inference).

    Same result as `pd.DataFrame` of the columns (text as object Series): one 2-D block per
    numpy dtype, one block per extension-array (nullable integer) column.
    """
    key = tuple(columns)
    index = _INDEXES.get(key)
    if index is None:
        index = _INDEXES[key] = pd.Index(list(key))
    by_dtype: dict[np.dtype, list[int]] = defaultdict(list)
    blocks: list[tuple[Any, np.ndarray]] = []
    for pos, arr in enumerate(arrays):
        arr = pandas_array(arr)
        if isinstance(arr, np.ndarray):
            by_dtype[arr.dtype].append(pos)
        else:
            blocks.append((arr, np.array([pos], dtype=np.intp)))
    for dtype, positions in by_dtype.items():
        block = np.empty((len(positions), n), dtype=dtype)
        for row, pos in enumerate(positions):
            block[row] = arrays[pos]
        blocks.append((block, np.array(positions, dtype=np.intp)))
    return create_dataframe_from_blocks(blocks, index=pd.RangeIndex(n), columns=index)


def _column_arrays(frames: Sequence[pd.DataFrame | SheetColumns], col: str) -> list[Any]:
    out = []
    for frame in frames:
        if isinstance(frame, SheetColumns):
            out.append(frame.array(col))
            continue
        pos = frame.columns.get_loc(col)
        if not isinstance(pos, int):  # a duplicated column name: let pandas decide
            return [f.frame()[col] if isinstance(f, SheetColumns) else f[col] for f in frames]
        # The column's own array without building a Series (pandas' __getitem__ costs
        # several microseconds, which adds up over thousands of frames).
        out.append(frame._get_column_array(pos))
    return out


def _concat_column(arrays: list[Any]) -> Any:
    ints = [int_parts(a) for a in arrays]
    if all(parts is not None for parts in ints):
        data = np.concatenate([parts[0] for parts in ints if parts is not None])
        mask = np.concatenate([parts[1] for parts in ints if parts is not None])
        return pd.arrays.IntegerArray(data, mask)
    arrays = [pandas_array(a) for a in arrays]
    first = arrays[0]
    if isinstance(first, pd.arrays.DatetimeArray) and all(
        isinstance(a, pd.arrays.DatetimeArray) and a.dtype == first.dtype for a in arrays
    ):
        return np.concatenate([np.asarray(a) for a in arrays])
    if isinstance(first, np.ndarray) and all(
        isinstance(a, np.ndarray) and a.dtype == first.dtype for a in arrays
    ):
        values = np.concatenate(arrays)
        # An explicit object Series: from a bare object array pandas 3 would infer its `str`
        # dtype and turn None into NaN.
        return pd.Series(values, dtype=object, copy=False) if values.dtype.kind == "O" else values
    series = [a if isinstance(a, pd.Series) else pd.Series(a, dtype=a.dtype, copy=False) for a in arrays]
    return pd.concat(series, ignore_index=True)


def concat_frames(
    frames: Sequence[pd.DataFrame | SheetColumns],
    columns: Sequence[str],
    extra: Mapping[str, np.ndarray] | None = None,
) -> pd.DataFrame:
    """The rows of `frames` (each holding at least `columns`) in one frame with a fresh
    RangeIndex, plus the `extra` columns (one value per row of the result)."""
    total = sum(len(f) for f in frames)
    out: dict[str, Any] = {}
    for col in columns:
        out[col] = _concat_column(_column_arrays(frames, col)) if frames else pd.Series(dtype=object)
    for key, values in (extra or {}).items():
        out[key] = pd.Series(values, dtype=object, copy=False) if values.dtype.kind == "O" else values
    return pd.DataFrame(out, index=pd.RangeIndex(total), copy=False)
