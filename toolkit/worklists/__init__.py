"""The work lists of the office, drawn from the roster of every usable submission.

Four lists, one module each, each rule a small pure function tested at its boundaries:

- `probation`: `Dự bị đến hạn`, probationary members due for recognition;
- `badges`: `Huy hiệu Đảng`, members reaching 30, 40 … 90 years of party age by an award
  date of the coming twelve months;
- `exemptions`: `Miễn, tạm miễn`, temporary exemptions over a year old, old-age exemptions
  below the age;
- `working_away`: `Đi làm ăn xa`, members working away and their exemption state.

`collect.work_lists` applies them to submissions already read; `build_work_lists` (here)
reads and validates a folder first and keeps only the submissions without errors, as
consolidation does. The lists name people: `toolkit.outputs.worklists` writes them only to
the file the user names, and nothing here feeds the consolidated workbook or its JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.core.model import Issue, Registry, Submission
from toolkit.core.rules import SAID_FIRST
from toolkit.core.thresholds import DEFAULT_THRESHOLDS, Thresholds
from toolkit.worklists.model import WorkList
from toolkit.worklists.off_roll import OffRoll, off_roll

if TYPE_CHECKING:
    from toolkit.io.readmany import Reading

__all__ = ["WorkListsResult", "build_work_lists", "check_cutoff", "usable"]


@dataclass
class WorkListsResult:
    """The lists of one run, and the submissions they were drawn from."""

    cutoff: dt.date
    lists: tuple[WorkList, ...]
    submissions: list[Submission]  # every file read, usable or not
    # Issues of no single file: sub-folders whose spreadsheets were not read.
    folder_issues: tuple[Issue, ...] = ()
    # The run's own issues that explain many files' errors (`rules.SAID_FIRST`: a cut-off no
    # file has), and `registry.example_only` (the template's example row alone was not used as
    # the registry: who has not sent is not known, said where a registry's run names them).
    run_issues: tuple[Issue, ...] = ()
    # `org.missing`: each registry organisation that sent no file, in the registry's order (its
    # members are in no list).
    missing: tuple[Issue, ...] = ()
    # How many organisations the registry has (None without a registry).
    organisations: int | None = None
    # A missing organisation's code → (a used file named for it, the code that file holds): its
    # members are listed under that code (`org.file_name_of_other`).
    named_for: dict[str, tuple[str, str]] = field(default_factory=dict)
    # A missing organisation's code → (a spreadsheet named for it in a sub-folder not read, that
    # sub-folder's path under the submissions folder): it may have sent its file there.
    unread_named: dict[str, tuple[str, str]] = field(default_factory=dict)
    # id(submission) → the organisation code consolidation files it under (`Attribution.code_of`:
    # the registry's H03 for a file named H03.xlsx whose code cell says CB03, or is empty), or
    # None when it files it under none.
    attributed: dict[int, str | None] = field(default_factory=dict)
    # The `Biến động` rows of the used files whose person is on no roll (`off_roll`): a member
    # moving between two organisations of the ward not yet received, someone admitted but not on
    # the roll. They are in no list, which the coverage line and the console say.
    off_roll: tuple[OffRoll, ...] = ()
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))

    @property
    def used(self) -> list[Submission]:
        return [s for s in self.submissions if usable(s)]

    @property
    def left_out(self) -> list[Submission]:
        """The files not used for their errors (a byte-identical copy of a file used,
        `Submission.copy_of`, is neither used nor left out: its members are that file's)."""
        return [s for s in self.submissions if not usable(s) and s.copy_of is None]

    @property
    def files_read(self) -> int:
        """The files read, a byte-identical copy of a file used not counted (`copies`)."""
        return len(self.submissions) - self.copies

    @property
    def copies(self) -> int:
        """How many files read are byte-identical copies of a file used (`Submission.copy_of`)."""
        return sum(1 for s in self.submissions if s.copy_of is not None)

    def org_code_of(self, sub: Submission) -> str | None:
        """The organisation a file read is filed under, as consolidation files it (the code its
        `Thông tin` gives when the attribution is not known)."""
        return self.attributed.get(id(sub), sub.org_code) or None

    @property
    def missing_codes(self) -> list[str]:
        """The codes of the registry organisations that sent no file."""
        return [i.org_code or "" for i in self.missing]

    @property
    def complete(self) -> bool:
        """Whether every file read was used and every registry organisation sent one: else
        some members are in no list (the `lists` command exits with 1)."""
        return not self.left_out and not self.missing


def usable(sub: Submission) -> bool:
    """A submission the lists use: read, attributed to an organisation, without any error
    (the rule consolidation applies), and no byte-identical copy of a file used."""
    return bool(sub.org_code) and sub.readable and not sub.has_errors and sub.copy_of is None


def check_cutoff(cutoff: dt.date) -> None:
    """Refuse, with `InputError`, a cut-off too late for the lists' dates: they reach 12 months
    after it and party ages of up to 90 years after an admission before it, and the calendar
    ends with year 9999 (a cut-off typed in year 9999 is a slip, which validation answers as a
    cut-off no file has; the lists cannot be drawn at it)."""
    from toolkit.core import vnformat
    from toolkit.core.errors import InputError
    from toolkit.worklists.badges import MILESTONES

    last_year = dt.MAXYEAR - max(MILESTONES) - 1
    if cutoff.year > last_year:
        raise InputError(
            f"Ngày chốt số liệu {vnformat.message_date(cutoff)} quá xa: danh sách tính các ngày đến 12 tháng "
            f"sau ngày chốt và đến {max(MILESTONES)} năm tuổi đảng, mà lịch chỉ tính được đến năm "
            f"{dt.MAXYEAR}. Hãy kiểm tra lại năm của ngày chốt (ngày chốt phải trước năm "
            f"{last_year + 1})."
        )


def build_work_lists(
    inputs: Sequence[Path],
    *,
    cutoff: dt.date,
    registry: Registry | None = None,
    thresholds: Thresholds | None = None,
    progress: Callable[[Path], None] | None = None,
    reading: Reading | None = None,
) -> WorkListsResult:
    """Read and validate the submissions in `inputs` (files or folders) at `cutoff`, and draw
    the four lists from those without errors; ``thresholds`` are the ward's settings (the
    defaults when None), for validation and the exemptions list alike. `reading` is the
    reading of ``discover(inputs)`` when the caller has started it (as `consolidate` takes it);
    it is closed here, whatever happens."""
    from toolkit.io.readmany import reading_of
    from toolkit.validation import attribute, validate_read
    from toolkit.worklists.collect import work_lists

    check_cutoff(cutoff)  # before any file is read (a caller's reading is stopped by the caller)
    reading = reading_of(inputs, reading)
    thresholds = thresholds or DEFAULT_THRESHOLDS
    read = reading.results(progress, inputs=inputs)
    run = validate_read(read, registry=registry, cutoff=cutoff, thresholds=thresholds, folders=inputs)
    registry = run.registry  # not the template's example row alone (`registry.example_only`)
    # Consolidation's attribution, for its guard: should several error-free files still name
    # one organisation (the one-file rule crashed or missed them), each gets that rule's error
    # and none is used, so nobody is listed twice.
    # Its `org.missing` issues are kept: a registry organisation without a file has no member
    # in the lists, which the console and the workbook say.
    attribution = attribute(run.submissions, registry, cutoff)
    missing = tuple(i for i in attribution.issues if i.code == "org.missing")
    used = [s for s in run.submissions if usable(s)]
    # Every file read may record the death of a member of another: such members are marked.
    ward = [s for s in run.submissions if s.readable and s.copy_of is None]
    lists = work_lists(used, cutoff=cutoff, registry=registry, thresholds=thresholds, ward=ward)
    folder_issues = tuple(i for i in run.ward_issues if i.code.startswith("folder."))
    run_issues = tuple(
        i for i in run.ward_issues if i.code in SAID_FIRST or i.code == "registry.example_only"
    )
    return WorkListsResult(
        named_for=_named_for(missing, used, registry),
        unread_named=_named_in_unread(missing, folder_issues, inputs, attribution.below),
        cutoff=cutoff,
        lists=lists,
        submissions=run.submissions,
        folder_issues=folder_issues,
        run_issues=run_issues,
        missing=missing,
        organisations=len(registry.organisations) if registry is not None else None,
        attributed=dict(attribution.code_of),
        off_roll=off_roll(used),
    )


def _named_for(
    missing: Sequence[Issue], used: Sequence[Submission], registry: Registry | None
) -> dict[str, tuple[str, str]]:
    """Each missing organisation a used file is named for while holding another code (the
    other's pre-filled template filled in: `org.file_name_of_other`), with that file's name
    and code: the list says whose members are listed under which code."""
    from toolkit.core.text import org_code_key
    from toolkit.validation.attribution import file_name_org

    if registry is None or not missing:
        return {}
    wanted = {org_code_key(i.org_code): i.org_code for i in missing if i.org_code}
    codes = [o.org_code for o in registry.organisations]
    found: dict[str, tuple[str, str]] = {}
    for sub in used:
        named = file_name_org(sub.path.name, registry, codes)
        if named is None or org_code_key(named.org_code) not in wanted or not sub.org_code:
            continue
        if org_code_key(named.org_code) != org_code_key(sub.org_code):
            found.setdefault(wanted[org_code_key(named.org_code)], (sub.path.name, sub.org_code))
    return found


def _named_in_unread(
    missing: Sequence[Issue],
    folder_issues: Sequence[Issue],
    inputs: Sequence[Path],
    below: Mapping[str, Sequence[tuple[str, Path]]],
) -> dict[str, tuple[str, str]]:
    """Each missing organisation a spreadsheet in a sub-folder the run did not read is named
    for, with that file's name and its folder under the submissions folder: the lists say
    where its file may be, not only that none was sent. The file is the first its `org.missing`
    names (`Attribution.below`: the newest that can be this period's, h217: an old quarter
    archived in “cu” is not said), in a sub-folder `folder.subfolder_not_read` names."""
    unread = {i.value for i in folder_issues if i.code == "folder.subfolder_not_read" and i.value}
    if not missing or not unread:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for issue in missing:
        files = [path for sub, path in below.get(issue.org_code or "", ()) if sub in unread]
        if issue.org_code and files and issue.org_code not in found:
            found[issue.org_code] = (files[0].name, _folder_under(files[0], inputs))
    return found


def _folder_under(path: Path, inputs: Sequence[Path]) -> str:
    """The folder of `path` under the input folder holding it (“cu/2025”)."""
    for given in inputs:
        try:
            return path.parent.relative_to(Path(given)).as_posix()
        except ValueError:
            continue
    return path.parent.name
