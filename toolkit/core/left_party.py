"""Whether a person a file records as dead or out of the Party is still so: one rule for the
validation warning `event.left_in_other_file` and the work lists' red rows.

A final change (`FINAL_EVENTS`: Từ trần, Xóa tên, Khai trừ, Xin ra khỏi Đảng) takes a person
off every roll of the ward. Nothing brings a dead person back: a death holds whatever is dated
after it (a "Chuyển đến" dated after a death in another organisation's file is a member who
died while moving, or a mix-up of two files, never a return). Leaving the Party is undone only
by a change that brings the person back into the Party (`RETURNING_EVENTS`: Kết nạp, Kết nạp
lại, Phục hồi đảng tịch) dated on or after it, in any file: struck off by one organisation,
then readmitted by another. A plain "Chuyển đến" moves a member between rolls; it brings
nobody back into the Party.

A change is a person's by name and birth date; one whose name no one has exactly is the person's
whose name differs from it only by accents (`vocab.accent_aliases`, the rule a `Kết nạp lại`
row is matched by: "Pham Van Dung" dead in one file is Phạm Văn Dũng on another's roll, and a
"Tran Van Hoa" readmitted brings back the Trần Văn Hòa another file struck off; `still_left_people`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from typing import Any, TypeVar

from toolkit.core import vocab

Ref = TypeVar("Ref")
# (name key, birth date, file): a person of a roll, or of a file's leaving rows.
Person = tuple[str, Hashable, Hashable]

# Changes after which a person is on no roll of the ward (a transfer out is not one: another
# roll has the person then).
FINAL_EVENTS = ("died", *vocab.REMOVAL_EVENTS)
# Changes that bring a person who left the Party back into it.
RETURNING_EVENTS = (*vocab.ADMISSION_EVENTS, "restored")


def still_left(kind: str, date: dt.date | None, returned: dt.date | None) -> bool:
    """Whether a final change of ``kind`` (a `FINAL_EVENTS` code) dated ``date`` still holds for
    a person whose latest change bringing them back into the Party (`RETURNING_EVENTS`, in any
    file) is dated ``returned`` (None when there is none, or none dated): a death always; leaving
    the Party unless ``returned`` is on or after its date (an undated leaving is never undone)."""
    if kind == "died" or returned is None or date is None:
        return True
    return returned < date


def still_left_people(
    changes: Iterable[tuple[str, Hashable, Hashable, str, dt.date | None, Ref]],
    roll: Iterable[Person],
    leavers: Iterable[Person],
) -> dict[tuple[str, Any], list[tuple[str, dt.date | None, Ref]]]:
    """(name key, birth date) → the final changes of that person that still hold (`still_left`
    against the person's latest dated returning change, in any file), each as (kind, date, ref).

    ``changes``: (name key, birth date, file, kind code, date, ref) of the files' final and
    returning changes (others are passed over). ``roll``: (name key, birth date, file) of the
    files' members; ``leavers``: of their leaving rows (whom a readmission may be, as
    `worklists.collect.readmitted_people` and validation's readmission checks match it). A
    change whose name no one has exactly is the one person's whose name differs from it only by
    accents (`vocab.accent_aliases`, own file first; a change two people could be is no one's):
    a final change among the rolls (it is its own leaver), a returning change among the rolls and
    the leavers, the rule a `Kết nạp lại` row is matched by (hunt71 #1 #2). People of a birth
    date no change has may be left out of ``roll`` and ``leavers``."""
    rows = [c for c in changes if c[3] in FINAL_EVENTS or c[3] in RETURNING_EVENTS]
    final = [(key, birth, file) for key, birth, file, kind, _, _ in rows if kind in FINAL_EVENTS]
    if not final:
        return {}
    births = {birth for _, birth, _ in final}
    rows = [c for c in rows if c[1] in births]  # a return of another birth date is no leaver's
    people = [p for p in roll if p[1] in births]
    final_alias = vocab.accent_aliases(final, people)
    back_alias = vocab.accent_aliases(
        ((key, birth, file) for key, birth, file, kind, _, _ in rows if kind in RETURNING_EVENTS),
        [*people, *(p for p in leavers if p[1] in births)],
    )
    found: dict[tuple[str, Any], list[tuple[str, dt.date | None, Ref]]] = {}
    returned: dict[tuple[str, Any], dt.date] = {}
    for key, birth, file, kind, date, ref in rows:
        if kind in FINAL_EVENTS:
            found.setdefault((final_alias.get((key, birth, file), key), birth), []).append((kind, date, ref))
        elif date is not None:
            person = (back_alias.get((key, birth, file), key), birth)
            if date > returned.get(person, dt.date.min):
                returned[person] = date
    out = {}
    for person, held in found.items():
        kept = [row for row in held if still_left(row[0], row[1], returned.get(person))]
        if kept:
            out[person] = kept
    return out
