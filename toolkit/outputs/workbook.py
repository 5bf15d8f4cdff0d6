"""Writes the consolidated workbook (DESIGN §7) and the JSON summary (DESIGN §6.1).

The workbook is written with XlsxWriter into a temporary file beside the target and renamed
into place only when complete (`toolkit.io.atomic`). Every figure is a number cell with a
number format; every user string is written with `write_string` (the workbook is opened
with `strings_to_formulas` and `strings_to_urls` off as well), so no value typed by a
secretary can become a formula or a link. The content of the statistics sheet comes from
`toolkit.outputs.summary_lines`; this module only lays it out.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from toolkit import __version__
from toolkit.core import layout, vnformat, vocab
from toolkit.core.model import SEVERITY_LABEL, ConsolidationResult, Issue, OrgResult, SourceFile
from toolkit.io.atomic import atomic_path, atomic_write_text
from toolkit.outputs.summary_lines import (
    AGE_REPORT_BANDS,
    RATED_CODES,
    Line,
    YearTable,
    changes_table,
    get,
    incomplete_warning,
    lower_first,
    rating_shares,
    ratings_table,
    summary_lines,
    training_table,
)

SHEET_SUMMARY = "Tổng hợp"
SHEET_BY_ORG = "Theo tổ chức"
SHEET_CHANGES = "Biến động theo năm"
SHEET_RATINGS = "Xếp loại theo năm"
SHEET_CHARTS = "Biểu đồ"
SHEET_REPORT = "Báo cáo"
SHEET_ISSUES = "Kiểm tra"
SHEET_SOURCES = "Nguồn số liệu"
SHEET_ORDER = (
    SHEET_SUMMARY,
    SHEET_BY_ORG,
    SHEET_CHANGES,
    SHEET_RATINGS,
    SHEET_CHARTS,
    SHEET_REPORT,
    SHEET_ISSUES,
    SHEET_SOURCES,
)

ORG_STATUS_LABEL: dict[str, str] = {
    "consolidated": "Đã tổng hợp",
    "excluded": "Bị loại do có lỗi",
    "missing": "Chưa nộp",
}

FONT = "Times New Roman"
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.00%"
MEAN_FORMAT = "0.0"
SECONDS_FORMAT = "0.000"
MAX_CELL_TEXT = 32767
MAX_LINKS_PER_SHEET = 65530  # Excel's limit; later issues are listed without a link
MAX_URL_LENGTH = 2079
PAPER_A4 = 9
MAX_ROW_HEIGHT = 409  # points; Excel refuses taller rows

# --- formats ----------------------------------------------------------------------------------


class Formats:
    """All cell formats of the workbook, created once."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        def f(**props: Any) -> Format:
            return wb.add_format({"font_name": FONT, "font_size": 11, "valign": "vcenter", **props})

        border = {"border": 1, "border_color": "#9E9E9E"}
        self.title = f(bold=True, font_size=14, align="center")
        self.subtitle = f(italic=True, align="center")
        self.warning = f(bold=True, font_color="#9C0006", bg_color="#FFEB9C", text_wrap=True, **border)
        self.complete = f(italic=True, font_color="#006100")
        self.header = f(bold=True, bg_color="#DDEBF7", text_wrap=True, align="center", **border)
        self.header_left = f(bold=True, bg_color="#DDEBF7", text_wrap=True, align="left", **border)
        self.section = f(bold=True, bg_color="#F2F2F2", **border)
        self.group = f(bold=True, italic=True, **border)
        self.text = f(**border)
        self.text_wrap = f(text_wrap=True, valign="top", **border)
        self.indent = [f(indent=i, text_wrap=True, **border) for i in range(4)]
        self.item_bold = f(bold=True, text_wrap=True, **border)
        self.text_cell = f(text_wrap=True, **border)
        self.count = f(num_format=COUNT_FORMAT, **border)
        self.count_bold = f(num_format=COUNT_FORMAT, bold=True, **border)
        self.percent = f(num_format=PERCENT_FORMAT, **border)
        self.percent_bold = f(num_format=PERCENT_FORMAT, bold=True, **border)
        self.mean = f(num_format=MEAN_FORMAT, **border)
        self.seconds = f(num_format=SECONDS_FORMAT, **border)
        self.year = f(num_format="0", align="center", **border)
        self.base = f(font_color="#595959", indent=1, **border)
        self.blank = f(**border)
        self.total_label = f(bold=True, bg_color="#F2F2F2", **border)
        self.total_count = f(bold=True, bg_color="#F2F2F2", num_format=COUNT_FORMAT, **border)
        self.total_blank = f(bg_color="#F2F2F2", **border)
        self.link = f(font_color="#0563C1", underline=1, **border)
        self.error = f(bold=True, font_color="#9C0006", text_wrap=True, **border)
        self.note = f(italic=True, font_color="#595959")
        self.note_wrap = f(italic=True, font_color="#595959", text_wrap=True)
        self.paragraph = f(text_wrap=True, valign="top", align="justify", num_format="@")
        self.sha = f(font_name="Consolas", font_size=9, **border)


