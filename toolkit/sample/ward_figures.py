"""The figures of the reference report that the sample ward reproduces, and its organisations.

Integer counts out of 4,216 members whose shares are within 0.1 percentage point of the
report's percentages (the arithmetic, and the choices made where the report contradicts
itself, are in `docs/reference-report.md`), the period, and the 72 organisations with the
kind of each, which drives their size and their members' profile.
"""

from __future__ import annotations

import datetime as dt

from toolkit.core import vocab
from toolkit.core.thresholds import DEFAULT_THRESHOLDS
from toolkit.sample.rows import Period

CUTOFF = dt.date(2026, 3, 31)
PERIOD_START = dt.date(2020, 1, 1)
PERIOD = Period(PERIOD_START, CUTOFF)
YEARS: tuple[int, ...] = PERIOD.years
DEFAULT_SEED = 2026
# The forms' heading of the demo: a made-up name, so no sample form passes for a real ward's.
WARD_NAME = "Phường Mẫu"
SUBMISSIONS_DIR = "nop"

# --- the ward's figures ---------------------------------------------------------------------
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

# The attributes new in template 2026.2 (the report has none of them): a Red River Delta ward.
ETHNIC_MINORITY_COUNTS = {"02": 8, "06": 6, "04": 4}  # Tày, Mường, Hoa; the others Kinh
RELIGION_COUNTS = {"buddhism": 58, "catholicism": 21}  # the others of no religion
YOUTH_UNION_MAX_AGE = 30
PRIVATE_OWNERS = 9
FOREIGN_MARRIAGES = 3
ASSOCIATE_PROFESSORS = 2
# Transfers inside the ward per year: one organisation's transfer out is another's transfer in.
INTERNAL_MOVES = {2021: 2, 2022: 1, 2023: 2, 2024: 1, 2025: 2, 2026: 1}

RETIREMENT_AGE = {"male": 61, "female": 56}
# The sample ward keeps the default old-age exemption ages (the settings of a real ward).
OLD_AGE_EXEMPT_MIN = DEFAULT_THRESHOLDS.old_age_by_gender

# --- organisations --------------------------------------------------------------------------
# (name, tier, sector, kind). The kind drives sizes and the members' profile.
_DBCS, _CBCS, _CBTT = vocab.ORG_TIER.codes
ORGS: tuple[tuple[str, str, str, str], ...] = (
    ("Đảng bộ các cơ quan Đảng phường", _DBCS, "co_quan", "co_quan"),
    ("Đảng bộ Ủy ban nhân dân phường", _DBCS, "co_quan", "co_quan"),
    ("Chi bộ Quân sự phường", _CBCS, "luc_luong_vu_trang", "llvt"),
    ("Chi bộ Công an phường", _CBCS, "luc_luong_vu_trang", "llvt"),
    ("Đảng bộ Trường THPT Trần Hưng Đạo", _DBCS, "su_nghiep", "sn_big"),
    ("Đảng bộ Trường Cao đẳng Kỹ thuật Thành Đông", _DBCS, "su_nghiep", "sn_big"),
    ("Đảng bộ Trung tâm Y tế phường Hải Dương", _DBCS, "su_nghiep", "sn_big"),
    ("Đảng bộ Bệnh viện Phục hồi chức năng Ngọc Châu", _DBCS, "su_nghiep", "sn_big"),
    ("Đảng bộ Trường Trung cấp nghề Nhị Châu", _DBCS, "su_nghiep", "sn_big"),
    ("Chi bộ Trường THCS Ngọc Châu", _CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trường THCS Quang Trung", _CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trường Tiểu học Nhị Châu", _CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trường Tiểu học Trần Hưng Đạo", _CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trường Tiểu học Quang Trung", _CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trường Mầm non Hoa Sen", _CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trường Mầm non Ngọc Châu", _CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trạm Y tế phường", _CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Trung tâm Văn hóa – Thể thao phường", _CBTT, "su_nghiep", "sn_small"),
    ("Chi bộ Ban Quản lý chợ Nhị Châu", _CBTT, "su_nghiep", "sn_small"),
    ("Đảng bộ Công ty CP May Nhị Châu", _DBCS, "doanh_nghiep", "dn_big"),
    ("Đảng bộ Công ty TNHH Điện tử Ngọc Châu", _DBCS, "doanh_nghiep", "dn_big"),
    ("Đảng bộ Công ty CP Xây dựng Thành Đông", _DBCS, "doanh_nghiep", "dn_big"),
    ("Đảng bộ Công ty CP Cơ khí Quang Trung", _DBCS, "doanh_nghiep", "dn_big"),
    ("Chi bộ Công ty CP Vận tải Hồng Hà", _CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty TNHH Thương mại Hồng Phát", _CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty CP Cấp thoát nước Thành Đông", _CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Điện lực Ngọc Châu", _CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty CP Môi trường đô thị Hải Dương", _CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty CP Dược phẩm Thành Đông", _CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty TNHH Bao bì Việt Hưng", _CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty CP Thực phẩm Bình Minh", _CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty CP In và Văn hóa phẩm Quang Trung", _CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty TNHH Gốm sứ Quang Minh", _CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Công ty CP Du lịch Thành Đông", _CBTT, "doanh_nghiep", "dn_small"),
    ("Chi bộ Ngân hàng Thương mại CP Phương Đông – chi nhánh Nhị Châu", _CBTT, "doanh_nghiep", "dn_small"),
    *((f"Chi bộ Tổ dân phố số {n}", _CBTT, "to_dan_pho", "tdp") for n in range(1, 38)),
)
GROUP_OF_KIND = {
    "co_quan": "civil_servants",
    "sn_big": "civil_servants",
    "sn_small": "civil_servants",
    "llvt": "armed_forces",
    "dn_big": "enterprise",
    "dn_small": "enterprise",
    "tdp": "farmer_freelance_retired_other",
}
SIZE_WEIGHT = {
    "co_quan": 2.3,
    "sn_big": 1.9,
    "sn_small": 0.55,
    "llvt": 1.0,
    "dn_big": 2.7,
    "dn_small": 1.0,
    "tdp": 1.0,
}
ADMISSION_WEIGHT = {
    "co_quan": 0.5,
    "sn_big": 0.7,
    "sn_small": 0.7,
    "llvt": 0.9,
    "dn_big": 1.0,
    "dn_small": 1.0,
    "tdp": 1.0,
}


# How old and how male the members of each kind of organisation are, relatively (ranking scores).
OLDNESS = {
    "tdp": 2.6,
    "co_quan": 0.4,
    "sn_big": 0.1,
    "sn_small": 0.0,
    "dn_big": -0.2,
    "dn_small": 0.0,
    "llvt": -1.2,
}
MALENESS = {
    "tdp": 0.0,
    "co_quan": 0.5,
    "sn_big": -0.6,
    "sn_small": -1.4,
    "dn_big": 0.1,
    "dn_small": 0.5,
    "llvt": 3.5,
}
