"""Lines in a data sheet's list that are no row of it, found before the rows are read.

Official Vietnamese lists carry lines a template does not want: a total and a signature block
under the list (`trailer_rows`), section headings inside it ("I. ĐẢNG VIÊN CHÍNH THỨC",
"II. ĐẢNG VIÊN DỰ BỊ"), the header row repeated where another list was pasted in and the row
of column numbers ("(1)" … "(21)") under a header (`heading_rows`). Read as rows, each was a
member with every column missing or wrong: nine or seventeen errors a line, and the file left
out. Each kind is one warning per sheet naming
the rows; the rows are not read. Only lines no member's row can be are taken: a heading names
no person ("đảng viên", "dự bị", "kết nạp"...), a repeated header matches the template's, a
numbering row numbers two thirds of its columns in order. So are the rows whose only values
are answers of Có/Không columns (`answers_only_rows`: "Không" dragged down a column past the
last member), which were members with every other column missing.

Both look at whole columns at C speed first: a province's 500,000 members cost a few
hundredths of a second.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from itertools import repeat
from typing import Any

import numpy as np

from toolkit.core import layout, vnformat
from toolkit.core.layout import SheetSpec, cell_ranges
from toolkit.core.vocab import Vocabulary, match_key
from toolkit.io import legacy, normalize
from toolkit.io.cells import distinct, is_blank, take, type_mask
from toolkit.io.columns import category_code, excel_serial, normalize_text_cell
from toolkit.io.context import ReadContext

# What opens a line under (or inside) a list that is no row of it, in its first column of
# content (a member's or a change's name, a year): a total or subtotal, the signature block of
# an official list (with the line under a title that stands for the signature: "(Ký, ghi rõ
# họ tên)", "(Đã ký)", "Đã ký", "(đã ký và đóng dấu)"), a note; or its place-and-date line.
# Matched lower-case, at the start.
_TRAILER_WORDS = (
    r"(?:tổng cộng|tong cong|tổng số\b|cộng\b|t/m\b|tm\.|thay mặt\b|kt\.|k/t\b|(?:phó )?bí thư\b|"
    r"người lập\b|người ghi\b|người tổng hợp\b|\(\s*(?:đã\s+|chữ\s+)?ký\b|(?:đã|chữ)\s+ký\b|ký tên\b|"
    r"xác nhận\b|(?:ban )?chi ủy\b|đảng ủy\b|ghi chú\s*:|lưu ý\s*:)"
)
# The place and date an official list is signed under: "Ngọc Châu, ngày 31 tháng 3 năm 2026",
# with the day or the month left blank to be filled in by hand ("ngày    tháng 3 năm 2026",
# "ngày ... tháng ... năm 2026", "ngày …… tháng", "ngày ___ tháng"), in digits ("ngày
# 31/3/2026"), or with no place ("Ngày 31 tháng 3 năm 2026"). No name reads so: the words
# "ngày … tháng … năm" (or "ngày" and a date in digits) make the line; but a name followed by
# "sinh ngày 12/03/1970" (a birth date typed into the name cell) is a member's, never a place.
_BLANK = r"[.…_\s]*"
_PLACE_AND_DATE = (
    r"(?:[^,]{1,60},\s*|[^,\d]{1,60}\s(?<!sinh\s))?ngày\s*"
    rf"(?:(?:\d{{1,2}}|{_BLANK})\s*tháng\s*(?:\d{{1,2}}|{_BLANK})\s*năm\b\s*(?:\d{{2,4}}|{_BLANK})"
    r"|\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4})"
)
# A bare "Tổng" is a total as common as "Cộng" ("Tổng", "Tổng:", "TỔNG", "Tổng: 5 đồng chí",
# "Tổng (5)", "Tổng 5"), but also a surname (Tổng Văn Hùng): in the name column and in STT
# (where names are pasted too, `cell.text_in_row_no`) only "Tổng" alone or followed by a
# colon, a bracket or a number, which no name is, opens a total.
_BARE_TOTAL = r"(?:tổng|tong)\s*(?:$|[:(\d])"
_TRAILER_RE = re.compile(f"(?:{_BARE_TOTAL}|{_TRAILER_WORDS}|{_PLACE_AND_DATE})")
_STT_TRAILER_RE = _TRAILER_RE
# Where no name is written, in the year column of `Số liệu năm`, any bare "Tổng" is a total.
_TRAILER_RE_OF = {
    layout.SHEET_YEARS: re.compile(rf"(?:(?:tổng|tong)\b|{_TRAILER_WORDS}|{_PLACE_AND_DATE})"),
}
# By sheet: the column whose words say what a row is, what a row of the sheet is, and a
# column such a line leaves empty while every row of the list fills it (the members' and
# the changes' birth date; on the years, a line's year is text where a year is a number).
_TRAILER_LABEL: dict[str, tuple[str, str, str | None]] = {
    layout.SHEET_MEMBERS: ("full_name", "đảng viên", "birth_date"),
    layout.SHEET_EVENTS: ("full_name", "biến động", "birth_date"),
    layout.SHEET_YEARS: ("year", "số liệu một năm", None),
}


# `_trailer_columns` by the spec object: a frozen dataclass hashes all its fields and their
# vocabularies on every lookup (0.3 ms a file, three lookups a sheet), so the cache is keyed
# by identity and holds the spec, whose id then stays its own.
_TRAILER_COLUMNS: dict[int, tuple[SheetSpec, tuple[int, int | None] | None]] = {}


def _trailer_columns(spec: SheetSpec) -> tuple[int, int | None] | None:
    """Where `spec`'s `_TRAILER_LABEL` columns are: (the label's, the always-filled one's)."""
    hit = _TRAILER_COLUMNS.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    found = _find_trailer_columns(spec)
    if len(_TRAILER_COLUMNS) >= 64:  # the specs are the layouts' few constants: never grows
        _TRAILER_COLUMNS.clear()
    _TRAILER_COLUMNS[id(spec)] = (spec, found)
    return found


