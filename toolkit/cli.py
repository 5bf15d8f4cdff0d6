"""Command line: the `ward-stats` group and what its commands share.

The commands parse options, call the library and turn domain errors into Vietnamese
messages; they live in sibling modules that register themselves on `main` (imported at the
end of this one): `toolkit.cli_files` (template, upgrade, validate), `toolkit.cli_consolidate`
(consolidate, lists), `toolkit.cli_tools` (report, demo, build-workbook, doctor) and
`toolkit.cli_history` (history, rollup). Here: the group, the shared options and helpers
(dates, errors, progress, the saved workbook's settings, output checks) and the console entry
point. The words of a run's summary come from `toolkit.outputs.status`, shared with the Excel
buttons; click's own words (usage errors, help headings) are made Vietnamese by the group's
class, `toolkit.cli_usage.WardStatsGroup`. Exit codes: 0 success, 1 problems found in the
data, 2 usage or input/output failure.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn

import click

from toolkit.cli_usage import VERSION_OPTION_HELP, WardStatsGroup, with_notes
from toolkit.core.errors import (
    EXIT_INTERRUPTED,
    INTERRUPTED_MESSAGE,
    SettingError,
    ctrl_c_pressed,
    failure_lines,
    forget_written,
    interrupted_lines,
    left_as_is_lines,
    user_message,
)
from toolkit.core.text import terminal_safe

EXIT_OK = 0
EXIT_DATA = 1
EXIT_FAILURE = 2
INTERRUPTED = INTERRUPTED_MESSAGE


def parse_date(value: str) -> dt.date:
    """Accept DD/MM/YYYY (also with `-` or `.`) or YYYY-MM-DD, as a settings cell does (never
    guess between day and month)."""
    from toolkit.core.dates import (
        date_from_text,
        impossible_date,
        outside_run_dates,
        year_digits_words,
    )

    text = value.strip()
    parsed = date_from_text(text)
    if parsed is not None:
        outside = outside_run_dates(parsed)
        if outside:
            raise click.BadParameter(f"“{value}”: {outside}.")
        return parsed
    why = impossible_date(text)
    if why:
        raise click.BadParameter(f"“{value}” không phải ngày có thật: {why}. Hãy kiểm tra lại ngày.")
    year_digits = year_digits_words(text)
    if year_digits:  # "31/3/26", "31/3/026", "31/3/20266": never guessed (fix353, fix368, fix376)
        raise click.BadParameter(f"“{value}”: {year_digits}, dạng DD/MM/YYYY (ví dụ 31/03/2026).")
    raise click.BadParameter(f"“{value}” không phải ngày hợp lệ; hãy viết dạng DD/MM/YYYY hoặc YYYY-MM-DD.")


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


# What a command printing its result on stdout (`--json -`) names as the place it writes to.
STDOUT_TARGET = "màn hình (stdout)"
NO_STDOUT = (
    "--json -: chương trình đang chạy không có màn hình (stdout) để in tóm tắt JSON (không có cửa sổ "
    "dòng lệnh, hoặc đầu ra đã bị đóng). Chưa tệp nào được ghi; hãy ghi --json và tên tệp .json để "
    "ghi tóm tắt vào tệp."
)


def refuse_json_without_stdout(json_out: str | None) -> None:
    """`--json -` in a process started without stdout (`pythonw.exe`, a launcher without a
    console, `>&-`): refused before anything is read or written (exit code 2). The null device
    in its place (`usable_streams`) would take the JSON without a word, and the run would end
    0 with the summary asked for lost (hunt122 F4)."""
    from toolkit.core.errors import InputError
    from toolkit.core.streams import missing

    if json_out == "-" and missing("stdout"):
        raise InputError(NO_STDOUT)


def print_on_stdout(write: Callable[[], object], what: str) -> str | None:
    """Run `write`, which prints `what` (a JSON document: `--json -`) on stdout. None when it
    was printed, else the sentence that says it was not, naming the screen as the target: the
    command says it after the lines of what it did write, and ends with exit code 2. Left to
    `friendly_errors`, a full disk behind stdout was "Không đọc/ghi được tệp: ổ đĩa đã đầy",
    naming no file, after `consolidate` had put its workbook in place and recorded the run, so
    the clerk read that nothing had happened (hunt122 F4). A reader that has gone is no failure
    (`core.streams`): the text is not wanted any more."""
    from toolkit.core.errors import os_error_text

    try:
        write()
    except OSError as exc:
        return f"Không ghi được {what} ra {STDOUT_TARGET}: {os_error_text(exc)}."
    return None


def stop_on_ctrl_c() -> NoReturn:
    """End a command stopped by Ctrl+C: its one line, exit code 130."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C does not cut the line
    interrupted()
    sys.exit(EXIT_INTERRUPTED)


def interrupted() -> None:
    """The line of a run stopped by Ctrl+C (after ending a progress bar's line): the old files
    kept, or, once a set of files was put in place, which were written (`interrupted_lines`)."""
    if ProgressBar.drawing:
        click.echo("", err=True)
    for line in interrupted_lines():
        say(line, err=True)


