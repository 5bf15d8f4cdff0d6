"""The report's prose: Vietnamese paragraphs in the style of section II.2 of the reference report.

Everything is computed from the JSON summary (`ConsolidationResult.to_summary()`, see
`toolkit.outputs.json_summary`): no figure is typed here. Counts are formatted with
`toolkit.core.vnformat`, every share comes from `toolkit.stats.shares` (numerator and a named
base), and every category label comes from `toolkit.core.vocab` / `toolkit.core.layout`.
Category labels are lowered only on their first letter for prose, so "Khối cơ quan Đảng,
chính quyền" becomes "khối cơ quan Đảng, chính quyền" (the Party keeps its capital) and
"Đảng bộ cơ sở" becomes "đảng bộ cơ sở" as in the reference.

The same sections feed the `Báo cáo` sheet of the consolidated workbook and the Markdown and
.docx files of `ward-stats report` (`toolkit.outputs.report_files`). The output holds
aggregates only, never personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from toolkit.core import layout, vnformat, vocab
from toolkit.core.dates import same_period_last_year
from toolkit.core.model import NO_ORG_FIGURES, default_form_period
from toolkit.core.text import ward_party_body
from toolkit.forms.compute import accent_pairs_note, figure, unknown_files_note
from toolkit.forms.model import TermLines
from toolkit.forms.tables import BIEU_1
from toolkit.io.summary import check_summary, consolidated_any, is_rollup, written_by_older_version
from toolkit.outputs.summary_lines import (
    AGE_REPORT_BANDS,
    FULL_EXEMPTION,
    RATED_CODES,
    TEMPORARY_EXEMPTION,
    UNKNOWN_WHY,
    exempt_reason_unknown_label,
    line_shares,
    listed_terms,
    rating_shares,
    target_scope,
)
from toolkit.stats.coverage import (
    MAX_NAMED,
    accent_pair_wards,
    by_ward_words,
    common_of,
    current_gap_words,
    gaps_words,
    incomplete_wards_words,
    kept_items,
    late_group_words,
    late_start_words,
    late_starts,
    left_out,
    listed_count,
    merged_from,
    merged_words,
    missing_orgs,
    org_coverage,
    outside_count,
    outside_only_caveats,
    outside_wards,
    outside_words,
    partial_current,
    partial_previous,
    previous_scope_words,
    scope_gaps,
    summary_accent_pairs,
    ward_late_start_groups,
    ward_late_starts,
    ward_years_missing,
    ward_years_unrated,
    years_missing,
    years_missing_list,
    years_unrated,
)
from toolkit.stats.indicators import INTERNAL_TRANSFERS, SCOPE_UNKNOWN
from toolkit.stats.shares import SENT_BASE_LABEL, Share, known_base, orgs_base_label, share, share_of_sum
from toolkit.stats.sums import lacks_target, with_implied_parts

# Section headings (also the .docx headings).
HEADING_MEMBERS = "Tình hình đội ngũ đảng viên"
HEADING_CHANGES = "Biến động đảng viên"
HEADING_ADMISSIONS = "Phát triển đảng viên"
HEADING_RATINGS = f"{vocab.RATING.title} đảng viên"
HEADING_COMPARED = "So với cùng kỳ năm trước"
NO_DATA = "chưa có số liệu"
SHOWN_WARDS = 5  # wards named in one sentence of a roll-up's report
# Said after a rate over a target typed for some organisations only (`registry.partial_targets`).
# Nobody admitted, said in words (hunt174 #4: "đã kết nạp 0 đảng viên", "kết nạp được 0 đảng
# viên mới, đạt tỷ lệ 0%"): of the whole period, and of the cut-off's year or quarter.
NO_ADMISSION = "chưa kết nạp đảng viên nào"
NO_NEW_MEMBER = "chưa kết nạp được đảng viên mới nào"
PARTIAL_TARGET_NOTE = (
    "danh mục chưa ghi chỉ tiêu của một số tổ chức đã kết nạp trong năm, nên tỷ lệ có thể cao hơn thực tế"
)
# The same, in a roll-up, naming the wards whose registry did so (`rollup.partial_targets`).
PARTIAL_TARGET_ROLLUP_NOTE = (
    "danh mục của {wards} chưa ghi chỉ tiêu của một số tổ chức đã kết nạp trong năm, nên tỷ lệ có thể "
    "cao hơn thực tế"
)
FIGURES_BELOW = "các số liệu dưới đây"  # what the report's notes of its coverage speak of
# The report of a run that consolidated no organisation (`consolidated_any`), in its place.
NO_REPORT = (
    "Chưa có đoạn báo cáo: lần tổng hợp này không tổng hợp được tổ chức nào (thường do chọn nhầm thư "
    "mục bài nộp hoặc nhầm ngày chốt), nên chưa có số liệu đảng viên của phường để báo cáo. Hãy kiểm "
    "tra thư mục bài nộp và ngày chốt rồi tổng hợp lại."
)


@dataclass(frozen=True)
class Section:
    """One part of the report: a heading and its paragraphs."""

    title: str
    paragraphs: list[str]


def prose(label: str) -> str:
    """A category label as it reads inside a sentence: first letter lowered, the rest kept."""
    return label[:1].lower() + label[1:]


def _form_period(summary: Mapping[str, Any], start: dt.date, cutoff: dt.date) -> tuple[dt.date, dt.date]:
    """The official forms' reporting period of a summary (its `form_period`, or the default one
    of a summary that does not say)."""
    given = summary.get("form_period")
    if isinstance(given, list) and len(given) == 2:
        return dt.date.fromisoformat(str(given[0])), dt.date.fromisoformat(str(given[1]))
    return default_form_period(start, cutoff)


def _whole(value: Any) -> bool:
    """Whether a ward's figure is a whole count, as a roll-up adds it (`toolkit.rollup`)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer()


def _some_wards(names: list[str]) -> str:
    """Wards named in a sentence: the first `SHOWN_WARDS`, then how many more."""
    more = f" và {len(names) - SHOWN_WARDS} phường khác" if len(names) > SHOWN_WARDS else ""
    return f"{', '.join(names[:SHOWN_WARDS])}{more}"