def _find_trailer_columns(spec: SheetSpec) -> tuple[int, int | None] | None:
    label = _TRAILER_LABEL.get(spec.name)
    if label is None or not spec.has(label[0]):
        return None
    key, _, empty_key = label
    empty_at = spec.keys.index(empty_key) if empty_key is not None and spec.has(empty_key) else None
    return spec.keys.index(key), empty_at


def _candidates(spec: SheetSpec, columns: Sequence[Sequence[Any]], kept: np.ndarray) -> np.ndarray:
    """The rows with data (positions in `kept`) that leave the sheet's always-filled column
    empty (or whose year is text): the only ones a line that is no row can be. A column-wide
    look at C speed; none in the common case."""
    found_in = _trailer_columns(spec)
    if found_in is None or not len(kept):
        return np.zeros(0, dtype=np.intp)
    label_at, empty_at = found_in
    if empty_at is not None:
        other = columns[empty_at]
        others = other if len(kept) == len(other) else take(other, kept)
        # Empty is "" or text of spaces (a cell "cleared" with the space bar) or invisible
        # characters only (`is_blank`): each is text, and the common column (dates) holds
        # none, so one look at C speed.
        texts = np.flatnonzero(type_mask(others, str))
        if not len(texts):
            return texts
        return np.array([p for p in texts.tolist() if is_blank(others[p])], dtype=np.intp)
    words = columns[label_at]
    labels = words if len(kept) == len(words) else take(words, kept)
    return np.flatnonzero(type_mask(labels, str))


def _count_candidates(
    spec: SheetSpec, columns: Sequence[Sequence[Any]], kept: np.ndarray, date1904: bool = False
) -> np.ndarray:
    """The rows with data (positions in `kept`) whose always-filled column holds a count
    (`_count_in`) rather than being empty: a total typed with its count in the column right of
    its words ("Cộng" | 10, "Tổng số" | "10 đồng chí", on `Biến động` "Cộng" | "0 biến động").
    At C speed: the common column (dates) holds no date before 1905 (1909 in a workbook of
    the 1904 date system, `date1904`; its least is looked at),
    its numbers (a birth date stored as Excel's serial) are 1900 or more, and a text there (a
    date written as text) is looked at only where the name opens as a total can (`_MAY_OPEN`),
    or is empty."""
    found_in = _trailer_columns(spec)
    if found_in is None or not len(kept):
        return np.zeros(0, dtype=np.intp)
    label_at, count_at = found_in
    if count_at is None:
        return np.zeros(0, dtype=np.intp)
    other = columns[count_at]
    others = other if len(kept) == len(other) else take(other, kept)
    kinds = set(map(type, others))
    found: list[int] = []
    for kind in kinds & {int, float}:
        where = np.flatnonzero(type_mask(others, kind)) if len(kinds) > 1 else np.arange(len(others))
        numbers = np.fromiter(take(others, where), dtype=np.float64, count=len(where))
        with np.errstate(invalid="ignore"):
            small = (numbers == np.trunc(numbers)) & (numbers >= 0) & (numbers < _COUNT_LIMIT)
        found += where[small].tolist()
    for kind in kinds & {dt.date, dt.datetime}:  # a number typed in a date-formatted cell
        where = np.flatnonzero(type_mask(others, kind)) if len(kinds) > 1 else np.arange(len(others))
        if min(take(others, where)) < _COUNT_LIMIT_DATES[kind, date1904]:  # none, as a rule
            found += [p for p in where.tolist() if _is_small_number_as_date(others[p], date1904)]
    if str in kinds:
        where = np.flatnonzero(type_mask(others, str)) if len(kinds) > 1 else np.arange(len(others))
        words = columns[label_at]
        labels = take(words if len(kept) == len(words) else take(words, kept), where)
        # A name that may open a total, or none (the total's words in STT: `_line_text`).
        if set(map(type, labels)) == {str}:
            stripped = list(map(str.lstrip, labels))
            opens = np.fromiter(
                map(str.startswith, stripped, repeat(_MAY_OPEN)), dtype=bool, count=len(where)
            ) | ~np.fromiter(map(bool, stripped), dtype=bool, count=len(where))
        else:
            opens = np.fromiter(
                (type(v) is str and (not v.strip() or v.lstrip().startswith(_MAY_OPEN)) for v in labels),
                dtype=bool,
                count=len(where),
            )
        where = where[opens]
        texts = take(others, where)
        # Each distinct text once (dates written as text repeat: a few thousand in a province).
        counts = {v for v in distinct(texts) if _count_in(v) is not None}
        if counts:
            found += where[
                np.fromiter(map(counts.__contains__, texts), dtype=bool, count=len(where))
            ].tolist()
    return np.array(sorted(found), dtype=np.intp)


# What a total's words open with, in any case and encoding ("Cộng", "CỘNG", "Céng" in .VnTime,
# "Coäng" in VNI, "Tổng", "Tæng"): a first look, at C speed, at the names beside a text.
_MAY_OPEN = ("c", "C", "t", "T")


# The count a total line carries in the cell right of its words: a whole number (below 1900:
# a larger one may be a year, or a birth date typed as Excel's serial), or text that is a
# count alone ("10", "10 đ/c", "10 đồng chí", "(10)", on `Biến động` "2 biến động", "2 trường
# hợp"). A number typed in a date-formatted cell is read as a date before 1905: its serial (in a
# workbook of the 1904 date system, a date before 1909, whose serial counts from 01/01/1904).
_COUNT_LIMIT = 1900
# Excel's day 0 (as `excel_serial` counts it) and the day `_COUNT_LIMIT` days later in a date
# cell, by date system (`date1904`).
_FIRST_SERIAL_DATES = {False: dt.date(1899, 12, 31), True: normalize.EXCEL_EPOCH_1904}
_COUNT_LIMIT_DATE = {
    date1904: first + dt.timedelta(days=_COUNT_LIMIT) for date1904, first in _FIRST_SERIAL_DATES.items()
}


_COUNT_LIMIT_DATES: dict[tuple[type, bool], dt.date] = {
    **{(dt.date, date1904): day for date1904, day in _COUNT_LIMIT_DATE.items()},
    **{
        (dt.datetime, date1904): dt.datetime.combine(day, dt.time())
        for date1904, day in _COUNT_LIMIT_DATE.items()
    },
}


