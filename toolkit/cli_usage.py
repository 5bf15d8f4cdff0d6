"""click's own words in Vietnamese: usage errors and help pages of the `ward-stats` command line.

click writes its usage errors ("Error: Missing option '--cutoff'.", "Invalid value for
'[FOLDER]': Directory 'x' does not exist.") and its help headings ("Usage:", "Options:",
"[default: 2026]") in English. Here the command and group classes of `ward-stats`
(`WardStatsGroup`, whose commands and sub-groups are made with these classes too) turn every
usage error raised while a command line is parsed or run into one Vietnamese sentence
(`VietnameseUsageError`: "Lỗi: …" and "Xem hướng dẫn: … --help", exit code 2), and write their
help pages with Vietnamese headings.

Each usage error is mapped from its class and its parameter (an option is named as it is
written on the command line, `--cutoff`); for a value click's types refuse (a path that does
not exist, a number, a choice) the value is read back from click's message, the only place
that holds it. The toolkit's own messages (its `DATE` type, `click.UsageError` raised with a
Vietnamese text) are shown as they are; an English message this module does not know becomes
a general Vietnamese sentence rather than reaching the clerk.

Why not click's gettext: click translates through the process-wide `gettext` domain
("messages"), so it would need a compiled `.mo` catalogue installed where `gettext` looks, the
global domain rebound for every library of the process, and a language chosen from the
`LANGUAGE`/`LANG` environment variables, which a ward PC does not set; and click's sentences
would still quote values with Python's `repr`. Mapping the exceptions here needs none of that.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from toolkit.core.errors import error_line
from toolkit.core.text import shown, terminal_safe

# The help page's words (click's English, as click's gettext returns it untranslated).
USAGE_PREFIX = "Cách dùng: "
HEADINGS = {"Options": "Tùy chọn", "Commands": "Lệnh", "Positional arguments": "Tham số"}
OPTIONS_METAVAR = "[TÙY_CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [THAM_SỐ]..."
HELP_OPTION_HELP = "Hiện hướng dẫn này rồi thoát."
VERSION_OPTION_HELP = "Hiện số phiên bản rồi thoát."
HINT = "Xem hướng dẫn: {command} {option}"
GENERAL = "câu lệnh ghi không đúng cách."

# A Python string literal, as click quotes a value with `{value!r}`.
_QUOTED = r"(?P<quoted>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
_PATH_RE = re.compile(
    rf"^(?:File|Directory|Path) {_QUOTED} (?P<reason>does not exist|is a file|is a directory"
    r"|is not readable|is not writable|is not executable)\.$",
    re.DOTALL,
)
_LEADING_VALUE_RE = re.compile(rf"^{_QUOTED} ", re.DOTALL)
_FILE_RE = re.compile(rf"^{_QUOTED}: ", re.DOTALL)  # click.File: the file, then the system's words
_RANGE_RE = re.compile(r"^(?P<value>.+) is not in the range (?P<range>.+)\.$", re.DOTALL)
_EXTRA_ARGS_RE = re.compile(r"^Got unexpected extra arguments? \((?P<args>.*)\)$", re.DOTALL)
_NO_SUCH_COMMAND_RE = re.compile(rf"^No such command {_QUOTED}\.$", re.DOTALL)
# A group called without a command shows its help page through this error (click 8.2 and later).
_SHOWS_HELP: Any = getattr(click.exceptions, "NoArgsIsHelpError", ())


# A path typed empty (`--json ""`, `--out ""`), refused whatever the parameter (`not_empty`),
# asking for what the parameter takes (`empty_path`): "hãy ghi tên tệp" for `-o`, which takes
# only a file (hunt122 C2).
EMPTY_PATH = "đường dẫn để trống: hãy ghi tên tệp hoặc thư mục."
EMPTY_FILE = "đường dẫn để trống: hãy ghi tên tệp."
EMPTY_FOLDER = "đường dẫn để trống: hãy ghi tên thư mục."
EMPTY_JSON = "đường dẫn để trống: hãy ghi tên tệp, hoặc - để in ra màn hình."
EMPTY_WORDS = (EMPTY_PATH, EMPTY_FILE, EMPTY_FOLDER, EMPTY_JSON)


def empty_path(ptype: click.Path) -> str:
    """The words refusing an empty path, asking for what `ptype` takes."""
    if ptype.file_okay and not ptype.dir_okay:
        return EMPTY_FILE
    if ptype.dir_okay and not ptype.file_okay:
        return EMPTY_FOLDER
    return EMPTY_PATH


# The file name an existing folder's refusal gives as its example (`file_example`), by command
# and parameter: a workbook's example is a workbook's name ("ra/ten_tep với đuôi phù hợp" left
# the clerk to guess `.xlsx`, fix141). Every file-only path parameter of a command has one
# (tests/test_cli_empty_paths.py); `--history`, whatever its command, names the history.
FILE_EXAMPLES = {
    ("consolidate", "output"): "tong_hop_phuong.xlsx",
    ("lists", "output"): "danh_sach.xlsx",
    ("rollup", "output"): "tong_hop_cap_tren.xlsx",
    ("report", "output"): "bao_cao.docx",
    ("build-workbook", "out_path"): "tong_hop_phuong.xlsm",
    ("doctor", "workbook"): "tong_hop_phuong.xlsm",
    ("blank-forms", "out"): "so_lieu_nam_truoc.xlsx",
}
HISTORY_EXAMPLE = "lich_su_tong_hop.sqlite"
# The path parameters naming an output file the command replaces (`-o`; not `--history`, which
# is added to, nor an input or a folder).
OUTPUT_PARAMS = frozenset({"output", "out_path"})


def file_example(ctx: click.Context | None, param: click.Parameter | None) -> str | None:
    """The file name `FILE_EXAMPLES` gives the file-only path `param` of `ctx`'s command; None
    when it names none."""
    if param is None or param.name is None:
        return None
    if param.name == "history_path":
        return HISTORY_EXAMPLE
    command = ctx.command.name if ctx is not None and ctx.command is not None else None
    return FILE_EXAMPLES.get((command or "", param.name))


# A path ending in a separator where a file is written.
FOLDER_FOR_FILE = "\u201c{value}\u201d là một thư mục (kết thúc bằng dấu gạch chéo), ở đây cần tên tệp."


def not_empty(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """The callback of a path option that is not an `OnDiskPath` (`--json`, which also takes
    '-'): an empty value is refused (`EMPTY_JSON`), not taken as no JSON at all."""
    if isinstance(value, str) and not value.strip():
        raise click.BadParameter(EMPTY_JSON, ctx=ctx, param=param)
    return value


class OnDiskPath(click.Path):
    """click's `Path` that takes a path typed in decomposed Unicode (Unikey's “Unicode tổ
    hợp”) in its NFC spelling when only that one is there, as a settings cell is read
    (`toolkit.io.files.as_on_disk`), before click checks that it exists: the path in “… không
    tồn tại” looked exactly like the folder in the file manager. Every path parameter of a
    `ward-stats` command is of this type (`_InVietnamese`)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            # `--json ""` (a variable left empty in a script) was no JSON at all, and `--out ""`
            # the current folder, without a word (hunt112a L1).
            self.fail(empty_path(self), param, ctx)
        if isinstance(value, str) and not self.dir_okay and value.rstrip().endswith(("/", "\\")):
            # A file written as a folder (`report -o bao_cao/`): the path loses the separator,
            # and a file of the folder's name was written (hunt113 D6).
            self.fail(FOLDER_FOR_FILE.format(value=value), param, ctx)
        if isinstance(value, str):
            from toolkit.io.files import on_disk_spelling

            value = on_disk_spelling(value)
        return super().convert(value, param, ctx)

    @classmethod
    def like(cls, ptype: click.Path) -> OnDiskPath:
        """The same path type as `ptype`, with the fallback."""
        return cls(
            exists=ptype.exists,
            file_okay=ptype.file_okay,
            dir_okay=ptype.dir_okay,
            writable=ptype.writable,
            readable=ptype.readable,
            resolve_path=ptype.resolve_path,
            allow_dash=ptype.allow_dash,
            path_type=ptype.type,
            executable=ptype.executable,
        )


