"""Registry reading (.xlsx and .csv), pre-filled templates, and clear errors for bad registries."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.errors import RegistryError
from toolkit.core.model import Organisation, Registry
from toolkit.io.registry import (
    HEADERS,
    REGISTRY_SHEET,
    parse_registry_rows,
    read_registry,
    target_header,
)
from toolkit.outputs.registry_file import write_registry

THREE = Registry(
    [
        Organisation(
            "HD01",
            "Đảng bộ Trường THPT Nguyễn Trãi",
            "dang_bo_co_so",
            "su_nghiep",
            "Trần Văn An",
            {2025: 3, 2026: 2},
        ),
        Organisation(
            "HD02", "Chi bộ Tổ dân phố số 5", "chi_bo_truc_thuoc", "to_dan_pho", "Lê Thị Bình", {2026: 1}
        ),
        Organisation("HD03", "Chi bộ Công an phường", "chi_bo_co_so", "luc_luong_vu_trang", None, {}),
    ]
)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    path = write_registry(THREE, tmp_path / f"dm{suffix}")
    reg = read_registry(path)
    assert [o.org_code for o in reg.organisations] == ["HD01", "HD02", "HD03"]
    assert reg.organisations[0] == THREE.organisations[0]
    assert reg.organisations[2].secretary is None
    assert reg.target(2026) == 3
    assert reg.target(2025) == 3
    assert reg.target(2024) == 0


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "dm.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_registry_accepts_aliases_title_row_and_semicolons(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "DANH MỤC TỔ CHỨC ĐẢNG;;;;\n"
        "mã tổ chức;Tên tổ chức đảng;Cấp tổ chức;Khối;Chỉ tiêu kết nạp 2026\n"
        "A1;Chi bộ A;  chi bộ trực thuộc ;TDP;4\n",
    )
    reg = read_registry(path)
    org = reg.organisations[0]
    assert (org.org_tier, org.sector, org.targets) == ("chi_bo_truc_thuoc", "to_dan_pho", {2026: 4})


@pytest.mark.parametrize(
    "text, code, cell, fragment",
    [
        (
            "Tên tổ chức đảng,Khối\nChi bộ A,Doanh nghiệp\n",
            "registry.no_header",
            None,
            "Không thấy dòng tiêu đề",
        ),
        (
            "Mã tổ chức,Khối\nA1,Doanh nghiệp\n",
            "registry.missing_column",
            None,
            "Thiếu cột “Tên tổ chức đảng”",
        ),
        ("Mã tổ chức,Tên tổ chức đảng\nA1,X\nA1,Y\n", "registry.duplicate_code", None, "trùng với dòng 2"),
        (
            "Mã tổ chức,Tên tổ chức đảng,Khối\nA1,X,Doanh nghep\n",
            "registry.not_allowed",
            None,
            "có phải “Doanh nghiệp”",
        ),
        (
            "Mã tổ chức,Tên tổ chức đảng,Chỉ tiêu kết nạp 2026\nA1,X,ba\n",
            "registry.bad_target",
            None,
            "số nguyên không âm",
        ),
        ("Mã tổ chức,Tên tổ chức đảng\n", "registry.empty", None, "chưa có tổ chức nào"),
    ],
)
def test_malformed_registry_is_explained(
    tmp_path: Path, text: str, code: str, cell: str | None, fragment: str
) -> None:
    with pytest.raises(RegistryError) as err:
        read_registry(_csv(tmp_path, text))
    (issue,) = err.value.issues
    assert (issue.code, issue.file, issue.cell) == (code, "dm.csv", cell)
    assert fragment in issue.message
    assert err.value.message_vi == f"Danh mục tổ chức dm.csv: {issue.message}"


def test_every_registry_problem_is_an_issue_at_its_cell(tmp_path: Path) -> None:
    table = [
        ["DANH MỤC", None, None, None],
        ["Mã tổ chức", "Tên tổ chức đảng", "Khối", "Chỉ tiêu kết nạp 2026"],
        ["A1", "Chi bộ A", "Doanh nghiệp", 2],
        [None, "Chi bộ không mã", None, None],
        ["A1", "Chi bộ trùng mã", None, None],
        ["A3", None, "Khối lạ", "-1"],
    ]
    with pytest.raises(RegistryError) as err:
        parse_registry_rows(table, "Sheet “Danh mục tổ chức”", file="tong_hop.xlsm")
    found = [(i.code, i.sheet, i.cell, i.column, i.value) for i in err.value.issues]
    assert found == [
        ("registry.code_missing", REGISTRY_SHEET, "A4", "Mã tổ chức", None),
        ("registry.duplicate_code", REGISTRY_SHEET, "A5", "Mã tổ chức", "A1"),
        ("registry.name_missing", REGISTRY_SHEET, "B6", "Tên tổ chức đảng", None),
        ("registry.not_allowed", REGISTRY_SHEET, "C6", "Khối", "Khối lạ"),
        ("registry.bad_target", REGISTRY_SHEET, "D6", "Chỉ tiêu kết nạp 2026", "-1"),
    ]
    assert err.value.message_vi.splitlines()[0] == "Sheet “Danh mục tổ chức” có 5 lỗi:"
    assert "Dòng 6, cột “Khối” (ô C6)" in err.value.message_vi
    assert all(i.file == "tong_hop.xlsm" and i.severity == "error" for i in err.value.issues)


def test_broken_xlsx_registry(tmp_path: Path) -> None:
    path = tmp_path / "dm.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(RegistryError, match="không phải tệp Excel"):
        read_registry(path)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_cli_prefilled_templates(tmp_path: Path, suffix: str) -> None:
    reg_path = write_registry(THREE, tmp_path / f"dm{suffix}")
    out = tmp_path / "mau"
    result = CliRunner().invoke(main, ["template", "--registry", str(reg_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "HD01_dang_bo_truong_thpt_nguyen_trai.xlsx",
        "HD02_chi_bo_to_dan_pho_so_5.xlsx",
        "HD03_chi_bo_cong_an_phuong.xlsx",
    ]
    ws = openpyxl.load_workbook(out / names[0])[layout.SHEET_INFO]
    values = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, 12)}
    assert values[HEADERS["org_code"]] == "HD01"
    assert values[HEADERS["org_name"]] == "Đảng bộ Trường THPT Nguyễn Trãi"
    assert values[HEADERS["org_tier"]] == "Đảng bộ cơ sở"
    assert values[HEADERS["sector"]] == "Khối sự nghiệp"
    assert values[HEADERS["secretary"]] == "Trần Văn An"


def test_cli_blank_template(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["template", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / layout.TEMPLATE_FILENAME).is_file()


def test_cli_malformed_registry_exit_2(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Mã tổ chức,Tên tổ chức đảng\nA1,X\nA1,Y\n")
    result = CliRunner().invoke(main, ["template", "--registry", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "trùng" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_target_header_format() -> None:
    assert target_header(2026) == "Chỉ tiêu kết nạp 2026"


def test_a_registry_sheet_calamine_cannot_read_is_explained(tmp_path: Path) -> None:
    """A sheet whose XML is broken (an unclosed `</sheetData`) was calamine's own error."""
    from helpers_validate import rewrite_zip

    path = write_registry(THREE, tmp_path / "dm.xlsx")
    rewrite_zip(
        path,
        lambda name, data: (
            data.replace(b"</sheetData>", b"</sheetData") if name.startswith("xl/worksheets/") else data
        ),
    )
    with pytest.raises(RegistryError, match="không phải tệp Excel") as caught:
        read_registry(path)
    assert [i.code for i in caught.value.issues] == ["registry.unreadable"]


