"""The indicators: their ids and their definition, computed for one set of rows.

`compute_org_indicators` is the readable definition of every member, change, rating and
training indicator; `toolkit.stats.grouped` computes the same for every organisation at once
(tested equal to this), and `toolkit.stats.ward` adds the ward-only figures.

Input frames follow the reader's data contract (`toolkit.core.model.Submission`): categories
as vocabulary codes, dates as ``datetime64`` with NaT, yearly counts as nullable integers.
The same function serves one organisation and the whole ward (frames concatenated), so
every count of the ward equals the sum of the organisations' counts.

Definitions (all at the cut-off date ``D``):

- Age is in whole years at ``D``: the years since birth, minus one when the birthday of
  ``D``'s year has not yet come. A member born on 29 February turns one year older on
  1 March in common years (on 28 February they are still the younger age).
- A member is probationary when ``official_date`` is empty or after ``D``.
- A member is exempt when ``exempt_from`` is filled and on or before ``D``; the reasons are
  counted over exempt members only. The exemption is full ("miễn công tác và sinh hoạt
  đảng") for old age and ill health, temporary ("tạm miễn") for any other reason (or none);
  ``members.occupation.retired.exempt`` counts the retired members with the full exemption,
  ``members.occupation.working.exempt`` those with it counted in Biểu 3's line a (a working
  occupation, or an unknown one whose old occupation is a working one: `working_mask`).
- A member is working away (``members.working_away``) when ``working_away`` is ``yes`` or
  the exemption reason is ``working_away``, whatever the flag and the exemption's date
  (`toolkit.core.working_away`, the definition the work list `Đi làm ăn xa` uses too).
- The party-age era is that of ``admission_date``: before 19/8/1945, 19/8/1945–20/7/1954,
  21/7/1954–30/4/1975, from 01/5/1975.
- The attributes that older templates lack count as ``unknown``: ethnicity, religion and
  occupation where the cell holds no current code (an older file, or an upgraded file not
  yet completed); youth union, private owner, foreign marriage and academic title for the
  members of files without them (``attributes_2026_2`` false). The occupation's report group
  is exact for every file (an old occupation keeps its old group), and so are the forms'
  lines made of whole groups of occupations (``members.occupation.unknown.<part>``: the
  unknown ones whose old occupation is wholly of a part, `OCCUPATION_PARTS`).
- An event counts when ``period_start <= event_date <= D``; quarters are those of ``D``'s
  calendar year. A transfer inside the ward (scope ``internal``) counts as
  ``transfer_in_internal`` / ``transfer_out_internal``, never as ``transfer_in`` /
  ``transfer_out``: it moves a member between organisations without changing the ward.
- Yearly ratings and training are the sums of the ``Số liệu năm`` rows of each year of the
  period; rows for other years are ignored here (validation reports them).
- ``members.age_mean`` is the mean of the whole-year ages, rounded half up to one decimal;
  it is 0.0 when there are no members (there is no mean to show). ``members.age_sum`` and
  ``members.age_known`` (the sum of the known ages and their count) are kept beside it, so
  that a mean over several organisations or wards is recomputed exactly from sums. ``targets.rate.<year>`` is
  rounded half up to four decimals. Rounding uses exact decimal arithmetic so that a figure
  checked by hand gives the same digits.

Every indicator id of §6.1 is present even when its count is zero; counts are Python
``int`` and the two ratios Python ``float``, ready for JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from toolkit.core import layout, vocab
from toolkit.core.errors import WardStatsError
from toolkit.core.working_away import working_away_mask

Indicators = dict[str, int | float]

# Age bands of the report: (suffix, lowest age, highest age), both inclusive.
AGE_REPORT_BANDS: tuple[tuple[str, int | None, int | None], ...] = (
    ("lt30", None, 29),
    ("30_50", 30, 50),
    ("gt50", 51, None),
)
# Official age bands; a member younger than 18 counts in the first band.
AGE_OFFICIAL_BANDS: tuple[tuple[str, int | None, int | None], ...] = (
    ("18_30", None, 30),
    ("31_35", 31, 35),
    ("36_40", 36, 40),
    ("41_45", 41, 45),
    ("46_50", 46, 50),
    ("51_55", 51, 55),
    ("56_60", 56, 60),
    ("gt60", 61, None),
)

QUARTERS = ("q1", "q2", "q3", "q4")
TRAINING_KEYS = ("candidates_trained", "new_members_trained", "new_members_completed")

# Party-age eras: (suffix, first admission date), each era up to the next one's first day.
ERAS: tuple[tuple[str, dt.date | None], ...] = (
    ("before_1945", None),
    ("1945_1954", dt.date(1945, 8, 19)),
    ("1954_1975", dt.date(1954, 7, 21)),
    ("from_1975", dt.date(1975, 5, 1)),
)
# Transfers inside the ward have their own change families (see the module docstring).
INTERNAL_TRANSFERS = {"transfer_in": "transfer_in_internal", "transfer_out": "transfer_out_internal"}
CHANGE_FAMILIES = (*vocab.EVENT_TYPE.codes, *INTERNAL_TRANSFERS.values())
# Of `changes.transfer_in|out.total`, the transfers whose scope is not known (a file of template
# 2026.1 has no `Phạm vi chuyển`, an upgraded one may not have it filled in yet): they may be
# moves inside the ward, which the outputs must say (`changes.<transfer>.scope_unknown`).
SCOPE_UNKNOWN = "scope_unknown"
SCOPE_UNKNOWN_IDS = tuple(f"changes.{t}.{SCOPE_UNKNOWN}" for t in INTERNAL_TRANSFERS)
# The tiers of a grassroots organisation (Biểu 2, part III).
GRASSROOTS_TIERS: tuple[str, ...] = ("dang_bo_co_so", "chi_bo_co_so")
# A ward's organisations of each grassroots tier that its run did not consolidate (missing, or
# excluded for their errors): in Biểu 2's part III with those consolidated (`stats.period`),
# their admissions and candidates unknown (hunt155 F5).
NOT_CONSOLIDATED_GRASSROOTS: dict[str, str] = {
    tier: f"orgs.grassroots.{tier}.not_consolidated" for tier in GRASSROOTS_TIERS
}
# Breakdowns with an `unknown` bucket, and whether each counts women per value too.
BREAKDOWNS: tuple[tuple[str, vocab.Vocabulary, str, bool], ...] = (
    ("ethnicity", vocab.ETHNICITY, "members.ethnicity", True),
    ("religion", vocab.RELIGION, "members.religion", True),
    ("academic_title", vocab.ACADEMIC_TITLE, "members.academic", False),
    ("occupation", vocab.OCCUPATION, "members.occupation", False),
)
# Yes/no attributes new in template 2026.2: (column, indicator id).
FLAGS = (
    ("youth_union", "members.youth_union"),
    ("private_owner", "members.private_owner"),
    ("foreign_marriage", "members.foreign_marriage"),
)
UNKNOWN = "unknown"
# Biểu 3 counts, of the retired, those with the full exemption ("miễn công tác và sinh hoạt
# đảng", the old-age reason): `members.occupation.retired.exempt`.
RETIRED = "retired"


# Of the members whose occupation is unknown (no current code), those whose old occupation
# (`occupation_2026_1`) means only occupations of one part of the forms' lines, so that they
# are counted in that part's line exactly though not in its sub-lines:
# `members.occupation.unknown.<part>` (`admitted.…` too). Every ambiguous old occupation is a
# working one (Biểu 3's line a); "Người lao động trong doanh nghiệp" is wholly the enterprise
# line, whose occupations are those of the report group `enterprise`.
OCCUPATION_PARTS: dict[str, frozenset[str]] = {
    "working": frozenset(c for c in vocab.OCCUPATION.codes if c != RETIRED),
    "enterprise": frozenset(t.code for t in vocab.OCCUPATION.terms if t.group == "enterprise"),
}
_OLD_OCCUPATIONS_IN = {
    part: [old for old, meanings in vocab.OCCUPATION_2026_1_MEANINGS.items() if set(meanings) <= codes]
    for part, codes in OCCUPATION_PARTS.items()
}


def unknown_occupation_parts(members: pd.DataFrame) -> dict[str, pd.Series]:
    """For each part of `OCCUPATION_PARTS`, whether each member's occupation is unknown while
    every current occupation their old one may mean is of that part."""
    unknown = ~members["occupation"].isin(vocab.OCCUPATION.codes)
    if "occupation_2026_1" not in members:
        return {part: pd.Series(False, index=members.index) for part in OCCUPATION_PARTS}
    old = members["occupation_2026_1"]
    return {part: unknown & old.isin(codes) for part, codes in _OLD_OCCUPATIONS_IN.items()}


def working_mask(members: pd.DataFrame, parts: Mapping[str, pd.Series]) -> pd.Series:
    """Whether each member is counted in Biểu 3's line a ("đang làm việc và công tác"): a
    working occupation, or an unknown one whose old occupation is a working one (`parts`:
    `unknown_occupation_parts(members)`)."""
    return members["occupation"].isin(OCCUPATION_PARTS["working"]) | parts["working"]


def as_date(value: dt.date | dt.datetime | pd.Timestamp) -> dt.date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def period_years(period_start: dt.date, cutoff: dt.date) -> list[int]:
    """The calendar years that the period ``[period_start, cutoff]`` touches, ascending."""
    start, end = as_date(period_start), as_date(cutoff)
    if start > end:
        raise WardStatsError(
            f"Ngày bắt đầu kỳ số liệu ({start:%d/%m/%Y}) sau ngày chốt số liệu "
            f"({end:%d/%m/%Y}). Hãy kiểm tra lại hai ngày này."
        )
    return list(range(start.year, end.year + 1))


def indicator_ids(years: Sequence[int], *, ward: bool = False) -> list[str]:
    """Every indicator id that is always present, in the order of §6.1.

    ``ward=True`` adds the organisation counts and the yearly targets. The achievement
    rates ``targets.rate.<year>`` are not listed: they exist only when the target is not 0.
    """
    ids: list[str] = []
    if ward:
        ids += ["orgs.registered", "orgs.submitted", "orgs.consolidated", "orgs.unregistered"]
        ids += [f"orgs.tier.{c}" for c in (*vocab.ORG_TIER.codes, UNKNOWN)]
        ids += [f"orgs.sector.{c}" for c in (*vocab.SECTOR.codes, UNKNOWN)]
        ids += list(NOT_CONSOLIDATED_GRASSROOTS.values())
    ids += member_ids()
    for family in (*CHANGE_FAMILIES, "admissions", "removed"):
        ids += [f"changes.{family}.{y}" for y in years] + [f"changes.{family}.total"]
    ids += [f"changes.admissions.{q}" for q in QUARTERS]
    ids += [f"changes.strike_ground.{c}" for c in vocab.STRIKE_GROUND.codes]
    ids += list(SCOPE_UNKNOWN_IDS)
    if ward:
        ids += [f"targets.{y}" for y in years]
    for y in years:
        ids += [f"ratings.{y}.{c}" for c in vocab.RATING.codes]
    for y in years:
        ids += [f"training.{y}.{k}" for k in TRAINING_KEYS]
    return ids


def breakdown_ids(prefix: str, voc: vocab.Vocabulary, by_gender: bool) -> list[str]:
    """The ids of a breakdown with an `unknown` bucket: each value, unknown, then (for
    ethnicity and religion) the women of each value and of unknown."""
    ids = [f"{prefix}.{c}" for c in voc.codes] + [f"{prefix}.{UNKNOWN}"]
    return ids + ([f"{prefix}.{c}.female" for c in (*voc.codes, UNKNOWN)] if by_gender else [])


def member_ids() -> list[str]:
    """The `members.*` ids, in order."""
    breakdown = {prefix: breakdown_ids(prefix, voc, g) for _, voc, prefix, g in BREAKDOWNS}
    ids = ["members.total", "members.full", "members.probationary"]
    ids += [f"members.gender.{c}" for c in vocab.GENDER.codes]
    ids += [*breakdown["members.ethnicity"], "members.ethnic_minority"]
    ids += [*breakdown["members.religion"], "members.religious"]
    ids += [f"members.age_report.{b[0]}" for b in AGE_REPORT_BANDS]
    ids += [f"members.age_official.{b[0]}" for b in AGE_OFFICIAL_BANDS]
    ids += ["members.age_mean", "members.age_sum", "members.age_known"]
    ids += [f"members.era.{suffix}" for suffix, _ in ERAS]
    ids += [f"members.gen_edu.{c}" for c in vocab.GEN_EDU.codes]
    ids += [f"members.prof.{c}" for c in vocab.PROF_LEVEL.codes]
    ids += ["members.prof.intermediate_plus", "members.prof.university_plus"]
    ids += breakdown["members.academic"]
    ids += [f"members.theory.{c}" for c in vocab.THEORY_LEVEL.codes]
    ids += ["members.theory.advanced_bachelor"]
    ids += breakdown["members.occupation"]
    ids += [f"members.occupation.{UNKNOWN}.{part}" for part in OCCUPATION_PARTS]
    ids += [f"members.occupation_group.{c}" for c in vocab.OCCUPATION_GROUP.codes]
    for _, key in FLAGS:
        ids += [key, f"{key}.{UNKNOWN}"]
    ids += ["members.exempt", "members.exempt.full", "members.exempt.temporary"]
    ids += ["members.occupation.retired.exempt", "members.occupation.working.exempt"]
    ids += [f"members.exempt_reason.{c}" for c in (*vocab.EXEMPT_REASON.codes, UNKNOWN)]
    ids += ["members.working_away"]
    return ids


def occupation_groups(members: pd.DataFrame) -> pd.Series:
    """Each member's report group: that of the current occupation, else of the old one (an
    occupation of template 2026.1 keeps its exact group)."""
    current = {t.code: t.group for t in vocab.OCCUPATION.terms}
    old = {t.code: t.group for t in vocab.OCCUPATION_2026_1.terms}
    groups = members["occupation"].map(current)
    if "occupation_2026_1" in members:
        groups = groups.where(groups.notna(), members["occupation_2026_1"].map(old))
    return groups.astype(object)


def eras(admission_dates: pd.Series) -> pd.Series:
    """The party-age era suffix of each admission date (None where the date is missing)."""
    dates = datetimes(admission_dates)
    values = dates.to_numpy()
    out = np.full(len(values), None, dtype=object)
    for suffix, first in ERAS:
        # NaT compares as False: a missing date is in no era.
        out[~np.isnat(values) if first is None else values >= np.datetime64(first)] = suffix
    return pd.Series(out, index=dates.index, dtype=object)


def change_kinds(events: pd.DataFrame) -> pd.Series:
    """Each change's family: its type, or the internal-transfer family for a transfer inside
    the ward."""
    kinds = events["event_type"].astype(object)
    internal = (events["transfer_scope"] == "internal") & kinds.isin(list(INTERNAL_TRANSFERS))
    return kinds.where(~internal, kinds.map(INTERNAL_TRANSFERS)).astype(object)


def known_new_attributes(members: pd.DataFrame) -> pd.Series:
    """Whether each member's file records the attributes new in template 2026.2."""
    if "attributes_2026_2" not in members:
        return pd.Series(True, index=members.index)
    return members["attributes_2026_2"].astype(bool)


