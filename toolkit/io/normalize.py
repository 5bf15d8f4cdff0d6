"""Normalisation of what people really type: text, dates, numbers and categories.

The template's readers must be forgiving (stray and double spaces, any letter case,
decomposed accents, abbreviations, dates as real dates, Excel serials or day-first text) and
say what they changed. Every function here is pure: it returns the normalised value together
with a short Vietnamese description of what it changed, so the reader can turn each change
into a warning that names the cell. Nothing is guessed: a date is day-first or it is not a
date. Legacy TCVN3/VNI text is the business of `toolkit.io.legacy`.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from toolkit.core.dates import year_digits_words
from toolkit.core.layout import DATE_EXAMPLE
from toolkit.core.text import INVISIBLE, strip_invisible
from toolkit.core.vnformat import grouping_or_decimal, message_date
from toolkit.core.vocab import Term, Vocabulary
from toolkit.io.legacy import FOREIGN_RE

if TYPE_CHECKING:  # loaded only by those who have it: the reader never imports pandas
    import pandas as pd

# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------

_WS = re.compile(r"[\s\u00a0]+")


def clean_text(text: str) -> str:
    """NFC, no invisible characters (zero-width, BOM, soft hyphen), no surrounding spaces,
    single spaces inside (tabs, newlines and NBSP included)."""
    return _WS.sub(" ", strip_invisible(unicodedata.normalize("NFC", text))).strip()


# A cell holding nothing but a dash: the mark Vietnamese tables put where there is nothing
# ("-": không có; a count of none). Hyphen, non-breaking hyphen, figure, en and em dash,
# horizontal bar and minus sign, one to three of them. In a count or a date cell the words
# that say so too ("không", "không có"; in a date also "chưa": no official date yet) are the
# same mark; in a text or list cell they may be a value ("Không" is a religion's answer), so
# only the dash is. Read as an empty cell (a count of `Số liệu năm` as 0, as an empty one
# is), with a note (`norm.none_mark`).
_DASH_CHARS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH = re.compile(f"[{_DASH_CHARS}]{{1,3}}")
# Those cells as typed without any space, for the reader's checks of whole columns.
DASH_TEXTS: frozenset[str] = frozenset(
    a + b + c for a in _DASH_CHARS for b in ("", *_DASH_CHARS) for c in ("", *_DASH_CHARS) if b or not c
)
_NONE_COUNT_WORDS = frozenset({"không", "không có"})
_NONE_DATE_WORDS = _NONE_COUNT_WORDS | {"chưa", "chưa có"}


def is_dash(text: str) -> bool:
    """Whether cleaned text is only a dash (`DASH_TEXTS`), "không có" in a table."""
    return _DASH.fullmatch(text) is not None


def none_note(text: str, *, zero: bool = False) -> str:
    """The note of a mark of "không có" (`text`, cleaned) read as an empty cell (`zero`: as
    the count 0)."""
    meaning = "số 0 (không có)" if zero else "ô để trống (không có)"
    return f"đã đọc \u201c{text}\u201d là {meaning}"


_NEEDS_WORK = re.compile(f"^\\s|\\s$|\\s\\s|[\t\n\r\f\v\u00a0{INVISIBLE}]")


def is_clean_text(text: str) -> bool:
    """Fast path: already NFC, no stray spaces, nothing that could be legacy-encoded, not a
    dash alone (`is_dash`)."""
    return (
        bool(text)
        and _NEEDS_WORK.search(text) is None
        and text not in DASH_TEXTS
        and FOREIGN_RE.search(text) is None
        and unicodedata.is_normalized("NFC", text)
    )


# `is_clean_text` over many cells at once. The cells are joined by "|": printable, never white
# space, never legacy-encoded and a starter that composes with nothing, so the joined text
# passes only when every cell does. White space other than a plain space, and the zero-width
# characters, are all non-printable; a plain space must not touch a separator, an end or
# another space. A failing batch is checked again in chunks, and a failing chunk cell by cell.
_CLEAN_CHUNK = 64


def _joined_clean(texts: Sequence[str]) -> bool:
    joined = "|".join(texts)
    return (
        joined.isprintable()
        and "  " not in joined
        and " |" not in joined
        and "| " not in joined
        and not joined.startswith(" ")
        and not joined.endswith(" ")
        and FOREIGN_RE.search(joined) is None
        and unicodedata.is_normalized("NFC", joined)
    )


def all_clean_text(texts: Sequence[str]) -> bool:
    """`all(is_clean_text(t) for t in texts)` for non-empty strings, in one bulk check."""
    return _joined_clean(texts) and DASH_TEXTS.isdisjoint(texts)


def clean_text_mask(texts: list[str]) -> list[bool]:
    """`[is_clean_text(t) for t in texts]` for non-empty strings, checked in bulk."""
    if all_clean_text(texts):
        return [True] * len(texts)
    out: list[bool] = []
    for start in range(0, len(texts), _CLEAN_CHUNK):
        chunk = texts[start : start + _CLEAN_CHUNK]
        if len(texts) > _CLEAN_CHUNK and all_clean_text(chunk):
            out.extend([True] * len(chunk))
        else:
            out.extend(map(is_clean_text, chunk))
    return out


# What a text not in NFC (its marks typed apart from their letters: Unikey's “Unicode tổ hợp”,
# a Mac's copy) is told, in a secretary's words: neither "Unicode" nor "NFC" means anything to
# them (hunt175 F8). The rule's title says the same (`norm.unicode`); old TCVN3/VNI text has
# its own note (`norm.legacy_encoding`).
MARKS_RETYPED = "đã sửa dấu tiếng Việt gõ bằng bảng mã khác"


def describe_text_change(before: str, after_clean: str) -> list[str]:
    """What `clean_text` changed, in Vietnamese (empty when nothing did)."""
    changes: list[str] = []
    nfc = unicodedata.normalize("NFC", before)
    if nfc != before:
        changes.append(MARKS_RETYPED)
    visible = strip_invisible(nfc)
    if visible != nfc:
        changes.append("đã bỏ ký tự ẩn (không nhìn thấy)")
    if after_clean != visible:
        changes.append("đã bỏ khoảng trắng thừa")
    return changes


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

# A full stop may end the date, as it ends a sentence ("05/03/1980.").
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?:\s+0{1,2}:00(?::00)?)?\s*\.?$")
_YMD = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]0{1,2}:00(?::00)?)?\s*\.?$")
# A date in words, as an official paper writes it: "ngày 15 tháng 3 năm 1966" ("ngày" may be
# left out); and "ngày 15/3/1966". Unambiguous, so read like the others.
_WORDS = re.compile(r"^(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+(\d{4})$", re.IGNORECASE)
_DAY_WORD = re.compile(r"^ngày\s+(?=\d)", re.IGNORECASE)
# What is not a date but says what is missing: a year short of its four digits or past them
# (`dates.year_digits_words`, also with a full stop, a time or in words, fix353, fix368,
# fix376), a month and year alone.
_MONTH_YEAR = re.compile(r"^(?:tháng\s+)?\d{1,2}\s*(?:[/.\-]|\s+năm\s+)\s*\d{4}$", re.IGNORECASE)
_MONTH_YEAR_REASON = "chỉ có tháng và năm; hãy ghi đủ ngày/tháng/năm (dd/mm/yyyy)"
_YEAR_ONLY = re.compile(r"^(?:năm\s+)?\d{4}$", re.IGNORECASE)
_YEAR_ONLY_REASON = "chỉ có năm, cần ghi đủ ngày/tháng/năm"
# A number below 1 in a date cell: 0 typed for "not yet", a fraction, a negative number. Excel
# shows it as 00/01/1900, a time of day or ####, and calamine hands over a time of day for it
# (the sign lost); no number is quoted (the reason stays when a member's value is masked).
_SMALL_NUMBER_REASON = (
    "ô chứa số 0, số âm hoặc số nhỏ hơn 1 chứ không phải một ngày (Excel hiện là 00/01/1900, một giờ "
    "hoặc ####); chưa có ngày thì để trống, có thì ghi đủ ngày/tháng/năm dạng dd/mm/yyyy"
)
# Excel's day 0 of a number in a date cell: in the 1900 date system (from 01/03/1900; Excel
# counts a 29/02/1900 that never was), and in the 1904 one (`ReadContext.date1904`).
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_EPOCH_1904 = dt.date(1904, 1, 1)
# A number in a date column between these is a year typed alone, not an Excel serial.
_YEAR_LIKE = (1000, 2200)
# Dates a datetime64[ns] column can hold; anything outside is reported as not a date.
MIN_DATE = dt.date(1678, 1, 1)
MAX_DATE = dt.date(2261, 12, 31)


def fmt_date(d: dt.date | pd.Timestamp | None) -> str:
    """dd/mm/yyyy, the Vietnamese order used in every message (`vnformat.message_date`)."""
    if d is None or (isinstance(d, float) and np.isnan(d)) or _is_nat(d):
        return ""
    return message_date(d)


def _is_nat(value: Any) -> bool:
    pd_ = sys.modules.get("pandas")
    return pd_ is not None and value is pd_.NaT


@dataclass(frozen=True)
class DateResult:
    value: dt.date | None
    how: Literal["date", "serial", "text", "empty", "none", "invalid"]
    note: str = ""  # why it is invalid, or what was read (Vietnamese)


def _checked(d: dt.date, how: Literal["date", "serial", "text"], note: str) -> DateResult:
    if not (MIN_DATE <= d <= MAX_DATE):
        return DateResult(None, "invalid", f"năm {d.year} không hợp lệ")
    return DateResult(d, how, note)


def parse_date(value: Any, *, date1904: bool = False) -> DateResult:
    """One cell value → a date: real dates, Excel serials, or text day-first (never guessed).
    A serial counts from the workbook's day 0: `date1904` for a workbook in the 1904 date
    system, where the same number is a day 1,462 days later."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return DateResult(None, "empty")
    if isinstance(value, bool):
        return DateResult(None, "invalid", "không phải ngày")
    if isinstance(value, dt.datetime):
        return _checked(value.date(), "date", "")
    if isinstance(value, dt.date):
        return _checked(value, "date", "")
    if isinstance(value, dt.time):  # calamine's reading of a number below 1 in a date cell
        return DateResult(None, "invalid", _SMALL_NUMBER_REASON)
    pd_ = sys.modules.get("pandas")  # a pandas value comes only from where pandas is loaded
    if pd_ is not None and isinstance(value, pd_.Timestamp):
        return _checked(value.date(), "date", "") if not pd_.isna(value) else DateResult(None, "empty")
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if np.isnan(number):
            return DateResult(None, "empty")
        if number.is_integer() and _YEAR_LIKE[0] <= number <= _YEAR_LIKE[1]:
            return DateResult(None, "invalid", _YEAR_ONLY_REASON)
        if number < 1:
            return DateResult(None, "invalid", _SMALL_NUMBER_REASON)
        if number >= 2958466:  # past 31/12/9999, Excel's last day
            return DateResult(None, "invalid", "không phải ngày")
        d = (EXCEL_EPOCH_1904 if date1904 else EXCEL_EPOCH) + dt.timedelta(days=int(number))
        return _checked(d, "serial", f"đã đọc số {shown_number(number)} là ngày {fmt_date(d)}")
    if isinstance(value, str):
        text = clean_text(value)
        if not text:  # invisible characters only ("\u200b" pasted): empty, as spaces are
            return DateResult(None, "empty")
        if is_dash(text) or text.casefold() in _NONE_DATE_WORDS:
            return DateResult(None, "none", none_note(text))
        m = _DMY.match(text) or _WORDS.match(text) or _DMY.match(_DAY_WORD.sub("", text))
        year_first = m is None
        if m:
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            m = _YMD.match(text)
            if not m:
                return DateResult(None, "invalid", _unread_text_reason(text))
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if year < MIN_DATE.year:  # "12/05/0000": the day and month are not what is wrong
            return DateResult(None, "invalid", f"năm {year} không hợp lệ")
        try:
            d = dt.date(year, month, day)
        except ValueError:
            reason = _year_first_reason(month, day) if year_first else _NO_SUCH_DAY_FIRST
            return DateResult(None, "invalid", reason)
        return _checked(d, "text", f"đã đọc văn bản \u201c{text}\u201d là ngày {fmt_date(d)}")
    return DateResult(None, "invalid", "không phải ngày")


