"""Each organisation's dated joins and departures, from which its roll at an earlier date follows.

The roll at the end of a day `C` inside the change period, or of the day before it starts
(then every change of the period is after `C`: the period's opening), is the roll at the
cut-off, minus the members who joined after `C` (Kết nạp, Kết nạp lại, Chuyển đến, Phục hồi
đảng tịch), plus those who left after `C` (Chuyển đi, Từ trần, Xóa tên, Khai trừ, Xin ra khỏi
Đảng) — transfers between organisations of the ward included, since they move members
between rolls. The official forms' opening check compares this reconstruction with the roll
stored at an earlier consolidation (`toolkit.history.opening`). The transfers inside the ward
(`Phạm vi chuyển` “Trong Đảng bộ phường”) are marked, and those of unknown scope: the ward's
roll at `C` follows from the ward's own changes only, whichever organisations hold its
members. A move inside the ward leaves the ward's roll at `C` as it was only when both its
sides are after `C`: each side is marked by the earlier of its own date and its other side's
(`toolkit.core.transfers.other_side_dates`, one to one), or by its own date when the arrival
is dated before the departure (`transfers.dates_reversed`: a date typed wrong; the two sides
then cancel on every day, the member on one roll); a side whose other side is in no
file is not marked at all, as Biểu 1 counts it (`toolkit.stats.period`): a departure left the
ward's roll that day, an arrival joined it that day (the member was on neither roll in
between: a move across the new year, out 28/12 and in 03/01, has only its arrival in the new
year's files). Only dates and the rows' Excel row numbers are kept: no names, no birth dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.core import transfers, vocab
from toolkit.core.model import RollMoves
from toolkit.stats.grouped import ORG_KEY
from toolkit.stats.indicators import as_date, datetimes

JOIN_EVENTS: tuple[str, ...] = ("admitted", "readmitted", "transfer_in", "restored")
LEAVE_EVENTS: tuple[str, ...] = ("transfer_out", "died", "struck_off", "expelled", "resigned")
TRANSFERS: tuple[str, ...] = ("transfer_in", "transfer_out")
INTERNAL = "internal"  # `Phạm vi chuyển` “Trong Đảng bộ phường”
# The scopes that say a transfer crosses the ward's boundary; any other (none, or a value the
# vocabulary lacks) leaves it unknown, as the forms count it (`toolkit.stats.period`).
KNOWN_OUTSIDE: tuple[str, ...] = tuple(c for c in vocab.TRANSFER_SCOPE.codes if c != INTERNAL)
PARTS: tuple[str, ...] = (
    "joins",
    "leaves",
    "internal_joins",
    "internal_leaves",
    "unscoped_joins",
    "unscoped_leaves",
    "transit_joins",
)


def roll_moves_by_org(
    events: pd.DataFrame,
    *,
    period_start: dt.date,
    cutoff: dt.date,
    orgs: Sequence[str],
    other_dates: pd.Series | None = None,
) -> dict[str, RollMoves]:
    """The joins and departures dated inside ``[period_start, cutoff]`` of every organisation
    in `orgs` (an organisation without any has empty tuples), with which of them are
    transfers inside the ward and which transfers have no known scope. `other_dates` is
    ``transfers.other_side_dates(events, ORG_KEY)`` when the caller has it already (found
    here when None)."""
    start, end = pd.Timestamp(as_date(period_start)), pd.Timestamp(as_date(cutoff))
    dates = datetimes(events["event_date"]) if len(events) else pd.Series(dtype="datetime64[ns]")
    inside = (dates.notna() & (dates >= start) & (dates <= end)).to_numpy(dtype=bool)
    kinds = events["event_type"].to_numpy(dtype=object)[inside] if len(events) else np.array([], object)
    owners = events[ORG_KEY].to_numpy(dtype=object)[inside] if len(events) else np.array([], object)
    if len(events) and "transfer_scope" in events:
        scopes = events["transfer_scope"].to_numpy(dtype=object)[inside]
    else:  # none, or a frame of template 2026.1's shape: no scope recorded
        scopes = np.full(len(kinds), None, dtype=object)
    days = dates.to_numpy()[inside].astype("datetime64[D]")
    transfer = np.isin(kinds, TRANSFERS)
    said_internal = transfer & (scopes == INTERNAL)
    if len(events):
        if other_dates is None:
            other_dates = transfers.other_side_dates(events, ORG_KEY)
        other = other_dates.to_numpy()[inside].astype("datetime64[D]")
    else:
        other = np.array([], dtype="datetime64[D]")
    # Marked (below) from the earlier of its two days: a side with its other side in the files.
    # A side without one is a member in transit, as Biểu 1 counts it (`toolkit.stats.period`):
    # a departure left the ward's roll that day, an arrival joined it that day.
    internal = said_internal & ~np.isnat(other)
    # A pair whose arrival is dated before its departure (a date typed wrong) is one move, the
    # member never on both rolls nor on neither: each side is marked by its own day, so that
    # the two cancel on every day, as Biểu 1 counts them (neither side in transit).
    reversed_ = transfers.dates_reversed(events[inside], pd.Series(other))
    marked = np.where(internal & ~reversed_, np.minimum(days, other), days)
    unscoped = transfer & ~said_internal & ~np.isin(scopes, KNOWN_OUTSIDE)
    wanted = set(orgs)
    found: dict[str, dict[str, list[dt.date]]] = {code: {part: [] for part in PARTS} for code in orgs}
    # Each join's and departure's Excel row with its date (a frame without `_row`: none).
    rows: dict[str, list[tuple[dt.date, int]]] = {code: [] for code in orgs}
    if len(events) and "_row" in events:
        counted = np.isin(kinds, (*JOIN_EVENTS, *LEAVE_EVENTS))
        excel_rows = events["_row"].to_numpy()[inside][counted].tolist()
        for owner, day, row in zip(owners[counted], days[counted].tolist(), excel_rows, strict=True):
            if owner in wanted:
                rows[owner].append((day, int(row)))
    for kind_set, side in ((JOIN_EVENTS, "joins"), (LEAVE_EVENTS, "leaves")):
        mask = np.isin(kinds, kind_set)
        parts = [(side, mask), (f"internal_{side}", internal), (f"unscoped_{side}", unscoped)]
        if side == "joins":
            parts.append(("transit_joins", said_internal & ~internal))
        for part, extra in parts:
            chosen = mask & extra
            when = marked if part.startswith("internal_") else days
            for owner, day in zip(owners[chosen], when[chosen].tolist(), strict=True):
                if owner in wanted:
                    found[owner][part].append(day)
    return {
        code: RollMoves(
            **{part: tuple(sorted(found[code][part])) for part in PARTS}, rows=tuple(sorted(rows[code]))
        )
        for code in orgs
    }
