"""Feedback for the secretaries: one small workbook per submission that has something to fix.

After `Kiểm tra`, the ward's clerk has to tell each chi bộ which cells of its file to correct.
`feedback_outputs` makes, for every submission with an error or a warning that is not an
automatic correction, a workbook named after it (`<file>_kiem_tra.xlsx`) holding that
submission's rows of the `Kiểm tra` list — what, where and how to fix — ready to forward to its
secretary. A file whose only findings are automatic corrections gets none (nothing is to be
done), and neither does a file without any. A clerk's note (`rules.CLERK_NOTES`: a suffix the
office's download lost, an identical copy, a template 2026.1 the office upgrades) is left out.
Rows that concern no file (a folder not read, a missing organisation) are the clerk's, not a
secretary's; so are a file's issues that only the clerk can act on (`rules.CLERK_ONLY`: a
download not finished, a file of 0 bytes or cut short, a check that failed; and
`org.duplicate_file` between files that are one organisation's, by the code and the name
their `Thông tin` gives and their file names: a resubmission beside the first send, or one
file saved twice, whose byte-identical copies get one feedback between them, named after the
copy with the shortest name and naming the others in its first lines; the feedback
then says that the file waits for the clerk's choice, not that it was consolidated, and, when
it has errors and another file of the organisation is no copy of it, that a corrected file
already sent need not be followed by this one). Files of
one code whose names differ, or one named for another organisation
(`org.file_name_of_other`), may not all be that organisation's: there the error stays, and
the feedback asks the secretary to check the code, not to move files. A file of another period
left among the submissions (`rules.OTHER_PERIOD_FILES`) gets none: the clerk moves it out. While
`ward.cutoff_unmatched` says the run's cut-off looks mistyped, no feedback is written at all:
every file would be told to change its dates.

A feedback belongs to its submission (its path), never to a file name: two submissions of one
name in two folders get one each. Names are unique in the run and never one that another
submission's own name gives: a name shared (without regard to case) is made longer for every
file sharing it: the extension, then the organisation's code, then the folder's name, then a
number. A name is never that of a file already in the folder that is not this run's to
replace (the feedback of a file of another folder checked before, a file of the clerk's): the
name is made longer the same way. A name too long for a file system is shortened (and said).

The issues are those of the run as it shows them: masked unless member-level data was asked
for (`Issue.without_personal_data`). The workbooks carry the run id as a custom document
property, so one put among the submissions is known as ward-stats' own output and never read
as a submission, and a key of their submission's path and one of its folder (hashes: no path
of the clerk's computer goes out with them; relative to the feedback folder, so a ward's
folders moved together keep them). The feedback of an earlier run in the folder that this run
does not write again is removed once the new ones are in place only when its submission was
checked by this run (it has nothing left to fix, or its feedback has another name now) or is
no longer in a folder this run read whole; the feedback of any other file is left alone, and so
is that of a file this run could not check for a reason of the clerk's (`CLERK_ONLY`: a copy of
0 bytes says nothing of the file the chi bộ has). A run without the members' values removes
every feedback of ward-stats in the folder listing them that it did not write again, whoever's
(`with_personal_data`): the clerk chose not to have them written.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from toolkit import __version__
from toolkit.core import vnformat
from toolkit.core.model import SEVERITY_LABEL, Issue, Submission
from toolkit.core.rules import CLERK_NOTES, CLERK_ONLY, CORRECTIONS, OTHER_PERIOD_FILES
from toolkit.core.text import org_code_key, org_name_key
from toolkit.io.atomic import TEMP_PREFIX
from toolkit.io.feedback_files import (
    FOLDER_PROPERTY,
    PERSONAL_DATA_PROPERTY,
    SUBMISSION_PROPERTY,
    SUFFIX,
    TITLE,
    feedback_keys_at,
    folder_key,
    lists_personal_data,
    submission_key,
)

if TYPE_CHECKING:
    from toolkit.outputs.publish import Publication


class CheckedRun(Protocol):
    """What feedback needs of a validation run (`toolkit.validation.run.ValidationRun`)."""

    submissions: list[Submission]
    ward_issues: list[Issue]


FEEDBACK_FOLDER = "phan_hoi"  # beside the consolidation workbook, for the buttons
SHEET = "Cần sửa"
COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 5),
    ("Mức độ", 10),
    ("Sheet", 13),
    ("Ô", 8),
    ("Cột", 20),
    ("Nội dung", 72),
    ("Mã lỗi", 32),  # the longest code on one line
)
_WRAPPED = (4, 5, 6)  # column, message, code: their text sets the row height
# The longest feedback name, in UTF-8 bytes: a file name may have 255 on every common file
# system, and the temporary name it is written under first (`toolkit.io.atomic`) adds up to
# about 65 before it.
MAX_NAME_BYTES = 160
# The issue that says the run's cut-off looks mistyped: no feedback is written then.
HELD_BY = "ward.cutoff_unmatched"


@dataclass(frozen=True)
class Feedback:
    """The workbook of one submission's findings, to be written as `target`."""

    source: Path  # the submission
    org_code: str | None
    issues: tuple[Issue, ...]  # sorted as the `Kiểm tra` list sorts them
    target: Path
    readable: bool = True  # the submission's sheets were read
    shortened: bool = False  # the name is shortened: the submission's is too long for it
    copies: tuple[Path, ...] = ()  # the submission's byte-identical copies, whose findings it holds
    # Its organisation sent several files (`org.duplicate_file`, left out as the clerk's): the
    # file is not consolidated until the clerk keeps one.
    waits_for_clerk: bool = False
    # Among them is one that is no copy of this file (a resend, perhaps corrected): its errors
    # may be fixed already.
    sent_again: bool = False

    @property
    def file(self) -> str:
        """The submission's file name."""
        return self.source.name

    @property
    def errors(self) -> int:
        return sum(i.is_error for i in self.issues)


