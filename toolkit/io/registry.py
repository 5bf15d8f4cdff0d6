"""The ward registry (`Danh mục tổ chức`, the list of its organisations): reading and writing.

It is read from an .xlsx (the sheet named `Danh mục tổ chức` if its first 10 rows hold the
`Mã tổ chức` header, else the one sheet whose first 10 rows hold it; two such sheets are
refused, `registry.two_tables`) or a UTF-8 .csv, or from the rows of that sheet in the
consolidation workbook, and written as .xlsx or .csv.

A malformed registry raises `RegistryError` carrying every problem found as an `Issue`
(codes `registry.*` of the catalogue), each at its row and cell, so the clerk can fix the
file in one go.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from toolkit.core import layout, vnformat, vocab
from toolkit.core.errors import RegistryError
from toolkit.core.layout import cell_ranges, get_column_letter
from toolkit.core.model import Issue, Organisation, OrgResult, Registry, Submission
from toolkit.core.rules import make_issue, suggestion_text, where_cell
from toolkit.core.text import clean_code, code_in_file_name, org_code_key, org_name_key
from toolkit.core.vnformat import grouping_or_decimal, number

REGISTRY_SHEET = "Danh mục tổ chức"
REGISTRY_FILENAME = "danh_muc_to_chuc.xlsx"

# Fixed headers come from the `Thông tin` fields they correspond to: one label, one place.
REGISTRY_FIELDS = ("org_code", "org_name", "org_tier", "sector", "secretary")
HEADERS: dict[str, str] = {key: layout.INFO.field(key).header for key in REGISTRY_FIELDS}
REQUIRED = ("org_code", "org_name")
TARGET_PREFIX = "Chỉ tiêu kết nạp"
MAX_REGISTRY_BYTES = 20 * 1024 * 1024  # a list of a ward's organisations is a few kilobytes
# A target column's header, as `vocab.match_key` gives it: "Chỉ tiêu kết nạp", then its year of
# four digits, with or without "năm" or brackets, and perhaps a unit in brackets: "Chỉ tiêu kết
# nạp 2026", "Chỉ tiêu kết nạp năm 2026", "Chỉ tiêu kết nạp (2026)", "Chỉ tiêu kết nạp 2026
# (người)". Any other header that starts with "Chỉ tiêu kết nạp" is `registry.bad_target_header`:
# a year of two digits is not guessed, and a column left out in silence made the ward's target 0.
_TARGET_KEY = vocab.match_key(TARGET_PREFIX)
_TARGET_RE = re.compile(
    r"^chỉ tiêu kết nạp\s*(?:[-–—:]\s*)?(?:đảng viên\s*)?(?:mới\s*)?(?:năm\s*)?"
    r"(?:(\d{4})|\(\s*(\d{4})\s*\)|\[\s*(\d{4})\s*\])"
    r"\s*(?:\([^()\d]*\))?$"
)


def target_year(header: str) -> int | None:
    """The year of a target column's header ("Chỉ tiêu kết nạp năm 2026" → 2026), else None."""
    m = _TARGET_RE.match(vocab.match_key(header))
    if m is None:
        return None
    return int(next(g for g in m.groups() if g))


def target_header(year: int) -> str:
    return f"{TARGET_PREFIX} {year}"


def _clean(value: Any) -> str:
    """A registry cell as text: NFC, no invisible characters, single spaces, none around
    (codes are compared up to case as well: `org_code_key`)."""
    return clean_code(value)


class _Table:
    """The registry table being read: where it came from, and the issues found so far."""

    def __init__(self, source: str, file: str | None, sheet: str | None) -> None:
        self.source, self.file, self.sheet = source, file, sheet
        self.issues: list[Issue] = []

    def add(
        self, code: str, *, row: int | None = None, col: int | None = None, header: str = "", **kw: Any
    ) -> None:
        cell = where = None
        if row is not None and col is not None:
            if self.sheet is not None:
                cell = f"{get_column_letter(col + 1)}{row}"
                where = where_cell(self.sheet, row, header, cell)
            else:
                where = f"Dòng {row}, cột \u201c{header}\u201d"
        elif row is not None:
            where = f"Dòng {row}"
        self.issues.append(
            make_issue(
                code, file=self.file, sheet=self.sheet, cell=cell, column=header or None, where=where, **kw
            )
        )

    def fail(self) -> RegistryError:
        """The error that carries every issue; its message is the one problem, or a list of
        them (at most 20) under a heading that counts them."""
        if len(self.issues) == 1:
            return RegistryError(f"{self.source}: {self.issues[0].message}", issues=self.issues)
        lines = [f"{self.source} có {number(len(self.issues))} lỗi:"]
        lines += [f"  - {i.message}" for i in self.issues[:20]]
        if len(self.issues) > 20:
            lines.append(f"  … và {number(len(self.issues) - 20)} lỗi khác.")
        return RegistryError("\n".join(lines), issues=self.issues)


def _refuse(path: Path, code: str, **kw: Any) -> RegistryError:
    table = _Table(f"Danh mục tổ chức {path.name}", path.name, None)
    table.add(code, **kw)
    return table.fail()


# What to do about a registry file the system would not let be read (`registry.refused`): a
# registry of a few kilobytes grown past the limit holds pictures or objects pasted onto it; a
# file that cannot be opened is most often open in another program, or not yet on the disk (a
# cloud folder's placeholder), or not the user's to read.
_TOO_LARGE_ADVICE = (
    " Danh mục tổ chức chỉ có vài dòng chữ: hãy xóa hình ảnh, ảnh chụp hoặc đối tượng dán vào "
    "tệp (hoặc chép bảng danh mục sang một tệp mới) rồi lưu lại."
)
_LOCKED_ADVICE = (
    " Hãy đóng chương trình đang mở tệp này (Excel, WPS…), đợi tệp được tải về máy xong nếu tệp nằm "
    "trong thư mục đồng bộ (OneDrive, Google Drive), hoặc chép tệp sang thư mục của mình, rồi chạy lại."
)


