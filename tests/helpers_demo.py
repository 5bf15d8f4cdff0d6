"""Shared expectations for the sample-ward tests: the reference report's figures, typed in
from the report itself (see docs/reference-report.md; not imported from the code under test),
and an independent check of the validation rules (see docs/design.md) on the in-memory rows.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any

from toolkit.core import layout, vocab
from toolkit.sample.dates import add_years, age_on

# Section II.2 of the report, in percent; every share is checked on all members on the roll.
REPORT_SHARES: dict[str, float] = {
    "members.gen_edu.upper_secondary": 76.2,
    "members.gen_edu.lower_secondary": 23.8,
    "members.prof.intermediate_plus": 62.5,
    "members.prof.university_plus": 37.5,
    "members.theory.advanced_bachelor": 5.7,
    "members.theory.intermediate": 36.2,
    "members.theory.elementary": 58.1,
    "members.gender.male": 62.25,
    "members.gender.female": 37.75,
    "members.age_report.lt30": 8.9,
    "members.age_report.30_50": 45.22,
    "members.age_report.gt50": 45.88,
    "members.occupation_group.civil_servants": 9.66,
    "members.occupation_group.enterprise": 38.5,
    "members.occupation_group.farmer_freelance_retired_other": 49.64,
    "members.occupation_group.armed_forces": 2.2,
}

# Counts the report states (sections I, II.2, II.4, II.5).
REPORT_COUNTS: dict[str, int] = {
    "orgs.registered": 72,
    "orgs.tier.dang_bo_co_so": 11,
    "orgs.tier.chi_bo_co_so": 2,
    "orgs.tier.chi_bo_truc_thuoc": 59,
    "orgs.sector.su_nghiep": 15,
    "orgs.sector.co_quan": 2,
    "orgs.sector.luc_luong_vu_trang": 2,
    "orgs.sector.to_dan_pho": 37,
    "orgs.sector.doanh_nghiep": 16,
    "members.total": 4216,
    "members.full": 4091,
    "members.probationary": 125,
    "members.exempt": 725,
    "changes.struck_off.total": 6,
    "changes.expelled.total": 2,
    "changes.admissions.q1": 15,
    "targets.2026": 113,
}
REPORT_TARGET_RATE_2026 = 0.1327
REPORT_NEW_MEMBERS_TRAINED = 82
REPORT_CANDIDATES_TRAINED = 80
PERIOD_YEARS = tuple(range(2020, 2027))
RATED_YEARS = tuple(range(2020, 2026))  # 2026 is not over at the cut-off: no ratings yet

LEAVING = set(vocab.LEAVING_EVENTS)


def member_indicators(members: Iterable[dict[str, Any]], cutoff: dt.date) -> dict[str, int]:
    """The member counts of the statistics computed by hand from rows (codes, dates)."""
    rows = list(members)
    out: Counter[str] = Counter()
    out["members.total"] = len(rows)
    for m in rows:
        full = m["official_date"] is not None and m["official_date"] <= cutoff
        out["members.full" if full else "members.probationary"] += 1
        out[f"members.gender.{m['gender']}"] += 1
        age = age_on(m["birth_date"], cutoff)
        band = "lt30" if age < 30 else "30_50" if age <= 50 else "gt50"
        out[f"members.age_report.{band}"] += 1
        out[f"members.gen_edu.{m['gen_edu']}"] += 1
        out[f"members.prof.{m['prof_level']}"] += 1
        if m["prof_level"] in vocab.PROF_INTERMEDIATE_PLUS:
            out["members.prof.intermediate_plus"] += 1
        if m["prof_level"] in vocab.PROF_UNIVERSITY_PLUS:
            out["members.prof.university_plus"] += 1
        out[f"members.theory.{m['theory_level']}"] += 1
        if m["theory_level"] in vocab.THEORY_ADVANCED_BACHELOR:
            out["members.theory.advanced_bachelor"] += 1
        group = vocab.OCCUPATION.term(m["occupation"]).group
        out[f"members.occupation_group.{group}"] += 1
        if m["exempt_from"] is not None and m["exempt_from"] <= cutoff:
            out["members.exempt"] += 1
            out[f"members.exempt_reason.{m['exempt_reason']}"] += 1
        if m["working_away"] == "yes":
            out["members.working_away"] += 1
    return dict(out)


def rule_violations(ward: Any) -> list[str]:
    """Every breach of the validation rules (errors and warnings) in the sample's rows."""
    cutoff, start = ward.cutoff, ward.period_start
    problems: list[str] = []
    roster: dict[tuple[str, dt.date], str] = {}
    cards: set[str] = set()
    leavers: list[tuple[str, dt.date, str]] = []
    for org in ward.orgs:
        code = org.organisation.org_code
        info = org.info
        if info["org_tier"] != org.organisation.org_tier or info["sector"] != org.organisation.sector:
            problems.append(f"{code}: info differs from the registry")
        if info["cutoff_date"] != cutoff or info["period_start"] != start:
            problems.append(f"{code}: info dates")
        for f in layout.INFO.fields:
            if f.required and not info.get(f.key):
                problems.append(f"{code}: info {f.key} missing")
        admitted_here: dict[tuple[str, dt.date], dt.date] = {}
        for e in org.events:
            who = (e["full_name"], e["birth_date"])
            if e["event_type"] not in vocab.EVENT_TYPE.codes:
                problems.append(f"{code}: event type {e['event_type']}")
            if not start <= e["event_date"] <= cutoff:
                problems.append(f"{code}: event {who} outside the period")
            if e["event_type"] == "struck_off" and e["strike_ground"] not in vocab.STRIKE_GROUND.codes:
                problems.append(f"{code}: struck off {who} without a ground")
            if e["event_type"] in vocab.ADMISSION_EVENTS:
                admitted_here[who] = e["event_date"]
            if e["event_type"] in LEAVING:
                leavers.append((*who, code))
        full_members = 0
        for m in org.members:
            who = (m["full_name"], m["birth_date"])
            for f in layout.MEMBERS.fields:
                if f.required and m.get(f.key) in (None, ""):
                    problems.append(f"{code}: {who} {f.key} missing")
                if f.kind == "category" and m.get(f.key) is not None:
                    assert f.vocab is not None
                    if m[f.key] not in f.vocab.codes:
                        problems.append(f"{code}: {who} {f.key}={m[f.key]!r}")
                if f.kind == "date" and m.get(f.key) is not None:
                    if not dt.date(1900, 1, 1) <= m[f.key] <= cutoff:
                        problems.append(f"{code}: {who} {f.key} out of range")
                if f.kind == "text" and isinstance(m.get(f.key), str):
                    if unicodedata.normalize("NFC", m[f.key]) != m[f.key]:
                        problems.append(f"{code}: {who} {f.key} not NFC")
            if who in roster:
                problems.append(f"{code}: duplicate member {who} (also in {roster[who]})")
            roster[who] = code
            admission, official = m["admission_date"], m["official_date"]
            if not 18 <= age_on(m["birth_date"], admission) <= 60:
                problems.append(f"{code}: {who} admitted at {age_on(m['birth_date'], admission)}")
            if official is not None:
                full_members += 1
                if official < add_years(admission, 1):
                    problems.append(f"{code}: {who} official before 12 months")
            elif admission < add_years(cutoff, -1):
                problems.append(f"{code}: {who} probationary overdue")
            if m["card_no"]:
                if official is None:
                    problems.append(f"{code}: {who} probationary with a card")
                if m["card_no"] in cards:
                    problems.append(f"{code}: duplicate card {m['card_no']}")
                cards.add(m["card_no"])
            if (m["exempt_from"] is None) != (m["exempt_reason"] is None):
                problems.append(f"{code}: {who} exemption date/reason mismatch")
            if m["exempt_reason"] == "old_age_ill_health":
                limit = 60 if m["gender"] == "male" else 55
                if age_on(m["birth_date"], m["exempt_from"]) < limit:
                    problems.append(f"{code}: {who} exempt for old age too young")
            if start <= admission <= cutoff and admitted_here.get(who) != admission:
                problems.append(f"{code}: {who} admitted in the period without a matching row")
        for who in admitted_here:
            if who not in {(m["full_name"], m["birth_date"]) for m in org.members}:
                problems.append(f"{code}: admitted {who} not on the roll")
        if full_members < 3:
            problems.append(f"{code}: fewer than 3 full members")
        for y in org.years:
            if y["year"] not in PERIOD_YEARS:
                problems.append(f"{code}: year {y['year']} outside the period")
            if any(y[k] < 0 for k in layout.YEAR_COUNT_KEYS):
                problems.append(f"{code}: negative count in {y['year']}")
            if y["new_members_completed"] > y["new_members_trained"]:
                problems.append(f"{code}: completed > trained in {y['year']}")
            exc, good = y["rated_excellent"], y["rated_good"]
            if exc > 0.2 * (exc + good):
                problems.append(f"{code}: excellent > 20% in {y['year']}")
            rated = sum(y[layout.RATING_KEYS[c]] for c in vocab.RATING.codes)
            members_then = sum(1 for m in org.members if m["admission_date"] <= dt.date(y["year"], 12, 31))
            if rated > members_then:
                problems.append(f"{code}: {rated} ratings > {members_then} members in {y['year']}")
    for name, birth, code in leavers:
        if (name, birth) in roster:
            problems.append(f"{code}: {name} left but is on the roll of {roster[(name, birth)]}")
    return problems
