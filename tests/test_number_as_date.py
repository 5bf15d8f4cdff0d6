"""A year (or two digits of one) typed in a date cell: Excel keeps the number and counts it as
days from 30/12/1899, so 1980 is 02/06/1905. It used to be read as that date: a birth date
of 1905 counted a member aged 120 in the age groups with, at most, a warning about being
admitted at 105. Now a number that makes a date before 1910 (when no member was born nor any
fact of the template happened) is a date not read, `member.bad_date` / `event.bad_date`, whose
reason says it is a number and what it may be, and the cell is not counted; as a year typed
in a cell formatted General already was. A text typed so (`02/06/1905`) is a date someone
wrote, left to the other checks.

The workbooks are the real template (`helpers_validate.write`): a number written in a
date-formatted cell, as typing 1980 there leaves it, or in a cell whose format was made
General, as pasting a number from elsewhere leaves it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import clean_events, clean_info, clean_members, codes, only, run, write

from toolkit.core import layout
from toolkit.core.rules import HIDDEN, RULES
from toolkit.io.reader import read_submission

M, E = layout.SHEET_MEMBERS, layout.SHEET_EVENTS


def _members(**row2: object) -> list[dict[str, object]]:
    members = clean_members()
    members[1].update(row2)  # Excel row 3
    return members


def test_a_birth_year_typed_in_a_date_cell_is_an_error_and_not_counted(tmp_path: Path) -> None:
    sub = read_submission(write(tmp_path, members=_members(birth_date=1980)))
    code = "member.bad_date"
    issue = only(sub.issues, code)
    assert RULES[code].severity == "error" and issue.severity == "error"
    assert (issue.sheet, issue.cell, issue.column) == (M, "C3", "Ngày sinh")
    assert issue.message == (
        "Dòng 3, cột “Ngày sinh” (ô C3): “02/06/1905”: ô chứa số 1980 chứ không phải một ngày (đọc "
        "theo cách Excel đếm ngày thì là 02/06/1905, không thể đúng): có lẽ ô chỉ ghi năm. Hãy ghi đủ "
        "ngày/tháng/năm dạng dd/mm/yyyy, ví dụ 05/03/2025."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    # The date was not read: no member of 1905 (aged 120) is counted.
    assert sub.members is not None
    assert sub.members["birth_date"].isna().tolist() == [False, True, False, False, False]
    # Nothing else is said at that cell (no "born before being admitted at 105").
    assert [i.code for i in sub.issues if i.cell == "C3"] == [code]
    # A member's birth year: hidden without personal data, the advice kept.
    masked = issue.without_personal_data().message
    assert "1980" not in masked and "02/06/1905" not in masked  # the year of every year typed stays
    assert masked == (
        f"Dòng 3, cột “Ngày sinh” (ô C3): “{HIDDEN}”: ô chứa số chứ không phải một ngày (Excel hiện số "
        "ấy như một ngày của năm 1905, không thể đúng): có lẽ ô chỉ ghi năm. Hãy ghi đủ ngày/tháng/năm "
        "dạng dd/mm/yyyy, ví dụ 05/03/2025."
    )


def test_the_whole_run_excludes_the_file_and_says_only_the_error_at_the_cell(tmp_path: Path) -> None:
    result = run(write(tmp_path, members=_members(admission_date=2005, official_date=2006)))
    assert result.has_errors
    at = sorted((i.cell, i.code) for i in result.issues if i.sheet == M and i.cell in ("H3", "I3"))
    assert at == [("H3", "member.bad_date"), ("I3", "member.bad_date")]
    assert "member.birth_after_admission" not in codes(result.issues)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        (1980, "chỉ có năm, cần ghi đủ ngày/tháng/năm"),  # as before
        (80, "ô chứa số 80 chứ không phải một ngày (đọc theo cách Excel đếm ngày thì là 20/03/1900"),
    ],
)
def test_a_number_in_a_cell_formatted_general_is_a_date_not_read_and_no_correction(
    tmp_path: Path, typed: int, reason: str
) -> None:
    path = write(tmp_path, members=_members(birth_date=typed))
    wb = openpyxl.load_workbook(path)
    wb[M]["C3"].number_format = "General"
    wb.save(path)
    sub = read_submission(path)
    issue = only(sub.issues, "member.bad_date")
    assert issue.cell == "C3" and f"“{typed}”: {reason}" in issue.message
    assert "norm.date_serial" not in codes(sub.issues)


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        (80, ": có lẽ ô chỉ ghi hai số cuối của năm"),
        (2100, ": có lẽ ô chỉ ghi năm"),
        (1900, ": có lẽ ô chỉ ghi năm"),
        (1, ""),  # 01/01/1900
        (19, ""),  # a day or a month as much as a year
        (59, ": có lẽ ô chỉ ghi hai số cuối của năm"),  # 28/02/1900
        (61, ": có lẽ ô chỉ ghi hai số cuối của năm"),  # 01/03/1900 (after Excel's 29/02/1900)
    ],
)
def test_every_number_a_year_typed_leaves_is_one_with_the_right_hint(
    tmp_path: Path, typed: int, hint: str
) -> None:
    sub = read_submission(write(tmp_path, members=_members(birth_date=typed)))
    issue = only(sub.issues, "member.bad_date")
    assert f"ô chứa số {typed} chứ" in issue.message
    assert f"không thể đúng){hint}. Hãy ghi" in issue.message


@pytest.mark.parametrize("typed", [3000, 3653])  # 18/03/1908, 31/12/1909
def test_a_number_of_no_year_in_a_general_cell_is_one_without_a_hint(tmp_path: Path, typed: int) -> None:
    """In a date-formatted cell such a number is a day typed as a date (test_old_dates_fix330);
    in a cell formatted General it is a number, with no year to hint at."""
    path = write(tmp_path, members=_members(birth_date=typed))
    wb = openpyxl.load_workbook(path)
    wb[M]["C3"].number_format = "General"
    wb.save(path)
    issue = only(read_submission(path).issues, "member.bad_date")
    assert f"ô chứa số {typed} chứ" in issue.message
    assert "không thể đúng). Hãy ghi" in issue.message


def test_a_number_from_1910_on_is_a_date_as_before(tmp_path: Path) -> None:
    """3654 is 01/01/1910: a date (of a very old member), left to the other checks."""
    sub = read_submission(write(tmp_path, members=_members(birth_date=3654)))
    assert "member.bad_date" not in codes(sub.issues)
    assert sub.members is not None
    assert sub.members["birth_date"].iloc[1].date() == dt.date(1910, 1, 1)


def test_a_date_written_as_text_in_1905_is_no_number(tmp_path: Path) -> None:
    sub = read_submission(write(tmp_path, members=_members(birth_date="02/06/1905")))
    assert "member.bad_date" not in codes(sub.issues)
    assert sub.members is not None and sub.members["birth_date"].iloc[1].date() == dt.date(1905, 6, 2)


def test_an_event_date_typed_as_a_year_is_the_events_error(tmp_path: Path) -> None:
    events = clean_events()
    events[0]["event_date"] = 2025
    sub = read_submission(write(tmp_path, events=events))
    issue = only(sub.issues, "event.bad_date")
    assert (issue.sheet, issue.cell) == (E, f"{layout.EVENTS.letter('event_date')}2")
    assert (
        "ô chứa số 2025 chứ không phải một ngày" in issue.message and "có lẽ ô chỉ ghi năm" in issue.message
    )


def test_a_date_that_cannot_be_read_is_said_once_at_its_cell(tmp_path: Path) -> None:
    """The checks see an unread date as empty: "no official date yet" at that cell is not what
    was typed, and is not said beside the reader's error (as for an error value)."""
    result = run(write(tmp_path, members=_members(official_date="ngày 5 tháng 3")))
    assert [i.code for i in result.issues if i.cell == "I3"] == ["member.bad_date"]


