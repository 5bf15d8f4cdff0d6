"""A roll-up's outputs read which wards had what from data, never from an issue's words, and an
older roll-up's cut lists are counted whole (fixR), on real ward summaries (generated
organisations, the real pipeline, the command line):

- the wards whose own run counted two rows of one person typed with and without accents (a
  ward's `name_accent_pairs`) were found by looking for "(event.name_without_accents" in the
  message of the roll-up's `rollup.ward_form_warning`: rewording that message would have made
  the forms and the report say "ở các phường" instead of naming the ward. The roll-up now keeps
  each ward's count (`ward_accent_pairs`), and reads a message only in a roll-up written before
  that field;
- a roll-up of an older version cut `rollup.year_missing_ward`'s and `rollup.late_start_ward`'s
  lists at 120 characters (`core.text.shown`); its report counted the organisations left in the
  cut list (8 of a ward's 10 lacking a year, 5 of 6 late), not the count its message recorded.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_sample import cli_output, sample_orgs, ward_summary
from tests.schema_check import schema_errors
from tests.test_rollup_ward_lists import (
    INSIDE,
    PERIOD,
    UNIT,
    _no_2025,
    _notes,
    _opening,
    _rollup,
    _starting,
    _with_pair,
)
from toolkit.core.errors import SummaryError
from toolkit.core.text import shown
from toolkit.forms import result_forms
from toolkit.io.summary import check_summary
from toolkit.rollup import rollup
from toolkit.stats.coverage import ward_late_starts, ward_years_missing

WARNING = "rollup.ward_form_warning"
REWORDED = "Phường này có cảnh báo về các biểu; xem sheet “Kiểm tra” của phường."
ONE_WARD = "1 cặp dòng ở Phường Đông có họ tên"


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Phường Đông: one pair of names differing only by accents. Phường Nam: none. Phường Năm:
    ten organisations lack their 2025 row. Phường Sáu: six organisations from 01/02/2026."""
    tmp = tmp_path_factory.mktemp("rollup_structured_lists")
    east = sample_orgs(31, [12, 9], PERIOD, prefix="D")
    east[0] = _with_pair(east[0])
    six = sample_orgs(7, [4] * 7, PERIOD, prefix="S")
    six[1:] = [_starting(o, INSIDE) for o in six[1:]]
    return {
        "Phường Đông": ward_summary(tmp, "Phường Đông", east, PERIOD),
        "Phường Nam": ward_summary(tmp, "Phường Nam", sample_orgs(33, [12, 9], PERIOD, prefix="N"), PERIOD),
        "Phường Năm": ward_summary(
            tmp, "Phường Năm", [_no_2025(o) for o in sample_orgs(11, [4] * 10, PERIOD, "Y")], PERIOD
        ),
        "Phường Sáu": ward_summary(tmp, "Phường Sáu", six, PERIOD),
    }


def _report(doc: Path) -> str:
    md = doc.with_name(f"{doc.stem}_bao_cao.md")
    cli_output("report", doc, "-o", md)
    return md.read_text(encoding="utf-8")


def _rewritten(doc: Path, name: str, change: Callable[[dict[str, Any]], object]) -> Path:
    """A copy of the roll-up summary `doc`, changed by `change` (a function of its dict)."""
    data = json.loads(doc.read_text("utf-8"))
    change(data)
    out = doc.with_name(name)
    out.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return out


def test_the_wards_with_accent_pairs_are_named_from_their_counts_not_a_message(
    wards: dict[str, Path], tmp_path: Path
) -> None:
    book, doc = _rollup(tmp_path, wards["Phường Đông"], wards["Phường Nam"])
    assert any(n.startswith(f"Ghi chú: {ONE_WARD}") for n in _notes(book)), _notes(book)
    assert ONE_WARD in _opening(doc)

    # The warning said in other words, without its code: the ward is named all the same.
    def reword(summary: dict[str, Any]) -> None:
        for issue in summary["issues"]:
            if issue["code"] == WARNING:
                issue["message"] = REWORDED

    reworded = _rewritten(doc, "reworded.json", reword)
    assert ONE_WARD in _opening(reworded), _opening(reworded)
    result = rollup([wards["Phường Đông"], wards["Phường Nam"]], name=UNIT)
    said = dataclasses.replace(
        result,
        issues=[dataclasses.replace(i, message=REWORDED) if i.code == WARNING else i for i in result.issues],
    )
    assert any(n.startswith(ONE_WARD) for n in result_forms(said)[0].notes), result_forms(said)[0].notes

    data = json.loads(doc.read_text("utf-8"))
    assert data["name_accent_pairs"] == 1 and data["ward_accent_pairs"] == {"Phường Đông": 1}
    assert schema_errors(data) == []
    with pytest.raises(SummaryError, match="ward_accent_pairs"):
        check_summary({**data, "ward_accent_pairs": {"Phường Đông": -1}}, "up.json")
    # A roll-up written before `ward_accent_pairs`: its warning's words are all it has.
    older = _rewritten(doc, "older.json", lambda s: s.pop("ward_accent_pairs"))
    assert ONE_WARD in _opening(older), _opening(older)


