"""The sample ward: a deterministic, realistic ward modelled on the reference report.

`ward-stats demo` and the README's main job run on it. `build_sample_ward` makes the ward in
memory (72 organisations, 4,216 members, their changes and yearly figures since 2020);
`write_sample_ward` writes the registry and one submission per organisation through the
real template; `run_demo` also consolidates them.

Every figure of the reference report that is self-consistent is reproduced exactly (counts)
or within 0.1 percentage point on the base of all members on the roll (shares). The
counts are fixed below and hit by construction: each dimension is assigned ward-wide by
ranking the members on a plausible propensity (older members in residential branches,
degrees among civil servants, ...) and giving the top N the first value, so the totals are
exact and the structure still looks like a real ward. Where the report contradicts itself,
the choice made is explained in `docs/reference-report.md`.

Everything is drawn from one seeded `random.Random`; the same seed gives the same ward.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.core import layout, vocab
from toolkit.core.model import ConsolidationResult, Organisation, Registry

CUTOFF = dt.date(2026, 3, 31)
PERIOD_START = dt.date(2020, 1, 1)
YEARS: tuple[int, ...] = tuple(range(PERIOD_START.year, CUTOFF.year + 1))
DEFAULT_SEED = 2026
SUBMISSIONS_DIR = "nop"

# --- the ward's figures ---------------------------------------------------------------------
# Integer counts out of 4,216 whose shares are within 0.1 pp of the report's percentages
# (see docs/reference-report.md for the arithmetic).
MEMBERS_TOTAL = 4216
MEMBERS_PROBATIONARY = 125
GENDER_COUNTS = {"male": 2624, "female": 1592}
AGE_REPORT_COUNTS = {"gt50": 1934, "30_50": 1907, "lt30": 375}
GEN_EDU_COUNTS = {"upper_secondary": 3213, "lower_secondary": 1003}
# Professional level: 62,5% from intermediate up, of which 37,5% university and up; the
# remaining 37,5% have no professional training or an elementary certificate.
PROF_UNIVERSITY_PLUS = 1581
PROF_INTERMEDIATE_COLLEGE = 1054
PROF_BELOW_INTERMEDIATE = 1581
THEORY_COUNTS = {"advanced_bachelor": 240, "intermediate": 1526, "elementary": 2450}
OCCUPATION_GROUP_COUNTS = {
    "civil_servants": 407,
    "enterprise": 1623,
    "farmer_freelance_retired_other": 2093,
    "armed_forces": 93,
}
EXEMPT_REASON_COUNTS = {
    "old_age_ill_health": 598,
    "working_away": 79,
    "long_treatment": 31,
    "maternity": 7,
    "abroad": 6,
    "other": 4,
}
EXEMPT_BY_END_OF_2020 = 415  # of today's exemptions, those that began in 2020 or earlier
WORKING_AWAY_NOT_EXEMPT = 54

# Admissions per calendar year (2025: 18 in January–March, who are full members by the
# cut-off, and 110 from April, who are probationary with the 15 of 2026).
ADMISSIONS = {2020: 118, 2021: 104, 2022: 121, 2023: 126, 2024: 117, 2025: 128, 2026: 15}
ADMISSIONS_2025_Q1 = 18
TARGETS = {2020: 115, 2021: 110, 2022: 118, 2023: 120, 2024: 120, 2025: 125, 2026: 113}
STRUCK_OFF = (  # (year, ground): mostly for missing activities or dues, falling over time
    (2020, "absence_or_dues"),
    (2020, "absence_or_dues"),
    (2021, "absence_or_dues"),
    (2021, "two_years_violation"),
    (2022, "absence_or_dues"),
    (2023, "absence_or_dues"),
)
EXPELLED = (2020, 2022)
DEATHS = {2020: 24, 2021: 31, 2022: 27, 2023: 29, 2024: 26, 2025: 30, 2026: 7}
TRANSFERS_IN = {2020: 13, 2021: 11, 2022: 14, 2023: 12, 2024: 10, 2025: 12, 2026: 3}
TRANSFERS_OUT = {2020: 11, 2021: 9, 2022: 12, 2023: 10, 2024: 13, 2025: 9, 2026: 2}
RATING_FAILS = {2020: 12, 2021: 10, 2022: 8, 2023: 6, 2024: 4, 2025: 2}
NEW_MEMBERS_TRAINED = 82  # all completed
CANDIDATES_TRAINED = {2025: 52, 2026: 28}

RETIREMENT_AGE = {"male": 61, "female": 56}
OLD_AGE_EXEMPT_MIN = {"male": 60, "female": 55}

# --- organisations --------------------------------------------------------------------------
# (name, tier, sector, kind). The kind drives sizes and the members' profile.
_T_DBCS, _T_CBCS, _T_CBTT = vocab.ORG_TIER.codes
_ORGS: tuple[tuple[str, str, str, str], ...] = (
    ("Đảng bộ các cơ quan Đảng phường", _T_DBCS, "co_quan", "co_quan"),
    ("Đảng bộ Ủy ban nhân dân phường", _T_DBCS, "co_quan", "co_quan"),
    ("Chi bộ Quân sự phường", _T_CBCS, "luc_luong_vu_trang", "llvt"),
    ("Chi bộ Công an phường", _T_CBCS, "luc_luong_vu_trang", "llvt"),
    ("Đảng bộ Trường THPT Trần Hưng Đạo", _T_DBCS, "su_nghiep", "sn_big"),
    ("Đảng bộ Trường Cao đẳng Kỹ thuật Thành Đông", _T_DBCS, "su_nghiep", "sn_big"),
    ("Đảng bộ Trung tâm Y tế phường Hải Dương", _T_DBCS, "su_nghiep", "sn_big"),
    ("Đảng bộ Bệnh viện Phục hồi chức năng Ngọc Châu", _T_DBCS, "su_nghiep", "sn_big"),
    ("Đảng bộ Trường Trung cấp nghề Nhị Châu", _T_DBCS, "su_nghiep", "sn_big"),
    ("Chi bộ Trường THCS Ngọc Châu", _T_CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trường THCS Quang Trung", _T_CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trường Tiểu học Nhị Châu", _T_CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trường Tiểu học Trần Hưng Đạo", _T_CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trường Tiểu học Quang Trung", _T_CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trường Mầm non Hoa Sen", _T_CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trường Mầm non Ngọc Châu", _T_CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trạm Y tế phường", _T_CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trung tâm Văn hóa – Thể thao phường", _T_CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Ban Quản lý chợ Nhị Châu", _T_CBTT, "su_nghiep", "sn_small"),
    ("Đảng bộ Công ty CP May Nhị Châu", _T_DBCS, "doanh_nghiep", "dn_big"),
    ("Đảng bộ Công ty TNHH Điện tử Ngọc Châu", _T_DBCS, "doanh_nghiep", "dn_big"),
    ("Đảng bộ Công ty CP Xây dựng Thành Đông", _T_DBCS, "doanh_nghiep", "dn_big"),
    ("Đảng bộ Công ty CP Cơ khí Quang Trung", _T_DBCS, "doanh_nghiep", "dn_big"),
    ("Chi bộ Công ty CP Vận tải Hồng Hà", _T_CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty TNHH Thương mại Hồng Phát", _T_CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty CP Cấp thoát nước Thành Đông", _T_CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Điện lực Ngọc Châu", _T_CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty CP Môi trường đô thị Hải Dương", _T_CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty CP Dược phẩm Thành Đông", _T_CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty TNHH Bao bì Việt Hưng", _T_CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty CP Thực phẩm Bình Minh", _T_CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty CP In và Văn hóa phẩm Quang Trung", _T_CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty TNHH Gốm sứ Quang Minh", _T_CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty CP Du lịch Thành Đông", _T_CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Ngân hàng Thương mại CP Phương Đông – chi nhánh Nhị Châu", _T_CBTT, "doanh_nghiep", "dn_small"),
    *((f"Chi bộ Tổ dân phố số {n}", _T_CBTT, "to_dan_pho", "tdp") for n in range(1, 38)),
)
_GROUP_OF_KIND = {
    "co_quan": "civil_servants",
    "sn_big": "civil_servants",
    "sn_small": "civil_servants",
    "llvt": "armed_forces",
    "dn_big": "enterprise",
    "dn_small": "enterprise",
    "tdp": "farmer_freelance_retired_other",
}
_SIZE_WEIGHT = {
    "co_quan": 2.3,
    "sn_big": 1.9,
    "sn_small": 0.55,
    "llvt": 1.0,
    "dn_big": 2.7,
    "dn_small": 1.0,
    "tdp": 1.0,
}
_ADMISSION_WEIGHT = {
    "co_quan": 0.5,
    "sn_big": 0.7,
    "sn_small": 0.7,
    "llvt": 0.9,
    "dn_big": 1.0,
    "dn_small": 1.0,
    "tdp": 1.0,
}

# --- names ----------------------------------------------------------------------------------
_SURNAMES = (
    ("Nguyễn", 31),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Vũ", 5),
    ("Phan", 2),
    ("Đặng", 2),
    ("Bùi", 3),
    ("Đỗ", 3),
    ("Ngô", 2),
    ("Dương", 1),
    ("Đào", 1.5),
    ("Đinh", 1.5),
    ("Mai", 0.8),
    ("Trịnh", 1),
    ("Lương", 0.7),
    ("Cao", 0.8),
    ("Tạ", 0.6),
    ("Phí", 0.4),
    ("Hà", 0.8),
    ("Lưu", 0.6),
    ("Tô", 0.5),
    ("Nghiêm", 0.3),
    ("Quách", 0.3),
    ("Vương", 0.4),
    ("Đoàn", 1),
    ("Hồ", 0.8),
    ("Chu", 0.5),
    ("Khúc", 0.4),
    ("Phùng", 0.5),
    ("Kiều", 0.3),
    ("Thái", 0.3),
    ("Triệu", 0.3),
    ("Lại", 0.3),
    ("Nhữ", 0.2),
    ("Đồng", 0.3),
    ("Lã", 0.2),
)
_MIDDLE = {
    "male": (
        "Văn",
        "Đức",
        "Minh",
        "Quang",
        "Hữu",
        "Công",
        "Xuân",
        "Thanh",
        "Ngọc",
        "Trọng",
        "Duy",
        "Tiến",
        "Mạnh",
        "Đình",
        "Anh",
        "Thế",
        "Bá",
        "Huy",
        "Hoàng",
        "Gia",
        "Khắc",
        "Trung",
        "Việt",
        "Tuấn",
        "Hải",
        "Kim",
        "Đăng",
    ),
    "female": (
        "Thị",
        "Thu",
        "Thanh",
        "Ngọc",
        "Minh",
        "Hồng",
        "Thúy",
        "Phương",
        "Kim",
        "Diệu",
        "Hải",
        "Bích",
        "Mai",
        "Lan",
        "Quỳnh",
        "Khánh",
        "Thùy",
        "Hoài",
        "Thảo",
        "Hương",
        "Vân",
        "Tuyết",
    ),
}
_TRADITIONAL_MIDDLE = {"male": "Văn", "female": "Thị"}
_GIVEN = {
    "male": (
        "Hùng",
        "Dũng",
        "Tuấn",
        "Minh",
        "Hải",
        "Long",
        "Nam",
        "Quân",
        "Thắng",
        "Cường",
        "Hưng",
        "Sơn",
        "Tùng",
        "Phong",
        "Trung",
        "Đức",
        "Hoàng",
        "Khánh",
        "Bình",
        "Thành",
        "Toàn",
        "Tiến",
        "Hiếu",
        "Kiên",
        "Lâm",
        "Vinh",
        "Thịnh",
        "Phúc",
        "Quang",
        "Huy",
        "Đạt",
        "Khoa",
        "Bảo",
        "Việt",
        "An",
        "Chiến",
        "Lợi",
        "Thuận",
        "Tâm",
        "Nghĩa",
        "Trường",
        "Hòa",
        "Giang",
        "Hiển",
        "Tú",
        "Vũ",
        "Duy",
        "Thái",
        "Tài",
        "Định",
        "Điệp",
        "Khải",
        "Lực",
        "Mạnh",
        "Ninh",
        "Quyết",
        "Sang",
        "Toản",
        "Tuyên",
        "Vượng",
        "Hậu",
        "Huấn",
        "Kỳ",
        "Luân",
        "Nhật",
        "Sáng",
        "Tân",
        "Thông",
        "Tường",
        "Hạnh",
        "Doanh",
        "Khương",
        "Phú",
    ),
    "female": (
        "Lan",
        "Hương",
        "Hoa",
        "Mai",
        "Hằng",
        "Thảo",
        "Trang",
        "Linh",
        "Nga",
        "Hà",
        "Huyền",
        "Ngọc",
        "Yến",
        "Phương",
        "Thủy",
        "Dung",
        "Nhung",
        "Loan",
        "Oanh",
        "Hạnh",
        "Hiền",
        "Thu",
        "Vân",
        "Anh",
        "Quyên",
        "Ly",
        "My",
        "Nhàn",
        "Tâm",
        "Liên",
        "Xuân",
        "Thơm",
        "Gấm",
        "Lụa",
        "Tuyết",
        "Bích",
        "Diệp",
        "Hồng",
        "Chi",
        "Giang",
        "Hậu",
        "Hoài",
        "Khánh",
        "Lệ",
        "Ngân",
        "Nhi",
        "Quỳnh",
        "Thắm",
        "Trinh",
        "Uyên",
        "Vy",
        "Duyên",
        "Huệ",
        "Lý",
        "Nguyệt",
        "Sen",
        "Thoa",
        "Thúy",
        "Tình",
        "Vui",
    ),
}


# --- public records ---------------------------------------------------------------------------


@dataclass
class OrgSample:
    """One organisation of the sample: its registry row and the rows of its submission.

    Rows are dicts keyed by `toolkit.core.layout` field keys, categories as vocabulary codes and
    dates as `datetime.date`, exactly what `toolkit.outputs.template.write_submission` takes.
    """

    organisation: Organisation
    info: dict[str, Any]
    members: list[dict[str, Any]]
    events: list[dict[str, Any]]
    years: list[dict[str, Any]]


@dataclass
class SampleWard:
    seed: int
    cutoff: dt.date
    period_start: dt.date
    orgs: list[OrgSample]

    @property
    def registry(self) -> Registry:
        return Registry(organisations=[o.organisation for o in self.orgs])

    def all_members(self) -> list[dict[str, Any]]:
        return [m for o in self.orgs for m in o.members]

    def all_events(self) -> list[dict[str, Any]]:
        return [e for o in self.orgs for e in o.events]

    def all_years(self) -> list[dict[str, Any]]:
        return [y for o in self.orgs for y in o.years]


@dataclass
class DemoFiles:
    """Where the demo wrote its files (the consolidation outputs only after `run_demo`)."""

    out_dir: Path
    registry: Path
    submissions_dir: Path
    submissions: list[Path]
    workbook: Path | None = None
    summary: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    result: ConsolidationResult | None = None


# --- helpers ----------------------------------------------------------------------------------


def age_on(birth: dt.date, day: dt.date) -> int:
    """Age in whole years on `day` (the definition `toolkit.stats.indicators` uses)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end < start:
        raise ValueError(f"empty date range {start}..{end}")
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Integers proportional to `weights` summing to `total` (largest remainder)."""
    wsum = sum(weights)
    quotas = [total * w / wsum for w in weights]
    counts = [math.floor(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _rank_assign(
    people: Sequence[_Person],
    score: Callable[[_Person], float],
    plan: Sequence[tuple[str, int]],
    attr: str,
) -> None:
    """Give the highest-scoring people the first value of `plan`, and so on (exact counts)."""
    if sum(n for _, n in plan) != len(people):
        raise ValueError(f"{attr}: plan {plan} does not cover {len(people)} people")
    ranked = sorted(people, key=score, reverse=True)
    start = 0
    for value, n in plan:
        for p in ranked[start : start + n]:
            setattr(p, attr, value)
        start += n


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class _Names:
    """Vietnamese names, unique together with the birth date across the whole ward."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[tuple[str, dt.date]] = set()
        self._surnames = [s for s, _ in _SURNAMES]
        self._weights = [w for _, w in _SURNAMES]

    def make(self, gender: str, birth: dt.date) -> str:
        rng = self.rng
        traditional = 0.75 if birth.year < 1965 else 0.5 if birth.year < 1985 else 0.2
        while True:
            surname = rng.choices(self._surnames, self._weights)[0]
            if rng.random() < traditional:
                middle = _TRADITIONAL_MIDDLE[gender]
            else:
                middle = rng.choice(_MIDDLE[gender])
            given = rng.choice(_GIVEN[gender])
            if given == middle:
                continue
            name = _nfc(f"{surname} {middle} {given}")
            if (name, birth) not in self.used:
                self.used.add((name, birth))
                return name


