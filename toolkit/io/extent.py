"""How far a sheet's cells reach, measured in its XML before python-calamine reads it.

calamine turns a sheet into a dense grid before any of it reaches Python: every cell of the
rectangle from its first to its farthest filled cell, 32 bytes each, and
`to_python(skip_empty_area=False)` another one from A1. Two filled cells (even an empty
inline string) at A1 and XFD1048576 make 17 billion cells: the allocation fails and Rust
aborts the whole process (exit code 134, "memory allocation of 549755813888 bytes failed"),
which no `except` catches. So every part calamine could read as a sheet is measured first
(`check_sheet_grids`, called by the reader and by `toolkit.io.errorcells.Book`), and a sheet
whose grid from A1 to its farthest filled cell holds more than `MAX_GRID_CELLS` cells or
leaves Excel's grid is never given to calamine: `Book` then has calamine read the defused
package, in which that part is empty, and raises `SheetTooFar` for that sheet.

Which parts: every zip entry whose name starts with ``xl/worksheets/``, ``xl/chartsheets/`` or
``xl/dialogsheets/`` in any case. calamine opens a sheet at ``xl/`` + its relationship's
target, looked up ignoring ASCII case, and only when the second folder is one of those three;
so these are all the parts it can read, whatever a hand-made workbook's names, duplicates and
relationships make it map a sheet name to (`toolkit.io.package` may map it to another).

How, in the common case (`_fast_within`): writers (Excel, LibreOffice, openpyxl…) write every
cell as ``<c r="B7" …>``, rows in order, so the last such reference gives the farthest row R.
Three regular-expression passes then look for a cell tag with a prefix (``<x:c>``), a cell tag
that does not start with ``r="…"`` at a row ≤ R (rounded up) and a column within
`MAX_GRID_CELLS` / R, and a second attribute ``r`` (calamine takes the last). A part of 8 MB or
more is passed over while a thread inflates it, with R from its ``<dimension>``
(`_streamed_within`). Only a sheet where they find something (a far cell, cells without
references, rows out of order, odd tags) has its extent computed exactly (`_exact_extent`):
its XML is parsed with expat and calamine's reading of it replayed. A sheet expat does not
parse, one with a DTD and a zip entry zipfile cannot read count as too far.
"""

from __future__ import annotations

import io
import queue
import re
import threading
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from xml.parsers import expat

from toolkit.core import vnformat
from toolkit.core.layout import get_column_letter
from toolkit.io.cellrefs import Cursor, column_index, ref_of, row_of
from toolkit.io.package import part_key

if TYPE_CHECKING:
    from toolkit.io.package import Package

MAX_ROWS = 1_048_576  # Excel's grid
MAX_COLUMNS = 16_384
# Cells of the grid from A1 to a sheet's farthest filled cell (rows × columns). A province's
# roll of 500,000 members fills 500,001 rows × 21 columns (10.5 million); calamine and Python
# take about 40 bytes a cell of it, so this is at most some 800 MB.
MAX_GRID_CELLS = 20_000_000

# The zip folders calamine reads sheets from (the second part of the path it builds).
SHEET_FOLDERS = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/")
# What calamine reads instead of a sheet that is too far: no cells.
EMPTY_WORKSHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
)