def _is_small_number_as_date(value: Any, date1904: bool) -> bool:
    if type(value) is dt.datetime:
        value = value.date()
    return type(value) is dt.date and _FIRST_SERIAL_DATES[date1904] <= value < _COUNT_LIMIT_DATE[date1904]


def _count_in(value: Any, date1904: bool = False) -> str | None:
    """The count a total's count cell holds (`_count_candidates`), as text ("10", "10 đ/c"),
    or None when it holds anything else (a date, a name, a number of 1900 or more)."""
    if type(value) is str:
        text = value.strip().lower()
        if _COUNT_CELL_RE.fullmatch(text):
            return text
        if value.isascii():  # a date typed as text, as a rule: nothing `clean_text` changes
            return None
        text = normalize.clean_text(value).lower()  # decomposed Unicode, invisible characters
        return text if text and _COUNT_CELL_RE.fullmatch(text) else None
    if type(value) in (int, float):
        number = float(value)
        return str(int(number)) if number.is_integer() and 0 <= number < _COUNT_LIMIT else None
    if _is_small_number_as_date(value, date1904):
        day = (value.date() if type(value) is dt.datetime else value).toordinal()
        return str(excel_serial(day, date1904=date1904))
    return None


def _filled(columns: Sequence[Sequence[Any]], content: list[int], row: int) -> list[Any]:
    return [v for v in (columns[i][row] for i in content) if v != "" and not is_blank(v)]


Fonts = Mapping[tuple[int, int], str]


def _read_text(value: Any, row: int, col: int, fonts: Fonts | None) -> str:
    """A cell's text as the reader reads it (`columns.normalize_text_cell`: NFC, spaces, a
    TCVN3 or VNI text converted by its font or its letters), lower case; "" for no text. For
    the few candidate rows only: the words are matched on what the reader will make of them
    ("Céng: 31 ®¶ng viªn" in .VnTime is "Cộng: 31 đảng viên")."""
    if type(value) is not str:
        return ""
    font = fonts.get((row + layout.FIRST_DATA_ROW, col + 1)) if fonts else None
    text = normalize_text_cell(value, font)[0]
    return text.lower() if text else ""


def _holds_member_data(
    spec: SheetSpec,
    columns: Sequence[Sequence[Any]],
    row: int,
    content: list[int],
    fonts: Fonts | None,
    count_at: int | None = None,
) -> bool:
    """Whether a row holds a member's (a change's) data, so that whatever its first cell says
    it is a row of the list, never a total or a signature: a date in a date column (a date, or
    text the reader reads as one), a card number (six digits or more), or two answers of the
    sheet's lists other than Có/Không (gender and ethnicity, education, occupation...). A
    total's counts and a signature block's few words are none of them; "Bí thư Phạm Khắc
    Long" with his birth date left empty is a member whose birth date is missing. `count_at`:
    the column holding the total's count (`_count_candidates`), which is no date."""
    answers = 0
    for i in content:
        value = columns[i][row]
        if value == "" or i == count_at or is_blank(value):
            continue
        f = spec.fields[i]
        if f.kind == "date":
            if normalize.parse_date(value).how in ("date", "text"):
                return True
        elif f.key == "card_no":
            if sum(ch.isdigit() for ch in normalize.cell_text(value) or "") >= 6:
                return True
        elif (
            type(value) is str
            and f.vocab is not None
            and set(f.vocab.codes) != {"yes", "no"}
            and _is_answer(spec, i, row, value, fonts)
        ):
            answers += 1
            if answers >= 2:
                return True
    return False


def _line_text(
    columns: Sequence[Sequence[Any]], row: int, label_at: int, stt_at: int | None, fonts: Fonts | None
) -> str:
    """The words that say what a row is (`_read_text`): its name cell's; its STT's where the
    name is empty and STT opens a total or a line under the list (`_STT_TRAILER_RE`); or both,
    where STT opens a total and the name cell holds only its count ("Tổng cộng" | "31 đồng
    chí": "tổng cộng 31 đồng chí", `_COUNT_ONLY_RE`)."""
    text = _read_text(columns[label_at][row], row, label_at, fonts)
    if stt_at is None or (text and not _COUNT_ONLY_RE.fullmatch(text)):
        return text
    mark = _read_text(columns[stt_at][row], row, stt_at, fonts)
    if not text:
        return mark if mark and _STT_TRAILER_RE.match(mark) else ""
    return f"{mark} {text}" if mark and _TOTAL_RE.match(mark) else text


