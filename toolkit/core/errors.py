"""Every exception of the toolkit: one base with a stable code and a Vietnamese message.

The library raises these; the edges (CLI, Excel buttons) show `message_vi` and never a
traceback. Problems found *in the data* are not exceptions but `Issue` records
(`toolkit.core.rules`); an exception means the run itself cannot go on (a setting, a path,
an unreadable registry), and it may carry the issues that explain it.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import FrameType

    from toolkit.core.model import Issue


# Ctrl+C: the one line every edge prints, and the exit code a shell reports for it (128 + SIGINT).
INTERRUPTED_MESSAGE = "Đã dừng theo yêu cầu (Ctrl+C); các tệp kết quả cũ (nếu có) vẫn giữ nguyên."
EXIT_INTERRUPTED = 130

# What every error line of the command line starts with, its message then written as a sentence.
ERROR_PREFIX = "Lỗi: "


def error_line(message: str) -> str:
    """ "Lỗi: " and `message`, whose first word, a plain word, takes a capital: the usage errors'
    sentences start in lower case ("thư mục “x” không tồn tại."), the others' in upper case
    ("Không tìm thấy tệp…"), and both were printed after "Lỗi: " as they were (hunt175 F11). A
    first word that is a name (an option, a file, a quoted value: "--cutoff: …") is kept."""
    first = message.split(" ", 1)[0]
    if first.isalpha() and first[0].islower():
        message = message[0].upper() + message[1:]
    return ERROR_PREFIX + message


class _CtrlC:
    pressed = False
    written: list[str] = []  # files put in place for good since the command began (`note_written`)
    recorded: dict[str, str] = {}  # lines saying what else was kept for good (`note_recorded`)


def _on_ctrl_c(signum: int, frame: FrameType | None) -> None:
    _CtrlC.pressed = True
    raise KeyboardInterrupt


def watch_ctrl_c() -> None:
    """Remember a Ctrl+C of this process, and raise `KeyboardInterrupt` for it as Python does.

    A Ctrl+C that arrives while a library loads its compiled part may come out as that
    library's own error instead (numpy's import makes it an `ImportError`; a `RuntimeError`
    was seen too): the command line asks `ctrl_c_pressed` before it calls an error
    unexpected. Only where Python's own handler is set (not where SIGINT is ignored)."""
    import signal

    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_ctrl_c)


def ctrl_c_pressed() -> bool:
    """Whether Ctrl+C has been pressed since `watch_ctrl_c`."""
    return _CtrlC.pressed


def note_written(paths: Iterable[str | os.PathLike[str]]) -> None:
    """Remember files a command has put in place for good (a set of files committed together,
    `toolkit.outputs.publish.FileSet`): a Ctrl+C from then on names them instead of saying
    that the old files were kept (`interrupted_lines`)."""
    _CtrlC.written.extend(os.fspath(p) for p in paths)


def note_recorded(line: str, *, key: str | None = None) -> None:
    """Remember, as the line that says it, a change a command has made for good beyond the files
    it renames into place (a consolidation's record committed to the history, the files of a
    sample ward written one by one): a Ctrl+C from then on says it after the files written,
    instead of that no other file changed. A line noted under the same `key` replaces it."""
    _CtrlC.recorded[line if key is None else key] = line


class _LeftAsIs:
    # Targets a killed run's file was not completed over (`note_left_as_is`), with whether that
    # file was a consolidation's output, which must agree with the others, and, for a target the
    # command reads, the temporary file left beside it.
    paths: list[tuple[str, bool, str | None]] = []
    # Targets of a consolidation's temporary files a sweep found (`note_consolidation_interrupted`).
    interrupted: list[str] = []


def note_left_as_is(
    path: str | os.PathLike[str], *, joint: bool = False, temp: str | os.PathLike[str] | None = None
) -> None:
    """Remember a file that a killed run's temporary file was not renamed over
    (`toolkit.io.atomic.sweep_stale_temps`): a file that stands alone (`joint` false: a
    template, an upgraded file, feedback), because something was there, or a consolidation's
    output (`joint`), because the file changed after that run; or, whatever its kind, because
    the command reads it (`temp`: the temporary file, left where it is). The command says so
    when it ends (`left_as_is_lines`)."""
    _LeftAsIs.paths.append((os.fspath(path), joint, None if temp is None else os.fspath(temp)))


