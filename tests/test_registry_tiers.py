"""The ward's organisations by tier and sector (`orgs.tier.*`, `orgs.sector.*`: `Tổng hợp`
section A, the report) count each organisation as the rest of the run has it: the registry's
`Cấp tổ chức`/`Khối`, else what its file's `Thông tin` says, else `unknown` ("Chưa rõ"), so
each breakdown adds up to the organisations. A value typed once in cells merged down over
several registry rows is each row's (`registry._unmerge`); a merged target warns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
from helpers_ward import CODES, Ward, consolidate, pristine, ward
from openpyxl import load_workbook

from toolkit.core import vocab
from toolkit.io.registry import HEADERS, read_registry, target_header
from toolkit.outputs.report_figures import main_figures
from toolkit.outputs.sheets import SHEET_REPORT, SHEET_SUMMARY
from toolkit.stats.sums import with_implied_parts

__all__ = ["pristine", "ward"]  # fixtures

ORG_UNKNOWN_LABEL = "Chưa rõ (danh mục không ghi, tệp chưa nộp hoặc không dùng được)"
NAMES = {code: f"Chi bộ Tổ dân phố số {code[-2:]}" for code in (*CODES, "K04")}


def _registry(path: Path, header: list[str], rows: list[list[Any]], merge: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Danh mục tổ chức"
    ws.append(header)
    for row in rows:
        ws.append(row)
    for cells in merge:
        ws.merge_cells(cells)
    wb.save(path)
    return path


def _section_a(path: Path) -> dict[str, tuple[Any, Any]]:
    ws = load_workbook(path)[SHEET_SUMMARY]
    lines: dict[str, tuple[Any, Any]] = {}
    for r in range(1, ws.max_row + 1):
        label = ws.cell(r, 1).value
        if label == "B. ĐẢNG VIÊN" or (isinstance(label, str) and label.startswith("B.")):
            break
        if isinstance(label, str):
            lines.setdefault(label, (ws.cell(r, 2).value, ws.cell(r, 3).value))
    return lines


def _report(path: Path) -> str:
    ws = load_workbook(path)[SHEET_REPORT]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    return next(t for t in texts if t.startswith("Tính đến ngày"))


def test_a_registry_without_tier_and_sector_counts_what_the_files_say(ward: Ward, tmp_path: Path) -> None:
    # Only the required columns; K04 is listed and sent no file, so nothing says its tier.
    registry = _registry(
        tmp_path / "danh_muc.xlsx",
        [HEADERS["org_code"], HEADERS["org_name"]],
        [[code, NAMES[code]] for code in (*CODES, "K04")],
    )
    out = tmp_path / "out"
    out.mkdir()
    done = consolidate(ward, out, "--no-history", registry=registry)
    assert done.exit_code == 0, done.output
    assert "1 tổ chức chưa nộp tệp." in done.output  # K04

    ind = json.loads((out / "tong_hop.json").read_text("utf-8"))["indicators"]
    assert ind["orgs.registered"] == 4
    tiers = {c: ind[f"orgs.tier.{c}"] for c in (*vocab.ORG_TIER.codes, "unknown")}
    sectors = {c: ind[f"orgs.sector.{c}"] for c in (*vocab.SECTOR.codes, "unknown")}
    # Every file says "Chi bộ trực thuộc" and "Chi bộ tổ dân phố"; the registry says nothing.
    assert tiers == {"dang_bo_co_so": 0, "chi_bo_co_so": 0, "chi_bo_truc_thuoc": 3, "unknown": 1}
    assert sectors == {
        "su_nghiep": 0,
        "co_quan": 0,
        "luc_luong_vu_trang": 0,
        "to_dan_pho": 3,
        "doanh_nghiep": 0,
        "unknown": 1,
    }

    lines = _section_a(out / "tong_hop.xlsx")
    assert lines["Tổng số tổ chức đảng trực thuộc"][0] == 4
    assert lines["Chi bộ trực thuộc"] == (3, 0.75)
    assert lines["Chi bộ tổ dân phố"] == (3, 0.75)
    assert lines[ORG_UNKNOWN_LABEL] == (1, 0.25)  # once per breakdown: both read alike
    # A summary of an older version has no `unknown`: implied exactly (what it counted nowhere).
    older = {k: v for k, v in ind.items() if k not in ("orgs.tier.unknown", "orgs.sector.unknown")}
    implied = with_implied_parts(older)
    assert (implied["orgs.tier.unknown"], implied["orgs.sector.unknown"]) == (1, 1)

    text = _report(out / "tong_hop.xlsx")
    assert "có 04 tổ chức đảng, trong đó có 03 chi bộ trực thuộc, 01 tổ chức chưa rõ cấp tổ chức." in text
    assert "Theo khối: chi bộ tổ dân phố 03 tổ chức; chưa rõ khối 01 tổ chức." in text
    summary = json.loads((out / "tong_hop.json").read_text("utf-8"))
    table = {f.label: f.value for f in main_figures(summary)}  # the report's table of main figures
    assert (table["Chi bộ trực thuộc"], table["Chưa rõ cấp tổ chức"]) == (3, 1)


def test_a_sector_merged_over_registry_rows_is_each_rows(ward: Ward, tmp_path: Path) -> None:
    header = [HEADERS[k] for k in ("org_code", "org_name", "org_tier", "sector")] + [target_header(2026)]
    tier = vocab.ORG_TIER.label("chi_bo_co_so")
    sector = vocab.SECTOR.label("co_quan")  # typed once in D2, merged over D2:D4 (K01–K03)
    rows = [[code, NAMES[code], tier, sector if code == "K01" else None, 2] for code in CODES]
    registry = _registry(tmp_path / "danh_muc.xlsx", header, rows, merge=("D2:D4", "E3:E4"))

    read = read_registry(registry)
    assert [o.sector for o in read.organisations] == ["co_quan"] * 3
    assert [o.targets for o in read.organisations] == [{2026: 2}, {2026: 2}, {}]
    (warning,) = read.warnings  # the target typed once over K02 and K03: whose is it?
    assert warning.code == "registry.merged_target" and warning.cell == "E3"
    assert "Các ô E3:E4 bị gộp" in warning.message and "còn ô E4 được đọc là trống" in warning.message

    out = tmp_path / "out"
    out.mkdir()
    done = consolidate(ward, out, "--no-history", registry=registry)
    assert done.exit_code == 0, done.output
    doc = json.loads((out / "tong_hop.json").read_text("utf-8"))
    assert [i["cell"] for i in doc["issues"] if i["code"] == "registry.merged_target"] == ["E3"]
    ind = doc["indicators"]
    # The registry's value over the files' ("Chi bộ tổ dân phố"), for all three rows of the block.
    assert (ind["orgs.sector.co_quan"], ind["orgs.sector.to_dan_pho"], ind["orgs.sector.unknown"]) == (
        3,
        0,
        0,
    )
    assert [o["sector"] for o in doc["organisations"]] == ["co_quan"] * 3
    assert _section_a(out / "tong_hop.xlsx")[sector] == (3, 1)
    assert ORG_UNKNOWN_LABEL not in _section_a(out / "tong_hop.xlsx")
