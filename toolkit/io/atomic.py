"""Atomic file output: write to a hidden temporary file beside the target, then rename.

Everything the toolkit writes (workbooks, JSON, reports, templates) goes through
`atomic_path`, so an output is either the complete new file or the previous one, never a
half-written file, even when the run is interrupted. The temporary file lives in the target's folder (same
filesystem, so `os.replace` is atomic) and its name starts with a dot and `~ws-tmp-`, so it
is hidden, recognisable, and skipped when a folder of submissions is scanned.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from toolkit.core.errors import OutputError

TEMP_PREFIX = ".~ws-tmp-"


def temp_path_for(target: Path) -> Path:
    """A fresh hidden temporary path in the target's folder, ending with the target's name."""
    return target.parent / f"{TEMP_PREFIX}{secrets.token_hex(4)}-{target.name}"


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable where the platform allows it (POSIX); a no-op elsewhere."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target`, on error it vanishes.

    The caller must create the file at the yielded path. When the block raises, the
    temporary file is removed and an existing `target` is left byte-identical.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"Thư mục “{folder}” không tồn tại; không thể ghi tệp “{target.name}”.")
    if target.is_dir():
        raise OutputError(f"“{target}” là một thư mục, không phải tệp; hãy chọn tên tệp khác.")
    tmp = temp_path_for(target)
    try:
        yield tmp
        if not tmp.is_file():
            raise OutputError(f"Không tạo được tệp tạm để ghi “{target.name}”.")
        _fsync_file(tmp)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise OutputError(
                f"Không ghi đè được tệp “{target}”: tệp đang được mở trong chương trình khác "
                "(Excel?) hoặc không có quyền ghi. Hãy đóng tệp rồi chạy lại; tệp cũ vẫn giữ nguyên."
            ) from exc
        _fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(target: Path, data: bytes) -> Path:
    """Write `data` to `target` atomically; returns the target path."""
    target = Path(target)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target


def atomic_write_text(target: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write `text` to `target` atomically, byte for byte (no newline translation)."""
    return atomic_write_bytes(target, text.encode(encoding))
