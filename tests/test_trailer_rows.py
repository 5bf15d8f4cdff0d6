"""Lines a secretary writes into the list that are no row of it: a total ("Tổng cộng: 5 đồng
chí"), a subtotal, the signature block of an official list ("T/M CHI BỘ", "BÍ THƯ", "(Ký, ghi
rõ họ tên)", the signer's name), the place-and-date line, a note. They used to be read as
members with every column missing (nine errors a line, the file left out). Now they are one
warning per sheet, `file.trailer_rows`, naming the rows and quoting the first, and are not
read; a row with a single text cell followed by a full row is still a member with data
missing.

The workbooks are the real template (`helpers_validate.write`) with the lines typed under or
inside the tables with openpyxl, as a secretary types them in Excel.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import clean_members, codes, only, run, write, write_old

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.rules import HIDDEN, RULES
from toolkit.io.reader import read_submission

M, E, Y = layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_YEARS
CODE = "file.trailer_rows"
NAME = layout.MEMBERS.keys.index("full_name") + 1  # column B


def typed(path: Path, sheet: str, lines: dict[int, dict[int, object]]) -> Path:
    """`lines`: Excel row → {column: value}, typed into the sheet."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for row, cells in lines.items():
        for col, value in cells.items():
            ws.cell(row, col).value = value
    wb.save(path)
    return path


def folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def last_row(path: Path, sheet: str) -> int:
    return openpyxl.load_workbook(path)[sheet].max_row


SIGNATURE = ["T/M CHI BỘ", "BÍ THƯ", "(Ký, ghi rõ họ tên)"]


