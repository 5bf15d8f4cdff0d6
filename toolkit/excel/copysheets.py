"""Copy a written result workbook's sheets into the open consolidation workbook.

The **Tổng hợp** button writes the standalone result file first (`toolkit.outputs.publish`),
then shows the same sheets inside the workbook the clerk has open, through the xlwings API
both engines offer (`toolkit.excel.book`'s helpers).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Any
from urllib.parse import unquote

from toolkit.excel.book import MAX_HYPERLINKS, cell_value, check_replaceable

# A link target with a scheme (`https:`, `mailto:`, `file:`): no path of the result's folder.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


@dataclass(frozen=True)
class CopiedSheet:
    name: str
    rows: int
    columns: int


# The hidden sheets a press writes the result's sheets into before any result sheet of the book
# changes (`copy_workbook_sheets`); a press that stopped before removing them leaves them to the
# next one, which removes them first. No result sheet's name begins so.
STAGING_PREFIX = "~ward-stats "


def copy_workbook_sheets(
    book: Any, source: Path, *, after: Any, replaced: list[str] | None = None
) -> list[CopiedSheet]:
    """Copy every sheet of a written result workbook into the calling book.

    Values, number formats, bold text, column widths and hyperlinks are copied; charts and
    other drawings stay in the standalone file. Existing sheets of the same name are emptied
    and rewritten in place, so a second run replaces the first; when one of them is not a sheet
    the tool wrote (`book.check_replaceable`), nothing is copied and the refusal names it. A
    link to a file, which the result workbook holds relative to its own folder, is written as
    the file's full path (`book_link`): the book may be in another folder, and Excel resolves a
    relative link from the folder of the workbook holding it.

    The sheets of one press stand or fall together (fix384): each is written first into a
    hidden sheet of its own (`STAGING_PREFIX`), and only once all are written does each take
    its place: copied over the sheet of its name (emptied, so that what refers to it still
    does), or renamed to that name and shown. A failure while they are written removes them
    and leaves the book's result sheets as the last good press left them. `replaced` gets the
    name of each result sheet of the book as soon as it is no longer the previous press's
    (`_put_in_place`): after a failure, those are not marked as the previous press's
    (`book.mark_previous_results`).
    """
    import openpyxl

    workbook = openpyxl.load_workbook(source, rich_text=False)
    copied: list[CopiedSheet] = []
    try:
        shown = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
        firsts = {ws.title: next(ws.iter_rows(max_row=1, values_only=True), ()) for ws in shown}
        check_replaceable(
            book, firsts, after_refusal=f" Tệp kết quả “{source}” đã được ghi, nhưng chưa chép vào tệp này."
        )
        _drop_staged(book)  # a press that stopped before removing its own
        try:
            staged: list[_Staged] = []
            for number, ws in enumerate(shown, 1):
                staged.append(_stage(book, number, ws, source, after))
                after = staged[-1].existing or staged[-1].sheet  # where a new sheet after it goes
            for one in staged:
                _put_in_place(one, [] if replaced is None else replaced)
                copied.append(CopiedSheet(one.ws.title, one.rows, one.columns))
        except BaseException:
            _drop_staged(book, quietly=True)  # the failure is what the clerk must read
            raise
    finally:
        workbook.close()
    return copied


@dataclass(frozen=True)
class _Staged:
    ws: Any  # the result's sheet
    sheet: Any  # the hidden sheet of the book it was written into
    existing: Any  # the book's sheet of its name, None if none
    rows: int
    columns: int


def _stage(book: Any, number: int, ws: Any, source: Path, after: Any) -> _Staged:
    """Write the sheet `ws` of the result into a new hidden sheet of the book: right after the
    sheet of its name, or, with none, after `after` (the last result sheet before it), where
    it stays."""
    existing = _sheet_named(book, ws.title)
    sheet = book.sheets.add(f"{STAGING_PREFIX}{number}", after=after if existing is None else existing)
    sheet.visible = False
    rows = [[_source_value(c) for c in row] for row in ws.iter_rows()]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    if rows:
        sheet.range((1, 1)).value = [r + [None] * (width - len(r)) for r in rows]
    _copy_formats(ws, sheet, source)
    return _Staged(ws, sheet, existing, len(rows), width)


def _put_in_place(one: _Staged, replaced: list[str]) -> None:
    """The hidden sheet written (`_stage`) in place of the sheet of its name: renamed and shown
    when there is none; else copied over it, emptied first (what refers to it, a clerk's
    formula, still does), and removed. Its name goes to `replaced` as soon as the book's sheet
    of that name is no longer the previous press's: renamed, or emptied (a sheet that refuses
    to be, protected, is still the previous press's)."""
    if one.existing is None:
        one.sheet.name = one.ws.title
        replaced.append(one.ws.title)
        one.sheet.visible = True
        return
    one.existing.clear()
    replaced.append(one.ws.title)
    if one.rows and one.columns:
        one.sheet.range((1, 1), (one.rows, one.columns)).copy(one.existing.range((1, 1)))
    _copy_widths(one.ws, one.existing)
    one.sheet.delete()


