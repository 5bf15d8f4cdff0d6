"""Build a VBA project (`xl/vbaProject.bin`) from module source text, per [MS-OVBA].

Excel stores a workbook's macros in an OLE compound file holding the project's metadata
(`PROJECT`, `PROJECTwm`, `VBA/dir`, `VBA/_VBA_PROJECT`) and one stream per module with
the module's source, compressed with the MS-OVBA run-length/LZ77 scheme (§2.4.1).

We write source only: every module's MODULEOFFSET is 0 and `_VBA_PROJECT` declares the
version 0xFFFF, which tells Office that no compiled p-code (performance cache) is present,
so it compiles the project from the source text on open. The pinned xlwings ships its own
`quickstart_standalone.xlsm` in exactly this form for its `xlwings` module.

The streams go into an OLE compound file (`toolkit.excel.cfb`). Everything here is
deterministic (fixed project id, fixed seeds, no timestamps), so the same sources always give
the same bytes. Besides the writer, this module holds the
inverse operations (decompression, dir-stream parsing, data decryption) that the tests
use to check the writer round-trip against oletools' independent implementation.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from toolkit.excel.cfb import write_compound_file

# --- MS-OVBA 2.4.1: compression ---------------------------------------------------------------

_CHUNK = 4096


def _copy_token_help(difference: int) -> tuple[int, int, int]:
    """(length_mask, bit_count, maximum_length) of a copy token, per MS-OVBA 2.4.1.3.19.1."""
    bit_count = max((difference - 1).bit_length(), 4)
    length_mask = 0xFFFF >> bit_count
    return length_mask, bit_count, length_mask + 3


def _compress_chunk(data: bytes, start: int, end: int) -> bytes:
    """Compress data[start:end] (at most 4096 bytes) into a chunk body (tokens only).

    Greedy longest match; among equally long matches the nearest one, which is what the
    specification's reference algorithm (2.4.1.3.19.4 "Matching") produces.
    """
    out = bytearray()
    current = start
    while current < end:
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if current >= end:
                break
            difference = current - start
            length = 0
            offset = 0
            if difference > 0:
                # Longest L such that data[current:current+L] also starts in [start, current);
                # an occurrence may run into the current position (overlapping copies are valid).
                # rfind returns the nearest occurrence; lengths are clamped only afterwards.
                probe = 3
                while current + probe <= end:
                    pos = data.rfind(data[current : current + probe], start, current + probe - 1)
                    if pos < 0:
                        break
                    offset = current - pos
                    while current + probe < end and data[pos + probe] == data[current + probe]:
                        probe += 1
                    length = probe
                    probe += 1
                _, _, maximum_length = _copy_token_help(difference)
                length = min(length, maximum_length)
            if length >= 3:
                _, bit_count, _ = _copy_token_help(difference)
                token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                current += length
            else:
                out.append(data[current])
                current += 1
        out[flag_index] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1.3.6: a CompressedContainer holding `data`."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), _CHUNK):
        end = min(start + _CHUNK, len(data))
        body = _compress_chunk(data, start, end)
        if len(body) <= _CHUNK:
            header = (len(body) + 2 - 3) | (0b011 << 12) | 0x8000
            out += struct.pack("<H", header) + body
        else:
            # A raw chunk always holds 4096 bytes (2.4.1.3.10); only the last chunk can be
            # shorter, and it is padded. Text never gets here in practice.
            raw = data[start:end].ljust(_CHUNK, b"\x00")
            out += struct.pack("<H", (_CHUNK + 2 - 3) | (0b011 << 12)) + raw
    return bytes(out)


def decompress(container: bytes) -> bytes:
    """MS-OVBA 2.4.1.3.1: inverse of `compress` (strict: raises ValueError on bad input)."""
    if not container or container[0] != 0x01:
        raise ValueError("not a CompressedContainer (signature byte 0x01 missing)")
    out = bytearray()
    pos = 1
    while pos < len(container):
        if pos + 2 > len(container):
            raise ValueError("truncated chunk header")
        (header,) = struct.unpack_from("<H", container, pos)
        size = (header & 0x0FFF) + 3
        if (header >> 12) & 0b111 != 0b011:
            raise ValueError(f"bad chunk signature at {pos}")
        compressed = bool(header & 0x8000)
        chunk_end = min(pos + size, len(container))
        pos += 2
        chunk_start = len(out)
        if not compressed:
            out += container[pos : pos + _CHUNK]
            pos += _CHUNK
            continue
        while pos < chunk_end:
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if not flags & (1 << bit):
                    out.append(container[pos])
                    pos += 1
                    continue
                (token,) = struct.unpack_from("<H", container, pos)
                pos += 2
                length_mask, bit_count, _ = _copy_token_help(len(out) - chunk_start)
                length = (token & length_mask) + 3
                offset = (token >> (16 - bit_count)) + 1
                if offset > len(out) - chunk_start:
                    raise ValueError("copy token points before the chunk")
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)


# --- MS-OVBA 2.4.3: data encryption (CMG, DPB, GC of the PROJECT stream) ----------------------


def encrypt_data(project_id: str, data: bytes, seed: int) -> str:
    """Encrypt `data` as the hex text of a PROJECT-stream CMG/DPB/GC value."""
    version = 2
    proj_key = sum(project_id.encode("cp1252")) & 0xFF
    ignored_length = (seed & 6) // 2
    out = bytearray([seed, seed ^ version, seed ^ proj_key])
    unencrypted_1, encrypted_1, encrypted_2 = proj_key, out[2], out[1]
    plain = bytes([0x07] * ignored_length) + struct.pack("<I", len(data)) + data
    for byte in plain:
        enc = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(enc)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, enc, byte
    return out.hex().upper()


def decrypt_data(text: str) -> bytes:
    """Inverse of `encrypt_data` (the project id is not needed to decrypt)."""
    raw = bytes.fromhex(text)
    seed, version_enc, key_enc = raw[0], raw[1], raw[2]
    if seed ^ version_enc != 2:
        raise ValueError("unsupported encryption version")
    unencrypted_1, encrypted_1, encrypted_2 = seed ^ key_enc, key_enc, version_enc
    plain = bytearray()
    for enc in raw[3:]:
        byte = enc ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        plain.append(byte)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, enc, byte
    ignored = (seed & 6) // 2
    (length,) = struct.unpack_from("<I", plain, ignored)
    data = bytes(plain[ignored + 4 :])
    if len(data) != length:
        raise ValueError("encrypted data length mismatch")
    return data


# --- modules ----------------------------------------------------------------------------------

ModuleKind = Literal["procedural", "class", "document"]

# VB_Base values Excel writes for document modules and class modules.
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"

_VB_NAME = re.compile(r'^Attribute VB_Name = "([^"]+)"\s*$', re.MULTILINE)
_NEWLINES = re.compile(r"\r\n|\r|\n")


def crlf(text: str) -> str:
    """Normalise line ends to CRLF, the line separator of VBA module source."""
    return _NEWLINES.sub("\r\n", text)


@dataclass(frozen=True)
class Module:
    """One VBA module: its name, kind and source text exactly as stored (CRLF line ends)."""

    name: str
    kind: ModuleKind
    source: str
    docstring: str = ""

    @property
    def encoded(self) -> bytes:
        # Sources are kept ASCII: the project's code page is 1252 and Vietnamese captions live
        # in the workbook XML (buttons), never in VBA.
        return self.source.encode("ascii")


def procedural_module(text: str) -> Module:
    """A standard module from the text of a `.bas` file (its name from `Attribute VB_Name`)."""
    match = _VB_NAME.search(text)
    if not match or not text.startswith("Attribute VB_Name"):
        raise ValueError("a .bas module must start with its Attribute VB_Name line")
    return Module(match.group(1), "procedural", crlf(text))


def class_module(text: str) -> Module:
    """A class module from the text of a `.cls` file, stored as the VBA editor imports it.

    The export header (`VERSION 1.0 CLASS` … `END`) is not part of the stored source; the
    editor adds `VB_Base` after `VB_Name` and `VB_TemplateDerived`/`VB_Customizable` after
    `VB_Exposed`, and keeps the class description as the module's doc string.
    """
    lines = _NEWLINES.split(text)
    if lines and lines[0].startswith("VERSION "):
        end = lines.index("END")
        lines = lines[end + 1 :]
    match = _VB_NAME.match(lines[0] if lines else "")
    if not match:
        raise ValueError("a .cls module must have its Attribute VB_Name line after the header")
    attributes = []
    body_start = 0
    for i, line in enumerate(lines):
        if not line.startswith("Attribute "):
            body_start = i
            break
        attributes.append(line)
    present = {a.split("=")[0].split()[1] for a in attributes}
    stored: list[str] = []
    docstring = ""
    for attr in attributes:
        key = attr.split("=")[0].split()[1]
        stored.append(attr)
        if key == "VB_Name" and "VB_Base" not in present:
            stored.append(f'Attribute VB_Base = "{CLASS_BASE}"')
        if key == "VB_Exposed":
            if "VB_TemplateDerived" not in present:
                stored.append("Attribute VB_TemplateDerived = False")
            if "VB_Customizable" not in present:
                stored.append("Attribute VB_Customizable = False")
        if key == "VB_Description":
            docstring = attr.split("=", 1)[1].strip().strip('"').replace("\\r\\n", "\r\n")
    source = "\r\n".join(stored + lines[body_start:])
    return Module(match.group(1), "class", source, docstring)


def document_module(name: str, base: str) -> Module:
    """The (empty) code module behind the workbook or one of its sheets."""
    attributes = [
        f'Attribute VB_Name = "{name}"',
        f'Attribute VB_Base = "{base}"',
        "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False",
        "Attribute VB_PredeclaredId = True",
        "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = True",
    ]
    return Module(name, "document", "\r\n".join(attributes) + "\r\n")


# --- MS-OVBA 2.3.4.2: the dir stream ----------------------------------------------------------

CODE_PAGE = 1252
LCID = 0x0409
SYSKIND_WIN64 = 3

# Registered references of a default Excel project (MS-OVBA 2.3.4.2.2.5).
DEFAULT_REFERENCES: tuple[tuple[str, str], ...] = (
    (
        "stdole",
        r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb#OLE Automation",
    ),
    (
        "Office",
        r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#"
        r"C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL#"
        r"Microsoft Office 16.0 Object Library",
    ),
)


def _record(rid: int, payload: bytes) -> bytes:
    return struct.pack("<HI", rid, len(payload)) + payload


def _mbcs(text: str) -> bytes:
    return text.encode("cp1252")


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _dir_stream(
    project_name: str,
    modules: Sequence[Module],
    references: Sequence[tuple[str, str]],
    version: tuple[int, int],
) -> bytes:
    out = bytearray()
    out += _record(0x0001, struct.pack("<I", SYSKIND_WIN64))
    out += _record(0x0002, struct.pack("<I", LCID))
    out += _record(0x0014, struct.pack("<I", LCID))
    out += _record(0x0003, struct.pack("<H", CODE_PAGE))
    out += _record(0x0004, _mbcs(project_name))
    out += _record(0x0005, b"") + _record(0x0040, b"")  # doc string (+ unicode)
    out += _record(0x0006, b"") + _record(0x003D, b"")  # help file (+ second copy)
    out += _record(0x0007, struct.pack("<I", 0))  # help context
    out += _record(0x0008, struct.pack("<I", 0))  # lib flags
    out += struct.pack("<HIIH", 0x0009, 4, version[0], version[1])  # PROJECTVERSION
    out += _record(0x000C, b"") + _record(0x003C, b"")  # constants (+ unicode)
    for name, libid in references:
        out += _record(0x0016, _mbcs(name)) + _record(0x003E, _utf16(name))
        lib = _mbcs(libid)
        body = struct.pack("<I", len(lib)) + lib + struct.pack("<IH", 0, 0)
        out += _record(0x000D, body)
    out += _record(0x000F, struct.pack("<H", len(modules)))
    out += _record(0x0013, struct.pack("<H", 0xFFFF))  # project cookie
    for module in modules:
        out += _record(0x0019, _mbcs(module.name)) + _record(0x0047, _utf16(module.name))
        out += _record(0x001A, _mbcs(module.name)) + _record(0x0032, _utf16(module.name))
        out += _record(0x001C, _mbcs(module.docstring)) + _record(0x0048, _utf16(module.docstring))
        out += _record(0x0031, struct.pack("<I", 0))  # text offset: no p-code before the source
        out += _record(0x001E, struct.pack("<I", 0))  # help context
        out += _record(0x002C, struct.pack("<H", 0xFFFF))  # module cookie
        out += _record(0x0021 if module.kind == "procedural" else 0x0022, b"")
        out += _record(0x002B, b"")  # module terminator
    out += _record(0x0010, b"")  # dir terminator
    return bytes(out)


@dataclass(frozen=True)
class DirModule:
    name: str
    stream_name: str
    offset: int
    kind: Literal["procedural", "non-procedural"]
    docstring: str


@dataclass(frozen=True)
class DirInfo:
    code_page: int
    project_name: str
    references: list[str]
    modules: list[DirModule]


def parse_dir_stream(data: bytes) -> DirInfo:
    """Read back the records `_dir_stream` writes (for tests and diagnostics)."""
    pos = 0
    code_page = 0
    project_name = ""
    references: list[str] = []
    modules: list[DirModule] = []
    current: dict[str, object] = {}
    while pos < len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        if rid == 0x0009:  # PROJECTVERSION: Reserved(4)=4 is in the size slot
            pos += 12
            continue
        body = data[pos + 6 : pos + 6 + size]
        pos += 6 + size
        if rid == 0x0003:
            (code_page,) = struct.unpack("<H", body)
        elif rid == 0x0004:
            project_name = body.decode("cp1252")
        elif rid == 0x0016:
            references.append(body.decode("cp1252"))
        elif rid == 0x0019:
            current = {"name": body.decode("cp1252")}
        elif rid == 0x001A:
            current["stream_name"] = body.decode("cp1252")
        elif rid == 0x001C:
            current["docstring"] = body.decode("cp1252")
        elif rid == 0x0031:
            (current["offset"],) = struct.unpack("<I", body)
        elif rid in (0x0021, 0x0022):
            current["kind"] = "procedural" if rid == 0x0021 else "non-procedural"
        elif rid == 0x002B:
            modules.append(DirModule(**current))  # type: ignore[arg-type]
        elif rid == 0x0010:
            break
    return DirInfo(code_page, project_name, references, modules)


# --- MS-OVBA 2.3.1: the PROJECT and PROJECTwm streams ------------------------------------------

PROJECT_ID = "{2D3A6F1E-5B7C-4E8D-9A0B-1C2D3E4F5A6B}"  # fixed: builds are reproducible
_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"


def _project_stream(project_name: str, modules: Sequence[Module], project_id: str) -> bytes:
    # Not protected, no password, visible (MS-OVBA 2.3.1.15-17), encrypted per 2.4.3.
    protection = encrypt_data(project_id, bytes(4), 0x52)
    password = encrypt_data(project_id, bytes(1), 0x9C)
    visibility = encrypt_data(project_id, b"\xff", 0xA6)
    lines = [f'ID="{project_id}"']
    for m in modules:
        if m.kind == "document":
            lines.append(f"Document={m.name}/&H00000000")
        elif m.kind == "class":
            lines.append(f"Class={m.name}")
        else:
            lines.append(f"Module={m.name}")
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{protection}"',
        f'DPB="{password}"',
        f'GC="{visibility}"',
        "",
        "[Host Extender Info]",
        _HOST_EXTENDER,
        "",
        "[Workspace]",
        *(f"{m.name}=0, 0, 0, 0, C" for m in modules),
        "",
    ]
    return "\r\n".join(lines).encode("cp1252")


def _project_wm_stream(modules: Sequence[Module]) -> bytes:
    out = bytearray()
    for m in modules:
        out += _mbcs(m.name) + b"\x00" + _utf16(m.name) + b"\x00\x00"
    return bytes(out + b"\x00\x00")


# _VBA_PROJECT (2.3.4.1): Reserved1 0x61CC, Version 0xFFFF (no p-code: Office recompiles),
# Reserved2 0x00, Reserved3; no PerformanceCache.
VBA_PROJECT_STREAM = b"\xcc\x61\xff\xff\x00\x01\x00"


def build_vba_project(
    modules: Iterable[Module],
    *,
    project_name: str = "VBAProject",
    references: Sequence[tuple[str, str]] = DEFAULT_REFERENCES,
    version: tuple[int, int] = (1, 0),
    project_id: str = PROJECT_ID,
) -> bytes:
    """The bytes of a `vbaProject.bin` holding `modules` (source only, no p-code)."""
    modules = list(modules)
    names = [m.name.casefold() for m in modules]
    if len(set(names)) != len(names):
        raise ValueError("module names must be unique")
    for m in modules:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,30}", m.name):
            raise ValueError(f"invalid VBA module name {m.name!r}")
    streams: dict[str, bytes] = {
        "PROJECT": _project_stream(project_name, modules, project_id),
        "PROJECTwm": _project_wm_stream(modules),
        "VBA/_VBA_PROJECT": VBA_PROJECT_STREAM,
        "VBA/dir": compress(_dir_stream(project_name, modules, references, version)),
    }
    for m in modules:
        streams[f"VBA/{m.name}"] = compress(m.encoded)
    return write_compound_file(streams)
