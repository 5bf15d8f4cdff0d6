"""The `Xu hướng` sheet: the main figures at every stored cut-off up to this run's, oldest first,
with line charts.

The points are the consolidations stored in the history (the current record of each cut-off
before this run's, set on the result as `trend`; later ones, of an earlier cut-off consolidated
again, are only named, `later_sentences`) and this consolidation, in place of a stored one of
the same cut-off; a stored cut-off whose record shares none of this run's organisations is left out
(`history.session._trend_records`), said under the table. The figures are read from each
point's indicators: members, full, probationary, exempted (full and temporary exemptions, as
`Tổng hợp`'s line of that name), and the admissions and removals of the cut-off's year up to
the cut-off (from the start of that run's change period when it lies inside the year: the note
under the table names the day, `partial_year_notes`). A figure a stored record lacks (an old or
hand-made summary) is an empty cell. A chart whose figures are all 0 or unknown (a first run of
a ward with no member consolidated) is its title and why in its place (`cells.no_chart`: no
organisation consolidated at any point, "Chưa có số liệu…", or every value 0); the
value axes are of whole members (`cells.count_axis`, hunt174 #6).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from xlsxwriter.chart import Chart
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from toolkit.core import vnformat
from toolkit.core.model import ConsolidationResult
from toolkit.core.text import org_code_key
from toolkit.io.summary import consolidated_any
from toolkit.outputs.sheets import SHEET_TREND
from toolkit.outputs.sheets.cells import (
    HEADER_ROW,
    Formats,
    count_axis,
    empty_run,
    fit_row,
    has_chart_data,
    no_chart,
    print_setup,
    row_height,
    table_sheet,
    write_coverage,
    write_merged_text,
    write_no_chart,
    write_number,
    write_text,
)
from toolkit.outputs.summary_lines import incomplete_warning
from toolkit.stats.coverage import (
    merged_from,
    merged_words,
    missing_orgs,
    org_coverage,
    outside_count,
    outside_words,
)

# The cut-offs are written as the sheet's title and notes write a date, Nghị định 30's
# "31/3/2026" (`vnformat.date`): the month takes a leading zero only in January and February.
# They printed "31/03/2026" beside notes that said "31/3/2026" (hunt144 F6).
DATE_FORMAT = "dd/m/yyyy"
EARLY_DATE_FORMAT = "dd/mm/yyyy"  # January and February: "31/01/2026"


def date_format(day: dt.date) -> str:
    """The number format that shows `day` as `vnformat.date` writes it."""
    return EARLY_DATE_FORMAT if day.month <= 2 else DATE_FORMAT


def axis_date_format(days: list[dt.date]) -> str:
    """The chart axis's one format for all its cut-offs: `DATE_FORMAT`, unless one is in January
    or February (then each label keeps a month of two digits, that one as `vnformat.date` does)."""
    return EARLY_DATE_FORMAT if any(d.month <= 2 for d in days) else DATE_FORMAT


THIS_RUN = "Lần tổng hợp này"
STORED = "Lịch sử tổng hợp"
COLORS = ("#2E75B6", "#70AD47", "#ED7D31", "#7F7F7F")
CHART_ROWS = 18  # rows from a chart's top to the next's
CHART_HEIGHT = 330  # pixels


@dataclass(frozen=True)
class Figure:
    header: str
    width: float

    def indicator(self, cutoff: dt.date) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class Stock(Figure):
    """A figure of the roll at the cut-off."""

    id: str

    def indicator(self, cutoff: dt.date) -> str:
        return self.id


@dataclass(frozen=True)
class YearFlow(Figure):
    """A flow of the cut-off's calendar year, up to the cut-off."""

    family: str

    def indicator(self, cutoff: dt.date) -> str:
        return f"changes.{self.family}.{cutoff.year}"


