"""The ward's indicators: every organisation's rows taken together, plus the counts of
organisations (`orgs.*`) and the admission targets (`targets.*`)."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from toolkit.core import vnformat, vocab
from toolkit.core.model import Issue, OrgResult, Registry
from toolkit.core.rules import make_issue
from toolkit.core.text import org_code_key
from toolkit.stats.indicators import (
    NOT_CONSOLIDATED_GRASSROOTS,
    UNKNOWN,
    Indicators,
    as_date,
    compute_org_indicators,
    indicator_ids,
    period_years,
    ratio,
)
from toolkit.stats.sums import MEANS


def _code_tally(values: Sequence[str | None], codes: Sequence[str], prefix: str) -> Indicators:
    """Each code's count, then `<prefix>.unknown`: the values that are no code (None), so
    the counts add up to the number of values."""
    out: Indicators = {f"{prefix}.{code}": sum(1 for v in values if v == code) for code in codes}
    out[f"{prefix}.{UNKNOWN}"] = sum(1 for v in values if v not in codes)
    return out


def summed_org_indicators(by_org: Iterable[Indicators], period: Sequence[int]) -> Indicators:
    """`compute_org_indicators` over every organisation's rows taken together, from each
    organisation's own (`toolkit.stats.grouped`): every count is the sum of theirs (a test
    checks it) and the mean age is recomputed from its sums, so the frames are not gone
    through a second time."""
    keys = indicator_ids(period)
    counted = [k for k in keys if k not in MEANS]
    take = operator.itemgetter(*counted)
    rows = [take(values) for values in by_org]
    totals = np.array(rows, dtype="int64").sum(axis=0).tolist() if rows else [0] * len(counted)
    out: Indicators = dict(zip(counted, totals, strict=True))
    for key in keys:
        if key in MEANS:
            sum_id, count_id, places = MEANS[key]
            known = int(out[count_id])
            out[key] = ratio(int(out[sum_id]), known, places) if known else 0.0
    return {key: out[key] for key in keys}


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
    base: Indicators | None = None,
    not_consolidated_tiers: Sequence[str | None] = (),
) -> Indicators:
    """The ward's indicators: `compute_org_indicators` over the consolidated frames plus
    ``orgs.*`` and ``targets.*``. ``base`` is that `compute_org_indicators` when the caller
    has it already (`summed_org_indicators`); the frames are not read then.

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
    ``not_consolidated_tiers``: the tiers of those of them the run did not consolidate (missing,
    or excluded for their errors), whose grassroots ones Biểu 2's part III counts, as ``Tổng
    hợp`` does, with their admissions and candidates unknown
    (``orgs.grassroots.<tier>.not_consolidated``).

    ``targets.<year>`` is the registry's target (sum over organisations) unless
    ``target_override`` names that year; 0 without either. ``targets.rate.<year>`` is
    ``changes.admissions.<year>`` ÷ target, present only when the target is not 0.
    """
    cutoff, period_start = as_date(cutoff), as_date(period_start)
    period = period_years(period_start, cutoff)
    if base is None:
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
    for tier, key in NOT_CONSOLIDATED_GRASSROOTS.items():
        out[key] = sum(1 for t in not_consolidated_tiers if t == tier)

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


SHOWN_UNTARGETED = 5  # organisations named by `registry.partial_targets`


def partial_target_issues(
    registry: Registry | None,
    organisations: Sequence[OrgResult],
    indicators: Mapping[str, int | float],
    years: Sequence[int],
    target_override: Mapping[int, int] | None = None,
) -> list[Issue]:
    """`registry.partial_targets` for each of `years` whose ward target (`targets.<year>`, the
    sum of the registry's) is above 0 while some of the registry's organisations have no target
    typed for it and some of those admitted members that year: every admission counts toward
    the ward's target, so its rate holds admissions no target was set for (early in a year,
    before the office has typed the whole column, it is too high). The figures are kept; the
    report notes its rate (`value`: the year). Not for a year `target_override` gives (the
    ward's own target), nor one no organisation has a target for (no rate), nor one every
    organisation has one for; a target typed 0 is a target. One pass over the consolidated
    organisations' own figures (`OrgResult.indicators`)."""
    if registry is None or not registry.organisations:
        return []
    override = target_override or {}
    by_key = registry.by_key()
    issues = []
    for year in years:
        target = int(indicators.get(f"targets.{year}", 0) or 0)
        having = sum(1 for o in registry.organisations if year in o.targets)
        if year in override or not target or having == len(registry.organisations):
            continue
        untargeted: list[tuple[str, int]] = []
        rest = 0  # admitted by the organisations with a target
        for org in organisations:
            listed = by_key.get(org_code_key(org.org_code))
            admitted = int(org.indicators.get(f"changes.admissions.{year}", 0) or 0)
            if org.status != "consolidated" or not admitted or listed is None:
                continue  # one outside the registry has its own warning
            if year in listed.targets:
                rest += admitted
            else:
                untargeted.append((org.org_code, admitted))
        if not untargeted:
            continue
        admitted_total = sum(n for _, n in untargeted)
        untargeted.sort(key=lambda item: -item[1])  # the largest first (a stable sort: then in order)
        named = [f"{code} ({vnformat.number(n)})" for code, n in untargeted[:SHOWN_UNTARGETED]]
        more = len(untargeted) - SHOWN_UNTARGETED
        orgs = ", ".join(named) + (f" và {vnformat.number(more)} tổ chức khác" if more > 0 else "")
        admitted_all = int(indicators.get(f"changes.admissions.{year}", 0) or 0)
        rate = indicators.get(f"targets.rate.{year}", ratio(admitted_all, target, 4))
        issues.append(
            make_issue(
                "registry.partial_targets",
                file=registry.source.name if registry.source is not None else None,
                value=str(year),
                having=vnformat.number(having),
                count=vnformat.number(len(registry.organisations)),
                target=vnformat.number(target),
                admitted=vnformat.number(admitted_total),
                admitted_all=vnformat.number(admitted_all),
                rest=vnformat.number(rest),
                untargeted=vnformat.number(len(untargeted)),
                orgs=orgs,
                rate=vnformat.percent_prose(rate),
            )
        )
    return issues
