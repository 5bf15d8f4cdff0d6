"""A form's figures from indicators: this period's, the same period last year's, and the ratio.

`fill_form` turns a `Form` (a table of lines) and two indicator dicts into a `FilledForm`,
the values of every cell plus the notes printed under the table; `forms_json` is what the
JSON summary holds. A line's figure is the sum of its ids, and nothing (None, an empty cell)
when any of them is missing: a partial sum would be a wrong figure, an empty cell is an
honest one. A mean over nobody (its count 0: no member admitted in the period) is no
figure either: its cell is empty, not 0, and a note says why. The ratio is
`kỳ này × 100 / cùng kỳ`, empty when either figure is missing or the earlier one is 0, or
when either is known to be short: a count note of the form counts, in this period's or last
year's figures, what the line leaves out (`short_lines`; last year's files of the 2026.1
template left every member's ethnicity unknown, so "36 | 18 | 200 %" would compare with half
a count), and that note says the ratio is empty; on every line when the two periods are not of
the same organisations (either run lacks some, or last year's record is of others:
`stats.coverage.scope_gaps`, the test of the report's comparison, which then states no change
of the totals either), one note saying why (`unlike_ratio_note`); a breakdown's share is
`total × 100 / base`. Both are rounded half up to two decimals, as by hand, except the shares
of a vocabulary's lines (Biểu 4's ethnic groups and religions), which are taken over the
members whose value is known (the base less the unknown, as on the Tổng hợp sheet) and rounded
together with every term of the vocabulary by the largest remainder, as every share of one
whole is (`toolkit.stats.shares`): the ethnic groups add up to exactly 100, each figure is the
one the Tổng hợp sheet prints, and the unknown line has no share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from toolkit.core import vnformat, vocab
from toolkit.core.dates import same_period_last_year
from toolkit.core.model import CommonFigures, HistoryUse, unknown_file_words
from toolkit.forms.model import CountNote, Form, Line, TermLines
from toolkit.stats.coverage import (
    LateGroups,
    by_ward_words,
    gaps_words,
    late_group_words,
    merged_words,
    missing_orgs,
    outside_count,
    outside_only,
    outside_words,
    scope_gaps,
)
from toolkit.stats.period import change_ids
from toolkit.stats.shares import largest_remainder
from toolkit.stats.sums import MEANS, with_implied_parts

Value = int | float | None
Indicators = Mapping[str, int | float]

UNKNOWN_LABEL = "Chưa xác định"


@dataclass(frozen=True)
class FilledLine:
    """One line of a form with its cell values, in the order of the form's value columns
    (compare: this period, last year, ratio; breakdown: total, women, share)."""

    line: Line
    values: tuple[Value, ...]


@dataclass(frozen=True)
class FilledForm:
    form: Form
    period: tuple[dt.date, dt.date]
    lines: tuple[FilledLine, ...]
    notes: tuple[str, ...]


def figure(ids: Sequence[str], indicators: Indicators | None) -> Value:
    """The sum of `ids` in `indicators`; None when there are no ids, no indicators, or any id
    is missing."""
    if not ids or indicators is None:
        return None
    total: int | float = 0
    for key in ids:
        value = indicators.get(key)
        if value is None or isinstance(value, bool):
            return None
        total += value
    return total


def no_mean(line: Line, indicators: Indicators | None) -> bool:
    """Whether `line` is a mean taken over nobody in `indicators` (its count is 0): the mean is
    undefined, so its cell is empty (the stored 0.0 is no figure)."""
    if indicators is None or len(line.ids) != 1 or line.ids[0] not in MEANS:
        return False
    count = indicators.get(MEANS[line.ids[0]][1])
    return count == 0 and not isinstance(count, bool)


def _mean_notes(
    form: Form, lines: list[FilledLine], current: Indicators, previous: Indicators | None
) -> list[str]:
    """Why a mean's cell is empty: nobody to take it over, this period or the same period last year."""
    now_col, before_col = (f"“{name}”" for name, _ in form.columns[1:3])
    notes = []
    for filled in lines:
        now = no_mean(filled.line, current)
        before = form.kind == "compare" and no_mean(filled.line, previous)
        if not (now or before):
            continue
        where = "ở cả hai cột" if now and before else f"ở cột {now_col if now else before_col}"
        ratio = " và cột (%)" if form.kind == "compare" and not (now and before) else ""
        notes.append(
            f"Dòng “{filled.line.label}” để trống {where}{ratio}: không có đảng viên nào để tính "
            f"{filled.line.label[:1].lower()}{filled.line.label[1:]}."
        )
    return notes


def short_lines(form: Form, current: Indicators, previous: Indicators | None) -> set[str]:
    """The keys of the lines of a comparison whose figure, this period's or last year's, is
    known to be short: some count note of the form that names them (`CountNote.lines`) counts
    what they leave out, not 0 in either column. Their ratio is empty (`_filled`): against, or
    of, a figure that leaves out a part, it misleads. None without last year's figures (the
    ratio is empty anyway)."""
    if form.kind != "compare" or previous is None:
        return set()
    return {
        key
        for note in form.count_notes
        if note.lines and (_note_count(note, current) or _note_count(note, previous))
        for key in note.lines
    }


def _hundredths(numerator: int | float, denominator: int | float) -> float:
    exact = Decimal(str(numerator)) * 100 / Decimal(str(denominator))
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def percent_of(current: Value, base: Value) -> float | None:
    """`current × 100 / base`, two decimals; None when either is missing or the base is 0."""
    if current is None or base is None or base == 0:
        return None
    return _hundredths(current, base)


