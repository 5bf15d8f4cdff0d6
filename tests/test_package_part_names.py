"""Package parts are found as Excel and calamine find them (hunt143 F1, F2, F3).

OPC compares part names case-insensitively: a workbook relationship naming
`/xl/worksheets/Sheet5.xml` for the zip entry `xl/worksheets/sheet5.xml` (or the reverse) is a
valid package, and calamine reads that sheet. The sheet scans looked the part up by its exact
name, found nothing and scanned nothing: an error cell read as 0, hidden rows not said, and
the file passed. Shared strings and styles were looked for at their usual names only. A zip
with two entries of one name was read from its last copy without a word.

The files here are the real template (`helpers_validate.write`), rewritten at the zip level.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers_validate import clean_members, rewrite_zip, run, sheet_part, write
from ooxml_hostile import (
    CT_SHARED_STRINGS,
    NS_MAIN,
    REL_SHARED_STRINGS,
    OoxmlPackage,
    raw_entry,
    write_raw_zip,
)

from toolkit.core import layout
from toolkit.core.model import Issue

M, Y = layout.SHEET_MEMBERS, layout.SHEET_YEARS
RELS = "xl/_rels/workbook.xml.rels"
TYPES = "[Content_Types].xml"


def _issues(path: Path) -> list[Issue]:
    return [i for i in run(path).issues if i.file == path.name]


def _codes(path: Path) -> list[str]:
    return [i.code for i in _issues(path)]


def _error_cell(path: Path) -> None:
    """C2 of `Số liệu năm` (a count) is a formula giving #DIV/0!."""
    part = sheet_part(path, Y)

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        xml, n = re.subn(
            rb'<c r="C2" s="(\d+)" t="n"><v>\d+</v></c>',
            rb'<c r="C2" s="\1" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
            data,
        )
        assert n == 1
        return xml

    rewrite_zip(path, change)


def _hidden_rows(path: Path) -> None:
    """Rows 2–3 of `Đảng viên` are hidden."""
    part = sheet_part(path, M)

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        xml, n = re.subn(rb'<row r="([23])"', rb'<row r="\1" hidden="1"', data)
        assert n == 2
        return xml

    rewrite_zip(path, change)


def _rels_case(path: Path, sheet: str) -> None:
    """The workbook's relationship names the sheet's part with a capital S (`Sheet5.xml`)."""
    part = sheet_part(path, sheet)
    capital = part.replace("/sheet", "/Sheet").encode()

    def change(name: str, data: bytes) -> bytes:
        return data.replace(b"/" + part.encode(), b"/" + capital) if name == RELS else data

    rewrite_zip(path, change)


def _entry_case(path: Path, sheet: str) -> None:
    """The zip entry of the sheet's part is `Sheet5.xml`; the relationship says `sheet5.xml`."""
    part = sheet_part(path, sheet)
    capital = part.replace("/sheet", "/Sheet")
    source = OoxmlPackage(path.read_bytes())
    source.parts = {(capital if n == part else n): d for n, d in source.parts.items()}
    path.write_bytes(source.to_bytes())


def _backslash_entry(path: Path, sheet: str) -> None:
    """The zip entry of the sheet's part is named with backslashes (as some Windows tools zip)."""
    part = sheet_part(path, sheet)
    source = OoxmlPackage(path.read_bytes())
    source.parts = {(n.replace("/", "\\") if n == part else n): d for n, d in source.parts.items()}
    path.write_bytes(source.to_bytes())


NAMING: dict[str, Callable[[Path, str], None] | None] = {
    "as written": None,
    "relationship in another case": _rels_case,
    "entry in another case": _entry_case,
    "entry with backslashes": _backslash_entry,
}


@pytest.mark.parametrize("naming", list(NAMING))
def test_an_error_cell_is_found_whatever_the_case_of_the_part_name(tmp_path: Path, naming: str) -> None:
    path = write(tmp_path)
    _error_cell(path)
    rename = NAMING[naming]
    if rename is not None:
        rename(path, Y)
    errors = [(i.code, i.sheet, i.cell) for i in _issues(path) if i.severity == "error"]
    assert ("cell.error_value", Y, "C2") in errors


