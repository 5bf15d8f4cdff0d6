"""The validation run: every check over all submissions at once, each inside a guard.

A per-file check runs once over the whole batch. Should it raise, it is run again on halves
of the batch, down to single files, so the files it fails on are found: each of those gets a
`file.check_failed` error naming the check, every other file keeps that check's issues. A
check that compares files (`ward`) and raises becomes one `ward.check_failed` error. Either
way every other check still runs: a crash never makes issues disappear.

A batch big enough to be read on several cores (`toolkit.io.readmany.worker_count`) has its
checks shared with a forked child, each process taking the next check not yet taken
(`toolkit.io.forked.SharedTurns`); their findings are put back in check order, so the issues
are exactly those of one process (tested). A child that fails in any way has the checks it took
run here.

Issues are attached to their submission in location order (sheet, row, column); a submission
with any error is not consolidated, warnings keep it in.
"""

from __future__ import annotations

import datetime as dt
import pickle
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, cast

import pandas as pd
import pandera.pandas as pa

from toolkit.core import layout
from toolkit.core.errors import unexpected_cause
from toolkit.core.model import Issue, Registry, SettingsBook, Submission
from toolkit.core.rules import (
    CORRECTIONS,
    HIDDEN,
    IF_EXCLUDED,
    at_setting_cells,
    issue_order_key,
    leaves_cell_unread,
    make_issue,
    place_in_file,
    typed_codes,
    without_typed_codes,
)
from toolkit.core.text import MAX_SHOWN_CHARS, file_labels, shown
from toolkit.core.thresholds import Thresholds
from toolkit.io.discover import discover, unread_entries
from toolkit.io.forked import Forked, SharedTurns
from toolkit.io.normalize import fmt_date
from toolkit.io.readmany import read_all, worker_count
from toolkit.io.registry import registry_in_use
from toolkit.validation import (
    attribution,
    columns,
    cross_file,
    duplicates,
    events,
    info,
    members,
    names,
    versions,
    years,
)
from toolkit.validation.context import Check, Context, identical_copies

# The order checks run in (issues of one cell keep it).
FILE_CHECKS: tuple[Check, ...] = (
    columns.info,
    info.period,
    info.prepared_on,
    info.cutoff_mismatch,
    info.registry,
    info.registry_name,
    info.file_name_of_other,
    columns.members,
    versions.members_to_fill,
    versions.old_occupation,
    columns.events,
    versions.transfer_scope,
    columns.years,
    names.odd_names,
    names.names_without_letters,
    members.before_party_founded,
    members.admission_age,
    members.admitted_after_cutoff,
    members.admission_education,
    members.official_too_early,
    members.official_late,
    members.official_before_readmission,
    members.admission_is_readmission,
    members.readmission_before_admission,
    members.probation_overdue,
    members.card_on_probationary,
    members.exempt_age,
    members.youth_union_age,
    members.age_implausible,
    members.temporary_exemption_long,
    members.exempt_incomplete,
    members.exempt_before_admission,
    members.exempt_before_readmission,
    members.working_away_flag,
    members.gender_name,
    members.note_left,
    events.before_party_founded,
    events.age_impossible,
    events.outside_period,
    events.readmission_before_period,
    events.strike_ground,
    events.expelled_probationary,
    events.probationary_contradicts,
    events.left_still_on_roll,
    events.roll_before_later_change,
    events.joined_not_on_roll,
    events.admission_missing,
    events.admission_date_differs,
    events.name_without_accents,
    events.duplicate,
    events.duplicate_accents,
    events.left_twice,
    events.joined_twice,
    years.outside_period,
    years.duplicate,
    years.missing,
    years.unrated,
    years.completed_gt_trained,
    years.excellent_share,
    years.ratings_exceed_members,
    years.rated_exceed_not_exempt,
    members.organisation,
    duplicates.people_in_file,
    duplicates.cards_in_file,
    duplicates.accents_in_file,
)
WARD_CHECKS: tuple[Check, ...] = (
    duplicates.people_across_files,
    duplicates.cards_across_files,
    duplicates.accents_across_files,
    events.internal_transfers,
    events.transfer_scope_inferred,
    events.transfer_dates_reversed,
    events.internal_transfer_accents,
    events.transfers_between_files_of_the_ward,
    events.once_in_two_organisations,
    events.left_in_other_file,
    events.moved_out_in_other_file,
    cross_file.duplicate_file,
    cross_file.cutoff_differs,
)