MEMBER_FIGURES: tuple[Figure, ...] = (
    Stock("Tổng số đảng viên", 11, "members.total"),
    Stock("Chính thức", 10, "members.full"),
    Stock("Dự bị", 9, "members.probationary"),
    # Every exemption, full and temporary, named as `Tổng hợp` names it: "miễn công tác và sinh
    # hoạt đảng" alone is the old-age reason (design §8). Every stored record has this id.
    Stock("Được miễn, tạm miễn công tác và sinh hoạt đảng", 16, "members.exempt"),
)
FLOW_FIGURES: tuple[Figure, ...] = (
    YearFlow("Kết nạp đảng viên trong năm (đến ngày chốt)", 14, "admissions"),
    YearFlow("Đưa ra khỏi Đảng trong năm (đến ngày chốt)", 14, "removed"),
)
FIGURES = (*MEMBER_FIGURES, *FLOW_FIGURES)


@dataclass(frozen=True)
class Point:
    cutoff: dt.date
    indicators: dict[str, int | float]
    source: str
    since: dt.date  # the start of that run's change period: its year flows count from it
    # The organisations that run consolidated (`PastRun.consolidated`; None: not known).
    orgs: frozenset[str] | None = None
    # False: that run had no registry, its organisations those that sent a file
    # (`PastRun.registry_used`, `ConsolidationResult.registry_used`); None: not known.
    registry: bool | None = None

    @property
    def empty(self) -> bool:
        """A run that consolidated no organisation (`consolidated_any`): only this run's can be,
        a stored one never being current. Its 0s are no ward's figures."""
        return not consolidated_any(self.indicators)

    def figure(self, figure: Figure) -> int | float | None:
        """The point's value of `figure`; None (a blank cell, no point on the chart) for an
        empty run, whose 0s would read as a ward that lost every member."""
        return None if self.empty else self.indicators.get(figure.indicator(self.cutoff))


def trend_points(result: ConsolidationResult) -> list[Point]:
    """The stored cut-offs and this run's, oldest first (this run replaces its own cut-off)."""
    points = [
        Point(p.cutoff_date, p.indicators, STORED, p.period_start, p.consolidated, p.registry_used)
        for p in result.trend
        if p.cutoff_date != result.cutoff_date
    ]
    mine = frozenset(
        key for o in result.organisations if o.status == "consolidated" and (key := org_code_key(o.org_code))
    )
    points.append(
        Point(
            result.cutoff_date, result.indicators, THIS_RUN, result.period_start, mine, result.registry_used
        )
    )
    return sorted(points, key=lambda p: p.cutoff)


def partial_year_notes(points: list[Point]) -> list[str]:
    """A point whose change period starts inside its cut-off's year counts that year's
    admissions and removals from that day only (as the report and Tổng hợp say): one sentence
    per such point, naming the day."""
    return [
        f"Ngày chốt {vnformat.date(p.cutoff)}: kết nạp và đưa ra khỏi Đảng trong năm {p.cutoff.year} "
        f"tính từ ngày {vnformat.date(p.since)} (lần tổng hợp đó có biến động từ ngày này)."
        for p in points
        if p.since > dt.date(p.cutoff.year, 1, 1)
    ]


# Of how many organisations a point's figures are: a dip in the members is often a run that
# missed some, which the figures alone do not show.
ORGS_HEADER = "Tổ chức được tổng hợp"
ORGS_WIDTH = 12


def orgs_text(indicators: Mapping[str, int | float]) -> str:
    """`71/72`: the organisations consolidated of those expected (`stats.coverage`: the
    registry's; a file outside it marks the row partial all the same, `missing_orgs`; "" when
    not stored)."""
    coverage = org_coverage(indicators)
    if coverage is None:
        return ""
    done, total = coverage
    return f"{vnformat.number(done)}/{vnformat.number(total)}"


def orgs_cell(indicators: Mapping[str, int | float]) -> str:
    """The table's `Tổ chức được tổng hợp` cell: `orgs_text`, and under it the organisations
    outside the registry that sent a file, "(+1 ngoài danh mục)" on two lines of its own in the
    narrow column: "72/72" alone read whole in a row the note under the table calls partial
    (review341 found 2)."""
    text = orgs_text(indicators)
    outside = outside_count(indicators)
    return f"{text}\n(+{vnformat.number(outside)} ngoài\ndanh mục)" if text and outside else text


