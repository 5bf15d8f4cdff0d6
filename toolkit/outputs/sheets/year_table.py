"""A per-year table (label column, one column per year, a total column), as sections C–E of
`Tổng hợp` and the whole of `Biến động theo năm` lay it out."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from toolkit.outputs.sheets.cells import Formats, fit_row, write_merged_text, write_number, write_text
from toolkit.outputs.summary_lines import YearTable


def write_year_table(
    ws: Worksheet,
    fm: Formats,
    row: int,
    table: YearTable,
    *,
    label_width: float,
    figure_width: float,
    first_header: str = "Chỉ tiêu",
    title: bool = True,
) -> int:
    """Write `table` from `row` on (its first column `label_width` wide, the others
    `figure_width`); returns the first row below it."""
    years = table.years
    last_col = len(years) + (1 if table.has_total else 0)
    if title:
        write_merged_text(ws, row, 0, max(last_col, 3), table.title, fm.section)
        row += 1
    write_text(ws, row, 0, first_header, fm.header_left)
    for i, heading in enumerate(table.headings or years, start=1):
        if isinstance(heading, str):  # a partial year, "2026 (đến 31/3)", "2020 (từ 1/7)"
            write_text(ws, row, i, heading, fm.header)
            fit_row(ws, row, [(heading, figure_width)])
        else:
            write_number(ws, row, i, heading, fm.header)
    if table.has_total:
        write_text(ws, row, last_col, "Tổng", fm.header)
    row += 1
    for r in table.rows:
        if r.kind == "group":
            write_text(ws, row, 0, r.label, fm.group)
            for col in range(1, last_col + 1):
                ws.write_blank(row, col, None, fm.blank)
            row += 1
            continue
        write_text(ws, row, 0, r.label, fm.item_bold if r.strong else fm.indent[r.level])
        fit_row(ws, row, [(r.label, label_width - 1.5 * r.level)])
        if r.kind == "rate":
            cell_fmt = fm.percent_bold if r.strong else fm.percent
            total_fmt = fm.percent_bold
        else:
            cell_fmt = fm.count_bold if r.strong else fm.count
            total_fmt = fm.count_bold
        for i, value in enumerate(r.values or (None,) * len(years), start=1):
            write_number(ws, row, i, value, cell_fmt)
        if table.has_total:
            write_number(ws, row, last_col, r.total, total_fmt)
        row += 1
    if table.note:  # across the table, wrapped to its width
        write_merged_text(ws, row, 0, max(last_col, 1), table.note, fm.note_wrap)
        fit_row(ws, row, [(table.note, label_width + figure_width * last_col)])
        row += 1
    return row
