"""Seeded generator of the benchmark datasets (issue 8), made through the real branch template.

Three datasets, each a folder `benchmarks/data/<name>/` holding a registry
(`danh_muc_to_chuc.xlsx`) and the submissions (`nop/*.xlsx`):

- **ward**: the sample ward of `toolkit.sample.ward` (72 organisations, 4,216 members);
- **city**: 1,000 organisations, 100,000 members;
- **province**: ONE organisation with 500,000 members.

Small submissions are written with `toolkit.outputs.template.write_submission` (openpyxl), on both
cores. openpyxl cannot write 500,000 rows in reasonable time and memory, so the province
file is the real template written by `write_submission` with the FIRST row of each big
sheet, whose `Đảng viên` and `Biến động` sheet XML is then stream-patched inside the zip with
the remaining rows, cell for cell in the style the template writer used for that first row
(same style ids, numbers for dates, strings as the writer stores them). Every other part
(validations, comments, `DanhMuc`, `_meta`, protection) stays byte-identical.

Every dataset validates with zero errors: dates are consistent (official ≥ admission + 12
months, no overdue probation, admission age 18–50), every name + birth date is unique in the
dataset, card numbers are unique and only on full members, admissions inside the period
have their `Kết nạp` row, members who left appear only in `Biến động`.

A marker file records the seed and generator version; a dataset whose marker matches is not
generated again.

Usage: `uv run python benchmarks/generate.py [ward city province] [--seed N] [--force]`
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python benchmarks/generate.py` from a clean clone
    sys.path.insert(0, str(ROOT))

from toolkit.core import layout  # noqa: E402
from toolkit.core.model import Organisation, Registry  # noqa: E402

GENERATOR_VERSION = 4
DEFAULT_SEED = 2026
DATA_DIR = Path(__file__).resolve().parent / "data"
MARKER = "dataset.json"
SUBMISSIONS_DIR = "nop"
REGISTRY_FILENAME = "danh_muc_to_chuc.xlsx"
CUTOFF = dt.date(2026, 3, 31)
PERIOD_START = dt.date(2020, 1, 1)
YEARS = tuple(range(PERIOD_START.year, CUTOFF.year + 1))


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    organisations: int
    members: int
    description: str


DATASETS: dict[str, DatasetSpec] = {
    "ward": DatasetSpec(
        "ward", 72, 4_216, "the sample ward of toolkit.sample.ward: 72 submissions, 4,216 members"
    ),
    "city": DatasetSpec("city", 1_000, 100_000, "1,000 submissions, 100,000 members"),
    "province": DatasetSpec("province", 1, 500_000, "one submission of 500,000 members"),
}


@dataclass(frozen=True)
class Dataset:
    """A generated dataset on disk."""

    name: str
    root: Path
    registry: Path
    submissions_dir: Path
    files: tuple[Path, ...]
    members: int
    marker: dict[str, Any] = field(default_factory=dict)


# --- names ------------------------------------------------------------------------------------

_SURNAMES = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9.5),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 2),
    ("Phan", 4.5),
    ("Vũ", 4),
    ("Võ", 2),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 1.5),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Lý", 0.5),
    ("Đào", 1),
    ("Đinh", 1),
    ("Mạc", 0.3),
    ("Lương", 0.6),
    ("Trịnh", 0.8),
    ("Cao", 0.6),
    ("Tạ", 0.4),
    ("Lưu", 0.5),
    ("Nghiêm", 0.2),
    ("Quách", 0.2),
    ("Kiều", 0.2),
    ("Tô", 0.4),
)
_MIDDLE = {
    "male": ("Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân", "Thanh", "Ngọc", "Mạnh", "Đình", "Trọng"),
    "female": ("Thị", "Thu", "Thanh", "Ngọc", "Minh", "Phương", "Hồng", "Kim", "Thùy", "Bích", "Diệu", "Mai"),
}
_GIVEN = {
    "male": (
        "An Bình Cường Dũng Duy Đạt Định Đông Giang Hải Hào Hiếu Hiệp Hòa Hoàng Hùng Huy Hưng Khải "
        "Khánh Khoa Kiên Lâm Linh Long Lộc Lợi Luân Mạnh Minh Nam Nghĩa Ngọc Nguyên Nhân Phong Phúc "
        "Phương Quân Quang Quý Sơn Tài Tâm Tân Thái Thắng Thành Thịnh Thông Tiến Toàn Trung Tuấn Tùng "
        "Việt Vinh Vũ Khang Sáng Chiến Đức Hiển Kỳ Thuận Tú Bảo Trí Thiện Hậu Lực"
    ).split(),
    "female": (
        "Anh Ánh Bích Châu Chi Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hồng Huệ Hương Huyền Lan Liên "
        "Linh Loan Mai Minh Nga Ngân Ngọc Nhung Oanh Phương Quyên Quỳnh Tâm Thảo Thắm Thanh Thoa Thu "
        "Thủy Thúy Trang Trinh Tuyết Uyên Vân Vy Yến Lý Nguyệt Sen Tình Vui Diệp Hạnh Khánh Lệ My "
        "Nhàn Phượng Quế Tươi Xuân"
    ).split(),
}


def _weighted(rng: random.Random, pairs: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


class _People:
    """Unique (name, birth date) pairs across a whole dataset, as the validator requires."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[tuple[str, dt.date]] = set()
        self._surnames = [s for s, _ in _SURNAMES]
        self._weights = [w for _, w in _SURNAMES]

    def name(self, gender: str, birth: dt.date) -> str:
        rng = self.rng
        for attempt in range(1000):
            surname = rng.choices(self._surnames, weights=self._weights)[0]
            middle = rng.choice(_MIDDLE[gender])
            if attempt > 3 or rng.random() < 0.25:
                middle = f"{middle} {rng.choice(_MIDDLE[gender])}"
            name = f"{surname} {middle} {rng.choice(_GIVEN[gender])}"
            if (name, birth) not in self.seen:
                self.seen.add((name, birth))
                return name
        raise RuntimeError("name space exhausted")  # pragma: no cover - 10^5 names per birth date


