"""Command line: parses options, calls the library, turns domain errors into Vietnamese messages.

Nothing else lives here: the words of a run's summary come from `toolkit.outputs.status`,
shared with the Excel buttons. Exit codes: 0 success, 1 problems found in the data, 2 usage
or input/output failure.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from toolkit.core.errors import EXIT_INTERRUPTED, INTERRUPTED_MESSAGE, user_message
from toolkit.core.text import terminal_safe

EXIT_OK = 0
EXIT_DATA = 1
EXIT_FAILURE = 2
INTERRUPTED = INTERRUPTED_MESSAGE

LISTED_BELOW = "danh sách dưới đây"  # where `validate` lists each issue: under its summary


def parse_date(value: str) -> dt.date:
    """Accept YYYY-MM-DD or DD/MM/YYYY (never guess between day and month)."""
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise click.BadParameter(f"“{value}” không phải ngày hợp lệ; hãy viết dạng YYYY-MM-DD hoặc DD/MM/YYYY.")


class DateType(click.ParamType):
    name = "NGÀY"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except click.BadParameter as exc:
            self.fail(exc.message, param, ctx)


DATE = DateType()


def say(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print a line with its control characters escaped: a file name or a cell value must not
    write escape sequences to the terminal."""
    click.echo(terminal_safe(text), err=err, nl=nl)


def interrupted() -> None:
    """The one line of a run stopped by Ctrl+C (after ending a progress bar's line)."""
    if ProgressBar.drawing:
        click.echo("", err=True)
    click.echo(INTERRUPTED, err=True)


def parse_form_period(value: str | None, cutoff: dt.date) -> dt.date | None:
    """`--form-period FROM..TO`: FROM (TO must be the cut-off); None when not given."""
    from toolkit.core.errors import InputError

    if not value:
        return None
    parts = value.split("..")
    try:
        if len(parts) != 2:
            raise click.BadParameter("hãy viết TỪ_NGÀY..ĐẾN_NGÀY, ví dụ 01/01/2026..31/03/2026")
        start, end = (parse_date(p) for p in parts)
    except click.BadParameter as exc:
        raise InputError(f"--form-period “{value}” không phải kỳ báo cáo: {exc.message}") from None
    if end != cutoff:
        raise InputError(
            f"--form-period: kỳ báo cáo của biểu mẫu phải kết thúc đúng ngày chốt số liệu "
            f"{cutoff:%d/%m/%Y} (đang ghi {end:%d/%m/%Y})."
        )
    return start


def friendly_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn domain and I/O errors into a Vietnamese message and exit code 2, and Ctrl+C into
    one Vietnamese line and exit code 130, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise  # click shows its own errors, and a reader that stopped reading is no failure
        except KeyboardInterrupt:
            import signal

            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C does not cut the line
            interrupted()
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:  # domain, file-system or unexpected: never a traceback
            say(f"Lỗi: {user_message(exc)}", err=True)
            sys.exit(EXIT_FAILURE)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ward-stats", message="ward-stats %(version)s")
def main() -> None:
    """ward-stats: thống kê đảng viên của Đảng bộ phường.

    Tạo biểu mẫu cho các chi bộ, kiểm tra các tệp đã điền, tổng hợp thành bảng
    thống kê toàn phường, biểu đồ và đoạn báo cáo.
    """


