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

from tests.helpers_sample import other_tone
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


def _period(
    members: pd.DataFrame, events: pd.DataFrame, form_period: tuple[dt.date, dt.date], orgs: tuple[str, ...]
) -> dict[str, Any]:
    return compute_period_by_org(
        members, events, form_period=form_period, orgs=orgs, tiers={}, no_candidates_left={}
    )


def test_a_move_across_the_start_of_the_period_counts_its_arrival() -> None:
    """Released 28/12/2025 (last year's forms counted it in C), received 03/01/2026: this
    year's B counts the arrival, so A is last year's D."""
    members = members_frame({"full_name": "Nguyễn Văn An", "birth_date": "1960-05-01"})
    members[ORG_KEY] = ["B"]
    events = _frames(
        [("A", "transfer_out", "2025-12-28", "internal"), ("B", "transfer_in", "2026-01-03", "internal")]
    )
    by_org = _period(members, events, (dt.date(2026, 1, 1), dt.date(2026, 3, 31)), ("A", "B"))
    b = by_org["B"]
    assert (b["period.transfer_in"], b["period.transfer_in.in_transit"], b["period.opening"]) == (1, 1, 0)
    # Both inside the period: no change.
    by_org = _period(members, events, (dt.date(2025, 12, 1), dt.date(2026, 3, 31)), ("A", "B"))
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


# --- hunt43 regress2 #1, #2, #3, #6 ---------------------------------------------------------


def test_a_move_across_the_cut_off_after_a_round_trip_is_still_in_transit(tmp_path: Path) -> None:
    """H01→H02 on 01/02, back H02→H01 on 01/04 (all four rows), then H01 releases the member on
    28/06 and H02 receives them on 03/07: the 28/06 out-row has no other side at 30/06 (the
    rows of the round trip are each other's), so it is in transit, as without the round trip."""
    h01, h02 = people(1, 5), people(2, 4)
    mover = h01[0]
    d = dt.date
    h01_rows = [
        change(mover, "transfer_out", d(2025, 2, 1), "internal"),
        change(mover, "transfer_in", d(2025, 4, 1), "internal"),
        change(mover, "transfer_out", LEFT, "internal"),
    ]
    h02_rows = [
        change(mover, "transfer_in", d(2025, 2, 1), "internal"),
        change(mover, "transfer_out", d(2025, 4, 1), "internal"),
    ]
    org_file(tmp_path / "q2", *H01, Q2, h01[1:], h01_rows)
    org_file(tmp_path / "q2", *H02, Q2, h02, h02_rows)
    q2 = consolidate(tmp_path, "q2", Q2, [H01, H02])
    assert biểu_1(q2) == (9, 0, 1, 8)  # was (8, 0, 0, 8): the member vanished
    ind = q2["indicators"]
    assert ind["period.transfer_out.in_transit"] == 1 and ind["period.transfer_in.in_transit"] == 0
    assert ind["period.transfer_out.internal"] == 2 and ind["period.transfer_in.internal"] == 2
    (unmatched,) = found(q2, "event.internal_transfer_unmatched")
    assert unmatched["org_code"] == "H01" and unmatched["message"].startswith("Dòng 4,")  # 28/06
    assert NOTE in sheet_text(tmp_path / "q2.xlsx")

    org_file(tmp_path / "q3", *H01, Q3, h01[1:], h01_rows)
    received = change(mover, "transfer_in", RECEIVED, "internal")
    org_file(tmp_path / "q3", *H02, Q3, [*h02, mover], [*h02_rows, received])
    q3 = consolidate(tmp_path, "q3", Q3, [H01, H02])
    assert biểu_1(q3) == (9, 0, 0, 9)
    assert opening_issues(q3) == []  # no false "the files were edited"
    assert found(q3, "event.internal_transfer_unmatched") == []


def _changes_only(
    events: pd.DataFrame, form_period: tuple[dt.date, dt.date], orgs: tuple[str, ...]
) -> dict[str, Any]:
    """The period's figures by organisation of `events` alone (no member on any roll)."""
    nobody = members_frame()
    nobody[ORG_KEY] = pd.Series(dtype=object)
    return _period(nobody, events, form_period, orgs)


