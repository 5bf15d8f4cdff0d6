"""The reader's column-at-a-time fast paths give exactly what the cell-by-cell rules give.

`reference_column` below is the reader's former cell-by-cell normalisation, kept here as the
oracle: for any mix of cell values (real dates in and out of range, whole and fractional
numbers, text with stray spaces, decomposed or legacy-encoded text, booleans, empty cells),
`columns.normalize_column` must return the same values and dtype and record the same
normalisation notes and issues in the same order.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.core import layout, vnformat
from toolkit.core.frames import NullableInts, pandas_array
from toolkit.core.layout import cell_ranges
from toolkit.core.rules import RULES, SHEET_PREFIX, where_cell
from toolkit.io import columns, normalize
from toolkit.io.context import ReadContext
from toolkit.sample.messy import to_tcvn3


def reference_column(
    values: list[Any],
    excel: list[int],
    f: layout.Field,
    spec: layout.SheetSpec,
    fonts: dict[int, str],
    changes: Any,
    sheet: str,
    prefix: str,
    ctx: Any,
) -> Any:
    letter = spec.letter(f.key)

    def report(code: str, r: int, v: Any, where: str | None = None, **params: Any) -> None:
        cell = f"{letter}{r}"
        ctx.add(
            code,
            sheet=sheet,
            cell=cell,
            column=f.header,
            value=normalize.shown_cell(v),  # a number cell as a message quotes it (12,5)
            where=where or where_cell(sheet, r, f.header, cell),
            **params,
        )

    if f.kind == "date":
        dates: list[dt.date | None] = []
        stored: list[int] = []  # rows of the real dates read
        text_days: list[tuple[int, int]] = []  # (row, day of month) of the dates read from text
        unread: list[tuple[int, Any, str, str | None]] = []  # (row, value, reason, hidden)
        month_first: list[int] = []  # rows of the unread texts that are dates month-first
        for v, r in zip(values, excel, strict=True):
            if v == "" or v is None:
                dates.append(None)
                continue
            if type(v) is dt.date and normalize.MIN_DATE <= v <= normalize.MAX_DATE:
                result, notes = normalize.DateResult(v, "date", ""), []
            else:
                result, notes = columns.normalize_date_cell(v)
            # A number (or a date Excel made of one: from its day 1) before 1910 is no date: a year
            # typed…
            early = result.value is not None and dt.date(1899, 12, 31) <= result.value < dt.date(1910, 1, 1)
            if early and result.value is not None and isinstance(v, dt.date):
                # …but a date-formatted cell holds a day typed as a date unless its number is
                # one a year typed alone leaves (1900–2100, or below 100): fix330
                serial = columns.excel_serial(result.value.toordinal())
                early = serial < 100 or 1900 <= serial <= 2100
            if early and result.value is not None and not isinstance(v, str):
                reason, hidden = columns.number_as_date_reason(v, result.value.toordinal())
                unread.append((r, v, reason, hidden))
                dates.append(None)
                continue
            for code, text in notes:
                changes.add(r, f.key, code, text, v)
            if result.how == "invalid":
                reason = result.note if f.required else normalize.optional_date_reason(result.note, f.key)
                unread.append((r, v, reason, None))
                if isinstance(v, str) and normalize.month_first_date(v) is not None:
                    month_first.append(r)
            if result.value is not None and result.how == "date":
                stored.append(r)
            if result.value is not None and result.how == "text":
                text_days.append((r, result.value.day))
            dates.append(result.value)
        _reference_month_first(
            values,
            excel,
            dates,
            text_days,
            unread,
            month_first,
            report,
            f"{prefix}.bad_date",
            letter,
            f.header,
            f.required,
        )
        _reference_swapped(values, excel, dates, stored, text_days, report, letter, f.header)
        return np.array(dates, dtype="datetime64[D]").astype("datetime64[ns]")
    if f.kind == "int":
        ints: list[int | None] = []
        not_integer: list[tuple[int, Any]] = []  # an STT that is no number: one warning (fix395)
        for v, r in zip(values, excel, strict=True):
            if type(v) is float and v.is_integer() and abs(v) < 2**53:
                ints.append(int(v))
                continue
            if v == "" or v is None:
                ints.append(0 if spec is layout.YEARS and f.key != "year" else None)
                continue
            result = normalize.parse_year(v) if f.key == "year" else normalize.parse_int(v)
            if result.how == "text":
                changes.add(r, f.key, "norm.number_text", result.note, v)
            elif result.how == "none":  # "-", "không": 0 in a count, empty elsewhere
                zero = spec is layout.YEARS and f.key != "year"
                note = normalize.none_note(normalize.clean_text(v), zero=zero)
                changes.add(r, f.key, "norm.none_mark", note, v)
                result = normalize.IntResult(0 if zero else None, "none")
            elif result.how == "invalid" and f.key == "year":
                report("year.bad_year", r, v)
            elif result.how == "invalid" and prefix == "year":
                report("year.not_integer", r, v, reason=normalize.not_count_reason(v))
            elif result.how == "invalid" and f"{prefix}.not_integer" in RULES:
                not_integer.append((r, v))
            elif result.how == "empty" and spec is layout.YEARS and f.key != "year":
                result = normalize.IntResult(0, "empty")
            ints.append(result.value)
        if len(not_integer) == 1:
            report(f"{prefix}.not_integer", *not_integer[0])
        elif not_integer:
            rows = [r for r, _ in not_integer]
            where = (
                f"Cột “{f.header}”: {vnformat.number(len(rows))} ô không phải số "
                f"({cell_ranges(letter, rows)}); ví dụ ô {letter}{rows[0]}"
            )
            report(f"{prefix}.not_integer", rows[0], not_integer[0][1], where=where)
        mask = np.array([i is None for i in ints], dtype=bool)
        data = np.array([0 if i is None else i for i in ints], dtype="int64")
        return pd.arrays.IntegerArray(data, mask)
    if f.key == "card_no":  # a card number stored as a number: one warning for the column
        numbers = [
            (v, r) for v, r in zip(values, excel, strict=True) if type(v) in (int, float) and not v != v
        ]
        if len(numbers) == 1:
            report("member.card_as_number", numbers[0][1], normalize.cell_text(numbers[0][0]))
        elif numbers:
            rows = [r for _, r in numbers]
            where = (
                f"Cột “{f.header}”: {len(rows)} ô ({cell_ranges(letter, rows)}); ví dụ ô {letter}{rows[0]}"
            )
            report("member.card_as_number", rows[0], normalize.cell_text(numbers[0][0]), where=where)
    texts: list[Any] = []
    for v, r in zip(values, excel, strict=True):
        if v == "" or v is None:
            texts.append(None)
            continue
        font = fonts.get(r)
        if f.kind == "text" and font is None and type(v) is str and normalize.is_clean_text(v):
            texts.append(v)
            continue
        if f.kind == "category":
            value, notes = columns.normalize_category_cell(v, f, font)
        else:
            value, notes = columns.normalize_text_cell(v, font)
        for code, text in notes:
            changes.add(r, f.key, code, text, v)
        texts.append(value)
    if f.key == "full_name":  # a title or a list number before a name, cell by cell
        for i, (name, r) in enumerate(zip(texts, excel, strict=True)):
            if type(values[i]) in (int, float) and name is not None:
                texts[i] = name = normalize.shown_cell(values[i])  # a number: as Excel shows it
            if isinstance(name, str) and not any(c.isalpha() for c in name):
                continue  # no letter: no name, kept as it is (`member.name_without_letters`)
            m = columns._NAME_PREFIX.match(name) if isinstance(name, str) else None
            if m is not None and 0 < m.end() < len(name):
                texts[i] = name[m.end() :]
                note = f"đã bỏ “{name[: m.end()].strip()}” trước họ tên: “{texts[i]}”"
                changes.add(r, f.key, "norm.name_title", note, name)
    return np.array(texts, dtype=object)


def _reference_month_first(
    values: list[Any],
    excel: list[int],
    dates: list[dt.date | None],
    text_days: list[tuple[int, int]],
    unread: list[tuple[int, Any, str, str | None]],
    month_first: list[int],
    report: Any,
    code: str,
    letter: str,
    header: str,
    required: bool,
) -> None:
    """The column's `code`s (`*.bad_date`), in the cells' order, and `cell.month_first_text`
    from its definition: some unread texts are dates month-first ("1/13/1980"), no text read is
    a date only day-first (its day after the 12th), and some texts read are dates either way
    ("5-3-1980"): each month-first text's reason names those, and the column says them once."""
    by_row = dict(zip(excel, values, strict=True))
    ambiguous: list[int] = []
    if month_first and not any(day > 12 for _, day in text_days):
        ambiguous = [
            r
            for r, d in zip(excel, dates, strict=True)
            if d is not None and normalize.day_month_ambiguous(by_row[r])
        ]
    for r, v, reason, hidden in unread:
        if ambiguous and r in month_first:
            reason += columns._MONTH_FIRST_REASON.format(cells=cell_ranges(letter, ambiguous))
        advice = normalize.bad_date_advice(reason, required=required)
        extra = {} if hidden is None else {"reason_hidden": hidden}
        report(code, r, v, reason=reason, advice=advice, **extra)
    if not ambiguous:
        return
    first = ambiguous[0]
    example = dates[excel.index(first)]
    assert example is not None
    report(
        "cell.month_first_text",
        first,
        by_row[first],
        where=(
            f"Cột “{header}”: {vnformat.number(len(ambiguous))} ô ghi dạng văn bản "
            f"({cell_ranges(letter, ambiguous)}); ví dụ ô {letter}{first}"
        ),
        texts=cell_ranges(letter, month_first),
        text_count=vnformat.number(len(month_first)),
        date=f"ngày {example.day} tháng {example.month} năm {example.year}",
    )


