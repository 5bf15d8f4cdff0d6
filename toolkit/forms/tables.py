"""The official forms Biểu 1–4-BTCTW as tables: each line's key, number, label and indicator ids.

The labels are the official forms' wording (guidance 11-HD/BTCTW, 2021, as a ward committee
fills them since July 2025), which is not always the wording of the template's dropdowns
(Biểu 2 says "Công nhân kỹ thuật, nhân viên nghiệp vụ, sơ cấp" where the dropdown says
"Sơ cấp, …"), so they are kept here, with the form. A line's key is what the JSON summary
calls it (`"B.2.a"`); its number is what the form prints (`"a"`).

Indicator ids are those of docs/design.md: `period.*` (changes inside the forms' reporting
period), `admitted.*` (the members admitted in it), `members.*` (the roll at the cut-off)
and `orgs.grassroots.*`. A line whose ids are not computed shows empty (and the form's note
says how many), so a form can name ids before the statistics produce them.
"""

from __future__ import annotations

from collections.abc import Mapping

from toolkit.core import vocab
from toolkit.forms.model import CountNote, Form, Line, RollupNote, TermLines, Unknown

SUB = "Trong đó:"


def _of_which(key: str, level: int) -> Line:
    """The "Trong đó:" heading above a list of parts."""
    return Line(key, "", SUB, level=level)


# --- parts shared by Biểu 2 and Biểu 3 ----------------------------------------------------------

# (code, official label) of the working occupations, in the form's order; the three enterprise
# lines are grouped under one line.
_BEFORE_ENTERPRISE = (
    ("state_official", "Cán bộ, công chức cơ quan Nhà nước (trên cấp xã)"),
    ("party_mass_official", "Cán bộ, công chức cơ quan Đảng, Mặt trận Tổ quốc, đoàn thể (trên cấp xã)"),
    ("commune_official", "Cán bộ, công chức, người hoạt động không chuyên trách ở xã, phường"),
    ("neighbourhood_part_time", "Người hoạt động không chuyên trách ở thôn, tổ dân phố"),
    ("public_employee", "Viên chức trong đơn vị sự nghiệp công lập"),
    ("non_public_employee", "Người lao động trong đơn vị sự nghiệp ngoài công lập"),
)
_ENTERPRISE = (
    ("enterprise_manager", "Người lãnh đạo, quản lý doanh nghiệp"),
    ("enterprise_staff", "Nhân viên, người lao động gián tiếp trong doanh nghiệp"),
    ("production_worker", "Công nhân, lao động trực tiếp sản xuất"),
)
_AFTER_ENTERPRISE = (
    ("farmer", "Người làm nông, lâm, ngư nghiệp"),
    ("armed_forces", "Sỹ quan, chiến sỹ quân đội, công an"),
    ("university_student", "Sinh viên"),
    ("pupil", "Học sinh"),
    ("other", "Khác (lao động hợp đồng, tự do…)"),
)
WORKING_OCCUPATIONS: tuple[str, ...] = tuple(
    code for code, _ in (*_BEFORE_ENTERPRISE, *_ENTERPRISE, *_AFTER_ENTERPRISE)
)

AGE_LINES = (
    ("18_30", "Từ 18 đến 30 tuổi"),
    ("31_35", "Từ 31 đến 35 tuổi"),
    ("36_40", "Từ 36 đến 40 tuổi"),
    ("41_45", "Từ 41 đến 45 tuổi"),
    ("46_50", "Từ 46 đến 50 tuổi"),
    ("51_55", "Từ 51 đến 55 tuổi"),
    ("56_60", "Từ 56 đến 60 tuổi"),
    ("gt60", "Trên 60 tuổi"),
)
GEN_EDU_LINES = (
    ("literate", "Biết đọc, biết viết chữ quốc ngữ"),
    ("primary", "Tiểu học"),
    ("lower_secondary", "Trung học cơ sở"),
    ("upper_secondary", "Trung học phổ thông"),
)
PROF_LINES = (
    ("elementary", "Công nhân kỹ thuật, nhân viên nghiệp vụ, sơ cấp"),
    ("intermediate", "Trung cấp"),
    ("college", "Cao đẳng"),
    ("university", "Đại học"),
    ("master", "Thạc sỹ"),
    ("doctor", "Tiến sỹ"),
)
ACADEMIC_LINES = (("associate_professor", "Phó Giáo sư"), ("professor", "Giáo sư"))


def _items(key: str, prefix: str, items: tuple[tuple[str, str], ...], level: int) -> tuple[Line, ...]:
    """One "-" line per (code, label): the indicator `<prefix>.<code>`."""
    return tuple(
        Line(f"{key}.{code}", "-", label, (f"{prefix}.{code}",), level=level) for code, label in items
    )