def trailer_rows(
    spec: SheetSpec,
    columns: Sequence[Sequence[Any]],
    kept: np.ndarray,
    content: list[int],
    fonts: Fonts | None = None,
    date1904: bool = False,
) -> list[int]:
    """The rows with data (positions in `kept`) that are no row of the list: those whose first
    column of content opens with a total's, a signature's or a note's words (`_TRAILER_RE`),
    anywhere, unless the row holds a member's data (`_holds_member_data`); and, after the
    first of them, the rows with a single text cell that end the sheet (the signer's name
    under "BÍ THƯ"). A row with a single text cell followed by a full row is a row with data
    missing, as before. Only `_candidates` are looked at for those, their words read as the
    reader reads them (`_read_text`: TCVN3, VNI, decomposed Unicode); then the signature
    block typed in other columns that ends the sheet (`_signature_block`)."""
    found_in = _trailer_columns(spec)
    if found_in is None or not len(kept):
        return []
    label_at = found_in[0]
    trailer = _TRAILER_RE_OF.get(spec.name, _TRAILER_RE)
    # A subtotal written in STT with its count elsewhere ("Cộng" | | | 2) leaves the name
    # empty: its STT says what it is, as `report_row_no_text` reads a row of STT alone.
    stt_at = spec.keys.index("row_no") if spec.has("row_no") else None

    def line_text(row: int) -> str:
        return _line_text(columns, row, label_at, stt_at, fonts)

    def opens_trailer(row: int) -> bool:
        text = line_text(row)
        return (
            bool(text)
            and trailer.match(text) is not None
            and not _holds_member_data(spec, columns, row, content, fonts)
        )

    def opens_total_with_count(row: int) -> bool:
        """A total whose count is typed in the always-filled column ("Cộng" | 10): its words
        a total's, and no member's data in the rest of the row."""
        text = line_text(row)
        return (
            bool(text)
            and trailer.match(text) is not None
            and _TOTAL_RE.match(text) is not None
            and not _holds_member_data(spec, columns, row, content, fonts, count_at=found_in[1])
        )

    candidates = _candidates(spec, columns, kept)
    marked = [p for p in candidates.tolist() if opens_trailer(int(kept[p]))]
    counted = [
        p
        for p in _count_candidates(spec, columns, kept, date1904).tolist()
        if opens_total_with_count(int(kept[p]))
    ]
    if counted:
        marked = sorted({*marked, *counted})
    found = set(marked)
    # A total (or subtotal) line: no signer's name follows one.
    totals = {p for p in marked if _TOTAL_RE.match(line_text(int(kept[p])))}
    if marked:
        # The single-text rows that end the sheet, each run of them taken only under a
        # signature's, a title's or a date's line (the signer's name under "BÍ THƯ", under
        # "Người lập biểu"): a name alone under a total, or above one, or after a subtotal
        # inside the list, is a member with data missing.
        run: list[int] = []
        for p in range(len(kept) - 1, marked[0] - 1, -1):
            if p in found:
                if run and p not in totals:
                    found.update(run)
                elif run:
                    break
                run = []
                continue
            row = int(kept[p])
            filled = _filled(columns, content, row)
            if (
                len(filled) != 1
                or type(filled[0]) is not str
                or _holds_member_data(spec, columns, row, content, fonts)
            ):
                break
            run.append(p)
    stt = columns[stt_at] if stt_at is not None else None
    found.update(_signature_block(columns, kept, content, stt, trailer, found, totals, fonts))
    return sorted(found)


def _signature_block(
    columns: Sequence[Sequence[Any]],
    kept: np.ndarray,
    content: list[int],
    stt: Sequence[Any] | None,
    trailer: re.Pattern[str],
    marked: Collection[int],
    totals: Collection[int] = (),
    fonts: Fonts | None = None,
) -> list[int]:
    """The signature block that ends the sheet, typed in any column (official lists sign on
    the right: "Ngọc Châu, ngày 31 tháng 3 năm 2026" / "T/M CHI BỘ" / "BÍ THƯ" in column N,
    the signer's name under them), as rows (positions in `kept`) walked up from the last: each
    a title, every cell of it text that opens with `trailer`'s words or is a place-and-date
    line (or a row `trailer_rows` already `marked`), or a signer's names (texts without a
    digit) directly under a title that is no total (`totals`, or a cell opening as one),
    each in a column the title fills. The first row that is
    neither ends the block: no member follows it, and a row holding anything else (a date, a
    number, a dropdown's value, other words, a name under no title) is a member whose data
    is missing, with its errors, as before. Only the rows that end the sheet are looked at:
    the last member stops the walk at once. The texts are read as the reader reads them
    (`_read_text`), once a row is found to hold texts only."""

    def cells(p: int) -> dict[int, str] | None:
        """The row's filled cells by column, if all are texts and its STT a plain number."""
        row = int(kept[p])
        if stt is not None and not _plain_row_number(stt[row]):
            return None
        found: dict[int, str] = {}
        for i in content:
            value = columns[i][row]
            if value == "" or is_blank(value):
                continue
            if type(value) is not str:
                return None
            found[i] = value
        return {i: _read_text(v, row, i, fonts) for i, v in found.items()} or None

    def title(p: int) -> bool:
        if p in marked:
            return True
        found = cells(p)
        return found is not None and all(trailer.match(t) for t in found.values())

    def signer(p: int) -> bool:
        if p == 0 or p - 1 in totals or not title(p - 1):
            return False
        found, above = cells(p), cells(p - 1)
        if above is not None and any(_TOTAL_RE.match(t) for t in above.values()):
            return False  # a signer follows "BÍ THƯ", never a total
        return (
            found is not None
            and above is not None
            and found.keys() <= above.keys()
            and not any(ch.isdigit() for t in found.values() for ch in t)
        )

    block: list[int] = []
    p = len(kept) - 1
    while p >= 0 and (title(p) or signer(p)):
        block.append(p)
        p -= 1
    return block


# What a section heading inside a list opens with (after a numbering: "I.", "A)", "2."), which
# no person's name does: what the rows under it are. Matched lower-case, at the start.
_NUMBERING = r"(?:(?:[ivx]{1,4}|[a-h]|\d{1,2})\s*[.):/-]\s*)?"
_HEADING_WORDS = {
    layout.SHEET_MEMBERS: (
        r"đảng viên\b|dự bị\b|chính thức\b|danh sách\b|miễn (?:công tác|sinh hoạt)\b|"
        r"đi làm ăn xa\b|chi bộ\b|tổ dân phố\b|tổ\s*(?:số\s*)?\d"
    ),
    layout.SHEET_EVENTS: (
        r"kết nạp\b|chuyển (?:đi|đến|sinh hoạt)\b|từ trần\s*:?\s*$|xóa tên\b|khai trừ\b|"
        r"ra khỏi đảng\b|phục hồi\b|biến động\b|đảng viên\b|danh sách\b|"
        # "Tăng", "Giảm" alone (Tăng is also a surname: never with more words after it)
        r"(?:tăng|giảm)(?:\s+trong\s+kỳ)?\s*:?\s*$"
    ),
}
_HEADING_RE = {name: re.compile(_NUMBERING + f"(?:{words})") for name, words in _HEADING_WORDS.items()}


