"""The official forms' figures for their reporting period, for every organisation at once.

Three families of indicators, all counts (plus one exact mean), each organisation's from its
own rows so that every ward figure is the sum of its organisations' (`ward_period`):

- ``period.*`` (Biểu 1): the changes dated inside the form period ``[FROM, TO]`` (``TO`` is the
  cut-off), one id per event type; transfers also by scope (``period.transfer_in.<scope>``,
  ``unknown`` for a file of template 2026.1, which records no scope);
  ``period.struck_off.probationary`` and ``period.struck_off.probationary.unknown`` (the
  strike-offs of files whose template has no `Là đảng viên dự bị`, 2026.1: neither counted
  probationary nor taken to be full members). A transfer between two organisations of the ward
  (scope ``internal``) counts only as ``period.transfer_in.internal`` /
  ``period.transfer_out.internal``: it is neither an increase (B) nor a decrease (C) at any
  level, when its other side (`toolkit.core.transfers.other_side_dates`) is in the files and
  dated inside the form period too. A side whose other side is not (the member left one
  organisation of the ward before the cut-off and the other receives them after it, or left
  before the period began and was received inside it) is counted as ``period.transfer_<in|out>``
  and ``period.transfer_<in|out>.in_transit``: at that boundary the member was on neither roll,
  so the ward's roll changed, and line A stays the roll at the period's start in every run of
  the period. A pair whose arrival is dated before its departure
  (`toolkit.core.transfers.dates_reversed`: a date typed wrong, said by
  `event.transfer_dates_reversed`) is one move inside the ward wherever its dates fall: never
  in transit, the member on one roll at the period's start. ``period.closing`` (D) is the
  roll at the cut-off and ``period.opening`` (A) is derived, ``A = D − B + C``, so Biểu 1
  balances by construction for every organisation and the ward. An organisation's opening is
  therefore net of its internal moves (a member who moved in from another organisation of the
  ward during the period is in its opening).
- ``admitted.*`` (Biểu 2): one person per `Kết nạp` / `Kết nạp lại` row dated inside the form
  period (so ``admitted.total`` always equals Biểu 1's B.1), counted in the organisation of
  that row, with the attributes of their roster row wherever it is in the ward (matched by
  normalised name and birth date: an admission followed by an internal transfer counts
  once; by accents, `vocab.accent_aliases`, when no roster row has the name as typed), else
  ``unknown`` but for the age, which the event row's birth date gives. Age is in
  whole years on the admission date; ``admitted.age_sum`` and ``admitted.age_known`` keep
  the mean exact when organisations or wards are added up. With nobody admitted
  (``admitted.age_known`` 0) the mean is undefined: it is stored as 0.0, as every id is
  present, and read with its count (`toolkit.forms.compute.no_mean`: Biểu 2's cell is empty).
- ``orgs.grassroots.<dang_bo_co_so|chi_bo_co_so>`` (Biểu 2, part III): 1 for an organisation
  of that tier with members at the cut-off (not the last report of one dissolved), with
  ``.with_admission`` (an admission in the form period), ``.no_candidates_left`` (its
  `Thông tin` says no candidates are left) and ``.no_candidates_left.unknown`` (its file's
  template has no such question, 2026.1, or it is an upgraded file not completed that leaves it
  empty: the answer is unknown, never a guessed "Không"). The ward's organisations of each tier
  that its run did not consolidate are counted apart, by the ward
  (``orgs.grassroots.<tier>.not_consolidated``, `toolkit.stats.ward`): part III's lines add them.
  ``orgs.grassroots.<tier>.no_members``: 1 for a consolidated organisation of that tier with
  nobody at the cut-off, which part III leaves out (Biểu 2's note says how many).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import TypeAlias

import numpy as np
import pandas as pd

from toolkit.core import transfers, vocab
from toolkit.stats.grouped import ORG_KEY
from toolkit.stats.indicators import (
    AGE_OFFICIAL_BANDS,
    BREAKDOWNS,
    FLAGS,
    GRASSROOTS_TIERS,
    OCCUPATION_PARTS,
    UNKNOWN,
    Indicators,
    as_date,
    datetimes,
    known_new_attributes,
    ratio,
    unknown_occupation_parts,
)
from toolkit.stats.sums import MEANS

# Biểu 1's B (joining the ward) and C (leaving it), in the form's order.
JOINS: tuple[str, ...] = ("admitted", "readmitted", "transfer_in", "restored")
LEAVES: tuple[str, ...] = ("died", "expelled", "struck_off", "resigned", "transfer_out")
TRANSFERS: tuple[str, ...] = ("transfer_in", "transfer_out")
INTERNAL = "internal"
# An internal side whose other side is not in the files or not dated inside the form period.
IN_TRANSIT = "in_transit"
# A transfer's scope as counted: the two outside the ward, and `unknown` (no scope recorded).
OUTSIDE_SCOPES: tuple[str, ...] = (*(c for c in vocab.TRANSFER_SCOPE.codes if c != INTERNAL), UNKNOWN)
# `orgs.grassroots.<tier>.no_members`: a consolidated organisation of the tier with nobody on
# its roll at the cut-off (dissolved, merged away, every member moved), not in part III.
NO_MEMBERS = "no_members"
AGE_MEAN = "admitted.age_mean"  # recomputed from admitted.age_sum / admitted.age_known

# The roster attributes of Biểu 2 besides the new ones: (column, vocabulary, id prefix).
_LEVELS: tuple[tuple[str, vocab.Vocabulary, str], ...] = (
    ("gender", vocab.GENDER, "admitted.gender"),
    ("gen_edu", vocab.GEN_EDU, "admitted.gen_edu"),
    ("prof_level", vocab.PROF_LEVEL, "admitted.prof"),
)
_ROSTER_COLUMNS = (
    "gender",
    "gen_edu",
    "prof_level",
    *(b[0] for b in BREAKDOWNS),
    "occupation_2026_1",
    *(f[0] for f in FLAGS),
)


def _admitted_prefix(members_prefix: str) -> str:
    return members_prefix.replace("members.", "admitted.", 1)


def period_ids() -> list[str]:
    """Every id this module computes, in a fixed order (each present, 0 when nothing counts)."""
    ids = ["period.opening", "period.closing"]
    for kind in vocab.EVENT_TYPE.codes:
        ids.append(f"period.{kind}")
        if kind in TRANSFERS:
            ids += [f"period.{kind}.{scope}" for scope in (*OUTSIDE_SCOPES, INTERNAL, IN_TRANSIT)]
    ids += ["period.struck_off.probationary", f"period.struck_off.probationary.{UNKNOWN}"]
    ids += ["admitted.total", "admitted.readmitted"]
    for _, voc, prefix in _LEVELS:
        ids += [f"{prefix}.{code}" for code in (*voc.codes, UNKNOWN)]
    for _, voc, members_prefix, _ in BREAKDOWNS:
        ids += [f"{_admitted_prefix(members_prefix)}.{code}" for code in (*voc.codes, UNKNOWN)]
    ids += [f"admitted.occupation.{UNKNOWN}.{part}" for part in OCCUPATION_PARTS]
    ids += ["admitted.ethnic_minority", "admitted.religious"]
    for _, members_id in FLAGS:
        ids += [_admitted_prefix(members_id), f"{_admitted_prefix(members_id)}.{UNKNOWN}"]
    ids += [f"admitted.age_official.{suffix}" for suffix, _, _ in AGE_OFFICIAL_BANDS]
    ids += ["admitted.age_sum", "admitted.age_known", "admitted.age_mean"]
    for tier in GRASSROOTS_TIERS:
        base = f"orgs.grassroots.{tier}"
        ids += [base, f"{base}.with_admission", f"{base}.no_candidates_left"]
        ids += [f"{base}.no_candidates_left.{UNKNOWN}", f"{base}.{NO_MEMBERS}"]
    return ids


def change_ids() -> frozenset[str]:
    """The ids of `period_ids` counted from the changes dated inside the form period (and the
    opening, derived from them): what an organisation whose file lists its changes from a later
    date lacks. The closing roll and the count of grassroots organisations are not changes."""
    roll = {"period.closing", *(f"orgs.grassroots.{t}" for t in GRASSROOTS_TIERS)}
    roll |= {f"orgs.grassroots.{t}.no_candidates_left{s}" for t in GRASSROOTS_TIERS for s in ("", ".unknown")}
    roll |= {f"orgs.grassroots.{t}.{NO_MEMBERS}" for t in GRASSROOTS_TIERS}
    return frozenset(k for k in period_ids() if k not in roll)


def ages_on(births: pd.Series, days: pd.Series) -> pd.Series:
    """Whole years from each birth date to the day beside it (NaN where either is missing);
    one is taken off when that year's birthday has not yet come, as in `ages_at`."""
    b, d = datetimes(births), datetimes(days)
    before = (b.dt.month * 100 + b.dt.day) > (d.dt.month * 100 + d.dt.day)
    return (d.dt.year - b.dt.year - before.astype("Int64")).astype(float)


