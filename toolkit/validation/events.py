"""Rules of the `Biến động` sheet beyond its columns, and of its agreement with the roll:
changes inside the period, strike-off grounds, expelling a probationary member, a leaver whose
row shows they were probationary though "Là đảng viên dự bị" does not say so, a member who
left but is still on the roll, one who joined in the period but is not on it, a member admitted
in the period without an admission row, an admission row whose date is not the member's
admission date, transfers inside the ward that only one side recorded (or whose other side,
in a file without a scope, is taken to be inside the ward), the two sides of such a transfer
whose arrival is dated before its departure, and a person's changes
that count them twice: the same change typed twice, two changes taking a person off the roll
(or two bringing them onto it) with none the other way between, and a change that happens to a
person once (an admission, a death, leaving the Party) recorded by two organisations, and a
member on one organisation's roll whose death or leaving the Party another organisation
records."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from toolkit.core import layout, transfers, vocab
from toolkit.core.accent_pairs import numbered_organisations, said_first
from toolkit.core.dates import official_earliest
from toolkit.core.layout import cell_ranges
from toolkit.core.left_party import (
    FINAL_EVENTS,
    OUTSIDE_SCOPES,
    RETURNING_EVENTS,
    by_cutoff,
    still_left,
    still_left_people,
    still_moved_out_people,
)
from toolkit.core.rules import HIDDEN, MAX_PARAM_CHARS, named_files
from toolkit.core.text import org_code_key, shown
from toolkit.core.vnformat import number
from toolkit.io.normalize import fmt_date
from toolkit.validation.context import OLD, UPGRADED, Context, check, leavers_born, roll_born
from toolkit.validation.cross_file import org_keys
from toolkit.validation.duplicates import across_files, file_organisations, organisation_numbers
from toolkit.validation.members import MAX_AGE, whole_years

_E = layout.EVENTS
_PERSON = ["_sub", "_key", "birth_date"]
_MEMBER_COLUMNS = ["_sub", "_row", "_start", "_D", "full_name", "birth_date", "admission_date"]
# Changes that bring a person onto an organisation's roll (`pipeline._admissions_to_be_missing`
# counts by them too).
JOINING = _JOINING = (*vocab.ADMISSION_EVENTS, "transfer_in", "restored")


def _day(value: object) -> dt.date | None:
    """A date cell of a frame (a Timestamp, or NaT/NaN when empty) as a date, or None."""
    return value.date() if isinstance(value, pd.Timestamp) and not pd.isna(value) else None


def _keyed_members(ctx: Context) -> pd.DataFrame:
    """Members with a name and a birth date, with their name key in `_key`."""
    m = ctx.members

    def compute() -> pd.DataFrame:
        keyed = m[_MEMBER_COLUMNS].assign(_key=ctx.name_keys(m))
        return keyed[keyed["_key"].notna() & keyed["birth_date"].notna()]

    return ctx.memo("keyed_members", m, compute)


def _keyed_events(ctx: Context) -> pd.DataFrame:
    """Events of a known type with a name and a birth date, with their name key in `_key`."""
    e = ctx.events

    def compute() -> pd.DataFrame:
        keyed = e.assign(_key=ctx.name_keys(e)) if not e.empty else e.assign(_key=None)
        usable = (
            keyed["_key"].notna()
            & keyed["birth_date"].notna()
            & keyed["event_type"].isin(vocab.EVENT_TYPE.codes)
        )
        return keyed[usable]

    return ctx.memo("keyed_events", e, compute)


def _latest_of(events: pd.DataFrame) -> pd.DataFrame:
    """Each person's (`_PERSON`) latest change in their file, by date, then row."""
    latest = events.sort_values([*_PERSON, "event_date", "_row"], na_position="first")
    return latest.drop_duplicates(_PERSON, keep="last")


def _latest_events(ctx: Context) -> pd.DataFrame:
    """Each person's latest change in their file (by date, then row) of `_keyed_events`."""
    ek = _keyed_events(ctx)
    return ctx.memo("latest_events", ek, lambda: _latest_of(ek))


def _person_codes(ctx: Context) -> tuple[pd.Series, pd.Series]:
    """One int64 per (file, name key, birth date) of `_keyed_members` and of `_keyed_events`
    (aligned with each): a person is compared as one number, not as three columns, so that
    looking for a few changes' people among a province's 500,000 members stays cheap. The
    name keys are numbered from the distinct keys of both sheets (`Context.name_key_parts`)."""
    mk, ek = _keyed_members(ctx), _keyed_events(ctx)

    def compute() -> tuple[pd.DataFrame, pd.Series, pd.Series]:
        (_, m_codes, m_keys), (_, e_codes, e_keys) = (
            ctx.name_key_parts(f) for f in (ctx.members, ctx.events)
        )
        numbers, _ = pd.factorize(np.concatenate([m_keys, e_keys]))
        m_numbers, e_numbers = numbers[: len(m_keys)], numbers[len(m_keys) :]
        return (
            mk,
            _codes(ctx.members, mk, m_numbers[m_codes]),
            _codes(ctx.events, ek, e_numbers[e_codes]),
        )

    held = ctx.memo("person_codes", ek, compute)
    if held[0] is not mk:  # the members changed under the same changes: not in one view
        held = compute()
    return held[1], held[2]


def share_work(ctx: Context) -> None:
    """Compute now, in the context's memo, what most of this module's checks share: the name
    keys of both sheets, the keyed members and changes, each person's code and latest change.
    Done before the checks are split over two processes, so neither computes it again. Should
    it fail, nothing is kept: each check then meets the failure inside its own guard."""
    try:
        _person_codes(ctx)
        _latest_events(ctx)
    except Exception:  # noqa: S110 - the checks that need it report it
        pass


def _codes(frame: pd.DataFrame, keyed: pd.DataFrame, numbers: np.ndarray) -> pd.Series:
    """(file, name key number, birth day) of each row of `keyed` (rows of `frame`, whose rows'
    key numbers are `numbers`) as one int64: numbers below 2^24, days since 1678 below 2^18."""
    index = frame.index
    plain = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
    where = keyed.index.to_numpy() if plain else index.get_indexer(keyed.index)
    days = keyed["birth_date"].to_numpy("datetime64[D]").astype(np.int64) - _EARLIEST_DAY
    subs = keyed["_sub"].to_numpy(np.int64)
    return pd.Series((((subs << 24) + numbers[where]) << 18) + days, index=keyed.index)


_EARLIEST_DAY = int(np.datetime64("1678-01-01", "D").astype(np.int64))


def _on_roll(ctx: Context, events: pd.DataFrame) -> np.ndarray:
    """Whether the person of each row of `events` (rows of `_keyed_events`) is on their
    file's roll."""
    m_codes, e_codes = _person_codes(ctx)
    # pandas' hash table, not `np.isin` (which hashes the 500,000 members' codes slower).
    return e_codes.loc[events.index].isin(m_codes.to_numpy()).to_numpy(dtype=bool)


def _moved_out(ctx: Context, rows: pd.DataFrame, sheet: str) -> np.ndarray:
    """Whether the person of each row of `rows` (which has `_sub`, `_key` and `birth_date`) is
    one of the rows of `sheet` (a template sheet's name) its file holds right of the table
    (`Submission.rows_outside`, `file.rows_outside`: an error naming the block), by name key and
    birth date as `_on_roll` matches: that person is not missing from the sheet, only moved out
    of its table, and typing them in again as told would list them twice."""
    out = np.zeros(len(rows), dtype=bool)
    held: set[tuple[int, str, pd.Timestamp]] = set()
    for index in ctx.indices:
        for name, born in ctx.subs[index].rows_outside.get(sheet, ()):
            if born is not None:
                held.add((index, vocab.person_name_key(name), pd.Timestamp(born)))
    if not held or rows.empty:
        return out
    for i, person in enumerate(zip(rows["_sub"], rows["_key"], rows["birth_date"], strict=True)):
        out[i] = (int(person[0]), person[1], person[2]) in held
    return out


def _namesakes(
    ctx: Context, rows: pd.DataFrame, *, roll: bool, dated: bool, kinds: tuple[str, ...] = ()
) -> list[tuple[int, ...]]:
    """For each row of `rows` (which has `_sub` and `_key`), the rows (`_row`, in order) of the
    same file's roll (`roll`) or changes (of `kinds`) with the same name key whose birth date
    is missing (`dated` false: empty or unread, an error at that cell already, `*.required` or
    the reader's `*.bad_date`) or read (`dated` true). The sheets are matched by name and birth
    date: a row of no birth date may be the person, unmatched only because its date is missing,
    and a row of another birth date may be theirs with one of the dates wrong (hunt135 F2).

    A birth date of an age over `members.MAX_AGE` (`_unbelievable_births`: said wrong at its
    cell, `*.age_implausible` or `*.age_impossible`) is as good as missing: a namesake of such
    a date is among the undated ones, and for a row of `rows` of such a date every namesake is
    (fix343: a `Kết nạp` row born 1905 for 2000 was also "not on the roll", and its member "has
    no `Kết nạp` row": three messages for one year typed wrong)."""
    out: list[tuple[int, ...]] = [()] * len(rows)
    frame = ctx.members if roll else ctx.events
    if rows.empty or frame.empty:
        return out
    keys = ctx.name_keys(frame)
    named = np.array(keys.isin(rows["_key"].unique()), dtype=bool)
    if kinds:
        named &= frame["event_type"].isin(kinds).to_numpy(dtype=bool)
    born = np.array(frame["birth_date"].notna(), dtype=bool)
    born[named] &= ~_unbelievable_births(frame[named])
    own = _unbelievable_births(rows)
    held: dict[tuple[int, str], list[int]] = defaultdict(list)
    kept: dict[tuple[int, str], list[int]] = defaultdict(list)  # of a believable birth date
    # Only the files of `rows` with those names: a common name is in most files of a city.
    asked = set(zip(rows["_sub"].astype("int64").tolist(), rows["_key"].tolist(), strict=True))
    for sub, key, row, known in zip(
        frame["_sub"].to_numpy(dtype="int64")[named].tolist(),
        keys.to_numpy()[named].tolist(),
        frame["_row"].to_numpy(dtype="int64")[named].tolist(),
        born[named].tolist(),
        strict=True,
    ):
        if (sub, key) not in asked:
            continue
        held[(sub, key)].append(row)
        if known:
            kept[(sub, key)].append(row)

    def found(sub: int, key: str, unbelievable: bool) -> tuple[int, ...]:
        every, known = held.get((sub, key), []), kept.get((sub, key), [])
        if unbelievable:
            return () if dated else tuple(sorted(every))
        return tuple(sorted(known if dated else set(every) - set(known)))

    return [
        found(int(sub), key, bool(unbelievable))
        for sub, key, unbelievable in zip(rows["_sub"], rows["_key"], own, strict=True)
    ]


