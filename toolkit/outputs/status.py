"""What a run did, in Vietnamese: one summary per kind of run, for the CLI and the Excel status cell.

`validation_status` (the `validate` command, the “Kiểm tra” button),
`consolidation_status` (the `consolidate` and `demo` commands, the “Tổng hợp” button) and
`lists_status` (the `lists` command, the “Danh sách” button) and `upgrade_status` (the
`upgrade` command, the “Nâng cấp” button) count
the files (ok, with warnings only, with errors), the organisations (consolidated, excluded,
missing), the members, the errors and warnings, and say where to look. The CLI prints the
lines one per line; the Excel button joins them in its status cell and colours the cell by
the `level`. Both edges therefore word every fact the same way.

Cheap to import (the Excel buttons start a fresh Python on every press): nothing here loads
pandas or a writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from toolkit.core.layout import SHEET_LEFT_OUT, SHEET_TO_COMPLETE
from toolkit.core.model import unknown_file_words
from toolkit.core.text import file_labels
from toolkit.core.vnformat import message_date, number
from toolkit.core.vocab import YES_NO
from toolkit.outputs.sheets import SHEET_ISSUES
from toolkit.stats import coverage

if TYPE_CHECKING:
    from toolkit.core.model import ConsolidationResult, Issue, OrgResult, Registry, Submission
    from toolkit.outputs.upgrade import UpgradeRun
    from toolkit.worklists import WorkListsResult

Level = Literal["ok", "warnings", "errors"]

ON_ISSUES_SHEET = f"sheet “{SHEET_ISSUES}”"
NO_ISSUES = "Không có lỗi hay cảnh báo nào."
# What the named folders hold that may be submissions but was not read (`discover.unread_entries`).
UNREAD_FOLDER_CODES = ("folder.subfolder_not_read", "folder.archive_not_read")
# Said of a folder with no submission, and of files named that are all ward-stats' own (a
# result, the work lists, the blank template): "trong thư mục" was untrue of a file named.
NO_FILES = (
    "Không có tệp bài nộp nào: thư mục trống, hoặc chỉ có tệp của chính ward-stats (tệp kết quả, "
    "danh sách, biểu mẫu trống), không phải bài nộp."
)
LISTS_PRIVACY = (
    "Tệp danh sách có họ tên, ngày sinh của đảng viên (dữ liệu cá nhân): chỉ lưu ở máy của văn phòng, "
    "không gửi qua mạng xã hội hay thư điện tử, xóa khi không còn dùng."
)
# The work lists drawn from no usable file, an earlier lists file at their place
# (`outputs.worklists.keeps_existing`): the first line of the status, and the last but one.
LISTS_NOT_MADE = (
    "Không lập danh sách: không tệp nào trong {files} tệp đã đọc dùng được (số liệu đến ngày {cutoff}) "
    "nên danh sách lập ra sẽ trống."
)
LISTS_KEPT = "Tệp danh sách đã có “{path}” được giữ nguyên, không bị thay bằng danh sách trống."
# Said under the issues' count: whether the issue lists hold member-level values.
PERSONAL_DATA_HIDDEN = (
    "Danh sách lỗi không ghi giá trị ô, họ tên, ngày sinh của đảng viên (hiện là “[đã ẩn]”): "
    "mở tệp tại ô được nêu để xem."
)
PERSONAL_DATA_KEPT = (
    "Danh sách lỗi có giá trị ô, họ tên, ngày sinh của đảng viên (dữ liệu cá nhân, đã chọn ghi): "
    "chỉ dùng trong văn phòng, không gửi ra ngoài."
)
# The feedback files hold the values too when they are asked for, but each only its own
# submission's, and it is made to be sent to that submission's chi bộ: "office only" is not
# true of it. Under a feedback's list (`{file}`: its submission), and on the console after the
# line that announces the feedback files.
FEEDBACK_PERSONAL_DATA_KEPT = (
    "Tệp phản hồi này có giá trị ô, họ tên, ngày sinh của đảng viên ghi trong tệp {file} (dữ liệu cá "
    "nhân, đã chọn ghi): chỉ gửi riêng cho chi bộ đã nộp tệp ấy, không gửi vào nhóm chung hay cho nơi "
    "khác."
)
# Every printed page's header of a feedback file listing the values (Excel takes at most 255
# characters there, so no file name): the line under its table is on its last page only.
FEEDBACK_PAGE_HEADER = (
    "Tệp phản hồi có giá trị ô, họ tên, ngày sinh của đảng viên (dữ liệu cá nhân, đã chọn ghi): "
    "chỉ gửi riêng cho chi bộ đã nộp tệp, không gửi vào nhóm chung hay cho nơi khác."
)
# Said in the status cell after a button (“Kiểm tra”, “Tổng hợp”) that wrote the list with the
# members' values into the `Kiểm tra` sheet of the .xlsm itself, in the place of
# `PERSONAL_DATA_KEPT`: one sentence naming every output of the press that now holds them, then
# the advice, each fact once (`button_kept_line`; fix366: the three sentences said the same
# thing three times). `validate --feedback` says it so of the list and the feedback files
# (`listed_kept_line`; fix372: "office only" was said twice). That book travels with the
# registry and the settings (copied, sent to whoever takes the job over), so it is said to hold
# them, and that a press of either button with “Không” replaces the list with the masked one
# (`Kiểm tra` is always rewritten by a press that does not fail; hunt358, fix360).
KEPT_WHERE = (
    "Họ tên, ngày sinh, giá trị ô của đảng viên (dữ liệu cá nhân, đã chọn ghi) nay có trong {places}."
)
KEPT_IN_BOOK = "sheet “Kiểm tra” của chính tệp này"
KEPT_IN_BOOK_AND_RESULT = "sheet “Kiểm tra” của chính tệp này và của tệp kết quả"
KEPT_IN_FEEDBACK = "các tệp phản hồi cho chi bộ"
KEPT_IN_LIST = "danh sách lỗi"  # on the console, and in the `--json` file
KEPT_LIST_ADVICE = "Danh sách lỗi chỉ dùng trong văn phòng, không gửi ra ngoài"
KEPT_BOOK_ADVICE = (
    "Tệp này chỉ dùng trong văn phòng, không gửi ra ngoài (kể cả để chuyển danh mục tổ chức hay thiết lập)"
)
KEPT_BOOK_AND_RESULT_ADVICE = (
    "Tệp này và tệp kết quả chỉ dùng trong văn phòng, không gửi ra ngoài (tệp này cũng không gửi để "
    "chuyển danh mục tổ chức hay thiết lập)"
)
KEPT_FEEDBACK_ADVICE = (
    "mỗi tệp phản hồi chỉ có đảng viên ghi trong tệp bài nộp của nó: gửi riêng từng tệp cho chi bộ "
    "của tệp ấy, không gửi vào nhóm chung hay cho nơi khác"
)
KEPT_REMOVE = (
    "Muốn xóa, chọn “Không” ở ô “Ghi dữ liệu cá nhân vào danh sách lỗi”, bấm lại nút rồi lưu tệp: danh "
    "sách không ghi dữ liệu cá nhân sẽ thay cho danh sách này{also}."
)
# What else the press with “Không” clears (`button_kept_line`): the result workbook is written
# again with the masked list; the feedback files listing the values are written again masked, or
# removed when not written again (`feedback.with_personal_data`, fix372).
KEPT_REMOVE_RESULT = ", ở tệp này và ở tệp kết quả"
KEPT_REMOVE_FEEDBACK = (
    ", và các tệp phản hồi đang có dữ liệu cá nhân được ghi lại không có dữ liệu cá nhân hoặc bị xóa"
)
FILE_VERDICT: dict[str, str] = {
    "ok": "ĐẠT",
    "warnings": "ĐẠT, CÓ CẢNH BÁO",
    "errors": "CÓ LỖI, CHƯA TỔNG HỢP ĐƯỢC",
}


@dataclass(frozen=True)
class RunStatus:
    """The summary of a run: sentences in reading order, and how well it went."""

    lines: tuple[str, ...]
    level: Level

    @property
    def text(self) -> str:
        """The sentences on one line (the Excel status cell)."""
        return " ".join(line.strip() for line in self.lines)


def issue_counts(issues: Sequence[Issue]) -> tuple[int, int]:
    """(errors, warnings) among `issues`."""
    errors = sum(1 for i in issues if i.is_error)
    return errors, len(issues) - errors


def _issues_line(issues: Sequence[Issue], listed_in: str, late: Sequence[Issue] = ()) -> str:
    """The count of the issues and where they are listed; `late` ones (the history record's,
    found after the workbook was made) are not there, and are said right after this line."""
    if not issues:
        return NO_ISSUES
    errors, warnings = issue_counts(issues)
    counted = f"Tổng cộng {number(errors)} lỗi, {number(warnings)} cảnh báo{corrections_note(issues)}"
    if not late:
        return f"{counted}; xem chi tiết ở {listed_in}."
    history = f"{number(len(late))} cảnh báo về lịch sử tổng hợp nêu ngay sau đây"
    if len(late) == len(issues):
        return f"{counted}: {history} (không có trong {listed_in})."
    return f"{counted}; xem chi tiết ở {listed_in}, trừ {history}."


def corrections_note(issues: Sequence[Issue]) -> str:
    """How many of the warnings are automatic corrections (`rules.CORRECTIONS`), which are
    listed after the others: said after the count of warnings."""
    from toolkit.core.rules import CORRECTIONS

    corrected = sum(1 for i in issues if i.code in CORRECTIONS)
    if not corrected:
        return ""
    if corrected < issue_counts(issues)[1]:
        return (
            f" (trong đó {number(corrected)} cảnh báo về ô đã được tự động sửa, liệt kê sau các "
            "cảnh báo khác)"
        )
    return " (đều về ô đã được tự động sửa)" if corrected > 1 else " (về ô đã được tự động sửa)"


def button_kept_line(*, result: bool = False, feedback: bool = False) -> str:
    """After a button that wrote the list with the members' values into the `Kiểm tra` sheet of
    the .xlsm: where they now are (that sheet; `result`: the result workbook's too; `feedback`:
    the feedback files), and the advice, each fact once."""
    book = KEPT_IN_BOOK_AND_RESULT if result else KEPT_IN_BOOK
    office = KEPT_BOOK_AND_RESULT_ADVICE if result else KEPT_BOOK_ADVICE
    also = (KEPT_REMOVE_RESULT if result else "") + (KEPT_REMOVE_FEEDBACK if feedback else "")
    return " ".join([*_kept(book, office, feedback=feedback), KEPT_REMOVE.format(also=also)])


def listed_kept_line() -> str:
    """After `validate --feedback` whose feedback files list the members' values, as the list
    does: where they are (the list, on screen and in `--json`; the feedback files) and the
    advice, each fact once. Said right after the line telling the clerk to send the feedback,
    in the place of the list's own line (`PERSONAL_DATA_KEPT`, then not said above the list)."""
    return " ".join(_kept(KEPT_IN_LIST, KEPT_LIST_ADVICE, feedback=True))


