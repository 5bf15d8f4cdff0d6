"""`Miễn, tạm miễn`: temporary exemptions that have lasted over a year, and old-age
exemptions of members below the age for them.

The rules, at the cut-off date D:

- **Temporary exemption over 12 months.** An exemption is temporary for every reason but
  `Tuổi cao, sức khỏe yếu` (an empty reason included). Its 12 months are complete on
  `Miễn … từ ngày` + 12 calendar months (`core.dates.add_months`); it is listed when that day is
  before D, i.e. when it has lasted more than 12 months at D. "Exactly 12 months old" means
  that day is D itself (exempt since 31/03/2025 at D = 31/03/2026; exempt since 29/02/2024 at
  D = 28/02/2025): not listed yet; one day older is listed. An exemption without its start
  date cannot be timed and is not listed here (validation warns about it). No month before
  the member's admission counts: a temporary exemption dated before `Ngày vào Đảng` is timed
  from the admission and always listed, in red, its note saying the two dates contradict
  (`member.exempt_before_admission`). Nor does any month before a readmission: for a member
  with a `Kết nạp lại` row (any file, `Context.readmission_of`) dated after the roll's
  admission (the roll may keep the first admission date), one dated before that row is timed
  from it and listed alike, the note naming the row (`member.exempt_before_readmission`).
  An old-age exemption dated before the admission (or such a readmission) is listed red too,
  its note saying the dates contradict (fix376: it was left off whenever the member had the
  age, though validation warns of both kinds); it runs out on no day, so it has no due date
  unless the member is also below the age (below).
- **Old-age exemption below the age.** Reason `Tuổi cao, sức khỏe yếu` while the member's
  age in whole years at D is below the threshold of their gender (the ward's settings,
  `toolkit.core.thresholds`: 60 for men and 55 for women by default), as validation warns.
  An exemption that starts after D is not in force at D (design §6) and is judged at its
  start instead: granted on reaching the age after the cut-off, it is right and not listed.
  The due date is the day the member reaches that age.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from toolkit.core import layout, vnformat, vocab
from toolkit.core.dates import (
    add_months,
    anniversary,
    calendar_months,
    exempt_before,
    membership,
    whole_years,
)
from toolkit.core.thresholds import DEFAULT_THRESHOLDS, Thresholds
from toolkit.worklists.model import Column, Context, Entry, ListSpec, Member, Readmission

OLD_AGE = "old_age_ill_health"
TEMPORARY_LIMIT_MONTHS = 12

SPEC = ListSpec(
    key="exemptions",
    sheet="Miễn, tạm miễn",
    title="DANH SÁCH ĐẢNG VIÊN MIỄN, TẠM MIỄN CÔNG TÁC VÀ SINH HOẠT ĐẢNG CẦN XEM XÉT LẠI",
    columns=(
        Column(layout.MEMBERS.field("gender").header, 8),
        Column("Miễn từ ngày", 12),
        Column(layout.MEMBERS.field("exempt_reason").header, 22),
    ),
    due_header="Ngày đến hạn",
)


@dataclass(frozen=True)
class ExemptionReview:
    """Why an exemption is on the list, and the date that makes it so."""

    # "temporary_over_12_months", "temporary_before_admission", "old_age_below_threshold" or
    # "old_age_before_admission"
    kind: str
    # The day the 12 months were complete, or the day the member reaches the age; None for an
    # old-age exemption before the admission of a member of age (nothing falls due).
    due: dt.date | None
    age: int | None = None  # the member's age at the cut-off, or at `start` (old age only)
    threshold: int | None = None
    start: dt.date | None = None  # the exemption's start, when after the cut-off (old age only)
    # The `Kết nạp lại` row the membership counts from (the *_before_admission kinds only;
    # None: the roll's admission date).
    readmission: Readmission | None = None
    # Of old_age_before_admission: the member is also below the age (`age`, `threshold`).
    below_age: bool = False


def is_temporary(reason: str | None) -> bool:
    """Every reason but old age and ill health makes an exemption temporary."""
    return reason != OLD_AGE


def temporary_over_limit(exempt_from: dt.date | None, reason: str | None, cutoff: dt.date) -> dt.date | None:
    """The day a temporary exemption's 12 months were complete, when that is before `cutoff`
    (the exemption has lasted more than 12 months); otherwise None."""
    if exempt_from is None or not is_temporary(reason):
        return None
    complete = add_months(exempt_from, TEMPORARY_LIMIT_MONTHS)
    return complete if complete < cutoff else None


def old_age_below_threshold(
    reason: str | None,
    birth: dt.date | None,
    gender: str | None,
    cutoff: dt.date,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    exempt_from: dt.date | None = None,
) -> ExemptionReview | None:
    """An old-age exemption of a member younger than the threshold at `cutoff`, or at
    `exempt_from` when the exemption starts after the cut-off; otherwise None."""
    threshold = thresholds.old_age_by_gender.get(gender) if gender is not None else None
    if reason != OLD_AGE or birth is None or threshold is None:
        return None
    start = exempt_from if exempt_from is not None and exempt_from > cutoff else None
    age = whole_years(birth, start or cutoff)
    if age >= threshold:
        return None
    return ExemptionReview("old_age_below_threshold", anniversary(birth, threshold), age, threshold, start)


def admitted_on(member: Member, ctx: Context) -> tuple[dt.date | None, Readmission | None]:
    """The first day of the member's present membership and the `Kết nạp lại` row it is the
    date of: the roll's `Ngày vào Đảng` (and None), or the date of the member's `Kết nạp lại`
    row in any file when that is later (the roll may keep the first admission date, §5):
    `core.dates.membership`, validation's rule too."""
    again = ctx.readmission_of(member)
    held = membership(member.admission_date, again.date if again is not None else None)
    return held.start, again if held.readmitted else None