def needs_feedback(issues: Sequence[Issue]) -> bool:
    """Whether a file's findings ask its secretary to do something: an error, or a warning
    that is not an automatic correction."""
    return any(i.is_error or i.code not in CORRECTIONS for i in issues)


def feedback_outputs(
    submissions: Sequence[Submission], folder: Path, taken: frozenset[str] = frozenset()
) -> list[Feedback]:
    """One `Feedback` per submission whose findings need it, in the order of the files' names.
    `taken`: names (case-folded) in `folder` that are not this run's to replace."""
    from toolkit.outputs.sheets.issues import sorted_issues

    subs = sorted(submissions, key=lambda s: (s.path.name, str(s.path)))
    names = feedback_names(subs, taken)
    twins = _twins(subs)
    own = _one_organisations_files(subs)
    kinds: dict[str, set[str]] = {}  # each code's files' contents
    for sub in subs:
        if sub.org_code:
            kinds.setdefault(org_code_key(sub.org_code), set()).add(sub.sha256 or str(sub.path))
    out: list[Feedback] = []
    for sub in subs:
        copies = twins.get(sub.sha256, [sub]) if sub.sha256 else [sub]
        if sub is not copies[0]:
            continue  # one file saved twice: one copy's feedback says it all
        if any(i.code in OTHER_PERIOD_FILES for i in sub.issues):
            continue  # another period's file, to be moved out: nothing for its secretary to do
        found = [i for i in sub.issues if i.code not in CLERK_ONLY and i.code not in CLERK_NOTES]
        shared = any(i.code == "org.duplicate_file" for i in found)
        if shared and (len(copies) > 1 or id(sub) in own):  # "keep one file": the clerk's to do
            found = [i for i in found if i.code != "org.duplicate_file"]
        if not needs_feedback(found):
            continue
        name, shortened = names[id(sub)]
        waits = shared and not any(i.code == "org.duplicate_file" for i in found)
        out.append(
            Feedback(
                sub.path,
                sub.org_code,
                tuple(sorted_issues(found)),
                folder / name,
                readable=sub.readable,
                shortened=shortened,
                copies=tuple(c.path for c in copies[1:]),
                waits_for_clerk=waits,
                sent_again=waits and len(kinds.get(org_code_key(sub.org_code or ""), ())) > 1,
            )
        )
    return out


def _one_organisations_files(subs: Sequence[Submission]) -> set[int]:
    """The submissions (by `id`) that share their code (`org_code_key`) with another and are
    all that organisation's by what they say: one name (`org_name_key`) in their `Thông tin`,
    and no file named for another organisation (`org.file_name_of_other`). Choosing among
    them is the clerk's; files of one code that say otherwise may hold another's data."""
    groups: dict[str, list[Submission]] = {}
    for sub in subs:
        if sub.org_code:
            groups.setdefault(org_code_key(sub.org_code), []).append(sub)
    own: set[int] = set()
    for group in groups.values():
        names = {org_name_key(s.info.get("org_name")) for s in group if s.info}
        named_for_other = any(i.code == "org.file_name_of_other" for s in group for i in s.issues)
        if len(group) > 1 and len(names - {""}) <= 1 and not named_for_other:
            own.update(id(s) for s in group)
    return own