@dataclass(frozen=True)
class FarCells:
    """A sheet part calamine must not read: how far its cells reach (1-based), or why it was
    not measured (`why`: "unmeasured", its XML does not parse; "dtd"; "broken", its zip
    entry cannot be read)."""

    rows: int = 0
    columns: int = 0
    row_cell: tuple[int, int] = (0, 0)  # (row, column) of a cell on the farthest row
    column_cell: tuple[int, int] = (0, 0)  # of a cell in the farthest column
    why: str = "far"

    @property
    def cell(self) -> str | None:
        """The cell to name, as its reference: the farther of the two from A1 (None when not
        measured)."""
        if self.why != "far":
            return None
        far = max(self.row_cell, self.column_cell, key=lambda c: c[0] * c[1])
        return _ref_text(far)

    @property
    def grid_cell(self) -> str | None:
        """`cell` when it is a cell of Excel's grid (one a link can open), else None."""
        cell = self.cell
        return cell if cell is not None and self.rows <= MAX_ROWS and self.columns <= MAX_COLUMNS else None

    @property
    def rule(self) -> str:
        """The code of the file-level issue it makes when the sheet is one the reader reads."""
        return {"dtd": "file.unsafe", "broken": "file.unreadable"}.get(self.why, "file.too_large")

    def describe(self, sheet: str) -> str:
        """In words, the `reason` of that issue: the sheet, its far cell(s), the limit passed."""
        if self.why == "dtd":
            return f"sheet \u201c{sheet}\u201d: DTD"
        if self.why == "broken":
            return f"sheet \u201c{sheet}\u201d bị hỏng"
        if self.why != "far":
            return f"sheet \u201c{sheet}\u201d có cấu trúc XML bất thường, không kiểm tra được vùng dữ liệu"
        named = [self.row_cell, self.column_cell]
        outside = self.rows > MAX_ROWS or self.columns > MAX_COLUMNS
        if outside:  # only the cells outside the grid
            named = [c for c in named if c[0] > MAX_ROWS or c[1] > MAX_COLUMNS]
        cells = " và ".join(f"ô {_ref_text(c)}" for c in dict.fromkeys(named))
        if outside:
            limit = (
                f"nằm ngoài bảng tính Excel (tối đa {vnformat.number(MAX_ROWS)} dòng × "
                f"{vnformat.number(MAX_COLUMNS)} cột)"
            )
        else:
            limit = (
                f"ở quá xa ô A1: vùng từ A1 tới đó có {vnformat.number(self.rows)} dòng × "
                f"{vnformat.number(self.columns)} cột, quá {vnformat.number(MAX_GRID_CELLS)} ô"
            )
        return f"sheet \u201c{sheet}\u201d có {cells} {limit}; hãy xóa nội dung ở đó"


UNMEASURED = FarCells(why="unmeasured")
WITH_DTD = FarCells(why="dtd")
BROKEN = FarCells(why="broken")


def too_far(rows: int, columns: int) -> bool:
    return rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_GRID_CELLS


def sheet_extent_problem(xml: bytes) -> FarCells | None:
    """None when calamine may read this sheet XML; else how far it reaches."""
    if _fast_within(xml):
        return None
    return _exact_problem(xml)


# --------------------------------------------------------------------------------------------
# The package's sheet parts
# --------------------------------------------------------------------------------------------


def check_sheet_grids(pkg: Package, keep: set[str] | frozenset[str] = frozenset()) -> dict[str, FarCells]:
    """Measure every part calamine could read as a sheet, once per package: the parts that are
    too far, by name (also kept as `pkg.far_parts`). The XML of the parts in `keep` stays in
    `pkg.inflated` for the sheet scan that follows (`toolkit.io.package.take_part`)."""
    if pkg.far_parts is not None:
        return pkg.far_parts
    from toolkit.io.package import read_info

    far: dict[str, FarCells] = {}
    for info in pkg.zf.infolist():
        if not _is_sheet_part(info.filename) or info.filename in far:
            continue
        if info.file_size >= STREAM_PART_BYTES and _streamed_within(pkg.zf, info):
            pkg.inflated.pop(info.filename, None)  # not kept: the scan inflates it again meanwhile
            continue
        try:
            xml = read_info(pkg.zf, info, pkg.data)
        except Exception:  # a corrupt entry (bad CRC, bad stream…): calamine's zip reader may differ
            far[info.filename] = BROKEN
            continue
        problem = sheet_extent_problem(xml)
        if problem is not None:
            far[info.filename] = problem
        elif info.filename in keep:  # of two entries of one name, the last, as `read_part`
            pkg.inflated[info.filename] = xml
        del xml
    for name in far:
        pkg.inflated.pop(name, None)
    pkg.far_parts = far
    return far


# A sheet part of a small file (the ward registry) larger than this is not measured: too far.
MAX_MEASURED_PART_BYTES = 256 * 1024 * 1024


