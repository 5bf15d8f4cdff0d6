"""Lines under a list (`file.trailer_rows`) read as the reader reads the rows, never at a
member's cost, and the count a total line states checked against the rows read (hunt79):

- a member's row whose name cell reads like a trailer line ("… sinh ngày 12/03/1970", "Bí thư
  …", "Đảng ủy viên …", "… (chuyển đến ngày 15/3/2026)") and whose birth date is empty was
  dropped as a line under the list: the ward one member short, the missing birth date never
  said. A row holding a member's data stays a member;
- totals, signatures and headings typed in TCVN3 (.VnTime) or in decomposed Unicode were read
  as members with many errors;
- "Tổng: 31 đồng chí" in the name column was a member;
- "Tổng số: 57 đảng viên" beside 31 members read was said nowhere (`file.trailer_count`).

The workbooks are the real template (`helpers_validate.write`), lines typed with openpyxl.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_validate import clean_members, codes, only, run, write
from openpyxl.styles import Font

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.rules import RULES
from toolkit.io.legacy import TCVN3_TO_UNICODE
from toolkit.io.reader import read_submission

M = layout.SHEET_MEMBERS
CODE, COUNT = "file.trailer_rows", "file.trailer_count"
STT = 1
NAME = layout.MEMBERS.keys.index("full_name") + 1  # column B
BIRTH = layout.MEMBERS.keys.index("birth_date") + 1  # column C
OCCUPATION = layout.MEMBERS.keys.index("occupation") + 1  # column N
_TO_TCVN3 = {u: t for t, u in TCVN3_TO_UNICODE.items()}


def tcvn3(text: str) -> str:
    """`text` as a TCVN3 keyboard driver stores it (shown right only in a .VnTime font)."""
    return "".join(_TO_TCVN3.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def typed(path: Path, lines: dict[int, dict[int, Any]], font: str | None = None) -> Path:
    """`lines`: Excel row → {column: value}, typed into `Đảng viên` (in `font`, if given)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    for row, cells in lines.items():
        for col, value in cells.items():
            ws.cell(row, col).value = value
            if font is not None:
                ws.cell(row, col).font = Font(name=font)
    wb.save(path)
    return path


def end_of(path: Path) -> int:
    return int(openpyxl.load_workbook(path)[M].max_row)


# --- 1. A member's row is never a line under the list ----------------------------------------

