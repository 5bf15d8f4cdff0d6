"""Cell messages a secretary can act on (hunt175 F3, F4, F7, F8, F9), read from real
workbooks written through the template."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from helpers_validate import only, run, typed, write

from toolkit.core import layout

M, E, INFO = layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_INFO
NO_DATE_YET = "(ngày chưa có, như ngày chính thức của đảng viên còn dự bị, thì để trống ô)"
EXAMPLE = "không đọc được ngày; hãy ghi dạng dd/mm/yyyy, ví dụ 05/03/2025."


# --- F3: words in a date cell --------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "cell", "code", "text"),
    [
        (INFO, layout.INFO.cell("cutoff_date"), "info.bad_date", "cuối quý"),
        (INFO, layout.INFO.cell("period_start"), "info.bad_date", "đầu năm"),
        (M, layout.MEMBERS.cell("admission_date", 2), "member.bad_date", "năm ngoái"),
        (M, layout.MEMBERS.cell("birth_date", 2), "member.bad_date", "không nhớ"),
        (E, layout.EVENTS.cell("event_date", 2), "event.bad_date", "tuần trước"),
    ],
)
def test_words_in_a_required_date_are_not_told_to_empty_the_cell(
    tmp_path: Path, sheet: str, cell: str, code: str, text: str
) -> None:
    """A required date emptied is `*.required`: its message gives an example date instead."""
    path = typed(write(tmp_path), sheet, {cell: text})
    issue = only(run(path).issues, code)
    assert issue.cell == cell
    assert issue.message.endswith(f"\u201c{text}\u201d: {EXAMPLE}"), issue.message
    assert "để trống" not in issue.message
    assert unicodedata.is_normalized("NFC", issue.message)


@pytest.mark.parametrize(
    ("sheet", "cell", "code", "text"),
    [
        (M, layout.MEMBERS.cell("official_date", 2), "member.bad_date", "Dự bị"),
        (M, layout.MEMBERS.cell("exempt_from", 2), "member.bad_date", "chưa miễn"),
        (INFO, layout.INFO.cell("prepared_on"), "info.bad_date", "hôm nay"),
    ],
)
def test_words_in_a_date_that_may_stay_empty_still_say_to_leave_it_empty(
    tmp_path: Path, sheet: str, cell: str, code: str, text: str
) -> None:
    path = typed(write(tmp_path), sheet, {cell: text})
    issue = only(run(path).issues, code)
    assert issue.message.endswith(
        f"\u201c{text}\u201d: không đọc được ngày; hãy ghi dạng dd/mm/yyyy {NO_DATE_YET}."
    ), issue.message
