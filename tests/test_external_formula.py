"""Formulas that take values from another workbook (`='[DS cũ.xlsx]Sheet1'!C5`, stored as
`[1]DS!C5`): a secretary links the submission to an old list instead of copying the values.
Their cached value counts, as for any formula, with a warning `cell.external_formula` per
column that names the other file and asks for the values instead (Excel asks to update the
links when the file is opened, and the values change or break with the other file).

The workbooks are the real template (`helpers_validate.write`) with an external reference
added to the package as Excel writes one (`xl/externalLinks/externalLink1.xml`, its link to
the other file, `<externalReferences>` in the workbook) and cells rewritten as formulas with
their cached values (`helpers_validate.with_formulas`). LibreOffice re-saves one as the outside
check: it writes its own external link parts.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from helpers_validate import CUTOFF, codes, only, run, with_defined_names, with_formulas, write
from libreoffice import convert
from ooxml_hostile import NS_MAIN, OoxmlPackage

from toolkit.core import layout
from toolkit.core.rules import HIDDEN, RULES
from toolkit.io.package import book_name
from toolkit.io.reader import read_submission
from toolkit.io.sheets import external_books
from toolkit.pipeline import consolidate

M, E, INFO = layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_INFO
CODE = "cell.external_formula"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_LINK = f"{NS_R}/externalLink"
REL_LINK_PATH = f"{NS_R}/externalLinkPath"
CT_LINK = "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"
TARGET = "file:///C:\\Users\\Bi%20thu\\Desktop\\DS%20%C4%91%E1%BA%A3ng%20vi%C3%AAn%202024.xlsx"
BOOK = "DS đảng viên 2024.xlsx"


def with_external_books(path: Path, *targets: str | None) -> Path:
    """The file with one external reference per target, in order (`[1]`, `[2]`…): its link's
    target as Excel writes it (None: a reference whose link names no file)."""
    package = OoxmlPackage(path.read_bytes())
    rels = package.text("xl/_rels/workbook.xml.rels")
    refs = ""
    for n, target in enumerate(targets, start=1):
        part = f"xl/externalLinks/externalLink{n}.xml"
        book = '<externalBook r:id="rId1"><sheetNames><sheetName val="DS"/></sheetNames></externalBook>'
        link = f'<externalLink xmlns="{NS_MAIN}" xmlns:r="{NS_R}">{book}</externalLink>'
        package.add_part(part, link.encode(), CT_LINK)
        if target is not None:
            package.parts[f"xl/externalLinks/_rels/externalLink{n}.xml.rels"] = (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{REL_LINK_PATH}" Target="{target}" TargetMode="External"/>'
                "</Relationships>"
            ).encode()
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rIdExt{n}" Type="{REL_LINK}" Target="externalLinks/externalLink{n}.xml"/>'
            "</Relationships>",
        )
        refs += f'<externalReference xmlns:r="{NS_R}" r:id="rIdExt{n}"/>'
    package.set_text("xl/_rels/workbook.xml.rels", rels)
    workbook = package.text("xl/workbook.xml")
    assert "</sheets>" in workbook
    refs = f"<externalReferences>{refs}</externalReferences>"
    package.set_text("xl/workbook.xml", workbook.replace("</sheets>", f"</sheets>{refs}"))
    path.write_bytes(package.to_bytes())
    return path


def test_a_birth_date_from_another_workbook_is_read_as_cached_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path)
    plain = read_submission(path)
    sub = read_submission(with_formulas(with_external_books(path, TARGET), M, {"C3": "[1]DS!C5"}))
    issue = only(sub.issues, CODE)
    assert RULES[CODE].severity == "warning" and issue.severity == "warning"
    assert (issue.sheet, issue.cell, issue.column, issue.value) == (M, "C3", "Ngày sinh", "03/11/1982")
    assert issue.message == (
        "Dòng 3, cột “Ngày sinh” (ô C3): Công thức lấy số liệu từ tệp khác (“DS đảng viên 2024.xlsx”): "
        "số liệu được tính theo giá trị Excel lưu lần cuối (03/11/1982). Khi mở tệp, Excel có thể hỏi "
        "có cập nhật liên kết không; tệp kia thay đổi, bị đổi tên hay không có trên máy thì giá trị có "
        "thể đổi hoặc thành lỗi. Hãy chép các ô này rồi dán giá trị (Dán đặc biệt → Giá trị) thay cho "
        "công thức."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    assert sub.members is not None and plain.members is not None
    assert sub.members.equals(plain.members)
    assert [i for i in sub.issues if i.code != CODE] == plain.issues == []
    masked = issue.without_personal_data().message
    assert "03/11/1982" not in masked and f"({HIDDEN})" in masked and BOOK in masked


def test_a_column_of_them_is_one_warning_naming_its_cells_and_its_books(tmp_path: Path) -> None:
    path = with_external_books(write(tmp_path), TARGET, "../Bao%20cao/Nam%202023.xlsx")
    sub = read_submission(
        with_formulas(path, M, {"C2": "[1]DS!C4", "C3": "'[1]DS'!C5", "C4": "[2]DS!C6+0", "C6": "[1]DS!C8"})
    )
    issue = only(sub.issues, CODE)
    assert issue.cell == "C2"
    assert issue.message.startswith(
        "Cột “Ngày sinh”: 4 ô lấy số liệu từ tệp khác (C2–C4, C6); ví dụ ô C2: Công thức lấy số liệu "
        "từ tệp khác "
        "(“DS đảng viên 2024.xlsx”, “Nam 2023.xlsx”)"
    )


def test_every_sheet_and_a_shared_formula_are_seen(tmp_path: Path) -> None:
    path = write(tmp_path)
    master = '<f t="shared" ref="C2:C3" si="0">[1]DS!C4</f>'
    with_formulas(path, M, {"C2": master, "C3": '<f t="shared" si="0"/>'})
    with_formulas(path, E, {"E2": "[1]DS!E2"})
    with_formulas(path, INFO, {"B9": "[1]!NgayChot"})
    sub = read_submission(with_external_books(path, None))
    said = sorted((i.sheet, i.cell) for i in sub.issues if i.code == CODE)
    assert said == sorted([(M, "C2"), (E, "E2"), (INFO, "B9")])
    assert "(một tệp khác)" in only([i for i in sub.issues if i.sheet == INFO], CODE).message
    # The shared formula's follower C3 takes its master's reference.
    members = only([i for i in sub.issues if i.sheet == M], CODE)
    assert "2 ô lấy số liệu từ tệp khác (C2–C3)" in members.message


def test_a_defined_name_that_takes_values_from_another_workbook_is_said_with_the_name(
    tmp_path: Path,
) -> None:
    """A name defined as a cell of another workbook (or as another such name) makes every
    formula using it take its value from there; a name of this workbook's cell does not, nor a
    sheet or a text that only quotes the name."""
    names = {
        "SoCu": "[1]DS!$C$5",  # Excel's Name Manager, a cell of the other file
        "Qua": "SoCu+0",  # through another name
        "TaiCho": f"'{M}'!$C$2",
    }
    path = with_external_books(with_defined_names(write(tmp_path), names), TARGET)
    admitted = layout.MEMBERS.letter("admission_date")  # another column: a warning of its own
    cells = {"C3": "socu", f"{admitted}4": "QUA-1", "C5": "TaiCho+0", "C6": '"SoCu"&amp;""'}
    sub = read_submission(with_formulas(path, M, {k: f"<f>{v}</f>" for k, v in cells.items()}))
    said = {i.cell: i.message for i in sub.issues if i.code == CODE}
    assert set(said) == {"C3", f"{admitted}4"}, said  # not C5 (this workbook), nor C6 (text)
    assert f"(ô C3): Công thức lấy số liệu từ tệp khác (“{BOOK}” (qua tên “SoCu”)): số liệu" in said["C3"]
    assert f"từ tệp khác (“{BOOK}” (qua tên “Qua”)): số liệu" in said[f"{admitted}4"]
    socu = {"SOCU": ("SoCu", ["“A.xlsx”"])}
    assert external_books(b"SoCu+[1]DS!A1", {1: "A.xlsx"}, socu) == "“A.xlsx” (qua tên “SoCu”), “A.xlsx”"
    assert external_books(b"'SoCu'!A1+SoCuCu+SoCu.X", {1: "A.xlsx"}, socu) == ""  # a sheet, other words


@pytest.mark.parametrize(
    "formula",
    [
        "C4+0",  # no other workbook
        '"[1]"&amp;C4',  # the index inside a text
        "&quot;[1]DS&quot;&amp;C4",  # the same, the quotes escaped
        "Bang1[1]+C4",  # after a name: a table's column
        "[2]DS!C4",  # an index the workbook has no reference for
    ],
)
def test_formulas_that_take_nothing_from_another_workbook_are_not_said(tmp_path: Path, formula: str) -> None:
    path = with_external_books(write(tmp_path), TARGET)
    f = f"<f>{formula}</f>" if "&" in formula else formula
    assert CODE not in codes(read_submission(with_formulas(path, M, {"C3": f})).issues)


def test_without_an_external_reference_no_bracket_is_one(tmp_path: Path) -> None:
    sub = read_submission(with_formulas(write(tmp_path), M, {"C3": "[1]DS!C5"}))
    assert CODE not in codes(sub.issues)


@pytest.mark.parametrize(
    ("target", "name"),
    [
        ("file:///C:\\Users\\A\\DS%20cu.xlsx", "DS cu.xlsx"),
        ("../../../C:/Users/Bi%20thu/Desktop/DS.xlsx", "DS.xlsx"),  # as LibreOffice writes it
        ("DS%20cu.xlsx", "DS cu.xlsx"),  # beside the file
        ("/Users/a/Documents/Chi%20bo/", "Chi bo"),
        ("", ""),
    ],
)
def test_the_name_of_a_links_target(target: str, name: str) -> None:
    assert book_name(target) == name


def test_the_books_of_a_formula_text() -> None:
    books = {1: "A.xlsx", 2: ""}
    assert external_books(b"[1]DS!A1+'[2]Danh s\xc3\xa1ch'!B2+[1]DS!A2", books) == "“A.xlsx”, một tệp khác"
    assert external_books(b"SUM([1]DS!A1:A5)", books) == "“A.xlsx”"
    assert external_books(b"Bang1[[#This Row],[Cot]]+[@[2]]", books) == ""


def test_the_figures_are_the_cached_values(tmp_path: Path) -> None:
    typed, linked = tmp_path / "typed", tmp_path / "linked"
    typed.mkdir()
    linked.mkdir()
    write(typed)
    path = with_external_books(write(linked), TARGET)
    with_formulas(path, M, {"C2": "[1]DS!C4", "H3": "[1]DS!H5"})
    with_formulas(path, E, {"E2": "[1]DS!E2"})
    expected = consolidate([typed], cutoff=CUTOFF)
    found = consolidate([linked], cutoff=CUTOFF)
    assert not [i for i in found.issues if i.is_error]
    assert sorted((i.sheet, i.cell) for i in found.issues if i.code == CODE) == sorted(
        [(M, "C2"), (M, "H3"), (E, "E2")]
    )
    assert found.indicators == expected.indicators
    assert codes(run(path).issues) == [CODE] * 3


@pytest.mark.slow
def test_a_file_resaved_by_libreoffice_is_still_said(tmp_path: Path) -> None:
    """LibreOffice keeps the reference when it re-saves the file, with parts of its own
    writing (its link's target relative, `<f aca="false">`): the same warning."""
    src = tmp_path / "src"
    src.mkdir()
    path = with_formulas(with_external_books(write(src), TARGET), M, {"C3": "[1]DS!C5", "C4": "[1]DS!C6"})
    (saved,) = convert([path], "xlsx", tmp_path / "lo")
    issue = only(read_submission(saved).issues, CODE)
    assert (issue.sheet, issue.cell) == (M, "C3")
    assert "2 ô lấy số liệu từ tệp khác (C3–C4)" in issue.message and BOOK in issue.message


def test_a_name_of_another_workbook_resaved_by_libreoffice_is_still_said(tmp_path: Path) -> None:
    """LibreOffice re-saves the defined name with its own writing of the reference: the
    formula using it is still said."""
    src = tmp_path / "src"
    src.mkdir()
    path = with_external_books(with_defined_names(write(src), {"SoCu": "[1]DS!$C$5"}), TARGET)
    path = with_formulas(path, M, {"C3": "SoCu", "C4": "SoCu+0"})
    (saved,) = convert([path], "xlsx", tmp_path / "lo")
    issue = only(read_submission(saved).issues, CODE)
    assert (issue.sheet, issue.cell) == (M, "C3")
    assert "2 ô lấy số liệu từ tệp khác (C3–C4)" in issue.message and "(qua tên “SoCu”)" in issue.message


def test_the_other_workbook_is_named_when_the_link_parts_are_named_in_another_case(tmp_path: Path) -> None:
    """OPC part names are compared in any case (`package.part_key`): links kept under
    `xl/ExternalLinks/` are found as under `xl/externalLinks/`: the formula taking another
    workbook's value got no warning at all."""
    path = with_formulas(with_external_books(write(tmp_path), TARGET), M, {"C3": "[1]DS!C5"})
    package = OoxmlPackage(path.read_bytes())
    package.parts = {n.replace("xl/externalLinks/", "xl/ExternalLinks/"): d for n, d in package.parts.items()}
    path.write_bytes(package.to_bytes())
    assert f"(\u201c{BOOK}\u201d)" in only(read_submission(path).issues, CODE).message
