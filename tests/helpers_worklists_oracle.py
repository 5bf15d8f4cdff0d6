"""An independent oracle of the work lists (hunt266).

Reads the branches' raw submission workbooks and the registry with openpyxl only (never
toolkit's reader, normaliser, validation or rules) and computes, person by person, the four
lists `ward-stats lists` writes, from the words of docs/design.md. Then it reads the lists
workbook the command wrote, also with openpyxl, and says every difference in words.

The rules taken from the design (line numbers of docs/design.md at the base commit 8a5ef4a4):

Common
- R1 (§8, l. 3985-3995): members of every usable file, filed under its organisation, shown with
  the registry's code and name, in the registry's order; inside one, by due date, then by name
  (given name first). The oracle checks the registry order, the due dates' order, and the
  names' order by letters alone (the tones may sort either way, l. 3993).
- R2 (§6, l. 2810): the roll is the `Đảng viên` sheet; dates are at the cut-off D.
- R3 (§8, l. 4070-4077, 4143-4150): a `Kết nạp lại` row of the same person (same name and birth
  date) in any file, dated on or before D, is a readmission (the latest counts); one typed
  without some accents is the one member of the ward's roll it can be (§5, l. 689-698).

`Dự bị đến hạn` (§8, l. 4115-4176; §6, l. 2810)
- P1: a member is probationary when `Ngày chính thức` is empty or after D (l. 2810), or older
  than their `Kết nạp lại` row (l. 4163-4174).
- P2: the 12 months count from `Ngày vào Đảng`, or from a later `Kết nạp lại` row (l. 4143-4146);
  they end on the same day 12 calendar months later, the due date (l. 4115-4117); a day the
  month lacks is its last day (not in design.md: toolkit/core/dates.py `add_months`; G1).
- P3: listed when the 12 months end no later than D + 90 days, however long ago (l. 4115-4116).
- P4: the deadline is 30 working days after the end of the 12 months, Monday to Friday less the
  days off of the `holidays` package in 2000-2060 (a year outside has none, l. 4132-4133); an
  end on a day off counts as the working day before it (l. 4117-4135). Red ("Quá hạn xét chính
  thức N ngày (hạn …)") only when D is after the deadline; else "Đã hết 12 tháng dự bị N ngày;
  hạn xét chính thức …", "Đến hạn đúng ngày chốt; hạn …" (l. 4136-4142), or "Còn N ngày; hạn
  xét chính thức …" (the list's own words, probation.py).

`Huy hiệu Đảng` (§3, l. 396; `lists --help`)
- B1: badges at 30, 40, 45, 50 … 90 years of party age from `Ngày vào Đảng` (l. 396); N years are
  reached on the N-th anniversary, 29 February → 1 March (not in design.md: badges.py; G1).
- B2: awarded on 3/2, 19/5, 2/9, 7/11: a milestone's award date is the first of those on or
  after the day it is reached; the list holds the award dates of the next 12 months, after D and
  up to D + 12 months (l. 396; the ends from badges.py: design.md says "of the next 12 months").
- B3: red when the member has a `Kết nạp lại` row (l. 4070-4074), a `Ghi chú` saying readmitted
  (l. 4082-4095, the oracle knows only the plain "kết nạp lại"), or the roll says probationary at
  the award date: no `Ngày chính thức`, or one after it (l. 4096-4105); or a `Phục hồi đảng
  tịch` row found as a `Kết nạp lại` row is, or a `Ghi chú` saying restored (the oracle knows only
  the plain "phục hồi đảng tịch" / "khôi phục đảng tịch"; hunt320 F2).

Red rows of every list
- R4: a member whose row is struck through in their file (l. 4035-4040; struck: a cell's font,
  l. 1512-1520; a cell other than the `Ghi chú`, fix376).
- R5: a member whose death any file records, or leaving the Party unless a `Kết nạp`, `Kết nạp
  lại` or `Phục hồi đảng tịch` is dated on or after it, or a move out of the ward unless a
  `Chuyển đến` is dated on or after it, all by the cut-off (l. 4040-4056).
- R6: a member whose own `Ghi chú` says the member left (l. 4060-4064; the oracle knows only
  "từ trần").
- R7: the coverage line under each list's title is the green "Đủ số liệu …" when every file is
  used and nobody is off every roll; it names each person moved inside the ward whom no roll has
  (in transit, l. 4017-4027; the oracle knows only this kind of person off the rolls).

`Miễn, tạm miễn` (§3, l. 397; §5, l. 2755-2781; §6, l. 2810-2814)
- E1: temporary for every reason but `Tuổi cao, sức khỏe yếu`, an empty reason included
  (l. 2812-2814, 2969-2972); listed when it has lasted more than 12 months at D (l. 397): its
  12 months complete (the due date) before D.
- E2: no month before the admission (or a later readmission) counts: a temporary exemption dated
  before it is always listed, red, due 12 months after the admission (l. 2764-2781).
- E3: an old-age exemption of a member younger than 60 (men) / 55 (women) at D, or at its start
  when it starts after D (l. 2755-2763); due the day the member reaches that age (exemptions.py).
- E4: an old-age exemption dated before the admission (or a later readmission) is listed, red,
  whatever the member's age; due as E3 when the member is also below the age, else none (fix376).

`Đi làm ăn xa` (§3, l. 343, 398; §8, l. 4107-4113)
- W1: the members whose `Đi làm ăn xa` is `Có` or whose exemption reason is `Đi làm ăn, lao
  động xa` (l. 343).
- W2: the exemption state as the figures count it: none ("Không miễn"); after D ("… từ X (sau
  ngày chốt)"); no date ("Tạm miễn, chưa ghi ngày", "Miễn (tuổi cao, sức khỏe yếu), chưa ghi
  ngày", l. 4107-4110); old age ("Miễn (tuổi cao, sức khỏe yếu)", fix379);
  temporary ("Tạm miễn", "Tạm miễn đã quá 12 tháng" by E1), timed from the admission when dated
  before it (l. 2772-2774), "(tính từ ngày vào Đảng X)" (fix379). Due: 12 months after a
  temporary exemption's start (l. 398, and working_away.py for the words of the states the
  design does not quote).
- W3: an exemption of either kind dated before the admission (or a later readmission) is red,
  as on `Miễn, tạm miễn` (fix379).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import holidays
import openpyxl

OLD_AGE = "Tuổi cao, sức khỏe yếu"
AWAY = "Đi làm ăn, lao động xa"
MILESTONES = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
AWARD_DAYS = ((2, 3), (5, 19), (9, 2), (11, 7))
AGES = {"Nam": 60, "Nữ": 55}
REASONS = (OLD_AGE, AWAY, "Điều trị bệnh dài ngày", "Nghỉ thai sản", "Ra nước ngoài", "Khác")
SHEETS = {
    "probation": "Dự bị đến hạn",
    "badges": "Huy hiệu Đảng",
    "exemptions": "Miễn, tạm miễn",
    "working_away": "Đi làm ăn xa",
}
RED = "9C0006"


# --- reading cells ---------------------------------------------------------------------------


def text(value: Any) -> str | None:
    if value is None:
        return None
    s = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(value))).strip()
    return s or None


def date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", str(value).strip())
    if m:  # day, month, year
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    raise ValueError(f"not a date: {value!r}")


def word(value: Any, words: Iterable[str]) -> str | None:
    """The template's word a cell means, whatever its case and spacing."""
    s = text(value)
    if s is None:
        return None
    return next((w for w in words if w.casefold() == s.casefold()), s)


