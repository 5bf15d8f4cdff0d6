"""A path typed empty is refused in Vietnamese, naming the option (hunt112a L1): `--json ""` (a
script's variable left empty) wrote no JSON at all without a word, exit 0, and `--out ""` or
`--feedback ""` wrote into the current folder. The words ask for what the option takes: a file
for `-o` of `consolidate` and `lists` and for `--history`, a folder for `--feedback`, a file or
'-' for `--json` (hunt122 C2: "tên tệp hoặc thư mục" for an option taking only a file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main

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
    assert done.output.splitlines()[0] == (
        "Lỗi: -o / --output: “ra” là một thư mục, không phải tệp; hãy ghi cả tên tệp "
        f"(ví dụ “{Path('ra') / 'ten_tep'}” với đuôi phù hợp)."
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
