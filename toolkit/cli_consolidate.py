"""The commands that read a whole ward's files: `consolidate` and `lists`.

Registered on the `ward-stats` group of `toolkit.cli` (which imports this module); they use
its shared options and helpers and its exit codes. `consolidate` runs `toolkit.pipeline` and
hands the result to `toolkit.outputs.publish`; `lists` builds the work lists
(`toolkit.worklists`).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from toolkit.cli import (
    DATE,
    EXIT_DATA,
    EXIT_FAILURE,
    ProgressBar,
    chosen_personal_data,
    chosen_thresholds,
    friendly_errors,
    given,
    load_workbook_settings,
    main,
    open_option,
    open_when_asked,
    parse_form_period,
    personal_data_option,
    print_on_stdout,
    refuse_json_without_stdout,
    registry_option,
    require,
    run_inputs,
    say,
    settings_option,
    thresholds_options,
)
from toolkit.cli_usage import not_empty, with_notes
from toolkit.core.errors import error_line

if TYPE_CHECKING:
    from toolkit.core.model import ConsolidationResult, Registry
    from toolkit.core.thresholds import Thresholds
    from toolkit.io.readmany import Reading

folder_argument = click.argument(
    "folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
cutoff_option = click.option(
    "--cutoff",
    type=DATE,
    help=with_notes("Ngày chốt số liệu (DD/MM/YYYY hoặc YYYY-MM-DD).", "bắt buộc khi không có --settings"),
)


# --- consolidate ------------------------------------------------------------------------------


@main.command("consolidate")
@folder_argument
@registry_option("Danh mục tổ chức (.xlsx hoặc .csv): chỉ tiêu kết nạp, kiểm tra tổ chức chưa nộp.")
@cutoff_option
@click.option(
    "--since",
    type=DATE,
    help="Ngày bắt đầu kỳ tính biến động (DD/MM/YYYY hoặc YYYY-MM-DD; mặc định: ngày ghi trong các tệp, "
    "thường là 01/01).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Tệp kết quả .xlsx (mặc định: tong_hop_phuong_<ngày chốt>.xlsx trong thư mục hiện tại, ví dụ "
    "tong_hop_phuong_20260331.xlsx; với --settings: tệp ghi ở ô “Tệp kết quả”, ô để trống thì "
    "tong_hop_<ngày chốt>.xlsx trong thư mục bài nộp, ví dụ tong_hop_2026-03-31.xlsx).",
)
@click.option(
    "--json",
    "json_out",
    metavar="TỆP",
    help="Ghi bản tóm tắt JSON vào tệp này, hoặc '-' để in ra màn hình.",
    callback=not_empty,
)
@click.option(
    "--strict", is_flag=True, help="Trả mã lỗi 1 khi có bất kỳ lỗi nào, kể cả khi vẫn tổng hợp được."
)
@personal_data_option("tệp kết quả và JSON")
@click.option(
    "--ward-name",
    metavar="TÊN_PHƯỜNG",
    help="Tên phường, ví dụ “Phường Hải Dương”: ghi ở đầu các Biểu 1–4-BTCTW (“ĐẢNG ỦY PHƯỜNG …”).",
)
@click.option(
    "--form-period",
    metavar="TỪ..ĐẾN",
    help="Kỳ báo cáo của Biểu 1–4-BTCTW, ví dụ 01/01/2026..31/03/2026; ngày cuối phải là ngày chốt, "
    "dài nhiều nhất 12 tháng (mặc định: từ 01/01 năm của ngày chốt, hoặc từ ngày bắt đầu kỳ tính "
    "biến động (--since, hoặc ngày ghi trong các tệp) nếu muộn hơn, đến ngày chốt).",
)
@click.option(
    "--history",
    "history_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp lịch sử tổng hợp (mặc định: lich_su_tong_hop.sqlite cạnh tệp kết quả; với --settings, "
    "cạnh tệp tổng hợp .xlsm): ghi lần tổng hợp này và lấy số liệu cùng kỳ năm trước, xu hướng.",
)
@click.option("--no-history", is_flag=True, help="Không dùng và không ghi lịch sử tổng hợp.")
@thresholds_options
@settings_option(
    "thư mục bài nộp, các ngày, chỉ tiêu, tên phường, tuổi miễn sinh hoạt, tệp kết quả và danh mục tổ chức"
)
@open_option
@friendly_errors
def consolidate_cmd(
    folder: Path | None,
    registry: Path | None,
    cutoff: dt.date | None,
    since: dt.date | None,
    output: Path | None,
    json_out: str | None,
    strict: bool,
    personal_data: bool | None,
    ward_name: str | None,
    form_period: str | None,
    history_path: Path | None,
    no_history: bool,
    old_age_men: int | None,
    old_age_women: int | None,
    settings_book: Path | None,
    open_result: bool,
) -> None:
    """Tổng hợp các tệp của chi bộ trong THƯ_MỤC thành bảng thống kê toàn phường.

    Ghi tệp Excel kết quả (bảng tổng hợp, theo tổ chức, biểu đồ, xu hướng, báo cáo, Biểu
    1–4-BTCTW, danh sách lỗi) và ghi lần tổng hợp vào lịch sử tổng hợp.
    Không ghi THƯ_MỤC hoặc --cutoff thì phải có --settings: lấy theo tệp tổng hợp.
    Các tệp kết quả của một lần chạy mang cùng một mã lần tổng hợp và được ghi cùng nhau;
    không bao giờ ghi đè tệp đầu vào.
    Mã thoát: 0 khi không có tệp nào bị loại (tổ chức trong danh mục chưa nộp tệp không đổi mã
    thoát: kết quả ghi rõ “… tổ chức chưa nộp tệp”), 1 khi có tệp bị loại vì lỗi hoặc không dùng
    được, hoặc với --strict khi có bất kỳ lỗi nào (vẫn ghi kết quả), 2 khi không đọc/ghi được
    (thư mục bài nộp, danh mục, tệp kết quả…), 130 khi bị dừng bằng Ctrl+C. Riêng lịch sử tổng
    hợp không đọc hoặc không ghi được (bị khóa, hỏng, chỉ đọc) không đổi mã thoát: kết quả vẫn
    được ghi, kèm cảnh báo, và lần này không được ghi vào lịch sử tổng hợp.
    """
    from toolkit.io.readmany import stopped_on_failure

    refuse_json_without_stdout(json_out)  # before the readers start: nothing read, nothing written
    reading = _start_reading(folder)
    with stopped_on_failure(reading):
        from toolkit.outputs.publish import SUBMISSION_INPUT, prepare
        from toolkit.pipeline import consolidate

        job = _consolidation(
            folder,
            registry,
            cutoff,
            since,
            output,
            ward_name,
            form_period,
            (old_age_men, old_age_women),
            settings_book,
            personal_data,
        )
        json_path = Path(json_out) if json_out and json_out != "-" else None
        history = _history_path(history_path, no_history, settings_book or job.output)
        inputs = _checked_inputs(
            job, registry, settings_book, json_path, history, named=history_path is not None
        )
        bar = ProgressBar(sum(1 for v in inputs.values() if v == SUBMISSION_INPUT))
    result = consolidate(
        [job.folder],
        cutoff=job.cutoff,
        since=job.since,
        registry=job.registry,
        personal_data=job.personal_data,
        progress=bar,
        while_reading=prepare,
        target_override=job.target_override,
        ward_name=job.ward_name,
        form_from=job.form_from,
        form_label=job.form_label,
        thresholds=job.thresholds,
        reading=reading,
    )
    bar.close()
    from toolkit.outputs.publish import write_outputs

    used = write_outputs(
        result, job.output, json_path, inputs=inputs, history=history, label=job.output_label
    )
    not_printed = _print_consolidation(
        result,
        used,
        job.output,
        json_path,
        to_stdout=json_out == "-",
        given=history_path is not None,
        workbook=settings_book.name if settings_book is not None else None,
        ward_name_fix=job.ward_name_fix,
    )
    open_when_asked(open_result, job.output)
    if not_printed is not None:
        say(error_line(not_printed), err=True)
        sys.exit(EXIT_FAILURE)
    rejected = result.count("excluded") or result.rejected_files()
    if rejected or (strict and any(i.is_error for i in result.issues)):
        sys.exit(EXIT_DATA)


def _start_reading(folder: Path | None) -> Reading | None:
    """The reading of the submissions in `folder` for `consolidate` and `lists` (None: the
    folder comes from the settings workbook, read later), started before anything loads
    pandas: the worker processes are forked now, and read while this process loads the rest
    (a second of every run). Reading never writes, so it may start before the outputs are
    checked; the caller stops the workers should anything fail before the pipeline takes the
    reading over."""
    if folder is None:
        return None
    from toolkit.io.discover import discover
    from toolkit.io.readmany import start_reading

    return start_reading(discover([folder]))


@dataclass(frozen=True)
class Consolidation:
    """What `consolidate` runs on: the command line's values, else the saved workbook's."""

    folder: Path
    cutoff: dt.date
    since: dt.date | None
    output: Path
    registry: Registry | None
    target_override: Mapping[int, int] | None
    ward_name: str | None
    form_from: dt.date | None
    thresholds: Thresholds
    personal_data: bool  # the issue lists keep the members' values (asked for)
    # How messages name the output: by `-o`, by the settings cell it came from, or by its
    # default name (neither was given).
    output_label: str = "tệp kết quả -o"
    form_label: str | None = None  # how messages name the forms' period start (option or cell)
    # How the run's summary says to give the ward's name it lacks (`status.NO_WARD_NAME`).
    ward_name_fix: str = ""


SETTINGS_CELL = " của tệp --settings"  # after a cell's name: the cell is the --settings file's
# Without --settings: the option alone, as the roll-up's `status.NO_UNIT_NAME` says its --name.
WARD_NAME_OPTION = "chạy lại với --ward-name “…”, ví dụ --ward-name “Phường Hải Dương”"


def ward_name_fix(places: Mapping[str, str] | None) -> str:
    """How a run of the --settings file (`places`: its cells) is given the ward's name it lacks:
    that file's `Tên phường` cell with its address (`excel.book.setting_cell`), or --ward-name."""
    from toolkit.excel.book import setting_cell

    return f"ghi {setting_cell('WardName', places, SETTINGS_CELL)} rồi chạy lại, hoặc {WARD_NAME_OPTION}"


