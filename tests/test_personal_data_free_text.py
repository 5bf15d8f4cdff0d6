"""Free text a secretary typed outside the members' sheets is masked like a member's value
unless `--personal-data` asks for it (hunt43 privacy #1-#3): a note under the `Số liệu năm`
table naming a member, a name beside a count, a sentence in the year column, a name typed in a
`Thông tin` date or dropdown cell, a `Số liệu năm` header typed over with a name. A number, a
year or a date typed wrong is kept, and so are the cell and the rule's words."""

from __future__ import annotations

import json
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
DATE_NAME = "Đỗ Thị Hạnh"  # in `Ngày lập biểu` (`info.prepared_bad_date`, fix352)
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


def _outputs(tmp_path: Path, *extra: str, ward: Callable[[Path], Path] = _ward) -> dict[str, str]:
    """Every output of `consolidate --json` and `validate --json --feedback` as text."""
    folder = ward(tmp_path / "bai_nop")
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
    assert len(books) == len(list(folder.glob("*.xlsx")))
    out["feedback"] = " ".join(_xlsx_text(p) for p in books)
    return out


def _codes(outputs: dict[str, str]) -> set[str]:
    return {i["code"] for i in json.loads(outputs["consolidate json"])["issues"]}


def test_free_text_outside_the_members_sheets_is_in_no_output_by_default(tmp_path: Path) -> None:
    outputs = _outputs(tmp_path)
    expected = {
        "file.trailer_rows", "year.not_integer", "year.bad_year", "info.prepared_bad_date", "info.not_allowed"
    }  # fmt: skip
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


# Names typed on `Thông tin` that an automatic correction quotes (hunt43 regress #2): the Bí
# thư's in the old TCVN3 font encoding, the Người lập biểu's with a double space, a note typed
# beside a name. The Khối typed as an alias of its dropdown value is read as that value.
SECRETARY_TCVN3 = "TrÇn V¨n NghÜa"  # "Trần Văn Nghĩa" (`norm.legacy_encoding`)
SECRETARY = "Trần Văn Nghĩa"
PREPARER = "Trần  Anh Mạnh"  # `norm.spaces`
PREPARER_READ = "Trần Anh Mạnh"
NOTE = "Đỗ Văn Phúc  (đ/c Cường tạm quyền)"  # a note in the Điện thoại cell, `norm.spaces`
INFO_NAMES = (SECRETARY_TCVN3, SECRETARY, PREPARER, PREPARER_READ, "Đỗ Văn Phúc", "Cường tạm quyền")
SECTOR_ALIAS = "to dan pho"  # `norm.category`: the dropdown's "Chi bộ tổ dân phố"


def _typed_info(folder: Path, typed: dict[str, str]) -> tuple[Path, Any]:
    """One submission in a new `folder` with `typed` in its `Thông tin` cells (by field), and
    its workbook, to edit further and save at the path."""
    folder.mkdir()
    path = write(folder)
    wb = openpyxl.load_workbook(path)
    info = wb[layout.SHEET_INFO]
    for field, value in typed.items():
        info[_info_cell(info, field)] = value
    return path, wb


def _info_names_ward(folder: Path) -> Path:
    path, wb = _typed_info(
        folder, {"secretary": SECRETARY_TCVN3, "prepared_by": PREPARER, "phone": NOTE, "sector": SECTOR_ALIAS}
    )
    years = wb[layout.SHEET_YEARS]  # a warning needing a look, so that a feedback file is written
    years.cell(years.max_row + 2, 1).value = "Người lập biểu ký tên"
    wb.save(path)
    return folder


def _corrections(outputs: dict[str, str], name: str) -> dict[str, dict[str, Any]]:
    """The automatic corrections on `Thông tin` of an output's JSON, by column."""
    issues = json.loads(outputs[name])["issues"]
    info = layout.SHEET_INFO
    return {i["column"]: i for i in issues if i["code"].startswith("norm.") and i["sheet"] == info}


