"""Error values in cells (`#DIV/0!`, `#N/A`, `#SPILL!`, a raw NaN…): found, reported, defused.

calamine reads an error cell as an empty cell and a NaN as an empty number (or, in a date
cell, as 30/12/1899), so a formula that failed would silently change a ward's figures. The
sheet XML is therefore scanned for them (`find_error_cells`, called by the sheet scan), and
each one becomes an error issue at its cell that names the value and what to type instead
(`report_error_cells`); in a `Thông tin` item that counts in no figure
(`layout.INFO_UNCOUNTED`: the secretary's name, a phone number, `Ngày lập biểu`) a warning,
the organisation is not left out for it (fix353). In `Tên tổ chức đảng` the error stays the
reader's, and validation makes it a warning when the registry knows the file's code
(`attribution.name_from_registry`, fix373).

Two kinds of them would stop calamine itself: an error code it does not know (`#SPILL!`,
`#CALC!`… — the whole sheet fails to load) and a negative infinity in a date cell (a Rust
panic). A sheet holding either is read from a copy of the package in which those cells are
made harmless (`defused_package`): the unknown codes become `#N/A`, the non-finite numbers
empty cells. They are reported from the original XML, so the issues name what was typed.

A number far below any the template takes (`MIN_CELL_NUMBER`) panics calamine in a date cell
too: such a cell is found (`find_out_of_range`), emptied in the defused copy and reported at
its cell (`report_out_of_range`), the rest of the file read as usual. The whole file was refused
as "Không mở được tệp" for it, with advice to save it again that left the cell as it was
(hunt175 F6).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from toolkit.core import layout
from toolkit.core.errors import WardStatsError
from toolkit.core.layout import Field, SheetSpec, get_column_letter
from toolkit.core.rules import where_cell
from toolkit.io.cellrefs import Places
from toolkit.io.tagscan import attribute, tag_matches

if TYPE_CHECKING:
    from toolkit.io.context import ReadContext
    from toolkit.io.extent import FarCells
    from toolkit.io.package import Package

# The error codes calamine knows; any other one makes it refuse the whole sheet.
CALAMINE_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})

ERROR_MEANING: dict[str, str] = {
    "#DIV/0!": "phép chia cho 0",
    "#N/A": "công thức không tìm thấy giá trị",
    "#NAME?": "tên hàm hoặc tên vùng không tồn tại",
    "#NULL!": "hai vùng trong công thức không giao nhau",
    "#NUM!": "số không hợp lệ",
    "#REF!": "công thức tham chiếu tới ô đã bị xóa",
    "#VALUE!": "sai kiểu giá trị trong công thức",
    "#SPILL!": "kết quả công thức mảng bị chặn",
    "#CALC!": "công thức không tính được",
    "#GETTING_DATA": "dữ liệu chưa tải xong",
    "#FIELD!": "trường dữ liệu không tồn tại",
    "#BLOCKED!": "dữ liệu bị chặn",
    "#CONNECT!": "không kết nối được nguồn dữ liệu",
    "#BUSY!": "công thức đang tính",
    "NaN": "không phải là số",
    "Infinity": "số vô cực",
    "-Infinity": "số âm vô cực",
}
UNKNOWN_MEANING = "mã lỗi không rõ"

# An error cell's start tag: its attributes, and "/" when it has no content. Found from the start
# tags only, so neither the text `t="e"` in some content nor a long one is looked at again.
_ERROR_CELL_TAG = re.compile(rb'<c(?=[\s/>])([^>]*?\st="e"[^>]*?)(/?)>')
_CELL_START = re.compile(rb"<c[\s/>]")
_CELL_OPEN = re.compile(rb"<c(?=[\s/>])")  # where `_ERROR_CELL_TAG` may begin (`tag_matches`)
# Pieces of a cell's XML, shared with the sheet scan (`toolkit.io.sheets`; where a cell is, with
# or without its `r`, is told by `toolkit.io.cellrefs`).
CELL_TYPE = re.compile(rb'\bt="(\w+)"')
CELL_VALUE = re.compile(rb"<v>([^<]*)</v>")
# What Rust's float parser (calamine's) reads as NaN or an infinity.
_NONFINITE_V = re.compile(rb"<v>\s*([+-]?(?i:nan|inf(?:inity)?))\s*</v>")
# No cell of the template holds a number below this (Excel serial -2,000,000 is long before
# year 1). calamine panics (chrono overflow, with a Rust backtrace on stderr) when it turns a
# far smaller number in a date-formatted cell into a date.
MIN_CELL_NUMBER = -2_000_000
_NEGATIVE_V = re.compile(rb"<v>\s*(-[0-9.]+(?:[eE][+-]?[0-9]+)?)\s*</v>")
# An error cell's value, in the form the defusing rewrites it: the value of each match of
# rb'(<c\b[^>]*?\st="e"[^>]*>(?:(?!</c>).)*?<v>)([^<]*)(</v>)' (re.S), found by
# `error_cell_values` in one pass (the pattern read on to the end from each of 100,000
# `<c t="e">` in a comment with no `<v>` after them).
_ERROR_TAG = re.compile(rb'<c\b[^>]*?\st="e"[^>]*>')
_ERROR_TAG_OPEN = re.compile(rb"<c\b")
_VALUE_TEXT = re.compile(rb"([^<]*)</v>")


def _is_error_tag(attrs: bytes) -> bool:
    """Whether a cell's start tag (its attributes), found by its text `t="e"`, is of an error
    cell: that text in another attribute's value (`z:note=' t="e"'`) is not (hunt398)."""
    return attribute(attrs, b"t") == b"e"


