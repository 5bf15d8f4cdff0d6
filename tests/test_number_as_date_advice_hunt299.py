"""A number typed in a date cell ends with the advice every other `*.bad_date` gives (hunt299).

docs/design.md §4: every `*.bad_date` ends with advice; a reason that does not already name
dd/mm/yyyy is followed by "Hãy ghi đủ ngày/tháng/năm dạng dd/mm/yyyy, ví dụ 05/03/2025." (the
template's own example, `layout.DATE_EXAMPLE`, in every date column), and in a date that may stay
empty (`Ngày chính thức`, `Miễn công tác, sinh hoạt từ ngày`, `Ngày lập biểu`) the message adds
that a date not there yet leaves the cell empty. A number in a date cell (1980 typed, shown as
02/06/1905) ended with its own "hãy ghi đủ ngày/tháng/năm." instead: no form, no example, and no
word of leaving an optional cell empty, the one `*.bad_date` that did not.

The workbooks are the real template (`helpers_validate.write`).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from helpers_validate import clean_info, clean_members, only, run, write

from toolkit.core import layout
from toolkit.core.rules import HIDDEN

M = layout.SHEET_MEMBERS
ADVICE = "Hãy ghi đủ ngày/tháng/năm dạng dd/mm/yyyy, ví dụ 05/03/2025"


def _members(**row2: object) -> list[dict[str, object]]:
    members = clean_members()
    members[1].update(row2)  # Excel row 3
    return members


def test_a_year_in_a_required_date_cell_ends_with_the_form_and_its_example(tmp_path: Path) -> None:
    issue = only(run(write(tmp_path, members=_members(birth_date=1980))).issues, "member.bad_date")
    assert issue.cell == "C3"
    assert issue.message == (
        "Dòng 3, cột “Ngày sinh” (ô C3): “02/06/1905”: ô chứa số 1980 chứ không phải một ngày (đọc "
        "theo cách Excel đếm ngày thì là 02/06/1905, không thể đúng): có lẽ ô chỉ ghi năm. "
        f"{ADVICE}."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    # Without personal data the number and the date go, the advice stays.
    assert issue.without_personal_data().message == (
        f"Dòng 3, cột “Ngày sinh” (ô C3): “{HIDDEN}”: ô chứa số chứ không phải một ngày (Excel hiện số "
        f"ấy như một ngày của năm 1905, không thể đúng): có lẽ ô chỉ ghi năm. {ADVICE}."
    )


def test_a_number_in_a_date_cell_that_may_stay_empty_says_the_cell_may_stay_empty(tmp_path: Path) -> None:
    issue = only(run(write(tmp_path, members=_members(official_date=12.5))).issues, "member.bad_date")
    assert issue.cell == "I3"
    assert issue.message.endswith(f"không thể đúng). {ADVICE}; chưa có ngày thì để trống ô."), issue.message


def test_a_year_as_the_cut_off_date_gets_the_same_advice(tmp_path: Path) -> None:
    issue = only(run(write(tmp_path, info=clean_info(cutoff_date=2026))).issues, "info.bad_date")
    assert issue.message.endswith(f"có lẽ ô chỉ ghi năm. {ADVICE}."), issue.message