def ages_at(birth_dates: pd.Series, cutoff: dt.date) -> pd.Series:
    """Age in whole years at ``cutoff`` for each birth date (float, NaN where the date is NaT)."""
    cutoff = as_date(cutoff)
    births = datetimes(birth_dates)
    birth_md = births.dt.month * 100 + births.dt.day
    before_birthday = (birth_md > cutoff.month * 100 + cutoff.day).astype(int)
    return (cutoff.year - births.dt.year - before_birthday).astype(float)


def round_half_up(value: Decimal | int | float, places: int) -> float:
    """Round as people do by hand (0.25 → 0.3), not to even."""
    exponent = Decimal(1).scaleb(-places)
    return float(Decimal(value).quantize(exponent, rounding=ROUND_HALF_UP))


def ratio(numerator: int, denominator: int, places: int) -> float:
    return round_half_up(Decimal(numerator) / Decimal(denominator), places)


def datetimes(series: pd.Series) -> pd.Series:
    """The column as datetime64 (an empty frame built without dtypes has object columns)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return series
    return pd.to_datetime(series, errors="coerce")


def _frame(df: pd.DataFrame | None, spec: layout.SheetSpec) -> pd.DataFrame:
    """The frame itself, or an empty one with the contract's columns when None. A frame made
    without the reader's extra columns (a test's, say) is a current file's frame."""
    if df is None:
        return pd.DataFrame({k: pd.Series(dtype=object) for k in (*spec.frame_keys, "_row")})
    missing = [k for k in spec.keys if k not in df.columns]
    if missing:
        # A programming error (the reader always supplies every column), not a user error.
        raise ValueError(f"frame lacks the columns {missing}")
    return df