# --- dates ------------------------------------------------------------------------------------


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    span = (end - start).days
    return start + dt.timedelta(days=rng.randint(0, max(span, 0)))


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- organisations and members ---------------------------------------------------------------

# Occupation mix per sector (codes of vocab.OCCUPATION); old members tend to be retired.
_OCCUPATION_BY_SECTOR: dict[str, tuple[tuple[str, float], ...]] = {
    "su_nghiep": (("public_employee", 80), ("civil_servant", 8), ("other", 12)),
    "co_quan": (("civil_servant", 85), ("part_time_official", 10), ("public_employee", 5)),
    "luc_luong_vu_trang": (("armed_forces", 95), ("civil_servant", 5)),
    "to_dan_pho": (
        ("retired", 45),
        ("freelance", 25),
        ("farmer", 10),
        ("part_time_official", 8),
        ("other", 12),
    ),
    "doanh_nghiep": (("enterprise_worker", 95), ("other", 5)),
}
_SECTOR_MIX = (
    ("to_dan_pho", 52),
    ("doanh_nghiep", 22),
    ("su_nghiep", 20),
    ("co_quan", 3),
    ("luc_luong_vu_trang", 3),
)
_GEN_EDU = (("upper_secondary", 76), ("lower_secondary", 23), ("primary", 0.8), ("literate", 0.2))
_PROF = (
    ("none", 30),
    ("elementary", 7.5),
    ("intermediate", 15),
    ("college", 10),
    ("university", 33),
    ("master", 4),
    ("doctor", 0.5),
)
_THEORY = (("elementary", 58), ("intermediate", 36), ("advanced", 5.5), ("bachelor", 0.5))
_STRIKE = (
    ("absence_or_dues", 70),
    ("card_returned", 5),
    ("lost_will", 10),
    ("two_years_violation", 10),
    ("other", 5),
)
_ORG_NAME = {
    "to_dan_pho": "Chi bộ Tổ dân phố số {n}",
    "doanh_nghiep": "Chi bộ Công ty cổ phần số {n}",
    "su_nghiep": "Chi bộ Trường học số {n}",
    "co_quan": "Chi bộ Cơ quan số {n}",
    "luc_luong_vu_trang": "Chi bộ Quân sự số {n}",
}


