"""End-to-end demo test: `ward-stats demo` writes the sample ward, consolidates it, and the
JSON summary carries every figure of the reference report (issue 5).

This is the one slow test of the demo (it writes and consolidates 72 workbooks); every
assertion below reuses its single run through the module-scoped fixture.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers_demo import (
    RATED_YEARS,
    REPORT_CANDIDATES_TRAINED,
    REPORT_COUNTS,
    REPORT_NEW_MEMBERS_TRAINED,
    REPORT_SHARES,
    REPORT_TARGET_RATE_2026,
)

from toolkit.cli import main
from toolkit.core import vocab
from toolkit.core.rules import HIDDEN
from toolkit.outputs.status import PERSONAL_DATA_HIDDEN

pytestmark = pytest.mark.slow  # real processes, generated wards or large inputs: `-m "not slow"` skips them


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("demo") / "phuong_mau"
    result = CliRunner().invoke(main, ["demo", str(folder)])
    summary_path = folder / "tong_hop_phuong_20260331.json"
    return {
        "folder": folder,
        "result": result,
        "summary": json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.exists() else None,
    }


@pytest.fixture(scope="module")
def ind(demo: dict[str, Any]) -> dict[str, Any]:
    assert demo["result"].exit_code == 0, demo["result"].output
    return demo["summary"]["indicators"]


def test_demo_command_says_where_everything_is(demo: dict[str, Any]) -> None:
    folder: Path = demo["folder"]
    out = demo["result"].stdout
    assert demo["result"].exit_code == 0, demo["result"].output
    assert "72 tổ chức, 4.216 đảng viên, ngày chốt số liệu 31/03/2026" in out
    for path in (
        folder / "danh_muc_to_chuc.xlsx",
        folder / "nop",
        folder / "tong_hop_phuong_20260331.xlsx",
        folder / "tong_hop_phuong_20260331.json",
    ):
        assert path.exists()
        assert str(path) in out
    assert len(list((folder / "nop").glob("HD*.xlsx"))) == 72
    assert out.endswith(
        "Đã tổng hợp 72/72 tổ chức, 4.216 đảng viên (số liệu đến ngày 31/03/2026).\n"
        "Tổng cộng 0 lỗi, 1 cảnh báo; xem chi tiết ở sheet “Kiểm tra”.\n"
        f"{PERSONAL_DATA_HIDDEN}\n"
    )


def test_demo_has_last_years_consolidation_in_its_history_and_forms(demo: dict[str, Any]) -> None:
    """The same ward a year earlier is consolidated first, into the same history: this year's
    summary names it as the same period last year, and Biểu 1's third column holds its figures."""
    import openpyxl

    from toolkit.history.store import HistoryStore

    folder: Path = demo["folder"]
    earlier = folder / "nam_truoc"
    assert str(earlier) in demo["result"].stdout
    assert len(list((earlier / "nop").glob("HD*.xlsx"))) == 72
    last = json.loads((earlier / "tong_hop_phuong_20250331.json").read_text(encoding="utf-8"))
    assert last["cutoff_date"] == "2025-03-31" and last["issues"] == []
    summary = demo["summary"]
    assert summary["previous"]["run_id"] == last["run_id"]
    assert summary["previous"]["indicators"] == last["indicators"]
    records = HistoryStore(folder / "lich_su_tong_hop.sqlite").records()
    assert [r.cutoff_date.isoformat() for r in records] == ["2025-03-31", "2026-03-31"]
    ws = openpyxl.load_workbook(folder / "tong_hop_phuong_20260331.xlsx", read_only=True)["Biểu 1-BTCTW"]
    rows = {r[0]: r[1:4] for r in ws.iter_rows(values_only=True) if r and isinstance(r[0], str)}
    closing = rows["D. Đảng viên trong danh sách cuối kỳ báo cáo"]
    members = last["indicators"]["members.total"]
    assert closing[:2] == (4216, members) and members != 4216
    assert closing[2] == round(100 * 4216 / members, 2)