def _code_counts(
    series: pd.Series, codes: Sequence[str], prefix: str, out: Indicators, suffix: str = ""
) -> None:
    counts = series.value_counts(dropna=True)
    for code in codes:
        out[f"{prefix}.{code}{suffix}"] = int(counts.get(code, 0))


def _new_attributes(members: pd.DataFrame, out: Indicators) -> None:
    """Ethnicity, religion, academic title and occupation (with `unknown`), the yes/no
    attributes, and the party-age eras."""
    total = len(members)
    female = members["gender"] == "female"
    known = known_new_attributes(members)
    for column, voc, prefix, by_gender in BREAKDOWNS:
        _code_counts(members[column], voc.codes, prefix, out)
        if column == "academic_title":  # an empty title is "none": unknown only without the column
            # (or in an upgraded file not completed: there a title typed is known, never counted twice)
            out[f"{prefix}.{UNKNOWN}"] = int((~known & ~members[column].isin(voc.codes)).sum())
        else:
            out[f"{prefix}.{UNKNOWN}"] = total - sum(int(out[f"{prefix}.{c}"]) for c in voc.codes)
        if by_gender:
            _code_counts(members.loc[female, column], voc.codes, prefix, out, ".female")
            known_women = sum(int(out[f"{prefix}.{c}.female"]) for c in voc.codes)
            out[f"{prefix}.{UNKNOWN}.female"] = int(female.sum()) - known_women
    ethnic = vocab.ETHNICITY.codes
    out["members.ethnic_minority"] = sum(
        int(out[f"members.ethnicity.{c}"]) for c in ethnic if c != vocab.KINH
    )
    out["members.religious"] = sum(
        int(out[f"members.religion.{c}"]) for c in vocab.RELIGION.codes if c != "none"
    )
    for column, key in FLAGS:
        out[key] = int((members[column] == "yes").sum())
        out[f"{key}.{UNKNOWN}"] = int((~known).sum())
    _code_counts(eras(members["admission_date"]), [s for s, _ in ERAS], "members.era", out)


