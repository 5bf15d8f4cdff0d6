"""The `Biến động theo năm` sheet: admissions, transfers and removals, one column per year."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from toolkit.core.model import ConsolidationResult
from toolkit.outputs.sheets import SHEET_CHANGES
from toolkit.outputs.sheets.cells import (
    HEADER_ROW,
    Formats,
    period_words,
    print_setup,
    title_rows,
    write_coverage,
)
from toolkit.outputs.sheets.year_table import write_year_table
from toolkit.outputs.summary_lines import changes_table

LABEL_WIDTH = 52
FIGURE_WIDTH = 10


def write(wb: Workbook, fm: Formats, result: ConsolidationResult) -> None:
    """Write the `Biến động theo năm` sheet."""
    ws = wb.add_worksheet(SHEET_CHANGES)
    table = changes_table(result)
    last_col = max(3, len(table.years) + 1)
    ws.set_column(0, 0, LABEL_WIDTH)
    ws.set_column(1, last_col, FIGURE_WIDTH)
    title_rows(ws, fm, last_col, "BIẾN ĐỘNG ĐẢNG VIÊN THEO NĂM", period_words(result))
    write_coverage(ws, fm, result, last_col, LABEL_WIDTH + FIGURE_WIDTH * last_col)
    end = write_year_table(
        ws,
        fm,
        HEADER_ROW,
        table,
        label_width=LABEL_WIDTH,
        figure_width=FIGURE_WIDTH,
        first_header="Loại biến động",
        title=False,
    )
    ws.freeze_panes(HEADER_ROW + 1, 1)
    repeat = (HEADER_ROW, HEADER_ROW)
    print_setup(ws, landscape=len(table.years) > 6, repeat=repeat, title=SHEET_CHANGES)
    ws.print_area(0, 0, end, last_col)