# The options that replace a --settings cell when written (`load_workbook_settings`).
_CONSOLIDATE_CELLS = {
    **{"folder": "InputFolder", "cutoff": "CutoffDate", "since": "PeriodStart", "output": "OutputFile"},
    **{"personal_data": "PersonalData", "ward_name": "WardName", "form_period": "FormPeriodStart"},
    **{"old_age_men": "OldAgeMen", "old_age_women": "OldAgeWomen"},
}
_LISTS_CELLS = {
    "folder": "InputFolder",
    "cutoff": "CutoffDate",
    "output": "ListsFile",
    "old_age_men": "OldAgeMen",
    "old_age_women": "OldAgeWomen",
}


def _consolidation(
    folder: Path | None,
    registry: Path | None,
    cutoff: dt.date | None,
    since: dt.date | None,
    output: Path | None,
    ward_name: str | None,
    form_period: str | None,
    old_age: tuple[int | None, int | None],
    settings_book: Path | None,
    personal_data: bool | None,
) -> Consolidation:
    """The run's settings: each option written on the command line wins over the workbook's
    (`--settings`); the folder and the cut-off are required from one or the other.
    `old_age` is `--old-age-men` and `--old-age-women`."""
    from toolkit.io.registry import read_registry

    reg = read_registry(registry) if registry else None
    target_override = None
    form_from = form_label = None
    book = None
    label = "tệp kết quả -o" if output is not None else "tệp kết quả"
    fix = WARD_NAME_OPTION
    if settings_book is not None:
        book = load_workbook_settings(settings_book, "consolidate", _CONSOLIDATE_CELLS)
        folder = folder or book.settings.require_input_folder()
        cutoff = cutoff or book.settings.require_cutoff()
        since = since or book.settings.period_start
        if output is None:  # the setting's file: messages name its cell, not -o
            output = book.settings.output_path(folder, cutoff)
            label = book.settings.output_label(SETTINGS_CELL)
        target_override = book.settings.target_override_by_year(cutoff)
        reg = reg or book.registry(required=False)
        ward_name = ward_name or book.settings.ward_name
        form_from = book.settings.form_period_start
        form_label = f"{book.settings.form_period_label()} của tệp --settings"
        fix = ward_name_fix(book.settings.places)
    if form_period:
        form_label = "--form-period"
    thresholds = chosen_thresholds(*old_age, book)
    folder, cutoff = require(folder, "folder"), require(cutoff, "cutoff")
    _refuse_period_after_cutoff(since, cutoff, book.settings.places if book is not None else None)
    return Consolidation(
        folder=folder,
        cutoff=cutoff,
        since=since,
        output=output or Path(f"tong_hop_phuong_{cutoff:%Y%m%d}.xlsx"),
        registry=reg,
        target_override=target_override,
        ward_name=ward_name,
        form_from=parse_form_period(form_period, cutoff) or form_from,
        form_label=form_label,
        thresholds=thresholds,
        personal_data=chosen_personal_data(personal_data, book),
        output_label=label,
        ward_name_fix=fix,
    )


