"""The safety gate: a submission's bytes and zip package, checked before anything is parsed.

The file is read once into memory, with a bound on its size. Old `.xls` files and
password-protected workbooks are recognised from their OLE2 signature, and other non-xlsx
files (HTML, PDF, .xlsb, .ods) from their first bytes or parts, each refused with a message
that says what to do. The zip directory is checked (declared inflated size, compression
ratio, number of parts) before any part is inflated, and no part is ever inflated beyond
its declared size. The few XML parts we parse ourselves go through defusedxml, and a DTD or
entity declaration anywhere refuses the file. Macros never run: they are only noticed.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml import ElementTree as SafeET

from toolkit.core.errors import WardStatsError
from toolkit.core.rules import PASSWORD_XLS
from toolkit.core.vnformat import number
from toolkit.io.context import ReadContext
from toolkit.io.files import NOT_PERMITTED, FileRefused, over_limit, read_regular
from toolkit.io.legacy import legacy_font_encoding
from toolkit.io.tagscan import blank_markup, tag_matches

if TYPE_CHECKING:
    from toolkit.io.extent import FarCells

MAX_FILE_BYTES = 50 * 1024 * 1024  # on disk
MAX_INFLATED_BYTES = 512 * 1024 * 1024  # all parts, as declared in the zip directory
MAX_PART_RATIO = 200  # inflated/compressed, for parts larger than MAX_RATIO_FLOOR
MAX_RATIO_FLOOR = 2 * 1024 * 1024
MAX_PARTS = 10_000

_OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_LEGACY_FONT_RE = re.compile(rb'val="(?:\.vn|vn3|vni)', re.IGNORECASE)
_DOCTYPE_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# The workbook namespace of Excel's "Strict Open XML Spreadsheet" (ISO/IEC 29500 Strict): calamine
# reads its values, but every scan here knows the transitional namespaces only (`file.strict`).
_STRICT_MAIN = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


class OwnOutput(WardStatsError):
    """The file is a workbook of ward-stats (a result left in the folder of submissions, where
    it is written by default, the work lists, or the consolidation workbook of a clerk who keeps
    everything in one folder): not a submission, not read."""

    code = "error.own_output"

    def __init__(self) -> None:
        super().__init__("Tệp là tệp của ward-stats, không phải bài nộp.")


@dataclass
class Package:
    """An opened, checked workbook package and what its workbook-level parts tell."""

    zf: zipfile.ZipFile
    data: bytes
    names: set[str]
    sheet_parts: dict[str, str]  # sheet name → part path
    sheet_state: dict[str, str]  # sheet name → visible | hidden | veryHidden
    legacy_xf: dict[int, str]  # cell style index → legacy font name
    legacy_shared: dict[int, str]  # shared string index → legacy font name
    has_macros: bool
    # Cell style indexes whose font is struck through, and shared strings whose every run of
    # text is (`toolkit.io.sheets.report_struck_rows`: a row crossed out is still counted).
    struck_xf: frozenset[int] = frozenset()
    struck_shared: frozenset[int] = frozenset()
    # The shared strings some of whose runs with text are struck through and some not (a word
    # crossed out inside a cell): index → each run's (text, struck). Read by the reader
    # (`sheets.report_part_struck`) and the upgrade (`upgrade._carry_part_strikes`).
    part_struck: dict[int, tuple[tuple[str, bool], ...]] = field(default_factory=dict)
    # The sheet parts too far for calamine, by part name (`toolkit.io.extent.check_sheet_grids`;
    # None until measured), and the XML inflated for that, kept for the sheet scan (`take_part`).
    far_parts: dict[str, FarCells] | None = None
    inflated: dict[str, bytes] = field(default_factory=dict)
    # The workbook's defined names (name → its formula; Excel's own `_xlnm.` names left out),
    # and those whose value changes by itself (`toolkit.io.sheets.volatile_names`, once).
    defined_names: dict[str, str] = field(default_factory=dict)
    volatile_names: dict[str, tuple[str, str]] | None = None
    # The other workbooks its formulas may take values from, by the index formulas use
    # (`[1]Sheet1!A1`): the file's name as the link gives it ("" when it gives none).
    external_books: dict[int, str] = field(default_factory=dict)
    # The defined names that take values from those workbooks (`toolkit.io.sheets.external_names`,
    # once).
    external_names: dict[str, tuple[str, list[str]]] | None = None
    # Each entry's name by its `part_key` (OPC compares part names case-insensitively: a
    # relationship may name `/xl/worksheets/Sheet5.xml` for the entry `xl/worksheets/sheet5.xml`);
    # made from `names` when not given.
    by_key: dict[str, str] = field(default_factory=dict)
    # The styles part (None when none), whether dates count from 1904, and each cell style's
    # number format code (`number_formats`, read only when a filtered sheet hides a row).
    styles: str | None = None
    date1904: bool = False
    xf_formats: list[str] | None = None

    def __post_init__(self) -> None:
        if not self.by_key:
            self.by_key = {part_key(n): n for n in self.names if not n.endswith("/")}

    def part(self, name: str) -> str | None:
        """The zip entry of the part `name`, whatever the letter case of either (None when the
        package has none): the name every lookup of a part goes by (`find_part`)."""
        return find_part(self.by_key, name)


def part_key(name: str) -> str:
    """A part name as OPC compares them: ASCII letters in any case are equal (ECMA-376 Part 2;
    calamine looks parts up so, and Excel opens such packages); an entry named with
    backslashes (`xl\\worksheets\\sheet1.xml`, as some Windows tools zip) is the part with
    slashes, as calamine reads it."""
    return name.translate(_PART_KEY)


_PART_KEY = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ\\", "abcdefghijklmnopqrstuvwxyz/")


def find_part(by_key: dict[str, str], name: str) -> str | None:
    """The zip entry of the part `name` in a package's `by_key` index (`Package.part`)."""
    return by_key.get(part_key(name)) if name else None