def note_consolidation_interrupted(target: str | os.PathLike[str]) -> None:
    """Remember that a sweep found the temporary file a killed consolidation (a run of several
    joint outputs) left for `target`, whatever it did with it (completed, removed, left): that
    run's outputs may be split between two runs, here or in its other folder, and its history
    record was never committed. The command says to consolidate again when it ends
    (`left_as_is_lines`), unless it wrote every such target of the folder itself
    (`note_written`: a consolidation run again)."""
    _LeftAsIs.interrupted.append(os.fspath(target))


def forget_left_as_is(paths: Iterable[str | os.PathLike[str]]) -> None:
    """Say nothing, when the command ends, of these files `note_left_as_is` remembered: the
    command itself writes each again or removes it (the earlier feedback of `validate
    --feedback`, which is the run's own to replace), so that a killed run's copy was not put
    over it is no news to the clerk."""
    gone = {os.fspath(p) for p in paths}
    _LeftAsIs.paths[:] = [entry for entry in _LeftAsIs.paths if entry[0] not in gone]


def left_as_is_lines() -> list[str]:
    """One Vietnamese line per file `note_left_as_is` remembered since the command began, then,
    for each folder where a consolidation's output was left as it is, or where a killed
    consolidation's temporary files were found (`note_consolidation_interrupted`) and not all
    of their targets were written by this command since, one line saying that a consolidation
    was interrupted, that the results may now come from two runs, and to consolidate again."""
    lines: list[str] = []
    folders: list[str] = []
    for path, joint, temp in dict.fromkeys(_LeftAsIs.paths):
        if temp is not None:
            lines.append(
                f"Lưu ý: giữ nguyên tệp “{path}” vì lệnh này đang đọc tệp đó: bản mới của tệp "
                "này do lần chạy trước bị ngắt giữa chừng để lại không được ghi đè lên tệp đang đọc, "
                f"mà vẫn để trong tệp tạm “{os.path.basename(temp)}” cùng thư mục"
                + (
                    "."
                    if joint
                    else "; nếu cần bản mới của tệp này, hãy tạo lại nó "
                    "(lần tạo trước đã bị ngắt giữa chừng)."
                )
            )
            if joint:
                folders.append(folder_of(path))
        elif joint:
            lines.append(
                f"Lưu ý: giữ nguyên tệp “{path}” vì tệp này đã thay đổi sau lần chạy trước bị "
                "ngắt giữa chừng; tệp mới của lần chạy ấy không được ghi đè lên tệp này mà đã bị xóa."
            )
            folders.append(folder_of(path))
        else:
            lines.append(
                f"Lưu ý: giữ nguyên tệp “{path}”: lần chạy trước bị ngắt giữa chừng khi chưa "
                "ghi tệp này, và tệp đang có có thể đã được đặt vào sau đó (ví dụ bài nộp được chuyển "
                "vào), nên tệp mới của lần chạy ấy không được ghi đè lên tệp này mà đã bị xóa; nếu cần "
                "bản mới, hãy chạy lại."
            )
    written = set(_CtrlC.written)
    by_folder: dict[str, list[str]] = {}
    for target in _LeftAsIs.interrupted:
        by_folder.setdefault(folder_of(target), []).append(target)
    folders.extend(folder for folder, targets in by_folder.items() if not all(t in written for t in targets))
    lines.extend(
        f"Lưu ý: một lần Tổng hợp trước đã bị ngắt giữa chừng khi đang ghi các tệp kết quả vào thư mục "
        f"“{folder}”: lần ấy không được ghi vào lịch sử tổng hợp, và các tệp kết quả tổng hợp "
        "(trong thư mục này và thư mục khác của lần ấy, nếu có) giờ có thể là của hai lần tổng hợp "
        "khác nhau; hãy chạy lại Tổng hợp (nút “Tổng hợp” hoặc lệnh ward-stats "
        "consolidate) để các tệp khớp nhau."
        for folder in dict.fromkeys(folders)
    )
    return lines


def forget_written() -> None:
    """A command begins: nothing written yet (nor left as it was: `note_left_as_is`)."""
    _CtrlC.written.clear()
    _CtrlC.recorded.clear()
    _LeftAsIs.paths.clear()
    _LeftAsIs.interrupted.clear()


