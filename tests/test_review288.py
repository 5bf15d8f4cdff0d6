"""Cases review288 found untested in the day's changes (fix282, fix283), on real workbooks."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_validate import only, run, typed, write

from tests.helpers_excel import consolidate_saved_ward
from toolkit.core import layout

M = layout.SHEET_MEMBERS


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("12,12", "Trung học phổ thông"),
        ("9,12", "Trung học cơ sở"),
        ("- 12/12", "Trung học phổ thông"),  # a bulleted list's dash (review288 F4)
        ("-5/12", "Tiểu học"),
    ],
)
def test_a_school_grade_typed_with_a_comma_is_still_read(tmp_path: Path, value: str, label: str) -> None:
    """“12,12” for 12/12 was read as “12-12” and “12 / 12” still are; refusing a number's
    decimals (hunt279 N6) refused it too, and a file read yesterday had an error today; so did
    refusing a sign before any digit a list's dash before the grade, “- 12/12”."""
    cell = layout.MEMBERS.cell("gen_edu", 2)
    issues = run(typed(write(tmp_path), M, {cell: value})).issues
    assert not [i for i in issues if i.code == "member.not_allowed"], [i.message for i in issues]
    assert f"là \u201c{label}\u201d" in only(issues, "norm.category").message


@pytest.mark.parametrize(("target", "said"), [(5, False), (104, False), (105, True)])
def test_the_ward_target_is_not_held_to_the_members_of_the_files_counted_alone(
    tmp_path: Path, target: int, said: bool
) -> None:
    """The workbook's registry lists CB01 alone; CB02's file has an error and is left out, so
    the ward's 7 members are not all counted (4 are). A target of 5 is no typo: an excluded
    file adds the bound an organisation's own target is held to, as an organisation of the
    registry with no file does (it was said, “lớn hơn số đảng viên của phường tại ngày chốt
    31/3/2026 (4 đảng viên)”)."""
    summary = consolidate_saved_ward(tmp_path, target, with_error=True)
    assert summary["indicators"]["members.total"] == 4  # CB02 left out
    assert [i["code"] for i in summary["issues"] if i["file"] == "CB02.xlsx" and i["severity"] == "error"]
    messages = [i["message"] for i in summary["issues"] if i["code"] == "ward.implausible_target"]
    assert bool(messages) is said, messages
    if said:
        assert (
            "lớn hơn 104 đảng viên (số đảng viên tại ngày chốt 31/03/2026 của các tổ chức đã tổng hợp, 4, "
            "cộng 100 cho mỗi tổ chức chưa nộp tệp hoặc có tệp còn lỗi: 1 tổ chức)"
        ) in messages[0]


def test_the_ward_target_without_a_registry_is_held_to_the_organisations_counted_and_says_so(
    tmp_path: Path,
) -> None:
    """No registry (its sheet left empty): the files not sent yet are unknown, so a real target
    early in the season is above the members of the few files in. The warning said they were
    “the ward's” members (review288 F3); it says they are the counted organisations' and that
    there is no registry to tell which have not sent a file."""
    from toolkit.core.model import Registry

    summary = consolidate_saved_ward(tmp_path, 8, Registry([]))
    assert summary["indicators"]["members.total"] == 7
    assert summary["indicators"]["targets.2026"] == 8  # kept as typed
    (message,) = [i["message"] for i in summary["issues"] if i["code"] == "ward.implausible_target"]
    assert (
        "lớn hơn số đảng viên tại ngày chốt 31/03/2026 của các tổ chức đã tổng hợp (7 đảng viên; không "
        "có danh mục tổ chức nên không biết còn tổ chức nào chưa nộp tệp)"
    ) in message
    assert "của phường tại ngày chốt" not in message