SHOWN_GAPS = 3  # cut-offs named in a chart's title
NOT_LIKE_FOR_LIKE = (
    "Các lần chốt không cùng phạm vi tổ chức: số liệu tăng, giảm giữa các lần có thể chỉ do tổ "
    "chức chưa được tổng hợp, không phải biến động thật."
)


def gaps(points: list[Point]) -> list[tuple[Point, str]]:
    """The points whose run left some organisations out (missing, excluded for errors), with
    their coverage (`69/72`): their figures are not of the same organisations as the others'.
    An empty run's point is none: it has no figures to compare, its row blank and no point on the
    charts (`empty_sentences` says why; row 3 says what it lacks, review314)."""
    return [
        (p, orgs_text(p.indicators)) for p in points if not p.empty and missing_orgs(p.indicators) is not None
    ]


def gap_sentences(points: list[Point]) -> list[str]:
    """Under the table: each point of a run that left organisations out, and that a comparison
    with it is not like for like (as `Tổng hợp` and the report say of this run)."""
    found = gaps(points)
    if not found:
        return []
    said = [
        f"Chưa đủ số liệu ở ngày chốt {vnformat.date(p.cutoff)}: chỉ gồm {text} tổ chức"
        f"{outside_words(p.indicators)}."
        for p, text in found
    ]
    return [*said, comparison_note(points)] if len(points) > 1 else said


OUTSIDE_ONLY = (
    "Số liệu của {which} chưa gồm đảng viên của tổ chức chưa có trong danh mục (có nộp tệp, không "
    "được tổng hợp), nên số thực tế có thể cao hơn."
)


def comparison_note(points: list[Point]) -> str:
    """What the gaps (`gaps`) mean for comparing the cut-offs: a run that left one of its
    registry's organisations out is not like for like (`NOT_LIKE_FOR_LIKE`); runs whose only gap
    is a file outside the registry consolidated their whole registry, and when every cut-off's
    run consolidated the same organisations (`same_orgs`) they are compared, with the caveat
    that those members are not in (`OUTSIDE_ONLY`): "không cùng phạm vi" there read against the
    report's "Hai kỳ tổng hợp cùng 72 tổ chức" (fix347's rule, lead). The report's rule
    (`stats.coverage.outside_only`) of every cut-off: a file outside this year's registry of an
    organisation an earlier run consolidated, or organisations not known, stays not like for
    like, as the report says (fix387)."""
    short = [coverage for p, _ in gaps(points) if (coverage := org_coverage(p.indicators)) is not None]
    if not short or any(done < expected for done, expected in short) or not same_orgs(points):
        return NOT_LIKE_FOR_LIKE
    return OUTSIDE_ONLY.format(which="lần ấy" if len(short) == 1 else "các lần ấy")


def same_orgs(points: list[Point]) -> bool:
    """Whether every point with figures (not `empty`) is of a run that consolidated the same
    organisations (`Point.orgs`); False when any one's are not known."""
    sets = {p.orgs for p in points if not p.empty}
    return None not in sets and len(sets) == 1


@dataclass(frozen=True)
class OrgChange:
    """Two cut-offs in a row (`before`, `after`) whose runs consolidated other organisations,
    each run whole: how many `after`'s run has that `before`'s has not (`added`) and the reverse
    (`gone`), None when either's organisations are not known (their counts then differ)."""

    before: Point
    after: Point
    added: int | None
    gone: int | None


def org_count(point: Point) -> int | None:
    """How many organisations `point`'s run consolidated: its organisations, else its coverage's
    (`org_coverage`; a record that keeps no organisations), None when neither is known."""
    if point.orgs is not None:
        return len(point.orgs)
    coverage = org_coverage(point.indicators)
    return None if coverage is None else coverage[0]