@pytest.mark.parametrize("naming", list(NAMING))
def test_hidden_rows_are_said_whatever_the_case_of_the_part_name(tmp_path: Path, naming: str) -> None:
    path = write(tmp_path)
    _hidden_rows(path)
    rename = NAMING[naming]
    if rename is not None:
        rename(path, M)
    hidden = [i for i in _issues(path) if i.code == "cell.hidden_row"]
    assert len(hidden) == 1 and hidden[0].sheet == M


def test_a_sheet_whose_part_is_missing_is_refused_naming_it(tmp_path: Path) -> None:
    path = write(tmp_path)
    part = sheet_part(path, Y)
    rewrite_zip(path, lambda name, data: None if name == part else data)
    refused = [i for i in _issues(path) if i.code == "file.unreadable"]
    assert len(refused) == 1
    assert f"sheet \u201c{Y}\u201d bị mất phần nội dung" in refused[0].message


# --------------------------------------------------------------------------------------------
# Shared strings and styles, found through the workbook's relationships
# --------------------------------------------------------------------------------------------


def _first_name_shared(path: Path, part: str, *, struck: bool) -> None:
    """The first member's name (`Đảng viên` B2) as a shared string, in the part `part` the
    workbook's relationship names, its run struck through."""
    package = OoxmlPackage(path.read_bytes())
    name = clean_members()[0]["full_name"]
    props = '<rPr><strike/><sz val="12"/></rPr>' if struck else ""
    sst = f'<sst xmlns="{NS_MAIN}" count="1" uniqueCount="1"><si><r>{props}<t>{name}</t></r></si></sst>'
    package.add_part(part, sst.encode(), CT_SHARED_STRINGS, REL_SHARED_STRINGS)
    members = package.sheet_part(M)
    xml, n = re.subn(
        r'<c r="B2"([^>]*?) t="inlineStr"><is><t[^>]*>[^<]*</t></is></c>',
        r'<c r="B2"\1 t="s"><v>0</v></c>',
        package.text(members),
    )
    assert n == 1
    package.set_text(members, xml)
    path.write_bytes(package.to_bytes())


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/SharedStrings.xml"])
def test_a_struck_shared_string_is_said_whatever_the_case_of_its_part(tmp_path: Path, part: str) -> None:
    path = write(tmp_path)
    _first_name_shared(path, part, struck=True)
    struck = [i for i in _issues(path) if i.code == "cell.strikethrough"]
    assert len(struck) == 1 and struck[0].sheet == M
    assert "file.unreadable" not in _codes(path)


def test_shared_strings_under_another_name_are_refused_saying_so(tmp_path: Path) -> None:
    """calamine reads the string table at its usual name only: the refusal names the string
    table, not the hidden sheet `_meta` calamine happened to read first."""
    path = write(tmp_path)
    _first_name_shared(path, "xl/strings.xml", struck=False)
    refused = [i for i in _issues(path) if i.code == "file.unreadable"]
    assert len(refused) == 1
    assert "sharedStrings" in refused[0].message and "xl/strings.xml" in refused[0].message
    assert "_meta" not in refused[0].message


