"""Opens one submission safely and returns normalised frames that keep every value's cell.

Safety first (DESIGN §10): the file is read once into memory, its zip directory is checked
(declared inflated size, compression ratio, number of parts) before anything is parsed, the
few XML parts we parse ourselves go through defusedxml, password-protected files and old
`.xls` files are recognised from their OLE2 signature and refused with a message that says
what to do, and macros never run (they are only noticed). Values come from python-calamine;
the XML is only scanned for what calamine does not tell: fonts (legacy TCVN3/VNI text),
hidden rows and formulas without a cached value.

`read_submission` never raises for a bad file: every problem becomes an `Issue`.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import io
import operator
import re
import struct
import threading
import time
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import repeat
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from python_calamine import CalamineWorkbook

from toolkit.core import layout, vnformat
from toolkit.core.errors import WardStatsError
from toolkit.core.frames import SheetColumns
from toolkit.core.layout import Field, SheetSpec, get_column_letter
from toolkit.core.model import Issue, Submission
from toolkit.core.rules import NORM_PRIORITY, RULES, SHEET_PREFIX, make_issue, where_cell
from toolkit.core.vocab import match_key as _vocab_match_key
from toolkit.io import normalize

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
MAX_FILE_BYTES = 50 * 1024 * 1024  # on disk
MAX_INFLATED_BYTES = 512 * 1024 * 1024  # all parts, as declared in the zip directory
MAX_PART_RATIO = 200  # inflated/compressed, for parts larger than MAX_RATIO_FLOOR
MAX_RATIO_FLOOR = 2 * 1024 * 1024
MAX_PARTS = 10_000
# More changes than this of one kind in one column become one summarised warning.
MAX_DETAILED_CHANGES = 5

_OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_LEGACY_FONT_RE = re.compile(rb'val="(?:\.vn|vn3|vni)', re.IGNORECASE)
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


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


class _Refused(WardStatsError):
    """The file cannot be read further; carries the file-level issue."""

    code = "error.file_refused"

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message, issues=[issue])
        self.issue = issue


# --------------------------------------------------------------------------------------------
# Finding files
# --------------------------------------------------------------------------------------------


def is_skipped_name(name: str) -> bool:
    """Office lock files (`~$…`, `.~lock.…#`) and hidden files are never submissions."""
    return name.startswith("~$") or name.startswith(".")


def discover(paths: Sequence[Path]) -> list[Path]:
    """Files and folders → candidate submission files, sorted.

    A folder contributes its spreadsheet files (top level only), without lock files and
    hidden files; a file named explicitly is always taken (a missing one is reported by
    `read_submission`).
    """
    found: set[Path] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for child in p.iterdir():
                if (
                    child.is_file()
                    and not is_skipped_name(child.name)
                    and child.suffix.lower() in SPREADSHEET_SUFFIXES
                ):
                    found.add(child)
        else:
            found.add(p)
    return sorted(found, key=lambda q: (str(q.parent), q.name.casefold(), q.name))


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


@dataclass
class _Context:
    file: str
    issues: list[Issue] = field(default_factory=list)
    org_code: str | None = None

    def add(self, code: str, **kw: Any) -> None:
        self.issues.append(make_issue(code, file=self.file, org_code=self.org_code, **kw))

    def refuse(self, code: str, **kw: Any) -> _Refused:
        return _Refused(make_issue(code, file=self.file, **kw))


@dataclass
class _SheetXml:
    """What the raw sheet XML tells beyond the values."""

    hidden_rows: set[int] = field(default_factory=set)
    formula_no_value: list[tuple[int, int]] = field(default_factory=list)  # (row, col) 1-based
    legacy_fonts: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → font


@dataclass
class _Package:
    zf: zipfile.ZipFile
    data: bytes
    names: set[str]
    sheet_parts: dict[str, str]  # sheet name → part path
    sheet_state: dict[str, str]  # sheet name → visible | hidden | veryHidden
    legacy_xf: dict[int, str]  # cell style index → legacy font name
    legacy_shared: dict[int, str]  # shared string index → legacy font name
    has_macros: bool


def read_submission(path: Path) -> Submission:
    """Read and normalise one submission; never raises for a bad file."""
    started = time.perf_counter()
    path = Path(path)
    ctx = _Context(file=path.name)
    sub = Submission(path=path, sha256="")
    try:
        data = _read_bytes(path, ctx)
        sub.sha256 = hashlib.sha256(data).hexdigest()
        with _gc_paused():
            _read_workbook(sub, data, ctx)
    except _Refused as refused:
        ctx.issues.insert(0, refused.issue)
        sub.members = sub.events = sub.years = None
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # noqa: B036 - calamine's Rust panics derive from BaseException
        # A reader bug or an exotic file must not stop the run.
        ctx.issues.insert(
            0,
            make_issue(
                "file.unreadable",
                file=ctx.file,
                reason=f"lỗi không lường trước khi đọc ({type(exc).__name__})",
            ),
        )
        sub.members = sub.events = sub.years = None
    org = sub.org_code
    sub.issues.extend(replace(i, org_code=org) if i.org_code is None and org else i for i in ctx.issues)
    sub.read_seconds = time.perf_counter() - started
    return sub


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a workbook is read.

    Reading makes millions of objects and no reference cycles: calamine's rows are one list
    per row, and each batch of new lists started a collection that walked everything read so
    far (about 2 s of 10 for a 500,000-row sheet). Collection resumes afterwards.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# Public name: consolidation pauses collection for its whole run for the same reason.
gc_paused = _gc_paused


def _read_bytes(path: Path, ctx: _Context) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ctx.refuse(
                "file.too_large", reason=f"{size / 1024 / 1024:.0f} MB, tối đa {MAX_FILE_BYTES // 2**20} MB"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ctx.refuse("file.unreadable", reason="không tìm thấy tệp") from None
    except IsADirectoryError:
        raise ctx.refuse("file.unreadable", reason="đây là thư mục, không phải tệp") from None
    except PermissionError:
        raise ctx.refuse("file.unreadable", reason="không có quyền đọc tệp hoặc tệp đang bị khóa") from None
    except OSError as exc:
        raise ctx.refuse("file.unreadable", reason=exc.strerror or str(exc)) from None
    if not data:
        raise ctx.refuse("file.unreadable", reason="tệp rỗng")
    return data


def _sniff(data: bytes, ctx: _Context) -> None:
    if data.startswith(_OLE_SIGNATURE):
        if _ENCRYPTED_STREAM in data:
            raise ctx.refuse("file.password")
        raise ctx.refuse("file.xls")
    if not data.startswith(b"PK\x03\x04"):
        head = data[:512].lstrip().lower()
        if head.startswith((b"<html", b"<!doctype html", b"<?xml", b"<table")):
            reason = "tệp HTML/XML mang đuôi bảng tính"
        elif head.startswith(b"%pdf"):
            reason = "tệp PDF"
        else:
            reason = "không phải tệp Excel .xlsx"
        raise ctx.refuse("file.format", reason=reason)


def _open_zip(data: bytes, ctx: _Context) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        # The library's own wording is English: only its error type is kept, for support.
        raise ctx.refuse(
            "file.unreadable", reason=f"tệp bị hỏng hoặc không phải tệp .xlsx ({type(exc).__name__})"
        ) from None
    if len(infos) > MAX_PARTS:
        raise ctx.refuse("file.too_large", reason=f"{len(infos)} phần trong tệp")
    total = sum(i.file_size for i in infos)
    if total > MAX_INFLATED_BYTES:
        raise ctx.refuse(
            "file.too_large",
            reason=f"giải nén ra {total / 2**20:.0f} MB, tối đa {MAX_INFLATED_BYTES // 2**20} MB",
        )
    for info in infos:
        if info.file_size > MAX_RATIO_FLOOR and info.file_size > MAX_PART_RATIO * max(info.compress_size, 1):
            raise ctx.refuse("file.too_large", reason=f"phần {info.filename} bị nén bất thường")
    return zf


def _read_part(zf: zipfile.ZipFile, name: str, data: bytes | None = None) -> bytes:
    # Never more than the size the directory declared (checked against the limits above).
    info = zf.getinfo(name)
    if data is not None:
        inflated = _inflate_directly(info, data)
        if inflated is not None:
            return inflated
    with zf.open(name) as fh:
        return fh.read(info.file_size + 1)


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # as zipfile.structFileHeader
_UNUSUAL_FLAGS = 0x1 | 0x20 | 0x40  # encrypted, compressed patched data, strong encryption


def _inflate_directly(info: zipfile.ZipInfo, data: bytes) -> bytes | None:
    """A deflated part in one zlib call from the file's bytes, or None to let zipfile do it.

    Only for the plain case, where zipfile would return exactly these bytes: a well-formed
    local header naming the same part, no encryption, and a stream that ends with exactly the
    declared size and CRC. Anything else goes through zipfile, which raises its own errors.
    """
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & _UNUSUAL_FLAGS:
        return None
    offset = info.header_offset
    try:
        header = _LOCAL_HEADER.unpack_from(data, offset)
    except struct.error:
        return None
    if header[0] != zipfile.stringFileHeader:
        return None
    name_len, extra_len = header[10], header[11]
    name_start = offset + _LOCAL_HEADER.size
    encoding = "utf-8" if header[3] & 0x800 else "cp437"  # the local header's flag, as zipfile
    try:
        if data[name_start : name_start + name_len].decode(encoding) != info.orig_filename:
            return None
    except UnicodeDecodeError:
        return None
    start = name_start + name_len + extra_len
    if start + info.compress_size > len(data):
        return None
    inflater = zlib.decompressobj(-15)
    try:
        out = inflater.decompress(memoryview(data)[start : start + info.compress_size], info.file_size + 1)
    except zlib.error:
        return None
    if not inflater.eof or len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        return None
    return out


def _parse_xml(zf: zipfile.ZipFile, name: str, ctx: _Context, data: bytes | None = None) -> Any:
    try:
        return SafeET.fromstring(_read_part(zf, name, data), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ctx.refuse("file.unsafe", reason=f"{name}: {type(exc).__name__}") from None
    except (SafeET.ParseError, KeyError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ctx.refuse("file.unreadable", reason=f"phần {name} bị hỏng ({type(exc).__name__})") from None


def _resolve_target(target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in PurePosixPath("xl", target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _inspect_package(data: bytes, path: Path, ctx: _Context) -> _Package:
    zf = _open_zip(data, ctx)
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names:
        if "xl/workbook.bin" in names:
            raise ctx.refuse("file.format", reason="định dạng nhị phân .xlsb")
        if "mimetype" in names or "content.xml" in names:
            raise ctx.refuse("file.format", reason="định dạng OpenDocument .ods")
        raise ctx.refuse("file.format", reason="không có phần sổ làm việc Excel")
    has_macros = any(n.lower().endswith("vbaproject.bin") for n in names) or path.suffix.lower() == ".xlsm"

    wb = _parse_xml(zf, "xl/workbook.xml", ctx, data)
    rels: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for rel in _parse_xml(zf, "xl/_rels/workbook.xml.rels", ctx, data).iter(f"{_NS_PKG_REL}Relationship"):
            rels[rel.get("Id", "")] = _resolve_target(rel.get("Target", ""))
    sheet_parts: dict[str, str] = {}
    sheet_state: dict[str, str] = {}
    for el in wb.iter(f"{_NS_MAIN}sheet"):
        name = el.get("name", "")
        sheet_parts[name] = rels.get(el.get(f"{_NS_REL}id", ""), "")
        sheet_state[name] = el.get("state", "visible")

    legacy_xf: dict[int, str] = {}
    if "xl/styles.xml" in names and _LEGACY_FONT_RE.search(_read_part(zf, "xl/styles.xml", data)):
        styles = _parse_xml(zf, "xl/styles.xml", ctx, data)
        fonts_el = styles.find(f"{_NS_MAIN}fonts")
        font_names: list[str | None] = []
        if fonts_el is not None:
            for font in fonts_el.findall(f"{_NS_MAIN}font"):
                name_el = font.find(f"{_NS_MAIN}name")
                font_names.append(name_el.get("val") if name_el is not None else None)
        xfs = styles.find(f"{_NS_MAIN}cellXfs")
        if xfs is not None:
            for index, xf in enumerate(xfs.findall(f"{_NS_MAIN}xf")):
                try:
                    font_name = font_names[int(xf.get("fontId", "0"))]
                except (ValueError, IndexError):
                    continue
                if normalize.legacy_font_encoding(font_name):
                    legacy_xf[index] = font_name  # type: ignore[assignment]

    legacy_shared: dict[int, str] = {}
    if "xl/sharedStrings.xml" in names:
        raw = _read_part(zf, "xl/sharedStrings.xml", data)
        if _DOCTYPE_RE.search(raw):  # anywhere: a long comment can push it past any prefix
            raise ctx.refuse("file.unsafe", reason="xl/sharedStrings.xml: DTD")
        if _LEGACY_FONT_RE.search(raw):
            sst = _parse_xml(zf, "xl/sharedStrings.xml", ctx, data)
            for index, si in enumerate(sst.findall(f"{_NS_MAIN}si")):
                for rfont in si.iter(f"{_NS_MAIN}rFont"):
                    font_name = rfont.get("val")
                    if normalize.legacy_font_encoding(font_name):
                        legacy_shared[index] = font_name  # type: ignore[assignment]
                        break
    return _Package(zf, data, names, sheet_parts, sheet_state, legacy_xf, legacy_shared, has_macros)


_CELL_RE = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF_RE = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_S_RE = re.compile(rb'\bs="(\d+)"')
_T_RE = re.compile(rb'\bt="(\w+)"')
_V_RE = re.compile(rb"<v>([^<]*)</v>")
_RFONT_RE = re.compile(rb'rFont\s+val="([^"]+)"')
_ROW_RE = re.compile(rb"<row\b([^>]*)>")
_HIDDEN_RE = re.compile(rb'\bhidden="(?:1|true)"')
_ROWNUM_RE = re.compile(rb'\br="(\d+)"')
_FORMULA_RE = re.compile(rb"<f[\s>/]")
_DOCTYPE_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_NEGATIVE_V_RE = re.compile(rb"<v>\s*(-[0-9.]+(?:[eE][+-]?[0-9]+)?)\s*</v>")
# No cell of the template holds a number below this (Excel serial -2,000,000 is long before
# year 1). calamine panics (chrono overflow, with a Rust backtrace on stderr) when it turns a
# far smaller number in a date-formatted cell into a date, so such a cell is refused first.
MIN_CELL_NUMBER = -2_000_000


def _refuse_out_of_range_numbers(pkg: _Package, part: str, xml: bytes, ctx: _Context) -> None:
    for m in _NEGATIVE_V_RE.finditer(xml):
        try:
            number = float(m.group(1))
        except ValueError:
            continue
        if number >= MIN_CELL_NUMBER:
            continue
        start = xml.rfind(b"<c ", 0, m.start())
        ref = _REF_RE.search(xml, start, m.start()) if start >= 0 else None
        cell = (ref.group(1) + ref.group(2)).decode() if ref else None
        sheet = next((name for name, p in pkg.sheet_parts.items() if p == part), part)
        shown = m.group(1).decode()
        raise ctx.refuse(
            "file.unreadable",
            sheet=sheet,
            cell=cell,
            value=shown,
            reason=(
                f"ô {cell or '?'} của sheet \u201c{sheet}\u201d chứa số {shown}, không phải ngày hay số đếm"
            ),
        )


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _scan_sheet(pkg: _Package, part: str, ctx: _Context) -> _SheetXml:
    found = _SheetXml()
    if not part or part not in pkg.names:
        return found
    xml = _read_part(pkg.zf, part, pkg.data)
    if _DOCTYPE_RE.search(xml):
        raise ctx.refuse("file.unsafe", reason=f"{part}: DTD")
    if b"<v>" in xml and b"-" in xml:
        _refuse_out_of_range_numbers(pkg, part, xml, ctx)
    if b"hidden=" in xml:
        for m in _ROW_RE.finditer(xml):
            attrs = m.group(1)
            if _HIDDEN_RE.search(attrs):
                num = _ROWNUM_RE.search(attrs)
                if num:
                    found.hidden_rows.add(int(num.group(1)))
    need_fonts = bool(pkg.legacy_xf or pkg.legacy_shared) or b"rFont" in xml
    has_formulas = _FORMULA_RE.search(xml) is not None
    if not has_formulas and not need_fonts:
        return found
    for m in _CELL_RE.finditer(xml):
        attrs, inner = m.group(1), m.group(2) or b""
        ref = _REF_RE.search(attrs)
        if ref is None:
            continue
        pos = (int(ref.group(2)), _col_index(ref.group(1)))
        if has_formulas and _FORMULA_RE.search(inner):
            cached = _V_RE.search(inner)
            kind_attr = _T_RE.search(attrs)
            is_text = kind_attr is not None and kind_attr.group(1) == b"str"
            # No <v>, or an empty one on a non-text result (openpyxl writes `<v></v>`).
            if (
                cached is None
                and b"<v/>" not in inner
                or (not is_text and (cached is None or not cached.group(1)))
            ):
                found.formula_no_value.append(pos)
        if not need_fonts:
            continue
        style = _S_RE.search(attrs)
        font = pkg.legacy_xf.get(int(style.group(1))) if style else None
        kind = _T_RE.search(attrs)
        if kind and kind.group(1) == b"s" and pkg.legacy_shared:
            v = _V_RE.search(inner)
            if v and v.group(1).strip().isdigit():
                font = pkg.legacy_shared.get(int(v.group(1))) or font
        elif kind and kind.group(1) == b"inlineStr":
            rf = _RFONT_RE.search(inner)
            if rf and normalize.legacy_font_encoding(rf.group(1).decode("utf-8", "replace")):
                font = rf.group(1).decode("utf-8", "replace")
        if font:
            found.legacy_fonts[pos] = font
    return found


def _find_sheet(names: Sequence[str], wanted: str) -> str | None:
    if wanted in names:
        return wanted
    key = match_key(wanted)
    for name in names:
        if match_key(name) == key:
            return name
    return None


def _read_workbook(sub: Submission, data: bytes, ctx: _Context) -> None:
    _sniff(data, ctx)
    pkg = _inspect_package(data, sub.path, ctx)
    if pkg.has_macros:
        ctx.add("file.macros")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: B036 - includes pyo3's PanicException  # calamine raises its own error types and sometimes plain ones
        raise ctx.refuse("file.unreadable", reason=f"tệp bị hỏng ({type(exc).__name__})") from None
    names = list(book.sheet_names)

    # Which template is this?
    meta_name = _find_sheet(names, layout.SHEET_META)
    meta: dict[str, Any] = {}
    if meta_name is not None:
        meta_rows = _sheet_rows(book, meta_name, ctx)
        meta = {str(r[0]).strip(): r[1] for r in meta_rows if len(r) >= 2 and r[0] not in ("", None)}
    required = [layout.SHEET_INFO, *(s.name for s in layout.DATA_SHEETS)]
    present = {s: _find_sheet(names, s) for s in required}
    missing = [s for s, found in present.items() if found is None]
    template_id = str(meta.get("template_id", "") or "").strip()
    if template_id and template_id != layout.TEMPLATE_ID:
        raise ctx.refuse("file.not_template", reason=f"mã biểu mẫu \u201c{template_id}\u201d")
    if not template_id:
        if missing:
            reason = "không có sheet " + ", ".join(f"\u201c{s}\u201d" for s in missing)
            raise ctx.refuse("file.not_template", reason=reason)
        ctx.add("file.no_meta")

    # Thông tin
    info_name = present[layout.SHEET_INFO]
    if info_name is not None:
        xml = _scan_sheet(pkg, pkg.sheet_parts.get(info_name, ""), ctx)
        _read_info(sub, _sheet_rows(book, info_name, ctx), info_name, xml, ctx)
    ctx.org_code = sub.org_code

    version = str(meta.get("template_version") or sub.info.get("template_version") or "").strip()
    sub.template_version = version or None
    if template_id and version not in layout.SUPPORTED_TEMPLATE_VERSIONS:
        ctx.add(
            "file.version",
            sheet=layout.SHEET_INFO,
            found=version or "không rõ",
            expected=", ".join(layout.SUPPORTED_TEMPLATE_VERSIONS),
        )

    frames: dict[str, SheetColumns | None] = {}
    for spec in layout.DATA_SHEETS:
        name = present[spec.name]
        if name is None:
            ctx.add("file.missing_sheet", expected=spec.name)
            frames[spec.name] = None
            continue
        if pkg.sheet_state.get(name, "visible") != "visible":
            ctx.add("file.hidden_sheet", sheet=name)
        part = pkg.sheet_parts.get(name, "")
        # A large sheet is parsed by calamine (which lets go of the GIL) while we scan its XML;
        # its values are only taken (to_python) once the scan has passed.
        parsing = None
        if part in pkg.names and pkg.zf.getinfo(part).file_size >= _PARSE_WHILE_SCANNING_BYTES:
            parsing = _InBackground(book.get_sheet_by_name, name)
        try:
            xml = _scan_sheet(pkg, part, ctx)
        finally:
            if parsing is not None:
                parsing.wait()
        rows, merged = _data_sheet_rows(book, name, parsing, ctx)
        frames[spec.name] = _read_data_sheet(spec, name, rows, xml, merged, ctx)
        del rows
    sub.members = frames[layout.MEMBERS.name]
    sub.events = frames[layout.EVENTS.name]
    sub.years = frames[layout.YEARS.name]
    _check_extra_sheets(book, names, ctx)


def _check_extra_sheets(book: CalamineWorkbook, names: Sequence[str], ctx: _Context) -> None:
    """A sheet that is not part of the template is never read: say so when it holds data
    (typically a copy of the members' list, or figures typed on a new sheet), so that the
    secretary moves them into the template instead of their being silently left out."""
    known = {match_key(s) for s in layout.SHEET_ORDER}
    for name in names:
        if match_key(name) in known:
            continue
        try:
            sheet = book.get_sheet_by_name(name)
            start = sheet.start
            if start is None:  # nothing in it
                continue
            # Row by row (from row 1, from the first used column) up to the first filled cell:
            # a large extra sheet is not turned into Python objects as a whole.
            first = next(
                (
                    (r, start[1] + c)
                    for r, row in enumerate(sheet.iter_rows())
                    for c, v in enumerate(row)
                    if v != "" and not _is_blank(v)
                ),
                None,
            )
        except Exception:  # a sheet that is not read cannot make the file unreadable
            continue
        if first is None:
            continue
        cell = f"{get_column_letter(first[1] + 1)}{first[0] + 1}"
        ctx.add("file.extra_sheet", sheet=name, cell=cell)


_PARSE_WHILE_SCANNING_BYTES = 8 * 1024 * 1024


class _InBackground:
    """`fn(*args)` in a thread; `result()` returns its value or raises what it raised."""

    def __init__(self, fn: Any, *args: Any) -> None:
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, args), daemon=True)
        self._thread.start()

    def _run(self, fn: Any, args: tuple[Any, ...]) -> None:
        try:
            self._value = fn(*args)
        except BaseException as exc:  # noqa: B036 - handed to the caller, like calamine's panics
            self._error = exc

    def wait(self) -> None:
        self._thread.join()

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def _data_sheet_rows(
    book: CalamineWorkbook, name: str, parsing: _InBackground | None, ctx: _Context
) -> tuple[list[list[Any]], list[tuple[tuple[int, int], tuple[int, int]]]]:
    # calamine's sheet (all its cells) is let go as soon as its values are Python objects.
    try:
        sheet = parsing.result() if parsing is not None else book.get_sheet_by_name(name)
        merged = sheet.merged_cell_ranges or []
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as exc:
        raise ctx.refuse(
            "file.unreadable", reason=f"sheet \u201c{name}\u201d bị hỏng ({type(exc).__name__})"
        ) from None
    return rows, merged


def _sheet_rows(book: CalamineWorkbook, name: str, ctx: _Context) -> list[list[Any]]:
    try:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:
        raise ctx.refuse(
            "file.unreadable", reason=f"sheet \u201c{name}\u201d bị hỏng ({type(exc).__name__})"
        ) from None


# --------------------------------------------------------------------------------------------
# Cell normalisation, shared by the info sheet and the data sheets
# --------------------------------------------------------------------------------------------


@dataclass
class _Changes:
    """Normalisation changes of one sheet: (row, key) → [(code, description)]."""

    cells: dict[tuple[int, str], list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    raw: dict[tuple[int, str], Any] = field(default_factory=dict)

    def add(self, row: int, key: str, code: str, text: str, raw: Any = None) -> None:
        self.cells[(row, key)].append((code, text))
        self.raw.setdefault((row, key), raw)


def _text_changes(raw: str, cleaned: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for text in normalize.describe_text_change(raw, cleaned):
        out.append(("norm.unicode" if "Unicode" in text else "norm.spaces", text))
    return out


def _legacy(text: str, font: str | None) -> tuple[str, list[tuple[str, str]]]:
    enc = normalize.detect_legacy(text, font)
    if enc is None:
        return text, []
    converted = normalize.clean_text(normalize.convert_legacy(text, enc, font))
    if converted == text:
        return text, []
    label = normalize.ENCODING_LABEL[enc]
    note = f"đã chuyển từ bảng mã {label} sang Unicode: \u201c{text}\u201d \u2192 \u201c{converted}\u201d"
    return converted, [("norm.legacy_encoding", note)]


def _normalize_text_cell(value: Any, font: str | None) -> tuple[str | None, list[tuple[str, str]]]:
    raw = normalize.cell_text(value)
    if raw is None:
        return None, []
    cleaned = normalize.clean_text(raw)
    if not cleaned:
        return None, []
    changes = _text_changes(raw, cleaned)
    converted, legacy = _legacy(cleaned, font)
    return converted, legacy + changes


def _normalize_category_cell(
    value: Any, f: Field, font: str | None
) -> tuple[str | None, list[tuple[str, str]]]:
    assert f.vocab is not None
    text, changes = _normalize_text_cell(value, font)
    if text is None:
        return None, []
    result = normalize.normalize_category(text, f.vocab)
    if not result.known:
        return text, changes  # kept as typed: validation reports it with a suggestion
    changes = changes + [("norm.category", c) for c in result.changes]
    return result.code, changes


def _normalize_date_cell(value: Any) -> tuple[normalize.DateResult, list[tuple[str, str]]]:
    result = normalize.parse_date(value)
    if result.how == "text":
        return result, [("norm.date_text", result.note)]
    if result.how == "serial":
        return result, [("norm.date_serial", result.note)]
    return result, []


# --------------------------------------------------------------------------------------------
# Thông tin
# --------------------------------------------------------------------------------------------


def _read_info(sub: Submission, rows: list[list[Any]], sheet: str, xml: _SheetXml, ctx: _Context) -> None:
    changes = _Changes()
    info: dict[str, Any] = dict.fromkeys(layout.INFO.keys)
    for index, f in enumerate(layout.INFO.fields):
        row = index + 1
        cells = rows[index] if index < len(rows) else []
        label = cells[0] if cells else ""
        if match_key(str(label or "")) != match_key(f.header):
            ctx.add(
                "file.header",
                sheet=sheet,
                cell=f"A{row}",
                column=f.header,
                value=normalize.cell_text(label) or "",
                where=f"Sheet \u201c{sheet}\u201d, ô A{row}",
                found=normalize.cell_text(label) or "(trống)",
                expected=f.header,
            )
            continue
        value = cells[1] if len(cells) > 1 else None
        if value == "":
            value = None
        if (row, 2) in {(r, c) for r, c in xml.formula_no_value}:
            ctx.add(
                "cell.formula_no_value",
                sheet=sheet,
                cell=f"B{row}",
                column=f.header,
                where=where_cell(sheet, row, f.header, f"B{row}", info=True),
            )
        font = xml.legacy_fonts.get((row, 2))
        if f.kind == "date":
            result, notes = _normalize_date_cell(value)
            for code, text in notes:
                changes.add(row, f.key, code, text, value)
            if result.how == "invalid":
                shown = normalize.cell_text(value) or ""
                ctx.add(
                    "info.bad_date",
                    sheet=sheet,
                    cell=f"B{row}",
                    column=f.header,
                    value=shown,
                    where=where_cell(sheet, row, f.header, f"B{row}", info=True),
                    reason=result.note,
                )
            info[f.key] = result.value
        elif f.kind == "category":
            code, notes = _normalize_category_cell(value, f, font)
            for c, text in notes:
                changes.add(row, f.key, c, text, value)
            info[f.key] = code
        else:
            text, notes = _normalize_text_cell(value, font)
            for c, t in notes:
                changes.add(row, f.key, c, t, value)
            info[f.key] = text
    sub.info = info
    _change_issues(changes, layout.INFO, sheet, ctx, info_sheet=True)


# --------------------------------------------------------------------------------------------
# Data sheets
# --------------------------------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_data_sheet(
    spec: SheetSpec,
    sheet: str,
    rows: list[list[Any]],
    xml: _SheetXml,
    merged: list[tuple[tuple[int, int], tuple[int, int]]],
    ctx: _Context,
) -> SheetColumns | None:
    width = len(spec.fields)
    header = rows[0] if rows else []
    header_ok = True
    for col, f in enumerate(spec.fields):
        found = header[col] if col < len(header) else ""
        if match_key(str(found or "")) != match_key(f.header):
            letter = get_column_letter(col + 1)
            header_ok = False
            ctx.add(
                "file.header",
                sheet=sheet,
                cell=f"{letter}1",
                column=f.header,
                value=normalize.cell_text(found) or "",
                where=f"Sheet \u201c{sheet}\u201d, ô {letter}1",
                found=normalize.cell_text(found) or "(trống)",
                expected=f.header,
            )
    for r, c in xml.formula_no_value:
        if r >= layout.FIRST_DATA_ROW or not header_ok:
            letter = get_column_letter(c)
            head = spec.fields[c - 1].header if c <= width else letter
            ctx.add(
                "cell.formula_no_value",
                sheet=sheet,
                cell=f"{letter}{r}",
                column=head if c <= width else None,
                where=where_cell(sheet, r, head, f"{letter}{r}"),
            )
    if not header_ok:
        return None

    # Rows with data: something besides a pre-numbered STT is filled. Column-wise: calamine's
    # rows are transposed once, and whole columns are checked at C speed where possible.
    data_rows = rows[1:]
    n = len(data_rows)
    lengths = set(map(len, data_rows))
    full = max(lengths, default=0)
    if len(lengths) > 1:  # ragged rows (calamine's are rectangular): pad them with empty cells
        data_rows = [r if len(r) == full else [*r, *([""] * (full - len(r)))] for r in data_rows]
    columns: list[Sequence[Any]] = list(zip(*data_rows, strict=True)) if n else [() for _ in range(full)]
    del data_rows
    extra_cols: set[int] = set()
    for j in range(width, full):
        if any(v != "" and not _is_blank(v) for v in _distinct(columns[j])):
            extra_cols.add(j)
    del columns[width:]
    if full < width:
        columns.extend([("",) * n] * (width - full))

    content = [i for i, k in enumerate(spec.keys) if k != "row_no"]
    filled = _filled_rows(columns, content, n)
    kept = np.flatnonzero(filled)
    excel: list[int] = (kept + layout.FIRST_DATA_ROW).tolist()
    if len(kept) < n:
        columns = [_take(col, kept) for col in columns]

    # One issue per run of adjacent extra columns: a sheet filled out to column XFD is one
    # problem for the secretary, not 16,000.
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
        ctx.add(
            "file.extra_column",
            sheet=sheet,
            cell=f"{first}1",
            where=f"Sheet \u201c{sheet}\u201d, {span}",
        )
    if xml.hidden_rows:
        for r in sorted(xml.hidden_rows.intersection(excel)):
            ctx.add(
                "cell.hidden_row",
                sheet=sheet,
                cell=f"A{r}",
                where=f"Sheet \u201c{sheet}\u201d, dòng {r}",
                row=r,
            )
    for (r0, c0), (r1, c1) in merged:
        if r1 + 1 < layout.FIRST_DATA_ROW:
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
        )

    changes = _Changes()
    prefix = SHEET_PREFIX[spec.name]
    fonts_by_col: dict[int, dict[int, str]] = defaultdict(dict)
    for (r, c), font in xml.legacy_fonts.items():
        fonts_by_col[c][r] = font
    out: list[Any] = []
    for col, f in enumerate(spec.fields, start=1):
        values = columns[col - 1]
        columns[col - 1] = ()  # let the cells go as soon as their column is done
        fonts = fonts_by_col.get(col, {})
        out.append(_normalize_column(values, excel, f, spec, fonts, changes, sheet, prefix, ctx))
    del columns
    out.append(kept + layout.FIRST_DATA_ROW)  # _row
    columns_out = SheetColumns([*spec.keys, "_row"], out, len(excel))
    _change_issues(changes, spec, sheet, ctx)
    return columns_out


def _distinct(values: Sequence[Any]) -> Any:
    try:
        return set(values)
    except TypeError:  # an unhashable value: not from calamine, but be safe
        return values


def _type_mask(values: Sequence[Any], kind: type) -> np.ndarray:
    """`[type(v) is kind for v in values]` as a boolean array, without a Python-level loop."""
    return np.fromiter(map(operator.is_, map(type, values), repeat(kind)), dtype=bool, count=len(values))


def _take(values: Sequence[Any], index: np.ndarray) -> Sequence[Any]:
    if len(index) == 0:
        return ()
    if len(index) == 1:
        return (values[int(index[0])],)
    return operator.itemgetter(*index.tolist())(values)


def _filled_rows(columns: list[Sequence[Any]], content: list[int], n: int) -> np.ndarray:
    """Rows where some content cell is not blank (`_is_blank`, with "" the common empty)."""
    filled = np.zeros(n, dtype=bool)
    if not n or not content:
        return filled
    first = columns[content[0]]
    if set(map(type, first)) == {str}:
        # Non-blank text: something is left after strip(); the other columns are only looked
        # at in the rows where this one is blank.
        filled = np.fromiter(map(bool, map(str.strip, first)), dtype=bool, count=n)
        undecided = np.flatnonzero(~filled).tolist()
    else:
        undecided = range(n)
    for r in undecided:
        if any(columns[i][r] != "" and not _is_blank(columns[i][r]) for i in content):
            filled[r] = True
    return filled


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_MIN_ORDINAL = normalize.MIN_DATE.toordinal()
_MAX_ORDINAL = normalize.MAX_DATE.toordinal()
_NAT = np.iinfo(np.int64).min


# Normalisation results are pure functions of the cell value: remember them across files.
_CACHE_LIMIT = 50_000
_DATE_CACHE: dict[tuple[type, Any], tuple[normalize.DateResult, list[tuple[str, str]]]] = {}
_CATEGORY_CACHE: dict[str, dict[tuple[type, Any, str | None], tuple[Any, list[tuple[str, str]]]]] = (
    defaultdict(dict)
)


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def _normalize_column(
    values: Sequence[Any],
    excel: list[int],
    f: Field,
    spec: SheetSpec,
    fonts: dict[int, str],
    changes: _Changes,
    sheet: str,
    prefix: str,
    ctx: _Context,
) -> Any:
    """One column's cells → a numpy or nullable-integer array, issues and notes as a side effect.

    The common cells (a real date, a whole number, clean text, a known category) are handled a
    whole column at a time; every other cell goes, in row order, through the cell-by-cell rules.
    """
    n = len(values)
    all_empty = values.count("") == n  # a column nobody filled: nothing to look at

    def report(code: str, r: int, v: Any, **params: Any) -> None:
        cell = f"{spec.letter(f.key)}{r}"
        ctx.add(
            code,
            sheet=sheet,
            cell=cell,
            column=f.header,
            value=normalize.cell_text(v),
            where=where_cell(sheet, r, f.header, cell),
            **params,
        )

    if f.kind == "date":
        # Days since 1970 as int64 (NaT for empty), then datetime64[D] → datetime64[ns].
        days = np.full(n, _NAT, dtype=np.int64)
        if all_empty:
            return days.view("datetime64[D]").astype("datetime64[ns]")
        is_date = _type_mask(values, dt.date)
        fast = np.zeros(n, dtype=bool)
        if is_date.any():
            where = np.flatnonzero(is_date)
            dates = values if len(where) == n else _take(values, where)
            ordinals = np.fromiter(map(dt.date.toordinal, dates), dtype=np.int64, count=len(where))
            in_range = (ordinals >= _MIN_ORDINAL) & (ordinals <= _MAX_ORDINAL)
            days[where[in_range]] = ordinals[in_range] - _EPOCH_ORDINAL
            fast[where[in_range]] = True
        if not fast.all():
            for i in np.flatnonzero(~fast).tolist():
                v, r = values[i], excel[i]
                if v == "" or v is None:
                    continue
                key = (type(v), v)
                try:
                    result, notes = _DATE_CACHE[key]
                except KeyError:
                    result, notes = _remember(_DATE_CACHE, key, _normalize_date_cell(v))
                for code, text in notes:
                    changes.add(r, f.key, code, text, v)
                if result.how == "invalid":
                    report(f"{prefix}.bad_date", r, v, reason=result.note)
                if result.value is not None:
                    days[i] = result.value.toordinal() - _EPOCH_ORDINAL
        return days.view("datetime64[D]").astype("datetime64[ns]")

    if f.kind == "int":
        data = np.zeros(n, dtype=np.int64)
        mask = np.ones(n, dtype=bool)
        if all_empty:
            if spec is layout.YEARS and f.key != "year":  # DESIGN §3: empty = 0
                mask[:] = False
            return pd.arrays.IntegerArray(data, mask)
        is_float = _type_mask(values, float)
        fast = np.zeros(n, dtype=bool)
        if is_float.any():
            where = np.flatnonzero(is_float)
            numbers = np.fromiter(
                values if len(where) == n else _take(values, where), dtype=np.float64, count=len(where)
            )
            with np.errstate(invalid="ignore"):
                whole = (numbers == np.trunc(numbers)) & (np.abs(numbers) < 2**53)
            data[where[whole]] = numbers[whole].astype(np.int64)
            fast[where[whole]] = True
        mask[fast] = False
        if not fast.all():
            empty_is_zero = spec is layout.YEARS and f.key != "year"  # DESIGN §3: empty = 0
            for i in np.flatnonzero(~fast).tolist():
                v, r = values[i], excel[i]
                if v == "" or v is None:
                    value: int | None = 0 if empty_is_zero else None
                else:
                    result = normalize.parse_int(v)
                    if result.how == "text":
                        changes.add(r, f.key, "norm.number_text", result.note, v)
                    elif result.how == "invalid" and f"{prefix}.not_integer" in RULES:
                        report(f"{prefix}.not_integer", r, v)
                    elif result.how == "empty" and empty_is_zero:
                        result = normalize.IntResult(0, "empty")
                    value = result.value
                if value is not None:
                    data[i] = value
                    mask[i] = False
        return pd.arrays.IntegerArray(data, mask)

    # text and category: work on distinct (value, font) pairs, most cells repeat.
    if all_empty:
        return np.full(n, None, dtype=object)
    cache = _CATEGORY_CACHE[f.vocab.key] if f.vocab is not None else {}
    is_category = f.kind == "category"
    # Each pass over a big column costs about a cache miss a cell: as few passes as possible.
    if is_category and not fonts:
        distinct = _distinct(values)
        # Text only (no other type calamine gives ever equals a str, so the set hides none):
        # each distinct value once, then one look-up a cell.
        if type(distinct) is set and set(map(type, distinct)) == {str}:
            distinct.discard("")
            done: dict[str, Any] = {"": None}
            noted: dict[str, list[tuple[str, str]]] = {}
            for v in distinct:
                key = (str, v, None)
                try:
                    value, notes = cache[key]
                except KeyError:
                    value, notes = _remember(cache, key, _normalize_category_cell(v, f, None))
                done[v] = value
                if notes:
                    noted[v] = notes
            texts = np.fromiter(map(done.__getitem__, values), dtype=object, count=n)
            if noted:
                for v, r in zip(values, excel, strict=True):
                    if v in noted:
                        for code, text in noted[v]:
                            changes.add(r, f.key, code, text, v)
            return texts
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
            strings = _take(values, filled)
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
                value, notes = _remember(cache, key, _normalize_category_cell(v, f, font))
            else:
                value, notes = cache[key] = _normalize_text_cell(v, font)
        for code, text in notes:
            changes.add(r, f.key, code, text, v)
        texts[i] = value
    return texts


def _ranges(cells: list[tuple[str, int]]) -> str:
    """['D2','D3','D4','D7'] → 'D2–D4, D7' (cells of one column)."""
    parts: list[str] = []
    rows = sorted(r for _, r in cells)
    letter = cells[0][0]
    start = prev = rows[0]
    for r in rows[1:] + [None]:  # type: ignore[list-item]
        if r is not None and r == prev + 1:
            prev = r
            continue
        parts.append(f"{letter}{start}" if start == prev else f"{letter}{start}\u2013{letter}{prev}")
        if r is not None:
            start = prev = r
    return ", ".join(parts)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _change_issues(
    changes: _Changes, spec: SheetSpec, sheet: str, ctx: _Context, *, info_sheet: bool = False
) -> None:
    """One warning per changed cell, or one per column and kind when there are many."""
    grouped: dict[tuple[str, str], list[tuple[int, str, Any]]] = defaultdict(list)
    for (row, key), notes in changes.cells.items():
        code = min((c for c, _ in notes), key=NORM_PRIORITY.index)
        text = "; ".join(dict.fromkeys(t for _, t in notes))
        grouped[(key, code)].append((row, text, changes.raw.get((row, key))))
    order = {k: i for i, k in enumerate(spec.keys)}
    for (key, code), items in sorted(grouped.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        f = spec.field(key)
        letter = "B" if info_sheet else spec.letter(key)
        items.sort()
        if len(items) <= MAX_DETAILED_CHANGES or info_sheet:
            for row, text, raw in items:
                cell = f"{letter}{row}"
                ctx.add(
                    code,
                    sheet=sheet,
                    cell=cell,
                    column=f.header,
                    value=normalize.cell_text(raw),
                    where=where_cell(sheet, row, f.header, cell, info=info_sheet),
                    changes=_sentence(text),
                )
            continue
        cells = _ranges([(letter, row) for row, _, _ in items])
        first_row, first_text, _ = items[0]
        summary = f"{len(items)} ô đã được sửa tự động ({cells}); ví dụ ô {letter}{first_row}: {first_text}"
        ctx.add(
            code,
            sheet=sheet,
            cell=f"{letter}1",
            column=f.header,
            where=f"Cột \u201c{f.header}\u201d (ô {letter}1)",
            changes=summary,
        )
