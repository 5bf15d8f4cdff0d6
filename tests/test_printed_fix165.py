"""What a reader of the printed `Tổng hợp` and `Biểu đồ` could get wrong (hunt144 F9): a line
summing others read as one more part of its group; a page starting mid-group, away from its
heading; a chart of a partial year's admissions against a whole year's target, pasted without
the table's note."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import zipfile

import openpyxl
import pytest

from tests.helpers_output import make_result, written_workbook
from toolkit.outputs.sheets import SHEET_SUMMARY
from toolkit.outputs.sheets.cells import column_points
from toolkit.outputs.workbook import write_workbook


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory):
    result, target = written_workbook(tmp_path_factory.mktemp("out"))
    return target, openpyxl.load_workbook(target)


def _group_rows(ws, group: str) -> list[tuple[str, float, bool, bool]]:
    """The lines under the heading `group` of sections A–B: label, share, whether the label and
    whether the share are in italics."""
    out, inside = [], False
    for row in ws.iter_rows(min_row=6, max_col=3):
        label, count, share = row
        if inside and count.value is None:  # the next heading
            break
        if inside:
            out.append((label.value, share.value, bool(label.font.i), bool(share.font.i)))
        inside = inside or label.value == group
    assert out, group
    return out


@pytest.mark.parametrize("group", ["Trình độ chuyên môn", "Lý luận chính trị"])
def test_a_groups_parts_add_up_to_100_and_its_sums_are_set_apart(written, group: str) -> None:
    _, wb = written
    rows = _group_rows(wb[SHEET_SUMMARY], group)
    parts = [r for r in rows if not r[2]]
    sums = [r for r in rows if r[2]]
    # The parts, in roman type, make up the whole: their shares add up to 100 %, no more.
    assert round(sum(share for _, share, _, _ in parts), 6) == 1.0, rows
    # The lines summing some of them come after them all, in italics (share too), named as sums.
    assert sums and rows[-len(sums) :] == sums, rows
    for label, _, _, share_italic in sums:
        assert label.startswith(("Cộng:", "Trong đó:")) and share_italic, label


def _headings(ws) -> list[str]:
    """The headings of sections A–B (a section's or a group's: a label with no figure)."""
    out = []
    for label, count, *_ in ws.iter_rows(min_row=6, max_col=2, values_only=True):
        if isinstance(label, str) and label.startswith("C. "):
            break
        if label and count is None:
            out.append(label)
    return out


def _pages(ws) -> list[list[str]]:
    """The labels of sections A–B on each printed page, as a printer lays the rows' set heights
    out at the sheet's fixed scale between its manual page breaks."""
    page = (297 / 25.4 * 72 - 2 * 0.6 * 72) * 100 / ws.page_setup.scale
    breaks = {brk.id for brk in ws.row_breaks.brk}  # a break after row `id` (1-based)
    pages: list[list[str]] = [[]]
    used = 0.0
    for r in range(1, ws.max_row + 1):
        label = ws.cell(r, 1).value
        if isinstance(label, str) and label.startswith("C. "):
            break
        height = ws.row_dimensions[r].height or 15.0
        if r - 1 in breaks or (used + height > page and used > 0):
            pages.append([])
            used = 0.0
        used += height
        if r >= 6:
            pages[-1].append(label)
    return pages


def test_each_printed_page_of_sections_a_b_starts_with_a_heading(written) -> None:
    _, wb = written
    ws = wb[SHEET_SUMMARY]
    # A fixed scale, which keeps manual page breaks (Excel ignores them on a sheet fitted to pages).
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert 60 <= ws.page_setup.scale <= 100
    widths = {c: d.width for d in ws.column_dimensions.values() for c in range(d.min, d.max + 1)}
    printed = sum(column_points(widths[c]) for c in range(1, ws.max_column + 1))
    assert printed * ws.page_setup.scale / 100 <= (210 / 25.4 - 0.9) * 72  # one portrait page wide
    headings = _headings(ws)
    pages = _pages(ws)
    assert len(pages) >= 2, pages
    for lines in pages[1:]:
        assert lines[0] in headings, lines[:3]  # never a group's line, cut from its heading
    for lines in pages:
        assert lines[-1] not in headings, lines[-3:]  # nor a heading left at a page's foot


ADMISSIONS_TITLE = "Kết nạp đảng viên so với chỉ tiêu"


def _chart_titles(book) -> list[str]:
    """The titles of the workbook's charts, as written (a line break kept)."""
    with zipfile.ZipFile(book) as zf:
        names = [n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        xml = [zf.read(n).decode("utf-8") for n in names]
    return [html.unescape(t) for x in xml for t in re.findall(r"<c:title>.*?<a:t>([^<]*)</a:t>", x, re.S)]


def test_the_admissions_chart_says_its_last_column_is_no_whole_year(written) -> None:
    book, _ = written  # cut-off 31/3/2026: 2026's admissions up to then, against its whole target
    titles = [t for t in _chart_titles(book) if t.startswith(ADMISSIONS_TITLE)]
    assert titles == [f"{ADMISSIONS_TITLE}\n(năm 2026: kết nạp đến 31/3, chỉ tiêu cả năm)"]


@pytest.mark.parametrize(
    ("start", "cutoff", "caveat"),
    [
        (dt.date(2020, 1, 1), dt.date(2025, 12, 31), None),  # whole years: the title alone
        (dt.date(2020, 7, 1), dt.date(2025, 12, 31), "năm 2020: kết nạp từ 1/7, chỉ tiêu cả năm"),
        (
            dt.date(2020, 7, 1),
            dt.date(2026, 3, 31),
            "kết nạp năm 2020 từ 1/7, năm 2026 đến 31/3; chỉ tiêu cả năm",
        ),
        (dt.date(2026, 7, 1), dt.date(2026, 10, 31), "năm 2026: kết nạp từ 1/7 đến 31/10, chỉ tiêu cả năm"),
    ],
)
def test_the_admissions_chart_title_names_every_partial_year(
    tmp_path, start: dt.date, cutoff: dt.date, caveat: str | None
) -> None:
    years = list(range(start.year, cutoff.year + 1))
    result = dataclasses.replace(
        make_result(tmp_path / "nop"), period_start=start, cutoff_date=cutoff, years=years
    )
    book = write_workbook(result, tmp_path / "tong_hop.xlsx")
    titles = [t for t in _chart_titles(book) if t.startswith(ADMISSIONS_TITLE)]
    assert titles == [ADMISSIONS_TITLE if caveat is None else f"{ADMISSIONS_TITLE}\n({caveat})"]


def test_the_admissions_chart_names_no_whole_years_target_where_there_is_none(tmp_path) -> None:
    """Consolidated without a registry: no year has a target, the table's column is empty and its
    note says nothing of a whole year's target; the title said "chỉ tiêu cả năm" (review167 #2).
    A year whose target is 0 is not named either."""
    result = make_result(tmp_path / "nop")
    without = {k: v for k, v in result.indicators.items() if not k.startswith("targets.")}
    for indicators, typed in ((without, frozenset()), ({**without, "targets.2026": 0}, frozenset({2026}))):
        bare = dataclasses.replace(result, indicators=indicators, target_years=typed)
        book = write_workbook(bare, tmp_path / f"tong_hop_{len(typed)}.xlsx")
        assert [t for t in _chart_titles(book) if t.startswith(ADMISSIONS_TITLE)] == [ADMISSIONS_TITLE]