def org_changes(points: list[Point]) -> list[OrgChange]:
    """The cut-offs in a row, of points with figures, whose runs were each whole (no `gaps`:
    those say the cut-offs are not like for like already) but of other organisations: one
    founded, dissolved, two merged (72/72 then 70/70). Organisations compare by `Point.orgs`,
    one given a new code only since mapped to this run's code (`session._trend_point`), so a
    renumbering alone is no change; when either's are not known, by their counts alone."""
    if gaps(points):
        return []
    shown = [p for p in points if not p.empty]
    changes = []
    for before, after in zip(shown, shown[1:], strict=False):
        if before.orgs is not None and after.orgs is not None:
            if before.orgs != after.orgs:
                changes.append(
                    OrgChange(before, after, len(after.orgs - before.orgs), len(before.orgs - after.orgs))
                )
        elif None not in (then := org_count(before), now := org_count(after)) and then != now:
            changes.append(OrgChange(before, after, None, None))
    return changes


def _changed_points(changes: list[OrgChange]) -> list[tuple[Point, OrgChange | None]]:
    """Each cut-off of `changes`, oldest first, once, with the change into it (None: the first
    of a run of changes)."""
    into = {c.after.cutoff: c for c in changes}
    seen: dict[dt.date, Point] = {}
    for c in changes:
        seen.setdefault(c.before.cutoff, c.before)
        seen.setdefault(c.after.cutoff, c.after)
    return [(p, into.get(day)) for day, p in sorted(seen.items())]


def _orgs_words(point: Point) -> str:
    """'9 tổ chức' (`org_count`; a point of `org_changes` always has one)."""
    count = org_count(point)
    return "" if count is None else f"{vnformat.number(count)} tổ chức"


def _change_words(change: OrgChange) -> str:
    """' (thêm 1 tổ chức, không còn 2 tổ chức so với lần chốt trước)', or '' when not known."""
    parts = [
        f"{word} {vnformat.number(n)} tổ chức"
        for word, n in (("thêm", change.added), ("không còn", change.gone))
        if n
    ]
    return f" ({', '.join(parts)} so với lần chốt trước)" if parts else ""


ORGS_CHANGED = (
    "Danh mục tổ chức thay đổi giữa các lần chốt: {changes}. Mỗi lần chốt gồm các tổ chức có tại "
    "ngày đó, nên tăng, giảm giữa các lần có thể một phần do tổ chức được thành lập, sáp nhập, giải "
    "thể, không chỉ do biến động đảng viên."
)
# A change of which a run without a registry is one side: its organisations are those that sent
# a file, so one it lacks may only have sent none (no catalogue said it was expected).
ORGS_SENT_CHANGED = (
    "Các tổ chức được tổng hợp thay đổi giữa các lần chốt: {changes}. Lần tổng hợp ngày {days} không "
    "có danh mục tổ chức (chỉ gồm các tổ chức đã nộp tệp), nên tổ chức không có ở một lần có thể chỉ "
    "là chưa nộp tệp: số liệu tăng, giảm giữa các lần có thể không phải biến động thật."
)


def org_change_sentences(points: list[Point]) -> list[str]:
    """Under the table: the cut-offs whose runs, each whole, consolidated other organisations
    (`org_changes`), with how many each and what changed, as `history.previous_orgs_changed` says
    of last year's record ("thêm 1 tổ chức, không còn 1 tổ chức"): still the ward's figures,
    compared, but a fall may be an organisation dissolved, not members lost (fix391; before,
    nothing was said of 72/72 then 70/70). When a run of the change had no registry, its
    organisations are those that sent a file: one it lacks may only have sent none, and the
    sentence says so instead (`ORGS_SENT_CHANGED`), no catalogue being named."""
    changes = org_changes(points)
    if not changes:
        return []
    changed = _changed_points(changes)
    said = "; ".join(
        f"ngày {vnformat.date(p.cutoff)} có {_orgs_words(p)}{_change_words(c) if c else ''}"
        for p, c in changed
    )
    if sent := _without_registry(changed):
        days = ", ".join(vnformat.date(p.cutoff) for p in sent)
        return [ORGS_SENT_CHANGED.format(changes=said, days=days)]
    return [ORGS_CHANGED.format(changes=said)]


