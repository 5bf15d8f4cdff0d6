"""Rules of the `Số liệu năm` sheet beyond its columns: the year inside the period, one row a
year, a row for every year of the period that has ended, consistent counts, and ratings that
fit the members of that year (all ratings within the members; those rated within the members
not exempted, who are not expected to be rated). The "excellent" cap is 20% of those rated
good or better, the pool the excellent are chosen from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit.core import layout, vnformat, vocab
from toolkit.io.normalize import fmt_date
from toolkit.validation.context import Context, Row, check

EXCELLENT_MAX_SHARE = 0.2
# The ratings of those rated (the yearly sheet's "not rated" column is not one of them).
RATED_CODES = ("excellent", "good", "pass", "fail")

# The counts the checks below compare with each other. A count the reader could not read (an
# error value such as #REF! or #N/A, a formula without a saved value, a number it refused) is 0
# in the frame, as an empty count is; it already has its error, and a comparison with that 0
# would say something false of its neighbours ("2 completed, more than the 0 trained"): a row
# with such a cell gets none of these findings.
_UNREAD_IS_NOT_ZERO = (
    "new_members_trained",
    "new_members_completed",
    *(layout.RATING_KEYS[code] for code in vocab.RATING.codes),
)

_DAY_NS = 86_400_000_000_000
_KEY_SHIFT = np.int64(1 << 32)
_DAY_OFFSET = np.int64(1 << 31)


def _year_of(column: str) -> Callable[[Row], Any]:
    """The year of a date column of the row, `?` when it is missing."""

    def year(row: Row) -> Any:
        value = row[column]
        return "?" if pd.isna(value) else value.year

    return year


def flag_outside_period(ctx: Context, y: pd.DataFrame, mask: Any, *, skip_reported: bool = False) -> None:
    """`year.outside_period` at the year of each row in ``mask`` (also used by the column rules
    for a year outside the years the template accepts)."""
    ctx.flag(
        y,
        mask,
        "year.outside_period",
        layout.YEARS,
        "year",
        value=y["year"],
        first=_year_of("_start"),
        last=_year_of("_D"),
        skip_reported=skip_reported,
    )


def _in_template_range(year: pd.Series) -> pd.Series:
    low, high = layout.YEAR_RANGE
    return (year.notna() & (year >= low) & (year <= high)).fillna(False)


@check("year.outside_period")
def outside_period(ctx: Context) -> None:
    y = ctx.years
    if y.empty:
        return
    year, start_year, ref_year = y["year"], y["_start"].dt.year, y["_D"].dt.year
    late_or_early = (start_year.notna() & (year < start_year)) | (ref_year.notna() & (year > ref_year))
    flag_outside_period(ctx, y, _in_template_range(year) & late_or_early)


def finished_years(start: dt.date, cutoff: dt.date) -> list[int]:
    """The calendar years of the period ``[start, cutoff]`` that have ended by the cut-off:
    from the start's year (a period starting mid-year still has that year's figures) to the
    year before the cut-off's, and the cut-off's own year when the cut-off is 31 December.
    Limited to the years a year cell accepts."""
    last = cutoff.year if (cutoff.month, cutoff.day) == (12, 31) else cutoff.year - 1
    low, high = layout.YEAR_RANGE
    return list(range(max(start.year, low), min(last, high) + 1))


def _years_words(years: list[int]) -> str:
    """ "năm 2025", "các năm 2020–2023, 2025": runs of consecutive years joined."""
    spans: list[list[int]] = []
    for year in years:
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    words = ", ".join(f"{a}" if a == b else f"{a}\u2013{b}" for a, b in spans)
    return f"năm {words}" if len(years) == 1 else f"các năm {words}"


@check("year.missing")
def missing(ctx: Context) -> None:
    """Every calendar year of the file's period that has ended by the cut-off has its row:
    without one, that year's ratings and training of the organisation are simply not in the
    ward's figures (an empty count is 0, but a missing row is nothing at all). One warning per
    file, naming the years. Not said of a file whose yearly sheet was not read, whose period
    is not known, whose roll is empty (`org.no_members`; `org.no_members_at_cutoff`, whose
    members were rated where they went), or that has a row whose year could not be read (that
    row may be the year: its own error says so)."""
    y = ctx.years
    # Each file's years as read (None where a year could not be) and its last row.
    typed: dict[int, list[Any]] = {}
    last_row: dict[int, int] = {}
    read_years = y["year"].astype(object).where(y["year"].notna(), None).tolist()
    for sub_index, year, row in zip(y["_sub"].tolist(), read_years, y["_row"].tolist(), strict=True):
        typed.setdefault(sub_index, []).append(year)
        last_row[sub_index] = max(last_row.get(sub_index, 1), row)
    members = ctx.members
    on_roll = set(members["_sub"].unique().tolist()) if len(members) else set()
    for index in ctx.indices:
        sub = ctx.subs[index]
        start, ref = ctx.start[index], ctx.ref_date[index]
        if sub.sheet("years") is None or pd.isna(start) or pd.isna(ref) or start > ref:
            continue
        if sub.sheet("members") is not None and index not in on_roll:
            continue
        years = typed.get(index, [])
        if any(v is None for v in years):
            continue
        present = {int(v) for v in years}
        absent = [year for year in finished_years(start.date(), ref.date()) if year not in present]
        if not absent:
            continue
        shown = f"sheet chỉ có {_years_words(sorted(present))}" if present else "sheet chưa có dòng nào"
        spec = ctx.spec_of(index, layout.YEARS, "year")
        letter = spec.letter("year")
        # The cell is where the row is to be added, under the table's last row, as the message
        # says: its link opens the sheet there, not at the header (hunt169 F7).
        next_cell = f"{letter}{last_row.get(index, 1) + 1}"
        ctx.add(
            index,
            "year.missing",
            sheet=layout.SHEET_YEARS,
            cell=next_cell,
            column=spec.field("year").header,
            value=", ".join(str(year) for year in absent),
            years=_years_words(absent),
            them="năm ấy" if len(absent) == 1 else "các năm ấy",
            present=shown,
            next_cell=next_cell,
            start=fmt_date(start),
            cutoff=fmt_date(ref),
        )


def _finished(y: pd.DataFrame) -> pd.Series:
    """Whether each row's year has ended by its file's cut-off inside its file's period (the
    years `finished_years` gives of that file), row by row."""
    year, start, ref = y["year"], y["_start"], y["_D"]
    ends_year = (ref.dt.month == 12) & (ref.dt.day == 31)
    last = ref.dt.year - (~ends_year).astype("int64")
    inside = (year >= start.dt.year) & (year <= last) & (start <= ref)
    return (inside & _in_template_range(year)).fillna(False).astype(bool)


@check("year.unrated")
def unrated(ctx: Context) -> None:
    """A row of a year that has ended whose five rating cells are all empty (or 0) while the
    organisation had members not exempted at that year's end: members are rated at each year's
    end, so the year's ratings were left out, and the ward's ratings of that year silently cover
    fewer members (hunt174 #1). A warning at the row's first rating cell, naming its cells. The
    cut-off's year, not ended, is not rated yet (`summary_lines.unrated_year`); a missing row is
    `year.missing`'s. Not said of a file whose members sheet was not read or whose roll is empty
    at the cut-off (as `year.missing`), nor of a row with a rating cell the reader could not
    read (it has its error)."""
    y = ctx.years
    if y.empty:
        return
    keys = [layout.RATING_KEYS[c] for c in vocab.RATING.codes]
    members = ctx.members
    on_roll = set(members["_sub"].unique().tolist()) if len(members) else set()
    rows = (
        _finished(y).to_numpy()
        & (y[keys].sum(axis=1) == 0).to_numpy(dtype=bool)
        & y["_sub"].isin(on_roll).to_numpy()
    )
    if not rows.any():
        return
    # The fewest members the dates allow: a warning that members were left unrated is not said
    # of members whose admission (or exemption, or leaving) date is unknown.
    expected = _estimates(ctx, y, rows, exclude_exempt=True, upper=False)
    hit = (expected > 0).to_numpy(dtype=bool, na_value=False) & rows
    if not hit.any():
        return

    def cells(row: Row) -> str:
        spec = ctx.spec_of(int(row["_sub"]), layout.YEARS, keys[0])
        at = int(row["_row"])
        return f"{spec.letter(keys[0])}{at}\u2013{spec.letter(keys[-1])}{at}"

    ctx.flag(
        y,
        hit,
        "year.unrated",
        layout.YEARS,
        keys[0],
        value=y["year"],
        cells=cells,
        members=expected,
        reads=tuple(keys),
    )


@check("year.duplicate")
def duplicate(ctx: Context) -> None:
    y = ctx.years
    if y.empty:
        return
    dup = y["year"].notna() & y.duplicated(["_sub", "year"], keep="first")
    if not dup.any():
        return
    # dropna=False: a row whose year was not read stays in a group, so the transform keeps the
    # rows' integer type ("dòng 2", not "dòng 2.0", when a year cell was typed wrong).
    first_rows = y.groupby(["_sub", "year"], dropna=False)["_row"].transform("first")
    ctx.flag(y, dup, "year.duplicate", layout.YEARS, "year", value=y["year"], first_row=first_rows)


def _not_negative(y: pd.DataFrame, keys: Sequence[str]) -> np.ndarray:
    """The rows none of whose ``keys`` counts is negative. A negative count has its own error
    (`year.negative`); compared with its neighbours it made findings that say something false
    of them ("0 completed, more than the -5 trained", hunt279 N7), so such a row gets none."""
    negative = np.zeros(len(y), dtype=bool)
    for key in keys:
        negative |= (y[key] < 0).to_numpy(dtype=bool, na_value=False)
    return ~negative


def _grouped(counts: pd.Series, where: Any) -> pd.Series:
    """Counts as a message says them, thousands grouped as the tables' ("1.200"; `vnformat.number`,
    hunt279: "2044 đảng viên được xếp loại"), at the rows ``where`` holds (the rows flagged: only
    those are formatted, a city's other rows cost nothing); elsewhere, and missing, empty."""
    flagged = pd.Series(where, index=counts.index).astype("boolean").fillna(False).to_numpy(dtype=bool)
    at = np.flatnonzero(flagged & counts.notna().to_numpy(dtype=bool))
    values = counts.to_numpy(dtype=object)
    out = np.full(len(counts), "", dtype=object)
    out[at] = [vnformat.number(int(values[i])) for i in at]
    return pd.Series(out, index=counts.index)


@check("year.completed_gt_trained")
def completed_gt_trained(ctx: Context) -> None:
    y = ctx.years
    if y.empty:
        return
    trained, completed = y["new_members_trained"], y["new_members_completed"]
    over = (completed > trained) & _not_negative(y, ("new_members_trained", "new_members_completed"))
    ctx.flag(
        y,
        over,
        "year.completed_gt_trained",
        layout.YEARS,
        "new_members_completed",
        value=completed,
        completed=_grouped(completed, over),
        trained=_grouped(trained, over),
        reads=_UNREAD_IS_NOT_ZERO,
    )


@check("year.excellent_share")
def excellent_share(ctx: Context) -> None:
    y = ctx.years
    if y.empty:
        return
    excellent, good = y["rated_excellent"], y["rated_good"]
    over = (
        (excellent > 0)
        & (excellent > EXCELLENT_MAX_SHARE * (excellent + good))
        & _not_negative(y, ("rated_excellent", "rated_good"))
    )
    ctx.flag(
        y,
        over,
        "year.excellent_share",
        layout.YEARS,
        "rated_excellent",
        value=excellent,
        excellent=_grouped(excellent, over),
        year=lambda row: "?" if pd.isna(row.year) else row.year,
        base=_grouped(excellent + good, over),
        reads=_UNREAD_IS_NOT_ZERO,
    )


def _estimates(
    ctx: Context, y: pd.DataFrame, rows: np.ndarray, exclude_exempt: bool, *, upper: bool
) -> pd.Series:
    """The members (or the members not exempted) at the end of each row's year, for the rows
    in ``rows``; missing (no estimate) elsewhere and for files without a members sheet. A date
    the estimate needs that is missing or could not be read (its own error says so) is taken
    the way that makes the estimate largest (``upper``) or smallest, never silently dropped
    one way for every check (hunt190 F2): see `_members_at_year_end`."""
    counts, known = _members_at_year_end(
        ctx, y[rows], ctx.members, ctx.events, exclude_exempt=exclude_exempt, upper=upper
    )
    estimate = np.full(len(y), -1, dtype="int64")
    estimate[np.flatnonzero(rows)] = np.where(known, counts, -1)
    return pd.Series(pd.arrays.IntegerArray(estimate, estimate < 0), index=y.index)


def _flag_ratings_over(
    ctx: Context, code: str, rating_codes: tuple[str, ...], key: str, *, exempt: bool
) -> None:
    """``code`` on the rows whose ratings of ``rating_codes`` sum to more than the year's
    members (``exempt``: less those exempted by the year's end), at the ``key`` cell with the
    value that cell holds (the sum is the message's ``rated``: no cell holds it)."""
    y = ctx.years
    if y.empty:
        return
    rated = y[[layout.RATING_KEYS[c] for c in rating_codes]].sum(axis=1)
    rows = (
        (rated > 0).to_numpy()
        & _in_template_range(y["year"]).to_numpy()
        & _not_negative(y, [layout.RATING_KEYS[c] for c in rating_codes])
    )
    if not rows.any():
        return
    # The most members the dates allow: ratings are said to exceed the members only when they
    # exceed every count the dates could give, not because a date is missing (hunt190 F2).
    members = _estimates(ctx, y, rows, exclude_exempt=exempt, upper=True)
    over = (rated > members).to_numpy(dtype=bool, na_value=False)
    ctx.flag(
        y,
        over,
        code,
        layout.YEARS,
        key,
        value=y[key],
        year=y["year"],
        rated=_grouped(rated, over),
        members=_grouped(members, over),
        reads=_UNREAD_IS_NOT_ZERO,
    )


@check("year.ratings_exceed_members")
def ratings_exceed_members(ctx: Context) -> None:
    """Every rating of the year (those not rated too) fits the year's members."""
    _flag_ratings_over(ctx, "year.ratings_exceed_members", tuple(vocab.RATING.codes), "year", exempt=False)


@check("year.rated_exceed_not_exempt")
def rated_exceed_not_exempt(ctx: Context) -> None:
    """Members exempted from Party work are not rated: those rated (excellent to fail, not
    counting "not rated") must fit the members not exempted at the year's end."""
    _flag_ratings_over(ctx, "year.rated_exceed_not_exempt", RATED_CODES, "rated_excellent", exempt=True)


def _members_at_year_end(
    ctx: Context,
    y: pd.DataFrame,
    m: pd.DataFrame,
    e: pd.DataFrame,
    *,
    exclude_exempt: bool = False,
    upper: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Members at the end of each year row's year (or at D in D's year): on today's roll and
    admitted by then, plus those who left later; with ``exclude_exempt``, less today's members
    exempted by then. Returns the counts and whether each row's submission has a members sheet
    to count from.

    A date this needs that is empty or could not be read (the reader's NaT; the cell has its
    own error) is not known, and the count is a bound (hunt190 F2): with ``upper``, a member
    with no admission date is a member of every year, a leaving with no date came after every
    year's end, and an exemption with no date (its reason chosen) is not one yet: the most
    members these dates allow, so that ratings above it are too many whatever the dates. Without
    ``upper`` each is taken the other way (not yet a member, gone already, exempted from the
    start): the fewest. Before, such a member simply dropped out of the count while the count
    was still taken as known, so a correct ratings total of a file with one empty admission
    date was said to exceed its members."""
    ends = pd.to_datetime(pd.DataFrame({"year": y["year"].astype("int64"), "month": 12, "day": 31})).astype(
        "datetime64[ns]"
    )
    ends = ends.where(y["_D"].isna() | (y["_D"] >= ends), y["_D"])
    subs = y["_sub"].to_numpy(dtype="int64")
    readable = np.array([s.sheet("members") is not None for s in ctx.subs], dtype=bool)
    end_days = days_since_epoch(ends)
    counts = np.zeros(len(y), dtype="int64")
    # Days before and after every year's end, inside `count_on_or_before`'s key range.
    early, late = -_DAY_OFFSET + 1, _DAY_OFFSET - 1
    if not m.empty:
        owner = m["_sub"].to_numpy(dtype="int64")
        admitted = _days_or(m["admission_date"], early if upper else late)
        counts += count_on_or_before(owner, admitted, subs, end_days)
        if exclude_exempt:
            undated = m["exempt_from"].isna() & m["exempt_reason"].notna()
            exempt = _days_or(m["exempt_from"], late)
            exempt[undated.to_numpy(dtype=bool)] = late if upper else early
            # Exempted by the year's end and a member by then: counted above, taken off here.
            counts -= count_on_or_before(owner, np.maximum(admitted, exempt), subs, end_days)
    if not e.empty:
        leaving = e.loc[e["event_type"].isin(vocab.LEAVING_EVENTS)]
        dated = _days_or(leaving["event_date"], late if upper else early)
        left_sub = leaving["_sub"].to_numpy(dtype="int64")
        per_sub = np.bincount(left_sub, minlength=len(ctx.subs))
        counts += per_sub[subs] - count_on_or_before(left_sub, dated, subs, end_days)
    return counts, readable[subs]


def _days_or(dates: pd.Series, unknown: np.int64) -> np.ndarray:
    """`days_since_epoch` of ``dates``, ``unknown`` where a date is missing."""
    missing = dates.isna().to_numpy(dtype=bool)
    days = days_since_epoch(dates.where(~dates.isna(), pd.Timestamp(0)))
    days[missing] = unknown
    return days


def days_since_epoch(dates: pd.Series) -> np.ndarray:
    """Whole days since 1970 of dates without a time of day (the reader's dates)."""
    return dates.to_numpy(dtype="datetime64[ns]").astype("int64") // _DAY_NS


def count_on_or_before(
    owner: pd.Series | np.ndarray, days: np.ndarray, subs: np.ndarray, end_days: np.ndarray
) -> np.ndarray:
    """For each (subs[i], end_days[i]): how many (owner, days) pairs have the same owner and a
    day on or before end_days[i]. One sort and two binary searches instead of a merge of every
    year row with every member of its file."""
    keys = np.sort(np.asarray(owner, dtype="int64") * _KEY_SHIFT + (days + _DAY_OFFSET))
    lo = np.searchsorted(keys, subs * _KEY_SHIFT, side="left")
    hi = np.searchsorted(keys, subs * _KEY_SHIFT + (end_days + _DAY_OFFSET), side="right")
    return hi - lo
