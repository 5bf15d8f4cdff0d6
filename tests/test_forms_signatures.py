"""The signature block of the official forms is never cut by a page break.

A form's notes can push its end to any place on a page. The place and date, who prepared the
form and who signs it are one row (`toolkit.outputs.sheets.forms._signatures`), which neither
Excel nor LibreOffice splits between pages: before, the date could be printed at the foot of
one page and the signatures alone on the next. Read back with openpyxl; printed through
LibreOffice, over as many note counts as move the block across a whole page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from libreoffice import convert, pdftotext
from test_forms import BIEU_1_NOW, PERIOD

from toolkit.forms.compute import fill_form
from toolkit.forms.tables import BIEU_1, BIEU_2, BIEU_3, BIEU_4
from toolkit.outputs.sheets.cells import FONT_SIZE
from toolkit.outputs.sheets.forms import (
    DATE_LINE,
    HEAD,
    HEADER,
    LINE_HEIGHT,
    PAGE_HEIGHT,
    PAGE_SLACK,
    PREPARER,
    SIGNING_LINES,
    TITLE_FONT_SIZE,
    FormFormats,
    write_form,
)
from toolkit.outputs.xlsx import new_workbook

NOTE = "Ghi chú thử số {i}: một dòng."
# A note that the forms print on two lines (Biểu 1 to 4).
TWO_LINE_NOTE = (
    "Ghi chú vừa số {i}: ghi chú này dài vừa đủ để xuống hai dòng trên trang in của biểu mẫu, "
    "không hơn không kém, thêm vài chữ nữa."
)


def _sheets(
    path: Path, note_counts: range, forms=(BIEU_1,), more: tuple[tuple[str, range], ...] = ()
) -> Path:
    """A workbook as the runs write it (its default font sets the columns' widths, so the
    scale that fits them to the page) with one sheet per form and count of one-line notes,
    then per form and count of each of the `more` notes (a note's text and its counts)."""
    wb = new_workbook(path, font_size=FONT_SIZE, title="Thử", created=dt.datetime(2026, 4, 1))
    ff = FormFormats(wb)
    for kind, (note, counts) in enumerate(((NOTE, note_counts), *more)):
        for form in forms:
            filled = fill_form(form, BIEU_1_NOW, period=PERIOD)
            for k in counts:
                notes = tuple(note.format(i=i) for i in range(k))
                # The sheet's name (and footer) carries the count: "Biểu 1_7-BTCTW" ("1_7m1" for
                # the first of `more`).
                number = f"{filled.form.number}_{k}" + (f"m{kind}" if kind else "")
                renamed = dataclasses.replace(filled.form, number=number)
                sheet = dataclasses.replace(filled, form=renamed, notes=notes)
                write_form(wb, ff, sheet, "ĐẢNG ỦY PHƯỜNG THỬ")
    wb.close()
    return path


@pytest.mark.parametrize("form", [BIEU_1, BIEU_4], ids=["comparison", "breakdown"])
def test_the_date_and_both_signatures_are_one_row(form, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_sheets(tmp_path / "forms.xlsx", range(3, 4), (form,))).worksheets[0]
    cells = {
        c.coordinate: c.value
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and ("BAN" in c.value or "BIỂU" in c.value)
    }
    (head,) = (c for c, v in cells.items() if HEAD[0] in v)
    (preparer,) = (c for c, v in cells.items() if PREPARER[0] in v)
    assert cells[head] == f"{DATE_LINE}\n{HEAD[0]}\n{HEAD[1]}"
    assert cells[preparer] == f"\n{PREPARER[0]}\n{PREPARER[1]}"
    row = ws[head].row
    assert ws[preparer].row == row
    assert ws[head].alignment.wrap_text and ws[head].alignment.vertical == "top"
    # The date, the title, the hint's two lines and room to sign under them.
    assert ws.row_dimensions[row].height >= (4 + SIGNING_LINES) * 15
    assert str(ws.print_area).endswith(f"${row}")  # the block, room included, is printed last


@pytest.mark.parametrize("form", [BIEU_1, BIEU_2, BIEU_3, BIEU_4], ids=["1", "2", "3", "4"])
def test_every_printed_row_holds_the_height_the_page_estimate_counts(form, tmp_path: Path) -> None:
    """The blank rows that keep the signatures with the table are counted at each row's set
    height. A row of no written height is as tall as the renderer's font makes it: XlsxWriter
    wrote none for a row of 15 points, its default, and LibreOffice printed Biểu 3's rows
    taller, a row fewer a page than counted (the blank rows then opened page 3)."""
    ws = openpyxl.load_workbook(_sheets(tmp_path / "forms.xlsx", range(2, 3), (form,))).worksheets[0]
    last = int(re.sub(r"\D", "", str(ws.print_area).rsplit("$", 1)[-1]))
    unset = [r for r in range(1, last + 1) if ws.row_dimensions[r].height is None]
    assert not unset, f"rows printed at the renderer's height: {unset[:10]}"
    assert ws.row_dimensions[last - 1].customHeight
    assert all(ws.row_dimensions[r].height >= LINE_HEIGHT for r in range(1, last + 1))
    # The 13-point bold title: a row as high as Excel makes one of its font (about 17.25
    # points), lest the marks over its capitals be cut at 15 (review270).
    title = next(r for r in range(1, 10) if ws.cell(r, 1).value == form.title)
    assert ws.cell(title, 1).font.sz == TITLE_FONT_SIZE
    assert ws.row_dimensions[title].height >= TITLE_FONT_SIZE * 1.3


@pytest.mark.slow
def test_libreoffice_never_prints_the_signatures_away_from_their_date(tmp_path: Path) -> None:
    pdftotext()  # fails, not skips, where CI requires it
    # 0 to 69 one-line notes move the block's place down a whole page and more, whatever the
    # scale LibreOffice fits the form's width at: the old three rows were cut at some count.
    workbook = _sheets(tmp_path / "forms.xlsx", range(70))
    (pdf,) = convert([workbook], "pdf", tmp_path / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    printed = text.stdout.split("\f")
    with_date = 0
    for number, page in enumerate(printed, 1):
        parts = [words in page for words in (DATE_LINE, *HEAD, *PREPARER)]
        assert all(parts) or not any(parts), (number, parts, page[-400:])
        with_date += parts[0]
    assert with_date == 70  # every sheet printed its block
    assert len(printed) - 1 > 70  # some sheets took two pages: the block did cross page ends


# The row of column numbers, under the header on every page.
COLUMN_NUMBERS = re.compile(r"^\s*1\s+2\s+3\s+4(\s+5)?\s*$", re.MULTILINE)


@pytest.mark.slow
def test_libreoffice_never_prints_the_signatures_alone_under_the_repeated_header(tmp_path: Path) -> None:
    """Before (hunt43 forms #1), notes that ended near a page's end pushed the signature
    block onto a page of its own, under nothing but the repeated table header: no figure and
    no note above it. Each form, with 0 to 44 notes (their end crosses a page end), prints
    some of its lines or notes on the signatures' page."""
    pdftotext()  # fails, not skips, where CI requires it
    workbook = _sheets(tmp_path / "forms.xlsx", range(45), (BIEU_1, BIEU_2, BIEU_4))
    (pdf,) = convert([workbook], "pdf", tmp_path / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    alone = []
    signed = 0
    for number, page in enumerate(text.stdout.split("\f"), 1):
        if DATE_LINE not in page:
            continue
        signed += 1
        under_header = page[COLUMN_NUMBERS.search(page).end() : page.index(DATE_LINE)]
        if not under_header.strip():
            alone.append(number)
    assert signed == 3 * 45
    assert not alone, f"pages with the signatures alone under the header: {alone}"


# A note's first words as the form prints them ("Ghi chú: …").
NOTE_START = "Ghi chú:"


def _after_gap(ws) -> str | None:
    """The label of the table line that the blank rows put on the next page, if any: the
    first written row after an empty row under the header, when it is no note nor the block."""
    values = [[c for c in row if c not in (None, "")] for row in ws.iter_rows(values_only=True)]
    (header,) = (r for r, row in enumerate(values) if row[:3] in (["1", "2", "3"], [1, 2, 3]))
    for r in range(header + 1, len(values) - 1):
        if not values[r] and values[r + 1]:
            label = next(str(v) for v in values[r + 1] if isinstance(v, str))
            return None if label.startswith(NOTE_START) or PREPARER[0] in label else label
    return None


def _notes_flow(ws) -> bool:
    """Whether the table's last line, the notes and the block do not fit on a page under the
    repeated header (by the rows' set heights, with the estimate's margin): only then may the
    notes flow from the table's page onto one of their own."""
    heights = {r: (d.height or LINE_HEIGHT) for r, d in ws.row_dimensions.items()}
    texts = [next((c for c in row if isinstance(c, str)), "") for row in ws.iter_rows(values_only=True)]
    block = next(r for r, text in enumerate(texts, 1) if PREPARER[0] in text)
    first_note = next((r for r, text in enumerate(texts, 1) if text.startswith(NOTE_START)), block)
    last_line = max(r for r, text in enumerate(texts[: first_note - 1], 1) if text)
    need = sum(heights.get(r, LINE_HEIGHT) for r in range(last_line, block + 1))
    header = heights.get(HEADER + 1, LINE_HEIGHT) + heights.get(HEADER + 2, LINE_HEIGHT)
    return need > PAGE_HEIGHT - header - PAGE_SLACK


@pytest.mark.slow
def test_libreoffice_never_prints_the_header_over_no_line_of_the_table(tmp_path: Path) -> None:
    """Before (fix50 E), a form whose table nearly filled its pages printed its notes and
    signatures on a page of their own, under the repeated header and no line of the table: a
    table with no rows (a ward's Biểu 2 with one note more, Biểu 1 with a dozen). The table's
    last lines now start that page. Before (hunt53 #3), from 31 one-line or 15 two-line notes
    on Biểu 2 and 3 the last three lines (and their headings) no longer fitted with the notes
    and the block, and nothing was carried: now fewer are, down to one. Each form, with 0 to
    40 one-line notes or 0 to 20 two-line ones (their end crosses a page end; from about 34
    one-line or 16 two-line notes not even the last line fits with them and the block, and
    the notes flow on from under the table on its page), prints a line of its table under the
    header on every page but those the notes flow on to.
    And (hunt53 #5) the line the blank rows push to the next page is printed there, over the
    first note: LibreOffice's first page held a row more than the estimate, and a heading the
    carried lines start with stood alone at the foot of the page after the gap."""
    pdftotext()  # fails, not skips, where CI requires it
    forms = (BIEU_1, BIEU_2, BIEU_3, BIEU_4)
    path = _sheets(tmp_path / "forms.xlsx", range(41), forms, ((TWO_LINE_NOTE, range(21)),))
    sheets = openpyxl.load_workbook(path).worksheets
    carried = {ws.title.split("-")[0]: _after_gap(ws) for ws in sheets}
    flows = {ws.title.split("-")[0] for ws in sheets if _notes_flow(ws)}
    (pdf,) = convert([path], "pdf", tmp_path / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    empty = []
    apart = []
    signed = 0
    noted = set()
    for number, page in enumerate(text.stdout.split("\f"), 1):
        header = COLUMN_NUMBERS.search(page)
        if header is None:
            continue
        footer = re.search(r"Biểu số (\S+)-BTCTW", page)
        sheet = f"Biểu {footer.group(1)}" if footer else ""
        signed += DATE_LINE in page
        below = page[header.end() :]
        ends = [i for i in (below.find(NOTE_START), below.find(DATE_LINE)) if i >= 0]
        above = below[: min(ends, default=len(below))]
        if not above.strip() and (sheet not in noted or sheet not in flows):
            empty.append((number, sheet))
        # The page of the first note (or, without notes, of the block) prints the carried line.
        if (NOTE_START in below or DATE_LINE in below) and sheet not in noted:
            noted.add(sheet)
            if carried.get(sheet) and carried[sheet][:30] not in above:
                apart.append((number, sheet, carried[sheet]))
    assert signed == 4 * (41 + 21)
    assert {"Biểu 2_34", "Biểu 2_16m1"} <= flows and not {"Biểu 2_33", "Biểu 2_15m1"} & flows
    assert not empty, f"pages with the header over no line of the table: {empty}"
    assert not apart, f"carried lines not printed over the notes: {apart}"
