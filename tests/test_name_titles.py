"""A title written before a member's name ("Đ/c", "Đồng chí", as party papers write it), or a
list number pasted with it ("1. "), is dropped with a note, `norm.name_title`.

A name is the key of a person: across the roll and the changes, and across files. "Đ/c Lê Văn
An" on one list and "Lê Văn An" on another were two people: a member counted twice in the
ward without a word, an admission row that did not find its member.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pytest
from helpers_validate import clean_events, clean_members, codes, only, run, write

from toolkit.core import layout
from toolkit.core.rules import HIDDEN, RULES
from toolkit.io.columns import Changes, _drop_name_prefixes
from toolkit.io.reader import read_submission

CODE = "norm.name_title"
NAME = layout.MEMBERS.letter("full_name")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Đ/c Hoàng Văn Em", "Hoàng Văn Em"),
        ("đ/c Hoàng Văn Em", "Hoàng Văn Em"),
        ("Đ/C: Hoàng Văn Em", "Hoàng Văn Em"),
        ("Đc. Hoàng Văn Em", "Hoàng Văn Em"),
        ("Đồng chí Hoàng Văn Em", "Hoàng Văn Em"),
        ("đồng chí Hoàng Văn Em", "Hoàng Văn Em"),
        # A list number, pasted from a numbered list; with a title too.
        ("1. Hoàng Văn Em", "Hoàng Văn Em"),
        ("12) Hoàng Văn Em", "Hoàng Văn Em"),
        ("3 Hoàng Văn Em", "Hoàng Văn Em"),
        ("4. Đ/c Hoàng Văn Em", "Hoàng Văn Em"),
        # A list mark, pasted from a list in a document or a message; with a number or a title.
        ("- Hoàng Văn Em", "Hoàng Văn Em"),
        ("-Hoàng Văn Em", "Hoàng Văn Em"),
        ("– Hoàng Văn Em", "Hoàng Văn Em"),
        ("• Hoàng Văn Em", "Hoàng Văn Em"),
        ("+ Hoàng Văn Em", "Hoàng Văn Em"),
        ("* Đ/c Hoàng Văn Em", "Hoàng Văn Em"),
        ("- 2. Hoàng Văn Em", "Hoàng Văn Em"),
        # Names, not titles: the family name Đồng, names beginning with Đ, a title alone.
        ("Đồng Chí Thanh", "Đồng Chí Thanh"),
        ("ĐỒNG CHÍ THANH", "ĐỒNG CHÍ THANH"),
        ("Đặng Văn Công", "Đặng Văn Công"),
        ("Đỗ Công Đức", "Đỗ Công Đức"),
        ("Đ/c", "Đ/c"),
        ("2024", "2024"),
        ("Y-Moan Ênuôl", "Y-Moan Ênuôl"),
    ],
)
def test_a_title_before_a_name_is_dropped_and_a_name_is_kept(typed: str, read: str) -> None:
    texts = np.array([typed], dtype=object)
    changes = Changes()
    _drop_name_prefixes(texts, [2], "full_name", changes)
    assert texts[0] == read
    noted = [code for notes in changes.cells.values() for code, _ in notes]
    assert noted == ([CODE] if read != typed else [])


def test_the_member_with_a_title_is_the_one_of_the_admission_row(tmp_path: Path) -> None:
    members = clean_members()
    members[4] = {**members[4], "full_name": "Đ/c Hoàng Văn Em"}  # admitted in the period
    path = write(tmp_path, members=members, events=clean_events())
    sub = read_submission(path)
    assert sub.members["full_name"].tolist()[4] == "Hoàng Văn Em"
    result = run(path)
    issue = only(result.issues, CODE)
    assert RULES[CODE].severity == "warning"
    assert (issue.sheet, issue.cell) == (layout.SHEET_MEMBERS, f"{NAME}6")
    assert issue.message == (
        f"Dòng 6, cột “Họ và tên” (ô {NAME}6): Đã bỏ “Đ/c” trước họ tên: “Hoàng Văn Em”."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    assert issue.private_message is not None and "Hoàng" not in issue.private_message
    assert HIDDEN in issue.private_message
    # Before, the admission row had no member and the member no admission row.
    assert codes(result.issues) == [CODE]


def test_a_member_with_a_title_in_one_file_is_found_twice_in_the_ward(tmp_path: Path) -> None:
    """The same member on a second organisation's list, written "Đồng chí …" there: the one
    member of that list is the duplicate (before, a second person)."""
    from helpers_validate import clean_info

    one = write(tmp_path, "CB07.xlsx")
    first = clean_members()[0]
    titled = {**first, "full_name": "Đồng chí " + first["full_name"], "card_no": "09999999"}
    other = write(
        tmp_path,
        "CB08.xlsx",
        info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8"),
        members=[titled],
        events=[],
    )
    found = [(i.file, i.cell) for i in run(one, other).issues if i.code == "member.duplicate_other_file"]
    assert ("CB08.xlsx", f"{NAME}2") in found


@pytest.mark.parametrize("mark", ["- ", "• ", "\u200e"])
def test_a_member_pasted_from_a_list_into_a_second_file_is_found_twice(tmp_path: Path, mark: str) -> None:
    """The same member on a second organisation's list with a list mark before the name, or an
    invisible left-to-right mark pasted with it (and no card number): before, two people, the
    ward counted one member twice without a word."""
    from helpers_validate import clean_info

    one = write(tmp_path, "CB07.xlsx")
    first = clean_members()[0]
    pasted = {**first, "full_name": mark + first["full_name"], "card_no": None}
    other = write(
        tmp_path,
        "CB08.xlsx",
        info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8"),
        members=[pasted],
        events=[],
    )
    found = [(i.file, i.cell) for i in run(one, other).issues if i.code == "member.duplicate_other_file"]
    assert ("CB08.xlsx", f"{NAME}2") in found
