"""What every sheet of the consolidated workbook shares: formats, cell writers, row fitting, print setup.

Every figure is a number cell with a number format (`write_number`); every user or label
string is a string cell (`write_text`), so no value typed by a secretary can become a formula,
a number or a link.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from toolkit.core import vnformat
from toolkit.core.model import ConsolidationResult
from toolkit.io.summary import consolidated_any
from toolkit.outputs.status import unit_word
from toolkit.outputs.summary_lines import incomplete_warning
from toolkit.outputs.xlsx import FONT

FONT_SIZE = 11
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.00%"
MEAN_FORMAT = "0.0"
SECONDS_FORMAT = "0.000"
MAX_CELL_TEXT = 32767
PAPER_A4 = 9
MAX_ROW_HEIGHT = 409  # points; Excel refuses taller rows
# The width a landscape A4 page prints, in points: 297 mm less `print_setup`'s side margins.
LANDSCAPE_WIDTH = (297 / 25.4 - 0.5 - 0.4) * 72
# The smallest print scale (%) of a table printed over several pages wide: its 11-point type
# prints at 8.25 points. A table a page wide would print smaller than this is split instead.
MIN_PRINT_SCALE = 75
# Of each page's width, the share a split table leaves unused: the column widths are estimated.
PAGE_WIDTH_SLACK = 0.05
HEADER_ROW = 3  # 0-based row of a table's header under the two title rows and a blank one

# (header, width in characters) of a table's columns.
Columns = Sequence[tuple[str, float]]


class Formats:
    """All cell formats of the workbook, created once."""

    def __init__(self, wb: Workbook) -> None:
        def f(**props: Any) -> Format:
            return wb.add_format({"font_name": FONT, "font_size": FONT_SIZE, "valign": "vcenter", **props})

        border = {"border": 1, "border_color": "#9E9E9E"}
        self.title = f(bold=True, font_size=14, align="center")
        self.title_wrap = f(bold=True, font_size=14, align="center", text_wrap=True)
        self.subtitle = f(italic=True, align="center")
        self.warning = f(bold=True, font_color="#9C0006", bg_color="#FFEB9C", text_wrap=True, **border)
        self.complete = f(italic=True, font_color="#006100")
        self.complete_wrap = f(italic=True, font_color="#006100", text_wrap=True)
        self.header = f(bold=True, bg_color="#DDEBF7", text_wrap=True, align="center", **border)
        self.header_left = f(bold=True, bg_color="#DDEBF7", text_wrap=True, align="left", **border)
        self.section = f(bold=True, bg_color="#F2F2F2", **border)
        self.group = f(bold=True, italic=True, **border)
        self.text = f(**border)
        self.text_wrap = f(text_wrap=True, valign="top", **border)
        self.indent = [f(indent=i, text_wrap=True, **border) for i in range(4)]
        # A line that sums lines above it (`summary_lines.Line.summed`), no part of their whole.
        self.summed = [f(indent=i, italic=True, text_wrap=True, **border) for i in range(4)]
        self.item_bold = f(bold=True, text_wrap=True, **border)
        self.text_cell = f(text_wrap=True, **border)
        self.text_shrink = f(shrink=True, **border)  # a file name a little too long (`file_format`)
        self.count = f(num_format=COUNT_FORMAT, **border)
        self.count_bold = f(num_format=COUNT_FORMAT, bold=True, **border)
        self.percent = f(num_format=PERCENT_FORMAT, **border)
        self.count_summed = f(num_format=COUNT_FORMAT, italic=True, **border)
        self.percent_summed = f(num_format=PERCENT_FORMAT, italic=True, **border)
        self.percent_bold = f(num_format=PERCENT_FORMAT, bold=True, **border)
        self.mean = f(num_format=MEAN_FORMAT, **border)
        self.seconds = f(num_format=SECONDS_FORMAT, **border)
        self.year = f(num_format="0", align="center", **border)
        self.base = f(font_color="#595959", indent=1, text_wrap=True, **border)
        self.blank = f(**border)
        self.total_label = f(bold=True, bg_color="#F2F2F2", **border)
        self.total_label_wrap = f(bold=True, bg_color="#F2F2F2", text_wrap=True, **border)
        self.total_count = f(bold=True, bg_color="#F2F2F2", num_format=COUNT_FORMAT, **border)
        self.total_blank = f(bg_color="#F2F2F2", **border)
        self.link = f(font_color="#0563C1", underline=1, **border)
        self.error = f(bold=True, font_color="#9C0006", text_wrap=True, **border)
        self.note = f(italic=True, font_color="#595959")
        self.note_wrap = f(italic=True, font_color="#595959", text_wrap=True)
        self.paragraph = f(text_wrap=True, valign="top", align="justify", num_format="@")
        self.sha = f(font_name="Consolas", font_size=9, **border)


# --- cell writers -----------------------------------------------------------------------------


def write_text(ws: Worksheet, row: int, col: int, value: object, fmt: Format | None = None) -> None:
    """A user or label string, always as a string cell (never a formula, number or link)."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
        return
    ws.write_string(row, col, str(value)[:MAX_CELL_TEXT], fmt)