def _sheet_named(book: Any, name: str) -> Any:
    for sheet in book.sheets:
        if sheet.name == name:
            return sheet
    return None


def _drop_staged(book: Any, *, quietly: bool = False) -> None:
    """Delete the book's hidden sheets a press writes its results into first (`STAGING_PREFIX`);
    `quietly`: each one that cannot be is left (hidden), after a failure that is said already."""
    for sheet in [s for s in book.sheets if s.name.startswith(STAGING_PREFIX)]:
        try:
            sheet.delete()
        except Exception:
            if not quietly:
                raise


def _source_value(cell: Any) -> Any:
    value = cell.value
    if value is None:
        return None
    if cell.data_type == "f":  # a formula of the result workbook stays a formula
        return value if isinstance(value, str) else None
    if isinstance(value, str):
        return cell_value(value)
    return value


def book_link(target: str, source: Path) -> str:
    """A file link of the result workbook `source` as the open book must hold it: a relative
    target (percent-encoded, with backslashes, as XlsxWriter writes it) becomes the full path of
    the file it names from `source`'s folder; an absolute path or a URL is kept."""
    if not target or _SCHEME.match(target) or target.startswith(("/", "\\")) or PureWindowsPath(target).drive:
        return target
    relative = unquote(target).replace("\\", "/")
    return os.path.normpath(os.path.join(os.path.abspath(source.parent), relative))


def _copy_formats(ws: Any, target: Any, source: Path) -> None:
    runs: dict[tuple[int, str], list[tuple[int, int]]] = {}
    bold_runs: dict[int, list[tuple[int, int]]] = {}
    links = 0
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            fmt = cell.number_format
            if fmt and fmt != "General" and not isinstance(cell.value, str):
                _extend_run(runs.setdefault((cell.column, fmt), []), cell.row)
            if cell.font is not None and cell.font.b:
                _extend_run(bold_runs.setdefault(cell.column, []), cell.row)
            link = cell.hyperlink
            if link is not None and (link.target or link.location) and links < MAX_HYPERLINKS:
                links += 1
                place = f"#{link.location}" if link.location else ""
                address = book_link(link.target or "", source) + place
                target.range((cell.row, cell.column)).add_hyperlink(address, text_to_display=str(cell.value))
    for (col, fmt), spans in runs.items():
        for first, last in spans:
            target.range((first, col), (last, col)).number_format = fmt
    for col, spans in bold_runs.items():
        for first, last in spans:
            target.range((first, col), (last, col)).font.bold = True
    _copy_widths(ws, target)


def _copy_widths(ws: Any, target: Any) -> None:
    from openpyxl.utils import column_index_from_string

    for letter, dim in ws.column_dimensions.items():
        if dim.width:
            target.range((1, column_index_from_string(letter))).column_width = dim.width


def _extend_run(spans: list[tuple[int, int]], row: int) -> None:
    if spans and spans[-1][1] == row - 1:
        spans[-1] = (spans[-1][0], row)
    else:
        spans.append((row, row))
