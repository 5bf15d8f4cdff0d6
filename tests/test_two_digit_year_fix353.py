"""A date typed with a two-digit year ("31/3/26") is refused everywhere a date is read, and
every refusal tells the user to write the year's four digits (fix353).

The submission's cells said so (`normalize._TWO_DIGIT_YEAR_REASON`) only for the bare form:
"31/03/26." (a sentence's full stop), "31/3/26 00:00" (a time pasted with it) and the date in
words with a two-digit year ("31 tháng 3 năm 26") were "không đọc được ngày". The command
line's `--cutoff`/`--since`/`--form-period` and the consolidation workbook's settings cells
(`Điều khiển`) said only the form (DD/MM/YYYY; "ví dụ 31/03/2026"), not that the year was short.
Nothing is accepted that was refused: no place reads such a date as year 26 or 1926.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_validate import only, run, typed, write

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.errors import SettingError
from toolkit.excel.book import coerce_date
from toolkit.io import normalize

FOUR = "4 chữ số của năm"
SHORT = ["31/3/26", "31.3.26", "31-3-26", "31 / 3 / 26"]


@pytest.mark.parametrize(
    "text",
    [*SHORT, "31/03/26.", "31/3/26 00:00", "31 tháng 3 năm 26", "ngày 31 tháng 3 năm 26", "ngày 31/3/26"],
)
def test_a_cell_with_a_two_digit_year_is_told_the_four_digits(text: str) -> None:
    result = normalize.parse_date(text)
    assert (result.how, result.value) == ("invalid", None)
    assert FOUR in result.note, result.note


@pytest.mark.parametrize(
    ("sheet", "cell", "code", "text"),
    [
        (layout.SHEET_INFO, layout.INFO.cell("cutoff_date"), "info.bad_date", "31/3/26"),
        (layout.SHEET_INFO, layout.INFO.cell("period_start"), "info.bad_date", "1/1/26."),
        (layout.SHEET_INFO, layout.INFO.cell("prepared_on"), "info.prepared_bad_date", "5 tháng 4 năm 26"),
        (layout.SHEET_MEMBERS, layout.MEMBERS.cell("birth_date", 2), "member.bad_date", "12 tháng 5 năm 80"),
        (layout.SHEET_EVENTS, layout.EVENTS.cell("event_date", 2), "event.bad_date", "15/02/25 00:00"),
    ],
)
def test_each_sheets_date_cell_says_the_four_digits(
    tmp_path: Path, sheet: str, cell: str, code: str, text: str
) -> None:
    issue = only(run(typed(write(tmp_path), sheet, {cell: text})).issues, code)
    assert (issue.sheet, issue.cell) == (sheet, cell)
    assert FOUR in issue.message, issue.message


@pytest.mark.parametrize("text", [*SHORT, "26-3-31"])
def test_the_settings_cell_says_the_four_digits(text: str) -> None:
    with pytest.raises(SettingError) as raised:
        coerce_date(text, "Ngày chốt số liệu")
    said = str(raised.value)
    assert "Ô “Ngày chốt số liệu”" in said and f"“{text}”" in said and FOUR in said, said


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--cutoff", "31/3/26"],
        ["consolidate", "--cutoff", "31/3/2026", "--since", "1.1.26"],
    ],
)
def test_the_command_line_says_the_four_digits(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, [*args, str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert FOUR in result.output, result.output
    assert "Traceback" not in result.output


def test_a_settings_date_with_four_digits_is_read_as_before() -> None:
    import datetime as dt

    assert coerce_date("31/3/2026", "Ngày chốt số liệu") == dt.date(2026, 3, 31)
