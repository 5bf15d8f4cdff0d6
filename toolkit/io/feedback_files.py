"""ward-stats' feedback workbooks as files (`toolkit.outputs.feedback` writes them): how one is
known, the keys it carries, and one found at the top of a folder of submissions
(`stray_feedback`).

A feedback workbook is ward-stats' own output, never read as a submission. Where ward-stats
put it (`validate --feedback nop` writes it beside its submission) it is left alone silently,
as the other outputs are; one that was written elsewhere (the buttons' `phan_hoi`) and came
back among the submissions, perhaps renamed by a secretary who answered in it ("HD04 tra
loi.xlsx"), is said: the clerk may take it for the organisation's reply (hunt344 #1)."""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from toolkit.core.model import Issue
from toolkit.io.package import consolidated_workbook_at
from toolkit.io.tagscan import blank_markup, tag_matches

SUFFIX = "_kiem_tra.xlsx"
TITLE = "Kết quả kiểm tra tệp của chi bộ"
# Custom document properties: keys of the submission (its path) and of its folder, so a later
# run knows whose feedback a file is.
SUBMISSION_PROPERTY = "ward_stats_submission"
FOLDER_PROPERTY = "ward_stats_submission_folder"
# Written when the feedback lists the members' values (`--personal-data`, “Có”), so a later run
# without them knows it (`lists_personal_data`).
PERSONAL_DATA_PROPERTY = "ward_stats_personal_data"

_KEY = re.compile(
    rb'name="(ward_stats_submission(?:_folder)?)"[^>]*>\s*<vt:lpwstr>([0-9a-f]{1,64})</vt:lpwstr>'
)
_KEY_OPEN = re.compile(rb'name="ward_stats_submission(?:_folder)?"')  # where `_KEY` may begin
# The organisation the line under a feedback's title names: "Tệp HD04_x.xlsx (tổ chức HD04). …"
# (`feedback._subtitle`); a file's own parentheses, "HD04 (1).xlsx", are no organisation.
_ORG = re.compile(r"\(tổ chức ([^()]+)\)")
_SUBTITLE_ROWS = 4  # the title, the line under it: the first rows are enough
_MAX_READ_BYTES = 8 * 1024 * 1024  # a feedback larger than this is not opened for its organisation


def submission_key(path: Path, feedback: Path) -> str:
    """The key of a submission's path, written in its feedback in the folder `feedback`
    (`SUBMISSION_PROPERTY`)."""
    return _digest(os.fsencode(_relative(path.parent, feedback)) + b"\0" + os.fsencode(path.name))


def folder_key(folder: Path, feedback: Path) -> str:
    """The key of a folder (`FOLDER_PROPERTY`: the folder of a feedback's submission)."""
    return _digest(os.fsencode(_relative(folder, feedback)))


def _relative(folder: Path, start: Path) -> str:
    """`folder` as seen from `start` (absolute when there is no way: another drive)."""
    try:
        where, base = folder.resolve(), start.resolve()
    except (OSError, RuntimeError):
        where, base = folder.absolute(), start.absolute()
    try:
        return os.path.relpath(where, base)
    except ValueError:
        return str(where)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def feedback_keys_at(path: Path) -> tuple[str | None, str | None] | None:
    """The keys of a feedback workbook's submission and of its folder (None each when written
    before they were); None when the file is no feedback workbook of ward-stats (its run id and
    its title: a consolidated workbook, or any other file, is never taken for one)."""
    if not consolidated_workbook_at(path):
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            core = zf.read("docProps/core.xml").decode("utf-8", "replace")
            custom = zf.read("docProps/custom.xml") if "docProps/custom.xml" in zf.namelist() else b""
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return None
    if f"<dc:title>{TITLE}</dc:title>" not in core:
        return None
    keys = {
        name.decode(): value.decode()
        for name, value in (m.groups() for m in tag_matches(_KEY, _KEY_OPEN, blank_markup(custom)))
    }
    return keys.get(SUBMISSION_PROPERTY), keys.get(FOLDER_PROPERTY)


_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_MAX_SHEET_BYTES = 64 * 1024 * 1024  # a feedback's sheet larger than this is taken to list them


