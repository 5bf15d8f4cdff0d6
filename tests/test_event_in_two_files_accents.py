"""One change recorded by two organisations, one of them typing the name without marks (hunt90 #1).

CB07 records "Trần Bá Luân" Từ trần on 01/02/2026, CB08 "Tran Ba Luan" Từ trần on the same
day, one birth date. `event.duplicate_other_file` compared exact name keys, so the two
spellings were two people: no issue at all, the ward counted two deaths and its opening was off
by one (with Kết nạp, CB08 was even told to add the person to its roll). A change happening once
whose row in another organisation's file has the same kind, date and birth date, the name one
without accents with fewer marks and the marks seen to be missing (`vocab.lacks_accents`: none at
all, two syllables lacking some, or an unreadable bare syllable, the rule for any accent match
across files), is that change recorded twice: the control's error in both files, quoting the
other file's spelling (masked without personal data), and the control's figures. One mark
lacking in one readable syllable, another tone, or another date is not matched.

Real workbooks written through the template, consolidated through the command line (click's
CliRunner).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from helpers_validate import clean_events, clean_info, clean_members, member, others_events, write

from toolkit.cli import main

BORN = dt.date(1984, 12, 6)
DAY = dt.date(2026, 2, 1)
CODE = "event.duplicate_other_file"
OWN = "CB07_chi_bo_to_dan_pho_so_7.xlsx"
OTHER = "CB08_chi_bo_8.xlsx"
NHUNG_BORN, NHUNG_ADMITTED = dt.date(2000, 4, 4), dt.date(2026, 2, 2)


def _change(name: str, kind: str = "died", day: dt.date = DAY, born: dt.date = BORN) -> dict[str, Any]:
    row: dict[str, Any] = {"row_no": 3, "full_name": name, "birth_date": born}
    row |= {"event_type": kind, "event_date": day}
    if kind == "struck_off":
        row["strike_ground"] = "other"
    return row


def _nhung() -> dict[str, Any]:
    """Lê Thị Hồng Nhung, admitted in the period, on CB07's roll."""
    return member(
        row_no=6,
        full_name="Lê Thị Hồng Nhung",
        birth_date=NHUNG_BORN,
        gender="female",
        card_no=None,
        admission_date=NHUNG_ADMITTED,
        official_date=None,
        occupation="other",
    )


def _ward(folder: Path, own: dict[str, Any], other: dict[str, Any], members: list[dict[str, Any]]) -> None:
    """CB07 (the clean file, its roll with ``members``) recording ``own`` after its changes, and
    CB08 (other people than CB07's) recording ``other`` after its own."""
    nop = folder / "nop"
    nop.mkdir(parents=True)
    write(nop, OWN, members=[*clean_members(), *members], events=[*clean_events(), own])
    roll = [
        {**m, "full_name": m["full_name"] + " Hai", "card_no": m["card_no"] and "9" + m["card_no"]}
        for m in clean_members()
    ]
    write(
        nop,
        OTHER,
        info=clean_info(org_code="CB08", org_name="Chi bộ 8"),
        members=roll,
        events=[*others_events(lambda n: n + " Hai"), other],
    )