def occupation_lines(key: str, who: str, level: int) -> tuple[Line, ...]:
    """The working occupations of `who` (`admitted` or `members`), the enterprise ones grouped;
    the enterprise line holds too those whose old occupation (2026.1) is wholly of it though
    not which of its sub-lines (`<who>.occupation.unknown.enterprise`)."""
    prefix = f"{who}.occupation"
    enterprise = (*(f"{prefix}.{code}" for code, _ in _ENTERPRISE), f"{prefix}.unknown.enterprise")
    return (
        *_items(key, prefix, _BEFORE_ENTERPRISE, level),
        Line(
            f"{key}.enterprise",
            "-",
            "Lãnh đạo, quản lý và lao động trong các doanh nghiệp, chia ra:",
            enterprise,
            level=level,
        ),
        *(
            Line(f"{key}.{code}", "+", label, (f"{prefix}.{code}",), level=level + 1)
            for code, label in _ENTERPRISE
        ),
        *_items(key, prefix, _AFTER_ENTERPRISE, level),
    )


def age_lines(key: str, who: str) -> tuple[Line, ...]:
    return (
        *_items(key, f"{who}.age_official", AGE_LINES, 2),
        Line(f"{key}.mean", "-", "Tuổi bình quân", (f"{who}.age_mean",), level=2),
    )


def _keys(lines: tuple[Line, ...]) -> tuple[str, ...]:
    """The keys of those of `lines` with a figure (what a count note's `lines` names)."""
    return tuple(line.key for line in lines if line.has_figure)


def _plus_keys(key: str) -> tuple[str, ...]:
    """The keys of the "+" lines under the enterprise line of `occupation_lines(key, …)`."""
    return tuple(f"{key}.{code}" for code, _ in _ENTERPRISE)


def _section(key: str, number: str, label: str) -> Line:
    """A numbered heading of part II (no figure of its own)."""
    return Line(key, number, label, level=1, bold=True)


# --- Biểu 1 -------------------------------------------------------------------------------------

