"""A hand-made JSON summary (`ConsolidationResult.to_summary()`) shaped like the reference report's ward.

Every indicator id of the summary is present, zero or not, with self-consistent realistic numbers
(72 organisations, 4.216 members, 15 admissions in quý I/2026 against a target of 113…).
"""

from __future__ import annotations

import copy
from typing import Any

from helpers_demo import REPORT_COUNTS

from toolkit.core import vocab

YEARS = list(range(2020, 2027))

_ADMITTED = {2020: 22, 2021: 20, 2022: 17, 2023: 21, 2024: 19, 2025: 25, 2026: 15}
_READMITTED = {2022: 1}
_TARGETS = {2020: 25, 2021: 25, 2022: 24, 2023: 24, 2024: 22, 2025: 30, 2026: 113}
_STRUCK = {2020: 2, 2021: 1, 2022: 1, 2023: 1, 2024: 1}
_EXPELLED = {2021: 1, 2023: 1}
_DIED = {2020: 31, 2021: 35, 2022: 28, 2023: 30, 2024: 33, 2025: 29, 2026: 7}
_TRANSFER_IN = {2020: 40, 2021: 38, 2022: 44, 2023: 41, 2024: 39, 2025: 47, 2026: 12}
_TRANSFER_OUT = {2020: 30, 2021: 33, 2022: 29, 2023: 35, 2024: 31, 2025: 36, 2026: 9}
_RATINGS = {  # year: (excellent, good, pass, fail, not_rated)
    2020: (380, 3290, 240, 21, 60),
    2021: (390, 3330, 228, 18, 62),
    2022: (401, 3360, 220, 15, 66),
    2023: (405, 3390, 212, 12, 70),
    2024: (410, 3420, 205, 9, 75),
    2025: (415, 3460, 190, 6, 80),
}
_TRAINING = {  # year: (candidates, new members trained, completed)
    2020: (10, 12, 12),
    2021: (11, 11, 11),
    2022: (12, 13, 13),
    2023: (14, 12, 12),
    2024: (13, 14, 14),
    2025: (12, 15, 15),
    2026: (8, 5, 5),
}

_MEMBERS: dict[str, int | float] = {
    "members.total": 4216,
    "members.full": 4091,
    "members.probationary": 125,
    "members.gender.male": 2624,
    "members.gender.female": 1592,
    "members.age_report.lt30": 375,
    "members.age_report.30_50": 1907,
    "members.age_report.gt50": 1934,
    "members.age_official.18_30": 420,
    "members.age_official.31_35": 300,
    "members.age_official.36_40": 380,
    "members.age_official.41_45": 420,
    "members.age_official.46_50": 430,
    "members.age_official.51_55": 500,
    "members.age_official.56_60": 550,
    "members.age_official.gt60": 1216,
    "members.age_mean": 49.6,
    "members.gen_edu.literate": 0,
    "members.gen_edu.primary": 0,
    "members.gen_edu.lower_secondary": 1003,
    "members.gen_edu.upper_secondary": 3213,
    "members.prof.none": 1200,
    "members.prof.elementary": 381,
    "members.prof.intermediate": 700,
    "members.prof.college": 354,
    "members.prof.university": 1400,
    "members.prof.master": 170,
    "members.prof.doctor": 11,
    "members.prof.intermediate_plus": 2635,
    "members.prof.university_plus": 1581,
    "members.theory.none": 0,
    "members.theory.elementary": 2450,
    "members.theory.intermediate": 1526,
    "members.theory.advanced": 200,
    "members.theory.bachelor": 40,
    "members.theory.advanced_bachelor": 240,
    "members.occupation.state_official": 0,
    "members.occupation.party_mass_official": 40,
    "members.occupation.commune_official": 210,
    "members.occupation.neighbourhood_part_time": 120,
    "members.occupation.public_employee": 157,
    "members.occupation.non_public_employee": 12,
    "members.occupation.enterprise_manager": 120,
    "members.occupation.enterprise_staff": 480,
    "members.occupation.production_worker": 1023,
    "members.occupation.farmer": 300,
    "members.occupation.armed_forces": 93,
    "members.occupation.university_student": 10,
    "members.occupation.pupil": 0,
    "members.occupation.other": 551,
    "members.occupation.retired": 1100,
    "members.occupation.unknown": 0,
    "members.occupation_group.civil_servants": 407,
    "members.occupation_group.enterprise": 1623,
    "members.occupation_group.farmer_freelance_retired_other": 2093,
    "members.occupation_group.armed_forces": 93,
    "members.exempt": 725,
    "members.exempt.full": 610,
    "members.exempt.temporary": 115,
    "members.exempt_reason.old_age_ill_health": 610,
    "members.exempt_reason.long_treatment": 50,
    "members.exempt_reason.working_away": 40,
    "members.exempt_reason.abroad": 10,
    "members.exempt_reason.maternity": 5,
    "members.exempt_reason.awaiting_retirement": 0,
    "members.exempt_reason.other": 10,
    "members.working_away": 96,
}

_ORGS: dict[str, int] = {
    "orgs.submitted": 72,
    "orgs.consolidated": 72,
    **{k: v for k, v in REPORT_COUNTS.items() if k.startswith("orgs.")},
}


# A Red River Delta ward: (code, members, of whom women); the rest Kinh, of no religion.
_ETHNIC = {"02": (8, 3), "04": (4, 2), "06": (6, 2)}
_RELIGION = {"buddhism": (58, 40), "catholicism": (21, 12)}
_ERAS = {"before_1945": 0, "1945_1954": 3, "1954_1975": 410, "from_1975": 3803}


