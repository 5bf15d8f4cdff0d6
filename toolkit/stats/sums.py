"""Indicators of several units added up exactly: counts summed, means and rates recomputed.

A ward's figures are sums of its organisations', and a roll-up's the sums of its wards'. A
count adds up; a mean or a rate does not, so the indicators carry the sums they are made of
(`members.age_sum` and `members.age_known` for `members.age_mean`) and they are recomputed
from the added sums, rounded as the single-unit computation rounds them
(`toolkit.stats.indicators.ratio`). An id that some units lack is left out of the sum (a
partial sum would be a wrong figure) and reported to the caller.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from toolkit.core import vocab
from toolkit.stats.indicators import NOT_CONSOLIDATED_GRASSROOTS, Indicators, ratio

# mean id -> (sum id, count id, decimals); the mean is 0.0 when the count is 0, which is no mean:
# it is read with its count (`toolkit.forms.compute.no_mean` prints it as an empty cell).
MEANS: dict[str, tuple[str, str, int]] = {
    "members.age_mean": ("members.age_sum", "members.age_known", 1),
    "admitted.age_mean": ("admitted.age_sum", "admitted.age_known", 1),
}
RATE_PREFIX = "targets.rate."  # targets.rate.<year> = changes.admissions.<year> ÷ targets.<year>
RATE_DECIMALS = 4


@dataclass(frozen=True)
class Sum:
    indicators: Indicators
    incomplete: list[str]  # ids some units lack (left out)
    not_additive: list[str]  # non-integer ids with no rule to recompute them (left out)


def _recomputed(key: str, total: Mapping[str, int | float]) -> int | float | None:
    """A mean or rate from the added sums; None when its parts are missing."""
    if key in MEANS:
        sum_id, count_id, places = MEANS[key]
        if sum_id not in total or count_id not in total:
            return None
        count = int(total[count_id])
        return ratio(int(total[sum_id]), count, places) if count else 0.0
    year = key.removeprefix(RATE_PREFIX)
    admitted, target = total.get(f"changes.admissions.{year}"), total.get(f"targets.{year}")
    if admitted is None or not target:
        return None
    return ratio(int(admitted), int(target), RATE_DECIMALS)


# Ids added after summaries were first written, each with the id of the whole it is a part of
# (`forms.tables` reads them): an older summary or history record without the part, whose whole
# is 0, has the part 0 too, exactly (nothing to be a part of); with the whole not 0 the part is
# unknown and stays missing (a line that needs it is empty, never the known part alone).
PARTS_OF: dict[str, str] = {
    **{
        f"{who}.occupation.unknown.{part}": f"{who}.occupation.unknown"
        for who in ("members", "admitted")
        for part in ("working", "enterprise")
    },
    "period.struck_off.probationary.unknown": "period.struck_off",
    "period.transfer_in.in_transit": "period.transfer_in",
    "period.transfer_out.in_transit": "period.transfer_out",
    **{
        f"orgs.grassroots.{tier}.no_candidates_left.unknown": f"orgs.grassroots.{tier}"
        for tier in ("dang_bo_co_so", "chi_bo_co_so")
    },
}


# Ids added after summaries were first written that an older summary implies exactly, each with
# its whole and the parts it is the rest of: the organisations of unknown tier or sector, which an
# older version counted in `orgs.registered` and in no tier or sector, and the exemptions of
# unknown reason.
REMAINDERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "orgs.tier.unknown": ("orgs.registered", tuple(f"orgs.tier.{c}" for c in vocab.ORG_TIER.codes)),
    "orgs.sector.unknown": ("orgs.registered", tuple(f"orgs.sector.{c}" for c in vocab.SECTOR.codes)),
    # The exempted members whose exemption is dated without its reason: counted, by every
    # version, as exempted (temporarily) and under no reason.
    "members.exempt_reason.unknown": (
        "members.exempt",
        tuple(f"members.exempt_reason.{c}" for c in vocab.EXEMPT_REASON.codes),
    ),
}


# Ids added after summaries were first written that count organisations the run did not
# consolidate, with the counts of that tier (all, and those consolidated): an older summary or
# history record of a run that consolidated every organisation it expected has none, exactly,
# nor of a tier whose every organisation is counted consolidated (`orgs.tier.<tier>` ==
# `orgs.grassroots.<tier>`: those not consolidated are among the difference); else the count
# stays missing (unknown).
OF_ORGANISATIONS_LEFT_OUT: dict[str, tuple[str, str]] = {
    key: (f"orgs.tier.{tier}", f"orgs.grassroots.{tier}") for tier, key in NOT_CONSOLIDATED_GRASSROOTS.items()
}


def _complete(indicators: Mapping[str, int | float]) -> bool:
    """Whether the run consolidated every organisation it expected (`stats.coverage.missing_orgs`
    None: every registry organisation, and no file outside the registry left out; read here from
    the same counts: `orgs.unregistered` 0 when absent, in an older summary)."""
    counts = [indicators.get(k) for k in ("orgs.consolidated", "orgs.registered")]
    counts.append(indicators.get("orgs.unregistered", 0))
    if not all(isinstance(c, int) and not isinstance(c, bool) for c in counts):
        return False
    done, registered, outside = (int(c or 0) for c in counts)
    return done >= registered + outside


def with_implied_parts(indicators: Mapping[str, int | float]) -> Mapping[str, int | float]:
    """`indicators` with each part of `PARTS_OF` it lacks whose whole is 0 added as 0, each id
    of `REMAINDERS` it lacks whose whole and parts it has added as their difference, each id of
    `OF_ORGANISATIONS_LEFT_OUT` it lacks added as 0 when its run left no organisation out or
    none of that tier, and the full and temporary exemptions of version 1's summaries
    (`with_exempt_split`)."""
    added: dict[str, int | float] = dict.fromkeys(
        (k for k, whole in PARTS_OF.items() if k not in indicators and indicators.get(whole) == 0), 0
    )
    lacking = {k: tier for k, tier in OF_ORGANISATIONS_LEFT_OUT.items() if k not in indicators}
    complete = bool(lacking) and _complete(indicators)
    for key, (every, there) in lacking.items():
        counts = (indicators.get(every), indicators.get(there))
        if complete or (isinstance(counts[0], int) and counts[0] == counts[1]):
            added[key] = 0
    for key, (whole, parts) in REMAINDERS.items():
        if key in indicators or any(indicators.get(k) is None for k in (whole, *parts)):
            continue
        rest = int(indicators[whole]) - sum(int(indicators[k]) for k in parts)
        if rest >= 0:
            added[key] = rest
    return with_exempt_split({**indicators, **added} if added else indicators)


def with_exempt_split(ind: Mapping[str, int | float]) -> Mapping[str, int | float]:
    """`ind`, with the full and temporary exemptions an older summary (version 1, or a roll-up
    of one) lacks filled in from what it has: they are, by construction (`stats.indicators`),
    the exempted members of the old-age reason and all the others. Never 0 for a figure not
    there."""
    if "members.exempt.full" in ind and "members.exempt.temporary" in ind:
        return ind
    exempt, full = ind.get("members.exempt"), ind.get(f"members.exempt_reason.{vocab.FULL_EXEMPTION_REASON}")
    if exempt is None or full is None:
        return ind
    return {**ind, "members.exempt.full": full, "members.exempt.temporary": exempt - full}


def lacks_target(
    indicators: Mapping[str, int | float | None], year: int | str, typed: Collection[int] | None = None
) -> bool:
    """Whether a unit admitted members in `year` without a target for it (`targets.<year>` 0:
    a ward consolidated without a registry's targets, whose own rate is then absent). Its
    share of a sum of targets is unknown, so a rate over a sum that holds it would be too high:
    the roll-up leaves that year's target and rate out (`toolkit.rollup`). `typed`: the years
    the unit's registry (or `TargetOverride`) gives a target for, 0 included (a ward summary's
    `target_years`): a year of it has a known target, 0 when `targets.<year>` is 0 (hunt75 #1);
    None where that is not known (an older summary, a history export), a 0 then being no target."""
    if typed is not None and int(year) in typed:
        return False
    admitted = indicators.get(f"changes.admissions.{year}")
    return bool(admitted) and not indicators.get(f"targets.{year}")


def is_derived(key: str) -> bool:
    return key in MEANS or key.startswith(RATE_PREFIX)


def sum_indicators(units: Sequence[Mapping[str, int | float | None]]) -> Sum:
    """The indicators of `units` added up (module docstring); ids in the first unit's order."""
    order: dict[str, None] = {}
    for unit in units:
        order.update(dict.fromkeys(unit))
    total: dict[str, int | float] = {}
    incomplete: list[str] = []
    not_additive: list[str] = []
    derived: list[str] = []
    for key in order:
        if is_derived(key):
            derived.append(key)
            continue
        values = [unit.get(key) for unit in units]
        if any(v is None for v in values):
            incomplete.append(key)
            continue
        if any(isinstance(v, float) and not v.is_integer() for v in values):
            not_additive.append(key)
            continue
        total[key] = sum(int(v) for v in values if v is not None)
    out: Indicators = {}
    for key in order:
        if key in total:
            out[key] = total[key]
        elif key in derived:
            value = _recomputed(key, total)
            if value is not None:
                out[key] = value
            elif key in MEANS:
                incomplete.append(key)
    return Sum(out, incomplete, not_additive)