def parse_form_period(value: str | None, cutoff: dt.date) -> dt.date | None:
    """`--form-period FROM..TO`: FROM (TO must be the cut-off); None when not given."""
    from toolkit.core.errors import InputError

    if not value:
        return None
    parts = value.split("..")
    try:
        if len(parts) != 2:
            raise click.BadParameter("hãy viết TỪ_NGÀY..ĐẾN_NGÀY, ví dụ 01/01/2026..31/03/2026.")
        start, end = (parse_date(p) for p in parts)
    except click.BadParameter as exc:
        raise InputError(f"--form-period “{value}” không phải kỳ báo cáo: {exc.message}") from None
    if end != cutoff:
        raise InputError(
            f"--form-period: kỳ báo cáo của Biểu 1–4-BTCTW phải kết thúc đúng ngày chốt số liệu "
            f"{cutoff:%d/%m/%Y} (đang ghi {end:%d/%m/%Y})."
        )
    return start


def friendly_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn domain and I/O errors into a Vietnamese message and exit code 2, and Ctrl+C into
    one Vietnamese line and exit code 130, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        forget_written()  # what a Ctrl+C says it wrote: this command's files only
        try:
            try:
                return func(*args, **kwargs)
            finally:  # files a killed run's were not completed over, however the command ends
                for line in left_as_is_lines():
                    say(line, err=True)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise  # usage errors: the group shows them in Vietnamese; a closed reader is no failure
        except Exception as exc:  # domain, file-system or unexpected: never a traceback
            if not ctrl_c_pressed():
                for line in failure_lines(exc):  # and what it had written by then (hunt173 C)
                    say(line, err=True)
                sys.exit(EXIT_FAILURE)
            stop_on_ctrl_c()  # what a library made of a Ctrl+C (`watch_ctrl_c`)
        except KeyboardInterrupt:
            stop_on_ctrl_c()

    return wrapper