def test_a_card_beside_an_unreadable_official_date_is_not_said_to_be_a_probationers(
    tmp_path: Path,
) -> None:
    """A member without an official date is probationary, and a card then is a warning. An
    official date that could not be read is no missing one: the card is not questioned."""
    card = _members()[1]["card_no"]
    assert card
    (tmp_path / "empty").mkdir()
    (tmp_path / "unread").mkdir()
    empty = run(write(tmp_path / "empty", members=_members(official_date=None)))
    assert only(empty.issues, "member.card_on_probationary").cell == "G3"
    for typed in ("ngày 5 tháng 3", 2006):
        result = run(write(tmp_path / "unread", members=_members(official_date=typed)))
        row3 = [
            i.code
            for i in result.issues
            if i.sheet == M and i.cell and i.cell.lstrip("ABCDEFGHIJKLMNOPQRSTU") == "3"
        ]
        assert row3 == ["member.bad_date"], typed


def test_a_year_typed_as_the_cut_off_date_is_the_info_sheets_error(tmp_path: Path) -> None:
    result = run(write(tmp_path, info=clean_info(cutoff_date=2026)))
    issue = only(result.issues, "info.bad_date")
    assert (issue.sheet, issue.cell) == (layout.SHEET_INFO, "B8")
    assert issue.message == (
        "Mục “Ngày chốt số liệu” (sheet “Thông tin”, ô B8): “18/07/1905”: ô chứa số 2026 chứ không phải "
        "một ngày (đọc theo cách Excel đếm ngày thì là 18/07/1905, không thể đúng): có lẽ ô chỉ ghi năm. "
        "Hãy ghi đủ ngày/tháng/năm dạng dd/mm/yyyy, ví dụ 05/03/2025."
    )
    assert result.has_errors


