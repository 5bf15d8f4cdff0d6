"""Reading a JSON summary back (`report`, `history import`, `rollup`): bounded, and checked.

A summary is whatever `ward-stats consolidate --json` writes (docs/schema/summary.schema.json),
by this version, an older one, or by hand. It is untrusted input: the file is read up to a
size bound, JSON constants that are not numbers (`NaN`, `Infinity`) and integers too long to
convert are refused, nesting too deep for the parser is refused, and every field the toolkit
uses is checked for its type before anything is computed from it. Every refusal is a
`SummaryError` with a Vietnamese message, never a traceback.

The minimum is `cutoff_date`, `period_start` and `indicators` with `members.total`; every
other field is optional (an older or hand-made summary lacks some), but when present it must
have its documented type.

Its figures must be ones a consolidation can write (`check_summary(figures=True)`, the default):
every count from 0 to `MAX_COUNT` (Biểu 1's opening, derived as closing − increases +
decreases, may be below 0, never below −`MAX_COUNT`), a sum of ages up to `MAX_AGE_SUM`, a mean
age from 0 to `MAX_AGE`; and the ward's own identities, which every consolidation's figures
satisfy by construction, must hold (`IDENTITIES`: members = full + probationary = men + women;
Biểu 1's opening + increases − decreases = closing = members; then `BREAKDOWN_IDENTITIES`:
each breakdown with an `unknown` bucket adds up to its whole, the women by ethnic group and by
religion to the women, the age bands to the members of known age; and `change_identities`, of
the summary's period: admissions = admitted + readmitted, removals = their three kinds, the
quarters to the cut-off year's admissions, each change family's total to the sum of its years,
each checked when its ids are all there; so a change family counted by year must count every
year of the period, `period_start` to `cutoff_date`, the `previous` figures' too). A summary
that breaks one was edited by hand or damaged: added to others it would make the sheets
contradict each other, or a figure too large to print.

A summary is of one ward or of a roll-up of several (`level`, `is_rollup`): a roll-up must
never be taken for a ward (added to the wards it holds, or stored in a ward's history).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import stat
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from toolkit import __version__
from toolkit.core import vnformat, vocab
from toolkit.core.errors import SummaryError
from toolkit.core.text import shown as shown_text

MAX_SUMMARY_BYTES = 256 * 1024 * 1024  # a city of 1,000 organisations writes about 10 MiB
HINT = "Hãy dùng tệp do lệnh “ward-stats consolidate --json” tạo ra."
ORG_STATUSES = ("consolidated", "excluded", "missing")
ORIGINS = ("consolidate", "import")  # `origin`: how a record came into its history (its copy)
LEVELS = ("ward", "rollup")  # `level`: one ward's consolidation, or a roll-up of ward summaries
# The plausible range of a figure (`check_indicators`): far above any ward's or province's
# (a country has a few million members), far below what cannot be printed or computed.
MAX_COUNT = 10**9
MAX_AGE_SUM = 10**12  # `*.age_sum`: a sum of ages in whole years
MAX_AGE = 150  # `*.age_mean`
MEAN_IDS = ("members.age_mean", "admitted.age_mean")
SIGNED_IDS = frozenset({"period.opening"})  # derived by subtraction: below 0 for an odd file
SHOWN_IDS = 5
# Biểu 1: the ward's roll at the cut-off is its opening plus the increases less the decreases
# (`toolkit.stats.period`, whose JOINS and LEAVES these are).
JOINS = ("admitted", "readmitted", "transfer_in", "restored")
LEAVES = ("died", "expelled", "struck_off", "resigned", "transfer_out")
# (words, ids on the left, ids added on the right, ids taken off on the right): an identity.
Identity = tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]
# Identities every consolidation's indicators satisfy (by construction), as do their sums.
IDENTITIES: tuple[Identity, ...] = (
    (
        "tổng số đảng viên = đảng viên chính thức + đảng viên dự bị",
        ("members.total",),
        ("members.full", "members.probationary"),
        (),
    ),
    (
        "tổng số đảng viên = số đảng viên nam + số đảng viên nữ",
        ("members.total",),
        tuple(f"members.gender.{code}" for code in vocab.GENDER.codes),
        (),
    ),
    (
        "Biểu 1: đảng viên cuối kỳ = đầu kỳ + tăng trong kỳ − giảm trong kỳ",
        ("period.closing",),
        ("period.opening", *(f"period.{k}" for k in JOINS)),
        tuple(f"period.{k}" for k in LEAVES),
    ),
    ("Biểu 1: đảng viên cuối kỳ = tổng số đảng viên", ("period.closing",), ("members.total",), ()),
)
# The age bands (`toolkit.stats.indicators.AGE_REPORT_BANDS` / `AGE_OFFICIAL_BANDS`, which a test
# holds these equal to): every known age is in exactly one band of each.
AGE_REPORT_BANDS = ("lt30", "30_50", "gt50")
AGE_OFFICIAL_BANDS = ("18_30", "31_35", "36_40", "41_45", "46_50", "51_55", "56_60", "gt60")
# The breakdowns a consolidation makes add up by construction (`toolkit.stats.indicators`,
# `toolkit.stats.period`): (id part, vocabulary, words): each value and `unknown` (the rest) make
# the whole, of the members (`members.total`) and of Biểu 2's admitted (`admitted.total`).
_WHOLE_BREAKDOWNS = (
    ("ethnicity", vocab.ETHNICITY, "theo dân tộc"),
    ("religion", vocab.RELIGION, "theo tôn giáo"),
    ("occupation", vocab.OCCUPATION, "theo nghề nghiệp"),
)
_UNKNOWN_TOO = " (kể cả chưa rõ)"
_ADMITTED_LEVELS = (
    ("gender", vocab.GENDER, "số nam + số nữ + số chưa rõ giới tính"),
    ("gen_edu", vocab.GEN_EDU, f"tổng theo trình độ giáo dục phổ thông{_UNKNOWN_TOO}"),
    ("prof", vocab.PROF_LEVEL, f"tổng theo trình độ chuyên môn{_UNKNOWN_TOO}"),
)
# Checked after `IDENTITIES` (a summary breaking one of those is named by it first), so that a
# hand moving members between a whole's parts (men to women, one religion to another) is seen.
# An older summary lacking some of their ids (version 1 has no ethnicity nor religion) is not
# held to them.
BREAKDOWN_IDENTITIES: tuple[Identity, ...] = (
    *(
        (
            f"{whole} = tổng số {who} {words}{_UNKNOWN_TOO}",
            (f"{prefix}.total",),
            tuple(f"{prefix}.{key}.{c}" for c in (*voc.codes, "unknown")),
            (),
        )
        for prefix, whole, who in (
            ("members", "tổng số đảng viên", "đảng viên"),
            ("admitted", "Biểu 2: số đảng viên mới kết nạp", "đảng viên mới kết nạp"),
        )
        for key, voc, words in _WHOLE_BREAKDOWNS
    ),
    *(
        (
            f"số đảng viên nữ = tổng số đảng viên nữ {words}{_UNKNOWN_TOO}",
            ("members.gender.female",),
            tuple(f"members.{key}.{c}.female" for c in (*voc.codes, "unknown")),
            (),
        )
        for key, voc, words in _WHOLE_BREAKDOWNS[:2]
    ),
    *(
        (
            f"Biểu 2: số đảng viên mới kết nạp = {words}",
            ("admitted.total",),
            tuple(f"admitted.{key}.{c}" for c in (*voc.codes, "unknown")),
            (),
        )
        for key, voc, words in _ADMITTED_LEVELS
    ),
    (
        "số đảng viên biết tuổi = tổng số đảng viên theo các nhóm tuổi của báo cáo",
        ("members.age_known",),
        tuple(f"members.age_report.{b}" for b in AGE_REPORT_BANDS),
        (),
    ),
    (
        "số đảng viên biết tuổi = tổng số đảng viên theo các độ tuổi của Biểu 3",
        ("members.age_known",),
        tuple(f"members.age_official.{b}" for b in AGE_OFFICIAL_BANDS),
        (),
    ),
    (
        "Biểu 2: số đảng viên mới kết nạp biết tuổi = tổng theo các độ tuổi",
        ("admitted.age_known",),
        tuple(f"admitted.age_official.{b}" for b in AGE_OFFICIAL_BANDS),
        (),
    ),
    # The sums a consolidation derives from a breakdown's parts (`stats.indicators`,
    # `stats.period`): a hand changing one of them, or a part without it, is seen too.
    *(
        (
            f"số {who} là người dân tộc thiểu số = tổng số {who} các dân tộc trừ dân tộc Kinh",
            (f"{prefix}.ethnic_minority",),
            tuple(f"{prefix}.ethnicity.{c}" for c in vocab.ETHNICITY.codes if c != vocab.KINH),
            (),
        )
        for prefix, who in (("members", "đảng viên"), ("admitted", "đảng viên mới kết nạp"))
    ),
    *(
        (
            f"số {who} có tôn giáo = tổng số {who} theo các tôn giáo",
            (f"{prefix}.religious",),
            tuple(f"{prefix}.religion.{c}" for c in vocab.RELIGION.codes if c != "none"),
            (),
        )
        for prefix, who in (("members", "đảng viên"), ("admitted", "đảng viên mới kết nạp"))
    ),
    (
        "số đảng viên có trình độ chuyên môn từ trung cấp trở lên = tổng số trung cấp, cao đẳng, "
        "đại học, thạc sĩ, tiến sĩ",
        ("members.prof.intermediate_plus",),
        tuple(f"members.prof.{c}" for c in vocab.PROF_INTERMEDIATE_PLUS),
        (),
    ),
    (
        "số đảng viên có trình độ chuyên môn từ đại học trở lên = tổng số đại học, thạc sĩ, tiến sĩ",
        ("members.prof.university_plus",),
        tuple(f"members.prof.{c}" for c in vocab.PROF_UNIVERSITY_PLUS),
        (),
    ),
    (
        "số đảng viên có trình độ lý luận chính trị cao cấp, cử nhân = số cao cấp + số cử nhân",
        ("members.theory.advanced_bachelor",),
        tuple(f"members.theory.{c}" for c in vocab.THEORY_ADVANCED_BACHELOR),
        (),
    ),
)
# The change families (`toolkit.stats.indicators.CHANGE_FAMILIES`, which a test holds this equal
# to): each event type, and the transfers inside the ward, counted per year of the period; with
# the words a message names each by.
_FAMILY_WORDS = {
    "admitted": "kết nạp",
    "readmitted": "kết nạp lại",
    "restored": "phục hồi đảng tịch",
    "transfer_in": "chuyển đến",
    "transfer_out": "chuyển đi",
    "died": "từ trần",
    "struck_off": "xóa tên",
    "expelled": "khai trừ",
    "resigned": "xin ra khỏi Đảng",
    "transfer_in_internal": "chuyển đến trong phường",
    "transfer_out_internal": "chuyển đi trong phường",
}
CHANGE_FAMILIES = tuple(_FAMILY_WORDS)
# The two families a consolidation adds from others (`vocab.ADMISSION_EVENTS`,
# `vocab.REMOVAL_EVENTS`): (family, its parts, words).
_SUMMED_FAMILIES = (
    ("admissions", vocab.ADMISSION_EVENTS, "kết nạp đảng viên"),
    ("removed", vocab.REMOVAL_EVENTS, "đưa ra khỏi Đảng"),
)
QUARTER_IDS = tuple(f"changes.admissions.q{q}" for q in range(1, 5))


def change_identities(start: dt.date, cutoff: dt.date) -> tuple[Identity, ...]:
    """The identities of the changes of a summary whose period is `start`–`cutoff`, which every
    consolidation's `changes.*` satisfy by construction (`toolkit.stats.indicators`), as do
    their sums: the admissions (`changes.admissions.*`) are the admitted and the readmitted,
    the removals (`changes.removed.*`) the struck off, expelled and resigned, each year and in
    all; the admissions of the quarters add up to those of the cut-off's year (the quarters are
    that year's, counted from the period's start); each family's count of the period is the sum
    of its years."""
    years = [str(y) for y in range(start.year, cutoff.year + 1)]
    span = years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"
    words = {**_FAMILY_WORDS, **{family: said for family, _, said in _SUMMED_FAMILIES}}
    out: list[Identity] = [
        (
            f"số {said} {'cả kỳ' if y == 'total' else f'năm {y}'} = "
            + " + ".join(f"số {words[k]}" for k in parts),
            (f"changes.{family}.{y}",),
            tuple(f"changes.{k}.{y}" for k in parts),
            (),
        )
        for family, parts, said in _SUMMED_FAMILIES
        for y in (*years, "total")
    ]
    out.append(
        (
            f"số kết nạp đảng viên năm {cutoff.year} = tổng số kết nạp các quý I–IV năm {cutoff.year}",
            (f"changes.admissions.{cutoff.year}",),
            QUARTER_IDS,
            (),
        )
    )
    out += [
        (
            f"số {words[family]} cả kỳ = tổng các năm {span}",
            (f"changes.{family}.total",),
            tuple(f"changes.{family}.{y}" for y in years),
            (),
        )
        for family in (*CHANGE_FAMILIES, *(name for name, _, _ in _SUMMED_FAMILIES))
    ]
    return tuple(out)


EDITED = "Tệp có thể đã bị sửa bằng tay hoặc bị hỏng."


# How a refusal names a figure (`figure_name`): as the clerk knows it from `Tổng hợp` and the
# forms, never by the JSON's id ("members.total"), which is the developers' (fix342).
_FIGURE_NAMES = {
    "members.total": "tổng số đảng viên",
    "members.full": "số đảng viên chính thức",
    "members.probationary": "số đảng viên dự bị",
    "members.age_known": "số đảng viên biết tuổi",
    "members.age_sum": "tổng số tuổi của đảng viên",
    "members.age_mean": "tuổi bình quân của đảng viên",
    "members.ethnic_minority": "số đảng viên là người dân tộc thiểu số",
    "members.religious": "số đảng viên có tôn giáo",
    "members.prof.intermediate_plus": "số đảng viên có trình độ chuyên môn từ trung cấp trở lên",
    "members.prof.university_plus": "số đảng viên có trình độ chuyên môn từ đại học trở lên",
    "members.theory.advanced_bachelor": "số đảng viên có trình độ lý luận chính trị cao cấp, cử nhân",
    "admitted.total": "Biểu 2: số đảng viên mới kết nạp",
    "admitted.age_known": "Biểu 2: số đảng viên mới kết nạp biết tuổi",
    "admitted.age_sum": "Biểu 2: tổng số tuổi của đảng viên mới kết nạp",
    "admitted.age_mean": "Biểu 2: tuổi bình quân của đảng viên mới kết nạp",
    "admitted.ethnic_minority": "Biểu 2: số đảng viên mới kết nạp là người dân tộc thiểu số",
    "admitted.religious": "Biểu 2: số đảng viên mới kết nạp có tôn giáo",
    "period.opening": "Biểu 1: đảng viên đầu kỳ",
    "period.closing": "Biểu 1: đảng viên cuối kỳ",
    "orgs.registered": "tổng số tổ chức đảng trực thuộc",
    "orgs.submitted": "số tổ chức đã nộp số liệu",
    "orgs.consolidated": "số tổ chức được tổng hợp",
    "orgs.unregistered": "số tổ chức chưa có trong danh mục có nộp tệp",
    "members.exempt": "số đảng viên được miễn, tạm miễn công tác và sinh hoạt đảng",
    "members.working_away": "số đảng viên đi làm ăn xa",
    "members.exempt.full": "số đảng viên được miễn công tác và sinh hoạt đảng",
    "members.exempt.temporary": "số đảng viên được tạm miễn công tác và sinh hoạt đảng",
}
# The breakdowns of members and of Biểu 2's admitted (`members.<key>.<code>`) by the
# vocabulary whose labels name their parts.
_BREAKDOWN_VOCABS: dict[str, vocab.Vocabulary] = {
    "gender": vocab.GENDER,
    "ethnicity": vocab.ETHNICITY,
    "religion": vocab.RELIGION,
    "occupation": vocab.OCCUPATION,
    "gen_edu": vocab.GEN_EDU,
    "prof": vocab.PROF_LEVEL,
    "theory": vocab.THEORY_LEVEL,
    "academic": vocab.ACADEMIC_TITLE,
    "exempt_reason": vocab.EXEMPT_REASON,
}
_WHO = {"members": "đảng viên", "admitted": "đảng viên mới kết nạp"}
# Vocabularies whose labels are names, capitalised mid-sentence too: "dân tộc Tày", "tôn giáo
# Phật giáo"; the others' labels start with a capital only as a sheet's row does.
_PROPER_NAMED = (vocab.ETHNICITY, vocab.RELIGION)
# Religion's labels that do not read after "tôn giáo": "Không", "Tôn giáo khác" (review350).
_NO_RELIGION = {"none": "không theo tôn giáo", "other": "theo tôn giáo khác"}


# The yes/no attributes (`<who>.<flag>`, `<who>.<flag>.unknown`): (what those counted are, what
# those of `unknown` are not known to be), as `Tổng hợp` and Biểu 2, 3 say them.
_FLAG_WORDS = {
    "youth_union": ("là đoàn viên Đoàn TNCS Hồ Chí Minh", "có là đoàn viên hay không"),
    "private_owner": ("là chủ doanh nghiệp tư nhân", "có là chủ doanh nghiệp tư nhân hay không"),
    "foreign_marriage": (
        "có quan hệ hôn nhân với người nước ngoài",
        "có quan hệ hôn nhân với người nước ngoài hay không",
    ),
}
# `<who>.occupation.unknown.<part>`: the old occupation (template 2026.1) says which of the
# lines grouping occupations holds them, not which line under it (Biểu 3's line a, the
# enterprise line).
_OCCUPATION_PARTS = {
    "working": "đảng viên đang làm việc",
    "enterprise": "người lao động trong doanh nghiệp",
}
# Biểu 3's two lines of the exempted in full (`members.occupation.<kind>.exempt`).
_EXEMPT_OCCUPATIONS = {"retired": "đã nghỉ hưu, nghỉ công tác", "working": "đang làm việc và công tác"}
# `Số liệu năm`'s training columns (`training.<year>.<key>`), as `layout.YEARS` heads them.
_TRAINING_KEYS = ("candidates_trained", "new_members_trained", "new_members_completed")
# Biểu 1's transfers by scope (`period.<transfer>.<scope>`): the word before the scope's label.
_TRANSFER_TOWARDS = {"transfer_in": "từ", "transfer_out": "đến"}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _year(text: str) -> bool:
    return text.isdigit() and len(text) == 4


def _yearly_words(parts: list[str]) -> str | None:
    """The figures of `Số liệu năm` and of the targets, by year: "chỉ tiêu kết nạp năm 2025",
    "tỷ lệ thực hiện chỉ tiêu kết nạp năm 2025", "số đảng viên xếp loại hoàn thành tốt nhiệm vụ
    năm 2025", "số quần chúng học lớp nhận thức về Đảng năm 2025"."""
    head, rest = parts[0], parts[1:]
    if head == "targets" and len(rest) == 1 and _year(rest[0]):
        return f"chỉ tiêu kết nạp năm {rest[0]}"
    if head == "targets" and len(rest) == 2 and rest[0] == "rate" and _year(rest[1]):
        return f"tỷ lệ thực hiện chỉ tiêu kết nạp năm {rest[1]}"
    if len(rest) != 2 or not _year(rest[0]):
        return None
    year, code = rest
    if head == "ratings" and code in vocab.RATING.codes:
        label = _lower_first(vocab.RATING.label(code))
        rated = label if code == "not_rated" else f"xếp loại {label}"
        return f"số đảng viên {rated} năm {year}"
    if head == "training" and code in _TRAINING_KEYS:
        from toolkit.core import layout

        return f"số {_lower_first(layout.YEARS.field(code).header)} năm {year}"
    return None