def test_names_corrected_on_thong_tin_are_in_no_output_by_default(tmp_path: Path) -> None:
    outputs = _outputs(tmp_path, ward=_info_names_ward)
    leaks = [(name, where) for name in INFO_NAMES for where, text in outputs.items() if name in text]
    assert leaks == []
    for name in ("consolidate json", "validate json"):
        found = _corrections(outputs, name)
        header = layout.INFO.field
        assert found[header("secretary").header]["code"] == "norm.legacy_encoding"
        for key in ("secretary", "prepared_by", "phone"):
            issue = found[header(key).header]
            # What was done and where stay; the text typed is hidden.
            assert issue["value"] is None and "[đã ẩn]" in issue["message"] and issue["cell"], issue
        # A dropdown's value read from its alias holds no one: it stays readable.
        sector = found[header("sector").header]
        assert sector["code"] == "norm.category" and sector["value"] == SECTOR_ALIAS
        assert "tổ dân phố”." in sector["message"] and "[đã ẩn]" not in sector["message"]
    assert PERSONAL_DATA_HIDDEN in outputs["consolidate console"]


def test_asked_for_the_names_on_thong_tin_are_listed(tmp_path: Path) -> None:
    outputs = _outputs(tmp_path, "--personal-data", ward=_info_names_ward)
    where = ("consolidate json", "consolidate xlsx", "validate json")
    typed = (SECRETARY_TCVN3, SECRETARY, PREPARER, NOTE)
    assert [(name, w) for name in typed for w in where if name not in outputs[w]] == []
    found = _corrections(outputs, "consolidate json")
    assert found[layout.INFO.field("prepared_by").header]["value"] == PREPARER


# The Bí thư's phone number typed with spaces (hunt249): a correction quoting it was kept,
# value and all, in `Kiểm tra`, the feedback and the JSON sent up, for it holds no letter. The
# cell holds a person whatever its text, as the Bí thư's and the Người lập biểu's names do.
PHONE = "0912  345  678 "
PHONE_READ = "0912 345 678"


def _phone_ward(folder: Path) -> Path:
    path, wb = _typed_info(folder, {"phone": PHONE})
    years = wb[layout.SHEET_YEARS]  # a warning needing a look, so that a feedback file is written
    years.cell(years.max_row + 2, 1).value = "Người lập biểu ký tên"
    wb.save(path)
    return folder


def test_a_phone_number_corrected_on_thong_tin_is_in_no_output_by_default(tmp_path: Path) -> None:
    outputs = _outputs(tmp_path, ward=_phone_ward)
    digits = ("345  678", PHONE_READ)
    assert [(d, where) for d in digits for where, text in outputs.items() if d in text] == []
    for name in ("consolidate json", "validate json"):
        issue = _corrections(outputs, name)[layout.INFO.field("phone").header]
        assert issue["code"] == "norm.spaces" and issue["cell"], issue
        assert issue["value"] is None and "[đã ẩn]" in issue["message"], issue
    assert PERSONAL_DATA_HIDDEN in outputs["consolidate console"]
    assert PERSONAL_DATA_HIDDEN in outputs["validate screen"]


def test_asked_for_the_phone_number_on_thong_tin_is_listed(tmp_path: Path) -> None:
    outputs = _outputs(tmp_path, "--personal-data", ward=_phone_ward)
    found = _corrections(outputs, "validate json")[layout.INFO.field("phone").header]
    assert found["value"] == PHONE and PHONE in outputs["consolidate xlsx"]


