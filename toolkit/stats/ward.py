"""The ward's indicators: every organisation's rows taken together, plus the counts of
organisations (`orgs.*`) and the admission targets (`targets.*`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from toolkit.core import vocab
from toolkit.core.model import Registry
from toolkit.stats.indicators import (
    UNKNOWN,
    Indicators,
    as_date,
    compute_org_indicators,
    period_years,
    ratio,
)


def _code_tally(values: Sequence[str | None], codes: Sequence[str], prefix: str) -> Indicators:
    """Each code's count, then `<prefix>.unknown`: the values that are no code (None), so
    the counts add up to the number of values."""
    out: Indicators = {f"{prefix}.{code}": sum(1 for v in values if v == code) for code in codes}
    out[f"{prefix}.{UNKNOWN}"] = sum(1 for v in values if v not in codes)
    return out


def compute_ward_indicators(
    members: pd.DataFrame | None,
    events: pd.DataFrame | None,
    years: pd.DataFrame | None,
    *,
    cutoff: dt.date,
    period_start: dt.date,
    registry: Registry | None,
    submitted: int,
    consolidated: int,
    unregistered: int = 0,
    org_tiers: Sequence[str | None] | None = None,
    org_sectors: Sequence[str | None] | None = None,
    target_override: Mapping[int, int] | None = None,
) -> Indicators:
    """The ward's indicators: `compute_org_indicators` over the consolidated frames plus
    ``orgs.*`` and ``targets.*``.

    ``submitted`` counts the registry's organisations whose file was found (all of them
    without a registry), ``consolidated`` those whose figures are included, ``unregistered``
    the organisations outside the registry whose file was read all the same (a row kept for a
    code the registry lacks: `toolkit.stats.coverage`, which counts them among the expected).
    Tier and sector are counted over ``org_tiers``/``org_sectors``, one entry per
    organisation counted in ``orgs.registered`` (vocabulary codes, or None where unknown):
    with a registry, each of its organisations as the run resolves it (the registry's value,
    else the one its file's `Thông tin` gives: `validation.attribution`); without one, each
    organisation that sent a file, and ``orgs.registered`` is then their number. Those known
    to neither are ``orgs.tier.unknown``/``orgs.sector.unknown``, so each breakdown adds up
    to ``orgs.registered``. With a registry and no ``org_tiers``/``org_sectors``, its own
    values are counted (as when nothing else is known of its organisations).

    ``targets.<year>`` is the registry's target (sum over organisations) unless
    ``target_override`` names that year; 0 without either. ``targets.rate.<year>`` is
    ``changes.admissions.<year>`` ÷ target, present only when the target is not 0.
    """
    cutoff, period_start = as_date(cutoff), as_date(period_start)
    period = period_years(period_start, cutoff)
    base = compute_org_indicators(members, events, years, cutoff=cutoff, period_start=period_start)

    orgs = registry.organisations if registry is not None else []
    tiers = list(org_tiers) if org_tiers is not None else [o.org_tier for o in orgs]
    sectors = list(org_sectors) if org_sectors is not None else [o.sector for o in orgs]
    registered = len(orgs) if registry is not None else len(tiers)
    if len(tiers) != registered or len(sectors) != registered:
        raise ValueError(f"{len(tiers)} tiers and {len(sectors)} sectors for {registered} organisations")

    out: Indicators = {
        "orgs.registered": registered,
        "orgs.submitted": int(submitted),
        "orgs.consolidated": int(consolidated),
        "orgs.unregistered": int(unregistered),
    }
    out.update(_code_tally(tiers, vocab.ORG_TIER.codes, "orgs.tier"))
    out.update(_code_tally(sectors, vocab.SECTOR.codes, "orgs.sector"))

    targets: Indicators = {}
    rates: Indicators = {}
    override = dict(target_override or {})
    for y in period:
        if y in override:
            target = int(override[y])
        else:
            target = registry.target(y) if registry is not None else 0
        targets[f"targets.{y}"] = target
        if target:
            rates[f"targets.rate.{y}"] = ratio(int(base[f"changes.admissions.{y}"]), target, 4)

    # Keep the order of §6.1: orgs, members, changes, targets, ratings, training.
    for key, value in base.items():
        if key.startswith(("ratings.", "training.")):
            break
        out[key] = value
    out.update(targets)
    out.update(rates)
    for key, value in base.items():
        if key.startswith(("ratings.", "training.")):
            out[key] = value
    return out
