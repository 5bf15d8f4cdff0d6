"""Editing and hand-writing .xlsx packages for the hostile corpus (`tests/corpus.py`).

Hostile variants of a valid submission are made by editing the parts of its package
(`OoxmlPackage`) or by writing the zip container by hand (`write_raw_zip`), so a bomb can be
small on disk and even lie about its sizes; the other helpers make the rest of the broken and
malicious files (encrypted, old .xls, macros, entity bombs, 200,000 rows, 16,384 columns, lock
files).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from toolkit.core import layout, vocab
from toolkit.sample.names import GIVEN_NAMES, MIDDLE_NAMES, SURNAMES, NameSource
from toolkit.sample.rows import SubmissionRows

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_SHARED_STRINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CT_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
CT_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_MAIN_MACRO = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_VBA = "application/vnd.ms-office.vbaProject"


# --------------------------------------------------------------------------------------------
# OOXML package editing
# --------------------------------------------------------------------------------------------


class OoxmlPackage:
    """The parts of an .xlsx as an ordered dict of name → bytes, with a few precise edits."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            self.parts: dict[str, bytes] = {n: zf.read(n) for n in zf.namelist()}

    def text(self, name: str) -> str:
        return self.parts[name].decode("utf-8")

    def set_text(self, name: str, text: str) -> None:
        self.parts[name] = text.encode("utf-8")

    def sheet_part(self, sheet_name: str) -> str:
        """The part name of a sheet, found through workbook.xml and its relationships."""
        wb = self.text("xl/workbook.xml")
        m = re.search(
            r'<sheet [^>]*name="' + re.escape(escape(sheet_name, {'"': "&quot;"})) + r'"[^>]*/>', wb
        )
        if m is None:
            raise KeyError(sheet_name)
        rid = re.search(r'r:id="([^"]+)"', m.group(0)).group(1)  # type: ignore[union-attr]
        rels = self.text("xl/_rels/workbook.xml.rels")
        rel = re.search(r'<Relationship [^>]*Id="' + re.escape(rid) + r'"[^>]*/>', rels)
        target = re.search(r'Target="([^"]+)"', rel.group(0)).group(1)  # type: ignore[union-attr]
        return target.lstrip("/") if target.startswith("/") else f"xl/{target}"

    def replace_sheet_data(self, sheet_name: str, rows_xml: str | Callable[[str], str]) -> None:
        """Replace the rows after the header row (row 1 is kept as written by the template)."""
        part = self.sheet_part(sheet_name)
        xml = self.text(part)
        m = re.search(r"<sheetData>(.*?)</sheetData>|<sheetData/>", xml, flags=re.S)
        assert m is not None
        inner = m.group(1) or ""
        header = re.match(r'<row r="1"[^>]*>.*?</row>', inner, flags=re.S)
        head = header.group(0) if header else ""
        body = rows_xml(inner) if callable(rows_xml) else rows_xml
        self.set_text(part, xml[: m.start()] + f"<sheetData>{head}{body}</sheetData>" + xml[m.end() :])

    def cell_styles(self, sheet_name: str, row: int = 2) -> dict[str, str]:
        """Column letter → style index of the cells of one row (to keep date formats)."""
        xml = self.text(self.sheet_part(sheet_name))
        m = re.search(rf'<row r="{row}"[^>]*>(.*?)</row>', xml, flags=re.S)
        styles: dict[str, str] = {}
        if m:
            for c in re.finditer(r'<c r="([A-Z]+)\d+"(?: s="(\d+)")?', m.group(1)):
                if c.group(2):
                    styles[c.group(1)] = c.group(2)
        return styles

    def add_part(self, name: str, data: bytes, content_type: str, rel_type: str | None = None) -> None:
        self.parts[name] = data
        ct = self.text("[Content_Types].xml")
        ct = ct.replace("</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>')
        self.set_text("[Content_Types].xml", ct)
        if rel_type:
            rels = self.text("xl/_rels/workbook.xml.rels")
            rels = rels.replace(
                "</Relationships>",
                f'<Relationship Type="{rel_type}" Target="/{name}" Id="rIdHostile{len(self.parts)}"/>'
                "</Relationships>",
            )
            self.set_text("xl/_rels/workbook.xml.rels", rels)

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for name, data in self.parts.items():
                zf.writestr(name, data)
        return buf.getvalue()


def inline_cell(ref: str, text: str, style: str | None = None) -> str:
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def number_cell(ref: str, number: float | int, style: str | None = None) -> str:
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s}><v>{number}</v></c>'