class _Person:
    """A member of the roll, or someone who left during the period (events only)."""

    def __init__(self, org: _OrgPlan) -> None:
        self.org = org
        self.admission: dt.date | None = None  # known for admissions inside the period
        self.in_period = False
        self.transfer_in: dt.date | None = None
        self.band = ""
        self.age = 0
        self.gender = ""
        self.birth: dt.date = CUTOFF
        self.name = ""
        self.official: dt.date | None = None
        self.occupation = ""
        self.gen_edu = ""
        self.prof_group = ""
        self.prof = ""
        self.theory_group = ""
        self.theory = ""
        self.exempt_reason: str | None = None
        self.exempt_from: dt.date | None = None
        self.working_away = False
        self.card_no: str | None = None
        self.trained_year: int | None = None
        self.noise = 0.0

    @property
    def probationary(self) -> bool:
        return self.official is None

    @property
    def kind(self) -> str:
        return self.org.kind


class _OrgPlan:
    def __init__(self, index: int, name: str, tier: str, sector: str, kind: str) -> None:
        self.code = f"HD{index:02d}"
        self.name = _nfc(name)
        self.tier = tier
        self.sector = sector
        self.kind = kind
        self.group = _GROUP_OF_KIND[kind]
        self.size = 0
        self.targets: dict[int, int] = {}
        self.admission_dates: list[dt.date] = []
        self.people: list[_Person] = []
        self.leavers: list[tuple[_Person, str, dt.date, str | None]] = []
        self.candidates: dict[int, int] = {}
        self.fails: dict[int, int] = {}
        self.secretary = ""


