"""The checks declare catalogued codes, the runner runs every check, and `Context.flag` turns
a boolean mask into located issues the way the messages need."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers_validate import write

import toolkit.validation.run as runner
from toolkit.core import layout
from toolkit.core.rules import RULES
from toolkit.io.reader import read_submission
from toolkit.validation.context import CHECKS, Check, Context, UndeclaredCodeError

PACKAGE = Path(runner.__file__).parent


def test_every_declared_code_is_catalogued() -> None:
    assert CHECKS, "no check registered"
    for chk in CHECKS.values():
        assert chk.codes, chk.name
        assert chk.codes <= set(RULES), (chk.name, sorted(chk.codes - set(RULES)))


def test_the_runner_runs_every_check_once_in_its_scope() -> None:
    listed = [*runner.FILE_CHECKS, *runner.WARD_CHECKS]
    assert len({c.name for c in listed}) == len(listed)
    assert {c.name for c in listed} == set(CHECKS)
    assert not any(c.ward for c in runner.FILE_CHECKS)
    assert all(c.ward for c in runner.WARD_CHECKS)


def test_only_the_context_turns_masks_into_issues() -> None:
    """One helper builds located issues from a mask; no check writes that loop itself."""
    loop = re.compile(r"for \w+ in np\.flatnonzero")
    offenders = [p.name for p in PACKAGE.glob("*.py") if loop.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
    # The runner and the attribution of files to organisations (run-level steps, no checks)
    # build their issues themselves; no check does.
    not_checks = {"context.py", "run.py", "attribution.py"}
    assert "make_issue(" not in "".join(
        p.read_text(encoding="utf-8") for p in PACKAGE.glob("*.py") if p.name not in not_checks
    )


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Context:
    folder = tmp_path_factory.mktemp("ctx")
    subs = [read_submission(write(folder, "a.xlsx")), read_submission(write(folder, "b.xlsx"))]
    return Context(subs, cutoff=dt.date(2026, 3, 31), today=dt.date(2026, 4, 15))


def view(ctx: Context, *codes: str, indices: list[int] | None = None) -> Context:
    return ctx.for_check(Check("test.view", frozenset(codes), False, lambda c: None), indices)


def test_context_frames_carry_submission_row_reference_and_start(ctx: Context) -> None:
    m = ctx.members
    assert m["_sub"].tolist() == [0] * 5 + [1] * 5
    assert m["_row"].tolist() == [2, 3, 4, 5, 6] * 2
    assert set(m["_D"]) == {pd.Timestamp(2026, 3, 31)}
    assert set(m["_start"]) == {pd.Timestamp(2025, 1, 1)}
    assert ctx.info["_sub"].tolist() == [0, 1] and ctx.info["_org"].tolist() == ["CB07", "CB07"]


def test_flag_locates_each_masked_row_and_shows_per_row_values(ctx: Context) -> None:
    v = view(ctx, "member.under_18")
    m = v.members
    mask = pd.Series([True, pd.NA, False, False, False] * 2, dtype="boolean")
    v.flag(
        m,
        mask,
        "member.under_18",
        layout.MEMBERS,
        "admission_date",
        value=m["admission_date"],
        admission=m["admission_date"],
        birth=lambda row: f"#{row._row}",
        age=np.arange(10),
    )
    assert [(i, issue.file, issue.cell) for i, issue in v.pending] == [
        (0, "a.xlsx", "H2"),
        (1, "b.xlsx", "H2"),
    ]
    issue = v.pending[1][1]
    assert issue.value == "02/03/2005" and issue.column == "Ngày vào Đảng"
    assert issue.message.startswith(
        "Dòng 2, cột “Ngày vào Đảng” (ô H2): Vào Đảng ngày 02/03/2005 khi mới 5 (sinh #2)"
    )


def test_flag_on_the_info_sheet_uses_the_cell_of_the_key(ctx: Context) -> None:
    v = view(ctx, "org.cutoff_mismatch")
    v.flag(
        v.info,
        None,
        "org.cutoff_mismatch",
        layout.INFO,
        "cutoff_date",
        value=v.info["cutoff_date"],
        expected="x",
    )
    assert [(i.cell, i.value) for _, i in v.pending] == [("B8", "31/03/2026")] * 2
    assert v.pending[0][1].message.startswith("Mục “Ngày chốt số liệu” (sheet “Thông tin”, ô B8): ")


def test_flag_refuses_an_undeclared_code_and_keeps_views_apart(ctx: Context) -> None:
    v = view(ctx, "member.under_18")
    with pytest.raises(UndeclaredCodeError):
        v.flag(v.members, None, "member.admission_over_60", layout.MEMBERS, "admission_date")
    with pytest.raises(UndeclaredCodeError):
        v.add(0, "org.no_members", sheet=layout.SHEET_MEMBERS)
    assert v.pending == [] and ctx.pending == []


def test_flag_skips_cells_the_reader_reported(ctx: Context) -> None:
    v = view(ctx, "member.required")
    v.reported = [{(layout.SHEET_MEMBERS, "B2")}, set()]
    v.flag(
        v.members, v.members["_row"] == 2, "member.required", layout.MEMBERS, "full_name", skip_reported=True
    )
    assert [(i, issue.cell) for i, issue in v.pending] == [(1, "B2")]


def test_a_view_of_some_submissions_holds_only_their_rows(ctx: Context) -> None:
    v = view(ctx, "member.required", indices=[1])
    assert v.indices == (1,)
    assert set(v.members["_sub"]) == {1} and len(v.members) == 5
    assert v.info["_sub"].tolist() == [1]
    assert len(ctx.members) == 10  # the batch itself is untouched


def test_flag_locates_a_cell_in_the_files_own_template_version(tmp_path: Path) -> None:
    from helpers_validate import write_old

    subs = [read_submission(write(tmp_path, "new.xlsx")), read_submission(write_old(tmp_path, "old.xlsx"))]
    ctx = Context(subs, cutoff=dt.date(2026, 3, 31), today=dt.date(2026, 4, 15))
    v = view(ctx, "member.under_18", "org.cutoff_mismatch")
    m = v.members
    v.flag(m, m["_row"] == 2, "member.under_18", layout.MEMBERS, "admission_date")
    v.flag(v.info, None, "org.cutoff_mismatch", layout.INFO, "cutoff_date")
    assert [(issue.file, issue.cell) for _, issue in v.pending] == [
        ("new.xlsx", "H2"),  # 2026.2: Dân tộc and Tôn giáo come before Ngày vào Đảng
        ("old.xlsx", "F2"),
        ("new.xlsx", "B8"),  # a row was added to Thông tin after Khối
        ("old.xlsx", "B7"),
    ]


def test_flag_cells_lists_many_cells_of_one_column_in_one_issue(ctx: Context) -> None:
    v = view(ctx, "member.to_complete_after_upgrade")
    m = v.members
    few = (m["_sub"] == 0) & (m["_row"] <= 3)
    v.flag_cells(
        m,
        few | (m["_sub"] == 1),
        "member.to_complete_after_upgrade",
        layout.MEMBERS,
        "ethnicity",
        old="2026.1",
        action="chọn dân tộc",
    )
    found = [(i, issue.cell) for i, issue in v.pending]
    assert found == [(0, "E2"), (0, "E3"), (1, "E2"), (1, "E3"), (1, "E4"), (1, "E5"), (1, "E6")]
    v = view(ctx, "member.to_complete_after_upgrade")
    everyone = pd.Series(True, index=m.index)
    v.flag_cells(
        m,
        everyone,
        "member.to_complete_after_upgrade",
        layout.MEMBERS,
        "ethnicity",
        old="2026.1",
        action="chọn dân tộc",
    )
    assert [(i, issue.cell) for i, issue in v.pending] == [
        (0, "E2"),
        (0, "E3"),
        (0, "E4"),
        (0, "E5"),
        (0, "E6"),
    ] + [(1, c) for c in ("E2", "E3", "E4", "E5", "E6")]
    rows = pd.concat([m, m.assign(_row=m["_row"] + 5)], ignore_index=True)
    v = view(ctx, "member.to_complete_after_upgrade")
    v.flag_cells(
        rows,
        rows["_sub"] == 0,
        "member.to_complete_after_upgrade",
        layout.MEMBERS,
        "ethnicity",
        old="2026.1",
        action="chọn dân tộc",
    )
    (only,) = v.pending
    assert only[1].cell == "E1" and "10 ô (E2–E11) cần chọn dân tộc" in only[1].message
