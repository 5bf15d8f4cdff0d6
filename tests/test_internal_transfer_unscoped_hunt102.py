"""Rows without a scope beside `internal` ones: one set of phases for both (hunt102).

A file of template 2026.1 has no `Phạm vi chuyển`. `transfers.inferred_pairs` used to pair the
`internal` sides among themselves first (`transfers.other_sides`) and only then look at the
rows without a scope for the sides left open, so that:

- a chain H01 (internal) → H02 (2026.1) → H03 (internal) inside one quarter paired H01's
  departure with H03's arrival and left H02's two rows counted as joining and leaving the ward
  (Biểu 1 B.2 and C.5 one too many, no warning);
- an `internal` side took a twin's marks-alike `internal` row before its exact other side
  without a scope.

The `internal` sides' own candidate pairs and those with a row without a scope now run in the
same phases of `transfers.phased_pairs`. Real workbooks, a registry CSV, the CLI
(`CliRunner`), consolidate --json; each figure compared with the same files all of template
2026.2 saying `internal`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tests.test_internal_transfer_accents_hunt94 import INFERRED, UNMATCHED, _cells, _consolidate
from tests.test_internal_transfer_twins_hunt100 import H01, H02, H03, H04, HOA_ACUTE, Q1, _day, _member
from tests.test_opening_reorganised import change, found, org_file, people
from tests.test_period_in_transit import biểu_1


def _moves(summary: dict[str, Any]) -> tuple[Any, ...]:
    """Biểu 1 and the figures of the period and of the changes, of the ward and of each
    organisation (a file of template 2026.1 lacks other columns of the roll, which the
    comparison leaves out)."""

    def of(ind: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in ind.items() if k.startswith(("period.", "changes."))}

    orgs = {o["org_code"]: of(o["indicators"]) for o in summary["organisations"]}
    return summary["forms"]["bieu1"], of(summary["indicators"]), orgs


def test_a_chain_through_an_old_file_is_two_moves_inside_the_ward(tmp_path: Path) -> None:
    """Trần Bá Luân H01 → H02 (01/02) → H03 (01/03); H02's file is of template 2026.1, its two
    rows without a scope, the name typed alike: each is the other side of its neighbour's row."""
    runs = {}
    for tag, old in (("old", True), ("scoped", False)):
        mover = _member("Trần Bá Luân", 1)
        scope = None if old else "internal"
        folder = tmp_path / tag / "q1"
        org_file(folder, *H01, Q1, people(1, 4), [change(mover, "transfer_out", _day(1), "internal")])
        h02_rows = [
            change(mover, "transfer_in", _day(1), scope),
            change(mover, "transfer_out", dt.date(2025, 3, 1), scope),
        ]
        org_file(folder, *H02, Q1, people(2, 4), h02_rows, version="2026.1" if old else "2026.2")
        h03_rows = [change(mover, "transfer_in", dt.date(2025, 3, 1), "internal")]
        org_file(folder, *H03, Q1, [*people(3, 4), mover], h03_rows)
        runs[tag] = _consolidate(tmp_path / tag, [H01, H02, H03])
    assert biểu_1(runs["scoped"])[1:3] == (0, 0)
    assert _moves(runs["old"]) == _moves(runs["scoped"])
    said = found(runs["old"], INFERRED)
    assert [(w["file"], w["cell"]) for w in said] == [("H02.xlsx", "D2"), ("H02.xlsx", "D3")]
    assert "tệp “H01.xlsx” của phường có dòng “Chuyển đi”" in said[0]["message"]
    assert "tệp “H03.xlsx” của phường có dòng “Chuyển đến”" in said[1]["message"]
    assert found(runs["old"], UNMATCHED) == []


def test_an_exact_side_without_a_scope_wins_over_a_twins_internal_one(tmp_path: Path) -> None:
    """Hòa H01 (internal) 10/02 → H03 (2026.1) 11/02; her twin Hoa H04 (2026.1) 09/02 → H02
    (internal) 12/02. Hòa's departure and Hoa's arrival, the only `internal` rows, differ only
    by a mark: each is paired with its own exact other side without a scope, not with the other."""
    runs = {}
    for tag, old in (("old", True), ("scoped", False)):
        hoa, twin = _member(HOA_ACUTE, 1), _member("Nguyễn Thị Hoa", 2)
        scope, version = (None, "2026.1") if old else ("internal", "2026.2")
        folder = tmp_path / tag / "q1"
        org_file(folder, *H01, Q1, people(1, 4), [change(hoa, "transfer_out", _day(10), "internal")])
        org_file(folder, *H02, Q1, [*people(2, 4), twin], [change(twin, "transfer_in", _day(12), "internal")])
        h03_rows = [change(hoa, "transfer_in", _day(11), scope)]
        org_file(folder, *H03, Q1, [*people(3, 4), hoa], h03_rows, version=version)
        h04_rows = [change(twin, "transfer_out", _day(9), scope)]
        org_file(folder, *H04, Q1, people(4, 4), h04_rows, version=version)
        runs[tag] = _consolidate(tmp_path / tag, [H01, H02, H03, H04])
    assert biểu_1(runs["scoped"])[1:3] == (0, 0)
    assert _moves(runs["old"]) == _moves(runs["scoped"])
    assert _cells(runs["old"], INFERRED) == [("H03.xlsx", "D2"), ("H04.xlsx", "D2")]
    said = {w["file"]: w["message"] for w in found(runs["old"], INFERRED)}
    assert "tệp “H01.xlsx” của phường có dòng “Chuyển đi”" in said["H03.xlsx"]
    assert "tệp “H02.xlsx” của phường có dòng “Chuyển đến”" in said["H04.xlsx"]