def _twins(subs: Sequence[Submission]) -> dict[str, list[Submission]]:
    """Submissions with the same bytes, by SHA-256 (only groups of several), the one that gets
    the feedback first."""
    same: dict[str, list[Submission]] = {}
    for sub in subs:
        if sub.sha256:  # empty when the file's bytes were never read
            same.setdefault(sub.sha256, []).append(sub)
    # The file used first (the others are its `org.identical_copy`, `Submission.copy_of`, with no
    # finding of their own), else the copy with the shortest name: `HD05.xlsx`, not the
    # browser's `HD05 (1).xlsx`.
    return {
        k: sorted(v, key=lambda s: (s.copy_of is not None, len(s.path.name)))
        for k, v in same.items()
        if len(v) > 1
    }


def feedback_names(
    subs: Sequence[Submission], taken: frozenset[str] = frozenset()
) -> dict[int, tuple[str, bool]]:
    """The feedback name of every submission (by `id`), and whether it is shortened.

    `<stem>_kiem_tra.xlsx` when no other submission shares that name (without regard to case:
    `HD05.xlsx` and `hd05.XLSX`, two files on Linux, would be one on Windows) and no file of
    `taken` (case-folded names already in the folder that are not this run's: another
    submission's feedback from an earlier run, or any other file) has it; every submission
    sharing a name gets a longer one, in steps: the extension kept, then the organisation's
    code, then the folder's name, then a number. As all the files sharing a name move on, a
    name never belongs to a file another file's own name gives."""
    level = [0] * len(subs)
    while True:
        names = [_candidate(sub, level[k], k, len(subs)) for k, sub in enumerate(subs)]
        holders: dict[str, list[int]] = {}
        for k, (name, _) in enumerate(names):
            holders.setdefault(name.casefold(), []).append(k)
        moved = False
        for name, ks in holders.items():
            if len(ks) > 1 or name in taken:
                for k in ks:
                    level[k] += 1
                moved = True
        if not moved:
            return {id(sub): names[k] for k, sub in enumerate(subs)}


_NUMBERED = 4  # from this step on, a number: unique among the run's files at every step


_CODE = re.compile(r"[\w.-]{1,20}")  # an organisation's code fit for a file name


def _candidate(sub: Submission, level: int, index: int, count: int) -> tuple[str, bool]:
    """The name of step `level` (`feedback_names`) of the `index`-th of `count` submissions.
    What is added is kept short, so the stem always has room."""
    path = sub.path
    stem, ext = path.stem, path.suffix[:12]
    code = sub.org_code if sub.org_code and _CODE.fullmatch(sub.org_code) else None
    if level == 0:
        tail = ""
    elif level == 1:
        tail = ext
    elif level == 2 and code:
        tail = f"{ext} ({code})"
    elif level <= 3 and path.parent.name:
        tail = f"{ext} ({path.parent.name[:20].strip()})"
    else:
        tail = f"{ext} ({index + 1 + count * max(level - _NUMBERED, 0)})"
    return _fit(stem, tail)


def _fit(stem: str, tail: str) -> tuple[str, bool]:
    """`<stem><tail>_kiem_tra.xlsx`, the stem cut (ending "…") when the name would be longer
    than a file name may be; and whether it was cut."""
    room = MAX_NAME_BYTES - len(os.fsencode(f"{tail}{SUFFIX}"))
    if len(os.fsencode(stem)) <= room:
        return f"{stem}{tail}{SUFFIX}", False
    cut = stem
    while cut and len(os.fsencode(f"{cut}…")) > room:
        cut = cut[:-1]
    return f"{cut.rstrip()}…{tail}{SUFFIX}", True


def check_feedback_paths(
    folder: Path, files: Sequence[Path], *, outputs: int, fixed_folder: bool = False
) -> None:
    """Refuse, before the submissions are read, a feedback `folder` too long for Windows
    without long paths, or for Excel to open (`atomic.long_path_problem`), for the longest
    feedback name `files` give
    (`<stem>_kiem_tra.xlsx`, `feedback_names`' first step), measured as `publish.check_outputs`
    measures the outputs of a run of at most `outputs` files: otherwise every file is read and
    judged first, and the refusal names one file, perhaps not the one that needs the most. Which
    files get one is known only once they are judged; a name made longer because it is shared
    is measured then (`Publication.check`). `fixed_folder`: `folder` is the `phan_hoi` beside
    the workbook with the buttons, which moves only with it (`atomic.MOVE_WORKING_FOLDER`)."""
    from toolkit.core.errors import OutputError
    from toolkit.io.atomic import MOVE_WORKING_FOLDER, SHORTER_FOLDER, long_path_problem, path_length

    if not files:
        return
    longest = max((Path(folder) / _fit(Path(f).stem, "")[0] for f in files), key=path_length)
    advice = MOVE_WORKING_FOLDER if fixed_folder else SHORTER_FOLDER
    if too_long := long_path_problem(longest, LABEL, run_output=True, outputs=outputs, advice=advice):
        raise OutputError(too_long)


