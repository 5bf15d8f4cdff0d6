"""The commands on the branch templates and the submitted files: `template`, `upgrade`, `validate`.

Registered on the `ward-stats` group of `toolkit.cli` (which imports this module); they use
its shared options and helpers and its exit codes.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from toolkit.cli import (
    DATE,
    EXIT_DATA,
    EXIT_FAILURE,
    EXIT_OK,
    ProgressBar,
    chosen_personal_data,
    chosen_thresholds,
    friendly_errors,
    given,
    load_workbook_settings,
    main,
    open_option,
    open_when_asked,
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
from toolkit.core.errors import NoSubmissionsError, error_line

if TYPE_CHECKING:
    from toolkit.io.readmany import Reading

LISTED_BELOW = "danh sách dưới đây"  # where `validate` lists each issue: under its summary
_CURRENT_NAMED = 3  # `upgrade` names up to this many files that need no upgrade, else counts them


# --- template ---------------------------------------------------------------------------------


@main.command("template")
@registry_option(
    "Danh mục tổ chức (.xlsx hoặc .csv). Có danh mục thì tạo một tệp điền sẵn cho mỗi tổ chức "
    "(danh mục mới chỉ có dòng ví dụ CB01 của mẫu: chỉ tạo biểu mẫu trống)."
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("."),
    metavar="THƯ_MỤC",
    help=with_notes("Thư mục ghi biểu mẫu.", "mặc định: thư mục hiện tại"),
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Thay các biểu mẫu cùng tên đã có nhưng chưa điền. Tệp đã có số liệu (bài nộp) không bao "
    "giờ bị ghi đè.",
)
@click.option(
    "--blank-registry",
    is_flag=True,
    help="Tạo danh mục tổ chức trống (danh_muc_to_chuc.xlsx: dòng tiêu đề, danh sách chọn, chưa có "
    "tổ chức nào) thay cho biểu mẫu, để ghi các tổ chức rồi dùng với --registry.",
)
@settings_option("danh mục tổ chức và thư mục ghi biểu mẫu")
@open_option
@friendly_errors
def template_cmd(
    registry: Path | None,
    out_dir: Path,
    overwrite: bool,
    blank_registry: bool,
    settings_book: Path | None,
    open_result: bool,
) -> None:
    """Tạo biểu mẫu chi bộ: mẫu trống, hoặc mỗi tổ chức một tệp điền sẵn; hoặc danh mục tổ
    chức trống (--blank-registry).

    Không ghi đè tệp đã có: cần --overwrite để thay biểu mẫu chưa điền (hoặc danh mục chưa ghi
    tổ chức nào), và tệp đã có số liệu thì không bao giờ bị thay.
    """
    from toolkit.io.registry import read_registry
    from toolkit.outputs.publish import REGISTRY_INPUT, SETTINGS_INPUT
    from toolkit.outputs.status import registry_lines, template_example_only_line
    from toolkit.outputs.template import make_templates

    if blank_registry and registry is not None:
        raise click.UsageError(
            "--blank-registry tạo danh mục tổ chức trống, không đọc danh mục: bỏ --registry, hoặc bỏ "
            "--blank-registry để tạo biểu mẫu điền sẵn theo danh mục."
        )
    reg = read_registry(registry) if registry is not None else None
    inputs = {registry: REGISTRY_INPUT} if registry is not None else {}
    if blank_registry:
        _blank_registry(out_dir, overwrite, settings_book, open_result)
        return
    if settings_book is not None:
        book = load_workbook_settings(settings_book, "make_templates", {"out_dir": "TemplateFolder"})
        reg = reg or book.registry(required=True)
        out_dir = book.settings.template_path(out_dir if given("out_dir") else None)
        inputs[settings_book] = SETTINGS_INPUT
    made = make_templates(reg, out_dir, overwrite=overwrite, inputs=inputs)
    if made.blank:
        say(f"Đã tạo biểu mẫu trống: {made.paths[0]}")
    else:
        say(f"Đã tạo {len(made.paths)} biểu mẫu điền sẵn trong thư mục {out_dir}")
        for p in made.paths:
            say(f"  {p.name}")
    if reg is not None and made.example_only:  # the template's example row alone (review306 N3)
        say(template_example_only_line(reg, "chạy lại lệnh"))
    if reg is not None:
        for line in registry_lines(reg.warnings):  # e.g. one organisation entered twice
            say(line)
    open_when_asked(open_result, out_dir)


def _blank_registry(out_dir: Path, overwrite: bool, settings_book: Path | None, open_result: bool) -> None:
    """`template --blank-registry`: the workbook's `Danh mục tổ chức` sheet without its example
    row (`excel.build.blank_registry_bytes`) as `danh_muc_to_chuc.xlsx` in `--out` (with
    `--settings`: its template folder, the workbook an input no output may be)."""
    from toolkit.core.commands import full, program, quoted
    from toolkit.excel.build import blank_registry_bytes
    from toolkit.io.registry import HEADERS
    from toolkit.outputs.publish import SETTINGS_INPUT
    from toolkit.outputs.registry_file import write_blank_registry

    inputs: dict[Path, str] = {}
    if settings_book is not None:
        book = load_workbook_settings(settings_book, "make_templates", {"out_dir": "TemplateFolder"})
        out_dir = book.settings.template_path(out_dir if given("out_dir") else None)
        inputs[settings_book] = SETTINGS_INPUT
    this_year = dt.date.today().year  # this year's targets and the next's (`target_header`)
    years = (this_year, this_year + 1)
    path = write_blank_registry(out_dir, blank_registry_bytes(years), overwrite=overwrite, inputs=inputs)
    say(f"Đã tạo danh mục tổ chức trống: {path}")
    # The folder the registry went to is where its templates go too: without `--out` the advice
    # would write them into the current folder (review231 R4).
    out = f" --out {quoted(full(out_dir))}" if given("out_dir") or settings_book is not None else ""
    say(
        # The dropdown columns by their headers (review246: "cấp và loại hình", and no column is
        # "Loại hình": the second is "Khối").
        f"Hãy ghi mỗi tổ chức một dòng (mã, tên, \u201c{HEADERS['org_tier']}\u201d và "
        f"\u201c{HEADERS['sector']}\u201d chọn trong danh sách, bí thư, chỉ tiêu kết nạp), lưu tệp, "
        f"rồi chạy lệnh \u201c{program()} template --registry "
        f"{quoted(full(path))}{out}\u201d để tạo biểu mẫu điền sẵn cho từng tổ chức."
    )
    open_when_asked(open_result, out_dir)


# --- upgrade ----------------------------------------------------------------------------------


@main.command("upgrade")
@click.argument("paths", metavar="[TỆP]...", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=with_notes(
        "Thư mục ghi các tệp đã nâng cấp (mỗi tệp một tệp .xlsx cùng tên; không được là thư mục của tệp "
        "gốc); với --settings: thư mục nang_cap cạnh tệp tổng hợp.",
        "bắt buộc khi không có --settings",
    ),
)
@settings_option("thư mục bài nộp (các tệp cần nâng cấp)", registry=False)
@open_option
@friendly_errors
def upgrade_cmd(
    paths: tuple[Path, ...], out_dir: Path | None, settings_book: Path | None, open_result: bool
) -> None:
    """Nâng cấp tệp biểu mẫu phiên bản 2026.1 lên biểu mẫu mới, không sửa tệp gốc.

    TỆP là tệp hoặc thư mục; không ghi TỆP thì cần --settings: nâng cấp các tệp trong thư
    mục bài nộp ghi trong tệp tổng hợp. Mỗi giá trị được chép sang đúng cột của biểu mẫu mới;
    các ô cần điền thêm hoặc chọn lại (dân tộc, tôn giáo, nghề nghiệp, phạm vi chuyển) được
    liệt kê dưới đây và trong sheet “Cần bổ sung” của tệp mới, cùng những gì nằm ngoài các
    bảng của biểu mẫu nên không chuyển sang (sheet thêm, ghi chú của ô, ô ghi bên ngoài bảng:
    sheet “Không chuyển sang mẫu mới” của tệp mới).
    Mã thoát: 0 khi nâng cấp được mọi tệp cũ, 1 khi có tệp không nâng cấp được, 2 khi không
    đọc/ghi được.
    """
    fixed_folder = False  # the settings' nang_cap, not a folder typed with --out
    if settings_book is not None:
        book = load_workbook_settings(settings_book, "upgrade", {"paths": "InputFolder"})
        paths = paths or (book.settings.require_input_folder(),)
        fixed_folder = out_dir is None
        out_dir = out_dir or book.settings.upgrade_path()
    paths = require(paths, "paths")
    out_dir = require(out_dir, "out_dir")
    from toolkit.core.vnformat import number
    from toolkit.outputs.status import upgrade_status
    from toolkit.outputs.upgrade import upgrade_files, upgrade_inputs
    from toolkit.validation.run import validate_each

    # As for validate and consolidate: no file is an error naming the folder; spreadsheets in a
    # sub-folder are not taken, and said, after the run: its error for a folder holding only
    # ward-stats' own files says them itself (hunt304 #1: they were said twice). A run that
    # fails for another reason (the output folder holds a file to upgrade) says them before its
    # error, else only the next run would (fix311).
    files, notes = upgrade_inputs(list(paths))
    try:
        run = upgrade_files(
            files, out_dir, fixed_folder=fixed_folder, folders=list(paths), check=validate_each
        )
    except NoSubmissionsError:
        raise
    except Exception:
        for note in notes:
            say(f"Lưu ý: {note}", err=True)
        raise
    for note in notes:
        say(f"Lưu ý: {note}", err=True)
    for done in run.upgraded:
        say(f"Đã nâng cấp {run.label(done.source)} \u2192 {done.target}")
        renamed = done.renamed_line()
        if renamed:
            say(f"  {renamed}")
        if done.to_complete:
            say(f"  Cần bổ sung {number(len(done.to_complete))} ô (xem sheet “Cần bổ sung” của tệp mới):")
            for line in done.summary_lines():
                say(f"    {line}")
        _echo_left_out(done)
        if done.verdict is not None:  # the file is consolidated now, or no longer (fix383)
            for line in done.verdict.lines():
                say(f"  {line}")
    if len(run.current) > _CURRENT_NAMED:  # a whole submissions folder: most files are current
        say(f"{number(len(run.current))} tệp đã dùng biểu mẫu mới, không cần nâng cấp.")
    else:
        for path in run.current:
            say(f"Không cần nâng cấp {run.label(path)}: tệp đã dùng biểu mẫu mới.")
    for path, reason in run.skipped:
        say(f"Không nâng cấp được {run.label(path)}: {reason.rstrip('.')}.", err=True)
    # Its last line asks for the new Có/Không columns to be marked (`MARK_NEW_COLUMNS`), once:
    # the full sentence (`upgrade.CHECK_NEW_COLUMNS`) is at the top of each file's `Cần bổ sung`.
    for line in upgrade_status(run, out_dir, len(files), listed=True).lines:
        say(line)
    if run.upgraded:
        open_when_asked(open_result, out_dir)
    sys.exit(EXIT_DATA if run.skipped else EXIT_OK)


def _echo_left_out(done: Any) -> None:
    """What moved with the cells or keeps the old file's look (`Upgraded.kept_lines`), and what
    the upgraded file does not hold (an extra sheet, a comment, cells outside the tables),
    through `say`: a sheet's name or a cell's words may hold control characters."""
    from toolkit.core import vnformat

    for line in done.kept_lines():
        say(f"  {line}")
    if done.left_out:
        say(
            f"  Nội dung không chuyển sang mẫu mới ({vnformat.number(len(done.left_out))} mục; nếu còn cần, "
            f"hãy chép tay từ tệp cũ {done.source.name}):"
        )
        for line in done.left_out_lines():
            say(f"    {line}")


# --- validate ---------------------------------------------------------------------------------


def validation_text(run: Any, *, personal_data: bool | None = None) -> list[str]:
    """The readable report of `validate`: the summary first, the issues to look at first when
    corrections are among them (`status.attention_lines`), then each file's issues."""
    from toolkit.outputs.status import attention_lines, file_lines, validation_status, ward_lines

    status = validation_status(
        run.submissions, run.issues, listed_in=LISTED_BELOW, personal_data=personal_data
    )
    return [
        *status.lines,
        *attention_lines(run.issues),
        *ward_lines(run.ward_issues),
        *file_lines(run.submissions),
    ]