@dataclass
class ValidationRun:
    """All submissions of one run and all their issues: those that concern no single file
    (`ward_issues`) first, in the one order of a run's issues (`rules.issue_order_key`, as the
    `Kiểm tra` sheet: errors first, so that none sits after 70 warnings of organisations not
    sent, review211), then each file's in file order, then location."""

    submissions: list[Submission]
    issues: list[Issue] = field(default_factory=list)
    # The checked rows of every submission, one frame per data sheet, as the batch
    # concatenated them (`_sub` indexes `submissions`). Consolidation reuses them instead of
    # concatenating again.
    frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    ward_issues: list[Issue] = field(default_factory=list)
    # The run's cut-off, else the one its files are taken to state (`Context.run_cutoff`: most
    # files of the latest period's), None when neither: what tells a missing organisation's
    # file in a sub-folder of this period from last quarter's (`add_missing_organisations`).
    run_cutoff: dt.date | None = None
    # The registry the run checked the files against (`registry_in_use`): the one given, or None
    # when that holds only the template's example row and no file carries its code
    # (`registry.example_only`). What the caller uses after the checks: `org.missing`, the
    # consolidation's attribution and figures.
    registry: Registry | None = None

    @property
    def has_errors(self) -> bool:
        return any(i.is_error for i in self.issues)

    def add_issues(self, found: Sequence[tuple[Submission, Issue]]) -> None:
        """Issues found after the checks (`toolkit.pipeline.check_period_starts`): each
        attached to its submission in location order, and the run's list made again."""
        for sub, issue in found:
            _attach(sub, [issue])
        self._list_again()

    def at_setting_cells(self, book: SettingsBook | None) -> None:
        """The run's issues about a setting at the cells of the button's workbook `book` (the
        `Kiểm tra` button's run, `rules.at_setting_cells`), and the run's list made again."""
        self.ward_issues = at_setting_cells(self.ward_issues, book)
        self._list_again()

    def _list_again(self) -> None:
        """The run's issues made again: `ward_issues` in the one order (`issue_order_key`), then
        each file's."""
        self.ward_issues = sorted(self.ward_issues, key=issue_order_key)
        self.issues = [*self.ward_issues, *(i for s in self.submissions for i in s.issues)]

    def add_missing_organisations(self, inputs: Sequence[Path]) -> None:
        """`org.missing` for `validate` and the `Kiểm tra` button (a consolidation has its own,
        from the attribution it makes anyway): each registry organisation that sent no file, as
        the consolidation's attribution decides it (`attribution.attribute`, its messages and
        special cases: a file naming it under another code, a lone lock file…), so the clerk
        learns before “Tổng hợp” who has not sent (hunt206 R4). A warning of the run: among
        `ward_issues`, no file's, so neither a file's status nor a feedback workbook has it. The
        attribution's guard may give several error-free files of one organisation the error of
        the one-file rule (should that rule have crashed or missed them), as the consolidation
        would: the run's list is made again. The registry is the one the run used (`registry`):
        without one nothing is missing (nor with the template's example row alone,
        `registry.example_only`); nor when `inputs` (what the run was given) name a file: files
        named one by one are a selection of the folder, and the organisations not among them
        may well have sent theirs."""
        registry = self.registry
        if registry is None or not all(_is_folder(p) for p in inputs):
            return
        try:
            attributed = attribution.attribute(self.submissions, registry, self.run_cutoff)
            found = [i for i in attributed.issues if i.code == "org.missing"]
        except Exception as exc:  # a check that fails is said, never an empty result
            found = [_failure("ward.check_failed", "org.missing", exc)]
        self.ward_issues = [*self.ward_issues, *found]
        self._list_again()

    def mask_personal_data(self) -> None:
        """Every issue of the run, the submissions' own too, with the cells' values and the
        members' names and dates masked (`Issue.without_personal_data`): what `validate` and the
        `Kiểm tra` button show unless member-level data is asked for."""
        # Codes typed that are no code (a name, hunt307 F2), hidden wherever an issue quotes them
        # (another file's, the run's: review314).
        typed = set().union(*(typed_codes(sub.issues) for sub in self.submissions))
        for sub in self.submissions:
            sub.issues = without_typed_codes([i.without_personal_data() for i in sub.issues], typed)
            # A code typed that is no code is masked in its issue: the file names no code either
            # (the JSON's `files`, the screen's heading, its feedback's), nor a copy of it.
            if sub.org_code and sub.org_code in typed:
                sub.info = {**sub.info, "org_code": None}
        self.ward_issues = without_typed_codes([i.without_personal_data() for i in self.ward_issues], typed)
        self._list_again()

    def files(self) -> list[dict[str, Any]]:
        """Each file as `validate --json` lists it: named as the messages name it (`file_labels`:
        by its path from the folders' common one when another file read has the same name),
        with its path as found."""
        labels = file_labels(s.path for s in self.submissions)
        return [
            {"file": labels[s.path], "path": str(s.path), "org_code": s.org_code, "status": s.status}
            for s in self.submissions
        ]

    def to_json(self) -> dict[str, Any]:
        """The `validate --json` document: every file with its status, then every issue (an issue
        of a file whose name another file read shares names it as `files` does)."""
        labels = file_labels(s.path for s in self.submissions)
        relabel = {
            id(issue): labels[s.path]
            for s in self.submissions
            if labels[s.path] != unicodedata.normalize("NFC", s.path.name)
            for issue in s.issues
        }
        issues = []
        for issue in self.issues:
            found = issue.to_json()
            if id(issue) in relabel:
                found["file"] = relabel[id(issue)]
            issues.append(found)
        return {"files": self.files(), "issues": issues}