class ReportSummary:
    """Typed access to a summary dict."""

    def __init__(self, summary: Mapping[str, Any]) -> None:
        check_summary(summary, figures=False)  # read back by `load_summary`, or the run's own
        # What an older summary implies exactly (the exemption split and its reason not known,
        # `stats.sums.with_implied_parts`), so that its parts add up as a new one's do.
        self.ind: Mapping[str, int | float] = with_implied_parts(summary["indicators"])
        self.cutoff = dt.date.fromisoformat(str(summary["cutoff_date"]))
        self.start = dt.date.fromisoformat(str(summary["period_start"]))
        self.organisations: list[Mapping[str, Any]] = list(summary.get("organisations") or [])
        self.years = list(range(self.start.year, self.cutoff.year + 1))
        self.form_period = _form_period(summary, self.start, self.cutoff)
        previous = summary.get("previous")
        self.previous: Mapping[str, Any] | None = previous if isinstance(previous, Mapping) else None
        # Without `previous`, last year's record at its cut-off of another forms' period (its
        # roll at the cut-off is comparable, its flows are not: `_snapshot_comparison`).
        snapshot = summary.get("previous_snapshot")
        self.snapshot: Mapping[str, Any] | None = snapshot if isinstance(snapshot, Mapping) else None
        # Its organisations are the wards it adds; one written before `level` is known too.
        self.rollup = is_rollup(summary)
        # A ward's Đảng bộ as its name gives it ("Đảng bộ phường Mẫu"; None without a name).
        self.ward_body = None if self.rollup else ward_party_body(summary.get("ward_name"))
        self.older = written_by_older_version(summary)  # why it may lack figures
        self.issues: list[Any] = [i for i in summary.get("issues") or [] if isinstance(i, Mapping)]
        # The files of no known organisation (`file.unknown_org`; a roll-up's: the files given
        # that are no ward's summary, hunt332 F3), by name, as the forms' note names them.
        sources = summary.get("sources") or []
        self.unknown_files = [
            str(f.get("file"))
            for f in sources
            if isinstance(f, Mapping) and f.get("org_code") is None and not f.get("consolidated")
        ]
        # The years given a target, 0 included (a ward's consolidation; else unknown: None).
        typed = summary.get("target_years")
        self.target_years: frozenset[int] | None = frozenset(typed) if isinstance(typed, list) else None
        # The years whose rate is over a target typed for some organisations only (None: a
        # summary written before the field, whose issues say them).
        partial = summary.get("partial_target_years")
        self.partial_years: frozenset[int] | None = frozenset(partial) if isinstance(partial, list) else None
        # Pairs of rows counted as two people though their names differ only by accents.
        self.accent_pairs = summary_accent_pairs(summary)
        # A roll-up's wards with such pairs, by ward (None: a ward's, or a roll-up of an older version).
        stated = summary.get("ward_accent_pairs")
        self.ward_accent_pairs: Mapping[str, Any] | None = stated if isinstance(stated, Mapping) else None
        # The words of the organisations' base when the run had no registry (`registry_used`
        # false; absent in an older summary: a registry, as before). A merged ward's record (the
        # sum of former wards', `merged_from`) is false when some former ward's was: as a roll-up's.
        # A roll-up all of whose wards had none (`registry_none`) names the files sent alone.
        self.orgs_label = orgs_base_label(
            summary.get("registry_used") is not False,
            self.rollup or bool(summary.get("merged_from")),
            summary.get("registry_none") is True,
        )

    def n(self, key: str) -> int:
        return int(self.ind.get(key, 0) or 0)

    @cached_property
    def counted(self) -> set[str] | None:
        """The consolidated organisations (None: the summary lists none, so every issue counts)."""
        if not self.organisations:
            return None
        return {str(o.get("org_code")) for o in self.organisations if o.get("status") == "consolidated"}

    def late_starts(self, since: dt.date) -> list[tuple[str | None, list[tuple[str, dt.date]]]]:
        """The consolidated organisations whose changes count only from a date after `since`
        (their file's `Số liệu từ ngày`, said by the summary's `org.period_start_differs`): a
        ward's in one group (ward None); a roll-up's by ward (`rollup.late_start_ward`), said
        with `by_ward_words`."""
        if self.rollup:
            return [*ward_late_starts(self.issues, since, self.counted)]
        late = late_starts(self.issues, since, self.counted)
        return [(None, late)] if late else []

    def years_missing(self, years: list[int]) -> list[tuple[str | None, list[tuple[str, list[int]]]]]:
        """The consolidated organisations whose `Số liệu năm` lacks some of `years` (the
        summary's `year.missing`, as row 3 of `Tổng hợp` reads it), with those years; grouped
        as `late_starts` (a roll-up's by ward, `rollup.year_missing_ward`)."""
        if self.rollup:
            return [*ward_years_missing(self.issues, years, self.counted)]
        missing = years_missing(self.issues, years, self.counted)
        return [(None, missing)] if missing else []

    def years_unrated(self, years: list[int]) -> list[tuple[str | None, list[tuple[str, list[int]]]]]:
        """The consolidated organisations whose `Số liệu năm` rates nobody in some of `years`
        though they had members to rate (the summary's `year.unrated`), with those years, grouped
        as `years_missing` (a roll-up's by ward, `rollup.year_unrated_ward`)."""
        if self.rollup:
            return [*ward_years_unrated(self.issues, years, self.counted)]
        unrated = years_unrated(self.issues, years, self.counted)
        return [(None, unrated)] if unrated else []

    def late_years(self, years: list[int]) -> list[tuple[str | None, list[tuple[str, dt.date]]]]:
        """The late starts (`late_starts` against the period's start) whose file has no yearly
        figures of some of `years`: a `Số liệu năm` starts at the year of `Số liệu từ ngày` (of
        a list an older roll-up cut, those cut off are counted: their dates are not known)."""
        groups = [
            (ward, kept_items(late, lambda item: any(y < item[1].year for y in years)))
            for ward, late in self.late_starts(self.start)
        ]
        return [(ward, late) for ward, late in groups if late]

    def dissolved(self) -> list[str]:
        """The consolidated organisations with no member at the cut-off (the last report of
        one dissolved or merged away: `org.no_members_at_cutoff`), by name."""
        out = []
        for o in self.organisations:
            total = (o.get("indicators") or {}).get("members.total")
            if o.get("status") == "consolidated" and total is not None and not total:
                out.append(str(o.get("org_name") or o.get("org_code")))
        return out

    def partial_target(self, year: int) -> bool:
        """Whether a ward's registry gave `year` a target for some of its organisations only,
        others admitting members that year all the same (`registry.partial_targets`, its value
        the year): the rate holds admissions no target was set for. Read from the summary's
        `partial_target_years` (a history export has no issue), else, in a ward's summary
        written before it, from its issues. A roll-up's field lists the years some ward's run
        warned so (`rollup.partial_targets`); a roll-up written before it notes none."""
        if self.partial_years is not None:
            return year in self.partial_years
        if self.rollup:
            return False
        said = (i for i in self.issues if i.get("code") == "registry.partial_targets")
        return any(str(i.get("value")) == str(year) for i in said)

    def partial_target_note(self, year: int) -> str:
        """The note said after `year`'s rate (with its leading "; ") when it is `partial_target`,
        else nothing. A roll-up's names the wards its `rollup.partial_targets` issues give for
        that year ("some wards" when they give none)."""
        if not self.partial_target(year):
            return ""
        if not self.rollup:
            return f"; {PARTIAL_TARGET_NOTE}"
        said = (i for i in self.issues if i.get("code") == "rollup.partial_targets")
        wards = list(
            dict.fromkeys(
                str(i.get("org_code"))
                for i in said
                if str(year) in str(i.get("value")).split(", ") and i.get("org_code")
            )
        )
        named = ", ".join(wards[:SHOWN_WARDS]) + (
            f" và {vnformat.number(len(wards) - SHOWN_WARDS)} phường khác" if len(wards) > SHOWN_WARDS else ""
        )
        return f"; {PARTIAL_TARGET_ROLLUP_NOTE.format(wards=named or 'một số phường')}"

    def unknown_target(self, years: list[int]) -> str | None:
        """Why a roll-up has no admission target (nor rate) for `years`, the ones it left out,
        naming those wards with their reason; None for a ward's summary, or when every year of
        `years` has its target (0 included: then no ward has one). A roll-up leaves a year's
        target out when a ward admitted members in it without a target (`toolkit.rollup`, its
        `rollup.no_target`: the sum of the targets is not known), or when a ward's summary lacks
        the target or gives one that is not a whole count (`rollup.incomplete_indicator`: the
        sum cannot be made); a ward whose target of 0 was typed is neither (hunt75 #1)."""
        years = [y for y in years if f"targets.{y}" not in self.ind]
        if not self.rollup or not years:
            return None
        wards: dict[str, None] = {}
        wanted = {str(y) for y in years}
        # Its `rollup.no_target` issues name the wards with their years (`value`). A roll-up of
        # an older version, whose issues do not say the years (nor its wards their typed
        # targets), is read from its wards' figures.
        no_target = [i for i in self.issues if i.get("code") == "rollup.no_target"]
        older = any(not isinstance(i.get("value"), str) for i in no_target)
        for issue in no_target if not older else []:
            if wanted & set(str(issue["value"]).split(", ")):
                wards[str(issue.get("org_code"))] = None
        consolidated = [o for o in self.organisations if o.get("status") == "consolidated"]
        for org in consolidated if older else []:
            if any(lacks_target(org.get("indicators") or {}, y) for y in years):
                wards[str(org.get("org_name") or org.get("org_code"))] = None
        # The wards whose summary lacks the target, or gives one that is not a whole count.
        damaged = [
            str(org.get("org_name") or org.get("org_code"))
            for org in consolidated
            if isinstance(own := org.get("indicators"), Mapping)
            and own
            and any(not _whole(own.get(f"targets.{y}")) for y in years)
        ]
        which = "năm đó" if len(years) == 1 else "các năm đó"
        if not wards and not damaged:
            return f"chỉ tiêu kết nạp {which} không có trong số liệu của mọi phường"
        for name in damaged:  # its summary's lack is the reason, whatever else it lacks
            wards.pop(name, None)
        reasons = []
        if wards:
            reasons.append(f"{_some_wards(list(wards))} chưa có chỉ tiêu kết nạp {which}")
        if damaged:
            reasons.append(
                f"tệp số liệu của {_some_wards(damaged)} thiếu (hoặc ghi không đúng) chỉ tiêu kết nạp {which}"
            )
        return " và ".join(reasons)

    @cached_property
    def line_shares(self) -> dict[tuple[str, str], Share]:
        return line_shares(self.ind, self.orgs_label)

    def share(self, key: str, base: str = "members.total") -> Share:
        """The share as the workbook prints it: a part of a whole of sections A and B keeps the
        largest-remainder figure of that whole; any other share is rounded on its own."""
        found = self.line_shares.get((key, base))
        if found is not None:
            return found
        own = share(self.ind, key, base)
        return replace(own, label=self.orgs_label) if base == "orgs.registered" else own

    @property
    def total(self) -> int:
        return self.n("members.total")

    @property
    def orgs_total(self) -> int:
        return self.n("orgs.registered") or self.n("orgs.consolidated") or len(self.organisations)

    @property
    def period_phrase(self) -> str:
        """'Từ năm 2020 đến ngày 31/3/2026' (or 'Từ ngày 15/3/2020 …' for a mid-year start)."""
        if (self.start.month, self.start.day) == (1, 1):
            since = f"Từ năm {self.start.year}"
        else:
            since = f"Từ ngày {vnformat.date(self.start)}"
        return f"{since} đến ngày {vnformat.date(self.cutoff)}"

    @property
    def annual_phrase(self) -> str:
        """What the yearly figures (`Số liệu năm`: training) cover, said before them: whole years
        from the period's first, whatever day the period starts on (the period's start does not
        cut them, hunt107 F6): 'Từ năm 2020 đến ngày 31/3/2026', and for a mid-year start 'Theo
        số liệu năm, từ năm 2025 đến ngày 31/3/2026 (cả năm 2025, không chỉ từ ngày 01/7/2025)'."""
        since = f"năm {self.start.year} đến ngày {vnformat.date(self.cutoff)}"
        if (self.start.month, self.start.day) == (1, 1):
            return f"Từ {since}"
        whole = f"cả năm {self.start.year}, không chỉ từ ngày {vnformat.date(self.start)}"
        return f"Theo số liệu năm, từ {since} ({whole})"

    @property
    def ratings_year(self) -> int | None:
        """The latest complete year (ratings are made at year end) that has ratings."""
        last = self.cutoff.year if (self.cutoff.month, self.cutoff.day) == (12, 31) else self.cutoff.year - 1
        for year in range(last, self.start.year - 1, -1):
            if self.rated(year):
                return year
        return None

    def rated(self, year: int) -> int:
        return sum(self.n(f"ratings.{year}.{code}") for code in RATED_CODES)


def _people(n: int) -> str:
    return f"{vnformat.count(n)} đồng chí"


def _shares_list(s: ReportSummary, items: list[tuple[str, str]], base: str = "members.total") -> str:
    """'label 76,2%; label 23,8%' for the items with a non-zero count, each share as the
    workbook prints it (`ReportSummary.share`): items that make up one whole were rounded
    together, so their shares sum to exactly 100%, and a group of parts ("cao cấp, cử nhân")
    is the sum of its parts' shares (`summary_lines._group`), never rounded again here."""
    parts = []
    shares = [s.share(key, base) for _, key in items]
    for (label, _), sh in zip(items, shares, strict=True):
        if sh.numerator and sh.value is not None:
            parts.append(f"{label} {vnformat.percent_prose(sh)}")
    return "; ".join(parts)


# --- the sections -----------------------------------------------------------------------------


def incomplete_wards(s: ReportSummary) -> str | None:
    """Of a roll-up, its wards added whose own run left some of their organisations out, in the
    words of its `Tổng hợp` row 3 (`stats.coverage.incomplete_wards_words`, of its
    `rollup.incomplete_ward`); when its summary names none (of an older version) but its
    organisations fall short, how many it lacks. None for a ward's run, or when none is lacking."""
    if not s.rollup:
        return None
    named = partial_current(s.issues)
    added = {o.get("org_code") for o in s.organisations if o.get("status", "consolidated") == "consolidated"}
    if wards := [(ward, value) for ward, value in named if ward in added]:
        return incomplete_wards_words(wards, vnformat.count, outside=dict(outside_wards(s.organisations)))
    if not named and missing_orgs(s.ind) is not None:
        return f"số liệu của các phường được tổng hợp thiếu {vnformat.number(left_out(s.ind))} tổ chức đảng"
    return None


