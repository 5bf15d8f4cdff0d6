"""Every command has help text in Vietnamese, and the README's commands exist."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import click
import pytest
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


def test_the_command_line_takes_a_date_as_a_settings_cell_does() -> None:
    """`31-03-2026` and `31.03.2026` were refused on the command line, taken in a cell."""
    from toolkit.excel.book import coerce_date

    # Year first with "/" as the submissions' cells take it: the year's place leaves no doubt.
    for text in ("31/03/2026", "31-03-2026", "31.03.2026", "2026-03-31", " 31/3/2026 ", "2026/03/31"):
        assert parse_date(text) == coerce_date(text, "Ngày chốt") == dt.date(2026, 3, 31), text
    for text in ("31/02/2026", "03-31-2026", "2026/31/03"):
        with pytest.raises(click.BadParameter):
            parse_date(text)


def test_a_day_that_does_not_exist_is_said_so_in_a_cell_as_on_the_command_line() -> None:
    from toolkit.core.errors import SettingError
    from toolkit.excel.book import coerce_date

    with pytest.raises(SettingError) as cell:
        coerce_date("31/02/2026", "Ngày chốt số liệu")
    assert str(cell.value) == (
        "Ô “Ngày chốt số liệu” = “31/02/2026” không phải ngày có thật: tháng 2 năm 2026 chỉ có 28 ngày. "
        "Hãy sửa lại ngày."
    )
    with pytest.raises(click.BadParameter, match="tháng 2 năm 2026 chỉ có 28 ngày"):
        parse_date("31/02/2026")


def test_bad_date_option_is_usage_error() -> None:
    result = CliRunner().invoke(main, ["template", "--out", "x", "--registry", "nope.csv"])
    assert result.exit_code == 2


# --- the console command's fast exit ------------------------------------------------------------


@pytest.mark.slow
def test_console_command_flushes_its_output_and_keeps_exit_codes(tmp_path: Path) -> None:
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        cmd = [sys.executable, "-m", "toolkit.cli", *args]
        return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)

    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("ward-stats ")
    missing = run("validate", str(tmp_path / "khong_co"))
    assert missing.returncode == 2 and "khong_co" in missing.stderr
    empty = tmp_path / "trong"
    empty.mkdir()
    refused = run("consolidate", str(empty), "--cutoff", "2026-03-31", "-o", str(tmp_path / "x.xlsx"))
    assert refused.returncode == 2 and refused.stderr.startswith("Lỗi: Không tìm thấy tệp")


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (1, 1), (2, 2), ("thông báo", 1)])
def test_run_maps_system_exit_to_the_process_status(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: object, status: int
) -> None:
    import toolkit.cli as cli

    class FakeMain:
        def main(self, *, standalone_mode: bool) -> None:
            assert standalone_mode is False  # run() reports usage errors and Ctrl+C itself
            print("xong")
            raise SystemExit(code)

    exits: list[int] = []
    monkeypatch.setattr(cli, "main", FakeMain())
    monkeypatch.setattr(cli.os, "_exit", exits.append)
    cli.run()
    assert exits == [status]
    captured = capsys.readouterr()
    assert captured.out == "xong\n"
    assert ("thông báo" in captured.err) == (code == "thông báo")


def test_readme_lists_every_sheet_the_consolidate_button_writes() -> None:
    """The README's Tổng hợp bullet left out Xu hướng and Biểu 1–4-BTCTW, which docs/excel.md
    lists (hunt43 docs #3). The workbook written is `SHEET_ORDER` (tests/test_output.py)."""
    from toolkit.outputs.sheets import SHEET_ORDER

    text = " ".join(README.read_text(encoding="utf-8").split())
    bullet = text.split("- **Tổng hợp** — ", 1)[1].split(" vào chính tệp đó", 1)[0]
    assert re.findall(r"\*([^*]+)\*", bullet) == list(SHEET_ORDER)
