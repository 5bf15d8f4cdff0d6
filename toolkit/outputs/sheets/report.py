"""The `Báo cáo` sheet: the report paragraphs (`toolkit.outputs.report`), ready to copy into a report."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from toolkit.core.model import ConsolidationResult
from toolkit.core.text import unit_party_body
from toolkit.outputs.sheets import SHEET_REPORT
from toolkit.outputs.sheets.cells import Formats, fit_row, period_words, print_setup, write_text

REPORT_WIDTH = 90
REPORT_PLACEHOLDER = (
    "Đoạn báo cáo về tình hình đội ngũ đảng viên sẽ được soạn tự động từ số liệu tổng hợp "
    "(lệnh ward-stats report); bản này chưa có đoạn báo cáo."
)
FIRST_ROW = 3


# Capitals of the 14-point bold title a line of the sheet's column holds (about).
TITLE_LINE_CHARS = 48


def report_sheet_title(result: ConsolidationResult) -> str:
    """The sheet's title, naming a ward's Đảng bộ (or a roll-up's unit, `text.unit_party_body`)
    on a line of its own when the run has its name, as `Tổng hợp`'s title does (on one line it
    ran past the column's edges)."""
    title = "ĐOẠN BÁO CÁO: TÌNH HÌNH ĐỘI NGŨ ĐẢNG VIÊN"
    body = unit_party_body(result.ward_name, rollup=result.level == "rollup")
    return f"{title}\n{body.upper()}" if body else title


def write(wb: Workbook, fm: Formats, result: ConsolidationResult, report_text: list[str] | None) -> None:
    """Write the `Báo cáo` sheet: one paragraph a row, or a placeholder when there is none."""
    ws = wb.add_worksheet(SHEET_REPORT)
    ws.set_column(0, 0, REPORT_WIDTH)
    ws.hide_gridlines(2)
    title = report_sheet_title(result)
    write_text(ws, 0, 0, title, fm.title_wrap)
    lines = sum(-(-len(line) // TITLE_LINE_CHARS) for line in title.split("\n"))
    if lines > 1:
        ws.set_row(0, 20 * lines + 2)
    write_text(ws, 1, 0, period_words(result), fm.subtitle)
    paragraphs = [p for p in (report_text or []) if p and p.strip()]
    rows = [(REPORT_PLACEHOLDER, fm.note_wrap)] if not paragraphs else [(p, fm.paragraph) for p in paragraphs]
    row = FIRST_ROW
    for text, fmt in rows:
        write_text(ws, row, 0, text, fmt)
        fit_row(ws, row, [(text, REPORT_WIDTH)], line_height=16)
        row += 1
    print_setup(ws, landscape=False, title=SHEET_REPORT)
    ws.print_area(0, 0, max(row - 1, FIRST_ROW), 0)