def heading_rows(
    spec: SheetSpec,
    columns: Sequence[Sequence[Any]],
    kept: np.ndarray,
    content: list[int],
    fonts: Fonts | None = None,
) -> list[int]:
    """The rows with data (positions in `kept`) that are headings written into the list: the
    template's header row repeated (where another list was pasted in), with at least half its
    headers; or a section heading ("I. ĐẢNG VIÊN CHÍNH THỨC" on `Đảng viên`, "Chuyển đi:" on
    `Biến động`), a single text cell that opens with the sheet's own `_HEADING_RE` words,
    among the `_candidates`, read as the reader reads it (`_read_text`: TCVN3, VNI, decomposed
    Unicode); or the numbering row of the columns under the list's header or a repeated one
    (`_numbering_row`)."""
    found_in = _trailer_columns(spec)
    if found_in is None or not len(kept):
        return []
    label_at = found_in[0]
    words = columns[label_at]
    found: set[int] = set()
    header = spec.fields[label_at].header
    # The template's own header pasted (one look at C speed; an other list's header, worded
    # otherwise, has less than half the template's anyway).
    if header in words:
        keys = [match_key(f.header) for f in spec.fields]
        for p, row in enumerate(kept.tolist()):
            if words[row] == header:
                same = sum(
                    match_key(normalize.cell_text(columns[i][row]) or "") == keys[i]
                    for i in range(min(len(keys), len(columns)))
                )
                if 2 * same >= len(keys):
                    found.add(p)
    # The numbering row an official table carries under its header ("(1)" … "(21)"): looked
    # for only where a header is, the list's first row and the row under a header pasted in.
    width = len(spec.fields)
    for p in (0, *(q + 1 for q in sorted(found))):
        if p < len(kept) and p not in found and _numbering_row(columns, int(kept[p]), width):
            found.add(p)
    pattern = _HEADING_RE.get(spec.name)
    if pattern is not None:
        for p in _candidates(spec, columns, kept).tolist():
            row = int(kept[p])
            filled = _filled(columns, content, row)
            if len(filled) == 1 and pattern.match(_read_text(words[row], row, label_at, fonts)):
                found.add(p)
    return sorted(found)


# A column's number as a numbering row writes it: 3, "3", "(3)", "[3]", "3."; or, for the
# columns of text before the numbered ones, a letter ("A", "(B)").
_COLUMN_MARK_RE = re.compile(r"[(\[]?\s*(\d{1,2}|[A-Z])\s*[)\]]?\.?")


def _column_mark(value: Any) -> int | str | None:
    if type(value) is int:
        return value
    if type(value) is float:
        return int(value) if value.is_integer() else None
    if type(value) is str and (m := _COLUMN_MARK_RE.fullmatch(value.strip())):
        mark = m.group(1)
        return int(mark) if mark.isdigit() else mark
    return None


def _numbering_row(columns: Sequence[Sequence[Any]], row: int, width: int) -> bool:
    """Whether the row numbers the template's columns in order: 1, 2, 3… from column A, or
    A, B… then 1, 2… (an official form's columns of text lettered, of numbers numbered), in
    at least two thirds of the columns. No row of a list is: its name is never the number 2,
    nor its birth date 3."""
    marks = [_column_mark(columns[i][row]) if i < len(columns) else None for i in range(width)]
    letters = 0
    while letters < width and marks[letters] == chr(ord("A") + letters):
        letters += 1
    same = sum(
        1 for i, mark in enumerate(marks) if mark == (chr(ord("A") + i) if i < letters else i - letters + 1)
    )
    return same >= 3 and 3 * same >= 2 * width


# A total line (not a signature, nor a note): "Tổng cộng", "Tổng số", "Cộng", a bare "Tổng"
# (`_BARE_TOTAL`), at the start of its words as read (`_read_text`).
_TOTAL_RE = re.compile(rf"(?:tổng cộng|tong cong|tổng số\b|cộng\b|{_BARE_TOTAL})")
# The count such a line states: a number followed by a unit ("57 đảng viên", "31 đồng chí",
# "57 đ/c", "57 ĐV", "57 người"), else the number right after the total's words ("Tổng số:
# 57", "Cộng 31", "Tổng số đảng viên: 57", "Tổng cộng (57)"). A date ("ngày 31/3/2026") is
# taken out first, and a year (a number of four digits from 1900) is never a count unless a
# unit follows it. Thousands are dotted ("1.216 đảng viên").
_UNIT = r"(?:đảng viên|đồng chí|đ/c|đv|người)"
_COUNT_NUMBER = r"(\d{1,3}(?:\.\d{3})+|\d+)"
_DATE_IN_TEXT_RE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}")
_COUNT_WITH_UNIT_RE = re.compile(rf"(?<![\d.]){_COUNT_NUMBER}\s*{_UNIT}(?!\w)")
# A group a subtotal counts, named after its count's unit ("Cộng: 28 đảng viên chính thức",
# "15 đồng chí tổ 1", "12 đảng viên nữ"), or between "đảng viên" and the count ("Tổng số đảng
# viên dự bị: 3"): the members of one part of the list, never all of them.
_GROUP = r"(?:chính thức|dự bị|nữ|nam|tổ|miễn|đi làm ăn xa|kết nạp|mới)(?!\w)"
# The grand count: the number right after the total's words, where the words may name what is
# counted and how far before a colon ("Tổng số đảng viên: 57", "Tổng số đảng viên của chi bộ:
# 57", "Tổng số đảng viên đến 31/3/2026: 57", the date taken out), but no group. A colon (or
# "=") and a bracket may both come before it: "Tổng cộng:" | "(10)" read together is "tổng cộng:
# (10)", whose count was not read (hunt299).
_COUNT_AFTER_TOTAL_RE = re.compile(
    r"(?:tổng cộng|tong cong|tổng số|tổng|tong|cộng)(?:\s+số)?"
    rf"(?:\s+{_UNIT}(?:(?:\s+(?!{_GROUP})[^\s\d:=()]+)*\s*:)?)?"
    rf"\s*[:=]?\s*\(?\s*{_COUNT_NUMBER}(?![\d/])"
)
_GROUP_AFTER_RE = re.compile(rf"\s*{_UNIT}\s*{_GROUP}")
# A name cell beside a total typed in STT that holds only its count: "31 đồng chí", "(31)", "31".
_COUNT_ONLY_RE = re.compile(rf"\(?\s*{_COUNT_NUMBER}\s*{_UNIT}?\s*\)?\s*\.?")
# The cell right of a total's words holding only its count (`_count_in`): as above, or a number
# of changes ("0 biến động", "2 trường hợp").
_COUNT_CELL_RE = re.compile(rf"\(?\s*{_COUNT_NUMBER}\s*(?:{_UNIT}|biến động|trường hợp)?\s*\)?\s*\.?")