def _is_folder(path: Path) -> bool:
    try:
        return Path(path).is_dir()
    except OSError:  # not to be looked at (it was read all the same): not a folder then
        return False


def validate_submission(
    sub: Submission,
    *,
    registry: Registry | None = None,
    cutoff: dt.date | None = None,
    today: dt.date | None = None,
    thresholds: Thresholds | None = None,
) -> list[Issue]:
    """Run the per-file rules on one submission; appends to ``sub.issues`` and returns them all."""
    found, _, _, _ = _check_all(
        [sub], registry=registry, cutoff=cutoff, today=today, thresholds=thresholds, ward=False
    )
    _attach(sub, found[0])
    return list(sub.issues)


def validate_each(
    subs: Sequence[Submission],
    *,
    registry: Registry | None = None,
    cutoff: dt.date | None = None,
    today: dt.date | None = None,
    thresholds: Thresholds | None = None,
) -> None:
    """`validate_submission` of several submissions in one pass: each per-file check runs once
    over the batch, as in a run (no check comparing files); the issues are added to each."""
    batch = list(subs)
    if not batch:
        return
    found, _, _, _ = _check_all(
        batch, registry=registry, cutoff=cutoff, today=today, thresholds=thresholds, ward=False
    )
    for sub, issues in zip(batch, found, strict=True):
        _attach(sub, issues)


def validate_files(
    paths: Sequence[Path],
    *,
    registry: Registry | None = None,
    cutoff: dt.date | None = None,
    progress: Callable[[Path], None] | None = None,
    today: dt.date | None = None,
    thresholds: Thresholds | None = None,
) -> ValidationRun:
    """Read and validate files and folders: per-file rules plus the cross-file checks."""
    subs = read_all(discover(paths), progress=progress)
    return validate_read(
        subs, registry=registry, cutoff=cutoff, today=today, thresholds=thresholds, folders=paths
    )


