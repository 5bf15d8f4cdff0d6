"""A submission's sheets beyond their values: finding them, scanning their XML, their shape.

Values come from python-calamine; the sheet XML is scanned (with regular expressions, after
the package gate refused any DTD) only for what calamine does not tell: legacy TCVN3/VNI
fonts, hidden rows, formulas without a cached value, formulas whose result changes by itself
(volatile functions such as TODAY), error values and NaN (`toolkit.io.errorcells`), and
numbers so far out of range that calamine would fail on them. The problems of a sheet's
shape (columns beyond the template's, hidden rows, merged cells, data on a sheet that is not
part of the template) are reported here too.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import unicodedata
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import Any

from toolkit.core import layout, vnformat, vocab
from toolkit.core.layout import SheetSpec, cell_ranges, get_column_letter
from toolkit.core.vocab import match_key as _vocab_match_key
from toolkit.io import normalize
from toolkit.io.autofilter import (
    Filter,
    SheetFilters,
    cell_format,
    first_filter,
    hidden_by_hand,
    parse_filter,
    sheet_filter,
)
from toolkit.io.cellrefs import CELL_REF, Places, column_index
from toolkit.io.cells import distinct, is_blank
from toolkit.io.columns import column_issue
from toolkit.io.context import ReadContext
from toolkit.io.errorcells import (
    CELL_TYPE,
    CELL_VALUE,
    Book,
    find_error_cells,
    find_out_of_range,
    may_be_out_of_range,
)
from toolkit.io.legacy import convert_legacy, detect_legacy, legacy_font_encoding
from toolkit.io.package import (
    Package,
    number_formats,
    part_key,
    plain_elements,
    read_part,
    refuse_dtd,
    refuse_wide_xml,
    take_part,
)
from toolkit.io.tagscan import attribute, element_matches, tag_matches

_MATCH_KEYS: dict[str, str] = {}


def match_key(text: str) -> str:
    """`vocab.match_key`, remembered: the same headers and sheet names come in every file."""
    try:
        return _MATCH_KEYS[text]
    except KeyError:
        if len(_MATCH_KEYS) >= 10_000:
            _MATCH_KEYS.clear()
        key = _MATCH_KEYS[text] = _vocab_match_key(text)
        return key


def find_sheet(names: Sequence[str], wanted: str) -> str | None:
    """The sheet named `wanted`, exactly or up to case, accents and spaces (`match_key`)."""
    if wanted in names:
        return wanted
    key = match_key(wanted)
    for name in names:
        if match_key(name) == key:
            return name
    return None


# --------------------------------------------------------------------------------------------
# Scanning the sheet XML
# --------------------------------------------------------------------------------------------


@dataclass
class SheetXml:
    """What the raw sheet XML tells beyond the values."""

    hidden_rows: set[int] = field(default_factory=set)
    # The columns hidden (`<col hidden="1">`, or 0 wide), 1-based, as `(min, max)` spans of
    # the sheet's `<cols>` (a span may run to column 16384).
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)
    # An AutoFilter (the sheet's, or an Excel Table's) with a condition on a column, looked for
    # only when a row is hidden; `filters` holds their conditions, which tell the rows it hid
    # from those hidden by hand under it (`rows_hidden_by_hand`).
    filtered: bool = False
    filters: SheetFilters | None = None
    formula_no_value: list[tuple[int, int]] = field(default_factory=list)  # (row, col) 1-based
    # Of those, the formulas whose text holds a text constant (`="Tổng cộng: "&…`): a label,
    # not a numbering, when in the STT column (review158 F6).
    formula_text_no_value: set[tuple[int, int]] = field(default_factory=set)
    # (row, col) → the volatile functions of a formula that has a cached value: "TODAY, NOW"
    volatile: dict[tuple[int, int], str] = field(default_factory=dict)
    legacy_fonts: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → font
    error_cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → #DIV/0!…
    # (row, col) → a number below `errorcells.MIN_CELL_NUMBER`, as written ("-1.000.000.000.000")
    out_of_range: dict[tuple[int, int], str] = field(default_factory=dict)
    struck: set[tuple[int, int]] = field(default_factory=set)  # (row, col) of struck-through text
    # (row, col) → the runs (text, struck) of a cell's text struck through in part only (a
    # shared string of `Package.part_struck`, in a cell not struck whole): `report_part_struck`.
    part_struck: dict[tuple[int, int], tuple[tuple[str, bool], ...]] = field(default_factory=dict)
    # (row, col) → the other workbooks a formula with a cached value takes values from
    external: dict[tuple[int, int], str] = field(default_factory=dict)
    # The rows holding a SUBTOTAL formula (Data > Subtotals of Excel and LibreOffice writes one
    # in each subtotal line it inserts): read by `straylines.subtotal_rows`.
    subtotal_rows: set[int] = field(default_factory=set)
    needs_defusing: bool = False  # calamine must read this sheet from the defused package


_CELL_RE = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_EMPTY_CELL_RE = re.compile(rb"<c\b([^>]*?)(?:/>|(?!)>(.*?)</c>)", re.S)  # `tagscan.element_matches`
_CELL_OPEN_RE = re.compile(rb"<c\b")
_CELL_TAG_RE = re.compile(rb"<c(?=[\s/>])([^>]*?)/?>")
_S_RE = re.compile(rb'\bs="(\d+)"')
_RFONT_RE = re.compile(rb'rFont\s+val="([^"]+)"')
_ROW_RE = re.compile(rb"<row\b([^>]*)>")
_CELL_START_RE = re.compile(rb"<c[\s/>]")
_HIDDEN_RE = re.compile(rb'\bhidden="(?:1|true)"')
# A column's element in `<cols>` (before `<sheetData>`): its span and its width.
_COL_RE = re.compile(rb"<col\b([^>]*)>")
_COL_OPEN = re.compile(rb"<col\b")
_COL_MIN_RE = re.compile(rb'\bmin="(\d+)"')
_COL_MAX_RE = re.compile(rb'\bmax="(\d+)"')
_COL_WIDTH_RE = re.compile(rb'\bwidth="([^"]*)"')
# A row's own height, and whether it is a custom one: a row of custom height 0 is hidden to the
# eye without `hidden` (some programs hide rows so; Excel shows them hidden, and Unhide shows them).
_HT_RE = re.compile(rb'\bht="([^"]*)"')
_CUSTOM_HEIGHT_RE = re.compile(rb'\bcustomHeight="(?:1|true)"')
# `<sheetFormatPr zeroHeight="1">`: rows are 0 high by default, so every row without its own
# height is hidden.
_ZERO_HEIGHT_RE = re.compile(rb'<sheetFormatPr\b[^>]*\bzeroHeight="(?:1|true)"')
_SHEET_FORMAT_OPEN = re.compile(rb"<sheetFormatPr\b")
# A height that may be 0 (or less): `ht="0…"`, `ht=".0"`, `ht="-1"`. Searched for by its
# literal, then told from the ends of `right="0.75"` and `fitToHeight="0"` (every sheet's page
# margins and setup hold them) by the whitespace before it.
_LOW_HT_RE = re.compile(rb'ht="[-+0.]')
_FORMULA_RE = re.compile(rb"<f[\s>/]")
# A cell's formula element: its attributes and its text (none for a shared formula's followers).
_F_ELEMENT_RE = re.compile(rb"<f(?=[\s>/])([^>]*?)(?:/>|>([^<]*)</f>)")
_SHARED_RE = re.compile(rb'\bt="shared"')
_SI_RE = re.compile(rb'\bsi="(\d+)"')
# Functions whose result changes by itself (at every recalculation, or with the date), as a
# call, case-insensitive, with or without Excel's `_xlfn.` prefix of newer functions.
_VOLATILE_RE = re.compile(
    rb"(?<![\w.])(?:_xlfn\.)?(TODAY|NOW|RANDBETWEEN|RANDARRAY|RAND|OFFSET|INDIRECT|CELL|INFO)\s*\(", re.I
)
# An external reference's index in a formula: `[1]` not right after a name, a bracket or the
# `@` of a table's row (`Bang1[1]`, `[@[2]]` are a table's columns).
_EXTERNAL_RE = re.compile(rb"(?<![\w\].\[@])\[(\d+)\]")
# A call of SUBTOTAL, as Data > Subtotals writes it ("SUBTOTAL(3,$B$2:$B$7)").
_SUBTOTAL_RE = re.compile(rb"(?<![\w.])SUBTOTAL\s*\(", re.I)


def cell_elements(xml: bytes) -> Iterator[re.Match[bytes]]:
    """`_CELL_RE.finditer(xml)` in linear time (`tagscan.element_matches`)."""
    return element_matches(_CELL_RE, _EMPTY_CELL_RE, _CELL_OPEN_RE, b"</c>", xml)


def scan_sheet(pkg: Package, part: str, ctx: ReadContext) -> SheetXml:
    """Hidden rows, formulas without a cached value and legacy-font cells of one sheet part."""
    found = SheetXml()
    if not part or part not in pkg.names:
        return found
    raw = take_part(pkg, part)
    sheet = next((name for name, own in pkg.sheet_parts.items() if own == part), part)
    refuse_wide_xml(raw, f"sheet \u201c{sheet}\u201d", ctx)
    refuse_dtd(raw, part, ctx)
    xml = plain_elements(raw)  # elements by their local names, as calamine reads them
    # The cells only, without comments, CDATA and processing instructions (which calamine does
    # not read either): looked for only where the plain XML shows something (a pass over a
    # province's 300 MB sheet costs a quarter of a second).
    cells = functools.cache(lambda: markup_only(xml))
    found.error_cells, found.needs_defusing = find_error_cells(xml)
    if found.error_cells:
        found.error_cells, found.needs_defusing = find_error_cells(cells())
    if may_be_out_of_range(xml):  # a number calamine panics on: the cell's error (hunt175 F6)
        found.out_of_range = find_out_of_range(cells())
        found.needs_defusing |= bool(found.out_of_range)
    # `sheetFormatPr` comes before the rows: looked for there only. A row 0 high costs one more
    # look through the XML (a quarter second on 300 MB), and the rows are looked at one by one
    # only where a row is hidden or may be 0 high. What comes before the rows is read without
    # its comments when it holds one: `<sheetFormatPr zeroHeight="1"/>` in a comment hid no
    # row (each was reported hidden), nor did `<sheetData>` in one end the rows' head (hunt398).
    rows_at = xml.find(b"<sheetData")
    head = xml
    if rows_at > 0 and (xml.find(b"<!", 0, rows_at) >= 0 or xml.find(b"<?", 1, rows_at) >= 0):
        head = cells()
        rows_at = head.find(b"<sheetData")
    zero_default = rows_at > 0 and any(tag_matches(_ZERO_HEIGHT_RE, _SHEET_FORMAT_OPEN, head, 0, rows_at))
    # `<cols>` comes before the rows too: a hidden column is looked for there only, and found
    # again in the markup alone (not in a comment) when the plain XML shows one.
    if rows_at > 0 and _may_hide_columns(head, rows_at) and _hidden_columns(head, rows_at):
        markup = cells()
        found.hidden_columns = _hidden_columns(markup, markup.find(b"<sheetData"))
    if b"hidden=" in xml or zero_default or _low_height(xml):
        rows = Places(cells())
        hidden_at: list[tuple[int, int]] = []  # each hidden row and where its cells begin
        for m in _ROW_RE.finditer(cells()):
            attrs = m.group(1)
            if _hidden(attrs) or _zero_height(attrs, zero_default):
                num = rows.row(m.start(), attrs)
                if num:
                    found.hidden_rows.add(num)
                    if not attrs.endswith(b"/"):
                        hidden_at.append((num, m.end()))
        if found.hidden_rows:
            filters = _sheet_filters(pkg, part, cells())
            found.filtered = bool(filters)
            if filters:
                found.filters = SheetFilters(filters, date1904=pkg.date1904)
                found.filters.formats = _filter_formats(pkg, cells(), rows, hidden_at, found.filters.columns)
    need_fonts = bool(pkg.legacy_xf or pkg.legacy_shared) or b"rFont" in xml
    # Struck-through text as Excel, LibreOffice and WPS write it: a cell style, or a shared
    # string's runs. Inline rich text (written by programs, never by Excel) is looked at only
    # in the cells `need_fonts` looks through (its runs naming their font, as ward-stats' own
    # upgrade writes a cell with words struck: `_inline_strikes`): looking for it in every
    # sheet would be one more pass over each, the largest too.
    need_strike = bool(pkg.struck_xf or pkg.struck_shared or pkg.part_struck)
    has_formulas = _FORMULA_RE.search(xml) is not None
    if has_formulas or need_fonts or need_strike:
        _scan_cells(pkg, cells(), found, has_formulas, need_fonts, need_strike)
    return found


# What a `<col>` hiding its column must hold: most sheets have none, and are passed over
# without a look at each `<col>`.
_HIDING = (b'hidden="1"', b'hidden="true"', b'width="0', b'width="-')


def _may_hide_columns(xml: bytes, end: int) -> bool:
    """Whether the XML before `end` holds something of a `<col>` that hides its column."""
    return any(xml.find(token, 0, end) >= 0 for token in _HIDING)


def _hidden_columns(xml: bytes, end: int) -> list[tuple[int, int]]:
    """The spans `(min, max)` of the `<col>` elements before `end` (the start of the rows) that
    hide their columns: `hidden="1"`, or a width of 0 or less, which Excel shows hidden too."""
    spans: list[tuple[int, int]] = []
    if end <= 0:
        return spans
    for m in tag_matches(_COL_RE, _COL_OPEN, xml, 0, end):
        attrs = m.group(1)
        hidden = _hidden(attrs)
        if not hidden and b"width=" in attrs:
            width = attribute(attrs, b"width") if _COL_WIDTH_RE.search(attrs) else None
            try:
                hidden = width is not None and float(width) <= 0
            except ValueError:
                hidden = False
        low, high = _COL_MIN_RE.search(attrs), _COL_MAX_RE.search(attrs)
        if hidden and low is not None:
            first = int(low.group(1))
            spans.append((first, int(high.group(1)) if high is not None else first))
    return spans


def _hidden(attrs: bytes) -> bool:
    """Whether a row's or a column's start tag (its attributes) says `hidden="1"`: that text in
    another attribute's value (`z:note=' hidden="1"'`) hides nothing (hunt398)."""
    return _HIDDEN_RE.search(attrs) is not None and attribute(attrs, b"hidden") in (b"1", b"true")