def folder_of(path: str | os.PathLike[str]) -> str:
    """The folder of `path`, as a message names it: in full (a bare file name is in the current
    folder, which `os.path.dirname` gives as "": "vào thư mục “”", hunt173 D)."""
    try:
        return os.path.dirname(os.path.abspath(path))
    except OSError:  # the current folder is gone: as it was given
        return os.path.dirname(os.fspath(path)) or os.curdir


def interrupted_lines() -> list[str]:
    """What a command stopped by Ctrl+C says: `INTERRUPTED_MESSAGE` while nothing was written;
    once files were put in place (`note_written`), that they were, and which, one a line, then
    what else was kept (`note_recorded`: the history record, a sample ward), said last."""
    return _kept_lines("Đã dừng theo yêu cầu (Ctrl+C)") or [INTERRUPTED_MESSAGE]


# How a command held back a SIGTERM during its commit and was then ended by it says it stopped.
TERMINATED = "Đã dừng vì nhận được lệnh tắt chương trình (SIGTERM)"


def terminated_line() -> str:
    """The one line a command says when a SIGTERM held back while it put its files in place
    (`toolkit.outputs.publish.interrupts_deferred`) is raised again and ends it (exit status
    of the signal): which files it had written and what else it kept for good, the history
    record (`_kept_lines`), or, nothing kept, that the old files are (hunt228 R2: the run ended
    printing nothing, though its outputs and record were whole)."""
    kept = _kept_lines(TERMINATED, one_line=True)
    return kept[0] if kept else f"{TERMINATED}; các tệp kết quả cũ (nếu có) vẫn giữ nguyên."


# The files a one-line account names (`_kept_lines`), the others counted: a press of
# “Kiểm tra” on a city writes a feedback file for each of hundreds of files, whose names, all
# in one cell, made tens of thousands of characters, beyond the 32,767 Excel keeps in a cell,
# where the end of the sentence (the history record it names) would be lost (review197).
NAMED_IN_ONE_LINE = 10


def _kept_lines(stopped: str, *, one_line: bool = False) -> list[str]:
    """What a command that stopped (`stopped`: how, the start of its first line) had kept for
    good: the files it put in place (`note_written`), one a line, then the other changes
    (`note_recorded`), said last; none when it had kept nothing. `one_line`: the same in one
    line, for a cell (`failure_sentence`): the files named in it (the first
    `NAMED_IN_ONE_LINE`, then how many others), the other changes said in the sentences after
    it."""
    from toolkit.core.vnformat import number

    written = list(dict.fromkeys(_CtrlC.written))
    recorded = list(dict.fromkeys(_CtrlC.recorded.values()))
    if not written and not recorded:
        return []
    if one_line:
        last = "câu sau" if len(recorded) == 1 else f"{number(len(recorded))} câu sau"
    else:
        last = "dòng cuối" if len(recorded) == 1 else f"{number(len(recorded))} dòng cuối"
    if not written:
        head = f"{stopped}; ngoài thay đổi nói ở {last}, không tệp nào khác bị thay đổi:"
        return [" ".join([head, *recorded])] if one_line else [head, *recorded]
    besides = f" và thay đổi nói ở {last}" if recorded else ""
    folders = {folder_of(p) for p in written}
    where = f" vào thư mục \u201c{folders.pop()}\u201d" if len(folders) == 1 else ""
    shown = [os.path.basename(p) for p in written] if where else written
    if one_line:
        names = ", ".join(f"\u201c{name}\u201d" for name in shown[:NAMED_IN_ONE_LINE])
        if len(shown) > NAMED_IN_ONE_LINE:
            names += f" và {number(len(shown) - NAMED_IN_ONE_LINE)} tệp khác"
        these = "tệp này" if len(written) == 1 else "các tệp này"
        head = (
            f"{stopped} sau khi đã ghi xong {number(len(written))} tệp {names}{where}; ngoài {these}"
            f"{besides}, không tệp nào khác bị thay đổi" + (":" if recorded else ".")
        )
        return [" ".join([head, *recorded])]
    return [
        f"{stopped} sau khi đã ghi xong {number(len(written))} tệp dưới đây"
        f"{where}; ngoài các tệp này{besides}, không tệp nào khác bị thay đổi:",
        *(f"  {name}" for name in shown),
        *recorded,
    ]