class _Cells:
    """The `<c …>` whose content holds each of increasing positions of a sheet's XML. No look
    goes back before the previous position, so all of them together read the XML once, even
    where thousands of values stand in one cell or in a comment."""

    def __init__(self, xml: bytes, places: Places) -> None:
        self.xml = xml
        self.places = places  # where the cells of `xml` are
        self.seen = 0  # the previous position looked at
        self.start = -1  # where the last cell starting before it starts (-1: none)
        self.closed = True  # whether that cell ends before it
        self.cell: tuple[int, int, bytes, int] | None = None  # that cell, as `holding` returns it

    def holding(self, pos: int) -> tuple[int, int, bytes, int] | None:
        """(row, column, attributes, end of the start tag) of the cell holding `pos`."""
        xml = self.xml
        start = xml.rfind(b"<c", self.seen, pos)
        while start >= 0 and not _CELL_START.match(xml, start):
            start = xml.rfind(b"<c", self.seen, start)
        if start >= 0:
            self.start, self.closed, self.cell = start, xml.find(b"</c>", start, pos) >= 0, None
            tag_end = xml.find(b">", start)
            self.closed |= tag_end < 0 or xml[tag_end - 1 : tag_end] == b"/"  # `<c …/>` holds nothing
            at = self.places.cell(start, xml[start:tag_end]) if tag_end >= 0 else None
            if at is not None:
                self.cell = (at[0], at[1], xml[start:tag_end], tag_end)
        elif not self.closed:
            self.closed = xml.find(b"</c>", self.seen, pos) >= 0
        self.seen = pos
        return None if self.closed else self.cell


def _nonfinite_name(text: bytes) -> str:
    word = text.strip().lower().lstrip(b"+")
    if word.startswith(b"-"):
        return "-Infinity"
    return "NaN" if word == b"nan" else "Infinity"


