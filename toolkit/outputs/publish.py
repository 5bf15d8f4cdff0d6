"""Publishing the outputs of a run as one unit: checked paths, complete bytes, a fixed order.

A consolidation's outputs — the workbook (with its report paragraphs), the JSON summary, a
report and the history record — carry one run id (`ConsolidationResult.run_id`) and are
published together by a `Publication` (see docs/publishing.md):

1. **Checked paths.** Before anything is read or written, every output path is resolved and
   refused (`OutputError`, exit code 2, naming both files) when it is one of the run's inputs
   (a submission, the registry, the settings workbook, the summary a report is made from),
   another output of the same run (the history file included), an existing output of the run
   of an input summary (`check_input_runs`: a ward's workbook beside its JSON), an existing
   SQLite file (a history, whatever its name: `refuse_history`), a folder, or not a regular
   file (a device, a FIFO).
2. **The history first, complete bytes next.** With a history file, the stored runs are read
   before anything is made (last year's figures, the trend and the opening check are part of
   the outputs). Every output is then made in memory; nothing touches the disk until all of
   them exist, so a failure while making one leaves every old output in place.
3. **Staged, then renamed in a fixed order.** Holding an exclusive lock on the output folders
   (so concurrent runs publish one after the other, never interleaved), the bytes are written
   and flushed beside their targets — as anonymous files where the system allows it — and
   the history record is inserted in an open transaction. Then they are named and renamed
   into place in `ORDER` (the report, the workbook, the JSON summary last), and only then is
   the history record committed: the history never holds a run whose outputs were not all
   published. (A record that cannot be committed is a warning, and the JSON summary is made
   and renamed once more to carry it; when that fails too, the JSON in place stays and the
   warning says it lacks it. Nothing after the first rename says the old outputs were
   kept.) Interrupts (Ctrl+C) wait for the renames and the commit to end. A run killed in
   the microseconds between two renames leaves named temporary files that the next
   publication in that folder completes or removes (`toolkit.io.atomic.sweep_stale_temps`;
   never over a target changed since, which is left as it is and said, with a word to
   consolidate again, nor over an input of the running publication, `Publication.reads`,
   whose temporary file is left for a later sweep and said; a feedback workbook, which stands
   alone, only where nothing is; a killed consolidation's files found at all are said, with
   the same word: `toolkit.core.errors.note_consolidation_interrupted`);
   a run killed before its commit leaves no record, only SQLite's journal, which the next use
   of the history rolls back.

The files of `template --registry` and of `upgrade` (many of one kind, in one folder) stand or
fall together the same way, without run ids inside them: `FileSet`.

A reader that must know the outputs belong together compares their run ids (`run_id_of`):
the workbook's custom property `ward_stats_run_id` and the line on `Nguồn số liệu`, the
JSON's `"run_id"`, the report's last line, the history record's `run_id`.

`prepare` loads the writers ahead of time: the edges hand it to `consolidate(while_reading=…)`,
so the import (XlsxWriter and the sheet modules, a third of a second) overlaps the reading of
the files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import importlib
import json
import os
import re
import signal
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from toolkit.core.errors import OutputError, making, note_recorded, note_written, terminated_line
from toolkit.core.model import ConsolidationResult, new_run_id
from toolkit.io.atomic import (
    EXCEL_SUFFIXES,
    TEMP_PREFIX,
    Staged,
    check_target,
    fsync_dir,
    long_path_problem,
    longest_written_path,
    make_folders,
    path_length,
    run_temp_name,
    stage,
    sweep_stale_temps,
)
from toolkit.io.discover import file_identity
from toolkit.io.forked import Forked
from toolkit.io.package import consolidated_workbook_at, output_workbook_at, work_lists_at
from toolkit.io.runtime import gc_paused

if TYPE_CHECKING:
    from toolkit.core.model import Issue
    from toolkit.history.session import RunHistory
    from toolkit.history.store import PendingRecord

WRITERS = ("toolkit.outputs.workbook", "toolkit.outputs.report", "toolkit.outputs.json_summary")

# The order of the renames: the JSON summary, the record a reader starts from, comes last.
# The history record is committed after the last rename; when that fails, the outputs of
# `AFTER_RECORD` are made and renamed once more, carrying the warning.
ORDER = ("report", "workbook", "feedback", "validation", "json")
# The outputs of a consolidation, which must carry one run id: a killed run's are completed
# under the time rule (`toolkit.io.atomic.JOINT_TEMP`); the others (feedback workbooks, a
# validation's JSON) stand alone, completed only where nothing is (`SINGLE_TEMP`).
JOINT_KINDS = frozenset({"report", "workbook", "json"})
AFTER_RECORD = frozenset({"json"})
# At most this many outputs are kept as anonymous files (one open descriptor each) until the
# renames; a publication of more names each as soon as it is written (`Publication._commit`).
ANONYMOUS_AT_MOST = 16

# How messages name the inputs of a run.
SUBMISSION_INPUT = "tệp bài nộp"
REGISTRY_INPUT = "danh mục tổ chức"
SETTINGS_INPUT = "tệp tổng hợp có thiết lập"
SUMMARY_INPUT = "tệp số liệu tổng hợp JSON"
HISTORY_INPUT = "tệp lịch sử tổng hợp"
HISTORY_LABEL = "tệp lịch sử tổng hợp --history"


def history_written(history: Path | None, *, named: bool = False) -> list[tuple[Path, str]]:
    """The history file among the files a run writes, to check like its outputs (`check_outputs`'
    `in_place`: SQLite changes it in place, so its length is not measured as an output's; a
    path too long for Windows is the history's own warning, `HistoryStore.check_writable`). A
    folder where the history should be (a folder named like the default history, beside the
    output) is not refused here, which would stop the run: a history problem never stops the
    outputs, and reading it (`toolkit.history.session.open_for_run`) makes it a warning naming
    the folder. Unless the history was `named` (typed as --history: a wrong path stops the run
    before anything is read, as any output's), so is anything else there that is no regular
    file (a device, a FIFO, a broken link, the default history beside the output: `HistoryStore`
    says it is no history file, with --history and --no-history; it was refused here as an
    output's name the clerk never typed, "Hãy chọn tên tệp khác", hunt122 C1)."""
    if history is None or history.is_dir():
        return []
    if not named and os.path.lexists(history) and not history.is_file():
        return []
    return [(history, HISTORY_LABEL)]


def prepare() -> None:
    """Import the writers (idempotent; cheap once they are loaded)."""
    for name in WRITERS:
        importlib.import_module(name)


OUTPUT_LABEL = "tệp kết quả -o"  # the consolidated workbook, as given on the command line


@dataclass
class Output:
    kind: str  # one of ORDER
    target: Path
    render: Callable[[], bytes]
    label: str  # how messages name it, e.g. "tệp kết quả -o"


# --------------------------------------------------------------------------------------------
# Checking the paths
# --------------------------------------------------------------------------------------------


def _resolved(path: Path, folders: dict[str, str] | None = None) -> str:
    """`path` with every link resolved, case-normalised where the system ignores case.

    With `folders` (a cache of resolved folders, for many files of few folders), a file that is
    no link is its resolved folder joined with its name: one `lstat` instead of one a path
    component (a thousand submissions: 75 ms → 15 ms)."""
    parent, name = os.path.split(os.fspath(path))
    if folders is not None and name not in ("", ".", "..") and not os.path.islink(path):
        real = folders.get(parent)
        if real is None:
            real = folders[parent] = os.path.realpath(parent)
        return os.path.normcase(os.path.join(real, name))
    return os.path.normcase(os.path.realpath(path))


def distinct_folders(paths: Iterable[Path]) -> list[Path]:
    """One path per folder of `paths`' files, however each is spelled (".", "sub/..", the
    absolute path, a link): in the order of their resolved paths (`_resolved`). Folders kept as
    typed were two for one folder when one output was named relative and another absolute:
    its lock was taken twice (the second `flock` waited on the first for ever) and each output
    was numbered the first of its folder, so a kill between the renames was undone in one half
    of the folder and not the other (hunt98 #1)."""
    by_key: dict[str, Path] = {}
    for path in paths:
        by_key.setdefault(_resolved(Path(path).parent), Path(path).parent)
    return [by_key[key] for key in sorted(by_key)]


def _keys(path: Path, folders: dict[str, str] | None = None) -> tuple[object, ...]:
    """What identifies a file: its resolved path, and its inode when it exists (hard links)."""
    resolved = ("path", _resolved(path, folders))
    identity = file_identity(path) if os.path.lexists(path) else resolved
    return (resolved, identity) if identity != resolved else (resolved,)


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths are one file (links, hard links and spellings of one path included)."""
    return bool(set(_keys(a)) & set(_keys(b)))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _known_inputs(inputs: Mapping[Path, str]) -> dict[object, tuple[Path, str]]:
    known: dict[object, tuple[Path, str]] = {}
    folders: dict[str, str] = {}
    # What an input is named by comes from the most specific kind (a settings workbook in the
    # folder of submissions is the settings workbook).
    for source, what in sorted(inputs.items(), key=lambda item: item[1] == SUBMISSION_INPUT):
        path = source if isinstance(source, Path) else Path(source)
        for key in _keys(path, folders):
            known.setdefault(key, (path, what))
    return known


def _clash(keys: tuple[object, ...], known: Mapping[object, tuple[Path, str]]) -> tuple[Path, str] | None:
    for key in keys:
        if key in known:
            source, what = known[key]
            if what == SUBMISSION_INPUT and output_workbook_at(source):
                continue
            return source, what
    return None


def clashing_input(target: Path, inputs: Mapping[Path, str]) -> tuple[Path, str] | None:
    """The input of `inputs` (path → what it is) that writing `target` would destroy, with what
    it is; None when none. An output workbook of ward-stats found among the submissions
    (`output_workbook_at`) is none: it may be replaced. The rule `check_outputs` refuses by,
    for the settings cells' own check (`Settings.submission_problem`)."""
    return _clash(_keys(target), _known_inputs(inputs))


def input_clash_message(target: Path, label: str, source: Path, what: str) -> str:
    """How a refusal says that output `target` (named `label`) is input `source` (a `what`)."""
    choose = "tệp lịch sử khác (--history)" if label == HISTORY_LABEL else "tên tệp khác"
    return (
        f"{_capital(label)} \u201c{target}\u201d chính là {what} \u201c{source}\u201d: ghi "
        f"vào đó sẽ làm mất dữ liệu đầu vào. Hãy chọn {choose}."
    )


def check_outputs(
    outputs: Iterable[tuple[Path, str]],
    inputs: Mapping[Path, str],
    *,
    in_place: Iterable[tuple[Path, str]] = (),
    single: bool = False,
) -> None:
    """Refuse, before anything is written, outputs that would destroy an input or each other.

    `outputs` are (path, how messages name it); `inputs` map each input path to what it is.
    Raises `OutputError` naming both files. A file found among the submissions that is an
    output workbook of ward-stats (`output_workbook_at`: the previous result, written into the
    folder of submissions by default, or earlier work lists) is no submission: it may be
    replaced (`clashing_input`).

    Each is checked as it is written (`check_target`): `outputs` as the outputs of one run
    (`run_temp_name`, indices up to their count), or, with `single`, as files written alone
    (`atomic_write_bytes`: the work lists); `in_place`, files their own writer changes in place
    (the history, SQLite, `history_written`), are checked like outputs but not measured for
    Windows' path limit: a history too long is its own warning, never a stop
    (`HistoryStore.check_writable`). Of outputs of one label in one folder too long for
    Windows, or for Excel to open (`atomic.EXCEL_MAX_PATH`, workbooks only), the longest is
    named (the feedback files): shortening the folder by its excess makes them all fit.
    """
    outputs = [(Path(t), label) for t, label in outputs]
    run_output, count = not single, len(outputs)
    # Per label, folder and whether Excel opens it (`EXCEL_SUFFIXES`): the longest.
    longest: dict[tuple[str, Path, bool], tuple[int, Path]] = {}
    for target, label in outputs:
        written = path_length(longest_written_path(target, run_output=run_output, outputs=count))
        group = (label, target.parent, target.suffix.lower() in EXCEL_SUFFIXES)
        if written > longest.get(group, (-1, target))[0]:
            longest[group] = (written, target)
    checked = [*((t, lb, True) for t, lb in outputs), *((Path(t), lb, False) for t, lb in in_place)]
    known = _known_inputs(inputs)
    seen: dict[object, tuple[Path, str]] = {}
    for target, label, measured in checked:
        if measured:
            worst = longest[(label, target.parent, target.suffix.lower() in EXCEL_SUFFIXES)][1]
            if too_long := long_path_problem(worst, label, run_output=run_output, outputs=count):
                raise OutputError(too_long)
        check_target(target, run_output=measured and run_output, outputs=count, label=label, measure=measured)
        keys = _keys(target)
        if (clash := _clash(keys, known)) is not None:
            raise OutputError(input_clash_message(target, label, *clash))
        for key in keys:
            if key in seen:
                other, other_label = seen[key]
                raise OutputError(
                    f"{_capital(other_label)} \u201c{other}\u201d và {label} \u201c{target}\u201d là "
                    "cùng một tệp: hãy đặt hai tên khác nhau."
                )
        for key in keys:
            seen[key] = (target, label)
    # Last, so that a target that is an input or the run's own history is said as such first.
    for target, label, measured in checked:
        if measured:
            refuse_history(target, label)


def check_input_runs(
    outputs: Iterable[tuple[Path, str]], inputs: Mapping[Path, str], *, run_id: str | None = None
) -> None:
    """Refuse, before anything is written, an existing output of ours that belongs to the run of
    an input summary (`SUMMARY_INPUT`): it carries that summary's run id (`run_id_of`) and this
    run (`run_id`; None: a run not yet made) is another. The ward's consolidated workbook kept
    beside its JSON (one default name, `tong_hop_phuong_<date>.xlsx`, for every ward) is such a
    file: a roll-up written over it would leave the JSON without its workbook, and the level
    above cannot make it again. A report made again from its summary is of that summary's run:
    it may replace the old one."""
    targets = [(Path(t), label) for t, label in outputs if Path(t).is_file()]
    summaries = [Path(p) for p, what in inputs.items() if what == SUMMARY_INPUT]
    if not targets or not summaries:
        return
    runs: dict[str, Path] = {}
    for summary in summaries:
        if (found := run_id_of(summary)) is not None and found != run_id:
            runs.setdefault(found, summary)
    for target, label in targets:
        if (found := run_id_of(target)) is not None and found in runs:
            raise OutputError(input_run_message(target, label, runs[found], found))


def input_run_message(target: Path, label: str, summary: Path, run_id: str) -> str:
    """How `check_input_runs` refuses output `target` (named `label`), a file of run `run_id`,
    whose figures input `summary` holds (written by that run, a copy, or exported from a history
    by `history export`: not said to be written by it). What is lost is said for what the target
    is, as `run_id_of` read it (by its suffix): the ward's consolidated workbook, which no JSON
    makes again; a JSON summary of that run, whose ward's figures the roll-up's would replace;
    another file of that run (a report)."""
    suffix = target.suffix.lower()
    if suffix == ".json":
        what, lost = (
            "tóm tắt JSON",
            "ghi đè sẽ thay số liệu của phường trong tệp đó bằng số liệu tổng hợp lên cấp trên, "
            "làm mất bản số liệu ấy của phường",
        )
    elif suffix in EXCEL_SUFFIXES:
        what, lost = (
            "tệp kết quả",
            "ghi đè sẽ làm mất bảng tổng hợp Excel đó của phường, mà tệp JSON không tạo lại được",
        )
    else:
        what, lost = "tệp", "ghi đè sẽ làm mất tệp đó của phường"
    return (
        f"{_capital(label)} \u201c{target}\u201d là {what} của chính lần tổng hợp {run_id}, lần "
        f"tổng hợp có số liệu trong {SUMMARY_INPUT} \u201c{summary}\u201d: {lost}. Hãy chọn tên tệp "
        "khác."
    )


# What each kind of output is, by its file's suffix: an Excel workbook named `.xlsm` or `.csv`
# would not open (and could replace the `.xlsm` with the buttons), JSON named `.xlsx` could
# replace a submission.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "workbook": (".xlsx",),
    "json": (".json",),
    "validation": (".json",),
    "feedback": (".xlsx",),
}
# A report is Markdown or .docx whatever its name (`--format` wins over the suffix), but only
# under a report's suffix (or none): any other may be a file the report would destroy, such as a
# workbook, JSON, the history (`.sqlite`), a CSV registry or a submission saved by WPS (`.et`).
REPORT_SUFFIXES = ("", ".md", ".markdown", ".txt", ".docx")


_SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database
HISTORY_FOUND = "tệp lịch sử tổng hợp (SQLite)"  # how a refusal names an existing history
_OLE_HEADER = bytes.fromhex("D0CF11E0A1B11AE1")


def _head(path: Path) -> bytes:
    """The first bytes of an existing regular file (enough to know an SQLite database); none
    when there is no such file or it cannot be read (its write then fails with its own reason)."""
    try:
        if not path.is_file():
            return b""
        with path.open("rb") as fh:
            return fh.read(len(_SQLITE_HEADER))
    except OSError:
        return b""


def is_history_file(path: Path) -> bool:
    """Whether an existing file is an SQLite database, whatever its name: a history of
    consolidations (a ward-stats history of another name, or another program's database, is
    no less lost when replaced)."""
    return _head(Path(path)).startswith(_SQLITE_HEADER)


def refuse_history(target: Path, label: str) -> None:
    """Refuse, before anything is written, an output (`label`: how messages name it) whose
    target is an existing SQLite database, whatever its name: every output's check of an
    existing target (`check_outputs`, `check_build_target`). The suffix checks alone let
    `consolidate -o lich_su.xlsx`, `--json lich_su.json`, `history export`, `rollup`,
    `validate --json` and `lists -o` replace a history that `--history lich_su.xlsx` had made
    under that name, exit 0, every stored consolidation lost (hunt122 F1); the report refused
    it already (hunt113 D1), and now says it in these words too."""
    if is_history_file(target):
        raise OutputError(
            f"{_capital(label)} \u201c{target}\u201d là {HISTORY_FOUND} đang có: ghi đè sẽ làm mất mọi "
            "lần tổng hợp đã lưu trong đó, nên không ghi đè. Hãy chọn tên tệp khác."
        )


def _no_report(path: Path) -> str | None:
    """What an existing file a report would replace certainly is, when it is no report (a
    workbook, JSON, whatever its name: `report -o HD01` replaced a submission saved without a
    suffix, hunt113 D1); None when there is no such file or it may be a report (a Word
    document, text). A history (SQLite) is refused before, as for every output
    (`refuse_history`)."""
    head = _head(path)
    try:
        if head.startswith(_OLE_HEADER):
            return "tệp bảng tính"
        if head.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(path) as zf:
                return None if "word/document.xml" in zf.namelist() else "tệp bảng tính hoặc tệp nén"
        if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
            return "tệp JSON"
    except (OSError, zipfile.BadZipFile):
        return None
    return None


def _filled_submission(path: Path) -> bool:
    """Whether an existing file is a branch's submission with something filled in (read with
    the submissions' reader; a consolidated workbook of ours is none): rows, a code, or data
    the reader does not read as rows (`Submission.data_not_read`, the list on a copy of a sheet)."""
    return _existing_kind(path) == "submission"


def _existing_kind(path: Path) -> str | None:
    """What an existing workbook is that no output may replace: "submission" (a branch's, with
    something filled in), "template" (the blank template as the tool writes it, which the
    secretaries are sent), "registry" (a workbook holding the ward's registry: the registry table
    the submissions' reader recognises, `reader.RegistryBook`, or the consolidation workbook with
    the buttons saved under another suffix), or None (anything else, an output of ours
    included: `output_workbook_at`)."""
    if not path.is_file() or consolidated_workbook_at(path) or output_workbook_at(path):
        return None
    from toolkit.io.reader import read_submission

    sub = read_submission(path)
    if sub.own_blank_template:
        return "template"
    if sub.own_output:
        return "registry"
    if sub.readable and (bool(sub.rows_read) or bool(sub.org_code) or sub.data_not_read):
        return "submission"
    return None


def check_kind(
    target: Path, suffixes: tuple[str, ...], label: str, *, feedback: bool = False, lists: bool = False
) -> None:
    """Refuse, before anything is written, a target whose suffix is not what is written into
    it, or that is a filled submission or a registry workbook (from any folder: never
    overwritten; the run's own --registry is an input, refused as such), or a feedback workbook
    for a chi bộ unless a feedback is what is written (`feedback`): the clerk forwards that
    file, and a ward's result or lists in it would go to one chi bộ; or the work lists unless
    lists are what is written (`lists`): `consolidate -o ds.xlsx` replaced the lists of `lists
    -o ds.xlsx` without a word (hunt173 F5), when `lists` refuses a result
    (`worklists.check_not_a_result`). A result of ward-stats, a consolidation's earlier output,
    is replaced (`output_workbook_at`)."""
    if target.suffix.casefold() not in suffixes:
        ends = " hoặc ".join(suffixes)
        raise OutputError(
            f"{_capital(label)} \u201c{target}\u201d phải có đuôi {ends}: tệp ghi ra là tệp {ends}, "
            "ghi vào tên khác sẽ không mở được hoặc làm mất tệp đang có. Hãy đặt tên tệp có đuôi "
            f"{suffixes[0]}."
        )
    if target.suffix.casefold() != ".xlsx":
        return
    kind = _existing_kind(target)
    if kind == "submission":
        raise OutputError(
            f"{_capital(label)} \u201c{target}\u201d là một bài nộp đã có số liệu: không bao giờ ghi "
            "đè bài nộp. Hãy chọn tên tệp khác."
        )
    if kind == "template":
        raise OutputError(
            f"{_capital(label)} \u201c{target}\u201d là biểu mẫu trống gửi các chi bộ: không ghi số "
            "liệu vào đó. Hãy chọn tên tệp khác."
        )
    if kind == "registry":
        raise OutputError(
            f"{_capital(label)} \u201c{target}\u201d là tệp có danh mục tổ chức của phường: không "
            "bao giờ ghi đè danh mục tổ chức. Hãy chọn tên tệp khác."
        )
    if not lists and target.is_file() and work_lists_at(target):
        raise OutputError(
            f"{_capital(label)} \u201c{target}\u201d là tệp danh sách đảng viên cần theo dõi của "
            "ward-stats (lệnh lists, nút “Danh sách”), có họ tên, ngày sinh của đảng viên: ghi vào "
            "đó sẽ làm mất danh sách này. Hãy chọn tên tệp khác."
        )
    if not feedback and target.is_file():
        from toolkit.outputs.feedback import is_feedback_workbook

        if is_feedback_workbook(target):
            raise OutputError(
                f"{_capital(label)} \u201c{target}\u201d là tệp phản hồi của ward-stats gửi lại một chi "
                "bộ: không ghi số liệu toàn phường vào đó. Hãy chọn tên tệp khác, ngoài thư mục phản hồi."
            )


def check_build_target(target: Path, *, overwrite: bool) -> None:
    """Refuse a target of `build-workbook -o` that is no `.xlsm` (the workbook has macros: Excel
    opens it only under that suffix), an existing file without `overwrite` (a clerk's
    `tong_hop_phuong.xlsm` holds the registry and the settings), or ever a filled submission."""
    label = "tệp tổng hợp -o"
    check_target(target)
    check_kind(target, (".xlsm",), label)
    refuse_history(target, label)
    if not target.exists():
        return
    if _filled_submission(target):
        raise OutputError(
            f"{_capital(label)} \u201c{target}\u201d là một bài nộp đã có số liệu: không bao giờ ghi "
            "đè bài nộp. Hãy chọn tên tệp khác."
        )
    if not overwrite:
        raise OutputError(
            f"{_capital(label)} \u201c{target}\u201d đã có. Ghi đè sẽ mất danh mục tổ chức và các thiết "
            "lập đã điền trong tệp đó: hãy chọn tên tệp khác, hoặc thêm --overwrite nếu đúng là muốn "
            "tạo lại tệp này."
        )


# --------------------------------------------------------------------------------------------
# Publishing
# --------------------------------------------------------------------------------------------


# The file locked in each output folder where there is no `flock` (Windows, `msvcrt_lock_folder`):
# a temporary name (`TEMP_PREFIX`), so that the folder scans skip it and no sweep takes it for a
# killed writer's file; it is removed when the lock is given back.
COMMIT_LOCK_NAME = f"{TEMP_PREFIX}lock"
# How long a run waits for another one publishing into the same folder on Windows before it
# stops, writing nothing. The holder may itself wait up to the history's timeout (10 s,
# `toolkit.history.store.DEFAULT_TIMEOUT`) inside the lock, and write megabytes to a network
# share: the wait is a few times that, bounded so that a button never hangs without a word.
COMMIT_LOCK_TIMEOUT = 60.0
COMMIT_LOCK_POLL = 0.1  # seconds between two tries
# How long opening the lock file is tried again: a lock file that another run is removing can
# refuse to open for a moment on Windows (access denied while its deletion is pending).
COMMIT_LOCK_OPEN_GRACE = 1.0

# Locks one output folder: gives the function that releases it, or None when no lock could be
# taken there (the folder cannot be opened: the writes that follow report it).
FolderLock = Callable[[Path], Callable[[], None] | None]


class Msvcrt(Protocol):
    """What `msvcrt_lock_folder` uses of Windows' `msvcrt` module (a stand-in in the tests)."""

    LK_NBLCK: int
    LK_UNLCK: int

    def locking(self, fd: int, mode: int, nbytes: int, /) -> None: ...


def folder_locker() -> FolderLock:
    """How this system locks an output folder, chosen by what it can import: POSIX `flock` on
    the folder itself (`fcntl`), else Windows' `msvcrt.locking` on a lock file in it, else
    nothing (a system with neither)."""
    try:
        import fcntl
    except ImportError:
        pass
    else:
        return functools.partial(flock_folder, fcntl=fcntl)
    try:
        msvcrt: Msvcrt = importlib.import_module("msvcrt")
    except ImportError:
        return lambda folder: None
    return functools.partial(msvcrt_lock_folder, msvcrt=msvcrt)


def flock_folder(folder: Path, *, fcntl: Any) -> Callable[[], None] | None:
    """An exclusive `flock` on the folder itself, waited for as long as it takes; closing the
    folder releases it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None  # the folder check reports it; no lock is needed to fail
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        raise
    return functools.partial(os.close, fd)


def msvcrt_lock_folder(
    folder: Path, *, msvcrt: Msvcrt, timeout: float | None = None
) -> Callable[[], None] | None:
    """An exclusive lock on the first byte of the folder's lock file (`COMMIT_LOCK_NAME`, made
    when missing) with `msvcrt.locking`: Windows locks byte ranges of open files, on a local
    disk and on a shared folder alike (the server holds the lock, so two PCs are ordered too),
    and cannot lock a folder. A byte past the end of an empty file may be locked there.

    The lock is tried (`LK_NBLCK`) every `COMMIT_LOCK_POLL` seconds for up to `timeout`
    (`COMMIT_LOCK_TIMEOUT`); a run still waiting then stops with an `OutputError`, having
    written nothing. A failure that is no other run's lock (a file system that locks nothing)
    leaves the folder unlocked, as it was before Windows had a lock; so does a lock file that
    cannot be opened (the writes that follow report a folder that cannot be written). The
    release unlocks the byte, closes the file, and removes it unless another run has it open
    (Windows refuses then: that run locks it next)."""
    path = Path(folder) / COMMIT_LOCK_NAME
    started = time.monotonic()
    limit = COMMIT_LOCK_TIMEOUT if timeout is None else timeout
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0))
            break
        except PermissionError:
            if time.monotonic() - started >= min(limit, COMMIT_LOCK_OPEN_GRACE):
                return None
            time.sleep(COMMIT_LOCK_POLL)
        except OSError:
            return None
    try:
        while True:
            os.lseek(fd, 0, os.SEEK_SET)  # locking takes the bytes from the file's position
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                break
            except OSError as exc:
                if exc.errno not in _HELD:  # no other run's lock: this file system locks nothing
                    os.close(fd)
                    with contextlib.suppress(OSError):
                        os.remove(path)
                    return None
            if time.monotonic() - started >= limit:
                raise OutputError(
                    f"Thư mục \u201c{folder}\u201d đang được một lần chạy ward-stats khác ghi kết quả "
                    "(có thể nút vừa được bấm hai lần, hoặc một máy khác đang ghi vào thư mục dùng "
                    f"chung); đã chờ {limit:g} giây mà lần chạy đó chưa xong. Chưa ghi tệp nào, các "
                    "tệp cũ vẫn giữ nguyên. Hãy chờ lần chạy kia xong rồi chạy lại."
                )
            time.sleep(COMMIT_LOCK_POLL)
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        raise

    def release() -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass  # closing the file releases it too
        finally:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.remove(path)

    return release


# The errors of `msvcrt.locking` on a byte another process has locked: EACCES (the C runtime's
# for ERROR_LOCK_VIOLATION, what LK_NBLCK gives), EDEADLOCK (what a blocking LK_LOCK gives after
# its ten tries; taken as held too).
_HELD = frozenset({errno.EACCES, getattr(errno, "EDEADLOCK", errno.EDEADLK), errno.EDEADLK})


@contextlib.contextmanager
def _commit_lock(folders: list[Path]) -> Iterator[None]:
    """An exclusive lock on each output folder (`folder_locker`: `flock` on the folder on
    POSIX, `msvcrt.locking` on a lock file in it on Windows): two runs never interleave their
    renames."""
    lock = folder_locker()
    releases: list[Callable[[], None]] = []
    try:
        for folder in folders:
            release = lock(folder)
            if release is not None:
                releases.append(release)
        yield
    finally:
        for release in reversed(releases):
            release()


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl+C (and SIGTERM) wait until the renames are done: they are a few system calls, and
    stopping between two of them would leave outputs of two runs side by side.

    The signals are taken by a handler of ours for the block, which only remembers them, and
    raised again once the handlers of before are back. (Blocking them in this thread would
    not do: the kernel gives a signal sent to the process to a thread that does not block it,
    such as one of numpy's OpenBLAS threads, and Python then raises KeyboardInterrupt here.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    before: dict[signal.Signals, Any] = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(sig)
        if handler is None or handler == signal.SIG_IGN:  # not Python's to change, or ignored anyway
            continue
        before[sig] = signal.signal(sig, lambda received, _frame: held.append(received))
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
        for received in dict.fromkeys(held):
            if received == signal.SIGTERM and before.get(signal.SIGTERM) == signal.SIG_DFL:
                _say_terminated()  # the default action ends the process without a word
            signal.raise_signal(received)  # as if it came now: KeyboardInterrupt, or the end


def _say_terminated() -> None:
    """Print, on stderr, what a command ended by a SIGTERM held back in `interrupts_deferred`
    had kept (`terminated_line`), before the signal's default action ends it (hunt228 R2)."""
    with contextlib.suppress(Exception):  # a closed or broken stderr: it ends all the same
        print(terminated_line(), file=sys.stderr, flush=True)


def _rendered(output: Output) -> bytes:
    """The bytes of `output`; an unexpected error while they are made names it (`making`)."""
    with making(output.target):
        return output.render()


class RecordStep(Protocol):
    """A record committed with the outputs (the history's): begun once every output is staged,
    committed after the last rename. `begin` and `commit` say whether they changed what the
    outputs of `AFTER_RECORD` hold (a warning added), which are then made again."""

    def begin(self) -> bool: ...

    def commit(self) -> bool: ...

    def rollback(self) -> None: ...

    def not_carried(self, target: Path, label: str, reason: str) -> None:
        """The output `target` of `AFTER_RECORD`, already in place, could not be made again to
        carry the warning `commit` added (`reason`: why not, in Vietnamese): say so with it."""


@dataclass
class HistoryStep:
    """The history record of a consolidation as a `RecordStep` (`toolkit.history.session`)."""

    result: ConsolidationResult
    run: RunHistory
    pending: PendingRecord | None = None
    failed: Issue | None = None  # the warning of a commit that failed

    def begin(self) -> bool:
        from toolkit.history.session import begin_record

        before = len(self.result.issues)
        self.pending = begin_record(self.result, self.run)
        return len(self.result.issues) != before

    def commit(self) -> bool:
        from toolkit.history.session import commit_record

        pending, self.pending = self.pending, None
        if pending is None:
            return False
        self.failed = commit_record(self.result, self.run, pending)
        if self.failed is None and self.run.recorded_id is not None:
            # Kept for good: a Ctrl+C from now on says so (the status line naming the record
            # is then never printed), not that no file but the outputs changed.
            note_recorded(
                f"Lần tổng hợp này đã được ghi vào lịch sử tổng hợp \u201c{self.run.store.path}\u201d "
                f"(lần số {self.run.recorded_id})."
            )
        return self.failed is not None

    def rollback(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.rollback()

    def not_carried(self, target: Path, label: str, reason: str) -> None:
        from toolkit.history.session import extend_issue

        if self.failed is not None:
            self.failed = extend_issue(
                self.result,
                self.run,
                self.failed,
                f"{_capital(label)} \u201c{target}\u201d đã được ghi (bản của lần tổng hợp này) nhưng "
                f"không có cảnh báo này: không ghi lại được tệp đó để thêm cảnh báo ({reason}).",
            )


class Publication:
    """The outputs of one run, checked, made and put in place together (module docstring)."""

    def __init__(
        self,
        run_id: str | None = None,
        *,
        inputs: Mapping[Path, str] | None = None,
        record: RecordStep | None = None,
        also_written: Iterable[tuple[Path, str]] = (),
        parallel: bool = False,
    ) -> None:
        self.run_id = run_id or new_run_id(dt.datetime.now())
        # Make the workbook in a second process while this one makes the other outputs.
        self.parallel = parallel
        self.inputs: dict[Path, str] = dict(inputs or {})
        self.outputs: list[Output] = []
        self.record = record
        # Files the run writes outside the renames (the history file): checked like outputs.
        self.also_written = list(also_written)
        self._made_folders: list[Path] = []  # made for the outputs (`make_folder`), deepest first
        self._known: dict[object, tuple[Path, str]] | None = None  # the inputs, once `reads` asks

    def add(self, kind: str, target: Path, render: Callable[[], bytes], *, label: str) -> None:
        """One more output: `render()` makes its bytes when the publication is published."""
        if kind not in ORDER:
            raise ValueError(f"unknown output kind {kind!r}")
        self.outputs.append(Output(kind, Path(target), render, label))

    def check(self) -> None:
        """Refuse outputs that would destroy an input or each other (`check_outputs`), an
        output of the run of an input summary (`check_input_runs`), or outputs whose suffix is
        not their kind's (`check_kind`)."""
        check_outputs(((o.target, o.label) for o in self.outputs), self.inputs, in_place=self.also_written)
        check_input_runs(((o.target, o.label) for o in self.outputs), self.inputs, run_id=self.run_id)
        for o in self.outputs:
            if o.kind in SUFFIXES:
                check_kind(o.target, SUFFIXES[o.kind], o.label, feedback=o.kind == "feedback")
            else:
                # Windows drops a name's trailing dots and spaces: "lich_su.sqlite." is the history.
                suffix = Path(o.target.name.rstrip(". ")).suffix
                if suffix.casefold() not in REPORT_SUFFIXES:
                    raise OutputError(
                        f"{_capital(o.label)} \u201c{o.target}\u201d mang đuôi \u201c{suffix}\u201d, "
                        "không phải đuôi của tệp báo cáo: ghi báo cáo vào đó có thể làm mất tệp đang có "
                        "(bảng tính, JSON, lịch sử tổng hợp…). Hãy đặt tên có đuôi .docx hoặc .md."
                    )
                if (kind := _no_report(o.target)) is not None:
                    raise OutputError(
                        f"{_capital(o.label)} \u201c{o.target}\u201d là {kind} đang có, không phải báo cáo: "
                        "không ghi đè. Hãy đặt tên khác, có đuôi .docx hoặc .md."
                    )

    def reads(self, target: Path) -> bool:
        """Whether `target` is one of the inputs this run has read (`clashing_input`): a killed
        run's temporary file is never completed over it (`sweep_stale_temps`), or what this run
        writes would disagree with the file beside it that it was made from."""
        if self._known is None:
            self._known = _known_inputs(self.inputs)
        return _clash(_keys(target), self._known) is not None

    def make_folder(self, folder: Path) -> None:
        """Make `folder` (and its missing parents) for outputs of this publication; should
        the publication fail or be stopped, the folders made here are removed again (when
        nothing else has come into them), so a run that writes nothing leaves no folder."""
        self._made_folders.extend(make_folders(folder))

    def publish(self) -> list[Path]:
        """Check, make every output in memory, then put them in place in `ORDER`."""
        try:
            self.check()
            ordered = sorted(self.outputs, key=lambda o: ORDER.index(o.kind))
            made = self._make(ordered)  # all bytes before the first write
            folders = distinct_folders(o.target for o in ordered)
            with _commit_lock(folders):
                for folder in folders:
                    sweep_stale_temps(folder, reading=self.reads)
                self._commit(made, folders)
        except BaseException:
            for folder in self._made_folders:  # deepest first; only when empty
                with contextlib.suppress(OSError):
                    folder.rmdir()
            raise
        return [o.target for o in ordered]

    def _make(self, ordered: list[Output]) -> list[tuple[Output, bytes]]:
        """The bytes of every output. With `parallel`, the workbook (the slowest to make) is
        made in a forked child while this process makes the others (`toolkit.io.forked`)."""
        # Making a workbook of tens of thousands of rows creates a million objects and no
        # cycles worth collecting: the collector is paused (in the forked child too, which
        # inherits the pause), as it is for reading (`toolkit.io.runtime.gc_paused`).
        with gc_paused():
            workbook = next((o for o in ordered if o.kind == "workbook"), None)
            if not self.parallel or workbook is None or len(ordered) == 1:
                return [(o, _rendered(o)) for o in ordered]
            child = Forked(workbook.render)
            try:
                others = {id(o): _rendered(o) for o in ordered if o is not workbook}
                with making(workbook.target):  # made again here when the child failed
                    others[id(workbook)] = child.result()
            except BaseException:
                child.cancel()
                raise
            return [(o, others[id(o)]) for o in ordered]

    def _commit(self, made: list[tuple[Output, bytes]], folders: list[Path]) -> None:
        staged: list[Staged] = []
        renamed: list[Path] = []
        # Many outputs (the feedback files of `validate --feedback`) are named as soon as each
        # is written: an anonymous file is an open descriptor until it is named, and the
        # system allows a process only so many (1,024 by default on Linux).
        name_at_once = len(made) > ANONYMOUS_AT_MOST
        current = made[-1][0].target  # the output being written: the one a failure names
        try:
            for index, (out, data) in enumerate(made):
                current = out.target
                staged.append(stage(out.target, data, self._temp(made, index)))
                if name_at_once:
                    staged[-1].name()
            if self.record is not None and self.record.begin():
                self._remake_after_record(made, staged)
            # What each target holds now, to give it back should a later rename fail (a file
            # Excel has open, on Windows): the run's outputs stand or fall together.
            old = {
                item.target: _old_bytes_if_any(item.target) for item in staged if os.path.lexists(item.target)
            }
            with interrupts_deferred():
                for item in staged:
                    current = item.target
                    item.name()
                for item in staged:
                    current = item.target
                    try:
                        os.replace(item.temp, item.target)
                    except OSError:
                        renamed = _given_back(renamed, old)
                        raise
                    renamed.append(item.target)
                for folder in folders:
                    fsync_dir(folder)  # the outputs are durable before their record is
                # The new outputs are in place: a Ctrl+C held back meanwhile, or pressed from now
                # on, says these were written, and nothing from here on says the old ones were kept.
                note_written(out.target for out, _ in made)
                if self.record is not None and self.record.commit():
                    self._carry_record_warning(made, staged, folders)
        except OSError as exc:
            from toolkit.io.atomic import write_failure

            # The target, never the temporary name (which may be what the system refused).
            target = current
            if renamed:  # a rename failed after others: say which files are new
                raise _partly_renamed(target, exc, renamed, recorded=self.record is not None) from None
            failure = write_failure(target, exc)
            others = [out.target for out, _ in made if out.target != target]
            if others or self.record is not None:  # the run's other outputs and record fell with it
                raise OutputError(
                    f"{failure} {_none_written(others, recorded=self.record is not None)}"
                ) from None
            raise failure from None
        finally:
            if self.record is not None:
                self.record.rollback()  # a no-op once committed
            for item in staged:
                item.discard()

    def _temp(self, made: list[tuple[Output, bytes]], index: int) -> Path:
        """The temporary name of the `index`-th output (`toolkit.io.atomic.run_temp_name`)."""
        target = made[index][0].target
        folder = _resolved(target.parent)
        first = next(i for i, (o, _) in enumerate(made) if _resolved(o.target.parent) == folder)
        joint = made[index][0].kind in JOINT_KINDS
        return run_temp_name(target, self.run_id, index, len(made), first, joint=joint)

    def _remake_after_record(self, made: list[tuple[Output, bytes]], staged: list[Staged]) -> None:
        """Make and stage again, before the renames, the outputs that must carry the warning of
        a record that could not be begun (the JSON summary)."""
        for index, (out, _) in enumerate(made):
            if out.kind not in AFTER_RECORD:
                continue
            staged[index].discard()
            staged[index] = stage(out.target, out.render(), self._temp(made, index))

    def _carry_record_warning(
        self, made: list[tuple[Output, bytes]], staged: list[Staged], folders: list[Path]
    ) -> None:
        """After the renames, the record could not be committed: make the outputs of
        `AFTER_RECORD` again, carrying its warning, and rename them over the ones just put in
        place. When one cannot be written either (the disk that refused the record is full),
        the one in place stays — this run's, without the warning — and the record step says so
        in the warning (`RecordStep.not_carried`); the run is published all the same."""
        from toolkit.core.errors import os_error_text
        from toolkit.io.atomic import stage_or_fail

        assert self.record is not None
        for index, (out, _) in enumerate(made):
            if out.kind not in AFTER_RECORD:
                continue
            staged[index].discard()
            try:
                staged[index] = stage_or_fail(out.target, out.render(), self._temp(made, index))
                staged[index].name()
                os.replace(staged[index].temp, out.target)
            except OSError as exc:
                staged[index].discard()
                self.record.not_carried(out.target, out.label, os_error_text(exc))
        for folder in folders:
            fsync_dir(folder)


# What a file is at a moment: None when there is none, else its device, inode, size, and
# modification and change times (ns) — which writing, replacing or copying a file there changes.
FileState = tuple[int, int, int, int, int] | None


def file_state(path: Path) -> FileState:
    """What is at `path` now (`FileState`); a failure to look at it (not its absence) is the
    error of a write to it that failed (`write_failure`)."""
    from toolkit.io.atomic import write_failure

    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise write_failure(path, exc) from None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def tidy_folder(folder: Path) -> list[Path]:
    """Complete or remove what killed runs left in `folder` (`sweep_stale_temps`, under the
    folders' lock), before a `FileSet`'s targets there are judged. The files a run killed
    between two renames left to complete are then files already there, judged as any other
    (`upgrade` leaves them out, as it does the ones that run renamed; `template` without
    `--overwrite` refuses them), not files that appeared while this command ran, which
    `FileSet.commit` refuses (its own sweep then finds only what a run killed meanwhile
    left). A folder that is not there holds nothing to tidy, nor one that cannot be looked at
    (`os.path.isdir`: `Path.is_dir` raises a PermissionError under a folder the user may not
    enter, which then was said as a file "open in another program" before the folder could be
    said not to be made: hunt228 F1). Returns the files a killed run's were not completed over
    because they changed after it (`sweep_stale_temps`)."""
    folder = Path(folder)
    if not os.path.isdir(folder):
        return []
    with _commit_lock([folder]):
        return sweep_stale_temps(folder)


class FileSet:
    """Files of one command that stand or fall together: the pre-filled templates of `ward-stats
    template`, the upgraded files of `ward-stats upgrade` (docs/publishing.md, "Sets of files").

    Each file is made in memory and added (`add`); nothing touches the disk until `commit`,
    so a failure or a Ctrl+C while they are made leaves no new file and no temporary one.
    `commit` then, holding the folders' lock, tidies what runs killed meanwhile left there (the
    callers tidy each folder before they judge its targets: `tidy_folder`), writes each
    file beside its target under a hidden run temporary name (`run_temp_name`, so that
    `sweep_stale_temps` completes or removes the files of a run killed meanwhile: each file
    stands alone, `SINGLE_TEMP`, and is completed only where nothing is; one file
    descriptor open at a time, however many files), and renames them all into place with
    Ctrl+C and SIGTERM held back. Just before the renames, a target that is not what it was
    when it was judged — a file that appeared where none may be replaced, or any file that
    appeared or changed since `watch` (a secretary's filled submission copied in while the
    templates were made) — stops the commit, nothing renamed. A rename that fails undoes the
    ones before it (a new file removed, a replaced one given back its bytes), so the old files
    stay as they were. Once every file is in place they are noted
    (`toolkit.core.errors.note_written`): a Ctrl+C held back during the renames, or pressed
    later, says that they were written, and which.
    """

    def __init__(self, run_id: str | None = None) -> None:
        self.run_id = run_id or new_run_id(dt.datetime.now())
        self._files: list[tuple[Path, bytes, bool]] = []
        self._seen: dict[Path, FileState] = {}  # what a replaceable target was when judged

    def __len__(self) -> int:
        return len(self._files)

    def watch(self, targets: Iterable[Path]) -> None:
        """Remember what each target is now (`file_state`), before the caller judges whether
        it may be replaced: at `commit`, a target that is no longer that file (one appeared, or
        it was written or replaced meanwhile) is not replaced. Call it before the judging, so
        that a change during the judging is seen too."""
        for target in targets:
            self._seen[Path(target)] = file_state(Path(target))

    def add(self, target: Path, data: bytes, *, replace: bool) -> None:
        """One more file: ``data`` becomes ``target`` at `commit`. Without ``replace``, a file
        found at ``target`` then (made meanwhile by another program) stops the commit before
        anything is written; with it, a file that appeared or changed there since `watch` (or,
        for a target not watched, since this call) stops it too."""
        target = Path(target)
        if replace and target not in self._seen:
            self._seen[target] = file_state(target)
        self._files.append((target, data, replace))

    def commit(self) -> list[Path]:
        """Put every file in place, or none (the class docstring); returns the targets."""
        files, self._files = self._files, []
        targets = [target for target, _, _ in files]
        if not targets:
            return []
        folders = distinct_folders(targets)
        first: dict[str, int] = {}
        for index, target in enumerate(targets):
            first.setdefault(_resolved(target.parent), index)
        with _commit_lock(folders):
            for folder in folders:
                sweep_stale_temps(folder)
            staged: list[Staged] = []
            try:
                self._refuse_changed(files)
                for index, (target, data, _) in enumerate(files):
                    at = first[_resolved(target.parent)]
                    temp = run_temp_name(target, self.run_id, index, len(files), at)
                    staged.append(stage(target, data, temp))
                    _named(staged[-1])
                old = {t: _old_bytes(t) for t in targets if os.path.lexists(t)}
                # Once more after the writing (seconds for many files), right before the renames.
                self._refuse_changed(files)
                with interrupts_deferred():
                    _rename_all(staged, old, folders)
                    note_written(targets)
            finally:
                for item in staged:
                    item.discard()  # nothing left once renamed
                for folder in folders:
                    _remove_run_temps(folder, self.run_id)
        return targets

    def _refuse_changed(self, files: list[tuple[Path, bytes, bool]]) -> None:
        """Stop the commit, nothing renamed, when a target is no longer what it was judged to
        be: a file where none may be replaced, or one that appeared or changed since `watch`
        (a target since removed is no loss: it is written)."""
        for target, _, replace in files:
            now = file_state(target)
            if not replace and now is not None:
                raise OutputError(
                    f"Tệp \u201c{target}\u201d vừa được tạo trong lúc lệnh đang chạy: không ghi đè. "
                    "Chưa tệp nào được ghi; hãy chạy lại."
                )
            if replace and now is not None and now != self._seen.get(target):
                what = "vừa được tạo" if self._seen.get(target) is None else "vừa thay đổi"
                raise OutputError(
                    f"Tệp \u201c{target}\u201d {what} trong lúc lệnh đang chạy (có thể là bài nộp "
                    "vừa được chép vào): không ghi đè. Chưa tệp nào được ghi; hãy chạy lại để kiểm tra "
                    "lại tệp đó."
                )


def _partly_renamed(target: Path, exc: OSError, renamed: list[Path], *, recorded: bool) -> OutputError:
    """The error of a publication whose rename of `target` failed after `renamed` were put in
    place: which files are new and which are not (`recorded`: the run had a history record,
    which is then not written)."""
    from toolkit.core.errors import os_error_text

    names = ", ".join(f"\u201c{p}\u201d" for p in renamed)
    history = "; lần tổng hợp này không được ghi vào lịch sử" if recorded else ""
    return OutputError(
        f"Không ghi được tệp \u201c{target}\u201d: {os_error_text(exc)}. {len(renamed)} tệp ghi "
        f"ngay trước đó đã là bản mới: {names}; tệp \u201c{target.name}\u201d và các tệp ghi sau "
        f"nó (nếu có) vẫn là bản cũ{history}. Hãy xử lý rồi chạy lại để các tệp khớp nhau."
    )


# Files a message names of a run's other outputs not written; beyond them, how many more.
NAMED_OTHERS = 3


def _none_written(others: list[Path], *, recorded: bool) -> str:
    """After a write that failed before any output was put in place: the run's other outputs
    (`others`) were not written either, their old files kept, and a run with a history record
    was not recorded (hunt313 F3: the message named the file that failed alone)."""
    parts = []
    if others:
        names = ", ".join(f"\u201c{p}\u201d" for p in others[:NAMED_OTHERS])
        more = f" và {len(others) - NAMED_OTHERS} tệp khác" if len(others) > NAMED_OTHERS else ""
        parts.append(
            f"Các tệp kết quả khác của lần chạy này cũng chưa được ghi ({names}{more}; tệp cũ, nếu có, "
            "vẫn giữ nguyên)"
        )
    if recorded:
        parts.append(
            "lần tổng hợp này không được ghi vào lịch sử"
            if parts
            else "Lần tổng hợp này không được ghi vào lịch sử"
        )
    return "; ".join(parts) + "."


def _old_bytes_if_any(target: Path) -> bytes | None:
    """The bytes of an existing file about to be replaced; None when they cannot be read (it is
    then not given back should a later rename fail, and is named so)."""
    try:
        return target.read_bytes()
    except OSError:
        return None


def _given_back(renamed: list[Path], old: Mapping[Path, bytes | None]) -> list[Path]:
    """Undo the renames of `renamed` (a later one failed): each target gets its old bytes back
    (`old`: the targets there were, None where they could not be read), or is removed where
    there was none. Returns the targets that could not be given back, which are new."""
    from toolkit.io.atomic import atomic_write_bytes

    left: list[Path] = []
    for target in reversed(renamed):
        try:
            if target not in old:
                target.unlink()
            elif (data := old[target]) is not None:
                atomic_write_bytes(target, data)
            else:
                left.append(target)
        except (OSError, OutputError):
            left.append(target)
    return list(reversed(left))


def _old_bytes(target: Path) -> bytes:
    """The bytes of a file about to be replaced, to give it back if a later rename fails."""
    from toolkit.io.atomic import write_failure

    try:
        return target.read_bytes()
    except OSError as exc:
        raise write_failure(target, exc) from None


def _named(item: Staged) -> None:
    """Give a staged file its temporary name now (its descriptor closed)."""
    from toolkit.io.atomic import write_failure

    try:
        item.name()
    except OSError as exc:
        raise write_failure(item.target, exc) from None


def _rename_all(staged: list[Staged], old: Mapping[Path, bytes], folders: list[Path]) -> None:
    """Rename every staged file over its target, in order; when one fails, undo the renames
    before it and raise the failure (naming the files that could not be given back, if any)."""
    from toolkit.core.errors import os_error_text
    from toolkit.io.atomic import atomic_write_bytes, write_failure

    done: list[Staged] = []
    for item in staged:
        try:
            os.replace(item.temp, item.target)
        except OSError as exc:
            left: list[Path] = []
            for placed in reversed(done):
                try:
                    if placed.target in old:
                        atomic_write_bytes(placed.target, old[placed.target])
                    else:
                        placed.target.unlink()
                except (OSError, OutputError):
                    left.append(placed.target)
            if not left:
                raise write_failure(item.target, exc) from None
            names = ", ".join(f"\u201c{p.name}\u201d" for p in reversed(left))
            raise OutputError(
                f"Không ghi được tệp \u201c{item.target}\u201d: {os_error_text(exc)}. {len(left)} tệp "
                f"ghi ngay trước đó không trả lại được như cũ và đang là bản mới: {names}; các tệp "
                "khác vẫn giữ nguyên. Hãy xử lý rồi chạy lại."
            ) from None
        done.append(item)
    for folder in folders:
        fsync_dir(folder)


def _remove_run_temps(folder: Path, run_id: str) -> None:
    """Remove what is left of a run's temporary files in a folder (after a failure, or a Ctrl+C
    between writing a file and keeping track of it)."""
    from toolkit.io.atomic import JOINT_TEMP, SINGLE_TEMP, TEMP_PREFIX

    prefixes = tuple(f"{TEMP_PREFIX}{kind}{run_id}-p{os.getpid()}-" for kind in (JOINT_TEMP, SINGLE_TEMP))
    try:
        leftovers = [p for p in folder.iterdir() if p.name.startswith(prefixes)]
    except OSError:
        return
    for path in leftovers:
        with contextlib.suppress(OSError):
            path.unlink()


def write_outputs(
    result: ConsolidationResult,
    workbook: Path,
    json_path: Path | None = None,
    *,
    inputs: Mapping[Path, str] | None = None,
    history: Path | None = None,
    history_timeout: float | None = None,
    label: str = OUTPUT_LABEL,
) -> RunHistory | None:
    """The consolidated workbook (with the report paragraphs), the history record at `history`
    (None: no history) and, optionally, the JSON summary of one run, published together
    (`Publication`), never over one of `inputs` — the submissions read (always) and the
    registry (when it came from a file) included. Returns how the history was used (None
    without one). `label`: how messages name the workbook, as the caller's user gave it (the
    option `-o`, a settings cell)."""
    from toolkit.history.session import open_for_run
    from toolkit.history.store import DEFAULT_TIMEOUT
    from toolkit.io.readmany import worker_count
    from toolkit.outputs.json_summary import summary_json
    from toolkit.outputs.report import report_paragraphs
    from toolkit.outputs.workbook import render_workbook

    known: dict[Path, str] = {s.path: SUBMISSION_INPUT for s in result.sources}
    known.update(inputs or {})
    written = history_written(history)
    # A batch big enough to be read on several cores has its workbook made on a second one.
    parallel = worker_count(len(result.sources)) > 1
    publication = Publication(result.run_id, inputs=known, also_written=written, parallel=parallel)
    publication.add(
        "workbook",
        workbook,
        lambda: render_workbook(result, report_text=report_paragraphs(result.to_summary()), output=workbook),
        label=label,
    )
    if json_path is not None:
        publication.add(
            "json", json_path, lambda: summary_json(result).encode("utf-8"), label="tóm tắt JSON --json"
        )
    publication.check()  # before the history is opened: it must be none of the other files
    run = None
    if history is not None:
        # Read before the outputs are made: last year's figures and the trend are in them.
        timeout = DEFAULT_TIMEOUT if history_timeout is None else history_timeout
        run = open_for_run(result, history, timeout=timeout)
        publication.record = HistoryStep(result, run)
    publication.publish()
    return run


# --------------------------------------------------------------------------------------------
# Reading the run id back
# --------------------------------------------------------------------------------------------

_CUSTOM_RUN_ID = re.compile(r'name="ward_stats_run_id"[^>]*>\s*<vt:lpwstr>([^<]+)</vt:lpwstr>', re.S)
_CORE_IDENTIFIER = re.compile(r"<dc:identifier>([^<]+)</dc:identifier>")
_REPORT_RUN_ID = re.compile(r"Số liệu của lần tổng hợp ([0-9A-Za-z-]+)\.")


def run_id_of(path: Path) -> str | None:
    """The run id an output carries (workbook, JSON summary, .md or .docx report), or None."""
    path = Path(path)
    try:
        suffix = path.suffix.lower()
        if suffix == ".json":
            value = json.loads(path.read_text("utf-8")).get("run_id")
            return value if isinstance(value, str) else None
        if suffix == ".md":
            found = _REPORT_RUN_ID.search(path.read_text("utf-8"))
            return found.group(1) if found else None
        with zipfile.ZipFile(path) as zf:
            if suffix == ".docx":
                found = _CORE_IDENTIFIER.search(zf.read("docProps/core.xml").decode("utf-8"))
            else:
                found = _CUSTOM_RUN_ID.search(zf.read("docProps/custom.xml").decode("utf-8"))
        return found.group(1) if found else None
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, AttributeError):
        return None


def outputs_agree(*paths: Path) -> bool:
    """Whether every output carries a run id and it is the same one."""
    ids = {run_id_of(p) for p in paths}
    return len(ids) == 1 and None not in ids