def failure_lines(exc: BaseException) -> list[str]:
    """What a command that failed with `exc` says (the command line's last net,
    `cli.friendly_errors`): "Lỗi: " and its message (`user_message`), then, once it had put
    files in place or kept other changes for good (`note_written`, `note_recorded`), which, as
    a Ctrl+C says them (hunt173 C: an error after a consolidation's outputs and record were in
    place said only that the inputs were unchanged). An unexpected error while an output was
    being made (`making`) names that output and, nothing being written yet, says that the old
    outputs are kept: the outputs are made in memory, all before the first is put in place
    (hunt173 F4). The buttons say the same on one line (`failure_sentence`)."""
    message, kept = _failure(exc, "Lệnh đã dừng vì lỗi này", one_line=False)
    return [error_line(message), *kept]


def failure_sentence(exc: BaseException, stopped: str) -> str:
    """`failure_lines` on one line, without "Lỗi: ", for a cell that says a run failed (the
    Excel buttons' status cell and `excel.failed` row, `toolkit.excel.failsafe.report_failure`;
    fix183: they said only `user_message`, never what a press had written or recorded before it
    failed, nor that the old outputs were kept): the message, then, once files were put in place
    or other changes kept, `stopped` (how the run stopped, the start of that sentence) and which,
    the files named in that sentence."""
    message, kept = _failure(exc, stopped, one_line=True)
    return " ".join([message, *kept])


def _failure(exc: BaseException, stopped: str, *, one_line: bool) -> tuple[str, list[str]]:
    """The message of a run that failed with `exc` and the lines of what it had kept
    (`_kept_lines`), for `failure_lines` and `failure_sentence`."""
    target = getattr(exc, _MAKING, None)
    unexpected = (
        not isinstance(exc, (WardStatsError, OSError)) and not load_failed(exc) and not out_of_memory(exc)
    )
    kept = _kept_lines(stopped, one_line=one_line)
    if not unexpected or target is None:
        message = user_message(exc)
    elif kept:
        message = _unexpected_message(exc, f" khi đang tạo tệp \u201c{target}\u201d")
    else:
        message = _unexpected_message(exc, f" khi đang tạo tệp \u201c{target}\u201d", NOTHING_WRITTEN)
    return message, kept


# What an unexpected error says of the files: the inputs are never changed (`_unexpected_message`),
# and, when it came while the outputs were made in memory and nothing was written, the old
# outputs are kept (`failure_lines`).
INPUTS_UNCHANGED = "Các tệp đầu vào không bị thay đổi."
NOTHING_WRITTEN = (
    "Chưa tệp nào được ghi: các tệp đầu vào không bị thay đổi, các tệp kết quả cũ (nếu có) vẫn giữ nguyên."
)


# The attribute of an exception raised while an output was being made (`making`): its target.
_MAKING = "ward_stats_making"


@contextmanager
def making(target: str | os.PathLike[str]) -> Iterator[None]:
    """Mark an exception raised while the output `target` is made (its bytes, in memory) with
    that target, for `failure_lines` (the innermost output, when one is made inside another)."""
    try:
        yield
    except Exception as exc:
        if getattr(exc, _MAKING, None) is None:
            try:
                setattr(exc, _MAKING, os.fspath(target))
            except (AttributeError, TypeError):  # an exception that takes no attribute
                pass
        raise


class WardStatsError(Exception):
    """A domain error with a Vietnamese message for the user (shown at the edges).

    `code` names the kind of error (`error.*`, a namespace apart from the issue codes of the
    catalogue); `issues` are the located problems that explain it, when there are any."""

    code = "error.unexpected"

    def __init__(self, message_vi: str, *, issues: Sequence[Issue] = ()) -> None:
        super().__init__(message_vi)
        self.message_vi = message_vi
        self.issues: list[Issue] = list(issues)


class RegistryError(WardStatsError):
    """The registry file cannot be read or is malformed; `issues` names every problem."""

    code = "error.registry"