class VietnameseUsageError(click.UsageError):
    """A usage error already in Vietnamese: "Lỗi: …", then where the command's help is.

    `command_path` names the command when the error has no context (click's parser raises
    some before the command's context exists)."""

    def __init__(
        self, message: str, ctx: click.Context | None = None, command_path: str | None = None
    ) -> None:
        super().__init__(message, ctx)
        self.command_path = command_path

    def show(self, file: Any = None) -> None:
        lines = [error_line(self.message)]
        ctx = self.ctx
        if ctx is not None and ctx.command.get_help_option(ctx) is not None:
            option = max(ctx.command.get_help_option_names(ctx), key=len)
            lines.append(HINT.format(command=ctx.command_path, option=option))
        elif ctx is None and self.command_path:
            lines.append(HINT.format(command=self.command_path, option="--help"))
        click.echo(terminal_safe("\n".join(lines)), file=file, err=file is None)


class VietnameseFailure(click.ClickException):
    """Another click error (a file click could not open), in Vietnamese; exit code 1 as click's."""

    def show(self, file: Any = None) -> None:
        click.echo(terminal_safe(error_line(self.message)), file=file, err=file is None)


def in_vietnamese(
    exc: click.ClickException,
    command: click.Command | None = None,
    command_path: str | None = None,
    args: Sequence[str] = (),
) -> click.ClickException:
    """`exc` as the clerk reads it: the same error, shown in Vietnamese (`exc` itself when it
    is already, or when it only shows a help page). `command`, `command_path` and `args` (the
    words being parsed): the command being parsed, for an error raised before its context
    exists."""
    if isinstance(exc, VietnameseUsageError | VietnameseFailure) or isinstance(exc, _SHOWS_HELP):
        return exc
    if isinstance(exc, click.UsageError):
        message = usage_message(exc, command, args)
        return VietnameseUsageError(message, ctx=exc.ctx, command_path=command_path)
    if isinstance(exc, click.FileError):
        return VietnameseFailure(f"không mở được tệp “{shown(exc.ui_filename)}”.")
    return VietnameseFailure(_as_is(exc.message))