def lists_personal_data(path: Path, page_header: str) -> bool:
    """Whether a feedback workbook of ward-stats lists the members' values: its property
    (`PERSONAL_DATA_PROPERTY`), or, written before it was, the header its printed pages have
    then (`page_header`: `status.FEEDBACK_PAGE_HEADER`, since hunt312). One that cannot be
    read is taken to list them: the question is whether it may be removed (fix372)."""
    try:
        with zipfile.ZipFile(path) as zf:
            custom = zf.read("docProps/custom.xml") if "docProps/custom.xml" in zf.namelist() else b""
            if PERSONAL_DATA_PROPERTY.encode() in custom:
                return True
            mark = _xml_text(page_header).encode("utf-8")
            for info in zf.infolist():
                if not _SHEET_PART.fullmatch(info.filename):
                    continue
                if info.file_size > _MAX_SHEET_BYTES or mark in zf.read(info):
                    return True
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, RuntimeError):
        return True
    return False


def _xml_text(text: str) -> str:
    """`text` as XML character data writes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _where_written(path: Path, folder_of_submission: str | None) -> bool:
    """Whether a feedback at `path` lies where ward-stats wrote it among the submissions: under
    the name it gives (`SUFFIX`), beside its submission (`--feedback` naming the folder of
    submissions), or written before the folder's key was."""
    if not path.name.casefold().endswith(SUFFIX):
        return False
    return folder_of_submission is None or folder_of_submission == folder_key(path.parent, path.parent)


def feedback_org_at(path: Path) -> str | None:
    """The organisation a feedback workbook names in the line under its title (None when it
    names none, or cannot be read)."""
    import unicodedata

    from python_calamine import CalamineWorkbook

    try:
        if path.stat().st_size > _MAX_READ_BYTES:
            return None
        # By its content, not its name: a feedback renamed `.xls` is still an .xlsx package.
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes())).get_sheet_by_index(0)
        rows = sheet.to_python(nrows=_SUBTITLE_ROWS)
    except Exception:  # noqa: BLE001 - any file that cannot be read names no organisation
        return None
    for row in rows:
        for value in row[:1]:
            if isinstance(value, str) and value.startswith("Tệp ") and (m := _ORG.search(value)):
                return unicodedata.normalize("NFC", m.group(1).strip()) or None
    return None


def stray_feedback(paths: Sequence[Path], read: Iterable[Path] = ()) -> list[Issue]:
    """A note for each feedback workbook of ward-stats at the top of a named folder that is not
    where ward-stats wrote it (`_where_written`): it is no submission, and is not read, but the
    clerk may have taken it for the organisation's reply (`folder.feedback_file`, naming the
    organisation its feedback was for, when it names one). Every name the reading takes is
    looked at, as the reading finds ward-stats' own workbooks by their content, not their
    name: one renamed `HD04 tra loi.xlsm`, `.xls`, without a suffix or `HD04.xlsx (1)` is left
    out as the `.xlsx` one is (hunt349). The files in `read` were read as
    submissions, so are no feedback, and are not opened again: opening each of a city's 1,000
    files once more cost 0.3 s (1.0 s on a cold disk) of a run near 1.4 s."""
    from toolkit.core.rules import make_issue
    from toolkit.io.discover import is_submission_name, is_workbook_without_its_suffix, top_files

    submissions = {_same_file_key(p) for p in read}

    def unread_workbook(path: Path) -> bool:
        return _same_file_key(path) not in submissions and (
            is_submission_name(path.name) or is_workbook_without_its_suffix(path)
        )

    issues: list[Issue] = []
    for label, children in top_files(paths, unread_workbook):
        for child in children:
            keys = feedback_keys_at(child)
            if keys is None or _where_written(child, keys[1]):
                continue
            org = feedback_org_at(child)
            named = f" cho tổ chức {org}" if org else ""
            issues.append(make_issue("folder.feedback_file", value=child.name, org=named, folder=label))
    return issues


def _same_file_key(path: Path) -> str:
    """A path as a key that one file found two ways has alike (no disk access)."""
    return os.path.normcase(os.path.abspath(path))