@dataclass
class OrgRows:
    """One organisation: its registry row and the rows of its submission (field keys, codes)."""

    organisation: Organisation
    info: dict[str, Any]
    members: list[dict[str, Any]]
    events: list[dict[str, Any]]
    years: list[dict[str, Any]]


class _Cards:
    def __init__(self, prefix: int) -> None:
        self.next = prefix * 10_000_000

    def take(self) -> str:
        self.next += 1
        return f"{self.next:08d}"


_FULL_BEFORE_DAYS = 390


def _pick_age(rng: random.Random) -> int:
    # The reference ward: < 30 about 9 %, 30–50 about 45 %, > 50 about 46 %.
    band = rng.random()
    if band < 0.09:
        return rng.randint(20, 29)
    if band < 0.54:
        return rng.randint(30, 50)
    return min(95, 51 + int(rng.expovariate(1 / 14)))


def _member(
    rng: random.Random,
    people: _People,
    cards: _Cards,
    sector: str,
    *,
    probationary: bool = False,
    admitted_in_period: bool = False,
) -> dict[str, Any]:
    gender = "male" if rng.random() < 0.62 else "female"
    if probationary:
        age = rng.randint(19, 34)
    elif admitted_in_period:  # admitted at 18–55: no "older than 60 at admission" warning
        age = rng.randint(20, 55)
    else:
        age = _pick_age(rng)
    birth = _between(rng, add_years(CUTOFF, -age - 1) + dt.timedelta(days=1), add_years(CUTOFF, -age))
    earliest = add_years(birth, 18) + dt.timedelta(days=1)
    recent_start = max(earliest, CUTOFF - dt.timedelta(days=330))
    # Full members were admitted ≥ 390 days before the cut-off (official after 12 months and
    # up to 20 days, still before the cut-off); probationary ones within 330 days, so none is
    # overdue for recognition under any reading of "12 months + 30 working days".
    period_end = CUTOFF - dt.timedelta(days=_FULL_BEFORE_DAYS)
    if probationary or earliest > period_end:
        admission = _between(rng, recent_start, CUTOFF - dt.timedelta(days=1))
    elif admitted_in_period or earliest >= PERIOD_START:
        admission = _between(rng, max(earliest, PERIOD_START), period_end)
    else:
        latest = min(add_years(birth, 50), PERIOD_START - dt.timedelta(days=1))
        admission = _between(rng, earliest, latest)
    official = None
    if admission <= period_end:
        official = add_years(admission, 1) + dt.timedelta(days=rng.randint(0, 20))
    occupation = _weighted(rng, _OCCUPATION_BY_SECTOR[sector])
    if sector == "to_dan_pho" and occupation == "retired" and age < 55:
        occupation = "freelance"
    prof = _weighted(rng, _PROF)
    row: dict[str, Any] = {
        "full_name": people.name(gender, birth),
        "birth_date": birth,
        "gender": gender,
        "card_no": cards.take() if official else None,
        "admission_date": admission,
        "official_date": official,
        "gen_edu": "upper_secondary" if prof not in ("none", "elementary") else _weighted(rng, _GEN_EDU),
        "prof_level": prof,
        "theory_level": "elementary" if official is None else _weighted(rng, _THEORY),
        "occupation": occupation,
    }
    senior = age >= (60 if gender == "male" else 55)
    roll = rng.random()
    if official and senior and age >= 70 and roll < 0.55:
        row["exempt_reason"] = "old_age_ill_health"
    elif official and roll < 0.02:
        row["exempt_reason"] = "working_away"
        row["working_away"] = "yes"
    elif roll < 0.03:
        row["working_away"] = "yes"
    if "exempt_reason" in row:
        row["exempt_from"] = _between(rng, max(official, CUTOFF - dt.timedelta(days=3000)), CUTOFF)
    return row