def usage_message(
    exc: click.UsageError, command: click.Command | None = None, args: Sequence[str] = ()
) -> str:
    """The Vietnamese sentence of a usage error (without "Lỗi: "); `command`: the command being
    parsed, when the error has no context; `args`: the words being parsed."""
    no_such_command = getattr(click.exceptions, "NoSuchCommand", None)  # click 8.4 and later
    if isinstance(exc, click.MissingParameter):
        return _missing(exc)
    if isinstance(exc, click.NoSuchOption):
        negative = _negative_number(exc.option_name, args)
        if negative is not None:
            return f"“{shown(negative)}” là số âm, không phải tùy chọn: lệnh này không nhận số âm."
        return f"không có tùy chọn “{shown(exc.option_name)}”.{_did_you_mean(exc.possibilities)}"
    if no_such_command is not None and isinstance(exc, no_such_command):
        return f"không có lệnh “{shown(exc.command_name)}”.{_did_you_mean(exc.possibilities)}"
    if isinstance(exc, click.BadOptionUsage):
        return _bad_option_usage(exc, command)
    if isinstance(exc, click.BadParameter):
        return _bad_value(exc)
    if isinstance(exc, click.BadArgumentUsage):
        return "số tham số ghi sau lệnh không đúng."
    return _plain(exc.message)


# --- each kind of usage error -----------------------------------------------------------------


def _missing(exc: click.MissingParameter) -> str:
    param = exc.param
    if isinstance(param, click.Option):
        text = f"chưa ghi tùy chọn bắt buộc {_option_names(param)}."
    elif isinstance(param, click.Argument):
        text = f"thiếu tham số {_argument_name(param)}."
    elif exc.param_hint is not None:
        text = f"chưa ghi {_hint(exc.param_hint)}."
    else:
        text = "thiếu một tham số bắt buộc."
    if param is not None and isinstance(param.type, click.Choice):
        text += f" Chọn một trong: {_choices(param.type)}."
    if exc.message:  # a reason given where the error was raised (the toolkit's own, Vietnamese)
        text += f" {_as_is(exc.message)}"
    return text


