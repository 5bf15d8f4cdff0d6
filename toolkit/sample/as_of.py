"""A sample organisation's submission as it would have been made at an earlier cut-off.

The history needs consolidations of one ward at two dates (the same period of last year, the
opening check): `as_of` takes an organisation's rows at its cut-off and gives the rows its
secretary would have sent at an earlier date `C` of the same change period:

- the roll at `C`: today's members, minus those who joined after `C` (their `Kết nạp`,
  `Kết nạp lại`, `Chuyển đến`, `Phục hồi đảng tịch` row is dated after it), plus those who
  left after `C` (a `Chuyển đi`, `Từ trần`, `Xóa tên`, `Khai trừ`, `Xin ra khỏi Đảng` row
  dated after it), back on the roll with plausible attributes (admitted at 18 years and a
  month, before the change period when their age allows it, else with their `Kết nạp` row);
- the `Biến động` rows dated on or before `C`;
- the `Số liệu năm` rows of the years up to `C`'s, `C`'s own year not rated yet unless `C`
  is its 31 December (the year has ended: its row is today's, as `year.unrated` expects);
- dates after `C` (official, exemption) not known yet: emptied.

So the roll reconstructed from today's submission at `C` is exactly the roll of the earlier
one, which is what the opening check expects of honest submissions.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from toolkit.core import layout
from toolkit.sample.dates import add_years
from toolkit.sample.rows import OrgRows, event_row, member_row, number_rows, year_row
from toolkit.stats.moves import JOIN_EVENTS, LEAVE_EVENTS


def _person(row: dict[str, Any]) -> tuple[str, dt.date]:
    return str(row["full_name"]), row["birth_date"]


def _back_on_roll(
    event: dict[str, Any], period_start: dt.date, cutoff: dt.date
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The member row of someone who left after `cutoff`, and their admission row when they
    were admitted inside the change period."""
    birth = event["birth_date"]
    admission = add_years(birth, 18) + dt.timedelta(days=31)
    if admission >= period_start:
        admitted = event_row(
            full_name=event["full_name"], birth_date=birth, event_type="admitted", event_date=admission
        )
    else:
        admission = min(admission, period_start - dt.timedelta(days=1))
        admitted = None
    official = add_years(admission, 1) + dt.timedelta(days=5)
    member = member_row(
        full_name=event["full_name"],
        birth_date=birth,
        gender="female" if " Thị " in f" {event['full_name']} " else "male",
        ethnicity="01",  # Kinh, no religion: most of the ward
        religion="none",
        admission_date=admission,
        official_date=official if official <= cutoff else None,
        gen_edu="upper_secondary",
        prof_level="none",
        theory_level="elementary",
        occupation="other",
    )
    return member, admitted


def _year(row: dict[str, Any], cutoff: dt.date) -> dict[str, Any]:
    if row["year"] < cutoff.year or (cutoff.month, cutoff.day) == (12, 31):
        return dict(row)  # a year ended by the cut-off (`validation.years.finished_years`)
    return year_row(row["year"])  # the cut-off's year: not rated, nobody trained yet


def as_of(org: OrgRows, cutoff: dt.date) -> OrgRows:
    """The submission of `org` at the earlier cut-off `cutoff` (module docstring)."""
    period_start = org.info["period_start"]
    if not period_start <= cutoff <= org.info["cutoff_date"]:
        raise ValueError(f"{cutoff} is not inside the change period of {org.organisation.org_code}")
    later = [e for e in org.events if e["event_date"] > cutoff]
    joined_later = {_person(e) for e in later if e["event_type"] in JOIN_EVENTS}
    members = []
    for row in org.members:
        if _person(row) in joined_later:
            continue
        member = dict(row)
        if member["official_date"] is not None and member["official_date"] > cutoff:
            member["official_date"], member["card_no"] = None, None
        if member["exempt_from"] is not None and member["exempt_from"] > cutoff:
            member["exempt_from"], member["exempt_reason"] = None, None
        members.append(member)
    events = [dict(e) for e in org.events if e["event_date"] <= cutoff]
    for leaver in (e for e in later if e["event_type"] in LEAVE_EVENTS):
        member, admitted = _back_on_roll(leaver, period_start, cutoff)
        members.append(member)
        if admitted is not None:
            events.append(admitted)
    members.sort(key=lambda m: (m["admission_date"], m["full_name"]))
    events.sort(key=lambda e: (e["event_date"], e["full_name"]))
    info = copy.deepcopy(org.info)
    info["cutoff_date"] = cutoff
    info["prepared_on"] = cutoff + dt.timedelta(days=3)
    years = [_year(y, cutoff) for y in org.years if y["year"] <= cutoff.year]
    assert set(info) <= set(layout.INFO.keys)
    return OrgRows(
        info=info,
        members=number_rows(members),
        events=number_rows(events),
        years=years,
        organisation=org.organisation,
    )
