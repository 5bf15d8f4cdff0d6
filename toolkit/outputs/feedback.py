"""Feedback for the secretaries: one small workbook per submission that has something to fix.

After `Kiểm tra`, the ward's clerk has to tell each chi bộ which cells of its file to correct.
`feedback_outputs` makes, for every file with an error or a warning that is not an automatic
correction, a workbook named after it (`<file>_kiem_tra.xlsx`) holding that file's rows of the
`Kiểm tra` list — what, where and how to fix — ready to forward to its secretary. A file whose
only findings are automatic corrections gets none (nothing is to be done), and neither does a
file without any. Rows that concern no file (a folder not read, a missing organisation) are
the clerk's, not a secretary's.

The issues are those of the run as it shows them: masked unless member-level data was asked
for (`Issue.without_personal_data`). The workbooks carry the run id as a custom document
property, so one put among the submissions is known as ward-stats' own output and never read
as a submission. They are outputs of the run's `Publication`, written together with its other
outputs; `stale_feedback` finds those of an earlier run in the folder that this run did not
write again (their file was fixed or removed), which the caller deletes once the new ones are
in place.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit import __version__
from toolkit.core import vnformat
from toolkit.core.model import SEVERITY_LABEL, Issue
from toolkit.core.rules import CORRECTIONS
from toolkit.io.package import consolidated_workbook_at

if TYPE_CHECKING:
    from toolkit.outputs.publish import Publication

FEEDBACK_FOLDER = "phan_hoi"  # beside the consolidation workbook, for the buttons
SUFFIX = "_kiem_tra.xlsx"
TITLE = "Kết quả kiểm tra tệp của chi bộ"
SHEET = "Cần sửa"
COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 5),
    ("Mức độ", 10),
    ("Sheet", 13),
    ("Ô", 8),
    ("Cột", 20),
    ("Nội dung", 80),
    ("Mã lỗi", 22),
)
_WRAPPED = (4, 5)  # column, message: their text sets the row height


@dataclass(frozen=True)
class Feedback:
    """The workbook of one submission's findings, to be written as `target`."""

    file: str  # the submission's file name
    org_code: str | None
    issues: tuple[Issue, ...]  # sorted as the `Kiểm tra` list sorts them
    target: Path

    @property
    def errors(self) -> int:
        return sum(i.is_error for i in self.issues)


def needs_feedback(issues: Sequence[Issue]) -> bool:
    """Whether a file's findings ask its secretary to do something: an error, or a warning
    that is not an automatic correction."""
    return any(i.is_error or i.code not in CORRECTIONS for i in issues)


def feedback_outputs(issues: Sequence[Issue], folder: Path) -> list[Feedback]:
    """One `Feedback` per file whose findings need it, in the order of the files' names."""
    from toolkit.outputs.sheets.issues import sorted_issues

    by_file: dict[str, list[Issue]] = {}
    for issue in issues:
        if issue.file:
            by_file.setdefault(issue.file, []).append(issue)
    out: list[Feedback] = []
    used: set[str] = set()
    for file in sorted(by_file):
        found = by_file[file]
        if not needs_feedback(found):
            continue
        name = _name(file, used)
        org = next((i.org_code for i in found if i.org_code), None)
        out.append(Feedback(file, org, tuple(sorted_issues(found)), folder / name))
    return out


def _name(file: str, used: set[str]) -> str:
    """`<file's stem>_kiem_tra.xlsx`, made unique among this run's names without regard to case
    (`HD05.xlsx` and `hd05.XLSX`, two files on Linux, would be one on Windows)."""
    stem = Path(file).stem or "tep"
    name, n = f"{stem}{SUFFIX}", 1
    while name.casefold() in used:
        n += 1
        name = f"{stem}_{n}{SUFFIX}"
    used.add(name.casefold())
    return name


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
    from toolkit.outputs.status import privacy_lines
    from toolkit.outputs.workbook import RUN_ID_PROPERTY
    from toolkit.outputs.xlsx import new_workbook

    buffer = io.BytesIO()
    wb = new_workbook(
        buffer, font_size=FONT_SIZE, title=TITLE, created=checked, comments=f"ward-stats {__version__}"
    )
    wb.set_custom_property(RUN_ID_PROPERTY, run_id)  # ward-stats' own output, never a submission
    fm = Formats(wb)
    last_col = len(COLUMNS) - 1
    ws = table_sheet(wb, fm, SHEET, COLUMNS, TITLE.upper(), _subtitle(item, checked, cutoff))
    heights = RowFitter(ws, [COLUMNS[c][1] for c in _WRAPPED])
    row = HEADER_ROW + 1
    for number, issue in enumerate(item.issues, start=1):
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
        for col, fmt in ((2, fm.text_cell), (3, fm.text_cell), (4, fm.text), (5, fm.text_wrap), (6, fm.text)):
            write_text(ws, row, col, values[col], fmt)
        heights.fit(row, [values[c] for c in _WRAPPED])
        row += 1
    last_row = row - 1
    row += 1
    width = sum(w for _, w in COLUMNS)
    for line in (
        f"{counts_text(item.issues)} {_what_to_do(item)}",
        *privacy_lines(list(item.issues), personal_data),
    ):
        write_merged_text(ws, row, 0, last_col, line, fm.note_wrap)
        ws.set_row(row, 15 * wrapped_lines(line, width))
        row += 1
    finish_table(ws, last_row=last_row, last_col=last_col, frozen_cols=0, title=SHEET)
    wb.close()
    return buffer.getvalue()


