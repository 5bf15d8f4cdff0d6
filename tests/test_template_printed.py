"""The chi bộ file on paper: every page of every sheet has a footer with its sheet, its page
number and, in a file made for an organisation, that organisation, so that a three-page member
list can be put back in order and with its file (hunt54 #3). Each sheet numbers its own pages
from 1, as the consolidated workbook's do (hunt144 F7): printed whole, the member list began at
"Trang 4/7". Printed through LibreOffice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from libreoffice import convert, pdf_pages

from tests.helpers_sample import sample_orgs
from toolkit.core import layout
from toolkit.outputs import template
from toolkit.sample.rows import Period


@pytest.mark.slow
def test_every_printed_page_of_a_submission_names_its_organisation_and_page(tmp_path: Path) -> None:
    (org,) = sample_orgs(3, [200], Period(dt.date(2020, 1, 1), dt.date(2026, 3, 31)))
    code, name = org.organisation.org_code, org.organisation.org_name
    path = org.write(tmp_path / f"{code}.xlsx")
    (pdf,) = convert([path], "pdf", tmp_path / "pdf")
    pages = pdf_pages(pdf)
    members = [i for i, page in enumerate(pages) if f"{code} - {name} - {layout.SHEET_MEMBERS}" in page]
    assert len(members) >= 2, "the 200 members' list prints on pages of its own"
    sheets = [next(s for s in layout.SHEET_ORDER if f"{code} - {name} - {s}" in page) for page in pages]
    assert sheets == sorted(sheets, key=layout.SHEET_ORDER.index), "each sheet's pages come together"
    for number, (page, sheet) in enumerate(zip(pages, sheets, strict=True), start=1):
        own = sheets[:number].count(sheet)  # the page's number within its sheet
        footer = [line for line in page.splitlines() if f"{code} - {name} - {sheet}" in line]
        assert footer and footer[-1].rstrip().endswith(f"Trang {own}"), f"page {number}: {footer}"
        assert f"Trang {own}/" not in page, f"page {number}: the workbook's page count"


def test_a_blank_template_names_the_sheet_and_the_page() -> None:
    wb = template.build_template()
    for name in layout.SHEET_ORDER[:5]:
        ws = wb[name]
        assert (ws.oddFooter.left.text, ws.oddFooter.right.text) == (name, "Trang &P")
    assert wb[layout.SHEET_LISTS].oddFooter.left.text is None  # hidden: never printed


@pytest.mark.parametrize("made", ["blank", "prefilled"])
def test_each_written_sheet_numbers_its_own_pages_from_one(made: str, tmp_path: Path) -> None:
    """Read back from the file written (hunt144 F7, as `cells.print_setup` does for the
    consolidated workbook): `useFirstPageNumber` with page 1, and no page count in the footer."""
    if made == "blank":
        path = template.write_blank_template(tmp_path)
    else:
        (org,) = sample_orgs(1, [30], Period(dt.date(2020, 1, 1), dt.date(2026, 3, 31)))
        path = org.write(tmp_path / "CB01.xlsx")
    wb = openpyxl.load_workbook(path)
    for name in layout.SHEET_ORDER[:5]:
        setup = wb[name].page_setup
        assert (setup.useFirstPageNumber, setup.firstPageNumber) == (True, 1), name
        assert wb[name].oddFooter.right.text == "Trang &P", name


def test_an_ampersand_in_the_name_is_printed_as_itself() -> None:
    ws = openpyxl.Workbook().active
    ws.title = "Đảng viên"
    template.page_footer(ws, "CB01 - Chi bộ Điện & Nước")
    assert ws.oddFooter.left.text == "CB01 - Chi bộ Điện && Nước - Đảng viên"