def find_error_cells(xml: bytes) -> tuple[dict[tuple[int, int], str], bool]:
    """Error and non-finite cells of a sheet part: (row, col) → the value as Excel shows it,
    and whether calamine needs the defused package to read this sheet."""
    found: dict[tuple[int, int], str] = {}
    needs_defusing = False
    places = Places(xml)
    if b't="e"' in xml:
        for m in tag_matches(_ERROR_CELL_TAG, _CELL_OPEN, xml):
            at = places.cell(m.start(), m.group(1))
            if at is None or not _is_error_tag(m.group(1)):
                continue
            code = ""
            if not m.group(2):  # not `<c … t="e"/>`: its value is before its end or the next cell
                following = _CELL_START.search(xml, m.end())
                end = following.start() if following else len(xml)
                close = xml.find(b"</c>", m.end(), end)
                value = CELL_VALUE.search(xml, m.end(), close if close >= 0 else end)
                code = value.group(1).decode("utf-8", "replace").strip() if value else ""
            found[at] = code or "#N/A"
            needs_defusing |= bool(code) and code not in CALAMINE_ERRORS  # calamine reads none as empty
    cells = _Cells(xml, places)
    for m in _NONFINITE_V.finditer(xml):
        cell = cells.holding(m.start())
        if cell is None or m.start() < cell[3]:
            continue
        kind = CELL_TYPE.search(cell[2])
        if kind is not None and kind.group(1) != b"n":
            continue  # text "NaN" (a formula's text result), read as the text it is
        found[(cell[0], cell[1])] = _nonfinite_name(m.group(1))
        needs_defusing = True
    return found, needs_defusing


def _too_negative(text: bytes) -> bool:
    try:
        return float(text) < MIN_CELL_NUMBER
    except ValueError:
        return False


def may_be_out_of_range(xml: bytes) -> bool:
    """Whether a sheet part's XML holds a value below `MIN_CELL_NUMBER` (anywhere: confirmed on
    its markup by `find_out_of_range`). Most sheets hold no minus sign in a value at all."""
    if b"<v>" not in xml or b"-" not in xml:
        return False
    return any(_too_negative(m.group(1)) for m in _NEGATIVE_V.finditer(xml))


def find_out_of_range(xml: bytes) -> dict[tuple[int, int], str]:
    """The cells of a sheet part's markup holding a number below `MIN_CELL_NUMBER`: (row, col)
    → the number as written, Vietnamese style ("-1.000.000.000.000")."""
    found: dict[tuple[int, int], str] = {}
    cells = _Cells(xml, Places(xml))
    for m in _NEGATIVE_V.finditer(xml):
        if not _too_negative(m.group(1)):
            continue
        cell = cells.holding(m.start())
        if cell is None or m.start() < cell[3]:
            continue
        found[(cell[0], cell[1])] = _number_text(m.group(1).decode("ascii"))
    return found


def _number_text(text: str) -> str:
    """A number as Vietnamese text: grouped ("-1.000.000.000.000"), or, past 15 digits, as Excel
    shows it ("-1E+300", "-1,5E+20") rather than hundreds of digits."""
    from decimal import Decimal, InvalidOperation

    from toolkit.core import vnformat

    try:
        d = Decimal(text)
    except InvalidOperation:
        return text
    if d.adjusted() >= 15:
        mantissa, exponent = f"{float(d):.5E}".split("E")
        mantissa = mantissa.rstrip("0").rstrip(".").replace(".", ",")
        return f"{mantissa}E{exponent[0]}{exponent[1:].lstrip('0') or '0'}"
    if d == d.to_integral_value():
        return vnformat.number(int(d))
    return vnformat.decimal(d, -d.normalize().as_tuple().exponent)  # type: ignore[operator]


def error_cell_values(xml: bytes) -> Iterator[tuple[int, int, int]]:
    """(start of the tag, start and end of the value) of each error cell's value, as the pattern
    above finds them, in linear time: a start tag is read once (`toolkit.io.tagscan`: a start
    that fails fails for every `<c` before the same `>`), and the content after a tag is looked
    through for a `<v>…</v>` up to the next `</c>` once: a tag whose content starts in a piece
    already looked through in vain has no value either."""
    size = len(xml)
    vain_from = vain_to = -1  # a piece [from, to) holding no `<v>…</v>` before the `</c>` at `to`
    pos = 0
    while True:
        found = _ERROR_TAG_OPEN.search(xml, pos)
        if found is None:
            return
        start = found.start()
        close = xml.find(b">", start)
        if close < 0:
            return
        content = close + 1
        value: re.Match[bytes] | None = None
        if not vain_from <= content < vain_to and _ERROR_TAG.match(xml, start) is not None:
            end = xml.find(b"</c>", content)
            end = size if end < 0 else end
            at = xml.find(b"<v>", content, end)
            while at >= 0 and (value := _VALUE_TEXT.match(xml, at + 3)) is None:
                at = xml.find(b"<v>", at + 1, end)
            if value is None:
                vain_from, vain_to = content, end
        if value is None:
            pos = content
            continue
        yield start, value.start(1), value.end(1)
        pos = value.end()


