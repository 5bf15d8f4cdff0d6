"""Data records shared by the library: issues, submissions and the consolidation result.

Errors are data (frictionless style): every problem is an `Issue` with a stable code,
a severity, a location and a Vietnamese message. The same records feed the CLI text,
the JSON and the `Kiểm tra` sheet.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from toolkit.core.sheetcolumns import SheetColumns
from toolkit.core.text import org_code_key, org_code_loose_key

if TYPE_CHECKING:  # the reader's worker processes never load pandas (`toolkit.core.sheetcolumns`)
    import pandas as pd

Severity = Literal["error", "warning"]
SEVERITY_LABEL: dict[str, str] = {"error": "Lỗi", "warning": "Cảnh báo"}


@dataclass(frozen=True)
class Issue:
    code: str
    severity: Severity
    message: str
    file: str | None = None
    org_code: str | None = None
    sheet: str | None = None
    cell: str | None = None
    column: str | None = None
    value: str | None = None
    # The message with every personal value (names, dates, the cell's content) replaced, used
    # unless member-level data is asked for; None when the message holds none. Not part of the
    # JSON contract.
    private_message: str | None = field(default=None, compare=False, repr=False)
    # A member-level issue (`toolkit.core.rules.is_personal`): its value is a member's and is
    # masked with its message. An issue of an organisation, a file, a folder or a year keeps
    # its value (a code, a cut-off date, a folder's name) in every output.
    personal: bool = field(default=False, compare=False, repr=False)
    # Every cell a grouped issue stands for, `cell` (the first) included: one warning for the
    # rows of one file and kind of change of `event.internal_transfer_unmatched`, which the work
    # lists read back to each row (`toolkit.worklists.off_roll`). Empty for an issue of one cell
    # (or of a whole sheet, file or folder). Not part of the JSON contract.
    group_cells: tuple[str, ...] = field(default=(), compare=False, repr=False)
    # What the message quotes of ANOTHER submission (a date, a scope, a name's spelling another
    # chi bộ wrote: `toolkit.core.rules.OTHER_FILE_PARAMS`), each with its masked words: a
    # chi bộ's feedback, sent to it alone, shows its own values with personal data but not
    # another chi bộ's (`for_feedback`). Not part of the JSON contract.
    feedback_masks: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        # Field by field: `dataclasses.asdict` deep-copies every value, half a second for the
        # tens of thousands of issues of a large batch.
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "org_code": self.org_code,
            "sheet": self.sheet,
            "cell": self.cell,
            "column": self.column,
            "value": self.value,
        }

    def without_personal_data(self) -> Issue:
        """This issue with its value blanked and its message free of personal values, when it
        is a member-level issue (`personal`); any other issue as it is."""
        if not self.personal:
            return self
        return replace(
            self,
            value=None,
            message=self.private_message or self.message,
            private_message=None,
            feedback_masks=(),
        )

    def for_feedback(self) -> Issue:
        """This issue as its submission's feedback shows it: what its message quotes of another
        submission masked (`feedback_masks`), its own file's values kept."""
        if not self.feedback_masks:
            return self
        message = self.message
        for text, masked in self.feedback_masks:
            message = message.replace(text, masked)
        return replace(self, message=message, feedback_masks=())

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class _SheetFrame:
    """A `Submission` frame attribute that may hold the reader's `SheetColumns`: the DataFrame
    is built on first access and kept. `Submission.sheet()` gives what is held without
    building anything, and only the columns are pickled (worker processes send submissions
    to the parent)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot, self.cache = f"_{name}_sheet", f"_{name}_frame"

    def __get__(self, obj: Any, objtype: type | None = None) -> pd.DataFrame | None:
        if obj is None:
            return None  # the dataclass default
        cached = obj.__dict__.get(self.cache)
        if cached is not None:
            return cached
        held = obj.__dict__.get(self.slot)
        if isinstance(held, SheetColumns):
            held = obj.__dict__[self.cache] = held.frame()
        return held

    def __set__(self, obj: Any, value: pd.DataFrame | SheetColumns | None) -> None:
        obj.__dict__[self.slot] = value
        obj.__dict__.pop(self.cache, None)


# The reader's issues about data a file holds but that is not read as rows: on a sheet that is
# no part of the template (a copy of a data sheet among them), in columns right of the
# template's (rows of the list moved there too), beside the values of `Thông tin`, in lines
# under or inside a list (answers alone in Có/Không columns too), in STT alone.
DATA_NOT_READ = frozenset(
    {
        "file.extra_sheet",
        "file.copied_sheet",
        "file.extra_column",
        "file.rows_outside",
        "file.info_outside",
        "file.trailer_rows",
        "file.heading_rows",
        "file.subtotal_rows",
        "file.answers_only_rows",
        "cell.text_in_row_no",
    }
)


@dataclass
class Submission:
    """One submission read and normalised.

    Frames hold normalised values: categories as vocabulary codes, dates as
    ``datetime64[ns]`` (NaT when empty), counts as nullable integers, text as ``str`` or
    None. Every frame has a ``_row`` column with the Excel row number, so any figure can be
    traced to its cell (column letters come from `toolkit.core.layout`).
    """

    path: Path
    sha256: str
    info: dict[str, Any] = field(default_factory=dict)
    members: pd.DataFrame | None = _SheetFrame()
    events: pd.DataFrame | None = _SheetFrame()
    years: pd.DataFrame | None = _SheetFrame()
    issues: list[Issue] = field(default_factory=list)
    template_version: str | None = None
    upgraded_from: str | None = None  # the version `ward-stats upgrade` upgraded the file from
    # An upgraded file whose new columns (`layout.NEW_ANSWERS`) are all still empty: what they
    # and Thông tin's new yes/no question leave empty is unknown, not “Không”.
    upgrade_not_completed: bool = False
    read_seconds: float = 0.0
    # A workbook of ward-stats (a consolidation, the work lists…) or the ward registry found
    # among the files: no submission, left out.
    own_output: bool = False
    # The blank template as ward-stats writes it (`mau_chi_bo.xlsx`, nothing typed): an own
    # output that `template --overwrite` may replace (`outputs.template.holds_submission`).
    own_blank_template: bool = False
    # The rows read whose text is struck through (`cell.strikethrough`), by template sheet
    # name: still counted, and marked in the work lists.
    struck_rows: dict[str, list[int]] = field(default_factory=dict)
    # The rows read whose `Ghi chú` alone is struck through (no other cell of the row: not in
    # `struck_rows`), by template sheet name: the secretary withdrew the note, so what it says
    # (left, readmitted, restored: `left_party`) is not read of the member (fix385).
    struck_notes: dict[str, list[int]] = field(default_factory=dict)
    # The rows read whose `Ghi chú` is struck through in part only (some words crossed out),
    # by template sheet name: row → the note's unstruck text, the note in force (the words
    # struck are withdrawn, as a note struck whole is: `left_party.notes_in_force`, fix390).
    notes_unstruck: dict[str, dict[int, str]] = field(default_factory=dict)
    # The rows read that are hidden (`cell.hidden_row`), not by a filter, by template sheet name:
    # still counted, and marked in the work lists as struck rows are (hunt361).
    hidden_rows: dict[str, list[int]] = field(default_factory=dict)
    # The data rows the reader holds as data but not as rows of the list, by template sheet
    # name and by the issue that says so: `file.answers_only_rows` (answers alone) and
    # `cell.text_in_row_no` (text in STT alone, a row the list has lost). `ward-stats upgrade`
    # copies them into the new file as the reader sees them, so nothing it holds is dropped.
    rows_not_read: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    # The rows of the list found right of the table (`file.rows_outside`, an error), by template
    # sheet name: each row's name as typed and birth date as read (None when no date). The
    # checks that look for a person of one sheet in the other do not say that one of them is
    # missing there: following that advice would type them twice (`validation.events`).
    rows_outside: dict[str, list[tuple[str, dt.date | None]]] = field(default_factory=dict)
    # Each template sheet the reader found named otherwise than the template names it, by its
    # template name, as the file names it: the reader finds a sheet whatever its case, spaces or
    # Unicode form ("Đảng Viên ", "Thông Tin"), and every issue at one of its cells names it so
    # (its `Sheet` and its link). Empty for a file with the template's names (most): its issues
    # are made without a look.
    sheet_names: dict[str, str] = field(default_factory=dict)
    # The hidden columns of each data sheet, by its name in the file, as 1-based `(min, max)`
    # spans (`SheetXml.hidden_columns`): every issue at a cell of one says that the column is
    # hidden (`validation.run`), so the secretary knows why the cell it names is not seen.
    hidden_columns: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # The data cells whose value was read as a dropdown's other than as typed (`norm.category`:
    # "Cấp I" read as "Tiểu học"), by sheet as the file names it, then cell: the text the cell
    # holds (one string object for each text, so that a worker sends each once). An issue
    # quoting the value read at such a cell quotes both (`validation.run`).
    read_as: dict[str, dict[str, str]] = field(default_factory=dict)
    # A byte-identical copy of another file of its organisation (`org.identical_copy`: the
    # Windows "HD05 - Copy.xlsx"), the path of the one file of those copies that is used
    # (`validation.context.identical_copies`). Set by the validation of a run; such a file is in
    # no check, no vote and no count: its content is that file's.
    copy_of: Path | None = None

    @property
    def org_code(self) -> str | None:
        code = self.info.get("org_code")
        return str(code) if code else None

    def sheet_name(self, template: str) -> str:
        """The template sheet ``template`` as this file names it (the template's name when the
        file does not have it)."""
        return self.sheet_names.get(template, template)

    def sheet(self, attr: str) -> pd.DataFrame | SheetColumns | None:
        """The `members`, `events` or `years` sheet as held: the DataFrame, or the reader's
        columns when no one has asked for the DataFrame yet (nothing is built)."""
        d = self.__dict__
        return d[f"_{attr}_frame"] if f"_{attr}_frame" in d else d.get(f"_{attr}_sheet")

    def __getstate__(self) -> dict[str, Any]:
        # DataFrames built from the reader's columns are not sent along: the columns are.
        return {k: v for k, v in self.__dict__.items() if not k.endswith("_frame")}

    @property
    def probationary_unanswered(self) -> bool:
        """Whether an upgraded file not yet completed leaves `Là đảng viên dự bị` empty on every
        row of `Biến động` (a column the upgrade adds empty): its leaving rows' status is then
        unknown, as a 2026.1 file's is, not a definite “Không” (consolidation's
        `probationary_unrecorded`, and the words of `event.probationary_contradicts`)."""
        if not self.upgrade_not_completed:
            return False
        events = self.events
        if events is None or len(events) == 0 or "was_probationary" not in events.columns:
            return True
        return bool(events["was_probationary"].isna().all())

    @property
    def readable(self) -> bool:
        """True when the sheets could be read (the frames exist)."""
        return all(self.sheet(a) is not None for a in ("members", "events", "years"))

    @property
    def has_errors(self) -> bool:
        return any(i.is_error for i in self.issues)

    @property
    def rows_read(self) -> int:
        sheets = (self.sheet(a) for a in ("members", "events", "years"))
        return sum(len(df) for df in sheets if df is not None)

    @property
    def data_not_read(self) -> bool:
        """Whether the reader said of data in the file that it did not read as rows
        (`DATA_NOT_READ`): a file with such data is someone's work even with no row read (the
        list typed on a copy of the sheet, "Đảng viên (2)"), never a template to replace."""
        return any(i.code in DATA_NOT_READ for i in self.issues)

    @property
    def status(self) -> Literal["ok", "warnings", "errors"]:
        if self.has_errors:
            return "errors"
        return "warnings" if self.issues else "ok"


@dataclass(frozen=True)
class Organisation:
    """One row of the ward registry (`Danh mục tổ chức`)."""

    org_code: str
    org_name: str
    org_tier: str | None  # vocabulary code
    sector: str | None  # vocabulary code
    secretary: str | None = None
    targets: dict[int, int] = field(default_factory=dict)  # admission target per year


@dataclass
class Registry:
    organisations: list[Organisation]
    source: Path | None = None
    # What the registry may hold by mistake but does not stop a run (`registry.same_name`,
    # `registry.merged_target`, `registry.example_row`), and the rows it left out as no organisation
    # (`registry.total_row`, `registry.below_table`):
    # said with the run's issues (`toolkit.validation.run.validate_read`).
    warnings: list[Issue] = field(default_factory=list)
    # Each organisation's row in the table it was read from (its sheet's row, or its line of a
    # .csv), for messages that point at the registry; empty for a registry made otherwise.
    rows: list[int] = field(default_factory=list, compare=False)
    # Where the table was read, for messages that point at one of its cells: the file's name
    # (None for the open workbook's sheet), the sheet (None for a .csv, whose messages name
    # rows), and each target year's column (0-based index in the table's rows).
    table_file: str | None = field(default=None, compare=False)
    table_sheet: str | None = field(default=None, compare=False)
    target_columns: dict[int, int] = field(default_factory=dict, compare=False)

    def by_code(self) -> dict[str, Organisation]:
        return {o.org_code: o for o in self.organisations}

    # The two indexes of the codes, made once for the organisations they were made of (a
    # registry's list is not changed in place in practice; a new list or length remakes them):
    # a thousand files each looking up their code cost a thousand times the whole registry.
    _indexed: tuple[int, int] | None = field(default=None, init=False, repr=False, compare=False)
    _by_key: dict[str, Organisation] = field(default_factory=dict, init=False, repr=False, compare=False)
    _by_loose: dict[str, list[Organisation]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def _index(self) -> None:
        made_of = (id(self.organisations), len(self.organisations))
        if self._indexed == made_of:
            return
        self._by_key = {}
        self._by_loose = {}
        for o in self.organisations:
            self._by_key[org_code_key(o.org_code)] = o  # the last of one key, as before
            loose = org_code_loose_key(o.org_code)
            if loose:
                self._by_loose.setdefault(loose, []).append(o)
        self._indexed = made_of

    def by_key(self) -> dict[str, Organisation]:
        """Organisations by `org_code_key` of their code: how a submission's code finds its
        organisation (up to case, spaces and invisible characters)."""
        self._index()
        return dict(self._by_key)

    def loose_matches(self, code: object) -> list[Organisation]:
        """The organisations whose code has the loose key of `code` (`org_code_loose_key`:
        `HD 10`, `HĐ-010` for `HD10`), in registry order."""
        key = org_code_loose_key(code)
        if not key:
            return []
        self._index()
        return list(self._by_loose.get(key, []))

    def find(self, code: object) -> Organisation | None:
        """The organisation a code names: the one of its `org_code_key`, else the only one of
        its loose key; None when none, or several, have that (`HD 01` with `HD1` and `HD01`
        in the registry is not guessed)."""
        self._index()
        exact = self._by_key.get(org_code_key(code))
        if exact is not None:
            return exact
        loose = self.loose_matches(code)
        return loose[0] if len(loose) == 1 else None

    def target(self, year: int) -> int:
        return sum(o.targets.get(year, 0) for o in self.organisations)


OrgStatus = Literal["consolidated", "excluded", "missing"]


@dataclass
class OrgResult:
    """One organisation in the consolidation: from the registry, a submission, or both."""

    org_code: str
    org_name: str | None
    org_tier: str | None  # vocabulary code
    sector: str | None  # vocabulary code
    status: OrgStatus
    file: str | None = None  # file name of its submission, None when missing
    indicators: dict[str, int | float] = field(default_factory=dict)  # empty unless consolidated
    reason: str | None = None  # why it is excluded (Vietnamese), None unless excluded
    template_version: str | None = None  # of its submission, None when missing
    upgraded_from: str | None = None  # the version its submission was upgraded from, if any


ORG_FIELDS = ("org_code", "org_name", "org_tier", "sector", "status", "file")
# Fields an organisation of a consolidation has but a stored or rolled-up one may lack.
ORG_OPTIONAL_FIELDS = ("template_version", "upgraded_from")


def org_json(org: Any) -> dict[str, Any]:
    """An organisation (an `OrgResult`, or a stored one with the same fields) as the JSON
    summary holds it. `reason` says why an excluded one was left out (a stored record has none)."""
    return {
        **{key: getattr(org, key) for key in ORG_FIELDS},
        "reason": getattr(org, "reason", None),
        **{key: getattr(org, key, None) for key in ORG_OPTIONAL_FIELDS},
        "indicators": dict(org.indicators),
    }


SOURCE_FIELDS = ("file", "org_code", "sha256", "template_version", "status", "consolidated")
# Fields a file of a consolidation has but a stored one may lack (a record of an older version).
SOURCE_OPTIONAL_FIELDS = ("upgrade_not_completed", "copy_of")


def source_json(source: Any) -> dict[str, Any]:
    """A file the run read (a `SourceFile`, or a stored one with the same fields) as the JSON
    summary holds it: its name, organisation and SHA-256 fingerprint, nothing personal."""
    return {
        **{key: getattr(source, key) for key in SOURCE_FIELDS},
        **{key: getattr(source, key, None) for key in SOURCE_OPTIONAL_FIELDS},
    }


# A file that no organisation could be found for, as every output says it: the console, `Tổng
# hợp`, `Nguồn số liệu`, the forms' note and `file.unknown_org` (three wordings were one thing,
# hunt175 F11).
UNKNOWN_ORG = "không rõ của tổ chức nào"
# A roll-up's: a file given that is no ward's summary (not JSON, not a ward-stats summary: a
# renamed workbook, another program's JSON), never counted or named as a ward (hunt332 F3).
NOT_A_WARD = "không rõ là số liệu tổng hợp của phường nào"


def unknown_file_words(rollup: bool) -> str:
    """How a file of no organisation is said: a ward's run's (`UNKNOWN_ORG`), or a roll-up's
    file that is no ward's summary (`NOT_A_WARD`)."""
    return NOT_A_WARD if rollup else UNKNOWN_ORG