BIEU_1 = Form(
    code="bieu1",
    number=1,
    title="THỐNG KÊ TĂNG, GIẢM ĐẢNG VIÊN",
    kind="compare",
    lines=(
        Line("A", "A", "Tổng số đảng viên cuối kỳ trước chuyển sang", ("period.opening",), bold=True),
        Line(
            "B",
            "B",
            "Đảng viên tăng trong kỳ",
            ("period.admitted", "period.readmitted", "period.transfer_in", "period.restored"),
            bold=True,
        ),
        Line("B.1", "1", "Kết nạp", ("period.admitted", "period.readmitted"), level=1),
        Line("B.2", "2", "Chuyển đến", ("period.transfer_in",), level=1),
        Line("B.2.a", "a", "Tỉnh khác chuyển đến", ("period.transfer_in.other_province",), level=2),
        Line(
            "B.2.b",
            "b",
            "Huyện (xã, phường) khác trong tỉnh chuyển đến",
            ("period.transfer_in.same_province",),
            level=2,
        ),
        Line("B.3", "3", "Phục hồi đảng tịch", ("period.restored",), level=1),
        Line(
            "C",
            "C",
            "Đảng viên giảm trong kỳ",
            ("period.died", "period.expelled", "period.struck_off", "period.resigned", "period.transfer_out"),
            bold=True,
        ),
        Line("C.1", "1", "Từ trần", ("period.died",), level=1),
        Line("C.2", "2", "Khai trừ", ("period.expelled",), level=1),
        Line("C.3", "3", "Xóa tên", ("period.struck_off",), level=1),
        Line("C.3.probationary", "", f"{SUB} Đảng viên dự bị", ("period.struck_off.probationary",), level=2),
        Line("C.4", "4", "Xin ra khỏi Đảng", ("period.resigned",), level=1),
        Line("C.5", "5", "Chuyển đi", ("period.transfer_out",), level=1),
        Line("C.5.a", "a", "Chuyển đi tỉnh khác", ("period.transfer_out.other_province",), level=2),
        Line(
            "C.5.b",
            "b",
            "Chuyển đi huyện (xã, phường) khác trong tỉnh",
            ("period.transfer_out.same_province",),
            level=2,
        ),
        Line("D", "D", "Đảng viên trong danh sách cuối kỳ báo cáo", ("period.closing",), bold=True),
    ),
    count_notes=(
        CountNote(
            ("period.transfer_in.unknown",),
            "{n} đảng viên chuyển đến chưa ghi phạm vi chuyển (tệp theo mẫu cũ 2026.1, hoặc tệp đã "
            "nâng cấp nhưng chưa điền bổ sung): có trong dòng “Chuyển đến” nhưng không ở dòng a hoặc b.",
            lines=("B.2.a", "B.2.b"),
        ),
        CountNote(
            ("period.transfer_out.unknown",),
            "{n} đảng viên chuyển đi chưa ghi phạm vi chuyển (tệp theo mẫu cũ 2026.1, hoặc tệp đã "
            "nâng cấp nhưng chưa điền bổ sung): có trong dòng “Chuyển đi” nhưng không ở dòng a hoặc b.",
            lines=("C.5.a", "C.5.b"),
        ),
        CountNote(
            ("period.struck_off.probationary.unknown",),
            "{n} đảng viên bị xóa tên chưa rõ có là đảng viên dự bị hay không (tệp theo mẫu cũ 2026.1, "
            "không có cột “Là đảng viên dự bị”, hoặc tệp đã nâng cấp nhưng chưa điền bổ sung): có trong "
            "dòng “Xóa tên” nhưng không tính vào dòng "
            "“Trong đó: Đảng viên dự bị”.",
            lacking="Dòng “Trong đó: Đảng viên dự bị” có thể chưa đủ: tệp số liệu của một số phường "
            "không cho biết có bao nhiêu đảng viên bị xóa tên chưa rõ có là đảng viên "
            "dự bị hay không.",
            lines=("C.3.probationary",),
        ),
        CountNote(
            ("period.transfer_in.in_transit", "period.transfer_out.in_transit"),
            "{n} dòng chuyển sinh hoạt trong Đảng bộ phường chưa có dòng tương ứng của tổ chức kia "
            "(cùng họ tên, ngày sinh) trong các tệp được tổng hợp, hoặc dòng đó ghi ngày ngoài kỳ báo "
            "cáo, nên được tính ở dòng “Chuyển đến” hoặc “Chuyển đi” nhưng không ở dòng a hoặc b: "
            "đúng khi đảng viên đang chuyển giữa hai tổ chức của phường qua ngày chốt hoặc ngày đầu "
            "kỳ, không có trong danh sách của tổ chức nào vào ngày đó. Nếu không phải vậy, tổ chức "
            "kia chưa ghi dòng tương ứng, ghi họ tên hoặc ngày sinh khác, hoặc tệp của tổ chức kia "
            "không được tổng hợp. Khi cả hai dòng có trong các tệp và trong kỳ, lần chuyển không "
            "tính là tăng hoặc giảm.",
            # No `lines`: a move inside the ward is never of another province or commune, so
            # lines a and b are complete without it, and "Chuyển đến"/"Chuyển đi" count it in
            # both columns alike: no ratio is of a figure it makes short (hunt155 F3).
        ),
        CountNote(
            ("period.transfer_in.internal", "period.transfer_out.internal"),
            "{n} dòng chuyển sinh hoạt giữa hai tổ chức đảng của cùng một Đảng bộ phường không tính "
            "là tăng hoặc giảm.",
        ),
    ),
    rollup_notes=(
        # A ward records a move to or from another ward of the province as "khác trong tỉnh"
        # (B.2.b, C.5.b); summed, a move between two wards rolled up is an increase and a
        # decrease, though inside the unit above, and the sums cannot tell it apart (hunt271 G1).
        RollupNote(
            ("period.transfer_in.same_province", "period.transfer_out.same_province"),
            "Dòng “Huyện (xã, phường) khác trong tỉnh chuyển đến” và dòng “Chuyển đi huyện (xã, "
            "phường) khác trong tỉnh” là tổng của các phường, nên gồm cả đảng viên chuyển sinh hoạt "
            "giữa hai phường được tổng hợp ở đây (một lần tăng ở phường đến, một lần giảm ở phường "
            "đi). Ở cấp trên, lần chuyển như vậy là chuyển trong nội bộ, có thể cần trừ ra khỏi hai "
            "dòng này và các dòng cộng từ chúng (“Chuyển đến”, “Chuyển đi”, “Đảng viên tăng trong "
            "kỳ”, “Đảng viên giảm trong kỳ”); số liệu các phường gửi lên không cho biết có bao "
            "nhiêu lần chuyển như vậy.",
        ),
    ),
)

# --- Biểu 2 -------------------------------------------------------------------------------------