def _reference_swapped(
    values: list[Any],
    excel: list[int],
    dates: list[dt.date | None],
    stored: list[int],
    text_days: list[tuple[int, int]],
    report: Any,
    letter: str,
    header: str,
) -> None:
    """`cell.day_month_swapped` from its definition: at least 3 real dates, all on the 12th or
    before; at least 2 text dates, all after it; a split that chance makes at most once in
    10,000 columns (a day of month is the 12th or before 144 times in 365.25)."""
    low = 144 / 365.25
    if len(stored) < 3 or len(text_days) < 2 or any(day <= 12 for _, day in text_days):
        return
    if low ** len(stored) * (1 - low) ** len(text_days) > 1e-4:
        return
    by_row = dict(zip(excel, dates, strict=True))
    if any(d is not None and d.day > 12 for d in (by_row[r] for r in stored)):
        return
    first = stored[0]
    example = by_row[first]
    assert example is not None
    report(
        "cell.day_month_swapped",
        first,
        values[excel.index(first)],
        where=(
            f"Cột “{header}”: {len(stored)} ô ghi dạng ngày ({cell_ranges(letter, stored)}); "
            f"ví dụ ô {letter}{first}"
        ),
        texts=cell_ranges(letter, [r for r, _ in text_days]),
        text_count=len(text_days),
        date=f"ngày {example.day} tháng {example.month} năm {example.year}",
    )