def _full_row_first(rows: list[dict[str, Any]], keys: Sequence[str]) -> None:
    """Move a row that fills every column to the front (the province patcher takes the cell
    styles of each column from row 2)."""
    for i, row in enumerate(rows):
        if all(row.get(k) is not None for k in keys):
            rows.insert(0, rows.pop(i))
            return


def build_org(
    rng: random.Random,
    people: _People,
    cards: _Cards,
    *,
    code: str,
    index: int,
    sector: str,
    size: int,
) -> OrgRows:
    """One organisation of `size` members with its changes and yearly figures."""
    tier = "dang_bo_co_so" if size >= 300 else ("chi_bo_co_so" if size >= 150 else "chi_bo_truc_thuoc")
    name = _ORG_NAME[sector].format(n=index)
    secretary = people.name("male", dt.date(1960 + index % 30, 1 + index % 12, 1 + index % 28))
    n_prob = max(0, round(size * rng.uniform(0.01, 0.05)))
    n_in_period = max(0, round(size * rng.uniform(0.02, 0.06)))
    members = [
        _member(
            rng,
            people,
            cards,
            sector,
            probationary=i < n_prob,
            admitted_in_period=n_prob <= i < n_prob + n_in_period,
        )
        for i in range(size)
    ]
    members.sort(key=lambda m: (m["admission_date"], m["full_name"]))
    for i, m in enumerate(members, start=1):
        m["row_no"] = i
    for m in members:
        if m.get("exempt_reason") == "working_away":
            m["note"] = "Đang làm việc tại tỉnh khác"
            break
    events = _events(rng, people, members, size)
    years = _years(rng, members, events)
    targets = {}
    for y in YEARS:
        admitted = sum(1 for e in events if e["event_type"] == "admitted" and e["event_date"].year == y)
        targets[y] = admitted + rng.randint(0, 2) if y < CUTOFF.year else max(1, round(size * 0.03))
    org = Organisation(code, name, tier, sector, secretary, targets)
    info = {
        "org_code": code,
        "org_name": name,
        "org_tier": tier,
        "sector": sector,
        "secretary": secretary,
        "phone": f"09{rng.randint(10_000_000, 99_999_999)}",
        "cutoff_date": CUTOFF,
        "period_start": PERIOD_START,
        "prepared_by": secretary,
        "prepared_on": CUTOFF + dt.timedelta(days=rng.randint(1, 10)),
    }
    return OrgRows(org, info, members, events, years)


def _decision(rng: random.Random, day: dt.date) -> str:
    return f"{rng.randint(1, 999)}-QĐ/ĐU ngày {day:%d/%m/%Y}"


def _events(rng: random.Random, people: _People, members: list[dict[str, Any]], size: int) -> list[dict]:
    events: list[dict[str, Any]] = []
    for m in members:
        if m["admission_date"] >= PERIOD_START:
            events.append(
                {
                    "full_name": m["full_name"],
                    "birth_date": m["birth_date"],
                    "event_type": "admitted",
                    "event_date": m["admission_date"],
                    "decision_no": _decision(rng, m["admission_date"]),
                }
            )
        elif rng.random() < 0.01:
            day = _between(rng, PERIOD_START, CUTOFF)
            events.append(
                {
                    "full_name": m["full_name"],
                    "birth_date": m["birth_date"],
                    "event_type": "transfer_in",
                    "event_date": day,
                    "decision_no": _decision(rng, day),
                }
            )
    # Members who left the roll during the period appear only here.
    leaving = (("transfer_out", 0.012), ("died", 0.02), ("struck_off", 0.002), ("expelled", 0.0006))
    for event_type, share in leaving:
        count = sum(1 for _ in range(size) if rng.random() < share)
        for _ in range(count):
            gender = "male" if rng.random() < 0.62 else "female"
            age = rng.randint(75, 95) if event_type == "died" else rng.randint(25, 70)
            birth = _between(rng, add_years(CUTOFF, -age - 1), add_years(CUTOFF, -age))
            day = _between(rng, PERIOD_START, CUTOFF)
            row = {
                "full_name": people.name(gender, birth),
                "birth_date": birth,
                "event_type": event_type,
                "event_date": day,
                "decision_no": _decision(rng, day),
            }
            if event_type == "struck_off":
                row["strike_ground"] = _weighted(rng, _STRIKE)
                row["note"] = "Theo Điều 8 Điều lệ Đảng"
            events.append(row)
    events.sort(key=lambda e: (e["event_date"], e["full_name"]))
    for i, e in enumerate(events, start=1):
        e["row_no"] = i
    return events