_NO_SUCH_DAY_FIRST = "ngày/tháng không tồn tại (ngày ghi trước, tháng ghi sau)"


def month_first_date(value: Any) -> dt.date | None:
    """The date a text that is no date day-first makes when read month-first, as a computer or
    a form set to month/day/year writes it ("10/25/1980": 25 October 1980); None for anything
    else. Never used to read a cell (dates are never guessed): only to say that a column looks
    typed month-first (`cell.month_first_text`)."""
    if type(value) is not str:
        return None
    m = _DMY.match(clean_text(value))
    if m is None:
        return None
    month, day, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if day <= 12:  # a date day-first, or no date either way
        return None
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    return d if MIN_DATE <= d <= MAX_DATE else None


def day_month_ambiguous(value: Any) -> bool:
    """Whether a text date typed with numbers reads as two different dates day-first and
    month-first ("10/02/1975": 10 February or 2 October); "05/05/1980" and a date in words
    do not."""
    if type(value) is not str:
        return False
    m = _DMY.match(clean_text(value))
    if m is None:
        return False
    first, second = int(m.group(1)), int(m.group(2))
    return first != second and 1 <= first <= 12 and 1 <= second <= 12


def _year_first_reason(month: int, day: int) -> str:
    """Why a year-first text ("2026-13-02") is no date, in the order it was typed: the
    day-first advice would tell of an order the secretary did not use. No number of the date
    is quoted (the reason stays when a member's value is masked)."""
    said = "ngày/tháng không tồn tại: văn bản ghi năm trước (năm-tháng-ngày) nhưng "
    if 1 <= month <= 12:
        said += "tháng đó không có ngày này;"
    elif 1 <= day <= 12:
        said += "tháng không nằm trong khoảng 1–12; có lẽ tháng và ngày bị ghi đảo chỗ,"
    else:
        said += "tháng không nằm trong khoảng 1–12;"
    return said + " hãy kiểm tra lại và ghi dạng dd/mm/yyyy"