class NoSubmissionsError(WardStatsError):
    """Nothing to consolidate in the given folder."""

    code = "error.no_submissions"

    @classmethod
    def in_inputs(cls, inputs: Sequence[object], unread: Sequence[str] = ()) -> NoSubmissionsError:
        """The error for folders (or files) that hold no spreadsheet: most likely the wrong
        folder, which an empty result would hide. `unread`: what the folders hold that is not
        read (a sub-folder, a compressed file of spreadsheets), said after it, since that is
        most likely where the submissions are."""
        where = ", ".join(f"\u201c{p}\u201d" for p in inputs)
        notes = "".join(f"\nLưu ý: {note}" for note in unread)
        return cls(
            f"Không tìm thấy tệp bảng tính (.xlsx) nào của chi bộ trong {where}. "
            f"Hãy kiểm tra lại thư mục đã chọn.{notes}"
        )

    @classmethod
    def only_own(
        cls, inputs: Sequence[object], own: Sequence[os.PathLike[str] | str], unread: Sequence[str] = ()
    ) -> NoSubmissionsError:
        """The error for folders (or files) whose spreadsheets are all ward-stats' own (`own`:
        the blank template it ships, a result, the work lists, the registry, the consolidation
        workbook; `Submission.own_output`): no submission was read, which an empty result (or
        "every file is current") would hide, as an empty folder (`in_inputs`) is refused, and
        with what the folders hold unread said after it, as there."""
        where = ", ".join(f"\u201c{p}\u201d" for p in inputs)
        names = ", ".join(f"\u201c{os.path.basename(p)}\u201d" for p in own[:_OWN_NAMED])
        if len(own) > _OWN_NAMED:
            names += f" và {len(own) - _OWN_NAMED} tệp khác"
        notes = "".join(f"\nLưu ý: {note}" for note in unread)
        if all(os.path.isfile(str(p)) for p in inputs):  # files named, not a folder
            return cls(
                f"Không có tệp bài nộp nào của chi bộ: các tệp đã chọn ({names}) đều là tệp của chính "
                "công cụ (biểu mẫu trống, tệp kết quả, tệp danh sách, danh mục tổ chức hoặc tệp tổng "
                f"hợp .xlsm), không phải bài nộp. Hãy chọn các tệp chi bộ gửi.{notes}"
            )
        return cls(
            f"Không có tệp bài nộp nào của chi bộ trong {where}: các tệp bảng tính ở đó ({names}) đều "
            "là tệp của chính công cụ (biểu mẫu trống, tệp kết quả, tệp danh sách, danh mục tổ chức "
            "hoặc tệp tổng hợp .xlsm), không phải bài nộp. Hãy chép các tệp chi bộ gửi vào thư mục "
            f"này, hoặc kiểm tra lại thư mục đã chọn.{notes}"
        )


_OWN_NAMED = 5  # of ward-stats' own files, named in `NoSubmissionsError.only_own`


class InputError(WardStatsError):
    """A command-line or setting value that cannot be used (dates, periods, paths)."""

    code = "error.input"


class OutputError(WardStatsError):
    """An output file cannot be written (folder missing, file open in another program…)."""

    code = "error.output"


class SummaryError(WardStatsError):
    """A JSON summary cannot be read or is not one of ours."""

    code = "error.summary"


class SettingError(WardStatsError):
    """A setting cell of the consolidation workbook holds something unusable."""

    code = "error.setting"


# What the operating system said, in Vietnamese: its own words (strerror) are English.
_OS_ERROR_TEXT: dict[int, str] = {
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EDQUOT: "đã dùng hết hạn mức dung lượng trên ổ đĩa",
    errno.EROFS: "ổ đĩa hoặc thư mục chỉ cho đọc, không ghi được",
    errno.EACCES: "không có quyền ghi hoặc đọc",
    errno.EPERM: "không được phép thao tác",
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EISDIR: "đây là thư mục, không phải tệp",
    errno.EEXIST: "đã có tệp hoặc thư mục cùng tên",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
    errno.EIO: "lỗi đọc/ghi của thiết bị lưu trữ",
    errno.EFBIG: "tệp vượt quá kích thước cho phép",
    errno.EBUSY: "tệp hoặc thiết bị đang bận",
    errno.EXDEV: "không chuyển được tệp giữa hai ổ đĩa",
    errno.EINVAL: "tên tệp hoặc thao tác không hợp lệ",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.ENOMEM: "máy tính không đủ bộ nhớ",
    errno.ELOOP: "đường dẫn tắt (liên kết) trỏ vòng vào chính nó, không dẫn tới tệp nào",
}


