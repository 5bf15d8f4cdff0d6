"""A name cell holding no letter, a number (12.5) or digits and signs typed as text ("12.5",
"(31)"), is no name: an error at the cell quoting it as Excel shows it
(`member.name_without_letters`, `event.name_without_letters`).

Before (fix287): 12.5 was read as a name, the list-number stripping (`norm.name_title`) said
“Đã bỏ “12.” trước họ tên: “5””, and the member was counted under the name "5" with two warnings.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import clean_events, clean_members, codes, only, run, typed, write

from toolkit.core import layout
from toolkit.core.rules import RULES
from toolkit.io.reader import read_submission
from toolkit.validation import validate_files

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