def _refuse_period_after_cutoff(
    since: dt.date | None, cutoff: dt.date, places: Mapping[str, str] | None = None
) -> None:
    """`--since` after the cut-off, refused before any file is read, naming where each date
    came from (the option, else the --settings cell: two cells, or a cell and `--cutoff`, are
    refused by `book.settings_from_values` already)."""
    if since is None or since <= cutoff:
        return
    from toolkit.core.errors import WardStatsError
    from toolkit.excel.book import setting_label, setting_place

    def where(option: str, cell: str) -> str:
        return (
            option
            if given(option.removeprefix("--"))
            else f"ô “{setting_label(cell)}”{SETTINGS_CELL}, {setting_place(cell, places)}"
        )

    raise WardStatsError(
        f"Ngày bắt đầu kỳ {since:%d/%m/%Y} ({where('--since', 'PeriodStart')}) sau ngày chốt số liệu "
        f"{cutoff:%d/%m/%Y} ({where('--cutoff', 'CutoffDate')}): hãy kiểm tra lại."
    )


def _history_path(history_path: Path | None, no_history: bool, beside: Path) -> Path | None:
    """The history file of the run: `--history`, else the one beside the consolidation
    workbook when there is one (as for its buttons), else beside the output; None with
    `--no-history` (refused beside `--history`: the file named would be left out without a word,
    hunt112a L1). A history that is not there yet is refused, before anything is written,
    unless named `.sqlite` (`store.new_history_problem`, hunt122 F1): here, not as the warning
    a history that cannot be used is beside the outputs, which would be written unrecorded
    run after run until the name was changed."""
    from toolkit.history.session import default_history_path

    if no_history and history_path is not None:
        raise click.UsageError(
            "--history và --no-history không dùng cùng nhau: bỏ --no-history để dùng tệp lịch sử "
            "đã ghi, hoặc bỏ --history."
        )
    if no_history:
        return None
    from toolkit.core.errors import OutputError
    from toolkit.history.store import new_history_problem

    history = history_path or default_history_path(beside)
    if (problem := new_history_problem(history)) is not None:
        raise OutputError(problem)
    return history


