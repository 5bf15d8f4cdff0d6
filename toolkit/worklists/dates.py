"""Calendar arithmetic of the work lists: months later, anniversaries, whole years.

Two conventions, each the one the rest of the toolkit already uses for the same question:

- `add_months` (probation, exemptions): calendar months later, a day missing in the target
  month falling back to that month's last day (31/01 + 1 month = 28/02 or 29/02; 29/02/2024
  + 12 months = 28/02/2025). It is the rule validation applies to `Ngày chính thức`, so a
  member listed as due on a day may be recognised on that very day without a warning.
- `anniversary` (party age, age): the day `years` whole years are complete, as ages are
  counted for the statistics (`whole_years`): the same day and month, and for 29 February
  in a common year the 1st of March, the first day on which the whole years are complete.
  So `whole_years(d, anniversary(d, n)) == n` and one day earlier it is `n - 1`.

(A shared date module for the whole toolkit is planned; until it exists these helpers live
with their only user.)
"""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """`months` calendar months after `day`; the 29th–31st fall back to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def anniversary(day: dt.date, years: int) -> dt.date:
    """The day `years` whole years after `day` are complete (29 February → 1 March in a
    common year)."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return dt.date(year, 3, 1)
    return day.replace(year=year)


def whole_years(start: dt.date, on: dt.date) -> int:
    """Whole years from `start` completed on `on` (an age, a party age)."""
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def whole_months(start: dt.date, on: dt.date) -> int:
    """Whole calendar months from `start` completed on `on` (by day of month)."""
    return (on.year - start.year) * 12 + on.month - start.month - (on.day < start.day)
