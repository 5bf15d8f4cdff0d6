"""Calendar arithmetic of the Party's membership rules, on plain `datetime.date` values.

Ages and durations count whole calendar units the way people count birthdays: a year (or a
month) is complete on the day whose month and day (or day) reach those of the start date, so
someone born on 29 February turns a year older on 1 March in other years. Adding months keeps
the day of month and falls back to the month's last day (31 January + 1 month = 28 or 29
February). The probation of a new member lasts 12 months, and recognition may come up to 30
working days after that: Monday to Friday, less Vietnam's public holidays (`vietnam_days_off`).

Pure Python; the vectorised forms over pandas columns live where they are used (validation).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.core.text import org_code_key

if TYPE_CHECKING:
    from toolkit.core.model import Issue

# A date typed as text, on the command line or in a settings cell: day first with `/`, `-` or
# `.`, or year first with `-` or `/`. The year's place tells the two orders apart: day and month
# are never guessed.
DATE_TEXT_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d")
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_YEAR_FIRST = re.compile(r"^\s*(\d{4})\s*[/\-]\s*(\d{1,2})\s*[/\-]\s*(\d{1,2})\s*$")
_AROUND_SEPARATOR = re.compile(r"\s*([/.\-])\s*")
# A date typed with a year short of its four digits: the last two ("31/3/26", "31.3.26 00:00",
# "ngày 31 tháng 3 năm 26"), or one or three (a digit dropped or left out: "31/3/026",
# "1/1/202", "1/1/6"); or with a year of five digits or more (a digit typed twice or a zero put
# before: "31/3/20266", "1/1/02026", "20266-03-31"). Never read (which year is a guess), but told
# as such, with the count of digits typed, wherever a date is read: a submission's cell, a
# settings cell, the command line (fix353; one and three digits, which read "không đọc được
# ngày", fix368; five or more, which did too, fix376).
_YEAR_DIGITS = re.compile(
    r"^\s*(?:ngày\s+)?(?:\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?P<dmy>\d+)(?:\s+0{1,2}:00(?::00)?)?"
    r"|\d{1,2}\s+tháng\s+\d{1,2}\s*,?\s+năm\s+(?P<words>\d+)"
    r"|(?P<ymd>\d{5,})\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,2}(?:[ T]0{1,2}:00(?::00)?)?)\s*\.?\s*$",
    re.IGNORECASE,
)


def year_digits_words(text: str) -> str | None:
    """What is wrong with `text` when it is a date typed with a year of other than four digits
    (`_YEAR_DIGITS`), in Vietnamese: fewer ("năm chỉ ghi 3 chữ số; hãy ghi đủ 4 chữ số của
    năm") or more ("năm ghi 5 chữ số, thừa chữ số; hãy ghi năm đúng 4 chữ số"); None otherwise,
    a four-digit year included (such a text is a date, or no date for another reason)."""
    m = _YEAR_DIGITS.match(text)
    if m is None:
        return None
    digits = len(m.group("dmy") or m.group("words") or m.group("ymd"))
    if digits < 4:
        return f"năm chỉ ghi {digits} chữ số; hãy ghi đủ 4 chữ số của năm"
    if digits > 4:
        return f"năm ghi {digits} chữ số, thừa chữ số; hãy ghi năm đúng 4 chữ số"
    return None


def date_from_text(text: str) -> dt.date | None:
    """The day a text written in one of `DATE_TEXT_FORMATS` names, with or without spaces around
    its separators (“31 / 3 / 2026”, as a submission's date cell and `impossible_date` read it:
    a settings cell refused it as no date, hunt133 #5); None when it is not written so, or is
    no day of the calendar."""
    tight = _AROUND_SEPARATOR.sub(r"\1", text.strip())
    for fmt in DATE_TEXT_FORMATS:
        try:
            return dt.datetime.strptime(tight, fmt).date()
        except ValueError:
            continue
    return None


def outside_run_dates(d: dt.date) -> str | None:
    """Why a date given for a run (a cut-off, a period's start: on the command line or in a
    settings cell) cannot be one, in Vietnamese; None when it can. It must lie in the years a
    template's date cell accepts: a cut-off in year 9999 is a slip, and the figures' calendar
    (pandas' nanosecond dates end in 2262) would silently wrap it round to 1816. Nor is it before
    1910: that is a number Excel read as a date (a year typed alone in the cut-off's cell)."""
    from toolkit.core.layout import EARLIEST_DATE, LATEST_DATE
    from toolkit.core.vnformat import message_date as day

    if not EARLIEST_DATE <= d <= LATEST_DATE:
        return (
            f"ngày {day(d)} nằm ngoài khoảng ngày biểu mẫu nhận "
            f"({day(EARLIEST_DATE)}–{day(LATEST_DATE)}); hãy kiểm tra lại năm"
        )
    if d < _FIRST_RUN_DATE:
        # A number in a date cell: 2026 is 18/07/1905 to Excel, 31 is 31/01/1900. Taken as a
        # cut-off it ran on no file of its period and wrote an empty result (hunt133 #1).
        return (
            f"ngày {day(d)} trước năm {_FIRST_RUN_DATE.year}, không thể là ngày của số liệu: "
            "có lẽ ô chỉ ghi một số (năm, hoặc ngày) mà Excel đọc thành ngày; hãy ghi đủ ngày/tháng/năm, "
            "ví dụ 31/03/2026"
        )
    return None


# No run's cut-off or period start is before this: a date before it is a number Excel read as a
# date (as `toolkit.io.columns` says of a number in a member's date cell).
_FIRST_RUN_DATE = dt.date(1910, 1, 1)


def impossible_date(text: str) -> str | None:
    """Why a text written as a date in one of the accepted orders is no day of the calendar
    ("31/02/2026": "tháng 2 năm 2026 chỉ có 28 ngày"), in Vietnamese; None when it is not
    written so, or is a real day. A clerk who wrote the right form needs to hear which part is
    wrong, not to be told the form again."""
    m = _DAY_FIRST.match(text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _YEAR_FIRST.match(text)
        if not m:
            return None
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not 1 <= month <= 12:
        return f"không có tháng {month} (tháng từ 1 đến 12)"
    if year < dt.MINYEAR:
        return f"không có năm {year}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"tháng {month} năm {year} chỉ có {days} ngày"
    return None


PROBATION_MONTHS = 12
PROBATION_GRACE_WORKING_DAYS = 30

_SATURDAY = 5


def add_months(d: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (or earlier when negative); the 29th–31st
    fall back to the month's last day."""
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def earlier_period_end(cutoff: dt.date) -> dt.date:
    """The latest cut-off of a report of an earlier period than a run's of `cutoff`: two
    months before it. A quarter's end is then one (31/03 beside 30/06, 30/06 beside 30/09: three
    calendar months back from 30/06 is 30/03, which a whole-quarter rule missed), and a date a
    few days off, a mistyped cut-off of this period, is not (review137)."""
    return add_months(cutoff, -2)


@functools.cache
def _days_off_by_year() -> dict[int, tuple[dt.date, ...]]:
    from toolkit.core import vn_days_off

    by_year: dict[int, list[dt.date]] = {}
    for text in vn_days_off.DAYS_OFF:
        day = dt.date.fromisoformat(text)
        by_year.setdefault(day.year, []).append(day)
    return {year: tuple(days) for year, days in by_year.items()}


def vietnam_days_off(year: int) -> tuple[dt.date, ...]:
    """Vietnam's public holidays of ``year`` that fall on a weekday or are taken on one, sorted:
    Tết Dương lịch 1/1, the five days of Tết Nguyên Đán, Giỗ Tổ Hùng Vương 10/3 lunar, 30/4,
    1/5, Quốc khánh 2/9 and the day before or after it, Ngày Văn hóa Việt Nam 24/11 from 2026,
    the weekday a holiday on a weekend is taken on (Bộ luật Lao động 2019, Điều 112), and the
    days off that the government swapped for a worked Saturday in the years it lists. A Tết
    break lengthened by swaps it does not list is not known, nor is a Saturday worked in
    exchange counted as a working day (a deadline over it comes a day late, never early).

    Read from the table `toolkit.core.vn_days_off` (2000–2060), generated from the `holidays`
    package by `tools/vn_days_off_gen.py`; the package itself is a development dependency only,
    because importing it costs 0.5–0.75 s a run. A year outside the table has no days off:
    its working days are Monday to Friday."""
    return _days_off_by_year().get(year, ())


def add_working_days(d: dt.date, days: int) -> dt.date:
    """``days`` working days (Monday–Friday, less Vietnam's public holidays: `vietnam_days_off`)
    after ``d``, as `numpy.busday_offset(..., roll="backward", holidays=...)` counts them: a day
    off counts like the working day before it, so the next working day is working day 1 (30
    working days after Saturday 30/05/2026 end on Friday 10/07/2026, as after Friday
    29/05/2026; after Monday 16/02/2026, the first day of Tết 2026, they end on Friday
    03/04/2026, as after Friday 13/02/2026)."""
    import numpy as np

    if days < 0:
        raise ValueError("days must not be negative")
    end = np.busday_offset(np.datetime64(d, "D"), days, roll="backward", busdaycal=_working_days())
    result: dt.date = end.astype(object)
    return result


@functools.cache
def _working_days() -> Any:
    """One numpy calendar of every day off of the table (`vietnam_days_off`), built once: numpy
    sorts and checks a `holidays=` list on every call, which made counting a roster's probation
    deadlines (one call a member) a tenth of a second of each validation."""
    import numpy as np

    return np.busdaycalendar(holidays=[day for days in _days_off_by_year().values() for day in days])


def official_earliest(admission: dt.date) -> dt.date:
    """The earliest day a member admitted on ``admission`` can become a full member."""
    return add_months(admission, PROBATION_MONTHS)


@dataclass(frozen=True)
class Membership:
    """Which of a readmitted member's dates counts for what (`membership`): the one rule of
    validation (`member.probation_overdue`, `official_too_early`, `official_late`,
    `official_before_readmission`, `exempt_before_admission`, `exempt_before_readmission`,
    `temporary_exemption_long`, `admission_is_readmission`, `readmission_before_admission`) and of
    the work lists (`Dự bị đến
    hạn`, `Huy hiệu Đảng`, `Miễn, tạm miễn`, `Đi làm ăn xa`)."""

    # The first day of the present membership: the roll's `Ngày vào Đảng`, or the `Kết nạp lại`
    # date when that is later (the roll may keep the first admission date) or the roll has none.
    # The 12 months of probation count from it, and no exemption starts before it.
    start: dt.date | None
    # `start` is the readmission's date (not the roll's admission).
    readmitted: bool
    # The roll's `Ngày chính thức` is older than the readmission: the first membership's
    # recognition, copied with the old roll row. Since the readmission the member is
    # probationary again; the figures, which read the roll, still count a full member.
    first_official: bool
    # The roll's official date when it is the present membership's (None when there is none, or
    # when it is the first membership's, `first_official`): what the probation list reads.
    official: dt.date | None
    # The day whose 12 months of probation the roll's official date ends (what
    # `official_too_early` and `official_late` compare it with): `start`, or the roll's admission
    # when the official date is the first membership's.
    recognised_from: dt.date | None
    # `recognised_from` is the readmission's date.
    recognised_readmitted: bool
    # The readmission is dated before the roll's admission: the two dates contradict (one is
    # readmitted after a first admission, which the roll's `Ngày vào Đảng` is to hold), and the
    # readmission moves nothing (`member.readmission_before_admission`).
    readmitted_before_admission: bool = False


def membership(
    admission: dt.date | None, readmission: dt.date | None, official: dt.date | None = None
) -> Membership:
    """What counts of a member's roll dates (`admission`, `official`) and the date of their
    latest `Kết nạp lại` row by the cut-off (`readmission`, None when there is none): see
    `Membership`. A readmission on or before the roll's admission date moves nothing (a roll
    carrying the readmission date as `Ngày vào Đảng` is `member.admission_is_readmission`; one
    dated before it, `readmitted_before_admission`, `member.readmission_before_admission`)."""
    readmitted = readmission is not None and (admission is None or readmission > admission)
    start = readmission if readmitted else admission
    first_official = official is not None and readmission is not None and official < readmission
    recognised_from = admission if first_official else start
    return Membership(
        start=start,
        readmitted=readmitted,
        first_official=first_official,
        official=None if first_official else official,
        recognised_from=recognised_from,
        recognised_readmitted=readmitted and not first_official,
        readmitted_before_admission=readmission is not None
        and admission is not None
        and readmission < admission,
    )


def exempt_before(exempt_from: dt.date | None, admitted: dt.date | None) -> bool:
    """Whether an exemption (of either kind) dated ``exempt_from`` starts before ``admitted``,
    the first day of the member's present membership (`Membership.start`: the roll's `Ngày vào
    Đảng`, or a later `Kết nạp lại` date): one of the two dates is wrong, only a member can be
    exempted. False when either date is missing. The one test of validation
    (`member.exempt_before_admission`, `member.exempt_before_readmission`, over columns in
    `validation.members`) and of the work lists (`worklists.exemptions.early_exemption`, `Miễn,
    tạm miễn` and `Đi làm ăn xa`)."""
    return exempt_from is not None and admitted is not None and exempt_from < admitted


def probation_deadline(admission: dt.date) -> dt.date:
    """The last day of probation: 12 months after admission plus 30 working days (public
    holidays excluded: `add_working_days`)."""
    return add_working_days(official_earliest(admission), PROBATION_GRACE_WORKING_DAYS)


def anniversary(d: dt.date, years: int) -> dt.date:
    """The day ``years`` whole years after ``d`` are complete: the same day and month, and for
    29 February in a common year 1 March (so ``whole_years(d, anniversary(d, n)) == n`` and
    one day earlier it is ``n - 1``)."""
    year = d.year + years
    if d.month == 2 and d.day == 29 and not calendar.isleap(year):
        return dt.date(year, 3, 1)
    return d.replace(year=year)


def whole_years(earlier: dt.date, later: dt.date) -> int:
    """Whole years from ``earlier`` to ``later`` (an age: birthday reached or not)."""
    before_anniversary = (later.month, later.day) < (earlier.month, earlier.day)
    return later.year - earlier.year - int(before_anniversary)


def whole_months(earlier: dt.date, later: dt.date) -> int:
    """Whole months from ``earlier`` to ``later``: a month is complete on the day of month of
    ``earlier`` (its 29th–31st are reached only in months that have them)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - int(later.day < earlier.day)


def calendar_months(start: dt.date, later: dt.date) -> int:
    """Calendar months from ``start`` to ``later`` as `add_months` counts them (the 12 months of
    a probation or a temporary exemption): the most ``n`` with ``add_months(start, n) <= later``.
    A month whose day of ``start`` it lacks is complete on its last day: from 31/01/2025 one
    month is complete on 28/02/2025, where `whole_months` (a birthday's count) says none."""
    months = whole_months(start, later)  # never more than this count; one less on a month's end
    return months + 1 if add_months(start, months + 1) <= later else months


def same_period_last_year(period: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """The same dates one year earlier (`Cùng kỳ năm trước`; 29 February becomes 28 February).
    A period ending on the last day of its month ends on the last day of that month a year
    earlier: a cut-off at the end of February, 28/02/2025, compares with 29/02/2024, as
    29/02/2024 does with 28/02/2023."""
    start, end = period
    before = add_months(end, -12)
    if (end + dt.timedelta(days=1)).day == 1:
        before = dt.date(before.year, before.month, calendar.monthrange(before.year, before.month)[1])
    return add_months(start, -12), before


def same_period_next_year(period: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """The forms' period whose `same_period_last_year` is `period`: the same dates one year
    later, a period ending on the last day of its month ending on the last day of that month
    (29/02/2024 ↔ 28/02/2025), so that a record of `period` is told which period it is
    `Cùng kỳ năm trước` of."""
    start, end = period
    after = add_months(end, 12)
    if (end + dt.timedelta(days=1)).day == 1:
        after = dt.date(after.year, after.month, calendar.monthrange(after.year, after.month)[1])
    return add_months(start, 12), after


def as_date(value: object) -> dt.date | None:
    """A date of a file's `Thông tin` cell as read (a date, a datetime, a pandas Timestamp), None
    for none (NaT, which is a datetime too, included)."""
    if isinstance(value, dt.datetime):
        return None if value != value else value.date()  # NaT is not equal to itself
    return value if isinstance(value, dt.date) else None


def stated_cutoff(submissions: Iterable[Any]) -> dt.date | None:
    """The cut-off a run given none (`validate` without `--cutoff` or a settings' cell) is taken
    to have where it must tell last period's files from this period's: the one most of
    `submissions` state, the later of those stated as often (a folder of as many last-period
    files as current ones, review136's, is this period's run); None when none is stated. The
    caller gives the files of the latest period only (`off_the_latest_period`): last year's
    reports of the organisations not yet sent, however many, and a mistyped majority's cut-off a
    year ahead do not choose it (review150 F1, F4). It is the one the consolidation will most
    likely be run with, so `validate` says what `consolidate` says of last quarter's report left
    beside an organisation's current file (`org.other_period_file`, not `org.duplicate_file`,
    fix140). Nothing else is taken from it: it may still be a mistyped majority's, so it chooses
    no period start and names no file to keep (review147)."""
    counts = Counter(day for s in submissions if (day := as_date(s.info.get("cutoff_date"))) is not None)
    if not counts:
        return None
    top = max(counts.values())
    return max(day for day, count in counts.items() if count == top)


# Why a file is not of the period a run without a cut-off is taken to be of
# (`off_the_latest_period`).
EARLIER, AHEAD = "earlier", "ahead"


def ahead_of(cutoff: dt.date, today: dt.date) -> bool:
    """Whether a stated cut-off is of a period later than today's: today is two months or more
    before it (`earlier_period_end`), as a year's typo (31/03/2027 for 31/03/2026) is. A
    cut-off a few weeks ahead is not: reports are prepared before the period ends, and a file's
    `Thông tin` may state one (no `info.future_date`)."""
    return today <= earlier_period_end(cutoff)


def off_the_latest_period(submissions: Sequence[Any], today: dt.date) -> dict[int, str]:
    """Without a run's cut-off, the files that cannot be of the period the run is taken to be
    of (index in `submissions` → `EARLIER` or `AHEAD`): a cut-off of a later period than
    today's (`ahead_of`: a year mistyped, review150 F4), and a report of an earlier period
    (`of_earlier_period`: last year's report of an organisation that has not sent this year's
    yet, review150 F1) than the latest cut-off up to `today` that files of two organisations or
    more state. One file's cut-off is never that latest one: a single file stating a later
    cut-off than the others, a month mistyped or a next period's file dropped in, would make
    every other file an earlier period's, and which it is would depend on the day the folder is
    checked (review158 F1); without such a cut-off no file is `EARLIER`, and the vote is among
    all but the `AHEAD` ones. None when every stated cut-off is ahead: then it is the run's."""
    days = [as_date(s.info.get("cutoff_date")) for s in submissions]
    ahead = {i for i, day in enumerate(days) if day is not None and ahead_of(day, today)}
    if all(day is None or i in ahead for i, day in enumerate(days)):
        return {}
    found: dict[int, str] = dict.fromkeys(sorted(ahead), AHEAD)
    stated_by: dict[dt.date, set[str]] = {}
    for index, (sub, day) in enumerate(zip(submissions, days, strict=True)):
        if day is not None and day <= today and index not in ahead:
            code = sub.info.get("org_code")
            stated_by.setdefault(day, set()).add(org_code_key(code) if code else f"#{index}")
    shared = [day for day, orgs in stated_by.items() if len(orgs) >= 2]
    if not shared:
        return found
    latest = max(shared)
    for index, (sub, day) in enumerate(zip(submissions, days, strict=True)):
        if day is not None and index not in ahead and of_earlier_period(sub.info, latest):
            found[index] = EARLIER
    return found


def of_earlier_period(info: Mapping[str, Any], cutoff: dt.date) -> bool:
    """Whether a file (its `Thông tin`, `info`) can only be a report of a period before a run's
    of `cutoff`: its cut-off is at the end of an earlier period (`earlier_period_end`: a
    cut-off a few days off is this period's, mistyped, review137), and its `Ngày lập`
    (`prepared_on`), when given, is on or before the run's cut-off (a report made after the
    period ended is this period's work with a wrong date: a corrected file whose cut-off year
    was mistyped, review136)."""
    own = as_date(info.get("cutoff_date"))
    if own is None or own > earlier_period_end(cutoff):
        return False
    prepared = as_date(info.get("prepared_on"))
    return prepared is None or prepared <= cutoff


def run_period_start(
    submissions: Iterable[Any], cutoff: dt.date | None, since: dt.date | None
) -> dt.date | None:
    """The start of a run's change period: `since` (`--since`, the settings' cell) when given;
    otherwise the period start most submissions state (`Thông tin`, on or before `cutoff`;
    ties go to the earliest date, so the file order does not matter); otherwise 1 January of
    the cut-off year; None without a cut-off or a stated start. The consolidation counts its
    changes from it (`toolkit.pipeline.choose_period_start`), and validation's checks across
    files compare only the changes it counts (`toolkit.validation.context.Context.run_start`).

    Reports of an earlier period (`of_earlier_period`: last quarter's or last year's left in
    the folder, never consolidated) do not vote, however many they are: as many stale files as
    current ones made the period last year's (review136), and so did last year's reports of
    the organisations that had not sent this period's yet (review147). A file whose cut-off is
    only a few days off votes: it is this period's, mistyped (review137). When every dated
    file is of an earlier period (the run's cut-off itself mistyped, `ward.cutoff_unmatched`),
    they all vote, as nothing is consolidated anyway. A caller without a cut-off leaves out the
    files it found to be another period's: those not of the latest period
    (`off_the_latest_period`) and those beside their organisation's file of the cut-off most of
    the others state (`org.other_period_file`)."""
    if since is not None:
        return since
    subs = list(submissions)
    if cutoff is not None:
        recent = [s for s in subs if not of_earlier_period(s.info, cutoff)]
        if any(as_date(s.info.get("cutoff_date")) is not None for s in recent):
            subs = recent
    stated = Counter(
        d
        for s in subs
        if (d := as_date(s.info.get("period_start"))) is not None and (cutoff is None or d <= cutoff)
    )
    if stated:
        return min(stated, key=lambda d: (-stated[d], d))
    return dt.date(cutoff.year, 1, 1) if cutoff is not None else None


FORMS = "Biểu 1–4-BTCTW"  # the official forms, as messages name them (not "biểu mẫu": the templates)
# The year-to-date forms a quarter's last day closes (`form.period_across_years`'s words).
_FROM_NEW_YEAR = {3: "quý I", 6: "6 tháng", 9: "9 tháng", 12: "năm"}
_QUARTER = {1: "I", 2: "II", 3: "III", 4: "IV"}


def form_period_across_years(
    form_from: dt.date, cutoff: dt.date, label: str | None = None, *, of_wards: bool = False
) -> Issue | None:
    """`form.period_across_years` for a forms' period the user set that starts in an earlier
    calendar year than the cut-off and is not exactly 12 months long (a rolling year, which
    `form_period_problem` allows as the longest, stays silent); None otherwise. The BTCTW
    forms of a quarter, 6 or 9 months or a year start in the cut-off's year, so such a start
    is most likely the last period's, not moved with the cut-off (hunt215 F4). The message
    names the likely start: the first day of the cut-off's quarter when the typed start was
    another quarter's first day (01/04, 01/07, 01/10: only a quarter's forms start there),
    with 1 January beside it when the two differ; else 1 January of the cut-off's year. It
    begins with `label` (how the user set the start) and says where to change it: the option
    `--form-period`, or the cell that `label` names. `of_wards`: a roll-up's period, which is
    its wards' (`rollup`): the wards' forms are named, and the fix is theirs to run again."""
    from toolkit.core.rules import make_issue  # the rules import the model, which needs no dates

    earliest = same_period_last_year((cutoff, cutoff))[1] + dt.timedelta(days=1)
    if form_from.year >= cutoff.year or form_from == earliest:
        return None
    new_year = dt.date(cutoff.year, 1, 1)
    quarter = (cutoff.month - 1) // 3
    quarter_start = dt.date(cutoff.year, 3 * quarter + 1, 1)
    quarterly = form_from.day == 1 and form_from.month in (4, 7, 10)
    if quarterly and quarter_start != new_year:
        whole = cutoff.month % 3 == 0 and (cutoff + dt.timedelta(days=1)).day == 1  # a quarter's end
        likely = (
            f"từ ngày {quarter_start:%d/%m/%Y} đến ngày {cutoff:%d/%m/%Y} "
            f"({f'biểu quý {_QUARTER[quarter + 1]}' if whole else 'tính từ đầu quý'}), hoặc từ ngày "
            f"{new_year:%d/%m/%Y} "
            f"({f'biểu {_FROM_NEW_YEAR[cutoff.month]}' if whole else 'tính từ đầu năm'})"
        )
        start = quarter_start
    else:
        likely = f"từ ngày {new_year:%d/%m/%Y} đến ngày {cutoff:%d/%m/%Y}"
        start = new_year
    if of_wards:
        fix = (
            "hãy đề nghị các phường ghi lại ngày bắt đầu kỳ báo cáo, tổng hợp lại và gửi tệp số liệu "
            "mới, rồi tổng hợp lên cấp trên lại"
        )
    elif label == "--form-period":
        fix = f"hãy tổng hợp lại với --form-period {start:%d/%m/%Y}..{cutoff:%d/%m/%Y}"
    elif label:
        # The cell's place (“(sheet “Điều khiển”, ô B12)”) was said where the message begins.
        cell = re.sub(r" \([^()]*\)", "", label, count=1)
        fix = f"hãy ghi ngày bắt đầu đúng vào {cell[0].lower()}{cell[1:]} rồi tổng hợp lại"
    else:
        fix = "hãy sửa ngày bắt đầu kỳ báo cáo rồi tổng hợp lại"
    return make_issue(
        "form.period_across_years",
        value=f"{form_from:%d/%m/%Y}..{cutoff:%d/%m/%Y}",
        forms=(
            f"Kỳ báo cáo của {FORMS} của các phường"
            if of_wards
            else f"{label}: kỳ báo cáo của {FORMS}"
            if label
            else f"Kỳ báo cáo của {FORMS}"
        ),
        start=f"{form_from:%d/%m/%Y}",
        cutoff=f"{cutoff:%d/%m/%Y}",
        start_year=str(form_from.year),
        year=str(cutoff.year),
        likely=likely,
        fix=fix,
    )