@dataclass(frozen=True)
class EarlyExemption:
    """An exemption dated before the member's present membership (`early_exemption`)."""

    start: dt.date  # its `Miễn … từ ngày`
    admitted: dt.date  # the admission or readmission it precedes (`admitted_on`)
    readmission: Readmission | None  # the `Kết nạp lại` row of `admitted`; None: the roll's


def early_exemption(member: Member, ctx: Context) -> EarlyExemption | None:
    """The member's exemption, of either kind, when it is dated before their admission, or
    their readmission (`admitted_on`; `core.dates.exempt_before`, validation's test too): one of
    the two dates is wrong, only a member can be exempted (`member.exempt_before_admission`,
    `member.exempt_before_readmission`). None when it is not (or a date is missing). The one
    test of both lists that say it, `Miễn, tạm miễn` and `Đi làm ăn xa`."""
    start, (admitted, again) = member.exempt_from, admitted_on(member, ctx)
    if start is None or admitted is None or not exempt_before(start, admitted):
        return None
    return EarlyExemption(start, admitted, again)


def review(member: Member, ctx: Context) -> ExemptionReview | None:
    """Whether (and why) the member's exemption is on the list."""
    early = early_exemption(member, ctx)
    if early is not None and is_temporary(member.exempt_reason):
        return ExemptionReview(
            "temporary_before_admission",
            add_months(early.admitted, TEMPORARY_LIMIT_MONTHS),
            readmission=early.readmission,
        )
    complete = temporary_over_limit(member.exempt_from, member.exempt_reason, ctx.cutoff)
    if complete is not None:
        return ExemptionReview("temporary_over_12_months", complete)
    young = old_age_below_threshold(
        member.exempt_reason, member.birth_date, member.gender, ctx.cutoff, ctx.thresholds, member.exempt_from
    )
    if early is not None:  # an old-age exemption dated before the admission: listed as a temporary one is
        if young is None:
            return ExemptionReview("old_age_before_admission", None, readmission=early.readmission)
        return replace(young, kind="old_age_before_admission", readmission=early.readmission, below_age=True)
    return young


# An exemption whose reason was never chosen is temporary (`is_temporary`): the list says why.
NO_REASON = "Chưa ghi lý do miễn (tính là tạm miễn)"


def contradiction(member: Member, ctx: Context) -> str | None:
    """The words of an exemption, of either kind, dated before the member's admission or
    readmission (`early_exemption`), the row of the readmission named; None when it is not.
    The one wording of both lists that say it, `Miễn, tạm miễn` and `Đi làm ăn xa` (fix379)."""
    early = early_exemption(member, ctx)
    if early is None:
        return None
    start, admitted, again = early.start, early.admitted, early.readmission
    if again is not None:
        where = f"{again.file}, {layout.SHEET_EVENTS} dòng {again.row}"
        return (
            f"Miễn từ {vnformat.date(start)}, trước ngày kết nạp lại "
            f"{vnformat.date(admitted)} ({where}): hai ngày trái nhau, hãy kiểm tra"
        )
    return (
        f"Miễn từ {vnformat.date(start)}, trước ngày vào Đảng "
        f"{vnformat.date(admitted)}: hai ngày trái nhau, hãy kiểm tra"
    )


