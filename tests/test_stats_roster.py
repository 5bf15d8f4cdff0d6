"""The roster indicators of template 2026.2 on hand-made frames: ethnicity, religion, the yes/no
attributes, academic titles, party-age eras, occupations with their `unknown` bucket, full and
temporary exemptions, and transfers inside the ward. Every expected value is counted by hand
in the test."""

from __future__ import annotations

import pandas as pd
from helpers_stats import CUTOFF, START, events_frame, members_frame, org

from toolkit.core import vocab
from toolkit.stats.grouped import compute_indicators_by_org

OLD_FILE = {"attributes_2026_2": False, "ethnicity": None, "religion": None}


def test_an_admission_falls_in_its_era_on_each_boundary_day() -> None:
    days = {
        "1945-08-18": "before_1945",
        "1945-08-19": "1945_1954",  # the first day of the second era
        "1954-07-20": "1945_1954",  # its last day
        "1954-07-21": "1954_1975",
        "1975-04-30": "1954_1975",
        "1975-05-01": "from_1975",
        "2026-03-01": "from_1975",
    }
    for day, era in days.items():
        ind = org(members_frame({"admission_date": day}))
        counts = {
            suffix: ind[f"members.era.{suffix}"]
            for suffix in ("before_1945", "1945_1954", "1954_1975", "from_1975")
        }
        assert counts == {suffix: int(suffix == era) for suffix in counts}, day


def test_ethnic_groups_with_their_women_the_minorities_and_the_unknown() -> None:
    ind = org(
        members_frame(
            {"ethnicity": "01"},
            {"ethnicity": "01", "gender": "female"},
            {"ethnicity": "02", "gender": "female"},
            {"ethnicity": "02"},
            {"ethnicity": "04", "gender": "female"},
            {**OLD_FILE},  # a 2026.1 file: unknown
        )
    )
    assert ind["members.ethnicity.01"] == 2
    assert ind["members.ethnicity.02"] == 2
    assert ind["members.ethnicity.04"] == 1
    assert ind["members.ethnicity.unknown"] == 1
    assert ind["members.ethnic_minority"] == 3  # Tày 2, Hoa 1; the unknown is no minority
    assert ind["members.ethnicity.01.female"] == 1
    assert ind["members.ethnicity.02.female"] == 1
    assert ind["members.ethnicity.04.female"] == 1
    known = sum(ind[f"members.ethnicity.{c}"] for c in vocab.ETHNICITY.codes)
    assert known + ind["members.ethnicity.unknown"] == ind["members.total"] == 6


def test_religions_the_religious_and_the_unknown() -> None:
    ind = org(
        members_frame(
            {"religion": "none"},
            {"religion": "none"},
            {"religion": "buddhism", "gender": "female"},
            {"religion": "catholicism"},
            {"religion": None},  # an upgraded file not completed yet
        )
    )
    assert [ind[f"members.religion.{c}"] for c in ("none", "buddhism", "catholicism")] == [2, 1, 1]
    assert ind["members.religious"] == 2
    assert ind["members.religion.unknown"] == 1
    assert ind["members.religion.buddhism.female"] == 1
    assert ind["members.religion.none.female"] == 0


def test_yes_no_attributes_and_titles_are_unknown_only_for_files_without_them() -> None:
    ind = org(
        members_frame(
            {"youth_union": "yes", "academic_title": "associate_professor"},
            {"youth_union": "no", "private_owner": "yes"},
            {"youth_union": None, "foreign_marriage": "yes", "academic_title": "professor"},
            {},  # empty cells of a current file: Không, no title
            {**OLD_FILE},
            {**OLD_FILE},
        )
    )
    assert ind["members.youth_union"] == 1
    assert ind["members.private_owner"] == 1
    assert ind["members.foreign_marriage"] == 1
    for key in ("members.youth_union", "members.private_owner", "members.foreign_marriage"):
        assert ind[f"{key}.unknown"] == 2, key
    assert ind["members.academic.associate_professor"] == 1
    assert ind["members.academic.professor"] == 1
    assert ind["members.academic.unknown"] == 2


def test_full_and_temporary_exemptions_at_the_cutoff() -> None:
    ind = org(
        members_frame(
            {"exempt_from": "2020-01-01", "exempt_reason": "old_age_ill_health"},  # full
            {"exempt_from": CUTOFF.isoformat(), "exempt_reason": "working_away"},  # temporary, from D
            {"exempt_from": "2025-01-01", "exempt_reason": "maternity"},  # temporary
            {"exempt_from": "2025-01-01", "exempt_reason": None},  # no reason: not the full exemption
            {"exempt_from": "2026-04-01", "exempt_reason": "old_age_ill_health"},  # after D: not exempt
            {},
        )
    )
    assert ind["members.exempt"] == 4
    assert ind["members.exempt.full"] == 1
    assert ind["members.exempt.temporary"] == 3
    assert ind["members.exempt.full"] + ind["members.exempt.temporary"] == ind["members.exempt"]


def test_retired_members_with_the_full_exemption() -> None:
    retired = {"occupation": "retired"}
    ind = org(
        members_frame(
            {**retired, "exempt_from": "2020-01-01", "exempt_reason": "old_age_ill_health"},  # counted
            {**retired, "exempt_from": CUTOFF.isoformat(), "exempt_reason": "old_age_ill_health"},  # from D
            {**retired, "exempt_from": "2026-04-01", "exempt_reason": "old_age_ill_health"},  # after D
            {**retired, "exempt_from": "2020-01-01", "exempt_reason": "long_treatment"},  # temporary
            {**retired},  # not exempt
            {"occupation": "farmer", "exempt_from": "2020-01-01", "exempt_reason": "old_age_ill_health"},
        )
    )
    assert ind["members.occupation.retired"] == 5
    assert ind["members.occupation.retired.exempt"] == 2
    assert ind["members.exempt.full"] == 3


