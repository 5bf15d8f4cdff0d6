"""`Đi làm ăn xa`: members working away, with their exemption state.

A member is working away when `Đi làm ăn xa` is `Có`, or when the exemption reason is
`Đi làm ăn, lao động xa` (`toolkit.core.working_away`, the definition of the ward's figure
`members.working_away` too; the secretary chose the reason and left the flag empty, or wrote
`Không` there: the note says which, the second a contradiction to ask about). Each row says
whether the member is exempted and how: not exempted, exempted temporarily (since when, and
whether for over 12 months, by the rule of `toolkit.worklists.exemptions`), or exempted for
old age; an exemption of either kind starting after the cut-off is not in force yet, and is
said so with its date; one without `Miễn … từ ngày` is said to have no date ("…, chưa ghi ngày":
the figures do not count it, §6). An exemption dated without its reason is counted as temporary,
and the note says so as the exemptions list does (`exemptions.NO_REASON`). The due date is the
day a temporary exemption's 12 months are complete (empty for members not exempted temporarily).
"""

from __future__ import annotations

import datetime as dt

from toolkit.core import layout, vnformat, vocab
from toolkit.core.dates import add_months, exempt_before
from toolkit.core.working_away import YES, is_working_away
from toolkit.worklists.exemptions import (
    CONTRADICTION_RULE,
    NO_REASON,
    TEMPORARY_LIMIT_MONTHS,
    admitted_on,
    contradiction,
    early_exemption,
    is_temporary,
    temporary_over_limit,
)
from toolkit.worklists.model import Column, Context, Entry, ListSpec, Member

SPEC = ListSpec(
    key="working_away",
    sheet="Đi làm ăn xa",
    title="DANH SÁCH ĐẢNG VIÊN ĐI LÀM ĂN, LAO ĐỘNG XA",
    columns=(
        Column("Miễn từ ngày", 12),
        Column(layout.MEMBERS.field("exempt_reason").header, 22),
        Column("Tình trạng miễn", 24),
    ),
    due_header="Tạm miễn đủ 12 tháng",
)


# An exemption for old age or ill health, in a state's words: the head of every old-age state, as
# "Tạm miễn" is of every temporary one (fix379: one in force was "Miễn công tác và sinh hoạt đảng
# (tuổi cao, sức khỏe yếu)").
OLD_AGE_KIND = "Miễn (tuổi cao, sức khỏe yếu)"


def exemption_state(
    exempt_from: dt.date | None,
    reason: str | None,
    cutoff: dt.date,
    admitted: dt.date | None = None,
    *,
    readmitted: bool = False,
) -> str:
    """The exemption of a member at `cutoff`, in words. An exemption, temporary or for old
    age, is in force from its `Miễn … từ ngày` on: one starting after `cutoff` is said so, one
    without that date is said to have none (the figures count no exemption without it). A
    temporary one dated before the admission (`admitted`, the date of a readmission when
    `readmitted`: `exemptions.admitted_on`; `core.dates.exempt_before`, the test of
    `exemptions.early_exemption`) is timed from the admission and said to contradict it
    (`member.exempt_before_admission`, `member.exempt_before_readmission`)."""
    if exempt_from is None and reason is None:
        return "Không miễn"
    if exempt_from is not None and exempt_from > cutoff:
        kind = "Tạm miễn" if is_temporary(reason) else OLD_AGE_KIND
        return f"{kind} từ {vnformat.date(exempt_from)} (sau ngày chốt)"
    if exempt_from is None:  # not counted as exempt (§6: from `Miễn … từ ngày` on), hunt164 F2
        return "Tạm miễn, chưa ghi ngày" if is_temporary(reason) else f"{OLD_AGE_KIND}, chưa ghi ngày"
    if not is_temporary(reason):
        return OLD_AGE_KIND  # as the states above say it (fix379)
    early = admitted if exempt_before(exempt_from, admitted) else None
    over = temporary_over_limit(exempt_from if early is None else early, reason, cutoff) is not None
    state = "Tạm miễn đã quá 12 tháng" if over else "Tạm miễn"
    if early is not None:
        day = "kết nạp lại" if readmitted else "vào Đảng"
        return f"{state} (tính từ ngày {day} {vnformat.date(early)})"
    return state


def entry(member: Member, ctx: Context) -> Entry | None:
    if not is_working_away(member.working_away, member.exempt_reason):
        return None
    temporary = member.exempt_from is not None and is_temporary(member.exempt_reason)
    admitted, again = admitted_on(member, ctx)
    early = early_exemption(member, ctx)
    # No month before the admission (or the readmission) counts.
    start = early.admitted if early is not None else member.exempt_from
    due = add_months(start, TEMPORARY_LIMIT_MONTHS) if temporary and start else None
    reason = vocab.EXEMPT_REASON.label(member.exempt_reason) if member.exempt_reason else None
    return member.entry(
        details=(
            member.exempt_from,
            reason,
            exemption_state(
                member.exempt_from, member.exempt_reason, ctx.cutoff, admitted, readmitted=again is not None
            ),
        ),
        due=due,
        note=_note(member, contradiction(member, ctx)),
        cell_of="working_away" if member.working_away == YES else "exempt_reason",
        flagged=early is not None,
    )


def _note(member: Member, early: str | None) -> str | None:
    """The row's note: an exemption dated without its reason is counted as temporary, said as
    the exemptions list says it (`exemptions.NO_REASON`, hunt164 F4); an exemption dated before
    the admission or readmission (`early`, the row then red), in that list's words too, after
    it, as there (fix379); then `flag_note`. Joined as that list joins them: by "; ", each after
    the first starting in lower case."""
    notes = [
        *([NO_REASON] if member.exempt_from is not None and not member.exempt_reason else ()),
        *([early] if early else ()),
        *([flag] if (flag := flag_note(member.working_away)) else ()),
    ]
    return "; ".join([*notes[:1], *(f"{n[:1].lower()}{n[1:]}" for n in notes[1:])]) or None


def flag_note(flag: str | None) -> str | None:
    """What a row listed for its reason alone says of the `Đi làm ăn xa` column: left empty,
    or `Không`, which the reason contradicts (to ask the party cell which is right)."""
    column = layout.MEMBERS.field("working_away").header
    if flag == YES:
        return None
    if flag is None:
        return f"Chưa đánh dấu cột “{column}”"
    typed = vocab.YES_NO.label(flag) if flag in vocab.YES_NO.codes else flag
    return f"Cột “{column}” ghi “{typed}” nhưng lý do miễn là đi làm ăn, lao động xa: hỏi lại chi bộ"


def rule_text(ctx: Context) -> str:
    cutoff = ctx.cutoff
    return (
        f"Đảng viên đi làm ăn, lao động xa tại ngày chốt {vnformat.date(cutoff)} (cột “Đi làm ăn xa” là "
        "“Có”, hoặc lý do miễn là đi làm ăn, lao động xa), kèm tình trạng miễn công tác và sinh hoạt đảng. "
        f"{CONTRADICTION_RULE}"
    )