SMALL = "ô chứa số 0, số âm hoặc số nhỏ hơn 1 chứ không phải một ngày"


@pytest.mark.parametrize(("typed", "general"), [(0, False), (0.5, False), (-2, False), (0, True), (-2, True)])
def test_zero_a_fraction_or_a_negative_number_in_a_date_cell_says_what_to_type(
    tmp_path: Path, typed: float, general: bool
) -> None:
    """hunt111 C1: 0 typed for "not yet" (or 0.5, -2) in a date-formatted cell reaches us as a
    time of day (calamine), and was "“00:00:00”: không phải ngày", neither what was typed nor
    what to do. It now says what the cell holds and what to type; in a General cell too."""
    path = write(tmp_path, members=_members(official_date=typed))
    if general:
        wb = openpyxl.load_workbook(path)
        wb[M]["I3"].number_format = "General"
        wb.save(path)
    sub = read_submission(path)
    issue = only(sub.issues, "member.bad_date")
    assert issue.cell == "I3"
    assert SMALL in issue.message and "chưa có ngày thì để trống" in issue.message, issue.message
    assert "dd/mm/yyyy" in issue.message
    assert [i.code for i in sub.issues if i.cell == "I3"] == ["member.bad_date"]
    assert sub.members is not None and sub.members["official_date"].isna().tolist()[1]
    assert SMALL in issue.without_personal_data().message  # the advice stays when masked


def test_a_text_date_of_year_0000_blames_the_year(tmp_path: Path) -> None:
    """hunt111 C2: "12/05/0000" was said to have a day or month that does not exist."""
    sub = read_submission(write(tmp_path, members=_members(birth_date="12/05/0000")))
    issue = only(sub.issues, "member.bad_date")
    assert "năm 0 không hợp lệ" in issue.message and "ngày/tháng không tồn tại" not in issue.message


