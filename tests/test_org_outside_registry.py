"""A file of an organisation the registry does not list (a new party cell not yet added): its
members are left out of every figure, so every count of organisations and every note of
incomplete figures counts it among the organisations expected (`toolkit.stats.coverage`)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers_ward import CODES, Ward, consolidate, organisation, pristine, ward
from openpyxl import load_workbook

from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.sheets import SHEET_REPORT, SHEET_SUMMARY, SHEET_TREND

__all__ = ["pristine", "ward"]  # fixtures

OUTSIDE_LINE = "Tổ chức chưa có trong danh mục có nộp tệp (không được tổng hợp)"
FORMS = ("Biểu 1-BTCTW", "Biểu 2-BTCTW", "Biểu 3-BTCTW", "Biểu 4-BTCTW")


def _texts(ws) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_a_file_outside_the_registry_is_counted_among_the_organisations_expected(
    ward: Ward, tmp_path: Path
) -> None:
    registry = write_registry(Registry([organisation(c) for c in CODES[:2]]), tmp_path / "danh_muc.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    result = consolidate(ward, out, "--history", tmp_path / "lich_su.sqlite", registry=registry)
    assert result.exit_code == 1, result.output  # K03's file is an error (org.unknown)
    assert "Đã tổng hợp 2/3 tổ chức" in result.output

    doc = json.loads((out / "tong_hop.json").read_text("utf-8"))
    ind = doc["indicators"]
    assert (ind["orgs.registered"], ind["orgs.submitted"], ind["orgs.consolidated"]) == (2, 2, 2)
    assert ind["orgs.unregistered"] == 1
    assert len(doc["organisations"]) == ind["orgs.registered"] + ind["orgs.unregistered"]

    wb = load_workbook(out / "tong_hop.xlsx")
    summary = wb[SHEET_SUMMARY]
    rows = {summary.cell(r, 1).value: r for r in range(1, summary.max_row + 1)}
    submitted = rows["Đã nộp số liệu"]
    assert summary.cell(submitted, 2).value == 2 and summary.cell(submitted, 3).value == 1  # never 150%
    assert summary.cell(rows[OUTSIDE_LINE], 2).value == 1
    assert summary["A3"].value.startswith("Chưa đủ số liệu: 1/3 tổ chức chưa được tổng hợp")

    expected = "2/3 tổ chức (trong số 3 tổ chức có 1 tổ chức chưa có trong danh mục)"
    assert any(t.startswith(f"Số liệu tổng hợp từ {expected}") for t in _texts(wb[SHEET_REPORT]))
    trend = wb[SHEET_TREND]
    header = next(c for c in trend[4] if c.value == "Tổ chức được tổng hợp")
    assert trend.cell(5, header.column).value == "2/3"
    for name in FORMS:  # the forms go up the chain on their own: they say they are incomplete
        note = f"Ghi chú: Số liệu của {expected.replace('tổ chức', 'tổ chức đảng', 1)}: "
        assert any(t.startswith(note) for t in _texts(wb[name])), name
