"""A ward's history under its ward name typed differently (hunt104 #2): "Phuong Thu" or "P. Thử"
for "Phường Thử". The records of another name are never used (names are not matched silently),
but when they hold this run's organisations the run says so: in the `Kiểm tra` sheet, and in the
forms' note on an empty `Cùng kỳ năm trước` column when one of them is of last year's period.

Three generated organisations are consolidated through the CLI at 31/03/2025 as “Phường Thử”
and at 31/03/2026, into a real history file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from tests.helpers_history import consolidated_into
from tests.helpers_sample import sample_orgs
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
EARLIER = dt.date(2025, 3, 31)
WARD = "Phường Thử"


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("ward_name_typed")
    orgs = sample_orgs(21, [30, 25, 20], PERIOD, prefix="HD")
    found = {}
    for label, rows in (("2025", [as_of(o, EARLIER) for o in orgs]), ("2026", orgs)):
        folder = tmp / f"nop{label}"
        folder.mkdir()
        for org in rows:
            org.write(folder / f"{org.organisation.org_code}.xlsx")
        found[label] = folder
    return found


def _notes(workbook: Path, sheet: str) -> list[str]:
    ws = openpyxl.load_workbook(workbook)[sheet]
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


@pytest.mark.parametrize("typed", ["Phuong Thu", "P. Thử"])
def test_last_year_under_the_ward_name_typed_otherwise_is_said(
    folders: dict[str, Path], tmp_path: Path, typed: str
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    consolidated_into(folders["2025"], EARLIER, history, tmp_path / "2025.xlsx", ward=WARD)
    out = tmp_path / "2026.xlsx"
    summary = consolidated_into(folders["2026"], PERIOD.cutoff, history, out, ward=typed)
    assert summary["previous"] is None  # never matched silently
    found = [i for i in summary["issues"] if i["code"] == "history.other_ward_name"]
    assert len(found) == 1, [i["code"] for i in summary["issues"]]
    message = found[0]["message"]
    assert "kỳ 01/01/2025–31/03/2025 của “Phường Thử” (lần số 1" in message
    assert "HD01, HD02, HD03" in message
    assert f"lần này tên phường là “{typed}”" in message
    assert "--ward-name" in message
    notes = [n for n in _notes(out, "Biểu 1-BTCTW") if "Cùng kỳ năm trước" in n]
    assert any(
        "lịch sử tổng hợp có lần tổng hợp kỳ 01/01/2025–31/3/2025 của “Phường Thử”" in n
        and f"“{typed}”" in n
        and "chưa có lần tổng hợp nào" not in n
        for n in notes
    ), notes
    assert any("history.other_ward_name" in t or "Phường Thử" in t for t in _notes(out, "Kiểm tra"))


def test_the_same_name_uses_last_year_and_says_nothing_more(folders: dict[str, Path], tmp_path: Path) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    consolidated_into(folders["2025"], EARLIER, history, tmp_path / "2025.xlsx", ward=WARD)
    summary = consolidated_into(folders["2026"], PERIOD.cutoff, history, tmp_path / "2026.xlsx", ward=WARD)
    assert summary["previous"] is not None
    assert "history.other_ward_name" not in [i["code"] for i in summary["issues"]]


def test_another_ward_with_other_organisations_is_not_named(folders: dict[str, Path], tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    for org in sample_orgs(22, [10, 12], PERIOD, prefix="KX"):
        as_of(org, EARLIER).write(other / f"{org.organisation.org_code}.xlsx")
    history = tmp_path / "lich_su_tong_hop.sqlite"
    consolidated_into(other, EARLIER, history, tmp_path / "khac.xlsx", ward="Phường Khác")
    summary = consolidated_into(folders["2026"], PERIOD.cutoff, history, tmp_path / "2026.xlsx", ward=WARD)
    assert "history.other_ward_name" not in [i["code"] for i in summary["issues"]]


def test_a_ward_name_without_records_of_its_own_names_the_other_name_s_latest_record(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    consolidated_into(folders["2026"], PERIOD.cutoff, history, tmp_path / "a.xlsx", ward=WARD)
    out = tmp_path / "b.xlsx"
    summary = consolidated_into(folders["2026"], PERIOD.cutoff, history, out, ward="Phuong Thu")
    found = [i["message"] for i in summary["issues"] if i["code"] == "history.other_ward_name"]
    assert len(found) == 1
    assert "ngày chốt 31/03/2026 của “Phường Thử” (lần số 1" in found[0]


def test_a_tone_typed_on_the_other_vowel_is_the_same_ward(folders: dict[str, Path], tmp_path: Path) -> None:
    """hunt110 #2: "Phường Hòa Bình" last year, "Phường Hoà Bình" this year (the keyboards set
    either; the two look alike): one ward, last year's record used, nothing said."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    consolidated_into(folders["2025"], EARLIER, history, tmp_path / "2025.xlsx", ward="Phường Hòa Bình")
    out = tmp_path / "2026.xlsx"
    summary = consolidated_into(folders["2026"], PERIOD.cutoff, history, out, ward="Phường Hoà Bình")
    assert summary["previous"] is not None
    assert "history.other_ward_name" not in [i["code"] for i in summary["issues"]]