def part_index(zf: zipfile.ZipFile, ctx: ReadContext | None = None) -> dict[str, str]:
    """Each entry's name by its `part_key`. Two entries of one name, or of names that differ
    only in letter case, are forbidden by OPC (a damaged package: which copy a program reads is
    anyone's guess); with `ctx`, such a package is refused, without it the last entry wins."""
    by_key: dict[str, str] = {}
    for name in zf.namelist():
        if name.endswith("/"):  # a folder's entry, which some zip tools write: no part
            continue
        key = part_key(name)
        if key in by_key and ctx is not None:
            raise ctx.refuse("file.unreadable", reason=f"tệp bị hỏng: phần {name} có hai bản trong tệp")
        by_key[key] = name
    return by_key


def read_bytes(path: Path, ctx: ReadContext) -> bytes:
    """The whole file, refused when missing, unreadable, not a regular file (a FIFO, a device
    or a link to one), empty (`file.empty`) or over `MAX_FILE_BYTES`."""
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except FileRefused as refused:
        if refused.too_large is not None:
            raise ctx.refuse("file.too_large", reason=refused.reason) from None
        if refused.reason == NOT_PERMITTED:  # the office's computer, not the file (hunt175 F2)
            raise ctx.refuse("file.locked") from None
        raise ctx.refuse("file.unreadable", reason=refused.reason) from None
    if not data:  # still being copied, or saved or sent half-way: nothing to open
        raise ctx.refuse("file.empty")
    return data


# WPS Office's own workbook and template: an OLE2 file as .xls is, in WPS's own format.
_WPS_SUFFIXES = (".et", ".ett")


def encrypted(data: bytes) -> bool:
    """Whether `data` is a password-protected (encrypted) workbook (`file.password`): an OLE2
    file holding the encrypted package of an .xlsx, or an Excel 97–2003 workbook whose stream
    starts with a FILEPASS record (an .xls with a password to open: h244, it was refused as an
    old .xls, whose advice, Save As .xlsx, Excel cannot follow without the password)."""
    return encrypted_xls(data) or (data.startswith(_OLE_SIGNATURE) and _ENCRYPTED_STREAM in data)


def encrypted_xls(data: bytes) -> bool:
    """Whether `data` is an Excel 97–2003 workbook with a password to open (a FILEPASS record at
    the start of its Workbook stream): `file.password` then also says to save it as .xlsx."""
    if not data.startswith(_OLE_SIGNATURE) or _ENCRYPTED_STREAM in data:
        return False
    return _biff_filepass(_ole_workbook_head(data))


# [MS-XLS] 2.4.117: FilePass follows the globals' BOF (only WriteProtect may come between); a
# few records are enough to find it.
_BIFF_BOF = 0x0809
_BIFF_FILEPASS = 0x002F
_BIFF_HEAD = 1024
_BIFF_RECORDS = 8


def _biff_filepass(head: bytes) -> bool:
    """Whether a BIFF5/8 workbook stream starting with `head` is encrypted: a FILEPASS record
    among its first records, after its BOF."""
    at = 0
    for n in range(_BIFF_RECORDS):
        if at + 4 > len(head):
            return False
        kind, length = struct.unpack_from("<HH", head, at)
        if n == 0 and kind != _BIFF_BOF:
            return False
        if kind == _BIFF_FILEPASS:
            return True
        at += 4 + length
    return False


def _ole_workbook_head(data: bytes) -> bytes:
    """The first `_BIFF_HEAD` bytes of an OLE2 (compound) file's `Workbook` stream (Excel 97–2003;
    `Book`, Excel 5), b"" when it has none or its structure is damaged: read with olefile, which
    reads only the FAT, the directory and the stream's own sectors."""
    import olefile  # here: only an OLE2 file, never an .xlsx, needs it

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            for name in ("Workbook", "Book"):
                if ole.exists(name) and ole.get_type(name) == olefile.STGTY_STREAM:
                    with ole.openstream(name) as stream:
                        return bytes(stream.read(_BIFF_HEAD))
    except Exception:  # noqa: BLE001 - a damaged container is no password: the reader says what it is
        return b""
    return b""


def _sniff(data: bytes, suffix: str, ctx: ReadContext) -> None:
    if data.startswith(_OLE_SIGNATURE):
        if encrypted(data):
            raise ctx.refuse("file.password", xls=PASSWORD_XLS if encrypted_xls(data) else "")
        raise ctx.refuse("file.wps" if suffix.lower() in _WPS_SUFFIXES else "file.xls")
    if not data.startswith(b"PK\x03\x04"):
        if suffix.lower() == ".csv":  # a sheet saved as text (a workbook so named is read)
            raise ctx.refuse("file.csv")
        # LibreOffice's "Flat XML" (.fods): the .ods advice
        if next(tag_matches(_FLAT_ODS, _FLAT_ODS_OPEN, data[:_FLAT_ODS_HEAD]), None) is not None:
            raise ctx.refuse("file.ods")
        head = _text_head(data[:512]).lstrip().lower()
        if head.startswith(("<html", "<!doctype html", "<?xml", "<table")):
            reason = "tệp HTML/XML mang đuôi bảng tính"
        elif "mime-version:" in head and "multipart/related" in head:
            # Excel's "Single File Web Page" (.mht), or a browser's page saved as one file
            reason = "tệp trang web (.mht) mang đuôi bảng tính"
        elif head.startswith("%pdf"):
            reason = "tệp PDF"
        elif _looks_like_csv(data[:512]):  # saved as CSV, then renamed .xlsx: the CSV advice
            raise ctx.refuse("file.csv")
        else:
            reason = "không nhận ra định dạng của nội dung tệp"
        raise ctx.refuse("file.format", reason=reason)


