"""Consolidation: discover files → read → validate → compute → a `ConsolidationResult`.

Submissions with any error are excluded as a whole and listed; a file that cannot be used
excludes the organisation it belongs to (`toolkit.validation.attribution`); registry organisations with
no file are listed as missing. This module writes nothing: the edges (CLI, Excel buttons,
demo) hand the result to `toolkit.outputs.publish.write_outputs`, so they share this one pipeline
and the pipeline imports no writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit.core import layout, transfers, vnformat
from toolkit.core.dates import (
    AHEAD,
    FORMS,
    form_period_across_years,
    off_the_latest_period,
    run_period_start,
    same_period_last_year,
)
from toolkit.core.dates import as_date as _as_date
from toolkit.core.errors import InputError, WardStatsError, unexpected_cause
from toolkit.core.frames import concat_frames
from toolkit.core.model import (
    ConsolidationResult,
    Issue,
    Organisation,
    OrgResult,
    Registry,
    SettingsBook,
    SourceFile,
    Submission,
    default_form_period,
)
from toolkit.core.rules import (
    HIDDEN,
    at_setting_cells,
    issue_order_key,
    make_issue,
    typed_codes,
    where_cell,
    without_typed_codes,
)
from toolkit.core.text import is_only_kind, names_its_kind, org_code_key, tidy_name
from toolkit.core.thresholds import Thresholds
from toolkit.stats import grouped, moves, period, ward
from toolkit.stats.coverage import accent_pairs
from toolkit.stats.indicators import period_years

if TYPE_CHECKING:
    from toolkit.io.readmany import Reading
    from toolkit.validation import Attribution, ValidationRun

OTHER_PERIOD_FILE = "org.other_period_file"  # a report of another period beside its organisation's file


def choose_period_start(submissions: Sequence[Submission], cutoff: dt.date, since: dt.date | None) -> dt.date:
    """`--since` wins; otherwise the period start most submissions state; otherwise 1 January
    of the cut-off year (`core.dates.run_period_start`)."""
    return run_period_start(submissions, cutoff, since) or dt.date(cutoff.year, 1, 1)


def period_start_unmatched(included: Sequence[Submission], since: dt.date, cutoff: dt.date) -> list[Issue]:
    """`ward.period_start_unmatched`: no consolidated file starts its period on the run's
    chosen start (`--since`, the settings cell), and more than half of them, two at least,
    share another (`cross_file.majority_elsewhere`): most likely that start was mistyped, and
    every file's `org.period_start_differs` has this one cause."""
    from toolkit.validation.cross_file import majority_elsewhere

    stated = [d for s in included if (d := _as_date(s.info.get("period_start"))) is not None and d <= cutoff]
    found = majority_elsewhere(stated, since)
    if found is None:
        return []
    common, count = found
    return [
        make_issue(
            "ward.period_start_unmatched",
            value=f"{common:%d/%m/%Y}",
            expected=f"{since:%d/%m/%Y}",
            cutoff=f"{cutoff:%d/%m/%Y}",
            count=f"{count}/{len(included)}",
        )
    ]


# What the period start a file is compared with is, as `org.period_start_differs` says it.
BASIS_RUN = "kỳ tổng hợp bắt đầu từ ngày {expected}"
BASIS_MAJORITY = (
    "đa số các tệp ghi từ ngày {expected} (kỳ tổng hợp theo ngày này nếu không chọn ngày bắt đầu kỳ)"
)
BASIS_SETTINGS = "tệp tổng hợp ghi kỳ bắt đầu từ ngày {expected}"