def _without_registry(changed: list[tuple[Point, OrgChange | None]]) -> list[Point]:
    """The cut-offs of `changed` whose run had no registry (`Point.registry` False): their
    organisations are those that sent a file, no catalogue's."""
    return [p for p, _ in changed if p.registry is False]


def gap_title(title: str, points: list[Point]) -> str:
    """A chart's title, marking the cut-offs of runs that left organisations out (else those of
    a change of organisations, `_change_title`): the chart is what is pasted into slides,
    without the table."""
    found = gaps(points)
    if not found:
        return _change_title(title, points)
    # A run whose registry is all in but a file outside it was sent says that one, briefly:
    # "(72/72)" alone read as whole under "chưa đủ tổ chức" (review341).
    dates = ", ".join(
        f"{vnformat.date(p.cutoff)} ({text}{_outside_brief(p.indicators)})" for p, text in found[:SHOWN_GAPS]
    )
    more = f" và {len(found) - SHOWN_GAPS} lần khác" if len(found) > SHOWN_GAPS else ""
    return f"{title} — chưa đủ tổ chức: {dates}{more}"


def _change_title(title: str, points: list[Point]) -> str:
    """A chart's title, naming the cut-offs whose runs, each whole, consolidated other
    organisations (`org_changes`) and how many each: "— danh mục tổ chức thay đổi: 31/3/2025
    (72 tổ chức), 31/3/2026 (70 tổ chức)"."""
    pairs = _changed_points(org_changes(points))
    changed = [p for p, _ in pairs]
    if not changed:
        return title
    dates = ", ".join(f"{vnformat.date(p.cutoff)} ({_orgs_words(p)})" for p in changed[:SHOWN_GAPS])
    more = f" và {len(changed) - SHOWN_GAPS} lần khác" if len(changed) > SHOWN_GAPS else ""
    what = "tổ chức được tổng hợp" if _without_registry(pairs) else "danh mục tổ chức"
    return f"{title} — {what} thay đổi: {dates}{more}"


def _outside_brief(indicators: Mapping[str, int | float]) -> str:
    """', ngoài ra 1 tổ chức chưa có trong danh mục' after a chart title's count, or ''."""
    outside = outside_count(indicators)
    return f", ngoài ra {vnformat.number(outside)} tổ chức chưa có trong danh mục" if outside else ""


def _coverage(
    ws: Worksheet, fm: Formats, result: ConsolidationResult, points: list[Point], width: float
) -> None:
    """Row 3, as the other sheets': what this run leaves out, and the stored cut-offs whose runs
    left organisations out (the comparison is then not like for like); else that all are in."""
    stored = [(p, text) for p, text in gaps(points) if p.source != THIS_RUN]
    parts = [w for w in (incomplete_warning(result),) if w]
    if stored:
        parts.append(
            "Lần chốt "
            + "; ".join(
                f"{vnformat.date(p.cutoff)} chỉ gồm {text} tổ chức{outside_words(p.indicators)}"
                for p, text in stored
            )
            + "."
        )
    if not parts:
        write_coverage(ws, fm, result, len(FIGURES) + 2, width)
        return
    if len(points) > 1 and gaps(points):
        parts.append(comparison_note(points))
    text = " ".join(parts)
    ws.merge_range(2, 0, 2, len(FIGURES) + 2, text, fm.warning)
    fit_row(ws, 2, [(text, width)], line_height=16)


