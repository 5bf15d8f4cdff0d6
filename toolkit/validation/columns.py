"""Column rules (required, allowed values, date and number ranges): the pandera schemas of
`toolkit.validation.schemas`, run once per sheet over the whole batch with ``lazy=True``, and
their failure cases mapped back to issues at the failing cells.

A cell the reader already reported as an error (a date it could not read, say) gets no
second issue here.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from toolkit.core import layout
from toolkit.core.layout import Field, SheetSpec
from toolkit.core.rules import SHEET_PREFIX, suggestion_text
from toolkit.io.normalize import cell_text, fmt_date, not_count_reason
from toolkit.validation import schemas
from toolkit.validation import years as year_rules
from toolkit.validation.context import Context, Row, check

_PREPARED_BEFORE_1900 = "info.prepared_before_1900"
_NO_FAILURES = pd.DataFrame(columns=["column", "check", "failure_case", "index"])


@functools.lru_cache(maxsize=8)
def sheet_schema(name: str, today: dt.date) -> pa.DataFrameSchema:
    spec = next(s for s in layout.DATA_SHEETS if s.name == name)
    return schemas.sheet_schema(spec, today)


@functools.lru_cache(maxsize=4)
def info_schema(today: dt.date) -> pa.DataFrameSchema:
    return schemas.info_schema(today)


def failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """The failure cases of the rows of ``frame`` (`index` = position), none when it passes.
    ``frame`` is the caller's own selection of columns: validated in place, as the schemas
    coerce nothing (pandera would copy it first otherwise)."""
    try:
        schema.validate(frame, lazy=True, inplace=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        return cases[cases["index"].notna()]
    return _NO_FAILURES


def _codes(spec: SheetSpec) -> tuple[str, ...]:
    """Every code `_flag_failures` can give for a column of ``spec``."""
    prefix = SHEET_PREFIX[spec.name]
    codes = {f"{prefix}.required"}
    for f in spec.fields:
        if f.locked:
            codes.add("info.version_cleared")
        if f.kind == "category":
            codes.add(f"{prefix}.not_allowed")
        elif f.kind == "date":
            codes.add(f"{prefix}.before_1900")
            if spec.name == layout.SHEET_INFO:
                codes.add(_PREPARED_BEFORE_1900)
            if spec.name != layout.SHEET_INFO:
                codes.add(f"{prefix}.future_date")
        elif f.kind == "int" and f.key == "year":
            codes.add("year.outside_period")
        elif f.kind == "int" and spec.name == layout.SHEET_YEARS:
            codes.update(("year.negative", "year.not_integer"))
        elif f.kind == "int":
            codes.add(f"{prefix}.not_integer")
    return tuple(sorted(codes))


def _text_of(key: str) -> Callable[[Row], str | None]:
    """The cell's value as typed (numbers without a useless `.0`)."""
    return lambda row: cell_text(row[key])


def _suggestion_of(f: Field) -> Callable[[Row], str]:
    """` (có phải “…”?)` with the closest allowed value, or nothing."""
    assert f.vocab is not None
    voc = f.vocab
    found: dict[object, str] = {}  # a wrong value typed on many rows is looked up once

    def suggestion(row: Row) -> str:
        value = row[f.key]
        if value not in found:
            closest = voc.closest(value)
            found[value] = suggestion_text(closest.label if closest else None)
        return found[value]

    return suggestion