def _kept(places: str, office: str, *, feedback: bool) -> list[str]:
    """Where the members' values are (`places`, and the feedback files when `feedback`), then
    the advice (`office`: of the places; each feedback file to its own chi bộ)."""
    where = f"{places} và trong {KEPT_IN_FEEDBACK}" if feedback else places
    advice = f"{office}; {KEPT_FEEDBACK_ADVICE}." if feedback else f"{office}."
    return [KEPT_WHERE.format(places=where), advice]


def privacy_lines(
    issues: Sequence[Issue],
    personal_data: bool | None,
    *,
    in_book: bool = False,
    result: bool = False,
    feedback: bool = False,
) -> list[str]:
    """Whether the listed issues hold member-level values (nothing said when `personal_data`
    is None, or when no issue is a member's: `Issue.personal`). `in_book`: a button wrote the
    list into the .xlsm too, said with the other outputs that hold the values (`result`, the
    result workbook; `feedback`, the feedback files) in one line (`button_kept_line`)."""
    if personal_data is None or not any(i.personal for i in issues):
        return []
    if personal_data and in_book:
        return [button_kept_line(result=result, feedback=feedback)]
    return [PERSONAL_DATA_KEPT if personal_data else PERSONAL_DATA_HIDDEN]


def page_header(text: str) -> str:
    """An xlsxwriter page header of `text`, small, on the left (`&` doubled: a code there)."""
    return f"&L&8{text.replace('&', '&&')}"