def renderer(
    item: Feedback, *, run_id: str, checked: dt.datetime, cutoff: dt.date | None, personal_data: bool
) -> Callable[[], bytes]:
    """What makes `item`'s workbook when the publication is published."""
    return lambda: render(item, run_id=run_id, checked=checked, cutoff=cutoff, personal_data=personal_data)


def render(
    item: Feedback, *, run_id: str, checked: dt.datetime, cutoff: dt.date | None, personal_data: bool
) -> bytes:
    """The bytes of one feedback workbook."""
    from toolkit.outputs.sheets.cells import (
        FONT_SIZE,
        HEADER_ROW,
        Formats,
        RowFitter,
        finish_table,
        table_sheet,
        wrapped_lines,
        write_merged_text,
        write_text,
    )
    from toolkit.outputs.sheets.issues import counts_text
    from toolkit.outputs.status import FEEDBACK_PAGE_HEADER, feedback_privacy_lines, page_header
    from toolkit.outputs.workbook import RUN_ID_PROPERTY
    from toolkit.outputs.xlsx import FONT, new_workbook

    buffer = io.BytesIO()
    wb = new_workbook(
        buffer, font_size=FONT_SIZE, title=TITLE, created=checked, comments=f"ward-stats {__version__}"
    )
    wb.set_custom_property(RUN_ID_PROPERTY, run_id)  # ward-stats' own output, never a submission
    wb.set_custom_property(SUBMISSION_PROPERTY, submission_key(item.source, item.target.parent))
    wb.set_custom_property(FOLDER_PROPERTY, folder_key(item.source.parent, item.target.parent))
    listed = personal_data and any(i.personal for i in item.issues)
    if listed:  # a later run without the members' values removes it if not written again
        wb.set_custom_property(PERSONAL_DATA_PROPERTY, "1")
    fm = Formats(wb)
    last_col = len(COLUMNS) - 1
    subtitle = _subtitle(item, checked, cutoff)
    ws = table_sheet(wb, fm, SHEET, COLUMNS, TITLE.upper(), subtitle)
    width = sum(w for _, w in COLUMNS)
    if wrapped_lines(subtitle, width) > 1:  # long file names: every one shown
        wrap = wb.add_format(
            {"font_name": FONT, "font_size": FONT_SIZE, "valign": "vcenter", "italic": True}
            | {"align": "center", "text_wrap": True}
        )
        ws.write_string(1, 0, subtitle, wrap)
        ws.set_row(1, 15 * wrapped_lines(subtitle, width))
    heights = RowFitter(ws, [COLUMNS[c][1] for c in _WRAPPED])
    row = HEADER_ROW + 1
    for number, issue in enumerate(item.issues, start=1):
        issue = issue.for_feedback()  # another submission's values masked (sent to this chi bộ)
        values = (
            number,
            SEVERITY_LABEL.get(issue.severity, issue.severity),
            issue.sheet,
            issue.cell,
            issue.column,
            issue.message,
            issue.code,
        )
        ws.write_number(row, 0, number, fm.text_cell)
        write_text(ws, row, 1, values[1], fm.error if issue.is_error else fm.text)
        for col in range(2, len(COLUMNS)):  # wrapped, centred in the row as the first columns
            write_text(ws, row, col, values[col], fm.text_cell)
        heights.fit(row, [values[c] for c in _WRAPPED])
        row += 1
    last_row = row - 1
    row += 1
    for line in (
        f"{counts_text(item.issues)} {_what_to_do(item)}",
        *feedback_privacy_lines(item.issues, personal_data, item.file),
    ):
        write_merged_text(ws, row, 0, last_col, line, fm.note_wrap)
        ws.set_row(row, 15 * wrapped_lines(line, width))
        row += 1
    finish_table(ws, last_row=last_row, last_col=last_col, frozen_cols=0, title=SHEET)
    if listed:
        # On every printed page, not only under the table on the last (hunt312 F2).
        ws.set_header(page_header(FEEDBACK_PAGE_HEADER))
    wb.close()
    return buffer.getvalue()


