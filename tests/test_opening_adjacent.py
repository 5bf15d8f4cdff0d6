"""The opening check between consecutive periods: a quarter recorded in the history, then the
next quarter, whose files start the day after its cut-off ("Số liệu từ ngày" 01/04/2026).

The roll at the end of 31/03/2026 is the second period's opening (every change after it is in
its files), so the record of that day checks it, as a record inside the change period would.
The same quarters show on `Xu hướng` the second one's year flows counted from its start.
A small ward of generated organisations, real files, the real pipeline and a real history.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from tests.helpers_sample import sample_orgs
from toolkit.core.model import ConsolidationResult
from toolkit.history.store import HistoryStore
from toolkit.outputs.publish import prepare, write_outputs
from toolkit.pipeline import consolidate
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows, Period, number_rows

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 6, 30))
Q1_END = dt.date(2026, 3, 31)
Q2_START = Q1_END + dt.timedelta(days=1)
WARD = "Phường Thử Nghiệm"


def _admitted_on_the_first_day(orgs: list[OrgRows]) -> None:
    """Move one admission of the second quarter to its first day (a change dated on the
    period's start belongs to the new period only)."""
    for org in orgs:
        for event in org.events:
            if event["event_type"] == "admitted" and Q2_START < event["event_date"] <= PERIOD.cutoff:
                person = (event["full_name"], event["birth_date"])
                member = next(m for m in org.members if (m["full_name"], m["birth_date"]) == person)
                event["event_date"] = member["admission_date"] = Q2_START
                return
    raise AssertionError("the sample has no admission in the second quarter")


def _starting(org: OrgRows, day: dt.date) -> OrgRows:
    """The submission of `org` for the period from `day` to its cut-off: the changes and
    years before `day` are not in it."""
    info = {**copy.deepcopy(org.info), "period_start": day}
    events = [dict(e) for e in org.events if e["event_date"] >= day]
    years = [dict(y) for y in org.years if y["year"] >= day.year]
    return OrgRows(
        info=info,
        members=copy.deepcopy(org.members),
        events=number_rows(events),
        years=years,
        organisation=org.organisation,
    )


def _run(orgs: list[OrgRows], folder: Path, cutoff: dt.date, since: dt.date, history: Path) -> dict:
    folder.mkdir(parents=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    result: ConsolidationResult = consolidate(
        [folder], cutoff=cutoff, since=since, ward_name=WARD, while_reading=prepare
    )
    out = folder.parent / f"{folder.name}.xlsx"
    write_outputs(result, out, out.with_suffix(".json"), history=history)
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def _row(summary: dict, form: str, key: str) -> dict:
    return next(r for r in summary["forms"][form] if r["row"] == key)


def _mismatches(summary: dict) -> list[dict]:
    return [i for i in summary["issues"] if i["code"] == "form.opening_mismatch"]


@pytest.fixture(scope="module")
def quarters(tmp_path_factory: pytest.TempPathFactory) -> dict:
    orgs = sample_orgs(16, [40, 55, 30], PERIOD)
    _admitted_on_the_first_day(orgs)
    return {
        "q1": [as_of(org, Q1_END) for org in orgs],
        "q2": [_starting(org, Q2_START) for org in orgs],
    }


def test_the_next_quarter_that_follows_from_the_last_closing_raises_nothing(
    quarters: dict, tmp_path: Path
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    q1 = _run(quarters["q1"], tmp_path / "q1", Q1_END, PERIOD.start, history)
    q2 = _run(quarters["q2"], tmp_path / "q2", PERIOD.cutoff, Q2_START, history)
    assert q2["form_period"] == [Q2_START.isoformat(), PERIOD.cutoff.isoformat()]
    # The new period's opening (Biểu 1 A, the roll at the start of 01/04) is the last closing.
    assert _row(q2, "bieu1", "A")["current"] == _row(q1, "bieu1", "D")["current"]
    assert _mismatches(q2) == []


def test_a_member_gone_without_a_change_row_is_caught_against_the_day_before(
    quarters: dict, tmp_path: Path
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _run(quarters["q1"], tmp_path / "q1", Q1_END, PERIOD.start, history)
    q2_orgs = copy.deepcopy(quarters["q2"])
    gone = q2_orgs[1]
    gone.members = number_rows(gone.members[1:])
    q2 = _run(q2_orgs, tmp_path / "q2", PERIOD.cutoff, Q2_START, history)
    found = _mismatches(q2)
    code = gone.organisation.org_code
    assert [i["org_code"] for i in found] == [code, None]  # the organisation, then the ward
    q1_record = HistoryStore(history).get(1)
    stored = next(o.indicators["members.total"] for o in q1_record.organisations if o.org_code == code)
    assert f"là {stored - 1}" in found[0]["message"] and f"ghi {stored}" in found[0]["message"]
    assert "31/03/2026" in found[0]["message"]


def test_the_trend_says_a_year_counted_from_a_period_start_inside_it(quarters: dict, tmp_path: Path) -> None:
    """The second quarter's admissions "in the year" count from 01/04/2026 (its files start
    there): `Xu hướng` names that day for its cut-off, not for the first quarter's."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _run(quarters["q1"], tmp_path / "q1", Q1_END, PERIOD.start, history)
    _run(quarters["q2"], tmp_path / "q2", PERIOD.cutoff, Q2_START, history)
    ws = openpyxl.load_workbook(tmp_path / "q2.xlsx")["Xu hướng"]
    texts = " ".join(c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str))
    assert "Ngày chốt 30/6/2026: kết nạp và đưa ra khỏi Đảng trong năm 2026 tính từ ngày 01/4/2026" in texts
    assert "Ngày chốt 31/3/2026" not in texts


def test_a_file_starting_after_the_day_after_says_its_difference_may_be_its_unlisted_changes(
    quarters: dict, tmp_path: Path
) -> None:
    """A file whose changes start on 01/05/2026 lacks its April changes: its roll at 31/03
    rebuilt from it differs from the stored one, and the check said "form.opening_mismatch"
    (missing or extra change rows) for the organisation and for the ward. It now says that the
    file's changes start later, so the changes between may explain it, and what to do; the
    ward, which it cannot be sure of, is not flagged."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _run(quarters["q1"], tmp_path / "q1", Q1_END, PERIOD.start, history)
    q2_orgs = copy.deepcopy(quarters["q2"])
    may = dt.date(2026, 5, 1)
    late = next(o for o in q2_orgs if any(Q2_START <= e["event_date"] < may for e in o.events))
    q2_orgs[q2_orgs.index(late)] = _starting(late, may)
    q2 = _run(q2_orgs, tmp_path / "q2", PERIOD.cutoff, Q2_START, history)
    assert _mismatches(q2) == []
    (said,) = [i for i in q2["issues"] if i["code"] == "form.opening_late_start"]
    assert said["org_code"] == late.organisation.org_code
    assert "tệp chỉ ghi biến động từ ngày 01/05/2026" in said["message"], said["message"]
    assert "hãy ghi ngày 01/04/2026 vào mục “Số liệu từ ngày”" in said["message"]