def period_start_issue(
    sub: Submission,
    period_start: dt.date,
    *,
    basis: str = BASIS_RUN,
    org_code: str | None = None,
    cutoff: dt.date | None = None,
) -> Issue | None:
    """`org.period_start_differs` at the `Thông tin` cell of a file whose stated period start
    is not ``period_start`` (the run's); None when it is, or when the file states none (or
    one after ``cutoff``, or after its own cut-off without one: that is an error of its own).

    A later start leaves the file's changes and yearly figures before it out of the ward's
    totals; an earlier one has its changes before ``period_start`` not counted."""
    stated = _as_date(sub.info.get("period_start"))
    limit = cutoff or _as_date(sub.info.get("cutoff_date"))
    if stated is None or stated == period_start or (limit is not None and stated > limit):
        return None
    own = layout.layout_for(sub.template_version).info
    spec = own if own.has("period_start") else layout.INFO
    cell, header = spec.cell("period_start"), spec.field("period_start").header
    start, expected = f"{stated:%d/%m/%Y}", f"{period_start:%d/%m/%Y}"
    sheet = sub.sheet_name(layout.SHEET_INFO)  # as the file names it
    if stated > period_start:
        meaning = (
            f"biến động và số liệu năm từ ngày {expected} đến trước ngày {start} của tổ chức này "
            "không có trong tệp nên số liệu toàn phường của những năm đó thiếu phần của tổ chức này"
        )
        fix = f"ghi {expected} vào mục này và bổ sung biến động, số liệu năm từ ngày đó"
        founded, founded_years = _founded_advice(stated, period_start)
        founded_admissions = _founded_admissions(sub, stated, period_start)
    else:
        years = (
            f" và số liệu năm của các năm trước năm {period_start.year}"
            if stated.year < period_start.year
            else ""
        )
        meaning = f"các biến động trước ngày {expected}{years} ghi trong tệp không được tính khi tổng hợp"
        fix = f"ghi {expected} vào mục này và bỏ các biến động trước ngày đó"
        founded = founded_years = founded_admissions = ""
    return make_issue(
        "org.period_start_differs",
        file=sub.path.name,
        org_code=org_code or sub.org_code,
        sheet=sheet,
        cell=cell,
        column=header,
        value=start,
        where=where_cell(sheet, spec.row_of("period_start"), header, cell, info=True),
        start=start,
        expected=expected,
        basis=basis.format(expected=expected),
        meaning=meaning,
        fix=fix,
        founded=founded,
        founded_years=founded_years,  # a parameter of its own: each is cut at `MAX_PARAM_CHARS`
        founded_admissions=founded_admissions,
    )


def _founded_advice(stated: dt.date, period_start: dt.date) -> tuple[str, str]:
    """What an organisation founded after the run's period start (a chi bộ split off or set up
    mid-year, its `Số liệu từ ngày` its founding date) is to write, for `org.period_start_differs`
    (hunt199 F5): it lacks nothing, but its start makes the outputs say its changes are incomplete
    (`Tổng hợp` row 3, the report; the forms when it is inside their period) and, after the day
    after the last record's cut-off, switches the ward's opening check off (`history.opening`).
    The run's start keeps both right: it had no change before it existed, so none is to be
    added. Its `Số liệu năm` has no row of the years before its founding year, which
    `year.missing` then asks for: said here so that warning is read for what it is (the second
    text, empty when there is no such year)."""
    founded_on, ward_start = f"{stated:%d/%m/%Y}", f"{period_start:%d/%m/%Y}"
    text = (
        f" Nếu tổ chức này mới được thành lập (từ ngày {founded_on}), tệp không thiếu gì vì trước ngày "
        f"thành lập tổ chức chưa có biến động nào: vẫn hãy ghi {ward_start} (ngày bắt đầu kỳ của phường) "
        "vào mục này, không cần thêm dòng biến động nào, rồi gửi lại; để ngày thành lập thì kết quả "
        "tổng hợp ghi chú là biến động trong kỳ của tổ chức chưa đủ, và số đảng viên đầu kỳ của toàn "
        "phường có thể không được đối chiếu với lần tổng hợp trước."
    )
    before = list(range(period_start.year, stated.year))
    if not before:
        return text, ""
    years = f"năm {before[0]}" if len(before) == 1 else f"các năm {before[0]}–{before[-1]}"
    return text, (
        f" Sheet \u201c{layout.SHEET_YEARS}\u201d chỉ cần các năm từ năm thành lập ({stated.year}): "
        f"cảnh báo thiếu dòng của {years}, trước khi tổ chức được thành lập, khi đó không phải "
        "số liệu bị thiếu và không cần thêm các dòng ấy."
    )


def _founded_admissions(sub: Submission, stated: dt.date, period_start: dt.date) -> str:
    """What `_founded_advice`'s advice, followed, makes `event.admission_missing` say of an
    organisation founded on `stated`: its members admitted from `period_start` to before its
    founding were admitted elsewhere, before it existed, and once its file starts at the run's
    start each of them lacks a `Kết nạp` row it is not to add (h205: the advice said no change
    row was needed, and that warning then asked for one per such member). Their number only,
    never a name or a date of theirs; empty when there is none (or no members or changes sheet
    read, where that warning looks for no row). Counted as that warning finds them
    (`_admissions_to_be_missing`): a member who came with a joining row (“Chuyển đến” at the
    founding) gets no warning and is not counted (h252: the count exceeded the warnings). Said
    after `_founded_advice`'s "if it was founded" ("Khi đó"): a file that only wrote a wrong
    start is not told its members were admitted elsewhere."""
    before = _admissions_to_be_missing(sub, period_start, stated)
    if not before:
        return ""
    founded_on, ward_start = f"{stated:%d/%m/%Y}", f"{period_start:%d/%m/%Y}"
    return (
        f" Khi đó, {vnformat.number(before)} đảng viên của sheet \u201c{layout.SHEET_MEMBERS}\u201d vào "
        f"Đảng từ ngày {ward_start} đến trước ngày {founded_on} đã được kết nạp ở tổ chức khác, trước "
        f"khi tổ chức này được thành lập: khi tệp ghi {ward_start}, cảnh báo thiếu dòng \u201cKết nạp\u201d "
        "của những đảng viên ấy không phải thiếu sót và không cần thêm các dòng ấy."
    )


