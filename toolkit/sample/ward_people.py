"""The attributes of the sample ward's members: age and gender, dates, occupation, education,
exemptions, cards and training.

Each dimension is assigned ward-wide by ranking the members on a plausible propensity (older
members in residential branches, degrees among civil servants, ...) and giving the top N the
first value, so the report's totals are exact and the structure still looks like a real ward.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable

from toolkit.core import vocab
from toolkit.sample.dates import add_years, age_on, random_date
from toolkit.sample.names import NameSource
from toolkit.sample.ward_figures import (
    AGE_REPORT_COUNTS,
    ASSOCIATE_PROFESSORS,
    CUTOFF,
    ETHNIC_MINORITY_COUNTS,
    EXEMPT_BY_END_OF_2020,
    EXEMPT_REASON_COUNTS,
    FOREIGN_MARRIAGES,
    GEN_EDU_COUNTS,
    GENDER_COUNTS,
    MALENESS,
    MEMBERS_PROBATIONARY,
    NEW_MEMBERS_TRAINED,
    OLD_AGE_EXEMPT_MIN,
    OLDNESS,
    PERIOD_START,
    PRIVATE_OWNERS,
    PROF_BELOW_INTERMEDIATE,
    PROF_INTERMEDIATE_COLLEGE,
    PROF_UNIVERSITY_PLUS,
    RELIGION_COUNTS,
    RETIREMENT_AGE,
    THEORY_COUNTS,
    WORKING_AWAY_NOT_EXEMPT,
    YOUTH_UNION_MAX_AGE,
)
from toolkit.sample.ward_plan import Person, rank_assign

# --- ages, gender, names and dates ------------------------------------------------------------


def _years_since(day: dt.date) -> float:
    return (CUTOFF - day).days / 365.25


def assign_ages_and_gender(rng: random.Random, people: list[Person], names: NameSource) -> None:
    def oldness(p: Person) -> float:
        if not p.in_period:
            return OLDNESS[p.kind] + p.noise
        # New members are young wherever they are admitted, residential branches included.
        recent = 1.0 if p.admission and p.admission.year >= 2025 else 0.0
        return 0.3 * OLDNESS[p.kind] + p.noise - 2.0 - recent

    rank_assign(people, oldness, list(AGE_REPORT_COUNTS.items()), "band")
    for p in people:
        p.age = _pick_age(rng, p)
    rank_assign(
        people,
        lambda p: MALENESS[p.kind] + rng.gauss(0, 1) + (0.3 if p.age > 75 else 0.0),
        list(GENDER_COUNTS.items()),
        "gender",
    )
    for p in people:
        p.birth = _birth_date(rng, p)
        p.name = names.name(p.gender, p.birth)
        if p.admission is None:
            p.admission = _pre_period_admission(rng, p)
        p.official = _official_date(rng, p.admission)


def _birth_date(rng: random.Random, p: Person) -> dt.date:
    """A birth date giving the person's age on the cut-off (and 18–59 at an admission inside
    the period)."""
    for _ in range(100):
        birth = add_years(CUTOFF, -p.age) - dt.timedelta(days=rng.randint(0, 364))
        if age_on(birth, CUTOFF) != p.age:
            continue
        if p.in_period and p.admission is not None:
            at_admission = age_on(birth, p.admission)
            if not 18 <= at_admission <= 59:
                continue
        return birth
    raise AssertionError("no birth date fits")  # pragma: no cover - the age ranges make this unreachable


def _pick_age(rng: random.Random, p: Person) -> int:
    low, high = {"lt30": (19, 29), "30_50": (30, 50), "gt50": (51, 95)}[p.band]
    if p.in_period and p.admission is not None:
        since = _years_since(p.admission)
        low = max(low, math.ceil(since) + 19)
        high = min(high, math.floor(since) + 58)
    else:
        low = max(low, 26)  # admitted before 2020 at 18 or more
    if p.band == "gt50":
        if p.kind == "tdp" and not p.in_period:
            age = round(rng.triangular(low, high, 68))
        else:
            age = rng.randint(low, min(high, 59 if p.kind != "llvt" else 55))
    elif p.band == "30_50" and p.in_period:
        age = low + int(abs(rng.gauss(0, 6)))
    else:
        age = rng.randint(low, high)
    return max(low, min(high, age))


def _pre_period_admission(rng: random.Random, p: Person) -> dt.date:
    latest = dt.date(PERIOD_START.year - 1, 12, 20)
    earliest = add_years(p.birth, 18) + dt.timedelta(days=30)
    at_age = rng.triangular(18.5, 45, 24)
    day = p.birth + dt.timedelta(days=int(at_age * 365.25))
    if day > latest:
        day = random_date(rng, earliest, latest)
    return max(day, earliest)


def _official_date(rng: random.Random, admission: dt.date) -> dt.date | None:
    earliest = add_years(admission, 1)
    if earliest > CUTOFF:
        return None
    return min(earliest + dt.timedelta(days=rng.randint(0, 30)), CUTOFF)


# --- occupation and education -----------------------------------------------------------------


def assign_occupation(rng: random.Random, people: list[Person]) -> None:
    """Occupations by the kind of organisation (codes of vocab.OCCUPATION); those of the
    enterprises are split into managers, staff and workers later (`assign_identity`)."""
    for p in people:
        if p.kind == "co_quan":
            p.occupation = "commune_official"  # the ward's own officials
        elif p.kind in ("sn_big", "sn_small"):
            p.occupation = "public_employee"
        elif p.kind == "llvt":
            p.occupation = "armed_forces"
        elif p.kind in ("dn_big", "dn_small"):
            p.occupation = "production_worker"
        elif p.age >= RETIREMENT_AGE[p.gender]:
            p.occupation = rng.choices(["retired", "farmer", "other"], [86, 8, 6])[0]
        elif p.age < 23:
            p.occupation = rng.choice(["university_student", "other"])
        else:
            p.occupation = rng.choices(
                ["other", "neighbourhood_part_time", "farmer", "other"], [45, 15, 12, 28]
            )[0]


def assign_education(rng: random.Random, people: list[Person]) -> None:
    _assign_general_education(rng, people)
    _assign_professional_level(rng, people)
    _assign_theory_level(rng, people)


def _assign_general_education(rng: random.Random, people: list[Person]) -> None:
    def schooling(p: Person) -> float:
        score = rng.gauss(0, 1)
        if p.occupation in ("commune_official", "public_employee", "armed_forces"):
            score += 6
        elif p.kind.startswith("dn"):
            score += 1.6
        if p.age < 45:
            score += 1.5
        elif p.age >= 70:
            score -= 1.5
        return score

    rank_assign(people, schooling, list(GEN_EDU_COUNTS.items()), "gen_edu")


def _assign_professional_level(rng: random.Random, people: list[Person]) -> None:
    def degree(p: Person) -> float:
        score = rng.gauss(0, 1)
        if p.gen_edu != "upper_secondary":
            return -100.0  # a degree needs upper secondary school
        if p.occupation in ("commune_official", "public_employee"):
            score += 5
        elif p.occupation == "armed_forces":
            score += 2.5
        elif p.kind.startswith("dn"):
            score += 0.8
        elif p.occupation == "retired":
            score += 0.6
        return score

    plan = [
        ("university_plus", PROF_UNIVERSITY_PLUS),
        ("intermediate_college", PROF_INTERMEDIATE_COLLEGE),
        ("below", PROF_BELOW_INTERMEDIATE),
    ]
    rank_assign(people, degree, plan, "prof_group")
    for p in people:
        if p.prof_group == "university_plus":
            master = 0.16 if p.kind in ("co_quan", "sn_big") else 0.04
            doctor = 0.03 if p.kind == "sn_big" else 0.002
            r = rng.random()
            p.prof = "doctor" if r < doctor else "master" if r < doctor + master else "university"
        elif p.prof_group == "intermediate_college":
            if p.gen_edu != "upper_secondary":
                p.prof = "intermediate"
            else:
                p.prof = rng.choices(["intermediate", "college"], [55, 45])[0]
        else:
            p.prof = rng.choices(["none", "elementary"], [74, 26])[0]


def _assign_theory_level(rng: random.Random, people: list[Person]) -> None:
    def theory(p: Person) -> float:
        score = rng.gauss(0, 1)
        if p.probationary:
            return score - 8
        if p.occupation == "commune_official":
            score += 3.5
        elif p.occupation in ("public_employee", "armed_forces"):
            score += 1.5
        elif p.occupation == "retired":
            score += 1.2
        if p.prof_group == "university_plus":
            score += 2.0
        elif p.prof_group == "intermediate_college":
            score += 1.0
        if 40 <= p.age <= 75:
            score += 0.6
        return score

    theories = sorted(people, key=theory, reverse=True)
    # Advanced/bachelor theory needs a university degree (it is taken after one).
    graduates = [p for p in theories if p.prof_group == "university_plus"]
    top = set(map(id, graduates[: THEORY_COUNTS["advanced_bachelor"]]))
    rest = [p for p in theories if id(p) not in top]
    for p in theories:
        if id(p) in top:
            p.theory_group = "advanced_bachelor"
            p.theory = rng.choices(["advanced", "bachelor"], [85, 15])[0]
    for i, p in enumerate(rest):
        p.theory_group = p.theory = "intermediate" if i < THEORY_COUNTS["intermediate"] else "elementary"


# --- exemptions -------------------------------------------------------------------------------


def assign_exemptions(rng: random.Random, people: list[Person]) -> None:
    _choose_exempt(rng, people)
    _date_exemptions(rng, [p for p in people if p.exempt_reason])
    away = [
        p
        for p in people
        if p.kind == "tdp"
        and 20 <= p.age <= 45
        and not p.exempt_reason
        and p.occupation in ("other", "farmer", "university_student")
    ]
    for p in rng.sample(away, WORKING_AWAY_NOT_EXEMPT):
        p.working_away = True


def _choose_exempt(rng: random.Random, people: list[Person]) -> None:
    # Exemptions start at least a month after becoming a full member.
    full = [p for p in people if p.official is not None and p.official <= dt.date(2025, 12, 31)]

    def take(reason: str, eligible: list[Person], score: Callable[[Person], float]) -> None:
        pool = [p for p in eligible if p.exempt_reason is None]
        chosen = sorted(pool, key=score, reverse=True)[: EXEMPT_REASON_COUNTS[reason]]
        if len(chosen) != EXEMPT_REASON_COUNTS[reason]:
            raise AssertionError(f"not enough members to exempt for {reason}")
        for p in chosen:
            p.exempt_reason = reason

    take(
        "old_age_ill_health",
        [p for p in full if p.age >= OLD_AGE_EXEMPT_MIN[p.gender] + 2 and p.kind == "tdp"],
        lambda p: p.age + rng.gauss(0, 4),
    )
    take(
        "working_away",
        [p for p in full if p.kind == "tdp" and 22 <= p.age <= 50 and p.occupation in ("other", "farmer")],
        lambda p: rng.random(),
    )
    take(
        "long_treatment",
        [p for p in full if p.age >= 40 and p.kind != "llvt"],
        lambda p: rng.random() + (0.5 if p.kind == "tdp" else 0.0),
    )
    maternity_kinds = ("dn_big", "dn_small", "sn_big", "sn_small")
    take(
        "maternity",
        [p for p in full if p.gender == "female" and 23 <= p.age <= 38 and p.kind in maternity_kinds],
        lambda p: rng.random(),
    )
    take("abroad", [p for p in full if p.kind == "tdp" and 25 <= p.age <= 70], lambda p: rng.random())
    take("other", [p for p in full if p.kind == "tdp"], lambda p: rng.random())


def _earliest_exemption(p: Person) -> dt.date:
    """The earliest start possible: after becoming a full member, at the age limit for old
    age, and not before 2005."""
    assert p.official is not None
    start = max(p.official + dt.timedelta(days=30), dt.date(2005, 1, 1))
    if p.exempt_reason == "old_age_ill_health":
        start = max(start, add_years(p.birth, OLD_AGE_EXEMPT_MIN[p.gender] + 1))
    return start


# The earliest start of a temporary exemption still running at the cut-off (12 months).
TEMPORARY_SINCE = dt.date(2025, 4, 1)
OVERDUE_SINCE = dt.date(2025, 1, 15)  # the one temporary exemption over 12 months


def _date_exemptions(rng: random.Random, exempt: list[Person]) -> None:
    end_2020 = dt.date(2020, 12, 31)
    early = sorted(
        (p for p in exempt if p.exempt_reason == "old_age_ill_health" and _earliest_exemption(p) < end_2020),
        key=lambda p: (p.age, p.noise),
        reverse=True,
    )[:EXEMPT_BY_END_OF_2020]
    early_ids = set(map(id, early))
    if len(early_ids) != EXEMPT_BY_END_OF_2020:
        raise AssertionError("not enough old members exempt since 2020")
    for p in exempt:
        first = _earliest_exemption(p)
        if id(p) in early_ids:
            p.exempt_from = random_date(rng, max(first, dt.date(2012, 1, 1)), end_2020)
        elif p.exempt_reason == "maternity":
            p.exempt_from = random_date(rng, max(first, dt.date(2025, 10, 1)), dt.date(2026, 3, 20))
        elif p.exempt_reason == "old_age_ill_health":
            p.exempt_from = random_date(rng, max(first, dt.date(2021, 1, 1)), dt.date(2026, 3, 20))
        else:  # a temporary exemption lasts 12 months at most
            p.exempt_from = random_date(rng, max(first, TEMPORARY_SINCE), dt.date(2026, 3, 20))
        if p.exempt_reason == "working_away":
            p.working_away = True
    # One long treatment has run past its 12 months, as happens in a real ward: a warning of
    # validation and a row of the `Miễn, tạm miễn` work list (the figures are the same).
    treated = [p for p in exempt if p.exempt_reason == "long_treatment"]
    overdue = min((p for p in treated if _earliest_exemption(p) <= OVERDUE_SINCE), key=lambda p: p.name)
    overdue.exempt_from = OVERDUE_SINCE


# --- cards and training -----------------------------------------------------------------------


def assign_cards_and_training(rng: random.Random, people: list[Person]) -> None:
    serials = rng.sample(range(100_000, 999_999), len(people))
    for p, serial in zip(people, serials, strict=True):
        if not p.probationary:
            p.card_no = f"{rng.randint(10, 99)}.{serial:06d}"
    probationary = sorted((p for p in people if p.probationary), key=lambda p: (p.admission, p.name))
    if len(probationary) != MEMBERS_PROBATIONARY:
        raise AssertionError(f"{len(probationary)} probationary members")
    for p in probationary[:NEW_MEMBERS_TRAINED]:
        assert p.admission is not None
        p.trained_year = 2025 if p.admission < dt.date(2025, 10, 1) else 2026


# --- the attributes new in template 2026.2 ------------------------------------------------------


def assign_identity(rng: random.Random, people: list[Person]) -> None:
    """Ethnicity, religion, youth union, the enterprises' occupations, private owners, foreign
    marriages and academic titles: a Red River Delta ward, almost all Kinh and mostly of no
    religion, youth-union members among the young. Drawn from their own random stream, so the
    figures of the reference report are untouched."""
    for p in people:
        p.ethnicity, p.religion = vocab.KINH, "none"
    pool = rng.sample(people, sum(ETHNIC_MINORITY_COUNTS.values()))
    for code, n in ETHNIC_MINORITY_COUNTS.items():
        for p in pool[:n]:
            p.ethnicity = code
        pool = pool[n:]
    by_age = sorted(people, key=lambda p: p.age + rng.gauss(0, 12), reverse=True)
    older = by_age[: len(people) // 2]  # religion is commoner among the older members
    chosen = rng.sample(older, sum(RELIGION_COUNTS.values()))
    for code, n in RELIGION_COUNTS.items():
        for p in chosen[:n]:
            p.religion = code
        chosen = chosen[n:]
    for p in people:
        if p.age <= YOUTH_UNION_MAX_AGE and rng.random() < 0.85:
            p.youth_union = True
        if p.occupation == "production_worker":  # the enterprises' members
            roll = rng.random()
            p.occupation = (
                "enterprise_manager" if roll < 0.08 else "enterprise_staff" if roll < 0.38 else p.occupation
            )
    owners = [p for p in people if p.kind == "tdp" and p.occupation == "other" and 30 <= p.age <= 60]
    for p in rng.sample(owners, PRIVATE_OWNERS):
        p.private_owner = True
    for p in rng.sample([p for p in people if 25 <= p.age <= 50], FOREIGN_MARRIAGES):
        p.foreign_marriage = True
    # The eldest doctors of the large public units, with no draw (the internal moves come next
    # from this stream). Their doctors are all under 45: one of that age, as drawn before,
    # found none and the ward had no associate professor (hunt284).
    doctors = [p for p in people if p.prof == "doctor" and p.kind == "sn_big"]
    for p in sorted(doctors, key=lambda p: (-p.age, p.name))[:ASSOCIATE_PROFESSORS]:
        p.academic_title = "associate_professor"