def feedback_privacy_lines(issues: Sequence[Issue], personal_data: bool, file: str) -> list[str]:
    """`privacy_lines` of one submission's feedback (`file`: its name): with the values listed,
    that they are that file's only, and go to its chi bộ only."""
    if personal_data and any(i.personal for i in issues):
        return [FEEDBACK_PERSONAL_DATA_KEPT.format(file=file)]
    return privacy_lines(issues, personal_data)


def validation_status(
    submissions: Sequence[Submission],
    issues: Sequence[Issue],
    *,
    listed_in: str = ON_ISSUES_SHEET,
    personal_data: bool | None = None,
    in_book: bool = False,
    feedback: bool = False,
) -> RunStatus:
    """A check of submissions: files ok / with warnings only / with errors, then the issues.

    `listed_in` says where each issue is listed (the `Kiểm tra` sheet unless told otherwise);
    `personal_data` (when known) whether they hold the members' values (`privacy_lines`; the
    “Kiểm tra” button's `in_book`, with `feedback` when the feedback files hold them too).
    """
    if not submissions:
        return RunStatus((NO_FILES,), "warnings")
    ok, warned, failed = (sum(1 for s in submissions if s.status == k) for k in ("ok", "warnings", "errors"))
    files = (
        f"Đã kiểm tra {number(len(submissions))} tệp: {number(ok)} đạt, "
        f"{number(warned)} chỉ có cảnh báo, {number(failed)} có lỗi."
    )
    level: Level = "errors" if failed else "warnings" if issues else "ok"
    # With a registry, the organisations that sent no file (`ValidationRun.add_missing_organisations`),
    # said as `consolidation_status` says them, named: what the clerk presses “Kiểm tra” to learn.
    missing = [i.org_code or "" for i in issues if i.code == "org.missing"]
    lines = (
        files,
        *said_first(issues),
        *([not_sent_sentence(missing)] if missing else []),
        *example_only_lines(issues),
        _issues_line(issues, listed_in),
        *privacy_lines(issues, personal_data, in_book=in_book, feedback=feedback),
    )
    return RunStatus(lines, level)


def unit_word(result: ConsolidationResult) -> str:
    """What the result's rows are: the ward's organisations, or the wards of a roll-up."""
    return "phường" if result.level == "rollup" else "tổ chức"


# The short forms of `ward.no_ward_name` and `rollup.no_unit_name`: the reminder is seen where
# the run ends. `{fix}`: where the name is given, as the edge that ran names it
# (`consolidation_status`'s `ward_name_fix`: the button's cell, `excel.book.setting_cell`, with its
# address; the --settings file's cell or --ward-name; --ward-name alone), else `WARD_NAME_FIX`.
NO_WARD_NAME = "Các Biểu 1–4-BTCTW, sheet “Tổng hợp” và báo cáo chưa có tên phường: {fix}."
WARD_NAME_FIX = "ghi ô “Tên phường” ở sheet “Điều khiển” (hoặc --ward-name) rồi chạy lại"
NO_UNIT_NAME = "Các Biểu 1–4-BTCTW chưa có tên đơn vị cấp trên ở đầu biểu: chạy lại với --name “…”."


def no_name_lines(result: ConsolidationResult, ward_name_fix: str | None = None) -> list[str]:
    """`NO_WARD_NAME` (with `ward_name_fix`, else `WARD_NAME_FIX`) or `NO_UNIT_NAME` when the run
    said `ward.no_ward_name` or `rollup.no_unit_name`."""
    codes = {i.code for i in result.issues}
    lines = []
    if "ward.no_ward_name" in codes:
        lines.append(NO_WARD_NAME.format(fix=ward_name_fix or WARD_NAME_FIX))
    if "rollup.no_unit_name" in codes:
        lines.append(NO_UNIT_NAME)
    return lines


# The short form of `registry.example_only`: where a registry's run says who has not sent, the
# run of the template's example row alone says why it cannot (hunt302 F4).
REGISTRY_EXAMPLE_ONLY = (
    "Danh mục tổ chức mới chỉ có dòng ví dụ của mẫu nên chưa được dùng: chưa biết tổ chức nào "
    "chưa nộp tệp, mã tổ chức của các tệp chưa được đối chiếu. Hãy điền các tổ chức của phường "
    "vào danh mục rồi chạy lại."
)


# What `template` and Tạo mẫu say when the registry holds only the template's example row: the
# blank template is made, not a pre-filled CB01 file that, sent to a real chi bộ and returned,
# would make the example registry the run's again (review306 N3).
TEMPLATE_EXAMPLE_ONLY = (
    "Danh mục tổ chức ({place}) mới chỉ có dòng ví dụ của mẫu ({org} – {org_name}), chưa phải "
    "danh mục của phường, nên chưa tạo biểu mẫu điền sẵn cho tổ chức nào, chỉ tạo biểu mẫu trống "
    "\u201c{blank}\u201d. Hãy xóa dòng ví dụ, điền các tổ chức của phường vào {place} rồi {again} "
    "để có biểu mẫu điền sẵn cho từng tổ chức."
)


def template_example_only_line(registry: Registry, again: str) -> str:
    """`TEMPLATE_EXAMPLE_ONLY` of `registry` (the example row alone); `again`: how the clerk
    makes the templates again (“bấm lại nút Tạo mẫu”, “chạy lại lệnh”)."""
    from toolkit.core.layout import TEMPLATE_FILENAME
    from toolkit.io.registry import registry_place

    (example,) = registry.organisations
    return TEMPLATE_EXAMPLE_ONLY.format(
        place=registry_place(registry),
        org=example.org_code,
        org_name=example.org_name,
        blank=TEMPLATE_FILENAME,
        again=again,
    )


