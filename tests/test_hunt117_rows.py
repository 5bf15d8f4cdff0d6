"""Rows of a data sheet that look like no member but were read as one (hunt117).

F5: a row that looks empty but holds only an invisible character (a zero-width space, a
byte-order mark, a right-to-left mark, pasted from a web page or a phone) was a member with
every column "Chưa ghi" and the file left out, while a row of spaces was (rightly) blank.
Those characters are dropped from every text (`core.text.strip_invisible`): a cell of them
alone is blank, like a cell of spaces, with no note either.

F2: a total typed under the list with its count in the next column ("Cộng" | 10, the count in
the birth date's column) was a member called "Cộng" with nine errors and the file left out,
while "Cộng: 10 đồng chí" in the name cell was a total line (`file.trailer_rows`). It is a
total line now, its count checked against the rows read (`file.trailer_count`), on `Biến
động` too; a row with a member's data (answers of the lists, a date) stays a member.

The workbooks are the real template (`helpers_validate.write`) with the cells typed with
openpyxl, as a secretary types them in Excel.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import clean_members, codes, run, typed, write

from toolkit.core import layout
from toolkit.io import normalize
from toolkit.io.cells import is_blank
from toolkit.io.reader import read_submission

M, E, Y = layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_YEARS
ZWSP, BOM, RLM, LRM, WJ = "\u200b", "\ufeff", "\u200f", "\u200e", "\u2060"


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _under_the_list(path: Path, sheet: str) -> int:
    return openpyxl.load_workbook(path)[sheet].max_row + 1


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("B", ZWSP),  # the name
        ("U", BOM),  # Ghi chú
        ("D", RLM),  # Giới tính
        ("C", f"{ZWSP} {ZWSP}"),  # the birth date: invisible characters and a space
        ("E", f"{LRM}\u00a0{WJ}"),
    ],
)
def test_a_row_of_invisible_characters_only_is_blank_like_a_row_of_spaces(
    tmp_path: Path, column: str, value: str
) -> None:
    spaces = write(_folder(tmp_path / "spaces"))
    invisible = write(_folder(tmp_path / "invisible"))
    row = _under_the_list(spaces, M)
    typed(spaces, M, {f"{column}{row}": "   "})
    typed(invisible, M, {f"{column}{row}": value})
    plain, sub = read_submission(spaces), read_submission(invisible)
    assert sub.members is not None and plain.members is not None
    assert len(sub.members) == len(clean_members())
    assert sub.members.drop(columns="_row").equals(plain.members.drop(columns="_row"))
    assert codes(sub.issues) == codes(plain.issues) == []
    checked = run(invisible)
    assert not checked.has_errors
    assert codes(checked.issues) == codes(run(spaces).issues)


def test_a_row_of_invisible_characters_on_the_changes_sheet_is_blank(tmp_path: Path) -> None:
    path = write(tmp_path)
    before = read_submission(path)
    row = _under_the_list(path, E)
    sub = read_submission(typed(path, E, {f"B{row}": ZWSP, f"F{row}": BOM}))
    assert sub.events is not None and before.events is not None
    assert len(sub.events) == len(before.events)
    assert not run(path).has_errors


def test_an_invisible_character_alone_in_a_members_date_is_a_date_not_written(tmp_path: Path) -> None:
    """The birth date of a member holding only a zero-width space: "Chưa ghi", as a cell of
    spaces, not "không đọc được ngày" quoting an invisible character."""
    spaces = write(_folder(tmp_path / "a"))
    invisible = write(_folder(tmp_path / "b"))
    typed(spaces, M, {"C3": "  "})
    typed(invisible, M, {"C3": ZWSP})
    said = [(i.code, i.cell, i.message) for i in run(invisible).issues]
    assert said == [(i.code, i.cell, i.message) for i in run(spaces).issues]
    assert [(code, cell) for code, cell, _ in said] == [("member.required", "C3")]


def test_an_invisible_character_alone_in_a_year_count_is_an_empty_count(tmp_path: Path) -> None:
    spaces = write(_folder(tmp_path / "a"))
    invisible = write(_folder(tmp_path / "b"))
    typed(spaces, Y, {"C2": "  "})
    typed(invisible, Y, {"C2": ZWSP})
    assert codes(run(invisible).issues) == codes(run(spaces).issues)
    assert "year.not_integer" not in codes(run(invisible).issues)


def test_real_text_with_invisible_characters_is_read_as_before(tmp_path: Path) -> None:
    """A member's name with a zero-width space inside, a note with a BOM: still data, the
    name read without the character (as `clean_text` always did)."""
    path = write(tmp_path)
    row = _under_the_list(path, M)
    sub = read_submission(typed(path, M, {f"B{row}": f"Đỗ{ZWSP} Văn Giang", f"U{row - 1}": f"{BOM}ghi chú"}))
    assert sub.members is not None
    assert len(sub.members) == len(clean_members()) + 1
    assert "Đỗ Văn Giang" in sub.members["full_name"].tolist()
    assert "member.required" in codes(run(path).issues)  # a member whose other cells are missing


def test_is_blank_and_the_parsers_take_invisible_characters_as_nothing() -> None:
    for blank in ("", "  ", "\u00a0", ZWSP, BOM, RLM, f" {ZWSP}\t{BOM} ", None):
        assert is_blank(blank), repr(blank)
    for filled in ("a", f"{ZWSP}a", f"a{RLM}", "\t1", 0, 0.0, False):
        assert not is_blank(filled), repr(filled)
    assert normalize.parse_date(ZWSP).how == "empty"
    assert normalize.parse_int(f"{BOM} ").how == "empty"
    assert normalize.parse_date(f"{ZWSP}12/03/1970").how == "text"
    assert normalize.parse_int(f"{ZWSP}12").value == 12


# --------------------------------------------------------------------------------------------
# F2: a total with its count in the column right of its words
# --------------------------------------------------------------------------------------------

TRAILER = "file.trailer_rows"


def _total_typed(path: Path, sheet: str, cells: dict[str, object], *, date_format: bool = False) -> int:
    """`cells` (column → value) typed on the row under the sheet's list; the count cell (C)
    date-formatted when `date_format` (as Excel gives a number typed in the template's column
    of dates, which is formatted as dates down the sheet). Returns the row."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    row = ws.max_row + 1
    for column, value in cells.items():
        ws[f"{column}{row}"] = value
    if date_format:
        ws[f"C{row}"].number_format = "dd/mm/yyyy"
    wb.save(path)
    return row