def _flag_failures(
    ctx: Context, spec: SheetSpec, frame: pd.DataFrame, f: Field, check_name: str, mask: np.ndarray
) -> None:
    """Issues of the rows in ``mask`` that fail the pandera check ``check_name`` of column ``f``."""
    prefix = SHEET_PREFIX[spec.name]
    key = f.key
    if f.locked and (check_name == "not_nullable" or f.kind == "text"):
        # `Phiên bản mẫu`, the one cell the template locks and fills, found empty.
        advice = functools.partial(_version_cleared_advice, ctx)
        ctx.flag(frame, mask, "info.version_cleared", spec, key, advice=advice, skip_reported=True)
    elif check_name == "not_nullable" or (f.kind == "text" and not check_name.startswith("isin")):
        ctx.flag(frame, mask, f"{prefix}.required", spec, key, skip_reported=True)
    elif check_name.startswith("isin"):
        ctx.flag(
            frame,
            mask,
            f"{prefix}.not_allowed",
            spec,
            key,
            value=_text_of(key),
            suggestion=_suggestion_of(f),
            skip_reported=True,
        )
    elif f.kind == "date" and check_name.startswith("greater_than"):
        # `Ngày lập biểu` counts in no figure: a warning, the file is kept (fix352).
        code = _PREPARED_BEFORE_1900 if key == "prepared_on" else f"{prefix}.before_1900"
        ctx.flag(frame, mask, code, spec, key, value=frame[key], skip_reported=True)
    elif f.kind == "date" and check_name.startswith("less_than"):
        if spec.name == layout.SHEET_INFO:
            return  # a cut-off date ahead of today is allowed (reports are prepared early)
        today = fmt_date(ctx.today)
        ctx.flag(
            frame, mask, f"{prefix}.future_date", spec, key, value=frame[key], today=today, skip_reported=True
        )
    elif f.kind == "int" and key == "year":
        year_rules.flag_outside_period(ctx, frame, mask, skip_reported=True)
    elif f.kind == "int" and spec.name == layout.SHEET_YEARS:
        negative = mask & (frame[key] < 0).to_numpy(dtype=bool, na_value=False)
        ctx.flag(frame, negative, "year.negative", spec, key, value=_text_of(key), skip_reported=True)
        ctx.flag(
            frame,
            mask & ~negative,
            "year.not_integer",
            spec,
            key,
            value=_text_of(key),
            reason=lambda row: not_count_reason(row[key]),
            skip_reported=True,
        )
    elif f.kind == "int":
        ctx.flag(frame, mask, f"{prefix}.not_integer", spec, key, value=_text_of(key), skip_reported=True)


def version_cleared_advice(version: str | None) -> str:
    """What `info.version_cleared` asks of a file whose `Phiên bản mẫu` cell was emptied: the
    version the file's hidden `_meta` sheet still records typed back (the reader takes it from
    there: `reader._version`), else, a file without it (copied into another workbook, `file.no_meta`),
    the version it was read as (`layout.layout_for`: the current one). It asked such a file's data
    to be copied into the template now, beside `file.no_meta`'s "số liệu vẫn được đọc… Lần sau…",
    in words ("không còn ghi phiên bản… ở chỗ khác") a clerk could not follow (review181 F4)."""
    if version:
        return (
            f"Hãy ghi lại đúng \u201c{version}\u201d vào ô này, hoặc chép số liệu sang biểu mẫu gốc do "
            "Văn phòng Đảng ủy gửi."
        )
    read_as = layout.layout_for(None).version
    return (
        f"Số liệu được đọc theo biểu mẫu phiên bản \u201c{read_as}\u201d: hãy ghi lại \u201c{read_as}\u201d "
        "vào ô này."
    )


def _version_cleared_advice(ctx: Context, row: Row) -> str:
    return version_cleared_advice(ctx.subs[int(row["_sub"])].template_version)


def _check_columns(ctx: Context, spec: SheetSpec, frame: pd.DataFrame, schema: pa.DataFrameSchema) -> None:
    if frame.empty:
        return
    cases = failures(schema, frame[spec.keys if spec.name == layout.SHEET_INFO else [*spec.keys, "_row"]])
    cases = cases[cases["column"].isin(spec.keys)]
    for (column, check_name), index in cases.groupby(["column", "check"], sort=False)["index"]:
        mask = np.zeros(len(frame), dtype=bool)
        mask[index.to_numpy(dtype="int64")] = True
        _flag_failures(ctx, spec, frame, spec.field(str(column)), str(check_name), mask)


@check(*_codes(layout.INFO))
def info(ctx: Context) -> None:
    _check_columns(ctx, layout.INFO, ctx.info, info_schema(ctx.today))


@check(*_codes(layout.MEMBERS))
def members(ctx: Context) -> None:
    _check_columns(ctx, layout.MEMBERS, ctx.members, sheet_schema(layout.SHEET_MEMBERS, ctx.today))


@check(*_codes(layout.EVENTS))
def events(ctx: Context) -> None:
    _check_columns(ctx, layout.EVENTS, ctx.events, sheet_schema(layout.SHEET_EVENTS, ctx.today))


@check(*_codes(layout.YEARS))
def years(ctx: Context) -> None:
    _check_columns(ctx, layout.YEARS, ctx.years, sheet_schema(layout.SHEET_YEARS, ctx.today))