# A negative number, which click takes for a short option (`-1` of `history show -1`; its
# first digit only, of `-12`): the word as typed is found among the words parsed.
_NEGATIVE_NUMBER_RE = re.compile(r"^-\d+(?:[.,]\d+)?$")


def _negative_number(option_name: str, args: Sequence[str]) -> str | None:
    """The negative number typed that click refused as the option `option_name`, or None."""
    if not _NEGATIVE_NUMBER_RE.match(option_name):
        return None
    return next((a for a in args if _NEGATIVE_NUMBER_RE.match(a) and a.startswith(option_name)), option_name)


def _did_you_mean(possibilities: Sequence[str] | None) -> str:
    if not possibilities:
        return ""
    if len(possibilities) == 1:
        return f" Có phải ý bạn là {possibilities[0]}?"
    return f" Có phải ý bạn là một trong: {', '.join(sorted(possibilities))}?"


def _bad_option_usage(exc: click.BadOptionUsage, command: click.Command | None) -> str:
    name = shown(exc.option_name)
    option = _option_written_as(exc.ctx, command, exc.option_name)
    if option is None:
        return f"tùy chọn {name} ghi không đúng cách."
    if option.is_flag or option.count:
        return f"tùy chọn {name} không đi kèm giá trị nào: chỉ ghi {name}."
    if option.nargs > 1:
        return f"tùy chọn {name} cần {option.nargs} giá trị ghi ngay sau nó."
    return f"tùy chọn {name} cần một giá trị ghi ngay sau nó."


def _bad_value(exc: click.BadParameter) -> str:
    """A value a parameter refused: click's types in our words, the toolkit's own as they are.
    An option is named first (`--cutoff: …`); an argument is not (the clerk typed only its value)."""
    param = exc.param
    if isinstance(param, click.Option):
        where: str | None = _option_names(param)
    elif param is None and exc.param_hint is not None:
        where = _hint(exc.param_hint)
    elif isinstance(param, click.Argument) and exc.message in EMPTY_WORDS:
        where = (param.metavar or (param.name or "").upper()).strip("[]. ") or None  # nothing typed to see
    else:
        where = None
    ptype = param.type if param is not None else None
    if ptype is not None and (
        isinstance(ptype, OnDiskPath) or type(ptype).__module__.split(".")[0] == "click"
    ):
        replaced = param is not None and param.name in OUTPUT_PARAMS
        text = _click_type_message(ptype, exc.message, file_example(exc.ctx, param), replaced=replaced)
    else:
        text = _as_is(exc.message)
    return f"{where}: {text}" if where else text