@dataclass
class SourceFile:
    """One file the consolidation looked at (the `Nguồn số liệu` sheet)."""

    file: str  # file name as shown to the clerk
    path: Path
    org_code: str | None
    org_name: str | None
    template_version: str | None
    sha256: str | None
    rows: int
    status: Literal["ok", "warnings", "errors"]
    consolidated: bool
    seconds: float
    reason: str | None = None  # why it is not consolidated (Vietnamese), None when it is
    upgraded_from: str | None = None
    # Upgraded, its new Có/Không columns all still empty (`Submission.upgrade_not_completed`).
    upgrade_not_completed: bool = False
    # Why the file could not be read at all (its first error's message), None when it was: a
    # file of no organisation is said with it in the run's summary (hunt175 F10).
    not_read: str | None = None
    # The file this one is a byte-identical copy of (`Submission.copy_of`), which is the one
    # used: this one is ignored, never counted (`org.identical_copy`).
    copy_of: str | None = None

    @property
    def unknown(self) -> bool:
        """A file attributable to no organisation (neither by its name nor its content)."""
        return self.org_code is None and not self.consolidated


def new_run_id(when: dt.datetime) -> str:
    """The id shared by every output of one consolidation (workbook, JSON, history record): its
    time and 8 random hex digits, e.g. `20260331T101502-3fa9c2d1` (unique across concurrent
    runs, sortable by time)."""
    return f"{when:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"