def _unread_text_reason(text: str) -> str:
    """Why a text is no date, saying what is missing when that can be seen."""
    year_digits = year_digits_words(text)
    if year_digits:
        return f"{year_digits} (dd/mm/yyyy)"
    if _MONTH_YEAR.match(text):
        return _MONTH_YEAR_REASON
    if _YEAR_ONLY.match(text):
        return _YEAR_ONLY_REASON
    if not any(ch.isdigit() for ch in text):
        return UNREAD_WORDS_REASON
    return _UNREAD_TEXT_REASON


_UNREAD_TEXT_REASON = "không đọc được ngày; hãy ghi dạng dd/mm/yyyy"
# Words where a date goes ("cuối quý", "năm ngoái"): the date written as the template's own
# prompt shows it. A cell that may stay empty says more (`optional_date_reason`).
UNREAD_WORDS_REASON = f"{_UNREAD_TEXT_REASON}, ví dụ {DATE_EXAMPLE}"
# Of each member column that may stay empty, the case of a date not there yet, as its cell's
# words may say it ("Dự bị", "chưa miễn"); a column not named here gets no example: the
# organisation's `Ngày lập biểu` is no member's (hunt279 N4).
_NO_DATE_YET_CASES = {
    "official_date": "ngày chính thức của đảng viên còn dự bị",
    "exempt_from": "đảng viên chưa được miễn công tác, sinh hoạt",
}


