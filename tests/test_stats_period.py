"""The forms' period figures (`period.*`, `admitted.*`, `orgs.grassroots.*`) on hand-made frames.

Every expected value is counted by hand in the test: events on the first and the last day of
the form period, an admission followed by a transfer out inside it, internal transfers with
both sides in the period never counted as B or C (one side alone is in transit: B or C),
`Kết nạp lại` inside `Kết nạp`, a transfer without scope (template 2026.1),
ages on the admission date at the band boundaries, and Biểu 1's balance D = A + B − C on
random rosters (hypothesis)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from helpers_stats import CUTOFF, events_frame, members_frame
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.core import vocab
from toolkit.stats.grouped import ORG_KEY
from toolkit.stats.period import (
    JOINS,
    LEAVES,
    compute_period_by_org,
    period_ids,
    ward_period,
)

FORM_PERIOD = (dt.date(2026, 1, 1), CUTOFF)


def tagged(frame: pd.DataFrame, *orgs: str) -> pd.DataFrame:
    """The frame with each row's organisation (one per row, in order)."""
    out = frame.copy()
    out[ORG_KEY] = list(orgs)
    return out


def period(
    members: pd.DataFrame,
    events: pd.DataFrame,
    orgs: tuple[str, ...] = ("A",),
    *,
    tiers: dict[str, str | None] | None = None,
    no_candidates: dict[str, bool] | None = None,
    form_period: tuple[dt.date, dt.date] = FORM_PERIOD,
) -> dict[str, dict[str, int | float]]:
    return compute_period_by_org(
        members,
        events,
        form_period=form_period,
        orgs=orgs,
        tiers=tiers or {},
        no_candidates_left=no_candidates or {},
    )


def one_org(members: list[dict[str, Any]], events: list[dict[str, Any]]) -> dict[str, int | float]:
    m = tagged(members_frame(*members), *("A" for _ in members))
    e = tagged(events_frame(*events), *("A" for _ in events))
    return period(m, e)["A"]


def test_events_on_the_first_and_last_day_count_and_the_days_outside_do_not() -> None:
    ind = one_org(
        [{}],
        [
            {"event_type": "died", "event_date": "2025-12-31"},  # the day before the period
            {"event_type": "died", "event_date": "2026-01-01"},  # its first day
            {"event_type": "died", "event_date": "2026-03-31"},  # its last day (the cut-off)
            {"event_type": "died", "event_date": "2026-04-01"},  # after the cut-off
        ],
    )
    assert ind["period.died"] == 2
    assert ind["period.closing"] == 1
    assert ind["period.opening"] == 1 + 2  # D − B + C


def test_admitted_then_transferred_out_counts_once_in_B_and_once_in_C() -> None:
    ind = one_org(
        [{"full_name": "Lê Văn Cường"}],
        [
            {"full_name": "Trần Thị Bình", "event_type": "admitted", "event_date": "2026-01-10"},
            {
                "full_name": "Trần Thị Bình",
                "event_type": "transfer_out",
                "event_date": "2026-02-20",
                "transfer_scope": "other_province",
            },
        ],
    )
    assert (ind["period.admitted"], ind["period.transfer_out"]) == (1, 1)
    assert ind["period.transfer_out.other_province"] == 1
    assert ind["period.opening"] == 1  # Cường was there; Bình came and went
    assert ind["admitted.total"] == 1
    # not on any roster of the ward: only the age (from the event row) is known
    assert ind["admitted.gender.unknown"] == 1
    assert ind["admitted.ethnicity.unknown"] == 1
    assert ind["admitted.youth_union.unknown"] == 1
    assert ind["admitted.age_known"] == 1
    assert ind["admitted.age_official.36_40"] == 1  # born 1/1/1990, admitted 10/1/2026: 36
    assert ind["admitted.age_sum"] == 36


def test_internal_transfers_are_never_B_or_C_at_any_level() -> None:
    m = tagged(
        members_frame({"full_name": "Phạm Văn Dũng", "birth_date": "1985-02-03"}, {"full_name": "Khác"}),
        "B",
        "A",
    )
    e = tagged(
        events_frame(
            {
                "full_name": "Phạm Văn Dũng",
                "birth_date": "1985-02-03",
                "event_type": "transfer_out",
                "event_date": "2026-02-01",
                "transfer_scope": "internal",
            },
            {
                "full_name": "Phạm Văn Dũng",
                "birth_date": "1985-02-03",
                "event_type": "transfer_in",
                "event_date": "2026-02-01",
                "transfer_scope": "internal",
            },
        ),
        "A",
        "B",
    )
    by_org = period(m, e, ("A", "B"))
    for code in ("A", "B"):
        assert by_org[code]["period.transfer_in"] == by_org[code]["period.transfer_out"] == 0
    assert by_org["A"]["period.transfer_out.internal"] == 1
    assert by_org["B"]["period.transfer_in.internal"] == 1
    ward = ward_period(by_org)
    assert ward["period.transfer_in"] == ward["period.transfer_out"] == 0
    assert ward["period.opening"] == ward["period.closing"] == 2