NAMES = [
    "Phạm Khắc Long sinh ngày 12/03/1970",
    "Phạm Khắc Long (chuyển đến ngày 15/3/2026)",
    "Bí thư Phạm Khắc Long",
    "Đảng ủy viên Phạm Khắc Long",
    "Phạm Khắc Long, sinh ngày 12/03/1970",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_member_whose_name_reads_like_a_trailer_line_is_read_with_its_missing_birth_date(
    tmp_path: Path, name: str
) -> None:
    members = clean_members()
    members[2] = {**members[2], "full_name": name, "birth_date": None}
    path = write(tmp_path, members=members)
    sub = read_submission(path)
    assert CODE not in codes(sub.issues)
    assert sub.members is not None and len(sub.members) == len(members)
    assert name in sub.members["full_name"].tolist()
    # The member keeps its error: the birth date is missing, at its cell.
    result = run(path)
    assert f"C{layout.FIRST_DATA_ROW + 2}" in {i.cell for i in result.issues if i.code == "member.required"}
    assert result.has_errors


@pytest.mark.parametrize(
    "cells",
    [
        {"admission_date": "12/05/2001"},  # a date, typed as text
        {"card_no": "95.781099"},
        {"gender": "Nam", "ethnicity": "Kinh"},  # two answers of the sheet's lists
    ],
    ids=["date", "card", "answers"],
)
def test_any_of_a_members_data_keeps_a_bi_thu_row_a_member(tmp_path: Path, cells: dict[str, str]) -> None:
    """Under the list, "Bí thư Phạm Khắc Long" with only some of his data: a member with data
    missing, not the signature block."""
    path = write(tmp_path)
    end = end_of(path)
    line = {NAME: "Bí thư Phạm Khắc Long"} | {layout.MEMBERS.keys.index(k) + 1: v for k, v in cells.items()}
    sub = read_submission(typed(path, {end + 1: line}))
    assert CODE not in codes(sub.issues)
    assert sub.members is not None and "Bí thư Phạm Khắc Long" in sub.members["full_name"].tolist()


def test_a_name_alone_with_its_birth_date_in_words_is_no_place_and_date_line(tmp_path: Path) -> None:
    """The place-and-date pattern took "X sinh ngày 12/03/1970" for "Ngọc Châu ngày 31/3/2026"."""
    path = write(tmp_path)
    end = end_of(path)
    sub = read_submission(typed(path, {end + 1: {NAME: "Phạm Khắc Long sinh ngày 12/03/1970"}}))
    assert CODE not in codes(sub.issues)
    assert sub.members is not None and len(sub.members) == len(clean_members()) + 1


def test_a_total_and_a_signature_block_are_still_lines_under_the_list(tmp_path: Path) -> None:
    """The guard takes nothing from the lines themselves: a total with its counts in other
    columns, the block signed on the right (a title and a name, no member's data)."""
    path = write(tmp_path)
    plain = read_submission(path)
    end = end_of(path)
    lines: dict[int, dict[int, Any]] = {end + 2: {NAME: "Tổng cộng", 4: 5}}
    lines |= {end + 4: {OCCUPATION: "Ngọc Châu, ngày 31 tháng 3 năm 2026"}}
    lines |= {end + 5: {OCCUPATION: "T/M CHI BỘ"}}
    lines |= {end + 6: {OCCUPATION: "BÍ THƯ"}, end + 8: {OCCUPATION: "Nguyễn Văn Tâm"}}
    sub = read_submission(typed(path, lines))
    assert codes(sub.issues) == [CODE]
    assert sub.members is not None and plain.members is not None
    assert sub.members.drop(columns="_row").equals(plain.members.drop(columns="_row"))


# --- 2. Lines typed in TCVN3 or in decomposed Unicode ----------------------------------------


@pytest.mark.parametrize("encoding", ["tcvn3", "nfd"])
def test_a_total_a_signature_and_a_heading_in_an_old_encoding_are_lines(
    tmp_path: Path, encoding: str
) -> None:
    path = write(tmp_path)
    plain = read_submission(path)
    end = end_of(path)

    def enc(text: str) -> str:
        return tcvn3(text) if encoding == "tcvn3" else unicodedata.normalize("NFD", text)

    font = ".VnTime" if encoding == "tcvn3" else None
    lines = {end + 2: {NAME: enc("Cộng: 5 đảng viên")}}
    lines |= {end + 4: {OCCUPATION: enc("Ngọc Châu, ngày 31 tháng 3 năm 2026")}}
    lines |= {end + 5: {OCCUPATION: enc("BÍ THƯ")}, end + 7: {OCCUPATION: enc("Nguyễn Văn Tâm")}}
    typed(path, lines, font)
    # A heading on top of the list: the members moved one row down.
    wb = openpyxl.load_workbook(path)
    wb[M].insert_rows(layout.FIRST_DATA_ROW)
    cell = wb[M].cell(layout.FIRST_DATA_ROW, NAME)
    if encoding == "tcvn3":  # capitals in TCVN3: the small letters' codes, in a capitals' font
        cell.value, cell.font = tcvn3("i. đảng viên chính thức"), Font(name=".VnTimeH")
    else:
        cell.value = enc("I. ĐẢNG VIÊN CHÍNH THỨC")
    wb.save(path)
    sub = read_submission(path)
    assert codes(sub.issues) == ["file.trailer_rows", "file.heading_rows"]
    trailer = only(sub.issues, CODE)
    assert f"4 dòng (dòng {end + 3}, {end + 5}–{end + 6}, {end + 8})" in trailer.message
    assert trailer.value == "Cộng: 5 đảng viên"  # as Excel shows it, whatever the encoding
    assert only(sub.issues, "file.heading_rows").cell == f"B{layout.FIRST_DATA_ROW}"
    assert sub.members is not None and plain.members is not None
    assert sub.members.drop(columns="_row").equals(plain.members.drop(columns="_row"))
    assert not run(path).has_errors


def test_a_total_typed_in_stt_in_tcvn3_is_a_line(tmp_path: Path) -> None:
    path = write(tmp_path)
    end = end_of(path)
    typed(path, {end + 1: {STT: tcvn3("Tổng cộng")}}, ".VnTime")
    result = run(path)
    assert codes(result.issues) == [CODE] and not result.has_errors


# --- 3. A bare "Tổng" in the name column -----------------------------------------------------


@pytest.mark.parametrize("line", ["Tổng: 5 đồng chí", "TỔNG (5 đ/c)", "Tổng 5", "Tổng"])
def test_a_bare_total_in_the_name_column_is_a_line(tmp_path: Path, line: str) -> None:
    path = write(tmp_path)
    plain = read_submission(path)
    end = end_of(path)
    sub = read_submission(typed(path, {end + 1: {NAME: line}}))
    assert codes(sub.issues) == [CODE]
    assert only(sub.issues, CODE).cell == f"B{end + 1}"
    assert sub.members is not None and plain.members is not None
    assert sub.members.drop(columns="_row").equals(plain.members.drop(columns="_row"))


def test_tong_as_a_surname_with_the_birth_date_missing_stays_a_member(tmp_path: Path) -> None:
    members = clean_members()
    members[1] = {**members[1], "full_name": "Tổng Văn Hùng", "birth_date": None}
    path = write(tmp_path, members=members)
    sub = read_submission(path)
    assert CODE not in codes(sub.issues)
    assert sub.members is not None and "Tổng Văn Hùng" in sub.members["full_name"].tolist()
    assert run(path).has_errors


# --- 5. The count a total line states --------------------------------------------------------


def test_a_total_stating_more_members_than_the_rows_read_is_said(tmp_path: Path) -> None:
    path = write(tmp_path)
    end = end_of(path)
    sub = read_submission(typed(path, {end + 2: {NAME: "Tổng số: 57 đảng viên"}}))
    issue = only(sub.issues, COUNT)
    assert RULES[COUNT].severity == "warning" and issue.severity == "warning"
    assert (issue.sheet, issue.cell, issue.column) == (M, f"B{end + 2}", "Họ và tên")
    n = len(clean_members())
    assert issue.message == (
        f"Sheet “Đảng viên”, ô B{end + 2}: Dòng cộng ghi 57 đảng viên, nhưng danh sách của sheet này "
        f"có {n} đảng viên được đọc. Hãy kiểm tra xem có đảng viên nào bị xóa mất dòng hay đang ghi ở "
        "sheet khác, tệp khác, hoặc có dòng nào bị ẩn (dòng ẩn vẫn được đọc và tính) mà con số ở dòng "
        "cộng không tính đến; rồi sửa danh sách hoặc con số cho khớp. Công cụ đếm theo các dòng đọc "
        "được, không theo con số ở dòng cộng."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    assert sorted(codes(sub.issues)) == sorted([CODE, COUNT])
    # Through the command line too: a warning, the file still passes.
    out = CliRunner().invoke(main, ["validate", str(path)])
    assert "ô B" in out.output and "Dòng cộng ghi 57 đảng viên" in out.output


N = len(clean_members())  # 5


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        (["Cộng: 5 đồng chí"], None),
        (["Tổng cộng 4 đ/c"], 0),  # the only total states fewer
        (["Cộng: 6 ĐV"], 0),
        (["Tổng số đảng viên: 7"], 0),
        (["Cộng tổ 1: 2 đồng chí", "Cộng tổ 2: 3 đồng chí", "Tổng cộng: 5 đồng chí"], None),
        (["Cộng tổ 1: 2 đồng chí", "Cộng tổ 2: 3 đồng chí"], None),  # subtotals only
        (["Cộng tổ 1: 2 đồng chí", "Cộng tổ 2: 6 đồng chí"], 1),  # more than the rows read
        (["Cộng tổ 1: 2 đồng chí", "Tổng cộng: 4 đồng chí"], 1),  # the grand total differs
        (["Tổng cộng đến ngày 31/3/2026"], None),  # a date, no count
        (["Tổng cộng năm 2026"], None),  # a year, no count
        (["Tổng cộng"], None),
    ],
)
def test_which_stated_counts_are_said(tmp_path: Path, lines: list[str], said: int | None) -> None:
    path = write(tmp_path)
    end = end_of(path)
    sub = read_submission(typed(path, {end + 1 + i: {NAME: line} for i, line in enumerate(lines)}))
    assert sub.members is not None and len(sub.members) == N
    if said is None:
        assert COUNT not in codes(sub.issues)
    else:
        assert only(sub.issues, COUNT).cell == f"B{end + 1 + said}"


