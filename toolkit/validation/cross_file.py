"""Rules that compare the files of a run: two files for one organisation, and a cut-off date
that differs from most files' (when the consolidation gives none).

Files whose `Thông tin` names one organisation (`org_keys`) are that organisation's
submission sent more than once (a resubmission, a corrected copy, a file copied twice): they
get one `org.duplicate_file` error each, naming all of them, and the checks that compare
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
    the files' is a warning."""
    if ctx.cutoff is not None:
        return
    cutoff = ctx.info["cutoff_date"]
    counts = Counter(cutoff.dropna().tolist())
    if len(counts) < 2:
        return
    (common, top), *rest = counts.most_common()
    if rest[0][1] == top:
        return  # no clear majority: nothing to compare with
    mask = cutoff.notna() & (cutoff != common)
    ctx.flag(
        ctx.info, mask, "org.cutoff_differs", _INFO, "cutoff_date", value=cutoff, expected=fmt_date(common)
    )