def validate_read(
    subs: list[Submission],
    *,
    registry: Registry | None = None,
    cutoff: dt.date | None = None,
    today: dt.date | None = None,
    thresholds: Thresholds | None = None,
    folders: Sequence[Path] = (),
    since: dt.date | None = None,
) -> ValidationRun:
    """Validate submissions already read (`validate_files` without the reading).

    ``thresholds`` are the ward's settings of the rules (old-age exemption ages); the
    defaults when None. `folders` are the files and folders the submissions were found in:
    a sub-folder holding spreadsheets, which is not read, is a warning of the run. `since` is
    the run's period start when the caller sets one (`--since`, the settings' cell); else the
    one most files state (`Context.run_start`). A registry holding only the template's example
    row, whose code no file carries, is not used (`registry_in_use`): the run is one without a
    registry, and says so (beside the registry's own warnings); `ValidationRun.registry` is the
    registry the run used."""
    given = registry
    registry, example_only = registry_in_use(registry, subs)
    found, ward_issues, frames, run_cutoff = _check_all(
        subs, registry=registry, cutoff=cutoff, today=today, thresholds=thresholds, ward=True, since=since
    )
    # The sheet's own warnings stay beside `registry.example_only`: rows typed under an empty
    # row (`registry.below_table`) are why a sheet the clerk filled holds the example alone.
    registry_warnings = given.warnings if given is not None else []
    if example_only is not None:
        registry_warnings = [example_only, *registry_warnings]
    try:  # a byte-identical copy is no file of its own (`Submission.copy_of`)
        unmatched = cutoff_unmatched([s for s in subs if s.copy_of is None], cutoff)
    except Exception as exc:  # a check that fails is said, never an empty result
        unmatched = [_failure("ward.check_failed", "cutoff_unmatched", exc)]
    unread = unread_entries(folders, [s.path for s in subs])
    ward_issues = [*unmatched, *registry_warnings, *unread, *ward_issues]
    for index, sub in enumerate(subs):
        _attach(sub, found[index])
        _reword_excluded(sub)
    attribution.say_only_clean(subs)  # every file's errors known now
    run = ValidationRun(
        subs, frames=frames, ward_issues=ward_issues, run_cutoff=run_cutoff, registry=registry
    )
    run._list_again()
    return run


def _reword_excluded(sub: Submission) -> None:
    """A warning that says its file is consolidated ("Tệp được tổng hợp như báo cáo cuối…",
    `rules.IF_EXCLUDED`) says, of a file an error excludes, that it will be once the errors are
    fixed (hunt134 F2): still said, since its advice (write the list if the organisation has
    members) is for the same resending as the errors' (review136 §6)."""
    if sub.has_errors:
        sub.issues = [_as_excluded(i) if i.code in IF_EXCLUDED else i for i in sub.issues]


def _as_excluded(issue: Issue) -> Issue:
    said, instead = IF_EXCLUDED[issue.code]
    private = issue.private_message
    return replace(
        issue,
        message=issue.message.replace(said, instead),
        private_message=private.replace(said, instead) if private is not None else None,
    )


def cutoff_unmatched(subs: Sequence[Submission], cutoff: dt.date | None) -> list[Issue]:
    """`ward.cutoff_unmatched`: no file has the run's cut-off, and at least two files, more
    than half of those with one, share another (`cross_file.majority_elsewhere`): most likely
    the run's cut-off was mistyped (every file then has its own `org.cutoff_mismatch`, and
    nothing says why they all do)."""
    if cutoff is None:
        return []
    dates = [d.date() if isinstance(d, dt.datetime) else d for s in subs if (d := s.info.get("cutoff_date"))]
    found = cross_file.majority_elsewhere([d for d in dates if isinstance(d, dt.date)], cutoff)
    if found is None:
        return []
    common, count = found
    return [
        make_issue(
            "ward.cutoff_unmatched",
            value=fmt_date(common),
            expected=fmt_date(cutoff),
            count=f"{count}/{len(subs)}",
        )
    ]


def prepare() -> None:
    """Do now the one-off work of the first validation: pandera loads its checks and backends
    on first use (a quarter of a second). Called while files are being read."""
    today = dt.date.today()
    for spec in layout.DATA_SHEETS:
        schema = columns.sheet_schema(spec.name, today)
        empty = pd.DataFrame({name: pd.Series(dtype=str(col.dtype)) for name, col in schema.columns.items()})
        try:
            schema.validate(empty, lazy=True)
        except pa.errors.SchemaErrors:
            pass


# --------------------------------------------------------------------------------------------
# Running the checks, each inside its guard
# --------------------------------------------------------------------------------------------


def _failure(code: str, what: str, exc: Exception, sub: Submission | None = None) -> Issue:
    # Its type and where in the toolkit it was raised, for support; never its text, which may
    # quote a member's data (`unexpected_cause`).
    reason = f"{what}: {unexpected_cause(exc)}"
    if sub is None:
        return make_issue(code, reason=reason)
    return make_issue(code, file=sub.path.name, org_code=sub.org_code, reason=reason)


