"""Concatenating many small frames of the same sheet quickly.

`pandas.concat` of a thousand per-file frames with nullable integer columns spends most of
its time on per-frame bookkeeping (over a second for 1,000 files). The reader's frames all
have the same columns and the same kinds of column — object text, ``datetime64[ns]`` dates,
``Int64`` counts and the int64 ``_row`` — so each column is concatenated as one numpy array.
Any other mix falls back to `pandas.concat` for that column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd


def _column_arrays(frames: Sequence[pd.DataFrame], col: str) -> list[Any]:
    out = []
    for frame in frames:
        pos = frame.columns.get_loc(col)
        if not isinstance(pos, int):  # a duplicated column name: let pandas decide
            return [frame[col] for frame in frames]
        # The column's own array without building a Series (pandas' __getitem__ costs
        # several microseconds, which adds up over thousands of frames).
        out.append(frame._get_column_array(pos))
    return out


def _concat_column(arrays: list[Any]) -> Any:
    first = arrays[0]
    if isinstance(first, pd.arrays.IntegerArray) and all(
        isinstance(a, pd.arrays.IntegerArray) and a.dtype == first.dtype for a in arrays
    ):
        data = np.concatenate([a._data for a in arrays])
        mask = np.concatenate([a._mask for a in arrays])
        return pd.arrays.IntegerArray(data, mask)
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
    frames: Sequence[pd.DataFrame], columns: Sequence[str], extra: Mapping[str, np.ndarray] | None = None
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