def _person_keys(names: pd.Series, births: pd.Series) -> pd.Series:
    """(normalised name, birth day) of each row, None where either is missing; the name key is
    computed once per distinct name."""
    codes, uniques = pd.factorize(names.to_numpy(dtype=object))
    name_keys = np.array([None, *(vocab.person_name_key(v) for v in uniques)], dtype=object)[codes + 1]
    days = datetimes(births).dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    keys = [
        None if n is None or not isinstance(d, str) else (n, d)
        for n, d in zip(name_keys.tolist(), days.tolist(), strict=True)
    ]
    return pd.Series(keys, index=names.index, dtype=object)


def _dated_in(dates: pd.Series, form_period: tuple[dt.date, dt.date]) -> np.ndarray:
    start, end = (pd.Timestamp(as_date(d)) for d in form_period)
    return (dates.notna() & (dates >= start) & (dates <= end)).to_numpy(dtype=bool)


# One thing some rows count for: the rows (a boolean Series over the frame, None: every row)
# and the id they count in, one for all of them or each row's own (a Series of those rows).
Label: TypeAlias = tuple[pd.Series | None, str | pd.Series]


def _event_labels(
    events: pd.DataFrame, unrecorded: Collection[str] = (), settled: pd.Series | None = None
) -> Iterator[Label]:
    """The labels of the event rows (`Label`), one per thing an event row counts for; the rows
    of the organisations of `unrecorded` say nothing of a leaver's probation. `settled`: which
    internal transfers have their other side in the form period (None: every one), the others
    being in transit (module docstring)."""
    kinds = events["event_type"].astype(object)
    orgs = events[ORG_KEY]
    if "transfer_scope" in events:
        scope = events["transfer_scope"].astype(object)
    else:  # a frame of template 2026.1's shape: no scope recorded
        scope = pd.Series(None, index=events.index, dtype=object)
    transfer = kinds.isin(TRANSFERS)
    said_internal = transfer & (scope == INTERNAL)
    internal = said_internal if settled is None else said_internal & settled.astype(bool)
    in_transit = said_internal & ~internal
    counted = kinds.isin(vocab.EVENT_TYPE.codes) & ~internal
    yield counted, "period." + kinds[counted]
    outside = transfer & ~said_internal
    scopes = scope.where(scope.isin(OUTSIDE_SCOPES), UNKNOWN)
    yield outside, "period." + kinds[outside] + "." + scopes[outside]
    yield internal, "period." + kinds[internal] + "." + INTERNAL
    yield in_transit, "period." + kinds[in_transit] + "." + IN_TRANSIT
    struck = kinds == "struck_off"
    unknown = orgs.isin(list(unrecorded))
    if "was_probationary" in events:
        probationary = struck & ~unknown & (events["was_probationary"] == "yes")
        yield probationary, "period.struck_off.probationary"
    yield struck & unknown, f"period.struck_off.probationary.{UNKNOWN}"


