"""Two readings of one member's changes typed with different marks (hunt87).

hunt83 (344e395) matched a change typed with fewer marks than a roll member's name (one file,
one birth date) to that member before each person's latest change was picked, and made a
leaving change matched only so a warning. That hid errors: an exact death followed by a row
with fewer marks. The check now reads the rows two ways: E, each spelling's own latest change
(the rows typed as the member's name); A, the one timeline of the rows typed as it or with
fewer of its marks. Both saying the member left, or E's latest a death (nothing undoes it), is
`event.left_still_on_roll`, the error; only one of them is `event.left_still_on_roll_accents`,
the warning. And `event.joined_not_on_roll` takes a later leaving row whose name differs only
by marks one of them lacks as the departure (a2).

Real workbooks written through the template, validated and consolidated by the pipeline.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers_validate import CUTOFF, PERIOD_START, clean_events, clean_members, codes, member, run, write

from toolkit.pipeline import consolidate

ERROR = "event.left_still_on_roll"
WARNING = "event.left_still_on_roll_accents"
BORN = dt.date(1984, 12, 6)
SCOPE = {"transfer_scope": "other_province"}


def _change(name: str, kind: str, on: dt.date, row_no: int, **more: object) -> dict[str, object]:
    row = {"row_no": row_no, "full_name": name, "birth_date": BORN, "event_type": kind, "event_date": on}
    return {**row, **more}


def _luân_on_roll(changes: list[dict[str, object]], folder: Path, *, on_roll: bool = True) -> Path:
    luân = [member(full_name="Trần Bá Luân", birth_date=BORN, card_no=None)] if on_roll else []
    rows = [*clean_members(), *({**m, "row_no": 6 + i} for i, m in enumerate(luân))]
    return write(folder, members=rows, events=[*clean_events(), *changes])


def _status(path: Path) -> str:
    [org] = consolidate([path.parent], cutoff=CUTOFF, since=PERIOD_START).organisations
    return org.status


def test_an_exact_death_then_a_return_typed_with_fewer_marks_is_the_error(tmp_path: Path) -> None:
    """(hunt87 m1) "Trần Bá Luân" died on 01/02, "Tran Bá Luân" moved in on 01/03, the member
    on the roll. Nothing undoes a death: the error, quoting the death; the file not counted."""
    died = _change("Trần Bá Luân", "died", dt.date(2026, 2, 1), 3)
    back = _change("Tran Bá Luân", "transfer_in", dt.date(2026, 3, 1), 4, **SCOPE)
    path = _luân_on_roll([died, back], tmp_path)
    issues = run(path).issues
    [said] = [i for i in issues if i.code == ERROR]
    assert (said.severity, said.sheet, said.cell) == ("error", "Đảng viên", "B7"), said
    assert "“Trần Bá Luân” có biến động “Từ trần” ngày 01/02/2026 (sheet “Biến động”, dòng 4)" in said.message
    assert WARNING not in codes(issues), codes(issues)
    assert _status(path) != "consolidated"


def test_an_exact_death_retyped_without_marks_is_the_error(tmp_path: Path) -> None:
    """(hunt87 m2) the death typed "Trần Bá Luân" (01/02) and again "Tran Ba Luan" (02/02):
    both readings say he died, so the error, not the accents' warning alone."""
    died = _change("Trần Bá Luân", "died", dt.date(2026, 2, 1), 3)
    again = _change("Tran Ba Luan", "died", dt.date(2026, 2, 2), 4)
    path = _luân_on_roll([died, again], tmp_path)
    found = codes(run(path).issues)
    assert ERROR in found and WARNING not in found, found
    assert _status(path) != "consolidated"


def test_out_back_out_each_typed_otherwise_is_the_error(tmp_path: Path) -> None:
    """(hunt87 a1) exact "Chuyển đi" 10/01, "Tran Bá Luân" "Chuyển đến" 01/02, "Trần Ba Luân"
    "Chuyển đi" 01/03, the member still on the roll: both readings say he left, the error."""
    changes = [
        _change("Trần Bá Luân", "transfer_out", dt.date(2026, 1, 10), 3, **SCOPE),
        _change("Tran Bá Luân", "transfer_in", dt.date(2026, 2, 1), 4, **SCOPE),
        _change("Trần Ba Luân", "transfer_out", dt.date(2026, 3, 1), 5, **SCOPE),
    ]
    found = codes(run(_luân_on_roll(changes, tmp_path)).issues)
    assert ERROR in found and WARNING not in found, found


def test_an_exact_move_out_then_a_return_typed_otherwise_is_the_warning(tmp_path: Path) -> None:
    """Exact "Chuyển đi" 10/01 and "Tran Bá Luân" "Chuyển đến" 01/03: only E says he left
    (not final), so the warning, quoting the return and saying what two people would mean."""
    changes = [
        _change("Trần Bá Luân", "transfer_out", dt.date(2026, 1, 10), 3, **SCOPE),
        _change("Tran Bá Luân", "transfer_in", dt.date(2026, 3, 1), 4, **SCOPE),
    ]
    issues = run(_luân_on_roll(changes, tmp_path)).issues
    assert ERROR not in codes(issues), codes(issues)
    [said] = [i for i in issues if i.code == WARNING]
    assert "“Tran Bá Luân” có biến động “Chuyển đến” ngày 01/03/2026" in said.message, said.message
    assert "Nếu là hai người khác nhau (ví dụ anh chị em sinh đôi), đảng viên này đã ra khỏi" in said.message


def test_in_and_out_typed_with_different_marks_off_the_roll_is_not_missing(tmp_path: Path) -> None:
    """(hunt87 a2, a2b) came in and moved out again, the two rows typed with different marks,
    correctly off the roll: the later leaving row is his departure, no
    `event.joined_not_on_roll`; the match rests on the accents alone, so its warning with both
    readings (`event.joined_not_on_roll_accents`, hunt97); the file is consolidated."""
    for i, (first, second) in enumerate((("Tran Ba Luan", "Trần Bá Luân"), ("Trần Bá Luân", "Tran Ba Luan"))):
        folder = tmp_path / str(i)
        folder.mkdir()
        changes = [
            _change(first, "transfer_in", dt.date(2026, 1, 10), 3, **SCOPE),
            _change(second, "transfer_out", dt.date(2026, 3, 1), 4, **SCOPE),
        ]
        path = _luân_on_roll(changes, folder, on_roll=False)
        found = codes(run(path).issues)
        assert "event.joined_not_on_roll" not in found, (first, found)
        assert "event.joined_not_on_roll_accents" in found, (first, found)
        assert ERROR not in found and WARNING not in found, found
        assert _status(path) == "consolidated"