def far_sheet_parts(data: bytes) -> dict[str, FarCells]:
    """`check_sheet_grids` of a small workbook's bytes without the package gate (the ward
    registry, read by calamine alone): the sheet parts too far for calamine, by part name.
    A zip that cannot be read raises (`zipfile.BadZipFile`, …): calamine would refuse it too."""
    far: dict[str, FarCells] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            if not _is_sheet_part(info.filename):
                continue
            if info.file_size > MAX_MEASURED_PART_BYTES:
                far[info.filename] = UNMEASURED
                continue
            try:
                with zf.open(info) as fh:
                    xml = fh.read(MAX_MEASURED_PART_BYTES + 1)
            except Exception:  # a corrupt entry
                far[info.filename] = BROKEN
                continue
            problem = UNMEASURED if len(xml) > MAX_MEASURED_PART_BYTES else sheet_extent_problem(xml)
            if problem is not None:
                far[info.filename] = problem
    return far


def _is_sheet_part(name: str) -> bool:
    # As every part is found (`package.part_key`: any letter case, backslashes as slashes):
    # calamine reads `xl\\Worksheets\\sheet1.xml` as a sheet part.
    return part_key(name).startswith(SHEET_FOLDERS)


# --------------------------------------------------------------------------------------------
# The common case: three passes
# --------------------------------------------------------------------------------------------

_PREFIXED_CELL = re.compile(rb":c[\s/>]")  # <x:c …>: calamine reads a cell whatever its prefix
_ANY_CELL = re.compile(rb"<c[\s/>]")
_PLAIN_REF = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
# An attribute named `r` anywhere but first in `<c …>` or `<row …>`: a second one in a cell's
# tag is the one calamine takes (after whitespace or straight after the previous value).
_OTHER_R = re.compile(rb"r(?<=[\s\"']r)(?<!<c r)(?<!<row r)[\s=]")


def _fast_within(xml: bytes) -> bool:
    """Whether every cell of the sheet is certainly within `MAX_GRID_CELLS` of A1 and Excel's
    grid, from three passes (False: not certain, measure it exactly).

    The cells calamine reads are the `<c>` and `<x:c>` tags between its first `<sheetData>`
    and the `</sheetData>` after it, so between the first and the last mention of `sheetData`.
    When none is prefixed, each starts with `r="…"` within the bounds, and no other attribute
    `r` appears after it (the last one is calamine's), every cell is within those bounds."""
    start = xml.find(b"sheetData")
    end = xml.rfind(b"sheetData")
    if start < 0:
        return True  # calamine finds no cell
    if _PREFIXED_CELL.search(xml, start, end):
        return False
    last = xml.rfind(b'<c r="', start, end)
    if last < 0:
        return _ANY_CELL.search(xml, start, end) is None  # no cell at all
    tail = _PLAIN_REF.match(xml, last, end)
    if tail is None:
        return False
    rows = _rounded_up(int(tail.group(2)))
    return _outside(rows).search(xml, start, end) is None and _OTHER_R.search(xml, start, end) is None


# A part this large is measured while it is inflated, in pieces (`_streamed_within`).
STREAM_PART_BYTES = 8 * 1024 * 1024
_STREAM_PIECE = 1024 * 1024  # small: the thread waits for the GIL while a piece is searched
_DIMENSION_RE = re.compile(rb'<dimension ref="[A-Z]{1,3}[0-9]{1,7}:([A-Z]{1,3})([0-9]{1,7})"')
_BEHIND = 8  # bytes the three patterns look back at, at most (5)
_AHEAD = 32  # bytes a match of them spans, at most (19: `<c r="XFD1048576"`)