def _years(rng: random.Random, members: list[dict[str, Any]], events: list[dict[str, Any]]) -> list[dict]:
    rows = []
    for y in YEARS:
        year_end = dt.date(y, 12, 31)
        on_roll = sum(1 for m in members if m["admission_date"] <= year_end)
        admitted = sum(1 for e in events if e["event_type"] == "admitted" and e["event_date"].year == y)
        row: dict[str, Any] = {
            "year": y,
            "candidates_trained": admitted + rng.randint(0, 2),
            "new_members_trained": admitted,
            "new_members_completed": admitted,
        }
        if y < CUTOFF.year and on_roll:
            rated = on_roll - round(on_roll * 0.04)
            fail = 1 if rated > 60 and rng.random() < 0.3 else 0
            passed = round(rated * rng.uniform(0.02, 0.06))
            excellent = int((rated - fail - passed) * rng.uniform(0.10, 0.18))
            row.update(
                rated_excellent=excellent,
                rated_good=rated - fail - passed - excellent,
                rated_pass=passed,
                rated_fail=fail,
                not_rated=on_roll - rated,
            )
        rows.append(row)
    return rows


def _apportion(rng: random.Random, total: int, parts: int, low: int) -> list[int]:
    """`parts` sizes ≥ `low` summing to `total`, skewed like real organisations."""
    weights = [rng.lognormvariate(0, 0.8) for _ in range(parts)]
    spare = total - low * parts
    scale = spare / sum(weights)
    sizes = [low + int(w * scale) for w in weights]
    for i in range(total - sum(sizes)):
        sizes[i % parts] += 1
    return sizes


def build_orgs(spec: DatasetSpec, seed: int) -> list[OrgRows]:
    """The organisations of a generated dataset (city, province), deterministic in `seed`."""
    rng = random.Random(f"{spec.name}:{seed}")
    people = _People(rng)
    cards = _Cards(prefix=7)
    if spec.organisations == 1:
        sizes = [spec.members]
    else:
        sizes = _apportion(rng, spec.members, spec.organisations, low=12)
    width = max(3, len(str(spec.organisations)))
    orgs = []
    for i, size in enumerate(sizes, start=1):
        sector = _weighted(rng, _SECTOR_MIX) if spec.organisations > 1 else "to_dan_pho"
        orgs.append(build_org(rng, people, cards, code=f"B{i:0{width}d}", index=i, sector=sector, size=size))
    if spec.organisations == 1:  # one organisation standing for a whole province: mixed jobs
        for m in orgs[0].members:
            if m["occupation"] != "retired":
                m["occupation"] = _weighted(rng, _OCCUPATION_BY_SECTOR[_weighted(rng, _SECTOR_MIX)])
    return orgs


# --- writing ----------------------------------------------------------------------------------


def _write_one(args: tuple[Path, dict, list, list, list]) -> Path:
    from toolkit.outputs.template import write_submission

    path, info, members, events, years = args
    return write_submission(path, info=info, members=members, events=events, years=years)