def _checked_inputs(
    job: Consolidation,
    registry: Path | None,
    settings_book: Path | None,
    json_path: Path | None,
    history: Path | None,
    *,
    named: bool,
) -> dict[Path, str]:
    """The run's inputs, once no output is an input, another output, or not a file: checked
    before the files are read, so a wrong path fails at once (the history too when `named`:
    typed as --history)."""
    from toolkit.io.discover import discover
    from toolkit.outputs.publish import SUFFIXES, check_kind, check_outputs, history_written

    inputs = run_inputs(discover([job.folder]), registry, settings_book)
    outputs = [(job.output, job.output_label), *([(json_path, "tóm tắt JSON --json")] if json_path else [])]
    check_outputs(outputs, inputs, in_place=history_written(history, named=named))  # too long: a warning
    check_kind(job.output, SUFFIXES["workbook"], job.output_label)
    if json_path:
        check_kind(json_path, SUFFIXES["json"], "tóm tắt JSON --json")
    return inputs


def _print_consolidation(
    result: ConsolidationResult,
    used: Any,
    output: Path,
    json_path: Path | None,
    *,
    to_stdout: bool,
    given: bool = False,
    workbook: str | None = None,
    ward_name_fix: str | None = None,
) -> str | None:
    """The summary JSON on stdout with `--json -` (the run's summary lines then go to
    stderr), the run's summary, and where the history recorded it: a new history file in the
    words of `history import` (hunt104 #3: outputs written into a new folder each year start a
    new history beside them), with where the ward's history may be given (`given`: --history;
    `workbook`: the --settings workbook's name, whose history is beside it: `session.created_note`).

    Returns, when the JSON could not be printed (a full disk behind stdout), the error to end
    with (exit code 2): the outputs and the record are in place by then, so their lines are
    printed all the same and the error says what is missing and how to get it without a second
    consolidation (`history export`), as a publication names which files were written when a
    later one could not be (docs/publishing.md, hunt122 F4)."""
    not_printed = None
    if to_stdout:
        from toolkit.outputs.json_summary import write_json

        not_printed = print_on_stdout(lambda: write_json(result, None), "tóm tắt JSON (--json -)")
    _print_status(
        result,
        used,
        output,
        json_path,
        to_stdout=to_stdout,
        given=given,
        workbook=workbook,
        ward_name_fix=ward_name_fix,
    )
    if not_printed is None:
        return None
    recorded = used.recorded_id if used is not None else None
    if recorded is None:
        return (
            f"{not_printed} Tệp kết quả nói ở trên đã được ghi; để có tóm tắt JSON, hãy chạy lại với "
            "--json và tên tệp .json."
        )
    from toolkit.core.commands import history_command

    export = history_command(f"export {recorded} --json tom_tat.json", used.store.path)
    return (
        f"{not_printed} Tệp kết quả nói ở trên đã được ghi và lần tổng hợp này đã được ghi vào lịch sử "
        f"(lần số {recorded}); để có tóm tắt JSON của lần này mà không tổng hợp lại: {export}"
    )


