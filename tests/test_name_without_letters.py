"""A name cell holding no letter, a number (12.5) or digits and signs typed as text ("12.5",
"(31)"), is no name: an error at the cell quoting it as Excel shows it
(`member.name_without_letters`, `event.name_without_letters`).

Before (fix287): 12.5 was read as a name, the list-number stripping (`norm.name_title`) said
“Đã bỏ “12.” trước họ tên: “5””, and the member was counted under the name "5" with two warnings.
"""

from __future__ import annotations

import shutil
import unicodedata
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers_validate import clean_events, clean_members, codes, only, run, typed, write
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.core import layout
from toolkit.core.rules import RULES
from toolkit.io.reader import read_submission
from toolkit.validation import validate_files
from toolkit.validation.keys import name_key, name_key_parts

M, E = layout.SHEET_MEMBERS, layout.SHEET_EVENTS
NAME = layout.MEMBERS.letter("full_name")
TAIL = (
    " không phải họ tên: ô chỉ có chữ số hoặc dấu. Họ tên cùng ngày sinh là cách nhận ra một người "
    "giữa các sheet và giữa các tệp, nên đảng viên ở dòng này chưa được nhận ra. Hãy ghi họ, tên "
    "đệm và tên của đảng viên vào ô này (số thứ tự ghi ở cột “STT”)."
)


@pytest.mark.parametrize(
    ("cell", "quoted"),
    [
        (12.5, "12,5"),  # a number cell, as a Vietnamese Excel shows it
        (7, "7"),
        ("12.5", "12.5"),  # text, as typed
        ("(31)", "(31)"),
        ("1.", "1."),
    ],
)
def test_a_name_cell_without_a_letter_is_an_error(tmp_path: Path, cell: object, quoted: str) -> None:
    path = typed(write(tmp_path), M, {f"{NAME}2": cell})
    sub = read_submission(path)
    # The row is still the member it was (not dropped), its name kept as typed, nothing stripped.
    assert len(sub.members) == len(clean_members())
    assert sub.members["full_name"].tolist()[0] == quoted
    result = run(path)
    found = codes(result.issues)
    assert "norm.name_title" not in found and "member.name_odd" not in found, found
    issue = only(result.issues, "member.name_without_letters")
    assert RULES["member.name_without_letters"].severity == "error"
    assert (issue.sheet, issue.cell) == (M, f"{NAME}2")
    assert issue.message == f"Dòng 2, cột “Họ và tên” (ô {NAME}2): “{quoted}”{TAIL}"
    assert unicodedata.is_normalized("NFC", issue.message)
    # Member-level data: the value is hidden unless asked for.
    assert issue.without_personal_data().message == f"Dòng 2, cột “Họ và tên” (ô {NAME}2): “[đã ẩn]”{TAIL}"


def test_a_change_s_name_without_a_letter_is_an_error_too(tmp_path: Path) -> None:
    cell = f"{layout.EVENTS.letter('full_name')}3"
    path = typed(write(tmp_path, events=clean_events()), E, {cell: 2024})
    issue = only(run(path).issues, "event.name_without_letters")
    assert (issue.sheet, issue.cell, issue.severity) == (E, cell, "error")
    assert issue.message.startswith(f"Dòng 3, cột “Họ và tên” (ô {cell}): “2024” không phải họ tên")


def test_a_list_number_before_a_name_is_still_dropped(tmp_path: Path) -> None:
    path = typed(write(tmp_path), M, {f"{NAME}2": "12. Hoàng Văn Em"})
    result = run(path)
    assert "member.name_without_letters" not in codes(result.issues)
    assert "norm.name_title" in codes(result.issues)


