"""What a reader of the printed `Tổng hợp` and `Biểu đồ` could get wrong (hunt144 F9): a line
summing others read as one more part of its group."""

from __future__ import annotations

import re

import openpyxl
import pytest
from libreoffice import convert, pdf_pages

from tests.helpers_output import make_result
from toolkit.outputs.sheets import SHEET_SUMMARY
from toolkit.outputs.sheets.cells import column_points
from toolkit.outputs.workbook import write_workbook


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("out")
    result = make_result(folder / "nop")
    target = write_workbook(result, folder / "tong_hop.xlsx", report_text=["Đoạn một."])
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


@pytest.mark.slow
def test_libreoffice_prints_no_group_of_sections_a_b_across_two_pages(written, tmp_path) -> None:
    book, wb = written
    headings = _headings(wb[SHEET_SUMMARY])
    (pdf,) = convert([book], "pdf", tmp_path / "pdf")
    pages = [p for p in pdf_pages(pdf) if re.search(rf"{SHEET_SUMMARY}\s+Trang \d", p)]
    # Each page's first line of text (its label: the columns are two spaces apart or more).
    starts = [next(line.strip().split("  ")[0] for line in p.splitlines() if line.strip()) for p in pages]
    assert starts[0].startswith("THỐNG KÊ"), starts
    section_c = next(n for n, s in enumerate(starts) if s.startswith("C. "))
    assert section_c >= 2, starts  # sections A–B take two pages at least
    for start in starts[1:section_c]:
        assert start in headings, starts
