"""The rules of the four work lists at their boundaries, on dates computed by hand.

Every expected date below was worked out on a calendar, not with the code under test: the
cut-off of most cases is 31/03/2026; 90 days later is 29/06/2026 (30 days to 30/04, 61 to
31/05, 91 to 30/06); twelve months later is 31/03/2027; the award dates after it are
19/05/2026, 02/09/2026, 07/11/2026 and 03/02/2027.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.core.dates import add_months
from toolkit.core.thresholds import Thresholds
from toolkit.worklists import badges, exemptions, probation, working_away
from toolkit.worklists.model import Context, Member, Readmission

D = dt.date(2026, 3, 31)


def day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def member(**values: object) -> Member:
    base: dict[str, object] = {
        "org_code": "CB01",
        "org_name": "Chi bộ 1",
        "path": Path("CB01.xlsx"),
        "row": 7,
        "full_name": "Nguyễn Văn An",
        "birth_date": day("10/10/1970"),
        "gender": "male",
    }
    return Member(**{**base, **values})  # type: ignore[arg-type]


# --- Dự bị đến hạn ------------------------------------------------------------------------------


def test_a_probation_ending_on_the_cutoff_is_due_and_not_overdue() -> None:
    due = probation.probation_due(day("31/03/2025"), None, D)
    assert due is not None and due.ends == D and not due.overdue
    # D is a Tuesday: 30 working days are six weeks, and three more for the days off within
    # them (Giỗ Tổ taken on Monday 27/04, 30/04, 01/05/2026).
    assert due.deadline == day("15/05/2026")
    assert probation.status_text(due) == "Đến hạn đúng ngày chốt; hạn xét chính thức 15/5/2026"


def test_a_probation_ending_90_days_after_the_cutoff_is_listed_and_91_days_is_not() -> None:
    due = probation.probation_due(day("29/06/2025"), None, D)
    assert due is not None and due.ends == day("29/06/2026") and due.days_late == -90
    # Ends Monday 29/06/2026: 30 working days from Tuesday 30/06 (no day off in July or August
    # before 2/9) end on Monday 10/08/2026. A row still ahead gives the deadline too, as the
    # guides say every row does (README, docs/excel.md): it said only "Còn 90 ngày".
    assert probation.status_text(due) == "Còn 90 ngày; hạn xét chính thức 10/8/2026"
    assert probation.probation_due(day("30/06/2025"), None, D) is None  # ends 30/06/2026 = D + 91


def test_a_probation_ended_before_the_cutoff_is_not_overdue_before_its_deadline() -> None:
    """Recognition may come up to 30 working days after the 12 months, as validation's
    `member.probation_overdue` reads it: until then the row says the 12 months have ended and
    by when the member must be considered, in black."""
    due = probation.probation_due(day("30/03/2025"), None, D)
    assert due is not None and due.ends == day("30/03/2026") and due.days_late == 1 and not due.overdue
    assert (
        probation.status_text(due) == "Đã hết 12 tháng dự bị 1 ngày; hạn xét chính thức 14/5/2026"
    )  # six weeks after Monday 30/03, and three days off (27/04, 30/04, 01/05/2026)


def test_a_probation_past_its_deadline_is_overdue() -> None:
    due = probation.probation_due(day("01/01/2025"), None, D)
    # Ended Thursday 01/01/2026; six weeks later, 12/02/2026; 16 + 31 days to D.
    assert due is not None and due.deadline == day("12/02/2026") and due.overdue and due.days_overdue == 47
    row = probation.entry(member(admission_date=day("01/01/2025")), Context(D))
    assert row is not None and row.flagged and row.note == "Quá hạn xét chính thức 47 ngày (hạn 12/02/2026)"
    assert row.due == day("01/01/2026") and row.source.cell == "I7"  # where the official date goes


def test_a_full_member_at_the_cutoff_is_not_listed_but_one_recognised_after_it_is() -> None:
    assert probation.probation_due(day("01/01/2025"), day("31/03/2026"), D) is None
    row = probation.entry(
        member(admission_date=day("01/01/2025"), official_date=day("02/04/2026")), Context(D)
    )
    assert row is not None and row.note == (
        "Quá hạn xét chính thức 47 ngày (hạn 12/02/2026); đã ghi ngày chính thức 02/4/2026"
    )


def test_a_probation_from_29_february_ends_on_28_february() -> None:
    due = probation.probation_due(day("29/02/2024"), None, day("28/02/2025"))
    assert due is not None and due.ends == day("28/02/2025") and not due.overdue


# --- Huy hiệu Đảng ------------------------------------------------------------------------------


def test_the_award_dates_of_a_list_are_the_four_after_the_cutoff() -> None:
    assert badges.award_dates(D) == [day(d) for d in ("19/05/2026", "02/09/2026", "07/11/2026", "03/02/2027")]
    # A cut-off on an award date: that day belongs to the previous list, a year later to this one.
    assert badges.award_dates(day("19/05/2026")) == [
        day(d) for d in ("02/09/2026", "07/11/2026", "03/02/2027", "19/05/2027")
    ]


@given(st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)))
def test_every_cutoff_has_exactly_four_award_dates(cutoff: dt.date) -> None:
    dates = badges.award_dates(cutoff)
    assert len(dates) == 4 and all(cutoff < d <= add_months(cutoff, 12) for d in dates)


@pytest.mark.parametrize(
    ("admitted", "years", "reached", "award"),
    [
        ("19/05/1996", 30, "19/05/2026", "19/05/2026"),  # reached on an award date: that day
        ("20/05/1996", 30, "20/05/2026", "02/09/2026"),  # the day after: the next one
        ("29/02/1996", 30, "01/03/2026", "19/05/2026"),  # reached before the cut-off, awarded after
        ("03/02/1997", 30, "03/02/2027", "03/02/2027"),  # the last award date of the window
        ("08/11/1986", 40, "08/11/2026", "03/02/2027"),
        ("02/09/1981", 45, "02/09/2026", "02/09/2026"),
        ("07/11/1936", 90, "07/11/2026", "07/11/2026"),
    ],
)
def test_a_milestone_is_awarded_on_the_first_award_date_on_or_after_it(
    admitted: str, years: int, reached: str, award: str
) -> None:
    assert badges.badge_due(day(admitted), D) == badges.Badge(years, day(reached), day(award))


@pytest.mark.parametrize(
    "admitted",
    [
        "04/02/1997",  # 30 years on 04/02/2027, after the last award date: awarded 19/05/2027
        "03/02/1996",  # 30 years on 03/02/2026: awarded on the cut-off's previous list
        "19/05/1991",  # 35 years: no badge
        "19/05/1931",  # 95 years: no badge
        "19/05/2001",  # 25 years
    ],
)
def test_no_badge_falls_in_the_window(admitted: str) -> None:
    assert badges.badge_due(day(admitted), D) is None


def test_a_party_age_reached_on_29_february_of_a_leap_year() -> None:
    cutoff = day("31/12/2027")  # award dates 03/02, 19/05, 02/09, 07/11/2028
    assert badges.badge_due(day("29/02/1988"), cutoff) == badges.Badge(
        40, day("29/02/2028"), day("19/05/2028")
    )
    # The same member on the list of 31/03/2027: 29/02/2028 is after its last award date (03/02/2028).
    assert badges.badge_due(day("29/02/1988"), day("31/03/2027")) is None


def test_a_cutoff_on_an_award_date_leaves_that_days_awards_to_the_previous_list() -> None:
    cutoff = day("19/05/2026")
    assert badges.badge_due(day("19/05/1996"), cutoff) is None
    assert badges.badge_due(day("19/05/1997"), cutoff) == badges.Badge(
        30, day("19/05/2027"), day("19/05/2027")
    )


def test_a_member_with_a_readmission_row_is_marked_for_a_hand_check() -> None:
    someone = member(
        full_name="Trần  Thị  Bình",
        birth_date=day("01/02/1950"),
        admission_date=day("19/05/1976"),
        official_date=day("19/05/1977"),
    )
    readmitted = {("trần thị bình", day("01/02/1950")): Readmission("CB02.xlsx", 5)}
    row = badges.entry(someone, Context(D, readmitted))
    assert row is not None and row.flagged and row.details == (day("19/05/1976"), 50, day("19/05/2026"))
    assert row.note == "Tính lại tuổi đảng: có dòng “Kết nạp lại” (CB02.xlsx, Biến động dòng 5)"
    other = badges.entry(
        someone, Context(D, {("trần thị bình", day("02/02/1950")): Readmission("CB02.xlsx", 5)})
    )
    assert other is not None and not other.flagged and other.note is None


# --- Miễn, tạm miễn -----------------------------------------------------------------------------


def test_a_temporary_exemption_exactly_12_months_old_is_not_listed_one_day_older_is() -> None:
    assert exemptions.temporary_over_limit(day("31/03/2025"), "long_treatment", D) is None
    assert exemptions.temporary_over_limit(day("30/03/2025"), "long_treatment", D) == day("30/03/2026")
    # From 29/02/2024, the 12 months are complete on 28/02/2025.
    assert exemptions.temporary_over_limit(day("29/02/2024"), "abroad", day("28/02/2025")) is None
    assert exemptions.temporary_over_limit(day("29/02/2024"), "abroad", day("01/03/2025")) == day(
        "28/02/2025"
    )


def test_every_reason_but_old_age_is_temporary_an_empty_one_included() -> None:
    old = day("01/01/2020")
    assert exemptions.temporary_over_limit(old, "old_age_ill_health", D) is None
    for reason in (
        "long_treatment",
        "working_away",
        "abroad",
        "maternity",
        "awaiting_retirement",
        "other",
        None,
    ):
        assert exemptions.temporary_over_limit(old, reason, D) == day("01/01/2021"), reason
    assert exemptions.temporary_over_limit(None, "long_treatment", D) is None  # cannot be timed


def test_an_old_age_exemption_below_the_threshold_is_listed_until_the_birthday() -> None:
    man = exemptions.old_age_below_threshold("old_age_ill_health", day("01/04/1966"), "male", D)
    assert man == exemptions.ExemptionReview("old_age_below_threshold", day("01/04/2026"), 59, 60)
    assert exemptions.old_age_below_threshold("old_age_ill_health", day("31/03/1966"), "male", D) is None
    woman = exemptions.old_age_below_threshold("old_age_ill_health", day("01/04/1971"), "female", D)
    assert woman is not None and (woman.age, woman.threshold) == (54, 55)
    assert exemptions.old_age_below_threshold("old_age_ill_health", day("31/03/1971"), "female", D) is None
    assert exemptions.old_age_below_threshold("long_treatment", day("01/04/1971"), "female", D) is None
    assert exemptions.old_age_below_threshold("old_age_ill_health", day("01/04/1971"), None, D) is None


def test_the_thresholds_come_from_one_setting_that_callers_may_change() -> None:
    young = member(gender="female", birth_date=day("01/04/1974"), exempt_reason="old_age_ill_health")
    assert exemptions.entry(young, Context(D)) is not None  # 51 < 55
    assert exemptions.entry(young, Context(D, thresholds=Thresholds(50, 50))) is None


def test_an_exemption_row_links_to_the_cell_that_explains_it() -> None:
    temporary = exemptions.entry(member(exempt_from=day("15/01/2025"), exempt_reason="abroad"), Context(D))
    assert temporary is not None and temporary.source.cell == "R7" and temporary.due == day("15/01/2026")
    assert temporary.note == "Tạm miễn đã được 14 tháng (quá 12 tháng)"
    barely = exemptions.entry(member(exempt_from=day("30/03/2025"), exempt_reason="abroad"), Context(D))
    assert barely is not None and barely.note == "Tạm miễn đã quá 12 tháng"
    assert temporary.details == ("Nam", day("15/01/2025"), "Ra nước ngoài")
    old = exemptions.entry(
        member(
            birth_date=day("10/10/1970"), exempt_from=day("01/01/2026"), exempt_reason="old_age_ill_health"
        ),
        Context(D),
    )
    assert old is not None and old.source.cell == "S7" and old.due == day("10/10/2030")
    assert old.note == "Miễn vì tuổi cao nhưng đến ngày chốt mới 55 tuổi (cần từ 60 tuổi)"


def test_an_exemption_note_counts_the_months_the_list_times_it_by() -> None:
    """The months a note says are the calendar months of the 12 (`add_months`, design §8 "Two
    calendars"): from 31/03/2025 the 12 months are complete on 31/03/2026 and the 13th on
    30/04/2026, April having no 31st. The note said only "đã quá 12 tháng" there, and at
    28/02/2026 for an exemption from 31/01/2025: one month short on a short month's last day
    (hunt320)."""
    from_31_march = member(exempt_from=day("31/03/2025"), exempt_reason="abroad")
    at_30_april = exemptions.entry(from_31_march, Context(day("30/04/2026")))
    assert at_30_april is not None and at_30_april.due == day("31/03/2026")
    assert at_30_april.note == "Tạm miễn đã được 13 tháng (quá 12 tháng)"
    from_31_january = member(exempt_from=day("31/01/2025"), exempt_reason="abroad")
    at_28_february = exemptions.entry(from_31_january, Context(day("28/02/2026")))
    assert at_28_february is not None and at_28_february.note == "Tạm miễn đã được 13 tháng (quá 12 tháng)"
    # The day before the 13th month is complete: still "quá 12 tháng", no month more.
    at_29_april = exemptions.entry(from_31_march, Context(day("29/04/2026")))
    assert at_29_april is not None and at_29_april.note == "Tạm miễn đã quá 12 tháng"
    # Timed from an admission on the 31st (`member.exempt_before_admission`): likewise.
    early = member(admission_date=day("31/01/2025"), exempt_from=day("01/01/2025"), exempt_reason="abroad")
    row = exemptions.entry(early, Context(day("28/02/2026")))
    assert row is not None and row.note is not None
    assert row.note.endswith("tính từ ngày vào Đảng, tạm miễn đã được 13 tháng (quá 12 tháng)")


# --- Đi làm ăn xa -------------------------------------------------------------------------------


def test_members_working_away_by_the_flag_or_by_the_exemption_reason() -> None:
    assert working_away.entry(member(working_away="yes"), Context(D)) is not None
    assert working_away.entry(member(working_away="no"), Context(D)) is None
    assert working_away.entry(member(), Context(D)) is None
    by_reason = working_away.entry(
        member(working_away=None, exempt_from=day("01/03/2026"), exempt_reason="working_away"), Context(D)
    )
    assert by_reason is not None and by_reason.note == "Chưa đánh dấu cột “Đi làm ăn xa”"
    assert by_reason.source.cell == "S7" and by_reason.due == day("01/03/2027")


@pytest.mark.parametrize(
    ("exempt_from", "reason", "state"),
    [
        (None, None, "Không miễn"),
        ("01/03/2026", "working_away", "Tạm miễn"),
        ("31/03/2025", "working_away", "Tạm miễn"),  # exactly 12 months
        ("30/03/2025", "working_away", "Tạm miễn đã quá 12 tháng"),
        (None, "working_away", "Tạm miễn, chưa ghi ngày"),
        ("01/04/2026", "working_away", "Tạm miễn từ 01/4/2026 (sau ngày chốt)"),
        ("01/01/2020", "old_age_ill_health", "Miễn (tuổi cao, sức khỏe yếu)"),  # fix379
        (None, "old_age_ill_health", "Miễn (tuổi cao, sức khỏe yếu), chưa ghi ngày"),  # hunt164 F2
        ("01/04/2026", "old_age_ill_health", "Miễn (tuổi cao, sức khỏe yếu) từ 01/4/2026 (sau ngày chốt)"),
    ],
)
def test_the_exemption_state_of_a_member_working_away(
    exempt_from: str | None, reason: str | None, state: str
) -> None:
    start = day(exempt_from) if exempt_from else None
    assert working_away.exemption_state(start, reason, D) == state
    row = working_away.entry(member(working_away="yes", exempt_from=start, exempt_reason=reason), Context(D))
    assert row is not None and row.details[2] == state and row.source.cell == "T7"


def test_a_member_of_a_2026_1_file_links_to_the_cell_of_that_template() -> None:
    old = member(admission_date=day("01/01/2025"), template_version="2026.1")
    row = probation.entry(old, Context(D))
    assert row is not None and row.source.cell == "G7"  # Ngày chính thức in template 2026.1


def test_an_exemption_without_a_reason_says_it_was_counted_as_temporary() -> None:
    """hunt116 F4: its reason cell was blank and its note read as any temporary exemption's."""
    found = exemptions.entry(member(exempt_from=day("01/01/2024"), exempt_reason=None), Context(D))
    assert found is not None and found.details[2] is None
    assert found.note == "Chưa ghi lý do miễn (tính là tạm miễn); tạm miễn đã được 26 tháng (quá 12 tháng)"