# A flat OpenDocument spreadsheet: its root `office:document` names its kind in `office:mimetype`,
# after some thirty namespaces (about byte 2200 in LibreOffice 7.4's).
_FLAT_ODS = re.compile(rb"<(?:[\w.-]+:)?document\b[^>]*opendocument\.spreadsheet")
_FLAT_ODS_OPEN = re.compile(rb"<(?:[\w.-]+:)?document\b")  # where `_FLAT_ODS` may begin (`tag_matches`)
_FLAT_ODS_HEAD = 16384


def _text_head(head: bytes) -> str:
    """A file's first bytes as text, its byte order mark left out: HTML saved with one (UTF-8,
    or UTF-16 as Windows' "Unicode") starts `\ufeff<!DOCTYPE html>`, not `<`."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "ignore")
    return head.removeprefix(codecs.BOM_UTF8).decode("latin-1")


def _looks_like_csv(head: bytes) -> bool:
    """Whether a file's first bytes are text whose first line holds a comma, a semicolon or a
    tab: a sheet saved as CSV (UTF-8, the Windows code page, or Excel's UTF-16 “Unicode text”)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", "ignore")
    elif b"\x00" in head:
        return False
    else:
        text = head.removeprefix(codecs.BOM_UTF8).decode("utf-8", "ignore")
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        return False
    first = next((line for line in text.splitlines() if line.strip()), "")
    return any(sep in first for sep in ",;\t")


# The zip's end-of-central-directory record, and how far from the end `zipfile` looks for it
# (its 22 bytes and a comment of up to 65535).
_END_OF_ZIP = b"PK\x05\x06"
_END_OF_ZIP_SEARCH = 22 + 65535


def _open_zip(data: bytes, ctx: ReadContext) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        # The library's wording and its error type are English: the clerk reads neither.
        if _END_OF_ZIP not in data[-_END_OF_ZIP_SEARCH:]:
            # A zip's directory is at its end: a file cut short (still being copied or
            # downloaded, or sent half-way) has none: copied again, not opened in Excel (hunt143).
            raise ctx.refuse("file.truncated") from None
        raise ctx.refuse("file.unreadable", reason="tệp bị hỏng hoặc không phải tệp .xlsx") from None
    if len(infos) > MAX_PARTS:
        raise ctx.refuse("file.too_large", reason=f"{number(len(infos))} phần trong tệp")
    total = sum(i.file_size for i in infos)
    if total > MAX_INFLATED_BYTES:
        raise ctx.refuse(
            "file.too_large",
            reason=f"giải nén ra {over_limit(total, MAX_INFLATED_BYTES)}",
        )
    for info in infos:
        if info.file_size > MAX_RATIO_FLOOR and info.file_size > MAX_PART_RATIO * max(info.compress_size, 1):
            # The part's name (`xl/worksheets/sheet3.xml`) means nothing to a clerk: not said.
            raise ctx.refuse("file.too_large", reason="một phần bên trong tệp bị nén bất thường")
    return zf


def read_part(zf: zipfile.ZipFile, name: str, data: bytes | None = None) -> bytes:
    """One part's bytes; with the file's `data`, plain deflated parts take a faster path."""
    return _read(zf, zf.getinfo(name), name, data)


def read_info(zf: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes | None = None) -> bytes:
    """`read_part` of one entry of the directory (of two entries with one name, either)."""
    return _read(zf, info, info, data)


def _read(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, which: str | zipfile.ZipInfo, data: bytes | None
) -> bytes:
    # Never more than the size the directory declared (checked against the limits above).
    if data is not None:
        inflated = _inflate_directly(info, data)
        if inflated is not None:
            return inflated
    with zf.open(which) as fh:
        return fh.read(info.file_size + 1)


def take_part(pkg: Package, name: str) -> bytes:
    """A part's bytes, those inflated already when the sheets were measured if any (given once)."""
    kept = pkg.inflated.pop(name, None)
    return kept if kept is not None else read_part(pkg.zf, name, pkg.data)


_MAIN_URI = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# `xmlns:p="` (or with single quotes) right before an occurrence of the spreadsheet namespace.
_PREFIX_BEFORE = re.compile(rb"xmlns:([A-Za-z_][\w.\-]*)\s*=\s*[\"']$")
# An attribute written otherwise than `name="value"`: in single quotes, or with spaces at `=`.
_LOOSE_ATTRIBUTE = re.compile(rb"\s[\w:.\-]+(?:\s+=|=\s+|=')")
_ATTRIBUTE = re.compile(rb"(\s[\w:.\-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_START_TAG = re.compile(rb"<[A-Za-z_][^>]*>")


def _attribute_as_excel_writes_it(m: re.Match[bytes]) -> bytes:
    value = m.group(2) if m.group(2) is not None else m.group(3).replace(b'"', b"&quot;")
    return m.group(1) + b'="' + value + b'"'


def _tag_as_excel_writes_it(m: re.Match[bytes]) -> bytes:
    return _ATTRIBUTE.sub(_attribute_as_excel_writes_it, m.group(0))


def plain_elements(xml: bytes) -> bytes:
    """A sheet part's XML written as Excel writes it, so that the sheet scans, which look for
    `<c`, `<row`, `<v>`, `r="…"`, `t="e"`…, see what calamine reads:

    - the prefix of the spreadsheet namespace taken off the elements (`<x:c r="B2">` becomes
      `<c r="B2">`): calamine takes each element by its local name;
    - every attribute as `name="value"` (`<c r='B2' t = 'e'>` becomes `<c r="B2" t="e">`):
      calamine reads any quoting XML allows.

    A part written as Excel, LibreOffice or XlsxWriter write it is returned as it is, after a
    look at its first tags. Raw `<` appears only in tags, comments, CDATA sections and
    processing instructions, and only tags are rewritten, so the result reads as the part does."""
    # Declared on the root or on `sheetData` (where else would be absurd): looked for before the
    # end of `sheetData`'s start tag only, never in the rows. The tags are looked for in the
    # XML with its comments, CDATA and processing instructions blanked (`view`, each byte where
    # it was): a `<row r="1">` or a namespace in a comment is none (hunt398).
    view = blank_markup(xml)
    head = view.find(b"sheetData")
    head = view.find(b">", head) if head >= 0 else len(xml)
    prefixes: set[bytes] = set()
    at = view.find(_MAIN_URI, 0, head)
    while at >= 0:
        declared = _PREFIX_BEFORE.search(view, max(0, at - 80), at)
        if declared is not None:
            prefixes.add(declared.group(1))
        at = view.find(_MAIN_URI, at + len(_MAIN_URI), head)
    if prefixes:
        names = b"|".join(re.escape(p) for p in sorted(prefixes))
        xml = re.sub(rb"<(/?)(?:" + names + rb"):", rb"<\1", xml)
        view = blank_markup(xml)
        head = view.find(b"sheetData")
        head = view.find(b">", head) if head >= 0 else len(xml)
    # One writer quotes one way: its root element and first row and cell tell (not the XML
    # declaration, which Python's ElementTree writes in single quotes, and which is no tag).
    after_declaration = view.find(b"?>") + 2 if view.startswith(b"<?") else 0
    first = [_START_TAG.search(view, after_declaration, head + 1)]
    for at in (view.find(b"<row", head), view.find(b"<c ", head)):
        first.append(_START_TAG.search(view, at) if at >= 0 else None)
    if any(tag is not None and _LOOSE_ATTRIBUTE.search(tag.group(0)) for tag in first):
        xml = _START_TAG.sub(_tag_as_excel_writes_it, xml)
    return xml


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # as zipfile.structFileHeader
_LOCAL_SIGNATURE = b"PK\x03\x04"  # zipfile.stringFileHeader (not in its public API)
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
    if header[0] != _LOCAL_SIGNATURE:
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


def refuse_dtd(xml: bytes, part: str, ctx: ReadContext) -> None:
    """Refuse a part we scan without an XML parser when it declares a DTD or an entity."""
    if _DOCTYPE_RE.search(xml):  # anywhere: a long comment can push it past any prefix
        raise ctx.refuse("file.unsafe", reason=f"{part}: DTD")


def _parse_xml(zf: zipfile.ZipFile, name: str, ctx: ReadContext, data: bytes | None = None) -> Any:
    try:
        return SafeET.fromstring(read_part(zf, name, data), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ctx.refuse("file.unsafe", reason=f"{name}: {_forbidden(exc)}") from None
    except (SafeET.ParseError, KeyError, zipfile.BadZipFile, OSError, EOFError):
        raise ctx.refuse("file.unreadable", reason=f"phần {name} bị hỏng") from None


def _forbidden(exc: DefusedXmlException) -> str:
    """What defusedxml refused, in words (its exception's class name is no user text)."""
    if isinstance(exc, DTDForbidden):
        return "DTD"  # as `refuse_dtd` says it
    if isinstance(exc, EntitiesForbidden):
        return "khai báo thực thể"
    if isinstance(exc, ExternalReferenceForbidden):
        return "tham chiếu ra ngoài tệp"
    return "nội dung XML bị cấm"


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


# What marks a workbook that ward-stats wrote as the result of a consolidation: the run id
# property (since run ids exist), or, for earlier results, ward-stats as the author and the
# consolidated workbook's title (the registry, the work lists and the `.xlsm` have others).
OUTPUT_RUN_ID_PROPERTY = b'name="ward_stats_run_id"'
CONSOLIDATED_WORKBOOK_TITLE = "Thống kê đảng viên Đảng bộ phường"
# ward-stats' other workbooks that are never a submission, known by the same author and their
# title: the work lists and the consolidation workbook with the buttons. A clerk who keeps
# everything in one folder has them among the submissions.
WORK_LISTS_TITLE = "Danh sách đảng viên cần theo dõi"
CONTROL_WORKBOOK_TITLE = "Tổng hợp thống kê đảng viên của Đảng bộ phường"
_OUTPUT_AUTHOR = "ward-stats"
_NS_DC = "{http://purl.org/dc/elements/1.1/}"
_CONSOLIDATED_TITLES = (CONSOLIDATED_WORKBOOK_TITLE,)
# Document properties are a few hundred bytes; a larger part is not ours (and a file found on
# disk, unlike a submission, has not been through the package checks: nothing big is inflated).
_MAX_PROPERTIES_BYTES = 1024 * 1024
_OWN_TITLES = (*_CONSOLIDATED_TITLES, WORK_LISTS_TITLE, CONTROL_WORKBOOK_TITLE)


def _written_by_us(zf: zipfile.ZipFile, names: set[str], data: bytes | None, titles: tuple[str, ...]) -> bool:
    """Whether a package has the run id property, or ward-stats as author and one of `titles`
    (the document properties parsed, as each program writes them: Excel and LibreOffice declare
    the namespace once, openpyxl on each element)."""
    by_key = {part_key(n): n for n in names}  # any case, as every part is found (`find_part`)
    custom = find_part(by_key, "docProps/custom.xml")
    core_part = find_part(by_key, "docProps/core.xml")
    try:
        if custom is not None and OUTPUT_RUN_ID_PROPERTY in _properties(zf, custom, data):
            return True
        if core_part is None:
            return False
        core = _properties(zf, core_part, data)
        # Most files (every submission) are told apart by their bytes, without parsing.
        if _OUTPUT_AUTHOR.encode() not in core or not any(t.encode() in core for t in titles):
            return False
        root = SafeET.fromstring(core)
    except (KeyError, OSError, zipfile.BadZipFile, EOFError, SafeET.ParseError, DefusedXmlException):
        return False
    author = (root.findtext(f"{_NS_DC}creator") or "").strip()
    title = (root.findtext(f"{_NS_DC}title") or "").strip()
    return author == _OUTPUT_AUTHOR and title in titles


def _properties(zf: zipfile.ZipFile, name: str, data: bytes | None) -> bytes:
    if zf.getinfo(name).file_size > _MAX_PROPERTIES_BYTES:
        return b""
    return read_part(zf, name, data)


def is_consolidated_workbook(zf: zipfile.ZipFile, names: set[str], data: bytes | None = None) -> bool:
    """Whether a package is a result ward-stats wrote with a run id (a consolidated workbook, a
    feedback workbook), or a consolidated workbook from before run ids: never a submission, and
    a run may write over it."""
    return _written_by_us(zf, names, data, _CONSOLIDATED_TITLES)


def is_own_workbook(zf: zipfile.ZipFile, names: set[str], data: bytes | None = None) -> bool:
    """Whether a package is any workbook of ward-stats that is never a submission: a result
    (`is_consolidated_workbook`), the work lists or the consolidation workbook with the
    buttons. The branch templates ward-stats writes are submissions, and have other titles."""
    return _written_by_us(zf, names, data, _OWN_TITLES)


def consolidated_workbook_at(path: Path) -> bool:
    """`is_consolidated_workbook` of a file on disk (False for anything unreadable)."""
    return _at(path, is_consolidated_workbook)


def is_output_workbook(zf: zipfile.ZipFile, names: set[str], data: bytes | None = None) -> bool:
    """Whether a package is a workbook ward-stats wrote as a run's output, which a later run
    may write over: a result (`is_consolidated_workbook`) or the work lists. The workbook with
    the buttons, also ward-stats' own, is none: it holds the registry and the settings."""
    return _written_by_us(zf, names, data, (*_CONSOLIDATED_TITLES, WORK_LISTS_TITLE))


def output_workbook_at(path: Path) -> bool:
    """`is_output_workbook` of a file on disk (False for anything unreadable)."""
    return _at(path, is_output_workbook)


def is_work_lists(zf: zipfile.ZipFile, names: set[str], data: bytes | None = None) -> bool:
    """Whether a package is the work lists ward-stats wrote (`ward-stats lists`, the Danh sách
    button): an output workbook (`is_output_workbook`) that is no result of a consolidation
    (`is_consolidated_workbook`), so, by its title, the lists. Only `lists` may write over it:
    it holds members' names and birth dates, and no consolidation makes it again."""
    return is_output_workbook(zf, names, data) and not is_consolidated_workbook(zf, names, data)


def work_lists_at(path: Path) -> bool:
    """`is_work_lists` of a file on disk (False for anything unreadable)."""
    return _at(path, is_work_lists)


def own_workbook_at(path: Path) -> bool:
    """`is_own_workbook` of a file on disk (False for anything unreadable)."""
    return _at(path, is_own_workbook)


def _at(path: Path, test: Callable[[zipfile.ZipFile, set[str]], bool]) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return test(zf, set(zf.namelist()))
    except (OSError, zipfile.BadZipFile, ValueError):
        return False


def open_package(data: bytes, path: Path, ctx: ReadContext) -> Package:
    """The checked package of a submission's bytes, or `Refused` saying why it cannot be read."""
    _sniff(data, path.suffix, ctx)
    zf = _open_zip(data, ctx)
    names = set(zf.namelist())
    if find_part(part_index(zf), _WORKBOOK) is None:  # any case, as calamine finds it (review150 F2)
        if "xl/workbook.bin" in names:
            raise ctx.refuse("file.format", reason="định dạng nhị phân .xlsb")
        if "mimetype" in names or "content.xml" in names:
            raise ctx.refuse("file.ods")
        if any(n.startswith("Index/") and n.endswith(".iwa") for n in names):
            raise ctx.refuse("file.format", reason="tệp Apple Numbers")
        raise ctx.refuse("file.format", reason="không có phần sổ làm việc Excel")
    by_key = part_index(zf, ctx)  # a package with two parts of one name is refused
    has_macros = any(n.lower().endswith("vbaproject.bin") for n in names) or path.suffix.lower() == ".xlsm"
    if is_own_workbook(zf, names, data):
        raise OwnOutput()
    if _is_strict(zf, by_key, data):
        # Its sheets, styles and strings would be found empty: no error cell, formula, hidden
        # row, struck or legacy-font text seen, and its figures counted as if checked.
        raise ctx.refuse("file.strict")
    sheet_parts, sheet_state, defined, ctx.date1904, linked = _sheets(zf, by_key, data, ctx)
    styles = _linked_part(by_key, linked, _REL_STYLES)
    legacy_xf, struck_xf = _styles(zf, styles, data, ctx)
    strings = _linked_part(by_key, linked, _REL_SHARED_STRINGS)
    if strings is not None and part_key(strings) != part_key(_SHARED_STRINGS):
        # calamine reads the string table at its usual name only: every text cell would fail,
        # and the first sheet read be called damaged (hunt143 F2).
        raise ctx.refuse(
            "file.unreadable",
            reason=f"bảng chữ dùng chung của tệp nằm ở phần {strings} thay vì {_SHARED_STRINGS}",
        )
    legacy_shared, struck_shared, part_struck = _shared_strings(zf, strings, data, ctx)
    pkg = Package(
        zf, data, names, sheet_parts, sheet_state, legacy_xf, legacy_shared, has_macros, by_key=by_key
    )
    pkg.defined_names = defined
    pkg.styles, pkg.date1904 = styles, ctx.date1904
    pkg.struck_xf, pkg.struck_shared, pkg.part_struck = struck_xf, struck_shared, part_struck
    if any(key.startswith(_EXTERNAL_LINKS) for key in by_key):
        pkg.external_books = _external_books(zf, by_key, data, ctx)
    return pkg


# The root element of the workbook part: its prefix, if any, and its attributes.
_WORKBOOK_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.\-]*):)?workbook\b([^>]*)>")