def _context(subs: list[Submission], **kw: Any) -> tuple[Context, dict[int, Exception]]:
    """The batch context, and the submissions it could not take in (each with its exception):
    should building it fail, each submission is tried alone and the failing ones left out."""
    try:
        return Context(subs, **kw), {}
    except Exception:
        pass
    failed: dict[int, Exception] = {}
    for index in range(len(subs)):
        try:
            Context(subs, scope=[index], **kw)
        except Exception as exc:
            failed[index] = exc
    scope = [i for i in range(len(subs)) if i not in failed]
    try:
        return Context(subs, scope=scope, **kw), failed
    except Exception as exc:  # the files fail only together: none can be checked
        return Context(subs, scope=[], **kw), dict.fromkeys(range(len(subs)), exc)


def _check_all(
    subs: list[Submission],
    *,
    registry: Registry | None,
    cutoff: dt.date | None,
    today: dt.date | None,
    thresholds: Thresholds | None,
    ward: bool,
    since: dt.date | None = None,
) -> tuple[list[list[Issue]], list[Issue], dict[str, pd.DataFrame], dt.date | None]:
    """Each submission's new issues, the issues of no single file, the batch frames, and the
    cut-off the run tells periods by (`Context.run_cutoff`).

    A code typed loosely is read as its registry code first (`read_codes_loosely`), so that
    every check sees the organisation's own code."""
    # The steps before the checks are checks too: a crash is a `ward.check_failed` naming
    # it, never a run stopped (a code typed loosely is then unknown, a copy its organisation's
    # second file: errors of their own, so nothing is counted twice).
    early: list[Issue] = []
    try:
        found = attribution.read_codes_loosely(subs, registry)
    except Exception as loose_exc:
        found = [[] for _ in subs]
        early.append(_failure("ward.check_failed", "read_codes_loosely", loose_exc))
    try:  # a name the reader could not read is the registry's when the code is (fix373)
        attribution.name_from_registry(subs, registry)
    except Exception as name_exc:
        early.append(_failure("ward.check_failed", "name_from_registry", name_exc))
    try:  # a correction of the name typed shows its value again where the name is shown anyway
        attribution.show_org_names_read(subs, registry)
    except Exception as names_exc:
        early.append(_failure("ward.check_failed", "show_org_names_read", names_exc))
    if ward:
        try:
            _mark_copies(subs, found, lambda group: bool(attribution.named_for_other(group, registry)))
        except Exception as copies_exc:
            early.append(_failure("ward.check_failed", "identical_copies", copies_exc))
    ctx, failed = _context(
        subs, registry=registry, cutoff=cutoff, today=today, thresholds=thresholds, since=since
    )
    for index, exc in failed.items():
        found[index].append(_failure("file.check_failed", "context", exc, subs[index]))
    file_findings, ward_results = _findings_of_checks(ctx, ward=ward, parallel=worker_count(len(subs)) > 1)
    for findings in file_findings:
        for index, issue in findings:
            found[index].append(issue)
    ward_issues: list[Issue] = early
    for findings, failure in ward_results:
        if failure is not None:
            ward_issues.append(failure)
        for index, issue in findings:
            found[index].append(issue)
    return found, ward_issues, ctx.frames, ctx.run_cutoff


def _mark_copies(
    subs: Sequence[Submission],
    found: list[list[Issue]],
    named_for_other: Callable[[list[Submission]], bool],
) -> None:
    """Mark each byte-identical copy of an organisation's file (`identical_copies`, none named
    for another organisation: `named_for_other`) with the file used (`Submission.copy_of`): its
    only issue is `org.identical_copy`, naming both files. The reader's findings of a copy are
    those of the file used, said there once."""
    for sub in subs:
        sub.copy_of = None
    copies = identical_copies(subs, named_for_other)  # before any file is marked: a crash marks none
    for index, kept in copies.items():
        sub, used = subs[index], subs[kept]
        labels = file_labels([sub.path, used.path])
        sub.copy_of = used.path
        sub.issues = []
        found[index] = [
            make_issue(
                "org.identical_copy",
                file=sub.path.name,
                org_code=sub.org_code,
                value=sub.org_code,
                listed=True,  # an organisation's code: no one's
                copy=labels[sub.path],
                kept=labels[used.path],
            )
        ]