def _low_height(xml: bytes) -> bool:
    """Whether some element of the sheet's XML has its own height attribute `ht` of 0 or less
    (`_LOW_HT_RE`, preceded by whitespace: not `right="0.75"` nor `fitToHeight="0"`, which made
    every sheet's rows be looked at one by one, hunt143's check costing the messy city 5 %)."""
    return any(m.start() > 0 and xml[m.start() - 1] in b" \t\r\n" for m in _LOW_HT_RE.finditer(xml))


def _zero_height(attrs: bytes, zero_default: bool) -> bool:
    """Whether a row (its start tag's attributes) is 0 high: its custom height is 0, or it has
    no height of its own in a sheet whose rows are 0 high by default (`zero_default`)."""
    ht = attribute(attrs, b"ht") if b"ht=" in attrs and _HT_RE.search(attrs) else None
    try:
        height = float(ht) if ht is not None else None
    except ValueError:
        height = None
    if height is None:
        return zero_default
    if height > 0:
        return False
    custom = _CUSTOM_HEIGHT_RE.search(attrs) is not None  # as `hidden`, told from another's value
    return zero_default or (custom and attribute(attrs, b"customHeight") in (b"1", b"true"))


_TARGET_RE = re.compile(rb"""\sTarget\s*=\s*["']([^"']+)["']""")


def _sheet_filters(pkg: Package, part: str, xml: bytes) -> list[Filter]:
    """The AutoFilters with a condition over the sheet `part` (its XML without comments `xml`):
    its own `<autoFilter>`, and those of its Excel Tables (Format as Table), which keep their
    filter in their own part (`xl/tables/tableN.xml`, linked from the sheet's rels)."""
    elements: list[bytes] = []
    own = sheet_filter(xml) if b"<filterColumn" in xml else None
    if own is not None:
        elements.append(own)
    head, _, tail = part_key(part).rpartition("/")
    rels = pkg.part(f"{head}/_rels/{tail}.rels")
    try:
        targets = _TARGET_RE.findall(read_part(pkg.zf, rels, pkg.data)) if rels is not None else []
        for target in targets:
            name = target.decode("utf-8", "replace")
            resolved = name.lstrip("/") if name.startswith("/") else posixpath.normpath(f"{head}/{name}")
            table = pkg.part(resolved) if part_key(resolved).startswith("xl/tables/") else None
            text = read_part(pkg.zf, table, pkg.data) if table is not None else b""
            if b"<filterColumn" in text:
                found = first_filter(markup_only(plain_elements(text)))
                # a Table's filter that cannot be found: it may hide any row (`Filter(None)`)
                elements.append(found.group(0) if found is not None else b"<autoFilter><filterColumn/>")
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, zlib.error):
        pass  # a damaged link or part: no filter of its own
    return [f for f in map(parse_filter, elements) if f is not None]


