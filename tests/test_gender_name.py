"""A man's gender beside a woman's middle name is said: `member.gender_name`.

"Thị" as a middle name is a woman's. A member "Nguyễn Thị Lan" written "Nam" is a cell typed
wrong, or a gender column sorted or pasted on its own, so that every row below is shifted;
either way the women counted in the forms and the report are short, and nothing said so.
"Văn", a man's traditional middle name, is met in women's names too: it is not a sign.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import clean_members, codes, member, only, run, write

from toolkit.core import layout
from toolkit.core.rules import RULES

M = layout.SHEET_MEMBERS
CODE = "member.gender_name"
GENDER = layout.MEMBERS.letter("gender")


def roll_with(name: str, gender: str) -> list[dict[str, object]]:
    """The clean roll with its second member (a woman, "Trần Thị Hường") renamed and regendered."""
    members = clean_members()
    members[1] = {**members[1], "full_name": name, "gender": gender}
    return members


def test_a_woman_s_middle_name_beside_male_is_one_warning_at_the_gender_cell(tmp_path: Path) -> None:
    path = write(tmp_path, members=roll_with("Trần Thị Hường", "male"))
    result = run(path)
    issue = only(result.issues, CODE)
    assert RULES[CODE].severity == "warning" and issue.severity == "warning"
    assert (issue.sheet, issue.cell, issue.column) == (M, f"{GENDER}3", "Giới tính")
    assert issue.message == (
        f"Dòng 3, cột “Giới tính” (ô {GENDER}3): Họ tên có chữ đệm “Thị”, là tên của nữ, nhưng giới tính "
        "ghi “Nam” ở ô này. Hãy kiểm tra lại giới tính (nếu một cột được sắp xếp hoặc dán riêng thì các "
        "dòng đã lệch nhau): nếu ghi sai, số đảng viên nữ đang bị tính thiếu."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    # Without personal data the message is the same: the rule itself says the gender is "Nam".
    assert issue.private_message in (None, issue.message)
    assert codes(result.issues) == [CODE]
    assert {f["file"]: f["status"] for f in result.files()} == {path.name: "warnings"}


@pytest.mark.parametrize(
    "name",
    [
        "TRẦN THỊ HƯỜNG",  # capitals
        unicodedata.normalize("NFD", "Trần Thị Hường"),  # decomposed, as some keyboards send it
        "Trần  thị   Hường",  # spaces and case as typed
        "Nguyễn Thị Minh Khai",  # Thị among several middle names
    ],
)
def test_the_middle_name_is_found_however_it_is_typed(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, members=roll_with(name, "male"))
    assert only(run(path).issues, CODE).cell == f"{GENDER}3"


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Trần Thị Hường", "female"),
        ("Phạm Văn Thịnh", "male"),  # Thịnh is a given name
        ("Thị Văn Hùng", "male"),  # a family name, not a middle one
        ("Trần Văn Thị", "male"),  # a given name
        ("Trần Văn Hường", "female"),  # Văn in a woman's name: no sign
    ],
)
def test_names_that_say_nothing_of_the_gender_are_not_said(tmp_path: Path, name: str, gender: str) -> None:
    path = write(tmp_path, members=roll_with(name, gender))
    assert CODE not in codes(run(path).issues)


def test_a_gender_column_sorted_on_its_own_is_one_warning_listing_the_cells(tmp_path: Path) -> None:
    """Twelve members, the six women first; the gender column sorted alone puts "Nam" first."""
    given = ["Hoa", "Lan", "Mai", "Hương", "Thu", "Nga", "An", "Bình", "Cường", "Dũng", "Hải", "Long"]
    members = [
        member(
            row_no=i + 1,
            full_name=f"Nguyễn {'Thị' if i < 6 else 'Văn'} {name}",
            gender="female" if i < 6 else "male",
            birth_date=dt.date(1970 + i, 1, 15),
            card_no=f"012346{i:02d}",
        )
        for i, name in enumerate(given)
    ]
    path = write(tmp_path, members=members)
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    genders = sorted(ws[f"{GENDER}{r}"].value for r in range(2, 14))
    for r, value in zip(range(2, 14), genders, strict=True):
        ws[f"{GENDER}{r}"] = value
    wb.save(path)
    issue = only(run(path).issues, CODE)
    assert (issue.cell, issue.column) == (f"{GENDER}1", "Giới tính")
    assert issue.message.startswith(
        f"Cột “Giới tính” (ô {GENDER}1): Họ tên có chữ đệm “Thị”, là tên của nữ, nhưng giới tính ghi "
        f"“Nam” ở 6 ô ({GENDER}2–{GENDER}7). "
    )