# --- the generator ----------------------------------------------------------------------------


def build_sample_ward(seed: int = DEFAULT_SEED) -> SampleWard:
    """The sample ward in memory, the same for the same seed (no global random state)."""
    rng = random.Random(seed)
    orgs = [_OrgPlan(i, *spec) for i, spec in enumerate(_ORGS, start=1)]
    _plan_sizes(rng, orgs)
    _plan_admissions(rng, orgs)
    people = _make_roll(rng, orgs)
    names = _Names(rng)
    _assign_ages_and_gender(rng, people, names)
    _assign_occupation(rng, people)
    _assign_education(rng, people)
    _assign_exemptions(rng, people)
    _assign_cards_and_training(rng, people)
    _plan_leavers(rng, orgs, names)
    _plan_transfers_in(rng, orgs)
    _plan_year_figures(rng, orgs)
    samples = [_org_sample(rng, org) for org in orgs]
    return SampleWard(seed=seed, cutoff=CUTOFF, period_start=PERIOD_START, orgs=samples)


def _plan_sizes(rng: random.Random, orgs: list[_OrgPlan]) -> None:
    for group, total in OCCUPATION_GROUP_COUNTS.items():
        members = [o for o in orgs if o.group == group]
        weights = [_SIZE_WEIGHT[o.kind] * rng.uniform(0.8, 1.25) for o in members]
        if group == "armed_forces":  # the police cell is about twice the military one
            weights = [1.0, 2.0]
        for org, n in zip(members, _apportion(total, weights), strict=True):
            org.size = n