def _subtitle(item: Feedback, checked: dt.datetime, cutoff: dt.date | None) -> str:
    """The line under the title: the file, when it was checked, the cut-off. Its dates are
    written as the rows' messages write theirs (`vnformat.message_date`, "31/03/2026"): the
    workbook is a list of messages, and the header said "31/3/2026" over rows that said
    "31/03/2026" (hunt144 F6)."""
    org = f" (tổ chức {item.org_code})" if item.org_code else ""
    when = f"Kiểm tra lúc {checked:%H:%M} ngày {vnformat.message_date(checked.date())}"
    period = f", số liệu đến ngày {vnformat.message_date(cutoff)}" if cutoff else ""
    return f"Tệp {item.file}{org}{_copies_text(item)}. {when}{period}."


_COPIES_NAMED = 3  # the copies' names the subtitle gives, the others counted


def _copies_text(item: Feedback) -> str:
    """The names of the submission's byte-identical copies, whose findings the feedback holds
    under the name of the one with the shortest: the chi bộ may know its file by another of
    them. Empty when there are none, or their names are the submission's."""
    names = list(dict.fromkeys(p.name for p in item.copies if p.name != item.file))
    if not names:
        return ""
    shown = ", ".join(names[:_COPIES_NAMED])
    more = len(names) - _COPIES_NAMED
    rest = f" và {vnformat.number(more)} tệp khác" if more > 0 else ""
    return f" và {'các tệp' if len(names) > 1 else 'tệp'} giống hệt {shown}{rest}"


def _what_to_do(item: Feedback) -> str:
    """What the secretary is to do, as the issues of the file ask it. The file to fix is named:
    the secretary reads this in the feedback workbook, which holds no cell of hers, and "tệp
    này" read as this workbook (hunt175 F1)."""
    if not item.readable:
        return (
            "Tệp chưa đọc được nên chưa được tổng hợp: hãy làm theo hướng dẫn ở dòng “Lỗi” rồi gửi "
            "lại tệp cho Đảng ủy."
        )
    errors = [i for i in item.issues if i.is_error]
    if errors and all(i.code == "org.duplicate_file" for i in errors):
        return (
            "Tệp chưa được tổng hợp vì Đảng ủy nhận được tệp khác cũng ghi mã tổ chức này (xem dòng "
            "“Lỗi”): hãy xem mã và tên tổ chức ở sheet “Thông tin”; nếu tệp là số liệu của tổ chức "
            "khác, hãy sửa cho đúng, lưu lại rồi gửi lại tệp cho Đảng ủy; nếu đúng là của tổ chức "
            "mình, hãy báo lại cho Đảng ủy."
        )
    if item.errors:
        if any(i.is_error and i.cell for i in item.issues):
            fix = (
                "hãy sửa các ô ở dòng “Lỗi” (và xem lại các dòng “Cảnh báo”) ngay trong tệp "
                f"{item.file} chi bộ đã gửi (không sửa trong tệp phản hồi này), lưu lại rồi gửi lại "
                "tệp đó cho Đảng ủy"
            )
        else:
            fix = (
                "hãy làm theo hướng dẫn ở dòng “Lỗi” (và xem lại các dòng “Cảnh báo”) rồi gửi lại tệp "
                "cho Đảng ủy"
            )
        if item.sent_again:  # its corrected resend may be in the folder already
            return (
                "Tệp có lỗi nên chưa được tổng hợp. Đảng ủy cũng nhận được tệp khác của tổ chức này và "
                "sẽ chỉ giữ một tệp: nếu chi bộ đã gửi bản đã sửa các lỗi này thì không cần gửi lại tệp "
                f"{item.file}; nếu chưa, {fix}."
            )
        return f"Tệp có lỗi nên chưa được tổng hợp: {fix}."
    if item.waits_for_clerk:
        return (
            "Đảng ủy nhận được nhiều tệp của tổ chức này, nên tệp chưa được tổng hợp cho đến khi "
            "Đảng ủy chọn một tệp; hãy xem lại các dòng “Cảnh báo”, sửa nếu cần rồi gửi lại tệp cho "
            "Đảng ủy."
        )
    return "Tệp được tổng hợp; hãy xem lại các dòng “Cảnh báo”, sửa nếu cần rồi gửi lại tệp cho Đảng ủy."


def is_feedback_workbook(path: Path) -> bool:
    """Whether a file is a feedback workbook of ward-stats: its run id and its title (a
    consolidated workbook, or any other file, is never taken for one)."""
    return feedback_keys_at(path) is not None


# Why an earlier feedback is removed: its file was checked and has nothing to fix; its file's
# feedback has another name now; its file's findings are in the feedback of a byte-identical
# copy with the shortest name (`_twins`); its file is no longer in the folder this run read;
# it lists the members' values and this run is without them (`with_personal_data`).
FIXED, RENAMED, COPIED, GONE, PRIVATE = "fixed", "renamed", "copied", "gone", "private"


