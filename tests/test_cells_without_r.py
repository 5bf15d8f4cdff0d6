"""Sheets whose rows and cells carry no `r` attribute (optional in SpreadsheetML; Open XML SDK
code that never sets `RowIndex`/`CellReference` writes them so): everything the sheet scan
finds, it finds there too, at the same cells.

calamine places such cells by the rule of the specification (a row without `r` is the one
after the previous row, a cell without `r` the one right of the previous cell of its row).
The sheet scan used to find cells only by their `r`: a formula without a value and a `#REF!`
in a count of `Số liệu năm` were read as 0 and the file consolidated without a word, an `#N/A`
in a member's cell was called an empty cell, and hidden and struck-through rows were not
warned about. The files here are the real template (`helpers_validate.write`), with what the
scan looks for put in by openpyxl or by hand in the XML, then rewritten without `r`
(`without_r`) in the three ways a generator may: rows and cells, rows only, cells only. The
issues must be the same as those of the file with its `r`.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import rewrite_zip, run, sheet_part, with_formulas, write
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from toolkit.core import layout
from toolkit.io import cellrefs, errorcells, extent

M, Y = layout.SHEET_MEMBERS, layout.SHEET_YEARS


def _column(letters: str) -> int:
    return cellrefs.column_index(letters.encode())


_TAG = re.compile(r"<row\b([^>]*?)(/?)>|<c\b([^>]*?)(/?)>")


def without_r(xml: str, *, rows: bool = True, cells: bool = True) -> str:
    """The sheet XML with no `r` on its rows (`rows`) and on its cells (`cells`), every row and
    cell kept where it was: an empty `<row/>` for each row skipped, an empty `<c/>` for each
    column skipped (as a generator that writes a dense grid does)."""
    out: list[str] = []
    pos, next_row, next_column = 0, 1, 1
    for m in _TAG.finditer(xml):
        out.append(xml[pos : m.start()])
        pos = m.end()
        if m.group(1) is not None:  # a row
            attrs = m.group(1)
            number = int(re.search(r'\br="(\d+)"', attrs).group(1))  # type: ignore[union-attr]
            if rows:
                out.append("<row/>" * (number - next_row))
                attrs = re.sub(r'\sr="\d+"', "", attrs)
            out.append(f"<row{attrs}{m.group(2)}>")
            next_row, next_column = number + 1, 1
        else:
            attrs = m.group(3)
            ref = re.search(r'\br="([A-Z]+)\d+"', attrs)
            assert ref is not None
            column = _column(ref.group(1))
            if cells:
                out.append("<c/>" * (column - next_column))
                attrs = re.sub(r'\sr="[A-Z]+\d+"', "", attrs)
            out.append(f"<c{attrs}{m.group(4)}>")
            next_column = column + 1
    out.append(xml[pos:])
    return "".join(out)


WAYS: dict[str, dict[str, bool]] = {
    "rows and cells": {"rows": True, "cells": True},
    "rows only": {"rows": True, "cells": False},
    "cells only": {"rows": False, "cells": True},
}


def drop_r(path: Path, way: str) -> Path:
    """Every worksheet of the file rewritten `without_r` the given way."""

    def change(name: str, data: bytes) -> bytes:
        if not name.startswith("xl/worksheets/sheet"):
            return data
        text = without_r(data.decode("utf-8"), **WAYS[way])
        data_xml = text.split("<sheetData", 1)[1].split("</sheetData>")[0]
        if WAYS[way]["cells"]:
            assert not re.search(r'<c\b[^>]*\sr="', data_xml)
        if WAYS[way]["rows"]:
            assert not re.search(r'<row\b[^>]*\sr="', data_xml)
        return text.encode("utf-8")

    rewrite_zip(path, change)
    return path


def _set_cells(path: Path, sheet: str, cells: dict[str, str]) -> None:
    """Each cell (ref → the cell's XML, `{ref}` and `{s}` its reference and style) typed by hand."""
    part = sheet_part(path, sheet)

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        xml = data.decode("utf-8")
        for ref, cell in cells.items():
            m = re.search(rf'<c r="{ref}"([^>]*?)(?:/>|>.*?</c>)', xml, flags=re.S)
            assert m is not None, ref
            style = re.search(r'\bs="(\d+)"', m.group(1))
            new = cell.format(ref=ref, s=style.group(1) if style else "0")
            xml = xml[: m.start()] + new + xml[m.end() :]
        return xml.encode("utf-8")

    rewrite_zip(path, change)


def planted(folder: Path) -> Path:
    """A submission holding one of each thing the sheet scan finds."""
    folder.mkdir(parents=True, exist_ok=True)
    path = write(folder)
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    ws.row_dimensions[3].hidden = True  # a hidden row
    for c in range(1, 8):  # a row struck through (Ctrl+5)
        font = copy.copy(ws.cell(5, c).font)
        font.strike = True
        ws.cell(5, c).font = font
    ws["B4"] = "Lª V¨n C\u00adêng"  # a name typed in TCVN3
    ws["B4"].font = Font(name=".VnTime")
    ws[f"{layout.MEMBERS.letter('note')}2"] = "=A1&A2"  # a formula never calculated
    wb[Y]["F2"] = "=SUM(F3:F4)"
    wb[Y]["E3"] = "#REF!"  # openpyxl writes it as the error value it is (`t="e"`)
    wb.save(path)
    admission = layout.MEMBERS.letter("admission_date")
    _set_cells(
        path,
        M,
        {
            f"{layout.MEMBERS.letter('gender')}6": '<c r="{ref}" s="{s}" t="e"><f>NA()</f><v>#N/A</v></c>',
            f"{admission}4": '<c r="{ref}" s="{s}"><v>NaN</v></c>',
            f"{admission}6": '<c r="{ref}" s="{s}" t="e"><f>SEQUENCE(3)</f><v>#SPILL!</v></c>',
        },
    )
    with_formulas(path, M, {f"{layout.MEMBERS.letter('birth_date')}3": "TODAY()-10000"})
    return path


EXPECTED = {
    ("cell.hidden_row", M, "A3"),
    ("cell.strikethrough", M, "A5"),
    ("norm.legacy_encoding", M, "B4"),
    ("cell.formula_no_value", M, f"{layout.MEMBERS.letter('note')}2"),
    ("cell.formula_no_value", Y, "F2"),
    ("cell.error_value", M, f"{layout.MEMBERS.letter('gender')}6"),
    ("cell.error_value", M, f"{layout.MEMBERS.letter('admission_date')}4"),
    ("cell.error_value", M, f"{layout.MEMBERS.letter('admission_date')}6"),
    ("cell.error_value", Y, "E3"),
    ("cell.volatile_formula", M, f"{layout.MEMBERS.letter('birth_date')}3"),
}


def _found(path: Path) -> set[tuple[str, str | None, str | None, str]]:
    return {(i.code, i.sheet, i.cell, i.message) for i in run(path).issues}


@pytest.fixture(scope="module")
def with_r(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, set[tuple[str, str | None, str | None, str]]]:
    path = planted(tmp_path_factory.mktemp("with_r"))
    found = _found(path)
    assert EXPECTED <= {f[:3] for f in found}, sorted(found)
    return path, found


@pytest.mark.parametrize("way", list(WAYS))
def test_without_r_the_scan_finds_what_it_finds_with_r(
    with_r: tuple[Path, set[tuple[str, str | None, str | None, str]]], tmp_path: Path, way: str
) -> None:
    source, expected = with_r
    path = tmp_path / source.name
    path.write_bytes(source.read_bytes())
    drop_r(path, way)
    assert _found(path) == expected


@pytest.mark.parametrize("way", list(WAYS))
def test_without_r_a_broken_count_keeps_the_file_out_of_the_figures(tmp_path: Path, way: str) -> None:
    """The silent case: a count that is a formula never calculated, another that is `#REF!`."""
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb[Y]["F2"] = "=SUM(F3:F4)"
    wb[Y]["E3"] = "#REF!"
    wb.save(path)
    drop_r(path, way)
    result = run(path)
    errors = {(i.code, i.cell) for i in result.issues if i.severity == "error"}
    assert errors == {("cell.formula_no_value", "F2"), ("cell.error_value", "E3")}


def test_a_number_too_small_is_named_at_its_cell_without_r(tmp_path: Path) -> None:
    path = write(tmp_path)
    ref = f"{layout.MEMBERS.letter('birth_date')}4"
    _set_cells(path, M, {ref: '<c r="{ref}" s="{s}"><v>-1e300</v></c>'})
    drop_r(path, "rows and cells")
    issue = next(i for i in run(path).issues if i.code == "cell.out_of_range")
    assert issue.cell == ref and ref in issue.message
    assert issue.value == "-1E+300"  # as Excel shows it, not 301 digits grouped (hunt175 F6)


# --------------------------------------------------------------------------------------------
# The rule itself, against calamine
# --------------------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
    '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
    'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
    'name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _sheet(rows: str) -> bytes:
    return (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def _calamine_places(xml: bytes) -> dict[int, tuple[int, int]]:
    """Where calamine puts each cell's value (a number), by that number."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", xml)
    grid = CalamineWorkbook.from_filelike(io.BytesIO(data.getvalue())).get_sheet_by_name("S")
    return {
        int(v): (r + 1, c + 1)
        for r, row in enumerate(grid.to_python(skip_empty_area=False))
        for c, v in enumerate(row)
        if v != ""
    }


def _places(xml: bytes) -> dict[int, tuple[int, int]]:
    """Where `cellrefs.Places` puts each cell of the XML, by its value (of two cells in one
    place, the later one's, which calamine keeps)."""
    places = cellrefs.Places(xml)
    held: dict[tuple[int, int], int] = {}
    for m in re.finditer(rb"<c(?=[\s/>])([^>]*?)(/?)>(?:<v>(\d+)</v></c>)?", xml):
        at = places.cell(m.start(), m.group(1))
        assert at is not None
        if m.group(3) is not None:  # an empty cell takes a column, and leaves a value where it is
            held[at] = int(m.group(3))
    return {value: at for at, value in held.items()}


_ROWS = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(1, 40)),  # the row's r (None: none)
        st.booleans(),  # an empty row written `<row/>`
        st.lists(st.tuples(st.one_of(st.none(), st.integers(1, 12)), st.booleans()), max_size=6),
    ),
    max_size=8,
)


