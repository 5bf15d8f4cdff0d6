"""The sheets `Biểu 1-BTCTW` … `Biểu 4-BTCTW`: the one renderer of the official forms.

It lays out any filled form (`toolkit.forms.compute.FilledForm`) as the official forms look:
the heading block (left: the committee, `ĐẢNG ỦY ` and the upper-cased ward name, or a
roll-up's `TỈNH ỦY …`; right: the
form's number), the title and the reporting period, the header row and the row of column
numbers, the lines in official order and numbering, the notes, and the signature block; A4
portrait, one page wide. It knows nothing of any particular form: the lines, their labels
and their figures come from the form's table (`toolkit.forms.tables`). A line without a
figure (a heading, a line not collected, an indicator not computed) is an empty cell, never
a zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from toolkit.core import vnformat
from toolkit.core.model import ConsolidationResult
from toolkit.core.text import tidy_name
from toolkit.forms import result_forms
from toolkit.forms.compute import FilledForm, FilledLine
from toolkit.outputs.sheets.cells import (
    COUNT_FORMAT,
    FONT_SIZE,
    MAX_ROW_HEIGHT,
    MEAN_FORMAT,
    Formats,
    fit_row,
    print_setup,
    row_height,
    wrapped_lines,
    write_merged_text,
    write_number,
    write_text,
)
from toolkit.outputs.xlsx import FONT

COMMITTEE = "ĐẢNG ỦY"
DEFAULT_COMMITTEE = "ĐẢNG ỦY PHƯỜNG"
# A roll-up without `--name`: the level above a ward is no phường; its name is left to fill in.
UNNAMED_UNIT = "ĐẢNG ỦY ……………"
# The committee of a unit above a ward, as Party documents head it: a province's is its Tỉnh
# ủy, a city's its Thành ủy ("Tỉnh Hải Dương" → "TỈNH ỦY HẢI DƯƠNG"), an Đảng bộ's its Đảng ủy
# ("Đảng bộ Khối các cơ quan tỉnh" → "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"). Keys as
# `vocab.person_name_key` writes them (casefolded, the tone of "uy" on its "u").
COMMITTEE_OF_KIND = (
    ("thành phố", "THÀNH ỦY"),
    ("thị xã", "THỊ ỦY"),
    ("tỉnh", "TỈNH ỦY"),
    ("huyện", "HUYỆN ỦY"),
    ("quận", "QUẬN ỦY"),
    ("đảng bộ", COMMITTEE),
)
# A name that already is a committee's ("Tỉnh ủy Hải Dương") heads the forms as written.
COMMITTEE_WORDS = ("tỉnh ủy", "thành ủy", "thị ủy", "huyện ủy", "quận ủy", "đảng ủy")
RATIO_FORMAT = "0.00"
DATE_LINE = "…, ngày … tháng … năm …"
PREPARER = ("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ và tên; số điện thoại liên hệ)")
HEAD = ("TRƯỞNG BAN", "(Ký, đóng dấu, ghi rõ họ và tên)")
TITLE_ROW = 3
HEADER = 6  # 0-based row of the column headers; the column numbers are on the next row
MAX_LEVEL = 4
LINE_HEIGHT = 15  # points: a line of the 11-point font, as `fit_row` counts it
SIGNING_LINES = 4  # empty lines under the signers' titles, to sign and stamp in
# The committee's upper-case bold letters are about 1.45 times as wide as the mixed-case text
# `wrapped_lines` counts (Times New Roman, 11 pt: 9.0 against 6.1 pixels a character), so its
# cell holds that much less of them a line.
CAPITALS_WIDTH = 0.7
# The height a page prints of a form, in points: A4 (297 mm) less `print_setup`'s top and
# bottom margins (0.6 inch each). The forms are narrower than the page (one page wide at
# 100 %), so a row's points are the page's.
PAGE_HEIGHT = 297 / 25.4 * 72 - 2 * 0.6 * 72
# A note under a form spans the whole table in one merged cell, where the word-wrap estimate's
# margin for a narrow label cell (`wrapped_lines`: 1.1 characters a unit of width) is a line
# too many: LibreOffice prints 111–113 characters a line of a note across Biểu 1's 93 units
# (1.2 a unit), and Times New Roman's 6.1 pixels a character (`CAPITALS_WIDTH`) over the
# merged cell's 671 pixels is 1.18 a unit. Counted at 1.17, the in-transit note of Biểu 1 (633
# characters) is the 6 lines it prints, not 7 (hunt261: a tall empty band under it).
NOTE_WIDTH = 1.17 / 1.1
# How far the estimated page ends may be off (points): a row the estimate puts this close to a
# page's end or start is taken to be on either page.
PAGE_SLACK = 2 * LINE_HEIGHT
# How many of a table's last lines are printed with its notes and signatures, when they fit
# (else fewer, down to one).
CARRIED_LINES = 3
# XlsxWriter writes no height for a row of its default height (15 points), and a row of no
# written height is as tall as the renderer's font makes it, not the 15 points the page
# estimate counts (LibreOffice ended Biểu 3's first page a row before the estimate). The
# sheet's default row is made taller (as `Tổng hợp`'s), so every row set to `LINE_HEIGHT` is
# written with its height (`customHeight`).
SHEET_DEFAULT_HEIGHT = 15.75
# The title's row, of a 13-point bold font: a row as high as Excel makes one of that font
# (about 17.25 points), since its height is held in the file (a 15-point row could cut the
# marks over its capitals, Ố, Ộ, Ả, in Excel; review270).
TITLE_FONT_SIZE = 13
TITLE_HEIGHT = 18


class FormFormats:
    """The cell formats of the form sheets, created once per workbook."""

    def __init__(self, wb: Workbook) -> None:
        def f(**props: Any) -> Format:
            return wb.add_format({"font_name": FONT, "font_size": FONT_SIZE, "valign": "vcenter", **props})

        border = {"border": 1}
        self.committee = f(bold=True, align="center", text_wrap=True)
        self.star = f(align="center")
        self.form_number = f(bold=True, align="right")
        self.title = f(bold=True, font_size=TITLE_FONT_SIZE, align="center", text_wrap=True)
        self.period = f(italic=True, align="center")
        self.header = f(bold=True, align="center", text_wrap=True, **border)
        self.column_number = f(italic=True, align="center", **border)
        self.labels = {
            (level, bold): f(indent=level, bold=bold, text_wrap=True, **border)
            for level in range(MAX_LEVEL + 1)
            for bold in (False, True)
        }
        self.tt = f(align="center", **border)
        self.count = {bold: f(num_format=COUNT_FORMAT, bold=bold, **border) for bold in (False, True)}
        self.mean = {bold: f(num_format=MEAN_FORMAT, bold=bold, **border) for bold in (False, True)}
        self.ratio = {bold: f(num_format=RATIO_FORMAT, bold=bold, **border) for bold in (False, True)}
        self.note = f(italic=True, text_wrap=True, valign="top")
        self.signatures = f(align="center", valign="top", text_wrap=True)
        # Fonts of the parts of the signature block's rich text (its cell format is the above).
        self.signer_bold = wb.add_format({"font_name": FONT, "font_size": FONT_SIZE, "bold": True})
        self.signer_italic = wb.add_format({"font_name": FONT, "font_size": FONT_SIZE, "italic": True})


def committee_heading(ward_name: str | None, level: str = "ward") -> str:
    """`ĐẢNG ỦY ` and the upper-cased name of a ward (phường, xã, đặc khu); a roll-up's unit
    headed by its committee (`COMMITTEE_OF_KIND`). Without a name, `ĐẢNG ỦY PHƯỜNG` for a ward
    and a dotted blank for a roll-up (the run warns of either: `ward.no_ward_name`,
    `rollup.no_unit_name`)."""
    name = tidy_name(ward_name)
    if not name:
        return UNNAMED_UNIT if level == "rollup" else DEFAULT_COMMITTEE
    if level == "rollup":
        return _unit_committee(name)
    return f"{COMMITTEE} {name.upper()}"


def _unit_committee(name: str) -> str:
    from toolkit.core.vocab import person_name_key

    key = person_name_key(name)
    if any(key == words or key.startswith(words + " ") for words in COMMITTEE_WORDS):
        return name.upper()
    for kind, committee in COMMITTEE_OF_KIND:
        if key.startswith(kind + " "):
            rest = name.split(" ", kind.count(" ") + 1)[-1]
            return f"{committee} {rest.upper()}"
    return f"{COMMITTEE} {name.upper()}"


def period_line(filled: FilledForm) -> str:
    start, end = filled.period
    return f"Kỳ báo cáo: từ ngày {vnformat.date(start)} đến ngày {vnformat.date(end)}"


def line_label(item: FilledLine) -> str:
    """The label as printed: "B. …", "1. …", "a) …", "- …", or the label alone (`Line.printed`)."""
    return item.line.printed


def _number_format(ff: FormFormats, value: object, bold: bool) -> Format:
    return ff.mean[bold] if isinstance(value, float) else ff.count[bold]


def _heading(ws: Worksheet, ff: FormFormats, filled: FilledForm, committee: str, last: int) -> None:
    """The committee over the label column(s), its row as high as its wrapped lines need (a
    long unit name is two lines: Excel does not fit a merged cell's row to its text, and
    LibreOffice printed the second line over the "*" below), the form's number at the right,
    the title and the period under them."""
    split = 1 if last >= 4 else 0
    _span(ws, 0, 0, split, committee, ff.committee)
    width = sum(w for _, w in filled.form.columns[: split + 1])
    fit_row(ws, 0, [(committee, width * CAPITALS_WIDTH)])
    _span(ws, 1, 0, split, "*", ff.star)
    _span(ws, 0, last - 1, last, filled.form.form_label, ff.form_number)
    write_merged_text(ws, TITLE_ROW, 0, last, filled.form.title, ff.title)
    title_width = sum(w for _, w in filled.form.columns) * CAPITALS_WIDTH * FONT_SIZE / TITLE_FONT_SIZE
    ws.set_row(TITLE_ROW, TITLE_HEIGHT * wrapped_lines(filled.form.title, title_width))
    write_merged_text(ws, TITLE_ROW + 1, 0, last, period_line(filled), ff.period)


def header_text(header: str, width: float) -> str:
    """A column's header as written: one too long for a line of its column breaks after its
    colon ("Thực hiện:" over "Kỳ này"), not where the wrap falls ("Thực hiện: Kỳ" over "này")."""
    if ": " in header and wrapped_lines(header, width) > 1:
        return header.replace(": ", ":\n", 1)
    return header


def _header(ws: Worksheet, ff: FormFormats, filled: FilledForm) -> None:
    columns = filled.form.columns
    for col, (header, width) in enumerate(columns):
        ws.set_column(col, col, width)
        write_text(ws, HEADER, col, header_text(header, width), ff.header)
        write_text(ws, HEADER + 1, col, str(col + 1), ff.column_number)
    ws.set_row(HEADER, 48)


def _compare_row(ws: Worksheet, ff: FormFormats, row: int, item: FilledLine, width: float) -> None:
    bold = item.line.bold
    label = line_label(item)
    write_text(ws, row, 0, label, ff.labels[(min(item.line.level, MAX_LEVEL), bold)])
    fit_row(ws, row, [(label, width - 2 * item.line.level)])
    current, previous, ratio = item.values
    write_number(ws, row, 1, current, _number_format(ff, current, bold))
    write_number(ws, row, 2, previous, _number_format(ff, previous, bold))
    write_number(ws, row, 3, ratio, ff.ratio[bold])


def _breakdown_row(ws: Worksheet, ff: FormFormats, row: int, item: FilledLine, width: float) -> None:
    bold = item.line.bold
    write_text(ws, row, 0, item.line.number, ff.tt)
    write_text(ws, row, 1, item.line.label, ff.labels[(min(item.line.level, MAX_LEVEL), bold)])
    fit_row(ws, row, [(item.line.label, width - 2 * item.line.level)])
    total, women, share = item.values
    write_number(ws, row, 2, total, ff.count[bold])
    write_number(ws, row, 3, women, ff.count[bold])
    write_number(ws, row, 4, share, ff.ratio[bold])


def _span(ws: Worksheet, row: int, first: int, last: int, text: str, fmt: Format) -> None:
    """`text` over the columns `first`..`last` (merged when more than one)."""
    if last > first:
        write_merged_text(ws, row, first, last, text, fmt)
    else:
        write_text(ws, row, first, text, fmt)


def _signatures(ws: Worksheet, ff: FormFormats, row: int, widths: list[float]) -> int:
    """The place and date over who signs the form (right), beside who prepared it (left).

    The block is ONE row, each side a cell of lines (the rich text keeps the date italic and
    the titles bold): a row is never cut by a page break, in Excel or in LibreOffice, so the
    signatures cannot be printed on a page of their own, away from their date, whatever the
    notes above push them to (and `keep_signatures_with_form` prints the block, with the
    notes, under the table's last lines). The left side starts a line lower, level with `TRƯỞNG BAN`.
    Returns the row, the last one printed."""
    last = len(widths) - 1
    left_end = 1 if last >= 4 else 0
    left = sum(widths[: left_end + 1])
    right = sum(widths[last - 1 :])
    sides = (
        (0, left_end, ["\n", ff.signer_bold, PREPARER[0] + "\n", ff.signer_italic, PREPARER[1]], left),
        (
            last - 1,
            last,
            [ff.signer_italic, DATE_LINE + "\n", ff.signer_bold, HEAD[0] + "\n", ff.signer_italic, HEAD[1]],
            right,
        ),
    )
    for first, end, parts, _ in sides:
        if end > first:
            ws.merge_range(row, first, row, end, "", ff.signatures)
        ws.write_rich_string(row, first, *parts, ff.signatures)
    # The room to sign in is the row's own, below the lines: it goes wherever they go.
    ws.set_row(row, _signatures_height(widths))
    return row


def _signatures_height(widths: list[float]) -> float:
    """The signature row's height: its longest side's lines and the room to sign under them."""
    last = len(widths) - 1
    left = sum(widths[: (1 if last >= 4 else 0) + 1])
    right = sum(widths[last - 1 :])
    lines = 2 + max(wrapped_lines(PREPARER[1], left), wrapped_lines(HEAD[1], right))
    return LINE_HEIGHT * (lines + SIGNING_LINES) + 2


def _text_height(text: str, width: float) -> float:
    """A row's height as `fit_row` sets it for one wrapped `text` of `width`."""
    lines = wrapped_lines(text, width)
    return LINE_HEIGHT if lines <= 1 else min(LINE_HEIGHT * lines + 2, MAX_ROW_HEIGHT)


def note_height(text: str, width: float) -> float:
    """The height of a note's row under a form whose table is `width` wide (`NOTE_WIDTH`), as
    `write_form` sets it."""
    return _text_height(text, width * NOTE_WIDTH)


def keep_signatures_with_form(
    top: float,
    header: float,
    rows: list[float],
    carries: Sequence[tuple[int, bool]],
    tail: int,
    movable: list[int],
) -> dict[int, int]:
    """Blank rows to put before some of `rows` so that no page of the form prints the repeated
    header over nothing of the table: the notes and the signature block (never cut, `_signatures`)
    share the table's last page with its last rows.

    `top`: the height of the rows above `rows` (heading and header), `header`: that of the
    header rows repeated on every later page, `rows`: the heights of the rows that follow, the
    table's lines first, the signature block last; `tail`: the index of the first row after the
    table's lines (the empty row over the notes); `carries`: the index of the first of the
    table's last lines that may go with the notes and the block, and whether it needs a spare
    row, the most lines first (`carried_lines`); `movable`: the indexes of the notes, in order.
    The pages are estimated as the printer fills them (a row that does not fit starts the next
    page). The end is safe when the rows from `tail` to the block are on one page,
    start more than `PAGE_SLACK` below its repeated header (table lines are above them) and end
    more than `PAGE_SLACK` above its foot (the block fits). Else blank rows fill the page before
    the first of the most of the table's last lines that start the next page together with the
    notes and the block and fit on it with that margin: three lines when they fit, else two,
    else one. The estimate may be a row short (LibreOffice's first page held a row more): the
    first carried row would then stay at the page's foot after the gap. When that row is a
    heading (or a parent line) its parts would go on without it, and when it is the one carried
    line the notes would stand under the next page's header alone: then the blank rows fill the
    page and one spare row more, which opens the next page if the estimate is right.
    When not even one line fits with the notes and the block (the notes alone nearly fill a
    page: some page prints notes under the header whatever is done), the notes start under the
    table's last lines on its page and flow on; only the block is kept off a page of its own:
    when its row is within `PAGE_SLACK` of the start or the end of its page, the blank rows go
    before a note, the first from which the notes and the block take at most half a page (else
    the last). Blank rows, not a manual page break: Excel ignores those on a sheet fitted to
    one page wide. Should the estimate be a row off, a blank row or two opens at the top of the
    next page, or the row before which they stand (a carried line followed by its peers, or a
    note) stays at the foot of the page: either way table lines (or notes) stand above the
    block.
    Returns {index: blank rows} (empty: nothing to move)."""
    room = PAGE_HEIGHT - header  # a later page's, under the repeated header
    used = top
    starts = []  # each row's top on its page
    pages = []
    page = 0
    for height in rows:
        if used + height > PAGE_HEIGHT and used > header:
            used = header
            page += 1
        starts.append(used)
        pages.append(page)
        used += height
    sig_top = starts[-1]
    sig_fits = sig_top + rows[-1] <= PAGE_HEIGHT - PAGE_SLACK
    if pages[tail] == pages[-1] and starts[tail] > header + PAGE_SLACK and sig_fits:
        return {}
    fitting = [(c, spare) for c, spare in carries if sum(rows[c:]) <= room - PAGE_SLACK]
    spare = False
    if fitting:
        first, spare = fitting[0]
    else:
        if not movable or (header + PAGE_SLACK < sig_top and sig_fits):
            return {}
        fits = [i for i in movable if sum(rows[i:]) <= room / 2]
        first = fits[0] if fits else movable[-1]
    if starts[first] <= header + PAGE_SLACK:  # it starts a page already
        return {}
    # The blank rows fill the page from where the row would start to its end, less than a
    # row short: the row (no lower than a line) does not fit there; and the spare one.
    return {first: int((PAGE_HEIGHT - starts[first]) // LINE_HEIGHT) + int(spare)}


def carried_line(lines: Sequence[FilledLine], count: int = CARRIED_LINES) -> int:
    """The index of the first of the table's last lines that are printed on the page of the
    notes and signatures: the last `count`, and the lines right above them that head them (a
    heading without a figure, a line of a lower level): a line is not left at the foot of a
    page and its parts on the next."""
    first = max(0, len(lines) - count)
    while first > 0:
        above, line = lines[first - 1].line, lines[first].line
        if not (above.level < line.level or (not above.ids and above.collected)):
            break
        first -= 1
    return first


def carried_lines(lines: Sequence[FilledLine]) -> list[tuple[int, bool]]:
    """`carried_line` of `CARRIED_LINES` lines down to one, each index once, the most lines
    first, each with whether the group needs a spare blank row above it
    (`keep_signatures_with_form`): it starts with a line that heads the others, or it is one line."""
    found: dict[int, bool] = {}
    for count in range(CARRIED_LINES, 0, -1):
        first = carried_line(lines, count)
        found.setdefault(first, first < len(lines) - count or len(lines) - first == 1)
    return sorted(found.items())


def write_form(wb: Workbook, ff: FormFormats, filled: FilledForm, committee: str) -> Worksheet:
    """One form's sheet, headed by `committee` (`committee_heading`)."""
    form = filled.form
    ws = wb.add_worksheet(form.sheet_name)
    ws.set_default_row(SHEET_DEFAULT_HEIGHT)
    ws.hide_gridlines(2)
    last = len(form.columns) - 1
    _heading(ws, ff, filled, committee, last)
    _header(ws, ff, filled)
    row = HEADER + 2
    label_col = 0 if form.kind == "compare" else 1
    width = form.columns[label_col][1]
    total_width = sum(w for _, w in form.columns)
    widths = [w for _, w in form.columns]
    notes = [f"Ghi chú: {note}" for note in filled.notes]
    # The rows' heights as they will be set, to keep the signatures with what is above them.
    lines = [_text_height(line_label(i), width - 2 * i.line.level) for i in filled.lines]
    below = [*lines, LINE_HEIGHT, *(note_height(n, total_width) for n in notes), LINE_HEIGHT]
    n_lines = len(lines)
    # Blank rows may go before the table's last lines (`carried_lines`) or before a note.
    movable = [n_lines + 1 + k for k in range(len(notes))]
    top = sum(row_height(ws, r) for r in range(HEADER + 2))
    header = row_height(ws, HEADER) + row_height(ws, HEADER + 1)
    rows = [*below, _signatures_height(widths)]
    blanks = keep_signatures_with_form(top, header, rows, carried_lines(filled.lines), n_lines, movable)
    for index, item in enumerate(filled.lines):
        row += blanks.get(index, 0)
        if form.kind == "compare":
            _compare_row(ws, ff, row, item, width)
        else:
            _breakdown_row(ws, ff, row, item, width)
        row += 1
    row += 1
    for index, text in enumerate(notes, n_lines + 1):
        row += blanks.get(index, 0)
        write_merged_text(ws, row, 0, last, text, ff.note)
        fit_row(ws, row, [(text, total_width * NOTE_WIDTH)])
        row += 1
    end = _signatures(ws, ff, row + 1, widths)
    # Every row of the form at the height the page estimate counts (Excel's 15 points; a
    # row of no set height is as high as LibreOffice's font makes it).
    for r in range(end):
        if r not in ws.row_info:
            ws.set_row(r, LINE_HEIGHT)
    print_setup(ws, landscape=False, repeat=(HEADER, HEADER + 1), title=form.form_label)
    # On screen too the header and its column numbers stay in view (Biểu 2 and 3 run to about
    # 70 lines); the rows above them stay with them, for Excel freezes rows from the first.
    ws.freeze_panes(HEADER + 2, 0)
    ws.print_area(0, 0, end, last)
    return ws


def write(wb: Workbook, fm: Formats, result: ConsolidationResult) -> None:
    """Write the four form sheets of a consolidation (or a roll-up)."""
    ff = FormFormats(wb)
    for filled in result_forms(result):
        write_form(wb, ff, filled, committee_heading(result.ward_name, result.level))
