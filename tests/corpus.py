"""Generators of the hostile corpus (issue 7): broken, huge, strange and malicious submissions.

Everything is generated here, nothing is committed as a binary. Valid submissions come from
the real template (`toolkit.outputs.template.write_submission`); hostile variants are made by editing
the parts of such a package (`OoxmlPackage`) or by writing the zip container by hand
(`write_raw_zip`), so a bomb can be small on disk and even lie about its sizes.

`build_corpus(folder)` writes one folder holding every item next to clean submissions and
returns a `Corpus` that says, for each file, what the toolkit should make of it, plus every
personal value (names, birth dates) the files hold, so tests can look for leaks.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

from openpyxl import load_workbook
from openpyxl.styles import Font

from toolkit.core import layout, vocab
from toolkit.core.model import Organisation, Registry
from toolkit.sample.messy import legacy_writable, nfd, to_tcvn3, to_vni
from toolkit.sample.names import GIVEN_NAMES, MIDDLE_NAMES, SURNAMES, NameSource
from toolkit.sample.org import leaver_event, org_rows
from toolkit.sample.rows import Cards, Period, SubmissionRows, info_row, number_rows

CUTOFF = dt.date(2026, 3, 31)
PERIOD_START = dt.date(2025, 1, 1)
PERIOD = Period(PERIOD_START, CUTOFF)
GIB = 1 << 30
FUTURE_BIRTH_DATE = dt.date(2030, 5, 17)  # a birth date after the cut-off: an error whose value is personal

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_SHARED_STRINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CT_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
CT_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_MAIN_MACRO = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_VBA = "application/vnd.ms-office.vbaProject"

# Strings that a spreadsheet would run as formulas if they were written as formulas.
FORMULA_LIKE = (
    '=HYPERLINK("http://evil.example/x","bấm vào đây")',
    "+1",
    "-1",
    "@SUM(A1)",
    "=1+1",
    "+84 912 345 678",
    "-12/QĐ-ĐU",
    '=cmd|" /C calc"!A0',
)

Expect = Literal["consolidated", "excluded", "skipped"]


# --------------------------------------------------------------------------------------------
# Valid content (made by the shared sample generator, toolkit.sample)
# --------------------------------------------------------------------------------------------


def info_for(org_code: str, org_name: str | None = None) -> dict[str, Any]:
    """`Thông tin` of a corpus submission: no personal value (the secretary is a placeholder)."""
    organisation = Organisation(
        org_code,
        org_name or f"Chi bộ Tổ dân phố số {org_code[-2:]}",
        "chi_bo_truc_thuoc",
        "to_dan_pho",
        secretary="Bí thư thử nghiệm",
    )
    return info_row(organisation, PERIOD)


def clean_content(
    org_code: str, names: NameSource, n_members: int = 4, seed: int = 0, org_name: str | None = None
) -> SubmissionRows:
    """A submission without any issue, from the shared sample generator: `n_members` members
    (full members at these sizes) and at least one change (a member who died)."""
    rng = random.Random(f"{org_code}-{seed}")
    org = org_rows(
        rng,
        names,
        Cards(f"{org_code}-"),
        PERIOD,
        code=org_code,
        name=org_name or org_code,
        sector="to_dan_pho",
        size=n_members,
    )
    died = leaver_event(rng, names, PERIOD, "died", age=rng.randint(80, 95))
    events = number_rows(sorted([*org.events, died], key=lambda e: (e["event_date"], e["full_name"])))
    return SubmissionRows(info_for(org_code, org_name), org.members, events, org.years)


def submission_bytes(content: SubmissionRows, scratch: Path) -> bytes:
    path = content.write(scratch / f"_scratch_{content.info['org_code']}.xlsx")
    data = path.read_bytes()
    path.unlink()
    return data


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
# Corpus items
# --------------------------------------------------------------------------------------------


@dataclass
class Item:
    """One file of the corpus and what the toolkit must make of it."""

    name: str
    kind: str  # short id of the hostile feature
    expect: Expect
    org_code: str | None = None
    note: str = ""


@dataclass
class Corpus:
    root: Path
    items: dict[str, Item] = field(default_factory=dict)  # by file name
    people: list[tuple[str, dt.date]] = field(default_factory=list)  # every (name, birth date) written
    registry: Registry | None = None
    members_by_org: dict[str, int] = field(default_factory=dict)  # expected roll of consolidated orgs

    def add(self, item: Item) -> Item:
        self.items[item.name] = item
        return item

    def path(self, name: str) -> Path:
        return self.root / name

    def by_kind(self, kind: str) -> Item:
        return next(i for i in self.items.values() if i.kind == kind)

    def expecting(self, expect: Expect) -> list[Item]:
        return [i for i in self.items.values() if i.expect == expect]

    def hashes(self) -> dict[str, str]:
        return tree_hashes(self.root)


def tree_hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under `root` (relative path → hex digest)."""
    out: dict[str, str] = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h = hashlib.sha256()
            with open(p, "rb") as fh:
                for block in iter(lambda fh=fh: fh.read(1 << 20), b""):
                    h.update(block)
            out[str(p.relative_to(root))] = h.hexdigest()
    return out


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
    from toolkit.excel.ovba import write_compound_file

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
    labels = {
        "gender": [vocab.GENDER.label(c) for c in vocab.GENDER.codes],
        "gen_edu": vocab.GEN_EDU.label("upper_secondary"),
        "prof": vocab.PROF_LEVEL.label("university"),
        "theory": vocab.THEORY_LEVEL.label("elementary"),
        "occ": vocab.OCCUPATION.label("retired"),
    }
    families = [s for s, _ in SURNAMES]
    static = (
        inline_cell("{H}", labels["gen_edu"], st)
        + inline_cell("{I}", labels["prof"], st)
        + inline_cell("{J}", labels["theory"], st)
        + inline_cell("{K}", labels["occ"], st)
    )
    for i in range(n_rows):
        r = i + 2
        gender = vocab.GENDER.codes[i % 2]
        middles, givens = MIDDLE_NAMES[gender], GIVEN_NAMES[gender]
        name = f"{families[i % len(families)]} {middles[i % len(middles)]} {givens[i % len(givens)]} {i}"
        birth = 20_000 + (i * 7) % 9_000  # 1954–1979: distinct name + birth pairs
        admission = birth + 9_000
        yield (
            f'<row r="{r}">'
            + number_cell(f"A{r}", i + 1)
            + inline_cell(f"B{r}", name, st)
            + number_cell(f"C{r}", birth, sd)
            + inline_cell(f"D{r}", labels["gender"][i % 2], st)
            + number_cell(f"F{r}", admission, sd)
            + number_cell(f"G{r}", admission + 400, sd)
            + static.replace("{H}", f"H{r}")
            .replace("{I}", f"I{r}")
            .replace("{J}", f"J{r}")
            .replace("{K}", f"K{r}")
            + "</row>"
        )


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


