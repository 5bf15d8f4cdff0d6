"""Tạo mẫu / `template` with a registry of the template's example row alone (review306 N3).

A run whose registry holds only the shipped example row (CB01 "Chi bộ Tổ dân phố số 1",
`EXAMPLE_ORGANISATION`) and no file of code CB01 goes on without a registry
(`registry.example_only`). But `template --settings` of a fresh workbook (and the Tạo mẫu
button) wrote a pre-filled CB01 file: sent to a real chi bộ and returned, that file carried
CB01, the example registry was then the run's again and every other file `org.unknown`. Now the
example alone makes the blank template only, as without a registry, and says why in Vietnamese.
A registry whose CB01 is the ward's own (another secretary) is used as before."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from helpers_excel import saved_workbook

from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.io.registry import EXAMPLE_ORGANISATION, REGISTRY_SHEET
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import submission_filename

BLANK = "mau_chi_bo.xlsx"
SAID = (
    "mới chỉ có dòng ví dụ của mẫu (CB01 – Chi bộ Tổ dân phố số 1), chưa phải danh mục của "
    "phường, nên chưa tạo biểu mẫu điền sẵn cho tổ chức nào, chỉ tạo biểu mẫu trống "
    "“mau_chi_bo.xlsx”. Hãy xóa dòng ví dụ, điền các tổ chức của phường vào {place} rồi chạy lại "
    "lệnh để có biểu mẫu điền sẵn cho từng tổ chức."
)


def _template(*args: str) -> Any:
    ran = CliRunner().invoke(main, ["template", *args])
    assert ran.exit_code == 0, ran.output
    return ran


def _values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's cell values: what a person sees of the template."""
    wb = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def _blank(tmp_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The blank template as `template` makes it without a registry."""
    _template("--out", str(tmp_path / "khong_danh_muc"))
    return _values(tmp_path / "khong_danh_muc" / BLANK)


def test_template_settings_of_a_fresh_workbook_makes_the_blank_template_only(tmp_path: Path) -> None:
    folder = tmp_path / "bieu_mau"
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", {"TemplateFolder": str(folder)})  # example kept
    ran = _template("--settings", str(book))

    assert sorted(p.name for p in folder.iterdir()) == [BLANK]  # no CB01_chi_bo_to_dan_pho_so_1.xlsx
    assert _values(folder / BLANK) == _blank(tmp_path)
    output = " ".join(ran.output.split())
    assert f"Đã tạo biểu mẫu trống: {folder / BLANK}" in output
    place = f"sheet “{REGISTRY_SHEET}”"
    assert f"Danh mục tổ chức ({place}) " + SAID.format(place=place) in output, output
    assert "điền sẵn trong thư mục" not in output


def test_template_registry_file_of_the_example_alone_makes_the_blank_template_only(tmp_path: Path) -> None:
    registry = write_registry(Registry([EXAMPLE_ORGANISATION]), tmp_path / "dm.xlsx")
    folder = tmp_path / "bieu_mau"
    ran = _template("--registry", str(registry), "--out", str(folder))

    assert sorted(p.name for p in folder.iterdir()) == [BLANK]
    assert _values(folder / BLANK) == _blank(tmp_path)
    output = " ".join(ran.output.split())
    place = "tệp “dm.xlsx”"
    assert f"Danh mục tổ chức ({place}) " + SAID.format(place=place) in output, output


def test_a_wards_own_cb01_still_gets_its_prefilled_template(tmp_path: Path) -> None:
    """Another secretary: the ward's own chi bộ coded CB01, never the example."""
    own = dataclasses.replace(EXAMPLE_ORGANISATION, secretary="Lê Văn Tư")
    registry = write_registry(Registry([own]), tmp_path / "dm.xlsx")
    folder = tmp_path / "bieu_mau"
    ran = _template("--registry", str(registry), "--out", str(folder))

    assert sorted(p.name for p in folder.iterdir()) == [submission_filename(own)]
    assert "dòng ví dụ" not in ran.output
    info = _values(folder / submission_filename(own))["Thông tin"]
    assert "CB01" in [c for row in info for c in row]