def _grassroots(key: str, number: str, label: str, tier: str) -> tuple[Line, ...]:
    """A tier's line of part III: the organisations of the tier there at the end of the period
    (those consolidated with members at the cut-off) and those the run did not consolidate, as
    `Tổng hợp` counts the registry's; under it, what only the files say, of those consolidated
    (`_not_consolidated_note` says how many are left out)."""
    base = f"orgs.grassroots.{tier}"
    return (
        Line(key, number, label, (base, f"{base}.not_consolidated"), level=1),
        _of_which(f"{key}.of_which", 2),
        Line(f"{key}.with_admission", "-", "Có kết nạp đảng viên", (f"{base}.with_admission",), level=2),
        Line(
            f"{key}.no_candidates_left", "-", "Không còn quần chúng", (f"{base}.no_candidates_left",), level=2
        ),
    )


# What part III's line of a tier adds up: those consolidated, those not (`_grassroots`).
PART_III = ("", ".not_consolidated")
# Part III's tiers: (tier code, the line's label, what one organisation of the tier is called).
_GRASSROOTS_TIERS = (
    ("dang_bo_co_so", "Đảng bộ cơ sở", "đảng bộ cơ sở"),
    ("chi_bo_co_so", "Chi bộ cơ sở", "chi bộ cơ sở"),
)


def _no_candidates_unknown(key: str, tier: str, label: str, what: str) -> CountNote:
    """The organisations of `tier` (its line `key`) whose file does not say whether candidates
    are left (template 2026.1, or an upgraded file not completed that leaves it empty): in the
    tier's line, not in its "Không còn quần chúng"."""
    return CountNote(
        (f"orgs.grassroots.{tier}.no_candidates_left.unknown",),
        f"{{n}} {what} chưa rõ còn quần chúng để kết nạp hay không (tệp theo mẫu cũ 2026.1, không có "
        f"mục “Không còn quần chúng để kết nạp”, hoặc tệp đã nâng cấp nhưng chưa điền bổ sung): có "
        f"trong dòng “{label}” của mục III nhưng không "
        "tính vào dòng “Không còn quần chúng” dưới dòng đó.",
        lacking=f"Dòng “Không còn quần chúng” dưới dòng “{label}” (mục III) có thể chưa đủ: tệp số "
        f"liệu của một số phường không cho biết có bao nhiêu {what} chưa rõ còn quần "
        "chúng để kết nạp hay không.",
        lines=(f"{key}.no_candidates_left",),
    )


def _not_consolidated_note(key: str, tier: str, label: str, what: str) -> CountNote:
    """The organisations of `tier` (its line `key`) the run did not consolidate (missing, or
    excluded for their errors): in the tier's line, as the registry has them, but whether they
    admitted anyone or have candidates left is in their files only, so the lines under it leave
    them out (hunt155 F5). No `lacking`: a summary without the count leaves the tier's line
    empty, and its note says why."""
    return CountNote(
        (f"orgs.grassroots.{tier}.not_consolidated",),
        f"{{n}} {what} chưa được tổng hợp (chưa nộp hoặc tệp có lỗi): có trong dòng “{label}” của "
        "mục III nhưng chưa rõ có kết nạp đảng viên hay không, còn quần chúng hay không, nên không tính vào "
        "các dòng dưới dòng đó.",
        lines=(f"{key}.with_admission", f"{key}.no_candidates_left"),
    )


def _no_members_note(tier: str, label: str, what: str) -> CountNote:
    """The consolidated organisations of `tier` with nobody on their roll at the cut-off
    (dissolved, merged away, every member moved): not "có đến cuối kỳ báo cáo", so not in part
    III, though `Tổng hợp` and the report count them with the registry (review159 R3). No
    `lacking` and no `lines`: a summary without the count (an older version's) has no note,
    and the line is right without them."""
    return CountNote(
        (f"orgs.grassroots.{tier}.no_members",),
        f"{{n}} {what} không còn đảng viên vào ngày chốt số liệu (đã giải thể, sáp nhập hoặc "
        f"chuyển hết đảng viên) nên không tính vào dòng “{label}” của mục III.",
    )


# Attributes a member's row may leave unknown (a file of the 2026.1 template, an upgraded file
# not completed yet, a new member no longer on the roll): the count of each is said under the
# form, since its line counts only those known to have it.
_UNKNOWN_ATTRIBUTES: tuple[tuple[str, str, str], ...] = (
    ("ethnicity", "dân tộc", "dòng “Dân tộc thiểu số”"),
    ("religion", "tôn giáo", "dòng “Người theo tôn giáo”"),
    ("youth_union", "có là đoàn viên hay không", "dòng “Đoàn viên Đoàn TNCS Hồ Chí Minh”"),
    ("private_owner", "có là chủ doanh nghiệp tư nhân hay không", "dòng “Chủ doanh nghiệp tư nhân”"),
    (
        "foreign_marriage",
        "có quan hệ hôn nhân với người nước ngoài hay không",
        "dòng “Có quan hệ hôn nhân với người nước ngoài”",
    ),
    ("occupation", "nghề nghiệp", "các dòng “Nghề nghiệp”"),
    ("academic", "chức danh khoa học", "các dòng “Chức danh khoa học”"),
)


