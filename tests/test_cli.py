"""Every command has help text in Vietnamese, and the README's commands exist."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from toolkit.cli import main, parse_date

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_command_has_help() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for name, command in main.commands.items():
        assert command.help, f"command {name} has no help"
        sub = runner.invoke(main, [name, "--help"])
        assert sub.exit_code == 0, name
        assert name in result.output


def test_readme_commands_exist() -> None:
    text = README.read_text(encoding="utf-8")
    used = set(re.findall(r"ward-stats ([a-z][a-z-]+)", text))
    assert used, "README names no ward-stats command"
    assert used <= set(main.commands), used - set(main.commands)


def test_parse_date_day_first() -> None:
    assert parse_date("05/03/2026").isoformat() == "2026-03-05"
    assert parse_date("2026-03-31").isoformat() == "2026-03-31"


def test_bad_date_option_is_usage_error() -> None:
    result = CliRunner().invoke(main, ["template", "--out", "x", "--registry", "nope.csv"])
    assert result.exit_code == 2
