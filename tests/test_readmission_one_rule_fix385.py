"""Which date counts for a readmitted member (kết nạp lại): one rule for validation and the work
lists (fix385).

A readmitted member has three dates that matter: the roll's `Ngày vào Đảng` (which may be the
first admission), the `Kết nạp lại` row's date, and the roll's `Ngày chính thức`. Validation
(`member.probation_overdue`, `official_too_early`, `official_late`, `official_before_readmission`,
`exempt_before_admission`, `exempt_before_readmission`, `temporary_exemption_long`) and the work
lists (`Dự bị đến hạn`, `Huy hiệu Đảng`, `Miễn, tạm miễn`, `Đi làm ăn xa`) each wrote out which of
them counts. Here the same readmitted members, at every relation of those dates that leaves the
files usable, go through validation and the lists of one run (`build_work_lists`, real
workbooks), and what each says of the member is compared:

- the date an exemption is said to precede: the admission or the readmission, and which day;
- the deadline of recognition, and whether it is past (validation's "hạn …" and overdue words,
  the probation list's "hạn xét chính thức …" and red row);
- whether the roll's official date is the first membership's (`official_before_readmission`,
  the probation and badge lists' "có trước ngày kết nạp lại").

On the parent an exemption dated before the roll's first admission of a member readmitted since
was `member.exempt_before_admission` ("được tính từ ngày vào Đảng 02/03/2000") while both lists
timed it from, and named, the readmission ("trước ngày kết nạp lại 01/6/2025").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from helpers_worklists import CUTOFF, REGISTRY, _member, submission

from toolkit.core import layout
from toolkit.core.model import Issue
from toolkit.worklists import build_work_lists
from toolkit.worklists.model import Entry

D = dt.date

# name, born, Ngày vào Đảng, Kết nạp lại, Ngày chính thức, exemption (from, reason), the
# `Kết nạp lại` row in the member's own file (else in the other file; one before the period must
# be in its own, where it is kept for the probation)
Case = tuple[str, D, D, D, D | None, tuple[D, str] | None, bool]
FIRST = D(2000, 3, 2)  # a first admission, long before the readmission
FIRST_OFFICIAL = D(2001, 3, 2)  # its recognition, kept on the roll after the readmission
AGAIN = D(2025, 6, 1)  # a readmission in the period
TREATED, AWAY, OLD = "long_treatment", "working_away", "old_age_ill_health"  # exemption reasons
CASES: list[Case] = [
    # the first membership's official date kept; 30 years of party age on 19/05/2026 (badges)
    ("Nguyễn Văn An", D(1970, 1, 5), D(1996, 5, 19), D(2025, 3, 10), D(1997, 5, 19), None, True),
    # probationary since a readmission before the period: overdue
    ("Trần Văn Bình", D(1971, 2, 6), FIRST, D(2024, 6, 1), None, None, True),
    # probationary since a readmission in the period, the 12 months end after the cut-off
    ("Lê Văn Cường", D(1972, 3, 7), FIRST, D(2025, 6, 1), None, None, False),
    # recognised late after a readmission before the period
    ("Phạm Văn Dũng", D(1973, 4, 8), FIRST, D(2024, 1, 10), D(2025, 12, 1), None, True),
    # recognised after the cut-off
    ("Hoàng Văn Hải", D(1974, 5, 9), FIRST, D(2025, 2, 1), D(2026, 6, 15), None, False),
    # the roll's `Ngày vào Đảng` is the readmission's date (carried), before the period
    ("Vũ Văn Khánh", D(1975, 6, 10), D(2024, 6, 1), D(2024, 6, 1), None, None, True),
    # carried, in the period
    ("Đặng Văn Long", D(1976, 7, 11), D(2025, 6, 1), D(2025, 6, 1), None, None, True),
    # a readmission before the roll's admission date
    ("Bùi Văn Minh", D(1977, 8, 12), D(2024, 9, 1), D(2024, 3, 1), None, None, True),
    # exempted before the first admission, readmitted since (the parent disagreed)
    ("Đỗ Văn Nam", D(1960, 9, 13), FIRST, AGAIN, FIRST_OFFICIAL, (D(1999, 1, 1), TREATED), True),
    # exempted between the first admission and the readmission
    ("Hồ Văn Phúc", D(1961, 10, 14), FIRST, AGAIN, FIRST_OFFICIAL, (D(2024, 1, 1), AWAY), False),
    # exempted on the readmission's day, and after it
    ("Ngô Văn Quang", D(1962, 11, 15), FIRST, AGAIN, FIRST_OFFICIAL, (D(2025, 6, 1), TREATED), True),
    ("Dương Văn Sơn", D(1963, 12, 16), FIRST, AGAIN, FIRST_OFFICIAL, (D(2025, 9, 1), TREATED), False),
    # an old-age exemption before the first admission, readmitted since (the parent disagreed)
    ("Lý Văn Tâm", D(1950, 1, 17), FIRST, AGAIN, FIRST_OFFICIAL, (D(1999, 1, 1), OLD), True),
    # carried, exempted before it
    ("Mai Văn Tú", D(1964, 2, 18), AGAIN, AGAIN, None, (D(2025, 1, 1), TREATED), True),
    # a readmission before the roll's admission, exempted between them
    ("Tạ Văn Uy", D(1965, 3, 19), D(2024, 9, 1), D(2024, 3, 1), None, (D(2024, 5, 1), TREATED), True),
    # exempted before the first admission and also before a readmission in another file
    ("Kim Văn Vinh", D(1966, 4, 20), FIRST, D(2025, 7, 1), FIRST_OFFICIAL, (D(1999, 6, 1), AWAY), False),
]

_DATE = r"(\d{1,2}/\d{1,2}/\d{4})"
EXEMPT_CODES = {
    "member.exempt_before_admission": "vào Đảng",
    "member.exempt_before_readmission": "kết nạp lại",
}


def _day(text: str) -> D:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def _ward(folder: Path) -> dict[str, tuple[str, str]]:
    """Two files of the readmitted members (CB01 and CB02 in turn); (file, roll row) → (name,
    organisation)."""
    orgs = {o.org_code: o for o in REGISTRY.organisations}
    members: dict[str, list[dict[str, Any]]] = {"CB01": [], "CB02": []}
    events: dict[str, list[dict[str, Any]]] = {"CB01": [], "CB02": []}
    where: dict[str, tuple[str, str]] = {}
    for i, (name, born, admitted, again, official, exempt, own) in enumerate(CASES):
        org, other = ("CB01", "CB02") if i % 2 == 0 else ("CB02", "CB01")
        more: dict[str, Any] = {}
        if exempt is not None:
            more = {"exempt_from": exempt[0], "exempt_reason": exempt[1]}
            if exempt[1] == AWAY:
                more["working_away"] = "yes"
        row = _member(name, born.strftime("%d/%m/%Y"), "male", admitted.strftime("%d/%m/%Y"), **more)
        members[org].append({**row, "official_date": official})
        where[f"{org}.xlsx:{layout.FIRST_DATA_ROW + len(members[org]) - 1}"] = (name, org)
        event = {
            "full_name": name,
            "birth_date": born,
            "event_type": "readmitted",
            "event_date": again,
            "decision_no": f"{i + 1}-QĐ/ĐU",
        }
        events[org if own else other].append(event)
    for code in ("CB01", "CB02"):
        submission(folder, orgs[code], members[code], events=events[code])
    return where


def _row(cell: str) -> int:
    return int(re.sub(r"\D", "", cell))


def _issues(subs: Iterable[Any]) -> dict[str, list[Issue]]:
    """(file, roll row) → the member's issues on the `Đảng viên` sheet."""
    out: dict[str, list[Issue]] = {}
    for sub in subs:
        for i in sub.issues:
            if i.sheet == layout.SHEET_MEMBERS and i.cell and i.code.startswith("member."):
                out.setdefault(f"{sub.path.name}:{_row(i.cell)}", []).append(i)
    return out


