"""`Xu hướng` on paper: each chart whole on one page however many cut-offs the history holds, and
no page headed by the table's header over nothing of the table (hunt54 #1). The sheet is written
alone from a result whose trend holds monthly cut-offs, and printed through LibreOffice."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from libreoffice import convert, pdf_pages
from openpyxl import load_workbook

from tests.helpers_output import CUTOFF, make_result
from toolkit.core.model import PastRun
from toolkit.outputs.sheets import SHEET_TREND, trend
from toolkit.outputs.sheets.cells import FONT_SIZE, Formats
from toolkit.outputs.xlsx import new_workbook

# Each chart's title (its first words) and its last legend entry, which prints on one line
# (in the table's header the same words wrap in their narrow cell).
CHARTS = (
    ("Đảng viên qua các lần chốt số liệu", "Được miễn, tạm miễn công tác và sinh hoạt đảng"),
    ("Kết nạp và đưa ra khỏi Đảng trong năm", "Đưa ra khỏi Đảng trong năm (đến ngày chốt)"),
)


def _month_ends(count: int) -> list[dt.date]:
    """`count` month ends up to `CUTOFF`'s, oldest first."""
    ends, year, month = [], CUTOFF.year, CUTOFF.month
    for _ in range(count):
        ends.append(dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return sorted(ends)


def _trend_sheet(folder: Path, cutoffs: int) -> Path:
    """A workbook of the `Xu hướng` sheet alone, of this run and `cutoffs - 1` stored runs."""
    result = make_result(folder / "nop")
    stored = [
        PastRun(None, c, dt.date(c.year, 1, 1), (dt.date(c.year, 1, 1), c), dict(result.indicators))
        for c in _month_ends(cutoffs)[:-1]
    ]
    result = dataclasses.replace(result, trend=stored)
    path = folder / f"xu_huong_{cutoffs}.xlsx"
    wb = new_workbook(path, font_size=FONT_SIZE, title="t", created=dt.datetime(2026, 4, 1))
    trend.write(wb, Formats(wb), result)
    wb.close()
    return path


@pytest.mark.slow
@pytest.mark.parametrize(("cutoffs", "page_count"), [(22, 2), (52, 3)])
def test_each_trend_chart_prints_whole_on_one_page(cutoffs: int, page_count: int, tmp_path: Path) -> None:
    """22 cut-offs: the table on page 1, the charts on page 2 (they were cut by the page break,
    their legend under the repeated header). 52, whose notes name every stored run that left
    organisations out: the table runs onto page 2, its header repeated, the charts on page 3
    under it (the first was cut)."""
    workbook = _trend_sheet(tmp_path, cutoffs)
    (pdf,) = convert([workbook], "pdf", tmp_path / "pdf")
    pages = pdf_pages(pdf)
    assert len(pages) == page_count
    for title, legend in CHARTS:
        on = [i for i, page in enumerate(pages) if title in page]
        assert len(on) == 1, f"{title}: printed on pages {[i + 1 for i in on]}"
        assert legend in pages[on[0]], f"{title}: its legend is not on its page {on[0] + 1}"
    for number, page in enumerate(pages, start=1):  # a header over table rows or whole charts
        if "Ngày chốt số" in page:
            whole_charts = all(title in page and legend in page for title, legend in CHARTS)
            assert "Lịch sử tổng hợp" in page or whole_charts, f"page {number}: the header over a piece"
    repeated = load_workbook(workbook)[SHEET_TREND].print_title_rows
    assert (repeated is not None) == (page_count > 2)  # only a table of more than a page repeats it


def test_charts_start_a_page_when_they_do_not_fit_under_the_table() -> None:
    page = 900.0
    short = [15.0] * 3 + [48.0] + [15.0] * 5
    assert trend.place_charts(short, 3, 8, page) == trend.ChartsPlace(len(short), repeat_header=False)
    tall = [15.0] * 3 + [48.0] + [15.0] * 30
    place = trend.place_charts(tall, 3, 33, page)
    assert not place.repeat_header
    first_page = sum(tall) + (place.top - len(tall)) * 15
    assert first_page >= page  # the charts' first row does not fit on page 1: it starts page 2
    assert first_page - page < trend.PAGE_SLACK + 15
    # A table longer than a page: its header on every page, and the charts whole on a later one.
    long = [15.0] * 3 + [48.0] + [15.0] * 80
    place = trend.place_charts(long, 3, 83, page)
    assert place.repeat_header