def example_only_lines(issues: Sequence[Issue]) -> list[str]:
    """`REGISTRY_EXAMPLE_ONLY` when the run's registry held only the template's example row."""
    return [REGISTRY_EXAMPLE_ONLY] if any(i.code == "registry.example_only" for i in issues) else []


def consolidation_status(
    result: ConsolidationResult,
    *,
    workbook: Path | None = None,
    json_path: Path | None = None,
    listed_in: str = ON_ISSUES_SHEET,
    late: Sequence[Issue] = (),
    history_note: str | None = None,
    in_book: bool = False,
    ward_name_fix: str | None = None,
) -> RunStatus:
    """A consolidation: organisations and members consolidated, organisations left out (each
    excluded one with its reason), files of no organisation, the issues, and the files
    written (when given). `late`: the issues of the history record found after the workbook
    was made (`RunHistory.late`), said in full since `listed_in` does not have them;
    `history_note`: that the run was not recorded (a history found locked or damaged before the
    outputs were made), why the record just stored is not the one in use, or which record it
    took the place of (`RunHistory.note`); `in_book`: the “Tổng hợp” button, which copied the
    `Kiểm tra` sheet into the .xlsm (`privacy_lines`); `ward_name_fix`: how to give the ward's
    name, the cell named with its address by the edge that ran (`no_name_lines`)."""
    consolidated, excluded, missing = (result.count(s) for s in ("consolidated", "excluded", "missing"))
    unknown = result.unknown_files()
    members = int(result.indicators.get("members.total", 0) or 0)
    unit = unit_word(result)
    # A ward's run without a registry counts the organisations that sent a file: said so, as
    # row 3 of `Tổng hợp` says it (the example row's own line says why, `example_only_lines`).
    no_registry = result.level == "ward" and not result.registry_used
    example = bool(example_only_lines(result.issues))
    # The registry is the ward's list: an organisation outside it that sent a file is said
    # beside the count, not counted into it (`stats.coverage.outside_words`, fix331).
    expected, outside, outside_n = len(result.organisations), "", 0
    if result.level == "ward" and (outside_n := coverage.outside_count(result.indicators)):
        expected, outside = len(result.organisations) - outside_n, coverage.outside_words(result.indicators)
    lines = [
        f"Đã tổng hợp {number(consolidated)}/{number(expected)} {unit}"
        f"{' đã nộp tệp' if no_registry else ''}{outside}, {number(members)} đảng viên (số liệu đến ngày "
        f"{message_date(result.cutoff_date)})"
        + (
            "; không có danh mục tổ chức nên không biết tổ chức nào chưa nộp."
            if no_registry and not example
            else "."
        ),
    ]
    lines += said_first(result.issues)
    left_out = []
    # Those outside the registry were said in the first line, beside the count: the registry's
    # left out for errors here, so that the counts add up to the registry's (review335 F3: "2 bị
    # loại; 3 chưa nộp" beside 68/72 made 73).
    if excluded := excluded - min(outside_n, excluded):
        # a roll-up's ward may be left out for another cut-off or period: no error in its file
        why = ", không được cộng vào số liệu" if result.level == "rollup" else " vì tệp có lỗi"
        left_out.append(f"{number(excluded)} {unit} bị loại{why}")
    if missing:
        left_out.append(f"{number(missing)} tổ chức chưa nộp tệp")
    if unknown:
        left_out.append(f"{number(len(unknown))} tệp {unknown_file_words(result.level == 'rollup')}")
    if left_out:
        lines.append("; ".join(left_out) + ".")
    lines += left_out_lines(result, listed_in)
    lines += no_name_lines(result, ward_name_fix)
    lines += example_only_lines(result.issues)
    lines.append(_issues_line(result.issues, listed_in, late))
    lines += [f"Lịch sử tổng hợp: {issue.message}" for issue in late]  # "ngay sau đây": first
    lines += said_after_count([i for i in result.issues if i not in late])  # not twice
    if history_note:
        lines.append(f"Lịch sử tổng hợp: {history_note}")
    if result.level == "ward":
        lines += privacy_lines(
            result.issues, result.personal_data, in_book=in_book, result=workbook is not None
        )
    if workbook is not None:
        lines.append(f"Tệp kết quả: {workbook}")
    if json_path is not None:
        lines.append(f"Tóm tắt JSON: {json_path}")
    level: Level = "errors" if result.count("excluded") or unknown else "warnings" if result.issues else "ok"
    return RunStatus(tuple(lines), level)


def said_first(issues: Sequence[Issue]) -> list[str]:
    """The messages of `rules.SAID_FIRST` issues, said right after a run's first line."""
    from toolkit.core.rules import SAID_FIRST

    return [i.message for i in issues if i.code in SAID_FIRST]


def said_after_count(issues: Sequence[Issue]) -> list[str]:
    """The messages of `rules.SAID_AFTER_COUNT` issues, said right after the count of issues."""
    from toolkit.core.rules import SAID_AFTER_COUNT

    return [i.message for i in issues if i.code in SAID_AFTER_COUNT]


def _sentence(text: str) -> str:
    return text if text.endswith(".") else text + "."


MAX_LISTED = 10  # excluded organisations (and unknown files) named one by one in a summary


# How an organisation outside the registry that sent a file is said where those left out are
# named: not "bị loại", as the registry's left out for errors are counted (hunt337 F1).
OUTSIDE_LEFT_OUT = "chưa có trong danh mục, không được tổng hợp"


def outside_registry(result: ConsolidationResult) -> set[str]:
    """The files of the excluded organisations outside the registry of a ward's run (their file's
    `org.unknown`), when they are as many as the run counts (`orgs.unregistered`); else none (as
    `report._outside_rows`)."""
    count = coverage.outside_count(result.indicators) if result.level == "ward" else 0
    if not count:
        return set()
    files = {i.file for i in result.issues if i.code == "org.unknown" and i.file}
    rows = {o.file for o in result.organisations if o.status == "excluded" and o.file in files}
    return {f for f in rows if f} if len(rows) == count else set()


def left_out_words(org: OrgResult, outside: set[str]) -> str:
    """'bị loại', or for an organisation outside the registry (`outside_registry`) `OUTSIDE_LEFT_OUT`."""
    return OUTSIDE_LEFT_OUT if org.file in outside else "bị loại"