_words = st.sampled_from(
    [
        "Nguyễn",
        "Văn",
        "An",
        "Thị",
        "Hương",
        "Lê",
        "Đức",
        "nam",
        "Nữ",
        "THPT",
        "Đại học",
        "thạc sỹ",
        "Cao cấp",
        "TC",
        "x",
        "|",
        "a|b",
        "ko",
        "có",
    ]
)
# Day-first dates typed as text, the commonest retyping: valid, impossible, out of range.
_plain_dates = st.builds(
    lambda d, m, y, sep, pad, year_first: (
        f"{y}{sep}{m:02d}{sep}{d:02d}"
        if year_first and pad
        else f"{y}{sep}{m}{sep}{d}"
        if year_first
        else f"{d:02d}{sep}{m:02d}{sep}{y}"
        if pad
        else f"{d}{sep}{m}{sep}{y}"
    ),
    st.integers(0, 35),
    st.integers(0, 14),
    st.sampled_from([1000, 1677, 1678, 1950, 2000, 2024, 2261, 2262, 9999]),
    st.sampled_from("/.-"),
    st.booleans(),
    st.booleans(),
) | st.sampled_from(["٣/٣/٢٠٢٠", "2020-٣-1", "1/1/2020 ", "1 /1/2020", "5-3-1980", "1980/3/5"])
_texts = st.one_of(
    _plain_dates,
    st.lists(_words, min_size=1, max_size=3).map(" ".join),
    st.lists(_words, min_size=1, max_size=3).map(lambda w: "  ".join(w) + " "),
    st.lists(_words, min_size=1, max_size=3).map(lambda w: unicodedata.normalize("NFD", " ".join(w))),
    st.lists(_words, min_size=1, max_size=2).map(lambda w: to_tcvn3(" ".join(w))),
    st.sampled_from(
        [
            "",
            " ",
            "\t",
            "a\u00a0b",
            "\u200bx",
            "Kinh\u200e",
            "\u202aNguyễn\u202c",
            "x\u3000",
            "12/05/1975",
            "1982-11-03",
            "31/02/2020",
            "7",
            " 12 ",
            "-3",
            "-",
            " – ",
            "—",
            "--",
            "\u2212",
            "- -",
            "không",
            "Chưa có",
            "12 đ/c",
            "3 người.",
            "05/03/1980.",
            "1e9",
            "٣",
            "ü",
            "≠",
            "e\u0301",
        ]
    ),
    st.text(max_size=6),
)
_cells = st.one_of(
    _texts,
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 1.0, -0.0, 2.5, 45000.0, 2.0**53, 2.0**53 - 1, 1e300, 1977.0]),
    st.booleans(),
    st.none(),
    st.just(dt.time(10, 30)),
)
# Columns that are mostly of their kind's common type, with odd cells mixed in.
_columns = st.tuples(
    st.lists(_cells, max_size=40),
    st.lists(
        st.one_of(
            _texts,
            st.dates(min_value=dt.date(1600, 1, 1), max_value=dt.date(2300, 1, 1)),
            st.sampled_from([1.0, 2.0, 3.0]),
            st.just(""),
        ),
        max_size=120,
    ),
    st.integers(0, 2),
)