@main.command("validate")
@click.argument(
    "paths", metavar="TỆP_HOẶC_THƯ_MỤC...", nargs=-1, type=click.Path(exists=True, path_type=Path)
)
@registry_option(
    "Danh mục tổ chức (.xlsx hoặc .csv): kiểm tra mã, cấp và khối của tổ chức; khi kiểm tra thư mục, "
    "nêu cả các tổ chức chưa nộp tệp."
)
@click.option("--cutoff", type=DATE, help="Ngày chốt số liệu của kỳ tổng hợp (DD/MM/YYYY hoặc YYYY-MM-DD).")
@click.option(
    "--json",
    "json_out",
    metavar="TỆP",
    help="Ghi kết quả dạng JSON vào tệp này, hoặc '-' để in ra màn hình.",
    callback=not_empty,
)
@click.option(
    "--feedback",
    "feedback_dir",
    metavar="THƯ_MỤC",
    type=click.Path(file_okay=False, path_type=Path),
    help="Ghi vào THƯ_MỤC, cho mỗi tệp có lỗi hoặc cảnh báo cần xem, một tệp kết quả kiểm tra "
    "riêng (TÊN_TỆP_kiem_tra.xlsx) để gửi lại chi bộ; tệp phản hồi cũ của tệp nay không còn gì "
    "cần sửa thì được xóa, và khi không ghi dữ liệu cá nhân, mọi tệp phản hồi cũ có dữ liệu cá nhân "
    "cũng được xóa. Với --settings, mặc định là thư mục phan_hoi cạnh tệp tổng hợp.",
)
@personal_data_option("màn hình, JSON và tệp phản hồi")
@thresholds_options
@settings_option("thư mục bài nộp, ngày chốt số liệu, tuổi miễn sinh hoạt và danh mục tổ chức")
@friendly_errors
def validate_cmd(
    paths: tuple[Path, ...],
    registry: Path | None,
    cutoff: dt.date | None,
    json_out: str | None,
    feedback_dir: Path | None,
    personal_data: bool | None,
    old_age_men: int | None,
    old_age_women: int | None,
    settings_book: Path | None,
) -> None:
    """Kiểm tra các tệp của chi bộ (tệp hoặc thư mục), báo từng lỗi theo tệp, sheet và ô.

    Không ghi TỆP_HOẶC_THƯ_MỤC thì cần --settings: kiểm tra thư mục bài nộp ghi trong tệp tổng hợp.
    Mã thoát: 0 khi không có lỗi (có thể có cảnh báo), 1 khi có lỗi, 2 khi không đọc/ghi được.
    """
    from toolkit.io.discover import discover
    from toolkit.io.readmany import start_reading, stopped_on_failure

    refuse_json_without_stdout(json_out)  # before the readers start: nothing read, nothing written
    # As in `consolidate`: the readers are forked before pandas loads, and read meanwhile.
    reading = start_reading(discover(list(paths))) if paths else None
    with stopped_on_failure(reading):
        run = _validated(
            reading,
            paths,
            registry,
            cutoff,
            json_out,
            (old_age_men, old_age_women),
            settings_book,
            personal_data,
            feedback_dir,
        )
    from toolkit.outputs.feedback import add_feedback

    to_stdout = json_out == "-"
    not_printed = None
    if to_stdout:  # not printed (a full disk behind stdout): said last, after the files are written
        text = json_bytes(run.result).decode("utf-8")
        not_printed = print_on_stdout(lambda: click.echo(text, nl=False), "kết quả kiểm tra JSON (--json -)")
    # With --settings, as the button: beside the workbook (`Settings.feedback_path`).
    fixed_folder = feedback_dir is None  # the workbook's `phan_hoi`, if any, moves only with it
    feedback_dir = feedback_dir or run.feedback_dir
    feedback, refused = None, None
    if feedback_dir is not None:
        try:  # nothing written yet: what feedback will be, or why it cannot, said after the list
            feedback = add_feedback(
                run.publication,
                run.result,
                feedback_dir,
                folders=run.folders,
                cutoff=run.cutoff,
                personal_data=run.personal_data,
                fixed_folder=fixed_folder,
            )
        except Exception as exc:  # noqa: BLE001 - raised again once the list is printed
            refused = exc
    # Feedback listing the members' values: the line saying where they are, the list and the
    # feedback files, is said once, after the feedback's (`FeedbackRun.finish`), not above the list.
    said_later = feedback is not None and feedback.holds_personal_data()
    # The list first: an output that cannot be written (exit code 2) never hides it.
    for line in validation_text(run.result, personal_data=None if said_later else run.personal_data):
        say(line, err=to_stdout)
    if refused is not None:
        raise refused
    if run.publication.outputs:
        try:
            run.publication.publish()
        except BaseException:
            if said_later:  # the feedback's line is not reached: the list's is said
                from toolkit.outputs.status import PERSONAL_DATA_KEPT

                say(PERSONAL_DATA_KEPT, err=to_stdout)
            raise
    if json_out and not to_stdout:
        say(f"\nKết quả JSON: {json_out}", err=to_stdout)
    if feedback is not None:
        for line in feedback.finish():
            say(line, err=to_stdout)
    if not_printed is not None:
        written = " Các tệp phản hồi nói ở trên đã được ghi." if feedback is not None else ""
        say(error_line(f"{not_printed}{written}"), err=True)
        sys.exit(EXIT_FAILURE)
    sys.exit(EXIT_DATA if run.result.has_errors else EXIT_OK)