def _written(rows: list[tuple[int | None, bool, list[tuple[int | None, bool]]]], rising: bool) -> bytes:
    """Rows and cells, each cell with a value or empty (`<c/>`), with `r` where one is given.
    `rising`: the given ones only ever going forward (as any writer writes them)."""
    out, value, last_row = [], 0, 0
    for r, empty, cells in rows:
        if rising and r is not None:
            r = last_row = max(r, last_row + 1)
        elif r is None:
            last_row += 1
        row_attr = f' r="{r}"' if r is not None else ""
        if empty:
            out.append(f"<row{row_attr}/>")
            continue
        body, last_column = [], 0
        for column, filled in cells:
            if rising and column is not None:
                column = last_column = max(column, last_column + 1)
            elif column is None:
                last_column += 1
            ref = f' r="{openpyxl.utils.get_column_letter(column)}{r or 1}"' if column is not None else ""
            if filled:
                value += 1
                body.append(f"<c{ref}><v>{value}</v></c>")
            else:
                body.append(f"<c{ref}/>")
        out.append(f"<row{row_attr}>{''.join(body)}</row>")
    return _sheet("".join(out))


@settings(max_examples=150, deadline=None)
@given(rows=_ROWS, rising=st.booleans())
def test_cells_are_placed_where_calamine_places_them(
    rows: list[tuple[int | None, bool, list[tuple[int | None, bool]]]], rising: bool
) -> None:
    xml = _written(rows, rising)
    assert _places(xml) == _calamine_places(xml)