def left_out_lines(result: ConsolidationResult, listed_in: str = ON_ISSUES_SHEET) -> list[str]:
    """One line per excluded organisation with its reason, and per file of no organisation
    (at most `MAX_LISTED` of each, then how many more); then the copies ignored (`copy_lines`)."""
    lines: list[str] = []
    excluded = [o for o in result.organisations if o.status == "excluded"]
    outside = outside_registry(result)
    for org in excluded[:MAX_LISTED]:
        # A roll-up's ward by its name in words (`rollup._identify`: a refused one with its file).
        name = (org.org_name or org.org_code) if result.level == "rollup" else org.org_code
        lines.append(_sentence(f"  – {name} {left_out_words(org, outside)}: {org.reason or 'tệp có lỗi'}"))
    if len(excluded) > MAX_LISTED:
        more = number(len(excluded) - MAX_LISTED)
        lines.append(f"  … và {more} {unit_word(result)} bị loại khác; xem {listed_in}.")
    unknown = result.unknown_files()
    words = unknown_file_words(result.level == "rollup")
    for src in unknown[:MAX_LISTED]:
        if src.not_read:  # why, as a known organisation's file is said (hunt175 F10)
            line = f"  – Tệp {src.file} không đọc được nên {words}, không được tổng hợp: {src.not_read}"
        elif src.reason and result.level == "rollup":  # a roll-up's file of no ward: why
            line = f"  – Tệp {src.file}: {words}, không được cộng: {src.reason}"
        else:
            line = f"  – Tệp {src.file}: {words}, không được tổng hợp."
        lines.append(_sentence(line))
    if len(unknown) > MAX_LISTED:
        lines.append(f"  … và {number(len(unknown) - MAX_LISTED)} tệp khác như vậy; xem {listed_in}.")
    # Files of an organisation consolidated from (or excluded by) another of its files.
    shown = {o.file for o in excluded}
    # An old report of a code the registry lacks (`org.old_file_unregistered`) is "another
    # file" of no organisation of the run: a line of its own (review136).
    from toolkit.core.rules import OLD_FILE_MOVE_OUT

    old = {i.file for i in result.issues if i.code == "org.old_file_unregistered" and i.file}
    # One the history shows to be a dissolved organisation's last report of this forms' period
    # is to be kept, re-dated, with its registry row: its message no longer says to move it out
    # (`history.opening.unknown_code_stored`, hunt389), and neither does its line.
    kept = {
        i.file
        for i in result.issues
        if i.code == "org.old_file_unregistered" and i.file and OLD_FILE_MOVE_OUT not in i.message
    }
    rejected = [s for s in result.rejected_files() if not s.unknown and s.file not in shown]
    stale = [s for s in rejected if s.file in old]
    for src in stale[:MAX_LISTED]:
        if src.file in kept:
            lines.append(
                f"  – Tệp {src.file}: báo cáo cuối của tổ chức đã giải thể hoặc sáp nhập ({src.org_code}), "
                "ghi ngày chốt khác và mã không có trong danh mục, không được tổng hợp: các biến động "
                f"của tổ chức không có trong các biểu; đừng chuyển tệp đi, xem {listed_in}."
            )
            continue
        lines.append(
            f"  – Tệp {src.file}: tệp cũ của kỳ khác, không được tổng hợp; "
            "hãy chuyển ra khỏi thư mục bài nộp."
        )
    if len(stale) > MAX_LISTED:
        lines.append(f"  … và {number(len(stale) - MAX_LISTED)} tệp cũ khác như vậy; xem {listed_in}.")
    others = [s for s in rejected if s.file not in old]
    for src in others[:MAX_LISTED]:
        why = src.reason or src.file
        lines.append(_sentence(f"  – Một tệp khác của {src.org_code} không được tổng hợp: {why}"))
    if len(others) > MAX_LISTED:
        more = number(len(others) - MAX_LISTED)
        lines.append(f"  … và {more} tệp khác không được tổng hợp; xem {listed_in}.")
    # Spreadsheets in sub-folders or compressed files, not read: perhaps submissions, so never
    # left unsaid.
    lines += [f"  – {i.message}" for i in result.issues if i.code in UNREAD_FOLDER_CODES]
    return lines + copy_lines(result, listed_in)


def copy_lines(result: ConsolidationResult, listed_in: str = ON_ISSUES_SHEET) -> list[str]:
    """The byte-identical copies of a file used (`org.identical_copy`), ignored, their content
    counted once: under a line of their own, so that they read neither as organisations left
    out (under "… bị loại vì tệp có lỗi.") nor as a part of the first line (review187 F4)."""
    copied = result.copied_files()
    if not copied:
        return []
    lines = [f"Bỏ qua {number(len(copied))} bản sao giống hệt tệp khác:"]
    lines += [
        f"  – Tệp {src.file} giống hệt tệp {src.copy_of} của {src.org_code}." for src in copied[:MAX_LISTED]
    ]
    if len(copied) > MAX_LISTED:
        lines.append(f"  … và {number(len(copied) - MAX_LISTED)} bản sao khác như vậy; xem {listed_in}.")
    return lines


_WHERE = {"folder": "Thư mục", "ward": "Chung"}  # an issue of no file, by its code's family
# … or by its code: an organisation that sent no file (`validate` with a registry) has none.
_WHERE_CODE = {"org.missing": "Chung"}


def _issue_line(issue: Issue, *, with_file: bool = False) -> str:
    from toolkit.core.model import SEVERITY_LABEL

    where = (
        f"{issue.sheet}!{issue.cell}"
        if issue.sheet and issue.cell
        else issue.sheet or _WHERE_CODE.get(issue.code) or _WHERE.get(issue.code.split(".", 1)[0], "Tệp")
    )
    if with_file and issue.file:
        where = f"{issue.file}, {where}"
    return f"  [{SEVERITY_LABEL[issue.severity]}] {where} ({issue.code}): {issue.message}"


ATTENTION_LISTED = 50  # issues named in `attention_lines` before "… và N mục khác"