def yes(value: Any) -> bool:
    """`Có`, in any case, or `x` or 1 (§4, l. 644)."""
    return (text(value) or "").casefold() in ("có", "x", "1")


def vn(d: dt.date) -> str:
    """A date as the lists write it in words: day of two digits, month too for January and
    February (Nghị định 30/2020/NĐ-CP: 31/3/2026, 03/02/2027)."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d.month <= 2 else f"{d.day:02d}/{d.month}/{d.year}"


def number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# --- dates -----------------------------------------------------------------------------------


def add_months(d: dt.date, months: int) -> dt.date:
    i = d.month - 1 + months
    year, month = d.year + i // 12, i % 12 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def anniversary(d: dt.date, years: int) -> dt.date:
    year = d.year + years
    if (d.month, d.day) == (2, 29) and not calendar.isleap(year):
        return dt.date(year, 3, 1)
    return d.replace(year=year)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


_DAYS_OFF: dict[int, set[dt.date]] = {}


def working(day: dt.date) -> bool:
    if day.year not in _DAYS_OFF:  # the package's days off of 2000-2060 only (P4)
        known = 2000 <= day.year <= 2060
        _DAYS_OFF[day.year] = set(holidays.country_holidays("VN", years=day.year)) if known else set()
    return day.weekday() < 5 and day not in _DAYS_OFF[day.year]


def deadline(ends: dt.date) -> dt.date:
    """30 working days after the 12 months' end, an end on a day off counting as the working
    day before it (P4)."""
    day, left = ends, 30
    while left:
        day += dt.timedelta(days=1)
        left -= working(day)
    return day


# --- the ward --------------------------------------------------------------------------------


@dataclass
class Ward:
    order: list[str]  # the registry's codes, in order
    names: dict[str, str]  # code → the registry's name
    members: list[dict[str, Any]]
    events: list[dict[str, Any]]


def read_ward(folder: Path, registry: Path) -> Ward:
    wb = openpyxl.load_workbook(registry, read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    order = [str(text(r[0])) for r in rows[1:] if r and text(r[0])]
    names = {str(text(r[0])): str(text(r[1])) for r in rows[1:] if r and text(r[0])}
    members: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            info = {text(r[0]): r[1] for r in wb["Thông tin"].iter_rows(values_only=True) if r and r[0]}
            code = str(text(info["Mã tổ chức"])).upper()
            for sheet, sink in (("Đảng viên", members), ("Biến động", events)):
                it = wb[sheet].iter_rows()
                header = [text(h.value) for h in next(it)]
                for cells in it:
                    row = [c.value for c in cells]
                    rec: dict[str, Any] = {h: v for h, v in zip(header, row, strict=False) if h}
                    rec["struck"] = any(  # a struck note alone strikes no member out (fix376)
                        c.value not in (None, "") and c.font.strike and h != "Ghi chú"
                        for c, h in zip(cells, header, strict=False)
                    )
                    if not text(rec.get("Họ và tên")):
                        continue
                    rec["org"], rec["file"] = code, path.name
                    rec["name"] = text(rec["Họ và tên"])
                    rec["birth"] = date(rec.get("Ngày sinh"))
                    sink.append(rec)
        finally:
            wb.close()
    return Ward(order, names, members, events)


def person(name: Any, birth: dt.date | None) -> tuple[str, dt.date | None]:
    return (str(text(name)).casefold(), birth)


LEAVING = ("Từ trần", "Xóa tên", "Khai trừ", "Xin ra khỏi Đảng")
RETURNING = ("Kết nạp", "Kết nạp lại", "Phục hồi đảng tịch")


def gone(ward: Ward, cutoff: dt.date) -> set[tuple[str, dt.date | None]]:
    """R5: the people a file records as dead, out of the Party (unless a return is dated on or
    after it) or moved out of the ward (unless a move in is dated on or after it), by the cut-off."""
    dated = [
        (
            person(e["name"], e["birth"]),
            word(e.get("Loại biến động"), (*LEAVING, *RETURNING, "Chuyển đi", "Chuyển đến")),
            d,
            e,
        )
        for e in ward.events
        if (d := date(e.get("Ngày"))) is not None and d <= cutoff
    ]
    out = set()
    for key, kind, day, e in dated:
        if kind == "Từ trần":
            out.add(key)
        elif kind in LEAVING and not any(k == key and t in RETURNING and d >= day for k, t, d, _ in dated):
            out.add(key)
        elif (
            kind == "Chuyển đi"
            and word(e.get("Phạm vi chuyển"), ("Trong Đảng bộ phường",)) != "Trong Đảng bộ phường"
            and not any(k == key and t == "Chuyển đến" and d >= day for k, t, d, _ in dated)
        ):
            out.add(key)
    return out


def in_transit(ward: Ward, cutoff: dt.date) -> set[str]:
    """R7: the people a file records as moved inside the ward, by the cut-off, whom no roll has
    and no file records as arrived on or after it: the coverage line names them (l. 4017-4027)."""
    rolls = {person(m["name"], m["birth"]) for m in ward.members}
    kinds = ("Chuyển đi", "Chuyển đến")
    moves = [
        (person(e["name"], e["birth"]), word(e.get("Loại biến động"), kinds), d, e)
        for e in ward.events
        if (d := date(e.get("Ngày"))) is not None and d <= cutoff
    ]
    return {
        e["name"]
        for key, kind, day, e in moves
        if kind == "Chuyển đi"
        and word(e.get("Phạm vi chuyển"), ("Trong Đảng bộ phường",)) == "Trong Đảng bộ phường"
        and key not in rolls
        and not any(k == key and t == "Chuyển đến" and d >= day for k, t, d, _ in moves)
    }


def plain(name: str) -> str:
    """A name without its accents (đ as d)."""
    decomposed = unicodedata.normalize("NFD", name.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def readmissions(
    ward: Ward, cutoff: dt.date, kind: str = "Kết nạp lại"
) -> dict[tuple[str, dt.date | None], dt.date]:
    """R3: each person's latest `Kết nạp lại` (or change `kind`) dated on or before the cut-off; a
    row typed without some accents is the one member of the roll it can be (l. 2183-2193)."""
    roll: dict[tuple[str, dt.date | None], list[tuple[str, dt.date | None]]] = {}
    for m in ward.members:
        key = person(m["name"], m["birth"])
        roll.setdefault((plain(key[0]), key[1]), []).append(key)
    found: dict[tuple[str, dt.date | None], dt.date] = {}
    for e in ward.events:
        day = date(e.get("Ngày"))
        if word(e.get("Loại biến động"), (kind,)) != kind or day is None or day > cutoff:
            continue
        key = person(e["name"], e["birth"])
        alike = roll.get((plain(key[0]), key[1]), [])
        if key not in alike and len(set(alike)) == 1:
            key = alike[0]
        found[key] = max(day, found.get(key, day))
    return found


# --- the lists -------------------------------------------------------------------------------

Key = tuple[str, str, dt.date | None]  # organisation, name, birth date


@dataclass(frozen=True)
class Row:
    columns: tuple[Any, ...]  # the list's own columns, then the due date
    red: bool
    status: str | None = None  # probation: the note's first part; working away: the state


def _award(reached: dt.date) -> dt.date:
    for year in (reached.year, reached.year + 1):
        for month, day in AWARD_DAYS:
            if dt.date(year, month, day) >= reached:
                return dt.date(year, month, day)
    raise AssertionError


def lists(ward: Ward, cutoff: dt.date) -> dict[str, dict[Key, Row]]:
    again = readmissions(ward, cutoff)
    restored = readmissions(ward, cutoff, "Phục hồi đảng tịch")
    left = gone(ward, cutoff)
    out: dict[str, dict[Key, Row]] = {k: {} for k in SHEETS}
    window_end = add_months(cutoff, 12)
    for m in ward.members:
        key: Key = (m["org"], m["name"], m["birth"])
        admitted, official = date(m.get("Ngày vào Đảng")), date(m.get("Ngày chính thức"))
        readmitted = again.get(person(m["name"], m["birth"]))
        since = readmitted if readmitted and admitted and readmitted > admitted else admitted
        # Dự bị đến hạn (P1-P4)
        old_official = official is not None and readmitted is not None and readmitted > official
        if since is not None and (official is None or official > cutoff or old_official):
            ends = add_months(since, 12)
            if ends <= cutoff + dt.timedelta(days=90):
                last = deadline(ends)
                late, over = (cutoff - ends).days, (cutoff - last).days
                if over > 0:
                    status = f"Quá hạn xét chính thức {number(over)} ngày (hạn {vn(last)})"
                elif late > 0:
                    status = f"Đã hết 12 tháng dự bị {number(late)} ngày; hạn xét chính thức {vn(last)}"
                elif late == 0:
                    status = f"Đến hạn đúng ngày chốt; hạn xét chính thức {vn(last)}"
                else:
                    status = f"Còn {number(-late)} ngày; hạn xét chính thức {vn(last)}"
                out["probation"][key] = Row((admitted, ends), over > 0, status)
        # Huy hiệu Đảng (B1-B3)
        if admitted is not None:
            for years in MILESTONES:
                reached = anniversary(admitted, years)
                award = _award(reached)
                if cutoff < award <= window_end:
                    note = text(m.get("Ghi chú")) or ""
                    red = (
                        readmitted is not None
                        or "kết nạp lại" in note.casefold()
                        or person(m["name"], m["birth"]) in restored
                        or any(w in note.casefold() for w in ("phục hồi đảng tịch", "khôi phục đảng tịch"))
                        or official is None
                        or official > award
                    )
                    out["badges"][key] = Row((admitted, years, reached, award), red)
                    break
        # Miễn, tạm miễn (E1-E3)
        start = date(m.get("Miễn công tác, sinh hoạt từ ngày"))
        reason = word(m.get("Lý do miễn"), REASONS)
        gender = word(m.get("Giới tính"), AGES)
        temporary = reason != OLD_AGE
        if temporary and start and since and start < since:
            out["exemptions"][key] = Row((gender, start, reason, add_months(since, 12)), True)
        elif temporary and start and add_months(start, 12) < cutoff:
            out["exemptions"][key] = Row((gender, start, reason, add_months(start, 12)), False)
        elif not temporary and start and since and start < since:  # E4
            at = max(start, cutoff)
            below = bool(m["birth"]) and gender in AGES and age_on(m["birth"], at) < AGES[gender]
            due = anniversary(m["birth"], AGES[gender]) if below else None
            out["exemptions"][key] = Row((gender, start, reason, due), True)
        elif not temporary and m["birth"] and gender in AGES:
            at = start if start and start > cutoff else cutoff
            if age_on(m["birth"], at) < AGES[gender]:
                out["exemptions"][key] = Row(
                    (gender, start, reason, anniversary(m["birth"], AGES[gender])), False
                )
        # Đi làm ăn xa (W1-W2)
        if yes(m.get("Đi làm ăn xa")) or reason == AWAY:
            timed = max(start, since) if start and since else start
            due = add_months(timed, 12) if temporary and timed else None
            if start is None and reason is None:
                state = "Không miễn"
            elif start is not None and start > cutoff:
                kind = "Tạm miễn" if temporary else "Miễn (tuổi cao, sức khỏe yếu)"
                state = f"{kind} từ {vn(start)} (sau ngày chốt)"
            elif start is None:
                state = (
                    "Tạm miễn, chưa ghi ngày" if temporary else "Miễn (tuổi cao, sức khỏe yếu), chưa ghi ngày"
                )
            elif not temporary:
                state = "Miễn (tuổi cao, sức khỏe yếu)"
            else:
                assert timed is not None
                state = "Tạm miễn đã quá 12 tháng" if add_months(timed, 12) < cutoff else "Tạm miễn"
                if since and start < since:
                    day = "kết nạp lại" if since == readmitted else "vào Đảng"
                    state += f" (tính từ ngày {day} {vn(since)})"
            early = bool(start and since and start < since)  # W3
            out["working_away"][key] = Row((start, reason, due), early, state)
        # R4-R6: a struck row, a person another file says left, a note saying so: red everywhere
        note = (text(m.get("Ghi chú")) or "").casefold()
        if m["struck"] or person(m["name"], m["birth"]) in left or "từ trần" in note:
            for rows in out.values():
                if key in rows:
                    rows[key] = dataclasses.replace(rows[key], red=True)
    return out


# --- the tool's workbook ---------------------------------------------------------------------

COLUMNS = {
    "probation": ("Ngày vào Đảng", "Hết 12 tháng dự bị"),
    "badges": ("Ngày vào Đảng", "Huy hiệu (năm tuổi đảng)", "Đủ tuổi đảng ngày", "Đợt trao"),
    "exemptions": ("Giới tính", "Miễn từ ngày", "Lý do miễn", "Ngày đến hạn"),
    "working_away": ("Miễn từ ngày", "Lý do miễn", "Tạm miễn đủ 12 tháng"),
}


def _value(v: Any) -> Any:
    return v.date() if isinstance(v, dt.datetime) else v


def _red(cell: Any) -> bool:
    color = cell.font.color if cell.font is not None else None
    return color is not None and color.type == "rgb" and str(color.rgb).upper().endswith(RED)


@dataclass
class Written:
    rows: dict[str, dict[Key, Row]]
    order: dict[str, list[tuple[str, dt.date | None, str]]]  # org, due, name as listed
    org_names: dict[str, set[str]]  # code → the names written beside it
    coverage: dict[str, str]  # each sheet's coverage line


def read_lists(path: Path) -> Written:
    wb = openpyxl.load_workbook(path)
    out = Written({k: {} for k in SHEETS}, {k: [] for k in SHEETS}, {}, {})
    for key, sheet in SHEETS.items():
        ws = wb[sheet]
        head = next(r for r in range(1, 12) if ws.cell(r, 1).value == "STT")
        out.coverage[sheet] = str(
            next(
                v
                for r in range(1, head)
                if str(v := ws.cell(r, 1).value).startswith(("Đủ số liệu", "Danh sách chưa đủ"))
            )
        )
        cols = {ws.cell(head, c).value: c for c in range(1, ws.max_column + 1)}
        due_col = cols[COLUMNS[key][-1]]
        for r in range(head + 1, ws.max_row + 1):
            if not isinstance(ws.cell(r, 1).value, int):
                break

            def get(h: str, r: int = r, ws: Any = ws, cols: dict[Any, int] = cols) -> Any:
                return _value(ws.cell(r, cols[h]).value)

            org, name, birth = get("Mã tổ chức"), get("Họ và tên"), get("Ngày sinh")
            columns = tuple(get(h) for h in COLUMNS[key])
            status = None
            if key == "probation":
                parts = str(get("Ghi chú")).split("; ")  # the status, then what the note adds
                status = "; ".join(parts[:2] if parts[1:2] and parts[1].startswith("hạn ") else parts[:1])
            elif key == "working_away":
                status = get("Tình trạng miễn")
            row = Row(columns, _red(ws.cell(r, cols["Họ và tên"])), status)
            k: Key = (org, name, birth)
            assert k not in out.rows[key], f"{sheet}: {k} listed twice"
            out.rows[key][k] = row
            out.order[key].append((org, _value(ws.cell(r, due_col).value), name))
            out.org_names.setdefault(org, set()).add(get("Tổ chức đảng"))
    wb.close()
    return out


# --- comparing -------------------------------------------------------------------------------

_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"


def _letters(s: str) -> tuple[int, ...]:
    """A name's letters in the Vietnamese alphabet's order, tones dropped (R1)."""
    out = []
    for ch in unicodedata.normalize("NFD", s.casefold()):
        if unicodedata.combining(ch) and ch not in "\u0306\u0302\u031b":
            continue  # a tone
        out.append(ch)
    base = unicodedata.normalize("NFC", "".join(out))
    return tuple(_LETTERS.find(c) if c in _LETTERS else 100 + ord(c) for c in base if c != " ")


def name_key(name: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    words = name.split()
    return _letters(words[-1]), _letters(" ".join(words[:-1]))


def compare(ward: Ward, cutoff: dt.date, written: Written) -> list[str]:
    """Every difference between the oracle's lists and the written ones, in words."""
    expected = lists(ward, cutoff)
    diffs: list[str] = []
    for key, sheet in SHEETS.items():
        want, got = expected[key], written.rows[key]
        for k in sorted(want.keys() - got.keys(), key=str):
            diffs.append(f"{sheet}: missing {k}: expected {want[k]}")
        for k in sorted(got.keys() - want.keys(), key=str):
            diffs.append(f"{sheet}: not expected {k}: written {got[k]}")
        for k in sorted(want.keys() & got.keys(), key=str):
            if want[k] != got[k]:
                diffs.append(f"{sheet}: {k}: expected {want[k]}, written {got[k]}")
        order = written.order[key]
        rank = {code: i for i, code in enumerate(ward.order)}
        for a, b in zip(order, order[1:], strict=False):
            ka = (rank.get(a[0], 10**6), a[1] or dt.date.max, name_key(a[2]))
            kb = (rank.get(b[0], 10**6), b[1] or dt.date.max, name_key(b[2]))
            if ka > kb:
                diffs.append(f"{sheet}: out of order: {a} before {b}")
    away = in_transit(ward, cutoff)
    for sheet, line in written.coverage.items():
        if not away and not line.startswith("Đủ số liệu"):
            diffs.append(f"{sheet}: coverage line not complete: {line}")
        diffs += [f"{sheet}: coverage line does not name {n}: {line}" for n in sorted(away) if n not in line]
    for code, names in written.org_names.items():
        if names != {ward.names.get(code)}:
            diffs.append(f"organisation {code} written as {names}, the registry says {ward.names.get(code)}")
    return diffs