def test_rows_are_placed_by_the_rule() -> None:
    xml = _sheet(
        '<row><c/></row><row r="5"/><row hidden="1"><c/></row><row spans="1:2"/><row r="9"></row><row>'
    )
    places = cellrefs.Places(xml)
    rows = [places.row(m.start(), m.group(1)) for m in re.finditer(rb"<row\b([^>]*)>", xml)]
    assert rows == [1, 5, 6, 7, 9, 10]


def test_asked_out_of_order_the_places_stay_right() -> None:
    xml = _sheet("<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>")
    starts = [m.start() for m in re.finditer(rb"<c>", xml)]
    places = cellrefs.Places(xml)
    assert [places.cell(s, b"") for s in reversed(starts)] == [(2, 1), (1, 2), (1, 1)]
    assert places.cell(starts[0] + 1, b"") is None  # no cell starts there


def test_error_cells_without_r() -> None:
    xml = _sheet('<row/><row><c/><c t="e"><v>#REF!</v></c><c><v>nan</v></c></row>')
    found, needs_defusing = errorcells.find_error_cells(xml)
    assert found == {(2, 2): "#REF!", (2, 3): "NaN"} and needs_defusing


def test_the_extent_of_a_sheet_without_r_is_measured_by_the_same_rule() -> None:
    far = _sheet('<row r="1048576"><c r="XFC1048576"/><c><v>1</v></c></row>')
    problem = extent.sheet_extent_problem(far)
    assert problem is not None and problem.cell == "XFD1048576"
    near = _sheet("<row><c><v>1</v></c></row>" * 3)
    assert extent.sheet_extent_problem(near) is None