def _stated_count(text: str) -> tuple[int, bool] | None:
    """The count a total line's words (`_read_text`) state, and whether the line is a grand
    total rather than a subtotal. The count right after the total's words is the grand one
    ("Tổng số: 57", "Cộng: 31 đồng chí", "Tổng số đảng viên của chi bộ: 57"), and wins over a
    breakdown after it ("Tổng số: 57 (trong đó nữ 12 đảng viên)", "Cộng: 57 (dự bị 3 đồng
    chí)"), unless a group follows its unit ("Cộng: 28 đảng viên chính thức", `_GROUP`: a
    subtotal). Else the first count followed by a unit is a subtotal naming its group ("Cộng
    tổ 1: 15 đồng chí"). None when no count is stated."""
    if not _TOTAL_RE.match(text):
        return None
    text = _DATE_IN_TEXT_RE.sub(" ", text)
    after = _COUNT_AFTER_TOTAL_RE.match(text)
    if after is not None:
        count = int(after.group(1).replace(".", ""))
        rest = text[after.end() :]
        if not (len(after.group(1)) == 4 and count >= 1900 and not re.match(rf"\s*{_UNIT}", rest)):
            return count, _GROUP_AFTER_RE.match(rest) is None
    m = _COUNT_WITH_UNIT_RE.search(text)
    return None if m is None else (int(m.group(1).replace(".", "")), False)


def stated_counts(
    spec: SheetSpec,
    columns: Sequence[Sequence[Any]],
    rows: Sequence[int],
    fonts: Fonts | None = None,
    date1904: bool = False,
) -> list[tuple[int, int, int, bool]]:
    """The counts the total lines among `rows` (data rows that `trailer_rows` or
    `report_row_no_text` took as lines under the list) state, as (data row, column, count):
    read in the name column, or in STT where the name is empty, each with whether it is a
    grand total (`_stated_count`). Only those few rows are read. `date1904`: the workbook's
    date system, which a count typed in a date-formatted cell is read back in."""
    found_in = _trailer_columns(spec)
    if found_in is None:
        return []
    label_at, count_at = found_in
    stt_at = spec.keys.index("row_no") if spec.has("row_no") else None
    out: list[tuple[int, int, int, bool]] = []
    for row in rows:
        at = label_at
        text = _line_text(columns, row, label_at, stt_at, fonts)
        if not text and stt_at is not None:  # a line `report_row_no_text` took: STT alone
            text = _read_text(columns[stt_at][row], row, stt_at, fonts)
        if stt_at is not None and not _read_text(columns[label_at][row], row, label_at, fonts):
            at = stt_at
        count = _stated_count(text) if text else None
        if count is None and text and count_at is not None:
            # The count typed right of the total's words ("Cộng" | 10: `_count_candidates`).
            beside = _count_in(columns[count_at][row], date1904)
            if beside is not None and (count := _stated_count(f"{text} {beside}")) is not None:
                at = count_at
        if count is not None:
            out.append((row, at, *count))
    return out


def report_trailer_count(
    spec: SheetSpec, sheet: str, stated: list[tuple[int, int, int, bool]], read: int, ctx: ReadContext
) -> None:
    """`file.trailer_count`, once, when the count a total line states (`stated_counts`) is not
    the number of rows read: the largest count stated is more than the rows read (a member
    deleted, or left on another sheet), or the only grand total ("Tổng số: 57") states another
    count. Subtotals ("Cộng tổ 1: 15 đồng chí") state less than the rows read: no fault."""
    if not stated:
        return
    grand = [s for s in stated if s[3]]
    largest = max(stated, key=lambda s: s[2])
    if largest[2] > read:
        row, at, count, _ = largest
    elif len(grand) == 1 and grand[0][2] != read:
        row, at, count, _ = grand[0]
    else:
        return
    excel = row + layout.FIRST_DATA_ROW
    key = spec.keys[at]
    cell = spec.cell(key, excel)
    what = _TRAILER_LABEL[spec.name][1]
    ctx.add(
        "file.trailer_count",
        sheet=sheet,
        cell=cell,
        column=spec.field(key).header,
        where=f"Sheet \u201c{sheet}\u201d, ô {cell}",
        what=what,
        stated=vnformat.number(count),
        read=vnformat.number(read),
    )


# The label Data > Subtotals (Excel's and LibreOffice's) writes in the grouped column of each
# line it inserts: the group's value and the function's name ("Cao cấp Count", "Nam Sum",
# "Trung cấp Result"; Vietnamese "… Đếm", "… Kết quả", "… Tổng"), and the grand line's ("Grand
# Count", "Grand Total", "Tổng cộng", "Tổng cộng chung"). Matched lower-case, whole. In the name
# column a name could end in a Vietnamese word of them ("Nguyễn Văn Tổng"): only the English
# words, "kết quả", "đếm" and the grand lines count there.
_SUBTOTAL_ENGLISH = r"(?:count|counta|countnums|result|sum|total|average|max|min|product)"
_SUBTOTAL_GRAND = r"(?:grand\s.*|tổng cộng(?:\s+chung)?)"
_SUBTOTAL_LABEL_RE = re.compile(
    rf"(?:.*\s)?(?:{_SUBTOTAL_ENGLISH}|kết quả|đếm|tổng|tổng số|trung bình)|{_SUBTOTAL_GRAND}"
)
_SUBTOTAL_NAME_LABEL_RE = re.compile(rf"(?:.*\s)?(?:{_SUBTOTAL_ENGLISH}|kết quả|đếm)|{_SUBTOTAL_GRAND}")