def _term_lines(spec: TermLines, indicators: Indicators) -> list[Line]:
    """The lines of a vocabulary's terms present in `indicators` (total not 0), then the
    unknown bucket when it is not 0. A term whose total the indicators lack while they count
    the vocabulary (a roll-up leaves out an id some wards' summaries lack) keeps its line, with
    an empty figure and a note (`_notes`): dropped, it would read as 0, and the listed lines
    would no longer add up to the whole."""
    voc = getattr(vocab, spec.vocabulary, None)
    terms: list[tuple[str, str]] = [] if voc is None else [(t.code, t.label) for t in voc.terms]
    terms.append(("unknown", UNKNOWN_LABEL))
    counted = _part_counted(spec, indicators)
    lines: list[Line] = []
    for code, label in terms:
        if code in spec.skip:
            continue
        total_id = spec.total.format(code=code)
        value = indicators.get(total_id)
        if not (value or (counted and value is None)):
            continue
        number = str(len(lines) + 1)
        lines.append(
            Line(
                f"{spec.key}.{code}",
                number,
                label,
                (total_id,),
                level=spec.level,
                female=(spec.female.format(code=code),),
                share_of=spec.share_of,
            )
        )
    return lines


def declared_ids(form: Form) -> set[str]:
    """Every indicator id the form can read (its lines', its vocabulary parts' for every term
    and the unknown bucket, and the bases of its shares)."""
    ids: set[str] = set()
    for item in form.lines:
        if isinstance(item, TermLines):
            voc = getattr(vocab, item.vocabulary, None)
            codes = [*(voc.codes if voc is not None else []), "unknown"]
            ids.update(pattern.format(code=c) for c in codes for pattern in (item.total, item.female))
            ids.add(item.share_of)
        else:
            ids.update((*item.ids, *item.female, *((item.share_of,) if item.share_of else ())))
    return ids


def expand(form: Form, indicators: Indicators) -> list[Line]:
    """The form's lines with every `TermLines` replaced by its terms' lines."""
    out: list[Line] = []
    for item in form.lines:
        out.extend(_term_lines(item, indicators) if isinstance(item, TermLines) else [item])
    return out


def _period_text(period: tuple[dt.date, dt.date]) -> str:
    return f"{vnformat.date(period[0])}–{vnformat.date(period[1])}"


def coverage_notes(
    form: Form,
    current: Indicators,
    previous: Indicators | None,
    late: LateGroups = (),
    start: dt.date | None = None,
    unknown: Sequence[str] = (),
    excluded: Sequence[str] = (),
    wards: int = 0,
    previous_wards: Sequence[tuple[str, str]] | None = None,
    accent_pairs: int = 0,
    rollup: bool = False,
    accent_wards: Sequence[str] = (),
    previous_scope: str | None = None,
    current_wards: Sequence[tuple[str, str]] | None = None,
    *,
    orgs_label: str | None = None,
    outside_wards: Sequence[tuple[str, int]] = (),
    previous_common: CommonFigures | None = None,
) -> list[str]:
    """What a form read away from the consolidated workbook must say: that its figures, or last
    year's beside them, are of some organisations only (the `Kiểm tra` sheet names them), in a
    roll-up that some of its `wards` were left out (`excluded`: their names) and which of them
    have last year's figures of some organisations only (`previous_wards`, None for a ward's
    run: `stats.coverage.previous_gap_words`), that last year's record used is of other
    organisations than this run's (`previous_scope`: `stats.coverage.previous_scope_words`), and
    so, beside a comparison, that its (%) column is empty when the two periods are not of the
    same organisations (`stats.coverage.scope_gaps`, the report's test too; a roll-up's this
    period named by its wards whose own run lacks some, `current_wards`; a file outside the
    registry alone is no gap when both runs consolidated the same organisations,
    `previous_common`: `stats.coverage.outside_only`), that
    files of no known organisation (`unknown`: their names, `file.unknown_org`) are in none of
    them, that `accent_pairs` pairs of rows whose names differ only by accents were counted as
    two people (`accent_pairs_note`; a roll-up's in its `accent_wards`), and, for a form of the
    period's changes, that some organisations' changes count only from a date after the
    period's `start` (`late`: a ward's in one group, ward None, as `stats.coverage.late_starts`
    gives them; a roll-up's by ward, `ward_late_start_groups`, said after each ward's name as
    its `Tổng hợp` and report say them)."""
    notes = []
    if excluded:
        notes.append(excluded_wards_note(excluded, wards))
    if (now := missing_orgs(current)) is not None:
        done, total = now
        outside = outside_words(current, orgs_label, outside_wards)
        of = f"{vnformat.number(done)}/{vnformat.number(total)} tổ chức đảng{outside}"
        # The registry's left out counted; one outside it is said in `of` (fix331).
        lacking = (
            f"{vnformat.number(total - done)} tổ chức chưa được tổng hợp (chưa nộp hoặc tệp có lỗi), nên "
            if total > done
            else ""
        )
        notes.append(f"Số liệu của {of}: {lacking}các số trong biểu chưa đủ.")
    if unknown:
        notes.append(unknown_files_note(unknown, rollup=rollup))
    if accent_pairs:
        notes.append(accent_pairs_note(accent_pairs, rollup, wards=accent_wards))
    if late and start is not None and (ids := declared_ids(form)) & change_ids():
        opening = next((line for line in expand(form, current) if "period.opening" in line.ids), None)
        derived = (
            f"; dòng “{opening.label}” (suy ra từ số cuối kỳ, số tăng và số giảm) cũng chưa đúng"
            if opening is not None and "period.opening" in ids
            else ""
        )
        notes.append(
            f"Số liệu biến động trong kỳ của {by_ward_words(late, late_group_words)} chỉ tính từ ngày "
            f"tệp của tổ chức ghi ở mục “Số liệu từ ngày”, sau ngày đầu kỳ {vnformat.date(start)}: các số "
            f"của biểu tính từ biến động trong kỳ chưa đủ{derived}."
        )
    gaps = scope_gaps(
        current,
        previous,
        current_wards,
        previous_wards,
        previous_scope,
        label=orgs_label,
        outside=outside_wards,
        common=previous_common,
    )
    if form.kind == "compare" and gaps:
        notes.append(unlike_ratio_note(gaps, bool(previous_scope)))
    elif (
        form.kind == "compare"
        and (n := outside_count(previous))
        and outside_only(current, previous, previous_scope, previous_common)
    ):
        # Both runs of the same organisations, last year's with a file outside its registry: the
        # (%) column is filled, and last year's figures lack that file's members as this
        # period's note above says of this period's (fix347).
        notes.append(
            f"Số liệu cùng kỳ năm trước chưa gồm đảng viên của {vnformat.number(n)} tổ chức chưa có trong "
            "danh mục (có nộp tệp, không được tổng hợp)."
        )
    return notes


