"""A quarter consolidated before the one ending the day its forms start (hunt321 #6).

The third quarter run before the second: its files' changes reach back to 2025, so the first
quarter's record is inside the change period and the roll is checked at 31/03 only. Biểu 1's
line A, the roll at the end of 30/06, is checked against no closing stored, and the run said
nothing of it. `form.opening_unrecorded` now says so, naming 30/06 and what to do; once the
second quarter is in the history, the third's run again checks against it and says nothing.
A small ward of generated organisations, real files, the real pipeline and a real history.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.helpers_sample import sample_orgs
from toolkit.core.model import ConsolidationResult
from toolkit.outputs.publish import prepare, write_outputs
from toolkit.pipeline import consolidate
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows, Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 9, 30))
Q1_END = dt.date(2026, 3, 31)
Q2_END = dt.date(2026, 6, 30)
WARD = "Phường Thử Nghiệm"
CODE = "form.opening_unrecorded"


def _run(orgs: list[OrgRows], folder: Path, cutoff: dt.date, form_from: dt.date, history: Path) -> dict:
    folder.mkdir(parents=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    result: ConsolidationResult = consolidate(
        [folder],
        cutoff=cutoff,
        since=PERIOD.start,
        ward_name=WARD,
        form_from=form_from,
        while_reading=prepare,
    )
    out = folder.parent / f"{folder.name}.xlsx"
    write_outputs(result, out, out.with_suffix(".json"), history=history)
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def _unrecorded(summary: dict) -> list[dict]:
    return [i for i in summary["issues"] if i["code"] == CODE]


@pytest.fixture(scope="module")
def quarters() -> dict[str, list[OrgRows]]:
    orgs = sample_orgs(325, [30, 25], PERIOD)
    return {"q1": [as_of(o, Q1_END) for o in orgs], "q2": [as_of(o, Q2_END) for o in orgs], "q3": orgs}


def test_a_quarter_run_before_the_previous_one_says_its_opening_was_not_checked(
    quarters: dict[str, list[OrgRows]], tmp_path: Path
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    q1 = _run(quarters["q1"], tmp_path / "q1", Q1_END, dt.date(2026, 1, 1), history)
    assert _unrecorded(q1) == []  # a first run: nothing to check against, nothing said
    q3 = _run(quarters["q3"], tmp_path / "q3", PERIOD.cutoff, dt.date(2026, 7, 1), history)
    found = _unrecorded(q3)
    assert len(found) == 1, q3["issues"]
    message = found[0]["message"]
    assert found[0]["severity"] == "warning"
    assert (
        "Biểu 1, dòng A (tổng số đảng viên cuối kỳ trước chuyển sang, tức số đảng viên khi bắt đầu kỳ "
        "báo cáo ngày 01/07/2026) chưa được đối chiếu với số cuối kỳ trước: lịch sử tổng hợp chưa có "
        "lần tổng hợp nào của ngày chốt 30/06/2026."
    ) in message
    assert "chỉ được đối chiếu tại ngày 31/03/2026 (lần số 1 trong lịch sử)" in message
    assert "biến động từ ngày 01/04/2026 đến ngày 30/06/2026 chỉ lấy từ các tệp lần này" in message
    assert "hãy tổng hợp ngày chốt 30/06/2026 (vào cùng lịch sử này) rồi tổng hợp lại lần này" in message
    # The second quarter's run follows on from the first: nothing said of it.
    q2 = _run(quarters["q2"], tmp_path / "q2", Q2_END, dt.date(2026, 4, 1), history)
    assert _unrecorded(q2) == []
    # The third again, now with 30/06 in the history: its line A is checked, nothing said.
    again = _run(quarters["q3"], tmp_path / "q3_lai", PERIOD.cutoff, dt.date(2026, 7, 1), history)
    assert _unrecorded(again) == []


def test_a_ward_consolidating_the_first_quarter_once_a_year_is_not_warned(
    quarters: dict[str, list[OrgRows]], tmp_path: Path
) -> None:
    """The first quarter of 2025, then that of 2026 (the demo's history): no closing of
    31/12/2025 is expected of such a ward, nothing said; nor of a forms' period starting on no
    quarter (its previous closing, 31/01, is no report's)."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    orgs = quarters["q3"]
    _run(
        [as_of(o, dt.date(2025, 3, 31)) for o in orgs],
        tmp_path / "q1_25",
        dt.date(2025, 3, 31),
        PERIOD.start,
        history,
    )
    q1 = _run(quarters["q1"], tmp_path / "q1", Q1_END, dt.date(2026, 1, 1), history)
    assert _unrecorded(q1) == []
    two_months = _run(quarters["q1"], tmp_path / "q1_2m", Q1_END, dt.date(2026, 2, 1), history)
    assert _unrecorded(two_months) == []


def test_a_roll_up_of_such_a_run_does_not_doubt_the_ward(
    quarters: dict[str, list[OrgRows]], tmp_path: Path
) -> None:
    """A check not made puts no figure in doubt (`rollup.NOT_DOUBTED`): the roll-up does not ask
    the ward to check its figures for it."""
    from click.testing import CliRunner

    from toolkit.cli import main

    history = tmp_path / "lich_su_tong_hop.sqlite"
    _run(quarters["q1"], tmp_path / "q1", Q1_END, dt.date(2026, 1, 1), history)
    q3 = _run(quarters["q3"], tmp_path / "q3", PERIOD.cutoff, dt.date(2026, 7, 1), history)
    assert [i["code"] for i in q3["issues"] if i["code"].startswith("form.")] == [CODE]
    rolled = tmp_path / "tinh.json"
    args = ["rollup", str(tmp_path / "q3.json"), "-o", str(tmp_path / "tinh.xlsx"), "--json", str(rolled)]
    done = CliRunner().invoke(main, [*args, "--name", "Tỉnh Thử"])
    assert done.exit_code == 0, done.output
    issues = json.loads(rolled.read_text(encoding="utf-8"))["issues"]
    assert [i for i in issues if i["code"] == "rollup.ward_form_warning"] == []
