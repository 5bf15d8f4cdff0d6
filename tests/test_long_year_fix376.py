"""A date typed with a year of five digits or more ("31/3/20266": a digit typed twice;
"1/1/02026": a zero put before) is told that the year has too many digits and to write it with
four, as a short year is told its missing digits (fix353, fix368), wherever a date is read: a
submission's cell, the settings cells of `Điều khiển` and the command line's dates all said only
"không đọc được ngày" or the form. Nothing newly accepted (fix376).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_validate import only, run, typed, write

from tests.helpers_excel import saved_workbook
from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.errors import SettingError
from toolkit.excel.settings_file import read_workbook_settings
from toolkit.io import normalize

MANY = "thừa chữ số; hãy ghi năm đúng 4 chữ số"
LONG = {
    "31/3/20266": 5,
    "1/1/02026": 5,
    "31.3.20266": 5,
    "31-3-020266": 6,
    "31 / 3 / 20266": 5,
    "31/3/20266.": 5,
    "31/3/20266 00:00": 5,
    "31 tháng 3 năm 20266": 5,
    "ngày 1/1/02026": 5,
    "20266-03-31": 5,
    "02026/3/31": 5,
}


@pytest.mark.parametrize(("text", "digits"), LONG.items())
def test_a_cell_with_a_long_year_is_told_how_many_digits(text: str, digits: int) -> None:
    result = normalize.parse_date(text)
    assert (result.how, result.value) == ("invalid", None)
    assert f"năm ghi {digits} chữ số, {MANY}" in result.note, result.note


@pytest.mark.parametrize("text", ["31/3/2026/1", "3/20266", "20266", "31/3/2026 12:30", "cuối quý 1"])
def test_what_is_no_long_year_date_keeps_its_reason(text: str) -> None:
    result = normalize.parse_date(text)
    assert result.value is None
    assert "thừa chữ số" not in result.note, result.note


@pytest.mark.parametrize(
    ("sheet", "cell", "code", "text"),
    [
        (layout.SHEET_INFO, layout.INFO.cell("cutoff_date"), "info.bad_date", "31/3/20266"),
        (layout.SHEET_INFO, layout.INFO.cell("period_start"), "info.bad_date", "1/1/02026"),
        (layout.SHEET_INFO, layout.INFO.cell("prepared_on"), "info.prepared_bad_date", "5 tháng 4 năm 20266"),
        (layout.SHEET_MEMBERS, layout.MEMBERS.cell("birth_date", 2), "member.bad_date", "12/5/19800"),
        (layout.SHEET_EVENTS, layout.EVENTS.cell("event_date", 2), "event.bad_date", "15/02/20255 00:00"),
    ],
)
def test_each_sheets_date_cell_says_the_year_is_too_long(
    tmp_path: Path, sheet: str, cell: str, code: str, text: str
) -> None:
    issue = only(run(typed(write(tmp_path), sheet, {cell: text})).issues, code)
    assert (issue.sheet, issue.cell) == (sheet, cell)
    assert f"năm ghi 5 chữ số, {MANY}" in issue.message, issue.message
    assert "không đọc được ngày" not in issue.message, issue.message


@pytest.mark.parametrize(("text", "digits"), [("31/3/20266", 5), ("31.3.020266", 6), ("20266-3-31", 5)])
def test_the_settings_cell_says_the_year_is_too_long(tmp_path: Path, text: str, digits: int) -> None:
    book = saved_workbook(tmp_path / "th.xlsm", {"InputFolder": "bai_nop", "CutoffDate": text})
    with pytest.raises(SettingError) as raised:
        read_workbook_settings(book).settings.cutoff  # noqa: B018 - read for its refusal
    said = str(raised.value)
    assert said == (
        f"Ô “Ngày chốt số liệu” (sheet “Điều khiển”, ô B5) = “{text}”: năm ghi {digits} chữ số, {MANY}, "
        "ví dụ 31/03/2026."
    )


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--cutoff", "31/3/20266"],
        ["consolidate", "--cutoff", "31/3/2026", "--since", "1.1.02026"],
    ],
)
def test_the_command_line_says_the_year_is_too_long(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, [*args, str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert f"năm ghi 5 chữ số, {MANY}" in result.output, result.output
    assert "Traceback" not in result.output