def subtotal_rows(
    spec: SheetSpec,
    columns: Sequence[Sequence[Any]],
    kept: np.ndarray,
    formula_rows: Collection[int],
    fonts: Fonts | None = None,
    date1904: bool = False,
) -> list[int]:
    """The rows (positions in `kept`) that Data > Subtotals inserted into the list (hunt135 F4):
    a row holding a SUBTOTAL formula (`formula_rows`, Excel rows) or the command's label
    (`_SUBTOTAL_LABEL_RE`: "Cao cấp Count", "Grand Count", kept when the values were pasted),
    every other cell of it a count (`_count_in`), and at least one count or formula. A member's
    row holds a name, dates and answers, so none is taken. Looked at: the formula rows and the
    rows that leave the always-filled column empty or hold a count there (`_candidates`,
    `_count_candidates`)."""
    found_in = _trailer_columns(spec)
    if found_in is None or not len(kept):
        return []
    label_at = found_in[0]
    first = layout.FIRST_DATA_ROW
    formulas = {r - first for r in formula_rows}
    positions = {
        *_candidates(spec, columns, kept).tolist(),
        *_count_candidates(spec, columns, kept, date1904).tolist(),
    }
    if formulas:
        positions.update(p for p, row in enumerate(kept.tolist()) if row in formulas)
    width = len(spec.fields)
    found: list[int] = []
    for p in sorted(positions):
        row = int(kept[p])
        labels = counts = 0
        for i in range(width):
            value = columns[i][row]
            if value == "" or is_blank(value):
                continue
            text = _read_text(value, row, i, fonts)
            pattern = _SUBTOTAL_NAME_LABEL_RE if i == label_at else _SUBTOTAL_LABEL_RE
            if text and pattern.fullmatch(text):
                labels += 1
            elif _count_in(value, date1904) is not None:
                counts += 1
            else:
                break
        else:
            if labels <= 1 and (row in formulas or (labels and counts)):
                found.append(p)
    return found


def report_rows(
    code: str,
    spec: SheetSpec,
    sheet: str,
    columns: Sequence[Sequence[Any]],
    kept: Sequence[int],
    found: list[int],
    ctx: ReadContext,
    fonts: Fonts | None = None,
) -> None:
    """One warning, `code`, for the rows (positions in `kept`) that `trailer_rows` or
    `heading_rows` found: not read, and why, quoting the first line (as Excel shows it: a
    TCVN3 or VNI text converted, "Céng: 31 ®¶ng viªn" in .VnTime is "Cộng: 31 đảng viên")."""
    key, what, _ = _TRAILER_LABEL[spec.name]
    rows = [int(kept[p]) + layout.FIRST_DATA_ROW for p in found]
    first = kept[found[0]]
    # The line's words where a row has its name (or year), else its first text.
    label_at = spec.keys.index(key)
    # ... and the cell it is in ("Cộng" in STT, its name cell empty, is at A4, not B4; "Tổng
    # cộng" in STT with "31 đồng chí" in the name cell is quoted at A4 too).
    first_at = label_at
    if spec.has("row_no") and _COUNT_ONLY_RE.fullmatch(
        _read_text(columns[label_at][first], int(first), label_at, fonts)
    ):
        first_at = spec.keys.index("row_no")
    at = next(
        (
            i
            for i in (first_at, *range(len(spec.fields)))
            if type(columns[i][first]) is str and columns[i][first].strip()
        ),
        label_at,
    )
    example = columns[at][first] if type(columns[at][first]) is str else ""
    font = fonts.get((int(first) + layout.FIRST_DATA_ROW, at + 1)) if fonts else None
    if example and (encoding := legacy.detect_legacy(example, font)) is not None:
        example = legacy.convert_legacy(example, encoding, font)
    example = unicodedata.normalize("NFC", example)
    if _numbering_row(columns, int(first), len(spec.fields)):  # "(1) (2) (3)…", not "(2)"
        example = " ".join(normalize.cell_text(columns[i][first]) or "" for i in range(3)) + " \u2026"
        at = label_at
    key = spec.keys[at]
    cell = spec.cell(key, rows[0])
    lines = f"dòng {cell_ranges('', rows)}"
    if len(rows) > 1:
        lines = f"{vnformat.number(len(rows))} dòng ({lines})"
    ctx.add(
        code,
        sheet=sheet,
        cell=cell,
        column=spec.field(key).header,
        value=normalize.cell_text(example),
        where=f"Sheet \u201c{sheet}\u201d, {lines}",
        what=what,
    )


def _answer_columns(spec: SheetSpec) -> dict[int, Vocabulary]:
    """The sheet's Có/Không columns (an empty cell is Không: `layout._yes_no`), by position,
    with the words each is read with."""
    return {
        i: f.vocab
        for i, f in enumerate(spec.fields)
        if f.vocab is not None and set(f.vocab.codes) == {"yes", "no"}
    }


def answers_only_rows(
    spec: SheetSpec,
    columns: Sequence[Sequence[Any]],
    kept: np.ndarray,
    content: list[int],
    *,
    beyond: Sequence[Sequence[Any]] = (),
    merged: Collection[int] = frozenset(),
    fonts: Mapping[tuple[int, int], str] | None = None,
) -> tuple[list[int], list[int]]:
    """The rows with data (positions in `kept`) whose only values are answers of Có/Không
    columns ("Không" dragged down a column past the list's last row), and those columns (their
    positions, in the sheet's order). No row of a list is: a member or a change has a name and
    a birth date, so only `_candidates` are looked at. A row with an answer and anything else
    (a name, a date, a note, a value the column does not take) is a row with data missing, as
    before; so is a row between two rows of the list, since the rule is the row's own.

    Anything else means anything in the whole row: its STT cell holding more than a plain row
    number (a name typed one column to the left), a cell of `beyond` (the sheet's columns right
    of the template's, before they are cut off: a name typed past "Ghi chú"), and a merged
    block over the row's template columns (`merged`, positions in `columns`: a member written
    over two lines, whose answer on the second line is the member's; `report_merged_cells` says
    what it hides; a box beside the table is no member's, `reader._merged_data_rows`). Such
    a row is read as before, and never said to hold no name.

    An answer is what the reader makes of the cell (`columns.category_code`): "Không"
    typed in a TCVN3 or VNI font ("Kh\u00abng" in .VnTime) is "Không" here too, by the cell's
    font (`fonts`, the sheet's legacy fonts by Excel (row, column)) or by its letters."""
    candidates = _candidates(spec, columns, kept)
    if not len(candidates):
        return [], []
    answers = _answer_columns(spec)
    if not answers:
        return [], []
    stt = columns[spec.keys.index("row_no")] if spec.has("row_no") else None
    found: list[int] = []
    used: set[int] = set()
    for p in candidates.tolist():
        row = int(kept[p])
        if row in merged or (stt is not None and not _plain_row_number(stt[row])):
            continue
        if any(row < len(col) and col[row] != "" and not is_blank(col[row]) for col in beyond):
            continue
        filled = [i for i in content if columns[i][row] != "" and not is_blank(columns[i][row])]
        if filled and all(i in answers and _is_answer(spec, i, row, columns[i][row], fonts) for i in filled):
            found.append(p)
            used.update(filled)
    return found, sorted(used)


