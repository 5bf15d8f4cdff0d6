"""What `Tổng hợp` and `Nguồn số liệu` show is whole, on screen and on paper: the bases of the
shares ("Trên cơ sở") whatever the number of years of the period, and the files' SHA-256.
The layout is read back from the written workbook; the print, through LibreOffice."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from helpers_ward import Ward, consolidate, pristine, ward
from libreoffice import convert, pdftotext
from openpyxl import load_workbook

from toolkit.outputs.sheets import SHEET_SOURCES, SHEET_SUMMARY
from toolkit.outputs.sheets.cells import wrapped_lines

__all__ = ["pristine", "ward"]  # fixtures


def _consolidated(ward: Ward, out: Path) -> Path:
    """The small ward consolidated over the cut-off's year alone (the usual period, 1 year)."""
    out.mkdir()
    result = consolidate(ward, out, "--since", "2026-01-01", "--no-history", "--ward-name", "Phường Thử")
    assert result.exit_code == 0, result.output
    return out / "tong_hop.xlsx"


def _bases(path: Path) -> list[tuple[str, float, bool, float | None]]:
    """Each base of a share on `Tổng hợp`: its text, the width of its merged cells, whether it
    wraps, and its row's height."""
    ws = load_workbook(path)[SHEET_SUMMARY]
    widths = {c: d.width for d in ws.column_dimensions.values() for c in range(d.min, d.max + 1)}
    out = []
    for cells in ws.merged_cells.ranges:
        text = ws.cell(cells.min_row, 4).value
        if cells.min_col != 4 or cells.min_row <= 5 or not isinstance(text, str):
            continue
        width = sum(widths[c] for c in range(4, cells.max_col + 1))
        wrap = bool(ws.cell(cells.min_row, 4).alignment.wrap_text)
        out.append((text, width, wrap, ws.row_dimensions[cells.min_row].height))
    return out


def test_every_base_of_a_share_shows_whole_over_a_period_of_one_year(ward: Ward, tmp_path: Path) -> None:
    bases = _bases(_consolidated(ward, tmp_path / "out"))
    assert any(t.startswith("tổ chức trong danh mục") for t, *_ in bases)
    assert any(t.startswith("đảng viên được miễn, tạm miễn") for t, *_ in bases)
    for text, width, wrap, height in bases:  # one line that fits, or wrapped in a row high enough
        lines = wrapped_lines(text, width - 1.5)
        assert lines == 1 or (wrap and height is not None and height >= 15 * lines), (text, width)


def test_the_frozen_header_of_the_statistics_sheet(ward: Ward, tmp_path: Path) -> None:
    ws = load_workbook(_consolidated(ward, tmp_path / "out"))[SHEET_SUMMARY]
    assert [c.value for c in ws[5][:4]] == ["Chỉ tiêu", "Số lượng", "Tỷ lệ", "Trên cơ sở"]
    assert ws.freeze_panes == "A6"  # the title, the coverage line and the header stay in view


@pytest.mark.slow
def test_libreoffice_prints_every_base_and_every_sha256_whole(ward: Ward, tmp_path: Path) -> None:
    pdftotext()  # fails, not skips, where CI requires it
    workbook = _consolidated(ward, tmp_path / "out")
    (pdf,) = convert([workbook], "pdf", tmp_path / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    printed = text.stdout
    for base, *_ in _bases(workbook):
        assert base in printed, base
    sources = load_workbook(workbook)[SHEET_SOURCES]
    digests = [
        c.value for c in sources["E"] if isinstance(c.value, str) and re.fullmatch(r"[0-9a-f]{64}", c.value)
    ]
    assert len(digests) == 3
    for digest in digests:
        assert digest in printed, digest


def _over(ward: Ward, out: Path, since: str) -> Path:
    out.mkdir()
    result = consolidate(ward, out, "--since", since, "--no-history", "--ward-name", "Phường Thử")
    assert result.exit_code == 0, result.output
    return out / "tong_hop.xlsx"


def test_the_bases_span_from_d_to_the_per_year_tables_total_column(ward: Ward, tmp_path: Path) -> None:
    """design.md §8: a base of a share ("Trên cơ sở") is one merged cell from D to the per-year
    tables' last column, their "Tổng" (I over 2020–2026), or to E when that is left of it (C,
    a one-year period)."""
    for since, last in (("2020-01-01", 9), ("2026-01-01", 5)):
        ws = load_workbook(_over(ward, tmp_path / since, since))[SHEET_SUMMARY]
        (total,) = {
            c.column for row in ws.iter_rows() if row[0].value == "Chỉ tiêu" for c in row if c.value == "Tổng"
        }
        assert last == max(5, total), (since, total)
        spans = {
            (m.min_col, m.max_col)
            for m in ws.merged_cells.ranges
            if m.min_row > 5 and isinstance(ws.cell(m.min_row, 4).value, str) and m.min_col == 4
        }
        assert spans == {(4, last)}, (since, spans)


def test_a_long_period_shows_its_years_in_blocks_of_seven(ward: Ward, tmp_path: Path) -> None:
    """From 2008 to 2026 the per-year tables of sections C–E go on in blocks of at most seven
    years (the last with the total), so the sheet is no wider than a seven-year period's and,
    fitted one page wide, prints sections A–B at the same size (hunt54 #2)."""
    long = load_workbook(_over(ward, tmp_path / "long", "2008-01-01"))[SHEET_SUMMARY]
    short = load_workbook(_over(ward, tmp_path / "short", "2020-01-01"))[SHEET_SUMMARY]
    assert long.max_column == short.max_column == 9  # the label, 7 years, the total
    headers = [
        [c.value for c in row[1:]]
        for row in long.iter_rows()
        if row[0].value == "Chỉ tiêu" and row[1].value != "Số lượng"
    ]
    changes = headers[:3]
    assert changes == [
        [*range(2008, 2015), None],
        [*range(2015, 2022), None],
        [*range(2022, 2026), "2026 (đến 31/3)", "Tổng", None, None],  # the cut-off's year unfinished
    ]


@pytest.mark.slow
def test_libreoffice_prints_sections_a_b_of_a_long_period_at_the_size_of_a_short_one(
    ward: Ward, tmp_path: Path
) -> None:
    pdftotext()  # fails, not skips, where CI requires it
    books = [_over(ward, tmp_path / since, since) for since in ("2008-01-01", "2020-01-01")]
    heights = []
    for n, book in enumerate(books):  # one folder each: both are named tong_hop
        (pdf,) = convert([book], "pdf", tmp_path / f"pdf{n}")
        page = subprocess.run(
            ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">Kinh<', page)
        assert words, "no line Kinh on page 1"
        heights.append(float(words[0][1]) - float(words[0][0]))
    assert heights[0] == pytest.approx(heights[1], rel=0.02), heights