def test_a_correction_of_an_organisation_code_or_a_dropdown_value_is_kept() -> None:
    code = make_issue("norm.org_code", sheet=layout.SHEET_INFO, cell="B1", value="HD 10", listed=True)
    alias = make_issue("norm.category", sheet=layout.SHEET_INFO, cell="B4", value=SECTOR_ALIAS, listed=True)
    date = make_issue("norm.date_text", sheet=layout.SHEET_INFO, cell="B7", value="02/04/2026")
    name = make_issue("norm.spaces", sheet=layout.SHEET_INFO, cell="B10", value=PREPARER)
    assert not (code.personal or alias.personal or date.personal)
    assert name.personal and name.without_personal_data().value is None


# Cells that hold no person although their text holds a letter (hunt43 regress2 #4, #5): a
# `Thông tin` date typed in words and read as a date (the clerk checks the date read, and the
# cut-off read decides `org.cutoff_mismatch`), a count typed with its unit on `Số liệu năm`,
# and the organisation's code or name (on every output anyway) typed with a space or in
# decomposed Unicode. Their corrections keep their value, and no line says a member's value
# was hidden, since none was.
CUTOFF_WORDS = "31 tháng 3 năm 2026"
PREPARED_WORDS = "ngày 02 tháng 4 năm 2026"
COUNT_WORDS = "1 người"
CODE_SPACE = "CB07 "
ORG_NAME_NFD = unicodedata.normalize("NFD", "Chi bộ Tổ dân phố số 7")
VERSION_WORDS = unicodedata.normalize("NFD", "Mẫu 2026.2")  # the version cell, typed over


def _public_corrections_ward(folder: Path) -> Path:
    typed = {"cutoff_date": CUTOFF_WORDS, "prepared_on": PREPARED_WORDS, "org_code": CODE_SPACE}
    path, wb = _typed_info(folder, typed | {"org_name": ORG_NAME_NFD, "template_version": VERSION_WORDS})
    years = wb[layout.SHEET_YEARS]
    header = [c.value for c in years[1]]
    years.cell(2, header.index("Không hoàn thành nhiệm vụ") + 1).value = COUNT_WORDS
    wb.save(path)
    return folder


def _validate_issues(tmp_path: Path, ward: Callable[[Path], Path]) -> tuple[str, list[dict[str, Any]]]:
    folder = ward(tmp_path / "bai_nop")
    run = CliRunner().invoke(
        main, ["validate", str(folder), "--cutoff", "31/03/2026", "--json", str(tmp_path / "kt.json")]
    )
    assert run.exception is None or isinstance(run.exception, SystemExit), run.output
    issues = json.loads((tmp_path / "kt.json").read_text(encoding="utf-8"))["issues"]
    return run.output, [i for i in issues if i["code"].startswith("norm.")]


def test_corrections_of_cells_holding_no_one_keep_their_value(tmp_path: Path) -> None:
    screen, corrections = _validate_issues(tmp_path, _public_corrections_ward)
    by_column = {i["column"]: i for i in corrections}
    header = layout.INFO.field
    expected = {
        header("cutoff_date").header: ("norm.date_text", CUTOFF_WORDS, "là ngày 31/03/2026"),
        header("prepared_on").header: ("norm.date_text", PREPARED_WORDS, "là ngày 02/04/2026"),
        "Không hoàn thành nhiệm vụ": ("norm.number_text", COUNT_WORDS, "là số 1"),
        header("org_code").header: ("norm.spaces", CODE_SPACE, ""),
        header("org_name").header: ("norm.unicode", ORG_NAME_NFD, ""),
        header("template_version").header: ("norm.unicode", VERSION_WORDS, ""),
    }
    wrong = [
        (column, by_column[column]["value"], by_column[column]["message"])
        for column, (code, typed, read) in expected.items()
        if by_column[column]["code"] != code
        or by_column[column]["value"] != typed
        or read not in by_column[column]["message"]
        or "[đã ẩn]" in by_column[column]["message"]
    ]
    assert wrong == []
    assert not [i for i in corrections if i["value"] is None]
    # No member's value was hidden, so the line saying one was is not printed.
    assert PERSONAL_DATA_HIDDEN not in screen


