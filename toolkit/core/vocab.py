"""Controlled vocabularies: the single source of every category label, code and alias.

Schemas, template dropdowns, the reader's normalisation and the statistics all read
these objects; no Vietnamese category label is repeated as a literal anywhere else.
Codes are the stable English identifiers used in indicator ids and the JSON summary.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_SPACES = re.compile(r"\s+")
_TRAILING_PUNCT = re.compile(r"[\s.;,:]+$")


def match_key(text: str) -> str:
    """Key used to compare what people type with a label: NFC, casefolded, spaces collapsed."""
    text = unicodedata.normalize("NFC", str(text))
    text = _SPACES.sub(" ", text).strip()
    text = _TRAILING_PUNCT.sub("", text)
    return text.casefold()


def fold_key(text: str) -> str:
    """Looser key without diacritics (đ → d), for typing without Vietnamese input."""
    decomposed = unicodedata.normalize("NFD", match_key(text))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("-", " ").replace("  ", " ")


@dataclass(frozen=True)
class Term:
    """One allowed value: stable code, canonical Vietnamese label, accepted variants."""

    code: str
    label: str
    aliases: tuple[str, ...] = ()
    group: str | None = None  # report group code (occupation only)


@dataclass(frozen=True)
class Vocabulary:
    """An ordered controlled list."""

    key: str
    title: str
    terms: tuple[Term, ...]
    _by_key: dict[str, Term] = field(init=False, repr=False, compare=False)
    _by_fold: dict[str, Term] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key: dict[str, Term] = {}
        by_fold: dict[str, Term] = {}
        for term in self.terms:
            for text in (term.label, term.code, *term.aliases):
                by_key.setdefault(match_key(text), term)
        for term in self.terms:
            for text in (term.label, *term.aliases):
                by_fold.setdefault(fold_key(text), term)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_by_fold", by_fold)

    @property
    def labels(self) -> list[str]:
        return [t.label for t in self.terms]

    @property
    def codes(self) -> list[str]:
        return [t.code for t in self.terms]

    def term(self, code: str) -> Term:
        for t in self.terms:
            if t.code == code:
                return t
        raise KeyError(f"{self.key}: unknown code {code!r}")

    def label(self, code: str) -> str:
        return self.term(code).label

    def lookup(self, text: object) -> Term | None:
        """Find the term a typed value means: label, code or alias, any case/spacing,
        with or without diacritics. None when nothing matches."""
        if text is None:
            return None
        key = match_key(str(text))
        if not key:
            return None
        found = self._by_key.get(key)
        if found is None:
            found = self._by_fold.get(fold_key(key))
        return found

    def closest(self, text: object) -> Term | None:
        """The allowed value closest to an unknown one, for the suggestion in a message."""
        import difflib

        key = fold_key(str(text))
        if not key:
            return None
        candidates = {fold_key(t.label): t for t in self.terms}
        for t in self.terms:
            for alias in t.aliases:
                candidates.setdefault(fold_key(alias), t)
        hits = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.0)
        return candidates[hits[0]] if hits else None


def _v(key: str, title: str, *terms: Term) -> Vocabulary:
    return Vocabulary(key=key, title=title, terms=tuple(terms))


ORG_TIER = _v(
    "org_tier",
    "Cấp tổ chức",
    Term("dang_bo_co_so", "Đảng bộ cơ sở", ("ĐBCS", "Đảng bộ")),
    Term("chi_bo_co_so", "Chi bộ cơ sở", ("CBCS",)),
    Term("chi_bo_truc_thuoc", "Chi bộ trực thuộc", ("CBTT", "Chi bộ")),
)

SECTOR = _v(
    "sector",
    "Khối",
    Term("su_nghiep", "Khối sự nghiệp", ("Sự nghiệp", "Khối SN")),
    Term(
        "co_quan",
        "Khối cơ quan Đảng, chính quyền",
        ("Cơ quan Đảng, chính quyền", "Khối cơ quan", "Cơ quan", "Khối cơ quan Đảng - chính quyền"),
    ),
    Term("luc_luong_vu_trang", "Lực lượng vũ trang", ("LLVT", "Khối lực lượng vũ trang")),
    Term("to_dan_pho", "Chi bộ tổ dân phố", ("Tổ dân phố", "TDP", "Khu dân cư", "Khối dân cư")),
    Term("doanh_nghiep", "Doanh nghiệp", ("DN", "Khối doanh nghiệp")),
)

GENDER = _v(
    "gender",
    "Giới tính",
    Term("male", "Nam", ("M", "Trai")),
    Term("female", "Nữ", ("F", "Gái")),
)

GEN_EDU = _v(
    "gen_edu",
    "Trình độ giáo dục phổ thông",
    Term("literate", "Biết đọc, biết viết chữ quốc ngữ", ("Biết đọc, biết viết", "Biết đọc biết viết")),
    Term("primary", "Tiểu học", ("Cấp 1", "5/12", "4/10", "5/10")),
    Term("lower_secondary", "Trung học cơ sở", ("THCS", "Cấp 2", "9/12", "7/10", "8/10", "9/10")),
    Term("upper_secondary", "Trung học phổ thông", ("THPT", "Cấp 3", "12/12", "10/10", "11/12")),
)

PROF_LEVEL = _v(
    "prof_level",
    "Trình độ chuyên môn",
    Term("none", "Chưa qua đào tạo", ("Chưa đào tạo", "Không", "Không có")),
    Term("elementary", "Sơ cấp", ("SC",)),
    Term("intermediate", "Trung cấp", ("TC",)),
    Term("college", "Cao đẳng", ("CĐ",)),
    Term("university", "Đại học", ("ĐH", "Cử nhân", "Kỹ sư", "Kĩ sư", "Bác sĩ", "Bác sỹ")),
    Term("master", "Thạc sĩ", ("ThS", "Th.S", "Thạc sỹ", "Thạc sĩ")),
    Term("doctor", "Tiến sĩ", ("TS", "Tiến sỹ", "PGS.TS", "GS.TS", "Tiến sĩ khoa học")),
)

THEORY_LEVEL = _v(
    "theory_level",
    "Lý luận chính trị",
    Term("none", "Chưa qua đào tạo", ("Chưa đào tạo", "Không", "Không có")),
    Term("elementary", "Sơ cấp", ("SC", "Sơ cấp và tương đương")),
    Term("intermediate", "Trung cấp", ("TC",)),
    Term("advanced", "Cao cấp", ("CC",)),
    Term("bachelor", "Cử nhân", ("CN",)),
)

OCCUPATION_GROUP = _v(
    "occupation_group",
    "Nhóm nghề nghiệp",
    Term("civil_servants", "Cán bộ, công chức, viên chức"),
    Term("enterprise", "Lao động trong doanh nghiệp"),
    Term("farmer_freelance_retired_other", "Nông dân, lao động tự do, hưu trí và khác"),
    Term("armed_forces", "Lực lượng vũ trang"),
)

OCCUPATION = _v(
    "occupation",
    "Nghề nghiệp",
    Term("civil_servant", "Cán bộ, công chức", ("Cán bộ", "Công chức", "CBCC"), "civil_servants"),
    Term("public_employee", "Viên chức", ("VC",), "civil_servants"),
    Term(
        "part_time_official",
        "Người hoạt động không chuyên trách",
        ("Không chuyên trách", "Cán bộ không chuyên trách"),
        "farmer_freelance_retired_other",
    ),
    Term(
        "enterprise_worker",
        "Người lao động trong doanh nghiệp",
        ("Lao động trong doanh nghiệp", "Công nhân", "Doanh nghiệp"),
        "enterprise",
    ),
    Term("farmer", "Nông dân", ("Làm ruộng",), "farmer_freelance_retired_other"),
    Term(
        "freelance", "Lao động tự do", ("Tự do", "Kinh doanh", "Buôn bán"), "farmer_freelance_retired_other"
    ),
    Term("retired", "Hưu trí", ("Nghỉ hưu", "Hưu"), "farmer_freelance_retired_other"),
    Term("armed_forces", "Lực lượng vũ trang", ("LLVT", "Quân đội", "Công an"), "armed_forces"),
    Term(
        "student", "Học sinh, sinh viên", ("Học sinh", "Sinh viên", "HSSV"), "farmer_freelance_retired_other"
    ),
    Term("other", "Khác", (), "farmer_freelance_retired_other"),
)

EXEMPT_REASON = _v(
    "exempt_reason",
    "Lý do miễn",
    Term("old_age_ill_health", "Tuổi cao, sức khỏe yếu", ("Tuổi cao", "Tuổi cao sức yếu", "Sức khỏe yếu")),
    Term("long_treatment", "Điều trị bệnh dài ngày", ("Điều trị bệnh", "Ốm dài ngày")),
    Term("working_away", "Đi làm ăn, lao động xa", ("Đi làm ăn xa", "Lao động xa", "Làm ăn xa")),
    Term("abroad", "Ra nước ngoài", ("Nước ngoài", "Đi nước ngoài")),
    Term("maternity", "Nghỉ thai sản", ("Thai sản",)),
    Term("awaiting_retirement", "Chờ nghỉ hưu", ("Chờ hưu",)),
    Term("other", "Khác"),
)

YES_NO = _v(
    "yes_no",
    "Có/Không",
    Term("yes", "Có", ("x", "X", "Yes", "1", "Đúng")),
    Term("no", "Không", ("0", "No", "Ko", "K")),
)

EVENT_TYPE = _v(
    "event_type",
    "Loại biến động",
    Term("admitted", "Kết nạp", ("Kết nạp mới", "Kết nạp đảng viên")),
    Term("readmitted", "Kết nạp lại"),
    Term("restored", "Phục hồi đảng tịch", ("Phục hồi",)),
    Term("transfer_in", "Chuyển đến", ("Chuyển sinh hoạt đến", "Nhận chuyển đến")),
    Term("transfer_out", "Chuyển đi", ("Chuyển sinh hoạt đi",)),
    Term("died", "Từ trần", ("Chết", "Mất", "Qua đời")),
    Term("struck_off", "Xóa tên", ("Xoá tên", "Xóa tên khỏi danh sách")),
    Term("expelled", "Khai trừ", ("Khai trừ khỏi Đảng",)),
    Term("resigned", "Xin ra khỏi Đảng", ("Xin ra Đảng", "Tự nguyện ra khỏi Đảng")),
)

# Events after which the member is no longer on this organisation's roll.
LEAVING_EVENTS = ("transfer_out", "died", "struck_off", "expelled", "resigned")
ADMISSION_EVENTS = ("admitted", "readmitted")
REMOVAL_EVENTS = ("struck_off", "expelled", "resigned")

STRIKE_GROUND = _v(
    "strike_ground",
    "Lý do xóa tên",
    Term(
        "absence_or_dues",
        "Bỏ sinh hoạt hoặc không đóng đảng phí 3 tháng trong năm",
        ("Bỏ sinh hoạt", "Không đóng đảng phí", "Bỏ sinh hoạt, không đóng đảng phí"),
    ),
    Term("card_returned", "Tự ý trả hoặc hủy thẻ đảng viên", ("Trả thẻ", "Hủy thẻ", "Huỷ thẻ")),
    Term("lost_will", "Giảm sút ý chí phấn đấu", ("Giảm sút ý chí",)),
    Term("two_years_violation", "Hai năm liền vi phạm tư cách đảng viên", ("Hai năm liền vi phạm",)),
    Term("political_standard", "Không bảo đảm tiêu chuẩn chính trị", ("Không đảm bảo tiêu chuẩn chính trị",)),
    Term("other", "Khác"),
)

# Ratings are the columns of the yearly sheet rather than a dropdown; the labels are the headers.
RATING = _v(
    "rating",
    "Xếp loại chất lượng",
    Term("excellent", "Hoàn thành xuất sắc nhiệm vụ"),
    Term("good", "Hoàn thành tốt nhiệm vụ"),
    Term("pass", "Hoàn thành nhiệm vụ"),
    Term("fail", "Không hoàn thành nhiệm vụ"),
    Term("not_rated", "Không xếp loại"),
)

ALL: dict[str, Vocabulary] = {
    v.key: v
    for v in (
        ORG_TIER,
        SECTOR,
        GENDER,
        GEN_EDU,
        PROF_LEVEL,
        THEORY_LEVEL,
        OCCUPATION,
        OCCUPATION_GROUP,
        EXEMPT_REASON,
        YES_NO,
        EVENT_TYPE,
        STRIKE_GROUND,
        RATING,
    )
}

# Derived groupings of the statistics (codes, so the statistics never compare labels).
PROF_INTERMEDIATE_PLUS = ("intermediate", "college", "university", "master", "doctor")
PROF_UNIVERSITY_PLUS = ("university", "master", "doctor")
THEORY_ADVANCED_BACHELOR = ("advanced", "bachelor")
