"""The ward's indicators: every organisation's rows taken together, plus the counts of
organisations (`orgs.*`) and the admission targets (`targets.*`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from toolkit.core import vocab
from toolkit.core.model import Registry
from toolkit.stats.indicators import Indicators, as_date, compute_org_indicators, period_years, ratio


def _code_tally(values: Sequence[str | None], codes: Sequence[str], prefix: str) -> Indicators:
    return {f"{prefix}.{code}": sum(1 for v in values if v == code) for code in codes}


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
    org_tiers: Sequence[str | None] = (),
    org_sectors: Sequence[str | None] = (),
    target_override: Mapping[int, int] | None = None,
) -> Indicators:
    """The ward's indicators: `compute_org_indicators` over the consolidated frames plus
    ``orgs.*`` and ``targets.*``.

    ``submitted`` counts the registry's organisations whose file was found (all of them
    without a registry), ``consolidated`` those whose figures are included, ``unregistered``
    the organisations outside the registry whose file was read all the same (a row kept for a
    code the registry lacks: `toolkit.stats.coverage`, which counts them among the expected).
    Tier and sector are counted over the registry's organisations when a registry is given;
    without one, over ``org_tiers``/``org_sectors`` (one entry per submitted organisation,
    vocabulary codes or None), and ``orgs.registered`` is then the number of those
    organisations, so the tier counts still add up to it.

    ``targets.<year>`` is the registry's target (sum over organisations) unless
    ``target_override`` names that year; 0 without either. ``targets.rate.<year>`` is
    ``changes.admissions.<year>`` ÷ target, present only when the target is not 0.
    """
    cutoff, period_start = as_date(cutoff), as_date(period_start)
    period = period_years(period_start, cutoff)
    base = compute_org_indicators(members, events, years, cutoff=cutoff, period_start=period_start)

    if registry is not None:
        tiers: Sequence[str | None] = [o.org_tier for o in registry.organisations]
        sectors: Sequence[str | None] = [o.sector for o in registry.organisations]
        registered = len(registry.organisations)
    else:
        tiers, sectors = list(org_tiers), list(org_sectors)
        registered = len(tiers)

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
