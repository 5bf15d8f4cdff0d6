"""A path typed empty is refused in Vietnamese, naming the option (hunt112a L1): `--json ""` (a
script's variable left empty) wrote no JSON at all without a word, exit 0, and `--out ""` or
`--feedback ""` wrote into the current folder. The words ask for what the option takes: a file
for `-o` of `consolidate` and `lists` and for `--history`, a folder for `--feedback`, a file or
'-' for `--json` (hunt122 C2: "tên tệp hoặc thư mục" for an option taking only a file)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.cli_usage import file_example

EITHER = "đường dẫn để trống: hãy ghi tên tệp hoặc thư mục."
FILE = "đường dẫn để trống: hãy ghi tên tệp."
FOLDER = "đường dẫn để trống: hãy ghi tên thư mục."
JSON = "đường dẫn để trống: hãy ghi tên tệp, hoặc - để in ra màn hình."


@pytest.mark.parametrize(
    ("args", "option", "words"),
    [
        (
            ["consolidate", "nop", "--cutoff", "31/03/2026", "-o", "a.xlsx", "--no-history", "--json", ""],
            "--json",
            JSON,
        ),
        (["consolidate", "nop", "--cutoff", "31/03/2026", "-o", " ", "--no-history"], "-o / --output", FILE),
        (
            ["consolidate", "nop", "--cutoff", "31/03/2026", "-o", "a.xlsx", "--history", ""],
            "--history",
            FILE,
        ),
        (["lists", "nop", "--cutoff", "31/03/2026", "-o", ""], "-o / --output", FILE),
        (["validate", "nop", "--json", ""], "--json", JSON),
        (["validate", "nop", "--feedback", ""], "--feedback", FOLDER),
        (["template", "--out", ""], "--out", EITHER),
        (["rollup", "a.json", "--json", ""], "--json", JSON),
        (["history", "export", "1", "--json", ""], "--json", JSON),
        (["validate", ""], "TỆP_HOẶC_THƯ_MỤC", EITHER),
        (["consolidate", "", "--cutoff", "31/03/2026"], "THƯ_MỤC", FOLDER),
    ],
)
def test_an_empty_path_is_refused_naming_its_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], option: str, words: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nop").mkdir()
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 2, done.output
    first = done.output.splitlines()[0]
    assert first.startswith("Lỗi: ") and first.endswith(f"{option}: {words}"), done.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nop"]  # nothing written


@pytest.mark.parametrize("command", ["consolidate", "lists"])
def test_a_folder_as_the_output_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """`-o` of `consolidate` and `lists` takes only a file: an existing folder is refused as a
    usage error naming the option, with the way out, before any submission is read."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nop").mkdir()
    (tmp_path / "ra").mkdir()
    args = [command, "nop", "--cutoff", "31/03/2026", "-o", "ra"]
    done = CliRunner().invoke(main, [*args, "--no-history"] if command == "consolidate" else args)
    assert done.exit_code == 2, done.output
    example = "tong_hop_phuong.xlsx" if command == "consolidate" else "danh_sach.xlsx"
    assert done.output.splitlines()[0] == (
        "Lỗi: -o / --output: “ra” là một thư mục, không phải tệp; hãy ghi cả tên tệp "
        f"(ví dụ “{Path('ra') / example}”)."
    ), done.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nop", "ra"] and not any(
        (tmp_path / "ra").iterdir()
    )


def test_history_and_no_history_together_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--history X --no-history` left `X` out without a word (hunt112a L1)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nop").mkdir()
    args = [
        "consolidate",
        "nop",
        "--cutoff",
        "31/03/2026",
        "-o",
        "a.xlsx",
        "--history",
        "h.sqlite",
        "--no-history",
    ]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 2, done.output
    assert done.output.startswith("Lỗi: --history và --no-history không dùng cùng nhau")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nop"]


@pytest.mark.parametrize(
    ("args", "option", "example"),
    [
        (["rollup", "a.json", "-o", "ra"], "-o / --output", "tong_hop_cap_tren.xlsx"),
        (["report", "a.json", "-o", "ra"], "-o / --output", "bao_cao.docx"),
        (["build-workbook", "-o", "ra"], "-o / --out", "tong_hop_phuong.xlsm"),
        (["history", "list", "--history", "ra"], "--history", "lich_su_tong_hop.sqlite"),
        (["consolidate", "nop", "--cutoff", "31/03/2026", "-o", "a.xlsx", "--history", "ra"], "--history",
         "lich_su_tong_hop.sqlite"),
    ],
)  # fmt: skip
def test_a_folder_given_for_a_file_is_refused_with_an_example_of_the_option_s_own_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], option: str, example: str
) -> None:
    """fix141: the example of the way out was “ra/ten_tep” “với đuôi phù hợp”, where a workbook's
    is a `.xlsx` (`.xlsm`, `.docx`, the history's `.sqlite`) file name."""
    monkeypatch.chdir(tmp_path)
    for name in ("nop", "ra"):
        (tmp_path / name).mkdir()
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 2, done.output
    assert done.output.splitlines()[0] == (
        f"Lỗi: {option}: “ra” là một thư mục, không phải tệp; hãy ghi cả tên tệp "
        f"(ví dụ “{Path('ra') / example}”)."
    ), done.output
    assert not any((tmp_path / "ra").iterdir())


def _file_parameters(
    command: click.Command, names: tuple[str, ...] = ()
) -> list[tuple[str, click.Parameter]]:
    """Every path parameter of `command` (and its sub-commands) taking only a file that need not
    exist (one to be written, or read when there): the command's name and the parameter."""
    if isinstance(command, click.Group):
        return [
            found for name, sub in command.commands.items() for found in _file_parameters(sub, (*names, name))
        ]
    return [
        (names[-1], p)
        for p in command.params
        if isinstance(p.type, click.Path) and not p.type.dir_okay and not p.type.exists
    ]


def test_every_file_parameter_has_an_example_of_its_kind() -> None:
    """A file-only parameter added later gets its example (`FILE_EXAMPLES`), or says the generic
    “ten_tep với đuôi phù hợp”: this names it."""
    found = _file_parameters(main)
    assert len(found) >= 5
    for command, param in found:
        ctx = click.Context(main.commands.get(command) or click.Command(command), info_name=command)
        example = file_example(ctx, param)
        assert example is not None and Path(example).suffix, (command, param.name)