def test_a_count_typed_in_stt_in_tcvn3_is_read(tmp_path: Path) -> None:
    path = write(tmp_path)
    end = end_of(path)
    sub = read_submission(typed(path, {end + 1: {STT: tcvn3("Tổng: 9 đồng chí")}}, ".VnTime"))
    issue = only(sub.issues, COUNT)
    assert issue.cell == f"A{end + 1}" and "ghi 9 đảng viên" in issue.message


# --- 6. A demo chi bộ's list with subtotals, signers and totals (hunt82) ---------------------
#
# HD03 of the demo ward (`ward-stats demo`): 31 members, rows 2–32, the real template filled.


@pytest.fixture(scope="module")
def hd03(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from toolkit.outputs.template import submission_filename
    from toolkit.sample.ward import build_sample_ward

    org = next(o for o in build_sample_ward().orgs if o.organisation.org_code == "HD03")
    path = tmp_path_factory.mktemp("hd03") / submission_filename(org.organisation)
    org.write(path, layout.TEMPLATE_VERSION)
    return path


def edited(hd03: Path, tmp_path: Path, edit: Any) -> Path:
    """A copy of HD03 with `edit(sheet)` applied to its `Đảng viên`."""
    wb = openpyxl.load_workbook(hd03)
    edit(wb[M])
    path = tmp_path / hd03.name
    wb.save(path)
    return path


def test_the_demo_chi_bo_has_31_members(hd03: Path) -> None:
    sub = read_submission(hd03)
    assert sub.members is not None and len(sub.members) == 31 and end_of(hd03) == 32


def _subtotal_then_names(ws: Any) -> None:
    ws.insert_rows(17)
    ws["B17"] = "Cộng tổ 1: 15 đồng chí"
    ws["A34"], ws["B34"] = 32, "Hoàng Văn Mới"
    ws["A35"], ws["B35"] = 33, "Lê Thị Hoa"


def _name_above_the_grand_total(ws: Any) -> None:
    ws.insert_rows(12)
    ws["B12"] = "Cộng tổ 1: 10 đồng chí"
    ws.insert_rows(23)
    ws["B23"] = "Cộng tổ 2: 10 đồng chí"
    ws["A35"], ws["B35"] = 32, "Hoàng Văn Mới"
    ws["B36"] = "Tổng cộng: 32 đồng chí"


def _name_under_the_total(ws: Any) -> None:
    ws["B33"] = "Tổng cộng: 31 đồng chí"
    ws["A34"], ws["B34"] = 32, "Hoàng Văn Mới"


@pytest.mark.parametrize(
    ("edit", "read", "lines", "counted"),
    [
        (_subtotal_then_names, 33, "dòng 17:", False),
        (_name_above_the_grand_total, 32, "3 dòng (dòng 12, 23, 36)", False),
        # the total left at 31: its count now disagrees with the 32 read, and says so
        (_name_under_the_total, 32, "dòng 33:", True),
    ],
    ids=["after-a-subtotal", "above-the-grand-total", "under-the-total"],
)
def test_members_typed_with_a_name_only_are_never_signers_after_a_total(
    hd03: Path, tmp_path: Path, edit: Any, read: int, lines: str, counted: bool
) -> None:
    """F1: the walk over the single-text rows that end the sheet went back to the first total
    line: after "Cộng tổ 1: 15 đồng chí" the two members added at the end with STT and a name
    were signers, not read, and the file passed two short. A signer follows "BÍ THƯ", never a
    total: they are members with their data missing."""
    path = edited(hd03, tmp_path, edit)
    sub = read_submission(path)
    assert sub.members is not None and len(sub.members) == read
    assert "Hoàng Văn Mới" in sub.members["full_name"].tolist()
    assert lines in only(sub.issues, CODE).message
    assert (COUNT in codes(sub.issues)) == counted
    out = CliRunner().invoke(main, ["validate", str(path)])
    assert "CÓ LỖI" in out.output and "ĐẠT" not in out.output


def test_stacked_signers_under_a_total_are_all_lines(hd03: Path, tmp_path: Path) -> None:
    """The signers under "Người lập biểu" and under "BÍ THƯ", in the name column, below the
    total: every line taken, the 31 members read, no error."""

    def edit(ws: Any) -> None:
        for row, text in enumerate(
            ["Tổng cộng: 31 đồng chí", "Người lập biểu", "Trần Văn Lập", "BÍ THƯ", "Nguyễn Văn Tâm"], 33
        ):
            ws.cell(row, NAME).value = text

    path = edited(hd03, tmp_path, edit)
    sub = read_submission(path)
    assert sub.members is not None and len(sub.members) == 31
    assert "5 dòng (dòng 33–37)" in only(sub.issues, CODE).message
    assert codes(sub.issues) == [CODE] and not run(path).has_errors


@pytest.mark.parametrize(
    "line",
    [
        "Tổng số đảng viên đến 31/3/2026: 57",
        "Tổng số đảng viên của chi bộ: 57",
        "Tổng số: 57 (trong đó nữ 12 đảng viên)",
        "Cộng: 57 (dự bị 3 đồng chí)",
        "Tổng số: 57, trong đó 2 đảng viên dự bị",
    ],
)
def test_the_count_after_the_total_words_is_the_grand_count(hd03: Path, tmp_path: Path, line: str) -> None:
    """F2: the count right after the total's words (and "đảng viên …:") wins over a breakdown
    after it; the line states 57 where 31 members are read."""

    def edit(ws: Any) -> None:
        ws["B34"] = line

    sub = read_submission(edited(hd03, tmp_path, edit))
    issue = only(sub.issues, COUNT)
    assert (
        issue.cell == "B34"
        and "Dòng cộng ghi 57 đảng viên" in issue.message
        and "có 31 đảng viên" in issue.message
    )


@pytest.mark.parametrize(
    ("grand", "said"),
    [(None, False), ("Tổng cộng: 31 đồng chí", False), ("Tổng cộng: 30 đồng chí", True)],
)
def test_a_section_subtotal_naming_its_group_is_no_grand_total(
    hd03: Path, tmp_path: Path, grand: str | None, said: bool
) -> None:
    """F4: "Cộng: 28 đảng viên chính thức" closes section I (the dự bị follow): a subtotal,
    whose 28 is no fault against the 31 read; a grand total under the list is still checked."""

    def edit(ws: Any) -> None:
        ws.insert_rows(30)
        ws["B30"] = "Cộng: 28 đảng viên chính thức"
        if grand is not None:
            ws["B34"] = grand

    sub = read_submission(edited(hd03, tmp_path, edit))
    assert sub.members is not None and len(sub.members) == 31
    if said:
        assert only(sub.issues, COUNT).cell == "B34"
    else:
        assert COUNT not in codes(sub.issues)


@pytest.mark.parametrize(("count", "said"), [("31 đồng chí", False), ("31", False), ("(57 đ/c)", True)])
def test_a_total_in_stt_with_its_count_in_the_name_column_is_a_line(
    hd03: Path, tmp_path: Path, count: str, said: bool
) -> None:
    """F5: "Tổng cộng" in STT, "31 đồng chí" in the name cell was a member (STT was read only
    where the name is empty): "Tổng cộng" is not a whole number, and the file left out."""

    def edit(ws: Any) -> None:
        ws["A34"], ws["B34"] = "Tổng cộng", count

    path = edited(hd03, tmp_path, edit)
    sub = read_submission(path)
    assert sub.members is not None and len(sub.members) == 31
    trailer = only(sub.issues, CODE)
    assert trailer.cell == "A34" and trailer.value == "Tổng cộng"
    if said:
        issue = only(sub.issues, COUNT)
        assert issue.cell == "B34" and "ghi 57 đảng viên" in issue.message
    else:
        assert codes(sub.issues) == [CODE]
    assert not run(path).has_errors