def test_a_count_with_a_formulas_hidden_decimals_is_quoted_in_full(tmp_path: Path) -> None:
    """`=14%*50` shows 7 and is stored as 7.000000000000001: refused as no whole number, it is
    quoted in full, not as "“7” không phải số nguyên" (hunt112c #2)."""
    from helpers_validate import clean_events, clean_info, clean_members, clean_years, run, write

    years = clean_years()
    years[0]["rated_good"] = 0.14 * 50
    path = write(tmp_path, info=clean_info(), members=clean_members(), events=clean_events(), years=years)
    (issue,) = [i for i in run(path).issues if i.code == "year.not_integer"]
    assert issue.message.count("\u201c7,000000000000001\u201d có phần lẻ, nhưng số người là số nguyên") == 1


def test_a_tiny_number_in_a_date_cell_is_quoted_as_the_time_excel_shows(
    sample_ward: Path, tmp_path: Path
) -> None:
    """review288 F6: 1e-7 in a date-formatted cell reaches us as a time of day with
    microseconds (calamine) and was quoted Python's way, “00:00:00.009000”. It is now quoted to
    the second, as 0 in such a cell always was (“00:00:00”) and as Excel shows a time; a
    fraction of a day as its time (0.25 + 1e-7: “06:00:00”). A demo file, its cells retyped."""
    import shutil

    from toolkit.validation import validate_files

    source = sorted((sample_ward / "nop").glob("*.xlsx"))[0]
    path = Path(shutil.copy(source, tmp_path / source.name))
    birth, joined = layout.MEMBERS.letter("birth_date"), layout.MEMBERS.letter("admission_date")
    when = layout.EVENTS.letter("event_date")
    typed = {
        (M, f"{birth}2"): 1e-7,
        (M, f"{joined}3"): 1e-7,
        (E, f"{when}2"): 1e-7,
        (M, f"{birth}4"): 0.25 + 1e-7,
    }
    wb = openpyxl.load_workbook(path)
    for (sheet, cell), number in typed.items():
        assert "yy" in wb[sheet][cell].number_format  # a date cell of the template
        wb[sheet][cell] = number
    wb.save(path)
    issues = validate_files([path]).issues
    said = {(i.sheet, i.cell): (i.code, i.value, i.message) for i in issues if (i.sheet, i.cell) in typed}
    assert set(said) == set(typed), said
    for (sheet, cell), (code, value, message) in said.items():
        shown = "06:00:00" if cell == f"{birth}4" else "00:00:00"
        assert code == ("member.bad_date" if sheet == M else "event.bad_date")
        assert value == shown and f"(ô {cell}): \u201c{shown}\u201d: {SMALL}" in message, message
    assert not any(".009" in i.message or "00:00:00." in i.message for i in issues)


def test_a_time_of_day_is_quoted_to_the_second() -> None:
    from toolkit.io.normalize import cell_text

    assert cell_text(dt.time(0, 0, 0, 9000)) == "00:00:00"
    assert cell_text(dt.time(6, 0, 0, 8640)) == "06:00:00"
    assert cell_text(dt.time(12, 0)) == "12:00:00"
    assert cell_text(dt.time(23, 59, 59, 999999)) == "23:59:59"


def test_half_a_second_rounds_up_as_excel_shows_it() -> None:
    """review293: the microseconds were rounded half to even (`round(0.5)` is 0), so half a
    second was always dropped: 00:00:01.5 was "00:00:01", where Excel's hh:mm:ss shows
    00:00:02. Half a second or more is the next second, up to the day's last one."""
    from toolkit.io.normalize import cell_text

    assert cell_text(dt.time(0, 0, 0, 500000)) == "00:00:01"
    assert cell_text(dt.time(0, 0, 1, 500000)) == "00:00:02"
    assert cell_text(dt.time(0, 0, 1, 499999)) == "00:00:01"
    assert cell_text(dt.time(23, 59, 59, 500000)) == "23:59:59"  # never 24:00:00
