"""An independent oracle of the official forms Biểu 1–4-BTCTW (hunt261).

Reads the branches' raw submission workbooks with openpyxl only (never toolkit's reader,
normaliser or statistics) and computes every row of the four forms by hand from the
definitions of docs/design.md §6 and docs/reference/bieu-mau-btctw.md: the roll at the
cut-off, the changes dated inside the forms' period, ages in whole years, the bands, the eras,
the levels, the occupations (the enterprise lines grouped), the grassroots organisations of
part III, Biểu 4's shares (over the members whose value is known, rounded together by the
largest remainder) and the ratio column (2 × 100 / 3, half up to two decimals).

The row keys are those of the JSON summary's `forms` (its contract, docs/design.md §7); the
labels are the template's own words, mapped here by hand.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl

# The template's words (sheet DanhMuc) → the forms' line keys.
OCCUPATIONS = {
    "Cán bộ, công chức cơ quan Nhà nước (trên cấp xã)": "state_official",
    "Cán bộ, công chức cơ quan Đảng, Mặt trận Tổ quốc, đoàn thể (trên cấp xã)": "party_mass_official",
    "Cán bộ, công chức, người hoạt động không chuyên trách ở xã, phường": "commune_official",
    "Người hoạt động không chuyên trách ở thôn, tổ dân phố": "neighbourhood_part_time",
    "Viên chức trong đơn vị sự nghiệp công lập": "public_employee",
    "Người lao động trong đơn vị sự nghiệp ngoài công lập": "non_public_employee",
    "Người lãnh đạo, quản lý doanh nghiệp": "enterprise_manager",
    "Nhân viên, người lao động gián tiếp trong doanh nghiệp": "enterprise_staff",
    "Công nhân, lao động trực tiếp sản xuất": "production_worker",
    "Người làm nông, lâm, ngư nghiệp": "farmer",
    "Sĩ quan, chiến sĩ quân đội, công an": "armed_forces",
    "Sinh viên": "university_student",
    "Học sinh": "pupil",
    "Khác (lao động hợp đồng, tự do…)": "other",
    "Đã nghỉ hưu, nghỉ công tác": "retired",
}
ENTERPRISE = ("enterprise_manager", "enterprise_staff", "production_worker")
WORKING_ORDER = (
    "state_official",
    "party_mass_official",
    "commune_official",
    "neighbourhood_part_time",
    "public_employee",
    "non_public_employee",
    "enterprise",
    *ENTERPRISE,
    "farmer",
    "armed_forces",
    "university_student",
    "pupil",
    "other",
)
GEN_EDU = {
    "Biết đọc, biết viết chữ quốc ngữ": "literate",
    "Tiểu học": "primary",
    "Trung học cơ sở": "lower_secondary",
    "Trung học phổ thông": "upper_secondary",
}
PROF = {
    "Sơ cấp, công nhân kỹ thuật, nhân viên nghiệp vụ": "elementary",
    "Trung cấp": "intermediate",
    "Cao đẳng": "college",
    "Đại học": "university",
    "Thạc sĩ": "master",
    "Tiến sĩ": "doctor",
}
ACADEMIC = {"Phó Giáo sư": "associate_professor", "Giáo sư": "professor"}
THEORY = {
    "Sơ cấp": "elementary",
    "Trung cấp": "intermediate",
    "Cao cấp": "advanced_bachelor",
    "Cử nhân": "advanced_bachelor",
}
BANDS = (
    ("18_30", 0, 30),
    ("31_35", 31, 35),
    ("36_40", 36, 40),
    ("41_45", 41, 45),
    ("46_50", 46, 50),
    ("51_55", 51, 55),
    ("56_60", 56, 60),
    ("gt60", 61, 10**6),
)
ERAS = (
    ("before_1945", dt.date(1, 1, 1), dt.date(1945, 8, 18)),
    ("1945_1954", dt.date(1945, 8, 19), dt.date(1954, 7, 20)),
    ("1954_1975", dt.date(1954, 7, 21), dt.date(1975, 4, 30)),
    ("from_1975", dt.date(1975, 5, 1), dt.date(9999, 12, 31)),
)
FULL_EXEMPTION = "Tuổi cao, sức khỏe yếu"  # the template's guide: the other reasons are "tạm miễn"
SCOPE = {"Tỉnh, thành phố khác": "a", "Xã, phường khác trong tỉnh": "b", "Trong Đảng bộ phường": "internal"}
GRASSROOTS = {"Đảng bộ cơ sở": "III.1", "Chi bộ cơ sở": "III.2"}

# The "cleaned meaning" of a cell typed by hand (the messy-ward check, step 5 of hunt261).
TEXT_ALIASES = {
    "nam": "Nam",
    "nữ": "Nữ",
    "thpt": "Trung học phổ thông",
    "thcs": "Trung học cơ sở",
}


def text(value: Any) -> str | None:
    if value is None:
        return None
    s = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(value))).strip()
    return s or None


def term(value: Any, words: Any) -> str | None:
    """The template's word a cell means, by case and spacing (None if empty)."""
    s = text(value)
    if s is None:
        return None
    fold = s.casefold()
    if fold in TEXT_ALIASES:
        return TEXT_ALIASES[fold]
    for w in words:
        if w.casefold() == fold:
            return str(w)
    return s