def excel_serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


# --------------------------------------------------------------------------------------------
# A zip container written by hand (for bombs whose headers may lie)
# --------------------------------------------------------------------------------------------


@dataclass
class RawEntry:
    name: str
    compressed: bytes
    crc: int
    size: int  # true uncompressed size
    method: int = zipfile.ZIP_DEFLATED
    declared_size: int | None = None  # what the headers say (a lie when it differs from size)


def raw_entry(name: str, data: bytes) -> RawEntry:
    co = zlib.compressobj(6, zlib.DEFLATED, -15)
    return RawEntry(name, co.compress(data) + co.flush(), zlib.crc32(data), len(data))


def write_raw_zip(entries: Sequence[RawEntry]) -> bytes:
    """A plain (non-zip64) zip archive; sizes in both headers are `declared_size` if given."""
    out = io.BytesIO()
    central = io.BytesIO()
    for e in entries:
        name = e.name.encode("utf-8")
        size = e.size if e.declared_size is None else e.declared_size
        offset = out.tell()
        flags = 0x0800  # UTF-8 names
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                flags,
                e.method,
                0,
                0x21,
                e.crc,
                len(e.compressed),
                size,
                len(name),
                0,
            )
        )
        out.write(name)
        out.write(e.compressed)
        central.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                flags,
                e.method,
                0,
                0x21,
                e.crc,
                len(e.compressed),
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        central.write(name)
    cd = central.getvalue()
    cd_offset = out.tell()
    out.write(cd)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cd), cd_offset, 0))
    return out.getvalue()


def bomb_entry(name: str, prefix: bytes, filler: bytes, suffix: bytes, total: int) -> RawEntry:
    """A deflate stream of prefix + filler repeated to ≥ `total` bytes + suffix, built in
    seconds: after a full flush the compressor starts afresh, so one compressed chunk can be
    repeated byte for byte instead of compressing a gibibyte."""
    chunk = filler * max(1, (1 << 20) // len(filler))
    repeats = -(-total // len(chunk))
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = co.compress(prefix) + co.flush(zlib.Z_FULL_FLUSH)
    body = co.compress(chunk) + co.flush(zlib.Z_FULL_FLUSH)
    again = co.compress(chunk) + co.flush(zlib.Z_FULL_FLUSH)
    assert again == body, "a full flush must make compressed chunks repeatable"
    tail = co.compress(suffix) + co.flush(zlib.Z_FINISH)
    compressed = head + body * repeats + tail
    crc = zlib.crc32(prefix)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    size = len(prefix) + len(chunk) * repeats + len(suffix)
    return RawEntry(name, compressed, crc, size)


def package_with_bomb(package: OoxmlPackage, sheet_name: str, total: int, lie: bool) -> bytes:
    """The package with one sheet replaced by a bomb inflating to ≥ `total` bytes."""
    part = package.sheet_part(sheet_name)
    xml = package.text(part)
    start = xml.index("<sheetData>") + len("<sheetData>") if "<sheetData>" in xml else None
    assert start is not None
    header = re.search(r'<row r="1"[^>]*>.*?</row>', xml, flags=re.S)
    prefix = (
        xml[:start] + (header.group(0) if header else "") + '<row r="2"><c r="B2" t="inlineStr"><is><t>'
    ).encode()
    suffix = (
        "</t></is></c></row></sheetData>" + xml[xml.index("</sheetData>") + len("</sheetData>") :]
    ).encode()
    bomb = bomb_entry(part, prefix, b"A" * 4096, suffix, total)
    if lie:
        # A consistent lie: the declared size and the CRC both describe the first few
        # kilobytes only, so a reader that trusts the directory sees a valid small part.
        bomb.declared_size = len(prefix) + 4096
        bomb.crc = zlib.crc32(prefix + b"A" * 4096)
    entries = [bomb if name == part else raw_entry(name, data) for name, data in package.parts.items()]
    return write_raw_zip(entries)


def inflated_size(path: Path, member: str, limit: int | None = None) -> int:
    """Stream-inflate one member and count its bytes (checks the corpus really is a bomb)."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
        with open(path, "rb") as fh:
            fh.seek(info.header_offset)
            head = fh.read(30)
            name_len, extra_len = struct.unpack("<HH", head[26:30])
            fh.seek(info.header_offset + 30 + name_len + extra_len)
            compressed = fh.read(info.compress_size)
    d = zlib.decompressobj(-15)
    total = 0
    view = memoryview(compressed)
    step = 1 << 16
    for i in range(0, len(view), step):
        data = d.decompress(view[i : i + step])
        total += len(data)
        while d.unconsumed_tail:
            total += len(d.decompress(d.unconsumed_tail, 1 << 24))
        if limit is not None and total >= limit:
            return total
    return total + len(d.flush())


# --------------------------------------------------------------------------------------------
# Other broken and malicious files
# --------------------------------------------------------------------------------------------


def random_bytes(seed: int, n: int) -> bytes:
    return random.Random(seed).randbytes(n)


def csv_renamed(content: SubmissionRows) -> bytes:
    headers = ",".join(layout.MEMBERS.headers)
    lines = [headers]
    for r in content.members:
        lines.append(
            ",".join(
                str(r.get(k, "")) if not isinstance(r.get(k), dt.date) else r[k].strftime("%d/%m/%Y")
                for k in layout.MEMBERS.keys
            )
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def encrypted(data: bytes, password: str = "chibo2026") -> bytes:
    """The submission encrypted with a password, as Excel does it (ECMA-376 agile)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def biff_record(rid: int, payload: bytes = b"") -> bytes:
    return struct.pack("<HH", rid, len(payload)) + payload


def old_xls() -> bytes:
    """A minimal Excel 97–2003 (BIFF8) workbook: an OLE2 compound file with a `Workbook` stream
    holding a globals BOF, one sheet record and EOF, then a worksheet BOF/EOF."""
    from toolkit.excel.cfb import write_compound_file

    bof_globals = biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06))
    name = "Đảng viên".encode("utf-16-le")
    sheet_name = struct.pack("<BB", len("Đảng viên"), 1) + name
    globals_tail = biff_record(0x0042, struct.pack("<H", 1200)) + biff_record(0x000A)
    boundsheet_len = 4 + 6 + len(sheet_name)
    sheet_offset = len(bof_globals) + boundsheet_len + len(globals_tail)
    boundsheet = biff_record(0x0085, struct.pack("<IBB", sheet_offset, 0, 0) + sheet_name)
    sheet = biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x06))
    sheet += biff_record(0x0200, struct.pack("<IIHHH", 0, 0, 0, 0, 0)) + biff_record(0x000A)
    stream = bof_globals + boundsheet + globals_tail + sheet
    stream += b"\x00" * (4096 - len(stream))  # a regular (not mini) stream, as Excel writes
    return write_compound_file({"Workbook": stream})