Findings = list[tuple[int, Issue]]  # (index of the submission, issue) of one check
# A check comparing files: its findings, or the `ward.check_failed` error of its crash.
WardResult = tuple[Findings, Issue | None]


def _findings_of_checks(
    ctx: Context, *, ward: bool, parallel: bool
) -> tuple[list[Findings], list[WardResult]]:
    """The findings of each of `FILE_CHECKS`, in their order, and with `ward` the result of
    each of `WARD_CHECKS`. With `parallel`, the checks are shared with a forked child
    (`toolkit.io.forked.Forked`): each process takes the next check not yet taken
    (`SharedTurns`) when done with its last, so both finish together however unequal the
    checks (an even split by position left this process idle a third of the time, waiting for
    the child's share with the heaviest checks); should the child fail, the checks it took are
    run here. The work most checks share is done once before the fork (`events.share_work`),
    not once in each process. Which process ran a check changes nothing of what it found."""
    ward_checks = WARD_CHECKS if ward else ()
    # A file of another period beside its organisation's file of the cut-off is compared with
    # no other file (`Context.compared`, hunt134 F2).
    compared = ctx.compared() if ward_checks else ctx
    if not parallel:
        file_findings = [_findings(ctx, chk) for chk in FILE_CHECKS]
        return file_findings, [_ward_result(compared, chk) for chk in ward_checks]
    events.share_work(ctx)
    if compared is not ctx:
        events.share_work(compared)
    jobs: list[Callable[[], Findings | WardResult]] = [
        *(partial(_findings, ctx, chk) for chk in FILE_CHECKS),
        *(partial(_ward_result, compared, chk) for chk in ward_checks),
    ]
    turns = SharedTurns(len(jobs))

    def work() -> dict[int, Findings | WardResult]:
        done: dict[int, Findings | WardResult] = {}
        while (i := turns.take()) is not None:
            done[i] = jobs[i]()
        return done

    try:
        child = Forked(lambda: pickle.dumps(work()))
        try:
            done = work()
            done.update(pickle.loads(child.result()))
        except BaseException:
            child.cancel()
            raise
    finally:
        turns.close()
    for i, job in enumerate(jobs):  # taken by a child that failed: run here
        if i not in done:
            done[i] = job()
    count = len(FILE_CHECKS)
    file_findings = [cast(Findings, done[i]) for i in range(count)]
    return file_findings, [cast(WardResult, done[count + i]) for i in range(len(ward_checks))]


def _ward_result(ctx: Context, chk: Check) -> WardResult:
    """A ward check's findings, or the error of its crash (every other check still runs)."""
    view = ctx.for_check(chk)
    try:
        chk(view)
    except Exception as exc:
        return [], _failure("ward.check_failed", chk.name, exc)
    return list(view.pending), None


def _findings(ctx: Context, chk: Check) -> Findings:
    found: list[list[Issue]] = [[] for _ in ctx.subs]
    _run_file_check(ctx, chk, ctx.indices, found)
    return [(index, issue) for index, issues in enumerate(found) for issue in issues]


def _run_file_check(
    ctx: Context, chk: Check, indices: Sequence[int], found: list[list[Issue]], *, whole: bool = True
) -> None:
    """Run ``chk`` on the submissions ``indices``; should it raise, run it on each half, down
    to the single files it fails on (they get `file.check_failed`)."""
    if not indices:
        return
    view = ctx.for_check(chk, None if whole else indices)
    try:
        chk(view)
    except Exception as exc:
        if len(indices) == 1:
            found[indices[0]].append(_failure("file.check_failed", chk.name, exc, ctx.subs[indices[0]]))
            return
        middle = len(indices) // 2
        _run_file_check(ctx, chk, indices[:middle], found, whole=False)
        _run_file_check(ctx, chk, indices[middle:], found, whole=False)
    else:
        _commit(view, found)


def _commit(view: Context, found: list[list[Issue]]) -> None:
    for index, issue in view.pending:
        found[index].append(issue)


# --------------------------------------------------------------------------------------------
# Ordering and attaching
# --------------------------------------------------------------------------------------------