def _read_bytes(path: Path) -> bytes:
    """The registry file's bytes: a regular file (never a FIFO or a device), bounded. A file
    refused for a known reason (too large, locked or not permitted, not a regular file) is
    `registry.refused` with that reason; `registry.unreadable` is kept for a file whose
    content cannot be read as a workbook."""
    from toolkit.io.files import NOT_PERMITTED, FileRefused, read_regular

    try:
        return read_regular(path, MAX_REGISTRY_BYTES)
    except FileRefused as exc:
        if not path.exists():
            raise _refuse(path, "registry.not_found") from exc
        reason, advice = exc.reason, ""
        if exc.too_large is not None:
            reason, advice = f"tệp quá lớn ({exc.reason})", _TOO_LARGE_ADVICE
        elif exc.reason == NOT_PERMITTED:
            advice = _LOCKED_ADVICE
        raise _refuse(path, "registry.refused", reason=reason, advice=advice) from exc


def _refuse_far_sheet(path: Path, data: bytes, sheet: str) -> None:
    """Refuse a registry with a sheet whose cells reach too far for calamine: its dense grid
    would abort the process (`toolkit.io.extent`). Every sheet part counts, whatever sheet
    name the workbook maps to it; the message names the sheet of the part (`sheet`, the one
    read, when the workbook does not say)."""
    from toolkit.io.extent import far_sheet_parts
    from toolkit.io.package import sheet_names_by_part

    far = far_sheet_parts(data)
    if not far:
        return
    part, cells = next(iter(far.items()))
    if cells.why != "far":  # not measured: its XML or its zip entry is broken
        raise _refuse(path, "registry.unreadable")
    name = sheet_names_by_part(data).get(part, sheet)
    table = _Table(f"Danh mục tổ chức {path.name}", path.name, name)
    table.issues.append(
        make_issue(
            "registry.too_large",
            file=path.name,
            sheet=name,
            cell=cells.grid_cell,
            reason=cells.describe(name),
        )
    )
    raise table.fail()


# A sheet's merged ranges as calamine gives them: ((first row, first column), (last row, last
# column)), 0-based from A1, as the rows of `to_python(skip_empty_area=False)` are.
MergedRange = tuple[tuple[int, int], tuple[int, int]]


_SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database


def _is_sqlite(path: Path) -> bool:
    """Whether the file is an SQLite database, under any name: the history
    (`lich_su_tong_hop.sqlite`) chosen as the registry, which no Excel can make one of
    (hunt313 F2). Only a regular file's first bytes are read (a FIFO or a device: never opened
    here, `_read_bytes` refuses it); one that cannot be read is none (its own reason follows)."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as fh:
            return fh.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def _read_rows(path: Path) -> tuple[list[list[Any]], str | None, list[str], list[MergedRange]]:
    """The cell values of the registry table, its sheet name (None for a CSV file), the
    sheets looked through for it (for a message when none holds the header row), and the
    sheet's merged ranges."""
    if _is_sqlite(path):
        raise _refuse(path, "registry.history")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            text = _read_bytes(path).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _refuse(path, "registry.not_utf8") from exc
        return _csv_rows(text), None, [], []
    if suffix in (".xlsx", ".xlsm"):
        from python_calamine import CalamineWorkbook

        data = _read_bytes(path)
        if _output_workbook(data):
            raise _refuse(path, "registry.ward_stats_output")
        try:
            wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
            names = list(wb.sheet_names)
            if _submission_book(wb, names):
                raise _refuse(path, "registry.submission")
            order = sheets_in_order(names)
            _refuse_far_sheet(path, data, order[0])
            tables = _sheets_with_header(wb, order)
            if not tables:
                rows = [list(r) for r in wb.get_sheet_by_name(order[0]).to_python(skip_empty_area=False)]
                return rows, order[0], order, []
            _refuse_two_tables(path, wb, tables)
            found = wb.get_sheet_by_name(tables[0][0])
            rows = [list(r) for r in found.to_python(skip_empty_area=False)]
            return rows, tables[0][0], order, list(found.merged_cell_ranges or [])
        except RegistryError:
            raise
        except Exception as exc:  # calamine raises its own error types for bad zips and sheets
            raise _refuse(path, "registry.unreadable") from exc
    raise _refuse(path, "registry.format")


def _sheets_with_header(wb: Any, order: Sequence[str]) -> list[tuple[str, int]]:
    """The sheets, in `order`, whose first 10 rows hold the `Mã tổ chức` header, each with its
    header's row (1-based); when one is named `Danh mục tổ chức` (`sheets_in_order`), only
    those so named: that sheet is the registry, whatever other sheets hold."""
    found: list[tuple[str, int]] = []
    for sheet in order:
        head = [list(r) for r in wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=10)]
        idx = _find_header_row(head)
        if idx >= 0:
            found.append((sheet, idx + 1))
    named = [t for t in found if _is_registry_sheet(t[0])]
    return named or found


def _is_registry_sheet(name: str) -> bool:
    return vocab.match_key(name) == vocab.match_key(REGISTRY_SHEET)


