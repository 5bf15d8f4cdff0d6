"""Cell messages a secretary can act on (hunt175 F3, F4, F7, F8, F9), read from real
workbooks written through the template."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from helpers_validate import only, run, typed, write

from toolkit.core import layout

M, E, INFO = layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_INFO
# Each date that may stay empty says so with a case of its own column, or none (hunt279 N4:
# `Ngày lập biểu` of the organisation was told of a probationary member's date).
NO_DATE_YET = {
    "Dự bị": "(ngày chưa có, như ngày chính thức của đảng viên còn dự bị, thì để trống ô)",
    "chưa miễn": "(ngày chưa có, như đảng viên chưa được miễn công tác, sinh hoạt, thì để trống ô)",
    "hôm nay": "(ngày chưa có thì để trống ô)",
}
EXAMPLE = "không đọc được ngày; hãy ghi dạng dd/mm/yyyy, ví dụ 05/03/2025."


# --- F3: words in a date cell --------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "cell", "code", "text"),
    [
        (INFO, layout.INFO.cell("cutoff_date"), "info.bad_date", "cuối quý"),
        (INFO, layout.INFO.cell("period_start"), "info.bad_date", "đầu năm"),
        (M, layout.MEMBERS.cell("admission_date", 2), "member.bad_date", "năm ngoái"),
        (M, layout.MEMBERS.cell("birth_date", 2), "member.bad_date", "không nhớ"),
        (E, layout.EVENTS.cell("event_date", 2), "event.bad_date", "tuần trước"),
    ],
)
def test_words_in_a_required_date_are_not_told_to_empty_the_cell(
    tmp_path: Path, sheet: str, cell: str, code: str, text: str
) -> None:
    """A required date emptied is `*.required`: its message gives an example date instead."""
    path = typed(write(tmp_path), sheet, {cell: text})
    issue = only(run(path).issues, code)
    assert issue.cell == cell
    assert issue.message.endswith(f"\u201c{text}\u201d: {EXAMPLE}"), issue.message
    assert "để trống" not in issue.message
    assert unicodedata.is_normalized("NFC", issue.message)


@pytest.mark.parametrize(
    ("sheet", "cell", "code", "text"),
    [
        (M, layout.MEMBERS.cell("official_date", 2), "member.bad_date", "Dự bị"),
        (M, layout.MEMBERS.cell("exempt_from", 2), "member.bad_date", "chưa miễn"),
        (INFO, layout.INFO.cell("prepared_on"), "info.prepared_bad_date", "hôm nay"),
    ],
)
def test_words_in_a_date_that_may_stay_empty_still_say_to_leave_it_empty(
    tmp_path: Path, sheet: str, cell: str, code: str, text: str
) -> None:
    path = typed(write(tmp_path), sheet, {cell: text})
    issue = only(run(path).issues, code)
    assert issue.message.endswith(
        f"\u201c{text}\u201d: không đọc được ngày; hãy ghi dạng dd/mm/yyyy {NO_DATE_YET[text]}."
    ), issue.message
    if sheet == INFO:
        assert "đảng viên" not in issue.message


# --- F4: a count of `Số liệu năm` typed with a dot or a comma --------------------------------

Y = layout.SHEET_YEARS
KEEP = "Hãy ghi đúng số người, không có dấu chấm, dấu phẩy (để trống = 0)."


@pytest.mark.parametrize(
    ("key", "typed_text", "said"),
    [
        ("rated_good", "1.000", f"“1.000” có dấu chấm nên không rõ là 1000 hay 1. {KEEP}"),
        ("candidates_trained", "12,500", f"“12,500” có dấu phẩy nên không rõ là 12500 hay 12,5. {KEEP}"),
        ("new_members_trained", "5,5", f"“5,5” có dấu phẩy, nhưng số người là số nguyên. {KEEP}"),
        ("rated_excellent", "5.5", f"“5.5” có dấu chấm, nhưng số người là số nguyên. {KEEP}"),
        (
            "not_rated",
            2.5,
            "“2,5” có phần lẻ, nhưng số người là số nguyên. Hãy ghi đúng số người (để trống = 0).",
        ),
        (
            "new_members_completed",
            "N/A",
            "“N/A” không phải số. Hãy ghi số người bằng chữ số, ví dụ 12 (để trống = 0).",
        ),
    ],
)
def test_a_count_that_is_no_whole_number_says_what_is_wrong(
    tmp_path: Path, key: str, typed_text: object, said: str
) -> None:
    """Every count of `Số liệu năm` is of people; "không phải số nguyên không âm" said none of
    what was wrong with “1.000” (hunt175 F4)."""
    cell = layout.YEARS.cell(key, 2)
    path = typed(write(tmp_path), Y, {cell: typed_text})
    issue = only(run(path).issues, "year.not_integer")
    assert issue.cell == cell
    assert issue.message.endswith(f"(ô {cell}): {said}"), issue.message
    assert "không âm" not in issue.message


def test_a_count_in_words_is_masked_without_its_words(tmp_path: Path) -> None:
    """The words of a count ("mười") are hidden without personal data; the reason quotes none."""
    cell = layout.YEARS.cell("rated_good", 2)
    path = typed(write(tmp_path), Y, {cell: "mười"})
    issue = only(run(path).issues, "year.not_integer").without_personal_data()
    assert issue.message.endswith(
        "“[đã ẩn]” không phải số. Hãy ghi số người bằng chữ số, ví dụ 12 (để trống = 0)."
    ), issue.message


# --- F7: counts of 1,000 or more with the Vietnamese thousands dot ----------------------------


def test_a_thousand_cells_are_counted_with_the_thousands_dot(tmp_path: Path) -> None:
    """ "Họ tên ở 3000 ô" beside "Tổng cộng 1.466 cảnh báo": every count of cells is grouped as
    `vnformat.number` writes it (hunt175 F7)."""
    from helpers_validate import member

    rows = [
        member(row_no=i, full_name=f"Nguyễn Văn An {i}", card_no=10_000_000 + i, gender="nam")
        for i in range(1, 1001)
    ]
    issues = run(write(tmp_path, members=rows, events=[])).issues
    said = {i.code: i.message for i in issues}
    assert "Họ tên ở 1.000 ô (B2–B1001) có chữ số" in said["member.name_odd"]
    assert said["norm.category"].startswith("Cột “Giới tính”: 1.000 ô đã được sửa tự động (D2–D1001)")
    card = layout.MEMBERS.letter("card_no")
    assert said["member.card_as_number"].startswith(f"Cột “Số thẻ đảng viên”: 1.000 ô ({card}2–{card}1001)")
    assert not any("1000 ô" in message for message in said.values())


def test_a_long_value_says_how_many_characters_were_left_out_with_the_dot() -> None:
    from toolkit.core.text import shown

    assert shown("x" * 1600, 100).endswith("… (+1.500 ký tự)")


# --- F8: automatic corrections said in a clerk's words -------------------------------------

RETYPED = "ã sửa dấu tiếng Việt gõ bằng bảng mã khác"  # (Đ|đ)ã: a title or a note


def test_marks_typed_apart_are_said_the_same_plainly_in_one_cell_and_in_many(tmp_path: Path) -> None:
    """Decomposed text (Unikey's “Unicode tổ hợp”): "Đã chuẩn hóa Unicode" in a group and "đã
    chuẩn hóa chữ tiếng Việt về Unicode dựng sẵn (NFC)" in one cell said one thing two ways,
    neither in words a clerk knows (hunt175 F8)."""
    from helpers_validate import clean_info, clean_members

    members = clean_members()
    for row in members[:4]:
        row["full_name"] = unicodedata.normalize("NFD", row["full_name"])
    org_name = unicodedata.normalize("NFD", "Chi bộ Tổ dân phố số 7")
    issues = run(write(tmp_path, info=clean_info(org_name=org_name), members=members)).issues
    by_sheet = {i.sheet: i for i in issues if i.code == "norm.unicode"}
    one, many = by_sheet[INFO], by_sheet[M]
    assert one.message == f"Mục “Tên tổ chức đảng” (sheet “Thông tin”, ô B2): Đ{RETYPED}."
    assert many.message == (f"Cột “Họ và tên”: 4 ô đã được sửa tự động (B2–B5); ví dụ ô B2: đ{RETYPED}.")
    assert many.without_personal_data().message == (
        f"Cột “Họ và tên”: 4 ô đã được sửa tự động (B2–B5); ví dụ ô B2: Đ{RETYPED} (giá trị [đã ẩn])."
    )
    for issue in (one, many, many.without_personal_data()):
        assert "Unicode" not in issue.message and "NFC" not in issue.message


def test_a_value_read_as_the_lists_says_so_plainly() -> None:
    from toolkit.core.rules import RULES

    assert RULES["norm.category"].title == "Đã đổi sang giá trị đúng trong danh sách"


# --- F9: the locked `Phiên bản mẫu` cell emptied ---------------------------------------------


def test_an_emptied_version_cell_asks_for_the_version_back_not_to_fill_it_in(tmp_path: Path) -> None:
    """ "Chưa ghi. Hãy điền mục này." asked a secretary to fill a cell whose note says "Không sửa ô
    này", without saying with what (hunt175 F9). The hidden `_meta` sheet still says which
    version the file is: that is the value to type back."""
    cell = layout.INFO.cell("template_version")
    path = typed(write(tmp_path), INFO, {cell: None})
    issues = run(path).issues
    assert "info.required" not in {i.code for i in issues}
    issue = only(issues, "info.version_cleared")
    assert issue.severity == "error" and issue.cell == cell
    assert issue.message == (
        f"Mục “Phiên bản mẫu” (sheet “Thông tin”, ô {cell}): Ô này ghi phiên bản biểu mẫu và không "
        f"được sửa, nhưng đã bị xóa. Hãy ghi lại đúng “{layout.TEMPLATE_VERSION}” vào ô này, hoặc chép "
        "số liệu sang biểu mẫu gốc do Văn phòng Đảng ủy gửi."
    )


def test_an_emptied_version_cell_of_a_copied_workbook_asks_for_the_template(tmp_path: Path) -> None:
    """Without `_meta` (the sheets copied into another workbook) the file is read as the current
    version: that is the value to type back. It asked for the data to be copied into the template
    now, beside `file.no_meta`'s "read all the same; next time…" (review181 F4)."""
    import openpyxl

    cell = layout.INFO.cell("template_version")
    path = typed(write(tmp_path), INFO, {cell: None})
    wb = openpyxl.load_workbook(path)
    del wb[layout.SHEET_META]
    wb.save(path)
    issues = run(path).issues
    issue = only(issues, "info.version_cleared")
    assert issue.message.endswith(
        f"đã bị xóa. Số liệu được đọc theo biểu mẫu phiên bản “{layout.TEMPLATE_VERSION}”: hãy ghi lại "
        f"“{layout.TEMPLATE_VERSION}” vào ô này."
    )
    assert "file.no_meta" in {i.code for i in issues}
