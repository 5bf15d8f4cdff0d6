"""From usable submissions to the four lists: members read off the frames, each rule applied.

`work_lists` is pure (no files, no validation): it takes submissions already read and
validated and returns the lists, each sorted by organisation (the registry's order, else the
organisation code), then due date, then name as official lists order names: by the given
name (tên), then the family and middle names (họ đệm), each in Vietnamese alphabetical order
(`vocab.given_name_sort_key`). `toolkit.worklists.build_work_lists` adds the reading and validation
around it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from toolkit.core import layout, vnformat, vocab
from toolkit.core.accent_pairs import accent_pairs, numbered_organisations
from toolkit.core.left_party import (
    FINAL_EVENTS,
    OUTSIDE_SCOPES,
    RETURNING_EVENTS,
    happened_by,
    notes_in_force,
    notes_say_left,
    notes_say_readmitted,
    notes_say_restored,
    still_left_people,
    still_moved_out_people,
)
from toolkit.core.model import Registry, Submission
from toolkit.core.text import file_org_key
from toolkit.core.thresholds import DEFAULT_THRESHOLDS, Thresholds
from toolkit.validation.keys import name_key_parts
from toolkit.worklists import badges, exemptions, probation, working_away
from toolkit.worklists.model import Context, Entry, ListSpec, Member, Readmission, WorkList


@dataclass(frozen=True)
class ListRule:
    """A list: what it is, its rule (member → row or None), and its rule in words."""

    spec: ListSpec
    entry: Callable[[Member, Context], Entry | None]
    describe: Callable[[Context], str]


# The lists in sheet order.
LISTS: tuple[ListRule, ...] = tuple(
    ListRule(m.SPEC, m.entry, m.rule_text) for m in (probation, badges, exemptions, working_away)
)
SPECS: tuple[ListSpec, ...] = tuple(rule.spec for rule in LISTS)

_MEMBER_FIELDS = (
    "full_name",
    "birth_date",
    "gender",
    "admission_date",
    "official_date",
    "exempt_from",
    "exempt_reason",
    "working_away",
)


def _date(value: object) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def members_of(sub: Submission, org_code: str, org_name: str) -> Iterator[Member]:
    """The `Đảng viên` rows of a submission as `Member` records of organisation `org_code`."""
    frame = sub.members
    if frame is None or frame.empty or not org_code:
        return
    columns = {key: frame[key].tolist() for key in _MEMBER_FIELDS}
    struck = set(sub.struck_rows.get(layout.SHEET_MEMBERS, ()))
    hidden = set(sub.hidden_rows.get(layout.SHEET_MEMBERS, ()))
    # A note struck through alone is withdrawn: it says nothing of the member (fix385); words
    # struck out of one are withdrawn too, the rest is the note (fix390).
    in_force = notes_in_force(
        frame["note"],
        frame["_row"].to_numpy(),
        sub.struck_notes.get(layout.SHEET_MEMBERS, ()),
        sub.notes_unstruck.get(layout.SHEET_MEMBERS, {}),
    )
    notes = in_force.tolist()  # the lists quote the note in force
    left = notes_say_left(in_force).tolist()
    again = notes_say_readmitted(in_force).tolist()
    restored = notes_say_restored(in_force).tolist()
    for i, row in enumerate(frame["_row"].tolist()):
        yield Member(
            org_code=org_code,
            org_name=org_name,
            path=sub.path,
            row=int(row),
            full_name=_text(columns["full_name"][i]) or "",
            birth_date=_date(columns["birth_date"][i]),
            gender=_text(columns["gender"][i]),
            admission_date=_date(columns["admission_date"][i]),
            official_date=_date(columns["official_date"][i]),
            exempt_from=_date(columns["exempt_from"][i]),
            exempt_reason=_text(columns["exempt_reason"][i]),
            working_away=_text(columns["working_away"][i]),
            template_version=layout.layout_for(sub.template_version).version,
            struck=int(row) in struck,
            hidden=int(row) in hidden,
            sheet=sub.sheet_name(layout.SHEET_MEMBERS),
            note_left=" ".join(str(notes[i]).split()) if left[i] else None,
            note_readmitted=" ".join(str(notes[i]).split()) if again[i] else None,
            note_restored=" ".join(str(notes[i]).split()) if restored[i] else None,
        )


# The changes by which a member leaves a file's roll (`validation.context.LEFT_IN_PERIOD`): a
# readmission row of that file may be such a leaver's.
_LEAVING = ("transfer_out", "died", *vocab.REMOVAL_EVENTS)


def readmitted_people(
    submissions: Sequence[Submission], *, cutoff: dt.date, kind: str = "readmitted"
) -> dict[tuple[str, dt.date], Readmission]:
    """(name key, birth date) → the `Kết nạp lại` row of every person who has one: file name,
    Excel row and date; of several, the latest dated (a row without a date counts as earliest).
    `kind` "restored": the `Phục hồi đảng tịch` rows, found the same way (`Context.restored`).
    A row dated after the `cutoff` is no one's (`left_party.happened_by`: at the cut-off that
    readmission has not happened; it starts no probation and times no exemption, hunt164 F1).
    A row whose name differs from one person's only by accents is that person's, as validation
    finds it (`vocab.accent_aliases`, row by row: the one of its own file's roll or leavers, else
    of the ward's roll; never a row two people could be)."""
    rows: list[tuple[str, dt.date, str, Readmission]] = []
    people: set[tuple[str, dt.date, str]] = set()
    for sub in submissions:
        file = sub.path.name
        if sub.members is not None and not sub.members.empty:
            columns = (sub.members[c].tolist() for c in ("full_name", "birth_date"))
            people |= {
                (vocab.person_name_key(name), day, file)
                for name, birth in zip(*columns, strict=True)
                if isinstance(name, str) and (day := _date(birth)) is not None
            }
        events = sub.events
        if events is None or events.empty:
            continue
        leaving = events[events["event_type"].isin(_LEAVING)]
        people |= {
            (vocab.person_name_key(name), day, file)
            for name, birth in zip(leaving["full_name"].tolist(), leaving["birth_date"].tolist(), strict=True)
            if isinstance(name, str) and (day := _date(birth)) is not None
        }
        readmitted = events[events["event_type"] == kind]
        columns = (readmitted[c].tolist() for c in ("full_name", "birth_date", "event_date", "_row"))
        for name, birth, date, row in zip(*columns, strict=True):
            day = _date(birth)
            if isinstance(name, str) and day is not None and happened_by(_date(date), cutoff):
                rows.append(
                    (vocab.person_name_key(name), day, file, Readmission(file, int(row), _date(date)))
                )
    aliases = vocab.accent_aliases(((k, b, f) for k, b, f, _ in rows), people)
    found: dict[tuple[str, dt.date], Readmission] = {}
    for key, day, file, seen in rows:
        person = (aliases.get((key, day, file), key), day)
        held = found.get(person)
        if held is None or (seen.date or dt.date.min) > (held.date or dt.date.min):
            found[person] = seen
    return found


@dataclass(frozen=True)
class LeftRow:
    """A row of a file's `Biến động` saying that a person died or left the Party, or moved away
    (`moved_off_own_roll`; out of the ward: `moved_out_people`, `outside`)."""

    org: str | None  # the file's organisation (`_org_key`), None when it tells none
    file: str
    row: int
    event: str  # the change's label
    date: dt.date | None
    kind: str  # the change's code (`left_party.FINAL_EVENTS`)
    name: str = ""  # the name as that file wrote it
    outside: bool = False  # a "Chuyển đi" out of the ward (`moved_out_people`)


def _org_key(sub: Submission, registry_codes: list[str] | None) -> str | None:
    """The file's organisation as far as it tells (`text.file_org_key`: its `Thông tin` code,
    else the code its name names), None for a file of no known organisation."""
    return file_org_key(sub.org_code, sub.path.name, registry_codes)


def _another(org: str | None, other: str | None) -> bool:
    """Whether a file of organisation `other` is another organisation's than `org`'s: never
    when either is of no known organisation (it may be any organisation's, its own one's too).
    Before, a file lacking a `Thông tin` code was another organisation by its path: an old copy
    of CB01's file whose `Thông tin` was renamed, or the copy `ban_sao.xlsx`, turned CB01's
    members red as moved away or arrived at another chi bộ (as validation, review257 L1)."""
    return org is not None and other is not None and org != other


def left_people(
    submissions: Sequence[Submission], *, cutoff: dt.date, registry_codes: list[str] | None = None
) -> dict[tuple[str, dt.date], tuple[LeftRow, ...]]:
    """(name key, birth date) → the rows of `submissions` recording that person's death or
    leaving the Party (Từ trần, Xóa tên, Khai trừ, Xin ra khỏi Đảng) that still hold
    (`left_party.still_left_people`, the rule of `event.left_in_other_file`: a death always,
    leaving the Party unless a change in any of the files brings the person back into it on or
    after its date; a row whose name differs from one person's only by accents is that person's,
    as a `Kết nạp lại` row is in `readmitted_people`). A change bringing the person back dated
    after the `cutoff` undoes nothing (`left_party.happened_by`: at the cut-off the person is
    still out of the Party, hunt164 F1); a death or leaving dated after it is still marked (§8).
    Only the changes are looked at (a few a file), and the members born on their dates."""
    changes: list[tuple[str, dt.date, str, str, dt.date | None, LeftRow | None]] = []
    leavers: list[tuple[str, dt.date, str]] = []
    for sub in submissions:
        events = sub.events
        if events is None or events.empty:
            continue
        file = sub.path.name
        rows = events[events["event_type"].isin((*FINAL_EVENTS, *RETURNING_EVENTS, *_LEAVING))]
        columns = (rows[c].tolist() for c in ("full_name", "birth_date", "event_type", "event_date", "_row"))
        for name, birth, kind, date, row in zip(*columns, strict=True):
            day = _date(birth)
            if not isinstance(name, str) or day is None:
                continue
            key, when = vocab.person_name_key(name), _date(date)
            if kind in _LEAVING:
                leavers.append((key, day, file))
            if kind in FINAL_EVENTS:
                label = vocab.EVENT_TYPE.label(kind)
                changes.append(
                    (
                        key,
                        day,
                        file,
                        kind,
                        when,
                        LeftRow(_org_key(sub, registry_codes), file, int(row), label, when, kind, name),
                    )
                )
            elif kind in RETURNING_EVENTS and happened_by(when, cutoff):
                changes.append((key, day, file, kind, when, None))
    births = {day for _, day, _, kind, _, _ in changes if kind in FINAL_EVENTS}
    if not births:
        return {}
    held = still_left_people(changes, _roll_born_on(submissions, births), leavers)
    return {person: tuple(r for _, _, r in rows if r is not None) for person, rows in held.items()}


def moved_out_people(
    submissions: Sequence[Submission], *, cutoff: dt.date, registry_codes: list[str] | None = None
) -> dict[tuple[str, dt.date], tuple[LeftRow, ...]]:
    """(name key, birth date) → the `Chuyển đi` rows of `submissions` of a scope out of the ward
    (`left_party.OUTSIDE_SCOPES`) that still hold (`left_party.still_moved_out_people`, the rule
    of `event.moved_out_in_other_file`: unless a `Chuyển đến` of any scope, in any of the files,
    is dated on or after it; names matched as `left_people` matches them). A `Chuyển đến` dated
    after the `cutoff` undoes no move (`left_party.happened_by`: at the cut-off the person has not
    arrived, as a readmission after it brings no one back). The caller keeps those of another
    organisation than the member's (its own file's are `moved_off_own_roll`'s)."""
    changes: list[tuple[str, dt.date, str, str, dt.date | None, LeftRow | None]] = []
    leavers: list[tuple[str, dt.date, str]] = []
    label = vocab.EVENT_TYPE.label("transfer_out")
    for sub in submissions:
        events = sub.events
        if events is None or events.empty or "transfer_scope" not in events.columns:
            continue
        file = sub.path.name
        rows = events[events["event_type"].isin((*_LEAVING, "transfer_in"))]
        columns = (
            rows[c].tolist()
            for c in ("full_name", "birth_date", "event_type", "event_date", "_row", "transfer_scope")
        )
        for name, birth, kind, date, row, scope in zip(*columns, strict=True):
            day = _date(birth)
            if not isinstance(name, str) or day is None:
                continue
            key, when = vocab.person_name_key(name), _date(date)
            if kind in _LEAVING:
                leavers.append((key, day, file))
            if kind == "transfer_out" and scope in OUTSIDE_SCOPES:
                seen = LeftRow(
                    _org_key(sub, registry_codes), file, int(row), label, when, kind, name, outside=True
                )
                changes.append((key, day, file, kind, when, seen))
            elif kind == "transfer_in" and happened_by(when, cutoff):
                changes.append((key, day, file, kind, when, None))
    births = {day for _, day, _, kind, _, _ in changes if kind == "transfer_out"}
    if not births:
        return {}
    held = still_moved_out_people(changes, _roll_born_on(submissions, births), leavers)
    return {person: tuple(r for _, _, r in rows if r is not None) for person, rows in held.items()}


def _roll_born_on(submissions: Sequence[Submission], births: set[dt.date]) -> list[tuple[str, dt.date, str]]:
    """(name key, birth date, file) of each member of the `submissions`' rolls born on one of
    `births` (the people a change of `left_people` or `moved_out_people` may be)."""
    roll: list[tuple[str, dt.date, str]] = []
    for sub in submissions:
        if sub.members is not None and not sub.members.empty:
            columns = (sub.members[c].tolist() for c in ("full_name", "birth_date"))
            roll += [
                (vocab.person_name_key(name), day, sub.path.name)
                for name, birth in zip(*columns, strict=True)
                if isinstance(name, str) and (day := _date(birth)) in births
            ]
    return roll


def _latest_changes(sub: Submission) -> dict[tuple[str, dt.date], tuple[dt.date | None, int, str, str]]:
    """(name key as typed, birth date) → the person's latest change in the file's `Biến động`
    (by date, then row; an undated row counts as earliest, as validation orders them): its date,
    Excel row, kind code and the name as typed."""
    events = sub.events
    if events is None or events.empty:
        return {}
    latest: dict[tuple[str, dt.date], tuple[dt.date | None, int, str, str]] = {}
    columns = (events[c].tolist() for c in ("full_name", "birth_date", "event_type", "event_date", "_row"))
    for name, birth, kind, date, row in zip(*columns, strict=True):
        day = _date(birth)
        if not isinstance(name, str) or day is None:
            continue
        person, seen = (vocab.person_name_key(name), day), (_date(date), int(row), str(kind), name)
        held = latest.get(person)
        if held is None or (seen[0] or dt.date.min, seen[1]) > (held[0] or dt.date.min, held[1]):
            latest[person] = seen
    return latest


def moved_off_own_roll(
    submissions: Sequence[Submission], *, registry_codes: list[str] | None = None
) -> dict[tuple[int, str, dt.date], LeftRow]:
    """(id of a submission, name key, birth date) → the `Chuyển đi` row of that file taking a
    member of its own roll off it, when it is the member's latest change in the file (by date,
    then row; none after it brings them back), read as `event.left_still_on_roll` and
    `event.left_still_on_roll_accents` read it: a row typed without some of the member's accents
    is the member's (`vocab.accent_aliases`, the one member of the file with the row's marks and
    more; a row two members could be is no one's). A file keeping a member whose row has the
    member's very name has an error (it is not used); typed otherwise, a warning, and the file is
    used: the lists then mark the member (hunt105 F4). Deaths and leaving the Party are
    `left_people`'s."""
    found: dict[tuple[int, str, dt.date], LeftRow] = {}
    label = vocab.EVENT_TYPE.label("transfer_out")
    for sub in submissions:
        events, members = sub.events, sub.members
        if (
            events is None
            or members is None
            or members.empty
            or not events["event_type"].eq("transfer_out").any()
        ):
            continue
        file = sub.path.name
        roll = {
            (vocab.person_name_key(name), day, file)
            for name, birth in zip(members["full_name"].tolist(), members["birth_date"].tolist(), strict=True)
            if isinstance(name, str) and (day := _date(birth)) is not None
        }
        typed = _latest_changes(sub)
        aliases = vocab.accent_aliases(((key, day, file) for key, day in typed), roll)
        # One timeline per member of the roll, whatever spelling each row has.
        latest: dict[tuple[str, dt.date], tuple[dt.date | None, int, str, str]] = {}
        for (key, day), seen in typed.items():
            person = (aliases.get((key, day, file), key), day)
            held = latest.get(person)
            if (*person, file) in roll and (
                held is None or (seen[0] or dt.date.min, seen[1]) > (held[0] or dt.date.min, held[1])
            ):
                latest[person] = seen
        for (key, day), (date, row, kind, name) in latest.items():
            if kind == "transfer_out":
                found[(id(sub), key, day)] = LeftRow(
                    _org_key(sub, registry_codes), file, row, label, date, kind, name
                )
    return found


@dataclass(frozen=True)
class Arrival:
    """A `Chuyển đến` row of scope `Trong Đảng bộ phường` of a file's `Biến động`."""

    org: str | None  # the file's organisation (`_org_key`), None when it tells none
    file: str
    row: int
    date: dt.date | None


def arrived_elsewhere(
    submissions: Sequence[Submission], *, registry_codes: list[str] | None = None
) -> dict[tuple[str, dt.date], tuple[Arrival, ...]]:
    """(name key, birth date) → each `Chuyển đến` row of scope `Trong Đảng bộ phường` of
    `submissions` that is the person's latest change in its file (no move on after it): the
    person is that organisation's since. A member of another organisation's roll having one is
    the member `event.internal_transfer_on_other_roll` warns about (matched, as it matches them,
    by name key and birth date as typed): that roll kept someone who moved to another chi bộ of
    the ward, and the lists mark the member there (hunt105 F2a)."""
    found: dict[tuple[str, dt.date], tuple[Arrival, ...]] = {}
    for sub in submissions:
        events = sub.events
        if events is None or events.empty or "transfer_scope" not in events.columns:
            continue
        if not ((events["event_type"] == "transfer_in") & (events["transfer_scope"] == "internal")).any():
            continue
        internal = set(events.loc[events["transfer_scope"] == "internal", "_row"].astype(int).tolist())
        for person, (date, row, kind, _) in _latest_changes(sub).items():
            if kind == "transfer_in" and row in internal:
                arrival = Arrival(_org_key(sub, registry_codes), sub.path.name, row, date)
                found[person] = (*found.get(person, ()), arrival)
    return found


@dataclass(frozen=True)
class AccentTwin:
    """Another member row of one birth date whose name differs from a row's only by accents one
    of the two lacks (`accent_pairs.accent_pairs`, the rule of `member.name_without_accents`)."""

    file: str
    sheet: str
    row: int
    name: str


def accent_twins(
    submissions: Sequence[Submission], *, registry_codes: list[str] | None = None
) -> dict[tuple[int, int], AccentTwin]:
    """(id of a submission, Excel row) → the other row of each member row of `submissions`
    paired by `accent_pairs.accent_pairs` (in its file or in a file of another organisation, as
    validation compares them), both rows of a pair: the one lacking accents and the one having
    them. Of several, the one of the row's own file first, then in file and row order. Every
    row's name is keyed once per distinct name, and the pairs found at C speed."""
    subs = [s for s in submissions if s.members is not None and not s.members.empty]
    frames = [s.members for s in subs if s.members is not None]
    if not frames:
        return {}
    names = pd.concat([f["full_name"] for f in frames], ignore_index=True)
    _, codes, distinct = name_key_parts(names)
    births = pd.concat(
        [pd.to_datetime(f["birth_date"], errors="coerce") for f in frames], ignore_index=True
    ).to_numpy("datetime64[D]")
    files = np.repeat(np.arange(len(frames), dtype=np.int64), [len(f) for f in frames])
    orgs = numbered_organisations([_org_key(s, registry_codes) for s in subs])[files]
    fewer, more = accent_pairs(codes, distinct, births, files, orgs)
    if not len(fewer):
        return {}
    rows = np.concatenate([f["_row"].to_numpy(np.int64) for f in frames])
    mine, theirs = np.concatenate([fewer, more]), np.concatenate([more, fewer])
    order = np.lexsort((rows[theirs], files[theirs], files[mine] != files[theirs]))
    found: dict[tuple[int, int], AccentTwin] = {}
    for a, b in zip(mine[order].tolist(), theirs[order].tolist(), strict=True):
        key = (id(subs[files[a]]), int(rows[a]))
        if key not in found:
            other = subs[files[b]]
            sheet = other.sheet_name(layout.SHEET_MEMBERS)
            found[key] = AccentTwin(other.path.name, sheet, int(rows[b]), str(names.iat[b]))
    return found


def organisation_of(sub: Submission, registry: Registry | None) -> tuple[str, str]:
    """The code and name the lists show for a submission's organisation, attributed as
    consolidation attributes it: the registry organisation its code names (`Registry.find`:
    `tdp9` is the registry's `TDP9`), with the registry's code and name (else the name the
    submission gives); the code and name as the submission gives them when no registry has it."""
    code = sub.org_code or ""
    org = registry.find(code) if registry is not None and code else None
    if org is not None:
        code = org.org_code
    name = (org.org_name if org else None) or _text(sub.info.get("org_name")) or code
    return code, name


# A member whose row is struck through may have left (a paper list's way to drop a name):
# their rows of the lists say so, in red, before anything is done for them.
STRUCK_NOTE = "Dòng của đảng viên này bị gạch ngang trong tệp của chi bộ: hỏi lại chi bộ trước khi làm."


# A member whose row is hidden (not by a filter) may have left too, the row put out of sight
# rather than deleted (hunt361): said the same way.
HIDDEN_NOTE = "Dòng của đảng viên này bị ẩn trong tệp của chi bộ: hỏi lại chi bộ trước khi làm."
# A row both hidden and struck: one sentence, the advice said once (review364).
HIDDEN_STRUCK_NOTE = (
    "Dòng của đảng viên này bị ẩn và bị gạch ngang trong tệp của chi bộ: hỏi lại chi bộ trước khi làm."
)


# The note of a member's row by (hidden, struck) in its file.
_ROW_MARKS: dict[tuple[bool, bool], str | None] = {
    (False, False): None,
    (False, True): STRUCK_NOTE,
    (True, False): HIDDEN_NOTE,
    (True, True): HIDDEN_STRUCK_NOTE,
}


def _struck_marked(entry: Entry, mark: str = STRUCK_NOTE) -> Entry:
    """The entry in red, its note (a sentence of its own, without a full stop) followed by
    the struck note (or `mark`) as the next sentence."""
    note = f"{entry.note.rstrip('. ')}. {mark}" if entry.note else mark
    return replace(entry, note=note, flagged=True)


# The end of the note of such a member (how the rule line knows a list holds one).
LEFT_MARK = "cho người cùng họ tên, ngày sinh: hỏi lại chi bộ trước khi làm."


# The end of that note when the other file wrote the name with other accents (matched by
# `vocab.accent_aliases`): the name as written is quoted before it.
LEFT_ACCENT_MARK = "cùng ngày sinh, họ tên chỉ khác ở dấu: hỏi lại chi bộ trước khi làm."


def left_note(row: LeftRow, member_name: str | None = None) -> str:
    """The note of a member whose death or leaving the Party (or move out of the ward) another
    organisation records, quoting the name that file wrote when it is not `member_name`'s (hunt78 #5)."""
    date = f" ngày {vnformat.date(row.date)}" if row.date else ""
    where = f"dòng {row.row}, sheet \u201c{layout.SHEET_EVENTS}\u201d"
    away = " ra ngoài phường" if row.outside else ""
    head = f"Tệp {row.file} ({where}) ghi \u201c{row.event}\u201d{away}{date}"
    if (
        member_name is not None
        and row.name
        and vocab.person_name_key(row.name) != vocab.person_name_key(member_name)
    ):
        return f"{head} cho \u201c{row.name}\u201d, {LEFT_ACCENT_MARK}"
    return f"{head} {LEFT_MARK}"


# The end of the note of a member whose arrival from inside the ward another organisation records.
MOVED_MARK = (
    "cho người cùng họ tên, ngày sinh: có thể đảng viên đã chuyển sinh hoạt sang tổ chức đó, "
    "hỏi lại chi bộ trước khi làm."
)


def moved_note(row: Arrival) -> str:
    """The note of a member of one roll whose arrival from inside the ward another organisation's
    file records (`arrived_elsewhere`), naming that row."""
    date = f" ngày {vnformat.date(row.date)}" if row.date else ""
    where = f"dòng {row.row}, sheet \u201c{layout.SHEET_EVENTS}\u201d"
    event = vocab.EVENT_TYPE.label("transfer_in")
    return f"Tệp {row.file} ({where}) ghi \u201c{event}\u201d trong Đảng bộ phường{date} {MOVED_MARK}"


# The end of the note of a member whose own `Ghi chú` says the member left.
NOTE_LEFT_MARK = "có thể đảng viên không còn sinh hoạt ở chi bộ, hỏi lại chi bộ trước khi làm."


def note_left_note(note: str) -> str:
    """The note of a member whose `Ghi chú` says the member left (`left_party.note_says_left`,
    the rule of `member.note_left`), quoting it."""
    return f"Cột \u201cGhi chú\u201d của dòng này ghi \u201c{note}\u201d: {NOTE_LEFT_MARK}"


# The end of the note of a member whose name another row of the same birth date has with or
# without some accents.
ACCENT_MARK = "chỉ khác ở dấu: có thể là một người ghi hai lần, hỏi lại chi bộ trước khi làm."


def accent_note(twin: AccentTwin, *, same_file: bool) -> str:
    """The note of a member typed again with or without some accents (`accent_twins`)."""
    where = f"Dòng {twin.row}" if same_file else f"Tệp {twin.file} (dòng {twin.row}"
    sheet = f"sheet \u201c{twin.sheet}\u201d"
    place = f"{where} ({sheet})" if same_file else f"{where}, {sheet})"
    return f"{place} ghi \u201c{twin.name}\u201d, cùng ngày sinh, họ tên {ACCENT_MARK}"


def _marked(entry: Entry, note: str) -> Entry:
    """The entry in red, its note followed by `note` as the next sentence."""
    return replace(entry, note=f"{entry.note.rstrip('. ')}. {note}" if entry.note else note, flagged=True)


def _arrival_elsewhere(
    rows: Sequence[Arrival], org: str | None, back: tuple[dt.date | None, int, str, str] | None
) -> Arrival | None:
    """The first of `rows` (a person's arrivals from inside the ward, `arrived_elsewhere`) of an
    organisation other than `org` that the person's latest change in `org`'s own file (`back`,
    `_latest_changes`) does not follow: a return to `org` dated after it keeps the member."""
    since = dt.date.min if back is None or back[0] is None else back[0]
    return next(
        (a for a in rows if _another(org, a.org) and (back is None or since < (a.date or dt.date.min))), None
    )


def work_lists(
    submissions: Sequence[Submission],
    *,
    cutoff: dt.date,
    registry: Registry | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    ward: Sequence[Submission] | None = None,
) -> tuple[WorkList, ...]:
    """The four lists of `submissions` (all of them are used: pass only usable ones), with the
    ward's `thresholds`. `ward`: every file read (`submissions` when None), whose changes may
    record the death or leaving of a member on another organisation's roll: such a member's
    rows are red with a note naming that row (as `event.left_in_other_file` warns; so are those
    of a member whose move out of the ward another organisation records, as
    `event.moved_out_in_other_file` warns), and whose
    `Kết nạp lại` rows mark a badge's party age to recount (its `Phục hồi đảng tịch` rows, to
    check against the restoration decision): a file left out for its errors
    still says what happened to a person on another file's roll."""
    every_file = submissions if ward is None else ward
    ctx = Context(
        cutoff,
        readmitted_people(every_file, cutoff=cutoff),
        thresholds,
        readmitted_people(every_file, cutoff=cutoff, kind="restored"),
    )
    codes = [o.org_code for o in registry.organisations] if registry is not None else None
    left = left_people(every_file, cutoff=cutoff, registry_codes=codes)
    moved_out = moved_out_people(every_file, cutoff=cutoff, registry_codes=codes)
    moved = moved_off_own_roll(submissions, registry_codes=codes)
    arrived = arrived_elsewhere(every_file, registry_codes=codes)
    twins = accent_twins(every_file, registry_codes=codes)
    rank = {o.org_code: i for i, o in enumerate(registry.organisations)} if registry is not None else {}
    found: list[list[Entry]] = [[] for _ in LISTS]
    for sub in submissions:
        org = _org_key(sub, codes)
        own: dict[tuple[str, dt.date], tuple[dt.date | None, int, str, str]] | None = None
        for member in members_of(sub, *organisation_of(sub, registry)):
            gone, came = None, None
            if member.birth_date is not None:
                person = (vocab.person_name_key(member.full_name), member.birth_date)
                # Its own file's rows too (hunt105 F4): one typed as the member's very name is the
                # file's error, one typed with other accents its warning (the file is used).
                rows = left.get(person) if left else None
                gone = rows[0] if rows else moved.get((id(sub), *person))
                if gone is None and person in moved_out:
                    gone = next((r for r in moved_out[person] if _another(org, r.org)), None)
                if gone is None and person in arrived:
                    own = _latest_changes(sub) if own is None else own
                    came = _arrival_elsewhere(arrived[person], org, own.get(person))
            twin = twins.get((id(sub), member.row)) if twins else None
            marks = [
                *([left_note(gone, member.full_name)] if gone is not None else ()),
                *([moved_note(came)] if came is not None else ()),
                *([note_left_note(member.note_left)] if member.note_left else ()),
                *([accent_note(twin, same_file=twin.file == sub.path.name)] if twin is not None else ()),
            ]
            for entries, rule in zip(found, LISTS, strict=True):
                row = rule.entry(member, ctx)
                if row is None:
                    continue
                for note in marks:
                    row = _marked(row, note)
                mark = _ROW_MARKS[member.hidden, member.struck]
                if mark is not None:
                    row = _struck_marked(row, mark)
                entries.append(row)

    def order(e: Entry) -> tuple:
        return (
            rank.get(e.org_code, len(rank)),
            e.org_code,
            e.due is None,
            e.due or dt.date.min,
            vocab.given_name_sort_key(e.full_name),
        )

    return tuple(
        WorkList(rule.spec, _described(rule.describe(ctx), entries), tuple(sorted(entries, key=order)))
        for entries, rule in zip(found, LISTS, strict=True)
    )


# What a red row means, added to a list's rule when it holds a struck member.
STRUCK_RULE = "dòng chữ đỏ có ghi chú “gạch ngang”: dòng của đảng viên bị gạch ngang trong tệp của chi bộ."


# And when it holds a member whose row is hidden.
HIDDEN_RULE = "dòng chữ đỏ có ghi chú “bị ẩn”: dòng của đảng viên bị ẩn trong tệp của chi bộ."


# And when it holds a member whose death, leaving the Party or move out of the ward another file records.
LEFT_RULE = (
    "dòng chữ đỏ có ghi chú \u201ccho người cùng họ tên, ngày sinh\u201d (hoặc \u201ccùng ngày sinh, "
    "họ tên chỉ khác ở dấu\u201d): sheet \u201cBiến động\u201d của tổ chức khác ghi người này đã từ trần "
    "hoặc ra khỏi Đảng, hay đã chuyển đi ra ngoài phường, hoặc của chính chi bộ ghi như vậy hay ghi "
    "chuyển đi với họ tên chỉ khác ở dấu."
)


# And when it holds a member whose arrival from inside the ward another organisation records.
MOVED_RULE = (
    "dòng chữ đỏ có ghi chú \u201cchuyển sinh hoạt sang tổ chức đó\u201d: tệp của tổ chức khác trong phường "
    "ghi người này đã chuyển đến tổ chức đó."
)


# And when it holds a member whose own `Ghi chú` says the member left.
NOTE_LEFT_RULE = (
    "dòng chữ đỏ trích cột \u201cGhi chú\u201d: ghi chú trong tệp của chi bộ cho biết đảng viên đã chuyển "
    "sinh hoạt đi, từ trần, bị xóa tên, khai trừ hoặc ra khỏi Đảng."
)


# And when it holds a member whose name another row of one birth date has with or without accents.
ACCENT_RULE = (
    "dòng chữ đỏ có ghi chú \u201cchỉ khác ở dấu\u201d: một dòng khác cùng ngày sinh ghi họ tên này "
    "thiếu dấu hoặc đủ dấu, có thể là một người ghi hai lần."
)


def _described(rule: str, entries: Sequence[Entry]) -> str:
    added = [
        text
        for text, holds in (
            (LEFT_RULE, lambda note: LEFT_MARK in note or LEFT_ACCENT_MARK in note),
            (MOVED_RULE, lambda note: MOVED_MARK in note),
            (NOTE_LEFT_RULE, lambda note: NOTE_LEFT_MARK in note),
            (ACCENT_RULE, lambda note: ACCENT_MARK in note),
            (STRUCK_RULE, lambda note: note.endswith((STRUCK_NOTE, HIDDEN_STRUCK_NOTE))),
            (HIDDEN_RULE, lambda note: HIDDEN_NOTE in note or HIDDEN_STRUCK_NOTE in note),
        )
        if any(e.note and holds(e.note) for e in entries)
    ]
    if not added:
        return rule
    return "; ".join(text.removesuffix(".") for text in (rule, *added)) + "."
