"""click's own words reach the clerk in Vietnamese: every usage error and every help page."""

from __future__ import annotations

import sys
import types
import unicodedata
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import toolkit.cli as cli
from toolkit.cli import main
from toolkit.cli_usage import GENERAL, WardStatsGroup, in_vietnamese, usage_message

# What click writes in English; none of it may reach a clerk.
ENGLISH = (
    "Usage:",
    "Error:",
    "Invalid value",
    "does not exist",
    "Missing",
    "No such",
    "Try '",
    "Did you mean",
    "Got unexpected",
    "is not",
    "not a valid",
    "requires an argument",
    "does not take a value",
    "is a directory",
    "is a file",
    "Options:",
    "Commands:",
    "Show this message",
    "Show the version",
    "[default",
    "[required]",
)


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


def invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), prog_name="ward-stats")


@pytest.fixture
def paths(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    a_file = tmp_path / "danh_muc.xlsx"
    a_file.write_bytes(b"")
    return {"folder": str(folder), "file": str(a_file)}


# (arguments, with {folder} and {file} filled in; what the clerk reads; the command of the hint)
CASES = [
    pytest.param(
        ["consolidate", "khong_co", "--cutoff", "31/3/2026"],
        "Lỗi: Thư mục “khong_co” không tồn tại.",
        "consolidate",
        id="directory-does-not-exist",
    ),
    pytest.param(
        ["validate", "khong_co.xlsx"],
        "Lỗi: Đường dẫn “khong_co.xlsx” không tồn tại.",
        "validate",
        id="path-does-not-exist",
    ),
    pytest.param(
        ["consolidate", "{folder}", "--cutoff", "31/3/2026", "--registry", "khong.xlsx"],
        "Lỗi: --registry: tệp “khong.xlsx” không tồn tại.",
        "consolidate",
        id="file-does-not-exist",
    ),
    pytest.param(
        ["consolidate", "{folder}", "--cutoff", "31/3/2026", "--registry", "{folder}"],
        "là một thư mục, không phải tệp.",
        "consolidate",
        id="file-is-a-directory",
    ),
    pytest.param(
        ["consolidate", "{file}", "--cutoff", "31/3/2026"],
        "là một tệp, không phải thư mục.",
        "consolidate",
        id="directory-is-a-file",
    ),
    pytest.param(
        ["consolidate", "{folder}"],
        "Lỗi: Chưa ghi tùy chọn bắt buộc --cutoff.",
        "consolidate",
        id="missing-option",
    ),
    pytest.param(["validate"], "Lỗi: Thiếu tham số TỆP_HOẶC_THƯ_MỤC.", "validate", id="missing-argument"),
    pytest.param(
        ["consolidate"], "Lỗi: Thiếu tham số THƯ_MỤC.", "consolidate", id="missing-argument-by-the-command"
    ),
    pytest.param(
        ["demo", "--seed", "abc"],
        "Lỗi: --seed: “abc” không phải số nguyên.",
        "demo",
        id="not-an-integer-option",
    ),
    pytest.param(
        ["history", "show", "abc"],
        "Lỗi: “abc” không phải số nguyên.",
        "history show",
        id="not-an-integer-argument",
    ),
    pytest.param(
        ["report", "{file}", "--format", "pdf", "-o", "x.md"],
        "Lỗi: --format: “pdf” không phải một lựa chọn; hãy chọn một trong: md, docx.",
        "report",
        id="bad-choice",
    ),
    pytest.param(
        ["consolidate", "{folder}", "--cutof", "31/3/2026"],
        "Lỗi: Không có tùy chọn “--cutof”. Có phải ý bạn là --cutoff?",
        "consolidate",
        id="no-such-option",
    ),
    pytest.param(
        ["consolidate", "{folder}", "--cutoff", "31/3/2026", "thua", "nua"],
        "Lỗi: Có phần ghi thừa mà lệnh không dùng đến: thua nua.",
        "consolidate",
        id="unexpected-extra-arguments",
    ),
    pytest.param(
        ["consolidate", "{folder}", "--cutoff"],
        "Lỗi: Tùy chọn --cutoff cần một giá trị ghi ngay sau nó.",
        "consolidate",
        id="option-without-its-value",
    ),
    pytest.param(
        ["consolidate", "{folder}", "--cutoff", "31/3/2026", "--strict=co"],
        "Lỗi: Tùy chọn --strict không đi kèm giá trị nào: chỉ ghi --strict.",
        "consolidate",
        id="flag-with-a-value",
    ),
    pytest.param(
        ["consolidat"],
        "Lỗi: Không có lệnh “consolidat”. Có phải ý bạn là consolidate?",
        "",
        id="no-such-command",
    ),
    pytest.param(["history", "xem"], "Lỗi: Không có lệnh “xem”.", "history", id="no-such-sub-command"),
    pytest.param(
        ["consolidate", "{folder}", "--cutoff", "31-3-26"],
        "Lỗi: --cutoff: “31-3-26”: năm chỉ ghi 2 chữ số; hãy ghi đủ 4 chữ số của năm, dạng DD/MM/YYYY "
        "(ví dụ 31/03/2026).",
        "consolidate",
        id="the-toolkits-own-message",
    ),
    # Written in the right form, but no day of the calendar: which part is wrong is said.
    pytest.param(
        ["consolidate", "{folder}", "--cutoff", "31/02/2026"],
        "Lỗi: --cutoff: “31/02/2026” không phải ngày có thật: tháng 2 năm 2026 chỉ có 28 ngày. "
        "Hãy kiểm tra lại ngày.",
        "consolidate",
        id="a-day-that-does-not-exist",
    ),
    pytest.param(
        ["validate", "{folder}", "--cutoff", "2026-13-01"],
        "Lỗi: --cutoff: “2026-13-01” không phải ngày có thật: không có tháng 13 (tháng từ 1 đến 12). "
        "Hãy kiểm tra lại ngày.",
        "validate",
        id="a-month-that-does-not-exist",
    ),
]


@pytest.mark.parametrize(("args", "message", "command"), CASES)
def test_every_usage_error_is_one_vietnamese_sentence_and_a_hint(
    paths: dict[str, str], args: list[str], message: str, command: str
) -> None:
    result = invoke(*(a.format(**paths) for a in args))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Lỗi: "), result.output
    assert message in result.output
    hint = f"Xem hướng dẫn: {' '.join(['ward-stats', command]).strip()} --help"
    assert result.output.rstrip("\n").endswith(hint), result.output
    assert english_in(result.output) == [], result.output
    assert unicodedata.is_normalized("NFC", result.output)
    assert "Traceback" not in result.output


def test_the_console_command_shows_usage_errors_in_vietnamese(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The `ward-stats` command runs the group outside click's standalone mode: same words."""
    monkeypatch.setattr(sys, "argv", ["ward-stats", "consolidate", "khong_co", "--cutoff", "31/3/2026"])
    # As a console script runs it: a `__main__` of no package. Under `python -m pytest` (without
    # xdist) click would name the program after pytest's package ("python -m pytest.ward-stats").
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    assert cli._run_main() == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        captured.err
        == "Lỗi: Thư mục “khong_co” không tồn tại.\nXem hướng dẫn: ward-stats consolidate --help\n"
    )


def _help_pages() -> list[list[str]]:
    pages = [[]]
    for name, command in main.commands.items():
        pages.append([name])
        if isinstance(command, click.Group):
            pages += [[name, sub] for sub in command.commands]
    return pages


@pytest.mark.parametrize("args", _help_pages(), ids=lambda a: " ".join(a) or "ward-stats")
def test_help_pages_have_vietnamese_headings(args: list[str]) -> None:
    result = invoke(*args, "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Cách dùng: {' '.join(['ward-stats', *args])} [TÙY_CHỌN]")
    assert "\nTùy chọn:\n" in result.output
    assert "Hiện hướng dẫn này rồi thoát." in result.output
    assert english_in(result.output) == [], result.output
    for placeholder in ("TEXT", "INTEGER", " PATH\n", " FILE\n", "DIRECTORY", "[OPTIONS]", "COMMAND"):
        assert placeholder not in result.output, placeholder


def test_the_groups_help_lists_its_commands_under_a_vietnamese_heading() -> None:
    page = invoke("--help").output
    assert "Cách dùng: ward-stats [TÙY_CHỌN] LỆNH [THAM_SỐ]..." in page
    assert "\nLệnh:\n" in page and "Hiện số phiên bản rồi thoát." in page
    assert page.index("Tùy chọn:") < page.index("Lệnh:") < page.index("consolidate")
    assert "\nLệnh:\n" in invoke("history", "--help").output


def test_help_notes_defaults_and_required_options_in_vietnamese() -> None:
    def words(*args: str) -> str:  # the page's words, however its lines are wrapped
        return " ".join(invoke(*args, "--help").output.split())

    assert "[mặc định: 2026]" in words("demo")
    assert "[bắt buộc]" in words("history", "export")


def test_a_group_without_a_command_shows_its_help() -> None:
    result = invoke("history")
    assert result.exit_code == 2 and result.output.startswith("Cách dùng: ward-stats history")
    assert english_in(result.output) == []


# --- click's other types and errors, on a command of the same classes ------------------------


@click.group(cls=WardStatsGroup)
def tool() -> None:
    """Một nhóm lệnh thử."""


@tool.command("thu")
@click.option("--so", type=click.IntRange(1, 9))
@click.option("--ti-le", type=float)
@click.option("--co", type=bool)
@click.option("--tep", type=click.File("rb"))
@click.option("--luc", type=click.DateTime(["%Y"]))
def thu(**_: object) -> None:
    """Một lệnh thử."""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--so", "12"], "--so: 12 nằm ngoài khoảng cho phép (1<=x<=9)."),
        (["--ti-le", "mot"], "--ti-le: “mot” không phải số."),
        (["--co", "hmm"], "--co: “hmm” không phải giá trị có/không."),
        (["--luc", "nam"], "--luc: “nam” không hợp lệ."),
        (["--tep", "khong_co.bin"], "--tep: không mở được tệp “khong_co.bin”."),
    ],
)
def test_click_types_the_commands_do_not_use_yet_are_vietnamese_too(args: list[str], message: str) -> None:
    result = CliRunner().invoke(tool, ["thu", *args], prog_name="thu")
    assert result.exit_code == 2
    assert result.output == f"Lỗi: {message}\nXem hướng dẫn: thu thu --help\n"