def test_a_rollup_without_pairs_names_no_ward(wards: dict[str, Path], tmp_path: Path) -> None:
    _, doc = _rollup(tmp_path, wards["Phường Nam"])
    data = json.loads(doc.read_text("utf-8"))
    assert data["name_accent_pairs"] == 0 and data["ward_accent_pairs"] == {}
    assert "cặp dòng" not in _report(doc)


def _cut(code: str) -> Callable[[dict[str, Any]], None]:
    """What a roll-up of a version that cut `code`'s value at 120 characters wrote."""

    def change(summary: dict[str, Any]) -> None:
        for issue in summary["issues"]:
            if issue["code"] == code:
                issue["value"] = shown(issue["value"])

    return change


def test_a_cut_missing_year_list_of_an_older_rollup_counts_what_its_message_says(
    wards: dict[str, Path], tmp_path: Path
) -> None:
    _, doc = _rollup(tmp_path, wards["Phường Năm"])
    older = _rewritten(doc, "older.json", _cut("rollup.year_missing_ward"))
    issues = json.loads(older.read_text("utf-8"))["issues"]
    (issue,) = [i for i in issues if i["code"] == "rollup.year_missing_ward"]
    assert issue["value"].endswith("ký tự)") and "Y10" not in issue["value"]  # cut, as it was
    opening = _opening(older)
    assert "Phường Năm có 10 tổ chức đảng thiếu dòng năm ở sheet “Số liệu năm” (Y01 năm 2025" in opening
    assert opening.count("Phường Năm có 10 tổ chức đảng thiếu dòng năm") == 1, opening
    # Every place the report says it counts them all (the ratings' and training's notes too).
    text = _report(older)
    assert "Phường Năm có 10 tổ chức đảng" in text and "Phường Năm có 8 tổ chức" not in text, text
    ((ward, missing),) = ward_years_missing(issues, [2025])
    assert ward == "Phường Năm" and 0 < len(missing) < 10  # the organisations read whole
    assert getattr(missing, "total", None) == 10  # and how many the message said


def test_a_cut_late_start_list_of_an_older_rollup_counts_what_its_message_says(
    wards: dict[str, Path], tmp_path: Path
) -> None:
    _, doc = _rollup(tmp_path, wards["Phường Sáu"])
    older = _rewritten(doc, "older.json", _cut("rollup.late_start_ward"))
    issues = json.loads(older.read_text("utf-8"))["issues"]
    text = _report(older)
    # The changes' paragraph (read from the cut list) as the opening (its message's count).
    assert text.count("Phường Sáu có 6 tổ chức đảng") >= 2, text
    assert "Số liệu biến động của Phường Sáu có 6 tổ chức đảng (S02 từ ngày 01/02/2026" in text, text
    assert "Phường Sáu có 4 tổ chức" not in text and "Phường Sáu có 5 tổ chức" not in text
    ((ward, late),) = ward_late_starts(issues, PERIOD.start)
    assert ward == "Phường Sáu" and 0 < len(late) < 6 and getattr(late, "total", None) == 6


def test_a_cut_late_start_list_whose_named_organisations_are_all_filtered_out_still_counts_the_cut_ones() -> (
    None
):
    """hunt61 #3: of an older roll-up's cut late-start list, a year's filter that keeps none of
    the organisations read whole left a list counting only those cut off: it was empty (falsy),
    so its ward was dropped from the note, while one more organisation kept made it count them
    all. It holds them (truthy), and its words count them without an empty list of names."""
    import datetime as dt

    from toolkit.stats.coverage import kept_items, late_start_words, listed_count

    items = "; ".join(f"K{i:02d} từ ngày 01/02/2025" for i in range(1, 9))
    issue = {
        "code": "rollup.late_start_ward",
        "org_code": "Phường Sáu",
        "value": shown(items, 120),
        "message": "Số liệu biến động của Phường Sáu có 8 tổ chức đảng (K01 …) chỉ tính từ …",
    }
    ((_, late),) = ward_late_starts([issue], dt.date(2020, 1, 1))
    assert listed_count(late) == 8 and 0 < len(late) < 8
    kept = kept_items(late, lambda item: 2025 < item[1].year)
    assert len(kept) == 0 and listed_count(kept) == 8 - len(late) and kept
    assert late_start_words(kept) == f"{8 - len(late)} tổ chức đảng"
