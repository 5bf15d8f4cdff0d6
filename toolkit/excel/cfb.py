"""[MS-CFB] compound files: the OLE container a VBA project (`xl/vbaProject.bin`) lives in.

`write_compound_file` is a minimal writer (version 3, 512-byte sectors, no DIFAT) for the
streams `toolkit.excel.ovba` builds; `read_compound_file` reads any version-3 or version-4
file (DIFAT, mini stream) back, for `ward-stats doctor` and the tests. Both are bounded and
deterministic: the same streams always give the same bytes.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass

from toolkit.core.errors import WardStatsError

MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_SECTOR = 512
_MINI_SECTOR = 64
_MINI_CUTOFF = 4096
_DIFAT_IN_HEADER = 109
_FREESECT = 0xFFFFFFFF
_ENDOFCHAIN = 0xFFFFFFFE
_FATSECT = 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF
_MAX_SECTORS = 1 << 20  # a vbaProject.bin is kilobytes; bounds every chain walk


class CompoundFileError(WardStatsError):
    """The bytes are not a compound file this reader understands."""

    code = "error.compound_file"

    def __init__(self, reason: str) -> None:
        super().__init__(f"Tệp không có dự án VBA đọc được ({reason}).")


# --- writing --------------------------------------------------------------------------------


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[_Entry] | None = None
    sid: int = 0
    left: int = _NOSTREAM
    right: int = _NOSTREAM
    child: int = _NOSTREAM
    red: bool = False
    start: int = _ENDOFCHAIN


def _cfb_key(name: str) -> tuple[int, str]:
    # [MS-CFB] 2.6.4: shorter names sort first, then by upper-cased code points.
    return (len(name), name.upper())


def _build_tree(entries: list[_Entry]) -> int:
    """Link siblings as a balanced binary search tree; return the root's sid.

    Nodes on the deepest level are red, all others black: with a midpoint split every
    path to a leaf then has the same number of black nodes, so the tree is a valid
    red-black tree as [MS-CFB] 2.6.4 requires.
    """
    ordered = sorted(entries, key=lambda e: _cfb_key(e.name))
    depth_of: dict[int, int] = {}

    def build(lo: int, hi: int, depth: int) -> int:
        if lo >= hi:
            return _NOSTREAM
        mid = (lo + hi) // 2
        node = ordered[mid]
        depth_of[id(node)] = depth
        node.left = build(lo, mid, depth + 1)
        node.right = build(mid + 1, hi, depth + 1)
        return node.sid

    root = build(0, len(ordered), 0)
    max_depth = max(depth_of.values(), default=0)
    full = len(ordered) == 2 ** (max_depth + 1) - 1
    for node in ordered:
        node.red = not full and depth_of[id(node)] == max_depth and max_depth > 0
    return root


def _directory_entries(streams: dict[str, bytes]) -> list[_Entry]:
    """The storages and streams of `streams` ("STORAGE/STREAM" paths), numbered breadth-first
    (root = 0) with their sibling trees linked."""
    root = _Entry("Root Entry", 5, children=[])
    storages: dict[str, _Entry] = {"": root}
    for path in streams:
        parts = path.split("/")
        for depth in range(1, len(parts)):
            key = "/".join(parts[:depth])
            if key not in storages:
                entry = _Entry(parts[depth - 1], 1, children=[])
                storages["/".join(parts[: depth - 1])].children.append(entry)  # type: ignore[union-attr]
                storages[key] = entry
        parent = storages["/".join(parts[:-1])]
        parent.children.append(_Entry(parts[-1], 2, data=streams[path]))  # type: ignore[union-attr]
    entries: list[_Entry] = []
    queue = [root]
    while queue:
        entry = queue.pop(0)
        entry.sid = len(entries)
        entries.append(entry)
        queue.extend(entry.children or [])
    for entry in entries:
        if entry.children:
            entry.child = _build_tree(entry.children)
    root.red = False
    return entries


def _sectors(size: int) -> int:
    return -(-size // _SECTOR)


def _split_streams(entries: list[_Entry]) -> tuple[bytearray, list[int], list[_Entry]]:
    """Small streams go into the mini stream (64-byte mini sectors), big ones into sectors:
    returns the mini stream, its allocation table and the big streams."""
    mini_stream = bytearray()
    mini_fat: list[int] = []
    big: list[_Entry] = []
    for entry in entries:
        if entry.kind != 2:
            continue
        if len(entry.data) >= _MINI_CUTOFF:
            big.append(entry)
        elif not entry.data:
            entry.start = _ENDOFCHAIN
        else:
            count = -(-len(entry.data) // _MINI_SECTOR)
            entry.start = len(mini_fat)
            mini_fat += [len(mini_fat) + i + 1 for i in range(count - 1)] + [_ENDOFCHAIN]
            mini_stream += entry.data.ljust(count * _MINI_SECTOR, b"\x00")
    return mini_stream, mini_fat, big


def _header(fat_sectors: int, dir_start: int, minifat_start: int, minifat_sectors: int) -> bytes:
    header = bytearray(MAGIC + b"\x00" * 16)
    header += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
    header += b"\x00" * 6
    header += struct.pack(
        "<IIIIIIIII",
        0,
        fat_sectors,
        dir_start,
        0,
        _MINI_CUTOFF,
        minifat_start,
        minifat_sectors,
        _ENDOFCHAIN,
        0,
    )
    difat = list(range(fat_sectors)) + [_FREESECT] * (_DIFAT_IN_HEADER - fat_sectors)
    header += struct.pack(f"<{_DIFAT_IN_HEADER}I", *difat)
    assert len(header) == _SECTOR
    return bytes(header)


def _directory(entries: list[_Entry]) -> bytes:
    """The directory sectors: one 128-byte record per entry, padded with empty records."""
    directory = bytearray()
    for entry in entries:
        name = entry.name.encode("utf-16-le") + b"\x00\x00"
        if len(name) > 64:
            raise ValueError(f"name too long for a compound file entry: {entry.name!r}")
        directory += name.ljust(64, b"\x00")
        directory += struct.pack("<HBB", len(name), entry.kind, 0 if entry.red else 1)
        directory += struct.pack("<III", entry.left, entry.right, entry.child)
        directory += b"\x00" * 16 + struct.pack("<I", 0) + b"\x00" * 16  # clsid, state, times
        size = len(entry.data) if entry.kind != 1 else 0
        directory += struct.pack("<IQ", entry.start if entry.kind != 1 else 0, size)
    while len(directory) % _SECTOR:
        directory += b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0)
        directory += struct.pack("<III", _NOSTREAM, _NOSTREAM, _NOSTREAM) + b"\x00" * 48
    return bytes(directory)


def write_compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file holding `streams` ("STORAGE/STREAM" paths, one level deep or more)."""
    entries = _directory_entries(streams)
    root = entries[0]
    mini_stream, mini_fat, big = _split_streams(entries)
    dir_sectors = _sectors(len(entries) * 128)
    minifat_sectors = _sectors(len(mini_fat) * 4)
    ministream_sectors = _sectors(len(mini_stream))
    data_sectors = ministream_sectors + sum(_sectors(len(e.data)) for e in big)
    fat_sectors = 1
    while fat_sectors * (_SECTOR // 4) < fat_sectors + dir_sectors + minifat_sectors + data_sectors:
        fat_sectors += 1
    if fat_sectors > _DIFAT_IN_HEADER:
        raise ValueError("compound file too large for this writer (no DIFAT support)")

    fat: list[int] = [_FATSECT] * fat_sectors

    def chain(count: int) -> int:
        if count == 0:
            return _ENDOFCHAIN
        start = len(fat)
        fat.extend([start + i + 1 for i in range(count - 1)] + [_ENDOFCHAIN])
        return start

    dir_start = chain(dir_sectors)
    minifat_start = chain(minifat_sectors)
    root.start = chain(ministream_sectors)
    root.data = bytes(mini_stream)
    for entry in big:
        entry.start = chain(_sectors(len(entry.data)))
    fat += [_FREESECT] * (fat_sectors * (_SECTOR // 4) - len(fat))

    body = bytearray(struct.pack(f"<{len(fat)}I", *fat))
    body += _directory(entries)
    body += struct.pack(f"<{len(mini_fat)}I", *mini_fat).ljust(minifat_sectors * _SECTOR, b"\xff")
    body += root.data.ljust(ministream_sectors * _SECTOR, b"\x00")
    for entry in big:
        body += entry.data.ljust(_sectors(len(entry.data)) * _SECTOR, b"\x00")
    return _header(fat_sectors, dir_start, minifat_start, minifat_sectors) + bytes(body)


# --- reading --------------------------------------------------------------------------------


def _chain(start: int, table: list[int]) -> list[int]:
    out: list[int] = []
    while start < len(table) and len(out) < _MAX_SECTORS:
        out.append(start)
        start = table[start]
    return out


def _fat(data: bytes, size: int, sector: Callable[[int], bytes]) -> list[int]:
    """The file allocation table, from the header's DIFAT and any DIFAT sectors."""
    fat_count = struct.unpack_from("<I", data, 44)[0]
    difat_start, difat_count = struct.unpack_from("<II", data, 68)
    fat_sectors = list(struct.unpack_from(f"<{_DIFAT_IN_HEADER}I", data, 76))
    next_difat = difat_start
    for _ in range(difat_count):
        entries = struct.unpack(f"<{size // 4}I", sector(next_difat))
        fat_sectors += entries[:-1]
        next_difat = entries[-1]
    fat: list[int] = []
    for i in fat_sectors[:fat_count]:
        fat += struct.unpack(f"<{size // 4}I", sector(i))
    return fat


def read_compound_file(data: bytes) -> dict[str, bytes]:
    """Every stream of an OLE compound file, keyed by its path ("VBA/dir")."""
    if len(data) < _SECTOR or data[:8] != MAGIC:
        raise CompoundFileError("not an OLE compound file")
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 30)
    size = 1 << sector_shift
    dir_start, _, mini_cutoff, minifat_start, minifat_count = struct.unpack_from("<IIIII", data, 48)

    def sector(i: int) -> bytes:
        start = size + i * size  # sector 0 follows the header, which fills one sector
        if start >= len(data) or i >= _MAX_SECTORS:
            raise CompoundFileError(f"sector {i} lies outside the file")
        return data[start : start + size].ljust(size, b"\x00")

    fat = _fat(data, size, sector)
    directory = b"".join(sector(i) for i in _chain(dir_start, fat))
    minifat_bytes = b"".join(sector(i) for i in _chain(minifat_start, fat))[: minifat_count * size]
    minifat = list(struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes))
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        raise CompoundFileError("empty directory")
    root_start, root_size = struct.unpack_from("<IQ", entries[0], 116)
    mini_stream = b"".join(sector(i) for i in _chain(root_start, fat))[:root_size]
    mini_size = 1 << mini_shift

    def stream(entry: bytes) -> bytes:
        start, length = struct.unpack_from("<IQ", entry, 116)
        if length < mini_cutoff:
            parts = [mini_stream[i * mini_size : (i + 1) * mini_size] for i in _chain(start, minifat)]
        else:
            parts = [sector(i) for i in _chain(start, fat)]
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