def _admissions_to_be_missing(sub: Submission, start: dt.date, before: dt.date) -> int:
    """How many members of `sub`'s roll admitted from `start` to before `before` would get
    `event.admission_missing` with `start` as the file's own: those with a name and a birth
    date (the warning keys a member so) and no joining row of theirs in `Biến động`
    (`validation.events.JOINING`: admitted, readmitted, transferred in, restored; matched by the
    name's `person_name_key` and the birth date, or the name alone on a row without a birth
    date, as the warning is not said beside one). A row typed with fewer accents than the
    member's name, which the warning may take as the member's, is not looked for: the count may
    then be one more than the warnings, never fewer. 0 when either sheet was not read."""
    from toolkit.core.vocab import person_name_key
    from toolkit.validation.events import JOINING

    members, events = sub.members, sub.events
    wanted = {"full_name", "birth_date"}
    if (
        members is None
        or events is None
        or members.empty
        or not {*wanted, "admission_date"} <= set(members.columns)
    ):
        return 0

    def keys(frame: pd.DataFrame) -> pd.Series:
        names = frame["full_name"]
        return names.map(lambda v: person_name_key(v) if isinstance(v, str) and v.strip() else None)

    admitted = pd.to_datetime(members["admission_date"], errors="coerce")
    born = pd.to_datetime(members["birth_date"], errors="coerce")
    member_keys = keys(members)
    window = (admitted >= pd.Timestamp(start)) & (admitted < pd.Timestamp(before))
    window &= born.notna() & member_keys.notna()
    joined: set[tuple[str, pd.Timestamp]] = set()
    undated: set[str] = set()
    if not events.empty and {*wanted, "event_type"} <= set(events.columns):
        joining = events[events["event_type"].isin(JOINING)]
        for key, birth in zip(
            keys(joining), pd.to_datetime(joining["birth_date"], errors="coerce"), strict=True
        ):
            if key is None:
                continue
            if pd.isna(birth):
                undated.add(key)
            else:
                joined.add((key, birth))
    return sum(
        1
        for key, birth in zip(member_keys[window], born[window], strict=True)
        if (key, birth) not in joined and key not in undated
    )


def check_period_starts(
    run: ValidationRun, *, cutoff: dt.date | None, since: dt.date | None, today: dt.date | None = None
) -> None:
    """`validate`'s `org.period_start_differs` (`_period_start_findings`), attached to the files
    and the run; should the rule crash, a `ward.check_failed` error naming it instead, every
    other issue kept (before hunt313, `validate` stopped with "Lỗi không mong đợi")."""
    try:
        found = _period_start_findings(run, cutoff=cutoff, since=since, today=today)
    except Exception as exc:  # a check that fails is said, never an empty result
        run.ward_issues.append(
            make_issue("ward.check_failed", reason=f"check_period_starts: {unexpected_cause(exc)}")
        )
        found = []
    run.add_issues(found)


def _period_start_findings(
    run: ValidationRun, *, cutoff: dt.date | None, since: dt.date | None, today: dt.date | None
) -> list[tuple[Submission, Issue]]:
    """The findings of `org.period_start_differs`: each file whose stated period start is not
    the one a consolidation would use — ``since`` (the settings' period start) when given, else
    the one most files state (`choose_period_start`) — with its warning. A report of another
    period left beside its organisation's file (`org.other_period_file`, the clerk's to move
    out) neither votes nor gets it: without a
    ``cutoff`` too, where validation found it against the cut-off most files state (fix140,
    review147). Without a ``cutoff``, the files not of the latest period (`off_the_latest_period`
    as of ``today``, validation's rule) do not vote either (review150 F1, F4): last year's
    reports of the organisations not yet sent get the warning as with a cutoff, a cut-off of
    a later period than today's gets `org.cutoff_differs` instead."""
    subs = run.submissions
    # A byte-identical copy (`Submission.copy_of`) is its file's: it neither votes nor gets it.
    other = [s.copy_of is not None or any(i.code == OTHER_PERIOD_FILE for i in s.issues) for s in subs]
    off = {} if cutoff is not None else off_the_latest_period(subs, today or dt.date.today())
    current = [s for index, s in enumerate(subs) if not other[index] and off.get(index) != AHEAD]
    if since is not None:
        reference, basis = since, BASIS_SETTINGS
    else:
        voters = [s for index, s in enumerate(subs) if not other[index] and index not in off]
        dates = [d for s in voters if (d := _as_date(s.info.get("period_start"))) is not None]
        if not dates:
            return []
        reference = (
            choose_period_start(voters, cutoff, None)
            if cutoff is not None
            else run_period_start(voters, None, None) or max(dates)
        )
        basis = BASIS_MAJORITY
    found = [
        (sub, issue)
        for sub in current
        if sub.readable and (issue := period_start_issue(sub, reference, basis=basis, cutoff=cutoff))
    ]
    return found


