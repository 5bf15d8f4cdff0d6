"""The `Tổng hợp` sheet: the ward's statistics, sections A–E, on A4 portrait.

The content (which figure on which line, with which share and base) comes from
`toolkit.outputs.summary_lines`; this module only lays it out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from toolkit import __version__
from toolkit.core import vnformat
from toolkit.core.model import ConsolidationResult
from toolkit.core.text import unit_party_body
from toolkit.outputs.sheets import SHEET_SUMMARY
from toolkit.outputs.sheets.cells import (
    PAGE_WIDTH_SLACK,
    Formats,
    column_points,
    fit_row,
    period_words,
    print_setup,
    row_height,
    title_rows,
    write_coverage,
    write_merged_text,
    write_number,
    write_text,
)
from toolkit.outputs.sheets.year_table import write_year_table
from toolkit.outputs.summary_lines import (
    Line,
    YearTable,
    changes_table,
    ratings_table,
    summary_lines,
    training_table,
    unknown_figure_note,
    unknown_reads,
)
from toolkit.stats.shares import orgs_base_label

LABEL_WIDTH = 52
FIGURE_WIDTH = 9
# The "Trên cơ sở" cells (D to the last year's column, merged) are at least this wide, so a base
# such as "đảng viên được miễn, tạm miễn (1.234)" is one line whatever the number of years; a
# longer one wraps, its row made high enough. Every figure column is widened alike, so the
# per-year tables below keep columns of one width.
BASE_WIDTH = 36
HEADER = 4  # 0-based row of the header of sections A and B
LINE_HEIGHT = 15  # points: a line of the 11-point font, as `fit_row` counts it
# XlsxWriter writes no height for a row of its default height (15 points, 20 px), whose height the
# renderer then picks while `group_breaks` counts 15 (review167 F1). The sheet's default row is
# made taller, so every row set to `LINE_HEIGHT` is written with its height (`customHeight`); a row
# left unset (sections C–E, the notes) is this tall.
SHEET_DEFAULT_HEIGHT = 15.75
TITLE_HEIGHT = 21  # points (28 px): the 14-point title's row, held in the file too
# The page, in points of paper: A4 portrait less `print_setup`'s margins.
PAGE_WIDTH = (210 / 25.4 - 0.5 - 0.4) * 72
PAGE_HEIGHT = 297 / 25.4 * 72 - 2 * 0.6 * 72
# The share of the page `group_breaks` fills: every page of sections A–B ends at a manual break by
# then, so that rows printed up to 11 % taller (another renderer, another DPI), or Letter paper
# (7 % shorter than A4), bring no automatic break just before ours (review167 F1: pages of one or
# two rows).
PAGE_FILL = 0.9
# A page holds at least this many lines of sections A–B before a break moves a group to the next
# page; above fewer, the group runs on from it.
MIN_PAGE_LINES = 10
# Lines of a group longer than a page that must fit under its heading for it to start on a page:
# fewer, it starts the next page (no heading alone at a page's foot).
MIN_GROUP_START = 3


# Years a per-year table shows side by side: a longer period's tables go on in blocks of rows
# below (`year_blocks`), so the sheet, fitted one page wide, is never wider than a 7-year
# period's and sections A–B print at one size (a 19-year period printed them in 5-point type).
YEARS_PER_BLOCK = 7


def year_blocks(table: YearTable) -> list[YearTable]:
    """`table` as tables of at most `YEARS_PER_BLOCK` years each, in order: the title on the
    first, the total and the note on the last."""
    years = table.years
    if len(years) <= YEARS_PER_BLOCK:
        return [table]
    starts = range(0, len(years), YEARS_PER_BLOCK)
    blocks = []
    for n, start in enumerate(starts):
        end = start + YEARS_PER_BLOCK
        last = n == len(starts) - 1
        rows = tuple(
            replace(r, values=r.values[start:end] if r.values else (), total=r.total if last else None)
            for r in table.rows
        )
        blocks.append(
            replace(
                table,
                years=years[start:end],
                headings=table.headings[start:end],  # () stays ()
                rows=rows,
                has_total=table.has_total and last,
                note=table.note if last else None,
            )
        )
    return blocks


def figure_width(last_col: int) -> float:
    """The width of each column B..`last_col`: `FIGURE_WIDTH`, or wider when the base cells
    (D..`last_col`) would be narrower than `BASE_WIDTH` (a period of 1–4 years)."""
    return max(FIGURE_WIDTH, BASE_WIDTH / (last_col - 2))


def print_scale(widths: Sequence[float]) -> int:
    """The print scale (%) at which columns of `widths` (characters) print one portrait page
    wide, `PAGE_WIDTH_SLACK` of it spare. A fixed scale, not "fit to one page wide": Excel
    ignores manual page breaks on a sheet fitted to pages, and `group_breaks` needs them."""
    points = sum(column_points(w) for w in widths)
    return max(10, min(100, math.floor(PAGE_WIDTH * (1 - PAGE_WIDTH_SLACK) * 100 / points)))


def line_blocks(lines: Sequence[Line], first: int) -> list[tuple[int, int]]:
    """The rows (first, end) of each heading of `lines` (written from row `first` on) with the
    lines under it: a section's heading right above its first group's goes with that group."""
    starts = [
        i for i, line in enumerate(lines) if line.kind != "item" and (i == 0 or lines[i - 1].kind == "item")
    ]
    return [(first + a, first + b) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]


def group_breaks(heights: Sequence[float], blocks: Sequence[tuple[int, int]], page: float) -> list[int]:
    """The rows before which a manual page break starts each page of the rows of `heights` (every
    row from the sheet's top down to the last of `blocks`, points as the file holds them) on pages
    of `page` points, each filled to `PAGE_FILL` at most so that no automatic break comes first.

    A block of `blocks` (a heading and its lines) that would end past that fill starts the next
    page when it fits on one and this page already holds `MIN_PAGE_LINES` lines of the blocks; a
    longer block runs on, broken where the fill ends, unless fewer than `MIN_GROUP_START` of its
    rows fit under it (hunt144 F9: page 2 began with "Từ trung cấp trở lên", its heading and the
    column header on page 1). The cost: a page ends short when the next group is long (up to
    more than half of page 1 with every ethnic group present)."""
    usable = page * PAGE_FILL
    ends = dict(blocks)
    first = min(ends, default=len(heights))
    breaks: list[int] = []
    used = 0.0
    lines = 0  # lines of the blocks on this page
    for row, height in enumerate(heights):
        end = ends.get(row)
        if end is not None and used > 0:
            block = sum(heights[row:end])
            start = sum(heights[row : min(end, row + MIN_GROUP_START)])
            if used + block > usable and (
                (block <= usable and lines >= MIN_PAGE_LINES) or (block > usable and used + start > usable)
            ):
                breaks.append(row)
                used, lines = 0.0, 0
        if used + height > usable and used > 0:
            breaks.append(row)  # a manual break where the fill ends, ahead of any automatic one
            used, lines = 0.0, 0
        used += height
        lines += row >= first
    return breaks


def _base_words(line: Line) -> str:
    share = line.share
    assert share is not None
    return f"{share.base_label} ({vnformat.number(share.base)})"


def _write_lines(ws: Worksheet, fm: Formats, row: int, lines: list[Line], last_col: int) -> int:
    """Sections A and B, one line each; returns the first row below them."""
    base_width = figure_width(last_col) * (last_col - 2) - 1.5  # less the cells' indent
    for line in lines:
        ws.set_row(row, LINE_HEIGHT)  # a stored height, as `group_breaks` counts it; `fit_row` may raise it
        if line.kind == "section":
            write_merged_text(ws, row, 0, last_col, line.label, fm.section)
        elif line.kind == "group":
            write_text(ws, row, 0, line.label, fm.group)
            for col in range(1, 3):
                ws.write_blank(row, col, None, fm.blank)
            ws.merge_range(row, 3, row, last_col, "", fm.blank)
        else:
            bold = line.level == 0
            # A line summing lines above it is in italics, its share no part of theirs.
            label_fmt = fm.summed[line.level] if line.summed else fm.indent[line.level]
            write_text(ws, row, 0, line.label, fm.item_bold if bold else label_fmt)
            base = _base_words(line) if line.share is not None else ""
            fit_row(ws, row, [(line.label, LABEL_WIDTH - 1.5 * line.level), (base, base_width)])
            num_fmt = fm.mean if line.number == "mean" else (fm.count_bold if bold else fm.count)
            write_number(ws, row, 1, line.value, fm.count_summed if line.summed else num_fmt)
            if line.share is not None:
                write_number(ws, row, 2, line.share.shown, fm.percent_summed if line.summed else fm.percent)
                write_merged_text(ws, row, 3, last_col, base, fm.base)
            else:
                ws.write_blank(row, 2, None, fm.blank)
                ws.merge_range(row, 3, row, last_col, "", fm.blank)
        row += 1
    return row


def summary_title(result: ConsolidationResult) -> str:
    """The sheet's title: the ward's ("THỐNG KÊ ĐẢNG VIÊN ĐẢNG BỘ PHƯỜNG MẪU", named as the
    forms head it; without a name "… ĐẢNG BỘ PHƯỜNG"), or a roll-up's (the Đảng bộ of its
    `--name`, as its report's title and `Báo cáo` name it, `text.unit_party_body`: "… ĐẢNG BỘ
    TỈNH THỬ", review256 R2; or the wards it adds)."""
    rollup = result.level == "rollup"
    body = unit_party_body(result.ward_name, rollup=rollup)
    if body:
        return f"THỐNG KÊ ĐẢNG VIÊN {body.upper()}"
    return "THỐNG KÊ ĐẢNG VIÊN CÁC ĐẢNG BỘ PHƯỜNG" if rollup else "THỐNG KÊ ĐẢNG VIÊN ĐẢNG BỘ PHƯỜNG"


# The parts of one whole (the organisations by sector, the members by age, …) are rounded
# together so that they add up to 100 % (`stats.shares.largest_remainder`): two equal counts
# may then be shown 0,01 % apart, which a clerk checking by hand asks about.
ROUNDING_NOTE = (
    "Tỷ lệ các phần của cùng một tổng được làm tròn để cộng lại đủ 100%, nên hai số lượng bằng "
    "nhau có thể có tỷ lệ lệch nhau 0,01%."
)


def write(wb: Workbook, fm: Formats, result: ConsolidationResult) -> None:
    """Write the `Tổng hợp` sheet (the active sheet when the workbook opens)."""
    ws = wb.add_worksheet(SHEET_SUMMARY)
    ws.set_default_row(SHEET_DEFAULT_HEIGHT)
    last_col = max(4, min(len(result.years), YEARS_PER_BLOCK) + 1)
    # Section C has its own note of empty cells (`changes_table`); the sheet's last note covers
    # the cells of the other sections, said only when one of theirs is empty.
    with unknown_reads() as unread:
        lines = summary_lines(
            result.indicators,
            orgs_base_label(result.registry_used, result.level == "rollup", result.registry_none),
        )
        later = (ratings_table(result), training_table(result))
    ws.set_column(0, 0, LABEL_WIDTH)
    width = figure_width(last_col)
    ws.set_column(1, last_col, width)
    ws.hide_gridlines(2)

    title_rows(ws, fm, last_col, summary_title(result), period_words(result))
    write_coverage(ws, fm, result, last_col, LABEL_WIDTH + width * last_col)
    for r in range(HEADER + 1):  # rows above sections A–B: heights the file holds too
        if ws.row_info.get(r) is None or ws.row_info[r].height is None:
            ws.set_row(r, TITLE_HEIGHT if r == 0 else LINE_HEIGHT)

    row = HEADER
    for col, header in enumerate(("Chỉ tiêu", "Số lượng", "Tỷ lệ")):
        write_text(ws, row, col, header, fm.header_left if col == 0 else fm.header)
    write_merged_text(ws, row, 3, last_col, "Trên cơ sở", fm.header)
    row = _write_lines(ws, fm, row + 1, lines, last_col)
    scale = print_scale([LABEL_WIDTH, *[width] * last_col])
    page = PAGE_HEIGHT * 100 / scale
    breaks = group_breaks([row_height(ws, r) for r in range(row)], line_blocks(lines, HEADER + 1), page)

    for table in (changes_table(result), *later):
        row += 1
        if table.title.startswith("C."):
            breaks.append(row)  # the per-year tables start on a page of their own
        for n, block in enumerate(year_blocks(table)):
            row = write_year_table(
                ws, fm, row + (n > 0), block, label_width=LABEL_WIDTH, figure_width=width, title=n == 0
            )
    row += 1
    write_text(
        ws,
        row,
        0,
        "Tỷ lệ ở phần A, B tính trên cơ sở ghi ở cột “Trên cơ sở”; mọi số liệu tính từ danh sách "
        "đảng viên của các tổ chức đã được tổng hợp.",
        fm.note,
    )
    row += 1  # hunt175 F11, hunt190 F3: 13 of 72 shown as 18,06% and 18,05% in one column
    write_text(ws, row, 0, ROUNDING_NOTE, fm.note)
    unknown = unknown_figure_note(result, unread)
    if unknown:
        row += 1
        write_text(ws, row, 0, unknown, fm.note)
    write_text(
        ws,
        row + 1,
        0,
        f"Lập lúc {result.generated_at:%d/%m/%Y %H:%M} bằng ward-stats {__version__}.",
        fm.note,
    )
    ws.set_h_pagebreaks(breaks)
    # The header stays in view on screen. It is not repeated on printed pages: a sheet's print
    # titles top every page, and the pages of sections C–E (a page of their own, with their own
    # header of years) would carry "Số lượng / Tỷ lệ / Trên cơ sở" above their year columns.
    ws.freeze_panes(HEADER + 1, 0)
    print_setup(ws, landscape=False, title=SHEET_SUMMARY)
    ws.set_print_scale(scale)  # one page wide, at a fixed scale that keeps the page breaks
    ws.print_area(0, 0, row + 1, last_col)
    ws.activate()
