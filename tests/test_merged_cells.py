"""A value typed once into cells merged over several rows (or columns) counts for the first cell
only: the others are read as empty, which a count of `Số liệu năm` reads as 0 and a Có/Không
column as Không. On screen the value shows over the whole block, so the secretary believes it
typed for every row. The warning `cell.merged` used to say only "chỉ ô đầu tiên có giá trị";
it now names the cells read as empty, their column and what they were counted as, and how to
fix it. A block that hides no cell of a row read (a signature line merged across) is not
said: nothing of it is lost.

Excel empties the covered cells when it merges; LibreOffice asks, and "keep the contents of
the hidden cells" saves their values. Those were read and counted while `cell.merged` said
they were read as empty (hunt135 F1): they are now emptied as shown, and nothing else is said
at them.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from helpers_validate import rewrite_zip, run, sheet_part, typed, write

from toolkit.core import layout
from toolkit.core.model import Issue
from toolkit.io.reader import read_submission

M, Y = layout.SHEET_MEMBERS, layout.SHEET_YEARS
CODE = "cell.merged"


def _merged(path: Path, sheet: str, block: str, value: object) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    ws[block.split(":")[0]] = value
    ws.merge_cells(block)
    wb.save(path)
    return path


def _said(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.code == CODE]


def test_a_count_merged_over_two_years_says_the_second_year_is_counted_as_0(tmp_path: Path) -> None:
    col = layout.YEARS.letter("rated_excellent")
    path = _merged(write(tmp_path), Y, f"{col}2:{col}3", 1)
    sub = read_submission(path)
    assert sub.years is not None and sub.years["rated_excellent"].tolist() == [1, 0]
    (issue,) = _said(run(path).issues)
    assert (issue.sheet, issue.cell) == (Y, f"{col}2")
    assert issue.severity == "warning"
    assert (
        f"chỉ được tính cho ô {col}2, còn ô {col}3 (cột “Hoàn thành xuất sắc nhiệm vụ”) được đọc là "
        "trống, tính là 0." in issue.message
    )
    assert "Hãy bỏ gộp ô" in issue.message and "ghi giá trị vào từng ô" in issue.message


def test_a_yes_merged_over_members_says_the_others_are_counted_as_no(tmp_path: Path) -> None:
    col = layout.MEMBERS.letter("youth_union")
    path = _merged(write(tmp_path), M, f"{col}2:{col}4", "Có")
    sub = read_submission(path)
    assert sub.members is not None and sub.members["youth_union"].tolist()[:3] == ["yes", None, None]
    (issue,) = _said(run(path).issues)
    header = layout.MEMBERS.field("youth_union").header
    assert f"còn các ô {col}3–{col}4 (cột “{header}”) được đọc là trống, tính là “Không”." in issue.message


def test_a_block_over_two_columns_names_each(tmp_path: Path) -> None:
    prof, theory = (layout.MEMBERS.letter(k) for k in ("prof_level", "theory_level"))
    assert ord(theory) - ord(prof) == 2  # the occupation's column between them
    path = _merged(write(tmp_path), M, f"{prof}3:{theory}3", "Đại học")
    (issue,) = _said(run(path).issues)
    middle = chr(ord(prof) + 1)
    for letter in (middle, theory):
        header = layout.MEMBERS.field(layout.MEMBERS.keys[ord(letter) - ord("A")]).header
        assert f"ô {letter}3 (cột “{header}”) được đọc là trống" in issue.message
    assert "tính là" not in issue.message


def test_a_signature_line_merged_across_is_not_a_merged_data_cell(tmp_path: Path) -> None:
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    row = ws.max_row + 2
    ws.cell(row, 2).value = "T/M CHI BỘ"
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
    wb.save(path)
    issues = run(path).issues
    assert "file.trailer_rows" in [i.code for i in issues]
    assert not _said(issues)


def _merged_keeping(path: Path, sheet: str, block: str, values: dict[str, object]) -> Path:
    """`block` merged over cells that keep their values (`values`, the covered ones too), as
    LibreOffice saves a merge whose hidden cells' contents are kept: `<v>` in every cell of the
    block (openpyxl's own merge empties them, as Excel does)."""
    typed(path, sheet, values)
    part = sheet_part(path, sheet)

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        xml = data.decode("utf-8")
        assert "<mergeCells" not in xml
        merge = f'<mergeCells count="1"><mergeCell ref="{block}"/></mergeCells>'
        xml, n = re.subn(r"(<dataValidations|<pageMargins|</worksheet>)", merge + r"\1", xml, count=1)
        assert n == 1
        return xml.encode("utf-8")

    rewrite_zip(path, change)
    return path


def test_a_count_kept_under_a_merge_is_read_as_the_0_it_is_said_to_be(tmp_path: Path) -> None:
    col = layout.YEARS.letter("rated_excellent")
    path = _merged_keeping(write(tmp_path), Y, f"{col}2:{col}3", {f"{col}2": 3, f"{col}3": 3})
    sub = read_submission(path)
    assert sub.years is not None and sub.years["rated_excellent"].tolist()[:2] == [3, 0]
    (issue,) = _said(run(path).issues)
    assert f"còn ô {col}3 (cột “Hoàn thành xuất sắc nhiệm vụ”) được đọc là trống, tính là 0." in issue.message


def test_a_yes_kept_under_a_merge_is_not_counted_nor_checked(tmp_path: Path) -> None:
    col = layout.MEMBERS.letter("youth_union")
    path = _merged_keeping(
        write(tmp_path), M, f"{col}2:{col}4", {f"{col}2": None, f"{col}3": "Có", f"{col}4": "Có"}
    )
    sub = read_submission(path)
    assert sub.members is not None and sub.members["youth_union"].tolist()[:3] == [None, None, None]
    issues = run(path).issues
    (issue,) = _said(issues)
    assert f"còn các ô {col}3–{col}4" in issue.message and "tính là “Không”" in issue.message
    assert not [i for i in issues if i.cell in (f"{col}3", f"{col}4")]


def test_a_birth_date_kept_under_a_name_merged_across_is_missing_as_said(tmp_path: Path) -> None:
    name, birth = layout.MEMBERS.letter("full_name"), layout.MEMBERS.letter("birth_date")
    path = write(tmp_path)
    shown = openpyxl.load_workbook(path)[M][f"{name}2"].value
    path = _merged_keeping(path, M, f"{name}2:{birth}2", {f"{birth}2": 29512})  # a serial, as typed
    issues = run(path).issues
    (issue,) = _said(issues)
    assert f"còn ô {birth}2 (cột “Ngày sinh”) được đọc là trống." in issue.message
    # Nothing about the hidden number (norm.date_serial "Đã hiểu ngày ghi dạng số"): it is missing.
    assert [i.code for i in issues if i.cell == f"{birth}2"] == ["member.required"]
    sub = read_submission(path)
    assert sub.members is not None and sub.members["full_name"].tolist()[0] == shown


def test_an_error_value_kept_under_a_merge_is_not_said(tmp_path: Path) -> None:
    col = layout.MEMBERS.letter("working_away")
    path = _merged_keeping(write(tmp_path), M, f"{col}2:{col}3", {f"{col}2": "Không", f"{col}3": "#N/A"})
    issues = run(path).issues
    assert [i.code for i in issues if i.cell == f"{col}3"] == []
    assert len(_said(issues)) == 1
