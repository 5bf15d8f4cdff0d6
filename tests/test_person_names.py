"""One person's name typed with the tone of "oa", "oe", "uy" on either vowel is one name.

Vietnamese writes an open syllable's tone in two ways, both taught and both set by the common
keyboards (Unikey's "đặt dấu oà, uý"): Hòa / Hoà, Hòe / Hoè, Thủy / Thuỷ. Two secretaries
typing one member's name each their way made two people: a member on two organisations'
lists was counted twice without a word, a transfer inside the ward was "without its other
side", an admission did not find its roster row for Biểu 2. Names now compare by
`vocab.person_name_key`, which puts such a tone on one vowel; another tone is another name
(Thủy, Thụy), and a syllable with a final letter (Hoàng, Huỳnh) is written one way only.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from helpers_stats import events_frame, members_frame
from helpers_validate import clean_events, clean_info, clean_members, member, run, write

from toolkit.core.vocab import person_name_key
from toolkit.io.reader import read_submission
from toolkit.stats.grouped import ORG_KEY
from toolkit.stats.period import compute_period_by_org
from toolkit.worklists import badges
from toolkit.worklists.collect import readmitted_people
from toolkit.worklists.model import Context, Member

NEW_STYLE = "Nguyễn Thị Thuỷ"  # tone on the second vowel
OLD_STYLE = "Nguyễn Thị Thủy"  # on the first
OTHER_TONE = "Nguyễn Thị Thụy"  # another name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nguyễn Thị Thuỷ", "Nguyễn Thị Thủy"),
        ("Lê Văn Hoà", "LÊ VĂN HÒA"),
        ("Trần Thị Hoè", "Trần Thị Hòe"),
        ("Đỗ Văn Tuý", "Đỗ Văn Túy"),
        ("Phạm Thị Hoạ", "Phạm Thị Họa"),
        ("Vũ Hoà Bình", "Vũ Hòa Bình"),  # inside the name too
        ("  Bùi   Văn Khoẻ. ", "Bùi Văn Khỏe"),  # spaces and a full stop, as `match_key`
        # The eth (U+00D0) some fonts and converters put for Đ, which looks the same.
        ("\u00d0ặng Văn \u00d0ức", "Đặng Văn Đức"),
        # Decomposed (NFD), as some programs write: the same letters.
        (unicodedata.normalize("NFD", "Ngô Thị Thuỷ"), "Ngô Thị Thủy"),
    ],
)
def test_the_two_ways_of_placing_a_tone_are_one_name(a: str, b: str) -> None:
    assert person_name_key(a) == person_name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nguyễn Thị Thủy", "Nguyễn Thị Thụy"),  # another tone
        ("Lê Văn Hòa", "Lê Văn Hóa"),
        ("Lê Văn Hòa", "Lê Văn Hoa"),  # no tone
        ("Trần Văn Hoàng", "Trần Văn Hoáng"),  # a final letter: one way only, and these differ
        ("Đặng Thị Thùy", "Đặng Thị Thủy"),
    ],
)
def test_another_tone_is_another_name(a: str, b: str) -> None:
    assert person_name_key(a) != person_name_key(b)


def _org(
    tmp_path: Path, name: str, code: str, rows: list[dict[str, Any]], events: list[dict[str, Any]]
) -> Path:
    others = [
        member(full_name=f"Người {code} {n}", birth_date=dt.date(1970 + n, 1, 1), card_no=f"{code}-{n}")
        for n in range(1, 4)
    ]
    return write(
        tmp_path, name, info=clean_info(org_code=code), members=[*rows, *others], events=events, years=[]
    )


@pytest.mark.parametrize(("typed", "same"), [(OLD_STYLE, True), (OTHER_TONE, False)])
def test_a_member_on_two_lists_is_found_whichever_way_the_tone_was_placed(
    tmp_path: Path, typed: str, same: bool
) -> None:
    born = dt.date(1980, 4, 5)
    a = _org(tmp_path, "a.xlsx", "CB07", [member(full_name=NEW_STYLE, birth_date=born, card_no="A1")], [])
    b = _org(tmp_path, "b.xlsx", "CB08", [member(full_name=typed, birth_date=born, card_no="B1")], [])
    found = [(i.file, i.cell) for i in run(a, b).issues if i.code == "member.duplicate_other_file"]
    assert found == ([("a.xlsx", "B2"), ("b.xlsx", "B2")] if same else [])


def test_a_member_twice_in_one_list_is_found_whichever_way_the_tone_was_placed(tmp_path: Path) -> None:
    born = dt.date(1979, 2, 3)
    rows = [
        *clean_members(),
        member(full_name="Lê Văn Hoà", birth_date=born, card_no="X1"),
        member(full_name="Lê Văn Hòa", birth_date=born, card_no="X2"),
    ]
    result = run(write(tmp_path, members=rows))
    duplicate = [i for i in result.issues if i.code == "member.duplicate"]
    assert len(duplicate) == 1 and duplicate[0].cell == f"B{len(rows) + 1}"


@pytest.mark.parametrize(("typed", "matched"), [("Đinh Văn Thuý", True), ("Đinh Văn Thụy", False)])
def test_an_internal_transfer_finds_its_other_side_whichever_way_the_tone_was_placed(
    tmp_path: Path, typed: str, matched: bool
) -> None:
    born = dt.date(1985, 9, 9)
    moved: dict[str, Any] = {"birth_date": born, "transfer_scope": "internal"}
    out = {
        **moved,
        "full_name": "Đinh Văn Thúy",
        "event_type": "transfer_out",
        "event_date": dt.date(2025, 8, 1),
    }
    incoming = {**moved, "full_name": typed, "event_type": "transfer_in", "event_date": dt.date(2025, 8, 3)}
    a = write(tmp_path, "a.xlsx", events=[*clean_events(), out])
    b = _org(tmp_path, "b.xlsx", "CB08", [], [incoming])
    unmatched = [i.file for i in run(a, b).issues if i.code == "event.internal_transfer_unmatched"]
    assert unmatched == ([] if matched else ["a.xlsx", "b.xlsx"])


def test_an_admission_finds_its_roster_row_for_biểu_2_whichever_way_the_tone_was_placed() -> None:
    """Biểu 2 analyses the people admitted in the period by their roster rows (gender,
    ethnicity, ...): the admission row names "Hoà", the roster "Hòa"."""
    roster = members_frame(
        {"full_name": "Lê Thị Hòa", "birth_date": "1999-05-06", "gender": "female", "ethnicity": "01"}
    )
    admitted = events_frame(
        {
            "full_name": "Lê Thị Hoà",
            "birth_date": "1999-05-06",
            "event_type": "admitted",
            "event_date": "2026-02-01",
        }
    )
    roster[ORG_KEY] = ["A"]
    admitted[ORG_KEY] = ["A"]
    ind = compute_period_by_org(
        roster,
        admitted,
        form_period=(dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        orgs=("A",),
        tiers={},
        no_candidates_left={},
    )["A"]
    assert ind["admitted.total"] == 1
    assert ind["admitted.gender.female"] == 1 and ind["admitted.gender.unknown"] == 0


def test_a_badge_finds_the_members_readmission_row_whichever_way_the_tone_was_placed(tmp_path: Path) -> None:
    """A readmitted member's party age is counted again by hand: the badge list marks them from
    the `Kết nạp lại` row, which names "Thủy" where the roster says "Thuỷ"."""
    born, cutoff = dt.date(1950, 2, 1), dt.date(2026, 3, 31)
    again = {"full_name": "Trần Thị Thủy", "birth_date": born, "event_type": "readmitted"}
    sub = read_submission(
        write(tmp_path, events=[*clean_events(), {**again, "event_date": dt.date(2025, 6, 1)}])
    )
    someone = Member(
        org_code="CB07",
        org_name="Chi bộ 7",
        path=Path("CB07.xlsx"),
        row=7,
        full_name="Trần Thị Thuỷ",
        birth_date=born,
        gender="female",
        admission_date=dt.date(1976, 5, 19),
    )
    row = badges.entry(someone, Context(cutoff, readmitted_people([sub], cutoff=cutoff)))
    assert row is not None and row.flagged and row.note is not None and "Kết nạp lại" in row.note


# hunt78 #B: a minority name's apostrophe typed as another mark (Word's smart quote, a phone's
# keyboard, a pasted list) and its hyphen as a space or an en dash made two people of one.
APOSTROPHE_NAME = "Ksor H'Luân"
HYPHEN_NAME = "Y-Moan Enuôl"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ksor H\u2019Luân", APOSTROPHE_NAME),
        ("Ksor H\u2018Luân", APOSTROPHE_NAME),
        ("Ksor H\u02bcLuân", APOSTROPHE_NAME),
        ("Ksor H\u00b4Luân", APOSTROPHE_NAME),
        ("Ksor H`Luân", APOSTROPHE_NAME),
        ("KSOR H\u2019LUÂN", APOSTROPHE_NAME),
        ("Y Moan Enuôl", HYPHEN_NAME),
        ("Y\u2013Moan Enuôl", HYPHEN_NAME),
        ("Y-Moan  Enuôl.", "y moan enuôl"),
        ("Siu H\u2019Phai-Niê", "Siu H'Phai Niê"),
    ],
)
def test_a_minority_name_typed_with_another_apostrophe_or_hyphen_is_one_name(a: str, b: str) -> None:
    assert person_name_key(a) == person_name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ksor H'Luân", "Ksor HLuân"),  # an apostrophe left out is not said to be one
        ("Ksor H'Luân", "Ksor H Luân"),
        ("Y Moan Enuôl", "Ymoan Enuôl"),
        ("Lê Văn An - 2", "Lê Văn An 2"),  # a hyphen beside a space or a digit stays a sign
        ("Lê Văn An-2", "Lê Văn An 2"),
    ],
)
def test_other_signs_of_a_minority_name_still_differ(a: str, b: str) -> None:
    assert person_name_key(a) != person_name_key(b)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (APOSTROPHE_NAME, "Ksor H\u2019Luân"),
        (APOSTROPHE_NAME, "Ksor H\u02bcLuân"),
        (HYPHEN_NAME, "Y Moan Enuôl"),
        (HYPHEN_NAME, "Y\u2013Moan Enuôl"),
    ],
)
def test_a_minority_member_on_two_lists_is_found_whichever_mark_was_typed(
    tmp_path: Path, first: str, second: str
) -> None:
    born = dt.date(1970, 3, 3)
    a = _org(tmp_path, "a.xlsx", "CB07", [member(full_name=first, birth_date=born, card_no="A1")], [])
    b = _org(tmp_path, "b.xlsx", "CB08", [member(full_name=second, birth_date=born, card_no="B1")], [])
    found = [(i.file, i.cell) for i in run(a, b).issues if i.code == "member.duplicate_other_file"]
    assert found == [("a.xlsx", "B2"), ("b.xlsx", "B2")]


def test_a_minority_members_death_in_another_file_is_found_whichever_mark_was_typed(tmp_path: Path) -> None:
    """The death one file records of a member on another's roll (`event.left_in_other_file`),
    the apostrophe typed ’ in one and ' in the other."""
    born = dt.date(1970, 3, 3)
    died = {
        "full_name": "Ksor H\u2019Luân",
        "birth_date": born,
        "event_type": "died",
        "event_date": dt.date(2026, 1, 10),
    }
    a = write(tmp_path, "a.xlsx", events=[*clean_events(), died])
    b = _org(
        tmp_path, "b.xlsx", "CB08", [member(full_name=APOSTROPHE_NAME, birth_date=born, card_no="B1")], []
    )
    found = [(i.file, i.cell) for i in run(a, b).issues if i.code == "event.left_in_other_file"]
    assert found == [("b.xlsx", "B2")]


def test_an_internal_transfer_of_a_minority_member_finds_its_other_side(tmp_path: Path) -> None:
    moved: dict[str, Any] = {"birth_date": dt.date(1968, 4, 4), "transfer_scope": "internal"}
    out = {**moved, "full_name": HYPHEN_NAME, "event_type": "transfer_out", "event_date": dt.date(2025, 8, 1)}
    incoming = {
        **moved,
        "full_name": "Y Moan Enuôl",
        "event_type": "transfer_in",
        "event_date": dt.date(2025, 8, 3),
    }
    a = write(tmp_path, "a.xlsx", events=[*clean_events(), out])
    b = _org(tmp_path, "b.xlsx", "CB08", [], [incoming])
    assert [i.file for i in run(a, b).issues if i.code == "event.internal_transfer_unmatched"] == []
