"""Date helpers of the sample generators: random dates in a range, whole years, ages.

Only what sampling needs; ages follow the same definition as the statistics (whole years
completed on the day).
"""

from __future__ import annotations

import datetime as dt
import random


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A day drawn uniformly from `start`..`end` (both included)."""
    if end < start:
        raise ValueError(f"empty date range {start}..{end}")
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (or earlier); 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Age in whole years completed on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def birth_for_age(rng: random.Random, age: int, on: dt.date) -> dt.date:
    """A birth date drawn uniformly among those that make someone exactly `age` on `on`."""
    return random_date(rng, add_years(on, -age - 1) + dt.timedelta(days=1), add_years(on, -age))
