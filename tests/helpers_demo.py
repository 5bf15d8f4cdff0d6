"""Shared expectations for the sample-ward tests: the reference report's figures, typed in
from the report itself (see docs/reference-report.md; not imported from the code under test),
and an independent check of the validation rules (see docs/design.md) on the in-memory rows.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
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
        if m["working_away"] == "yes" or m["exempt_reason"] == "working_away":  # design §6
            out["members.working_away"] += 1
    return dict(out)


def rule_violations(ward: Any) -> list[str]:
    """Every breach of the validation rules (errors and warnings) in the sample's rows."""
    check = _RuleCheck(ward.cutoff, ward.period_start)
    for org in ward.orgs:
        check.organisation(org)
    for name, birth, code in check.leavers:
        if (name, birth) in check.roster:
            check.problems.append(f"{code}: {name} left but is on the roll of {check.roster[(name, birth)]}")
    for (who, kind), codes in check.internal.items():
        other = "transfer_in" if kind == "transfer_out" else "transfer_out"
        if not any(c != code for code in codes for c in check.internal.get((who, other), [])):
            check.problems.append(f"{codes}: internal {kind} of {who} without its other side")
    return check.problems


class _RuleCheck:
    """The rules, applied organisation by organisation; people and cards across the ward."""

    def __init__(self, cutoff: dt.date, start: dt.date) -> None:
        self.cutoff, self.start = cutoff, start
        self.problems: list[str] = []
        self.roster: dict[tuple[str, dt.date], str] = {}
        self.cards: set[str] = set()
        self.leavers: list[tuple[str, dt.date, str]] = []
        # Transfers inside the ward: (person, kind) → organisations that recorded one.
        self.internal: dict[tuple[tuple[str, dt.date], str], list[str]] = {}

    def organisation(self, org: Any) -> None:
        code = org.organisation.org_code
        self.info(code, org)
        admitted_here = self.events(code, org.events)
        full_members = sum(self.member(code, m, admitted_here) for m in org.members)
        for who in admitted_here:
            if who not in {(m["full_name"], m["birth_date"]) for m in org.members}:
                self.problems.append(f"{code}: admitted {who} not on the roll")
        if full_members < 3:
            self.problems.append(f"{code}: fewer than 3 full members")
        for y in org.years:
            self.year(code, y, org.members)

    def info(self, code: str, org: Any) -> None:
        info = org.info
        if info["org_tier"] != org.organisation.org_tier or info["sector"] != org.organisation.sector:
            self.problems.append(f"{code}: info differs from the registry")
        if info["cutoff_date"] != self.cutoff or info["period_start"] != self.start:
            self.problems.append(f"{code}: info dates")
        for f in layout.INFO.fields:
            if f.required and not info.get(f.key):
                self.problems.append(f"{code}: info {f.key} missing")

    def events(self, code: str, events: list[dict[str, Any]]) -> dict[tuple[str, dt.date], dt.date]:
        """Checks the changes; returns who was admitted here, and when."""
        admitted_here: dict[tuple[str, dt.date], dt.date] = {}
        for e in events:
            who = (e["full_name"], e["birth_date"])
            if e["event_type"] not in vocab.EVENT_TYPE.codes:
                self.problems.append(f"{code}: event type {e['event_type']}")
            if not self.start <= e["event_date"] <= self.cutoff:
                self.problems.append(f"{code}: event {who} outside the period")
            if e["event_type"] == "struck_off" and e["strike_ground"] not in vocab.STRIKE_GROUND.codes:
                self.problems.append(f"{code}: struck off {who} without a ground")
            if e["event_type"] in vocab.ADMISSION_EVENTS:
                admitted_here[who] = e["event_date"]
            transfer = e["event_type"] in ("transfer_in", "transfer_out")
            if transfer != (e["transfer_scope"] in vocab.TRANSFER_SCOPE.codes):
                self.problems.append(f"{code}: {who} transfer scope {e['transfer_scope']!r}")
            if e["transfer_scope"] == "internal":
                self.internal.setdefault((who, e["event_type"]), []).append(code)
            elif e["event_type"] in LEAVING:
                self.leavers.append((*who, code))
        return admitted_here

    def member_fields(self, code: str, who: tuple[str, dt.date], m: dict[str, Any]) -> None:
        for f in layout.MEMBERS.fields:
            if f.required and m.get(f.key) in (None, ""):
                self.problems.append(f"{code}: {who} {f.key} missing")
            if f.kind == "category" and m.get(f.key) is not None:
                assert f.vocab is not None
                if m[f.key] not in f.vocab.codes:
                    self.problems.append(f"{code}: {who} {f.key}={m[f.key]!r}")
            if f.kind == "date" and m.get(f.key) is not None:
                if not dt.date(1900, 1, 1) <= m[f.key] <= self.cutoff:
                    self.problems.append(f"{code}: {who} {f.key} out of range")
            if f.kind == "text" and isinstance(m.get(f.key), str):
                if unicodedata.normalize("NFC", m[f.key]) != m[f.key]:
                    self.problems.append(f"{code}: {who} {f.key} not NFC")

    def member(self, code: str, m: dict[str, Any], admitted_here: dict[tuple[str, dt.date], dt.date]) -> bool:
        """Checks one member; True for a full member."""
        problems, cutoff = self.problems, self.cutoff
        who = (m["full_name"], m["birth_date"])
        self.member_fields(code, who, m)
        if who in self.roster:
            problems.append(f"{code}: duplicate member {who} (also in {self.roster[who]})")
        self.roster[who] = code
        admission, official = m["admission_date"], m["official_date"]
        if not 18 <= age_on(m["birth_date"], admission) <= 59:
            problems.append(f"{code}: {who} admitted at {age_on(m['birth_date'], admission)}")
        if self.start <= admission and m["gen_edu"] in ("literate", "primary"):
            problems.append(f"{code}: {who} admitted in the period below lower secondary school")
        if official is not None and official < add_years(admission, 1):
            problems.append(f"{code}: {who} official before 12 months")
        if official is not None and official > add_years(admission, 1) + dt.timedelta(days=30):
            problems.append(f"{code}: {who} official more than 30 days late")
        elif official is None and admission < add_years(cutoff, -1):
            problems.append(f"{code}: {who} probationary overdue")
        if m["card_no"]:
            if official is None:
                problems.append(f"{code}: {who} probationary with a card")
            if m["card_no"] in self.cards:
                problems.append(f"{code}: duplicate card {m['card_no']}")
            self.cards.add(m["card_no"])
        if (m["exempt_from"] is None) != (m["exempt_reason"] is None):
            problems.append(f"{code}: {who} exemption date/reason mismatch")
        if m["exempt_reason"] == "old_age_ill_health":
            limit = 60 if m["gender"] == "male" else 55
            if age_on(m["birth_date"], m["exempt_from"]) < limit:
                problems.append(f"{code}: {who} exempt for old age too young")
        elif m["exempt_reason"] is not None and m["exempt_from"] <= add_years(cutoff, -1):
            problems.append(f"{code}: {who} temporarily exempt for over 12 months")
        if m["exempt_reason"] == "working_away" and m["working_away"] != "yes":
            problems.append(f"{code}: {who} exempt for working away, `Đi làm ăn xa` not marked")
        if self.start <= admission <= cutoff and admitted_here.get(who) != admission:
            problems.append(f"{code}: {who} admitted in the period without a matching row")
        return official is not None

    def year(self, code: str, y: dict[str, Any], members: list[dict[str, Any]]) -> None:
        if y["year"] not in PERIOD_YEARS:
            self.problems.append(f"{code}: year {y['year']} outside the period")
        if any(y[k] < 0 for k in layout.YEAR_COUNT_KEYS):
            self.problems.append(f"{code}: negative count in {y['year']}")
        if y["new_members_completed"] > y["new_members_trained"]:
            self.problems.append(f"{code}: completed > trained in {y['year']}")
        exc, good = y["rated_excellent"], y["rated_good"]
        if exc > 0.2 * (exc + good):
            self.problems.append(f"{code}: excellent > 20% in {y['year']}")
        rated = sum(y[layout.RATING_KEYS[c]] for c in vocab.RATING.codes)
        end = dt.date(y["year"], 12, 31)
        members_then = sum(1 for m in members if m["admission_date"] <= end)
        if rated > members_then:
            self.problems.append(f"{code}: {rated} ratings > {members_then} members in {y['year']}")
        exempt = sum(1 for m in members if m["exempt_from"] is not None and m["exempt_from"] <= end)
        if rated - y["not_rated"] > members_then - exempt:
            self.problems.append(f"{code}: more rated than members not exempted in {y['year']}")