_RUN_ID = re.compile(r"^(\d{8}T\d{6})-[0-9a-f]{8}$")


def run_id_time(run_id: object) -> dt.datetime | None:
    """The time a `new_run_id` was made at (None for any other text): what a summary written
    before `generated_at` was says of when its run was made."""
    m = _RUN_ID.match(run_id) if isinstance(run_id, str) else None
    if m is None:
        return None
    try:
        return dt.datetime.strptime(m.group(1), "%Y%m%dT%H%M%S")
    except ValueError:
        return None


def default_form_period(period_start: dt.date, cutoff: dt.date) -> tuple[dt.date, dt.date]:
    """The official forms' reporting period when none is set: 1 January of the cut-off's year
    (or the change period's start, when that is later) to the cut-off."""
    return max(dt.date(cutoff.year, 1, 1), period_start), cutoff


@dataclass(frozen=True)
class CommonFigures:
    """The figures of the organisations consolidated both in a run and in its same period of
    last year (codes matched by `org_code_key`), of each of the two runs: what the report
    compares, like for like, when either run lacks organisations (a roll-up's: the sum of its
    wards' own). Only the ids the report's comparison states (`stats.coverage.COMPARED_IDS`)
    that all of those organisations have, in both runs. In the JSON as `previous.common`."""

    orgs: int  # how many organisations were consolidated in both runs
    now: dict[str, int | float]  # their sums in this run
    then: dict[str, int | float]  # their sums in last year's

    def to_json(self) -> dict[str, Any]:
        return {"orgs": self.orgs, "now": dict(self.now), "then": dict(self.then)}


