"""Biểu 2's "Tuổi bình quân" of the members admitted in the forms' period is undefined when
nobody was admitted: its cell is empty (never 0), so is its ratio, and a note says why — in
this period's column and in last year's.

A ward of three generated organisations whose forms' period is 17/01–31/03 of each year: the
one admission of 2026 (12/01) and of early 2024 (16/01) fall before it, while that of 2025 is
inside (25/02/2025). Consolidated at 31/03 of each year into one real history, through the
real pipeline and `write_outputs`.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from tests.helpers_sample import sample_orgs
from toolkit.core.model import ConsolidationResult
from toolkit.outputs.publish import write_outputs
from toolkit.pipeline import consolidate
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows, Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
EARLIER = dt.date(2025, 3, 31)
WARD = "Phường Thử Nghiệm"
MEAN = "II.2.mean"
NOTE = "Dòng “Tuổi bình quân” để trống ở {where}: không có đảng viên nào để tính tuổi bình quân."


def _run(orgs: list[OrgRows], folder: Path, cutoff: dt.date) -> ConsolidationResult:
    folder.mkdir(parents=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    start = dt.date(cutoff.year, 1, 17)
    return consolidate([folder], cutoff=cutoff, since=PERIOD.start, ward_name=WARD, form_from=start)


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ConsolidationResult]:
    tmp = tmp_path_factory.mktemp("mean_over_nobody")
    orgs = sample_orgs(16, [40, 55, 30], PERIOD)
    admissions = [
        e["event_date"] for org in orgs for e in org.events if e["event_type"] in ("admitted", "readmitted")
    ]
    assert dt.date(2025, 2, 25) in admissions and dt.date(2026, 1, 12) in admissions
    r25 = _run([as_of(org, EARLIER) for org in orgs], tmp / "nop2025", EARLIER)
    r26 = _run(orgs, tmp / "nop2026", PERIOD.cutoff)
    assert r25.indicators["admitted.total"] == 1 and r26.indicators["admitted.total"] == 0
    return {"r25": r25, "r26": r26}


def _publish(result: ConsolidationResult, folder: Path, history: Path) -> tuple[dict, openpyxl.Workbook]:
    out = folder / f"tong_hop_{result.cutoff_date:%Y}.xlsx"
    write_outputs(copy.deepcopy(result), out, out.with_suffix(".json"), history=history)
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return summary, openpyxl.load_workbook(out)


def _sheet_row(wb: openpyxl.Workbook, label: str) -> list:
    ws = wb["Biểu 2-BTCTW"]
    return next([c.value for c in row] for row in ws.iter_rows() if row[0].value == label)


def _notes(wb: openpyxl.Workbook) -> list[str]:
    ws = wb["Biểu 2-BTCTW"]
    return [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("Ghi chú")]


def test_no_admission_this_period_leaves_the_mean_and_its_ratio_empty(ward, tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    last, _ = _publish(ward["r25"], tmp_path, history)
    age = next(r for r in last["forms"]["bieu2"] if r["row"] == MEAN)["current"]
    assert isinstance(age, float) and age > 0
    summary, wb = _publish(ward["r26"], tmp_path, history)
    assert summary["previous"] is not None
    assert next(r for r in summary["forms"]["bieu2"] if r["row"] == MEAN) == {
        "row": MEAN,
        "label": "Tuổi bình quân",
        "current": None,
        "previous": age,
    }
    assert _sheet_row(wb, "- Tuổi bình quân") == ["- Tuổi bình quân", None, age, None]
    notes = _notes(wb)
    assert f"Ghi chú: {NOTE.format(where='cột “Thực hiện: Kỳ này” và cột (%)')}" in notes
    # The empty cell is not counted among the lines whose figures the files lack.
    assert not any("để trống vì số liệu đó chưa có" in n for n in notes)


def test_no_admission_last_year_leaves_last_year_s_mean_empty(ward, tmp_path: Path) -> None:
    """The other way round: this year's forms of the 2025 run against a 2024 run with nobody
    admitted in 17/01–31/03/2024."""
    history = tmp_path / "h.sqlite"
    orgs = sample_orgs(16, [40, 55, 30], PERIOD)
    r24 = _run([as_of(org, dt.date(2024, 3, 31)) for org in orgs], tmp_path / "nop2024", dt.date(2024, 3, 31))
    assert r24.indicators["admitted.total"] == 0
    _publish(r24, tmp_path, history)
    summary, wb = _publish(ward["r25"], tmp_path, history)
    row = next(r for r in summary["forms"]["bieu2"] if r["row"] == MEAN)
    assert row["current"] is not None and row["previous"] is None
    assert _sheet_row(wb, "- Tuổi bình quân")[2:] == [None, None]
    notes = _notes(wb)
    assert f"Ghi chú: {NOTE.format(where='cột “Cùng kỳ năm trước” và cột (%)')}" in notes
    assert not any("dòng ở cột “Cùng kỳ năm trước” để trống" in n for n in notes)