def _plan_admissions(rng: random.Random, orgs: list[_OrgPlan]) -> None:
    base = [o.size * _ADMISSION_WEIGHT[o.kind] for o in orgs]
    for year in YEARS:
        for org, n in zip(orgs, _apportion(TARGETS[year], base), strict=True):
            org.targets[year] = n
        noisy = [w * rng.uniform(0.5, 1.5) for w in base]
        counts = _apportion(ADMISSIONS[year], noisy)
        if year == 2025:
            dates = [
                _random_date(rng, dt.date(2025, 1, 3), dt.date(2025, 3, 20))
                for _ in range(ADMISSIONS_2025_Q1)
            ]
            dates += [
                _random_date(rng, dt.date(2025, 4, 2), dt.date(2025, 12, 29))
                for _ in range(ADMISSIONS[year] - ADMISSIONS_2025_Q1)
            ]
        elif year == CUTOFF.year:
            dates = [
                _random_date(rng, dt.date(year, 1, 5), CUTOFF - dt.timedelta(days=3))
                for _ in range(ADMISSIONS[year])
            ]
        else:
            dates = [
                _random_date(rng, dt.date(year, 1, 6), dt.date(year, 12, 28)) for _ in range(ADMISSIONS[year])
            ]
        rng.shuffle(dates)
        it = iter(dates)
        for org, n in zip(orgs, counts, strict=True):
            org.admission_dates.extend(next(it) for _ in range(n))
    # Keep at least four full members in every organisation: move surplus probationary
    # admissions of a small organisation to the largest one.
    largest = max(orgs, key=lambda o: o.size)
    for org in orgs:
        recent = [d for d in org.admission_dates if d > CUTOFF.replace(year=CUTOFF.year - 1)]
        while len(org.admission_dates) > org.size // 2 or org.size - len(recent) < 4:
            moved = max(org.admission_dates)
            org.admission_dates.remove(moved)
            largest.admission_dates.append(moved)
            recent = [d for d in org.admission_dates if d > CUTOFF.replace(year=CUTOFF.year - 1)]


def _make_roll(rng: random.Random, orgs: list[_OrgPlan]) -> list[_Person]:
    people: list[_Person] = []
    for org in orgs:
        for d in sorted(org.admission_dates):
            p = _Person(org)
            p.admission = d
            p.in_period = True
            org.people.append(p)
        while len(org.people) < org.size:
            org.people.append(_Person(org))
        people.extend(org.people)
    for p in people:
        p.noise = rng.gauss(0, 1)
    if len(people) != MEMBERS_TOTAL:
        raise AssertionError(f"roll has {len(people)} members")
    return people


_OLDNESS = {
    "tdp": 2.6,
    "co_quan": 0.4,
    "sn_big": 0.1,
    "sn_small": 0.0,
    "dn_big": -0.2,
    "dn_small": 0.0,
    "llvt": -1.2,
}
_MALENESS = {
    "tdp": 0.0,
    "co_quan": 0.5,
    "sn_big": -0.6,
    "sn_small": -1.4,
    "dn_big": 0.1,
    "dn_small": 0.5,
    "llvt": 3.5,
}