def _consolidated(folder: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    out = folder / "out"
    out.mkdir(exist_ok=True)
    args = ["consolidate", str(folder / "nop"), "--cutoff", "31/03/2026", "--since", "01/01/2025"]
    args += ["-o", str(out / "tong_hop.xlsx"), "--json", str(out / "tong_hop.json"), "--no-history", *extra]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads((out / "tong_hop.json").read_text(encoding="utf-8"))


def _figures(doc: dict[str, Any]) -> dict[str, Any]:
    """What a run counts: indicators, forms, organisations, pairs, and its issues' codes."""
    kept = ("indicators", "forms", "organisations", "name_accent_pairs", "previous")
    said = sorted((i["code"], i["severity"], i.get("org_code"), i.get("cell")) for i in doc["issues"])
    return {**{k: doc[k] for k in kept}, "issues": said}


def _said(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted((i["severity"], i["org_code"], i["cell"]) for i in doc["issues"] if i["code"] == CODE)


def _against_control(tmp_path: Path, kind: str, full: str, fewer: str, **kw: Any) -> dict[str, Any]:
    """The ward with CB08's row typed ``fewer`` and its control typed ``full``: both the
    control's error in both files, both files excluded, and every figure the control's."""
    roll = [_nhung()] if kind == "admitted" else []
    _ward(tmp_path / "typed", _change(full, kind, **kw), _change(fewer, kind, **kw), roll)
    _ward(tmp_path / "control", _change(full, kind, **kw), _change(full, kind, **kw), roll)
    code, doc = _consolidated(tmp_path / "typed", "--personal-data")
    code_control, control = _consolidated(tmp_path / "control", "--personal-data")
    assert code == code_control == 1
    assert _said(doc) == _said(control) == [("error", "CB07", "B4"), ("error", "CB08", "B4")], doc["issues"]
    statuses = {o["org_code"]: o["status"] for o in doc["organisations"]}
    assert statuses == {"CB07": "excluded", "CB08": "excluded"}, statuses
    assert _figures(doc) == _figures(control)
    for issue in control["issues"]:  # typed alike: no accent match, no way out for two people
        assert issue["code"] != CODE or "Nếu là hai người khác nhau" not in issue["message"], issue
    return doc


def test_a_death_recorded_by_two_organisations_one_without_marks_is_the_error(tmp_path: Path) -> None:
    """(hunt90 d4 against the control d7) Each file's error quotes the other file's spelling."""
    doc = _against_control(tmp_path, "died", "Trần Bá Luân", "Tran Ba Luan")
    messages = {i["org_code"]: i["message"] for i in doc["issues"] if i["code"] == CODE}
    assert messages["CB08"] == (
        "Dòng 4, cột “Họ và tên” (ô B4): “Tran Ba Luan”, sinh 06/12/1984: biến động “Từ trần” cũng được "
        f"ghi trong tệp {OWN} (dòng 4, với họ tên “Trần Bá Luân”: cùng ngày sinh, cùng ngày biến động, "
        "một họ tên là họ tên kia thiếu dấu, nên được coi là một người). Biến động này chỉ xảy ra một lần "
        "với một người và chỉ tổ chức nơi đảng viên sinh hoạt ghi; ghi ở hai tổ chức thì số liệu toàn "
        "phường tính người này hai lần. Hãy thống nhất với tổ chức kia để chỉ một tệp ghi biến động này "
        "(người đã chuyển sang tổ chức khác thì tổ chức mới ghi). Nếu là hai người khác nhau, hãy ghi "
        "họ tên đủ dấu đúng như trong danh sách đảng viên ở cả hai tệp."
    ), messages["CB08"]
    assert f"{OTHER} (dòng 4, với họ tên “Tran Ba Luan”: cùng ngày sinh" in messages["CB07"], messages["CB07"]
    assert all(unicodedata.is_normalized("NFC", m) for m in messages.values())
    # Without personal data both names, the birth date and the change are masked; files and rows are not.
    _, masked = _consolidated(tmp_path / "typed")
    hidden = [i["message"] for i in masked["issues"] if i["code"] == CODE]
    assert len(hidden) == 2
    for message in hidden:
        assert not any(s in message for s in ("Luân", "Luan", "06/12/1984", "Từ trần")), message
        assert "(dòng 4, với họ tên “[đã ẩn]”: cùng ngày sinh" in message, message
        assert message.endswith("đúng như trong danh sách đảng viên ở cả hai tệp."), message


def test_struck_off_recorded_by_two_organisations_one_without_marks_is_the_error(tmp_path: Path) -> None:
    """(hunt90 d9) Xóa tên, its ground filled, in both files."""
    _against_control(tmp_path, "struck_off", "Trần Bá Luân", "Tran Ba Luan")


def test_an_admission_recorded_by_two_organisations_one_without_marks_is_the_error(tmp_path: Path) -> None:
    """(hunt90 d8) Lê Thị Hồng Nhung on CB07's roll with its Kết nạp row; CB08 types "Le Thi
    Hong Nhung" Kết nạp: the error in both files, and CB08 is not told to add her to its roll."""
    doc = _against_control(
        tmp_path, "admitted", "Lê Thị Hồng Nhung", "Le Thi Hong Nhung", day=NHUNG_ADMITTED, born=NHUNG_BORN
    )
    assert not [i for i in doc["issues"] if i["code"] == "event.joined_not_on_roll"], doc["issues"]


def test_a_mark_lacking_in_one_readable_syllable_another_tone_or_another_day_is_not_matched(
    tmp_path: Path,
) -> None:
    """No evidence across files: "Trần Ba Luân" (one mark of one syllable, "ba" a name of its
    own), "Nguyễn Thị Thuy" beside "Nguyễn Thị Thủy", Phúc beside Phục; and "Tran Ba Luan" dead
    on another day is not this change (an accent match asks the same date)."""
    cases = {
        "one": (_change("Trần Bá Luân"), _change("Trần Ba Luân")),
        "thuy": (_change("Nguyễn Thị Thủy"), _change("Nguyễn Thị Thuy")),
        "tone": (_change("Lê Văn Phúc"), _change("Lê Văn Phục")),
        "day": (_change("Trần Bá Luân"), _change("Tran Ba Luan", day=dt.date(2026, 2, 3))),
    }
    for name, (own, other) in cases.items():
        _ward(tmp_path / name, own, other, [])
        code, doc = _consolidated(tmp_path / name, "--personal-data")
        assert code == 0 and not _said(doc), (name, doc["issues"])
        assert {o["status"] for o in doc["organisations"]} == {"consolidated"}, name


HUNG_BORN, HUNG_ADMITTED = dt.date(2000, 5, 5), dt.date(2026, 2, 3)


def _admitted(name: str, row_no: int = 6) -> dict[str, Any]:
    """A man born 05/05/2000 admitted on 03/02/2026, on a roll."""
    return member(
        row_no=row_no,
        full_name=name,
        birth_date=HUNG_BORN,
        gender="male",
        card_no=None,
        admission_date=HUNG_ADMITTED,
        official_date=None,
        occupation="other",
    )


def _two_rolls(folder: Path, own: tuple[str, str], other: tuple[str, str]) -> None:
    """CB07's roll holding ``own[0]`` with a Kết nạp row typed ``own[1]``, CB08's ``other``
    likewise: two men of one birth date admitted on one day, each by his organisation."""
    nop = folder / "nop"
    nop.mkdir(parents=True)
    kind = {"event_type": "admitted", "event_date": HUNG_ADMITTED, "birth_date": HUNG_BORN, "row_no": 3}
    write(
        nop,
        OWN,
        members=[*clean_members(), _admitted(own[0])],
        events=[*clean_events(), {**kind, "full_name": own[1]}],
    )
    roll = [
        {**m, "full_name": m["full_name"] + " Hai", "card_no": m["card_no"] and "9" + m["card_no"]}
        for m in clean_members()
    ]
    write(
        nop,
        OTHER,
        info=clean_info(org_code="CB08", org_name="Chi bộ 8"),
        members=[*roll, _admitted(other[0])],
        events=[*others_events(lambda n: n + " Hai"), {**kind, "full_name": other[1]}],
    )


def test_two_men_each_on_his_roll_are_two_admissions_whatever_marks_a_row_lacks(tmp_path: Path) -> None:
    """(hunt99 e2, e3, e8, e9) CB07's roll holds Nguyễn Văn Hùng, CB08's a different man Nguyễn
    Văn Hưng of the same birth date, admitted the same day. CB07's row typed "Nguyen Van Hung"
    (e2), its roll and row both so (e3), Hoa beside Hòa (e8), "Nguyễn Van Hung" beside its roll's
    Hưng (e9): each row can be a member of its own roll, so it is that member's and never another
    file's row. No `event.duplicate_other_file`, both files consolidated, the control's figures."""
    hung, hung_full, hoa, hoa_full = "Nguyễn Văn Hùng", "Nguyễn Văn Hưng", "Nguyễn Thị Hoa", "Nguyễn Thị Hòa"
    cases = {
        "e2": (((hung, "Nguyen Van Hung"), (hung_full, hung_full)), ((hung, hung), (hung_full, hung_full))),
        "e3": ((("Nguyen Van Hung",) * 2, (hung_full, hung_full)), ((hung, hung), (hung_full, hung_full))),
        "e8": (((hoa, "Nguyen Thi Hoa"), (hoa_full, hoa_full)), ((hoa, hoa), (hoa_full, hoa_full))),
        "e9": (((hung_full, "Nguyễn Van Hung"), (hung, hung)), ((hung_full, hung_full), (hung, hung))),
    }
    kept = ("indicators", "forms", "organisations")
    for name, (typed, control) in cases.items():
        _two_rolls(tmp_path / name, *typed)
        _two_rolls(tmp_path / f"{name}_control", *control)
        code, doc = _consolidated(tmp_path / name, "--personal-data")
        code_control, alike = _consolidated(tmp_path / f"{name}_control", "--personal-data")
        assert code == code_control == 0, (name, doc["issues"])
        assert not [i for i in doc["issues"] if i["severity"] == "error"], (name, doc["issues"])
        assert {o["status"] for o in doc["organisations"]} == {"consolidated"}, name
        assert {k: doc[k] for k in kept} == {k: alike[k] for k in kept}, name
        assert doc["indicators"]["admitted.total"] == 2, name


def test_a_row_off_its_roll_is_still_matched_to_a_roll_member_elsewhere(tmp_path: Path) -> None:
    """The rule's other side (d8 with two rolls): CB08's roll does not hold the man whose
    admission it types "Nguyen Van Hung"; CB07's roll holds Nguyễn Văn Hùng with his row typed
    fully. One admission recorded twice: the error in both files, with the way out."""
    _two_rolls(tmp_path / "d", ("Nguyễn Văn Hùng", "Nguyễn Văn Hùng"), ("Lê Văn Khác", "Nguyen Van Hung"))
    code, doc = _consolidated(tmp_path / "d", "--personal-data")
    assert code == 1
    assert _said(doc) == [("error", "CB07", "B4"), ("error", "CB08", "B4")], doc["issues"]