def _form_words(parts: list[str]) -> str | None:
    """The figures of Biểu 1's transfers by scope and probationary struck off, and of Biểu 2's
    part III (`orgs.grassroots.<tier>.*`), in the forms' words."""
    if parts[0] == "period" and len(parts) == 3 and parts[1] in _TRANSFER_TOWARDS:
        kind, scope = _FAMILY_WORDS[parts[1]], parts[2]
        if scope in vocab.TRANSFER_SCOPE.codes:
            label = _lower_first(vocab.TRANSFER_SCOPE.label(scope))
            where = label if scope == "internal" else f"{_TRANSFER_TOWARDS[parts[1]]} {label}"
            return f"Biểu 1: số {kind} {where}"
        if scope == "unknown":
            return f"Biểu 1: số {kind} chưa rõ {_lower_first(vocab.TRANSFER_SCOPE.title)}"
        if scope == "in_transit":
            return f"Biểu 1: số {kind} trong Đảng bộ phường chưa có dòng tương ứng của tổ chức kia"
    if parts[:3] == ["period", "struck_off", "probationary"] and len(parts) <= 4:
        if len(parts) == 3:
            return "Biểu 1: số xóa tên là đảng viên dự bị"
        if parts[3] == "unknown":
            return "Biểu 1: số xóa tên chưa rõ có là đảng viên dự bị hay không"
    if parts[:2] == ["orgs", "grassroots"] and len(parts) >= 3 and parts[2] in vocab.ORG_TIER.codes:
        tier = _lower_first(vocab.ORG_TIER.label(parts[2]))
        which = {
            "": "được tổng hợp có đến cuối kỳ báo cáo",
            "not_consolidated": "chưa được tổng hợp",
            "with_admission": "có kết nạp đảng viên",
            "no_candidates_left": "không còn quần chúng để kết nạp",
            "no_candidates_left.unknown": "chưa rõ còn quần chúng để kết nạp hay không",
            "no_members": "không còn đảng viên vào ngày chốt số liệu",
        }.get(".".join(parts[3:]))
        return None if which is None else f"Biểu 2: số {tier} {which}"
    return None


