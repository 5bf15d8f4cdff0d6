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
import re
from collections.abc import Hashable, Iterable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

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


# Words of a `Ghi chú` that say the member left the organisation, on the note without accents
# and lower case (`vocab.fold_key`). A false warning tells the office to delete a member still
# in the Party, so an odd phrasing is rather missed: the departure must open the note (after
# "đã", "bị", "được"), so that a relative ("con trai chuyển đi", "anh trai đã mất", "ông nội từ
# trần"), a negation or a proposal ("không/chưa/đề nghị xóa tên") before it is not the member's;
# "ông"/"bà"/"đồng chí" alone before a death is the member. Moved away: "chuyển sinh hoạt (đảng)
# đi", "chuyển SH đi", or a bare "chuyển đi" only at the end, before a date, "ngày/tháng/năm" or
# a Party body ("chuyển đi khám bệnh", "chuyển đi ở với con" are not), never a work or study trip.
# Died: "từ trần", "qua đời", and "(đã) mất" only at the end, before a date, "ngày/tháng/năm" or
# punctuation ("đã mất sức lao động", "đã mất thẻ", "đã mất liên lạc" are not). Struck off
# ("xóa tên", not "xóa tên khỏi danh sách miễn sinh hoạt"), expelled, out of the Party. Nothing
# is said of a note that also says the matter was temporary or undone: "tạm thời", "vẫn sinh
# hoạt", "kết nạp lại", "phục hồi".
_DATE = r"(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}[/.]\d{4}|(?:19|20)\d{2})\b"
_END = rf"(?=\s*(?:$|[^\w\s]|{_DATE}|(?:ngay|thang|nam|luc|vao)\b))"
LEFT_NOTE = re.compile(
    r"^(?!.*\b(?:tam thoi|van (?:dang )?(?:sinh hoat|sh)|ket nap lai|phuc hoi)\b)"
    r"[\W_]*(?:(?:da|bi|duoc|da bi|da duoc) )?(?:"
    r"chuyen (?:sinh hoat|sh) (?:dang )?di\b(?! (?:cong tac|hoc|lam|kham|chua|dieu tri)\b)"
    rf"|chuyen di(?:{_END}|(?= (?:dang bo|chi bo|dang uy)\b))"
    rf"|(?:(?:ong|ba|dong chi|d/c) (?:da )?)?(?:tu tran\b|qua doi\b|mat{_END})"
    r"|xoa ten\b(?! khoi (?:danh sach )?mien\b)"
    r"|khai tru\b"
    r"|(?:xin )?ra khoi dang\b"
    r")",
    re.S,
)


def note_says_left(note: object) -> bool:
    """Whether a member's `Ghi chú` says the member left the organisation (`LEFT_NOTE`): one
    rule for `member.note_left` and the work lists' red rows."""
    return type(note) is str and LEFT_NOTE.search(vocab.fold_key(note)) is not None


def notes_say_left(notes: pd.Series) -> np.ndarray:
    """`note_says_left` of each note of a column (a bool array), each distinct note once."""
    codes, distinct = pd.factorize(notes.to_numpy(dtype=object))
    if not len(distinct):
        return np.zeros(len(codes), dtype=bool)
    left = np.array([note_says_left(n) for n in distinct], dtype=bool)
    return (codes >= 0) & left[np.maximum(codes, 0)]
