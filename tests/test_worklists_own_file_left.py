"""The work lists mark in red a member whose OWN file's `Biến động` takes them off the roll under
a name that differs only by accents (hunt105 F4: validation warns `event.left_still_on_roll_accents`,
the file is used, and the badge list proposed the dead member in black), matched as validation
and `left_party.still_left_people` match it; and a member whose arrival from inside the ward
another organisation records while their roll keeps them (hunt105 F2a, as validation warns
`event.internal_transfer_on_other_roll`). Real files, the `lists` command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, d, submission

from toolkit.cli import main
from toolkit.worklists.collect import LEFT_ACCENT_MARK, LEFT_RULE, MOVED_MARK, MOVED_RULE

HEADER_ROW = 5
RED = "FF9C0006"
CB02, CB01, CB03 = REGISTRY.organisations


def run(folder: Path, out: Path, command: str = "lists") -> Any:
    extra = ["-o", str(out)] if command == "lists" else []
    return CliRunner().invoke(main, [command, str(folder), "--cutoff", "31/03/2026", *extra])


def sheet_rows(out: Path, sheet: str) -> tuple[str, dict[str, tuple[Any, bool]]]:
    """The rule line of a list, and name → (note, whether the row is red)."""
    ws = openpyxl.load_workbook(out)[sheet]
    rule = str(ws.cell(4, 1).value)
    found: dict[str, tuple[Any, bool]] = {}
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        if row[0].value is None:
            continue
        name = row[3]
        found[str(name.value)] = (row[-2].value, name.font.color is not None and name.font.color.rgb == RED)
    return rule, found


def _three(word: str) -> list[dict]:
    return [
        _member(f"Trịnh Văn {word} {c}", "01/01/1970", "male", "01/01/2000", "01/01/2001")
        for c in ("An", "Bình", "Cúc")
    ]


def _died(name: str, birth: str, date: str = "10/02/2026") -> dict:
    return {"full_name": name, "birth_date": d(birth), "event_type": "died", "event_date": d(date)}


def test_a_death_in_the_members_own_file_typed_with_other_accents_is_red(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    submission(
        folder,
        CB01,
        [
            *_three("Một"),
            _member("Ngô Văn Nam", "05/05/1952", "male", "01/03/1996", "01/03/1997"),
            _member("Phan Văn Ổn", "05/05/1952", "male", "19/05/1996", "19/05/1997"),
            _member("Đỗ Thị Hà", "05/05/1996", "female", "10/04/2025"),  # probationary
            # Twins on one roll: a death typed without accents could be either, so it is no one's.
            _member("Nguyễn Thị Thủy", "01/01/1960", "female", "19/05/1996", "19/05/1997"),
            _member("Nguyễn Thị Thụy", "01/01/1960", "female", "19/05/1996", "19/05/1997"),
            # A death typed with MORE marks than the roll's name is another person's (a twin's).
            _member("Lê Văn Hoa", "02/02/1960", "male", "19/05/1996", "19/05/1997"),
        ],
        events=[
            _died("Ngo Van Nam", "05/05/1952"),
            _died("Phan Văn Ôn", "05/05/1952"),
            _died("Do Thi Ha", "05/05/1996"),
            _died("Nguyen Thi Thuy", "01/01/1960"),
            _died("Lê Văn Hòa", "02/02/1960"),
        ],
    )
    submission(folder, CB02, _three("Hai"))
    out = tmp_path / "ds.xlsx"
    result = run(folder, out)
    assert "CB01.xlsx" not in result.output.split("Không dùng")[-1] or "Không dùng" not in result.output
    rule, badges = sheet_rows(out, "Huy hiệu Đảng")
    where = "Tệp CB01.xlsx (dòng {row}, sheet “Biến động”) ghi “Từ trần” ngày 10/02/2026 cho “{name}”"
    assert badges["Ngô Văn Nam"] == (f"{where.format(row=2, name='Ngo Van Nam')}, {LEFT_ACCENT_MARK}", True)
    assert badges["Phan Văn Ổn"] == (f"{where.format(row=3, name='Phan Văn Ôn')}, {LEFT_ACCENT_MARK}", True)
    # The twins are red as a name typed twice (`member.name_without_accents`), never as dead.
    assert all("Từ trần" not in badges[name][0] for name in ("Nguyễn Thị Thủy", "Nguyễn Thị Thụy"))
    assert badges["Lê Văn Hoa"] == (None, False)
    assert LEFT_RULE.removesuffix(".") in rule
    _, probation = sheet_rows(out, "Dự bị đến hạn")
    note, red = probation["Đỗ Thị Hà"]
    due = "Còn 10 ngày; hạn xét chính thức 27/5/2026"
    assert red and note == f"{due}. {where.format(row=4, name='Do Thi Ha')}, {LEFT_ACCENT_MARK}"
    # Validation warns about exactly the three members marked.
    check = run(folder, out, "validate")
    warned = [line for line in check.output.splitlines() if "event.left_still_on_roll_accents" in line]
    assert len(warned) == 3, check.output


def test_a_move_out_of_the_ward_in_the_own_file_typed_without_accents_is_red(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    moved = {
        "full_name": "Ngo Van Nam",
        "birth_date": d("05/05/1952"),
        "event_type": "transfer_out",
        "event_date": d("10/02/2026"),
        "transfer_scope": "same_province",
    }
    back = {**moved, "full_name": "Lê Văn Hòa", "birth_date": d("02/02/1960")}
    submission(
        folder,
        CB01,
        [
            *_three("Một"),
            _member("Ngô Văn Nam", "05/05/1952", "male", "01/03/1996", "01/03/1997"),
            _member("Lê Văn Hòa", "02/02/1960", "male", "19/05/1996", "19/05/1997"),
        ],
        events=[
            moved,
            # Moved away and back: the latest change (the return) keeps him on the roll.
            {**back, "full_name": "Le Van Hoa", "event_date": d("10/01/2026")},
            {**back, "event_type": "transfer_in", "event_date": d("01/03/2026")},
        ],
    )
    submission(folder, CB02, _three("Hai"))
    out = tmp_path / "ds.xlsx"
    run(folder, out)
    rule, badges = sheet_rows(out, "Huy hiệu Đảng")
    head = "Tệp CB01.xlsx (dòng 2, sheet “Biến động”) ghi “Chuyển đi” ngày 10/02/2026 cho “Ngo Van Nam”"
    assert badges["Ngô Văn Nam"] == (f"{head}, {LEFT_ACCENT_MARK}", True)
    assert badges["Lê Văn Hòa"] == (None, False)


def test_a_member_another_chi_bo_says_arrived_from_inside_the_ward_is_red(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    khoi = _member("Đinh Văn Khôi", "06/06/1966", "male", "02/09/1986", "02/09/1987")
    # Moved to CB02 and back: CB01's own arrival after CB02's keeps him CB01's.
    lan = _member("Trương Văn Lân", "07/07/1966", "male", "02/09/1986", "02/09/1987")
    submission(
        folder,
        CB01,
        [*_three("Một"), khoi, lan],
        events=[
            {
                "full_name": "Trương Văn Lân",
                "birth_date": d("07/07/1966"),
                "event_type": "transfer_in",
                "event_date": d("20/03/2026"),
                "transfer_scope": "internal",
            }
        ],
    )
    arrival = {
        "full_name": "Đinh Văn Khôi",
        "birth_date": d("06/06/1966"),
        "event_type": "transfer_in",
        "event_date": d("01/03/2026"),
        "transfer_scope": "internal",
    }
    lan_in = {
        **arrival,
        "full_name": "Trương Văn Lân",
        "birth_date": d("07/07/1966"),
        "event_date": d("01/02/2026"),
    }
    submission(folder, CB02, _three("Hai"), events=[arrival, lan_in])
    out = tmp_path / "ds.xlsx"
    run(folder, out)
    rule, badges = sheet_rows(out, "Huy hiệu Đảng")
    expected = (
        "Tệp CB02.xlsx (dòng 2, sheet “Biến động”) ghi “Chuyển đến” trong Đảng bộ phường ngày 01/3/2026 "
        f"{MOVED_MARK}"
    )
    assert badges["Đinh Văn Khôi"] == (expected, True)
    assert badges["Trương Văn Lân"] == (None, False)
    assert rule.endswith(MOVED_RULE)
    check = run(folder, out, "validate")
    assert "event.internal_transfer_on_other_roll" in check.output