def _streamed_within(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """`_fast_within` of a large part, passed over piece by piece while a thread inflates the
    next pieces (zlib lets go of the GIL); the rows' bound is the one the sheet's `<dimension>`
    claims (it comes first), not the last cell's. False: not certain (no such claim, a cell
    outside it, a part zipfile cannot read): the part is then read whole and measured again."""
    pieces: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=4)
    stop = threading.Event()

    def inflate() -> None:
        try:
            with zf.open(info) as fh:
                while not stop.is_set():
                    piece = fh.read(_STREAM_PIECE)
                    pieces.put(piece)
                    if not piece:
                        return
        except BaseException as exc:  # noqa: B036 - handed over: the part is then read whole
            pieces.put(exc)

    thread = threading.Thread(target=inflate, daemon=True)
    thread.start()
    try:
        return _pieces_within(pieces)
    finally:
        stop.set()
        while thread.is_alive():  # let it finish a piece it is putting
            try:
                pieces.get(timeout=0.05)
            except queue.Empty:
                pass
        thread.join()


def _pieces_within(pieces: queue.Queue[bytes | BaseException]) -> bool:
    tail = b""  # the end of what was passed over, for the patterns' context
    patterns: tuple[re.Pattern[bytes], ...] | None = None
    while True:
        piece = pieces.get()
        if isinstance(piece, BaseException):
            return False
        window = tail + piece
        if patterns is None:  # the claim comes before the cells: look for it in what came so far
            dimension = _DIMENSION_RE.search(window)
            if dimension is None:
                if not piece or b"<sheetData" in window or len(window) > _STREAM_PIECE:
                    return False
                tail = window
                continue
            rows = _rounded_up(int(dimension.group(2)))
            if rows * column_index(dimension.group(1)) > MAX_GRID_CELLS:
                return False
            patterns = (_PREFIXED_CELL, _outside(rows), _OTHER_R)
            start = 0
        else:
            # Positions before `start` were passed over in the previous window, with all the
            # context a match needs; those from `end` on are left for the next one.
            start = max(0, len(tail) - _AHEAD)
        end = len(window) - _AHEAD if piece else len(window)
        for pattern in patterns:
            found = pattern.search(window, start)
            if found is not None and found.start() < end:
                return False
        if not piece:
            return True
        tail = window[-(_AHEAD + _BEHIND) :]


# Up to this many rows, a sheet may reach Excel's last column within `MAX_GRID_CELLS`.
_FULL_WIDTH_ROWS = MAX_GRID_CELLS // MAX_COLUMNS


