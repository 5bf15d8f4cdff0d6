"""Finding the submission files in the folders and files a user names.

A folder contributes its spreadsheet files (of any program, and those a browser is still
downloading); Office lock files and hidden files (our own temporary outputs among them) are
never submissions. One file reached by two paths (named
once and found again in its folder, or through a link) is one file. An entry that is not a
regular file (a FIFO, a device, a link to one) is kept, so that reading refuses it with a
message instead of it vanishing silently.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath

from toolkit.core.model import Issue
from toolkit.io.files import resolved

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
# Other spreadsheets a secretary's program may save (WPS Office, common on office PCs, saves
# .et; an Excel or LibreOffice template; Apple Numbers): taken too, so that reading says what
# they are (or reads them, when they are a workbook under another name) instead of the
# organisation being only "chưa nộp".
OTHER_SPREADSHEET_SUFFIXES = (".et", ".ett", ".xlt", ".xltx", ".xltm", ".numbers", ".fods", ".ots")
# What a browser names a file while downloading it (Chrome, Edge, Cốc Cốc; Firefox; Opera;
# old Internet Explorer): `HD05.xlsx.crdownload` is a submission not yet downloaded.
PARTIAL_DOWNLOAD_SUFFIXES = (".crdownload", ".part", ".opdownload", ".partial")
# Compressed folders a batch of submissions arrives in (by e-mail, Zalo): never opened.
ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z")
# A sheet saved as text ("Lưu thành → CSV"): taken too, so that reading says the submission
# cannot be read so (`file.csv`) instead of its organisation being only "chưa nộp"; but the
# ward registry may be a .csv beside the submissions, and one is left out (`is_registry_csv`).
TEXT_TABLE_SUFFIXES = (".csv",)


def is_skipped_name(name: str) -> bool:
    """Office lock files (`~$…`, `.~lock.…#`) and hidden files are never submissions."""
    return name.startswith("~$") or name.startswith(".")


# LibreOffice's lock file: `.~lock.HD01.xlsx#` beside `HD01.xlsx`.
_LIBREOFFICE_LOCK = re.compile(r"\.~lock\.(.+)#")


def lock_file_target(name: str) -> tuple[str, str] | None:
    """The file an Office lock file stands for and the program that keeps it while the file is
    open: `~$HD01.xlsx` → (`HD01.xlsx`, Excel), `.~lock.HD01.xlsx#` → (`HD01.xlsx`,
    LibreOffice); None for any other name, or a lock file of no spreadsheet."""
    if name.startswith("~$"):
        target, program = name[2:], "Excel"
    elif (m := _LIBREOFFICE_LOCK.fullmatch(name)) is not None:
        target, program = m.group(1), "LibreOffice"
    else:
        return None
    return (target, program) if target and is_submission_name(target) else None


def lone_lock_files(folders: Sequence[Path]) -> list[tuple[str, str, str]]:
    """The Office lock files at the top of `folders` whose file is not beside them, as (lock
    file's name, its file's name, the program that keeps it): a file open on another PC when
    the folder was copied, or moved away while open, leaves only its lock file, which is never
    read (`is_skipped_name`). A folder that cannot be listed has none."""
    lone: list[tuple[str, str, str]] = []
    for folder in folders:
        try:
            names = {entry.name for entry in os.scandir(folder)}
        except OSError:
            continue
        folded = {name.casefold() for name in names}  # Windows names a file in any case
        for name in sorted(names):
            found = lock_file_target(name)
            if found is not None and found[0].casefold() not in folded:
                lone.append((name, *found))
    return lone


def is_partial_download(name: str) -> bool:
    """Whether `name` is a spreadsheet a browser has not finished downloading
    (`HD05.xlsx.crdownload`)."""
    suffixes = [s.lower() for s in PurePosixPath(name).suffixes[-2:]]
    return (
        len(suffixes) == 2
        and suffixes[1] in PARTIAL_DOWNLOAD_SUFFIXES
        and suffixes[0] in SPREADSHEET_SUFFIXES
    )


def is_text_table(path: Path) -> bool:
    """Whether a file found in a folder is a sheet saved as text that may be a submission: a
    .csv (not a lock or hidden file) that is no registry table."""
    from toolkit.io.registry import is_registry_csv

    return (
        path.suffix.lower() in TEXT_TABLE_SUFFIXES
        and not is_skipped_name(path.name)
        and not is_registry_csv(path)
    )


def is_submission_name(name: str) -> bool:
    """Whether a file so named in a submissions folder may be a submission: a spreadsheet of
    any program, or one still downloading (lock and hidden files never are)."""
    if is_skipped_name(name):
        return False
    suffix = PurePosixPath(name).suffix.lower()
    return suffix in SPREADSHEET_SUFFIXES or suffix in OTHER_SPREADSHEET_SUFFIXES or is_partial_download(name)


# The first bytes of a workbook whatever its name: a zip package (.xlsx, .xlsm, .ods) or an OLE2
# compound file (.xls, .et, a password-protected .xlsx).
_WORKBOOK_MAGIC = (b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1"))


# What a file type's suffix looks like (`.docx`, `.pdf`, `.7z`, `.mp4`); the part of a name after
# its last dot that does not (`. To 3`, `.2026`) is no suffix: the name has none.
_FILE_TYPE_SUFFIX = re.compile(r"\.(?:[a-z][a-z0-9]{0,15}|7z)")


def lost_its_suffix(name: str) -> bool:
    """Whether a file's name has lost its spreadsheet suffix: none at all (`HD36`, an
    attachment saved without one; `HD so 5. To 3`, whose last dot starts no suffix) or one a
    download or a copy mangled (`HD37.xlsx(1)`, `HD37.xlsx.1`). Excel does not open such a file
    by a double click."""
    if is_skipped_name(name) or name.lower().endswith(PARTIAL_DOWNLOAD_SUFFIXES):
        return False  # a download not finished (`Unconfirmed 123456.crdownload`) is no workbook yet
    suffix = PurePosixPath(name).suffix.lower()
    if not suffix or not _FILE_TYPE_SUFFIX.fullmatch(suffix):
        return True  # no suffix, or the end of a name with a dot in it (`HD so 5. To 3`, `HD36.2026`)
    return suffix.startswith(SPREADSHEET_SUFFIXES) and suffix not in SPREADSHEET_SUFFIXES


def needs_its_suffix(name: str) -> bool:
    """Whether a file read as a workbook should be renamed for Excel to open it: its name lost
    its spreadsheet suffix (`lost_its_suffix`) or ends in one that is no spreadsheet's
    (`HD so 5.To3`, whose last dot starts what looks like a file type; `HD05.docx`)."""
    if is_skipped_name(name) or name.lower().endswith(PARTIAL_DOWNLOAD_SUFFIXES):
        return False
    suffix = PurePosixPath(name).suffix.lower()
    return lost_its_suffix(name) or suffix not in SPREADSHEET_SUFFIXES + OTHER_SPREADSHEET_SUFFIXES


# Suffixes of other files' types, and of the copies and save files programs leave beside a
# workbook: a folder's file so named is no submission (`is_workbook_without_its_suffix`); one
# named explicitly and read is told a name that replaces them (`HD05.docx` → `HD05.xlsx`); any
# other ending after a dot is part of the name (`HD05.To3` → `HD05.To3.xlsx`).
_OTHER_TYPE_SUFFIXES = (
    ".doc",
    ".docx",
    ".odt",
    ".rtf",
    ".wps",
    ".pdf",
    ".txt",
    ".dat",
    ".bin",
    ".tmp",
    ".bak",
    ".old",
    ".orig",
)
# A second copy's number after the whole name (`HD37.xlsx.1`, what some download tools save).
_COPY_NUMBER = re.compile(r"\.[0-9]{1,3}")


def with_its_suffix(name: str, *, macros: bool = False) -> str:
    """The name a workbook that lost its suffix (`needs_its_suffix`) should have: `.xlsx` (with
    macros, `.xlsm`) in place of a mangled spreadsheet suffix (`HD37.xlsx(1)` → `HD37.xlsx`), a
    copy's number before it (`HD37.xlsx.1` → `HD37 (1).xlsx`: `HD37.xlsx` is there already), in
    place of another file type's (`HD37.docx` → `HD37.xlsx`), else after the whole name
    (`HD36` → `HD36.xlsx`, `HD so 5. To 3` → `HD so 5. To 3.xlsx`)."""
    ending = ".xlsm" if macros else ".xlsx"
    path = PurePosixPath(name)
    if path.suffix.lower().startswith(SPREADSHEET_SUFFIXES):
        return path.stem + ending
    stem = PurePosixPath(path.stem)
    if _COPY_NUMBER.fullmatch(path.suffix) and stem.suffix.lower() in SPREADSHEET_SUFFIXES:
        return f"{stem.stem} ({path.suffix[1:]}){ending}"
    if path.suffix.lower() in _OTHER_TYPE_SUFFIXES:
        return path.stem + ending
    return name.rstrip(". ") + ending


def free_name(folder: Path, name: str) -> str:
    """`name`, or, when `folder` has a file so named already (the submission a copy was made of:
    the rename would replace it), the first of `name (1)`, `name (2)`… it has not, as Windows
    names a second copy (review132 #2)."""
    if not (folder / name).exists():
        return name
    stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
    stem = re.sub(r" \([0-9]+\)$", "", stem)
    n = 1
    while (folder / f"{stem} ({n}){suffix}").exists():
        n += 1
    return f"{stem} ({n}){suffix}"


# What a zip package holds when it is a workbook of Excel (or of a program saving as Excel does).
_WORKBOOK_PART = "xl/workbook.xml"


def is_workbook_without_its_suffix(path: Path) -> bool:
    """Whether a file whose name has no spreadsheet suffix holds a workbook: a name that lost
    its suffix (`lost_its_suffix`) by its first bytes, any other name (`HD so 5.To3`, whose last
    dot starts what looks like a file type) when it is a zip package holding an Excel workbook,
    unless its suffix is a known file type's (`HD05.docx`; `.tmp` and `.bak`, the copies and
    save files programs leave beside a workbook: read, each would be a second file of its
    organisation, review132 #1) or the name is a workbook's with another suffix after it
    (`HD05.xlsx.bak`: a copy kept beside the workbook). It is then read as a submission (or refused naming the
    file), never left out without a word (hunt112c #3, review118 F8). Compressed folders are
    not looked into (`ARCHIVE_SUFFIXES`)."""
    name = path.name
    if is_skipped_name(name) or name.lower().endswith(PARTIAL_DOWNLOAD_SUFFIXES):
        return False
    lost = lost_its_suffix(name)
    kept_copy = PurePosixPath(path.stem).suffix.lower() in SPREADSHEET_SUFFIXES  # `HD05.xlsx.bak`
    if not lost and (
        not needs_its_suffix(name)
        or kept_copy
        or path.suffix.lower() in ARCHIVE_SUFFIXES + TEXT_TABLE_SUFFIXES + _OTHER_TYPE_SUFFIXES
    ):
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if lost:
                return head.startswith(_WORKBOOK_MAGIC)
            if not head.startswith(_WORKBOOK_MAGIC[0]):
                return False
            fh.seek(0)
            with zipfile.ZipFile(fh) as package:
                # In any case, or with backslashes, as calamine finds it (`package.part_key`)
                return any(n.replace("\\", "/").lower() == _WORKBOOK_PART for n in package.namelist())
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False


def file_identity(path: Path) -> tuple[object, ...]:
    """What makes two paths one file: device and inode when the file can be looked at (links
    and hard links included), else the absolute, case-normalised path."""
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is not None and info.st_ino:
        return ("inode", info.st_dev, info.st_ino)
    return ("path", os.path.normcase(os.path.abspath(path)))


def _order(path: Path) -> tuple[str, str, str]:
    return (str(path.parent), path.name.casefold(), path.name)


def discover(paths: Sequence[Path]) -> list[Path]:
    """Files and folders → candidate submission files, sorted, each file once.

    A folder contributes its spreadsheet files (top level only), without lock files, hidden
    files and sub-folders, and its .csv files that are no registry table (`is_text_table`);
    a file named explicitly is always taken (a missing one is reported by `read_submission`).
    Of two paths to one file, the first in sorted order is kept.
    """
    found: set[Path] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for child in p.iterdir():
                if child.is_dir():
                    continue
                if (
                    is_submission_name(child.name)
                    or is_text_table(child)
                    or is_workbook_without_its_suffix(child)
                ):
                    found.add(child)
        else:
            found.add(p)
    unique: dict[tuple[object, ...], Path] = {}
    for path in sorted(found, key=_order):
        unique.setdefault(file_identity(path), path)
    return sorted(unique.values(), key=_order)


# The folders the consolidation workbook's buttons write beside it: the branch templates
# (`Thư mục ghi biểu mẫu` left empty) and the upgraded copies (`toolkit.excel.book`'s
# TEMPLATE_FOLDER and UPGRADE_FOLDER). Beside a workbook kept among the submissions they are
# the tool's own, no folder left unread.
WORKBOOK_FOLDERS = ("bieu_mau", "nang_cap")
MAX_COUNTED_ENTRIES = 100_000  # a sub-folder's count stops here (a whole drive named by mistake)
# How many of a sub-folder's files are opened to see whether they are ward-stats' own workbooks
# (the feedback files of `phan_hoi`, the work lists): beyond, each counts as a spreadsheet.
MAX_OWN_CHECKS = 1_000


def _spreadsheets_below(folder: Path, named: frozenset[Path] = frozenset()) -> int:
    """How many spreadsheet files `folder` holds at any depth (hidden and lock files, folders
    that cannot be listed and ward-stats' own workbooks left out; links to folders not followed).
    A folder among `named` (resolved), itself given to the run, is not walked: its top level is
    read, and its sub-folders are said by its own entry.

    ward-stats' own workbooks are no submission: the `phan_hoi` folder of feedback files
    beside a workbook kept among the submissions is not a folder left unread. Folders and files
    are walked by name, as `subfolder_spreadsheets` walks them: at most `MAX_OWN_CHECKS` are
    opened, and taken in the file system's order, which ones were (and so the count said in
    `folder.subfolder_not_read`) could change with it."""
    from toolkit.io.package import own_workbook_at

    count = seen = opened = 0
    for root, dirs, names in os.walk(folder, onerror=lambda _: None):
        if named and resolved(Path(root)) in named:
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not is_skipped_name(d))
        for name in sorted(names):
            seen += 1
            if not is_submission_name(name):
                continue
            if opened < MAX_OWN_CHECKS and name.casefold().endswith((".xlsx", ".xlsm")):
                opened += 1
                if own_workbook_at(Path(root) / name):
                    continue
            count += 1
        if seen >= MAX_COUNTED_ENTRIES:
            break
    return count


