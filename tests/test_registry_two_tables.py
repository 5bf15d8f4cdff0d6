"""A registry workbook with a registry table on more than one sheet (last year's list kept on an
earlier sheet, perhaps hidden, this year's added after it) is refused, naming the sheets, unless
one of them is named `Danh mục tổ chức` (`registry.two_tables`). The first was read in silence:
the organisation added this year got no template and its file was said to be outside the
registry, while the clerk saw it listed."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest
from helpers_ward import CODES, Ward, cli, consolidate, pristine, ward

from toolkit.core.errors import RegistryError
from toolkit.io.registry import HEADERS, REGISTRY_SHEET, read_registry, target_header

__all__ = ["pristine", "ward"]  # fixtures

HEADER = [HEADERS["org_code"], HEADERS["org_name"], target_header(2026)]
NAMES = {code: f"Chi bộ Tổ dân phố số {code[-2:]}" for code in CODES}


def _workbook(path: Path, sheets: list[tuple[str, list[str], bool]]) -> Path:
    """A registry workbook: for each sheet its name, the codes it lists and whether it is hidden."""
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for name, codes, hidden in sheets:
        ws = wb.create_sheet(name)
        ws.append(HEADER)
        for code in codes:
            ws.append([code, NAMES[code], 1])
        if hidden:
            ws.sheet_state = "hidden"
    wb.active = next(i for i, (_, _, hidden) in enumerate(sheets) if not hidden)
    wb.save(path)
    return path


def test_last_years_list_kept_before_this_years_is_refused_naming_both(ward: Ward, tmp_path: Path) -> None:
    # K03 was added this year, on the second sheet.
    registry = _workbook(
        tmp_path / "dm.xlsx", [("DM 2025", ["K01", "K02"], False), ("DM 2026", list(CODES), False)]
    )
    with pytest.raises(RegistryError) as err:
        read_registry(registry)
    (issue,) = err.value.issues
    assert (issue.code, issue.severity, issue.file) == ("registry.two_tables", "error", "dm.xlsx")
    assert issue.message == (
        "Tệp có bảng danh mục tổ chức (dòng tiêu đề có cột “Mã tổ chức”) ở 2 sheet: “DM 2025” "
        "(tiêu đề ở dòng 1), “DM 2026” (tiêu đề ở dòng 1), nên không biết danh mục nào đang dùng. "
        "Hãy đổi tên sheet danh mục đang dùng thành “Danh mục tổ chức” (sheet có tên này được đọc, "
        "các sheet khác bỏ qua), hoặc xóa danh mục cũ khỏi tệp (hoặc chép sang tệp khác)."
    )

    out = tmp_path / "mau"
    made = cli("template", "--registry", registry, "--out", out)
    assert made.exit_code == 2, made.output
    assert "“DM 2025” (tiêu đề ở dòng 1), “DM 2026”" in made.output
    assert not out.exists()  # not two templates of last year's list
    checked = cli("validate", ward.nop, "--registry", registry)
    assert checked.exit_code == 2, checked.output
    assert "không biết danh mục nào đang dùng" in checked.output
    assert "org.unknown" not in checked.output


def test_a_hidden_old_list_is_named_as_hidden(tmp_path: Path) -> None:
    registry = _workbook(
        tmp_path / "dm.xlsx", [("Danh muc cu", ["K01", "K02"], True), ("Danh mục 2026", list(CODES), False)]
    )
    with pytest.raises(RegistryError) as err:
        read_registry(registry)
    (issue,) = err.value.issues
    assert issue.code == "registry.two_tables"
    assert (
        "“Danh muc cu” (sheet đang ẩn, tiêu đề ở dòng 1), “Danh mục 2026” (tiêu đề ở dòng 1)" in issue.message
    )
    assert "Để xem sheet đang ẩn: bấm chuột phải vào tên một sheet, chọn Bỏ ẩn/Unhide." in issue.message


def test_the_sheet_named_danh_muc_to_chuc_is_read_whatever_other_sheets_hold(
    ward: Ward, tmp_path: Path
) -> None:
    registry = _workbook(
        tmp_path / "dm.xlsx", [("DM 2025", ["K01", "K02"], False), (REGISTRY_SHEET, list(CODES), False)]
    )
    reg = read_registry(registry)
    assert [o.org_code for o in reg.organisations] == list(CODES)
    assert reg.warnings == []
    out = tmp_path / "mau"
    made = cli("template", "--registry", registry, "--out", out)
    assert made.exit_code == 0, made.output
    assert len(list(out.iterdir())) == 3
    done_out = tmp_path / "out"
    done_out.mkdir()
    done = consolidate(ward, done_out, "--no-history", registry=registry)
    assert done.exit_code == 0, done.output


def test_two_sheets_both_named_danh_muc_to_chuc_are_refused(tmp_path: Path) -> None:
    # Excel keeps the name as typed: one typed with Unikey's Unicode tổ hợp is another name.
    registry = _workbook(
        tmp_path / "dm.xlsx",
        [
            (REGISTRY_SHEET, ["K01", "K02"], False),
            (unicodedata.normalize("NFD", REGISTRY_SHEET), list(CODES), False),
        ],
    )
    with pytest.raises(RegistryError) as err:
        read_registry(registry)
    (issue,) = err.value.issues
    assert issue.code == "registry.two_tables"
    assert "Hãy chỉ để một sheet tên “Danh mục tổ chức” là danh mục đang dùng" in issue.message


def test_one_table_among_other_sheets_is_read(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "Ghi chú"
    notes.append(["Mã tổ chức là mã do Đảng ủy phường giao"])  # the header word, but no table
    ws = wb.create_sheet("DM 2026")
    ws.append(HEADER)
    ws.append(["K01", NAMES["K01"], 2])
    path = tmp_path / "dm.xlsx"
    wb.save(path)
    assert [o.org_code for o in read_registry(path).organisations] == ["K01"]
