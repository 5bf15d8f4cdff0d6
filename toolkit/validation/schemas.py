"""pandera schemas of the four data sheets, built from `layout` and `vocab`.

They describe the *normalised* frames of the data contract (`toolkit.core.model.Submission`):
categories as vocabulary codes, dates as ``datetime64[ns]``, counts as nullable integers.
Column-level rules (required, allowed values, ranges) live here; rules that relate rows or
sheets to each other live in the other modules of `toolkit.validation`; `columns` maps
these schemas' failures to issues.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys

import pandas as pd
import pandera.pandas as pa

from toolkit.core import layout
from toolkit.core.layout import Field, SheetSpec

# pandera asks for geopandas (an optional extra) each time it names a dtype its table lacks,
# `object` among them: about 90 failed imports a run in each process, each a search of the
# whole `sys.path`. Where geopandas is not installed (the bundle never installs it) its absence
# is recorded once, so that each of those imports fails at once, as it would anyway.
if "geopandas" not in sys.modules and importlib.util.find_spec("geopandas") is None:
    sys.modules["geopandas"] = None  # type: ignore[assignment]

EARLIEST_DATE = pd.Timestamp(layout.EARLIEST_DATE)


def _column(f: Field, today: dt.date) -> pa.Column:
    # A field an upgraded file may still lack is checked by `toolkit.validation.versions`,
    # which knows the file's kind.
    nullable = not f.required or f.upgrade_fill
    if f.kind == "category":
        assert f.vocab is not None
        return pa.Column(
            object,
            checks=pa.Check.isin(f.vocab.codes, ignore_na=True),
            nullable=nullable,
            coerce=False,
            title=f.header,
        )
    if f.kind == "date":
        return pa.Column(
            "datetime64[ns]",
            checks=[
                pa.Check.ge(EARLIEST_DATE, ignore_na=True),
                pa.Check.le(pd.Timestamp(today), ignore_na=True),
            ],
            nullable=nullable,
            title=f.header,
        )
    if f.kind == "int":
        low, high = layout.int_range(f)
        return pa.Column(
            "Int64",
            checks=pa.Check.in_range(low, high, ignore_na=True),
            nullable=nullable,
            title=f.header,
        )
    return pa.Column(
        object,
        checks=pa.Check(lambda s: s.map(lambda v: isinstance(v, str) and v.strip() != ""), element_wise=False)
        if f.required
        else [],
        nullable=nullable,
        title=f.header,
    )


def sheet_schema(spec: SheetSpec, today: dt.date | None = None) -> pa.DataFrameSchema:
    """Schema of one normalised data sheet (plus the `_row` column that locates each row)."""
    today = today or dt.date.today()
    columns = {f.key: _column(f, today) for f in spec.fields}
    columns["_row"] = pa.Column("int64", checks=pa.Check.ge(1))
    return pa.DataFrameSchema(columns, strict=True, ordered=False, name=spec.name)


def info_schema(today: dt.date | None = None) -> pa.DataFrameSchema:
    """Schema of the `Thông tin` sheet as a one-row frame keyed by field key."""
    today = today or dt.date.today()
    columns = {f.key: _column(f, today) for f in layout.INFO.fields}
    return pa.DataFrameSchema(columns, strict=False, name=layout.SHEET_INFO)


def members_schema(today: dt.date | None = None) -> pa.DataFrameSchema:
    return sheet_schema(layout.MEMBERS, today)


def events_schema(today: dt.date | None = None) -> pa.DataFrameSchema:
    return sheet_schema(layout.EVENTS, today)


def years_schema(today: dt.date | None = None) -> pa.DataFrameSchema:
    return sheet_schema(layout.YEARS, today)