def test_demo_runs_again_into_its_own_folder_but_never_over_a_file_of_an_office(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    """Its earlier files (recognised by the history that consolidated them) are written again;
    a secretary's file put in place of one of them stops the demo before anything is written."""
    import hashlib
    import shutil

    from helpers_validate import write

    assert demo["result"].exit_code == 0, demo["result"].output
    folder = tmp_path / "phuong_mau"
    shutil.copytree(demo["folder"], folder)
    again = CliRunner().invoke(main, ["demo", str(folder), "--seed", "7"])
    assert again.exit_code == 0, again.output
    assert "72 tổ chức, 4.216 đảng viên" in again.stdout

    secretary = write(folder / "nop", "HD05_dang_bo_truong_thpt_tran_hung_dao.xlsx")
    before = {p: hashlib.sha256(p.read_bytes()).digest() for p in folder.rglob("*") if p.is_file()}
    refused = CliRunner().invoke(main, ["demo", str(folder)])
    assert refused.exit_code == 2, refused.output
    assert "“nop/HD05_dang_bo_truong_thpt_tran_hung_dao.xlsx”" in refused.output
    assert {p: hashlib.sha256(p.read_bytes()).digest() for p in folder.rglob("*") if p.is_file()} == before
    assert secretary.is_file()


def test_demo_consolidates_every_organisation_with_its_one_warning(demo: dict[str, Any]) -> None:
    """The sample ward has no error and one warning, as a real ward would: a temporary
    exemption (long treatment) that has run past its 12 months."""
    summary = demo["summary"]
    [issue] = summary["issues"]
    # A member's dates are hidden by default (aggregates only, unless asked for).
    assert (issue["code"], issue["severity"], issue["value"]) == (
        "member.temporary_exemption_long",
        "warning",
        None,
    )
    assert "15/01/2025" not in issue["message"] and HIDDEN in issue["message"]
    assert [o["status"] for o in summary["organisations"]] == ["consolidated"] * 72
    assert summary["cutoff_date"] == "2026-03-31" and summary["period_start"] == "2020-01-01"
    assert summary["ward_name"] == "Phường Mẫu"  # a made-up name heads its forms


@pytest.mark.parametrize("indicator", sorted(REPORT_COUNTS))
def test_demo_count_is_exactly_the_reports(ind: dict[str, Any], indicator: str) -> None:
    assert ind[indicator] == REPORT_COUNTS[indicator]


@pytest.mark.parametrize("indicator", sorted(REPORT_SHARES))
def test_demo_share_within_a_tenth_of_a_point_on_all_members(ind: dict[str, Any], indicator: str) -> None:
    share = 100 * ind[indicator] / ind["members.total"]
    assert abs(share - REPORT_SHARES[indicator]) <= 0.1, (indicator, share)


def test_demo_changes_admissions_training_and_ratings(ind: dict[str, Any]) -> None:
    assert ind["orgs.submitted"] == ind["orgs.consolidated"] == 72
    assert ind["targets.rate.2026"] == REPORT_TARGET_RATE_2026
    assert ind["changes.admissions.2026"] == ind["changes.admissions.q1"] == 15
    assert ind["changes.removed.total"] == 8
    assert ind["changes.strike_ground.absence_or_dues"] == 5
    removed = [ind[f"changes.removed.{y}"] for y in range(2020, 2027)]
    assert removed == sorted(removed, reverse=True) and removed[0] > removed[-1]
    for kind in ("transfer_in", "transfer_out", "died"):
        assert ind[f"changes.{kind}.total"] > 0
    years = range(2020, 2027)
    assert sum(ind[f"training.{y}.new_members_trained"] for y in years) == REPORT_NEW_MEMBERS_TRAINED
    assert sum(ind[f"training.{y}.new_members_completed"] for y in years) == REPORT_NEW_MEMBERS_TRAINED
    assert sum(ind[f"training.{y}.candidates_trained"] for y in years) == REPORT_CANDIDATES_TRAINED
    fails = []
    for y in RATED_YEARS:
        counts = {c: ind[f"ratings.{y}.{c}"] for c in vocab.RATING.codes}
        assert (counts["excellent"] + counts["good"]) / sum(counts.values()) > 0.9, y
        fails.append(counts["fail"])
    assert all(a > b for a, b in zip(fails, fails[1:], strict=False)), fails


def test_demo_organisation_figures_add_up_to_the_ward(demo: dict[str, Any], ind: dict[str, Any]) -> None:
    orgs = demo["summary"]["organisations"]
    for key in ("members.total", "members.probationary", "members.exempt", "changes.admissions.total"):
        assert sum(o["indicators"][key] for o in orgs) == ind[key], key


def test_demo_every_line_of_the_forms_has_its_figure(demo: dict[str, Any], ind: dict[str, Any]) -> None:
    """Every id the official forms name is computed on the demo ward, and every line of the four
    forms that the template collects has a figure, with the ward's new attributes."""
    from toolkit.forms.compute import declared_ids
    from toolkit.forms.tables import FORMS

    named = {key for form in FORMS for key in declared_ids(form)}
    assert sorted(named - set(ind)) == []
    forms = demo["summary"]["forms"]
    for form in FORMS:
        lines = {li.key: li for li in form.lines if hasattr(li, "has_figure")}
        for row in forms[form.code]:
            line = lines.get(row["row"])
            if line is None or line.has_figure:  # Biểu 4's terms are expanded: no table line
                assert row["current"] is not None, (form.code, row)


def test_demo_bieu_1_balances_and_bieu_2_analyses_its_admissions(
    demo: dict[str, Any], ind: dict[str, Any]
) -> None:
    """D = A + B − C on the demo ward and each organisation; Biểu 2's total is Biểu 1's B.1; the
    ward's period figures are the sums of its organisations'; the demo's form period (1/1 to
    31/3/2026) has admissions, so Biểu 2 is not a form of zeros."""
    bieu1 = {row["row"]: row["current"] for row in demo["summary"]["forms"]["bieu1"]}
    bieu2 = {row["row"]: row["current"] for row in demo["summary"]["forms"]["bieu2"]}
    assert bieu1["D"] == bieu1["A"] + bieu1["B"] - bieu1["C"]
    assert bieu1["D"] == ind["members.total"]
    assert bieu2["I"] == bieu1["B.1"] > 0
    assert bieu1["B.2"] == bieu1["B.2.a"] + bieu1["B.2.b"]  # every 2026.2 transfer has its scope
    orgs = [o["indicators"] for o in demo["summary"]["organisations"] if o["status"] == "consolidated"]
    for key in ("period.opening", "period.admitted", "period.transfer_out", "admitted.total"):
        assert sum(o[key] for o in orgs) == ind[key], key
    for o in orgs:
        joined = sum(o[f"period.{k}"] for k in ("admitted", "readmitted", "transfer_in", "restored"))
        left = sum(o[f"period.{k}"] for k in ("died", "expelled", "struck_off", "resigned", "transfer_out"))
        assert o["period.closing"] == o["period.opening"] + joined - left
    bieu4 = {row["label"]: row["current"] for row in demo["summary"]["forms"]["bieu4"]}
    assert bieu4["Kinh"] == ind["members.ethnicity.01"] > 0
    assert ind["members.ethnic_minority"] > 0 and ind["members.religious"] > 0
    assert "Chưa xác định" not in bieu4  # every demo member's ethnicity and religion is known


def test_demo_bieu_2_part_iii_matches_the_files_read_by_hand(
    demo: dict[str, Any], ind: dict[str, Any]
) -> None:
    """The grassroots organisations with an admission in the form period and those saying no
    candidates are left, counted straight from the submissions' cells with openpyxl."""
    import datetime as dt

    import openpyxl

    tiers = {"Đảng bộ cơ sở": "dang_bo_co_so", "Chi bộ cơ sở": "chi_bo_co_so"}
    expected = {
        f"orgs.grassroots.{t}{s}": 0
        for t in tiers.values()
        for s in ("", ".with_admission", ".no_candidates_left")
    }
    for path in sorted((demo["folder"] / "nop").glob("*.xlsx")):
        book = openpyxl.load_workbook(path, read_only=True)
        info = {row[0]: row[1] for row in book["Thông tin"].iter_rows(values_only=True) if row and row[0]}
        tier = tiers.get(info.get("Cấp tổ chức"))
        if tier is None:
            continue
        events = list(book["Biến động"].iter_rows(min_row=2, values_only=True))
        admitted = any(
            r[3] in ("Kết nạp", "Kết nạp lại")
            and isinstance(r[4], dt.datetime)
            and dt.datetime(2026, 1, 1) <= r[4] <= dt.datetime(2026, 3, 31)
            for r in events
        )
        expected[f"orgs.grassroots.{tier}"] += 1
        expected[f"orgs.grassroots.{tier}.with_admission"] += int(admitted)
        expected[f"orgs.grassroots.{tier}.no_candidates_left"] += int(
            info.get("Không còn quần chúng để kết nạp") == "Có"
        )
    assert {key: ind[key] for key in expected} == expected
    assert expected["orgs.grassroots.dang_bo_co_so.with_admission"] > 0
    assert sum(v for k, v in expected.items() if k.endswith("no_candidates_left")) > 0
