"""The `Biểu đồ` sheet: three charts, each beside the small table it plots.

1. members by the organisation's sector (bar), 2. the age bands of the report (pie),
3. admissions per year against the target (columns and a line).

A chart with nothing to draw (every value 0 or unknown: a ward with no member consolidated) is
its title and why in its place (`cells.no_chart`: no organisation consolidated, "Chưa có số
liệu…", or every value 0); a count
axis is of whole members (`cells.count_axis`), never 0,2 of one (hunt174 #6).
"""

from __future__ import annotations

from xlsxwriter.chart import Chart
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from toolkit.core import vocab
from toolkit.core.model import ConsolidationResult
from toolkit.outputs.sheets import SHEET_CHARTS
from toolkit.outputs.sheets.cells import (
    COUNT_FORMAT,
    Formats,
    NoChart,
    count_axis,
    empty_run,
    fit_row,
    has_chart_data,
    no_chart,
    period_words,
    print_setup,
    title_rows,
    write_coverage,
    write_merged_text,
    write_no_chart,
    write_number,
    write_text,
)
from toolkit.outputs.summary_lines import (
    AGE_REPORT_BANDS,
    admissions_label,
    get,
    known,
    partial_years,
    started_year,
    target_cells,
    target_scope_note,
    unfinished_year,
    unknown_figure_note,
    year_heading,
)

ADMISSIONS_TITLE = "Kết nạp đảng viên so với chỉ tiêu"
SECTOR_TITLE = "Đảng viên theo khối"
AGE_TITLE = "Đảng viên theo độ tuổi"

LAST_COL = 12
# Widths of the tables' columns (A–C), the gap (D) and the chart's columns (E onwards).
TABLE_WIDTHS = (28, 11, 11)
GAP_WIDTH = 2
CHART_COL_WIDTH = 9
FIRST_TOP = 3  # 0-based row of the first chart's table
BLOCK = 20  # rows reserved per chart
BLUE, RED = "#2E75B6", "#C00000"
LABEL_DARK, LABEL_BOX = "#000000", "#FFFFFF"
AGE_COLORS = ("#70AD47", BLUE, "#ED7D31")


def members_by_sector(result: ConsolidationResult) -> list[tuple[str, int]]:
    """Members of the consolidated organisations, by the organisation's sector (a roll-up's:
    the sums of its wards' own, `ConsolidationResult.sector_members`)."""
    totals: dict[str | None, int] = {}
    if result.sector_members is not None:
        totals = dict(result.sector_members)
    for org in result.organisations if result.sector_members is None else []:
        if org.status == "consolidated":
            totals[org.sector] = totals.get(org.sector, 0) + int(get(org.indicators, "members.total"))
    rows = [(t.label, totals.get(t.code, 0)) for t in vocab.SECTOR.terms]
    if totals.get(None):
        rows.append(("Chưa rõ khối", totals[None]))
    return rows


def _column(top: int, first: int, last: int, col: int) -> list[str | int]:
    """A chart range: rows `first`..`last` below the table header at `top`, one column."""
    return [SHEET_CHARTS, top + first, col, top + last, col]


def _titled(chart: Chart, title: str) -> None:
    chart.set_title({"name": title, "name_font": {"size": 12}})


def _sector_chart(
    wb: Workbook, ws: Worksheet, fm: Formats, result: ConsolidationResult, top: int
) -> Chart | NoChart:
    write_text(ws, top, 0, vocab.SECTOR.title, fm.header)
    write_text(ws, top, 1, "Số đảng viên", fm.header)
    sectors = members_by_sector(result)
    for i, (label, n) in enumerate(sectors, start=1):
        write_text(ws, top + i, 0, label, fm.text)
        write_number(ws, top + i, 1, n, fm.count)
    if not has_chart_data(n for _, n in sectors):
        return no_chart(SECTOR_TITLE, (n for _, n in sectors), empty_run(result))
    chart = wb.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": "Số đảng viên",
            "categories": _column(top, 1, len(sectors), 0),
            "values": _column(top, 1, len(sectors), 1),
            "data_labels": {"value": True, "num_format": COUNT_FORMAT},
            "fill": {"color": BLUE},
        }
    )
    _titled(chart, SECTOR_TITLE)
    chart.set_y_axis({"reverse": True})
    chart.set_x_axis(count_axis(n for _, n in sectors))  # a bar chart's values are across
    chart.set_legend({"none": True})
    return chart


