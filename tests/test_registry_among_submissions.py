"""The ward registry workbook kept in the folder of submissions (even the very file named as
`--registry`) was read as a submission: `file.not_template` ("use the form the Office sent")
and `file.unknown_org` in every run, exit code 1, "72/73 tệp không có lỗi". A registry .csv
there was already left out. Now a workbook that is not the template and has the registry's
header row (`Mã tổ chức` and `Tên tổ chức đảng` in one row, among a sheet's first ten) is
left out too, silently, as ward-stats' own workbooks are."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.io.reader import read_submission
from toolkit.outputs.registry_file import write_registry
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))


def _folder(tmp_path: Path) -> tuple[Path, Path]:
    nop = tmp_path / "nop"
    nop.mkdir()
    orgs = sample_orgs(47, [5, 6], PERIOD)
    for org in orgs:
        org.write(nop / f"{org.organisation.org_code}_chi_bo.xlsx")
    registry = Registry([o.organisation for o in orgs])
    reg = write_registry(registry, nop / "danh_muc_to_chuc.xlsx")
    # An older copy, its table on a second sheet after a notes sheet.
    wb = openpyxl.Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "Ghi chú"
    notes["A1"] = "Danh mục cũ"
    ws = wb.create_sheet("DM 2025")
    ws.append(["DANH MỤC TỔ CHỨC ĐẢNG"])
    ws.append(["Mã tổ chức", "Tên tổ chức đảng"])
    for org in registry.organisations:
        ws.append([org.org_code, org.org_name])
    wb.save(nop / "danh_muc_cu.xlsx")
    # Not a registry: the `Thông tin` labels down column A, as a workbook of one sheet copied
    # out of a submission has them.
    wb = openpyxl.Workbook()
    info = wb.active
    assert info is not None
    info.append(["Mã tổ chức", "S01"])
    info.append(["Tên tổ chức đảng", "Chi bộ mẫu S số 1"])
    wb.save(nop / "thong_tin_rieng.xlsx")
    return nop, reg


def test_a_registry_workbook_among_the_submissions_is_left_out(tmp_path: Path) -> None:
    nop, reg = _folder(tmp_path)
    assert read_submission(reg).own_output
    assert read_submission(nop / "danh_muc_cu.xlsx").own_output
    other = read_submission(nop / "thong_tin_rieng.xlsx")
    assert not other.own_output and [i.code for i in other.issues] == ["file.not_template"]

    out = tmp_path / "kq"
    out.mkdir()
    result = CliRunner().invoke(
        main,
        [
            "consolidate",
            str(nop),
            "--registry",
            str(reg),
            "--since",
            "2025-01-01",
            "--cutoff",
            "2026-03-31",
            "-o",
            str(out / "tong_hop.xlsx"),
            "--json",
            str(out / "tong_hop.json"),
            "--history",
            str(tmp_path / "lich_su.sqlite"),
        ],
    )
    assert "Traceback" not in result.output, result.output
    assert "danh_muc" not in result.output, result.output
    summary = json.loads((out / "tong_hop.json").read_text(encoding="utf-8"))
    files = {i.get("file") for i in summary["issues"]}
    assert "danh_muc_to_chuc.xlsx" not in files and "danh_muc_cu.xlsx" not in files
    assert "thong_tin_rieng.xlsx" in files  # a stray workbook is still said
    assert {o["org_code"]: o["status"] for o in summary["organisations"]} == {
        "S01": "consolidated",
        "S02": "consolidated",
    }
