"""A number typed in a date-formatted cell (a year, 1952, or a day, 15) is shown by Excel as a
date: 05/05/1905, 15/01/1900. Without personal data the message used to drop all it said of
that date ("ô chứa số chứ không phải một ngày: có lẽ ô chỉ ghi năm"), so the clerk who opened
the cell saw a date and was told it held none (hunt337 F6). The masked message now says in
which year Excel shows such a number — the year of every number of its kind (1905 for every
year typed, 1900 for every number below 100; 1909 and 1904 in the 1904 date system), so it
tells nothing of the number typed. With personal data the message is as it was. In a cell
formatted General, Excel shows the number itself: nothing is added there.

The workbooks are the real template (`helpers_validate.write`).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import clean_members, only, write
from test_date1904 import _in_1904

from toolkit.core import layout
from toolkit.core.rules import HIDDEN
from toolkit.io.reader import read_submission

M = layout.SHEET_MEMBERS
ADVICE = "Hãy ghi đủ ngày/tháng/năm dạng dd/mm/yyyy, ví dụ 05/03/2025."


def _members(**row2: object) -> list[dict[str, object]]:
    members = clean_members()
    members[1].update(row2)  # Excel row 3
    return members


@pytest.mark.parametrize(
    ("typed", "shown", "year", "hint"),
    [
        (1952, "05/05/1905", "1905", ": có lẽ ô chỉ ghi năm"),
        (1900, "14/03/1905", "1905", ": có lẽ ô chỉ ghi năm"),
        (2100, "30/09/1905", "1905", ": có lẽ ô chỉ ghi năm"),
        (80, "20/03/1900", "1900", ": có lẽ ô chỉ ghi hai số cuối của năm"),
        (15, "15/01/1900", "1900", ""),
        (1, "01/01/1900", "1900", ""),
    ],
)
def test_without_personal_data_a_number_in_a_date_cell_keeps_the_year_excel_shows(
    tmp_path: Path, typed: int, shown: str, year: str, hint: str
) -> None:
    sub = read_submission(write(tmp_path, members=_members(birth_date=typed)))
    issue = only(sub.issues, "member.bad_date")
    assert issue.cell == "C3"
    # With personal data: the number and the day Excel shows, as before.
    assert issue.message == (
        f"Dòng 3, cột “Ngày sinh” (ô C3): “{shown}”: ô chứa số {typed} chứ không phải một ngày (đọc "
        f"theo cách Excel đếm ngày thì là {shown}, không thể đúng){hint}. {ADVICE}"
    )
    masked = issue.without_personal_data().message
    assert masked == (
        f"Dòng 3, cột “Ngày sinh” (ô C3): “{HIDDEN}”: ô chứa số chứ không phải một ngày (Excel hiện "
        f"số ấy như một ngày của năm {year}, không thể đúng){hint}. {ADVICE}"
    )
    assert unicodedata.is_normalized("NFC", masked)
    assert str(typed) not in masked.replace(year, "") and shown not in masked


@pytest.mark.parametrize(("typed", "year"), [(1980, "1909"), (2026, "1909"), (80, "1904"), (1, "1904")])
def test_in_the_1904_date_system_the_year_is_that_systems(tmp_path: Path, typed: int, year: str) -> None:
    path = _in_1904(write(tmp_path), {(M, "C3"): typed})
    issue = only(read_submission(path).issues, "member.bad_date")
    assert issue.cell == "C3"
    assert f"(Excel hiện số ấy như một ngày của năm {year}, không thể đúng)" in (
        issue.without_personal_data().message
    )


@pytest.mark.parametrize("typed", [1952, 80, 3000])
def test_in_a_cell_formatted_general_excel_shows_the_number_and_nothing_is_added(
    tmp_path: Path, typed: int
) -> None:
    path = write(tmp_path, members=_members(birth_date=typed))
    wb = openpyxl.load_workbook(path)
    wb[M]["C3"].number_format = "General"
    wb.save(path)
    issues = [i for i in read_submission(path).issues if i.cell == "C3"]
    for issue in issues:
        masked = issue.without_personal_data().message
        assert "Excel hiện" not in masked and str(typed) not in masked, masked