# The rule line's words of such an exemption, on both lists (`contradiction`).
CONTRADICTION_RULE = (
    "Miễn hoặc tạm miễn ghi từ trước ngày vào Đảng hoặc ngày kết nạp lại (hai ngày trái nhau): dòng chữ "
    "đỏ; tạm miễn được tính từ ngày đó."
)


def _note(found: ExemptionReview, member: Member, ctx: Context) -> str:
    again = found.readmission
    admitted = again.date if again is not None else member.admission_date
    cutoff = ctx.cutoff
    said = contradiction(member, ctx)
    if found.kind == "old_age_before_admission" and said is not None:
        if not found.below_age:
            return said
        age = _old_age_note(found)
        return f"{said}; {age[:1].lower()}{age[1:]}"
    if found.kind == "temporary_before_admission" and said is not None and admitted is not None:
        months = calendar_months(admitted, cutoff)
        if months > TEMPORARY_LIMIT_MONTHS:
            lasted = f"đã được {vnformat.number(months)} tháng (quá 12 tháng)"
        elif found.due is not None and found.due < cutoff:
            lasted = "đã quá 12 tháng"
        else:
            lasted = f"mới được {vnformat.number(max(months, 0))} tháng"
        day = "kết nạp lại" if again is not None else "vào Đảng"
        return f"{said}; tính từ ngày {day}, tạm miễn {lasted}"
    if found.kind == "temporary_over_12_months" and member.exempt_from is not None:
        months = calendar_months(member.exempt_from, cutoff)
        if months > TEMPORARY_LIMIT_MONTHS:
            return f"Tạm miễn đã được {vnformat.number(months)} tháng (quá 12 tháng)"
        return "Tạm miễn đã quá 12 tháng"
    return _old_age_note(found)


def _old_age_note(found: ExemptionReview) -> str:
    """The words of an old-age exemption of a member below the age."""
    if found.start is not None:
        return (
            f"Miễn vì tuổi cao từ {vnformat.date(found.start)} (sau ngày chốt) nhưng đến ngày đó mới "
            f"{found.age} tuổi (cần từ {found.threshold} tuổi)"
        )
    return f"Miễn vì tuổi cao nhưng đến ngày chốt mới {found.age} tuổi (cần từ {found.threshold} tuổi)"


def entry(member: Member, ctx: Context) -> Entry | None:
    found = review(member, ctx)
    if found is None:
        return None
    reason = vocab.EXEMPT_REASON.label(member.exempt_reason) if member.exempt_reason else None
    gender = vocab.GENDER.label(member.gender) if member.gender else None
    key = "exempt_reason" if found.kind == "old_age_below_threshold" else "exempt_from"
    note = _note(found, member, ctx)
    if not member.exempt_reason:  # counted as temporary for it (hunt116 F4): said, not a blank
        note = f"{NO_REASON}; {note[:1].lower()}{note[1:]}"
    return member.entry(
        details=(gender, member.exempt_from, reason),
        due=found.due,
        note=note,
        cell_of=key,
        flagged=found.kind in ("temporary_before_admission", "old_age_before_admission"),
    )


def rule_text(ctx: Context) -> str:
    cutoff = ctx.cutoff
    ages = ", ".join(
        f"{vocab.GENDER.label(g).lower()} {a}" for g, a in ctx.thresholds.old_age_by_gender.items()
    )
    return (
        f"Tạm miễn (mọi lý do trừ “{vocab.EXEMPT_REASON.label(OLD_AGE)}”) đã quá 12 tháng tại ngày chốt "
        f"{vnformat.date(cutoff)}; miễn vì tuổi cao khi chưa đủ tuổi ({ages}) tại ngày chốt, hoặc tại "
        "ngày bắt đầu miễn nếu sau ngày chốt. Ngày đến hạn: ngày đủ 12 tháng tạm miễn, hoặc ngày đủ tuổi. "
        f"{CONTRADICTION_RULE}"
    )
