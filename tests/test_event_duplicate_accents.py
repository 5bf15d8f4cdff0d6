"""One change typed twice in a file, once with a mark left out (hunt83 #5).

A member removed from the roll has two `Từ trần` rows of one date, one typed "Trần Bá Luân",
the other "Tran Bá Luân". The two spellings were two people to `event.duplicate` (a person is a
name key and a birth date), so the ward counted two deaths with only the neutral
`event.name_without_accents` warning. A row whose name is another row's of the same change
(kind, date, birth date, file) with some marks left out (`vocab.marks_within`, the same-file
match of `vocab.accent_aliases`) is that row's person: the change typed twice, the error the
rows typed alike get, its message quoting both spellings and both rows, the file excluded and
the figures those of the control. Another tone (Phúc, Phục) stays another person, and so does
a spelling on the file's roll as typed (twins Hoa and Hòa admitted on one day).

Real workbooks written through the template, consolidated and validated through the command
line (click's CliRunner).
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
DIED = dt.date(2026, 2, 1)
OTHER = "CB08_chi_bo_8.xlsx"


def _death(name: str, row_no: int, born: dt.date = BORN) -> dict[str, Any]:
    return {"row_no": row_no, "full_name": name, "birth_date": born, "event_type": "died", "event_date": DIED}


def _ward(folder: Path, changes: list[dict[str, Any]], members: list[dict[str, Any]] | None = None) -> Path:
    """CB07, clean, and CB08 (other people than CB07's) with ``changes`` after its own."""
    nop = folder / "nop"
    nop.mkdir(parents=True)
    write(nop)
    roll = [
        {**m, "full_name": m["full_name"] + " Hai", "card_no": m["card_no"] and "9" + m["card_no"]}
        for m in clean_members()
    ]
    write(
        nop,
        OTHER,
        info=clean_info(org_code="CB08", org_name="Chi bộ 8"),
        members=[*roll, *(members or [])],
        events=[*others_events(lambda n: n + " Hai"), *changes],
    )
    return nop


def _consolidated(folder: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    out = folder / "out"
    out.mkdir(exist_ok=True)
    args = ["consolidate", str(folder / "nop"), "--cutoff", "31/03/2026", "--since", "01/01/2025"]
    args += ["-o", str(out / "tong_hop.xlsx"), "--json", str(out / "tong_hop.json"), "--no-history", *extra]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads((out / "tong_hop.json").read_text(encoding="utf-8"))


def _validated(path: Path) -> list[dict[str, Any]]:
    out = path.parent / "kiem_tra.json"
    args = ["validate", str(path), "--cutoff", "31/03/2026", "--json", str(out), "--personal-data"]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    issues: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))["issues"]
    return issues


def _figures(doc: dict[str, Any]) -> dict[str, Any]:
    """What a run counts: indicators, forms, organisations, pairs, and its issues' codes."""
    kept = ("indicators", "forms", "organisations", "name_accent_pairs", "previous")
    said = sorted((i["code"], i["severity"], i.get("org_code"), i.get("cell")) for i in doc["issues"])
    return {**{k: doc[k] for k in kept}, "issues": said}


