"""The records of the work lists: a member as the rules see one, a list's rows, a list.

A rule module (`probation`, `badges`, `exemptions`, `working_away`) turns one `Member` into at
most one `Entry` of its list; `toolkit.worklists.collect` gathers the entries of every member
of the usable submissions; `toolkit.outputs.worklists` writes them. Every entry keeps the
file, sheet and cell it comes from, so each row of a list links back to the roster.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from toolkit.core import layout, vocab
from toolkit.core.thresholds import DEFAULT_THRESHOLDS, Thresholds

# A cell of a list: dates and counts stay dates and numbers in the workbook.
Value = dt.date | int | str | None


@dataclass(frozen=True)
class Source:
    """The cell of a submission a list row comes from."""

    path: Path
    sheet: str
    cell: str


@dataclass(frozen=True)
class Member:
    """One row of a submission's `Đảng viên` sheet, with its organisation and file.

    Categories are vocabulary codes and dates `datetime.date` (None when empty), as the
    reader normalised them.
    """

    org_code: str
    org_name: str
    path: Path
    row: int  # the Excel row number
    full_name: str
    birth_date: dt.date | None
    gender: str | None = None
    admission_date: dt.date | None = None
    official_date: dt.date | None = None
    exempt_from: dt.date | None = None
    exempt_reason: str | None = None
    working_away: str | None = None
    template_version: str = layout.TEMPLATE_VERSION  # of its file: where its cells are
    struck: bool = False  # its row's text is struck through in its file (`cell.strikethrough`)
    hidden: bool = False  # its row is hidden in its file, not by a filter (`cell.hidden_row`)
    sheet: str = layout.SHEET_MEMBERS  # its sheet as its file names it ("Đảng Viên ")
    # Its `Ghi chú` when that says the member left (`left_party.note_says_left`), else None.
    note_left: str | None = None
    # Its `Ghi chú` when that says the member was readmitted (`left_party.note_says_readmitted`:
    # readmitted before the period, no `Kết nạp lại` row), else None.
    note_readmitted: str | None = None
    # Its `Ghi chú` when that says the membership was restored (`left_party.note_says_restored`),
    # else None.
    note_restored: str | None = None

    def source(self, key: str) -> Source:
        """The cell of field `key` on this member's row (in its file's template version)."""
        spec = layout.layout_for(self.template_version).members
        return Source(self.path, self.sheet, spec.cell(key, self.row))

    def entry(
        self,
        *,
        details: tuple[Value, ...],
        due: dt.date | None,
        note: str | None,
        cell_of: str,
        flagged: bool = False,
    ) -> Entry:
        """This member as a row of a list, linked to the cell of field `cell_of`."""
        return Entry(
            org_code=self.org_code,
            org_name=self.org_name,
            full_name=self.full_name,
            birth_date=self.birth_date,
            details=details,
            due=due,
            note=note,
            source=self.source(cell_of),
            flagged=flagged,
        )


class Readmission(NamedTuple):
    """A person's `Kết nạp lại` row (or `Phục hồi đảng tịch` row, `Context.restored`): its
    file's name, its Excel row and its date (None when the row has none)."""

    file: str
    row: int
    date: dt.date | None = None


@dataclass(frozen=True)
class Context:
    """What the rules need besides the member: the cut-off and the ward's other rows."""

    cutoff: dt.date
    # (name key, birth date) of every person with a `Kết nạp lại` row in the ward, and that
    # row (the latest dated when there are several).
    readmitted: Mapping[tuple[str, dt.date], Readmission] = field(default_factory=dict)
    # The ward's settings (the old-age exemption ages): one object for validation and the lists.
    thresholds: Thresholds = DEFAULT_THRESHOLDS
    # The same for the `Phục hồi đảng tịch` rows: read only by the badge list (a restoration starts no
    # probation and times no exemption).
    restored: Mapping[tuple[str, dt.date], Readmission] = field(default_factory=dict)

    def readmission_of(self, member: Member) -> Readmission | None:
        """The member's `Kết nạp lại` row (same name and birth date) anywhere in the ward (a row
        whose name differs only by accents is in `readmitted` under the member's name too:
        `collect.readmitted_people`)."""
        if member.birth_date is None or not self.readmitted:
            return None
        return self.readmitted.get((vocab.person_name_key(member.full_name), member.birth_date))

    def restoration_of(self, member: Member) -> Readmission | None:
        """The member's `Phục hồi đảng tịch` row anywhere in the ward, as `readmission_of`."""
        if member.birth_date is None or not self.restored:
            return None
        return self.restored.get((vocab.person_name_key(member.full_name), member.birth_date))


@dataclass(frozen=True)
class Column:
    """A column of a list sheet: its header and width in characters."""

    header: str
    width: float


@dataclass(frozen=True)
class Entry:
    """One row of a list: who, the list's own columns, the due date, a note, the source."""

    org_code: str
    org_name: str
    full_name: str
    birth_date: dt.date | None
    details: tuple[Value, ...]  # in the order of the list's `ListSpec.columns`
    due: dt.date | None
    note: str | None
    source: Source
    flagged: bool = False  # shown in red: overdue, party age to recount by hand…


@dataclass(frozen=True)
class ListSpec:
    """What a list is: its sheet, its title, its own columns and what its due date means."""

    key: str
    sheet: str
    title: str
    columns: tuple[Column, ...]
    due_header: str


@dataclass(frozen=True)
class WorkList:
    """A list as computed for one cut-off: its rule in words and its rows, sorted."""

    spec: ListSpec
    rule: str
    entries: tuple[Entry, ...]

    @property
    def flagged(self) -> int:
        return sum(1 for e in self.entries if e.flagged)
