"""A date the yearly checks' member estimate needs, left empty or typed impossible (hunt190 F2).

The yearly checks compare a year's ratings with the members at that year's end, estimated from
the roll's admission and exemption dates and the changes' leaving dates. A member whose
"Ngày vào Đảng" was empty or impossible (“31/02/1967”) simply dropped out of that estimate while
it was still taken as known: beside the right error at the date cell, a correct ratings total got
`year.ratings_exceed_members` ("289, nhiều hơn số đảng viên ước tính … (288). Hãy kiểm tra lại số
liệu xếp loại"), and a secretary following it would "correct" a good count.

Now an unknown date makes the estimate a bound: the "exceeds" checks take the most members the
dates allow (the undated member is a member of every year, an undated leaving came after every
year's end, an undated exemption is not one yet), `year.unrated` the fewest (the other way).

Files written through the real template (`helpers_validate`): period 01/01/2025–31/03/2026;
the clean roll has 5 members at the end of 2025, one exempted since 2020, and 2025's ratings
are exactly 5 (4 rated, 1 not rated).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from helpers_validate import clean_events, clean_members, clean_years, codes, only, run, typed, write

from toolkit.core import layout

M, E = layout.SHEET_MEMBERS, layout.SHEET_EVENTS
ADMISSION = layout.MEMBERS.letter("admission_date")
EXEMPT_FROM = layout.MEMBERS.letter("exempt_from")
EVENT_DATE = layout.EVENTS.letter("event_date")
EXCEEDS = ("year.ratings_exceed_members", "year.rated_exceed_not_exempt")
# Excel rows of the clean roll's members (header on row 1): Trần Thị Hường, and Lê Văn Cường,
# exempted since 2020.
HUONG, CUONG = 3, 4


def _with_admission(path: Path, row: int, how: str) -> Path:
    """The file with the admission date of the member on Excel row ``row`` emptied or impossible."""
    return typed(path, M, {f"{ADMISSION}{row}": None if how == "empty" else "31/02/1967"})


def _date_error(issues: list[Any], cell: str) -> None:
    """The date cell has its own finding (the secretary is told what to fix there)."""
    assert any(i.sheet == M and i.cell == cell for i in issues), [(i.code, i.cell) for i in issues]


def test_the_clean_file_fits_exactly() -> None:
    # The fixture the tests below rely on: 2025 rates exactly its 5 members, 4 not exempted.
    year = clean_years()[0]
    assert sum(year[k] for k in layout.RATING_KEYS.values()) == 5
    assert sum(year[f"rated_{k}"] for k in ("excellent", "good", "pass", "fail")) == 4


def test_clean_file_has_no_estimate_warning(tmp_path: Path) -> None:
    found = codes(run(write(tmp_path)).issues)
    assert not set(EXCEEDS) & set(found)
    assert "year.unrated" not in found


@pytest.mark.parametrize("how", ["empty", "impossible"])
def test_a_member_without_admission_date_leaves_right_ratings_alone(tmp_path: Path, how: str) -> None:
    issues = run(_with_admission(write(tmp_path), HUONG, how)).issues
    _date_error(issues, f"{ADMISSION}{HUONG}")
    found = codes(issues)
    assert not set(EXCEEDS) & set(found), found


@pytest.mark.parametrize("how", ["empty", "impossible"])
def test_an_exempted_member_without_admission_date_shrinks_neither_count(tmp_path: Path, how: str) -> None:
    # Before, the exempted member was not counted but still taken off the members not exempted:
    # 4 rated against 3, and 5 ratings against 4.
    issues = run(_with_admission(write(tmp_path), CUONG, how)).issues
    _date_error(issues, f"{ADMISSION}{CUONG}")
    assert not set(EXCEEDS) & set(codes(issues))


@pytest.mark.parametrize("how", ["empty", "impossible"])
def test_ratings_above_every_count_are_still_too_many(tmp_path: Path, how: str) -> None:
    # The check stays useful: the undated member is counted (5 members), 40 rated good is more.
    years = clean_years()
    years[0]["rated_good"] = 40
    issues = run(_with_admission(write(tmp_path, years=years), HUONG, how)).issues
    issue = only(issues, "year.ratings_exceed_members")
    assert "là 42, nhiều hơn số đảng viên ước tính của năm đó (5)" in issue.message
    issue = only(issues, "year.rated_exceed_not_exempt")
    assert "Năm 2025: 41 đảng viên được xếp loại" in issue.message
    assert "của năm đó (4)" in issue.message


@pytest.mark.parametrize("how", ["empty", "impossible"])
def test_a_leaving_without_date_does_not_make_right_ratings_too_many(tmp_path: Path, how: str) -> None:
    # Vũ Văn Phúc died in February 2026, so he was a member at the end of 2025 and 2025 rated 6
    # (5 rated); his death's date empty or impossible dropped him from 2025's members before.
    events = clean_events()
    events[1]["event_date"] = dt.date(2026, 2, 1)
    years = clean_years()
    years[0]["rated_good"] = 4
    path = write(tmp_path, events=events, years=years)
    assert not set(EXCEEDS) & set(codes(run(path).issues))  # dated: fits
    typed(path, E, {f"{EVENT_DATE}3": None if how == "empty" else "31/02/2026"})
    issues = run(path).issues
    assert any(i.severity == "error" and i.sheet == E and i.cell == f"{EVENT_DATE}3" for i in issues)
    assert not set(EXCEEDS) & set(codes(issues)), codes(issues)


@pytest.mark.parametrize("how", ["empty", "impossible"])
def test_an_exemption_without_date_is_no_member_left_unrated(tmp_path: Path, how: str) -> None:
    # At the end of 2025 the roll's only member is Lê Văn Cường, exempted ("Tuổi cao, sức khỏe
    # yếu" chosen) from a date left empty or impossible; Hoàng Văn Em joined in 2026. 2025 rates
    # nobody, rightly if the exemption began by then: `year.unrated` is not said, as it is not
    # said for the dated exemption; the date cell has its error.
    members = [m for m in clean_members() if m["full_name"] in ("Lê Văn Cường", "Hoàng Văn Em")]
    members[1]["admission_date"] = dt.date(2026, 2, 1)
    events = clean_events()
    events[0]["event_date"] = dt.date(2026, 2, 1)
    years = [{**y, **dict.fromkeys(layout.RATING_KEYS.values(), None)} for y in clean_years()]
    path = write(tmp_path, members=members, events=events, years=years)
    assert "year.unrated" not in codes(run(path).issues)  # dated: nobody to rate
    typed(path, M, {f"{EXEMPT_FROM}2": None if how == "empty" else "31/02/2020"})
    issues = run(path).issues
    _date_error(issues, f"{EXEMPT_FROM}2")
    assert "year.unrated" not in codes(issues), codes(issues)


def test_a_member_without_admission_date_is_not_one_left_unrated(tmp_path: Path) -> None:
    # `year.unrated` counts the fewest members: a roll whose only member not exempted has no
    # admission date says nothing of 2025's blank ratings (its date error says what to fix).
    members = [m for m in clean_members() if m["full_name"] in ("Lê Văn Cường", "Trần Thị Hường")]
    years = [{**y, **dict.fromkeys(layout.RATING_KEYS.values(), None)} for y in clean_years()]
    events = [clean_events()[1]]
    path = _with_admission(write(tmp_path, members=members, events=events, years=years), 2, "empty")
    issues = run(path).issues
    _date_error(issues, f"{ADMISSION}2")
    assert "year.unrated" not in codes(issues), codes(issues)
