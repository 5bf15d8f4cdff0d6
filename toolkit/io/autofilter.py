"""Whether a hidden row of a sheet with an active AutoFilter was hidden by the filter or by hand.

Excel keeps no mark of why a row is hidden: a row the filter hides and one hidden by hand
(Hide) are both `<row hidden="1">`. The filter shows exactly the rows that satisfy every
condition of its columns, so a hidden row that satisfies them all, or lies outside the
filter's range, was hidden by hand. The conditions are read from the sheet's `<autoFilter>`
(and an Excel Table's, in its own part) and evaluated as Excel evaluates them, but only where
that is certain (`hidden_by_hand`): a condition this module cannot evaluate (top 10, dynamic,
by colour or icon, an extension list), a value whose displayed text it cannot be sure of (a
number in a format other than General or `0`, an error, a formula without its value), or a
comparison Excel might make otherwise, leaves the row taken as hidden by the filter, as it
was before (fix388).

How Excel evaluates (ECMA-376 Part 1, 18.3.2; MS-XLSB 2.4.676 BrtFilter14):

- a value list (`<filters>`: `<filter val>`, `blank="1"`, `<dateGroupItem>`) shows a row whose
  cell's displayed text equals one of the values, case-insensitively; `blank` shows an empty
  cell; a `<dateGroupItem>` shows a date in that year, month, day… (down to its grouping);
- a custom filter (`<customFilters>`, one or two `<customFilter operator val>`, joined by
  `and="1"` or else by or) compares text with `*` and `?` wildcards (`~` escaping one),
  case-insensitively, for `equal` and `notEqual`, and numbers (a date as its serial number)
  for the comparisons; `notEqual " "` is Excel's "(NonBlanks)".
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from toolkit.io.cellrefs import column_index
from toolkit.io.tagscan import element_matches

# The sheet's own AutoFilter: after its rows, before any custom view's (`<customSheetViews>`
# holds one `<autoFilter>` per view, the sheet's filter only when that view is shown).
AUTO_FILTER_RE = re.compile(rb"<autoFilter\b[^>]*?/>|<autoFilter\b[^>]*>.*?</autoFilter>", re.S)
_EMPTY_FILTER_RE = re.compile(rb"<autoFilter\b[^>]*?/>|(?!)<autoFilter\b[^>]*>.*?</autoFilter>", re.S)
_FILTER_OPEN_RE = re.compile(rb"<autoFilter\b")
_REF_RE = re.compile(rb'\bref="\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?"')
_COLUMN_RE = re.compile(rb"<filterColumn\b([^>]*?)(?:/>|>(.*?)</filterColumn>)", re.S)
_EMPTY_COLUMN_RE = re.compile(rb"<filterColumn\b([^>]*?)(?:/>|(?!)>(.*?)</filterColumn>)", re.S)
_COLUMN_OPEN_RE = re.compile(rb"<filterColumn\b")
_TAG_RE = re.compile(rb"<([A-Za-z_][\w.\-:]*)([^>]*?)/?>")
_ATTR_RE = re.compile(rb'(?<![\w:.\-])([A-Za-z_][\w.\-]*)="([^"]*)"')
# The elements of a condition evaluated here; any other (top10, dynamicFilter, colorFilter,
# iconFilter, extLst…) makes the column's condition one that cannot be evaluated.
_KNOWN = frozenset({b"filters", b"filter", b"dateGroupItem", b"customFilters", b"customFilter"})
_ESCAPED_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_GROUPS = ("year", "month", "day", "hour", "minute", "second")
_OPERATORS = frozenset(
    {"equal", "notEqual", "lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual"}
)
# One way only to read each number ("\d+\.?\d*" split a run of digits every way: quadratic).
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass(frozen=True)
class ValueList:
    """`<filters>`: the texts shown, whether empty cells are, and the date groups shown."""

    values: tuple[str, ...]
    blank: bool
    dates: tuple[dict[str, int], ...]  # each group's fields (year, month…) and its level
    dates_readable: bool = True  # False for another calendar than the Gregorian one


@dataclass(frozen=True)
class Custom:
    """`<customFilters>`: one or two (operator, value) joined by and (`all_of`) or by or."""

    tests: tuple[tuple[str, str], ...]
    all_of: bool


Condition = ValueList | Custom | None  # None: a condition that cannot be evaluated


@dataclass
class Filter:
    """One AutoFilter: the data rows it may hide (under its header row) and each column's
    condition by its 1-based column; `rows` None when its range cannot be read (it may then
    have hidden any row, and no row is said to be hidden by hand)."""

    rows: tuple[int, int] | None
    conditions: dict[int, Condition] = field(default_factory=dict)


@dataclass
class SheetFilters:
    """The filters with a condition over one sheet (its own, its Tables'), the number format
    of each cell of a hidden row in a filtered column (row, column) → format code, and the
    workbook's date system (a date compared as its serial number)."""

    filters: list[Filter]
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    date1904: bool = False

    @functools.cached_property
    def columns(self) -> frozenset[int]:
        return frozenset(c for f in self.filters for c in f.conditions)


def sheet_filter(xml: bytes) -> bytes | None:
    """The sheet's own `<autoFilter>` element (markup without comments), or None."""
    end = xml.rfind(b"</sheetData>")
    if end < 0:
        end = xml.rfind(b"<sheetData")
    if end < 0:
        return None
    views = xml.find(b"<customSheetViews", end)
    stop = views if views >= 0 else len(xml)
    found = first_filter(xml, end, stop)
    return found.group(0) if found is not None else None


def first_filter(xml: bytes, pos: int = 0, endpos: int | None = None) -> re.Match[bytes] | None:
    """`AUTO_FILTER_RE.search(xml, pos, endpos)` in linear time (`tagscan.element_matches`)."""
    close = b"</autoFilter>"
    found = element_matches(AUTO_FILTER_RE, _EMPTY_FILTER_RE, _FILTER_OPEN_RE, close, xml, pos, endpos)
    return next(found, None)


def parse_filter(element: bytes) -> Filter | None:
    """The AutoFilter written as `element`, or None when it has no condition on a column."""
    head = element[: element.find(b">") + 1]
    if b"<filterColumn" not in element:
        return None
    ref = _REF_RE.search(head)
    if ref is None:
        return Filter(None)
    first_col, first_row = column_index(ref.group(1).upper()), int(ref.group(2))
    last_col = column_index(ref.group(3).upper()) if ref.group(3) else first_col
    last_row = int(ref.group(4)) if ref.group(4) else first_row
    if last_row < first_row or last_col < first_col:
        return Filter(None)
    found = Filter((first_row + 1, last_row))
    for m in element_matches(_COLUMN_RE, _EMPTY_COLUMN_RE, _COLUMN_OPEN_RE, b"</filterColumn>", element):
        attrs = _attributes(m.group(1))
        try:
            col = first_col + int(attrs.get("colId", ""))
        except ValueError:
            return Filter(None)
        if not first_col <= col <= last_col:
            return Filter(None)
        if col in found.conditions:  # two conditions on one column: not as Excel writes
            found.conditions[col] = None
            continue
        condition = _condition(m.group(2) or b"")
        if condition is not False:
            found.conditions[col] = condition
    return found if found.conditions else None


def _attributes(attrs: bytes) -> dict[str, str]:
    return {
        m.group(1).decode("ascii"): _unescape(m.group(2).decode("utf-8", "replace"))
        for m in _ATTR_RE.finditer(attrs)
    }


def _unescape(text: str) -> str:
    """An attribute's value: XML's escapes, then Excel's `_xHHHH_` (`_x005F_` an underscore)."""
    text = html.unescape(text) if "&" in text else text
    return _ESCAPED_RE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _condition(body: bytes) -> Condition | Literal[False]:
    """A `<filterColumn>`'s condition from its content; False for none (a column's button
    only), None for one that cannot be evaluated."""
    tags = [(m.group(1), _attributes(m.group(2))) for m in _TAG_RE.finditer(body)]
    if not tags:
        return False
    if any(name not in _KNOWN for name, _ in tags):
        return None
    names = [name for name, _ in tags]
    if names[0] == b"filters" and b"customFilters" not in names:
        attrs = tags[0][1]
        calendar = attrs.get("calendarType", "none")
        dates = tuple(_date_group(a) for name, a in tags[1:] if name == b"dateGroupItem")
        return ValueList(
            tuple(a.get("val", "") for name, a in tags[1:] if name == b"filter"),
            _true(attrs.get("blank", "0")),
            tuple(d for d in dates if d is not None),
            dates_readable=calendar in ("none", "gregorian") and None not in dates,
        )
    if names[0] == b"customFilters" and b"filters" not in names:
        tests = tuple(
            (a.get("operator", "equal"), a.get("val", "")) for name, a in tags[1:] if name == b"customFilter"
        )
        if not tests or len(tests) > 2 or any(op not in _OPERATORS for op, _ in tests):
            return None
        return Custom(tests, _true(tags[0][1].get("and", "0")))
    return None


def _true(value: str) -> bool:
    return value.strip().lower() in ("1", "true")


def _date_group(attrs: dict[str, str]) -> dict[str, int] | None:
    """A `<dateGroupItem>`: its fields down to its grouping (`level`, 1 for the year…), or None
    when it cannot be read."""
    grouping = attrs.get("dateTimeGrouping", "")
    if grouping not in _GROUPS:
        return None
    level = _GROUPS.index(grouping) + 1
    try:
        return {name: int(attrs[name]) for name in _GROUPS[:level]}
    except (KeyError, ValueError):
        return None


# --------------------------------------------------------------------------------------------
# Evaluating
# --------------------------------------------------------------------------------------------


def hidden_by_hand(
    found: SheetFilters,
    hidden: Iterable[int],
    value_at: Callable[[int, int], Any],
    unsure: Callable[[int, int], bool],
) -> set[int]:
    """The rows of `hidden` no filter of `found` can have hidden: each filter whose range holds
    the row is satisfied by it for certain. `value_at(row, col)` is a cell's value as calamine
    reads it ("" when empty); `unsure(row, col)` whether that value may not be what Excel
    shows (an error, a formula without its value)."""
    by_hand: set[int] = set()
    for row in hidden:
        if all(_shows(f, row, found, value_at, unsure) for f in found.filters):
            by_hand.add(row)
    return by_hand


def _shows(
    flt: Filter,
    row: int,
    found: SheetFilters,
    value_at: Callable[[int, int], Any],
    unsure: Callable[[int, int], bool],
) -> bool:
    """Whether the filter `flt` shows `row` for certain: the row is outside its range, or it
    satisfies each condition for certain."""
    if flt.rows is None:
        return False
    if not flt.rows[0] <= row <= flt.rows[1]:
        return True
    for col, condition in flt.conditions.items():
        if condition is None or unsure(row, col):
            return False
        value = value_at(row, col)
        code = found.formats.get((row, col), "General")
        met = _in_list(condition, value, code) if isinstance(condition, ValueList) else None
        if isinstance(condition, Custom):
            met = _custom(condition, value, code, found.date1904)
        if met is not True:
            return False
    return True


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _shown(value: Any, code: str) -> str | None:
    """The text Excel shows for `value` in the number format `code`, when certain: text in a
    format without a section of its own for text, a whole number in General (or `0`, or `@`)
    below 10 digits; else None (other formats, dates, booleans)."""
    if isinstance(value, str):
        if ";" in code or ("@" in code and code != "@"):
            return None
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if code.lower() in ("general", "0", "@") and value == int(value) and abs(value) < 1e9:
        return str(int(value))
    return None


def _fold(text: str) -> str:
    """A lenient key: what Excel might also take as equal (composed or not, any case)."""
    return unicodedata.normalize("NFC", text).casefold().strip()


def _same_text(shown: str, val: str) -> bool | None:
    """A value list's value against a cell's text: True when equal as Excel compares (case
    aside), False when no lenient comparison makes them equal either, else None."""
    if shown.lower() == val.lower():
        return True
    return None if _fold(shown) == _fold(val) else False


# The longest text a custom filter's wildcards are matched against: Excel's own criteria stop
# at 255 characters; a longer cell is not judged (the row stays the filter's).
MAX_MATCHED = 255
_STAR, _ONE = 0, 1  # `*` and `?` among a pattern's tokens; any other token is one character


@functools.lru_cache(maxsize=256)
def _wildcards(pattern: str) -> tuple[int | str, ...]:
    """Excel's `*` and `?` wildcards as tokens, `~` escaping the next character (a `~` at the
    end is itself)."""
    out: list[int | str] = []
    chars = iter(pattern)
    for ch in chars:
        if ch == "~":
            out.append(next(chars, "~"))
        elif ch == "*":
            if not out or out[-1] != _STAR:  # `**` is `*`
                out.append(_STAR)
        else:
            out.append(_ONE if ch == "?" else ch)
    return tuple(out)


def _glob(tokens: tuple[int | str, ...], text: str) -> bool:
    """Whether `text` matches the wildcard `tokens` whole: one pass that goes back only to the
    last `*` (at most len(text) × len(tokens) steps). A regular expression of the pattern
    backtracked without bound: "*a*a*a…b" against 40 "a" never ended, a hostile file's filter
    hanging the reader (lead)."""
    t = p = 0
    star, mark = -1, 0
    while t < len(text):
        token = tokens[p] if p < len(tokens) else None
        if token == _STAR:
            star, mark, p = p, t, p + 1
        elif token is not None and (token == _ONE or token == text[t]):
            t, p = t + 1, p + 1
        elif star >= 0:
            mark += 1
            t, p = mark, star + 1
        else:
            return False
    return all(token == _STAR for token in tokens[p:])


def _like(shown: str, pattern: str) -> bool | None:
    """A custom filter's `equal` value (wildcards allowed) against a cell's text: True, False,
    or None when only a lenient comparison matches, or the text is too long to judge."""
    if len(shown) > MAX_MATCHED or len(pattern) > MAX_MATCHED:
        return None
    if _glob(_wildcards(pattern.lower()), shown.lower()):
        return True
    return None if _glob(_wildcards(_fold(pattern)), _fold(shown)) else False


def _in_list(cond: ValueList, value: Any, code: str) -> bool | None:
    if _blank(value):
        return cond.blank
    if isinstance(value, str) and not value.strip():
        return None  # spaces only: shown as blank or as spaces, Excel's choice
    if isinstance(value, dt.date | dt.datetime):
        if cond.dates_readable and any(_in_group(value, g) for g in cond.dates):
            return True
        # a value listed may be the date's displayed text, in a format not evaluated here
        return None if cond.values or not cond.dates_readable else False
    shown = _shown(value, code)
    if shown is None:
        return None
    results = [_same_text(shown, v) for v in cond.values]
    if True in results:
        return True
    return None if None in results else False


def _in_group(value: dt.date, group: dict[str, int]) -> bool:
    when = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
    return all(getattr(when, name) == wanted for name, wanted in group.items())


def _number(text: str) -> float | None:
    """A custom filter's value as a number, None when it is none or longer than Excel's 255
    characters of criteria (a hostile value of 20,000 digits took 7 s a row to refuse, lead)."""
    text = text.strip()
    if len(text) > MAX_MATCHED:
        return None
    return float(text) if _NUMBER_RE.fullmatch(text) else None


def _serial(value: Any, date1904: bool) -> float | None:
    """A cell's number: a number as it is, a date as Excel's serial number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.date):
        base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
        when = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
        if not date1904 and when < dt.datetime(1900, 3, 1):
            return None  # Excel's 29/02/1900 shifts the serials before it
        return (when - base).total_seconds() / 86400
    return None


def _custom(cond: Custom, value: Any, code: str, date1904: bool) -> bool | None:
    results = [_custom_test(op, val, value, code, date1904) for op, val in cond.tests]
    if cond.all_of:
        return False if False in results else (True if all(r is True for r in results) else None)
    return True if True in results else (False if all(r is False for r in results) else None)


def _custom_test(op: str, val: str, value: Any, code: str, date1904: bool) -> bool | None:
    if op in ("equal", "notEqual"):
        equal = _custom_equal(val, value, code)
        return equal if equal is None or op == "equal" else not equal
    wanted, have = _number(val), _serial(value, date1904)
    if wanted is None or have is None:
        return None  # text compared by order, a blank or a text against a number: not evaluated
    return {
        "lessThan": have < wanted,
        "lessThanOrEqual": have <= wanted,
        "greaterThan": have > wanted,
        "greaterThanOrEqual": have >= wanted,
    }[op]


def _custom_equal(val: str, value: Any, code: str) -> bool | None:
    """Whether the cell equals a custom filter's value, for certain (None when not certain)."""
    if not val.strip():  # `notEqual " "`: Excel's "(NonBlanks)"
        if _blank(value):
            return True
        if isinstance(value, str):
            return None if not value.strip() else False
        return False if isinstance(value, int | float | dt.date) else None
    if _blank(value):
        return None if not val.strip("*") else False
    if isinstance(value, dt.date | dt.datetime):
        return None  # compared as shown, or as its serial number: not evaluated
    shown = _shown(value, code)
    if shown is None:
        return None
    equal = _like(shown, val)
    if equal is True and isinstance(value, str) and _number(val) is not None:
        return None  # a number's value against a text that reads as that number
    return equal


def cell_format(formats: Sequence[str], style: int) -> str:
    """The number format code of the cell style `style` (`package.number_formats`): General
    for the default style of a package without styles, "unknown" for a style not there."""
    if 0 <= style < len(formats):
        return formats[style]
    return "General" if style == 0 and not formats else "unknown"
