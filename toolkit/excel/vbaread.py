"""Read the VBA module sources back out of an .xlsm (no Excel, no third-party OLE library).

`ward-stats doctor` needs the version of the xlwings VBA module a workbook embeds, to compare
it with the installed xlwings: the `.xlsm` from the bundle, or a standalone workbook a clerk
put together by hand. `toolkit.excel.ovba` writes the project; this module is its reader: a
small [MS-CFB] compound file reader (versions 3 and 4, DIFAT, mini stream) and the
[MS-OVBA] module streams, decompressed from the offsets recorded in the `dir` stream.
"""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

from toolkit.core.errors import WardStatsError
from toolkit.excel import ovba

_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_DIFAT_IN_HEADER = 109
_NOSTREAM = 0xFFFFFFFF
_MAX_SECTORS = 1 << 20  # a vbaProject.bin is kilobytes; bounds every chain walk


class CompoundFileError(WardStatsError):
    """The bytes are not a compound file this reader understands."""

    code = "error.compound_file"

    def __init__(self, reason: str) -> None:
        super().__init__(f"Tệp không có dự án VBA đọc được ({reason}).")


def read_compound_file(data: bytes) -> dict[str, bytes]:
    """Every stream of an OLE compound file, keyed by its path ("VBA/dir")."""
    if len(data) < 512 or data[:8] != _MAGIC:
        raise CompoundFileError("not an OLE compound file")
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 30)
    size = 1 << sector_shift
    (fat_count, dir_start, _, mini_cutoff, minifat_start, minifat_count, difat_start, difat_count) = (
        struct.unpack_from("<IIIIIIII", data, 44)
    )

    def sector(i: int) -> bytes:
        start = size + i * size  # sector 0 follows the header, which fills one sector
        if start >= len(data) or i >= _MAX_SECTORS:
            raise CompoundFileError(f"sector {i} lies outside the file")
        return data[start : start + size].ljust(size, b"\x00")

    fat_sectors = list(struct.unpack_from(f"<{_DIFAT_IN_HEADER}I", data, 76))
    next_difat = difat_start
    for _ in range(difat_count):
        entries = struct.unpack(f"<{size // 4}I", sector(next_difat))
        fat_sectors += entries[:-1]
        next_difat = entries[-1]
    fat: list[int] = []
    for i in fat_sectors[:fat_count]:
        fat += struct.unpack(f"<{size // 4}I", sector(i))

    def chain(start: int, table: list[int]) -> list[int]:
        out: list[int] = []
        while start < len(table) and len(out) < _MAX_SECTORS:
            out.append(start)
            start = table[start]
        return out

    directory = b"".join(sector(i) for i in chain(dir_start, fat))
    minifat_bytes = b"".join(sector(i) for i in chain(minifat_start, fat))[: minifat_count * size]
    minifat = list(struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes))
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        raise CompoundFileError("empty directory")
    root_start, root_size = struct.unpack_from("<IQ", entries[0], 116)
    mini_stream = b"".join(sector(i) for i in chain(root_start, fat))[:root_size]
    mini_size = 1 << mini_shift

    def stream(entry: bytes) -> bytes:
        start, length = struct.unpack_from("<IQ", entry, 116)
        if length < mini_cutoff:
            parts = [mini_stream[i * mini_size : (i + 1) * mini_size] for i in chain(start, minifat)]
        else:
            parts = [sector(i) for i in chain(start, fat)]
        return b"".join(parts)[:length]

    streams: dict[str, bytes] = {}
    seen: set[int] = set()

    def walk(sid: int, prefix: str) -> None:
        if sid == _NOSTREAM or sid in seen or sid >= len(entries):
            return
        seen.add(sid)
        entry = entries[sid]
        name_len, kind = struct.unpack_from("<HB", entry, 64)
        name = entry[: max(0, name_len - 2)].decode("utf-16-le", "replace")
        left, right, child = struct.unpack_from("<III", entry, 68)
        walk(left, prefix)
        walk(right, prefix)
        if kind == 2:
            streams[prefix + name] = stream(entry)
        elif kind == 1:
            walk(child, prefix + name + "/")

    walk(struct.unpack_from("<I", entries[0], 76)[0], "")
    return streams


def vba_sources(xlsm: Path) -> dict[str, str]:
    """The source of every module of the workbook's VBA project (empty when it has none)."""
    with zipfile.ZipFile(xlsm) as z:
        names = [n for n in z.namelist() if n.lower().endswith("vbaproject.bin")]
        if not names:
            return {}
        streams = read_compound_file(z.read(names[0]))
    storage = next((p.rsplit("/", 1)[0] for p in streams if p.rsplit("/", 1)[-1] == "dir"), "VBA")
    info = ovba.parse_dir_stream(ovba.decompress(streams[f"{storage}/dir"]))
    encoding = f"cp{info.code_page}" if info.code_page else "cp1252"
    sources: dict[str, str] = {}
    for module in info.modules:
        data = streams.get(f"{storage}/{module.stream_name}")
        if data is None:
            continue
        sources[module.name] = ovba.decompress(data[module.offset :]).decode(encoding, "replace")
    return sources


_VERSION_LINE = re.compile(r"^'Version:\s*(\S+)\s*$", re.MULTILINE)


def xlwings_module_version(source: str) -> str | None:
    """The `'Version: x.y.z` line xlwings writes at the top of its VBA module."""
    match = _VERSION_LINE.search(source)
    return match.group(1) if match else None


def embedded_xlwings_version(xlsm: Path) -> str | None:
    """Version of the xlwings VBA module inside `xlsm`, None when the workbook has none."""
    for name, source in vba_sources(xlsm).items():
        if name.lower() == "xlwings":
            return xlwings_module_version(source)
    return None
