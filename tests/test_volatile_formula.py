"""Formulas whose result changes by itself (TODAY, NOW, RAND, OFFSET, INDIRECT…) in the cells
that are read: their cached value counts as before, with a warning `cell.volatile_formula`
at the cell (one per column) that shows the value used and says to type the value instead.

The workbooks are the real template (`helpers_validate.write`) with cells rewritten in the
sheet XML as Excel saves a formula: `<f>` and the cached `<v>` it last computed (openpyxl
cannot write a cached value).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from helpers_validate import (
    CUTOFF,
    codes,
    only,
    rewrite_zip,
    run,
    sheet_part,
    with_defined_names,
    with_formulas,
    write,
)

from toolkit.core import layout
from toolkit.core.model import Issue
from toolkit.core.rules import HIDDEN, RULES
from toolkit.io.reader import read_submission
from toolkit.io.sheets import volatile_functions
from toolkit.pipeline import consolidate

M, E, INFO, Y = layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_INFO, layout.SHEET_YEARS
CODE = "cell.volatile_formula"


def _volatile(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.code == CODE]


def test_a_birth_date_of_today_minus_30_years_is_read_as_cached_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path)
    plain = read_submission(path)
    sub = read_submission(with_formulas(path, M, {"C3": "TODAY()-365*30"}))
    issue = only(sub.issues, CODE)
    assert RULES[CODE].severity == "warning" and issue.severity == "warning"
    assert (issue.sheet, issue.cell, issue.column, issue.value) == (M, "C3", "Ngày sinh", "03/11/1982")
    assert issue.message == (
        "Dòng 3, cột “Ngày sinh” (ô C3): Công thức dùng hàm TODAY: kết quả tự thay đổi khi Excel tính "
        "lại (hàm ngày giờ đổi theo ngày mở tệp, hàm ngẫu nhiên đổi mỗi lần tính): số liệu được tính "
        "theo giá trị Excel tính lần cuối trước khi lưu (03/11/1982), lần mở sau có thể khác. Hãy gõ "
        "thẳng giá trị vào ô thay cho công thức."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    # The cached value is what counts: the figures are those of the file without the formula.
    assert sub.members is not None and plain.members is not None
    assert sub.members.equals(plain.members)
    assert [i for i in sub.issues if i.code != CODE] == plain.issues == []
    # The value is a member's date: hidden without personal data, the rest of the message kept.
    masked = issue.without_personal_data().message
    assert "03/11/1982" not in masked and f"({HIDDEN})" in masked and "ô C3" in masked


def test_a_column_of_volatile_formulas_is_one_warning_naming_its_cells(tmp_path: Path) -> None:
    """A shared formula (its text only in the first cell, as Excel saves a filled-down formula),
    in lower case, and newer functions with their `_xlfn.` prefix: one warning per column."""
    path = with_formulas(
        write(tmp_path),
        M,
        {
            "H2": '<f t="shared" ref="H2:H4" si="0">today()-7000</f>',
            "H3": '<f t="shared" si="0"/>',
            "H4": '<f t="shared" si="0"/>',
            "H6": "_xlfn.RANDARRAY(1)*0+NOW()-9000",
            "I2": '<f t="shared" ref="I2:I3" si="1">H2+365</f>',  # not volatile: another index
            "I3": '<f t="shared" si="1"/>',
        },
    )
    sub = read_submission(path)
    issue = only(sub.issues, CODE)
    assert (issue.cell, issue.column, issue.value) == ("H2", "Ngày vào Đảng", "02/03/2005")
    assert issue.message.startswith(
        "Cột “Ngày vào Đảng”: 4 ô có công thức tự thay đổi (H2–H4, H6); ví dụ ô H2: Công thức dùng hàm "
        "TODAY, RANDARRAY, NOW: kết quả tự thay đổi"
    )
    assert not [i for i in sub.issues if i.is_error]


@pytest.mark.parametrize(
    ("sheet", "cells", "key", "column"),
    [
        (E, {"E3": "NOW()"}, "E3", "Ngày"),
        (Y, {"B2": "RANDBETWEEN(3,3)"}, "B2", "Quần chúng học lớp nhận thức về Đảng"),
        (Y, {"F2": "OFFSET(G1,1,0)*0+3"}, "F2", "Hoàn thành tốt nhiệm vụ"),
        (E, {"C2": 'INDIRECT("C"&ROW())'}, "C2", "Ngày sinh"),
        (INFO, {"B8": "_xlfn.TODAY()-15"}, "B8", "Ngày chốt số liệu"),
        (
            Y,
            {"C2": 'IF(CELL("row",A1)>0,1,0)+0*LEN(INFO("osversion"))'},
            "C2",
            "Đảng viên mới học lớp bồi dưỡng",
        ),
    ],
)
def test_each_volatile_function_in_each_sheet_is_a_warning_at_its_cell(
    tmp_path: Path, sheet: str, cells: dict[str, str], key: str, column: str
) -> None:
    sub = read_submission(with_formulas(write(tmp_path), sheet, cells))
    issue = only(sub.issues, CODE)
    assert (issue.sheet, issue.cell) == (sheet, key)
    assert issue.column == column
    assert f"ô {key})" in issue.message and issue.message.count(key) == 1  # the cell, named once
    assert "lần mở sau có thể khác" in issue.message and "gõ thẳng giá trị" in issue.message
    assert not sub.has_errors


def test_the_figures_are_the_cached_values(tmp_path: Path) -> None:
    """A whole consolidation with volatile formulas in every sheet: the same indicators as
    the same values typed, and the file consolidated (warnings only)."""
    typed, formulas = tmp_path / "typed", tmp_path / "formulas"
    typed.mkdir()
    formulas.mkdir()
    write(typed)
    path = write(formulas)
    with_formulas(path, M, {"C2": "TODAY()-16000", "H3": "NOW()", "I4": "RAND()*0+40000"})
    with_formulas(path, E, {"E2": "TODAY()"})
    with_formulas(path, Y, {"B2": "RANDBETWEEN(1,9)"})
    with_formulas(path, INFO, {"B9": "TODAY()-400"})
    expected = consolidate([typed], cutoff=CUTOFF)
    found = consolidate([formulas], cutoff=CUTOFF)
    assert not [i for i in found.issues if i.is_error]
    assert {(i.sheet, i.cell) for i in _volatile(found.issues)} == {
        (M, "C2"),
        (M, "H3"),
        (M, "I4"),
        (E, "E2"),
        (Y, "B2"),
        (INFO, "B9"),
    }
    assert found.indicators == expected.indicators
    assert [o.indicators for o in found.organisations] == [o.indicators for o in expected.organisations]


@pytest.mark.parametrize(
    "formula",
    [
        "ROW()-1+C2",  # not volatile
        'IF(A1="TODAY()",C3,C3)',  # the name only in a text
        "IF(A1=&quot;NOW()&quot;,C3,C3)",  # the same, the quotes escaped as some writers do
        "'NOW (2)'!A1*0+C3",  # a sheet named like a function
        "MYTODAY(C3)+TODAYS(1)+CELLS(1)",  # other names that contain one
    ],
)
def test_formulas_that_do_not_change_by_themselves_are_not_reported(tmp_path: Path, formula: str) -> None:
    f = f"<f>{formula}</f>" if "&quot;" in formula else formula
    sub = read_submission(with_formulas(write(tmp_path), M, {"C3": f}))
    assert not _volatile(sub.issues), codes(sub.issues)


def test_a_volatile_formula_without_value_or_with_an_error_is_only_that_error(tmp_path: Path) -> None:
    path = write(tmp_path)
    part = sheet_part(path, M)

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        xml = data.decode("utf-8")
        xml = re.sub(r'<c r="C3" s="14" t="n"><v>\d+</v></c>', '<c r="C3" s="14"><f>TODAY()</f></c>', xml)
        xml = re.sub(
            r'<c r="C4" s="14" t="n"><v>\d+</v></c>',
            '<c r="C4" s="14" t="e"><f>OFFSET(A1,99999999,0)</f><v>#REF!</v></c>',
            xml,
        )
        return xml.encode("utf-8")

    rewrite_zip(path, change)
    sub = read_submission(path)
    assert only(sub.issues, "cell.formula_no_value").cell == "C3"
    assert only(sub.issues, "cell.error_value").cell == "C4"
    assert not _volatile(sub.issues)


def test_the_warning_comes_through_validation_and_leaves_the_file_included(tmp_path: Path) -> None:
    path = with_formulas(write(tmp_path), M, {"C3": "TODAY()-365*30"})
    result = run(path)
    assert codes(result.issues) == [CODE]
    assert not result.has_errors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"TODAY()-365*30", "TODAY"),
        (b"today()", "TODAY"),
        (b"Now ()", "NOW"),
        (b"_xlfn.RANDARRAY(2)", "RANDARRAY"),
        (b"RAND()+RANDBETWEEN(1,2)+rand()", "RAND, RANDBETWEEN"),
        (b'SUM(OFFSET(A1,0,0,3))+INDIRECT("B"&amp;ROW())', "OFFSET, INDIRECT"),
        (b'CELL("filename")&amp;INFO("osversion")', "CELL, INFO"),
        (b'"TODAY()"&amp;A1', ""),
        (b'"a""TODAY()""b"&amp;NOW()', "NOW"),
        (b"&quot;NOW()&quot;&amp;A1", ""),
        (b"'TODAY (1)'!A1", ""),
        (b"ROW()-1", ""),
        (b"MYTODAY()+NOWHERE(1)+A1.NOW()", ""),
    ],
)
def test_volatile_functions_of_a_formula_text(text: bytes, expected: str) -> None:
    assert volatile_functions(text) == expected


def test_a_volatile_formula_with_a_blank_result_gives_no_value_and_no_warning() -> None:
    """`=IF(B9="";"";TODAY())` filled down the empty rows below the list: only the rows whose
    cached result is a value are named, so the list of cells is not the whole column."""
    from toolkit.io.context import ReadContext
    from toolkit.io.sheets import SheetXml, report_formula_cells

    spec = layout.MEMBERS
    column = spec.fields.index(spec.field("admission_date")) + 1  # "Ngày vào Đảng"
    width = len(spec.fields)
    rows: list[list[object]] = [[f.header for f in spec.fields]]
    for r in range(2, 5002):
        row: list[object] = [None] * width
        if r <= 4:
            row[column - 1] = "02/03/2005"
        elif r <= 8:
            row[column - 1] = "  "  # blank text
        else:
            row[column - 1] = ""  # what calamine gives for a formula's cached empty string
        rows.append(row)
    volatile = {(r, column): "TODAY" for r in range(2, 5002)}
    ctx = ReadContext(file="a.xlsx")
    report_formula_cells(SheetXml(volatile=volatile), spec, M, rows, ctx)
    issue = only(ctx.issues, CODE)
    letter = layout.get_column_letter(column)
    assert issue.cell == f"{letter}2"
    assert f"3 ô có công thức tự thay đổi ({letter}2–{letter}4)" in issue.message
    # Nothing at all when every result is blank.
    ctx = ReadContext(file="a.xlsx")
    report_formula_cells(
        SheetXml(volatile={k: v for k, v in volatile.items() if k[0] > 4}), spec, M, rows, ctx
    )
    assert ctx.issues == []


def test_a_cell_inside_an_xml_comment_is_no_cell(tmp_path: Path) -> None:
    """calamine skips comments, CDATA and processing instructions; the scan does too. A
    comment full of open `<c r=…>` tags with no `</c>` after them is dropped in one pass (the
    cell pattern would scan to the end from each of them)."""
    from toolkit.io.sheets import markup_only

    path = write(tmp_path)
    part = sheet_part(path, M)
    fake = '<c r="H2"><f>TODAY()</f><v>1</v></c>'

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        xml = data.decode("utf-8")
        hidden = f"<!-- {fake} --><?pi {fake} ?>"
        xml = xml.replace("<sheetData>", f"<sheetData>{hidden}", 1)
        xml = xml.replace("</worksheet>", "<!-- " + '<c r="A1">' * 2000 + " --></worksheet>")
        return xml.encode("utf-8")

    rewrite_zip(path, change)
    sub = read_submission(with_formulas(path, M, {"C3": "TODAY()-365*30"}))
    assert [i.cell for i in _volatile(sub.issues)] == ["C3"]  # not H2, from the comment
    assert not [i for i in sub.issues if i.is_error]

    assert markup_only(b"<a><!-- <c> --><b/><![CDATA[<c>]]><?x <c>?><c/></a>") == b"<a><b/><c/></a>"
    assert markup_only(b'<?xml version="1.0"?><a/>') == b'<?xml version="1.0"?><a/>'
    assert markup_only(b"<a/><!-- <c r='A1'>" + b"<c>" * 10) == b"<a/>"


def test_a_volatile_function_reached_through_a_defined_name_is_said_with_the_name(tmp_path: Path) -> None:
    """A name defined as `=TODAY()` (or as another such name) makes every formula using it
    change by itself; a name of a fixed date or a cell does not, nor does text quoting one."""
    names = {
        "HomNay": "TODAY()",
        "Moc": "HomNay-30",  # through another name
        "NgayCo": "DATE(2026,3,31)",
        "_xlnm.Print_Area": f"'{M}'!$A$1:$C$9",
    }
    path = with_defined_names(write(tmp_path), names)
    admitted = layout.MEMBERS.letter("admission_date")  # another column: a warning of its own
    cells = {"C3": "homnay-365*30", f"{admitted}4": "MOC-365*10", "C5": "NgayCo-365*50", "C2": '"HomNay"&""'}
    sub = read_submission(with_formulas(path, M, cells))
    said = {i.cell: i.message for i in _volatile(sub.issues)}
    assert set(said) == {"C3", f"{admitted}4"}, said  # not C5 (a fixed date), nor C2 (text)
    assert "(ô C3): Công thức dùng hàm TODAY (qua tên “HomNay”): kết quả" in said["C3"]
    assert f"(ô {admitted}4): Công thức dùng hàm TODAY (qua tên “Moc”): kết quả" in said[f"{admitted}4"]
    homnay = {"HOMNAY": ("HomNay", "TODAY")}
    assert volatile_functions(b"NgayCo+1", homnay) == ""
    assert volatile_functions(b"HomNayCu+HomNay.X+HomNay(1)", homnay) == ""  # other words
    assert volatile_functions(b"Sheet1!homnay+NOW()", homnay) == "TODAY (qua tên “HomNay”), NOW"
