"""What the sheet scan finds in a sheet's XML, written otherwise than Excel writes it.

Sheet XML whose elements carry a namespace prefix (`<x:c r="B2">`, as the .NET Open XML SDK
can write it), or whose attributes are in single quotes or have spaces around `=`
(`<c r='B2' t = 'e'>`, as XML allows): calamine reads either as it reads `<c r="B2" t="e">`,
so what the sheet scan looks for (error values, numbers calamine cannot make a date of, hidden
rows, volatile formulas, formulas without a value) must be found there too. Before, an error
cell of such a sheet was read as an empty cell, without a word, and a negative infinity in a
date cell reached calamine.

Error cells are found from the cells' start tags only: a cell in an XML comment is no cell
(calamine skips comments), and an error cell without content has no value of its own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers_ward import Ward, cli, pristine, set_cell, ward
from ooxml_hostile import OoxmlPackage
from test_hostile_dataloss import ERROR_CELLS, _style

from toolkit.core import layout
from toolkit.io import errorcells, package

__all__ = ["pristine", "ward"]  # fixtures

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def prefixed(xml: str, prefix: str = "x") -> str:
    """The sheet XML with the spreadsheet namespace bound to `prefix` on every element of it."""
    head_end = xml.index("?>") + 2 if xml.startswith("<?xml") else 0
    body = re.sub(r"<(/?)([A-Za-z][\w]*)(?=[\s>/])", rf"<\1{prefix}:\2", xml[head_end:])
    body = body.replace(f'xmlns="{MAIN_NS}"', f'xmlns:{prefix}="{MAIN_NS}"', 1)
    return xml[:head_end] + body


def single_quoted(xml: str) -> str:
    """The sheet XML with every attribute of its tags as `name = 'value'`."""

    def tag(m: re.Match[str]) -> str:
        return re.sub(r'(\s[\w:.-]+)="([^"]*)"', r"\1 = '\2'", m.group(0))

    head_end = xml.index("?>") + 2 if xml.startswith("<?xml") else 0
    return xml[:head_end] + re.sub(r"<[A-Za-z][^>]*>", tag, xml[head_end:])


WRITINGS = {"prefixed": prefixed, "single quotes": single_quoted}


def rewrite_sheet(path: Path, sheet: str, writing: str) -> None:
    package = OoxmlPackage(path.read_bytes())
    part = package.sheet_part(sheet)
    text = package.text(part)
    assert f'xmlns="{MAIN_NS}"' in text
    package.set_text(part, WRITINGS[writing](text))
    path.write_bytes(package.to_bytes())


def _validate(path: Path, out: Path) -> list[dict[str, str]]:
    result = cli("validate", path, "--json", out, "--personal-data")
    assert result.exit_code in (0, 1), result.output
    return json.loads(out.read_text("utf-8"))["issues"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("writing", list(WRITINGS))
@pytest.mark.parametrize("kind", ["#REF!", "#DIV/0! formula", "#SPILL!", "NaN", "-Infinity"])
def test_an_error_value_of_a_sheet_so_written_is_an_error_at_its_cell(
    ward: Ward, tmp_path: Path, kind: str, writing: str
) -> None:
    sheet = layout.SHEET_MEMBERS
    ref = f"{layout.MEMBERS.letter('admission_date')}2"
    path = ward.files["K01"]
    set_cell(path, sheet, ref, ERROR_CELLS[kind].format(ref=ref, s=_style(path, sheet, ref)))
    rewrite_sheet(path, sheet, writing)
    issues = _validate(path, tmp_path / "kt.json")
    at_cell = [i for i in issues if i["sheet"] == sheet and i["cell"] == ref]
    assert [i["code"] for i in at_cell] == ["cell.error_value"], at_cell
    assert at_cell[0]["value"] == kind.split()[0]
    assert not any(i["code"] == "file.unreadable" for i in issues)


@pytest.mark.parametrize("writing", list(WRITINGS))
def test_hidden_rows_and_volatile_formulas_of_a_sheet_so_written_are_said(
    ward: Ward, tmp_path: Path, writing: str
) -> None:
    sheet = layout.SHEET_MEMBERS
    path = ward.files["K02"]
    package = OoxmlPackage(path.read_bytes())
    part = package.sheet_part(sheet)
    text = re.sub(r'<row r="3"', '<row r="3" hidden="1"', package.text(part), count=1)
    package.set_text(part, text)
    path.write_bytes(package.to_bytes())
    ref = f"{layout.MEMBERS.letter('admission_date')}2"
    style = _style(path, sheet, ref)
    set_cell(path, sheet, ref, f'<c r="{ref}" s="{style}"><f>TODAY()-4000</f><v>42000</v></c>')
    rewrite_sheet(path, sheet, writing)
    issues = _validate(path, tmp_path / "kt.json")
    assert any(i["code"] == "cell.hidden_row" and i["cell"] == "A3" for i in issues), issues
    assert any(i["code"] == "cell.volatile_formula" and ref in i["cell"] for i in issues), issues


def test_only_the_prefix_of_the_spreadsheet_namespace_is_taken_off() -> None:
    xml = (
        f'<?xml version="1.0"?><x:worksheet xmlns:x="{MAIN_NS}" xmlns:o="urn:other"><x:sheetData>'
        '<x:row r="2"><x:c r="B2" t="e"><x:v>#REF!</x:v></x:c><o:c r="C2" t="e"><o:v>#N/A</o:v></o:c>'
        "</x:row></x:sheetData></x:worksheet>"
    )
    plain = package.plain_elements(xml.encode())
    assert b'<c r="B2" t="e"><v>#REF!</v></c>' in plain
    assert b"<o:c " in plain  # another namespace's element is not a cell
    assert errorcells.find_error_cells(plain)[0] == {(2, 2): "#REF!"}
    unprefixed = f'<worksheet xmlns="{MAIN_NS}"><sheetData/></worksheet>'.encode()
    assert package.plain_elements(unprefixed) is unprefixed


def test_error_cells_are_found_from_their_start_tags_only() -> None:
    xml = (
        b'<sheetData><row r="1"><c r="A1" t="e"/><c r="B1"><v>5</v></c>'
        b'<c r="C1" t="inlineStr"><is><t>note t="e" here t="e"</t></is></c>'
        b'<c r="D1" s="3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="E1" t="e"><v>#SPILL!</v></c></row>'
        b"</sheetData>"
    )
    found, needs_defusing = errorcells.find_error_cells(xml)
    assert found == {(1, 1): "#N/A", (1, 4): "#DIV/0!", (1, 5): "#SPILL!"}
    assert needs_defusing  # #SPILL! is a code calamine does not know
    assert errorcells.find_error_cells(xml.replace(b"#SPILL!", b"#REF!"))[1] is False


def test_an_error_cell_inside_an_xml_comment_is_no_error(ward: Ward, tmp_path: Path) -> None:
    sheet = layout.SHEET_MEMBERS
    path = ward.files["K03"]
    package = OoxmlPackage(path.read_bytes())
    part = package.sheet_part(sheet)
    ref = f"{layout.MEMBERS.letter('admission_date')}2"
    comment = f'<!-- <c r="{ref}" t="e"><v>#SPILL!</v></c> -->'
    package.set_text(part, package.text(part).replace("<sheetData>", "<sheetData>" + comment, 1))
    path.write_bytes(package.to_bytes())
    issues = _validate(path, tmp_path / "kt.json")
    assert not any(i["code"] in ("cell.error_value", "file.unreadable") for i in issues), issues


def test_non_finite_values_are_found_in_their_own_cells_only() -> None:
    xml = (
        b'<sheetData><row r="1"><c r="A1"><v>NaN</v></c><c r="B1" t="str"><f>"nan"</f><v>nan</v></c>'
        b'<c r="C1" t="n"><v>-inf</v></c><c r="D1"><v>2</v></c></row>'
        b'<row r="2"><v>nan</v><c r="A2" s="1"><v>+Infinity</v></c><c r="B2"/><v>inf</v></row>'
        b"</sheetData>"
    )
    found, needs_defusing = errorcells.find_error_cells(xml)
    # B1's "nan" is a formula's text; the two values outside any cell belong to none.
    assert found == {(1, 1): "NaN", (1, 3): "-Infinity", (2, 1): "Infinity"}
    assert needs_defusing


def test_only_attributes_in_tags_are_rewritten_and_only_when_needed() -> None:
    xml = (
        b"<?xml version='1.0' encoding='utf-8'?>"
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="2"><c r="B2" t="inlineStr"><is><t>a=\'b\' c = "d"</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    assert package.plain_elements(xml) is xml  # a single-quoted declaration is no tag
    loose = xml.replace(b'<c r="B2"', b"<c r = 'B2' x='say \"hi\"'")
    assert package.plain_elements(loose) == xml.replace(b'<c r="B2"', b'<c r="B2" x="say &quot;hi&quot;"')
