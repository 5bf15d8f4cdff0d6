"""The admissions table of `Biểu đồ` names its figure as `Tổng hợp` and `Biến động theo năm` do
(hunt196 #1). Its column is `changes.admissions.<year>`, admissions and readmissions together,
but its header said "Kết nạp": the label those sheets give `changes.admitted.<year>`, the
admissions without the readmissions. In a year with a readmission the same label showed two
figures (2026 of a ward with one "Kết nạp lại": 26 on `Biểu đồ`, 25 on `Tổng hợp`)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import openpyxl
from helpers_output import YEARS, make_result

from toolkit.outputs.sheets import SHEET_BY_ORG, SHEET_CHANGES, SHEET_CHARTS, SHEET_SUMMARY
from toolkit.outputs.workbook import write_workbook


def _chart_table(ws: Any) -> tuple[str, dict[int, Any]]:
    """The admissions table of `Biểu đồ`: its admissions column's header, and year → figure."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Năm" and r[2] == "Chỉ tiêu")
    figures = {}
    for r in rows[start + 1 :]:
        year = int(r[0][:4]) if isinstance(r[0], str) and r[0][:4].isdigit() else r[0]
        if not isinstance(year, int):
            break
        figures[year] = r[1]
    return str(rows[start][1]), figures


def _year_rows(ws: Any) -> dict[str, list[Any]]:
    """Label → the years' cells of the per-year table of `ws` (section C on `Tổng hợp`)."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] in ("Chỉ tiêu", "Loại biến động") and r[1] == YEARS[0])
    return {r[0]: list(r[1 : 1 + len(YEARS)]) for r in rows[start:] if isinstance(r[0], str)}


def test_chart_admissions_header_names_the_figure_the_other_sheets_give_it(tmp_path: Path) -> None:
    result = make_result(tmp_path / "nop")
    year = YEARS[-2]
    admitted, readmitted = 3, 1
    result = dataclasses.replace(
        result,
        indicators={
            **result.indicators,
            f"changes.admitted.{year}": admitted,
            f"changes.readmitted.{year}": readmitted,
            f"changes.admissions.{year}": admitted + readmitted,
        },
    )
    book = openpyxl.load_workbook(write_workbook(result, tmp_path / "tong_hop.xlsx"))
    header, figures = _chart_table(book[SHEET_CHARTS])
    assert figures[year] == admitted + readmitted
    for sheet in (SHEET_SUMMARY, SHEET_CHANGES):
        rows = _year_rows(book[sheet])
        assert header in rows, (sheet, header, list(rows))
        # Every year of the chart shows the figure the sheet gives under the same label.
        assert [figures[y] for y in YEARS] == rows[header], (sheet, header)


def test_by_org_admissions_header_names_the_figure_as_tong_hop_does(tmp_path: Path) -> None:
    """`Theo tổ chức`'s column of `changes.admissions.total` was headed "Kết nạp từ 01/01/2020":
    its total row (admissions and readmissions) sat beside `Tổng hợp`'s "Kết nạp" total (the
    admissions alone), one apart for each readmission."""
    result = make_result(tmp_path / "nop")
    book = openpyxl.load_workbook(write_workbook(result, tmp_path / "tong_hop.xlsx"))
    rows = list(book[SHEET_BY_ORG].iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "Mã tổ chức")
    total_row = next(r for r in rows if isinstance(r[0], str) and r[0].startswith("Cộng"))
    totals = _total_rows(book[SHEET_SUMMARY])
    since = " từ 01/01/2020"
    checked = 0
    for column, header in enumerate(rows[header_at]):
        if not (isinstance(header, str) and header.endswith(since)):
            continue
        label = header.removesuffix(since)
        if label.startswith("Kết nạp"):
            checked += 1
            # The total of `Tổng hợp`'s row of the same label.
            assert label in totals, (header, list(totals))
            assert total_row[column] == totals[label], (header, total_row[column], totals[label])
    assert checked == 1


def _total_rows(ws: Any) -> dict[str, Any]:
    """Label → the `Tổng` cell of the per-year table of `ws`."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] in ("Chỉ tiêu", "Loại biến động") and r[1] == YEARS[0])
    total = rows[start].index("Tổng")
    return {r[0]: r[total] for r in rows[start:] if isinstance(r[0], str)}


def test_trend_and_report_name_admissions_and_readmissions_as_tong_hop_does(tmp_path: Path) -> None:
    """`Xu hướng`'s column and the report's figure of `changes.admissions.<year>` (admissions
    and readmissions) said "Kết nạp trong năm" and "Kết nạp năm 2026": "Kết nạp" alone being
    `Tổng hợp`'s label of the admissions without the readmissions, they now begin as its total
    row does, "Kết nạp đảng viên"."""
    import json

    from toolkit.outputs.json_summary import summary_json
    from toolkit.outputs.report_figures import main_figures
    from toolkit.outputs.sheets.trend import FLOW_FIGURES
    from toolkit.outputs.summary_lines import admissions_label

    head = admissions_label().split(" (")[0]
    assert head == "Kết nạp đảng viên"
    (flow,) = [f for f in FLOW_FIGURES if getattr(f, "family", None) == "admissions"]
    assert flow.header.startswith(f"{head} "), flow.header
    result = make_result(tmp_path / "nop")
    year = result.cutoff_date.year
    figures = main_figures(json.loads(summary_json(result)))
    (row,) = [f for f in figures if f.label.startswith("Kết nạp") and f"năm {year}" in f.label]
    assert row.label.startswith(f"{head} năm {year}"), row.label
    assert row.value == result.indicators[f"changes.admissions.{year}"]