def _fields() -> list[tuple[layout.SheetSpec, layout.Field]]:
    return [(spec, f) for spec in layout.DATA_SHEETS for f in spec.fields]


def _compare(spec: layout.SheetSpec, f: layout.Field, values: list[Any], fonts: dict[int, str]) -> set[str]:
    """Compares the reader's column with the oracle's; the codes of the issues and notes."""
    excel = list(range(2, 2 + len(values)))
    prefix = SHEET_PREFIX[spec.name]
    ctx_a, ctx_b = ReadContext(file="a.xlsx"), ReadContext(file="a.xlsx")
    ch_a, ch_b = columns.Changes(), columns.Changes()
    got = columns.normalize_column(tuple(values), excel, f, spec, fonts, ch_a, spec.name, prefix, ctx_a)
    if f.kind == "int":  # counts come as the reader's pandas-free pair of arrays
        assert isinstance(got, NullableInts)
        got = pandas_array(got)
    want = reference_column(values, excel, f, spec, fonts, ch_b, spec.name, prefix, ctx_b)
    if isinstance(want, np.ndarray) and want.dtype == object:
        assert isinstance(got, np.ndarray) and got.dtype == object
        assert [type(x) for x in got] == [type(x) for x in want] and got.tolist() == want.tolist()
    else:
        pd.testing.assert_extension_array_equal(pd.array(got), pd.array(want)) if not isinstance(
            want, np.ndarray
        ) else np.testing.assert_array_equal(got, want)
        assert got.dtype == want.dtype
    assert dict(ch_a.cells) == dict(ch_b.cells) and ch_a.raw == ch_b.raw
    assert ctx_a.issues == ctx_b.issues
    return {i.code for i in ctx_a.issues} | {code for notes in ch_a.cells.values() for code, _ in notes}


