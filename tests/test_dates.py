"""Calendar arithmetic of `toolkit.core.dates`: months, working days, probation, ages."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.core import dates
from toolkit.core.dates import DATE_TEXT_FORMATS, impossible_date
from toolkit.validation.members import whole_years as whole_years_of_columns

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2024, 6, 10), 12, D(2025, 6, 10)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year: the month's last day
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2024, 12, 15), 1, D(2025, 1, 15)),
        (D(2025, 1, 15), -13, D(2023, 12, 15)),
    ],
)
def test_add_months_keeps_the_day_or_falls_back_to_the_last(
    start: dt.date, months: int, expected: dt.date
) -> None:
    assert dates.add_months(start, months) == expected


def test_working_days_match_numpy_business_days_less_vietnams_public_holidays() -> None:
    rng = random.Random(5)
    for _ in range(2_000):
        day = D(2000, 1, 1) + dt.timedelta(days=rng.randrange(15_000))
        n = rng.randrange(0, 70)
        off = [h for year in range(day.year - 1, day.year + 2) for h in dates.vietnam_days_off(year)]
        expected = pd.Timestamp(np.busday_offset(np.datetime64(day, "D"), n, roll="backward", holidays=off))
        assert dates.add_working_days(day, n) == expected.date(), (day, n)
        # Counted by hand: back to a working day, then n working days forward.
        end = day
        while end.weekday() >= 5 or end in off:
            end -= dt.timedelta(days=1)
        for _ in range(n):
            end += dt.timedelta(days=1)
            while end.weekday() >= 5 or end in off:
                end += dt.timedelta(days=1)
        assert dates.add_working_days(day, n) == end, (day, n)
    with pytest.raises(ValueError):
        dates.add_working_days(D(2025, 1, 1), -1)


def test_vietnams_days_off_are_the_statutory_holidays_on_weekdays() -> None:
    """Bộ luật Lao động 2019, Điều 112, as the `holidays` package gives it: 1/1, five weekdays
    of Tết, Giỗ Tổ (10/3 lunar), 30/4, 1/5, 2/9 and a day next to it, a holiday on a weekend
    taken on the next working day, and days swapped by the government where it lists them."""
    assert dates.vietnam_days_off(2026) == (
        D(2026, 1, 1),
        *(D(2026, 2, day) for day in range(16, 21)),  # Tết: Monday to Friday
        D(2026, 4, 27),  # Giỗ Tổ on Sunday 26/04: taken on Monday
        D(2026, 4, 30),
        D(2026, 5, 1),
        D(2026, 8, 31),  # swapped for Saturday 22/08/2026
        D(2026, 9, 1),
        D(2026, 9, 2),
        D(2026, 11, 24),  # Ngày Văn hóa Việt Nam, from 2026
    )
    assert dates.vietnam_days_off(2025) == (
        D(2025, 1, 1),
        *(D(2025, 1, day) for day in range(27, 32)),  # Tết 2025, 27–31/01
        D(2025, 4, 7),
        D(2025, 4, 30),
        D(2025, 5, 1),
        D(2025, 5, 2),  # swapped for Saturday 26/04/2025
        D(2025, 9, 1),
        D(2025, 9, 2),
    )
    # Tết 2024 (8–14/02) and 2027 (4–10/02) hold a weekend: five weekdays off each.
    for year, first in ((2024, D(2024, 2, 8)), (2027, D(2027, 2, 4))):
        tet = [d for d in dates.vietnam_days_off(year) if first <= d <= first + dt.timedelta(days=6)]
        assert len(tet) == 5, tet
    assert {D(2024, 9, 2), D(2024, 9, 3), D(2027, 9, 2), D(2027, 9, 3)} <= {
        *dates.vietnam_days_off(2024),
        *dates.vietnam_days_off(2027),
    }
    assert D(2024, 4, 18) in dates.vietnam_days_off(2024)  # Giỗ Tổ 2024, a Thursday
    assert D(2027, 5, 3) in dates.vietnam_days_off(2027)  # 1/5/2027 is a Saturday


def test_the_days_off_table_is_what_the_holidays_package_generates() -> None:
    """`toolkit/core/vn_days_off.py` is generated from the `holidays` package (a development
    dependency: importing it costs 0.5–0.75 s a run). Regenerated here in memory, it must be the
    committed file, byte for byte: a new `holidays` version or a hand edit fails until the
    table is regenerated (`uv run python -m tools.vn_days_off_gen`) and reviewed."""
    import holidays

    from tools import vn_days_off_gen as gen

    for year in range(gen.FIRST_YEAR, gen.LAST_YEAR + 1):
        assert dates.vietnam_days_off(year) == gen.days_off(year), year
    assert gen.render() == gen.TARGET.read_text(encoding="utf-8")
    assert f"version {holidays.__version__}:" in gen.TARGET.read_text(encoding="utf-8")
    # Outside the table (2000–2060) only Saturday and Sunday are off.
    assert dates.vietnam_days_off(gen.FIRST_YEAR - 1) == dates.vietnam_days_off(gen.LAST_YEAR + 1) == ()
    day = D(2061, 2, 1)
    weekdays_only = np.busday_offset(np.datetime64(day, "D"), 30, roll="backward").astype(object)
    assert dates.add_working_days(day, 30) == weekdays_only


def test_counting_a_deadline_does_not_import_the_holidays_package() -> None:
    """The command line, validation and the work lists count probation deadlines from the
    generated table: the `holidays` package is not imported (its init loads every country)."""
    import subprocess
    import sys

    code = (
        "import sys, datetime as dt, toolkit.cli, toolkit.validation, toolkit.worklists, "
        "toolkit.pipeline, toolkit.excel; from toolkit.core import dates; "
        "assert dates.probation_deadline(dt.date(2025, 2, 16)) == dt.date(2026, 4, 3); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'holidays'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_probation_deadline_is_a_year_and_thirty_working_days() -> None:
    # 10/06/2024 + 12 months = Tuesday 10/06/2025; 30 working days (six weeks) later.
    assert dates.official_earliest(D(2024, 6, 10)) == D(2025, 6, 10)
    assert dates.probation_deadline(D(2024, 6, 10)) == D(2025, 7, 22)
    # A year later falls on a Saturday: counting starts on the Monday (working day 1), so the
    # 30th is the Friday six weeks after the Friday before it, as for a Friday end.
    assert dates.probation_deadline(D(2024, 6, 14)) == D(2025, 7, 25)
    assert dates.probation_deadline(D(2024, 6, 13)) == D(2025, 7, 25)
    # A Sunday end too; a Monday end is a working day later. Tết 2026 (Monday 16 to Friday
    # 20/02) lies inside: five working days later than six weeks.
    assert dates.probation_deadline(D(2025, 2, 1)) == D(2026, 3, 20)
    assert dates.probation_deadline(D(2025, 2, 2)) == D(2026, 3, 23)
    # 12 months ending on the first day of Tết 2026: it counts like Friday 13/02, the Monday
    # after Tết is working day 1, the 30th is Friday 03/04/2026.
    assert dates.probation_deadline(D(2025, 2, 16)) == D(2026, 4, 3)
    # Quốc khánh 2025 is Monday 01 and Tuesday 02/09: after Friday 29/08/2025, Tuesday 14/10.
    assert dates.probation_deadline(D(2024, 8, 29)) == D(2025, 10, 14)
    # 31/12/2025 + 30 working days: 1/1/2026 is off, so Thursday 12/02/2026, a day after six weeks.
    assert dates.probation_deadline(D(2024, 12, 31)) == D(2026, 2, 12)


@pytest.mark.parametrize(
    ("earlier", "later", "years", "months"),
    [
        (D(1990, 5, 12), D(2026, 5, 11), 35, 431),
        (D(1990, 5, 12), D(2026, 5, 12), 36, 432),
        (D(2000, 2, 29), D(2018, 2, 28), 17, 215),  # a 29 February birthday is reached on 1 March
        (D(2000, 2, 29), D(2018, 3, 1), 18, 216),
        (D(2025, 1, 31), D(2025, 2, 28), 0, 0),
        (D(2025, 1, 31), D(2025, 3, 31), 0, 2),
        (D(2025, 6, 1), D(2025, 6, 1), 0, 0),
    ],
)
def test_whole_years_and_months(earlier: dt.date, later: dt.date, years: int, months: int) -> None:
    assert dates.whole_years(earlier, later) == years
    assert dates.whole_months(earlier, later) == months


def test_the_vectorised_age_of_validation_equals_the_plain_one() -> None:
    rng = random.Random(9)
    pairs = [
        (
            D(1900, 1, 1) + dt.timedelta(days=rng.randrange(60_000)),
            D(1950, 1, 1) + dt.timedelta(days=rng.randrange(30_000)),
        )
        for _ in range(3_000)
    ]
    earlier = pd.Series(pd.to_datetime([a for a, _ in pairs] + [None])).astype("datetime64[ns]")
    later = pd.Series(pd.to_datetime([b for _, b in pairs] + [D(2026, 1, 1)])).astype("datetime64[ns]")
    got = whole_years_of_columns(earlier, later)
    assert got.iloc[:-1].tolist() == [dates.whole_years(a, b) for a, b in pairs]
    assert got.isna().tolist() == [False] * len(pairs) + [True]


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (D(1996, 5, 19), 30, D(2026, 5, 19)),
        (D(1996, 2, 29), 30, D(2026, 3, 1)),  # 2026 has no 29 February: 1 March
        (D(1988, 2, 29), 40, D(2028, 2, 29)),  # 2028 has one
    ],
)
def test_an_anniversary_of_29_february_in_a_common_year_is_1_march(
    start: dt.date, years: int, expected: dt.date
) -> None:
    assert dates.anniversary(start, years) == expected


@given(st.dates(D(1900, 1, 1), D(2030, 12, 31)), st.integers(1, 95))
def test_the_whole_years_are_complete_on_the_anniversary_and_not_the_day_before(
    start: dt.date, years: int
) -> None:
    reached = dates.anniversary(start, years)
    assert dates.whole_years(start, reached) == years
    assert dates.whole_years(start, reached - dt.timedelta(days=1)) == years - 1


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31/02/2026", "tháng 2 năm 2026 chỉ có 28 ngày"),
        ("29/02/2025", "tháng 2 năm 2025 chỉ có 28 ngày"),
        ("31.04.2026", "tháng 4 năm 2026 chỉ có 30 ngày"),
        ("2026-13-01", "không có tháng 13 (tháng từ 1 đến 12)"),
        ("00/01/2026", "tháng 1 năm 2026 chỉ có 31 ngày"),
        ("29/02/2024", None),  # a real day
        ("2026/03/31", None),
        ("31-3-26", None),  # not written as a date of the accepted forms
        ("abc", None),
    ],
)
def test_a_day_that_does_not_exist_is_said_which_part_is_wrong(text: str, why: str | None) -> None:
    assert impossible_date(text) == why
    if why is None and text[0].isdigit() and len(text) == 10:
        assert any(_parses(text, fmt) for fmt in DATE_TEXT_FORMATS), text


def _parses(text: str, fmt: str) -> bool:
    try:
        dt.datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    ("start", "later", "months"),
    [
        (D(2025, 1, 31), D(2025, 2, 27), 0),
        (D(2025, 1, 31), D(2025, 2, 28), 1),  # February's last day completes the month
        (D(2025, 3, 31), D(2026, 4, 29), 12),
        (D(2025, 3, 31), D(2026, 4, 30), 13),
        (D(2024, 2, 29), D(2025, 2, 28), 12),
        (D(2025, 6, 1), D(2025, 6, 1), 0),
    ],
)
def test_calendar_months_count_the_months_add_months_completes(
    start: dt.date, later: dt.date, months: int
) -> None:
    assert dates.calendar_months(start, later) == months
    assert dates.add_months(start, months) <= later < dates.add_months(start, months + 1)


def test_calendar_months_is_the_most_months_add_months_fits() -> None:
    rng = random.Random(320)
    for _ in range(2000):
        start = D(2020, 1, 1) + dt.timedelta(days=rng.randrange(1500))
        later = start + dt.timedelta(days=rng.randrange(900))
        n = dates.calendar_months(start, later)
        assert dates.add_months(start, n) <= later < dates.add_months(start, n + 1), (start, later)