def optional_date_reason(reason: str, field_key: str) -> str:
    """Why a date cell that may stay empty (a field not `required`: `Ngày chính thức`, `Miễn
    công tác, sinh hoạt từ ngày`, `Ngày lập biểu`) is no date: words there ("Dự bị") may mean
    the date is not there yet, and told only to write a date, a secretary would make one up
    (hunt116 F2), so the reason adds that such a cell stays empty, with the case of its column
    (`_NO_DATE_YET_CASES`) where there is one. A required date is never told so: emptied, it
    is `*.required` (hunt175 F3)."""
    if reason != UNREAD_WORDS_REASON:
        return reason
    case = _NO_DATE_YET_CASES.get(field_key)
    no_date_yet = f"(ngày chưa có, như {case}, thì để trống ô)" if case else "(ngày chưa có thì để trống ô)"
    return f"{_UNREAD_TEXT_REASON} {no_date_yet}"


def bad_date_advice(reason: str, *, required: bool) -> str:
    """The advice sentence of a `*.bad_date` message, after its reason: what to type, as the
    other messages of a cell end with "Hãy …"; "" when the reason already says it ("hãy ghi
    dạng dd/mm/yyyy", or a 0's "có thì ghi đủ ngày/tháng/năm dạng dd/mm/yyyy", said twice before:
    review263). A cell that may stay empty says so, lest a date be made up (hunt116 F2). The
    example is the template's own (`layout.DATE_EXAMPLE`), in every date column."""
    if "hãy" in reason.casefold() or "dd/mm/yyyy" in reason:
        return ""
    # A year alone's reason already asks for the whole date: the form and an example only.
    whole = "" if "ghi đủ ngày/tháng/năm" in reason else " đủ ngày/tháng/năm"
    advice = f" Hãy ghi{whole} dạng dd/mm/yyyy, ví dụ {DATE_EXAMPLE}"
    return f"{advice}; chưa có ngày thì để trống ô." if not required else f"{advice}."