def attention_lines(issues: Sequence[Issue]) -> list[str]:
    """When automatic corrections are among the issues, the others (errors first) in one list
    with their files, before the files' own lists: a folder typed loosely has a thousand
    corrections, and a warning that needs a look must not be lost among them. Nothing when
    there is no correction, or nothing else."""
    from toolkit.core.rules import CORRECTIONS

    others = [i for i in issues if i.code not in CORRECTIONS]
    if len(others) == len(issues) or not others:
        return []
    others.sort(key=lambda i: not i.is_error)  # stable: each severity keeps the run's order
    errors = sum(1 for i in others if i.is_error)
    # The organisations that only sent nothing in one line, as under "Chung": sixty of them
    # filled the fifty lines and pushed a file's warning into "… và N mục khác" (h216).
    listed = missing_said_once(others)
    shown = listed[:ATTENTION_LISTED]
    lines = [
        "",
        f"== Cần xem trước: {number(errors)} lỗi, {number(len(others) - errors)} cảnh báo không phải ô đã "
        "được tự động sửa (mỗi tệp có đủ ở dưới)",
        *(_issue_line(i, with_file=True) for i in shown),
    ]
    if len(listed) > len(shown):
        lines.append(f"  … và {number(len(listed) - len(shown))} mục khác: xem từng tệp dưới đây.")
    return lines


def ward_lines(issues: Sequence[Issue]) -> list[str]:
    """Issues of no single file (the registry's, the folder's, a check across files), before
    the files' own; the organisations that only sent nothing in one line (`missing_said_once`)."""
    if not issues:
        return []
    return [
        "",
        "== Chung cho cả lần kiểm tra (danh mục, thư mục, đối chiếu giữa các tệp)",
        *map(_issue_line, missing_said_once(issues)),
    ]


# More `org.missing` that say only "sent no file" than this are said in one line on the console
# (`missing_said_once`). A few lines of one organisation each read at a glance; early in a
# quarter a ward of seventy organisations had some sixty-five, two screens of one sentence
# before the files' own findings (h216). Five: the summary names ten codes, and the line of a
# few keeps each organisation's whole sentence.
MISSING_SAID_ONE_BY_ONE = 5


def missing_said_once(issues: Sequence[Issue]) -> list[Issue]:
    """`issues` in their order, the `org.missing` that say nothing more than that the
    organisation sent no file (`plain_missing_name`) made one issue where the first of them
    stood, naming each organisation (code and name) with their count, when there are more than
    `MISSING_SAID_ONE_BY_ONE`. Those that say more (a file of theirs under another code, a lock
    file, a file in a sub-folder) each ask for something else, and keep their own; so does every
    issue of another code. For the console only: the JSON and the `Kiểm tra` sheet keep one
    issue per organisation (a sheet's rows are filtered, not read through)."""
    from dataclasses import replace

    plain = {id(i): name for i in issues if (name := plain_missing_name(i)) is not None}
    if len(plain) <= MISSING_SAID_ONE_BY_ONE:
        return list(issues)
    orgs = [f"{i.value} ({plain[id(i)]})" if plain[id(i)] else f"{i.value}" for i in issues if id(i) in plain]
    named = f"{', '.join(orgs[:-1])} và {orgs[-1]}"
    text = f"{number(len(orgs))} tổ chức sau chưa nộp tệp số liệu nên số liệu toàn phường chưa đủ: {named}."
    out: list[Issue] = []
    said = False
    for issue in issues:
        if id(issue) not in plain:
            out.append(issue)
        elif not said:  # the first of them: all said here, once
            out.append(replace(issue, message=text, value=None, org_code=None))
            said = True
    return out


def plain_missing_name(issue: Issue) -> str | None:
    """The organisation's name (as its message quotes it) when `issue` is an `org.missing` that
    says nothing more than that the organisation sent no file: its message is the rule's with
    nothing after it (`attribution`'s `seen` empty); None for any other issue."""
    from toolkit.core.rules import make_issue

    if issue.code != "org.missing" or issue.value is None:
        return None
    marker = "@@org_name@@"  # where the name goes: in no registry's name
    head, _, tail = make_issue("org.missing", value=issue.value, org_name=marker, seen="").message.partition(
        marker
    )
    message = issue.message
    if not (tail and message.startswith(head) and message.endswith(tail)):
        return None
    name = message[len(head) : len(message) - len(tail)]
    again = make_issue("org.missing", value=issue.value, org_name=name, seen="").message
    return name if again == message else None


def registry_lines(warnings: Sequence[Issue]) -> list[str]:
    """The registry's warnings (`Registry.warnings`), where only the registry was read."""
    if not warnings:
        return []
    return ["", "== Danh mục tổ chức", *map(_issue_line, warnings)]


def corrections_last(issues: Sequence[Issue]) -> list[Issue]:
    """`issues` in their order, the automatic corrections (`rules.CORRECTIONS`) moved last."""
    from toolkit.core.rules import CORRECTIONS

    return sorted(issues, key=lambda i: i.code in CORRECTIONS)


def file_lines(submissions: Sequence[Submission]) -> list[str]:
    """Each file's verdict and its issues, one per line (the body of `ward-stats validate`); a
    file is headed by its name, or by its path when another file's name reads the same
    (`file_labels`: one name in two folders given to `validate`)."""
    lines: list[str] = []
    labels = file_labels(s.path for s in submissions)
    for sub in submissions:
        org = f" ({sub.org_code})" if sub.org_code else ""
        errors, warnings = issue_counts(sub.issues)
        counts = f": {number(errors)} lỗi, {number(warnings)} cảnh báo" if sub.issues else ""
        lines.append("")
        lines.append(f"== {labels[sub.path]}{org} — {FILE_VERDICT[sub.status]}{counts}")
        lines.extend(_issue_line(issue) for issue in corrections_last(sub.issues))
    return lines


def copies_text(result: WorkListsResult) -> str:
    """What the coverage line's count of files adds of the byte-identical copies of a file used,
    which are not counted (`org.identical_copy`)."""
    if not result.copies:
        return ""
    return f" (bỏ qua {number(result.copies)} bản sao giống hệt tệp khác)"


