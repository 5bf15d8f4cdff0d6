"""Of how many organisations a run's figures are: the one definition every output uses.

A run expects the organisations of its registry (`orgs.registered`) and, beside them, every
organisation outside the registry whose file was read all the same (`orgs.unregistered`: the
row kept for a code the registry lacks, its file excluded for `org.unknown`; a new party cell
not yet added, or a code typed wrongly). Its figures are complete when every expected
organisation is consolidated (`orgs.consolidated`): a file left out is members left out,
whether or not its organisation is in the registry.
"""

from __future__ import annotations

from collections.abc import Mapping

from toolkit.core import vnformat

Indicators = Mapping[str, int | float | None]


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def org_coverage(indicators: Indicators | None) -> tuple[int, int] | None:
    """(consolidated, expected) organisations, or None when the indicators lack the counts.

    `orgs.unregistered` is 0 when absent: a summary or history record of an older version
    has no such count (it counted those organisations in `orgs.submitted`)."""
    if indicators is None:
        return None
    counts = [indicators.get(k) for k in ("orgs.consolidated", "orgs.registered")]
    counts.append(indicators.get("orgs.unregistered", 0))
    done, registered, outside = (_count(c) for c in counts)
    if done is None or registered is None or outside is None:
        return None
    return done, registered + outside


def missing_orgs(indicators: Indicators | None) -> tuple[int, int] | None:
    """(consolidated, expected) organisations when some were not consolidated (missing, left
    out for their errors, or outside the registry); None when all were, or the run does not say."""
    coverage = org_coverage(indicators)
    if coverage is None or coverage[0] >= coverage[1]:
        return None
    return coverage


def outside_words(indicators: Indicators | None) -> str:
    """' (gồm 1 tổ chức chưa có trong danh mục)' after an expected count that holds
    organisations outside the registry, so "2/3" beside a registry of 2 reads true; else ''."""
    outside = _count((indicators or {}).get("orgs.unregistered"))
    if outside is None or outside <= 0:
        return ""
    return f" (gồm {vnformat.number(outside)} tổ chức chưa có trong danh mục)"
