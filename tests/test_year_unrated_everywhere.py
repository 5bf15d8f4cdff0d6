"""Ratings not entered (`year.unrated`) said everywhere they matter (fix186, fix180's left-outs),
on real generated workbooks (the project's generator, the real pipeline, the command line):

- a ward where nobody typed a rating of a finished year: every organisation had its
  `year.unrated`, but the report's ratings section vanished (no year with ratings) and no
  sentence said the ratings were not entered; `Tổng hợp`'s row 3 said "Đã tổng hợp đủ số
  liệu" and section D showed 0s as if nobody had been rated. Now the report says
  "Kết quả xếp loại … năm 2025 chưa được nhập ở tổ chức nào", its table's note says it too,
  and section D (and `Xếp loại theo năm`) leaves that year empty, as the cut-off's unfinished
  year;
- an organisation that rated nobody while the others did: row 3 said "đủ số liệu"; it now
  names it, as it names a missing year's row;
- a roll-up of such a ward said nothing at all; its ward is now named at its file
  (`rollup.year_unrated_ward`, the counterpart of `rollup.year_missing_ward`), in its row 3
  and in its report, in the ward's own words after the ward's name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.helpers_sample import cli_output, sample_orgs, ward_summary
from toolkit.core import layout, vocab
from toolkit.outputs.publish import write_outputs
from toolkit.pipeline import consolidate
from toolkit.sample.rows import OrgRows, Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
RATING_KEYS = [layout.RATING_KEYS[c] for c in vocab.RATING.codes]
NOWHERE = "Kết quả xếp loại chất lượng đảng viên năm 2025 chưa được nhập ở tổ chức nào"


def _unrated(org: OrgRows, year: int = 2025) -> OrgRows:
    """`org` with every rating cell of `year` left empty."""
    years = [{**y, **dict.fromkeys(RATING_KEYS)} if y["year"] == year else dict(y) for y in org.years]
    return dataclasses.replace(org, years=years)


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Phường Không: nobody rated in 2025; Phường Một: its T02 only; Phường Đủ: all rated."""
    tmp = tmp_path_factory.mktemp("unrated")
    none = [_unrated(o) for o in sample_orgs(186, [12, 9], PERIOD, prefix="K")]
    one = sample_orgs(187, [14, 20], PERIOD, prefix="T")
    one[1] = _unrated(one[1])
    whole = sample_orgs(188, [10, 11], PERIOD, prefix="D")
    return {
        "Phường Không": ward_summary(tmp, "Phường Không", none, PERIOD),
        "Phường Một": ward_summary(tmp, "Phường Một", one, PERIOD),
        "Phường Đủ": ward_summary(tmp, "Phường Đủ", whole, PERIOD),
    }


def _report(doc: Path) -> list[str]:
    md = doc.with_suffix(".md")
    cli_output("report", doc, "-o", md)
    return [line for line in md.read_text(encoding="utf-8").splitlines() if line.strip()]


def _sheet(book: Path, name: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in openpyxl.load_workbook(book)[name].iter_rows(values_only=True)]


def _issues(doc: Path, code: str) -> list[dict[str, Any]]:
    return [i for i in json.loads(doc.read_text(encoding="utf-8"))["issues"] if i["code"] == code]


def test_a_ward_rating_nobody_says_the_ratings_were_not_entered(wards: dict[str, Path]) -> None:
    doc = wards["Phường Không"]
    assert [i["org_code"] for i in _issues(doc, "year.unrated")] == ["K01", "K02"]
    lines = _report(doc)
    named = "2 tổ chức đảng chưa ghi xếp loại ở sheet “Số liệu năm” (K01 năm 2025; K02 năm 2025)"
    # The ratings section is there, and says it, instead of vanishing.
    at = lines.index("## Xếp loại chất lượng đảng viên")
    assert lines[at + 1] == f"{NOWHERE}: {named}.", lines[at + 1]
    # The note under the table of main figures (the table has no ratings row).
    assert f"_Ghi chú: {NOWHERE}: {named}._" in lines
    # The opening says it, as row 3 does.
    assert f"xếp loại chưa gồm số liệu của {named}" in lines[2], lines[2]


def test_a_ward_rating_nobody_shows_no_zeros_of_that_year_in_the_workbook(wards: dict[str, Path]) -> None:
    book = wards["Phường Không"].with_suffix(".xlsx")
    rows = _sheet(book, "Tổng hợp")
    assert rows[2][0] == (
        "Chưa đủ số liệu: 2 tổ chức chưa ghi xếp loại của năm đã kết thúc ở sheet “Số liệu năm” "
        "(K01 năm 2025; K02 năm 2025): thiếu xếp loại của năm ấy — xem sheet “Kiểm tra”."
    )
    top = next(i for i, r in enumerate(rows) if r[0] == "D. XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN")
    end = next(i for i, r in enumerate(rows) if str(r[0]).startswith("E. "))
    assert rows[top + 1][1] == 2025
    # 2025's column: empty (not entered), neither counts of 0 nor a rate of 0 %.
    assert [r[1] for r in rows[top + 2 : end]] == [None] * (end - top - 2)
    ratings = _sheet(book, "Xếp loại theo năm")
    (row_2025,) = [r for r in ratings if r[0] == 2025]
    assert set(row_2025[1:]) == {None}


