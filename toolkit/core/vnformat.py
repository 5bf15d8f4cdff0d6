"""Vietnamese number and date formatting for the report prose and any other user text.

Conventions (those of Vietnamese administrative documents, e.g. the reference report):

- thousands are separated by a dot and decimals by a comma: ``4.216``, ``62,25``;
- percentages in tables carry exactly two decimals, nothing trimmed (``62,25%``,
  ``100,00%``), so every share of a table has the same precision (`percent`); in prose they
  are written without trailing zeros (``62,5%``, ``100%``: `percent_prose`);
- small counts of people or organisations (1–9) take a leading zero: ``02 chi bộ cơ sở``;
  zero is written ``0`` and counts from 10 up are plain numbers;
- dates in documents (the report, the forms, the sheets, the work lists) follow Nghị định
  30/2020/NĐ-CP as the reference does: a day below 10 and the months 1 and 2 take a leading
  zero, other months do not (``31/3/2026``, ``01/7/2025``, ``21/01/2019``: `date`); messages,
  status lines and what a command prints write day and month of two digits (``31/03/2026``:
  `message_date`);
- quarters use Roman numerals: ``quý I/2026``.

Rounding is half-up on the decimal value (``0.00125`` → ``0,13%``), as people round by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Protocol

PERCENT_PLACES = 2
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class _HasValue(Protocol):
    @property
    def value(self) -> float | None: ...


def _rounded(share: object) -> Decimal | None:
    """The percentage a share object prints, when it knows it (rounded with its whole)."""
    return getattr(share, "rounded", None)


def _group(digits: str) -> str:
    """Insert dots between groups of three digits (``4216`` → ``4.216``)."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


# A whole number typed with one dot or comma before exactly three digits.
_GROUPED_OR_DECIMAL = re.compile(r"\d{1,3}([.,])\d{3}")


def grouping_or_decimal(text: str) -> str | None:
    """The separator of a number typed as text with one dot or comma before exactly three
    digits (``"1.000"``, ``"12,500"``), which reads two ways: thousands grouped (one thousand,
    as `number` writes it) or a decimal point (one, as English writes "1.000" and Vietnamese
    "1,000"); None for any other text. A reader of a whole number refuses it, naming the
    cell, rather than choose one reading (hunt133 #5)."""
    m = _GROUPED_OR_DECIMAL.fullmatch(text.strip())
    return m.group(1) if m else None


def number(n: int | float) -> str:
    """A whole number with dot thousands: ``4216`` → ``"4.216"``, ``-1500`` → ``"-1.500"``.

    Floats are accepted only when they are whole (``4216.0``); anything else is a bug in
    the caller, who must choose `decimal` and its places instead.
    """
    if isinstance(n, bool):
        raise TypeError("number() takes a count, not a bool")
    if isinstance(n, float):
        if not n.is_integer():
            raise ValueError(f"number() takes a whole number, got {n!r}; use decimal()")
        n = int(n)
    sign = "-" if n < 0 else ""
    return sign + _group(str(abs(int(n))))


def decimal(x: int | float | Decimal, places: int) -> str:
    """A number with a fixed count of decimals: ``62.25, 2`` → ``"62,25"``, ``1234.5, 1`` → ``"1.234,5"``."""
    if places < 0:
        raise ValueError("places must be >= 0")
    quantum = Decimal(1).scaleb(-places)
    d = Decimal(str(x))
    with localcontext() as context:  # every digit of a large number kept (28 by default)
        context.prec = max(context.prec, d.adjusted() + places + 2)
        d = d.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    text = f"{d.copy_abs():f}"  # abs() would round to the default precision again
    whole, _, frac = text.partition(".")
    out = sign + _group(whole)
    return f"{out},{frac}" if places else out


def percent(share_or_fraction: float | _HasValue, places: int = PERCENT_PLACES) -> str:
    """A share as a percentage: ``0.6225`` → ``"62,25%"``; a `toolkit.stats.shares.Share` works too.

    Raises ValueError for a share whose base is 0: such a share must not be printed.
    """
    value = share_or_fraction if isinstance(share_or_fraction, int | float) else share_or_fraction.value
    if value is None:
        raise ValueError("percent() of a share whose base is 0")
    rounded = _rounded(share_or_fraction)
    if rounded is not None and places == PERCENT_PLACES:
        return decimal(rounded, places) + "%"
    # Multiply in Decimal so 0.13265 becomes 13.265 exactly, then rounds half-up to 13,27.
    return decimal(Decimal(str(value)) * 100, places) + "%"