def unlike_ratio_note(gaps: Sequence[str], named: bool = False) -> str:
    """Why a comparing form's (%) column is empty when the two periods are not of the same
    organisations (`gaps`, of `stats.coverage.scope_gaps`, as the report's comparison says them):
    "Cột (%) để trống: số liệu kỳ này chỉ gồm 69/72 tổ chức (lần tổng hợp này thiếu 3 tổ chức),
    nên hai kỳ không cùng các tổ chức, so sánh sẽ sai lệch."; `named`: last year's record of other
    organisations, which the `Kiểm tra` sheet details (`form.previous_other_orgs`)."""
    detail = " (chi tiết ở sheet “Kiểm tra”)" if named else ""
    return (
        f"Cột (%) để trống: {gaps_words(gaps)}, nên hai kỳ không cùng các tổ chức, so sánh sẽ sai lệch"
        f"{detail}."
    )


MAX_NAMED_FILES = 5  # files named in `unknown_files_note`
MAX_NAMED_WARDS = 5  # wards named in `excluded_wards_note`


def excluded_wards_note(excluded: Sequence[str], wards: int) -> str:
    """'Số liệu của 2/3 phường: Phường An bị loại, không được cộng (…), nên các số trong biểu
    chưa đủ.': a roll-up's wards left out (`excluded`, by name: another cut-off or period, a
    file that cannot be read, a run of no organisation), of its `wards` (the roll-up's
    organisations, as `Tổng hợp` and the run's status count them). Their organisations are in
    none of the summed counts, so the coverage of the wards added reads full without it."""
    named = ", ".join(excluded[:MAX_NAMED_WARDS])
    if len(excluded) > MAX_NAMED_WARDS:
        named += f" và {vnformat.number(len(excluded) - MAX_NAMED_WARDS)} phường khác"
    done = vnformat.number(wards - len(excluded))
    return (
        f"Số liệu của {done}/{vnformat.number(wards)} phường: {named} bị loại, không được cộng (lý do "
        "ở sheet “Kiểm tra”), nên các số trong biểu chưa đủ."
    )


def unknown_files_note(
    files: Sequence[str], figures: str = "các số trong biểu", *, rollup: bool = False
) -> str:
    """'Tệp X.xlsx không rõ của tổ chức nào nên không được tổng hợp: …': the
    files of no known organisation (`file.unknown_org`; a roll-up's: the files given that are
    no ward's summary, `NOT_A_WARD`, never counted among its wards, hunt332 F3) by name (the
    first `MAX_NAMED_FILES`), whose members, if they are an organisation's (a ward's), the
    `figures` lack (a form's; the report says "các số liệu dưới đây")."""
    named = ", ".join(files[:MAX_NAMED_FILES]) + (", …" if len(files) > MAX_NAMED_FILES else "")
    which = f"Tệp {named}" if len(files) == 1 else f"{vnformat.number(len(files))} tệp ({named})"
    whose = "của một phường" if rollup else "của một tổ chức đảng"
    return (
        f"{which} {unknown_file_words(rollup)} nên không được {'cộng' if rollup else 'tổng hợp'}: nếu là "
        f"số liệu {whose} thì {figures} chưa đủ."
    )


# Where `accent_pairs_note` sends the reader: the `Kiểm tra` rows, by the words each one says
# (`member.name_without_accents`, `event.name_without_accents`; a roll-up's
# `rollup.ward_form_warning`, which quotes the ward's warning by its title).
ACCENT_PAIRS_ROWS = "các cảnh báo họ tên “chỉ khác nhau ở dấu”"
ACCENT_PAIRS_ROLLUP_ROWS = "cảnh báo về số liệu các biểu của phường"