# --- cell helpers -----------------------------------------------------------------------------


def _text(ws: Worksheet, row: int, col: int, value: object, fmt: Format | None = None) -> None:
    """A user or label string, always as a string cell (never a formula, number or link)."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
        return
    ws.write_string(row, col, str(value)[:MAX_CELL_TEXT], fmt)


def _number(ws: Worksheet, row: int, col: int, value: object, fmt: Format | None = None) -> None:
    """A figure as a number cell; empty when there is no value (None or NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(row, col, None, fmt)
        return
    number = value.item() if hasattr(value, "item") else value  # numpy scalars
    ws.write_number(row, col, number, fmt)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines a wrapped cell of `width` characters needs (a word-wrap estimate).

    Row heights are set from this because LibreOffice and Excel do not always re-fit the
    height of wrapped rows written by XlsxWriter.
    """
    # About 1.1 characters of the 11-pt table font per unit of column width: names that
    # LibreOffice wraps at 1.2 were left one line high, their second line hidden.
    limit = max(1.0, width * 1.1 - 1)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            need = len(word) if used == 0 else used + 1 + len(word)
            if need <= limit:
                used = need
            else:
                lines += 1 if used else 0
                used = len(word)
                while used > limit:
                    lines += 1
                    used -= int(limit)
    return max(1, lines)


def _fit_row(ws: Worksheet, row: int, cells: Sequence[tuple[object, float]], line_height: float = 15) -> None:
    """Set a row's height so every wrapped (text, width) cell shows in full."""
    lines = max((wrapped_lines(str(t), w) for t, w in cells if t), default=1)
    if lines > 1:
        ws.set_row(row, min(line_height * lines + 2, MAX_ROW_HEIGHT))


def _print_setup(
    ws: Worksheet,
    *,
    landscape: bool,
    repeat: tuple[int, int] | None = None,
    title: str = "",
) -> None:
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
    footer_title = title.replace("&", "&&")
    ws.set_footer(f"&L&8{footer_title}&R&8Trang &P/&N")


def _title_rows(ws: Worksheet, fm: Formats, last_col: int, title: str, subtitle: str) -> None:
    ws.merge_range(0, 0, 0, last_col, "", fm.title)
    ws.write_string(0, 0, title, fm.title)
    ws.merge_range(1, 0, 1, last_col, "", fm.subtitle)
    ws.write_string(1, 0, subtitle, fm.subtitle)


def _period_words(result: ConsolidationResult) -> str:
    return (
        f"Số liệu tính đến ngày {vnformat.date(result.cutoff_date)}; "
        f"biến động từ {vnformat.date(result.period_start)}"
    )


# --- Tổng hợp ---------------------------------------------------------------------------------


def _base_words(line: Line) -> str:
    share = line.share
    assert share is not None
    return f"{share.base_label} ({vnformat.number(share.base)})"


def _write_lines(
    ws: Worksheet, fm: Formats, row: int, lines: list[Line], last_col: int, label_width: float
) -> int:
    for line in lines:
        if line.kind == "section":
            ws.merge_range(row, 0, row, last_col, "", fm.section)
            _text(ws, row, 0, line.label, fm.section)
        elif line.kind == "group":
            _text(ws, row, 0, line.label, fm.group)
            for col in range(1, 3):
                ws.write_blank(row, col, None, fm.blank)
            ws.merge_range(row, 3, row, last_col, "", fm.blank)
        else:
            bold = line.level == 0
            _text(ws, row, 0, line.label, fm.item_bold if bold else fm.indent[line.level])
            _fit_row(ws, row, [(line.label, label_width - 1.5 * line.level)])
            num_fmt = fm.mean if line.number == "mean" else (fm.count_bold if bold else fm.count)
            _number(ws, row, 1, line.value, num_fmt)
            if line.share is not None:
                _number(ws, row, 2, line.share.value, fm.percent)
                ws.merge_range(row, 3, row, last_col, "", fm.base)
                _text(ws, row, 3, _base_words(line), fm.base)
            else:
                ws.write_blank(row, 2, None, fm.blank)
                ws.merge_range(row, 3, row, last_col, "", fm.blank)
        row += 1
    return row


def _write_year_table(
    ws: Worksheet,
    fm: Formats,
    row: int,
    table: YearTable,
    *,
    label_width: float,
    first_header: str = "Chỉ tiêu",
    title: bool = True,
) -> int:
    """A per-year table: label column, one column per year, and the total column."""
    years = table.years
    last_col = len(years) + (1 if table.has_total else 0)
    if title:
        ws.merge_range(row, 0, row, max(last_col, 3), "", fm.section)
        _text(ws, row, 0, table.title, fm.section)
        row += 1
    _text(ws, row, 0, first_header, fm.header_left)
    for i, year in enumerate(years, start=1):
        _number(ws, row, i, year, fm.header)
    if table.has_total:
        _text(ws, row, last_col, "Tổng", fm.header)
    row += 1
    for r in table.rows:
        if r.kind == "group":
            _text(ws, row, 0, r.label, fm.group)
            for col in range(1, last_col + 1):
                ws.write_blank(row, col, None, fm.blank)
            row += 1
            continue
        _text(ws, row, 0, r.label, fm.item_bold if r.strong else fm.indent[r.level])
        _fit_row(ws, row, [(r.label, label_width - 1.5 * r.level)])
        if r.kind == "rate":
            cell_fmt = fm.percent_bold if r.strong else fm.percent
            total_fmt = fm.percent_bold
        else:
            cell_fmt = fm.count_bold if r.strong else fm.count
            total_fmt = fm.count_bold
        for i, value in enumerate(r.values or (None,) * len(years), start=1):
            _number(ws, row, i, value, cell_fmt)
        if table.has_total:
            _number(ws, row, last_col, r.total, total_fmt)
        row += 1
    if table.note:
        _text(ws, row, 0, table.note, fm.note)
        row += 1
    return row


SUMMARY_LABEL_WIDTH = 52
SUMMARY_FIGURE_WIDTH = 9


def _write_summary(wb: xlsxwriter.Workbook, fm: Formats, result: ConsolidationResult) -> None:
    ws = wb.add_worksheet(SHEET_SUMMARY)
    years = result.years
    last_col = max(4, len(years) + 1)
    lines = summary_lines(result.indicators)
    ws.set_column(0, 0, SUMMARY_LABEL_WIDTH)
    ws.set_column(1, last_col, SUMMARY_FIGURE_WIDTH)
    ws.hide_gridlines(2)

    _title_rows(ws, fm, last_col, "THỐNG KÊ ĐẢNG VIÊN ĐẢNG BỘ PHƯỜNG", _period_words(result))
    warning = incomplete_warning(result)
    ws.merge_range(2, 0, 2, last_col, "", fm.warning if warning else fm.complete)
    if warning:
        ws.write_string(2, 0, warning, fm.warning)
        total_width = SUMMARY_LABEL_WIDTH + SUMMARY_FIGURE_WIDTH * last_col
        _fit_row(ws, 2, [(warning, total_width)], line_height=16)
    else:
        total = len(result.organisations)
        ws.write_string(2, 0, f"Đã tổng hợp đủ số liệu của {total}/{total} tổ chức.", fm.complete)

    row = 4
    for col, header in enumerate(("Chỉ tiêu", "Số lượng", "Tỷ lệ")):
        _text(ws, row, col, header, fm.header_left if col == 0 else fm.header)
    ws.merge_range(row, 3, row, last_col, "", fm.header)
    _text(ws, row, 3, "Trên cơ sở", fm.header)
    row = _write_lines(ws, fm, row + 1, lines, last_col, SUMMARY_LABEL_WIDTH)

    breaks = []
    for table in (changes_table(result), ratings_table(result), training_table(result)):
        row += 1
        if table.title.startswith("C."):
            breaks.append(row)  # the per-year tables start on a page of their own
        row = _write_year_table(ws, fm, row, table, label_width=SUMMARY_LABEL_WIDTH)
    row += 1
    _text(
        ws,
        row,
        0,
        "Tỷ lệ ở phần A, B tính trên cơ sở ghi ở cột “Trên cơ sở”; mọi số liệu tính từ danh sách "
        "đảng viên của các tổ chức đã được tổng hợp.",
        fm.note,
    )
    _text(
        ws,
        row + 1,
        0,
        f"Lập lúc {result.generated_at:%d/%m/%Y %H:%M} bằng ward-stats {__version__}.",
        fm.note,
    )
    ws.set_h_pagebreaks(breaks)
    _print_setup(ws, landscape=False, title=SHEET_SUMMARY)
    ws.print_area(0, 0, row + 1, last_col)
    ws.activate()


# --- Theo tổ chức -----------------------------------------------------------------------------

# (header, indicator id, width). Category headers come from the vocabularies.
ORG_FIGURES: tuple[tuple[str, str, float], ...] = (
    ("Tổng số đảng viên", "members.total", 8.5),
    ("Chính thức", "members.full", 8.5),
    ("Dự bị", "members.probationary", 7),
    (vocab.GENDER.label("male"), "members.gender.male", 7),
    (vocab.GENDER.label("female"), "members.gender.female", 7),
    *((label, f"members.age_report.{code}", 8) for code, label in AGE_REPORT_BANDS),
    (vocab.GEN_EDU.label("upper_secondary"), "members.gen_edu.upper_secondary", 9),
    (f"{vocab.PROF_LEVEL.label('university')} trở lên", "members.prof.university_plus", 9),
    ("Được miễn sinh hoạt", "members.exempt", 9),
    (f"{vocab.EVENT_TYPE.label('admitted')} trong kỳ", "changes.admissions.total", 8.5),
    ("Đưa ra khỏi Đảng trong kỳ", "changes.removed.total", 9.5),
)


def org_totals(result: ConsolidationResult) -> dict[str, int | float]:
    """Column sums of the per-organisation figures over the consolidated organisations."""
    consolidated = [o for o in result.organisations if o.status == "consolidated"]
    return {key: sum(get(o.indicators, key) for o in consolidated) for _, key, _ in ORG_FIGURES}


def _org_words(org: OrgResult) -> tuple[str, str, str]:
    tier = vocab.ORG_TIER.label(org.org_tier) if org.org_tier else ""
    sector = vocab.SECTOR.label(org.sector) if org.sector else ""
    return tier, sector, ORG_STATUS_LABEL.get(org.status, org.status)


def _write_by_org(wb: xlsxwriter.Workbook, fm: Formats, result: ConsolidationResult) -> None:
    ws = wb.add_worksheet(SHEET_BY_ORG)
    text_cols = (
        (layout.INFO.field("org_code").header, 9),
        (layout.INFO.field("org_name").header, 34),
        (vocab.ORG_TIER.title, 12),
        (vocab.SECTOR.title, 17),
        ("Trạng thái", 15),
    )
    headers = [h for h, _ in text_cols] + [h for h, _, _ in ORG_FIGURES]
    widths = [w for _, w in text_cols] + [w for _, _, w in ORG_FIGURES]
    last_col = len(headers) - 1
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    _title_rows(ws, fm, last_col, "SỐ LIỆU ĐẢNG VIÊN THEO TỔ CHỨC ĐẢNG", _period_words(result))
    header_row = 3
    for col, header in enumerate(headers):
        _text(ws, header_row, col, header, fm.header)
    ws.set_row(header_row, 48)
    row = header_row + 1
    for org in result.organisations:
        tier, sector, status = _org_words(org)
        words = (org.org_code, org.org_name, tier, sector, status)
        for col, value in enumerate(words[:4]):
            _text(ws, row, col, value, fm.text_cell)
        _text(ws, row, 4, status, fm.text_cell if org.status == "consolidated" else fm.error)
        _fit_row(ws, row, [(w, width) for w, (_, width) in zip(words, text_cols, strict=True)])
        for i, (_, key, _) in enumerate(ORG_FIGURES, start=len(text_cols)):
            value = get(org.indicators, key) if org.status == "consolidated" else None
            _number(ws, row, i, value, fm.count)
        row += 1
    last_data = row - 1
    totals = org_totals(result)
    consolidated = result.count("consolidated")
    ws.merge_range(row, 0, row, len(text_cols) - 1, "", fm.total_label)
    _text(ws, row, 0, f"Cộng toàn Đảng bộ ({consolidated} tổ chức được tổng hợp)", fm.total_label)
    for i, (_, key, _) in enumerate(ORG_FIGURES, start=len(text_cols)):
        _number(ws, row, i, totals[key], fm.total_count)
    ws.autofilter(header_row, 0, max(last_data, header_row), last_col)
    ws.freeze_panes(header_row + 1, 2)
    _print_setup(ws, landscape=True, repeat=(header_row, header_row), title=SHEET_BY_ORG)
    ws.print_area(0, 0, row, last_col)


# --- Biến động theo năm, Xếp loại theo năm ----------------------------------------------------


def _write_changes(wb: xlsxwriter.Workbook, fm: Formats, result: ConsolidationResult) -> None:
    ws = wb.add_worksheet(SHEET_CHANGES)
    table = changes_table(result)
    last_col = max(3, len(table.years) + 1)
    ws.set_column(0, 0, 52)
    ws.set_column(1, last_col, 10)
    _title_rows(ws, fm, last_col, "BIẾN ĐỘNG ĐẢNG VIÊN THEO NĂM", _period_words(result))
    end = _write_year_table(ws, fm, 3, table, label_width=52, first_header="Loại biến động", title=False)
    ws.freeze_panes(4, 1)
    _print_setup(ws, landscape=len(table.years) > 6, repeat=(3, 3), title=SHEET_CHANGES)
    ws.print_area(0, 0, end, last_col)


def _write_ratings(wb: xlsxwriter.Workbook, fm: Formats, result: ConsolidationResult) -> None:
    ws = wb.add_worksheet(SHEET_RATINGS)
    ind = result.indicators
    rating = vocab.RATING
    good_plus = f"Từ {lower_first(rating.label('good'))} trở lên"
    # Columns: Năm | per rated code: count, share | not rated | rated total | good or better: count, share
    groups = [(rating.label(c), True) for c in RATED_CODES]
    groups += [(rating.label("not_rated"), False), ("Cộng số được xếp loại", False), (good_plus, True)]
    last_col = sum(2 if pair else 1 for _, pair in groups)
    ws.set_column(0, 0, 8)
    ws.set_column(1, last_col, 11)
    _title_rows(ws, fm, last_col, "XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN THEO NĂM", _period_words(result))
    top, sub = 3, 4
    ws.merge_range(top, 0, sub, 0, "", fm.header)
    _text(ws, top, 0, "Năm", fm.header)
    col = 1
    for label, pair in groups:
        if pair:
            ws.merge_range(top, col, top, col + 1, "", fm.header)
            _text(ws, top, col, label, fm.header)
            _text(ws, sub, col, "Số lượng", fm.header)
            _text(ws, sub, col + 1, "Tỷ lệ", fm.header)
            col += 2
        else:
            ws.merge_range(top, col, sub, col, "", fm.header)
            _text(ws, top, col, label, fm.header)
            col += 1
    ws.set_row(top, 48)
    row = sub + 1
    for year in result.years:
        shares = rating_shares(ind, year)
        _number(ws, row, 0, year, fm.year)
        col = 1
        for code in RATED_CODES:
            _number(ws, row, col, get(ind, f"ratings.{year}.{code}"), fm.count)
            _number(ws, row, col + 1, shares[code].value, fm.percent)
            col += 2
        _number(ws, row, col, get(ind, f"ratings.{year}.not_rated"), fm.count)
        _number(ws, row, col + 1, shares["excellent"].base, fm.count_bold)
        good = shares["good_or_better"]
        _number(ws, row, col + 2, good.numerator, fm.count)
        _number(ws, row, col + 3, good.value, fm.percent_bold)
        row += 1
    _text(
        ws, row + 1, 0, "Tỷ lệ tính trên số đảng viên được xếp loại (không tính “Không xếp loại”).", fm.note
    )
    ws.freeze_panes(sub + 1, 1)
    _print_setup(ws, landscape=True, repeat=(top, sub), title=SHEET_RATINGS)
    ws.print_area(0, 0, row + 1, last_col)


# --- Biểu đồ ----------------------------------------------------------------------------------


def members_by_sector(result: ConsolidationResult) -> list[tuple[str, int]]:
    """Members of the consolidated organisations, by the organisation's sector."""
    totals: dict[str | None, int] = {}
    for org in result.organisations:
        if org.status == "consolidated":
            totals[org.sector] = totals.get(org.sector, 0) + int(get(org.indicators, "members.total"))
    rows = [(t.label, totals.get(t.code, 0)) for t in vocab.SECTOR.terms]
    if totals.get(None):
        rows.append(("Chưa rõ khối", totals[None]))
    return rows


CHART_LAST_COL = 12


def _write_charts(wb: xlsxwriter.Workbook, fm: Formats, result: ConsolidationResult) -> None:
    ws = wb.add_worksheet(SHEET_CHARTS)
    ind = result.indicators
    ws.set_column(0, 0, 28)
    ws.set_column(1, 2, 11)
    ws.set_column(3, 3, 2)
    ws.set_column(4, CHART_LAST_COL, 9)
    ws.hide_gridlines(2)
    _title_rows(ws, fm, CHART_LAST_COL, "BIỂU ĐỒ", _period_words(result))
    block = 20  # rows reserved per chart
    charts = []

    # 1. Members by sector (bar).
    top = 3
    _text(ws, top, 0, vocab.SECTOR.title, fm.header)
    _text(ws, top, 1, "Số đảng viên", fm.header)
    sectors = members_by_sector(result)
    for i, (label, n) in enumerate(sectors, start=1):
        _text(ws, top + i, 0, label, fm.text)
        _number(ws, top + i, 1, n, fm.count)
    chart = wb.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": "Số đảng viên",
            "categories": [SHEET_CHARTS, top + 1, 0, top + len(sectors), 0],
            "values": [SHEET_CHARTS, top + 1, 1, top + len(sectors), 1],
            "data_labels": {"value": True, "num_format": COUNT_FORMAT},
            "fill": {"color": "#2E75B6"},
        }
    )
    chart.set_title({"name": "Đảng viên theo khối", "name_font": {"size": 12}})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"none": True})
    charts.append((top, chart))

    # 2. Age bands of the report (pie).
    top += block
    _text(ws, top, 0, "Độ tuổi", fm.header)
    _text(ws, top, 1, "Số đảng viên", fm.header)
    for i, (code, label) in enumerate(AGE_REPORT_BANDS, start=1):
        _text(ws, top + i, 0, label, fm.text)
        _number(ws, top + i, 1, get(ind, f"members.age_report.{code}"), fm.count)
    chart = wb.add_chart({"type": "pie"})
    chart.add_series(
        {
            "name": "Độ tuổi",
            "categories": [SHEET_CHARTS, top + 1, 0, top + len(AGE_REPORT_BANDS), 0],
            "values": [SHEET_CHARTS, top + 1, 1, top + len(AGE_REPORT_BANDS), 1],
            "data_labels": {"percentage": True, "num_format": "0.0%"},
            "points": [{"fill": {"color": c}} for c in ("#70AD47", "#2E75B6", "#ED7D31")],
        }
    )
    chart.set_title({"name": "Đảng viên theo độ tuổi", "name_font": {"size": 12}})
    chart.set_legend({"position": "right"})
    charts.append((top, chart))

    # 3. Admissions per year against the target (columns + line).
    top += block
    _text(ws, top, 0, "Năm", fm.header)
    _text(ws, top, 1, "Kết nạp", fm.header)
    _text(ws, top, 2, "Chỉ tiêu", fm.header)
    years = result.years
    for i, year in enumerate(years, start=1):
        _number(ws, top + i, 0, year, fm.year)
        _number(ws, top + i, 1, get(ind, f"changes.admissions.{year}"), fm.count)
        _number(ws, top + i, 2, get(ind, f"targets.{year}"), fm.count)
    last = top + max(len(years), 1)
    chart = wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": [SHEET_CHARTS, top, 1],
            "categories": [SHEET_CHARTS, top + 1, 0, last, 0],
            "values": [SHEET_CHARTS, top + 1, 1, last, 1],
            "data_labels": {"value": True},
            "fill": {"color": "#2E75B6"},
        }
    )
    line = wb.add_chart({"type": "line"})
    line.add_series(
        {
            "name": [SHEET_CHARTS, top, 2],
            "categories": [SHEET_CHARTS, top + 1, 0, last, 0],
            "values": [SHEET_CHARTS, top + 1, 2, last, 2],
            "line": {"color": "#C00000", "width": 2.25},
            "marker": {"type": "circle", "size": 6, "fill": {"color": "#C00000"}},
        }
    )
    chart.combine(line)
    chart.set_title({"name": "Kết nạp đảng viên so với chỉ tiêu", "name_font": {"size": 12}})
    chart.set_legend({"position": "bottom"})
    chart.set_y_axis({"min": 0, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    charts.append((top, chart))

    for top_row, ch in charts:
        ch.set_size({"width": 540, "height": 360})
        ch.set_chartarea({"border": {"color": "#BFBFBF"}})
        ws.insert_chart(top_row, 4, ch, {"x_offset": 4, "y_offset": 0})
    _print_setup(ws, landscape=False, title=SHEET_CHARTS)
    ws.print_area(0, 0, top + block - 1, CHART_LAST_COL)


# --- Báo cáo ----------------------------------------------------------------------------------

REPORT_WIDTH = 90
REPORT_PLACEHOLDER = (
    "Đoạn báo cáo về tình hình đội ngũ đảng viên sẽ được soạn tự động từ số liệu tổng hợp "
    "(lệnh ward-stats report); bản này chưa có đoạn báo cáo."
)


def _write_report(
    wb: xlsxwriter.Workbook, fm: Formats, result: ConsolidationResult, report_text: list[str] | None
) -> None:
    ws = wb.add_worksheet(SHEET_REPORT)
    ws.set_column(0, 0, REPORT_WIDTH)
    ws.hide_gridlines(2)
    _text(ws, 0, 0, "ĐOẠN BÁO CÁO: TÌNH HÌNH ĐỘI NGŨ ĐẢNG VIÊN", fm.title)
    _text(ws, 1, 0, _period_words(result), fm.subtitle)
    paragraphs = [p for p in (report_text or []) if p and p.strip()]
    row = 3
    if not paragraphs:
        _text(ws, row, 0, REPORT_PLACEHOLDER, fm.note_wrap)
        _fit_row(ws, row, [(REPORT_PLACEHOLDER, REPORT_WIDTH)], line_height=16)
        row += 1
    for paragraph in paragraphs:
        _text(ws, row, 0, paragraph, fm.paragraph)
        _fit_row(ws, row, [(paragraph, REPORT_WIDTH)], line_height=16)
        row += 1
    _print_setup(ws, landscape=False, title=SHEET_REPORT)
    ws.print_area(0, 0, max(row - 1, 3), 0)


# --- Kiểm tra ---------------------------------------------------------------------------------

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def _cell_key(cell: str | None) -> tuple[int, int]:
    """Sort key of a cell reference: row, then column (file-level issues first)."""
    if not cell:
        return (0, 0)
    m = _CELL.match(cell.strip())
    if not m:
        return (0, 0)
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return (int(m.group(2)), col)


def sorted_issues(issues: Sequence[Issue]) -> list[Issue]:
    """Errors first, then by file, sheet, row and column."""
    return sorted(
        issues,
        key=lambda i: (
            0 if i.is_error else 1,
            i.file is None,
            i.file or "",
            i.sheet or "",
            _cell_key(i.cell),
            i.code,
        ),
    )


def source_link(path: Path | str, sheet: str | None, cell: str | None) -> str | None:
    """An `external:` link that opens a source workbook at a cell (None when it cannot be made)."""
    text = str(path)
    if "#" in text:
        return None  # XlsxWriter splits the link at the first '#'
    url = f"external:{text}"
    if sheet:
        quoted = sheet.replace("'", "''")
        anchor = f"'{quoted}'!{cell.strip().replace('$', '')}" if cell else f"'{quoted}'!A1"
        url = f"{url}#{anchor}"
    if len(url) > MAX_URL_LENGTH:
        return None
    return url


ISSUE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Mức độ", 10),
    ("Tệp", 28),
    (layout.INFO.field("org_code").header, 11),
    ("Sheet", 13),
    ("Ô", 8),
    ("Cột", 20),
    ("Giá trị", 20),
    ("Nội dung", 70),
    ("Mã lỗi", 18),
)


def _write_issues(wb: xlsxwriter.Workbook, fm: Formats, result: ConsolidationResult) -> None:
    ws = wb.add_worksheet(SHEET_ISSUES)
    last_col = len(ISSUE_COLUMNS) - 1
    issues = sorted_issues(result.issues)
    for col, (_, width) in enumerate(ISSUE_COLUMNS):
        ws.set_column(col, col, width)
    code_width = max((len(i.code) for i in issues), default=0)
    ws.set_column(last_col, last_col, min(max(ISSUE_COLUMNS[-1][1], code_width + 1), 36))
    errors = sum(1 for i in issues if i.is_error)
    summary = f"{errors} lỗi, {len(issues) - errors} cảnh báo. Bấm vào ô ở cột “Ô” để mở tệp tại đúng ô đó."
    if not result.personal_data:
        summary += " Cột “Giá trị” để trống vì không xuất dữ liệu cá nhân."
    _title_rows(ws, fm, last_col, "DANH SÁCH LỖI VÀ CẢNH BÁO", summary)
    header_row = 3
    for col, (header, _) in enumerate(ISSUE_COLUMNS):
        _text(ws, header_row, col, header, fm.header)
    paths = {s.file: s.path for s in result.sources}
    links = 0
    row = header_row + 1
    for issue in issues:
        _text(
            ws,
            row,
            0,
            SEVERITY_LABEL.get(issue.severity, issue.severity),
            fm.error if issue.is_error else fm.text,
        )
        _text(ws, row, 1, issue.file, fm.text_cell)
        _text(ws, row, 2, issue.org_code, fm.text)
        _text(ws, row, 3, issue.sheet, fm.text_cell)
        path = paths.get(issue.file) if issue.file else None
        url = source_link(path, issue.sheet, issue.cell) if path is not None else None
        shown = issue.cell or ("(mở tệp)" if url else None)
        if url and links < MAX_LINKS_PER_SHEET:
            tip = f"Mở {issue.file}" + (f" tại ô {issue.cell}" if issue.cell else "")
            status = ws.write_url(row, 4, url, fm.link, string=shown, tip=tip[:255])
            if status == 0:
                links += 1
            else:
                _text(ws, row, 4, issue.cell, fm.text)
        else:
            _text(ws, row, 4, issue.cell, fm.text)
        _text(ws, row, 5, issue.column, fm.text_cell)
        _text(ws, row, 6, issue.value if result.personal_data else None, fm.text_cell)
        _text(ws, row, 7, issue.message, fm.text_wrap)
        _text(ws, row, 8, issue.code, fm.text)
        shown_value = issue.value if result.personal_data else None
        _fit_row(
            ws,
            row,
            [(issue.file, 28), (issue.column, 20), (shown_value, 20), (issue.message, 70)],
        )
        row += 1
    if not issues:
        ws.merge_range(row, 0, row, last_col, "", fm.complete)
        _text(ws, row, 0, "Không có lỗi hay cảnh báo nào.", fm.complete)
        row += 1
    ws.autofilter(header_row, 0, max(row - 1, header_row), last_col)
    ws.freeze_panes(header_row + 1, 0)
    _print_setup(ws, landscape=True, repeat=(header_row, header_row), title=SHEET_ISSUES)


# --- Nguồn số liệu ----------------------------------------------------------------------------


def source_status(source: SourceFile) -> str:
    if source.consolidated:
        return ORG_STATUS_LABEL["consolidated"] + (" (có cảnh báo)" if source.status == "warnings" else "")
    if source.status == "errors":
        return ORG_STATUS_LABEL["excluded"]
    return "Không tổng hợp"


SOURCE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Tệp", 30),
    (layout.INFO.field("org_code").header, 11),
    ("Tên tổ chức", 30),
    (layout.INFO.field("template_version").header, 10),
    ("SHA-256", 56),
    ("Số dòng", 9),
    ("Trạng thái", 24),
    ("Thời gian đọc (s)", 10),
)


