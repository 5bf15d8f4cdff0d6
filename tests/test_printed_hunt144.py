"""What the office prints (hunt144): `Theo tổ chức` legible over two pages wide, each sheet's
pages numbered from 1, the ward named in `Tổng hợp`'s title and the report, the forms' header
frozen on screen."""

from __future__ import annotations

import dataclasses

import docx
import openpyxl
import pytest

from tests.helpers_output import make_result, written_workbook
from toolkit.core.text import ward_party_body
from toolkit.outputs.json_summary import summary_document
from toolkit.outputs.report import report_paragraphs
from toolkit.outputs.report_files import report_title, write_report
from toolkit.outputs.sheets import SHEET_BY_ORG, SHEET_ISSUES, SHEET_REPORT, SHEET_SOURCES, SHEET_SUMMARY
from toolkit.outputs.sheets.cells import LANDSCAPE_WIDTH, MIN_PRINT_SCALE, column_points
from toolkit.outputs.workbook import write_workbook


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory):
    result, target = written_workbook(tmp_path_factory.mktemp("out"))
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


# --- the ward's name (hunt144 F3) -------------------------------------------------------------


@pytest.fixture(scope="module")
def named(tmp_path_factory: pytest.TempPathFactory):
    """The same run written with the ward's name ("Phường  Mẫu", spaced as typed) and without."""
    folder = tmp_path_factory.mktemp("named")
    result = make_result(folder / "nop")
    books = {}
    for name in ("Phường  Mẫu", None):
        run = dataclasses.replace(result, ward_name=name)
        summary = summary_document(run)
        target = write_workbook(
            run, folder / f"{name or 'khong_ten'}.xlsx", report_text=report_paragraphs(summary)
        )
        books[name] = (summary, openpyxl.load_workbook(target))
    return folder, books


def _organisations_paragraph(summary) -> str:
    """The report's paragraph of the organisations (after what a partial run leaves out)."""
    return next(p for p in report_paragraphs(summary) if p.startswith("Tính đến ngày"))


def test_the_ward_s_name_heads_the_summary_sheet_and_the_report_as_it_heads_the_forms(named) -> None:
    folder, books = named
    summary, wb = books["Phường  Mẫu"]
    assert wb[SHEET_SUMMARY]["A1"].value == "THỐNG KÊ ĐẢNG VIÊN ĐẢNG BỘ PHƯỜNG MẪU"
    assert wb[SHEET_REPORT]["A1"].value == "ĐOẠN BÁO CÁO: TÌNH HÌNH ĐỘI NGŨ ĐẢNG VIÊN\nĐẢNG BỘ PHƯỜNG MẪU"
    assert wb["Biểu 1-BTCTW"]["A1"].value == "ĐẢNG ỦY PHƯỜNG MẪU"
    first = _organisations_paragraph(summary)
    assert first.startswith("Tính đến ngày 31/3/2026, toàn Đảng bộ phường Mẫu có ")
    assert first in [c.value for c in wb[SHEET_REPORT]["A"]]
    title = "Số liệu đội ngũ đảng viên Đảng bộ phường Mẫu tính đến ngày 31/3/2026"
    md = write_report(summary, folder / "bao_cao.md", "md").read_text(encoding="utf-8")
    assert md.startswith(f"# {title}\n") and "toàn Đảng bộ phường Mẫu có" in md
    doc = docx.Document(str(write_report(summary, folder / "bao_cao.docx", "docx")))
    texts = [p.text for p in doc.paragraphs]
    assert title in texts and first in texts
    assert doc.core_properties.title == title


def test_without_a_name_the_titles_and_report_keep_their_words(named) -> None:
    folder, books = named
    summary, wb = books[None]
    assert wb[SHEET_SUMMARY]["A1"].value == "THỐNG KÊ ĐẢNG VIÊN ĐẢNG BỘ PHƯỜNG"
    assert wb[SHEET_REPORT]["A1"].value == "ĐOẠN BÁO CÁO: TÌNH HÌNH ĐỘI NGŨ ĐẢNG VIÊN"
    assert wb["Biểu 1-BTCTW"]["A1"].value == "ĐẢNG ỦY PHƯỜNG"
    assert _organisations_paragraph(summary).startswith("Tính đến ngày 31/3/2026, toàn Đảng bộ phường có ")
    assert report_title(summary) == "Số liệu đội ngũ đảng viên tính đến ngày 31/3/2026"


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("Phường Mẫu", "Đảng bộ phường Mẫu"),
        ("xã  Hòa Bình", "Đảng bộ xã Hòa Bình"),
        ("Đặc khu Côn Đảo", "Đảng bộ đặc khu Côn Đảo"),
        ("Đảng bộ Phường Mẫu", "Đảng bộ phường Mẫu"),
        ("Hải Dương", "Đảng bộ Hải Dương"),  # as the forms head it: "ĐẢNG ỦY HẢI DƯƠNG" (warned)
        (None, None),
        (" ", None),
    ],
)
def test_a_ward_s_party_body_is_named_from_its_name(name: str | None, body: str | None) -> None:
    assert ward_party_body(name) == body


# --- the forms on screen and their header (hunt144 F9) ---------------------------------------


def test_the_forms_keep_their_header_in_view_and_break_it_after_its_colon(written) -> None:
    _, wb = written
    for n in range(1, 5):
        ws = wb[f"Biểu {n}-BTCTW"]
        assert ws.freeze_panes == "A9", ws.title  # rows 1–8: the heading, the header, its numbers
    headers = [wb["Biểu 1-BTCTW"].cell(7, c).value for c in range(1, 5)]
    assert headers[1] == "Thực hiện:\nKỳ này"  # not "Thực hiện: Kỳ" over "này"
    assert [wb["Biểu 4-BTCTW"].cell(7, c).value for c in range(1, 6)][3] == "Trong đó: nữ"  # one line


def test_by_org_rows_of_a_chi_bo_truc_thuoc_are_one_line_high(written) -> None:
    """Its tier and sector columns hold "Chi bộ trực thuộc" and "Lực lượng vũ trang" on one
    line, so a consolidated row with a short name is a line high: two lines each had made the
    sheet 10 pages, not 6, for the demo's ward."""
    _, wb = written
    ws = wb[SHEET_BY_ORG]
    rows = [
        r
        for r in ws.iter_rows(min_row=5)
        if r[2].value == "Chi bộ trực thuộc" and len(r[1].value) < 30 and r[4].value == "Đã tổng hợp"
    ]
    assert rows
    for r in rows:
        assert ws.row_dimensions[r[0].row].height is None, r[1].value