def parts_lacking(s: ReportSummary) -> list[str]:
    """What some parts of the figures lack though their organisations are in (`Tổng hợp`'s row 3
    says them as "Chưa đủ số liệu"): the changes, admissions and yearly figures before the date
    a late file starts from (`org.period_start_differs`), and the ratings and training of a
    finished year a `Số liệu năm` lacks (`year.missing`); a roll-up's by ward
    (`rollup.late_start_ward`, of an older version only its count; `rollup.year_missing_ward`).
    The roll at the cut-off is whole: it is not among them. The sections say each again."""
    parts = []
    late = ward_late_start_groups(s.issues, s.start, s.counted) if s.rollup else s.late_starts(s.start)
    if late:
        what = "số biến động và kết nạp đảng viên"
        if s.late_years(s.years):  # a `Số liệu năm` starts at the year of its file's date
            what = "số biến động, kết nạp đảng viên và số liệu năm"
        parts.append(
            f"{what} chưa gồm số liệu trước ngày tệp ghi ở mục “Số liệu "
            f"từ ngày” của {by_ward_words(late, late_group_words)}"
        )
    if missing := s.years_missing(s.years):
        parts.append(
            f"xếp loại, bồi dưỡng chưa gồm số liệu của {by_ward_words(missing, _years_missing_words)}"
        )
    if unrated := s.years_unrated(s.years):
        parts.append(f"xếp loại chưa gồm số liệu của {by_ward_words(unrated, _years_unrated_words)}")
    return parts


def _coverage(s: ReportSummary) -> str | None:
    """A sentence saying which organisations the figures leave out, if any (of a roll-up, the
    wards left out and the organisations its wards' own runs left out, `incomplete_wards`), and
    which parts of the figures are not complete though every organisation is in
    (`parts_lacking`): the first thing the report says, as `Tổng hợp`'s row 3 is, so a report
    whose figures row 3 calls "Chưa đủ số liệu" never opens as if they were whole."""
    missing = [o for o in s.organisations if o.get("status") == "missing"]
    excluded = [o for o in s.organisations if o.get("status") == "excluded"]
    unknown = unknown_files_note(s.unknown_files, FIGURES_BELOW, rollup=s.rollup) if s.unknown_files else ""
    if s.accent_pairs:  # said once, after what the figures lack, as the forms say it
        wards = accent_pair_wards(s.ward_accent_pairs, s.issues, s.counted) if s.rollup else ()
        doubt = accent_pairs_note(s.accent_pairs, s.rollup, FIGURES_BELOW, wards)
        unknown = f"{unknown} {doubt}" if unknown else doubt
    lacking = incomplete_wards(s)
    short = parts_lacking(s)
    if not missing and not excluded and lacking is None and not short:
        return unknown or None
    # A roll-up's rows are wards: counted as wards (its `orgs.*` are the wards' organisations).
    unit = "phường" if s.rollup else "tổ chức"
    counted = sum(1 for o in s.organisations if o.get("status") == "consolidated")
    # A ward's organisations expected: the registry's, those outside it that sent a file said
    # beside them (`stats.coverage`, as the forms and `Xu hướng` count them).
    coverage = None if s.rollup else org_coverage(s.ind)
    consolidated, total = coverage if coverage is not None else (counted, len(s.organisations))

    def names(orgs: list[Mapping[str, Any]]) -> str:
        shown = [str(o.get("org_name") or o.get("org_code")) for o in orgs[:10]]
        more = f" và {vnformat.count(len(orgs) - 10)} {unit} khác" if len(orgs) > 10 else ""
        return ", ".join(shown) + more

    outside = "" if s.rollup else outside_words(s.ind, count=vnformat.count)
    beyond = [] if s.rollup else _outside_rows(s, excluded)
    if beyond:
        # Named in their own clause, not among the registry's left out for errors: the counts
        # then add up to the registry's (review335 F3: 68/72, "03 chưa nộp", "02 bị loại" made 73).
        excluded = [o for o in excluded if o not in beyond]
        outside = f"{outside[:-1]}: {names(beyond)})"
    parts = [f"Số liệu tổng hợp từ {vnformat.number(consolidated)}/{vnformat.number(total)} {unit}{outside}"]
    # Every organisation in, some parts short: said after the count, never "đủ".
    short_words = f"một số phần chưa đủ số liệu: {'; '.join(short)}" if short else ""
    if not missing and not excluded and not beyond and lacking is None:
        return " ".join(filter(None, [f"{parts[0]}; {short_words}.", unknown]))
    if missing:
        parts.append(f"{vnformat.count(len(missing))} {unit} chưa nộp số liệu ({names(missing)})")
    if excluded:
        why = "tệp không dùng được hoặc khác ngày chốt, kỳ báo cáo" if s.rollup else "tệp có lỗi"
        parts.append(f"{vnformat.count(len(excluded))} {unit} bị loại do {why} ({names(excluded)})")
    left = len(missing) + len(excluded) + len(beyond)
    # Beside a roll-up's wards lacking organisations, the wards left out are said by why.
    these = f"{unit} này" if left == 1 else f"các {unit} này"
    if lacking is not None:
        parts.append(lacking)
        why = "chưa nộp hoặc bị loại" if missing and excluded else "chưa nộp" if missing else "bị loại"
        gone = f"{unit} {why}" if left == 1 else f"các {unit} {why}"
        these = " và ".join([gone] * bool(left) + ["các tổ chức đảng còn thiếu này"])
    said = "; ".join(parts) + f"; các số liệu dưới đây chưa gồm {these}."
    return " ".join(filter(None, [said, f"Ngoài ra, {short_words}." if short else "", unknown]))