# Why a member's attribute is unknown (said under Biểu 3 and Biểu 4).
_OLD_TEMPLATE = " (tệp theo mẫu cũ 2026.1, hoặc tệp đã nâng cấp nhưng chưa điền bổ sung)"


# Why a count of last year's column is of members of unknown specific occupation when that
# year was typed from the forms sent up (`CountNote.typed`): a line typed above its lines.
_TYPED = (
    " (số liệu năm trước được chép tay từ các biểu đã gửi, trong đó dòng đó lớn hơn tổng các dòng "
    "chia ra dưới nó)."
)

# The line of the enterprise occupations (`occupation_lines`).
_ENTERPRISE_LINE = "“Lãnh đạo, quản lý và lao động trong các doanh nghiệp”"


def _unknown_notes(
    prefix: str,
    who: str,
    why: str,
    lines: Mapping[str, tuple[str, ...]],
    skip: tuple[str, ...] = (),
    minus: tuple[str, ...] = (),
) -> tuple[CountNote, ...]:
    """One note per attribute of `_UNKNOWN_ATTRIBUTES` (but `skip`) that some members of
    `prefix` (`members`, `admitted`) leave unknown: how many, and which line leaves them out
    (`lines[attribute]`: the keys of those lines). The occupation's: those whose old occupation
    (2026.1) says which of the lines that group occupations hold them
    (`<prefix>.occupation.unknown.<part>`, in Biểu 3's line a for `members`, in the enterprise
    line) are said apart, with the lines they are in (`lines["working"]`, `lines["enterprise"]`:
    the lines under them, which leave them out). `minus`: those said by a note of their own
    (Biểu 2's admitted on no roster), taken off each attribute's count."""
    notes = []
    for key, what, where in _UNKNOWN_ATTRIBUTES:
        if key in skip:
            continue
        unknown = f"{prefix}.{key}.unknown"
        text = f"{{n}} {who} chưa rõ {what}{why}: không tính vào {where}."
        parts = Unknown(who, what, why, where)
        if key != "occupation":
            notes.append(CountNote((unknown,), text, minus=minus, unknown=parts, lines=lines[key]))
            continue
        # Biểu 3 has line a (the working occupations); Biểu 2 lists the working ones only.
        working, enterprise = (f"{prefix}.occupation.unknown.{part}" for part in ("working", "enterprise"))
        placed = working if prefix == "members" else enterprise
        notes.append(CountNote((unknown,), text, minus=(placed, *minus), unknown=parts, lines=lines[key]))
        line_a = "dòng “a) Đảng viên đang làm việc và công tác” và " if prefix == "members" else ""
        if prefix == "members":
            notes.append(
                CountNote(
                    (working,),
                    f"{{n}} {who} chưa rõ nghề nghiệp cụ thể{why}, theo nghề nghiệp ghi ở mẫu cũ là "
                    "đảng viên đang làm việc: có trong dòng “a) Đảng viên đang làm việc và công tác” "
                    "nhưng không ở dòng nào chia ra dưới dòng đó.",
                    minus=(enterprise,),
                    lines=lines["working"],
                    typed=(
                        f"{{n}} {who} có trong dòng “a) Đảng viên đang làm việc và công tác” nhưng không ở "
                        f"dòng nào chia ra dưới dòng đó{_TYPED}"
                    ),
                )
            )
        notes.append(
            CountNote(
                (enterprise,),
                f"{{n}} {who} ghi nghề nghiệp theo mẫu cũ là “Người lao động trong doanh nghiệp”{why}: có "
                f"trong {line_a}dòng {_ENTERPRISE_LINE} nhưng không ở các dòng “+” chia ra dưới dòng đó.",
                lines=lines["enterprise"],
                typed=(
                    f"{{n}} {who} có trong {line_a}dòng {_ENTERPRISE_LINE} nhưng không ở các dòng “+” chia "
                    f"ra dưới dòng đó{_TYPED}"
                ),
            )
        )
    return tuple(notes)


# The lines of part I of Biểu 2 and 3 that count members by an attribute a row may leave
# unknown (`_UNKNOWN_ATTRIBUTES`), by attribute.
_FLAG_LINES: dict[str, tuple[str, ...]] = {
    "ethnicity": ("I.ethnic_minority",),
    "religion": ("I.religious",),
    "youth_union": ("I.youth_union",),
    "private_owner": ("I.private_owner",),
    "foreign_marriage": ("I.foreign_marriage",),
}

