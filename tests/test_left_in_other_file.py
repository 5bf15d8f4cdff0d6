"""A member on one organisation's roll whose death or leaving the Party another organisation's
file records (`event.left_in_other_file`): each file alone is right, so no check looked, and
the ward counted the person on its roll and as a decrease, and the work lists proposed a badge
for someone the ward's own files say has died. A warning at the member's row naming the other
file's row, and the member's rows of the lists are red with a note naming it.

The workbooks are the real template (`helpers_validate`, `write_submission`)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_validate import clean_events, clean_info, clean_members, member, run, write

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.rules import HIDDEN, RULES
from toolkit.worklists.collect import LEFT_RULE

CODE = "event.left_in_other_file"
HOA = {"full_name": "Đinh Thị Hoa", "birth_date": dt.date(1970, 1, 1)}
# 30 years of party age on 19/05/2026: on the badge list of the cut-off 31/03/2026.
HOA_MEMBER = member(
    **HOA,
    gender="female",
    card_no="07654321",
    admission_date=dt.date(1996, 5, 19),
    official_date=dt.date(1997, 5, 19),
)


def _ward(folder: Path, change: dict[str, Any], *, more: list[dict[str, Any]] = ()) -> tuple[Path, Path]:
    """CB07's clean file with `change` of Đinh Thị Hoa after its own changes (row 4); CB08's
    file has her on its roll (row 2) and the changes `more`."""
    folder.mkdir(parents=True, exist_ok=True)
    a = write(folder, "a.xlsx", events=[*clean_events(), {**HOA, **change}])
    b = write(
        folder,
        "b.xlsx",
        info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8"),
        members=[HOA_MEMBER],
        events=list(more),
        years=[],
    )
    return a, b


def _hits(issues: list[Any]) -> list[tuple[str | None, str | None]]:
    return [(i.file, i.cell) for i in issues if i.code == CODE]


def test_a_death_recorded_by_another_organisation_is_a_warning_at_the_member(tmp_path: Path) -> None:
    a, b = _ward(tmp_path, {"event_type": "died", "event_date": dt.date(2026, 1, 10)})
    result = run(a, b)
    assert RULES[CODE].severity == "warning"
    assert _hits(result.issues) == [("b.xlsx", "B2")]
    issue = next(i for i in result.issues if i.code == CODE)
    assert (issue.sheet, issue.column) == (layout.SHEET_MEMBERS, "Họ và tên")
    assert issue.message.startswith(
        "Dòng 2, cột “Họ và tên” (ô B2): “Đinh Thị Hoa”, sinh 01/01/1970, còn trong danh sách đảng "
        "viên của tệp này, nhưng tệp a.xlsx (dòng 4) của phường ghi biến động “Từ trần” ngày "
        "10/01/2026 cho người cùng họ tên, ngày sinh."
    ), issue.message
    assert unicodedata.is_normalized("NFC", issue.message)
    masked = issue.without_personal_data().message
    assert not any(s in masked for s in ("Đinh Thị Hoa", "01/01/1970", "Từ trần", "10/01/2026")), masked
    # The other file and its row are nobody's personal data: the secretary knows whom to ask.
    assert HIDDEN in masked and "tệp a.xlsx (dòng 4)" in masked


def test_an_undated_death_in_another_file_is_said_without_a_date(tmp_path: Path) -> None:
    """A death with no date read “ghi biến động “Từ trần” ngày  cho người…”, and, masked,
    “ngày [đã ẩn]”, as if a date were there (hunt45 R3 #2)."""
    a, b = _ward(tmp_path, {"event_type": "died", "event_date": None})
    (issue,) = [i for i in run(a, b).issues if i.code == CODE]
    assert "ghi biến động “Từ trần” (không ghi ngày) cho người cùng họ tên" in issue.message, issue.message
    assert "ngày  " not in issue.message
    assert "ngày [đã ẩn]" not in issue.without_personal_data().message


@pytest.mark.parametrize("kind", ["struck_off", "expelled", "resigned"])
def test_every_final_leaving_is_compared(tmp_path: Path, kind: str) -> None:
    change = {"event_type": kind, "event_date": dt.date(2026, 1, 10)}
    if kind == "struck_off":
        change["strike_ground"] = "other"
    a, b = _ward(tmp_path, change)
    assert _hits(run(a, b).issues) == [("b.xlsx", "B2")]


def test_a_transfer_or_a_return_after_it_is_no_warning(tmp_path: Path) -> None:
    """A transfer out of another organisation is not a leaving of the Party; a person struck
    off by one organisation and readmitted by another on or after that day is on a roll
    rightly."""
    moved = {
        "event_type": "transfer_out",
        "event_date": dt.date(2026, 1, 10),
        "transfer_scope": "other_province",
    }
    assert _hits(run(*_ward(tmp_path / "t", moved)).issues) == []
    struck = {"event_type": "struck_off", "event_date": dt.date(2025, 2, 1), "strike_ground": "other"}
    back = {**HOA, "event_type": "readmitted", "event_date": dt.date(2026, 2, 1), "decision_no": "1-QĐ/ĐU"}
    assert _hits(run(*_ward(tmp_path / "r", struck, more=[back])).issues) == []


def test_the_lists_mark_the_member_in_red_naming_the_other_files_row(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    _ward(folder, {"event_type": "died", "event_date": dt.date(2026, 1, 10)})
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
    [row] = [r for r in ws.iter_rows(min_row=6) if r[3].value == "Đinh Thị Hoa"]
    assert row[9].value == (
        "Tệp a.xlsx (dòng 4, sheet “Biến động”) ghi “Từ trần” ngày 10/01/2026 cho người cùng họ tên, "
        "ngày sinh: hỏi lại chi bộ trước khi làm."
    )
    assert row[3].font.color.rgb == "FF9C0006"
    assert ws["A4"].value.endswith(LEFT_RULE)
    assert "sheet “Biến động” của tổ chức khác ghi người này đã từ trần hoặc ra khỏi Đảng" in LEFT_RULE
    assert "1 dòng chữ đỏ" in ws["A2"].value


def test_the_lists_do_not_mark_a_member_readmitted_after_leaving(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    struck = {"event_type": "struck_off", "event_date": dt.date(2025, 2, 1), "strike_ground": "other"}
    back = {**HOA, "event_type": "readmitted", "event_date": dt.date(2026, 2, 1), "decision_no": "1-QĐ/ĐU"}
    _ward(folder, struck, more=[back])
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
    [row] = [r for r in ws.iter_rows(min_row=6) if r[3].value == "Đinh Thị Hoa"]
    assert "Kết nạp lại" in row[9].value and "cho người cùng họ tên" not in row[9].value, row[9].value


def test_a_readmission_in_a_file_left_out_for_errors_still_marks_the_badge(tmp_path: Path) -> None:
    """The `Kết nạp lại` row of a member on another organisation's roll is read from every file,
    as a death is: the file recording it being left out for an unrelated error must not turn
    the badge row black, as if the party age were uninterrupted."""
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    broken = [*clean_members()]
    broken[0] = {**broken[0], "official_date": broken[0]["admission_date"] + dt.timedelta(days=30)}
    back = {**HOA, "event_type": "readmitted", "event_date": dt.date(2025, 5, 5), "decision_no": "1-QĐ/ĐU"}
    write(folder, "a.xlsx", members=broken, events=[*clean_events(), back])
    write(
        folder,
        "b.xlsx",
        info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8"),
        members=[HOA_MEMBER],
        events=[],
        years=[],
    )
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert result.exit_code == 1, result.output  # a.xlsx is left out for its error
    ws = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
    assert "a.xlsx" in ws["A3"].value  # the coverage line names the file left out
    [row] = [r for r in ws.iter_rows(min_row=6) if r[3].value == "Đinh Thị Hoa"]
    # her roll keeps the first membership's official date (1997): no recognition since (hunt361)
    assert row[9].value.startswith(
        "Tính lại tuổi đảng: có dòng “Kết nạp lại” (a.xlsx, Biến động dòng 4); ngày chính thức 19/5/1997 ghi "
        "trên danh sách có trước ngày kết nạp lại 05/5/2025 (là của lần vào Đảng trước)"
    )
    assert row[3].font.color.rgb == "FF9C0006"


# H02 receives a member H01 releases: "Chuyển đến" inside the ward, after the change in a.xlsx.
ARRIVED = {
    **HOA,
    "event_type": "transfer_in",
    "event_date": dt.date(2026, 3, 1),
    "transfer_scope": "internal",
}


@pytest.mark.parametrize(
    ("change", "label"),
    [
        ({"event_type": "died", "event_date": dt.date(2026, 2, 15)}, "Từ trần"),
        (
            {"event_type": "struck_off", "event_date": dt.date(2026, 2, 15), "strike_ground": "other"},
            "Xóa tên",
        ),
    ],
)
def test_a_transfer_in_after_a_death_or_a_removal_brings_nobody_back(
    tmp_path: Path, change: dict[str, Any], label: str
) -> None:
    """(hunt44 A #1) A "Chuyển đến" dated after another organisation's "Từ trần" (a member who
    died while moving between two organisations of the ward) cleared both the warning and the
    red badge row: the badge of a dead man was proposed in black. A transfer moves a member
    between rolls; it brings nobody back into the Party, and nothing brings back the dead."""
    a, b = _ward(tmp_path / "v", change, more=[ARRIVED])
    assert _hits(run(a, b).issues) == [("b.xlsx", "B2")]
    folder = tmp_path / "bai_nop"
    _ward(folder, change, more=[ARRIVED])
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    ws = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
    [row] = [r for r in ws.iter_rows(min_row=6) if r[3].value == "Đinh Thị Hoa"]
    assert row[9].value == (
        f"Tệp a.xlsx (dòng 4, sheet “Biến động”) ghi “{label}” ngày 15/02/2026 cho người cùng họ tên, "
        "ngày sinh: hỏi lại chi bộ trước khi làm."
    ), (row[9].value, result.output)
    assert row[3].font.color.rgb == "FF9C0006"


@pytest.mark.parametrize("kind", ["readmitted", "restored", "admitted"])
def test_only_a_change_bringing_the_person_back_into_the_party_clears_a_removal(
    tmp_path: Path, kind: str
) -> None:
    """Struck off by one organisation, then readmitted (or restored) by another on or after that
    day: on a roll rightly, in validation and in the lists alike. A death is never cleared."""
    struck = {"event_type": "struck_off", "event_date": dt.date(2025, 2, 1), "strike_ground": "other"}
    died = {"event_type": "died", "event_date": dt.date(2025, 2, 1)}
    back = {**HOA, "event_type": kind, "event_date": dt.date(2025, 2, 1), "decision_no": "1-QĐ/ĐU"}
    assert _hits(run(*_ward(tmp_path / "s", struck, more=[back])).issues) == []
    assert _hits(run(*_ward(tmp_path / "d", died, more=[back])).issues) == [("b.xlsx", "B2")]
    for case in ("s", "d"):
        out = tmp_path / f"{case}.xlsx"
        CliRunner().invoke(main, ["lists", str(tmp_path / case), "--cutoff", "31/03/2026", "-o", str(out)])
        ws = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
        notes = [r[9].value or "" for r in ws.iter_rows(min_row=6) if r[3].value == "Đinh Thị Hoa"]
        marked = [n for n in notes if "cho người cùng họ tên" in n]
        assert (case, len(marked)) == (case, 0 if case == "s" else len(notes)), notes


# Her name typed without accents, as a PC without a Vietnamese keyboard types it.
HOA_PLAIN = "Dinh Thi Hoa"


def _badge_notes(folder: Path, out: Path) -> list[tuple[str, str | None]]:
    """Đinh Thị Hoa's badge rows of the lists of `folder`: (note, font colour of the name)."""
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert out.exists(), result.output
    ws = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
    return [
        (r[9].value or "", r[3].font.color.rgb)
        for r in ws.iter_rows(min_row=6)
        if r[3].value == "Đinh Thị Hoa"
    ]


# CB07's change: the death of "Dinh Thi Hoa".
DIED_PLAIN = {"full_name": HOA_PLAIN, "event_type": "died", "event_date": dt.date(2026, 1, 10)}


def test_a_death_typed_without_accents_in_another_file_is_the_members(tmp_path: Path) -> None:
    """(hunt71 #1) CB07 records the death of "Dinh Thi Hoa"; CB08's roll still has Đinh Thị Hoa,
    of the same birth date. Matched by the exact name, nothing was said. The death is hers as a
    `Kết nạp lại` row typed so would be (`vocab.accent_aliases`): the warning at her row."""
    issues = run(*_ward(tmp_path, DIED_PLAIN)).issues
    assert _hits(issues) == [("b.xlsx", "B2")]
    # (hunt78 #5) The name the other file wrote is quoted, not said to be "the same name".
    issue = next(i for i in issues if i.code == CODE)
    assert (
        "ghi biến động “Từ trần” ngày 10/01/2026 cho “Dinh Thi Hoa”, cùng ngày sinh (họ tên chỉ khác ở dấu)."
        in (issue.message)
    ), issue.message
    masked = issue.without_personal_data().message
    assert "Dinh Thi Hoa" not in masked and "cho người cùng ngày sinh, họ tên chỉ khác ở dấu." in masked, (
        masked
    )


def test_the_lists_mark_a_member_whose_death_is_typed_without_accents(tmp_path: Path) -> None:
    """(hunt71 #1) Her badge was proposed in black: now red, naming the other file's row and
    (hunt78 #5) quoting the name it wrote, which is not hers."""
    _ward(tmp_path / "bai_nop", DIED_PLAIN)
    [(note, colour)] = _badge_notes(tmp_path / "bai_nop", tmp_path / "danh_sach.xlsx")
    assert note == (
        "Tệp a.xlsx (dòng 4, sheet “Biến động”) ghi “Từ trần” ngày 10/01/2026 cho “Dinh Thi Hoa”, cùng "
        "ngày sinh, họ tên chỉ khác ở dấu: hỏi lại chi bộ trước khi làm."
    )
    assert colour == "FF9C0006"


def test_a_death_without_accents_two_members_could_be_is_neither_ones(tmp_path: Path) -> None:
    """ "Dinh Thi Hoa" may be Đinh Thị Hoa or Đinh Thị Hòa, both on CB08's roll and born the same
    day: the row is no one's (as a readmission row two people could be), not both's."""
    died = {"full_name": HOA_PLAIN, "event_type": "died", "event_date": dt.date(2026, 1, 10)}
    a, b = _ward(tmp_path, died)
    twin = member(**{**HOA, "full_name": "Đinh Thị Hòa"}, gender="female", admission_date=dt.date(2000, 1, 1))
    b = write(
        tmp_path,
        "b.xlsx",
        info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8"),
        members=[HOA_MEMBER, twin],
        events=[],
        years=[],
    )
    assert _hits(run(a, b).issues) == []


# CB07 struck Đinh Thị Hoa off; CB08, whose roll has her, readmitted her in a row typed without
# accents.
STRUCK = {"event_type": "struck_off", "event_date": dt.date(2025, 2, 1), "strike_ground": "other"}
BACK_PLAIN = {
    **HOA,
    "full_name": HOA_PLAIN,
    "event_type": "readmitted",
    "event_date": dt.date(2025, 6, 15),
    "decision_no": "1-QĐ/ĐU",
}


def test_a_readmission_typed_without_accents_brings_the_member_back(tmp_path: Path) -> None:
    """(hunt71 #2) The row counted as her readmission (`member.official_before_readmission`) but
    not as her return: she was also said struck off (`event.left_in_other_file`) and not on
    CB08's roll (`event.joined_not_on_roll`). One rule matches the row for all three; the row's
    own warning still asks to type the name alike."""
    codes = [(i.code, i.file, i.cell) for i in run(*_ward(tmp_path, STRUCK, more=[BACK_PLAIN])).issues]
    assert ("member.official_before_readmission", "b.xlsx", "I2") in codes, codes
    assert not [c for c in codes if c[0] in (CODE, "event.joined_not_on_roll")], codes
    assert ("event.name_without_accents", "b.xlsx", "B2") in codes, codes


def test_the_lists_do_not_mark_a_member_readmitted_without_accents(tmp_path: Path) -> None:
    """(hunt71 #2) Her badge row said both "readmitted" (recount the party age) and struck off
    (a red note): the readmission brings her back, as it does typed with accents."""
    _ward(tmp_path / "bai_nop", STRUCK, more=[BACK_PLAIN])
    notes = _badge_notes(tmp_path / "bai_nop", tmp_path / "danh_sach.xlsx")
    assert notes and all("Kết nạp lại" in n and "cho người cùng họ tên" not in n for n, _ in notes), notes


def test_a_death_of_a_name_of_another_tone_is_not_the_members(tmp_path: Path) -> None:
    """(hunt74 #1) CB07 records the death of its member Đinh Thị Hòa, typed with every accent;
    CB08's Đinh Thị Hoa, born the same day, is alive. "Hoa" is a name, not "Hòa" without its
    mark: no warning, and her badge row is not red, not asked about as dead."""
    died = {"full_name": "Đinh Thị Hòa", "event_type": "died", "event_date": dt.date(2026, 1, 10)}
    assert _hits(run(*_ward(tmp_path / "v", died)).issues) == []
    _ward(tmp_path / "bai_nop", died)
    [(note, colour)] = _badge_notes(tmp_path / "bai_nop", tmp_path / "danh_sach.xlsx")
    assert "cho người cùng họ tên" not in note and colour != "FF9C0006", (note, colour)


@pytest.mark.parametrize(
    ("fewer", "more", "lacking"),
    [
        ("Lê Thị Hoa", "Lê Thị Hòa", False),  # a syllable without marks is a name: two people
        ("Nguyễn Văn Nam", "Nguyễn Văn Năm", False),
        ("Trần Văn Tam", "Trần Văn Tâm", False),
        ("Nguyễn Thị Thuy", "Nguyễn Thị Thủy", False),  # one tone missing or another name: unknown
        ("Le Thi Hoa", "Lê Thị Hòa", True),  # no marks at all: typed without them
        ("Nguyễn Thi Thuy", "Nguyễn Thị Thủy", True),  # two syllables without their marks
        ("Nguyen Thị Thủy", "Nguyễn Thị Thủy", True),  # "nguyen" is no syllable: marks left out
        ("Nguyễn Minh Duc", "Nguyễn Minh Đức", True),  # "-c" takes sắc or nặng
        ("Nguyễn Thị Thủy", "Nguyễn Thị Thụy", False),  # another tone, never
    ],
)
def test_lacking_accents_is_seen_only_when_the_marks_are_seen_to_be_missing(
    fewer: str, more: str, lacking: bool
) -> None:
    from toolkit.core import vocab

    key = vocab.person_name_key
    assert vocab.lacks_accents(key(fewer), key(more)) is lacking
