"""A member in transit between two organisations of the ward at a cut-off (hunt43 history #1).

H01 records the member leaving on 28/06 `Trong Đảng bộ phường`, H02 receives them on 03/07:
each file is right at its own cut-off, and at 30/06 the member is on no roll. Biểu 1's line A
(the roll on 1 January) must be the same in every quarterly run of the year's forms: the
out-row without its other side in the files counts as a transfer out (C.5) and Biểu 1 says
so; once both rows are in the files (30/09) the move counts as no change. The history's
opening checks then say nothing of it (no edited files, no new organisation blamed).

Real workbooks of the template, a registry CSV, a real SQLite history, the CLI (`CliRunner`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from tests.helpers_stats import events_frame, members_frame
from tests.test_opening_reorganised import change, consolidate, found, org_file, people
from toolkit.stats.grouped import ORG_KEY
from toolkit.stats.moves import roll_moves_by_org
from toolkit.stats.period import compute_period_by_org

Q1, Q2, Q3 = dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 9, 30)
LEFT, RECEIVED = dt.date(2025, 6, 28), dt.date(2025, 7, 3)
H01, H02, H03 = ("H01", "Chi bộ số 1"), ("H02", "Chi bộ số 2"), ("H03", "Chi bộ số 3")
OPENING_CODES = (
    "form.period_opening_changed",
    "form.ward_opening_mismatch",
    "form.opening_mismatch",
    "form.ward_opening_no_org_figures",
)
NOTE = "1 dòng chuyển sinh hoạt trong Đảng bộ phường chưa có dòng tương ứng của tổ chức kia"
SHEET = "Biểu 1-BTCTW"


def biểu_1(summary: dict[str, Any]) -> tuple[int, int, int, int]:
    ind = summary["indicators"]
    joins = sum(ind[f"period.{k}"] for k in ("admitted", "readmitted", "transfer_in", "restored"))
    leaves = sum(ind[f"period.{k}"] for k in ("died", "expelled", "struck_off", "resigned", "transfer_out"))
    return ind["period.opening"], joins, leaves, ind["period.closing"]


def sheet_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return "\n".join(str(v) for row in wb[SHEET].iter_rows(values_only=True) for v in row if v)
    finally:
        wb.close()


def opening_issues(summary: dict[str, Any]) -> list[str]:
    return [i["code"] for i in summary["issues"] if i["code"] in OPENING_CODES]


def test_a_move_across_the_cut_off_keeps_line_a_in_every_run_of_the_period(tmp_path: Path) -> None:
    h01, h02 = people(1, 5), people(2, 4)
    mover = h01[0]
    org_file(tmp_path / "q1", *H01, Q1, h01)
    org_file(tmp_path / "q1", *H02, Q1, h02)
    q1 = consolidate(tmp_path, "q1", Q1, [H01, H02])
    assert biểu_1(q1) == (9, 0, 0, 9)

    # 30/06: H01 has let the member go on 28/06, H02 receives them only on 03/07.
    out_row = change(mover, "transfer_out", LEFT, "internal")
    org_file(tmp_path / "q2", *H01, Q2, h01[1:], [out_row])
    org_file(tmp_path / "q2", *H02, Q2, h02)
    q2 = consolidate(tmp_path, "q2", Q2, [H01, H02])
    assert biểu_1(q2) == (9, 0, 1, 8)  # was A = 8: the out-row was left out of C
    ind = q2["indicators"]
    assert ind["period.transfer_out"] == ind["period.transfer_out.in_transit"] == 1
    assert ind["period.transfer_out.internal"] == 0
    assert ind["members.total"] == 8
    assert opening_issues(q2) == []
    text = sheet_text(tmp_path / "q2.xlsx")
    assert NOTE in text and "qua ngày chốt" in text
    assert unicodedata.is_normalized("NFC", text)
    (unmatched,) = found(q2, "event.internal_transfer_unmatched")
    assert unmatched["org_code"] == "H01"
    assert "Biểu 1 tính dòng này là chuyển đến hoặc chuyển đi (mục B.2 hoặc C.5)" in unmatched["message"]
    assert "không cần sửa gì" in unmatched["message"]

    # 30/09: both rows are in the files, and a new chi bộ H03 whose members came from outside.
    h03 = people(3, 2)
    org_file(tmp_path / "q3", *H01, Q3, h01[1:], [out_row])
    org_file(tmp_path / "q3", *H02, Q3, [*h02, mover], [change(mover, "transfer_in", RECEIVED, "internal")])
    arrivals = [change(m, "transfer_in", dt.date(2025, 7, 1), "other_province") for m in h03]
    org_file(tmp_path / "q3", *H03, Q3, h03, arrivals)
    q3 = consolidate(tmp_path, "q3", Q3, [H01, H02, H03])
    assert biểu_1(q3) == (9, 2, 0, 11)
    ind = q3["indicators"]
    assert ind["period.transfer_out.in_transit"] == ind["period.transfer_in.in_transit"] == 0
    assert ind["period.transfer_out.internal"] == ind["period.transfer_in.internal"] == 1
    # No false "files were edited" nor "check the new organisation H03".
    assert opening_issues(q3) == []
    assert found(q3, "event.internal_transfer_unmatched") == []
    assert NOTE not in sheet_text(tmp_path / "q3.xlsx")


def test_only_the_year_end_then_the_half_year_keeps_line_a(tmp_path: Path) -> None:
    """The history holds 31/12/2024 only (another forms' period): line A of 30/06/2025 is the
    roll of 31/12/2024, and the roll checks agree."""
    h01, h02 = people(1, 5), people(2, 4)
    year_end = dt.date(2024, 12, 31)
    org_file(tmp_path / "y", *H01, year_end, h01, since=dt.date(2024, 1, 1))
    org_file(tmp_path / "y", *H02, year_end, h02, since=dt.date(2024, 1, 1))
    consolidate(tmp_path, "y", year_end, [H01, H02])
    org_file(tmp_path / "q2", *H01, Q2, h01[1:], [change(h01[0], "transfer_out", LEFT, "internal")])
    org_file(tmp_path / "q2", *H02, Q2, h02)
    q2 = consolidate(tmp_path, "q2", Q2, [H01, H02])
    assert biểu_1(q2) == (9, 0, 1, 8)
    assert opening_issues(q2) == []


def _frames(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """Transfers (organisation, kind, day, scope) of one person."""
    events = events_frame(
        *(
            {
                "full_name": "Nguyễn Văn An",
                "birth_date": "1960-05-01",
                "event_type": kind,
                "event_date": day,
                "transfer_scope": scope,
            }
            for _, kind, day, scope in rows
        )
    )
    events[ORG_KEY] = [org for org, *_ in rows]
    return events


def test_a_move_across_the_start_of_the_period_counts_its_arrival() -> None:
    """Released 28/12/2025 (last year's forms counted it in C), received 03/01/2026: this
    year's B counts the arrival, so A is last year's D."""
    members = members_frame({"full_name": "Nguyễn Văn An", "birth_date": "1960-05-01"})
    members[ORG_KEY] = ["B"]
    events = _frames(
        [("A", "transfer_out", "2025-12-28", "internal"), ("B", "transfer_in", "2026-01-03", "internal")]
    )
    by_org = compute_period_by_org(
        members,
        events,
        form_period=(dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        orgs=("A", "B"),
        tiers={},
        no_candidates_left={},
    )
    b = by_org["B"]
    assert (b["period.transfer_in"], b["period.transfer_in.in_transit"], b["period.opening"]) == (1, 1, 0)
    # Both inside the period: no change.
    by_org = compute_period_by_org(
        members,
        events,
        form_period=(dt.date(2025, 12, 1), dt.date(2026, 3, 31)),
        orgs=("A", "B"),
        tiers={},
        no_candidates_left={},
    )
    assert by_org["B"]["period.transfer_in"] == by_org["A"]["period.transfer_out"] == 0
    assert by_org["A"]["period.opening"] + by_org["B"]["period.opening"] == 1


def test_the_ward_roll_counts_a_move_inside_it_only_when_both_sides_are_after_the_day() -> None:
    events = _frames(
        [("A", "transfer_out", "2025-06-28", "internal"), ("B", "transfer_in", "2025-07-03", "internal")]
    )
    moves = roll_moves_by_org(
        events, period_start=dt.date(2025, 1, 1), cutoff=dt.date(2025, 9, 30), orgs=["A", "B"]
    )
    # A has 0 at the cut-off, B has 1: at 30/06 the member was on neither roll.
    ward = [
        moves["A"].roll_at(0, day, ward=True) + moves["B"].roll_at(1, day, ward=True)
        for day in (dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 7, 3))
    ]
    assert ward == [1, 0, 1]
    # Only the departure in the files (30/06): it left the ward's roll.
    alone = roll_moves_by_org(
        events.iloc[:1], period_start=dt.date(2025, 1, 1), cutoff=dt.date(2025, 6, 30), orgs=["A"]
    )
    assert alone["A"].roll_at(0, dt.date(2025, 3, 31), ward=True) == 1