def _chart(
    wb: Workbook,
    first: int,
    last: int,
    columns: range,
    title: str,
    axis_format: str,
    values: list[int | float | None],
) -> Chart | None:
    """A line per column; no data labels: the figures are in the table above, and four series'
    labels over many cut-offs would cover each other. `values`: the figures it plots (None: it
    has nothing to draw, every one 0 or unknown)."""
    if not has_chart_data(values):
        return None
    chart = wb.add_chart({"type": "line"})
    for color, col in zip(COLORS, columns, strict=False):
        chart.add_series(
            {
                "name": [SHEET_TREND, HEADER_ROW, col],
                "categories": [SHEET_TREND, first, 0, last, 0],
                "values": [SHEET_TREND, first, col, last, col],
                "line": {"color": color, "width": 2.25},
                "marker": {"type": "circle", "size": 6, "fill": {"color": color}, "border": {"color": color}},
            }
        )
    chart.set_title({"name": title, "name_font": {"size": 12}})
    chart.set_x_axis({"text_axis": True, "num_format": axis_format})
    chart.set_y_axis(count_axis(values, major_gridlines={"visible": True, "line": {"color": "#D9D9D9"}}))
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 620, "height": CHART_HEIGHT})
    return chart


# A roll-up records nothing in a history: its trend is this run alone, and always will be.
ROLLUP_SUBTITLE = "Số liệu chính của bản tổng hợp này (bản tổng hợp cấp trên không có lịch sử tổng hợp)"
ROLLUP_NOTE = (
    "Bản tổng hợp cấp trên không được ghi vào lịch sử tổng hợp nên chỉ có kỳ này; số liệu qua các "
    "kỳ xem ở sheet “Xu hướng” của bảng tổng hợp từng phường."
)


def merged_sentences(result: ConsolidationResult) -> list[str]:
    """A sentence for each stored cut-off whose figures are a merged ward's sum of its former
    wards (`PastRun.merged_from`, hunt199 F3), so that its row and the charts' rise from it are
    read as the former wards' together."""
    return [
        f"Số liệu ngày chốt {vnformat.date(p.cutoff_date)} là tổng số liệu của {merged_words(names)} "
        "(nay hợp nhất thành phường này)."
        for p in result.trend
        if p.cutoff_date != result.cutoff_date and (names := merged_from(p))
    ]


def subtitle(result: ConsolidationResult) -> str:
    """The sheet's subtitle: up to the newest cut-off, or, of an earlier cut-off consolidated
    again after later ones (`trend_later`: its trend ends at its cut-off), up to its own (fix348:
    it said "từ cũ đến mới" above a table that stops before the history's newest cut-offs)."""
    if result.level == "rollup":
        return ROLLUP_SUBTITLE
    end = "đến ngày chốt của lần tổng hợp này" if result.trend_later else "đến mới"
    return f"Số liệu chính tại mỗi ngày chốt đã lưu trong lịch sử tổng hợp, từ cũ {end}"


def later_sentences(result: ConsolidationResult) -> list[str]:
    """An earlier cut-off consolidated again after later ones: its trend ends at its cut-off
    (`history.session._trend_records`), and the later cut-offs the history holds are named, so
    the table is not read as all the history has."""
    if not result.trend_later:
        return []
    days = ", ".join(vnformat.date(d) for d in result.trend_later)
    return [
        f"Lịch sử tổng hợp còn có ngày chốt sau ngày chốt của lần này ({days}): sheet này chỉ cho "
        f"thấy số liệu đến ngày {vnformat.date(result.cutoff_date)}."
    ]


def empty_sentences(points: list[Point]) -> list[str]:
    """Beside earlier cut-offs, an empty run's row is blank and the charts skip it: said, so the
    blank is not read as figures lost."""
    if len(points) < 2:
        return []
    return [
        f"Ngày chốt {vnformat.date(p.cutoff)}: lần tổng hợp này không tổng hợp được tổ chức nào nên "
        "dòng số liệu để trống và biểu đồ không có điểm này."
        for p in points
        if p.empty
    ]