_SHEET_ATTR = ((layout.MEMBERS, "members"), (layout.EVENTS, "events"), (layout.YEARS, "years"))


def _included_frames(run: ValidationRun, included: Mapping[str, Submission]) -> dict[str, pd.DataFrame]:
    """The included submissions' rows, one frame per data sheet, each row tagged with its
    organisation's code in `grouped.ORG_KEY`, in submission order.

    The validation run already concatenated every submission's rows; the included ones are
    selected from those frames. For a run that carries no frame of a sheet, the included
    submissions' frames are concatenated here. A transfer without a scope that is the other
    side of a move another file says is inside the ward is counted as internal
    (`toolkit.core.transfers`), as validation says at its row (`event.transfer_scope_inferred`):
    judged over every file read, as validation judges it.
    """
    chosen = {id(sub): code for code, sub in included.items()}
    index_code = {i: chosen[id(s)] for i, s in enumerate(run.submissions) if id(s) in chosen}
    out: dict[str, pd.DataFrame] = {}
    for spec, attr in _SHEET_ATTR:
        columns = [*spec.frame_keys, "_row"]
        batch = run.frames.get(spec.name) if run.frames is not None else None
        if batch is not None and "_sub" in batch:
            if spec.name == layout.SHEET_EVENTS:
                batch = transfers.with_inferred_scopes(batch, "_sub")
            sub_ids = batch["_sub"].to_numpy()
            keep = np.isin(sub_ids, np.fromiter(index_code, dtype="int64", count=len(index_code)))
            rows = batch.loc[keep, columns].reset_index(drop=True)
            codes = np.array([None, *index_code.values()], dtype=object)
            lookup = np.zeros(len(run.submissions), dtype="int64")
            for pos, i in enumerate(index_code, start=1):
                lookup[i] = pos
            rows[grouped.ORG_KEY] = codes[lookup[sub_ids[keep]]]
            out[spec.name] = rows
            continue
        held = [(code, sub.sheet(attr)) for code, sub in included.items()]
        parts = [(code, df) for code, df in held if df is not None and len(df)]
        org = np.repeat(np.array([c for c, _ in parts], dtype=object), [len(df) for _, df in parts])
        rows = concat_frames([df for _, df in parts], columns, {grouped.ORG_KEY: org})
        if spec.name == layout.SHEET_EVENTS:
            rows = transfers.with_inferred_scopes(rows, grouped.ORG_KEY)
        out[spec.name] = rows
    return out


def consolidate(
    inputs: Sequence[Path],
    *,
    cutoff: dt.date,
    since: dt.date | None = None,
    registry: Registry | None = None,
    target_override: Mapping[int, int] | None = None,
    personal_data: bool = False,
    progress: Callable[[Path], None] | None = None,
    while_reading: Callable[[], object] | None = None,
    ward_name: str | None = None,
    form_from: dt.date | None = None,
    thresholds: Thresholds | None = None,
    reading: Reading | None = None,
    form_label: str | None = None,
    settings_book: SettingsBook | None = None,
) -> ConsolidationResult:
    """Validate every submission found in `inputs` and compute the ward's statistics.

    `while_reading` is work for this process while worker processes read the files (the
    edges pass `toolkit.outputs.publish.prepare`, which loads the writers they call next).
    `ward_name` names the ward in the official forms' heading; `form_from` starts the forms'
    reporting period, which ends at the cut-off (default: `default_form_period`); a start
    before the change period's start or after the cut-off raises `InputError`, whose message
    begins with `form_label`, how the caller's user set that start (its cell, `--form-period`).
    `thresholds` are the ward's settings of the rules (the defaults when None).
    `personal_data`: the issues keep the cells' values and the members' names and dates; by
    default they are masked (`Issue.without_personal_data`), as every output holds aggregates
    unless member-level data is asked for.
    `reading` is the reading of ``discover(inputs)`` when the caller has started it already
    (`toolkit.io.readmany.start_reading`): the command line starts it before it loads pandas
    and the writers, so the files are read meanwhile. It is closed here, whatever happens.
    `settings_book`: the button's workbook the settings were read from, whose cells the issues
    about a setting name (`rules.at_setting_cells`); None from the command line.
    """
    from toolkit.io.runtime import gc_paused

    # Hundreds of thousands of objects and no reference cycles: the cyclic collector only
    # walks them again and again (half a second of six for 1,000 files). Paused for the run.
    with gc_paused():
        return _consolidate(
            inputs,
            cutoff=cutoff,
            since=since,
            registry=registry,
            target_override=target_override,
            personal_data=personal_data,
            progress=progress,
            while_reading=while_reading,
            ward_name=ward_name,
            form_from=form_from,
            thresholds=thresholds,
            reading=reading,
            form_label=form_label,
            settings_book=settings_book,
        )


