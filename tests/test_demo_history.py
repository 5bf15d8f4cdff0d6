"""The sample ward a year apart: consolidated at 31/03/2025 (its submissions made for that
date), then at 31/03/2026 with the same history — last year's column, the trend, and the
opening check that names the one organisation whose changes do not lead from one to the other.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from tests.libreoffice import convert, pdftotext
from toolkit.io.registry import read_registry
from toolkit.outputs.publish import write_outputs
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import submission_filename
from toolkit.pipeline import consolidate
from toolkit.sample.as_of import as_of
from toolkit.sample.ward import build_sample_ward

EARLIER = dt.date(2025, 3, 31)
WARD = "Phường Mẫu"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("demo_history")
    ward = build_sample_ward()
    registry = read_registry(write_registry(ward.registry, tmp / "danh_muc_to_chuc.xlsx"))
    history = tmp / "lich_su_tong_hop.sqlite"
    folders = {}
    for year, orgs in ((2025, [as_of(o, EARLIER) for o in ward.orgs]), (2026, ward.orgs)):
        folder = folders[year] = tmp / f"nop{year}"
        folder.mkdir()
        for org in orgs:
            org.write(folder / submission_filename(org.organisation))
        cutoff = orgs[0].info["cutoff_date"]
        result = consolidate(
            [folder], cutoff=cutoff, since=ward.period_start, registry=registry, ward_name=WARD
        )
        write_outputs(result, tmp / f"tong_hop_{year}.xlsx", tmp / f"tong_hop_{year}.json", history=history)
    return {"tmp": tmp, "ward": ward, "registry": registry, "history": history, "folders": folders}


def _summary(demo: dict, name: str) -> dict:
    return json.loads((demo["tmp"] / name).read_text(encoding="utf-8"))


def test_both_years_consolidate_cleanly_and_2026_has_last_year(demo: dict) -> None:
    s25, s26 = _summary(demo, "tong_hop_2025.json"), _summary(demo, "tong_hop_2026.json")
    # no opening mismatch: 2025 has no issue, 2026 only the sample's one overdue exemption
    assert s25["issues"] == []
    assert [i["code"] for i in s26["issues"]] == ["member.temporary_exemption_long"]
    assert s26["previous"]["run_id"] == s25["run_id"]
    assert s26["previous"]["indicators"] == s25["indicators"]


def test_the_history_keeps_the_attributes_of_template_2026_2(demo: dict) -> None:
    from toolkit.history.store import HistoryStore

    s26 = _summary(demo, "tong_hop_2026.json")
    store = HistoryStore(demo["history"])
    found = store.find_run(s26["run_id"])
    stored = store.get(found) if found is not None else None
    assert stored is not None
    roster = [k for k in s26["indicators"] if k.startswith(("members.ethnicity.", "members.religion."))]
    roster += ["members.era.from_1975", "members.youth_union", "members.occupation.retired.exempt"]
    for key in roster:
        assert stored.indicators[key] == s26["indicators"][key], key
    by_code = {o.org_code: o.indicators for o in stored.organisations}
    for org in s26["organisations"]:
        assert (
            by_code[org["org_code"]]["members.ethnic_minority"]
            == org["indicators"]["members.ethnic_minority"]
        )
    assert stored.indicators["members.ethnic_minority"] > 0


def test_every_form_row_with_last_years_value_has_its_ratio(demo: dict) -> None:
    s26 = _summary(demo, "tong_hop_2026.json")
    filled = 0
    for form in ("bieu1", "bieu2", "bieu3"):
        for row in s26["forms"][form]:
            if row["current"] is None:
                continue
            assert row["previous"] is not None, (form, row)  # last year's value where this year has one
            filled += 1
    assert filled >= 25
    ws = openpyxl.load_workbook(demo["tmp"] / "tong_hop_2026.xlsx")["Biểu 3-BTCTW"]
    rows = [r for r in ws.iter_rows(min_row=9, values_only=True) if isinstance(r[1], int | float)]
    for label, current, previous, ratio in rows:
        assert previous is not None, label
        assert ratio == (round(current * 100 / previous, 2) if previous else None), label


def test_the_trend_sheet_shows_both_cutoffs(demo: dict) -> None:
    ws = openpyxl.load_workbook(demo["tmp"] / "tong_hop_2026.xlsx")["Xu hướng"]
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], dt.datetime)]
    assert [r[0].date() for r in rows] == [EARLIER, dt.date(2026, 3, 31)]
    s25, s26 = _summary(demo, "tong_hop_2025.json"), _summary(demo, "tong_hop_2026.json")
    assert [r[1] for r in rows] == [s25["indicators"]["members.total"], s26["indicators"]["members.total"]]
    assert ws._charts  # the native line charts
    # Of how many organisations each point is (a dip may be a run that missed some).
    header = next(r for r in ws.iter_rows(min_row=1, max_row=6, values_only=True) if "Nguồn" in r)
    at = header.index("Tổ chức được tổng hợp")
    assert [r[at] for r in rows] == [
        f"{s['indicators']['orgs.consolidated']}/{s['indicators']['orgs.registered']}" for s in (s25, s26)
    ]


def test_a_deleted_transfer_out_after_last_years_cutoff_names_its_organisation_only(
    demo: dict, tmp_path: Path
) -> None:
    folder = tmp_path / "nop"
    folder.mkdir()
    orgs = copy.deepcopy(demo["ward"].orgs)
    org = next(
        o
        for o in orgs
        if any(e["event_type"] == "transfer_out" and e["event_date"] > EARLIER for e in o.events)
    )
    row = next(e for e in org.events if e["event_type"] == "transfer_out" and e["event_date"] > EARLIER)
    org.events.remove(row)
    for each in orgs:
        src = demo["folders"][2026] / submission_filename(each.organisation)
        target = folder / src.name
        if each is org:
            each.write(target)
        else:
            target.write_bytes(src.read_bytes())
    result = consolidate([folder], cutoff=dt.date(2026, 3, 31), registry=demo["registry"], ward_name=WARD)
    history = tmp_path / "h.sqlite"
    history.write_bytes(demo["history"].read_bytes())
    write_outputs(result, tmp_path / "t.xlsx", tmp_path / "t.json", history=history)
    found = [i for i in result.issues if i.code == "form.opening_mismatch"]
    assert [i.org_code for i in found if i.org_code] == [org.organisation.org_code]
    assert [i.org_code for i in found if not i.org_code] == [None]  # and the ward's total
    assert all(i.code in ("form.opening_mismatch", "member.temporary_exemption_long") for i in result.issues)


def test_the_forms_render_through_libreoffice(demo: dict, tmp_path: Path) -> None:
    import subprocess

    pdftotext()  # fails, not skips, where CI requires it
    (pdf,) = convert([demo["tmp"] / "tong_hop_2026.xlsx"], "pdf", tmp_path / "pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in (
        "ĐẢNG ỦY PHƯỜNG MẪU",
        "Biểu số 1-BTCTW",
        "Biểu số 4-BTCTW",
        "THỐNG KÊ ĐỘI NGŨ ĐẢNG VIÊN",
        "TRƯỞNG BAN",
    ):
        assert words in text, words