def _roster_2026_2() -> dict[str, int]:
    """The attributes of template 2026.2 (ethnicity, religion, titles, eras…)."""
    ind: dict[str, int] = {}
    total, women = _MEMBERS["members.total"], _MEMBERS["members.gender.female"]
    for family, voc, present, default in (
        ("members.ethnicity", vocab.ETHNICITY, _ETHNIC, vocab.KINH),
        ("members.religion", vocab.RELIGION, _RELIGION, "none"),
    ):
        counts = {c: present.get(c, (0, 0)) for c in voc.codes}
        others = sum(n for n, _ in counts.values())
        counts[default] = (int(total) - others, int(women) - sum(w for _, w in counts.values()))
        ind.update({f"{family}.{c}": n for c, (n, _) in counts.items()})
        ind[f"{family}.unknown"] = 0
        ind.update({f"{family}.{c}.female": w for c, (_, w) in counts.items()})
    ind["members.ethnic_minority"] = sum(n for n, _ in _ETHNIC.values())
    ind["members.religious"] = sum(n for n, _ in _RELIGION.values())
    ind.update({"members.academic.associate_professor": 2, "members.academic.professor": 0})
    ind["members.academic.unknown"] = 0
    for key, n in (("youth_union", 404), ("private_owner", 9), ("foreign_marriage", 3)):
        ind[f"members.{key}"], ind[f"members.{key}.unknown"] = n, 0
    ind.update({f"members.era.{k}": n for k, n in _ERAS.items()})
    return ind


def _per_year(ind: dict[str, int | float], key: str, values: dict[int, int]) -> None:
    for year in YEARS:
        ind[f"changes.{key}.{year}"] = values.get(year, 0)
    ind[f"changes.{key}.total"] = sum(values.values())


def _indicators() -> dict[str, int | float]:
    ind: dict[str, int | float] = {**_ORGS, **_MEMBERS, **_roster_2026_2()}
    per_type = {
        "admitted": _ADMITTED,
        "readmitted": _READMITTED,
        "restored": {},
        "transfer_in": _TRANSFER_IN,
        "transfer_out": _TRANSFER_OUT,
        "died": _DIED,
        "struck_off": _STRUCK,
        "expelled": _EXPELLED,
        "resigned": {},
    }
    assert list(per_type) == vocab.EVENT_TYPE.codes
    for code, values in per_type.items():
        _per_year(ind, code, values)
    _per_year(ind, "transfer_in_internal", {2024: 2, 2025: 3})
    _per_year(ind, "transfer_out_internal", {2024: 2, 2025: 3})
    admissions = {y: _ADMITTED.get(y, 0) + _READMITTED.get(y, 0) for y in YEARS}
    _per_year(ind, "admissions", admissions)
    for q, n in enumerate((15, 0, 0, 0), start=1):
        ind[f"changes.admissions.q{q}"] = n
    removed = {y: _STRUCK.get(y, 0) + _EXPELLED.get(y, 0) for y in YEARS}
    _per_year(ind, "removed", removed)
    grounds = {"absence_or_dues": 5, "card_returned": 1}
    for code in vocab.STRIKE_GROUND.codes:
        ind[f"changes.strike_ground.{code}"] = grounds.get(code, 0)
    for year in YEARS:
        ind[f"targets.{year}"] = _TARGETS[year]
        ind[f"targets.rate.{year}"] = round(admissions[year] / _TARGETS[year], 4)
        ratings = _RATINGS.get(year, (0, 0, 0, 0, 0))
        for code, n in zip(vocab.RATING.codes, ratings, strict=True):
            ind[f"ratings.{year}.{code}"] = n
        cand, trained, completed = _TRAINING[year]
        ind[f"training.{year}.candidates_trained"] = cand
        ind[f"training.{year}.new_members_trained"] = trained
        ind[f"training.{year}.new_members_completed"] = completed
    return ind


def _organisations() -> list[dict[str, Any]]:
    orgs = []
    tiers = ["dang_bo_co_so"] * 11 + ["chi_bo_co_so"] * 2 + ["chi_bo_truc_thuoc"] * 59
    sectors = (
        ["su_nghiep"] * 15
        + ["co_quan"] * 2
        + ["luc_luong_vu_trang"] * 2
        + ["to_dan_pho"] * 37
        + ["doanh_nghiep"] * 16
    )
    for i, (tier, sector) in enumerate(zip(tiers, sectors, strict=True), start=1):
        orgs.append(
            {
                "org_code": f"TC{i:03d}",
                "org_name": f"Chi bộ mẫu số {i}",
                "org_tier": tier,
                "sector": sector,
                "status": "consolidated",
                "file": f"TC{i:03d}_chi-bo.xlsx",
                "template_version": "2026.2",
                "upgraded_from": None,
                "indicators": {},
            }
        )
    return orgs


def sample_summary() -> dict[str, Any]:
    """A fresh copy of the sample summary (tests may change it freely)."""
    return copy.deepcopy(
        {
            "cutoff_date": "2026-03-31",
            "period_start": "2020-01-01",
            "template_version": "2026.2",
            "indicators": _indicators(),
            "organisations": _organisations(),
            "issues": [
                {
                    "code": "member.overdue",
                    "severity": "warning",
                    "file": "TC001_chi-bo.xlsx",
                    "org_code": "TC001",
                    "sheet": "Đảng viên",
                    "cell": "G12",
                    "column": "Ngày chính thức",
                    "value": "Nguyễn Văn Bí Mật",
                    "message": "Nguyễn Văn Bí Mật quá hạn công nhận chính thức.",
                }
            ],
        }
    )