_ADMITTED_OCCUPATION = occupation_lines("II.1", "admitted", 2)
_ADMITTED_GEN_EDU = _items("II.3", "admitted.gen_edu", GEN_EDU_LINES, 2)
_ADMITTED_PROF = _items("II.4", "admitted.prof", PROF_LINES, 2)
_ADMITTED_ACADEMIC = _items("II.5", "admitted.academic", ACADEMIC_LINES, 2)
# Biểu 2's lines that leave out the admitted of each unknown attribute.
_ADMITTED_UNKNOWN_LINES: dict[str, tuple[str, ...]] = {
    **_FLAG_LINES,
    "occupation": _keys(_ADMITTED_OCCUPATION),
    "enterprise": _plus_keys("II.1"),
    "academic": _keys(_ADMITTED_ACADEMIC),
}

# The admitted on no roster of the ward (moved away before the cut-off): only the event row
# is known of them, so their gender is unknown (a roster row's is required): its count is
# theirs (`toolkit.stats.period`).
_OFF_ROLL = "admitted.gender.unknown"
# Biểu 2's lines that leave them out: every line but the total, the readmitted and the ages.
_OFF_ROLL_LINES = (
    *(keys[0] for attribute, keys in _FLAG_LINES.items() if attribute != "religion"),
    *_keys(_ADMITTED_OCCUPATION),
    *_keys(_ADMITTED_GEN_EDU),
    *_keys(_ADMITTED_PROF),
    *_keys(_ADMITTED_ACADEMIC),
)

BIEU_2 = Form(
    code="bieu2",
    number=2,
    title="THỐNG KÊ ĐẢNG VIÊN MỚI KẾT NẠP",
    kind="compare",
    lines=(
        Line("I", "I", "Tổng số đảng viên mới kết nạp", ("admitted.total",), bold=True),
        _of_which("I.of_which", 1),
        Line("I.ethnic_minority", "-", "Dân tộc thiểu số", ("admitted.ethnic_minority",), level=2),
        Line("I.youth_union", "-", "Đoàn viên Đoàn TNCS Hồ Chí Minh", ("admitted.youth_union",), level=2),
        Line("I.private_owner", "-", "Chủ doanh nghiệp tư nhân", ("admitted.private_owner",), level=2),
        Line("I.family_planning", "-", "Quần chúng vi phạm chính sách KHHGĐ", level=2, collected=False),
        Line(
            "I.foreign_marriage",
            "-",
            "Có quan hệ hôn nhân với người nước ngoài",
            ("admitted.foreign_marriage",),
            level=2,
        ),
        Line("I.readmitted", "-", "Kết nạp lại", ("admitted.readmitted",), level=2),
        Line("II", "II", "Phân tích đảng viên mới kết nạp", bold=True),
        _section("II.1", "1", "Nghề nghiệp"),
        *_ADMITTED_OCCUPATION,
        _section("II.2", "2", "Tuổi đời"),
        *age_lines("II.2", "admitted"),
        _section("II.3", "3", "Trình độ giáo dục phổ thông"),
        *_ADMITTED_GEN_EDU,
        _section("II.4", "4", "Trình độ chuyên môn nghiệp vụ"),
        *_ADMITTED_PROF,
        _section("II.5", "5", "Chức danh khoa học"),
        *_ADMITTED_ACADEMIC,
        Line(
            "III",
            "III",
            "Số tổ chức cơ sở đảng có đến cuối kỳ báo cáo",
            tuple(f"orgs.grassroots.{tier}{part}" for tier, _, _ in _GRASSROOTS_TIERS for part in PART_III),
            bold=True,
        ),
        *(
            line
            for n, (tier, label, _) in enumerate(_GRASSROOTS_TIERS, 1)
            for line in _grassroots(f"III.{n}", str(n), label, tier)
        ),
    ),
    count_notes=(
        # One note for the admitted on no roster, naming every line they are not in; the notes of
        # each unknown attribute count only the others (old-template rows), so that one person
        # is one note, not one per line.
        CountNote(
            (_OFF_ROLL,),
            "{n} đảng viên mới kết nạp không có trong danh sách đảng viên của phường (ví dụ đã "
            "chuyển đi khỏi phường) nên chỉ tính được ở dòng “Tổng số đảng viên mới kết nạp”, dòng "
            "“Kết nạp lại” và các dòng “Tuổi đời”: không tính vào các dòng “Dân tộc thiểu số”, "
            "“Đoàn viên Đoàn TNCS Hồ Chí Minh”, “Chủ doanh nghiệp tư nhân”, “Có quan hệ hôn nhân "
            "với người nước ngoài”, “Nghề nghiệp”, “Trình độ giáo dục phổ thông”, “Trình độ chuyên "
            "môn nghiệp vụ” và “Chức danh khoa học”.",
            lines=_OFF_ROLL_LINES,
        ),
        # Biểu 2 has no religion line.
        *_unknown_notes(
            "admitted",
            "đảng viên mới kết nạp",
            "",
            _ADMITTED_UNKNOWN_LINES,
            skip=("religion",),
            minus=(_OFF_ROLL,),
        ),
        # Biểu 2 lists the working occupations only: the retired admitted are in none of its
        # lines, so "Nghề nghiệp" adds up to less than "I". Each line is complete for what it
        # names (no `lines`, its ratio stays), and no `lacking`: a summary without the id is
        # older than every `admitted.*` id, so its occupation lines are empty too.
        CountNote(
            ("admitted.occupation.retired",),
            "{n} đảng viên mới kết nạp ghi nghề nghiệp “Đã nghỉ hưu, nghỉ công tác”: biểu không có "
            "dòng cho nghề nghiệp này, nên không tính vào các dòng “Nghề nghiệp”.",
        ),
        *(_no_candidates_unknown(f"III.{n}", *tier) for n, tier in enumerate(_GRASSROOTS_TIERS, 1)),
        *(_not_consolidated_note(f"III.{n}", *tier) for n, tier in enumerate(_GRASSROOTS_TIERS, 1)),
        *(_no_members_note(*tier) for tier in _GRASSROOTS_TIERS),
    ),
)