def _age_chart(
    wb: Workbook, ws: Worksheet, fm: Formats, result: ConsolidationResult, top: int
) -> Chart | NoChart:
    write_text(ws, top, 0, "Độ tuổi", fm.header)
    write_text(ws, top, 1, "Số đảng viên", fm.header)
    bands = [known(result.indicators, f"members.age_report.{code}") for code, _ in AGE_REPORT_BANDS]
    for i, ((_, label), n) in enumerate(zip(AGE_REPORT_BANDS, bands, strict=True), start=1):
        write_text(ws, top + i, 0, label, fm.text)
        # unknown (a roll-up of a ward whose summary lacks it): empty, not 0
        write_number(ws, top + i, 1, n, fm.count)
    if not has_chart_data(bands):  # a pie of nothing: a blank box with its legend
        return no_chart(AGE_TITLE, bands, empty_run(result))
    chart = wb.add_chart({"type": "pie"})
    chart.add_series(
        {
            "name": "Độ tuổi",
            "categories": _column(top, 1, len(AGE_REPORT_BANDS), 0),
            "values": _column(top, 1, len(AGE_REPORT_BANDS), 1),
            "data_labels": {"percentage": True, "num_format": "0.0%"},
            "points": [{"fill": {"color": c}} for c in AGE_COLORS],
        }
    )
    _titled(chart, AGE_TITLE)
    chart.set_legend({"position": "right"})
    return chart


def admissions_title(result: ConsolidationResult) -> str:
    """The admissions chart's title, which says which years' columns are no whole year's
    (`partial_years`) against a whole year's target: "… (năm 2026: kết nạp đến 31/3, chỉ tiêu cả
    năm)". A chart pasted into slides loses the table's note; its title goes with it (hunt144
    F9). Only the partial years with a target above 0 are named, as the table's note names them
    (a whole year's target that is not there is no caveat, review167 #2); two of them in fewer
    words, "(kết nạp năm 2020 từ 1/7, năm 2026 đến 31/3; chỉ tiêu cả năm)", so that the line does
    not wrap mid-phrase (review167 #3). Only the title when no such year."""
    start, cutoff = result.period_start, result.cutoff_date
    targets = dict(zip(result.years, target_cells(result), strict=True))
    spans = []
    for year in partial_years(result):
        if not targets.get(year):
            continue
        span = []
        if year == started_year(result):
            span.append(f"từ {start.day}/{start.month}")
        if year == unfinished_year(result):
            span.append(f"đến {cutoff.day}/{cutoff.month}")
        spans.append((year, " ".join(span)))
    if not spans:
        return ADMISSIONS_TITLE
    if len(spans) == 1:
        (year, words), *_ = spans
        return f"{ADMISSIONS_TITLE}\n(năm {year}: kết nạp {words}, chỉ tiêu cả năm)"
    years = ", ".join(f"năm {year} {words}" for year, words in spans)
    return f"{ADMISSIONS_TITLE}\n(kết nạp {years}; chỉ tiêu cả năm)"


