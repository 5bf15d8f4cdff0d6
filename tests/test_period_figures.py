"""Figures across periods: the report's comparison with last year, the sums a mean needs, and
the dated joins and departures the opening check reconstructs a roll from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from tests.helpers_history import consolidated_into, run_cli
from tests.helpers_report import sample_summary
from tests.helpers_sample import sample_orgs
from toolkit.core import layout
from toolkit.outputs.report import HEADING_COMPARED, report_sections
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import Period
from toolkit.stats.grouped import ORG_KEY, compute_indicators_by_org
from toolkit.stats.indicators import compute_org_indicators
from toolkit.stats.moves import roll_moves_by_org


def _with_last_year(**changes: int) -> dict:
    summary = sample_summary()
    before = {**summary["indicators"], **changes}
    summary["previous"] = {
        "run_id": "r-2025",
        "cutoff_date": "2025-03-31",
        "period_start": "2020-01-01",
        "form_period": ["2025-01-01", "2025-03-31"],
        "indicators": before,
    }
    return summary


def test_the_report_compares_with_the_same_period_last_year() -> None:
    summary = _with_last_year()
    now = summary["indicators"]
    before = summary["previous"]["indicators"]
    before["members.total"] = now["members.total"] - 40
    # The forms' figures of the two periods (Biểu 1 "Kết nạp" = admitted + readmitted).
    now.update({"period.admitted": 14, "period.readmitted": 1})
    before.update({"period.admitted": 6, "period.readmitted": 1, "changes.admissions.2025": 9})
    for key in ("expelled", "struck_off", "resigned"):
        now[f"period.{key}"] = before[f"period.{key}"] = 1
    (section,) = [s for s in report_sections(summary) if s.title == HEADING_COMPARED]
    text = section.paragraphs[0]
    assert text.startswith("So với cùng kỳ năm trước (số liệu đến ngày 31/3/2025), tổng số đảng viên là ")
    assert "tăng 40 đồng chí" in text
    flows = "Từ đầu năm đến ngày chốt số liệu: kết nạp 15 (cùng kỳ 07); đưa ra khỏi Đảng 03 (cùng kỳ 03)."
    assert flows in text


def test_a_decrease_and_no_change_are_said_as_such() -> None:
    summary = _with_last_year()
    summary["previous"]["indicators"]["members.total"] = summary["indicators"]["members.total"] + 3
    text = next(s for s in report_sections(summary) if s.title == HEADING_COMPARED).paragraphs[0]
    assert "giảm 03 đồng chí" in text
    summary["previous"]["indicators"]["members.total"] = summary["indicators"]["members.total"]
    text = next(s for s in report_sections(summary) if s.title == HEADING_COMPARED).paragraphs[0]
    assert "không đổi" in text


def test_a_last_year_of_some_organisations_only_is_said() -> None:
    summary = _with_last_year(**{"orgs.registered": 72, "orgs.consolidated": 65})
    text = next(s for s in report_sections(summary) if s.title == HEADING_COMPARED).paragraphs[0]
    assert (
        "nhưng số liệu cùng kỳ năm trước chỉ gồm 65/72 tổ chức (lần tổng hợp đó thiếu 7 tổ chức), nên "
        "hai số này không cùng phạm vi, không dùng để tính tăng, giảm" in text
    )
    whole = _with_last_year(**{"orgs.registered": 72, "orgs.consolidated": 72})
    text = next(s for s in report_sections(whole) if s.title == HEADING_COMPARED).paragraphs[0]
    assert "không cùng phạm vi" not in text


def test_without_last_year_there_is_no_comparison() -> None:
    assert HEADING_COMPARED not in [s.title for s in report_sections(sample_summary())]
    summary = sample_summary()
    summary["previous"] = None
    assert HEADING_COMPARED not in [s.title for s in report_sections(summary)]


def _members(births: list[str | None], org: str = "A") -> pd.DataFrame:
    n = len(births)
    frame = pd.DataFrame({key: [None] * n for key in (*layout.MEMBERS.keys, "_row")})
    frame["birth_date"] = pd.to_datetime(pd.Series(births, dtype=object))
    frame["official_date"] = pd.to_datetime(pd.Series(["2010-01-01"] * n))
    frame["exempt_from"] = pd.to_datetime(pd.Series([None] * n, dtype=object))
    frame["gender"] = "male"
    frame[ORG_KEY] = org
    return frame


def test_the_mean_age_keeps_the_sums_it_is_made_of() -> None:
    # At 31/03/2026: 40 (born 01/01/1986), 35 (born 31/03/1991, birthday today), 29 (born
    # 01/04/1996, birthday tomorrow); one unknown birth date is not counted.
    members = _members(["1986-01-01", "1991-03-31", "1996-04-01", None])
    empty_events = pd.DataFrame(columns=[*layout.EVENTS.keys, "_row", ORG_KEY])
    empty_years = pd.DataFrame(columns=[*layout.YEARS.keys, "_row", ORG_KEY])
    cutoff, start = dt.date(2026, 3, 31), dt.date(2026, 1, 1)
    mine = compute_org_indicators(members, None, None, cutoff=cutoff, period_start=start)
    assert (mine["members.age_sum"], mine["members.age_known"], mine["members.age_mean"]) == (104, 3, 34.7)
    grouped = compute_indicators_by_org(
        members, empty_events, empty_years, cutoff=cutoff, period_start=start, orgs=["A"]
    )["A"]
    assert (grouped["members.age_sum"], grouped["members.age_known"]) == (104, 3)


def _events(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_type": [r[1] for r in rows],
            "event_date": pd.to_datetime(pd.Series([r[2] for r in rows], dtype=object)),
            ORG_KEY: np.array([r[0] for r in rows], dtype=object),
        }
    )


def test_joins_and_departures_are_dated_inside_the_change_period_only() -> None:
    events = _events(
        [
            ("A", "admitted", "2025-01-01"),  # the first day of the period: inside
            ("A", "transfer_in", "2026-03-31"),  # the cut-off: inside
            ("A", "readmitted", "2024-12-31"),  # before the period: outside
            ("A", "restored", "2026-04-01"),  # after the cut-off: outside
            ("A", "died", "2025-06-30"),
            ("B", "transfer_out", "2025-07-01"),
            ("B", "struck_off", None),  # no date: nothing to place it by
            ("C", "resigned", "2025-02-02"),  # not one of the organisations asked for
        ]
    )
    moves = roll_moves_by_org(
        events, period_start=dt.date(2025, 1, 1), cutoff=dt.date(2026, 3, 31), orgs=["A", "B", "D"]
    )
    assert moves["A"].joins == (dt.date(2025, 1, 1), dt.date(2026, 3, 31))
    assert moves["A"].leaves == (dt.date(2025, 6, 30),)
    assert moves["B"].joins == () and moves["B"].leaves == (dt.date(2025, 7, 1),)
    assert moves["D"].joins == () == moves["D"].leaves
    assert set(moves) == {"A", "B", "D"}
    # A had 10 at the cut-off: at 31/03/2025, without the transfer in, with the member who died.
    assert moves["A"].roll_at(10, dt.date(2025, 3, 31)) == 10 - 1 + 1


def test_transfers_inside_the_ward_and_of_unknown_scope_are_marked() -> None:
    """The ward's share of a roll leaves the transfers inside the ward out only when their other
    side is in the files: an arrival or a departure whose other side is in no file is the
    ward's join or departure, as Biểu 1 counts it (hunt43 history #1, regress2 #2), the
    arrivals also kept apart (`transit_joins`: the ward check accepts them either way);
    transfers without a scope (template 2026.1) are counted as the ward's changes, and said
    apart."""
    rows = [
        ("A", "transfer_in", "2025-05-01", "internal"),
        ("A", "transfer_in", "2025-05-01", "internal"),
        ("A", "transfer_in", "2025-05-02", "same_province"),
        ("A", "transfer_in", "2025-05-03", None),
        ("A", "transfer_out", "2025-06-01", "internal"),
        ("A", "died", "2025-06-02", None),
    ]
    events = _events([r[:3] for r in rows])
    events["transfer_scope"] = pd.Series([r[3] for r in rows], dtype=object)
    moves = roll_moves_by_org(
        events, period_start=dt.date(2025, 1, 1), cutoff=dt.date(2025, 6, 30), orgs=["A"]
    )["A"]
    assert moves.internal_joins == () and moves.internal_leaves == ()
    assert moves.transit_joins == (dt.date(2025, 5, 1),) * 2
    assert moves.unscoped_joins == (dt.date(2025, 5, 3),) and moves.unscoped_leaves == ()
    day = dt.date(2025, 3, 31)
    assert moves.roll_at(10, day) == 10 - 4 + 2
    assert moves.roll_at(10, day, ward=True) == 10 - 4 + 2
    assert moves.transit_joins_after(day) == 2
    assert moves.unscoped_after(day) == (1, 0)
    assert moves.unscoped_after(dt.date(2025, 5, 3)) == (0, 0)


def test_the_change_of_the_roll_is_a_prose_share(tmp_path: Path) -> None:
    """The change since last year is written as every prose share is, two decimals at most and
    no trailing zeros: "tăng 02 đồng chí (10%)", never "(10,00%)". Two runs of the real CLI into
    one history (last year's without the second organisation's file), then `report`."""
    period = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
    orgs = sample_orgs(3, [20, 2], period)
    history = tmp_path / "lich_su.sqlite"
    for label, cutoff, submitted in (
        ("last", dt.date(2025, 3, 31), [as_of(orgs[0], dt.date(2025, 3, 31))]),
        ("now", period.cutoff, orgs),
    ):
        folder = tmp_path / label
        folder.mkdir()
        for org in submitted:
            org.write(folder / f"{org.organisation.org_code}.xlsx")
        summary = consolidated_into(folder, cutoff, history, tmp_path / f"{label}.xlsx")
    assert summary["previous"]["indicators"]["members.total"] == 20
    assert summary["indicators"]["members.total"] == 22
    out = tmp_path / "bao_cao.md"
    assert run_cli("report", tmp_path / "now.json", "-o", out).exit_code == 0
    assert "tổng số đảng viên là 22 đồng chí, tăng 02 đồng chí (10%) so với 20 đồng chí" in out.read_text(
        encoding="utf-8"
    )
