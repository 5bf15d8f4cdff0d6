"""How a report writes "không có", and a count or a date as a sentence writes it, are read.

A cell holding only a dash ("-", "–", "—") is how Vietnamese tables write "không có": a count
of none, a date or a value that does not apply; in a count or a date cell, the words
"không"/"không có" (and "chưa" in a date) say the same. Such a cell is read as an empty cell
(a count of `Số liệu năm` as 0, as an empty count is) with a correction warning
(`norm.none_mark`), instead of an error that kept the whole organisation out of the
consolidation ("-" is no whole number, no date, no value of the list), or a card number "–"
shared by every member without a card. A count followed by the people it counts ("12 đ/c")
and a date ending with a full stop ("05/03/1980.") are read with a note, as other text counts
and dates are.

The files are written through the real template, then typed into with openpyxl as a
secretary would type.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from helpers_validate import CUTOFF, clean_info, clean_members, codes, only, others_events, run, typed, write

from toolkit.core import layout
from toolkit.core.rules import RULES
from toolkit.io.reader import read_submission

M, Y = layout.SHEET_MEMBERS, layout.SHEET_YEARS
COUNT = layout.YEARS.letter("rated_good")
BIRTH = layout.MEMBERS.letter("birth_date")
EXEMPT_FROM = layout.MEMBERS.letter("exempt_from")
EXEMPT_REASON = layout.MEMBERS.letter("exempt_reason")
CARD = layout.MEMBERS.letter("card_no")
NOTE = layout.MEMBERS.letter("note")
OFFICIAL = layout.MEMBERS.letter("official_date")
RELIGION = layout.MEMBERS.letter("religion")


@pytest.mark.parametrize("dash", ["-", "–", "—", " - ", "--", "\u2212", "không", "Không có"])
def test_a_dash_in_a_count_is_zero_with_a_note(tmp_path: Path, dash: str) -> None:
    path = typed(write(tmp_path), Y, {f"{COUNT}2": dash})
    sub = read_submission(path)
    assert int(sub.years["rated_good"].iloc[0]) == 0
    issue = only(sub.issues, "norm.none_mark")
    shown = dash.strip()
    assert issue.cell == f"{COUNT}2" and issue.severity == "warning"
    assert issue.message.endswith(f"Đã đọc “{shown}” là số 0 (không có).")
    assert unicodedata.is_normalized("NFC", issue.message)
    # The organisation is consolidated: the dash is the file's only finding.
    assert codes(run(path).issues) == ["norm.none_mark"]


def test_dashes_in_optional_cells_are_empty_cells_and_one_warning_a_column(tmp_path: Path) -> None:
    path = typed(
        write(tmp_path),
        M,
        {
            f"{EXEMPT_FROM}2": "-",  # a date that does not apply
            f"{EXEMPT_REASON}2": "—",  # a value of a list that does not apply
            f"{CARD}2": "–",  # no card yet: on two rows, no longer "the same card twice"
            f"{CARD}3": "–",
            f"{NOTE}2": "-",
        },
    )
    sub = read_submission(path)
    members = sub.members
    assert members is not None
    first = members.iloc[0]
    assert first["exempt_from"] is None or str(first["exempt_from"]) == "NaT"
    assert first["exempt_reason"] is None and first["note"] is None
    assert members["card_no"].iloc[:2].isna().all()
    issues = run(path).issues
    assert not [i for i in issues if i.is_error], codes(issues)
    dash = [i for i in issues if i.code == "norm.none_mark"]
    assert sorted(i.column for i in dash) == sorted(
        layout.MEMBERS.field(k).header for k in ("exempt_from", "exempt_reason", "card_no", "note")
    )
    cards = next(i for i in dash if i.column == layout.MEMBERS.field("card_no").header)
    assert f"2 ô đã được sửa tự động ({CARD}2–{CARD}3)" in cards.message
    assert "member.duplicate_card" not in codes(issues)


def test_a_dash_where_a_value_is_required_is_a_missing_value(tmp_path: Path) -> None:
    """The dash says "none" where something must be: the organisation is not consolidated,
    and the error says the cell is empty to fill, not that "-" is a badly written date."""
    path = typed(write(tmp_path), M, {f"{BIRTH}2": "-"})
    issues = run(path).issues
    missing = only(issues, "member.required")
    assert missing.cell == f"{BIRTH}2" and missing.is_error
    assert "member.bad_date" not in codes(issues)
    assert only(issues, "norm.none_mark").cell == f"{BIRTH}2"


@pytest.mark.parametrize("text", ["-5", "- 5", "1-2", "x", "...", "- -", "----"])
def test_what_is_more_than_a_dash_is_read_as_before(tmp_path: Path, text: str) -> None:
    path = typed(write(tmp_path), Y, {f"{COUNT}2": text})
    issues = run(path).issues
    assert "norm.none_mark" not in codes(issues)


def test_the_rule_is_a_correction_listed_with_the_others() -> None:
    from toolkit.core.rules import CORRECTIONS, NORM_PRIORITY

    assert RULES["norm.none_mark"].severity == "warning"
    assert "norm.none_mark" in CORRECTIONS and "norm.none_mark" in NORM_PRIORITY


def test_a_probationary_member_s_official_date_not_yet_is_empty(tmp_path: Path) -> None:
    """The word "chưa" (not yet) where the official date of a probationary member goes."""
    rows = clean_members()
    rows[0] = {**rows[0], "official_date": None, "card_no": None, "admission_date": dt.date(2025, 9, 2)}
    path = typed(write(tmp_path, members=rows), M, {f"{OFFICIAL}2": "chưa"})
    sub = read_submission(path)
    assert sub.members is not None and pd.isna(sub.members["official_date"].iloc[0])
    issue = only(run(path).issues, "norm.none_mark")
    assert issue.cell == f"{OFFICIAL}2" and issue.message.endswith("Đã đọc “chưa” là ô để trống (không có).")
    assert not [i for i in run(path).issues if i.is_error]


def test_words_that_are_a_value_of_a_list_stay_that_value(tmp_path: Path) -> None:
    """The word "Không" answers the religion column: it is no mark of "không có" there."""
    path = typed(write(tmp_path), M, {f"{RELIGION}2": "Không"})
    sub = read_submission(path)
    assert sub.members is not None and sub.members["religion"].iloc[0] == "none"
    assert "norm.none_mark" not in codes(run(path).issues)


@pytest.mark.parametrize(
    ("text", "number"), [("12 đ/c", 12), ("12đ/c", 12), ("3 đồng chí", 3), ("4 người", 4), ("2 ĐV", 2)]
)
def test_a_count_followed_by_the_people_it_counts_is_read(tmp_path: Path, text: str, number: int) -> None:
    path = typed(write(tmp_path), Y, {f"{COUNT}2": text})
    sub = read_submission(path)
    assert int(sub.years["rated_good"].iloc[0]) == number
    issue = only(run(path).issues, "norm.number_text")
    assert issue.message.endswith(f"Đã đọc văn bản “{text}” là số {number}.")


@pytest.mark.parametrize("text", ["12 đảng viên mới", "12 đ/c, 3 quần chúng", "đ/c 12", "12 cái"])
def test_a_count_with_other_words_is_still_no_count(tmp_path: Path, text: str) -> None:
    path = typed(write(tmp_path), Y, {f"{COUNT}2": text})
    assert only(run(path).issues, "year.not_integer").cell == f"{COUNT}2"


@pytest.mark.parametrize("text", ["12/05/1975.", "12/05/1975 .", "1975-05-12."])
def test_a_date_ending_with_a_full_stop_is_read(tmp_path: Path, text: str) -> None:
    path = typed(write(tmp_path), M, {f"{BIRTH}2": text})
    sub = read_submission(path)
    assert sub.members is not None and sub.members["birth_date"].iloc[0] == pd.Timestamp(1975, 5, 12)
    issue = only(run(path).issues, "norm.date_text")
    assert issue.message.endswith(f"Đã đọc văn bản “{text}” là ngày 12/05/1975.")


def test_the_ward_counts_a_dash_as_none_and_the_organisation_in(tmp_path: Path) -> None:
    """End to end: the organisation whose count reads "-" is consolidated, and the ward's
    figure is the other organisation's alone (before, it was left out with its members)."""
    from toolkit.pipeline import consolidate

    folder = tmp_path / "nop"
    folder.mkdir()
    dashed = typed(write(folder), Y, {f"{COUNT}2": "–"})
    others = [  # other people: their birth dates a day later, their cards another series
        {
            **m,
            "birth_date": m["birth_date"] + dt.timedelta(days=1),
            "card_no": m["card_no"] and "9" + m["card_no"][1:],
        }
        for m in clean_members()
    ]
    info = clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8")
    events = others_events(str, days=1)
    other = write(folder, "CB08_chi_bo_to_dan_pho_so_8.xlsx", info=info, members=others, events=events)
    year = int(read_submission(other).years["year"].iloc[0])
    good_other = int(read_submission(other).years["rated_good"].iloc[0])
    result = consolidate([folder], cutoff=CUTOFF)
    assert {o.org_code for o in result.organisations if o.status == "consolidated"} == {"CB07", "CB08"}
    assert result.indicators[f"ratings.{year}.good"] == good_other
    assert result.indicators["members.total"] == 2 * len(clean_members())
    assert dashed.exists()