def _filter_formats(
    pkg: Package, xml: bytes, places: Places, hidden_at: list[tuple[int, int]], columns: Collection[int]
) -> dict[tuple[int, int], str]:
    """The number format code of each cell of the hidden rows (`hidden_at`: the row and where
    its cells begin) in a filtered column: what Excel shows, which a value list matches."""
    formats = number_formats(pkg)
    found: dict[tuple[int, int], str] = {}
    for num, start in hidden_at:
        end = xml.find(b"</row>", start)
        for m in _CELL_TAG_RE.finditer(xml, start, end if end >= 0 else len(xml)):
            attrs = m.group(1)
            place = places.cell(m.start(), attrs)
            if place is None or place[0] != num or place[1] not in columns:
                continue
            style = _S_RE.search(attrs)
            found[place] = cell_format(formats, int(style.group(1)) if style is not None else 0)
    return found


def rows_hidden_by_hand(xml: SheetXml, rows: Sequence[Sequence[Any]]) -> set[int]:
    """The hidden rows of a sheet (`SheetXml.hidden_rows`) that no filter hid: all of them on a
    sheet without an AutoFilter condition; under one, those that satisfy every condition of
    every filter over them, for certain (`autofilter.hidden_by_hand`), its values as calamine
    read them (`rows`, from A1). A row the reader cannot be sure of is taken as the filter's."""
    if not xml.filtered:
        return set(xml.hidden_rows)
    if xml.filters is None:
        return set()
    unsure = set(xml.error_cells) | set(xml.formula_no_value) | set(xml.out_of_range)

    def value_at(row: int, col: int) -> Any:
        cells = rows[row - 1] if 0 < row <= len(rows) else ()
        return cells[col - 1] if 0 < col <= len(cells) else ""

    return hidden_by_hand(xml.filters, xml.hidden_rows, value_at, lambda row, col: (row, col) in unsure)


def volatile_functions(formula: bytes, names: Mapping[str, tuple[str, str]] | None = None) -> str:
    """The volatile functions a formula's text calls ("TODAY, NOW"), or "" (XML-escaped text;
    what is inside string literals and quoted sheet names does not count). With `names`
    (`volatile_names`), a defined name whose value changes by itself counts too, as its
    functions and its name: "TODAY (qua tên “HomNay”)"."""
    text = formula.replace(b"&quot;", b'"').replace(b"&apos;", b"'")
    for quote in (b'"', b"'"):  # string literals, then quoted sheet names
        if quote in text:
            # Every other piece is quoted (a doubled quote inside leaves an empty piece between):
            # linear, whatever a hostile formula holds.
            text = b" ".join(text.split(quote)[::2])
    found = [(m.start(), m.group(1).decode().upper()) for m in _VOLATILE_RE.finditer(text)]
    if names:
        for m in _names_pattern(tuple(sorted(names))).finditer(text):
            display, functions = names[m.group(0).decode("utf-8", "replace").upper()]
            found.append((m.start(), f"{functions} (qua tên \u201c{display}\u201d)"))
    return ", ".join(dict.fromkeys(words for _, words in sorted(found)))


@functools.lru_cache(maxsize=8)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[bytes]:
    """A defined name used in a formula: not part of a longer word, nor a function's name."""
    alternatives = b"|".join(re.escape(n.encode("utf-8")) for n in sorted(names, key=len, reverse=True))
    return re.compile(rb"(?<![\w.])(?:" + alternatives + rb")(?![\w.(])", re.IGNORECASE)


_NAME_DEPTH = 8


def volatile_names(pkg: Package) -> dict[str, tuple[str, str]]:
    """The workbook's defined names whose value changes by itself — defined with a volatile
    function, or with another such name — by upper-case name: (the name as defined, its
    functions). Worked out once per package."""
    if pkg.volatile_names is None:
        found: dict[str, tuple[str, str]] = {}
        changed, depth = True, 0
        # A name through a name: until nothing more is found, or `_NAME_DEPTH` names deep (a
        # hand-made workbook of thousands of chained names stays linear).
        while changed and depth < _NAME_DEPTH:
            changed, depth = False, depth + 1
            for name, formula in pkg.defined_names.items():
                if name.upper() in found:
                    continue
                functions = volatile_functions(formula.encode("utf-8"), found)
                if functions:
                    found[name.upper()] = (name, _just_functions(functions))
                    changed = True
        pkg.volatile_names = found
    return pkg.volatile_names


def _just_functions(words: str) -> str:
    """What a name calls in the end: "TODAY (qua tên “A”), NOW" → "TODAY, NOW"."""
    return ", ".join(dict.fromkeys(w.split(" (qua tên", 1)[0] for w in words.split(", ")))


def external_books(
    formula: bytes, books: Mapping[int, str], names: Mapping[str, tuple[str, list[str]]] | None = None
) -> str:
    """The other workbooks a formula's text takes values from (`[1]DS!C5`, `'[2]Danh sách'!B3`,
    `[1]!Ten`), by name, "" for none: an index the package has as an external reference, not
    inside a text literal, and not after a name (a table's column `Bang1[1]`). With `names`
    (`external_names`), a defined name that takes values from another workbook counts too, as
    its workbooks and its name: "“DS.xlsx” (qua tên “TongSo”)"."""
    return ", ".join(
        dict.fromkeys(
            f"{book} (qua tên \u201c{via}\u201d)" if via else book
            for _, book, via in sorted(_books_of(formula, books, names))
        )
    )


def _books_of(
    formula: bytes, books: Mapping[int, str], names: Mapping[str, tuple[str, list[str]]] | None
) -> list[tuple[int, str, str | None]]:
    """(position, a workbook's words, the defined name it is reached through or None) of every
    other workbook a formula's text takes values from."""
    text = formula.replace(b"&quot;", b'"').replace(b"&apos;", b"'")
    if b'"' in text:
        text = b" ".join(text.split(b'"')[::2])
    found: list[tuple[int, str, str | None]] = []
    for m in _EXTERNAL_RE.finditer(text):
        index = int(m.group(1))
        if index in books:
            found.append((m.start(), f"\u201c{books[index]}\u201d" if books[index] else "một tệp khác", None))
    if names:
        if b"'" in text:  # a quoted sheet name is no defined name ('TongSo'!A1)
            text = b" ".join(text.split(b"'")[::2])
        for m in _names_pattern(tuple(sorted(names))).finditer(text):
            display, reached = names[m.group(0).decode("utf-8", "replace").upper()]
            found += [(m.start(), book, display) for book in reached]
    return found


def external_names(pkg: Package) -> dict[str, tuple[str, list[str]]]:
    """The workbook's defined names that take values from another workbook — defined with an
    external reference (`[1]DS!$C$5`), or with another such name — by upper-case name: (the
    name as defined, the workbooks' words). Worked out once per package."""
    if pkg.external_names is None:
        found: dict[str, tuple[str, list[str]]] = {}
        changed, depth = bool(pkg.external_books), 0
        while changed and depth < _NAME_DEPTH:  # as `volatile_names`
            changed, depth = False, depth + 1
            for name, formula in pkg.defined_names.items():
                if name.upper() in found:
                    continue
                reached = [
                    book
                    for _, book, _ in sorted(_books_of(formula.encode("utf-8"), pkg.external_books, found))
                ]
                if reached:
                    found[name.upper()] = (name, list(dict.fromkeys(reached)))
                    changed = True
        pkg.external_names = found
    return pkg.external_names


