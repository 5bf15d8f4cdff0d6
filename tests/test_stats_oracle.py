"""The ward statistics against an independent oracle (hunt267): the JSON summary's indicators,
`Tổng hợp` (sections A–E, count, share and base of every line), `Theo tổ chức` (each
organisation's row and the total row, which is the ward's figure), `Biến động theo năm`,
`Xếp loại theo năm` and every number of the report paragraph (`Báo cáo`), each printed share
also recomputed from the counts printed beside it.

`helpers_stats_oracle` reads the raw workbooks and the registry with openpyxl and computes the
figures from docs/design.md (its docstring lists each rule with its line); toolkit is used only
to make the sample ward and to consolidate. Then the same on the messier ward of
`helpers_forms_mess` (text dates, case, abbreviations, a restoration, a readmission, an
expulsion on the cut-off day, moves inside the ward matched and in transit). What
`test_forms_oracle` checks (Biểu 1–4) is not checked again; the report's in-transit paragraph
is held to that oracle's Biểu 1.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import helpers_stats_oracle as oracle
import pytest
from click.testing import CliRunner
from helpers_forms_mess import make_mess

from toolkit.cli import main

CUTOFF = dt.date(2026, 3, 31)
FORMS_START = dt.date(2026, 1, 1)
LAST_YEAR = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))

pytestmark = pytest.mark.slow  # three consolidations of 72 files (~1.5 min)


@pytest.fixture(scope="module")
def sample(sample_ward: Path) -> Path:
    return sample_ward  # conftest's, shared and read-only: the report's .md goes elsewhere


@pytest.fixture(scope="module")
def messy(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stats_oracle_mess") / "phuong"
    shutil.copytree(sample, folder)
    make_mess(folder / "nop")
    oracle.more_mess(folder / "nop")
    result = CliRunner().invoke(
        main,
        [
            "consolidate", str(folder / "nop"),
            "--registry", str(folder / "danh_muc_to_chuc.xlsx"),
            "--cutoff", "31/03/2026",
            "--ward-name", "Phường Mẫu",
            "-o", str(folder / "tong_hop_phuong_20260331.xlsx"),
            "--json", str(folder / "tong_hop_phuong_20260331.json"),
            "--history", str(folder / "lich_su_tong_hop.sqlite"),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def late_start(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample ward consolidated from 15/04/2023 (`--since`): a first year the period starts
    inside, its changes counted from that day, its ratings and training whole (l. 3817–3826)."""
    folder = tmp_path_factory.mktemp("stats_oracle_since") / "phuong"
    shutil.copytree(sample, folder, ignore=shutil.ignore_patterns("tong_hop_*"))
    result = CliRunner().invoke(
        main,
        [
            "consolidate", str(folder / "nop"),
            "--registry", str(folder / "danh_muc_to_chuc.xlsx"),
            "--cutoff", "31/03/2026",
            "--since", "15/04/2023",
            "--ward-name", "Phường Mẫu",
            "-o", str(folder / "tong_hop_phuong_20260331.xlsx"),
            "--json", str(folder / "tong_hop_phuong_20260331.json"),
            "--history", str(folder / "lich_su_tong_hop.sqlite"),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return folder


def _disagreements(ward: Path, md: Path, since: dt.date | None = None) -> list[str]:
    stem = ward / "tong_hop_phuong_20260331"
    summary: dict[str, Any] = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
    workbook = stem.with_suffix(".xlsx")
    orgs, ethnic = oracle.read(ward / "nop", ward / "danh_muc_to_chuc.xlsx")
    start = since or oracle.period_start(orgs, CUTOFF)
    assert summary["period_start"] == start.isoformat()
    o = oracle.ward_figures(orgs, ethnic, start, CUTOFF)
    before, _ = oracle.read(ward / "nam_truoc" / "nop", ward / "danh_muc_to_chuc.xlsx")
    prev = oracle.figures([x for x in before.values() if x.file], ethnic, dt.date(2019, 1, 1), LAST_YEAR[1])
    now_flows, then_flows = oracle.flows(orgs, FORMS_START, CUTOFF), oracle.flows(before, *LAST_YEAR)
    flows = (now_flows[0], then_flows[0], now_flows[1], then_flows[1])
    transit = oracle.in_transit(ward / "nop", FORMS_START, CUTOFF, ethnic)
    out = oracle.compare_indicators(summary["indicators"], o)
    for org in summary["organisations"]:  # each organisation's figures in the JSON too
        # an organisation's summary has no targets (the registry's, the ward's only)
        mine = {k: v for k, v in oracle.figures([orgs[org["org_code"]]], ethnic, start, CUTOFF).items()
                if not k.startswith("targets.")}  # fmt: skip
        out += [f"{org['org_code']}: {d}" for d in oracle.compare_indicators(org["indicators"], mine)]
    out += oracle.compare_summary_sheet(workbook, o, ethnic, start, CUTOFF)
    out += oracle.compare_changes_sheet(workbook, o, start, CUTOFF)
    out += oracle.compare_ratings_sheet(workbook, o, start, CUTOFF)
    out += oracle.compare_by_org(workbook, orgs, o, ethnic, start, CUTOFF)
    text = oracle.report_text(workbook)
    out += oracle.compare_report(text, o, ethnic, start, CUTOFF, prev, flows, transit)
    # `ward-stats report` (Markdown, from the JSON) says the same paragraphs the sheet checked says
    result = CliRunner().invoke(main, ["report", str(stem.with_suffix(".json")), "-o", str(md)])
    assert result.exit_code == 0, result.output
    lines = {
        re.sub(r"\*\*|\*|^#+ ", "", line).strip() for line in md.read_text(encoding="utf-8").splitlines()
    }
    lines_ = text.split("\n")
    first = next(i for i, p in enumerate(lines_) if p.startswith("Số liệu tính đến ngày")) + 1
    paragraphs = [p.strip() for p in lines_[first:] if p.strip()]  # after the title and its subtitle
    out += [f"report .md lacks the sheet's paragraph: {p[:80]}…" for p in paragraphs if p not in lines]
    return out


def test_sample_ward_statistics_agree_with_the_oracle(sample: Path, tmp_path: Path) -> None:
    assert _disagreements(sample, tmp_path / "bao_cao.md") == []


def test_messy_ward_statistics_agree_with_the_oracle(messy: Path, tmp_path: Path) -> None:
    summary = json.loads((messy / "tong_hop_phuong_20260331.json").read_text(encoding="utf-8"))
    ind = summary["indicators"]
    # the mess reaches the figures the sample ward leaves at 0
    assert all(
        ind[k] for k in ("changes.readmitted.total", "changes.restored.total", "changes.resigned.2025")
    )
    assert ind["members.exempt_reason.unknown"] == 1  # `more_mess`: its own line, sheet and report
    assert ind["orgs.consolidated"] == 72  # the edges are no errors
    assert _disagreements(messy, tmp_path / "bao_cao.md") == []


def test_late_start_statistics_agree_with_the_oracle(late_start: Path, tmp_path: Path) -> None:
    summary = json.loads((late_start / "tong_hop_phuong_20260331.json").read_text(encoding="utf-8"))
    assert summary["indicators"]["changes.admissions.2023"] < summary["indicators"]["targets.2023"]
    assert _disagreements(late_start, tmp_path / "bao_cao.md", dt.date(2023, 4, 15)) == []


def test_the_report_parser_reads_what_it_checks() -> None:
    """The oracle's report check is no rubber stamp: a wrong count, a share not of the printed
    counts, a "chủ yếu do" of a minority and a number no claim names are each said."""
    o = {"changes.removed.total": 3, "changes.struck_off.total": 3, "changes.expelled.total": 0,
         "changes.resigned.total": 0, "changes.strike_ground.absence_or_dues": 1,
         "changes.removed.2026": 3, "members.total": 100, "members.working_away": 4}  # fmt: skip
    txt = (
        "Từ năm 2026 đến ngày 31/3/2026, đưa ra khỏi Đảng 03 đồng chí, gồm: xóa tên 03 đồng chí, chủ yếu do "
        "bỏ sinh hoạt hoặc không đóng đảng phí 3 tháng trong năm (01 đồng chí). Theo năm: năm 2026: 03.\n"
        "Số đảng viên đi làm ăn xa là 05 đồng chí (4% tổng số đảng viên). Có 7 điều lạ."
    )
    diffs = oracle.compare_report(txt, defaultdict(int, o), ["Kinh"], dt.date(2026, 1, 1), CUTOFF, None, None)
    said = "\n".join(diffs)
    assert "'chủ yếu do' of 1 of 3 struck off" in said
    assert "report working away: prints 5; oracle 4" in said
    assert "report working away %: prints 4.0; oracle 5.0" in said  # 4% printed beside 5 of 100
    assert "number '7' checked by no claim" in said
