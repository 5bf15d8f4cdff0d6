"""Cases review288 found untested in the day's changes (fix282, fix283), on real workbooks."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_validate import only, run, typed, write

from toolkit.core import layout

M = layout.SHEET_MEMBERS


@pytest.mark.parametrize(("value", "label"), [("12,12", "Trung học phổ thông"), ("9,12", "Trung học cơ sở")])
def test_a_school_grade_typed_with_a_comma_is_still_read(tmp_path: Path, value: str, label: str) -> None:
    """“12,12” for 12/12 was read as “12-12” and “12 / 12” still are; refusing a number's
    decimals (hunt279 N6) refused it too, and a file read yesterday had an error today."""
    cell = layout.MEMBERS.cell("gen_edu", 2)
    issues = run(typed(write(tmp_path), M, {cell: value})).issues
    assert not [i for i in issues if i.code == "member.not_allowed"], [i.message for i in issues]
    assert f"là \u201c{label}\u201d" in only(issues, "norm.category").message

