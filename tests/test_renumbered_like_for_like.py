"""A chi bộ given a new code only (the sample ward's HD40, now HD76, the same name) is paired by
one rule (`opening.renumbered_codes`, through `session._renumbered_pairs`) everywhere the
history compares this run with last year's record (hunt328 F2, F3):

- the report's like-for-like comparison (`previous.common`) counts it among the organisations
  with figures of both runs, compared with its old code's figures, as the forms' and report's
  note already calls it "đã đổi mã";
- another ward's record holding its new code is no sign that the ward's last year's record is
  one former ward of a merger (`history.previous_one_former_ward`).

The sample ward (72 organisations; HD45 dissolved since, HD40 renumbered HD76), consolidated
through the pipeline into a real SQLite history."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from toolkit.core.model import Registry
from toolkit.history.store import HistoryStore
from toolkit.outputs.publish import write_outputs
from toolkit.outputs.template import submission_filename
from toolkit.pipeline import consolidate
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows
from toolkit.sample.ward import build_sample_ward

EARLIER = dt.date(2025, 3, 31)
WARD = "Phường Mẫu"
OLD, NEW, GONE = "HD40", "HD76", "HD45"

pytestmark = pytest.mark.slow


def _recoded(org: OrgRows, code: str) -> OrgRows:
    """The same chi bộ, its members and changes, under another code (renumbered)."""
    return replace(
        org, info={**org.info, "org_code": code}, organisation=replace(org.organisation, org_code=code)
    )


def _run(orgs: list[OrgRows], folder: Path, history: Path, ward: str | None) -> dict[str, Any]:
    """Consolidate `orgs` (written into `folder`) with their own registry, recording the run in
    `history`; the summary, its workbook beside it."""
    folder.mkdir()
    for org in orgs:
        org.write(folder / submission_filename(org.organisation))
    registry = Registry(organisations=[o.organisation for o in orgs])
    result = consolidate(
        [folder],
        cutoff=orgs[0].info["cutoff_date"],
        since=orgs[0].info["period_start"],
        registry=registry,
        ward_name=ward,
    )
    out = folder.with_suffix(".xlsx")
    write_outputs(result, out, out.with_suffix(".json"), history=history)
    summary: dict[str, Any] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    summary["_workbook"] = out
    return summary


def _texts(workbook: Path, sheet: str) -> list[str]:
    ws = openpyxl.load_workbook(workbook)[sheet]
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("renumbered_like_for_like")
    sample = build_sample_ward()
    codes = [o.organisation.org_code for o in sample.orgs]
    assert OLD in codes and GONE in codes and NEW not in codes
    history = tmp / "h25.sqlite"
    last_year = _run([as_of(o, EARLIER) for o in sample.orgs], tmp / "nop25", history, WARD)
    now = [_recoded(o, NEW) if o.organisation.org_code == OLD else o for o in sample.orgs]
    now = [o for o in now if o.organisation.org_code != GONE]
    old_org = next(o for o in sample.orgs if o.organisation.org_code == OLD)
    return {"tmp": tmp, "history": history, "last_year": last_year, "now": now, "old": old_org}


def test_a_renumbered_chi_bo_is_compared_like_for_like(ward: dict[str, Any]) -> None:
    """F2: last year's record of the ward's name, this run without one (`form.previous_other_orgs`:
    "HD45" gone, "HD40 thành HD76"): the report compares the 71 organisations of both runs, HD76
    with HD40's figures of last year, not 70 with "1 tổ chức … không có số liệu cùng kỳ"."""
    tmp = ward["tmp"]
    history = tmp / "f2.sqlite"
    shutil.copy(ward["history"], history)
    summary = _run(ward["now"], tmp / "nop26_f2", history, None)
    issue = next(i for i in summary["issues"] if i["code"] == "form.previous_other_orgs")
    assert "có 1 tổ chức nay đã đổi mã (HD40 thành HD76: cùng tên)" in issue["message"]
    # Last year's figures of each organisation, as the history stores them.
    then = dict(HistoryStore(history).org_figures(1, ["members.total"]))
    assert NEW not in then and OLD in then
    expected_then = sum(int(f["members.total"]) for code, f in then.items() if code != GONE)
    common = summary["previous"]["common"]
    assert common["orgs"] == 71
    assert common["now"]["members.total"] == summary["indicators"]["members.total"]
    assert common["then"]["members.total"] == expected_then
    report = " ".join(_texts(summary["_workbook"], "Báo cáo"))
    assert "Tính trên 71 tổ chức có số liệu cả hai kỳ, số đảng viên là" in report, report
    assert "theo mã tổ chức" not in report
    # The totals side by side are the forms' columns: this run's and last year's whole record.
    total_then = summary["previous"]["indicators"]["members.total"]
    assert total_then == ward["last_year"]["indicators"]["members.total"]
    assert sum(int(f["members.total"]) for f in then.values()) == total_then
    assert f"cùng kỳ là {total_then:,}".replace(",", ".") + " đồng chí" in report
    rows = list(openpyxl.load_workbook(summary["_workbook"])["Biểu 1-BTCTW"].iter_rows(values_only=True))
    closing = next(r for r in rows if isinstance(r[0], str) and r[0].startswith("D. "))
    assert closing[1:3] == (summary["indicators"]["members.total"], total_then), closing


def test_a_renumbered_chi_bo_held_by_another_ward_is_no_former_ward(ward: dict[str, Any]) -> None:
    """F3: another ward's run at last year's cut-off holding HD76 (its own chi bộ of that code,
    as big as HD40) is no sign that the ward's record is one former ward of a merger when HD76
    is the ward's HD40 renumbered: `history.previous_orgs_changed` ("chỉ đổi mã"), not
    `history.previous_one_former_ward` with a merged import advised for that very chi bộ."""
    tmp = ward["tmp"]
    history = tmp / "f3.sqlite"
    shutil.copy(ward["history"], history)
    _run([_recoded(as_of(ward["old"], EARLIER), NEW)], tmp / "cu25", history, "Phường Cũ")
    summary = _run(ward["now"], tmp / "nop26_f3", history, WARD)
    codes = [i["code"] for i in summary["issues"]]
    assert "history.previous_one_former_ward" not in codes, [
        i["message"] for i in summary["issues"] if i["code"] == "history.previous_one_former_ward"
    ]
    issue = next(i for i in summary["issues"] if i["code"] == "history.previous_orgs_changed")
    assert "không còn 1 tổ chức (HD45), chỉ đổi mã 1 tổ chức (HD40 thành HD76: cùng tên)" in issue["message"]
    last_year = ward["last_year"]["indicators"]["members.total"]
    assert summary["previous"]["indicators"]["members.total"] == last_year
