"""`Tổng hợp`'s sections A–B print with each group on one page however the rows are rendered
(review167 F1): every row holds its height in the file, and the manual page breaks leave room
enough that rows printed 5 % taller (another renderer, another DPI) or Letter paper bring no
automatic break just before ours, which printed pages of one or two rows.

Checked on real workbooks: the test ward, a ward with every ethnic group (a long group), the
demo and a roll-up; the slow test prints two of them with LibreOffice, on A4 and on Letter."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from libreoffice import convert, pdf_pages

from tests.helpers_output import CUTOFF, make_result
from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core import vocab
from toolkit.core.model import Registry
from toolkit.outputs.publish import write_outputs
from toolkit.outputs.sheets import SHEET_SUMMARY, summary
from toolkit.outputs.workbook import write_workbook
from toolkit.pipeline import consolidate
from toolkit.rollup import rollup
from toolkit.sample.rows import Period

MARGINS = 2 * 0.6 * 72  # points: `print_setup`'s top and bottom margins
A4 = 297 / 25.4 * 72
LETTER = 11 * 72
MIN_LINES = 10  # a page of sections A–B holding fewer lines is a page wasted (but the last)
# A group this much of the page or longer may run on across pages (it cannot be kept whole with
# a margin left); every group of the workbooks below is shorter.
LONG_GROUP = 0.85


def _many_ethnic_groups(folder: Path):  # type: ignore[no-untyped-def]
    """The test ward with one member of every ethnic group: "Dân tộc" is a group of 56 lines."""
    base = make_result(folder)
    others = {f"members.ethnicity.{t.code}": 1 for t in vocab.ETHNICITY.terms if t.code != vocab.KINH}
    indicators = {**base.indicators, **others, "members.ethnic_minority": len(others)}
    return dataclasses.replace(base, indicators=indicators)


def _rollup(folder: Path):  # type: ignore[no-untyped-def]
    """Three wards of three organisations each, rolled up (review167's roll-up)."""
    period = Period(dt.date(2024, 7, 1), CUTOFF)  # a mid-year start, as review167 rolled up
    orgs = sample_orgs(31, [25, 40, 18, 33, 12, 50, 21, 28, 15], period)
    summaries = []
    for n in range(3):
        part = orgs[3 * n : 3 * n + 3]
        ward = folder / f"phuong_{n}"
        ward.mkdir(parents=True)
        for org in part:
            org.write(ward / f"{org.organisation.org_code}.xlsx")
        registry = Registry([o.organisation for o in part])
        result = consolidate(
            [ward], cutoff=CUTOFF, since=period.start, registry=registry, ward_name=f"Phường {n}"
        )
        write_outputs(result, folder / f"phuong_{n}.xlsx", folder / f"phuong_{n}.json")
        summaries.append(folder / f"phuong_{n}.json")
    return rollup(summaries, name="Tỉnh Thử")


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("books")
    demo = folder / "demo"
    run = CliRunner().invoke(main, ["demo", str(demo)])
    assert run.exit_code == 0, run.output
    return {
        "ward": write_workbook(make_result(folder / "nop"), folder / "ward.xlsx"),
        "many_ethnic_groups": write_workbook(_many_ethnic_groups(folder / "nop2"), folder / "many.xlsx"),
        "demo": next(demo.glob("tong_hop_phuong_*.xlsx")),
        "rollup": write_workbook(_rollup(folder / "rollup"), folder / "rollup.xlsx"),
    }


def _sections_a_b(ws) -> list[tuple[int, str, bool]]:
    """Every row from the sheet's top to the last of sections A–B: row (1-based), label, and
    whether it is a heading of sections A–B (a label with no figure, below the header)."""
    rows = []
    for r in range(1, ws.max_row + 1):
        label = ws.cell(r, 1).value
        if isinstance(label, str) and label.startswith("C. "):
            return rows
        if r >= 6 and not label:
            continue  # the blank row above section C, on its own page
        rows.append((r, label, r >= 6 and bool(label) and ws.cell(r, 2).value is None))
    raise AssertionError("no section C")


def _groups(rows: list[tuple[int, str, bool]]) -> dict[int, int]:
    """Each row of sections A–B (1-based) and the row of its group's first heading."""
    out: dict[int, int] = {}
    start = 0
    for n, (r, _, heading) in enumerate(rows):
        if r < 6:
            continue
        if heading and not (n and rows[n - 1][2]):
            start = r
        out[r] = start
    return out


def _printed_pages(ws, paper: float, taller: float) -> list[list[int]]:
    """The rows of sections A–B on each printed page, as a printer lays the rows out, each
    `taller` times the height the file holds (a row holding none: a 15-point line), on `paper`
    at the sheet's scale: a page ends at a manual break or where the next row does not fit."""
    page = (paper - MARGINS) * 100 / ws.page_setup.scale
    breaks = {brk.id for brk in ws.row_breaks.brk}  # a break after row `id`
    pages: list[list[int]] = [[]]
    used = 0.0
    for r, _, _ in _sections_a_b(ws):
        height = (ws.row_dimensions[r].height or 15.0) * taller
        if r - 1 in breaks or (used + height > page and used > 0):
            pages.append([])
            used = 0.0
        used += height
        pages[-1].append(r)
    return pages


@pytest.mark.parametrize("name", ["ward", "many_ethnic_groups", "demo", "rollup"])
def test_every_row_of_sections_a_b_holds_its_height_in_the_file(books, name: str) -> None:
    # XlsxWriter writes no height for a row of the default 15 points: its renderer then sizes it.
    ws = openpyxl.load_workbook(books[name])[SHEET_SUMMARY]
    with zipfile.ZipFile(books[name]) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    held = {int(r) for r in re.findall(r'<row r="(\d+)"[^>]*\bht="[^"]+"[^>]*customHeight="1"', xml)}
    missing = [r for r, _, _ in _sections_a_b(ws) if r not in held]
    assert not missing, missing


@pytest.mark.parametrize("name", ["ward", "many_ethnic_groups", "demo", "rollup"])
@pytest.mark.parametrize(
    ("paper", "taller"),
    [(A4, 1.0), (A4, 1.05), (LETTER, 1.0)],
    ids=["A4", "A4-rows-5%-taller", "Letter"],
)
def test_printed_pages_of_sections_a_b_start_with_a_heading_and_are_not_near_empty(
    books, name: str, paper: float, taller: float
) -> None:
    ws = openpyxl.load_workbook(books[name])[SHEET_SUMMARY]
    assert not ws.sheet_properties.pageSetUpPr.fitToPage  # Excel ignores breaks on a fitted sheet
    rows = _sections_a_b(ws)
    labels = {r: label for r, label, _ in rows}
    heading = {r for r, _, h in rows if h}
    groups = _groups(rows)
    page = (A4 - MARGINS) * 100 / ws.page_setup.scale
    heights = {r: ws.row_dimensions[r].height or 15.0 for r, _, _ in rows}
    long_groups = {
        g
        for g in set(groups.values())
        if sum(heights[r] for r in groups if groups[r] == g) > LONG_GROUP * page
    }
    pages = _printed_pages(ws, paper, taller)
    shown = [[labels[r] for r in p[:2]] + ["…"] + [labels[r] for r in p[-1:]] for p in pages]
    assert len(pages) >= 2, shown
    for p in pages[1:]:
        # never a group's line cut from its heading, unless the group is longer than a page
        assert p[0] in heading or groups[p[0]] in long_groups, shown
    for p in pages:
        assert p[-1] not in heading, shown  # nor a heading left at a page's foot
    for p in pages[:-1]:
        assert sum(r in groups for r in p) >= MIN_LINES, shown  # nor a page of a few lines


def _on_letter(book: Path, target: Path) -> Path:
    """A copy of `book` whose `Tổng hợp` prints on Letter paper (the rest of the file as is)."""
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'paperSize="9"', b'paperSize="1"')
                assert b'paperSize="1"' in data
            zout.writestr(item, data)
    return target


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ward", "many_ethnic_groups"])
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_libreoffice_prints_each_group_of_sections_a_b_on_one_page(
    books, tmp_path, name: str, paper: str
) -> None:
    book = books[name] if paper == "A4" else _on_letter(books[name], tmp_path / f"{name}.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(book.read_bytes()))[SHEET_SUMMARY]
    headings = [label for _, label, heading in _sections_a_b(ws) if heading]
    (pdf,) = convert([book], "pdf", tmp_path / "pdf")
    pages = [p for p in pdf_pages(pdf) if re.search(rf"{SHEET_SUMMARY}\s+Trang \d", p)]
    # Each page's lines of text, and its first line's label (columns are two spaces apart or more).
    lines = [[line.strip() for line in p.splitlines() if line.strip()][:-1] for p in pages]  # less the footer
    starts = [ls[0].split("  ")[0] for ls in lines]
    assert starts[0].startswith("THỐNG KÊ"), starts
    section_c = next(n for n, s in enumerate(starts) if s.startswith("C. "))
    assert section_c >= 2, starts  # sections A–B take two pages at least
    for start in starts[1:section_c]:
        assert start in headings, starts
    for n in range(section_c - 1):  # every page of sections A–B but the last is a page's worth
        assert len(lines[n]) >= MIN_LINES, (n + 1, lines[n])


def _layout(heights: list[float], breaks: list[int], page: float) -> list[list[int]]:
    """The rows on each page when rows of `heights` print between manual `breaks` on pages of
    `page` points (a row that does not fit starts the next page)."""
    pages: list[list[int]] = [[]]
    used = 0.0
    for row, height in enumerate(heights):
        if (row in breaks and pages[-1]) or (used + height > page and used > 0):
            pages.append([])
            used = 0.0
        used += height
        pages[-1].append(row)
    return pages


@pytest.mark.parametrize("seed", range(40))
def test_group_breaks_leave_no_page_to_the_printer_and_none_near_empty(seed: int) -> None:
    # Random groups (2 to 70 lines, some two-line rows) under 5 title rows, at a scale of 73 %.
    rng = random.Random(seed)
    heights = [21.0, 15.75, 15.75, 15.75, 15.75]
    blocks = []
    while len(heights) < 300:
        start = len(heights)
        size = rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 30, 45, 55, 70])
        heights += [rng.choice([15.75] * 9 + [32.25]) for _ in range(size)]
        blocks.append((start, len(heights)))
    page = (A4 - MARGINS) * 100 / 73
    breaks = summary.group_breaks(heights, blocks, page)
    pages = _layout(heights, breaks, page)
    starts = dict(blocks)
    for paper, taller in ((A4, 1.05), (LETTER, 1.0), (LETTER, 1.03)):
        scaled = [h * taller for h in heights]
        # The printer breaks nowhere but at our breaks: its pages are ours.
        assert _layout(scaled, breaks, (paper - MARGINS) * 100 / 73) == pages, (paper, taller)
    for n, rows in enumerate(pages[:-1]):
        lines = sum(r >= blocks[0][0] for r in rows)
        full = sum(heights[r] for r in rows) + 3 * 32.25 > 0.85 * page
        assert lines >= MIN_LINES or full, (n, lines)  # no page of a few lines
    for rows in pages[1:]:
        first = rows[0]
        group = max(s for s in starts if s <= first)
        longer = sum(heights[group : starts[group]]) > 0.85 * page
        where = next(p for p in pages if group in p)
        few_before = sum(blocks[0][0] <= r < group for r in where) < MIN_LINES
        # A page starts with a group, unless the group is longer than a page, or moving it to a
        # page of its own would have left its first page with a few lines.
        assert first in starts or longer or few_before, (first, group)