def _admitted(members: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The admissions inside the period with their roster attributes (NaN where unmatched) and
    their age on the admission date."""
    rows = events[events["event_type"].isin(vocab.ADMISSION_EVENTS).to_numpy(dtype=bool)]
    out = pd.DataFrame(
        {
            ORG_KEY: rows[ORG_KEY].to_numpy(dtype=object),
            "event_type": rows["event_type"].to_numpy(dtype=object),
        }
    )
    births = datetimes(rows["birth_date"]).reset_index(drop=True)
    days = datetimes(rows["event_date"]).reset_index(drop=True)
    keys = _person_keys(rows["full_name"], rows["birth_date"]).reset_index(drop=True)
    # Only the roster rows born on an admitted person's birthday can match: key those alone.
    roster_births = datetimes(members["birth_date"])
    candidates = members[roster_births.isin(births.dropna()).to_numpy(dtype=bool)]
    roster_keys = _person_keys(candidates["full_name"], candidates["birth_date"])
    first = pd.Series(np.arange(len(candidates)), index=roster_keys.to_numpy(dtype=object))
    first = first[~first.index.duplicated() & first.index.notna()]
    position = keys.map(first)
    unmatched = position.isna().to_numpy(dtype=bool) & keys.notna().to_numpy(dtype=bool)
    if unmatched.any() and len(candidates):
        position[unmatched] = _by_accents(
            keys[unmatched], out[ORG_KEY][unmatched], roster_keys, candidates[ORG_KEY]
        )
    matched = position.notna().to_numpy(dtype=bool)
    picked = candidates.iloc[position[matched].astype(int).to_numpy()]
    known = np.zeros(len(out), dtype=bool)
    known[matched] = known_new_attributes(picked).to_numpy(dtype=bool)
    for column in _ROSTER_COLUMNS:
        values = np.full(len(out), None, dtype=object)
        if column in picked:
            values[matched] = picked[column].to_numpy(dtype=object)
        out[column] = values
    out["matched"], out["known_new"] = matched, known
    # The roster's birth date where the event row lacks one.
    roster_births_picked = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    roster_births_picked[matched] = datetimes(picked["birth_date"]).to_numpy()
    out["age"] = ages_on(births.fillna(roster_births_picked), days)
    return out


def _by_accents(
    keys: pd.Series, orgs: pd.Series, roster_keys: pd.Series, roster_orgs: pd.Series
) -> list[object]:
    """For admission rows ``keys`` ((name key, birth day)) of ``orgs`` that no roster row has
    exactly, the position among the roster rows (``roster_keys``, ``roster_orgs``) of the member
    each is by accents (`vocab.accent_aliases`: the one of its own organisation's roll with the
    row's marks and more, else the one of the ward with the marks seen to be missing), else NaN:
    a `Kết nạp` row typed "Nguyen Van Hung" beside its roll's Nguyễn Văn Hùng counts his
    attributes in Biểu 2, as the row typed alike does (hunt99 e2)."""
    rows = [(key[0], key[1], org) for key, org in zip(keys.tolist(), orgs.tolist(), strict=True)]
    days = {day for _, day, _ in rows}  # a roster row of another birth date is no row's member
    where: dict[tuple[str, object, object], int] = {}
    for n, (key, org) in enumerate(zip(roster_keys.tolist(), roster_orgs.tolist(), strict=True)):
        if key is not None and key[1] in days:
            where.setdefault((key[0], key[1], org), n)
    people = list(where)
    aliases = vocab.accent_aliases(rows, people)
    out: list[object] = []
    for name, day, org in rows:
        alias = aliases.get((name, day, org))
        found = where.get((alias, day, org)) if alias is not None else None
        if alias is not None and found is None:
            found = next((n for (k, d, _), n in where.items() if k == alias and d == day), None)
        out.append(np.nan if found is None else found)
    return out


def _admitted_labels(adm: pd.DataFrame) -> Iterator[Label]:
    """The labels of the admissions (`Label`, `_admitted`'s rows)."""
    yield None, "admitted.total"
    yield adm["event_type"] == "readmitted", "admitted.readmitted"
    unknown_new = ~adm["known_new"].astype(bool)

    def coded(column: str, voc: vocab.Vocabulary, prefix: str) -> pd.Series:
        values = adm[column].astype(object)
        return prefix + "." + values.where(values.isin(voc.codes), UNKNOWN).astype(str)

    for column, voc, prefix in _LEVELS:
        yield None, coded(column, voc, prefix)
    for column, voc, members_prefix, _ in BREAKDOWNS:
        prefix = _admitted_prefix(members_prefix)
        if column == "academic_title":  # an empty title is "none": unknown only where not recorded
            titled = adm[column].isin(voc.codes)
            yield titled, (prefix + "." + adm[column].astype(str))[titled]
            # A title typed in a file not completed is known; only the members without one are not.
            yield ~adm["known_new"].astype(bool) & ~titled, f"{prefix}.{UNKNOWN}"
        else:
            yield None, coded(column, voc, prefix)
    for part, mask in unknown_occupation_parts(adm).items():
        yield mask, f"admitted.occupation.{UNKNOWN}.{part}"
    minority = adm["ethnicity"].isin([c for c in vocab.ETHNICITY.codes if c != vocab.KINH])
    yield minority, "admitted.ethnic_minority"
    religious = adm["religion"].isin([c for c in vocab.RELIGION.codes if c != "none"])
    yield religious, "admitted.religious"
    for column, members_id in FLAGS:
        key = _admitted_prefix(members_id)
        yield adm[column] == "yes", key
        yield unknown_new, f"{key}.{UNKNOWN}"
    ages = adm["age"].to_numpy(dtype="float64", na_value=np.nan)
    for suffix, low, high in AGE_OFFICIAL_BANDS:
        mask = ~np.isnan(ages)
        if low is not None:
            mask &= ages >= low
        if high is not None:
            mask &= ages <= high
        yield pd.Series(mask, index=adm.index), f"admitted.age_official.{suffix}"


def _count(frame: pd.DataFrame, labels: Iterable[Label], orgs: Sequence[str], ids: list[str]) -> np.ndarray:
    """A (organisation × id) table of how many rows of `frame` each label counts in each cell
    (a row of an organisation not in `orgs` in none). Each row's organisation is looked up
    once, and an id common to its rows is counted without a column of its name."""
    n = len(orgs)
    org_pos = pd.Index(list(orgs)).get_indexer(pd.Index(frame[ORG_KEY].to_numpy(dtype=object)))
    col = {key: i for i, key in enumerate(ids)}
    id_index = pd.Index(ids)
    table = np.zeros((n, len(ids)), dtype=np.int64)
    for mask, key in labels:
        rows = org_pos if mask is None else org_pos[mask.to_numpy(dtype=bool)]
        if isinstance(key, str):
            if key not in col:  # a programming error: a label this module does not declare
                raise ValueError(f"ids outside period_ids(): {[key]}")
            table[:, col[key]] += np.bincount(rows[rows >= 0], minlength=n)
            continue
        at = id_index.get_indexer(pd.Index(key.to_numpy(dtype=object)))
        if (at < 0).any():
            unknown = sorted({str(v) for v in key.to_numpy(dtype=object)} - set(ids))
            raise ValueError(f"ids outside period_ids(): {unknown[:5]}")
        keep = rows >= 0
        flat = rows[keep] * len(ids) + at[keep]
        table += np.bincount(flat, minlength=n * len(ids)).reshape(n, len(ids))
    return table


def compute_period_by_org(
    members: pd.DataFrame,
    events: pd.DataFrame,
    *,
    form_period: tuple[dt.date, dt.date],
    orgs: Sequence[str],
    tiers: Mapping[str, str | None],
    no_candidates_left: Mapping[str, bool | None],
    probationary_unrecorded: Collection[str] = (),
    other_dates: pd.Series | None = None,
) -> dict[str, Indicators]:
    """Every id of `period_ids` for each organisation of `orgs` (see the module docstring).

    `members` and `events` are every included organisation's rows with `ORG_KEY`; `tiers` and
    `no_candidates_left` give each organisation's tier code and `Thông tin` answer (None: its
    file's template does not ask, or an upgraded file not completed leaves it empty; an
    organisation not named: "Không"); `probationary_unrecorded`
    names the organisations whose file's template has no `Là đảng viên dự bị` (their
    strike-offs' probation is unknown). `other_dates` is
    ``transfers.other_side_dates(events, ORG_KEY)`` when the caller has it already (found here
    when None)."""
    ids = period_ids()
    # The other sides are looked for among every change of the files, the period's or not.
    in_period = _dated_in(datetimes(events["event_date"]), form_period)
    inside = events[in_period]
    if other_dates is None:
        other_dates = transfers.other_side_dates(events, ORG_KEY)
    other = other_dates[in_period]
    # A pair whose arrival is dated before its departure is one move with a date typed wrong,
    # never a member in transit, whichever side of the period's start or end the dates fall.
    reversed_ = transfers.dates_reversed(inside, other)
    settled = pd.Series(_dated_in(other, form_period) | reversed_, index=inside.index)
    adm = _admitted(members, inside)
    table = _count(inside, _event_labels(inside, probationary_unrecorded, settled), orgs, ids)
    table += _count(adm, _admitted_labels(adm), orgs, ids)
    col = {key: n for n, key in enumerate(ids)}
    closing = members[ORG_KEY].value_counts().reindex(pd.Index(list(orgs)), fill_value=0).to_numpy()
    table[:, col["period.closing"]] = closing
    joined = table[:, [col[f"period.{k}"] for k in JOINS]].sum(axis=1)
    left = table[:, [col[f"period.{k}"] for k in LEAVES]].sum(axis=1)
    table[:, col["period.opening"]] = closing - joined + left
    ages = adm["age"].groupby(adm[ORG_KEY]).agg(["sum", "count"]).reindex(pd.Index(list(orgs)), fill_value=0)
    table[:, col["admitted.age_sum"]] = ages["sum"].fillna(0).astype("int64").to_numpy()
    table[:, col["admitted.age_known"]] = ages["count"].astype("int64").to_numpy()
    for row, org in enumerate(orgs):
        tier = tiers.get(org)
        # Part III counts the organisations there at the end of the period: one whose roll is
        # empty at the cut-off (dissolved or merged away: `org.no_members_at_cutoff`) is not.
        if tier in GRASSROOTS_TIERS and closing[row] > 0:
            base = f"orgs.grassroots.{tier}"
            table[row, col[base]] = 1
            table[row, col[f"{base}.with_admission"]] = int(table[row, col["admitted.total"]] > 0)
            answer = no_candidates_left.get(org, False)
            table[row, col[f"{base}.no_candidates_left"]] = int(bool(answer))
            table[row, col[f"{base}.no_candidates_left.{UNKNOWN}"]] = int(answer is None)
        elif tier in GRASSROOTS_TIERS:
            # Consolidated with nobody at the cut-off: counted apart, so that Biểu 2 says why
            # part III is short of `Tổng hợp`'s count of the registry (review159 R3).
            table[row, col[f"orgs.grassroots.{tier}.{NO_MEMBERS}"]] = 1
    out: dict[str, Indicators] = {}
    for org, row in zip(orgs, table.tolist(), strict=True):  # Python ints, in one C call
        values: Indicators = dict(zip(ids, row, strict=True))
        _mean(values)
        out[org] = values
    return out


def _mean(values: Indicators) -> None:
    sum_id, count_id, places = MEANS[AGE_MEAN]
    known = int(values[count_id])
    values[AGE_MEAN] = ratio(int(values[sum_id]), known, places) if known else 0.0


def ward_period(by_org: Mapping[str, Indicators]) -> Indicators:
    """The ward's `period_ids`: the sum of its organisations' (the mean recomputed from sums)."""
    out: Indicators = {key: 0 for key in period_ids()}
    summed = [key for key in out if key != AGE_MEAN]  # counts, each an int
    if by_org:
        take = operator.itemgetter(*summed)
        totals = np.array([take(values) for values in by_org.values()]).sum(axis=0)
        out.update(zip(summed, totals.tolist(), strict=True))
    _mean(out)
    return out