def holds_consolidation_workbook(folder: Path) -> bool:
    """Whether `folder` holds, at its top, the consolidation workbook (ward-stats' own `.xlsm`).

    At most `MAX_OWN_CHECKS` `.xlsm` files are opened, the first by name as discover orders
    files: taken in the file system's order, which ones were opened, and so the answer (and
    whether `bieu_mau`/`nang_cap` were called folders left unread), could change with it."""
    from toolkit.io.package import own_workbook_at

    try:
        books = sorted(
            (c for c in folder.iterdir() if c.suffix.lower() == ".xlsm" and not is_skipped_name(c.name)),
            key=lambda c: (c.name.casefold(), c.name),
        )
    except OSError:
        return False
    return any(own_workbook_at(book) for book in books[:MAX_OWN_CHECKS])


def unread_subfolders(paths: Sequence[Path]) -> list[Issue]:
    """A warning for each sub-folder of a named folder that holds spreadsheet files: they are
    not read (`discover` takes a folder's top level only), and must not vanish unsaid. The
    folders the consolidation workbook writes beside it (`WORKBOOK_FOLDERS`) are not counted
    when it is there: its templates and upgraded copies are no submissions left out. A
    sub-folder also named (`validate nop nop/dot2`) is read, not counted: it was said to hold
    spreadsheets not read, to be moved out, beside the list of its files checked."""
    from toolkit.core.rules import make_issue

    issues: list[Issue] = []
    named = frozenset(resolved(Path(p)) for p in paths)
    for given in paths:
        folder = Path(given)
        try:
            children = sorted(
                (c for c in folder.iterdir() if c.is_dir() and not is_skipped_name(c.name)),
                key=lambda c: (c.name.casefold(), c.name),
            )
        except OSError:  # not a folder, or not listable: reading reports what matters
            continue
        label = folder.name or str(resolved(folder))
        beside_workbook: bool | None = None  # looked at once, when it matters
        for child in children:
            count = _spreadsheets_below(child, named)
            if count and child.name.casefold() in WORKBOOK_FOLDERS:
                if beside_workbook is None:
                    beside_workbook = holds_consolidation_workbook(folder)
                if beside_workbook:
                    continue
            if count:
                issues.append(
                    make_issue("folder.subfolder_not_read", value=child.name, count=count, folder=label)
                )
    return issues


