"""Rules that compare the files of a run: two files for one organisation, and a cut-off date
that differs from most files' (when the consolidation gives none)."""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from toolkit.core import layout
from toolkit.core.text import org_code_key
from toolkit.io.normalize import fmt_date
from toolkit.validation.context import Context, check

_INFO = layout.INFO


@check("org.duplicate_file", ward=True)
def duplicate_file(ctx: Context) -> None:
    """One file per organisation: every file of an organisation that sent several is an error
    naming the others."""
    info = ctx.info
    codes = info["_org"]
    key = codes.map(lambda c: org_code_key(c) if c else None)
    shared = key.notna() & key.duplicated(keep=False)
    if not shared.any():
        return
    files: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
    for k, sub in zip(key[shared], info.loc[shared, "_sub"], strict=True):
        files[k].append((sub, ctx.subs[sub].path.name))
    others = pd.Series(
        [
            ", ".join(name for other, name in files[k] if other != sub) if k in files else ""
            for k, sub in zip(key, info["_sub"], strict=True)
        ],
        index=info.index,
        dtype=object,
    )
    ctx.flag(info, shared, "org.duplicate_file", _INFO, "org_code", value=codes, others=others)


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