def form_period_for(
    form_from: dt.date | None, period_start: dt.date, cutoff: dt.date, label: str | None = None
) -> tuple[dt.date, dt.date]:
    """The forms' reporting period: `form_from` to the cut-off, or the default one; a start
    it cannot take (`form_period_problem`) raises `InputError`."""
    if form_from is None:
        return default_form_period(period_start, cutoff)
    problem = form_period_problem(form_from, period_start, cutoff, label)
    if problem is not None:
        raise InputError(problem)
    return form_from, cutoff


def form_period_problem(
    form_from: dt.date, period_start: dt.date | None, cutoff: dt.date, label: str | None = None
) -> str | None:
    """Why the forms' period cannot start on `form_from` (None: it can): a start after the
    cut-off, before the change period's start (the forms count only changes the submissions
    list), or more than 12 months before the cut-off. The message begins with `label`: how the
    user set the start (its cell on the buttons and with `--settings`, `--form-period` on the
    command line). `period_start` None: the run has not chosen it yet (the settings alone,
    before any file is read), and that bound waits for the run."""
    forms = f"{label}: kỳ báo cáo của {FORMS}" if label else f"Kỳ báo cáo của {FORMS}"
    if form_from > cutoff:
        return (
            f"{forms} bắt đầu ngày {form_from:%d/%m/%Y}, sau ngày chốt số liệu "
            f"{cutoff:%d/%m/%Y}: hãy ghi ngày bắt đầu không muộn hơn ngày chốt."
        )
    if period_start is not None and form_from < period_start:
        return (
            f"{forms} bắt đầu ngày {form_from:%d/%m/%Y}, trước ngày bắt đầu kỳ "
            f"tính biến động {period_start:%d/%m/%Y}: biến động trước ngày đó không có trong các "
            "tệp. Hãy chọn ngày bắt đầu từ ngày bắt đầu kỳ trở về sau."
        )
    # The day after last year's cut-off, as `same_period_last_year` takes it (28/02/2025 compares
    # with 29/02/2024, so its period starts on 01/03/2024 at the earliest).
    earliest = same_period_last_year((cutoff, cutoff))[1] + dt.timedelta(days=1)
    if form_from < earliest:  # its "same period last year" would overlap it
        return (
            f"{forms} từ ngày {form_from:%d/%m/%Y} đến ngày {cutoff:%d/%m/%Y} dài hơn "
            "12 tháng: cột “Cùng kỳ năm trước” của các biểu sẽ trùng một phần với chính kỳ này. Hãy "
            f"chọn ngày bắt đầu từ {earliest:%d/%m/%Y} trở về sau."
        )
    return None


def _no_candidates_left(sub: Submission, own: layout.TemplateLayout) -> bool | None:
    """Thông tin's answer to “Không còn quần chúng để kết nạp” (None: unknown)."""
    answer = sub.info.get("no_candidates_left")
    if not own.info.has("no_candidates_left") or (answer is None and sub.upgrade_not_completed):
        return None
    return answer == "yes"


def _add_form_figures(
    organisations: Sequence[OrgResult],
    indicators: dict[str, int | float],
    members: pd.DataFrame,
    events: pd.DataFrame,
    included: Mapping[str, Submission],
    form_period: tuple[dt.date, dt.date],
    other_dates: pd.Series | None = None,
) -> None:
    """The official forms' period figures (`toolkit.stats.period`) added to every included
    organisation's indicators and, as their sum, to the ward's (`other_dates`: as
    `period.compute_period_by_org` takes it)."""
    tiers = {o.org_code: o.org_tier for o in organisations}
    # An included submission has no errors: its Thông tin values are vocabulary codes. What its
    # template does not ask (2026.1) is unknown, never "Không"; so is an upgraded file's empty
    # answer while the file is not completed (`Submission.upgrade_not_completed`). Otherwise an
    # empty answer is "Không", as every empty yes/no cell is.
    own = {code: layout.layout_for(sub.template_version) for code, sub in included.items()}
    no_candidates = {code: _no_candidates_left(sub, own[code]) for code, sub in included.items()}
    by_org = period.compute_period_by_org(
        members,
        events,
        form_period=form_period,
        orgs=list(included),
        tiers=tiers,
        no_candidates_left=no_candidates,
        probationary_unrecorded=[
            c
            for c, spec in own.items()
            if not spec.events.has("was_probationary") or included[c].probationary_unanswered
        ],
        other_dates=other_dates,
    )
    for org_result in organisations:
        if org_result.org_code in by_org:
            org_result.indicators.update(by_org[org_result.org_code])
    indicators.update(period.ward_period(by_org))


