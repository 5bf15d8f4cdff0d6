"""The `Xếp loại theo năm` sheet: each year's quality ratings, counts and shares of the rated."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from toolkit.core import vocab
from toolkit.core.model import ConsolidationResult
from toolkit.outputs.sheets import SHEET_RATINGS
from toolkit.outputs.sheets.cells import (
    HEADER_ROW,
    Formats,
    period_words,
    print_setup,
    title_rows,
    write_coverage,
    write_number,
    write_text,
)
from toolkit.outputs.summary_lines import (
    RATED_CODES,
    get,
    lower_first,
    rating_shares,
    unrated_years,
    year_heading,
)

SUB_HEADER_ROW = HEADER_ROW + 1
YEAR_WIDTH = 8
FIGURE_WIDTH = 11


def _groups() -> list[tuple[str, bool]]:
    """The column groups after `Năm`: (header, whether it is a count and share pair)."""
    rating = vocab.RATING
    good_plus = f"Từ {lower_first(rating.label('good'))} trở lên"
    # per rated code: count, share | not rated | rated total | good or better: count, share
    groups = [(rating.label(c), True) for c in RATED_CODES]
    groups += [(rating.label("not_rated"), False), ("Cộng số được xếp loại", False), (good_plus, True)]
    return groups


def _write_header(ws: Worksheet, fm: Formats, groups: list[tuple[str, bool]]) -> None:
    top, sub = HEADER_ROW, SUB_HEADER_ROW
    ws.merge_range(top, 0, sub, 0, "", fm.header)
    write_text(ws, top, 0, "Năm", fm.header)
    col = 1
    for label, pair in groups:
        if pair:
            ws.merge_range(top, col, top, col + 1, "", fm.header)
            write_text(ws, top, col, label, fm.header)
            write_text(ws, sub, col, "Số lượng", fm.header)
            write_text(ws, sub, col + 1, "Tỷ lệ", fm.header)
            col += 2
        else:
            ws.merge_range(top, col, sub, col, "", fm.header)
            write_text(ws, top, col, label, fm.header)
            col += 1
    ws.set_row(top, 48)


def write(wb: Workbook, fm: Formats, result: ConsolidationResult) -> None:
    """Write the `Xếp loại theo năm` sheet."""
    ws = wb.add_worksheet(SHEET_RATINGS)
    ind = result.indicators
    groups = _groups()
    last_col = sum(2 if pair else 1 for _, pair in groups)
    # Wide enough for the unfinished cut-off year's heading ("2026 (đến 31/3)").
    widest = max((len(str(year_heading(result, y, annual=True))) + 2 for y in result.years), default=0)
    year_width = max(YEAR_WIDTH, widest)
    ws.set_column(0, 0, year_width)
    ws.set_column(1, last_col, FIGURE_WIDTH)
    title_rows(ws, fm, last_col, "XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN THEO NĂM", period_words(result))
    write_coverage(ws, fm, result, last_col, year_width + FIGURE_WIDTH * last_col)
    _write_header(ws, fm, groups)
    row = SUB_HEADER_ROW + 1
    not_yet = unrated_years(result)
    for year in result.years:
        shares = rating_shares(ind, year)
        # Ratings are made at a year's end, of the whole year: a period starting inside it does
        # not cut them (no "từ 1/7"); only the unfinished cut-off year is "2026 (đến 31/3)".
        heading = year_heading(result, year, annual=True)
        if isinstance(heading, str):
            write_text(ws, row, 0, heading, fm.year)
        else:
            write_number(ws, row, 0, heading, fm.year)
        if year in not_yet:  # not rated yet, or rated nowhere: empty cells, not 0s
            for col in range(1, last_col + 1):
                ws.write_blank(row, col, None, fm.count)
            row += 1
            continue
        col = 1
        for code in RATED_CODES:
            write_number(ws, row, col, get(ind, f"ratings.{year}.{code}"), fm.count)
            write_number(ws, row, col + 1, shares[code].shown, fm.percent)
            col += 2
        write_number(ws, row, col, get(ind, f"ratings.{year}.not_rated"), fm.count)
        write_number(ws, row, col + 1, shares["excellent"].base, fm.count_bold)
        good = shares["good_or_better"]
        write_number(ws, row, col + 2, good.numerator, fm.count)
        write_number(ws, row, col + 3, good.shown, fm.percent_bold)
        row += 1
    not_rated = vocab.RATING.label("not_rated")
    note = f"Tỷ lệ tính trên số đảng viên được xếp loại (không tính “{not_rated}”)."
    write_text(ws, row + 1, 0, note, fm.note)
    ws.freeze_panes(SUB_HEADER_ROW + 1, 1)
    print_setup(ws, landscape=True, repeat=(HEADER_ROW, SUB_HEADER_ROW), title=SHEET_RATINGS)
    ws.print_area(0, 0, row + 1, last_col)
