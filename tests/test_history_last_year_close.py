"""Biểu 1's line A of the year's forms against last year's line D (h215 F3).

A member missing from a file since the first quarter, without a change row, is said once, by
the first quarter's opening check against last year's record of 31/12. The later runs of the
year compare with the latest earlier cut-off (the third quarter's at 31/12), whose files agree,
so the year's forms went up with line A (the roll at 01/01) unlike line D of last year's
forms, printed beside it as `Cùng kỳ năm trước`'s closing, and no warning said it:
`form.opening_last_year_close` now does.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from tests.helpers_sample import sample_orgs
from toolkit.core.model import ConsolidationResult
from toolkit.outputs.publish import prepare, write_outputs
from toolkit.pipeline import consolidate
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows, Period, number_rows

PERIOD = Period(dt.date(2023, 1, 1), dt.date(2025, 12, 31))
LAST_YEAR_END = dt.date(2024, 12, 31)
Q3 = dt.date(2025, 9, 30)
WARD = "Phường Thử Nghiệm"
CODE = "form.opening_last_year_close"


def _write(orgs: list[OrgRows], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    return folder


def _without_a_member(orgs: list[OrgRows]) -> list[OrgRows]:
    """The first organisation's file without a member who was there all along (admitted before
    the period, no change row): a row deleted instead of a change row written."""
    orgs = copy.deepcopy(orgs)
    first = orgs[0]
    named = {(e["full_name"], e["birth_date"]) for e in first.events}
    gone = next(
        m
        for m in first.members
        if m["admission_date"] < PERIOD.start and (m["full_name"], m["birth_date"]) not in named
    )
    first.members = number_rows([m for m in first.members if m is not gone])
    return orgs


def _run(folder: Path, cutoff: dt.date, history: Path, out: Path, **kw: object) -> dict:
    result: ConsolidationResult = consolidate(
        [folder], cutoff=cutoff, since=PERIOD.start, ward_name=WARD, while_reading=prepare, **kw
    )
    out.mkdir(parents=True, exist_ok=True)
    workbook = out / f"tong_hop_{cutoff:%Y%m%d}.xlsx"
    write_outputs(result, workbook, workbook.with_suffix(".json"), history=history)
    return json.loads(workbook.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("year_close")
    orgs = sample_orgs(21, [35, 28, 40], PERIOD)
    return {
        "tmp": tmp,
        "last_year": _write([as_of(o, LAST_YEAR_END) for o in orgs], tmp / "nop2024"),
        "q3": _write([as_of(o, Q3) for o in orgs], tmp / "nop_q3"),
        "year": _write(orgs, tmp / "nop2025"),
        "q3_short": _write(_without_a_member([as_of(o, Q3) for o in orgs]), tmp / "nop_q3_short"),
        "year_short": _write(_without_a_member(orgs), tmp / "nop2025_short"),
    }


def _year_run(ward: dict, tmp: Path, q3: str, year: str, **kw: object) -> dict:
    history = tmp / "lich_su_tong_hop.sqlite"
    last = _run(ward["last_year"], LAST_YEAR_END, history, tmp / "a")
    assert last["form_period"] == ["2024-01-01", "2024-12-31"]
    _run(ward[q3], Q3, history, tmp / "b")
    return _run(ward[year], PERIOD.cutoff, history, tmp / "c", **kw)


def _row(summary: dict, key: str, column: str) -> int:
    return next(r for r in summary["forms"]["bieu1"] if r["row"] == key)[column]


def test_the_year_s_line_a_unlike_last_year_s_line_d_is_said(ward: dict, tmp_path: Path) -> None:
    summary = _year_run(ward, tmp_path, "q3_short", "year_short")
    assert summary["previous"]["form_period"] == ["2024-01-01", "2024-12-31"]
    now, then = _row(summary, "A", "current"), _row(summary, "D", "previous")
    assert now == then - 1  # the member deleted: the forms printed it, unsaid
    said = [i for i in summary["issues"] if i["code"] == CODE]
    assert len(said) == 1, [i["code"] for i in summary["issues"]]
    message = said[0]["message"]
    assert f"của lần tổng hợp này là {now}, nhưng lần tổng hợp ngày chốt 31/12/2024 (lần số 1" in message
    assert f"ghi {then} ở dòng D" in message
    assert "kỳ báo cáo 01/01/2024–31/12/2024" in message
    assert "chỉ được đối chiếu với lần tổng hợp ngày chốt 30/09/2025" in message
    # The third quarter agrees with the year's files: no other warning says it.
    assert not [i for i in summary["issues"] if i["code"].startswith("form.") and i["code"] != CODE]


def test_honest_files_get_no_warning(ward: dict, tmp_path: Path) -> None:
    summary = _year_run(ward, tmp_path, "q3", "year")
    assert _row(summary, "A", "current") == _row(summary, "D", "previous")
    assert CODE not in [i["code"] for i in summary["issues"]]


def test_a_quarter_s_forms_are_not_compared_with_last_year_s_close(ward: dict, tmp_path: Path) -> None:
    """The fourth quarter's forms (01/10–31/12) open on 01/10: last year's same period ends on
    31/12 of last year, not the day before."""
    summary = _year_run(ward, tmp_path, "q3_short", "year_short", form_from=dt.date(2025, 10, 1))
    assert CODE not in [i["code"] for i in summary["issues"]]


def test_the_opening_check_of_that_day_says_it_alone(ward: dict, tmp_path: Path) -> None:
    """Without the quarters in between, the opening check compares with 31/12/2024 itself and
    says the difference (`form.opening_mismatch`): not said twice."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _run(ward["last_year"], LAST_YEAR_END, history, tmp_path / "a")
    summary = _run(ward["year_short"], PERIOD.cutoff, history, tmp_path / "c")
    codes = [i["code"] for i in summary["issues"]]
    assert "form.opening_mismatch" in codes
    assert CODE not in codes