def demo_targets_edited(registry: Path, dest: Path, year: int, typed: Callable[[int], object] | None) -> Path:
    """The demo ward's `registry` saved as `dest` with its column "Chỉ tiêu kết nạp <year>"
    changed: each data row's cell set to `typed(row)`, or the column deleted when `typed` is
    None (the office has not typed that year's targets yet)."""
    import openpyxl

    book = openpyxl.load_workbook(registry)
    sheet = book.active
    assert sheet is not None
    column = next(c.column for c in sheet[1] if c.value == f"Chỉ tiêu kết nạp {year}")
    if typed is None:
        sheet.delete_cols(column)
    else:
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row=row, column=column).value = typed(row)
    book.save(dest)
    return dest


def consolidate_demo(folder: Path, registry: Path, out: Path, *extra: str) -> Any:
    """`consolidate` of the demo ward's submissions in `folder / "nop"` with `registry`, cut off
    31/03/2026, the workbook at `out`, no history; `extra` options appended. Returns click's result."""
    from click.testing import CliRunner

    from toolkit.cli import main

    return CliRunner().invoke(
        main,
        [
            "consolidate", str(folder / "nop"), "--registry", str(registry),
            "--cutoff", "31/03/2026", "-o", str(out), "--no-history", *extra,
        ],
    )  # fmt: skip
