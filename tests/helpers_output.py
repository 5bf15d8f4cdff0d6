"""A realistic ConsolidationResult for the workbook and JSON writer tests.

Indicators are hand-made (deterministic, seeded) for a handful of organisations with every
§6.1 id, internally consistent (categories sum to their totals, ward = sum of the
consolidated organisations), plus one excluded and one missing organisation, issues with
values that look like formulas, and source files with paths.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from toolkit import layout, vocab
from toolkit.model import ConsolidationResult, Issue, OrgResult, SourceFile

CUTOFF = dt.date(2026, 3, 31)
PERIOD_START = dt.date(2020, 1, 1)
YEARS = list(range(PERIOD_START.year, CUTOFF.year + 1))

FORMULA_LIKE = ('=HYPERLINK("http://x","y")', "+1", "-1", "@x")

AGE_REPORT = ("lt30", "30_50", "gt50")
AGE_OFFICIAL = ("18_30", "31_35", "36_40", "41_45", "46_50", "51_55", "56_60", "gt60")

# Ward-level ids that are not sums of the organisations' figures.
NON_ADDITIVE_PREFIXES = ("orgs.", "targets.rate.", "members.age_mean")


def split(n: int, k: int, rng: random.Random) -> list[int]:
    """n split into k non-negative parts (deterministic for a seeded rng)."""
    cuts = sorted(rng.randint(0, n) for _ in range(k - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, n], strict=True)]


def _spread(ind: dict, prefix: str, codes: list[str], n: int, rng: random.Random) -> None:
    for code, part in zip(codes, split(n, len(codes), rng), strict=True):
        ind[f"{prefix}.{code}"] = part


def org_indicators(total: int, seed: int, targets: dict[int, int]) -> dict[str, int | float]:
    """All member, change, target, rating and training ids of §6.1 for one organisation."""
    rng = random.Random(seed)
    ind: dict[str, int | float] = {"members.total": total}
    probationary = rng.randint(0, max(1, total // 10))
    ind["members.full"] = total - probationary
    ind["members.probationary"] = probationary
    _spread(ind, "members.gender", vocab.GENDER.codes, total, rng)
    _spread(ind, "members.age_report", list(AGE_REPORT), total, rng)
    _spread(ind, "members.age_official", list(AGE_OFFICIAL), total, rng)
    ind["members.age_mean"] = round(rng.uniform(35, 58), 1)
    _spread(ind, "members.gen_edu", vocab.GEN_EDU.codes, total, rng)
    _spread(ind, "members.prof", vocab.PROF_LEVEL.codes, total, rng)
    ind["members.prof.intermediate_plus"] = sum(
        ind[f"members.prof.{c}"] for c in vocab.PROF_INTERMEDIATE_PLUS
    )
    ind["members.prof.university_plus"] = sum(ind[f"members.prof.{c}"] for c in vocab.PROF_UNIVERSITY_PLUS)
    _spread(ind, "members.theory", vocab.THEORY_LEVEL.codes, total, rng)
    ind["members.theory.advanced_bachelor"] = sum(
        ind[f"members.theory.{c}"] for c in vocab.THEORY_ADVANCED_BACHELOR
    )
    _spread(ind, "members.occupation", vocab.OCCUPATION.codes, total, rng)
    for group in vocab.OCCUPATION_GROUP.codes:
        ind[f"members.occupation_group.{group}"] = sum(
            ind[f"members.occupation.{t.code}"] for t in vocab.OCCUPATION.terms if t.group == group
        )
    exempt = rng.randint(0, max(1, total // 8))
    ind["members.exempt"] = exempt
    _spread(ind, "members.exempt_reason", vocab.EXEMPT_REASON.codes, exempt, rng)
    ind["members.working_away"] = rng.randint(0, max(1, total // 10))

    for code in vocab.EVENT_TYPE.codes:
        high = 3 if code in ("admitted", "transfer_in", "transfer_out", "died") else 1
        for year in YEARS:
            ind[f"changes.{code}.{year}"] = rng.randint(0, high)
        ind[f"changes.{code}.total"] = sum(ind[f"changes.{code}.{y}"] for y in YEARS)
    for year in [*YEARS, "total"]:
        ind[f"changes.admissions.{year}"] = sum(ind[f"changes.{c}.{year}"] for c in vocab.ADMISSION_EVENTS)
        ind[f"changes.removed.{year}"] = sum(ind[f"changes.{c}.{year}"] for c in vocab.REMOVAL_EVENTS)
    # The cut-off is 31/03: every admission of the cut-off year falls in its first quarter.
    ind["changes.admissions.q1"] = ind[f"changes.admissions.{CUTOFF.year}"]
    for q in (2, 3, 4):
        ind[f"changes.admissions.q{q}"] = 0
    _spread(
        ind, "changes.strike_ground", vocab.STRIKE_GROUND.codes, int(ind["changes.struck_off.total"]), rng
    )

    for year in YEARS:
        ind[f"targets.{year}"] = targets.get(year, 0)
        _spread(ind, f"ratings.{year}", vocab.RATING.codes, total, rng)
        trained = rng.randint(0, 4)
        ind[f"training.{year}.candidates_trained"] = rng.randint(0, 5)
        ind[f"training.{year}.new_members_trained"] = trained
        ind[f"training.{year}.new_members_completed"] = rng.randint(0, trained)
    return ind


def ward_indicators(
    orgs: list[OrgResult], registered: list[OrgResult], submitted: int
) -> dict[str, int | float]:
    """Ward figures: sums over the consolidated organisations, organisation counts over the registry."""
    consolidated = [o for o in orgs if o.status == "consolidated"]
    keys = [k for k in consolidated[0].indicators if not k.startswith(NON_ADDITIVE_PREFIXES)]
    ward: dict[str, int | float] = {k: sum(o.indicators[k] for o in consolidated) for k in keys}
    total = ward["members.total"]
    ward["members.age_mean"] = round(
        sum(o.indicators["members.age_mean"] * o.indicators["members.total"] for o in consolidated) / total, 1
    )
    ward["orgs.registered"] = len(registered)
    ward["orgs.submitted"] = submitted
    ward["orgs.consolidated"] = len(consolidated)
    for t in vocab.ORG_TIER.codes:
        ward[f"orgs.tier.{t}"] = sum(1 for o in registered if o.org_tier == t)
    for s in vocab.SECTOR.codes:
        ward[f"orgs.sector.{s}"] = sum(1 for o in registered if o.sector == s)
    for year in YEARS:
        if ward[f"targets.{year}"]:
            ward[f"targets.rate.{year}"] = round(
                ward[f"changes.admissions.{year}"] / ward[f"targets.{year}"], 4
            )
    return ward


ORGS = (
    # code, name, tier, sector, members, status
    ("DB01", "Đảng bộ Trường THPT Hồng Quang", "dang_bo_co_so", "su_nghiep", 142, "consolidated"),
    ("CB02", "Chi bộ Cơ quan Ủy ban nhân dân phường", "chi_bo_truc_thuoc", "co_quan", 38, "consolidated"),
    ("CB03", "Chi bộ Quân sự phường", "chi_bo_truc_thuoc", "luc_luong_vu_trang", 9, "consolidated"),
    ("CB04", "Chi bộ Khu dân cư số 4", "chi_bo_truc_thuoc", "to_dan_pho", 61, "consolidated"),
    ("CB05", FORMULA_LIKE[0], "chi_bo_co_so", "doanh_nghiep", 23, "consolidated"),
    ("CB06", "Chi bộ Khu dân cư số 6", "chi_bo_truc_thuoc", "to_dan_pho", 47, "excluded"),
    ("CB07", "Chi bộ Công ty Cổ phần Bê tông", "chi_bo_co_so", "doanh_nghiep", 0, "missing"),
)


def file_name(code: str) -> str:
    return f"{code}_chi_bo.xlsx" if code != "CB05" else "-1_chi_bo.xlsx"


def make_result(source_dir: Path, *, personal_data: bool = True) -> ConsolidationResult:
    """Five consolidated organisations, one excluded (errors) and one that never submitted."""
    orgs: list[OrgResult] = []
    sources: list[SourceFile] = []
    for seed, (code, name, tier, sector, members, status) in enumerate(ORGS):
        targets = {y: 1 + (seed + y) % 3 for y in YEARS}
        indicators = org_indicators(members, seed, targets) if status == "consolidated" else {}
        file = file_name(code) if status != "missing" else None
        orgs.append(OrgResult(code, name, tier, sector, status, file, indicators))
        if file:
            sources.append(
                SourceFile(
                    file=file,
                    path=source_dir / file,
                    org_code=code,
                    org_name=name,
                    template_version=layout.TEMPLATE_VERSION if code != "CB04" else FORMULA_LIKE[3],
                    sha256=f"{seed:x}" * 64 if seed else "a" * 64,
                    rows=members + 12,
                    status="errors" if status == "excluded" else ("warnings" if seed % 2 else "ok"),
                    consolidated=status == "consolidated",
                    seconds=0.0125 * (seed + 1),
                )
            )
    ward = ward_indicators(orgs, orgs, submitted=sum(1 for o in orgs if o.status != "missing"))
    # The ward target is the sum of every registered organisation's target (§4).
    for year in YEARS:
        ward[f"targets.{year}"] = sum(1 + (seed + year) % 3 for seed in range(len(ORGS)))
        ward[f"targets.rate.{year}"] = round(ward[f"changes.admissions.{year}"] / ward[f"targets.{year}"], 4)
    issues = [
        Issue(
            "member.official_too_early",
            "error",
            'Dòng 12, cột "Ngày chính thức" (ô G12): 05/03/2025 sớm hơn ngày vào Đảng 10/06/2024 '
            "cộng 12 tháng (10/06/2025).",
            file_name("CB06"),
            "CB06",
            layout.SHEET_MEMBERS,
            "G12",
            layout.MEMBERS.field("official_date").header,
            "05/03/2025",
        ),
        Issue(
            "member.value_not_allowed",
            "error",
            f'Dòng 7, cột "Giới tính" (ô D7): {FORMULA_LIKE[0]} không có trong danh sách.',
            file_name("CB06"),
            "CB06",
            layout.SHEET_MEMBERS,
            "D7",
            layout.MEMBERS.field("gender").header,
            FORMULA_LIKE[0],
        ),
        Issue(
            "member.overdue_recognition",
            "warning",
            "Đảng viên dự bị quá 12 tháng + 30 ngày làm việc chưa được công nhận chính thức.",
            file_name("CB02"),
            "CB02",
            layout.SHEET_MEMBERS,
            "G5",
            layout.MEMBERS.field("official_date").header,
            FORMULA_LIKE[1],
        ),
        Issue(
            "event.date_outside_period",
            "warning",
            "Ngày biến động nằm ngoài kỳ báo cáo.",
            file_name("CB05"),
            "CB05",
            layout.SHEET_EVENTS,
            "E3",
            layout.EVENTS.field("event_date").header,
            FORMULA_LIKE[2],
        ),
        Issue(
            "file.macros_present",
            "warning",
            "Tệp có chứa macro; macro không được chạy.",
            file_name("CB04"),
            "CB04",
            None,
            None,
            None,
            FORMULA_LIKE[3],
        ),
        Issue(
            "registry.missing_submission",
            "warning",
            "Tổ chức CB07 chưa nộp số liệu.",
            None,
            "CB07",
        ),
        Issue(
            "member.card_on_probationary",
            "warning",
            "Đảng viên dự bị có số thẻ đảng viên.",
            file_name("DB01"),
            "DB01",
            layout.SHEET_MEMBERS,
            "E40",
            layout.MEMBERS.field("card_no").header,
            "012345",
        ),
    ]
    return ConsolidationResult(
        cutoff_date=CUTOFF,
        period_start=PERIOD_START,
        template_version=layout.TEMPLATE_VERSION,
        years=list(YEARS),
        indicators=ward,
        organisations=orgs,
        issues=issues,
        sources=sources,
        generated_at=dt.datetime(2026, 4, 2, 9, 30, 0),
        personal_data=personal_data,
    )


def make_complete_result(source_dir: Path) -> ConsolidationResult:
    """Only consolidated organisations, no missing or excluded one."""
    result = make_result(source_dir)
    result.organisations = [o for o in result.organisations if o.status == "consolidated"]
    result.sources = [s for s in result.sources if s.consolidated]
    result.issues = [i for i in result.issues if not i.is_error and i.file]
    return result