def _defuse_sheet(xml: bytes) -> bytes:
    if b't="e"' in xml:
        pieces: list[bytes] = []
        done = 0
        for tag, start, end in error_cell_values(xml):
            code = xml[start:end].decode("utf-8", "replace").strip()
            if code not in CALAMINE_ERRORS and _is_error_tag(xml[tag + 2 : xml.find(b">", tag)]):
                pieces += [xml[done:start], b"#N/A"]
                done = end
        xml = b"".join(pieces) + xml[done:] if pieces else xml
    if b"<v>" in xml and b"-" in xml:
        xml = _NEGATIVE_V.sub(lambda m: b"" if _too_negative(m.group(1)) else m.group(0), xml)
    return _NONFINITE_V.sub(b"", xml)


def defused_package(pkg: Package) -> bytes:
    """The package again, its worksheets' unknown error codes made `#N/A` and non-finite
    numbers removed, and the sheet parts too far for calamine emptied (`toolkit.io.extent`)
    (parts as bounded by the package gate; stored, not compressed)."""
    from toolkit.io.extent import EMPTY_WORKSHEET
    from toolkit.io.package import plain_elements, read_info

    sheets = {p for p in pkg.sheet_parts.values() if p in pkg.names}
    far = pkg.far_parts or {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for info in pkg.zf.infolist():
            if info.filename in far:
                zf.writestr(info.filename, EMPTY_WORKSHEET)
                continue
            data = read_info(pkg.zf, info, pkg.data)
            if info.filename in sheets:
                data = _defuse_sheet(plain_elements(data))
            zf.writestr(info.filename, data)
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------


def expected_words(f: Field, *, header: bool = False) -> str:
    """What to type in a cell of field `f` instead of an error value."""
    if header:
        return f"tiêu đề \u201c{f.header}\u201d như biểu mẫu gốc"
    if f.kind == "date":
        return "ngày dạng dd/mm/yyyy (hoặc để trống nếu không có)"
    if f.kind == "int":
        return "số nguyên (để trống nếu bằng 0)" if f.key != "year" else "năm, ví dụ 2025"
    if f.kind == "category":
        return "một giá trị chọn trong danh sách thả xuống"
    return "nội dung cần ghi (chữ, không phải công thức)"


def _template_cells(
    found: Mapping[tuple[int, int], str], spec: SheetSpec
) -> Iterator[tuple[int, int, Field, str, bool]]:
    """(row, col, field, cell, info) of each of `found`'s cells in the template's columns (for
    `Thông tin`, its values in column B), in order: a column outside the template is not read."""
    info = spec.name == layout.SHEET_INFO  # any template version's `Thông tin`
    for row, col in sorted(found):
        if info:
            if col != 2 or not 1 <= row <= len(spec.fields):
                continue
            f = spec.fields[row - 1]
        else:
            if not 1 <= col <= len(spec.fields):
                continue
            f = spec.fields[col - 1]
        yield row, col, f, f"{get_column_letter(col)}{row}", info


def report_error_cells(
    errors: Mapping[tuple[int, int], str], spec: SheetSpec, sheet: str, ctx: ReadContext
) -> set[str]:
    """One `cell.error_value` issue per error cell of the template's columns (for `Thông tin`,
    its values in column B); returns the cells reported."""
    reported: set[str] = set()
    for row, col, f, cell, info in _template_cells(errors, spec):
        value = errors[(row, col)]
        ctx.add(
            # A `Thông tin` item that counts in no figure: a warning, the file is kept (fix353).
            "info.unused_error_value" if info and f.key in layout.INFO_UNCOUNTED else "cell.error_value",
            sheet=sheet,
            cell=cell,
            column=f.header,
            value=value,
            where=where_cell(sheet, row, f.header, cell, info=info),
            meaning=ERROR_MEANING.get(value, UNKNOWN_MEANING),
            expected=expected_words(f, header=row == 1 and not info),
        )
        reported.add(cell)
    return reported


def report_out_of_range(
    numbers: Mapping[tuple[int, int], str], spec: SheetSpec, sheet: str, ctx: ReadContext
) -> set[str]:
    """One `cell.out_of_range` error per cell of the template's columns holding a number below
    `MIN_CELL_NUMBER` (`find_out_of_range`; the cell is read as empty); returns the cells
    reported. Its number is masked as any value of a member's sheet is."""
    reported: set[str] = set()
    for row, col, f, cell, info in _template_cells(numbers, spec):
        ctx.add(
            "cell.out_of_range",
            sheet=sheet,
            cell=cell,
            column=f.header,
            value=numbers[(row, col)],
            where=where_cell(sheet, row, f.header, cell, info=info),
            expected=expected_words(f, header=row == 1 and not info),
        )
        reported.add(cell)
    return reported


def drop_other_issues_at(ctx: ReadContext, cells: set[str], sheet: str, since: int) -> None:
    """Remove what the reader said about error cells besides the error value itself (an
    empty required cell, a "date" 30/12/1899 read from a NaN…), among the issues from `since`;
    likewise of a cell whose number is out of range (`cell.out_of_range`)."""
    if not cells:
        return
    at = {(sheet, cell) for cell in cells}
    ctx.issues[since:] = [
        i for i in ctx.issues[since:] if i.code in _CELL_ERRORS or (i.sheet, i.cell) not in at
    ]


_CELL_ERRORS = frozenset({"cell.error_value", "info.unused_error_value", "cell.out_of_range"})


class SheetTooFar(WardStatsError):
    """A sheet whose cells reach too far for calamine (`toolkit.io.extent`): never read."""

    code = "error.sheet_too_far"

    def __init__(self, name: str, far: FarCells) -> None:
        super().__init__(far.describe(name))
        self.name = name
        self.far = far


class Book:
    """calamine's workbook of a submission; read again from the defused package once a sheet
    needs it (see the module docstring). Duck-types the few `CalamineWorkbook` members used.

    Before calamine reads any sheet, every sheet part is measured (`toolkit.io.extent`): when
    one reaches too far, calamine reads only the defused package, in which that part is empty
    (so it cannot abort the process on it, whatever sheet name it maps to it), and
    `get_sheet_by_name` raises `SheetTooFar` for the sheet whose part it is.
    """

    def __init__(self, pkg: Package, opened: Any) -> None:
        from toolkit.io.extent import check_sheet_grids

        self.pkg = pkg
        self.book = opened
        self.defused = False
        self.far_parts = check_sheet_grids(pkg)

    @property
    def sheet_names(self) -> list[str]:
        return list(self.book.sheet_names)

    def far(self, name: str) -> FarCells | None:
        """How far the sheet `name` reaches when that is too far for calamine, else None."""
        part = self.pkg.sheet_parts.get(name)
        return self.far_parts.get(part) if part else None

    def defuse(self) -> None:
        if not self.defused:
            from python_calamine import CalamineWorkbook

            self.book = CalamineWorkbook.from_filelike(io.BytesIO(defused_package(self.pkg)))
            self.defused = True

    def get_sheet_by_name(self, name: str) -> Any:
        far = self.far(name)
        if far is not None:
            raise SheetTooFar(name, far)
        if self.far_parts:
            self.defuse()
        try:
            return self.book.get_sheet_by_name(name)
        except Exception as exc:
            if self.defused or "error value" not in str(exc):
                raise
        self.defuse()
        return self.book.get_sheet_by_name(name)