def test_pairing_is_one_to_one_through_a_third_organisation() -> None:
    """A→C 01/02 and C→A 01/03, then A→B 28/06 with B's row after the cut-off: C's 01/02
    in-row is the first move's, not the third's."""
    events = _frames(
        [
            ("A", "transfer_out", "2025-02-01", "internal"),
            ("C", "transfer_in", "2025-02-01", "internal"),
            ("C", "transfer_out", "2025-03-01", "internal"),
            ("A", "transfer_in", "2025-03-01", "internal"),
            ("A", "transfer_out", "2025-06-28", "internal"),
        ]
    )
    by_org = _changes_only(events, (dt.date(2025, 1, 1), dt.date(2025, 6, 30)), ("A", "B", "C"))
    assert by_org["A"]["period.transfer_out.in_transit"] == 1
    assert sum(by_org[o]["period.opening"] for o in "ABC") == 1


def test_a_move_across_the_new_year_does_not_blame_a_new_chi_bo(tmp_path: Path) -> None:
    """Released 28/12/2024 (year-end run: in transit), received 03/01/2025: the new year's files
    hold only the arrival. With a new chi bộ H03 in Q1 the ward's roll at 31/12/2024 is rebuilt
    from the ward's changes: the arrival joined after that day, as Biểu 1 counts it."""
    h01, h02, h03 = people(1, 5), people(2, 4), people(3, 2)
    mover = h01[0]
    year_end = dt.date(2024, 12, 31)
    left = [change(mover, "transfer_out", dt.date(2024, 12, 28), "internal")]
    org_file(tmp_path / "y", *H01, year_end, h01[1:], left, since=dt.date(2024, 1, 1))
    org_file(tmp_path / "y", *H02, year_end, h02, since=dt.date(2024, 1, 1))
    assert biểu_1(consolidate(tmp_path, "y", year_end, [H01, H02])) == (9, 0, 1, 8)
    org_file(tmp_path / "q1", *H01, Q1, h01[1:])
    received = change(mover, "transfer_in", dt.date(2025, 1, 3), "internal")
    org_file(tmp_path / "q1", *H02, Q1, [*h02, mover], [received])
    arrivals = [change(m, "transfer_in", dt.date(2025, 2, 1), "other_province") for m in h03]
    org_file(tmp_path / "q1", *H03, Q1, h03, arrivals)
    q1 = consolidate(tmp_path, "q1", Q1, [H01, H02, H03])
    assert biểu_1(q1) == (8, 3, 0, 11)
    assert opening_issues(q1) == []  # was form.ward_opening_mismatch: 9 against 8, "check H03"


def test_a_name_typed_with_another_tone_says_so_and_claims_no_cut_off(tmp_path: Path) -> None:
    """Both rows of one move dated 01/05, H02's name typed with another tone (`other_tone`:
    neither name's marks within the other's, two people's to the tool, as to its warning). A
    stays the roll at the start; the note and the warning name the other causes, not only a
    move across a cut-off. (A name typed with fewer marks, without diacritics at all, is now
    the other side, hunt83 #4: `test_internal_transfer_accents`.)"""
    h01, h02 = people(1, 5), people(2, 4)
    mover = h01[0]
    toned = other_tone(mover["full_name"])
    assert toned is not None
    typed = {**mover, "full_name": toned}
    day = dt.date(2025, 5, 1)
    org_file(tmp_path / "q2", *H01, Q2, h01[1:], [change(mover, "transfer_out", day, "internal")])
    org_file(tmp_path / "q2", *H02, Q2, [*h02, typed], [change(typed, "transfer_in", day, "internal")])
    q2 = consolidate(tmp_path, "q2", Q2, [H01, H02])
    assert biểu_1(q2)[0] == biểu_1(q2)[3] == 9
    text = sheet_text(tmp_path / "q2.xlsx")
    assert "ghi họ tên hoặc ngày sinh khác, hoặc tệp của tổ chức kia không được tổng hợp" in text
    warnings = found(q2, "event.internal_transfer_unmatched")
    assert len(warnings) == 2
    for w in warnings:
        assert "họ tên và ngày sinh ở hai dòng (phải ghi giống nhau, đủ dấu)" in w["message"]
        assert "không tệp nào khác" not in w["message"]
        assert unicodedata.is_normalized("NFC", w["message"])