def test_a_total_and_a_signature_block_are_one_warning_and_not_read(tmp_path: Path) -> None:
    plain = read_submission(write(folder(tmp_path / "plain")))
    path = write(folder(tmp_path / "typed"))
    end = last_row(path, M)
    lines = {end + 2: {NAME: "Tổng cộng: 5 đồng chí"}}
    lines |= {end + 4 + i: {NAME: text} for i, text in enumerate(SIGNATURE)}
    lines[end + 8] = {NAME: "Trần Văn Bình"}
    sub = read_submission(typed(path, M, lines))
    issue = only(sub.issues, CODE)
    assert RULES[CODE].severity == "warning" and issue.severity == "warning"
    rows = [end + 2, end + 4, end + 5, end + 6, end + 8]
    assert (issue.sheet, issue.cell, issue.column, issue.value) == (
        M,
        f"B{rows[0]}",
        "Họ và tên",
        "Tổng cộng: 5 đồng chí",
    )
    assert issue.message == (
        f"Sheet “Đảng viên”, 5 dòng (dòng {rows[0]}, {rows[1]}–{rows[3]}, {rows[4]}): Các dòng này không "
        "phải đảng viên mà là dòng cộng, phần ký tên hay ghi chú viết vào bảng (ví dụ “Tổng cộng: 5 đồng "
        "chí”), nên không được đọc và không được tính. Biểu mẫu không cần các dòng này (công cụ tự cộng, "
        "tệp gửi đi không cần chữ ký): hãy xóa chúng. Nếu trong đó có đảng viên, hãy ghi lại ở một dòng "
        "đủ các cột."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    # Not read: the members are those of the file without the lines, and nothing else is said.
    assert sub.members is not None and plain.members is not None
    assert sub.members.drop(columns="_row").equals(plain.members.drop(columns="_row"))
    assert codes(sub.issues) == [CODE]
    assert not run(path).has_errors
    # On a member's sheet the line quoted may be a name: hidden without personal data.
    masked = issue.without_personal_data().message
    assert "Tổng cộng: 5" not in masked and f"(ví dụ “{HIDDEN}”)" in masked


def test_a_subtotal_inside_the_list_is_not_read_and_the_rows_after_it_are(tmp_path: Path) -> None:
    members = clean_members()
    path = write(tmp_path, members=members)
    # Row 4 becomes "Cộng tổ 1: 2" with the members from row 4 moved one row down.
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    ws.insert_rows(4)
    ws.cell(4, NAME).value = "Cộng tổ 1: 2 đồng chí"
    wb.save(path)
    sub = read_submission(path)
    assert only(sub.issues, CODE).cell == "B4"
    assert sub.members is not None and len(sub.members) == len(members)
    assert [i for i in codes(sub.issues) if i != CODE] == []


def test_a_name_alone_followed_by_a_full_row_is_a_member_with_data_missing(tmp_path: Path) -> None:
    """After "Tổng cộng", a line with a name alone and then a full member: the name alone is
    no signature, it is a member whose other cells are missing (errors, as before)."""
    path = write(tmp_path)
    end = last_row(path, M)
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    full = [c.value for c in ws[end]]
    ws.cell(end + 1, NAME).value = "Tổng cộng: 5 đồng chí"
    ws.cell(end + 2, NAME).value = "Lê Thị Chưa Điền"
    for col, value in enumerate(full, start=1):
        ws.cell(end + 3, col).value = value
    ws.cell(end + 3, NAME).value = "Phan Văn Đủ"
    wb.save(path)
    sub = read_submission(path)
    assert only(sub.issues, CODE).message.startswith(f"Sheet “Đảng viên”, dòng {end + 1}:")
    result = run(path)
    assert {i.cell for i in result.issues if i.code == "member.required"} >= {f"C{end + 2}", f"D{end + 2}"}
    assert sub.members is not None and "Phan Văn Đủ" in sub.members["full_name"].tolist()


@pytest.mark.parametrize(
    "line",
    [
        "Hải Dương, ngày 10 tháng 3 năm 2026",
        "TỔNG SỐ: 5",
        "Người lập biểu",
        "Xác nhận của Đảng ủy phường",
        "Ghi chú: đồng chí An đã chuyển sinh hoạt tạm thời",
        "  tổng cộng",
        "TM. CHI ỦY",
    ],
)
def test_each_kind_of_line_is_one(tmp_path: Path, line: str) -> None:
    path = write(tmp_path)
    sub = read_submission(typed(path, M, {last_row(path, M) + 2: {NAME: line}}))
    assert codes(sub.issues) == [CODE]


@pytest.mark.parametrize(
    "name", ["Tổng Văn Hùng", "Công Thị Lan", "Tôn Nữ Thị Bích", "Kỳ Văn Tâm", "Chu Văn Cộng"]
)
def test_names_that_begin_like_those_words_are_members(tmp_path: Path, name: str) -> None:
    members = clean_members()
    members[1]["full_name"] = name
    sub = read_submission(write(tmp_path, members=members))
    assert CODE not in codes(sub.issues)
    assert sub.members is not None and name in sub.members["full_name"].tolist()


def test_a_total_under_the_changes_and_the_years(tmp_path: Path) -> None:
    path = write(tmp_path)
    plain = read_submission(path)
    typed(path, E, {last_row(path, E) + 1: {NAME: "Cộng: 4 biến động"}})
    # Under the years, the sums of their counts: the year column says it is a total.
    wb = openpyxl.load_workbook(path)
    ws = wb[Y]
    end = ws.max_row
    ws.cell(end + 1, 1).value = "Tổng cộng"
    for col in range(2, ws.max_column + 1):
        ws.cell(end + 1, col).value = sum(int(ws.cell(r, col).value or 0) for r in range(2, end + 1))
    wb.save(path)
    sub = read_submission(path)
    said = sorted(
        (i.sheet, i.message.split(": Các dòng")[0].split(", ")[-1]) for i in sub.issues if i.code == CODE
    )
    assert said == [(E, f"dòng {last_row(path, E)}"), (Y, f"dòng {end + 1}")]
    assert "số liệu một năm" in only([i for i in sub.issues if i.sheet == Y], CODE).message
    assert sub.years is not None and plain.years is not None
    assert sub.years.drop(columns="_row").equals(plain.years.drop(columns="_row"))
    assert [c for c in codes(sub.issues) if c != CODE] == []


@pytest.mark.parametrize("label", ["Tổng", "Tổng:", "TỔNG", "Tong", "Tổng cộng", "Tổng số", "Cộng:"])
def test_every_total_under_the_years_is_one_and_the_file_is_validated(tmp_path: Path, label: str) -> None:
    """A bare "Tổng" is as common a total as "Cộng": it was `year.bad_year` ("… không phải một
    năm"), an error that left the file out, while "Tổng cộng" was a total. On the years no
    name is written, so "Tổng" there is no surname."""
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[Y]
    end = ws.max_row
    ws.cell(end + 1, 1).value = label
    for col in range(2, ws.max_column + 1):
        ws.cell(end + 1, col).value = sum(int(ws.cell(r, col).value or 0) for r in range(2, end + 1))
    wb.save(path)
    result = run(path)
    assert codes(result.issues) == [CODE]
    assert only(result.issues, CODE).cell == f"A{end + 1}"
    assert not result.has_errors


def test_an_upgrade_lists_the_lines_it_does_not_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ward-stats upgrade` copies the rows the reader read: the lines under the list are not
    copied, and are listed with what else stays in the old file (nothing is lost)."""
    nop = tmp_path / "nop"
    nop.mkdir()
    path = write_old(nop)
    typed(path, M, {last_row(path, M) + 2: {NAME: "Tổng cộng: 5 đồng chí"}})
    with pytest.raises(SystemExit) as exit_:
        main(["upgrade", str(path), "--out", str(tmp_path / "moi")], standalone_mode=False)
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert f"Sheet “Đảng viên”, ô B{last_row(path, M)}" in out
    new = openpyxl.load_workbook(tmp_path / "moi" / path.name)[M]
    assert "Tổng cộng: 5 đồng chí" not in [c.value for c in new["B"]]


BIRTH = layout.MEMBERS.keys.index("birth_date") + 1  # column C


@pytest.mark.parametrize("blank", [" ", "   ", "\u00a0", "\t"])
def test_a_total_whose_birth_cell_was_cleared_with_spaces_is_a_total(tmp_path: Path, blank: str) -> None:
    """A cell "emptied" with the space bar is empty for every rule (`member.required` says
    "Chưa ghi"): the total under the list was read as a member with nine errors, and the file
    left out, because its birth cell held a space."""
    plain = read_submission(write(folder(tmp_path / "plain")))
    path = write(folder(tmp_path / "typed"))
    end = last_row(path, M)
    lines = {end + 2: {NAME: "Tổng cộng: 5 đồng chí", BIRTH: blank}}
    lines |= {end + 4 + i: {NAME: text, BIRTH: blank} for i, text in enumerate(SIGNATURE)}
    sub = read_submission(typed(path, M, lines))
    issue = only(sub.issues, CODE)
    assert issue.value == "Tổng cộng: 5 đồng chí"
    assert f"4 dòng (dòng {end + 2}, {end + 4}–{end + 6})" in issue.message
    assert sub.members is not None and len(sub.members) == len(plain.members)  # type: ignore[arg-type]
    assert not run(path).has_errors


STT = layout.MEMBERS.keys.index("row_no") + 1  # column A, on both lists


def copied_member(path: Path, row: int, stt: object, name: str, card: str) -> None:
    """The list's first member copied to Excel `row` with STT `stt`, another name and card."""
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    for col in range(1, ws.max_column + 1):
        ws.cell(row, col).value = ws.cell(layout.FIRST_DATA_ROW, col).value
    ws.cell(row, STT).value = stt
    ws.cell(row, NAME).value = name
    ws.cell(row, layout.MEMBERS.keys.index("card_no") + 1).value = card
    wb.save(path)


@pytest.mark.parametrize("sheet", [M, E])
@pytest.mark.parametrize("label", ["Tổng", "Tổng:", "TỔNG", "Tong", "Tổng: 5 đồng chí", "Tổng 5"])
def test_a_bare_total_typed_in_stt_under_a_list_is_a_total(tmp_path: Path, sheet: str, label: str) -> None:
    """A secretary ending the list with "Tổng" in column A (the rest of the row empty) got
    `cell.text_in_row_no`, an error that left the file out, while "Tổng cộng" or "Cộng" there
    was a total. STT holds no name, so a bare "Tổng" there is a total too."""
    path = write(tmp_path)
    plain = read_submission(path)
    end = last_row(path, sheet)
    typed(path, sheet, {end + 1: {STT: label}})
    result = run(path)
    assert codes(result.issues) == [CODE]
    issue = only(result.issues, CODE)
    assert issue.sheet == sheet and f"dòng {end + 1}:" in issue.message
    assert not result.has_errors
    sub = read_submission(path)
    assert sub.members is not None and plain.members is not None
    assert sub.members.drop(columns="_row").equals(plain.members.drop(columns="_row"))
    assert sub.events is not None and plain.events is not None
    assert sub.events.drop(columns="_row").equals(plain.events.drop(columns="_row"))


@pytest.mark.parametrize("name", ["Tổng Văn Hùng", "TỔNG THỊ LAN", "Tong Van Hung"])
def test_a_name_beginning_with_tong_typed_in_stt_alone_is_still_a_lost_member(
    tmp_path: Path, name: str
) -> None:
    """Names are pasted into STT too (one column to the left): "Tổng" followed by a given name
    is a surname, a member the list has lost, and stays the error that says so."""
    path = write(tmp_path)
    end = last_row(path, M)
    typed(path, M, {end + 1: {STT: name}})
    result = run(path)
    error = only(result.issues, "cell.text_in_row_no")
    assert error.cell == f"A{end + 1}" and CODE not in codes(result.issues)


def test_a_total_in_stt_swallows_no_member_below_it(tmp_path: Path) -> None:
    """A "Tổng" typed in STT alone, then a full member's row: the total is not read, the member
    is (the STT total takes only its own row, as "Cộng" there does)."""
    path = write(tmp_path)
    end = last_row(path, M)
    typed(path, M, {end + 1: {STT: "Tổng"}})
    copied_member(path, end + 2, len(clean_members()) + 1, "Đỗ Văn Tư", "01234999")
    result = run(path)
    assert codes(result.issues) == [CODE]
    assert f"dòng {end + 1}:" in only(result.issues, CODE).message
    sub = read_submission(path)
    assert sub.members is not None and len(sub.members) == len(clean_members()) + 1
    assert "Đỗ Văn Tư" in sub.members["full_name"].tolist()


@pytest.mark.parametrize("label", ["Tổng", "Tổng cộng"])
def test_a_total_in_stt_on_a_row_of_member_data_is_a_member_and_said(tmp_path: Path, label: str) -> None:
    """A row holding a member's name and data is a member whatever its STT says: read and counted
    (never dropped), with the STT cell's text said at its cell (`member.not_integer`)."""
    path = write(tmp_path)
    end = last_row(path, M)
    copied_member(path, end + 1, label, "Đỗ Văn Tư", "01234999")
    result = run(path)
    assert CODE not in codes(result.issues)
    said = only(result.issues, "member.not_integer")
    assert said.cell == f"A{end + 1}" and f"\u201c{label}\u201d" in said.message
    assert not result.has_errors
    sub = read_submission(path)
    assert sub.members is not None and len(sub.members) == len(clean_members()) + 1
    assert "Đỗ Văn Tư" in sub.members["full_name"].tolist()


OCCUPATION = layout.MEMBERS.keys.index("occupation") + 1  # column N
# The block an official list signs on the right, under the list (hunt72 #3): the place and
# date, "T/M CHI BỘ", "BÍ THƯ", two rows left for the signature, the signer's name.
RIGHT_BLOCK = {0: "Ngọc Châu, ngày 31 tháng 3 năm 2026", 1: "T/M CHI BỘ", 2: "BÍ THƯ", 5: "Nguyễn Thị Hương"}


@pytest.mark.parametrize(
    ("sheet", "column"),
    [
        (M, OCCUPATION),
        (M, layout.MEMBERS.keys.index("note") + 1),
        (E, layout.EVENTS.keys.index("decision_no") + 1),
        (Y, layout.YEARS.keys.index("rated_good") + 1),
    ],
)
def test_a_signature_block_in_another_column_is_one_warning_and_not_read(
    tmp_path: Path, sheet: str, column: int
) -> None:
    """The same block in column B was `file.trailer_rows`; typed on the right (column N of
    `Đảng viên`), its rows were members with every column missing: 40 errors, "“BÍ THƯ” không
    có trong danh sách" of `Nghề nghiệp`, the file left out. It is the same one warning now,
    on every data sheet, and its rows are not read."""
    plain = read_submission(write(folder(tmp_path / "plain")))
    path = write(folder(tmp_path / "typed"))
    end = last_row(path, sheet)
    lines = {end + 2 + i: {column: text} for i, text in RIGHT_BLOCK.items()}
    sub = read_submission(typed(path, sheet, lines))
    issue = only(sub.issues, CODE)
    letter = layout.get_column_letter(column)
    assert (issue.sheet, issue.cell, issue.value) == (sheet, f"{letter}{end + 2}", RIGHT_BLOCK[0])
    assert issue.message.startswith(f"Sheet “{sheet}”, 4 dòng (dòng {end + 2}–{end + 4}, {end + 7}): ")
    assert codes(sub.issues) == [CODE]
    for key in ("members", "events", "years"):
        mine, theirs = getattr(sub, key), getattr(plain, key)
        assert mine.drop(columns="_row").equals(theirs.drop(columns="_row"))
    assert not run(path).has_errors


def test_a_signature_block_on_both_sides_is_one_warning(tmp_path: Path) -> None:
    """“NGƯỜI LẬP BIỂU” on the left (in `Ngày sinh`), “T/M CHI BỘ” on the right, on one row,
    their names on another under them: each row is the block's."""
    path = write(tmp_path)
    end = last_row(path, M)
    lines = {
        end + 2: {3: "NGƯỜI LẬP BIỂU", OCCUPATION: "T/M CHI BỘ"},
        end + 3: {3: "(Ký, ghi rõ họ tên)", OCCUPATION: "BÍ THƯ"},
        end + 6: {3: "Trần Văn Bình", OCCUPATION: "Nguyễn Thị Hương"},
    }
    sub = read_submission(typed(path, M, lines))
    assert codes(sub.issues) == [CODE]
    issue = only(sub.issues, CODE)
    assert issue.cell == f"C{end + 2}" and issue.value == "NGƯỜI LẬP BIỂU"
    assert f"3 dòng (dòng {end + 2}–{end + 3}, {end + 6})" in issue.message
    assert not run(path).has_errors


@pytest.mark.parametrize(
    "lines",
    [
        # A member with only an occupation and a gender written: no signature.
        {0: {OCCUPATION: "Nguyễn Thị Hương", 4: "Nữ"}},
        # A name typed in the occupation column alone, with no title above it.
        {0: {OCCUPATION: "Nguyễn Thị Hương"}},
        # A title followed by a member whose name is missing: the block must end the list.
        {0: {OCCUPATION: "BÍ THƯ"}, 1: {4: "Nam", 5: "Kinh", 7: "x"}},
        # "(Đã ký)" is a title's line, but a row with it and a member's gender is a member.
        {0: {OCCUPATION: "BÍ THƯ"}, 1: {OCCUPATION: "(Đã ký)", 4: "Nam"}},
        # A name under "(Đã ký)" with a gender written beside it: a member.
        {0: {OCCUPATION: "(Đã ký)"}, 1: {OCCUPATION: "Nguyễn Thị Hương", 4: "Nữ"}},
    ],
)
def test_a_member_row_without_a_name_is_still_one_with_data_missing(
    tmp_path: Path, lines: dict[int, dict[int, object]]
) -> None:
    """Only the rows that end the list and hold a title's words, a place-and-date line or a
    signer's name directly under a title are a signature block: a row of other data whose
    name is missing is a member with data missing, an error as before."""
    path = write(tmp_path)
    end = last_row(path, M)
    typed(path, M, {end + 2 + i: cells for i, cells in lines.items()})
    result = run(path)
    assert result.has_errors
    last = end + 2 + max(lines)
    assert f"B{last}" in {i.cell for i in result.issues if i.code == "member.required"}


# The block's variants a tester typed (hunt74 #4): a date line with the day (and month) left
# blank, in digits, or with no place; "(Đã ký)" and its kind between the title and the name.
SIGNER = "Nguyễn Thị Hương"
DATE_LINES = [
    "Ngọc Châu, ngày    tháng 3 năm 2026",
    "Ngọc Châu, ngày ... tháng ... năm 2026",
    "Ngọc Châu, ngày …… tháng …… năm 2026",
    "Ngọc Châu, ngày ___ tháng ___ năm 2026",
    "Ngọc Châu, ngày 31/3/2026",
    "Ngọc Châu, ngày 31-03-2026",
    "Ngày 31 tháng 3 năm 2026",
    "ngày 31/3/2026",
    "Phường 3, ngày 31 tháng 3 năm 2026",
]
SIGNED = ["(Đã ký)", "(ký)", "(Ký, ghi rõ họ tên)", "Đã ký", "(đã ký và đóng dấu)", "(Đã ký, đóng dấu)"]


def signature_lines(block: list[str | None], end: int, column: int) -> dict[int, dict[int, object]]:
    return {end + 2 + i: {column: text} for i, text in enumerate(block) if text is not None}


@pytest.mark.parametrize("column", [NAME, OCCUPATION])
@pytest.mark.parametrize(
    "block",
    [[line, "T/M CHI BỘ", "BÍ THƯ", None, None, SIGNER] for line in DATE_LINES]
    + [["Ngọc Châu, ngày 31 tháng 3 năm 2026", "T/M CHI BỘ", "BÍ THƯ", s, None, SIGNER] for s in SIGNED]
    + [["T/M CHI BỘ", "BÍ THƯ", "(Đã ký)", SIGNER, "Ngày 31 tháng 3 năm 2026"]],
)
def test_each_variant_of_a_signature_block_is_one_warning(
    tmp_path: Path, column: int, block: list[str | None]
) -> None:
    """A date line whose day is left blank ("ngày    tháng 3 năm 2026", "ngày ... tháng ...")
    or written in digits ("ngày 31/3/2026") or with no place, and a "(Đã ký)" line between
    "BÍ THƯ" and the signer's name, were not recognised: the rows were members with about ten
    errors each (with "(Đã ký)" on the right, the whole block), and the file left out."""
    plain = read_submission(write(folder(tmp_path / "plain")))
    path = write(folder(tmp_path / "typed"))
    end = last_row(path, M)
    sub = read_submission(typed(path, M, signature_lines(block, end, column)))
    assert codes(sub.issues) == [CODE]
    issue = only(sub.issues, CODE)
    assert issue.cell == f"{layout.get_column_letter(column)}{end + 2}" and issue.value == block[0]
    filled = sum(text is not None for text in block)
    assert issue.message.startswith(f"Sheet “{M}”, {filled} dòng (")
    assert sub.members is not None and plain.members is not None
    assert sub.members.drop(columns="_row").equals(plain.members.drop(columns="_row"))
    assert not run(path).has_errors


@pytest.mark.parametrize("column", [NAME, OCCUPATION])
def test_a_member_under_a_signed_block_is_still_read(tmp_path: Path, column: int) -> None:
    """A full member's row under the block (a member added after the list was signed) is read
    and counted, whatever the block's lines are."""
    path = write(tmp_path)
    end = last_row(path, M)
    block = ["Ngọc Châu, ngày    tháng 3 năm 2026", "T/M CHI BỘ", "BÍ THƯ", "(Đã ký)", SIGNER]
    typed(path, M, signature_lines(block, end, column))
    copied_member(path, end + 2 + len(block), len(clean_members()) + 1, "Đỗ Văn Tư", "01234999")
    sub = read_submission(path)
    assert sub.members is not None and "Đỗ Văn Tư" in sub.members["full_name"].tolist()