@click.group(cls=WardStatsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ward-stats", message="ward-stats %(version)s", help=VERSION_OPTION_HELP)
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


def settings_option(
    what: str, *, registry: bool = True
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--settings FILE.xlsm`: take `what` from the workbook the buttons read, as they do;
    `registry`: the command also reads the sheet “Danh mục tổ chức” (all but `upgrade`)."""
    sheets = "sheet “Điều khiển” và “Danh mục tổ chức”" if registry else "sheet “Điều khiển”"
    return click.option(
        "--settings",
        "settings_book",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help=f"Tệp tổng hợp đã lưu (tong_hop_phuong.xlsm): lấy {what} từ {sheets} như các nút bấm, "
        "không cần bật macro. Tùy chọn ghi trên dòng lệnh được ưu tiên hơn.",
    )


def thresholds_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--old-age-men` and `--old-age-women`: the ages of the old-age exemption rule."""
    from toolkit.core.thresholds import OLD_AGE_MEN, OLD_AGE_WOMEN

    men = click.option(
        "--old-age-men",
        type=int,
        default=None,
        help=with_notes(
            "Tuổi từ đó đảng viên nam được miễn công tác và sinh hoạt đảng vì tuổi cao.",
            f"mặc định: {OLD_AGE_MEN}",
        ),
    )
    women = click.option(
        "--old-age-women",
        type=int,
        default=None,
        help=with_notes("Như trên, với đảng viên nữ.", f"mặc định: {OLD_AGE_WOMEN}"),
    )
    return men(women(func))


def chosen_thresholds(men: int | None, women: int | None, book: Any = None) -> Any:
    """The thresholds of the command line, else of the saved workbook, else the defaults."""
    from toolkit.core.thresholds import Thresholds

    if book is not None:  # an age cell out of range is said with its cell
        return book.settings.thresholds(men, women)
    return Thresholds.of(men, women)


def personal_data_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--personal-data/--no-personal-data`: whether the issue lists (`what`) keep the members'
    values. Not given: the `--settings` workbook's choice, else not (aggregates by default)."""
    return click.option(
        "--personal-data/--no-personal-data",
        "personal_data",
        default=None,
        help=f"Ghi cả giá trị ô, họ tên, ngày sinh của đảng viên vào danh sách lỗi ({what}). Mặc định "
        "không ghi (chỉ nêu tệp, ô và cách sửa), hoặc theo ô “Ghi dữ liệu cá nhân vào danh sách lỗi” "
        "của tệp --settings.",
    )


def chosen_personal_data(flag: bool | None, book: Any = None) -> bool:
    """`--personal-data` / `--no-personal-data` when given, else the saved workbook's choice,
    else False: member-level values leave only when asked for."""
    if flag is not None:
        return flag
    return bool(book.settings.personal_data) if book is not None else False


open_option = click.option(
    "--open", "open_result", is_flag=True, help="Mở kết quả (tệp hoặc thư mục) bằng Windows khi xong."
)


def load_workbook_settings(path: Path, command: str, options: Mapping[str, str] | None = None) -> Any:
    """The saved workbook's settings and registry sheet, announced on stderr, as the button
    that does what `command` does reads them (`toolkit.excel` entry point: "validate"): a wrong
    cell it does not use is no error, and is said in one line on stderr. `options`: the
    command's parameters that replace a cell (parameter name -> setting name); those written
    on the command line win, so their cells are not used (`given`)."""
    from toolkit.excel import book as xlbook
    from toolkit.excel.settings_file import read_workbook_settings

    say(f"Đọc thiết lập từ tệp {path.name} …", err=True)
    replaced = tuple(cell for name, cell in (options or {}).items() if given(name))
    book = read_workbook_settings(path, xlbook.button_of(command).uses, replaced, _dates_given(options))
    try:
        note = xlbook.set_aside_note(book.settings, of=" của tệp --settings")
    except xlbook.CellRefusal as exc:  # refused where the command reads it; the others said now
        note = xlbook.set_aside_note(exc.settings, of=" của tệp --settings")
    except SettingError:
        note = None
    if note:
        say(note, err=True)
    return book


def _dates_given(options: Mapping[str, str] | None) -> dict[str, tuple[Any, str]]:
    """The dates written on the command line that replace a cell (`--cutoff`, `--since`), by
    setting name, with the option's name: the checks between the cells use them
    (`book.settings_from_values`)."""
    ctx = click.get_current_context()
    dates: dict[str, tuple[Any, str]] = {}
    for name, cell in (options or {}).items():
        value = ctx.params.get(name)
        if given(name) and isinstance(value, dt.date):
            param = next(p for p in ctx.command.params if p.name == name)
            dates[cell] = (value, max(param.opts, key=len))
    return dates


def given(name: str) -> bool:
    """Whether the option `name` was written on the command line (not left at its default)."""
    source = click.get_current_context().get_parameter_source(name)
    return source is not None and source is not click.core.ParameterSource.DEFAULT


def require(value: Any, name: str) -> Any:
    """`value`, or click's own "missing" error for the parameter `name` (exit code 2). Only a
    command with `--settings` requires a value this way (its cells may give it), so the error
    says that too: a clerk at the command line is pointed to the way the office runs it."""
    if value in (None, ()):
        ctx = click.get_current_context()
        param = next(p for p in ctx.command.params if p.name == name)
        has_settings = any(p.name == "settings_book" for p in ctx.command.params)
        hint = SETTINGS_HINT if has_settings and ctx.params.get("settings_book") is None else None
        raise click.MissingParameter(ctx=ctx, param=param, message=hint)
    return value


# What a command taking its inputs from `--settings` says when one is missing and no workbook
# was given (`require`).
SETTINGS_HINT = (
    "Hoặc ghi --settings và đường dẫn tệp tổng hợp đã lưu (tong_hop_phuong.xlsm) để lấy giá trị từ các "
    "ô của sheet “Điều khiển”, như các nút bấm."
)


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


def open_when_asked(open_result: bool, path: Path) -> None:
    """`--open`: show the result once it is written."""
    if open_result:
        open_in_default_app(path)


# --- options several commands declare ---------------------------------------------------------


def registry_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--registry FILE`: the organisations' registry (.xlsx or .csv), an existing file."""
    return click.option(
        "--registry", type=click.Path(exists=True, dir_okay=False, path_type=Path), help=help_text
    )


def run_inputs(files: list[Path], registry: Path | None, settings_book: Path | None) -> dict[Path, str]:
    """Every input file of a run, with what it is, for the output checks (no output may be one)."""
    from toolkit.outputs.publish import REGISTRY_INPUT, SETTINGS_INPUT, SUBMISSION_INPUT

    inputs: dict[Path, str] = dict.fromkeys(files, SUBMISSION_INPUT)
    if registry is not None:
        inputs[registry] = REGISTRY_INPUT
    if settings_book is not None:
        inputs[settings_book] = SETTINGS_INPUT
    return inputs


def _status_of(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # sys.exit("message"): print it like the interpreter would
    return 1


def _run_main() -> int:
    """`main` as a command, its outcome as an exit status: usage errors shown in Vietnamese
    (`toolkit.cli_usage`), Ctrl+C anywhere (even outside a command's body) as one Vietnamese
    line and 130."""
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
    except Exception:
        if not ctrl_c_pressed():
            raise
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # what a library made of a Ctrl+C
        interrupted()
        return EXIT_INTERRUPTED


# The commands live in their own modules, which register them on `main` when imported
# (`ward-stats --help` lists them in alphabetical order, whatever the order here).
import toolkit.cli_consolidate  # noqa: E402, F401
import toolkit.cli_files  # noqa: E402, F401
import toolkit.cli_history  # noqa: E402, F401
import toolkit.cli_tools  # noqa: E402, F401


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
    # which the command modules do not register their commands; run the real one.
    from toolkit.__main__ import run as run_package

    run_package()
