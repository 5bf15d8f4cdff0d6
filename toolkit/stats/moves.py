"""Each organisation's dated joins and departures, from which its roll at an earlier date follows.

The roll at the end of a day `C` inside the change period, or of the day before it starts
(then every change of the period is after `C`: the period's opening), is the roll at the
cut-off, minus the members who joined after `C` (Kết nạp, Kết nạp lại, Chuyển đến, Phục hồi
đảng tịch), plus those who left after `C` (Chuyển đi, Từ trần, Xóa tên, Khai trừ, Xin ra khỏi
Đảng) — transfers between organisations of the ward included, since they move members
between rolls. The official forms' opening check compares this reconstruction with the roll
stored at an earlier consolidation (`toolkit.history.opening`). Only dates are kept: no
names, no birth dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.core.model import RollMoves
from toolkit.stats.grouped import ORG_KEY
from toolkit.stats.indicators import as_date, datetimes

JOIN_EVENTS: tuple[str, ...] = ("admitted", "readmitted", "transfer_in", "restored")
LEAVE_EVENTS: tuple[str, ...] = ("transfer_out", "died", "struck_off", "expelled", "resigned")


def roll_moves_by_org(
    events: pd.DataFrame, *, period_start: dt.date, cutoff: dt.date, orgs: Sequence[str]
) -> dict[str, RollMoves]:
    """The joins and departures dated inside ``[period_start, cutoff]`` of every organisation
    in `orgs` (an organisation without any has empty tuples)."""
    start, end = pd.Timestamp(as_date(period_start)), pd.Timestamp(as_date(cutoff))
    dates = datetimes(events["event_date"]) if len(events) else pd.Series(dtype="datetime64[ns]")
    inside = (dates.notna() & (dates >= start) & (dates <= end)).to_numpy(dtype=bool)
    kinds = events["event_type"].to_numpy(dtype=object)[inside] if len(events) else np.array([], object)
    owners = events[ORG_KEY].to_numpy(dtype=object)[inside] if len(events) else np.array([], object)
    days = dates.to_numpy()[inside].astype("datetime64[D]")
    out: dict[str, RollMoves] = {}
    wanted = set(orgs)
    joins: dict[str, list[dt.date]] = {code: [] for code in orgs}
    leaves: dict[str, list[dt.date]] = {code: [] for code in orgs}
    for kind_set, target in ((JOIN_EVENTS, joins), (LEAVE_EVENTS, leaves)):
        mask = np.isin(kinds, kind_set)
        for owner, day in zip(owners[mask], days[mask].tolist(), strict=True):
            if owner in wanted:
                target[owner].append(day)
    for code in orgs:
        out[code] = RollMoves(joins=tuple(sorted(joins[code])), leaves=tuple(sorted(leaves[code])))
    return out
