"""The "Cùng kỳ năm trước" column of Biểu 1–3 counts only what last year's files told: a
ward whose files were of the 2026.1 template last year (no Dân tộc, Tôn giáo, Đoàn viên, …,
no Phạm vi chuyển) printed "0" there for ethnic-minority, religious, youth-union members, with
no note, while last year's own forms said these were unknown. The count notes are now said of
last year's column too (one note for the attributes of one count), in a ward's run and in a
roll-up of it.

One generated ward of four organisations, consolidated by the real CLI into one real history:
at 31/12/2025 from files of template 2026.1, then at 31/12/2026 from files of the current
template; the roll-up reads the second run's JSON summary.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_history import consolidated_into
from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core import layout, vnformat
from toolkit.forms.compute import fill_form
from toolkit.forms.tables import BIEU_1, BIEU_3
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 12, 31))
LAST_YEAR = dt.date(2025, 12, 31)
WHY = "(tệp theo mẫu cũ 2026.1, hoặc tệp đã nâng cấp nhưng chưa điền bổ sung)"
COLUMN = "Ở cột “Cùng kỳ năm trước”, "
# Ends a note whose lines' ratio is empty (tests/test_forms_short_ratio.py).
SHORT = " Cột (%) của các dòng không tính số này để trống: tỷ lệ tính từ số chưa đủ sẽ sai lệch."
SHORT_ONE = " Cột (%) của dòng không tính số này để trống: tỷ lệ tính từ số chưa đủ sẽ sai lệch."


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("last_year_unknowns")
    orgs = sample_orgs(7, [40, 55, 30, 62], PERIOD)
    history = tmp / "lich_su.sqlite"
    found: dict[str, Any] = {"tmp": tmp}
    for label, cutoff, version in (
        ("a", LAST_YEAR, layout.VERSION_2026_1),
        ("b", PERIOD.cutoff, layout.TEMPLATE_VERSION),
    ):
        folder = tmp / f"nop_{label}"
        folder.mkdir()
        for org in orgs:
            rows = org if cutoff == PERIOD.cutoff else as_of(org, cutoff)
            rows.write(folder / f"{org.organisation.org_code}.xlsx", version=version)
        found[label] = consolidated_into(folder, cutoff, history, tmp / f"tong_hop_{label}.xlsx")
    return found


def _sheet_notes(path: Path, sheet: str) -> list[str]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [
        str(c.value).removeprefix("Ghi chú: ")
        for c in ws["A"]
        if isinstance(c.value, str) and c.value.startswith("Ghi chú: ")
    ]


def _rows(summary: dict[str, Any], form: str) -> dict[str, Any]:
    return {r["row"]: r for r in summary["forms"][form]}


def test_last_years_unknown_attributes_are_said_under_biểu_3(runs) -> None:
    last, now = runs["a"]["indicators"], runs["b"]["indicators"]
    total = last["members.total"]
    # Last year's files asked none of these: every member's is unknown, so the column's 0
    # is no count; this year's files asked them all.
    for key in ("ethnicity", "religion", "youth_union", "private_owner", "foreign_marriage", "academic"):
        assert last[f"members.{key}.unknown"] == total > 0, key
        assert now[f"members.{key}.unknown"] == 0, key
    rows = _rows(runs["b"], "bieu3")
    assert rows["I.ethnic_minority"]["previous"] == 0 and rows["I.ethnic_minority"]["current"] > 0
    n = vnformat.number(total)
    expected = (
        f"{COLUMN}{n} đảng viên chưa rõ dân tộc, tôn giáo, có là đoàn viên hay không, có là chủ doanh "
        "nghiệp tư nhân hay không, có quan hệ hôn nhân với người nước ngoài hay không và chức danh "
        f"khoa học {WHY}: không tính vào dòng “Dân tộc thiểu số”, dòng “Người theo tôn giáo”, dòng "
        "“Đoàn viên Đoàn TNCS Hồ Chí Minh”, dòng “Chủ doanh nghiệp tư nhân”, dòng “Có quan hệ hôn "
        f"nhân với người nước ngoài” và các dòng “Chức danh khoa học”.{SHORT}"
    )
    notes = _sheet_notes(runs["tmp"] / "tong_hop_b.xlsx", "Biểu 3-BTCTW")
    assert expected in notes, notes
    assert all(unicodedata.is_normalized("NFC", t) for t in notes)
    # Every note of this year's Biểu 3 that speaks of unknowns is of last year's column
    # (this year's files left nothing unknown), and they are few: one per count, not one per
    # attribute as last year's own form had.
    unknown = [t for t in notes if "chưa rõ" in t]
    assert unknown and all(t.startswith(COLUMN) for t in unknown), unknown
    own = [t for t in _sheet_notes(runs["tmp"] / "tong_hop_a.xlsx", "Biểu 3-BTCTW") if "chưa rõ" in t]
    assert len(unknown) < len(own)
    working = last["members.occupation.unknown.working"] - last["members.occupation.unknown.enterprise"]
    assert working > 0  # the ambiguous old occupations: in line a, in no line under it
    assert any(
        t.startswith(f"{COLUMN}{vnformat.number(working)} đảng viên chưa rõ nghề nghiệp cụ thể")
        for t in unknown
    ), unknown


def test_last_years_admitted_of_unknown_attributes_are_said_under_biểu_2(runs) -> None:
    last = runs["a"]["indicators"]
    n = last["admitted.youth_union.unknown"]
    assert n == last["admitted.ethnicity.unknown"] > 0
    notes = _sheet_notes(runs["tmp"] / "tong_hop_b.xlsx", "Biểu 2-BTCTW")
    assert any(
        t.startswith(
            f"{COLUMN}{vnformat.number(n)} đảng viên mới kết nạp chưa rõ dân tộc, có là đoàn viên hay không"
        )
        and "dòng “Đoàn viên Đoàn TNCS Hồ Chí Minh”" in t
        for t in notes
    ), notes


def test_last_years_unknown_transfer_scopes_are_said_under_biểu_1(runs) -> None:
    last = runs["a"]["indicators"]
    notes = _sheet_notes(runs["tmp"] / "tong_hop_b.xlsx", "Biểu 1-BTCTW")
    said = 0
    for way, line in (("in", "đến"), ("out", "đi")):
        n = last[f"period.transfer_{way}.unknown"]
        assert n == last[f"period.transfer_{way}"], way  # a 2026.1 file records no scope
        if n:
            said += 1
            assert (
                f"{COLUMN}{vnformat.number(n)} đảng viên chuyển {line} chưa ghi phạm vi chuyển {WHY}: có "
                f"trong dòng “Chuyển {line}” nhưng không ở dòng a hoặc b.{SHORT}"
            ) in notes, notes
    assert said, "the sample ward has no transfer last year: nothing to check"


def test_the_roll_up_of_the_ward_says_the_same_of_last_years_column(runs) -> None:
    tmp = runs["tmp"]
    out = tmp / "cap_tren.xlsx"
    args = ["rollup", str(tmp / "tong_hop_b.json"), "-o", str(out), "--name", "Tỉnh Thử"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    for sheet in ("Biểu 1-BTCTW", "Biểu 3-BTCTW"):
        ward = [t for t in _sheet_notes(tmp / "tong_hop_b.xlsx", sheet) if t.startswith(COLUMN)]
        assert ward and set(ward) <= set(_sheet_notes(out, sheet)), sheet


def test_a_count_of_both_columns_is_one_note() -> None:
    """This year's files too leave some unknown: one note per attribute, with both counts
    (the words once), rather than two; equal counts are said once, of both columns."""
    period = (dt.date(2026, 1, 1), PERIOD.cutoff)
    ids = ("ethnicity", "religion", "youth_union", "private_owner", "foreign_marriage", "academic")
    current = {"members.total": 120, **{f"members.{k}.unknown": 0 for k in ids}}
    previous = {"members.total": 100, **{f"members.{k}.unknown": 100 for k in ids}}
    current |= {"members.ethnicity.unknown": 7, "members.religion.unknown": 100}
    notes = fill_form(BIEU_3, current, previous, period=period).notes
    assert (
        f"Kỳ này 7, cùng kỳ năm trước 100 đảng viên chưa rõ dân tộc {WHY}: không tính vào dòng "
        f"“Dân tộc thiểu số”.{SHORT_ONE}" in notes
    )
    assert (
        f"Ở cả hai cột, 100 đảng viên chưa rõ tôn giáo {WHY}: không tính vào dòng “Người theo tôn giáo”."
        f"{SHORT_ONE}" in notes
    )
    grouped = [t for t in notes if t.startswith(COLUMN)]
    assert len(grouped) == 1 and "dân tộc" not in grouped[0] and "tôn giáo" not in grouped[0], grouped
    assert len([t for t in notes if "chưa rõ" in t]) == 3, notes
    # Without last year's figures, this year's notes read as ever.
    alone = fill_form(BIEU_3, current, None, period=period).notes
    assert f"7 đảng viên chưa rõ dân tộc {WHY}: không tính vào dòng “Dân tộc thiểu số”." in alone


def test_a_roll_up_whose_last_year_lacks_a_count_says_the_line_may_be_short() -> None:
    """A roll-up's last year summed from ward summaries of an older version that lack the count:
    the line of last year's column may be short, said of that column (of both when this year's
    figures lack it too)."""
    period = (dt.date(2026, 1, 1), PERIOD.cutoff)
    lacking = next(n for n in BIEU_1.count_notes if n.lacking).lacking
    short = "dòng “Trong đó: Đảng viên dự bị” có thể chưa đủ"
    known = {"period.struck_off": 2, "period.struck_off.probationary.unknown": 0}
    older = {"period.struck_off": 2}
    notes = fill_form(BIEU_1, known, older, period=period, rollup=True).notes
    assert f"{COLUMN}{lacking[:1].lower()}{lacking[1:]}" in notes and lacking not in notes
    assert short in notes[notes.index(f"{COLUMN}{lacking[:1].lower()}{lacking[1:]}")]
    both = fill_form(BIEU_1, older, older, period=period, rollup=True).notes
    assert f"Ở cả hai cột, {lacking[:1].lower()}{lacking[1:]}" in both
    # A ward's run has no such text: its history record lacking the count says nothing new.
    assert not [t for t in fill_form(BIEU_1, known, older, period=period).notes if short in t]