def test_a_struck_style_is_found_in_a_styles_part_named_in_another_case(tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Font

    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb[M]["B2"].font = Font(strike=True)
    wb.save(path)
    source = OoxmlPackage(path.read_bytes())
    source.parts = {("xl/Styles.xml" if n == "xl/styles.xml" else n): d for n, d in source.parts.items()}
    for name in (RELS, TYPES):
        source.parts[name] = source.parts[name].replace(b"styles.xml", b"Styles.xml")
    path.write_bytes(source.to_bytes())
    struck = [i for i in _issues(path) if i.code == "cell.strikethrough"]
    assert len(struck) == 1 and struck[0].sheet == M


# --------------------------------------------------------------------------------------------
# Two entries of one name
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("second", ["same name", "name in another case"])
def test_a_package_with_two_entries_of_one_part_is_refused(tmp_path: Path, second: str) -> None:
    """A tool that appended a sheet part again instead of replacing it: OPC forbids it, and
    the last copy (2 members instead of the first copy's) was read without a word."""
    path = write(tmp_path)
    part = sheet_part(path, M)
    package = OoxmlPackage(path.read_bytes())
    xml = package.text(part)
    short = re.sub(r'<row r="(?:[4-9]|\d\d+)".*?</row>', "", xml, flags=re.S)
    assert short != xml
    entries = [raw_entry(n, d) for n, d in package.parts.items()]
    again = part if second == "same name" else part.replace("/sheet", "/Sheet")
    entries.append(raw_entry(again, short.encode()))
    path.write_bytes(write_raw_zip(entries))
    issues = _issues(path)
    refused = [i for i in issues if i.code == "file.unreadable"]
    assert len(refused) == 1, [i.code for i in issues]
    assert "hai bản" in refused[0].message and "bị hỏng" in refused[0].message
    assert "Excel" in refused[0].message


# --------------------------------------------------------------------------------------------
# The workbook part and the document properties, in any case (review150 F2)
# --------------------------------------------------------------------------------------------

WORKBOOK = "xl/workbook.xml"
WORKBOOK_NAMING: dict[str, dict[str, str]] = {
    "Workbook.xml": {WORKBOOK: "xl/Workbook.xml"},
    "XL/WORKBOOK.XML": {WORKBOOK: "XL/WORKBOOK.XML"},
    "backslash": {WORKBOOK: "xl\\workbook.xml"},
    "with its relationships": {WORKBOOK: "xl/Workbook.xml", RELS: "xl/_rels/Workbook.xml.rels"},
}


def _rename_entries(path: Path, renamed: dict[str, str]) -> None:
    source = OoxmlPackage(path.read_bytes())
    source.parts = {renamed.get(n, n): d for n, d in source.parts.items()}
    path.write_bytes(source.to_bytes())


@pytest.mark.parametrize("naming", list(WORKBOOK_NAMING))
def test_a_workbook_part_named_in_another_case_is_read_and_checked(tmp_path: Path, naming: str) -> None:
    """calamine reads `xl/Workbook.xml` (any case, backslashes) as the workbook: the file was
    refused as "không có phần sổ làm việc Excel"; it is read, and its sheets are checked."""
    (tmp_path / "clean").mkdir()
    (tmp_path / "error").mkdir()
    clean = write(tmp_path / "clean")
    _rename_entries(clean, WORKBOOK_NAMING[naming])
    assert _codes(clean) == []
    path = write(tmp_path / "error")
    _error_cell(path)
    _rename_entries(path, WORKBOOK_NAMING[naming])
    errors = [(i.code, i.sheet, i.cell) for i in _issues(path) if i.severity == "error"]
    assert errors == [("cell.error_value", Y, "C2")]


def test_a_strict_workbook_part_named_in_another_case_is_still_strict(tmp_path: Path) -> None:
    path = write(tmp_path)
    strict = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    rewrite_zip(
        path,
        lambda name, data: (
            data.replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", strict)
            if name == WORKBOOK
            else data
        ),
    )
    _rename_entries(path, {WORKBOOK: "xl/Workbook.xml"})
    assert _codes(path) == ["file.strict"]


def test_ward_stats_own_workbook_is_known_by_properties_named_in_another_case(tmp_path: Path) -> None:
    import openpyxl

    from toolkit.io.package import WORK_LISTS_TITLE, own_workbook_at

    path = tmp_path / "danh_sach.xlsx"
    wb = openpyxl.Workbook()
    wb.properties.creator, wb.properties.title = "ward-stats", WORK_LISTS_TITLE
    wb.save(path)
    assert own_workbook_at(path)
    _rename_entries(path, {"docProps/core.xml": "docProps/Core.xml"})
    assert own_workbook_at(path)