def _formula_findings(
    inner: bytes,
    shared: dict[bytes, tuple[str, str]],
    names: Mapping[str, tuple[str, str]],
    books: Mapping[int, str],
    book_names: Mapping[str, tuple[str, list[str]]],
) -> tuple[str, str]:
    """The volatile functions of a cell's formula and the other workbooks it takes values
    from; a shared formula's followers (`<f t="shared" si="3"/>`, no text) take those of the
    cell that holds its text."""
    f = _F_ELEMENT_RE.search(inner)
    if f is None:
        return "", ""
    attrs, text = f.group(1), f.group(2)
    si = _SI_RE.search(attrs) if _SHARED_RE.search(attrs) else None
    if text:
        found = (volatile_functions(text, names), external_books(text, books, book_names) if books else "")
        if si is not None:
            shared[si.group(1)] = found
        return found
    return shared.get(si.group(1), ("", "")) if si is not None else ("", "")


def _calls_subtotal(inner: bytes, shared: set[bytes]) -> bool:
    """Whether a cell's formula calls SUBTOTAL; a shared formula's followers as the cell that
    holds its text (`shared`: the indexes of those that do, filled on the way)."""
    f = _F_ELEMENT_RE.search(inner)
    if f is None:
        return False
    si = _SI_RE.search(f.group(1)) if _SHARED_RE.search(f.group(1)) else None
    if f.group(2):
        calls = _SUBTOTAL_RE.search(f.group(2)) is not None
        if calls and si is not None:
            shared.add(si.group(1))
        return calls
    return si is not None and si.group(1) in shared


def _part_cells(pkg: Package, part: str) -> tuple[bytes, Places]:
    """A sheet part's XML whose `<c>` are its cells (`markup_only`), and where they are."""
    xml = markup_only(plain_elements(take_part(pkg, part)))
    return xml, Places(xml)


def _cell_place(m: re.Match[bytes], places: Places) -> tuple[int, int] | None:
    """(row, col) of the cell `_CELL_RE` matched: its `r`, else where `places` puts it. The
    scan of every cell (`_scan_cells`) keeps this inline: it is the slow loop."""
    attrs = m.group(1)
    ref = CELL_REF.search(attrs)
    return (int(ref.group(2)), column_index(ref.group(1))) if ref else places.cell(m.start(), attrs)


def cell_formulas(
    pkg: Package, part: str, wanted: set[tuple[int, int]]
) -> dict[tuple[int, int], tuple[str, tuple[int, int]]]:
    """The formula of each cell of `wanted` (row, col) of a sheet part: its text as the `<f>`
    holds it (unescaped, without `=`) and the cell that text is written for. A shared
    formula's follower (`<f t="shared" si="3"/>`, no text) has the text of the cell holding
    it, written for that cell (to be moved from there). A cell with no formula text is left
    out."""
    if not wanted or not part or part not in pkg.names:
        return {}
    xml, places = _part_cells(pkg, part)
    shared: dict[bytes, tuple[str, tuple[int, int]]] = {}  # shared formula index → its text, cell
    out: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
    for m in cell_elements(xml):
        inner = m.group(2) or b""
        f = _F_ELEMENT_RE.search(inner) if b"<f" in inner else None
        if f is None:
            continue
        pos = _cell_place(m, places)
        if pos is None:
            continue
        si = _SI_RE.search(f.group(1)) if _SHARED_RE.search(f.group(1)) else None
        found: tuple[str, tuple[int, int]] | None = None
        if f.group(2):
            found = (html.unescape(f.group(2).decode("utf-8", "replace")), pos)
            if si is not None:
                shared[si.group(1)] = found
        elif si is not None:
            found = shared.get(si.group(1))
        if found is not None and pos in wanted:
            out[pos] = found
    return out


