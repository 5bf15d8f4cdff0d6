"""A list of day-first dates pasted or typed on a computer set to month/day/year is said:
`cell.day_month_swapped`, one warning per column.

Excel (and LibreOffice) on such a computer make a date of every "05/03/1980" with day and
month swapped (3 May) and leave "15/03/1980" as text, which the reader reads day-first. The
swapped dates were counted without a word: ages, admissions in the period, probation
deadlines, and the person's key (an event's row no longer found its member). What that
leaves in a column is a split no honest typing makes: every stored date's day of month is 12
or less, every text date's is 13 or more. The column is said only when so clean a split would
come by chance at most once in 10,000 columns.

The workbooks are the real template (`helpers_validate.write`); the paste is done with
openpyxl, and once by LibreOffice itself reading a day-first list as an English (US) computer
does.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers_validate import clean_events, clean_info, clean_members, codes, member, only, run, write
from libreoffice import convert

from toolkit.core import layout
from toolkit.core.rules import HIDDEN, RULES
from toolkit.io.reader import read_submission

M, E = layout.SHEET_MEMBERS, layout.SHEET_EVENTS
CODE = "cell.day_month_swapped"
BIRTH = layout.MEMBERS.letter("birth_date")
EVENT_DATE = layout.EVENTS.letter("event_date")

# Nine more members beside the five clean ones (rows 2–15). Births on the 12th, 3rd, 20th,
# 14th, 8th, 4th, 25th, 9th, 30th, 6th, 11th, 17th, 2nd, 28th: eight days of 12 or less, six
# above. Admissions on the 2nd, 10th, 1st, 19th, 1st, then the days below: eight and six too.
MORE = [
    ("Đỗ Thị Giang", dt.date(1968, 7, 4), dt.date(1990, 7, 14)),
    ("Bùi Văn Hải", dt.date(1985, 9, 25), dt.date(2008, 9, 25)),
    ("Ngô Thị Lan", dt.date(1972, 10, 9), dt.date(1995, 10, 9)),
    ("Đinh Văn Minh", dt.date(1979, 12, 30), dt.date(2003, 12, 30)),
    ("Vũ Thị Ngọc", dt.date(1973, 6, 6), dt.date(1999, 6, 6)),
    ("Trịnh Văn Phong", dt.date(1966, 3, 11), dt.date(1992, 3, 7)),
    ("Lý Thị Quỳnh", dt.date(1981, 4, 17), dt.date(2001, 4, 21)),
    ("Mai Văn Sơn", dt.date(1977, 8, 2), dt.date(1998, 8, 5)),
    ("Hồ Thị Thu", dt.date(1970, 5, 28), dt.date(1994, 5, 16)),
]


def roll() -> list[dict[str, Any]]:
    """The clean roll and nine more members, each a full member a year after admission."""
    extra = [
        member(
            row_no=6 + i,
            full_name=name,
            birth_date=birth,
            gender="female" if " Thị " in name else "male",
            card_no=f"0123458{i}",
            admission_date=admission,
            official_date=admission.replace(year=admission.year + 1),
        )
        for i, (name, birth, admission) in enumerate(MORE)
    ]
    return clean_members() + extra


def pasted_on_month_day_computer(value: Any) -> Any:
    """What a day-first date becomes when a month/day computer reads it: swapped, or text."""
    if not isinstance(value, dt.datetime):
        return value
    if value.day <= 12:
        return dt.datetime(value.year, value.day, value.month)
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def as_text_when(keep: Callable[[dt.datetime], bool]) -> Callable[[Any], Any]:
    """Dates typed honestly, some of them as text (`keep` says which stay dates)."""

    def change(value: Any) -> Any:
        if not isinstance(value, dt.datetime) or keep(value):
            return value
        return f"{value.day:02d}/{value.month:02d}/{value.year}"

    return change


def changed_column(path: Path, sheet: str, letter: str, change: Callable[[Any], Any]) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for row in range(2, ws.max_row + 1):
        cell = ws[f"{letter}{row}"]
        cell.value = change(cell.value)
    wb.save(path)
    return path


def test_birth_dates_pasted_on_a_month_day_computer_are_one_warning_naming_the_cells(tmp_path: Path) -> None:
    path = changed_column(write(tmp_path, members=roll()), M, BIRTH, pasted_on_month_day_computer)
    result = run(path)
    issue = only(result.issues, CODE)
    assert RULES[CODE].severity == "warning" and issue.severity == "warning"
    assert (issue.sheet, issue.cell, issue.column) == (M, "C2", "Ngày sinh")
    # Stored: 12/05 → 5 December (C2), 03/11, 08/08, 04/07, 09/10, 06/06, 11/03, 02/08; left
    # as text: the 20th, 14th, 25th, 30th, 17th and 28th.
    assert issue.message.startswith(
        "Cột “Ngày sinh”: 8 ô ghi dạng ngày (C2–C3, C6–C7, C9, C11–C12, C14); ví dụ ô C2: Các ô này "
        "đều có ngày trong tháng từ 1 đến 12, còn 6 ngày ghi dạng văn bản (C4–C5, C8, C10, C13, C15) "
        "đều có ngày từ 13 trở lên: "
    )
    assert "Ô ví dụ đang được tính là ngày 5 tháng 12 năm 1975." in issue.message
    assert unicodedata.is_normalized("NFC", issue.message)
    # Without personal data the stored date is hidden; the cells are not a member's data.
    assert issue.private_message is not None
    assert f"Ô ví dụ đang được tính là {HIDDEN}." in issue.private_message
    assert "1975" not in issue.private_message and "C2–C3, C6–C7, C9, C11–C12, C14" in issue.private_message
    # A warning: the file is consolidated, with the dates as stored (said in the message).
    assert {f["file"]: f["status"] for f in result.files()} == {path.name: "warnings"}
    assert sorted(set(codes(result.issues))) == [CODE, "norm.date_text"]


def test_every_date_column_of_the_list_is_said_on_its_own(tmp_path: Path) -> None:
    path = write(tmp_path, members=roll())
    for key in ("birth_date", "admission_date", "official_date"):
        changed_column(path, M, layout.MEMBERS.letter(key), pasted_on_month_day_computer)
    found = [(i.column, i.cell) for i in read_submission(path).issues if i.code == CODE]
    # Stored: each date on the 12th or before (swapped); text: the others.
    assert found == [("Ngày sinh", "C2"), ("Ngày vào Đảng", "H2"), ("Ngày chính thức", "I2")]


def test_dates_of_changes_pasted_so_are_said_on_their_sheet(tmp_path: Path) -> None:
    days = [5, 9, 11, 3, 7, 2, 16, 22, 28, 10, 4, 19]  # in 2025, the period: swapped they stay in it
    events = [
        {
            "row_no": i + 1,
            "full_name": f"Người Từ Trần {chr(ord('A') + i)}",
            "birth_date": dt.date(1940, 1, 20),
            "event_type": "died",
            "event_date": dt.date(2025, 1 + i, day),
        }
        for i, day in enumerate(days)
    ]
    path = write(tmp_path, events=clean_events()[:1] + [{**e, "row_no": e["row_no"] + 1} for e in events])
    changed_column(path, E, EVENT_DATE, pasted_on_month_day_computer)
    issue = only(read_submission(path).issues, CODE)
    assert (issue.sheet, issue.column) == (E, "Ngày")
    # Row 2 is the clean admission on 01/10/2025; rows 3–14 the deaths.
    ranges = f"{EVENT_DATE}2–{EVENT_DATE}8, {EVENT_DATE}12–{EVENT_DATE}13"
    assert issue.message.startswith(f"Cột “Ngày”: 9 ô ghi dạng ngày ({ranges}); ")


@pytest.mark.parametrize(
    ("name", "change"),
    [
        # A stored date on the 25th and the 30th: no month/day computer stores those from
        # day-first typing, so the others are what was typed.
        ("typed honestly, a few as text", as_text_when(lambda d: d.day not in (20, 14))),
        # A text date on the 3rd: a month/day computer makes a date of it.
        ("one text date with a day of 12 or less", as_text_when(lambda d: d.day <= 12 and d.day != 3)),
        ("every date as text", as_text_when(lambda d: False)),
    ],
)
def test_dates_no_month_day_computer_leaves_are_not_said(
    tmp_path: Path, name: str, change: Callable[[Any], Any]
) -> None:
    path = changed_column(write(tmp_path, members=roll()), M, BIRTH, change)
    assert CODE not in codes(read_submission(path).issues), name


@pytest.mark.parametrize(
    ("stored", "texts", "said"),
    [
        (6, 7, False),  # a split this clean comes by chance once in 8,900 columns
        (6, 8, True),  # once in 14,700
        (8, 3, False),  # once in 7,700
        (8, 4, True),  # once in 12,700
        (2, 12, False),  # two stored dates are too few to say anything
        (12, 1, False),  # nor is one text date
        (12, 2, True),  # once in 193,000
    ],
)
def test_the_split_is_said_only_when_chance_would_not_make_it(
    tmp_path: Path, stored: int, texts: int, said: bool
) -> None:
    low = [dt.date(1970 + i, 1 + i, 1 + i) for i in range(stored)]  # days 1..12
    high = [f"{16 + i}/{1 + i:02d}/{1960 + i}" for i in range(texts)]  # days 16..27
    names = "An Bình Chi Dũng Hà Khánh Long Mai Nam Oanh Phúc Quang Sáng Tâm".split()
    members = [
        member(row_no=i + 1, full_name=f"Nguyễn Văn {names[i]}", birth_date=birth, card_no=f"012346{i:02d}")
        for i, birth in enumerate([*low, *([dt.date(1960, 1, 20)] * texts)])
    ]
    path = write(tmp_path, members=members)
    wb = openpyxl.load_workbook(path)
    for i, text in enumerate(high):
        wb[M][f"{BIRTH}{2 + stored + i}"] = text
    wb.save(path)
    issues = read_submission(path).issues
    assert (CODE in codes(issues)) is said
    if said:
        assert only(issues, CODE).message.startswith(f"Cột “Ngày sinh”: {stored} ô ghi dạng ngày ")


def _pasted_through_libreoffice(tmp_path: Path, language: int) -> tuple[Path, list[dt.date]]:
    """The roll's birth dates typed day-first in a list (CSV), opened by LibreOffice as a
    computer of that language does, and its cells pasted into the birth-date column."""
    births = [m["birth_date"] for m in roll()]
    listing = tmp_path / "danh_sach.csv"
    listing.write_text("Ngày sinh\n" + "".join(f"{d:%d/%m/%Y}\n" for d in births), encoding="utf-8")
    (opened,) = convert([listing], "xlsx", tmp_path / f"lo{language}", infilter=f"CSV:44,34,76,1,,{language}")
    source = openpyxl.load_workbook(opened).active
    assert source is not None
    pasted = [source.cell(row, 1).value for row in range(2, len(births) + 2)]
    (tmp_path / "nop").mkdir()
    path = write(tmp_path / "nop", info=clean_info(), members=roll())
    wb = openpyxl.load_workbook(path)
    for i, value in enumerate(pasted):
        wb[M][f"{BIRTH}{2 + i}"] = value
    wb.save(path)
    return path, births


@pytest.mark.slow
def test_a_list_opened_by_libreoffice_as_english_us_is_said(tmp_path: Path) -> None:
    """LibreOffice, not our code, makes the swapped dates and the text ones."""
    path, births = _pasted_through_libreoffice(tmp_path, 1033)
    sub = read_submission(path)
    issue = only(sub.issues, CODE)
    assert issue.message.startswith("Cột “Ngày sinh”: 8 ô ghi dạng ngày (C2–C3, C6–C7, C9, C11–C12, C14); ")
    read = [d.date() for d in sub.members["birth_date"]]
    assert sum(r != b for r, b in zip(read, births, strict=True)) == 6  # 08/08 and 06/06 swap to themselves


@pytest.mark.slow
def test_the_same_list_opened_as_vietnamese_is_read_as_typed_and_not_said(tmp_path: Path) -> None:
    path, births = _pasted_through_libreoffice(tmp_path, 1066)
    sub = read_submission(path)
    assert CODE not in codes(sub.issues)
    assert [d.date() for d in sub.members["birth_date"]] == births
