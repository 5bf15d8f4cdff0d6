"""The plan of the sample ward: organisation sizes, who is on each roll, who was admitted when,
who left, who transferred in, and the yearly figures (candidates trained, failed ratings).

The people planned here get their attributes in `toolkit.sample.ward_people`; the rows are
written out of the plan by `toolkit.sample.ward`. Every step draws from the one seeded
`random.Random` of the build, in a fixed order, so a seed always gives the same ward.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Callable, Sequence

from toolkit.sample.dates import add_years, random_date
from toolkit.sample.draw import apportion
from toolkit.sample.names import NameSource
from toolkit.sample.ward_figures import (
    ADMISSION_WEIGHT,
    ADMISSIONS,
    ADMISSIONS_2025_Q1,
    CANDIDATES_TRAINED,
    CUTOFF,
    DEATHS,
    EXPELLED,
    GROUP_OF_KIND,
    INTERNAL_MOVES,
    MEMBERS_TOTAL,
    OCCUPATION_GROUP_COUNTS,
    RATING_FAILS,
    SIZE_WEIGHT,
    STRUCK_OFF,
    TARGETS,
    TRANSFERS_IN,
    TRANSFERS_OUT,
    YEARS,
)


class Person:
    """A member of the roll, or someone who left during the period (events only)."""

    def __init__(self, org: OrgPlan) -> None:
        self.org = org
        self.admission: dt.date | None = None  # known for admissions inside the period
        self.in_period = False
        self.transfer_in: dt.date | None = None
        self.band = ""
        self.age = 0
        self.gender = ""
        self.birth: dt.date = CUTOFF
        self.name = ""
        self.official: dt.date | None = None
        self.occupation = ""
        self.gen_edu = ""
        self.prof_group = ""
        self.prof = ""
        self.theory_group = ""
        self.theory = ""
        self.exempt_reason: str | None = None
        self.exempt_from: dt.date | None = None
        self.working_away = False
        self.card_no: str | None = None
        self.trained_year: int | None = None
        self.noise = 0.0
        self.ethnicity = ""
        self.religion = ""
        self.academic_title: str | None = None
        self.youth_union = False
        self.private_owner = False
        self.foreign_marriage = False
        self.transfer_scope: str | None = None  # of their transfer in

    @property
    def probationary(self) -> bool:
        return self.official is None

    @property
    def kind(self) -> str:
        return self.org.kind


class Leaver:
    """Someone who left an organisation during the period (a row of its `Biến động` only)."""

    def __init__(self, person: Person, kind: str, when: dt.date, ground: str | None = None) -> None:
        self.person = person
        self.kind = kind
        self.when = when
        self.ground = ground
        self.scope: str | None = None  # of a transfer out


class OrgPlan:
    """One organisation of the ward while it is being planned."""

    def __init__(self, index: int, name: str, tier: str, sector: str, kind: str) -> None:
        self.code = f"HD{index:02d}"
        self.name = unicodedata.normalize("NFC", name)
        self.tier = tier
        self.sector = sector
        self.kind = kind
        self.group = GROUP_OF_KIND[kind]
        self.size = 0
        self.targets: dict[int, int] = {}
        self.admission_dates: list[dt.date] = []
        self.people: list[Person] = []
        self.leavers: list[Leaver] = []
        self.candidates: dict[int, int] = {}
        self.fails: dict[int, int] = {}
        self.secretary = ""


def rank_assign(
    people: Sequence[Person],
    score: Callable[[Person], float],
    plan: Sequence[tuple[str, int]],
    attr: str,
) -> None:
    """Give the highest-scoring people the first value of `plan`, and so on (exact counts)."""
    if sum(n for _, n in plan) != len(people):
        raise ValueError(f"{attr}: plan {plan} does not cover {len(people)} people")
    ranked = sorted(people, key=score, reverse=True)
    start = 0
    for value, n in plan:
        for p in ranked[start : start + n]:
            setattr(p, attr, value)
        start += n


def plan_sizes(rng: random.Random, orgs: list[OrgPlan]) -> None:
    for group, total in OCCUPATION_GROUP_COUNTS.items():
        members = [o for o in orgs if o.group == group]
        weights = [SIZE_WEIGHT[o.kind] * rng.uniform(0.8, 1.25) for o in members]
        if group == "armed_forces":  # the police cell is about twice the military one
            weights = [1.0, 2.0]
        for org, n in zip(members, apportion(total, weights), strict=True):
            org.size = n


def _admission_dates(rng: random.Random, year: int) -> list[dt.date]:
    """The year's admission dates (2025: the first quarter's admissions are full members by
    the cut-off, the rest probationary with those of the cut-off year)."""
    if year == 2025:
        dates = [
            random_date(rng, dt.date(2025, 1, 3), dt.date(2025, 3, 20)) for _ in range(ADMISSIONS_2025_Q1)
        ]
        dates += [
            random_date(rng, dt.date(2025, 4, 2), dt.date(2025, 12, 29))
            for _ in range(ADMISSIONS[year] - ADMISSIONS_2025_Q1)
        ]
        return dates
    if year == CUTOFF.year:
        end = CUTOFF - dt.timedelta(days=3)
        return [random_date(rng, dt.date(year, 1, 5), end) for _ in range(ADMISSIONS[year])]
    return [random_date(rng, dt.date(year, 1, 6), dt.date(year, 12, 28)) for _ in range(ADMISSIONS[year])]


def plan_admissions(rng: random.Random, orgs: list[OrgPlan]) -> None:
    base = [o.size * ADMISSION_WEIGHT[o.kind] for o in orgs]
    for year in YEARS:
        for org, n in zip(orgs, apportion(TARGETS[year], base), strict=True):
            org.targets[year] = n
        noisy = [w * rng.uniform(0.5, 1.5) for w in base]
        counts = apportion(ADMISSIONS[year], noisy)
        dates = _admission_dates(rng, year)
        rng.shuffle(dates)
        it = iter(dates)
        for org, n in zip(orgs, counts, strict=True):
            org.admission_dates.extend(next(it) for _ in range(n))
    # Keep at least four full members in every organisation: move surplus probationary
    # admissions of a small organisation to the largest one.
    largest = max(orgs, key=lambda o: o.size)
    year_before = add_years(CUTOFF, -1)
    for org in orgs:
        recent = [d for d in org.admission_dates if d > year_before]
        while len(org.admission_dates) > org.size // 2 or org.size - len(recent) < 4:
            moved = max(org.admission_dates)
            org.admission_dates.remove(moved)
            largest.admission_dates.append(moved)
            recent = [d for d in org.admission_dates if d > year_before]


def make_roll(rng: random.Random, orgs: list[OrgPlan]) -> list[Person]:
    people: list[Person] = []
    for org in orgs:
        for d in sorted(org.admission_dates):
            p = Person(org)
            p.admission = d
            p.in_period = True
            org.people.append(p)
        while len(org.people) < org.size:
            org.people.append(Person(org))
        people.extend(org.people)
    for p in people:
        p.noise = rng.gauss(0, 1)
    if len(people) != MEMBERS_TOTAL:
        raise AssertionError(f"roll has {len(people)} members")
    return people


def _weighted_org(rng: random.Random, orgs: Sequence[OrgPlan], weight: Callable[[OrgPlan], float]) -> OrgPlan:
    return rng.choices(list(orgs), [weight(o) for o in orgs])[0]


def _year_date(rng: random.Random, year: int) -> dt.date:
    end = CUTOFF - dt.timedelta(days=2) if year == CUTOFF.year else dt.date(year, 12, 28)
    return random_date(rng, dt.date(year, 1, 4), end)


def plan_leavers(rng: random.Random, orgs: list[OrgPlan], names: NameSource) -> None:
    residential = [o for o in orgs if o.kind == "tdp"]
    workplaces = [o for o in orgs if o.kind in ("dn_big", "dn_small")]

    def add(org: OrgPlan, kind: str, when: dt.date, ages: tuple[int, int], ground: str | None = None) -> None:
        p = Person(org)
        p.gender = "male" if rng.random() < 0.62 else "female"
        age = rng.randint(*ages)
        p.birth = add_years(when, -age) - dt.timedelta(days=rng.randint(1, 364))
        p.name = names.name(p.gender, p.birth)
        org.leavers.append(Leaver(p, kind, when, ground))

    for year, n in DEATHS.items():
        for _ in range(n):
            org = _weighted_org(rng, orgs, lambda o: o.size * (3.0 if o.kind == "tdp" else 0.15))
            ages = (58, 96) if org.kind == "tdp" else (40, 60)
            add(org, "died", _year_date(rng, year), ages)
    for year, n in TRANSFERS_OUT.items():
        for _ in range(n):
            org = _weighted_org(rng, orgs, lambda o: o.size)
            add(org, "transfer_out", _year_date(rng, year), (24, 70 if org.kind == "tdp" else 58))
    for year, ground in STRUCK_OFF:
        org = _weighted_org(rng, residential + workplaces, lambda o: o.size)
        add(org, "struck_off", _year_date(rng, year), (28, 58), ground)
    for year in EXPELLED:
        org = _weighted_org(rng, residential + workplaces, lambda o: o.size)
        add(org, "expelled", _year_date(rng, year), (35, 60))


def plan_transfers_in(rng: random.Random, orgs: list[OrgPlan]) -> None:
    weight = {"tdp": 1.5, "dn_big": 1.0, "dn_small": 1.0}
    for year, n in TRANSFERS_IN.items():
        for _ in range(n):
            org = _weighted_org(rng, orgs, lambda o: o.size * weight.get(o.kind, 0.4))
            pool = [
                p for p in org.people if not p.in_period and p.transfer_in is None and p.exempt_reason is None
            ]
            p = rng.choice(pool)
            p.transfer_in = _year_date(rng, year)


def plan_year_figures(rng: random.Random, orgs: list[OrgPlan]) -> None:
    """Candidates trained (where the next targets are) and the few failed ratings."""
    weights = [o.targets[CUTOFF.year] + 0.01 for o in orgs]
    for year, total in CANDIDATES_TRAINED.items():
        for org, n in zip(orgs, apportion(total, weights), strict=True):
            if n:
                org.candidates[year] = n
    large = [o for o in orgs if o.kind in ("tdp", "dn_big", "dn_small") and o.size >= 30]
    for year, n in RATING_FAILS.items():
        for _ in range(n):
            org = _weighted_org(rng, large, lambda o: o.size)
            org.fails[year] = org.fails.get(year, 0) + 1


def plan_internal_moves(rng: random.Random, orgs: list[OrgPlan]) -> None:
    """Some transfers in come from another organisation of the ward: that organisation's
    transfer out (of the same year) becomes the other side of the move. Every other transfer
    comes from or goes to a ward of the province or another province."""
    outs = {
        year: [
            (o, lv) for o in orgs for lv in o.leavers if lv.kind == "transfer_out" and lv.when.year == year
        ]
        for year in YEARS
    }
    for year, n in INTERNAL_MOVES.items():
        ins = [p for o in orgs for p in o.people if p.transfer_in is not None and p.transfer_in.year == year]
        for p in rng.sample(ins, n):
            candidates = [(o, lv) for o, lv in outs[year] if o is not p.org and lv.scope is None]
            org, leaver = rng.choice(candidates)
            assert p.transfer_in is not None
            leaver.person = p
            leaver.when = max(dt.date(year, 1, 2), p.transfer_in - dt.timedelta(days=rng.randint(0, 10)))
            leaver.scope = p.transfer_scope = "internal"
    for org in orgs:
        for p in org.people:
            if p.transfer_in is not None and p.transfer_scope is None:
                p.transfer_scope = "same_province" if rng.random() < 0.6 else "other_province"
        for leaver in org.leavers:
            if leaver.kind == "transfer_out" and leaver.scope is None:
                leaver.scope = "same_province" if rng.random() < 0.6 else "other_province"
