"""The `Báo cáo` sheet: the report paragraphs (`toolkit.outputs.report`), ready to copy into a report."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from toolkit.core.model import ConsolidationResult
from toolkit.outputs.sheets import SHEET_REPORT
from toolkit.outputs.sheets.cells import Formats, fit_row, period_words, print_setup, write_text

REPORT_WIDTH = 90
REPORT_PLACEHOLDER = (
    "Đoạn báo cáo về tình hình đội ngũ đảng viên sẽ được soạn tự động từ số liệu tổng hợp "
    "(lệnh ward-stats report); bản này chưa có đoạn báo cáo."
)
FIRST_ROW = 3


def write(wb: Workbook, fm: Formats, result: ConsolidationResult, report_text: list[str] | None) -> None:
    """Write the `Báo cáo` sheet: one paragraph a row, or a placeholder when there is none."""
    ws = wb.add_worksheet(SHEET_REPORT)
    ws.set_column(0, 0, REPORT_WIDTH)
    ws.hide_gridlines(2)
    write_text(ws, 0, 0, "ĐOẠN BÁO CÁO: TÌNH HÌNH ĐỘI NGŨ ĐẢNG VIÊN", fm.title)
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
