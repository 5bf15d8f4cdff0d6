"""Fuzzing (issue 7 item 3): mutated valid submissions never make validate or consolidate
raise, and every problem they report has a location.

Hypothesis mutates a valid submission written through the real template: cell values and
types, deleted and renamed sheets, renamed headers, extra columns, shuffled column order,
deleted rows. Invariants: no exception (validate, consolidate, writing the outputs); every
issue names its file; an issue with a cell names an existing sheet and a well-formed cell;
cell-level rules always carry sheet and cell.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from corpus import CUTOFF, FORMULA_LIKE, NameSource, clean_content
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from toolkit.core import layout, vocab
from toolkit.core.model import Issue
from toolkit.outputs.publish import write_outputs
from toolkit.pipeline import consolidate
from toolkit.sample.messy import to_tcvn3
from toolkit.validation import validate_files

pytestmark = pytest.mark.slow  # real processes, generated wards or large inputs: `-m "not slow"` skips them

DATA_SHEETS = [s.name for s in layout.DATA_SHEETS]
FILLED_SHEETS = [layout.SHEET_INFO, *DATA_SHEETS]
ALL_SHEETS = list(layout.SHEET_ORDER)
CELL = re.compile(r"^[A-Z]{1,3}[1-9]\d*$")
# Rules about one cell or one row: their issues must point at a cell.
CELL_LEVEL_PREFIXES = ("cell.", "info.", "member.", "event.", "year.", "norm.")

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), max_codepoint=0x2FFF) | st.sampled_from("\t\n"),
    max_size=40,
)
_typed = st.sampled_from(
    [
        *FORMULA_LIKE,
        "",
        "   ",
        "31/02/2020",
        "12/31/2020",
        "2020-13-01",
        "1/1/1899",
        "05/03/2025",
        "THPT",
        "thạc sỹ",
        "NỮ",
        to_tcvn3("Trung học phổ thông"),
        "Xóa tên",
        "-5",
        "1e9",
        "٣",  # an Arabic-Indic digit
        "x" * 5000,
        *(label for v in vocab.ALL.values() for label in v.labels[:2]),
    ]
)
values = st.one_of(
    st.none(),
    _text,
    _typed,
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2300, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.booleans(),
)
_sheet_title = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=0x1EFF) | st.just(" "),
    min_size=1,
    max_size=31,
).filter(lambda s: s.strip() != "")

mutations = st.one_of(
    st.tuples(st.just("set"), st.sampled_from(FILLED_SHEETS), st.integers(1, 9), st.integers(1, 17), values),
    st.tuples(st.just("set"), st.sampled_from(DATA_SHEETS), st.integers(2, 6), st.integers(1, 15), values),
    st.tuples(st.just("delete_sheet"), st.sampled_from(ALL_SHEETS)),
    st.tuples(st.just("rename_sheet"), st.sampled_from(ALL_SHEETS), _sheet_title),
    st.tuples(st.just("rename_header"), st.sampled_from(DATA_SHEETS), st.integers(1, 15), _text),
    st.tuples(st.just("insert_column"), st.sampled_from(DATA_SHEETS), st.integers(1, 16), _text),
    st.tuples(st.just("shuffle_columns"), st.sampled_from(DATA_SHEETS), st.integers(0, 2**32)),
    st.tuples(st.just("delete_rows"), st.sampled_from(FILLED_SHEETS), st.integers(1, 6), st.integers(1, 3)),
)


def _write(ws: Any, row: int, col: int, value: Any) -> None:
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # as typed: a leading "=" stays text, as when pasted into Excel


def apply(wb: Any, mutation: tuple[Any, ...]) -> None:
    kind, sheet, *args = mutation
    if sheet not in wb.sheetnames:
        return
    ws = wb[sheet]
    if kind == "set":
        row, col, value = args
        _write(ws, row, col, value)
    elif kind == "delete_sheet":
        if len(wb.sheetnames) > 1:
            del wb[sheet]
    elif kind == "rename_sheet":
        title = re.sub(r"[\[\]:*?/\\]", "", args[0]).strip()[:31]
        if title and title not in wb.sheetnames:
            ws.title = title
    elif kind == "rename_header":
        col, text = args
        _write(ws, 1, col, text or None)
    elif kind == "insert_column":
        col, header = args
        ws.insert_cols(col)
        _write(ws, 1, col, header or None)
        for r in range(2, ws.max_row + 1):
            _write(ws, r, col, f"thêm {r}")
    elif kind == "shuffle_columns":
        width = ws.max_column
        order = list(range(1, width + 1))
        random.Random(args[0]).shuffle(order)
        grid = [[ws.cell(row=r, column=c).value for c in order] for r in range(1, ws.max_row + 1)]
        for r, row_values in enumerate(grid, start=1):
            for c, value in enumerate(row_values, start=1):
                ws.cell(row=r, column=c).value = value
    elif kind == "delete_rows":
        first, count = args
        ws.delete_rows(first, count)


def mutated_copy(
    base: bytes, steps: list[tuple[Any, ...]], folder: Path, name: str
) -> tuple[Path, list[str]]:
    wb = load_workbook(io.BytesIO(base))
    for step in steps:
        apply(wb, step)
    path = folder / name
    wb.save(path)
    return path, list(wb.sheetnames)


def check_located(issue: Issue, file: str, sheets: list[str]) -> None:
    assert issue.file == file, issue
    assert issue.message and issue.message.strip(), issue
    if issue.cell is not None:
        assert issue.sheet in sheets, issue
        assert CELL.match(issue.cell), issue
    if issue.code.startswith(CELL_LEVEL_PREFIXES):
        assert issue.sheet in sheets and issue.cell is not None, issue


BASE_BYTES: bytes = b""


def _base() -> bytes:
    global BASE_BYTES
    if not BASE_BYTES:
        folder = Path(tempfile.mkdtemp(prefix="fuzz-base-"))
        path = clean_content("F01", NameSource(seed=99), n_members=4).write(folder / "F01.xlsx")
        BASE_BYTES = path.read_bytes()
    return BASE_BYTES


def test_base_submission_is_clean() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "F01.xlsx"
        path.write_bytes(_base())
        run = validate_files([path], cutoff=CUTOFF)
    assert run.issues == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(mutations, min_size=1, max_size=4))
def test_mutated_submissions_never_crash_and_every_issue_is_located(steps: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "nop"
        folder.mkdir()
        path, sheets = mutated_copy(_base(), steps, folder, "F01.xlsx")
        run = validate_files([path], cutoff=CUTOFF)
        for issue in run.issues:
            check_located(issue, path.name, sheets)
        result = consolidate([folder], cutoff=CUTOFF, ward_name="Phường Thử")
        for issue in result.issues:
            check_located(issue, path.name, sheets)
        status = {o.org_code: o.status for o in result.organisations}
        if run.has_errors:
            assert "consolidated" not in status.values()
        write_outputs(result, Path(tmp) / "tong_hop.xlsx", Path(tmp) / "tong_hop.json")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(
        st.tuples(st.sampled_from(DATA_SHEETS), st.integers(2, 5), st.integers(1, 15), values),
        min_size=5,
        max_size=30,
    )
)
def test_many_odd_values_in_one_file_are_all_reported_in_place(cells: list[tuple[Any, ...]]) -> None:
    """Lots of odd values at once: nothing raises, and every cell-level issue points at a
    cell inside the data area that was written."""
    with tempfile.TemporaryDirectory() as tmp:
        steps = [("set", sheet, row, col, value) for sheet, row, col, value in cells]
        path, sheets = mutated_copy(_base(), steps, Path(tmp), "F01.xlsx")
        run = validate_files([path], cutoff=CUTOFF)
        for issue in run.issues:
            check_located(issue, path.name, sheets)
            if issue.sheet in DATA_SHEETS and issue.cell and issue.code.startswith(CELL_LEVEL_PREFIXES):
                col = re.match(r"[A-Z]+", issue.cell).group(0)  # type: ignore[union-attr]
                width = len(next(s for s in layout.DATA_SHEETS if s.name == issue.sheet).fields)
                assert col in {get_column_letter(c) for c in range(1, width + 1)}, issue