def _subtitle(item: Feedback, checked: dt.datetime, cutoff: dt.date | None) -> str:
    org = f" (tổ chức {item.org_code})" if item.org_code else ""
    when = f"Kiểm tra lúc {checked:%H:%M} ngày {vnformat.date(checked.date())}"
    period = f", số liệu đến ngày {vnformat.date(cutoff)}" if cutoff else ""
    return f"Tệp {item.file}{org}. {when}{period}."


def _what_to_do(item: Feedback) -> str:
    if item.errors:
        return (
            "Tệp có lỗi nên chưa được tổng hợp: hãy sửa các ô ở dòng “Lỗi” (và xem lại các dòng "
            "“Cảnh báo”) ngay trong tệp này, lưu lại rồi gửi lại tệp cho Đảng ủy."
        )
    return "Tệp được tổng hợp; hãy xem lại các dòng “Cảnh báo”, sửa nếu cần rồi gửi lại tệp cho Đảng ủy."


def stale_feedback(folder: Path, written: Sequence[Path]) -> list[Path]:
    """The feedback workbooks of earlier runs in `folder` that this run did not write again:
    named `*_kiem_tra.xlsx` and carrying ward-stats' run id (nothing else is ever touched)."""
    if not folder.is_dir():
        return []
    kept = {p.name.casefold() for p in written}
    return [
        p
        for p in sorted(folder.iterdir())
        if p.name.casefold().endswith(SUFFIX)
        and p.name.casefold() not in kept
        and p.is_file()
        and not p.is_symlink()
        and is_feedback_workbook(p)
    ]


def is_feedback_workbook(path: Path) -> bool:
    """Whether a file is a feedback workbook of ward-stats: its run id and its title (a
    consolidated workbook, or any other file, is never taken for one)."""
    import zipfile

    if not consolidated_workbook_at(path):
        return False
    try:
        with zipfile.ZipFile(path) as zf:
            core = zf.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False
    return f"<dc:title>{TITLE}</dc:title>" in core


LABEL = "tệp phản hồi --feedback"


@dataclass
class FeedbackRun:
    """The feedback of one run, added to its publication (`add_feedback`); `finish`, once the
    publication is published, removes the earlier runs' feedback that was not written again
    and says what was done."""

    folder: Path
    items: list[Feedback]
    removed: list[Path] = field(default_factory=list)
    not_removed: list[Path] = field(default_factory=list)

    def stale(self) -> list[Path]:
        """The earlier runs' feedback in the folder that this run does not write again."""
        return stale_feedback(self.folder, [i.target for i in self.items])

    def finish(self) -> list[str]:
        from toolkit.core.vnformat import number

        for path in self.stale():
            try:
                path.unlink()
                self.removed.append(path)
            except OSError:  # open in Excel on Windows, read-only…: said, never fatal
                self.not_removed.append(path)
        lines = []
        if self.items:
            lines.append(
                f"Tệp phản hồi cho chi bộ: {number(len(self.items))} tệp trong thư mục “{self.folder}” "
                "(mỗi tệp bài nộp có lỗi hoặc cảnh báo cần xem một tệp …_kiem_tra.xlsx: gửi lại cho chi bộ "
                "của tệp ấy)."
            )
        else:
            lines.append(f"Không tệp nào cần gửi phản hồi cho chi bộ (thư mục “{self.folder}”).")
        if self.removed:
            lines.append(
                f"Đã xóa {number(len(self.removed))} tệp phản hồi cũ của lần kiểm tra trước: các tệp ấy "
                "nay không còn gì cần sửa."
            )
        if self.not_removed:
            names = ", ".join(p.name for p in self.not_removed[:3])
            more = f" và {number(len(self.not_removed) - 3)} tệp khác" if len(self.not_removed) > 3 else ""
            lines.append(
                f"Không xóa được tệp phản hồi cũ {names}{more} (đang mở hoặc không có quyền): hãy xóa "
                "bằng tay, đừng gửi các tệp ấy cho chi bộ."
            )
        return lines


def add_feedback(
    publication: Publication,
    issues: Sequence[Issue],
    folder: Path,
    *,
    cutoff: dt.date | None,
    personal_data: bool,
    checked: dt.datetime | None = None,
) -> FeedbackRun:
    """Add to `publication` the feedback workbooks of `issues` (as the run shows them), to be
    written in `folder` (made when something is to be written there)."""
    from toolkit.core.errors import OutputError

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            f"Thư mục phản hồi “{folder}” là một tệp, không phải thư mục: hãy chọn thư mục khác."
        )
    when = checked or dt.datetime.now().replace(microsecond=0)
    items = feedback_outputs(issues, folder)
    if items:
        folder.mkdir(parents=True, exist_ok=True)
    for item in items:
        publication.add(
            "feedback",
            item.target,
            renderer(
                item, run_id=publication.run_id, checked=when, cutoff=cutoff, personal_data=personal_data
            ),
            label=LABEL,
        )
    return FeedbackRun(folder, items)