def _is_answer(
    spec: SheetSpec, i: int, row: int, value: Any, fonts: Mapping[tuple[int, int], str] | None
) -> bool:
    """Whether the cell (column `i`, data row `row`) reads as a value of its Có/Không column,
    by the reader's own rule for the column's cells (legacy encodings converted)."""
    f = spec.fields[i]
    font = fonts.get((row + layout.FIRST_DATA_ROW, i + 1)) if fonts else None
    return f.vocab is not None and category_code(value, f, font) in f.vocab.codes


def _plain_row_number(value: Any) -> bool:
    """Whether an STT cell is empty or holds a plain row number (a whole number, as a number or
    as digits): what a pre-numbered list has in the rows below its last member."""
    if value == "" or is_blank(value):
        return True
    if type(value) is int:
        return True
    if type(value) is float:
        return value.is_integer()
    return type(value) is str and _DIGITS_RE.fullmatch(value.strip()) is not None


_DIGITS_RE = re.compile(r"[0-9]{1,9}")


def report_answers_only_rows(
    spec: SheetSpec,
    sheet: str,
    columns: Sequence[Sequence[Any]],
    kept: Sequence[int],
    found: list[int],
    used: list[int],
    ctx: ReadContext,
) -> None:
    """One warning, `file.answers_only_rows`, for the rows `answers_only_rows` found: not
    read, naming them and the Có/Không columns they fill, at the first one's first answer."""
    from toolkit.core.vocab import YES_NO

    rows = [int(kept[p]) + layout.FIRST_DATA_ROW for p in found]
    first = int(kept[found[0]])
    at = next(i for i in used if columns[i][first] != "" and not is_blank(columns[i][first]))
    lines = f"dòng {cell_ranges('', rows)}"
    if len(rows) > 1:
        lines = f"{vnformat.number(len(rows))} dòng ({lines})"
    ctx.add(
        "file.answers_only_rows",
        sheet=sheet,
        cell=spec.cell(spec.keys[at], rows[0]),
        column=spec.fields[at].header,
        where=f"Sheet \u201c{sheet}\u201d, {lines}",
        what=_TRAILER_LABEL[spec.name][1],
        columns=("các cột " if len(used) > 1 else "cột ")
        + ", ".join(f"\u201c{spec.fields[i].header}\u201d" for i in used),
        yes=YES_NO.label("yes"),
        no=YES_NO.label("no"),
    )


# A row number as typed in STT: digits, perhaps with a dot or a bracket ("1", "1.", "12)").
_ROW_NUMBER_RE = re.compile(r"\d{1,9}\s*[.)]?")


def _typed_in_row_no(value: Any) -> bool:
    """Whether an STT cell holds more than a row number (text, a date…)."""
    if value == "" or is_blank(value):
        return False
    if type(value) in (int, float):
        return False
    return not (type(value) is str and _ROW_NUMBER_RE.fullmatch(value.strip()))


def report_row_no_text(
    spec: SheetSpec,
    sheet: str,
    columns: Sequence[Sequence[Any]],
    filled: np.ndarray,
    ctx: ReadContext,
    fonts: Fonts | None = None,
) -> tuple[list[int], list[int]]:
    """The rows not read (`filled` False) whose STT cell holds more than a number: a list whose
    names were pasted into column A, one column to the left. The reader leaves STT out of what
    makes a row, so such rows were passed over in silence: "không có đảng viên nào" beside forty
    names, and `template --overwrite` took the file for an unfilled template. A total, a
    signature or a section heading written in column A is `file.trailer_rows` or
    `file.heading_rows`, as in the name column, and so is a bare "Tổng" (`_STT_TRAILER_RE`); any
    other text is `cell.text_in_row_no`, an error (a row the list has lost). Every one of them
    is data not read (`DATA_NOT_READ`). The words are read as the reader reads them
    (`_read_text`). Returns the Excel rows of `cell.text_in_row_no`, and the data rows taken as
    `file.trailer_rows` (for `stated_counts`)."""
    if not spec.has("row_no") or not len(filled):
        return [], []
    stt_at = spec.keys.index("row_no")
    stt = columns[stt_at]
    rows = [r for r in np.flatnonzero(~filled).tolist() if _typed_in_row_no(stt[r])]
    if not rows:
        return [], []
    heading = _HEADING_RE.get(spec.name)
    trailers, headings, others = [], [], []
    for r in rows:
        text = _read_text(stt[r], r, stt_at, fonts)
        if text and _STT_TRAILER_RE.match(text):
            trailers.append(r)
        elif text and heading is not None and heading.match(text):
            headings.append(r)
        else:
            others.append(r)
    for code, group in (("file.trailer_rows", trailers), ("file.heading_rows", headings)):
        if group and spec.name in _TRAILER_LABEL:
            report_rows(code, spec, sheet, columns, group, list(range(len(group))), ctx, fonts)
    if not others:
        return [], trailers
    excel = [r + layout.FIRST_DATA_ROW for r in others]
    lines = f"dòng {cell_ranges('', excel)}"
    if len(excel) > 1:
        lines = f"{vnformat.number(len(excel))} dòng ({lines})"
    label = _TRAILER_LABEL.get(spec.name)
    name_key = label[0] if label is not None and spec.has(label[0]) else spec.keys[1]
    ctx.add(
        "cell.text_in_row_no",
        sheet=sheet,
        cell=spec.cell("row_no", excel[0]),
        column=spec.field("row_no").header,
        value=normalize.cell_text(stt[others[0]]),
        where=f"Sheet \u201c{sheet}\u201d, {lines}",
        target=spec.field(name_key).header,
    )
    return excel, trailers
