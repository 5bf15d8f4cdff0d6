"""Rows of a data sheet's list placed right of its table, where they are not read.

A block of member (or change) rows cut and pasted at the wrong column, or pushed right by
"Insert cells → shift cells right", leaves its rows of the table empty and lands in columns
the reader does not read: the members were dropped and the file passed, with only the
`file.extra_column` warning whose advice is to move the text into `Ghi chú` (hunt135 F3).

A row right of the table is taken as a row of the list only when it left a gap: a cut and
paste or a "shift cells right" insertion empties the sheet row's cells in the table, so the
row's identity cells in the table (`_IDENTITY`: `Họ và tên`, `Ngày sinh` and, in `Đảng viên`,
`Số thẻ đảng viên`, the columns members are told apart by) must all be empty. The STT and the
other cells of that table row do not count: B:U moved leaves the STT in A, and a row whose
name and birth date are gone is no member's row however much else it holds. Cells right of a
filled table row are notes beside a member (a spouse's name, birth date and gender; a numbered
list of introducers) and stay `file.extra_column` (review136), unless they have a whole row's
shape (`_WHOLE_ROW` cells fitting their columns, none misfitting): rows cut out, or pushed right
by "shift cells right", and the emptied table rows then typed into (review137).

The row must also have the list's shape: a name (two or more words of letters) followed in
the next column by a date (the birth date after `Họ và tên`, as in the template: a real date,
or a text the reader reads as one, "12/05/1970" typed in a text-formatted cell), and at
least one more cell fitting its column of the template at the same offset (an STT before the
name, a gender, an ethnicity, a change's type, another date) with fewer misfits than fits;
and its name must not be on the list in the table (a copy beside the list loses no one). A
comment, a phone number or a tick typed right of the table has no such shape and stays
`file.extra_column`. `Số liệu năm` holds no name, so none of its rows is taken. The rows'
people (`RowsOutside.people`) go with the file (`Submission.rows_outside`), so that none of
them is said to be missing from the other sheet (`validation.events._moved_out`).

Cost: each column right of the table is first looked at whole at C speed: a column of empty
cells only (`tuple.count("")`) is skipped, and otherwise its texts are matched with the dates
of the next column (`type_mask`), and with its texts that have a date's groups of digits
(`_DATE_LIKE`, a regular expression searched at C speed: a phone number or a note has not),
which alone are parsed in Python; only the rows with a text beside a date are tested for the
shape. A sheet whose columns right of the table are empty costs one `count` per column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from toolkit.core import layout, vnformat
from toolkit.core.layout import Field, SheetSpec, cell_ranges, get_column_letter
from toolkit.io import normalize
from toolkit.io.cells import is_blank, take, type_mask
from toolkit.io.columns import category_code
from toolkit.io.context import ReadContext
from toolkit.io.sheets import match_key

# What the rows are, by sheet (the sheets with a name followed by a birth date).
_WHAT = {layout.SHEET_MEMBERS: "đảng viên", layout.SHEET_EVENTS: "biến động"}
# The identity columns of a row (what members are told apart by): a row right of the table
# is taken only when these cells of the same sheet row in the table are all empty.
_IDENTITY = ("full_name", "birth_date", "card_no")
# Three groups of digits apart, one of four (the year), as every text `normalize.parse_date`
# reads as a date has ("12/05/1970", "1970-05-12", "ngày 12 tháng 5 năm 1970"): a phone number,
# a card number or a note's number has not, and is not parsed.
_DATE_LIKE = re.compile(r"\d{1,2}\D+\d{1,2}\D+\d{4}|\d{4}\D+\d{1,2}\D+\d{1,2}")
_NAME_WORD = re.compile(r"[^\W\d_]+(?:[.'’-][^\W\d_]*)*")


@dataclass(frozen=True)
class RowsOutside:
    """The rows (0-based, under the header) found right of the table, and where their cells are."""

    rows: list[int]
    first_col: int  # 0-based: the block's first column (the template's first at the rows' offset)
    last_col: int  # 0-based: the block's last column (the template's last at the rows' offset)
    home: int  # 0-based: the template's column that `first_col` stands for (in the first row)
    # Each row's name as typed and birth date as read (None when it is no date), in the order of
    # `rows`: the people the list lacks, whom the checks comparing the sheets do not say are
    # missing from the other (`Submission.rows_outside`).
    people: list[tuple[str, dt.date | None]]


def find_rows_outside(columns: Sequence[Sequence[Any]], spec: SheetSpec) -> RowsOutside | None:
    """The rows of the list placed right of the template's columns (`columns`: the data rows'
    values by column, the table's and those right of it), or None."""
    width = len(spec.fields)
    if len(columns) <= width + 1 or spec.name not in _WHAT or not spec.has("full_name"):
        return None
    name_at = spec.keys.index("full_name")
    if name_at + 1 >= width or spec.fields[name_at + 1].kind != "date":
        return None
    identity = [columns[spec.keys.index(k)] for k in _IDENTITY if spec.has(k)]
    found: dict[int, int] = {}  # row → the column of its name
    for j in range(width, len(columns) - 1):
        column, beside = columns[j], columns[j + 1]
        if column.count("") == len(column) or beside.count("") == len(beside):
            continue  # an empty column (calamine's empty cell is ""), or nothing beside it
        texts = type_mask(column, str)
        if not texts.any():
            continue
        dates = (
            type_mask(beside, dt.date) | type_mask(beside, dt.datetime) | _text_dates(column, beside, texts)
        )
        for i in np.flatnonzero(texts & dates).tolist():
            if i not in found and _row_shaped(
                columns, spec, i, j - name_at, all(_empty(c[i]) for c in identity)
            ):
                found[i] = j
    if not found:
        return None
    on_list = {match_key(v) for v in columns[name_at] if type(v) is str}
    rows = sorted(i for i, j in found.items() if match_key(columns[j][i]) not in on_list)
    if not rows:
        return None
    # The template's columns at each row's offset, right of the table, from the first filled
    # one (B:U pasted at Y, the STT left in A, is Y–AR, Y going back to B): the block to move
    # back whole (W–AQ for A–U), its empty cells too.
    offsets = [found[i] - name_at for i in rows]
    first_col = min(_first_filled(columns, i, max(width, o)) for i, o in zip(rows, offsets, strict=True))
    last_col = max(offsets) + width - 1
    people = [(str(columns[found[i]][i]), normalize.parse_date(columns[found[i] + 1][i]).value) for i in rows]
    return RowsOutside(rows, first_col, last_col, first_col - offsets[0], people)


