"""The people the files record but no roll has: they are in no work list.

Validation already finds them, by the rules consolidation counts with: a `Chuyển đi` inside the
ward whose other side no file has (`event.internal_transfer_unmatched`, at each of its cells when
it groups several rows: the member is in transit, on neither roll, as
`period.transfer_out.in_transit` counts them) and a change that brought someone onto a file's roll
in its period while the roll lacks them
(`event.joined_not_on_roll`: an admission, a move in). `off_roll` reads those issues of the
usable files back to their rows, so the lists' coverage line and console say who may be missing
(`toolkit.outputs.worklists.coverage`); no second rule decides who is on a roll.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from toolkit.core import layout, vnformat, vocab
from toolkit.core.model import Submission

# The issue codes of people on no roll, and the kinds of change each one is said at.
_IN_TRANSIT = "event.internal_transfer_unmatched"
_NOT_ON_ROLL = "event.joined_not_on_roll"


@dataclass(frozen=True)
class OffRoll:
    """One `Biến động` row of a usable file whose person is on no roll."""

    file: str
    sheet: str
    row: int
    full_name: str
    event_type: str
    event_date: dt.date | None
    in_transit: bool  # a move out inside the ward not received; else joined but not on the roll

    def text(self) -> str:
        """The person, the row and what it says, for the coverage line and the console."""
        when = f" ngày {vnformat.date(self.event_date)}" if self.event_date else ""
        if self.in_transit:
            what = f"chuyển đi trong Đảng bộ phường{when}, chưa tổ chức nào của phường ghi nhận chuyển đến"
        else:
            kind = vocab.EVENT_TYPE.label(self.event_type).lower()
            what = f"{kind}{when}, chưa có trong danh sách đảng viên của tệp"
        return f"{self.full_name} ({self.file}, sheet “{self.sheet}” dòng {self.row}: {what})"


def off_roll(used: Sequence[Submission]) -> tuple[OffRoll, ...]:
    """The rows of the `used` files whose person is on no roll (module docstring), in the
    files' order, then the rows'."""
    found: list[OffRoll] = []
    rolled = _on_rolls(used)
    for sub in used:
        events = sub.events
        if events is None or events.empty:
            continue
        sheet = sub.sheet_name(layout.SHEET_EVENTS)
        rows = {int(r): n for n, r in enumerate(events["_row"].tolist())}
        seen: set[int] = set()
        mine: list[OffRoll] = []
        # A grouped warning stands for each of its cells (`Issue.group_cells`).
        cells = [(i, c) for i in sub.issues for c in (i.group_cells or (i.cell,))]
        for issue, cell in cells:
            if issue.code not in (_IN_TRANSIT, _NOT_ON_ROLL) or issue.sheet != sheet or not cell:
                continue
            digits = re.sub(r"\D", "", cell)
            at = rows.get(int(digits)) if digits else None
            if at is None or int(digits) in seen:
                continue
            row = events.iloc[at]
            kind = row["event_type"]
            # An in-row without its other side is on its own file's roll (else `_NOT_ON_ROLL`).
            if issue.code == _IN_TRANSIT and kind != "transfer_out":
                continue
            # A person on some roll all the same is in no list's way, whichever row says
            # otherwise (moved out and back, hunt106 F2; admitted here, on the roll of the
            # organisation they moved to while this file lacks the `Chuyển đi` row, hunt107
            # F2): validation's issue stays.
            if _person(row["full_name"], row["birth_date"]) in rolled:
                continue
            seen.add(int(digits))
            date = row["event_date"]
            mine.append(
                OffRoll(
                    file=sub.path.name,
                    sheet=sheet,
                    row=int(digits),
                    full_name=str(row["full_name"]),
                    event_type=str(kind),
                    event_date=None if pd.isna(date) else pd.Timestamp(date).date(),
                    in_transit=issue.code == _IN_TRANSIT,
                )
            )
        found += sorted(mine, key=lambda o: o.row)
    return tuple(found)


def _person(name: object, birth: object) -> tuple[str, dt.date | None] | None:
    """(accentless name key, birth date) of a row, None without a name or a birth date: a
    name typed a mark apart is the same person here (the line warns; it must not name someone
    a roll has)."""
    if not isinstance(name, str) or not name.strip() or birth is None or pd.isna(birth):
        return None
    return vocab.accentless_key(vocab.person_name_key(name)), pd.Timestamp(birth).date()


def _on_rolls(used: Sequence[Submission]) -> set[tuple[str, dt.date | None] | None]:
    """The people (`_person`) on the roll of any of the `used` files."""
    people: set[tuple[str, dt.date | None] | None] = set()
    for sub in used:
        m = sub.members
        if m is None or m.empty:
            continue
        people.update(
            _person(n, b) for n, b in zip(m["full_name"].tolist(), m["birth_date"].tolist(), strict=True)
        )
    people.discard(None)
    return people