# --------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------


def _patch_openpyxl(path: Path, edit: Callable[[Any], None]) -> None:
    wb = load_workbook(path)
    edit(wb)
    wb.save(path)


def build_corpus(root: Path, *, bulk_rows: int = 200_000, bomb_size: int = GIB) -> Corpus:
    """Write every item of issue 7 into `root` (flat) and describe it."""
    root.mkdir(parents=True, exist_ok=True)
    scratch = root.parent / f"{root.name}-scratch"
    scratch.mkdir(exist_ok=True)
    corpus = Corpus(root)
    names = NameSource()
    orgs: list[Organisation] = []

    def org(code: str, name: str | None = None) -> str:
        orgs.append(
            Organisation(
                code, name or f"Chi bộ {code}", "chi_bo_truc_thuoc", "to_dan_pho", targets={2025: 1, 2026: 1}
            )
        )
        return code

    def keep(content: SubmissionRows) -> SubmissionRows:
        corpus.people.extend(content.people)
        return content

    # Clean submissions: they must be consolidated whatever sits next to them.
    for i in (1, 2, 3):
        code = org(f"T{i:02d}")
        content = keep(clean_content(code, names, n_members=3 + i))
        content.write(root / f"{code}_sach.xlsx")
        corpus.add(Item(f"{code}_sach.xlsx", f"clean{i}", "consolidated", code))
        corpus.members_by_org[code] = len(content.members)
    for name, data in lock_files("T01_sach.xlsx").items():
        (root / name).write_bytes(data)
        corpus.add(Item(name, "lock_file" if name.startswith("~$") else "lo_lock_file", "skipped"))

    base = keep(clean_content(org("T90"), names, n_members=3))
    base_bytes = submission_bytes(base, scratch)

    def add_bytes(
        name: str, data: bytes, kind: str, expect: Expect, code: str | None = None, note: str = ""
    ) -> None:
        (root / name).write_bytes(data)
        corpus.add(Item(name, kind, expect, code, note))

    add_bytes("rac.xlsx", random_bytes(7, 20_000), "random_bytes", "excluded")
    add_bytes("rac_pk.xlsx", b"PK\x03\x04" + random_bytes(8, 5_000), "random_zip_magic", "excluded")
    add_bytes("rong.xlsx", b"", "empty_file", "excluded")
    add_bytes("cat_ngang.xlsx", base_bytes[: len(base_bytes) * 2 // 3], "truncated", "excluded")
    add_bytes("csv_doi_ten.xlsx", csv_renamed(base), "csv_renamed", "excluded")
    add_bytes("mat_khau.xlsx", encrypted(base_bytes), "password", "excluded")
    add_bytes("mau_cu.xls", old_xls(), "old_xls", "excluded")

    code = org("T04")
    macro = keep(clean_content(code, names))
    add_bytes(
        "T04_macro.xlsm",
        with_vba(OoxmlPackage(submission_bytes(macro, scratch))),
        "vba",
        "consolidated",
        code,
        "macros are a warning: never run, never copied",
    )
    corpus.members_by_org[code] = len(macro.members)

    for code, lie, fname in (("T05", False, "T05_bom_zip.xlsx"), ("T06", True, "T06_bom_zip_noi_doi.xlsx")):
        content = keep(clean_content(org(code), names))
        pkg = OoxmlPackage(submission_bytes(content, scratch))
        add_bytes(
            fname,
            package_with_bomb(pkg, layout.SHEET_MEMBERS, bomb_size, lie),
            "zip_bomb_lying" if lie else "zip_bomb",
            "excluded",
            code,
        )

    content = keep(clean_content(org("T07"), names))
    add_bytes(
        "T07_bom_xml.xlsx",
        with_shared_strings(OoxmlPackage(submission_bytes(content, scratch)), BILLION_LAUGHS),
        "entity_bomb",
        "excluded",
        "T07",
    )
    content = keep(clean_content(org("T19"), names))
    add_bytes(
        "T19_xxe.xlsx",
        with_shared_strings(OoxmlPackage(submission_bytes(content, scratch)), XXE),
        "external_entity",
        "excluded",
        "T19",
    )

    # 200,000 rows and 16,384 columns: the outcome (refused as too large, or read) is the
    # toolkit's choice; the guarantees (no crash, bounded memory, clear issue) are not.
    content = clean_content(org("T08"), names, n_members=1)
    pkg = OoxmlPackage(submission_bytes(content, scratch))
    styles = pkg.cell_styles(layout.SHEET_MEMBERS)
    pkg.replace_sheet_data(layout.SHEET_MEMBERS, "".join(bulk_member_rows("T08", bulk_rows, styles)))
    pkg.replace_sheet_data(layout.SHEET_YEARS, "")
    add_bytes(
        "T08_200000_dong.xlsx", pkg.to_bytes(), "rows_200k", "consolidated", "T08", "or refused as too large"
    )

    content = keep(clean_content(org("T09"), names))
    pkg = OoxmlPackage(submission_bytes(content, scratch))
    part = pkg.sheet_part(layout.SHEET_MEMBERS)
    xml = pkg.text(part)
    inner = re.search(r"<sheetData>(.*?)</sheetData>", xml, flags=re.S).group(1)  # type: ignore[union-attr]
    header = re.match(r'<row r="1"[^>]*>.*?</row>', inner, flags=re.S).group(0)  # type: ignore[union-attr]
    body = wide_member_rows(len(content.members), styles, inner[len(header) :])
    xml = xml.replace(inner, wide_header(header) + body)
    xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD5"/>', xml)
    pkg.set_text(part, xml)
    add_bytes("T09_16384_cot.xlsx", pkg.to_bytes(), "cols_16384", "consolidated", "T09", "or refused")

    # Hidden sheet with data, hidden rows with members on the roll.
    code = org("T10")
    hidden = keep(clean_content(code, names, n_members=5))
    path = hidden.write(root / "T10_an.xlsx")
    decoy = [names.name("female") for _ in range(3)]
    corpus.people.extend((n, dt.date(1970, 1, 1 + i)) for i, n in enumerate(decoy))

    def hide(wb: Any) -> None:
        ws = wb.create_sheet("Danh sách cũ")
        ws.append(list(layout.MEMBERS.headers))
        for i, n in enumerate(decoy):
            ws.append([i + 1, n, dt.date(1970, 1, 1 + i)])
        ws.sheet_state = "hidden"
        members = wb[layout.SHEET_MEMBERS]
        members.row_dimensions[3].hidden = True
        members.row_dimensions[5].hidden = True
        wb[layout.SHEET_EVENTS].sheet_state = "hidden"

    _patch_openpyxl(path, hide)
    corpus.add(Item(path.name, "hidden", "consolidated", code, "hidden rows are members on the roll"))
    corpus.members_by_org[code] = len(hidden.members)

    # Merged cells in the data area: the merged-away cells are empty.
    code = org("T11")
    merged = keep(clean_content(code, names, n_members=4))
    path = merged.write(root / "T11_gop_o.xlsx")
    gender_col = layout.MEMBERS.letter("gender")
    _patch_openpyxl(path, lambda wb: wb[layout.SHEET_MEMBERS].merge_cells(f"{gender_col}3:{gender_col}4"))
    corpus.add(Item(path.name, "merged", "excluded", code, f"required gender missing at {gender_col}4"))

    # Formulas with cached values (Excel saved them) and without (never calculated).
    for code, cached, fname in (
        ("T12", True, "T12_cong_thuc.xlsx"),
        ("T13", False, "T13_cong_thuc_trong.xlsx"),
    ):
        content = keep(clean_content(org(code), names, n_members=3))
        pkg = OoxmlPackage(submission_bytes(content, scratch))

        def formulas(inner: str, cached: bool = cached) -> str:
            body = inner[re.match(r'<row r="1"[^>]*>.*?</row>', inner, flags=re.S).end() :]  # type: ignore[union-attr]
            a = layout.MEMBERS.letter("row_no")
            p = layout.MEMBERS.letter("prof_level")

            def row_no(m: re.Match[str]) -> str:
                r = m.group(1)
                v = f"<v>{int(r) - 1}</v>" if cached else ""
                return f'<c r="{a}{r}"><f>ROW()-1</f>{v}</c>'

            body = re.sub(rf'<c r="{a}(\d+)"[^>]*><v>\d+</v></c>', row_no, body)
            label = vocab.PROF_LEVEL.label("university")
            v = f"<v>{escape(label)}</v>" if cached else ""
            body = re.sub(
                rf'<c r="{p}2"([^>]*?) t="inlineStr"><is><t[^>]*>[^<]*</t></is></c>',
                lambda m: f'<c r="{p}2"{m.group(1)} t="str"><f>"{escape(label)}"</f>{v}</c>',
                body,
            )
            return body

        pkg.replace_sheet_data(layout.SHEET_MEMBERS, formulas)
        add_bytes(
            fname,
            pkg.to_bytes(),
            "formula_cached" if cached else "formula_uncached",
            "consolidated" if cached else "excluded",
            code,
        )
        if cached:
            corpus.members_by_org[code] = len(content.members)

    # NFD text everywhere (what macOS and some web forms produce).
    code = org("T14")
    content = keep(clean_content(code, names, n_members=4, org_name="Chi bộ Khu phố Đông Hòa"))
    decomposed = SubmissionRows(
        {k: nfd(v) if isinstance(v, str) else v for k, v in content.info.items()},
        [
            {k: (nfd(_label(k, v)) if isinstance(v, str) else v) for k, v in r.items()}
            for r in content.members
        ],
        [
            {k: (nfd(_label(k, v, events=True)) if isinstance(v, str) else v) for k, v in r.items()}
            for r in content.events
        ],
        content.years,
    )
    decomposed.write(root / "T14_nfd.xlsx")
    corpus.add(Item("T14_nfd.xlsx", "nfd", "consolidated", code))
    corpus.members_by_org[code] = len(content.members)

    # TCVN3 (.VnTime) and VNI (VNI-Times) text with the matching fonts.
    for code, enc, font, fname in (
        ("T15", to_tcvn3, ".VnTime", "T15_tcvn3.xlsx"),
        ("T16", to_vni, "VNI-Times", "T16_vni.xlsx"),
    ):
        content = keep(legacy_content(code))
        org(code)
        encoded = SubmissionRows(
            content.info,
            [
                {
                    k: (enc(_label(k, v)) if isinstance(v, str) and k not in ("card_no",) else v)
                    for k, v in r.items()
                }
                for r in content.members
            ],
            content.events,
            content.years,
        )
        path = encoded.write(root / fname)
        text_cols = [f.key for f in layout.MEMBERS.fields if f.kind in ("text", "category")]

        def set_font(
            wb: Any, font: str = font, text_cols: list[str] = text_cols, n: int = len(content.members)
        ) -> None:
            ws = wb[layout.SHEET_MEMBERS]
            for r in range(2, 2 + n):
                for key in text_cols:
                    ws[f"{layout.MEMBERS.letter(key)}{r}"].font = Font(name=font, size=13)

        _patch_openpyxl(path, set_font)
        corpus.add(Item(fname, enc.__name__, "consolidated", code))
        corpus.members_by_org[code] = len(content.members)

    # Strings that would be formulas, in names, notes, organisation name, phone, decisions;
    # the file itself is named like a formula too.
    code = org("T17", FORMULA_LIKE[4])
    content = keep(clean_content(code, names, n_members=4, org_name=FORMULA_LIKE[4]))
    content.info["phone"] = FORMULA_LIKE[5]
    content.info["secretary"] = FORMULA_LIKE[3]
    content.members[0]["full_name"] = FORMULA_LIKE[0]
    content.members[1]["note"] = FORMULA_LIKE[1]
    content.members[2]["note"] = FORMULA_LIKE[2]
    content.members[3]["note"] = FORMULA_LIKE[7]
    content.events[0]["decision_no"] = FORMULA_LIKE[6]
    corpus.people.append((FORMULA_LIKE[0], content.members[0]["birth_date"]))
    content.write(root / "=T17+1.xlsx")
    corpus.add(Item("=T17+1.xlsx", "formula_strings", "consolidated", code))
    corpus.members_by_org[code] = len(content.members)
    # …and one where a formula-like string is an invalid category (echoed in Kiểm tra).
    code = org("T20")
    content = keep(clean_content(code, names, n_members=3))
    content.members[0]["gender"] = FORMULA_LIKE[0]
    content.members[1]["occupation"] = FORMULA_LIKE[3]
    content.write(root / "T20_gia_tri_la.xlsx")
    corpus.add(Item("T20_gia_tri_la.xlsx", "formula_category", "excluded", code))

    # Errors whose offending values are personal data (a birth date, a duplicated person):
    # `Kiểm tra` must show them to the clerk, unless --no-personal-data.
    code = org("T21")
    content = keep(clean_content(code, names, n_members=4))
    content.members[0]["birth_date"] = FUTURE_BIRTH_DATE
    content.members[3].update(
        full_name=content.members[2]["full_name"], birth_date=content.members[2]["birth_date"]
    )
    corpus.people.append((content.members[0]["full_name"], FUTURE_BIRTH_DATE))
    content.write(root / "T21_du_lieu_ca_nhan.xlsx")
    corpus.add(Item("T21_du_lieu_ca_nhan.xlsx", "personal_values", "excluded", code))

    # A date cell holding a huge negative number (calamine panics turning it into a date).
    code = org("T22")
    content = keep(clean_content(code, names, n_members=3))
    add_bytes(
        "T22_ngay_am.xlsx",
        with_number(OoxmlPackage(submission_bytes(content, scratch)), layout.SHEET_MEMBERS, "C2", -(10**12)),
        "negative_date",
        "excluded",
        code,
    )

    # Two files for one organisation: both are refused.
    code = org("T18")
    for suffix in ("a", "b"):
        content = keep(clean_content(code, names, n_members=3, seed=ord(suffix)))
        content.write(root / f"T18_{suffix}.xlsx")
        corpus.add(Item(f"T18_{suffix}.xlsx", f"duplicate_org_{suffix}", "excluded", code))

    orgs.append(Organisation("T99", "Chi bộ chưa nộp", "chi_bo_truc_thuoc", "to_dan_pho"))
    corpus.registry = Registry(orgs)
    for p in scratch.iterdir():
        p.unlink()
    scratch.rmdir()
    return corpus


_EVENT_CATEGORY_KEYS = {f.key for f in layout.EVENTS.fields if f.kind == "category"}
_MEMBER_CATEGORY = {f.key: f.vocab for f in layout.MEMBERS.fields if f.vocab is not None}
_EVENT_CATEGORY = {f.key: f.vocab for f in layout.EVENTS.fields if f.vocab is not None}


def _label(key: str, value: str, events: bool = False) -> str:
    """A category code as its label (so it can be re-encoded); other text unchanged."""
    voc = (_EVENT_CATEGORY if events else _MEMBER_CATEGORY).get(key)
    if voc is not None and value in voc.codes:
        return voc.label(value)
    return value


def legacy_content(org_code: str) -> SubmissionRows:
    """A submission whose names and categories can all be written in TCVN3 and VNI (names from
    a source of their own that only gives such names)."""
    names = NameSource(f"legacy-{org_code}", accept=legacy_writable)
    content = clean_content(org_code, names, n_members=5)
    for row in content.members:
        row.update(prof_level="university", note="Ghi chú")
    return content


def personal_strings(people: Sequence[tuple[str, dt.date]]) -> list[str]:
    """Every form in which a name or birth date could leak into an output."""
    out: set[str] = set()
    for name, birth in people:
        out.add(name)
        out.add(birth.strftime("%d/%m/%Y"))
        out.add(birth.isoformat())
    return sorted(out)


# --------------------------------------------------------------------------------------------
# One corpus per test session, shared by the hostile test modules
# --------------------------------------------------------------------------------------------

_SESSION: dict[str, Any] = {}


def session_corpus(tmp_path_factory: Any) -> Corpus:
    """The full corpus, built once per test process whichever module asks first."""
    if "corpus" not in _SESSION:
        _SESSION["corpus"] = build_corpus(tmp_path_factory.mktemp("hostile") / "nop")
    return _SESSION["corpus"]


def session_cached(key: str, make: Callable[[], Any]) -> Any:
    """Any other expensive value computed once per test process (e.g. CLI runs on the corpus)."""
    if key not in _SESSION:
        _SESSION[key] = make()
    return _SESSION[key]


# --------------------------------------------------------------------------------------------
# Inspecting outputs
# --------------------------------------------------------------------------------------------

_F_RE = re.compile(r"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_C_RE = re.compile(r'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → part name of an .xlsx (through workbook.xml and its relationships)."""
    pkg = OoxmlPackage.__new__(OoxmlPackage)
    pkg.parts = {n: zf.read(n) for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")}
    names = re.findall(r'<sheet [^>]*name="([^"]+)"', pkg.text("xl/workbook.xml"))
    from html import unescape

    return {unescape(n): pkg.sheet_part(unescape(n)) for n in names}


def output_formulas(path: Path) -> list[tuple[str, str, str]]:
    """Every formula of every sheet of an .xlsx: (sheet, cell, formula text)."""
    from html import unescape

    found = []
    with zipfile.ZipFile(path) as zf:
        for sheet, part in _sheet_parts(zf).items():
            xml = zf.read(part).decode("utf-8")
            for cell in _C_RE.finditer(xml):
                for f in _F_RE.finditer(cell.group(2) or ""):
                    found.append((sheet, cell.group(1), unescape(f.group(1) or "")))
    return found


def sheet_texts(path: Path) -> dict[str, str]:
    """All text of each sheet of an .xlsx (cell values, with the chart XML under the sheet that
    holds the charts), for leak searches; cached per file content."""
    stat = path.stat()
    return dict(_sheet_texts(str(path), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=8)
def _sheet_texts(path_text: str, mtime_ns: int, size: int) -> dict[str, str]:
    path = Path(path_text)
    from openpyxl import load_workbook as _load

    wb = _load(path, read_only=True, data_only=False)
    out: dict[str, str] = {}
    for ws in wb.worksheets:
        parts = []
        for row in ws.iter_rows(values_only=True):
            parts.extend(str(v) for v in row if v is not None)
        out[ws.title] = "\n".join(parts)
    wb.close()
    with zipfile.ZipFile(path) as zf:
        charts = "\n".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/charts/"))
        drawings = {n for n in zf.namelist() if n.startswith("xl/drawings/")}
        for sheet, part in _sheet_parts(zf).items():
            rels = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
            if rels in zf.namelist() and "drawing" in zf.read(rels).decode() and drawings:
                out[sheet] = out.get(sheet, "") + "\n" + charts
    return out


def leaks(text: str, secrets: Sequence[str]) -> list[str]:
    return [s for s in secrets if s and s in text]


# --------------------------------------------------------------------------------------------
# Running the command line as the clerk would, with bounded memory and time
# --------------------------------------------------------------------------------------------

MEMORY_LIMIT = 2 * GIB
CLI_TIMEOUT = 300  # a guard against hangs, not a performance assertion


@dataclass
class CliRun:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False


def limit_memory() -> None:
    """preexec_fn of the child: a 2 GiB address space (an inflated bomb would not fit)."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def start_cli(args: Sequence[str], cwd: Path) -> Any:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "PYTHONIOENCODING": "utf-8",
        "OPENBLAS_NUM_THREADS": "1",
        "NO_COLOR": "1",
        "RUST_BACKTRACE": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "toolkit.cli", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=limit_memory,
    )
    proc.ward_args = list(args)  # type: ignore[attr-defined]
    return proc


def finish_cli(proc: Any, timeout: float = CLI_TIMEOUT) -> CliRun:
    import subprocess

    try:
        out, err = proc.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        timed_out = True
    return CliRun(
        proc.ward_args,
        proc.returncode,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        timed_out,
    )
