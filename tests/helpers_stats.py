"""Hand-made frames for the statistics tests: the reader's data contract (layout keys, the
members' extra columns, `_row`), with defaults a test overrides row by row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from toolkit.core import layout
from toolkit.stats.indicators import compute_org_indicators

CUTOFF = dt.date(2026, 3, 31)
START = dt.date(2024, 1, 1)
YEARS = [2024, 2025, 2026]

# --- frame builders mirroring the data contract (layout keys + `_row`) ----------------------

MEMBER_DEFAULTS: dict[str, Any] = {
    "row_no": None,
    "full_name": "Nguyễn Văn An",
    "birth_date": "1980-06-15",
    "gender": "male",
    "ethnicity": "01",
    "religion": "none",
    "card_no": None,
    "admission_date": "2005-05-19",
    "official_date": "2006-05-19",
    "gen_edu": "upper_secondary",
    "prof_level": "university",
    "academic_title": None,
    "theory_level": "intermediate",
    "occupation": "state_official",
    "youth_union": None,
    "private_owner": None,
    "foreign_marriage": None,
    "exempt_from": None,
    "exempt_reason": None,
    "working_away": None,
    "note": None,
    "occupation_2026_1": None,
    "attributes_2026_2": True,
}
EVENT_DEFAULTS: dict[str, Any] = {
    "row_no": None,
    "full_name": "Trần Thị Bình",
    "birth_date": "1990-01-01",
    "event_type": "admitted",
    "event_date": "2025-06-01",
    "strike_ground": None,
    "transfer_scope": None,
    "was_probationary": None,
    "decision_no": None,
    "note": None,
}


def _build(spec: layout.SheetSpec, defaults: dict[str, Any], rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A normalised frame as the reader returns it: codes, datetime64[ns] with NaT, Int64."""
    records = [{**defaults, **row} for row in rows]
    columns: dict[str, pd.Series] = {}
    for f in spec.fields:
        values = [r.get(f.key) for r in records]
        if f.kind == "date":
            columns[f.key] = pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")
        elif f.kind == "int":
            columns[f.key] = pd.Series(values, dtype="Int64")
        else:
            columns[f.key] = pd.Series(values, dtype=object)
    for key in spec.extra:
        kind = bool if key == "attributes_2026_2" else object
        columns[key] = pd.Series([r.get(key) for r in records], dtype=kind)
    columns["_row"] = pd.Series(range(2, 2 + len(records)), dtype="int64")
    frame = pd.DataFrame(columns)
    assert list(frame.columns) == [*spec.frame_keys, "_row"]
    return frame


def members_frame(*rows: dict[str, Any]) -> pd.DataFrame:
    return _build(layout.MEMBERS, MEMBER_DEFAULTS, list(rows))


def events_frame(*rows: dict[str, Any]) -> pd.DataFrame:
    return _build(layout.EVENTS, EVENT_DEFAULTS, list(rows))


def years_frame(*rows: dict[str, Any]) -> pd.DataFrame:
    return _build(layout.YEARS, {k: None for k in layout.YEARS.keys}, list(rows))


def org(
    members: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    years: pd.DataFrame | None = None,
    *,
    cutoff: dt.date = CUTOFF,
    period_start: dt.date = START,
) -> dict[str, int | float]:
    return compute_org_indicators(
        members if members is not None else members_frame(),
        events if events is not None else events_frame(),
        years if years is not None else years_frame(),
        cutoff=cutoff,
        period_start=period_start,
    )


def born(age: int, *, days_before_birthday: int = 0, cutoff: dt.date = CUTOFF) -> str:
    """Birth date of someone who is `age` at `cutoff`, `days_before_birthday` before turning
    `age + 1` when that is not 0 (e.g. 29 years 364 days: born(29, days_before_birthday=1))."""
    birthday = cutoff.replace(year=cutoff.year - age)
    if days_before_birthday:
        birthday = cutoff.replace(year=cutoff.year - age - 1) + dt.timedelta(days=days_before_birthday)
    return birthday.isoformat()