def _years_since(day: dt.date) -> float:
    return (CUTOFF - day).days / 365.25


def _assign_ages_and_gender(rng: random.Random, people: list[_Person], names: _Names) -> None:
    def oldness(p: _Person) -> float:
        if not p.in_period:
            return _OLDNESS[p.kind] + p.noise
        # New members are young wherever they are admitted, residential branches included.
        recent = 1.0 if p.admission and p.admission.year >= 2025 else 0.0
        return 0.3 * _OLDNESS[p.kind] + p.noise - 2.0 - recent

    _rank_assign(people, oldness, list(AGE_REPORT_COUNTS.items()), "band")
    for p in people:
        p.age = _pick_age(rng, p)
    _rank_assign(
        people,
        lambda p: _MALENESS[p.kind] + rng.gauss(0, 1) + (0.3 if p.age > 75 else 0.0),
        list(GENDER_COUNTS.items()),
        "gender",
    )
    for p in people:
        for _ in range(100):
            birth = add_years(CUTOFF, -p.age) - dt.timedelta(days=rng.randint(0, 364))
            if age_on(birth, CUTOFF) != p.age:
                continue
            if p.in_period and p.admission is not None:
                at_admission = age_on(birth, p.admission)
                if not 18 <= at_admission <= 59:
                    continue
            break
        else:  # pragma: no cover - the age ranges make this unreachable
            raise AssertionError("no birth date fits")
        p.birth = birth
        p.name = names.make(p.gender, birth)
        if p.admission is None:
            p.admission = _pre_period_admission(rng, p)
        p.official = _official_date(rng, p.admission)


def _pick_age(rng: random.Random, p: _Person) -> int:
    low, high = {"lt30": (19, 29), "30_50": (30, 50), "gt50": (51, 95)}[p.band]
    if p.in_period and p.admission is not None:
        since = _years_since(p.admission)
        low = max(low, math.ceil(since) + 19)
        high = min(high, math.floor(since) + 58)
    else:
        low = max(low, 26)  # admitted before 2020 at 18 or more
    if p.band == "gt50":
        if p.kind == "tdp" and not p.in_period:
            age = round(rng.triangular(low, high, 68))
        else:
            age = rng.randint(low, min(high, 59 if p.kind != "llvt" else 55))
    elif p.band == "30_50" and p.in_period:
        age = low + int(abs(rng.gauss(0, 6)))
    else:
        age = rng.randint(low, high)
    return max(low, min(high, age))


def _pre_period_admission(rng: random.Random, p: _Person) -> dt.date:
    latest = dt.date(PERIOD_START.year - 1, 12, 20)
    earliest = add_years(p.birth, 18) + dt.timedelta(days=30)
    at_age = rng.triangular(18.5, 45, 24)
    day = p.birth + dt.timedelta(days=int(at_age * 365.25))
    if day > latest:
        day = _random_date(rng, earliest, latest)
    return max(day, earliest)


def _official_date(rng: random.Random, admission: dt.date) -> dt.date | None:
    earliest = add_years(admission, 1)
    if earliest > CUTOFF:
        return None
    return min(earliest + dt.timedelta(days=rng.randint(0, 30)), CUTOFF)


def _assign_occupation(rng: random.Random, people: list[_Person]) -> None:
    for p in people:
        if p.kind == "co_quan":
            p.occupation = "civil_servant"
        elif p.kind in ("sn_big", "sn_small"):
            p.occupation = "public_employee"
        elif p.kind == "llvt":
            p.occupation = "armed_forces"
        elif p.kind in ("dn_big", "dn_small"):
            p.occupation = "enterprise_worker"
        elif p.age >= RETIREMENT_AGE[p.gender]:
            p.occupation = rng.choices(["retired", "farmer", "other"], [86, 8, 6])[0]
        elif p.age < 23:
            p.occupation = rng.choice(["student", "freelance"])
        else:
            p.occupation = rng.choices(
                ["freelance", "part_time_official", "farmer", "other"], [45, 15, 12, 28]
            )[0]


def _assign_education(rng: random.Random, people: list[_Person]) -> None:
    def schooling(p: _Person) -> float:
        score = rng.gauss(0, 1)
        if p.occupation in ("civil_servant", "public_employee", "armed_forces"):
            score += 6
        elif p.kind.startswith("dn"):
            score += 1.6
        if p.age < 45:
            score += 1.5
        elif p.age >= 70:
            score -= 1.5
        return score

    _rank_assign(people, schooling, list(GEN_EDU_COUNTS.items()), "gen_edu")

    def degree(p: _Person) -> float:
        score = rng.gauss(0, 1)
        if p.gen_edu != "upper_secondary":
            return -100.0  # a degree needs upper secondary school
        if p.occupation in ("civil_servant", "public_employee"):
            score += 5
        elif p.occupation == "armed_forces":
            score += 2.5
        elif p.kind.startswith("dn"):
            score += 0.8
        elif p.occupation == "retired":
            score += 0.6
        return score

    _rank_assign(
        people,
        degree,
        [
            ("university_plus", PROF_UNIVERSITY_PLUS),
            ("intermediate_college", PROF_INTERMEDIATE_COLLEGE),
            ("below", PROF_BELOW_INTERMEDIATE),
        ],
        "prof_group",
    )
    for p in people:
        if p.prof_group == "university_plus":
            master = 0.16 if p.kind in ("co_quan", "sn_big") else 0.04
            doctor = 0.03 if p.kind == "sn_big" else 0.002
            r = rng.random()
            p.prof = "doctor" if r < doctor else "master" if r < doctor + master else "university"
        elif p.prof_group == "intermediate_college":
            if p.gen_edu != "upper_secondary":
                p.prof = "intermediate"
            else:
                p.prof = rng.choices(["intermediate", "college"], [55, 45])[0]
        else:
            p.prof = rng.choices(["none", "elementary"], [74, 26])[0]

    def theory(p: _Person) -> float:
        score = rng.gauss(0, 1)
        if p.probationary:
            return score - 8
        if p.occupation == "civil_servant":
            score += 3.5
        elif p.occupation in ("public_employee", "armed_forces"):
            score += 1.5
        elif p.occupation == "retired":
            score += 1.2
        if p.prof_group == "university_plus":
            score += 2.0
        elif p.prof_group == "intermediate_college":
            score += 1.0
        if 40 <= p.age <= 75:
            score += 0.6
        return score

    theories = sorted(people, key=theory, reverse=True)
    # Advanced/bachelor theory needs a university degree (it is taken after one).
    graduates = [p for p in theories if p.prof_group == "university_plus"]
    top = set(map(id, graduates[: THEORY_COUNTS["advanced_bachelor"]]))
    rest = [p for p in theories if id(p) not in top]
    for p in theories:
        if id(p) in top:
            p.theory_group = "advanced_bachelor"
            p.theory = rng.choices(["advanced", "bachelor"], [85, 15])[0]
    for i, p in enumerate(rest):
        p.theory_group = p.theory = "intermediate" if i < THEORY_COUNTS["intermediate"] else "elementary"


