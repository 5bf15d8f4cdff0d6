"""The help pages say what docs/design.md §10 says of the options (hunt300).

- “A date option and its refusal give the two forms taken day first, DD/MM/YYYY hoặc
  YYYY-MM-DD”: `consolidate --since` and `history blank-forms --period-start` gave neither.
- `--settings` “lets template, validate, consolidate, lists and upgrade take their settings (and,
  but upgrade, the registry)”: upgrade's help said it read the sheet “Danh mục tổ chức” too.
"""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from toolkit.cli import DATE, main

DAY_FIRST = "DD/MM/YYYY hoặc YYYY-MM-DD"


def _commands() -> list[tuple[list[str], click.Command]]:
    found: list[tuple[list[str], click.Command]] = []
    for name, command in main.commands.items():
        if isinstance(command, click.Group):
            found += [([name, sub], c) for sub, c in command.commands.items()]
        else:
            found.append(([name], command))
    return found


def _date_options() -> list[tuple[list[str], str]]:
    return [
        (args, param.opts[0])
        for args, command in _commands()
        for param in command.params
        if isinstance(param, click.Option) and param.type is DATE
    ]


def _option_help(args: list[str], option: str) -> str:
    """The words of `option`'s entry on the help page of `args`, as the user reads them."""
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="ward-stats", terminal_width=200)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(option + " "))
    entry = [lines[start]]
    for line in lines[start + 1 :]:
        if line.strip().startswith("-"):
            break
        entry.append(line)
    return " ".join(" ".join(entry).split())


def test_the_date_options_are_found() -> None:
    found = {(" ".join(a), o) for a, o in _date_options()}
    assert {("consolidate", "--since"), ("history blank-forms", "--period-start")} <= found


def _id(value: str | list[str]) -> str:
    return value if isinstance(value, str) else " ".join(value)


@pytest.mark.parametrize(("args", "option"), _date_options(), ids=_id)
def test_every_date_option_gives_the_two_forms_day_first(args: list[str], option: str) -> None:
    assert DAY_FIRST in _option_help(args, option)


def test_upgrade_settings_help_names_only_the_sheet_it_reads() -> None:
    upgrade = _option_help(["upgrade"], "--settings")
    assert "“Điều khiển”" in upgrade
    assert "Danh mục tổ chức" not in upgrade
    # the commands that do take the registry from the workbook still say so
    for command in ("template", "validate", "consolidate", "lists"):
        assert "“Danh mục tổ chức”" in _option_help([command], "--settings"), command