# `PastRun.common_unknown`: last year's record keeps no organisation's figures.
NO_ORG_FIGURES = "no_org_figures"


@dataclass(frozen=True)
class PastRun:
    """A consolidation recorded in the history, as a later run uses it: the same period of
    last year (`Cùng kỳ năm trước`), a point of the trend. Aggregates only."""

    run_id: str | None
    cutoff_date: dt.date
    period_start: dt.date
    form_period: tuple[dt.date, dt.date]
    indicators: dict[str, int | float]  # the ward's
    # Of the same period of last year: the organisations both runs consolidated, and their
    # figures in each (None: not known, the record keeping no organisation's figures; a point
    # of the trend has none).
    common: CommonFigures | None = None
    # Why `common` is None, when the run knows: `NO_ORG_FIGURES`, last year's record keeps no
    # organisation's figures (a summary imported into the history without them). None: not
    # known (a summary of an older version has no `common` and no reason either). In the JSON
    # as `previous.common_unknown`, which the report's fallback reason reads (review159 R6).
    common_unknown: str | None = None
    # The record is the sum of former wards merged into this one (`Record.merged_from`): their
    # names, which the forms, the report and `Xu hướng` name beside its figures (hunt199 F3).
    # In the JSON as `previous.merged_from`.
    merged_from: tuple[str, ...] | None = None
    # The record was typed from last year's forms sent up (`history blank-forms` + `history
    # import`, its source marked `entry_marker.TYPED_STATUS`): it has the forms' lines only, not
    # the ids only a consolidation makes (`orgs.*`, the tiers…), which a roll-up then says of it
    # without sending the ward back (h234's finding). In the JSON as `previous.typed_forms`, only
    # when true.
    typed_forms: bool = False
    # Of a point of the trend: the organisations its run consolidated, by `org_code_key`, one
    # given a new code only since (`history.session._renumbered_pairs`) under this run's code;
    # None when not known (the record keeps no organisations: an older version's, an import
    # without them). The trend's test of "the same organisations" (`trend.same_orgs`), the
    # report's `stats.coverage.same_orgs_consolidated` of many runs (fix387). Not in the JSON.
    consolidated: frozenset[str] | None = None
    # Of a point of the trend: the record's `registry_used` (False: its run had no registry, its
    # organisations those that sent a file; None: not known), which `Xu hướng` says beside a
    # change of organisations (`trend.org_change_sentences`, fix391). Not in the JSON.
    registry_used: bool | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "cutoff_date": self.cutoff_date.isoformat(),
            "period_start": self.period_start.isoformat(),
            "form_period": [d.isoformat() for d in self.form_period],
            "indicators": dict(self.indicators),
            **({} if self.common is None else {"common": self.common.to_json()}),
            **({} if self.common_unknown is None else {"common_unknown": self.common_unknown}),
            **({} if self.merged_from is None else {"merged_from": list(self.merged_from)}),
            **({"typed_forms": True} if self.typed_forms else {}),
        }


