"""Arbitrary cell contents in every column never make reading or validation raise."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import pytest
from helpers_validate import clean_info, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from toolkit.core import layout
from toolkit.outputs.template import write_submission

pytestmark = pytest.mark.slow  # real processes, generated wards or large inputs: `-m "not slow"` skips them

CELL_LEVEL = {"member", "event", "year", "info", "cell", "norm"}
CELL_RE = re.compile(r"^[A-Z]{1,3}\d+$")

cell_values = st.one_of(
    st.none(),
    st.text(max_size=25).filter(lambda s: not ILLEGAL_CHARACTERS_RE.search(s)),
    st.sampled_from(
        ["Nam", "nữ", "THPT", "Xóa tên", "12/12", "31/02/2020", "5/3/1980", "  ", "=1+1", "NguyÔn"]
    ),
    st.integers(min_value=-(10**6), max_value=10**7),
    st.floats(min_value=-1e7, max_value=1e7, allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)),
    st.booleans(),
)


def rows_for(spec: layout.SheetSpec) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(st.fixed_dictionaries({k: cell_values for k in spec.keys}), min_size=0, max_size=4)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    members=rows_for(layout.MEMBERS),
    events=rows_for(layout.EVENTS),
    years=rows_for(layout.YEARS),
    info_values=st.fixed_dictionaries(
        {k: cell_values for k in ("org_tier", "sector", "cutoff_date", "period_start")}
    ),
)
def test_arbitrary_cells_never_raise_and_issues_are_located(
    members: list[dict[str, Any]],
    events: list[dict[str, Any]],
    years: list[dict[str, Any]],
    info_values: dict[str, Any],
) -> None:
    with TemporaryDirectory() as folder:
        path = write_submission(
            Path(folder) / "x.xlsx",
            info=clean_info(**info_values),
            members=members,
            events=events,
            years=years,
        )
        result = run(path)
    assert [f["file"] for f in result.files()] == ["x.xlsx"]
    assert "file.check_failed" not in {i.code for i in result.issues}  # no rule crashed on this input
    for issue in result.issues:
        assert issue.file == "x.xlsx" and issue.message
        assert issue.severity in ("error", "warning")
        if issue.code.split(".")[0] in CELL_LEVEL:
            assert issue.sheet in layout.SHEET_ORDER, issue
            assert issue.cell and CELL_RE.match(issue.cell), issue