def subfolder_spreadsheets(folders: Sequence[Path]) -> list[tuple[str, Path]]:
    """(the sub-folder's name, the file's path) of the spreadsheet files below each folder's
    sub-folders, at any depth: those `unread_subfolders` counts as not read (hidden and lock
    files, links to folders and, beside the consolidation workbook, its own folders
    `WORKBOOK_FOLDERS` left out), so that an organisation said not to have sent can be told its
    file is there (`attribution.attribute`). ward-stats' own workbooks are among them: opening
    each costs, and the caller opens only those it names (`package.own_workbook_at`)."""
    found: list[tuple[str, Path]] = []
    seen = 0
    for given in folders:
        folder = Path(given)
        try:
            children = sorted(
                (c for c in folder.iterdir() if c.is_dir() and not is_skipped_name(c.name)),
                key=lambda c: (c.name.casefold(), c.name),
            )
        except OSError:  # not a folder, or not listable: nothing below it is said
            continue
        beside_workbook: bool | None = None  # looked at once, when it matters
        for child in children:
            if child.name.casefold() in WORKBOOK_FOLDERS:
                if beside_workbook is None:
                    beside_workbook = holds_consolidation_workbook(folder)
                if beside_workbook:
                    continue
            for root, dirs, names in os.walk(child, onerror=lambda _: None):
                dirs[:] = sorted(d for d in dirs if not is_skipped_name(d))
                for name in sorted(names):
                    seen += 1
                    if is_submission_name(name):
                        found.append((child.name, Path(root) / name))
                if seen >= MAX_COUNTED_ENTRIES:
                    return found
    return found