VBA_PAYLOAD = (
    'Attribute VB_Name = "Module1"\r\n'
    "Sub Auto_Open()\r\n"
    '    Shell "cmd /c echo pwned > %TEMP%\\ward_stats_pwned.txt"\r\n'
    "End Sub\r\n"
)


def with_vba(package: OoxmlPackage) -> bytes:
    """The package as an .xlsm carrying a VBA project whose Auto_Open would run a command."""
    from toolkit.excel.ovba import build_vba_project, procedural_module

    vba = build_vba_project([procedural_module(VBA_PAYLOAD)])
    ct = package.text("[Content_Types].xml").replace(CT_MAIN, CT_MAIN_MACRO)
    package.set_text("[Content_Types].xml", ct)
    package.add_part("xl/vbaProject.bin", vba, CT_VBA, REL_VBA)
    return package.to_bytes()


def with_number(package: OoxmlPackage, sheet_name: str, ref: str, number: float) -> bytes:
    """The package with one existing cell's value replaced by a number (its style kept)."""
    part = package.sheet_part(sheet_name)
    xml, n = re.subn(
        rf'<c r="{ref}"([^>]*?)(?: t="\w+")?>.*?</c>',
        lambda m: f'<c r="{ref}"{m.group(1)}><v>{number}</v></c>',
        package.text(part),
        count=1,
        flags=re.S,
    )
    assert n == 1, ref
    package.set_text(part, xml)
    return package.to_bytes()


BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE sst [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
    )
    + f']>\n<sst xmlns="{NS_MAIN}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)

XXE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f'<sst xmlns="{NS_MAIN}" count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>'
)