def _write_sources(wb: xlsxwriter.Workbook, fm: Formats, result: ConsolidationResult) -> None:
    ws = wb.add_worksheet(SHEET_SOURCES)
    last_col = len(SOURCE_COLUMNS) - 1
    for col, (_, width) in enumerate(SOURCE_COLUMNS):
        ws.set_column(col, col, width)
    _title_rows(ws, fm, last_col, "NGUỒN SỐ LIỆU", f"{len(result.sources)} tệp đã đọc")
    header_row = 3
    for col, (header, _) in enumerate(SOURCE_COLUMNS):
        _text(ws, header_row, col, header, fm.header)
    ws.set_row(header_row, 32)
    row = header_row + 1
    for src in result.sources:
        _text(ws, row, 0, src.file, fm.text_cell)
        _text(ws, row, 1, src.org_code, fm.text)
        _text(ws, row, 2, src.org_name, fm.text_cell)
        _fit_row(ws, row, [(src.file, SOURCE_COLUMNS[0][1]), (src.org_name, SOURCE_COLUMNS[2][1])])
        _text(ws, row, 3, src.template_version, fm.text)
        _text(ws, row, 4, src.sha256, fm.sha)
        _number(ws, row, 5, src.rows, fm.count)
        _text(ws, row, 6, source_status(src), fm.text if src.consolidated else fm.error)
        _number(ws, row, 7, src.seconds, fm.seconds)
        row += 1
    last_data = row - 1
    ws.merge_range(row, 0, row, 4, "", fm.total_label)
    _text(ws, row, 0, f"Cộng: {len(result.sources)} tệp", fm.total_label)
    _number(ws, row, 5, sum(s.rows for s in result.sources), fm.total_count)
    ws.write_blank(row, 6, None, fm.total_blank)
    ws.write_blank(row, 7, None, fm.total_blank)
    row += 2
    _text(ws, row, 0, f"Tổng hợp lúc: {result.generated_at:%d/%m/%Y %H:%M:%S}", fm.note)
    _text(ws, row + 1, 0, f"Phiên bản ward-stats: {__version__}", fm.note)
    _text(ws, row + 2, 0, f"Phiên bản mẫu: {result.template_version}", fm.note)
    ws.autofilter(header_row, 0, max(last_data, header_row), last_col)
    ws.freeze_panes(header_row + 1, 1)
    _print_setup(ws, landscape=True, repeat=(header_row, header_row), title=SHEET_SOURCES)