def with_personal_data(folder: Path) -> list[Path]:
    """The feedback workbooks of ward-stats in `folder` that list the members' values
    (`lists_personal_data`), whoever's: a run without them removes those it does not write
    again, whatever their submission (fix372). Its own earlier feedback it keeps otherwise (a
    file it could not check, `CLERK_ONLY`; every file, its cut-off looking mistyped) and so is
    another folder's, or one of a folder renamed since: each kept the values after the clerk
    chose “Không” and pressed again, beside the masked one of a renamed folder."""
    from toolkit.outputs.status import FEEDBACK_PAGE_HEADER

    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(TEMP_PREFIX):  # a writer's temporary file, never a feedback
            continue
        if not path.name.casefold().endswith(SUFFIX) or not path.is_file() or path.is_symlink():
            continue
        if feedback_keys_at(path) is not None and lists_personal_data(path, FEEDBACK_PAGE_HEADER):
            found.append(path)
    return found


def earlier_feedback(
    folder: Path, submissions: Sequence[Submission], folders: Sequence[Path]
) -> dict[Path, Submission | None]:
    """The earlier runs' feedback in `folder` that is this run's to replace or remove, each
    with its submission (None: no longer in its folder). The others, another file's, are left
    alone (and nothing but a feedback workbook of ward-stats is ever looked at).

    A feedback is this run's when its submission was checked, or when the folder it was in was
    read whole and the submission is not there any more; a feedback written before the keys
    were by the name its checked submission gives first (`<stem>_kiem_tra.xlsx`)."""
    if not folder.is_dir():
        return {}
    checked = {submission_key(s.path, folder): s for s in submissions}
    stems = {f"{s.path.stem}{SUFFIX}".casefold(): s for s in submissions}
    whole = {folder_key(f, folder) for f in folders if f.is_dir()}
    ours: dict[Path, Submission | None] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(TEMP_PREFIX):  # a writer's temporary file, never a feedback
            continue
        if not path.name.casefold().endswith(SUFFIX) or not path.is_file() or path.is_symlink():
            continue
        owner = feedback_keys_at(path)
        if owner is None:
            continue
        sub_key, dir_key = owner
        sub = checked.get(sub_key) if sub_key else stems.get(path.name.casefold())
        if sub is not None or (sub_key and dir_key in whole):
            ours[path] = sub
    return ours


def _reasons(earlier: dict[Path, Submission | None], items: Sequence[Feedback]) -> dict[Path, str]:
    """Why each of this run's earlier feedback goes, unless written again (`FIXED`,
    `RENAMED`, `COPIED`, `GONE`). A submission's findings are in this run's feedback when one
    is its own or its byte-identical copy's. One without feedback for an issue of the clerk's
    (`CLERK_ONLY`: its copy is of 0 bytes, a check failed) keeps its earlier feedback: it was
    not found to have nothing left to fix."""
    sources = {i.source for i in items}
    copies = {p for i in items for p in i.copies}
    out = {}
    for path, sub in earlier.items():
        if sub is None:
            out[path] = GONE
        elif sub.path in sources:
            out[path] = RENAMED
        elif sub.path in copies:
            out[path] = COPIED
        elif any(i.code in CLERK_ONLY for i in sub.issues):
            continue
        else:
            out[path] = FIXED
    return out


LABEL = "tệp phản hồi"  # of `--feedback` and of the Kiểm tra button alike (hunt67 #2: no option there)


