"""Two members of one birth date whose names differ only by marks, each typed right (hunt100).

Hòa and Hoa (twins, or two members of the usual birthday of old records) each move inside the
ward in one week, each with an exact other side. Exact and marks-alike candidates taken in one
run paired one twin's departure with the other's arrival when those were nearer in date: Biểu 1
B.2 and C.5 one too many, false `event.internal_transfer_unmatched` and
`event.internal_transfer_accents`. The sides are now paired in phases
(`transfers.phased_pairs`): exact pairs within `ONE_MOVE_DAYS`, then marks-alike pairs so
dated, then exact pairs further apart. `event.transfer_scope_within_ward` pairs as
consolidation does: a row already paired is nobody else's other side, and a spelling that
differs is quoted.

Real workbooks of the template, a registry CSV, the CLI (`CliRunner`), consolidate --json; each
figure compared with a control whose twin has another name.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_validate import member
from tests.test_internal_transfer_accents_hunt94 import (
    CODE,
    INFERRED,
    UNMATCHED,
    WITHIN,
    _cells,
    _consolidate,
    _figures,
    _two_files,
)
from tests.test_opening_reorganised import change, found, org_file, people
from tests.test_period_in_transit import biểu_1

Q1 = dt.date(2025, 3, 31)
H01, H02, H03, H04 = (
    ("H01", "Chi bộ số 1"),
    ("H02", "Chi bộ số 2"),
    ("H03", "Chi bộ số 3"),
    ("H04", "Chi bộ số 4"),
)
BORN = dt.date(1980, 5, 5)
HOA_ACUTE = "Nguyễn Thị Hòa"
TWINS = {"twins": "Nguyễn Thị Hoa", "control": "Nguyễn Thị Lan"}


def _member(name: str, k: int, born: dt.date = BORN) -> dict[str, Any]:
    return member(
        full_name=name,
        birth_date=born,
        card_no=f"{90000000 + k}",
        admission_date=dt.date(2005, 1, 1),
        official_date=dt.date(2006, 1, 1),
        occupation="retired",
        theory_level="elementary",
        gender="female",
    )


def _day(d: int) -> dt.date:
    return dt.date(2025, 2, d)


def test_each_twin_keeps_her_own_other_side(tmp_path: Path) -> None:
    """Hòa H01 → H02 (08/02, 10/02), Hoa H03 → H01 (09/02, 12/02): Hòa's departure and Hoa's
    departure are nearer the other twin's arrival, yet each twin's own rows are one move."""
    runs = {}
    for tag, twin_name in TWINS.items():
        hoa, twin = _member(HOA_ACUTE, 1), _member(twin_name, 2)
        folder = tmp_path / tag / "q1"
        h01_rows = [
            change(hoa, "transfer_out", _day(8), "internal"),
            change(twin, "transfer_in", _day(12), "internal"),
        ]
        org_file(folder, *H01, Q1, [*people(1, 4), twin], h01_rows)
        org_file(folder, *H02, Q1, [*people(2, 4), hoa], [change(hoa, "transfer_in", _day(10), "internal")])
        org_file(folder, *H03, Q1, people(3, 4), [change(twin, "transfer_out", _day(9), "internal")])
        runs[tag] = _consolidate(tmp_path / tag, [H01, H02, H03])
    assert biểu_1(runs["control"]) == (14, 0, 0, 14)
    assert _figures(runs["twins"]) == _figures(runs["control"])
    assert found(runs["twins"], UNMATCHED) == []
    assert found(runs["twins"], CODE) == []


@pytest.mark.parametrize("seed", [2, 4])
def test_many_members_of_one_birth_date_with_names_alike(tmp_path: Path, seed: int) -> None:
    """Twenty members born 01/01/1960 whose names come in pairs differing only by marks (Nam and
    Năm, Son and Sơn...), each typed right, each moving once between six organisations in
    February: every move has both sides, none differs by marks."""
    orgs = [(f"H0{i}", f"Chi bộ số {i}") for i in range(1, 7)]
    names = [
        ("Nguyễn Văn Nam", "Nguyễn Văn Năm"),
        ("Nguyễn Thị Hoa", "Nguyễn Thị Hòa"),
        ("Trần Văn Tâm", "Trần Văn Tam"),
        ("Lê Văn Hung", "Lê Văn Hùng"),
        ("Phạm Thị Lan", "Phạm Thị Lân"),
        ("Vũ Văn Son", "Vũ Văn Sơn"),
        ("Đỗ Văn Ha", "Đỗ Văn Hà"),
        ("Bùi Thị Mai", "Bùi Thị Mải"),
        ("Hồ Văn Tuan", "Hồ Văn Tuấn"),
        ("Đặng Văn Toan", "Đặng Văn Toàn"),
    ]
    rnd = random.Random(seed)
    rolls = {code: people(i + 1, 15) for i, (code, _) in enumerate(orgs)}
    rows: dict[str, list[dict[str, Any]]] = {code: [] for code, _ in orgs}
    k = 0
    for pair in names:
        used: set[str] = set()
        for name in pair:
            k += 1
            mover = _member(name, k, dt.date(1960, 1, 1))
            a, b = rnd.sample([code for code, _ in orgs if code not in used], 2)
            used |= {a, b}
            left = _day(1) + dt.timedelta(days=rnd.randint(0, 20))
            arrived = left + dt.timedelta(days=rnd.randint(0, 6))
            rows[a].append(change(mover, "transfer_out", left, "internal"))
            rows[b].append(change(mover, "transfer_in", arrived, "internal"))
            rolls[b].append(mover)
    for code, name in orgs:
        org_file(tmp_path / "q1", code, name, Q1, rolls[code], rows[code])
    summary = _consolidate(tmp_path, orgs)
    assert biểu_1(summary) == (110, 0, 0, 110)
    assert summary["indicators"]["period.transfer_in.internal"] == 20
    assert found(summary, CODE) == []
    assert found(summary, UNMATCHED) == []


def test_an_old_files_row_without_a_scope_is_the_exact_twins(tmp_path: Path) -> None:
    """Hòa leaves H01 (inside the ward) 10/02 for H02, a 2026.1 file (arrival 14/02, no
    scope); her twin Hoa arrives 11/02 in H03, a 2026.1 file, from another province. H02's
    arrival is Hòa's other side, not H03's nearer one."""
    runs = {}
    for tag, twin_name in TWINS.items():
        hoa, twin = _member(HOA_ACUTE, 1), _member(twin_name, 2)
        folder = tmp_path / tag / "q1"
        org_file(folder, *H01, Q1, people(1, 4), [change(hoa, "transfer_out", _day(10), "internal")])
        h02_rows = [change(hoa, "transfer_in", _day(14))]
        org_file(folder, *H02, Q1, [*people(2, 4), hoa], h02_rows, version="2026.1")
        org_file(
            folder, *H03, Q1, [*people(3, 4), twin], [change(twin, "transfer_in", _day(11))], version="2026.1"
        )
        runs[tag] = _consolidate(tmp_path / tag, [H01, H02, H03])
    assert _figures(runs["twins"]) == _figures(runs["control"])
    assert _cells(runs["twins"], INFERRED) == _cells(runs["control"], INFERRED) == [("H02.xlsx", "D2")]
    assert found(runs["twins"], CODE) == []


def test_the_inferred_scope_names_the_exact_other_side(tmp_path: Path) -> None:
    """Hòa H01 (inside the ward) 10/02 → H02 (2026.1, no scope) 20/02; Hoa H04 05/02 → H03
    10/02, both inside the ward. H02's row is said to be the other side of H01's."""
    runs = {}
    for tag, twin_name in TWINS.items():
        hoa, twin = _member(HOA_ACUTE, 1), _member(twin_name, 2)
        folder = tmp_path / tag / "q1"
        org_file(folder, *H01, Q1, people(1, 4), [change(hoa, "transfer_out", _day(10), "internal")])
        h02_rows = [change(hoa, "transfer_in", _day(20))]
        org_file(folder, *H02, Q1, [*people(2, 4), hoa], h02_rows, version="2026.1")
        org_file(folder, *H03, Q1, [*people(3, 4), twin], [change(twin, "transfer_in", _day(10), "internal")])
        org_file(folder, *H04, Q1, people(4, 4), [change(twin, "transfer_out", _day(5), "internal")])
        runs[tag] = _consolidate(tmp_path / tag, [H01, H02, H03, H04])
    assert _figures(runs["twins"]) == _figures(runs["control"])
    for tag, summary in runs.items():
        said = found(summary, INFERRED)
        assert [(w["file"], w["cell"]) for w in said] == [("H02.xlsx", "D2")], tag
        assert "tệp “H01.xlsx” của phường có dòng “Chuyển đi”" in said[0]["message"], tag
    assert found(runs["twins"], CODE) == []


def test_a_wrong_scope_is_not_said_against_a_row_already_paired(tmp_path: Path) -> None:
    """Hòa H01 → H02 inside the ward (an exact pair, 10/02); her twin Hoa leaves H03 12/02 for
    another ward of the province. Hoa's departure is not said to be Hòa's move."""
    runs = {}
    for tag, twin_name in TWINS.items():
        hoa, twin = _member(HOA_ACUTE, 1), _member(twin_name, 2)
        folder = tmp_path / tag / "q1"
        org_file(folder, *H01, Q1, people(1, 4), [change(hoa, "transfer_out", _day(10), "internal")])
        org_file(folder, *H02, Q1, [*people(2, 4), hoa], [change(hoa, "transfer_in", _day(10), "internal")])
        org_file(folder, *H03, Q1, people(3, 4), [change(twin, "transfer_out", _day(12), "same_province")])
        runs[tag] = _consolidate(tmp_path / tag, [H01, H02, H03])
    assert _figures(runs["twins"]) == _figures(runs["control"])
    assert found(runs["twins"], WITHIN) == found(runs["control"], WITHIN) == []


def test_a_wrong_scope_quotes_the_other_spelling(tmp_path: Path) -> None:
    """H01's departure typed “Nguyễn Van Cường”, scope another province; H02's arrival typed
    “Nguyễn Văn Cường”, inside the ward: H01's row quotes H02's spelling; alike, none."""
    name = people(1, 5)[0]["full_name"]
    assert name == "Nguyễn Văn Cường"
    typed = _two_files(tmp_path / "typed", "Nguyễn Van Cường", name, out_scope="other_province")
    alike = _two_files(tmp_path / "alike", name, name, out_scope="other_province")
    said = found(typed, WITHIN)
    assert [(w["file"], w["cell"]) for w in said] == [("H01.xlsx", "G2")]
    quoted = "cho người này (ghi họ tên “Nguyễn Văn Cường”, cùng ngày sinh, họ tên chỉ khác nhau ở dấu) gần"
    assert quoted in said[0]["message"]
    assert "cho người này gần cùng thời gian" in found(alike, WITHIN)[0]["message"]