def _assign_exemptions(rng: random.Random, people: list[_Person]) -> None:
    # Exemptions start at least a month after becoming a full member.
    full = [p for p in people if p.official is not None and p.official <= dt.date(2025, 12, 31)]

    def take(reason: str, eligible: list[_Person], score: Callable[[_Person], float]) -> None:
        pool = [p for p in eligible if p.exempt_reason is None]
        chosen = sorted(pool, key=score, reverse=True)[: EXEMPT_REASON_COUNTS[reason]]
        if len(chosen) != EXEMPT_REASON_COUNTS[reason]:
            raise AssertionError(f"not enough members to exempt for {reason}")
        for p in chosen:
            p.exempt_reason = reason

    take(
        "old_age_ill_health",
        [p for p in full if p.age >= OLD_AGE_EXEMPT_MIN[p.gender] + 2 and p.kind == "tdp"],
        lambda p: p.age + rng.gauss(0, 4),
    )
    take(
        "working_away",
        [
            p
            for p in full
            if p.kind == "tdp" and 22 <= p.age <= 50 and p.occupation in ("freelance", "farmer", "other")
        ],
        lambda p: rng.random(),
    )
    take(
        "long_treatment",
        [p for p in full if p.age >= 40 and p.kind != "llvt"],
        lambda p: rng.random() + (0.5 if p.kind == "tdp" else 0.0),
    )
    take(
        "maternity",
        [
            p
            for p in full
            if p.gender == "female"
            and 23 <= p.age <= 38
            and p.kind in ("dn_big", "dn_small", "sn_big", "sn_small")
        ],
        lambda p: rng.random(),
    )
    take("abroad", [p for p in full if p.kind == "tdp" and 25 <= p.age <= 70], lambda p: rng.random())
    take("other", [p for p in full if p.kind == "tdp"], lambda p: rng.random())

    exempt = [p for p in people if p.exempt_reason]

    # The earliest start possible for each: after becoming a full member, at the age limit
    # for old age, and not before 2005.
    def earliest(p: _Person) -> dt.date:
        assert p.official is not None
        start = max(p.official + dt.timedelta(days=30), dt.date(2005, 1, 1))
        if p.exempt_reason == "old_age_ill_health":
            start = max(start, add_years(p.birth, OLD_AGE_EXEMPT_MIN[p.gender] + 1))
        return start

    end_2020 = dt.date(2020, 12, 31)
    early = sorted(
        (p for p in exempt if p.exempt_reason == "old_age_ill_health" and earliest(p) < end_2020),
        key=lambda p: (p.age, p.noise),
        reverse=True,
    )[:EXEMPT_BY_END_OF_2020]
    early_ids = set(map(id, early))
    if len(early_ids) != EXEMPT_BY_END_OF_2020:
        raise AssertionError("not enough old members exempt since 2020")
    for p in exempt:
        first = earliest(p)
        if id(p) in early_ids:
            p.exempt_from = _random_date(rng, max(first, dt.date(2012, 1, 1)), end_2020)
        elif p.exempt_reason == "maternity":
            p.exempt_from = _random_date(rng, max(first, dt.date(2025, 10, 1)), dt.date(2026, 3, 20))
        else:
            p.exempt_from = _random_date(rng, max(first, dt.date(2021, 1, 1)), dt.date(2026, 3, 20))
        if p.exempt_reason == "working_away":
            p.working_away = True
    away = [
        p
        for p in people
        if p.kind == "tdp"
        and 20 <= p.age <= 45
        and not p.exempt_reason
        and p.occupation in ("freelance", "farmer", "other", "student")
    ]
    for p in rng.sample(away, WORKING_AWAY_NOT_EXEMPT):
        p.working_away = True


def _assign_cards_and_training(rng: random.Random, people: list[_Person]) -> None:
    serials = rng.sample(range(100_000, 999_999), len(people))
    for p, serial in zip(people, serials, strict=True):
        if not p.probationary:
            p.card_no = f"{rng.randint(10, 99)}.{serial:06d}"
    probationary = sorted((p for p in people if p.probationary), key=lambda p: (p.admission, p.name))
    if len(probationary) != MEMBERS_PROBATIONARY:
        raise AssertionError(f"{len(probationary)} probationary members")
    for p in probationary[:NEW_MEMBERS_TRAINED]:
        assert p.admission is not None
        p.trained_year = 2025 if p.admission < dt.date(2025, 10, 1) else 2026


