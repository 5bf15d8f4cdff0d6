"""Rows crossed out: a secretary strikes a member's row through (Ctrl+5) instead of deleting
it, as a paper list drops a name. The row is still read and counted, as any row; the warning
`cell.strikethrough` says so, once per sheet, at the first struck cell, naming the rows.

Struck-through text is found as Excel, LibreOffice and WPS write it: a cell style whose font
is struck, or a shared string whose every run of text is. The workbooks are the real template
(`helpers_validate.write`) struck with openpyxl, or with their XML edited where openpyxl
cannot write what an office program writes (a shared string of several runs); one is re-saved
by LibreOffice as the outside check.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import CUTOFF, clean_members, codes, only, rewrite_zip, run, write, write_old
from libreoffice import convert
from ooxml_hostile import CT_SHARED_STRINGS, NS_MAIN, REL_SHARED_STRINGS, OoxmlPackage

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.rules import RULES
from toolkit.io.context import ReadContext
from toolkit.io.package import open_package
from toolkit.io.reader import read_submission
from toolkit.pipeline import consolidate

M, E, Y = layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_YEARS
CODE = "cell.strikethrough"


def folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def strike(path: Path, sheet: str, rows: list[int], columns: range = range(1, 8)) -> Path:
    """Strike the cells of `rows` through (their font, as Excel's Ctrl+5 does)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for r in rows:
        for c in columns:
            cell = ws.cell(r, c)
            font = copy.copy(cell.font)
            font.strike = True
            cell.font = font
    wb.save(path)
    return path


def test_struck_rows_are_one_warning_naming_them_and_are_still_counted(tmp_path: Path) -> None:
    plain = read_submission(write(folder(tmp_path / "plain")))
    sub = read_submission(strike(write(folder(tmp_path / "struck")), M, [3, 4, 6]))
    issue = only(sub.issues, CODE)
    assert RULES[CODE].severity == "warning" and issue.severity == "warning"
    assert (issue.sheet, issue.cell, issue.column, issue.value) == (M, "A3", None, None)
    assert issue.message == (
        "Sheet “Đảng viên”, 3 dòng (dòng 3–4, 6; ví dụ ô A3): Chữ được gạch ngang, nhưng gạch "
        "ngang không xóa dòng: dòng vẫn được đọc và tính như mọi dòng khác. Nếu gạch ngang để bỏ "
        "dòng (đảng viên đã chuyển đi, từ trần, dòng ghi nhầm…), hãy xóa hẳn dòng; đảng viên ra "
        "khỏi danh sách thì ghi biến động ở sheet “Biến động”. Nếu không, hãy bỏ gạch ngang."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    # Nothing about a member is quoted: the message is the same without personal data.
    assert issue.without_personal_data().message == issue.message
    assert sub.members is not None and plain.members is not None
    assert sub.members.equals(plain.members)
    assert [i for i in sub.issues if i.code != CODE] == plain.issues == []


def test_one_struck_row_is_named_with_its_first_struck_cell(tmp_path: Path) -> None:
    sub = read_submission(strike(write(tmp_path), M, [5], columns=range(2, 4)))
    issue = only(sub.issues, CODE)
    assert issue.cell == "B5"
    assert issue.message.startswith("Sheet “Đảng viên”, dòng 5 (ô B5): Chữ được gạch ngang")


def test_a_struck_event_and_year_row_are_said_on_their_sheets(tmp_path: Path) -> None:
    path = write(tmp_path)
    strike(path, E, [2])
    strike(path, Y, [3], columns=range(1, 3))
    sub = read_submission(path)
    assert sorted((i.sheet, i.cell) for i in sub.issues if i.code == CODE) == [(E, "A2"), (Y, "A3")]


def test_struck_cells_without_a_value_and_a_struck_header_are_not_said(tmp_path: Path) -> None:
    """Formatting carried down the empty rows below the list, or the header row, is no row
    crossed out; nor is a struck cell of a row that has no value in it."""
    path = write(tmp_path)
    last = len(openpyxl.load_workbook(path)[M]["B"])
    strike(path, M, [1, last + 1, last + 2, last + 30])
    # Row 3's empty optional cells only (columns beyond what the member has filled).
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    empty = [c for c in range(1, len(layout.MEMBERS.fields) + 1) if ws.cell(3, c).value is None]
    assert empty, "a member row of the sample leaves some optional cell empty"
    wb.close()
    strike(path, M, [3], columns=range(empty[0], empty[0] + 1))
    sub = read_submission(path)
    assert CODE not in codes(sub.issues)


def _font_strike(path: Path, old: str, new: str) -> None:
    def change(name: str, data: bytes) -> bytes:
        if name != "xl/styles.xml":
            return data
        text = data.decode("utf-8")
        assert old in text
        return text.replace(old, new).encode("utf-8")

    rewrite_zip(path, change)


@pytest.mark.parametrize(("val", "said"), [("true", True), ("1", True), ("0", False), ("false", False)])
def test_a_strike_switched_off_in_the_font_is_no_strike(tmp_path: Path, val: str, said: bool) -> None:
    """`<strike val="0"/>` (or "false", as LibreOffice writes it) says the text is NOT struck."""
    path = strike(write(tmp_path), M, [4])
    _font_strike(path, '<strike val="1"/>', f'<strike val="{val}"/>')
    sub = read_submission(path)
    assert (CODE in codes(sub.issues)) is said


def _shared_string_name(path: Path, runs: str) -> Path:
    """Row 4's name as the first shared string, of the given runs (`<r>…</r>`), as Excel
    writes a name whose text (not its cell) was struck through in the cell's editor."""
    package = OoxmlPackage(path.read_bytes())
    sst = f'<sst xmlns="{NS_MAIN}" count="1" uniqueCount="1"><si>{runs}</si></sst>'
    package.add_part("xl/sharedStrings.xml", sst.encode(), CT_SHARED_STRINGS, REL_SHARED_STRINGS)
    part = package.sheet_part(M)
    xml, n = re.subn(
        r'<c r="B4"([^>]*?) t="inlineStr"><is><t[^>]*>[^<]*</t></is></c>',
        r'<c r="B4"\1 t="s"><v>0</v></c>',
        package.text(part),
    )
    assert n == 1
    package.set_text(part, xml)
    path.write_bytes(package.to_bytes())
    return path


FONT = '<sz val="11"/><rFont val="Times New Roman"/>'
STRUCK_RUN = f'<r><rPr><strike/>{FONT}</rPr><t xml:space="preserve">{{}}</t></r>'
PLAIN_RUN = f'<r><rPr>{FONT}</rPr><t xml:space="preserve">{{}}</t></r>'


def test_a_name_whose_every_run_is_struck_is_a_struck_row(tmp_path: Path) -> None:
    plain = read_submission(write(folder(tmp_path / "plain")))
    runs = STRUCK_RUN.format("Lê Văn ") + STRUCK_RUN.format("Cường") + PLAIN_RUN.format(" ")
    sub = read_submission(_shared_string_name(write(folder(tmp_path / "struck")), runs))
    issue = only(sub.issues, CODE)
    assert (issue.sheet, issue.cell) == (M, "B4")
    assert sub.members is not None and plain.members is not None
    assert sub.members["full_name"].tolist() == plain.members["full_name"].tolist()


def test_a_name_with_one_word_struck_is_no_struck_row(tmp_path: Path) -> None:
    """A word crossed out inside a cell (a corrected spelling) does not cross the row out."""
    runs = STRUCK_RUN.format("Lê Văn ") + PLAIN_RUN.format("Cường")
    sub = read_submission(_shared_string_name(write(tmp_path), runs))
    assert CODE not in codes(sub.issues)


def test_the_figures_are_those_of_the_rows_as_typed(tmp_path: Path) -> None:
    """A whole consolidation: the struck rows count as typed (the warning leaves the file
    included), and the warning reaches the run's issues."""
    typed, struck = tmp_path / "typed", tmp_path / "struck"
    typed.mkdir()
    struck.mkdir()
    write(typed)
    path = write(struck)
    strike(path, M, [2, 3])
    strike(path, E, [2])
    expected = consolidate([typed], cutoff=CUTOFF)
    found = consolidate([struck], cutoff=CUTOFF)
    said = sorted((i.sheet, i.cell) for i in found.issues if i.code == CODE)
    assert said == [(E, "A2"), (M, "A2")]
    assert not [i for i in found.issues if i.is_error]
    assert found.indicators == expected.indicators
    assert codes(run(path).issues) == [CODE, CODE]
    assert not run(path).has_errors


def test_the_template_has_no_struck_style_and_a_struck_cell_gives_one(tmp_path: Path) -> None:
    """The template itself has no struck font (its sheets are not looked through for one); a
    cell struck through gives its style."""
    path = write(tmp_path)
    pkg = open_package(path.read_bytes(), path, ReadContext(file=path.name))
    assert pkg.struck_xf == frozenset() and pkg.struck_shared == frozenset()
    struck = strike(write(folder(tmp_path / "b")), M, [4], columns=range(2, 3))
    pkg = open_package(struck.read_bytes(), struck, ReadContext(file=struck.name))
    assert len(pkg.struck_xf) == 1


@pytest.mark.slow
def test_rows_struck_and_resaved_by_libreoffice_are_still_said(tmp_path: Path) -> None:
    """LibreOffice, an office program we did not write, re-saves a workbook with struck rows
    (its fonts say `<strike val="true"/>`, its strings are shared): the same warning."""
    path = strike(write(folder(tmp_path / "src")), M, [3, 4, 6])
    (saved,) = convert([path], "xlsx", tmp_path / "lo")
    sub = read_submission(saved)
    issue = only(sub.issues, CODE)
    assert (issue.sheet, issue.cell) == (M, "A3")
    assert "dòng 3–4, 6" in issue.message


def test_an_upgrade_keeps_the_rows_struck_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ward-stats upgrade` copies values into the new template; a row crossed out in the old
    file stays crossed out in the new one (each struck value, in its new column), so the
    mark is not lost and the new file is warned about as the old one was."""
    old_layout = layout.LAYOUT_2026_1
    nop = folder(tmp_path / "nop")
    path = write_old(nop)
    # Row 3's name and birth date; row 4's every cell of the old table.
    strike(path, M, [3], columns=range(2, 4))
    strike(path, M, [4], columns=range(1, len(old_layout.members.fields) + 1))
    assert [i.cell for i in read_submission(path).issues if i.code == CODE] == ["B3"]
    with pytest.raises(SystemExit) as exit_:
        main(["upgrade", str(path), "--out", str(tmp_path / "moi")], standalone_mode=False)
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "  2 dòng có chữ gạch ngang vẫn được gạch ngang ở tệp mới" in out
    new = tmp_path / "moi" / path.name
    ws = openpyxl.load_workbook(new)[M]
    struck = sorted((c.row, c.column) for row in ws.iter_rows(min_row=2) for c in row if c.font.strike)
    expected = [(3, layout.MEMBERS.keys.index(k) + 1) for k in ("full_name", "birth_date")]
    expected += [
        (4, layout.MEMBERS.keys.index(f.key) + 1)
        for f in old_layout.members.fields
        if layout.MEMBERS.has(f.key) and ws.cell(4, layout.MEMBERS.keys.index(f.key) + 1).value is not None
    ]
    assert struck == sorted(expected)
    issue = only(read_submission(new).issues, CODE)
    assert (issue.sheet, issue.cell) == (M, "B3") and "dòng 3–4" in issue.message


def test_a_struck_member_due_in_a_work_list_is_marked_in_red_with_why(tmp_path: Path) -> None:
    """A member crossed out may have left: the work lists (probation due, badges…) still
    list them, as the figures count them, but their row says the line is struck through
    and is red, so that nothing is done for them before asking the party cell."""
    from toolkit.worklists import build_work_lists
    from toolkit.worklists.collect import STRUCK_NOTE

    members = clean_members()
    # Two probationary members whose 12 months end within 90 days after the cut-off.
    for row in (members[1], members[2]):
        row.update(admission_date=dt.date(2025, 5, 15), official_date=None, card_no=None)
    path = strike(write(folder(tmp_path / "nop"), members=members), M, [3])
    result = build_work_lists([path.parent], cutoff=CUTOFF)
    probation = result.lists[0]
    assert probation.spec.sheet == "Dự bị đến hạn"
    by_row = {e.source.cell: e for e in probation.entries}
    struck = by_row[layout.MEMBERS.cell("official_date", 3)]
    plain = by_row[layout.MEMBERS.cell("official_date", 4)]
    assert struck.flagged and struck.note is not None and struck.note.endswith(STRUCK_NOTE)
    assert not plain.flagged and STRUCK_NOTE not in (plain.note or "")
    # The list's rule says what a red row means now, beside its own red rows (overdue).
    assert probation.rule.endswith(
        "dòng chữ đỏ: đã quá hạn xét chính thức; dòng chữ đỏ có ghi chú “gạch ngang”: dòng của đảng "
        "viên bị gạch ngang trong tệp của chi bộ."
    )
    assert "gạch ngang" not in result.lists[3].rule  # a list without a struck member: as before
