"""A small ward for the work lists, written with the real branch template.

Cut-off 31/03/2026. Every member is placed at a boundary of a rule (see tests/test_worklists_rules.py
for the hand computations); `EXPECTED` says, list by list and in the order the lists must show
them, who is listed. CB03's file has an error (an official date 30 days after admission), so
its members, listed or not, never appear.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from toolkit.core.model import Organisation, Registry
from toolkit.outputs.template import write_submission

CUTOFF = dt.date(2026, 3, 31)
PERIOD_START = dt.date(2025, 1, 1)

# The registry lists CB02 before CB01: the lists follow the registry's order.
REGISTRY = Registry(
    [
        Organisation("CB02", "Chi bộ Trường Tiểu học Lê Lợi", "chi_bo_truc_thuoc", "su_nghiep", None, {}),
        Organisation("CB01", "Chi bộ Tổ dân phố số 1", "chi_bo_truc_thuoc", "to_dan_pho", None, {}),
        Organisation("CB03", "Chi bộ Công ty May 10", "chi_bo_co_so", "doanh_nghiep", None, {}),
    ]
)


def d(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def _member(
    name: str, birth: str, gender: str, admitted: str, official: str | None = None, **more: Any
) -> dict:
    return {
        "full_name": name,
        "birth_date": d(birth),
        "gender": gender,
        "ethnicity": "01",
        "religion": "none",
        "admission_date": d(admitted),
        "official_date": d(official) if official else None,
        "gen_edu": "upper_secondary",
        "prof_level": "university",
        "theory_level": "intermediate",
        "occupation": "other",
        **more,
    }


CB01_MEMBERS = [
    _member("Nguyễn Văn An", "10/10/1990", "male", "31/03/2025"),  # probation ends on D
    _member("Trần Thị Bình", "11/11/1995", "female", "29/06/2025"),  # ends D + 90
    _member("Lê Văn Cường", "12/12/1996", "male", "30/06/2025"),  # ends D + 91: not listed
    _member("Phạm Thị Dung", "01/02/1997", "female", "01/01/2025"),  # ended 01/01/2026: overdue
    _member("Hoàng Văn Em", "05/05/1970", "male", "19/05/1996", "19/05/1997"),  # 30 years on 19/05/2026
    _member("Vũ Thị Giang", "06/06/1950", "female", "20/05/1976", "20/05/1977"),  # 50 years: 02/09/2026
    _member(  # temporary exemption exactly 12 months old: not listed
        "Đặng Văn Hải",
        "07/07/1980",
        "male",
        "01/01/2005",
        "01/01/2006",
        exempt_from=d("31/03/2025"),
        exempt_reason="long_treatment",
    ),
    _member(  # one day older, and working away
        "Bùi Thị Khánh",
        "08/08/1985",
        "female",
        "01/01/2010",
        "01/01/2011",
        exempt_from=d("30/03/2025"),
        exempt_reason="working_away",
        working_away="yes",
    ),
    _member(  # old-age exemption at 59
        "Đỗ Văn Long",
        "01/04/1966",
        "male",
        "01/01/1995",
        "01/01/1996",
        exempt_from=d("01/01/2026"),
        exempt_reason="old_age_ill_health",
    ),
    _member("Hồ Văn Minh", "09/09/1992", "male", "01/01/2015", "01/01/2016", working_away="yes"),
]
CB01_EVENTS = [
    # Vũ Thị Giang was readmitted: her party age must be recounted by hand. Her roll keeps the
    # first membership's official date (1977): since the readmission she is probationary again,
    # listed from it (12 months end 10/01/2026, deadline 20/02/2026: overdue, red).
    {
        "full_name": "Vũ Thị Giang",
        "birth_date": d("06/06/1950"),
        "event_type": "readmitted",
        "event_date": d("10/01/2025"),
        "decision_no": "12-QĐ/ĐU",
    },
]
CB02_MEMBERS = [
    _member("Ngô Văn Nam", "03/03/1975", "male", "03/02/1997", "03/02/1998"),  # 30 years on 03/02/2027
    _member("Dương Thị Oanh", "04/04/1976", "female", "04/02/1997", "04/02/1998"),  # 04/02/2027: too late
    _member("Lý Văn Phúc", "02/02/1999", "male", "15/04/2025"),  # probation ends 15/04/2026
    _member("Mai Thị Quế", "03/03/1980", "female", "01/01/2000", "01/01/2001"),
]
CB03_MEMBERS = [
    _member("Tạ Văn Sơn", "03/03/1970", "male", "19/05/1996", "19/06/1996"),  # official too early: error
    _member("Kim Thị Tâm", "03/03/1985", "female", "01/01/2025"),
    _member("Lâm Văn Tú", "03/03/1988", "male", "01/01/2010", "01/01/2011", working_away="yes"),
]

# Who each list shows, in order (registry order CB02, CB01; then due date).
EXPECTED: dict[str, list[tuple[str, str, dt.date | None]]] = {
    "Dự bị đến hạn": [
        ("CB02", "Lý Văn Phúc", d("15/04/2026")),
        ("CB01", "Phạm Thị Dung", d("01/01/2026")),
        ("CB01", "Vũ Thị Giang", d("10/01/2026")),
        ("CB01", "Nguyễn Văn An", d("31/03/2026")),
        ("CB01", "Trần Thị Bình", d("29/06/2026")),
    ],
    "Huy hiệu Đảng": [
        ("CB02", "Ngô Văn Nam", d("03/02/2027")),
        ("CB01", "Hoàng Văn Em", d("19/05/2026")),
        ("CB01", "Vũ Thị Giang", d("02/09/2026")),
    ],
    "Miễn, tạm miễn": [
        ("CB01", "Bùi Thị Khánh", d("30/03/2026")),
        ("CB01", "Đỗ Văn Long", d("01/04/2026")),
    ],
    "Đi làm ăn xa": [
        ("CB01", "Bùi Thị Khánh", d("30/03/2026")),
        ("CB01", "Hồ Văn Minh", None),
    ],
}


def submission(
    folder: Path,
    org: Organisation,
    members: list[dict[str, Any]],
    *,
    events: list[dict[str, Any]] | None = None,
    code: str | None = None,
    name: str | None = None,
) -> Path:
    """`org`'s file in `folder` at the cut-off, its code and name as the secretary typed them
    (`code`, `name`), with `members` (numbered) and `events`."""
    folder.mkdir(parents=True, exist_ok=True)
    info = {
        "org_code": code or org.org_code,
        "org_name": name or org.org_name,
        "org_tier": org.org_tier,
        "sector": org.sector,
        "cutoff_date": CUTOFF,
        "period_start": PERIOD_START,
    }
    rows = [{"row_no": i, **m} for i, m in enumerate(members, start=1)]
    # 2025, ended by the cut-off, has its members' ratings (else `year.unrated`): "Không xếp
    # loại" for those admitted by then, which fits any roll; 2026 not rated yet.
    end = dt.date(2025, 12, 31)
    admitted = [m.get("admission_date") for m in members]
    in_2025 = sum(1 for a in admitted if isinstance(a, dt.date) and a <= end)
    years = [{"year": 2025, "not_rated": in_2025}, {"year": 2026}]
    return write_submission(
        folder / f"{org.org_code}.xlsx", info=info, members=rows, events=events or [], years=years
    )


def write_list_ward(folder: Path) -> dict[str, Path]:
    """The three submissions in `folder`, by organisation code."""
    return {
        org.org_code: submission(folder, org, members, events=events)
        for org, members, events in (
            (REGISTRY.organisations[1], CB01_MEMBERS, CB01_EVENTS),
            (REGISTRY.organisations[0], CB02_MEMBERS, []),
            (REGISTRY.organisations[2], CB03_MEMBERS, []),
        )
    }


# --- reading a list back ---------------------------------------------------------------------

HEADER_ROW = 5  # 1-based: title, cut-off, coverage, rule, header
RED = "FF9C0006"  # the font of a row to check


def list_rows(out: Path, sheet: str) -> dict[str, tuple[list[Any], bool]]:
    """Name → (values, red) of a list's rows."""
    ws = openpyxl.load_workbook(out)[sheet]
    found: dict[str, tuple[list[Any], bool]] = {}
    for r in ws.iter_rows(min_row=HEADER_ROW + 1):
        if r[3].value:
            found[r[3].value] = (
                [c.value for c in r],
                r[3].font.color is not None and r[3].font.color.rgb == RED,
            )
    return found


def three_members(p: str) -> list[dict[str, Any]]:
    """Three full members admitted in 2000, named after `p` (a chi bộ needs three)."""
    return [
        _member(f"Trịnh Văn {p} {c}", "01/01/1970", "male", "01/01/2000", "01/01/2001")
        for c in ("An", "Bình", "Cúc")
    ]
