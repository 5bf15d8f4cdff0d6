"""One column's cells → a typed array, with a note for every cell the reader had to change.

Each field kind has its normaliser: dates become datetime64, whole numbers a nullable integer
array, text and categories object arrays of cleaned text and vocabulary codes. The common
cells (a real date, a whole number, clean text, a known category) are handled a whole column
at a time; every other cell goes, in row order, through the cell-by-cell rules of
`toolkit.io.normalize` and `toolkit.io.legacy`. What was changed is collected per cell
(`Changes`) and becomes warnings at the end of the sheet (`change_issues`): one per column
and kind of change, naming every cell it covers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from toolkit.core import layout
from toolkit.core.layout import Field, SheetSpec, cell_ranges
from toolkit.core.rules import NORM_PRIORITY, RULES, where_cell
from toolkit.core.sheetcolumns import NullableInts
from toolkit.core.vnformat import number
from toolkit.io import legacy, normalize
from toolkit.io.cells import distinct, take, type_mask
from toolkit.io.context import ReadContext

Notes = list[tuple[str, str]]  # (issue code, Vietnamese description of the change)


@dataclass
class Changes:
    """Normalisation changes of one sheet: (row, key) → [(code, description)]; `listed`: the
    cells whose corrections quote no one (`rules.is_personal`): read as a dropdown's value, a
    date or a number read from text (“ngày 31/3/2026”, “5 người”), the organisation's code
    on `Thông tin` (the data sheets' dropdowns and dates are on the members' sheets, personal
    anyway; the organisation's name is free text: `attribution.show_org_names_read`)."""

    cells: dict[tuple[int, str], list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    raw: dict[tuple[int, str], Any] = field(default_factory=dict)
    listed: set[tuple[int, str]] = field(default_factory=set)
    # The cells whose corrections quote a person whatever their text: the `Thông tin` cells of
    # a name or a phone number (a short one, “0912 345”, is no `rules.is_free_text`).
    persons: set[tuple[int, str]] = field(default_factory=set)
    # The cells read as a dropdown's value other than typed (`norm.category`), in order: the
    # reader keeps what they hold (`Submission.read_as`) without a pass over every change.
    categories: list[tuple[int, str]] = field(default_factory=list)

    def add(self, row: int, key: str, code: str, text: str, raw: Any = None, *, listed: bool = False) -> None:
        self.cells[(row, key)].append((code, text))
        self.raw.setdefault((row, key), raw)
        if listed:
            self.listed.add((row, key))
        if code == "norm.category":
            self.categories.append((row, key))


def _cell_issue(
    ctx: ReadContext,
    code: str,
    sheet: str,
    f: Field,
    cell: str,
    row: int,
    raw: Any,
    *,
    info: bool = False,
    where: str | None = None,
    **params: Any,
) -> None:
    """An issue about one cell of field `f`, showing the value as it was typed (`where`, when
    given, replaces the location words of one cell)."""
    ctx.add(
        code,
        sheet=sheet,
        cell=cell,
        column=f.header,
        value=normalize.shown_cell(raw),
        where=where or where_cell(sheet, row, f.header, cell, info=info),
        **params,
    )


# --------------------------------------------------------------------------------------------
# One cell at a time
# --------------------------------------------------------------------------------------------


def _text_changes(raw: str, cleaned: str) -> Notes:
    out: Notes = []
    for text in normalize.describe_text_change(raw, cleaned):
        out.append(("norm.unicode" if text == normalize.MARKS_RETYPED else "norm.spaces", text))
    return out


def _from_legacy(text: str, font: str | None) -> tuple[str, Notes]:
    enc = legacy.detect_legacy(text, font)
    if enc is None:
        return text, []
    converted = normalize.clean_text(legacy.convert_legacy(text, enc, font))
    if converted == text:
        return text, []
    label = legacy.ENCODING_LABEL[enc]
    note = f"đã chuyển từ bảng mã {label} sang Unicode: \u201c{text}\u201d \u2192 \u201c{converted}\u201d"
    return converted, [("norm.legacy_encoding", note)]


def normalize_text_cell(value: Any, font: str | None) -> tuple[str | None, Notes]:
    """A text cell: cleaned (NFC, spaces), and converted from TCVN3/VNI when it is legacy text."""
    raw = normalize.cell_text(value)
    if raw is None:
        return None, []
    cleaned = normalize.clean_text(raw)
    if not cleaned:
        return None, []
    if normalize.is_dash(cleaned):
        return None, [("norm.none_mark", normalize.none_note(cleaned))]
    changes = _text_changes(raw, cleaned)
    converted, legacy_notes = _from_legacy(cleaned, font)
    return converted, legacy_notes + changes


def normalize_category_cell(value: Any, f: Field, font: str | None) -> tuple[str | None, Notes]:
    """A category cell: its vocabulary code, or the cleaned text when the value is unknown."""
    assert f.vocab is not None
    text, changes = normalize_text_cell(value, font)
    if text is None:
        return None, changes  # empty, or a dash read as empty (`norm.none_mark`)
    result = normalize.normalize_category(text, f.vocab)
    if not result.known:
        # Kept as typed: validation reports it with a suggestion. A number cell's as a message
        # quotes it (“12,5”, `normalize.shown_cell`), now that matching is done.
        if isinstance(value, float | np.floating):
            return normalize.shown_cell(value), changes
        return text, changes
    changes = changes + [("norm.category", c) for c in result.changes]
    return result.code, changes


def normalize_date_cell(value: Any, *, date1904: bool = False) -> tuple[normalize.DateResult, Notes]:
    """A date cell that is not a plain date: an Excel serial (of the 1904 date system when
    `date1904`), day-first text, or invalid."""
    result = normalize.parse_date(value, date1904=date1904)
    if result.how == "text":
        return result, [("norm.date_text", result.note)]
    if result.how == "serial":
        return result, [("norm.date_serial", result.note)]
    if result.how == "none":
        return result, [("norm.none_mark", result.note)]
    return result, []


# --------------------------------------------------------------------------------------------
# A whole column
# --------------------------------------------------------------------------------------------

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_MIN_ORDINAL = normalize.MIN_DATE.toordinal()
_MAX_ORDINAL = normalize.MAX_DATE.toordinal()
_NAT = np.iinfo(np.int64).min
# A number in a date cell is read as Excel counts days (1 is 01/01/1900); the ones below 3654
# are dates before 1910, when no member was born nor any fact of the template happened: the number
# typed was no date (a year, 1980 → 02/06/1905; two digits of one, 80 → 20/03/1900). In a
# workbook of the 1904 date system (`ReadContext.date1904`: 1 is 02/01/1904) they are the
# numbers below 2192, the years up to 2191 among them (1980 → 03/06/1909, 80 → 21/03/1904): the
# dates before 1910 are the same test in both. In a date-formatted cell (calamine gives a date)
# only the numbers a year typed leaves (`_typed_number`: 1900–2100, below 100) are such; the
# other days before 1910 there were typed as dates (01/03/1905 is 1887), left to the checks.
_SERIAL_ZERO_ORDINAL = dt.date(1899, 12, 30).toordinal()
_SERIAL_ZERO_ORDINAL_1904 = normalize.EXCEL_EPOCH_1904.toordinal()
_MARCH_1900_ORDINAL = dt.date(1900, 3, 1).toordinal()
_FIRST_NUMBER_DAY = dt.date(1899, 12, 31).toordinal() - _EPOCH_ORDINAL  # the number 1 of `parse_date`
_BEFORE_1910_DAY = dt.date(1910, 1, 1).toordinal() - _EPOCH_ORDINAL  # (`is_number_as_date` for one cell)

# Normalisation results are pure functions of the cell value (a date's, and of the workbook's
# date system): remember them across files.
_CACHE_LIMIT = 50_000
_DATE_CACHE: dict[tuple[type, Any, bool], tuple[normalize.DateResult, Notes]] = {}
_INT_CACHE: dict[tuple[type, Any], normalize.IntResult] = {}
_CATEGORY_CACHE: dict[str, dict[tuple[type, Any, str | None], tuple[Any, Notes]]] = defaultdict(dict)

Report = Callable[..., None]  # report(code, excel_row, value, **params): one issue for one cell
# report_column(code, excel_rows, example_value, what=…, **params): one issue for the cells of
# one column (`column_issue`)
ReportColumn = Callable[..., None]


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def category_code(value: Any, f: Field, font: str | None) -> Any:
    """What the reader makes of one cell of category field `f` (`normalize_category_cell`,
    legacy encodings converted by `font` or by the text's letters): the vocabulary code, the
    cleaned text of an unknown value, or None. Cached as the columns' cells are."""
    assert f.vocab is not None
    cache = _CATEGORY_CACHE[f.vocab.key]
    key = (type(value), value, font)
    try:
        return cache[key][0]
    except KeyError:
        return _remember(cache, key, normalize_category_cell(value, f, font))[0]


def normalize_column(
    values: Sequence[Any],
    excel: list[int],
    f: Field,
    spec: SheetSpec,
    fonts: dict[int, str],
    changes: Changes,
    sheet: str,
    prefix: str,
    ctx: ReadContext,
) -> Any:
    """One column's cells → a numpy or nullable-integer array, issues and notes as a side effect.

    `excel` gives each cell's Excel row, `fonts` the legacy font of the cells that have one
    (by Excel row), `prefix` the sheet's issue-code prefix.
    """
    n = len(values)
    all_empty = values.count("") == n  # a column nobody filled: nothing to look at

    def report(code: str, r: int, v: Any, **params: Any) -> None:
        _cell_issue(ctx, code, sheet, f, f"{spec.letter(f.key)}{r}", r, v, **params)

    def report_column(code: str, rows: list[int], v: Any, **params: Any) -> None:
        column_issue(ctx, code, sheet, f, spec.letter(f.key), rows, normalize.shown_cell(v), **params)

    if f.kind == "date":
        letter = spec.letter(f.key)
        return _date_column(values, excel, f, all_empty, changes, report, prefix, letter, ctx.date1904)
    if f.kind == "int":
        # The template says an empty count is 0; an empty year stays empty.
        empty_is_zero = spec.name == layout.SHEET_YEARS and f.key != "year"
        return _int_column(
            values, excel, f.key, all_empty, empty_is_zero, changes, report, report_column, prefix
        )
    # text and category: work on distinct (value, font) pairs, most cells repeat.
    if all_empty:
        return np.full(n, None, dtype=object)
    if f.key == "card_no":
        _card_numbers(values, excel, report_column)
    # Each pass over a big column costs about a cache miss a cell: as few passes as possible.
    if f.kind == "category" and not fonts:
        texts = _category_column_by_value(values, excel, f, changes)
        if texts is not None:
            return texts
    texts = _text_column(values, excel, f, fonts, changes)
    if f.key == "full_name":
        _numbers_as_shown(values, texts)
        _drop_name_prefixes(texts, excel, f.key, changes)
    return texts


def _numbers_as_shown(values: Sequence[Any], texts: np.ndarray) -> None:
    """A number typed in a name cell (12.5), kept as a message quotes it ("12,5",
    `normalize.shown_cell`): it is no name (`member.name_without_letters`), never a name to match."""
    if set(map(type, values)) <= {str}:
        return
    for i, v in enumerate(values):
        if type(v) in (int, float) and v == v and texts[i] is not None:  # not NaN
            texts[i] = normalize.shown_cell(v)


def _card_numbers(values: Sequence[Any], excel: list[int], report_column: ReportColumn) -> None:
    """One warning for the card numbers of a column stored as numbers (`member.card_as_number`):
    the template's column is text, so they were pasted (or written by a program), and a number
    keeps no leading or trailing zero (01.234560 is 1.23456). They are read as Excel stored them."""
    if set(map(type, values)) <= {str}:
        return
    cells = [i for i, v in enumerate(values) if type(v) in (int, float) and v == v]  # not NaN
    if not cells:
        return
    # The example as the card is read and every other message quotes it (1.23456 of 01.234560,
    # the card's own dot), not as a number cell is quoted (`normalize.shown_cell`: 1,23456).
    example = normalize.cell_text(values[cells[0]])
    report_column("member.card_as_number", [excel[i] for i in cells], example)


# What party papers and lists put before a name: a list mark ("- ", "• ", "+ "), a title
# ("Đ/c", "Đồng chí") and a list number ("1.", "12)"). No one's name begins so, and a name is
# the key of a person across sheets and files ("Đ/c Lê Văn An", "- Lê Văn An" and "Lê Văn An"
# were two people). "Đồng Chí Thanh" (family name Đồng) is a name: only a lower-case "chí" is
# taken.
_LIST_MARKS = "-\u2013\u2014\u2022\u00b7\u25cf\u25aa\u25e6\u2023\u2219\u2212+*"
_TITLE = r"(?:[Đđ]\s*[/.]?\s*[Cc]\b\.?|[Đđ]ồng chí)\s*[:.]?\s*"
_NAME_PREFIX = re.compile(rf"(?:[{_LIST_MARKS}]\s*)?(?:[0-9]{{1,4}}(?:\s*[.)/\-]\s*|\s+))?(?:{_TITLE})?")
_ANY_NAME_PREFIX = re.compile(rf"\|(?:[{_LIST_MARKS}0-9]|[Đđ]\s*[/.]?\s*[Cc]\b|[Đđ]ồng chí)")
_PREFIX_STARTS = frozenset("Đđ0123456789" + _LIST_MARKS)


def _drop_name_prefixes(texts: np.ndarray, excel: list[int], key: str, changes: Changes) -> None:
    """The names of `texts` (cleaned) without a title or a list number before them, each
    with a note (`norm.name_title`)."""
    names = texts.tolist()
    try:  # one search over the column first: most have nothing before any name
        joined = "|".join(names)
    except TypeError:  # an empty name (None)
        joined = "|".join(n for n in names if type(n) is str)
    if _ANY_NAME_PREFIX.search("|" + joined) is None:
        return
    for i, name in enumerate(names):
        if type(name) is not str or name[:1] not in _PREFIX_STARTS:
            continue
        if not any(map(str.isalpha, name)):
            continue  # digits and signs only ("12.5", "(31)"): no name, said as it is
        end = _NAME_PREFIX.match(name).end()  # type: ignore[union-attr]  # matches "" at least
        if end == 0 or end == len(name):
            continue
        texts[i] = name[end:]
        note = f"đã bỏ \u201c{name[:end].strip()}\u201d trước họ tên: \u201c{texts[i]}\u201d"
        changes.add(excel[i], key, "norm.name_title", note, name)


def _date_column(
    values: Sequence[Any],
    excel: list[int],
    f: Field,
    all_empty: bool,
    changes: Changes,
    report: Report,
    prefix: str,
    letter: str,
    date1904: bool,
) -> np.ndarray:
    # Days since 1970 as int64 (NaT for empty), then datetime64[D] → datetime64[ns]. `date1904`:
    # the workbook counts days from 1904 (the numbers of the cells, read and named so).
    key, header = f.key, f.header
    n = len(values)
    days = np.full(n, _NAT, dtype=np.int64)
    if all_empty:
        return days.view("datetime64[D]").astype("datetime64[ns]")
    is_date = type_mask(values, dt.date)
    fast = np.zeros(n, dtype=bool)
    unread: dict[int, tuple[str, str | None]] = {}  # cell → why no date was read (its masked words)
    # Cells of the dates read from text, while none of them is on the 12th or before (then the
    # column cannot be `cell.day_month_swapped`, and nothing more is collected).
    text_cells: list[int] | None = []
    # Cells of the texts that are no date day-first but one month-first ("10/25/1975"), and
    # whether a text date was read whose day is above 12 (the column is then typed day-first).
    month_first: list[int] = []
    day_first_only = False
    maybe_early = False  # whether a date before 1910 may have been read
    if is_date.any():
        where = np.flatnonzero(is_date)
        dates = values if len(where) == n else take(values, where)
        ordinals = np.fromiter(map(dt.date.toordinal, dates), dtype=np.int64, count=len(where))
        in_range = (ordinals >= _MIN_ORDINAL) & (ordinals <= _MAX_ORDINAL)
        days[where[in_range]] = ordinals[in_range] - _EPOCH_ORDINAL
        fast[where[in_range]] = True
        maybe_early = bool(ordinals.min() < _BEFORE_1910_DAY + _EPOCH_ORDINAL)
    if not fast.all():
        for i in np.flatnonzero(~fast).tolist():
            v, r = values[i], excel[i]
            if v == "" or v is None:
                continue
            if type(v) is str and (plain := _PLAIN_DMY.fullmatch(v) or _PLAIN_YMD.fullmatch(v)):
                ordinal = _plain_date_ordinal(plain)
                if ordinal is not None:  # what `normalize_date_cell` says of it, a tenth of the work
                    days[i] = ordinal - _EPOCH_ORDINAL
                    changes.add(r, key, "norm.date_text", _plain_date_note(v, plain), v)
                    day = int(plain["d"])
                    day_first_only = day_first_only or day > _MONTHS
                    if text_cells is not None:
                        text_cells = _text_date(text_cells, i, day)
                    continue
            cache_key = (type(v), v, date1904)
            try:
                result, notes = _DATE_CACHE[cache_key]
            except KeyError:
                result, notes = _remember(_DATE_CACHE, cache_key, normalize_date_cell(v, date1904=date1904))
            for code, text in notes:  # a date read from text holds no one (`Changes.listed`)
                changes.add(r, key, code, text, v, listed=result.how != "invalid")
            if result.how == "invalid":
                # Words in a cell that may stay empty: maybe no date yet (`optional_date_reason`).
                unread[i] = (
                    result.note if f.required else normalize.optional_date_reason(result.note, f.key),
                    None,
                )
                if type(v) is str and normalize.month_first_date(v) is not None:
                    month_first.append(i)
            if result.value is not None:
                days[i] = result.value.toordinal() - _EPOCH_ORDINAL
                maybe_early = maybe_early or days[i] < _BEFORE_1910_DAY
                if result.how == "text":
                    day_first_only = day_first_only or result.value.day > _MONTHS
                if text_cells is not None and result.how == "text":
                    text_cells = _text_date(text_cells, i, result.value.day)
                elif result.how == "date":  # a date and time, a pandas timestamp: stored too
                    fast[i] = True
    if maybe_early:  # a date before 1910 was read: was it a number?
        early = (days >= _FIRST_NUMBER_DAY) & (days < _BEFORE_1910_DAY)
        for i in np.flatnonzero(early).tolist():
            v, ordinal = values[i], int(days[i]) + _EPOCH_ORDINAL
            # A date someone wrote, as text (`02/06/1905`) or in a date-formatted cell
            # (01/03/1905, no year's number): left to the checks.
            if not is_number_as_date(v, dt.date.fromordinal(ordinal), date1904=date1904):
                continue
            unread[i] = number_as_date_reason(v, ordinal, date1904=date1904)
            changes.cells.pop((excel[i], key), None)  # no "read the number as a date" note
            changes.raw.pop((excel[i], key), None)
            days[i] = _NAT
    ambiguous: list[int] = []
    if month_first and not day_first_only:  # rare: only then is the column looked at again
        ambiguous = _month_first_text(values, excel, days, month_first, unread, letter)
    for i in sorted(unread):  # in the cells' order
        reason, hidden = unread[i]
        extra = {} if hidden is None else {"reason_hidden": hidden}
        advice = normalize.bad_date_advice(reason, required=f.required)
        report(f"{prefix}.bad_date", excel[i], values[i], reason=reason, advice=advice, **extra)
    if ambiguous:
        first = ambiguous[0]
        example = dt.date.fromordinal(int(days[first]) + _EPOCH_ORDINAL)
        rows = [excel[i] for i in ambiguous]
        report(
            "cell.month_first_text",
            excel[first],
            values[first],
            where=(
                f"Cột \u201c{header}\u201d: {number(len(rows))} ô ghi dạng văn bản "
                f"({cell_ranges(letter, rows)}); "
                f"ví dụ ô {letter}{excel[first]}"
            ),
            texts=cell_ranges(letter, [excel[i] for i in month_first]),
            text_count=number(len(month_first)),
            date=f"ngày {example.day} tháng {example.month} năm {example.year}",
        )
    if text_cells is not None and len(text_cells) >= _SWAP_MIN_TEXT:
        _day_month_swapped(values, excel, days, fast, text_cells, report, letter, header)
    return days.view("datetime64[D]").astype("datetime64[ns]")


# A list of day-first dates pasted (or typed) on a computer set to month/day/year: Excel makes
# a date of each one whose day is 12 or less, with day and month swapped (05/03/1980 becomes
# 3 May), and leaves the others as text (15/03/1980). What that leaves in a column: dates
# whose day of month is never above 12, and text dates whose day always is. Typed honestly,
# a day of month is 12 or less about 144 times in 365 (0.394): the column is said only when
# so clean a split would come by chance at most once in 10,000 columns (a ward's ~70 files
# have a few hundred date columns, most without any text date).
_MONTHS = 12
_SWAP_MIN_TEXT = 2
_SWAP_MIN_DATES = 3
_SHARE_LOW_DAYS = 144 / 365.25
_SWAP_CHANCE = 1e-4


def _text_date(cells: list[int], i: int, day: int) -> list[int] | None:
    """`cells` with cell `i`, a date read from text on day `day` of its month; None when that
    day is 12 or less (no month/day computer leaves such a date as text)."""
    if day <= _MONTHS:
        return None
    cells.append(i)
    return cells


def _day_month_swapped(
    values: Sequence[Any],
    excel: list[int],
    days: np.ndarray,
    dated: np.ndarray,
    text_cells: list[int],
    report: Report,
    letter: str,
    header: str,
) -> None:
    """One warning when a column's real dates (`dated`: the cells stored as a date) and its
    text dates split as a month/day computer leaves them (`cell.day_month_swapped`): the real
    dates may have day and month swapped."""
    stored = np.flatnonzero(dated & (days != _NAT))
    if len(stored) < _SWAP_MIN_DATES:
        return
    chance = _SHARE_LOW_DAYS ** len(stored) * (1 - _SHARE_LOW_DAYS) ** len(text_cells)
    if chance > _SWAP_CHANCE:
        return
    as_days = days[stored].astype("datetime64[D]")
    day_of_month = (as_days - as_days.astype("datetime64[M]")).astype(np.int64) + 1
    if int(day_of_month.max()) > _MONTHS:
        return
    first = int(stored[0])
    suspects = [excel[i] for i in stored.tolist()]
    texts = [excel[i] for i in text_cells]
    example = dt.date.fromordinal(int(days[first]) + _EPOCH_ORDINAL)
    report(
        "cell.day_month_swapped",
        excel[first],
        values[first],
        where=(
            f"Cột \u201c{header}\u201d: {number(len(suspects))} ô ghi dạng ngày "
            f"({cell_ranges(letter, suspects)}); "
            f"ví dụ ô {letter}{excel[first]}"
        ),
        texts=cell_ranges(letter, texts),
        text_count=number(len(texts)),
        date=f"ngày {example.day} tháng {example.month} năm {example.year}",
    )


def _month_first_text(
    values: Sequence[Any],
    excel: list[int],
    days: np.ndarray,
    month_first: list[int],
    unread: dict[int, tuple[str, str | None]],
    letter: str,
) -> list[int]:
    """The text dates of a column read day-first that would be other dates month-first
    ("10/02/1975"), when the column's other texts are dates only month-first (`month_first`,
    "10/25/1975") and none is one only day-first: typed or pasted from a computer or a form set
    to month/day/year. Each unread month-first text's reason then names them, so they are
    checked with it (`cell.month_first_text` says them once for the column): the secretary who
    retypes only the texts the reader could not read leaves the others swapped, and nothing is
    said any more. Nothing is read month-first (dates are never guessed)."""
    read = np.flatnonzero(days != _NAT).tolist()
    ambiguous = [i for i in read if normalize.day_month_ambiguous(values[i])]
    if not ambiguous:
        return []
    cells = cell_ranges(letter, [excel[i] for i in ambiguous])
    for i in month_first:
        reason, hidden = unread[i]
        unread[i] = (reason + _MONTH_FIRST_REASON.format(cells=cells), hidden)
    return ambiguous


_MONTH_FIRST_REASON = (
    "; ghi tháng trước, ngày sau thì đây là ngày có thật: có lẽ cột được ghi kiểu tháng/ngày/năm, "
    "nên các ngày ghi dạng văn bản đang được đọc ngày trước ({cells}) cũng có thể bị đảo ngày với "
    "tháng. Hãy ghi lại ô này ngày trước, tháng sau và đối chiếu cả các ô ấy với hồ sơ"
)


_FIRST_NUMBER_DATE = dt.date(1899, 12, 31)
_YEAR_1910 = dt.date(1910, 1, 1)


def is_number_as_date(value: Any, date: dt.date, *, date1904: bool = False) -> bool:
    """Whether a cell's value read as `date` is a number that makes no date: one from Excel's
    day 1 to 1909 (what `_date_column` does for a whole column). A date-formatted cell (a date
    from calamine) holds a date typed as one unless its number is one a year typed alone leaves
    there (`_typed_number`): 01/03/1905 typed is that day, for the checks (hunt328 F4)."""
    if isinstance(value, str) or not _FIRST_NUMBER_DATE <= date < _YEAR_1910:
        return False
    if isinstance(value, dt.date):
        return _typed_number(excel_serial(date.toordinal(), date1904=date1904))
    return True


def _typed_number(serial: int) -> bool:
    """Whether `serial`, the number of an Excel date before 1910, is one typed as no date: a
    year typed alone (1900–2100, what `number_as_date_reason` hints at), two digits of one or
    a day or month (below 100). Excel keeps such a number in a date-formatted cell and shows it
    as a day of 1900 or 1905 (of 1904 or 1909 in the 1904 date system): no day anyone wrote.
    The other days before 1910 in a date-formatted cell were typed as dates; in a cell without
    a date format, every number before 1910 is one typed (a year: 1887 stays a number)."""
    return serial < _TWO_DIGITS_LIMIT or _TYPED_YEARS[0] <= serial <= _TYPED_YEARS[1]


_TWO_DIGITS_LIMIT = 100
_TYPED_YEARS = (1900, 2100)


def excel_serial(day: int, *, date1904: bool = False) -> int:
    """The number Excel stores for the date of ordinal `day`: in the 1900 date system (it counts
    a 29/02/1900), or in the 1904 one when `date1904` (1,462 less from 01/03/1900 on)."""
    if date1904:
        return day - _SERIAL_ZERO_ORDINAL_1904
    return day - (_SERIAL_ZERO_ORDINAL + 1 if day < _MARCH_1900_ORDINAL else _SERIAL_ZERO_ORDINAL)


def _serial_shown(number: int, date1904: bool) -> str:
    """The date Excel shows for the number `number` (above 0) in a date cell: its 1900 date
    system has a 29/02/1900 (60) and counts 1 as 01/01/1900, its 1904 one counts 1 as 02/01/1904."""
    if date1904:
        return normalize.fmt_date(dt.date.fromordinal(_SERIAL_ZERO_ORDINAL_1904 + number))
    if number == 60:
        return "29/02/1900"
    return normalize.fmt_date(dt.date.fromordinal(_SERIAL_ZERO_ORDINAL + number + (1 if number < 60 else 0)))


def number_as_date_reason(value: Any, day: int, *, date1904: bool = False) -> tuple[str, str]:
    """Why a number typed in a date cell (`value`, read as the date of ordinal `day`, before
    1910) is no date: the words of `bad_date`'s reason, and the same without the number or
    the date (a member's year is personal data). What to type is `normalize.bad_date_advice`'s,
    as for every other date not read: the form, the template's example and, where the cell may
    stay empty, that it may (hunt299: "; hãy ghi đủ ngày/tháng/năm" here left out all three).
    `date1904`: the workbook counts days in the 1904 date system, so a date-formatted cell's
    number is found back from 1904 (1980 typed there is 03/06/1909, which the 1900 system's
    count would name 3442)."""
    said: str | None = None
    if isinstance(value, float | int | np.integer | np.floating) and not isinstance(value, bool):
        # The number itself, not the serial of the day it was read as: a number with decimals
        # in a cell without a date format was read from day 0 (1899-12-30), a day before the
        # one Excel shows below 60 (hunt279: 12.5 was "số 11 … 11/01/1900", Excel shows 12/01/1900).
        number = math.floor(float(value))
        if not float(value).is_integer():
            said = normalize.shown_number(float(value))
    else:  # a date-formatted cell: Excel's serial of that day, in the workbook's date system
        number = excel_serial(day, date1904=date1904)
    shown = _serial_shown(number, date1904) if number > 0 else normalize.fmt_date(dt.date.fromordinal(day))
    # A year typed alone is a whole number: one with decimals (1980.25, 59.5; in a date-formatted
    # cell, a date with a time of day) is no year typed, and gets no hint of one (review281 #3).
    whole = said is None and not (isinstance(value, dt.datetime) and value.time() != dt.time())
    if not whole:
        hint = ""
    elif _TYPED_YEARS[0] <= number <= _TYPED_YEARS[1]:
        hint = ": có lẽ ô chỉ ghi năm"
    elif 20 <= number < 100:  # 1920–1999 as two digits (a smaller number may be a day)
        hint = ": có lẽ ô chỉ ghi hai số cuối của năm"
    else:
        hint = ""
    # Without personal data the number and the day go; in a date-formatted cell Excel shows a
    # date, and the clerk who sees one is told the year Excel shows every number of its kind in
    # (1905 for any year typed): no clue to the number (hunt337 F6).
    seen = ""
    if isinstance(value, dt.date):
        seen = f" (Excel hiện số ấy như một ngày của năm {_shown_years(number, date1904)}, không thể đúng)"
    return (
        f"ô chứa số {said or number} chứ không phải một ngày (đọc theo cách Excel đếm ngày thì là {shown}, "
        f"không thể đúng){hint}",
        f"ô chứa số chứ không phải một ngày{seen}{hint}",
    )


def _shown_years(number: int, date1904: bool) -> str:
    """The year (or years) Excel shows every number of `number`'s kind in, in a date-formatted
    cell: every number below 100 (a day, a month, two digits of a year), every year typed alone
    (`_TYPED_YEARS`). The year of the kind, not of the number: it tells nothing of what was typed."""
    first, last = (1, _TWO_DIGITS_LIMIT - 1) if number < _TWO_DIGITS_LIMIT else _TYPED_YEARS
    years = [_serial_shown(n, date1904)[-4:] for n in (first, last)]
    return years[0] if years[0] == years[1] else f"{years[0]}–{years[1]}"


# Text dates as most are typed — day, month, four-digit year, one separator, nothing else —
# need none of `normalize.parse_date`'s cleaning: read here, cell after cell, to the same
# date and note (tested against it).
# The same for year-first dates (1980-03-05); a text matches one form at most.
_PLAIN_DMY = re.compile(r"(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})", re.ASCII)
_PLAIN_YMD = re.compile(r"(?P<y>\d{4})[/.\-](?P<m>\d{1,2})[/.\-](?P<d>\d{1,2})", re.ASCII)


def _plain_date_ordinal(m: re.Match[str]) -> int | None:
    """The ordinal of a plain date, or None when it is no date or out of range (left to
    `normalize.parse_date` for its message)."""
    try:
        ordinal = dt.date(int(m["y"]), int(m["m"]), int(m["d"])).toordinal()
    except ValueError:
        return None
    return ordinal if _MIN_ORDINAL <= ordinal <= _MAX_ORDINAL else None


def _plain_date_note(text: str, m: re.Match[str]) -> str:
    day, month, year = m["d"], m["m"], m["y"]
    return f"đã đọc văn bản \u201c{text}\u201d là ngày {day.zfill(2)}/{month.zfill(2)}/{year}"


def _int_column(
    values: Sequence[Any],
    excel: list[int],
    key: str,
    all_empty: bool,
    empty_is_zero: bool,
    changes: Changes,
    report: Report,
    report_column: ReportColumn,
    prefix: str,
) -> NullableInts:
    """A whole-number column. A count of `Số liệu năm` that is no count is an error at its cell;
    an `STT` that is no number is not used and is one warning for the column
    (`member.not_integer`, `event.not_integer`: "1)", "I", "a" typed down a list)."""
    n = len(values)
    data = np.zeros(n, dtype=np.int64)
    mask = np.ones(n, dtype=bool)
    if all_empty:
        if empty_is_zero:
            mask[:] = False
        return NullableInts(data, mask)
    is_float = type_mask(values, float)
    fast = np.zeros(n, dtype=bool)
    if is_float.any():
        where = np.flatnonzero(is_float)
        numbers = np.fromiter(
            values if len(where) == n else take(values, where), dtype=np.float64, count=len(where)
        )
        with np.errstate(invalid="ignore"):
            whole = (numbers == np.trunc(numbers)) & (np.abs(numbers) < 2**53)
        data[where[whole]] = numbers[whole].astype(np.int64)
        fast[where[whole]] = True
    mask[fast] = False
    not_integer: list[tuple[int, Any]] = []  # (Excel row, value) of an STT that is no number
    if not fast.all():
        for i in np.flatnonzero(~fast).tolist():
            v, r = values[i], excel[i]
            if v == "" or v is None:
                value: int | None = 0 if empty_is_zero else None
            else:
                cache_key = (type(v), v)
                if key == "year":  # a few cells a file, read their own way: not cached
                    result = normalize.parse_year(v)
                else:
                    try:
                        result = _INT_CACHE[cache_key]
                    except KeyError:
                        result = _remember(_INT_CACHE, cache_key, normalize.parse_int(v))
                if result.how == "text":
                    changes.add(r, key, "norm.number_text", result.note, v, listed=True)
                elif result.how == "none":  # "không có": 0 in a count, empty elsewhere
                    note = normalize.none_note(normalize.clean_text(v), zero=empty_is_zero)
                    changes.add(r, key, "norm.none_mark", note, v, listed=True)
                    result = normalize.IntResult(0 if empty_is_zero else None, "none")
                elif result.how == "invalid" and key == "year":
                    report("year.bad_year", r, v)
                elif result.how == "invalid" and prefix == "year":
                    report("year.not_integer", r, v, reason=normalize.not_count_reason(v))
                elif result.how == "invalid" and f"{prefix}.not_integer" in RULES:
                    not_integer.append((r, v))
                elif result.how == "empty" and empty_is_zero:
                    result = normalize.IntResult(0, "empty")
                value = result.value
            if value is not None:
                data[i] = value
                mask[i] = False
    if not_integer:
        rows = [r for r, _ in not_integer]
        report_column(f"{prefix}.not_integer", rows, not_integer[0][1], what="không phải số")
    return NullableInts(data, mask)


def _category_column_by_value(
    values: Sequence[Any], excel: list[int], f: Field, changes: Changes
) -> np.ndarray | None:
    """A category column without legacy fonts, when it holds text only; else None.

    No other type calamine gives ever equals a str, so the set of distinct values hides none:
    each distinct value is normalised once, then there is one look-up a cell.
    """
    assert f.vocab is not None
    distinct_values = distinct(values)
    if type(distinct_values) is not set or set(map(type, distinct_values)) != {str}:
        return None
    cache = _CATEGORY_CACHE[f.vocab.key]
    distinct_values.discard("")
    done: dict[str, Any] = {"": None}
    noted: dict[str, Notes] = {}
    for v in distinct_values:
        key = (str, v, None)
        try:
            value, notes = cache[key]
        except KeyError:
            value, notes = _remember(cache, key, normalize_category_cell(v, f, None))
        done[v] = value
        if notes:
            noted[v] = notes
    texts = np.fromiter(map(done.__getitem__, values), dtype=object, count=len(values))
    if noted:
        for v, r in zip(values, excel, strict=True):
            if v in noted:
                for code, text in noted[v]:
                    changes.add(r, f.key, code, text, v)
    return texts


def _text_column(
    values: Sequence[Any], excel: list[int], f: Field, fonts: dict[int, str], changes: Changes
) -> np.ndarray:
    """A text or category column, cell by cell except for the clean text cells."""
    n = len(values)
    cache = _CATEGORY_CACHE[f.vocab.key] if f.vocab is not None else {}
    is_category = f.kind == "category"
    texts = np.fromiter(values, dtype=object, count=n)
    slow: Any = range(n)
    if not is_category and not fonts and set(map(type, values)) == {str}:
        # Text only: clean cells (checked in bulk) are kept as they are.
        filled: np.ndarray | None = None
        strings = values
        if "" in values:
            empty = texts == ""
            texts[empty] = None
            filled = np.flatnonzero(~empty)
            strings = take(values, filled)
        if normalize.all_clean_text(strings):
            slow = []
        else:
            clean = np.array(normalize.clean_text_mask(list(strings)), dtype=bool)
            slow = (filled[~clean] if filled is not None else np.flatnonzero(~clean)).tolist()
    for i in slow:
        v, r = values[i], excel[i]
        if v == "" or v is None:
            texts[i] = None
            continue
        font = fonts.get(r) if fonts else None
        if not is_category and font is None and type(v) is str and normalize.is_clean_text(v):
            continue  # texts[i] is v already
        key = (type(v), v, font)
        try:
            value, notes = cache[key]
        except KeyError:
            if is_category:
                value, notes = _remember(cache, key, normalize_category_cell(v, f, font))
            else:
                value, notes = cache[key] = normalize_text_cell(v, font)
        for code, text in notes:
            changes.add(r, f.key, code, text, v)
        texts[i] = value
    return texts


# --------------------------------------------------------------------------------------------
# Change notes → warnings
# --------------------------------------------------------------------------------------------


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _code_of(notes: list[tuple[str, str]]) -> str:
    """The code naming a cell's change: the first of `NORM_PRIORITY` among its notes."""
    if len(notes) == 1:
        return notes[0][0]
    return min((c for c, _ in notes), key=NORM_PRIORITY.index)


def column_issue(
    ctx: ReadContext,
    code: str,
    sheet: str,
    f: Field,
    letter: str,
    rows: list[int],
    value: Any,
    *,
    what: str = "",
    info: bool = False,
    **params: Any,
) -> None:
    """One warning `code` for the cells `rows` (Excel rows, ascending) of field `f`'s column
    `letter`, however many they are: the grouping of the automatic corrections
    (`change_issues`), shared by every warning of that kind, a mechanical fact about typing
    that a secretary repeats down a column (`member.card_as_number`, `member.not_integer`,
    `cell.part_struck`). One cell gets its own warning (`where_cell`); several get one at the
    first, whose location names how many cells there are, `what` they are ("đã được sửa tự
    động"), their ranges and the first as the example, whose `value` and `params` the message
    quotes (without personal data, only the example is hidden)."""
    first = rows[0]
    cell = f"{letter}{first}"
    if len(rows) == 1:
        where = where_cell(sheet, first, f.header, cell, info=info)
    else:
        words = f" {what}" if what else ""
        where = (
            f"Cột \u201c{f.header}\u201d: {number(len(rows))} ô{words} "
            f"({cell_ranges(letter, rows)}); ví dụ ô {cell}"
        )
    ctx.add(code, sheet=sheet, cell=cell, column=f.header, value=value, where=where, **params)


def change_issues(
    changes: Changes, spec: SheetSpec, sheet: str, ctx: ReadContext, *, info_sheet: bool = False
) -> None:
    """One warning per column and kind of change, whatever the number of cells (`column_issue`).

    A column with one changed cell of a kind gets that cell's warning (its value, what was
    done). Several cells give one warning at the first of them, whose message names how many
    cells were changed, their ranges and the first cell as the example (its value is the
    issue's value; without personal data only the example is hidden).
    """
    grouped: dict[tuple[str, str], list[int]] = defaultdict(list)
    for (row, key), notes in changes.cells.items():
        grouped[(key, _code_of(notes))].append(row)
    order = {k: i for i, k in enumerate(spec.keys)}
    for (key, code), rows in sorted(grouped.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        rows.sort()
        first = rows[0]
        text = "; ".join(dict.fromkeys(t for _, t in changes.cells[(first, key)]))
        # Decided once, at the example cell the issue quotes: a name or a note is masked
        # without personal data, a dropdown's value the correction read is not.
        column_issue(
            ctx,
            code,
            sheet,
            spec.field(key),
            "B" if info_sheet else spec.letter(key),
            rows,
            normalize.shown_cell(changes.raw.get((first, key))),
            what="đã được sửa tự động",
            info=info_sheet,
            listed=(first, key) in changes.listed,
            person=(first, key) in changes.persons,
            changes=_sentence(text) if len(rows) == 1 else text,
        )
