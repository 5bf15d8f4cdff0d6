"""A cut-off at the end of February compares with last year's end of February: the run at
28/02/2025 finds the run at 29/02/2024 as its `Cùng kỳ năm trước` (29/02 → 28/02 was always
found), and a roll-up of its summary sums that last year.

A ward of three generated organisations, its submissions made for each cut-off
(`toolkit.sample.as_of`), consolidated through the real pipeline and `write_outputs` into one
real history, then rolled up from its JSON summary.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from tests.helpers_sample import sample_orgs
from toolkit.core.dates import same_period_last_year
from toolkit.outputs.publish import write_outputs
from toolkit.pipeline import consolidate
from toolkit.rollup import rollup
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2023, 1, 1), dt.date(2025, 2, 28))
LEAP = dt.date(2024, 2, 29)
WARD = "Phường Thử Nghiệm"


def _run(folder: Path, cutoff: dt.date, history: Path) -> dict:
    orgs = [as_of(org, cutoff) for org in sample_orgs(23, [30, 25, 20], PERIOD)]
    (folder / "nop").mkdir(parents=True)
    for org in orgs:
        org.write(folder / "nop" / f"{org.organisation.org_code}.xlsx")
    result = consolidate([folder / "nop"], cutoff=cutoff, since=PERIOD.start, ward_name=WARD)
    out = folder / "tong_hop.xlsx"
    write_outputs(result, out, out.with_suffix(".json"), history=history)
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("period", "wanted"),
    [
        ((dt.date(2025, 1, 1), dt.date(2025, 2, 28)), (dt.date(2024, 1, 1), LEAP)),
        ((dt.date(2024, 1, 1), LEAP), (dt.date(2023, 1, 1), dt.date(2023, 2, 28))),
        ((dt.date(2025, 2, 1), dt.date(2025, 2, 27)), (dt.date(2024, 2, 1), dt.date(2024, 2, 27))),
        ((dt.date(2025, 1, 1), dt.date(2025, 4, 30)), (dt.date(2024, 1, 1), dt.date(2024, 4, 30))),
    ],
)
def test_the_last_day_of_february_matches_the_last_day_of_february(period, wanted) -> None:
    assert same_period_last_year(period) == wanted


def test_the_run_at_28_february_finds_last_year_s_run_at_29_february(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    before = _run(tmp_path / "2024", LEAP, history)
    assert before["form_period"] == ["2024-01-01", "2024-02-29"]
    summary = _run(tmp_path / "2025", PERIOD.cutoff, history)
    assert summary["previous"] is not None
    assert summary["previous"]["run_id"] == before["run_id"]
    closing = next(r for r in summary["forms"]["bieu1"] if r["row"] == "D")
    assert closing["previous"] == before["indicators"]["members.total"]
    ws = openpyxl.load_workbook(tmp_path / "2025" / "tong_hop.xlsx")["Biểu 1-BTCTW"]
    assert not any(isinstance(c.value, str) and "chưa có lần tổng hợp nào" in c.value for c in ws["A"])
    report = " ".join(
        str(c.value)
        for row in openpyxl.load_workbook(tmp_path / "2025" / "tong_hop.xlsx")["Báo cáo"].iter_rows()
        for c in row
        if c.value
    )
    assert "So với cùng kỳ năm trước (số liệu đến ngày 29/02/2024)" in report
    # The roll-up takes each ward's last year when it is the same period of last year.
    up = rollup([tmp_path / "2025" / "tong_hop.json"], name="Tỉnh Thử Nghiệm")
    assert up.previous is not None and up.no_previous is None
    assert up.previous.indicators["members.total"] == before["indicators"]["members.total"]


@pytest.mark.parametrize(
    ("cutoff", "earliest"),
    [
        (dt.date(2025, 2, 28), dt.date(2024, 3, 1)),  # last year's cut-off: 29/02/2024 (hunt114 F1)
        (dt.date(2024, 2, 29), dt.date(2023, 3, 1)),
        (dt.date(2026, 3, 31), dt.date(2025, 4, 1)),
        (dt.date(2026, 6, 15), dt.date(2025, 6, 16)),
    ],
)
def test_the_forms_period_starts_after_last_year_s_cut_off(cutoff: dt.date, earliest: dt.date) -> None:
    """The forms' period may start the day after the cut-off its `Cùng kỳ năm trước` ends on,
    never earlier: a 28/02/2025 run starting 29/02/2024 compared with 28/02/2023–29/02/2024,
    which overlaps it and which no run could have made (that run was refused as over 12
    months), so its previous column stayed empty whatever the history held."""
    from toolkit.pipeline import form_period_problem

    start = dt.date(2020, 1, 1)
    assert form_period_problem(earliest, start, cutoff) is None
    previous = same_period_last_year((earliest, cutoff))
    assert previous[1] < earliest and form_period_problem(previous[0], start, previous[1]) is None
    refused = form_period_problem(earliest - dt.timedelta(days=1), start, cutoff)
    assert refused is not None and f"từ {earliest:%d/%m/%Y} trở về sau" in refused