def cell_styles(pkg: Package, part: str, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """The style index (`s`, of the workbook's `cellXfs`) of each cell of `wanted` (row, col) of a
    sheet part that has one; a cell without it has style 0, as Excel shows it, and is left out."""
    if not wanted or not part or part not in pkg.names:
        return {}
    xml, places = _part_cells(pkg, part)
    out: dict[tuple[int, int], int] = {}
    for m in cell_elements(xml):
        attrs = m.group(1)
        style = _S_RE.search(attrs)
        if style is None:
            continue
        pos = _cell_place(m, places)
        if pos is not None and pos in wanted:
            out[pos] = int(style.group(1))
    return out


def cell_shared_strings(pkg: Package, part: str, wanted: Set[int]) -> dict[tuple[int, int], int]:
    """The cells (row, col) of a sheet part holding one of the shared strings `wanted` (their
    indexes), with that index: the upgrade finds there the text struck through in part
    (`Package.part_struck`)."""
    if not wanted or not part or part not in pkg.names:
        return {}
    xml, places = _part_cells(pkg, part)
    out: dict[tuple[int, int], int] = {}
    for m in cell_elements(xml):
        attrs, inner = m.group(1), m.group(2) or b""
        kind = CELL_TYPE.search(attrs)
        if kind is None or kind.group(1) != b"s":
            continue
        value = CELL_VALUE.search(inner)
        index = value.group(1).strip() if value else b""
        if not index.isdigit() or int(index) not in wanted:
            continue
        pos = _cell_place(m, places)
        if pos is not None:
            out[pos] = int(index)
    return out


# Markup whose text is no element: a `<c …>` in it is no cell (calamine skips it too).
_NOT_ELEMENTS = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>"}


def markup_only(xml: bytes) -> bytes:
    """The XML without its comments, CDATA sections and processing instructions, in one pass
    (one left open drops the rest). Besides being no cells, thousands of `<c r=…>` in a comment
    with no `</c>` after them would make the cell pattern scan to the end from each."""
    if b"<!" not in xml and xml.find(b"<?", 1) < 0:
        return xml
    pieces: list[bytes] = []
    pos = 0
    # The next place of each opener at or after `pos` (found again only once passed: linear).
    ahead = {opener: xml.find(opener) for opener in _NOT_ELEMENTS}
    while True:
        for opener, at in ahead.items():
            if 0 <= at < pos:
                ahead[opener] = xml.find(opener, pos)
        found = [(at, opener) for opener, at in ahead.items() if at >= 0]
        if not found:
            pieces.append(xml[pos:])
            break
        at, opener = min(found)
        pieces.append(xml[pos:at])
        close = xml.find(_NOT_ELEMENTS[opener], at + len(opener))
        if close < 0:
            break
        pos = close + len(_NOT_ELEMENTS[opener])
    return b"".join(pieces)


def _scan_cells(
    pkg: Package, xml: bytes, found: SheetXml, has_formulas: bool, need_fonts: bool, need_strike: bool
) -> None:
    # One loop over the cells (of `xml` as `markup_only` leaves it) for both questions: this is
    # the slow part of a large sheet's scan.
    shared: dict[bytes, tuple[str, str]] = {}  # shared formula index → its findings
    shared_subtotal: set[bytes] = set()  # shared formula indexes whose text calls SUBTOTAL
    names = volatile_names(pkg) if has_formulas and pkg.defined_names else {}
    book_names = external_names(pkg) if has_formulas and pkg.defined_names else {}
    places = Places(xml)
    for m in cell_elements(xml):
        attrs, inner = m.group(1), m.group(2) or b""
        # The common case as fast as it was (this loop is the slow part); else `Places` says.
        ref = CELL_REF.search(attrs)
        pos = (int(ref.group(2)), column_index(ref.group(1))) if ref else places.cell(m.start(), attrs)
        if pos is None:
            continue
        if has_formulas and _FORMULA_RE.search(inner):
            # Only formula cells get here: the volatile check costs nothing on a sheet of values.
            functions, books = _formula_findings(inner, shared, names, pkg.external_books, book_names)
            if b"SUBTOTAL" in inner.upper() or shared_subtotal:
                if _calls_subtotal(inner, shared_subtotal):
                    found.subtotal_rows.add(pos[0])
            if _no_cached_value(attrs, inner):
                found.formula_no_value.append(pos)
                if (
                    (element := _F_ELEMENT_RE.search(inner))
                    and (text := element.group(2))
                    and (b'"' in text or b"&quot;" in text)
                ):
                    found.formula_text_no_value.add(pos)
            else:
                if functions:
                    found.volatile[pos] = functions
                if books:
                    found.external[pos] = books
        if not (need_fonts or need_strike):
            continue
        style = _S_RE.search(attrs)
        kind = CELL_TYPE.search(attrs)
        shared_index = None
        if kind and kind.group(1) == b"s" and (pkg.legacy_shared or pkg.struck_shared or pkg.part_struck):
            v = CELL_VALUE.search(inner)
            if v and v.group(1).strip().isdigit():
                shared_index = int(v.group(1))
        if need_strike and (
            # A cell without a style attribute has style 0, as Excel shows it.
            (int(style.group(1)) if style else 0) in pkg.struck_xf or shared_index in pkg.struck_shared
        ):
            found.struck.add(pos)
        elif shared_index is not None and shared_index in pkg.part_struck:
            found.part_struck[pos] = pkg.part_struck[shared_index]
        if not need_fonts:
            continue
        font = pkg.legacy_xf.get(int(style.group(1))) if style else None
        if shared_index is not None and pkg.legacy_shared:
            font = pkg.legacy_shared.get(shared_index) or font
        elif kind and kind.group(1) == b"inlineStr":
            rf = _RFONT_RE.search(inner)
            if rf and legacy_font_encoding(rf.group(1).decode("utf-8", "replace")):
                font = rf.group(1).decode("utf-8", "replace")
            if b"strike" in inner and pos not in found.struck:
                _inline_strikes(inner, pos, found)
        if font:
            found.legacy_fonts[pos] = font


_RUN_RE = re.compile(rb"<r>(.*?)</r>", re.S)
_RUN_TEXT_RE = re.compile(rb"<t(?:\s[^>]*)?>([^<]*)</t>")
_RUN_STRIKE_RE = re.compile(rb'<strike(?:\s+val="([^"]*)")?\s*/?>')


def _inline_strikes(inner: bytes, pos: tuple[int, int], found: SheetXml) -> None:
    """The strikes of an inline rich text (`inner`, a cell's content): the cell struck when every
    run with text is (`SheetXml.struck`), struck in part when some are and some not
    (`SheetXml.part_struck`), as a shared string's runs are read (`package._part_struck`). The
    upgrade writes a cell with words struck so (fix390: its upgraded file read the note whole)."""
    at = inner.find(b"<r>")
    if at < 0:
        return
    head = _RUN_TEXT_RE.search(inner, 0, at)
    pieces = [(html.unescape(head.group(1).decode("utf-8", "replace")), False)] if head else []
    # Up to the last `</r>` only: a `<r>` after it is no run, and `re` read on to the end from each
    # (runs nested 2,000 deep around a long text and a `<c></c>`, which ends `inner`, took 40 s).
    for run in _RUN_RE.finditer(inner, at, inner.rfind(b"</r>") + len(b"</r>")):
        body = run.group(1)
        text = "".join(html.unescape(t.decode("utf-8", "replace")) for t in _RUN_TEXT_RE.findall(body))
        strike = _RUN_STRIKE_RE.search(body)
        hit = strike is not None and (strike.group(1) or b"1").strip().lower() not in (b"0", b"false")
        pieces.append((text, hit))
    struck = {hit for text, hit in pieces if text.strip()}
    if struck == {True}:
        found.struck.add(pos)
    elif struck == {True, False}:
        found.part_struck[pos] = tuple(pieces)


def _no_cached_value(attrs: bytes, inner: bytes) -> bool:
    """Whether a formula cell (its start tag's attributes, its content) has no cached value,
    which calamine reads as an empty cell: no `<v>`, or an empty one on a result that is not
    text (openpyxl writes `<v></v>`; Excel and LibreOffice always write the result)."""
    cached = CELL_VALUE.search(inner)
    kind = CELL_TYPE.search(attrs)
    is_text = kind is not None and kind.group(1) == b"str"
    if cached is None and b"<v/>" not in inner:
        return True
    return not is_text and (cached is None or not cached.group(1))


def formulas_without_value(raw: bytes) -> list[tuple[int, int]]:
    """The cells (row, column, 1-based) of a sheet part's XML holding a formula without a cached
    value, as `scan_sheet` finds them, without a package: for a small workbook read by calamine
    alone (`toolkit.io.entry_book`), where such a cell would read as empty."""
    xml = plain_elements(raw)
    if _FORMULA_RE.search(xml) is None:
        return []
    cells = markup_only(xml)
    places = Places(cells)
    found = []
    for m in cell_elements(cells):
        attrs, inner = m.group(1), m.group(2) or b""
        if not _FORMULA_RE.search(inner) or not _no_cached_value(attrs, inner):
            continue
        pos = _cell_place(m, places)
        if pos is not None:
            found.append(pos)
    return found


# --------------------------------------------------------------------------------------------
# The shape of a data sheet
# --------------------------------------------------------------------------------------------


# What `file.extra_column` asks, by whether the sheet has a `Ghi chú` column to move it to.
EXTRA_COLUMN_TO_NOTE = "Hãy đưa nội dung này vào cột \u201cGhi chú\u201d nếu cần."
EXTRA_COLUMN_NO_NOTE = (
    "Sheet này không có cột ghi chú: nếu nội dung này cần thiết, hãy báo riêng với Văn phòng Đảng ủy "
    "rồi xóa nó khỏi bảng."
)


def report_extra_columns(
    columns: Sequence[Sequence[Any]],
    width: int,
    sheet: str,
    ctx: ReadContext,
    *,
    has_note: bool = True,
    skip: tuple[Collection[int], range] = (frozenset(), range(0)),
) -> None:
    """Filled columns right of the template's `width` (`columns`: the data rows' values, the
    first being the sheet's row 2), one issue per run of adjacent ones, at the run's first
    filled cell; `has_note` says whether the sheet has a `Ghi chú` column to move it to. `skip`
    is a block of rows of the list moved there (its rows, 0-based under the header, and its
    columns, 0-based), already said (`outside.report_rows_outside`): its cells are no note, but
    a cell of those rows left or right of the block (a tick in AR beside a block ending in AQ)
    is one (review136).

    A sheet filled out to column XFD is one problem for the secretary, not 16,000.
    """
    extra_cols: set[int] = set()
    first_row: dict[int, int] = {}
    skip_rows, skip_cols = skip
    for j in range(width, len(columns)):
        if any(v != "" and not is_blank(v) for v in distinct(columns[j])):
            skipped = skip_rows if j in skip_cols else ()
            at = next(
                (i for i, v in enumerate(columns[j]) if v != "" and not is_blank(v) and i not in skipped),
                None,
            )
            if at is not None:
                extra_cols.add(j)
                first_row[j] = at
    runs: list[list[int]] = []
    for j in sorted(extra_cols):
        if runs and j == runs[-1][-1] + 1:
            runs[-1].append(j)
        else:
            runs.append([j])
    for run in runs:
        first, last = get_column_letter(run[0] + 1), get_column_letter(run[-1] + 1)
        span = (
            f"cột {first}" if len(run) == 1 else f"các cột {first}–{last} ({vnformat.number(len(run))} cột)"
        )
        row = min(first_row[j] for j in run) + 2
        filled = next(j for j in run if first_row[j] + 2 == row)
        ctx.add(
            "file.extra_column",
            sheet=sheet,
            cell=f"{get_column_letter(filled + 1)}{row}",
            where=f"Sheet \u201c{sheet}\u201d, {span}",
            advice=EXTRA_COLUMN_TO_NOTE if has_note else EXTRA_COLUMN_NO_NOTE,
        )


# At most this many runs of hidden rows are named; the rest are counted.
_MAX_HIDDEN_RUNS = 10


def report_hidden_rows(
    xml: SheetXml, excel: list[int], sheet: str, ctx: ReadContext, by_hand: Set[int] | None = None
) -> None:
    """Hidden rows among the rows read (`excel`, their Excel numbers): one warning per sheet,
    naming them as runs (`dòng 2–3, 7`), the first `_MAX_HIDDEN_RUNS` runs and a count of the
    rest. When an AutoFilter hides them it says so: Unhide does not clear a filter. Under a
    filter, the rows hidden by hand (`by_hand`, `rows_hidden_by_hand`) are one more warning,
    saying so: clearing the filter would not show them (fix388)."""
    if not xml.hidden_rows:
        return
    hidden = sorted(xml.hidden_rows.intersection(excel))
    if not hidden:
        return
    if not xml.filtered:
        _warn_hidden_rows(hidden, sheet, ctx, "Hãy bỏ ẩn để kiểm tra lại.")
        return
    hand = set(by_hand or ()).intersection(hidden)
    filtered = [r for r in hidden if r not in hand]
    if filtered:
        _warn_hidden_rows(filtered, sheet, ctx, HIDDEN_BY_FILTER)
    if hand:
        one = len(hand) == 1
        _warn_hidden_rows(sorted(hand), sheet, ctx, HIDDEN_UNDER_FILTER[one])


# The advice of `cell.hidden_row` for rows an AutoFilter hides, and for rows hidden by hand
# under one (one row, several): they satisfy its conditions, or lie outside its range.
HIDDEN_BY_FILTER = (
    "Sheet đang bật bộ lọc (Filter) nên các dòng không thỏa điều kiện lọc bị ẩn; bỏ ẩn (Unhide) "
    "không tắt được bộ lọc. Hãy bấm Dữ liệu > Xóa bộ lọc (Data > Clear) để hiện lại mọi dòng "
    "rồi kiểm tra lại."
)
HIDDEN_UNDER_FILTER = {
    False: "Bộ lọc (Filter) đang bật không ẩn các dòng này (chúng thỏa mọi điều kiện lọc hoặc nằm ngoài "
    "vùng lọc): các dòng bị ẩn bằng tay, hãy bỏ ẩn để kiểm tra lại.",
    True: "Bộ lọc (Filter) đang bật không ẩn dòng này (dòng thỏa mọi điều kiện lọc hoặc nằm ngoài vùng "
    "lọc): dòng bị ẩn bằng tay, hãy bỏ ẩn để kiểm tra lại.",
}


def _warn_hidden_rows(hidden: list[int], sheet: str, ctx: ReadContext, fix: str) -> None:
    runs = cell_ranges("", hidden).split(", ")
    named = ", ".join(runs[:_MAX_HIDDEN_RUNS])
    if len(runs) > _MAX_HIDDEN_RUNS:
        last = int(runs[_MAX_HIDDEN_RUNS - 1].rpartition("\u2013")[2])
        rest = sum(1 for r in hidden if r > last)
        named += f" và {vnformat.number(rest)} dòng khác"
    if len(hidden) == 1:
        where, what = f"Sheet \u201c{sheet}\u201d, dòng {hidden[0]}", f"Dòng {hidden[0]}"
    else:
        where = f"Sheet \u201c{sheet}\u201d, {vnformat.number(len(hidden))} dòng (dòng {named})"
        what = "Các dòng này"
    ctx.add("cell.hidden_row", sheet=sheet, cell=f"A{hidden[0]}", where=where, what=what, fix=fix)


def column_hidden(xml: SheetXml, col: int) -> bool:
    """Whether the column `col` (1-based) is hidden (`SheetXml.hidden_columns`)."""
    return any(low <= col <= high for low, high in xml.hidden_columns)


def report_hidden_columns(
    xml: SheetXml,
    spec: SheetSpec,
    sheet: str,
    columns: Sequence[Sequence[Any]],
    excel: list[int],
    ctx: ReadContext,
) -> None:
    """Hidden columns of the template's among the rows read (`columns`, one per column, at the
    Excel rows `excel`) that hold data: one warning per sheet, at the first such cell, naming
    them with their headers. Secretaries hide a column they no longer want; it is still read."""
    if not xml.hidden_columns:
        return
    named: list[str] = []
    first: str | None = None
    for col, f in enumerate(spec.fields, start=1):
        if not column_hidden(xml, col) or col > len(columns):
            continue
        at = next((i for i, v in enumerate(columns[col - 1]) if v != "" and not is_blank(v)), None)
        if at is None:
            continue
        letter = get_column_letter(col)
        named.append(f"cột {letter} \u201c{f.header}\u201d")
        first = first or f"{letter}{excel[at]}"
    if first is None:
        return
    if len(named) == 1:
        where, what = f"Sheet \u201c{sheet}\u201d, {named[0]}", f"Cột {first.rstrip('0123456789')}"
    else:
        where = f"Sheet \u201c{sheet}\u201d, {vnformat.number(len(named))} cột ({', '.join(named)})"
        what = "Các cột này"
    ctx.add("cell.hidden_column", sheet=sheet, cell=first, where=where, what=what)


# The columns whose struck text strikes no row out: a note crossed out is a remark that no
# longer holds, not a name dropped from the list (fix376).
_STRIKE_KEEPS_ROW = frozenset({"note"})


def strikes_out_row(spec: SheetSpec, col: int) -> bool:
    """Whether struck text in column `col` (1-based) of `spec`'s sheet strikes its row out: a
    column of the template's other than the note (`_STRIKE_KEEPS_ROW`). The one test of a
    struck row, for `cell.strikethrough` and for the work lists (`Submission.struck_rows`)."""
    return 1 <= col <= len(spec.fields) and spec.fields[col - 1].key not in _STRIKE_KEEPS_ROW


def report_struck_rows(
    xml: SheetXml,
    spec: SheetSpec,
    sheet: str,
    rows: Sequence[Sequence[Any]],
    excel: list[int],
    ctx: ReadContext,
) -> None:
    """Rows read (`excel`, their Excel numbers) with text struck through in a cell that holds
    a value and strikes the row out (`strikes_out_row`: the note's does not): one warning per
    sheet, at the first such cell, naming the rows (kept in `ctx.struck_rows` too, the work
    lists' red rows). Striking a row through is how a paper list drops a name; here the row is
    still read and counted, and the warning says so. The rows of no such cell whose note holding
    a value is struck are kept in `ctx.struck_notes`: that note is withdrawn, and says nothing
    of the member (fix385), silently, as a note struck alone is no row struck (fix376)."""
    if not xml.struck:
        return
    read = set(excel)
    first: dict[int, int] = {}  # row → its first struck column with a value
    notes: set[int] = set()  # rows whose note, holding a value, is struck
    for r, c in sorted(xml.struck):
        if r in first or r not in read:
            continue
        cells = rows[r - 1] if r - 1 < len(rows) else ()
        if not (c - 1 < len(cells) and not is_blank(cells[c - 1]) and cells[c - 1] != ""):
            continue
        if strikes_out_row(spec, c):
            first[r] = c
        elif 1 <= c <= len(spec.fields):
            notes.add(r)
    # A note struck on a row not struck out is withdrawn (`Submission.struck_notes`).
    withdrawn = sorted(notes - first.keys())
    if withdrawn:
        ctx.struck_notes[spec.name] = withdrawn
    if not first:
        return
    struck = sorted(first)
    ctx.struck_rows[spec.name] = struck
    cell = f"{get_column_letter(first[struck[0]])}{struck[0]}"
    if len(struck) == 1:
        where = f"Sheet \u201c{sheet}\u201d, dòng {struck[0]} (ô {cell})"
    else:
        where = (
            f"Sheet \u201c{sheet}\u201d, {vnformat.number(len(struck))} dòng "
            f"(dòng {cell_ranges('', struck)}; ví dụ ô {cell})"
        )
    ctx.add("cell.strikethrough", sheet=sheet, cell=cell, where=where)


def unstruck_text(runs: Sequence[tuple[str, bool]]) -> str:
    """The text of a cell's runs (text, struck) without those struck through, its spaces
    collapsed (NFC): a note's words in force when some are crossed out (`report_part_struck`)."""
    return unicodedata.normalize("NFC", " ".join("".join(text for text, hit in runs if not hit).split()))


def _runs_as_read(runs: Sequence[tuple[str, bool]], font: str | None) -> tuple[tuple[str, bool], ...]:
    """A cell's runs in Unicode when the reader reads the cell's text as TCVN3 or VNI (`font`:
    the cell's legacy font, `SheetXml.legacy_fonts`), judged of the whole text as the reader
    judges it: so a note typed in `.VnTime` is read in force as the reader reads it."""
    encoding = detect_legacy("".join(text for text, _ in runs), font)
    if encoding is None:
        return tuple(runs)
    return tuple((convert_legacy(text, encoding, font), hit) for text, hit in runs)


def report_part_struck(
    xml: SheetXml,
    spec: SheetSpec,
    sheet: str,
    rows: Sequence[Sequence[Any]],
    excel: list[int],
    ctx: ReadContext,
) -> None:
    """The cells of the template's columns in the rows read (`excel`) whose text is struck
    through in part only (`SheetXml.part_struck`). A `Ghi chú`: the words struck are withdrawn,
    as a note struck whole is (fix385), and its unstruck text is the note in force, kept in
    `ctx.notes_unstruck` (`left_party.notes_in_force`), silently: "~~Chuyển đi 03/2024~~ Đã về
    sinh hoạt" says the member is back, not that the member left (fix390). Any other cell is
    read as typed, struck words and all, and warned of, `cell.part_struck`, quoting the words
    struck and the value read: "Trần Thị ~~Huong~~ Hường" is most likely a corrected name, but
    the tool cannot know that the struck words are not still meant (fix390: said nothing of).
    One warning per column, as the corrections are (`columns.column_issue`): a secretary who
    corrects names so down a roster gave the clerk a row per cell (fix395); the first cell is
    the example quoted."""
    if not xml.part_struck:
        return
    read = set(excel)
    notes: dict[int, str] = {}
    found: dict[int, list[tuple[int, str, str]]] = defaultdict(list)  # column → (row, value, struck)
    for (r, c), runs in sorted(xml.part_struck.items()):
        if r not in read or not 1 <= c <= len(spec.fields):
            continue
        runs = _runs_as_read(runs, xml.legacy_fonts.get((r, c)))
        f = spec.fields[c - 1]
        if f.key in _STRIKE_KEEPS_ROW:
            notes[r] = unstruck_text(runs)
            continue
        cells = rows[r - 1] if r - 1 < len(rows) else ()
        if c - 1 >= len(cells) or normalize.cell_text(cells[c - 1]) in (None, ""):
            continue
        value = unicodedata.normalize("NFC", " ".join("".join(text for text, _ in runs).split()))
        struck = " \u2026 ".join(" ".join(text.split()) for text, hit in runs if hit and text.strip())
        found[c].append((r, value, struck))
    for c, cells in sorted(found.items()):
        _, value, struck = cells[0]  # sorted: the first row's
        at = [r for r, _, _ in cells]
        f = spec.fields[c - 1]
        letter, what = get_column_letter(c), "có một phần chữ bị gạch ngang"
        column_issue(ctx, "cell.part_struck", sheet, f, letter, at, value, what=what, struck=struck)
    if notes:
        ctx.notes_unstruck[spec.name] = notes


# The formulas said of the cells read: the `SheetXml` field that finds them, their rule, the
# rule's parameter naming what they do, and the words counting several cells ("4 ô …").
_FORMULA_FINDINGS = (
    ("volatile", "cell.volatile_formula", "function", "có công thức tự thay đổi"),
    ("external", "cell.external_formula", "book", "lấy số liệu từ tệp khác"),
)


def report_formula_cells(
    xml: SheetXml,
    spec: SheetSpec,
    sheet: str,
    rows: Sequence[Sequence[Any]],
    ctx: ReadContext,
    *,
    info: bool = False,
) -> None:
    """Formulas in the cells read (`Thông tin`: its values in column B; a data sheet: its data
    rows in the template's columns) whose result changes by itself (TODAY, RAND…), or that
    take values from another workbook (`[1]DS!C5`). Their cached value is what counts, as for
    any formula; the warning says it will not stay so (and names the other workbook). One
    warning per column and rule, grouped as the corrections are (`columns.column_issue`): a
    single cell is named with its value; several are one warning at the first, whose location
    gives their number, their ranges and the first as the example.

    A formula whose cached result is blank gives no value (typically `=IF(B9="";"";TODAY())`
    filled down the empty rows below the list): it is not counted."""
    for attr, code, param, what in _FORMULA_FINDINGS:
        _report_formula_cells(code, param, what, getattr(xml, attr), spec, sheet, rows, ctx, info)


def _report_formula_cells(
    code: str,
    param: str,
    what: str,
    found_at: dict[tuple[int, int], str],
    spec: SheetSpec,
    sheet: str,
    rows: Sequence[Sequence[Any]],
    ctx: ReadContext,
    info: bool,
) -> None:
    """One warning `code` per column of the cells read in `found_at` (cell → what its
    formula does, as "A, B"), whose parameter `param` joins what all of them do; several cells
    are said as "N ô `what` (ranges); ví dụ ô …" (`columns.column_issue`)."""
    if not found_at:
        return
    width = len(spec.fields)
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)  # (col, field) → rows
    for r, c in found_at:
        cells = rows[r - 1] if r - 1 < len(rows) else ()
        if c - 1 >= len(cells) or is_blank(cells[c - 1]):
            continue
        if info:
            if c == 2 and 1 <= r <= width:
                groups[(c, r - 1)].append(r)
        elif r >= layout.FIRST_DATA_ROW and 1 <= c <= width:
            groups[(c, c - 1)].append(r)
    for (c, index), found in sorted(groups.items()):
        f = spec.fields[index]
        found.sort()
        first = found[0]
        cells = rows[first - 1] if first - 1 < len(rows) else ()
        cached = normalize.cell_text(cells[c - 1]) if c - 1 < len(cells) else None
        said = ", ".join(dict.fromkeys(name for r in found for name in found_at[(r, c)].split(", ")))
        value = cached if cached not in (None, "") else "(trống)"
        column_issue(
            ctx, code, sheet, f, get_column_letter(c), found, value, what=what, info=info, **{param: said}
        )


