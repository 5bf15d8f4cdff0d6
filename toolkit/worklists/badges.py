"""`Huy hiệu Đảng`: members who reach a badge's years of party age by an award date of the
coming twelve months.

The rule, at the cut-off date D:

- the badges are for 30, 40, 45, 50, … 90 years of party age (`MILESTONES`), counted from
  `Ngày vào Đảng`; N years are reached on the N-th anniversary (`core.dates.anniversary`;
  29 February → 1 March in a common year);
- badges are awarded on 3/2, 19/5, 2/9 and 7/11 (`AWARD_DAYS`); the award date of a
  milestone is the first of those on or after the day it is reached (a milestone reached on
  an award date is awarded that day);
- the list holds the members whose award date lies in the twelve months after D: after D
  and no later than D + 12 calendar months (so exactly four award dates, an award date on
  D itself belonging to the previous list). A milestone reached after the last award date
  of that window waits for the next list.
- A member with a `Kết nạp lại` row anywhere in the ward (same name and birth date; in any
  file read, one left out for its errors too) is marked: the party age of a readmitted member
  counts from the first admission minus the interruption, which the roster does not hold, so
  it must be recounted by hand. So is a member whose own `Ghi chú` says they were readmitted
  (`left_party.note_says_readmitted`: readmitted before the period, no `Kết nạp lại` row), the
  note quoted.
- A member with a `Phục hồi đảng tịch` row anywhere in the ward (found as a `Kết nạp lại` row
  is), or whose own `Ghi chú` says the membership was restored (`left_party.note_says_restored`),
  and no readmission, is marked too, but not recounted: whether the time out of the Party
  counts after a restoration depends on the restoration decision (Quy định 24-QĐ/TW, 2021), so
  the party age must be checked against it (hunt320 F2).
- A member the roll says is still probationary at the award date (no `Ngày chính thức`, one
  after that date, or one older than the member's `Kết nạp lại` row, the first membership's, as
  `Dự bị đến hạn` reads it) is marked too: party age counts from `Ngày vào Đảng` only once the
  member is recognised (Điều lệ Đảng, Điều 5), so the official date must be checked first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from toolkit.core import layout, vnformat, vocab
from toolkit.core.dates import add_months, anniversary, membership
from toolkit.worklists.model import Column, Context, Entry, ListSpec, Member

MILESTONES: tuple[int, ...] = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
AWARD_DAYS: tuple[tuple[int, int], ...] = ((2, 3), (5, 19), (9, 2), (11, 7))  # (month, day)
WINDOW_MONTHS = 12
RECOUNT = "Tính lại tuổi đảng"
CHECK = "Kiểm tra tuổi đảng"

SPEC = ListSpec(
    key="badges",
    sheet="Huy hiệu Đảng",
    title="DANH SÁCH ĐẢNG VIÊN ĐỦ TUỔI ĐẢNG ĐỂ XÉT TẶNG HUY HIỆU ĐẢNG",
    columns=(
        Column(layout.MEMBERS.field("admission_date").header, 12),
        Column("Huy hiệu (năm tuổi đảng)", 10),
        Column("Đủ tuổi đảng ngày", 12),
    ),
    due_header="Đợt trao",
)


@dataclass(frozen=True)
class Badge:
    years: int
    reached: dt.date
    award: dt.date


def first_award_on_or_after(day: dt.date) -> dt.date:
    """The first award date (3/2, 19/5, 2/9, 7/11) on or after `day`."""
    for year in (day.year, day.year + 1):
        for month, dom in AWARD_DAYS:
            candidate = dt.date(year, month, dom)
            if candidate >= day:
                return candidate
    raise AssertionError("unreachable: 3/2 of the next year is always later")


def award_window(cutoff: dt.date) -> tuple[dt.date, dt.date]:
    """The award dates a list covers: after `cutoff`, up to `cutoff` + 12 months (both ends as
    (exclusive, inclusive))."""
    return cutoff, add_months(cutoff, WINDOW_MONTHS)


def award_dates(cutoff: dt.date) -> list[dt.date]:
    """The award dates of the list made at `cutoff`, in order (always four)."""
    after, last = award_window(cutoff)
    dates = [dt.date(y, m, d) for y in (cutoff.year, cutoff.year + 1) for m, d in AWARD_DAYS]
    return [d for d in dates if after < d <= last]


def badge_due(admission: dt.date | None, cutoff: dt.date) -> Badge | None:
    """The badge awarded to a member admitted on `admission` in the window of `cutoff`, or None."""
    if admission is None:
        return None
    after, last = award_window(cutoff)
    for years in MILESTONES:
        reached = anniversary(admission, years)
        if reached > last:
            return None  # later milestones are later still
        award = first_award_on_or_after(reached)
        if after < award <= last:
            return Badge(years, reached, award)
    return None


def entry(member: Member, ctx: Context) -> Entry | None:
    badge = badge_due(member.admission_date, ctx.cutoff)
    if badge is None:
        return None
    note = None
    readmitted = ctx.readmission_of(member)
    if readmitted is not None:
        file, row = readmitted.file, readmitted.row
        label = vocab.EVENT_TYPE.label("readmitted")
        note = f"{RECOUNT}: có dòng “{label}” ({file}, {layout.SHEET_EVENTS} dòng {row})"
    elif member.note_readmitted is not None:
        note = f"{RECOUNT}: cột “Ghi chú” của dòng này ghi “{member.note_readmitted}”: {NOTE_MARK}"
    elif (restored := ctx.restoration_of(member)) is not None:
        label = vocab.EVENT_TYPE.label("restored")
        on = f" ngày {vnformat.date(restored.date)}" if restored.date is not None else ""
        where = f"{restored.file}, {layout.SHEET_EVENTS} dòng {restored.row}"
        note = f"{CHECK}: có dòng “{label}”{on} ({where}): {RESTORED_MARK}"
    elif member.note_restored is not None:
        note = f"{CHECK}: cột “Ghi chú” của dòng này ghi “{member.note_restored}”: {RESTORED_MARK}"
    # The row links to the cell its note asks to check: the admission date to recount from, else
    # the official date.
    cell = "admission_date"
    official = member.official_date
    # An official date older than the member's `Kết nạp lại` row is the first membership's
    # (`member.official_before_readmission`): the roll records no recognition since the
    # readmission, as `Dự bị đến hạn` reads it (hunt361; `core.dates.membership`, the one rule).
    again = readmitted.date if readmitted is not None else None
    first_membership = membership(member.admission_date, again, official).first_official
    if official is None or official > badge.award or first_membership:  # probationary, by the roll
        if official is None:
            unrecognised = "Chưa ghi ngày chính thức"
        elif first_membership and again is not None:
            unrecognised = (
                f"Ngày chính thức {vnformat.date(official)} ghi trên danh sách có trước ngày kết nạp lại "
                f"{vnformat.date(again)} (là của lần vào Đảng trước)"
            )
        else:
            unrecognised = f"Ngày chính thức {vnformat.date(official)} sau đợt trao"
        cell = cell if note else "official_date"
        note = f"{note}; {unrecognised[:1].lower()}{unrecognised[1:]}" if note else unrecognised
        note += f": {NOT_OFFICIAL_MARK}"
    return member.entry(
        details=(member.admission_date, badge.years, badge.reached),
        due=badge.award,
        note=note,
        cell_of=cell,
        flagged=note is not None,
    )


# The end of the note of a member the roll says is still probationary at the award date (no
# `Ngày chính thức`, or one after it): party age counts from the admission only once the member
# is recognised (Điều lệ Đảng, Điều 5), so no badge is due before it (hunt245).
NOT_OFFICIAL_MARK = (
    "đảng viên dự bị chưa có tuổi đảng để xét tặng huy hiệu (tuổi đảng tính từ ngày vào Đảng khi đã được "
    "công nhận chính thức), hãy kiểm tra ngày chính thức trước khi làm"
)

# The end of the note of a member whose own `Ghi chú` says they were readmitted.
NOTE_MARK = (
    "đảng viên kết nạp lại, tuổi đảng không tính thời gian ở ngoài Đảng, hãy kiểm tra tuổi đảng trước khi làm"
)

# The end of the note of a member whose membership was restored (a `Phục hồi đảng tịch` row, or
# their own `Ghi chú`): the time out of the Party counts or not as the decision says.
RESTORED_MARK = (
    "đảng viên được phục hồi đảng tịch, hãy kiểm tra tuổi đảng theo quyết định phục hồi đảng tịch "
    "trước khi làm"
)


def rule_text(ctx: Context) -> str:
    cutoff = ctx.cutoff
    dates = ", ".join(vnformat.date(d) for d in award_dates(cutoff))
    years = ", ".join(str(y) for y in MILESTONES)
    return (
        f"Đảng viên đủ {years} năm tuổi đảng vào một đợt trao huy hiệu trong 12 tháng sau ngày chốt "
        f"{vnformat.date(cutoff)} ({dates}); dòng chữ đỏ: có dòng “Kết nạp lại” hoặc cột “Ghi chú” ghi "
        "kết nạp lại, cần tính lại tuổi đảng; có dòng “Phục hồi đảng tịch” hoặc cột “Ghi chú” ghi phục "
        "hồi đảng tịch, cần kiểm tra tuổi đảng theo quyết định phục hồi; hoặc chưa là đảng viên chính "
        "thức vào đợt trao."
    )