def _xlsx(
    tmp_path: Path, rows: list[list[object]], sheet: str = REGISTRY_SHEET, name: str = "dm.xlsx"
) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


_FIXED = [HEADERS[k] for k in ("org_code", "org_name", "org_tier", "sector", "secretary")]


@pytest.mark.parametrize(
    "header",
    [
        "Chỉ tiêu kết nạp 2026",
        "Chỉ tiêu kết nạp năm 2026",
        "chỉ tiêu kết nạp (2026)",
        "Chỉ tiêu kết nạp 2026 (người)",
        "Chỉ tiêu kết nạp đảng viên năm 2026 (đảng viên)",
    ],
)
def test_a_target_header_with_its_year_written_naturally_is_read(tmp_path: Path, header: str) -> None:
    """A header "Chỉ tiêu kết nạp năm 2026" was left out in silence: the ward's target was 0 and the
    report said no target was set."""
    path = _xlsx(tmp_path, [[*_FIXED, header], ["HD01", "Chi bộ 1", None, None, None, 3]])
    assert read_registry(path).target(2026) == 3


@pytest.mark.parametrize("header", ["Chỉ tiêu kết nạp", "Chỉ tiêu kết nạp 26", "Chỉ tiêu kết nạp năm nay"])
def test_a_target_header_without_a_four_digit_year_is_an_error_at_its_cell(
    tmp_path: Path, header: str
) -> None:
    path = _xlsx(tmp_path, [[*_FIXED, header], ["HD01", "Chi bộ 1", None, None, None, 3]])
    with pytest.raises(RegistryError) as err:
        read_registry(path)
    (issue,) = err.value.issues
    assert (issue.code, issue.sheet, issue.cell, issue.value) == (
        "registry.bad_target_header",
        REGISTRY_SHEET,
        "F1",
        header,
    )
    assert "năm đủ 4 chữ số" in issue.message


