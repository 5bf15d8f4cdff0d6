"""Message wording left over from hunt279 (N6, N4, N2), read from real workbooks written
through the template and typed over as a secretary types them."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_validate import only, run, typed, write

from toolkit.core import layout

M = layout.SHEET_MEMBERS


# --- N6: a signed or decimal number is no code of a list --------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("ethnicity", "-5"),  # typed as text
        ("ethnicity", -5),  # a number cell
        ("ethnicity", "+5"),
        ("ethnicity", "\u22125"),  # the minus sign of a pasted text
        ("ethnicity", 5.5),
        ("ethnicity", "5,0"),
        ("working_away", "-1"),
        ("working_away", -1),
        ("gen_edu", "-5/12"),
    ],
)
def test_a_signed_or_decimal_number_is_refused_as_a_value_not_in_the_list(
    tmp_path: Path, key: str, value: object
) -> None:
    """The looser matching took the sign for a hyphen and dropped it: “-5” was read as code 05
    (Khơ-me), “-1” as Có (hunt279 N6). Such a number is refused as any unknown value is."""
    cell = layout.MEMBERS.cell(key, 2)
    issues = run(typed(write(tmp_path), M, {cell: value})).issues
    assert not [i for i in issues if i.code == "norm.category"], [i.message for i in issues]
    issue = only(issues, "member.not_allowed")
    assert issue.cell == cell
    assert "không có trong danh sách" in issue.message


@pytest.mark.parametrize(("value", "label"), [(5, "Khơ-me"), ("05", "Khơ-me"), ("1", "Kinh")])
def test_the_official_ethnic_code_is_still_read(tmp_path: Path, value: object, label: str) -> None:
    """The statistics office's code, typed or as a number Excel keeps without its zero."""
    cell = layout.MEMBERS.cell("ethnicity", 2)
    issues = run(typed(write(tmp_path), M, {cell: value})).issues
    assert not [i for i in issues if i.code == "member.not_allowed"]
    assert f"là \u201c{label}\u201d" in only(issues, "norm.category").message
