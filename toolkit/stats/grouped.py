"""Every organisation's indicators in one grouped, vectorised pass.

The frames are all organisations' rows concatenated, with a column `ORG_KEY` naming each
row's organisation. The result equals `toolkit.stats.indicators.compute_org_indicators` on
each organisation's own rows (a test checks this) but costs a handful of grouped operations
instead of dozens of small ones per organisation, which matters for a city of 1,000 files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.core import layout, vocab
from toolkit.core.working_away import working_away_mask
from toolkit.stats.indicators import (
    AGE_OFFICIAL_BANDS,
    AGE_REPORT_BANDS,
    BREAKDOWNS,
    CHANGE_FAMILIES,
    ERAS,
    FLAGS,
    INTERNAL_TRANSFERS,
    QUARTERS,
    RETIRED,
    SCOPE_UNKNOWN_IDS,
    UNKNOWN,
    Indicators,
    ages_at,
    as_date,
    change_kinds,
    datetimes,
    eras,
    indicator_ids,
    known_new_attributes,
    occupation_groups,
    period_years,
    ratio,
    unknown_occupation_parts,
    working_mask,
)

ORG_KEY = "_org"


def _tally(
    orgs: pd.Series, values: pd.Series | np.ndarray, codes: Sequence[str], prefix: str, index: pd.Index
) -> pd.DataFrame:
    """Counts of each code per organisation, as columns ``<prefix>.<code>`` (0 when absent).

    Rows whose organisation is not in `index` or whose value is not one of `codes` are not
    counted. One `numpy.bincount` over (organisation, code) pairs: `pandas.crosstab` takes a
    pure-Python path per group and was most of the time for a thousand organisations."""
    codes = list(codes)
    org_pos = _positions(orgs, index)
    raw = values if isinstance(values, np.ndarray) else values.to_numpy(dtype=object)
    code_pos = pd.Index(codes).get_indexer(pd.Index(raw))
    keep = (org_pos >= 0) & (code_pos >= 0)
    flat = org_pos[keep] * len(codes) + code_pos[keep]
    counts = np.bincount(flat, minlength=len(index) * len(codes)).reshape(len(index), len(codes))
    return pd.DataFrame(counts.astype("int64"), index=index, columns=[f"{prefix}.{c}" for c in codes])


def _band_labels(ages: np.ndarray, bands: Sequence[tuple[str, int | None, int | None]]) -> np.ndarray:
    """Each age's band suffix (None where the age is NaN or in no band); the later band wins."""
    labels = np.full(len(ages), None, dtype=object)
    known = ~np.isnan(ages)
    for suffix, low, high in bands:
        mask = known.copy()
        if low is not None:
            mask &= ages >= low
        if high is not None:
            mask &= ages <= high
        labels[mask] = suffix
    return labels


def compute_indicators_by_org(
    members: pd.DataFrame,
    events: pd.DataFrame,
    years: pd.DataFrame,
    *,
    cutoff: dt.date,
    period_start: dt.date,
    orgs: Sequence[str],
) -> dict[str, Indicators]:
    """`compute_org_indicators` for many organisations at once (see the module docstring)."""
    cutoff, period_start = as_date(cutoff), as_date(period_start)
    period = period_years(period_start, cutoff)
    index = pd.Index(list(orgs), name=ORG_KEY)
    # Each row's organisation as its position in `index`, found once: every count below is a
    # `numpy.bincount` over positions, where each used to hash the organisation codes again.
    parts = [
        *_member_parts(_by_position(members, index), cutoff, index),
        *_change_parts(_by_position(events, index), period_start, cutoff, period, index),
    ]
    wide = pd.concat(parts, axis=1).fillna(0).reindex(index, fill_value=0)
    by_year = _year_sums(years, period, index)
    # The ids in `compute_org_indicators`' order (a test checks it is `indicator_ids`').
    keys = indicator_ids(period)
    cols = _columns(keys, wide, by_year)
    _derived(cols, period, np.zeros(len(index), dtype="int64"))
    rows = zip(*(cols[key].tolist() for key in keys), strict=True)
    return {org: dict(zip(keys, row, strict=True)) for org, row in zip(index, rows, strict=True)}