def _unbelievable_births(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row of `frame` (roll rows, or change rows: those have `event_type`) has a
    birth date of an age over `members.MAX_AGE` where the age checks measure it (the roll's and
    a change row's at the cut-off, a death row's at the death: `_measured_age`), which
    `member.age_implausible` / `member.age_impossible` or `event.age_implausible` /
    `event.age_impossible` say wrong at its cell."""
    if frame.empty:
        return np.zeros(0, dtype=bool)
    changes = "event_type" in frame.columns
    age = _measured_age(frame) if changes else whole_years(frame["birth_date"], frame["_D"])
    return (age > MAX_AGE).fillna(False).to_numpy(dtype=bool)


@check("event.outside_period", "event.after_cutoff")
def outside_period(ctx: Context) -> None:
    """A change dated before the period belongs to an earlier period (`event.outside_period`);
    one dated after the cut-off to the next (`event.after_cutoff`), and the roll, which is the
    roll at the cut-off, is the roll before it: a member who died or moved away after the
    cut-off stays on it, one who arrived after it is not yet on it. The two are said apart
    (hunt121 F1: one message for both, with the date masked by default, let the clerk think the
    change was simply misdated, and take the dead member off the roll)."""
    e = ctx.events
    if e.empty:
        return
    date, start, ref = e["event_date"], e["_start"], e["_D"]
    # A change before the Party was founded is said as such (`before_party_founded`).
    before = date.notna() & start.notna() & (date < start) & ~_before_founding(e)
    ctx.flag(e, before, "event.outside_period", _E, "event_date", value=date, start=start, cutoff=ref)
    after = date.notna() & ref.notna() & (date > ref) & ~before
    ctx.flag(
        e,
        after,
        "event.after_cutoff",
        _E,
        "event_date",
        value=date,
        cutoff=ref,
        members_sheet=layout.SHEET_MEMBERS,
    )


def _before_founding(e: pd.DataFrame) -> pd.Series:
    """Rows of a known change type dated before the Party was founded: no admission,
    restoration, move, death or removal of a Party member can be (hunt328 F6: a `Phục hồi đảng
    tịch` row of 1925 was said to be of an earlier period). A row whose type is not known is
    left to that type's error and, before the period, to `event.outside_period`."""
    kind, day = e["event_type"], e["event_date"]
    founded = pd.Timestamp(layout.PARTY_FOUNDED)
    return (kind.isin(vocab.EVENT_TYPE.codes) & day.notna() & (day < founded)).fillna(False)


@check("event.before_party_founded")
def before_party_founded(ctx: Context) -> None:
    """A change row (`Kết nạp`, `Kết nạp lại`, `Phục hồi đảng tịch`, any known type) dated
    before the Party was founded (03/02/1930, hunt320 F3): a year typed wrong. Such a
    readmission is never kept for a member's probation (`context.kept_readmissions`), and the
    row is not also `event.outside_period`."""
    e = ctx.events
    if e.empty:
        return
    ctx.flag(
        e,
        _before_founding(e),
        "event.before_party_founded",
        _E,
        "event_date",
        value=e["event_date"],
        event=lambda row: vocab.EVENT_TYPE.label(row.event_type),
        founded=fmt_date(layout.PARTY_FOUNDED),
        skip_reported=True,
    )


def _measured_age(e: pd.DataFrame) -> pd.Series:
    """The age of each change row's person where `event.age_impossible` and
    `event.age_implausible` measure it: at the cut-off, at which everyone on a change row but
    the dead is alive, and a death row's at the death (a death row without a date: missing)."""
    died = (e["event_type"] == "died").fillna(False).to_numpy(dtype=bool)
    return whole_years(e["birth_date"], e["_D"].where(~died, e["event_date"]))


@check("event.age_impossible", "event.age_implausible")
def age_impossible(ctx: Context) -> None:
    """A change row whose person is older than `layout.MAX_LIVING_AGE` at the cut-off (a death
    row, at the death's date): a birth year typed wrong, an error as `member.age_impossible`
    is (fix336, review334 F3: a `Kết nạp` row born 01/03/1905 passed unchecked, and Biểu 1
    counted an admission of 120 years). Everyone on a change row but the dead is alive at the
    cut-off; a death row without a date is not measured (its date is an error already).
    Older than `members.MAX_AGE` (110) up to that bound is the warning `event.age_implausible`,
    as a member row's is `member.age_implausible` (fix343: a change row of 115 passed
    unquestioned); one message per cell."""
    e = ctx.events
    if e.empty:
        return
    died = (e["event_type"] == "died").fillna(False).to_numpy(dtype=bool)
    age = _measured_age(e)
    impossible = (age > layout.MAX_LIVING_AGE).fillna(False)
    for code, mask, limit in (
        ("event.age_impossible", impossible, layout.MAX_LIVING_AGE),
        ("event.age_implausible", (age > MAX_AGE).fillna(False) & ~impossible, MAX_AGE),
    ):
        ctx.flag(
            e,
            mask,
            code,
            _E,
            "birth_date",
            value=e["birth_date"],
            # The cut-off is no one's; a death's date is personal (hidden without personal data).
            when=lambda row: (
                "ngày từ trần " if row.event_type == "died" else f"ngày chốt số liệu {fmt_date(row['_D'])}"
            ),
            date=e["event_date"].where(died),
            age=age,
            limit=limit,
            skip_reported=True,
        )


@check("event.readmission_before_period")
def readmission_before_period(ctx: Context) -> None:
    """A `Kết nạp lại` row dated before its file's period that the file keeps for a member's
    probation (`context.kept_readmissions`: out of every other check and every figure) is
    accepted, and said at its date so that nobody wonders why it is not counted."""
    kept = ctx.kept_readmissions
    if kept.empty:
        return
    ctx.flag(
        kept,
        np.ones(len(kept), dtype=bool),
        "event.readmission_before_period",
        _E,
        "event_date",
        value=kept["event_date"],
        start=kept["_start"],
        event=vocab.EVENT_TYPE.label("readmitted"),
        fix=pd.Series(
            np.where(kept["_by_accents"].to_numpy(dtype=bool), _TYPE_ALIKE, _NO_FIX), index=kept.index
        ),
    )


_NO_FIX = "Không cần sửa."
# A kept row whose name differs from the member's only by accents (`kept_readmissions` 2): the
# same person here (the probation counts from it), said once, at the row, instead of
# `event.name_without_accents`'s "two people" (hunt65 #1).
_TYPE_ALIKE = (
    "Họ tên ở dòng này chỉ khác họ tên của đảng viên (cùng ngày sinh) ở dấu, nên được coi là cùng "
    "một người; hãy ghi họ tên cho giống nhau."
)


@check("event.no_strike_ground", "event.ground_not_needed")
def strike_ground(ctx: Context) -> None:
    """A strike-off needs its ground; any other change must not have one."""
    e = ctx.events
    if e.empty:
        return
    struck = vocab.EVENT_TYPE.label("struck_off")
    ground, kind = e["strike_ground"], e["event_type"]
    no_ground = (kind == "struck_off") & ground.isna()
    ctx.flag(e, no_ground, "event.no_strike_ground", _E, "strike_ground", event=struck)
    others = set(vocab.EVENT_TYPE.codes) - {"struck_off"}
    not_needed = ground.notna() & kind.isin(others) & ground.isin(vocab.STRIKE_GROUND.codes)
    ctx.flag(
        e,
        not_needed,
        "event.ground_not_needed",
        _E,
        "strike_ground",
        value=lambda row: vocab.STRIKE_GROUND.label(row.strike_ground),
        event=struck,
        found=lambda row: vocab.EVENT_TYPE.label(row.event_type),
    )


@check("event.expelled_probationary")
def expelled_probationary(ctx: Context) -> None:
    """A probationary member is struck off, never expelled."""
    e = ctx.events
    if e.empty:
        return
    mask = (e["event_type"] == "expelled") & (e["was_probationary"] == "yes")
    ctx.flag(
        e,
        mask,
        "event.expelled_probationary",
        _E,
        "event_type",
        value=vocab.EVENT_TYPE.label("expelled"),
        struck=vocab.EVENT_TYPE.label("struck_off"),
        probationary=_E.field("was_probationary").header,
    )


# The one strike-off ground that only a probationary member can have.
_PROBATIONARY_GROUND = "not_recognised"
# The changes whose figures depend on "Là đảng viên dự bị": a probationary member struck off
# is counted apart (Biểu 1, C.3), and one cannot be expelled (`event.expelled_probationary`).
_PROBATION_MATTERS = ("struck_off", "expelled")
# Biểu 1's line under C.3 that counts the probationary members struck off (`toolkit.forms`).
_STRUCK_OFF_PROBATIONARY = "Trong đó: Đảng viên dự bị"


def _admitted_within_probation(ctx: Context, leavers: pd.DataFrame) -> pd.DataFrame:
    """For the rows of ``leavers`` (rows of `_keyed_events`) whose person's latest admission
    in the same file on or before the change is a `Kết nạp` row less than the 12 months of
    probation before it: that row's date and Excel row (`_admitted`, `_admitted_row`), indexed
    like ``leavers``. No member is recognised as a full member before 12 months (the earliest
    official date is `official_earliest`, as `member.official_too_early` holds), so such a
    person was probationary at the change, whatever the roll says. A `Kết nạp lại` row as the
    latest admission is not used."""
    ek = _keyed_events(ctx)
    joins = ek.loc[ek["event_type"].isin(vocab.ADMISSION_EVENTS) & ek["event_date"].notna()]
    if joins.empty or leavers.empty:
        return pd.DataFrame(columns=["_admitted", "_admitted_row"])
    pairs = (
        leavers[[*_PERSON, "event_date"]]
        .rename_axis("_at")
        .reset_index()
        .merge(
            joins[[*_PERSON, "event_date", "event_type", "_row"]].rename(
                columns={"event_date": "_admitted", "event_type": "_join", "_row": "_admitted_row"}
            ),
            on=_PERSON,
        )
    )
    pairs = pairs[pairs["_admitted"] <= pairs["event_date"]]
    latest = pairs.sort_values(["_at", "_admitted", "_admitted_row"]).drop_duplicates("_at", keep="last")
    latest = latest[latest["_join"] == "admitted"]
    within = [
        change.date() < official_earliest(admitted.date())
        for change, admitted in zip(latest["event_date"], latest["_admitted"], strict=True)
    ]
    return latest[np.array(within, dtype=bool)].set_index("_at")[["_admitted", "_admitted_row"]]


@check("event.probationary_contradicts")
def probationary_contradicts(ctx: Context) -> None:
    """A strike-off or an expulsion whose own file shows the person was probationary (the
    ground "not recognised as a full member", or a `Kết nạp` row in the file less than 12
    months before) while "Là đảng viên dự bị" is not "Có". Said, not corrected: Biểu 1's
    "of which probationary" (C.3) and `event.expelled_probationary` follow that column only.
    Files of template 2026.1 have neither the column nor the ground (`file.old_template`
    says what they lack)."""
    e = ctx.events
    if e.empty:
        return
    rows = (
        e["event_type"].isin(_PROBATION_MATTERS).to_numpy(dtype=bool)
        & ~e["was_probationary"].eq("yes").to_numpy(dtype=bool, na_value=False)
        & (ctx.kind_of(e) != OLD)
    )
    if not rows.any():
        return
    ground = (
        rows
        & (e["event_type"] == "struck_off").to_numpy(dtype=bool)
        & (e["strike_ground"] == _PROBATIONARY_GROUND).to_numpy(dtype=bool, na_value=False)
    )
    ek = _keyed_events(ctx)
    leavers = ek.loc[ek.index.isin(e.index[rows]) & ek["event_date"].notna().to_numpy(dtype=bool)]
    admitted = _admitted_within_probation(ctx, leavers)
    by_admission = e.index.isin(admitted.index) & rows
    if not (ground.any() or by_admission.any()):
        return
    hit = ground | by_admission
    positions = np.flatnonzero(hit)
    at = admitted.reindex(e.index[positions])
    said: dict[str, list[str]] = {k: [""] * len(e) for k in ("reason", "hidden", "event", "counted", "fix")}
    kinds, excel_rows = e["event_type"].to_numpy(dtype=object), e["_row"].to_numpy()
    owners = e["_sub"].to_numpy(dtype="int64")
    # An upgraded file not completed, the column empty on every row: its strike-offs are
    # counted as of unknown probation (consolidation's `probationary_unrecorded`), not missing.
    unanswered = {
        int(i): ctx.subs[int(i)].upgraded_from
        for i in np.unique(owners[positions])
        if ctx.subs[int(i)].probationary_unanswered
    }
    for k, pos in enumerate(positions.tolist()):
        admission = None if ground[pos] else (at["_admitted"].iat[k].date(), int(at["_admitted_row"].iat[k]))
        upgraded_from = unanswered.get(int(owners[pos]))
        for key, text in _probationary_words(
            kinds[pos], int(excel_rows[pos]), admission, upgraded_from
        ).items():
            said[key][pos] = text
    column = {k: pd.Series(v, index=e.index, dtype=object) for k, v in said.items()}
    ctx.flag(
        e,
        hit,
        "event.probationary_contradicts",
        _E,
        "was_probationary",
        value=e["was_probationary"].map(lambda v: vocab.YES_NO.label(v) if v in ("yes", "no") else None),
        skip_reported=True,
        reason=column["reason"],
        reason_hidden=column["hidden"],
        event=column["event"],
        counted=column["counted"],
        fix=column["fix"],
    )


def _probationary_words(
    kind: str, row: int, admission: tuple[dt.date, int] | None, upgraded_from: str | None = None
) -> dict[str, str]:
    """The words of `event.probationary_contradicts` for a change of ``kind`` at Excel ``row``:
    why the person was probationary (the strike-off ground, or ``admission``: the date and row
    of their `Kết nạp` row), what the forms count, and what to do. ``upgraded_from``: the
    version of a file upgraded and not completed whose column is empty on every row
    (`Submission.probationary_unanswered`), where a strike-off counts as of unknown probation,
    apart from C.3's "Trong đó" (hunt380: the words said that line was missing the person)."""
    cell = f"{_E.letter('was_probationary')}{row}"
    struck = vocab.EVENT_TYPE.label("struck_off")
    if admission is None:
        at = f"{_E.letter('strike_ground')}{row}"
        ground = vocab.STRIKE_GROUND.label(_PROBATIONARY_GROUND)
        reason = f"lý do xóa tên \u201c{ground}\u201d (ô {at}) chỉ dùng cho đảng viên dự bị"
        hidden = f"lý do xóa tên đã chọn (ô {at}) chỉ dùng cho đảng viên dự bị"
        wrong = "nếu người này đã là đảng viên chính thức thì lý do xóa tên bị chọn nhầm: hãy chọn lại lý do"
    else:
        admitted, source = admission
        reason = (
            f"người này kết nạp ngày {fmt_date(admitted)} (dòng {source} của sheet này), đến ngày của dòng "
            f"này chưa đủ 12 tháng dự bị (sớm nhất ngày {fmt_date(official_earliest(admitted))} mới được "
            "công nhận chính thức)"
        )
        hidden = (
            f"dòng kết nạp của người này (dòng {source} của sheet này) chưa đủ 12 tháng trước ngày của "
            "dòng này"
        )
        wrong = "nếu ngày kết nạp hay ngày của dòng này ghi nhầm, hãy sửa ngày"
    line = (
        f"dòng \u201c{_STRUCK_OFF_PROBATIONARY}\u201d dưới mục \u201c{struck}\u201d (C.3) của Biểu 1-BTCTW "
        "chỉ đếm các dòng chọn \u201cCó\u201d ở cột này"
    )
    if kind == "struck_off":
        counted = f"{line[:1].upper()}{line[1:]}, nên đang thiếu người này."
        if upgraded_from is not None:
            counted = (
                f"Tệp được nâng cấp từ biểu mẫu {upgraded_from} nhưng chưa điền bổ sung: cột này còn trống "
                f"ở mọi dòng, nên Biểu 1-BTCTW đang tính người này ở mục \u201c{struck}\u201d (C.3) là chưa "
                "rõ có là đảng viên dự bị hay không, không tính vào dòng "
                f"\u201c{_STRUCK_OFF_PROBATIONARY}\u201d."
            )
        return {
            "reason": reason,
            "hidden": hidden,
            "event": "bị xóa tên",
            "counted": counted,
            "fix": f"Hãy chọn \u201cCó\u201d ở ô {cell}; {wrong}.",
        }
    expelled = vocab.EVENT_TYPE.label("expelled")
    return {
        "reason": reason,
        "hidden": hidden,
        "event": "bị khai trừ",
        "counted": (
            "Đảng viên dự bị không bị khai trừ mà bị xóa tên; Biểu 1-BTCTW đang tính người này ở mục "
            f"\u201c{expelled}\u201d (C.2), và {line}."
        ),
        "fix": (
            f"Hãy đổi loại biến động thành \u201c{struck}\u201d, chọn lý do xóa tên và chọn "
            f"\u201cCó\u201d ở ô {cell}; {wrong}."
        ),
    }


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


_INTERNAL_OTHER_SIDE = transfers.OTHER_SIDE


def inferred_scopes(ctx: Context) -> pd.DataFrame:
    """`transfers.inferred_pairs` of the run's changes, file by file (`_sub`): the transfers
    without a scope that consolidation counts as moves inside the ward, each with the row that
    says so (index labels of `ctx.events`)."""
    e = ctx.events
    if e.empty:
        return transfers.inferred_pairs(e, "_sub")
    return ctx.memo("inferred_scopes", e, lambda: transfers.inferred_pairs(e, "_sub"))


def _paired_sides(ctx: Context) -> tuple[pd.DataFrame, np.ndarray]:
    """The transfers inside the ward as consolidation counts them (scope `internal`, or taken
    to be by `inferred_scopes`) and each one's other side (`transfers.other_sides`: position in
    that frame, -1 for none). One to one, as consolidation pairs them (`transfers.
    with_inferred_scopes`, then `transfers.other_sides`): a third side of a member's moves, or a
    duplicate, has no other side even when the other file has rows for them, with a scope or
    without. In the files' order, as consolidation sees them (the order breaks a tie)."""
    ek = _keyed_events(ctx)

    def compute() -> tuple[pd.DataFrame, np.ndarray]:
        inferred = ek.index.isin(pd.Index(inferred_scopes(ctx)["unscoped"].unique()))
        counted = (ek["transfer_scope"] == "internal") | inferred
        sides = ek[ek["event_type"].isin(tuple(_INTERNAL_OTHER_SIDE)) & counted]
        return sides, transfers.other_sides(sides.assign(transfer_scope="internal"), "_sub")

    return ctx.memo("paired_sides", ek, compute)


def _paired_rows(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sides of `_paired_sides` that have another side, and beside each (row for row) that
    other side."""
    sides, partner = _paired_sides(ctx)
    paired = np.flatnonzero(partner >= 0)
    return sides.iloc[paired], sides.iloc[partner[paired]]


def _other_side_params(ctx: Context, rows: pd.DataFrame, other: pd.DataFrame, column: str) -> dict[str, Any]:
    """What a message about a side of a move inside the ward (``rows``) says of its other side
    (``other``, row for row): each side's change, and the other's file, sheet and cell of
    ``column``."""
    subs = other["_sub"].astype(int).tolist()
    at = [
        f"{ctx.spec_of(i, _E, column).letter(column)}{int(r)}"
        for i, r in zip(subs, other["_row"].tolist(), strict=True)
    ]
    return {
        "event": lambda row: _lower_first(vocab.EVENT_TYPE.label(row.event_type)),
        "other_event": lambda row: vocab.EVENT_TYPE.label(_INTERNAL_OTHER_SIDE[row.event_type]),
        "other_file": pd.Series([ctx.subs[i].path.name for i in subs], index=rows.index, dtype=object),
        "other_sheet": pd.Series(
            [ctx.subs[i].sheet_name(_E.name) for i in subs], index=rows.index, dtype=object
        ),
        "other_cell": pd.Series(at, index=rows.index, dtype=object),
    }


@check("event.internal_transfer_unmatched", "event.internal_transfer_on_other_roll", ward=True)
def internal_transfers(ctx: Context) -> None:
    """A transfer inside the ward is an out-row in one file and an in-row in another: each side
    needs the other (same normalised name and birth date, in a different file). A side whose
    other side has no scope (a 2026.1 file, an upgraded one not completed) has one: that row
    gets `event.transfer_scope_inferred` instead. A side without one whose person (name key and
    birth date, as the pairing keys them) is on another file's roll is no member in transit: the
    other file lacks its row (`event.internal_transfer_on_other_roll`, naming that roll's file
    and row, hunt103); else the member may be in transit (`event.internal_transfer_unmatched`)."""
    ek = _keyed_events(ctx)
    # A file of an organisation that sent several (`org.duplicate_file`, an error: keep one) is
    # not told: its copy's row paired with the other organisation's, and the copy was said to be
    # another organisation lacking its row, or the row to have no other side (hunt255).
    # Of the files compared: last period's report beside the file (`org.other_period_file`) and
    # a byte-identical copy are no second file. Several files by their `Thông tin` codes, as
    # `org.duplicate_file` tells them: a copy whose code was not read is `_paired_elsewhere`'s.
    orgs = numbered_organisations(org_keys(ctx))
    files = Counter(int(orgs[i]) for i in ctx.indices if i not in ctx.other_period)
    several = np.array([files[int(o)] > 1 for o in orgs], dtype=bool)
    internal = ek[
        ek["event_type"].isin(tuple(_INTERNAL_OTHER_SIDE))
        & (ek["transfer_scope"] == "internal")
        & _counted_from(ctx, ek)
        & ~several[ek["_sub"].to_numpy(dtype=np.int64)]
    ]
    if internal.empty:
        return
    sides, partner = _paired_sides(ctx)
    unmatched = (
        pd.Series(partner < 0, index=sides.index).reindex(internal.index).to_numpy(dtype=bool, copy=True)
    )
    unmatched[unmatched] = ~_undated_other_side(ctx, internal[unmatched])
    unmatched[unmatched] = ~_paired_elsewhere(ctx, internal[unmatched], sides[partner >= 0])
    unmatched[unmatched] = _unknown_files_apart(ctx, internal[unmatched], sides)
    if not unmatched.any():
        return
    roll = _on_other_roll(ctx, internal[unmatched])
    elsewhere = internal.index.isin(roll.index)
    if elsewhere.any():
        rows = internal[elsewhere]
        subs = roll.loc[rows.index, "_sub"].astype(int).tolist()
        at = roll.loc[rows.index, "_row"].astype(int).tolist()
        ctx.flag(
            rows,
            None,
            "event.internal_transfer_on_other_roll",
            _E,
            "transfer_scope",
            **_internal_side_params(rows),
            other_file=pd.Series([ctx.subs[i].path.name for i in subs], index=rows.index, dtype=object),
            other_sheet=pd.Series(
                [ctx.subs[i].sheet_name(layout.SHEET_MEMBERS) for i in subs], index=rows.index, dtype=object
            ),
            other_row=pd.Series(at, index=rows.index, dtype=object),
            counted=lambda row: _ON_OTHER_ROLL_COUNTED[row.event_type],
            counted_hidden=_ON_OTHER_ROLL_COUNTED_HIDDEN,
            fix=lambda row: _ON_OTHER_ROLL_FIX[row.event_type],
            fix_hidden=_ON_OTHER_ROLL_FIX_HIDDEN,
        )
    _flag_in_transit(ctx, internal, unmatched & ~elsewhere)


# The rows of one file and kind of change without their other side are one warning from this
# many on (hunt321 F1: a chi bộ merged away, its 128 members' arrivals were 128 warnings).
_GROUPED_FROM = 2
# The days a grouped warning names one by one; more are said as the first to the last.
_MAX_DATES_NAMED = 4


def _flag_in_transit(ctx: Context, internal: pd.DataFrame, mask: np.ndarray) -> None:
    """`event.internal_transfer_unmatched` at the rows of ``internal`` where ``mask`` holds.
    A row alone of its file and kind of change (`Chuyển đến`, `Chuyển đi`) gets its warning at
    its scope cell, naming the person. The rows of one file and kind, `_GROUPED_FROM` or more,
    are one warning at the first of them, as the automatic corrections are grouped (`norm.*`):
    how many people, the cell ranges, their dates, and what to do (nothing when the
    organisation they came from was dissolved or merged away and sends no file), naming nobody
    (the rows do); its `group_cells` are every row's cell, which the work lists read back
    (`toolkit.worklists.off_roll`). The figures count each row as before."""
    code, key = "event.internal_transfer_unmatched", "transfer_scope"
    unread = _not_read_text(ctx)
    side = {k: v for k, v in _internal_side_params(internal).items() if k not in ("name", "birth")}
    rows = internal[mask]
    size = rows.groupby(["_sub", "event_type"], sort=False)["_row"].transform("size").to_numpy()
    alone = np.zeros(len(internal), dtype=bool)
    alone[np.flatnonzero(mask)[size < _GROUPED_FROM]] = True
    ctx.flag(
        internal,
        alone,
        code,
        _E,
        key,
        **side,
        who=lambda row: f"\u201c{_shown_name(row.full_name)}\u201d, sinh {fmt_date(row.birth_date)}:",
        who_hidden=lambda row: (
            f"\u201c{HIDDEN if _shown_text(row.full_name) else ''}\u201d, "
            f"sinh {HIDDEN if fmt_date(row.birth_date) else ''}:"
        ),
        whom="người này",
        counted=lambda row: _IN_TRANSIT[row.event_type],
        counted_hidden=_IN_TRANSIT_HIDDEN,
        unread=unread,
    )
    header = _E.field(key).header
    for (index, kind), group in rows[size >= _GROUPED_FROM].groupby(["_sub", "event_type"], sort=False):
        letter = ctx.spec_of(int(index), _E, key).letter(key)
        at = sorted(int(r) for r in group["_row"])
        cells = [f"{letter}{r}" for r in at]
        ctx.add(
            int(index),
            code,
            sheet=_E.name,
            cell=cells[0],
            column=header,
            where=f"Cột \u201c{header}\u201d, {number(len(at))} dòng ({cell_ranges(letter, at)})",
            value=vocab.TRANSFER_SCOPE.label("internal"),
            group_cells=cells,
            who=(people := f"{number(len(at))} người"),
            who_hidden=people,  # how many: nobody's data
            # The kind of change of a group is how many moved in or out of one organisation, as
            # its figures say, and nobody's: said without personal data too, with its own advice
            # (hunt328 F5); the days stay hidden (a day of each of a few people's moves).
            event=(event := _lower_first(vocab.EVENT_TYPE.label(str(kind)))),
            event_hidden=event,
            other_event=(other := vocab.EVENT_TYPE.label(_INTERNAL_OTHER_SIDE[str(kind)])),
            other_event_hidden=other,
            date=_dates_words(group["event_date"]),
            whom="những người này",
            counted=_IN_TRANSIT_GROUPED[str(kind)],
            counted_hidden=_IN_TRANSIT_GROUPED[str(kind)],
            unread=unread,
        )


def _shown_text(value: Any) -> str:
    """A frame's text as a message shows it, missing as empty."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _shown_name(value: Any) -> str:
    """A name as the `name` parameter of a message quotes it (`rules.make_issue` caps each)."""
    return shown(_shown_text(value), MAX_PARAM_CHARS)


def _dates_words(dates: pd.Series) -> str:
    """The days of a grouped warning's rows: "01/11/2025", "01/11/2025 và 15/11/2025", up to
    `_MAX_DATES_NAMED`; more as "01/11/2025 đến 30/12/2025 (7 ngày khác nhau)"."""
    days = sorted({pd.Timestamp(d).date() for d in dates if not pd.isna(d)})
    named = [fmt_date(d) for d in days]
    if len(named) <= 1:
        return "".join(named)
    if len(named) <= _MAX_DATES_NAMED:
        return f"{', '.join(named[:-1])} và {named[-1]}"
    return f"{named[0]} đến {named[-1]} ({number(len(named))} ngày khác nhau)"


def _paired_elsewhere(ctx: Context, sides: pd.DataFrame, paired: pd.DataFrame) -> np.ndarray:
    """Whether another file of the organisation of each of ``sides`` (keyed transfers inside the
    ward without another side; `duplicates.file_organisations`: its `Thông tin` code, else the
    code its name names) has that side, of one kind, person and birth date, paired (``paired``,
    rows of `_paired_sides` with another side): the row is that file's, whose other side was
    found. An old copy of CB08's file whose `Thông tin` was renamed beside CB08's real file, the
    other side in CB07's: one of the two rows paired with it (the first in the run's order) and
    the other was told no file has its other side, the copy's or CB08's real one (a file of no
    known organisation is no organisation's copy here: `_unknown_files_apart` pairs the sides
    again without it)."""
    if sides.empty or paired.empty:
        return np.zeros(len(sides), dtype=bool)
    org = file_organisations(ctx)
    held: dict[tuple[str, object, str, str], set[int]] = defaultdict(set)
    for sub, key, birth, kind in zip(
        paired["_sub"], paired["_key"], paired["birth_date"], paired["event_type"], strict=True
    ):
        if (code := org[int(sub)]) is not None:
            held[(code, key, birth, kind)].add(int(sub))
    return np.array(
        [
            (code := org[int(sub)]) is not None
            and bool(held.get((code, key, birth, kind), set()) - {int(sub)})
            for sub, key, birth, kind in zip(
                sides["_sub"], sides["_key"], sides["birth_date"], sides["event_type"], strict=True
            )
        ],
        dtype=bool,
    )


def _unknown_files_apart(ctx: Context, sides: pd.DataFrame, every: pd.DataFrame) -> np.ndarray:
    """Whether each of ``sides`` (keyed transfers inside the ward without another side, of
    ``every``: `_paired_sides`) still has none when the sides of the files of no known
    organisation (`duplicates.file_organisations`: no `Thông tin` code read, none in the name)
    are left out and the rest paired again. Such a file may be any organisation's, the side's
    own one's too, and is never consolidated: a copy of CB08's file whose `Thông tin` was
    renamed, saved as `ban_sao.xlsx`, came before CB08's real file in the run's order, its
    `Chuyển đến` took CB07's `Chuyển đi`, and CB08's real file, where consolidation pairs the
    move, was told no file of the ward has that row (review272). A side of such a file is
    paired with the others as before, and told when it has no other side."""
    still = np.ones(len(sides), dtype=bool)
    if sides.empty:
        return still
    org = file_organisations(ctx)
    unknown = [i for i, code in enumerate(org) if code is None]
    apart = every["_sub"].isin(unknown).to_numpy(dtype=bool)
    if not apart.any():
        return still
    known = every[~apart]
    partner = transfers.other_sides(known.assign(transfer_scope="internal"), "_sub")
    found = pd.Series(partner >= 0, index=known.index).reindex(sides.index, fill_value=False)
    return ~found.to_numpy(dtype=bool)


def _undated_other_side(ctx: Context, sides: pd.DataFrame) -> np.ndarray:
    """Whether another file has, for each of ``sides`` (keyed transfers inside the ward), a row
    of the other kind with the same name key and no birth date (empty or unread, its own error
    at that cell): the other side may be there, unpaired for its date alone (hunt135 F2)."""
    e = ctx.events
    if sides.empty or e.empty:
        return np.zeros(len(sides), dtype=bool)
    keys = ctx.name_keys(e)
    undated = (
        e["birth_date"].isna()
        & keys.notna()
        & keys.isin(sides["_key"].unique())
        & e["event_type"].isin(tuple(_INTERNAL_OTHER_SIDE))
    ).to_numpy(dtype=bool)
    if not undated.any():
        return np.zeros(len(sides), dtype=bool)
    there: dict[tuple[str, str], set[int]] = defaultdict(set)
    for sub, key, kind in zip(e["_sub"][undated], keys[undated], e["event_type"][undated], strict=True):
        there[(key, kind)].add(int(sub))
    return np.array(
        [
            bool(there.get((key, _INTERNAL_OTHER_SIDE[kind]), set()) - {int(sub)})
            for sub, key, kind in zip(sides["_sub"], sides["_key"], sides["event_type"], strict=True)
        ],
        dtype=bool,
    )


def _counted_from(ctx: Context, ek: pd.DataFrame) -> pd.Series:
    """Which changes (rows of `_keyed_events`) are dated on or after both their file's period
    start and the run's (`Context.run_start`), or undated: the changes a check across files may
    say the figures count. A file stating an earlier start than the run's keeps its changes
    before the run's start out of every figure (`org.period_start_differs` asks to remove them);
    saying they make the figures wrong, and asking another file for their other side, which
    would be dated outside that file's period (`event.outside_period`), was false (hunt111 #1)."""
    date, start = ek["event_date"], ek["_start"]
    after_own = start.isna() | (date >= start)
    if pd.isna(ctx.run_start):
        return (date.isna() | after_own).astype(bool)
    return (date.isna() | (after_own & (date >= ctx.run_start))).astype(bool)


def _internal_side_params(rows: pd.DataFrame) -> dict[str, Any]:
    """What the messages of an internal side without its other side say of the row itself:
    its scope, person, date, kind of change and the kind its other side would be."""
    return {
        "value": lambda row: vocab.TRANSFER_SCOPE.label("internal"),
        "name": rows["full_name"],
        "birth": rows["birth_date"],
        "date": rows["event_date"],
        "event": lambda row: _lower_first(vocab.EVENT_TYPE.label(row.event_type)),
        "other_event": lambda row: vocab.EVENT_TYPE.label(_INTERNAL_OTHER_SIDE[row.event_type]),
    }


def _on_other_roll(ctx: Context, sides: pd.DataFrame) -> pd.DataFrame:
    """For each of ``sides`` (keyed transfers, `_keyed_events`) whose person (name key and birth
    date) is on the roll of another file, that file (`_sub`) and its row on the roll (`_row`),
    indexed by the side's label: the first such file in the run's order, then the first row. A
    file with a transfer of the other kind of that person (any scope, any date: one too far
    apart to pair, a duplicate's partner) has that row, so it is not said to lack it; nor is a
    file whose change sheet was not read (the side is then `event.internal_transfer_unmatched`,
    whose note names the organisations not read). Nor is a file that may be the side's own
    organisation's (`duplicates.file_organisations`): a copy whose `Thông tin` was not read named the
    other file of the same organisation "another organisation" (review257 L1)."""
    if sides.empty:
        return pd.DataFrame({"_sub": [], "_row": []})
    mk = _keyed_members(ctx)
    # A roll whose file's change sheet was not read (renamed, moved: its own error) may have
    # the other side there: saying it lacks the row asked that file to type it again (hunt255).
    changes_read = [i for i, s in enumerate(ctx.subs) if s.sheet("events") is not None]
    people = mk[mk["_key"].isin(sides["_key"].unique()) & mk["_sub"].isin(changes_read)]
    if people.empty:
        return pd.DataFrame({"_sub": [], "_row": []})
    left = sides[["_sub", "_key", "birth_date"]].assign(_label=sides.index)
    right = people[["_sub", "_row", "_key", "birth_date"]]
    both = left.merge(right, on=["_key", "birth_date"], suffixes=("_event", ""))
    both = both[_of_other_organisations(ctx, both["_sub"], both["_sub_event"])]
    if both.empty:
        return pd.DataFrame({"_sub": [], "_row": []})
    wanted = sides["event_type"].map(_INTERNAL_OTHER_SIDE).reindex(both["_label"]).to_numpy(dtype=object)
    ek = _keyed_events(ctx)
    theirs = ek[ek["_key"].isin(both["_key"].unique())][["_sub", "_key", "birth_date", "event_type"]]
    held = both.assign(event_type=wanted).merge(
        theirs.drop_duplicates(), on=["_sub", "_key", "birth_date", "event_type"], how="left", indicator=True
    )
    both = both[(held["_merge"] == "left_only").to_numpy(dtype=bool)]
    both = both.sort_values(["_label", "_sub", "_row"], kind="stable").drop_duplicates("_label")
    return both.set_index("_label")[["_sub", "_row"]]


def _of_other_organisations(ctx: Context, subs: pd.Series, others: pd.Series) -> np.ndarray:
    """For each pair of submissions (positions `subs[i]`, `others[i]`), whether they are files of
    two organisations by what the files tell (`duplicates.file_organisations`): both of a known
    organisation, and not the same one. Compared as numbers, not pair by pair in Python: the
    pairs are every roll row and change of one person, which copies of files in a folder
    multiply (500 copies of a roll beside 500 of a file recording its member dead: 250 000
    pairs for each such member, seconds a million in a Python loop)."""
    numbers = organisation_numbers(ctx)  # a file of no known organisation: below 0
    mine = numbers[subs.to_numpy(dtype=np.int64)]
    theirs = numbers[others.to_numpy(dtype=np.int64)]
    return np.asarray((mine >= 0) & (theirs >= 0) & (mine != theirs), dtype=bool)


# What Biểu 1 counts when the person of an internal side without its other side is on another
# file's roll (`toolkit.stats.period`, hunt103), and what that other organisation must do.
_ON_OTHER_ROLL_COUNTED = {
    "transfer_out": (
        "khi cả hai tệp được tổng hợp và ngày chuyển đi ở dòng này thuộc kỳ báo cáo, Biểu 1 tính "
        "người này hai lần ở số đầu kỳ (mục A: ở tổ chức này, và ở tổ chức kia như đã có trong danh "
        "sách từ trước kỳ, vì tệp đó không ghi người này chuyển đến) và tính dòng này là chuyển đi "
        "khỏi phường (mục C và C.5), nên các mục đó thừa 1 người; số cuối kỳ (mục D) vẫn đúng."
    ),
    "transfer_in": (
        "người này đang có trong danh sách đảng viên của cả hai tổ chức, trong khi một đảng viên "
        "chỉ sinh hoạt ở một tổ chức, và dòng này được tính là chuyển đến từ ngoài phường (Biểu 1, "
        "mục B.2)."
    ),
}
_ON_OTHER_ROLL_COUNTED_HIDDEN = (
    "người này được tính ở cả hai tổ chức hoặc lần chuyển này được tính là tăng hay giảm của phường (Biểu 1)."
)
_ON_OTHER_ROLL_FIX = {
    "transfer_out": (
        "Hãy đề nghị tổ chức có tệp đó thêm ở sheet \u201cBiến động\u201d dòng \u201cChuyển "
        "đến\u201d, phạm vi \u201cTrong Đảng bộ phường\u201d, ghi ngày nhận người này (không trước "
        "ngày chuyển đi ở dòng này), họ tên và ngày sinh giống dòng này; khi có dòng đó, lần chuyển "
        "không tính là tăng hoặc giảm và số đầu kỳ đúng."
    ),
    "transfer_in": (
        "Hãy đề nghị tổ chức có tệp đó thêm ở sheet \u201cBiến động\u201d dòng \u201cChuyển "
        "đi\u201d, phạm vi \u201cTrong Đảng bộ phường\u201d, ghi ngày người này chuyển đi (không sau "
        "ngày chuyển đến ở dòng này), họ tên và ngày sinh giống dòng này, và xóa người này khỏi "
        f"sheet \u201c{layout.SHEET_MEMBERS}\u201d của tệp đó; khi có dòng đó, lần chuyển không tính "
        "là tăng hoặc giảm."
    ),
}
_ON_OTHER_ROLL_FIX_HIDDEN = (
    "Hãy đề nghị tổ chức có tệp đó ghi dòng biến động tương ứng ở sheet \u201cBiến động\u201d, "
    "phạm vi \u201cTrong Đảng bộ phường\u201d, họ tên và ngày sinh giống dòng này, và sửa danh "
    "sách đảng viên của tệp đó cho đúng."
)


# What Biểu 1 counts for an internal side without its other side (`toolkit.stats.period`): the
# member is between two organisations of the ward, on one roll only from the day of the other
# side, which is after the cut-off (or before the files' period) when the files are right.
_IN_TRANSIT = {
    "transfer_out": (
        "Cho đến khi có dòng đó, Biểu 1 tính dòng này ở mục \u201cChuyển đi\u201d (C.5) và số liệu "
        "của phường không có người này: nếu tổ chức kia nhận người này sau ngày chốt, người này "
        "đang chuyển giữa hai tổ chức của phường qua ngày chốt, số liệu lần này đúng và không cần "
        "sửa gì (khi cả hai dòng có trong các tệp, lần chuyển không tính là tăng hoặc giảm)."
    ),
    "transfer_in": (
        "Cho đến khi có dòng đó, Biểu 1 tính dòng này ở mục \u201cChuyển đến\u201d (B.2): nếu tổ "
        "chức kia ghi chuyển đi người này trước kỳ của các tệp lần này, người này đang chuyển giữa "
        "hai tổ chức của phường qua ngày đầu kỳ, số liệu lần này đúng và không cần sửa gì."
    ),
}
# `_IN_TRANSIT` of the rows of one file and kind of change, one warning (`_flag_in_transit`):
# a chi bộ merged away sends no file, and its members' arrivals have no other side.
_IN_TRANSIT_GROUPED = {
    "transfer_out": (
        "Cho đến khi có các dòng đó, Biểu 1 tính các dòng này ở mục \u201cChuyển đi\u201d (C.5) và số "
        "liệu của phường không có những người này: nếu tổ chức kia nhận họ sau ngày chốt, họ đang "
        "chuyển giữa hai tổ chức của phường qua ngày chốt, số liệu lần này đúng và không cần sửa gì "
        "(khi cả hai dòng có trong các tệp, lần chuyển không tính là tăng hoặc giảm)."
    ),
    "transfer_in": (
        "Cho đến khi có các dòng đó, Biểu 1 tính các dòng này ở mục \u201cChuyển đến\u201d (B.2). Nếu "
        "tổ chức chuyển đi đã giải thể hoặc sáp nhập và không còn gửi tệp, tệp này không cần sửa "
        "gì; nếu tổ chức đó ghi chuyển đi những người này trước kỳ của các tệp lần này, họ đang "
        "chuyển giữa hai tổ chức của phường qua ngày đầu kỳ, số liệu lần này đúng và không cần sửa gì."
    ),
}
_IN_TRANSIT_HIDDEN = (
    "Cho đến khi có dòng đó, Biểu 1 tính dòng này là chuyển đến hoặc chuyển đi (mục B.2 hoặc C.5): "
    "nếu tổ chức kia ghi dòng tương ứng ngoài kỳ của các tệp lần này (người này đang chuyển giữa "
    "hai tổ chức của phường qua ngày chốt hoặc ngày đầu kỳ), số liệu lần này đúng và không cần sửa gì."
)


_UPGRADE = (
    "nâng cấp tệp (nút \u201cNâng cấp\u201d ở sheet \u201cĐiều khiển\u201d của tệp tổng hợp, Nang cap.cmd, "
    "hoặc lệnh ward-stats upgrade)"
)
_NOT_INSIDE = (
    "nếu người này không chuyển trong Đảng bộ phường, hãy chọn phạm vi đúng và đề nghị tổ chức kia "
    "sửa phạm vi ở dòng của họ"
)


@check("event.transfer_scope_inferred", ward=True)
def transfer_scope_inferred(ctx: Context) -> None:
    """A transfer without a scope taken to be inside the ward (`inferred_scopes`), said at its
    row: which file says so, what the ward's figures count, and what to fill in. A current
    file's empty scope is `event.no_transfer_scope`, an error, and is not said again."""
    pairs = inferred_scopes(ctx)
    if pairs.empty:
        return
    e = ctx.events
    first = pairs.drop_duplicates("unscoped").set_index("unscoped")["internal"]
    rows = e.loc[pd.Index(first.index)]
    said = e.loc[pd.Index(first.to_numpy())]
    other_file = pd.Series(
        [ctx.subs[int(i)].path.name for i in said["_sub"].tolist()], index=rows.index, dtype=object
    )
    other_row = pd.Series(said["_row"].astype(int).to_numpy(), index=rows.index, dtype=object)
    kind = ctx.kind_of(rows)
    internal = vocab.TRANSFER_SCOPE.label("internal")
    words = {
        "name": rows["full_name"],
        "birth": rows["birth_date"],
        "date": rows["event_date"],
        "event": lambda row: _lower_first(vocab.EVENT_TYPE.label(row.event_type)),
        "other_event": lambda row: vocab.EVENT_TYPE.label(_INTERNAL_OTHER_SIDE[row.event_type]),
        "other_file": other_file,
        "other_row": other_row,
        "internal": internal,
    }
    ctx.flag(
        rows,
        kind == OLD,
        "event.transfer_scope_inferred",
        _E,
        "event_type",
        value=lambda row: vocab.EVENT_TYPE.label(row.event_type),
        fix=(
            f"Tệp theo mẫu cũ 2026.1 không có cột \u201c{_E.field('transfer_scope').header}\u201d: hãy "
            f"{_UPGRADE} rồi chọn \u201c{internal}\u201d ở dòng này; {_NOT_INSIDE}."
        ),
        **words,
    )
    ctx.flag(
        rows,
        kind == UPGRADED,
        "event.transfer_scope_inferred",
        _E,
        "transfer_scope",
        value="",
        fix=f"Hãy chọn \u201c{internal}\u201d ở ô này; {_NOT_INSIDE}.",
        **words,
    )


@check("event.transfer_dates_reversed", ward=True)
def transfer_dates_reversed(ctx: Context) -> None:
    """The two sides of a move inside the ward (`_paired_sides`, as consolidation pairs them)
    whose arrival is dated before its departure (`transfers.dates_reversed`): one of the two
    dates is typed wrong. Said at the date of both rows, each naming the other's file, sheet
    and cell; the ward's figures count the pair as one move inside the ward, never in transit
    (`toolkit.stats.period`)."""
    rows, other = _paired_rows(ctx)
    if rows.empty:
        return
    other_dates = pd.Series(other["event_date"].to_numpy(), index=rows.index)
    hit = transfers.dates_reversed(rows, other_dates)
    if not hit.any():
        return
    rows, other = rows[hit], other[hit]
    out = rows["event_type"].to_numpy(dtype=object) == "transfer_out"
    own, theirs = rows["event_date"].to_numpy(), other["event_date"].to_numpy()
    own_dates = rows["event_date"].tolist()
    ctx.flag(
        rows,
        None,
        "event.transfer_dates_reversed",
        _E,
        "event_date",
        value=rows["event_date"],
        name=rows["full_name"],
        birth=rows["birth_date"],
        in_date=pd.Series(np.where(out, theirs, own), index=rows.index),
        out_date=pd.Series(np.where(out, own, theirs), index=rows.index),
        # The other file's date masked in this file's feedback (`rules.FEEDBACK_SUFFIX`).
        in_date_feedback=pd.Series(
            [HIDDEN if o else d for o, d in zip(out, own_dates, strict=True)], index=rows.index, dtype=object
        ),
        out_date_feedback=pd.Series(
            [d if o else HIDDEN for o, d in zip(out, own_dates, strict=True)], index=rows.index, dtype=object
        ),
        **_other_side_params(ctx, rows, other, "event_date"),
    )


@check("event.internal_transfer_accents", ward=True)
def internal_transfer_accents(ctx: Context) -> None:
    """The two sides of a move inside the ward (`_paired_sides`, as consolidation pairs them)
    whose names are not alike: paired because one lacks some of the other's marks
    (`transfers.other_sides`, hunt83 #4). Said at the name cell of both rows, each quoting the
    other's spelling and naming its file, sheet and cell, neutrally (twins are two people)."""
    rows, other = _paired_rows(ctx)
    if rows.empty:
        return
    hit = rows["_key"].to_numpy(dtype=object) != other["_key"].to_numpy(dtype=object)
    if not hit.any():
        return
    rows, other = rows[hit], other[hit]
    ctx.flag(
        rows,
        None,
        "event.internal_transfer_accents",
        _E,
        "full_name",
        value=rows["full_name"],
        name=rows["full_name"],
        birth=rows["birth_date"],
        date=rows["event_date"],
        other_name=pd.Series(other["full_name"].to_numpy(dtype=object), index=rows.index, dtype=object),
        **_other_side_params(ctx, rows, other, "full_name"),
    )


@check("event.transfer_scope_within_ward", ward=True)
def transfers_between_files_of_the_ward(ctx: Context) -> None:
    """A transfer out in one file of the ward and a transfer in in another, of the same person
    (name key and birth date, or names that differ only by marks one or each lacks,
    `transfers.marks_alike`) within `transfers.ONE_MOVE_DAYS`, is most likely one move inside
    the ward: when either side names another scope, the ward's figures count it as a member who
    left the ward and one who joined it (Biểu 1 B.2 and C.5), so it is said at that side. A row
    that consolidation already pairs as a move inside the ward (`_paired_sides`) is nobody
    else's other side, and the rows left are paired one to one as consolidation pairs them
    (`transfers.phased_pairs`: exact names before names differing by marks, hunt100 #5); the
    other side's spelling is quoted when it differs."""
    ek = _keyed_events(ctx)
    moves = ek[ek["event_type"].isin(tuple(_INTERNAL_OTHER_SIDE)) & ek["event_date"].notna()]
    if moves.empty:
        return
    sides, partner = _paired_sides(ctx)
    free = moves[~moves.index.isin(sides.index[partner >= 0])]
    bare = [vocab.accentless_key(k) for k in free["_key"].tolist()]
    cols = ["_sub", "_key", "_bare", "birth_date", "event_date"]
    keyed = free.assign(_bare=bare, _label=free.index)[[*cols, "_label", "event_type"]]
    outs = keyed[(keyed["event_type"] == "transfer_out").to_numpy(dtype=bool)]
    ins = keyed[(keyed["event_type"] == "transfer_in").to_numpy(dtype=bool)]
    pairs = outs.merge(ins, on=["_bare", "birth_date"], suffixes=("_out", "_in"))
    near = (pairs["_sub_out"] != pairs["_sub_in"]) & (
        (pairs["event_date_out"] - pairs["event_date_in"]).abs() <= pd.Timedelta(days=transfers.ONE_MOVE_DAYS)
    )
    pairs = pairs[near.to_numpy(dtype=bool)]
    exact = (pairs["_key_out"] == pairs["_key_in"]).to_numpy(dtype=bool)
    alike = np.array(
        [
            transfers.marks_alike(a, b)
            for a, b in zip(pairs["_key_out"].tolist(), pairs["_key_in"].tolist(), strict=True)
        ],
        dtype=bool,
    )
    pairs = pairs[exact | alike]
    if pairs.empty:
        return
    chosen = transfers.phased_pairs(
        pairs["_label_out"].to_numpy(dtype=object),
        pairs["_label_in"].to_numpy(dtype=object),
        pairs["event_date_out"],
        pairs["event_date_in"],
        (pairs["_key_out"] != pairs["_key_in"]).to_numpy(dtype=bool),
    )
    other = {a: b for pair in chosen for a, b in (pair, pair[::-1])}
    # A side without a scope is said elsewhere: a current file's is `event.no_transfer_scope`;
    # an upgraded file's `event.to_complete_after_upgrade` (counted as a move from or to outside
    # the ward until it is filled), and a 2026.1 file's `file.old_template`; or, when the other
    # side says "inside the ward", `event.transfer_scope_inferred` (counted as inside).
    outside = moves["transfer_scope"].notna() & (moves["transfer_scope"] != "internal")
    hit = moves.index.isin(list(other)) & outside.to_numpy(dtype=bool)
    if not hit.any():
        return
    rows = moves[hit]
    theirs = ek.loc[pd.Index([other[i] for i in rows.index])]
    differs = rows["_key"].to_numpy(dtype=object) != theirs["_key"].to_numpy(dtype=object)
    names = theirs["full_name"].tolist()
    ctx.flag(
        rows,
        None,
        "event.transfer_scope_within_ward",
        _E,
        "transfer_scope",
        value=lambda row: (
            vocab.TRANSFER_SCOPE.label(row.transfer_scope)
            if row.transfer_scope in vocab.TRANSFER_SCOPE.codes
            else ""
        ),
        name=rows["full_name"],
        birth=rows["birth_date"],
        date=rows["event_date"],
        event=lambda row: _lower_first(vocab.EVENT_TYPE.label(row.event_type)),
        other_event=lambda row: vocab.EVENT_TYPE.label(_INTERNAL_OTHER_SIDE[row.event_type]),
        other_file=pd.Series(
            [ctx.subs[int(i)].path.name for i in theirs["_sub"].tolist()], index=rows.index, dtype=object
        ),
        spelled=pd.Series(
            [_OTHER_SPELLING.format(name=n) if d else "" for n, d in zip(names, differs, strict=True)],
            index=rows.index,
            dtype=object,
        ),
        spelled_hidden=pd.Series(
            [_OTHER_SPELLING.format(name=HIDDEN) if d else "" for d in differs],
            index=rows.index,
            dtype=object,
        ),
        internal=vocab.TRANSFER_SCOPE.label("internal"),
    )


# `event.transfer_scope_within_ward`'s words for another side whose name differs by marks.
_OTHER_SPELLING = " (ghi họ tên \u201c{name}\u201d, cùng ngày sinh, họ tên chỉ khác nhau ở dấu)"


_MAX_CODES_SHOWN = 5


def _not_read_text(ctx: Context) -> str:
    """What `event.internal_transfer_unmatched` adds when the other side may be in a file this
    run has not read: the registry's organisations with no readable file, or else the files
    that could not be read."""
    read = {org_code_key(s.org_code) for s in ctx.subs if s.readable and s.org_code}
    if ctx.registry is not None:
        codes = [o.org_code for o in ctx.registry.organisations if org_code_key(o.org_code) not in read]
        if not codes:
            return ""
        shown = ", ".join(codes[:_MAX_CODES_SHOWN]) + (", …" if len(codes) > _MAX_CODES_SHOWN else "")
        return (
            f" Lưu ý: chưa đọc được số liệu của {len(codes)} tổ chức ({shown}); nếu người này chuyển "
            "từ hoặc đến một trong các tổ chức đó, dòng tương ứng có thể nằm ở tệp của tổ chức ấy."
        )
    unread = sum(1 for s in ctx.subs if not s.readable and not s.own_output)
    if not unread:
        return ""
    return f" Lưu ý: {unread} tệp không đọc được; dòng tương ứng có thể nằm ở đó."


# The accents' warning's advice: the change quoted (the aliased latest) took the member off
# the roll, or an earlier change typed as the member's name did and the one quoted did not.
_ACCENTS_LEFT = (
    "Số liệu đang tính đây là hai người khác nhau. Nếu là một người, người này đã ra khỏi danh "
    f"sách mà vẫn còn trong danh sách: hãy xóa dòng này ở sheet \u201c{layout.SHEET_MEMBERS}\u201d "
    "(hoặc sửa biến động) và ghi họ tên có dấu giống hệt nhau ở cả hai dòng. Nếu là hai người "
    "khác nhau (ví dụ anh chị em sinh đôi), không cần sửa."
)
_ACCENTS_BACK = (
    "Biến động mới nhất ghi đúng họ tên của đảng viên này đưa người này ra khỏi danh sách; "
    "biến động trên, ghi sau đó, thì không. Nếu là một người, không cần sửa số liệu: hãy ghi "
    "họ tên có dấu giống hệt nhau ở mọi dòng của người này. Nếu là hai người khác nhau (ví dụ "
    "anh chị em sinh đôi), đảng viên này đã ra khỏi danh sách mà vẫn còn trong danh sách: hãy "
    f"xóa dòng này ở sheet \u201c{layout.SHEET_MEMBERS}\u201d hoặc sửa biến động."
)


@check("event.left_still_on_roll", "event.left_still_on_roll_accents")
def left_still_on_roll(ctx: Context) -> None:
    """A member whose latest change took them off the roll must not be on the roll, read two
    ways (hunt83, hunt87): E, each spelling's own latest change (`_latest_events`), the rows
    typed as the member's name; A, one timeline of the rows typed as it or with fewer of its
    marks (`_resolved_events`: out, then back, each row missing another mark, hunt83 #2). Both
    saying the member left, or E's latest a final change nothing in A undoes (a death always:
    `left_party.still_left`; a later row with fewer marks never hides it, hunt87 m1), is
    `event.left_still_on_roll`, the error. Only one of them saying so rests on the accents
    alone (twins, Hoa and Hòa: hunt83 #1): `event.left_still_on_roll_accents`, a warning at the
    member quoting A's latest change (the row typed otherwise) and both spellings. The rows of
    one day may be typed in either order: of a person's changes on their latest day a death is
    the later, then a joining change (left and came back that day), whichever row is first
    (`_whichever_typed_first`, hunt110 #1). Only the changes dated on or before the cut-off are
    read (`left_party.by_cutoff`), as `event.joined_not_on_roll` reads only those of the period: a member
    who died after the cut-off was on the roll at it, and was told to be taken off it (hunt121
    F1); a member taken off it for such a change is `event.left_after_cutoff_not_on_roll`."""
    if ctx.members.empty:
        return
    ek = _keyed_events(ctx)
    if ek.empty:
        return
    held = by_cutoff(ek)
    if held.empty:
        return
    columns = ["event_type", "event_date", "_row", "full_name"]
    # E: the latest change of each spelling on the roll as typed, when it took them off.
    e_latest = _whichever_typed_first(held, _latest_events(ctx) if held is ek else _latest_of(held))
    e_left = e_latest[e_latest["event_type"].isin(vocab.LEAVING_EVENTS).to_numpy(dtype=bool)]
    e_left = e_left[_on_roll(ctx, e_left)]
    # A: the latest change of the one timeline, when it took the roll's member off.
    resolved = by_cutoff(_resolved_events(ctx))
    a_latest = _whichever_typed_first(
        resolved, _latest_resolved(ctx) if resolved is _resolved_events(ctx) else _latest_of(resolved)
    )
    a_left = a_latest[a_latest["event_type"].isin(vocab.LEAVING_EVENTS).to_numpy(dtype=bool)]
    a_aliased = (a_left["_key"] != a_left["_typed"]).to_numpy(dtype=bool)
    a_left = a_left[a_aliased | _on_roll(ctx, a_left)]
    if e_left.empty and a_left.empty:
        return
    people = pd.concat([e_left[_PERSON], a_left[_PERSON]]).drop_duplicates()
    people = people.merge(
        e_left[[*_PERSON, *columns]].rename(columns={c: f"{c}_e" for c in columns}), on=_PERSON, how="left"
    ).merge(
        a_latest[[*_PERSON, *columns]].rename(columns={c: f"{c}_a" for c in columns}), on=_PERSON, how="left"
    )
    said_e = people["event_type_e"].notna().to_numpy(dtype=bool)
    said_a = people["event_type_a"].isin(vocab.LEAVING_EVENTS).to_numpy(dtype=bool)
    final = people["event_type_e"].isin(FINAL_EVENTS).to_numpy(dtype=bool, copy=True)
    if final.any():
        rk = resolved
        back = rk[rk["event_type"].isin(RETURNING_EVENTS).to_numpy(dtype=bool) & rk["event_date"].notna()]
        returned = back.groupby(_PERSON)["event_date"].max().rename("_returned").reset_index()
        dates = people[_PERSON].merge(returned, on=_PERSON, how="left")["_returned"]
        final &= np.array(
            [
                bool(held) and still_left(kind, _day(date), _day(back_on))
                for held, kind, date, back_on in zip(
                    final, people["event_type_e"], people["event_date_e"], dates, strict=True
                )
            ],
            dtype=bool,
        )
    error = said_e & (said_a | final)
    warning = (said_e != said_a) & ~error
    people = people[error | warning].assign(_error=error[error | warning])
    if people.empty:
        return
    mk = _keyed_members(ctx)
    mine = mk["_key"].isin(people["_key"].to_numpy()).to_numpy(dtype=bool)
    hits = mk[mine].merge(people, on=_PERSON)
    for code, chosen in (
        ("event.left_still_on_roll", hits["_error"].to_numpy(dtype=bool)),
        ("event.left_still_on_roll_accents", ~hits["_error"].to_numpy(dtype=bool)),
    ):
        found = hits[chosen]
        if found.empty:
            continue
        # The error quotes E's change (typed as the member's name), the warning A's latest.
        side = "_e" if code == "event.left_still_on_roll" else "_a"
        spelled = (
            {
                "birth": found["birth_date"],
                "other_name": found["full_name_a"],
                "then": np.where(found["event_type_e"].notna(), _ACCENTS_BACK, _ACCENTS_LEFT),
            }
            if side == "_a"
            else {}
        )
        ctx.flag(
            found,
            None,
            code,
            layout.MEMBERS,
            "full_name",
            value=found["full_name"],
            name=found["full_name"],
            event=found[f"event_type{side}"].map(vocab.EVENT_TYPE.label),
            date=found[f"event_date{side}"],
            events_sheet=layout.SHEET_EVENTS,
            event_row=found[f"_row{side}"],
            **spelled,
        )


# Changes after the cut-off whose person the roll at the cut-off still lacks: an admission is
# `member.after_cutoff`'s (the roll's admission date is the row's).
_JOINING_LATER = ("transfer_in", "restored", "readmitted")


@check("event.left_after_cutoff_not_on_roll", "event.joined_after_cutoff_on_roll")
def roll_before_later_change(ctx: Context) -> None:
    """The roll is the roll at the cut-off, before any change dated after it. A file is often
    filled days after the cut-off, and a secretary who writes such a change also changes the
    roll: the change is `event.after_cutoff`, but deleting that row alone left the file passing
    with the roll wrong, in every figure of the ward (hunt121 F1). So, by each person's first
    change after the cut-off, unless an earlier change of the file already had them where that
    change takes them:
    - one taking them off the roll (a death, a move away, leaving the Party), the person not on
      the roll: `event.left_after_cutoff_not_on_roll`, an error (one member short), saying to put
      them back and write the change in the next period's file;
    - one bringing them onto it (`_JOINING_LATER`), the person on the roll:
      `event.joined_after_cutoff_on_roll`, an error (one member too many), saying to take them
      off until the next period. An admission is `member.after_cutoff`'s.
    A person on the roll under a name the row's differs from only by accents is on it (as
    `event.joined_not_on_roll` takes it; a row two members could be is taken as on it for the
    first, as one of them typed without accents, and as not for the second, as no guess is
    made). Only the files whose members sheet was read are looked at."""
    ek = _keyed_events(ctx)
    if ek.empty:
        return
    held = by_cutoff(ek)
    if held is ek:
        return
    later = ek.drop(held.index)
    first = later.sort_values([*_PERSON, "event_date", "_row"]).drop_duplicates(_PERSON, keep="first")
    kind = first["event_type"]
    leaving = kind.isin(vocab.LEAVING_EVENTS).to_numpy(dtype=bool)
    joining = kind.isin(_JOINING_LATER).to_numpy(dtype=bool)
    cand = first[(leaving | joining) & ctx.members_read(first)]
    if cand.empty:
        return
    if not held.empty:
        # Where the file's own latest change by the cut-off left them: nothing to undo.
        latest = _whichever_typed_first(held, _latest_of(held))
        was_off = latest["event_type"].isin(vocab.LEAVING_EVENTS).to_numpy(dtype=bool)
        was_on = latest["event_type"].isin(_JOINING).to_numpy(dtype=bool)
        going = cand["event_type"].isin(vocab.LEAVING_EVENTS).to_numpy(dtype=bool)
        already = np.where(
            going,
            _rows_in(cand, _PERSON, set(_row_keys(latest[was_off], _PERSON))),
            _rows_in(cand, _PERSON, set(_row_keys(latest[was_on], _PERSON))),
        )
        cand = cand[~already]
        if cand.empty:
            return
    going = cand["event_type"].isin(vocab.LEAVING_EVENTS).to_numpy(dtype=bool)
    on_roll = _on_roll(ctx, cand) | _on_roll_but_accents(ctx, cand)
    near = np.array([len(rows) > 0 for rows in _roll_accent_rows(ctx, cand)], dtype=bool)
    params = {
        "value": cand["full_name"],
        "name": cand["full_name"],
        "event": lambda row: vocab.EVENT_TYPE.label(row.event_type),
        "date": cand["event_date"],
        "cutoff": cand["_D"],
        "members_sheet": layout.SHEET_MEMBERS,
    }
    # A roll row of the name without a birth date may be the person (hunt135 F2).
    undated = np.array([bool(r) for r in _namesakes(ctx, cand, roll=True, dated=False)], dtype=bool)
    missing, extra = going & ~(on_roll | near | undated), ~going & on_roll
    ctx.flag(cand, missing, "event.left_after_cutoff_not_on_roll", _E, "full_name", **params)
    ctx.flag(cand, extra, "event.joined_after_cutoff_on_roll", _E, "full_name", **params)


# Which of a person's changes of one day is the later, whichever row was typed first (hunt110
# #1): a death (nobody comes back from it), then a joining change (left and came back that day),
# then the other leaving changes, by row.
_SAME_DAY_RANK = {"died": 2, **dict.fromkeys(_JOINING, 1)}


def _whichever_typed_first(events: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """`latest` (`_latest_of(events)`) with each person's latest change chosen among the changes
    of their latest day by `_SAME_DAY_RANK` before their rows: the rows of one day may be typed in
    either order. Only the people with a death or a joining change dated their latest day are
    sorted again. People are numbered once (`groupby.ngroup`, a missing birth date one group as
    in `_latest_of`) and compared as numbers: a province's 83,000 changes as tuples took 0.8 s."""
    rank = events["event_type"].map(_SAME_DAY_RANK).fillna(0)
    ranked = (rank > 0).to_numpy(dtype=bool) & events["event_date"].notna().to_numpy(dtype=bool)
    if not ranked.any():
        return latest
    person = events.groupby(_PERSON, sort=False, dropna=False).ngroup().to_numpy()
    at = events.index.get_indexer(latest.index)  # `latest`'s rows are rows of `events`
    dates = events["event_date"].to_numpy(dtype="datetime64[ns]").view("int64")
    last_day = np.full(int(person.max()) + 1, np.iinfo(np.int64).min, dtype=np.int64)  # NaT's
    last_day[person[at]] = dates[at]
    people = np.zeros(len(last_day), dtype=bool)
    people[person[ranked & (dates == last_day[person])]] = True
    if not people.any():
        return latest
    mine = people[person]
    again = (
        events[mine]
        .assign(_rank=rank[mine])
        .sort_values([*_PERSON, "event_date", "_rank", "_row"], na_position="first")
        .drop_duplicates(_PERSON, keep="last")
        .drop(columns="_rank")
    )
    rest = latest[~people[person[at]]]
    return pd.concat([rest, again])


def _row_keys(frame: pd.DataFrame, columns: list[str]) -> list[tuple[Any, ...]]:
    """Each row of `frame` as the tuple of its `columns`' values, a date as its nanoseconds (a
    missing one as NaT's, so two rows missing it have equal keys, as `pd.MultiIndex.isin` holds
    them). A few thousand changes: a `MultiIndex` of them took 5 ms to build, the tuples a tenth."""
    return list(zip(*(_hashable(frame[c]) for c in columns), strict=True))


def _hashable(column: pd.Series) -> list[Any]:
    if pd.api.types.is_datetime64_dtype(column.dtype):
        return column.to_numpy(dtype="datetime64[ns]").view("int64").tolist()
    return column.tolist()


def _rows_in(frame: pd.DataFrame, columns: list[str], keys: set[tuple[Any, ...]]) -> np.ndarray:
    """Whether each row's `_row_keys` is one of `keys`."""
    return np.fromiter((key in keys for key in _row_keys(frame, columns)), dtype=bool, count=len(frame))


def _resolved_events(ctx: Context) -> pd.DataFrame:
    """`_keyed_events` with each row typed with fewer marks than the name of one member of its
    file's roll (`_roll_aliases`) under that member's name key in `_key`, the key as typed in
    `_typed`: a person's rows are one timeline however each was typed (hunt83 #2)."""
    ek = _keyed_events(ctx)

    def compute() -> pd.DataFrame:
        aliases = _roll_aliases(ctx, ek)
        return ek.assign(_typed=ek["_key"], _key=aliases.where(aliases.notna(), ek["_key"]))

    return ctx.memo("resolved_events", ek, compute)


def _latest_resolved(ctx: Context) -> pd.DataFrame:
    """Each person's latest change in their file (by date, then row) of `_resolved_events`."""
    rk = _resolved_events(ctx)
    return ctx.memo("latest_resolved", rk, lambda: _latest_of(rk))


def _roll_aliases(ctx: Context, events: pd.DataFrame) -> pd.Series:
    """The name key of the member of its file's roll that each row of `events` (rows of
    `_keyed_events`) not on the roll as typed is, by accents (`vocab.accent_aliases`, the rule a
    `Kết nạp lại` row is matched by: the one member of its own file whose name has the row's
    marks and more, hunt71 #2, hunt78 #1), None for the others. Only the rows not on the roll as
    typed, and the members born on their dates, are looked at."""
    out = pd.Series(None, index=events.index, dtype=object)
    off = ~_on_roll(ctx, events)
    if not off.any():
        return out
    rows = events[off]
    people = roll_born(ctx, set(rows["birth_date"].tolist()))
    # Only a row one of its file's members has the letters of (its key without accents) may be
    # one's: the others, most of a city's changes, are not asked (`_resolved_events` asks all).
    folds = {(vocab.accentless_key(key), birth, sub) for key, birth, sub in people}
    rows = rows[
        [
            (vocab.accentless_key(key), birth, int(sub)) in folds
            for key, birth, sub in zip(rows["_key"], rows["birth_date"], rows["_sub"], strict=True)
        ]
    ]
    if rows.empty:
        return out
    columns = [rows[c].tolist() for c in ("_key", "birth_date", "_sub")]
    aliases = vocab.accent_aliases(
        ((key, birth, int(sub)) for key, birth, sub in zip(*columns, strict=True)), people
    )
    roll = set(people)
    found = [aliases.get((key, birth, int(sub))) for key, birth, sub in zip(*columns, strict=True)]
    out[rows.index] = [
        alias if (alias, birth, int(sub)) in roll else None
        for alias, birth, sub in zip(found, columns[1], columns[2], strict=True)
    ]
    return out


def _roll_accent_rows(ctx: Context, events: pd.DataFrame) -> list[tuple[int, ...]]:
    """For each row of `events` (rows of `_keyed_events`) not on its file's roll as typed, the
    Excel rows of the members of that roll of its birth date whose names have the row's marks
    and more (`vocab.marks_within`, the own-file rule of `vocab.accent_aliases`), in order;
    empty for the others. One such member is the row's (`_roll_aliases`); two or more are whom
    a row typed without accents may be ("Nguyen Van An" beside the roll's Nguyễn Văn Ân and
    Nguyễn Văn An), and `vocab.accent_aliases` matches it to none of them (hunt114 F2)."""
    out: list[tuple[int, ...]] = [()] * len(events)
    off = ~_on_roll(ctx, events)
    if not off.any():
        return out
    mk = _keyed_members(ctx)
    mk = mk[mk["birth_date"].isin(events.loc[off, "birth_date"].unique()).to_numpy(dtype=bool)]
    members: defaultdict[tuple[int, str, object], list[tuple[int, str]]] = defaultdict(list)
    for sub, key, birth, row in zip(mk["_sub"], mk["_key"], mk["birth_date"], mk["_row"], strict=True):
        members[(int(sub), vocab.accentless_key(key), birth)].append((int(row), key))
    unmatched = np.flatnonzero(off).tolist()  # rows looked up, no issue made here (`Context.flag` makes them)
    for i in unmatched:
        sub, key, birth = int(events["_sub"].iat[i]), events["_key"].iat[i], events["birth_date"].iat[i]
        near = members.get((sub, vocab.accentless_key(key), birth), ())
        out[i] = tuple(sorted(row for row, name in near if vocab.marks_within(key, name)))
    return out


def _on_roll_but_accents(ctx: Context, events: pd.DataFrame) -> np.ndarray:
    """Whether the person of each row of `events` (rows of `_keyed_events`) is on their file's
    roll under a name the row's differs from only by accents (`_roll_aliases`)."""
    return _roll_aliases(ctx, events).notna().to_numpy(dtype=bool)


@check("event.joined_not_on_roll", "event.joined_not_on_roll_accents", "event.joined_not_on_roll_ambiguous")
def joined_not_on_roll(ctx: Context) -> None:
    """A person whose latest change in the file, inside the period, brought them onto its roll
    (admitted, readmitted, transferred in, restored) must be on its roll: else the opening
    balance Biểu 1 derives (roster − joined + left) is one short, unseen. A member who moved
    to another organisation of the ward has a `Chuyển đi` row after. A row whose name differs
    from a member's of its file only by accents is that member's (`_on_roll_but_accents`, as
    the row's readmission is counted for him; `event.name_without_accents` asks to type the name
    alike). Only the files whose members sheet was read are looked at. The rows of one day may
    be typed in either order: a leaving change of the person (as typed) dated the joining
    change's day, typed before it, is theirs all the same (`_left_that_day`, hunt107 s2).

    A later leaving row whose name differs only by accents (`_departures_by_accents`) is the
    person's departure only by the accents, which twins a mark apart (Hòa in, forgotten on the
    roll; Hoa out) share (hunt97 m1): `event.joined_not_on_roll_accents`, a warning quoting both
    spellings and the leaving row, saying what one person (counted as left: type the name alike)
    and two (add this one to the roll) mean. The figures count it as now, as one person who left.

    A row two or more members of its file's roll could be by accents (`_roll_accent_rows`:
    "Nguyen Van An" beside Nguyễn Văn Ân and Nguyễn Văn An, one birth date) is matched to none,
    as no guess is made, but is no sign that the roll lacks anyone: the roll has its person if
    the row is one of them typed without accents. It is `event.joined_not_on_roll_ambiguous`,
    a warning naming those members' rows and saying both readings, never the plain warning's
    "the opening is one short" (hunt114 F2). The figures count the change as typed.

    A roll row of the name without a birth date (empty or unread, its error at that cell) may be
    the person: nothing is said. One of another birth date may be too: the warning names its
    row (`namesake`), so the person is not added twice (hunt135 F2). Nor is anything said of a
    person among the member rows moved right of the table (`_moved_out`, `file.rows_outside`)."""
    if _keyed_events(ctx).empty:
        return
    latest = _latest_events(ctx)
    date = latest["event_date"]
    joined = (
        latest["event_type"].isin(_JOINING)
        & date.notna()
        & latest["_start"].notna()
        & latest["_D"].notna()
        & (date >= latest["_start"])
        & (date <= latest["_D"])
    ).to_numpy(dtype=bool)
    cand = latest[joined & ctx.members_read(latest)]
    if cand.empty:
        return
    on_roll = _on_roll(ctx, cand) | _on_roll_but_accents(ctx, cand)
    # The rows of one day may be typed in either order: off the roll, a change taking the
    # person off it that same day is the later one, they came and left (hunt107 s2).
    on_roll[~on_roll] = _left_that_day(ctx, cand[~on_roll])
    # A change another organisation also records is `event.duplicate_other_file`'s error: the
    # files must first agree which of them records it, not add the person to both rolls.
    on_roll |= _recorded_elsewhere(ctx, cand)
    # A roll row of the name whose birth date is missing (empty or unread, its own error at that
    # cell) may be this person: unmatched for its date alone, the roll lacks no one (hunt135 F2).
    # Only the rows still unmatched are asked: a province's joining changes are most on the roll.
    on_roll[~on_roll] = [bool(r) for r in _namesakes(ctx, cand[~on_roll], roll=True, dated=False)]
    # A member among the rows moved right of the table is on the list, only outside its table:
    # `file.rows_outside` says to move them back, not to add them (hunt135 F3).
    on_roll |= _moved_out(ctx, cand, layout.SHEET_MEMBERS)
    left = _departures_by_accents(ctx, cand[~on_roll])
    by_accents = np.zeros(len(cand), dtype=bool)
    by_accents[np.flatnonzero(~on_roll)] = [d is not None for d in left]
    plain = ~(on_roll | by_accents)
    near: list[tuple[int, ...]] = [()] * len(cand)
    for i, held in zip(np.flatnonzero(plain).tolist(), _roll_accent_rows(ctx, cand[plain]), strict=True):
        near[i] = held
    ambiguous = np.array([len(held) > 1 for held in near], dtype=bool)
    missing = cand[plain & ~ambiguous]
    ctx.flag(
        missing,
        None,
        "event.joined_not_on_roll",
        _E,
        "full_name",
        value=missing["full_name"],
        name=missing["full_name"],
        event=lambda row: vocab.EVENT_TYPE.label(row.event_type),
        date=missing["event_date"],
        members_sheet=layout.SHEET_MEMBERS,
        namesake=_namesake_notes(_namesakes(ctx, missing, roll=True, dated=True), _ROLL_NAMESAKE),
    )
    if ambiguous.any():
        several = cand[ambiguous]
        rows = [held for held in near if len(held) > 1]
        ctx.flag(
            several,
            None,
            "event.joined_not_on_roll_ambiguous",
            _E,
            "full_name",
            value=several["full_name"],
            name=several["full_name"],
            birth=several["birth_date"],
            event=lambda row: vocab.EVENT_TYPE.label(row.event_type),
            date=several["event_date"],
            count=np.array([len(r) for r in rows]),
            member_rows=np.array([_row_list(r) for r in rows], dtype=object),
            members_sheet=layout.SHEET_MEMBERS,
        )
    if not by_accents.any():
        return
    found = cand[by_accents]
    departures = [d for d in left if d is not None]
    ctx.flag(
        found,
        None,
        "event.joined_not_on_roll_accents",
        _E,
        "full_name",
        value=found["full_name"],
        name=found["full_name"],
        birth=found["birth_date"],
        event=lambda row: vocab.EVENT_TYPE.label(row.event_type),
        date=found["event_date"],
        other_row=np.array([d.row for d in departures]),
        other_name=np.array([d.name for d in departures], dtype=object),
        other=np.array(
            [f"\u201c{vocab.EVENT_TYPE.label(d.kind)}\u201d ngày {fmt_date(d.date)}" for d in departures],
            dtype=object,
        ),
        members_sheet=layout.SHEET_MEMBERS,
    )


def _row_list(rows: Iterable[int]) -> str:
    """Row numbers as a message lists them: "43 và 44", "7, 9 và 12"."""
    words = [str(r) for r in rows]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " và " + words[-1]


# What `event.joined_not_on_roll` and `event.admission_missing` add when the other sheet has
# a row of the same name and another birth date (`_namesakes`): the person may be there, one
# of the two dates wrong (day and month swapped, a column sorted alone; hunt135 F2), and
# adding them as told would put them there twice.
_ROLL_NAMESAKE = (
    " Lưu ý: sheet đó có đảng viên cùng họ tên ở dòng {rows} nhưng ngày sinh khác. Nếu là cùng "
    "một người, đừng thêm: hãy đối chiếu hồ sơ và sửa ngày sinh ghi sai (ở dòng đó hoặc ở dòng này)."
)
_EVENT_NAMESAKE = (
    " Lưu ý: sheet đó có dòng {rows} ghi cùng họ tên nhưng ngày sinh khác. Nếu là của đảng viên "
    "này, đừng thêm dòng: hãy đối chiếu hồ sơ và sửa ngày sinh ghi sai (ở dòng đó hoặc ở dòng này)."
)


def _namesake_notes(namesakes: list[tuple[int, ...]], note: str) -> np.ndarray:
    """`note` naming each row's namesakes' rows (`_namesakes`), or nothing for a row without."""
    return np.array([note.format(rows=_row_list(rows)) if rows else "" for rows in namesakes], dtype=object)


def _left_that_day(ctx: Context, rows: pd.DataFrame) -> np.ndarray:
    """Whether the person (as typed) of each row of `rows` (rows of `_keyed_events`) has a
    change taking them off the roll (`vocab.LEAVING_EVENTS`) in the same file dated the row's
    day, typed before or after it."""
    if rows.empty:
        return np.zeros(0, dtype=bool)
    ek = _keyed_events(ctx)
    leaving = ek[
        ek["event_type"].isin(vocab.LEAVING_EVENTS).to_numpy(dtype=bool)
        & ek["event_date"].notna().to_numpy(dtype=bool)
        & ek["birth_date"].isin(rows["birth_date"].unique()).to_numpy(dtype=bool)
    ]
    if leaving.empty:
        return np.zeros(len(rows), dtype=bool)
    _, codes = _person_codes(ctx)
    gone = pd.MultiIndex.from_arrays([codes.loc[leaving.index], leaving["event_date"]])
    mine = pd.MultiIndex.from_arrays([codes.loc[rows.index], rows["event_date"]])
    return np.asarray(mine.isin(gone), dtype=bool)


def _recorded_elsewhere(ctx: Context, cand: pd.DataFrame) -> np.ndarray:
    """Whether each row of `cand` (rows of `_keyed_events`) is a change happening once that
    another organisation's file of the run also records, as typed or with fewer marks
    (`_once_changes`' `_shared`, what `event.duplicate_other_file` reports)."""
    if len(ctx.indices) < 2:
        return np.zeros(len(cand), dtype=bool)
    once = _once_changes(ctx)
    shared = once.index[once["_shared"].to_numpy(dtype=bool)]
    return cand.index.isin(shared)


class _Departure(NamedTuple):
    """A leaving row of `_departures_by_accents`: its name as typed, change, date and row."""

    name: str
    kind: str
    date: pd.Timestamp
    row: int


def _departures_by_accents(ctx: Context, cand: pd.DataFrame) -> list[_Departure | None]:
    """For each row of `cand` (rows of `_keyed_events`), the first leaving change after it (by
    date, then row) in its file, of its birth date, whose name differs from its own only by
    marks one of them lacks, or each some (`vocab.marks_compatible`: syllable by syllable one's
    marks within the other's), None when there is none: one person's departure typed otherwise
    (came in as "Tran Ba Luan", left as "Trần Bá Luân", hunt87 a2; in as "Trần Ba Luân", out as
    "Tran Bá Luân", hunt90 #2), or a twin's a mark apart (Hòa in, Hoa out, hunt97 m1). Another
    tone in a syllable (Phúc, Phục) is another person. A row typed as the name's own is not one
    (`marks_compatible` of the same key is false): that is the person's latest change.

    One departure is one arrival's (fixAU): a leaving row whose own spelling's previous change is
    an arrival (`_claimed_departures`: "Hòa" in, "Hòa" out) is that arrival's, never offered to
    another; and the rest go to the rows of `cand` in order of date and row, the rows
    `event.duplicate_accents` names to delete (`_accent_repeated_changes`) last, each taking the
    first one left. Else "Hòa" in, "Hoa" in the same day, "Hòa" out gave the "Hoa" row both
    "delete this row" and "one person came and left: nothing to fix"."""
    out: list[_Departure | None] = [None] * len(cand)
    if cand.empty:
        return out
    ek = _keyed_events(ctx)
    leaving = ek[
        ek["event_type"].isin(vocab.LEAVING_EVENTS).to_numpy(dtype=bool)
        & ek["event_date"].notna().to_numpy(dtype=bool)
        & ek["birth_date"].isin(cand["birth_date"].unique()).to_numpy(dtype=bool)
    ]
    if leaving.empty:
        return out
    claimed = _claimed_departures(ctx, leaving)
    later: dict[tuple[int, str, object], list[tuple[pd.Timestamp, int, str, _Departure]]] = {}
    for sub, key, birth, date, row, name, kind, taken in zip(
        leaving["_sub"],
        leaving["_key"],
        leaving["birth_date"],
        leaving["event_date"],
        leaving["_row"],
        leaving["full_name"],
        leaving["event_type"],
        claimed,
        strict=True,
    ):
        if taken:
            continue
        departure = _Departure(str(name), str(kind), date, int(row))
        group = later.setdefault((int(sub), vocab.accentless_key(key), birth), [])
        group.append((date, int(row), key, departure))
    repeats = cand.index.isin(_accent_repeated_changes(ctx)[0].index)
    order = sorted(
        range(len(cand)),
        key=lambda i: (bool(repeats[i]), cand["event_date"].iat[i], int(cand["_row"].iat[i])),
    )
    used: set[tuple[int, int]] = set()
    for i in order:
        sub, key, birth = int(cand["_sub"].iat[i]), cand["_key"].iat[i], cand["birth_date"].iat[i]
        date, row = cand["event_date"].iat[i], int(cand["_row"].iat[i])
        after = sorted(
            (other_date, other_row, departure)
            for other_date, other_row, other, departure in later.get(
                (sub, vocab.accentless_key(key), birth), ()
            )
            if (other_date, other_row) > (date, row)
            and (sub, other_row) not in used
            and vocab.marks_compatible(key, other)
        )
        if after:
            used.add((sub, after[0][1]))
            out[i] = after[0][2]
    return out


def _claimed_departures(ctx: Context, leaving: pd.DataFrame) -> np.ndarray:
    """Whether each row of `leaving` (leaving rows of `_keyed_events`) is the departure of an
    arrival typed alike: its person's (as typed) previous change in the file, by date then row,
    brought them onto the roll ("Hòa" in, then "Hòa" out). Only its people's rows are read."""
    ek = _keyed_events(ctx)
    people = set(leaving[_PERSON].itertuples(index=False, name=None))
    near = ek[ek["birth_date"].isin(leaving["birth_date"].unique()).to_numpy(dtype=bool)]
    near = near[[p in people for p in near[_PERSON].itertuples(index=False, name=None)]]
    near = near.sort_values([*_PERSON, "event_date", "_row"], na_position="first")
    joining = near["event_type"].isin(_JOINING).to_numpy(dtype=bool)
    same = np.zeros(len(near), dtype=bool)
    if len(near) > 1:
        same[1:] = (near[_PERSON].iloc[1:].to_numpy() == near[_PERSON].iloc[:-1].to_numpy()).all(axis=1)
    after_joining = np.zeros(len(near), dtype=bool)
    after_joining[1:] = same[1:] & joining[:-1]
    return leaving.index.isin(near.index[after_joining])


@check("event.admission_missing")
def admission_missing(ctx: Context) -> None:
    """A member admitted inside the period needs a `Kết nạp` row (or came in by transfer). A
    row typed with fewer marks than the member's name is the member's when the member is the one
    of the file's roll it can be (`_roll_aliases`); a row two or more members could be
    (`_roll_accent_rows`) is matched to none, but is not said to be missing for any of them:
    it may be theirs, is counted among the admissions, and its own warning names their rows
    (`event.joined_not_on_roll_ambiguous`, `event.name_without_accents`; hunt114 F2: "add an
    admission row to be counted" would have counted it twice). Nor is it said beside a joining
    row of the member's name without a birth date (empty or unread, its error at that cell); one
    of another birth date is named in the warning (`namesake`, hunt135 F2), nor beside a change
    row of the member moved right of the table (`_moved_out`, `file.rows_outside`)."""
    if ctx.members.empty:
        return
    mk = _keyed_members(ctx)
    adm = mk["admission_date"]
    admitted_in = adm.notna() & mk["_start"].notna() & mk["_D"].notna()
    cand = mk[admitted_in & (adm >= mk["_start"]) & (adm <= mk["_D"])]
    cand = cand[ctx.events_read(cand)]
    if cand.empty:
        return
    ek = _keyed_events(ctx)
    entering = ek[ek["event_type"].isin(_JOINING)]
    # A row typed with fewer marks than the member's name is the member's (hunt78 #1).
    aliases = _roll_aliases(ctx, entering)
    entering = entering.assign(_key=aliases.where(aliases.notna(), entering["_key"]))
    found = pd.MultiIndex.from_arrays([cand[c] for c in _PERSON]).isin(
        pd.MultiIndex.from_arrays([entering[c] for c in _PERSON])
    )
    if not found.all():
        unmatched = entering[aliases.isna().to_numpy(dtype=bool)]
        maybe = {
            (int(sub), row)
            for sub, rows in zip(unmatched["_sub"], _roll_accent_rows(ctx, unmatched), strict=True)
            if len(rows) > 1
            for row in rows
        }
        found |= np.array(
            [(int(s), int(r)) in maybe for s, r in zip(cand["_sub"], cand["_row"], strict=True)], dtype=bool
        )
    # A change row of the name whose birth date is missing (empty or unread, its own error at
    # that cell) may be this member's: unmatched for its date alone, no row lacks (hunt135 F2).
    # A change row moved right of the table is there, only outside its table: `file.rows_outside`
    # says to move it back, not to add it (hunt135 F3).
    found |= _moved_out(ctx, cand, layout.SHEET_EVENTS)
    missing = cand[~found]
    undated = _namesakes(ctx, missing, roll=False, dated=False, kinds=_JOINING)
    missing = missing[np.array([not rows for rows in undated], dtype=bool)]
    ctx.flag(
        missing,
        None,
        "event.admission_missing",
        layout.MEMBERS,
        "admission_date",
        value=missing["admission_date"],
        events_sheet=layout.SHEET_EVENTS,
        event=vocab.EVENT_TYPE.label("admitted"),
        name=missing["full_name"],
        namesake=_namesake_notes(
            _namesakes(ctx, missing, roll=False, dated=True, kinds=_JOINING), _EVENT_NAMESAKE
        ),
    )


@check("event.admission_date_differs")
def admission_date_differs(ctx: Context) -> None:
    """A `Kết nạp` row and its member's `Ngày vào Đảng` are one date. When they differ, the
    admissions of the period (and of a form's shorter period) are counted by the change's date
    and the probation by the roll's, and one of them is wrong. Only a person found on the roll
    is compared (one who is not is `event.joined_not_on_roll`)."""
    ek = _keyed_events(ctx)
    if ek.empty or ctx.members.empty:
        return
    admitted = ek[((ek["event_type"] == "admitted") & ek["event_date"].notna()).to_numpy(dtype=bool)]
    if admitted.empty:
        return
    m_codes, e_codes = _person_codes(ctx)
    # Readmitted too: the roll may carry either date.
    readmitted = e_codes[(ek["event_type"] == "readmitted").to_numpy(dtype=bool)].to_numpy()
    codes = e_codes.loc[admitted.index]
    if len(readmitted):
        admitted = admitted[~codes.isin(readmitted).to_numpy(dtype=bool)]
        codes = codes.loc[admitted.index]
    mk = _keyed_members(ctx)
    theirs = mk[m_codes.isin(codes.to_numpy()).to_numpy(dtype=bool) & mk["admission_date"].notna().to_numpy()]
    if theirs.empty:
        return
    roll = pd.DataFrame(
        {
            "_code": m_codes.loc[theirs.index],
            "_admission": theirs["admission_date"],
            "_member_row": theirs["_row"],
        }
    ).drop_duplicates("_code")  # a person twice on a roll is `member.duplicate`
    hits = admitted.assign(_code=codes).merge(roll, on="_code", how="inner")
    ctx.flag(
        hits,
        (hits["event_date"] != hits["_admission"]).to_numpy(dtype=bool),
        "event.admission_date_differs",
        _E,
        "event_date",
        value=hits["event_date"],
        admission=hits["_admission"],
        member_row=hits["_member_row"],
        members_sheet=layout.SHEET_MEMBERS,
    )


def _dated_events(ctx: Context) -> pd.DataFrame:
    """`_keyed_events` with a date, in file and row order, the person's `_person_codes` number
    in `_code` and the date as a day number in `_day`. A change without a date is
    `event.required` already, and cannot be put in order."""
    ek = _keyed_events(ctx)

    def compute() -> pd.DataFrame:
        _, e_codes = _person_codes(ctx)
        dated = ek["event_date"].notna().to_numpy(dtype=bool)
        frame = ek.assign(_code=e_codes)[dated]
        days = frame["event_date"].to_numpy("datetime64[D]").astype(np.int64) - _FIRST_DAY
        return frame.assign(_day=days).sort_values(["_sub", "_row"], kind="stable")

    return ctx.memo("dated_events", ek, compute)


# Day numbers count from before the earliest datetime64[ns] (21/09/1677), below 2^20 until 4547.
_FIRST_DAY = int(np.datetime64("1677-01-01", "D").astype(np.int64))
_DAY_BITS = 20
_SAME_CHANGE = ["_code", "event_type", "_day"]


def _repeated_changes(ctx: Context) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows of `_dated_events` that repeat an earlier row of their file (same person, same
    change, same date), and for each the position of that first row in `_dated_events`. Names
    typed alike only: rows a mark apart are `_accent_repeated_changes`' (counted as typed, as
    they may be twins)."""
    e = _dated_events(ctx)

    def compute() -> tuple[pd.DataFrame, np.ndarray]:
        # Hash the three int columns once; only the few rows sharing a key are grouped.
        shared = e.duplicated(_SAME_CHANGE, keep=False).to_numpy()
        if not shared.any():
            return e.iloc[:0], np.zeros(0, dtype=np.int64)
        cand = e[shared]
        group = cand.groupby(_SAME_CHANGE, sort=False).ngroup().to_numpy()
        _, first = np.unique(group, return_index=True)  # groups are numbered in order of appearance
        later = cand.duplicated(_SAME_CHANGE, keep="first").to_numpy()
        positions = np.flatnonzero(shared)
        return cand[later], positions[first[group[later]]]

    return ctx.memo("repeated_changes", e, compute)


def _accent_repeated_changes(ctx: Context) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows of `_dated_events` (but `_repeated_changes`') that may repeat another row of
    the same change of their file (kind, date, birth date, transfer scope) by a name a mark
    apart (`_same_change_codes`: "Tran Bá Luân" beside "Trần Bá Luân", "Nguyễn Thị Hoa" beside
    "Nguyễn Thị Hòa", each lacking another mark: "Trần Ba Luân" beside "Tran Bá Luân"), and for
    each the position in `_dated_events` of the row it may repeat (the fullest spelling's first
    row). Either one change typed twice or two people (twins leaving on one day, hunt97,
    hunt100): `event.duplicate_accents` says both, and the rows are counted as typed."""
    dated = _dated_events(ctx)

    def compute() -> tuple[pd.DataFrame, np.ndarray]:
        repeated, _ = _repeated_changes(ctx)
        e = dated[~dated.index.isin(repeated.index)] if len(repeated) else dated
        codes = _same_change_codes(ctx, e)
        moved = codes.to_numpy() != e["_code"].to_numpy()
        if not moved.any():
            return dated.iloc[:0], np.zeros(0, dtype=np.int64)
        position = pd.Series(np.arange(len(dated)), index=dated.index)
        # Only the moved rows and the rows of the persons they were given are looked at.
        near = e[moved | e["_code"].isin(codes[moved].to_numpy()).to_numpy(dtype=bool)]
        scopes = _scope_keys(near).tolist()
        change = list(zip(near["event_type"].tolist(), near["_day"].tolist(), scopes, strict=True))
        first: dict[tuple[object, ...], int] = {}
        for index, code, same in zip(near.index, near["_code"].tolist(), change, strict=True):
            first.setdefault((code, *same), int(position[index]))
        shifted = codes[near.index].tolist()
        found = [
            (index, first[(code, *same)])
            for index, code, same, m in zip(
                near.index, shifted, change, moved[e.index.isin(near.index)], strict=True
            )
            if m and (code, *same) in first
        ]
        if not found:
            return dated.iloc[:0], np.zeros(0, dtype=np.int64)
        return dated.loc[[i for i, _ in found]], np.array([f for _, f in found], dtype=np.int64)

    return ctx.memo("accent_repeated_changes", dated, compute)


def _scope_keys(e: pd.DataFrame) -> np.ndarray:
    """Each row's transfer scope as a key ("" for none): rows of two scopes are two changes
    (twins moving on one day, one inside the ward, one elsewhere, hunt97 f1)."""
    if "transfer_scope" not in e.columns:
        return np.full(len(e), "", dtype=object)
    scope = e["transfer_scope"].astype(object)
    return scope.where(scope.notna(), "").to_numpy()


# A person's file and birth day in `_person_codes`' number: its bits without the name key's.
_NAME_BITS = ((1 << 24) - 1) << 18


def _same_change_codes(ctx: Context, e: pd.DataFrame) -> pd.Series:
    """`_code` of `_dated_events` (``e``), each row typed with fewer marks than another row of
    the same change of its file (kind, date, birth date, transfer scope; its name that row's
    with some marks left out, `vocab.marks_within`, or each lacking another mark of the other,
    `vocab.marks_compatible`: the later given the earlier's) given that row's code, for
    `_accent_repeated_changes` (the warning, never merged for counting): the same-file match of
    `vocab.accent_aliases` (a `Kết nạp lại` row's, hunt78 #1), its people the change's fullest
    spellings (those no other spelling of it has more marks than), so a row is the one spelling
    it can be, never another tone's ("Phuc" beside "Phúc" and "Phục" is no one's; Phúc and Phục
    stay two people). The file's roll names of the birth date are among those spellings: "Nguyen
    Van Hung" beside a row "Nguyễn Văn Hưng", the roll holding Hùng and Hưng, is no one's (it can
    be the roll's Hùng, hunt99). A row whose spelling is on its file's roll as typed, or that can
    be a member of that roll other than the spelling it matches, is its own person (twins Hoa
    and Hòa admitted on one day are two members). Only the rows sharing a file, a birth date, a
    kind, a date and a scope with another row are looked at."""
    codes = e["_code"]
    place = codes.to_numpy(np.int64) & ~_NAME_BITS
    change = pd.DataFrame(
        {
            "_place": place,
            "event_type": e["event_type"].to_numpy(),
            "_day": e["_day"].to_numpy(),
            "_scope": _scope_keys(e),
        }
    )
    shared = change.duplicated(keep=False).to_numpy()
    if not shared.any():
        return codes
    cand = e[shared]
    keys = cand["_key"].tolist()
    groups = (
        change[shared]
        .assign(_fold=[vocab.accentless_key(key) for key in keys])
        .groupby(["_place", "event_type", "_day", "_scope", "_fold"], sort=False)
        .ngroup()
        .tolist()
    )
    spellings: dict[int, dict[str, int]] = {}  # each change's spellings, each with its first row's code
    for group, key, code in zip(groups, keys, cand["_code"].tolist(), strict=True):
        spellings.setdefault(group, {}).setdefault(key, code)
    # The file's roll names of the birth date are spellings too: "Nguyen Van Hung" beside a row
    # "Nguyễn Văn Hưng" may be the roll's Nguyễn Văn Hùng, admitted the same day (hunt99).
    # Not for a leaving change: a member still on the roll is no one whose death or departure
    # was typed (hunt101 #1: the living twin Hoa on the roll hid Hòa's death typed twice).
    roll = _roll_by_fold(ctx, set(cand["birth_date"].tolist()))
    leaving = cand["event_type"].isin(vocab.LEAVING_EVENTS).tolist()
    names: dict[int, set[str]] = {}
    for group, key, birth, sub, gone in zip(
        groups, keys, cand["birth_date"].tolist(), cand["_sub"].tolist(), leaving, strict=True
    ):
        if len(spellings[group]) > 1 and gone:
            names.setdefault(group, set(spellings[group]))
        elif len(spellings[group]) > 1:
            names.setdefault(group, set(spellings[group])).update(
                roll.get((birth, vocab.accentless_key(key), int(sub)), [])
            )
    fullest = [
        (key, group, group)
        for group, spelled in names.items()
        for key in spelled
        if not any(vocab.marks_within(key, other) for other in spelled)
    ]
    if not fullest:
        return codes
    aliases = vocab.accent_aliases(zip(keys, groups, groups, strict=True), fullest)
    # Two typed spellings each lacking a mark of the other ("Trần Ba Luân", "Tran Bá Luân",
    # `vocab.marks_compatible`), each the only fullest spelling the other can be: the first typed.
    widest: dict[int, list[str]] = {}
    for key, group, _ in fullest:
        widest.setdefault(group, []).append(key)
    for group, spelled in widest.items():
        for key in spelled:
            if (key, group, group) in aliases or key not in spellings[group]:
                continue
            match = [n for n in spelled if vocab.marks_compatible(key, n)]
            if len(match) != 1 or match[0] not in spellings[group]:
                continue
            if [n for n in spelled if vocab.marks_compatible(match[0], n)] != [key]:
                continue
            typed = list(spellings[group])
            if typed.index(match[0]) < typed.index(key):
                aliases[(key, group, group)] = match[0]
    if not aliases:
        return codes
    # A row that can be a member of its file's roll other than the spelling it matches is that
    # member's, no one's repeat (twins Hoa and Hòa on the roll, Hoa's row typed "Nguyen Thi Hoa"
    # beside Hòa's, hunt97 g1); one on the roll as typed is its own person.
    on_roll = _on_roll(ctx, cand).copy()
    births = cand["birth_date"].tolist()
    subs = cand["_sub"].tolist()
    for at, (key, group) in enumerate(zip(keys, groups, strict=True)):
        alias = aliases.get((key, group, group))
        if alias is None or leaving[at]:
            continue
        members = roll.get((births[at], vocab.accentless_key(key), int(subs[at])), [])
        if any(n != alias and (n == key or vocab.marks_compatible(key, n)) for n in members):
            on_roll[at] = True
    found = [
        spellings[group].get(aliases.get((key, group, group), ""), code) if not own else code
        for key, group, code, own in zip(keys, groups, cand["_code"].tolist(), on_roll, strict=True)
    ]
    out = codes.copy()
    out[cand.index] = found
    return out


@check("event.name_without_accents")
def name_without_accents(ctx: Context) -> None:
    """A change whose name differs from that of a member or another change of its file, of the
    same birth date, only by accents (one without accents, `vocab.accentless_key`: “Le Van
    Cuong”, “Nguyễn Van Cuong” beside “Nguyễn Văn Cường”, or the roll the one typed without
    them: a PC without a Vietnamese keyboard, a pasted list; but also Hoa and Hòa, Thủy and
    Thụy, which may be two people: the message quotes both and says what to do either way,
    hunt78 #5). A person is one by name and birth date (`vocab.person_name_key`), so unless
    the change is matched to the member by `vocab.accent_aliases` the two were two people, and
    a death of a member still on the roll, or a change typed twice, was counted without a word.
    Said at the change (of two changes, at the one whose name is the other's with accents left
    out, `vocab.lacks_accents`, whichever comes first, else at the later row: the rule of
    `member.name_without_accents`, `accent_pairs.said_first`), naming the other row; nothing is
    merged. Only rows sharing a file and a birth
    date with a change are compared, and only those whose keys differ are spelled out. A
    `Kết nạp lại` row kept from before the period (`Context.kept_readmissions`) is not among
    them: it is matched to the roll with accents left out, and its own warning says the name
    (`event.readmission_before_period`; hunt65 #1: this one said "two people" of the person the
    probation is counted for)."""
    ek = _keyed_events(ctx)
    if ek.empty:
        return
    mk = _keyed_members(ctx)
    columns = ["_sub", "_row", "birth_date", "full_name", "_key"]
    e_at, m_at = (_file_and_birth(frame) for frame in (ek, mk))
    members = mk.loc[np.isin(m_at, e_at), columns].assign(_sheet=layout.SHEET_MEMBERS, _other_event=False)
    events = ek[columns].assign(_sheet=layout.SHEET_EVENTS, _other_event=True)
    # Rows pair only when their keys are alike without accents: joined on that key too, each
    # distinct key folded once (a province's one file paired every row of a birth date first:
    # five million folds).
    others = pd.concat([members, events])
    pairs = (
        ek[columns]
        .assign(_fold=_folded(ek["_key"]))
        .merge(
            others.assign(_fold=_folded(others["_key"])),
            on=["_sub", "birth_date", "_fold"],
            suffixes=("", "_other"),
        )
    )
    alike = (pairs["_key"] != pairs["_key_other"]).to_numpy(dtype=bool)
    if not alike.any():
        return
    # Beside a member, always; beside another change, once, by the rule of
    # `member.name_without_accents` (`accent_pairs.said_first`): at the row whose name is the
    # other's with accents left out, whichever comes first, else at the later row. Before, the
    # later row was taken whatever its accents: an earlier "Dinh Thi Hoa" was named by the
    # warning at a later "Đinh Thị Hoa" (helper 275).
    two = alike & pairs["_other_event"].to_numpy(dtype=bool)
    keep = alike & ~two
    if two.any():
        n = int(two.sum())
        codes, names = pd.factorize(
            np.concatenate([pairs["_key"].to_numpy()[two], pairs["_key_other"].to_numpy()[two]])
        )
        later = (pairs["_row"] > pairs["_row_other"]).to_numpy(dtype=bool)[two]
        keep[two] = said_first(codes[:n], codes[n:], np.asarray(names, dtype=object), later)
    # Two rows of one change a mark apart are `event.duplicate_accents`', which quotes both.
    keep[keep] = ~_one_repeated_change(ctx, pairs[keep])
    hits = pairs[keep].sort_values(["_sub", "_row", "_sheet", "_row_other"], kind="stable")
    hits = hits.drop_duplicates(["_sub", "_row"])  # one row named
    if hits.empty:
        return
    ctx.flag(
        hits,
        None,
        "event.name_without_accents",
        _E,
        "full_name",
        value=hits["full_name"],
        name=hits["full_name"],
        birth=hits["birth_date"],
        other_sheet=hits["_sheet"],
        other_row=hits["_row_other"],
        other_name=hits["full_name_other"],
    )


def _folded(keys: pd.Series) -> np.ndarray:
    """Each name key of `keys` (none missing) without accents (`vocab.accentless_key`), each
    distinct key folded once and spread by its code: a `dict` mapped over a province's 580,000
    keys took 0.4 s."""
    codes, distinct = pd.factorize(keys)
    return np.array([vocab.accentless_key(key) for key in distinct], dtype=object)[codes]


def _one_repeated_change(ctx: Context, pairs: pd.DataFrame) -> np.ndarray:
    """Whether each pair of rows of `name_without_accents` (`_row` and `_row_other` of `_sub`)
    is two changes' rows said by `event.duplicate_accents` (`_accent_repeated_changes`: a row
    and the row it may repeat, or two rows that may repeat one row)."""
    rows, first = _accent_repeated_changes(ctx)
    if rows.empty or pairs.empty:
        return np.zeros(len(pairs), dtype=bool)
    first_rows = _dated_events(ctx)["_row"].to_numpy()[first].tolist()
    subs = rows["_sub"].tolist()
    change = {(sub, row): f for sub, row, f in zip(subs, rows["_row"].tolist(), first_rows, strict=True)}
    change |= {(sub, f): f for sub, f in zip(subs, first_rows, strict=True)}
    return np.array(
        [
            bool(event) and (sub, row) in change and change[(sub, row)] == change.get((sub, other))
            for sub, row, other, event in zip(
                pairs["_sub"], pairs["_row"], pairs["_row_other"], pairs["_other_event"], strict=True
            )
        ],
        dtype=bool,
    )


def _file_and_birth(frame: pd.DataFrame) -> np.ndarray:
    """(file, birth day) of each row as one int64, for a look-up at C speed."""
    days = frame["birth_date"].to_numpy("datetime64[D]").astype(np.int64) - _EARLIEST_DAY
    return (frame["_sub"].to_numpy(np.int64) << 20) + days


@check("event.duplicate")
def duplicate(ctx: Context) -> None:
    """The same change of the same person on the same date, twice in a file: every statistic
    counts rows, so the change is counted twice. Every row after the first is reported and
    names the first. Rows whose names are a mark apart are `event.duplicate_accents`'."""
    if _keyed_events(ctx).empty:
        return
    rows, first = _repeated_changes(ctx)
    if rows.empty:
        return
    first_rows = _dated_events(ctx)["_row"].to_numpy()[first]
    ctx.flag(
        rows,
        None,
        "event.duplicate",
        _E,
        "full_name",
        value=rows["full_name"],
        name=rows["full_name"],
        birth=rows["birth_date"],
        event=lambda row: vocab.EVENT_TYPE.label(row.event_type),
        date=rows["event_date"],
        first_row=first_rows,
    )


@check("event.duplicate_accents")
def duplicate_accents(ctx: Context) -> None:
    """Two rows of one change of a file (kind, date, birth date, transfer scope) whose names are
    a mark apart (`_accent_repeated_changes`): one change typed twice, once with marks left out,
    or two people of one birth date (twins Hoa and Hòa leaving on one day, hunt97, hunt100). A
    match the accents alone make is never an error: the rows are counted as typed, and the
    warning, at the row with fewer marks (the later of two each lacking another), quotes both
    rows and spellings and says what to do either way."""
    if _keyed_events(ctx).empty:
        return
    rows, first = _accent_repeated_changes(ctx)
    if rows.empty:
        return
    dated = _dated_events(ctx)
    ctx.flag(
        rows,
        None,
        "event.duplicate_accents",
        _E,
        "full_name",
        value=rows["full_name"],
        name=rows["full_name"],
        birth=rows["birth_date"],
        event=lambda row: vocab.EVENT_TYPE.label(row.event_type),
        date=rows["event_date"],
        other_row=dated["_row"].to_numpy()[first],
        other_name=pd.Series(dated["full_name"].to_numpy()[first], index=rows.index, dtype=object),
        dup_row=rows["_row"],
    )


def _twice(ctx: Context, kind: tuple[str, ...], other: tuple[str, ...]) -> pd.DataFrame:
    """The changes of ``kind`` (leaving, or joining the roll) whose person's previous change of
    ``kind`` in the file (by date, then row) has no change of ``other`` dated between the two,
    both days included (a change on the same day as one of them may have come first or last:
    given the benefit of the doubt), with that previous row's `_prev_row`, `_prev_type` and
    `_prev_date`. A repeated row (`event.duplicate`) is not looked at again.

    Sorting the few candidates' persons and binary search: O(n log n) over the changes."""
    e = _dated_events(ctx)
    repeated, _ = _repeated_changes(ctx)
    if len(repeated):
        e = e[~e.index.isin(repeated.index)]
    types = e["event_type"]
    mine = e[types.isin(kind).to_numpy(dtype=bool)]
    if len(mine) < 2:
        return mine.iloc[:0]
    mine = mine.sort_values(["_code", "_day", "_row"], kind="stable")
    code = mine["_code"].to_numpy()
    again = np.flatnonzero(code[1:] == code[:-1]) + 1  # a second (third...) change of one person
    if not again.size:
        return mine.iloc[:0]
    prev = again - 1
    day = mine["_day"].to_numpy()
    theirs = e[types.isin(other).to_numpy(dtype=bool)]
    theirs = theirs[theirs["_code"].isin(code[again]).to_numpy(dtype=bool)]
    between = np.zeros(len(again), dtype=bool)
    if len(theirs):
        # (person, day) as one sortable int64: the persons ranked among these few rows.
        ranks, _ = pd.factorize(np.concatenate([code[again], theirs["_code"].to_numpy()]))
        rank, their_rank = ranks[: len(again)].astype(np.int64), ranks[len(again) :].astype(np.int64)
        keys = np.sort((their_rank << _DAY_BITS) + theirs["_day"].to_numpy())
        low = np.searchsorted(keys, (rank << _DAY_BITS) + day[prev], "left")
        high = np.searchsorted(keys, (rank << _DAY_BITS) + day[again], "right")
        between = high > low
    hit, before = again[~between], prev[~between]
    return mine.iloc[hit].assign(
        _prev_row=mine["_row"].to_numpy()[before],
        _prev_type=mine["event_type"].to_numpy()[before],
        _prev_date=mine["event_date"].to_numpy()[before],
    )


def _flag_twice(ctx: Context, code: str, kind: tuple[str, ...], other: tuple[str, ...]) -> None:
    if _keyed_events(ctx).empty:
        return
    rows = _twice(ctx, kind, other)
    if rows.empty:
        return
    rows = rows.sort_values(["_sub", "_row"], kind="stable")
    ctx.flag(
        rows,
        None,
        code,
        _E,
        "event_type",
        value=lambda row: vocab.EVENT_TYPE.label(row.event_type),
        name=rows["full_name"],
        birth=rows["birth_date"],
        event=lambda row: vocab.EVENT_TYPE.label(row.event_type),
        date=rows["event_date"],
        event_row=rows["_prev_row"],
        other=lambda row: (
            f"\u201c{vocab.EVENT_TYPE.label(row._prev_type)}\u201d ngày {fmt_date(row._prev_date)}"
        ),
    )


@check("event.left_twice")
def left_twice(ctx: Context) -> None:
    """A person leaves a roll once: two changes taking one person off it (Chuyển đi, Từ trần,
    Xóa tên, Khai trừ, Xin ra khỏi Đảng) with no change bringing them back between are two
    decreases for one person, or a return left out; Biểu 1 is wrong either way."""
    _flag_twice(ctx, "event.left_twice", vocab.LEAVING_EVENTS, _JOINING)


@check("event.joined_twice")
def joined_twice(ctx: Context) -> None:
    """A person joins a roll once: two changes bringing one person onto it (Kết nạp, Kết nạp
    lại, Chuyển đến, Phục hồi đảng tịch) with no change taking them off between are two
    increases for one person, or a departure left out; Biểu 1 is wrong either way."""
    _flag_twice(ctx, "event.joined_twice", _JOINING, vocab.LEAVING_EVENTS)


# Changes that happen to a person once: an admission (or readmission), a death, and leaving the
# Party (struck off, expelled, resigned). A transfer is not one of them: a member moved between
# two organisations of the ward and then away has a "Chuyển đi" in each file, rightly.
_ONCE = (*vocab.ADMISSION_EVENTS, "died", "struck_off", "expelled", "resigned")
_ONCE_KEYS = ["_key", "birth_date", "event_type"]


def _once_changes(ctx: Context) -> pd.DataFrame:
    """The rows of `_keyed_events` of a change that happens to a person once (`_ONCE`), in file
    and row order, the name key as typed in `_typed` and in `_key` the one person's
    (`_once_aliases`: a spelling with fewer marks than another organisation's row of the same
    change, the marks seen to be missing, under that row's key), with `_shared`: whether
    another organisation's file records the same change (`event.duplicate_other_file`)."""
    ek = _keyed_events(ctx)

    def compute() -> pd.DataFrame:
        once = ek[ek["event_type"].isin(_ONCE).to_numpy(dtype=bool)]
        once = once.sort_values(["_sub", "_row"], kind="stable")
        once = once.assign(_typed=once["_key"], _key=_once_aliases(ctx, once))
        orgs = _known_organisations(ctx, once)
        spread = once.assign(_org=orgs).groupby(_ONCE_KEYS, sort=False)["_org"].transform("nunique")
        return once.assign(_shared=spread.to_numpy() > 1)

    return ctx.memo("once_changes", ek, compute)


def _known_organisations(ctx: Context, rows: pd.DataFrame) -> np.ndarray:
    """The organisation number of each of ``rows``' files (`duplicates.organisation_numbers`),
    NaN for a file of no known organisation: counted among no organisations (`nunique` skips
    it), as it may be any organisation's, its own one's too. Before, an old copy of HD19's file
    whose `Thông tin` was renamed, or the copy `ban_sao.xlsx`, was another organisation
    recording every death and admission of HD19's file (`event.duplicate_other_file` at each)."""
    orgs = organisation_numbers(ctx)[rows["_sub"].to_numpy(dtype=np.int64)]
    return np.where(orgs >= 0, orgs.astype(float), np.nan)


def _once_aliases(ctx: Context, once: pd.DataFrame) -> pd.Series:
    """`_key` of ``once`` (rows of `_once_changes`), each row of a change (kind, date, birth
    date) that another organisation's file also records under a name with more marks given that
    name: "Tran Ba Luan" Từ trần 01/02/2026 in one file, "Trần Bá Luân" Từ trần 01/02/2026 in
    another, of one birth date, is one death recorded twice (hunt90 #1). Across files the marks
    must be seen to be missing (`vocab.lacks_accents`: none at all, two syllables lacking some,
    or a bare syllable that cannot be read so), the rule for acting on an accent match across
    files; the name it is matched to is one of the change's fullest spellings (no other has
    more marks), and a row two of them could be is no one's: another tone (Phúc, Phục) stays
    two people, and "Nguyễn Thị Thuy" beside "Nguyễn Thị Thủy" is not matched (one mark lacking
    in one readable syllable). A row that can be a member of its own file's roll
    (`_own_roll_names`) is that member's and is never matched to another file's row (two men of
    one birth date admitted on one day, each on his roll, hunt99 e2); its roll names are among
    the change's spellings, so an unmatched row they could be is no one's either. Only the rows
    sharing a birth date, a kind and a date with another organisation's row are looked at."""
    keys = once["_key"]
    dated = once[once["event_date"].notna().to_numpy(dtype=bool)]
    if dated.empty:
        return keys
    orgs = _known_organisations(ctx, dated)
    change = pd.DataFrame(
        {
            "birth_date": dated["birth_date"].to_numpy(),
            "event_type": dated["event_type"].to_numpy(),
            "event_date": dated["event_date"].to_numpy(),
            "_fold": [vocab.accentless_key(key) for key in dated["_key"].tolist()],
            "_org": orgs,
            "_key": dated["_key"].to_numpy(),
        },
        index=dated.index,
    )
    place = ["birth_date", "event_type", "event_date", "_fold"]
    grouped = change.groupby(place, sort=False)
    several = (grouped["_org"].transform("nunique") > 1) & (grouped["_key"].transform("nunique") > 1)
    change = change[several.to_numpy(dtype=bool)]
    if change.empty:
        return keys
    groups = change.groupby(place, sort=False).ngroup().tolist()
    columns = [change[c].tolist() for c in ("_key", "birth_date", "_fold")]
    subs = dated.loc[change.index, "_sub"].astype(int).tolist()
    # The roll names each row can be of its own file (`_own_roll_names`): such a row is that
    # member's, never another file's row; its roll names are among the change's spellings.
    own = _own_roll_names(ctx, zip(columns[0], columns[1], columns[2], subs, strict=True))
    spellings: dict[int, set[str]] = {}
    for group, key, names in zip(groups, columns[0], own, strict=True):
        spellings.setdefault(group, set()).update((key, *names))
    typed_in: dict[int, set[str]] = {}
    for group, key in zip(groups, columns[0], strict=True):
        typed_in.setdefault(group, set()).add(key)
    found: list[str] = []
    for group, key, names in zip(groups, columns[0], own, strict=True):
        candidates = spellings[group]
        fullest = [n for n in candidates if not any(vocab.marks_within(n, other) for other in candidates)]
        matches = [] if names else [name for name in fullest if vocab.lacks_accents(key, name)]
        found.append(matches[0] if len(matches) == 1 and matches[0] in typed_in[group] else key)
    if found == columns[0]:
        return keys
    out = keys.copy()
    out[change.index] = found
    return out


def _roll_by_fold(ctx: Context, births: set[object]) -> dict[tuple[object, str, int], list[str]]:
    """The name keys of the run's members born on one of ``births``, by (birth date, name key
    without accents, file)."""
    roll: dict[tuple[object, str, int], list[str]] = defaultdict(list)
    for key, birth, sub in roll_born(ctx, births):
        roll[(birth, vocab.accentless_key(key), int(sub))].append(key)
    return roll


def _own_roll_names(ctx: Context, rows: Iterable[tuple[str, object, str, int]]) -> list[tuple[str, ...]]:
    """For each row (name key, birth date, name key without accents, file), the names of its
    file's roll, of its birth date, it can be: its own spelling, one with more marks, the roll's
    own spelling with fewer, or each lacking some (`vocab.marks_compatible`), the test
    `event.joined_not_on_roll` takes a row as its roll's member by. A change row that can be a
    member of its own roll is that member's: two men of one birth date admitted on one day,
    "Nguyễn Văn Hùng" on one roll (his row typed "Nguyen Van Hung") and "Nguyễn Văn Hưng" on
    another, are two admissions (hunt99 e2)."""
    listed = list(rows)
    roll = _roll_by_fold(ctx, {birth for _, birth, _, _ in listed})
    return [
        tuple(n for n in roll.get((birth, fold, sub), []) if n == key or vocab.marks_compatible(key, n))
        for key, birth, fold, sub in listed
    ]


@check("event.duplicate_other_file", ward=True)
def once_in_two_organisations(ctx: Context) -> None:
    """A change that happens to a person once, recorded in the files of two organisations
    (whatever its dates): the ward's figures count it twice. The first row of each file is
    reported, naming the other files' rows; files of one organisation (one submission sent
    twice, `org.duplicate_file`) are not compared with each other. A row typed with fewer
    marks than the other organisation's row of the same change and date is that change
    (`_once_aliases`): the other row is quoted with its spelling."""
    if _keyed_events(ctx).empty:
        return
    once = _once_changes(ctx)
    once = once[once["_shared"].to_numpy(dtype=bool)]
    if once.empty:
        return
    rows, others = across_files(ctx, once, _ONCE_KEYS)
    if rows.empty:
        return
    others, hidden, spelled = _spelled_others(ctx, rows, others)
    ctx.flag(
        rows,
        None,
        "event.duplicate_other_file",
        _E,
        "full_name",
        value=rows["full_name"],
        name=rows["full_name"],
        birth=rows["birth_date"],
        event=lambda row: vocab.EVENT_TYPE.label(row.event_type),
        other=others,
        other_hidden=hidden,  # another file's name and row; a spelling quoted is masked
        # Matched by accents: the way out for two people (no personal data).
        two_people=pd.Series(
            [_TWO_PEOPLE.format(where="tệp") if s else "" for s in spelled], index=rows.index, dtype=object
        ),
    )


def _spelled_others(
    ctx: Context, rows: pd.DataFrame, others: pd.Series
) -> tuple[pd.Series, pd.Series, list[bool]]:
    """`across_files`' list of the other organisations' rows for each row of ``rows``, each row
    whose name is typed otherwise (`_typed`) quoting its spelling, the same list with the
    spellings masked (without personal data), and whether each row's list quotes a spelling
    (matched by accents). ``others`` itself when every name is typed alike."""
    if rows["_typed"].equals(rows["_key"]):
        return others, others, [False] * len(rows)
    group = rows.groupby(_ONCE_KEYS, sort=False).ngroup().tolist()
    members: defaultdict[int, list[tuple[int, str, str, str]]] = defaultdict(list)
    for g, sub, row, org, typed, name in zip(
        group, rows["_sub"], rows["_row"], rows["_org"], rows["_typed"], rows["full_name"], strict=True
    ):
        members[g].append((org, f"{ctx.subs[sub].path.name} (dòng {row}", typed, str(name)))

    def listed(g: int, org: int, typed: str, hide: bool) -> str:
        return named_files(
            [
                label
                + ("" if other_typed == typed else _SPELLED_OTHER.format(name=HIDDEN if hide else name))
                + ")"
                for other, label, other_typed, name in members[g]
                if other != org
            ]
        )

    columns = list(zip(group, rows["_org"], rows["_typed"], strict=True))
    shown = [listed(g, org, typed, False) for g, org, typed in columns]
    masked = [listed(g, org, typed, True) for g, org, typed in columns]
    spelled = [
        any(other != org and other_typed != typed for other, _, other_typed, _ in members[g])
        for g, org, typed in columns
    ]
    return (
        pd.Series(shown, index=rows.index, dtype=object),
        pd.Series(masked, index=rows.index, dtype=object),
        spelled,
    )


# `event.duplicate_other_file`'s way out when the rows were matched by
# accents and are two people: full marks as on the roll make the names differ (hunt99).
_TWO_PEOPLE = (
    " Nếu là hai người khác nhau, hãy ghi họ tên đủ dấu đúng như trong danh sách đảng viên ở cả hai {where}."
)


# `event.duplicate_other_file`'s words for another file's row whose name differs by marks.
_SPELLED_OTHER = (
    ", với họ tên \u201c{name}\u201d: cùng ngày sinh, cùng ngày biến động, một họ tên là họ tên kia thiếu "
    "dấu, nên được coi là một người"
)


@check("event.left_in_other_file", ward=True)
def left_in_other_file(ctx: Context) -> None:
    """A member on one organisation's roll whose death or leaving the Party (Từ trần, Xóa tên,
    Khai trừ, Xin ra khỏi Đảng) another organisation's file records, the change still holding
    (`left_party.still_left_people`, the rule the work lists mark by: a death always; leaving the
    Party unless a change bringing the person back into it, Kết nạp, Kết nạp lại, Phục hồi đảng
    tịch, is dated on or after it in any file; a "Chuyển đến" brings nobody back; a change whose
    name differs from one person's only by accents is that person's, as a `Kết nạp lại` row is,
    hunt71 #1 #2): each file alone is right (`event.left_still_on_roll` looks within one), but the
    ward counts the person on the roll and as a decrease. A warning at the member's row, naming
    the other file's row; files of one organisation are not compared (`org.duplicate_file`). Only
    the members born on the few final changes' dates are keyed, so a province's roll costs one
    hash lookup a row."""
    ek = _keyed_events(ctx) if not ctx.members.empty else None
    if ek is None or ek.empty:
        return
    # The rolls are at the cut-off: a death there after it is the next period's, counted in no
    # figure of this run (`event.after_cutoff` says so at its row), and a return after it has
    # not yet happened.
    ek = by_cutoff(ek)
    changes = ek[ek["event_type"].isin((*FINAL_EVENTS, *RETURNING_EVENTS)).to_numpy(dtype=bool)]
    final = changes["event_type"].isin(FINAL_EVENTS).to_numpy(dtype=bool)
    hits = _on_other_rolls(ctx, changes, final, still_left_people)
    if hits is None:
        return
    ctx.flag(
        hits,
        None,
        "event.left_in_other_file",
        layout.MEMBERS,
        "full_name",
        value=hits["full_name"],
        name=hits["full_name"],
        birth=hits["birth_date"],
        event=lambda row: vocab.EVENT_TYPE.label(row.event_type),
        on=_on_words,
        **_other_row_words(ctx, hits),
    )


@check("event.moved_out_in_other_file", ward=True)
def moved_out_in_other_file(ctx: Context) -> None:
    """A member on one organisation's roll whose move OUT OF THE WARD (a "Chuyển đi" of a scope
    other than inside the ward, `left_party.OUTSIDE_SCOPES`) another organisation's file records,
    the move still holding (`left_party.still_moved_out_people`, the rule the work lists mark by:
    unless a "Chuyển đến" of any scope, in any file, is dated on or after it; names matched as
    `event.left_in_other_file` matches them): each file alone is right, but the ward counts the
    person on the roll at the cut-off and as a decrease (Biểu 1). A warning at the member's row,
    naming the other file's row (fixBN). A move inside the ward, or one without a scope, is the
    `internal_transfer_*` and scope checks'; files of one organisation are not compared (the own
    file's move is `event.left_still_on_roll`'s)."""
    ek = _keyed_events(ctx) if not ctx.members.empty else None
    if ek is None or ek.empty or "transfer_scope" not in ek.columns:
        return
    kind, date = ek["event_type"], ek["event_date"]
    # A move dated outside its file's period (before its start, after the cut-off) is no decrease
    # of this period's Biểu 1 and says nothing of the roll at the cut-off: `event.outside_period`
    # or `event.after_cutoff` is that file's (hunt110 #3); nor is one before the run's start
    # (`_counted_from`). An undated one still holds, as `still_moved_out_people` keeps it.
    cutoff = ek["_D"]
    by_then = date.isna() | cutoff.isna() | (date <= cutoff)
    dated_in = _counted_from(ctx, ek) & by_then
    out = (kind == "transfer_out") & ek["transfer_scope"].isin(OUTSIDE_SCOPES) & dated_in
    # Only the moves out of the ward are `still_moved_out_people`'s moves, and every arrival that
    # has happened at its file's cut-off (`left_party.by_cutoff`'s rule): one dated after it
    # undoes no move, as a readmission after it brings no one back (hunt164 F1).
    changes = ek[(out | ((kind == "transfer_in") & by_then)).to_numpy(dtype=bool)]
    final = (changes["event_type"] == "transfer_out").to_numpy(dtype=bool)
    hits = _on_other_rolls(ctx, changes, final, still_moved_out_people)
    if hits is None:
        return
    scopes = ek.loc[pd.Index(hits["_label"]), "transfer_scope"].tolist()
    ctx.flag(
        hits,
        None,
        "event.moved_out_in_other_file",
        layout.MEMBERS,
        "full_name",
        value=hits["full_name"],
        name=hits["full_name"],
        birth=hits["birth_date"],
        on=_on_words,
        scope=pd.Series([vocab.TRANSFER_SCOPE.label(s) for s in scopes], index=hits.index, dtype=object),
        **_other_row_words(ctx, hits),
    )


def _on_words(row: Any) -> str:
    """ "ngày 15/02/2026", or that the change gives no date (an undated change still holds)."""
    return f"ngày {fmt_date(row.event_date)}" if pd.notna(row.event_date) else "(không ghi ngày)"


def _on_other_rolls(
    ctx: Context, changes: pd.DataFrame, final: np.ndarray, people: Any
) -> pd.DataFrame | None:
    """The members (rows of `_keyed_members`) of whom another organisation's file has a change
    of ``changes`` (rows of `_keyed_events`) where ``final`` holds that still holds by ``people``
    (`left_party.still_left_people` or `still_moved_out_people`, given every row of ``changes``),
    the first such change beside each member (`_sub_event`, `_row_event`, `event_type`,
    `event_date`, `_typed`: its name key, `_written`: its name, `_label`: its index label);
    None for none. Only the members born on the final changes' dates are keyed."""
    births = set(changes["birth_date"][final])
    if not births:
        return None
    # Files of fewer than two known organisations (a province's one roll) have no pair
    # `_of_other_organisations` keeps: nothing to match.
    numbers = organisation_numbers(ctx)
    if np.unique(numbers[numbers >= 0]).size < 2:
        return None
    # A member is a final change's person only under its name or one differing only by accents
    # (`vocab.lacks_accents`), which share the name without accents: none of the members born on
    # those days has one (a ward's usual case: the dead are off every roll), nothing to say.
    mk = _keyed_members(ctx)
    born = mk[mk["birth_date"].isin(births).to_numpy(dtype=bool)]
    plain = {
        (vocab.accentless_key(k), b)
        for k, b in zip(changes["_key"][final], changes["birth_date"][final], strict=True)
    }
    if not any(
        (vocab.accentless_key(k), b) in plain for k, b in zip(born["_key"], born["birth_date"], strict=True)
    ):
        return None
    # Only a return of a final change's birth date can be its person's (a city's admissions
    # are thousands: not spelled out one by one).
    changes = changes[changes["birth_date"].isin(births).to_numpy(dtype=bool)]
    columns = [
        changes[c].tolist()
        for c in ("_key", "birth_date", "_sub", "event_type", "event_date", "_row", "full_name")
    ]
    held = people(
        (
            (key, birth, int(sub), kind, _day(date), (int(sub), int(row), kind, date, key, written, label))
            for key, birth, sub, kind, date, row, written, label in zip(
                *columns, changes.index.tolist(), strict=True
            )
        ),
        roll_born(ctx, births),
        leavers_born(ctx, births),
    )
    left = pd.DataFrame(
        [(key, birth, *ref) for (key, birth), rows in held.items() for _, _, ref in rows],
        columns=[
            "_key", "birth_date", "_sub", "_row", "event_type", "event_date", "_typed", "_written", "_label"
        ],
    )  # fmt: skip
    if left.empty:
        return None
    theirs = born[born["_key"].isin(left["_key"]).to_numpy(dtype=bool)]
    pairs = theirs.merge(left, on=["_key", "birth_date"], suffixes=("", "_event"))
    # Another organisation's file by what the files tell (`duplicates.file_organisations`), as
    # `_on_other_roll` reads it: a copy of CB08's file whose `Thông tin` was renamed still holding
    # a member CB08's real file records as dead was told "another organisation's file" records
    # it (review257 L1 there); a file of no known organisation may be the roll's own one's.
    pairs = pairs[_of_other_organisations(ctx, pairs["_sub"], pairs["_sub_event"])]
    hits = pairs.sort_values(["_sub", "_row", "_sub_event", "_row_event"], kind="stable").drop_duplicates(
        ["_sub", "_row"]
    )
    return None if hits.empty else hits


def _other_row_words(ctx: Context, hits: pd.DataFrame) -> dict[str, pd.Series]:
    """The words of `_on_other_rolls`' ``hits`` naming the other file's row (`other`) and for
    whom it records the change (`whom`: the name that file wrote when it is not the member's,
    matched by accents), with their masked words."""
    others = pd.Series(
        [
            f"{ctx.subs[int(sub)].path.name} (dòng {int(row)})"
            for sub, row in zip(hits["_sub_event"], hits["_row_event"], strict=True)
        ],
        index=hits.index,
        dtype=object,
    )
    return {
        "other": others,
        "other_hidden": others,  # another file's name and row: nobody's personal data
        "whom": pd.Series(
            [
                _SAME_NAME if typed == key else _written_name(written)
                for typed, key, written in zip(hits["_typed"], hits["_key"], hits["_written"], strict=True)
            ],
            index=hits.index,
            dtype=object,
        ),
        "whom_hidden": pd.Series(
            [
                _SAME_NAME if t == k else _ACCENTS_ONLY
                for t, k in zip(hits["_typed"], hits["_key"], strict=True)
            ],
            index=hits.index,
            dtype=object,
        ),
    }


_ACCENTS_ONLY = "người cùng ngày sinh, họ tên chỉ khác ở dấu"
_SAME_NAME = "người cùng họ tên, ngày sinh"


def _written_name(written: object) -> str:
    """`event.left_in_other_file`'s words for a change whose name is the member's but for
    accents: the name as that file wrote it."""
    return f"\u201c{written}\u201d, cùng ngày sinh (họ tên chỉ khác ở dấu)"
