"""The `Kiểm tra` sheet: every error and warning, sorted, each with a link to its source cell.

The columns, the order and the link of an issue are shared with the Excel buttons, which write
the same sheet into the calling book (`toolkit.excel.book.write_issue_sheet`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from toolkit.core import layout
from toolkit.core.model import SEVERITY_LABEL, ConsolidationResult, Issue, SettingsBook
from toolkit.core.rules import issue_order_key, shown_value
from toolkit.io.files import resolved
from toolkit.outputs.sheets import SHEET_ISSUES, WARD_HEADER
from toolkit.outputs.sheets.cells import (
    HEADER_ROW,
    Formats,
    RowFitter,
    file_column_width,
    file_name_wraps,
    finish_table,
    table_sheet,
    write_merged_text,
    write_text,
)
from toolkit.outputs.status import NO_ISSUES, PERSONAL_DATA_KEPT, issue_counts, page_header

MAX_LINKS_PER_SHEET = 65530  # Excel's limit; later issues are listed without a link
MAX_URL_LENGTH = 2079
OPEN_FILE = "(mở tệp)"  # the link text of an issue about a whole file

ISSUE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Mức độ", 10),
    ("Tệp", 28),
    (layout.INFO.field("org_code").header, 11),
    ("Sheet", 13),
    ("Ô", 8),
    ("Cột", 20),
    ("Giá trị", 20),
    ("Nội dung", 70),
    ("Mã lỗi", 18),
)
FILE_COLUMN = 1
ORG_COLUMN = 2  # the organisation's code; in a roll-up, the ward's name (`Issue.org_code`)
CELL_COLUMN = 4  # the `Ô` column, which carries the link
VALUE_COLUMN = 6
# `Giá trị` when no row shows a value (a member's is hidden without --personal-data, the
# default): as wide as its header, so its empty cells do not take the page's width.
EMPTY_VALUE_WIDTH = 8
WRAPPED_COLUMNS = (1, 5, 6, 7)  # file, column, value, message: their text sets the row height
MAX_CODE_WIDTH = 36


def issue_columns(rollup: bool = False) -> tuple[tuple[str, float], ...]:
    """`ISSUE_COLUMNS`, the organisation's column headed for what it holds: a roll-up's issues
    name its wards there (`Issue.org_code`: the ward's name), headed as `Theo phường` and
    `Nguồn số liệu` head them (`WARD_HEADER`), not as an organisation's code."""
    if not rollup:
        return ISSUE_COLUMNS
    return tuple((WARD_HEADER, w) if i == ORG_COLUMN else (h, w) for i, (h, w) in enumerate(ISSUE_COLUMNS))


def sorted_issues(issues: Sequence[Issue]) -> list[Issue]:
    """The issues in the one order of a run's issues (`rules.issue_order_key`): errors first,
    then the warnings, the automatic corrections (`rules.CORRECTIONS`) last; in each, the issues
    that explain many files' (`rules.SAID_FIRST`), then the other issues of no file (the run's
    own: the history, a folder not read, an organisation that did not submit), as in the JSON
    summary and on the console; then by file; in a file, its sheets in the template's order
    (`Thông tin`, `Đảng viên`, `Biến động`, `Số liệu năm`; another sheet after them, by
    name), each issue at its row and column, and a sheet's corrections one column after
    another, by the column's position, then down the column (`rules.place_in_file`)."""
    return sorted(issues, key=issue_order_key)


def counts_text(issues: Sequence[Issue]) -> str:
    """“3 lỗi, 1.250 cảnh báo (trong đó …).”: the line under the sheet's title."""
    from toolkit.core.vnformat import number
    from toolkit.outputs.status import corrections_note

    errors, warnings = issue_counts(issues)
    return f"{number(errors)} lỗi, {number(warnings)} cảnh báo{corrections_note(issues)}."


def issue_values(issue: Issue, *, personal_data: bool = True) -> tuple[object, ...]:
    """One issue's cells, in the order of `ISSUE_COLUMNS` (a member's value only with personal
    data; an organisation's, a file's or a folder's always: `Issue.personal`)."""
    return (
        SEVERITY_LABEL.get(issue.severity, issue.severity),
        issue.file,
        issue.org_code,
        issue.sheet,
        issue.cell,
        issue.column,
        shown_value(issue) if personal_data or not issue.personal else None,
        issue.message,
        issue.code,
    )


# What XlsxWriter escapes in a link's path (`xlsxwriter.url.Url._escape_url`), "%" first.
_PATH_ESCAPES = (
    ("%", "%25"),
    ('"', "%22"),
    (" ", "%20"),
    ("<", "%3c"),
    (">", "%3e"),
    ("[", "%5b"),
    ("]", "%5d"),
    ("^", "%5e"),
    ("`", "%60"),
    ("{", "%7b"),
    ("}", "%7d"),
)


def xlsxwriter_path(text: str) -> str:
    """A link's path as XlsxWriter must be handed it. XlsxWriter escapes the path itself, but
    leaves it untouched once it holds a %XX sequence anywhere (it "looks already escaped"): a
    folder `bai%20nop` (downloads are often named so) would be stored as is, and Excel and
    LibreOffice, which decode the stored path, would open `bai nop`. A path with a "%" is
    therefore handed over escaped in full, as XlsxWriter would escape it (then it leaves it
    alone); any other is left to XlsxWriter."""
    if "%" not in text:
        return text
    for char, escape in _PATH_ESCAPES:
        text = text.replace(char, escape)
    return text


def _link_base(path: Path | str, sheet: str | None, *, escaped: bool = False) -> str | None:
    """The start of the links into one sheet of a workbook, up to the cell (None: no link);
    with `escaped`, for XlsxWriter's `write_url` (`xlsxwriter_path`)."""
    text = str(path)
    if "#" in text:
        return None  # XlsxWriter splits the link at the first '#'
    if escaped:
        text = xlsxwriter_path(text)
    if not sheet:
        return f"external:{text}"
    quoted = sheet.replace("'", "''")
    return f"external:{text}#'{quoted}'!"


def _link(base: str, sheet: str | None, cell: str | None) -> str | None:
    url = f"{base}{cell.strip().replace('$', '') if cell else 'A1'}" if sheet else base
    return url if len(url) <= MAX_URL_LENGTH else None


def source_link(
    path: Path | str, sheet: str | None, cell: str | None, *, escaped: bool = False
) -> str | None:
    """An `external:` link that opens a source workbook at a cell (None when it cannot be made);
    with `escaped`, for XlsxWriter's `write_url` (`xlsxwriter_path`), else with the path as it is
    (for Excel's own hyperlinks, the buttons')."""
    base = _link_base(path, sheet, escaped=escaped)
    return None if base is None else _link(base, sheet, cell)


def link_target(source: Path, output: Path) -> str:
    """The path a link of `output` uses to open `source`: relative to the output's folder when
    both are on one drive (the link survives moving the two folders together), else absolute.

    Excel and LibreOffice resolve a relative link from the folder of the workbook holding it,
    never from the folder a command was run in."""
    source, folder = resolved(source), resolved(output).parent
    try:
        return os.path.relpath(source, folder)
    except ValueError:  # another drive (Windows)
        return str(source)


def issue_link(issue: Issue, paths: Mapping[str, Path]) -> str | None:
    """The link to an issue's source cell, when its file is known and the link can be made."""
    path = paths.get(issue.file) if issue.file else None
    return source_link(path, issue.sheet, issue.cell) if path is not None else None


def link_targets(result: ConsolidationResult, output: Path | None) -> dict[str, Path]:
    """The path each issue's `file` opens (`link_target`): the files read, and the button's
    workbook the settings came from (`ConsolidationResult.settings_book`), whose cells the
    issues about a setting name. The run names its files apart (a roll-up's inputs of one name
    by their paths, `file_labels`); a name two files still share opens neither, as a link to
    the other file would send the clerk to the wrong one."""
    targets = issue_paths([(s.file, s.path) for s in result.sources], result.settings_book)
    return {
        file: path if output is None else Path(link_target(path, output)) for file, path in targets.items()
    }


def issue_paths(files: Sequence[tuple[str, Path]], book: SettingsBook | None = None) -> dict[str, Path]:
    """The path each issue's `file` opens, of the files read (by the name issues give them) and
    the settings' workbook `book` (its cells' issues, `rules.at_setting_cells`); a name two of
    them share, none."""
    targets: dict[str, Path] = {}
    shared: set[str] = set()
    for file, path in [*files, *([(book.file, book.path)] if book is not None else [])]:
        if file in targets and targets[file] != path:
            shared.add(file)
        targets.setdefault(file, path)
    return {file: path for file, path in targets.items() if file not in shared}


class _Links:
    """The `Ô` cells as links to their source cells, the start of the URL made once a (file, sheet)."""

    def __init__(self, ws: Worksheet, fm: Formats, paths: Mapping[str, Path]) -> None:
        self.ws, self.fm, self.paths = ws, fm, paths
        self.count = 0
        self._base: dict[tuple[str, str | None], str | None] = {}

    def write(self, row: int, issue: Issue) -> bool:
        """The issue's `Ô` cell as a link; False when there is none (no file, no path, too many
        links, a link XlsxWriter refuses): the caller writes the cell as text."""
        if self.count >= MAX_LINKS_PER_SHEET or not issue.file:
            return False
        key = (issue.file, issue.sheet)
        try:
            base = self._base[key]
        except KeyError:
            path = self.paths.get(issue.file)
            base = self._base[key] = None if path is None else _link_base(path, issue.sheet, escaped=True)
        url = None if base is None else _link(base, issue.sheet, issue.cell)
        if url is None:
            return False
        tip = f"Mở {issue.file}" + (f" tại ô {issue.cell}" if issue.cell else "")
        text = issue.cell or OPEN_FILE
        status = self.ws.write_url(row, CELL_COLUMN, url, self.fm.link, string=text, tip=tip[:255])
        if status == 0:
            self.count += 1
        return status == 0


OPEN_CELL = "Bấm vào ô ở cột “Ô” để mở tệp tại đúng ô đó."
# When no issue names a cell but some name a file: its link `OPEN_FILE` opens the file.
OPEN_LINKED = f"Bấm vào “{OPEN_FILE}” ở cột “Ô” để mở tệp được nêu."


def open_hint(issues: Sequence[Issue], paths: Mapping[str, Path]) -> str | None:
    """How the `Ô` column's links open the files `paths` links (by the issue's `file`): a
    cell (`OPEN_CELL`) when a linked issue names one, else the file (`OPEN_LINKED`), none
    without a link."""
    # A roll-up's issues are about ward summaries, with no cell to open: their links open the
    # file (review181 F3); with no file named, there is nothing to open.
    linked = [i for i in issues if i.file and i.file in paths]
    if any(i.cell for i in linked):
        return OPEN_CELL
    return OPEN_LINKED if linked else None


def subtitle(issues: Sequence[Issue], personal_data: bool | None, paths: Mapping[str, Path]) -> str:
    """The line under the title of a `Kiểm tra` sheet whose links open the files of `paths`:
    the counts, how to open a cell (`open_hint`), and whether the list holds the members'
    values (said as on the console: `toolkit.outputs.status.privacy_lines`). One line for the
    result workbook's sheet and the one the buttons write into the calling book
    (`toolkit.excel.book.write_issue_sheet`: its sheet lacked the hint, hunt389)."""
    from toolkit.outputs.status import privacy_lines

    hint = open_hint(issues, paths)
    return " ".join([counts_text(issues), *([hint] if hint else []), *privacy_lines(issues, personal_data)])


def write(wb: Workbook, fm: Formats, result: ConsolidationResult, output: Path | None = None) -> None:
    """Write the `Kiểm tra` sheet of the workbook to be saved as `output`, whose links open each
    source file from that workbook's folder (`link_target`). Without `output` they are made from
    the sources' paths as they are."""
    issues = sorted_issues(result.issues)
    personal_data = result.personal_data
    rows = [issue_values(issue, personal_data=personal_data) for issue in issues]
    # The file names whole on one line (up to a limit); `Giá trị` narrow when no row shows a
    # value: it printed an empty column about 11 characters wide on every page (hunt144 F9).
    widths = {FILE_COLUMN: file_column_width((i.file for i in issues), ISSUE_COLUMNS[FILE_COLUMN][1])}
    if not any(values[VALUE_COLUMN] not in (None, "") for values in rows):
        widths[VALUE_COLUMN] = EMPTY_VALUE_WIDTH
    columns = tuple((h, widths.get(c, w)) for c, (h, w) in enumerate(issue_columns(result.level == "rollup")))
    targets = link_targets(result, output)
    under = subtitle(result.issues, result.personal_data, targets)
    ws = table_sheet(wb, fm, SHEET_ISSUES, columns, "DANH SÁCH LỖI VÀ CẢNH BÁO", under)
    last_col = len(ISSUE_COLUMNS) - 1
    # The code column widens for long codes, up to a limit.
    code_width = max((len(i.code) for i in issues), default=0)
    ws.set_column(last_col, last_col, min(max(ISSUE_COLUMNS[-1][1], code_width + 1), MAX_CODE_WIDTH))
    links = _Links(ws, fm, targets)
    # Formats of the columns after `Mức độ` (whose format depends on the severity).
    text, cell = fm.text, fm.text_cell
    formats = (cell, text, cell, text, cell, cell, fm.text_wrap, text)
    # A file name a little too long for its column is shrunk onto one line (`file_name_wraps`).
    shrunk = (fm.text_shrink, *formats[1:])
    file_width = columns[FILE_COLUMN][1]
    wraps: dict[str | None, bool] = {}
    heights = RowFitter(ws, [columns[c][1] for c in WRAPPED_COLUMNS])
    row = HEADER_ROW + 1
    # Tens of thousands of rows when many files were corrected: one pass, cell writers bound.
    for issue, values in zip(issues, rows, strict=True):
        wrapped = wraps.get(issue.file)
        if wrapped is None:
            wrapped = wraps[issue.file] = file_name_wraps(issue.file, file_width)
        write_text(ws, row, 0, values[0], fm.error if issue.is_error else text)
        row_formats = formats if wrapped else shrunk
        for col, value, fmt in zip(range(1, len(values)), values[1:], row_formats, strict=True):
            if col != CELL_COLUMN or not links.write(row, issue):
                write_text(ws, row, col, value, fmt)
        heights.fit(row, [values[c] if c != FILE_COLUMN or wrapped else None for c in WRAPPED_COLUMNS])
        row += 1
    if not issues:
        write_merged_text(ws, row, 0, last_col, NO_ISSUES, fm.complete)
        row += 1
    finish_table(ws, last_row=row - 1, last_col=last_col, frozen_cols=0, title=SHEET_ISSUES)
    if personal_data and any(i.personal for i in issues):
        # Every printed page says the list holds members' values, as the work lists' pages do:
        # the line under the title is on the first page only (hunt312 F2).
        ws.set_header(page_header(PERSONAL_DATA_KEPT))
