"""An independent oracle of the ward statistics (hunt267): `Tổng hợp`, the JSON summary's
indicators, `Theo tổ chức`, `Biến động theo năm`, `Xếp loại theo năm` and the report paragraph.

Reads the branches' raw workbooks and the registry with openpyxl only (never toolkit's reader,
normaliser or statistics; the cell-cleaning helpers of `helpers_forms_oracle`, a test helper,
are reused) and computes the figures by hand. Each rule names the line of docs/design.md it is
taken from (as of base commit 8a5ef4a4):

- R1 (l. 2810–2811) age in whole years at the cut-off D; probationary when `Ngày chính thức`
  is empty or after D.
- R2 (l. 2811–2814) exempt when `Miễn … từ ngày` ≤ D; full for "Tuổi cao, sức khỏe yếu",
  temporary for any other reason; a date without a reason is temporary (l. 2969–2974).
- R3 (l. 2814–2815) the party-age eras by `Ngày vào Đảng`.
- R4 (l. 2815, 2820–2822) an event counts when period_start ≤ date ≤ D; period_start is the
  one most files state in `Thông tin` (`Số liệu từ ngày`), else 1 January of D's year.
- R5 (l. 2861–2866) a transfer with scope "Trong Đảng bộ phường" counts as
  transfer_<in|out>_internal, never as transfer_<in|out>; one without a scope as the ward's.
- R6 (l. 2878–2881) shares of one whole are rounded together by the largest remainder; a line
  split into sub-lines has the sum of its sub-lines' shares; a summed group ("Cộng: từ trung
  cấp trở lên", "Từ hoàn thành tốt nhiệm vụ trở lên") the sum of its parts' printed shares
  (l. 2881–2891); organisations by tier and sector are over the organisations (l. 2892–2897).
- R7 (l. 2903–2925) orgs.registered = registry rows; submitted = registry orgs with a file;
  tiers and sectors are the registry's.
- R8 (l. 2942–2947) report bands "Dưới 30" (< 30), "Từ 30 đến 50", "Trên 50" (the sheet's
  labels; the design gives only the ids) and the forms' bands, under 18 counted in 18_30;
  the mean of whole-year ages, shown to one decimal.
- R9 (l. 2975–2981) working away: `Đi làm ăn xa` = Có, or the exemption reason "Đi làm ăn,
  lao động xa" whatever its date.
- R10 (l. 2982–2984) changes.<family>.<year>; admissions = admitted + readmitted; removed =
  struck off + expelled + resigned; strike grounds over the period; admissions q1–q4 of D's
  year (l. 2815–2817).
- R11 (l. 3806–3817) targets per year summed from the registry's `Chỉ tiêu kết nạp <year>`;
  the rate is admissions / target (a fraction, 4 decimals); the "Tổng" of target and rate is
  over the whole years only; ratings of D's unfinished year are empty cells.
- R12 (l. 3580–3600) `Theo tổ chức`: one row per organisation, change columns from the run's
  start, admissions readmissions included, a total row equal to the ward's figures.
- R13 (l. 3628–3646) the report prints every share of `Tổng hợp` as the sheet prints it, with
  two decimals at most and no trailing zeros; "chủ yếu do" a ground only above half of those
  struck off ("đều do" when all).

Not derived here (too intricate for the time, hunt267): the occupation groups' membership
(the design names the four groups, not which occupation is in which: taken from the
template's obvious reading, see OCCUPATION_GROUP), `members.occupation.unknown.*`,
`*.working.exempt`, the admitted.* attributes (Biểu 2, checked by test_forms_oracle), the
period.* ids (Biểu 1, likewise), the `Tổng hợp` notes' wording, `Xu hướng` and `Biểu đồ`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import helpers_forms_oracle as forms_oracle
import openpyxl
from helpers_forms_oracle import OCCUPATIONS, age_on, date, largest_remainder, term, text, yes

TIERS = {
    "Đảng bộ cơ sở": "dang_bo_co_so",
    "Chi bộ cơ sở": "chi_bo_co_so",
    "Chi bộ trực thuộc": "chi_bo_truc_thuoc",
}
SECTORS = {
    "Khối sự nghiệp": "su_nghiep",
    "Khối cơ quan Đảng, chính quyền": "co_quan",
    "Lực lượng vũ trang": "luc_luong_vu_trang",
    "Chi bộ tổ dân phố": "to_dan_pho",
    "Doanh nghiệp": "doanh_nghiep",
}
RELIGIONS = {
    "Không": "none",
    "Phật giáo": "buddhism",
    "Công giáo": "catholicism",
    "Tin lành": "protestantism",
    "Cao Đài": "caodaism",
    "Phật giáo Hòa Hảo": "hoa_hao",
    "Hồi giáo": "islam",
    "Tôn giáo khác": "other",
}
GEN_EDU = {
    "Biết đọc, biết viết chữ quốc ngữ": "literate",
    "Tiểu học": "primary",
    "Trung học cơ sở": "lower_secondary",
    "Trung học phổ thông": "upper_secondary",
}
PROF = {
    "Chưa qua đào tạo": "none",
    "Sơ cấp, công nhân kỹ thuật, nhân viên nghiệp vụ": "elementary",
    "Trung cấp": "intermediate",
    "Cao đẳng": "college",
    "Đại học": "university",
    "Thạc sĩ": "master",
    "Tiến sĩ": "doctor",
}
THEORY = {
    "Chưa qua đào tạo": "none",
    "Sơ cấp": "elementary",
    "Trung cấp": "intermediate",
    "Cao cấp": "advanced",
    "Cử nhân": "bachelor",
}
ACADEMIC = {"Phó Giáo sư": "associate_professor", "Giáo sư": "professor"}
REASONS = {
    "Tuổi cao, sức khỏe yếu": "old_age_ill_health",
    "Điều trị bệnh dài ngày": "long_treatment",
    "Đi làm ăn, lao động xa": "working_away",
    "Ra nước ngoài": "abroad",
    "Nghỉ thai sản": "maternity",
    "Chờ nghỉ hưu": "awaiting_retirement",
    "Khác": "other",
}
GROUNDS = {
    "Bỏ sinh hoạt hoặc không đóng đảng phí 3 tháng trong năm": "absence_or_dues",
    "Tự ý trả hoặc hủy thẻ đảng viên": "card_returned",
    "Giảm sút ý chí phấn đấu": "lost_will",
    "Hai năm liền vi phạm tư cách đảng viên": "two_years_violation",
    "Không bảo đảm tiêu chuẩn chính trị": "political_standard",
    "Không đủ điều kiện công nhận đảng viên chính thức": "not_recognised",
    "Khác": "other",
}
EVENTS = {
    "Kết nạp": "admitted",
    "Kết nạp lại": "readmitted",
    "Phục hồi đảng tịch": "restored",
    "Chuyển đến": "transfer_in",
    "Chuyển đi": "transfer_out",
    "Từ trần": "died",
    "Xóa tên": "struck_off",
    "Khai trừ": "expelled",
    "Xin ra khỏi Đảng": "resigned",
}
UNKNOWN_REASON = "Chưa rõ lý do (chưa ghi “Lý do miễn”)"  # the sheet's and the report's words
INTERNAL = "Trong Đảng bộ phường"
SCOPES = (INTERNAL, "Xã, phường khác trong tỉnh", "Tỉnh, thành phố khác")
RATINGS = {
    "Hoàn thành xuất sắc nhiệm vụ": "excellent",
    "Hoàn thành tốt nhiệm vụ": "good",
    "Hoàn thành nhiệm vụ": "pass",
    "Không hoàn thành nhiệm vụ": "fail",
    "Không xếp loại": "not_rated",
}
TRAINING = {
    "Quần chúng học lớp nhận thức về Đảng": "candidates_trained",
    "Đảng viên mới học lớp bồi dưỡng": "new_members_trained",
    "Đảng viên mới hoàn thành lớp bồi dưỡng": "new_members_completed",
}
# The design names the four groups (vocab's "Nhóm nghề nghiệp") but not their members: the
# civil servants are the state's, the party's, the commune's officials and the public
# employees; the enterprise group the three enterprise lines; the armed forces their line;
# everyone else (farmers, neighbourhood part-timers, non-public employees, students,
# pupils, others, the retired) the fourth group. Not independent of toolkit's reading.
OCCUPATION_GROUP = {
    "state_official": "civil_servants",
    "party_mass_official": "civil_servants",
    "commune_official": "civil_servants",
    "public_employee": "civil_servants",
    "enterprise_manager": "enterprise",
    "enterprise_staff": "enterprise",
    "production_worker": "enterprise",
    "armed_forces": "armed_forces",
}
GROUP_LABELS = {
    "civil_servants": "Cán bộ, công chức, viên chức",
    "enterprise": "Lao động trong doanh nghiệp",
    "farmer_freelance_retired_other": "Nông dân, lao động tự do, hưu trí và khác",
    "armed_forces": "Lực lượng vũ trang",
}
REPORT_BANDS = (
    ("lt30", "Dưới 30 tuổi", 0, 29),
    ("30_50", "Từ 30 đến 50 tuổi", 30, 50),
    ("gt50", "Trên 50 tuổi", 51, 10**6),
)
OFFICIAL_BANDS = (
    ("18_30", "Từ 18 đến 30 tuổi", 0, 30),
    ("31_35", "Từ 31 đến 35 tuổi", 31, 35),
    ("36_40", "Từ 36 đến 40 tuổi", 36, 40),
    ("41_45", "Từ 41 đến 45 tuổi", 41, 45),
    ("46_50", "Từ 46 đến 50 tuổi", 46, 50),
    ("51_55", "Từ 51 đến 55 tuổi", 51, 55),
    ("56_60", "Từ 56 đến 60 tuổi", 56, 60),
    ("gt60", "Trên 60 tuổi", 61, 10**6),
)
ERAS = (
    ("before_1945", "Trước 19/8/1945", dt.date(1, 1, 1), dt.date(1945, 8, 18)),
    ("1945_1954", "Từ 19/8/1945 đến 20/7/1954", dt.date(1945, 8, 19), dt.date(1954, 7, 20)),
    ("1954_1975", "Từ 21/7/1954 đến 30/4/1975", dt.date(1954, 7, 21), dt.date(1975, 4, 30)),
    ("from_1975", "Từ 01/5/1975 đến nay", dt.date(1975, 5, 1), dt.date(9999, 12, 31)),
)
ALIASES = {"thpt": "Trung học phổ thông", "thcs": "Trung học cơ sở"}


def half_up(x: Decimal | float | int, places: str) -> float:
    return float(Decimal(str(x)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def word(value: Any, words: Any) -> str | None:
    s = text(value)
    if s is not None and s.casefold() in ALIASES:
        return ALIASES[s.casefold()]
    return term(value, words)


# --------------------------------------------------------------------------------------------
# Reading


@dataclass
class Org:
    code: str
    name: str
    tier: str | None
    sector: str | None
    targets: dict[int, int] = field(default_factory=dict)
    file: bool = False
    start: dt.date | None = None
    members: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    yearly: dict[int, dict[str, int]] = field(default_factory=dict)


def _rows(ws: Any) -> list[dict[str, Any]]:
    rows = ws.iter_rows(values_only=True)
    header = [text(h) for h in next(rows)]
    out = []
    for row in rows:
        rec = {h: v for h, v in zip(header, row, strict=False) if h}
        if any(v not in (None, "") for v in rec.values()):
            out.append(rec)
    return out


def read(folder: Path, registry: Path) -> tuple[dict[str, Org], list[str]]:
    """The registry's organisations with their files' rows, and the template's ethnic groups."""
    orgs: dict[str, Org] = {}
    wb = openpyxl.load_workbook(registry, data_only=True, read_only=True)
    try:
        for rec in _rows(wb["Danh mục tổ chức"]):
            code = str(text(rec["Mã tổ chức"]))
            targets = {
                int(k.rsplit(" ", 1)[1]): int(v or 0)
                for k, v in rec.items()
                if k.startswith("Chỉ tiêu kết nạp ")
            }
            orgs[code] = Org(code, str(text(rec["Tên tổ chức đảng"])), text(rec.get("Cấp tổ chức")),
                             text(rec.get("Khối")), targets)  # fmt: skip
    finally:
        wb.close()
    ethnic: list[str] = []
    for path in sorted(folder.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
        try:
            info = {text(r[0]): r[1] for r in wb["Thông tin"].iter_rows(values_only=True) if r and r[0]}
            org = orgs[str(text(info["Mã tổ chức"]))]
            org.file = True
            org.start = date(info.get("Số liệu từ ngày"))
            org.members = [r for r in _rows(wb["Đảng viên"]) if text(r.get("Họ và tên"))]
            org.events = [r for r in _rows(wb["Biến động"]) if text(r.get("Họ và tên"))]
            for r in _rows(wb["Số liệu năm"]):
                if r.get("Năm") is not None:
                    org.yearly[int(r["Năm"])] = {k: int(v or 0) for k, v in r.items() if k != "Năm"}
            if not ethnic:
                dm = list(wb["DanhMuc"].iter_rows(values_only=True))
                col = [text(h) for h in dm[0]].index("Dân tộc")
                ethnic = [str(text(r[col])) for r in dm[1:] if r[col] is not None]
        finally:
            wb.close()
    return orgs, ethnic


def period_start(orgs: dict[str, Org], cutoff: dt.date) -> dt.date:
    """R4: the start most files state, else 1 January of the cut-off's year."""
    starts = Counter(o.start for o in orgs.values() if o.start)
    return starts.most_common(1)[0][0] if starts else dt.date(cutoff.year, 1, 1)


# --------------------------------------------------------------------------------------------
# Figures (keyed by the summary's indicator ids)


def figures(orgs: list[Org], ethnic: list[str], start: dt.date, cutoff: dt.date) -> dict[str, Any]:
    out: dict[str, Any] = Counter()
    roll = [m for o in orgs for m in o.members]
    out["members.total"] = len(roll)
    out["members.probationary"] = sum(
        1 for m in roll if (d := date(m.get("Ngày chính thức"))) is None or d > cutoff
    )
    out["members.full"] = out["members.total"] - out["members.probationary"]
    ages = []
    for m in roll:
        g = word(m.get("Giới tính"), ("Nam", "Nữ"))
        out[f"members.gender.{'male' if g == 'Nam' else 'female'}"] += 1
        female = g == "Nữ"
        e = word(m.get("Dân tộc"), ethnic)
        code = f"{ethnic.index(e) + 1:02d}" if e in ethnic else "unknown"
        out[f"members.ethnicity.{code}"] += 1
        out[f"members.ethnicity.{code}.female"] += female
        out["members.ethnic_minority"] += code not in ("01", "unknown")
        r = RELIGIONS.get(str(word(m.get("Tôn giáo"), RELIGIONS)), "unknown")
        out[f"members.religion.{r}"] += 1
        out[f"members.religion.{r}.female"] += female
        out["members.religious"] += r not in ("none", "unknown")
        a = age_on(date(m["Ngày sinh"]), cutoff)  # type: ignore[arg-type]
        ages.append(a)
        for key, _, lo, hi in REPORT_BANDS:
            out[f"members.age_report.{key}"] += lo <= a <= hi
        for key, _, lo, hi in OFFICIAL_BANDS:
            out[f"members.age_official.{key}"] += lo <= a <= hi
        joined = date(m.get("Ngày vào Đảng"))
        for key, _, lo2, hi2 in ERAS:
            out[f"members.era.{key}"] += joined is not None and lo2 <= joined <= hi2
        out[f"members.gen_edu.{GEN_EDU.get(str(word(m.get('Trình độ giáo dục phổ thông'), GEN_EDU)))}"] += 1
        out[f"members.prof.{PROF.get(str(word(m.get('Trình độ chuyên môn'), PROF)))}"] += 1
        out[f"members.theory.{THEORY.get(str(word(m.get('Lý luận chính trị'), THEORY)))}"] += 1
        acad = ACADEMIC.get(str(word(m.get("Học hàm"), ACADEMIC)))
        if acad:
            out[f"members.academic.{acad}"] += 1
        occ = OCCUPATIONS.get(str(word(m.get("Nghề nghiệp"), OCCUPATIONS)), "unknown")
        out[f"members.occupation.{occ}"] += 1
        if occ != "unknown":
            out[
                f"members.occupation_group.{OCCUPATION_GROUP.get(occ, 'farmer_freelance_retired_other')}"
            ] += 1
        for col, key in (
            ("Đoàn viên Đoàn TNCS Hồ Chí Minh", "youth_union"),
            ("Chủ doanh nghiệp tư nhân", "private_owner"),
            ("Có quan hệ hôn nhân với người nước ngoài", "foreign_marriage"),
        ):
            out[f"members.{key}"] += yes(m.get(col))
        since = date(m.get("Miễn công tác, sinh hoạt từ ngày"))
        reason = word(m.get("Lý do miễn"), REASONS)
        if since is not None and since <= cutoff:  # R2
            out["members.exempt"] += 1
            rcode = REASONS.get(str(reason), "unknown")
            out[f"members.exempt_reason.{rcode}"] += 1
            out["members.exempt.full" if rcode == "old_age_ill_health" else "members.exempt.temporary"] += 1
            if occ == "retired" and rcode == "old_age_ill_health":
                out["members.occupation.retired.exempt"] += 1
        if yes(m.get("Đi làm ăn xa")) or reason == "Đi làm ăn, lao động xa":  # R9
            out["members.working_away"] += 1
    out["members.age_sum"], out["members.age_known"] = sum(ages), len(ages)
    out["members.age_mean"] = half_up(Decimal(sum(ages)) / len(ages), "0.1") if ages else 0.0
    p = [out[f"members.prof.{k}"] for k in ("intermediate", "college", "university", "master", "doctor")]
    out["members.prof.intermediate_plus"], out["members.prof.university_plus"] = sum(p), sum(p[2:])
    out["members.theory.advanced_bachelor"] = out["members.theory.advanced"] + out["members.theory.bachelor"]

    years = range(start.year, cutoff.year + 1)
    for y in (*years, "total"):  # every family has every year (l. 3297–3300)
        for fam in (
            *EVENTS.values(),
            "transfer_in_internal",
            "transfer_out_internal",
            "admissions",
            "removed",
        ):
            out[f"changes.{fam}.{y}"] += 0
    for o in orgs:
        for e in o.events:
            d = date(e.get("Ngày"))
            if d is None or not start <= d <= cutoff:  # R4
                continue
            fam = EVENTS[str(word(e.get("Loại biến động"), EVENTS))]
            if fam.startswith("transfer") and word(e.get("Phạm vi chuyển"), SCOPES) == INTERNAL:  # R5
                fam += "_internal"
            if (
                fam.startswith("transfer")
                and not fam.endswith("internal")
                and not text(e.get("Phạm vi chuyển"))
            ):
                out[f"changes.{fam}.scope_unknown"] += 1
            for y in (d.year, "total"):
                out[f"changes.{fam}.{y}"] += 1
                if fam in ("admitted", "readmitted"):
                    out[f"changes.admissions.{y}"] += 1
                if fam in ("struck_off", "expelled", "resigned"):
                    out[f"changes.removed.{y}"] += 1
            if fam in ("admitted", "readmitted") and d.year == cutoff.year:
                out[f"changes.admissions.q{(d.month - 1) // 3 + 1}"] += 1
            if fam == "struck_off":
                ground = GROUNDS.get(str(word(e.get("Lý do xóa tên"), GROUNDS)), "other")
                out[f"changes.strike_ground.{ground}"] += 1
    for y in years:
        out[f"targets.{y}"] = sum(o.targets.get(y, 0) for o in orgs)
        if out[f"targets.{y}"]:
            out[f"targets.rate.{y}"] = half_up(
                Decimal(out[f"changes.admissions.{y}"]) / out[f"targets.{y}"], "0.0001"
            )
        for o in orgs:
            row = o.yearly.get(y, {})
            for label, key in RATINGS.items():
                out[f"ratings.{y}.{key}"] += row.get(label, 0)
            for label, key in TRAINING.items():
                out[f"training.{y}.{key}"] += row.get(label, 0)
    return dict(out)


def ward_figures(orgs: dict[str, Org], ethnic: list[str], start: dt.date, cutoff: dt.date) -> dict[str, Any]:
    """R7: the organisations' counts from the registry, then the members' and changes' figures."""
    out = figures([o for o in orgs.values() if o.file], ethnic, start, cutoff)
    out["orgs.registered"] = len(orgs)
    out["orgs.submitted"] = out["orgs.consolidated"] = sum(o.file for o in orgs.values())
    for o in orgs.values():
        out[f"orgs.tier.{TIERS.get(str(o.tier), 'unknown')}"] = (
            out.get(f"orgs.tier.{TIERS.get(str(o.tier), 'unknown')}", 0) + 1
        )
        key = f"orgs.sector.{SECTORS.get(str(o.sector), 'unknown')}"
        out[key] = out.get(key, 0) + 1
    return out


# --------------------------------------------------------------------------------------------
# Comparisons


def compare_indicators(product: dict[str, Any], oracle: dict[str, Any]) -> list[str]:
    """Every id the oracle computes against the summary (a missing id reads as 0 in the oracle)."""
    out = []
    for key in sorted(set(oracle) | {k for k in product if _derived(k)}):
        if product.get(key, "absent") != oracle.get(key, 0):
            out.append(f"indicator {key}: product {product.get(key, 'absent')}; oracle {oracle.get(key, 0)}")
    return out


def _derived(key: str) -> bool:
    return key.startswith(
        ("members.", "changes.", "targets.", "ratings.", "training.", "orgs.tier", "orgs.sector")
    ) and not (
        key.startswith(
            ("members.occupation.unknown.", "members.occupation.working.", "members.academic.unknown")
        )
        or key.endswith(".unknown")
    )


def vn_date(d: dt.date) -> str:
    """A date as Vietnamese administrative texts write it: a day under 10 and the months 1 and 2
    with a leading zero (01/01/2020, 15/4/2023, 31/3/2026)."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{d.day:02d}/{month}/{d.year}"


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _shares(parts: dict[str, int]) -> dict[str, float]:
    """R6: the parts of one whole rounded together, as fractions (the sheet's number format)."""
    keys = [k for k in parts]
    total = sum(parts.values())
    if not total:
        return {k: 0.0 for k in keys}
    return {
        k: round(s / 100, 4) for k, s in zip(keys, largest_remainder([parts[k] for k in keys]), strict=True)
    }


def summary_rows(
    o: dict[str, Any], ethnic: list[str], orgs_base: str = "tổ chức trong danh mục"
) -> dict[tuple[str, str], tuple[Any, Any, Any]]:
    """Sections A–B of `Tổng hợp`: (heading, label) → (count, share, base); `orgs_base` the words
    of section A's base (a ward's run with a registry: "tổ chức trong danh mục")."""
    rows: dict[tuple[str, str], tuple[Any, Any, Any]] = {}
    reg, total = o["orgs.registered"], o["members.total"]
    obase, mbase = f"{orgs_base} ({reg})", f"tổng số đảng viên ({vn(total)})"
    # The count has no base column: a base other than the registry's is in its words (review317).
    orgs_total = "Tổng số tổ chức đảng trực thuộc"
    if orgs_base != "tổ chức trong danh mục":
        orgs_total += " " + orgs_base.removeprefix("tổ chức ")
    rows[("A", orgs_total)] = (reg, None, None)
    rows[("A", "Đã nộp số liệu")] = (
        o["orgs.submitted"],
        _shares({"a": o["orgs.submitted"], "b": reg - o["orgs.submitted"]})["a"],
        obase,
    )
    rows[("A", "Được tổng hợp (số liệu không có lỗi)")] = (
        o["orgs.consolidated"],
        _shares({"a": o["orgs.consolidated"], "b": reg - o["orgs.consolidated"]})["a"],
        obase,
    )

    def whole(heading: str, parts: dict[str, int], base: str) -> dict[str, float]:
        sh = _shares(parts)
        for label, n in parts.items():
            rows[(heading, label)] = (n, sh[label], base)
        return sh

    whole("Chia theo cấp tổ chức", {w: o.get(f"orgs.tier.{c}", 0) for w, c in TIERS.items()}, obase)
    whole("Chia theo khối", {w: o.get(f"orgs.sector.{c}", 0) for w, c in SECTORS.items()}, obase)
    rows[("B", "Tổng số đảng viên")] = (total, None, None)
    whole(
        "B", {"Đảng viên chính thức": o["members.full"], "Đảng viên dự bị": o["members.probationary"]}, mbase
    )
    whole("Giới tính", {"Nam": o["members.gender.male"], "Nữ": o["members.gender.female"]}, mbase)
    groups = {w: o.get(f"members.ethnicity.{i + 1:02d}", 0) for i, w in enumerate(ethnic)}
    sh = _shares(groups)
    rows[("Dân tộc", "Kinh")] = (groups["Kinh"], sh["Kinh"], mbase)
    minority = [w for w in ethnic[1:] if groups[w]]
    rows[("Dân tộc", "Dân tộc thiểu số")] = (
        o["members.ethnic_minority"],
        round(sum(sh[w] for w in minority), 4),
        mbase,
    )
    for w in minority:
        rows[("Dân tộc", w)] = (groups[w], sh[w], mbase)
    rel = {w: o.get(f"members.religion.{c}", 0) for w, c in RELIGIONS.items()}
    sh = _shares(rel)
    rows[("Tôn giáo", "Không theo tôn giáo")] = (rel["Không"], sh["Không"], mbase)
    present = [w for w in RELIGIONS if w != "Không" and rel[w]]
    rows[("Tôn giáo", "Theo tôn giáo")] = (
        o["members.religious"],
        round(sum(sh[w] for w in present), 4),
        mbase,
    )
    for w in present:
        rows[("Tôn giáo", w)] = (rel[w], sh[w], mbase)
    whole(
        "Độ tuổi (nhóm tuổi của báo cáo)",
        {lab: o[f"members.age_report.{k}"] for k, lab, *_ in REPORT_BANDS},
        mbase,
    )
    whole(
        "Độ tuổi (nhóm tuổi thống kê)",
        {lab: o[f"members.age_official.{k}"] for k, lab, *_ in OFFICIAL_BANDS},
        mbase,
    )
    rows[("Độ tuổi (nhóm tuổi thống kê)", "Tuổi bình quân")] = (o["members.age_mean"], None, None)
    whole("Thời gian kết nạp vào Đảng", {lab: o[f"members.era.{k}"] for k, lab, *_ in ERAS}, mbase)
    whole(
        "Trình độ giáo dục phổ thông",
        {w: o.get(f"members.gen_edu.{c}", 0) for w, c in GEN_EDU.items()},
        mbase,
    )
    sh = whole("Trình độ chuyên môn", {w: o.get(f"members.prof.{c}", 0) for w, c in PROF.items()}, mbase)
    up = list(PROF)[2:]
    rows[("Trình độ chuyên môn", "Cộng: từ trung cấp trở lên")] = (
        o["members.prof.intermediate_plus"],
        round(sum(sh[w] for w in up), 4),
        mbase,
    )
    rows[("Trình độ chuyên môn", "Trong đó: đại học trở lên")] = (
        o["members.prof.university_plus"],
        round(sum(sh[w] for w in up[2:]), 4),
        mbase,
    )
    sh = whole("Lý luận chính trị", {w: o.get(f"members.theory.{c}", 0) for w, c in THEORY.items()}, mbase)
    rows[("Lý luận chính trị", "Cộng: cao cấp, cử nhân")] = (
        o["members.theory.advanced_bachelor"],
        round(sh["Cao cấp"] + sh["Cử nhân"], 4),
        mbase,
    )
    whole("Nghề nghiệp", {w: o.get(f"members.occupation.{c}", 0) for w, c in OCCUPATIONS.items()}, mbase)
    whole(
        "Nhóm nghề nghiệp",
        {lab: o.get(f"members.occupation_group.{c}", 0) for c, lab in GROUP_LABELS.items()},
        mbase,
    )
    for label, key in (
        ("Phó Giáo sư", "academic.associate_professor"),
        ("Giáo sư", "academic.professor"),
        ("Đoàn viên Đoàn TNCS Hồ Chí Minh", "youth_union"),
        ("Chủ doanh nghiệp tư nhân", "private_owner"),
        ("Có quan hệ hôn nhân với người nước ngoài", "foreign_marriage"),
    ):
        n = o.get(f"members.{key}", 0)
        rows[("Học hàm và các đặc điểm khác", label)] = (n, _shares({"a": n, "b": total - n})["a"], mbase)
    h = "Miễn, tạm miễn công tác và sinh hoạt đảng; đi làm ăn xa"
    ex = o["members.exempt"]
    rows[(h, "Được miễn, tạm miễn công tác và sinh hoạt đảng")] = (
        ex,
        _shares({"a": ex, "b": total - ex})["a"],
        mbase,
    )
    ebase = f"đảng viên được miễn, tạm miễn ({vn(ex)})"
    reasons = {w: o.get(f"members.exempt_reason.{c}", 0) for w, c in REASONS.items()}
    if o.get("members.exempt_reason.unknown"):  # its line only when there are any (l. 2969–2974)
        reasons[UNKNOWN_REASON] = o["members.exempt_reason.unknown"]
    sh = _shares(reasons)
    rows[(h, "Miễn công tác và sinh hoạt đảng (tuổi cao, sức khỏe yếu)")] = (
        o["members.exempt.full"],
        sh["Tuổi cao, sức khỏe yếu"],
        ebase,
    )
    temp = [w for w in reasons if w != "Tuổi cao, sức khỏe yếu"]
    rows[(h, "Tạm miễn công tác và sinh hoạt đảng")] = (
        o["members.exempt.temporary"],
        round(sum(sh[w] for w in temp), 4),
        ebase,
    )
    for w in temp:
        rows[(h, w)] = (reasons[w], sh[w], ebase)
    wa = o["members.working_away"]
    rows[(h, "Đi làm ăn xa")] = (wa, _shares({"a": wa, "b": total - wa})["a"], mbase)
    return rows


def _sheet(workbook: Path, name: str) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(workbook, data_only=True, read_only=True)
    try:
        return [tuple(r) for r in wb[name].iter_rows(values_only=True)]
    finally:
        wb.close()


def compare_summary_sheet(
    workbook: Path,
    o: dict[str, Any],
    ethnic: list[str],
    start: dt.date,
    cutoff: dt.date,
    orgs_base: str = "tổ chức trong danh mục",
) -> list[str]:
    out: list[str] = []
    cells = _sheet(workbook, "Tổng hợp")
    want = summary_rows(o, ethnic, orgs_base)
    seen: set[tuple[str, str]] = set()
    heading = ""
    section = ""
    i = 0
    while i < len(cells):
        r = cells[i]
        label = text(r[0]) if r else None
        if label is None:
            i += 1
            continue
        if re.match(r"[A-E]\. ", label):
            section = heading = label[0]
            if section in "CDE":
                out += _compare_years(cells, i + 1, section, o, start, cutoff)
            i += 1
            continue
        if section in ("A", "B"):
            if r[1] is None:
                heading = label
            else:
                got = (r[1], None if r[2] in (None, "") else round(float(r[2]), 4), r[3])
                exp = want.get((heading, label))
                seen.add((heading, label))
                if exp is None:
                    out.append(f"Tổng hợp row {i + 1} ({heading} / {label}): no oracle line; cells {got}")
                elif got != exp:
                    out.append(f"Tổng hợp row {i + 1} ({heading} / {label}): cells {got}; oracle {exp}")
        i += 1
    for key in want:
        if key not in seen and want[key][0]:
            out.append(f"Tổng hợp: oracle line {key} = {want[key]} not on the sheet")
    return out


def year_columns(start: dt.date, cutoff: dt.date) -> list[int]:
    return list(range(start.year, cutoff.year + 1))


def whole_years(start: dt.date, cutoff: dt.date) -> list[int]:
    """R11: the years the period holds whole (the 'Tổng' of target and rate)."""
    return [y for y in year_columns(start, cutoff) if (y > start.year or (start.month, start.day) == (1, 1))
            and (y < cutoff.year or (cutoff.month, cutoff.day) == (12, 31))]  # fmt: skip


def change_rows(o: dict[str, Any], start: dt.date, cutoff: dt.date) -> dict[str, list[Any]]:
    """Section C of `Tổng hợp` and `Biến động theo năm`: label → each year's figure, then Tổng."""
    ys = year_columns(start, cutoff)
    full = whole_years(start, cutoff)

    def fam(f: str) -> list[Any]:
        return [o.get(f"changes.{f}.{y}", 0) for y in ys] + [o.get(f"changes.{f}.total", 0)]

    rows = {
        "Kết nạp đảng viên (kết nạp, kết nạp lại)": fam("admissions"),
        "Kết nạp": fam("admitted"),
        "Kết nạp lại": fam("readmitted"),
        "Phục hồi đảng tịch": fam("restored"),
        "Chuyển đến": fam("transfer_in"),
        "Chuyển đến trong Đảng bộ phường": fam("transfer_in_internal"),
        "Chuyển đi": fam("transfer_out"),
        "Chuyển đi trong Đảng bộ phường": fam("transfer_out_internal"),
        "Từ trần": fam("died"),
        "Xóa tên": fam("struck_off"),
        "Khai trừ": fam("expelled"),
        "Xin ra khỏi Đảng": fam("resigned"),
        "Đưa ra khỏi Đảng (xóa tên, khai trừ, xin ra khỏi Đảng)": fam("removed"),
    }
    for w, c in GROUNDS.items():
        rows[w] = [None] * len(ys) + [o.get(f"changes.strike_ground.{c}", 0)]
    q = (cutoff.month - 1) // 3 + 1
    roman = ("I", "II", "III", "IV")
    for n in range(1, q + 1):
        if dt.date(cutoff.year, 3 * n, 28) >= start:
            rows[f"Trong đó kết nạp quý {roman[n - 1]}/{cutoff.year}"] = [None] * (len(ys) - 1) + [
                o.get(f"changes.admissions.q{n}", 0),
                None,
            ]
    tot = sum(o.get(f"targets.{y}", 0) for y in full)
    span = f"{full[0]}–{full[-1]}" if full else ""
    rows[f"Chỉ tiêu kết nạp được giao (cột Tổng: {span})"] = [o.get(f"targets.{y}", 0) for y in ys] + [tot]
    adm = sum(o.get(f"changes.admissions.{y}", 0) for y in full)
    rows[f"Tỷ lệ kết nạp đạt so với chỉ tiêu (cột Tổng: {span})"] = [
        o.get(f"targets.rate.{y}") for y in ys
    ] + [half_up(Decimal(adm) / tot, "0.0001") if tot else None]
    return rows


def rating_rows(o: dict[str, Any], start: dt.date, cutoff: dt.date) -> dict[int, dict[str, Any]]:
    """Section D / `Xếp loại theo năm`: each year's counts and shares over the rated; the cut-off's
    unfinished year (and any year all of whose cells are 0) empty (R11)."""
    out: dict[int, dict[str, Any]] = {}
    for y in year_columns(start, cutoff):
        counts = {k: o.get(f"ratings.{y}.{k}", 0) for k in RATINGS.values()}
        if not any(counts.values()):
            out[y] = {}
            continue
        rated = {k: counts[k] for k in ("excellent", "good", "pass", "fail")}
        sh = _shares(rated)
        out[y] = {**counts, "rated": sum(rated.values()), "good_plus": rated["excellent"] + rated["good"],
                  "share": sh, "good_plus_share": round(sh["excellent"] + sh["good"], 4)}  # fmt: skip
    return out


def _compare_years(
    cells: list[tuple[Any, ...]], top: int, section: str, o: dict[str, Any], start: dt.date, cutoff: dt.date
) -> list[str]:
    """Sections C–E of `Tổng hợp`, from the row under their heading to the next blank row."""
    out: list[str] = []
    ys = year_columns(start, cutoff)
    n = len(ys)
    header = cells[top]
    if [str(v).split(" ")[0] for v in header[1 : n + 1]] != [str(y) for y in ys]:
        out.append(f"Tổng hợp section {section}: year header {header[1 : n + 1]}")
    body = []
    for r in cells[top + 1 :]:
        if not r or text(r[0]) is None:
            break
        body.append(r)
    if section == "C":
        want = change_rows(o, start, cutoff)
        for r in body[:-1]:  # the last is the note
            label = str(text(r[0]))
            got = [None if v in (None, "") else v for v in r[1 : n + 2]]
            if label not in want:
                out.append(f"Tổng hợp C: no oracle row {label!r}: {got}")
            elif got != want[label]:
                out.append(f"Tổng hợp C {label}: cells {got}; oracle {want[label]}")
    elif section == "D":
        rr = rating_rows(o, start, cutoff)
        labels = {v: k for k, v in RATINGS.items()}
        share_part = False
        for r in body:
            label = str(text(r[0]))
            got = [None if v in (None, "") else v for v in r[1 : n + 1]]
            if label.startswith("Tỷ lệ"):
                share_part = True
                continue
            if label == "Cộng số đảng viên được xếp loại":
                exp = [rr[y].get("rated") for y in ys]
            elif label == "Từ hoàn thành tốt nhiệm vụ trở lên":
                exp = [rr[y].get("good_plus_share") for y in ys]
            else:
                key = RATINGS.get(label, "?")
                exp = [
                    (rr[y]["share"].get(key) if share_part else rr[y].get(key)) if rr[y] else None for y in ys
                ]
                if share_part and key == "not_rated":
                    continue
            got = [None if v is None else (round(v, 4) if isinstance(v, float) else v) for v in got]
            if got != exp:
                out.append(
                    f"Tổng hợp D {'share ' if share_part else ''}{label} ({labels.get(label, '')}): "
                    f"cells {got}; oracle {exp}"
                )
    elif section == "E":
        for r in body:
            label = str(text(r[0]))
            got = [None if v in (None, "") else v for v in r[1 : n + 2]]
            if label in TRAINING:
                k = TRAINING[label]
                col = [o.get(f"training.{y}.{k}", 0) for y in ys]
                exp: list[Any] = [*col, sum(col)]
            elif label == "Tỷ lệ đảng viên mới hoàn thành lớp bồi dưỡng":
                tr = [o.get(f"training.{y}.new_members_trained", 0) for y in ys]
                co = [o.get(f"training.{y}.new_members_completed", 0) for y in ys]
                tr.append(sum(tr))
                co.append(sum(co))
                exp = [half_up(Decimal(c) / t, "0.0001") if t else None for c, t in zip(co, tr, strict=True)]
                got = [None if v is None else round(v, 4) for v in got]
            else:
                exp = ["?"]
            if got != exp:
                out.append(f"Tổng hợp E {label}: cells {got}; oracle {exp}")
    return out


def compare_changes_sheet(workbook: Path, o: dict[str, Any], start: dt.date, cutoff: dt.date) -> list[str]:
    out = []
    cells = _sheet(workbook, "Biến động theo năm")
    want = change_rows(o, start, cutoff)
    n = len(year_columns(start, cutoff))
    top = next(i for i, r in enumerate(cells) if text(r[0]) == "Loại biến động")
    seen = set()
    for i, r in enumerate(cells[top + 1 :], start=top + 2):
        label = text(r[0])
        if label is None or label.startswith(("Lý do xóa tên:", "Lập lúc")) or len(label) > 90:
            continue
        got = [None if v in (None, "") else v for v in r[1 : n + 2]]
        seen.add(label)
        if want.get(label) != got:
            out.append(f"Biến động theo năm row {i} {label}: cells {got}; oracle {want.get(label)}")
    out += [f"Biến động theo năm: oracle row {k!r} missing" for k in want if k not in seen]
    return out


def compare_ratings_sheet(workbook: Path, o: dict[str, Any], start: dt.date, cutoff: dt.date) -> list[str]:
    out = []
    cells = _sheet(workbook, "Xếp loại theo năm")
    rr = rating_rows(o, start, cutoff)
    top = next(i for i, r in enumerate(cells) if text(r[0]) == "Năm") + 2
    for y, r in zip(year_columns(start, cutoff), cells[top:], strict=False):
        if str(r[0]).split(" ")[0] != str(y):
            out.append(f"Xếp loại theo năm: row {r[0]!r} for year {y}")
            continue
        f = rr[y]
        if f:
            exp: list[Any] = []
            for k in ("excellent", "good", "pass", "fail"):
                exp += [f[k], f["share"][k]]
            exp += [f["not_rated"], f["rated"], f["good_plus"], f["good_plus_share"]]
        else:
            exp = [None] * 12
        got = [None if v in (None, "") else (round(v, 4) if isinstance(v, float) else v) for v in r[1:13]]
        if got != exp:
            out.append(f"Xếp loại theo năm {y}: cells {got}; oracle {exp}")
    return out


BY_ORG = (
    ("Tổng số đảng viên", "members.total"),
    ("Chính thức", "members.full"),
    ("Dự bị", "members.probationary"),
    ("Nam", "members.gender.male"),
    ("Nữ", "members.gender.female"),
    ("Dưới 30 tuổi", "members.age_report.lt30"),
    ("Từ 30 đến 50 tuổi", "members.age_report.30_50"),
    ("Trên 50 tuổi", "members.age_report.gt50"),
    ("Dân tộc thiểu số", "members.ethnic_minority"),
    ("Theo tôn giáo", "members.religious"),
    ("Đoàn viên TNCS Hồ Chí Minh", "members.youth_union"),
    ("Trung học phổ thông", "members.gen_edu.upper_secondary"),
    ("Đại học trở lên", "members.prof.university_plus"),
    ("Miễn công tác và sinh hoạt đảng", "members.exempt.full"),
    ("Tạm miễn công tác và sinh hoạt đảng", "members.exempt.temporary"),
    ("Kết nạp đảng viên (kết nạp, kết nạp lại) từ {s}", "changes.admissions.total"),
    ("Đưa ra khỏi Đảng từ {s}", "changes.removed.total"),
    ("Chuyển đến (ngoài phường) từ {s}", "changes.transfer_in.total"),
    ("Chuyển đi (ngoài phường) từ {s}", "changes.transfer_out.total"),
    ("Chuyển đến trong Đảng bộ phường từ {s}", "changes.transfer_in_internal.total"),
    ("Chuyển đi trong Đảng bộ phường từ {s}", "changes.transfer_out_internal.total"),
)


def compare_by_org(
    workbook: Path,
    orgs: dict[str, Org],
    ward: dict[str, Any],
    ethnic: list[str],
    start: dt.date,
    cutoff: dt.date,
) -> list[str]:
    """R12: each organisation's row, and the total row equal to the ward's figures."""
    out = []
    cells = _sheet(workbook, "Theo tổ chức")
    top = next(i for i, r in enumerate(cells) if text(r[0]) == "Mã tổ chức")
    header = [text(v) for v in cells[top]]
    s = vn_date(start)
    want_header = ["Mã tổ chức", "Tên tổ chức đảng", "Cấp tổ chức", "Khối", "Trạng thái"] + [
        h.format(s=s) for h, _ in BY_ORG
    ]
    if header[: len(want_header)] != want_header:
        out.append(f"Theo tổ chức header {header}; oracle {want_header}")
    rows = {text(r[0]): r for r in cells[top + 1 :] if text(r[0])}
    for code, org in orgs.items():
        r = rows.get(code)
        if r is None:
            out.append(f"Theo tổ chức: no row of {code}")
            continue
        f = figures([org], ethnic, start, cutoff) if org.file else {}
        exp = [code, org.name, org.tier, org.sector, "Đã tổng hợp" if org.file else "Chưa nộp"]
        exp += [f.get(k, 0) for _, k in BY_ORG]
        got = list(r[: len(exp)])
        if got != exp:
            diff = [(h, g, e) for h, g, e in zip(want_header, got, exp, strict=True) if g != e]
            out.append(f"Theo tổ chức {code}: {diff}")
    total = next((r for k, r in rows.items() if k and k.startswith("Cộng")), None)
    if total is None:
        out.append("Theo tổ chức: no total row")
    else:
        got = list(total[5 : 5 + len(BY_ORG)])  # headers below with the run's start written in
        exp = [ward.get(k, 0) for _, k in BY_ORG]
        if got != exp:
            out.append(
                "Theo tổ chức total row: "
                f"{[(h.format(s=s), g, e) for (h, _), g, e in zip(BY_ORG, got, exp, strict=True) if g != e]}"
            )
    return out


# --------------------------------------------------------------------------------------------
# The report paragraph (R13)

NUM = r"(\d{1,3}(?:\.\d{3})+|\d+)"
PCT = r"(\d+(?:,\d+)?)%"
YEAR = r"năm (\d{4})(?: \(từ ngày [\d/]+\))?: "  # a first year the period starts inside says so


def n_of(s: str) -> int:
    return int(s.replace(".", ""))


def pct_of(s: str) -> float:
    return float(s.replace(",", "."))


def prose(share: float) -> str:
    """A fraction as the report prints it: two decimals at most, no trailing zeros, comma."""
    s = f"{half_up(Decimal(str(share)) * 100, '0.01'):.2f}".rstrip("0").rstrip(".")
    return s.replace(".", ",")


def pct(n: int, base: int) -> float:
    return half_up(Decimal(n) * 100 / Decimal(base), "0.01")


def report_text(workbook: Path) -> str:
    return "\n".join(str(r[0]) for r in _sheet(workbook, "Báo cáo") if r and r[0] is not None)


class Claims:
    """Each check consumes the numbers it reads; any number left over is one no check named."""

    def __init__(self, text_: str) -> None:
        self.text = text_
        self.used = [False] * len(text_)
        self.diffs: list[str] = []

    def find(self, pattern: str, what: str) -> re.Match[str] | None:
        m = re.search(pattern, self.text)
        if m is None:
            self.diffs.append(f"report: no {what} (/{pattern}/)")
            return None
        for g in range(1, (m.lastindex or 0) + 1):
            if m.start(g) >= 0:
                for k in range(m.start(g), m.end(g)):
                    self.used[k] = True
        return m

    def all(self, pattern: str) -> list[re.Match[str]]:
        ms = list(re.finditer(pattern, self.text))
        for m in ms:
            for g in range(1, (m.lastindex or 0) + 1):
                if m.start(g) >= 0:
                    for k in range(m.start(g), m.end(g)):
                        self.used[k] = True
        return ms

    def eq(self, what: str, got: Any, want: Any) -> None:
        if got != want:
            self.diffs.append(f"report {what}: prints {got}; oracle {want}")

    def leftovers(self) -> list[str]:
        out = []
        for m in re.finditer(r"\d+(?:[.,/]\d+)*%?", self.text):
            s = m.group()
            if any(self.used[m.start() : m.end()]):
                continue
            if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}|(19|20)\d\d|\d{1,2}/\d{1,2}|I+/\d{4}", s):
                continue  # a date or a year
            ctx = self.text[max(0, m.start() - 40) : m.end() + 10].replace("\n", " ")
            if re.match(r"( đến \d+)? tuổi", self.text[m.end() :]):
                continue  # an age band's label
            if re.search(
                r"(quý [IV]+/|ngày|Biểu) ?$", self.text[max(0, m.start() - 12) : m.start()]
            ) and re.fullmatch(r"\d+(/\d+)*", s):
                continue
            out.append(f"report: number {s!r} checked by no claim: …{ctx}…")
        return out


def compare_report(
    txt: str,
    o: dict[str, Any],
    ethnic: list[str],
    start: dt.date,
    cutoff: dt.date,
    prev: dict[str, Any] | None,
    flows: tuple[int, int, int, int] | None,
    in_transit: tuple[tuple[int, int], tuple[int, int]] | None = None,
) -> list[str]:
    c = Claims(txt)
    rows = summary_rows(o, ethnic)
    shares = {(h.casefold(), lab.casefold()): v for (h, lab), v in rows.items()}
    # organisations and members
    m = c.find(
        r"có "
        + NUM
        # a run without a registry says which organisations these are (review317)
        + r" tổ chức đảng(?: [^,]+)?, trong đó có "
        + NUM
        + r" đảng bộ cơ sở, "
        + NUM
        + r" chi bộ cơ sở, "
        + NUM
        + " chi bộ trực thuộc",
        "organisations",
    )
    if m:
        c.eq(
            "organisations",
            [n_of(g) for g in m.groups()],
            [o["orgs.registered"], *(o.get(f"orgs.tier.{t}", 0) for t in TIERS.values())],
        )
    sectors = re.search(r"Theo khối: [^.]*\.", txt)
    for mm in re.finditer(
        r"(?:Theo khối: |; )([^;:.\n]+?) " + NUM + r" tổ chức", sectors.group() if sectors else ""
    ):
        at = txt.find(mm.group(0))
        for k in range(at + mm.start(2) - mm.start(), at + mm.end(2) - mm.start()):
            c.used[k] = True
        label = next((w for w in SECTORS if w.casefold() == mm.group(1).casefold()), None)
        c.eq(f"sector {mm.group(1)}", n_of(mm.group(2)), o.get(f"orgs.sector.{SECTORS.get(str(label), '?')}"))
    m = c.find(
        r"Tổng số đảng viên của Đảng bộ là "
        + NUM
        + r" đồng chí; trong đó đảng viên chính thức là "
        + NUM
        + r" đồng chí, đảng viên dự bị là "
        + NUM,
        "members",
    )
    if m:
        c.eq(
            "members",
            [n_of(g) for g in m.groups()],
            [o["members.total"], o["members.full"], o["members.probationary"]],
        )
    m = c.find(r"tỷ lệ tính trên tổng số đảng viên, " + NUM + " đồng chí", "structure base")
    if m:
        c.eq("structure base", n_of(m.group(1)), o["members.total"])
    # structure: "heading: label x%; label y%."
    headings = {
        "trình độ giáo dục phổ thông": "trình độ giáo dục phổ thông",
        "trình độ chuyên môn": "trình độ chuyên môn",
        "lý luận chính trị": "lý luận chính trị",
        "giới tính": "giới tính",
        "độ tuổi": "độ tuổi (nhóm tuổi của báo cáo)",
        "nghề nghiệp": "nhóm nghề nghiệp",
    }
    alias = {
        "từ trung cấp trở lên": "cộng: từ trung cấp trở lên",
        "trong đó đại học trở lên": "trong đó: đại học trở lên",
        "cao cấp, cử nhân": "cộng: cao cấp, cử nhân",
        "đảng viên là cán bộ, công chức, viên chức": "cán bộ, công chức, viên chức",
    }
    for sentence in re.split(r"(?<=\.)\s+|\n", txt):
        for h, sheet_h in headings.items():
            mm = re.match(r"(?:.*?: )?" + re.escape(h.capitalize()) + r": (.*)", sentence)
            if not mm or "%" not in sentence:
                continue
            for part in re.finditer(r"(?:^|; |: |, (?=trong đó))(?:cụ thể: )?([^;:%]+?) " + PCT, mm.group(1)):
                label = part.group(1).casefold().strip()
                label = alias.get(label, label)
                key = (sheet_h, label)
                if key not in shares:
                    c.diffs.append(f"report {h}: no oracle line {label!r}")
                    continue
                c.eq(f"{h} {label}", part.group(2), prose(shares[key][1]))
                at = txt.find(part.group(0))
                if at >= 0:
                    s0 = at + part.group(0).rfind(part.group(2))
                    for k in range(s0, s0 + len(part.group(2))):
                        c.used[k] = True
    m = c.find(r"tuổi bình quân (\d+(?:,\d)?)", "age mean")
    if m:
        c.eq("age mean", pct_of(m.group(1)), o["members.age_mean"])
    # ethnicity, religion
    m = c.find(
        r"có "
        + NUM
        + r" đồng chí là người dân tộc thiểu số \("
        + PCT
        + r" tổng số đảng viên\), gồm: ([^.]*)\.",
        "minorities",
    )
    if m:
        c.eq("minorities", n_of(m.group(1)), o["members.ethnic_minority"])
        c.eq("minorities %", m.group(2), prose(rows[("Dân tộc", "Dân tộc thiểu số")][1]))
        c.eq(
            "minorities % of the printed counts",
            pct_of(m.group(2)),
            pct(n_of(m.group(1)), o["members.total"]),
        )
        for g in c.all(r"(?:gồm: |; )([^;:]+?) " + NUM + " đồng chí(?=[;.])"):
            if g.group(1) in ethnic:
                c.eq(
                    f"ethnic {g.group(1)}",
                    n_of(g.group(2)),
                    o.get(f"members.ethnicity.{ethnic.index(g.group(1)) + 1:02d}"),
                )
            elif g.group(1).capitalize() in RELIGIONS or g.group(1) in RELIGIONS:
                w = g.group(1) if g.group(1) in RELIGIONS else g.group(1).capitalize()
                c.eq(f"religion {w}", n_of(g.group(2)), o.get(f"members.religion.{RELIGIONS[w]}"))
    m = c.find(r"có " + NUM + r" đồng chí theo tôn giáo \(" + PCT + r" tổng số đảng viên\)", "religious")
    if m:
        c.eq("religious", n_of(m.group(1)), o["members.religious"])
        c.eq("religious %", m.group(2), prose(rows[("Tôn giáo", "Theo tôn giáo")][1]))
        c.eq(
            "religious % of the printed counts", pct_of(m.group(2)), pct(n_of(m.group(1)), o["members.total"])
        )
    # exemptions
    m = c.find(
        r"có "
        + NUM
        + r" đồng chí được miễn, tạm miễn công tác và sinh hoạt đảng \("
        + PCT
        + r" tổng số đảng viên\): "
        + NUM
        + r" đồng chí được miễn công tác và sinh hoạt đảng \(tuổi cao, sức khỏe yếu\); "
        + NUM
        + " đồng chí được tạm miễn",
        "exemptions",
    )
    if m:
        c.eq(
            "exempt",
            [n_of(m.group(1)), n_of(m.group(3)), n_of(m.group(4))],
            [o["members.exempt"], o["members.exempt.full"], o["members.exempt.temporary"]],
        )
        c.eq("exempt %", pct_of(m.group(2)), pct(n_of(m.group(1)), o["members.total"]))
        end = txt.find(". ", m.end())
        for g in re.finditer(r"(?:gồm: |; )([a-zđ][^;:]+?) " + NUM + r" đồng chí(?=[;.])", txt[: end + 1]):
            if g.start() < m.start():
                continue
            for k in range(g.start(2), g.end(2)):
                c.used[k] = True
            w = next((w for w in (*REASONS, UNKNOWN_REASON) if w.casefold() == g.group(1).casefold()), None)
            code = REASONS.get(str(w), "unknown")
            if w is None:
                c.diffs.append(f"report: an exemption reason the oracle does not know: {g.group(1)!r}")
            else:
                c.eq(f"reason {w}", n_of(g.group(2)), o[f"members.exempt_reason.{code}"])
    m = c.find(r"Số đảng viên đi làm ăn xa là " + NUM + r" đồng chí \(" + PCT, "working away")
    if m:
        c.eq("working away", n_of(m.group(1)), o["members.working_away"])
        c.eq("working away %", pct_of(m.group(2)), pct(n_of(m.group(1)), o["members.total"]))
    # removals
    if "không có đảng viên bị đưa ra khỏi Đảng" in txt:
        c.eq("removed (none)", 0, o["changes.removed.total"])
    m = None
    if o["changes.removed.total"]:
        m = c.find(
            r"đưa ra khỏi Đảng " + NUM + r" đồng chí, gồm: ([^.]*)\. Theo năm: ([^\n]*?)\.(?:\n|$)",
            "removals",
        )
    if m:
        c.eq("removed", n_of(m.group(1)), o["changes.removed.total"])
        parts = dict(
            (k, n_of(v)) for k, v in re.findall(r"(xóa tên|khai trừ|xin ra khỏi Đảng) " + NUM, m.group(2))
        )
        c.all(r"(?:gồm: |; )(?:xóa tên|khai trừ|xin ra khỏi Đảng) " + NUM)
        want = {
            k: o[f"changes.{f}.total"]
            for k, f in (
                ("xóa tên", "struck_off"),
                ("khai trừ", "expelled"),
                ("xin ra khỏi Đảng", "resigned"),
            )
            if o[f"changes.{f}.total"]
        }
        c.eq("removal kinds", parts, want)
        g = re.search(r"(chủ yếu|đều) do ([^(]+?) \(" + NUM, m.group(2))
        if g:
            c.all(r"(?:chủ yếu|đều) do [^(]+? \(" + NUM)
            w = next((w for w in GROUNDS if w.casefold() == g.group(2).casefold()), "?")
            n = o.get(f"changes.strike_ground.{GROUNDS.get(w)}", -1)
            c.eq(f"ground {w}", n_of(g.group(3)), n)
            st = o["changes.struck_off.total"]
            if (g.group(1) == "đều") != (n == st) or not 2 * n > st:
                c.diffs.append(f"report: '{g.group(1)} do' of {n} of {st} struck off")
        yearly = {int(y): n_of(v) for y, v in re.findall(r"năm (\d{4}): " + NUM, m.group(3))}
        c.all(r"Theo năm: (?:năm \d{4}: " + NUM + r"; )*")
        c.all(r"năm \d{4}: " + NUM + r"(?=[;.])")
        c.eq("removed by year", yearly, {y: o[f"changes.removed.{y}"] for y in year_columns(start, cutoff)})
    m = c.find(
        r"từ trần "
        + NUM
        + r" đồng chí; chuyển đến "
        + NUM
        + r" đồng chí; chuyển đi "
        + NUM
        + r" đồng chí(?:; phục hồi đảng tịch "
        + NUM
        + ")?",
        "flows",
    )
    if m:
        c.eq(
            "died, in, out, restored",
            [n_of(g or "0") for g in m.groups()],
            [
                o["changes.died.total"],
                o["changes.transfer_in.total"],
                o["changes.transfer_out.total"],
                o["changes.restored.total"],
            ],
        )
    if in_transit is not None:  # the forms oracle's Biểu 1 (hunt261): in transit = B.2/C.5 less a and b
        out_, in_ = in_transit
        m = re.search(r"Ngoài ra, " + NUM + r" đồng chí chuyển sinh hoạt sang [^“]*“Chuyển đi”: " + NUM, txt)
        got = (n_of(m.group(1)), n_of(m.group(2))) if m else (0, 0)
        c.all(r"Ngoài ra, " + NUM + r" đồng chí chuyển sinh hoạt sang [^“]*“Chuyển đi”: " + NUM)
        c.eq("in transit out (count, C.5)", got, out_ if out_[0] else (0, 0))
        m = re.search(
            r"(?:Ngoài ra, |; )" + NUM + r" đồng chí chuyển đến từ tổ chức khác [^“]*“Chuyển đến”: " + NUM,
            txt,
        )
        got = (n_of(m.group(1)), n_of(m.group(2))) if m else (0, 0)
        c.all(r"(?:Ngoài ra, |; )" + NUM + r" đồng chí chuyển đến từ tổ chức khác [^“]*“Chuyển đến”: " + NUM)
        c.eq("in transit in (count, B.2)", got, in_ if in_[0] else (0, 0))
    # admissions and targets
    m = c.find(
        r"đã kết nạp "
        + NUM
        + r" đảng viên(?: \(trong đó kết nạp lại "
        + NUM
        + r" đồng chí\))?\. Theo năm: ([^\n]*)",
        "admissions",
    )
    if m:
        c.eq("admissions", n_of(m.group(1)), o["changes.admissions.total"])
        c.eq("readmissions", n_of(m.group(2) or "0"), o["changes.readmitted.total"])
        for y, n, rest in re.findall(YEAR + NUM + r" \(([^)]*)\)", m.group(3)):
            y = int(y)
            c.eq(f"admissions {y}", n_of(n), o[f"changes.admissions.{y}"])
            t = re.search(r"chỉ tiêu (?:cả năm )?" + NUM, rest)
            r = re.search(r"đạt " + PCT, rest)
            if rest in ("chưa có chỉ tiêu", "chỉ tiêu bằng 0"):  # no rate: no target, or one typed 0
                c.eq(f"no target {y}", o.get(f"targets.{y}", 0), 0)
            if t and r:
                c.eq(f"target {y}", n_of(t.group(1)), o[f"targets.{y}"])
                c.eq(f"rate {y}", r.group(1), prose(o[f"targets.rate.{y}"]))
                c.eq(f"rate {y} of the printed counts", pct_of(r.group(1)), pct(n_of(n), n_of(t.group(1))))
                c.eq(f"'vượt' {y}", "vượt" in rest, n_of(n) > n_of(t.group(1)))
        target = r"chỉ tiêu (?:cả năm )?" + NUM
        c.all(
            YEAR
            + NUM
            + r" \((?:vượt "
            + target
            + ", đạt "
            + PCT
            + r"|đạt "
            + PCT
            + " "
            + target
            + r"|chưa có chỉ tiêu|chỉ tiêu bằng (0))\)"
        )
    m = c.find(
        r"Riêng quý (I+V?|IV)/(\d{4}) kết nạp được "
        + NUM
        + r" đảng viên mới, đạt tỷ lệ "
        + PCT
        + r" theo chỉ tiêu năm \d{4} \("
        + NUM,
        "quarter",
    )
    if m:
        q = {"I": 1, "II": 2, "III": 3, "IV": 4}[m.group(1)]
        c.eq("quarter admissions", n_of(m.group(3)), o[f"changes.admissions.q{q}"])
        c.eq("quarter target", n_of(m.group(5)), o[f"targets.{cutoff.year}"])
        c.eq(
            "quarter rate of the printed counts", pct_of(m.group(4)), pct(n_of(m.group(3)), n_of(m.group(5)))
        )
    # training
    m = c.find(
        r"số đảng viên mới học lớp bồi dưỡng là "
        + NUM
        + r" đồng chí, số đảng viên mới hoàn thành lớp bồi dưỡng là "
        + NUM
        + r" đồng chí \(đạt "
        + PCT
        + r" số đảng viên mới học lớp\); số quần chúng học lớp nhận thức về Đảng là "
        + NUM,
        "training",
    )
    if m:
        ys = year_columns(start, cutoff)
        want = [
            sum(o[f"training.{y}.{k}"] for y in ys) for k in ("new_members_trained", "new_members_completed")
        ]
        c.eq("training", [n_of(m.group(1)), n_of(m.group(2))], want)
        c.eq("training % of the printed counts", pct_of(m.group(3)), pct(n_of(m.group(2)), n_of(m.group(1))))
        c.eq("candidates", n_of(m.group(4)), sum(o[f"training.{y}.candidates_trained"] for y in ys))
    # ratings
    m = c.find(
        r"năm (\d{4}) \(tỷ lệ tính trên "
        + NUM
        + r" đảng viên được xếp loại\): ([^.]*)\. Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên đạt "
        + PCT
        + r"\. Không xếp loại: "
        + NUM
        + r" đồng chí\. Số đảng viên không hoàn thành nhiệm vụ qua các năm: ([^\n]*?)\.(?:\n|$)",
        "ratings",
    )
    if m:
        y = int(m.group(1))
        rr = rating_rows(o, start, cutoff)[y]
        c.eq(f"rated {y}", n_of(m.group(2)), rr["rated"])
        for lab, p in re.findall(r"([a-zà-ỹ ]+nhiệm vụ) " + PCT, m.group(3)):
            w = lab.strip().capitalize()
            c.eq(f"rating {w}", p, prose(rr["share"][RATINGS[w]]))
        c.all(r"nhiệm vụ " + PCT + r"(?=[;.])")
        c.eq("good plus", m.group(4), prose(rr["good_plus_share"]))
        c.eq("not rated", n_of(m.group(5)), rr["not_rated"])
        fails = {int(a): n_of(b) for a, b in re.findall(r"năm (\d{4}): " + NUM, m.group(6))}
        c.eq("fails by year", fails, {yy: f["fail"] for yy, f in rating_rows(o, start, cutoff).items() if f})
    # last year
    if prev is not None:
        m = c.find(
            r"tổng số đảng viên là "
            + NUM
            + r" đồng chí, (tăng|giảm) "
            + NUM
            + r" đồng chí \("
            + PCT
            + r"\) so với "
            + NUM
            + r" đồng chí; trong đó đảng viên chính thức "
            + NUM
            + r" \(cùng kỳ "
            + NUM
            + r"\); đảng viên dự bị "
            + NUM
            + r" \(cùng kỳ "
            + NUM
            + r"\); đảng viên được miễn, tạm miễn công tác và sinh hoạt đảng "
            + NUM
            + r" \(cùng kỳ "
            + NUM
            + r"\)",
            "comparison",
        )
        if m:
            g = m.groups()
            now, before = n_of(g[0]), n_of(g[4])
            c.eq("comparison now/before", [now, before], [o["members.total"], prev["members.total"]])
            c.eq("comparison direction", g[1], "tăng" if now > before else "giảm")
            c.eq("comparison difference", n_of(g[2]), abs(now - before))
            c.eq("comparison % of the printed counts", pct_of(g[3]), pct(abs(now - before), before))
            c.eq(
                "comparison full/prob/exempt",
                [n_of(x) for x in g[5:]],
                [
                    o["members.full"],
                    prev["members.full"],
                    o["members.probationary"],
                    prev["members.probationary"],
                    o["members.exempt"],
                    prev["members.exempt"],
                ],
            )
        m = c.find(
            r"kết nạp "
            + NUM
            + r" \(cùng kỳ "
            + NUM
            + r"\); đưa ra khỏi Đảng "
            + NUM
            + r" \(cùng kỳ "
            + NUM
            + r"\)",
            "comparison flows",
        )
        if m and flows is not None:
            c.eq("comparison flows", [n_of(x) for x in m.groups()], list(flows))
    return c.diffs + c.leftovers()


def flows(orgs: dict[str, Org], start: dt.date, cutoff: dt.date) -> tuple[int, int]:
    """Admissions and removals (B.1; C.2–C.4) dated inside [start, cutoff]."""
    adm = rem = 0
    for o in orgs.values():
        for e in o.events:
            d = date(e.get("Ngày"))
            if d is None or not start <= d <= cutoff:
                continue
            kind = EVENTS[str(word(e.get("Loại biến động"), EVENTS))]
            adm += kind in ("admitted", "readmitted")
            rem += kind in ("struck_off", "expelled", "resigned")
    return adm, rem


def in_transit(
    folder: Path, start: dt.date, cutoff: dt.date, ethnic: list[str]
) -> tuple[tuple[int, int], tuple[int, int]]:
    """(in transit out, C.5) and (in transit in, B.2) from the forms oracle's Biểu 1."""
    b1 = forms_oracle.forms(forms_oracle.read_ward(folder), start, cutoff, ethnic)["bieu1"]
    return (
        (b1["C.5"] - b1["C.5.a"] - b1["C.5.b"], b1["C.5"]),
        (b1["B.2"] - b1["B.2.a"] - b1["B.2.b"], b1["B.2"]),
    )


def more_mess(folder: Path) -> None:
    """Edges of the member figures `helpers_forms_mess` leaves alone (hunt267), typed into HD05:
    an old-age exemption dated the day after the cut-off (no exemption, R2), one dated on the
    cut-off day, a working-away exemption dated after the cut-off with `Đi làm ăn xa` empty
    (working away all the same, R9), an exemption dated without a reason (temporary, R2), a
    member aged exactly 30 and one 50 at the cut-off (the report bands' edges, R8), a probationary
    member recognised the day after the cut-off (R1)."""
    path = next(folder.glob("HD05_*.xlsx"))
    wb = openpyxl.load_workbook(path)
    ws = wb["Đảng viên"]
    col = {c.value: c.column for c in ws[1] if c.value}
    day = dt.datetime(2026, 3, 31)
    since = "Miễn công tác, sinh hoạt từ ngày"
    edits = (
        {since: day + dt.timedelta(days=1), "Lý do miễn": "Tuổi cao, sức khỏe yếu"},
        {since: day, "Lý do miễn": "tuổi cao, sức khỏe yếu"},
        {since: dt.datetime(2026, 6, 1), "Lý do miễn": "Đi làm ăn, lao động xa", "Đi làm ăn xa": None},
        {since: dt.datetime(2025, 5, 5), "Lý do miễn": None},
        {"Ngày sinh": dt.datetime(1996, 3, 31), "Ngày vào Đảng": dt.datetime(2019, 6, 1),
         "Ngày chính thức": dt.datetime(2020, 6, 1)},  # 30 on the cut-off day
        {"Ngày sinh": dt.datetime(1975, 4, 1)},  # 50 until the day after
        {"Ngày chính thức": day + dt.timedelta(days=1)},
    )  # fmt: skip
    for row, values in enumerate(edits, start=2):
        for k, v in values.items():
            ws.cell(row, col[k]).value = v
    wb.save(path)