def _by_position(frame: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """`frame` with its `ORG_KEY` column as each row's position in `index` (-1: not in it)."""
    positions = index.get_indexer(pd.Index(frame[ORG_KEY].to_numpy(dtype=object)))
    return frame.assign(**{ORG_KEY: positions.astype("int64")})


def _positions(orgs: pd.Series, index: pd.Index) -> np.ndarray:
    """Each row's position in `index`: `orgs` holds positions already (`_by_position`) or the
    organisation codes."""
    if orgs.dtype.kind == "i":
        return orgs.to_numpy()
    return index.get_indexer(pd.Index(orgs.to_numpy(dtype=object)))


def _counts(mask: pd.Series, orgs: pd.Series, index: pd.Index, weights: pd.Series | None = None) -> pd.Series:
    """How many rows of each organisation ``mask`` holds for (with `weights`, their sum)."""
    pos = _positions(orgs, index)
    keep = mask.to_numpy(dtype=bool, na_value=False) & (pos >= 0)
    if weights is None:
        counts = np.bincount(pos[keep], minlength=len(index))
    else:
        summed = np.bincount(pos[keep], weights=weights.to_numpy(dtype="float64")[keep], minlength=len(index))
        counts = np.rint(summed)
    return pd.Series(counts.astype("int64"), index=index)


def _member_parts(members: pd.DataFrame, cutoff: dt.date, index: pd.Index) -> list[pd.DataFrame]:
    """The `members.*` counts per organisation (derived groupings excepted)."""
    d = pd.Timestamp(cutoff)
    m_org = members[ORG_KEY]
    parts: list[pd.DataFrame] = []
    total = _counts(pd.Series(True, index=members.index), m_org, index)
    official = datetimes(members["official_date"])
    full = _counts(official.notna() & (official <= d), m_org, index)
    parts.append(
        pd.DataFrame(
            {"members.total": total, "members.full": full, "members.probationary": total - full}, index=index
        )
    )
    parts.append(_tally(m_org, members["gender"], vocab.GENDER.codes, "members.gender", index))
    ages = ages_at(members["birth_date"], cutoff)
    age_values = ages.to_numpy(dtype="float64", na_value=np.nan)
    for bands, prefix in (
        (AGE_REPORT_BANDS, "members.age_report"),
        (AGE_OFFICIAL_BANDS, "members.age_official"),
    ):
        # A row without an age (None) is in no band: `_tally` counts it nowhere.
        parts.append(_tally(m_org, _band_labels(age_values, bands), [b[0] for b in bands], prefix, index))
    known = ages.notna()
    age_sum = _counts(known, m_org, index, weights=ages)
    age_n = _counts(known, m_org, index)
    means = [ratio(int(s), int(n), 1) if n else 0.0 for s, n in zip(age_sum, age_n, strict=True)]
    parts.append(
        pd.DataFrame(
            {
                "members.age_mean": means,
                "members.age_sum": age_sum.astype("int64"),
                "members.age_known": age_n,
            },
            index=index,
        )
    )
    for column, voc, prefix in (
        ("gen_edu", vocab.GEN_EDU, "members.gen_edu"),
        ("prof_level", vocab.PROF_LEVEL, "members.prof"),
        ("theory_level", vocab.THEORY_LEVEL, "members.theory"),
    ):
        parts.append(_tally(m_org, members[column], voc.codes, prefix, index))
    parts += _new_attribute_parts(members, index)
    groups = occupation_groups(members)
    parts.append(_tally(m_org, groups, vocab.OCCUPATION_GROUP.codes, "members.occupation_group", index))
    occupation_parts = unknown_occupation_parts(members)
    parts.append(
        pd.DataFrame(
            {
                f"members.occupation.{UNKNOWN}.{p}": _counts(m, m_org, index)
                for p, m in occupation_parts.items()
            }
        )
    )
    exempt_from = datetimes(members["exempt_from"])
    exempt = exempt_from.notna() & (exempt_from <= d)
    full_reason = members["exempt_reason"] == vocab.FULL_EXEMPTION_REASON
    parts.append(
        pd.DataFrame(
            {
                "members.exempt": _counts(exempt, m_org, index),
                "members.exempt.full": _counts(exempt & full_reason, m_org, index),
                "members.exempt.temporary": _counts(exempt & ~full_reason, m_org, index),
                "members.occupation.retired.exempt": _counts(
                    exempt & full_reason & (members["occupation"] == RETIRED), m_org, index
                ),
                "members.occupation.working.exempt": _counts(
                    exempt & full_reason & working_mask(members, occupation_parts), m_org, index
                ),
            }
        )
    )
    reasons = members.loc[exempt, "exempt_reason"]
    parts.append(_tally(m_org[exempt], reasons, vocab.EXEMPT_REASON.codes, "members.exempt_reason", index))
    unknown_reason = exempt & ~members["exempt_reason"].isin(vocab.EXEMPT_REASON.codes)
    parts.append(pd.DataFrame({f"members.exempt_reason.{UNKNOWN}": _counts(unknown_reason, m_org, index)}))
    away = _counts(working_away_mask(members["working_away"], members["exempt_reason"]), m_org, index)
    parts.append(pd.DataFrame({"members.working_away": away}))
    return parts


def _new_attribute_parts(members: pd.DataFrame, index: pd.Index) -> list[pd.DataFrame]:
    """Ethnicity, religion, academic title and occupation (their `unknown` buckets and the
    minority and religious totals are derived later), the yes/no attributes and the eras."""
    m_org = members[ORG_KEY]
    female = members["gender"] == "female"
    parts: list[pd.DataFrame] = []
    for column, voc, prefix, by_gender in BREAKDOWNS:
        parts.append(_tally(m_org, members[column], voc.codes, prefix, index))
        if by_gender:
            women = _tally(m_org[female], members.loc[female, column], voc.codes, prefix, index)
            parts.append(women.rename(columns=lambda c: f"{c}.female"))
    unknown = ~known_new_attributes(members)
    untitled = ~members["academic_title"].isin(vocab.ACADEMIC_TITLE.codes)
    # A title typed in an upgraded file not completed is known (`indicators._new_attributes`).
    flags = {"members.academic.unknown": _counts(unknown & untitled, m_org, index)}
    unknown_flags = _counts(unknown, m_org, index)
    for column, key in FLAGS:
        flags[key] = _counts(members[column] == "yes", m_org, index)
        flags[f"{key}.{UNKNOWN}"] = unknown_flags
    parts.append(pd.DataFrame(flags))
    parts.append(_tally(m_org, eras(members["admission_date"]), [e for e, _ in ERAS], "members.era", index))
    return parts


def _change_parts(
    events: pd.DataFrame, period_start: dt.date, cutoff: dt.date, period: Sequence[int], index: pd.Index
) -> list[pd.DataFrame]:
    """The `changes.*` counts per organisation (admissions and removals excepted)."""
    e_org = events[ORG_KEY]
    dates = datetimes(events["event_date"])
    in_period = dates.notna() & (dates >= pd.Timestamp(period_start)) & (dates <= pd.Timestamp(cutoff))
    kinds = change_kinds(events)[in_period]
    e_years = dates[in_period].dt.year
    kind_year = (kinds.astype(object) + "." + e_years.astype(int).astype(str)) if len(kinds) else kinds
    year_ids = [f"{k}.{y}" for k in CHANGE_FAMILIES for y in period]
    by_kind_year = _tally(e_org[in_period], kind_year, year_ids, "changes", index)
    parts = [by_kind_year]
    for kind in CHANGE_FAMILIES:
        per_year = by_kind_year[[f"changes.{kind}.{y}" for y in period]]
        parts.append(pd.DataFrame({f"changes.{kind}.total": per_year.sum(axis=1)}))
    in_cutoff_year = kinds.isin(vocab.ADMISSION_EVENTS) & (e_years == cutoff.year)
    quarter = ("q" + ((dates[in_period][in_cutoff_year].dt.month - 1) // 3 + 1).astype(str)).astype(object)
    parts.append(_tally(e_org[in_period][in_cutoff_year], quarter, QUARTERS, "changes.admissions", index))
    struck = kinds == "struck_off"
    grounds = events.loc[in_period, "strike_ground"][struck]
    parts.append(
        _tally(e_org[in_period][struck], grounds, vocab.STRIKE_GROUND.codes, "changes.strike_ground", index)
    )
    unscoped = events.loc[in_period, "transfer_scope"].isna()
    transfers = _tally(e_org[in_period][unscoped], kinds[unscoped], [*INTERNAL_TRANSFERS], "changes", index)
    parts.append(transfers.set_axis(list(SCOPE_UNKNOWN_IDS), axis=1))
    return parts


def _year_sums(
    years: pd.DataFrame, period: Sequence[int], index: pd.Index
) -> dict[int, dict[str, np.ndarray]]:
    """The yearly sheet's counts summed per organisation, one column per count key for each
    year of the period (a value that is no number counts 0)."""
    y_year = pd.to_numeric(years["year"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    org_pos = _positions(years[ORG_KEY], index)
    values = {
        key: pd.to_numeric(years[key], errors="coerce").to_numpy(dtype="float64", na_value=0.0)
        for key in layout.YEAR_COUNT_KEYS
    }
    sums: dict[int, dict[str, np.ndarray]] = {}
    for year in period:
        rows = (y_year == year) & (org_pos >= 0)
        pos = org_pos[rows]
        sums[int(year)] = {
            key: np.rint(np.bincount(pos, weights=column[rows], minlength=len(index))).astype("int64")
            for key, column in values.items()
        }
    return sums


def _columns(
    keys: Sequence[str], wide: pd.DataFrame, by_year: dict[int, dict[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    """Every counted indicator of `keys` as one column over all organisations."""
    cols: dict[str, np.ndarray] = {}
    # One float array for the whole table (counts are exact in float64), read column by column.
    table = wide.to_numpy(dtype="float64")
    where = {key: i for i, key in enumerate(wide.columns)}
    for key in keys:
        if key in where:
            values = table[:, where[key]]
            cols[key] = values.copy() if key == "members.age_mean" else values.astype("int64")
        elif key.startswith(("ratings.", "training.")):
            _, year, name = key.split(".")
            cols[key] = by_year[int(year)][layout.RATING_KEYS.get(name, name)]
    return cols


def _derived(cols: dict[str, np.ndarray], period: Sequence[int], zeros: np.ndarray) -> None:
    """The derived counts, as `compute_org_indicators` derives them."""

    def total(keys: Sequence[str]) -> np.ndarray:
        return sum((cols[k] for k in keys), zeros)

    cols["members.prof.intermediate_plus"] = total(
        [f"members.prof.{c}" for c in vocab.PROF_INTERMEDIATE_PLUS]
    )
    cols["members.prof.university_plus"] = total([f"members.prof.{c}" for c in vocab.PROF_UNIVERSITY_PLUS])
    cols["members.theory.advanced_bachelor"] = total(
        [f"members.theory.{c}" for c in vocab.THEORY_ADVANCED_BACHELOR]
    )
    for column, voc, prefix, by_gender in BREAKDOWNS:
        if column != "academic_title":  # its unknown is counted (members without the column)
            cols[f"{prefix}.{UNKNOWN}"] = cols["members.total"] - total([f"{prefix}.{c}" for c in voc.codes])
        if by_gender:
            women = total([f"{prefix}.{c}.female" for c in voc.codes])
            cols[f"{prefix}.{UNKNOWN}.female"] = cols["members.gender.female"] - women
    minorities = [f"members.ethnicity.{c}" for c in vocab.ETHNICITY.codes if c != vocab.KINH]
    cols["members.ethnic_minority"] = total(minorities)
    cols["members.religious"] = total([f"members.religion.{c}" for c in vocab.RELIGION.codes if c != "none"])
    for name, kinds_in in (("admissions", vocab.ADMISSION_EVENTS), ("removed", vocab.REMOVAL_EVENTS)):
        for y in [*period, "total"]:
            cols[f"changes.{name}.{y}"] = total([f"changes.{k}.{y}" for k in kinds_in])