@dataclass(frozen=True)
class RollMoves:
    """The dated joins and departures of one organisation's roll inside the change period
    (`Biến động` rows; no names): enough to reconstruct its roll at any earlier date of the
    period from its roll at the cut-off (the opening check of the official forms), and its
    share of the ward's roll (the ward's opening check across a reorganisation)."""

    joins: tuple[dt.date, ...]  # Kết nạp, Kết nạp lại, Chuyển đến, Phục hồi đảng tịch; sorted
    leaves: tuple[dt.date, ...]  # Chuyển đi, Từ trần, Xóa tên, Khai trừ, Xin ra khỏi Đảng; sorted
    # Of those, the transfers inside the ward (`Phạm vi chuyển` “Trong Đảng bộ phường”) whose
    # other side is in the files, each dated by the earlier of its two sides: after a day, both
    # sides are, and the move left the ward's roll of that day as it was. Sorted.
    internal_joins: tuple[dt.date, ...] = ()
    internal_leaves: tuple[dt.date, ...] = ()
    # Of those, the transfers whose scope is not known (template 2026.1, an upgraded file not
    # completed): counted as the ward's own changes (§6), though they may be moves inside it.
    unscoped_joins: tuple[dt.date, ...] = ()
    unscoped_leaves: tuple[dt.date, ...] = ()
    # Of the joins, the arrivals inside the ward whose other side is in no file of the run
    # (counted as joins, as Biểu 1 counts them: in transit). Sorted.
    transit_joins: tuple[dt.date, ...] = ()
    # The `Biến động` row (Excel row number) of each join and departure, with its date; sorted.
    # A difference at an earlier cut-off may come from a row dated on or before it that the
    # earlier run did not have (reported late, corrected): these name the candidates.
    rows: tuple[tuple[dt.date, int], ...] = ()

    def rows_through(self, day: dt.date) -> list[int]:
        """The Excel rows of the joins and departures dated on or before `day`, the latest dated
        first, and of one date the last written first: a change the run at `day` did not have
        is most likely one of the last before it, added at the end of the sheet, not one of
        years before (hunt62 #3, hunt64 #3)."""
        return [row for _, row in sorted((w for w in self.rows if w[0] <= day), reverse=True)]

    def rows_after(self, day: dt.date) -> list[int]:
        """The Excel rows of the joins and departures dated after `day`, the earliest dated first:
        the rows the roll at `day` is rebuilt through, among which a row extra, or dated after
        `day` by mistake (a typed year), is most likely one of the first (hunt321)."""
        return [row for _, row in sorted(w for w in self.rows if w[0] > day)]

    def roll_at(self, closing: int, day: dt.date, *, ward: bool = False) -> int:
        """The roll at the end of `day`: the closing roll, minus those who joined after `day`,
        plus those who left after it. `ward`: this organisation's share of the ward's roll,
        the transfers inside the ward left out (the two sides of one cancel in the ward)."""
        joined_after = _after(self.joins, day)
        left_after = _after(self.leaves, day)
        if ward:
            joined_after -= _after(self.internal_joins, day)
            left_after -= _after(self.internal_leaves, day)
        return closing - joined_after + left_after

    def unscoped_after(self, day: dt.date) -> tuple[int, int]:
        """(joins, departures) after `day` that are transfers of unknown scope."""
        return _after(self.unscoped_joins, day), _after(self.unscoped_leaves, day)

    def transit_joins_after(self, day: dt.date) -> int:
        """Arrivals inside the ward after `day` whose other side is in no file of the run."""
        return _after(self.transit_joins, day)