@dataclass
class FeedbackRun:
    """The feedback of one run, added to its publication (`add_feedback`); `finish`, once the
    publication is published, removes the earlier feedback that is this run's and was not
    written again (`earlier_feedback`), and says what was done. `held`: none is written, the
    run's cut-off looks mistyped (the clerk's `ward.cutoff_unmatched`)."""

    folder: Path
    items: list[Feedback]
    earlier: dict[Path, str] = field(default_factory=dict)
    held: bool = False
    removed: list[Path] = field(default_factory=list)
    not_removed: list[Path] = field(default_factory=list)
    personal_data: bool = False  # the feedback lists the members' values (`--personal-data`)
    renamed_to: dict[Path, Path] = field(default_factory=dict)  # a `RENAMED` one: its successor

    def stale(self) -> list[Path]:
        """The earlier feedback in the folder that this run removes."""
        written = {i.target.name.casefold() for i in self.items}
        return [p for p in self.earlier if p.name.casefold() not in written]

    def holds_personal_data(self) -> bool:
        """The feedback written lists the members' values (asked for, and a member's issue)."""
        return self.personal_data and any(i.personal for item in self.items for i in item.issues)

    def finish(self, *, privacy: bool = True) -> list[str]:
        """What was done, line by line; `privacy`: with the line saying the list and the feedback
        files hold the members' values when they do (`status.listed_kept_line`: the caller then
        says nothing of it above the list; the “Kiểm tra” button says it with its book's,
        `status.button_kept_line`)."""
        from toolkit.core.vnformat import number
        from toolkit.outputs.status import listed_kept_line

        why: dict[str, list[Path]] = {}
        for path in self.stale():
            try:
                path.unlink()
                self.removed.append(path)
                why.setdefault(self.earlier[path], []).append(path)
            except OSError:  # open in Excel on Windows, read-only…: said, never fatal
                self.not_removed.append(path)
        lines = []
        if self.held:
            but = ", trừ tệp có dữ liệu cá nhân nói dưới đây" if self.earlier else ""
            lines.append(
                "Chưa ghi tệp phản hồi cho chi bộ: không tệp nào có ngày chốt số liệu đang dùng, có lẽ "
                "ngày chốt bị ghi nhầm (xem lỗi đầu danh sách), và mọi tệp sẽ bị báo sai là phải sửa số "
                "liệu. Hãy sửa ngày chốt rồi kiểm tra lại; tệp phản hồi cũ trong thư mục "
                f"“{self.folder}” (nếu có) được giữ nguyên{but}."
            )
        elif self.items:
            lines.append(
                f"Tệp phản hồi cho chi bộ: {number(len(self.items))} tệp trong thư mục “{self.folder}” "
                "(mỗi tệp bài nộp có lỗi hoặc cảnh báo cần xem một tệp …_kiem_tra.xlsx: gửi lại cho chi bộ "
                "của tệp ấy)."
            )
            if privacy and self.holds_personal_data():
                lines.append(listed_kept_line())
        else:
            lines.append(f"Không tệp nào cần gửi phản hồi cho chi bộ (thư mục “{self.folder}”).")
        shortened = sum(i.shortened for i in self.items)
        if shortened:
            lines.append(
                f"Tên {number(shortened)} tệp phản hồi được rút ngắn (tên tệp bài nộp quá dài): tên đầy đủ "
                "của tệp bài nộp ghi ở đầu tệp phản hồi."
            )
        said = {
            # "chi bộ": a file's clerk's notes (`CLERK_NOTES`: an old template) are still said on
            # screen; only the chi bộ has nothing left to fix (hunt344 #3).
            FIXED: "các tệp bài nộp ấy vừa được kiểm tra và nay không còn gì chi bộ cần sửa",
            # The name follows the files in the folder (`feedback_names`): a clash that came or
            # went, a clerk's file; which one is not kept, the new names are said.
            RENAMED: "phản hồi mới của các tệp bài nộp ấy mang tên khác: "
            + self._renames(why.get(RENAMED, [])),
            COPIED: (
                "các tệp bài nộp ấy có bản giống hệt (cùng nội dung), nên phản hồi chung của các bản "
                "mang tên bản có tên ngắn nhất và ghi tên các bản ở đầu tệp"
            ),
            GONE: "các tệp bài nộp ấy không còn trong thư mục bài nộp",
            # Named: the clerk checks their files again for feedback without the values.
            PRIVATE: (
                "các tệp ấy có họ tên, ngày sinh, giá trị ô của đảng viên, nay đã chọn không ghi dữ liệu "
                f"cá nhân ({self._names(why.get(PRIVATE, []))}); kiểm tra lại tệp bài nộp của các chi bộ "
                "ấy để có phản hồi mới không có dữ liệu cá nhân"
            ),
        }
        for reason, paths in why.items():
            count = number(len(paths))
            lines.append(f"Đã xóa {count} tệp phản hồi cũ của lần kiểm tra trước: {said[reason]}.")
        if self.not_removed:
            lines.append(
                f"Không xóa được tệp phản hồi cũ {self._names(self.not_removed)} (đang mở hoặc không có "
                "quyền): hãy xóa bằng tay, đừng gửi các tệp ấy cho chi bộ."
            )
        return lines

    @staticmethod
    def _names(paths: Sequence[Path], shown: int = 3) -> str:
        """The names of the first `shown` files, then how many more."""
        from toolkit.core.vnformat import number

        names = ", ".join(p.name for p in paths[:shown])
        return names + (f" và {number(len(paths) - shown)} tệp khác" if len(paths) > shown else "")

    def _renames(self, paths: Sequence[Path], shown: int = 3) -> str:
        """“cũ → mới” for the first `shown` renamed feedback, then how many more."""
        from toolkit.core.vnformat import number

        pairs = [f"{p.name} → {self.renamed_to[p].name}" for p in paths[:shown] if p in self.renamed_to]
        more = f" và {number(len(paths) - shown)} tệp khác" if len(paths) > shown else ""
        return "; ".join(pairs) + more