def format_number(number: float) -> str:
    """A number as typed: without a useless `.0`; a huge or tiny one in exponent form
    (1e308 is not written out as 309 digits)."""
    number = float(number)
    if not np.isfinite(number):
        return "NaN" if np.isnan(number) else ("-Infinity" if number < 0 else "Infinity")
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    shown = f"{number:.15g}"
    if float(shown).is_integer():
        # A whole number to Excel's 15 digits that is not one: a formula's hidden decimals
        # (`=14%*50` is 7.000000000000001), said in full, or "“7” không phải số nguyên".
        return repr(number)
    return shown


def shown_number(number: float) -> str:
    """A number cell as a message quotes it, as a Vietnamese Excel shows it: `format_number`
    with a decimal comma and a capital E (12,5; 1E+20; 7,000000000000001), never a thousands
    dot (12500,5, not 12.500,5: in quotes "12.500" is what the checks call ambiguous, and a
    cell in General format shows no grouping). Only what is said: the value matched or kept as
    data is `cell_text`'s (hunt279 N1)."""
    number = float(number)
    if number.is_integer() and abs(number) >= 1e15:  # 1E+15, not `format_number`'s 1000000000000000.0
        return f"{number:.15g}".replace(".", ",").replace("e", "E")
    return format_number(number).replace(".", ",").replace("e", "E")


def shown_cell(value: Any) -> str | None:
    """A cell as a message quotes it: a text exactly as typed, a number cell as `shown_number`
    says it, anything else as `cell_text`."""
    if isinstance(value, float | np.floating) and not np.isnan(value):
        return shown_number(float(value))
    return cell_text(value)


# --------------------------------------------------------------------------------------------
# Numbers, text cells and categories (one cell at a time; the reader vectorises around them)
# --------------------------------------------------------------------------------------------


