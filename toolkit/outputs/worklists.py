"""The work lists workbook (`danh_sach.xlsx`): one printable sheet per list.

Each sheet: a title, the cut-off and the count, what the lists were drawn from (`coverage`:
the files and organisations used, and whose members are missing, in red), the rule applied,
then one row per member
(organisation, name, birth date, the list's own dates, the due date, a note, and a link to
the member's cell in the submission), sorted as `toolkit.worklists.collect` sorted them.
Printed on A4 landscape, one page wide, the header row repeated on every page, and every
page saying that it holds personal data.

The lists name people, so this file is written only where the user asks (the `lists`
command's `-o`, the button's `Tệp danh sách` cell) and never as part of the consolidated
workbook. The workbook is opened with the safe factory (`toolkit.outputs.xlsx`) and written
atomically; it may not replace one of the submissions it was drawn from.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from toolkit import __version__
from toolkit.core import layout, vnformat
from toolkit.core.errors import OutputError, making
from toolkit.core.model import Submission
from toolkit.core.text import org_code_key
from toolkit.io.atomic import atomic_write_bytes
from toolkit.io.package import WORK_LISTS_TITLE
from toolkit.outputs.sheets.cells import (
    FONT_SIZE,
    Formats,
    finish_table,
    fit_row,
    table_sheet,
    write_merged_text,
    write_number,
    write_text,
)
from toolkit.outputs.sheets.issues import MAX_LINKS_PER_SHEET, link_target, source_link
from toolkit.outputs.status import copies_text, off_roll_text, sheets_not_read, unread_file_text
from toolkit.outputs.xlsx import FONT, new_workbook
from toolkit.worklists import WorkListsResult
from toolkit.worklists.model import Column, Entry, WorkList

TITLE = WORK_LISTS_TITLE  # how the lists are known when found among submissions
DATE_FORMAT = "dd/mm/yyyy"
# Every printed page's header (and the file's comments): what the guides and the console say of
# the file (`status.LISTS_PRIVACY`, README), e-mail included.
PRIVACY = (
    "Tài liệu có họ tên, ngày sinh của đảng viên (dữ liệu cá nhân): chỉ dùng cho công việc của "
    "văn phòng, không chia sẻ, không gửi qua mạng xã hội hay thư điện tử."
)
EMPTY = "Không có đảng viên nào trong danh sách này."
# When no file could be used, an empty list says nothing about the members.
EMPTY_NO_FILE = (
    "Không có tệp nào dùng được: danh sách trống vì chưa đọc được số liệu của tổ chức nào, không "
    "phải vì không có đảng viên nào thuộc diện này."
)
# When some files or organisations are left out (the coverage line names them), an empty list
# says only that the files used hold nobody: never in the green of a complete list.
EMPTY_INCOMPLETE = (
    "Không có đảng viên nào thuộc diện này trong các tệp đã dùng, nhưng danh sách chưa đủ: có thể "
    "còn thiếu đảng viên của các tổ chức, tệp hoặc những người nêu ở dòng trên."
)
# The lines above a list's table: title, subtitle (cut-off, count), coverage, the rule.
COVERAGE_ROW = 2
RULE_ROW = 3
LIST_HEADER_ROW = 4
MAX_NAMED = 10  # organisations or files named one by one in the coverage line

COMMON_BEFORE: tuple[Column, ...] = (
    Column("STT", 5),
    Column(layout.INFO.field("org_code").header, 10),
    Column("Tổ chức đảng", 28),
    Column(layout.MEMBERS.field("full_name").header, 24),
    Column(layout.MEMBERS.field("birth_date").header, 11),
)
NOTE = Column("Ghi chú", 30)
SOURCE = Column("Ô nguồn", 9)
WRAPPED = (2, 3)  # organisation and name: with the note and text details, they set the row height


def columns_of(wl: WorkList) -> tuple[Column, ...]:
    """Every column of a list's sheet, in order."""
    return (*COMMON_BEFORE, *wl.spec.columns, Column(wl.spec.due_header, 12), NOTE, SOURCE)


class ListFormats(Formats):
    """The consolidated workbook's formats, plus dates and the red of rows to look at."""

    def __init__(self, wb: Workbook) -> None:
        super().__init__(wb)

        def f(**props: Any) -> Any:
            base = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "vcenter", "border": 1}
            return wb.add_format({**base, "border_color": "#9E9E9E", **props})

        red = {"font_color": "#9C0006"}
        self.date = f(num_format=DATE_FORMAT, align="center")
        self.number = f(align="center")
        self.date_red = f(num_format=DATE_FORMAT, align="center", **red)
        self.number_red = f(align="center", **red)
        self.text_red = f(text_wrap=True, **red)
        # The coverage line of a complete list (an incomplete one is `warning`, in red).
        self.covered = wb.add_format(
            {
                "font_name": FONT,
                "font_size": FONT_SIZE,
                "italic": True,
                "font_color": "#006100",
                "text_wrap": True,
            }
        )
        self.rule = wb.add_format(
            {
                "font_name": FONT,
                "font_size": FONT_SIZE - 1,
                "italic": True,
                "text_wrap": True,
                "valign": "top",
            }
        )


