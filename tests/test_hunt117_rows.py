"""Rows of a data sheet that look like no member but were read as one (hunt117).

F5: a row that looks empty but holds only an invisible character (a zero-width space, a
byte-order mark, a right-to-left mark, pasted from a web page or a phone) was a member with
every column "Chưa ghi" and the file left out, while a row of spaces was (rightly) blank.
Those characters are dropped from every text (`core.text.strip_invisible`): a cell of them
alone is blank, like a cell of spaces, with no note either.

The workbooks are the real template (`helpers_validate.write`) with the cells typed with
openpyxl, as a secretary types them in Excel.
"""

from __future__ import annotations

from pathlib import Path

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
    import openpyxl

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