def test_a_record_counted_before_in_transit_moves_raises_no_opening_change(tmp_path: Path) -> None:
    """The 30/06 record was written by a version that counted every internal side as no change
    (no `period.transfer_*.in_transit`, A = 8): the 30/09 run's A = 9 differs for that reason
    only, and no file changed."""
    import json
    import sqlite3

    h01, h02 = people(1, 5), people(2, 4)
    mover = h01[0]
    out_row = change(mover, "transfer_out", LEFT, "internal")
    org_file(tmp_path / "q2", *H01, Q2, h01[1:], [out_row])
    org_file(tmp_path / "q2", *H02, Q2, h02)
    assert biểu_1(consolidate(tmp_path, "q2", Q2, [H01, H02])) == (9, 0, 1, 8)
    db = sqlite3.connect(tmp_path / "lich_su_tong_hop.sqlite")
    try:
        (row_id, stored), *_ = db.execute("SELECT id, indicators FROM consolidation").fetchall()
        old = json.loads(stored)
        for kind in ("transfer_in", "transfer_out"):
            del old[f"period.{kind}.in_transit"]
        old.update({"period.opening": 8, "period.transfer_out": 0, "period.transfer_out.internal": 1})
        db.execute("UPDATE consolidation SET indicators = ? WHERE id = ?", (json.dumps(old), row_id))
        db.commit()
    finally:
        db.close()
    org_file(tmp_path / "q3", *H01, Q3, h01[1:], [out_row])
    org_file(tmp_path / "q3", *H02, Q3, [*h02, mover], [change(mover, "transfer_in", RECEIVED, "internal")])
    q3 = consolidate(tmp_path, "q3", Q3, [H01, H02])
    assert biểu_1(q3) == (9, 0, 0, 9)
    assert opening_issues(q3) == []


def test_a_row_without_a_scope_is_the_other_side_of_one_move_only(tmp_path: Path) -> None:
    """H01 and H03 each record the same member leaving `Trong Đảng bộ phường` (01/02 and 03/02,
    a duplicate); H02, on template 2026.1 (no scope column), received them on 02/02.
    Consolidation pairs H02's row with one departure only and counts the other in transit
    (C.5): that row has its warning, as when H02 says the scope (hunt43 regress3 #1)."""
    h01, h02, h03 = people(1, 5), people(2, 4), people(3, 3)
    mover = h01[0]
    d = dt.date
    org_file(tmp_path / "q1", *H01, Q1, h01[1:], [change(mover, "transfer_out", d(2025, 2, 1), "internal")])
    org_file(tmp_path / "q1", *H03, Q1, h03, [change(mover, "transfer_out", d(2025, 2, 3), "internal")])
    received = change(mover, "transfer_in", d(2025, 2, 2), None)
    org_file(tmp_path / "q1", *H02, Q1, [*h02, mover], [received], version="2026.1")
    q1 = consolidate(tmp_path, "q1", Q1, [H01, H02, H03])
    assert q1["indicators"]["period.transfer_out.in_transit"] == 1
    (unmatched,) = found(q1, "event.internal_transfer_unmatched")  # was none
    assert unmatched["org_code"] == "H03" and unmatched["message"].startswith("Dòng 2,")
    (inferred,) = found(q1, "event.transfer_scope_inferred")
    assert inferred["org_code"] == "H02"


def test_a_third_side_after_a_round_trip_with_a_2026_1_partner_has_its_warning(tmp_path: Path) -> None:
    """H01 (2026.2): out 01/02, in 01/03, out 25/03, all inside the ward; H02 (2026.1, no scope)
    has the in-row of 01/02 and the out-row of 01/03 and receives the member after the
    cut-off. The 25/03 row is in transit (C.5) and has its warning (hunt43 regress3 #1)."""
    h01, h02 = people(1, 5), people(2, 4)
    mover = h01[0]
    d = dt.date
    h01_rows = [
        change(mover, "transfer_out", d(2025, 2, 1), "internal"),
        change(mover, "transfer_in", d(2025, 3, 1), "internal"),
        change(mover, "transfer_out", d(2025, 3, 25), "internal"),
    ]
    h02_rows = [
        change(mover, "transfer_in", d(2025, 2, 1), None),
        change(mover, "transfer_out", d(2025, 3, 1), None),
    ]
    org_file(tmp_path / "q1", *H01, Q1, h01[1:], h01_rows)
    org_file(tmp_path / "q1", *H02, Q1, h02, h02_rows, version="2026.1")
    q1 = consolidate(tmp_path, "q1", Q1, [H01, H02])
    assert biểu_1(q1) == (9, 0, 1, 8)
    assert q1["indicators"]["period.transfer_out.in_transit"] == 1
    (unmatched,) = found(q1, "event.internal_transfer_unmatched")  # was none
    assert unmatched["org_code"] == "H01" and unmatched["message"].startswith("Dòng 4,")  # 25/03