def percent_prose(share_or_fraction: float | _HasValue) -> str:
    """A share as prose writes it: two decimals at most, trailing zeros dropped (``62,5%``,
    ``100%``, ``13,27%``).

    A share above 0 that prints as 0,00% is "dưới 0,01%", and one below 100% that prints as
    100,00% is "trên 99,99%": prose has no count beside it, and "tăng 03 đồng chí (0%)" or
    "hoàn thành tốt nhiệm vụ trở lên đạt 100%" with one member failing, in a roll-up of tens of
    thousands of members, says what is false (hunt253). Likewise a share above 100% that prints
    as 100,00% is "trên 100%": "vượt chỉ tiêu …, đạt tỷ lệ 100%" of a target of tens of
    thousands exceeded by one (review256). Tables keep their two decimals."""
    value = share_or_fraction if isinstance(share_or_fraction, int | float) else share_or_fraction.value
    text = percent(share_or_fraction)[:-1]
    if value is not None and 0 < value < 1:
        if text == "0,00":
            return "dưới 0,01%"
        if text == "100,00":
            return "trên 99,99%"
    if value is not None and value > 1 and text == "100,00":
        return "trên 100%"
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text + "%"


def count(n: int) -> str:
    """A count of people or organisations: 1–9 with a leading zero (``2`` → ``"02"``).

    ``0`` stays ``"0"`` (``"00"`` is not written in Vietnamese documents) and 10 and up are
    plain `number`s (``4216`` → ``"4.216"``).
    """
    if 1 <= n <= 9:
        return f"0{int(n)}"
    return number(n)


def date(d: dt.date | str) -> str:
    """A date as in Vietnamese administrative text: ``2026-03-31`` → ``"31/3/2026"``.

    Accepts a `datetime.date` (or datetime) or an ISO ``YYYY-MM-DD`` string. Day below 10
    and the months January and February take a leading zero (Nghị định 30/2020/NĐ-CP).
    """
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{day}/{month}/{d.year}"


def message_date(d: dt.date | str) -> str:
    """A date as a message or a run's status line says it, day and month of two digits:
    ``2026-03-31`` → ``"31/03/2026"``, as every issue message and setting refusal writes it
    (`date` is the administrative documents' ``31/3/2026``: a status line that put one beside
    the other said one day two ways, hunt133 #5)."""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


_MESSAGE_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")


def message_dates_as_document(text: str) -> str:
    """`text`, a message quoted in a document, with its dates (`message_date`, ``31/03/2025``)
    written as the document writes its own (`date`, ``31/3/2025``): the report's comparison of
    a roll-up quotes `rollup.no_previous` (fix382). Text that is no valid date is left as it is."""

    def document(match: re.Match[str]) -> str:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(dt.date(year, month, day))
        except ValueError:
            return match.group(0)

    return _MESSAGE_DATE.sub(document, text)


def date_time(text: str | None, *, message: bool = False) -> str:
    """A stored ISO date-time as an office reads it: ``2026-11-30T18:45:32`` → ``"30/11/2026
    18:45"`` (`date`, or `message_date` for a `message`, then hours and minutes); ``"?"`` when
    unknown, the text itself when it is not a date-time."""
    if not text:
        return "?"
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return f"{(message_date if message else date)(moment)} {moment:%H:%M}"


def quarter(q: int, year: int) -> str:
    """A quarter of a year: ``(1, 2026)`` → ``"quý I/2026"``."""
    if q not in _ROMAN:
        raise ValueError(f"quarter must be 1–4, got {q!r}")
    return f"quý {_ROMAN[q]}/{year}"


def quarter_since(q: int, year: int, start: dt.date) -> str | None:
    """A quarter's name for a count that starts at `start`: the name alone when the count covers
    the quarter from its first day, with the day it starts from when that lies inside the
    quarter (``"quý I/2026 (từ ngày 01/02/2026)"``), None when it starts after the quarter.

    A count of admissions in "quý I" of a period that starts on 1 February has no January in
    it, and must not be read as the quarter's."""
    first = dt.date(year, 3 * q - 2, 1)
    last = dt.date(year, 12, 31) if q == 4 else dt.date(year, 3 * q + 1, 1) - dt.timedelta(days=1)
    if start > last:  # (its last day, not the day after: year 9999 has no next year)
        return None
    name = quarter(q, year)
    return name if start <= first else f"{name} (từ ngày {date(start)})"