# --- Biểu 3 -------------------------------------------------------------------------------------

_WORKING = Line(
    "II.1.a",
    "a",
    "Đảng viên đang làm việc và công tác",
    (
        *(f"members.occupation.{code}" for code in WORKING_OCCUPATIONS),
        "members.occupation.unknown.working",
    ),
    level=2,
)
_MEMBER_OCCUPATION = occupation_lines("II.1.a", "members", 3)
_RETIRED = (
    Line("II.1.b", "b", "Đảng viên đã nghỉ hưu và nghỉ công tác", ("members.occupation.retired",), level=2),
    Line(
        "II.1.b.exempt",
        "",
        f"{SUB} Được miễn công tác và sinh hoạt đảng",
        ("members.occupation.retired.exempt",),
        level=3,
    ),
)
_MEMBER_ACADEMIC = _items("II.6", "members.academic", ACADEMIC_LINES, 2)
# Biểu 3's lines that leave out the members of each unknown attribute.
_MEMBER_UNKNOWN_LINES: dict[str, tuple[str, ...]] = {
    **_FLAG_LINES,
    "occupation": _keys((_WORKING, *_MEMBER_OCCUPATION, *_RETIRED)),
    "working": _keys(_MEMBER_OCCUPATION),
    "enterprise": _plus_keys("II.1.a"),
    "academic": _keys(_MEMBER_ACADEMIC),
}

