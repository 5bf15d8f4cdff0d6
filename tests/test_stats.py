"""The indicators (docs/design.md, Statistics) on small hand-made frames, with expected values worked out
by hand in each test, and the boundary cases of issue 4."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import numpy as np
import pandas as pd
import pytest
from helpers_stats import (  # noqa: E402
    CUTOFF,
    START,
    YEARS,
    born,
    events_frame,
    members_frame,
    org,
    years_frame,
)
from hypothesis import given
from hypothesis import strategies as st

from toolkit.core import layout, vocab
from toolkit.core.errors import WardStatsError
from toolkit.core.model import Organisation, Registry
from toolkit.stats.grouped import compute_indicators_by_org
from toolkit.stats.indicators import (
    ages_at,
    compute_org_indicators,
    indicator_ids,
    period_years,
    round_half_up,
)
from toolkit.stats.ward import compute_ward_indicators, summed_org_indicators

# --- period and ages ------------------------------------------------------------------------


def test_period_years_are_the_calendar_years_the_period_touches() -> None:
    assert period_years(dt.date(2020, 1, 1), dt.date(2026, 3, 31)) == [
        2020,
        2021,
        2022,
        2023,
        2024,
        2025,
        2026,
    ]
    assert period_years(dt.date(2025, 12, 31), dt.date(2026, 1, 1)) == [2025, 2026]
    assert period_years(dt.date(2026, 3, 31), dt.date(2026, 3, 31)) == [2026]


def test_period_start_after_cutoff_is_a_domain_error_in_vietnamese() -> None:
    with pytest.raises(WardStatsError) as caught:
        period_years(dt.date(2026, 4, 1), dt.date(2026, 3, 31))
    assert "01/04/2026" in caught.value.message_vi
    assert "ngày chốt số liệu" in caught.value.message_vi


def test_age_in_whole_years_turns_on_the_birthday_itself() -> None:
    births = pd.Series(pd.to_datetime(["1996-03-31", "1996-04-01", "1976-03-31", "1976-04-01", None]))
    ages = ages_at(births, CUTOFF)
    assert ages.iloc[:4].tolist() == [30.0, 29.0, 50.0, 49.0]
    assert np.isnan(ages.iloc[4])


def test_a_29_february_birth_ages_on_1_march_in_common_years() -> None:
    births = pd.Series(pd.to_datetime(["2000-02-29"]))
    assert ages_at(births, dt.date(2027, 2, 28)).tolist() == [26.0]
    assert ages_at(births, dt.date(2027, 3, 1)).tolist() == [27.0]
    assert ages_at(births, dt.date(2028, 2, 28)).tolist() == [27.0]
    assert ages_at(births, dt.date(2028, 2, 29)).tolist() == [28.0]
    # and in the bands: born 29/02/1996, still 29 on 28/02/2026, 30 on 01/03/2026
    members = members_frame({"birth_date": "1996-02-29"})
    period = {"period_start": dt.date(2026, 1, 1)}
    assert org(members, cutoff=dt.date(2026, 2, 28), **period)["members.age_report.lt30"] == 1
    assert org(members, cutoff=dt.date(2026, 3, 1), **period)["members.age_report.30_50"] == 1


def _age_by_hand(birth: dt.date, cutoff: dt.date) -> int:
    age = cutoff.year - birth.year
    if (cutoff.month, cutoff.day) < (birth.month, birth.day):
        age -= 1
    return age


@given(
    births=st.lists(st.dates(dt.date(1900, 1, 1), dt.date(2026, 12, 31)), min_size=1, max_size=20),
    cutoff=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
)
def test_vectorised_ages_match_the_birthday_rule_row_by_row(births: list[dt.date], cutoff: dt.date) -> None:
    ages = ages_at(pd.Series(pd.to_datetime(births)), cutoff)
    assert ages.tolist() == [float(_age_by_hand(b, cutoff)) for b in births]


def test_round_half_up_rounds_halves_away_from_zero_not_to_even() -> None:
    assert round_half_up(45.25, 1) == 45.3  # round() would give 45.2
    assert round_half_up(0.12345, 4) == 0.1235


# --- members --------------------------------------------------------------------------------


def test_full_and_probationary_follow_the_official_date_at_the_cutoff() -> None:
    ind = org(
        members_frame(
            {"official_date": None},  # probationary: not recognised yet
            {"admission_date": "2025-03-31", "official_date": "2026-03-31"},  # exactly 12 months, on D: full
            {"admission_date": "2025-04-01", "official_date": "2026-04-01"},  # after D: probationary
            {"official_date": "2010-01-01"},  # full
            {"admission_date": "2024-03-01", "official_date": "2025-03-01"},  # exactly 12 months: full
        )
    )
    assert ind["members.total"] == 5
    assert ind["members.full"] == 3
    assert ind["members.probationary"] == 2


def test_gender_counts_by_code() -> None:
    ind = org(members_frame({"gender": "male"}, {"gender": "female"}, {"gender": "female"}))
    assert (ind["members.gender.male"], ind["members.gender.female"]) == (1, 2)


def test_report_age_bands_put_exactly_30_and_exactly_50_in_the_middle_band() -> None:
    ind = org(
        members_frame(
            {"birth_date": born(17)},  # under 18: lt30
            {"birth_date": born(29, days_before_birthday=1)},  # 29 years 364 days: lt30
            {"birth_date": born(30)},  # 30 today: 30_50
            {"birth_date": born(50)},  # 50 today: 30_50
            {"birth_date": born(50, days_before_birthday=1)},  # 50 years 364 days: still 30_50
            {"birth_date": born(51)},  # gt50
        )
    )
    assert ind["members.age_report.lt30"] == 2
    assert ind["members.age_report.30_50"] == 3
    assert ind["members.age_report.gt50"] == 1


def test_official_age_bands_with_their_edges_and_under_18_in_the_first() -> None:
    ages = [17, 18, 30, 31, 35, 36, 40, 41, 45, 46, 50, 51, 55, 56, 60, 61, 75]
    ind = org(members_frame(*({"birth_date": born(a)} for a in ages)))
    expected = {
        "18_30": 3,  # 17, 18, 30
        "31_35": 2,
        "36_40": 2,
        "41_45": 2,
        "46_50": 2,
        "51_55": 2,
        "56_60": 2,
        "gt60": 2,  # 61, 75
    }
    assert {k: ind[f"members.age_official.{k}"] for k in expected} == expected
    assert sum(expected.values()) == ind["members.total"]


def test_mean_age_is_the_mean_of_whole_year_ages_rounded_half_up() -> None:
    # Ages 30, 40, 45 and 66 (one day before turning 67): (30 + 40 + 45 + 66) / 4 = 45.25 → 45.3
    ind = org(
        members_frame(
            {"birth_date": born(30)},
            {"birth_date": born(40)},
            {"birth_date": born(45)},
            {"birth_date": born(66, days_before_birthday=1)},
        )
    )
    assert ind["members.age_mean"] == 45.3
    assert isinstance(ind["members.age_mean"], float)


def test_education_professional_and_theory_levels_with_their_groupings() -> None:
    ind = org(
        members_frame(
            {"gen_edu": "upper_secondary", "prof_level": "none", "theory_level": "none"},
            {"gen_edu": "upper_secondary", "prof_level": "intermediate", "theory_level": "elementary"},
            {"gen_edu": "lower_secondary", "prof_level": "college", "theory_level": "intermediate"},
            {"gen_edu": "primary", "prof_level": "university", "theory_level": "advanced"},
            {"gen_edu": "literate", "prof_level": "master", "theory_level": "bachelor"},
            {"gen_edu": "upper_secondary", "prof_level": "doctor", "theory_level": "bachelor"},
            {"gen_edu": "upper_secondary", "prof_level": "elementary", "theory_level": "none"},
        )
    )
    assert [ind[f"members.gen_edu.{c}"] for c in vocab.GEN_EDU.codes] == [1, 1, 1, 4]
    assert [ind[f"members.prof.{c}"] for c in vocab.PROF_LEVEL.codes] == [1, 1, 1, 1, 1, 1, 1]
    assert ind["members.prof.intermediate_plus"] == 5  # trung cấp, cao đẳng, đại học, thạc sĩ, tiến sĩ
    assert ind["members.prof.university_plus"] == 3  # đại học, thạc sĩ, tiến sĩ
    assert [ind[f"members.theory.{c}"] for c in vocab.THEORY_LEVEL.codes] == [2, 1, 1, 1, 2]
    assert ind["members.theory.advanced_bachelor"] == 3


def test_occupations_and_their_four_report_groups() -> None:
    occupations = [
        "state_official",
        "party_mass_official",
        "commune_official",  # the ward's own officials: civil servants
        "neighbourhood_part_time",  # part-time in a residential group: not
        "public_employee",
        "public_employee",
        "non_public_employee",
        "enterprise_manager",
        "enterprise_staff",
        "production_worker",
        "farmer",
        "armed_forces",
        "university_student",
        "pupil",
        "other",
        "retired",
        "retired",
    ]
    ind = org(members_frame(*({"occupation": o} for o in occupations)))
    assert [ind[f"members.occupation.{c}"] for c in vocab.OCCUPATION.codes] == [1] * 4 + [2] + [1] * 9 + [2]
    assert ind["members.occupation.unknown"] == 0
    assert ind["members.occupation_group.civil_servants"] == 5
    assert ind["members.occupation_group.enterprise"] == 3
    # part-time in the neighbourhood, non-public employee, farmer, 2 students, other, 2 retired
    assert ind["members.occupation_group.farmer_freelance_retired_other"] == 8
    assert ind["members.occupation_group.armed_forces"] == 1


def test_an_old_occupation_is_mapped_or_unknown_and_its_report_group_stays_exact() -> None:
    # Rows of a 2026.1 file as the reader hands them on: the current code where the old one
    # has one meaning, else empty; the old code kept.
    old = {"attributes_2026_2": False}
    ind = org(
        members_frame(
            {**old, "occupation": None, "occupation_2026_1": "civil_servant"},
            {**old, "occupation": None, "occupation_2026_1": "part_time_official"},
            {**old, "occupation": None, "occupation_2026_1": "enterprise_worker"},
            {**old, "occupation": None, "occupation_2026_1": "student"},
            {**old, "occupation": "other", "occupation_2026_1": "freelance"},
            {**old, "occupation": "farmer", "occupation_2026_1": "farmer"},
            {"occupation": "commune_official"},
        )
    )
    assert ind["members.occupation.unknown"] == 4
    assert ind["members.occupation.other"] == ind["members.occupation.farmer"] == 1
    assert ind["members.occupation_group.civil_servants"] == 2  # Cán bộ, công chức; the ward official
    assert ind["members.occupation_group.enterprise"] == 1
    assert ind["members.occupation_group.farmer_freelance_retired_other"] == 4


def test_exempt_only_from_the_cutoff_and_reasons_counted_over_exempt_members() -> None:
    ind = org(
        members_frame(
            {"exempt_from": "2020-01-01", "exempt_reason": "old_age_ill_health"},
            {"exempt_from": "2026-03-31", "exempt_reason": "long_treatment"},  # from D: exempt
            {"exempt_from": "2026-04-01", "exempt_reason": "maternity"},  # after D: not exempt
            {"exempt_from": None, "exempt_reason": "abroad"},  # reason without a date: not exempt
            {"exempt_from": "2021-05-05", "exempt_reason": "old_age_ill_health"},
            {},
        )
    )
    assert ind["members.exempt"] == 3
    assert ind["members.exempt_reason.old_age_ill_health"] == 2
    assert ind["members.exempt_reason.long_treatment"] == 1
    assert ind["members.exempt_reason.maternity"] == 0
    assert ind["members.exempt_reason.abroad"] == 0


def test_working_away_counts_only_yes() -> None:
    ind = org(
        members_frame(
            {"working_away": "yes"}, {"working_away": "no"}, {"working_away": None}, {"working_away": "yes"}
        )
    )
    assert ind["members.working_away"] == 2


# --- changes --------------------------------------------------------------------------------


def test_events_on_the_first_and_last_day_count_and_one_day_outside_does_not() -> None:
    ind = org(
        events=events_frame(
            {"event_type": "admitted", "event_date": "2023-12-31"},  # day before the period
            {"event_type": "admitted", "event_date": "2024-01-01"},  # first day
            {"event_type": "admitted", "event_date": "2026-03-31"},  # last day (D)
            {"event_type": "admitted", "event_date": "2026-04-01"},  # day after D
        )
    )
    assert [ind[f"changes.admitted.{y}"] for y in YEARS] == [1, 0, 1]
    assert ind["changes.admitted.total"] == 2
    # 2025 has no events but its indicators are present and 0
    assert ind["changes.admissions.2025"] == 0
    assert ind["changes.died.2025"] == 0


def test_every_event_type_per_year_and_in_total() -> None:
    rows = [
        ("admitted", "2024-02-01"),
        ("admitted", "2025-02-01"),
        ("readmitted", "2025-07-01"),
        ("restored", "2024-09-09"),
        ("transfer_in", "2024-03-03"),
        ("transfer_in", "2026-01-15"),
        ("transfer_out", "2025-10-10"),
        ("died", "2026-02-02"),
        ("struck_off", "2024-05-05"),
        ("expelled", "2025-05-05"),
        ("resigned", "2026-03-01"),
    ]
    ind = org(events=events_frame(*({"event_type": t, "event_date": d} for t, d in rows)))
    per_year = {t: [ind[f"changes.{t}.{y}"] for y in YEARS] for t in vocab.EVENT_TYPE.codes}
    assert per_year == {
        "admitted": [1, 1, 0],
        "readmitted": [0, 1, 0],
        "restored": [1, 0, 0],
        "transfer_in": [1, 0, 1],
        "transfer_out": [0, 1, 0],
        "died": [0, 0, 1],
        "struck_off": [1, 0, 0],
        "expelled": [0, 1, 0],
        "resigned": [0, 0, 1],
    }
    for t, counts in per_year.items():
        assert ind[f"changes.{t}.total"] == sum(counts)
    # admissions = admitted + readmitted; removed = struck off + expelled + resigned
    assert [ind[f"changes.admissions.{y}"] for y in YEARS] == [1, 2, 0]
    assert ind["changes.admissions.total"] == 3
    assert [ind[f"changes.removed.{y}"] for y in YEARS] == [1, 1, 1]
    assert ind["changes.removed.total"] == 3


def test_admission_quarters_are_those_of_the_cutoff_year() -> None:
    cutoff = dt.date(2026, 12, 31)
    ind = org(
        events=events_frame(
            {"event_type": "admitted", "event_date": "2025-02-01"},  # earlier year: no quarter
            {"event_type": "admitted", "event_date": "2026-01-01"},  # q1
            {"event_type": "readmitted", "event_date": "2026-03-31"},  # q1
            {"event_type": "admitted", "event_date": "2026-04-01"},  # q2
            {"event_type": "admitted", "event_date": "2026-09-30"},  # q3
            {"event_type": "admitted", "event_date": "2026-10-01"},  # q4
            {"event_type": "admitted", "event_date": "2026-12-31"},  # q4
            {"event_type": "transfer_in", "event_date": "2026-05-05"},  # not an admission
        ),
        cutoff=cutoff,
    )
    assert [ind[f"changes.admissions.{q}"] for q in ("q1", "q2", "q3", "q4")] == [2, 1, 1, 2]
    assert ind["changes.admissions.2026"] == 6


def test_quarters_after_the_cutoff_are_zero_and_later_admissions_not_counted() -> None:
    ind = org(
        events=events_frame(
            {"event_type": "admitted", "event_date": "2026-02-10"},
            {"event_type": "admitted", "event_date": "2026-05-10"},  # after D = 31/03/2026
        )
    )
    assert [ind[f"changes.admissions.{q}"] for q in ("q1", "q2", "q3", "q4")] == [1, 0, 0, 0]


def test_strike_grounds_count_struck_off_events_in_the_period_only() -> None:
    ind = org(
        events=events_frame(
            {"event_type": "struck_off", "event_date": "2024-04-04", "strike_ground": "absence_or_dues"},
            {"event_type": "struck_off", "event_date": "2025-04-04", "strike_ground": "absence_or_dues"},
            {"event_type": "struck_off", "event_date": "2025-06-04", "strike_ground": "card_returned"},
            {"event_type": "struck_off", "event_date": "2023-06-04", "strike_ground": "lost_will"},  # before
            {
                "event_type": "expelled",
                "event_date": "2025-06-04",
                "strike_ground": "other",
            },  # not struck off
        )
    )
    grounds = {c: ind[f"changes.strike_ground.{c}"] for c in vocab.STRIKE_GROUND.codes}
    assert grounds == {
        "absence_or_dues": 2,
        "card_returned": 1,
        "lost_will": 0,
        "two_years_violation": 0,
        "political_standard": 0,
        "not_recognised": 0,
        "other": 0,
    }


# --- ratings and training -------------------------------------------------------------------


def test_ratings_and_training_are_summed_per_year_of_the_period() -> None:
    ind = org(
        years=years_frame(
            {
                "year": 2024,
                "candidates_trained": 5,
                "new_members_trained": 3,
                "new_members_completed": 2,
                "rated_excellent": 2,
                "rated_good": 10,
                "rated_pass": 3,
                "rated_fail": 1,
                "not_rated": 0,
            },
            # a second row for 2024 (e.g. two lines typed) adds up; empty cells are 0
            {"year": 2024, "candidates_trained": 1, "rated_good": 2},
            {"year": 2026, "rated_excellent": 1, "rated_good": 4, "not_rated": 2},
            {"year": 2023, "rated_excellent": 99, "candidates_trained": 99},  # outside the period
        )
    )
    assert [ind[f"ratings.2024.{c}"] for c in vocab.RATING.codes] == [2, 12, 3, 1, 0]
    assert [ind[f"ratings.2025.{c}"] for c in vocab.RATING.codes] == [0, 0, 0, 0, 0]
    assert [ind[f"ratings.2026.{c}"] for c in vocab.RATING.codes] == [1, 4, 0, 0, 2]
    assert (
        ind["training.2024.candidates_trained"],
        ind["training.2024.new_members_trained"],
        ind["training.2024.new_members_completed"],
    ) == (6, 3, 2)
    assert ind["training.2025.candidates_trained"] == 0
    assert not any(key.startswith(("ratings.2023", "training.2023")) for key in ind)


# --- presence, types, empty input -----------------------------------------------------------


def test_empty_frames_give_every_indicator_as_zero() -> None:
    for ind in (org(), compute_org_indicators(None, None, None, cutoff=CUTOFF, period_start=START)):
        assert list(ind) == indicator_ids(YEARS)
        assert ind["members.age_mean"] == 0.0
        assert all(v == 0 for v in ind.values())


def test_frames_built_without_dtypes_are_accepted() -> None:
    # e.g. a concatenation of empty frames yields object columns
    empty = {
        "members": pd.DataFrame(columns=[*layout.MEMBERS.keys, "_row"]),
        "events": pd.DataFrame(columns=[*layout.EVENTS.keys, "_row"]),
        "years": pd.DataFrame(columns=[*layout.YEARS.keys, "_row"]),
    }
    ind = compute_org_indicators(**empty, cutoff=CUTOFF, period_start=START)
    assert all(v == 0 for v in ind.values())


def test_string_dtype_and_object_columns_give_the_same_figures() -> None:
    members = members_frame(
        {"gender": "female", "working_away": "yes"}, {"exempt_from": "2020-01-01", "exempt_reason": "other"}
    )
    events = events_frame({"event_type": "struck_off", "strike_ground": "other"})
    as_str = members.astype({c: "str" for c in ("gender", "working_away", "exempt_reason", "occupation")})
    assert org(as_str, events) == org(members, events)


def test_every_listed_id_is_present_in_order_with_int_counts() -> None:
    ind = org(
        members_frame({}, {"official_date": None}),
        events_frame({}),
        years_frame({"year": 2025, "rated_good": 1}),
    )
    assert list(ind) == indicator_ids(YEARS)
    for key, value in ind.items():
        expected_type = float if key == "members.age_mean" else int
        assert type(value) is expected_type, key
    json.dumps(ind)  # plain Python numbers


# --- ward -----------------------------------------------------------------------------------


def registry() -> Registry:
    return Registry(
        [
            Organisation("CB01", "Chi bộ 1", "chi_bo_truc_thuoc", "to_dan_pho", targets={2024: 2, 2025: 3}),
            Organisation("CB02", "Chi bộ 2", "chi_bo_truc_thuoc", "to_dan_pho", targets={2024: 1, 2025: 0}),
            Organisation("CB03", "Chi bộ 3", "chi_bo_co_so", "doanh_nghiep", targets={2025: 4}),
            Organisation("DB01", "Đảng bộ 1", "dang_bo_co_so", "su_nghiep"),
            Organisation("CB04", "Chi bộ 4", None, None),
        ]
    )


def ward(**kwargs: Any) -> dict[str, int | float]:
    args: dict[str, Any] = {
        "cutoff": CUTOFF,
        "period_start": START,
        "registry": registry(),
        "submitted": 4,
        "consolidated": 3,
    }
    args.update(kwargs)
    members = args.pop("members", members_frame({}))
    events = args.pop(
        "events",
        events_frame(
            {"event_type": "admitted", "event_date": "2024-03-01"},
            {"event_type": "admitted", "event_date": "2025-03-01"},
            {"event_type": "readmitted", "event_date": "2025-04-01"},
            {"event_type": "admitted", "event_date": "2025-05-01"},
            {"event_type": "admitted", "event_date": "2026-01-20"},
        ),
    )
    return compute_ward_indicators(members, events, years_frame(), **args)


def test_ward_counts_organisations_by_tier_and_sector_over_the_registry() -> None:
    ind = ward()  # the registry's own values: CB04's are unknown
    assert (ind["orgs.registered"], ind["orgs.submitted"], ind["orgs.consolidated"]) == (5, 4, 3)
    assert {c: ind[f"orgs.tier.{c}"] for c in (*vocab.ORG_TIER.codes, "unknown")} == {
        "dang_bo_co_so": 1,
        "chi_bo_co_so": 1,
        "chi_bo_truc_thuoc": 2,
        "unknown": 1,
    }
    assert {c: ind[f"orgs.sector.{c}"] for c in (*vocab.SECTOR.codes, "unknown")} == {
        "su_nghiep": 1,
        "co_quan": 0,
        "luc_luong_vu_trang": 0,
        "to_dan_pho": 2,
        "doanh_nghiep": 1,
        "unknown": 1,
    }


def test_ward_counts_each_registry_organisation_as_the_run_resolves_it() -> None:
    # CB04's file says what the registry leaves blank; one per registry organisation.
    tiers = ["chi_bo_truc_thuoc", "chi_bo_truc_thuoc", "chi_bo_co_so", "dang_bo_co_so", "chi_bo_co_so"]
    sectors = ["to_dan_pho", "to_dan_pho", "doanh_nghiep", "su_nghiep", None]
    ind = ward(org_tiers=tiers, org_sectors=sectors)
    assert [ind[f"orgs.tier.{c}"] for c in (*vocab.ORG_TIER.codes, "unknown")] == [1, 2, 2, 0]
    assert [ind[f"orgs.sector.{c}"] for c in (*vocab.SECTOR.codes, "unknown")] == [1, 0, 0, 2, 1, 1]
    with pytest.raises(ValueError):  # not one entry per registry organisation
        ward(org_tiers=["chi_bo_co_so"], org_sectors=["co_quan"])


def test_ward_without_registry_counts_the_submitted_organisations() -> None:
    ind = ward(
        registry=None,
        submitted=3,
        consolidated=2,
        org_tiers=["chi_bo_co_so", "chi_bo_co_so", "dang_bo_co_so"],
        org_sectors=["co_quan", "doanh_nghiep", None],
    )
    assert ind["orgs.registered"] == 3
    assert [ind[f"orgs.tier.{c}"] for c in (*vocab.ORG_TIER.codes, "unknown")] == [1, 2, 0, 0]
    assert [ind[f"orgs.sector.{c}"] for c in (*vocab.SECTOR.codes, "unknown")] == [0, 1, 0, 0, 1, 1]
    # no targets without a registry: present as 0, and no rate
    assert [ind[f"targets.{y}"] for y in YEARS] == [0, 0, 0]
    assert not any(k.startswith("targets.rate.") for k in ind)


def test_targets_are_the_sum_of_the_registry_and_rates_are_absent_when_the_target_is_0() -> None:
    ind = ward()
    # 2024: 2 + 1; 2025: 3 + 0 + 4; 2026: nobody has a target
    assert [ind[f"targets.{y}"] for y in YEARS] == [3, 7, 0]
    # admissions 2024: 1 → 1/3 = 0.33333 → 0.3333
    # admissions 2025: 3 (2 admitted + 1 readmitted) → 3/7 = 0.428571 → 0.4286
    assert ind["targets.rate.2024"] == 0.3333
    assert ind["targets.rate.2025"] == 0.4286
    assert "targets.rate.2026" not in ind


def test_target_override_replaces_the_registry_for_the_years_it_names() -> None:
    ind = ward(target_override={2025: 8, 2026: 4})
    assert [ind[f"targets.{y}"] for y in YEARS] == [3, 8, 4]
    # 2025: 3/8 = 0.375; 2026: 1/4 = 0.25
    assert ind["targets.rate.2025"] == 0.375
    assert ind["targets.rate.2026"] == 0.25
    zero = ward(target_override={2024: 0})
    assert zero["targets.2024"] == 0 and "targets.rate.2024" not in zero


def test_rate_is_rounded_half_up_to_four_decimals() -> None:
    # 1 admission in 2024 against 16: 0.0625 exactly; against 32: 0.03125 → 0.0313 (half up)
    assert ward(target_override={2024: 16})["targets.rate.2024"] == 0.0625
    assert ward(target_override={2024: 32})["targets.rate.2024"] == 0.0313


def test_ward_ids_in_order_and_the_org_indicators_included() -> None:
    ind = ward(members=members_frame({}, {}, {"official_date": None}))
    ids = [k for k in ind if not k.startswith("targets.rate.")]
    assert ids == indicator_ids(YEARS, ward=True)
    assert (ind["members.total"], ind["members.probationary"]) == (3, 1)
    json.dumps(ind)


def test_empty_ward_gives_zeros_without_crashing() -> None:
    ind = compute_ward_indicators(
        None, None, None, cutoff=CUTOFF, period_start=START, registry=None, submitted=0, consolidated=0
    )
    assert list(ind) == indicator_ids(YEARS, ward=True)
    assert all(v == 0 for v in ind.values())


# --- the ward is the sum of its organisations -----------------------------------------------


def _random_attributes(rng: random.Random, pick: Any) -> dict[str, Any]:
    """Ethnicity, religion, title, occupation and the yes/no attributes of a member of a file
    of either version (an old file's member has them unknown and an old occupation)."""
    if rng.random() < 0.3:  # a 2026.1 file's member
        old = pick(vocab.OCCUPATION_2026_1.codes)
        return {
            "attributes_2026_2": False,
            "ethnicity": None,
            "religion": None,
            "occupation": vocab.occupation_from_2026_1(old),
            "occupation_2026_1": old,
        }
    return {
        "ethnicity": pick(vocab.ETHNICITY.codes[:6], empty=True),
        "religion": pick(vocab.RELIGION.codes, empty=True),
        "academic_title": pick(vocab.ACADEMIC_TITLE.codes, empty=True),
        "occupation": pick(vocab.OCCUPATION.codes, empty=True),
        "youth_union": pick(vocab.YES_NO.codes, empty=True),
        "private_owner": pick(vocab.YES_NO.codes, empty=True),
        "foreign_marriage": pick(vocab.YES_NO.codes, empty=True),
    }


def _random_org(rng: random.Random, size: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    def pick(codes: list[str], empty: bool = False) -> str | None:
        return rng.choice([*codes, None]) if empty else rng.choice(codes)

    def day(first: dt.date, last: dt.date) -> str:
        return (first + dt.timedelta(days=rng.randrange((last - first).days + 1))).isoformat()

    members = members_frame(
        *(
            {
                "birth_date": day(dt.date(1930, 1, 1), dt.date(2008, 12, 31)),
                "gender": pick(vocab.GENDER.codes),
                "official_date": rng.choice([None, day(dt.date(2000, 1, 1), dt.date(2026, 12, 31))]),
                "gen_edu": pick(vocab.GEN_EDU.codes),
                "prof_level": pick(vocab.PROF_LEVEL.codes),
                "theory_level": pick(vocab.THEORY_LEVEL.codes),
                **_random_attributes(rng, pick),
                "exempt_from": rng.choice([None, day(dt.date(2020, 1, 1), dt.date(2026, 12, 31))]),
                "exempt_reason": pick(vocab.EXEMPT_REASON.codes, empty=True),
                "working_away": pick(vocab.YES_NO.codes, empty=True),
                "admission_date": day(dt.date(1940, 1, 1), dt.date(2026, 3, 1)),
            }
            for _ in range(size)
        )
    )
    events = events_frame(
        *(
            {
                "event_type": pick(vocab.EVENT_TYPE.codes),
                "event_date": day(dt.date(2023, 6, 1), dt.date(2026, 8, 1)),
                "strike_ground": pick(vocab.STRIKE_GROUND.codes, empty=True),
                "transfer_scope": pick(vocab.TRANSFER_SCOPE.codes, empty=True),
            }
            for _ in range(size // 2)
        )
    )
    years = years_frame(
        *({"year": y, **{k: rng.randrange(5) for k in layout.YEAR_COUNT_KEYS}} for y in (2023, *YEARS))
    )
    return members, events, years


def test_every_ward_count_is_the_sum_of_the_organisations_counts() -> None:
    rng = random.Random(20260331)
    orgs = [_random_org(rng, size) for size in (0, 1, 7, 40, 25)]
    per_org = [org(*frames) for frames in orgs]
    whole = org(*(pd.concat([frames[i] for frames in orgs], ignore_index=True) for i in range(3)))
    for key in indicator_ids(YEARS):
        if key == "members.age_mean":
            continue
        assert whole[key] == sum(o[key] for o in per_org), key
    assert whole["members.total"] == 73


def _tagged(frames: list[pd.DataFrame], names: list[str]) -> pd.DataFrame:
    tagged = [f.assign(_org=name) for f, name in zip(frames, names, strict=True)]
    return pd.concat(tagged, ignore_index=True)


def _edge_org() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Rows on every boundary the statistics decide on (cut-off, period start, band edges)."""
    day_after = (CUTOFF + dt.timedelta(days=1)).isoformat()
    members = members_frame(
        {
            "birth_date": born(30),
            "official_date": CUTOFF.isoformat(),
            "exempt_from": CUTOFF.isoformat(),
            "exempt_reason": "other",
            "gender": "female",
        },
        {
            "birth_date": born(50),
            "official_date": day_after,
            "exempt_from": day_after,
            "exempt_reason": "abroad",
        },
        {"birth_date": born(30, days_before_birthday=1), "working_away": "yes", "occupation": "pupil"},
        {"birth_date": born(17), "theory_level": "bachelor", "prof_level": "doctor"},
        {"admission_date": "1945-08-18", "ethnicity": "02", "gender": "female", "religion": "buddhism"},
        {"admission_date": "1945-08-19", "academic_title": "professor", "youth_union": "yes"},
        {"admission_date": "1954-07-20", "attributes_2026_2": False, "occupation_2026_1": "student"},
        {"admission_date": "1954-07-21", "ethnicity": None, "occupation": None},
        {
            "admission_date": "1975-04-30",
            "exempt_from": "2020-02-02",
            "exempt_reason": "old_age_ill_health",
            "occupation": "retired",
        },
        {
            "admission_date": "1975-05-01",
            "exempt_from": "2020-02-02",
            "exempt_reason": None,
            "occupation": "retired",
        },
        {"gender": "female", "attributes_2026_2": False, "ethnicity": None, "religion": None},
    )
    events = events_frame(
        {"event_type": "admitted", "event_date": START.isoformat()},
        {"event_type": "readmitted", "event_date": CUTOFF.isoformat()},
        {"event_type": "admitted", "event_date": (START - dt.timedelta(days=1)).isoformat()},
        {"event_type": "struck_off", "event_date": day_after, "strike_ground": "other"},
        {"event_type": "struck_off", "event_date": CUTOFF.isoformat(), "strike_ground": "lost_will"},
        {"event_type": "expelled", "event_date": CUTOFF.replace(day=1, month=1).isoformat()},
        {"event_type": "transfer_in", "event_date": START.isoformat(), "transfer_scope": "internal"},
        {"event_type": "transfer_out", "event_date": CUTOFF.isoformat(), "transfer_scope": "internal"},
        {"event_type": "transfer_out", "event_date": CUTOFF.isoformat(), "transfer_scope": "other_province"},
        {"event_type": "transfer_in", "event_date": CUTOFF.isoformat()},
    )
    years = years_frame({"year": CUTOFF.year, "rated_good": 3}, {"year": CUTOFF.year, "rated_good": 2})
    return members, events, years


def test_all_organisations_in_one_pass_equal_each_organisation_alone() -> None:
    rng = random.Random(72)
    names = [f"HD{i:02d}" for i in range(1, 8)]
    orgs = [_random_org(rng, size) for size in (0, 1, 7, 40, 25, 3)] + [_edge_org()]
    grouped = compute_indicators_by_org(
        *(_tagged([frames[i] for frames in orgs], names) for i in range(3)),
        cutoff=CUTOFF,
        period_start=START,
        orgs=[*names, "HD99"],
    )
    for name, frames in zip(names, orgs, strict=True):
        alone = org(*frames)
        assert grouped[name] == alone, name
        assert list(grouped[name]) == list(alone), "indicator order differs"
    assert grouped["HD99"] == org(None, None, None)


def test_transfers_of_unknown_scope_are_counted_apart_and_stay_in_the_transfers() -> None:
    """A file of template 2026.1 (or an upgraded one not completed) has transfers without a
    scope: they count as the ward's transfers, and how many they are is said, since some may
    be moves inside the ward."""
    events = events_frame(
        {"event_type": "transfer_in", "event_date": "2026-01-05"},  # no scope
        {"event_type": "transfer_in", "event_date": "2025-03-01"},  # no scope, an earlier year
        {"event_type": "transfer_in", "event_date": "2026-02-01", "transfer_scope": "other_province"},
        {"event_type": "transfer_in", "event_date": "2026-02-01", "transfer_scope": "internal"},
        {"event_type": "transfer_out", "event_date": "2026-03-01", "transfer_scope": "same_province"},
        {"event_type": "transfer_out", "event_date": "2019-03-01"},  # before the period: not counted
        {"event_type": "died", "event_date": "2026-03-01"},  # no scope, and none needed
    )
    ind = org(members_frame(), events, years_frame())
    assert ind["changes.transfer_in.total"] == 3
    assert ind["changes.transfer_in.scope_unknown"] == 2
    assert ind["changes.transfer_in_internal.total"] == 1
    assert ind["changes.transfer_out.total"] == 1
    assert ind["changes.transfer_out.scope_unknown"] == 0


def test_the_ward_summed_from_its_organisations_equals_the_ward_from_its_rows() -> None:
    """The consolidation adds the organisations' indicators up (`summed_org_indicators`) rather
    than going through the ward's rows again: the same figures, in the same order, the mean
    age recomputed from its sums (and a ward of no organisation all zeros)."""
    rng = random.Random(331)
    names = [f"HD{i:02d}" for i in range(1, 8)]
    orgs = [_random_org(rng, size) for size in (0, 1, 7, 40, 25, 3)] + [_edge_org()]
    tagged = [_tagged([frames[i] for frames in orgs], names) for i in range(3)]
    by_org = compute_indicators_by_org(*tagged, cutoff=CUTOFF, period_start=START, orgs=names)
    whole = org(*(frame.drop(columns="_org") for frame in tagged))
    summed = summed_org_indicators(by_org.values(), YEARS)
    assert summed == whole
    assert list(summed) == list(whole)
    assert [type(v) for v in summed.values()] == [type(v) for v in whole.values()]
    assert summed_org_indicators([], YEARS) == org(None, None, None)
