"""An organisation outside the registry that sent a file is not one of the registry's "bị loại":
the console's second line counts those of the registry (review335 F3), so the lines naming each
organisation left out, and row 3 of the sheets, must not call it "bị loại" too: "1 tổ chức bị
loại vì tệp có lỗi." above two lines "– … bị loại: …" read as a wrong count (hunt337 F1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers_ward import CODES, Ward, consolidate, organisation, pristine, ward
from openpyxl import load_workbook

from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.sheets import SHEET_SUMMARY

__all__ = ["pristine", "ward"]  # fixtures


def test_the_organisation_outside_the_registry_is_not_named_among_those_bi_loai(
    ward: Ward, tmp_path: Path
) -> None:
    # K01 and K02 in the registry, K03 sent a file but is outside it; K02's file gets an error.
    registry = write_registry(Registry([organisation(c) for c in CODES[:2]]), tmp_path / "danh_muc.xlsx")
    wb = load_workbook(ward.files["K02"])
    wb["Đảng viên"]["C2"].value = dt.datetime(1902, 1, 1)  # 124 at the cut-off: an error
    wb.save(ward.files["K02"])
    out = tmp_path / "out"
    out.mkdir()
    result = consolidate(ward, out, "--history", tmp_path / "lich_su.sqlite", registry=registry)
    lines = result.output.splitlines()
    assert "1 tổ chức bị loại vì tệp có lỗi." in lines, result.output
    named = [line for line in lines if line.startswith("  – ") and " bị loại: " in line]
    assert len(named) == 1 and named[0].startswith("  – K02 bị loại: "), result.output
    k03 = [line for line in lines if line.startswith("  – K03 ")]
    assert k03 == [k03[0]] and k03[0].startswith(
        "  – K03 chưa có trong danh mục, không được tổng hợp: tệp "
    ), result.output

    row3 = load_workbook(out / "tong_hop.xlsx")[SHEET_SUMMARY]["A3"].value
    assert "K02 bị loại: " in row3 and "K03 bị loại" not in row3, row3
    assert "K03 chưa có trong danh mục, không được tổng hợp: tệp " in row3, row3