def test_a_death_typed_twice_once_with_a_mark_left_out_is_the_duplicate(tmp_path: Path) -> None:
    """(hunt83 #5, d1 against the control d2) The second row is `event.duplicate`, an error at
    its name quoting both spellings and the first row, not the neutral accents' warning; the
    file is excluded and every figure is the control's (the death not counted twice)."""
    rows = [_death("Trần Bá Luân", 3), _death("Tran Bá Luân", 4)]
    _ward(tmp_path / "d1", rows)
    _ward(tmp_path / "d2", [_death("Trần Bá Luân", 3), _death("Trần Bá Luân", 4)])
    code, doc = _consolidated(tmp_path / "d1", "--personal-data")
    code_control, control = _consolidated(tmp_path / "d2", "--personal-data")
    assert code == code_control == 1
    [said] = [i for i in doc["issues"] if i["code"] == "event.duplicate"]
    assert (said["severity"], said["org_code"], said["sheet"], said["cell"]) == (
        "error",
        "CB08",
        "Biến động",
        "B5",
    )
    assert said["message"] == (
        "Dòng 5, cột “Họ và tên” (ô B5): “Tran Bá Luân”, sinh 06/12/1984: biến động “Từ trần” ngày "
        "01/02/2026 đã ghi ở dòng 4 với họ tên “Trần Bá Luân” (cùng ngày sinh, một họ tên là họ tên "
        "kia thiếu dấu, nên được coi là một người). Mỗi dòng được tính là một biến động, nên biến động "
        "này đang bị tính hai lần (trong các biểu và số liệu tổng hợp). Hãy xóa dòng trùng; nếu là hai "
        "biến động khác nhau, hãy sửa loại biến động hoặc ngày cho đúng. Nếu là hai người khác nhau, "
        "hãy ghi họ tên đủ dấu đúng như trong danh sách đảng viên ở cả hai dòng."
    ), said["message"]
    # Typed alike (the control), no accents matched: no such way out.
    [alike] = [i["message"] for i in control["issues"] if i["code"] == "event.duplicate"]
    assert "Nếu là hai người khác nhau" not in alike, alike
    assert unicodedata.is_normalized("NFC", said["message"])
    assert not [i for i in doc["issues"] if i["code"] == "event.name_without_accents"], doc["issues"]
    statuses = {o["org_code"]: o["status"] for o in doc["organisations"]}
    assert statuses == {"CB07": "consolidated", "CB08": "excluded"}, statuses
    assert _figures(doc) == _figures(control)
    # Without personal data both names, the date and the change are masked; the rows are not.
    _, masked = _consolidated(tmp_path / "d1")
    [hidden] = [i["message"] for i in masked["issues"] if i["code"] == "event.duplicate"]
    assert not any(s in hidden for s in ("Luân", "06/12/1984", "01/02/2026", "Từ trần")), hidden
    assert "đã ghi ở dòng 4 với họ tên “[đã ẩn]” (cùng ngày sinh" in hidden, hidden
    assert hidden.endswith("đúng như trong danh sách đảng viên ở cả hai dòng."), hidden


def test_the_row_with_fewer_marks_first_is_named_by_the_later_one(tmp_path: Path) -> None:
    """The row lacking the mark first: the later, fully typed row is the repeat, quoting the
    first row's spelling; the ward's figures are the control's."""
    _ward(tmp_path / "d1", [_death("Tran Bá Luân", 3), _death("Trần Bá Luân", 4)])
    _ward(tmp_path / "d2", [_death("Trần Bá Luân", 3), _death("Trần Bá Luân", 4)])
    _, doc = _consolidated(tmp_path / "d1", "--personal-data")
    _, control = _consolidated(tmp_path / "d2", "--personal-data")
    [said] = [i for i in doc["issues"] if i["code"] == "event.duplicate"]
    assert said["cell"] == "B5"
    assert "“Trần Bá Luân”, sinh 06/12/1984: biến động “Từ trần” ngày 01/02/2026 đã ghi ở dòng 4 với " \
        "họ tên “Tran Bá Luân”" in said["message"], said["message"]  # fmt: skip
    assert _figures(doc) == _figures(control)


def test_three_rows_each_with_fewer_marks_are_one_change(tmp_path: Path) -> None:
    """ "Tran Ba Luan", "Tran Bá Luân", "Trần Bá Luân": each is the fullest one's, both later
    rows are repeats, and no accents' warning is left between the three."""
    path = write(
        tmp_path,
        events=[
            *clean_events(),
            _death("Tran Bá Luân", 3),
            _death("Tran Ba Luan", 4),
            _death("Trần Bá Luân", 5),
        ],
    )
    issues = _validated(path)
    found = sorted((i["code"], i["cell"]) for i in issues)
    assert found == [("event.duplicate", "B5"), ("event.duplicate", "B6")], found