def accent_pairs_note(
    pairs: int, rollup: bool = False, figures: str = "các số trong biểu", wards: Sequence[str] = ()
) -> str:
    """'2 cặp dòng có họ tên chỉ khác nhau ở dấu (cùng ngày sinh) được tính là hai người (…): nếu
    là một người thì các số trong biểu có thể chưa đúng.': the run's `member.name_without_accents`
    and `event.name_without_accents` (`stats.coverage.accent_pairs`), of a
    roll-up its wards' (`wards`, from `stats.coverage.accent_pair_wards`; its
    `rollup.ward_form_warning` issues say them; one is named, more are counted, none known is
    "ở các phường"). Nothing is merged, so such a person may be counted twice, a member who left
    still on the roll (Biểu 1's both ends, Biểu 3, Biểu 4), an admitted member's roll row not
    found (Biểu 2); said by number only: a form holds no member's name. The `Kiểm tra` rows are
    named by what the clerk reads in them, never by their codes: the forms and the report go to
    the upper level (hunt103 #2)."""
    rows = ACCENT_PAIRS_ROLLUP_ROWS if rollup else ACCENT_PAIRS_ROWS
    where = ""
    if rollup:
        where = " ở các phường"
        if len(wards) == 1:
            where = f" ở {wards[0]}"
        elif wards:
            where = f" ở {vnformat.number(len(wards))} phường"
    return (
        f"{vnformat.number(pairs)} cặp dòng{where} có họ tên chỉ khác nhau ở dấu "
        f"(cùng ngày sinh) được tính là hai người (chi tiết ở sheet “Kiểm tra”, {rows}): nếu là "
        f"một người thì {figures} có thể chưa đúng."
    )


def _no_previous_note(
    last_year: tuple[dt.date, dt.date], rollup: bool, history: HistoryUse, why: str | None = None
) -> str:
    """Why the `Cùng kỳ năm trước` column is empty (a roll-up's: `why`, said by the roll-up)."""
    empty = "Cột “Cùng kỳ năm trước” để trống: "
    if why and not rollup:  # a ward's: last year's record of no organisation of this run's
        return f"{empty}{why}."
    if rollup:  # A roll-up sums last year from its wards' files (every one must have it), not history.
        lacking = f"không phải tệp số liệu nào của các phường cũng có số liệu kỳ {_period_text(last_year)}"
        return f"{empty}{why or lacking}."
    if history == "off":  # a form goes out on its own: no option names on it (`Xu hướng` has it)
        return f"{empty}lần tổng hợp này không dùng lịch sử tổng hợp."
    if history == "unreadable":
        return f"{empty}không đọc được lịch sử tổng hợp khi tổng hợp (lý do ở sheet “Kiểm tra”)."
    if why:  # of a ward: last year's record under another ward name (`history.other_ward_name`)
        return f"{empty}{why}."
    return f"{empty}lịch sử tổng hợp chưa có lần tổng hợp nào cho kỳ {_period_text(last_year)}."


def _previous_gaps_note(
    lines: list[FilledLine],
    previous: Indicators | None,
    last_year: tuple[dt.date, dt.date],
    rollup: bool,
    mean_only: str | None = None,
) -> list[str]:
    """Why lines of `Cùng kỳ năm trước` are empty though last year's figures are there: they
    lack these lines' ids (a summary of an older version, or made by hand, imported). A mean
    over nobody last year is not such a line (`_mean_notes` says why it is empty). A roll-up's
    empty mean, when some wards' last year gives the mean only (`mean_only`: those wards, as
    `rollup.previous_mean_only` names them), is said with them and why (hunt233 F4)."""
    typed = [
        f
        for f in lines
        if mean_only and len(f.line.ids) == 1 and f.line.ids[0] in MEANS and f.values[1] is None
    ]
    said = [_typed_mean_note(f.line.label, mean_only) for f in typed if mean_only]
    lines = [f for f in lines if f not in typed]
    shown = [
        f
        for f in lines
        if f.line.has_figure
        and f.line.collected
        and f.values[0] is not None
        and not no_mean(f.line, previous)
    ]
    gaps = sum(1 for f in shown if f.values[1] is None)
    if not gaps:
        return said
    source = (
        f"số liệu kỳ {_period_text(last_year)} trong tệp của các phường"
        if rollup
        else f"lần tổng hợp kỳ {_period_text(last_year)} trong lịch sử tổng hợp"
    )
    if gaps == len(shown):
        return said + [
            f"Cột “Cùng kỳ năm trước” để trống: {source} không có số liệu các dòng của biểu này "
            "(có thể lập bằng phiên bản cũ hoặc nhập từ tệp)."
        ]
    if rollup:  # a ward's summary lacks them: `rollup.incomplete_indicator` names it (hunt111 D1)
        return said + [
            f"{vnformat.number(gaps)} dòng ở cột “Cùng kỳ năm trước” để trống: số liệu kỳ "
            f"{_period_text(last_year)} {_missing_words(True)}."
        ]
    return said + [
        f"{vnformat.number(gaps)} dòng ở cột “Cùng kỳ năm trước” để trống: {source} không có số liệu đó."
    ]


def _typed_mean_note(label: str, wards: str) -> str:
    """A roll-up's mean left empty in `Cùng kỳ năm trước`: `wards`' last year was typed from the
    forms sent up, which state the mean only (`rollup.previous_mean_only`)."""
    return (
        f"Dòng “{label}” ở cột “Cùng kỳ năm trước” để trống: số liệu năm trước của {wards} được chép "
        "từ các biểu đã gửi năm trước, mà biểu chỉ ghi tuổi bình quân (không ghi tổng số tuổi và số "
        "người được tính bình quân), nên không tính được tuổi bình quân chung của các phường. Phường không "
        "cần làm lại gì."
    )