def _checked(name: str, check: Callable[[], list[Issue]]) -> list[Issue]:
    """The issues of a rule the consolidation runs after validation (`name`: how the error
    names it); should it crash, one `ward.check_failed` error naming it, its type and where in
    the toolkit it was raised (`unexpected_cause`, never its text), so that the run goes on with
    its figures and every other issue, as a crashed check of `validation.run` does, never a run
    stopped with "Lỗi không mong đợi" and nothing written."""
    try:
        return list(check())
    except Exception as exc:  # a check that fails is said, never an empty result
        return [make_issue("ward.check_failed", reason=f"{name}: {unexpected_cause(exc)}")]


def _consolidate(
    inputs: Sequence[Path],
    *,
    cutoff: dt.date,
    since: dt.date | None = None,
    registry: Registry | None = None,
    target_override: Mapping[int, int] | None = None,
    personal_data: bool = False,
    progress: Callable[[Path], None] | None = None,
    while_reading: Callable[[], object] | None = None,
    ward_name: str | None = None,
    form_from: dt.date | None = None,
    thresholds: Thresholds | None = None,
    reading: Reading | None = None,
    form_label: str | None = None,
    settings_book: SettingsBook | None = None,
) -> ConsolidationResult:
    """`consolidate`, with the collector paused."""
    run = read_and_validate(inputs, registry, cutoff, thresholds, progress, while_reading, reading, since)
    # The registry the run used: not the template's example row alone (`registry.example_only`).
    registry = run.registry
    from toolkit import validation as validate  # loaded while the files were being read

    submissions: list[Submission] = run.submissions
    # A byte-identical copy of a file (`Submission.copy_of`) does not vote: its file does.
    voters = [s for s in submissions if s.copy_of is None]
    if since is not None and since > cutoff:
        raise WardStatsError(
            f"Ngày bắt đầu kỳ {since:%d/%m/%Y} sau ngày chốt số liệu {cutoff:%d/%m/%Y}: hãy kiểm tra lại."
        )
    period_start = choose_period_start(voters, cutoff, since)
    form_period = form_period_for(form_from, period_start, cutoff, form_label)
    across = form_period_across_years(form_from, cutoff, form_label) if form_from is not None else None

    # Each file's organisation (a file that cannot be used still has one: its excluded
    # organisation, never a missing one), each organisation's status and submission.
    attributed = validate.attribute(submissions, registry, cutoff)
    issues = [*run.ward_issues, *attributed.issues]  # those of no single file, then each file's
    if across is not None:  # a start left from the last period, most likely: said, forms written
        issues.append(across)

    indicators, roll_moves = _figures(
        run, attributed, registry, cutoff, period_start, form_period, target_override
    )
    # A rate over a target column typed for some organisations only, others admitting: said.
    # Each of these rules is a check run outside `validation.run`: one that crashes is a
    # `ward.check_failed` naming it, the figures and the other issues kept (`_checked`).
    partial = _checked(
        "partial_target_issues",
        lambda: ward.partial_target_issues(
            registry,
            attributed.organisations,
            indicators,
            period_years(period_start, cutoff),
            target_override,
        ),
    )
    issues += partial
    # A target no organisation could meet (above its members: a typo) is kept, and said.
    from toolkit.io.registry import implausible_target_issues, implausible_ward_target_issues

    issues += _checked(
        "implausible_target_issues",
        lambda: implausible_target_issues(
            registry, attributed.organisations, period_years(period_start, cutoff), cutoff, target_override
        ),
    )
    issues += _checked(
        "implausible_ward_target_issues",
        lambda: implausible_ward_target_issues(
            registry, attributed.organisations, indicators, cutoff, target_override
        ),
    )

    # A consolidated file that covers another period than the run's is counted all the same,
    # so it is said, at its `Thông tin` cell (before the issues lose their personal data).
    issues += _checked(
        "period_start_issue",
        lambda: [
            issue
            for code, sub in attributed.included.items()
            if (issue := period_start_issue(sub, period_start, org_code=code)) is not None
        ],
    )
    if since is not None:
        issues += _checked(
            "period_start_unmatched",
            lambda: period_start_unmatched(list(attributed.included.values()), since, cutoff),
        )
    ward_name = tidy_name(ward_name)
    if ward_name is None:  # the forms' heading would read "ĐẢNG ỦY PHƯỜNG" and nothing else
        issues.append(make_issue("ward.no_ward_name"))
    elif is_only_kind(ward_name):  # "Phường": the word, and no name after it
        issues.append(make_issue("ward.name_only_kind", value=ward_name, heading=ward_name.upper()))
    elif not names_its_kind(ward_name):  # "Hải Dương": "ĐẢNG ỦY HẢI DƯƠNG", another committee
        issues.append(make_issue("ward.name_without_kind", value=ward_name, heading=ward_name.upper()))
    issues = at_setting_cells(issues, settings_book)  # the button's: at its workbook's cells
    typed: set[str] = set()
    if not personal_data:  # and no code typed that is no code, hiding a name (hunt307 F2)
        masked = [i.without_personal_data() for i in issues]
        typed = typed_codes(masked)
        issues = without_typed_codes(masked, typed)
    issues.sort(key=issue_order_key)  # the order of `Kiểm tra` and the JSON summary
    counted = {o.org_code for o in attributed.organisations if o.status == "consolidated"}
    organisations, sources = _typed_codes_hidden(
        attributed.organisations, _sources(submissions, attributed, registry), typed
    )
    return ConsolidationResult(
        cutoff_date=cutoff,
        period_start=period_start,
        template_version=layout.TEMPLATE_VERSION,
        years=period_years(period_start, cutoff),
        indicators=indicators,
        organisations=organisations,
        issues=issues,
        sources=sources,
        personal_data=personal_data,
        ward_name=ward_name,
        form_period=form_period,
        roll_moves=roll_moves,
        name_accent_pairs=accent_pairs(issues, counted),
        target_years=frozenset(
            {y for o in (registry.organisations if registry is not None else []) for y in o.targets}
            | set(target_override or {})
        ),
        partial_target_years=frozenset(int(str(i.value)) for i in partial if i.code != "ward.check_failed"),
        registry_used=registry is not None,
        settings_book=settings_book,
    )


