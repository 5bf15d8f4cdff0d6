"""Small checking gaps left by fix280 and review281, each on real files: a target typed in
exponent notation, the settings' ward target above the ward's members, the year hint for a
number with decimals in a date cell, a summary's date that is not YYYY-MM-DD, and a roll-up's
refusal that repeated its advice for every file."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, saved_workbook, write_ward
from toolkit.cli import main
from toolkit.core.errors import RegistryError
from toolkit.io.registry import REGISTRY_SHEET, read_registry

TARGET_CELL = "Chỉ tiêu kết nạp năm chốt (nếu thay)"


# --- 2. a target in exponent notation --------------------------------------------------------


@pytest.mark.parametrize("typed", ["1e9", "1E3", "2e0"])
def test_a_csv_registry_target_in_exponent_notation_is_refused_at_its_cell(
    tmp_path: Path, typed: str
) -> None:
    """`1e9` in a .csv was read as a thousand million (hunt279 N5); `2e0` as 2. A target written
    so is a typo or a spreadsheet's artefact: refused as "2.5" and "1.000" are."""
    path = tmp_path / "danh_muc.csv"
    rows = ["Mã tổ chức,Tên tổ chức đảng,Chỉ tiêu kết nạp 2026", "A1,Chi bộ A,2", f"A2,Chi bộ B,{typed}"]
    path.write_text("\n".join(rows) + "\n", "utf-8")
    with pytest.raises(RegistryError) as err:
        read_registry(path)
    (issue,) = err.value.issues
    assert (issue.code, issue.file, issue.value) == ("registry.bad_target", "danh_muc.csv", typed)
    assert issue.message == (
        f"Dòng 3, cột “Chỉ tiêu kết nạp 2026”: “{typed}” phải là số nguyên không âm, ghi không có dấu "
        "chấm, dấu phẩy (để trống nếu không giao chỉ tiêu)."
    )


def test_an_xlsx_registry_target_typed_as_text_in_exponent_notation_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "danh_muc.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = REGISTRY_SHEET
    ws.append(["Mã tổ chức", "Tên tổ chức đảng", "Chỉ tiêu kết nạp 2026"])
    ws.append(["A1", "Chi bộ A", "1e2"])
    ws.append(["A2", "Chi bộ B", 1e9])  # a number cell: a number, however large (fix280's warning)
    wb.save(path)
    with pytest.raises(RegistryError) as err:
        read_registry(path)
    (issue,) = err.value.issues
    assert (issue.code, issue.cell, issue.value) == ("registry.bad_target", "C2", "1e2")


def test_the_settings_target_typed_as_text_in_exponent_notation_is_refused(tmp_path: Path) -> None:
    write_ward(tmp_path / "bai_nop", with_error=False)
    settings = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "TargetOverride": "1e9"}
    book = saved_workbook(tmp_path / "th.xlsm", settings, REGISTRY)
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book), "--no-history"])
    assert result.exit_code == 2, result.output
    said = f"Ô “{TARGET_CELL}” = “1e9” phải là số nguyên không âm."
    assert said in " ".join(result.output.split()), result.output