def _notes(
    form: Form,
    lines: list[FilledLine],
    previous: Indicators | None,
    period: tuple[dt.date, dt.date],
    current: Indicators,
    rollup: bool = False,
    history: HistoryUse = "read",
    no_previous: str | None = None,
    late: LateGroups = (),
    unknown: Sequence[str] = (),
    excluded: Sequence[str] = (),
    wards: int = 0,
    previous_wards: Sequence[tuple[str, str]] | None = None,
    accent_pairs: int = 0,
    accent_wards: Sequence[str] = (),
    previous_scope: str | None = None,
    current_wards: Sequence[tuple[str, str]] | None = None,
    unlike: bool = False,
    previous_mean_only: str | None = None,
    previous_typed: bool = False,
    last_year: tuple[dt.date, dt.date] | None = None,
    *,
    orgs_label: str | None = None,
    outside_wards: Sequence[tuple[str, int]] = (),
    previous_common: CommonFigures | None = None,
) -> list[str]:
    has_previous = previous is not None
    last_year = last_year or same_period_last_year(period)
    coverage = coverage_notes(
        form,
        current,
        previous,
        late,
        period[0],
        unknown,
        excluded,
        wards,
        previous_wards,
        accent_pairs,
        rollup,
        accent_wards,
        previous_scope,
        current_wards,
        orgs_label=orgs_label,
        outside_wards=outside_wards,
        previous_common=previous_common,
    )
    notes: list[str] = [*coverage, *form.notes]
    notes += _count_notes(form, current, previous, rollup, unlike, previous_typed)
    if rollup:  # what a sum of wards cannot tell, when its lines count anything
        notes += [n.text for n in form.rollup_notes if figure(n.ids, current) or figure(n.ids, previous)]
    if form.kind == "compare" and not has_previous:
        notes.append(_no_previous_note(last_year, rollup, history, no_previous))
    elif form.kind == "compare":
        notes += _previous_gaps_note(
            lines, previous, last_year, rollup, previous_mean_only if rollup else None
        )
    notes += _mean_notes(form, lines, current, previous)
    for filled in lines:
        if not filled.line.collected:
            notes.append(f"Dòng “{filled.line.label}” để trống: biểu mẫu chi bộ không thu thập chỉ tiêu này.")
    empty = sum(
        1 for f in lines if f.line.has_figure and f.values[0] is None and not no_mean(f.line, current)
    )
    if empty:
        notes.append(f"{vnformat.number(empty)} dòng để trống vì số liệu đó {_missing_words(rollup)}.")
    parts = [item for item in form.lines if isinstance(item, TermLines)]
    for spec in parts:
        if not any(f.line.key.startswith(f"{spec.key}.") and f.line.ids for f in lines):
            heading = next(
                (li.label for li in form.lines if isinstance(li, Line) and li.key == spec.key), spec.key
            )
            if _part_counted(spec, current):  # complete: nobody is of a listed term
                nobody = f"Phần “{heading}” không có dòng nào: không có đảng viên nào."
                notes.append(spec.empty_note or nobody)
            else:
                where = f": số liệu đó {_missing_words(True)}" if rollup else " trong các tệp của chi bộ"
                notes.append(f"Phần “{heading}” chưa có số liệu{where}.")
    return notes


PREVIOUS_COLUMN = "cột “Cùng kỳ năm trước”"
CURRENT_COLUMN = "cột “Thực hiện: Kỳ này”"


