"""Rules of the `Thông tin` sheet beyond its cells: the period, the consolidation's cut-off,
and the organisation as the ward's registry knows it (code, tier, sector)."""

from __future__ import annotations

import difflib

import pandas as pd

from toolkit.core import layout, vocab
from toolkit.core.model import Organisation
from toolkit.core.rules import suggestion_text
from toolkit.core.text import org_code_key
from toolkit.io.normalize import fmt_date
from toolkit.validation.context import Context, Row, check

_INFO = layout.INFO


@check("info.period")
def period(ctx: Context) -> None:
    """The period starts on or before the cut-off date."""
    info = ctx.info
    start, cutoff = info["period_start"], info["cutoff_date"]
    mask = start.notna() & cutoff.notna() & (start > cutoff)
    ctx.flag(info, mask, "info.period", _INFO, "period_start", value=start, start=start, cutoff=cutoff)


@check("org.cutoff_mismatch")
def cutoff_mismatch(ctx: Context) -> None:
    """A file's cut-off date is the consolidation's (when one is given)."""
    if ctx.cutoff is None:
        return
    info = ctx.info
    cutoff = info["cutoff_date"]
    mask = cutoff.notna() & (cutoff != pd.Timestamp(ctx.cutoff))
    ctx.flag(
        info, mask, "org.cutoff_mismatch", _INFO, "cutoff_date", value=cutoff, expected=fmt_date(ctx.cutoff)
    )


def _labels(codes: pd.Series, voc: vocab.Vocabulary) -> pd.Series:
    known = set(voc.codes)
    return codes.map(lambda c: voc.label(c) if c in known else None)


@check("org.unknown", "org.tier_mismatch", "org.sector_mismatch")
def registry(ctx: Context) -> None:
    """The organisation code is in the registry (else: the closest code), and the tier and
    sector agree with it (the registry wins)."""
    if ctx.registry is None:
        return
    orgs = ctx.registry.by_code()
    keyed = ctx.registry.by_key()  # up to case, spaces and invisible characters
    info = ctx.info
    codes = info["_org"]

    def lookup(code: str | None) -> Organisation | None:
        return (orgs.get(code) or keyed.get(org_code_key(code))) if code else None

    found = pd.Series([lookup(c) for c in codes], index=info.index, dtype=object)

    def closest(row: Row) -> str:
        near = difflib.get_close_matches(row._org, list(orgs), n=1, cutoff=0.6)
        return suggestion_text(near[0] if near else None)

    ctx.flag(
        info, codes.notna() & found.isna(), "org.unknown", _INFO, "org_code", value=codes, suggestion=closest
    )
    for key, code, voc in (
        ("org_tier", "org.tier_mismatch", vocab.ORG_TIER),
        ("sector", "org.sector_mismatch", vocab.SECTOR),
    ):
        mine = info[key]
        theirs = found.map(lambda org, key=key: getattr(org, key) if org is not None else None)
        mask = mine.isin(voc.codes) & theirs.isin(voc.codes) & (mine != theirs)
        ctx.flag(info, mask, code, _INFO, key, value=_labels(mine, voc), expected=_labels(theirs, voc))