def _note(
    ws: Worksheet, fm: Formats, row: int, last_col: int, points: list[Point], result: ConsolidationResult
) -> None:
    count = len(points)
    if result.level == "rollup":
        text = ROLLUP_NOTE
    elif count > 1:
        text = f"{vnformat.count(count)} lần chốt số liệu. Mỗi ngày chốt lấy lần tổng hợp mới nhất."
    elif result.history_use == "off":
        text = (
            "Lần tổng hợp này không dùng lịch sử tổng hợp (tùy chọn --no-history) nên sheet này chỉ có "
            "kỳ này."
        )
    elif result.history_use == "unreadable":
        text = "Không đọc được lịch sử tổng hợp (lý do ở sheet “Kiểm tra”) nên sheet này chỉ có kỳ này."
    elif result.trend_left_out:
        text = "Lịch sử tổng hợp chưa có lần chốt số liệu nào khác dùng được cho lần tổng hợp này."
    elif result.trend_later:
        text = "Lịch sử tổng hợp chưa có lần chốt số liệu nào trước ngày chốt của lần này."
    else:
        text = (
            "Lịch sử tổng hợp chưa có lần chốt số liệu nào khác: từ các lần tổng hợp tới, sheet này sẽ "
            "cho thấy số liệu qua các kỳ."
        )
    text = " ".join(
        [
            text,
            *later_sentences(result),
            *merged_sentences(result),
            *empty_sentences(points),
            *result.trend_left_out,
            *gap_sentences(points),
            *org_change_sentences(points),
            *partial_year_notes(points),
        ]
    )
    write_merged_text(ws, row, 0, last_col, text, fm.note_wrap)
    fit_row(ws, row, [(text, 80)])


# The printed height of the two charts, in the sheet's points: the first's rows, the second.
CHARTS_HEIGHT = CHART_ROWS * 15 + CHART_HEIGHT * 3 / 4
# The page, in points of paper: A4 portrait less `print_setup`'s margins.
PAGE_WIDTH = 210 / 25.4 * 72 - 0.9 * 72
PAGE_HEIGHT = 297 / 25.4 * 72 - 2 * 0.6 * 72
# How far the estimated page ends may be off (points; the scale, title rows that print taller,
# notes that wrap otherwise): the charts start this far below a page's top, and are kept this
# far above its foot. Two charts and twice this take less than a page.
PAGE_SLACK = 6 * 15
# Pixels a character of column width: Excel's 7 (the 11-point default font's digit) plus 5 a
# column; LibreOffice prints such a sheet as though about 7.4: the estimate takes the middle.
CHAR_PIXELS = 7.2


def sheet_page_height(widths: list[float]) -> float:
    """A printed page's height in the sheet's points: the sheet is fitted one page wide, so a
    table wider than the page prints smaller and a page holds more of its points."""
    sheet_width = sum(CHAR_PIXELS * w + 5 for w in widths) * 3 / 4
    return PAGE_HEIGHT / min(1.0, PAGE_WIDTH / sheet_width)


@dataclass(frozen=True)
class ChartsPlace:
    top: int  # the charts' first row
    repeat_header: bool  # the table prints on more than one page: its header tops each