def test_readmission_is_inside_admissions_and_analysed_in_biểu_2() -> None:
    ind = one_org(
        [
            {
                "full_name": "Đỗ Thị Hoa",
                "birth_date": "1990-01-01",
                "gender": "female",
                "ethnicity": "06",
                "religion": "buddhism",
                "youth_union": "yes",
                "occupation": "farmer",
                "gen_edu": "lower_secondary",
                "prof_level": "college",
            }
        ],
        [
            {
                "full_name": "ĐỖ  thị hoa",
                "birth_date": "1990-01-01",
                "event_type": "readmitted",
                "event_date": "2026-02-01",
            },
            {
                "full_name": "Vũ Văn Kiên",
                "birth_date": "2000-03-31",
                "event_type": "admitted",
                "event_date": "2026-02-01",
            },
        ],
    )
    assert ind["period.readmitted"] == 1 and ind["period.admitted"] == 1
    assert ind["admitted.total"] == 2 and ind["admitted.readmitted"] == 1
    # Hoa matched on her roster row despite the spelling; Kiên is on no roster
    assert ind["admitted.gender.female"] == 1 and ind["admitted.gender.unknown"] == 1
    assert ind["admitted.ethnicity.06"] == 1 and ind["admitted.ethnic_minority"] == 1
    assert ind["admitted.religion.buddhism"] == 1 and ind["admitted.religious"] == 1
    assert ind["admitted.youth_union"] == 1 and ind["admitted.youth_union.unknown"] == 1
    assert ind["admitted.occupation.farmer"] == 1 and ind["admitted.occupation.unknown"] == 1
    assert ind["admitted.gen_edu.lower_secondary"] == 1 and ind["admitted.prof.college"] == 1
    assert ind["admitted.academic.unknown"] == 1  # Kiên's title is not known; Hoa has none


def test_an_admission_followed_by_an_internal_transfer_is_analysed_once_with_the_new_roster_row() -> None:
    m = tagged(
        members_frame({"full_name": "Ngô Minh Tâm", "birth_date": "1995-07-07", "occupation": "pupil"}), "B"
    )
    e = tagged(
        events_frame(
            {"full_name": "Ngô Minh Tâm", "birth_date": "1995-07-07", "event_type": "admitted"},
            {
                "full_name": "Ngô Minh Tâm",
                "birth_date": "1995-07-07",
                "event_type": "transfer_out",
                "transfer_scope": "internal",
            },
            {
                "full_name": "Ngô Minh Tâm",
                "birth_date": "1995-07-07",
                "event_type": "transfer_in",
                "transfer_scope": "internal",
            },
        ),
        "A",
        "A",
        "B",
    )
    e["event_date"] = pd.to_datetime(["2026-01-05", "2026-02-05", "2026-02-05"])
    by_org = period(m, e, ("A", "B"))
    ward = ward_period(by_org)
    assert ward["admitted.total"] == ward["period.admitted"] == 1
    assert by_org["A"]["admitted.occupation.pupil"] == 1  # counted where admitted, attributes from B
    assert ward["period.opening"] == 0 and ward["period.closing"] == 1


def test_age_on_the_admission_date_at_the_band_boundaries() -> None:
    # 30 the day before the 31st birthday, 31 on it; over 60 counts as gt60
    ind = one_org(
        [],
        [
            {"full_name": "Một", "birth_date": "1995-02-15", "event_date": "2026-02-14"},  # 30
            {"full_name": "Hai", "birth_date": "1995-02-15", "event_date": "2026-02-15"},  # 31
            {"full_name": "Ba", "birth_date": "1965-01-01", "event_date": "2026-01-01"},  # 61
            {"full_name": "Bốn", "birth_date": "1966-01-02", "event_date": "2026-01-01"},  # 59
        ],
    )
    assert ind["admitted.age_official.18_30"] == 1
    assert ind["admitted.age_official.31_35"] == 1
    assert ind["admitted.age_official.56_60"] == 1
    assert ind["admitted.age_official.gt60"] == 1
    assert ind["admitted.age_sum"] == 30 + 31 + 61 + 59
    assert ind["admitted.age_mean"] == 45.3  # 181 / 4 = 45.25, rounded half up