@dataclass
class _Validated:
    result: Any  # the ValidationRun
    publication: Any  # its JSON output, checked, to publish
    personal_data: bool = False  # its issues keep the members' values (asked for)
    cutoff: dt.date | None = None  # the run's cut-off (given, or from --settings)
    feedback_dir: Path | None = None  # with --settings: `phan_hoi` beside the workbook
    folders: tuple[Path, ...] = ()  # the files and folders the submissions were found in


# The options of `validate` that replace a --settings cell when written (`load_workbook_settings`).
_VALIDATE_CELLS = {
    **{"paths": "InputFolder", "cutoff": "CutoffDate", "personal_data": "PersonalData"},
    **{"old_age_men": "OldAgeMen", "old_age_women": "OldAgeWomen"},
}


def _validated(
    reading: Reading | None,
    paths: tuple[Path, ...],
    registry: Path | None,
    cutoff: dt.date | None,
    json_out: str | None,
    old_age: tuple[int | None, int | None],
    settings_book: Path | None,
    personal_data: bool | None = None,
    feedback_dir: Path | None = None,
) -> _Validated:
    """`validate`'s run: the settings, the outputs checked, the files read (by `reading` when
    it was started on PATH) and validated. `feedback_dir`: `--feedback` (else, with
    `settings_book`, `phan_hoi` beside it), whose files' paths are checked before reading."""
    from toolkit.io.discover import discover
    from toolkit.io.readmany import start_reading
    from toolkit.io.registry import read_registry
    from toolkit.outputs.publish import Publication
    from toolkit.pipeline import check_period_starts
    from toolkit.validation import prepare, validate_read

    reg = read_registry(registry) if registry else None
    book = None
    if settings_book is not None:
        book = load_workbook_settings(settings_book, "validate", _VALIDATE_CELLS)
        paths = paths or (book.settings.require_input_folder(),)
        cutoff = cutoff or book.settings.cutoff
        reg = reg or book.registry(required=False)
    thresholds = chosen_thresholds(*old_age, book)
    files = reading.paths if reading is not None else discover(list(require(paths, "paths")))
    if not files:
        from toolkit.io.discover import unread_entries

        given = [Path(p) for p in require(paths, "paths")]
        unread = [issue.message for issue in unread_entries(given)]
        say(error_line(str(NoSubmissionsError.in_inputs(given, unread))), err=True)
        sys.exit(EXIT_FAILURE)
    publication = Publication(inputs=run_inputs(files, registry, settings_book))
    done = _Validated(None, publication, chosen_personal_data(personal_data, book))
    if json_out and json_out != "-":
        publication.add(
            "validation", Path(json_out), lambda: json_bytes(done.result), label="tệp kết quả --json"
        )
        publication.check()  # before anything is validated: a wrong path fails at once
    fixed_folder = feedback_dir is None and book is not None  # `phan_hoi` beside the workbook
    feedback_dir = feedback_dir or (book.settings.feedback_path() if book is not None else None)
    if feedback_dir is not None:
        from toolkit.outputs.feedback import check_feedback_paths

        # As long as the feedback files' names may be: known from the files' names, before reading.
        outputs = len(files) + len(publication.outputs)
        check_feedback_paths(feedback_dir, files, outputs=outputs, fixed_folder=fixed_folder)
    prepare()  # pandera's first use, while the files are read
    bar = ProgressBar(len(files))
    try:
        read = (reading or start_reading(files)).results(bar, inputs=[Path(p) for p in paths])
    finally:
        bar.close()
    since = book.settings.period_start if book else None
    done.result = validate_read(
        read, registry=reg, cutoff=cutoff, thresholds=thresholds, folders=paths, since=since
    )
    # A file covering another period than the consolidation would use: said here too.
    check_period_starts(done.result, cutoff=cutoff, since=since)
    # Who has not sent, as “Tổng hợp” would say it: the clerk checks before consolidating.
    done.result.add_missing_organisations([Path(p) for p in paths])
    if not done.personal_data:
        done.result.mask_personal_data()
    done.cutoff = cutoff
    done.folders = tuple(Path(p) for p in paths)
    done.feedback_dir = book.settings.feedback_path() if book is not None else None
    return done


def json_bytes(run: Any) -> bytes:
    """The `validate --json` document as UTF-8 text."""
    import json

    return (json.dumps(run.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