def _write_value(ws: Worksheet, fm: ListFormats, row: int, col: int, value: object, red: bool) -> None:
    if isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fm.date_red if red else fm.date)
    elif isinstance(value, int) and not isinstance(value, bool):
        write_number(ws, row, col, value, fm.number_red if red else fm.number)
    else:
        write_text(ws, row, col, value, fm.text_red if red else fm.text_cell)


def _write_entry(
    ws: Worksheet,
    fm: ListFormats,
    row: int,
    number: int,
    entry: Entry,
    columns: tuple[Column, ...],
    url: str | None,
) -> bool:
    """One row; True when its source cell became a link."""
    red = entry.flagged
    values = (
        number,
        entry.org_code,
        entry.org_name,
        entry.full_name,
        entry.birth_date,
        *entry.details,
        entry.due,
        entry.note,
    )
    for col, value in enumerate(values):
        _write_value(ws, fm, row, col, value, red)
    col = len(values)
    linked = False
    if url is not None:
        tip = (
            f"Mở {entry.source.path.name} tại ô {entry.source.cell} (sheet \u201c{entry.source.sheet}\u201d)"
        )
        linked = ws.write_url(row, col, url, fm.link, string=entry.source.cell, tip=tip[:255]) == 0
    if not linked:
        write_text(ws, row, col, entry.source.cell, fm.text)
    wrapped = [(values[c], columns[c].width) for c in WRAPPED]
    wrapped += [(v, c.width) for v, c in zip(values[5:], columns[5:], strict=False) if isinstance(v, str)]
    fit_row(ws, row, wrapped)
    return linked


def coverage(result: WorkListsResult) -> tuple[str, bool]:
    """The line saying what the lists were drawn from, and whether it is complete: how many
    files of those read (and organisations of the registry's), and whose members are not in
    them (a file left out for its errors, an organisation that sent no file), or sub-folders
    and compressed files not read. A list printed or sent on carries it."""
    used, read = len(result.used), result.files_read
    files = f"{vnformat.number(used)}/{vnformat.number(read)} tệp" + copies_text(result)
    if result.organisations is not None:
        orgs = f"{vnformat.number(used)}/{vnformat.number(result.organisations)}"
        source = f"{files}, của {orgs} tổ chức trong danh mục"
    else:
        source = f"{files} trong thư mục bài nộp (không đối chiếu với danh mục tổ chức)"
    lacking, beside = _left_out_texts(result)
    for code in result.missing_codes:
        if code in result.named_for:
            name, held = result.named_for[code]
            lacking.append(
                f"{code} (chưa nộp tệp; tệp {name} mang tên {code} nhưng ghi mã {held}, nên đảng viên "
                f"trong tệp được xếp vào {held}: hãy kiểm tra mã tổ chức trong tệp)"
            )
        elif code in result.unread_named:
            lacking.append(f"{code} (chưa nộp tệp; {unread_file_text(code, *result.unread_named[code])})")
        else:
            lacking.append(f"{code} (chưa nộp tệp)")
    unread = [
        f"{vnformat.number(n)} {what} không được đọc"
        for n, what in (
            (
                sum(1 for i in result.folder_issues if i.code == "folder.subfolder_not_read"),
                "thư mục con có tệp bảng tính",
            ),
            (sum(1 for i in result.folder_issues if i.code == "folder.archive_not_read"), "tệp nén"),
        )
        if n
    ]
    unread += sheets_not_read(result, MAX_NAMED)
    if not lacking and not beside and not unread and not result.off_roll:
        return f"Đủ số liệu: lập từ {source}.", True
    parts = [f"Danh sách chưa đủ: lập từ {source}"]
    if lacking:
        more = len(lacking) - MAX_NAMED
        named = ", ".join(lacking[:MAX_NAMED]) + (
            f" và {vnformat.number(more)} tệp, tổ chức khác" if more > 0 else ""
        )
        parts.append(f"không có đảng viên của {named}")
    if beside:
        more = len(beside) - MAX_NAMED
        named = ", ".join(beside[:MAX_NAMED]) + (f" và {vnformat.number(more)} tệp khác" if more > 0 else "")
        parts.append(f"không dùng {named}")
    if result.off_roll:
        parts.append(off_roll_text(result, MAX_NAMED))
    return "; ".join([*parts, *unread]) + ".", False