def clear_merged_covered(
    rows: list[list[Any]], merged: Sequence[tuple[tuple[int, int], tuple[int, int]]], xml: SheetXml
) -> None:
    """Empty, in the data rows (from the sheet's row 2), every cell a merged range covers but
    its first: Excel and LibreOffice show only that cell's value over the block, and
    `report_merged_cells` says the others are read as empty. Excel empties them when merging;
    LibreOffice's "keep the contents of the hidden cells" (and its API's `merge(True)`) saves
    their values, which calamine reads: they were counted although nobody sees them (hunt135
    F1: a hidden "Có" counted, a 3 hidden under another year's 3). What the sheet's XML says of
    those cells (an error value, a formula without a value) is dropped with them, so no later
    check speaks of a cell said to be empty. Costs nothing without merged ranges; otherwise as
    many row slices as the ranges cover rows of the sheet."""
    first = layout.FIRST_DATA_ROW - 1  # 0-based, as calamine's ranges
    covered: list[tuple[int, int, int, int]] = []  # 1-based (r0, c0, r1, c1) of what was emptied
    for (r0, c0), (r1, c1) in merged:
        if r1 < first or (r0 == r1 and c0 == c1):
            continue
        for r in range(max(r0, first), min(r1 + 1, len(rows))):
            row = rows[r]
            start = c0 + 1 if r == r0 else c0
            stop = min(c1 + 1, len(row))
            if start < stop:
                row[start:stop] = [""] * (stop - start)
        covered.append((r0 + 1, c0 + 1, r1 + 1, c1 + 1))
    if not covered or not (xml.error_cells or xml.formula_no_value):
        return

    def hidden(pos: tuple[int, int]) -> bool:
        r, c = pos
        return r >= layout.FIRST_DATA_ROW and any(
            r0 <= r <= r1 and c0 <= c <= c1 and (r, c) != (r0, c0) for r0, c0, r1, c1 in covered
        )

    xml.error_cells = {pos: v for pos, v in xml.error_cells.items() if not hidden(pos)}
    xml.formula_no_value = [pos for pos in xml.formula_no_value if not hidden(pos)]


