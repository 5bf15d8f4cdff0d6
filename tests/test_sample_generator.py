"""The shared sample generator (toolkit.sample): dates, names and organisations are
deterministic per seed, people are unique, and every clean submission it makes passes the real
reader and validation without a single issue."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from helpers_sample import sample_orgs

from toolkit.core import vocab
from toolkit.core.model import Registry
from toolkit.sample.dates import add_years, age_on, birth_for_age, random_date
from toolkit.sample.draw import apportion
from toolkit.sample.names import GIVEN_NAMES, MIDDLE_NAMES, TRADITIONAL_MIDDLE, NameSource
from toolkit.sample.rows import OrgRows, Period
from toolkit.validation import validate_files

WARD_PERIOD = Period(dt.date(2020, 1, 1), dt.date(2026, 3, 31))
SHORT_PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))  # what the hostile corpus uses


def _orgs(seed: int, sizes: list[int], period: Period = WARD_PERIOD) -> list[OrgRows]:
    return sample_orgs(seed, sizes, period)


# --- dates and draws --------------------------------------------------------------------------


def test_ages_and_years_on_known_days() -> None:
    assert age_on(dt.date(2000, 3, 31), dt.date(2026, 3, 30)) == 25
    assert age_on(dt.date(2000, 3, 31), dt.date(2026, 3, 31)) == 26
    assert age_on(dt.date(2000, 2, 29), dt.date(2026, 2, 28)) == 25
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_years(dt.date(2024, 2, 29), -4) == dt.date(2020, 2, 29)
    assert add_years(dt.date(2026, 3, 31), -18) == dt.date(2008, 3, 31)


def test_random_dates_stay_in_their_range_and_births_give_the_age_asked() -> None:
    rng = random.Random(3)
    start, end = dt.date(2024, 12, 30), dt.date(2025, 1, 2)
    drawn = {random_date(rng, start, end) for _ in range(200)}
    assert drawn == {start + dt.timedelta(days=d) for d in range(4)}
    with pytest.raises(ValueError):
        random_date(rng, end, start)
    on = dt.date(2026, 3, 31)
    for age in (0, 18, 59, 95):
        births = [birth_for_age(rng, age, on) for _ in range(300)]
        assert {age_on(b, on) for b in births} == {age}
        assert max(births) - min(births) > dt.timedelta(days=300)  # the whole year, not one day


def test_apportion_splits_a_total_in_proportion() -> None:
    assert apportion(10, [1, 1, 2]) == [3, 2, 5]
    assert apportion(7, [0.5, 0.5]) == [4, 3]
    assert sum(apportion(4216, [random.Random(i).random() for i in range(72)])) == 4216


# --- names ------------------------------------------------------------------------------------


def test_names_are_the_same_for_the_same_seed_and_differ_for_another() -> None:
    def draw(seed: int) -> list[str]:
        names = NameSource(seed)
        return [names.name("male" if i % 3 else "female") for i in range(200)]

    assert draw(1) == draw(1)
    assert draw(1) != draw(2)


def test_names_are_gendered_vietnamese_and_nfc() -> None:
    names = NameSource(4)
    for gender in ("male", "female"):
        other = "female" if gender == "male" else "male"
        for _ in range(500):
            name = names.name(gender)
            surname, middle, given = name.split(" ")
            assert unicodedata.is_normalized("NFC", name)
            assert middle in (*MIDDLE_NAMES[gender], TRADITIONAL_MIDDLE[gender])
            assert given in GIVEN_NAMES[gender]
            assert middle != TRADITIONAL_MIDDLE[other]


def test_a_name_is_unique_with_its_birth_date_or_outright_without_one() -> None:
    names = NameSource(5)
    births = [dt.date(1960, 1, 1), dt.date(1960, 1, 2)]
    with_birth = [(names.name("male", births[i % 2]), births[i % 2]) for i in range(6000)]
    assert len(set(with_birth)) == len(with_birth)
    # The same name does come back for another birth date (that is a different person)...
    assert len({n for n, _ in with_birth}) < len(with_birth)
    # ...but never without one.
    alone = [names.name("female") for _ in range(3000)]
    assert len(set(alone)) == len(alone)


def test_accept_narrows_every_name_of_the_source() -> None:
    names = NameSource(6, accept=lambda n: n.startswith("Nguyễn"))
    assert all(names.name("female").startswith("Nguyễn") for _ in range(100))


# --- organisations ----------------------------------------------------------------------------


def test_organisations_are_the_same_for_the_same_seed_and_differ_for_another() -> None:
    a, b, c = _orgs(11, [40, 25]), _orgs(11, [40, 25]), _orgs(12, [40, 25])
    assert [(o.info, o.members, o.events, o.years, o.organisation) for o in a] == [
        (o.info, o.members, o.events, o.years, o.organisation) for o in b
    ]
    assert [o.members for o in a] != [o.members for o in c]


def test_people_are_unique_and_member_dates_consistent_across_a_dataset() -> None:
    orgs = _orgs(13, [12, 30, 90, 250, 600] * 4)
    cutoff = WARD_PERIOD.cutoff
    members = [m for o in orgs for m in o.members]
    people = [(r["full_name"], r["birth_date"]) for o in orgs for r in (*o.members, *o.events)]
    assert len(members) == sum([12, 30, 90, 250, 600] * 4)
    # Each person once: a member who transferred in is on the roll and in `Biến động`.
    roll = Counter((m["full_name"], m["birth_date"]) for m in members)
    assert max(roll.values()) == 1
    leavers = [
        (e["full_name"], e["birth_date"])
        for o in orgs
        for e in o.events
        if e["event_type"] in vocab.LEAVING_EVENTS
    ]
    assert len(set(leavers)) == len(leavers) and not set(leavers) & set(roll)
    assert len(set(people)) == len(roll) + len(leavers)
    cards = [m["card_no"] for m in members if m["card_no"]]
    assert len(set(cards)) == len(cards)
    statuses = Counter()
    for m in members:
        official, admission = m["official_date"], m["admission_date"]
        assert (m["card_no"] is not None) == (official is not None)
        assert 18 <= age_on(m["birth_date"], admission) <= 55
        if official is None:
            statuses["probationary"] += 1
            assert add_years(cutoff, -1) < admission < cutoff
        else:
            statuses["full"] += 1
            assert add_years(admission, 1) <= official <= cutoff
        if m["exempt_reason"] is not None:
            assert official is not None and official <= m["exempt_from"] <= cutoff
    assert statuses["probationary"] > 0 and statuses["full"] > 0


@pytest.mark.parametrize(
    ("period", "sizes"),
    [(WARD_PERIOD, [3, 12, 45, 160, 320]), (SHORT_PERIOD, [3, 5, 20, 80, 150])],
    ids=["since-2020", "since-2025"],
)
def test_every_generated_submission_validates_without_any_issue(
    tmp_path: Path, period: Period, sizes: list[int]
) -> None:
    orgs = _orgs(17, sizes, period)
    paths = [o.write(tmp_path / f"{o.organisation.org_code}.xlsx") for o in orgs]
    registry = Registry([o.organisation for o in orgs])
    run = validate_files(paths, registry=registry, cutoff=period.cutoff)
    assert [(i.file, i.code, i.message) for i in run.issues] == []
    assert [len(s.members) for s in run.submissions] == sizes
    kinds = Counter(e["event_type"] for o in orgs for e in o.events)
    assert kinds["admitted"] > 0  # the period's admissions (and their rows) are exercised
