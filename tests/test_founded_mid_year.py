"""An organisation founded mid-year (hunt199 F5 leftover, h205): its file states its founding
date as `Số liệu từ ngày` (01/04/2026) in a ward run from 01/01/2020 to 30/06/2026, its registry
row holding targets for every year of the run.

With its founding date, its only warning is `org.period_start_differs` (no `year.missing` for
the years before its founding: the file's own period starts then). That warning advises writing
the ward's start instead, no change row added; followed, the file gets `year.missing` for the
years before its founding and one `event.admission_missing` per member admitted before it
(admitted elsewhere, before it existed): the warning now says both are no gap, the second with
its number of members (it said no change row was needed, and then a `Kết nạp` row was asked
for each). Real workbooks of the branch template."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from tests.helpers_sample import sample_orgs
from toolkit.core.model import ConsolidationResult, Issue, Registry, Submission
from toolkit.pipeline import consolidate, period_start_issue
from toolkit.sample.rows import OrgRows, Period, number_rows

PERIOD = Period(dt.date(2020, 1, 1), dt.date(2026, 6, 30))
FOUNDED = dt.date(2026, 4, 1)


@pytest.fixture(scope="module")
def orgs() -> list[OrgRows]:
    return sample_orgs(41, [30, 25, 20], PERIOD, prefix="P")


def _founded(org: OrgRows, stated: dt.date) -> OrgRows:
    """The file of `org` founded on `FOUNDED`: no change nor year before it, `stated` as its
    `Số liệu từ ngày`."""
    return dataclasses.replace(
        org,
        info={**org.info, "period_start": stated},
        events=number_rows([dict(e) for e in org.events if e["event_date"] >= FOUNDED]),
        years=[y for y in org.years if y["year"] >= FOUNDED.year],
    )


def _run(folder: Path, orgs: list[OrgRows]) -> ConsolidationResult:
    folder.mkdir(parents=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    registry = Registry(
        [dataclasses.replace(o.organisation, targets=dict.fromkeys(range(2020, 2027), 1)) for o in orgs]
    )
    result = consolidate([folder], cutoff=PERIOD.cutoff, since=PERIOD.start, registry=registry)
    assert not [i for i in result.issues if i.is_error], [i.code for i in result.issues if i.is_error]
    assert all(o.status == "consolidated" for o in result.organisations)
    return result


def _of(result: ConsolidationResult, code: str) -> list[Issue]:
    return [i for i in result.issues if i.org_code == code or (i.file or "").startswith(code)]


def test_a_mid_year_organisation_is_told_of_every_warning_the_advice_gives_it(
    tmp_path: Path, orgs: list[OrgRows]
) -> None:
    new = orgs[0]
    before = [m for m in new.members if PERIOD.start <= m["admission_date"] < FOUNDED]
    assert before  # members admitted elsewhere, before it existed, who came at its founding

    result = _run(tmp_path / "ngay_thanh_lap", [_founded(new, FOUNDED), *orgs[1:]])
    (issue,) = _of(result, "P01")  # no `year.missing`, nothing else
    assert issue.code == "org.period_start_differs"
    assert (
        "Sheet “Số liệu năm” chỉ cần các năm từ năm thành lập (2026): cảnh báo thiếu dòng của các năm "
        "2020–2025, trước khi tổ chức được thành lập" in issue.message
    )
    assert (
        f" Khi đó, {len(before)} đảng viên của sheet “Đảng viên” vào Đảng từ ngày 01/01/2020 đến trước "
        "ngày 01/04/2026 đã được kết nạp ở tổ chức khác, trước khi tổ chức này được thành lập: khi tệp "
        "ghi 01/01/2020, cảnh báo thiếu dòng “Kết nạp” của những đảng viên ấy không phải thiếu sót và "
        "không cần thêm các dòng ấy." in issue.message
    )
    assert "ký tự)" not in issue.message  # no parameter cut (`MAX_PARAM_CHARS`)
    for member in new.members:  # a number only: no member's name in it
        assert member["full_name"] not in issue.message

    # The advice followed: its warnings are those the message named, and only those.
    followed = _run(tmp_path / "theo_loi_khuyen", [_founded(new, PERIOD.start), *orgs[1:]])
    said = _of(followed, "P01")
    assert sorted({i.code for i in said}) == ["event.admission_missing", "year.missing"]
    (years,) = [i for i in said if i.code == "year.missing"]
    assert years.value == "2020, 2021, 2022, 2023, 2024, 2025"
    assert len([i for i in said if i.code == "event.admission_missing"]) == len(before)
    assert followed.indicators == result.indicators


def test_no_sentence_of_admissions_when_no_member_was_admitted_before_the_founding(
    tmp_path: Path, orgs: list[OrgRows]
) -> None:
    new = orgs[0]
    # Without the members admitted before its founding: every member was admitted before 2020.
    kept = [dict(m) for m in new.members if not PERIOD.start <= m["admission_date"] < FOUNDED]
    new = dataclasses.replace(new, members=number_rows(kept))
    result = _run(tmp_path / "ngay_thanh_lap", [_founded(new, FOUNDED), *orgs[1:]])
    (issue,) = _of(result, "P01")
    assert issue.code == "org.period_start_differs"
    assert "Nếu tổ chức này mới được thành lập (từ ngày 01/04/2026)" in issue.message
    assert "đã được kết nạp ở tổ chức khác" not in issue.message


def test_a_count_of_a_thousand_admissions_or_more_has_its_thousands_dot() -> None:
    # An Đảng bộ cơ sở of 1.234 members admitted since the ward's start, before its founding:
    # its number as every count of the messages is written (`vnformat.number`, review207).
    members = pd.DataFrame(
        {
            "admission_date": pd.to_datetime(
                [dt.date(2021, 1, 1) + dt.timedelta(days=i % 1500) for i in range(1234)]
            )
        }
    )
    members["full_name"] = [f"Nguyễn Văn Số {i}" for i in range(1234)]
    members["birth_date"] = pd.Timestamp(1990, 1, 1)
    events = pd.DataFrame({"full_name": [], "birth_date": [], "event_type": []})
    sub = Submission(
        Path("P09.xlsx"), "0" * 64, info={"period_start": FOUNDED}, members=members, events=events
    )
    issue = period_start_issue(sub, PERIOD.start, cutoff=PERIOD.cutoff, org_code="P09")
    assert issue is not None
    assert " Khi đó, 1.234 đảng viên của sheet “Đảng viên” vào Đảng từ ngày 01/01/2020" in issue.message


def test_a_member_who_came_with_a_joining_row_is_not_counted(tmp_path: Path, orgs: list[OrgRows]) -> None:
    """h252: a member admitted before the founding who came with a joining row (“Chuyển đến” at
    the founding) gets no `event.admission_missing` once the advice is followed, yet was
    counted: the sentence named more members than the warnings it explained."""
    new = orgs[0]
    before = [m for m in new.members if PERIOD.start <= m["admission_date"] < FOUNDED]
    came = before[0]
    joined = {
        "full_name": came["full_name"],
        "birth_date": came["birth_date"],
        "event_type": "transfer_in",
        "event_date": FOUNDED,
        "strike_ground": None,
        "transfer_scope": "same_province",
        "was_probationary": None,
        "decision_no": "12-QĐ/ĐU ngày 01/04/2026",
        "note": None,
    }

    def founded(stated: dt.date) -> OrgRows:
        org = _founded(new, stated)
        return dataclasses.replace(org, events=number_rows([joined, *[dict(e) for e in org.events]]))

    result = _run(tmp_path / "ngay_thanh_lap", [founded(FOUNDED), *orgs[1:]])
    (issue,) = _of(result, "P01")
    assert issue.code == "org.period_start_differs"
    said = f" Khi đó, {len(before) - 1} đảng viên của sheet “Đảng viên” vào Đảng từ ngày 01/01/2020"
    assert said in issue.message
    followed = _run(tmp_path / "theo_loi_khuyen", [founded(PERIOD.start), *orgs[1:]])
    missing = [i for i in _of(followed, "P01") if i.code == "event.admission_missing"]
    assert len(missing) == len(before) - 1
    assert result.indicators == followed.indicators


def _counted(events: pd.DataFrame) -> str:
    """The sentence of two members admitted in 2021 (Lê Văn A and Lê Văn B, born 1990) of a
    file founded on `FOUNDED` with `events`."""
    members = pd.DataFrame(
        {
            "full_name": ["Lê Văn A", "Lê Văn B"],
            "birth_date": pd.to_datetime([dt.date(1990, 1, 1)] * 2),
            "admission_date": pd.to_datetime([dt.date(2021, 5, 1)] * 2),
        }
    )
    sub = Submission(
        Path("P09.xlsx"), "0" * 64, info={"period_start": FOUNDED}, members=members, events=events
    )
    issue = period_start_issue(sub, PERIOD.start, cutoff=PERIOD.cutoff, org_code="P09")
    assert issue is not None
    return issue.message


def test_a_joining_row_without_a_birth_date_is_not_counted_as_the_warning_is_not_said_beside_it() -> None:
    rows = {"full_name": ["lê  văn a"], "event_type": ["transfer_in"]}
    assert " Khi đó, 1 đảng viên" in _counted(pd.DataFrame({**rows, "birth_date": [pd.NaT]}))
    # Another person's birth date: not theirs, both counted; a leaving row brings no one.
    other = pd.DataFrame({**rows, "birth_date": pd.to_datetime([dt.date(1991, 1, 1)])})
    assert " Khi đó, 2 đảng viên" in _counted(other)
    left = {
        "full_name": ["Lê Văn A"],
        "event_type": ["died"],
        "birth_date": pd.to_datetime([dt.date(1990, 1, 1)]),
    }
    assert " Khi đó, 2 đảng viên" in _counted(pd.DataFrame(left))