def _text_dates(column: Sequence[Any], beside: Sequence[Any], texts: np.ndarray) -> np.ndarray:
    """Where `beside` holds a text the reader reads as a date (`normalize.parse_date`: a birth
    date typed in a text-formatted cell, "12/05/1970") next to a text of `column` (`texts`): a
    date too. Only the texts with a date's three groups of digits (`_DATE_LIKE`, searched at C
    speed) are parsed in Python."""
    out = np.zeros(len(beside), dtype=bool)
    both = np.flatnonzero(texts & type_mask(beside, str))
    if len(both) == 0:
        return out
    shaped = np.fromiter(map(bool, map(_DATE_LIKE.search, take(beside, both))), dtype=bool, count=len(both))
    for i in both[shaped].tolist():
        out[i] = column[i] != "" and normalize.parse_date(beside[i]).how == "text"
    return out


def _empty(value: Any) -> bool:
    return value == "" or is_blank(value)


def _first_filled(columns: Sequence[Sequence[Any]], row: int, start: int) -> int:
    """The first column from `start` holding a value in row `row` (its name's at the latest)."""
    return next(c for c in range(start, len(columns)) if not _empty(columns[c][row]))


def _row_shaped(columns: Sequence[Sequence[Any]], spec: SheetSpec, row: int, offset: int, gap: bool) -> bool:
    """Whether row `row`, its template columns read from `offset` on (the name's column less
    its place in the template), has the shape of a row of the list right of the table: beside
    a `gap` (its identity cells in the table empty), one more cell fitting its column than
    misfits; beside a filled table row, a whole row's shape (`_WHOLE_ROW` cells fitting, or
    every cell that says anything, and none misfitting: rows cut out, or pushed right by an
    insertion, and the emptied table rows then typed into, review137)."""
    width = len(spec.fields)
    name_at = spec.keys.index("full_name")
    if not _name_like(columns[offset + name_at][row]):
        return False
    fits = misfits = 0
    for k, f in enumerate(spec.fields):
        c = offset + k
        if k in (name_at, name_at + 1) or c < width or c >= len(columns):
            continue
        value = columns[c][row]
        if _empty(value):
            continue
        verdict = _fits(value, f)
        if verdict is True:
            fits += 1
        elif verdict is False:
            misfits += 1
    if gap:
        return fits >= 1 and misfits < fits
    return misfits == 0 and fits >= min(_WHOLE_ROW, _telling(spec))


