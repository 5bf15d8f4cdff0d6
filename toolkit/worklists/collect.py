"""From usable submissions to the four lists: members read off the frames, each rule applied.

`work_lists` is pure (no files, no validation): it takes submissions already read and
validated and returns the lists, each sorted by organisation (the registry's order, else the
organisation code), then due date, then name (in Vietnamese alphabetical order,
`vocab.name_sort_key`). `toolkit.worklists.build_work_lists` adds the reading and validation
around it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from toolkit.core import layout, vocab
from toolkit.core.model import Registry, Submission
from toolkit.core.thresholds import DEFAULT_THRESHOLDS, Thresholds
from toolkit.worklists import badges, exemptions, probation, working_away
from toolkit.worklists.model import Context, Entry, ListSpec, Member, WorkList


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
        )


def readmitted_people(submissions: Sequence[Submission]) -> dict[tuple[str, dt.date], tuple[str, int]]:
    """(name key, birth date) → (file name, Excel row) of every `Kết nạp lại` row."""
    found: dict[tuple[str, dt.date], tuple[str, int]] = {}
    for sub in submissions:
        events = sub.events
        if events is None or events.empty:
            continue
        rows = events[events["event_type"] == "readmitted"]
        for name, birth, row in zip(rows["full_name"], rows["birth_date"], rows["_row"], strict=True):
            day = _date(birth)
            if isinstance(name, str) and day is not None:
                found.setdefault((vocab.person_name_key(name), day), (sub.path.name, int(row)))
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


def _struck_marked(entry: Entry) -> Entry:
    """The entry in red, its note (a sentence of its own, without a full stop) followed by
    the struck note as the next sentence."""
    note = f"{entry.note.rstrip('. ')}. {STRUCK_NOTE}" if entry.note else STRUCK_NOTE
    return replace(entry, note=note, flagged=True)


def work_lists(
    submissions: Sequence[Submission],
    *,
    cutoff: dt.date,
    registry: Registry | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> tuple[WorkList, ...]:
    """The four lists of `submissions` (all of them are used: pass only usable ones), with the
    ward's `thresholds`."""
    ctx = Context(cutoff, readmitted_people(submissions), thresholds)
    rank = {o.org_code: i for i, o in enumerate(registry.organisations)} if registry is not None else {}
    found: list[list[Entry]] = [[] for _ in LISTS]
    for sub in submissions:
        for member in members_of(sub, *organisation_of(sub, registry)):
            for entries, rule in zip(found, LISTS, strict=True):
                row = rule.entry(member, ctx)
                if row is not None:
                    entries.append(_struck_marked(row) if member.struck else row)

    def order(e: Entry) -> tuple:
        return (
            rank.get(e.org_code, len(rank)),
            e.org_code,
            e.due is None,
            e.due or dt.date.min,
            vocab.name_sort_key(e.full_name),
        )

    return tuple(
        WorkList(rule.spec, _described(rule.describe(ctx), entries), tuple(sorted(entries, key=order)))
        for entries, rule in zip(found, LISTS, strict=True)
    )


# What a red row means, added to a list's rule when it holds a struck member.
STRUCK_RULE = "dòng chữ đỏ có ghi chú “gạch ngang”: dòng của đảng viên bị gạch ngang trong tệp của chi bộ."


def _described(rule: str, entries: Sequence[Entry]) -> str:
    if not any(e.note and e.note.endswith(STRUCK_NOTE) for e in entries):
        return rule
    return f"{rule.removesuffix('.')}; {STRUCK_RULE}"