def _click_type_message(
    ptype: click.ParamType, message: str, example: str | None = None, *, replaced: bool = False
) -> str:
    """What one of click's own types refused, from the value its English message quotes;
    `example`: the file name a folder given for a file is refused with (`file_example`);
    `replaced`: the path is an output the command replaces (`OUTPUT_PARAMS`)."""
    if message in EMPTY_WORDS or message.endswith("ở đây cần tên tệp."):
        return message
    if isinstance(ptype, click.Path) and (m := _PATH_RE.match(message)):
        value, kind = _quoted(m["quoted"]), _kind(ptype)
        # The option's own kind of file when it is known (a workbook's `.xlsx`).
        named = f"“{Path(value) / example}”" if example else f"“{Path(value) / 'ten_tep'}” với đuôi phù hợp"
        return {
            "does not exist": f"{kind} “{value}” không tồn tại.",
            "is a file": f"“{value}” là một tệp, không phải thư mục.",
            "is a directory": f"“{value}” là một thư mục, không phải tệp."
            if ptype.exists
            # A file to be written (`-o`): the writer's words (`atomic`), with the way out.
            else f"“{value}” là một thư mục, không phải tệp; hãy ghi cả tên tệp (ví dụ {named}).",
            "is not readable": f"không có quyền đọc {kind} “{value}”."
            if not replaced
            # An output to be replaced that is there and cannot be read (hunt173 F1): what to
            # do. Not an input, a folder or the history, which is added to (review181 F1).
            else f"không có quyền đọc {kind} “{value}” đang có ở đó, nên không ghi đè lên được. Hãy "
            "đóng tệp này nếu đang mở trong chương trình khác rồi chạy lại, hoặc ghi ra tên tệp khác "
            "(nếu vẫn không được, nhờ cán bộ kỹ thuật cấp quyền đọc và ghi tệp này).",
            "is not writable": f"không có quyền ghi vào {kind} “{value}”.",
            "is not executable": f"không có quyền chạy {kind} “{value}”.",
        }[m["reason"]]
    if isinstance(ptype, click.File) and (f := _FILE_RE.match(message)):
        return f"không mở được tệp “{_quoted(f['quoted'])}”."
    if isinstance(ptype, click.IntRange | click.FloatRange) and (r := _RANGE_RE.match(message)):
        return f"{shown(r['value'])} nằm ngoài khoảng cho phép ({shown(r['range'])})."
    m = _LEADING_VALUE_RE.match(message)
    value = f"“{_quoted(m['quoted'])}”" if m else "giá trị đã ghi"
    if isinstance(ptype, click.Choice):
        return f"{value} không phải một lựa chọn; hãy chọn một trong: {_choices(ptype)}."
    if isinstance(ptype, click.types.IntParamType):
        return f"{value} không phải số nguyên."
    if isinstance(ptype, click.types.FloatParamType):
        return f"{value} không phải số."
    if isinstance(ptype, click.types.BoolParamType):
        return f"{value} không phải giá trị có/không."
    return f"{value} không hợp lệ."


def _plain(message: str) -> str:
    """A usage error raised with a message only: click's few known sentences, else the toolkit's."""
    if m := _EXTRA_ARGS_RE.match(message):
        return (
            f"có phần ghi thừa mà lệnh không dùng đến: {shown(m['args'])}. Nếu một đường dẫn có "
            "dấu cách, hãy đặt cả đường dẫn trong dấu ngoặc kép."
        )
    if message == "Missing command.":
        return "chưa ghi lệnh cần chạy."
    if m := _NO_SUCH_COMMAND_RE.match(message):  # click before 8.4
        return f"không có lệnh “{_quoted(m['quoted'])}”."
    return _as_is(message)


def _as_is(message: str) -> str:
    """The toolkit's own message (Vietnamese) unchanged; an English one click made and this
    module does not know (all ASCII) becomes a general sentence."""
    return GENERAL if message.isascii() else message


# --- naming parameters and values -------------------------------------------------------------


def _option_names(option: click.Option) -> str:
    return " / ".join(option.opts)


def _argument_name(argument: click.Argument) -> str:
    """An argument's placeholder, without the brackets of an optional one: `THƯ_MỤC`, `TỆP` (of `TỆP...`)."""
    name = (argument.metavar or (argument.name or "").upper()).replace("[", "").replace("]", "")
    return name.removesuffix("...")  # "thiếu tham số TỆP." rather than "TỆP...."


def _hint(param_hint: Sequence[str] | str) -> str:
    return param_hint if isinstance(param_hint, str) else " / ".join(param_hint)


def _kind(ptype: click.Path) -> str:
    """What a path of this type is, in words."""
    if ptype.file_okay and not ptype.dir_okay:
        return "tệp"
    if ptype.dir_okay and not ptype.file_okay:
        return "thư mục"
    return "đường dẫn"


def _choices(ptype: click.Choice[Any]) -> str:
    return ", ".join(str(c) for c in ptype.choices)


def _quoted(literal: str) -> str:
    """The value click quoted with `repr`, back as text (escaped for a message)."""
    try:
        value = ast.literal_eval(literal)
    except (ValueError, SyntaxError):
        value = literal.strip("'\"")
    return shown(value)


def _option_written_as(
    ctx: click.Context | None, command: click.Command | None, name: str
) -> click.Option | None:
    """The option written `name` (`-o` or `--output`) of the command being parsed."""
    params = ctx.command.get_params(ctx) if ctx is not None else command.params if command is not None else []
    for param in params:
        if isinstance(param, click.Option) and name in (*param.opts, *param.secondary_opts):
            return param
    return None