class ProgressBar:
    """A progress bar on stderr, one tick per file (stdout stays clean for `--json -`).

    Drawn only on a terminal: redirected to a log, a bar redrawn 1,000 times is noise."""

    drawing = False  # a bar's line is open on stderr (an interruption ends it first)

    def __init__(self, total: int | None = None) -> None:
        self.total = total
        self.count = 0
        self.interactive = sys.stderr.isatty()

    def __call__(self, path: Path) -> None:
        self.count += 1
        if not self.interactive:
            return
        if self.total:
            done = min(20, 20 * self.count // self.total)
            bar = f"[{'#' * done}{'.' * (20 - done)}] {self.count}/{self.total}"
        else:
            bar = str(self.count)
        name = terminal_safe(path.name[:40])
        click.echo(f"\r  Đang đọc tệp {bar} {name:<40}", err=True, nl=False)
        ProgressBar.drawing = True

    def close(self) -> None:
        """End the bar's line (nothing to end when it was not drawn)."""
        if self.interactive and self.count:
            click.echo("", err=True)
        ProgressBar.drawing = False


# --- settings read from the saved consolidation workbook (the path without macros) ---------


def settings_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--settings FILE.xlsm`: take `what` from the workbook the buttons read, as they do."""
    return click.option(
        "--settings",
        "settings_book",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help=f"Tệp tổng hợp đã lưu (tong_hop_phuong.xlsm): lấy {what} từ sheet “Điều khiển” và "
        "“Danh mục tổ chức” như các nút bấm, không cần bật macro. Tùy chọn ghi trên dòng lệnh "
        "được ưu tiên hơn.",
    )


def thresholds_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--old-age-men` and `--old-age-women`: the ages of the old-age exemption rule."""
    from toolkit.core.thresholds import OLD_AGE_MEN, OLD_AGE_WOMEN

    men = click.option(
        "--old-age-men",
        type=int,
        default=None,
        help=f"Tuổi từ đó đảng viên nam được miễn công tác và sinh hoạt đảng vì tuổi cao "
        f"(mặc định {OLD_AGE_MEN}).",
    )
    women = click.option(
        "--old-age-women",
        type=int,
        default=None,
        help=f"Như trên, với đảng viên nữ (mặc định {OLD_AGE_WOMEN}).",
    )
    return men(women(func))


def chosen_thresholds(men: int | None, women: int | None, book: Any = None) -> Any:
    """The thresholds of the command line, else of the saved workbook, else the defaults."""
    from toolkit.core.thresholds import Thresholds

    if book is not None:
        men = men if men is not None else book.settings.old_age_men
        women = women if women is not None else book.settings.old_age_women
    return Thresholds.of(men, women)


open_option = click.option(
    "--open", "open_result", is_flag=True, help="Mở kết quả (tệp hoặc thư mục) bằng Windows khi xong."
)


def load_workbook_settings(path: Path) -> Any:
    """The saved workbook's settings and registry sheet, announced on stderr."""
    from toolkit.excel.settings_file import read_workbook_settings

    say(f"Đọc thiết lập từ tệp {path.name} …", err=True)
    return read_workbook_settings(path)


def given(name: str) -> bool:
    """Whether the option `name` was written on the command line (not left at its default)."""
    source = click.get_current_context().get_parameter_source(name)
    return source is not None and source is not click.core.ParameterSource.DEFAULT


def require(value: Any, name: str) -> Any:
    """`value`, or click's own "missing" error for the parameter `name` (exit code 2)."""
    if value in (None, ()):
        ctx = click.get_current_context()
        param = next(p for p in ctx.command.params if p.name == name)
        raise click.MissingParameter(ctx=ctx, param=param)
    return value


def open_in_default_app(path: Path) -> None:
    """Open a result file or folder the way a double click would (for the `.cmd` launchers)."""
    import subprocess

    say(f"Đang mở {path} …", err=True)
    try:
        if sys.platform == "win32":
            os.startfile(path)  # type: ignore[attr-defined]  # Windows only
        else:
            subprocess.Popen(["open" if sys.platform == "darwin" else "xdg-open", str(path)])
    except OSError as exc:  # the result is written; not being able to show it is no failure
        say(f"Không mở được {path}: {user_message(exc)}", err=True)


# --- template ---------------------------------------------------------------------------------


@main.command("template")
@click.option(
    "--registry",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Danh mục tổ chức (.xlsx hoặc .csv). Có danh mục thì tạo một tệp điền sẵn cho mỗi tổ chức.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help="Thư mục ghi biểu mẫu.",
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Thay các biểu mẫu cùng tên đã có nhưng chưa điền. Tệp đã có số liệu (bài nộp) không bao "
    "giờ bị ghi đè.",
)
@settings_option("danh mục tổ chức và thư mục ghi biểu mẫu")
@open_option
@friendly_errors
def template_cmd(
    registry: Path | None, out_dir: Path, overwrite: bool, settings_book: Path | None, open_result: bool
) -> None:
    """Tạo biểu mẫu chi bộ: mẫu trống, hoặc mỗi tổ chức một tệp điền sẵn.

    Không ghi đè tệp đã có: cần --overwrite để thay biểu mẫu chưa điền, và tệp đã có số liệu
    thì không bao giờ bị thay.
    """
    from toolkit.io.registry import read_registry
    from toolkit.outputs.publish import REGISTRY_INPUT, SETTINGS_INPUT
    from toolkit.outputs.template import prepare_folder, write_blank_template, write_prefilled_templates

    reg = read_registry(registry) if registry is not None else None
    inputs = {registry: REGISTRY_INPUT} if registry is not None else {}
    if settings_book is not None:
        book = load_workbook_settings(settings_book)
        reg = reg or book.registry(required=True)
        out_dir = out_dir if given("out_dir") else book.settings.template_path()
        inputs[settings_book] = SETTINGS_INPUT
    prepare_folder(out_dir)
    if reg is None:
        path = write_blank_template(out_dir, overwrite=overwrite, inputs=inputs)
        say(f"Đã tạo biểu mẫu trống: {path}")
    else:
        paths = write_prefilled_templates(reg, out_dir, overwrite=overwrite, inputs=inputs)
        say(f"Đã tạo {len(paths)} biểu mẫu điền sẵn trong thư mục {out_dir}")
        for p in paths:
            say(f"  {p.name}")
    if open_result:
        open_in_default_app(out_dir)


# --- validate ---------------------------------------------------------------------------------


def validation_text(run: Any) -> list[str]:
    """The readable report of `validate`: the summary first, then each file's issues."""
    from toolkit.outputs.status import file_lines, validation_status, ward_lines

    status = validation_status(run.submissions, run.issues, listed_in=LISTED_BELOW)
    return [*status.lines, *ward_lines(run.ward_issues), *file_lines(run.submissions)]


@main.command("validate")
@click.argument("paths", metavar="PATH...", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--registry",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Danh mục tổ chức (.xlsx hoặc .csv): kiểm tra mã, cấp và khối của tổ chức.",
)
@click.option("--cutoff", type=DATE, help="Ngày chốt số liệu của kỳ tổng hợp (YYYY-MM-DD hoặc DD/MM/YYYY).")
@click.option("--json", "json_out", help="Ghi kết quả dạng JSON vào tệp này, hoặc '-' để in ra màn hình.")
@thresholds_options
@settings_option("thư mục bài nộp, ngày chốt số liệu, tuổi miễn sinh hoạt và danh mục tổ chức")
@friendly_errors
def validate_cmd(
    paths: tuple[Path, ...],
    registry: Path | None,
    cutoff: dt.date | None,
    json_out: str | None,
    old_age_men: int | None,
    old_age_women: int | None,
    settings_book: Path | None,
) -> None:
    """Kiểm tra các tệp của chi bộ (tệp hoặc thư mục), báo từng lỗi theo tệp, sheet và ô.

    Không ghi PATH thì cần --settings: kiểm tra thư mục bài nộp ghi trong tệp tổng hợp.
    Mã thoát: 0 khi không có lỗi (có thể có cảnh báo), 1 khi có lỗi, 2 khi không đọc/ghi được.
    """
    from toolkit.io.discover import discover
    from toolkit.io.registry import read_registry
    from toolkit.outputs.publish import Publication
    from toolkit.validation import validate_files

    reg = read_registry(registry) if registry else None
    book = None
    if settings_book is not None:
        book = load_workbook_settings(settings_book)
        paths = paths or (book.settings.require_input_folder(),)
        cutoff = cutoff or book.settings.cutoff
        reg = reg or book.registry(required=False)
    thresholds = chosen_thresholds(old_age_men, old_age_women, book)
    files = discover(list(require(paths, "paths")))
    if not files:
        say("Lỗi: không tìm thấy tệp bảng tính (.xlsx) nào để kiểm tra.", err=True)
        sys.exit(EXIT_FAILURE)
    to_stdout = json_out == "-"
    publication = Publication(inputs=run_inputs(files, registry, settings_book))
    if json_out and not to_stdout:
        publication.add("validation", Path(json_out), lambda: json_bytes(run), label="tệp kết quả --json")
        publication.check()  # before the files are read: a wrong path fails at once
    bar = ProgressBar(len(files))
    run = validate_files(files, registry=reg, cutoff=cutoff, progress=bar, thresholds=thresholds)
    bar.close()
    if to_stdout:
        click.echo(json_bytes(run).decode("utf-8"), nl=False)
    elif json_out:
        publication.publish()
    for line in validation_text(run):
        say(line, err=to_stdout)
    if json_out and not to_stdout:
        say(f"\nKết quả JSON: {json_out}", err=to_stdout)
    sys.exit(EXIT_DATA if run.has_errors else EXIT_OK)


def json_bytes(run: Any) -> bytes:
    """The `validate --json` document as UTF-8 text."""
    import json

    return (json.dumps(run.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def run_inputs(files: list[Path], registry: Path | None, settings_book: Path | None) -> dict[Path, str]:
    """Every input file of a run, with what it is, for the output checks (no output may be one)."""
    from toolkit.outputs.publish import REGISTRY_INPUT, SETTINGS_INPUT, SUBMISSION_INPUT

    inputs: dict[Path, str] = dict.fromkeys(files, SUBMISSION_INPUT)
    if registry is not None:
        inputs[registry] = REGISTRY_INPUT
    if settings_book is not None:
        inputs[settings_book] = SETTINGS_INPUT
    return inputs


# --- consolidate ------------------------------------------------------------------------------


@main.command("consolidate")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--registry",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Danh mục tổ chức (.xlsx hoặc .csv): chỉ tiêu kết nạp, kiểm tra tổ chức chưa nộp.",
)
@click.option("--cutoff", type=DATE, help="Ngày chốt số liệu (YYYY-MM-DD hoặc DD/MM/YYYY). Bắt buộc.")
@click.option(
    "--since",
    type=DATE,
    help="Ngày bắt đầu kỳ tính biến động (mặc định: ngày ghi trong các tệp, thường là 01/01).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Tệp kết quả .xlsx (mặc định: tong_hop_phuong_<ngày chốt>.xlsx trong thư mục hiện tại).",
)
@click.option("--json", "json_out", help="Ghi bản tóm tắt JSON vào tệp này, hoặc '-' để in ra màn hình.")
@click.option(
    "--strict", is_flag=True, help="Trả mã lỗi 1 khi có bất kỳ lỗi nào, kể cả khi vẫn tổng hợp được."
)
@click.option(
    "--no-personal-data",
    is_flag=True,
    help="Không ghi giá trị ô và họ tên, ngày tháng của đảng viên vào danh sách lỗi (tệp kết quả và JSON).",
)
@click.option(
    "--ward-name",
    help="Tên phường, ví dụ “Phường Hải Dương”: ghi ở đầu các Biểu 1–4-BTCTW (“ĐẢNG ỦY PHƯỜNG …”).",
)
@click.option(
    "--form-period",
    metavar="TỪ..ĐẾN",
    help="Kỳ báo cáo của Biểu 1–4-BTCTW, ví dụ 01/01/2026..31/03/2026; ngày cuối phải là ngày chốt "
    "(mặc định: từ 01/01 năm của ngày chốt đến ngày chốt).",
)
@click.option(
    "--history",
    "history_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp lịch sử tổng hợp (mặc định: lich_su_tong_hop.sqlite cạnh tệp kết quả): ghi lần tổng hợp "
    "này và lấy số liệu cùng kỳ năm trước, xu hướng.",
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
    no_personal_data: bool,
    ward_name: str | None,
    form_period: str | None,
    history_path: Path | None,
    no_history: bool,
    old_age_men: int | None,
    old_age_women: int | None,
    settings_book: Path | None,
    open_result: bool,
) -> None:
    """Tổng hợp các tệp của chi bộ trong THƯ MỤC thành bảng thống kê toàn phường.

    Ghi tệp Excel kết quả (bảng tổng hợp, theo tổ chức, biểu đồ, xu hướng, báo cáo, Biểu
    1–4-BTCTW, danh sách lỗi) và ghi lần tổng hợp vào lịch sử tổng hợp.
    Không ghi THƯ MỤC, --cutoff thì cần --settings: lấy theo tệp tổng hợp.
    Các tệp kết quả của một lần chạy mang cùng một mã lần tổng hợp và được ghi cùng nhau;
    không bao giờ ghi đè tệp đầu vào.
    Mã thoát: 0 khi tổng hợp đủ, 1 khi có tệp bị loại vì lỗi hoặc không dùng được (vẫn ghi
    kết quả), 2 khi không đọc/ghi được, 130 khi bị dừng bằng Ctrl+C.
    """
    from toolkit.history.session import default_history_path
    from toolkit.io.discover import discover
    from toolkit.io.registry import read_registry
    from toolkit.outputs.publish import HISTORY_LABEL, SUBMISSION_INPUT, check_outputs, prepare, write_outputs
    from toolkit.outputs.status import consolidation_status
    from toolkit.pipeline import consolidate

    reg = read_registry(registry) if registry else None
    target_override = None
    form_from = None
    book = None
    if settings_book is not None:
        book = load_workbook_settings(settings_book)
        folder = folder or book.settings.require_input_folder()
        cutoff = cutoff or book.settings.require_cutoff()
        since = since or book.settings.period_start
        output = output or book.settings.output_path()
        target_override = book.settings.target_override_by_year()
        reg = reg or book.registry(required=False)
        ward_name = ward_name or book.settings.ward_name
        form_from = book.settings.form_period_start
    thresholds = chosen_thresholds(old_age_men, old_age_women, book)
    folder, cutoff = require(folder, "folder"), require(cutoff, "cutoff")
    form_from = parse_form_period(form_period, cutoff) or form_from
    output = output or Path(f"tong_hop_phuong_{cutoff:%Y%m%d}.xlsx")
    json_path = Path(json_out) if json_out and json_out != "-" else None
    # The history lives beside the consolidation workbook when there is one (as for its
    # buttons), else beside the output.
    history = None if no_history else history_path or default_history_path(settings_book or output)
    # Before the files are read: no output may be an input, another output, or not a file.
    inputs = run_inputs(discover([folder]), registry, settings_book)
    outputs = [(output, "tệp kết quả -o"), *([(json_path, "tóm tắt JSON --json")] if json_path else [])]
    if history is not None:
        outputs.append((history, HISTORY_LABEL))
    check_outputs(outputs, inputs)
    bar = ProgressBar(sum(1 for v in inputs.values() if v == SUBMISSION_INPUT))
    result = consolidate(
        [folder],
        cutoff=cutoff,
        since=since,
        registry=reg,
        personal_data=not no_personal_data,
        progress=bar,
        while_reading=prepare,
        target_override=target_override,
        ward_name=ward_name,
        form_from=form_from,
        thresholds=thresholds,
    )
    bar.close()
    used = write_outputs(result, output, json_path, inputs=inputs, history=history)
    if json_out == "-":
        from toolkit.outputs.json_summary import write_json

        write_json(result, None)
    status = consolidation_status(result, workbook=output, json_path=json_path)
    for line in status.lines:
        say(line, err=json_out == "-")
    if used is not None and used.recorded_id is not None:
        say(f"Lịch sử tổng hợp: {used.store.path} (lần số {used.recorded_id})", err=json_out == "-")
    if open_result:
        open_in_default_app(output)
    rejected = result.count("excluded") or result.rejected_files()
    if rejected or (strict and any(i.is_error for i in result.issues)):
        sys.exit(EXIT_DATA)


# --- lists ------------------------------------------------------------------------------------

SEE_ERRORS = "chạy “ward-stats validate” để xem lỗi"
LISTS_NEED_NAMES = (
    "Lệnh lists không dùng được với --no-personal-data: danh sách dự bị đến hạn, huy hiệu Đảng, "
    "miễn, tạm miễn và đi làm ăn xa phải có họ tên đảng viên thì mới dùng được. Tệp danh sách chỉ "
    "được ghi vào nơi ghi ở -o; hãy lưu tệp đó ở nơi an toàn."
)


@main.command("lists")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--registry",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Danh mục tổ chức (.xlsx hoặc .csv): tên và thứ tự các tổ chức trong danh sách.",
)
@click.option("--cutoff", type=DATE, help="Ngày chốt số liệu (YYYY-MM-DD hoặc DD/MM/YYYY). Bắt buộc.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Tệp danh sách .xlsx cần ghi (có họ tên đảng viên). Bắt buộc, trừ khi lấy từ --settings.",
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
    """Lập danh sách công việc từ danh sách đảng viên của các tệp không có lỗi trong THƯ MỤC.

    Bốn sheet: đảng viên dự bị đến hạn xét chính thức (trong 90 ngày sau ngày chốt, hoặc đã
    quá hạn), đảng viên đủ tuổi đảng để xét tặng huy hiệu Đảng vào các đợt 3/2, 19/5, 2/9,
    7/11 trong 12 tháng tới, miễn, tạm miễn cần xem xét lại, và đảng viên đi làm ăn xa.
    Tệp ghi ra có họ tên, ngày sinh của đảng viên: chỉ ghi vào tệp ở -o, không bao giờ vào
    bảng tổng hợp hay tệp JSON. Mã thoát: 0 khi dùng được mọi tệp, 1 khi có tệp bị bỏ qua vì
    có lỗi (vẫn ghi danh sách), 2 khi không đọc/ghi được.
    """
    from toolkit.io.discover import discover
    from toolkit.io.registry import read_registry
    from toolkit.outputs.publish import SUBMISSION_INPUT, check_outputs
    from toolkit.outputs.status import lists_status
    from toolkit.outputs.worklists import write_work_lists
    from toolkit.worklists import build_work_lists

    if no_personal_data:
        raise click.UsageError(LISTS_NEED_NAMES)
    reg = read_registry(registry) if registry else None
    book = None
    if settings_book is not None:
        book = load_workbook_settings(settings_book)
        folder = folder or book.settings.require_input_folder()
        cutoff = cutoff or book.settings.require_cutoff()
        output = output or book.settings.lists_path()
        reg = reg or book.registry(required=False)
    thresholds = chosen_thresholds(old_age_men, old_age_women, book)
    folder, cutoff, output = require(folder, "folder"), require(cutoff, "cutoff"), require(output, "output")
    inputs = run_inputs(discover([folder]), registry, settings_book)
    check_outputs([(output, "tệp danh sách -o")], inputs)  # never over an input, before reading
    bar = ProgressBar(sum(1 for v in inputs.values() if v == SUBMISSION_INPUT))
    result = build_work_lists([folder], cutoff=cutoff, registry=reg, progress=bar, thresholds=thresholds)
    bar.close()
    write_work_lists(result, output)
    for line in lists_status(result, path=output, see_errors=SEE_ERRORS).lines:
        say(line)
    if open_result:
        open_in_default_app(output)
    if result.left_out:
        sys.exit(EXIT_DATA)


# --- upgrade ----------------------------------------------------------------------------------


@main.command("upgrade")
@click.argument(
    "paths", metavar="FILE...", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Thư mục ghi các tệp đã nâng cấp (mỗi tệp một tệp cùng tên; không được là thư mục của tệp gốc).",
)
@friendly_errors
def upgrade_cmd(paths: tuple[Path, ...], out_dir: Path) -> None:
    """Nâng cấp tệp biểu mẫu phiên bản 2026.1 lên biểu mẫu mới, không sửa tệp gốc.

    FILE là tệp hoặc thư mục. Mỗi giá trị được chép sang đúng cột của biểu mẫu mới; các ô
    cần điền thêm hoặc chọn lại (dân tộc, tôn giáo, nghề nghiệp, phạm vi chuyển) được liệt kê
    dưới đây và trong sheet “Cần bổ sung” của tệp mới.
    Mã thoát: 0 khi nâng cấp được mọi tệp cũ, 1 khi có tệp không nâng cấp được, 2 khi không
    đọc/ghi được.
    """
    from toolkit.io.discover import discover
    from toolkit.outputs.upgrade import upgrade_files

    files = discover(list(paths))
    if not files:
        click.echo("Lỗi: không tìm thấy tệp bảng tính (.xlsx) nào để nâng cấp.", err=True)
        sys.exit(EXIT_FAILURE)
    out_dir.mkdir(parents=True, exist_ok=True)
    run = upgrade_files(files, out_dir)
    for done in run.upgraded:
        click.echo(f"Đã nâng cấp {done.source.name} \u2192 {done.target}")
        if done.to_complete:
            click.echo(f"  Cần bổ sung {len(done.to_complete)} ô (xem sheet “Cần bổ sung” của tệp mới):")
            for line in done.summary_lines():
                click.echo(f"    {line}")
    for path in run.current:
        click.echo(f"Không cần nâng cấp {path.name}: tệp đã dùng biểu mẫu mới.")
    for path, reason in run.skipped:
        click.echo(f"Không nâng cấp được {path.name}: {reason}", err=True)
    click.echo(f"{len(run.upgraded)}/{len(files)} tệp đã nâng cấp vào thư mục {out_dir}.")
    sys.exit(EXIT_DATA if run.skipped else EXIT_OK)


# --- report -----------------------------------------------------------------------------------


@main.command("report")
@click.argument("summary_path", metavar="SUMMARY.json", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "docx"], case_sensitive=False),
    default=None,
    help="Định dạng: md (Markdown) hoặc docx (Word). Mặc định theo đuôi tệp -o, không có thì md.",
)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(path_type=Path),
    help="Tệp báo cáo cần ghi (.md hoặc .docx).",
)
@friendly_errors
def report_cmd(summary_path: Path, fmt: str | None, output: Path) -> None:
    """Viết đoạn báo cáo (văn xuôi và bảng số liệu chính) từ tệp JSON số liệu tổng hợp.

    SUMMARY.json là tệp do lệnh “ward-stats consolidate --json” tạo ra.
    """
    from toolkit.outputs.json_summary import load_summary
    from toolkit.outputs.report_files import format_for, write_report

    summary = load_summary(summary_path)
    path = write_report(summary, output, format_for(output, fmt), inputs=(summary_path,))
    say(f"Đã ghi báo cáo: {path}")