def yes(value: Any) -> bool:
    return term(value, ("Có", "Không")) == "Có"


def date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", s)
    if m:  # Vietnamese order: day, month, year
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    raise ValueError(f"not a date: {value!r}")


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def person_key(name: Any, birth: Any) -> tuple[str, dt.date | None]:
    return (str(text(name)).casefold(), date(birth))


def half_up(x: Decimal, places: str) -> float:
    return float(x.quantize(Decimal(places), rounding=ROUND_HALF_UP))


def ratio(now: Any, before: Any) -> float | None:
    if now is None or before is None or before == 0:
        return None
    return half_up(Decimal(str(now)) * 100 / Decimal(str(before)), "0.01")


def largest_remainder(counts: list[int]) -> list[float]:
    """Shares in hundredths of a percent, rounded together so they add up to exactly 100."""
    total = sum(counts)
    exact = [Decimal(c) * 10000 / Decimal(total) for c in counts]
    floors = [int(e) for e in exact]
    left = 10000 - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [f / 100 for f in floors]


@dataclass
class Ward:
    members: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    orgs: dict[str, dict[str, Any]] = field(default_factory=dict)


COLUMN_WORDS = {
    "Giới tính": ("Nam", "Nữ"),
    "Trình độ giáo dục phổ thông": tuple(GEN_EDU),
    "Nghề nghiệp": tuple(OCCUPATIONS),
}


