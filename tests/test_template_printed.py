"""The chi bộ file on paper: every page of every sheet has a footer with its page number and,
in a file made for an organisation, that organisation, so that a three-page member list can be
put back in order and with its file (hunt54 #3). Printed through LibreOffice."""

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
    for number, page in enumerate(pages, start=1):
        assert f"{code} - {name}" in page, f"page {number}: no organisation in the footer"
        assert f"Trang {number}/{len(pages)}" in page, f"page {number}: no page number"


def test_a_blank_template_names_the_sheet_and_the_page() -> None:
    wb = template.build_template()
    for name in layout.SHEET_ORDER[:5]:
        ws = wb[name]
        assert (ws.oddFooter.left.text, ws.oddFooter.right.text) == (name, "Trang &P/&N")
    assert wb[layout.SHEET_LISTS].oddFooter.left.text is None  # hidden: never printed


def test_an_ampersand_in_the_name_is_printed_as_itself() -> None:
    ws = openpyxl.Workbook().active
    ws.title = "Đảng viên"
    template.page_footer(ws, "CB01 - Chi bộ Điện & Nước")
    assert ws.oddFooter.left.text == "CB01 - Chi bộ Điện && Nước - Đảng viên"