def is_strict_workbook(path: Path) -> bool:
    """Whether the workbook file at `path` is saved as Strict Open XML (`_is_strict`); False
    when it cannot be opened as a zip (its reader then says what is wrong)."""
    try:
        data = Path(path).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return _is_strict(zf, part_index(zf), data)
    except (OSError, zipfile.BadZipFile, ValueError):
        return False


def _is_strict(zf: zipfile.ZipFile, by_key: dict[str, str], data: bytes) -> bool:
    """Whether the workbook part's root element is of the Strict namespace (the URI elsewhere,
    in a defined name's text, is not: hunt113 D3; a damaged part is not either: reading the
    sheets then says it is damaged)."""
    try:
        xml = read_part(zf, workbook_part(by_key), data)
    except Exception:  # noqa: BLE001 - `_sheets` reports a damaged part
        return False
    if _STRICT_MAIN not in xml:
        return False
    # A `<workbook …>` in a comment or processing instruction before the root is none (hunt398).
    root = _WORKBOOK_ROOT.search(blank_markup(xml))
    if root is None:
        return False
    declared = rb"xmlns" + (b":" + root.group(1) if root.group(1) else b"")
    found = re.search(re.escape(declared) + rb"""\s*=\s*["']([^"']*)["']""", root.group(2))
    return found is not None and found.group(1) == _STRICT_MAIN


