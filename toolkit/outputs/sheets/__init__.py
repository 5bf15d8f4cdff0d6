"""The sheets of the consolidated workbook: one module per sheet, and their names in one place.

Each module (`summary`, `by_org`, `changes`, `ratings`, `charts`, `trend`, `report`, `forms`
— the one renderer of the four official forms —, `issues`, `sources`) writes its sheet(s) with
a `write` function; `cells` holds the formats and cell
helpers they share, and `toolkit.outputs.workbook` assembles them in `SHEET_ORDER`. This
package module holds only the names, so the Excel edge and the status texts can name a sheet
without importing any writer.
"""

from __future__ import annotations

from toolkit.forms.tables import FORMS

SHEET_SUMMARY = "Tổng hợp"
SHEET_BY_ORG = "Theo tổ chức"
SHEET_CHANGES = "Biến động theo năm"
SHEET_RATINGS = "Xếp loại theo năm"
SHEET_CHARTS = "Biểu đồ"
SHEET_TREND = "Xu hướng"
SHEET_FORMS: tuple[str, ...] = tuple(f.sheet_name for f in FORMS)  # "Biểu 1-BTCTW", …
SHEET_BY_WARD = "Theo phường"  # in a roll-up, in place of `SHEET_BY_ORG`
# The column naming a roll-up's ward, in `Theo phường`, `Nguồn số liệu` and `Kiểm tra` alike.
WARD_HEADER = "Phường"
SHEET_REPORT = "Báo cáo"
SHEET_ISSUES = "Kiểm tra"
SHEET_SOURCES = "Nguồn số liệu"
SHEET_ORDER = (
    SHEET_SUMMARY,
    SHEET_BY_ORG,
    SHEET_CHANGES,
    SHEET_RATINGS,
    SHEET_CHARTS,
    SHEET_TREND,
    SHEET_REPORT,
    *SHEET_FORMS,
    SHEET_ISSUES,
    SHEET_SOURCES,
)