def _note_count(note: CountNote, indicators: Indicators | None) -> Value:
    """What `note` counts in `indicators`: the sum of its ids less that of its `minus`; None
    when an id is missing (or there are no indicators)."""
    n = figure(note.ids, indicators)
    if n is None:
        return None
    # Without the part to take off (a roll-up of an older summary), the whole count: the
    # lines that would hold that part are empty then (their ids are missing too).
    less = figure(note.minus, indicators)
    # Never below 0: a part said apart (Biểu 2's admitted on no roster, counted by their
    # unknown gender) could take off someone the count does not hold.
    return n if less is None else max(n - less, 0)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _and(items: Sequence[str]) -> str:
    """The items joined as a list is written: "a, b và c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} và {items[-1]}"


def _count_notes(
    form: Form,
    current: Indicators,
    previous: Indicators | None,
    rollup: bool,
    unlike: bool = False,
    previous_typed: bool = False,
) -> list[str]:
    """The form's count notes, for this period's column and, beside a comparison (`previous`
    given), for last year's: its lines there count only what was known then (last year's files
    of the 2026.1 template left ethnicity, religion, … unknown), so a 0 in that column is no
    complete count either. This period's note reads as ever; last year's starts "Ở cột “Cùng
    kỳ năm trước”,". A note of both columns is one note with both counts ("Kỳ này 3, cùng kỳ
    năm trước 184 đảng viên …"; "Ở cả hai cột, 184 …" when equal), and last year's notes of
    members of unknown attribute with one count are one note naming every attribute and line,
    so that the notes do not double. A roll-up's count that some wards' summaries lack is its
    `lacking` text, for either column (this period's beside a known count of last year's
    says its column, `CURRENT_COLUMN`); a ward's own form whose last year's record lacks it
    says `lacking_record` of that column, after this period's count said as "Kỳ này N …".
    Last year's record typed from the forms sent up (`previous_typed`) has its own words for a
    note that has them (`CountNote.typed`), said apart from this period's. Beside a
    comparison, a note whose lines' ratio is therefore empty (`short_lines`) ends with
    `SHORT_RATIO` (of one line or of several), unless the whole column is empty for the two
    periods' organisations (`unlike`: its one note says why, `unlike_ratio_note`)."""
    before_col = previous is not None and form.kind == "compare"
    said = before_col and not unlike  # whether a note says its lines' (%) is empty
    notes: list[str] = []
    # Last year's notes of unknown attributes by who, why and count: their place, their parts.
    grouped: dict[tuple[str, str, int | float], tuple[int, list[CountNote]]] = {}
    for note in form.count_notes:
        now = _note_count(note, current)
        before = _note_count(note, previous) if before_col else None
        lacking_now = now is None and rollup and bool(note.lacking)
        # Last year's count not in its figures: a roll-up's `lacking`; a ward's `lacking_record`
        # when this period's figures have it (both without it: figures of an older version, whose
        # lines lack it too, as ever).
        before_lacks = ""
        if before_col and before is None:
            said_of_record = now is not None and figure(note.lacking_record_ids, previous) is not None
            before_lacks = note.lacking if rollup else (note.lacking_record if said_of_record else "")
        if lacking_now and before_lacks:
            notes.append(f"Ở cả hai cột, {_lower_first(note.lacking)}")
        elif lacking_now and before is not None:
            # Last year's count known (some or none): said of this period's column, lest it be
            # read as of both (review270), as last year's unknown one names its column.
            notes.append(f"Ở {CURRENT_COLUMN}, {_lower_first(note.lacking)}")
        elif lacking_now:
            notes.append(note.lacking)
        single = note.text.startswith("{n} ") and note.text.count("{n}") == 1
        if before and previous_typed and note.typed:
            if now:
                notes.append(note.text.format(n=vnformat.number(now)) + _short_ratio(note.lines, said))
            text = _lower_first(note.typed.format(n=vnformat.number(before)))
            notes.append(f"Ở {PREVIOUS_COLUMN}, {text}{_short_ratio(note.lines, said)}")
            continue
        if now and before and single:
            rest = note.text[len("{n}") :]
            counts = (
                f"Ở cả hai cột, {vnformat.number(now)}"
                if now == before
                else f"Kỳ này {vnformat.number(now)}, cùng kỳ năm trước {vnformat.number(before)}"
            )
            notes.append(f"{counts}{rest}{_short_ratio(note.lines, said)}")
            continue
        if now:
            # Beside last year's unknown count, this one is said as this period's ("Kỳ này 76
            # …"), lest it be read as both columns'.
            of_now = "Kỳ này " if before_lacks and single else ""
            notes.append(of_now + note.text.format(n=vnformat.number(now)) + _short_ratio(note.lines, said))
        if before_lacks and not lacking_now:
            notes.append(f"Ở {PREVIOUS_COLUMN}, {_lower_first(before_lacks)}")
        if before and note.unknown is not None:
            key = (note.unknown.who, note.unknown.why, before)
            if key not in grouped:
                grouped[key] = (len(notes), [])
                notes.append("")  # its place, filled below
            grouped[key][1].append(note)
        elif before:
            text = _lower_first(note.text.format(n=vnformat.number(before)))
            notes.append(f"Ở {PREVIOUS_COLUMN}, {text}{_short_ratio(note.lines, said)}")
    for (who, why, n), (place, of_count) in grouped.items():
        parts = [g.unknown for g in of_count if g.unknown is not None]
        what, where = _and([p.what for p in parts]), _and([p.where for p in parts])
        lines = tuple(key for g in of_count for key in g.lines)
        notes[place] = (
            f"Ở {PREVIOUS_COLUMN}, {vnformat.number(n)} {who} chưa rõ {what}{why}: không tính vào {where}."
            f"{_short_ratio(lines, said)}"
        )
    return notes


# Said at the end of a count note whose lines' ratio is empty (`short_lines`).
SHORT_RATIO = " Cột (%) của {lines} không tính số này để trống: tỷ lệ tính từ số chưa đủ sẽ sai lệch."


def _short_ratio(lines: Sequence[str], comparison: bool) -> str:
    """`SHORT_RATIO` of a count note's `lines` beside a comparison (`comparison`), else nothing."""
    if not (comparison and lines):
        return ""
    return SHORT_RATIO.format(lines="dòng" if len(set(lines)) == 1 else "các dòng")


def _missing_words(rollup: bool) -> str:
    """Where the figures of an empty line are missing: a ward's run reads its branches' files,
    a roll-up its wards' JSON summaries (one that lacks the id: of an older version, or edited;
    `rollup.incomplete_indicator` names it and says which)."""
    if rollup:
        return (
            "không có trong tệp số liệu của mọi phường — sheet “Kiểm tra” nêu tệp của phường nào thiếu "
            "và vì sao"
        )
    return "chưa có trong các tệp của chi bộ"


def _part_counted(spec: TermLines, current: Indicators) -> bool:
    """Whether the figures count the members by `spec`'s vocabulary (its ids are there, 0 or
    not), rather than lack it (no such vocabulary yet, a summary of an older version)."""
    voc = getattr(vocab, spec.vocabulary, None)
    if voc is None:
        return False
    return any(spec.total.format(code=code) in current for code in [*voc.codes, "unknown"])


