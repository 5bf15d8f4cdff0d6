"""Help pages and the branch form's guide as a clerk reads them (review254).

F1: options taking a file or a name showed click's generic placeholder “GIÁ_TRỊ” (`--json
GIÁ_TRỊ`, `--ward-name GIÁ_TRỊ`, `--interpreter GIÁ_TRỊ`) where every other option names what it
takes (TỆP, THƯ_MỤC, NGÀY, SỐ). F2: rollup's `--json` stopped at “hoặc '-'.”, where every other
`--json` says what '-' does. F3: template's `--out` said “ĐƯỜNG_DẪN … [mặc định: .]”: a path
syntax, not words, for the current folder. F4: the form's guide wrote “chính thức...” with three
dots where every other text writes the ellipsis “…”.
"""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.core import layout
from toolkit.outputs.template import build_template


def _help_pages() -> list[list[str]]:
    pages: list[list[str]] = [[]]
    for name, command in main.commands.items():
        pages.append([name])
        if isinstance(command, click.Group):
            pages += [[name, sub] for sub in command.commands]
    return pages


def _words(args: list[str]) -> str:
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="ward-stats")
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


@pytest.mark.parametrize("args", _help_pages(), ids=lambda a: " ".join(a) or "ward-stats")
def test_help_pages_name_what_an_option_takes(args: list[str]) -> None:
    page = _words(args)
    assert "GIÁ_TRỊ" not in page
    # '-' is explained wherever it is offered
    assert page.count("hoặc '-'") == page.count("hoặc '-' để in ra màn hình")
    assert "[mặc định: .]" not in page


def test_file_and_name_options_have_their_placeholders() -> None:
    assert "--json TỆP" in _words(["consolidate"]) and "--ward-name TÊN_PHƯỜNG" in _words(["consolidate"])
    assert "--json TỆP" in _words(["validate"])
    assert "--json TỆP" in _words(["history", "export"])
    assert "--ward-name TÊN_PHƯỜNG" in _words(["history", "blank-forms"])
    rollup = _words(["rollup"])
    assert "--json TỆP" in rollup and "--name TÊN" in rollup
    assert "hoặc '-' để in ra màn hình" in rollup
    assert "--interpreter TỆP" in _words(["doctor"])


def test_template_out_says_the_current_folder_in_words(tmp_path, monkeypatch) -> None:
    page = _words(["template"])
    assert "--out THƯ_MỤC Thư mục ghi biểu mẫu. [mặc định: thư mục hiện tại]" in page
    # the default itself is unchanged: the blank form is written where the command runs
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["template"])
    assert result.exit_code == 0, result.output
    assert [p.suffix for p in tmp_path.iterdir()] == [".xlsx"]


@pytest.mark.parametrize("version", [layout.VERSION_2026_1, layout.VERSION_2026_2])
def test_the_form_guide_writes_the_ellipsis_as_one_character(version: str) -> None:
    wb = build_template(version=version)
    texts = [
        c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    ]
    assert any("chính thức… đã có cột riêng" in t for t in texts)
    assert [t for t in texts if "..." in t] == []
