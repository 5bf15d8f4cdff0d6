"""Dates typed as text month-first (mm/dd/yyyy, as a computer or a web form set to English (US)
gives) are said for the whole column: `cell.month_first_text` (hunt117 F1).

The reader reads text dates day-first and never guesses. Only the texts that are no date
day-first ("01/20/1950") were errors, asking for the day first; the others ("05/12/1975",
meant as 12 May) were read day-first without a word. A secretary who retyped only the
flagged cells, as told, sent a file that passed with members' dates swapped. Now, when a
column's texts include one that is a date only month-first and none that is one only
day-first, each such error names the column's other text dates read day-first that would be
another date month-first, and one warning for the column names them, so they are checked too.
Nothing is read month-first.

The workbooks are the real template (`helpers_validate.write`), the texts typed with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
from helpers_validate import codes, only, run, write

from toolkit.core import layout
from toolkit.core.rules import HIDDEN
from toolkit.io.reader import read_submission

M, E = layout.SHEET_MEMBERS, layout.SHEET_EVENTS
CODE = "cell.month_first_text"
BIRTH = layout.MEMBERS.letter("birth_date")
EVENT_DATE = layout.EVENTS.letter("event_date")
# What a `*.bad_date` whose reason says nothing to type ends with (`normalize.bad_date_advice`).
ADVICE = "Hãy ghi đủ ngày/tháng/năm dạng dd/mm/yyyy, ví dụ 05/03/2025."


def month_first(value: Any) -> Any:
    return value.strftime("%m/%d/%Y") if isinstance(value, dt.datetime) else value


def typed_column(path: Path, sheet: str, letter: str, texts: dict[int, Any]) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for row, text in texts.items():
        ws[f"{letter}{row}"].value = text
    wb.save(path)
    return path


def births_month_first(path: Path) -> Path:
    """The births of the clean roll (C2–C6) typed month-first: 05/12/1975 and 11/03/1982 (C2,
    C3) read day-first as other dates, 01/20/1950 and 02/14/1990 (C4, C5) no date day-first,
    08/08/2000 (C6) the same either way."""
    ws = openpyxl.load_workbook(path)[M]
    return typed_column(path, M, BIRTH, {r: month_first(ws[f"{BIRTH}{r}"].value) for r in range(2, 7)})


def test_a_birth_column_typed_month_first_names_the_dates_read_day_first(tmp_path: Path) -> None:
    path = births_month_first(write(tmp_path))
    assert [openpyxl.load_workbook(path)[M][f"C{r}"].value for r in range(2, 7)] == [
        "05/12/1975",
        "11/03/1982",
        "01/20/1950",
        "02/14/1990",
        "08/08/2000",
    ]
    result = run(path)
    issues = result.issues
    # The two texts that are no date day-first stay errors, each naming the two others.
    errors = [i for i in issues if i.code == "member.bad_date"]
    assert [i.cell for i in errors] == ["C4", "C5"]
    for error in errors:
        assert error.message.endswith(
            f"(ô {error.cell}): “{error.value}”: ngày/tháng không tồn tại (ngày ghi trước, tháng "
            "ghi sau); ghi tháng trước, ngày sau thì đây là ngày có thật: có lẽ cột được ghi kiểu "
            "tháng/ngày/năm, nên các ngày ghi dạng văn bản đang được đọc ngày trước (C2–C3) cũng có "
            "thể bị đảo ngày với tháng. Hãy ghi lại ô này ngày trước, tháng sau và đối chiếu cả các "
            "ô ấy với hồ sơ."
        )
        assert error.private_message is not None and "(C2–C3)" in error.private_message
    # One warning for the column, at the first text read day-first, naming both groups.
    issue = only(issues, CODE)
    assert issue.severity == "warning"
    assert (issue.sheet, issue.cell, issue.column) == (M, "C2", "Ngày sinh")
    assert issue.message.startswith(
        "Cột “Ngày sinh”: 2 ô ghi dạng văn bản (C2–C3); ví dụ ô C2: Các ô này là ngày ghi dạng văn "
        "bản có ngày và tháng đều từ 1 đến 12, đang được đọc ngày trước, tháng sau, còn 2 ngày ghi "
        "dạng văn bản khác của cột (C4–C5) chỉ là ngày có thật khi đọc tháng trước, ngày sau"
    )
    assert "Ô ví dụ đang được tính là ngày 5 tháng 12 năm 1975." in issue.message
    assert "không chỉ các ô báo lỗi" in issue.message
    assert unicodedata.is_normalized("NFC", issue.message)
    # Without personal data the text and the date read are hidden, the cells kept.
    assert issue.private_message is not None
    assert f"Ô ví dụ đang được tính là {HIDDEN}." in issue.private_message
    assert "1975" not in issue.private_message and "(C2–C3)" in issue.private_message
    # Nothing is read month-first: C2 (meant as 12 May) is still read day-first, 5 December.
    sub = read_submission(path)
    assert sub.members.loc[0, "birth_date"] == dt.datetime(1975, 12, 5)


def test_the_dates_of_changes_are_said_on_their_sheet(tmp_path: Path) -> None:
    """The clean changes' dates typed month-first: 10/01/2025 (D2) read as 10 January, 07/15/2025
    (D3) no date day-first."""
    path = write(tmp_path)
    typed_column(path, E, EVENT_DATE, {2: "10/01/2025", 3: "07/15/2025"})
    issues = read_submission(path).issues
    issue = only(issues, CODE)
    assert (issue.sheet, issue.cell, issue.column) == (E, f"{EVENT_DATE}2", "Ngày")
    assert f"({EVENT_DATE}3)" in issue.message
    (error,) = [i for i in issues if i.code == "event.bad_date"]
    assert error.cell == f"{EVENT_DATE}3" and f"({EVENT_DATE}2)" in error.message


def test_a_column_with_a_text_date_only_day_first_is_typed_day_first(tmp_path: Path) -> None:
    """20/01/1950 can only be day-first: 02/14/1990 beside it is a slip, not the column's
    order, and the others are not said."""
    path = write(tmp_path)
    typed_column(path, M, BIRTH, {2: "05/12/1975", 3: "11/03/1982", 4: "20/01/1950", 5: "02/14/1990"})
    issues = run(path).issues
    assert CODE not in codes(issues)
    (error,) = [i for i in issues if i.code == "member.bad_date"]
    reason = f"ngày/tháng không tồn tại (ngày ghi trước, tháng ghi sau). {ADVICE}"
    assert error.message.endswith(f"(ô C5): “02/14/1990”: {reason}")


def test_nothing_more_is_said_when_no_text_date_could_be_swapped(tmp_path: Path) -> None:
    """The month-first texts are the only texts (the other births real dates, or 08/08/2000,
    the same date either way): retyping them as told leaves nothing swapped."""
    path = write(tmp_path)
    typed_column(path, M, BIRTH, {4: "01/20/1950", 5: "02/14/1990", 6: "08/08/2000"})
    issues = run(path).issues
    assert CODE not in codes(issues)
    errors = [i for i in issues if i.code == "member.bad_date"]
    assert [i.cell for i in errors] == ["C4", "C5"]
    assert all(i.message.endswith(f"(ngày ghi trước, tháng ghi sau). {ADVICE}") for i in errors)


def test_once_the_errors_are_retyped_nothing_can_be_said(tmp_path: Path) -> None:
    """The limit of the warning: once C4 and C5 are retyped day-first, every text is a date
    day-first and the column is like any typed honestly. The advice is given while the errors
    are there (above)."""
    path = births_month_first(write(tmp_path))
    typed_column(path, M, BIRTH, {4: "20/01/1950", 5: "14/02/1990"})
    assert sorted(set(codes(run(path).issues))) == ["norm.date_text"]


def test_a_text_that_is_no_date_either_way_is_not_month_first(tmp_path: Path) -> None:
    """Texts that are no date either way ("32/13/1980") do not make the column month-first."""
    path = write(tmp_path)
    typed_column(path, M, BIRTH, {2: "05/12/1975", 3: "32/13/1980"})
    issues = run(path).issues
    assert CODE not in codes(issues)
    assert only(issues, "member.bad_date").cell == "C3"
