"""A birth date said wrong for its age is not also a person missing (fix343, fix338's note).

The roll and the changes are matched by name and birth date. A `Kết nạp` row of Hoàng Văn Em
born 10/01/1905 (typed for 08/08/2000, the roll's) was the error `event.age_impossible` at its
birth date, and also `event.joined_not_on_roll` ("not on the roll: add him") at the row and
`event.admission_missing` ("no `Kết nạp` row: add one") at the member: three messages, two of
them asking to add a person twice, for one year typed wrong. A birth date of an age over 110
(`*.age_implausible`, `*.age_impossible`) is now taken as a missing one is (hunt135 F2): a row
of the name on the other sheet may be the person, and nothing more is said. With no row of the
name there, the warning stays: that is no matter of the birth date.

Real workbooks through the real template (`helpers_validate.write`), validated as the CLI does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers_validate import CUTOFF, clean_events, clean_members, run, write

IDENTITY = ("event.joined_not_on_roll", "event.admission_missing")
AGE = ("event.age_impossible", "event.age_implausible", "member.age_impossible", "member.age_implausible")
ADMITTED = 4  # Hoàng Văn Em, admitted 01/10/2025, the first change row


def _codes(tmp_path: Path, *, events=None, members=None) -> list[str]:  # type: ignore[no-untyped-def]
    result = run(write(tmp_path, events=events, members=members), cutoff=CUTOFF)
    return sorted(i.code for i in result.issues if i.code in IDENTITY + AGE)


@pytest.mark.parametrize(
    ("born", "age"),
    [(dt.date(1905, 1, 10), "event.age_impossible"), (dt.date(1912, 1, 10), "event.age_implausible")],
)
def test_an_admission_row_of_a_wrong_birth_year_is_that_one_message(
    tmp_path: Path, born: dt.date, age: str
) -> None:
    events = clean_events()
    events[0]["birth_date"] = born
    assert _codes(tmp_path, events=events) == [age]


def test_a_member_of_a_wrong_birth_year_is_that_one_message(tmp_path: Path) -> None:
    """The roll's date typed wrong, the change row's right: the member's error alone."""
    members = clean_members()
    members[ADMITTED]["birth_date"] = dt.date(1905, 1, 10)
    assert _codes(tmp_path, members=members) == ["member.age_impossible"]


def test_a_row_of_a_name_the_roll_lacks_is_still_not_on_the_roll(tmp_path: Path) -> None:
    """No member of the name: the row's person is missing from the roll whatever their birth
    date, and the member admitted in the period has no `Kết nạp` row of any date."""
    events = clean_events()
    events[0].update(full_name="Đỗ Văn Giang", birth_date=dt.date(1905, 1, 10))
    assert _codes(tmp_path, events=events) == [
        "event.admission_missing",
        "event.age_impossible",
        "event.joined_not_on_roll",
    ]


def test_two_believable_dates_still_name_each_other(tmp_path: Path) -> None:
    """Both dates believable (1990 for 2000): still the two warnings, each naming the other row."""
    events = clean_events()
    events[0]["birth_date"] = dt.date(1990, 8, 8)
    assert _codes(tmp_path, events=events) == ["event.admission_missing", "event.joined_not_on_roll"]
