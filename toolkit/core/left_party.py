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
"""

from __future__ import annotations

import datetime as dt

from toolkit.core import vocab

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