def test_members_with_the_full_exemption_counted_in_line_a() -> None:
    """hunt261 G2: exempted in full, of a working occupation (or an unknown one whose old
    occupation is a working one): in Biểu 3's line a, said by its note."""
    full = {"exempt_from": "2020-01-01", "exempt_reason": "old_age_ill_health"}
    ind = org(
        members_frame(
            {"occupation": "farmer", **full},  # counted
            {"occupation": "other", **full},  # counted
            {"occupation": None, "occupation_2026_1": "student", **full},  # old working: counted
            {"occupation": None, "occupation_2026_1": "retired", **full},  # old retired: not in line a
            {"occupation": "retired", **full},  # the retired's line
            {"occupation": "farmer", "exempt_from": "2020-01-01", "exempt_reason": "long_treatment"},
            {"occupation": "farmer", "exempt_from": "2026-04-01", "exempt_reason": "old_age_ill_health"},
            {"occupation": "farmer"},
        )
    )
    assert ind["members.occupation.working.exempt"] == 3
    assert ind["members.occupation.retired.exempt"] == 1
    assert ind["members.exempt.full"] == 5


def test_the_unknown_ethnicity_and_religion_count_their_women_too() -> None:
    ind = org(
        members_frame(
            {"gender": "female", **OLD_FILE},
            {"gender": "female", **OLD_FILE},
            {"gender": "male", **OLD_FILE},
            {"gender": "female", "ethnicity": "01", "religion": "none"},
        )
    )
    assert ind["members.ethnicity.unknown"] == ind["members.religion.unknown"] == 3
    assert ind["members.ethnicity.unknown.female"] == ind["members.religion.unknown.female"] == 2
    assert ind["members.ethnicity.01.female"] == ind["members.religion.none.female"] == 1


def test_internal_transfers_have_their_own_ids_and_are_not_the_wards_changes() -> None:
    ind = org(
        None,
        events_frame(
            {"event_type": "transfer_in", "event_date": "2024-02-02", "transfer_scope": "internal"},
            {"event_type": "transfer_in", "event_date": "2025-02-02", "transfer_scope": "other_province"},
            {"event_type": "transfer_in", "event_date": "2025-03-03", "transfer_scope": None},  # an old file
            {"event_type": "transfer_out", "event_date": "2026-01-02", "transfer_scope": "internal"},
            {"event_type": "transfer_out", "event_date": "2026-01-03", "transfer_scope": "internal"},
            {"event_type": "transfer_out", "event_date": "2026-01-04", "transfer_scope": "same_province"},
            {
                "event_type": "transfer_out",
                "event_date": "2023-12-31",
                "transfer_scope": "internal",
            },  # before
        ),
    )
    assert [ind[f"changes.transfer_in.{y}"] for y in (2024, 2025, 2026)] == [0, 2, 0]
    assert [ind[f"changes.transfer_in_internal.{y}"] for y in (2024, 2025, 2026)] == [1, 0, 0]
    assert [ind[f"changes.transfer_out.{y}"] for y in (2024, 2025, 2026)] == [0, 0, 1]
    assert [ind[f"changes.transfer_out_internal.{y}"] for y in (2024, 2025, 2026)] == [0, 0, 2]
    assert ind["changes.transfer_in.total"] == 2
    assert ind["changes.transfer_out_internal.total"] == 2


def test_an_internal_move_leaves_the_ward_total_unchanged_and_is_the_sum_of_its_organisations() -> None:
    # One member moves from HD01 to HD02 inside the ward; HD03 receives one from outside.
    move = {"full_name": "Lê Văn Cường", "birth_date": "1985-05-05", "transfer_scope": "internal"}
    events = pd.concat(
        [
            events_frame({**move, "event_type": "transfer_out", "event_date": "2025-05-05"}).assign(
                _org="HD01"
            ),
            events_frame({**move, "event_type": "transfer_in", "event_date": "2025-05-06"}).assign(
                _org="HD02"
            ),
            events_frame(
                {"event_type": "transfer_in", "event_date": "2025-07-07", "transfer_scope": "same_province"}
            ).assign(_org="HD03"),
        ],
        ignore_index=True,
    )
    members = members_frame().assign(_org="HD01").iloc[:0]
    years = pd.DataFrame({"year": pd.Series(dtype="Int64"), "_org": pd.Series(dtype=object)})
    for key in ("candidates_trained", "new_members_trained", "new_members_completed"):
        years[key] = pd.Series(dtype="Int64")
    for code in vocab.RATING.codes:
        years[f"rated_{code}" if code != "not_rated" else "not_rated"] = pd.Series(dtype="Int64")
    by_org = compute_indicators_by_org(
        members, events, years, cutoff=CUTOFF, period_start=START, orgs=["HD01", "HD02", "HD03"]
    )
    ward = org(None, events.drop(columns="_org"))
    assert ward["changes.transfer_in.total"] == 1  # only the one from outside the ward
    assert ward["changes.transfer_out.total"] == 0
    assert ward["changes.transfer_in_internal.total"] == ward["changes.transfer_out_internal.total"] == 1
    for key in (
        "changes.transfer_in.total",
        "changes.transfer_in_internal.total",
        "changes.transfer_out_internal.total",
    ):
        assert ward[key] == sum(o[key] for o in by_org.values()), key
    assert by_org["HD01"]["changes.transfer_out_internal.2025"] == 1
    assert by_org["HD02"]["changes.transfer_in_internal.2025"] == 1
    assert by_org["HD02"]["changes.transfer_in.2025"] == 0
