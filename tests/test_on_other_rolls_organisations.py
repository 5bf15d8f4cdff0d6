"""`event.left_in_other_file` and `event.moved_out_in_other_file` compare a roll with the changes
of ANOTHER organisation's file: another by what the files tell, as review257 L1 settled for
`event.internal_transfer_on_other_roll` (`duplicates.file_organisations`): a file's `Thông tin`
code, else the code its file name names; a file of neither is no other organisation.

Before, they compared by `Thông tin` code alone: an old copy of CB08's file, its `Thông tin`
sheet renamed (no code read), still holding a member CB08's real file records as dead (or moved
out of the ward) was told that another organisation's file records it, "hãy thống nhất với tổ
chức kia", where the other file is its own organisation's. Real workbooks of the template."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers_validate import clean_info, member, run, write

from toolkit.core import layout

HOA = {"full_name": "Đinh Thị Hoa", "birth_date": dt.date(1970, 1, 1)}
HOA_MEMBER = member(
    **HOA,
    gender="female",
    card_no="07654321",
    admission_date=dt.date(1996, 5, 19),
    official_date=dt.date(1997, 5, 19),
)
CB08 = clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8")
CB07 = clean_info(org_code="CB07", org_name="Chi bộ Tổ dân phố số 7")
CHANGES = {
    "event.left_in_other_file": {"event_type": "died", "event_date": dt.date(2026, 1, 10)},
    "event.moved_out_in_other_file": {
        "event_type": "transfer_out",
        "event_date": dt.date(2026, 1, 10),
        "transfer_scope": "other_province",
    },
}


def _info_renamed(path: Path) -> Path:
    """The file as a secretary left it with its `Thông tin` sheet renamed: no code read."""
    wb = openpyxl.load_workbook(path)
    wb[layout.SHEET_INFO].title = "Cũ"
    wb.save(path)
    return path


def _recorded(folder: Path, code: str) -> Path:
    """CB08's real file: Đinh Thị Hoa off its roll, the change recorded."""
    change: dict[str, Any] = {**HOA, "row_no": 1, **CHANGES[code]}
    return write(folder, "CB08_chi_bo_to_dan_pho_so_8.xlsx", info=CB08, members=[], events=[change], years=[])


def _still_on_roll(folder: Path, name: str, info: dict[str, Any]) -> Path:
    return _info_renamed(write(folder, name, info=info, members=[HOA_MEMBER], events=[], years=[]))


def _said(issues: list[Any], code: str) -> list[tuple[str | None, str | None]]:
    return [(i.file, i.cell) for i in issues if i.code == code]


@pytest.mark.parametrize("code", list(CHANGES))
def test_an_old_copy_of_the_same_organisation_is_not_another_organisation(tmp_path: Path, code: str) -> None:
    recorded = _recorded(tmp_path, code)
    copy = _still_on_roll(tmp_path, "CB08_chi_bo_to_dan_pho_so_8_cu.xlsx", CB08)
    issues = run(recorded, copy).issues
    assert "file.missing_sheet" in [i.code for i in issues if i.file == copy.name]
    assert _said(issues, code) == []


@pytest.mark.parametrize("code", list(CHANGES))
def test_a_file_of_no_known_organisation_is_not_another_organisation(tmp_path: Path, code: str) -> None:
    recorded = _recorded(tmp_path, code)
    nameless = _still_on_roll(tmp_path, "ban_sao.xlsx", CB08)
    assert _said(run(recorded, nameless).issues, code) == []


@pytest.mark.parametrize("code", list(CHANGES))
def test_a_roll_whose_code_was_not_read_is_still_the_organisation_its_name_names(
    tmp_path: Path, code: str
) -> None:
    """CB07's file, its `Thông tin` renamed, still holds the member CB08 records: by its name it
    is another organisation's roll, and the warning stays, naming CB08's row."""
    recorded = _recorded(tmp_path, code)
    cb07 = _still_on_roll(tmp_path, "CB07_chi_bo_to_dan_pho_so_7.xlsx", CB07)
    issues = run(recorded, cb07).issues
    assert _said(issues, code) == [(cb07.name, "B2")]
    (issue,) = [i for i in issues if i.code == code]
    assert f"tệp {recorded.name} (dòng 2)" in issue.message, issue.message
