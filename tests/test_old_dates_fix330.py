"""Dates before 1910 typed as dates (hunt328 F4, review326 N3): a birth date 01/03/1905 typed
in the template's date cell is Excel's number 1887 in a date format. The reader took every
number before 1910 for a year typed alone, so the clerk, who sees a date there, was told
"ô chứa số chứ không phải một ngày", and `member.age_implausible` (over 110) only ever saw
births from 1910 to 1916. Now a date-formatted cell holds a date unless its number is one a
year typed alone leaves there (1900–2100: 02/06/1905 for 1980; below 100: two digits of a year,
a day): those stay `bad_date`, as does any such number in a cell formatted General.

Real workbooks through the real template (`helpers_validate.write`), validated as the CLI does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import CUTOFF, clean_events, clean_members, only, run, write
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from toolkit.core import layout
from toolkit.io.reader import read_submission

M = layout.SHEET_MEMBERS
ROW = 3  # the second clean member


def _members(**row: object) -> list[dict[str, object]]:
    members = clean_members()
    members[ROW - 2].update(row)
    return members


def _cell(key: str) -> str:
    return layout.MEMBERS.cell(key, ROW)


def _serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days  # Excel's 1900 system, from 01/03/1900


def test_a_birth_in_1905_typed_as_a_date_is_that_date_and_an_impossible_age(tmp_path: Path) -> None:
    born = dt.date(1905, 3, 1)
    assert _serial(born) == 1887  # what the template's date cell stores
    path = write(tmp_path, members=_members(birth_date=born))
    sub = read_submission(path)
    assert not [i for i in sub.issues if i.code == "member.bad_date"]
    assert sub.members is not None and sub.members["birth_date"].iloc[ROW - 2].date() == born
    result = run(path, cutoff=CUTOFF)
    at = [(i.code, i.severity) for i in result.issues if i.sheet == M and i.cell == _cell("birth_date")]
    assert at == [("member.age_impossible", "error")]  # over 120: no one living (fix336)
    issue = only(result.issues, "member.age_impossible")
    assert "đã 121 tuổi (sinh 01/03/1905), quá 120 tuổi" in issue.message


def test_an_admission_in_1905_typed_as_a_date_is_before_the_founding(tmp_path: Path) -> None:
    path = write(tmp_path, members=_members(admission_date=dt.date(1905, 1, 10)))
    result = run(path, cutoff=CUTOFF)
    at = [i.code for i in result.issues if i.sheet == M and i.cell == _cell("admission_date")]
    assert at == ["member.before_party_founded"]  # not also "born after being admitted"
    issue = only(result.issues, "member.before_party_founded")
    assert "10/01/1905 trước ngày thành lập Đảng" in issue.message


@pytest.mark.parametrize(
    "number",
    [
        100,  # 09/04/1900, the first number above two digits
        1899,  # 13/03/1905, the day before the first year typed alone
        2101,  # 01/10/1905, the day after the last one
        3653,  # 31/12/1909
    ],
)
def test_the_numbers_no_year_leaves_in_a_date_cell_are_dates(tmp_path: Path, number: int) -> None:
    path = write(tmp_path, members=_members(birth_date=number))  # the cell keeps its date format
    sub = read_submission(path)
    assert not [i for i in sub.issues if i.code == "member.bad_date"]
    assert sub.members is not None
    read = sub.members["birth_date"].iloc[ROW - 2].date()
    assert _serial(read) == number


@pytest.mark.parametrize("number", [1980, 1900, 2100, 80, 99, 1])
def test_a_year_typed_in_a_date_cell_is_still_a_number(tmp_path: Path, number: int) -> None:
    sub = read_submission(write(tmp_path, members=_members(birth_date=number)))
    issue = only(sub.issues, "member.bad_date")
    assert issue.cell == _cell("birth_date")
    assert f"ô chứa số {number} chứ không phải một ngày" in issue.message


def test_a_number_of_an_old_date_in_a_general_cell_is_a_typed_number(tmp_path: Path) -> None:
    """Without a date format, 1887 is a number typed (a year), as before: no date to check."""
    # (calamine gives the number itself: read as a year typed alone, "chỉ có năm")
    path = write(tmp_path, members=_members(birth_date=1887))
    wb = openpyxl.load_workbook(path)
    wb[M][_cell("birth_date")].number_format = "General"
    wb.save(path)
    sub = read_submission(path)
    issue = only(sub.issues, "member.bad_date")
    assert "“1887”: chỉ có năm, cần ghi đủ ngày/tháng/năm" in issue.message
    assert sub.members is not None and sub.members["birth_date"].isna().iloc[ROW - 2]


def test_the_1904_date_system_keeps_the_same_rule(tmp_path: Path) -> None:
    """In a workbook of the 1904 date system, 1980 typed is 03/06/1909 (still a number) and
    01/03/1905 typed is that day (its number there is 424)."""
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb.epoch = CALENDAR_MAC_1904
    wb[M]["C3"] = 1980  # the cell keeps its date format
    wb[M]["C4"] = dt.date(1905, 3, 1)
    wb.save(path)
    sub = read_submission(path)
    bad = [i.cell for i in sub.issues if i.code == "member.bad_date"]
    assert bad == ["C3"]
    assert sub.members is not None and sub.members["birth_date"].iloc[2].date() == dt.date(1905, 3, 1)


def test_a_date_before_1910_in_the_info_sheet_follows_the_same_rule(tmp_path: Path) -> None:
    """The `Thông tin` sheet's dates are read cell by cell (`reader.is_number_as_date`): a day
    of 1905 typed there is a date, as any other mistyped day is, 2026 typed is a number."""
    cell = layout.INFO.cell("prepared_on")
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb[layout.SHEET_INFO][cell] = dt.date(1905, 3, 1)
    wb.save(path)
    sub = read_submission(path)
    assert not [i for i in sub.issues if i.code in ("info.bad_date", "info.prepared_bad_date")]
    assert sub.info is not None and sub.info.get("prepared_on") == dt.date(1905, 3, 1)
    wb[layout.SHEET_INFO][cell] = 2026
    wb.save(path)
    sub = read_submission(path)
    issue = only(sub.issues, "info.prepared_bad_date")  # a warning there (fix352)
    assert "ô chứa số 2026 chứ không phải một ngày" in issue.message


# --- A change of any kind dated before the Party was founded (hunt328 F6) ----------------------


@pytest.mark.parametrize(
    ("kind", "label"),
    [("restored", "Phục hồi đảng tịch"), ("died", "Từ trần"), ("transfer_out", "Chuyển đi")],
)
def test_a_change_of_any_kind_before_the_founding_is_that_error_said_once(
    tmp_path: Path, kind: str, label: str
) -> None:
    """A `Phục hồi đảng tịch` row of 1925 was `event.outside_period` ("thuộc kỳ trước") while a
    `Kết nạp` row of 1925 was `event.before_party_founded`; no change of a Party member of any
    kind can be dated before the Party was founded."""
    event = {
        "row_no": 3,
        "full_name": "Lò Văn Sáu",
        "birth_date": dt.date(1960, 2, 2),
        "event_type": kind,
        "event_date": dt.date(1925, 6, 1),
    }
    result = run(write(tmp_path, events=[*clean_events(), event]), cutoff=CUTOFF)
    cell = layout.EVENTS.cell("event_date", 4)
    at = [i.code for i in result.issues if i.sheet == layout.SHEET_EVENTS and i.cell == cell]
    assert at == ["event.before_party_founded"]
    issue = only(result.issues, "event.before_party_founded")
    assert issue.severity == "error"
    assert f"Biến động “{label}” ngày 01/06/1925, trước ngày thành lập Đảng" in issue.message
    hidden = issue.without_personal_data().message
    assert "1925" not in hidden and label not in hidden


def test_a_change_of_an_unknown_kind_before_the_period_stays_of_an_earlier_period(tmp_path: Path) -> None:
    """A type no one can read is its own error; its date is said as before the period."""
    event = {
        "row_no": 3,
        "full_name": "Lò Văn Sáu",
        "birth_date": dt.date(1960, 2, 2),
        "event_type": "Đi chơi",
        "event_date": dt.date(1925, 6, 1),
    }
    result = run(write(tmp_path, events=[*clean_events(), event]), cutoff=CUTOFF)
    cell = layout.EVENTS.cell("event_date", 4)
    at = [i.code for i in result.issues if i.sheet == layout.SHEET_EVENTS and i.cell == cell]
    assert at == ["event.outside_period"]


# --- One error at a date before the founding, not every comparison of it (review326 N6) ---------


def _row_codes(path: Path) -> list[tuple[str, str]]:
    result = run(path, cutoff=CUTOFF)
    return sorted((i.cell, i.code) for i in result.issues if i.sheet == M and (i.cell or "")[1:] == str(ROW))


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        # born 1984, admitted 1929: not also born after the admission, nor recognised 77 years late
        (
            {"birth_date": dt.date(1984, 1, 1), "admission_date": dt.date(1929, 1, 1)},
            [("admission_date", "member.before_party_founded")],
        ),
        # admitted and recognised in 1929: not also recognised before 12 months of probation
        (
            {"admission_date": dt.date(1929, 1, 1), "official_date": dt.date(1929, 6, 1)},
            [
                ("admission_date", "member.before_party_founded"),
                ("official_date", "member.before_party_founded"),
            ],
        ),
        # recognised after the founding, less than a year after an admission before it
        (
            {"admission_date": dt.date(1929, 10, 1), "official_date": dt.date(1930, 6, 1)},
            [("admission_date", "member.before_party_founded")],
        ),
        # recognised in 1929 on a roll admitted in 2005: not also "too early"
        ({"official_date": dt.date(1929, 1, 1)}, [("official_date", "member.before_party_founded")]),
        # still probationary after an admission of 1929 (the card is another cell, another cause)
        (
            {"admission_date": dt.date(1929, 1, 1), "official_date": None},
            [("admission_date", "member.before_party_founded"), ("card_no", "member.card_on_probationary")],
        ),
    ],
)
def test_a_date_before_the_founding_is_said_once_and_compared_no_more(
    tmp_path: Path, dates: dict[str, object], expected: list[tuple[str, str]]
) -> None:
    path = write(tmp_path, members=_members(**dates))
    assert _row_codes(path) == sorted((_cell(key), code) for key, code in expected)


def test_the_comparisons_still_hold_from_the_founding_day(tmp_path: Path) -> None:
    """Admitted on 03/02/1930 itself, by a member born in 1984, recognised a month later: the
    comparisons of that date are made as before."""
    dates = {"birth_date": dt.date(1984, 1, 1), "admission_date": dt.date(1930, 2, 3)}
    path = write(tmp_path, members=_members(**dates, official_date=dt.date(1930, 3, 3)))
    assert _row_codes(path) == [
        (_cell("admission_date"), "member.birth_after_admission"),
        (_cell("official_date"), "member.official_too_early"),
    ]