def test_one_organisation_rating_nobody_is_in_row_3_and_the_year_keeps_its_figures(
    wards: dict[str, Path],
) -> None:
    book = wards["Phường Một"].with_suffix(".xlsx")
    rows = _sheet(book, "Tổng hợp")
    assert rows[2][0] == (
        "Chưa đủ số liệu: 1 tổ chức chưa ghi xếp loại của năm đã kết thúc ở sheet “Số liệu năm” "
        "(T02 năm 2025): thiếu xếp loại của năm ấy — xem sheet “Kiểm tra”."
    )
    top = next(i for i, r in enumerate(rows) if r[0] == "D. XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN")
    (rated,) = [r for r in rows[top:] if r[0] == "Cộng số đảng viên được xếp loại"][:1]
    assert isinstance(rated[1], int) and rated[1] > 0  # T01's members, as typed
    lines = _report(wards["Phường Một"])
    assert not any(NOWHERE in line for line in lines)  # T01 rated 2025


def test_a_rollup_carries_a_wards_unrated_organisations(wards: dict[str, Path], tmp_path: Path) -> None:
    book, doc = tmp_path / "up.xlsx", tmp_path / "up.json"
    cli_output(
        "rollup", wards["Phường Một"], wards["Phường Đủ"], "-o", book, "--json", doc, "--name", "Tỉnh Thử"
    )
    (issue,) = _issues(doc, "rollup.year_unrated_ward")
    assert (issue["severity"], issue["org_code"], issue["value"]) == ("warning", "Phường Một", "T02 năm 2025")
    assert issue["message"].startswith(
        "Số liệu năm của Phường Một có 1 tổ chức đảng (T02 năm 2025) chưa ghi kết quả xếp loại chất lượng "
        "đảng viên của năm đã kết thúc ở sheet “Số liệu năm”. Tệp vẫn được cộng"
    ), issue["message"]
    assert _sheet(book, "Tổng hợp")[2][0] == (
        "Chưa đủ số liệu: Phường Một: 1 tổ chức chưa ghi xếp loại của năm đã kết thúc ở sheet “Số liệu năm” "
        "(T02 năm 2025): thiếu xếp loại của năm ấy — xem sheet “Kiểm tra”."
    )
    said = "số liệu của Phường Một có 1 tổ chức đảng chưa ghi xếp loại ở sheet “Số liệu năm” (T02 năm 2025)"
    lines = _report(doc)
    (ratings,) = [line for line in lines if line.startswith("Kết quả xếp loại chất lượng đảng viên năm 2025")]
    assert ratings.endswith(f" Kết quả xếp loại này chưa gồm {said}."), ratings


def test_a_rollup_of_a_ward_rating_nobody_says_it_was_not_entered(
    wards: dict[str, Path], tmp_path: Path
) -> None:
    book, doc = tmp_path / "up.xlsx", tmp_path / "up.json"
    cli_output("rollup", wards["Phường Không"], "-o", book, "--json", doc, "--name", "Tỉnh Thử")
    lines = _report(doc)
    at = lines.index("## Xếp loại chất lượng đảng viên")
    assert lines[at + 1].startswith(f"{NOWHERE}: Phường Không có 2 tổ chức đảng chưa ghi xếp loại"), lines[
        at + 1
    ]
    rows = _sheet(book, "Tổng hợp")
    top = next(i for i, r in enumerate(rows) if r[0] == "D. XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN")
    assert [r[1] for r in rows[top + 2 : top + 8]] == [None] * 6


def test_a_ward_whose_organisations_all_rated_says_nothing_new(wards: dict[str, Path]) -> None:
    doc = wards["Phường Đủ"]
    assert _sheet(doc.with_suffix(".xlsx"), "Tổng hợp")[2][0].startswith("Đã tổng hợp đủ số liệu")
    assert not any("chưa ghi xếp loại" in line or NOWHERE in line for line in _report(doc))


def test_a_later_year_rated_nowhere_is_said_after_the_earlier_years_ratings(tmp_path: Path) -> None:
    """Period 2024–31/3/2026: 2024 rated, 2025 left blank everywhere. The ratings paragraph
    states 2024 (the latest year with ratings) and said nothing of 2025; it now ends by saying
    2025 was not entered, and section D leaves 2025 empty while 2024 keeps its figures."""
    period = Period(dt.date(2024, 1, 1), PERIOD.cutoff)
    orgs = [_unrated(o) for o in sample_orgs(189, [12, 15], period, prefix="L")]
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    result = consolidate([folder], cutoff=period.cutoff, since=period.start)
    doc = tmp_path / "th.json"
    write_outputs(result, doc.with_suffix(".xlsx"), doc)
    lines = _report(doc)
    (ratings,) = [line for line in lines if line.startswith("Kết quả xếp loại chất lượng đảng viên năm 2024")]
    named = "2 tổ chức đảng chưa ghi xếp loại ở sheet “Số liệu năm” (L01 năm 2025; L02 năm 2025)"
    assert ratings.endswith(f" {NOWHERE}: {named}."), ratings
    rows = _sheet(doc.with_suffix(".xlsx"), "Tổng hợp")
    top = next(i for i, r in enumerate(rows) if r[0] == "D. XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN")
    assert rows[top + 1][1:3] == (2024, 2025)
    (rated,) = [r for r in rows[top:] if r[0] == "Cộng số đảng viên được xếp loại"][:1]
    assert isinstance(rated[1], int) and rated[1] > 0
    assert rated[2] is None