def sheet_names_by_part(data: bytes) -> dict[str, str]:
    """Part name → sheet name of a workbook's bytes, as `_sheets` maps them ({} when the
    workbook part cannot be read)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        parts, _, _, _, _ = _sheets(zf, part_index(zf), data, ReadContext(file=""))
    except Exception:  # noqa: BLE001 - only names for a message: none is fine
        return {}
    return {part: name for name, part in parts.items()}


_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_SHARED_STRINGS = "xl/sharedStrings.xml"
_REL_SHARED_STRINGS = "/sharedStrings"
_REL_STYLES = "/styles"
_USUAL_PART = {_REL_SHARED_STRINGS: _SHARED_STRINGS, _REL_STYLES: "xl/styles.xml"}


def _sheets(
    zf: zipfile.ZipFile, by_key: dict[str, str], data: bytes, ctx: ReadContext
) -> tuple[dict[str, str], dict[str, str], dict[str, str], bool, dict[str, str]]:
    """Each sheet's part (the zip entry, found whatever the letter case of its relationship's
    target; the target as written when there is none) and visibility, from the workbook and
    its relationships, the workbook's defined names (name → formula) but Excel's own
    (`_xlnm.Print_Area`…), whether it counts its dates in the 1904 date system (`_date1904`),
    and the targets of its shared-strings and styles relationships, by type (`_linked_part`)."""
    wb = _parse_xml(zf, workbook_part(by_key), ctx, data)
    rels: dict[str, str] = {}
    linked: dict[str, str] = {}
    rels_part = find_part(by_key, _WORKBOOK_RELS)
    if rels_part is not None:
        for rel in _parse_xml(zf, rels_part, ctx, data).iter(f"{_NS_PKG_REL}Relationship"):
            target = _resolve_target(rel.get("Target", ""))
            rels[rel.get("Id", "")] = find_part(by_key, target) or target
            kind = rel.get("Type", "")
            for suffix in _USUAL_PART:
                if kind.endswith(suffix):
                    linked.setdefault(suffix, target)
    sheet_parts: dict[str, str] = {}
    sheet_state: dict[str, str] = {}
    for el in wb.iter(f"{_NS_MAIN}sheet"):
        name = el.get("name", "")
        sheet_parts[name] = rels.get(el.get(f"{_NS_REL}id", ""), "")
        sheet_state[name] = el.get("state", "visible")
    defined = {
        el.get("name", ""): el.text or ""
        for el in wb.iter(f"{_NS_MAIN}definedName")
        if el.get("name") and not el.get("name", "").lower().startswith("_xlnm.")
    }
    return sheet_parts, sheet_state, defined, _date1904(wb), linked


def workbook_part(by_key: dict[str, str]) -> str:
    """The zip entry of the workbook part: `xl/workbook.xml` in any letter case, or with
    backslashes, as calamine finds it (its usual name when the package has none: reading it
    then says the part is missing)."""
    return find_part(by_key, _WORKBOOK) or _WORKBOOK


def refuse_wide_xml(raw: bytes, what: str, ctx: ReadContext) -> None:
    """Refuse a part (`what`: a sheet by its name, or the styles or shared strings part) read
    as `raw` whose XML is in UTF-16 (or UTF-32): a byte order mark of either, or a nul byte
    among the first four (`<\x00?\x00`). Legal XML, but calamine and the byte scans of
    `toolkit.io.sheets` read it as nothing, and a members' sheet so saved was said to have lost
    its header row (hunt143 F6); Excel saves it again as UTF-8. Looked at where each part is
    read anyway (`sheets.scan_sheet`, `_styles`, `_shared_strings`): opening every part once
    more for its first bytes cost the messy city 2 %."""
    head = raw[:4]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        raise ctx.refuse(
            "file.unreadable",
            reason=f"{what} được lưu theo bảng mã UTF-16, công cụ không đọc được nội dung như đã lưu",
        )


def _linked_part(by_key: dict[str, str], linked: dict[str, str], kind: str) -> str | None:
    """The zip entry of the workbook's part of one kind (shared strings, styles): the one its
    relationship names, else (no relationship, or one naming no entry) the one at its usual
    name, as calamine reads it; None if none."""
    named = find_part(by_key, linked[kind]) if kind in linked else None
    return named or find_part(by_key, _USUAL_PART[kind])


def _date1904(wb: Any) -> bool:
    """Whether the workbook element says its dates are counted from 01/01/1904 (Excel's "Use
    1904 date system", the default of old Excel for Mac, kept by a workbook begun there): the
    number Excel stores for a day is then 1,462 smaller than in the 1900 system. Read as
    calamine reads it ("1" or "true"): the dates of date-formatted cells come from calamine,
    and the numbers named beside them must agree."""
    pr = wb.find(f"{_NS_MAIN}workbookPr")
    return pr is not None and pr.get("date1904") in ("1", "true")


_EXTERNAL_LINKS = part_key("xl/externalLinks/")  # as `by_key` holds it
_REL_EXTERNAL_LINK = "/externalLink"


def _external_books(
    zf: zipfile.ZipFile, by_key: dict[str, str], data: bytes, ctx: ReadContext
) -> dict[int, str]:
    """Index (1-based, as formulas write `[1]`) → the name of the workbook each external
    reference of the workbook links to ("" when its link names none)."""
    wb = _parse_xml(zf, workbook_part(by_key), ctx, data)
    parts: dict[str, str] = {}
    rels_part = find_part(by_key, _WORKBOOK_RELS)
    if rels_part is not None:
        for rel in _parse_xml(zf, rels_part, ctx, data).iter(f"{_NS_PKG_REL}Relationship"):
            if rel.get("Type", "").endswith(_REL_EXTERNAL_LINK):
                target = _resolve_target(rel.get("Target", ""))
                parts[rel.get("Id", "")] = find_part(by_key, target) or target
    books: dict[int, str] = {}
    by_part: dict[str, str] = {}  # each part's link read once, however many references repeat it
    for index, ref in enumerate(wb.iter(f"{_NS_MAIN}externalReference"), start=1):
        part = parts.get(ref.get(f"{_NS_REL}id", ""), "")
        if part not in by_part:
            by_part[part] = _external_book(zf, by_key, data, ctx, part)
        books[index] = by_part[part]
    return books


def _external_book(
    zf: zipfile.ZipFile, by_key: dict[str, str], data: bytes, ctx: ReadContext, part: str
) -> str:
    """The name of the workbook an external link part links to ("" when it names none)."""
    head, _, tail = part.rpartition("/")
    rels = find_part(by_key, f"{head}/_rels/{tail}.rels") if part else None
    if rels is not None:
        for rel in _parse_xml(zf, rels, ctx, data).iter(f"{_NS_PKG_REL}Relationship"):
            if rel.get("TargetMode") == "External":
                return book_name(rel.get("Target", ""))
    return ""


def book_name(target: str) -> str:
    """The file name of a link's target: `file:///C:\\Users\\A\\DS%20cu.xlsx` → `DS cu.xlsx`."""
    path = unquote(target).replace("\\", "/").rstrip("/")
    return path.rpartition("/")[2] or path


def _struck(el: Any) -> bool:
    """Whether a font or a run's properties (`el`, or None) strike the text through:
    `<strike/>`, `<strike val="1"/>` or `"true"`; `val="0"` or `"false"` is no strike."""
    if el is None:
        return False
    strike = el.find(f"{_NS_MAIN}strike")
    return strike is not None and strike.get("val", "1").strip().lower() not in ("0", "false")


def _styles(
    zf: zipfile.ZipFile, part: str | None, data: bytes, ctx: ReadContext
) -> tuple[dict[int, str], frozenset[int]]:
    """Cell style index → legacy (TCVN3/VNI) font name, for the styles that use one; and the
    cell style indexes whose font is struck through (of the styles `part`, if any)."""
    legacy_xf: dict[int, str] = {}
    if part is None:
        return legacy_xf, frozenset()
    raw = read_part(zf, part, data)
    refuse_wide_xml(raw, f"phần {part}", ctx)
    # calamine reads this part too: no DTD reaches it, as none reaches our own parsers.
    refuse_dtd(raw, part, ctx)
    legacy = _LEGACY_FONT_RE.search(raw) is not None
    if not legacy and b"strike" not in raw:
        return legacy_xf, frozenset()
    styles = _parse_xml(zf, part, ctx, data)
    fonts_el = styles.find(f"{_NS_MAIN}fonts")
    font_names: list[str | None] = []
    font_struck: list[bool] = []
    if fonts_el is not None:
        for font in fonts_el.findall(f"{_NS_MAIN}font"):
            name_el = font.find(f"{_NS_MAIN}name")
            font_names.append(name_el.get("val") if name_el is not None else None)
            font_struck.append(_struck(font))
    struck_xf: set[int] = set()
    xfs = styles.find(f"{_NS_MAIN}cellXfs")
    if xfs is not None:
        for index, xf in enumerate(xfs.findall(f"{_NS_MAIN}xf")):
            try:
                font_id = int(xf.get("fontId", "0"))
                font_name = font_names[font_id]
            except (ValueError, IndexError):
                continue
            if font_struck[font_id]:
                struck_xf.add(index)
            if legacy and legacy_font_encoding(font_name):
                legacy_xf[index] = font_name  # type: ignore[assignment]
    return legacy_xf, frozenset(struck_xf)


# Excel's built-in number formats whose text this reader tells (`toolkit.io.autofilter`); the
# other built-in ones are named by their number, which no test of a format code matches.
_BUILTIN_FORMATS = {0: "General", 1: "0", 49: "@"}


def number_formats(pkg: Package) -> list[str]:
    """Each cell style's number format code, by the style's index (`<cellXfs>`), read once:
    its own `<numFmt>`'s code, or a built-in format's (`_BUILTIN_FORMATS`, else `builtin:N`).
    Empty when the package has no styles part or one that cannot be read."""
    if pkg.xf_formats is not None:
        return pkg.xf_formats
    formats: list[str] = []
    try:
        if pkg.styles is not None and pkg.styles in pkg.names:
            styles = _parse_xml(pkg.zf, pkg.styles, ReadContext(file=""), pkg.data)
            codes = {
                el.get("numFmtId", ""): el.get("formatCode", "") for el in styles.iter(f"{_NS_MAIN}numFmt")
            }
            xfs = styles.find(f"{_NS_MAIN}cellXfs")
            for xf in xfs.findall(f"{_NS_MAIN}xf") if xfs is not None else ():
                key = xf.get("numFmtId", "0")
                builtin = _BUILTIN_FORMATS.get(int(key)) if key.isdigit() else None
                formats.append(codes.get(key) or builtin or f"builtin:{key}")
    except Exception:  # a damaged styles part: no format known, no row said hidden by hand
        formats = ["unknown"]
    pkg.xf_formats = formats
    return formats


def _shared_strings(
    zf: zipfile.ZipFile, part: str | None, data: bytes, ctx: ReadContext
) -> tuple[dict[int, str], frozenset[int], dict[int, tuple[tuple[str, bool], ...]]]:
    """Shared string index → the legacy font of its first legacy-font run; the shared strings
    whose every run with text is struck through (a name crossed out in the cell's own text, not
    its style); and those some of whose runs with text are struck and some not (`_part_struck`),
    of the shared strings `part`, if any."""
    legacy_shared: dict[int, str] = {}
    part_struck: dict[int, tuple[tuple[str, bool], ...]] = {}
    if part is None:
        return legacy_shared, frozenset(), part_struck
    raw = read_part(zf, part, data)
    refuse_wide_xml(raw, f"phần {part}", ctx)
    refuse_dtd(raw, part, ctx)
    # A legacy font (`<rFont val=".VnTime"/>`) and a strike are both a run's properties: a
    # part without any (most, and a province's large one) is passed over in one look.
    if b"rPr" not in raw:
        return legacy_shared, frozenset(), part_struck
    legacy = _LEGACY_FONT_RE.search(raw) is not None
    strike = b"strike" in raw
    if not legacy and not strike:
        return legacy_shared, frozenset(), part_struck
    struck: set[int] = set()
    sst = _parse_xml(zf, part, ctx, data)
    for index, si in enumerate(sst.findall(f"{_NS_MAIN}si")):
        if legacy:
            for rfont in si.iter(f"{_NS_MAIN}rFont"):
                font_name = rfont.get("val")
                if legacy_font_encoding(font_name):
                    legacy_shared[index] = font_name
                    break
        if not strike:
            continue
        runs = [r for r in si.findall(f"{_NS_MAIN}r") if "".join(r.itertext()).strip()]
        if runs and all(_struck(r.find(f"{_NS_MAIN}rPr")) for r in runs):
            struck.add(index)
        elif runs and (pieces := _part_struck(si)) is not None:
            part_struck[index] = pieces
    return legacy_shared, frozenset(struck), part_struck


def _part_struck(si: Any) -> tuple[tuple[str, bool], ...] | None:
    """A shared string's pieces, each (text, struck), when some with text are struck through
    and some not (a word crossed out in a name, as Excel writes one corrected in the cell's
    editor); else None. A plain text before the runs is a piece not struck."""
    head = si.find(f"{_NS_MAIN}t")
    pieces = [(head.text or "", False)] if head is not None and head.text else []
    for run in si.findall(f"{_NS_MAIN}r"):
        words = run.find(f"{_NS_MAIN}t")
        text = (words.text or "") if words is not None else ""
        pieces.append((text, _struck(run.find(f"{_NS_MAIN}rPr"))))
    if {hit for text, hit in pieces if text.strip()} != {True, False}:
        return None
    return tuple(pieces)