def _refuse_two_tables(path: Path, wb: Any, tables: Sequence[tuple[str, int]]) -> None:
    """`registry.two_tables` when more than one sheet holds a registry table and no single one
    is named `Danh mục tổ chức`: last year's list kept on an earlier sheet (perhaps hidden),
    this year's added after it. Reading the first in silence gave the new organisations no
    template and called their files outside the registry, while the clerk saw them listed."""
    if len(tables) < 2:
        return
    from python_calamine import SheetVisibleEnum

    hidden = {m.name for m in wb.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
    sheets = ", ".join(
        f"\u201c{name}\u201d ({'sheet đang ẩn, ' if name in hidden else ''}tiêu đề ở dòng {row})"
        for name, row in tables
    )
    if all(_is_registry_sheet(name) for name, _ in tables):
        advice = (
            f" Hãy chỉ để một sheet tên \u201c{REGISTRY_SHEET}\u201d là danh mục đang dùng: đổi tên hoặc "
            "xóa các sheet kia."
        )
    else:
        advice = (
            f" Hãy đổi tên sheet danh mục đang dùng thành \u201c{REGISTRY_SHEET}\u201d (sheet có tên này "
            "được đọc, các sheet khác bỏ qua), hoặc xóa danh mục cũ khỏi tệp (hoặc chép sang tệp khác)."
        )
    if any(name in hidden for name, _ in tables):
        advice += " Để xem sheet đang ẩn: bấm chuột phải vào tên một sheet, chọn Bỏ ẩn/Unhide."
    raise _refuse(path, "registry.two_tables", count=len(tables), sheets=sheets, advice=advice)


def _submission_book(wb: Any, names: Sequence[str]) -> bool:
    """Whether a workbook is a chi bộ's submission (or the blank template), as the reader knows
    one (`reader._identify_template`): its `_meta` sheet names our template, or it has every
    sheet of the template. Read as a registry, its `Thông tin` sheet's "Mã tổ chức" label was
    taken for the header row and the clerk was told "Dòng 1: Thiếu cột “Tên tổ chức đảng”",
    naming no sheet and not that the wrong file was chosen (hunt122 F9). A workbook with a
    `Danh mục tổ chức` sheet (the consolidation workbook) is a registry whatever else it holds."""
    from toolkit.io.sheets import find_sheet

    if any(_is_registry_sheet(name) for name in names):
        return False
    meta = find_sheet(names, layout.SHEET_META)
    if meta is not None:
        try:
            rows = wb.get_sheet_by_name(meta).to_python(skip_empty_area=False, nrows=20)
        except Exception:  # noqa: BLE001 - an unreadable `_meta` names no template: the sheets decide
            rows = []
        for row in rows:
            if len(row) >= 2 and str(row[0]).strip() == layout.META_TEMPLATE_ID:
                if str(row[1] or "").strip() == layout.TEMPLATE_ID:
                    return True
    required = [layout.SHEET_INFO, *(spec.name for spec in layout.DATA_SHEETS)]
    return all(find_sheet(names, sheet) is not None for sheet in required)


def _output_workbook(data: bytes) -> bool:
    """Whether a workbook's bytes are an output of ward-stats (`package.is_output_workbook`: a
    result, feedback or the work lists), whose `Theo tổ chức` sheet has the registry's headers
    and would be read as a registry with nonsense messages (its total row a code without name).
    The workbook with the buttons, which holds the registry, is none."""
    import zipfile

    from toolkit.io.package import is_output_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return is_output_workbook(zf, set(zf.namelist()), data)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False  # calamine says what is wrong with it


def sheets_in_order(names: Sequence[str]) -> list[str]:
    """A workbook's sheets in the order the registry table is looked for: the sheet named
    `Danh mục tổ chức` (by `vocab.match_key`: typed in Unicode tổ hợp, or in capitals), then
    the others as they come. The table is on the first of them whose first 10 rows hold the
    `Mã tổ chức` header: a notes sheet before it, or a sheet named "DM 2026" or without
    diacritics, is no reason to miss it."""
    wanted = vocab.match_key(REGISTRY_SHEET)
    named = [n for n in names if vocab.match_key(n) == wanted]
    return named + [n for n in names if n not in named]


# The delimiters of a CSV file: a comma, a semicolon (as Excel writes it where the decimal mark
# is a comma, as in Vietnam), a tab.
_CSV_DELIMITERS = ",;\t"


def _csv_rows(text: str) -> list[list[str]]:
    """The rows of a CSV text, read with the delimiter its header row is read with
    (`_header_delimiters`: a title line or a blank line above the header defeats the sniffer,
    which then took a `;` file for a comma one and found no header); the sniffer only chooses
    between delimiters that read the header equally well, or when none reads it."""
    found = _header_delimiters(text)
    try:
        sniffed: Any = csv.Sniffer().sniff(text[:4096], delimiters=_CSV_DELIMITERS)
    except csv.Error:
        sniffed = None
    if found and (sniffed is None or sniffed.delimiter not in found):
        dialect: Any = {"delimiter": found[0]}
    elif sniffed is not None:
        dialect = {"dialect": sniffed}
    else:
        dialect = {"dialect": csv.excel}
    return [list(r) for r in csv.reader(io.StringIO(text), **dialect)]


# A registry's header row holds both of these; a submission's `Thông tin` sheet has them as
# the labels of two rows, never in one.
_REGISTRY_KEYS = frozenset({vocab.match_key(HEADERS["org_code"]), vocab.match_key(HEADERS["org_name"])})


def holds_registry_header(rows: Sequence[Sequence[Any]]) -> bool:
    """Whether one of the first 10 rows of a sheet's cell values is a registry's header row
    (it holds both the `Mã tổ chức` and the `Tên tổ chức đảng` headers): a workbook found
    among the submissions with such a sheet is the registry (`toolkit.io.reader`)."""
    return any(_REGISTRY_KEYS <= {vocab.match_key(_clean(v)) for v in row} for row in rows[:10])


def _header_delimiters(text: str) -> list[str]:
    """The delimiters that read, in the first 10 rows of a CSV text, a row holding both the
    `Mã tổ chức` and the `Tên tổ chức đảng` headers, those that read the most registry headers
    in it first. Each delimiter is tried: a title row above the header defeats guessing."""
    known = {vocab.match_key(h) for h in HEADERS.values()}
    scores: dict[str, int] = {}
    for delimiter in _CSV_DELIMITERS:
        try:
            rows = list(itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), 10))
        except csv.Error:  # only its start is looked at: what cannot be read so is no registry
            continue
        for row in rows:
            keys = {vocab.match_key(_clean(v)) for v in row}
            if _REGISTRY_KEYS <= keys:
                score = len(keys & known) + sum(k.startswith(_TARGET_KEY) for k in keys)
                scores[delimiter] = max(scores.get(delimiter, 0), score)
    best = max(scores.values(), default=0)
    return [d for d in _CSV_DELIMITERS if best and scores.get(d) == best]


# How much of a .csv is looked at to tell a registry (its header row is within the first rows).
_REGISTRY_HEAD_BYTES = 64 * 1024


def is_registry_csv(path: Path) -> bool:
    """Whether a .csv file is a registry table (`toolkit.io.discover` leaves it out of the
    submissions): one of its first 10 rows holds both the `Mã tổ chức` and the `Tên tổ chức
    đảng` headers, as a registry's header row does. The `Thông tin` sheet of a submission saved
    as CSV has those words too, but each as a row's label, never two in one row. Read as
    UTF-8, else as Windows' Vietnamese code page (Excel's plain "CSV"): a registry in it is
    still a registry, though reading it as one asks for UTF-8 (`registry.not_utf8`)."""
    from toolkit.io.files import FileRefused, read_regular

    try:
        head = read_regular(path, MAX_REGISTRY_BYTES)
    except FileRefused:
        return False
    if len(head) > _REGISTRY_HEAD_BYTES:  # its start, in whole lines
        head = head[:_REGISTRY_HEAD_BYTES]
        head = head[: head.rfind(b"\n") + 1] or head
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    return bool(_header_delimiters(text))


