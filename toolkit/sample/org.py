"""A generic organisation of any size: consistent members, their changes and yearly figures.

The benchmarks build cities and provinces out of it and the tests build small clean
submissions with it; the demo ward has its own plan (`toolkit.sample.ward`) because it must
hit the reference report's figures exactly.

Every organisation validates without an error or a warning: dates are consistent (adult at
admission, no older than 55; official 12 months and up to 20 days after admission, before the
cut-off; probationary members admitted within the last 330 days, so none is overdue), cards
only on full members, every name + birth date unique in the `NameSource`, admissions inside
the period have their `Kết nạp` row (with lower secondary school at least), members who left
appear only in `Biến động`, transfers come from or go outside the ward, temporary exemptions
are under 12 months old, and the yearly ratings fit the roll (the exempted not rated).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from toolkit.core.model import Organisation
from toolkit.sample.dates import add_years, birth_for_age, random_date
from toolkit.sample.draw import weighted
from toolkit.sample.names import NameSource
from toolkit.sample.rows import (
    Cards,
    OrgRows,
    Period,
    event_row,
    info_row,
    member_row,
    number_rows,
    split_ratings,
    year_row,
)

# When someone was admitted: before the period where their age allows it (else during it),
# during the period (a full member by the cut-off), or in the last months (probationary).
Status = Literal["long_standing", "admitted_in_period", "probationary"]

# Occupation mix per sector (codes of vocab.OCCUPATION); old members tend to be retired.
OCCUPATION_BY_SECTOR: dict[str, tuple[tuple[str, float], ...]] = {
    "su_nghiep": (("public_employee", 80), ("state_official", 8), ("non_public_employee", 5), ("other", 7)),
    "co_quan": (
        ("state_official", 35),
        ("party_mass_official", 25),
        ("commune_official", 35),
        ("public_employee", 5),
    ),
    "luc_luong_vu_trang": (("armed_forces", 95), ("commune_official", 5)),
    "to_dan_pho": (
        ("retired", 45),
        ("other", 30),
        ("farmer", 10),
        ("neighbourhood_part_time", 8),
        ("non_public_employee", 2),
        ("university_student", 4),
        ("pupil", 1),
    ),
    "doanh_nghiep": (
        ("production_worker", 60),
        ("enterprise_staff", 28),
        ("enterprise_manager", 7),
        ("other", 5),
    ),
}
# A ward of the Red River Delta: almost all Kinh, mostly of no religion.
ETHNICITY_MIX = (("01", 96), ("02", 1.2), ("06", 1.2), ("04", 0.8), ("07", 0.4), ("03", 0.4))
RELIGION_MIX = (("none", 88), ("buddhism", 8), ("catholicism", 3.5), ("protestantism", 0.5))
YOUTH_UNION_MAX_AGE = 30  # Đoàn viên up to 30
GEN_EDU_MIX = (("upper_secondary", 76), ("lower_secondary", 23), ("primary", 0.8), ("literate", 0.2))
PROF_MIX = (
    ("none", 30),
    ("elementary", 7.5),
    ("intermediate", 15),
    ("college", 10),
    ("university", 33),
    ("master", 4),
    ("doctor", 0.5),
)
THEORY_MIX = (("elementary", 58), ("intermediate", 36), ("advanced", 5.5), ("bachelor", 0.5))
STRIKE_MIX = (
    ("absence_or_dues", 70),
    ("card_returned", 5),
    ("lost_will", 10),
    ("two_years_violation", 10),
    ("other", 5),
)
# Share of an organisation's size who left during the period, by kind of change.
LEAVING_SHARES = (("transfer_out", 0.012), ("died", 0.02), ("struck_off", 0.002), ("expelled", 0.0006))
MALE_SHARE = 0.62

# Full members were admitted at least this long before the cut-off (official after 12 months
# and up to 20 days, still before the cut-off); probationary ones within PROBATION_WINDOW, so
# none is overdue for recognition under any reading of "12 months + 30 working days".
FULL_BEFORE = dt.timedelta(days=390)
PROBATION_WINDOW = dt.timedelta(days=330)
OFFICIAL_DELAY_DAYS = 20
ADMISSION_MAX_AGE = 50  # before the period; 55 during it
TEMPORARY_EXEMPTION = dt.timedelta(days=330)


def pick_age(rng: random.Random) -> int:
    """An age on the cut-off as in the reference ward: < 30 about 9 %, 30–50 about 45 %,
    over 50 about 46 %."""
    band = rng.random()
    if band < 0.09:
        return rng.randint(20, 29)
    if band < 0.54:
        return rng.randint(30, 50)
    return min(95, 51 + int(rng.expovariate(1 / 14)))


def member_dates(
    rng: random.Random, period: Period, age: int, status: Status
) -> tuple[dt.date, dt.date, dt.date | None]:
    """(birth, admission, official) of a member `age` years old on the cut-off; official is
    None for a probationary member."""
    cutoff = period.cutoff
    birth = birth_for_age(rng, age, cutoff)
    earliest = add_years(birth, 18) + dt.timedelta(days=1)
    last_full = cutoff - FULL_BEFORE
    if status == "probationary" or earliest > last_full:
        admission = random_date(rng, max(earliest, cutoff - PROBATION_WINDOW), cutoff - dt.timedelta(days=1))
    elif status == "admitted_in_period" or earliest >= period.start:
        admission = random_date(rng, max(earliest, period.start), last_full)
    else:
        latest = min(add_years(birth, ADMISSION_MAX_AGE), period.start - dt.timedelta(days=1))
        admission = random_date(rng, earliest, latest)
    official = None
    if admission <= last_full:
        official = add_years(admission, 1) + dt.timedelta(days=rng.randint(0, OFFICIAL_DELAY_DAYS))
    return birth, admission, official


def draw_member(
    rng: random.Random,
    names: NameSource,
    cards: Cards,
    period: Period,
    *,
    sector: str,
    status: Status = "long_standing",
) -> dict[str, Any]:
    """One consistent member of an organisation of `sector` (a `Đảng viên` row, no row_no)."""
    gender = "male" if rng.random() < MALE_SHARE else "female"
    if status == "probationary":
        age = rng.randint(19, 34)
    elif status == "admitted_in_period":
        age = rng.randint(20, 55)
    else:
        age = pick_age(rng)
    birth, admission, official = member_dates(rng, period, age, status)
    occupation = weighted(rng, OCCUPATION_BY_SECTOR[sector])
    if occupation == "retired" and age < 55:
        occupation = "other"
    elif occupation in ("university_student", "pupil") and age > 24:
        occupation = "other"
    prof = weighted(rng, PROF_MIX)
    gen_edu = "upper_secondary" if prof not in ("none", "elementary") else weighted(rng, GEN_EDU_MIX)
    if status != "long_standing" and gen_edu in ("primary", "literate"):
        gen_edu = "lower_secondary"  # admitted in the period: lower secondary at least
    row = member_row(
        full_name=names.name(gender, birth),
        birth_date=birth,
        gender=gender,
        ethnicity=weighted(rng, ETHNICITY_MIX),
        religion=weighted(rng, RELIGION_MIX),
        card_no=cards.take() if official else None,
        admission_date=admission,
        official_date=official,
        gen_edu=gen_edu,
        prof_level=prof,
        academic_title=_academic_title(rng, prof, age),
        theory_level="elementary" if official is None else weighted(rng, THEORY_MIX),
        occupation=occupation,
        youth_union="yes" if age <= YOUTH_UNION_MAX_AGE and rng.random() < 0.8 else None,
        private_owner="yes" if occupation in ("enterprise_manager", "other") and rng.random() < 0.1 else None,
        foreign_marriage="yes" if rng.random() < 0.003 else None,
    )
    _exemption(rng, row, age, period.cutoff)
    return row


def _academic_title(rng: random.Random, prof: str, age: int) -> str | None:
    """A few doctors past forty are associate professors, fewer professors."""
    if prof != "doctor" or age < 40:
        return None
    roll = rng.random()
    return "professor" if roll < 0.05 else "associate_professor" if roll < 0.35 else None


def _exemption(rng: random.Random, row: dict[str, Any], age: int, cutoff: dt.date) -> None:
    """Exempt some full members (the very old, a few working away) and mark some as away."""
    official = row["official_date"]
    roll = rng.random()
    if official and age >= 70 and roll < 0.55:
        row["exempt_reason"] = "old_age_ill_health"
    elif official and roll < 0.02:
        row["exempt_reason"] = "working_away"
        row["working_away"] = "yes"
    elif roll < 0.03:
        row["working_away"] = "yes"
    if row["exempt_reason"] == "old_age_ill_health":
        row["exempt_from"] = random_date(rng, max(official, cutoff - dt.timedelta(days=3000)), cutoff)
    elif row["exempt_reason"]:  # temporary exemptions last 12 months at most
        row["exempt_from"] = random_date(rng, max(official, cutoff - TEMPORARY_EXEMPTION), cutoff)


def decision_no(rng: random.Random, day: dt.date) -> str:
    return f"{rng.randint(1, 999)}-QĐ/ĐU ngày {day:%d/%m/%Y}"


def roll_events(rng: random.Random, members: list[dict[str, Any]], period: Period) -> list[dict[str, Any]]:
    """The `Kết nạp` row of every member admitted during the period, and a few `Chuyển đến`."""
    events = []
    for m in members:
        if m["admission_date"] >= period.start:
            kind, day = "admitted", m["admission_date"]
        elif rng.random() < 0.01:
            kind, day = "transfer_in", random_date(rng, period.start, period.cutoff)
        else:
            continue
        events.append(
            event_row(
                full_name=m["full_name"],
                birth_date=m["birth_date"],
                event_type=kind,
                event_date=day,
                transfer_scope=_outside_scope(rng) if kind == "transfer_in" else None,
                decision_no=decision_no(rng, day),
            )
        )
    return events


def _outside_scope(rng: random.Random) -> str:
    """Where a transfer from outside the ward comes from or goes to (a transfer inside the
    ward needs its other side in another organisation: the generic organisations have none)."""
    return "same_province" if rng.random() < 0.6 else "other_province"


def leaver_event(
    rng: random.Random, names: NameSource, period: Period, event_type: str, age: int
) -> dict[str, Any]:
    """A member who left during the period (`event_type` one of vocab.LEAVING_EVENTS), `age`
    years old on the cut-off: on no roll any more, so only in `Biến động`."""
    gender = "male" if rng.random() < MALE_SHARE else "female"
    birth = birth_for_age(rng, age, period.cutoff)
    day = random_date(rng, period.start, period.cutoff)
    row = event_row(
        full_name=names.name(gender, birth),
        birth_date=birth,
        event_type=event_type,
        event_date=day,
        transfer_scope=_outside_scope(rng) if event_type == "transfer_out" else None,
        decision_no=None if event_type == "died" else decision_no(rng, day),
    )
    if event_type == "struck_off":
        row["strike_ground"] = weighted(rng, STRIKE_MIX)
        row["note"] = "Theo Điều 8 Điều lệ Đảng"
    return row


def leaver_events(rng: random.Random, names: NameSource, period: Period, size: int) -> list[dict[str, Any]]:
    """Members of an organisation of `size` who left during the period (LEAVING_SHARES)."""
    events = []
    for event_type, share in LEAVING_SHARES:
        for _ in range(sum(1 for _ in range(size) if rng.random() < share)):
            age = rng.randint(75, 95) if event_type == "died" else rng.randint(25, 70)
            events.append(leaver_event(rng, names, period, event_type, age))
    return events


def year_rows(
    rng: random.Random, period: Period, members: list[dict[str, Any]], events: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """One `Số liệu năm` row a year: training of the year's admissions, ratings of the members
    on the roll at the year's end (none for the cut-off year, not rated yet; the exempted are
    not rated)."""
    rows = []
    for year in period.years:
        end = dt.date(year, 12, 31)
        on_roll = sum(1 for m in members if m["admission_date"] <= end)
        exempt = sum(1 for m in members if m["exempt_from"] is not None and m["exempt_from"] <= end)
        admitted = sum(1 for e in events if e["event_type"] == "admitted" and e["event_date"].year == year)
        counts = {
            "candidates_trained": admitted + rng.randint(0, 2),
            "new_members_trained": admitted,
            "new_members_completed": admitted,
        }
        if year < period.cutoff.year and on_roll > exempt:
            # The exempted are not rated; a few others neither (new members, long absences).
            rated = on_roll - exempt - round((on_roll - exempt) * 0.04)
            fail = 1 if rated > 60 and rng.random() < 0.3 else 0
            counts |= split_ratings(rng, rated, fail=fail, not_rated=on_roll - rated, pass_share=(0.02, 0.06))
        rows.append(year_row(year, **counts))
    return rows


def default_tier(size: int) -> str:
    """The tier an organisation of `size` members usually has."""
    return "dang_bo_co_so" if size >= 300 else "chi_bo_co_so" if size >= 150 else "chi_bo_truc_thuoc"


def org_rows(
    rng: random.Random,
    names: NameSource,
    cards: Cards,
    period: Period,
    *,
    code: str,
    name: str,
    sector: str,
    size: int,
    tier: str | None = None,
) -> OrgRows:
    """An organisation of `size` members with its changes, yearly figures and registry row
    (admission targets close to what it admitted)."""
    n_prob = round(size * rng.uniform(0.01, 0.05))
    n_in_period = round(size * rng.uniform(0.02, 0.06))
    statuses: list[Status] = ["probationary"] * n_prob
    statuses += ["admitted_in_period"] * n_in_period
    statuses += ["long_standing"] * max(0, size - len(statuses))
    members = [draw_member(rng, names, cards, period, sector=sector, status=s) for s in statuses[:size]]
    members.sort(key=lambda m: (m["admission_date"], m["full_name"]))
    number_rows(members)
    away = next((m for m in members if m["exempt_reason"] == "working_away"), None)
    if away is not None:
        away["note"] = "Đang làm việc tại tỉnh khác"
    events = roll_events(rng, members, period) + leaver_events(rng, names, period, size)
    events.sort(key=lambda e: (e["event_date"], e["full_name"]))
    number_rows(events)
    years = year_rows(rng, period, members, events)
    targets = {}
    for y in period.years:
        admitted = sum(1 for e in events if e["event_type"] == "admitted" and e["event_date"].year == y)
        targets[y] = admitted + rng.randint(0, 2) if y < period.cutoff.year else max(1, round(size * 0.03))
    secretary = _secretary(members)
    organisation = Organisation(code, name, tier or default_tier(size), sector, secretary, targets)
    info = info_row(
        organisation,
        period,
        phone=f"09{rng.randint(10_000_000, 99_999_999)}",
        prepared_by=secretary,
        prepared_on=period.cutoff + dt.timedelta(days=rng.randint(1, 10)),
    )
    return OrgRows(info=info, members=members, events=events, years=years, organisation=organisation)


@dataclass(frozen=True)
class OrgSpec:
    """What an organisation of a generated set is: its code, name, sector and size."""

    code: str
    name: str
    sector: str
    size: int


def organisations(
    rng: random.Random, period: Period, specs: Sequence[OrgSpec], *, card_prefix: str = "9"
) -> list[OrgRows]:
    """Organisations that share one name source and one card series, so that people and
    card numbers are unique across all of them (as the cross-file checks require)."""
    names, cards = NameSource(rng), Cards(card_prefix, width=7)
    return [
        org_rows(rng, names, cards, period, code=s.code, name=s.name, sector=s.sector, size=s.size)
        for s in specs
    ]


def _secretary(members: list[dict[str, Any]]) -> str | None:
    """The longest-standing full member who is not exempt (the secretary, who also fills the
    form), or None for an organisation without one."""
    full = [m for m in members if m["official_date"] is not None and m["exempt_reason"] is None]
    return full[0]["full_name"] if full else None