def test_transfers_without_a_scope_count_in_the_total_and_in_neither_part() -> None:
    e = events_frame(
        {"event_type": "transfer_in", "transfer_scope": None},
        {"event_type": "transfer_out", "transfer_scope": "same_province"},
    ).drop(columns=["transfer_scope"])  # the shape of a 2026.1 file's rows
    e["event_date"] = pd.to_datetime(["2026-02-01", "2026-02-01"])
    ind = period(tagged(members_frame(), "A"), tagged(e, "A", "A"))["A"]
    assert ind["period.transfer_in"] == ind["period.transfer_in.unknown"] == 1
    assert ind["period.transfer_out"] == ind["period.transfer_out.unknown"] == 1
    assert ind["period.transfer_in.same_province"] == ind["period.transfer_out.same_province"] == 0


def test_struck_off_probationary_members_are_counted_apart() -> None:
    ind = one_org(
        [{}],
        [
            {"event_type": "struck_off", "event_date": "2026-02-01", "was_probationary": "yes"},
            {"event_type": "struck_off", "event_date": "2026-02-02", "was_probationary": None},
        ],
    )
    assert ind["period.struck_off"] == 2 and ind["period.struck_off.probationary"] == 1


def test_grassroots_organisations_with_an_admission_and_without_candidates() -> None:
    m = tagged(members_frame({}, {}, {}), "A", "B", "C")
    e = tagged(events_frame({"event_date": "2026-02-01"}, {"event_date": "2025-02-01"}), "A", "B")
    by_org = period(
        m,
        e,
        ("A", "B", "C"),
        tiers={"A": "chi_bo_co_so", "B": "chi_bo_co_so", "C": "chi_bo_truc_thuoc"},
        no_candidates={"B": True, "C": True},
    )
    ward = ward_period(by_org)
    assert ward["orgs.grassroots.chi_bo_co_so"] == 2
    assert ward["orgs.grassroots.chi_bo_co_so.with_admission"] == 1  # B's admission is before the period
    assert ward["orgs.grassroots.chi_bo_co_so.no_candidates_left"] == 1  # C is not grassroots
    assert ward["orgs.grassroots.dang_bo_co_so"] == 0


def test_every_id_is_present_for_an_organisation_without_rows() -> None:
    by_org = period(tagged(members_frame(), "A"), tagged(events_frame(), "A").iloc[0:0], ("A", "Z"))
    assert list(by_org["Z"]) == period_ids()
    assert all(v == 0 for v in by_org["Z"].values())


_EVENT_TYPES = st.sampled_from(vocab.EVENT_TYPE.codes)
_SCOPES = st.sampled_from([None, *vocab.TRANSFER_SCOPE.codes])
_DAYS = st.dates(dt.date(2025, 10, 1), dt.date(2026, 5, 1))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    roster=st.lists(st.sampled_from("ABC"), max_size=12),
    events=st.lists(st.tuples(st.sampled_from("ABC"), _EVENT_TYPES, _SCOPES, _DAYS), max_size=25),
)
def test_biểu_1_balances_for_every_organisation_and_the_ward(
    roster: list[str], events: list[tuple[str, str, str | None, dt.date]]
) -> None:
    m = tagged(members_frame(*({"full_name": f"Người {i}"} for i in range(len(roster)))), *roster)
    rows = [
        {"event_type": kind, "transfer_scope": scope, "event_date": day.isoformat()}
        for _, kind, scope, day in events
    ]
    e = tagged(events_frame(*rows), *(org for org, *_ in events))
    by_org = period(m, e, ("A", "B", "C"))
    ward = ward_period(by_org)
    for figures in (*by_org.values(), ward):
        joined = sum(int(figures[f"period.{k}"]) for k in JOINS)
        left = sum(int(figures[f"period.{k}"]) for k in LEAVES)
        assert figures["period.closing"] == figures["period.opening"] + joined - left
        for kind in ("transfer_in", "transfer_out"):
            parts = sum(
                int(figures[f"period.{kind}.{s}"])
                for s in ("same_province", "other_province", "unknown", "in_transit")
            )
            assert parts == figures[f"period.{kind}"]
        assert figures["admitted.total"] == figures["period.admitted"] + figures["period.readmitted"]
    assert ward["period.closing"] == len(roster)
    inside = [ev for ev in events if FORM_PERIOD[0] <= ev[3] <= FORM_PERIOD[1]]
    internal = sum(1 for _, k, s, _ in inside if k in ("transfer_in", "transfer_out") and s == "internal")
    settled = ward["period.transfer_in.internal"] + ward["period.transfer_out.internal"]
    in_transit = ward["period.transfer_in.in_transit"] + ward["period.transfer_out.in_transit"]
    assert settled + in_transit == internal
    counted = sum(int(ward[f"period.{k}"]) for k in vocab.EVENT_TYPE.codes)
    assert counted == len(inside) - settled