def _unread_date_ward(folder: Path) -> Path:
    folder.mkdir()
    path = write(folder)
    wb = openpyxl.load_workbook(path)
    info = wb[layout.SHEET_INFO]
    info[_info_cell(info, "prepared_on")] = f"02/04/2026  {DATE_NAME}"  # not a date: free text
    wb.save(path)
    return folder


def test_a_date_cell_not_read_as_a_date_stays_masked(tmp_path: Path) -> None:
    screen, _ = _validate_issues(tmp_path, _unread_date_ward)
    issues = json.loads((tmp_path / "kt.json").read_text(encoding="utf-8"))["issues"]
    assert DATE_NAME not in screen and DATE_NAME not in json.dumps(issues, ensure_ascii=False)
    assert PERSONAL_DATA_HIDDEN in screen


def _swapped_headers(folder: Path) -> Path:
    """A ward of one file whose `Ngày vào Đảng` and `Ngày chính thức` columns (H and I of
    `Đảng viên`) were swapped, headers included (hunt72 #4), and whose `Ghi chú` header was
    cleared; the other file's `Số liệu năm` header typed over with a name, as `_ward` does."""
    folder.mkdir()
    first = write(folder)
    wb = openpyxl.load_workbook(first)
    ws = wb[layout.SHEET_MEMBERS]
    h, i = (layout.MEMBERS.keys.index(k) + 1 for k in ("admission_date", "official_date"))
    for row in range(1, ws.max_row + 1):
        ws.cell(row, h).value, ws.cell(row, i).value = ws.cell(row, i).value, ws.cell(row, h).value
    ws.cell(1, layout.MEMBERS.keys.index("note") + 1).value = None
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


@pytest.mark.parametrize("flag", ["--no-personal-data", "--personal-data"])
def test_a_header_of_the_template_found_is_said_with_or_without_personal_data(
    tmp_path: Path, flag: str
) -> None:
    """A header of the template found in another header cell (columns swapped) is no one's:
    `file.header` said “Tiêu đề là “[đã ẩn]”” without personal data, and the exclusion line of
    `Tổng hợp` and the JSON (never a member's value) said it even with `--personal-data`. It
    says the header found now, and an empty header cell as “(trống)”; a header typed over
    with a name stays masked without personal data."""
    outputs = _outputs(tmp_path, flag, ward=_swapped_headers)
    said = "Sheet “Đảng viên”, ô H1: Tiêu đề là “Ngày chính thức”, đúng ra phải là “Ngày vào Đảng”."
    empty = "ô U1: Tiêu đề là “(trống)”, đúng ra phải là “Ghi chú”."
    for where in ("consolidate json", "consolidate xlsx", "validate json", "validate screen", "feedback"):
        assert said in outputs[where] and empty in outputs[where], where
    issues = json.loads(outputs["validate json"])["issues"]
    h1 = next(i for i in issues if i["code"] == "file.header" and i["cell"] == "H1")
    assert h1["value"] == "Ngày chính thức"
    orgs = json.loads(outputs["consolidate json"])["organisations"]
    reason = next(o["reason"] for o in orgs if o["org_code"] == "CB07")
    # The columns were swapped with their data: the advice is to move them back (hunt103).
    assert reason.startswith(
        f"tệp CB07_chi_bo_to_dan_pho_so_7.xlsx không dùng được: {said} "
        "“Ngày chính thức” là tiêu đề của cột I trong biểu mẫu, còn “Ngày vào Đảng” đang ở cột I: "
        "có lẽ các cột đã bị đổi chỗ cùng số liệu."
    )
    assert unicodedata.is_normalized("NFC", reason)
    # The name typed over a header: hidden unless asked for.
    named = [w for w in ("validate json", "consolidate json") if HEADER_NAME in outputs[w]]
    assert named == ([] if flag == "--no-personal-data" else ["validate json", "consolidate json"])
