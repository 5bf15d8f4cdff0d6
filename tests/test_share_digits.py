"""One share, one set of digits: on the demo ward, a share that is part of a whole (an age band,
a rating of a year) prints the same largest-remainder figure in the report's prose, the report's
table (Markdown and .docx) and every workbook cell; and a percentage cell holds exactly the
figure it displays (two decimals of a percentage: at most 4 decimals of the fraction)."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from typing import Any

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.core import vocab
from toolkit.outputs.report import ReportSummary, prose, report_paragraphs
from toolkit.outputs.report_files import render_report
from toolkit.outputs.sheets import SHEET_CHANGES, SHEET_RATINGS, SHEET_SUMMARY
from toolkit.outputs.summary_lines import RATED_CODES, lower_first

pytestmark = pytest.mark.slow  # generates and consolidates the demo ward

UNDER_30 = "Dưới 30 tuổi"
GOOD_PLUS = f"Từ {lower_first(vocab.RATING.label('good'))} trở lên"
RATE_HEADING = "Tỷ lệ trên số đảng viên được xếp loại"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("demo") / "phuong_mau"
    result = CliRunner().invoke(main, ["demo", str(folder)])
    assert result.exit_code == 0, result.output
    summary = json.loads((folder / "tong_hop_phuong_20260331.json").read_text(encoding="utf-8"))
    book = openpyxl.load_workbook(folder / "tong_hop_phuong_20260331.xlsx")
    table_md = {}
    for line in render_report(summary, "md").decode("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4:
            table_md[cells[0]] = cells[2]
    doc = docx.Document(io.BytesIO(render_report(summary, "docx")))
    table_docx = {row.cells[0].text: row.cells[2].text for t in doc.tables for row in t.rows}
    return {
        "summary": summary,
        "book": book,
        "prose": "\n".join(report_paragraphs(summary)),
        "md": table_md,
        "docx": table_docx,
    }


def _text(figure: str) -> Decimal:
    """'8,9%' / '8,90%' → Decimal('8.9')."""
    return Decimal(figure.strip().rstrip("%").replace(".", "").replace(",", "."))


def _cell(value: Any) -> Decimal:
    """A percentage cell's value (a fraction) as the percentage it holds, exactly."""
    assert isinstance(value, float | int), value
    return Decimal(repr(value)) * 100


def _prose_figure(text: str, label: str) -> Decimal:
    """The percentage printed right after ``label`` (not after a longer label ending with it)."""
    found = re.findall(rf"(?:^|[:;(.] ){re.escape(label)} (\d[\d.]*(?:,\d+)?%)", text, re.M)
    assert len(found) == 1, (label, found)
    return _text(found[0])


def _rows(ws: Any) -> list[tuple[Any, ...]]:
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def _summary_row(ws: Any, label: str, after: str | None = None) -> tuple[Any, ...]:
    rows = _rows(ws)
    start = 0 if after is None else next(i for i, r in enumerate(rows) if r[0] == after)
    return next(r for r in rows[start + 1 :] if r[0] == label)


def _year_column(ws: Any, year: int) -> int:
    """The column of ``year`` in the header row of section D of `Tổng hợp`."""
    rows = _rows(ws)
    start = next(i for i, r in enumerate(rows) if isinstance(r[0], str) and r[0].startswith("D. "))
    return rows[start + 1].index(year)


def test_the_under_30_band_prints_the_same_digits_everywhere(demo: dict[str, Any]) -> None:
    ind = demo["summary"]["indicators"]
    assert (ind["members.age_report.lt30"], ind["members.total"]) == (375, 4216)
    label = f"Độ tuổi: {prose(UNDER_30)}"
    table_md, table_docx = _text(demo["md"][label]), _text(demo["docx"][label])
    sheet = _cell(_summary_row(demo["book"][SHEET_SUMMARY], UNDER_30)[2])
    in_prose = _prose_figure(demo["prose"], prose(UNDER_30))
    assert table_md == table_docx == sheet == in_prose == Decimal("8.90")


def test_each_rating_of_the_last_year_prints_the_same_digits_everywhere(demo: dict[str, Any]) -> None:
    year = ReportSummary(demo["summary"]).ratings_year
    assert year == 2025
    summary_ws, ratings_ws = demo["book"][SHEET_SUMMARY], demo["book"][SHEET_RATINGS]
    col = _year_column(summary_ws, year)
    year_row = next(r for r in _rows(ratings_ws) if r[0] == year)
    figures = {}
    for i, code in enumerate(RATED_CODES):
        label = vocab.RATING.label(code)
        on_summary = _cell(_summary_row(summary_ws, label, after=RATE_HEADING)[col])
        on_ratings = _cell(year_row[2 + 2 * i])
        in_prose = _prose_figure(demo["prose"], prose(label))
        assert on_summary == on_ratings == in_prose, (code, on_summary, on_ratings, in_prose)
        figures[code] = on_ratings
    assert sum(figures.values()) == 100  # the ratings of a year are one whole
    assert figures["pass"] == Decimal("3.67")  # 127/3.454, the largest-remainder figure

    good_label = f"{vocab.RATING.label('good')} trở lên năm {year}"
    good = {
        _text(demo["md"][good_label]),
        _text(demo["docx"][good_label]),
        _cell(_summary_row(summary_ws, GOOD_PLUS, after=RATE_HEADING)[col]),
        _cell(year_row[1 + 2 * len(RATED_CODES) + 3]),  # Năm, pairs, not rated, rated, count
        _prose_figure(demo["prose"], f"Tỷ lệ đảng viên {prose(vocab.RATING.label('good'))} trở lên đạt"),
    }
    assert len(good) == 1, good


@pytest.mark.parametrize("sheet", [SHEET_SUMMARY, SHEET_RATINGS, SHEET_CHANGES])
def test_every_percentage_cell_holds_the_figure_it_displays(demo: dict[str, Any], sheet: str) -> None:
    ws = demo["book"][sheet]
    rows = _rows(ws)
    start = next(
        (i for i, r in enumerate(rows) if isinstance(r[0], str) and r[0].startswith("C. ")), 0
    )  # `Tổng hợp`: sections C–E (A and B are checked too, below)
    checked = []
    for row in ws.iter_rows():
        for c in row:
            if "%" in c.number_format and isinstance(c.value, int | float) and not isinstance(c.value, bool):
                held = Decimal(repr(float(c.value)))
                assert held == held.quantize(Decimal("0.0001")), (sheet, c.coordinate, c.value)
                checked.append(c.row - 1 >= start)
    assert any(checked) and (sheet != SHEET_SUMMARY or sum(checked) >= 5)