def write_small(orgs: Sequence[OrgRows], submissions_dir: Path, workers: int | None = None) -> list[Path]:
    """Write each organisation through `write_submission`, on all cores."""
    from toolkit.outputs.template import submission_filename

    submissions_dir.mkdir(parents=True, exist_ok=True)
    jobs = [
        (submissions_dir / submission_filename(o.organisation), o.info, o.members, o.events, o.years)
        for o in orgs
    ]
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < 8:
        return [_write_one(j) for j in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_write_one, jobs, chunksize=16))


# The province file: stream-patching the big sheets of a real template file.

_CELL_RE = re.compile(r'<c r="([A-Z]+)2"([^>]*)>')
_STYLE_RE = re.compile(r'\bs="(\d+)"')


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip part name, resolved through workbook.xml and its relationships."""
    from defusedxml import ElementTree as ET

    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", ns)}
    parts = {}
    for sheet in wb.findall("m:sheets/m:sheet", ns):
        target = targets[sheet.get(f"{{{ns['r']}}}id")]
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


@dataclass(frozen=True)
class _ColumnStyle:
    letter: str
    key: str
    kind: str
    attrs: str  # e.g. ' s="10"': the style the template writer gave this column's cells


def _column_styles(sheet_xml: str, spec: layout.SheetSpec) -> list[_ColumnStyle]:
    row2 = sheet_xml[sheet_xml.index('<row r="2"') :]
    row2 = row2[: row2.index("</row>")]
    found = {m.group(1): m.group(2) for m in _CELL_RE.finditer(row2)}
    styles = []
    for f in spec.fields:
        letter = spec.letter(f.key)
        attrs = found.get(letter)
        if attrs is None:
            raise ValueError(f"{spec.name}: row 2 has no cell in column {letter}; cannot copy its style")
        style = _STYLE_RE.search(attrs)
        styles.append(_ColumnStyle(letter, f.key, f.kind, f' s="{style.group(1)}"' if style else ""))
    return styles


_EXCEL_EPOCH = dt.date(1899, 12, 30)


class _SharedStrings:
    """The shared-string table Excel writes for a big sheet (far smaller than inline strings)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.refs = 0

    def __call__(self, text: str) -> int:
        self.refs += 1
        i = self.index.get(text)
        if i is None:
            i = self.index[text] = len(self.index)
        return i

    def xml(self) -> bytes:
        items = "".join(f"<si><t>{escape(t)}</t></si>" for t in self.index)
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{_NS_MAIN}" count="{self.refs}" uniqueCount="{len(self.index)}">{items}</sst>'
        ).encode()


_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_PART = "xl/sharedStrings.xml"
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _cell_xml(col: _ColumnStyle, r: int, value: Any, sst: _SharedStrings) -> str:
    if value is None:
        return ""
    if col.kind == "date":
        return f'<c r="{col.letter}{r}"{col.attrs}><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    if col.kind == "int":
        return f'<c r="{col.letter}{r}"{col.attrs}><v>{int(value)}</v></c>'
    if col.kind == "category":
        value = _label(col.key, value)
    return f'<c r="{col.letter}{r}"{col.attrs} t="s"><v>{sst(str(value))}</v></c>'


_LABELS: dict[str, dict[str, str]] = {}


def _label(key: str, code: str) -> str:
    """Vocabulary label of a category code for a data-sheet field key."""
    labels = _LABELS.get(key)
    if labels is None:
        labels = {}
        for spec in layout.DATA_SHEETS:
            if key in spec.keys and spec.field(key).vocab is not None:
                voc = spec.field(key).vocab
                labels = {c: voc.label(c) for c in voc.codes}
                break
        _LABELS[key] = labels
    return labels.get(code, code)


