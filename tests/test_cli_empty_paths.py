"""A path typed empty is refused in Vietnamese, naming the option (hunt112a L1): `--json ""` (a
script's variable left empty) wrote no JSON at all without a word, exit 0, and `--out ""` or
`--feedback ""` wrote into the current folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main

WORDS = "đường dẫn để trống: hãy ghi tên tệp hoặc thư mục."


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (
            ["consolidate", "nop", "--cutoff", "31/03/2026", "-o", "a.xlsx", "--no-history", "--json", ""],
            "--json",
        ),
        (["consolidate", "nop", "--cutoff", "31/03/2026", "-o", " ", "--no-history"], "-o"),
        (["validate", "nop", "--json", ""], "--json"),
        (["validate", "nop", "--feedback", ""], "--feedback"),
        (["template", "--out", ""], "--out"),
        (["rollup", "a.json", "--json", ""], "--json"),
        (["history", "export", "1", "--json", ""], "--json"),
        (["validate", ""], "TỆP_HOẶC_THƯ_MỤC"),
        (["consolidate", "", "--cutoff", "31/03/2026"], "THƯ_MỤC"),
    ],
)
def test_an_empty_path_is_refused_naming_its_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], option: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nop").mkdir()
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 2, done.output
    first = done.output.splitlines()[0]
    assert first.startswith("Lỗi: ") and first.endswith(WORDS), done.output
    if option is not None:
        assert option in first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nop"]  # nothing written


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
