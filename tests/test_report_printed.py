"""The Word report on paper: `Trang 2/3` in the footer of every page, and the run's line never
printed alone on a last page (hunt54 #4). Printed through LibreOffice."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from helpers_report import sample_summary
from libreoffice import convert, pdf_pages

from toolkit.outputs.report_files import run_id_line, write_report


@pytest.mark.slow
def test_every_printed_page_of_the_report_has_its_number(tmp_path: Path) -> None:
    out = write_report(sample_summary(), tmp_path / "bao_cao.docx", "docx")
    (pdf,) = convert([out], "pdf", tmp_path / "pdf")
    pages = pdf_pages(pdf)
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert f"Trang {number}/{len(pages)}" in page, f"page {number}: no page number"


def test_the_run_line_is_kept_with_the_end_of_the_table(tmp_path: Path) -> None:
    """The table's last row and each note under it keep with the next paragraph, down to the
    run's line: a page break falls above them, never right above that line alone."""
    summary = {**sample_summary(), "run_id": "20260401T090000-0a1b2c3d"}
    doc = docx.Document(str(write_report(summary, tmp_path / "bao_cao.docx", "docx")))
    (table,) = doc.tables
    assert all(p.paragraph_format.keep_with_next for c in table.rows[-1].cells for p in c.paragraphs)
    after = [Paragraph(e, doc) for e in table._tbl.itersiblings() if e.tag == qn("w:p")]
    assert after[-1].text == run_id_line(summary)
    assert all(p.paragraph_format.keep_with_next for p in after[:-1])
