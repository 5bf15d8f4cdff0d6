"""hunt114 F2: a roll with “Nguyễn Văn Ân” and “Nguyễn Văn An” (one birth date, both admitted
in the period) and admission rows “Nguyễn Văn Ân” and “Nguyen Van An” (typed without accents).
The second row is either member's by accents, so it is rightly matched to neither; but
`event.joined_not_on_roll` said the opening would be one short (the member is on the roll under
an accented name) and `event.admission_missing` asked to add an admission row for Nguyễn Văn An
to be counted (it is counted: adding one counts it twice). Such a row is now
`event.joined_not_on_roll_ambiguous`, naming the members' rows and both readings, and the
members it may be are not said to lack their admission row. The figures are unchanged.

Real files: the template (`helpers_validate`) consolidated by the CLI."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from helpers_validate import clean_events, clean_members, member, write

from toolkit.cli import main

CODE = "event.joined_not_on_roll_ambiguous"
PLAIN, MISSING = "event.joined_not_on_roll", "event.admission_missing"
BORN = dt.date(2001, 7, 7)
AN_HAT, AN = "Nguyễn Văn Ân", "Nguyễn Văn An"


def _member(row_no: int, name: str, admitted: dt.date) -> dict[str, Any]:
    return member(
        row_no=row_no,
        full_name=name,
        birth_date=BORN,
        card_no=None,
        admission_date=admitted,
        official_date=None,
        occupation="other",
    )


def _event(row_no: int, name: str, kind: str, day: dt.date) -> dict[str, Any]:
    return {"row_no": row_no, "full_name": name, "birth_date": BORN, "event_type": kind, "event_date": day}


def _file(folder: Path, events: list[dict[str, Any]], roll: tuple[str, ...] = (AN_HAT, AN)) -> Path:
    """The clean file (rows 2–6 of the roll, 2–3 of the changes) with `roll` (rows 7, 8…),
    admitted 01/02 and 02/02/2026, and `events` after the clean changes."""
    members = [
        *clean_members(),
        *(_member(6 + n, name, dt.date(2026, 2, 1 + n)) for n, name in enumerate(roll)),
    ]
    (folder / "nop").mkdir(parents=True)
    write(folder / "nop", members=members, events=[*clean_events(), *events])
    return folder


def _consolidated(folder: Path) -> dict[str, Any]:
    out = folder / "out"
    out.mkdir()
    args = ["consolidate", str(folder / "nop"), "--cutoff", "31/03/2026", "--since", "01/01/2025"]
    args += ["-o", str(out / "tong_hop.xlsx"), "--json", str(out / "tong_hop.json"), "--no-history"]
    args += ["--personal-data"]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return json.loads((out / "tong_hop.json").read_text(encoding="utf-8"))


def _said(doc: dict[str, Any], code: str) -> list[str]:
    return [i["cell"] for i in doc["issues"] if i["code"] == code]


def _counted(doc: dict[str, Any]) -> dict[str, Any]:
    ind = doc["indicators"]
    keys = ("period.opening", "period.closing", "period.admitted", "admitted.total")
    return {**{k: ind[k] for k in keys}, "bieu1": doc["forms"]["bieu1"]}


ADMITTED = [
    _event(3, AN_HAT, "admitted", dt.date(2026, 2, 1)),
    _event(4, "Nguyen Van An", "admitted", dt.date(2026, 2, 2)),
]


def test_an_admission_two_members_could_be_is_not_said_missing_or_uncounted(tmp_path: Path) -> None:
    doc = _consolidated(_file(tmp_path / "khong_dau", ADMITTED))
    # Not "the opening is one short" at the row, nor "add an admission row" at the member.
    assert _said(doc, PLAIN) == [] and _said(doc, MISSING) == [], doc["issues"]
    [issue] = [i for i in doc["issues"] if i["code"] == CODE]
    assert (issue["sheet"], issue["cell"], issue["severity"]) == ("Biến động", "B5", "warning")
    assert issue["message"] == (
        "Dòng 5, cột “Họ và tên” (ô B5): “Nguyen Van An”, sinh 07/07/2001, có biến động “Kết nạp” "
        "ngày 02/02/2026 trong kỳ số liệu. Sheet “Đảng viên” không có ai ghi đúng họ tên này, nhưng có "
        "2 đảng viên cùng ngày sinh mà họ tên chỉ khác ở dấu (dòng 7 và 8): dòng này có thể là của một "
        "trong số họ, ghi thiếu dấu, nên công cụ không biết là của ai. Số liệu vẫn tính biến động này, "
        "và số đầu kỳ tính ra đúng nếu đây là một trong những người đó. Nếu đúng vậy, hãy ghi họ tên "
        "có dấu giống hệt như ở dòng của người đó trong sheet “Đảng viên”. Nếu là người khác, chưa có "
        "trong sheet “Đảng viên”, hãy thêm đảng viên này vào đó: nếu không, số đầu kỳ tính ra sẽ thiếu "
        "một người."
    )
    assert unicodedata.is_normalized("NFC", issue["message"])
    # The accents' own warning at the row is still there.
    assert "B5" in _said(doc, "event.name_without_accents"), doc["issues"]
    # The figures: the row counted as typed, the opening right (both members on the roll).
    typed = _consolidated(_file(tmp_path / "co_dau", [ADMITTED[0], {**ADMITTED[1], "full_name": AN}]))
    assert _said(typed, CODE) == [] and _said(typed, PLAIN) == [] and _said(typed, MISSING) == []
    counted = _counted(doc)
    assert counted == {**_counted(typed), "bieu1": counted["bieu1"]}
    assert counted["bieu1"] == typed["forms"]["bieu1"]
    assert (counted["period.admitted"], counted["admitted.total"]) == (2, 2), counted
    assert counted["period.opening"] == counted["period.closing"] - 2


def test_one_member_by_accents_is_still_matched_silently(tmp_path: Path) -> None:
    """The control: beside one member only, the row is that member's (no warning but the accents')."""
    doc = _consolidated(_file(tmp_path / "mot", [ADMITTED[1]], roll=(AN,)))
    for code in (CODE, PLAIN, MISSING):
        assert _said(doc, code) == [], (code, doc["issues"])
    assert _said(doc, "event.name_without_accents") == ["B4"], doc["issues"]


def test_a_person_the_roll_lacks_is_still_said_missing(tmp_path: Path) -> None:
    """The roll's two names do not hide an arrival of another name (no accents in common)."""
    doc = _consolidated(
        _file(
            tmp_path / "khac", [*ADMITTED, _event(5, "Nguyen Van Binh", "transfer_in", dt.date(2026, 2, 3))]
        )
    )
    assert _said(doc, PLAIN) == ["B6"], doc["issues"]
    assert _said(doc, CODE) == ["B5"], doc["issues"]


def test_a_death_two_members_could_be_says_nothing_false(tmp_path: Path) -> None:
    """The mirror: “Nguyen Van An” Từ trần beside the roll's two names is no one's death (no
    member said to be dead and still on the roll), only the accents' warning at the row."""
    admitted = [
        _event(3, AN_HAT, "admitted", dt.date(2026, 2, 1)),
        _event(4, AN, "admitted", dt.date(2026, 2, 2)),
    ]
    doc = _consolidated(
        _file(tmp_path / "tu_tran", [*admitted, _event(5, "Nguyen Van An", "died", dt.date(2026, 3, 1))])
    )
    found = {i["code"] for i in doc["issues"] if i["cell"] in ("B5", "B6", "B7", "B8", "H7", "H8")}
    assert found <= {"event.name_without_accents", "member.name_without_accents"}, doc["issues"]
    assert "B6" in _said(doc, "event.name_without_accents"), doc["issues"]