def report_merged_cells(
    merged: list[tuple[tuple[int, int], tuple[int, int]]],
    spec: SheetSpec,
    sheet: str,
    read_rows: Sequence[int],
    ctx: ReadContext,
) -> None:
    """Merged ranges that reach the data rows (0-based calamine ranges): only their first cell
    holds the value, every other cell of the block is read as empty (`clear_merged_covered`
    empties those that hold a value nobody sees), which a count of `Số liệu
    năm` reads as 0 and a Có/Không column as Không. The warning names those cells of the
    template's columns in the rows read (`read_rows`, Excel numbers) and what each was read
    as; a block that hides no such cell (under a total line, in empty rows, beyond the
    template's columns) loses nothing and is not said."""
    width = len(spec.fields)
    read = set(read_rows)
    for (r0, c0), (r1, c1) in merged:
        if r1 + 1 < layout.FIRST_DATA_ROW:
            continue
        hidden = [
            (c, [r + 1 for r in range(r0, r1 + 1) if r + 1 in read and (r, c) != (r0, c0)])
            for c in range(c0, min(c1 + 1, width))
        ]
        said = [_merged_hidden(spec, c, rows) for c, rows in hidden if rows]
        if not said:
            continue
        top_left = f"{get_column_letter(c0 + 1)}{r0 + 1}"
        rng = f"{top_left}:{get_column_letter(c1 + 1)}{r1 + 1}"
        head = spec.fields[c0].header if c0 < width else None
        ctx.add(
            "cell.merged",
            sheet=sheet,
            cell=top_left,
            column=head,
            where=f"Sheet \u201c{sheet}\u201d, ô {top_left}",
            range=rng,
            first=top_left,
            hidden="; ".join(said),
        )