def _rows_xml(
    styles: Sequence[_ColumnStyle], rows: Iterable[Mapping[str, Any]], sst: _SharedStrings
) -> Iterator[str]:
    chunk: list[str] = []
    spans = f"1:{len(styles)}"
    for r, row in enumerate(rows, start=layout.FIRST_DATA_ROW):
        cells = "".join(_cell_xml(col, r, row.get(col.key), sst) for col in styles)
        chunk.append(f'<row r="{r}" spans="{spans}">{cells}</row>')
        if len(chunk) >= 5000:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _patched_sheet(
    sheet_xml: str, styles: Sequence[_ColumnStyle], rows: Sequence[Mapping], sst: _SharedStrings
) -> Iterator[bytes]:
    last_col = styles[-1].letter
    last_row = layout.FIRST_DATA_ROW + len(rows) - 1
    head = sheet_xml[: sheet_xml.index('<row r="2"')]
    head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last_col}{last_row}"/>', head, count=1)
    tail = sheet_xml[sheet_xml.index("</sheetData>") :]
    yield head.encode("utf-8")
    for text in _rows_xml(styles, rows, sst):
        yield text.encode("utf-8")
    yield tail.encode("utf-8")


def _with_shared_strings(name: str, data: bytes) -> bytes:
    """Declare the shared-string part in the content types and the workbook relationships."""
    text = data.decode("utf-8")
    if name == "[Content_Types].xml" and _SST_TYPE not in text:
        text = text.replace(
            "</Types>", f'<Override PartName="/{_SST_PART}" ContentType="{_SST_TYPE}"/></Types>'
        )
    elif name == "xl/_rels/workbook.xml.rels" and _SST_REL not in text:
        text = text.replace(
            "</Relationships>",
            f'<Relationship Type="{_SST_REL}" Target="/{_SST_PART}" Id="rIdBenchSST"/></Relationships>',
        )
    return text.encode("utf-8")


def write_large(org: OrgRows, target: Path) -> Path:
    """Write a submission too big for openpyxl: the real template with the first row of each
    data sheet, then its member and change sheets stream-patched with every row (strings in
    a shared-string table, as Excel saves a sheet of this size)."""
    from toolkit.io.atomic import atomic_path
    from toolkit.outputs.template import write_submission

    _full_row_first(org.members, layout.MEMBERS.keys)
    _full_row_first(org.events, layout.EVENTS.keys)
    for rows in (org.members, org.events):
        for i, row in enumerate(rows, start=1):
            row["row_no"] = i
    target.parent.mkdir(parents=True, exist_ok=True)
    seed_file = target.with_name(target.stem + ".seed.xlsx")
    write_submission(
        seed_file, info=org.info, members=org.members[:1], events=org.events[:1], years=org.years
    )
    sst = _SharedStrings()
    try:
        with zipfile.ZipFile(seed_file) as src, atomic_path(target) as tmp:
            if _SST_PART in src.namelist():
                raise ValueError("the template writer now uses shared strings: merge them before patching")
            parts = _sheet_parts(src)
            patch = {
                parts[layout.MEMBERS.name]: (layout.MEMBERS, org.members),
                parts[layout.EVENTS.name]: (layout.EVENTS, org.events),
            }
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
                for item in src.infolist():
                    data = src.read(item.filename)
                    if item.filename not in patch:
                        dst.writestr(item, _with_shared_strings(item.filename, data))
                        continue
                    spec, rows = patch[item.filename]
                    sheet_xml = data.decode("utf-8")
                    styles = _column_styles(sheet_xml, spec)
                    info = zipfile.ZipInfo(item.filename, date_time=item.date_time)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    with dst.open(info, "w", force_zip64=True) as out:
                        for chunk in _patched_sheet(sheet_xml, styles, rows, sst):
                            out.write(chunk)
                dst.writestr(_SST_PART, sst.xml())
    finally:
        seed_file.unlink(missing_ok=True)
    return target


# --- datasets ---------------------------------------------------------------------------------


def _marker(spec: DatasetSpec, seed: int) -> dict[str, Any]:
    return {"dataset": spec.name, "seed": seed, "generator_version": GENERATOR_VERSION}