def _print_status(
    result: ConsolidationResult,
    used: Any,
    output: Path,
    json_path: Path | None,
    *,
    to_stdout: bool,
    given: bool,
    workbook: str | None,
    ward_name_fix: str | None = None,
) -> None:
    """The run's summary lines and where the history recorded it (`_print_consolidation`;
    `ward_name_fix`: `Consolidation.ward_name_fix`)."""
    from toolkit.outputs.status import consolidation_status

    late = used.late if used is not None else []
    note = used.note if used is not None else None
    status = consolidation_status(
        result,
        workbook=output,
        json_path=json_path,
        late=late,
        history_note=note,
        ward_name_fix=ward_name_fix,
    )
    for line in status.lines:
        say(line, err=to_stdout)
    if used is None:
        return
    from toolkit.history.session import created_note

    created = created_note(used, given=given, workbook=workbook)
    if created is not None:
        say(created, err=to_stdout)
        return
    if used.recorded_id is not None:
        say(f"Lịch sử tổng hợp: {used.store.path} (lần số {used.recorded_id})", err=to_stdout)
        return
    # Not recorded (damaged, locked, read-only, nothing consolidated …): why, on the console too
    # (the record's own failures are said by the status above).
    from toolkit.core.rules import SAID_AFTER_COUNT

    for issue in result.issues:  # not again what the status has said (`SAID_AFTER_COUNT`)
        if issue.code.startswith("history.") and issue not in late and issue.code not in SAID_AFTER_COUNT:
            say(f"Lịch sử tổng hợp ({used.store.path}): {issue.message}", err=to_stdout)


# --- lists ------------------------------------------------------------------------------------

SEE_ERRORS = "chạy “ward-stats validate” để xem lỗi"
# The same for the submissions folder of --settings (Danh sach.cmd): what checks that folder at the
# office is Kiem tra.cmd or the button beside it (ward-stats is not on the office PC's PATH).
SEE_ERRORS_SETTINGS = "chạy Kiem tra.cmd (hoặc bấm nút “Kiểm tra” của tệp tổng hợp) để xem lỗi"
LISTS_NEED_NAMES = (
    "Lệnh lists không dùng được với --no-personal-data: danh sách dự bị đến hạn, huy hiệu Đảng, "
    "miễn, tạm miễn và đi làm ăn xa phải có họ tên đảng viên thì mới dùng được. Tệp danh sách chỉ "
    "được ghi vào nơi ghi ở -o; hãy lưu tệp đó ở nơi an toàn."
)


