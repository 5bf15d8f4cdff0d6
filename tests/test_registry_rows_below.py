"""A total row ("Tổng cộng", "Tổng", "Cộng"), a group's heading between the organisations
("Khối cơ quan Đảng, chính quyền") and the lines under the registry table (the place and date,
the signature block, notes) are no organisations: they are left out, each said by a warning
(`registry.total_row`, `registry.group_heading`, `registry.below_table`). Every run stopped on
them with "Chưa ghi mã tổ chức. Hãy điền mã.", and following that advice made a phantom
organisation, "chưa nộp" in every run, its targets added to the ward's. A row among the
organisations with a name and no code is still one missing its code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers_ward import CODES, Ward, cli, consolidate, pristine, ward

from toolkit.core.errors import RegistryError
from toolkit.io.registry import HEADERS, REGISTRY_SHEET, parse_registry_rows, read_registry, target_header

__all__ = ["pristine", "ward"]  # fixtures

HEADER = [HEADERS[k] for k in ("org_code", "org_name", "org_tier", "sector", "secretary")] + [
    target_header(2026)
]
NAMES = {code: f"Chi bộ Tổ dân phố số {code[-2:]}" for code in CODES}
ORGS: list[list[Any]] = [
    [code, NAMES[code], "Chi bộ trực thuộc", "Chi bộ tổ dân phố", None, 1] for code in CODES
]
SIGNATURE: list[list[Any]] = [
    [],
    [None, None, None, "Hải Dương, ngày 05 tháng 01 năm 2026"],
    [None, "NGƯỜI LẬP BIỂU", None, "T/M ĐẢNG ỦY"],
    [None, "(Ký, ghi rõ họ tên)", None, "BÍ THƯ"],
    [None, "Nguyễn Văn An", None, "Trần Thị Bình"],
]


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = REGISTRY_SHEET
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _run(ward: Ward, tmp_path: Path, registry: Path) -> dict[str, Any]:
    """Templates, validation and a consolidation with the registry: none stops."""
    made = cli("template", "--registry", registry, "--out", tmp_path / "mau")
    assert made.exit_code == 0, made.output
    assert len(list((tmp_path / "mau").iterdir())) == 3  # no template for the total row
    checked = cli("validate", ward.nop, "--registry", registry)
    assert checked.exit_code == 0, checked.output
    assert "Hãy điền mã" not in checked.output + made.output
    out = tmp_path / "out"
    out.mkdir()
    done = consolidate(ward, out, "--no-history", registry=registry)
    assert done.exit_code == 0, done.output
    summary: dict[str, Any] = json.loads((out / "tong_hop.json").read_text("utf-8"))
    assert summary["indicators"]["orgs.registered"] == 3
    return summary


@pytest.mark.parametrize(
    ("total", "cell", "label"),
    [
        ([None, "Tổng cộng", None, None, None, 3], "B5", "Tổng cộng"),
        (["Tổng", None, None, None, None, 3], "A5", "Tổng"),
        (["TỔNG CỘNG:", "03 chi bộ", None, None, None, 3], "A5", "TỔNG CỘNG:"),
    ],
)
def test_a_total_row_is_left_out_with_a_warning(
    ward: Ward, tmp_path: Path, total: list[Any], cell: str, label: str
) -> None:
    registry = _xlsx(tmp_path / "dm.xlsx", [*ORGS, total])
    reg = read_registry(registry)
    assert [o.org_code for o in reg.organisations] == list(CODES)
    assert reg.target(2026) == 3  # the total row's 3 is not added to the organisations'
    (warning,) = reg.warnings
    assert (warning.code, warning.severity, warning.sheet, warning.cell) == (
        "registry.total_row",
        "warning",
        REGISTRY_SHEET,
        cell,
    )
    assert warning.message.endswith(
        f"“{label}” là dòng tổng cộng, không phải một tổ chức: dòng này được bỏ qua, số ở các cột chỉ "
        "tiêu của dòng này không được tính (chỉ tiêu của phường là tổng chỉ tiêu của các tổ chức). "
        "Không cần ghi mã cho dòng này. Có thể để nguyên dòng ấy, hoặc xóa dòng ấy khỏi danh mục để "
        "không còn cảnh báo này: số liệu không đổi."  # how to clear it (hunt255 L1)
    )
    summary = _run(ward, tmp_path, registry)
    assert [i["cell"] for i in summary["issues"] if i["code"] == "registry.total_row"] == [cell]
    assert [o["org_code"] for o in summary["organisations"]] == list(CODES)


def test_the_date_and_signature_lines_under_the_table_are_left_out_with_one_warning(
    ward: Ward, tmp_path: Path
) -> None:
    registry = _xlsx(tmp_path / "dm.xlsx", [*ORGS, *SIGNATURE])
    reg = read_registry(registry)
    assert [o.org_code for o in reg.organisations] == list(CODES)
    (warning,) = reg.warnings
    assert (warning.code, warning.severity, warning.cell) == ("registry.below_table", "warning", "D6")
    assert warning.message == (
        "Các dòng 6–9 ở dưới bảng danh mục (sau tổ chức cuối cùng, ở dòng 4) được hiểu là phần ghi "
        "dưới bảng (dòng tổng, ngày tháng, chữ ký, ghi chú), không phải tổ chức, nên được bỏ qua. Nếu "
        "trong đó có một tổ chức, hãy ghi đủ mã và tên của tổ chức đó ngay dưới các tổ chức khác, "
        "không để dòng trống xen giữa."
    )  # the names signed under it are not repeated
    summary = _run(ward, tmp_path, registry)
    assert [i["code"] for i in summary["issues"] if i["code"].startswith("registry.")] == [
        "registry.below_table"
    ]


def test_a_total_row_then_the_signature_without_a_blank_row_between(tmp_path: Path) -> None:
    rows = [
        *ORGS,
        [None, "Cộng", None, None, None, 3],
        [None, "Người lập biểu"],  # in the name column, right under the total row
        ["Ghi chú: mã do Đảng ủy phường giao"],  # in the code column, no name
    ]
    reg = read_registry(_xlsx(tmp_path / "dm.xlsx", rows))
    assert [o.org_code for o in reg.organisations] == list(CODES)
    assert [(w.code, w.cell) for w in reg.warnings] == [
        ("registry.total_row", "B5"),
        ("registry.below_table", "B6"),
    ]
    assert reg.warnings[1].message.startswith("Các dòng 6–7 ở dưới bảng")


def test_an_organisation_row_without_its_code_is_still_an_error(tmp_path: Path) -> None:
    rows = [
        ORGS[0],
        [None, "Chi bộ Tổ dân phố số 09", "Chi bộ trực thuộc", "Chi bộ tổ dân phố", None, 1],  # among them
        *ORGS[1:],
        [None, "Tổng công ty May Hải Dương", None, None, None, 2],  # right under the last: no total
        [None, "Cộng", None, None, None, 5],
        *SIGNATURE,
    ]
    with pytest.raises(RegistryError) as err:
        read_registry(_xlsx(tmp_path / "dm.xlsx", rows))
    found = [(i.code, i.cell) for i in err.value.issues]
    assert found == [("registry.code_missing", "A3"), ("registry.code_missing", "A6")]
    assert "Hãy điền mã" in err.value.message_vi
    assert "A7" not in err.value.message_vi and "A9" not in err.value.message_vi


def test_a_code_without_its_name_right_under_the_table_is_still_an_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError) as err:
        read_registry(_xlsx(tmp_path / "dm.xlsx", [*ORGS, ["K09"], *SIGNATURE]))
    assert [(i.code, i.cell) for i in err.value.issues] == [("registry.name_missing", "B5")]


def test_a_csv_registry_and_the_workbooks_sheet_read_alike(tmp_path: Path) -> None:
    text = "\n".join(
        [
            ",".join(HEADER),
            *[f"{c},{NAMES[c]},,,,1" for c in CODES],
            ",Tổng cộng,,,,3",
            "",
            ',,,"Hải Dương, ngày 05 tháng 01 năm 2026"',
        ]
    )
    path = tmp_path / "dm.csv"
    path.write_text(text + "\n", encoding="utf-8")
    reg = read_registry(path)
    assert [o.org_code for o in reg.organisations] == list(CODES)
    assert [(w.code, w.cell) for w in reg.warnings] == [
        ("registry.total_row", None),
        ("registry.below_table", None),
    ]
    assert reg.warnings[0].message.startswith("Dòng 5, cột “Tên tổ chức đảng”: “Tổng cộng” là dòng tổng cộng")
    assert reg.warnings[1].message.startswith("Dòng 7 ở dưới bảng danh mục (sau tổ chức cuối cùng, ở dòng 4)")

    # The consolidation workbook's sheet, as the buttons read it.
    rows: list[list[Any]] = [HEADER, *ORGS, [None, "Tổng cộng", None, None, None, 3]]
    sheet = parse_registry_rows(rows, f"Sheet “{REGISTRY_SHEET}”", file="tong_hop_phuong.xlsm")
    assert [o.org_code for o in sheet.organisations] == list(CODES)
    assert [(w.code, w.cell) for w in sheet.warnings] == [("registry.total_row", "B5")]


def _grouped(codes_rows: list[list[Any]]) -> list[list[Any]]:
    """The organisations under group headings, as a clerk lays a registry out by sector."""
    return [
        [None, "KHỐI CƠ QUAN ĐẢNG, CHÍNH QUYỀN"],  # in the name column, upper case
        *codes_rows[:2],
        ["II. Các chi bộ trực thuộc"],  # numbered, in the code column
        *codes_rows[2:],
    ]


def test_group_headings_between_the_organisations_are_left_out_with_one_warning(
    ward: Ward, tmp_path: Path
) -> None:
    registry = _xlsx(tmp_path / "dm.xlsx", _grouped(ORGS))
    reg = read_registry(registry)
    assert [o.org_code for o in reg.organisations] == list(CODES)
    assert reg.target(2026) == 3
    (warning,) = reg.warnings
    assert (warning.code, warning.severity, warning.cell) == ("registry.group_heading", "warning", "B2")
    assert warning.message.endswith(
        "Các dòng 2, 5 (“KHỐI CƠ QUAN ĐẢNG, CHÍNH QUYỀN” và 1 dòng khác) chỉ ghi tên một nhóm tổ chức, "
        "không phải một tổ chức: được bỏ qua. Nếu đó là một tổ chức, hãy ghi mã và tên tổ chức vào cột "
        "“Mã tổ chức” và “Tên tổ chức đảng”."
    )
    summary = _run(ward, tmp_path, registry)
    assert [i["code"] for i in summary["issues"] if i["code"].startswith("registry.")] == [
        "registry.group_heading"
    ]


def test_a_heading_beside_its_group_number_in_a_column_of_the_clerks_own(tmp_path: Path) -> None:
    rows = [["STT", *HEADER], ["I", None, "Khối doanh nghiệp"], *[[n, *r] for n, r in enumerate(ORGS, 1)]]
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = REGISTRY_SHEET
    for row in rows:
        ws.append(row)
    wb.save(tmp_path / "dm.xlsx")
    reg = read_registry(tmp_path / "dm.xlsx")
    assert [o.org_code for o in reg.organisations] == list(CODES)
    assert [(w.code, w.cell) for w in reg.warnings] == [("registry.group_heading", "C2")]


@pytest.mark.parametrize(
    "row",
    [
        [None, "Chi bộ Tổ dân phố số 09", "Chi bộ trực thuộc"],  # an organisation: more cells filled
        [None, "Chi bộ Tổ dân phố số 09"],  # a name alone that is no heading
    ],
)
def test_an_organisation_typed_among_headings_without_its_code_is_still_an_error(
    tmp_path: Path, row: list[Any]
) -> None:
    with pytest.raises(RegistryError) as err:
        read_registry(_xlsx(tmp_path / "dm.xlsx", _grouped([*ORGS[:2], row, *ORGS[2:]])))
    assert [(i.code, i.cell) for i in err.value.issues] == [("registry.code_missing", "A6")]