def _spreadsheets_in_zip(path: Path) -> int | None:
    """How many spreadsheet files a .zip lists (its central directory only: nothing is
    unpacked), or None when it cannot be listed (damaged, encrypted headers, not a zip)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()[:MAX_COUNTED_ENTRIES]
    except Exception:  # damaged in a way zipfile did not foresee: said as unlistable, never a crash
        return None
    count = 0
    for name in names:
        entry = PurePosixPath(name.replace("\\", "/"))
        if name.endswith("/") or any(is_skipped_name(part) for part in entry.parts):
            continue
        if is_submission_name(entry.name):
            count += 1
    return count


def top_files(paths: Sequence[Path], keep: Callable[[Path], bool]) -> Iterator[tuple[str, list[Path]]]:
    """Each of `paths` that is a folder that can be listed, as its label (its name; a drive's
    root, which has none, its full path) and the files at its top that `keep` takes, in name
    order. A path that is no folder, or cannot be listed, is passed over: reading reports what
    matters."""
    for given in paths:
        folder = Path(given)
        try:
            children = sorted((c for c in folder.iterdir() if keep(c) and c.is_file()), key=_order)
        except OSError:
            continue
        yield folder.name or str(resolved(folder)), children


def unread_archives(paths: Sequence[Path]) -> list[Issue]:
    """A warning for each compressed file at the top of a named folder that may hold
    submissions: they are not unpacked, and must not vanish unsaid. A .zip that lists no
    spreadsheet is no warning; a .rar or .7z, which the standard library cannot list, or a
    .zip that cannot be listed, always is."""
    from toolkit.core.rules import make_issue

    def archive(path: Path) -> bool:
        return not is_skipped_name(path.name) and path.suffix.lower() in ARCHIVE_SUFFIXES

    issues: list[Issue] = []
    for label, children in top_files(paths, archive):
        for child in children:
            count = _spreadsheets_in_zip(child) if child.suffix.lower() == ".zip" else None
            if count == 0:
                continue
            content = "có thể chứa bài nộp nhưng" if count is None else f"có {count} tệp bảng tính"
            issue = make_issue("folder.archive_not_read", value=child.name, content=content, folder=label)
            issues.append(issue)
    return issues


def unread_entries(paths: Sequence[Path], read: Iterable[Path] = ()) -> list[Issue]:
    """What the named folders hold that may be submissions but is not read: sub-folders with
    spreadsheets (`unread_subfolders`), compressed files (`unread_archives`), then feedback
    workbooks of ward-stats brought back among the submissions (`feedback_files.stray_feedback`;
    `read`: the files read as submissions, which are none and are not opened again)."""
    from toolkit.io.feedback_files import stray_feedback

    return [*unread_subfolders(paths), *unread_archives(paths), *stray_feedback(paths, read)]