def _rounded_up(row: int) -> int:
    """The bound on rows to check for a sheet whose rows go to `row`: `row` rounded up to two
    significant digits, at least `_FULL_WIDTH_ROWS`, at most `MAX_ROWS` (so that a few
    patterns serve every file)."""
    if row <= _FULL_WIDTH_ROWS:
        return _FULL_WIDTH_ROWS
    step = 10 ** (len(str(row)) - 2)
    return min(MAX_ROWS, -(-row // step) * step)


@lru_cache(maxsize=64)
def _outside(rows: int) -> re.Pattern[bytes]:
    """A cell tag that is not a plain `<c r="…">` at a row ≤ `rows` and a column ≤ the
    columns those rows leave within `MAX_GRID_CELLS`."""
    columns = min(MAX_COLUMNS, MAX_GRID_CELLS // rows)
    within = rb"(?:" + _letters_up_to(columns) + rb")(?:" + _number_up_to(rows) + rb")"
    return re.compile(rb'<c(?! r="' + within + rb'")(?=[\s/>])')


def _number_up_to(n: int) -> bytes:
    """A regular expression of the numbers 1…n, without leading zeros."""
    s = str(n)
    k = len(s)
    alternatives = []
    for i, ch in enumerate(s):  # same number of digits, smaller from digit i on
        low = 1 if i == 0 else 0
        if int(ch) > low:
            rest = f"[0-9]{{{k - i - 1}}}" if k - i - 1 else ""
            alternatives.append(f"{s[:i]}[{low}-{int(ch) - 1}]{rest}")
    alternatives.append(s)
    if k > 1:  # fewer digits (possessive: no backtracking), tried first unless most rows have k
        alternatives.insert(len(alternatives) if n >= 100_000 else 0, f"[1-9][0-9]{{0,{k - 2}}}+")
    return "|".join(alternatives).encode()


def _letters_up_to(n: int) -> bytes:
    """A regular expression of the column letters of columns 1…n (upper case)."""
    s = get_column_letter(n)
    k = len(s)
    alternatives = []
    if k > 1:
        alternatives.append(f"[A-Z]{{1,{k - 1}}}+")
    for i, ch in enumerate(s):  # same number of letters: alphabetical order is column order
        if ch > "A":
            rest = f"[A-Z]{{{k - i - 1}}}" if k - i - 1 else ""
            alternatives.append(f"{s[:i]}[A-{chr(ord(ch) - 1)}]{rest}")
    alternatives.append(s)
    return "|".join(alternatives).encode()


# --------------------------------------------------------------------------------------------
# The rare case: calamine's reading replayed
# --------------------------------------------------------------------------------------------

_DECLARATION_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _exact_problem(xml: bytes) -> FarCells | None:
    if _DECLARATION_RE.search(xml):
        return WITH_DTD
    extent = _exact_extent(xml)
    if extent is None:
        return UNMEASURED
    rows, columns, row_cell, column_cell = extent
    if not too_far(rows, columns):
        return None
    return FarCells(rows, columns, row_cell, column_cell)


def _exact_extent(xml: bytes) -> tuple[int, int, tuple[int, int], tuple[int, int]] | None:
    """(farthest row, farthest column, a cell on that row, a cell in that column) of the cells
    calamine keeps, 1-based, cells as (row, column); None when the XML cannot be measured.

    As calamine's cell reader: a `<row r>` sets the row, every `</row>` moves to the next one
    and back to column A; a cell takes its `r`, else the row's next column; a cell with no
    child element has no value and is dropped (it still takes a column). Cells outside
    `<sheetData>` count too, and cells with a child calamine fails on (it skips or refuses
    them): only ever a larger extent. Rust wraps overflowing numbers; these are not wrapped.
    """
    if _DECLARATION_RE.search(xml):
        return None  # not given to expat
    replay = _Replay()
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = replay.start
    parser.EndElementHandler = replay.end
    try:
        parser.Parse(xml, True)
    except (expat.ExpatError, ValueError, RecursionError):
        return None
    if replay.far_row is None or replay.far_column is None:
        return 0, 0, (0, 0), (0, 0)
    return replay.far_row[0], replay.far_column[1], replay.far_row, replay.far_column


class _Replay:
    """calamine's cell positions, element by element (expat's handlers), placed by the rule of
    `toolkit.io.cellrefs` (the one every scan of the sheet XML places its findings by)."""

    def __init__(self) -> None:
        self.cursor = Cursor()
        self.in_cell = False
        self.depth = 0  # elements open inside the current cell
        self.kept = False
        self.cell = (0, 0)  # 1-based
        self.far_row: tuple[int, int] | None = None  # the kept cells farthest down and right
        self.far_column: tuple[int, int] | None = None

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if self.in_cell:
            self.depth += 1
            self.kept = True  # a value (`<v>`, `<is>`…): calamine keeps the cell or fails on it
            return
        local = name.rpartition(":")[2]
        if local == "row":
            r = attributes.get("r")
            self.cursor.start_row(row_of(r) if r is not None else None)
        elif local == "c":
            r = attributes.get("r")
            # None, or one calamine fails on: where a cell without one goes
            self.cell = self.cursor.cell(ref_of(r) if r is not None else None)
            self.in_cell, self.depth, self.kept = True, 0, False

    def end(self, name: str) -> None:
        if self.in_cell:
            if self.depth:
                self.depth -= 1
                return
            self.in_cell = False
            if self.kept:
                if self.far_row is None or self.cell[0] > self.far_row[0]:
                    self.far_row = self.cell
                if self.far_column is None or self.cell[1] > self.far_column[1]:
                    self.far_column = self.cell
            return
        if name.rpartition(":")[2] == "row":
            self.cursor.end_row()


def _ref_text(cell: tuple[int, int]) -> str:
    """A cell's reference, columns beyond XFD spelled on as calamine reads them (AAAA…)."""
    row, column = cell
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"
