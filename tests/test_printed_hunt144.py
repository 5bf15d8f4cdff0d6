"""What the office prints (hunt144): `Theo tổ chức` legible over two pages wide, each sheet's
pages numbered from 1, the ward named in `Tổng hợp`'s title and the report, the forms' header
frozen on screen."""

from __future__ import annotations

import openpyxl
import pytest

from tests.helpers_output import make_result
from toolkit.outputs.sheets import SHEET_BY_ORG, SHEET_ISSUES, SHEET_SOURCES
from toolkit.outputs.sheets.cells import LANDSCAPE_WIDTH, MIN_PRINT_SCALE, column_points
from toolkit.outputs.workbook import write_workbook


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("out")
    result = make_result(folder / "nop")
    target = write_workbook(result, folder / "tong_hop.xlsx", report_text=["Đoạn một."])
    return result, openpyxl.load_workbook(target)


def _widths(ws) -> list[float]:
    """The columns' widths as written (Excel's units; a `<col>` may cover several columns)."""
    widths = [0.0] * ws.max_column
    for dim in ws.column_dimensions.values():
        for col in range(dim.min, dim.max + 1):
            if col <= len(widths):
                widths[col - 1] = dim.width
    return widths


def test_by_org_prints_over_pages_wide_at_a_legible_scale_with_its_names_on_every_page(written) -> None:
    _, wb = written
    ws = wb[SHEET_BY_ORG]
    # A fixed scale (Excel ignores page breaks on a sheet fitted to pages), no smaller than 75 %.
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert MIN_PRINT_SCALE <= ws.page_setup.scale <= 100
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.pageOrder == "overThenDown"
    # The header row and the organisation's code and name on every page.
    assert ws.print_title_rows == "$4:$4"
    assert ws.print_title_cols == "$A:$B"
    breaks = [brk.id for brk in ws.col_breaks.brk]
    assert breaks, "no page break between the columns"
    widths = _widths(ws)
    # Each page's columns (the first page's from A; the others' after A:B) fit the page.
    starts = [0, *breaks, len(widths)]
    repeated = sum(column_points(w) for w in widths[:2])
    for first, end in zip(starts, starts[1:], strict=False):
        page = (repeated if first else 0) + sum(column_points(w) for w in widths[first:end])
        assert page * ws.page_setup.scale / 100 <= LANDSCAPE_WIDTH, (first, end)
    # The title spans the first page's columns, not across the break.
    title = next(r for r in ws.merged_cells.ranges if r.min_row == 1)
    assert title.max_col == breaks[0]


def test_the_narrower_tables_stay_one_page_wide(written) -> None:
    _, wb = written
    for name in (SHEET_ISSUES, SHEET_SOURCES):
        ws = wb[name]
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0, name
        assert not ws.col_breaks.brk, name
        assert ws.print_title_cols is None, name


def test_every_sheet_numbers_its_own_pages_from_one(written) -> None:
    _, wb = written
    for ws in wb.worksheets:
        assert ws.page_setup.useFirstPageNumber, ws.title
        assert ws.page_setup.firstPageNumber in (None, 1), ws.title  # 1 when absent
        # No page count: printed with the workbook it counts the workbook's pages.
        assert ws.oddFooter.right.text == "Trang &P", ws.title