def _figures(
    run: ValidationRun,
    attributed: Attribution,
    registry: Registry | None,
    cutoff: dt.date,
    period_start: dt.date,
    form_period: tuple[dt.date, dt.date],
    target_override: Mapping[int, int] | None,
) -> tuple[dict[str, int | float], dict[str, moves.RollMoves]]:
    """The ward's indicators and each organisation's roll moves; every included
    organisation's indicators are set on its `OrgResult`."""
    organisations, included = attributed.organisations, attributed.included
    # Every organisation's frames, tagged with its code, in one frame per sheet: the
    # per-organisation figures come from one grouped pass, the ward's are their sums.
    frames = _included_frames(run, included)
    members, events, years = (frames[s.name] for s in layout.DATA_SHEETS)
    by_org = grouped.compute_indicators_by_org(
        members, events, years, cutoff=cutoff, period_start=period_start, orgs=list(included)
    )
    for org_result in organisations:
        if org_result.org_code in by_org:
            org_result.indicators = by_org[org_result.org_code]
    # Each internal transfer's other side, found once for the history's roll moves and Biểu 1.
    other_dates = transfers.other_side_dates(events, grouped.ORG_KEY)
    roll_moves = moves.roll_moves_by_org(
        events, period_start=period_start, cutoff=cutoff, orgs=list(included), other_dates=other_dates
    )
    submitted_orgs = [o for o in organisations if o.status != "missing"]
    # A row kept for a code the registry lacks is no registry organisation's submission: it is
    # counted apart (`orgs.unregistered`), so "Đã nộp" stays a part of the registry and the
    # organisations expected are the registry's and these (`stats.coverage`).
    registered_keys = registry.by_key() if registry is not None else None
    outside = (
        0
        if registered_keys is None
        else sum(1 for o in submitted_orgs if org_code_key(o.org_code) not in registered_keys)
    )
    # Tier and sector as the rest of the run has them (`Theo tổ chức`, the forms): each
    # organisation's `OrgResult`, the registry's value else its file's. With a registry, its
    # organisations (each has one result, "chưa nộp" included); without one, those that sent a file.
    if registry is not None:
        results = {org_code_key(o.org_code): o for o in organisations}
        counted: list[OrgResult | Organisation] = [
            results.get(org_code_key(org.org_code), org) for org in registry.organisations
        ]
    else:
        counted = list(submitted_orgs)
    indicators = ward.compute_ward_indicators(
        members,
        events,
        years,
        cutoff=cutoff,
        period_start=period_start,
        registry=registry,
        submitted=len(submitted_orgs) - outside,
        consolidated=sum(1 for o in organisations if o.status == "consolidated"),
        unregistered=outside,
        org_tiers=[o.org_tier for o in counted],
        org_sectors=[o.sector for o in counted],
        # A registry's organisation with no result is "chưa nộp" (every one has one, as a rule).
        not_consolidated_tiers=[
            o.org_tier for o in counted if getattr(o, "status", "missing") != "consolidated"
        ],
        target_override=target_override,
        # Every included organisation's rows are in the frames: the ward's counts are their sums.
        base=ward.summed_org_indicators(by_org.values(), period_years(period_start, cutoff)),
    )
    _add_form_figures(organisations, indicators, members, events, included, form_period, other_dates)
    return indicators, roll_moves


