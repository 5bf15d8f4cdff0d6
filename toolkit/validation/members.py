"""Rules of the `Đảng viên` sheet beyond its columns (ages at admission, probation, cards,
exemptions) and the organisation rules that count its rows (no members, too few full
members)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

import pandas as pd

from toolkit.core import layout, vocab
from toolkit.core.dates import official_earliest, probation_deadline
from toolkit.validation.context import Context, check

ADMISSION_MIN_AGE = 18
ADMISSION_MAX_AGE = 60
OLD_AGE_EXEMPTION = {"male": 60, "female": 55}
MIN_FULL_MEMBERS = 3

_M = layout.MEMBERS


def whole_years(earlier: pd.Series, later: pd.Series) -> pd.Series:
    """`toolkit.core.dates.whole_years` of two datetime columns (missing where either is)."""
    years = later.dt.year - earlier.dt.year
    before_anniversary = (later.dt.month * 100 + later.dt.day) < (earlier.dt.month * 100 + earlier.dt.day)
    return (years - before_anniversary.astype("float64").where(years.notna())).astype("Int64")


def _probationary(m: pd.DataFrame) -> pd.Series:
    """Not a full member at D: no official date, or one after D."""
    off, ref = m["official_date"], m["_D"]
    return off.isna() | (ref.notna() & (off > ref))


def _from_admission(cand: pd.DataFrame, date_after: Callable[[dt.date], dt.date]) -> pd.Series:
    """``date_after`` of each candidate's admission date (few rows: the pre-filtered ones)."""
    return pd.Series([date_after(a.date()) for a in cand["admission_date"]], index=cand.index, dtype=object)


@check("member.birth_after_admission", "member.under_18", "member.over_60")
def admission_age(ctx: Context) -> None:
    m = ctx.members
    if m.empty:
        return
    birth, adm = m["birth_date"], m["admission_date"]
    age = whole_years(birth, adm)
    for code, mask in (
        ("member.birth_after_admission", birth > adm),
        ("member.under_18", (birth <= adm) & (age < ADMISSION_MIN_AGE)),
        ("member.over_60", age > ADMISSION_MAX_AGE),
    ):
        ctx.flag(m, mask, code, _M, "admission_date", value=adm, admission=adm, birth=birth, age=age)


@check("member.after_cutoff")
def admitted_after_cutoff(ctx: Context) -> None:
    # On the roll at the cut-off means admitted by then; otherwise the statistics would
    # count a member who did not yet exist at the cut-off.
    m = ctx.members
    if m.empty:
        return
    adm, ref = m["admission_date"], m["_D"]
    ctx.flag(
        m,
        adm.notna() & ref.notna() & (adm > ref),
        "member.after_cutoff",
        _M,
        "admission_date",
        value=adm,
        cutoff=ref,
    )


@check("member.official_too_early")
def official_too_early(ctx: Context) -> None:
    m = ctx.members
    if m.empty:
        return
    adm, off = m["admission_date"], m["official_date"]
    # Cheap vectorised pre-filter: official before the same day a year later (yyyymmdd, the
    # probation being one year); the exact earliest date (end-of-month rule) only for those.
    adm_next = (adm.dt.year + 1) * 10000 + adm.dt.month * 100 + adm.dt.day
    off_key = off.dt.year * 10000 + off.dt.month * 100 + off.dt.day
    cand = m[(adm.notna() & off.notna() & (off_key < adm_next)).fillna(False)]
    if cand.empty:
        return
    earliest = _from_admission(cand, official_earliest)
    too_early = [o.date() < e for o, e in zip(cand["official_date"], earliest, strict=True)]
    ctx.flag(
        cand,
        too_early,
        "member.official_too_early",
        _M,
        "official_date",
        value=cand["official_date"],
        admission=cand["admission_date"],
        earliest=earliest,
    )


@check("member.probation_overdue")
def probation_overdue(ctx: Context) -> None:
    m = ctx.members
    if m.empty:
        return
    adm, ref = m["admission_date"], m["_D"]
    # Cheap pre-filter (admitted more than a year before D), exact deadline per candidate.
    cand = m[_probationary(m) & adm.notna() & ref.notna() & (adm < ref - pd.Timedelta(days=365))]
    if cand.empty:
        return
    deadline = _from_admission(cand, probation_deadline)
    overdue = [r.date() > d for r, d in zip(cand["_D"], deadline, strict=True)]
    ctx.flag(
        cand,
        overdue,
        "member.probation_overdue",
        _M,
        "official_date",
        admission=cand["admission_date"],
        cutoff=cand["_D"],
        deadline=deadline,
    )


@check("member.card_on_probationary")
def card_on_probationary(ctx: Context) -> None:
    m = ctx.members
    if m.empty:
        return
    card = m["card_no"]
    mask = card.notna() & _probationary(m) & m["_D"].notna()
    ctx.flag(m, mask, "member.card_on_probationary", _M, "card_no", value=card)


@check("member.exempt_age")
def exempt_age(ctx: Context) -> None:
    m = ctx.members
    if m.empty:
        return
    age = whole_years(m["birth_date"], m["_D"])
    limit = m["gender"].map(OLD_AGE_EXEMPTION).astype("Int64")
    old_age = (m["exempt_reason"] == "old_age_ill_health") & limit.notna() & (age < limit)
    reason = vocab.EXEMPT_REASON.label("old_age_ill_health")
    ctx.flag(
        m,
        old_age,
        "member.exempt_age",
        _M,
        "exempt_reason",
        value=reason,
        reason=reason,
        age=age,
        gender=lambda row: vocab.GENDER.label(row.gender),
        limit=limit,
    )


@check("member.exempt_incomplete")
def exempt_incomplete(ctx: Context) -> None:
    m = ctx.members
    if m.empty:
        return
    has_from, has_reason = m["exempt_from"].notna(), m["exempt_reason"].notna()
    date_head = f"\u201c{_M.field('exempt_from').header}\u201d"
    reason_head = f"\u201c{_M.field('exempt_reason').header}\u201d"
    code = "member.exempt_incomplete"
    ctx.flag(
        m,
        has_from & ~has_reason,
        code,
        _M,
        "exempt_reason",
        detail=f"Có ngày {date_head} nhưng chưa chọn {reason_head}",
    )
    ctx.flag(
        m,
        ~has_from & has_reason,
        code,
        _M,
        "exempt_from",
        detail=f"Có {reason_head} nhưng chưa ghi {date_head}",
    )


@check("org.no_members", "org.few_full_members")
def organisation(ctx: Context) -> None:
    """A file with a members sheet needs members, and at least three of them full members."""
    m = ctx.members
    full_counts: Counter[int] = Counter()
    totals: Counter[int] = Counter()
    if not m.empty:
        off, ref = m["official_date"], m["_D"]
        full = off.notna() & (ref.isna() | (off <= ref))
        totals.update(m["_sub"].tolist())
        full_counts.update(m.loc[full, "_sub"].tolist())
    for index in ctx.indices:
        if ctx.subs[index].sheet("members") is None:
            continue
        if totals[index] == 0:
            ctx.add(index, "org.no_members", sheet=layout.SHEET_MEMBERS)
        elif full_counts[index] < MIN_FULL_MEMBERS:
            ctx.add(index, "org.few_full_members", sheet=layout.SHEET_MEMBERS, count=full_counts[index])