def _entries(lists: Iterable[Any], sheet: str) -> dict[str, Entry]:
    found = next(w for w in lists if w.spec.sheet == sheet)
    return {f"{e.source.path.name}:{_row(e.source.cell)}": e for e in found.entries}


def _said(issues: list[Issue], code: str) -> Issue | None:
    return next((i for i in issues if i.code == code), None)


def test_validation_and_every_list_say_the_same_of_each_readmitted_member(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    where = _ward(folder)
    result = build_work_lists([folder], cutoff=CUTOFF, registry=REGISTRY)
    assert {s.path.name for s in result.used} == {"CB01.xlsx", "CB02.xlsx"}, [
        (s.path.name, [i.code for i in s.issues if i.severity == "error"]) for s in result.submissions
    ]
    issues = _issues(result.submissions)
    probation = _entries(result.lists, "Dự bị đến hạn")
    badges = _entries(result.lists, "Huy hiệu Đảng")
    exempt = _entries(result.lists, "Miễn, tạm miễn")
    away = _entries(result.lists, "Đi làm ăn xa")
    disagree: list[tuple[str, str, object, object]] = []

    def agree(key: str, what: str, validation: object, lists: object) -> None:
        if validation != lists:
            disagree.append((where[key][0], what, validation, lists))

    seen = {"exempt": 0, "deadline": 0, "first_official": 0, "overdue": 0}
    for key in where:
        said = issues.get(key, [])
        # 1. The date an exemption precedes: the admission or the readmission, and which day.
        v_exempt = next(
            (
                (EXEMPT_CODES[i.code], _day(m.group(1)))
                for i in said
                if i.code in EXEMPT_CODES
                and (m := re.search(rf"trước ngày {EXEMPT_CODES[i.code]} {_DATE}", i.message)) is not None
            ),
            None,
        )
        for sheet, entries in (("Miễn, tạm miễn", exempt), ("Đi làm ăn xa", away)):
            entry = entries.get(key)
            if entry is None and sheet == "Đi làm ăn xa":
                continue  # not working away
            m = re.search(rf"trước ngày (vào Đảng|kết nạp lại) {_DATE}", entry.note or "") if entry else None
            l_exempt = (m.group(1), _day(m.group(2))) if m else None
            agree(key, f"miễn trước ngày ({sheet})", v_exempt, l_exempt)
            if l_exempt is not None:
                agree(key, f"dòng đỏ ({sheet})", True, entry is not None and entry.flagged)
        seen["exempt"] += v_exempt is not None
        # 2. The deadline of recognition, and whether it is past.
        overdue = _said(said, "member.probation_overdue")
        before = _said(said, "member.official_before_readmission")
        v_deadline = None
        if overdue is not None:
            v_deadline = _day(re.search(rf"\(hạn {_DATE}\)", overdue.message).group(1))  # type: ignore[union-attr]
        elif before is not None:
            v_deadline = _day(re.search(rf"hạn xét chính thức {_DATE}", before.message).group(1))  # type: ignore[union-attr]
        v_past = overdue is not None or (before is not None and "đã quá hạn" in before.message)
        entry = probation.get(key)
        if entry is not None:
            m = re.search(rf"hạn(?: xét chính thức)? {_DATE}", entry.note or "")
            assert m is not None, entry.note
            if v_deadline is not None:
                agree(key, "hạn xét chính thức", v_deadline, _day(m.group(1)))
                seen["deadline"] += 1
            agree(key, "quá hạn xét chính thức", v_past, entry.flagged)
            # 3. Whether the roll's official date is the first membership's.
            first = "có trước ngày kết nạp lại" in (entry.note or "")
            agree(key, "ngày chính thức của lần trước (Dự bị)", before is not None, first)
        else:
            agree(key, "quá hạn nhưng không có trong Dự bị đến hạn", v_past, False)
        seen["overdue"] += v_past
        seen["first_official"] += before is not None
        badge = badges.get(key)
        if badge is not None:
            first = "lần vào Đảng trước" in (badge.note or "")
            agree(key, "ngày chính thức của lần trước (Huy hiệu)", before is not None, first)
    assert not disagree, "\n".join(f"{n}: {w}: kiểm tra {v!r}, danh sách {li!r}" for n, w, v, li in disagree)
    # The ward holds each kind of member it compares.
    assert seen["exempt"] >= 5 and seen["deadline"] >= 3, seen
    assert seen["first_official"] >= 4 and seen["overdue"] >= 2, seen
    assert any(k in badges for k in where), "no readmitted member on the badge list"