# --- entry points -----------------------------------------------------------------------------


def write_workbook(
    result: ConsolidationResult, target: Path, *, report_text: list[str] | None = None
) -> Path:
    """Write the consolidated workbook of DESIGN §7 to `target`, atomically; returns `target`."""
    target = Path(target)
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(
            str(tmp),
            {
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "default_format_properties": {"font_name": FONT, "font_size": 11},
            },
        )
        # Closed only when every sheet is written: on an error nothing is created and the
        # previous output stays in place.
        fm = Formats(wb)
        _write_summary(wb, fm, result)
        _write_by_org(wb, fm, result)
        _write_changes(wb, fm, result)
        _write_ratings(wb, fm, result)
        _write_charts(wb, fm, result)
        _write_report(wb, fm, result, report_text)
        _write_issues(wb, fm, result)
        _write_sources(wb, fm, result)
        wb.set_properties(
            {
                "title": "Thống kê đảng viên Đảng bộ phường",
                "subject": _period_words(result),
                "author": "ward-stats",
                "comments": f"ward-stats {__version__}",
                "created": result.generated_at,
            }
        )
        wb.close()
    return target


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy / pandas scalars
        return value.item()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def summary_json(result: ConsolidationResult) -> str:
    """The JSON summary of DESIGN §6.1 as text (UTF-8, not ASCII-escaped).

    Laid out for reading without `indent`, which makes `json` fall back to its pure-Python
    encoder (a quarter of a second for a thousand organisations): one top-level key per line,
    one indicator per line, one organisation or issue per line.
    """
    lines = ["{"]
    items = list(result.to_summary().items())
    for n, (key, value) in enumerate(items):
        if isinstance(value, dict) and value:
            inner = ",\n".join(f"    {_compact(k)}: {_compact(v)}" for k, v in value.items())
            text = "{\n" + inner + "\n  }"
        elif isinstance(value, list) and value:
            text = "[\n" + ",\n".join(f"    {_compact(v)}" for v in value) + "\n  ]"
        else:
            text = _compact(value)
        lines.append(f"  {_compact(key)}: {text}" + ("," if n < len(items) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_json(result: ConsolidationResult, target: Path | None) -> Path | None:
    """Write the JSON summary to `target` atomically, or to stdout when `target` is None."""
    text = summary_json(result)
    if target is None:
        out = sys.stdout
        try:
            out.buffer.write(text.encode("utf-8"))
            out.flush()
        except AttributeError:  # a text-only stream (e.g. captured in tests)
            out.write(text)
        return None
    return atomic_write_text(Path(target), text)