def _weighted_org(
    rng: random.Random, orgs: Sequence[_OrgPlan], weight: Callable[[_OrgPlan], float]
) -> _OrgPlan:
    return rng.choices(list(orgs), [weight(o) for o in orgs])[0]


def _year_date(rng: random.Random, year: int) -> dt.date:
    end = CUTOFF - dt.timedelta(days=2) if year == CUTOFF.year else dt.date(year, 12, 28)
    return _random_date(rng, dt.date(year, 1, 4), end)


def _plan_leavers(rng: random.Random, orgs: list[_OrgPlan], names: _Names) -> None:
    residential = [o for o in orgs if o.kind == "tdp"]
    workplaces = [o for o in orgs if o.kind in ("dn_big", "dn_small")]

    def leaver(org: _OrgPlan, when: dt.date, age_range: tuple[int, int]) -> _Person:
        p = _Person(org)
        p.gender = "male" if rng.random() < 0.62 else "female"
        age = rng.randint(*age_range)
        p.birth = add_years(when, -age) - dt.timedelta(days=rng.randint(1, 364))
        p.name = names.make(p.gender, p.birth)
        return p

    def add(
        org: _OrgPlan, kind: str, when: dt.date, ages: tuple[int, int], ground: str | None = None
    ) -> None:
        org.leavers.append((leaver(org, when, ages), kind, when, ground))

    for year, n in DEATHS.items():
        for _ in range(n):
            org = _weighted_org(rng, orgs, lambda o: o.size * (3.0 if o.kind == "tdp" else 0.15))
            add(
                org,
                "died",
                _year_date(rng, year),
                (58 if org.kind == "tdp" else 40, 96 if org.kind == "tdp" else 60),
            )
    for year, n in TRANSFERS_OUT.items():
        for _ in range(n):
            org = _weighted_org(rng, orgs, lambda o: o.size)
            add(org, "transfer_out", _year_date(rng, year), (24, 70 if org.kind == "tdp" else 58))
    for year, ground in STRUCK_OFF:
        org = _weighted_org(rng, residential + workplaces, lambda o: o.size)
        add(org, "struck_off", _year_date(rng, year), (28, 58), ground)
    for year in EXPELLED:
        org = _weighted_org(rng, residential + workplaces, lambda o: o.size)
        add(org, "expelled", _year_date(rng, year), (35, 60))


def _plan_transfers_in(rng: random.Random, orgs: list[_OrgPlan]) -> None:
    weight = {"tdp": 1.5, "dn_big": 1.0, "dn_small": 1.0}
    for year, n in TRANSFERS_IN.items():
        for _ in range(n):
            org = _weighted_org(rng, orgs, lambda o: o.size * weight.get(o.kind, 0.4))
            pool = [
                p for p in org.people if not p.in_period and p.transfer_in is None and p.exempt_reason is None
            ]
            p = rng.choice(pool)
            p.transfer_in = _year_date(rng, year)


def _plan_year_figures(rng: random.Random, orgs: list[_OrgPlan]) -> None:
    """Candidates trained (where the next targets are) and the few failed ratings."""
    weights = [o.targets[CUTOFF.year] + 0.01 for o in orgs]
    for year, total in CANDIDATES_TRAINED.items():
        for org, n in zip(orgs, _apportion(total, weights), strict=True):
            if n:
                org.candidates[year] = n
    large = [o for o in orgs if o.kind in ("tdp", "dn_big", "dn_small") and o.size >= 30]
    for year, n in RATING_FAILS.items():
        for _ in range(n):
            org = _weighted_org(rng, large, lambda o: o.size)
            org.fails[year] = org.fails.get(year, 0) + 1


def _decision_no(rng: random.Random, kind: str) -> str:
    suffix = {
        "admitted": "QĐ/ĐU",
        "struck_off": "QĐ/ĐU",
        "expelled": "QĐ/UBKT",
        "transfer_in": "GGT",
        "transfer_out": "GGT",
    }[kind]
    return f"{rng.randint(12, 480)}-{suffix}"


def _org_sample(rng: random.Random, org: _OrgPlan) -> OrgSample:
    people = sorted(org.people, key=lambda p: (p.admission or CUTOFF, p.name))
    secretary = max(
        (p for p in people if not p.probationary and p.exempt_reason is None and 32 <= p.age <= 70),
        key=lambda p: ({"advanced": 4, "bachelor": 4, "intermediate": 3}.get(p.theory, 0), p.noise),
    )
    org.secretary = secretary.name
    organisation = Organisation(
        org_code=org.code,
        org_name=org.name,
        org_tier=org.tier,
        sector=org.sector,
        secretary=org.secretary,
        targets=dict(org.targets),
    )
    preparer = rng.choice([p for p in people if p.exempt_reason is None and not p.probationary])
    info = {
        "org_code": org.code,
        "org_name": org.name,
        "org_tier": org.tier,
        "sector": org.sector,
        "secretary": org.secretary,
        "phone": f"09{rng.randint(10_000_000, 99_999_999)}",
        "cutoff_date": CUTOFF,
        "period_start": PERIOD_START,
        "prepared_by": preparer.name,
        "prepared_on": dt.date(2026, 4, rng.randint(1, 8)),
        "template_version": layout.TEMPLATE_VERSION,
    }
    members = [_member_row(i, p) for i, p in enumerate(people, start=1)]
    events = _event_rows(rng, org)
    years = _year_rows(rng, org)
    return OrgSample(organisation, info, members, events, years)