BIEU_3 = Form(
    code="bieu3",
    number=3,
    title="THỐNG KÊ ĐỘI NGŨ ĐẢNG VIÊN",
    kind="compare",
    snapshot=True,  # the roll at the cut-off: no line counts the period's events
    lines=(
        Line("I", "I", "Đảng viên trong danh sách có đến cuối kỳ báo cáo", ("members.total",), bold=True),
        _of_which("I.of_which", 1),
        Line("I.female", "-", "Nữ", ("members.gender.female",), level=2),
        Line("I.probationary", "-", "Dự bị", ("members.probationary",), level=2),
        Line("I.ethnic_minority", "-", "Dân tộc thiểu số", ("members.ethnic_minority",), level=2),
        Line("I.religious", "-", "Người theo tôn giáo", ("members.religious",), level=2),
        Line("I.youth_union", "-", "Đoàn viên Đoàn TNCS Hồ Chí Minh", ("members.youth_union",), level=2),
        Line("I.private_owner", "-", "Chủ doanh nghiệp tư nhân", ("members.private_owner",), level=2),
        Line(
            "I.foreign_marriage",
            "-",
            "Có quan hệ hôn nhân với người nước ngoài",
            ("members.foreign_marriage",),
            level=2,
        ),
        Line("II", "II", "Phân tích đội ngũ đảng viên", bold=True),
        _section("II.1", "1", "Nghề nghiệp"),
        _WORKING,
        *_MEMBER_OCCUPATION,
        *_RETIRED,
        _section("II.2", "2", "Tuổi đời"),
        *age_lines("II.2", "members"),
        _section("II.3", "3", "Thời gian kết nạp vào Đảng"),
        *_items("II.3", "members.era", vocab.PARTY_AGE_ERAS, 2),
        _section("II.4", "4", "Trình độ giáo dục phổ thông"),
        *_items("II.4", "members.gen_edu", GEN_EDU_LINES, 2),
        _section("II.5", "5", "Trình độ chuyên môn nghiệp vụ"),
        *_items("II.5", "members.prof", PROF_LINES, 2),
        _section("II.6", "6", "Chức danh khoa học"),
        *_MEMBER_ACADEMIC,
        _section("II.7", "7", "Trình độ lý luận chính trị"),
        *_items(
            "II.7",
            "members.theory",
            (
                ("elementary", "Sơ cấp"),
                ("intermediate", "Trung cấp"),
                ("advanced_bachelor", "Cao cấp, cử nhân"),
            ),
            2,
        ),
    ),
    count_notes=(
        *_unknown_notes("members", "đảng viên", _OLD_TEMPLATE, _MEMBER_UNKNOWN_LINES),
        # The exempted in full of a working occupation (old farmers…): the form's exemption line
        # is of the retired only (hunt261 G2). Each line is complete for what it names (no
        # `lines`, its ratio stays). A ward's summary older than the id has line a as full but
        # not this count: a roll-up of it says line a may hold them (review263).
        CountNote(
            ("members.occupation.working.exempt",),
            "{n} đảng viên được miễn công tác và sinh hoạt đảng có nghề nghiệp không phải “Đã nghỉ "
            "hưu, nghỉ công tác” nên được tính ở dòng “a) Đảng viên đang làm việc và công tác”, không "
            "ở dòng “Trong đó: Được miễn công tác và sinh hoạt đảng”.",
            lacking="Dòng “a) Đảng viên đang làm việc và công tác” có thể có cả đảng viên được miễn công "
            "tác và sinh hoạt đảng có nghề nghiệp không phải “Đã nghỉ hưu, nghỉ công tác”: tệp số liệu "
            "của một số phường không cho biết có bao nhiêu.",
            # Last year's record older than the id (hunt261 G2): its line a holds such members as
            # this year's does, but how many is not in it; a count said of this year alone read
            # as if there were none then.
            lacking_record="Dòng “a) Đảng viên đang làm việc và công tác” có thể có cả đảng viên được "
            "miễn công tác và sinh hoạt đảng có nghề nghiệp không phải “Đã nghỉ hưu, nghỉ công tác”: số "
            "liệu của kỳ đó trong lịch sử tổng hợp chưa đếm riêng số này nên không biết có bao nhiêu.",
            lacking_record_ids=_WORKING.ids,
        ),
    ),
)

# --- Biểu 4 -------------------------------------------------------------------------------------


def _unknown_share_note(family: str, what: str, part: str, lines: str) -> CountNote:
    """The members whose `what` is unknown: their count is the part's “Chưa xác định” line, with
    no share, and the part's shares are over the members whose value is known (as Tổng hợp)."""
    return CountNote(
        (f"members.{family}.unknown",),
        f"{{n}} đảng viên chưa rõ {what}{_OLD_TEMPLATE}: ghi ở dòng “Chưa xác định” của phần “{part}”, "
        f"không tính tỷ lệ; tỷ lệ (%) {lines} tính trên số đảng viên đã ghi {what} (tổng số đảng viên "
        "trừ {n} đảng viên này), như sheet “Tổng hợp”.",
    )


BIEU_4 = Form(
    code="bieu4",
    number=4,
    title="ĐẢNG VIÊN CHIA THEO DÂN TỘC VÀ TÔN GIÁO",
    kind="breakdown",
    lines=(
        Line(
            "total",
            "",
            "Tổng số đảng viên",
            ("members.total",),
            bold=True,
            female=("members.gender.female",),
            share_of="members.total",
        ),
        Line("I", "I", "Dân tộc", bold=True),
        TermLines("I", "ETHNICITY", "members.ethnicity.{code}", "members.ethnicity.{code}.female"),
        Line("II", "II", "Tôn giáo", bold=True),
        TermLines(
            "II",
            "RELIGION",
            "members.religion.{code}",
            "members.religion.{code}.female",
            skip=("none",),
            empty_note="Phần “Tôn giáo” không có dòng nào: không có đảng viên nào theo tôn giáo.",
            rounded_with="đảng viên không theo tôn giáo",
        ),
    ),
    count_notes=(
        _unknown_share_note("ethnicity", "dân tộc", "Dân tộc", "của các dân tộc"),
        _unknown_share_note("religion", "tôn giáo", "Tôn giáo", "của các tôn giáo"),
    ),
)

FORMS: tuple[Form, ...] = (BIEU_1, BIEU_2, BIEU_3, BIEU_4)