def file_in_the_way(path: str | os.PathLike[str]) -> str | None:
    """The file that stands where the folder `path`, or one of the folders above it, should be
    (a path under a file names no folder), or None."""
    from pathlib import Path

    folder = Path(os.fsdecode(path))
    for above in (folder, *folder.parents):
        if os.path.exists(above):
            return None if above.is_dir() else str(above)
    return None


def _file_in_the_way_of(exc: OSError) -> str | None:
    """The file in the way (`file_in_the_way`) of a "not a directory" error. An error of one
    path (a folder made, a file opened) names it in `filename`, and the file is that path or
    above it. An error of two (`os.replace(src, dst)`) names the source in `filename` and the
    destination in `filename2`: the file is on the destination's path (one of its folders is
    a file, or it is a file a folder is moved onto), else above the source, never the source
    itself (the file being moved is a file as it should be)."""
    first, second = exc.filename, exc.filename2
    if not isinstance(second, (str, bytes, os.PathLike)):
        return file_in_the_way(first) if isinstance(first, (str, bytes, os.PathLike)) else None  # type: ignore[arg-type]
    blocker = file_in_the_way(second)  # type: ignore[arg-type]
    if blocker is None and isinstance(first, (str, bytes, os.PathLike)):
        blocker = file_in_the_way(os.path.dirname(os.fsdecode(first)) or os.curdir)
    return blocker


def os_error_text(exc: OSError) -> str:
    """What went wrong, in Vietnamese, from the error number (the system's own words are English).
    An error without a number (raised by a library) keeps its own words. A path under a file
    names that file (`_file_in_the_way_of`), not only "a part of the path"."""
    if exc.errno is None:
        return str(exc)
    if exc.errno == errno.ENOTDIR:
        blocker = _file_in_the_way_of(exc)
        if blocker is not None:
            return f"\u201c{blocker}\u201d là một tệp, không phải thư mục"
    text = _OS_ERROR_TEXT.get(exc.errno)
    if text is None:
        text = f"lỗi hệ thống {errno.errorcode.get(exc.errno or -1, type(exc).__name__)}"
    return text


class HistoryError(WardStatsError):
    """The history of consolidations cannot be read or written. A consolidation never stops
    for it: the edges turn it into the warning issue `issue_code` and write every output."""

    code = "error.history"
    issue_code = "history.not_recorded"


class HistoryLocked(HistoryError):
    """Another program holds the history file locked longer than we wait."""

    code = "error.history_locked"
    issue_code = "history.locked"


class HistoryCorrupt(HistoryError):
    """The history file is damaged, or is not a history of ward-stats. `reason_vi`: what the
    warning it becomes says before the rule's own advice (`message_vi` when not given; a
    message whose advice the rule repeats gives it without: hunt108 #5)."""

    code = "error.history_corrupt"
    issue_code = "history.corrupt"

    def __init__(self, message_vi: str, *, reason_vi: str | None = None) -> None:
        super().__init__(message_vi)
        self.reason_vi = reason_vi or message_vi


class HistoryReadOnly(HistoryError):
    """The history file (or its folder) cannot be written."""

    code = "error.history_read_only"
    issue_code = "history.read_only"


class HistoryPathTooLong(HistoryError):
    """The history file's path, with the journal SQLite writes beside it, is too long for
    Windows without long paths."""

    code = "error.history_path_too_long"
    issue_code = "history.path_too_long"


class HistoryNewer(HistoryError):
    """The history file was written by a newer version of ward-stats."""

    code = "error.history_newer"
    issue_code = "history.newer"


# The computer ran out of memory: short, and with what the clerk can do about it.
OUT_OF_MEMORY_MESSAGE = (
    "Máy tính không đủ bộ nhớ để chạy tiếp. Hãy đóng bớt các chương trình khác rồi chạy lại; nếu "
    "đợt này có rất nhiều tệp, hãy chạy với ít tệp hơn mỗi lần. Các tệp đầu vào không bị thay đổi."
)
# How the loader says it found no memory for a compiled library (glibc's dlopen; Windows'
# LoadLibrary), besides the error number.
_NO_MEMORY_WORDS = ("failed to map segment", "cannot allocate memory", "not enough memory", "out of memory")


