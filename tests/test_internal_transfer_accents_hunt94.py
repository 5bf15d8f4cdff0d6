"""Moves inside the ward whose rows spell the name with different marks, further cases (hunt94).

1. A chain H01 → H02 → H03 whose H02 rows are typed without marks: the exact other sides
   (H01's out, H03's in, no date limit) were paired years apart before the marks were looked
   at, H02's rows left in transit. The exact pairs within `ONE_MOVE_DAYS` are now taken first,
   then the marks-alike ones, then the exact ones further apart (`transfers.phased_pairs`,
   hunt100).
2. `event.internal_transfer_accents` says, as `event.transfer_dates_reversed` does, that with
   the other file excluded this row counts as a member in transit.
3. A 2026.1 file's row without a scope is taken to be the other side of a move inside the ward
   when its name differs only by marks (`transfers.inferred_pairs`).
4. Each side lacking a different mark ("Đặng Van Dũng" out, "Dang Văn Dung" in) is one move
   (`vocab.marks_compatible`).
5. `event.transfer_scope_within_ward` finds the other side of a wrong scope whose name differs
   only by marks.

Real workbooks of the template, a registry CSV, the CLI (`CliRunner`), consolidate --json; each
figure compared with a control whose rows are typed alike.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

from tests.helpers_history import run_cli
from tests.test_opening_reorganised import WARD, change, found, org_file, people, registry
from tests.test_period_in_transit import biểu_1

Q1 = dt.date(2025, 3, 31)
SINCE = dt.date(2025, 1, 1)
MOVED_ON = dt.date(2025, 2, 10)
H01, H02, H03 = ("H01", "Chi bộ số 1"), ("H02", "Chi bộ số 2"), ("H03", "Chi bộ số 3")
CODE = "event.internal_transfer_accents"
UNMATCHED = "event.internal_transfer_unmatched"
INFERRED = "event.transfer_scope_inferred"
WITHIN = "event.transfer_scope_within_ward"


def _plain(name: str) -> str:
    """``name`` without any mark (đ typed d)."""
    bare = "".join(c for c in unicodedata.normalize("NFD", name) if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", bare.replace("Đ", "D").replace("đ", "d"))


def _consolidate(tmp_path: Path, orgs: list[tuple[str, str]], *extra: str) -> dict[str, Any]:
    folder = tmp_path / "q1"
    out = tmp_path / "q1.xlsx"
    result = run_cli(
        "consolidate",
        folder,
        "--registry",
        registry(tmp_path / "q1.csv", orgs),
        "--cutoff",
        Q1.strftime("%d/%m/%Y"),
        "-o",
        out,
        "--json",
        out.with_suffix(".json"),
        "--no-history",
        "--ward-name",
        WARD,
        "--personal-data",
        *extra,
    )
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def _figures(summary: dict[str, Any]) -> tuple[Any, Any, Any]:
    orgs = {o["org_code"]: o["indicators"] for o in summary["organisations"]}
    return summary["indicators"], summary["forms"], orgs


def _cells(summary: dict[str, Any], code: str) -> list[tuple[str, str]]:
    return sorted((i["file"], i["cell"]) for i in found(summary, code))


def _chain(tmp_path: Path, middle: str | None) -> dict[str, Any]:
    """The mover left H01 for H02 on 10/05/2023 and H02 for H03 on 10/02/2025; H02 types the
    name `middle` (the mover's own when None) in both its rows. The files hold the changes
    since 2020; the figures are those of 2025."""
    since = dt.date(2020, 1, 1)
    first, second = dt.date(2023, 5, 10), dt.date(2025, 2, 10)
    h1, h2, h3 = people(1, 5), people(2, 4), people(3, 4)
    mover = h1[0]
    typed = {**mover, "full_name": middle or mover["full_name"]}
    folder = tmp_path / "q1"
    org_file(folder, *H01, Q1, h1[1:], [change(mover, "transfer_out", first, "internal")], since=since)
    h02_rows = [
        change(typed, "transfer_in", first, "internal"),
        change(typed, "transfer_out", second, "internal"),
    ]
    org_file(folder, *H02, Q1, h2, h02_rows, since=since)
    org_file(folder, *H03, Q1, [*h3, mover], [change(mover, "transfer_in", second, "internal")], since=since)
    return _consolidate(tmp_path, [H01, H02, H03], "--since", "01/01/2025")


def test_a_chain_whose_middle_file_lacks_the_marks_pairs_the_nearest_sides(tmp_path: Path) -> None:
    control = _chain(tmp_path / "control", None)
    name = people(1, 5)[0]["full_name"]
    assert _plain(name) != name
    typed = _chain(tmp_path / "typed", _plain(name))
    assert biểu_1(control) == (13, 0, 0, 13)
    assert _figures(typed) == _figures(control)
    assert found(typed, UNMATCHED) == []
    warnings = {(w["file"], w["cell"]): w["message"] for w in found(typed, CODE)}
    assert set(warnings) == {("H01.xlsx", "B2"), ("H02.xlsx", "B2"), ("H02.xlsx", "B3"), ("H03.xlsx", "B2")}
    # Each side names its own other side: H01 with H02's arrival, H03 with H02's departure.
    assert "ở tệp “H02.xlsx”, sheet “Biến động”, ô B2 ghi họ tên" in warnings[("H01.xlsx", "B2")]
    assert "ở tệp “H02.xlsx”, sheet “Biến động”, ô B3 ghi họ tên" in warnings[("H03.xlsx", "B2")]
    assert "ở tệp “H01.xlsx”" in warnings[("H02.xlsx", "B2")]
    assert "ở tệp “H03.xlsx”" in warnings[("H02.xlsx", "B3")]


def _two_files(
    tmp_path: Path,
    out_name: str,
    in_name: str,
    *,
    out_scope: str | None = "internal",
    in_scope: str | None = "internal",
    h02_version: str = "2026.2",
    h02_extra: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """H01 records the mover's departure typed `out_name`, H02 (the mover on its roll, with the
    marks) the arrival typed `in_name`, both on `MOVED_ON`."""
    h1, h2 = people(1, 5), people(2, 4)
    mover = h1[0]
    folder = tmp_path / "q1"
    out_row = change({**mover, "full_name": out_name}, "transfer_out", MOVED_ON, out_scope)
    in_row = change({**mover, "full_name": in_name}, "transfer_in", MOVED_ON, in_scope)
    org_file(folder, *H01, Q1, h1[1:], [out_row], since=SINCE)
    org_file(folder, *H02, Q1, [*h2, mover], [in_row, *(h02_extra or [])], since=SINCE, version=h02_version)
    return _consolidate(tmp_path, [H01, H02])


def test_the_warning_says_what_counts_when_the_other_file_is_excluded(tmp_path: Path) -> None:
    """H02 is excluded by an unrelated error (an arrival without a scope): H01's departure counts
    in transit, and its warning says that it does when the other file is excluded."""
    mover = people(1, 5)[0]
    name = mover["full_name"]
    stranger = {"full_name": "Lê Văn Tám", "birth_date": dt.date(1970, 1, 1)}
    no_scope = change(stranger, "transfer_in", dt.date(2025, 3, 1))
    typed = _two_files(tmp_path, "Nguyễn Van Cường", name, h02_extra=[no_scope])
    assert name == "Nguyễn Văn Cường"
    assert [s["status"] for s in typed["sources"] if s["file"] == "H02.xlsx"] == ["errors"]
    assert typed["indicators"]["period.transfer_out.in_transit"] == 1
    warnings = found(typed, CODE)
    assert {w["file"] for w in warnings} == {"H01.xlsx", "H02.xlsx"}
    for w in warnings:
        assert "tệp kia bị loại thì dòng này được tính như đảng viên đang chuyển." in w["message"], w
        assert unicodedata.is_normalized("NFC", w["message"])


def test_an_old_files_row_without_a_scope_pairs_with_a_name_lacking_marks(tmp_path: Path) -> None:
    name = people(1, 5)[0]["full_name"]
    control = _two_files(tmp_path / "control", name, name, in_scope=None, h02_version="2026.1")
    for side, (out_name, in_name) in {"out": (_plain(name), name), "in": (name, _plain(name))}.items():
        typed = _two_files(tmp_path / side, out_name, in_name, in_scope=None, h02_version="2026.1")
        assert biểu_1(control) == (9, 0, 0, 9)
        assert _figures(typed) == _figures(control), side
        assert _cells(typed, INFERRED) == _cells(control, INFERRED) == [("H02.xlsx", "D2")]
        assert found(typed, UNMATCHED) == []
        assert _cells(typed, CODE) == [("H01.xlsx", "B2"), ("H02.xlsx", "B2")]


def test_each_side_lacking_another_mark_is_one_move(tmp_path: Path) -> None:
    control = _two_files(tmp_path / "control", "Đặng Văn Dũng", "Đặng Văn Dũng")
    typed = _two_files(tmp_path / "typed", "Đặng Van Dũng", "Dang Văn Dung")
    assert biểu_1(control) == (9, 0, 0, 9)
    assert _figures(typed) == _figures(control)
    assert found(typed, UNMATCHED) == []
    assert _cells(typed, CODE) == [("H01.xlsx", "B2"), ("H02.xlsx", "B2")]


def test_another_tone_in_one_syllable_is_still_two_people(tmp_path: Path) -> None:
    typed = _two_files(tmp_path, "Đặng Van Dũng", "Dang Văn Dụng")
    assert found(typed, CODE) == []
    assert sorted(w["file"] for w in found(typed, UNMATCHED)) == ["H01.xlsx", "H02.xlsx"]


def test_a_wrong_scope_on_the_other_side_is_said_when_the_names_differ_by_marks(tmp_path: Path) -> None:
    name = people(1, 5)[0]["full_name"]
    for scope_at in ("in", "out"):
        scopes = {"in_scope": "other_province"} if scope_at == "in" else {"out_scope": "other_province"}
        control = _two_files(tmp_path / f"control_{scope_at}", name, name, **scopes)
        typed = _two_files(tmp_path / f"typed_{scope_at}", "Nguyễn Van Cường", name, **scopes)
        assert _figures(typed) == _figures(control)
        cell = [("H02.xlsx", "G2")] if scope_at == "in" else [("H01.xlsx", "G2")]
        assert _cells(control, WITHIN) == cell
        assert _cells(typed, WITHIN) == cell, scope_at


def test_on_a_tie_the_exact_other_side_is_taken(tmp_path: Path) -> None:
    """H01's departure of “Nguyễn Văn Cường” and two arrivals the same day: H02's typed without
    one mark and H03's typed alike. The exact pair is taken; H02's arrival has no other side."""
    h1, h2, h3 = people(1, 5), people(2, 4), people(3, 4)
    mover = h1[0]
    folder = tmp_path / "q1"
    org_file(folder, *H01, Q1, h1[1:], [change(mover, "transfer_out", MOVED_ON, "internal")], since=SINCE)
    loose = change({**mover, "full_name": "Nguyễn Van Cường"}, "transfer_in", MOVED_ON, "internal")
    org_file(folder, *H02, Q1, h2, [loose], since=SINCE)
    arrival = change(mover, "transfer_in", MOVED_ON, "internal")
    org_file(folder, *H03, Q1, [*h3, mover], [arrival], since=SINCE)
    typed = _consolidate(tmp_path, [H01, H02, H03])
    assert found(typed, CODE) == []
    assert _cells(typed, UNMATCHED) == [("H02.xlsx", "G2")]