def _load(root: Path) -> Dataset | None:
    marker_path = root / MARKER
    if not marker_path.is_file():
        return None
    marker = json.loads(marker_path.read_text(encoding="utf-8"))
    subs = root / SUBMISSIONS_DIR
    files = tuple(sorted(subs.glob("*.xlsx")))
    if len(files) != marker.get("files"):
        return None
    return Dataset(
        marker["dataset"], root, root / REGISTRY_FILENAME, subs, files, marker.get("members", 0), marker
    )


def existing(name: str, data_dir: Path = DATA_DIR, seed: int = DEFAULT_SEED) -> Dataset | None:
    """The dataset on disk when it was generated with this seed and generator version."""
    spec = DATASETS[name]
    found = _load(data_dir / name)
    if found is None:
        return None
    want = _marker(spec, seed)
    if any(found.marker.get(k) != v for k, v in want.items()):
        return None
    return found


def generate(
    name: str,
    data_dir: Path = DATA_DIR,
    *,
    seed: int = DEFAULT_SEED,
    force: bool = False,
    spec: DatasetSpec | None = None,
    log: Callable[[str], None] = print,
) -> Dataset:
    """Generate dataset `name` into `data_dir/name` (skipped when already there).

    `spec` overrides the size (the smoke test makes a tiny city this way)."""
    spec = spec or DATASETS[name]
    root = Path(data_dir) / name
    if not force and spec is DATASETS.get(name):
        found = existing(name, Path(data_dir), seed)
        if found is not None:
            log(f"{name}: up to date ({len(found.files)} files, seed {seed}) — skipped")
            return found
    if root.exists():
        shutil.rmtree(root)
    subs = root / SUBMISSIONS_DIR
    subs.mkdir(parents=True)
    started = time.perf_counter()
    if name == "ward" and spec is DATASETS["ward"] and _has_demo():
        from toolkit.sample.ward import write_sample_ward

        files = write_sample_ward(root, seed=seed)
        registry_path = files.registry
        if files.submissions_dir != subs:  # keep one layout for every dataset
            for p in files.submissions:
                p.replace(subs / p.name)
            files.submissions_dir.rmdir()
        members = spec.members
        source = "toolkit.sample.ward.write_sample_ward"
    else:
        from toolkit.io.registry import write_registry

        orgs = build_orgs(spec, seed)
        log(f"{name}: built {len(orgs)} organisations in {time.perf_counter() - started:.1f} s")
        registry_path = write_registry(Registry([o.organisation for o in orgs]), root / REGISTRY_FILENAME)
        if len(orgs) == 1 and spec.members > 20_000:
            from toolkit.outputs.template import submission_filename

            write_large(orgs[0], subs / submission_filename(orgs[0].organisation))
        else:
            write_small(orgs, subs)
        members = sum(len(o.members) for o in orgs)
        source = "benchmarks.generate.build_orgs"
    files_written = sorted(subs.glob("*.xlsx"))
    marker = {
        **_marker(spec, seed),
        "files": len(files_written),
        "members": members,
        "source": source,
        "cutoff": CUTOFF.isoformat(),
        "bytes": sum(p.stat().st_size for p in files_written),
        "seconds": round(time.perf_counter() - started, 1),
    }
    (root / MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")
    log(f"{name}: wrote {len(files_written)} files, {members:,} members in {marker['seconds']} s")
    return Dataset(name, root, registry_path, subs, tuple(files_written), members, marker)


def _has_demo() -> bool:
    try:
        from toolkit.sample import ward as demo
    except ImportError:
        return False
    return hasattr(demo, "write_sample_ward")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("datasets", nargs="*", metavar="DATASET", help=f"any of {', '.join(DATASETS)}")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="regenerate even when up to date")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    unknown = [d for d in args.datasets if d not in DATASETS]
    if unknown:
        parser.error(f"unknown dataset(s): {', '.join(unknown)}")
    for name in args.datasets or DATASETS:
        generate(name, args.data_dir, seed=args.seed, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
