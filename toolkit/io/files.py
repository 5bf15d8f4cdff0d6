"""Reading an input file the bounded way: regular files only, never more than a limit.

Every file the toolkit reads whole (a submission, the registry, a JSON summary, the saved
consolidation workbook) goes through `read_regular`. A FIFO, a device, a socket — or a link to
one, such as a link to /dev/zero — is refused before a byte is read (opening does not wait on
a FIFO), and no file is read beyond its limit, so nothing can hang a run or fill its memory.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from toolkit.core import vnformat
from toolkit.core.errors import WardStatsError, os_error_text

_CHUNK = 1 << 20
AnyPath = TypeVar("AnyPath", str, Path)
NOT_REGULAR = "không phải tệp thông thường (thiết bị, FIFO hay socket, hoặc liên kết tới chúng)"
NOT_PERMITTED = "không có quyền đọc tệp hoặc tệp đang bị khóa"


class FileRefused(WardStatsError):
    """A file that is not read; `reason` says why, in Vietnamese, for a message or an issue."""

    code = "error.input_file"

    def __init__(self, reason: str, *, too_large: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.too_large = too_large  # the size in bytes, when that is the reason


def resolved(path: str | os.PathLike[str]) -> Path:
    """`path` from the root with its symbolic links resolved (`Path.resolve`), or only made
    absolute (`os.path.abspath`) where they cannot be resolved: a link that points back at
    itself (a loop among the submissions) makes Python 3.11's `resolve` raise `RuntimeError`,
    not `OSError`, and a path taken from a folder listing or typed by the clerk must never end
    a run for that (hunt122 F5). Such a file is refused where it is read (`file.unreadable`),
    costing only its organisation's place; this is for comparing and linking paths."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return Path(os.path.abspath(path))


def megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


def over_limit(size: int, limit: int) -> str:
    """`size`, over `limit`, with its limit: ``"20,3 MB, tối đa 20 MB"``. The size takes as many
    decimals as it needs to read larger than the limit (whole megabytes would say ``"20 MB, tối
    đa 20 MB"`` of a file just over it), else it is said to be over: ``"hơn 20 MB, tối đa 20 MB"``."""
    shown = Decimal(limit) / 2**20
    for places in (0, 1, 2):
        text = vnformat.decimal(Decimal(size) / 2**20, places)
        if Decimal(text.replace(".", "").replace(",", ".")) > shown:
            return f"{text} MB, tối đa {megabytes(limit)}"
    return f"hơn {megabytes(limit)}, tối đa {megabytes(limit)}"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them; `FileRefused` otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileRefused("không tìm thấy tệp") from None
    except IsADirectoryError:
        raise FileRefused("đây là thư mục, không phải tệp") from None
    except PermissionError:
        if Path(path).is_dir():  # Windows refuses to open a folder as a file
            raise FileRefused("đây là thư mục, không phải tệp") from None
        raise FileRefused(NOT_PERMITTED) from None
    except OSError as exc:
        raise FileRefused(os_error_text(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileRefused("đây là thư mục, không phải tệp")
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(NOT_REGULAR)
        if info.st_size > limit:
            raise FileRefused(over_limit(info.st_size, limit), too_large=info.st_size)
        return _read_at_most(fd, limit, info.st_size)
    except PermissionError:  # a lock taken on part of the file (Windows): as one on all of it
        raise FileRefused(NOT_PERMITTED) from None
    except OSError as exc:
        raise FileRefused(os_error_text(exc)) from None
    finally:
        os.close(fd)


def _read_at_most(fd: int, limit: int, expected: int) -> bytes:
    """Up to `limit` bytes: the `expected` size in one read, then whatever the file grew by."""
    chunks: list[bytes] = []
    total = 0
    want = expected + 1
    while True:
        chunk = os.read(fd, min(want, limit + 1 - total))
        want = _CHUNK
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:  # the file grew while being read
            raise FileRefused(f"hơn {megabytes(limit)}", too_large=total)


def as_on_disk(typed: AnyPath, composed: AnyPath) -> AnyPath:
    """`typed` when it exists, else `composed` (the NFC spelling) when that one does, else the
    path whose missing parts are the entries of their folders spelled alike in another Unicode
    form (`_spelled_on_disk`); for a file to write, the same by its folder: a path that exists
    is never changed. The file system does not normalise names, so a folder typed in
    decomposed Unicode (Unikey's “Unicode tổ hợp”) is another folder than its composed
    spelling, which is the one on disk almost always; and a folder unzipped from an archive
    made on a Mac is named decomposed while its name is typed composed (hunt351)."""
    if os.path.exists(typed):
        return typed
    if os.path.exists(composed):
        return composed
    text = os.fspath(typed)
    if (found := _spelled_on_disk(text)) is not None:
        return _spelled_like(typed, found)
    # A file to write: by its folder.
    if os.path.isdir(os.path.dirname(typed)):
        return typed
    if os.path.isdir(os.path.dirname(composed)):
        return composed
    if (folder := _spelled_on_disk(os.path.dirname(text))) is not None:
        return _spelled_like(typed, os.path.join(folder, os.path.basename(text)))
    return typed


def _spelled_like(typed: AnyPath, found: str) -> AnyPath:
    return Path(found) if isinstance(typed, Path) else found


def _spelled_on_disk(path: str, depth: int = 0) -> str | None:
    """`path` with each part that is not there replaced by the one entry of its folder whose
    NFC spelling is the part's; None when a part has no such entry, or several."""
    if not path or os.path.lexists(path):
        return path or None
    head, tail = os.path.split(path)
    if not tail or depth > 64:
        return None
    parent = head if not head or os.path.isdir(head) else _spelled_on_disk(head, depth + 1)
    if parent is None:
        return None
    key = unicodedata.normalize("NFC", tail)
    try:
        names = [n for n in os.listdir(parent or os.curdir) if unicodedata.normalize("NFC", n) == key]
    except (OSError, ValueError):
        return None
    return os.path.join(parent, names[0]) if len(names) == 1 else None


def on_disk_spelling(text: str) -> str:
    """A path typed (on the command line) as `as_on_disk` finds it: as typed, unless only its
    NFC spelling, or a spelling in another Unicode form, is there."""
    return as_on_disk(text, unicodedata.normalize("NFC", text))
