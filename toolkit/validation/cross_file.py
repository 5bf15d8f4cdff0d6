"""Rules that compare the files of a run: two files for one organisation, and a cut-off date
that differs from most files' (when the consolidation gives none).

Files whose `Thông tin` names one organisation (`org_keys`) are that organisation's
submission sent more than once (a resubmission, a corrected copy, a file copied twice): they
get one `org.duplicate_file` error each, naming all of them (unless they are all
byte-identical: one is used and the others are `org.identical_copy`, out of every check,
`context.identical_copies`), and the checks that compare
members across files (`duplicates`) do not compare them with each other. A file of another
period beside its organisation's file of the run's cut-off is not among them: it is
`org.other_period_file`, and the checks comparing files do not see it (`Context.compared`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

import pandas as pd

from toolkit.core import layout
from toolkit.core.dates import AHEAD
from toolkit.core.text import org_code_key
from toolkit.io.normalize import fmt_date
from toolkit.validation.attribution import duplicate_file_params
from toolkit.validation.context import Context, check

_INFO = layout.INFO


def org_keys(ctx: Context) -> list[str | None]:
    """Each submission's organisation key (`org_code_key` of the code its `Thông tin` names;
    None without a code): submissions with one key are one organisation's files."""
    return [org_code_key(s.org_code) if s.org_code else None for s in ctx.subs]


@check("org.duplicate_file", ward=True)
def duplicate_file(ctx: Context) -> None:
    """One file per organisation: every file of an organisation that sent several is an error
    naming all of them and saying whether they are byte-identical copies."""
    info = ctx.info
    keys = org_keys(ctx)
    key = pd.Series([keys[sub] for sub in info["_sub"].tolist()], index=info.index, dtype=object)
    shared = key.notna() & key.duplicated(keep=False)
    if not shared.any():
        return
    files: dict[str, list[int]] = {}
    for k, sub in zip(key[shared], info.loc[shared, "_sub"], strict=True):
        files.setdefault(k, []).append(sub)
    params = {
        k: duplicate_file_params([ctx.subs[sub] for sub in subs], ctx.registry, ctx.cutoff)
        for k, subs in files.items()
    }
    per_row = {
        name: pd.Series([params[k][name] if k in params else "" for k in key], index=info.index, dtype=object)
        for name in ("count", "files", "copies", "advice")
    }
    ctx.flag(info, shared, "org.duplicate_file", _INFO, "org_code", value=info["_org"], **per_row)


def majority_elsewhere(dates: Sequence[dt.date], used: dt.date) -> tuple[dt.date, int] | None:
    """The date more than half of `dates` (two at least) share, with how many, when none of
    them is `used` (the run's cut-off or period start): most likely `used` was mistyped."""
    if not dates or used in dates:
        return None
    common, count = Counter(dates).most_common(1)[0]
    if count < 2 or 2 * count <= len(dates):
        return None
    return common, count


@check("org.cutoff_differs", ward=True)
def cutoff_differs(ctx: Context) -> None:
    """Without a consolidation cut-off, a file whose cut-off differs from a clear majority of
    the files' is a warning.

    The majority is of the files of the latest period (`Context.off_period`, the files that
    chose `Context.run_cutoff`): last year's reports of the organisations not yet sent, however
    many, and a cut-off mistyped a year ahead are the ones told, not the current files
    (review150 F1, F4). It is said as "đa số các tệp" only when it is the majority of all the
    files too (`Context.run_cutoff_of_most`), else as the latest period's the files state. A
    cut-off of a later period than today's is always told, and said to be in the future."""
    if ctx.cutoff is not None or ctx.run_cutoff is None:
        return
    info = ctx.info
    cutoff = info["cutoff_date"]
    why = info["_sub"].map(lambda index: ctx.off_period.get(index, ""))
    ahead = (why == AHEAD).to_numpy(dtype=bool)
    common = _clear_majority(cutoff[(why == "").to_numpy(dtype=bool)])
    if common is None and not ahead.any():
        return  # no clear majority: nothing to compare with
    day = common if common is not None else pd.Timestamp(ctx.run_cutoff)
    against = (
        f"ngày chốt của đa số các tệp ({fmt_date(day)})"
        if common is not None and ctx.run_cutoff_of_most and common == pd.Timestamp(ctx.run_cutoff)
        else f"ngày chốt của kỳ gần đây nhất mà các tệp ghi ({fmt_date(day)})"
    )
    future = (
        f" Đây là ngày ở tương lai (hôm nay {fmt_date(ctx.today)}): có thể đã ghi nhầm, chẳng hạn nhầm năm."
    )
    mask = ahead.copy()
    if common is not None:
        mask |= (cutoff.notna() & (cutoff != day)).to_numpy(dtype=bool)
    ctx.flag(
        info,
        mask,
        "org.cutoff_differs",
        _INFO,
        "cutoff_date",
        value=cutoff,
        against=against,
        future=lambda row: future if ctx.off_period.get(row._sub) == AHEAD else "",
    )


def _clear_majority(cutoffs: pd.Series) -> pd.Timestamp | None:
    """The cut-off stated more often than any other (None: none stated, or two as often)."""
    counts = Counter(cutoffs.dropna().tolist()).most_common(2)
    if not counts or (len(counts) == 2 and counts[1][1] == counts[0][1]):
        return None
    return counts[0][0]
