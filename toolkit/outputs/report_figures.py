"""The table of main figures of the report: each a count and, when it is a share, its named base.

Read from the same JSON summary as the report's prose (`toolkit.outputs.report`); written as
the table of the Markdown and .docx reports (`toolkit.outputs.report_files`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from toolkit.core import vnformat, vocab
from toolkit.outputs.report import (
    IDENTITIES,
    ReportSummary,
    annual_gap_parts,
    incomplete_wards,
    not_in_summary,
    prose,
    target_scope_sentence,
    unrated_sentence,
)
from toolkit.outputs.summary_lines import AGE_REPORT_BANDS, FULL_EXEMPTION, TEMPORARY_EXEMPTION, rating_shares
from toolkit.stats.coverage import by_ward_words, late_start_words, missing_orgs
from toolkit.stats.shares import Share, known_base, share

HEADING_FIGURES = "Bảng số liệu chính"
TABLE_HEADERS = ("Chỉ tiêu", "Số lượng", "Tỷ lệ", "Trên cơ sở")
# The rows of the figures of `report.IDENTITIES`, and the words in place of a figure that no
# member's known value supports (everyone's is unknown).
IDENTITY_LABELS = {"members.ethnic_minority": "Dân tộc thiểu số", "members.religious": "Theo tôn giáo"}
UNKNOWN_VALUE = "chưa rõ"
NO_FIGURE = "chưa có số liệu"  # in place of a figure the summary lacks (an older one, a roll-up of one)
UNKNOWN_ROW_WHY = "tệp theo mẫu cũ hoặc chưa bổ sung"


@dataclass(frozen=True)
class Figure:
    """One row of the table of main figures: a count and, when it is a share, its base."""

    label: str
    value: int | float
    share: Share | None = None
    base_text: str = ""
    value_words: str = ""  # printed in place of the value (`UNKNOWN_VALUE`), when set

    @property
    def value_text(self) -> str:
        if self.value_words:
            return self.value_words
        if isinstance(self.value, float) and not self.value.is_integer():
            return vnformat.decimal(self.value, 1)
        return vnformat.number(self.value)

    @property
    def share_text(self) -> str:
        if self.share is None or self.share.value is None:
            return ""
        return vnformat.percent(self.share)


def main_figures(summary: Mapping[str, Any]) -> list[Figure]:
    """The main figures with their shares and named bases (the table of the report)."""
    s = ReportSummary(summary)
    rows: list[Figure] = []

    def add(label: str, key: str, base: str | None = "members.total") -> None:
        if s.ind.get(key) is None:  # never 0 for a figure not there (`figure_notes` says why)
            rows.append(Figure(label, 0, value_words=NO_FIGURE))
            return
        sh = s.share(key, base) if base else None
        if sh is not None and sh.value is None:
            sh = None
        base_text = f"{sh.base_label} ({vnformat.number(sh.base)})" if sh else ""
        rows.append(Figure(label, s.n(key), sh, base_text))

    rows.append(Figure("Tổ chức đảng", s.orgs_total))
    if s.n("orgs.registered"):
        add("Tổ chức được tổng hợp số liệu", "orgs.consolidated", "orgs.registered")
    for t in vocab.ORG_TIER.terms:
        add(t.label, f"orgs.tier.{t.code}", "orgs.registered")
    if s.n("orgs.tier.unknown"):  # known to neither the registry nor the file: the rows add up
        add("Chưa rõ cấp tổ chức", "orgs.tier.unknown", "orgs.registered")
    add("Đảng viên", "members.total", None)
    add("Đảng viên chính thức", "members.full")
    add("Đảng viên dự bị", "members.probationary")
    for t in vocab.GENDER.terms:
        add(f"{vocab.GENDER.title}: {prose(t.label)}", f"members.gender.{t.code}")
    add(
        f"{vocab.GEN_EDU.title}: {prose(vocab.GEN_EDU.label('upper_secondary'))}",
        "members.gen_edu.upper_secondary",
    )
    intermediate = prose(vocab.PROF_LEVEL.label("intermediate"))
    university = prose(vocab.PROF_LEVEL.label("university"))
    add(f"{vocab.PROF_LEVEL.title}: từ {intermediate} trở lên", "members.prof.intermediate_plus")
    add(f"{vocab.PROF_LEVEL.title}: {university} trở lên", "members.prof.university_plus")
    advanced_bachelor = ", ".join(prose(vocab.THEORY_LEVEL.label(c)) for c in vocab.THEORY_ADVANCED_BACHELOR)
    add(f"{vocab.THEORY_LEVEL.title}: {advanced_bachelor}", "members.theory.advanced_bachelor")
    for key, label in AGE_REPORT_BANDS:
        add(f"Độ tuổi: {prose(label)}", f"members.age_report.{key}")
    for t in vocab.OCCUPATION_GROUP.terms:
        add(f"{vocab.OCCUPATION.title}: {prose(t.label)}", f"members.occupation_group.{t.code}")
    for topic in IDENTITIES:
        # A figure over the members whose value is known; the unknown ones on a line of their
        # own, without a share (outside the base, as in `Tổng hợp`).
        add(IDENTITY_LABELS[topic.count_id], topic.count_id, known_base(s.ind, topic.family))
        unknown = s.n(f"{topic.family}.unknown")
        if unknown:
            if unknown >= s.total:  # nobody's value known: no count to state
                rows[-1] = Figure(rows[-1].label, 0, value_words=UNKNOWN_VALUE)
            rows.append(Figure(f"Chưa rõ {topic.what} ({UNKNOWN_ROW_WHY})", unknown))
    add("Miễn, tạm miễn công tác và sinh hoạt đảng", "members.exempt")
    # The two kinds over the exempted members, as in `Tổng hợp`: they make up that whole (and
    # add up to 100%), where two shares of all members rounded apart need not add up to the
    # row above.
    add(FULL_EXEMPTION, "members.exempt.full", "members.exempt")
    add(TEMPORARY_EXEMPTION, "members.exempt.temporary", "members.exempt")

    since = f"{vnformat.date(s.start)}–{vnformat.date(s.cutoff)}"
    add(f"Đưa ra khỏi Đảng ({since})", "changes.removed.total", None)
    for code in vocab.REMOVAL_EVENTS:
        add(f"{vocab.EVENT_TYPE.label(code)} ({since})", f"changes.{code}.total", None)
    add(f"Kết nạp đảng viên ({since})", "changes.admissions.total", None)
    year = s.cutoff.year
    target = s.n(f"targets.{year}")
    rate = share(s.ind, f"changes.admissions.{year}", f"targets.{year}") if target else None
    rows.append(
        Figure(
            f"Kết nạp đảng viên năm {year} (đến {vnformat.date(s.cutoff)})",
            s.n(f"changes.admissions.{year}"),
            rate,
            f"chỉ tiêu kết nạp năm {year} ({vnformat.number(target)})" if rate else "",
        )
    )
    ratings_year = s.ratings_year
    if ratings_year is not None:
        good_plus = rating_shares(s.ind, ratings_year)["good_or_better"]
        rows.append(
            Figure(
                f"{vocab.RATING.label('good')} trở lên năm {ratings_year}",
                good_plus.numerator,
                good_plus,
                f"{good_plus.base_label} ({vnformat.number(good_plus.base)})",
            )
        )
    return rows


def figure_notes(summary: Mapping[str, Any]) -> list[str]:
    """The notes under the table of main figures, which is often copied on its own: what its
    figures of the period's changes and its ratings row lack, as the prose says of them
    (organisations whose file lists changes from a date after the period starts,
    `org.period_start_differs`; whose `Số liệu năm` lacks the ratings' year, `year.missing`,
    or rates nobody in it, `year.unrated`; the last year that has ended when no organisation
    rated it, `report.unrated_sentence`), and first the organisations (a roll-up's wards) it
    leaves out (`_scope_note`)."""
    s = ReportSummary(summary)
    notes = []
    if (scope := _scope_note(s)) is not None:
        notes.append(scope)
    if any(f.value_words == NO_FIGURE for f in main_figures(summary)):
        notes.append(f"Các dòng ghi “{NO_FIGURE}” không có số {not_in_summary(s)}.")
    if late := s.late_starts(s.start):
        notes.append(
            f"Các số đưa ra khỏi Đảng và kết nạp đảng viên trong bảng chưa gồm số liệu trước ngày tệp ghi "
            f"ở mục “Số liệu từ ngày” của {by_ward_words(late, late_start_words)}."
        )
    year = s.ratings_year
    if year is not None and (parts := annual_gap_parts(s, [year], ratings=True)):
        label = f"{prose(vocab.RATING.label('good'))} trở lên năm {year}"
        notes.append(f"Số đảng viên {label} chưa gồm {'; '.join(parts)}.")
    if (unrated := unrated_sentence(s)) is not None:  # the table has no row of that year
        notes.append(unrated)
    if (rounding := _rounding_note(main_figures(summary))) is not None:
        notes.append(rounding)
    return notes


def _rounding_note(figures: list[Figure]) -> str | None:
    """Why a share in the table is not its count over its base rounded half up, which is how a
    clerk checks it (hunt355: "Độ tuổi: dưới 30 tuổi | 375 | 8,90% | tổng số đảng viên (4.216)",
    375/4.216 = 8,89%): the parts of one whole are rounded together to add up to 100%, and a
    group ("… trở lên", "Theo tôn giáo") is the sum of its parts' shares, as `Tổng hợp`'s
    `ROUNDING_NOTE` and Biểu 4's `rounding_note` say. Names those rows; None when there are none."""
    off: dict[str, Decimal] = {}
    for f in figures:
        if f.share is None or not f.share_text or f.share.percent is None:
            continue
        own = replace(f.share, percent=None).rounded
        if own is not None and own != f.share.percent:
            off[f.label] = abs(f.share.percent - own)
    if not off:
        return None
    rows = ", ".join(f"“{label}”" for label in off)
    most = max(off.values())
    by = f"{vnformat.decimal(most, 2)}%"
    upto = "đến " if len(set(off.values())) > 1 else ""  # "up to" only over rows off unequally
    return (
        f"Tỷ lệ ở {'dòng' if len(off) == 1 else 'các dòng'} {rows} lệch "
        f"{upto}{by} so với số lượng chia "
        "cho cơ sở rồi làm tròn: tỷ lệ các phần của cùng một tổng được làm tròn cùng nhau để cộng lại "
        "đủ 100%, và tỷ lệ của một nhóm (“… trở lên”, dân tộc thiểu số, theo tôn giáo) là tổng tỷ lệ "
        "các phần của nhóm, như ở sheet “Tổng hợp”."
    )


def _scope_note(s: ReportSummary) -> str | None:
    """The note of a table whose figures leave organisations out (missing, or excluded for
    their errors; a roll-up's wards likewise), as the report's first sentence says: from how
    many of how many, and, with a rate of achievement in the table, that its target is the
    whole ward's (`report.target_scope_sentence`; a roll-up's: of the wards whose own run left some of
    their organisations out, in the report's words). A roll-up's note names those wards too, in
    the words of its opening and its `Tổng hợp` row 3 (`report.incomplete_wards`), whether or not
    some ward was left out. None when nothing is left out."""
    # A roll-up's wards whose targets cover organisations they did not consolidate.
    caveat = target_scope_sentence(s).strip() if s.rollup and s.n(f"targets.{s.cutoff.year}") else ""
    if s.rollup:
        counted = sum(1 for o in s.organisations if o.get("status") == "consolidated")
        partial = (counted, len(s.organisations)) if counted < len(s.organisations) else None
    else:
        partial = missing_orgs(s.ind)
    # A roll-up's wards whose own run left organisations out, as its opening says them.
    lacking = incomplete_wards(s)
    if partial is None and lacking is None:
        return caveat or None
    unit = "phường" if s.rollup else "tổ chức"
    if partial is None:
        whole = f"{vnformat.number(len(s.organisations))}/{vnformat.number(len(s.organisations))}"
        note = f"Các số trong bảng tổng hợp từ {whole} {unit}"
    else:
        done, expected = (vnformat.number(n) for n in partial)
        note = (
            f"Các số trong bảng tổng hợp từ {done}/{expected} {unit}, "
            f"chưa gồm các {unit} chưa nộp hoặc bị loại"
        )
    if lacking is not None:
        note += f"; {lacking}"
    if not s.rollup and s.n(f"targets.{s.cutoff.year}"):
        note += "; tỷ lệ đạt chỉ tiêu kết nạp tính theo chỉ tiêu của cả đảng bộ nên có thể thấp hơn thực tế"
    return f"{note}. {caveat}".rstrip()