def header_row_index(rows: Sequence[Sequence[Any]]) -> int:
    """The index of the row `parse_registry_rows` takes for the header (-1: none)."""
    return _find_header_row([list(r) for r in rows])


def _find_header_row(rows: list[list[Any]]) -> int:
    """The first row that carries the code header (a title row above it is tolerated)."""
    code_header = vocab.match_key(HEADERS["org_code"])
    for i, row in enumerate(rows[:10]):
        if any(vocab.match_key(_clean(v)) == code_header for v in row):
            return i
    return -1


def read_registry(path: Path) -> Registry:
    """Read the registry table from .xlsx/.csv; raise RegistryError carrying every problem."""
    path = Path(path)
    if not path.exists():
        raise _refuse(path, "registry.not_found")
    rows, sheet, looked_in, merged = _read_rows(path)
    registry = parse_registry_rows(
        rows, f"Danh mục tổ chức {path.name}", file=path.name, sheet=sheet, looked_in=looked_in, merged=merged
    )
    registry.source = path
    return registry


def parse_registry_rows(
    rows: Sequence[Sequence[Any]],
    source: str,
    *,
    file: str | None = None,
    sheet: str | None = REGISTRY_SHEET,
    looked_in: Sequence[str] = (),
    merged: Sequence[MergedRange] = (),
) -> Registry:
    """The registry from a table of cell values (a file's sheet, or the open workbook's).

    `source` names the table in messages, e.g. "Danh mục tổ chức dm.xlsx"; `file` and `sheet`
    locate the issues (`sheet` None for a CSV file, whose issues name rows, not cells);
    `looked_in`, the sheets of a workbook looked through for the table, named when none holds
    its header row; `merged`, the sheet's merged ranges (`_unmerge`). Raises `RegistryError`
    whose `issues` hold every problem found, each at its row and cell."""
    table = _Table(source, file, sheet)
    table_rows = [list(r) for r in rows]
    header_idx = _find_header_row(table_rows)
    if header_idx < 0:
        sheets = ", ".join(f"\u201c{n}\u201d" for n in looked_in)
        looked = f" ở 10 dòng đầu của {'sheet' if len(looked_in) == 1 else 'các sheet'} {sheets}"
        table.add(
            "registry.no_header",
            looked=looked if sheets else "",
            expected=HEADERS["org_code"],
            columns=", ".join(f"\u201c{h}\u201d" for h in HEADERS.values()),
            targets=TARGET_PREFIX,
        )
        raise table.fail()
    header = [_clean(v) for v in table_rows[header_idx]]
    columns, target_cols = _header_columns(table, header, header_idx + 1)
    if table.issues:
        raise table.fail()
    merge_warnings = _unmerge(
        _Table(source, file, sheet), table_rows, merged, header_idx, columns, target_cols
    )
    body = [
        (offset, [_clean(v) for v in row] + [""] * len(header))
        for offset, row in enumerate(table_rows[header_idx + 1 :], start=header_idx + 2)
    ]
    notes = _Table(source, file, sheet)
    left_out = _rows_not_organisations(notes, body, columns, target_cols)
    orgs: list[Organisation] = []
    rows_of: list[int] = []
    seen: dict[str, int] = {}
    for offset, cells in body:
        if any(cells) and offset not in left_out:
            org = _organisation(table, cells, offset, columns, target_cols, seen)
            if org is not None:
                orgs.append(org)
                rows_of.append(offset)
    if not orgs and not table.issues:
        table.add("registry.empty")
    if table.issues:
        raise table.fail()
    warnings = [
        *merge_warnings,
        *notes.issues,
        *_same_names(table, orgs, rows_of, columns),
        *_example_row(table, orgs, rows_of, columns),
    ]
    return Registry(
        organisations=orgs,
        warnings=warnings,
        rows=rows_of,
        table_file=file,
        table_sheet=sheet,
        target_columns=dict(target_cols),
    )


# A total row's label, typed in the code or the name column, as `vocab.match_key` gives it:
# "Tổng cộng", "Tổng", "Cộng", "Tổng số", alone or followed by a colon, a bracket, a dash, a
# number, "toàn …", "chung" or "khối …" ("Tổng cộng: 6 tổ chức", "Tổng cộng toàn Đảng bộ",
# "Cộng khối doanh nghiệp", "Cộng (6)"); not a name that merely starts so ("Tổng công ty …",
# "Cộng đồng …").
_TOTAL_RE = re.compile(
    r"^(?:tổng cộng|tổng số|tổng|cộng)(?:$|\s*[:(\-–]|\s+\d|\s+toàn\b|\s+chung\b|\s+khối\b)"
)
# A heading typed as a row between groups of organisations (as `vocab.match_key` gives it):
# "Khối cơ quan Đảng, chính quyền", "KHỐI DOANH NGHIỆP", "Các chi bộ trực thuộc", "Nhóm tổ dân
# phố", "Cấp cơ sở", "Đảng bộ cơ sở", "Chi bộ cơ sở", "Chi bộ trực thuộc", numbered or not ("I.
# Khối …", "A - Các đảng bộ cơ sở", "2) Khối …"). An organisation's name starts "Chi bộ …" or
# "Đảng bộ …" followed by more than the tier's name, which none of these is.
_HEADING_RE = re.compile(
    r"^(?:(?:[ivxlc]+|[a-dđ]|\d{1,2})\s*[.):\-–]\s*)?"
    r"(?:(?:khối|các|nhóm|cấp)\s|(?:đảng bộ cơ sở|chi bộ cơ sở|chi bộ trực thuộc|đảng bộ bộ phận)$)"
)
# A number of a group alone, in a column of the clerk's own ("I", "II.", "A", "3)").
_NUMBERING_RE = re.compile(r"^(?:[ivxlc]+|[a-dđ]|\d{1,3})[.)]?$")
# The lines usually written under a list (as `vocab.match_key` gives them): notes, the place and
# date ("Hải Dương, ngày 05 tháng 01 năm 2026"), the signature block ("NGƯỜI LẬP BIỂU", "T/M ĐẢNG
# ỦY", "BÍ THƯ", "(Ký, ghi rõ họ tên)"). No organisation's code or name reads so.
_BELOW_TABLE_RE = re.compile(
    r"^(?:ghi chú|lưu ý|chú thích|chú ý|người lập|t/m\b|tm\.|kt\.|xác nhận|\(ký|ký tên|ký,|ký và"
    r"|(?:phó )?bí thư$)"
    r"|\bngày\b.*\btháng\b.*\bnăm\b"
)


