"""The opening check of the official forms: this period's submissions against the roll stored
at an earlier cut-off in the history.

When the history holds an earlier consolidation whose cut-off `C` lies inside this
consolidation's change period, or is the day before it starts (the previous quarter's or
year's run, the usual case), each organisation's roll at `C` is reconstructed from today's
submission as Biểu 1 reconstructs an opening (`toolkit.core.model.RollMoves.roll_at`: today's
roll, minus the joining rows of `Biến động` dated after `C`, plus the leaving rows dated after
it, transfers inside the ward included) and compared with `members.total` stored for that
organisation then. A difference is a warning `form.opening_mismatch` naming the organisation,
both numbers and `C`; it is what catches a report whose opening does not follow from the last
one. The ward is checked the same way (an issue without `org_code`) when the same
organisations were consolidated both times (otherwise the totals cover different
organisations and cannot be compared); an organisation stored then with no member (the last
report of one dissolved or merged away, `org.no_members_at_cutoff`) need not be there now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from toolkit.core import vnformat
from toolkit.core.model import ConsolidationResult, Issue
from toolkit.core.rules import make_issue


def opening_issues(
    result: ConsolidationResult,
    earlier_cutoff: dt.date,
    earlier_orgs: Mapping[str, int | float],
    earlier_ward_total: int | float | None,
) -> list[Issue]:
    """The `form.opening_mismatch` warnings of `result` against an earlier record: its cut-off,
    the stored `members.total` of each organisation consolidated then, and the ward's."""
    issues: list[Issue] = []
    date_text = vnformat.date(earlier_cutoff)
    reconstructed: dict[str, int] = {}
    for org in result.organisations:
        moves = result.roll_moves.get(org.org_code)
        if org.status != "consolidated" or moves is None:
            continue
        now = moves.roll_at(int(org.indicators.get("members.total", 0)), earlier_cutoff)
        reconstructed[org.org_code] = now
        then = earlier_orgs.get(org.org_code)
        if then is None or now == then:
            continue
        issues.append(
            make_issue(
                "form.opening_mismatch",
                file=org.file,
                org_code=org.org_code,
                value=str(now),
                where=org.org_name or org.org_code,
                now=vnformat.number(now),
                then=vnformat.number(int(then)),
                date=date_text,
            )
        )
    # An organisation stored with no member at C (a dissolved one's last report) adds nothing
    # to the ward's figure then, and is expected to be gone now.
    expected = {code for code, then in earlier_orgs.items() if then or code in reconstructed}
    if earlier_ward_total is not None and set(reconstructed) == expected:
        ward_now = sum(reconstructed.values())
        if ward_now != earlier_ward_total:
            issues.append(
                make_issue(
                    "form.opening_mismatch",
                    value=str(ward_now),
                    where="Toàn Đảng bộ",
                    now=vnformat.number(ward_now),
                    then=vnformat.number(int(earlier_ward_total)),
                    date=date_text,
                )
            )
    return issues