# --- demo -------------------------------------------------------------------------------------


@main.command("demo")
@click.argument(
    "folder",
    required=False,
    default=Path("phuong_mau"),
    metavar="[THƯ_MỤC]",
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option(
    "--seed",
    type=int,
    default=2026,
    show_default=True,
    help="Số khởi tạo ngẫu nhiên: cùng số cho cùng một bộ dữ liệu mẫu.",
)
@friendly_errors
def demo_cmd(folder: Path, seed: int) -> None:
    """Tạo một phường mẫu (72 tổ chức như báo cáo tham khảo) và tổng hợp số liệu.

    Ghi vào THƯ_MỤC (mặc định: phuong_mau) danh mục tổ chức, mỗi tổ chức một tệp đã điền
    theo biểu mẫu chi bộ (thư mục con nop), rồi tổng hợp thành tệp Excel kết quả và bản
    tóm tắt JSON. Dữ liệu là giả định (tên người, ngày tháng do máy tạo).
    """
    from toolkit.core import vnformat
    from toolkit.outputs.status import consolidation_status
    from toolkit.sample.ward import run_demo

    folder.mkdir(parents=True, exist_ok=True)
    say(f"Đang tạo phường mẫu trong thư mục {folder} …", err=True)
    bar = ProgressBar(72)
    files = run_demo(folder, seed=seed, progress=bar)
    bar.close()
    result = files.result
    assert result is not None and files.workbook is not None and files.summary is not None
    ind = result.indicators
    say(
        f"Đã tạo phường mẫu: {vnformat.number(len(files.submissions))} tổ chức, "
        f"{vnformat.number(int(ind.get('members.total', 0)))} đảng viên, "
        f"ngày chốt số liệu {vnformat.date(result.cutoff_date)}."
    )
    say(f"  Danh mục tổ chức:      {files.registry}")
    say(f"  Tệp của các chi bộ:    {files.submissions_dir} ({len(files.submissions)} tệp)")
    say(f"  Bảng tổng hợp (Excel): {files.workbook}")
    say(f"  Tóm tắt (JSON):        {files.summary}")
    for line in consolidation_status(result).lines:
        say(line)
    has_errors = any(i.is_error for i in result.issues)
    if has_errors or result.count("consolidated") != len(files.submissions):
        sys.exit(EXIT_DATA)


# --- build-workbook ---------------------------------------------------------------------------


@main.command("build-workbook")
@click.option(
    "-o",
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Tệp .xlsm cần ghi (mặc định: xlsx_templates/tong_hop_phuong.xlsm của mã nguồn).",
)
@friendly_errors
def build_workbook_cmd(out_path: Path | None) -> None:
    """Tạo lại tệp tổng hợp có nút bấm (tong_hop_phuong.xlsm) từ mã nguồn macros/*.bas."""
    from toolkit.excel.build import DEFAULT_TARGET, build_workbook, xlwings_version

    path = build_workbook(out_path or DEFAULT_TARGET)
    say(f"Đã tạo {path} (mô-đun VBA xlwings {xlwings_version()}).")


# --- doctor -----------------------------------------------------------------------------------


@main.command("doctor")
@click.option(
    "--workbook",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp tổng hợp (.xlsm) cần kiểm tra: đường dẫn Python và thư mục tạm (sheet xlwings.conf), "
    "mô-đun VBA xlwings, các thư mục ghi ở sheet “Điều khiển”, danh mục tổ chức.",
)
@click.option(
    "--interpreter", help="Đường dẫn python.exe cần kiểm tra thay cho đường dẫn ghi trong tệp .xlsm."
)
@friendly_errors
def doctor_cmd(workbook: Path | None, interpreter: str | None) -> None:
    """Kiểm tra cài đặt trên máy này để các nút bấm chạy được, và nói cách sửa.

    Kiểm tra phiên bản Python, phiên bản xlwings so với mô-đun VBA trong tệp .xlsm, đường
    dẫn python.exe của nút bấm (có tồn tại, chỉ gồm chữ không dấu, đã cài ward-stats), thư
    mục bài nộp (đọc được) và thư mục ghi kết quả (ghi được). Không sửa tệp nào.
    Mã thoát: 0 khi không có lỗi, 1 khi có mục cần sửa.
    """
    from toolkit.excel.doctor import diagnose, report_lines

    findings = diagnose(workbook, interpreter)
    for line in report_lines(findings):
        say(line)
    sys.exit(EXIT_DATA if any(f.status == "error" for f in findings) else EXIT_OK)


def _status_of(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # sys.exit("message"): print it like the interpreter would
    return 1


def _run_main() -> int:
    """`main` as a command, its outcome as an exit status: usage errors shown as click shows
    them, Ctrl+C anywhere (even outside a command's body) as one Vietnamese line and 130."""
    import signal

    try:
        return _status_of(main.main(standalone_mode=False))
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C does not cut the line
        interrupted()
        return EXIT_INTERRUPTED
    except SystemExit as exc:
        return _status_of(exc.code)


# The `history` and `rollup` commands live in their own module, which registers them on `main`.
import toolkit.cli_history  # noqa: E402, F401


def run() -> None:
    """The `ward-stats` console command: `main`, then a fast exit.

    Every output is written (atomically, flushed to disk) before the command returns, so
    the interpreter's teardown — freeing every module and object one by one, a fifth of a
    second after a consolidation, longer than some whole steps — is skipped with
    `os._exit` once stdout and stderr are flushed. Tests and library callers use `main`; the
    `ward-stats` command starts here through `toolkit.__main__.run`.
    """
    status = _run_main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


if __name__ == "__main__":
    # `python -m toolkit.cli`: this file runs as `__main__`, a second copy of the module on
    # which `toolkit.cli_history` does not register its commands; run the real one.
    from toolkit.__main__ import run as run_package

    run_package()