def _outside_rows(s: ReportSummary, excluded: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The rows of `excluded` that are organisations outside the registry that sent a file (their
    file's `org.unknown`), when they are as many as the run counts (`orgs.unregistered`); else []
    (an older summary, or issues that do not tell them apart: all said as excluded, as before)."""
    files = {i.get("file") for i in s.issues if i.get("code") == "org.unknown"}
    rows = [o for o in excluded if o.get("file") in files]
    return rows if rows and len(rows) == outside_count(s.ind) else []


def _present(s: ReportSummary, voc: vocab.Vocabulary, prefix: str) -> Iterator[tuple[vocab.Term, int]]:
    """The terms of `voc` whose count `prefix.<code>` is not zero, with that count."""
    for t in voc.terms:
        n = s.n(f"{prefix}.{t.code}")
        if n:
            yield t, n


def _organisations_paragraph(s: ReportSummary) -> str:
    """The organisations by tier and sector, and the members, full and probationary."""
    tiers = [f"{vnformat.count(n)} {prose(t.label)}" for t, n in _present(s, vocab.ORG_TIER, "orgs.tier")]
    sectors = [
        f"{prose(t.label)} {vnformat.count(n)} tổ chức" for t, n in _present(s, vocab.SECTOR, "orgs.sector")
    ]
    # Those known to neither the registry nor their file: said, so the parts add up to the whole.
    if unknown := s.n("orgs.tier.unknown"):
        tiers.append(f"{vnformat.count(unknown)} tổ chức chưa rõ cấp tổ chức")
    if unknown := s.n("orgs.sector.unknown"):
        sectors.append(f"chưa rõ khối {vnformat.count(unknown)} tổ chức")
    # A roll-up's organisations are its wards: only those added are counted (an excluded
    # ward's organisations and members are in no figure below).
    added = sum(1 for o in s.organisations if o.get("status", "consolidated") == "consolidated")
    wards = f"{vnformat.count(added)} Đảng bộ phường" if added else "các Đảng bộ phường"
    who = f"{wards} được tổng hợp" if s.rollup else f"toàn {s.ward_body or 'Đảng bộ phường'}"
    text = f"Tính đến ngày {vnformat.date(s.cutoff)}, {who} có {vnformat.count(s.orgs_total)} tổ chức đảng"
    # Without a registry the count is of the organisations that sent a file (`orgs_label`), not
    # the ward's: said so, as section A's base and row 3 of `Tổng hợp` say (review317: "toàn
    # Đảng bộ phường có 72 tổ chức đảng" was false as soon as one had not sent).
    if s.orgs_label == SENT_BASE_LABEL:
        text += " đã nộp tệp (không có danh mục để biết tổ chức nào chưa nộp)"
    elif s.orgs_label is not None:
        text += " " + s.orgs_label.removeprefix("tổ chức ")
    text += f", trong đó có {', '.join(tiers)}." if tiers else "."
    if sectors:
        text += f" Theo khối: {'; '.join(sectors)}."
    if not s.rollup and (gone := s.dissolved()):
        text += (
            f" Trong số này, {vnformat.count(len(gone))} tổ chức không còn đảng viên tại ngày "
            f"{vnformat.date(s.cutoff)} (giải thể hoặc sáp nhập trong kỳ; biến động trong kỳ vẫn "
            f"được tính): {', '.join(gone)}."
        )
    of = "của các Đảng bộ" if s.rollup and added != 1 else "của Đảng bộ phường" if s.rollup else "của Đảng bộ"
    text += f" Tổng số đảng viên {of} là {_people(s.total)}"
    if s.total:
        # A kind nobody is of is said as the report says other empty counts ("không có đảng viên
        # dự bị"), not "là 0 đồng chí" (hunt174 #4).
        kinds = [
            f"đảng viên {kind} là {_people(n)}" if n else f"không có đảng viên {kind}"
            for kind, n in (("chính thức", s.n("members.full")), ("dự bị", s.n("members.probationary")))
        ]
        text += f"; trong đó {', '.join(kinds)}."
    else:
        text += "."
    return text


def _education_paragraph(s: ReportSummary) -> str:
    """General education and professional level, with the base every structure share is on."""
    base = s.share("members.total")  # names the base of every structure share below
    edu = _shares_list(
        s, [(prose(t.label), f"members.gen_edu.{t.code}") for t in reversed(vocab.GEN_EDU.terms)]
    )
    intermediate = prose(vocab.PROF_LEVEL.label("intermediate"))
    university = prose(vocab.PROF_LEVEL.label("university"))
    prof_parts = []
    plus = s.share("members.prof.intermediate_plus")
    if plus.numerator:
        prof_parts.append(f"từ {intermediate} trở lên {vnformat.percent_prose(plus)}")
        uni = s.share("members.prof.university_plus")
        if uni.numerator:
            prof_parts[-1] += f", trong đó {university} trở lên {vnformat.percent_prose(uni)}"
    prof_levels = _shares_list(
        s, [(prose(t.label), f"members.prof.{t.code}") for t in vocab.PROF_LEVEL.terms]
    )
    if prof_levels:
        # "cụ thể" details the share at trung cấp and above; with nobody there (a small ward of
        # untrained members) the levels are the whole sentence, not "…: cụ thể: …" (hunt253).
        prof_parts.append(f"cụ thể: {prof_levels}" if prof_parts else prof_levels)
    prof = "; ".join(prof_parts)
    return (
        f"Về cơ cấu đảng viên (tỷ lệ tính trên {base.base_label}, {_people(base.base)}): "
        f"{vocab.GEN_EDU.title}: {edu or NO_DATA}. "
        f"{vocab.PROF_LEVEL.title}: {prof or NO_DATA}."
    )


def _structure_paragraphs(s: ReportSummary) -> list[str]:
    """Political theory, gender, age and occupation, one paragraph each."""
    advanced_bachelor = ", ".join(prose(vocab.THEORY_LEVEL.label(c)) for c in vocab.THEORY_ADVANCED_BACHELOR)
    theory_items = [(advanced_bachelor, "members.theory.advanced_bachelor")] + [
        (prose(t.label), f"members.theory.{t.code}")
        for t in reversed(vocab.THEORY_LEVEL.terms)
        if t.code not in vocab.THEORY_ADVANCED_BACHELOR
    ]
    gender = _shares_list(s, [(prose(t.label), f"members.gender.{t.code}") for t in vocab.GENDER.terms])
    ages = _shares_list(s, [(prose(label), f"members.age_report.{k}") for k, label in AGE_REPORT_BANDS])
    age_text = f"Độ tuổi: {ages or NO_DATA}"
    mean = s.ind.get("members.age_mean")
    if mean:
        age_text += f"; tuổi bình quân {vnformat.decimal(float(mean), 1)}"
    groups = _shares_list(
        s, [(prose(t.label), f"members.occupation_group.{t.code}") for t in vocab.OCCUPATION_GROUP.terms]
    )
    return [
        f"{vocab.THEORY_LEVEL.title}: {_shares_list(s, theory_items) or NO_DATA}.",
        f"{vocab.GENDER.title}: {gender or NO_DATA}.",
        age_text + ".",
        f"{vocab.OCCUPATION.title}: đảng viên là {groups or NO_DATA}.",
    ]


def _exempt_paragraph(s: ReportSummary) -> str:
    """Members exempted from Party work and activities (old age and ill health) and those
    temporarily exempted (every other reason, by reason), and members working away."""
    day = vnformat.date(s.cutoff)
    full, temporary = s.n("members.exempt.full"), s.n("members.exempt.temporary")
    if s.ind.get("members.exempt") is None:
        text = f"Về miễn, tạm miễn công tác và sinh hoạt đảng: chưa có số liệu {not_in_summary(s)}."
    elif s.ind.get("members.exempt.full") is None and s.n("members.exempt"):
        # Neither the split nor the reasons it is made from (`with_exempt_split`).
        exempt = s.share("members.exempt")
        text = (
            f"Tại ngày {day}, có {_people(exempt.numerator)} được miễn, tạm miễn công tác và sinh hoạt đảng "
            f"({vnformat.percent_prose(exempt)} {exempt.base_label}); chưa có số liệu theo từng loại "
            f"{not_in_summary(s)}."
        )
    elif full or temporary:
        parts = []
        if full:
            reason = prose(vocab.EXEMPT_REASON.label(vocab.FULL_EXEMPTION_REASON))
            parts.append(f"{_people(full)} được {prose(FULL_EXEMPTION)} ({reason})")
        if temporary:
            by_reason = [
                f"{prose(t.label)} {_people(n)}"
                for t, n in _present(s, vocab.EXEMPT_REASON, "members.exempt_reason")
                if t.code != vocab.FULL_EXEMPTION_REASON
            ]
            if unknown := s.n("members.exempt_reason.unknown"):
                by_reason.append(f"{prose(exempt_reason_unknown_label())} {_people(unknown)}")
            clause = f"{_people(temporary)} được {prose(TEMPORARY_EXEMPTION)}"
            parts.append(clause + (f", gồm: {'; '.join(by_reason)}" if by_reason else ""))
        exempt = s.share("members.exempt")
        text = (
            f"Tại ngày {day}, có {_people(exempt.numerator)} được miễn, tạm miễn công tác và sinh hoạt đảng "
            f"({vnformat.percent_prose(exempt)} {exempt.base_label}): {'; '.join(parts)}."
        )
    else:
        text = f"Tại ngày {day}, không có đảng viên được miễn, tạm miễn công tác và sinh hoạt đảng."
    away = s.share("members.working_away")
    away_label = prose(layout.MEMBERS.field("working_away").header)
    if away.numerator:
        text += (
            f" Số đảng viên {away_label} là {_people(away.numerator)} "
            f"({vnformat.percent_prose(away)} {away.base_label})."
        )
    return text


@dataclass(frozen=True)
class Identity:
    """A breakdown the report states one figure of (the ethnic minorities, the religious
    members) while its `<family>.unknown` bucket counts the members whose value is not known."""

    what: str  # "dân tộc"
    count_id: str  # the figure: members of any value but `left_out`
    words: str  # what the figure's members are, in a sentence
    voc: vocab.Vocabulary
    left_out: str  # the value the figure does not count (Kinh, no religion)

    @property
    def family(self) -> str:
        return f"members.{self.voc.key}"


IDENTITIES = (
    Identity("dân tộc", "members.ethnic_minority", "là người dân tộc thiểu số", vocab.ETHNICITY, vocab.KINH),
    Identity("tôn giáo", "members.religious", "theo tôn giáo", vocab.RELIGION, "none"),
)


def not_in_summary(s: ReportSummary) -> str:
    """Why a figure the summary lacks is not stated: a roll-up leaves out an id some of its
    wards' summaries lack (the wards its `rollup.incomplete_indicator` names, whose reason the
    `Kiểm tra` sheet says); a ward's summary lacks it when of an older version, or, of this
    one, when edited by hand or damaged (or of an earlier build of this version number, which
    did not change with every id added), as the roll-up says it."""
    if s.rollup:
        wards = [
            str(i["org_code"])
            for i in s.issues
            if i.get("code") == "rollup.incomplete_indicator" and i.get("org_code")
        ]
        whose = ", ".join(dict.fromkeys(wards)) if wards else "một số phường"
        return f"vì tệp số liệu của {whose} không có chỉ tiêu này (xem sheet “Kiểm tra”)"
    if s.older:
        return "vì tệp số liệu tổng hợp (phiên bản cũ) không có chỉ tiêu này"
    return (
        "vì tệp số liệu tổng hợp không có chỉ tiêu này (tệp có thể do phiên bản ward-stats cũ hơn tạo "
        "ra, hoặc đã bị sửa bằng tay hay bị hỏng)"
    )


def _identity_paragraph(s: ReportSummary, topic: Identity) -> str | None:
    """The sentence on ethnic minorities or religious members: none when the ward has none and
    every member's value is known. When some are unknown the figure is not a complete count,
    and the sentence says how many it leaves out; when all are, it states no figure. A figure
    the summary lacks is never read as 0: the count missing, no figure is stated; a listed
    term's missing, the list says it is incomplete and which it lacks."""
    if s.ind.get(topic.count_id) is None:
        return f"Về {topic.what}: chưa có số liệu đảng viên {topic.words} {not_in_summary(s)}."
    count, unknown = s.n(topic.count_id), s.n(f"{topic.family}.unknown")
    if not count and not unknown:
        return None
    if unknown and unknown >= s.total:
        return (
            f"Về {topic.what}: chưa có số liệu đảng viên {topic.words}, vì cả {_people(unknown)} đều "
            f"chưa rõ {topic.what} ({UNKNOWN_WHY})."
        )
    base = s.share(topic.count_id, known_base(s.ind, topic.family))
    if count:
        listed = listed_terms(s.ind, topic.voc, topic.family, topic.left_out)
        parts = [
            f"{t.label} {_people(s.n(f'{topic.family}.{t.code}'))}"
            for t in listed
            if s.n(f"{topic.family}.{t.code}")
        ]
        lacking = [t.label for t in listed if s.ind.get(f"{topic.family}.{t.code}") is None]
        text = (
            f"Về {topic.what}: có {_people(count)} {topic.words} ({vnformat.percent_prose(base)} "
            f"{base.base_label}){', gồm: ' + '; '.join(parts) if parts else ''}."
        )
        if lacking:
            text += (
                f" Danh sách trên chưa đầy đủ: chưa có số liệu {topic.what} {', '.join(lacking)} "
                f"{not_in_summary(s)}."
            )
    else:
        text = (
            f"Về {topic.what}: trong số {vnformat.count(base.base)} {base.base_label}, không có đồng chí "
            f"nào {topic.words}."
        )
    if unknown:
        text += f" Số liệu này chưa đầy đủ vì còn {_people(unknown)} chưa rõ {topic.what} ({UNKNOWN_WHY})."
    return text


def _identity_paragraphs(s: ReportSummary) -> list[str]:
    """Ethnic minorities and religious members, a sentence each where the ward has any or
    where some members' value is unknown."""
    return [p for topic in IDENTITIES if (p := _identity_paragraph(s, topic)) is not None]


def _members_section(s: ReportSummary) -> Section:
    coverage = _coverage(s)
    paras = [coverage] if coverage else []
    paras.append(_organisations_paragraph(s))
    if not s.total:
        paras.append("Chưa có số liệu đảng viên nên chưa tính được cơ cấu đảng viên.")
        return Section(HEADING_MEMBERS, paras)
    paras.append(_education_paragraph(s))
    paras += _structure_paragraphs(s)
    paras += _identity_paragraphs(s)
    paras.append(_exempt_paragraph(s))
    return Section(HEADING_MEMBERS, paras)


def _event(code: str) -> str:
    return prose(vocab.EVENT_TYPE.label(code))


def _strike_grounds(s: ReportSummary, struck: int) -> str:
    """Why members were struck off: ", đều do <lý do> (…)" when one ground is every one's,
    ", chủ yếu do <lý do> (…)" only when one ground is more than half of them (a ground that is
    merely the most frequent, or tied, is not the main one), else the grounds with their
    counts, most frequent first."""
    grounds = [(n, t) for t in vocab.STRIKE_GROUND.terms if (n := s.n(f"changes.strike_ground.{t.code}"))]
    if not grounds:
        return ""
    grounds.sort(key=lambda g: -g[0])  # stable: ties keep the vocabulary's order
    top_count, top = grounds[0]
    if top_count == struck:
        return f", đều do {prose(top.label)} ({_people(top_count)})"
    if 2 * top_count > struck:
        return f", chủ yếu do {prose(top.label)} ({_people(top_count)})"
    return f" (lý do: {', '.join(f'{prose(t.label)} {_people(n)}' for n, t in grounds)})"


def _changes_section(s: ReportSummary) -> Section:
    paras: list[str] = []
    removed = s.n("changes.removed.total")
    if removed:
        parts = []
        struck = s.n("changes.struck_off.total")
        if struck:
            parts.append(f"{_event('struck_off')} {_people(struck)}{_strike_grounds(s, struck)}")
        for code in ("expelled", "resigned"):
            if s.n(f"changes.{code}.total"):
                parts.append(f"{_event(code)} {_people(s.n(f'changes.{code}.total'))}")
        text = f"{s.period_phrase}, đưa ra khỏi Đảng {_people(removed)}, gồm: {'; '.join(parts)}."
        per_year = [f"năm {y}: {vnformat.count(s.n(f'changes.removed.{y}'))}" for y in s.years]
        text += f" Theo năm: {'; '.join(per_year)}."
    else:
        text = f"{s.period_phrase}, không có đảng viên bị đưa ra khỏi Đảng."
    paras.append(text)

    others = [
        f"{_event(code)} {_people(s.n(f'changes.{code}.total'))}"
        for code in ("died", "transfer_in", "transfer_out", "restored")
        if s.n(f"changes.{code}.total")
    ]
    if others:
        text = f"Trong cùng thời gian: {'; '.join(others)}."
        unscoped = [
            f"{_people(s.n(f'changes.{code}.{SCOPE_UNKNOWN}'))} {_event(code)}"
            for code in INTERNAL_TRANSFERS
            if s.n(f"changes.{code}.{SCOPE_UNKNOWN}")
        ]
        if unscoped:
            text += (
                f" Trong số đó có {' và '.join(unscoped)} chưa rõ phạm vi chuyển ({UNKNOWN_WHY}), "
                "có thể gồm cả chuyển sinh hoạt giữa các tổ chức trong "
                f"{'một Đảng bộ phường' if s.rollup else s.ward_body or 'Đảng bộ phường'}."
            )
        paras.append(text)
    if in_transit := _in_transit_paragraph(s):
        paras.append(in_transit)
    if late := s.late_starts(s.start):
        # The yearly figures below that lack some of these organisations' years too.
        annual = [
            what
            for what, years in (("bồi dưỡng", _training_years(s)), ("xếp loại", _rating_years(s)))
            if s.late_years(years)
        ]
        below = (
            f", số kết nạp đảng viên và số liệu năm ({', '.join(annual)})"
            if annual
            else " và số kết nạp đảng viên"
        )
        paras.append(
            f"Số liệu biến động của {by_ward_words(late, late_start_words)} chỉ tính từ ngày tệp của tổ "
            "chức ghi ở mục "
            f"“Số liệu từ ngày”, sau ngày {vnformat.date(s.start)}, nên các số biến động nêu trên{below} ở "
            "phần dưới chưa đủ."
        )
    return Section(HEADING_CHANGES, paras)


def _not_consolidated_words(s: ReportSummary) -> str | None:
    """The organisations this summary did not consolidate, where the other side of a move
    inside the ward may be (`_in_transit_paragraph`): a ward's, named by code as the warning
    `event.internal_transfer_unmatched` names them ("1 tổ chức (HD19)", the first `MAX_NAMED`),
    missing or excluded; a roll-up's, by its wards whose own run left some out
    (`current_gap_words`); counted only (`missing_orgs`) when the summary does not list them.
    None when every organisation was consolidated."""
    if s.rollup:
        partial = missing_orgs(s.ind)
        if partial is None:
            return None
        return current_gap_words(left_out(s.ind), partial_current(s.issues))
    codes = [
        str(o.get("org_code"))
        for o in s.organisations
        if o.get("status") in ("missing", "excluded") and o.get("org_code")
    ]
    if codes:
        shown = ", ".join(codes[:MAX_NAMED]) + (", …" if len(codes) > MAX_NAMED else "")
        return f"số liệu của {vnformat.number(len(codes))} tổ chức ({shown}) chưa được tổng hợp"
    if (partial := missing_orgs(s.ind)) is not None:
        return current_gap_words(left_out(s.ind))
    return None


def _in_transit_paragraph(s: ReportSummary) -> str | None:
    """The moves between two organisations of a ward that Biểu 1-BTCTW counts as a change
    (`period.transfer_<in|out>.in_transit`, `toolkit.stats.period`): one side is in the files
    and the forms' period, the other is not, so the member is on no roll at the cut-off (or at
    the forms' period's start). Said apart from the moves out of and into the ward above, in
    the words of Biểu 1's note, with the line's figure, so that the total the report states and
    Biểu 1's D are explained by the same changes; None when there is no such move. When some
    organisations were not consolidated (`_not_consolidated_words`), the member is on no roll
    of those consolidated only: the other side may be in the file of one of those left out,
    and the member on its roll (hunt121 F4: the report said the member was on no roll while the
    run's own warning named the organisation whose file was missing), so they are named."""
    gone, came = s.n("period.transfer_out.in_transit"), s.n("period.transfer_in.in_transit")
    if not gone and not came:
        return None
    # The ward's own body, as the first sentence names it ("Đảng bộ xã …", review211).
    ward = "một Đảng bộ phường" if s.rollup else s.ward_body or "Đảng bộ phường"
    start, end = s.form_period
    lines = {li.key: li for li in BIEU_1.lines if not isinstance(li, TermLines)}
    form = BIEU_1.sheet_name
    left_out = _not_consolidated_words(s)
    of_which = " được tổng hợp" if left_out else ""

    def counted(n: int, day: dt.date, key: str, kind: str) -> str:
        line = lines[key]
        who = "đồng chí này" if n == 1 else "các đồng chí này"
        people = _people(int(figure(line.ids, s.ind) or 0))
        return (
            f"tại ngày {vnformat.date(day)} {who} chưa có trong danh sách của tổ chức nào{of_which}, nên "
            f"được tính ở mục {kind} ({form}, dòng “{line.label}”: {people})"
        )

    parts = []
    if gone:
        # Not asserted in transit when the receiver may be an organisation left out.
        receiver = (
            "không tệp nào được tổng hợp ghi chuyển đến trong kỳ báo cáo"
            if left_out
            else "tổ chức nhận chưa ghi chuyển đến trong kỳ báo cáo (đang chuyển)"
        )
        parts.append(
            f"{_people(gone)} chuyển sinh hoạt sang tổ chức khác trong {ward} nhưng {receiver}: "
            f"{counted(gone, end, 'C.5', 'chuyển đi')}"
        )
    if came:
        sender = (
            f"không tệp nào được tổng hợp ghi chuyển đi trong kỳ báo cáo của {form}"
            if left_out
            else f"tổ chức chuyển đi ghi chuyển đi trước ngày {vnformat.date(start)} hoặc chưa ghi (đang "
            f"chuyển qua ngày đầu kỳ báo cáo của {form})"
        )
        parts.append(
            f"{_people(came)} chuyển đến từ tổ chức khác trong {ward} mà {sender}: "
            f"{counted(came, start, 'B.2', 'chuyển đến')}"
        )
    if left_out:
        way = "sang" if not came else "từ" if not gone else "sang hoặc từ"
        who = "đồng chí này" if gone + came == 1 else "các đồng chí này"
        return (
            f"Ngoài ra, {'; '.join(parts)}. Tuy nhiên, {left_out}: nếu lần chuyển là {way} tổ chức chưa "
            f"được tổng hợp, {who} có thể có trong danh sách của tổ chức đó và không phải đang chuyển; "
            f"cần tổng hợp đủ các tổ chức hoặc kiểm tra lại (xem ghi chú dưới {form})."
        )
    return (
        f"Ngoài ra, {'; '.join(parts)}. Nếu không phải đang chuyển (tổ chức kia đã ghi lần chuyển này "
        f"nhưng ghi họ tên hoặc ngày sinh khác, hoặc tệp của tổ chức đó không được tổng hợp), cần kiểm tra "
        f"lại (xem ghi chú dưới {form})."
    )


def target_scope_sentence(s: ReportSummary) -> str:
    """The sentence after the rates of achievement when the figures leave organisations out
    (`summary_lines.target_scope`, which the sheets' notes say too: a roll-up's names its
    wards whose own run left some out), with its leading space; '' when none is left out."""
    wards = [
        (str(o.get("org_name") or o.get("org_code")), o.get("indicators") or {})
        for o in s.organisations
        if o.get("status") == "consolidated"
    ]
    words = target_scope(
        s.ind, rollup=s.rollup, wards=wards, registry_used=s.orgs_label is None, count=vnformat.count
    )
    return f" {words}" if words else ""


def _admissions_section(s: ReportSummary) -> Section:
    paras: list[str] = []
    total = s.n("changes.admissions.total")
    readmitted = s.n("changes.readmitted.total")
    admissions = f"đã kết nạp {vnformat.count(total)} đảng viên" if total else NO_ADMISSION
    text = f"{s.period_phrase}, {admissions}"
    if readmitted:
        text += f" (trong đó {_event('readmitted')} {_people(readmitted)})"
    text += "."
    past = []
    past_rated = False  # some earlier year has a rate: the target's scope is said after them
    for year in s.years[:-1]:
        # A first year the period starts inside counts from that day, not a whole year's worth.
        since = f" (từ ngày {vnformat.date(s.start)})" if s.start > dt.date(year, 1, 1) else ""
        item = f"năm {year}{since}: {vnformat.count(s.n(f'changes.admissions.{year}'))}"
        target = s.n(f"targets.{year}")
        if target:
            rate = share(s.ind, f"changes.admissions.{year}", f"targets.{year}")
            note = s.partial_target_note(year)
            # A year counted from inside it is set against its whole year's target: say so.
            of = f"chỉ tiêu {'cả năm ' if since else ''}{vnformat.count(target)}"
            if not rate.numerator:  # nobody admitted: the target, no "đạt 0%" (hunt174 #4)
                item += f" ({of}{note})"
            elif rate.numerator > rate.base:  # "vượt", the figure kept (hunt174 #3)
                item += f" (vượt {of}, đạt {vnformat.percent_prose(rate)}{note})"
            else:
                item += f" (đạt {vnformat.percent_prose(rate)} {of}{note})"
            past_rated = past_rated or bool(rate.numerator)
        elif f"targets.{year}" not in s.ind:
            pass  # a roll-up's year whose target is not known: said after the years (`unknown_target`)
        elif s.target_years is not None and year in s.target_years:  # typed 0: no rate of its own
            item += " (chỉ tiêu bằng 0)"
        else:  # as the cut-off's year says it, below, and `Tổng hợp`'s note (`target_total_note`)
            item += " (chưa có chỉ tiêu)"
        past.append(item)
    if past:
        text += f" Theo năm: {'; '.join(past)}."
    # The yearly rates are over the whole ward's targets too (hunt155 F4: only the current
    # year's sentence, below, was followed by what the rates leave out).
    scope = target_scope_sentence(s)
    if past_rated:
        text += scope
    unknown = [y for y in s.years[:-1] if f"targets.{y}" not in s.ind]
    if why := s.unknown_target(unknown):
        text += f" Năm {', '.join(map(str, unknown))} chưa tính được tỷ lệ đạt chỉ tiêu vì {why}."
    paras.append(text)

    year = s.cutoff.year
    last_q = (s.cutoff.month - 1) // 3 + 1
    admitted = s.n(f"changes.admissions.{year}")
    # The year's and the quarters' counts start at the period's start when it lies inside them.
    in_year = f"Năm {year}"
    if s.start > dt.date(year, 1, 1):
        in_year += f" (từ ngày {vnformat.date(s.start)})"
    # Nobody admitted is said so, not "kết nạp được 0 đảng viên mới, đạt tỷ lệ 0%" (hunt174 #4).
    admitted_words = f"kết nạp được {vnformat.count(admitted)} đảng viên mới" if admitted else NO_NEW_MEMBER
    # A cut-off on 31/12 ends the year: "Năm 2026 kết nạp được …", not "Năm 2026, tính đến ngày
    # 31/12/2026, …", which read as a year not over (h215 F2).
    through = "" if s.cutoff == dt.date(year, 12, 31) else f", tính đến ngày {vnformat.date(s.cutoff)},"
    if s.cutoff == dt.date(year, 3, 31):
        text = f"Riêng {vnformat.quarter_since(1, year, s.start)} {admitted_words}"
    elif last_q == 1 or not admitted:
        text = f"{in_year}{through} {admitted_words}"
    else:
        named = ((q, vnformat.quarter_since(q, year, s.start)) for q in range(1, last_q + 1))
        quarters = "; ".join(
            f"{name}: {vnformat.count(s.n(f'changes.admissions.q{q}'))}" for q, name in named if name
        )
        text = f"{in_year}{through} kết nạp được {vnformat.count(admitted)} đảng viên mới ({quarters})"
    target = s.n(f"targets.{year}")
    if target:
        rate = share(s.ind, f"changes.admissions.{year}", f"targets.{year}")
        note, goal = s.partial_target_note(year), f"{vnformat.count(target)} đảng viên"
        if not admitted:
            text += f" (chỉ tiêu năm {year}: {goal}{note})."
        elif rate.numerator > rate.base:  # "vượt", the figure kept (hunt174 #3)
            text += f", vượt chỉ tiêu năm {year} ({goal}), đạt tỷ lệ {vnformat.percent_prose(rate)}{note}."
        else:
            text += f", đạt tỷ lệ {vnformat.percent_prose(rate)} theo chỉ tiêu năm {year} ({goal}{note})."
    elif why := s.unknown_target([year]):
        text += f"; chưa tính được tỷ lệ đạt chỉ tiêu năm {year} vì {why}."
    elif s.target_years is not None and year in s.target_years:  # typed 0: no rate of its own
        text += f"; chỉ tiêu kết nạp năm {year} là 0 nên không tính tỷ lệ đạt chỉ tiêu."
    else:
        text += f"; chưa có chỉ tiêu kết nạp năm {year} nên chưa tính tỷ lệ đạt chỉ tiêu."
    if target and admitted and scope:  # said in full once, after the first rates stated
        text += f" Tỷ lệ năm {year} cũng tính như trên nên có thể thấp hơn thực tế." if past_rated else scope
    paras.append(text)

    trained, completed, candidates = _training(s)
    header = {f.key: prose(f.header) for f in layout.YEARS.fields}
    parts = []
    if trained:
        rate = share_of_sum(
            s.ind,
            [f"training.{y}.new_members_completed" for y in s.years],
            [f"training.{y}.new_members_trained" for y in s.years],
            "training.new_members_trained",
        )
        parts.append(
            f"số {header['new_members_trained']} là {_people(trained)}, số "
            f"{header['new_members_completed']} là {_people(completed)} "
            f"(đạt {vnformat.percent_prose(rate)} số đảng viên mới học lớp)"
        )
    if candidates:
        parts.append(f"số {header['candidates_trained']} là {vnformat.count(candidates)} người")
    if parts:
        paras.append(f"{s.annual_phrase}, {'; '.join(parts)}.{_annual_gaps(s, 'Các số này', s.years)}")
    return Section(HEADING_ADMISSIONS, paras)


def _training(s: ReportSummary) -> tuple[int, int, int]:
    """The period's new members trained and completed, and the candidates trained."""

    def total(key: str) -> int:
        return sum(s.n(f"training.{y}.{key}") for y in s.years)

    return total("new_members_trained"), total("new_members_completed"), total("candidates_trained")


def _training_years(s: ReportSummary) -> list[int]:
    """The years the report's training sentence sums (none when it has no such sentence)."""
    trained, _, candidates = _training(s)
    return s.years if trained or candidates else []


def _rating_years(s: ReportSummary) -> list[int]:
    """The years the ratings paragraph states: the ratings' year, and the years of its failures
    per year when it lists them (none when it has no ratings paragraph)."""
    year = s.ratings_year
    if year is None:
        return []
    rated = [y for y in s.years if y <= year and s.rated(y)]
    return rated if len(rated) > 1 else [year]


def _annual_gaps(s: ReportSummary, what: str, years: list[int], *, ratings: bool = False) -> str:
    """' <what> chưa gồm …': the organisations whose yearly figures of `years` are not in
    them (their `Số liệu năm` lacks those years, `year.missing`; their file starts after the
    period does, `org.period_start_differs`), as row 3 of `Tổng hợp` says; '' when none. Of
    the ratings (`ratings`), also those that rated nobody in a year of `years` (`year.unrated`)."""
    parts = annual_gap_parts(s, years, ratings=ratings)
    return f" {what} chưa gồm {'; '.join(parts)}." if parts else ""


def annual_gap_parts(s: ReportSummary, years: list[int], *, ratings: bool = False) -> list[str]:
    """What the yearly figures of `years` lack, one phrase per cause (`_annual_gaps`); with
    `ratings`, what the ratings lack too: the organisations whose row of a year rates nobody
    (`year.unrated`, hunt174 #1: their members were silently left out of the year's rates)."""
    parts = []
    if missing := s.years_missing(years):
        parts.append(f"số liệu của {by_ward_words(missing, _years_missing_words)}")
    if ratings and (unrated := s.years_unrated(years)):
        parts.append(f"số liệu của {by_ward_words(unrated, _years_unrated_words)}")
    if late := s.late_years(years):
        parts.append(
            f"số liệu trước ngày tệp ghi ở mục “Số liệu từ ngày” của {by_ward_words(late, late_start_words)}"
        )
    return parts


def _years_missing_words(missing: list[tuple[str, list[int]]]) -> str:
    """'1 tổ chức đảng thiếu dòng năm ở sheet “Số liệu năm” (Y02 năm 2025)' (the first `MAX_NAMED`)."""
    more = ", …" if listed_count(missing) > len(missing[:MAX_NAMED]) else ""
    return (
        f"{vnformat.number(listed_count(missing))} tổ chức đảng thiếu dòng năm ở sheet “Số liệu năm” "
        f"({years_missing_list(missing[:MAX_NAMED])}{more})"
    )


def _years_unrated_words(unrated: list[tuple[str, list[int]]]) -> str:
    """'1 tổ chức đảng chưa ghi xếp loại ở sheet “Số liệu năm” (E02 năm 2025)' (the first `MAX_NAMED`)."""
    more = ", …" if len(unrated) > MAX_NAMED else ""
    return (
        f"{vnformat.number(len(unrated))} tổ chức đảng chưa ghi xếp loại ở sheet “Số liệu năm” "
        f"({years_missing_list(unrated[:MAX_NAMED])}{more})"
    )


def unrated_sentence(s: ReportSummary) -> str | None:
    """'Kết quả xếp loại chất lượng đảng viên năm 2025 chưa được nhập ở tổ chức nào: …': the
    last year that has ended rates nobody in the whole run while some organisation had members
    to rate (`year.unrated`), so the ratings paragraph (of `ratings_year`, an earlier year or
    none) would not say it and the year's ratings would vanish from the report without a word
    (fix186: a ward whose organisations all left them blank). None otherwise."""
    last = s.cutoff.year if (s.cutoff.month, s.cutoff.day) == (12, 31) else s.cutoff.year - 1
    if last not in s.years or s.rated(last) or s.n(f"ratings.{last}.not_rated"):
        return None
    if not (unrated := s.years_unrated([last])):
        return None
    return (
        f"Kết quả xếp loại chất lượng đảng viên năm {last} chưa được nhập ở tổ chức nào: "
        f"{by_ward_words(unrated, _years_unrated_words)}."
    )


def _ratings_section(s: ReportSummary) -> Section | None:
    year = s.ratings_year
    unrated = unrated_sentence(s)
    if year is None:
        return Section(HEADING_RATINGS, [unrated]) if unrated else None
    shares = rating_shares(s.ind, year)
    levels = [
        f"{prose(vocab.RATING.label(code))} {vnformat.percent_prose(shares[code])}"
        for code in RATED_CODES
        if shares[code].numerator
    ]
    good_plus = shares["good_or_better"]
    good_label = f"{prose(vocab.RATING.label('good'))} trở lên"
    text = (
        f"Kết quả xếp loại chất lượng đảng viên năm {year} (tỷ lệ tính trên "
        f"{vnformat.count(good_plus.base)} {good_plus.base_label}): {'; '.join(levels)}. "
        f"Tỷ lệ đảng viên {good_label} đạt {vnformat.percent_prose(good_plus)}."
    )
    not_rated = s.n(f"ratings.{year}.not_rated")
    if not_rated:
        text += f" {vocab.RATING.label('not_rated')}: {_people(not_rated)}."
    fail_label = prose(vocab.RATING.label("fail"))
    years = _rating_years(s)
    if len(years) > 1:
        per_year = [f"năm {y}: {vnformat.count(s.n(f'ratings.{y}.fail'))}" for y in years]
        text += f" Số đảng viên {fail_label} qua các năm: {'; '.join(per_year)}."
    text += _annual_gaps(s, "Kết quả xếp loại này", years, ratings=True)
    if unrated:  # a later year than the one stated, rated nowhere
        text += f" {unrated}"
    return Section(HEADING_RATINGS, [text])


def _change_words(now: int, then: int) -> str:
    """“tăng 96 đồng chí (2,33%)”, “giảm 3 đồng chí (…)”, “không đổi”."""
    diff = now - then
    if diff == 0:
        return "không đổi"
    direction = "tăng" if diff > 0 else "giảm"
    rate = f" ({vnformat.percent_prose(abs(diff) / then)})" if then else ""
    return f"{direction} {_people(abs(diff))}{rate}"


# (words, indicator id of the roll)
_COMPARED_STOCKS = (
    ("đảng viên chính thức", "members.full"),
    ("đảng viên dự bị", "members.probationary"),
    ("đảng viên được miễn, tạm miễn công tác và sinh hoạt đảng", "members.exempt"),
)
# (words, the lines of Biểu 1-BTCTW whose sum the flow is): the flows over the forms' period,
# whose `Cùng kỳ năm trước` is the history's run of the same period last year, so the
# comparison states the figures of the form's two columns.
_COMPARED_FLOWS = (("kết nạp", ("B.1",)), ("đưa ra khỏi Đảng", ("C.2", "C.3", "C.4")))


def _flow_ids(keys: tuple[str, ...]) -> tuple[str, ...]:
    lines = {li.key: li for li in BIEU_1.lines if not isinstance(li, TermLines)}
    return tuple(i for key in keys for i in lines[key].ids)


def _flows_phrase(s: ReportSummary) -> str:
    """'Từ đầu năm đến ngày chốt số liệu', or 'Từ ngày 15/02/2026 …' when the forms' period
    starts later in the year (a change period, or a --form-period, starting then); 'Trong năm
    2026' when it is the whole calendar year (01/01–31/12), as the year's admissions read then
    ("Năm 2026 kết nạp được …"; hunt215 F6: "Từ đầu năm đến ngày chốt số liệu" of a year over)."""
    start, end = s.form_period
    if start == dt.date(end.year, 1, 1) and end == dt.date(end.year, 12, 31):
        return f"Trong năm {end.year}"
    since = "Từ đầu năm" if start == dt.date(end.year, 1, 1) else f"Từ ngày {vnformat.date(start)}"
    return f"{since} đến ngày chốt số liệu"


def _compared_figures(now: Mapping[str, Any], then: Mapping[str, Any]) -> list[str]:
    """'đảng viên chính thức 3.803 (cùng kỳ 4.010)', … of the rolls last year's has."""
    return [
        f"{label} {vnformat.count(int(now.get(key) or 0))} (cùng kỳ {vnformat.count(int(then[key]))})"
        for label, key in _COMPARED_STOCKS
        if then.get(key) is not None
    ]


def _compared_flows(now: Mapping[str, Any], then: Mapping[str, Any]) -> list[str]:
    """'kết nạp 13 (cùng kỳ 18)', … of the flows both have (Biểu 1-BTCTW's lines)."""
    flows = []
    for label, keys in _COMPARED_FLOWS:
        ids = _flow_ids(keys)
        current, earlier = figure(ids, now), figure(ids, then)
        if current is not None and earlier is not None:
            flows.append(f"{label} {vnformat.count(int(current))} (cùng kỳ {vnformat.count(int(earlier))})")
    return flows


def _scope_gaps(
    s: ReportSummary, before: Mapping[str, Any], past: Mapping[str, Any] | None = None
) -> list[str]:
    """What makes the two runs' organisations differ, one phrase each, not capitalised
    (`stats.coverage.scope_gaps`, the test the forms' (%) column follows too); empty when they
    are the same. `past`: the JSON's record compared, whose `common` is read (`previous`, or
    `previous_snapshot` for `_snapshot_comparison`, fix387)."""
    return scope_gaps(
        s.ind,
        before,
        partial_current(s.issues) if s.rollup else None,  # a roll-up's: by its wards
        partial_previous(s.issues) if s.rollup else None,
        None if s.rollup else previous_scope_words(s.issues),  # hunt104 #1
        label=s.orgs_label,  # the base as the report's opening names it (review335 F4)
        outside=outside_wards(s.organisations) if s.rollup else (),  # and whose they are
        # A file outside the registry alone is no gap (fix347).
        common=common_of(s.previous if past is None else past),
    )


def _outside_caveat(
    s: ReportSummary, before: Mapping[str, Any], past: Mapping[str, Any] | None = None
) -> str:
    """' Hai kỳ tổng hợp cùng 72 tổ chức; số liệu kỳ này chưa gồm đảng viên của 1 tổ chức chưa có
    trong danh mục (có nộp tệp, không được tổng hợp), nên số thực tế có thể cao hơn.' after a
    comparison of two runs of the same organisations one of which had a file outside the
    registry (`stats.coverage.outside_only_caveats`, fix347); '' otherwise. `past` as
    `_scope_gaps`'."""
    common = common_of(s.previous if past is None else past)
    caveats = outside_only_caveats(
        s.ind,
        before,
        None if s.rollup else previous_scope_words(s.issues),
        common,
        outside_wards(s.organisations) if s.rollup else (),
    )
    if not caveats or common is None:
        return ""
    return (
        f" Hai kỳ tổng hợp cùng {vnformat.number(common.orgs)} tổ chức; {gaps_words(caveats)}, nên số "
        "thực tế có thể cao hơn."
    )


def _unmatched_words(s: ReportSummary, before: Mapping[str, Any], common: int) -> str:
    """Why fewer organisations have figures of both runs than this run consolidated, when last
    year's run leaving some out does not account for it (review159 R4: an organisation recoded
    between the years, "71/72" then "Tính trên 70 tổ chức" with no word why): " (1 tổ chức kỳ
    này không có số liệu cùng kỳ năm trước theo mã tổ chức, xem sheet “Kiểm tra”)", the sheet
    named when it lists the organisations that differ (`history.previous_orgs_changed`,
    `history.previous_one_former_ward`, `form.previous_other_orgs`); "" otherwise."""
    coverage = org_coverage(s.ind)
    if coverage is None:
        return ""
    unmatched = coverage[0] - common
    lacking = (then[1] - then[0]) if (then := missing_orgs(before)) is not None else 0
    if unmatched <= lacking:
        return ""
    listed = any(
        i.get("code")
        in ("history.previous_orgs_changed", "history.previous_one_former_ward", "form.previous_other_orgs")
        for i in s.issues
    )
    where = ", xem sheet “Kiểm tra”" if listed else ""
    return (
        f" ({vnformat.number(unmatched)} tổ chức kỳ này không có số liệu cùng kỳ năm trước theo mã tổ "
        f"chức{where})"
    )


def _no_common_reason(s: ReportSummary) -> str:
    """Why the figures of the organisations of both runs are not known (no `previous.common`):
    a ward's run of this version says why when it knows (`previous.common_unknown`: last year's
    record was imported without them), and a ward's summary without that reason is an older
    version's (review159 R6). A roll-up does not keep its wards' reasons: it says both."""
    if s.rollup:
        return (
            "tệp số liệu của một số phường do phiên bản cũ của chương trình tạo ra, hoặc lần tổng "
            "hợp cùng kỳ được nhập vào lịch sử không kèm số liệu từng tổ chức"
        )
    known = s.previous.get("common_unknown") if isinstance(s.previous, Mapping) else None
    if known == NO_ORG_FIGURES:
        return "lần tổng hợp cùng kỳ được nhập vào lịch sử không kèm số liệu từng tổ chức"
    return "số liệu do phiên bản cũ của chương trình tạo ra"


def _unlike_comparison(
    s: ReportSummary,
    before: Mapping[str, Any],
    then_cutoff: dt.date,
    total_then: int,
    gaps: list[str],
    of: str = "",
) -> tuple[str, list[str]]:
    """The comparison when the two runs' organisations differ (`gaps`): the two totals side by
    side, never a rise or fall of them (hunt155 F1: "giảm 196 đồng chí" of a ward that grew by
    102, three organisations' files left out); then the change over the organisations both runs
    consolidated (`previous.common`), or, when they are not known, why none is said and the
    other figures side by side. Returns the text and its flows (the late-start sentence
    follows them)."""
    text = (
        f"So với cùng kỳ năm trước (số liệu đến ngày {vnformat.date(then_cutoff)}{of}), tổng số đảng "
        f"viên kỳ này là {_people(s.total)}, cùng kỳ là {_people(total_then)}, nhưng {gaps_words(gaps)}, nên "
        "hai số này không cùng phạm vi, không dùng để tính tăng, giảm"
    )
    common = common_of(s.previous)
    if common is not None and common.orgs and "members.total" in common.then:
        now_total, then_total = int(common.now["members.total"]), int(common.then["members.total"])
        text += (
            f". Tính trên {vnformat.number(common.orgs)} tổ chức có số liệu cả hai kỳ"
            f"{_unmatched_words(s, before, common.orgs)}, số đảng viên là "
            f"{_people(now_total)}, {_change_words(now_total, then_total)} so với {_people(then_total)} "
            "cùng kỳ"
        )
        return _with_figures_and_flows(
            text, s, common.now, common.then, lead="; trong đó ", where=", ở các tổ chức này"
        )
    if common is not None and common.orgs == 0:
        text += "; không có tổ chức nào có số liệu cả hai kỳ để so sánh trên cùng các tổ chức"
    elif common is not None:
        # Organisations in both runs, but not their totals (a summary edited by hand): no reason
        # is known beyond that (review159 R5).
        text += "; không có số liệu của từng tổ chức ở cả hai kỳ để so sánh trên cùng các tổ chức"
    else:
        text += (
            "; không có số liệu của từng tổ chức ở cả hai kỳ để so sánh trên cùng các tổ chức "
            f"({_no_common_reason(s)})"
        )
    return _with_figures_and_flows(text, s, s.ind, before, lead=". Kỳ này: ")


def _with_figures_and_flows(
    text: str,
    s: ReportSummary,
    now: Mapping[str, Any],
    then: Mapping[str, Any],
    *,
    lead: str,
    where: str = "",
) -> tuple[str, list[str]]:
    """`text` followed by the other figures compared (after `lead`) and the period's flows
    compared (their organisations named by `where`), ended with a full stop; and those flows."""
    if parts := _compared_figures(now, then):
        text += f"{lead}{'; '.join(parts)}"
    flows = _compared_flows(now, then)
    if flows:
        text += f". {_flows_phrase(s)}{where}: {'; '.join(flows)}"
    return text + ".", flows


def _compared_section(s: ReportSummary) -> Section | None:
    """This cut-off against the same period of last year (from the history), when known; a
    roll-up that some wards' figures kept from adding last year's says why
    (`rollup.no_previous`, naming them), as its forms do."""
    if s.previous is None and s.snapshot is not None and not s.rollup:
        return _snapshot_comparison(s, s.snapshot)
    if s.previous is None:
        # The warning's words, its dates as the report writes its own (fix382).
        why = [
            vnformat.message_dates_as_document(str(i.get("message")))
            for i in s.issues
            if i.get("code") == "rollup.no_previous"
        ]
        if s.rollup:
            return Section(HEADING_COMPARED, why[:1]) if why else None
        # A ward's last year's record of none of this run's organisations, refused (hunt104 #1).
        other = [i.get("value") for i in s.issues if i.get("code") == "form.previous_no_common_orgs"]
        if other and isinstance(other[0], str):
            last_year = same_period_last_year(s.form_period)
            return Section(
                HEADING_COMPARED,
                [
                    "Không so sánh với cùng kỳ năm trước: lần tổng hợp kỳ "
                    f"{vnformat.date(last_year[0])}–{vnformat.date(last_year[1])} trong lịch sử tổng hợp "
                    f"{other[0]}, nên không phải số liệu của các tổ chức này (chi tiết ở sheet “Kiểm tra”)."
                ],
            )
        return None
    before: Mapping[str, Any] = s.previous.get("indicators") or {}
    then_cutoff = dt.date.fromisoformat(str(s.previous["cutoff_date"]))
    # A merged ward's last year: the sum of its former wards (hunt199 F3), said in the sentence.
    former = [] if s.rollup else merged_from(s.previous)
    of = f", là tổng số liệu của {merged_words(former)}, nay hợp nhất thành phường này" if former else ""

    def n(key: str) -> int | None:
        value = before.get(key)
        return None if value is None else int(value)

    total_then = n("members.total")
    if total_then is None:
        return None
    # Either run lacking organisations: the two periods are not of the same organisations, and
    # a difference may be a missing file (said as under the forms).
    gaps = _scope_gaps(s, before)
    if gaps:
        text, flows = _unlike_comparison(s, before, then_cutoff, total_then, gaps, of)
    else:
        text = (
            f"So với cùng kỳ năm trước (số liệu đến ngày {vnformat.date(then_cutoff)}{of}), tổng số "
            f"đảng viên là {_people(s.total)}, {_change_words(s.total, total_then)} so với "
            f"{_people(total_then)}"
        )
        text, flows = _with_figures_and_flows(text, s, s.ind, before, lead="; trong đó ")
        text += _outside_caveat(s, before) + _orgs_changed_note(s, before)
    if flows and (late := s.late_starts(s.form_period[0])):
        text += (
            f" Số liệu biến động kỳ này của {by_ward_words(late, late_start_words)} chỉ tính từ ngày "
            "tệp của tổ chức ghi ở "
            f"mục “Số liệu từ ngày”, sau ngày {vnformat.date(s.form_period[0])}, nên các số "
            f"{' và '.join(label for label, _ in _COMPARED_FLOWS)} kỳ này chưa đủ."
        )
    return Section(HEADING_COMPARED, [text])


def _orgs_changed_note(s: ReportSummary, before: Mapping[str, Any]) -> str:
    """' Các tổ chức đảng của phường có thay đổi so với cùng kỳ (kỳ này 8 tổ chức, cùng kỳ 9 tổ
    chức; …)' after a ward's comparison with last year's record of its own name whose
    organisations were added or gone (`history.previous_orgs_changed`, whose words begin with
    "thêm"/"không còn" then: a renumbering alone, "chỉ đổi mã", changes no figure): still the
    ward's Đảng bộ compared, but a rise or fall may partly be an organisation founded, merged or
    dissolved, as `Xu hướng` says of its cut-offs (`trend.org_changes`); the report said nothing
    of it (fix391's finding, lead). "" otherwise."""
    if s.rollup:
        return ""
    changed = [
        str(i.get("value") or "") for i in s.issues if i.get("code") == "history.previous_orgs_changed"
    ]
    if not changed or not changed[0].startswith(("thêm ", "không còn ")):
        return ""
    now, then = org_coverage(s.ind), org_coverage(before)
    counts = (
        f"kỳ này {vnformat.number(now[0])} tổ chức, cùng kỳ {vnformat.number(then[0])} tổ chức; "
        if now is not None and then is not None
        else ""
    )
    return (
        f" Các tổ chức đảng của phường có thay đổi so với cùng kỳ ({counts}chi tiết ở sheet "
        "“Kiểm tra”), nên tăng, giảm có thể một phần do tổ chức được thành lập, sáp nhập, giải thể, "
        "không chỉ do biến động đảng viên."
    )


def _snapshot_comparison(s: ReportSummary, snapshot: Mapping[str, Any]) -> Section | None:
    """The roll at this cut-off against the roll at last year's, when the history has last
    year's record at that cut-off of another forms' period only (`form.previous_other_period`,
    its figures the JSON's `previous_snapshot`, which the JSON has only when that record knows
    the same organisations as this run): the rolls at the same date a year apart compare, as
    Biểu 3's `Cùng kỳ năm trước` does; the flows over the forms' periods do not, which is said.
    None when either run lacks organisations (`_scope_gaps`); when the only gap is a file outside
    the registry of runs of the same organisations, compared with that caveat (`_outside_caveat`,
    as Biểu 3's (%) column, fix387)."""
    before: Mapping[str, Any] = snapshot.get("indicators") or {}
    total_then = before.get("members.total")
    if total_then is None or _scope_gaps(s, before, snapshot):
        return None
    then_cutoff = dt.date.fromisoformat(str(snapshot["cutoff_date"]))
    former = merged_from(snapshot)
    of = f", là tổng số liệu của {merged_words(former)}, nay hợp nhất thành phường này" if former else ""
    text = (
        f"So với cùng kỳ năm trước (số liệu đến ngày {vnformat.date(then_cutoff)}{of}), tổng số "
        f"đảng viên là {_people(s.total)}, {_change_words(s.total, int(total_then))} so với "
        f"{_people(int(total_then))}"
    )
    if parts := _compared_figures(s.ind, before):
        text += f"; trong đó {'; '.join(parts)}"
    then_period = [dt.date.fromisoformat(str(d)) for d in snapshot.get("form_period") or []]
    if len(then_period) == 2:
        text += (
            f". Số {' và '.join(label for label, _ in _COMPARED_FLOWS)} không so sánh được: lần tổng "
            f"hợp ngày chốt {vnformat.date(then_cutoff)} trong lịch sử tổng hợp là của kỳ báo cáo "
            f"{vnformat.date(then_period[0])}–{vnformat.date(then_period[1])}, không cùng kỳ với kỳ "
            f"này ({vnformat.date(s.form_period[0])}–{vnformat.date(s.form_period[1])})"
        )
    return Section(HEADING_COMPARED, [text + "." + _outside_caveat(s, before, snapshot)])


def report_sections(summary: Mapping[str, Any]) -> list[Section]:
    """The report as headed sections (for the .docx, the Markdown and the `Báo cáo` sheet)."""
    s = ReportSummary(summary)
    if not consolidated_any(s.ind):
        # `report` refuses such a summary; the workbook's `Báo cáo` sheet says why it has none,
        # never "0 đồng chí" and "không có đảng viên bị đưa ra khỏi Đảng" as the ward's.
        coverage = _coverage(s)
        return [Section(HEADING_MEMBERS, [*([coverage] if coverage else []), NO_REPORT])]
    sections = [_members_section(s), _changes_section(s), _admissions_section(s)]
    ratings = _ratings_section(s)
    if ratings is not None:
        sections.append(ratings)
    compared = _compared_section(s)
    if compared is not None:
        sections.append(compared)
    return sections


def report_paragraphs(summary: Mapping[str, Any]) -> list[str]:
    """The Vietnamese report prose, paragraph by paragraph, computed from a §6.1 summary."""
    return [p for section in report_sections(summary) for p in section.paragraphs]