@pytest.mark.parametrize(
    ("label", "count"),
    [("Cộng", 5), ("Cộng", "5 đ/c"), ("Tổng số", "5 đồng chí"), ("Tổng cộng:", 5), ("TỔNG CỘNG", "(5)")],
)
def test_a_total_with_its_count_in_the_next_column_is_a_total_line(
    tmp_path: Path, label: str, count: object
) -> None:
    plain = read_submission(write(_folder(tmp_path / "plain")))
    path = write(_folder(tmp_path / "typed"))
    row = _total_typed(path, M, {"B": label, "C": count})
    sub = read_submission(path)
    assert codes(sub.issues) == [TRAILER]  # the count is the rows read: nothing else to say
    issue = sub.issues[0]
    assert (issue.severity, issue.cell, issue.value) == ("warning", f"B{row}", label)
    assert sub.members is not None and plain.members is not None
    assert sub.members.drop(columns="_row").equals(plain.members.drop(columns="_row"))
    checked = run(path)
    assert not checked.has_errors and codes(checked.issues) == [TRAILER]


@pytest.mark.parametrize("date_format", [False, True])
def test_the_count_in_the_next_column_is_checked_against_the_rows_read(
    tmp_path: Path, date_format: bool
) -> None:
    """ "Cộng" | 10 beside five members: the line is not read, and its count is said to differ,
    at the count's cell; typed in Excel, the template's date format makes the 10 a date of
    January 1900: the same."""
    path = write(tmp_path)
    row = _total_typed(path, M, {"B": "Cộng", "C": 10}, date_format=date_format)
    sub = read_submission(path)
    assert codes(sub.issues) == [TRAILER, "file.trailer_count"]
    count = sub.issues[1]
    assert (count.severity, count.cell, count.column) == ("warning", f"C{row}", "Ngày sinh")
    assert count.message.startswith(
        f"Sheet “Đảng viên”, ô C{row}: Dòng cộng ghi 10 đảng viên, nhưng danh sách"
    )
    assert "có 5 đảng viên được đọc" in count.message
    assert sub.members is not None and len(sub.members) == len(clean_members())
    assert not run(path).has_errors


@pytest.mark.parametrize("count", ["0 biến động", 2, "2 trường hợp"])
def test_a_total_with_its_count_beside_it_on_the_changes_sheet(tmp_path: Path, count: object) -> None:
    path = write(tmp_path)
    before = read_submission(path)
    row = _total_typed(path, E, {"B": "Cộng", "C": count})
    sub = read_submission(path)
    assert [(i.code, i.sheet, i.cell) for i in sub.issues] == [(TRAILER, E, f"B{row}")]
    assert sub.events is not None and before.events is not None
    assert sub.events.drop(columns="_row").equals(before.events.drop(columns="_row"))
    assert not run(path).has_errors


@pytest.mark.parametrize(
    "cells",
    [
        # A member whose name opens like a total, with the lists' answers: a member with data missing.
        {"B": "Cộng", "C": 10, "D": "Nam", "E": "Kinh"},
        {"B": "Cộng Văn Hòa", "C": dt.date(1980, 1, 1)},
        {"B": "Cộng Văn Hòa", "C": 25000, "D": "Nam", "E": "Kinh"},  # a birth date as Excel's serial
        # A signature's or a name's words with a number beside them: no total, read as before.
        {"B": "Bí thư", "C": 10},
        {"B": "Tổng Văn Hùng", "C": 10},
        # A number of 1900 or more may be a year typed alone: a member whose birth date is wrong.
        {"B": "Cộng", "C": 1975},
    ],
)
def test_a_row_with_a_members_data_or_no_totals_words_stays_a_member(
    tmp_path: Path, cells: dict[str, object]
) -> None:
    path = write(tmp_path)
    _total_typed(path, M, cells)
    sub = read_submission(path)
    assert TRAILER not in codes(sub.issues)
    assert sub.members is not None and len(sub.members) == len(clean_members()) + 1
    assert run(path).has_errors  # the member's missing cells


@pytest.mark.parametrize("count", [5, "5 đ/c"])
def test_a_total_in_row_no_with_its_count_in_the_birth_column(tmp_path: Path, count: object) -> None:
    """ "Cộng" in STT, the name empty, the count in the next columns: a total line said at its
    STT cell, as "Cộng" in STT with the count in the name cell is."""
    path = write(tmp_path)
    row = _total_typed(path, M, {"A": "Cộng", "C": count})
    sub = read_submission(path)
    assert [(i.code, i.cell) for i in sub.issues] == [(TRAILER, f"A{row}")]
    assert sub.members is not None and len(sub.members) == len(clean_members())
    assert not run(path).has_errors