def lists_status(
    result: WorkListsResult, *, see_errors: str, path: Path | None = None, kept: bool = False
) -> RunStatus:
    """The work lists: from how many files, each list's count, the files left out (`see_errors`
    says how to see why), the registry organisations that sent no file, the file written, and
    that it holds personal data. `kept`: no file was usable and the lists file at `path` was
    left as it was (`outputs.worklists.keeps_existing`): said first, with no list's count."""
    used, left_out = result.used, result.left_out
    if kept:
        lines = [LISTS_NOT_MADE.format(files=number(result.files_read), cutoff=message_date(result.cutoff))]
    else:
        lines = [
            f"Đã lập danh sách từ {number(len(used))}/{number(result.files_read)} tệp không có lỗi"
            # One sentence, not two parentheses in a row (review187 F4).
            + (f", bỏ qua {number(result.copies)} bản sao giống hệt tệp khác" if result.copies else "")
            + f" (số liệu đến ngày {message_date(result.cutoff)}).",
            "; ".join(
                f"{wl.spec.sheet}: {number(len(wl.entries))}"
                + (f" ({number(wl.flagged)} chữ đỏ)" if wl.flagged else "")
                for wl in result.lists
            )
            + ".",
        ]
    lines += [
        *said_first(result.run_issues),
        # Where a registry's run names who has not sent (below): why this one cannot.
        *example_only_lines(result.run_issues),
    ]
    if left_out:
        labels = file_labels(s.path for s in result.submissions)
        # Each file with the organisation consolidation files it under (not the code typed in
        # it, which may be in no registry): its members are missing from the lists.
        names = ", ".join(
            labels[s.path] + (f" của {code}" if (code := result.org_code_of(s)) else "") for s in left_out[:5]
        ) + (", …" if len(left_out) > 5 else "")
        lines.append(
            f"{number(len(left_out))} tệp có lỗi không được đưa vào danh sách ({names}); {see_errors}."
        )
    if result.missing:
        lines.append(missing_orgs_sentence(result.missing_codes))
        lines += [
            f"  – {code}: {unread_file_text(code, *result.unread_named[code])}."
            for code in result.missing_codes
            if code in result.unread_named
        ]
    lines += [f"  – {i.message}" for i in result.folder_issues]
    lines += [
        f"{text}: đảng viên và biến động ghi ở đó không có trong danh sách; {see_errors}."
        for text in sheets_not_read(result, MAX_LISTED)
    ]
    if result.off_roll:
        lines.append(off_roll_text(result, MAX_LISTED) + ".")
    if path is not None and kept:
        lines.append(LISTS_KEPT.format(path=path))
        lines.append(LISTS_PRIVACY)
    elif path is not None:
        lines.append(f"Tệp danh sách: {path}")
        lines.append(LISTS_PRIVACY)
    return RunStatus(tuple(lines), "ok" if result.complete and not kept else "errors")


def _copies_a_roll(issue: Issue) -> bool:
    """Whether `issue` is `file.copied_sheet` of `Đảng viên` or `Biến động`: rows of members or
    changes that are not read (the copied sheet is named in its message, as its rule says)."""
    from toolkit.core import layout

    if issue.code != "file.copied_sheet":
        return False
    rolls = (layout.SHEET_MEMBERS, layout.SHEET_EVENTS)
    return any(f"với sheet \u201c{n}\u201d" in issue.message for n in rolls)


def sheets_not_read(result: WorkListsResult, shown: int) -> list[str]:
    """“2 sheet có dữ liệu không được đọc (sheet “Đảng viên (2)” của tệp HD05.xlsx, …)” for the
    used files' copies of `Đảng viên` or `Biến động` holding rows, which are not read, the first
    `shown` named; none: [] (hunt116 F1: a probationary member kept on such a copy was in no
    list, and nothing said so). Other sheets not read (a copy of `Hướng dẫn`, notes) are no
    members' (`file.extra_sheet` says them to the secretary)."""
    found = [
        f"sheet \u201c{i.sheet}\u201d của tệp {sub.path.name}"
        for sub in result.used
        for i in sub.issues
        if _copies_a_roll(i)
    ]
    if not found:
        return []
    more = len(found) - shown
    named = ", ".join(found[:shown]) + (f" và {number(more)} sheet khác" if more > 0 else "")
    return [f"{number(len(found))} sheet có dữ liệu không được đọc ({named})"]


def off_roll_text(result: WorkListsResult, shown: int) -> str:
    """The people the used files record but no roll has (`WorkListsResult.off_roll`), the first
    `shown` named with their file and row: they may be missing from every list."""
    people = result.off_roll
    more = len(people) - shown
    named = ", ".join(o.text() for o in people[:shown]) + (
        f" và {number(more)} người khác" if more > 0 else ""
    )
    return (
        f"{number(len(people))} người các tệp ghi biến động nhưng không có trong danh sách "
        f"đảng viên nào nên có thể thiếu trong các danh sách: {named}"
    )


def unread_file_text(code: str, name: str, folder: str) -> str:
    """Where a missing organisation's file may be: a file named for it in a sub-folder not read."""
    return (
        f"có tệp {name} mang tên {code} trong thư mục con \u201c{folder}\u201d, không được đọc: nếu là "
        "bài nộp, hãy chuyển ra thư mục bài nộp rồi làm lại"
    )


def not_sent_sentence(codes: Sequence[str]) -> str:
    """The registry organisations that sent no file, after a check (`validation_status`: the
    console and the status cell of “Kiểm tra”); each one's `org.missing` is listed in full."""
    shown = ", ".join(codes[:MAX_LISTED]) + (", …" if len(codes) > MAX_LISTED else "")
    return f"{number(len(codes))} tổ chức chưa nộp tệp ({shown})."


def missing_orgs_sentence(codes: Sequence[str]) -> str:
    """The registry organisations that sent no file, for the work lists (console, status cell
    and the workbook's coverage line): their members are in no list."""
    shown = ", ".join(codes[:MAX_LISTED]) + (", …" if len(codes) > MAX_LISTED else "")
    these = "tổ chức này" if len(codes) == 1 else "các tổ chức này"
    return (
        f"{number(len(codes))} tổ chức chưa nộp tệp ({shown}): đảng viên của {these} không có "
        "trong danh sách."
    )