def with_shared_strings(package: OoxmlPackage, sst_xml: str) -> bytes:
    """The package with a sharedStrings part (a bomb or an external entity) that the first
    member's name refers to."""
    package.add_part("xl/sharedStrings.xml", sst_xml.encode(), CT_SHARED_STRINGS, REL_SHARED_STRINGS)
    part = package.sheet_part(layout.SHEET_MEMBERS)
    xml = package.text(part)
    xml, n = re.subn(
        r'<c r="B2"([^>]*?) t="inlineStr"><is><t[^>]*>[^<]*</t></is></c>',
        r'<c r="B2"\1 t="s"><v>0</v></c>',
        xml,
    )
    assert n == 1
    package.set_text(part, xml)
    return package.to_bytes()


def bulk_member_rows(
    org_code: str, n_rows: int, styles: dict[str, str], names: NameSource | None = None
) -> Iterator[str]:
    """XML of `n_rows` valid member rows from row 2, fast enough for 200,000 rows."""
    letter = {k: layout.MEMBERS.letter(k) for k in layout.MEMBERS.keys}
    sd = styles.get(letter["birth_date"])
    st = styles.get(letter["full_name"])
    gender_labels = [vocab.GENDER.label(c) for c in vocab.GENDER.codes]
    fixed = {
        "ethnicity": vocab.ETHNICITY.label(vocab.KINH),
        "religion": vocab.RELIGION.label("none"),
        "gen_edu": vocab.GEN_EDU.label("upper_secondary"),
        "prof_level": vocab.PROF_LEVEL.label("university"),
        "theory_level": vocab.THEORY_LEVEL.label("elementary"),
        "occupation": vocab.OCCUPATION.label("retired"),
    }
    filled = ["row_no", "full_name", "birth_date", "gender", "admission_date", "official_date", *fixed]
    order = sorted(filled, key=layout.MEMBERS.keys.index)  # a row's cells go left to right
    families = [s for s, _ in SURNAMES]
    for i in range(n_rows):
        r = i + 2
        gender = vocab.GENDER.codes[i % 2]
        middles, givens = MIDDLE_NAMES[gender], GIVEN_NAMES[gender]
        name = f"{families[i % len(families)]} {middles[i % len(middles)]} {givens[i % len(givens)]} {i}"
        birth = 20_000 + (i * 7) % 9_000  # 1954–1979: distinct name + birth pairs
        admission = birth + 9_000
        cell = {
            "row_no": number_cell(f"{letter['row_no']}{r}", i + 1),
            "full_name": inline_cell(f"{letter['full_name']}{r}", name, st),
            "birth_date": number_cell(f"{letter['birth_date']}{r}", birth, sd),
            "gender": inline_cell(f"{letter['gender']}{r}", gender_labels[i % 2], st),
            "admission_date": number_cell(f"{letter['admission_date']}{r}", admission, sd),
            # Full members 12 months and about two weeks after admission (within the 30 days).
            "official_date": number_cell(f"{letter['official_date']}{r}", admission + 380, sd),
            **{key: inline_cell(f"{letter[key]}{r}", text, st) for key, text in fixed.items()},
        }
        yield f'<row r="{r}">' + "".join(cell[key] for key in order) + "</row>"


def wide_member_rows(n_rows: int, styles: dict[str, str], base_xml_rows: str) -> str:
    """The existing member rows, each extended with cells up to column XFD (16,384 columns)."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c) for c in range(len(layout.MEMBERS.keys) + 1, 16_385)]
    rows = re.findall(r'(<row r="(\d+)"[^>]*>)(.*?)</row>', base_xml_rows, flags=re.S)
    out = []
    for open_tag, r, cells in rows[:n_rows]:
        extra = "".join(number_cell(f"{col}{r}", 1) for col in letters)
        out.append(f"{open_tag}{cells}{extra}</row>")
    return "".join(out)


def wide_header(base_header: str) -> str:
    from openpyxl.utils import get_column_letter

    extra = "".join(
        inline_cell(f"{get_column_letter(c)}1", f"Cột thêm {c}")
        for c in range(len(layout.MEMBERS.keys) + 1, 16_385)
    )
    return base_header.replace("</row>", extra + "</row>")


def lock_files(target_name: str) -> dict[str, bytes]:
    """Excel's owner file and LibreOffice's lock file for a workbook being edited."""
    owner = b"\x0bNguyen Van A" + b"\x20" * 41 + b"\x0b\x00N\x00g\x00u\x00y\x00e\x00n\x00" + b"\x00" * 100
    lo = (
        "Nguyen Van A,may-tinh,/home/vanphong,25.03.2026 10:00,file:///home/vanphong/.config/libreoffice/4;\n"
    )
    return {f"~${target_name}": owner[:165], f".~lock.{target_name}#": lo.encode("utf-8")}
