"""A change that happens to a person once (an admission, a death, leaving the Party) recorded
in the files of two organisations (`event.duplicate_other_file`): each file's check sees one
row, so the ward's Biểu 1 and Biểu 2 counted the person twice with nothing said. A member
moved between two organisations of the ward and then died has the death recorded by one of
them: the other's row is a row too many, and the error names it in both files.

The workbooks are the real template (`helpers_validate`)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from helpers_validate import clean_events, clean_info, clean_members, run, write

from toolkit.core import layout
from toolkit.core.rules import HIDDEN, RULES

E = layout.SHEET_EVENTS
CODE = "event.duplicate_other_file"
KHANH = {"full_name": "Trịnh Văn Khánh", "birth_date": dt.date(1950, 5, 6)}


def _org(folder: Path, name: str, code: str, extra: list[dict[str, Any]]) -> Path:
    """The clean organisation's file with `extra` changes after its own (rows 4, ...); a
    second organisation's (any code but CB07's) has the same roll but only the `extra`
    changes (rows 2, ...), so that the fixture's own changes are not in two files."""
    own = clean_events() if code == "CB07" else []
    return write(folder, name, info=clean_info(org_code=code), events=[*own, *extra])


def _hits(issues: list[Any]) -> list[tuple[str, str | None]]:
    return [(i.file, i.cell) for i in issues if i.code == CODE]


def test_the_rule_is_an_error() -> None:
    assert RULES[CODE].severity == "error"


def test_a_death_recorded_by_two_organisations_is_an_error_in_each_file(tmp_path: Path) -> None:
    a = _org(tmp_path, "a.xlsx", "CB07", [{**KHANH, "event_type": "died", "event_date": dt.date(2026, 2, 1)}])
    # The other organisation typed another day and the name another way: still one death.
    typed = {"full_name": "TRỊNH VĂN KHÁNH", "birth_date": KHANH["birth_date"]}
    b = _org(tmp_path, "b.xlsx", "CB08", [{**typed, "event_type": "died", "event_date": dt.date(2026, 2, 3)}])
    result = run(a, b)
    assert _hits(result.issues) == [("a.xlsx", "B4"), ("b.xlsx", "B2")]
    first = next(i for i in result.issues if i.code == CODE)
    assert (first.severity, first.sheet, first.column) == ("error", E, "Họ và tên")
    assert first.message == (
        "Dòng 4, cột “Họ và tên” (ô B4): “Trịnh Văn Khánh”, sinh 06/05/1950: biến động “Từ trần” cũng "
        "được ghi trong tệp b.xlsx (dòng 2). Biến động này chỉ xảy ra một lần với một người và chỉ tổ "
        "chức nơi đảng viên sinh hoạt ghi; ghi ở hai tổ chức thì số liệu toàn phường tính người này hai "
        "lần. Hãy thống nhất với tổ chức kia để chỉ một tệp ghi biến động này (người đã chuyển sang tổ "
        "chức khác thì tổ chức mới ghi)."
    )
    assert unicodedata.is_normalized("NFC", first.message)
    assert [s.status for s in result.submissions] == ["errors", "errors"]
    masked = first.without_personal_data().message
    assert not any(s in masked for s in ("Trịnh Văn Khánh", "06/05/1950", "Từ trần")), masked
    # The other file and its row are nobody's personal data: the secretary knows whom to ask.
    assert HIDDEN in masked and "cũng được ghi trong tệp b.xlsx (dòng 2)." in masked


@pytest.mark.parametrize("kind", ["admitted", "readmitted", "struck_off", "expelled", "resigned"])
def test_every_change_that_happens_once_is_compared(tmp_path: Path, kind: str) -> None:
    row = {**KHANH, "event_type": kind, "event_date": dt.date(2026, 1, 10)}
    if kind == "struck_off":
        row["strike_ground"] = "other"
    a = _org(tmp_path, "a.xlsx", "CB07", [row])
    b = _org(tmp_path, "b.xlsx", "CB08", [{**row, "event_date": dt.date(2026, 1, 20)}])
    assert _hits(run(a, b).issues) == [("a.xlsx", "B4"), ("b.xlsx", "B2")]


def test_a_move_inside_the_ward_is_a_row_in_each_file_rightly(tmp_path: Path) -> None:
    """Chuyển đi from one organisation and Chuyển đến to another, then Chuyển đi again from
    the second: transfers are not changes that happen once."""
    out = {**KHANH, "transfer_scope": "internal"}
    a = _org(
        tmp_path, "a.xlsx", "CB07", [{**out, "event_type": "transfer_out", "event_date": dt.date(2026, 1, 5)}]
    )
    b = _org(
        tmp_path,
        "b.xlsx",
        "CB08",
        [
            {**out, "event_type": "transfer_in", "event_date": dt.date(2026, 1, 5)},
            {**KHANH, "event_type": "transfer_out", "transfer_scope": "other_province",
             "event_date": dt.date(2026, 3, 1)},
        ],
    )  # fmt: skip
    assert _hits(run(a, b).issues) == []


def test_another_person_or_the_same_file_sent_twice_is_not_this_error(tmp_path: Path) -> None:
    death = {**KHANH, "event_type": "died", "event_date": dt.date(2026, 2, 1)}
    a = _org(tmp_path, "a.xlsx", "CB07", [death])
    # Born another day: another person.
    b = _org(tmp_path, "b.xlsx", "CB08", [{**death, "birth_date": dt.date(1950, 5, 7)}])
    assert _hits(run(a, b).issues) == []
    # CB07's file sent twice (the same bytes) is `org.identical_copy`, not a death in two
    # organisations; so is a second, edited file of CB07, which is `org.duplicate_file`.
    # A copy of its bytes, as a file sent twice is: writing the workbook again could differ in
    # the times its zip entries carry (two seconds apart), which made this test flaky.
    again = tmp_path / "a_sua.xlsx"
    again.write_bytes(a.read_bytes())
    result = run(a, again)
    assert _hits(result.issues) == []
    assert "org.identical_copy" in {i.code for i in result.issues}
    edited = _org(tmp_path, "a_sua.xlsx", "CB07", [{**death, "event_date": dt.date(2026, 2, 2)}])
    result = run(a, edited)
    assert _hits(result.issues) == []
    assert "org.duplicate_file" in {i.code for i in result.issues}


def test_each_file_is_named_once_with_its_first_row(tmp_path: Path) -> None:
    """The fixture's own two changes (Hoàng Văn Em's admission, Vũ Văn Phúc's death) in two
    organisations' files: every once-only row is compared, each file's row names the other's."""
    a = write(tmp_path, "a.xlsx", info=clean_info(org_code="CB07"))
    b = write(tmp_path, "b.xlsx", info=clean_info(org_code="CB08"), members=clean_members())
    hits = [i for i in run(a, b).issues if i.code == CODE]
    assert [(i.file, i.cell) for i in hits] == [
        ("a.xlsx", "B2"),
        ("a.xlsx", "B3"),
        ("b.xlsx", "B2"),
        ("b.xlsx", "B3"),
    ]
    assert "“Kết nạp”" in hits[0].message and "b.xlsx (dòng 2)" in hits[0].message
    assert "“Từ trần”" in hits[1].message and "a.xlsx (dòng 3)" in hits[3].message
