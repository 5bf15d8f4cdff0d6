"""A realistic ConsolidationResult for the workbook and JSON writer tests.

Member, event and yearly frames are generated (deterministic, seeded) for a handful of
organisations and turned into indicators by `toolkit.stats.indicators`, plus one excluded and one
missing organisation, issues with values that look like formulas, and source files with
paths.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import pandas as pd

from toolkit.core import layout, vocab
from toolkit.core.model import ConsolidationResult, Issue, Organisation, OrgResult, Registry, SourceFile
from toolkit.core.rules import is_personal
from toolkit.outputs.workbook import write_workbook
from toolkit.stats import indicators as stats_indicators
from toolkit.stats import ward as ward_stats

CUTOFF = dt.date(2026, 3, 31)
PERIOD_START = dt.date(2020, 1, 1)
YEARS = list(range(PERIOD_START.year, CUTOFF.year + 1))

FORMULA_LIKE = ('=HYPERLINK("http://x","y")', "+1", "-1", "@x")


def _pick(rng: random.Random, codes: list[str], n: int) -> list[str]:
    return [rng.choice(codes) for _ in range(n)]


def _years_after(d: dt.date, years: int) -> dt.date:
    """`d` that many years later; a 29 February on the 28th of a year without one (audit260:
    `replace(year=…)` raised for a birth or admission on 29 February, which no seed drew yet)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def _date(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def org_frames(n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Normalised member, event and yearly frames of one organisation (reader's data contract)."""
    rng = random.Random(seed)
    births = [_date(rng, dt.date(1938, 1, 1), dt.date(2003, 12, 31)) for _ in range(n)]
    admissions = [_date(rng, _years_after(b, 18), min(CUTOFF, _years_after(b, 45))) for b in births]
    officials = [
        None if rng.random() < 0.06 or _years_after(a, 1) > CUTOFF else _years_after(a, 1) for a in admissions
    ]
    exempt = [rng.random() < 0.1 for _ in range(n)]
    members = pd.DataFrame(
        {
            "row_no": pd.array(range(1, n + 1), dtype="Int64"),
            "full_name": [f"Đảng viên {seed}-{i}" for i in range(n)],
            "birth_date": pd.to_datetime(births),
            "gender": _pick(rng, vocab.GENDER.codes, n),
            "ethnicity": _pick(rng, ["01"] * 8 + ["02", "04"], n),
            "religion": _pick(rng, ["none"] * 8 + ["buddhism", "catholicism"], n),
            "card_no": [f"{seed:02d}{i:06d}" if o else None for i, o in enumerate(officials)],
            "admission_date": pd.to_datetime(admissions),
            "official_date": pd.to_datetime(officials),
            "gen_edu": _pick(rng, vocab.GEN_EDU.codes, n),
            "prof_level": _pick(rng, vocab.PROF_LEVEL.codes, n),
            "academic_title": [None] * n,
            "theory_level": _pick(rng, vocab.THEORY_LEVEL.codes, n),
            "occupation": _pick(rng, vocab.OCCUPATION.codes, n),
            "youth_union": [rng.choice(["yes", None]) for _ in range(n)],
            "private_owner": [None] * n,
            "foreign_marriage": [None] * n,
            "exempt_from": pd.to_datetime([dt.date(2024, 5, 1) if e else None for e in exempt]),
            "exempt_reason": [rng.choice(vocab.EXEMPT_REASON.codes) if e else None for e in exempt],
            "working_away": [rng.choice(["yes", "no", None, None]) for _ in range(n)],
            "note": [None] * n,
            "_row": range(2, n + 2),
        }
    )
    events = []
    for year in YEARS:
        last = min(CUTOFF, dt.date(year, 12, 31))
        for code in vocab.EVENT_TYPE.codes:
            high = 3 if code in ("admitted", "transfer_in", "transfer_out", "died") else 1
            for _ in range(rng.randint(0, high)):
                events.append(
                    {
                        "event_type": code,
                        "event_date": _date(rng, dt.date(year, 1, 1), last),
                        "strike_ground": rng.choice(vocab.STRIKE_GROUND.codes)
                        if code == "struck_off"
                        else None,
                    }
                )
    m = len(events)
    events_df = pd.DataFrame(
        {
            "row_no": pd.array(range(1, m + 1), dtype="Int64"),
            "full_name": [f"Biến động {seed}-{i}" for i in range(m)],
            "birth_date": pd.to_datetime([dt.date(1980, 1, 1)] * m),
            "event_type": [e["event_type"] for e in events],
            "event_date": pd.to_datetime([e["event_date"] for e in events]),
            "strike_ground": [e["strike_ground"] for e in events],
            "transfer_scope": [
                rng.choice(["internal", "same_province"]) if e["event_type"].startswith("transfer") else None
                for e in events
            ],
            "was_probationary": [None] * m,
            "decision_no": [None] * m,
            "note": [None] * m,
            "_row": range(2, m + 2),
        }
    )
    year_rows: dict[str, list] = {"year": YEARS}
    for key in ("candidates_trained", "new_members_trained"):
        year_rows[key] = [rng.randint(0, 5) for _ in YEARS]
    year_rows["new_members_completed"] = [rng.randint(0, t) for t in year_rows["new_members_trained"]]
    for code in vocab.RATING.codes:
        year_rows[layout.RATING_KEYS[code]] = [rng.randint(0, max(1, n // 3)) for _ in YEARS]
    years_df = pd.DataFrame({k: pd.array(v, dtype="Int64") for k, v in year_rows.items()})
    years_df["_row"] = range(2, len(YEARS) + 2)
    return members, events_df, years_df


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


EXCLUDED_REASON = (
    "tệp CB06_chi_bo.xlsx có lỗi: Ngày chính thức quá sớm ở sheet “Đảng viên”, ô G12 và 1 lỗi khác"
)


def file_name(code: str) -> str:
    return f"{code}_chi_bo.xlsx" if code != "CB05" else "-1_chi_bo.xlsx"


def make_result(source_dir: Path, *, personal_data: bool = True) -> ConsolidationResult:
    """Five consolidated organisations, one excluded (errors) and one that never submitted.

    Indicators come from `toolkit.stats.indicators` on generated frames, so the writer is tested on the
    ids and shapes the statistics really produce.
    """
    orgs: list[OrgResult] = []
    sources: list[SourceFile] = []
    registry = Registry(
        [
            Organisation(code, name, tier, sector, targets={y: 1 + (seed + y) % 3 for y in YEARS})
            for seed, (code, name, tier, sector, _, _) in enumerate(ORGS)
        ]
    )
    frames: list[tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]] = []
    for seed, (code, name, tier, sector, members, status) in enumerate(ORGS):
        indicators: dict[str, int | float] = {}
        if status == "consolidated":
            org = org_frames(members, seed)
            frames.append(org)
            indicators = stats_indicators.compute_org_indicators(
                *org, cutoff=CUTOFF, period_start=PERIOD_START
            )
        file = file_name(code) if status != "missing" else None
        reason = EXCLUDED_REASON if status == "excluded" else None
        orgs.append(OrgResult(code, name, tier, sector, status, file, indicators, reason))
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
    ward = ward_stats.compute_ward_indicators(
        *(pd.concat([f[i] for f in frames], ignore_index=True) for i in range(3)),
        cutoff=CUTOFF,
        period_start=PERIOD_START,
        registry=registry,
        submitted=len(sources),
        consolidated=len(frames),
    )
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
    # Marked as `make_issue` marks them: a member's or a change's issue holds personal data.
    issues = [dataclasses.replace(i, personal=is_personal(i.code, i.sheet)) for i in issues]
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


def written_workbook(folder: Path) -> tuple[ConsolidationResult, Path]:
    """`make_result`'s run written as the consolidated workbook, with a one-paragraph report."""
    result = make_result(folder / "nop")
    return result, write_workbook(result, folder / "tong_hop.xlsx", report_text=["Đoạn một."])


def make_complete_result(source_dir: Path) -> ConsolidationResult:
    """Only consolidated organisations, no missing or excluded one."""
    result = make_result(source_dir)
    result.organisations = [o for o in result.organisations if o.status == "consolidated"]
    result.sources = [s for s in result.sources if s.consolidated]
    result.issues = [i for i in result.issues if not i.is_error and i.file]
    return result


# The demo ward's ethnic groups and religions (4,216 members): rounded each on its own, Hoa's
# 4 (0.0948…%) printed 0.09 and the groups' shares did not add up (tests of the shares). Every
# term is there, 0 when no member has it, as a consolidation writes them: a term the figures
# lack is an unknown figure (a roll-up's line shown empty), not 0.
DEMO_ETHNICITY_RELIGION: dict[str, int] = {
    **{f"members.ethnicity.{code}": 0 for code in (*vocab.ETHNICITY.codes, "unknown")},
    **{f"members.religion.{code}": 0 for code in (*vocab.RELIGION.codes, "unknown")},
    "members.total": 4216,
    "members.ethnicity.01": 4198,
    "members.ethnicity.02": 8,
    "members.ethnicity.04": 4,
    "members.ethnicity.05": 6,
    "members.ethnic_minority": 18,
    "members.religion.none": 4137,
    "members.religion.buddhism": 58,
    "members.religion.catholicism": 21,
    "members.religious": 79,
}