def _member_words(parts: list[str]) -> str | None:
    """The figures of members and of Biểu 2's admitted that are no breakdown by a vocabulary:
    the party-age eras, the occupation groups, the yes/no attributes, the occupations known
    only by their old group, the exempted in full by occupation."""
    who = _WHO.get(parts[0])
    if who is None or len(parts) < 2:
        return None
    flag = _FLAG_WORDS.get(parts[1])
    if flag is not None and len(parts) <= 3:
        if len(parts) == 2:
            return f"{'Biểu 2: ' if parts[0] == 'admitted' else ''}số {who} {flag[0]}"
        return f"số {who} chưa rõ {flag[1]}" if parts[2] == "unknown" else None
    if parts[1:] == ["readmitted"] and parts[0] == "admitted":
        return "Biểu 2: số đảng viên kết nạp lại"
    if len(parts) == 4 and parts[1:3] == ["occupation", "unknown"] and parts[3] in _OCCUPATION_PARTS:
        return f"số {who} chưa rõ nghề nghiệp cụ thể, theo mẫu cũ là {_OCCUPATION_PARTS[parts[3]]}"
    if parts[0] == "members" and len(parts) == 4 and parts[1] == "occupation" and parts[3] == "exempt":
        kind = _EXEMPT_OCCUPATIONS.get(parts[2])
        return None if kind is None else f"số {who} {kind} được miễn công tác và sinh hoạt đảng"
    if parts[0] != "members" or len(parts) != 3:
        return None
    family, code = parts[1], parts[2]
    if family == "era":
        label = dict(vocab.PARTY_AGE_ERAS).get(code)
        return None if label is None else f"số {who} vào Đảng {_lower_first(label)}"
    if family == "occupation_group" and code in vocab.OCCUPATION_GROUP.codes:
        group = _lower_first(vocab.OCCUPATION_GROUP.title)
        return f"số {who} {group} {_lower_first(vocab.OCCUPATION_GROUP.label(code))}"
    return None