def fill_form(
    form: Form,
    current: Indicators,
    previous: Indicators | None = None,
    *,
    period: tuple[dt.date, dt.date],
    rollup: bool = False,
    history: HistoryUse = "read",
    no_previous: str | None = None,
    late: LateGroups = (),
    unknown: Sequence[str] = (),
    excluded: Sequence[str] = (),
    wards: int = 0,
    previous_wards: Sequence[tuple[str, str]] | None = None,
    accent_pairs: int = 0,
    accent_wards: Sequence[str] = (),
    previous_scope: str | None = None,
    current_wards: Sequence[tuple[str, str]] | None = None,
    previous_merged: Sequence[str] = (),
    previous_mean_only: str | None = None,
    previous_typed: bool = False,
    previous_period: tuple[dt.date, dt.date] | None = None,
    orgs_label: str | None = None,
    outside_wards: Sequence[tuple[str, int]] = (),
    previous_common: CommonFigures | None = None,
) -> FilledForm:
    """Every cell of `form` from this period's indicators and, for Biểu 1–3, those of the same
    period last year (None: the column is empty and the note says why: no such run in the
    history, the `history` not used or not readable, or, for a `rollup`, `no_previous`: why its
    wards' files could not be summed, by default that not every one has that period). `late`:
    the organisations whose changes count only from a date after the period starts (a
    roll-up's by ward: `coverage_notes`); `unknown`:
    the names of the files of no known organisation, in none of the figures; `excluded`: a
    roll-up's wards left out, of its `wards`; `previous_wards`: a roll-up's wards whose last
    year's figures leave organisations out; `accent_pairs`: the pairs of rows counted as two
    people though their names differ only by accents (`accent_pairs_note`), a roll-up's in its
    `accent_wards`; `previous_scope`: what last year's record lacks of this run's organisations
    or has beyond them; `current_wards`: a roll-up's wards whose own run lacks organisations
    (`coverage_notes`). When the two periods are not of the same organisations
    (`stats.coverage.scope_gaps`: the report then states no change of the totals), every line's
    (%) is empty and one note says why (hunt155 F1: "95,24" on line D of a ward that grew, three
    organisations' files left out); both columns keep their figures. `previous_period`: the
    forms' period of the record `previous` comes from when it is not the same period last year
    (Biểu 3's record at last year's cut-off of another forms' period, hunt261 G3): the notes
    naming last year's record name that period (review265). `orgs_label`: the words of the
    organisations' base when they are not the registry's (`stats.shares.orgs_base_label`);
    `outside_wards`: a roll-up's wards with organisations outside their registry that sent a
    file (`stats.coverage.outside_wards`), named beside the count. `previous_common`: the
    organisations both runs consolidated (`PastRun.common`): when they are all of both, a file
    outside the registry alone leaves the two periods of the same organisations (fix347)."""
    last_year = previous_period or same_period_last_year(period)
    # A history record of an older version lacks the parts added since: 0 where the whole is.
    current = with_implied_parts(current)
    previous = None if previous is None else with_implied_parts(previous)
    short = short_lines(form, current, previous)
    unlike = form.kind == "compare" and bool(
        scope_gaps(current, previous, current_wards, previous_wards, previous_scope, common=previous_common)
    )
    filled: list[FilledLine] = []
    regrouped: list[TermLines] = []  # the parts some share of which is not its own rounding
    for item in form.lines:
        group = _term_lines(item, current) if isinstance(item, TermLines) else [item]
        cells = [_filled(form, line, current, previous, short, unlike) for line in group]
        together = _shares_together(item, cells, current)
        if isinstance(item, TermLines) and together != _shares_together(item, cells, current, alone=True):
            regrouped.append(item)
        filled.extend(together)
    notes = _notes(
        form,
        filled,
        previous,
        period,
        current,
        rollup,
        history,
        no_previous,
        late,
        unknown,
        excluded,
        wards,
        previous_wards,
        accent_pairs,
        accent_wards,
        previous_scope,
        current_wards,
        unlike,
        previous_mean_only,
        previous_typed,
        last_year,
        orgs_label=orgs_label,
        outside_wards=outside_wards,
        previous_common=previous_common,
    )
    if regrouped:
        notes.append(rounding_note(form, regrouped))
    if form.kind == "compare" and previous is not None and previous_merged:
        notes.insert(0, merged_previous_note(previous_merged, last_year))
    return FilledForm(form, period, tuple(filled), tuple(notes))


def rounding_note(form: Form, parts: Sequence[TermLines]) -> str:
    """Why a share of `parts` (Biểu 4's ethnic groups, its religions) is not the one a clerk
    gets by rounding it half up on its own (hunt261 G1: Hoa 4/4.216 = 0,0949 % prints 0,10 %):
    the shares of one part are rounded together (`_shares_together`), with the `rounded_with`
    terms the form does not print (the members of no religion), so that they add up to 100 %.
    The `Tổng hợp` sheet's `ROUNDING_NOTE` says the same of its shares."""
    headings = {line.key: line.label for line in form.lines if isinstance(line, Line)}
    named = [
        f"phần “{headings.get(part.key, part.key)}”"
        + (f" (kể cả {part.rounded_with}, không in trong biểu)" if part.rounded_with else "")
        for part in parts
    ]
    return (
        f"Tỷ lệ (%) các dòng của {' và '.join(named)} được làm tròn cùng nhau để cộng lại đủ 100%, "
        "nên có dòng lệch 0,01% so với tỷ lệ làm tròn riêng dòng đó."
    )


def merged_previous_note(names: Sequence[str], last_year: tuple[dt.date, dt.date]) -> str:
    """What `Cùng kỳ năm trước` holds when last year's record is a merged ward's sum of its former
    wards (`PastRun.merged_from`, hunt199 F3): said first, so that the province does not read it
    as the ward's own figures of a year it did not exist."""
    return (
        f"Cột “Cùng kỳ năm trước” là tổng số liệu của {merged_words(names)} (nay hợp nhất thành "
        f"phường này), kỳ {_period_text(last_year)}."
    )


