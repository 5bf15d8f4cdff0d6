"""Atomic file output: complete new bytes beside the target, then one rename.

Everything the toolkit writes goes through here, so an output is either the complete new
file or the previous one, never a half-written file, even when the run is interrupted.

- `atomic_path` / `atomic_write_bytes`: one file. A hidden temporary file in the target's
  folder (same filesystem, so `os.replace` is atomic), renamed into place when complete;
  `atomic_write_bytes` writes the bytes into an anonymous file first where the system allows
  it, as `stage` does. Both first remove the temporary files that writers killed earlier left
  in that folder (`sweep_plain_temps`), so a file killed while being written (the work lists,
  with members' names) does not stay beside its target.
- `stage` / `Staged`: the building blocks of publishing several outputs as one unit
  (`toolkit.outputs.publish`). Where the system allows it (Linux), the bytes are first
  written to an anonymous file (`O_TMPFILE`) that has no name until it is linked beside its
  target just before the renames, so a process killed while writing leaves nothing behind.

Temporary names start with `.~ws-tmp-` (hidden, recognisable, skipped when a folder of
submissions is scanned) and carry the writer's process id, so that `sweep_stale_temps` can
tell the leftovers of a killed run from the files of a live one (`_pid_alive`: on Windows the
kernel is asked, `windows_pid_alive`). They are not given Windows' hidden attribute: a rename
keeps it, so every rename, the sweep's included, would have to clear it first, and one that did
not would leave an output the clerk cannot see in Explorer. Every failure of the file
system becomes an `OutputError` naming the file (the target, never the temporary name), in
Vietnamese, XlsxWriter's `FileCreateError` included (`os_error_in`).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import secrets
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from toolkit.core.errors import (
    OutputError,
    file_in_the_way,
    note_consolidation_interrupted,
    note_left_as_is,
    os_error_text,
)

TEMP_PREFIX = ".~ws-tmp-"
# .~ws-tmp-p<pid>-<hex>-<name> (one file) and .~ws-tmp-<k><run>-p<pid>-<i>of<n>f<first>-<name>
# (the i-th of the n outputs of a run, renamed in the order i; `first` is the index of the
# run's first output in the same folder; `k` says how a killed run's file may be completed:
# JOINT_TEMP, an output that must agree with the others, or SINGLE_TEMP, one that stands alone:
# `sweep_stale_temps`).
_PLAIN_TEMP = re.compile(r"^\.~ws-tmp-p(\d+)-[0-9a-f]+-(.+)$")
_RUN_TEMP = re.compile(r"^\.~ws-tmp-([rs])([0-9A-Za-z-]+)-p(\d+)-(\d+)of(\d+)f(\d+)-(.+)$")
# A consolidation's workbook, JSON and report (`toolkit.outputs.publish.JOINT_KINDS`).
JOINT_TEMP = "r"
# A template, an upgraded file, a feedback workbook: each file stands alone.
SINGLE_TEMP = "s"
# The count of outputs a run's length checks assume unless told (`_longest_tag`): two-digit indices.
TWO_DIGITS = 99


def write_failure(target: Path, exc: OSError) -> OutputError:
    """The Vietnamese error for a write to `target` that failed, naming the file."""
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return OutputError(
            f"Không ghi được tệp \u201c{target}\u201d: không có quyền ghi vào thư mục, hoặc tệp đang "
            "được mở trong chương trình khác (Excel?). Hãy đóng tệp hoặc chọn thư mục khác rồi chạy "
            "lại; tệp cũ (nếu có) vẫn giữ nguyên."
        )
    return OutputError(
        f"Không ghi được tệp \u201c{target}\u201d: {os_error_text(exc)}. Tệp cũ (nếu có) vẫn giữ "
        "nguyên; hãy xử lý rồi chạy lại."
    )


def folder_failure(folder: Path, exc: OSError) -> OutputError:
    """The Vietnamese error for a folder that could not be made for outputs (`--feedback`'s
    folder, `template --out`, `demo`), naming it as a folder: `user_message`'s words for a
    PermissionError call it a file "open in another program", and `write_failure`'s too
    (hunt228 F1). Without the right to write, the folder named is the one it would be made in."""
    folder = Path(folder)
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        parent = folder.parent
        while not os.path.lexists(parent) and parent.parent != parent:
            parent = parent.parent
        return OutputError(
            f"Không tạo được thư mục \u201c{folder}\u201d: không có quyền ghi vào thư mục "
            f"\u201c{parent}\u201d. Hãy chọn thư mục khác, hoặc xin cấp quyền ghi vào thư mục đó, "
            "rồi chạy lại."
        )
    return OutputError(
        f"Không tạo được thư mục \u201c{folder}\u201d: {os_error_text(exc)}. Hãy xử lý rồi chạy lại."
    )


def folder_not_entered(folder: Path, exc: OSError) -> OutputError:
    """The Vietnamese error for an output folder that cannot even be looked at (`os.stat` denied:
    a folder above it the user may not enter). When the folder is known to be missing (listed
    in its parent without it), it is one that cannot be made (`folder_failure`); otherwise it
    may well be there, and "could not make it" was wrong (review231 R5): the folder that cannot
    be entered is named, the nearest above it that can be looked at."""
    folder = Path(folder)
    try:
        missing = folder.name not in os.listdir(folder.parent)
    except OSError:
        missing = False  # not even listed: whether it is there cannot be known
    if missing:
        return folder_failure(folder, exc)
    closed = folder.parent
    while closed.parent != closed:
        try:
            os.stat(closed)
            break
        except OSError:
            closed = closed.parent
    return OutputError(
        f"Không mở được thư mục \u201c{folder}\u201d: không có quyền vào thư mục \u201c{closed}\u201d. "
        "Hãy chọn thư mục khác, hoặc xin cấp quyền vào thư mục đó, rồi chạy lại."
    )


def make_folders(folder: Path) -> list[Path]:
    """Make `folder` and the folders missing above it for outputs; returns those made, deepest
    first. When it cannot be made, the ones made before the failure are removed again (each only
    when empty: never one that was there before or that holds anything) and `folder_failure`
    says why: a name too long, a full or read-only disk, left the folders above it made
    (review231: `template --out`, `--blank-registry` and `demo` left "a/b" of "a/b/<long>")."""
    folder = Path(folder)
    missing: list[Path] = []
    at = folder
    while not os.path.lexists(at) and at.parent != at:
        missing.append(at)
        at = at.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        for made in missing:  # deepest first; those made before the failure
            with contextlib.suppress(OSError):
                made.rmdir()
        raise folder_failure(folder, exc) from None
    return missing


def os_error_in(exc: BaseException) -> OSError | None:
    """The file system's error a writer failed on: `exc` itself, or the `OSError` that
    XlsxWriter wraps in its `FileCreateError` (no `OSError`) when it cannot create or write its
    file; None for any other error. (XlsxWriter's exceptions are looked up only when it has
    been imported: otherwise the error cannot be one of them.)"""
    if isinstance(exc, OSError):
        return exc
    xlsxwriter_errors = sys.modules.get("xlsxwriter.exceptions")
    if xlsxwriter_errors is None or not isinstance(exc, xlsxwriter_errors.FileCreateError):
        return None
    for wrapped in (*exc.args, exc.__cause__, exc.__context__):
        if isinstance(wrapped, OSError):
            return wrapped
    return OSError(errno.EIO, str(exc))


def folder_problem(folder: Path) -> str | None:
    """Why no file can be written into `folder` (in Vietnamese), or None when it is a folder."""
    if folder.is_dir():
        return None
    blocker = file_in_the_way(folder)
    if blocker is not None:
        return f"\u201c{blocker}\u201d là một tệp, không phải thư mục"
    return f"thư mục \u201c{folder}\u201d không tồn tại"


def check_target(
    target: Path,
    *,
    run_output: bool = False,
    outputs: int = TWO_DIGITS,
    label: str = "tệp",
    measure: bool = True,
) -> None:
    """Refuse a target whose folder is missing (or a file), that is a folder or not a regular
    file, or, for an output of a run (`run_output`: its temporary name ends with the target's
    whole name, which a killed run's renames need: `run_temp_name`), whose temporary file the
    system would refuse (`probe_temp_name`: a name too long once the prefix is added), naming
    the target. A single file's temporary name is shortened instead (`temp_path_for`), so any
    name the system takes can be written that way. On Windows without long paths, a target
    whose longest path written (its temporary file's) is over `WINDOWS_MAX_PATH` is refused
    too (`long_path_problem`), and on Windows a workbook whose own path is longer than Excel
    opens (`EXCEL_MAX_PATH`); `label` is how that refusal names the target. `outputs`: how
    many files the run writes at most (the indices its temporary names carry: `_longest_tag`).
    Without `measure` (a file its own writer changes in place, the history: SQLite), the
    length is not judged here."""
    folder = target.parent
    problem = folder_problem(folder)
    if problem is not None:
        raise OutputError(f"{problem[:1].upper()}{problem[1:]}; không thể ghi tệp \u201c{target.name}\u201d.")
    if measure and (too_long := long_path_problem(target, label, run_output=run_output, outputs=outputs)):
        raise OutputError(too_long)
    if run_output:
        try:
            probe_temp_name(target, outputs)
        except OSError as exc:
            raise write_failure(target, exc) from None
    if target.is_dir():
        raise OutputError(
            f"\u201c{target}\u201d là một thư mục, không phải tệp; hãy ghi cả tên tệp (ví dụ "
            f"\u201c{target / 'ten_tep'}\u201d với đuôi phù hợp)."
        )
    if os.path.lexists(target) and not target.is_file():
        raise OutputError(
            f"\u201c{target}\u201d không phải tệp thông thường (thiết bị, FIFO, socket hay liên kết "
            "hỏng); không ghi đè lên đó. Hãy chọn tên tệp khác."
        )


# MAX_PATH (260) less the terminating NUL: the longest path Windows takes where long paths are
# not enabled.
WINDOWS_MAX_PATH = 259


def short_paths_only() -> bool:
    """Whether this system refuses paths longer than `WINDOWS_MAX_PATH`: Windows, unless long
    paths are enabled (the value `LongPathsEnabled` = 1 of the registry key `FileSystem` under
    HKEY_LOCAL_MACHINE; Python's own executables declare themselves long-path aware). The one platform
    predicate of the length check (`path_too_long`), so that a test can turn it on anywhere."""
    if sys.platform != "win32":
        return False
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SYSTEM\CurrentControlSet\Control\FileSystem") as key:
            enabled, _ = winreg.QueryValueEx(key, "LongPathsEnabled")
    except OSError:
        return True
    return enabled != 1


def path_length(path: Path) -> int:
    """The length of `path` as Windows counts it: the absolute path (a relative one is taken
    from the current folder), in UTF-16 units (a character beyond the BMP counts two)."""
    text = os.path.abspath(path)
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def path_too_long(path: Path, *, windows: bool | None = None) -> bool:
    """Whether `path` is longer than Windows takes without long paths; `windows`: whether that
    limit applies (None: this system's, `short_paths_only`)."""
    if windows is None:
        windows = short_paths_only()
    return windows and path_length(path) > WINDOWS_MAX_PATH


# The longest full path (folder, name and suffix) Microsoft Excel opens or saves a workbook at,
# whether or not Windows takes long paths ("Filename is not valid", learn.microsoft.com:
# "fails-opening-long-folder-name-files"); shorter than `WINDOWS_MAX_PATH`.
EXCEL_MAX_PATH = 218
# The outputs Excel must open: ward-stats' workbooks (the JSON, reports, history are not).
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def excel_paths_limited() -> bool:
    """Whether the workbooks written here are opened by Excel, which refuses a path longer than
    `EXCEL_MAX_PATH` even where Windows takes long paths: Windows. The one platform predicate of
    that check (`excel_path_too_long`), so that a test can turn it on anywhere."""
    return sys.platform == "win32"


def excel_path_too_long(path: Path, *, windows: bool | None = None) -> bool:
    """Whether `path` names a workbook (`EXCEL_SUFFIXES`, any case) whose own path is longer than
    Excel opens; `windows`: whether that limit applies (None: this system's,
    `excel_paths_limited`)."""
    if Path(path).suffix.lower() not in EXCEL_SUFFIXES:
        return False
    if windows is None:
        windows = excel_paths_limited()
    return windows and path_length(path) > EXCEL_MAX_PATH


def longest_written_path(target: Path, *, run_output: bool = False, outputs: int = TWO_DIGITS) -> Path:
    """The longest path written to put `target` in place: its temporary file beside it, longer
    than the target by its hidden prefix (a run's output: `run_temp_name`, as long as
    `probe_temp_name` makes it for a run of at most `outputs` files; a single file:
    `temp_path_for`)."""
    if run_output:
        return target.parent / f"{TEMP_PREFIX}{_longest_tag(outputs)}-{target.name}"
    return temp_path_for(target)


# What to do about a path too long, for a file whose folder the clerk chooses (a cell, an option)…
SHORTER_FOLDER = (
    "chọn thư mục có đường dẫn ngắn hơn (ví dụ một thư mục ngay trong ổ đĩa, như \u201cD:\\TongHop\u201d) "
    "hoặc đặt tên tệp ngắn hơn"
)
# …and for one the buttons put beside the workbook (`phan_hoi`, `nang_cap`), whose folder only
# moves with the working folder; its name comes from a submission's.
MOVE_WORKING_FOLDER = (
    "chuyển thư mục làm việc (thư mục chứa tệp tổng hợp .xlsm có các nút bấm) vào nơi có đường dẫn "
    "ngắn hơn, ví dụ một thư mục ngay trong ổ đĩa như \u201cD:\\TongHop\u201d, hoặc đổi tên tệp bài "
    "nộp cho ngắn hơn"
)


def long_path_problem(
    target: Path,
    label: str = "tệp",
    *,
    run_output: bool = False,
    outputs: int = TWO_DIGITS,
    advice: str = SHORTER_FOLDER,
) -> str | None:
    """Why `target` cannot be written where paths are limited to `WINDOWS_MAX_PATH`, or, a
    workbook, opened by Excel (`EXCEL_MAX_PATH`, its own path: `excel_path_too_long`), in
    Vietnamese, naming it as `label`, with the lengths and what to do (`advice`), or None. When
    both limits are passed, the one that needs more characters cut is said: any cut shortens
    the target and its temporary file alike, so that cut makes both fit. Said before anything
    is read: otherwise the run fails only at the write, after reading every file (or the
    clerk's Excel cannot open what was written). `run_output`, `outputs`: how it is written
    (`longest_written_path`)."""
    windows_cut, excel_cut = _cuts(target, run_output=run_output, outputs=outputs)
    written = path_length(longest_written_path(target, run_output=run_output, outputs=outputs))
    own = path_length(target)
    # The lengths said are the absolute path's (`path_length`): that is the path quoted, and a
    # relative one as typed beside it, so that the clerk sees what is counted.
    absolute = os.path.abspath(target)
    typed = "" if absolute == str(target) else f" (\u201c{target}\u201d tính từ thư mục hiện tại)"
    named = f"{label[:1].upper()}{label[1:]} \u201c{absolute}\u201d{typed}"
    if excel_cut > windows_cut:
        return (
            f"{named} có đường dẫn quá dài để mở bằng Excel: đường dẫn dài {own} ký tự, mà Excel "
            f"không mở được tệp có đường dẫn dài hơn {EXCEL_MAX_PATH} ký tự (tính cả thư mục, tên "
            f"tệp và phần đuôi), kể cả khi Windows cho phép đường dẫn dài. Hãy rút ngắn ít nhất "
            f"{excel_cut} ký tự: {advice}, rồi chạy lại."
        )
    if not windows_cut:
        return None
    return (
        f"{named} có đường dẫn quá dài để ghi trên máy "
        f"này: khi ghi, chương trình tạo một tệp tạm cùng thư mục có đường dẫn dài {written} ký tự "
        f"(đường dẫn của chính tệp dài {own} ký tự), mà Windows chỉ cho phép tối đa "
        f"{WINDOWS_MAX_PATH} ký tự. Hãy rút ngắn ít nhất {windows_cut} ký tự: {advice}, "
        "rồi chạy lại."
    )


def _cuts(target: Path, *, run_output: bool = False, outputs: int = TWO_DIGITS) -> tuple[int, int]:
    """How many characters `target`'s path must lose to be written where paths are limited to
    `WINDOWS_MAX_PATH` (its longest written path, `longest_written_path`) and to be opened by
    Excel (`excel_path_too_long`), each 0 when that limit is not passed or does not apply."""
    longest = longest_written_path(target, run_output=run_output, outputs=outputs)
    windows_cut = path_length(longest) - WINDOWS_MAX_PATH if path_too_long(longest) else 0
    excel_cut = path_length(target) - EXCEL_MAX_PATH if excel_path_too_long(target) else 0
    return windows_cut, excel_cut


def long_path_cut(target: Path, *, run_output: bool = False, outputs: int = TWO_DIGITS) -> int:
    """The characters `target`'s folder must lose for `long_path_problem` to find nothing: of
    files in one folder (or under it), the one with the largest cut names the cut for all."""
    return max(_cuts(target, run_output=run_output, outputs=outputs))


def _longest_tag(outputs: int = TWO_DIGITS) -> str:
    """The longest tag a temporary name of this process puts before the target's name
    (`run_temp_name`) in a run of at most `outputs` files: a run id (`model.new_run_id`), this
    process's id (the probe runs in the process that writes), and three indices below `outputs`
    (the file's, the count, the folder's first), of its digits, two at least (a run of a few
    outputs is measured as one of 99: a workbook, its JSON and the history are checked together
    or apart alike). Longer than a real tag by little, so that names a run can write are not
    refused; never shorter, so that a name the check passes is written (a `FileSet` of 150
    templates names its temporaries `…-120of150f0-…`)."""
    digits = max(len(str(TWO_DIGITS)), len(str(max(outputs, 1))))
    return f"r{'0' * 15}-{'0' * 8}-p{os.getpid()}-{'9' * digits}of{'9' * digits}f{'9' * digits}"


def probe_temp_name(target: Path, outputs: int = TWO_DIGITS) -> None:
    """Raise the system's `OSError` (ENAMETOOLONG) when a temporary file as long as any this
    module gives `target` cannot be named in its folder: a name the system accepts for the
    target may be too long with the hidden prefix (about 55 characters). Called before a run
    reads its inputs, so that such a name is refused then (naming the target, or its cell), not
    after every file is read, naming the temporary file. A name that is merely not there yet
    is no error."""
    longest = target.parent / f"{TEMP_PREFIX}{_longest_tag(outputs)}-{target.name}"
    try:
        os.lstat(longest)
    except (FileNotFoundError, NotADirectoryError):
        return


# The longest file name most file systems take, in bytes of its UTF-8 (NTFS counts 255 UTF-16
# units, which these bytes never undercount).
NAME_MAX_BYTES = 255


def temp_path_for(target: Path) -> Path:
    """A fresh hidden temporary path in the target's folder, ending with the target's name, or
    with as much of its end as fits in a name the system takes: a single file's temporary is
    only ever renamed to `target` or removed as a dead writer's (`sweep_plain_temps`), so the
    name it carries is for a reader only."""
    head = f"{TEMP_PREFIX}p{os.getpid()}-{secrets.token_hex(4)}-"
    room = NAME_MAX_BYTES - len(head.encode())
    tail = target.name
    while len(tail.encode()) > room:
        tail = tail[1:]
    return target.parent / f"{head}{tail}"


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Make renames durable where the platform allows it (POSIX); a no-op elsewhere."""
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
    check_target(target)
    sweep_plain_temps(target.parent)
    tmp = temp_path_for(target)
    try:
        yield tmp
        if not tmp.is_file():
            raise OutputError(f"Không tạo được tệp tạm để ghi \u201c{target.name}\u201d.")
        _fsync_file(tmp)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        failure = os_error_in(exc)
        if failure is not None:
            raise write_failure(target, failure) from None
        raise


def atomic_write_bytes(target: Path, data: bytes) -> Path:
    """Write `data` to `target` atomically; returns the target path. The bytes go into an
    anonymous file where the system allows it (`stage`), named only just before the rename, so
    a process killed while writing them leaves nothing behind."""
    target = Path(target)
    check_target(target)
    sweep_plain_temps(target.parent)
    staged = stage(target, data, temp_path_for(target))
    try:
        staged.name()
        os.replace(staged.temp, target)
    except OSError as exc:
        raise write_failure(target, exc) from None
    finally:
        staged.discard()  # nothing left once renamed
    fsync_dir(target.parent)
    return target


def atomic_write_text(target: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write `text` to `target` atomically, byte for byte (no newline translation)."""
    return atomic_write_bytes(target, text.encode(encoding))


# --------------------------------------------------------------------------------------------
# Staging the outputs of one run (see toolkit.outputs.publish)
# --------------------------------------------------------------------------------------------


@dataclass
class Staged:
    """One output's complete bytes on disk, not yet in place: an anonymous file (`fd`) until
    `name` links it as `temp`, or a named temporary file from the start."""

    target: Path
    temp: Path
    fd: int | None = None  # an O_TMPFILE descriptor, while the file has no name

    def name(self) -> None:
        """Give an anonymous file its temporary name (the moment before the renames)."""
        if self.fd is None:
            return
        root = os.open("/", os.O_RDONLY)
        try:
            # linkat(AT_SYMLINK_FOLLOW) of /proc/self/fd/N: the documented way to name an
            # O_TMPFILE file without privileges.
            os.link(f"proc/self/fd/{self.fd}", self.temp, src_dir_fd=root, follow_symlinks=True)
        finally:
            os.close(root)
        os.close(self.fd)
        self.fd = None

    def discard(self) -> None:
        """Forget the staged bytes (nothing is left on disk)."""
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None
        with contextlib.suppress(OSError):
            self.temp.unlink(missing_ok=True)


def run_temp_name(
    target: Path, run_id: str, index: int, count: int, first: int, *, joint: bool = False
) -> Path:
    """The temporary name of the `index`-th of `count` outputs of run `run_id`, whose first
    output in the same folder has the index `first`; `joint`: an output that must agree with the
    run's others (a consolidation's: `JOINT_TEMP`), else one that stands alone (`SINGLE_TEMP`),
    which decides how `sweep_stale_temps` completes it after a kill."""
    tag = f"{JOINT_TEMP if joint else SINGLE_TEMP}{run_id}-p{os.getpid()}-{index}of{count}f{first}"
    return target.parent / f"{TEMP_PREFIX}{tag}-{target.name}"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def stage(target: Path, data: bytes, temp: Path) -> Staged:
    """`data` written completely and flushed to disk, ready to be put in place as `target`
    (an `OutputError` naming the file when it cannot be)."""
    try:
        return stage_or_fail(target, data, temp)
    except OSError as exc:
        raise write_failure(target, exc) from None


def stage_or_fail(target: Path, data: bytes, temp: Path) -> Staged:
    """`stage`, raising the `OSError` itself (nothing is left on disk then): for a caller that
    says in its own words what a failure means."""
    tmpfile = getattr(os, "O_TMPFILE", 0)
    if tmpfile and os.path.exists("/proc/self/fd"):
        try:
            fd = os.open(target.parent, tmpfile | os.O_WRONLY, 0o666)
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
                raise
        else:  # no name yet: a process killed from here on leaves nothing behind
            staged = Staged(target, temp, fd)
            try:
                _write_all(fd, data)
            except BaseException:
                staged.discard()
                raise
            return staged
    staged = Staged(target, temp)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
    except BaseException:
        staged.discard()
        raise
    return staged


def _pid_alive(pid: int) -> bool:
    """Whether process `pid` may still be writing (the sweeps leave its files alone). A pid
    the system has since given to another process reads as alive: its files wait for a later
    run, never a live writer's removed. Windows asks the kernel (`windows_pid_alive`): there
    `os.kill(pid, 0)` sends Ctrl+C (signal 0 is CTRL_C_EVENT) instead of testing the process,
    and fails alike whether or not it exists."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        kernel32, last_error = _kernel32()
        return windows_pid_alive(pid, kernel32, last_error)
    return posix_pid_alive(pid)


def posix_pid_alive(pid: int) -> bool:
    """Whether process `pid` exists (POSIX: signal 0 only tests it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: alive
    return True


# What `windows_pid_alive` asks of kernel32 and reads back (winnt.h, winerror.h, minwinbase.h).
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
ERROR_ACCESS_DENIED = 5
ERROR_INVALID_PARAMETER = 87
STILL_ACTIVE = 259


class Kernel32(Protocol):
    """The three functions of Windows' kernel32 that `windows_pid_alive` calls."""

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int | None: ...

    def GetExitCodeProcess(self, handle: int, code: Any) -> int: ...

    def CloseHandle(self, handle: int) -> int: ...


def windows_pid_alive(pid: int, kernel32: Kernel32, last_error: Callable[[], int]) -> bool:
    """Whether process `pid` exists, as Windows' kernel says (`kernel32`, and `last_error`:
    the error of its last call). No handle: ERROR_INVALID_PARAMETER is no such process;
    ERROR_ACCESS_DENIED (another user's, a protected process) and any other error count as
    alive, so a writer's files are never removed on a doubt. A handle: alive while its exit
    code is STILL_ACTIVE (a process that ended with the code 259 reads as alive too: its files
    stay, as for a reused pid)."""
    import ctypes  # here: no other command needs it (milliseconds at every start)

    handle = kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return last_error() != ERROR_INVALID_PARAMETER
    try:
        code = ctypes.c_ulong()  # a DWORD
        if not kernel32.GetExitCodeProcess(handle, ctypes.pointer(code)):
            return True  # cannot tell: alive
        return code.value == STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


@functools.cache
def _kernel32() -> tuple[Kernel32, Callable[[], int]]:
    """Windows' kernel32 (an instance of our own, whose prototypes set here touch no other
    user of `ctypes.windll`), and how to read the error of its last call. The standard
    library's ctypes: psutil would add a compiled package to the offline bundle for one call."""
    if sys.platform != "win32":
        raise OSError(errno.ENOSYS, "kernel32 is Windows'")
    import ctypes
    from ctypes import wintypes

    dll = ctypes.WinDLL("kernel32", use_last_error=True)
    dll.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    dll.OpenProcess.restype = wintypes.HANDLE
    dll.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    dll.GetExitCodeProcess.restype = wintypes.BOOL
    dll.CloseHandle.argtypes = (wintypes.HANDLE,)
    dll.CloseHandle.restype = wintypes.BOOL
    return dll, ctypes.get_last_error


def sweep_plain_temps(folder: Path) -> None:
    """Remove the temporary files of single-file writes (`atomic_path`, `atomic_write_bytes`)
    that dead processes left in `folder`: a write killed half way (a power cut while the work
    lists were written) leaves a hidden full copy, names and birth dates included, that nothing
    else would remove. Only a dead writer's files go, and nothing is renamed, so no lock is
    needed; the files of runs (`run_temp_name`) are left to `sweep_stale_temps`."""
    try:
        entries = [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]
    except OSError:
        return
    for path in entries:
        plain = _PLAIN_TEMP.match(path.name)
        if plain and not _pid_alive(int(plain.group(1))):
            with contextlib.suppress(OSError):
                path.unlink()


def changed_at(info: os.stat_result) -> int:
    """When a file was last put or written where it is (ns): the latest of its modification
    time and, where the system keeps them, the time its entry last changed (POSIX `st_ctime`:
    a file moved or copied in with its original modification time kept, as `mv` and `cp -p`
    do) or it was created (Windows' `st_ctime` and `st_birthtime`: a copy made in Explorer
    keeps the original's modification time but is created now)."""
    stamps = [info.st_mtime_ns, info.st_ctime_ns]
    birth = getattr(info, "st_birthtime_ns", None)
    if isinstance(birth, int):
        stamps.append(birth)
    return max(stamps)


def unchanged_since(target: Path, temp: Path) -> bool:
    """Whether `target` is as a killed run judged it before it wrote `temp`, its new bytes:
    missing, or not put or written there later than `temp` was written (`changed_at` of the
    target not later than `temp`'s modification time). A target that cannot be looked at is
    taken as changed: nothing is renamed over a file on a doubt."""
    try:
        written = os.lstat(temp).st_mtime_ns
    except OSError:
        return False
    try:
        info = os.lstat(target)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return changed_at(info) <= written


def missing(target: Path) -> bool:
    """Whether nothing is at `target` (a target that cannot be looked at is there: nothing is
    renamed over a file on a doubt)."""
    try:
        os.lstat(target)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def sweep_stale_temps(folder: Path, reading: Callable[[Path], bool] | None = None) -> list[Path]:
    """Finish or remove what killed runs left in `folder` (call it holding the commit lock).

    A plain temporary file of a dead process is removed. The outputs of a run are renamed in
    the order of their index, each after all of them were named: when the run's first output
    in this folder is still there, none of them was renamed and the run's files are removed
    (the old outputs stay); when it is gone, the run died between two renames, and the rest
    are renamed too (the new outputs are completed), but only over a target that may still be
    the one the killed run judged (below). (Outputs spread over two folders are judged folder
    by folder: a run killed between a rename in one folder and the next in the other is
    completed in the first and not in the second; the run ids tell a reader.)

    A file that stands alone (`SINGLE_TEMP`: a template, an upgraded file, a feedback workbook)
    is completed only where its target is missing: no time stamp tells a file moved in since
    (on Windows a move keeps both the modification and the creation time) from the one the
    killed run judged, and a chi bộ's filled submission moved under a template's name must never
    be replaced by the blank template; the command run again writes it, or refuses, as usual.
    A consolidation's output (`JOINT_TEMP`: workbook, JSON, report, which must agree) is
    completed over a target unchanged since it was written (`unchanged_since`), so that the
    folder holds one run's outputs. Any other temporary file is removed, its target left as it
    is, and the target is returned (and noted, with its kind:
    `toolkit.core.errors.note_left_as_is`) so that the command says so (for a consolidation:
    that the folder's outputs may now come from two runs, and to consolidate again).

    A target the running command reads (`reading(target)`: an input of its publication, such
    as the JSON summary `report` was made from) is never completed over, whatever its kind:
    that command has read it already, and what it writes must agree with it. The temporary
    file is left where it is, for a later sweep, and noted (`note_left_as_is`, with its name).
    Whenever a consolidation's temporary files of a run of several outputs are completed,
    removed or left, the folder is noted (`toolkit.core.errors.note_consolidation_interrupted`):
    that run's outputs may be split between two runs (a folder completed, another rolled back)
    and its history record was never committed, so the command says to consolidate again.
    """
    sweep_plain_temps(folder)
    runs: dict[str, list[tuple[int, int, Path, str, bool, int]]] = {}
    kept: list[Path] = []
    try:
        entries = [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]
    except OSError:
        return kept
    for path in entries:
        run = _RUN_TEMP.match(path.name)
        if run and not _pid_alive(int(run.group(3))):
            index, first, joint = int(run.group(4)), int(run.group(6)), run.group(1) == JOINT_TEMP
            count = int(run.group(5))
            runs.setdefault(run.group(2), []).append((index, first, path, run.group(7), joint, count))
    for files in runs.values():
        files.sort()
        roll_forward = files[0][0] != files[0][1]
        for _, _, path, name, joint, count in files:
            target = folder / name
            if joint and count > 1:
                note_consolidation_interrupted(target)
            if roll_forward and reading is not None and reading(target):
                kept.append(target)
                note_left_as_is(target, joint=joint, temp=path)
                continue  # left for a later sweep: the input read stays as it was read
            complete = roll_forward and (unchanged_since(target, path) if joint else missing(target))
            if roll_forward and not complete:
                kept.append(target)
                note_left_as_is(target, joint=joint)
            with contextlib.suppress(OSError):
                if complete:
                    os.replace(path, target)
                else:
                    path.unlink()
    if runs:
        fsync_dir(folder)
    return kept