def _merged_hidden(spec: SheetSpec, column: int, rows: list[int]) -> str:
    """ "ô E3 (cột “…”) được đọc là trống, tính là 0": the cells of one column a merged block
    hides, and what they are read as."""
    f = spec.fields[column]
    letter = get_column_letter(column + 1)
    cells = f"{'các ô' if len(rows) > 1 else 'ô'} {cell_ranges(letter, rows)}"
    if spec.name == layout.SHEET_YEARS and f.key != "year":
        read_as = "được đọc là trống, tính là 0"
    elif f.vocab is not None and f.vocab.dropdown == vocab.YES_NO.key:
        read_as = f"được đọc là trống, tính là \u201c{vocab.YES_NO.label('no')}\u201d"
    else:
        read_as = "được đọc là trống"
    return f"{cells} (cột \u201c{f.header}\u201d) {read_as}"


# How a very hidden sheet (not in Excel's Unhide list) is shown again.
VERY_HIDDEN_SHOW = (
    "bấm Alt+F11, chọn sheet đó ở khung bên trái rồi đổi Visible thành -1 - xlSheetVisible ở khung Properties"
)
# How an extra sheet that is not on the tabs is found (after its name in `file.extra_sheet`).
EXTRA_SHEET_HIDDEN = {
    "hidden": " (đang bị ẩn: chuột phải vào tên một sheet, chọn Bỏ ẩn/Unhide để thấy)",
    "veryHidden": f" (bị ẩn kỹ, không có trong danh sách Bỏ ẩn/Unhide: {VERY_HIDDEN_SHOW} để thấy)",
}
# `file.hidden_sheet` of a data sheet by its state: how it is hidden, and how to show it.
HIDDEN_SHEET_ADVICE = {
    "hidden": ("", "Hãy bỏ ẩn để kiểm tra lại."),
    "veryHidden": (
        " kỹ, không có trong danh sách Bỏ ẩn/Unhide",
        f"Để thấy và kiểm tra lại sheet này, hãy {VERY_HIDDEN_SHOW}.",
    ),
}


def renamed_sheets(book: Book, names: Sequence[str]) -> dict[str, str]:
    """The template's sheets the file lacks, each → the sheet not read that is likely it
    renamed ("Đảng viên" → "DS Đảng viên", hunt135 F6): a data sheet's header row is its first
    filled row, or its name holds the template sheet's name (`_plain_key`). Renaming the tab back
    is the fix, not copying the data into a new template. Empty when no sheet is missing."""
    wanted = (layout.SHEET_INFO, *(spec.name for spec in layout.DATA_SHEETS))
    missing = [s for s in wanted if find_sheet(names, s) is None]
    if not missing:
        return {}
    read = {find_sheet(names, s) for s in (*layout.SHEET_ORDER, *layout.UPGRADE_SHEETS)}
    others = [n for n in names if n not in read]
    found: dict[str, str] = {}
    for name in others:
        header = _header_sheet(book, name)
        if header in missing and header not in found:
            found[header] = name
    taken = set(found.values())
    for sheet in missing:
        if sheet in found:
            continue
        key = _plain_key(sheet)
        named = next((n for n in others if n not in taken and key in _plain_key(n)), None)
        if named is not None:
            found[sheet] = named
            taken.add(named)
    return found


def _plain_key(name: str) -> str:
    """A sheet's name without accents, case or spaces ("Thong tin" typed without a Vietnamese
    keyboard holds "Thông tin")."""
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(
        ch for ch in decomposed if unicodedata.category(ch) != "Mn" and not ch.isspace()
    ).casefold()


def _header_sheet(book: Book, name: str) -> str | None:
    """The data sheet whose header row is the first filled row of the sheet `name` (at least
    half its headers in place, from column A, in any template version), or None."""
    try:
        sheet = book.get_sheet_by_name(name)
        start = sheet.start
        if start is None:
            return None
        first = next(
            (row for row in sheet.iter_rows() if any(v != "" and not is_blank(v) for v in row)), None
        )
    except Exception:  # a sheet that is not read cannot make the file unreadable
        return None
    if first is None:
        return None
    cells = [""] * start[1] + list(first)
    keys = [match_key(normalize.cell_text(v) or "") for v in cells]
    for lay in layout.LAYOUTS.values():
        for spec in lay.data_sheets:
            wanted = [match_key(f.header) for f in spec.fields]
            if 2 * sum(k == w for k, w in zip(keys, wanted, strict=False)) >= len(wanted):
                return spec.name
    return None


def report_extra_sheets(
    book: Book, names: Sequence[str], ctx: ReadContext, renamed: Collection[str] = ()
) -> None:
    """A sheet that is not part of the template is never read: say so when it holds data
    (typically a copy of the members' list, or figures typed on a new sheet), so that the
    secretary moves them into the template instead of their being silently left out. A sheet
    `renamed` from one the file lacks (`renamed_sheets`) is said by `file.renamed_sheet`."""
    # The sheets read, each as `find_sheet` finds it: a second sheet named like one of them up
    # to spaces, case or Unicode form (`Đảng viên ` beside `Đảng viên`, which Excel allows) is
    # not read either, and is said as any other copy (hunt117 F6).
    read = {find_sheet(names, s) for s in (*layout.SHEET_ORDER, *layout.UPGRADE_SHEETS)}
    read_keys = {match_key(r): r for r in read if r is not None}
    tabs = [n for n in names if book.pkg.sheet_state.get(n, "visible") == "visible"]
    for name in names:
        if name in read or name in renamed:
            continue
        # Hidden, it is not on the tabs: how to find it is said with it.
        hidden = EXTRA_SHEET_HIDDEN.get(book.pkg.sheet_state.get(name, "visible"), "")
        twin = read_keys.get(match_key(name))
        if twin is not None:  # its name looks like the sheet read's: which tab it is
            where = f"sheet thứ {tabs.index(name) + 1} tính từ trái; " if name in tabs else ""
            hidden += f" ({where}tên chỉ khác sheet \u201c{twin}\u201d ở dấu cách, chữ hoa hay cách gõ dấu)"
        far = book.far(name)
        if far is not None:  # reaching too far for calamine (`toolkit.io.extent`): not read
            ctx.add("file.extra_sheet", sheet=name, cell=far.grid_cell or "A1", hidden=hidden)
            continue
        try:
            sheet = book.get_sheet_by_name(name)
            start = sheet.start
            if start is None:  # nothing in it
                continue
            # Row by row (from row 1, from the first used column) up to the first filled cell:
            # a large extra sheet is not turned into Python objects as a whole.
            rows = iter(sheet.iter_rows())
            first = next(
                (
                    (r, start[1] + c, row)
                    for r, row in enumerate(rows)
                    for c, v in enumerate(row)
                    if v != "" and not is_blank(v)
                ),
                None,
            )
            copy = _copied_list(first[2], start[1], rows) if first is not None else None
        except Exception:  # a sheet that is not read cannot make the file unreadable
            continue
        if first is None:
            continue
        cell = f"{get_column_letter(first[1] + 1)}{first[0] + 1}"
        # A copy of a sheet the file lacks is that sheet renamed: `file.missing_sheet` says it.
        if copy is not None and find_sheet(names, copy[0]) is not None:
            copied, count = copy
            ctx.add(
                "file.copied_sheet",
                sheet=name,
                cell=cell,
                hidden=hidden,
                copied=copied,
                rows=vnformat.number(count),
            )
        else:
            ctx.add("file.extra_sheet", sheet=name, cell=cell, hidden=hidden)


def _copied_list(first: list[Any], offset: int, rest: Iterator[list[Any]]) -> tuple[str, int] | None:
    """When an extra sheet's first filled row (its cells from column `offset`) is a data
    sheet's header row from column A (at least half its headers in place, in any template
    version), that sheet's name and how many rows with data follow it (`rest`); None when it
    is no such copy, or a copy with no row (nothing is left out)."""
    cells = [""] * offset + list(first)
    keys = [match_key(normalize.cell_text(v) or "") for v in cells]
    for lay in layout.LAYOUTS.values():
        for spec in lay.data_sheets:
            wanted = [match_key(f.header) for f in spec.fields]
            same = sum(found == want for found, want in zip(keys, wanted, strict=False))
            if 2 * same >= len(wanted):
                filled = sum(any(v != "" and not is_blank(v) for v in row) for row in rest)
                return (spec.name, filled) if filled else None
    return None
