"""A date cell that is no date says what to type (brief h259 item 5).

`member.bad_date` (and `event.bad_date`, `info.bad_date`, made the same way) was only
"“31/02/1980”: ngày/tháng không tồn tại (…)." with no "Hãy …" sentence, unlike the other
messages of a cell: a reason that does not already say what to type now ends with the way to
write the date (dd/mm/yyyy); a cell that may stay empty adds that it may. Real workbooks
written through the template."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from helpers_validate import only, run, typed, write

from toolkit.core import layout

M, E, INFO = layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_INFO
ADVICE = "Hãy ghi đủ ngày/tháng/năm dạng dd/mm/yyyy, ví dụ 05/03/2025"


@pytest.mark.parametrize(
    ("sheet", "cell", "code", "text", "end"),
    [
        (M, layout.MEMBERS.cell("birth_date", 2), "member.bad_date", "31/02/1980", f"{ADVICE}."),
        (
            M,
            layout.MEMBERS.cell("admission_date", 2),
            "member.bad_date",
            "năm 2010",
            "cần ghi đủ ngày/tháng/năm. Hãy ghi dạng dd/mm/yyyy, ví dụ 05/03/2025.",
        ),
        (
            M,
            layout.MEMBERS.cell("official_date", 2),
            "member.bad_date",
            "30/02/2012",
            f"{ADVICE}; chưa có ngày thì để trống ô.",
        ),
        (E, layout.EVENTS.cell("event_date", 2), "event.bad_date", "30/02/2025", f"{ADVICE}."),
        (INFO, layout.INFO.cell("cutoff_date"), "info.bad_date", "31/04/2026", f"{ADVICE}."),
    ],
)
def test_a_date_that_is_no_date_says_how_to_type_it(
    tmp_path: Path, sheet: str, cell: str, code: str, text: str, end: str
) -> None:
    issue = only(run(typed(write(tmp_path), sheet, {cell: text})).issues, code)
    assert issue.cell == cell
    assert issue.message.endswith(end), issue.message
    assert issue.message.count("Hãy") + issue.message.count("hãy") == 1, issue.message
    assert unicodedata.is_normalized("NFC", issue.message)
    if issue.personal:  # the masked message keeps the advice and never the value typed
        masked = issue.private_message or ""
        assert masked.endswith(end) and text not in masked, masked


def test_a_reason_that_says_what_to_type_gets_no_second_advice(tmp_path: Path) -> None:
    cell = layout.MEMBERS.cell("birth_date", 2)
    issue = only(run(typed(write(tmp_path), M, {cell: "12/05/80"})).issues, "member.bad_date")
    assert "hãy ghi đủ 4 chữ số của năm (dd/mm/yyyy)" in issue.message
    assert ADVICE not in issue.message, issue.message


@pytest.mark.parametrize("field", ["official_date", "birth_date"])
def test_a_zero_in_a_date_cell_is_told_the_way_to_type_once(tmp_path: Path, field: str) -> None:
    """review263: 0 typed for "not yet" has a reason that already says what to type ("chưa có
    ngày thì để trống, có thì ghi đủ ngày/tháng/năm dạng dd/mm/yyyy") without the word "hãy":
    the advice said the same again after it."""
    cell = layout.MEMBERS.cell(field, 2)
    issue = only(run(typed(write(tmp_path), M, {cell: 0})).issues, "member.bad_date")
    assert "có thì ghi đủ ngày/tháng/năm dạng dd/mm/yyyy" in issue.message, issue.message
    assert issue.message.count("dd/mm/yyyy") == 1, issue.message
    assert ADVICE not in issue.message, issue.message


@pytest.mark.parametrize(
    ("field", "end"), [("birth_date", "."), ("official_date", "; chưa có ngày thì để trống ô.")]
)
def test_a_year_alone_is_not_told_to_write_the_whole_date_twice(tmp_path: Path, field: str, end: str) -> None:
    """review263: "chỉ có năm, cần ghi đủ ngày/tháng/năm. Hãy ghi đủ ngày/tháng/năm dạng …" said
    the same thing twice; the advice after that reason gives only the form and an example."""
    cell = layout.MEMBERS.cell(field, 2)
    issue = only(run(typed(write(tmp_path), M, {cell: "1980"})).issues, "member.bad_date")
    assert issue.message.count("ngày/tháng/năm") == 1, issue.message
    assert issue.message.endswith(
        f"chỉ có năm, cần ghi đủ ngày/tháng/năm. Hãy ghi dạng dd/mm/yyyy, ví dụ 05/03/2025{end}"
    ), issue.message


@pytest.mark.parametrize(
    ("sheet", "cell", "code", "text"),
    [
        (M, layout.MEMBERS.cell("birth_date", 2), "member.bad_date", "31/02/1980"),
        (M, layout.MEMBERS.cell("birth_date", 2), "member.bad_date", "chưa rõ"),
        (E, layout.EVENTS.cell("event_date", 2), "event.bad_date", "30/02/2025"),
        (INFO, layout.INFO.cell("cutoff_date"), "info.bad_date", "31/04/2026"),
    ],
)
def test_the_example_date_is_the_one_the_template_gives(
    tmp_path: Path, sheet: str, cell: str, code: str, text: str
) -> None:
    """The advice said "ví dụ 05/03/1975" where the template's guide sheet and each date column's
    prompt say 05/03/2025, and where a cell whose words were not read was told 05/03/2025: one
    example, the template's, read from the file written, in every date column."""
    import re

    import openpyxl

    path = write(tmp_path)
    book = openpyxl.load_workbook(path)
    guide = " ".join(str(c.value) for row in book[layout.SHEET_GUIDE].iter_rows() for c in row if c.value)
    (guide_example,) = set(re.findall(r"ví dụ (\d\d/\d\d/\d{4})", guide))
    prompts = {
        example
        for ws in book.worksheets
        for dv in ws.data_validations.dataValidation
        for example in re.findall(r"ví dụ (\d\d/\d\d/\d{4})", dv.error or "")
    }
    assert prompts == {guide_example}
    book.close()
    issue = only(run(typed(path, sheet, {cell: text})).issues, code)
    said = re.findall(r"ví dụ (\d\d/\d\d/\d{4})", issue.message)
    assert said == [guide_example], issue.message