def place_charts(heights: list[float], header_row: int, last_table_row: int, page: float) -> ChartsPlace:
    """Where the charts go under the rows of `heights` (every row above them, points), each whole
    on one page, and whether the header is repeated.

    The header row is printed on every page only when the table itself runs onto a second page:
    else a page of the charts would be headed by the table's header over no table row. The pages
    are estimated as the printer fills them (a row that does not fit starts the next). When the
    charts, from the row under `heights`, do not end `PAGE_SLACK` above their page's foot, they
    go down to `PAGE_SLACK` below the top of the next page (blank rows, not a manual page break:
    Excel ignores those on a sheet fitted to one page wide). Should the estimate be a little
    off, they start a little higher or lower on that page, whole: they take well under a page."""

    def fill(header: float) -> tuple[list[int], float]:
        used, page_no, pages = 0.0, 0, []
        for height in heights:
            if used + height > page and used > header:
                used, page_no = header, page_no + 1
            pages.append(page_no)
            used += height
        return pages, used

    pages, _ = fill(heights[header_row])
    repeat = pages[last_table_row] > 0
    header = heights[header_row] if repeat else 0.0
    _, used = fill(header)
    top = len(heights)
    if used + CHARTS_HEIGHT > page - PAGE_SLACK:
        top += int((page - used) // 15) + int(PAGE_SLACK // 15)
    return ChartsPlace(top, repeat)


def write(wb: Workbook, fm: Formats, result: ConsolidationResult) -> None:
    """Write the `Xu hướng` sheet."""
    columns = [
        ("Ngày chốt số liệu", 13),
        *((f.header, f.width) for f in FIGURES),
        (ORGS_HEADER, ORGS_WIDTH),
        ("Nguồn", 17),
    ]
    ws = table_sheet(wb, fm, SHEET_TREND, columns, "XU HƯỚNG QUA CÁC LẦN TỔNG HỢP", subtitle(result))
    ws.set_row(HEADER_ROW, 48)
    date_fmts = {
        number_format: wb.add_format(
            {
                "num_format": number_format,
                "align": "center",
                "valign": "vcenter",
                "border": 1,
                "border_color": "#9E9E9E",
            }
        )
        for number_format in (DATE_FORMAT, EARLY_DATE_FORMAT)
    }
    center = wb.add_format(
        {"align": "center", "valign": "vcenter", "text_wrap": True, "border": 1, "border_color": "#9E9E9E"}
    )
    points = trend_points(result)
    _coverage(ws, fm, result, points, sum(width for _, width in columns))
    row = HEADER_ROW + 1
    for point in points:
        ws.write_datetime(
            row, 0, dt.datetime.combine(point.cutoff, dt.time()), date_fmts[date_format(point.cutoff)]
        )
        for col, figure in enumerate(FIGURES, start=1):
            write_number(ws, row, col, point.figure(figure), fm.count)
        orgs = orgs_cell(point.indicators)
        write_text(ws, row, len(FIGURES) + 1, orgs, center)
        fit_row(ws, row, [(orgs, ORGS_WIDTH)])
        write_text(ws, row, len(FIGURES) + 2, point.source, fm.text)
        row += 1
    first, last = HEADER_ROW + 1, row - 1
    last_col = len(columns) - 1
    _note(ws, fm, row + 1, last_col, points, result)
    page = sheet_page_height([w for _, w in columns])
    place = place_charts([row_height(ws, r) for r in range(row + 3)], HEADER_ROW, last, page)
    top = place.top
    axis_format = axis_date_format([p.cutoff for p in points])

    def plotted(figures: Sequence[Figure]) -> list[int | float | None]:
        # An empty run's blank row is no point of the chart's (`Point.figure`), not one unknown.
        return [p.figure(f) for p in points if not p.empty for f in figures]

    for at, figures, columns_of, title in (
        (top, MEMBER_FIGURES, range(1, 1 + len(MEMBER_FIGURES)), "Đảng viên qua các lần chốt số liệu"),
        (
            top + CHART_ROWS,
            FLOW_FIGURES,
            range(1 + len(MEMBER_FIGURES), 1 + len(FIGURES)),
            "Kết nạp và đưa ra khỏi Đảng trong năm của ngày chốt",
        ),
    ):
        values = plotted(figures)
        chart = _chart(wb, first, last, columns_of, gap_title(title, points), axis_format, values)
        if chart is None:  # nothing to draw: said in the chart's place
            none = no_chart(
                gap_title(title, points), values, empty_run(result, *(p.indicators for p in points))
            )
            write_no_chart(ws, fm, at, 0, last_col, none)
        else:
            ws.insert_chart(at, 0, chart, {"x_offset": 4})
    ws.freeze_panes(HEADER_ROW + 1, 1)
    repeat = (HEADER_ROW, HEADER_ROW) if place.repeat_header else None
    print_setup(ws, landscape=False, repeat=repeat, title=SHEET_TREND)
    ws.print_area(0, 0, top + 2 * CHART_ROWS - 1, last_col)