def _band_counts(
    ages: np.ndarray,
    bands: Sequence[tuple[str, int | None, int | None]],
    prefix: str,
    out: Indicators,
) -> None:
    for suffix, low, high in bands:
        mask = ~np.isnan(ages)
        if low is not None:
            mask &= ages >= low
        if high is not None:
            mask &= ages <= high
        out[f"{prefix}.{suffix}"] = int(mask.sum())


def _member_indicators(members: pd.DataFrame, cutoff: dt.date) -> Indicators:
    out: Indicators = {}
    d = pd.Timestamp(cutoff)
    total = len(members)
    official = datetimes(members["official_date"])
    full = int((official.notna() & (official <= d)).sum())
    out["members.total"] = total
    out["members.full"] = full
    out["members.probationary"] = total - full
    _code_counts(members["gender"], vocab.GENDER.codes, "members.gender", out)

    ages = ages_at(members["birth_date"], cutoff).to_numpy(dtype=float, na_value=np.nan)
    _band_counts(ages, AGE_REPORT_BANDS, "members.age_report", out)
    _band_counts(ages, AGE_OFFICIAL_BANDS, "members.age_official", out)
    known = ages[~np.isnan(ages)]
    # Whole-year ages are integers: sum them exactly and round the quotient half up.
    out["members.age_mean"] = ratio(int(known.sum()), len(known), 1) if len(known) else 0.0
    # The sums the mean is made of, so that a roll-up recomputes it exactly (never averages means).
    out["members.age_sum"] = int(known.sum())
    out["members.age_known"] = len(known)

    _code_counts(members["gen_edu"], vocab.GEN_EDU.codes, "members.gen_edu", out)
    _code_counts(members["prof_level"], vocab.PROF_LEVEL.codes, "members.prof", out)
    out["members.prof.intermediate_plus"] = sum(
        int(out[f"members.prof.{c}"]) for c in vocab.PROF_INTERMEDIATE_PLUS
    )
    out["members.prof.university_plus"] = sum(
        int(out[f"members.prof.{c}"]) for c in vocab.PROF_UNIVERSITY_PLUS
    )
    _code_counts(members["theory_level"], vocab.THEORY_LEVEL.codes, "members.theory", out)
    out["members.theory.advanced_bachelor"] = sum(
        int(out[f"members.theory.{c}"]) for c in vocab.THEORY_ADVANCED_BACHELOR
    )
    _new_attributes(members, out)
    _code_counts(occupation_groups(members), vocab.OCCUPATION_GROUP.codes, "members.occupation_group", out)
    occupation_parts = unknown_occupation_parts(members)
    for part, mask in occupation_parts.items():
        out[f"members.occupation.{UNKNOWN}.{part}"] = int(mask.sum())

    exempt_from = datetimes(members["exempt_from"])
    exempt = exempt_from.notna() & (exempt_from <= d)
    full_reason = members["exempt_reason"] == vocab.FULL_EXEMPTION_REASON
    out["members.exempt"] = int(exempt.sum())
    out["members.exempt.full"] = int((exempt & full_reason).sum())
    out["members.exempt.temporary"] = int((exempt & ~full_reason).sum())
    retired = members["occupation"] == RETIRED
    out["members.occupation.retired.exempt"] = int((exempt & full_reason & retired).sum())
    # Exempted in full but of a working occupation: in line a, in no exemption line (hunt261 G2).
    working = working_mask(members, occupation_parts)
    out["members.occupation.working.exempt"] = int((exempt & full_reason & working).sum())
    _code_counts(
        members.loc[exempt, "exempt_reason"], vocab.EXEMPT_REASON.codes, "members.exempt_reason", out
    )
    # An exemption dated without its reason (`member.exempt_incomplete`) is a temporary one, of
    # a reason not known: counted so, the reasons add up to the exempted.
    out[f"members.exempt_reason.{UNKNOWN}"] = int(
        (exempt & ~members["exempt_reason"].isin(vocab.EXEMPT_REASON.codes)).sum()
    )
    away = working_away_mask(members["working_away"], members["exempt_reason"])
    out["members.working_away"] = int(away.sum())
    return {key: out[key] for key in member_ids()}


