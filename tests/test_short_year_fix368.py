"""A date typed with a year of three digits or one ("31/3/026", "1/1/202", "1/1/6") is told
that the year is short and to write its four digits, as a two-digit year is (fix353), wherever
a date is read: a submission's cell said only "không đọc được ngày", the settings cells of
`Điều khiển` and the command line's dates only the form. Nothing newly accepted (fix368).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_validate import only, run, typed, write

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.errors import SettingError
from toolkit.excel.book import coerce_date
from toolkit.io import normalize

FOUR = "hãy ghi đủ 4 chữ số của năm"
SHORT = {
    "31/3/026": 3,
    "1/1/202": 3,
    "31.3.026": 3,
    "31-3-026": 3,
    "31 / 3 / 026": 3,
    "31/3/026.": 3,
    "31/3/026 00:00": 3,
    "31 tháng 3 năm 026": 3,
    "ngày 1/1/202": 3,
    "1/1/6": 1,
    "ngày 5 tháng 4 năm 6": 1,
}


@pytest.mark.parametrize(("text", "digits"), SHORT.items())
def test_a_cell_with_a_short_year_is_told_how_many_digits(text: str, digits: int) -> None:
    result = normalize.parse_date(text)
    assert (result.how, result.value) == ("invalid", None)
    assert f"năm chỉ ghi {digits} chữ số; {FOUR}" in result.note, result.note


def test_a_two_digit_year_is_still_told_two_digits() -> None:
    assert f"năm chỉ ghi 2 chữ số; {FOUR}" in normalize.parse_date("31/3/26").note


@pytest.mark.parametrize("text", ["31/3/2026/1", "3/026", "cuối quý 1"])
def test_what_is_no_short_year_date_keeps_its_reason(text: str) -> None:
    result = normalize.parse_date(text)
    assert result.value is None
    assert "chữ số" not in result.note, result.note


@pytest.mark.parametrize(
    ("sheet", "cell", "code", "text"),
    [
        (layout.SHEET_INFO, layout.INFO.cell("cutoff_date"), "info.bad_date", "31/3/026"),
        (layout.SHEET_INFO, layout.INFO.cell("period_start"), "info.bad_date", "1/1/202"),
        (layout.SHEET_INFO, layout.INFO.cell("prepared_on"), "info.prepared_bad_date", "5 tháng 4 năm 026"),
        (layout.SHEET_MEMBERS, layout.MEMBERS.cell("birth_date", 2), "member.bad_date", "12/5/198"),
        (layout.SHEET_EVENTS, layout.EVENTS.cell("event_date", 2), "event.bad_date", "15/02/025 00:00"),
    ],
)
def test_each_sheets_date_cell_says_the_four_digits(
    tmp_path: Path, sheet: str, cell: str, code: str, text: str
) -> None:
    issue = only(run(typed(write(tmp_path), sheet, {cell: text})).issues, code)
    assert (issue.sheet, issue.cell) == (sheet, cell)
    assert f"năm chỉ ghi 3 chữ số; {FOUR}" in issue.message, issue.message


@pytest.mark.parametrize(("text", "digits"), [("31/3/026", 3), ("1/1/202", 3), ("31.3.6", 1)])
def test_the_settings_cell_says_the_four_digits(text: str, digits: int) -> None:
    with pytest.raises(SettingError) as raised:
        coerce_date(text, "Ngày chốt số liệu")
    said = str(raised.value)
    assert f"Ô “Ngày chốt số liệu” = “{text}”: năm chỉ ghi {digits} chữ số; {FOUR}" in said, said


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--cutoff", "31/3/026"],
        ["consolidate", "--cutoff", "31/3/2026", "--since", "1.1.202"],
    ],
)
def test_the_command_line_says_the_four_digits(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, [*args, str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert f"năm chỉ ghi 3 chữ số; {FOUR}" in result.output, result.output
    assert "Traceback" not in result.output


def test_a_four_digit_year_is_read_as_before() -> None:
    assert coerce_date("31/3/2026", "Ngày chốt số liệu") == dt.date(2026, 3, 31)
    assert normalize.parse_date("31/3/2026").value == dt.date(2026, 3, 31)