@main.command("lists")
@folder_argument
@registry_option("Danh mục tổ chức (.xlsx hoặc .csv): tên và thứ tự các tổ chức trong danh sách.")
@cutoff_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help=with_notes(
        "Tệp danh sách .xlsx cần ghi (có họ tên đảng viên); với --settings: tệp ghi ở ô “Tệp danh sách”, "
        "ô để trống thì danh_sach_<ngày chốt>.xlsx cạnh tệp .xlsm (ví dụ danh_sach_2026-03-31.xlsx).",
        "bắt buộc khi không có --settings",
    ),
)
@click.option(
    "--no-personal-data",
    is_flag=True,
    help="Không dùng được với lệnh này (danh sách không có họ tên thì không dùng được).",
)
@thresholds_options
@settings_option("thư mục bài nộp, ngày chốt số liệu, tuổi miễn sinh hoạt, tệp danh sách và danh mục tổ chức")
@open_option
@friendly_errors
def lists_cmd(
    folder: Path | None,
    registry: Path | None,
    cutoff: dt.date | None,
    output: Path | None,
    no_personal_data: bool,
    old_age_men: int | None,
    old_age_women: int | None,
    settings_book: Path | None,
    open_result: bool,
) -> None:
    """Lập danh sách công việc từ danh sách đảng viên của các tệp không có lỗi trong THƯ_MỤC.

    Bốn sheet: đảng viên dự bị đến hạn xét chính thức (hết 12 tháng dự bị trong 90 ngày sau
    ngày chốt hoặc đã hết; quá hạn khi đã quá 30 ngày làm việc sau đó), đảng viên đủ tuổi
    đảng để xét tặng huy hiệu Đảng vào các đợt 3/2, 19/5, 2/9, 7/11 trong 12 tháng tới,
    miễn, tạm miễn cần xem xét lại, và đảng viên đi làm ăn xa.
    Tệp ghi ra có họ tên, ngày sinh của đảng viên: chỉ ghi vào tệp ở -o, không bao giờ vào
    bảng tổng hợp hay tệp JSON. Mã thoát: 0 khi dùng được mọi tệp, 1 khi có tệp bị bỏ qua vì
    có lỗi hoặc tổ chức trong danh mục chưa nộp tệp (vẫn ghi danh sách; khi không tệp nào dùng
    được, tệp danh sách đã có được giữ nguyên, không ghi đè), 2 khi không đọc/ghi được.
    """
    if no_personal_data:
        raise click.UsageError(LISTS_NEED_NAMES)
    from toolkit.io.readmany import stopped_on_failure

    reading = _start_reading(folder)
    with stopped_on_failure(reading):
        from toolkit.io.discover import discover
        from toolkit.io.registry import read_registry
        from toolkit.outputs.publish import SUBMISSION_INPUT
        from toolkit.outputs.worklists import check_lists_target
        from toolkit.worklists import build_work_lists, check_cutoff

        reg = read_registry(registry) if registry else None
        book = None
        label = "tệp danh sách -o"
        see_errors = SEE_ERRORS
        if settings_book is not None:
            book = load_workbook_settings(settings_book, "make_lists", _LISTS_CELLS)
            if folder is None:  # the folder Kiem tra.cmd and the button check
                see_errors = SEE_ERRORS_SETTINGS
            folder = folder or book.settings.require_input_folder()
            cutoff = cutoff or book.settings.require_cutoff()
            if output is None:  # the setting's file: messages name its cell, not -o
                output = book.settings.lists_path(folder, cutoff)
                label = book.settings.lists_label(SETTINGS_CELL)
            reg = reg or book.registry(required=False)
        thresholds = chosen_thresholds(old_age_men, old_age_women, book)
        folder, cutoff, output = (
            require(folder, "folder"),
            require(cutoff, "cutoff"),
            require(output, "output"),
        )
        check_cutoff(cutoff)
        inputs = run_inputs(discover([folder]), registry, settings_book)
        check_lists_target(output, label, inputs)  # as the Danh sách button
        bar = ProgressBar(sum(1 for v in inputs.values() if v == SUBMISSION_INPUT))
    from toolkit.core.errors import making

    # The lists are drawn in memory, then written: an unexpected error in a collector names the
    # file and says the old one is kept (`errors.failure_lines`; hunt173 F4).
    with making(output):
        result = build_work_lists(
            [folder], cutoff=cutoff, registry=reg, progress=bar, thresholds=thresholds, reading=reading
        )
    bar.close()
    from toolkit.outputs.status import lists_status
    from toolkit.outputs.worklists import write_work_lists

    # Not written over a lists file when no file was usable (`keeps_existing`), which is said.
    written = write_work_lists(result, output, label)
    for line in lists_status(result, path=output, see_errors=see_errors, kept=not written).lines:
        say(line)
    if written:
        open_when_asked(open_result, output)
    if not result.complete:  # a file left out, or a registry organisation without one
        sys.exit(EXIT_DATA)