def out_of_memory(exc: BaseException) -> bool:
    """Whether `exc` means the computer ran out of memory: a `MemoryError`, an `OSError` of
    ENOMEM, or an import that failed for it (a compiled library that could not be mapped:
    "failed to map segment from shared object"), which is no broken installation (hunt122 F7)."""
    if isinstance(exc, MemoryError):
        return True
    if isinstance(exc, OSError) and exc.errno == errno.ENOMEM:
        return True
    if isinstance(exc, (ImportError, OSError)):
        text = str(exc).lower()
        return any(words in text for words in _NO_MEMORY_WORDS)
    return False


def broken_install_message(exc: BaseException) -> str:
    """What a module that cannot be imported means on an office PC: the installation is missing
    a file or a package, or one was damaged (an antivirus quarantines a DLL), and re-running the
    installer repairs it (it installs every package again). The buttons (`toolkit.excel.failsafe`)
    and the command line (`user_message`, `toolkit.__main__`) say the same. An import that failed
    for want of memory (`out_of_memory`) is said as such: reinstalling would not help."""
    if out_of_memory(exc):
        return OUT_OF_MEMORY_MESSAGE
    # An import's own text names the module ("No module named 'click'"); any other error (a
    # damaged file: `load_failed`) says only its type and where (`load_cause`, h205).
    cause = import_cause(exc) if isinstance(exc, ImportError) else load_cause(exc)
    return (
        f"Bộ cài đặt ward-stats bị thiếu hoặc hỏng ({cause}). Hãy chạy lại "
        "cai_dat.cmd của bộ cài đặt; nếu vẫn lỗi, gửi thông báo này cho người hỗ trợ kỹ thuật."
    )


def user_message(exc: BaseException) -> str:
    """A Vietnamese sentence for any exception, the same at every edge (CLI, Excel buttons).

    Domain errors carry their own message; running out of memory says so (`out_of_memory`: a
    `MemoryError` has no text, and an import it made fail is no broken installation); file-system
    errors name the path; an import that fails is a broken installation (`broken_install_message`);
    anything else is an unexpected program error, said plainly, with its type and where in the
    toolkit it was raised for whoever supports the office, never its text (`unexpected_cause`)."""
    if isinstance(exc, WardStatsError):
        return exc.message_vi
    if out_of_memory(exc):
        return OUT_OF_MEMORY_MESSAGE
    if load_failed(exc):
        return broken_install_message(exc)
    if isinstance(exc, PermissionError):
        where = f" \u201c{exc.filename}\u201d" if exc.filename else ""
        return f"Không ghi được tệp{where}: tệp đang mở trong chương trình khác hoặc không có quyền ghi."
    if isinstance(exc, OSError):
        where = f" (\u201c{exc.filename}\u201d)" if exc.filename else ""
        return f"Không đọc/ghi được tệp{where}: {os_error_text(exc)}."
    return _unexpected_message(exc)


def _unexpected_message(exc: BaseException, where: str = "", files: str = INPUTS_UNCHANGED) -> str:
    """The message of an unexpected error (`where`: what was being done, " khi …"; `files`: what
    is said of the files): its type and where in the toolkit it was raised (`unexpected_cause`),
    never its text."""
    return (
        f"Lỗi không mong đợi trong chương trình{where} ({unexpected_cause(exc)}). {files} Hãy gửi "
        "thông báo này cho người hỗ trợ kỹ thuật."
    )


# The folder of the `toolkit` package, whose frames `raised_at` looks for.
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def raised_at(exc: BaseException) -> str | None:
    """Where in the toolkit `exc` was raised: the innermost frame of its traceback whose file is
    in the `toolkit` package, as its path from the package's folder and its line
    ("toolkit/stats/grouped.py:160"); None when no frame is in the package (or it has no
    traceback). Only each frame's file name and line number are read: never the exception's
    text nor a frame's variables, which may quote a member's data (review197)."""
    package = os.path.normcase(_PACKAGE_DIR)
    found: str | None = None
    tb = exc.__traceback__
    while tb is not None:
        try:
            path = os.path.normcase(os.path.abspath(tb.tb_frame.f_code.co_filename))
            if path.startswith(package + os.sep):
                rel = os.path.relpath(path, os.path.dirname(package)).replace(os.sep, "/")
                found = f"{rel}:{tb.tb_lineno}"
        except (OSError, ValueError):  # a frame of no real file (the current folder gone)
            pass
        tb = tb.tb_next
    return found


