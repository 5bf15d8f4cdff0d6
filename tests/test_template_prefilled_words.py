"""The template says what is true of it, blank or pre-filled (hunt294 #6).

The blank template (`ward-stats template`, no registry) told the secretary in `Hướng dẫn` to
check the code and name "(đã điền sẵn)", and the `Mã tổ chức` note and input message said "đã
điền sẵn", while `Thông tin` B1 and B2 were empty; a pre-filled file (`template --registry`)
asked to choose the tier and sector it already held. Read from the files the CLI writes, and
from the committed blank template the bundle ships.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.core import layout, vocab
from toolkit.core.model import Organisation, Registry
from toolkit.outputs.registry_file import write_registry

ROOT = Path(__file__).resolve().parent.parent
PRE_FILLED = "Mã do Đảng ủy phường cấp; đã điền sẵn."
TO_TYPE = "Ghi mã do Đảng ủy phường cấp."
REST = "; chọn Có ở “Không còn quần chúng để kết nạp”"


def _texts(path: Path) -> dict[str, object]:
    """What the secretary reads of a file: `Hướng dẫn` A3, `Thông tin` B1–B4, and the note and
    input messages of the `Mã tổ chức` label and cell."""
    wb = openpyxl.load_workbook(path)
    info = wb[layout.SHEET_INFO]
    prompts = {
        cell: [dv.prompt for dv in info.data_validations.dataValidation if cell in str(dv.sqref).split()]
        for cell in ("A1", "B1")
    }
    return {
        "step": wb[layout.SHEET_GUIDE]["A3"].value,
        "values": [info[f"B{row}"].value for row in range(1, 5)],
        "note": info["A1"].comment.text if info["A1"].comment else None,
        "prompts": prompts,
    }


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("blank")
    result = CliRunner().invoke(main, ["template", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / layout.TEMPLATE_FILENAME


@pytest.fixture(scope="module")
def pre_filled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("registry")
    tier, sector = vocab.ORG_TIER.codes[0], vocab.SECTOR.codes[0]
    registry = Registry(
        [
            Organisation("CB01", "Chi bộ Khu phố Đông", tier, sector, "Trần Thị Bình"),
            Organisation("CB02", "Chi bộ Khu phố Tây", None, None),  # tier and sector not in the list
        ]
    )
    path = write_registry(registry, tmp / "danh_muc.csv")
    result = CliRunner().invoke(main, ["template", "--registry", str(path), "--out", str(tmp / "mau")])
    assert result.exit_code == 0, result.output
    return {code: next((tmp / "mau").glob(f"{code}_*.xlsx")) for code in ("CB01", "CB02")}


def test_the_blank_template_asks_to_type_the_code_and_name(blank: Path) -> None:
    texts = _texts(blank)
    assert texts["values"] == [None, None, None, None]
    assert texts["step"] == (
        "1. Sheet “Thông tin”: ghi mã tổ chức do Đảng ủy phường cấp và tên tổ chức đảng, chọn Cấp tổ "
        f"chức và Khối{REST} nếu tổ chức không còn quần chúng để bồi dưỡng, kết nạp vào Đảng; ghi Bí thư, "
        "Điện thoại, Ngày chốt số liệu và Số liệu từ ngày theo hướng dẫn của Đảng ủy phường."
    )
    assert texts["note"] == TO_TYPE
    assert texts["prompts"] == {"A1": [TO_TYPE], "B1": [TO_TYPE]}
    # Nowhere on its guide or `Thông tin` does the blank template say something is pre-filled.
    wb = openpyxl.load_workbook(blank)
    said = [
        str(text)
        for name in (layout.SHEET_GUIDE, layout.SHEET_INFO)
        for row in wb[name].iter_rows()
        for cell in row
        for text in (cell.value, cell.comment.text if cell.comment else None)
        if text
    ]
    said += [str(dv.prompt) for dv in wb[layout.SHEET_INFO].data_validations.dataValidation]
    assert [t for t in said if "điền sẵn" in t] == []


def test_a_pre_filled_file_asks_to_check_what_it_holds(pre_filled: dict[str, Path]) -> None:
    full = _texts(pre_filled["CB01"])
    assert full["values"] == [
        "CB01",
        "Chi bộ Khu phố Đông",
        vocab.ORG_TIER.labels[0],
        vocab.SECTOR.labels[0],
    ]
    assert str(full["step"]).startswith(
        f"1. Sheet “Thông tin”: kiểm tra mã, tên tổ chức, Cấp tổ chức và Khối (đã điền sẵn){REST}"
    )
    assert full["note"] == PRE_FILLED
    assert full["prompts"] == {"A1": [PRE_FILLED], "B1": [PRE_FILLED]}
    # Tier and sector the registry leaves empty are still to be chosen.
    partial = _texts(pre_filled["CB02"])
    assert partial["values"] == ["CB02", "Chi bộ Khu phố Tây", None, None]
    assert str(partial["step"]).startswith(
        f"1. Sheet “Thông tin”: kiểm tra mã và tên tổ chức (đã điền sẵn), chọn Cấp tổ chức và Khối{REST}"
    )
    assert partial["note"] == PRE_FILLED


def test_the_committed_blank_template_says_what_a_fresh_one_says(blank: Path) -> None:
    """The golden comparison (`test_template.fingerprint`) leaves the comments out: the note
    of `Mã tổ chức` is compared here, with the guide's step."""
    assert _texts(ROOT / "xlsx_templates" / layout.TEMPLATE_FILENAME) == _texts(blank)