# What the office does with an upgraded file.
SEND_BACK = (
    "Gửi mỗi tệp mới cho chi bộ của nó để bổ sung các ô trong sheet “Cần bổ sung”, rồi nộp lại tệp "
    "mới thay cho tệp cũ."
)
# … and with its members' new Có/Không columns, all empty in the upgraded file: until one is
# marked the file is not completed and its members count as unknown there (rule
# `file.upgrade_not_completed`; the sheet `Cần bổ sung` of each file says which columns).
MARK_NEW_COLUMNS = (
    f"Chi bộ cần điền các cột mới (chọn {YES_NO.label('yes')} khi đúng; xem sheet “{SHEET_TO_COMPLETE}” "
    "của mỗi tệp) trước khi nộp lại."
)


def upgrade_status(
    run: UpgradeRun, out_dir: Path, files: int, *, listed: bool = False, notes: Sequence[str] = ()
) -> RunStatus:
    """An upgrade of `files` files into `out_dir`: how many were upgraded of those to upgrade
    (the files already of the current template counted apart, unless `listed`), those that
    could not be (each one when `listed` is False; the CLI has listed them above), what the
    folders hold that was not read (`notes`, from `upgrade.upgrade_inputs`: a warning; the CLI
    has said them above), what to do next."""
    # Out of the files to upgrade: not those already current, nor a consolidation among them.
    to_upgrade = files - len(run.own_outputs) - len(run.current)
    if run.upgraded or run.skipped:
        current = (
            f" ({number(len(run.current))} tệp khác đã dùng biểu mẫu mới, không cần nâng cấp)"
            if run.current and not listed
            else ""
        )
        done = f"{number(len(run.upgraded))}/{number(to_upgrade)}"
        lines = [f"Đã nâng cấp {done} tệp vào thư mục {out_dir}{current}."]
    else:
        lines = ["Không có tệp nào cần nâng cấp: mọi tệp đã dùng biểu mẫu mới."]
    if not listed:  # the CLI has said each file above
        lines += upgraded_lines(run)
    if run.skipped and not listed:
        if len(run.skipped) == 1:
            path, reason = run.skipped[0]
            lines.append(f"Không nâng cấp được 1 tệp: {run.label(path)}: {reason.rstrip('.')}.")
        else:
            lines.append(f"Không nâng cấp được {number(len(run.skipped))} tệp:")
            lines += [f"  – {run.label(p)}: {why.rstrip('.')}." for p, why in run.skipped[:MAX_LISTED]]
            if len(run.skipped) > MAX_LISTED:
                lines.append(f"  … và {number(len(run.skipped) - MAX_LISTED)} tệp khác.")
    incomplete = sum(1 for done in run.upgraded if done.left_out)
    if incomplete:
        where = "liệt kê ở trên và trong" if listed else "liệt kê trong"
        lines.append(
            f"Lưu ý: {number(incomplete)} tệp có nội dung không chuyển sang mẫu mới ({where} sheet "
            f"“{SHEET_LEFT_OUT}” của tệp mới); nếu còn cần, hãy chép tay từ tệp cũ."
        )
    if run.not_completed:
        lines.append(not_completed_sentence([run.label(p) for p in run.not_completed]))
    lines.extend(f"Lưu ý: {note}" for note in notes)
    if run.upgraded:
        lines.append(SEND_BACK)
    if run.not_completed or any(done.members for done in run.upgraded):
        lines.append(MARK_NEW_COLUMNS)
    judged = any(done.verdict is not None for done in run.upgraded)
    warned = run.skipped or notes or run.not_completed or judged
    return RunStatus(tuple(lines), "warnings" if warned else "ok")


STATUS_VERDICT_CELLS = 5  # of each kind, per file, in the button's status (`Verdict.lines`)


def upgraded_lines(run: UpgradeRun) -> list[str]:
    """What the CLI says under each file upgraded, for the button's status (fix383: it said
    none of it): the cells to complete counted by column, the new name, what moved with the
    cells or keeps the old look (`Upgraded.kept_lines`), how many things were not carried over
    (never their words: the sheet that lists them named), and whether the upgrade changed the
    file's errors (`Upgraded.verdict`). Up to `MAX_LISTED` files, every one with a verdict
    among them, then how many more."""
    judged = [done for done in run.upgraded if done.verdict is not None]
    room = max(0, MAX_LISTED - len(judged))
    plain = [done for done in run.upgraded if done.verdict is None][:room]
    shown = {id(done) for done in [*judged, *plain]}
    lines: list[str] = []
    for done in run.upgraded:
        if id(done) not in shown:
            continue
        head = f"  – {run.label(done.source)} \u2192 {done.target.name}"
        counts = done.to_complete_counts()
        if counts:
            head += f": cần bổ sung {number(len(done.to_complete))} ô ({counts})"
        lines.append(f"{head}.")
        renamed = done.renamed_line()
        lines += [renamed] if renamed else []
        lines += done.kept_lines()
        if done.left_out:
            lines.append(
                f"{number(len(done.left_out))} mục không chuyển sang mẫu mới (xem sheet “{SHEET_LEFT_OUT}” "
                "của tệp mới)."
            )
        if done.verdict is not None:
            lines += done.verdict.lines(STATUS_VERDICT_CELLS)
    if len(run.upgraded) > len(shown):
        more = number(len(run.upgraded) - len(shown))
        see = f"xem sheet “{SHEET_TO_COMPLETE}” của từng tệp mới"
        lines.append(f"  … và {more} tệp khác đã nâng cấp ({see}).")
    return lines


def not_completed_sentence(names: Sequence[str]) -> str:
    """The files an upgrade found already current but upgraded before and not completed (their
    new Có/Không columns all empty: sent back unmarked), named up to `MAX_LISTED`."""
    shown = ", ".join(names[:MAX_LISTED]) + (", …" if len(names) > MAX_LISTED else "")
    return f"{number(len(names))} tệp đã nâng cấp trước đây nhưng chưa điền các cột mới: {shown}."