def test_an_english_message_it_does_not_know_becomes_a_general_sentence() -> None:
    assert usage_message(click.UsageError("Something new went wrong.")) == GENERAL
    assert usage_message(click.UsageError("Missing command.")) == "chưa ghi lệnh cần chạy."
    assert usage_message(click.UsageError("Chỉ một lựa chọn.")) == "Chỉ một lựa chọn."
    assert (
        usage_message(click.BadArgumentUsage("Argument 'x' takes 2 values."))
        == "số tham số ghi sau lệnh không đúng."
    )
    failure = in_vietnamese(click.FileError("a.txt", "Permission denied"))
    assert failure.exit_code == 1 and failure.message == "không mở được tệp “a.txt”."


def test_a_path_typed_in_decomposed_unicode_is_found_as_a_settings_cell_finds_it(tmp_path: Path) -> None:
    """The folder `Bài nộp` (NFC, as on disk) typed in Unikey's “Unicode tổ hợp” was “không
    tồn tại”, the message showing exactly the folder's name; a settings cell of the same text
    found it (`io.files.as_on_disk`). A path there in neither spelling is still said missing."""
    from helpers_validate import write

    folder = tmp_path / "Bài nộp"
    folder.mkdir()
    write(folder)
    typed = unicodedata.normalize("NFD", str(folder))
    assert typed != str(folder)
    checked = CliRunner().invoke(main, ["validate", typed])
    assert checked.exit_code == 0, checked.output
    assert "Đã kiểm tra 1 tệp" in checked.output

    out = unicodedata.normalize("NFD", str(tmp_path / "Bài nộp" / "kết quả.xlsx"))
    args = ["consolidate", typed, "--cutoff", "31/03/2026", "--no-history", "-o", out]
    run = CliRunner().invoke(main, args)
    assert run.exit_code in (0, 1), run.output
    assert (folder / unicodedata.normalize("NFC", "kết quả.xlsx")).is_file()

    missing = unicodedata.normalize("NFD", str(tmp_path / "Bài nộp khác"))
    refused = CliRunner().invoke(main, ["validate", missing])
    assert refused.exit_code == 2
    assert refused.output.startswith(f"Lỗi: Đường dẫn “{missing}” không tồn tại.")