def _rows_not_organisations(
    notes: _Table, body: list[tuple[int, list[str]]], columns: dict[str, int], target_cols: dict[int, int]
) -> set[int]:
    """The rows under the header that are no organisation, each said as a warning in `notes`,
    so that the clerk is never told to give them a code (which would make a phantom
    organisation, "chưa nộp" in every run, its targets added to the ward's):

    - a group's heading typed as a row between the organisations (`registry.group_heading`,
      one warning for them all): a row whose one filled cell reads as a heading (`_HEADING_RE`:
      "Khối cơ quan Đảng, chính quyền", "II. Các chi bộ trực thuộc");
    - a total row (`registry.total_row`), anywhere: "Tổng cộng", "Tổng", "Cộng" in the code
      column, or in the name column with no code beside it;
    - the lines under the table (`registry.below_table`): after its last organisation (the last
      row with both a code and a name), a row with neither, a row after an empty row (the date
      and signature lines stand apart from the table), or a row whose code or name reads as a
      note, a date or a signature line ("Ghi chú: …", "…, ngày … tháng … năm …", "Người lập
      biểu").

    A row among the organisations, or right under the last one, with a name and no code (or a
    code and no name) is still an organisation missing its code (or name): an error."""
    code_col, name_col = columns["org_code"], columns["org_name"]

    def total_label(code: str, name: str) -> str | None:
        if code and _TOTAL_RE.match(vocab.match_key(code)):
            return code
        if not code and name and _TOTAL_RE.match(vocab.match_key(name)):
            return name
        return None

    def below_label(code: str, name: str) -> bool:
        return any(v and _BELOW_TABLE_RE.search(vocab.match_key(v)) for v in (code, name))

    def heading(cells: list[str]) -> tuple[int, str] | None:
        """The column and text of a row that holds a group's heading alone (in any one cell:
        the code, the name, or a cell merged across the row), beside at most the group's number."""
        filled = [(i, v) for i, v in enumerate(cells) if v and not _NUMBERING_RE.match(vocab.match_key(v))]
        if len(filled) == 1 and _HEADING_RE.match(vocab.match_key(filled[0][1])):
            return filled[0]
        return None

    totals: set[int] = set()
    headings: list[tuple[int, int, str]] = []
    last: int | None = None
    for offset, cells in body:
        code, name = cells[code_col], cells[name_col]
        label = total_label(code, name)
        group = heading(cells) if label is None else None
        if group is not None:
            totals.add(offset)
            headings.append((offset, *group))
        elif label is not None:
            totals.add(offset)
            notes.add(
                "registry.total_row",
                row=offset,
                col=code_col if label == code else name_col,
                header=HEADERS["org_code"] if label == code else HEADERS["org_name"],
                value=label,
                targets=(
                    ", số ở các cột chỉ tiêu của dòng này không được tính (chỉ tiêu của phường là tổng"
                    " chỉ tiêu của các tổ chức)"
                    if any(cells[idx] for idx in target_cols.values())
                    else ""
                ),
            )
        elif code and name and not below_label(code, name):
            last = offset
    if headings:
        (first_row, col, first_text), *more = headings
        _rows_left_out(
            notes,
            "registry.group_heading",
            [r for r, _, _ in headings],
            col,
            value=first_text,
            more=f" và {number(len(more))} dòng khác" if more else "",
        )
    if last is None:  # no organisation at all: every row is one missing its code or name
        return totals
    below: list[int] = []
    gap = False
    for offset, cells in body:
        if offset <= last or offset in totals:
            continue
        if not any(cells):
            gap = True
            continue
        code, name = cells[code_col], cells[name_col]
        if gap or not (code or name) or below_label(code, name):
            below.append(offset)
    if below:
        col = next(i for i, v in enumerate(dict(body)[below[0]]) if v)
        _rows_left_out(notes, "registry.below_table", below, col, last=last)
    return totals | set(below)


def _rows_left_out(notes: _Table, code: str, rows: list[int], col: int, **params: Any) -> None:
    """One warning `code` for the registry `rows` left out as no organisation, at the first
    one's cell in column `col` (a CSV file's issues name rows, not cells)."""
    notes.issues.append(
        make_issue(
            code,
            file=notes.file,
            sheet=notes.sheet,
            cell=f"{get_column_letter(col + 1)}{rows[0]}" if notes.sheet is not None else None,
            rows=f"{'Các dòng' if len(rows) > 1 else 'Dòng'} {cell_ranges('', rows)}",
            **params,
        )
    )


# The columns whose value, typed once in cells merged down over several organisations' rows, is
# each of those organisations' (`_unmerge`).
_FILLED_DOWN = ("org_tier", "sector", "secretary")