def _left_out_texts(result: WorkListsResult) -> tuple[list[str], list[str]]:
    """The files left out for their errors (`_left_out_text`), in their order; identical copies
    of one organisation's file (one SHA-256) whose only error is `org.duplicate_file` are said
    once, as copies to delete, not as files with errors (hunt105 F6). Second, apart, those of
    an organisation a used file is filed under (`_beside_used_text`): its members are listed.
    Before, an old copy `CB01_cu.xlsx` whose `Thông tin` was renamed, left out beside CB01's
    used file, was said as "không có đảng viên của CB01 (…)" of a list holding them (review272)."""
    used = {org_code_key(code): sub for sub in result.used if (code := result.org_code_of(sub))}
    beside: list[str] = []
    copies: dict[tuple[str, str], list[Submission]] = {}
    for sub in result.left_out:
        code = result.org_code_of(sub)
        own = [i for i in sub.issues if i.severity == "error" and i.code != "org.duplicate_file"]
        if code and sub.sha256 and not own and sub.readable:
            copies.setdefault((code, sub.sha256), []).append(sub)
    grouped = {id(s): key for key, subs in copies.items() if len(subs) > 1 for s in subs}
    texts: list[str] = []
    said: set[tuple[str, str]] = set()
    for sub in result.left_out:
        key = grouped.get(id(sub))
        code = result.org_code_of(sub)
        kept = used.get(org_code_key(code)) if code else None
        if kept is not None and code:
            beside.append(_beside_used_text(result, sub, code, kept))
        elif key is None:
            texts.append(_left_out_text(result, sub))
        elif key not in said:
            said.add(key)
            n = vnformat.number(len(copies[key]))
            keep = "xóa một tệp" if len(copies[key]) == 2 else "chỉ giữ một tệp"
            texts.append(f"{key[0]} ({n} tệp giống hệt nhau: {keep})")
    return texts, beside


def _beside_used_text(result: WorkListsResult, sub: Submission, code: str, kept: Submission) -> str:
    """A file left out for its errors, filed under organisation `code`, whose used file `kept`
    the lists take its members from."""
    typed = sub.org_code
    if not typed:
        why = "có lỗi, chưa ghi mã tổ chức"
    elif org_code_key(typed) != org_code_key(code):
        why = f"có lỗi, ghi mã {typed}"
    else:
        why = "có lỗi"
    return f"tệp {sub.path.name} của {code} ({why}; đảng viên của {code} lấy từ tệp {kept.path.name})"


def _left_out_text(result: WorkListsResult, sub: Submission) -> str:
    """A file left out for its errors, named by the organisation consolidation files it under
    (the registry's H03 for H03.xlsx whose code cell says CB03, not in the registry, or is
    empty), with the code the file gives when that is another."""
    code, typed = result.org_code_of(sub), sub.org_code
    if not code:
        return f"tệp {sub.path.name} (có lỗi)"
    if not typed:
        return f"{code} (tệp {sub.path.name} có lỗi, chưa ghi mã tổ chức)"
    if org_code_key(typed) != org_code_key(code):
        return f"{code} (tệp {sub.path.name} có lỗi, ghi mã {typed})"
    return f"{code} (tệp {sub.path.name} có lỗi)"


def write_list(wb: Workbook, fm: ListFormats, wl: WorkList, result: WorkListsResult, output: Path) -> None:
    """One list's sheet."""
    columns = columns_of(wl)
    last_col = len(columns) - 1
    width = sum(c.width for c in columns)
    count = f"{vnformat.number(len(wl.entries))} đảng viên"
    if wl.flagged:
        count += f", {vnformat.number(wl.flagged)} dòng chữ đỏ cần xem ngay"
    subtitle = f"Ngày chốt số liệu {vnformat.date(result.cutoff)} · {count}"
    ws = table_sheet(
        wb,
        fm,
        wl.spec.sheet,
        [(c.header, c.width) for c in columns],
        wl.spec.title,
        subtitle,
        header_row=LIST_HEADER_ROW,
    )
    covered, complete = coverage(result)
    write_merged_text(ws, COVERAGE_ROW, 0, last_col, covered, fm.covered if complete else fm.warning)
    fit_row(ws, COVERAGE_ROW, [(covered, width)])
    ws.merge_range(RULE_ROW, 0, RULE_ROW, last_col, "", fm.rule)
    write_text(ws, RULE_ROW, 0, wl.rule, fm.rule)
    fit_row(ws, RULE_ROW, [(wl.rule, width)], line_height=14)
    ws.set_row(LIST_HEADER_ROW, 32)
    fit_row(ws, LIST_HEADER_ROW, [(c.header, c.width) for c in columns])
    links = 0
    row = LIST_HEADER_ROW + 1
    for number, entry in enumerate(wl.entries, start=1):
        src = entry.source
        url = (
            source_link(link_target(src.path, output), src.sheet, src.cell, escaped=True)
            if links < MAX_LINKS_PER_SHEET
            else None
        )
        links += _write_entry(ws, fm, row, number, entry, columns, url)
        row += 1
    if not wl.entries:
        if not result.used:
            empty, style = EMPTY_NO_FILE, fm.warning
        else:
            empty, style = (EMPTY, fm.complete) if complete else (EMPTY_INCOMPLETE, fm.warning)
        write_merged_text(ws, row, 0, last_col, empty, style)
        fit_row(ws, row, [(empty, width)])
        row += 1
    finish_table(
        ws,
        last_row=row - 1,
        last_col=last_col,
        frozen_cols=0,
        title=wl.spec.sheet,
        header_row=LIST_HEADER_ROW,
    )
    ws.set_header(f"&L&8{PRIVACY.replace('&', '&&')}")