def _admissions_chart(
    wb: Workbook, ws: Worksheet, fm: Formats, result: ConsolidationResult, top: int
) -> Chart | NoChart:
    ind = result.indicators
    write_text(ws, top, 0, "Năm", fm.header)
    # Admissions and readmissions, named as `Tổng hợp` names them ("Kết nạp" alone is the
    # admissions without the readmissions there; hunt196 #1).
    write_text(ws, top, 1, admissions_label(), fm.header)
    write_text(ws, top, 2, "Chỉ tiêu", fm.header)
    fit_row(ws, top, [(admissions_label(), TABLE_WIDTHS[1])])  # the long header shows whole
    years = result.years
    plotted: list[int | float | None] = []
    # What a chart not drawn says of them (`no_chart`): a year with no target has a target of 0
    # there, known, which its empty cell is not (review256: a ward with no admission and no
    # target read "Chưa có số liệu" above a table of 0s, hunt253 F3's case).
    figures: list[int | float | None] = []
    # A year with no target, or an unknown one, is empty, never a target of 0.
    for i, (year, target) in enumerate(zip(years, target_cells(result), strict=True), start=1):
        heading = year_heading(result, year)  # "2026 (đến 31/3)": its bar is no full year's
        if isinstance(heading, str):
            write_text(ws, top + i, 0, heading, fm.year)
        else:
            write_number(ws, top + i, 0, heading, fm.year)
        admitted = known(ind, f"changes.admissions.{year}")
        write_number(ws, top + i, 1, admitted, fm.count)
        write_number(ws, top + i, 2, target, fm.count)
        plotted += [admitted, target]
        figures += [admitted, target if target is not None else ind.get(f"targets.{year}")]
    last = max(len(years), 1)
    # Under the table, what its figures mean: each note across the table's columns, wrapped.
    row = top + last + 1
    shown = [
        *(f"members.age_report.{code}" for code, _ in AGE_REPORT_BANDS),
        *(f"{key}.{year}" for year in years for key in ("changes.admissions", "targets")),
    ]
    for note in (target_scope_note(result), unknown_figure_note(result, shown)):
        if note:
            write_merged_text(ws, row, 0, len(TABLE_WIDTHS) - 1, note, fm.note_wrap)
            fit_row(ws, row, [(note, sum(TABLE_WIDTHS))])
            row += 1
    # No admission and no target: columns of 0 and no line. Of a run that consolidated no
    # organisation, the registry's targets are a line over columns of 0 read as a ward that
    # admitted no one: not drawn either, as its other charts are not (review293).
    nothing_in = empty_run(result)
    if nothing_in is not None or not has_chart_data(plotted):
        return no_chart(ADMISSIONS_TITLE, figures, nothing_in)
    chart = wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": [SHEET_CHARTS, top, 1],
            "categories": _column(top, 1, last, 0),
            "values": _column(top, 1, last, 1),
            # Inside the column's base, never at its end where the target's marker sits when the
            # two are close (hunt103 #9: "104" under the 110 marker); dark text on a white box,
            # readable on the column and on the plot above a column too short to hold it (15 of
            # 140, 3, or 0).
            "data_labels": {
                "value": True,
                "position": "inside_base",
                "font": {"color": LABEL_DARK},
                "fill": {"color": LABEL_BOX},
            },
            "fill": {"color": BLUE},
        }
    )
    line = wb.add_chart({"type": "line"})
    line.add_series(
        {
            "name": [SHEET_CHARTS, top, 2],
            "categories": _column(top, 1, last, 0),
            "values": _column(top, 1, last, 2),
            "line": {"color": RED, "width": 2.25},
            "marker": {"type": "circle", "size": 6, "fill": {"color": RED}},
        }
    )
    chart.combine(line)
    _titled(chart, admissions_title(result))
    chart.set_legend({"position": "bottom"})
    chart.set_y_axis(count_axis(plotted, major_gridlines={"visible": True, "line": {"color": "#D9D9D9"}}))
    return chart


def write(wb: Workbook, fm: Formats, result: ConsolidationResult) -> None:
    """Write the `Biểu đồ` sheet."""
    ws = wb.add_worksheet(SHEET_CHARTS)
    for col, width in enumerate(TABLE_WIDTHS):
        ws.set_column(col, col, width)
    gap = len(TABLE_WIDTHS)
    ws.set_column(gap, gap, GAP_WIDTH)
    ws.set_column(gap + 1, LAST_COL, CHART_COL_WIDTH)
    ws.hide_gridlines(2)
    title_rows(ws, fm, LAST_COL, "BIỂU ĐỒ", period_words(result))
    width = sum(TABLE_WIDTHS) + GAP_WIDTH + CHART_COL_WIDTH * (LAST_COL - gap)
    write_coverage(ws, fm, result, LAST_COL, width)
    charts = []
    top = FIRST_TOP
    for make in (_sector_chart, _age_chart, _admissions_chart):
        charts.append((top, make(wb, ws, fm, result, top)))
        top += BLOCK
    for top_row, chart in charts:
        if isinstance(chart, NoChart):  # nothing to draw: said in the chart's place
            write_no_chart(ws, fm, top_row, 4, LAST_COL, chart)
            continue
        chart.set_size({"width": 540, "height": 360})
        chart.set_chartarea({"border": {"color": "#BFBFBF"}})
        ws.insert_chart(top_row, 4, chart, {"x_offset": 4, "y_offset": 0})
    print_setup(ws, landscape=False, title=SHEET_CHARTS)
    ws.print_area(0, 0, top - 1, LAST_COL)
