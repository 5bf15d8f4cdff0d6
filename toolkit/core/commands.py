"""Commands quoted in messages as a person types them in a Command Prompt on this PC.

A message that tells the clerk to run a command must name one that works where it is typed:
the office PC's installation (`cai_dat.cmd`) never puts `C:\\WardStats\\venv\\Scripts` on PATH,
so there `ward-stats` alone is "not recognized", and a Command Prompt opens in the user's
folder, so a file named without its folder is looked for there. `program` is the name of this
installation's launcher as it can be typed, and `history_command` a `history` subcommand with
the history file named in full.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

PROGRAM = "ward-stats"
# The launcher, named as Lich su.cmd beside the .xlsm names it (the bundle's offline launcher of
# `history list --ask`, the way to remove a record, or add a removed one back, without typing a
# command).
HISTORY_LAUNCHER = "Lich su.cmd"
# The bundle's two launchers of last year's forms typed by hand, beside the .xlsm: the blank
# workbook FORMS_FILENAME made there (`history blank-forms --ask`), then added to the history
# there (`history import`), with no command typed.
FORMS_LAUNCHER = "Nam truoc 1 - Tao tep.cmd"
FORMS_IMPORT_LAUNCHER = "Nam truoc 2 - Nhap vao lich su.cmd"
FORMS_FILENAME = "so_lieu_nam_truoc.xlsx"
# The history file a run keeps by default, beside its workbook (`history.store.DEFAULT_FILENAME`:
# here so that messages of `io` can name the history beside a file).
HISTORY_FILENAME = "lich_su_tong_hop.sqlite"


def full(path: Path | str) -> Path:
    """`path` from the root, `..` resolved (symbolic links left as named)."""
    return Path(os.path.abspath(path))


def same_path(one: Path | str, other: Path | str) -> bool:
    """Whether two paths name one file as this PC's file names are compared: their full paths
    equal in the platform's case (`os.path.normcase`: case-insensitive on Windows, where a
    history keeps “So_lieu_nam_truoc.xlsx” for so_lieu_nam_truoc.xlsx; review247 L7: compared
    case-sensitively, the office launcher was not named), or both existing as one file
    (`os.path.samefile`: a case-insensitive disk elsewhere, a link)."""
    if os.path.normcase(full(one)) == os.path.normcase(full(other)):
        return True
    try:
        return os.path.samefile(one, other)
    except OSError:  # either missing or unreadable: not known to be one
        return False


def quoted(path: Path | str) -> str:
    """A path in double quotes, as both cmd.exe and a POSIX shell take one with spaces."""
    return f'"{path}"'


def argument(text: str) -> str:
    """`text` in double quotes as one argument, its own double quotes kept: each written `\\"`
    (the backslashes before it doubled), and backslashes at its end doubled, so that both the
    rules a Windows program splits its command line by (the launcher's Python,
    `CommandLineToArgvW`) and a POSIX shell's double quotes read it back as `text`. A ward named
    `Phường "Mới"`, in plain quotes, was cut at its first `"`."""
    escaped = re.sub(r'(\\*)"', lambda m: m.group(1) * 2 + '\\"', text)
    escaped = re.sub(r"(\\+)$", lambda m: m.group(1) * 2, escaped)
    return f'"{escaped}"'


def program() -> str:
    """`ward-stats` when that name, typed, runs this installation; else the full path of the
    launcher installed beside this Python (the office PC: `C:\\WardStats\\venv\\Scripts\\
    ward-stats.exe`), in quotes when it holds a space. `ward-stats` too when no launcher lies
    beside this Python (run as `python -m toolkit`): nothing better is known."""
    own = Path(sys.executable).parent / (f"{PROGRAM}.exe" if os.name == "nt" else PROGRAM)
    if not own.is_file():
        return PROGRAM
    found = shutil.which(PROGRAM)
    if found is not None:
        try:
            if os.path.samefile(found, own):
                return PROGRAM
        except OSError:
            pass
    text = str(full(own))
    return quoted(text) if " " in text else text


def history_command(arguments: str, history: Path | str) -> str:
    """`ward-stats history <arguments> --history "<the history, full path>"`: works typed in
    any folder (the `--history` default is the current folder's file)."""
    return f"{program()} history {arguments} --history {quoted(full(history))}"


def launcher_uses(history: Path | str, launcher: str) -> bool:
    """Whether the bundle's `launcher` lies beside `history` and acts on it: the launchers always
    open the history named HISTORY_FILENAME in their own folder, so beside a history of another
    name (`--history D:\\lich_su_2026.sqlite`) advice naming them would act on another file —
    `Lich su.cmd` removing a record from the wrong history (review306 N2)."""
    path = Path(history)
    return path.name.casefold() == HISTORY_FILENAME and (path.parent / launcher).is_file()


def removal_advice(record_id: int, history: Path | str) -> str:
    """How to remove record `record_id` from `history`: the command, and `Lich su.cmd` too when
    it lies beside the history (the office folder: the buttons' and launchers' history)."""
    command = f"\u201c{history_command(f'remove {record_id} --yes', history)}\u201d"
    if launcher_uses(history, HISTORY_LAUNCHER):
        return f"bấm đúp {HISTORY_LAUNCHER}, gõ số {record_id} rồi C (hoặc chạy lệnh {command})"
    return f"chạy lệnh {command}"


def forms_launcher_adds(book: Path | str, history: Path | str) -> bool:
    """Whether the office launcher FORMS_IMPORT_LAUNCHER adds the workbook of last year's forms
    `book` to `history`: it lies beside the history and `book` is the file it adds (the office
    folder, whose clerk has no Command Prompt open), so advice names it before the command.
    Compared as the PC compares file names (`same_path`)."""
    folder = Path(history).parent
    return launcher_uses(history, FORMS_IMPORT_LAUNCHER) and same_path(book, folder / FORMS_FILENAME)


def typed_import_advice(name: str, history: Path | str) -> str:
    """How to add the workbook of last year's forms named `name` (its file name, as the history
    keeps it) to `history` again, said after "thêm lại tệp “name”": FORMS_IMPORT_LAUNCHER with
    the command when the launcher adds that file (the office folder, whose clerk has no Command
    Prompt open: the advice named only the command); else the command's name, as the file's own
    folder is not known."""
    book = Path(history).parent / name
    if forms_launcher_adds(book, history):
        command = f"\u201c{history_command(f'import {quoted(full(book))}', history)}\u201d"
        return f"(bấm đúp {FORMS_IMPORT_LAUNCHER}, hoặc chạy lệnh {command})"
    return "bằng lệnh history import"


def restore_advice(copy: Path | str, history: Path | str) -> str:
    """How to add the removed record kept in `copy` back into `history`: the command, and
    `Lich su.cmd` first when it lies beside the history (its `K` step, `history list --ask`)."""
    command = f"\u201c{history_command(f'import {quoted(full(copy))}', history)}\u201d"
    if launcher_uses(history, HISTORY_LAUNCHER):
        return (
            f"bấm đúp {HISTORY_LAUNCHER}, gõ K rồi số của bản lưu “{Path(copy).name}” (hoặc chạy lệnh "
            f"{command})"
        )
    return f"chạy lệnh {command}"


def rename_advice(old: str, new: str, history: Path | str) -> str:
    """How to give the records of ward `old` in `history` the name `new` (a ward renamed):
    the command; where `Lich su.cmd` lies beside the history (the office folder, whose clerk
    works with the buttons and has no Command Prompt open), its `Đ` step first, then the
    command with where to type it, as the bundle's guide says for the command printed after a
    removal."""
    command = f"\u201c{history_command(f'rename-ward {argument(old)} {argument(new)} --yes', history)}\u201d"
    if launcher_uses(history, HISTORY_LAUNCHER):
        return (
            f"bấm đúp {HISTORY_LAUNCHER}, gõ Đ (hoặc D) rồi làm theo hướng dẫn trong cửa sổ; hoặc mở "
            f"Command Prompt, gõ hoặc dán cả dòng lệnh {command}"
        )
    return f"chạy lệnh {command}"


def merge_advice(records: list[tuple[int, str]], new: str, history: Path | str) -> tuple[str, str]:
    """How to give ward `new`, formed by merging the wards of `records` (their numbers and names
    in `history`), the sum of their figures as its own record of that cut-off: the commands that
    export each to a JSON file, and the one that imports them together with `--merged-ward`
    (`history.merge`), run in one folder. Two texts, each an issue's parameter of its own (each
    cut at `MAX_PARAM_CHARS`: with long paths, one text cut the last command off)."""
    files = [f"phuong_cu_{n}.json" for n in range(1, len(records) + 1)]
    exports = ", ".join(
        f"\u201c{history_command(f'export {record_id} --json {name}', history)}\u201d"
        for (record_id, _), name in zip(records, files, strict=True)
    )
    merged = history_command(f"import {' '.join(files)} --merged-ward {argument(new)}", history)
    return exports, f"\u201c{merged}\u201d"