def test_another_tone_on_one_day_stays_two_people(tmp_path: Path) -> None:
    """Phúc and Phục, one birth date, dead on one day: two people (neither lacks a mark of the
    other), two deaths and the neutral warning; "Phuc" beside both is no one's either."""
    rows = [_death("Lê Văn Phúc", 3), _death("Lê Văn Phục", 4)]
    path = write(tmp_path, events=[*clean_events(), *rows])
    found = [(i["code"], i["cell"]) for i in _validated(path)]
    assert found == [("event.name_without_accents", "B5")], found
    (tmp_path / "b").mkdir()
    path = write(tmp_path / "b", events=[*clean_events(), *rows, _death("Lê Văn Phuc", 5)])
    found = [(i["code"], i["cell"]) for i in _validated(path)]
    assert "event.duplicate" not in {c for c, _ in found}, found


def test_twins_of_the_roll_admitted_on_one_day_are_two_admissions(tmp_path: Path) -> None:
    """Hoa and Hòa, twins both on the roll, admitted on one day: each spelling is a member of
    the roll as typed, so neither row is the other's."""
    born, admitted = dt.date(2001, 4, 4), dt.date(2025, 9, 2)
    twins = [
        member(row_no=6 + i, full_name=name, birth_date=born, gender="female", card_no=None,
               admission_date=admitted, official_date=None, occupation="other")
        for i, name in enumerate(("Lê Thị Hoa", "Lê Thị Hòa"))
    ]  # fmt: skip
    rows = [
        {
            "row_no": 3 + i,
            "full_name": name,
            "birth_date": born,
            "event_type": "admitted",
            "event_date": admitted,
        }
        for i, name in enumerate(("Lê Thị Hoa", "Lê Thị Hòa"))
    ]
    path = write(tmp_path, members=[*clean_members(), *twins], events=[*clean_events(), *rows])
    found = {i["code"] for i in _validated(path)}
    assert "event.duplicate" not in found, found


def test_an_unmarked_row_the_roll_gives_two_people_to_is_no_ones_duplicate(tmp_path: Path) -> None:
    """(hunt99, one file) Nguyễn Văn Hùng and Nguyễn Văn Hưng, two men of one birth date on one
    roll, admitted on one day; Hùng's row typed "Nguyen Van Hung". The roll's names are among
    the change's fullest spellings, so that row could be Hùng or Hưng: no one's, not Hưng's
    admission typed twice. No error, both consolidated, the figures of the rows typed alike."""
    born, admitted = dt.date(2000, 5, 5), dt.date(2026, 2, 3)
    roll = [
        member(row_no=6 + i, full_name=name, birth_date=born, gender="male", card_no=None,
               admission_date=admitted, official_date=None, occupation="other")
        for i, name in enumerate(("Nguyễn Văn Hùng", "Nguyễn Văn Hưng"))
    ]  # fmt: skip

    def rows(first: str) -> list[dict[str, Any]]:
        names = (first, "Nguyễn Văn Hưng")
        return [
            {
                "row_no": 3 + i,
                "full_name": n,
                "birth_date": born,
                "event_type": "admitted",
                "event_date": admitted,
            }
            for i, n in enumerate(names)
        ]

    _ward(tmp_path / "typed", rows("Nguyen Van Hung"), roll)
    _ward(tmp_path / "control", rows("Nguyễn Văn Hùng"), roll)
    code, doc = _consolidated(tmp_path / "typed", "--personal-data")
    code_control, control = _consolidated(tmp_path / "control", "--personal-data")
    assert code == code_control == 0, doc["issues"]
    assert not [i for i in doc["issues"] if i["severity"] == "error"], doc["issues"]
    assert {o["status"] for o in doc["organisations"]} == {"consolidated"}

    # Biểu 1 and the admissions counted are the control's; which man the unmarked row is stays
    # unknown, so Biểu 2 counts his attributes unknown (the neutral warning asks for the marks).
    def counted(d: dict[str, Any]) -> dict[str, Any]:
        shown = {k: v for k, v in d["indicators"].items() if k.startswith(("period.", "members."))}
        return {**shown, "admitted.total": d["indicators"]["admitted.total"], "bieu1": d["forms"]["bieu1"]}

    assert counted(doc) == counted(control)
    assert doc["indicators"]["admitted.total"] == 2
    said = [i["code"] for i in doc["issues"] if i["code"].startswith("event.")]
    assert "event.name_without_accents" in said, said