def test_a_number_as_a_name_in_a_sample_ward_file_leaves_it_out(sample_ward: Path, tmp_path: Path) -> None:
    """A file of the demo ward with 12.5 typed over a member's name: an error at the cell, the
    file not consolidated (no member counted under the name "5")."""
    source = sorted((sample_ward / "nop").glob("*.xlsx"))[2]
    path = Path(shutil.copy(source, tmp_path / source.name))
    wb = openpyxl.load_workbook(path)
    wb[M][f"{NAME}6"] = 12.5
    wb.save(path)
    result = validate_files([path])
    issue = only(result.issues, "member.name_without_letters")
    assert issue.cell == f"{NAME}6" and "“12,5” không phải họ tên" in issue.message
    assert not any("trước họ tên" in i.message for i in result.issues)
    assert all(n != "5" for n in read_submission(path).members["full_name"])
    assert any(i.severity == "error" for i in result.issues)


# -- A name without a letter matches no one (review289 #1) ---------------------------------------
# Before fix291 such a name was a person's key like any other: a Kết nạp row named 12.5 also got
# `event.joined_not_on_roll` advising to add "12,5" to the roll, and two member rows named 12.5 of
# one birth date got `member.duplicate` (and across files `member.duplicate_other_file`). An empty
# name gets none of these; a name without a letter now gets none either, only its error.

EN, EB, ET = (layout.EVENTS.letter(k) for k in ("full_name", "birth_date", "event_type"))
MB = layout.MEMBERS.letter("birth_date")


def _admission_row(ws: Worksheet) -> int | None:
    """The first row of a demo file's `Biến động` whose change is a Kết nạp."""
    return next((r for r in range(2, ws.max_row + 1) if ws[f"{ET}{r}"].value == "Kết nạp"), None)


def test_a_change_named_by_a_number_gets_no_advice_to_add_it_to_the_roll(
    sample_ward: Path, tmp_path: Path
) -> None:
    source = next(
        p
        for p in sorted((sample_ward / "nop").glob("*.xlsx"))
        if _admission_row(openpyxl.load_workbook(p)[E])
    )
    path = Path(shutil.copy(source, tmp_path / source.name))
    wb = openpyxl.load_workbook(path)
    row = _admission_row(wb[E])
    wb[E][f"{EN}{row}"] = 12.5
    wb.save(path)
    result = validate_files([path])
    at_cell = [
        i.code for i in result.issues if i.sheet == E and i.cell is not None and i.cell[1:] == str(row)
    ]
    assert at_cell == ["event.name_without_letters"], at_cell
    assert "event.joined_not_on_roll" not in codes(result.issues)
    assert not any("Hãy thêm đảng viên này" in i.message for i in result.issues)


def test_members_named_by_a_number_are_no_duplicates(sample_ward: Path, tmp_path: Path) -> None:
    """Two rows of one file and a row of another file, all 12.5 and born the same day: the
    error at each cell, and no duplicate within the file or across the files."""
    paths = []
    for source in sorted((sample_ward / "nop").glob("*.xlsx"))[:2]:
        path = Path(shutil.copy(source, tmp_path / source.name))
        wb = openpyxl.load_workbook(path)
        for row in (2, 3):
            wb[M][f"{NAME}{row}"] = 12.5
            wb[M][f"{MB}{row}"] = datetime(1969, 9, 6)
        wb.save(path)
        paths.append(path)
    result = validate_files(paths)
    named = [(i.file, i.cell, i.code) for i in result.issues if "12,5" in i.message]
    assert sorted(named) == sorted(
        (p.name, f"{NAME}{row}", "member.name_without_letters") for p in paths for row in (2, 3)
    ), named
    found = codes(result.issues)
    assert "member.duplicate" not in found and "member.duplicate_other_file" not in found, found


def test_a_name_without_a_letter_has_no_key_as_an_empty_one() -> None:
    names = pd.Series(["12,5", "Lê Văn An", None, "(31)", "LÊ VĂN AN", "12,5", "."], dtype=object)
    assert name_key(names).tolist() == [None, "lê văn an", None, None, "lê văn an", None, None]
    keys, codes_, distinct = name_key_parts(names)
    assert keys.tolist() == name_key(names).tolist()
    assert codes_.tolist()[0] == codes_.tolist()[2] == codes_.tolist()[3] == codes_.tolist()[6] == -1
    assert [distinct[c] for c in codes_.tolist() if c >= 0] == ["lê văn an", "lê văn an"]
