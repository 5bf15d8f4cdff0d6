"""A name that cannot be a person's as typed is said: `member.name_odd`, `event.name_odd`.

A name with its birth date is how a person is recognised between the roll and the changes and
between files. "Lê Văn An 2", "Lê Văn An (dự bị)" or "An" does not meet "Lê Văn An" of another
sheet or file: a member on two organisations' lists was counted twice, a change did not find
its member, and nothing said why.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from helpers_names import spelled
from helpers_validate import clean_events, clean_members, codes, member, only, run, write

from toolkit.core import layout
from toolkit.core.rules import RULES

M, E = layout.SHEET_MEMBERS, layout.SHEET_EVENTS
NAME = layout.MEMBERS.letter("full_name")
TAIL = (
    " Họ tên cùng ngày sinh là cách nhận ra một người giữa các sheet và giữa các tệp, nên chỉ ghi họ, "
    "tên đệm và tên; ghi chú ghi ở cột “Ghi chú”."
)


def roll_with(name: str) -> list[dict[str, object]]:
    members = clean_members()
    members[0] = {**members[0], "full_name": name}
    return members


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("Nguyễn Văn An 2", "có chữ số"),
        ("Nguyễn Văn An (dự bị)", "có dấu “(”"),
        ("Nguyễn Văn An, Bình", "có dấu “,”"),
        ("Nguyễn V. An", "có dấu “.”"),
        ("An", "chỉ có một chữ"),
        # A note after a dash, a symbol: what a dash or an emoji hides from the match.
        ("Nguyễn Văn An – chuyển đến", "có dấu “–”"),
        ("Nguyễn Văn An - chuyển đến", "có dấu “-”"),
        ("Nguyễn Văn An-", "có dấu “-”"),
        ("Nguyễn Văn An 🎖", "có dấu “🎖”"),
        ("Nguyễn Văn_An", "có dấu “_”"),
    ],
)
def test_a_name_no_one_has_is_one_warning_saying_what(tmp_path: Path, name: str, what: str) -> None:
    result = run(write(tmp_path, members=roll_with(name)))
    issue = only(result.issues, "member.name_odd")
    assert RULES["member.name_odd"].severity == "warning"
    assert (issue.sheet, issue.cell) == (M, f"{NAME}2")
    assert issue.message == f"Dòng 2, cột “Họ và tên” (ô {NAME}2): Họ tên ở ô này {what}.{TAIL}"
    assert unicodedata.is_normalized("NFC", issue.message)
    assert name not in (issue.private_message or issue.message)  # the name is the cell's, not quoted


@pytest.mark.parametrize(
    "name", ["H'Hen Niê", "Y-Moan Ênuôl", "Ksor H'Luin", "Nguyễn Thị Minh Khai", "Hoàng Thị Ka\u2019Lin"]
)
def test_names_of_every_people_are_names(tmp_path: Path, name: str) -> None:
    assert "member.name_odd" not in codes(run(write(tmp_path, members=roll_with(name))).issues)


def test_a_change_s_name_is_looked_at_too(tmp_path: Path) -> None:
    events = clean_events()
    events[1] = {**events[1], "full_name": "Vũ Văn Phúc (đã mất)"}
    issue = only(run(write(tmp_path, events=events)).issues, "event.name_odd")
    assert (issue.sheet, issue.cell) == (E, f"{layout.EVENTS.letter('full_name')}3")


def test_a_roll_numbered_in_its_names_is_one_warning_listing_the_cells(tmp_path: Path) -> None:
    """Each name followed by its birth year, as some lists keep them apart."""
    members = [
        member(
            row_no=i + 1,
            full_name=f"Nguyễn Văn {spelled(i).replace(' ', '')} {1960 + i}",
            birth_date=dt.date(1960 + i, 5, 1),
            card_no=f"0123470{i}",
        )
        for i in range(7)
    ]
    issue = only(run(write(tmp_path, members=members)).issues, "member.name_odd")
    assert (issue.cell, issue.column) == (f"{NAME}1", "Họ và tên")
    assert issue.message == f"Cột “Họ và tên” (ô {NAME}1): Họ tên ở 7 ô ({NAME}2–{NAME}8) có chữ số.{TAIL}"