def _unmerge(
    notes: _Table,
    rows: list[list[Any]],
    merged: Sequence[MergedRange],
    header_idx: int,
    columns: dict[str, int],
    target_cols: dict[int, int],
) -> list[Issue]:
    """Reads the cells merged over several organisations' rows as Excel shows them, where that
    is what they mean; the file holds the value in the block's first cell only.

    A block of one column of `Cấp tổ chức`, `Khối` or `Bí thư` (rows grouped by sector, one
    "Khối cơ quan Đảng, chính quyền" over them) gives its value to every organisation's row of
    the block (`rows` is changed in place): a blank there means "not said", which nobody
    shows by laying a value over it, and read as blank the ward's counts by tier and sector
    lost those organisations in silence. A block over a target column cannot be read so: "5"
    over two rows may be each one's target or both together's. It is `registry.merged_target`,
    a warning naming the block, what its first cell is counted as and the cells read as no
    target. Rows with nothing else in them (under the table) are left as they are; a block of
    the code or name column leaves its other rows without one, which is already an error."""
    filled = {columns[k] for k in _FILLED_DOWN if k in columns}
    years = {idx: year for year, idx in target_cols.items()}

    def cell(r: int, c: int) -> Any:
        return rows[r][c] if r < len(rows) and c < len(rows[r]) else None

    def is_row(r: int, *but: int) -> bool:  # a row with something in it besides the block's cells
        return r < len(rows) and any(_clean(v) for i, v in enumerate(rows[r]) if i not in but)

    for (r0, c0), (r1, c1) in merged:
        if r0 <= header_idx or r1 == r0:
            continue  # the header's own cells, or one row: nothing is hidden from an organisation
        if c0 == c1 and c0 in filled:
            for r in range(r0 + 1, r1 + 1):
                if is_row(r, c0):
                    rows[r] += [""] * (c0 + 1 - len(rows[r]))
                    rows[r][c0] = cell(r0, c0)
            continue
        hidden = [
            (c, [r + 1 for r in range(r0, r1 + 1) if (r, c) != (r0, c0) and is_row(r, *range(c0, c1 + 1))])
            for c in range(c0, c1 + 1)
            if c in years
        ]
        said = [
            f"{'các ô' if len(cells) > 1 else 'ô'} {cell_ranges(get_column_letter(c + 1), cells)}"
            for c, cells in hidden
            if cells
        ]
        if not said:
            continue
        first = f"{get_column_letter(c0 + 1)}{r0 + 1}"
        value = _clean(cell(r0, c0))
        notes.add(
            "registry.merged_target",
            row=r0 + 1,
            col=c0,
            header=target_header(years[c0]) if c0 in years else _clean(cell(header_idx, c0)),
            range=f"{first}:{get_column_letter(c1 + 1)}{r1 + 1}",
            first=first,
            counted=f"chỉ tiêu {value}" if value else "trống",
            hidden="; ".join(said),
        )
    return notes.issues


# The example row the shipped workbook's registry sheet is built with (`toolkit.excel.build`):
# a fresh template holds it alone, to show how a row is filled in.
EXAMPLE_ORGANISATION = Organisation(
    org_code="CB01",
    org_name="Chi bộ Tổ dân phố số 1",
    org_tier="chi_bo_truc_thuoc",
    sector="to_dan_pho",
    secretary="Nguyễn Văn An",
    targets={2025: 1, 2026: 2},
)


def is_example_row(org: Organisation) -> bool:
    """Whether `org` is the template's example row as built: its code, name, tier, sector and
    secretary all as shipped (its targets may have been changed). A real chi bộ coded CB01 has
    another name or secretary, and is never taken for it."""
    e = EXAMPLE_ORGANISATION
    return (org.org_code, org.org_name, org.org_tier, org.sector, org.secretary) == (
        e.org_code,
        e.org_name,
        e.org_tier,
        e.sector,
        e.secretary,
    )


def example_only(registry: Registry | None) -> bool:
    """Whether `registry` holds only the template's example row (`is_example_row`): the sheet of
    a fresh `tong_hop_phuong.xlsm` the clerk has not filled yet, no list of the ward's."""
    orgs = registry.organisations if registry is not None else []
    return len(orgs) == 1 and is_example_row(orgs[0])


def registry_place(registry: Registry) -> str:
    """Where a message says the registry is: its file (`tệp “dm.xlsx”`) or its sheet."""
    if registry.table_file is not None:
        return f"tệp \u201c{registry.table_file}\u201d"
    return f"sheet \u201c{registry.table_sheet or REGISTRY_SHEET}\u201d"


def registry_fix_place(registry: Registry) -> str:
    """Where a message asks the clerk to fix the registry: its file (`tệp “dm.xlsx”`, read with
    `--registry`), or its sheet of the consolidation workbook (review364: a registry file was
    said to be the workbook's sheet)."""
    place = registry_place(registry)
    return place if registry.table_file is not None else f"{place} của tệp tổng hợp"


def registry_in_use(
    registry: Registry | None, submissions: Sequence[Submission]
) -> tuple[Registry | None, Issue | None]:
    """The registry a run uses, and `registry.example_only` when it is not the one given.

    A registry holding only the template's example row (`is_example_row`: a fresh
    `tong_hop_phuong.xlsm` whose sheet the clerk has not filled yet) is no list of the ward's:
    used, every file's code would be `org.unknown` (a feedback file to every chi bộ for a code
    that is right) and the example "chưa nộp" (hunt302 F4). So, when no submission of the run
    carries its code (its `Thông tin` code, as `Registry.find` reads it, loosely too, or its
    file's name), the run goes on as one without a registry (None) and says why, once. When a
    file does carry the code, the example may well be the ward's own chi bộ: it is used."""
    if registry is None or not example_only(registry):
        return registry, None
    example = registry.organisations[0]
    for sub in submissions:
        if registry.find(sub.org_code) is not None:
            return registry, None
        if code_in_file_name(sub.path.name, [example.org_code]) is not None:
            return registry, None
    place = registry_place(registry)
    issue = make_issue(
        "registry.example_only",
        file=registry.table_file,
        sheet=registry.table_sheet,
        org=example.org_code,  # no `org_code`: the issue is the registry's, of no organisation
        org_name=example.org_name,
        place=place,
    )
    return None, issue


def _example_row(
    table: _Table, orgs: list[Organisation], rows: list[int], columns: dict[str, int]
) -> list[Issue]:
    """`registry.example_row` at the template's example row when the registry holds other rows
    beside it (hunt220 R3): kept by mistake, it is "chưa nộp" in every run and counts among the
    registered organisations. The example alone (a fresh template) is no warning."""
    table.issues = []
    if len(orgs) < 2:
        return []
    for org, row in zip(orgs, rows, strict=True):
        if is_example_row(org):
            table.add(
                "registry.example_row",
                row=row,
                col=columns["org_code"],
                header=HEADERS["org_code"],
                value=org.org_code,
                org_code=org.org_code,
                org=org.org_code,
                org_name=org.org_name,
                targets=(
                    ", và chỉ tiêu kết nạp của nó được cộng vào chỉ tiêu của phường"
                    if any(org.targets.values())
                    else ""
                ),
                place=f"sheet \u201c{table.sheet}\u201d" if table.sheet else "tệp danh mục",
            )
            break
    return table.issues


