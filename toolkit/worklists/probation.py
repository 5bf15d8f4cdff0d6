"""`Dự bị đến hạn`: probationary members whose 12 months of probation end soon or have ended.

The rule, at the cut-off date D:

- a member is probationary when `Ngày chính thức` is empty or after D (as the statistics
  count them);
- the 12 months end on `Ngày vào Đảng` + 12 calendar months (`core.dates.official_earliest`,
  a missing day falling back to the month's last): the first day on which the member may be
  recognised, the day validation checks `Ngày chính thức` against; for a member with a
  `Kết nạp lại` row anywhere in the ward (same name and birth date) dated after `Ngày vào
  Đảng`, from that row's date (`core.dates.membership`, validation's rule too: the roll of a
  readmitted member may keep the first admission date), as `member.probation_overdue` counts
  them, and the note says so;
- a member whose `Ngày chính thức` is older than that `Kết nạp lại` row is probationary
  again (the date is the first membership's, `member.official_before_readmission`), although
  the statistics, which read the roll, count a full member: listed from the readmission, the
  note saying so;
- the member is listed when that day is at most `HORIZON_DAYS` (90) days after D, however
  long ago it was;
- recognition may come up to 30 working days after the 12 months (`core.dates.
  probation_deadline`, the deadline of `member.probation_overdue`), which every row gives: a
  row whose 12 months end after D says how many days are left, one whose 12 months ended on
  or before D but whose deadline is not past says so, both in black;
  only a row past the deadline (D after it, as validation's warning reads it) is overdue,
  in red.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from toolkit.core import layout, vnformat, vocab
from toolkit.core.dates import (
    PROBATION_GRACE_WORKING_DAYS,
    membership,
    official_earliest,
    probation_deadline,
)
from toolkit.worklists.model import Column, Context, Entry, ListSpec, Member

HORIZON_DAYS = 90

SPEC = ListSpec(
    key="probation",
    sheet="Dự bị đến hạn",
    title="DANH SÁCH ĐẢNG VIÊN DỰ BỊ ĐẾN HẠN XÉT CÔNG NHẬN CHÍNH THỨC",
    columns=(Column(layout.MEMBERS.field("admission_date").header, 12),),
    due_header="Hết 12 tháng dự bị",
)


@dataclass(frozen=True)
class ProbationDue:
    """When a probationary member's 12 months end, the deadline of recognition after them, and
    where the cut-off falls."""

    ends: dt.date
    deadline: dt.date  # 30 working days after `ends` (`dates.probation_deadline`)
    days_late: int  # days from `ends` to the cut-off; negative while still ahead
    days_overdue: int  # days from `deadline` to the cut-off; positive once it is past

    @property
    def overdue(self) -> bool:
        """Past the deadline of recognition, as `member.probation_overdue` reads it."""
        return self.days_overdue > 0


def probation_due(
    admission: dt.date | None, official: dt.date | None, cutoff: dt.date, *, horizon_days: int = HORIZON_DAYS
) -> ProbationDue | None:
    """The member's place on the list, or None when not on it (full member at the cut-off,
    no admission date, or the 12 months end more than `horizon_days` after the cut-off)."""
    if admission is None or (official is not None and official <= cutoff):
        return None
    ends = official_earliest(admission)
    if ends > cutoff + dt.timedelta(days=horizon_days):
        return None
    deadline = probation_deadline(admission)
    return ProbationDue(ends, deadline, (cutoff - ends).days, (cutoff - deadline).days)


def status_text(due: ProbationDue) -> str:
    """“Còn 30 ngày; hạn xét chính thức 12/6/2026”, “Đến hạn đúng ngày chốt; hạn xét chính thức
    13/5/2026”, “Đã hết 12 tháng dự bị 12 ngày; hạn xét chính thức 13/4/2026”, “Quá hạn xét
    chính thức 5 ngày (hạn 13/4/2026)”."""
    deadline = vnformat.date(due.deadline)
    if due.overdue:
        return f"Quá hạn xét chính thức {vnformat.number(due.days_overdue)} ngày (hạn {deadline})"
    if due.days_late > 0:
        return f"Đã hết 12 tháng dự bị {vnformat.number(due.days_late)} ngày; hạn xét chính thức {deadline}"
    if due.days_late == 0:
        return f"Đến hạn đúng ngày chốt; hạn xét chính thức {deadline}"
    # Still ahead: the deadline too, which the office plans the chi bộ's review by (the guides
    # say every row gives it; a row said only "Còn 33 ngày").
    return f"Còn {vnformat.number(-due.days_late)} ngày; hạn xét chính thức {deadline}"


def entry(member: Member, ctx: Context) -> Entry | None:
    if member.admission_date is None:
        return None
    readmitted = ctx.readmission_of(member)
    again = readmitted.date if readmitted is not None else None
    # Which date counts (`core.dates.membership`, validation's rule too): the 12 months from the
    # readmission when later than the roll's admission; an official date older than the
    # readmission is the first membership's (`member.official_before_readmission`): since the
    # readmission the member is probationary.
    official = member.official_date
    held = membership(member.admission_date, again, official)
    due = probation_due(held.start, held.official, ctx.cutoff)
    if due is None:
        return None
    note = status_text(due)
    if readmitted is not None and held.readmitted:
        label = vocab.EVENT_TYPE.label("readmitted")
        since = vnformat.date(held.start) if held.start is not None else ""
        note += (
            f"; 12 tháng dự bị tính từ ngày kết nạp lại {since} (dòng \u201c{label}\u201d, "
            f"{readmitted.file}, {layout.SHEET_EVENTS} dòng {readmitted.row})"
        )
    if held.first_official and official is not None:
        note += (
            f"; ngày chính thức {vnformat.date(official)} ghi trên danh sách có trước ngày kết nạp lại: là "
            "của lần vào Đảng trước (số liệu vẫn tính là đảng viên chính thức)"
        )
    elif official is not None:  # recognised after the cut-off: already settled
        note += f"; đã ghi ngày chính thức {vnformat.date(official)}"
    return member.entry(
        details=(member.admission_date,),
        due=due.ends,
        note=note,
        cell_of="official_date",
        flagged=due.overdue,
    )


def rule_text(ctx: Context) -> str:
    cutoff = ctx.cutoff
    horizon = cutoff + dt.timedelta(days=HORIZON_DAYS)
    return (
        f"Đảng viên dự bị tại ngày chốt {vnformat.date(cutoff)} có 12 tháng dự bị kết thúc đến hết ngày "
        f"{vnformat.date(horizon)} ({HORIZON_DAYS} ngày sau ngày chốt); hạn xét chính thức là "
        f"{PROBATION_GRACE_WORKING_DAYS} ngày làm việc sau khi hết 12 tháng; dòng chữ đỏ: đã quá hạn xét "
        "chính thức."
    )