def _attach(sub: Submission, new: list[Issue]) -> None:
    seen = {(i.code, i.sheet, i.cell, i.message) for i in sub.issues}
    # A cell the reader could not read a value from (an error value `#REF!`, a date it could
    # not read, a number that is no date) was read as empty: what the checks say of that empty
    # cell ("no official date yet") is not what was typed, and the reader's error says it all
    # (as the reader drops its own findings at an error value's cell).
    errors = {(i.sheet, i.cell) for i in sub.issues if leaves_cell_unread(i.code)}
    for issue in new:
        key = (issue.code, issue.sheet, issue.cell, issue.message)
        if errors and issue.cell and (issue.sheet, issue.cell) in errors:
            continue
        if key not in seen:
            seen.add(key)
            sub.issues.append(issue)
    if sub.read_as:
        sub.issues = [_quote_as_typed(i, sub.read_as) for i in sub.issues]
    if sub.hidden_columns:
        sub.issues = [_say_column_hidden(i, sub.hidden_columns) for i in sub.issues]
    sub.issues.sort(key=place_in_file)  # stable: issues of one cell keep the order they were found in


def _quote_as_typed(issue: Issue, read_as: dict[str, dict[str, str]]) -> Issue:
    """The issue, quoting what its cell holds beside the value read from it, when the reader
    read a dropdown's value other than typed (hunt169 F6: "Tiểu học" quoted where the cell
    holds "Cấp I", which the secretary then looks for in vain): `“Cấp I” (đọc là “Tiểu
    học”)`, and the issue's value is the cell's text. The corrections themselves
    (`rules.CORRECTIONS`) already say both; a message that does not quote the value read is
    kept."""
    if issue.cell is None or issue.value is None or issue.code in CORRECTIONS:
        return issue
    held = read_as.get(issue.sheet or "", {}).get(issue.cell)
    typed = shown(held, MAX_SHOWN_CHARS) if held is not None else None
    if typed is None or typed == issue.value:
        return issue
    quoted = f"\u201c{issue.value}\u201d"
    both = f"\u201c{typed}\u201d (đọc là {quoted})"
    if quoted not in issue.message or both in issue.message:
        return issue
    private = issue.private_message
    if issue.personal:
        # What a member's cell holds is the member's value: the message without personal data
        # (`private_message`, or the message itself when it has none) may still quote the value
        # read where it is the rule's own (`member.exempt_age`'s reason), but never the cell's
        # text (hunt245: "Miễn vì “tuoi cao suc khoe yeu”" reached the JSON summary).
        masked = private if private is not None else issue.message
        hidden = f"\u201c{HIDDEN}\u201d (đọc là {quoted})"
        private = masked.replace(quoted, hidden, 1) if quoted in masked else masked
    elif private and quoted in private:
        private = private.replace(quoted, both, 1)
    message = issue.message.replace(quoted, both, 1)
    return replace(issue, message=message, value=typed, private_message=private)


# A cell's reference in an issue's `cell` ("E4", "E3–E5, E7").
_CELL_REFS_RE = re.compile(r"\b([A-Z]{1,3})[0-9]+\b")


def _say_column_hidden(issue: Issue, hidden: dict[str, list[tuple[int, int]]]) -> Issue:
    """The issue, saying that the column of its cell is hidden when it is (hunt169 F5): its
    `Kiểm tra` link and feedback row name a cell the secretary does not see. Said once (an
    issue already saying so, `_attach` run again, is kept), and not by `cell.hidden_column`,
    which is the warning of the hidden columns themselves."""
    spans = hidden.get(issue.sheet or "")
    if not spans or not issue.cell or issue.code == "cell.hidden_column":
        return issue
    letters: list[str] = []
    for letter in _CELL_REFS_RE.findall(issue.cell):
        col = 0
        for ch in letter:
            col = col * 26 + ord(ch) - 64
        if letter not in letters and any(low <= col <= high for low, high in spans):
            letters.append(letter)
    if not letters:
        return issue
    if len(letters) == 1:
        note = f"Cột {letters[0]} đang bị ẩn: hãy bỏ ẩn cột để thấy ô."
    else:
        note = f"Các cột {', '.join(letters)} đang bị ẩn: hãy bỏ ẩn các cột để thấy ô."
    if issue.message.endswith(note):
        return issue

    def noted(message: str) -> str:
        return f"{message}{'' if message.endswith(('.', '?', '!', ')')) else '.'} {note}"

    private = issue.private_message
    return replace(issue, message=noted(issue.message), private_message=noted(private) if private else None)
