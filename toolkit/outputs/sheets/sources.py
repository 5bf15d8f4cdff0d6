"""The `Nguồn số liệu` sheet: every file read, with its fingerprint, rows, status and reading time."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from toolkit import __version__
from toolkit.core import layout
from toolkit.core.model import UNKNOWN_ORG, ConsolidationResult, SourceFile
from toolkit.outputs.sheets import SHEET_SOURCES, WARD_HEADER
from toolkit.outputs.sheets.by_org import ORG_STATUS_LABEL, WARD_STATUS_LABEL
from toolkit.outputs.sheets.cells import (
    HEADER_ROW,
    Formats,
    file_column_width,
    file_name_wraps,
    finish_table,
    fit_row,
    table_sheet,
    write_merged_text,
    write_number,
    write_text,
)

SOURCE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Tệp", 30),
    (layout.INFO.field("org_code").header, 11),
    ("Tên tổ chức", 30),
    (layout.INFO.field("template_version").header, 10),
    ("SHA-256", 66),  # 64 hex digits of Consolas 9, whole on screen and on paper
    ("Số dòng", 9),
    ("Trạng thái", 24),
    ("Thời gian đọc (giây)", 10),
)


# A roll-up reads ward summaries: each row is a ward, its count the organisations it lists,
# its template versions those of its files counted ("2026.1 (2 tệp), 2026.2 (70 tệp)"), wider.
ROLLUP_HEADERS = {1: WARD_HEADER, 2: "Tên phường", 5: "Số tổ chức"}
ROLLUP_WIDTHS = {3: 16}


def source_columns(result: ConsolidationResult) -> tuple[tuple[str, float], ...]:
    if result.level != "rollup":
        return SOURCE_COLUMNS
    return tuple(
        (ROLLUP_HEADERS.get(i, h), ROLLUP_WIDTHS.get(i, w)) for i, (h, w) in enumerate(SOURCE_COLUMNS)
    )


UNKNOWN_FILE_LABEL = UNKNOWN_ORG[0].upper() + UNKNOWN_ORG[1:]
# A roll-up's file that is no ward's summary (`NOT_A_WARD`), short enough for its one-line cell.
NOT_A_WARD_LABEL = "Không rõ của phường nào"
# A byte-identical copy of a file used (`org.identical_copy`): ignored, never counted.
COPY_LABEL = "Bản sao giống hệt, bỏ qua"
RUN_ID_LABEL = "Mã lần tổng hợp"  # the run id, shared by the workbook, the JSON and the report


def source_status(source: SourceFile, rollup: bool = False) -> str:
    """What became of a file: consolidated (with warnings or not), excluded, of no
    organisation, or not consolidated. A roll-up's ward left out is said as `Theo phường` says
    it (`WARD_STATUS_LABEL`): its file may be a sound summary of another cut-off, or an empty run."""
    if source.consolidated:
        return ORG_STATUS_LABEL["consolidated"] + (" (có cảnh báo)" if source.status == "warnings" else "")
    if getattr(source, "copy_of", None):  # `org.identical_copy` (none in a record before schema 6)
        return COPY_LABEL
    if source.unknown:
        return NOT_A_WARD_LABEL if rollup else UNKNOWN_FILE_LABEL
    if source.status == "errors":
        return (WARD_STATUS_LABEL if rollup else ORG_STATUS_LABEL)["excluded"]
    return "Không tổng hợp"


def write(wb: Workbook, fm: Formats, result: ConsolidationResult) -> None:
    """Write the `Nguồn số liệu` sheet."""
    subtitle = f"{len(result.sources)} tệp đã đọc"
    columns = list(source_columns(result))
    # The file names whole on one line, up to a limit (they broke in their extension, hunt144 F9).
    columns[0] = (columns[0][0], file_column_width((s.file for s in result.sources), columns[0][1]))
    ws = table_sheet(wb, fm, SHEET_SOURCES, columns, "NGUỒN SỐ LIỆU", subtitle)
    ws.set_row(HEADER_ROW, 32)
    row = HEADER_ROW + 1
    widths = [w for _, w in columns]
    for src in result.sources:
        # A name a little too long for its column is shrunk onto one line (`file_name_wraps`).
        wraps = file_name_wraps(src.file, widths[0])
        write_text(ws, row, 0, src.file, fm.text_cell if wraps else fm.text_shrink)
        write_text(ws, row, 1, src.org_code, fm.text)
        write_text(ws, row, 2, src.org_name, fm.text_cell)
        write_text(ws, row, 3, src.template_version, fm.text_cell)
        fit_row(
            ws,
            row,
            [
                (src.file if wraps else None, widths[0]),
                (src.org_name, widths[2]),
                (src.template_version, widths[3]),
            ],
        )
        write_text(ws, row, 4, src.sha256, fm.sha)
        write_number(ws, row, 5, src.rows, fm.count)
        status = source_status(src, rollup=result.level == "rollup")
        write_text(ws, row, 6, status, fm.text if src.consolidated or src.copy_of else fm.error)
        write_number(ws, row, 7, src.seconds, fm.seconds)
        row += 1
    last_data = row - 1
    write_merged_text(ws, row, 0, 4, f"Cộng: {len(result.sources)} tệp", fm.total_label)
    write_number(ws, row, 5, sum(s.rows for s in result.sources), fm.total_count)
    ws.write_blank(row, 6, None, fm.total_blank)
    ws.write_blank(row, 7, None, fm.total_blank)
    row += 2
    write_text(ws, row, 0, f"Tổng hợp lúc: {result.generated_at:%d/%m/%Y %H:%M:%S}", fm.note)
    write_text(ws, row + 1, 0, f"Phiên bản ward-stats: {__version__}", fm.note)
    # The template this tool makes, not the files' (each file's is in its row): a run of
    # 2026.1 files would otherwise read as one of 2026.2 files.
    write_text(ws, row + 2, 0, f"Mẫu của công cụ khi chạy: {result.template_version}", fm.note)
    write_text(ws, row + 3, 0, f"{RUN_ID_LABEL}: {result.run_id}", fm.note)
    last_col = len(SOURCE_COLUMNS) - 1
    finish_table(ws, last_row=last_data, last_col=last_col, frozen_cols=1, title=SHEET_SOURCES)
