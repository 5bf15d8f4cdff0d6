"""Free text a secretary typed outside the members' sheets is masked like a member's value
unless `--personal-data` asks for it (hunt43 privacy #1-#3): a note under the `Số liệu năm`
table naming a member, a name beside a count, a sentence in the year column, a name typed in a
`Thông tin` date or dropdown cell, a `Số liệu năm` header typed over with a name. A number, a
year or a date typed wrong is kept, and so are the cell and the rule's words."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_validate import clean_info, write

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.rules import make_issue
from toolkit.outputs.status import PERSONAL_DATA_HIDDEN, PERSONAL_DATA_KEPT

NOTE_NAME = "Nguyễn Văn Bảo"  # a note under the year table (`file.trailer_rows`)
COUNT_NAME = "Lê Văn Cường"  # beside a count (`year.not_integer`)
LINE_NAME = "Phạm Thị Dung"  # a sentence in the year column (`year.bad_year`)
DATE_NAME = "Đỗ Thị Hạnh"  # in `Ngày lập biểu` (`info.bad_date`)
LIST_NAME = "Trần Văn Khánh"  # in the `Khối` dropdown cell (`info.not_allowed`)
HEADER_NAME = "Vũ Văn Long"  # over a `Số liệu năm` header (`file.header`)
NAMES = (NOTE_NAME, COUNT_NAME, LINE_NAME, DATE_NAME, LIST_NAME, HEADER_NAME)


def _info_cell(ws, key: str) -> str:  # type: ignore[no-untyped-def]
    label = layout.INFO.field(key).header
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)
    return f"B{row}"


def _ward(folder: Path) -> Path:
    folder.mkdir()
    first = write(folder)
    wb = openpyxl.load_workbook(first)
    ws = wb[layout.SHEET_YEARS]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("Không hoàn thành nhiệm vụ") + 1).value = f"1 (đ/c {COUNT_NAME})"
    last = ws.max_row
    ws.cell(last + 2, 1).value = f"Đ/c {LINE_NAME} xếp loại không hoàn thành nhiệm vụ năm 2025"
    ws.cell(last + 4, 1).value = f"Ghi chú: đ/c {NOTE_NAME} không hoàn thành nhiệm vụ (bị kỷ luật)"
    info = wb[layout.SHEET_INFO]
    info[_info_cell(info, "prepared_on")] = f"{DATE_NAME} (lập biểu)"
    info[_info_cell(info, "sector")] = f"Tổ dân phố - đồng chí {LIST_NAME}"
    wb.save(first)
    second = write(
        folder,
        "CB08_chi_bo_to_dan_pho_so_8.xlsx",
        info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8"),
    )
    wb = openpyxl.load_workbook(second)
    wb[layout.SHEET_YEARS]["B1"] = HEADER_NAME
    wb.save(second)
    return folder


def _xlsx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def _outputs(tmp_path: Path, *extra: str) -> dict[str, str]:
    """Every output of `consolidate --json` and `validate --json --feedback` as text."""
    folder = _ward(tmp_path / "bai_nop")
    out: dict[str, str] = {}
    run = CliRunner().invoke(
        main,
        [
            "consolidate", str(folder), "--cutoff", "31/03/2026", "--no-history", *extra,
            "-o", str(tmp_path / "th.xlsx"), "--json", str(tmp_path / "th.json"),
        ],
    )  # fmt: skip
    assert run.exception is None or isinstance(run.exception, SystemExit), run.output
    out["consolidate console"] = run.output
    out["consolidate json"] = (tmp_path / "th.json").read_text(encoding="utf-8")
    out["consolidate xlsx"] = _xlsx_text(tmp_path / "th.xlsx")
    feedback = tmp_path / "phan_hoi"
    run = CliRunner().invoke(
        main,
        [
            "validate", str(folder), "--cutoff", "31/03/2026", *extra,
            "--json", str(tmp_path / "kt.json"), "--feedback", str(feedback),
        ],
    )  # fmt: skip
    assert run.exception is None or isinstance(run.exception, SystemExit), run.output
    out["validate screen"] = run.output
    out["validate json"] = (tmp_path / "kt.json").read_text(encoding="utf-8")
    books = sorted(feedback.glob("*.xlsx"))
    assert len(books) == 2
    out["feedback"] = " ".join(_xlsx_text(p) for p in books)
    return out


def _codes(outputs: dict[str, str]) -> set[str]:
    return {i["code"] for i in json.loads(outputs["consolidate json"])["issues"]}


def test_free_text_outside_the_members_sheets_is_in_no_output_by_default(tmp_path: Path) -> None:
    outputs = _outputs(tmp_path)
    expected = {"file.trailer_rows", "year.not_integer", "year.bad_year", "info.bad_date", "info.not_allowed"}
    assert expected | {"file.header"} <= _codes(outputs)
    leaks = [(name, where) for name in NAMES for where, text in outputs.items() if name in text]
    assert leaks == []
    # The line saying the values are hidden is now true, and the cells are still named.
    assert PERSONAL_DATA_HIDDEN in outputs["consolidate console"]
    assert PERSONAL_DATA_HIDDEN in outputs["validate screen"]
    issues = json.loads(outputs["validate json"])["issues"]
    hidden = [i for i in issues if i["code"] in expected]
    assert hidden and all(i["value"] is None and "[đã ẩn]" in i["message"] and i["cell"] for i in hidden)


def test_asked_for_the_free_text_is_listed(tmp_path: Path) -> None:
    outputs = _outputs(tmp_path, "--personal-data")
    where = ("consolidate json", "consolidate xlsx", "validate json", "validate screen", "feedback")
    assert [(name, w) for name in NAMES for w in where if name not in outputs[w]] == []
    assert PERSONAL_DATA_KEPT in outputs["consolidate console"]


@pytest.mark.parametrize(
    ("code", "sheet", "value"),
    [
        ("year.not_integer", layout.SHEET_YEARS, "1,5"),
        ("year.bad_year", layout.SHEET_YEARS, "20255"),
        ("info.bad_date", layout.SHEET_INFO, "31/02/2026"),
        ("file.trailer_rows", layout.SHEET_YEARS, "125"),
    ],
)
def test_a_number_or_a_date_typed_wrong_is_kept(code: str, sheet: str, value: str) -> None:
    issue = make_issue(code, sheet=sheet, cell="A5", value=value, reason="không đọc được ngày", what="x")
    assert not issue.personal
    assert issue.without_personal_data().value == value and value in issue.without_personal_data().message