def _same_names(
    table: _Table, orgs: list[Organisation], rows: list[int], columns: dict[str, int]
) -> list[Issue]:
    """`registry.same_name` at each row whose name is an earlier row's (by `org_name_key`: "Chi
    bộ Tổ dân phố số 7" and "CB TDP 07" are one name). Likely one organisation entered twice:
    its second code is "chưa nộp" in every run, and its admission target counts twice in the
    ward's. A warning, not an error: after a merger a ward may for a while hold two
    organisations of one name, and a run must not stop for it. The template's example row
    beside other rows is no name of the ward's (`_example_row` says to delete it): a real "Chi
    bộ Tổ dân phố số 1" is not said to repeat it, which advised deleting "the extra row" beside
    a real organisation's (h278)."""
    table.issues = []
    first: dict[str, tuple[Organisation, int]] = {}
    for org, row in zip(orgs, rows, strict=True):
        key = org_name_key(org.org_name)
        if not key or (len(orgs) > 1 and is_example_row(org)):
            continue
        if key not in first:
            first[key] = (org, row)
            continue
        earlier, earlier_row = first[key]
        targets = (
            ", và chỉ tiêu kết nạp của mã thừa bị cộng thêm vào chỉ tiêu của phường"
            if org.targets and earlier.targets
            else ""
        )
        table.add(
            "registry.same_name",
            row=row,
            col=columns["org_name"],
            header=HEADERS["org_name"],
            value=org.org_name,
            org_code=org.org_code,
            org=org.org_code,
            first_name=earlier.org_name,
            first_code=earlier.org_code,
            first_row=earlier_row,
            targets=targets,
        )
    return table.issues


def _header_columns(table: _Table, header: list[str], row: int) -> tuple[dict[str, int], dict[int, int]]:
    """Column index of each registry field and of each year's target column.

    A column the registry reads whose header is another's (after `vocab.match_key`; two target
    columns of one year) is `registry.duplicate_column`: which one holds the figures cannot be
    told, and keeping the last in silence read a column copied for next year as this year's. A
    header that starts like a target column but gives no year of four digits is
    `registry.bad_target_header`: left out, it made the year's target 0."""
    fields = {vocab.match_key(label): key for key, label in HEADERS.items()}
    columns: dict[str, int] = {}
    target_cols: dict[int, int] = {}
    for i, h in enumerate(header):
        if not h:
            continue
        key = vocab.match_key(h)
        field_key = fields.get(key)
        if field_key is not None:
            first = columns.setdefault(field_key, i)
        elif key.startswith(_TARGET_KEY):
            year = target_year(h)
            if year is None:
                table.add("registry.bad_target_header", row=row, col=i, header=h, value=h)
                continue
            first = target_cols.setdefault(year, i)
        else:
            continue
        if first != i:
            table.add(
                "registry.duplicate_column",
                row=row,
                col=i,
                header=h,
                value=h,
                first_header=header[first],
                first_column=_column_name(table, first, row),
                this_column=_column_name(table, i, row),
            )
    for key in REQUIRED:
        if key not in columns:
            table.add("registry.missing_column", row=row, expected=HEADERS[key])
    return columns, target_cols


def _column_name(table: _Table, col: int, row: int) -> str:
    """A column as a message names it: "cột F (ô F1)" in a sheet, "cột thứ 6" in a CSV file."""
    if table.sheet is None:
        return f"cột thứ {col + 1}"
    letter = get_column_letter(col + 1)
    return f"cột {letter} (ô {letter}{row})"


def _organisation(
    table: _Table,
    cells: list[str],
    row: int,
    columns: dict[str, int],
    target_cols: dict[int, int],
    seen: dict[str, int],
) -> Organisation | None:
    """One registry row as an Organisation, or None when it cannot be one (issues added)."""

    def get(key: str) -> str:
        return cells[columns[key]] if key in columns else ""

    def add(rule: str, key: str, **kw: Any) -> None:
        table.add(rule, row=row, col=columns.get(key, 0), header=HEADERS[key], **kw)

    code, name = get("org_code"), get("org_name")
    if not code:
        add("registry.code_missing", "org_code")
        return None
    key = org_code_key(code)  # `HD01` and `hd01` are one code
    if key in seen:
        add("registry.duplicate_code", "org_code", value=code, first_row=seen[key])
        return None
    seen[key] = row
    if not name:
        add("registry.name_missing", "org_name", org=code)
    codes: dict[str, str | None] = {}
    for key, voc in (("org_tier", vocab.ORG_TIER), ("sector", vocab.SECTOR)):
        raw = get(key)
        term = voc.lookup(raw) if raw else None
        if raw and term is None:
            hint = voc.closest(raw)
            add(
                "registry.not_allowed",
                key,
                value=raw,
                suggestion=suggestion_text(hint.label if hint else None),
                allowed=", ".join(f"“{t.label}”" for t in voc.terms),
            )
        codes[key] = term.code if term else None
    targets: dict[int, int] = {}
    for year, idx in target_cols.items():
        raw = cells[idx]
        if raw == "":
            continue
        # "1.000" reads as one thousand or as one: refused, not taken for 1 (hunt133 #5); so is
        # `1e9`, a typo or a spreadsheet's artefact (a number cell is never text with an exponent).
        try:
            refused = grouping_or_decimal(raw) or "e" in raw.lower()
            number = -1.0 if refused else float(raw.replace(",", "."))
        except ValueError:
            number = -1
        if number < 0 or not number.is_integer():
            table.add("registry.bad_target", row=row, col=idx, header=target_header(year), value=raw)
            continue
        targets[year] = int(number)
    return Organisation(
        org_code=code,
        org_name=name,
        org_tier=codes["org_tier"],
        sector=codes["sector"],
        secretary=get("secretary") or None,
        targets=targets,
    )


# The largest admission target of one organisation for a year taken as plausible when its
# members at the cut-off are not known (its file missing, or excluded for its errors): a ward's
# chi bộ admits a few a year, a large đảng bộ cơ sở some tens; more than this is a typo (an
# extra digit, a year typed into the cell), and a generous bound warns of no real target.
MAX_TARGET_UNCOUNTED = 100


