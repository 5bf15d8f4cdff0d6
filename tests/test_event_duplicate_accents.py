"""One change in a file typed twice, once with a mark left out, or two people (hunt83 #5,
hunt97, hunt100).

A member removed from the roll has two `Từ trần` rows of one date, one typed "Trần Bá Luân",
the other "Tran Bá Luân". The two spellings were two people to `event.duplicate` (a person is a
name key and a birth date), so the ward counted two deaths with only the neutral
`event.name_without_accents` warning. hunt83 #5 made such rows (kind, date, birth date, file;
one name the other's with some marks left out, `vocab.marks_within`) `event.duplicate`, an
error; hunt97 and hunt100 showed that blocks correct files with no honest way out: twins Hoa
and Hòa (brothers Nam and Năm) of one birth date who leave, die or arrive on one day. A match
the accents alone make never makes an error: such rows are now the warning
`event.duplicate_accents`, quoting both rows and spellings with both readings, the file
consolidated and counted as typed. Rows of two transfer scopes are two changes (hunt97 f1),
rows each lacking another mark get the same warning (hunt97 e9), another tone (Phúc, Phục)
stays another person, and so does a spelling on the file's roll as typed or a row that can be
another member of the roll (twins Hoa and Hòa admitted on one day, hunt97 g1). Rows typed
alike stay `event.duplicate`, the error.

Real workbooks written through the template, consolidated and validated through the command
line (click's CliRunner).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
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


def _counted(doc: dict[str, Any]) -> dict[str, Any]:
    """What a run counts: the period's and the members' indicators, the admissions, Biểu 1."""
    shown = {k: v for k, v in doc["indicators"].items() if k.startswith(("period.", "members."))}
    return {**shown, "admitted.total": doc["indicators"]["admitted.total"], "bieu1": doc["forms"]["bieu1"]}


def test_a_death_typed_twice_once_with_a_mark_left_out_is_a_warning_counted_as_typed(
    tmp_path: Path,
) -> None:
    """(hunt83 #5, d1; hunt97) Deliberately no longer `event.duplicate`: the second row is the
    warning `event.duplicate_accents` at its name, quoting both rows and spellings with both
    readings, not the neutral accents' warning; the file is consolidated and counts two deaths,
    as the same rows of two people's names do."""
    rows = [_death("Trần Bá Luân", 3), _death("Tran Bá Luân", 4)]
    _ward(tmp_path / "d1", rows)
    _ward(tmp_path / "d2", [_death("Trần Bá Luân", 3), _death("Trần Văn Khoa", 4)])
    code, doc = _consolidated(tmp_path / "d1", "--personal-data")
    code_control, control = _consolidated(tmp_path / "d2", "--personal-data")
    assert code == code_control == 0, doc["issues"]
    assert not [i for i in doc["issues"] if i["severity"] == "error"], doc["issues"]
    [said] = [i for i in doc["issues"] if i["code"] == "event.duplicate_accents"]
    assert (said["severity"], said["org_code"], said["sheet"], said["cell"]) == (
        "warning",
        "CB08",
        "Biến động",
        "B5",
    )
    assert said["message"] == (
        "Dòng 5, cột “Họ và tên” (ô B5): “Tran Bá Luân”, sinh 06/12/1984: biến động “Từ trần” ngày "
        "01/02/2026; dòng 4 ghi cùng biến động, cùng ngày cho “Trần Bá Luân”, cùng ngày sinh, họ tên "
        "chỉ khác nhau ở dấu. Số liệu đang tính đây là hai biến động, đúng như đã ghi. Nếu là một người "
        "mà biến động được ghi hai lần, hãy xóa dòng trùng (dòng 5): số liệu khi đó giảm đi một. Nếu là "
        "hai người khác nhau (ví dụ anh chị em sinh đôi), hãy ghi họ tên mỗi người đủ dấu đúng như trong "
        "danh sách đảng viên; ngoài ra không cần sửa gì."
    ), said["message"]
    assert unicodedata.is_normalized("NFC", said["message"])
    assert not [i for i in doc["issues"] if i["code"] == "event.name_without_accents"], doc["issues"]
    assert not [i for i in doc["issues"] if i["code"] == "event.duplicate"], doc["issues"]
    statuses = {o["org_code"]: o["status"] for o in doc["organisations"]}
    assert statuses == {"CB07": "consolidated", "CB08": "consolidated"}, statuses
    assert _counted(doc) == _counted(control)
    assert doc["indicators"]["period.died"] == control["indicators"]["period.died"]
    # Typed alike, the rows are still the error `event.duplicate`, the file excluded.
    _ward(tmp_path / "d3", [_death("Trần Bá Luân", 3), _death("Trần Bá Luân", 4)])
    code_alike, alike = _consolidated(tmp_path / "d3", "--personal-data")
    assert code_alike == 1
    assert [i["cell"] for i in alike["issues"] if i["code"] == "event.duplicate"] == ["B5"]
    assert "event.duplicate_accents" not in {i["code"] for i in alike["issues"]}
    # Without personal data both names, the birth, the date and the change are masked; the rows are not.
    _, masked = _consolidated(tmp_path / "d1")
    [hidden] = [i["message"] for i in masked["issues"] if i["code"] == "event.duplicate_accents"]
    assert not any(s in hidden for s in ("Luân", "06/12/1984", "01/02/2026", "Từ trần")), hidden
    assert "dòng 4 ghi cùng biến động, cùng ngày cho “[đã ẩn]”" in hidden, hidden
    assert "hãy xóa dòng trùng (dòng 5)" in hidden, hidden


def test_the_row_with_fewer_marks_first_is_the_one_named_to_delete(tmp_path: Path) -> None:
    """The row lacking the mark first: it is the one the warning is at and names to delete,
    quoting the later, fully typed row; counted as typed."""
    _ward(tmp_path / "d1", [_death("Tran Bá Luân", 3), _death("Trần Bá Luân", 4)])
    _ward(tmp_path / "d2", [_death("Trần Văn Khoa", 3), _death("Trần Bá Luân", 4)])
    _, doc = _consolidated(tmp_path / "d1", "--personal-data")
    _, control = _consolidated(tmp_path / "d2", "--personal-data")
    [said] = [i for i in doc["issues"] if i["code"] == "event.duplicate_accents"]
    assert said["cell"] == "B4"
    assert "“Tran Bá Luân”, sinh 06/12/1984: biến động “Từ trần” ngày 01/02/2026; dòng 5 ghi cùng " \
        "biến động, cùng ngày cho “Trần Bá Luân”" in said["message"], said["message"]  # fmt: skip
    assert "hãy xóa dòng trùng (dòng 4)" in said["message"], said["message"]
    assert _counted(doc) == _counted(control)


def test_three_rows_each_with_fewer_marks_are_each_said(tmp_path: Path) -> None:
    """ "Tran Bá Luân", "Tran Ba Luan", "Trần Bá Luân": each of the first two is the fullest
    one's, each gets the warning (deliberately no longer the error), and no neutral accents'
    warning is left between the three."""
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
    assert found == [("event.duplicate_accents", "B4"), ("event.duplicate_accents", "B5")], found
    assert {i["severity"] for i in issues} == {"warning"}


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
    assert not {"event.duplicate", "event.duplicate_accents"} & found, found


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


TWINS = dt.date(1990, 5, 5)
LEFT, CAME = dt.date(2026, 2, 1), dt.date(2026, 1, 15)


def _change(name: str, kind: str, on: dt.date, row_no: int, scope: str = "same_province") -> dict[str, Any]:
    row = {"row_no": row_no, "full_name": name, "birth_date": TWINS, "event_type": kind, "event_date": on}
    if kind.startswith("transfer"):
        row["transfer_scope"] = scope
    if kind == "admitted":
        row["decision_no"] = "12-QĐ/ĐU"
    return row


def _twin(name: str, row_no: int, admitted: dt.date = dt.date(2015, 3, 3)) -> dict[str, Any]:
    official = None if admitted.year > 2025 else admitted.replace(year=admitted.year + 1)
    return member(row_no=row_no, full_name=name, birth_date=TWINS, gender="female", card_no=None,
                  admission_date=admitted, official_date=official, occupation="other")  # fmt: skip


def _against_control(
    tmp_path: Path,
    changes: list[dict[str, Any]],
    control: list[dict[str, Any]],
    roll: list[dict[str, Any]] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both wards consolidated: no error, every file consolidated, the figures of ``control``
    (the second twin renamed to another name, two people beyond doubt)."""
    _ward(tmp_path / "twins", changes, roll)
    _ward(tmp_path / "control", control, roll)
    code, doc = _consolidated(tmp_path / "twins", "--personal-data")
    code_control, theirs = _consolidated(tmp_path / "control", "--personal-data")
    assert code == code_control == 0, doc["issues"]
    assert not [i for i in doc["issues"] if i["severity"] == "error"], doc["issues"]
    assert {o["status"] for o in doc["organisations"]} == {"consolidated"}
    assert _counted(doc) == _counted(theirs)
    return doc, theirs


def _said(doc: dict[str, Any], code: str = "event.duplicate_accents") -> list[str]:
    return [i["cell"] for i in doc["issues"] if i["code"] == code]


@pytest.mark.parametrize(
    ("first", "second", "kind", "cell"),
    [
        ("Nguyễn Thị Hòa", "Nguyễn Thị Hoa", "transfer_out", "B5"),  # hunt97 e1
        ("Lê Văn Thành", "Lê Văn Thanh", "died", "B5"),  # hunt97 e2
        ("Nguyễn Văn Nam", "Nguyễn Văn Năm", "transfer_out", "B4"),  # hunt100 t6: Nam first
    ],
)
def test_twins_leaving_on_one_day_are_two_changes_with_the_warning(
    tmp_path: Path, first: str, second: str, kind: str, cell: str
) -> None:
    """(hunt97 e1 e2, hunt100 t6) Twins a mark apart of one birth date, off the roll, leaving on
    one day: no error, the file consolidated and counted as typed (two changes, the control's
    figures), the warning at the row with fewer marks, no neutral accents' warning beside it."""
    rows = [_change(first, kind, LEFT, 3), _change(second, kind, LEFT, 4)]
    control = [_change(first, kind, LEFT, 3), _change("Nguyễn Thị Lan", kind, LEFT, 4)]
    doc, _ = _against_control(tmp_path, rows, control)
    assert _said(doc) == [cell]
    assert _said(doc, "event.name_without_accents") == []
    [said] = [i for i in doc["issues"] if i["code"] == "event.duplicate_accents"]
    assert said["severity"] == "warning" and said["org_code"] == "CB08"
    other = "B5" if cell == "B4" else "B4"
    fewer, fuller = (second, first) if cell == "B5" else (first, second)
    assert f"“{fewer}”, sinh 05/05/1990" in said["message"], said["message"]
    assert f"dòng {other[1:]} ghi cùng biến động, cùng ngày cho “{fuller}”" in said["message"]
    assert f"hãy xóa dòng trùng (dòng {cell[1:]})" in said["message"]


def test_twins_arriving_together_one_leaving_later(tmp_path: Path) -> None:
    """(hunt97 e4) Hòa on the roll, Hòa and Hoa moved in on one day, Hoa moved out later: no
    error, counted as typed (two arrivals, one departure), the warning at Hoa's arrival."""
    roll = [_twin("Nguyễn Thị Hòa", 6)]

    def rows(twin: str) -> list[dict[str, Any]]:
        return [
            _change("Nguyễn Thị Hòa", "transfer_in", CAME, 3),
            _change(twin, "transfer_in", CAME, 4),
            _change(twin, "transfer_out", dt.date(2026, 3, 1), 5),
        ]

    doc, _ = _against_control(tmp_path, rows("Nguyễn Thị Hoa"), rows("Nguyễn Thị Lan"), roll)
    assert _said(doc) == ["B5"]
    assert doc["indicators"]["period.transfer_in"] >= 2


def test_twins_moving_on_one_day_to_two_scopes_are_two_changes(tmp_path: Path) -> None:
    """(hunt97 f1) Hòa moves to another ward of the province, Hoa inside the ward, on one day:
    rows of two scopes are never one change, so neither the error nor the warning."""
    rows = [_change("Nguyễn Thị Hòa", "transfer_out", LEFT, 3),
            _change("Nguyễn Thị Hoa", "transfer_out", LEFT, 4, "internal")]  # fmt: skip
    control = [_change("Nguyễn Thị Hòa", "transfer_out", LEFT, 3),
               _change("Nguyễn Thị Lan", "transfer_out", LEFT, 4, "internal")]  # fmt: skip
    doc, _ = _against_control(tmp_path, rows, control)
    assert _said(doc) == []


def test_twins_of_the_roll_admitted_one_row_unmarked(tmp_path: Path) -> None:
    """(hunt97 g1) Hòa and Hoa both on the roll, admitted on one day, Hoa's row typed without a
    Vietnamese keyboard ("Nguyen Thi Hoa"): that row can be the roll's Hoa, so it is no one's
    repeat; no error, no warning of a change typed twice, counted as the rows typed alike."""
    admitted = dt.date(2026, 2, 3)
    roll = [_twin("Nguyễn Thị Hòa", 6, admitted), _twin("Nguyễn Thị Hoa", 7, admitted)]
    rows = [
        _change("Nguyễn Thị Hòa", "admitted", admitted, 3),
        _change("Nguyen Thi Hoa", "admitted", admitted, 4),
    ]
    alike = [
        _change("Nguyễn Thị Hòa", "admitted", admitted, 3),
        _change("Nguyễn Thị Hoa", "admitted", admitted, 4),
    ]
    doc, _ = _against_control(tmp_path, rows, alike, roll)
    assert _said(doc) == [] and _said(doc, "event.duplicate") == []
    assert doc["indicators"]["admitted.total"] == 2


def test_rows_each_lacking_another_mark_get_the_warning(tmp_path: Path) -> None:
    """(hunt97 e9) "Trần Ba Luân" and "Tran Bá Luân" dead on one day, off the roll: each lacks a
    mark of the other (`vocab.marks_compatible`), one death typed twice or two people: the same
    warning at the later row, naming the first, counted as typed (two deaths)."""
    rows = [_death("Trần Ba Luân", 3), _death("Tran Bá Luân", 4)]
    doc, _ = _against_control(tmp_path, rows, [_death("Trần Ba Luân", 3), _death("Trần Văn Khoa", 4)])
    assert _said(doc) == ["B5"]
    assert _said(doc, "event.name_without_accents") == []
    [said] = [i["message"] for i in doc["issues"] if i["code"] == "event.duplicate_accents"]
    assert "“Tran Bá Luân”, sinh 06/12/1984" in said and "cùng ngày cho “Trần Ba Luân”" in said, said


def test_a_death_typed_twice_beside_the_living_twin_on_the_roll_is_said(tmp_path: Path) -> None:
    """(hunt101 #1) The living twin Hoa on the roll; Hòa's death typed twice, once without a
    Vietnamese keyboard ("Nguyen Thi Hoa"). A member still on the roll is no one whose death was
    typed, so the roll does not make the unmarked row Hoa's: the warning of a change typed twice
    is given (counted as typed, two deaths), not only the accents' "nothing to fix"."""
    roll = [_twin("Nguyễn Thị Hoa", 6)]
    rows = [_change("Nguyễn Thị Hòa", "died", LEFT, 3), _change("Nguyen Thi Hoa", "died", LEFT, 4)]
    control = [_change("Nguyễn Thị Hòa", "died", LEFT, 3), _change("Nguyễn Thị Lan", "died", LEFT, 4)]
    doc, _ = _against_control(tmp_path, rows, control, roll)
    assert _said(doc) == ["B5"]
    [said] = [i["message"] for i in doc["issues"] if i["code"] == "event.duplicate_accents"]
    assert "hãy xóa dòng trùng (dòng 5)" in said, said
