"""Headings written into a list: section headings ("I. ĐẢNG VIÊN CHÍNH THỨC", "II. ĐẢNG VIÊN
DỰ BỊ", "Chuyển đi:") and the header row repeated where another list was pasted in. Each was
read as a row with every column missing or wrong: nine errors for a heading, seventeen for a
header row, and the file left out. Now they are one warning per sheet, `file.heading_rows`,
naming the rows; they are not read, and the rows after them are.

A heading is taken only when no member's row can be it: a single text cell opening with the
words of a group ("đảng viên", "dự bị", "kết nạp"...), or a row with at least half the
template's headers. A name alone stays a member with data missing.

The workbooks are the real template (`helpers_validate.write`), with rows inserted and typed
with openpyxl as a secretary does in Excel.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import clean_events, clean_members, codes, only, run, write, write_old

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.rules import HIDDEN, RULES
from toolkit.io.reader import read_submission

M, E, Y = layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_YEARS
CODE = "file.heading_rows"
NAME = layout.MEMBERS.keys.index("full_name") + 1  # column B, on both lists


def inserted(path: Path, sheet: str, lines: dict[int, dict[int, object]]) -> Path:
    """Each Excel row of `lines` inserted (the rows below move down) and typed."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for row in sorted(lines):
        ws.insert_rows(row)
        for col, value in lines[row].items():
            ws.cell(row, col).value = value
    wb.save(path)
    return path


def same_rows(a: object, b: object) -> bool:
    return a is not None and b is not None and a.drop(columns="_row").equals(b.drop(columns="_row"))  # type: ignore[attr-defined]


