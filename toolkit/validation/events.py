"""Rules of the `Biến động` sheet beyond its columns, and of its agreement with the roll:
changes inside the period, strike-off grounds, expelling a probationary member, a member who
left but is still on the roll, a member admitted in the period without an admission row, and
transfers inside the ward that only one side recorded."""

from __future__ import annotations

import pandas as pd

from toolkit.core import layout, vocab
from toolkit.validation.context import Context, check

_E = layout.EVENTS
_PERSON = ["_sub", "_key", "birth_date"]
_MEMBER_COLUMNS = ["_sub", "_row", "_start", "_D", "full_name", "birth_date", "admission_date"]


def _keyed_members(ctx: Context) -> pd.DataFrame:
    """Members with a name and a birth date, with their name key in `_key`."""
    m = ctx.members

    def compute() -> pd.DataFrame:
        keyed = m[_MEMBER_COLUMNS].assign(_key=ctx.name_keys(m))
        return keyed[keyed["_key"].notna() & keyed["birth_date"].notna()]

    return ctx.memo("keyed_members", m, compute)


def _keyed_events(ctx: Context) -> pd.DataFrame:
    """Events of a known type with a name and a birth date, with their name key in `_key`."""
    e = ctx.events

    def compute() -> pd.DataFrame:
        keyed = e.assign(_key=ctx.name_keys(e)) if not e.empty else e.assign(_key=None)
        usable = (
            keyed["_key"].notna()
            & keyed["birth_date"].notna()
            & keyed["event_type"].isin(vocab.EVENT_TYPE.codes)
        )
        return keyed[usable]

    return ctx.memo("keyed_events", e, compute)


@check("event.outside_period")
def outside_period(ctx: Context) -> None:
    e = ctx.events
    if e.empty:
        return
    date, start, ref = e["event_date"], e["_start"], e["_D"]
    outside = date.notna() & ((start.notna() & (date < start)) | (ref.notna() & (date > ref)))
    ctx.flag(e, outside, "event.outside_period", _E, "event_date", value=date, start=start, cutoff=ref)


@check("event.no_strike_ground", "event.ground_not_needed")
def strike_ground(ctx: Context) -> None:
    """A strike-off needs its ground; any other change must not have one."""
    e = ctx.events
    if e.empty:
        return
    struck = vocab.EVENT_TYPE.label("struck_off")
    ground, kind = e["strike_ground"], e["event_type"]
    no_ground = (kind == "struck_off") & ground.isna()
    ctx.flag(e, no_ground, "event.no_strike_ground", _E, "strike_ground", event=struck)
    others = set(vocab.EVENT_TYPE.codes) - {"struck_off"}
    not_needed = ground.notna() & kind.isin(others) & ground.isin(vocab.STRIKE_GROUND.codes)
    ctx.flag(
        e,
        not_needed,
        "event.ground_not_needed",
        _E,
        "strike_ground",
        value=lambda row: vocab.STRIKE_GROUND.label(row.strike_ground),
        event=struck,
        found=lambda row: vocab.EVENT_TYPE.label(row.event_type),
    )


@check("event.expelled_probationary")
def expelled_probationary(ctx: Context) -> None:
    """A probationary member is struck off, never expelled."""
    e = ctx.events
    if e.empty:
        return
    mask = (e["event_type"] == "expelled") & (e["was_probationary"] == "yes")
    ctx.flag(
        e,
        mask,
        "event.expelled_probationary",
        _E,
        "event_type",
        value=vocab.EVENT_TYPE.label("expelled"),
        struck=vocab.EVENT_TYPE.label("struck_off"),
        probationary=_E.field("was_probationary").header,
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


_INTERNAL_OTHER_SIDE = {"transfer_out": "transfer_in", "transfer_in": "transfer_out"}


@check("event.internal_transfer_unmatched", ward=True)
def internal_transfers(ctx: Context) -> None:
    """A transfer inside the ward is an out-row in one file and an in-row in another: each side
    needs the other (same normalised name and birth date, in a different file)."""
    ek = _keyed_events(ctx)
    internal = ek[ek["event_type"].isin(tuple(_INTERNAL_OTHER_SIDE)) & (ek["transfer_scope"] == "internal")]
    if internal.empty:
        return
    sides = internal[["_sub", "_key", "birth_date", "event_type"]]
    wanted = sides.assign(event_type=sides["event_type"].map(_INTERNAL_OTHER_SIDE))
    pairs = wanted.reset_index().merge(
        sides.rename(columns={"_sub": "_other"}), on=["_key", "birth_date", "event_type"]
    )
    matched = set(pairs.loc[pairs["_sub"] != pairs["_other"], "index"].tolist())
    unmatched = ~internal.index.isin(list(matched))
    ctx.flag(
        internal,
        unmatched,
        "event.internal_transfer_unmatched",
        _E,
        "transfer_scope",
        value=lambda row: vocab.TRANSFER_SCOPE.label("internal"),
        name=internal["full_name"],
        birth=internal["birth_date"],
        date=internal["event_date"],
        event=lambda row: _lower_first(vocab.EVENT_TYPE.label(row.event_type)),
        other_event=lambda row: vocab.EVENT_TYPE.label(_INTERNAL_OTHER_SIDE[row.event_type]),
    )


@check("event.left_still_on_roll")
def left_still_on_roll(ctx: Context) -> None:
    """A member whose latest change took them off the roll must not be on the roll."""
    if ctx.members.empty:
        return
    ek = _keyed_events(ctx)
    if ek.empty:
        return
    latest = ek.sort_values([*_PERSON, "event_date", "_row"], na_position="first")
    latest = latest.drop_duplicates(_PERSON, keep="last")
    latest = latest[latest["event_type"].isin(vocab.LEAVING_EVENTS)]
    hits = _keyed_members(ctx).merge(
        latest[[*_PERSON, "event_type", "event_date", "_row"]], on=_PERSON, suffixes=("", "_event")
    )
    ctx.flag(
        hits,
        None,
        "event.left_still_on_roll",
        layout.MEMBERS,
        "full_name",
        value=hits["full_name"],
        name=hits["full_name"],
        event=lambda row: vocab.EVENT_TYPE.label(row.event_type),
        date=hits["event_date"],
        events_sheet=layout.SHEET_EVENTS,
        event_row=hits["_row_event"],
    )


@check("event.admission_missing")
def admission_missing(ctx: Context) -> None:
    """A member admitted inside the period needs a `Kết nạp` row (or came in by transfer)."""
    if ctx.members.empty:
        return
    mk = _keyed_members(ctx)
    adm = mk["admission_date"]
    admitted_in = adm.notna() & mk["_start"].notna() & mk["_D"].notna()
    cand = mk[admitted_in & (adm >= mk["_start"]) & (adm <= mk["_D"])]
    cand = cand[ctx.events_read(cand)]
    if cand.empty:
        return
    ek = _keyed_events(ctx)
    entering = ek[ek["event_type"].isin((*vocab.ADMISSION_EVENTS, "transfer_in", "restored"))]
    found = pd.MultiIndex.from_arrays([cand[c] for c in _PERSON]).isin(
        pd.MultiIndex.from_arrays([entering[c] for c in _PERSON])
    )
    ctx.flag(
        cand,
        ~found,
        "event.admission_missing",
        layout.MEMBERS,
        "admission_date",
        value=cand["admission_date"],
        events_sheet=layout.SHEET_EVENTS,
        event=vocab.EVENT_TYPE.label("admitted"),
        name=cand["full_name"],
    )
