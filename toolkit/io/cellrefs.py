"""Where a row or a cell of a sheet's XML is: its `r`, or, when it has none, its place.

`r` on `<row>` and `<c>` is optional in SpreadsheetML (ECMA-376 `CT_Row`, `CT_Cell`): Excel,
LibreOffice and openpyxl write it, but a generator may leave it out (Open XML SDK code that never
sets `RowIndex`/`CellReference`, some web exports). Such a sheet opens the same everywhere, and
calamine reads its values where they belong. Every scan of ward-stats that places what it finds
in the sheet XML (error values, formulas without a value, hidden and struck-through rows, legacy
fonts, a number too small; `toolkit.io.sheets`, `toolkit.io.errorcells`) and the measuring of a
sheet's extent (`toolkit.io.extent`) place rows and cells here, by one rule, calamine's and the
specification's:

- a `<row>` with `r` is that row; one without is the row after the previous one (the first is
  row 1); every row ends at its `</row>` (or `<row …/>`);
- a `<c>` with `r` is that cell (its row taken from the reference, as calamine does); one
  without is on its row, in the column after the previous cell of that row (the first is
  column A).

The common case costs what it did: a tag's own `r` is read from its attributes (`Places.cell`,
`Places.row`). Only for a tag without one is the XML walked, from its start, tag by tag
(`Places`); the scans ask in the order of the XML, so a scan walks it once at most.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A cell's reference as Excel and every common writer write it, and a row's number.
CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
ROW_NUMBER = re.compile(rb'\br="(\d+)"')
# Any `r` attribute (the last one is calamine's), for the references written otherwise.
_ANY_R = re.compile(rb'(?<![\w:.\-])r="([^"]*)"')
# The tags that place rows and cells: a row's start (or a whole empty row), a row's end, a cell.
_ROW_TAGS = re.compile(rb"<(row)(?=[\s/>])([^>]*?)(/?)>|</row\s*>")
_TAGS = re.compile(rb"<(row|c)(?=[\s/>])([^>]*?)(/?)>|</row\s*>")


def column_index(letters: bytes) -> int:
    """`b"AB"` → 28: the 1-based index of a column's letters."""
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def ref_of(value: str) -> tuple[int, int] | None:
    """(row, column), 1-based, of a cell reference as calamine reads one (letters in either
    case, then digits, leading zeros allowed); None where calamine fails."""
    i = len(value)
    while i and "0" <= value[i - 1] <= "9":
        i -= 1
    letters, digits = value[:i], value[i:]
    if not digits or not letters or int(digits) == 0:
        return None
    column = 0
    for ch in letters:
        if "A" <= ch <= "Z":
            column = column * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            column = column * 26 + ord(ch) - 96
        else:
            return None
    return int(digits), column


def row_of(value: str) -> int | None:
    """The row (1-based) of a `<row r>`: digits, or a reference whose column calamine ignores."""
    if value.isascii() and value.isdigit():
        return int(value) or None
    ref = ref_of(value)
    return ref[0] if ref is not None else None


def own_cell(attrs: bytes) -> tuple[int, int] | None:
    """(row, column) a cell's start-tag attributes give it by their `r`, None without one."""
    if b"r=" not in attrs:
        return None
    ref = CELL_REF.search(attrs)
    if ref is not None:
        return int(ref.group(2)), column_index(ref.group(1))
    loose = _ANY_R.findall(attrs)
    return ref_of(loose[-1].decode("utf-8", "replace")) if loose else None


def own_row(attrs: bytes) -> int | None:
    """The row a `<row>` start tag's attributes give by their `r`, None without one."""
    if b"r=" not in attrs:
        return None
    num = ROW_NUMBER.search(attrs)
    if num is not None:
        return int(num.group(1)) or None
    loose = _ANY_R.findall(attrs)
    return row_of(loose[-1].decode("utf-8", "replace")) if loose else None


class Cursor:
    """The rule, tag by tag: where the next row and cell go (0-based, as calamine counts)."""

    __slots__ = ("column", "row")

    def __init__(self) -> None:
        self.row = 0
        self.column = 0

    def start_row(self, row: int | None) -> int:
        """A `<row>` starts, with the row its `r` gives (None: none): its row, 1-based."""
        if row is not None:
            self.row = row - 1
        return self.row + 1

    def end_row(self) -> None:
        self.row += 1
        self.column = 0

    def cell(self, ref: tuple[int, int] | None) -> tuple[int, int]:
        """A `<c>`, with the (row, column) its `r` gives (None: none): its (row, column)."""
        if ref is not None:
            self.column = ref[1]
            return ref
        self.column += 1
        return self.row + 1, self.column


class _Walk:
    """The tags of `xml` that `pattern` finds (a row's start, a row's end and, with `_TAGS`, a
    cell), placed by a `Cursor`, up to a position."""

    def __init__(self, xml: bytes, pattern: re.Pattern[bytes]) -> None:
        self.xml = xml
        self.pattern = pattern
        self.restart()

    def restart(self) -> None:
        self.tags: Iterator[re.Match[bytes]] = self.pattern.finditer(self.xml)
        self.cursor = Cursor()
        self.before = -1  # the start of the tag placed before the last one
        self.at = -1  # the start of the last tag placed
        self.place: int | tuple[int, int] | None = None  # where that tag is (a row, a cell)

    def to(self, start: int) -> int | tuple[int, int] | None:
        """The place of the tag starting at `start` (None when no placed tag starts there)."""
        if start < self.at and start <= self.before:  # asked again about an earlier tag
            self.restart()
        if self.at < start:
            # One step a tag: the slow path's whole cost, so kept lean.
            cursor, before, at, place = self.cursor, self.before, self.at, self.place
            for m in self.tags:
                before, at = at, m.start()
                kind = m.group(1)
                if kind is None:  # `</row>`
                    cursor.end_row()
                    place = None
                elif kind == b"c":
                    place = cursor.cell(own_cell(m.group(2)))
                else:
                    place = cursor.start_row(own_row(m.group(2)))
                    if m.group(3):  # `<row …/>`: a row with no cell, ended at once
                        cursor.end_row()
                if at >= start:
                    break
            else:
                before, at, place = at, len(self.xml) + 1, None
            self.before, self.at, self.place = before, at, place
        return self.place if self.at == start else None


class Places:
    """Where the rows and cells of one sheet XML are, asked tag by tag by a scan (by the start of
    the tag and its attributes), in the order of the XML: a tag's own `r` when it has one, else
    its place by the rule, from a walk of the XML made only then (one for rows, one for cells)."""

    def __init__(self, xml: bytes) -> None:
        self.xml = xml
        self._rows: _Walk | None = None
        self._cells: _Walk | None = None

    def cell(self, start: int, attrs: bytes) -> tuple[int, int] | None:
        """(row, column), 1-based, of the cell whose start tag begins at `start`."""
        own = own_cell(attrs)
        if own is not None:
            return own
        if self._cells is None:
            self._cells = _Walk(self.xml, _TAGS)
        place = self._cells.to(start)
        return place if isinstance(place, tuple) else None

    def row(self, start: int, attrs: bytes) -> int | None:
        """The row, 1-based, of the `<row>` whose start tag begins at `start`."""
        own = own_row(attrs)
        if own is not None:
            return own
        if self._rows is None:
            self._rows = _Walk(self.xml, _ROW_TAGS)
        place = self._rows.to(start)
        return place if isinstance(place, int) else None