def _band_words(band: str) -> str | None:
    """An age band's code in words: "lt30" → "dưới 30 tuổi", "31_35" → "từ 31 đến 35 tuổi"."""
    if band[:2] in ("lt", "gt") and band[2:].isdigit():
        return f"{'dưới' if band[:2] == 'lt' else 'trên'} {band[2:]} tuổi"
    low, _, high = band.partition("_")
    return f"từ {low} đến {high} tuổi" if low.isdigit() and high.isdigit() else None


# The names of figures one `check_summary` gives in place of `figure_name`'s (its `words`).
_WORDS: ContextVar[Mapping[str, str] | None] = ContextVar("summary_figure_words", default=None)


def figure_name(key: str) -> str:
    """A figure of a summary (an indicator id) as a refusal names it to the clerk: "tổng số đảng
    viên", "số đảng viên dân tộc Kinh (nữ)", "số chuyển đi năm 2025"; an id it cannot put in
    words (one a hand added) is named by the id, the only name it has."""
    said = (_WORDS.get() or {}).get(key)
    if said is not None:
        return said
    if key in _FIGURE_NAMES:
        return _FIGURE_NAMES[key]
    parts = key.split(".")
    if parts[0] == "changes" and len(parts) == 3:
        family, when = parts[1], parts[2]
        words = {**_FAMILY_WORDS, **{name: said for name, _, said in _SUMMED_FAMILIES}}.get(family)
        if words is not None and (when == "total" or (when.isdigit() and len(when) == 4)):
            return f"số {words} {'cả kỳ' if when == 'total' else f'năm {when}'}"
        if family == "admissions" and when in {q.rpartition(".")[2] for q in QUARTER_IDS}:
            return f"số kết nạp đảng viên quý {('I', 'II', 'III', 'IV')[int(when[1]) - 1]} năm chốt số liệu"
        if family == "strike_ground" and when in vocab.STRIKE_GROUND.codes:
            return f"số xóa tên cả kỳ với lý do {_lower_first(vocab.STRIKE_GROUND.label(when))}"
        if family in _TRANSFER_TOWARDS and when == "scope_unknown":
            return f"số {_FAMILY_WORDS[family]} cả kỳ chưa rõ {_lower_first(vocab.TRANSFER_SCOPE.title)}"
    if parts[0] == "period" and len(parts) == 2 and parts[1] in _FAMILY_WORDS:
        return f"Biểu 1: số {_FAMILY_WORDS[parts[1]]}"
    if parts[0] == "orgs" and len(parts) == 3 and parts[1] in ("tier", "sector"):
        org_voc = vocab.ORG_TIER if parts[1] == "tier" else vocab.SECTOR
        if parts[2] in org_voc.codes:  # its label names its kind: "Khối sự nghiệp", "Đảng bộ cơ sở"
            label = org_voc.label(parts[2])
            return f"số tổ chức {label[:1].lower()}{label[1:]}"
        if parts[2] == "unknown":
            return f"số tổ chức chưa rõ {_lower_first(org_voc.title)}"
    said = _yearly_words(parts) or _form_words(parts) or _member_words(parts)
    if said is not None:
        return said
    who = _WHO.get(parts[0])
    if who is None or len(parts) not in (3, 4) or (len(parts) == 4 and parts[3] != "female"):
        return key
    female = " nữ" if len(parts) == 4 else ""
    family, code = parts[1], parts[2]
    if family in ("age_report", "age_official") and (band := _band_words(code)) is not None:
        return f"số {who}{female} {band}"
    voc = _BREAKDOWN_VOCABS.get(family)
    if voc is None:
        return key
    title = voc.title[:1].lower() + voc.title[1:]
    if code == "unknown":
        return f"số {who}{female} chưa rõ {title}"
    if code not in voc.codes:
        return key
    if voc is vocab.RELIGION and code in _NO_RELIGION:
        return f"số {who}{female} {_NO_RELIGION[code]}"
    if voc is vocab.GENDER:
        return f"số {who} {voc.label(code).lower()}"
    label = voc.label(code)
    if voc is vocab.ACADEMIC_TITLE:  # "học hàm phó giáo sư"
        label = label.lower()
    elif voc not in _PROPER_NAMED:  # "trình độ chuyên môn đại học", not "… Đại học" mid-sentence
        label = label[:1].lower() + label[1:]
    return f"số {who}{female} {title} {label}"


class _NoNumber(SummaryError):
    """A JSON value no summary can hold as a number: a constant that is none (`NaN`,
    `Infinity`), or an integer longer than Python converts to a number. Raised inside the JSON
    parser and always caught in this module (`parse_summary`, `_marked_int`), which says the
    file and the key; a `SummaryError` as every exception of the toolkit is a `WardStatsError`."""

    def __init__(self, shown: str) -> None:
        super().__init__(shown)
        self.shown = shown  # how the message names the value (Vietnamese)


def _refuse_constant(name: str) -> float:
    raise _NoNumber(f"{name} (không phải một số)")


def _refuse_long_int(digits: str) -> int:
    try:
        return int(digits)
    except ValueError:  # longer than `sys.get_int_max_str_digits()`
        digits_count = vnformat.number(len(digits.lstrip("-")))
        raise _NoNumber(
            f"một số nguyên {digits_count} chữ số (quá lớn, không chỉ tiêu nào lớn như vậy)"
        ) from None


class _Unreadable:
    """Where `parse_loosely` found a value `parse_summary` refuses (`_NoNumber`)."""

    def __init__(self, shown: str) -> None:
        self.shown = shown


def _marked(shown: str) -> _Unreadable:
    return _Unreadable(shown)


def _marked_int(digits: str) -> int | _Unreadable:
    try:
        return _refuse_long_int(digits)
    except _NoNumber as exc:
        return _Unreadable(exc.shown)


def _loose(text: str) -> Any:
    """`text` as JSON, each value `_NoNumber` refuses an `_Unreadable` in its place; None when it
    is no JSON at all (or nested too deep)."""
    try:
        return json.loads(text, parse_constant=_marked, parse_int=_marked_int)
    except (ValueError, RecursionError):
        return None