@pytest.mark.parametrize(
    "column",
    [
        ["0/0/1000", "1/13/1678", "5-3-1980"],  # hypothesis found it: the oracle had no month-first
        ["1/13/1980", "5/3/1980", dt.date(1980, 3, 5), "7/8/1990"],
        ["1/13/1980", "5-3-1980", "25/12/1990"],  # a text only day-first: no month-first column
    ],
)
def test_a_column_typed_month_first_matches_the_cell_by_cell_rules(column: list[Any]) -> None:
    """`cell.month_first_text` and the month-first `*.bad_date` reasons, as the oracle
    (`_reference_month_first`) defines them, in every date column."""
    said = [_compare(spec, f, column, {}) for spec, f in _fields() if f.kind == "date"]
    month_first = "25/12/1990" not in column
    assert said and all(("cell.month_first_text" in codes) == month_first for codes in said), said


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_columns)
def test_every_column_kind_matches_the_cell_by_cell_rules(column: tuple[list[Any], list[Any], int]) -> None:
    odd, common, font_kind = column
    values = [*common, *odd]
    values = [values[(i * 7) % len(values)] for i in range(len(values))] if values else []
    fonts = {}
    if font_kind == 1 and values:
        fonts = {2: ".VnTime"}
    elif font_kind == 2 and values:
        fonts = {2 + i: "VNI-Times" for i in range(0, len(values), 3)}
    for spec, f in _fields():
        _compare(spec, f, values, fonts)


def test_typical_columns_take_the_fast_paths_and_still_match() -> None:
    n = 300
    cases = {
        "date": [dt.date(1950, 1, 1) + dt.timedelta(days=37 * i) for i in range(n)],
        "date_gaps": [dt.date(2000, 1, 1) if i % 3 else "" for i in range(n)],
        "date_text": [f"{1 + i % 31}/{1 + i % 12}/{1940 + i % 80}" if i % 2 else "" for i in range(n)],
        "date_text_year_first": [f"{1940 + i % 80}-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n)],
        "count_text": [str(i % 7) if i % 3 else "" for i in range(n)],
        "int": [float(i) for i in range(n)],
        "text": [f"Nguyễn Văn {i}" for i in range(n)],
        "text_one_bad": [f"Lê Thị {i}" if i != 150 else "Lê  Thị" for i in range(n)],
        "category": ["Nam" if i % 2 else "nữ" for i in range(n)],
        # Pasted on a month/day computer: real dates on the 12th or before, text after it.
        "date_swapped": [
            dt.date(1960 + i, 1 + i % 12, 1 + i % 12) if i % 3 else f"{13 + i % 15}/{1 + i % 12}/{1950 + i}"
            for i in range(30)
        ],
        "names_with_prefixes": [
            ("Đ/c " if i % 4 == 0 else f"{i}. " if i % 4 == 1 else "") + "Lê Văn An" for i in range(n)
        ],
        "years_in_words": [f"Năm {2000 + i % 26}" if i % 2 else "2020-2021" for i in range(20)],
        # "Không có" as tables mark it, in a column of clean text, counts or dates.
        "dashes_in_text": [f"Nguyễn Văn {i}" if i % 5 else "-" for i in range(n)],
        "dashes_in_counts": [float(i % 4) if i % 5 else ("–", "không", "4 đ/c")[i % 3] for i in range(n)],
        "dashes_in_dates": [
            dt.date(1990, 1, 1) if i % 5 else ("—", "chưa", "05/03/1980.")[i % 3] for i in range(n)
        ],
    }
    said: set[str] = set()
    for values in cases.values():
        for spec, f in _fields():
            said |= _compare(spec, f, values, {})
    # The cases reach the rules of a column as a whole (else this test would prove nothing).
    assert {"cell.day_month_swapped", "year.bad_year", "norm.none_mark"} <= said


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_texts, st.text(min_size=1, max_size=8)).filter(bool), max_size=200))
def test_bulk_clean_text_check_agrees_with_the_cell_check(texts: list[str]) -> None:
    assert normalize.clean_text_mask(texts) == [normalize.is_clean_text(t) for t in texts]
    # The bulk check may send clean cells to the cell check (e.g. a control character), never
    # the reverse.
    if normalize.all_clean_text(texts):
        assert all(normalize.is_clean_text(t) for t in texts)


def test_bulk_clean_text_check_is_not_fooled_by_separators() -> None:
    for bad in (
        "a ",
        " a",
        "a  b",
        "a\tb",
        "a\u00a0b",
        "\u200ba",
        "a\u200e",
        "\u2066a",
        "e\u0301",
        "ü",
        "a\u3000",
    ):
        texts = ["ok", bad, "|", "x|", "|y", "Nguyễn"] * 30
        assert normalize.clean_text_mask(texts) == [normalize.is_clean_text(t) for t in texts]
        assert not normalize.all_clean_text(texts)