# A whole number as text, alone or followed by the people it counts, as a report writes it:
# "12 đ/c", "12 đồng chí", "12 người", "5 ĐV", "3 quần chúng"; with the full stop that ends a
# sentence of a report ("5 đ/c.", "12."): a number has no decimals after it.
_COUNT = re.compile(
    r"([+-]?\d{1,15})(?:\s*(?:đ/c|đ\.c|đc|đồng chí|người|đảng viên|đv|quần chúng|qc|học viên))?\s*\.?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class IntResult:
    value: int | None
    how: Literal["number", "text", "empty", "none", "invalid"]
    note: str = ""


def parse_int(value: Any) -> IntResult:
    if value is None or (isinstance(value, str) and not value.strip()):
        return IntResult(None, "empty")
    if isinstance(value, bool):
        return IntResult(None, "invalid", "không phải số nguyên")
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if np.isnan(number):
            return IntResult(None, "empty")
        if number.is_integer() and abs(number) < 2**53:
            return IntResult(int(number), "number")
        return IntResult(None, "invalid", "không phải số nguyên")
    if isinstance(value, str):
        text = clean_text(value)
        if not text:  # invisible characters only ("\u200b" pasted): empty, as spaces are
            return IntResult(None, "empty")
        if is_dash(text) or text.casefold() in _NONE_COUNT_WORDS:
            return IntResult(None, "none")  # 0 in a count, empty elsewhere: `none_note`
        m = _COUNT.fullmatch(text)
        if m:
            return IntResult(int(m[1]), "text", f"đã đọc văn bản \u201c{text}\u201d là số {int(m[1])}")
        return IntResult(None, "invalid", "không phải số nguyên")
    return IntResult(None, "invalid", "không phải số nguyên")


def not_count_reason(value: Any) -> str:
    """Why a count cell of `Số liệu năm` holds no count (`year.not_integer`, after the quoted
    value), with what to write instead, in a secretary's words (hunt175 F4). Every count there
    is of people: a whole number. "1.000" is one thousand as Vietnamese groups it, or 1 as a
    decimal point writes it (`vnformat.grouping_or_decimal`): both readings are said, none is
    chosen. Nothing of a text with a letter is quoted (its value may be masked)."""
    if isinstance(value, str):
        text = clean_text(value)
        mark = grouping_or_decimal(text)
        if mark is not None:
            head, tail = text.split(mark)
            decimals = tail.rstrip("0")
            point = f"{int(head)},{decimals}" if decimals else str(int(head))
            return (
                f"có {_MARK_NAMES[mark]} nên không rõ là {int(head + tail)} hay {point}. Hãy ghi đúng "
                "số người, không có dấu chấm, dấu phẩy"
            )
        marks = [name for mark, name in _MARK_NAMES.items() if mark in text]
        if marks and any(ch.isdigit() for ch in text):
            return (
                f"có {' và '.join(marks)}, nhưng số người là số nguyên. Hãy ghi đúng số người, không có "
                "dấu chấm, dấu phẩy"
            )
    elif isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        if float(value).is_integer():
            return "là số quá lớn. Hãy ghi đúng số người"
        return "có phần lẻ, nhưng số người là số nguyên. Hãy ghi đúng số người"
    return "không phải số. Hãy ghi số người bằng chữ số, ví dụ 12"


_MARK_NAMES = {".": "dấu chấm", ",": "dấu phẩy"}


# A year as text, with its word as a heading writes it ("Năm 2025") or a final full stop
# ("2025."): the four digits alone.
_YEAR_TEXT = re.compile(r"(?:năm\s+)?(\d{4})\s*\.?", re.IGNORECASE)


def parse_year(value: Any) -> IntResult:
    """`parse_int` of a year cell, which also reads "Năm 2025" and "2025." (a note saying the
    text was read as a year, not as a number)."""
    if isinstance(value, str):
        text = clean_text(value)
        m = _YEAR_TEXT.fullmatch(text)
        if m:
            year = int(m.group(1))
            return IntResult(year, "text", f"đã đọc văn bản \u201c{text}\u201d là năm {year}")
    return parse_int(value)


def cell_text(value: Any) -> str | None:
    """Any cell value as the text a person sees (numbers without a useless `.0`)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float | np.floating):
        return None if np.isnan(value) else format_number(float(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return fmt_date(value)
    if isinstance(value, dt.time):  # calamine's reading of a number below 1 in a date cell
        return _time_text(value)
    return str(value)


def _time_text(value: dt.time) -> str:
    """A time of day to the second, hh:mm:ss, as Excel shows one (a tiny number, 1e-7 of a
    day, is 00:00:00, never Python's "00:00:00.009000"): the microseconds rounded off, half a
    second up as Excel rounds (`round` dropped every half second: round(0.5) is 0), the day's
    last second at most (never "24:00:00")."""
    seconds = value.hour * 3600 + value.minute * 60 + value.second + (value.microsecond >= 500_000)
    seconds = min(seconds, 86399)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


@dataclass(frozen=True)
class CategoryResult:
    code: str | None  # the vocabulary code, None when empty or unknown
    text: str | None  # the cleaned text as typed (kept for unknown values)
    changes: tuple[str, ...] = ()
    known: bool = True


def normalize_category(value: Any, vocab: Vocabulary) -> CategoryResult:
    raw = cell_text(value)
    if raw is None or not raw.strip():
        return CategoryResult(None, None)
    text = clean_text(raw)
    changes = describe_text_change(raw, text)
    term: Term | None = vocab.lookup(text)
    if term is None:
        return CategoryResult(None, text, tuple(changes), known=False)
    if text != term.label and text not in term.former:  # an earlier template's label: no note
        changes.append(f"đã hiểu \u201c{text}\u201d là \u201c{term.label}\u201d")
    return CategoryResult(term.code, text, tuple(changes))


def to_datetime64(values: list[dt.date | None]) -> pd.Series:
    """Python dates (or None) → datetime64[ns] with NaT."""
    import pandas as pd

    arr = np.array(
        [np.datetime64(v, "D") if v is not None else np.datetime64("NaT") for v in values],
        dtype="datetime64[D]",
    )
    return pd.Series(arr.astype("datetime64[ns]"))