def _change_indicators(
    events: pd.DataFrame, years: Sequence[int], period_start: dt.date, cutoff: dt.date
) -> Indicators:
    out: Indicators = {}
    dates = datetimes(events["event_date"])
    in_period = dates.notna() & (dates >= pd.Timestamp(period_start)) & (dates <= pd.Timestamp(cutoff))
    kinds = change_kinds(events)[in_period]
    when = dates[in_period]
    event_years = when.dt.year
    by_kind_year = pd.DataFrame({"kind": kinds, "year": event_years}).value_counts()
    counts: dict[tuple[str, int], int] = {(str(k), int(y)): int(n) for (k, y), n in by_kind_year.items()}

    def family(name: str, kinds_in: Sequence[str]) -> None:
        total = 0
        for y in years:
            n = sum(counts.get((k, y), 0) for k in kinds_in)
            out[f"changes.{name}.{y}"] = n
            total += n
        out[f"changes.{name}.total"] = total

    for kind in CHANGE_FAMILIES:
        family(kind, (kind,))
    family("admissions", vocab.ADMISSION_EVENTS)
    family("removed", vocab.REMOVAL_EVENTS)

    admissions = kinds.isin(vocab.ADMISSION_EVENTS) & (event_years == as_date(cutoff).year)
    quarters = ((when[admissions].dt.month - 1) // 3 + 1).value_counts()
    for number, q in enumerate(QUARTERS, start=1):
        out[f"changes.admissions.{q}"] = int(quarters.get(number, 0))

    grounds = events.loc[in_period, "strike_ground"][kinds == "struck_off"]
    _code_counts(grounds, vocab.STRIKE_GROUND.codes, "changes.strike_ground", out)
    unscoped = kinds[events.loc[in_period, "transfer_scope"].isna()]
    _code_counts(unscoped, list(INTERNAL_TRANSFERS), "changes", out, suffix=f".{SCOPE_UNKNOWN}")
    return out


def _year_indicators(year_rows: pd.DataFrame, years: Sequence[int]) -> Indicators:
    out: Indicators = {}
    count_keys = list(layout.YEAR_COUNT_KEYS)
    year_col = pd.to_numeric(year_rows["year"], errors="coerce")
    inside = year_col.isin(list(years))
    values = year_rows.loc[inside, count_keys].apply(pd.to_numeric, errors="coerce").fillna(0)
    sums = values.groupby(year_col[inside].astype(int)).sum()
    for y in years:
        row = sums.loc[y] if y in sums.index else None
        for code in vocab.RATING.codes:
            key = layout.RATING_KEYS[code]
            out[f"ratings.{y}.{code}"] = int(row[key]) if row is not None else 0
    for y in years:
        row = sums.loc[y] if y in sums.index else None
        for key in TRAINING_KEYS:
            out[f"training.{y}.{key}"] = int(row[key]) if row is not None else 0
    return out


def compute_org_indicators(
    members: pd.DataFrame | None,
    events: pd.DataFrame | None,
    years: pd.DataFrame | None,
    *,
    cutoff: dt.date,
    period_start: dt.date,
) -> Indicators:
    """Every ``members.*``, ``changes.*``, ``ratings.*`` and ``training.*`` indicator of §6.1.

    Works for one organisation's frames or for the whole ward's frames concatenated. A None
    frame is treated as empty. Raises `WardStatsError` when ``period_start`` is after
    ``cutoff``.
    """
    cutoff, period_start = as_date(cutoff), as_date(period_start)
    period = period_years(period_start, cutoff)
    members = _frame(members, layout.MEMBERS)
    events = _frame(events, layout.EVENTS)
    years = _frame(years, layout.YEARS)
    out = _member_indicators(members, cutoff)
    out.update(_change_indicators(events, period, period_start, cutoff))
    out.update(_year_indicators(years, period))
    return out