def _unreadable_at(data: Any) -> tuple[str, ...] | None:
    """The keys (and list positions) leading to the first `_Unreadable` in `data`, None if none."""
    stack: list[tuple[tuple[str, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, _Unreadable):
            return path
        if isinstance(value, dict):
            stack.extend((path + (str(k),), v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((path + (str(n + 1),), v) for n, v in reversed(list(enumerate(value))))
    return None


def _where(path: tuple[str, ...]) -> str:
    """Where in a summary a value is, as a refusal names it: a figure by its words and id
    (`figure_name`), last year's too, any other value by its keys (a list's items from 1)."""
    if len(path) >= 2 and path[-2] == "indicators" and path[:-2] in ((), ("previous",)):
        last_year = " của số liệu cùng kỳ năm trước" if path[0] == "previous" else ""
        named = figure_name(path[-1])
        return f" ở chỉ tiêu {named if named == path[-1] else f'{named} ({path[-1]})'}{last_year}"
    return f" ở mục {' › '.join(path)}" if path else ""


def parse_loosely(text: str) -> Any:
    """`text` as JSON with each value no summary can hold as a number (NaN, Infinity, an integer
    too long to convert) read as None, or None when it is no JSON at all: what a roll-up reads a
    summary `parse_summary` refused for such a value by, to tell whether it is a ward's and which
    (`summary_shaped`, its `ward_name`), never its figures."""
    data = _loose(text)
    stack = [data]
    while stack:
        value = stack.pop()
        items = (
            value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        )
        for key, item in list(items):
            if isinstance(item, _Unreadable):
                value[key] = None
            else:
                stack.append(item)
    return data


def read_summary_text(path: Path, name: str | None = None) -> str:
    """The text of a summary file: a regular file only (a FIFO or a device is refused before a
    byte is read), bounded in size (Vietnamese errors for every failure, which name the file
    `name`, by default its path)."""
    from toolkit.io.files import FileRefused, read_regular

    path = Path(path)
    shown = name or str(path)
    try:
        data = read_regular(path, MAX_SUMMARY_BYTES)
    except FileRefused as exc:
        if not os.path.lexists(path):
            raise SummaryError(f"Không tìm thấy tệp số liệu tổng hợp “{shown}”.") from None
        if path.is_dir():
            raise SummaryError(f"“{shown}” là thư mục, không phải tệp JSON số liệu tổng hợp.") from None
        if exc.too_large is not None:
            raise SummaryError(
                f"Tệp “{shown}” lớn hơn {MAX_SUMMARY_BYTES // (1024 * 1024)} MiB, "
                f"không phải số liệu tổng hợp. {HINT}"
            ) from None
        raise SummaryError(f"Không đọc được tệp “{shown}”: {exc.reason}.") from None
    _refuse_encrypted(data, shown)
    kind = _binary_kind(data, path, shown)
    if kind is not None:
        raise SummaryError(kind)
    if not data.strip():
        # An empty file (a save that failed, a copy cut short) read "không phải JSON hợp lệ (dòng
        # 1, cột 1)", which sent the clerk looking for a mistake on a line there is not (h222).
        raise SummaryError(f"Tệp “{shown}” trống, không có số liệu tổng hợp. {HINT}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Notepad's "Unicode" (UTF-16): a summary typed by hand, as a first-year office may type
        # last year's figures (hunt220 F5), is no file of consolidate --json (h222).
        raise SummaryError(
            f"Tệp “{shown}” được lưu theo bảng mã Unicode (UTF-16), không phải UTF-8. Hãy mở tệp bằng "
            "Notepad, chọn File → Save As (Lưu thành), ở ô Encoding (Mã hóa) chọn UTF-8, lưu "
            "lại rồi chạy lại lệnh."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SummaryError(f"Tệp “{shown}” không phải tệp văn bản JSON (UTF-8). {HINT}") from None


# The first bytes of the files a clerk takes for a summary (hunt220 F1): last year's consolidated
# workbook, a registry or a submission (an .xlsx/.xlsm is a ZIP), an Excel 97-2003 book (OLE2),
# and the history file itself (SQLite).
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xltx", ".xltm", ".xlsb")


class EncryptedFile(SummaryError):
    """A password-protected (encrypted) workbook given where a summary is read."""


def _refuse_encrypted(data: bytes, shown: str) -> None:
    """Raise `EncryptedFile` for a password-protected workbook (a filled workbook of last year's
    forms the clerk protected, say, which cannot be told from any other once encrypted): what it
    is and how to remove the password, as the submission reader says it (`file.password`),
    never "an Excel file, not a JSON" (review229 L4)."""
    from toolkit.core.rules import PASSWORD_XLS, REMOVE_PASSWORD
    from toolkit.io.package import encrypted, encrypted_xls

    if encrypted(data):
        # An .xls is saved as a new .xlsx: "with that file" was ambiguous (review247 L8).
        xls = encrypted_xls(data)
        raise EncryptedFile(
            f"Tệp “{shown}” là tệp Excel được đặt mật khẩu (đã mã hóa) nên không đọc được. Hãy mở "
            f"tệp bằng Excel, gỡ mật khẩu ({REMOVE_PASSWORD}), lưu lại rồi chạy lại lệnh với "
            + ("tệp .xlsx vừa lưu." + PASSWORD_XLS if xls else "tệp đó.")
        )


def _binary_kind(data: bytes, path: Path, shown: str) -> str | None:
    """The refusal of a file that is no JSON text but a workbook or a history, saying what it is
    and which file to give instead; None for any other bytes. A bare "không phải tệp văn bản
    JSON (UTF-8)" left the clerk who gave last year's consolidated workbook to `history import`
    with no way on (hunt220 F1)."""
    if data.startswith(_SQLITE_MAGIC):
        # The commands as typed on this PC, the history named in full and in quotes (the office
        # PC has no `ward-stats` on PATH; a name given relative, or with `&`, broke them). Only
        # `consolidate` takes a history whole: `report` and `rollup` have no --history (h222).
        from toolkit.core.commands import history_command

        export = history_command("export SỐ --json TỆP.json", path)
        listed = history_command("list", path)
        return (
            f"Tệp “{shown}” là tệp lịch sử tổng hợp (SQLite), không phải tệp JSON số liệu tổng hợp; "
            "tệp lịch sử chỉ dùng được nguyên tệp khi tổng hợp (--history của lệnh consolidate). "
            f"Muốn lấy một lần tổng hợp trong đó, hãy xuất ra tệp JSON bằng lệnh “{export}” (SỐ "
            f"xem bằng lệnh “{listed}”)."
        )
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE2_MAGIC):
        # The ways to a summary that are there: the JSON of `consolidate --json` beside the
        # workbook, or a run of the history beside it, the one a buttons-only office has (no
        # button writes a JSON). The commands are this PC's (`core.commands`: `ward-stats` is
        # not on the office PC's PATH), the history named in full (review222 L1).
        from toolkit.core.commands import HISTORY_FILENAME, history_command, program

        what = "tệp Excel" if path.suffix.lower() in _EXCEL_SUFFIXES else "tệp Office hoặc tệp nén"
        sibling = path.with_suffix(".json")
        history = path.parent / HISTORY_FILENAME
        ways = []
        if path.suffix.lower() != ".json" and sibling.is_file():
            ways.append(
                f"dùng tệp “{sibling.name}” cạnh tệp này (tệp JSON do lệnh consolidate --json ghi cùng "
                "bảng tổng hợp)"
            )
        if history.is_file():
            export = history_command("export SỐ --json TỆP.json", history)
            listed = history_command("list", history)
            ways.append(
                "xuất lần tổng hợp cần dùng trong tệp lịch sử tổng hợp cạnh tệp này ra tệp JSON bằng "
                f"lệnh “{export}” (SỐ xem bằng lệnh “{listed}”)"
            )
        if not ways:
            typed = f"{program()} history export SỐ --json TỆP.json --history TỆP_LỊCH_SỬ"
            ways = [
                f"dùng tệp JSON do lệnh “{program()} consolidate --json” ghi cùng bảng tổng hợp",
                "xuất một lần tổng hợp trong lịch sử tổng hợp ra tệp JSON bằng lệnh "
                f"“{typed}” (TỆP_LỊCH_SỬ: tệp lịch sử tổng hợp, “{HISTORY_FILENAME}” cạnh bảng "
                "tổng hợp, ghi đủ đường dẫn)",
            ]
        return (
            f"Tệp “{shown}” là {what}, không phải tệp JSON số liệu tổng hợp: lệnh này không đọc "
            f"bảng tổng hợp, biểu mẫu hay danh mục. Hãy {', hoặc '.join(ways)}."
        )
    return None


def parse_summary(text: str, name: str) -> Any:
    """JSON text to Python values; NaN, infinities, over-long integers and deep nesting refused."""
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_int=_refuse_long_int)
    except json.JSONDecodeError as exc:
        raise SummaryError(
            f"Tệp “{name}” không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}). {HINT}"
        ) from None
    except RecursionError:  # nesting deeper than the interpreter allows: not our summary
        raise SummaryError(f"Tệp “{name}” lồng nhau quá sâu, không phải số liệu tổng hợp. {HINT}") from None
    except _NoNumber as exc:  # NaN/Infinity, or an integer longer than Python converts
        path = _unreadable_at(_loose(text))
        where = _where(path) if path is not None else ""
        raise SummaryError(
            f"Tệp “{name}” ghi {exc.shown}{where}. Tệp có thể đã bị sửa bằng tay hoặc bị hỏng. {HINT}"
        ) from None
    except ValueError:  # no other the parser raises: said in Vietnamese all the same
        raise SummaryError(
            f"Tệp “{name}” có giá trị không đọc được, không phải số liệu tổng hợp. {HINT}"
        ) from None


def office_file(path: Path) -> bool:
    """Whether `path` starts as a workbook or another Office file does (zip or OLE2): what
    `history import` refused as one may be last year's forms, for which it names the workbook
    to type them into (`cli_history`, hunt220 R1); False when it cannot be read, or is no
    regular file (a FIFO's `open` waited for a writer for ever: the refusal it had stands)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as f:
            head = f.read(len(_OLE2_MAGIC))
    except OSError:
        return False
    return head.startswith(_ZIP_MAGIC) or head.startswith(_OLE2_MAGIC)


def load_summary(path: Path) -> dict[str, Any]:
    """Read a summary JSON written by `ward-stats consolidate --json` and check its shape."""
    data = parse_summary(read_summary_text(path), str(path))
    check_summary(data, str(path))
    return data


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(data: dict[str, Any], key: str, name: str, section: str | None = None) -> dt.date:
    """`data[key]` as a date; else the error names the file and, for a part of the summary
    (`section`: "previous"), that part: the summary's own date may be right (hunt111 D3). Only
    a YYYY-MM-DD string, as the refusal says and `consolidate --json` writes: Python's
    `fromisoformat` also takes `20260331` (a JSON number too) and `2026-W13-2` (review281 #5)."""
    value = data[key]
    try:
        if not isinstance(value, str) or _ISO_DATE.fullmatch(value) is None:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SummaryError(
            f"{_place(name, section)}: mục {key} ghi “{shown_text(str(data[key]), 40)}”, không phải "
            f"ngày dạng YYYY-MM-DD (ví dụ 2026-03-31). {HINT}"
        ) from None


def _place(name: str, section: str | None) -> str:
    return f"“{name}”, mục {section}" if section else f"“{name}”"


def _is_number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def _plain_number(value: Any) -> bool:
    """A finite int or float of exactly those types: the common case, decided without calls
    (a thousand organisations carry half a million indicators)."""
    t = type(value)
    return t is int or (t is float and value - value == 0.0)


def _shown_value(value: int | float) -> str:
    """A figure as a message quotes it: a number too long to read is cut short."""
    text = str(value)
    return text if len(text) <= 20 else f"{text[:20]}… ({vnformat.number(len(text))} chữ số)"


def _range(key: str) -> tuple[int, int, str]:
    """The plausible range of an id out of the common one (0 to `MAX_COUNT`), with its words."""
    if key in MEAN_IDS:
        return 0, MAX_AGE, f"tuổi bình quân phải từ 0 đến {MAX_AGE}"
    if key.endswith(".age_sum"):
        return 0, MAX_AGE_SUM, f"tổng số tuổi phải từ 0 đến {vnformat.number(MAX_AGE_SUM)}"
    if key in SIGNED_IDS:
        return (
            -MAX_COUNT,
            MAX_COUNT,
            f"số đầu kỳ phải từ -{vnformat.number(MAX_COUNT)} đến {vnformat.number(MAX_COUNT)}",
        )
    return 0, MAX_COUNT, f"số đếm phải từ 0 đến {vnformat.number(MAX_COUNT)}"


def check_indicators(indicators: Any, where: str, *, figures: bool = True) -> None:
    """Raise unless `indicators` maps ids to finite numbers (None allowed, as `null`) and, with
    `figures`, each number is in its plausible range (module docstring)."""
    if not isinstance(indicators, dict):
        raise SummaryError(f"{where}: mục indicators phải là một bảng chỉ tiêu → số. {EDITED} {HINT}")
    bad = [k for k, v in indicators.items() if not _plain_number(v) and v is not None and not _is_number(v)]
    if bad:
        raise SummaryError(
            f"{where}: chỉ tiêu không phải số: {'; '.join(figure_name(k) for k in sorted(bad)[:SHOWN_IDS])}. "
            f"{EDITED} {HINT}"
        )
    if not figures:
        return
    # The common range first, in one pass; the few ids with another range are looked at alone.
    unusual = [k for k, v in indicators.items() if v is not None and not 0 <= v <= MAX_COUNT]
    unusual += [k for k in MEAN_IDS if k not in unusual and indicators.get(k) is not None]
    odd = [k for k in unusual if not _range(k)[0] <= indicators[k] <= _range(k)[1]]
    if odd:
        said = "; ".join(f"{figure_name(k)} = {_shown_value(indicators[k])}" for k in odd[:SHOWN_IDS])
        more = f" và {len(odd) - SHOWN_IDS} chỉ tiêu khác" if len(odd) > SHOWN_IDS else ""
        ranges = ", ".join(dict.fromkeys(_range(k)[2] for k in odd[:SHOWN_IDS]))
        raise SummaryError(
            f"{where}: chỉ tiêu có giá trị không hợp lý ({said}{more}): {ranges}. {EDITED} {HINT}"
        )


def _sum_words(ids: tuple[str, ...]) -> str:
    """The ids added on a side of an identity, as a message names them: a long list by its
    first and last ids and how many there are (Biểu 4 has 55 ethnic groups)."""
    if len(ids) <= SHOWN_IDS:
        return " + ".join(figure_name(k) for k in ids)
    return f"{figure_name(ids[0])} + … + {figure_name(ids[-1])} ({len(ids)} chỉ tiêu)"


def check_identities(
    indicators: dict[str, Any], where: str, period: tuple[dt.date, dt.date] | None = None
) -> None:
    """Raise unless the ward's own identities hold (`IDENTITIES`, `BREAKDOWN_IDENTITIES`, and
    with the summary's `period` (start, cut-off) those of its changes, `change_identities`;
    one whose ids are not all there is not checked: an older or hand-made summary lacks some).
    The change identities need the ids of the period's years, so a summary that counts a change
    family by year must have each year of its `period` (`_check_change_years`)."""
    if period is not None:
        _check_change_years(indicators, where, *period)
    changes = change_identities(*period) if period is not None else ()
    for words, left, plus, minus in (*IDENTITIES, *BREAKDOWN_IDENTITIES, *changes):
        values = [indicators.get(k) for k in (*left, *plus, *minus)]
        if any(v is None for v in values):
            continue
        lhs = sum(indicators[k] for k in left)
        rhs = sum(indicators[k] for k in plus) - sum(indicators[k] for k in minus)
        if lhs != rhs:
            right = _sum_words(plus) + "".join(f" − {figure_name(k)}" for k in minus)
            raise SummaryError(
                f"{where}: số liệu tự mâu thuẫn, không đúng “{words}” ({_sum_words(left)} = "
                f"{_shown_value(lhs)}, còn {right} = {_shown_value(rhs)}). {EDITED} {HINT}"
            )
    _check_member_parts(indicators, where)  # after the identities, whose words say more


# Ids of `members.*` that are no count of members (a sum of ages, their mean).
_NOT_MEMBER_COUNTS = frozenset({"members.total", "members.age_sum", "members.age_mean"})


def _check_member_parts(indicators: dict[str, Any], where: str) -> None:
    """Raise when a count of members (`members.*`) is larger than their total: no run writes
    one, so the file was edited or damaged (hunt111 D2: a ward's 600 youth union members out of
    451 were added up, and a count of 10⁹ printed a share of 39 million % and gave a roll-up
    summary its own `report` refused)."""
    total = indicators.get("members.total")
    if total is None or not _is_number(total):
        return
    for key, value in indicators.items():
        if (
            key.startswith("members.")
            and key not in _NOT_MEMBER_COUNTS
            and _is_number(value)
            and value > total
        ):
            raise SummaryError(
                f"{where}: số liệu tự mâu thuẫn: {figure_name(key)} = {_shown_value(value)} lớn hơn tổng "
                f"số đảng viên ({_shown_value(total)}). {EDITED} {HINT}"
            )


def _check_change_years(indicators: dict[str, Any], where: str, start: dt.date, cutoff: dt.date) -> None:
    """Raise when a change family the summary counts by year (`changes.<family>.<year>`) lacks a
    year of its period (`start`–`cutoff`): every consolidation writes each year of its period,
    so the dates were edited by hand (or the file damaged). Else the change identities of that
    year, whose ids are not all there, would not be checked, and the outputs would print the
    year's changes as 0 (hunt86 F2)."""
    years = range(start.year, cutoff.year + 1)
    families: dict[str, set[int]] = {}
    for key in indicators:
        family, _, year = key.removeprefix("changes.").rpartition(".")
        if key.startswith("changes.") and family and year.isdigit() and len(year) == 4:
            families.setdefault(family, set()).add(int(year))
    missing = sorted({y for y in years for given in families.values() if y not in given})
    if not missing:
        return
    lacking = [f"changes.{family}.{y}" for family, given in families.items() for y in years if y not in given]
    more = f" và {len(lacking) - SHOWN_IDS} chỉ tiêu khác" if len(lacking) > SHOWN_IDS else ""
    raise SummaryError(
        f"{where}: kỳ số liệu từ ngày {vnformat.message_date(start)} đến ngày "
        f"{vnformat.message_date(cutoff)} nhưng không có số biến động đảng viên năm "
        f"{', '.join(map(str, missing))} (thiếu "
        f"{', '.join(figure_name(k) for k in lacking[:SHOWN_IDS])}{more}). {EDITED} {HINT}"
    )


def _optional(data: dict[str, Any], key: str, kind: type | tuple[type, ...], name: str, what: str) -> None:
    value = data.get(key)
    if value is not None and not isinstance(value, kind):
        raise SummaryError(f"“{name}”: mục {key} phải là {what}.")


def _check_organisations(data: dict[str, Any], name: str, figures: bool) -> None:
    organisations = data.get("organisations", [])
    if organisations is None:
        return
    if not isinstance(organisations, list):
        raise SummaryError(f"“{name}”: mục organisations phải là một danh sách.")
    for i, org in enumerate(organisations, start=1):
        where = f"“{name}”, tổ chức thứ {i}"
        if not isinstance(org, dict) or not isinstance(org.get("org_code"), str) or not org["org_code"]:
            raise SummaryError(f"{where}: thiếu mã tổ chức (org_code).")
        if org.get("status", "consolidated") not in ORG_STATUSES:
            raise SummaryError(f"{where}: trạng thái (status) không hợp lệ.")
        for key in ("org_name", "org_tier", "sector", "file"):
            if org.get(key) is not None and not isinstance(org[key], str):
                raise SummaryError(f"{where}: mục {key} phải là chữ.")
        check_indicators(org.get("indicators", {}), where, figures=figures)


def _check_sources(data: dict[str, Any], name: str) -> None:
    """The files a record read (`sources`, in a record's copy: `history export`, `history remove`)."""
    sources = data.get("sources")
    if sources is None:
        return
    if not isinstance(sources, list):
        raise SummaryError(f"“{name}”: mục sources phải là một danh sách.")
    for i, source in enumerate(sources, start=1):
        where = f"“{name}”, tệp đã đọc thứ {i}"
        if not isinstance(source, dict) or not isinstance(source.get("file"), str) or not source["file"]:
            raise SummaryError(f"{where}: thiếu tên tệp (file).")
        for key in ("org_code", "sha256", "template_version", "status", "copy_of"):
            if source.get(key) is not None and not isinstance(source[key], str):
                raise SummaryError(f"{where}: mục {key} phải là chữ.")
        for key in ("consolidated", "upgrade_not_completed"):
            if source.get(key) is not None and not isinstance(source[key], bool):
                raise SummaryError(f"{where}: mục {key} phải là true hoặc false.")


def _check_form_period(data: dict[str, Any], name: str, cutoff: dt.date, section: str | None = None) -> None:
    period = data.get("form_period")
    if period is None:
        return
    place = _place(name, section)
    if not isinstance(period, list) or len(period) != 2:
        raise SummaryError(f"{place}: mục form_period phải là [ngày bắt đầu, ngày kết thúc].")
    start, end = (_date({"form_period": d}, "form_period", name, section) for d in period)
    if start > end or end != cutoff:
        raise SummaryError(
            f"{place}: kỳ báo cáo của Biểu 1–4-BTCTW (form_period) phải kết thúc đúng ngày chốt số liệu."
        )


def _check_previous(data: dict[str, Any], name: str, figures: bool, section: str = "previous") -> None:
    previous = data.get(section)
    if previous is None:
        return
    where = f"“{name}”, mục {section}"
    if not isinstance(previous, dict) or not {"cutoff_date", "period_start", "indicators"} <= set(previous):
        raise SummaryError(f"{where}: phải có cutoff_date, period_start và indicators.")
    cutoff = _date(previous, "cutoff_date", name, section)
    start = _date(previous, "period_start", name, section)
    check_indicators(previous["indicators"], where, figures=figures)
    if previous.get("typed_forms") is not None and type(previous["typed_forms"]) is not bool:
        raise SummaryError(f"{where}: mục typed_forms phải là true hoặc false.")
    if figures and start <= cutoff:
        check_identities(previous["indicators"], where, (start, cutoff))
    _check_form_period(previous, name, cutoff, section)


# The keys every summary has, as a message names them when a JSON file lacks them.
_REQUIRED = {
    "cutoff_date": "ngày chốt số liệu",
    "period_start": "ngày bắt đầu kỳ",
    "indicators": "các chỉ tiêu",
}


def summary_shaped(data: object) -> bool:
    """Whether `data` (parsed JSON) reads as a ward's summary however broken its figures: it
    names its ward (`ward_name`) or has every key a summary must have. A roll-up counts such a
    file as a ward left out; any other (another program's JSON, a renamed workbook) is no ward's
    (hunt332 F3)."""
    if not isinstance(data, dict):
        return False
    name = data.get("ward_name")
    return (isinstance(name, str) and bool(name.strip())) or all(k in data for k in _REQUIRED)


def check_summary(
    data: object,
    name: str = "số liệu tổng hợp",
    *,
    figures: bool = True,
    words: Mapping[str, str] | None = None,
) -> None:
    """Raise `SummaryError` unless `data` has the shape of the JSON summary and, with `figures`
    (a summary read back from a file), figures a consolidation can write (module docstring).
    A summary this run has just made (the report of a consolidation or a roll-up) is checked
    for its shape only: its figures are the run's own. `words` names figures in place of
    `figure_name`: the lines and cells of the forms a clerk typed them into (`history import`
    of typed forms, `forms.entry.id_words`)."""
    token = _WORDS.set(words)
    try:
        _check_summary(data, name, figures=figures)
    finally:
        _WORDS.reset(token)


def _check_summary(data: object, name: str, *, figures: bool) -> None:
    if not isinstance(data, dict):
        raise SummaryError(f"“{name}” không phải số liệu tổng hợp của ward-stats. {HINT}")
    missing = [said for k, said in _REQUIRED.items() if k not in data]
    if missing:
        raise SummaryError(f"“{name}” không phải tệp số liệu tổng hợp (thiếu {', '.join(missing)}). {HINT}")
    cutoff, start = _date(data, "cutoff_date", name), _date(data, "period_start", name)
    if start > cutoff:
        raise SummaryError(f"“{name}”: ngày bắt đầu kỳ (period_start) sau ngày chốt số liệu (cutoff_date).")
    indicators = data["indicators"]
    if isinstance(indicators, dict) and "members.total" in indicators:
        check_indicators(indicators, f"“{name}”", figures=figures)
    if not isinstance(indicators, dict) or not _is_number(indicators.get("members.total")):
        raise SummaryError(f"“{name}”: mục indicators không có tổng số đảng viên (members.total). {HINT}")
    if figures:
        check_identities(indicators, f"“{name}”", (start, cutoff))
    for key in ("run_id", "ward_name", "template_version", "tool_version"):
        _optional(data, key, str, name, "chữ")
    if data.get("origin") is not None and data["origin"] not in ORIGINS:
        raise SummaryError(f"“{name}”: mục origin phải là “consolidate” hoặc “import”.")
    if data.get("level") is not None and data["level"] not in LEVELS:
        raise SummaryError(f"“{name}”: mục level phải là “ward” hoặc “rollup”.")
    _optional(data, "issues", list, name, "một danh sách")
    for key in ("personal_data", "registry_used", "registry_none"):
        if data.get(key) is not None and type(data[key]) is not bool:
            raise SummaryError(f"“{name}”: mục {key} phải là true hoặc false.")
    pairs = data.get("name_accent_pairs")
    if pairs is not None and (type(pairs) is not int or pairs < 0):
        raise SummaryError(f"“{name}”: mục name_accent_pairs phải là một số nguyên không âm.")
    for key in ("target_years", "partial_target_years"):
        years = data.get(key)
        if years is not None and (not isinstance(years, list) or any(type(y) is not int for y in years)):
            raise SummaryError(f"“{name}”: mục {key} phải là một danh sách năm (số nguyên).")
    wards = data.get("ward_accent_pairs")
    if wards is not None and (
        not isinstance(wards, dict) or any(type(n) is not int or n < 0 for n in wards.values())
    ):
        raise SummaryError(
            f"“{name}”: mục ward_accent_pairs phải là một bảng tên phường với số nguyên không âm."
        )
    _optional(data, "forms", dict, name, "một bảng các biểu")
    _check_form_period(data, name, cutoff)
    _check_previous(data, name, figures)
    _check_previous(data, name, figures, "previous_snapshot")
    _check_organisations(data, name, figures)
    _check_sources(data, name)


def holds_personal_data(data: Mapping[str, Any]) -> bool:
    """Whether a checked summary says it holds members' values (`personal_data: true`, written
    by `consolidate --personal-data` when an issue is a member's, hunt249 F7). Its readers use
    its figures only, and each says so of the file (`personal_data_words`)."""
    return data.get("personal_data") is True


def personal_data_words(name: str) -> str:
    """“NAME” holds members' personal data (`holds_personal_data`): the start of what each reader
    of such a summary says (then what it does with it), in the same words."""
    return (
        f"Tệp “{name}” được ghi kèm dữ liệu cá nhân (--personal-data, hoặc “Có” ở ô “Ghi dữ liệu cá "
        "nhân vào danh sách lỗi”): danh sách lỗi trong tệp có họ tên, ngày sinh, giá trị ô của đảng "
        "viên (chỉ dùng trong văn phòng)"
    )


def consolidated_any(indicators: Mapping[str, Any]) -> bool:
    """Whether a run consolidated at least one organisation (a record without the count, from
    an older version or an import, is taken as it is). A run that consolidated none (a wrong
    folder or cut-off) is no ward's figures: it is never recorded, never imported, and a record
    of one already stored is never current (`toolkit.history.store.current_ids`); a roll-up
    leaves such a ward's summary out (`rollup.empty_ward`) and `report` writes no report of it
    (`empty_run_words`)."""
    return indicators.get("orgs.consolidated", 1) != 0


def empty_run_words(data: Mapping[str, Any], name: str) -> str:
    """“NAME” is the summary of a run that consolidated no organisation (`consolidated_any`):
    the start of every refusal of one (`history import`, `report`), in the same words."""
    cutoff = vnformat.message_date(dt.date.fromisoformat(str(data["cutoff_date"])))
    return (
        f"“{name}” là số liệu của một lần tổng hợp không tổng hợp được tổ chức nào (ngày chốt {cutoff}; "
        "thường do chọn nhầm thư mục bài nộp hoặc nhầm ngày chốt)"
    )


def is_rollup(data: Mapping[str, Any]) -> bool:
    """Whether a checked summary is a roll-up of ward summaries (`ward-stats rollup --json`)
    rather than one ward's consolidation. Its `level` says so; a roll-up written before
    `level` existed is known by its organisations, which are ward summaries: each a `.json`
    file, none with a tier or a sector (a ward's organisations are its submissions' and the
    registry's). The organisations are believed over a `level` of "ward": a roll-up's JSON
    hand-edited to say "ward" would otherwise be added as one ward, its wards counted again."""
    return data.get("level") == "rollup" or _organisations_are_wards(data)


def _organisations_are_wards(data: Mapping[str, Any]) -> bool:
    """Whether every organisation of a summary (at least one) is a ward's summary: a `.json`
    file with no tier and no sector, which no submission or registry row of a ward is."""
    organisations = data.get("organisations") or []
    return bool(organisations) and all(
        isinstance(o, Mapping)
        and o.get("org_tier") is None
        and o.get("sector") is None
        and str(o.get("file") or "").casefold().endswith(".json")
        for o in organisations
    )


def rollup_words(data: Mapping[str, Any], name: str) -> str:
    """“NAME” is a roll-up, not a ward: the start of every refusal of a roll-up (`is_rollup`)."""
    wards = len(data.get("organisations") or [])
    of_wards = f" của {wards} phường" if wards else ""
    edited = " dù mục level trong tệp ghi “ward”" if data.get("level") == "ward" else ""
    return (
        f"“{name}” là số liệu đã tổng hợp lên cấp trên{of_wards} (do lệnh “ward-stats rollup” "
        f"tạo ra{edited}), không phải số liệu của một phường"
    )


def written_by_older_version(data: Mapping[str, Any]) -> bool:
    """Whether a summary was written by an older version than this one: it has no `level`
    (every summary of this version has one) or an older `tool_version` (or none)."""
    if data.get("level") is None or not isinstance(data.get("tool_version"), str):
        return True
    return _version(data["tool_version"]) < _version(__version__)


def _version(text: str) -> tuple[int, ...]:
    """A version's numbers ("0.1.0" -> (0, 1, 0)); what is not a number counts as 0."""
    return tuple(int(part) if part.isdigit() else 0 for part in text.split("."))