def unexpected_cause(exc: BaseException) -> str:
    """What an unexpected error's message says of it, for whoever supports the office: its type
    and where in the toolkit it was raised ("RuntimeError tại toolkit/stats/grouped.py:160";
    `raised_at`), the type alone when that is not known. Never its text: an exception we did
    not expect (a `KeyError` of a name, a `ValueError` quoting a cell, a date) may quote a
    member's data, and the message goes to the console, the status cell and the `Kiểm tra`
    sheet, and asks the clerk to send it to support (review197)."""
    where = raised_at(exc)
    return type(exc).__name__ if where is None else f"{type(exc).__name__} tại {where}"


def load_failed(exc: BaseException) -> bool:
    """Whether `exc` is a module of the installation that could not be loaded: an import that
    failed (`ImportError`: a file or package missing, a DLL quarantined); a Python file that
    does not compile (a `SyntaxError` of a `.py` file: cut short, full of NUL bytes after a
    crash, bytes that are not UTF-8); or one the import system itself failed on (an error
    raised inside `importlib`: a damaged `.pyc`, "bad marshal data"). Each is a damaged
    installation, which re-running the installer repairs (h205: all but the first printed
    Python's traceback, or were called an unexpected error). A `SyntaxError` of text the program
    parses ("<unknown>") is none."""
    if isinstance(exc, ImportError):
        return True
    if isinstance(exc, SyntaxError):
        # None: NUL bytes (Python names no file)
        return exc.filename is None or os.path.splitext(exc.filename)[1].lower() in (".py", ".pyw")
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        tb = tb.tb_next
    return False


def load_cause(exc: BaseException) -> str:
    """What a broken installation's message says of an error that is no `ImportError`: its
    type and where, for whoever supports the office; never its text (as `unexpected_cause`).
    Where is the damaged file and its line for a `SyntaxError` (as its path from the package's
    folder, "toolkit/cli_tools.py:52", or from the folder of `sys.path` it is in,
    "click/core.py:12"; only its name when in none), else where in the toolkit it was raised
    (`raised_at`: the import of the module that could not be loaded)."""
    if isinstance(exc, SyntaxError) and exc.filename:
        where = _source_place(exc.filename)
        line = f":{exc.lineno}" if exc.lineno else ""
        return f"{type(exc).__name__} tại {where}{line}"
    return unexpected_cause(exc)


def import_cause(exc: ImportError) -> str:
    """An import's type and text ("ModuleNotFoundError: No module named 'click'"), for whoever
    supports the office, with the file it names (`exc.path`: "cannot import name 'x' from 'm'
    (C:\\Users\\<name>\\…\\m.py)") as its path from the installation (`_source_place`) and the
    user's home folder as "~": a Windows user's folder is often the clerk's own name, and the
    message goes to the status cell, the `Kiểm tra` sheet and support (review207)."""
    text = str(exc)
    path = getattr(exc, "path", None)
    if isinstance(path, str) and path:
        text = text.replace(path, _source_place(path))
    return f"{type(exc).__name__}: {without_home(text)}"


def without_home(text: str) -> str:
    """`text` with the user's home folder (which names the Windows user) said as "~"."""
    try:
        home = os.path.expanduser("~")
    except (OSError, ValueError, KeyError):
        return text
    if len(home) < 2 or home in (os.sep, "~"):
        return text
    flags = re.IGNORECASE if os.name == "nt" else 0
    return re.sub(re.escape(home), "~", text, flags=flags)


def _source_place(filename: str) -> str:
    """`filename` as its path from the package's folder or the folder of `sys.path` holding
    it (the longest), with forward slashes; its name alone when in none (a path outside the
    installation, which may name the Windows user, is not said)."""
    try:
        path = os.path.normcase(os.path.abspath(filename))
    except (OSError, ValueError):  # relative, in a current folder that is gone
        return os.path.basename(filename)
    roots = [os.path.dirname(_PACKAGE_DIR), *(p for p in sys.path if p not in ("", os.curdir))]
    best: str | None = None
    for root in roots:  # the current folder is none: it may hold every other (C:\\)
        try:
            base = os.path.normcase(os.path.abspath(root))
        except (OSError, ValueError):  # a relative entry of a current folder that is gone
            continue
        if path.startswith(base + os.sep) and (best is None or len(base) > len(best)):
            best = base
    if best is None:
        return os.path.basename(filename)
    return os.path.relpath(path, best).replace(os.sep, "/")
