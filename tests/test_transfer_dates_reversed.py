"""An internal transfer whose arrival is dated before its departure (hunt44 C #1).

H01 records the member leaving on 10/02/2025 `Trong Đảng bộ phường` (and has taken them off
its roll); H02 records receiving them on 20/12/2024, the year typed wrong, and has them on its
roll. Validation paired the two rows (no `event.internal_transfer_unmatched`) while Biểu 1
counted the out-row in transit because its other side is before the forms' period: A counted
the member on two rolls (10, not 9) and C.5 a member who never left the ward, with a note
saying the member was on no roll. Whichever date is wrong the pair is one move inside the ward:
now no B.2 / C.5, A the roll at the start (the member once), and a warning at the date of both
rows naming the other file, sheet and cell and both dates (`event.transfer_dates_reversed`).

Real workbooks of the template, a registry CSV, a real SQLite history, the CLI (`CliRunner`).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

from tests.helpers_history import run_cli
from tests.helpers_stats import events_frame
from tests.test_opening_reorganised import WARD, change, found, org_file, people, registry
from tests.test_period_in_transit import NOTE, biểu_1, sheet_text
from toolkit.stats.grouped import ORG_KEY
from toolkit.stats.moves import roll_moves_by_org

Q1 = dt.date(2025, 3, 31)
SINCE = dt.date(2024, 1, 1)  # the files' changes from 2024: the 20/12/2024 row is read
H01, H02 = ("H01", "Chi bộ số 1"), ("H02", "Chi bộ số 2")
CODE = "event.transfer_dates_reversed"


def _run(tmp_path: Path, out_day: dt.date, in_day: dt.date, *, personal: bool = True) -> dict[str, Any]:
    """H01 (5 members, the mover gone) records the departure, H02 (4 members and the mover) the
    arrival; consolidated at 31/03/2025, with member-level data in the summary if `personal`."""
    h01, h02 = people(1, 5), people(2, 4)
    mover = h01[0]
    folder = tmp_path / "q1"
    org_file(folder, *H01, Q1, h01[1:], [change(mover, "transfer_out", out_day, "internal")], since=SINCE)
    org_file(folder, *H02, Q1, [*h02, mover], [change(mover, "transfer_in", in_day, "internal")], since=SINCE)
    out = tmp_path / "q1.xlsx"
    result = run_cli(
        "consolidate",
        folder,
        "--registry",
        registry(tmp_path / "q1.csv", [H01, H02]),
        "--cutoff",
        Q1.strftime("%d/%m/%Y"),
        "-o",
        out,
        "--json",
        out.with_suffix(".json"),
        "--no-history",
        "--ward-name",
        WARD,
        *(["--personal-data"] if personal else []),
    )
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def _transfers(summary: dict[str, Any]) -> tuple[int, int, int, int]:
    ind = summary["indicators"]
    return (
        ind["period.transfer_in"],
        ind["period.transfer_out"],
        ind["period.transfer_in.in_transit"],
        ind["period.transfer_out.in_transit"],
    )


def test_an_arrival_typed_a_year_early_is_one_move_with_a_warning_at_both_rows(tmp_path: Path) -> None:
    q1 = _run(tmp_path, dt.date(2025, 2, 10), dt.date(2024, 12, 20))
    assert biểu_1(q1) == (9, 0, 0, 9)  # was (10, 0, 1, 9): the member on two rolls, C.5 made up
    assert _transfers(q1) == (0, 0, 0, 0)
    assert q1["indicators"]["period.transfer_out.internal"] == 1
    assert found(q1, "event.internal_transfer_unmatched") == []
    assert NOTE not in sheet_text(tmp_path / "q1.xlsx")  # the in-transit note was false here
    warnings = {w["org_code"]: w for w in found(q1, CODE)}
    assert set(warnings) == {"H01", "H02"}
    for own, other in (("H01", "H02"), ("H02", "H01")):
        w = warnings[own]
        assert (w["severity"], w["sheet"], w["cell"], w["column"]) == ("warning", "Biến động", "E2", "Ngày")
        assert w["file"] == f"{own}.xlsx"
        message = w["message"]
        assert "ngày chuyển đến (20/12/2024) trước ngày chuyển đi (10/02/2025)" in message
        assert f"ở tệp \u201c{other}.xlsx\u201d, sheet \u201cBiến động\u201d, ô E2." in message
        assert "không tính là tăng hoặc giảm (Biểu 1, mục B.2 và C.5)" in message
        assert unicodedata.is_normalized("NFC", message)
    assert warnings["H01"]["value"] == "10/02/2025" and warnings["H02"]["value"] == "20/12/2024"
    assert "dòng chuyển đi này và dòng \u201cChuyển đến\u201d" in warnings["H01"]["message"]


def test_both_rows_inside_the_period_in_reverse_order_are_warned(tmp_path: Path) -> None:
    """Without member-level data the dates and change types are hidden, the other cell is not."""
    q1 = _run(tmp_path, dt.date(2025, 2, 10), dt.date(2025, 1, 20), personal=False)
    assert biểu_1(q1) == (9, 0, 0, 9)
    assert _transfers(q1) == (0, 0, 0, 0)
    warnings = found(q1, CODE)
    assert sorted(w["org_code"] for w in warnings) == ["H01", "H02"]
    for w in warnings:
        assert "ngày chuyển đến ([đã ẩn]) trước ngày chuyển đi ([đã ẩn])" in w["message"]
        assert "sheet \u201cBiến động\u201d, ô E2." in w["message"]
        assert "2025" not in w["message"]


def test_a_move_across_the_start_in_the_right_order_is_in_transit_without_the_warning(tmp_path: Path) -> None:
    """Released 20/12/2024, received 10/01/2025: on no roll on 01/01, the arrival counts in B.2
    (`test_period_in_transit`), and no date is wrong."""
    q1 = _run(tmp_path, dt.date(2024, 12, 20), dt.date(2025, 1, 10))
    assert biểu_1(q1) == (8, 1, 0, 9)
    assert _transfers(q1) == (1, 0, 1, 0)
    assert found(q1, CODE) == []
    assert NOTE in sheet_text(tmp_path / "q1.xlsx")


def test_the_ward_roll_counts_a_reversed_pair_once_on_every_day() -> None:
    """The history's roll at an earlier day (`roll_moves_by_org`) agrees with Biểu 1: with
    the arrival dated 20/12/2024 and the departure 10/02/2025, the ward's roll on 31/12/2024
    and on 15/01/2025 holds the member once (it held them twice)."""
    events = events_frame(
        *(
            {
                "full_name": "Nguyễn Văn An",
                "birth_date": "1960-05-01",
                "event_type": kind,
                "event_date": day,
                "transfer_scope": "internal",
            }
            for kind, day in (("transfer_out", "2025-02-10"), ("transfer_in", "2024-12-20"))
        )
    )
    events[ORG_KEY] = ["A", "B"]
    moves = roll_moves_by_org(events, period_start=dt.date(2025, 1, 1), cutoff=Q1, orgs=["A", "B"])
    ward = [
        moves["A"].roll_at(0, day, ward=True) + moves["B"].roll_at(1, day, ward=True)
        for day in (dt.date(2024, 12, 31), dt.date(2025, 1, 15), dt.date(2025, 2, 10))
    ]
    assert ward == [1, 1, 1]  # was [2, 2, 1]