def write_number(ws: Worksheet, row: int, col: int, value: object, fmt: Format | None = None) -> None:
    """A figure as a number cell; empty when there is no value (None or NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(row, col, None, fmt)
        return
    number = value.item() if hasattr(value, "item") else value  # numpy scalars
    ws.write_number(row, col, number, fmt)


def write_merged_text(ws: Worksheet, row: int, first: int, last: int, text: str, fmt: Format) -> None:
    """`text` in the cells `first`..`last` of a row, merged (the text still a string cell)."""
    ws.merge_range(row, first, row, last, "", fmt)
    write_text(ws, row, first, text, fmt)


# --- charts -----------------------------------------------------------------------------------

# What stands in a chart's place when it has nothing to draw (every value 0 or unknown): an
# empty pie is a blank box with its legend, and bars of 0 say nothing a table does not (hunt174 #6).
# Some value unknown (a roll-up of a ward whose summary lacks it, a record without it): no data;
# every value known and 0: said so, as the table beside it shows (hunt253 F3: "Chưa có số liệu"
# above a table of 0 and 0 read as figures missing).
NO_CHART_DATA = "Chưa có số liệu để vẽ biểu đồ này."
ALL_ZERO_CHART = "Mọi số liệu của biểu đồ này đều bằng 0 (xem bảng), nên không vẽ biểu đồ."


# A run that consolidated no organisation (`consolidated_any` false: every file excluded or
# none sent): its table holds 0s, but "đều bằng 0" read as a ward of no member (hunt285).
def nothing_consolidated_chart(unit: str = "tổ chức") -> str:
    """What stands in a chart's place when its figures are of no `unit` ("tổ chức", a roll-up's
    "phường"): none was consolidated."""
    return f"Chưa có số liệu của {unit} nào được tổng hợp, nên không vẽ biểu đồ."


NOTHING_CONSOLIDATED_CHART = nothing_consolidated_chart()

# A count axis whose largest value is at most this many steps by 1: the program's own choice
# for a few members is 0,2 or 0,5 of a member.
SMALL_COUNTS = 10


def has_chart_data(values: Iterable[int | float | None]) -> bool:
    """Whether a chart of `values` draws anything: one value above 0 at least."""
    return any(v is not None and v > 0 for v in values)


def count_axis(values: Iterable[int | float | None], **more: Any) -> dict[str, Any]:
    """A value axis of counts of people (XlsxWriter's `set_x_axis`/`set_y_axis` options): from
    0, its labels whole numbers, and when the counts are few (`SMALL_COUNTS`) a step of 1, so
    that it never reads fractions of a member."""
    top = max((v for v in values if v is not None), default=0)
    axis: dict[str, Any] = {"min": 0, "num_format": COUNT_FORMAT, **more}
    if top <= SMALL_COUNTS:
        axis["major_unit"] = 1
    return axis


@dataclass(frozen=True)
class NoChart:
    """A chart not drawn (`has_chart_data` false): its title, and the words in its place."""

    title: str
    words: str


def no_chart(title: str, values: Iterable[int | float | None], empty_run: str | None = None) -> NoChart:
    """`title`'s chart of `values`, which draw nothing: `nothing_consolidated_chart(empty_run)`
    when its figures are of no organisation (`empty_run`: the unit word of a run, or of every
    point of a trend, that consolidated none), else `NO_CHART_DATA` when one is unknown (or
    there is none), `ALL_ZERO_CHART` when every one is known and 0."""
    if empty_run is not None:
        return NoChart(title, nothing_consolidated_chart(empty_run))
    known = [v is not None for v in values]
    return NoChart(title, ALL_ZERO_CHART if known and all(known) else NO_CHART_DATA)


def empty_run(result: ConsolidationResult, *runs: Mapping[str, Any]) -> str | None:
    """`no_chart`'s `empty_run`: the result's unit word ("tổ chức", a roll-up's "phường") when
    none of `runs` (the indicators of the runs a chart plots; the result's own when none is
    given) consolidated any organisation (`consolidated_any`), else None. A trend with an
    earlier run that has figures is not empty: its chart has them to draw, or their 0s to say."""
    if any(consolidated_any(indicators) for indicators in (runs or (result.indicators,))):
        return None
    return unit_word(result)


def write_no_chart(ws: Worksheet, fm: Formats, row: int, first: int, last: int, none: NoChart) -> None:
    """In a chart's place, its title and why it is not drawn (`no_chart`), on two rows merged
    from column `first` to `last`."""
    write_merged_text(ws, row, first, last, none.title.split("\n")[0], fm.section)
    write_merged_text(ws, row + 1, first, last, none.words, fm.text)


# --- tables -----------------------------------------------------------------------------------


# The widest a column of file names grows (`file_column_width`), in characters.
MAX_FILE_WIDTH = 40
# A file name up to this many times its column's width is shrunk onto one line, not wrapped.
SHRUNK_FILE_NAME = 1.3


def file_column_width(names: Iterable[str | None], width: float) -> float:
    """The width of a column of file names: the longest on one line, no narrower than `width`
    and no wider than `MAX_FILE_WIDTH`. A name has no space to wrap at, so a column narrower
    than it broke it anywhere, even in its extension ("…_so_9.x" over "lsx", hunt144 F9)."""
    longest = max((len(name) for name in names if name), default=0)
    return float(min(max(width, longest + 2), MAX_FILE_WIDTH))


def file_name_wraps(name: str | None, width: float) -> bool:
    """Whether a file name in a column of `width` is wrapped (`Formats.text_cell`) rather than
    shrunk onto one line (`Formats.text_shrink`, which Excel and LibreOffice apply only to a text
    too long for its cell). Wrapped where it no longer fits, a name breaks anywhere, in its
    extension when it is a little too long: only a name far longer than its column is wrapped,
    and it breaks well before its extension."""
    return bool(name) and len(str(name)) > width * SHRUNK_FILE_NAME


def set_widths(ws: Worksheet, columns: Columns) -> None:
    """The width of each column of a table, from its first column on."""
    for col, (_, width) in enumerate(columns):
        ws.set_column(col, col, width)


def write_headers(ws: Worksheet, fm: Formats, row: int, columns: Columns) -> None:
    """A table's header row."""
    for col, (header, _) in enumerate(columns):
        write_text(ws, row, col, header, fm.header)


def table_sheet(
    wb: Workbook,
    fm: Formats,
    name: str,
    columns: Columns,
    title: str,
    subtitle: str,
    *,
    header_row: int = HEADER_ROW,
    title_last_col: int | None = None,
) -> Worksheet:
    """A new sheet laid out as one table: column widths, the two title rows (across the columns
    up to `title_last_col`, by default all), the header row (`header_row`, 0-based: a sheet with
    more lines above its table gives its own)."""
    ws = wb.add_worksheet(name)
    set_widths(ws, columns)
    title_rows(ws, fm, len(columns) - 1 if title_last_col is None else title_last_col, title, subtitle)
    write_headers(ws, fm, header_row, columns)
    return ws


def finish_table(
    ws: Worksheet,
    *,
    last_row: int,
    last_col: int,
    frozen_cols: int,
    title: str,
    header_row: int = HEADER_ROW,
    widths: Sequence[float] | None = None,
) -> None:
    """Filter buttons on the header, the header and `frozen_cols` columns frozen, A4 landscape
    with the header repeated on every page. Given its columns' `widths`, a table too wide to
    print legibly one page wide is printed over several (`split_columns`), its `frozen_cols`
    columns (what names a row) repeated on each."""
    ws.autofilter(header_row, 0, max(last_row, header_row), last_col)
    ws.freeze_panes(header_row + 1, frozen_cols)
    print_setup(ws, landscape=True, repeat=(header_row, header_row), title=title)
    if widths is not None:
        split_columns(ws, widths, frozen_cols)


def title_rows(ws: Worksheet, fm: Formats, last_col: int, title: str, subtitle: str) -> None:
    """The two centred rows on top of a sheet: its title and what it covers."""
    ws.merge_range(0, 0, 0, last_col, "", fm.title)
    ws.write_string(0, 0, title, fm.title)
    ws.merge_range(1, 0, 1, last_col, "", fm.subtitle)
    ws.write_string(1, 0, subtitle, fm.subtitle)


def write_coverage(
    ws: Worksheet, fm: Formats, result: ConsolidationResult, last_col: int, width: float
) -> None:
    """Row 3 (under the title rows, across columns A..`last_col`, `width` characters wide): in
    red, what the figures leave out (`summary_lines.incomplete_warning`), or that every
    organisation is in (after a run without a registry: every one that sent a file, and that no
    registry said who should have). `Tổng hợp` has it, and so does every sheet printed away from it whose
    figures are the ward's (`Biến động theo năm`, `Xếp loại theo năm`, `Biểu đồ`)."""
    warning = incomplete_warning(result)
    total = len(result.organisations)
    if warning:
        text, style = warning, fm.warning
    elif result.level != "rollup" and not result.registry_used:
        # No registry (none given, an empty sheet, its example row alone): "đủ" would mean only
        # that every file sent was consolidated; nobody checked who should have sent one.
        text, style = f"Đã tổng hợp số liệu của {total}/{total} {NO_REGISTRY_WORDS}.", fm.complete_wrap
    else:
        text, style = f"Đã tổng hợp đủ số liệu của {total}/{total} {unit_word(result)}.", fm.complete
    ws.merge_range(2, 0, 2, last_col, "", style)
    ws.write_string(2, 0, text, style)
    if style is not fm.complete:
        fit_row(ws, 2, [(text, width)], line_height=16)


# Row 3 of a ward's run without a registry, after "Đã tổng hợp số liệu của N/N".
NO_REGISTRY_WORDS = "tổ chức đã nộp tệp (không có danh mục để biết tổ chức nào chưa nộp)"


def period_words(result: ConsolidationResult) -> str:
    """The period of the figures, as the subtitle of most sheets says it."""
    return (
        f"Số liệu tính đến ngày {vnformat.date(result.cutoff_date)}; "
        f"biến động từ {vnformat.date(result.period_start)}"
    )


# --- row heights and printing -----------------------------------------------------------------


def wrapped_lines(text: str, width: float) -> int:
    """How many lines a wrapped cell of `width` characters needs (a greedy word-wrap estimate).

    Row heights are set from this because LibreOffice and Excel do not always re-fit the
    height of wrapped rows written by XlsxWriter.
    """
    # About 1.1 characters of the 11-pt table font per unit of column width: names that
    # LibreOffice wraps at 1.2 were left one line high, their second line hidden.
    limit = max(1.0, width * 1.1 - 1)
    if len(text) <= limit and "\n" not in text:
        return 1  # no line of its words can be longer than the whole text
    lines = 0
    for paragraph in str(text).split("\n"):
        words = paragraph.split()
        if words and max(map(len, words)) <= limit:
            lines += _greedy_lines(" ".join(words), int(limit))
        else:
            lines += _word_lines(words, limit)
    return max(1, lines)


def _greedy_lines(text: str, limit: int) -> int:
    """Lines of `text` (words single-spaced, none longer than `limit`) wrapped greedily at
    `limit` characters: each line ends at the last space that keeps it within the limit, found
    by `str.rfind` a line at a time rather than word by word (tens of thousands of
    `Kiểm tra` rows)."""
    lines, start, end = 1, 0, len(text)
    while end - start > limit:
        cut = text.rfind(" ", start, start + limit + 1)
        if cut <= start:  # no word boundary within the line: never the case for such text
            raise ValueError(f"a word longer than {limit} characters in a greedy wrap")
        start = cut + 1
        lines += 1
    return lines


def _word_lines(words: list[str], limit: float) -> int:
    """Lines of a paragraph with a word longer than the line: such a word is broken anywhere."""
    lines = 1
    used = 0
    for word in words:
        need = len(word) if used == 0 else used + 1 + len(word)
        if need <= limit:
            used = need
        else:
            lines += 1 if used else 0
            used = len(word)
            while used > limit:
                lines += 1
                used -= int(limit)
    return lines


def fit_row(ws: Worksheet, row: int, cells: Sequence[tuple[object, float]], line_height: float = 15) -> None:
    """Set a row's height so every wrapped (text, width) cell shows in full."""
    lines = max((wrapped_lines(str(t), w) for t, w in cells if t), default=1)
    _set_height(ws, row, lines, line_height)


def _set_height(ws: Worksheet, row: int, lines: int, line_height: float) -> None:
    if lines > 1:
        ws.set_row(row, min(line_height * lines + 2, MAX_ROW_HEIGHT))


class RowFitter:
    """`fit_row` for the many rows of one table, whose wrapped columns have fixed widths.

    A text's line count is worked out once per column (file names, headers and codes repeat
    row after row), and a text that fits its column is one line without looking at its words.
    """

    def __init__(self, ws: Worksheet, widths: Sequence[float], line_height: float = 15) -> None:
        self.ws = ws
        self.widths = tuple(widths)
        self.line_height = line_height
        self._lines: tuple[dict[object, int], ...] = tuple({} for _ in self.widths)

    def fit(self, row: int, texts: Sequence[object]) -> None:
        """Set the height of `row`, whose wrapped cells hold `texts` (one per width)."""
        lines = 1
        for known, width, text in zip(self._lines, self.widths, texts, strict=True):
            if not text:
                continue
            n = known.get(text)
            if n is None:
                n = known[text] = wrapped_lines(str(text), width)
            lines = max(lines, n)
        _set_height(self.ws, row, lines, self.line_height)


def row_height(ws: Worksheet, row: int) -> float:
    """A row's height as set, else the default line, in points (XlsxWriter keeps pixels)."""
    info = ws.row_info.get(row)
    return 15.0 if info is None or info.height is None else info.height * 3 / 4


def column_points(width: float) -> float:
    """A column's printed width at 100 %, in points, from its width in characters (Excel's
    7-pixel character and 5 pixels of padding, which XlsxWriter assumes too)."""
    return (int(width * 7 + 0.5) + 5) * 0.75


def column_breaks(
    widths: Sequence[float], repeat: int, scale: int, page_width: float = LANDSCAPE_WIDTH
) -> list[int]:
    """The first column of each page after the first when the columns of `widths` are printed
    at `scale` % with the first `repeat` columns on every page, each page filled in turn."""
    usable = page_width * (1 - PAGE_WIDTH_SLACK) * 100 / scale
    points = [column_points(w) for w in widths]
    fixed = sum(points[:repeat])
    breaks: list[int] = []
    used = fixed
    for col in range(repeat, len(points)):
        if used + points[col] > usable and used > fixed:
            breaks.append(col)
            used = fixed
        used += points[col]
    return breaks


def column_pages(widths: Sequence[float], repeat: int) -> tuple[int, list[int]] | None:
    """How a table of `widths` is printed legibly on landscape A4: None when one page wide is
    at least `MIN_PRINT_SCALE`; else the largest scale (%, at most 100) at which it takes the
    fewest pages wide with none narrower than that scale allows, and the first column of each
    page after the first."""
    if sum(map(column_points, widths)) * MIN_PRINT_SCALE / 100 <= LANDSCAPE_WIDTH * (1 - PAGE_WIDTH_SLACK):
        return None
    fewest = len(column_breaks(widths, repeat, MIN_PRINT_SCALE))
    scale = max(s for s in range(MIN_PRINT_SCALE, 101) if len(column_breaks(widths, repeat, s)) <= fewest)
    return scale, column_breaks(widths, repeat, scale)


def split_columns(ws: Worksheet, widths: Sequence[float], repeat: int) -> None:
    """Print a landscape table of `widths` too wide for one legible page over several pages
    wide (`column_pages`): at a fixed scale, a page break before each page's first column, the
    first `repeat` columns on every page, the pages in reading order (across, then down) so a
    row's pages come together. A table narrow enough stays one page wide."""
    pages = column_pages(widths, repeat)
    if pages is None:
        return
    scale, breaks = pages
    ws.set_print_scale(scale)  # Excel ignores page breaks on a sheet fitted to pages
    ws.set_v_pagebreaks(breaks)
    ws.print_across()
    if repeat:
        ws.repeat_columns(0, repeat - 1)


def print_setup(
    ws: Worksheet,
    *,
    landscape: bool,
    repeat: tuple[int, int] | None = None,
    title: str = "",
) -> None:
    """A4, one page wide, centred, rows `repeat` on every page, the sheet's name and page in the
    footer. Each sheet numbers its own pages from 1 and the footer says "Trang 2", not "Trang
    2/23": a PDF of the whole workbook (LibreOffice's export, Excel's "Print Entire Workbook")
    numbered Biểu 1 "Trang 13/23" and counted the workbook's pages (hunt144 F7)."""
    ws.set_paper(PAPER_A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.center_horizontally()
    if repeat is not None:
        ws.repeat_rows(*repeat)
    ws.set_start_page(1)
    footer_title = title.replace("&", "&&")
    ws.set_footer(f"&L&8{footer_title}&R&8Trang &P")