def test_section_headings_in_the_members_list_are_one_warning_and_not_read(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    plain = read_submission(write(tmp_path / "plain"))
    path = write(tmp_path)
    sub = read_submission(
        inserted(path, M, {2: {NAME: "I. ĐẢNG VIÊN CHÍNH THỨC"}, 6: {NAME: "II. Đảng viên dự bị:"}})
    )
    issue = only(sub.issues, CODE)
    assert RULES[CODE].severity == "warning" and issue.severity == "warning"
    assert (issue.sheet, issue.cell, issue.column, issue.value) == (
        M,
        "B2",
        "Họ và tên",
        "I. ĐẢNG VIÊN CHÍNH THỨC",
    )
    assert issue.message == (
        "Sheet “Đảng viên”, 2 dòng (dòng 2, 6): Các dòng này không phải đảng viên mà là tiêu đề viết vào "
        "giữa bảng (tên một nhóm, dòng tiêu đề của danh sách khác dán vào, hay dòng đánh số các cột (1), "
        "(2)…; ví dụ “I. ĐẢNG VIÊN CHÍNH THỨC”), nên không được đọc. Biểu mẫu chỉ có một dòng tiêu đề "
        "(dòng 1), mỗi dòng bên dưới là một đảng viên; không cần chia nhóm (dự bị hay chính thức, miễn "
        "sinh hoạt… đã có cột riêng): hãy xóa các dòng này."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    # Every member read, nothing else said, the file counted.
    assert same_rows(sub.members, plain.members)
    assert codes(sub.issues) == [CODE]
    assert not run(path).has_errors
    # On a member's sheet the quoted line is hidden without personal data, as any value there.
    masked = issue.without_personal_data().message
    assert "CHÍNH THỨC”" not in masked and f"ví dụ “{HIDDEN}”" in masked


@pytest.mark.parametrize(
    "heading",
    [
        "ĐẢNG VIÊN DỰ BỊ",
        "A. Đảng viên đang sinh hoạt",
        "Danh sách đảng viên miễn sinh hoạt",
        "3) Đảng viên đi làm ăn xa",
        "Tổ 1",
        "TỔ DÂN PHỐ SỐ 5",
        "Chi bộ khu dân cư số 2",
        "Dự bị",
    ],
)
def test_each_kind_of_members_heading_is_one(tmp_path: Path, heading: str) -> None:
    sub = read_submission(inserted(write(tmp_path), M, {3: {NAME: heading}}))
    assert codes(sub.issues) == [CODE]
    assert sub.members is not None and len(sub.members) == len(clean_members())


def test_section_headings_in_the_changes_list(tmp_path: Path) -> None:
    path = inserted(write(tmp_path), E, {2: {NAME: "I. KẾT NẠP"}, 4: {NAME: "Chuyển đi:"}})
    sub = read_submission(path)
    issue = only(sub.issues, CODE)
    assert (issue.sheet, issue.cell) == (E, "B2")
    assert issue.message.startswith(
        "Sheet “Biến động”, 2 dòng (dòng 2, 4): Các dòng này không phải biến động"
    )
    assert sub.events is not None and len(sub.events) == len(clean_events())


@pytest.mark.parametrize("heading", ["Giảm", "TĂNG:", "II. Giảm trong kỳ"])
def test_a_changes_heading_tang_or_giam_alone_is_one(tmp_path: Path, heading: str) -> None:
    """A group heading "Giảm" or "Tăng" left the file refused, asking for a birth date, a
    change and a date for a line that is no change (hunt44 C #4)."""
    sub = read_submission(inserted(write(tmp_path), E, {2: {NAME: heading}}))
    assert codes(sub.issues) == [CODE]
    assert sub.events is not None and len(sub.events) == len(clean_events())


def test_a_subtotal_in_stt_with_its_count_in_another_column_is_a_trailer(tmp_path: Path) -> None:
    """ "Cộng" in STT with the count under `Loại biến động`, the name empty, was read as a change
    with every cell missing: the file refused (hunt44 C #4). It is a total line, named at A."""
    n = len(clean_events())
    kind = layout.EVENTS.keys.index("event_type") + 1
    path = inserted(write(tmp_path), E, {n + 2: {1: "Cộng", kind: n}})
    sub = read_submission(path)
    issue = only(sub.issues, "file.trailer_rows")
    assert (issue.cell, issue.value, issue.column) == (f"A{n + 2}", "Cộng", "STT")
    assert codes(sub.issues) == ["file.trailer_rows"]
    assert sub.events is not None and len(sub.events) == n


def test_a_header_row_pasted_into_the_list_is_not_read_and_the_rows_after_it_are(tmp_path: Path) -> None:
    """Another list pasted under the first, with its header row: that row is one warning, the
    member under it is read."""
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    end = ws.max_row
    header = [c.value for c in ws[1]]
    last = [c.value for c in ws[end]]
    for col, value in enumerate(header, start=1):
        ws.cell(end + 2, col).value = value.upper() if col != NAME else value  # the others in capitals
    for col, value in enumerate(last, start=1):
        ws.cell(end + 3, col).value = value
    ws.cell(end + 3, NAME).value = "Phan Văn Dán"
    ws.cell(end + 3, layout.MEMBERS.keys.index("card_no") + 1).value = "99999999"
    wb.save(path)
    sub = read_submission(path)
    issue = only(sub.issues, CODE)
    assert (issue.cell, issue.value) == (f"B{end + 2}", "Họ và tên")
    assert sub.members is not None and sub.members["full_name"].tolist()[-1] == "Phan Văn Dán"
    assert len(sub.members) == len(clean_members()) + 1
    result = run(path)
    assert not [i for i in result.issues if i.is_error], codes(result.issues)


def test_a_header_row_pasted_into_the_years(tmp_path: Path) -> None:
    path = write(tmp_path)
    plain = read_submission(path)
    wb = openpyxl.load_workbook(path)
    ws = wb[Y]
    header = [c.value for c in ws[1]]
    ws.insert_rows(3)
    for col, value in enumerate(header, start=1):
        ws.cell(3, col).value = value
    wb.save(path)
    sub = read_submission(path)
    issue = only(sub.issues, CODE)
    assert (issue.sheet, issue.cell) == (Y, "A3")
    assert "số liệu một năm" in issue.message
    assert same_rows(sub.years, plain.years)
    assert codes(sub.issues) == [CODE]


# The row of column numbers official tables carry under the header, as typed: "(1)" … "(n)",
# plain numbers, or the columns of text lettered and the others numbered ("A", "B", "(1)" …).
NUMBERINGS = {
    "(1) … (n)": lambda j: f"({j})",
    "1 … n": lambda j: j,
    "A, B, (1) … (n - 2)": lambda j: "AB"[j - 1] if j < 3 else f"({j - 2})",
}


@pytest.mark.parametrize("numbering", list(NUMBERINGS))
@pytest.mark.parametrize("sheet", [M, E, Y])
def test_a_column_numbering_row_under_the_header_is_one_warning_and_not_read(
    tmp_path: Path, sheet: str, numbering: str
) -> None:
    """It was a member with 17 errors (a date "(3)" not read, "(4)" not in the list…); with
    plain numbers also “Đã hiểu “5” là “Khơ-me””. Now one warning; every row read as before."""
    (tmp_path / "plain").mkdir()
    plain = read_submission(write(tmp_path / "plain"))
    width = len(layout.LAYOUT.sheet(sheet).fields)
    mark = NUMBERINGS[numbering]
    path = inserted(write(tmp_path), sheet, {2: {j: mark(j) for j in range(1, width + 1)}})
    sub = read_submission(path)
    issue = only(sub.issues, CODE)
    assert codes(sub.issues) == [CODE]
    assert (issue.sheet, issue.severity) == (sheet, "warning")
    example = " ".join(str(mark(j)) for j in (1, 2, 3))
    assert issue.message.startswith(f"Sheet “{sheet}”, dòng 2: Các dòng này không phải ")
    assert f"ví dụ “{example} …”" in issue.message
    frames = {M: (sub.members, plain.members), E: (sub.events, plain.events), Y: (sub.years, plain.years)}
    assert same_rows(*frames[sheet])
    assert not run(path).has_errors


def test_a_numbering_row_under_a_header_pasted_into_the_list_is_not_read(tmp_path: Path) -> None:
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    header = [c.value for c in ws[1]]
    ws.insert_rows(4, 2)
    for col, value in enumerate(header, start=1):
        ws.cell(4, col).value = value
        ws.cell(5, col).value = f"({col})"
    wb.save(path)
    sub = read_submission(path)
    issue = only(sub.issues, CODE)
    assert issue.message.startswith("Sheet “Đảng viên”, 2 dòng (dòng 4–5): ")
    assert sub.members is not None and len(sub.members) == len(clean_members())


def test_a_row_numbered_in_a_few_columns_is_a_member(tmp_path: Path) -> None:
    """Numbers in order in fewer than two thirds of the columns (a row of a list typed with
    numbers by mistake) stay a row, with its errors: nothing a member can be is dropped."""
    path = inserted(write(tmp_path), M, {2: {j: f"({j})" for j in range(1, 14)}})  # 13 of 21
    result = run(path)
    assert CODE not in codes(result.issues) and result.has_errors


@pytest.mark.parametrize(
    ("sheet", "name"),
    [
        (M, "Nguyễn Văn Chính"),
        (M, "Đặng Thị Dự"),
        (M, "Tô Văn Tổ"),
        (M, "Danh Văn Sách"),
        (E, "Từ Trần Minh"),  # the surname Từ: "Từ trần" (died) is a heading only alone
        (E, "Kết Văn Nạp"),
        (E, "Tăng Văn Hòa"),  # the surname Tăng: "Tăng" (increases) is a heading only alone
    ],
)
def test_a_name_alone_is_a_row_with_data_missing(tmp_path: Path, sheet: str, name: str) -> None:
    path = inserted(write(tmp_path), sheet, {3: {NAME: name}})
    result = run(path)
    assert CODE not in codes(result.issues)
    prefix = "member" if sheet == M else "event"
    assert f"{prefix}.required" in codes(result.issues) and result.has_errors


def test_a_near_header_with_less_than_half_the_headers_is_a_row(tmp_path: Path) -> None:
    """A row that only starts like the header ("Họ và tên" then values) is no header row."""
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    ws.insert_rows(3)
    ws.cell(3, NAME).value = "Họ và tên"
    ws.cell(3, 3).value = "Ngày sinh"
    wb.save(path)
    result = run(path)
    assert CODE not in codes(result.issues) and result.has_errors


def test_an_upgrade_lists_the_headings_it_does_not_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ward-stats upgrade` copies the rows the reader read: a heading is not copied, and is
    listed with what else stays in the old file (nothing is lost)."""
    nop = tmp_path / "nop"
    nop.mkdir()
    path = inserted(write_old(nop), M, {2: {NAME: "I. ĐẢNG VIÊN CHÍNH THỨC"}})
    with pytest.raises(SystemExit) as exit_:
        main(["upgrade", str(path), "--out", str(tmp_path / "moi")], standalone_mode=False)
    assert exit_.value.code == 0
    assert "Sheet “Đảng viên”, ô B2" in capsys.readouterr().out
    new = openpyxl.load_workbook(tmp_path / "moi" / path.name)[M]
    assert "I. ĐẢNG VIÊN CHÍNH THỨC" not in [c.value for c in new["B"]]


def test_a_heading_whose_birth_cell_holds_a_space_is_a_heading(tmp_path: Path) -> None:
    birth = layout.MEMBERS.keys.index("birth_date") + 1
    sub = read_submission(inserted(write(tmp_path), M, {3: {NAME: "II. ĐẢNG VIÊN DỰ BỊ", birth: " "}}))
    assert codes(sub.issues) == [CODE]
    assert sub.members is not None and len(sub.members) == len(clean_members())


def test_a_name_written_in_stt_alone_is_an_error_and_a_signature_there_a_trailer(tmp_path: Path) -> None:
    """The reader leaves STT out of what makes a row: a member whose name was typed in column A,
    the other columns empty, was passed over in silence (one member fewer), as was a signature
    block typed in column A under the list."""
    path = write(tmp_path)
    n = len(clean_members())
    last = n + 1
    inserted(path, M, {last + 1: {1: "Trần Thị Bích"}})
    wb = openpyxl.load_workbook(path)
    wb[M].cell(last + 3, 1, "Người lập biểu")
    wb.save(path)
    issues = read_submission(path).issues
    error = only(issues, "cell.text_in_row_no")
    assert (error.severity, error.cell, error.column) == ("error", f"A{last + 1}", "STT")
    assert f"dòng {last + 1}" in error.message
    trailer = only(issues, "file.trailer_rows")
    assert trailer.severity == "warning" and f"dòng {last + 3}" in trailer.message
