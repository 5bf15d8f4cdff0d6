"""A secretary deletes a member's row on the protected data sheets (hunt43 docs #1).

The guide says to drop a member by deleting the whole row (right-click the row number,
Delete). A protected sheet deletes only a row with no locked cell, up to column XFD, so every
cell of a data sheet's data rows must be unlocked, cells and column styles alike, while the
header row stays locked; LibreOffice, driven as a clerk drives it, is the outside check."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from libreoffice import soffice, uno_python
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.core import layout
from toolkit.outputs.template import write_blank_template, write_submission

LAST_COLUMN = 16384  # XFD
DATA_SHEETS = [spec.name for spec in layout.LAYOUTS[layout.TEMPLATE_VERSION].data_sheets]
UNO_SCRIPT = Path(__file__).with_name("uno_delete_rows.py")


def column_locked(ws: Worksheet) -> list[bool]:
    """Whether each column's default style (index 0 is column A) is locked; a column without
    a style has the workbook's default one, locked."""
    locked = [True] * LAST_COLUMN
    for dim in ws.column_dimensions.values():
        for col in range(dim.min, dim.max + 1):
            locked[col - 1] = dim.protection.locked
    return locked


def locked_in_data_rows(ws: Worksheet) -> list[str]:
    """The locked cells, row styles and column styles of the sheet's data rows."""
    # The cells the file holds (iter_rows would make up the missing ones, with a locked style).
    held = ws._cells.values()
    found = [c.coordinate for c in held if c.row >= layout.FIRST_DATA_ROW and c.protection.locked]
    found += [
        f"row {r}"
        for r, dim in ws.row_dimensions.items()
        if r >= layout.FIRST_DATA_ROW and dim.customFormat and dim.protection.locked
    ]
    locked = column_locked(ws)
    first = next((i for i, is_locked in enumerate(locked) if is_locked), None)
    if first is not None:
        letter = openpyxl.utils.get_column_letter(first + 1)
        found.append(f"column style from {letter} ({sum(locked)} columns)")
    return found


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("rowdel")
    info = {"org_code": "CB01", "org_name": "Chi bộ Khu phố 1"}
    member = {"row_no": 1, "full_name": "Nguyễn Văn An", "birth_date": "01/02/1960"}
    event = {"row_no": 1, "full_name": "Trần Thị Bình", "event_type": "death", "event_date": "05/03/2026"}
    return {
        "blank": write_blank_template(folder),
        "filled": write_submission(folder / "filled.xlsx", info=info, members=[member] * 3, events=[event]),
    }


@pytest.mark.parametrize("book", ["blank", "filled"])
def test_every_cell_of_the_data_rows_is_unlocked_and_the_header_row_locked(
    books: dict[str, Path], book: str
) -> None:
    wb = openpyxl.load_workbook(books[book])
    for name in DATA_SHEETS:
        ws = wb[name]
        p = ws.protection
        assert p.sheet and p.deleteRows is False and p.insertRows is False  # protected, rows deletable
        assert locked_in_data_rows(ws) == [], name
        header = ws.row_dimensions[1]
        assert header.customFormat and header.protection.locked, name  # locked beyond the table too
        assert all(c.protection.locked for c in ws[1]), name
    if book == "filled":
        assert [c.value for c in wb[DATA_SHEETS[0]]["A2:B4"][2]] == [1, "Nguyễn Văn An"]


def test_the_columns_right_of_the_table_keep_their_default_width(books: dict[str, Path]) -> None:
    """Nothing visible changes in Excel: the unlocked columns beyond the table have Excel's
    default width (64 pixels), written as Excel writes a column given a style only."""
    wb = openpyxl.load_workbook(books["blank"])
    with zipfile.ZipFile(books["blank"]) as z:
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        book_xml = z.read("xl/workbook.xml").decode()
        for name in DATA_SHEETS:
            rid = re.search(rf'<sheet [^>]*name="{name}"[^>]*r:id="([^"]+)"', book_xml)
            assert rid is not None
            target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
                rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
            )
            assert target is not None
            xml = z.read("xl/" + target.group(1).removeprefix("/xl/")).decode()
            width = sum(1 for c in wb[name][1] if c.value is not None)
            beyond = re.search(rf'<col [^>]*min="{width + 1}" max="{LAST_COLUMN}"[^>]*/>', xml)
            assert beyond is not None, name
            assert 'width="9.140625"' in beyond.group(0), beyond.group(0)


def run_uno(tmp_path: Path, book: Path, row: int, sheets: list[str]) -> dict[str, dict]:
    soffice()
    profile = tmp_path / f"lo-profile-{row}"
    done = subprocess.run(
        [uno_python(), str(UNO_SCRIPT), str(profile), str(book), str(row), *sheets],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return {r["sheet"]: r for r in results}


def test_libreoffice_deletes_a_data_row_and_refuses_the_header(
    books: dict[str, Path], tmp_path: Path
) -> None:
    for book in ("blank", "filled"):
        data_row = run_uno(tmp_path, books[book], 3, [*DATA_SHEETS, layout.SHEET_INFO])
        for name in DATA_SHEETS:
            assert data_row[name]["protected"], (book, name)
            assert data_row[name]["deleted"], (book, name, data_row[name])
            assert data_row[name]["locked"] == {"A3": False, "ZZ3": False}, (book, name)
        # Thông tin's rows hold its locked labels: still not deletable.
        assert not data_row[layout.SHEET_INFO]["deleted"]
    header = run_uno(tmp_path, books["blank"], 1, DATA_SHEETS)
    for name in DATA_SHEETS:
        assert not header[name]["deleted"], name
        assert header[name]["locked"] == {"A1": True, "ZZ1": True}, name
