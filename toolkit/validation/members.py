"""Rules of the `Đảng viên` sheet beyond its columns (ages and education at admission,
probation, cards, exemptions, working away) and the organisation rules that count its rows (no
members, too few full members).

Ages at admission are counted in completed months, as the Party's regulations count them: a
candidate must be 18 years 0 months old on the admission date, and one over 60 years 0 months
needs the upper committee's decision."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.core import layout, vocab, working_away
from toolkit.core.dates import (
    Membership,
    add_months,
    as_date,
    exempt_before,
    membership,
    official_earliest,
    probation_deadline,
)
from toolkit.core.left_party import by_cutoff, notes_say_left
from toolkit.core.model import Issue, RollMoves
from toolkit.core.rules import HIDDEN
from toolkit.io.normalize import fmt_date
from toolkit.validation.context import Context, check, leavers_born, roll_born

ADMISSION_MIN_MONTHS = 18 * 12
ADMISSION_MAX_MONTHS = 60 * 12
# The education a member admitted in the period needs at least (codes of vocab.GEN_EDU).
ADMISSION_MIN_EDUCATION = "lower_secondary"
# Recognition as a full member later than this after the 12 months of probation is questioned.
OFFICIAL_LATE_DAYS = 30  # the grace after probation: 30 working days, at least 30 days
# A temporary exemption longer than this at the cut-off is questioned.
TEMPORARY_EXEMPTION_MONTHS = 12
NO_REASON = "chưa ghi"  # the reason said of an exemption dated without one
MIN_FULL_MEMBERS = 3
# A member marked in the Youth Union older than this at the cut-off is questioned: its members
# are 16 to 30, its cadres may stay a few years longer.
YOUTH_UNION_MAX_AGE = 35
# A member older than this at the cut-off is questioned: a birth year typed wrong, most likely.
# Older than `layout.MAX_LIVING_AGE` (120) it is no longer a question but an error.
MAX_AGE = 110

_M = layout.MEMBERS


def whole_years(earlier: pd.Series, later: pd.Series) -> pd.Series:
    """`toolkit.core.dates.whole_years` of two datetime columns (missing where either is)."""
    years = later.dt.year - earlier.dt.year
    before_anniversary = (later.dt.month * 100 + later.dt.day) < (earlier.dt.month * 100 + earlier.dt.day)
    return (years - before_anniversary.astype("float64").where(years.notna())).astype("Int64")


def whole_months(earlier: pd.Series, later: pd.Series) -> pd.Series:
    """`toolkit.core.dates.whole_months` of two datetime columns (missing where either is)."""
    months = (later.dt.year - earlier.dt.year) * 12 + later.dt.month - earlier.dt.month
    short = (later.dt.day < earlier.dt.day).astype("float64").where(months.notna())
    return (months - short).astype("Int64")


def years_and_months(months: pd.Series) -> pd.Series:
    """Completed months as words: 215 → "17 tuổi 11 tháng", 216 → "18 tuổi"."""

    def words(n: object) -> str:
        if n is None or n is pd.NA:
            return ""
        years, rest = divmod(int(n), 12)  # type: ignore[call-overload]
        return f"{years} tuổi {rest} tháng" if rest else f"{years} tuổi"

    return months.map(words).astype(object)


def _probationary(m: pd.DataFrame) -> pd.Series:
    """Not a full member at D: no official date, or one after D."""
    off, ref = m["official_date"], m["_D"]
    return off.isna() | (ref.notna() & (off > ref))


_FOUNDED = pd.Timestamp(layout.PARTY_FOUNDED)


def _founded(m: pd.DataFrame, *keys: str) -> pd.Series:
    """Rows none of whose dates `keys` is before the Party was founded: an admission or official
    date before it is `member.before_party_founded` at its cell, and no other check compares
    it, at that cell or another (review326 N6: "vào Đảng 01/01/1929" of a member born in 1984
    was also `member.birth_after_admission`, and 77 years to recognition `official_late`)."""
    ok = pd.Series(True, index=m.index)
    for key in keys:
        ok &= ~(m[key] < _FOUNDED).fillna(False).astype(bool)
    return ok


def _counted_from_founded(cand: pd.DataFrame, starts: list[tuple[dt.date, Readmission | None]]) -> list[bool]:
    """Whether each candidate's probation (`_probation_starts`) counts from a date a check may
    compare: a `Kết nạp lại` row, or a roll admission date not before the Party was founded.
    A probation counted from a readmission does not compare the roll's admission date, so what
    it finds at the official date is a second error, of another cause (review334: admitted
    "1929", readmitted in 2024 and still probationary at the cut-off is overdue)."""
    roll = _founded(cand, "admission_date").tolist()
    return [f is not None or ok for (_, f), ok in zip(starts, roll, strict=True)]


def _living(m: pd.DataFrame) -> pd.Series:
    """Rows whose birth date gives an age someone living can have at D: one over
    `layout.MAX_LIVING_AGE` is `member.age_impossible` at the birth date, and no other check
    compares that date (fix338: 01/03/1905 for 1950 was also "vào Đảng khi đã 105 tuổi", and an
    old member marked in the Youth Union "quá 35 tuổi"; one error, for one cause)."""
    age = whole_years(m["birth_date"], m["_D"])
    return ~(age > layout.MAX_LIVING_AGE).fillna(False).astype(bool)


def _plausible(m: pd.DataFrame) -> pd.Series:
    """Rows whose birth date gives an age up to `MAX_AGE` at D: one over it is
    `member.age_implausible` (or `member.age_impossible`, `_living`) at the birth date, which
    asks to check the birth year, and the comparisons of that date leave it out (fix352: born
    1912 for 1992 was also "vào Đảng khi đã 103 tuổi" and "quá 35 tuổi", one slip said at three
    cells; fix338 had kept them up to 120)."""
    age = whole_years(m["birth_date"], m["_D"])
    return ~(age > MAX_AGE).fillna(False).astype(bool)


@check("member.birth_after_admission", "member.under_18", "member.admission_over_60")
def admission_age(ctx: Context) -> None:
    m = ctx.members
    if m.empty:
        return
    birth, adm = m["birth_date"], m["admission_date"]
    months = whole_months(birth, adm)
    founded = _founded(m, "admission_date") & _plausible(m)
    found = (
        ("member.birth_after_admission", founded & (birth > adm)),
        ("member.under_18", founded & (birth <= adm) & (months < ADMISSION_MIN_MONTHS)),
        ("member.admission_over_60", founded & (months > ADMISSION_MAX_MONTHS)),
    )
    # The age in words only where a rule holds: for every member it was a third of a second
    # of a province's 500,000, for the few rows a message names.
    hit = np.zeros(len(m), dtype=bool)
    for _, mask in found:
        hit |= mask.fillna(False).to_numpy(dtype=bool)
    age = pd.Series("", index=m.index, dtype=object)
    if hit.any():
        age[hit] = years_and_months(months[hit]).to_numpy()
    for code, mask in found:
        ctx.flag(m, mask, code, _M, "admission_date", value=adm, admission=adm, birth=birth, age=age)


# The dates of membership no one can have before the Party was founded, and what each is.
_MEMBERSHIP_DATES = (("admission_date", "ngày vào Đảng"), ("official_date", "ngày chính thức"))


@check("member.before_party_founded")
def before_party_founded(ctx: Context) -> None:
    """An admission or official date before the Party was founded (03/02/1930, hunt320 F3):
    the schema takes any date from 1900, which let a member admitted in 1929 pass. The other
    checks of that date leave it out (`_founded`): one error at the cell, for one cause."""
    m = ctx.members
    if m.empty:
        return
    for key, what in _MEMBERSHIP_DATES:
        date = m[key]
        ctx.flag(
            m,
            date.notna() & (date < _FOUNDED),
            "member.before_party_founded",
            _M,
            key,
            value=date,
            founded=fmt_date(layout.PARTY_FOUNDED),
            what=what,
            skip_reported=True,
        )


@check("member.age_implausible", "member.age_impossible")
def age_implausible(ctx: Context) -> None:
    """A member over `MAX_AGE` at D (hunt320 F3): a birth year typed wrong, most likely; over
    `layout.MAX_LIVING_AGE`, an age no one living has, an error (fix336: 01/03/1905, read as a
    date since fix330, was only a warning, and the file was consolidated with a member of 121
    in the oldest age band). The other checks of that birth date leave it out (`_plausible`)."""
    m = ctx.members
    if m.empty:
        return
    age = whole_years(m["birth_date"], m["_D"])
    impossible = ~_living(m)
    for code, mask, limit in (
        ("member.age_impossible", impossible, layout.MAX_LIVING_AGE),
        ("member.age_implausible", (age > MAX_AGE).fillna(False) & ~impossible, MAX_AGE),
    ):
        ctx.flag(
            m,
            mask,
            code,
            _M,
            "birth_date",
            value=m["birth_date"],
            cutoff=m["_D"],
            age=age,
            limit=limit,
            skip_reported=True,
        )


@check("member.admission_education")
def admission_education(ctx: Context) -> None:
    """Members admitted inside the change period need lower secondary school at least."""
    m = ctx.members
    if m.empty:
        return
    adm = m["admission_date"]
    in_period = adm.notna() & m["_start"].notna() & m["_D"].notna() & (adm >= m["_start"]) & (adm <= m["_D"])
    codes = vocab.GEN_EDU.codes
    below = codes[: codes.index(ADMISSION_MIN_EDUCATION)]
    ctx.flag(
        m,
        in_period & m["gen_edu"].isin(below),
        "member.admission_education",
        _M,
        "gen_edu",
        value=lambda row: vocab.GEN_EDU.label(row.gen_edu),
        admission=adm,
    )


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
    """Recognition before the 12 months of probation end (`dates.official_earliest`): from the
    roll's admission date, or, for a member readmitted (a `Kết nạp lại` row of the run, as
    `member.official_late` finds it) after it and no later than the official date, from the
    readmission (`dates.probation_start`: the roll may keep the first admission date)."""
    m = ctx.members
    if m.empty:
        return
    adm, off = m["admission_date"], m["official_date"]
    # Cheap vectorised pre-filter: official before the same day a year later (yyyymmdd, the
    # probation being one year), or a member who may have been readmitted later (the
    # probation's start is then found per candidate); the exact earliest date (end-of-month
    # rule) only for those.
    adm_next = (adm.dt.year + 1) * 10000 + adm.dt.month * 100 + adm.dt.day
    off_key = off.dt.year * 10000 + off.dt.month * 100 + off.dt.day
    maybe = (off_key < adm_next).fillna(False) | _maybe_readmitted(ctx, m)
    cand = m[(adm.notna() & off.notna() & maybe).fillna(False) & _founded(m, "official_date")]
    if cand.empty:
        return
    starts = _probation_starts(ctx, cand, by_official=True)
    notes, hidden = _readmitted_notes(ctx, starts, _COUNTS_FROM, _COUNTS_FROM_HIDDEN)
    earliest = [official_earliest(s) for s, _ in starts]
    checked = [
        "ngày chính thức và ngày kết nạp lại" if f is not None else "ngày chính thức và ngày vào Đảng"
        for _, f in starts
    ]
    too_early = [
        o.date() < e and ok
        for o, e, ok in zip(cand["official_date"], earliest, _counted_from_founded(cand, starts), strict=True)
    ]
    ctx.flag(
        cand,
        too_early,
        "member.official_too_early",
        _M,
        "official_date",
        value=cand["official_date"],
        admission=cand["admission_date"],
        readmitted=pd.Series(notes, index=cand.index, dtype=object),
        readmitted_hidden=pd.Series(hidden, index=cand.index, dtype=object),
        earliest=pd.Series(earliest, index=cand.index, dtype=object),
        checked=pd.Series(checked, index=cand.index, dtype=object),
    )


@check("member.official_before_readmission")
def official_before_readmission(ctx: Context) -> None:
    """An official date older than the member's `Kết nạp lại` row in the run (as
    `member.official_late` finds it) and not too early for the roll's admission date: the
    first membership's recognition, copied with the old roll row. Since the readmission the
    member is probationary again (the probation work list lists them from the readmission);
    the figures, which read the roll, still count a full member."""
    m = ctx.members
    if m.empty:
        return
    adm, off = m["admission_date"], m["official_date"]
    cand = m[
        # The roll's admission date is only the bound of `official_too_early` here: not compared.
        (adm.notna() & off.notna() & _maybe_readmitted(ctx, m)).fillna(False) & _founded(m, "official_date")
    ]
    if cand.empty:
        return
    hit: list[bool] = []
    texts: list[str] = []
    hidden: list[str] = []
    ends: list[dt.date | None] = []
    deadlines: list[dt.date | None] = []
    overdue: list[str] = []
    for a, o, ref, (held, found) in zip(
        cand["admission_date"], cand["official_date"], cand["_D"], _memberships(ctx, cand), strict=True
    ):
        # An official date too early for the roll's admission is `member.official_too_early`.
        later = found is not None and held.first_official and o.date() >= official_earliest(a.date())
        hit.append(later)
        if not later or found is None:
            texts.append("")
            hidden.append("")
            ends.append(None)
            deadlines.append(None)
            overdue.append("")
            continue
        date = found[0]
        where = f"({_readmission_place(ctx, found)})"
        texts.append(f"{fmt_date(date)} {where}")
        hidden.append(f"{HIDDEN} {where}")
        ends.append(official_earliest(date.date()))
        deadline = probation_deadline(date.date())
        deadlines.append(deadline)
        past = pd.notna(ref) and ref.date() > deadline
        overdue.append(f", đến ngày chốt {fmt_date(ref)} đã quá hạn" if past else "")
    ctx.flag(
        cand,
        hit,
        "member.official_before_readmission",
        _M,
        "official_date",
        value=cand["official_date"],
        readmitted=pd.Series(texts, index=cand.index, dtype=object),
        readmitted_hidden=pd.Series(hidden, index=cand.index, dtype=object),
        end=pd.Series(ends, index=cand.index, dtype=object),
        deadline=pd.Series(deadlines, index=cand.index, dtype=object),
        overdue=pd.Series(overdue, index=cand.index, dtype=object),
    )


def _readmission_candidates(ctx: Context) -> pd.DataFrame:
    """The roll rows of an admission date (of the Party's time) whose member may have a `Kết
    nạp lại` row in the run (`_maybe_readmitted`): those the checks of a roll's admission date
    against a readmission row look at."""
    m = ctx.members
    if m.empty:
        return m
    adm = m["admission_date"]
    return m[(adm.notna() & _maybe_readmitted(ctx, m)).fillna(False) & _founded(m, "admission_date")]


@check("member.admission_is_readmission")
def admission_is_readmission(ctx: Context) -> None:
    """A roll `Ngày vào Đảng` that is the date of the member's latest `Kết nạp lại` row in the run
    (as `member.official_late` finds it): the roll carries the readmission as the admission (fix385).
    Party age counts from the first admission less the time out of the Party, and the badge list
    and the forms' eras read the column, so it is to hold the first admission; the probation
    counts from the readmission either way (`dates.membership`), so nothing else changes."""
    cand = _readmission_candidates(ctx)
    if cand.empty:
        return
    found = _readmissions(ctx, cand)
    hit = [f is not None and f[0] == a for a, f in zip(cand["admission_date"], found, strict=True)]
    if not any(hit):
        return
    ctx.flag(
        cand,
        hit,
        "member.admission_is_readmission",
        _M,
        "admission_date",
        value=cand["admission_date"],
        event_row=pd.Series(
            [_readmission_place(ctx, f) if f is not None else "" for f in found],
            index=cand.index,
            dtype=object,
        ),
        skip_reported=True,
    )


@check("member.readmission_before_admission")
def readmission_before_admission(ctx: Context) -> None:
    """A member's latest `Kết nạp lại` row in the run (as `member.admission_is_readmission` finds
    it) dated before the roll's `Ngày vào Đảng` (`Membership.readmitted_before_admission`): one is
    readmitted after a first admission, which that column holds, so the dates contradict, and
    the readmission moves nothing (`dates.membership`: probation and party age count from the
    roll's date). A warning, as the other checks of a roll's date against a readmission row: the
    row is matched by name and birth date, and either date may be the wrong one (fix390: said
    nothing of)."""
    cand = _readmission_candidates(ctx)
    if cand.empty:
        return
    held = _memberships(ctx, cand)
    hit = [h.readmitted_before_admission for h, _ in held]
    if not any(hit):
        return
    ctx.flag(
        cand,
        hit,
        "member.readmission_before_admission",
        _M,
        "admission_date",
        value=cand["admission_date"],
        readmitted=pd.Series(
            [fmt_date(f[0]) if f is not None else "" for _, f in held], index=cand.index, dtype=object
        ),
        event_row=pd.Series(
            [_readmission_place(ctx, f) if f is not None else "" for _, f in held],
            index=cand.index,
            dtype=object,
        ),
        skip_reported=True,
    )


def _maybe_readmitted(ctx: Context, m: pd.DataFrame) -> pd.Series:
    """Members whose birth date is that of a dated `Kết nạp lại` row of the run: a cheap
    vectorised pre-filter of those `_readmissions` may find one for (few rows)."""
    rows, _ = _readmission_rows(ctx)
    if rows.empty:
        return pd.Series(False, index=m.index)
    return m["birth_date"].isin(rows["birth_date"].unique()).fillna(False).astype(bool)


def _readmission_rows(ctx: Context) -> tuple[pd.DataFrame, list[str | None]]:
    """The run's dated `Kết nạp lại` rows with a birth date, and their name keys: those of the
    period, and those a file keeps from before it (`Context.kept_readmissions`, which only
    these checks read). A row dated after its file's cut-off is not one (`left_party.by_cutoff`,
    the work lists' rule: at the cut-off that readmission has not happened; the row is
    `event.after_cutoff`, hunt164 F1)."""
    parts: list[tuple[pd.DataFrame, list[str | None]]] = []
    for e in (ctx.events, ctx.kept_readmissions):
        if e.empty:
            continue
        rows = by_cutoff(
            e[
                (
                    (e["event_type"] == "readmitted") & e["event_date"].notna() & e["birth_date"].notna()
                ).to_numpy(dtype=bool)
            ]
        )
        if not rows.empty:
            parts.append((rows, ctx.name_keys(e).loc[rows.index].tolist()))
    if not parts:
        return ctx.events.iloc[0:0], []
    if len(parts) == 1:
        return parts[0]
    return pd.concat([p for p, _ in parts], ignore_index=True), [k for _, ks in parts for k in ks]


def _readmissions(ctx: Context, cand: pd.DataFrame) -> list[tuple[pd.Timestamp, int, int] | None]:
    """Each candidate member's latest dated `Kết nạp lại` row in the run (same name key and
    birth date, any file: as the work lists' `collect.readmitted_people` finds it, a row kept
    from before its file's period included): (date, index of its submission, its Excel row),
    None when there is none. Only the few readmission rows are keyed. A row whose name lacks
    some accents of one person's, or that person's some of the row's (said by
    `event.readmission_before_period` or `event.name_without_accents`), is that person's
    (`vocab.accent_aliases`, row by row: the one of its own file's roll or leavers, else of the
    ward's roll; never a row two people could be: hunt62 #4, hunt64 #1, hunt66 #1, hunt68)."""
    rows, keys = _readmission_rows(ctx)
    if rows.empty:
        return [None] * len(cand)
    columns = [rows[c].tolist() for c in ("birth_date", "event_date", "_sub", "_row")]
    births = set(columns[0])
    aliases = vocab.accent_aliases(
        ((k, b, int(sub)) for k, b, sub in zip(keys, columns[0], columns[2], strict=True) if k is not None),
        [*roll_born(ctx, births), *leavers_born(ctx, births)],
    )
    latest: dict[tuple[str, pd.Timestamp], tuple[pd.Timestamp, int, int]] = {}
    for key, (birth, date, sub, row) in zip(keys, zip(*columns, strict=True), strict=True):
        if key is None:
            continue
        person = aliases.get((key, birth, int(sub)), key)
        held = latest.get((person, birth))
        if held is None or date > held[0]:
            latest[(person, birth)] = (date, int(sub), int(row))
    names = ctx.name_keys(ctx.members).loc[cand.index]
    return [
        latest.get((k, b)) if k is not None else None for k, b in zip(names, cand["birth_date"], strict=True)
    ]


Readmission = tuple[pd.Timestamp, int, int]  # date, index of its submission, its Excel row


def _day(value: object) -> dt.date | None:
    """A date of a frame's date column (a Timestamp, or NaT: None)."""
    return value.date() if isinstance(value, pd.Timestamp) and not pd.isna(value) else None


def _memberships(ctx: Context, cand: pd.DataFrame) -> list[tuple[Membership, Readmission | None]]:
    """Each candidate's dates as they count (`dates.membership`, the work lists' rule: the roll's
    admission and official dates, and the latest `Kết nạp lại` row of the run, `_readmissions`),
    and that row (None when there is none)."""
    return [
        (membership(_day(a), found[0].date() if found is not None else None, _day(o)), found)
        for a, o, found in zip(
            cand["admission_date"], cand["official_date"], _readmissions(ctx, cand), strict=True
        )
    ]


def _probation_starts(
    ctx: Context, cand: pd.DataFrame, *, by_official: bool
) -> list[tuple[dt.date, Readmission | None]]:
    """Each candidate's first day of probation (`Membership.start`) and the `Kết nạp lại` row it
    counts from (None: the roll's admission date). `by_official`: the probation whose end the
    roll's official date recognises (`Membership.recognised_from`: not a readmission later than
    the official date, which is then the first membership's, `member.official_before_readmission`).
    Candidates have an admission date."""
    out: list[tuple[dt.date, Readmission | None]] = []
    for held, found in _memberships(ctx, cand):
        if by_official:
            start, again = held.recognised_from, held.recognised_readmitted
        else:
            start, again = held.start, held.readmitted
        assert start is not None  # every candidate has an admission date
        out.append((start, found if again else None))
    return out


def _readmission_place(ctx: Context, found: Readmission) -> str:
    """Where a `Kết nạp lại` row is: `HD03.xlsx, Biến động dòng 5`."""
    return f"{ctx.subs[found[1]].path.name}, {layout.SHEET_EVENTS} dòng {found[2]}"


def _readmitted_notes(
    ctx: Context, starts: list[tuple[dt.date, Readmission | None]], text: str, hidden: str
) -> tuple[list[str], list[str]]:
    """The `{readmitted}` words of each candidate (and their `_hidden` variant, without
    personal data): `text`/`hidden` with `{date}` and `{where}`, empty when the probation counts
    from the roll's admission date."""
    shown = [
        text.format(date=fmt_date(f[0]), where=_readmission_place(ctx, f)) if f is not None else ""
        for _, f in starts
    ]
    kept = [hidden.format(date=HIDDEN, where="") if f is not None else "" for _, f in starts]
    return shown, kept


_COUNTS_FROM = " (kết nạp lại ngày {date}, {where}: 12 tháng dự bị tính từ ngày này)"
_COUNTS_FROM_HIDDEN = " (kết nạp lại ngày {date}: 12 tháng dự bị tính từ ngày này)"


@check("member.probation_overdue")
def probation_overdue(ctx: Context) -> None:
    """Probationary past the deadline of recognition: 12 months and 30 working days from the
    admission (`dates.probation_deadline`), or from the person's `Kết nạp lại` row in any file
    of the run when that is later (`dates.probation_start`: a readmitted member's roll may keep
    the first admission date), as the probation work list counts them."""
    m = ctx.members
    if m.empty:
        return
    adm, ref = m["admission_date"], m["_D"]
    # Cheap pre-filter (admitted more than a year before D), exact deadline per candidate.
    cand = m[_probationary(m) & adm.notna() & ref.notna() & (adm < ref - pd.Timedelta(days=365))]
    if cand.empty:
        return
    starts = _probation_starts(ctx, cand, by_official=False)
    notes, hidden = _readmitted_notes(ctx, starts, _COUNTS_FROM, _COUNTS_FROM_HIDDEN)
    deadline = pd.Series([probation_deadline(s) for s, _ in starts], index=cand.index, dtype=object)
    overdue = [
        r.date() > d and ok
        for r, d, ok in zip(cand["_D"], deadline, _counted_from_founded(cand, starts), strict=True)
    ]
    # A deadline years past, not counted from a readmission: most likely a readmitted member
    # whose roll keeps the first admission date and whose `Kết nạp lại` row is missing (a new
    # period's files dropped it); "ghi ngày chính thức" alone cannot be followed then.
    hint = [
        _READMISSION_HINT if f is None and (r.date() - d).days > _LONG_PAST_DAYS else ""
        for r, d, (_, f) in zip(cand["_D"], deadline, starts, strict=True)
    ]
    ctx.flag(
        cand,
        overdue,
        "member.probation_overdue",
        _M,
        "official_date",
        admission=cand["admission_date"],
        readmitted=pd.Series(notes, index=cand.index, dtype=object),
        readmitted_hidden=pd.Series(hidden, index=cand.index, dtype=object),
        cutoff=cand["_D"],
        deadline=deadline,
        hint=pd.Series(hint, index=cand.index, dtype=object),
    )


# `member.probation_overdue`'s hint when the deadline is more than two years before the cut-off.
_LONG_PAST_DAYS = 2 * 365
_READMISSION_HINT = (
    " Nếu đảng viên này được kết nạp lại, 12 tháng dự bị tính từ ngày kết nạp lại: hãy giữ (hoặc "
    f"ghi) dòng \u201c{vocab.EVENT_TYPE.label('readmitted')}\u201d ở sheet "
    f"\u201c{layout.SHEET_EVENTS}\u201d, kể cả khi ngày đó trước kỳ số liệu."
)


@check("member.official_late")
def official_late(ctx: Context) -> None:
    """Recognition after the deadline of probation (12 months, then 30 working days:
    `dates.probation_deadline`, as `member.probation_overdue` reads it): a typing slip, or a
    late decision. For a member readmitted (a `Kết nạp lại` row of the run, as
    `member.probation_overdue` finds it) after the roll's admission date and no later than the
    official date, the probation is the readmission's: the roll may keep the first admission
    date (§5)."""
    m = ctx.members
    if m.empty:
        return
    adm, off = m["admission_date"], m["official_date"]
    # Pre-filter: later than a year and 29 days (the end of probation is at most a year and a
    # day after admission, and 30 working days are at least 30 days); a later readmission only
    # moves the deadline later. The exact deadline per candidate.
    cand = m[
        (adm.notna() & off.notna() & (off > adm + pd.Timedelta(days=365 + OFFICIAL_LATE_DAYS - 2))).fillna(
            False
        )
        & _founded(m, "official_date")
    ]
    if cand.empty:
        return
    starts = _probation_starts(ctx, cand, by_official=True)
    notes, hidden = _readmitted_notes(
        ctx, starts, ", kết nạp lại ngày {date} ({where})", ", kết nạp lại ngày {date}"
    )
    end = pd.Series([official_earliest(s) for s, _ in starts], index=cand.index, dtype=object)
    deadline = pd.Series([probation_deadline(s) for s, _ in starts], index=cand.index, dtype=object)
    late = [
        o.date() > d and ok
        for o, d, ok in zip(cand["official_date"], deadline, _counted_from_founded(cand, starts), strict=True)
    ]
    ctx.flag(
        cand,
        late,
        "member.official_late",
        _M,
        "official_date",
        value=cand["official_date"],
        admission=cand["admission_date"],
        readmitted=pd.Series(notes, index=cand.index, dtype=object),
        readmitted_hidden=pd.Series(hidden, index=cand.index, dtype=object),
        end=end,
        deadline=deadline,
    )


@check("member.card_on_probationary")
def card_on_probationary(ctx: Context) -> None:
    m = ctx.members
    if m.empty:
        return
    card = m["card_no"]
    mask = card.notna() & _probationary(m) & m["_D"].notna()
    # A probationary member is one without an official date: not one whose date was unreadable.
    ctx.flag(m, mask, "member.card_on_probationary", _M, "card_no", value=card, reads=("official_date",))


@check("member.exempt_age")
def exempt_age(ctx: Context) -> None:
    """Exempted for old age below the ward's old-age thresholds (settings, 60/55 by default),
    at D, or at the exemption's start when it starts after D (granted on reaching the age after
    the cut-off: not in force at D, §6, and judged when it is)."""
    m = ctx.members
    if m.empty:
        return
    start = m["exempt_from"]
    later = (start.notna() & m["_D"].notna() & (start > m["_D"])).to_numpy(dtype=bool)
    age = whole_years(m["birth_date"], m["_D"].where(~later, start))
    limit = m["gender"].map(ctx.thresholds.old_age_by_gender).astype("Int64")
    full = vocab.FULL_EXEMPTION_REASON
    old_age = (m["exempt_reason"] == full) & limit.notna() & (age < limit)
    reason = vocab.EXEMPT_REASON.label(full)
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
        when=pd.Series(np.where(later, "ngày bắt đầu miễn", "ngày chốt"), index=m.index, dtype=object),
        # The start, a member's date (`date`): the masked message names no date.
        date=pd.Series(np.where(later, " " + start.dt.strftime("%d/%m/%Y"), ""), index=m.index, dtype=object),
        date_hidden="",
    )


@check("member.youth_union_age")
def youth_union_age(ctx: Context) -> None:
    """Marked a member of the Youth Union (Đoàn TNCS Hồ Chí Minh, 16 to 30, its cadres a few
    years longer) though over `YOUTH_UNION_MAX_AGE` at D: most likely a tick in the wrong row
    or column, which would reach Biểu 2 and 3's youth-union lines."""
    m = ctx.members
    if m.empty or "youth_union" not in m:
        return
    age = whole_years(m["birth_date"], m["_D"])
    over = (m["youth_union"] == "yes") & (age > YOUTH_UNION_MAX_AGE) & _plausible(m)
    ctx.flag(
        m,
        over,
        "member.youth_union_age",
        _M,
        "youth_union",
        value=vocab.YES_NO.label("yes"),
        cutoff=m["_D"],
        age=age,
        birth=m["birth_date"],
        limit=YOUTH_UNION_MAX_AGE,
    )


def _exempt_before(start: pd.Series, admitted: pd.Series) -> pd.Series:
    """`core.dates.exempt_before` of each row: the exemption (`start`) is dated before the
    admission or readmission (`admitted`); False where either date is missing. The work lists
    apply the same test to one member (`worklists.exemptions.early_exemption`)."""
    return start.notna() & admitted.notna() & (start < admitted)


@check("member.temporary_exemption_long")
def temporary_exemption_long(ctx: Context) -> None:
    """A temporary exemption (any reason but old age and ill health, or none: an exemption dated
    without its reason is counted as temporary, `member.exempt_incomplete`) over 12 months at D,
    as the exemptions work list says."""
    m = ctx.members
    if m.empty:
        return
    ref, reason = m["_D"], m["exempt_reason"]
    # No month before the admission counts (`member.exempt_before_admission` says the dates
    # contradict), nor before a later readmission (`member.exempt_before_readmission`).
    adm = m["admission_date"]
    start = m["exempt_from"].where(~_exempt_before(m["exempt_from"], adm), adm)
    temporary = reason.isna() | (
        (reason != vocab.FULL_EXEMPTION_REASON) & reason.isin(vocab.EXEMPT_REASON.codes)
    )
    # Pre-filter: more than 365 days (12 months are at least 365 days); exact per candidate.
    cand = m[(temporary & start.notna() & ref.notna() & (ref - start > pd.Timedelta(days=365))).fillna(False)]
    if cand.empty:
        return
    starts = [s.date() for s in start[cand.index]]
    again = _readmitted_after_admission(ctx, cand)
    starts = [max(s, a.date()) if a is not None else s for s, a in zip(starts, again, strict=True)]
    end = pd.Series(
        [add_months(s, TEMPORARY_EXEMPTION_MONTHS) for s in starts],
        index=cand.index,
        dtype=object,
    )
    over = [r.date() > e for r, e in zip(cand["_D"], end, strict=True)]
    ctx.flag(
        cand,
        over,
        "member.temporary_exemption_long",
        _M,
        "exempt_from",
        value=cand["exempt_from"],
        reason=lambda row: (
            vocab.EXEMPT_REASON.label(row.exempt_reason) if pd.notna(row.exempt_reason) else NO_REASON
        ),
        cutoff=cand["_D"],
        end=end,
    )


@check("member.exempt_before_admission")
def exempt_before_admission(ctx: Context) -> None:
    """An exemption that starts before the member's admission: one of the two dates is wrong
    (only a member can be exempted). The exemption's months count from the admission
    (`member.temporary_exemption_long`, the exemptions list). Not of a member readmitted after
    that admission: the present membership starts on the readmission (`dates.membership`), which
    the exemption precedes too, `member.exempt_before_readmission` (fix385: this said "tính từ
    ngày vào Đảng" while both lists timed it from the readmission and named it)."""
    m = ctx.members
    if m.empty:
        return
    start, adm = m["exempt_from"], m["admission_date"]
    cand = m[_exempt_before(start, adm)]
    if cand.empty:
        return
    # A member readmitted after that admission: the exemption precedes the readmission, the
    # present membership's first day (`dates.membership`), `member.exempt_before_readmission`.
    again = _readmitted_after_admission(ctx, cand)
    ctx.flag(
        cand,
        [a is None for a in again],
        "member.exempt_before_admission",
        _M,
        "exempt_from",
        value=cand["exempt_from"],
        admission=cand["admission_date"],
    )


@check("member.exempt_before_readmission")
def exempt_before_readmission(ctx: Context) -> None:
    """An exemption that starts before the member's `Kết nạp lại` row in the run (as
    `member.official_late` finds it) dated after the roll's admission date (the roll may keep the
    first admission date, §5; `dates.membership`, the work lists' rule), before that admission
    too: exempted while not a member, one of the two dates is wrong. The exemption's months count
    from the readmission (`member.temporary_exemption_long`, the exemptions list)."""
    m = ctx.members
    if m.empty:
        return
    start = m["exempt_from"]
    cand = m[(start.notna() & _maybe_readmitted(ctx, m)).fillna(False)]
    if cand.empty:
        return
    held = _memberships(ctx, cand)
    found = [f for _, f in held]
    hit = [
        h.readmitted and exempt_before(_day(s), h.start)
        for s, (h, _) in zip(cand["exempt_from"], held, strict=True)
    ]
    if not any(hit):
        return
    where = [f"({_readmission_place(ctx, f)})" if f is not None else "" for f in found]
    ctx.flag(
        cand,
        hit,
        "member.exempt_before_readmission",
        _M,
        "exempt_from",
        value=cand["exempt_from"],
        readmitted=pd.Series(
            [f"{fmt_date(f[0])} {w}" if f is not None else "" for f, w in zip(found, where, strict=True)],
            index=cand.index,
            dtype=object,
        ),
        readmitted_hidden=pd.Series(
            [f"{HIDDEN} {w}" if f is not None else "" for f, w in zip(found, where, strict=True)],
            index=cand.index,
            dtype=object,
        ),
    )


def _readmitted_after_admission(ctx: Context, cand: pd.DataFrame) -> list[pd.Timestamp | None]:
    """Each candidate's latest `Kết nạp lại` row's date in the run (`_readmissions`) when the
    present membership starts on it (`Membership.readmitted`: after the roll's admission date,
    or the roll has none), else None."""
    maybe = _maybe_readmitted(ctx, cand).to_numpy(dtype=bool)
    out: list[pd.Timestamp | None] = [None] * len(cand)
    if not maybe.any():
        return out
    few = cand[maybe]
    for i, (held, f) in zip(np.flatnonzero(maybe).tolist(), _memberships(ctx, few), strict=True):
        out[i] = f[0] if f is not None and held.readmitted else None
    return out


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


@check("member.working_away_unmarked", "member.working_away_contradicts")
def working_away_flag(ctx: Context) -> None:
    """A member exempted for working away is working away whatever `Đi làm ăn xa` says
    (`toolkit.core.working_away`): that column left empty, or `Không` (a contradiction: the
    member may have come back, and the exemption not been ended), is a warning at it, grouped
    per file past five cells as other cells left to fill are."""
    m = ctx.members
    if m.empty:
        return
    by_reason = (m["exempt_reason"] == working_away.REASON).to_numpy(dtype=bool, na_value=False)
    if not by_reason.any():
        return
    flag = m["working_away"]
    # The reason and the column's labels are the rule's own (as `member.exempt_age`'s reason):
    # the messages quote no member's value.
    reason = vocab.EXEMPT_REASON.label(working_away.REASON)
    yes = vocab.YES_NO.label(working_away.YES)
    # The reader's unreadable cell (an error value) is empty here: its error says so, not this.
    ctx.flag_cells(
        m,
        by_reason & flag.isna().to_numpy(dtype=bool),
        "member.working_away_unmarked",
        _M,
        "working_away",
        skip_reported=True,
        reason=reason,
        yes=yes,
    )
    ctx.flag_cells(
        m,
        by_reason & (flag == working_away.NO).to_numpy(dtype=bool, na_value=False),
        "member.working_away_contradicts",
        _M,
        "working_away",
        reason=reason,
        yes=yes,
        no=vocab.YES_NO.label(working_away.NO),
        from_column=_M.field("exempt_from").header,
        reason_column=_M.field("exempt_reason").header,
    )


# "Thị" as a middle name is a woman's (the traditional one, as "Văn" is a man's; "Văn" is met
# in women's names too, so only "Thị" is a sign). A man's gender beside it is a cell typed
# wrong or a column sorted or pasted on its own, and the women counted in the forms are short.
# The reader has cleaned names (NFC, single spaces); the case is as typed.
_WOMANS_MIDDLE_NAME = re.compile(r" [Tt][Hh][Ịị] ")


@check("member.gender_name")
def gender_name(ctx: Context) -> None:
    m = ctx.members
    if m.empty:
        return
    male = (m["gender"] == "male").to_numpy()
    if not male.any():
        return
    names = m["full_name"].to_numpy(dtype=object)[male].tolist()
    try:  # one search over the men's names first: most rolls have no such name at all
        found = _WOMANS_MIDDLE_NAME.search("\n".join(names))
    except TypeError:  # an empty name (None)
        found = _WOMANS_MIDDLE_NAME.search("\n".join(n for n in names if type(n) is str))
    if found is None:
        return
    womans = np.zeros(len(m), dtype=bool)
    search = _WOMANS_MIDDLE_NAME.search
    womans[np.flatnonzero(male)] = [type(n) is str and search(n) is not None for n in names]
    # The gender is not the member's value to hide: the rule says it (a man's).
    ctx.flag_cells(m, womans, "member.gender_name", _M, "gender", gender=vocab.GENDER.label("male"))


@check("member.note_left")
def note_left(ctx: Context) -> None:
    """A member whose `Ghi chú` says the member left (moved away, died, struck off, expelled:
    `left_party.note_says_left`, the rule the work lists mark such rows by): the row is still
    on the roll, so still counted. Each distinct note is looked at once. Not a note struck
    through alone, which the secretary withdrew, nor the words struck out of one
    (`left_party.notes_in_force`)."""
    m = ctx.members
    if m.empty:
        return
    # A note struck through alone is withdrawn (fix385): read as no note; the words struck out
    # of one are withdrawn too (fix390): read as its unstruck text, which the warning quotes.
    in_force = ctx.notes_in_force(m)
    hit = notes_say_left(in_force)
    if not hit.any():
        return
    ctx.flag(m, hit, "member.note_left", _M, "note", value=in_force)


def _rows_in_row_no(issues: Sequence[Issue]) -> bool:
    """Whether the reader found rows of the members sheet written in STT alone."""
    members = vocab.match_key(layout.SHEET_MEMBERS)
    return any(i.code == "cell.text_in_row_no" and vocab.match_key(i.sheet or "") == members for i in issues)


# The `Biến động` rows that put a member on an organisation's roll, and those that take one off.
_JOINING = (*vocab.ADMISSION_EVENTS, "transfer_in", "restored")


def _left_in_period(ctx: Context, index: int) -> tuple[int, Counter[str], Counter[str]]:
    """The roll of submission ``index`` when its period began, reconstructed from an empty
    roll at the cut-off as `toolkit.stats.moves` reconstructs it (the members who left in the
    period less those who joined in it), and the period's leaving and joining rows by kind. The
    roll is 0 when on some day of the period it would be below zero: someone joined who never
    left, so the rows do not account for an empty roll (the list is missing)."""
    e = ctx.events
    if e.empty or ctx.subs[index].sheet("events") is None:
        return 0, Counter(), Counter()
    e = e[(e["_sub"] == index).to_numpy(dtype=bool)]
    date, start, ref = e["event_date"], e["_start"], e["_D"]
    inside_rows = date.notna() & (start.isna() | (date >= start)) & (ref.isna() | (date <= ref))
    inside = inside_rows.to_numpy(dtype=bool)
    kinds = e["event_type"].to_numpy(dtype=object)[inside]
    days = [d.date() for d in date[inside]]
    leaving_kind, joining_kind = np.isin(kinds, vocab.LEAVING_EVENTS), np.isin(kinds, _JOINING)
    joins = sorted(d for d, k in zip(days, joining_kind, strict=True) if k)
    leaves = sorted(d for d, k in zip(days, leaving_kind, strict=True) if k)
    moves = RollMoves(joins=tuple(joins), leaves=tuple(leaves))
    if not leaves or any(moves.roll_at(0, day) < 0 for day in sorted(set(days))):
        return 0, Counter(), Counter()
    return (
        len(leaves) - len(joins),
        Counter(kinds[leaving_kind].tolist()),
        Counter(kinds[joining_kind].tolist()),
    )


def _kinds_text(counts: Counter[str], kinds: Sequence[str]) -> str:
    """'4 chuyển đi, 1 từ trần' of the rows of `kinds` counted in `counts`, in that order (a
    label's first letter lowered only: "xin ra khỏi Đảng" keeps the Party's capital)."""
    labels = ((kind, vocab.EVENT_TYPE.label(kind)) for kind in kinds if counts.get(kind))
    return ", ".join(f"{counts[kind]} {label[:1].lower()}{label[1:]}" for kind, label in labels)


def _of_another_cutoff(ctx: Context, index: int) -> bool:
    """Whether the submission states a cut-off other than the run's (an error that excludes it),
    or is a report of another period beside its organisation's file (`org.other_period_file`,
    without a run's cut-off too: review147)."""
    own = as_date(ctx.subs[index].info.get("cutoff_date"))
    return index in ctx.other_period or (ctx.cutoff is not None and own is not None and own != ctx.cutoff)


@check("org.no_members", "org.no_members_at_cutoff", "org.few_full_members")
def organisation(ctx: Context) -> None:
    """A file with a members sheet needs members, and at least three of them full members.

    A roll empty at the cut-off whose `Biến động` shows members on it when the period began,
    every one of them and every one who joined since gone by a leaving row (`_left_in_period`),
    is the last report of an
    organisation dissolved or merged away: it is consolidated with 0 members, its changes
    counted, and a warning says so. A file that shows nobody in the period has no members."""
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
            if _rows_in_row_no(ctx.subs[index].issues):
                continue  # the names are there, in the wrong column: `cell.text_in_row_no` says so
            opening, leaving, joining = _left_in_period(ctx, index)
            if opening <= 0:
                ctx.add(index, "org.no_members", sheet=layout.SHEET_MEMBERS)
                continue
            if _of_another_cutoff(ctx, index):
                # Not consolidated (`org.cutoff_mismatch` or its kin), and its roll is empty
                # at its own cut-off, not the run's: nothing here is true of it (hunt134 F2).
                continue
            ref_day = ctx.ref_date[index]
            start = ctx.start[index]
            # Those who joined in the period left too: said with their kinds, and the leavers
            # counted, so that "all" of the opening roll is not said to be more rows than it
            # had members (hunt134 F5: "9 đảng viên … tất cả … (10 chuyển đi)").
            joined = (
                f", thêm {joining.total()} người vào danh sách trong kỳ ({_kinds_text(joining, _JOINING)}),"
                if joining
                else ""
            )
            ctx.add(
                index,
                "org.no_members_at_cutoff",
                sheet=layout.SHEET_MEMBERS,
                events_sheet=layout.SHEET_EVENTS,
                count=opening,
                when=f"ngày chốt {fmt_date(ref_day)}" if pd.notna(ref_day) else "ngày chốt",
                opening_day=f" (ngày {fmt_date(start)})" if pd.notna(start) else "",
                joined=joined,
                left=f" {leaving.total()} người" if joining else "",
                kinds=_kinds_text(leaving, vocab.LEAVING_EVENTS),
            )
        elif full_counts[index] < MIN_FULL_MEMBERS:
            ctx.add(index, "org.few_full_members", sheet=layout.SHEET_MEMBERS, count=full_counts[index])