def read_and_validate(
    inputs: Sequence[Path],
    registry: Registry | None,
    cutoff: dt.date | None,
    thresholds: Thresholds | None,
    progress: Callable[[Path], None] | None,
    while_reading: Callable[[], object] | None,
    reading: Reading | None = None,
    since: dt.date | None = None,
) -> ValidationRun:
    """Every submission found in `inputs` (or being read by `reading`), read and validated
    (`NoSubmissionsError` when there is none, naming the folders and what they hold unread, or
    when every file is ward-stats' own).
    The folders' unread sub-folders and compressed files are warnings of the run. Shared by
    the consolidation and the button “Kiểm tra”."""
    from toolkit.io.readmany import reading_of

    # The files are read in worker processes where that pays; meanwhile this process loads
    # what validation needs, and does the caller's `while_reading` work.
    reading = reading_of(inputs, reading)
    try:
        from toolkit import validation as validate  # pandera: imported while the files are being read

        validate.prepare()
        if while_reading is not None:
            while_reading()
        read = reading.results(progress, inputs=inputs)
    except BaseException:  # Ctrl+C or a failure: the workers are stopped, not waited for
        reading.close(wait=False, stop=True)
        raise
    finally:
        reading.close()
    return validate.validate_read(
        read, registry=registry, cutoff=cutoff, thresholds=thresholds, folders=inputs, since=since
    )


def _typed_codes_hidden(
    organisations: list[OrgResult], sources: list[SourceFile], typed: set[str]
) -> tuple[list[OrgResult], list[SourceFile]]:
    """The organisations and files with each code typed that is no code (`typed`: a name typed
    into `Mã tổ chức`, masked in its `org.unknown`) in place of `[đã ẩn]` (`[đã ẩn] 2`… for a
    second): such a file, which nothing else ties to a registry organisation, is an organisation
    of that code for the run, named on the console, row 3 of `Tổng hợp`, `Theo tổ chức`,
    `Nguồn số liệu`, the JSON summary and the history (review314 F5). Its file still names it.
    Only ever an organisation excluded: `org.unknown` is an error."""
    if not typed:
        return organisations, sources
    stand_in = {code: HIDDEN if n == 1 else f"{HIDDEN} {n}" for n, code in enumerate(sorted(typed), start=1)}
    return (
        [replace(o, org_code=stand_in[o.org_code]) if o.org_code in stand_in else o for o in organisations],
        [
            replace(f, org_code=stand_in[f.org_code])
            if f.org_code is not None and f.org_code in stand_in
            else f
            for f in sources
        ],
    )


def _sources(
    submissions: Sequence[Submission], attributed: Attribution, registry: Registry | None
) -> list[SourceFile]:
    """One line per file read: its organisation, what became of it, and why. The organisation's
    name is the registry's when it is in the registry, as every other output names it (hunt249
    F3: `Nguồn số liệu` showed the name typed in the file, a secretary's note such as "Chi bộ
    Tổ dân phố số 5 (Bí thư Lê Văn A)" with a person's name in it); else the one typed in the
    file, else its organisation's."""
    from toolkit.validation import exclusion_reason, unreadable_reason

    included_ids = {id(s) for s in attributed.included.values()}
    org_names = {o.org_code: o.org_name for o in attributed.organisations}
    registered = registry.by_key() if registry is not None else {}

    def name(s: Submission) -> str | None:
        code = attributed.code_of.get(id(s))
        if code is not None and (org := registered.get(org_code_key(code))) is not None:
            return org.org_name
        return s.info.get("org_name") or org_names.get(code or "")

    return [
        SourceFile(
            file=s.path.name,
            path=s.path,
            org_code=attributed.code_of.get(id(s)),
            org_name=name(s),
            template_version=s.template_version,
            sha256=s.sha256,
            rows=s.rows_read,
            status=s.status,
            consolidated=id(s) in included_ids,
            seconds=round(s.read_seconds, 3),
            reason=None if id(s) in included_ids else exclusion_reason(s),
            upgraded_from=s.upgraded_from,
            upgrade_not_completed=s.upgrade_not_completed,
            not_read=unreadable_reason(s),
            copy_of=s.copy_of.name if s.copy_of is not None else None,
        )
        for s in submissions
    ]
