"""The cut-off's year, unfinished at the cut-off, is no full year of admissions (fixAW): the
total achievement rate of `Tổng hợp` section C and `Biến động theo năm` is over the complete
years only, its rows say which ("cột Tổng: 2020–2025"), the cut-off year's column says it runs
up to the cut-off ("2026 (đến 31/3)"), as does the chart's category; a year not rated yet (all
its rating cells 0 before its end) shows empty ratings, not 0s. A cut-off of 31/12 completes
its year: the total has it and nothing is marked."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
from helpers_output import CUTOFF, make_result

from toolkit.core import vocab
from toolkit.outputs.sheets import SHEET_CHANGES, SHEET_CHARTS, SHEET_RATINGS, SHEET_SUMMARY
from toolkit.outputs.workbook import write_workbook
from toolkit.stats.indicators import ratio

TARGET = "Chỉ tiêu kết nạp được giao"
RATE = "Tỷ lệ kết nạp đạt so với chỉ tiêu"
RATED_LABEL = "Cộng số đảng viên được xếp loại"


def _run(tmp_path: Path, cutoff: dt.date | None = None) -> tuple[Any, dict[str, Any], list[int]]:
    """The generated ward of `helpers_output` (cut-off 31/3/2026, targets for every year), its
    workbook written and read back."""
    result = make_result(tmp_path / "nop")
    # Nobody rated in the cut-off's year yet (its `Số liệu năm` row empty or all 0, as the demo's).
    unrated = {f"ratings.2026.{c}": 0 for c in vocab.RATING.codes}
    result = dataclasses.replace(result, indicators={**result.indicators, **unrated})
    if cutoff is not None:
        result = dataclasses.replace(result, cutoff_date=cutoff)
    path = write_workbook(result, tmp_path / "tong_hop.xlsx")
    return openpyxl.load_workbook(path), dict(result.indicators), list(result.years)


def _table(ws: Any, first: str, years: list[int]) -> tuple[list[Any], dict[str, list[Any]]]:
    """The header (years' cells and the total's) and rows (label → cells) of the per-year table
    of `ws` whose header row starts with `first` and the first year."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == first and r[1] == years[0])
    width = len(years) + 1
    out: dict[str, list[Any]] = {}
    for r in rows[start + 1 :]:
        if r[0] is None or (isinstance(r[0], str) and r[0] == first):
            break
        if isinstance(r[0], str):
            out[r[0]] = list(r[1 : 1 + width])
    return list(rows[start][1 : 1 + width]), out


def _row(rows: dict[str, list[Any]], prefix: str) -> tuple[str, list[Any]]:
    return next((label, cells) for label, cells in rows.items() if label.startswith(prefix))


def test_total_rate_leaves_out_the_unfinished_cutoff_year(tmp_path: Path) -> None:
    assert (CUTOFF.day, CUTOFF.month) == (31, 3)
    wb, ind, years = _run(tmp_path)
    full = [y for y in years if y < 2026]
    admitted = sum(ind[f"changes.admissions.{y}"] for y in full)
    target = sum(ind[f"targets.{y}"] for y in full)
    span = f"{full[0]}–{full[-1]}" if len(full) > 1 else str(full[0])
    for sheet, first in ((SHEET_CHANGES, "Loại biến động"), (SHEET_SUMMARY, "Chỉ tiêu")):
        header, rows = _table(wb[sheet], first, years)
        assert header == [*years[:-1], "2026 (đến 31/3)", "Tổng"], sheet
        rate_label, rate = _row(rows, RATE)
        target_label, targets = _row(rows, TARGET)
        assert span in rate_label and span in target_label, (rate_label, target_label)
        assert rate[-1] == ratio(admitted, target, 4), (sheet, rate, admitted, target)
        assert targets[-1] == target, sheet
        # The cut-off year keeps its own rate, up to the cut-off, in its column.
        assert rate[-2] == ratio(ind["changes.admissions.2026"], ind["targets.2026"], 4)
    # Section D: 2026 is not rated yet (ratings come at the year's end): empty, not 0.
    rated = next(
        cells for label, cells in _ratings_rows(wb[SHEET_SUMMARY], years).items() if label == RATED_LABEL
    )
    assert rated[len(years) - 1] is None, rated
    assert rated[0] not in (None, 0), rated
    # `Xếp loại theo năm`: the year's row says up to when, its cells empty.
    by_year = {
        r[0]: r for r in wb[SHEET_RATINGS].iter_rows(values_only=True) if r[0] in (2025, "2026 (đến 31/3)")
    }
    assert set(by_year) == {2025, "2026 (đến 31/3)"}, by_year
    assert all(c is None for c in by_year["2026 (đến 31/3)"][1:]), by_year
    assert by_year[2025][1] is not None
    # The chart's table names the cut-off year's category up to the cut-off.
    chart_years = [
        r[0] for r in wb[SHEET_CHARTS].iter_rows(values_only=True) if r[0] in (2025, "2026 (đến 31/3)")
    ]
    assert chart_years == [2025, "2026 (đến 31/3)"], chart_years


def _ratings_rows(ws: Any, years: list[int]) -> dict[str, list[Any]]:
    rows = list(ws.iter_rows(values_only=True))
    d = next(i for i, r in enumerate(rows) if isinstance(r[0], str) and r[0].startswith("D. "))
    out = {}
    for r in rows[d + 2 :]:
        if not isinstance(r[0], str) or r[0].startswith("E. "):
            break
        out[r[0]] = list(r[1 : 1 + len(years)])
    return out


def test_a_cutoff_of_31_december_completes_its_year(tmp_path: Path) -> None:
    wb, ind, years = _run(tmp_path, dt.date(2026, 12, 31))
    admitted = sum(ind[f"changes.admissions.{y}"] for y in years)
    target = sum(ind[f"targets.{y}"] for y in years)
    header, rows = _table(wb[SHEET_CHANGES], "Loại biến động", years)
    assert header == [*years, "Tổng"]
    rate_label, rate = _row(rows, RATE)
    assert rate_label == RATE
    assert rate[-1] == ratio(admitted, target, 4)
    assert _row(rows, TARGET)[0] == TARGET
