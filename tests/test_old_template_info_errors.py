"""Error values on the `Thông tin` sheet of a 2026.1 submission are judged as on the current
template's: one in column B is named by its item, with that item's advice; one beside the items
is not read, so it keeps no organisation out of the consolidation (hunt70 #1)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
from helpers_validate import codes, only, rewrite_zip, run, sheet_part, write, write_old

from toolkit.core import layout
from toolkit.pipeline import consolidate

OLD = layout.LAYOUT_2026_1


def _plant_errors(path: Path, cells: dict[str, tuple[str, str]]) -> Path:
    """Each cell of `cells` (ref → (formula, error value)) becomes that formula with that error
    as its cached result, as Excel saves a formula gone wrong."""
    wb = openpyxl.load_workbook(path)
    for ref in cells:
        if wb[layout.SHEET_INFO][ref].value is None:
            wb[layout.SHEET_INFO][ref] = 1
    wb.save(path)
    part = sheet_part(path, layout.SHEET_INFO)

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        xml = data.decode("utf-8")
        for ref, (formula, error) in cells.items():
            xml, n = re.subn(
                rf'<c r="{ref}"( s="\d+")?( t="n")?><v>[^<]*</v></c>',
                rf'<c r="{ref}"\1 t="e"><f>{formula}</f><v>{error}</v></c>',
                xml,
            )
            assert n == 1, ref
        return xml.encode("utf-8")

    rewrite_zip(path, change)
    return path


def test_an_error_in_an_old_files_item_is_named_as_that_item(tmp_path: Path) -> None:
    cutoff = OLD.info.cell("cutoff_date")
    assert cutoff == "B7"  # 2026.1 has no “Không còn quần chúng để kết nạp” above it
    (tmp_path / "cu").mkdir()
    (tmp_path / "moi").mkdir()
    wrong = ("EOMONTH(Z1,0)", "#VALUE!")
    old = _plant_errors(write_old(tmp_path / "cu"), {cutoff: wrong})
    current = _plant_errors(write(tmp_path / "moi"), {layout.INFO.cell("cutoff_date"): wrong})
    issue = only(run(old).issues, "cell.error_value")
    assert issue.sheet == layout.SHEET_INFO and issue.cell == "B7"
    assert issue.message.startswith("Mục “Ngày chốt số liệu” (sheet “Thông tin”, ô B7): ")
    assert "ghi thẳng ngày dạng dd/mm/yyyy" in issue.message
    assert "Tên tổ chức đảng" not in issue.message and "Dòng 7" not in issue.message
    # The same words as the current template's file, but for the cell.
    same = only(run(current).issues, "cell.error_value")
    assert same.cell == "B8" and issue.message == same.message.replace("ô B8", "ô B7")


def test_an_error_beside_an_old_files_items_is_not_read(tmp_path: Path) -> None:
    beside = {"D3": ("VLOOKUP(B1,Z:Z,2,0)", "#N/A")}
    (tmp_path / "cu").mkdir()
    (tmp_path / "moi").mkdir()
    old = _plant_errors(write_old(tmp_path / "cu"), beside)
    current = _plant_errors(write(tmp_path / "moi"), beside)
    assert codes(run(current).issues) == []
    assert codes(run(old).issues) == ["file.old_template"]
    result = consolidate([tmp_path / "cu"], cutoff=dt.date(2026, 3, 31), ward_name="Phường Thử")
    assert [i.code for i in result.issues] == ["file.old_template"]
    assert result.count("consolidated") == 1
    assert [o.org_code for o in result.organisations] == ["CB07"]