@functools.cache
def read_ward(folder: Path) -> Ward:
    """Every `.xlsx` submission directly in `folder`, read cell by cell with openpyxl (once per
    folder: the same period last year's files serve both tests; never modified)."""
    ward = Ward()
    for path in sorted(folder.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
        try:
            info = {text(r[0]): r[1] for r in wb["Thông tin"].iter_rows(values_only=True) if r and r[0]}
            code = str(text(info["Mã tổ chức"]))
            ward.orgs[code] = {
                "tier": text(info.get("Cấp tổ chức")),
                "no_candidates_left": yes(info.get("Không còn quần chúng để kết nạp")),
            }
            for sheet, sink in (("Đảng viên", ward.members), ("Biến động", ward.events)):
                rows = wb[sheet].iter_rows(values_only=True)
                header = [text(h) for h in next(rows)]
                for row in rows:
                    rec = {h: v for h, v in zip(header, row, strict=False) if h}
                    if not text(rec.get("Họ và tên")):
                        continue
                    for col, words in COLUMN_WORDS.items():
                        if col in rec:
                            rec[col] = term(rec[col], words)
                    rec["org"] = code
                    sink.append(rec)
        finally:
            wb.close()
    return ward


def ethnic_words(folder: Path) -> list[str]:
    """The template's list of ethnic groups, in official order (code = position)."""
    path = sorted(folder.glob("*.xlsx"))[0]
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        ws = wb["DanhMuc"]
        rows = ws.iter_rows(values_only=True)
        col = [text(h) for h in next(rows)].index("Dân tộc")
        return [str(text(r[col])) for r in rows if r[col] is not None]
    finally:
        wb.close()


def bands(ages: list[int]) -> dict[str, int]:
    out = {}
    for key, lo, hi in BANDS:
        out[key] = sum(1 for a in ages if lo <= a <= hi)
    return out


def mean(ages: list[int]) -> float | None:
    if not ages:
        return None
    return half_up(Decimal(sum(ages)) / Decimal(len(ages)), "0.1")


def forms(ward: Ward, start: dt.date, cutoff: dt.date, ethnic: list[str]) -> dict[str, dict[str, Any]]:
    """Every row of Biểu 1–3 (key → figure) and Biểu 4 (label → (total, women, share))."""
    roll = ward.members
    inside = [e for e in ward.events if (d := date(e.get("Ngày"))) is not None and start <= d <= cutoff]
    kind = lambda e: text(e.get("Loại biến động"))  # noqa: E731

    # --- Biểu 1 -------------------------------------------------------------------------
    b1: dict[str, Any] = {}
    b1["B.1"] = sum(1 for e in inside if kind(e) in ("Kết nạp", "Kết nạp lại"))
    b1["B.3"] = sum(1 for e in inside if kind(e) == "Phục hồi đảng tịch")
    # internal moves: matched one to one (same person, other organisation, other direction)
    ins = [e for e in inside if kind(e) == "Chuyển đến"]
    outs = [e for e in inside if kind(e) == "Chuyển đi"]
    matched: set[int] = set()
    for e in ins:
        if SCOPE.get(str(term(e.get("Phạm vi chuyển"), SCOPE))) != "internal":
            continue
        for o in outs:
            if (
                id(o) not in matched
                and SCOPE.get(str(term(o.get("Phạm vi chuyển"), SCOPE))) == "internal"
                and o["org"] != e["org"]
                and person_key(o["Họ và tên"], o.get("Ngày sinh"))
                == person_key(e["Họ và tên"], e.get("Ngày sinh"))
            ):
                matched |= {id(o), id(e)}
                break
    for rows, key in ((ins, "B.2"), (outs, "C.5")):
        counted = [e for e in rows if id(e) not in matched]
        scopes = Counter(SCOPE.get(str(term(e.get("Phạm vi chuyển"), SCOPE)), "unknown") for e in counted)
        b1[key] = len(counted)
        b1[f"{key}.a"] = scopes["a"]
        b1[f"{key}.b"] = scopes["b"]
    b1["C.1"] = sum(1 for e in inside if kind(e) == "Từ trần")
    b1["C.2"] = sum(1 for e in inside if kind(e) == "Khai trừ")
    struck = [e for e in inside if kind(e) == "Xóa tên"]
    b1["C.3"] = len(struck)
    b1["C.3.probationary"] = sum(1 for e in struck if yes(e.get("Là đảng viên dự bị")))
    b1["C.4"] = sum(1 for e in inside if kind(e) == "Xin ra khỏi Đảng")
    b1["B"] = b1["B.1"] + b1["B.2"] + b1["B.3"]
    b1["C"] = b1["C.1"] + b1["C.2"] + b1["C.3"] + b1["C.4"] + b1["C.5"]
    b1["D"] = len(roll)
    b1["A"] = b1["D"] - b1["B"] + b1["C"]

    # --- Biểu 2 -------------------------------------------------------------------------
    by_person = {person_key(m["Họ và tên"], m.get("Ngày sinh")): m for m in roll}
    admitted = [e for e in inside if kind(e) in ("Kết nạp", "Kết nạp lại")]
    b2: dict[str, Any] = {
        "I": len(admitted),
        "I.readmitted": sum(1 for e in admitted if kind(e) == "Kết nạp lại"),
    }
    people = [by_person.get(person_key(e["Họ và tên"], e.get("Ngày sinh"))) for e in admitted]
    known = [p for p in people if p is not None]
    b2["I.ethnic_minority"] = sum(1 for p in known if text(p.get("Dân tộc")) not in (None, "Kinh"))
    for col, key in (
        ("Đoàn viên Đoàn TNCS Hồ Chí Minh", "I.youth_union"),
        ("Chủ doanh nghiệp tư nhân", "I.private_owner"),
        ("Có quan hệ hôn nhân với người nước ngoài", "I.foreign_marriage"),
    ):
        b2[key] = sum(1 for p in known if yes(p.get(col)))
    b2["I.family_planning"] = None  # not collected by the template
    occ = Counter(OCCUPATIONS.get(str(p.get("Nghề nghiệp"))) for p in known)
    for k in WORKING_ORDER:
        b2[f"II.1.{k}"] = sum(occ[x] for x in ENTERPRISE) if k == "enterprise" else occ[k]
    ages = [age_on(date(e.get("Ngày sinh")), date(e["Ngày"])) for e in admitted if e.get("Ngày sinh")]  # type: ignore[arg-type]
    for k, v in bands(ages).items():
        b2[f"II.2.{k}"] = v
    b2["II.2.mean"] = mean(ages)
    edu = Counter(GEN_EDU.get(str(p.get("Trình độ giáo dục phổ thông"))) for p in known)
    for k in GEN_EDU.values():
        b2[f"II.3.{k}"] = edu[k]
    prof = Counter(PROF.get(str(text(p.get("Trình độ chuyên môn")))) for p in known)
    for k in PROF.values():
        b2[f"II.4.{k}"] = prof[k]
    acad = Counter(ACADEMIC.get(str(text(p.get("Học hàm")))) for p in known)
    for k in ACADEMIC.values():
        b2[f"II.5.{k}"] = acad[k]
    on_roll = Counter(m["org"] for m in roll)
    admitting = {e["org"] for e in admitted}
    for tier, key in GRASSROOTS.items():
        orgs = [c for c, o in ward.orgs.items() if o["tier"] == tier and on_roll[c]]
        b2[key] = len(orgs)
        b2[f"{key}.with_admission"] = sum(1 for c in orgs if c in admitting)
        b2[f"{key}.no_candidates_left"] = sum(1 for c in orgs if ward.orgs[c]["no_candidates_left"])
    b2["III"] = b2["III.1"] + b2["III.2"]

    # --- Biểu 3 -------------------------------------------------------------------------
    b3: dict[str, Any] = {"I": len(roll)}
    b3["I.female"] = sum(1 for m in roll if m.get("Giới tính") == "Nữ")
    b3["I.probationary"] = sum(1 for m in roll if (o := date(m.get("Ngày chính thức"))) is None or o > cutoff)
    b3["I.ethnic_minority"] = sum(1 for m in roll if text(m.get("Dân tộc")) not in (None, "Kinh"))
    b3["I.religious"] = sum(1 for m in roll if text(m.get("Tôn giáo")) not in (None, "Không"))
    for col, key in (
        ("Đoàn viên Đoàn TNCS Hồ Chí Minh", "I.youth_union"),
        ("Chủ doanh nghiệp tư nhân", "I.private_owner"),
        ("Có quan hệ hôn nhân với người nước ngoài", "I.foreign_marriage"),
    ):
        b3[key] = sum(1 for m in roll if yes(m.get(col)))
    occ = Counter(OCCUPATIONS.get(str(m.get("Nghề nghiệp"))) for m in roll)
    b3["II.1.a"] = sum(v for k, v in occ.items() if k != "retired")
    for k in WORKING_ORDER:
        b3[f"II.1.a.{k}"] = sum(occ[x] for x in ENTERPRISE) if k == "enterprise" else occ[k]
    b3["II.1.b"] = occ["retired"]
    b3["II.1.b.exempt"] = sum(
        1
        for m in roll
        if OCCUPATIONS.get(str(m.get("Nghề nghiệp"))) == "retired"
        and text(m.get("Lý do miễn")) == FULL_EXEMPTION
        and (d := date(m.get("Miễn công tác, sinh hoạt từ ngày"))) is not None
        and d <= cutoff
    )
    ages = [age_on(date(m["Ngày sinh"]), cutoff) for m in roll]  # type: ignore[arg-type]
    for k, v in bands(ages).items():
        b3[f"II.2.{k}"] = v
    b3["II.2.mean"] = mean(ages)
    joined = [date(m.get("Ngày vào Đảng")) for m in roll]
    for k, lo, hi in ERAS:
        b3[f"II.3.{k}"] = sum(1 for d in joined if d is not None and lo <= d <= hi)
    edu = Counter(GEN_EDU.get(str(m.get("Trình độ giáo dục phổ thông"))) for m in roll)
    for k in GEN_EDU.values():
        b3[f"II.4.{k}"] = edu[k]
    prof = Counter(PROF.get(str(text(m.get("Trình độ chuyên môn")))) for m in roll)
    for k in PROF.values():
        b3[f"II.5.{k}"] = prof[k]
    acad = Counter(ACADEMIC.get(str(text(m.get("Học hàm")))) for m in roll)
    for k in ACADEMIC.values():
        b3[f"II.6.{k}"] = acad[k]
    theory = Counter(THEORY.get(str(text(m.get("Lý luận chính trị")))) for m in roll)
    for k in ("elementary", "intermediate", "advanced_bachelor"):
        b3[f"II.7.{k}"] = theory[k]

    # --- Biểu 4: label → (total, women, share) -----------------------------------------
    b4: dict[str, tuple[int, int, float | None]] = {"Tổng số đảng viên": (len(roll), b3["I.female"], 100.0)}
    for col, words, skip in (("Dân tộc", ethnic, None), ("Tôn giáo", None, "Không")):
        counts: Counter[str] = Counter()
        women: Counter[str] = Counter()
        for m in roll:
            v = term(m.get(col), words or ())
            if v is None:
                continue
            counts[v] += 1
            women[v] += m.get("Giới tính") == "Nữ"
        order = [w for w in words if counts[w]] if words else sorted(counts)
        shares = dict(zip(order, largest_remainder([counts[w] for w in order]), strict=True))
        for w in order:
            if w != skip:
                b4[f"{col}: {w}"] = (counts[w], women[w], shares[w])
    return {"bieu1": b1, "bieu2": b2, "bieu3": b3, "bieu4": b4}


def compare(summary: dict[str, Any], workbook: Path, folder: Path, last_year: Path) -> list[str]:
    """Every difference between the oracle and what the product wrote: the JSON summary's
    forms (both columns of Biểu 1–3, Biểu 4's three) and the workbook's form sheets (every
    cell of every table row, the ratio column included), plus Biểu 1's balance."""
    start, cutoff = (dt.date.fromisoformat(x) for x in summary["form_period"])
    ethnic = ethnic_words(folder)
    now = forms(read_ward(folder), start, cutoff, ethnic)
    before = forms(
        read_ward(last_year), start.replace(year=start.year - 1), cutoff.replace(year=cutoff.year - 1), ethnic
    )
    out: list[str] = []
    for b in (now, before):
        b1 = b["bieu1"]
        if b1["A"] + b1["B"] - b1["C"] != b1["D"] or b1["B"] != b1["B.1"] + b1["B.2"] + b1["B.3"]:
            out.append(f"Biểu 1 does not balance: {b1}")
    for form in ("bieu1", "bieu2", "bieu3"):
        rows = summary["forms"][form]
        keys = [r["row"] for r in rows]
        for key in set(now[form]) - set(keys):
            out.append(f"{form} {key}: no such row in the product's form")
        for row in rows:
            key = row["row"]
            if key not in now[form]:  # a heading line ("Trong đó:", "II. Phân tích …")
                if row["current"] is not None or row["previous"] is not None:
                    out.append(f"{form} {key}: a figure in a heading line {row}")
                continue
            want = (now[form][key], before[form][key])
            if (row["current"], row["previous"]) != want:
                out.append(
                    f"{form} {key} {row['label']}: product {row['current']}, {row['previous']}; oracle {want}"
                )
    b4: dict[str, tuple[Any, Any, Any]] = {}
    section = ""
    for row in summary["forms"]["bieu4"]:
        if row["row"] in ("I", "II"):
            section = {"I": "Dân tộc", "II": "Tôn giáo"}[row["row"]]
            continue
        label = row["label"] if row["row"] == "total" else f"{section}: {row['label']}"
        b4[label] = (row["current"], row["female"], row["share"])
    for label in sorted(set(b4) | set(now["bieu4"])):
        if b4.get(label) != now["bieu4"].get(label):
            out.append(f"bieu4 {label}: product {b4.get(label)}; oracle {now['bieu4'].get(label)}")
    out += _cells(summary, workbook, now, before)
    return out


def _cells(summary: dict[str, Any], workbook: Path, now: dict[str, Any], before: dict[str, Any]) -> list[str]:
    """The form sheets' table rows, in the JSON rows' order: label, figures, ratio, share."""
    out: list[str] = []
    wb = openpyxl.load_workbook(workbook, data_only=True, read_only=True)
    try:
        for n, form in ((1, "bieu1"), (2, "bieu2"), (3, "bieu3"), (4, "bieu4")):
            cells = [tuple(r) for r in wb[f"Biểu {n}-BTCTW"].iter_rows(values_only=True)]
            # the table starts under the row of column numbers ("1", "2", …)
            top = next(i for i, r in enumerate(cells) if [str(v) for v in r[:3]] == ["1", "2", "3"]) + 1
            # Blank rows may stand before the table's last lines, to print them with the notes
            # and the signatures (`keep_signatures_with_form`): the table's rows are the others.
            table = [i for i in range(top, len(cells)) if any(v not in (None, "") for v in cells[i])]
            section = ""
            for i, row in enumerate(summary["forms"][form]):
                got = cells[table[i]]
                key = row["row"]
                if form == "bieu4":
                    label, values = got[1], got[2:5]
                    if key in ("I", "II"):
                        section = {"I": "Dân tộc", "II": "Tôn giáo"}[key]
                    mine = now[form].get(row["label"] if key == "total" else f"{section}: {row['label']}")
                    want: tuple[Any, ...] = tuple(mine) if mine else (None, None, None)
                else:
                    label, values = got[0], got[1:4]
                    figures = (
                        (now[form].get(key), before[form].get(key)) if key in now[form] else (None, None)
                    )
                    want = (*figures, ratio(*figures))
                values = tuple(None if v == "" else v for v in values)
                if label is None or not str(label).strip().endswith(row["label"].strip()):
                    out.append(f"Biểu {n} row {table[i] + 1}: label {label!r}, expected {row['label']!r}")
                if values != want:
                    out.append(f"Biểu {n} row {table[i] + 1} {row['label']}: cells {values}, oracle {want}")
            last = table[len(summary["forms"][form]) - 1]
            after = cells[last + 1] if last + 1 < len(cells) else ()
            if any(v not in (None, "") for v in after[1:]):
                out.append(f"Biểu {n}: a table row after the last line: {after}")
    finally:
        wb.close()
    return out