def _after(days: tuple[dt.date, ...], day: dt.date) -> int:
    """How many of the sorted `days` are after `day`."""
    from bisect import bisect_right

    return len(days) - bisect_right(days, day)


Level = Literal["ward", "rollup"]
# How a run used the history of consolidations: not at all (`--no-history`, or no history
# given), read (whatever it held), or not (locked, damaged, newer, another program's).
HistoryUse = Literal["off", "read", "unreadable"]


@dataclass(frozen=True)
class SettingsBook:
    """The consolidation workbook whose cells gave a button's run its settings: the run's issues
    about a setting (`rules.SETTING_OF`: a mistyped cut-off, no ward name…) name it as their
    file and the setting's cell, so that their `Kiểm tra` row links to that cell as a file's row
    does (`rules.at_setting_cells`). `cells`: each setting's sheet and cell (no `$`) by its
    name, where the book holds it (its defined name's: a row inserted above moves it)."""

    file: str  # the book's file name, as the `Tệp` column shows it
    path: Path
    cells: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class ConsolidationResult:
    cutoff_date: dt.date
    period_start: dt.date
    template_version: str
    years: list[int]  # calendar years the period touches, ascending
    indicators: dict[str, int | float]  # ward indicators (ids in docs/design.md)
    organisations: list[OrgResult]
    issues: list[Issue]
    sources: list[SourceFile]
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    # True only when asked for (`--personal-data`, the `PersonalData` setting): the issues keep
    # the values of the cells and the members' names and dates. False: they are masked.
    personal_data: bool = False
    run_id: str = ""  # shared by every output of this run (`new_run_id`); set when empty
    ward_name: str | None = None  # e.g. "Phường Hải Dương" (the forms' heading)
    form_period: tuple[dt.date, dt.date] | None = None  # None: `default_form_period`
    # Set from the history by the edges before the outputs are written (never by the pipeline):
    previous: PastRun | None = None  # the same period of last year
    trend: list[PastRun] = field(default_factory=list)  # earlier cut-offs, oldest first
    history_use: HistoryUse = "off"  # what the forms and `Xu hướng` say when both are empty
    # Each consolidated organisation's dated joins and departures (not part of the JSON).
    roll_moves: dict[str, RollMoves] = field(default_factory=dict)
    level: Level = "ward"  # "rollup": the organisations are wards (`ward-stats rollup`)
    # A roll-up's members by their organisation's sector (None: unknown), summed from its wards'
    # own organisations; its organisations, wards, have none (not part of the JSON). None: a
    # ward's, counted from its organisations (`toolkit.outputs.sheets.charts.members_by_sector`).
    sector_members: dict[str | None, int] | None = None
    # Why a roll-up has no last year's figures (`previous` None), or a ward's when the history
    # has them under another ward name (`history.other_ward_name`) or its last year's record
    # shared none of its organisations (`form.previous_no_common_orgs`), in the words its forms'
    # note gives after "Cột “Cùng kỳ năm trước” để trống: " (not part of the JSON).
    no_previous: str | None = None
    # A ward's record at last year's cut-off of another forms' period, when the history has none
    # of last year's forms' period (hunt261 G3): the forms whose every figure is a snapshot at the
    # cut-off (`Form.snapshot`, Biểu 3) take their `Cùng kỳ năm trước` from it, with
    # `previous_snapshot_note` first under them (whose figures they are); the others stay empty
    # (`no_previous` says why). Not part of the JSON (its forms' rows carry the values).
    previous_snapshot: PastRun | None = None
    previous_snapshot_note: str | None = None
    # The stored cut-offs left out of the trend, a sentence each under the `Xu hướng` table: the
    # record its ward's runs use there shares none of this run's organisations
    # (`history.trend_no_common_orgs`; not part of the JSON).
    trend_left_out: list[str] = field(default_factory=list)
    # The stored cut-offs after this run's (an earlier cut-off consolidated again after later
    # ones): no points of its trend, which ends at its cut-off; named under the `Xu hướng` table
    # (`history.session._later_cutoffs`; not part of the JSON).
    trend_later: list[dt.date] = field(default_factory=list)
    # Pairs of rows counted as two people though their names differ only by accents, of the
    # same birth date (`toolkit.stats.coverage.accent_pairs` of a ward's issues; a roll-up's,
    # the sum of its wards' `name_accent_pairs`): the forms' and the report's notes say them.
    name_accent_pairs: int = 0
    # A roll-up's: its wards' own `name_accent_pairs` by ward (its `org_code` among the
    # organisations), the wards with any, in their order; None for a ward's run. The forms' and
    # the report's notes name the wards from it (`toolkit.stats.coverage.accent_pair_wards`).
    ward_accent_pairs: dict[str, int] | None = None
    # The years of `years` the registry (or `TargetOverride`) gives an admission target for, a target
    # typed 0 included; the others have none ("no target", not a target of 0: their cell is
    # empty and the total rate leaves them out, `summary_lines.years_with_target`). A roll-up's:
    # the years whose sum of targets is known and above 0 or typed 0 by every ward
    # (`toolkit.rollup`). None where that is not known (a roll-up of summaries without it): a
    # year whose `targets.<year>` is 0 has none. In the JSON
    # as `target_years` (of `years`), where `targets.<year>` is 0 for both, so that the report
    # read from it says a target of 0 as one.
    target_years: frozenset[int] | None = None
    # The years of `years` the run warned `registry.partial_targets` for (a target typed for
    # some organisations only, others admitting): the report notes their rates. A ward's run
    # always knows them (empty when none); a roll-up's are those years, of its wards', whose
    # sum of targets it has (`toolkit.rollup`, `rollup.partial_targets`). In
    # the JSON as `partial_target_years`, so that a summary without issues (a history export)
    # still notes them.
    partial_target_years: frozenset[int] | None = None
    # False when the run had no registry (none given, an empty one, or the template's example
    # row alone, `registry.example_only`): its `orgs.registered` are then the organisations that
    # sent a file, and the outputs name that base so, never "trong danh mục". A roll-up's: False
    # when some included ward's summary says False. In the JSON as `registry_used` (absent in an
    # older summary: read as True, a registry, as before).
    registry_used: bool = True
    # A roll-up's: True when none of its included wards had a registry (every ward's summary
    # says `registry_used` False), so that its outputs name the base "đã nộp tệp" as each ward's
    # did, not "trong danh mục hoặc đã nộp tệp" (fix331). In the JSON as `registry_none`, written
    # when True; absent (an older roll-up, or some ward had one): read as False.
    registry_none: bool = False
    # The button's workbook its settings came from (`SettingsBook`): the `Kiểm tra` sheet links
    # the issues that name it to its cells (`sheets.issues.link_targets`). Not part of the JSON
    # (the issues carry its name and cells).
    settings_book: SettingsBook | None = None

    def __post_init__(self) -> None:
        if not self.run_id:
            self.run_id = new_run_id(self.generated_at)
        if self.form_period is None:
            self.form_period = default_form_period(self.period_start, self.cutoff_date)

    @property
    def forms_period(self) -> tuple[dt.date, dt.date]:
        """The forms' reporting period (always set after construction)."""
        assert self.form_period is not None
        return self.form_period

    def count(self, status: OrgStatus) -> int:
        return sum(1 for o in self.organisations if o.status == status)

    def unknown_files(self) -> list[SourceFile]:
        """Files that no organisation could be found for (neither by name nor by content)."""
        return [s for s in self.sources if s.unknown]

    def rejected_files(self) -> list[SourceFile]:
        """Files that were read but not consolidated (errors, unusable, or of no organisation);
        not the byte-identical copies of a file used (`copied_files`), whose content is counted."""
        return [s for s in self.sources if not s.consolidated and not getattr(s, "copy_of", None)]

    def copied_files(self) -> list[SourceFile]:
        """The byte-identical copies of a file used, ignored (`org.identical_copy`)."""
        return [s for s in self.sources if getattr(s, "copy_of", None)]

    def to_summary(self) -> dict[str, Any]:
        """The JSON summary (docs/design.md), without the forms (added by
        `toolkit.outputs.json_summary`, which computes them)."""
        return {
            "run_id": self.run_id,
            "generated_at": self.generated_at.isoformat(),
            "ward_name": self.ward_name,
            "level": self.level,  # a roll-up is never read back as a ward (`toolkit.io.summary`)
            "cutoff_date": self.cutoff_date.isoformat(),
            "period_start": self.period_start.isoformat(),
            "form_period": [d.isoformat() for d in self.forms_period],
            "template_version": self.template_version,
            "indicators": dict(self.indicators),
            "previous": self.previous.to_json() if self.previous is not None else None,
            # Last year's record at its cut-off of another forms' period, when there is no
            # previous (`previous_snapshot`): its roll at the cut-off, which the report compares.
            **(
                {}
                if self.previous is not None or self.previous_snapshot is None
                else {"previous_snapshot": self.previous_snapshot.to_json()}
            ),
            "name_accent_pairs": self.name_accent_pairs,
            # A roll-up's only: a ward's summary has no wards.
            **({} if self.ward_accent_pairs is None else {"ward_accent_pairs": dict(self.ward_accent_pairs)}),
            **(
                {}
                if self.target_years is None
                else {"target_years": sorted(set(self.years) & self.target_years)}
            ),
            **(
                {}
                if self.partial_target_years is None
                else {"partial_target_years": sorted(self.partial_target_years)}
            ),
            "registry_used": self.registry_used,
            **({"registry_none": True} if self.registry_none else {}),
            "organisations": [org_json(o) for o in self.organisations],
            "sources": [source_json(s) for s in self.sources],
            "issues": [i.to_json() for i in self.issues],
        }