def test_an_arrival_is_not_paired_with_a_departure_dated_after_it(tmp_path: Path) -> None:
    """H01: out 01/03 (row 2), in 12/04 (row 3), out 13/04 (row 4); H02 records the arrival
    late, 10/04 (row 2), and the way back 11/04 (row 3), and receives the member again after
    30/06. The 10/04 arrival is the 01/03 departure's, not the 13/04 one's (three days after
    it): the 13/04 row is in transit, and the quarter counts the member joining from transit
    (B.2) and leaving into it (C.5) (hunt43 regress3 #2)."""
    rows = [
        ("H01", "transfer_out", "2025-03-01", "internal"),
        ("H02", "transfer_in", "2025-04-10", "internal"),
        ("H02", "transfer_out", "2025-04-11", "internal"),
        ("H01", "transfer_in", "2025-04-12", "internal"),
        ("H01", "transfer_out", "2025-04-13", "internal"),
    ]
    by_org = _changes_only(_frames(rows), (dt.date(2025, 4, 1), Q2), ("H01", "H02"))
    assert (by_org["H02"]["period.transfer_in"], by_org["H01"]["period.transfer_out"]) == (1, 1)  # was 0, 0

    h01, h02 = people(1, 5), people(2, 4)
    mover = h01[0]
    made = {
        org: [
            change(mover, kind, dt.date.fromisoformat(day), scope) for o, kind, day, scope in rows if o == org
        ]
        for org in ("H01", "H02")
    }
    org_file(tmp_path / "q2", *H01, Q2, h01[1:], made["H01"])
    org_file(tmp_path / "q2", *H02, Q2, h02, made["H02"])
    q2 = consolidate(tmp_path, "q2", Q2, [H01, H02])
    assert biểu_1(q2) == (9, 0, 1, 8)
    (unmatched,) = found(q2, "event.internal_transfer_unmatched")
    assert unmatched["org_code"] == "H01" and unmatched["message"].startswith("Dòng 4,")  # was row 2


def test_the_ward_check_explains_the_figure_it_gives(tmp_path: Path) -> None:
    """Q1 12 (H01 5, H02 4, H03 3); in Q2 H03 is merged into H01 (its file and registry line
    gone) and H01 records 2 of its 3 members arriving 15/05 inside the ward. The warning gives
    11, the arrivals counted as on the roll on 31/03: its parenthesis says so, and the next
    sentence gives 9 (hunt43 regress3 #3)."""
    h01, h02, h03 = people(1, 5), people(2, 4), people(3, 3)
    for org, members in ((H01, h01), (H02, h02), (H03, h03)):
        org_file(tmp_path / "q1", *org, Q1, members)
    consolidate(tmp_path, "q1", Q1, [H01, H02, H03])
    arrivals = [change(m, "transfer_in", dt.date(2025, 5, 15), "internal") for m in h03[:2]]
    org_file(tmp_path / "q2", *H01, Q2, h01 + h03[:2], arrivals)
    org_file(tmp_path / "q2", *H02, Q2, h02)
    q2 = consolidate(tmp_path, "q2", Q2, [H01, H02])
    (warning,) = found(q2, "form.ward_opening_mismatch")
    message = warning["message"]
    assert warning["value"] == "11"
    assert "tính lại từ các tệp kỳ này là 11 (" in message
    assert (
        "còn người chuyển đến trong Đảng bộ phường sau ngày đó mà các tệp kỳ này không có dòng "
        "chuyển đi tương ứng thì được tính là đã ở trong phường vào ngày đó)" in message
    )
    assert "vào ngày đó không có trong danh sách nào)" not in message  # was: describing 9
    assert "số tính lại là 9, vẫn khác 12." in message
    assert unicodedata.is_normalized("NFC", message)


def test_a_chain_of_moves_with_arrivals_dated_first_pairs_each_move_with_its_own_rows() -> None:
    """H01→H02→H03, each receiving chi bộ dating the arrival a day or two before the sender's
    departure: preferring any possible pair paired H01's departure (02/02) with H03's arrival
    (01/05), leaving H02's two rows without a partner, so a member who never left the ward was
    counted in B.2 and C.5 (hunt43 regress4 #1). Each side now pairs with its neighbour on the
    member's timeline."""
    events = _frames(
        [
            ("H01", "transfer_out", "2025-02-02", "internal"),
            ("H02", "transfer_in", "2025-02-01", "internal"),
            ("H02", "transfer_out", "2025-05-03", "internal"),
            ("H03", "transfer_in", "2025-05-01", "internal"),
        ]
    )
    by_org = _changes_only(events, (dt.date(2025, 1, 1), dt.date(2025, 6, 30)), ("H01", "H02", "H03"))
    assert [by_org[o]["period.transfer_in"] + by_org[o]["period.transfer_out"] for o in by_org] == [0, 0, 0]
    assert sum(by_org[o]["period.transfer_in.in_transit"] for o in by_org) == 0
    assert [by_org[o]["period.transfer_out.internal"] for o in ("H01", "H02", "H03")] == [1, 1, 0]