def check_lists_target(target: Path, label: str, inputs: Mapping[Path, str]) -> None:
    """Refuse a lists file that `ward-stats lists` and the Danh sách button may not write, by
    one rule and in one wording for both (before any file is read): an input of the run
    (`inputs`: a submission, the registry, the settings workbook; `publish.check_outputs`, whose
    rule the settings cells' own check shares, `Settings.submission_problem`), a file that is
    not a `.xlsx` or is a filled submission, a blank template or a registry
    (`publish.check_kind`), a result of ward-stats (`check_not_a_result`). `label` is how the
    refusals name the file (`-o`, or the settings cell it came from)."""
    from toolkit.outputs.publish import SUFFIXES, check_kind, check_outputs

    target = Path(target)
    check_outputs([(target, label)], inputs, single=True)  # never over an input; written alone
    check_kind(target, SUFFIXES["workbook"], label, lists=True)  # its own earlier lists: replaced
    check_not_a_result(target, label)


def check_not_a_result(target: Path, label: str = "tệp danh sách") -> None:
    """Refuse to write the lists, which hold members' names and birth dates, over a result of
    ward-stats (a consolidated workbook, a feedback file): that file is the one sent on, and
    its run's JSON summary and history record would name a workbook that is no longer it."""
    from toolkit.io.package import consolidated_workbook_at

    target = Path(target)
    if target.is_file() and consolidated_workbook_at(target):
        raise OutputError(
            f"{label[:1].upper()}{label[1:]} \u201c{target}\u201d là tệp kết quả của ward-stats (bảng "
            "tổng hợp hoặc tệp phản hồi): danh sách có họ tên, ngày sinh của đảng viên không bao giờ ghi "
            "vào đó. Hãy chọn tên tệp danh sách khác."
        )


def keeps_existing(result: WorkListsResult, target: Path) -> bool:
    """Whether the lists of `result` are not written because a file is at `target` already and
    no submission was usable: lists drawn from nothing would replace lists drawn from the
    files (the folder of another quarter pressed with this cut-off, hunt389 F1: 0/72 files,
    and the good lists of a press earlier were gone). With one file usable the lists are a
    result, their coverage line saying what they lack, and are written; with no file there,
    the empty lists are written, saying that nothing was read (`EMPTY_NO_FILE`)."""
    return not result.used and Path(target).is_file()


def write_work_lists(result: WorkListsResult, target: Path, label: str = "tệp danh sách") -> bool:
    """Write the lists workbook to `target`, atomically; False, writing nothing, when the file
    there is kept (`keeps_existing`: no submission usable), which the status says
    (`status.lists_status`'s `kept`). `label` is how refusals name it (by the settings cell it
    came from, on the buttons)."""
    from toolkit.outputs.publish import SUBMISSION_INPUT

    target = Path(target)
    if keeps_existing(result, target):
        return False
    # Checked again against the files read (one may have come since the check before reading).
    read = dict.fromkeys((Path(s.path) for s in result.submissions), SUBMISSION_INPUT)
    check_lists_target(target, label, read)
    # Made in memory, then written in one go: a full disk fails cleanly, naming the file, and an
    # unexpected error while it is made names it and says the old file is kept (`making`).
    buffer = io.BytesIO()
    with making(target):
        wb = new_workbook(
            buffer,
            font_size=FONT_SIZE,
            title=TITLE,
            created=result.generated_at,
            subject=f"Số liệu đến ngày {vnformat.date(result.cutoff)}",
            comments=f"ward-stats {__version__}. {PRIVACY}",
        )
        fm = ListFormats(wb)
        for wl in result.lists:
            write_list(wb, fm, wl, result, target)
        wb.close()
    atomic_write_bytes(target, buffer.getvalue())
    return True