def _taken(folder: Path, earlier: dict[Path, Submission | None]) -> frozenset[str]:
    """The names (case-folded) in `folder` that no feedback of this run may take: every file
    there but this run's earlier feedback (`earlier_feedback`), such as the feedback of a file
    of another folder checked before, or a file of the clerk's."""
    if not folder.is_dir():
        return frozenset()
    try:
        return frozenset(p.name.casefold() for p in folder.iterdir() if p not in earlier)
    except OSError:  # not listable: the publication says why when it writes there
        return frozenset()


def add_feedback(
    publication: Publication,
    run: CheckedRun,
    folder: Path,
    *,
    folders: Sequence[Path],
    cutoff: dt.date | None,
    personal_data: bool,
    checked: dt.datetime | None = None,
    fixed_folder: bool = False,
) -> FeedbackRun:
    """Add to `publication` the feedback workbooks of `run`'s submissions (their issues as the
    run shows them), to be written in `folder` (made when something is to be written there).
    `folders`: the files and folders the submissions were found in. `fixed_folder`: `folder`
    is the buttons' `phan_hoi`, as `check_feedback_paths` says it."""
    from toolkit.core.errors import OutputError, file_in_the_way, forget_left_as_is
    from toolkit.io.atomic import (
        MOVE_WORKING_FOLDER,
        SHORTER_FOLDER,
        folder_not_entered,
        long_path_problem,
        path_length,
    )
    from toolkit.outputs.publish import tidy_folder

    folder = Path(folder)
    try:  # a folder under one the user may not enter cannot even be looked at (hunt228 F1)
        os.stat(folder)
    except PermissionError as exc:
        raise folder_not_entered(folder, exc) from None
    except OSError:
        pass  # not there yet (made when something is to be written), or a file in the way: below
    blocker = file_in_the_way(folder)
    if blocker is not None:  # the folder, or one it would be made in, is a file
        if Path(blocker) == folder:
            raise OutputError(
                f"Thư mục phản hồi “{folder}” là một tệp, không phải thư mục: hãy chọn thư mục khác."
            )
        raise OutputError(
            f"Không tạo được thư mục phản hồi “{folder}”: “{blocker}” là một tệp, không phải thư mục. "
            "Hãy chọn thư mục khác."
        )
    if any(i.code == HELD_BY for i in run.ward_issues):
        # None written; those listing the members' values go all the same when without them.
        private = {} if personal_data else dict.fromkeys(with_personal_data(folder), PRIVATE)
        return FeedbackRun(folder, [], private, held=True)
    when = checked or dt.datetime.now().replace(microsecond=0)
    # What a killed run left here is completed or removed first, under the folders' lock: its
    # temporary files are no earlier feedback, and once in place its files are judged as any.
    kept = tidy_folder(folder)
    earlier = earlier_feedback(folder, run.submissions, folders)
    # A killed run's feedback not put over an earlier one of a completed run (a file standing
    # alone is completed only where nothing is): that earlier feedback is this run's to write
    # again, remove or keep (`_reasons`), so "kept as it was, run again" would only alarm the
    # clerk. A file there that is no feedback of this run (the clerk's) is still said.
    forget_left_as_is(path for path in kept if path in earlier)
    items = feedback_outputs(run.submissions, folder, _taken(folder, earlier))
    if items:
        # Too long for Windows without long paths: refused before the folder is made, by the
        # longest name a file that gets feedback gets (`Publication.check` measures them again).
        longest = max((item.target for item in items), key=path_length)
        outputs = len(publication.outputs) + len(items)
        advice = MOVE_WORKING_FOLDER if fixed_folder else SHORTER_FOLDER
        if too_long := long_path_problem(longest, LABEL, run_output=True, outputs=outputs, advice=advice):
            raise OutputError(too_long)
        publication.make_folder(folder)  # removed again if nothing is written
    for item in items:
        publication.add(
            "feedback",
            item.target,
            renderer(
                item, run_id=publication.run_id, checked=when, cutoff=cutoff, personal_data=personal_data
            ),
            label=LABEL,
        )
    successor = {i.source: i.target for i in items}
    renamed_to = {path: successor[sub.path] for path, sub in earlier.items() if sub and sub.path in successor}
    reasons = _reasons(earlier, items)
    if not personal_data:  # none to be left listing the members' values (not written again: `stale`)
        for path in with_personal_data(folder):
            reasons.setdefault(path, PRIVATE)
    return FeedbackRun(folder, items, reasons, personal_data=personal_data, renamed_to=renamed_to)