def test_a_two_row_header_is_the_year_less_target_header_not_a_row_without_a_code(tmp_path: Path) -> None:
    """A header "Chỉ tiêu kết nạp" merged over the years typed in row 2 read row 2 as an organisation
    without a code ("Chưa ghi mã tổ chức" at A2)."""
    path = _xlsx(
        tmp_path,
        [
            [*_FIXED, "Chỉ tiêu kết nạp", None],
            [None] * 5 + [2025, 2026],
            ["HD01", "Chi bộ 1", None, None, None, 2, 3],
        ],
    )
    with pytest.raises(RegistryError) as err:
        read_registry(path)
    assert [(i.code, i.cell) for i in err.value.issues] == [("registry.bad_target_header", "F1")]


def test_a_target_column_copied_with_its_header_unchanged_is_an_error_naming_both(tmp_path: Path) -> None:
    """The copy (next year's targets under this year's header) was read as this year's."""
    path = _xlsx(
        tmp_path,
        [
            [*_FIXED, "Chỉ tiêu kết nạp 2026", "Ghi chú", "Chỉ tiêu kết nạp năm 2026"],
            ["HD01", "Chi bộ 1", None, None, None, 2, None, 3],
        ],
    )
    with pytest.raises(RegistryError) as err:
        read_registry(path)
    (issue,) = err.value.issues
    assert (issue.code, issue.cell) == ("registry.duplicate_column", "H1")
    assert "“Chỉ tiêu kết nạp 2026” ở cột F (ô F1)" in issue.message
    assert "cột H (ô H1)" in issue.message


def test_two_code_columns_are_an_error_not_the_later_one_read(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Mã tổ chức,Tên tổ chức đảng,mã tổ chức\nHD01,Chi bộ 1,HD01-cu\n")
    with pytest.raises(RegistryError) as err:
        read_registry(path)
    (issue,) = err.value.issues
    assert issue.code == "registry.duplicate_column"
    assert "ở cột thứ 3 trùng với tiêu đề “Mã tổ chức” ở cột thứ 1" in issue.message


def test_cli_template_refuses_a_registry_with_a_year_less_target_header(tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [[*_FIXED, "Chỉ tiêu kết nạp 26"], ["HD01", "Chi bộ 1", None, None, None, 3]])
    out = tmp_path / "mau"
    result = CliRunner().invoke(main, ["template", "--registry", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "(ô F1)" in result.output and "Chỉ tiêu kết nạp 26" in result.output
    assert not out.exists()


@pytest.mark.parametrize("first_line", ["DANH MỤC TỔ CHỨC ĐẢNG PHƯỜNG HẢI DƯƠNG", ""])
def test_a_semicolon_csv_with_a_title_or_blank_line_above_its_header_is_read(
    tmp_path: Path, first_line: str
) -> None:
    """The sniffer, defeated by the line above the header, fell back to commas: "Không thấy
    dòng tiêu đề" although the next line was the header (and `is_registry_csv` said registry)."""
    from toolkit.io.registry import is_registry_csv

    lines = [first_line, "Mã tổ chức;Tên tổ chức đảng;Cấp tổ chức;Khối;Bí thư;Chỉ tiêu kết nạp 2026"]
    lines += [f"HD{i:02d};Chi bộ TDP {i}, khu {i};Chi bộ cơ sở;;Nguyễn Văn {i};1" for i in range(1, 21)]
    path = tmp_path / "dm.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    assert is_registry_csv(path)
    reg = read_registry(path)
    assert len(reg.organisations) == 20
    assert reg.organisations[0].org_name == "Chi bộ TDP 1, khu 1"
    assert reg.target(2026) == 20
    result = CliRunner().invoke(main, ["template", "--registry", str(path), "--out", str(tmp_path / "mau")])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "mau").iterdir())) == 20