def implausible_target_issues(
    registry: Registry | None,
    organisations: Sequence[OrgResult],
    years: Sequence[int],
    cutoff: dt.date,
    target_override: Mapping[int, int] | None = None,
) -> list[Issue]:
    """`registry.implausible_target` at each target cell of `years` whose organisation could
    not admit that many in a year: above its members at the cut-off (`members.total` of its
    consolidated figures), or, when the run has no roll of it (missing, excluded, or a last
    report with no member left, whose old target is no typo), above `MAX_TARGET_UNCOUNTED`.
    The target is kept as typed (the ward's is the sum of them): a warning, naming the cell,
    the organisation, the target and what it was compared with. Not for a year
    `target_override` gives (the registry's targets are not used for it). One step per
    organisation and year."""
    if registry is None or not registry.organisations:
        return []
    override = target_override or {}
    table = _Table("", registry.table_file, registry.table_sheet)
    results = {org_code_key(o.org_code): o for o in organisations}
    rows = registry.rows if len(registry.rows) == len(registry.organisations) else []
    place = f"sheet \u201c{registry.table_sheet}\u201d" if registry.table_sheet else "tệp danh mục"
    ward_targets = {year: registry.target(year) for year in years if year not in override}
    for i, org in enumerate(registry.organisations):
        for year in ward_targets:
            target = org.targets.get(year)
            if not target:
                continue
            result = results.get(org_code_key(org.org_code))
            counted = result is not None and result.status == "consolidated"
            members = int(result.indicators.get("members.total", 0) or 0) if counted and result else 0
            if counted and members:
                if target <= members:
                    continue
                against = (
                    f"số đảng viên của tổ chức tại ngày chốt {vnformat.message_date(cutoff)} "
                    f"({number(members)} đảng viên): một tổ chức không thể kết nạp trong một năm "
                    "nhiều hơn số đảng viên mình có"
                )
            else:
                if target <= MAX_TARGET_UNCOUNTED:
                    continue
                if counted:  # its last report (dissolved, merged): `org.no_members_at_cutoff`
                    why = "không còn đảng viên nào tại ngày chốt"
                elif result is None or result.status == "missing":
                    why = "chưa nộp tệp"
                else:
                    why = "tệp còn lỗi"
                against = (
                    f"{number(MAX_TARGET_UNCOUNTED)} đảng viên: không tổ chức nào của phường kết nạp "
                    f"được nhiều như vậy trong một năm (tổ chức {why} nên chưa so được với số đảng "
                    "viên của tổ chức)"
                )
            col = registry.target_columns.get(year)
            table.add(
                "registry.implausible_target",
                row=rows[i] if rows else None,
                col=col if rows else None,
                header=target_header(year),
                value=str(target),
                org_code=org.org_code,
                org=org.org_code,
                org_name=org.org_name,
                year=str(year),
                target=number(target),
                against=against,
                ward_target=number(ward_targets[year]),
                place=place,
            )
    return table.issues


def implausible_ward_target_issues(
    registry: Registry | None,
    organisations: Sequence[OrgResult],
    indicators: Mapping[str, Any],
    cutoff: dt.date,
    target_override: Mapping[int, int] | None,
) -> list[Issue]:
    """`ward.implausible_target` for the ward's own target (`target_override`, the settings'
    “Chỉ tiêu kết nạp năm chốt” cell) above what the ward could admit in a year: its members at
    the cut-off (`members.total` of the ward's figures), plus `MAX_TARGET_UNCOUNTED` for each
    organisation the run has no roll of (of the registry with no file, or whose file is
    excluded, registry or not: review288), as `implausible_target_issues` holds such an
    organisation's own target. The target is kept as typed. Nothing to compare with (no
    organisation counted, none in a registry): not said. With no registry the files not sent
    yet are unknown, and the message says its members are those counted (review288 F3: a real
    target early in the season was held to "the ward's" members of three files)."""
    if not target_override:
        return []
    members = int(indicators.get("members.total", 0) or 0)
    counted = {org_code_key(o.org_code) for o in organisations if o.status == "consolidated"}
    listed = registry.organisations if registry is not None else []
    in_registry = {org_code_key(o.org_code) for o in listed}
    run_codes = {org_code_key(o.org_code) for o in organisations}
    not_counted = (in_registry | run_codes) - counted - {""}
    uncounted = len(not_counted)
    if not counted and not uncounted:
        return []
    bound = members + MAX_TARGET_UNCOUNTED * uncounted
    day = vnformat.message_date(cutoff)
    # With no registry the files not sent yet are unknown (review288 F3): the uncounted are the
    # excluded files alone, and the message says no registry tells which have not sent one.
    unknown = "không có danh mục tổ chức nên không biết còn tổ chức nào chưa nộp tệp"
    if uncounted:  # an excluded file of an organisation the registry lacks is none of its
        if registry is None:
            which = "có tệp còn lỗi"
        elif not_counted <= in_registry:
            which = "trong danh mục chưa nộp tệp hoặc tệp còn lỗi"
        else:
            which = "chưa nộp tệp hoặc có tệp còn lỗi"
        against = (
            f"{number(bound)} đảng viên (số đảng viên tại ngày chốt {day} của các tổ chức đã tổng "
            f"hợp, {number(members)}, cộng {number(MAX_TARGET_UNCOUNTED)} cho mỗi tổ chức {which}: "
            f"{number(uncounted)} tổ chức{'; ' + unknown if registry is None else ''})"
        )
    elif registry is None:  # the files not sent yet are unknown: the members are those counted
        against = (
            f"số đảng viên tại ngày chốt {day} của các tổ chức đã tổng hợp ({number(members)} đảng "
            f"viên; {unknown})"
        )
    else:
        against = f"số đảng viên của phường tại ngày chốt {day} ({number(members)} đảng viên)"
    return [
        make_issue(
            "ward.implausible_target",
            value=str(target),
            year=str(year),
            target=number(target),
            against=against,
        )
        for year, target in sorted(target_override.items())
        if target > bound
    ]


def registry_years(registry: Registry) -> list[int]:
    return sorted({y for o in registry.organisations for y in o.targets})


def registry_table(registry: Registry, years: Sequence[int] | None = None) -> list[list[Any]]:
    """Header row + one row per organisation, labels in Vietnamese (for .xlsx/.csv/the .xlsm)."""
    years = list(years) if years is not None else registry_years(registry)
    header = [HEADERS[k] for k in REGISTRY_FIELDS] + [target_header(y) for y in years]
    rows: list[list[Any]] = [header]
    for o in registry.organisations:
        rows.append(
            [
                o.org_code,
                o.org_name,
                vocab.ORG_TIER.label(o.org_tier) if o.org_tier else None,
                vocab.SECTOR.label(o.sector) if o.sector else None,
                o.secretary,
                *[o.targets.get(y) for y in years],
            ]
        )
    return rows