def _type_metavar(ptype: click.ParamType) -> str | None:
    """The Vietnamese placeholder of a value of click's own types (None: click's is kept)."""
    if isinstance(ptype, click.Path):
        return {"tệp": "TỆP", "thư mục": "THƯ_MỤC", "đường dẫn": "ĐƯỜNG_DẪN"}[_kind(ptype)]
    if type(ptype) in (click.types.IntParamType, click.types.FloatParamType):
        return "SỐ"
    if type(ptype) is click.types.StringParamType:
        return "GIÁ_TRỊ"
    return None


# --- the help page ----------------------------------------------------------------------------


class VietnameseHelpFormatter(click.HelpFormatter):
    """click's help layout with Vietnamese headings and usage prefix."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, USAGE_PREFIX if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))


class WardStatsContext(click.Context):
    formatter_class = VietnameseHelpFormatter


def with_notes(text: str, *notes: str) -> str:
    """An option's help text and its notes, as the help page writes click's own (`_help_record`):
    "…  [mặc định: 60]", "…  [bắt buộc]". Help texts that gave them in their own words ("(mặc
    định 60)", "Bắt buộc.") stood beside click's (hunt175 F13)."""
    joined = "; ".join(notes)
    return f"{text}  [{joined}]" if text else f"[{joined}]"


def _help_record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """An option's line of the help page, its notes (`[mặc định: 2026]`, `[bắt buộc]`) in
    Vietnamese; click's line where click gives no structured notes."""
    record = param.get_help_record(ctx)
    if record is None or not isinstance(param, click.Option) or not hasattr(param, "get_help_extra"):
        return record
    extra = param.get_help_extra(ctx)
    notes = []
    if "envvars" in extra:
        notes.append(f"biến môi trường: {', '.join(extra['envvars'])}")
    if "default" in extra:
        notes.append(f"mặc định: {extra['default']}")
    if "range" in extra:
        notes.append(extra["range"])
    if "required" in extra:
        notes.append("bắt buộc")
    text = param.help or ""
    return record[0], with_notes(text, *notes) if notes else text


if TYPE_CHECKING:
    _Base = click.Command
else:
    _Base = object


class _InVietnamese(_Base):
    """What `ward-stats`'s commands and groups share: Vietnamese usage errors and help pages."""

    context_class = WardStatsContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param.type) is click.Path:  # a path typed in Unicode tổ hợp found on disk too
                param.type = OnDiskPath.like(param.type)
        for param in self.params:  # placeholders of click's types (TEXT, PATH…) in Vietnamese
            if param.metavar is not None or (isinstance(param, click.Option) and param.is_flag):
                continue
            metavar = _type_metavar(param.type)
            if metavar is not None and isinstance(param, click.Argument):
                # click brackets an optional argument and marks a repeated one only when it
                # makes the placeholder itself
                metavar = metavar if param.required else f"[{metavar}]"
                metavar += "..." if param.nargs != 1 else ""
            param.metavar = metavar

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        words = tuple(args)  # click's parser takes the words off the list it is given
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:
            path = " ".join(n for n in (parent.command_path if parent else None, info_name) if n)
            translated = in_vietnamese(exc, self, path or None, words)
            if translated is exc:
                raise
            raise translated from exc

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            translated = in_vietnamese(exc)
            if translated is exc:
                raise
            raise translated from exc

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options, each with its notes in Vietnamese (only the options: a group adds its
        commands after them)."""
        params = self.get_params(ctx)
        rows = [r for p in params if not isinstance(p, click.Argument) if (r := _help_record(p, ctx))]
        if rows:
            with formatter.section(HEADINGS["Options"]):
                formatter.write_dl(rows)


class WardStatsCommand(_InVietnamese, click.Command):
    """A `ward-stats` command: its usage errors and help page in Vietnamese."""


class WardStatsGroup(_InVietnamese, click.Group):
    """The `ward-stats` group (and `history`): Vietnamese usage errors and help pages for every
    command made on it (`@main.command`, `@main.group`)."""

    command_class = WardStatsCommand
    group_class = type  # sub-groups are of this class too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)