def _filled(
    form: Form,
    line: Line,
    current: Indicators,
    previous: Indicators | None,
    short: set[str],
    unlike: bool = False,
) -> FilledLine:
    """A line's cells; its ratio empty when its key is among the `short` lines (`short_lines`),
    or when the two periods are not of the same organisations (`unlike`)."""
    if not line.has_figure:
        return FilledLine(line, (None, None, None))
    now = None if no_mean(line, current) else figure(line.ids, current)
    if form.kind == "compare":
        before = None if no_mean(line, previous) else figure(line.ids, previous)
        ratio = None if unlike or line.key in short else percent_of(now, before)
        return FilledLine(line, (now, before, ratio))
    women = figure(line.female, current)
    base = current.get(line.share_of) if line.share_of else None
    return FilledLine(line, (now, women, percent_of(now, base)))


def _shares_together(
    item: Line | TermLines, group: list[FilledLine], current: Indicators, *, alone: bool = False
) -> list[FilledLine]:
    """The lines of one vocabulary (Biểu 4's ethnic groups, its religions) with their shares
    taken over the members whose value is known (the base less the unknown bucket, as the Tổng
    hợp sheet takes them, `stats.shares.known_base`) and rounded together, by the largest
    remainder, with every term of the vocabulary when these make up that base: the ethnic
    groups' column adds up to exactly 100, and a religion's share is the one the Tổng hợp sheet
    prints (where the members of no religion are a part of the same whole). The unknown line
    keeps its count and has no share (it is outside the base; the form's note says so). Terms
    that do not make up the base, or every term when `alone` (what a note compares with,
    `rounding_note`): each share rounded half up on its own, over the same base."""
    if not isinstance(item, TermLines) or not group:
        return group
    voc = getattr(vocab, item.vocabulary, None)
    codes = list(voc.codes) if voc is not None else []
    counts = [current.get(item.total.format(code=code), 0) for code in codes]
    unknown = current.get(item.total.format(code="unknown"), 0) or 0
    base = current.get(item.share_of)
    if isinstance(base, bool) or not isinstance(base, int | float) or isinstance(unknown, bool):
        return group
    known = base - unknown
    whole = [c for c in counts if isinstance(c, int) and not isinstance(c, bool)]
    rounded = (
        largest_remainder(whole)
        if not alone and len(whole) == len(counts) and known and sum(whole) == known
        else None
    )
    by_key = {} if rounded is None else {f"{item.key}.{c}": r for c, r in zip(codes, rounded, strict=True)}
    unknown_key = f"{item.key}.unknown"
    out = []
    for f in group:
        if f.line.key == unknown_key or f.values[0] is None:
            value: float | None = None
        elif f.line.key in by_key:
            value = float(by_key[f.line.key])
        else:
            value = percent_of(f.values[0], known)
        out.append(FilledLine(f.line, (*f.values[:2], value)))
    return out


def fill_forms(
    forms: Sequence[Form],
    current: Indicators,
    previous: Indicators | None,
    *,
    period: tuple[dt.date, dt.date],
    rollup: bool = False,
    history: HistoryUse = "read",
    no_previous: str | None = None,
    late: LateGroups = (),
    unknown: Sequence[str] = (),
    excluded: Sequence[str] = (),
    wards: int = 0,
    previous_wards: Sequence[tuple[str, str]] | None = None,
    accent_pairs: int = 0,
    accent_wards: Sequence[str] = (),
    previous_scope: str | None = None,
    current_wards: Sequence[tuple[str, str]] | None = None,
    previous_merged: Sequence[str] = (),
    previous_mean_only: str | None = None,
    previous_typed: bool = False,
    orgs_label: str | None = None,
    outside_wards: Sequence[tuple[str, int]] = (),
    previous_common: CommonFigures | None = None,
) -> list[FilledForm]:
    return [
        fill_form(
            f,
            current,
            previous,
            period=period,
            rollup=rollup,
            history=history,
            no_previous=no_previous,
            late=late,
            unknown=unknown,
            excluded=excluded,
            wards=wards,
            previous_wards=previous_wards,
            accent_pairs=accent_pairs,
            accent_wards=accent_wards,
            previous_scope=previous_scope,
            current_wards=current_wards,
            previous_merged=previous_merged,
            previous_mean_only=previous_mean_only,
            previous_typed=previous_typed,
            orgs_label=orgs_label,
            outside_wards=outside_wards,
            previous_common=previous_common,
        )
        for f in forms
    ]


def form_rows_json(filled: FilledForm) -> list[dict[str, Any]]:
    """The rows of one form as the JSON summary holds them."""
    rows: list[dict[str, Any]] = []
    for item in filled.lines:
        row: dict[str, Any] = {"row": item.line.key, "label": item.line.label}
        if filled.form.kind == "compare":
            row["current"], row["previous"] = item.values[0], item.values[1]
        else:
            row["current"], row["female"], row["share"] = item.values
        rows.append(row)
    return rows


def forms_json(filled: Sequence[FilledForm]) -> dict[str, list[dict[str, Any]]]:
    """`{"bieu1": [{"row": "B.1", "label": "Kết nạp", "current": 15, "previous": null}, …], …}`."""
    return {f.form.code: form_rows_json(f) for f in filled}
