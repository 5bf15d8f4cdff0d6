"""The ward statistics sheet as data: the lines of sections A–E, before any Excel formatting.

`summary_lines` gives sections A and B (one figure per line, with its share and named
base); `changes_table`, `ratings_table` and `training_table` give sections C–E (one column
per calendar year of the period). The workbook writer renders these; keeping the content
apart from the rendering lets tests and the report read the same figures.

Labels of categories come from `toolkit.core.vocab` and `toolkit.core.layout`; every share is built
with `toolkit.stats.shares`, so it carries its numerator and its base.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Literal

from toolkit.core import layout, vnformat, vocab
from toolkit.core.model import ConsolidationResult, unknown_file_words
from toolkit.forms.model import Line as FormLine
from toolkit.forms.tables import AGE_LINES, BIEU_1
from toolkit.outputs.status import left_out_words, outside_registry, unit_word
from toolkit.stats.coverage import (
    MAX_NAMED,
    incomplete_wards_words,
    late_starts,
    missing_orgs,
    outside_count,
    outside_wards,
    partial_current,
    registry_consolidated_words,
    ward_late_starts,
    ward_years_missing,
    ward_years_unrated,
    years_missing,
    years_unrated,
)
from toolkit.stats.indicators import INTERNAL_TRANSFERS, SCOPE_UNKNOWN, UNKNOWN
from toolkit.stats.shares import (
    Share,
    known_base,
    round_together,
    share,
    share_of_sum,
    shares_of_whole,
    sum_of_parts,
)
from toolkit.stats.sums import MEANS

Indicators = Mapping[str, int | float]

# Age bands are not a vocabulary of the template; their words live here, once.
AGE_REPORT_BANDS: tuple[tuple[str, str], ...] = (
    ("lt30", "Dưới 30 tuổi"),
    ("30_50", "Từ 30 đến 50 tuổi"),
    ("gt50", "Trên 50 tuổi"),
)
AGE_OFFICIAL_BANDS: tuple[tuple[str, str], ...] = AGE_LINES  # the official forms' bands and words
RATED_CODES = ("excellent", "good", "pass", "fail")  # "not_rated" is not part of the base
GOOD_OR_BETTER = ("excellent", "good")


def lower_first(text: str) -> str:
    """'Xin ra khỏi Đảng' → 'xin ra khỏi Đảng' (only the first letter; Đảng keeps its capital)."""
    return text[:1].lower() + text[1:]


def get(ind: Indicators, key: str) -> int | float:
    value = ind.get(key, 0)
    return 0 if value is None else value


def _mean(ind: Indicators, key: str) -> int | float | None:
    """A mean's figure; None, an empty cell, when it is taken over nobody (its count, §6's
    `stats.sums.MEANS`, is 0: the stored 0.0 is no figure), as Biểu 2 and 3 leave it
    (`forms.compute.no_mean`)."""
    count = ind.get(MEANS[key][1])
    if count == 0 and not isinstance(count, bool):
        return None
    return get(ind, key)


# The sets collecting the ids read unknown (`known`, `all_known`) while a table is built
# (`unknown_reads`); nested, an id goes to each.
_UNKNOWN_READS: ContextVar[tuple[set[str], ...]] = ContextVar("_UNKNOWN_READS", default=())


@contextmanager
def unknown_reads() -> Iterator[set[str]]:
    """The ids whose figures were read unknown while the block ran: the cells it builds that
    are empty for want of a figure (`unknown_figure_note`'s `shown`)."""
    seen: set[str] = set()
    token = _UNKNOWN_READS.set((*_UNKNOWN_READS.get(), seen))
    try:
        yield seen
    finally:
        _UNKNOWN_READS.reset(token)


def _read_unknown(key: str) -> None:
    for seen in _UNKNOWN_READS.get():
        seen.add(key)


def known(ind: Indicators, key: str) -> int | float | None:
    """The figure of `key`, None when the indicators lack it (a roll-up leaves out an id some
    wards lack, `rollup.incomplete_indicator`): an unknown figure is shown empty, never 0."""
    value = ind.get(key)
    if value is None:
        _read_unknown(key)
    return value


def all_known(ind: Indicators, keys: list[str]) -> bool:
    """Whether every one of `keys` has a figure: a sum, a rate or a total of parts is built only
    then (a partial sum would be a wrong figure)."""
    lacking = [k for k in keys if ind.get(k) is None]
    for key in lacking:
        _read_unknown(key)
    return not lacking


# Said wherever a figure is left empty because the indicators lack it (`known`).
UNKNOWN_FIGURE_NOTE = (
    "Ô để trống: chỉ tiêu không có trong tệp số liệu của mọi phường nên không cộng được, kể cả "
    "tổng và tỷ lệ tính từ chỉ tiêu đó — sheet “Kiểm tra” nêu tệp của phường nào thiếu và vì sao."
)


# Said where a roll-up left a year's admission target out (`rollup.no_target`).
UNKNOWN_TARGET_NOTE = (
    "Chỉ tiêu kết nạp và tỷ lệ đạt chỉ tiêu để trống ở năm có phường đã kết nạp đảng viên nhưng "
    "chưa có chỉ tiêu kết nạp: thiếu chỉ tiêu của phường đó thì không có tổng chỉ tiêu — xem sheet "
    "“Kiểm tra”."
)


def unknown_figure_note(result: ConsolidationResult, shown: Iterable[str] | None = None) -> str | None:
    """`UNKNOWN_FIGURE_NOTE` when the roll-up left some indicator out (`rollup.incomplete_indicator`),
    `UNKNOWN_TARGET_NOTE` when it left a year's target out (`rollup.no_target`). With `shown`,
    the ids whose figures a sheet shows, only a note about a cell of that sheet left empty: a
    sheet all of whose figures are known says nothing of empty cells."""
    codes = {i.code for i in result.issues}
    if shown is None:
        lacking_figure = lacking_target = True
    else:
        lacking = [k for k in shown if result.indicators.get(k) is None]
        lacking_target = any(k.startswith("targets.") for k in lacking)
        # An empty target is `rollup.no_target`'s when the roll-up has one, else a figure left out.
        lacking_figure = any(not k.startswith("targets.") for k in lacking) or (
            lacking_target and "rollup.no_target" not in codes
        )
    notes = [
        note
        for code, note, lacking_here in (
            ("rollup.incomplete_indicator", UNKNOWN_FIGURE_NOTE, lacking_figure),
            ("rollup.no_target", UNKNOWN_TARGET_NOTE, lacking_target),
        )
        if code in codes and lacking_here
    ]
    return " ".join(notes) or None


# --- sections A and B -------------------------------------------------------------------------

LineKind = Literal["section", "group", "item"]
NumberKind = Literal["count", "mean"]


@dataclass(frozen=True)
class Line:
    """One line of sections A/B: a heading, or a figure with an optional share.

    A `summed` line adds up some of the lines listed above it ("Cộng: từ trung cấp trở lên"): it
    is no part of its group's whole, so it follows the parts, its label says "Cộng:" or "Trong
    đó:", and it prints in italics, lest a reader add its share to theirs (hunt144 F9)."""

    kind: LineKind
    label: str
    indicator: str | None = None
    value: int | float | None = None
    share: Share | None = None
    level: int = 0
    number: NumberKind = "count"
    summed: bool = False


def _item(ind: Indicators, label: str, key: str, base: str | None = "members.total", level: int = 1) -> Line:
    return Line(
        "item",
        label,
        key,
        get(ind, key),
        share(ind, key, base) if base else None,
        level,
    )


def _whole(
    ind: Indicators, items: list[tuple[str, str]], base: str = "members.total", level: int = 1
) -> list[Line]:
    """Lines of parts that make up one whole: their shares rounded together to sum to 100%."""
    shares = shares_of_whole(ind, [key for _, key in items], base)
    return [
        Line("item", label, key, get(ind, key), sh, level)
        for (label, key), sh in zip(items, shares, strict=True)
    ]


def _whole_with_parts(
    ind: Indicators,
    items: list[tuple[str, str, list[tuple[str, str]]]],
    base: str = "members.total",
    level: int = 1,
) -> list[Line]:
    """Lines of parts that make up one whole, a part split into sub-parts (shown one level
    lower, after the parts): the finest parts' shares are rounded together and a part's share
    is the sum of its sub-parts', so the sub-lines add up to their line as the lines add up to
    100% (Tày 0,19 + Hoa 0,10 + Mường 0,14 under "Dân tộc thiểu số" 0,43). When the finest
    parts do not make up the whole, the parts are rounded together and each sub-part on its own."""
    finest = [sub for _, key, subs in items for sub in (subs or [("", key)])]
    rounded = shares_of_whole(ind, [key for _, key in finest], base)
    by_key = {key: sh for (_, key), sh in zip(finest, rounded, strict=True)}
    together = all(sh.percent is not None for sh in rounded)
    parts = shares_of_whole(ind, [key for _, key, _ in items], base)
    lines: list[Line] = []
    for (label, key, subs), own in zip(items, parts, strict=True):
        sh = own
        if together and subs:
            sh = sum_of_parts(own, [by_key[k] for _, k in subs])
        elif together:
            sh = by_key[key]
        lines.append(Line("item", label, key, get(ind, key), sh, level))
    for _, _, subs in items:
        for label, key in subs:
            sh = by_key[key] if together else share(ind, key, base)
            lines.append(Line("item", label, key, get(ind, key), sh, level + 1))
    return lines


def _group(
    ind: Indicators, label: str, key: str, parts: list[Line], part_keys: Sequence[str], level: int = 1
) -> Line:
    """The line of a group of some `parts` of one whole ("Cộng: từ trung cấp trở lên"), listed
    after them (`Line.summed`): its share is the sum of those parts' printed shares
    (`sum_of_parts`), so it adds up to them."""
    line = replace(_item(ind, label, key, level=level), summed=True)
    by_key = {p.indicator: p.share for p in parts if p.share is not None}
    if line.share is None or any(k not in by_key for k in part_keys):
        return line
    return replace(line, share=sum_of_parts(line.share, [by_key[k] for k in part_keys]))


def _vocab_items(
    ind: Indicators, voc: vocab.Vocabulary, prefix: str, base: str = "members.total", level: int = 1
) -> list[Line]:
    return _whole(ind, [(t.label, f"{prefix}.{t.code}") for t in voc.terms], base, level)


UNKNOWN_LABEL = "Chưa rõ (tổ chức dùng biểu mẫu cũ hoặc chưa bổ sung)"


def _unknown(ind: Indicators, family: str) -> list[Line]:
    """The `unknown` bucket of a breakdown, when it has members (no share: it is outside the base)."""
    key = f"{family}.unknown"
    return [Line("item", UNKNOWN_LABEL, key, get(ind, key), None, 1)] if get(ind, key) else []


UNREGISTERED_LABEL = "Tổ chức chưa có trong danh mục có nộp tệp (không được tổng hợp)"


def _unregistered(ind: Indicators) -> list[Line]:
    """The organisations outside the registry that sent a file (`orgs.unregistered`), when there
    are any: outside the registry's base, so with no share, but expected all the same
    (`stats.coverage`: row 3, the forms and the report count them)."""
    key = "orgs.unregistered"
    return [Line("item", UNREGISTERED_LABEL, key, get(ind, key), None, 1)] if get(ind, key) else []


ORG_UNKNOWN_LABEL = "Chưa rõ (danh mục không ghi, tệp chưa nộp hoặc không dùng được)"


def _org_breakdown(ind: Indicators, voc: vocab.Vocabulary, prefix: str, base: str) -> list[Line]:
    """The organisations by tier or by sector. Those known to neither the registry nor their
    file (`<prefix>.unknown`) are a line of their own when there are any, a part of the whole
    like the others (the base is the organisations, which row "Tổng số" states): the lines
    then add up to it."""
    items = [(t.label, f"{prefix}.{t.code}") for t in voc.terms]
    if get(ind, f"{prefix}.unknown"):
        items.append((ORG_UNKNOWN_LABEL, f"{prefix}.unknown"))
    return _whole(ind, items, base)


ORGS_TOTAL_LABEL = "Tổng số tổ chức đảng trực thuộc"


def orgs_total_label(orgs_label: str | None = None) -> str:
    """The words of section A's first line, the `orgs.registered` count, which has no base
    column: a run without a registry says what the count is, in the words of its base
    (`orgs_label`, "tổ chức đã nộp tệp" → "Tổng số tổ chức đảng trực thuộc đã nộp tệp"), never
    the ward's total it does not know."""
    if orgs_label is None:
        return ORGS_TOTAL_LABEL
    return f"{ORGS_TOTAL_LABEL} {orgs_label.removeprefix('tổ chức ')}"


def section_a(ind: Indicators, orgs_label: str | None = None) -> list[Line]:
    """Section A, the organisations. `orgs_label`: the words of the `orgs.registered` base when
    not the registry's (`shares.orgs_base_label`: a run without a registry); the first line,
    the count itself, then says them too (`orgs_total_label`)."""
    base = "orgs.registered"
    lines = [
        Line("section", "A. TỔ CHỨC ĐẢNG"),
        _item(ind, orgs_total_label(orgs_label), "orgs.registered", None, 0),
        _item(ind, "Đã nộp số liệu", "orgs.submitted", base),
        _item(ind, "Được tổng hợp (số liệu không có lỗi)", "orgs.consolidated", base),
        *_unregistered(ind),
        Line("group", f"Chia theo {lower_first(vocab.ORG_TIER.title)}"),
        *_org_breakdown(ind, vocab.ORG_TIER, "orgs.tier", base),
        Line("group", f"Chia theo {lower_first(vocab.SECTOR.title)}"),
        *_org_breakdown(ind, vocab.SECTOR, "orgs.sector", base),
    ]
    if orgs_label is None:
        return lines
    return [
        replace(line, share=replace(line.share, label=orgs_label))
        if line.share is not None and line.share.base_id == base
        else line
        for line in lines
    ]


def listed_terms(ind: Indicators, voc: vocab.Vocabulary, family: str, left_out: str) -> list[vocab.Term]:
    """The terms of a breakdown listed under its group (the ethnic minorities, the religions):
    those with members, and those whose figure the indicators lack while they count the
    breakdown (a roll-up leaves out an id some wards lack: its line is shown empty, never left
    out as if 0, so that the lines listed still make up their group)."""
    counted = any(f"{family}.{t.code}" in ind for t in voc.terms)
    return [
        t
        for t in voc.terms
        if t.code != left_out
        and (get(ind, f"{family}.{t.code}") or (counted and known(ind, f"{family}.{t.code}") is None))
    ]


def _ethnicity_lines(ind: Indicators) -> list[Line]:
    family = "members.ethnicity"
    base = known_base(ind, family)
    kinh, minority = vocab.ETHNICITY.label(vocab.KINH), "Dân tộc thiểu số"
    present = listed_terms(ind, vocab.ETHNICITY, family, vocab.KINH)
    groups = [(t.label, f"{family}.{t.code}") for t in present]
    lines = _whole_with_parts(
        ind, [(kinh, f"{family}.{vocab.KINH}", []), (minority, "members.ethnic_minority", groups)], base
    )
    return [Line("group", vocab.ETHNICITY.title), *lines, *_unknown(ind, family)]


def _religion_lines(ind: Indicators) -> list[Line]:
    family = "members.religion"
    base = known_base(ind, family)
    present = listed_terms(ind, vocab.RELIGION, family, "none")
    religions = [(t.label, f"{family}.{t.code}") for t in present]
    items = [("Không theo tôn giáo", f"{family}.none", []), ("Theo tôn giáo", "members.religious", religions)]
    return [Line("group", vocab.RELIGION.title), *_whole_with_parts(ind, items, base), *_unknown(ind, family)]


def _occupation_lines(ind: Indicators) -> list[Line]:
    family = "members.occupation"
    return [
        Line("group", vocab.OCCUPATION.title),
        *_vocab_items(ind, vocab.OCCUPATION, family, known_base(ind, family)),
        *_unknown(ind, family),
        Line("group", vocab.OCCUPATION_GROUP.title),
        *_vocab_items(ind, vocab.OCCUPATION_GROUP, "members.occupation_group"),
    ]


# The yes/no attributes of template 2026.2, with their words in the statistics.
FLAG_LABELS: tuple[tuple[str, str], ...] = (
    ("members.youth_union", "Đoàn viên Đoàn TNCS Hồ Chí Minh"),
    ("members.private_owner", "Chủ doanh nghiệp tư nhân"),
    ("members.foreign_marriage", "Có quan hệ hôn nhân với người nước ngoài"),
)
ERA_LABELS = vocab.PARTY_AGE_ERAS
FULL_EXEMPTION = "Miễn công tác và sinh hoạt đảng"
TEMPORARY_EXEMPTION = "Tạm miễn công tác và sinh hoạt đảng"


def _other_attribute_lines(ind: Indicators) -> list[Line]:
    """Academic titles and the yes/no attributes, each over the members whose file records it."""
    academic = "members.academic"
    lines = [Line("group", "Học hàm và các đặc điểm khác")]
    lines += [
        _item(ind, t.label, f"{academic}.{t.code}", known_base(ind, academic))
        for t in vocab.ACADEMIC_TITLE.terms
    ]
    # Học hàm's unknown differs from the Có/Không columns' when an upgraded file not completed
    # has a title typed (known there, `indicators._new_attributes`): its own row then, so that
    # each list adds up to the members.
    if get(ind, f"{academic}.unknown") != get(ind, "members.youth_union.unknown"):
        lines += _unknown(ind, academic)
    lines += [_item(ind, label, key, known_base(ind, key)) for key, label in FLAG_LABELS]
    return lines + _unknown(ind, "members.youth_union")


def exempt_reason_unknown_label() -> str:
    """The line (and the report's words) of the exemptions dated without their reason."""
    return f"Chưa rõ lý do (chưa ghi \u201c{layout.MEMBERS.field('exempt_reason').header}\u201d)"


def _exemption_lines(ind: Indicators) -> list[Line]:
    exempt = "members.exempt"
    full_reason = lower_first(vocab.EXEMPT_REASON.label(vocab.FULL_EXEMPTION_REASON))
    unknown = f"members.exempt_reason.{UNKNOWN}"
    # Of a reason not known (an exemption dated without it): a line when there are any, so
    # that the temporary exemptions' reasons add up to them.
    unknown_part = [(exempt_reason_unknown_label(), unknown)] if get(ind, unknown) else []
    return [
        Line("group", "Miễn, tạm miễn công tác và sinh hoạt đảng; đi làm ăn xa"),
        _item(ind, "Được miễn, tạm miễn công tác và sinh hoạt đảng", exempt),
        *_whole_with_parts(
            ind,
            [
                (f"{FULL_EXEMPTION} ({full_reason})", f"{exempt}.full", []),
                (
                    TEMPORARY_EXEMPTION,
                    f"{exempt}.temporary",
                    [
                        *(
                            (t.label, f"members.exempt_reason.{t.code}")
                            for t in vocab.EXEMPT_REASON.terms
                            if t.code != vocab.FULL_EXEMPTION_REASON
                        ),
                        *unknown_part,
                    ],
                ),
            ],
            exempt,
            2,
        ),
        _item(ind, layout.MEMBERS.field("working_away").header, "members.working_away"),
    ]


# The words that head a `summed` line: the sum of some parts listed above, and a part of that sum.
SUM_PREFIX = "Cộng:"
OF_WHICH_PREFIX = "Trong đó:"


def section_b(ind: Indicators) -> list[Line]:
    prof, theory = vocab.PROF_LEVEL, vocab.THEORY_LEVEL
    advanced_bachelor = ", ".join(
        (theory.label(c) if i == 0 else lower_first(theory.label(c)))
        for i, c in enumerate(vocab.THEORY_ADVANCED_BACHELOR)
    )
    prof_lines = _vocab_items(ind, prof, "members.prof")
    theory_lines = _vocab_items(ind, theory, "members.theory")
    return [
        Line("section", "B. ĐẢNG VIÊN"),
        _item(ind, "Tổng số đảng viên", "members.total", None, 0),
        *_whole(ind, [("Đảng viên chính thức", "members.full"), ("Đảng viên dự bị", "members.probationary")]),
        Line("group", vocab.GENDER.title),
        *_vocab_items(ind, vocab.GENDER, "members.gender"),
        *_ethnicity_lines(ind),
        *_religion_lines(ind),
        Line("group", "Độ tuổi (nhóm tuổi của báo cáo)"),
        *_whole(ind, [(label, f"members.age_report.{code}") for code, label in AGE_REPORT_BANDS]),
        Line("group", "Độ tuổi (nhóm tuổi thống kê)"),
        *_whole(ind, [(label, f"members.age_official.{code}") for code, label in AGE_OFFICIAL_BANDS]),
        Line("item", "Tuổi bình quân", "members.age_mean", _mean(ind, "members.age_mean"), None, 1, "mean"),
        Line("group", "Thời gian kết nạp vào Đảng"),
        *_whole(ind, [(label, f"members.era.{code}") for code, label in ERA_LABELS]),
        Line("group", vocab.GEN_EDU.title),
        *_vocab_items(ind, vocab.GEN_EDU, "members.gen_edu"),
        Line("group", prof.title),
        *prof_lines,
        _group(
            ind,
            f"{SUM_PREFIX} từ {lower_first(prof.label('intermediate'))} trở lên",
            "members.prof.intermediate_plus",
            prof_lines,
            [f"members.prof.{c}" for c in vocab.PROF_INTERMEDIATE_PLUS],
        ),
        _group(
            ind,
            f"{OF_WHICH_PREFIX} {lower_first(prof.label('university'))} trở lên",
            "members.prof.university_plus",
            prof_lines,
            [f"members.prof.{c}" for c in vocab.PROF_UNIVERSITY_PLUS],
            level=2,
        ),
        Line("group", theory.title),
        *theory_lines,
        _group(
            ind,
            f"{SUM_PREFIX} {lower_first(advanced_bachelor)}",
            "members.theory.advanced_bachelor",
            theory_lines,
            [f"members.theory.{c}" for c in vocab.THEORY_ADVANCED_BACHELOR],
        ),
        *_occupation_lines(ind),
        *_other_attribute_lines(ind),
        *_exemption_lines(ind),
    ]


def _unknown_empty(ind: Indicators, line: Line) -> Line:
    """A line whose figure the indicators lack has no value, and no share; nor a share on a
    base they lack."""
    if line.kind != "item" or line.indicator is None:
        return line
    if known(ind, line.indicator) is None:
        return replace(line, value=None, share=None)
    if line.share is not None and not all_known(ind, _base_ids(line.share.base_id)):
        return replace(line, share=None)
    return line


def _base_ids(base_id: str) -> list[str]:
    """The ids a share's base is made of (`toolkit.stats.shares.base_count`)."""
    if base_id.endswith(".known"):
        return ["members.total", f"{base_id.removesuffix('.known')}.unknown"]
    return [base_id]


def summary_lines(ind: Indicators, orgs_label: str | None = None) -> list[Line]:
    """Sections A and B of the statistics sheet (a figure the indicators lack: empty);
    `orgs_label` as `section_a`'s."""
    return [_unknown_empty(ind, line) for line in section_a(ind, orgs_label) + section_b(ind)]


def line_shares(ind: Indicators, orgs_label: str | None = None) -> dict[tuple[str, str], Share]:
    """The share of every line of sections A and B, by (indicator, base id): the figure the
    workbook prints, so that the report prints the same digits (a part of a whole keeps the
    largest-remainder figure of its whole), and names the base as it does (`orgs_label`). The
    first line of an indicator on a base wins."""
    out: dict[tuple[str, str], Share] = {}
    for line in summary_lines(ind, orgs_label):
        if line.indicator is not None and line.share is not None:
            out.setdefault((line.indicator, line.share.base_id), line.share)
    return out


# --- sections C, D, E: one column per year -----------------------------------------------------

RowKind = Literal["group", "count", "rate"]


# Why a member's attribute new in template 2026.2 (ethnicity, religion, a transfer's scope) can
# be unknown; the forms' count notes give the same reason.
UNKNOWN_WHY = "tệp theo mẫu cũ 2026.1 hoặc tệp đã nâng cấp nhưng chưa điền bổ sung"
# What is said wherever transfers of unknown scope are counted (`changes.<transfer>.scope_unknown`).
SCOPE_UNKNOWN_NOTE = (
    f"riêng chuyển sinh hoạt chưa rõ phạm vi chuyển ({UNKNOWN_WHY}) được tính vào chuyển đến, "
    "chuyển đi và có thể gồm cả chuyển trong Đảng bộ phường"
)


@dataclass(frozen=True)
class YearRow:
    """One row of a per-year table: counts or rates per year, plus the total. A rate is the
    printed percentage as a fraction (`Share.shown`: 0.0367 for 3,67%)."""

    kind: RowKind
    label: str
    values: tuple[int | float | None, ...] = ()
    total: int | float | None = None
    level: int = 0
    strong: bool = False  # a key row, shown in bold


@dataclass(frozen=True)
class YearTable:
    title: str
    years: tuple[int, ...]
    rows: tuple[YearRow, ...]
    has_total: bool = True
    note: str | None = None
    # The years' column headings when one is not the bare year (`year_headings`); () for the years.
    headings: tuple[int | str, ...] = ()


def _counts(
    ind: Indicators,
    years: list[int],
    pattern: str,
    label: str,
    level: int = 0,
    strong: bool = False,
    *,
    total_id: bool = True,
) -> YearRow:
    """Counts per year from ids like 'changes.died.{}'; the total is the '.total' id, or the
    sum of the years for families without one (targets)."""
    values = tuple(known(ind, pattern.format(y)) for y in years)
    parts = [v for v in values if v is not None]
    total = (
        known(ind, pattern.format("total")) if total_id else sum(parts) if len(parts) == len(values) else None
    )
    return YearRow("count", label, values, total, level, strong)


def _known_share(share_: Share, ind: Indicators, ids: list[str]) -> Share | None:
    """`share_`, or None when some id it is built from is unknown."""
    return share_ if all_known(ind, ids) else None


def _rate(
    label: str, shares: list[Share | None], total: Share | None, level: int = 0, strong: bool = False
) -> YearRow:
    # A cell holds the figure it shows: the printed percentage (the largest-remainder figure
    # for the parts of a whole, e.g. one year's ratings), not the raw fraction.
    values = tuple(s.shown if s is not None else None for s in shares)
    return YearRow("rate", label, values, total.shown if total else None, level, strong)


def target_scope(
    ind: Indicators,
    *,
    rollup: bool = False,
    wards: Sequence[tuple[str, Indicators]] = (),
    registry_used: bool = True,
    count: Callable[[int], str] = vnformat.number,
) -> str | None:
    """What a rate of achievement means when figures leave organisations out: a ward's target
    is its registry's, of all its organisations, while the admissions are only those of the
    organisations consolidated, so the rate stated may be below the real one. Said after the
    report's rates (`report.target_scope_sentence`) and under every table of `Tổng hợp`, `Biến động
    theo năm` and `Biểu đồ` that shows the target. A roll-up adds each ward's target as the
    ward states it (of all its organisations, those its run left out included), so it says so
    of the `wards` (consolidated: name, its indicators) whose own run left some out
    (`partial_target_wards`). A ward's run without a registry (`registry_used` False; its
    target typed for the ward) names no registry. None when every organisation was
    consolidated. `count` writes the number of organisations outside a registry (the report's
    `vnformat.count`, `coverage.outside_words`)."""
    if rollup:
        partial = partial_target_wards(wards)
        if not partial:
            return None
        outside = {name: outside_count(ind) for name, ind in wards}
        named = "; của ".join(
            f"{name} chỉ gồm {registry_consolidated_words(done, expected, outside.get(name, 0), count)}"
            for name, (done, expected) in partial[:MAX_NAMED]
        )
        more = (
            f"; và {vnformat.number(len(partial) - MAX_NAMED)} phường khác"
            if len(partial) > MAX_NAMED
            else ""
        )
        return (
            "Tỷ lệ đạt chỉ tiêu tính theo chỉ tiêu của cả đảng bộ mỗi phường (mọi tổ chức trong danh mục "
            f"của phường), còn số kết nạp mới của {named}{more}, nên tỷ lệ thực tế có thể cao hơn."
        )
    partial_orgs = missing_orgs(ind)
    if partial_orgs is None:
        return None
    done, expected = partial_orgs
    whose = " (mọi tổ chức trong danh mục)" if registry_used else ""
    counted = registry_consolidated_words(done, expected, outside_count(ind), count)
    return (
        f"Tỷ lệ đạt chỉ tiêu tính theo chỉ tiêu của cả đảng bộ{whose}, còn số kết nạp mới gồm "
        f"{counted}, nên tỷ lệ thực tế có thể cao hơn."
    )


def partial_target_wards(wards: Iterable[tuple[str, Indicators]]) -> list[tuple[str, tuple[int, int]]]:
    """The wards of a roll-up (name, its indicators) whose own run left some of its
    organisations out while some year has an admission target: (name, (consolidated,
    expected)), as their own outputs say it (`target_scope`)."""
    out = []
    for name, ind in wards:
        partial = missing_orgs(ind)
        has_target = any(
            value for key, value in ind.items() if key.startswith("targets.") and key[8:].isdigit()
        )
        if partial is not None and has_target:
            out.append((name, partial))
    return out


def years_with_target(result: ConsolidationResult) -> list[int]:
    """The run's years that have an admission target: those the registry (or `TargetOverride`) gives
    one for, a target typed 0 included (`ConsolidationResult.target_years`, a roll-up's from its
    wards'); where that is not known (a roll-up of older summaries), those whose target is not 0
    (a roll-up's year whose target it left out, `rollup.no_target`, is not one either: its
    target is unknown, not absent)."""
    ind, typed = result.indicators, result.target_years
    known_targets = {y: ind[f"targets.{y}"] for y in result.years if ind.get(f"targets.{y}") is not None}
    return [y for y, target in known_targets.items() if (y in typed if typed is not None else bool(target))]


def target_cells(result: ConsolidationResult) -> tuple[int | float | None, ...]:
    """Each year's admission target, as the sheets and the chart's table show it: empty for a
    year with no target (never a target of 0, `years_with_target`), and for one whose target
    is unknown (`known`, which says why)."""
    ind, having = result.indicators, set(years_with_target(result))
    return tuple(
        known(ind, f"targets.{y}") if y in having or f"targets.{y}" not in ind else None for y in result.years
    )


def unfinished_year(result: ConsolidationResult) -> int | None:
    """The cut-off's year when the cut-off does not end it (31/3/2026: 2026) and it is one of
    the run's years: its figures run up to the cut-off only, so its admissions are no full
    year's against a whole year's target, and its members are not rated yet. None when the
    cut-off is 31/12 (the year is complete)."""
    cutoff = result.cutoff_date
    if (cutoff.month, cutoff.day) == (12, 31) or cutoff.year not in result.years:
        return None
    return cutoff.year


def started_year(result: ConsolidationResult) -> int | None:
    """The period start's year when the period starts after its 1 January (01/07/2020: 2020):
    its figures run from the start only, so, as the `unfinished_year`'s, its admissions are no
    full year's against a whole year's target. None when the period starts on a 1 January."""
    start = result.period_start
    if (start.month, start.day) == (1, 1) or start.year not in result.years:
        return None
    return start.year


def partial_years(result: ConsolidationResult) -> list[int]:
    """The run's years it does not cover whole: the `started_year` and the `unfinished_year`
    (one year when the period lies inside it), ascending."""
    return sorted({y for y in (started_year(result), unfinished_year(result)) if y is not None})


def unrated_year(result: ConsolidationResult) -> int | None:
    """The `unfinished_year` when no member is rated in it: members are rated at a year's end,
    so its rating cells all 0 (no `Số liệu năm` row for it, or one typed 0 — the same sums) mean
    not rated yet, shown empty, not 0s. A rating typed for it (any count above 0) is shown as
    typed."""
    year = unfinished_year(result)
    if year is None or any(get(result.indicators, f"ratings.{year}.{c}") for c in vocab.RATING.codes):
        return None
    return year


def unrated_years(result: ConsolidationResult) -> set[int]:
    """The years whose ratings are shown empty, not as 0s: the `unrated_year`, and a year that
    has ended in which no consolidated organisation typed any rating while some had members to
    rate (`year.unrated`; a roll-up's `rollup.year_unrated_ward`): its 0s are ratings not
    entered, not a ward where nobody was rated (fix186). A year some organisation rated is
    shown as typed (the row 3 names those that did not)."""
    out = {y} if (y := unrated_year(result)) is not None else set()
    blank = [
        y
        for y in result.years
        if y not in out and not any(get(result.indicators, f"ratings.{y}.{c}") for c in vocab.RATING.codes)
    ]
    if blank:
        said = {y for _, orgs in _unrated_groups(result) for _, years in orgs for y in years}
        out.update(y for y in blank if y in said)
    return out


def year_heading(result: ConsolidationResult, year: int, *, annual: bool = False) -> int | str:
    """A year's column heading: the year, or for a year the run does not cover whole
    (`partial_years`) the year from the period's start ("2020 (từ 1/7)", `started_year`), up to
    the cut-off ("2026 (đến 31/3)", `unfinished_year`), or both ("2026 (từ 1/7 đến 31/10)").
    An `annual` figure (a `Số liệu năm` one: ratings, training) is typed for the whole year
    whatever the period's start, so only the cut-off cuts it: "2020", "2026 (đến 31/3)"."""
    start, cutoff = result.period_start, result.cutoff_date
    words = []
    if year == started_year(result) and not annual:
        words.append(f"từ {start.day}/{start.month}")
    if year == unfinished_year(result):
        words.append(f"đến {cutoff.day}/{cutoff.month}")
    return f"{year} ({' '.join(words)})" if words else year


def year_headings(result: ConsolidationResult, *, annual: bool = False) -> tuple[int | str, ...]:
    """Every year's heading (`year_heading`) when one is not the bare year, else ()."""
    headings = tuple(year_heading(result, y, annual=annual) for y in result.years)
    return headings if headings != tuple(result.years) else ()


def year_span(years: Sequence[int]) -> str:
    """'2020–2025' for consecutive years, '2020, 2022–2025' else, '2025' for one."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def total_rate_years(result: ConsolidationResult) -> list[int]:
    """The years the total of the target and of the achievement rate are over: the
    `rated_years` but the `partial_years` (the admissions of part of a year against its whole
    year's target would pull the total down; its own column has its rate)."""
    partial = partial_years(result)
    return [y for y in rated_years(result) if y not in partial]


def rated_years(result: ConsolidationResult) -> list[int]:
    """The years the total achievement rate is over: those with a target (`years_with_target`)
    above 0. A year whose target is 0 (typed 0 by every organisation that typed it) has no rate
    of its own, so its admissions are not in the total either (hunt62 #2: some organisations'
    0 and the others' empty cells put that year's admissions over no target)."""
    ind = result.indicators
    return [y for y in years_with_target(result) if int(ind.get(f"targets.{y}", 0) or 0) > 0]


def target_total_note(result: ConsolidationResult) -> str | None:
    """What the total achievement rate leaves out: the years with no target, and those whose
    target is 0 and that have admissions (their admissions too), when the total rate has a
    figure; None when it leaves nothing out, or has none (no complete year with a target above
    0: `unfinished_year_note` says why)."""
    ind, having, rated = result.indicators, years_with_target(result), rated_years(result)
    if not total_rate_years(result):  # no figure: `unfinished_year_note` says why (review293)
        return None
    absent = [y for y in result.years if y not in having and f"targets.{y}" in ind]
    zero = [y for y in having if y not in rated and int(ind.get(f"changes.admissions.{y}", 0) or 0) > 0]
    if not absent and not zero:
        return None
    why = []
    if absent:
        why.append(f"năm {', '.join(map(str, absent))}: chưa có chỉ tiêu kết nạp")
    if zero:
        why.append(f"năm {', '.join(map(str, zero))}: chỉ tiêu kết nạp bằng 0")
    return (
        "Tổng của tỷ lệ kết nạp đạt so với chỉ tiêu chỉ tính các năm có chỉ tiêu (không tính "
        f"số kết nạp {'; '.join(why)})."
    )


def unfinished_year_note(result: ConsolidationResult) -> str | None:
    """Why the totals of the target and of the achievement rate leave the `partial_years` out
    (the period's first year from its start, its last up to the cut-off), when one has a target
    above 0: over the complete years in them ("các năm trọn có chỉ tiêu: …" when a complete year
    without a target above 0 is left out too), or, when none is, why the total is empty
    (`no_whole_year_note` when every year is partial, else the complete years have no target
    above 0, named); else None."""
    rated, years = rated_years(result), total_rate_years(result)
    partial = [y for y in partial_years(result) if y in rated]
    if not partial:
        return None
    why = []
    for y in partial:  # one year is both only when it is the only one: then no `years`
        if y == started_year(result):
            why.append(f"năm {y} chỉ tính từ ngày {vnformat.date(result.period_start)}")
        else:
            why.append(f"năm {y} mới tính đến ngày {vnformat.date(result.cutoff_date)}")
    which = f"năm {partial[0]}" if len(partial) == 1 else "các năm này"
    if not years:
        whole_note = no_whole_year_note(result)
        if whole_note is not None:
            return whole_note
        # Complete years there are, none with a target above 0: the "Tổng" is empty, which
        # `target_total_note`'s "chỉ tính các năm có chỉ tiêu" read as a figure (review293).
        ind, having = result.indicators, years_with_target(result)
        complete = [y for y in result.years if y not in partial_years(result)]
        absent = [y for y in complete if y not in having and f"targets.{y}" in ind]
        zero = [y for y in complete if y in having]
        lacking = []
        if absent:
            lacking.append(f"năm {', '.join(map(str, absent))}: chưa có chỉ tiêu kết nạp")
        if zero:
            lacking.append(f"năm {', '.join(map(str, zero))}: chỉ tiêu kết nạp bằng 0")
        said = f" ({'; '.join(lacking)})" if lacking else ""
        return (
            "Cột Tổng không tính chỉ tiêu và tỷ lệ đạt chỉ tiêu vì không có năm trọn có chỉ tiêu"
            f"{said}; {', '.join(why)} nên tỷ lệ {which} chỉ ở cột của năm."
        )
    whole = "năm trọn" if len(years) == 1 else "các năm trọn"
    # A complete year left out has no target above 0 (`target_total_note` says which): "the
    # complete years" alone called the years left out not complete (hunt285).
    if any(y not in years and y not in partial_years(result) for y in result.years):
        whole += " có chỉ tiêu:"
    return (
        f"Cột Tổng của chỉ tiêu và tỷ lệ đạt chỉ tiêu chỉ tính {whole} {year_span(years)}; "
        f"{', '.join(why)} nên tỷ lệ {which} chỉ ở cột của năm."
    )


def no_whole_year_note(result: ConsolidationResult) -> str | None:
    """Why the "Tổng" of the target and of the achievement rate is empty when every year of the
    run is partial (`partial_years`: 1/7/2025–31/3/2026, or 1/7/2026–31/10/2026), else None."""
    partial = partial_years(result)
    if not result.years or partial != sorted(result.years):
        return None  # a complete year with no target above 0: `target_total_note` says it
    start, cutoff = vnformat.date(result.period_start), vnformat.date(result.cutoff_date)
    why = []
    for y in partial:
        if y == started_year(result) == unfinished_year(result):
            why.append(f"năm {y} chỉ tính từ ngày {start} đến ngày {cutoff}")
        elif y == started_year(result):
            why.append(f"năm {y} chỉ tính từ ngày {start}")
        else:
            why.append(f"năm {y} mới tính đến ngày {cutoff}")
    which = f"năm {partial[0]}" if len(partial) == 1 else "mỗi năm"
    return (
        "Kỳ báo cáo không có năm trọn nên cột Tổng không tính chỉ tiêu và tỷ lệ đạt chỉ tiêu; "
        f"{', '.join(why)} nên tỷ lệ {which} chỉ ở cột của năm."
    )


def target_scope_note(result: ConsolidationResult) -> str | None:
    """`target_scope` of a run some year of which has a target (so a rate), else None."""
    if not any(get(result.indicators, f"targets.{y}") for y in result.years):
        return None
    wards = [
        (o.org_name or o.org_code, o.indicators) for o in result.organisations if o.status == "consolidated"
    ]
    return target_scope(
        result.indicators, rollup=result.level == "rollup", wards=wards, registry_used=result.registry_used
    )


def changes_table(result: ConsolidationResult) -> YearTable:
    """Section C: admissions against the target, every kind of change, removals."""
    ind, years = result.indicators, list(result.years)
    with unknown_reads() as unread:  # its note says why a cell is empty only if one of its is
        rows = _changes_rows(result, ind, years)
    unscoped = any(r.label == UNSCOPED_LABEL for r in rows)
    period = f"từ {vnformat.date(result.period_start)} đến {vnformat.date(result.cutoff_date)}"
    notes = (
        unfinished_year_note(result),
        target_total_note(result),
        target_scope_note(result),
        unknown_figure_note(result, unread),
    )
    extra = [n for n in (in_transit_note(result), *notes) if n]
    return YearTable(
        f"C. BIẾN ĐỘNG ĐẢNG VIÊN ({period})",
        tuple(years),
        tuple(rows),
        headings=year_headings(result),
        note="Lý do xóa tên: chỉ tổng hợp cả kỳ (cột Tổng). Chuyển trong Đảng bộ phường không tính vào "
        "chuyển đến, chuyển đi"
        + (f"; {SCOPE_UNKNOWN_NOTE}." if unscoped else ".")
        + "".join(f" {n}" for n in extra),
    )


def in_transit_note(result: ConsolidationResult) -> str | None:
    """Why Biểu 1-BTCTW's "Chuyển đến"/"Chuyển đi" count more than the rows "Chuyển đến"/"Chuyển
    đi" of section C over the same days (hunt155 F2): the moves between two organisations of a
    ward whose other side is not in the files or not in the forms' period
    (`period.transfer_<in|out>.in_transit`) are changes to Biểu 1 and only moves inside the ward
    here (in the rows "… trong Đảng bộ phường"). Biểu 1's own note says why at length; this one
    says how many of each line, and where to read why. None when there is none."""
    ind = result.indicators
    lines = {li.key: li.label for li in BIEU_1.lines if isinstance(li, FormLine)}
    counts = [
        f"{vnformat.number(n)} lần ở dòng “{lines[key]}”"
        for key, kind in (("B.2", "transfer_in"), ("C.5", "transfer_out"))
        if (n := get(ind, f"period.{kind}.in_transit"))
    ]
    if not counts:
        return None
    start, end = (vnformat.date(d) for d in result.forms_period)
    ward = "một Đảng bộ phường" if result.level == "rollup" else "Đảng bộ phường"
    return (
        f"Riêng {BIEU_1.sheet_name} (kỳ {start}–{end}) tính cả các lần chuyển trong {ward} "
        "chưa có dòng tương ứng của tổ chức kia trong các tệp được tổng hợp và trong kỳ của biểu (xem "
        f"ghi chú dưới biểu): {', '.join(counts)}."
    )


UNSCOPED_LABEL = "Trong đó chưa rõ phạm vi chuyển"


def admissions_label() -> str:
    """The label of `changes.admissions.<year>` (admissions and readmissions together), wherever
    a sheet shows that figure: "Kết nạp" alone is the label of `changes.admitted.<year>`."""
    words = ", ".join(lower_first(vocab.EVENT_TYPE.label(c)) for c in vocab.ADMISSION_EVENTS)
    return f"Kết nạp đảng viên ({words})"


def _changes_rows(result: ConsolidationResult, ind: Indicators, years: list[int]) -> list[YearRow]:
    ev = vocab.EVENT_TYPE
    removal_words = ", ".join(lower_first(ev.label(c)) for c in vocab.REMOVAL_EVENTS)
    cut_year = result.cutoff_date.year
    rows: list[YearRow] = [
        _counts(ind, years, "changes.admissions.{}", admissions_label(), strong=True),
        *(_counts(ind, years, f"changes.{c}.{{}}", ev.label(c), 1) for c in vocab.ADMISSION_EVENTS),
    ]
    if cut_year in years:
        col = years.index(cut_year)
        # Only the quarters the cut-off has reached (later ones have no figures yet) and the
        # period has (one it starts after has none; one it starts inside says from when).
        for q in range(1, (result.cutoff_date.month - 1) // 3 + 2):
            name = vnformat.quarter_since(q, cut_year, result.period_start)
            if name is None:
                continue
            values = tuple(
                known(ind, f"changes.admissions.q{q}") if i == col else None for i in range(len(years))
            )
            # A part of the admissions above ("Kết nạp", "Kết nạp lại" are the others' kinds):
            # said so, at their level, not one deeper as if a part of "Kết nạp lại" (hunt111 F3).
            rows.append(YearRow("count", f"Trong đó kết nạp {name}", values, None, 1))
    # A year with no target shows none (not a target of 0), and the totals are those of the
    # years that have one: their targets, and their admissions over them (`target_total_note`).
    # The years the run does not cover whole (the period's first from its start, the unfinished
    # cut-off year) are left out of both totals (`total_rate_years`), the rows then saying which
    # years their total is of.
    cells = target_cells(result)
    having, rated = years_with_target(result), total_rate_years(result)
    partial = [y for y in partial_years(result) if y in rated_years(result)]
    if partial:
        having = [y for y in having if y not in partial]
        of_years = f" (cột Tổng: {year_span(having)})" if having else ""
    else:
        of_years = ""
    ids = [f"{family}.{y}" for family in ("changes.admissions", "targets") for y in years]
    unknown = not all_known(ind, ids)
    rows.append(
        YearRow(
            "count",
            f"Chỉ tiêu kết nạp được giao{of_years}",
            cells,
            None if unknown or not having else sum(int(ind[f"targets.{y}"]) for y in having),
        )
    )
    rows.append(
        _rate(
            f"Tỷ lệ kết nạp đạt so với chỉ tiêu{of_years}",
            [
                _known_share(
                    share(ind, f"changes.admissions.{y}", f"targets.{y}"),
                    ind,
                    [f"changes.admissions.{y}", f"targets.{y}"],
                )
                for y in years
            ],
            None
            if unknown or not rated
            else share_of_sum(
                ind,
                [f"changes.admissions.{y}" for y in rated],
                [f"targets.{y}" for y in rated],
                "targets",
            ),
            strong=True,
        )
    )
    for code in ("restored", "transfer_in", "transfer_out", "died"):
        rows.append(_counts(ind, years, f"changes.{code}.{{}}", ev.label(code)))
        if code in INTERNAL_TRANSFERS:
            total = get(ind, f"changes.{code}.{SCOPE_UNKNOWN}")  # over the period: no year kept
            if total:
                empty = (None,) * len(years)
                rows.append(YearRow("count", UNSCOPED_LABEL, empty, total, 2))
            label = f"{ev.label(code)} trong Đảng bộ phường"
            rows.append(_counts(ind, years, f"changes.{INTERNAL_TRANSFERS[code]}.{{}}", label, 1))
    rows.append(_counts(ind, years, "changes.struck_off.{}", ev.label("struck_off")))
    for t in vocab.STRIKE_GROUND.terms:
        key = f"changes.strike_ground.{t.code}"
        rows.append(YearRow("count", t.label, (None,) * len(years), known(ind, key), 2))
    for code in ("expelled", "resigned"):
        rows.append(_counts(ind, years, f"changes.{code}.{{}}", ev.label(code)))
    rows.append(_counts(ind, years, "changes.removed.{}", f"Đưa ra khỏi Đảng ({removal_words})", strong=True))
    return rows


def rating_shares(ind: Indicators, year: int) -> dict[str, Share]:
    """Shares of one year's ratings over the members rated that year (not counting 'not rated');
    the four ratings are rounded together to sum to 100%, and 'good or better' is the sum of
    the excellent and the good shares as printed (`sum_of_parts`)."""
    base = [f"ratings.{year}.{c}" for c in RATED_CODES]
    parts = round_together(
        [share_of_sum(ind, [f"ratings.{year}.{c}"], base, "ratings.rated") for c in RATED_CODES]
    )
    out = dict(zip(RATED_CODES, parts, strict=True))
    out["good_or_better"] = sum_of_parts(
        share_of_sum(ind, [f"ratings.{year}.{c}" for c in GOOD_OR_BETTER], base, "ratings.rated"),
        [out[c] for c in GOOD_OR_BETTER],
    )
    return out


def ratings_table(result: ConsolidationResult) -> YearTable:
    """Section D: ratings per year, their shares of those rated, 'good or better'."""
    ind, years = result.indicators, list(result.years)
    shares = {y: rating_shares(ind, y) for y in years}
    # The unfinished cut-off year not rated yet, a finished one rated nowhere (`unrated_years`):
    # its cells empty, not 0s.
    not_yet = unrated_years(result)
    rated = {y: y not in not_yet and all_known(ind, [f"ratings.{y}.{c}" for c in RATED_CODES]) for y in years}

    def cell(y: int, code: str) -> int | float | None:
        return None if y in not_yet else known(ind, f"ratings.{y}.{code}")

    rows: list[YearRow] = [
        YearRow("count", vocab.RATING.label(c), tuple(cell(y, c) for y in years), None, 1)
        for c in RATED_CODES
    ]
    rows.append(
        YearRow(
            "count",
            "Cộng số đảng viên được xếp loại",
            tuple(shares[y]["excellent"].base if rated[y] else None for y in years),
            strong=True,
        )
    )
    rows.append(
        YearRow(
            "count",
            vocab.RATING.label("not_rated"),
            tuple(cell(y, "not_rated") for y in years),
        )
    )
    rows.append(YearRow("group", "Tỷ lệ trên số đảng viên được xếp loại"))
    for c in RATED_CODES:
        rows.append(
            _rate(vocab.RATING.label(c), [shares[y][c] if rated[y] else None for y in years], None, 1)
        )
    good = lower_first(vocab.RATING.label("good"))
    good_rows = [shares[y]["good_or_better"] if rated[y] else None for y in years]
    rows.append(_rate(f"Từ {good} trở lên", good_rows, None, 1, True))
    return YearTable(
        "D. XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN",
        tuple(years),
        tuple(rows),
        has_total=False,
        headings=year_headings(result, annual=True),  # a whole year's, whatever the period's start
    )


def training_table(result: ConsolidationResult) -> YearTable:
    """Section E: candidates trained, new members trained and completed, completion rate."""
    ind, years = result.indicators, list(result.years)
    keys = ("candidates_trained", "new_members_trained", "new_members_completed")
    # Training ids carry the key after the year (training.<year>.<key>); totals are sums.
    rows = [
        _counts(ind, years, f"training.{{}}.{k}", layout.YEARS.field(k).header, total_id=False) for k in keys
    ]
    completed = [f"training.{y}.new_members_completed" for y in years]
    trained = [f"training.{y}.new_members_trained" for y in years]
    rows.append(
        _rate(
            "Tỷ lệ đảng viên mới hoàn thành lớp bồi dưỡng",
            [
                _known_share(share_of_sum(ind, [c], [t], "training.new_members_trained"), ind, [c, t])
                for c, t in zip(completed, trained, strict=True)
            ],
            _known_share(
                share_of_sum(ind, completed, trained, "training.new_members_trained"),
                ind,
                completed + trained,
            ),
            strong=True,
        )
    )
    return YearTable(
        "E. TẠO NGUỒN VÀ BỒI DƯỠNG ĐẢNG VIÊN MỚI",
        tuple(years),
        tuple(rows),
        headings=year_headings(result, annual=True),  # `Số liệu năm` figures: a whole year's
    )


# --- the warning line -------------------------------------------------------------------------


MAX_REASONS = 3  # excluded organisations named with their reason in the warning line


def first_sentence(text: str) -> str:
    """What is wrong, without how to fix it (the `Kiểm tra` sheet says that, at its cell)."""
    end = text.find(". ")
    return text if end < 0 else text[:end]


def _counted(result: ConsolidationResult) -> set[str]:
    return {o.org_code for o in result.organisations if o.status == "consolidated"}


def _late_starts(result: ConsolidationResult) -> list[tuple[str | None, list[str]]]:
    """The organisations whose file covers a period that starts after the run's: their changes
    and yearly figures of the period's first days are not in the ward's totals. A ward's run
    gives one group (ward None); a roll-up one per ward its run had some in
    (`rollup.late_start_ward`)."""
    if result.level == "rollup":
        groups = ward_late_starts(result.issues, result.period_start, _counted(result))
        return [(ward, [code for code, _ in late]) for ward, late in groups]
    late = [code for code, _ in late_starts(result.issues, result.period_start)]
    return [(None, late)] if late else []


def _years_missing(result: ConsolidationResult) -> list[tuple[str | None, list[str]]]:
    """The consolidated organisations whose yearly sheet lacks a year of the run that has ended
    in their period (`stats.coverage.years_missing`), as "HD10 năm 2025": that year's ratings
    and training of the ward lack them. A year before the run's period (a file stating an
    earlier start) is in no figure of the run, and is left to `Kiểm tra`. Grouped as
    `_late_starts` (a roll-up's by ward, `rollup.year_missing_ward`)."""
    groups: list[tuple[str | None, list[tuple[str, list[int]]]]]
    if result.level == "rollup":
        groups = [*ward_years_missing(result.issues, result.years, _counted(result))]
    else:
        missing = years_missing(result.issues, result.years, _counted(result))
        groups = [(None, missing)] if missing else []
    return [
        (ward, [f"{code} năm {', '.join(str(y) for y in years)}" for code, years in missing])
        for ward, missing in groups
    ]


def _years_unrated(result: ConsolidationResult) -> list[tuple[str | None, list[str]]]:
    """The consolidated organisations whose yearly sheet rates nobody in a year of the run that
    has ended though they had members to rate (`stats.coverage.years_unrated`, `year.unrated`),
    as "HD10 năm 2025": that year's ratings of the ward lack their members. Grouped as
    `_years_missing` (a roll-up's by ward, `rollup.year_unrated_ward`)."""
    return [
        (ward, [f"{code} năm {', '.join(str(y) for y in years)}" for code, years in unrated])
        for ward, unrated in _unrated_groups(result)
    ]


def _unrated_groups(result: ConsolidationResult) -> list[tuple[str | None, list[tuple[str, list[int]]]]]:
    """`_years_unrated`'s organisations with their years, grouped by ward."""
    if result.level == "rollup":
        return [*ward_years_unrated(result.issues, result.years, _counted(result))]
    unrated = years_unrated(result.issues, result.years, _counted(result))
    return [(None, unrated)] if unrated else []


def incomplete_warning(result: ConsolidationResult) -> str | None:
    """The plain warning shown at the top when some organisation's figures are not included:
    how many are missing and excluded, the first excluded ones with their reason, the files
    that belong to no organisation, the sub-folders whose files were not read, the compressed
    files that may hold submissions, the
    organisations whose file starts after the period does, those whose yearly sheet lacks
    a year that has ended (`year.missing`) or rates nobody in one (`year.unrated`), and in a
    roll-up the wards added whose own run left some of their organisations out
    (`rollup.incomplete_ward`), or had those late starts, missing or unrated years
    (`rollup.late_start_ward`, `rollup.year_missing_ward`, `rollup.year_unrated_ward`: named by
    ward)."""
    total, unit = len(result.organisations), unit_word(result)
    missing = result.count("missing")
    excluded = [o for o in result.organisations if o.status == "excluded"]
    unknown = result.unknown_files()
    folders = sum(1 for i in result.issues if i.code == "folder.subfolder_not_read")
    archives = sum(1 for i in result.issues if i.code == "folder.archive_not_read")
    late = _late_starts(result)
    years = _years_missing(result)
    unrated = _years_unrated(result)
    partial = partial_current(result.issues)
    if not (missing or excluded or unknown or folders or archives or late or years or unrated or partial):
        return None
    parts = []
    # The registry is the ward's list: the rows of organisations outside it that sent a file
    # (always excluded, `org.unknown`) are said apart, not counted into it (fix331).
    outside = outside_count(result.indicators) if result.level == "ward" else 0
    listed = len(excluded) - outside
    if missing or listed:
        detail = []
        if missing:
            detail.append(f"{missing} chưa nộp")
        if listed:
            # a roll-up's ward may be left out for another cut-off or period, its file sound
            detail.append(f"{listed} {'bị loại' if result.level == 'rollup' else 'có lỗi'}")
        which = f"{unit} trong danh mục" if outside else unit
        parts.append(f"{missing + listed}/{total - outside} {which} chưa được tổng hợp ({', '.join(detail)})")
    if outside:
        parts.append(f"{outside} tổ chức chưa có trong danh mục có nộp tệp, không được tổng hợp")
    if unknown:
        parts.append(f"{len(unknown)} tệp {unknown_file_words(result.level == 'rollup')}")
    if folders:
        parts.append(f"{folders} thư mục con có tệp bảng tính không được đọc")
    if archives:
        parts.append(f"{archives} tệp nén không được đọc")
    # A roll-up's are its wards', each said in the ward's own words after its name.
    for ward, codes in late:
        parts.append(
            f"{f'{ward}: ' if ward else ''}{len(codes)} tổ chức ghi số liệu từ sau ngày "
            f"{vnformat.date(result.period_start)} ({', '.join(codes[:MAX_REASONS])}"
            f"{', …' if len(codes) > MAX_REASONS else ''}): thiếu biến động, số liệu năm từ đầu kỳ"
        )
    for ward, named in years:
        more = ", …" if len(named) > MAX_REASONS else ""
        parts.append(
            f"{f'{ward}: ' if ward else ''}{len(named)} tổ chức thiếu dòng của năm đã kết thúc ở sheet "
            f"“Số liệu năm” ({'; '.join(named[:MAX_REASONS])}{more}): thiếu xếp loại, bồi dưỡng của năm ấy"
        )
    for ward, named in unrated:
        more = ", …" if len(named) > MAX_REASONS else ""
        parts.append(
            f"{f'{ward}: ' if ward else ''}{len(named)} tổ chức chưa ghi xếp loại của năm đã kết thúc "
            f"ở sheet “Số liệu năm” ({'; '.join(named[:MAX_REASONS])}{more}): thiếu xếp loại của năm ấy"
        )
    if partial:
        parts.append(
            incomplete_wards_words(
                partial, str, MAX_REASONS, outside=dict(outside_wards(result.organisations))
            )
        )
    text = f"Chưa đủ số liệu: {'; '.join(parts)} — xem sheet “Kiểm tra”."
    beyond = outside_registry(result)
    reasons = [
        f"{o.org_code} {left_out_words(o, beyond)}: {first_sentence(o.reason)}"
        for o in excluded[:MAX_REASONS]
        if o.reason
    ]
    if reasons:
        more = f" (và {len(excluded) - MAX_REASONS} {unit} khác)" if len(excluded) > MAX_REASONS else ""
        text += " " + "; ".join(reasons) + more + "."
    return text