def _member_row(row_no: int, p: _Person) -> dict[str, Any]:
    note = None
    if p.transfer_in is not None:
        note = f"Chuyển đến ngày {p.transfer_in:%d/%m/%Y}"
    return {
        "row_no": row_no,
        "full_name": p.name,
        "birth_date": p.birth,
        "gender": p.gender,
        "card_no": p.card_no,
        "admission_date": p.admission,
        "official_date": p.official,
        "gen_edu": p.gen_edu,
        "prof_level": p.prof,
        "theory_level": p.theory,
        "occupation": p.occupation,
        "exempt_from": p.exempt_from,
        "exempt_reason": p.exempt_reason,
        "working_away": "yes" if p.working_away else None,
        "note": note,
    }


def _event_rows(rng: random.Random, org: _OrgPlan) -> list[dict[str, Any]]:
    raw: list[tuple[dt.date, _Person, str, str | None]] = []
    for p in org.people:
        if p.in_period:
            assert p.admission is not None
            raw.append((p.admission, p, "admitted", None))
        if p.transfer_in is not None:
            raw.append((p.transfer_in, p, "transfer_in", None))
    for p, kind, when, ground in org.leavers:
        raw.append((when, p, kind, ground))
    raw.sort(key=lambda r: (r[0], r[1].name))
    rows = []
    for i, (when, p, kind, ground) in enumerate(raw, start=1):
        note = None
        if kind == "expelled":
            note = "Vi phạm pháp luật"
        rows.append(
            {
                "row_no": i,
                "full_name": p.name,
                "birth_date": p.birth,
                "event_type": kind,
                "event_date": when,
                "strike_ground": ground,
                "decision_no": None if kind == "died" else _decision_no(rng, kind),
                "note": note,
            }
        )
    return rows


def _year_rows(rng: random.Random, org: _OrgPlan) -> list[dict[str, Any]]:
    rows = []
    for year in YEARS:
        end = dt.date(year, 12, 31)
        row: dict[str, Any] = {key: 0 for key in layout.YEAR_COUNT_KEYS}
        row["year"] = year
        trained = sum(1 for p in org.people if p.trained_year == year)
        row["new_members_trained"] = row["new_members_completed"] = trained
        row["candidates_trained"] = org.candidates.get(year, 0)
        if year < CUTOFF.year:  # the cut-off year is not rated yet
            members = [
                p
                for p in org.people
                if p.admission is not None
                and p.admission <= end
                and (p.transfer_in is None or p.transfer_in <= end)
                and (p.exempt_from is None or p.exempt_from > end)
            ]
            not_rated = sum(1 for p in members if p.admission and p.admission >= dt.date(year, 7, 1))
            rated = len(members) - not_rated
            fail = min(org.fails.get(year, 0), rated)
            passed = round(rated * rng.uniform(0.02, 0.05))
            good_plus = rated - fail - passed
            excellent = math.floor(good_plus * rng.uniform(0.10, 0.19))
            row[layout.RATING_KEYS["excellent"]] = excellent
            row[layout.RATING_KEYS["good"]] = good_plus - excellent
            row[layout.RATING_KEYS["pass"]] = passed
            row[layout.RATING_KEYS["fail"]] = fail
            row[layout.RATING_KEYS["not_rated"]] = not_rated
        rows.append(row)
    return rows


# --- files --------------------------------------------------------------------------------------


def write_sample_ward(out_dir: Path, seed: int = DEFAULT_SEED) -> DemoFiles:
    """Write the registry and one filled template per organisation into `out_dir`.

    The registry is `out_dir/danh_muc_to_chuc.xlsx`; the submissions are
    `out_dir/nop/<code>_<slug>.xlsx`, written through the real template.
    """
    import time

    from toolkit.io.registry import REGISTRY_FILENAME, write_registry
    from toolkit.outputs.template import submission_filename, write_submission

    out_dir = Path(out_dir)
    started = time.perf_counter()
    ward = build_sample_ward(seed)
    built = time.perf_counter()
    submissions_dir = out_dir / SUBMISSIONS_DIR
    submissions_dir.mkdir(parents=True, exist_ok=True)
    registry_path = write_registry(ward.registry, out_dir / REGISTRY_FILENAME)
    paths = []
    for org in ward.orgs:
        target = submissions_dir / submission_filename(org.organisation)
        write_submission(target, info=org.info, members=org.members, events=org.events, years=org.years)
        paths.append(target)
    return DemoFiles(
        out_dir=out_dir,
        registry=registry_path,
        submissions_dir=submissions_dir,
        submissions=paths,
        seconds={"build": built - started, "write": time.perf_counter() - built},
    )


def consolidated_names(cutoff: dt.date = CUTOFF) -> tuple[str, str]:
    """File names of the demo's consolidated workbook and JSON summary."""
    stem = f"tong_hop_phuong_{cutoff:%Y%m%d}"
    return f"{stem}.xlsx", f"{stem}.json"


def run_demo(
    out_dir: Path,
    seed: int = DEFAULT_SEED,
    progress: Callable[[Path], None] | None = None,
) -> DemoFiles:
    """Write the sample ward into `out_dir`, consolidate it with its registry and write the
    consolidated workbook and JSON summary beside the registry."""
    import time

    from toolkit.io.registry import read_registry
    from toolkit.outputs.publish import prepare, write_outputs
    from toolkit.pipeline import consolidate

    files = write_sample_ward(out_dir, seed)
    started = time.perf_counter()
    result = consolidate(
        [files.submissions_dir],
        cutoff=CUTOFF,
        since=PERIOD_START,
        registry=read_registry(files.registry),
        progress=progress,
        while_reading=prepare,
    )
    consolidated = time.perf_counter()
    workbook_name, json_name = consolidated_names()
    files.workbook = files.out_dir / workbook_name
    files.summary = files.out_dir / json_name
    write_outputs(result, files.workbook, files.summary)
    files.seconds["consolidate"] = consolidated - started
    files.seconds["outputs"] = time.perf_counter() - consolidated
    files.result = result
    return files