# Beside a filled table row, a row right of the table is a moved row of the list only with this
# many cells fitting their columns (fewer when the sheet has fewer cells that say anything,
# `_telling`): a note beside a member (a spouse's name, birth date and gender) has one or two.
_WHOLE_ROW = 6


def _telling(spec: SheetSpec) -> int:
    """How many of the sheet's columns besides the name and the birth date `_fits` judges."""
    name_at = spec.keys.index("full_name")
    return sum(
        1
        for k, f in enumerate(spec.fields)
        if k not in (name_at, name_at + 1)
        and (f.kind == "date" or f.key == "row_no" or (f.kind == "category" and f.vocab is not None))
    )


def _name_like(value: Any) -> bool:
    if type(value) is not str:
        return False
    words = value.split()
    return 2 <= len(words) <= 8 and len(value) <= 80 and all(_NAME_WORD.fullmatch(w) for w in words)


def _fits(value: Any, f: Field) -> bool | None:
    """Whether a cell's value is one its template column takes; None for a free text column
    (a card number, a note), which says nothing of the row's shape."""
    if f.kind == "date":
        return normalize.parse_date(value).how in ("date", "text")
    if f.kind == "category" and f.vocab is not None:
        return category_code(value, f, None) in f.vocab.codes
    if f.key == "row_no":
        if isinstance(value, bool):
            return False
        if isinstance(value, int | float):
            return float(value).is_integer() and 1 <= value < 100_000
        return isinstance(value, str) and value.strip().isdigit()
    return None


def report_rows_outside(found: RowsOutside, spec: SheetSpec, sheet: str, ctx: ReadContext) -> None:
    """`file.rows_outside`, an error at the first row's first filled cell: the rows are not
    read, so the members (changes) they hold are missing, and they go back into the table."""
    excel = [r + layout.FIRST_DATA_ROW for r in found.rows]
    first, last = get_column_letter(found.first_col + 1), get_column_letter(found.last_col + 1)
    cols = f"cột {first}" if first == last else f"các cột {first}–{last}"
    count = vnformat.number(len(excel))
    lines = f"dòng {cell_ranges('', excel)}"
    home = spec.fields[found.home] if 0 <= found.home < len(spec.fields) else None
    ctx.add(
        "file.rows_outside",
        sheet=sheet,
        cell=f"{first}{excel[0]}",
        where=f"Sheet \u201c{sheet}\u201d, {cols}, {lines}",
        count=count,
        what=_WHAT[spec.name],
        table=f"A\u2013{get_column_letter(len(spec.fields))}",
        home=(
            f"cột {first} về cột {get_column_letter(found.home + 1)} \u201c{home.header}\u201d"
            if home is not None
            else "mỗi ô về cột có tiêu đề của nó"
        ),
    )