@pytest.mark.parametrize(
    "sheet", [unicodedata.normalize("NFD", REGISTRY_SHEET), "Danh muc to chuc", "DM 2026", "DANH MỤC TỔ CHỨC"]
)
def test_the_registry_table_is_found_on_a_later_sheet(tmp_path: Path, sheet: str) -> None:
    """Only the first sheet was read unless another was named `Danh mục tổ chức` byte for byte
    (not in Unicode tổ hợp, as Unikey may type it): "Không thấy dòng tiêu đề", no sheet named."""
    wb = openpyxl.Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "Ghi chú"
    notes["A1"] = "Danh mục cập nhật tháng 1/2026"
    ws = wb.create_sheet(sheet)
    ws.append([*_FIXED, "Chỉ tiêu kết nạp 2026"])
    ws.append(["HD01", "Chi bộ 1", "Chi bộ cơ sở", None, "Nguyễn Văn A", 2])
    path = tmp_path / "dm.xlsx"
    wb.save(path)
    reg = read_registry(path)
    assert [o.org_code for o in reg.organisations] == ["HD01"]
    assert reg.target(2026) == 2
    result = CliRunner().invoke(main, ["template", "--registry", str(path), "--out", str(tmp_path / "mau")])
    assert result.exit_code == 0, result.output


def test_a_registry_workbook_without_the_header_says_which_sheets_were_read(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "Ghi chú"
    notes["A1"] = "Danh mục cập nhật tháng 1/2026"
    wb.create_sheet("DM 2026").append(["Mã", "Tên"])
    path = tmp_path / "dm.xlsx"
    wb.save(path)
    with pytest.raises(RegistryError) as err:
        read_registry(path)
    (issue,) = err.value.issues
    assert issue.code == "registry.no_header"
    assert "“Mã tổ chức” ở 10 dòng đầu của các sheet “Ghi chú”, “DM 2026”." in issue.message


def test_a_result_of_ward_stats_given_as_the_registry_is_said_to_be_one(tmp_path: Path) -> None:
    """The consolidated workbook, beside the registry in the clerk's folder, has a sheet whose
    headers are the registry's: it was read as one, and the clerk told to fill in the "name" of
    its total row. It is refused as what it is, before any of its rows is read."""
    from helpers_validate import write

    nop = tmp_path / "nop"
    nop.mkdir()
    write(nop)
    result = tmp_path / "tong_hop.xlsx"
    run = CliRunner().invoke(
        main, ["consolidate", str(nop), "--cutoff", "31/03/2026", "--no-history", "-o", str(result)]
    )
    assert run.exit_code in (0, 1), run.output

    with pytest.raises(RegistryError) as caught:
        read_registry(result)
    assert [i.code for i in caught.value.issues] == ["registry.ward_stats_output"]
    checked = CliRunner().invoke(main, ["validate", str(nop), "--registry", str(result)])
    assert checked.exit_code == 2, checked.output
    assert checked.output.startswith(
        "Lỗi: Danh mục tổ chức tong_hop.xlsx: Tệp này là tệp kết quả do ward-stats ghi ra"
    )
    assert "Hãy điền tên" not in checked.output


def test_a_value_out_of_the_list_names_the_values_taken(tmp_path: Path) -> None:
    """A registry made by hand (no dropdown in a plain .xlsx or .csv) with a tier or sector not in
    the list, and no close one to suggest, read "Hãy ghi đúng một giá trị trong danh sách" with no
    list in sight (hunt220 F4); the message now gives the values taken."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = REGISTRY_SHEET
    sheet.append(["Mã tổ chức", "Tên tổ chức đảng", "Cấp tổ chức", "Khối"])
    sheet.append(["A1", "Chi bộ A", "Chi đoàn", "Doanh nghiệp"])
    sheet.append(["A2", "Chi bộ B", "Chi bộ cơ sở", "Khối gì đó"])
    path = tmp_path / "danh_muc_to_chuc.xlsx"
    book.save(path)
    with pytest.raises(RegistryError) as err:
        read_registry(path)
    tier, sector = err.value.issues
    assert (tier.code, tier.cell, sector.code, sector.cell) == (
        "registry.not_allowed", "C2", "registry.not_allowed", "D3",
    )  # fmt: skip
    assert tier.message.endswith(
        "“Chi đoàn” không có trong danh sách. Hãy ghi đúng một giá trị trong danh sách: "
        "“Đảng bộ cơ sở”, “Chi bộ cơ sở”, “Chi bộ trực thuộc”."
    ), tier.message
    assert sector.message.endswith(
        "“Khối gì đó” không có trong danh sách. Hãy ghi đúng một giá trị trong danh sách: "
        "“Khối sự nghiệp”, “Khối cơ quan Đảng, chính quyền”, “Lực lượng vũ trang”, "
        "“Chi bộ tổ dân phố”, “Doanh nghiệp”."
    ), sector.message
