"""The history as one consolidation uses it: read before the outputs, recorded with them.

`open_for_run` reads the stored consolidations of its ward (of each cut-off, the current
record of its ward name, or the current one without a name when that ran after it) and sets
on the result what its outputs show: the same period of last year (`previous`, the forms'
`Cùng kỳ năm trước`), the earlier cut-offs (`trend`, the `Xu hướng` sheet) and the opening
check's warnings (`toolkit.history.opening`: the roll at the earlier cut-off, and Biểu 1's
opening against a run of the same forms' period). The record is part of the run's published
unit: `begin_record` inserts it in an open transaction once the outputs are staged, and
`commit_record` commits it once every output is renamed into place (`toolkit.outputs.publish`),
so the history never holds a run whose outputs were not published. Neither ever stops or
spoils a consolidation: a history that is locked, damaged, of a newer version or read-only
becomes one warning issue (`history.*`) and is left as it was. When the problem is found
before the outputs are written (nearly always) the warning is in them; a failure of the
record itself is added to the result, so the JSON summary (then written once more) and the
run's status lines carry it."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import combinations
from pathlib import Path
from typing import TypeVar

from toolkit import __version__
from toolkit.core import vnformat
from toolkit.core.commands import (
    history_command,
    merge_advice,
    removal_advice,
    rename_advice,
    typed_import_advice,
)
from toolkit.core.dates import same_period_last_year, same_period_next_year
from toolkit.core.errors import (
    HistoryCorrupt,
    HistoryError,
    HistoryPathTooLong,
    HistoryReadOnly,
    unexpected_cause,
    user_message,
)
from toolkit.core.model import NO_ORG_FIGURES, ConsolidationResult, Issue, OrgResult, PastRun
from toolkit.core.rules import make_issue
from toolkit.core.text import is_only_kind, names_its_kind, org_code_key, org_name_key, tidy_name, ward_key
from toolkit.history.opening import (
    last_close_issues,
    opening_issues,
    period_opening_issues,
    renumbered_codes,
    unchecked_issues,
    unknown_code_stored,
    ward_unchecked_issue,
)
from toolkit.history.records import Record, consolidated_any, record_from_result
from toolkit.history.store import (
    DEFAULT_TIMEOUT,
    HistoryStore,
    PendingRecord,
    latest,
    marked_current,
    org_totals,
    run_order,
)
from toolkit.stats.coverage import (
    COMPARED_IDS,
    MAX_NAMED,
    common_figures,
    merged_words,
    missing_orgs,
    org_coverage,
    outside_words,
)

# What a history that cannot be read costs this run (appended to the `history.*` message).
NOT_USED = (
    ", và số liệu đã lưu chưa dùng được (cột \u201cCùng kỳ năm trước\u201d của các biểu, sheet "
    "\u201cXu hướng\u201d, đối chiếu số đầu kỳ)"
)


@dataclass
class RunHistory:
    """One consolidation's use of the history file."""

    store: HistoryStore
    recordable: bool = True
    issues: list[Issue] = field(default_factory=list)
    recorded_id: int | None = None
    # Why the record just stored is not the one in use for its cut-off (`not_in_use`), or None.
    not_used: str | None = None
    # The record its ward's runs used for this run's cut-off when its record was committed (the
    # one that record may take the place of; `used_at_commit`), and what is said when it does
    # (`replaces`).
    used_before: Record | None = None
    replaced: str | None = None
    # Of a run without a ward name: for each named ward's current record of its cut-off, the
    # record that ward's runs used when this run's record was committed (its own, or one without
    # a name that ran after it), so that the wards whose record this run's takes the place of
    # are said.
    wards_used_before: dict[int, Record] = field(default_factory=dict)
    # The record's own failures, found once the outputs were made: in the JSON summary (made
    # again) and the run's status, not in the workbook's `Kiểm tra` sheet.
    late: list[Issue] = field(default_factory=list)
    # Whether the history held a later cut-off than this run's when it was read (of any ward):
    # the runs of those may have been made without this run's figures (`made_before`).
    later: bool = False
    # Whether the record just stored started a new history file (the console says so).
    created: bool = False
    # Why this run is not recorded, when the history said so before the outputs were made (its
    # warning is in them): `unrecorded_note`. None when it is recorded, or failed only later.
    unrecorded: str | None = None

    @property
    def note(self) -> str | None:
        """What the run's status says of its record, beside the record's own late failures: that
        it was not recorded at all (`unrecorded`), that the record just stored is not the one in
        use (`not_used`), or the one it took the place of (`replaced`)."""
        return self.unrecorded or self.not_used or self.replaced


# Why a history could not record a run, in a few words, by the code of the warning that says it
# in full (found before the outputs are made: `open_for_run`); `history.not_recorded` is any other
# `HistoryError`. Not `history.empty_run`: that run has no figures to record, its status says so
# first, and its cut-off may be the mistake (a later run is not missing it).
UNRECORDED_BECAUSE = {
    "history.locked": "tệp lịch sử đang bị khóa",
    "history.corrupt": "tệp lịch sử bị hỏng",
    "history.newer": "tệp lịch sử do phiên bản ward-stats mới hơn tạo ra",
    "history.read_only": "không có quyền ghi vào tệp lịch sử",
    "history.path_too_long": "đường dẫn tệp lịch sử quá dài",
    "history.not_recorded": "không dùng được tệp lịch sử",
}


def unrecorded_note(result: ConsolidationResult, issues: list[Issue]) -> str | None:
    """The run's status sentence (after "Lịch sử tổng hợp: ") when `issues`, the history's
    warnings found before the outputs, hold the one that keeps this run out of the history
    (`UNRECORDED_BECAUSE`): not recorded, why in a few words, what the later runs lack until it
    is consolidated again, and where the warning is in full (hunt133 #2: the status of a run
    with a locked or damaged history said nothing of it, its warning only a row of `Kiểm tra`)."""
    issue = next((i for i in issues if i.code in UNRECORDED_BECAUSE), None)
    if issue is None:
        return None
    return (
        f"lần tổng hợp này chưa được ghi vào lịch sử ({UNRECORDED_BECAUSE[issue.code]}): các lần tổng "
        f"hợp sau sẽ không có số liệu ngày chốt {vnformat.message_date(result.cutoff_date)} cho “Cùng kỳ năm "
        "trước”, xu hướng và kiểm tra số đầu kỳ cho đến khi tổng hợp lại, sau khi xử lý theo cảnh báo "
        "ở sheet “Kiểm tra”."
    )


# What a run that starts a new history file adds (hunt104 #3, `created_note`): the default one is
# beside the outputs (or the settings workbook), so a new folder for them is a new, empty history.
# Where the ward's history may be given depends on how the run was started.
NOT_FROM_EARLIER = (
    "lần này chưa có số liệu “Cùng kỳ năm trước”, xu hướng hay kiểm tra số đầu kỳ từ các lần trước."
)
NEW_HISTORY_BESIDE = (
    "Nếu lịch sử tổng hợp của phường đang ở tệp khác (ví dụ cạnh kết quả các lần trước, hay ở máy "
    "khác), hãy chỉ ra tệp đó bằng --history (hoặc chép tệp đó vào thư mục này) rồi tổng hợp lại: "
    + NOT_FROM_EARLIER
)
NEW_HISTORY_GIVEN = (
    "Nếu lịch sử tổng hợp của phường đang ở tệp khác, hãy kiểm tra đường dẫn --history rồi tổng hợp "
    "lại: " + NOT_FROM_EARLIER
)
# The buttons of the settings workbook, and `--settings` without `--history` (Tong hop.cmd): the
# history is always the file beside the workbook; no cell of `Điều khiển` chooses another.
NEW_HISTORY_WORKBOOK = (
    "Nút “Tổng hợp” (và Tong hop.cmd) luôn ghi lịch sử tổng hợp vào tệp {file} cạnh tệp tổng "
    "hợp {book}: sheet “Điều khiển” không có ô chọn tệp lịch sử. Nếu lịch sử tổng hợp của "
    "phường đang ở tệp khác (ví dụ cạnh tệp tổng hợp năm trước, hay ở máy khác), hãy chép tệp đó "
    "vào thư mục của tệp tổng hợp này, đặt tên {file} (chép đè lên tệp vừa tạo), rồi bấm lại nút "
    "“Tổng hợp” (hoặc chạy lại Tong hop.cmd): " + NOT_FROM_EARLIER
)


def created_note(run: RunHistory, *, given: bool = False, workbook: str | None = None) -> str | None:
    """That the record just stored started a new history file, and where the ward's history may
    be given if it is elsewhere, as the run was started: `--history` typed (`given`), the
    settings workbook named `workbook` (its buttons, or `--settings` without `--history`: the
    history is beside it, no cell chooses it), else the default beside the outputs. None when
    the run did not create the history file."""
    if run.recorded_id is None or not run.created:
        return None
    from toolkit.core.commands import full
    from toolkit.history.store import DEFAULT_FILENAME

    if given:
        hint = NEW_HISTORY_GIVEN
    elif workbook is not None:
        book = f"“{workbook}”" if workbook else ".xlsm"
        hint = NEW_HISTORY_WORKBOOK.format(file=DEFAULT_FILENAME, book=book)
    else:
        hint = NEW_HISTORY_BESIDE
    return (
        f"Chưa có tệp lịch sử “{full(run.store.path)}”: đã tạo tệp mới và ghi vào đó lần tổng "
        f"hợp số {run.recorded_id}. {hint} {first_year_words(run.store.path, buttons=workbook is not None)}"
    )


def first_year_words(history: Path | str, *, buttons: bool = False) -> str:
    """How a ward with no history yet puts last year's figures in (hunt220 F3): the new history's
    note told a first-year office only where an existing history might be, not that a summary
    of last year made elsewhere is added with `history import`, which fills `Cùng kỳ năm trước`.
    The file to add is a placeholder in quotes, said to be replaced by its full path (a path
    with spaces, typed bare, is cut by cmd.exe); `buttons`: the run was the settings workbook's
    (its buttons, Tong hop.cmd), whose clerk opens a Command Prompt for it and then presses
    “Tổng hợp” again, as the note before says (h222). A ward with last year's forms only is
    told the workbook to type them into (`history blank-forms`, hunt220 R1), added the same way;
    where the bundle's two launchers of last year's forms lie beside the history (the office
    folder), they come first, with no Command Prompt, as docs/excel.md says (hunt302: the note
    sent the clerk of Tong hop.cmd to a Command Prompt for `blank-forms`)."""
    from toolkit.core.commands import (
        FORMS_FILENAME,
        FORMS_IMPORT_LAUNCHER,
        FORMS_LAUNCHER,
        history_command,
        launcher_uses,
    )

    command = history_command('import "TỆP.json"', history)
    where = "mở Command Prompt, chạy lệnh" if buttons else "chạy lệnh"
    again = "bấm lại nút “Tổng hợp” (hoặc chạy lại Tong hop.cmd)" if buttons else "tổng hợp lại"
    typed = history_command('blank-forms "TỆP.xlsx" --cutoff NGÀY_CHỐT_NĂM_TRƯỚC', history)
    forms = (
        f"Nếu chỉ có các biểu đã gửi năm trước: lệnh “{typed}” tạo tệp Excel để chép số liệu Biểu "
        "1–3-BTCTW; điền xong, thêm tệp .xlsx đó bằng lệnh trên."
    )
    if launcher_uses(history, FORMS_LAUNCHER):
        forms = (
            f"Nếu chỉ có các biểu đã gửi năm trước, không cần Command Prompt: bấm đúp {FORMS_LAUNCHER} "
            f"(cạnh tệp lịch sử), gõ ngày chốt của biểu đã gửi năm trước, chép số liệu Biểu 1–3-BTCTW "
            f"vào các ô màu vàng của tệp {FORMS_FILENAME} vừa mở, lưu, đóng Excel, bấm đúp "
            f"{FORMS_IMPORT_LAUNCHER}, rồi {again}. Trong Command Prompt, lệnh “{typed}” tạo một tệp "
            "như vậy; điền xong, thêm tệp .xlsx đó bằng lệnh trên."
        )
    return (
        "Nếu phường chưa có lịch sử tổng hợp nhưng có tệp JSON số liệu tổng hợp cùng kỳ năm trước "
        "(do lệnh “consolidate --json” hay “history export” ghi ra ở nơi khác), hãy thêm tệp đó vào "
        f"lịch sử này: {where} “{command}” (thay TỆP.json bằng đường dẫn đầy đủ của tệp đó), rồi "
        f"{again}, để các biểu có cột “Cùng kỳ năm trước”. {forms}"
    )


def status_note(run: RunHistory, *, workbook: str) -> str | None:
    """What a run's status line says of its record, beside its failures, where the status is all
    the clerk sees (the buttons, `workbook` being the settings workbook's name): `RunHistory.note`,
    and that a new history file was started (`created_note`)."""
    said = [s for s in (run.note, created_note(run, workbook=workbook)) if s]
    return " ".join(said) or None


def history_issue(exc: HistoryError, *, read_failed: bool) -> Issue:
    """The warning a history problem becomes."""
    reason = exc.reason_vi if isinstance(exc, HistoryCorrupt) else exc.message_vi
    return make_issue(exc.issue_code, reason=reason, consequence=NOT_USED if read_failed else "")


def _same_ward(a: str | None, b: str | None) -> bool:
    """Records of another ward (by name, `ward_key`) are not compared; a record without a name
    is (and a run without a name compares every record)."""
    key_a, key_b = ward_key(a), ward_key(b)
    return not key_a or not key_b or key_a == key_b


def _one_per_cutoff(records: list[Record]) -> list[Record]:
    """Of the current records a run may use, the one of each cut-off that ran last (`latest`):
    a ward's own record, or one without a ward name that ran after it (a run of that ward whose
    name was not set: as in a history of one ward, where it would have superseded the other).
    A run without a name has every ward's current records to choose from: the one that ran
    last, as before the current record was per ward. In the order given."""
    by_cutoff: dict[dt.date, list[Record]] = {}
    for r in records:
        by_cutoff.setdefault(r.cutoff_date, []).append(r)
    kept = {latest((r.id or 0, r.ran_at, r.origin) for r in group) for group in by_cutoff.values()}
    return [r for r in records if (r.id or 0) in kept]


def used_records(records: list[Record], ward_name: str | None) -> list[Record]:
    """The records a run of `ward_name` uses, one per cut-off (`_one_per_cutoff`), of the
    current ones among `records` (as `HistoryStore.records` reads them: a record of a run that
    consolidated nothing is never current, so it never hides the ward's real record)."""
    return _one_per_cutoff([r for r in records if r.is_current and _same_ward(r.ward_name, ward_name)])


def used_instead(records: list[Record]) -> dict[int, Record]:
    """The current records of a named ward that its runs do not use, each with the record used
    instead: the current one without a name of its cut-off, which ran after it (`history list`
    and `history import` say so: that one is usually a trial run to remove)."""
    instead: dict[int, Record] = {}
    for r in records:
        if r.is_current and ward_key(r.ward_name) and r.id is not None:
            group = [o for o in records if o.cutoff_date == r.cutoff_date]
            used = next(iter(used_records(group, r.ward_name)), None)
            if used is not None and used.id != r.id:
                instead[r.id] = used
    return instead


def replaced_by(records: list[Record]) -> dict[int, Record]:
    """The records superseded by a later run of their cut-off and ward, each with the current
    record of that cut-off and ward (`store.current_ids`), for `history list` and `history show`
    to name it (hunt206 R2: "cũ (đã có lần mới hơn …)" left the clerk to find which). When a
    later run of the same cut-off, ward and forms' period consolidated something, the last of
    them is named instead: that run is its correction, the current record of another forms'
    period only stands beside it (hunt321 #4: a fourth quarter's record corrected by a re-run
    was said replaced by the year's, which ran after both). A record of a run that
    consolidated nothing is not among them: it is never current, whatever ran."""
    current = {(r.cutoff_date, ward_key(r.ward_name)): r for r in records if r.is_current}
    ranks = run_order((r.id, r.ran_at, r.origin) for r in records if r.id is not None)
    found: dict[int, Record] = {}
    for r in records:
        if r.is_current or r.id is None or not consolidated_any(r.indicators):
            continue
        newer = current.get((r.cutoff_date, ward_key(r.ward_name)))
        if newer is None or newer.id == r.id:
            continue
        own = [
            o
            for o in records
            if o.id is not None
            and o.cutoff_date == r.cutoff_date
            and ward_key(o.ward_name) == ward_key(r.ward_name)
            and o.form_period == r.form_period
            and consolidated_any(o.indicators)
            and ranks[o.id] > ranks[r.id]
        ]
        found[r.id] = max(own, key=lambda o: ranks[o.id or 0], default=newer)
    return found


def kept_for_next_year(records: list[Record]) -> dict[int, tuple[dt.date, dt.date]]:
    """The superseded records (`replaced_by`) that next year's forms of their own forms' period
    still compare with, each with that next year's period: a record superseded at its cut-off by a
    run of another forms' period (the year's forms and the fourth quarter's, both at 31/12) that
    is the last run of its ward and forms' period, records without a ward name included, and whose
    period is last year's of one (`_previous` takes it, current or not). Said by `history list`
    and `show`, whose "cũ" read as a record to delete (h215 F1)."""
    kept: dict[int, tuple[dt.date, dt.date]] = {}
    # Set aside at its cut-off by a later run of its ward, or by a later run without a ward name
    # (`used_instead`: its ward's runs use that one there, but `_previous` still takes it for
    # next year's forms of its own period; h222: it was said "không dùng").
    for r_id, newer in {**used_instead(records), **replaced_by(records)}.items():
        record = next(r for r in records if r.id == r_id)
        if newer.form_period == record.form_period:
            continue
        # As `_previous` chooses for a run of its ward: a later record of that period without a
        # ward name is taken before it (review218).
        same = [
            r
            for r in records
            if r.form_period == record.form_period
            and _same_ward(r.ward_name, record.ward_name)
            and consolidated_any(r.indicators)
        ]
        after = same_period_next_year(record.form_period)
        # A period ending 28/02 of a leap year is no next year's last year: 28/02 of the next
        # compares with 29/02 (`same_period_last_year`, review218).
        if same_period_last_year(after) != record.form_period:
            continue
        if latest((r.id or 0, r.ran_at, r.origin) for r in same) == r_id:
            kept[r_id] = after
    return kept


def next_year_compares(
    records: list[Record], period: tuple[dt.date, dt.date], ward_name: str | None
) -> Record | None:
    """The record next year's forms of `period` (`same_period_next_year`) of a run of
    `ward_name` compare with when the record in use at `period`'s cut-off is of another forms'
    period (`_previous`, its second choice): of `records` of `period` that consolidated
    something, of that ward or without a name, the one that ran last. None when there is none,
    or when next year's forms compare with another period (a period to 28/02 of a leap year:
    next year's to 28/02 compare with the one to 29/02). For the run's and the import's note of
    a record taking the place of one of another forms' period (review218 finding 1: it said the
    other stayed next year's comparison without checking)."""
    if same_period_last_year(same_period_next_year(period)) != period:
        return None
    same = [
        r
        for r in records
        if r.form_period == period and consolidated_any(r.indicators) and _same_ward(r.ward_name, ward_name)
    ]
    last = latest((r.id or 0, r.ran_at, r.origin) for r in same)
    return next((r for r in same if r.id == last), None)


def next_year_without(records: list[Record], record: Record) -> Record | None:
    """The record next year's forms of `record`'s own forms' period would compare with once
    `record` is removed (`_previous` on the history without it, for a run of `record`'s ward):
    of the other records of that period that consolidated something, of its ward or without a
    name, the one that ran last; None when there is none. For the removal preview of a record
    `kept_for_next_year` (review218: it said next year would have no “Cùng kỳ năm trước” while
    an earlier run of that period, superseded by the one removed, would be taken instead)."""
    others = [
        r
        for r in records
        if r.id != record.id
        and r.form_period == record.form_period
        and consolidated_any(r.indicators)
        and _same_ward(r.ward_name, record.ward_name)
    ]
    last = latest((r.id or 0, r.ran_at, r.origin) for r in others)
    return next((r for r in others if r.id == last), None)


def _previous(result: ConsolidationResult, used: list[Record], stored: list[Record]) -> Record | None:
    """The same period of last year: the record this run uses for that cut-off (`used`) when its
    forms' period is that one; else, of the ward's records of that forms' period (`stored`: every
    record, current or not), the one that ran last. A run of another forms' period at the same
    cut-off (a quarter's forms made beside the year's) supersedes the year's record there, but
    the year's figures are still the ones its next year compares with. A run that consolidated
    nothing is never last year (`consolidated_any`)."""
    wanted = same_period_last_year(result.forms_period)
    found = next((r for r in reversed(used) if r.form_period == wanted), None)
    if found is not None:
        return found
    others = [
        r
        for r in stored
        if r.form_period == wanted
        and consolidated_any(r.indicators)
        and _same_ward(r.ward_name, result.ward_name)
    ]
    last = latest((r.id or 0, r.ran_at, r.origin) for r in others)
    return next((r for r in others if r.id == last), None)


def _own_record(result: ConsolidationResult, record: Record) -> bool:
    """Whether `record` carries this run's own ward name (`ward_key`, both not empty): the ward's
    own figures whatever its organisations, which are founded, merged, dissolved and renumbered
    between cut-offs (hunt107 F3/F4); the organisation test is for the others."""
    own = ward_key(result.ward_name)
    return bool(own) and ward_key(record.ward_name) == own


def _own_previous(result: ConsolidationResult, chosen: Record, stored: list[Record]) -> Record | None:
    """When last year's record `chosen` (`_previous`) has none of this run's organisations
    (`form.previous_no_common_orgs`: surely another ward's, a record without a name), the
    record of that forms' period with this run's own ward name (not empty) that ran last,
    whatever its organisations (`_own_record`): the ward's own figures, which a run without a
    ward name of another ward, at the same cut-off after it, had put aside. None when there is
    no such record (the `form.previous_*` warning then says what `chosen` covers)."""
    wanted = same_period_last_year(result.forms_period)
    candidates = [
        r
        for r in stored
        if r.id != chosen.id
        and r.form_period == wanted
        and consolidated_any(r.indicators)
        and _own_record(result, r)
    ]
    last = latest((r.id or 0, r.ran_at, r.origin) for r in candidates)
    return next((r for r in candidates if r.id == last), None)


# The warnings of last year's record refused: it shares no organisation with this run.
REFUSED = ("form.previous_no_common_orgs", "form.previous_other_ward")

# What the forms' note says after "Cột “Cùng kỳ năm trước” để trống: " when last year's record
# shares no organisation with this run (`form.previous_no_common_orgs`).
_NO_COMMON_ORGS = (
    "lần tổng hợp kỳ {period} trong lịch sử tổng hợp {value}, nên không phải số liệu của các tổ chức "
    "này (chi tiết ở sheet “Kiểm tra”)"
)


def _period_words(
    period: tuple[dt.date, dt.date], date: Callable[[dt.date], str] = vnformat.message_date
) -> str:
    """A forms' period as a message says it (`vnformat.message_date`, "01/01/2025–31/03/2025"),
    or as a document's note does with `date=vnformat.date` ("01/01/2025–31/3/2025")."""
    return f"{date(period[0])}–{date(period[1])}"


def _org_difference(
    result: ConsolidationResult, record: Record, store: HistoryStore
) -> tuple[list[str], list[str], int] | None:
    """This run's organisation codes `record` lacks, the codes it has beyond them (as each run
    wrote them) and how many codes both have; None when both know the same organisations,
    whatever their status (a partial run's organisations not consolidated are said by
    `missing_orgs`), or when either knows none (a record of an older version or an import
    without its organisations). Codes compare by `org_code_key`. An organisation one side alone
    knows and left out (`excluded`) is neither lacking nor beyond: its figures are in neither
    run, and it may be no organisation of the ward (the row kept for a file of a code the
    registry lacks, `org.unknown`, which a stored record cannot tell from a registry's file with
    errors; hunt337 F4: "thêm 1 tổ chức (HD99)" of a file "không được tổng hợp"). One rule for
    every use: the scope notes (`_org_scope`), `history.previous_orgs_changed` and
    `history.previous_one_former_ward`, the pairs given a new code only (`_renumbered_pairs`)
    and the like-for-like basis (`_past_run`)."""
    now = {org_code_key(o.org_code): (o.org_code, o.status) for o in result.organisations}
    rows = store.org_rows(record.id) if record.id is not None else []
    then = {org_code_key(code): (code, status) for code, _, status in rows}
    now.pop("", None)
    then.pop("", None)
    if not now or not then or now.keys() == then.keys():
        return None
    lacks = [code for key, (code, status) in now.items() if key not in then and status != "excluded"]
    extra = [code for key, (code, status) in then.items() if key not in now and status != "excluded"]
    if not lacks and not extra:
        return None
    return lacks, extra, len(now.keys() & then.keys())


def _org_scope(result: ConsolidationResult, record: Record, store: HistoryStore) -> tuple[bool, str] | None:
    """Whether `record` covered this run's organisations (`_org_difference`): (True, words) when
    it has none of them, (False, words) when some differ, None when both know the same ones (or
    either knows none). The words are what the forms' and report's notes repeat
    (`previous_scope_words`). An organisation given a new code only (`_renumbered_pairs`, the
    rule of `history.previous_orgs_changed`) is neither lacking nor beyond: "có 1 tổ chức nay
    đã đổi mã (A03 thành A09: cùng tên)"; when it is all that differs, both hold the same
    organisations (None; review326 N1: "thiếu 1 tổ chức … (HD99), có 1 tổ chức … (HD03)", the
    run whose opening warning said "chỉ đổi mã"). A record sharing none of them by code stays
    refused whatever their names (another ward's may name its chi bộ alike)."""
    difference = _org_difference(result, record, store)
    if difference is None:
        return None
    lacks, extra, shared = difference
    if not shared:
        # Either list may be empty when the other run's files were all left out (`excluded`).
        mine = f" ({_named(lacks)})" if lacks else ""
        theirs = f", chỉ có {vnformat.number(len(extra))} tổ chức khác ({_named(extra)})" if extra else ""
        return True, f"không có tổ chức nào của lần tổng hợp này{mine}{theirs}"
    recoded = _renumbered_pairs(result, record, lacks, extra, store)
    lacks, extra = _unpaired(lacks, extra, recoded)
    if not lacks and not extra:
        return None
    parts = []
    if lacks:
        few = vnformat.number(len(lacks))
        parts.append(f"thiếu {few} tổ chức của lần tổng hợp này ({_named(lacks)})")
    if extra:
        many = vnformat.number(len(extra))
        parts.append(f"có {many} tổ chức lần tổng hợp này không có ({_named(extra)})")
    if recoded:
        parts.append(f"có {vnformat.number(len(recoded))} tổ chức nay đã đổi mã ({_pairs_named(recoded)})")
    return False, ", ".join(parts)


def _unpaired(
    lacks: Sequence[str], extra: Sequence[str], recoded: Sequence[tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """`lacks` (this run's codes a record lacks) and `extra` (its codes this run lacks) without
    the organisations given a new code only, `recoded` (old, new; `_renumbered_pairs`)."""
    old = {org_code_key(a) for a, _ in recoded}
    new = {org_code_key(b) for _, b in recoded}
    return (
        [code for code in lacks if org_code_key(code) not in new],
        [code for code in extra if org_code_key(code) not in old],
    )


def _pairs_named(recoded: Sequence[tuple[str, str]]) -> str:
    """'A03 thành A09: cùng tên' (the first `MAX_NAMED` pairs, then ', …')."""
    pairs = [f"{a} thành {b}" for a, b in recoded]
    return ", ".join(pairs[:MAX_NAMED]) + (", …" if len(pairs) > MAX_NAMED else "") + ": cùng tên"


# What `history.previous_orgs_changed` adds when some organisation is gone (`{if_gone}`): with
# none gone, only renumbered, it fitted nothing the message listed (review326 N1).
_IF_GONE = (
    " Nếu tổ chức nào \u201ckhông còn\u201d vẫn đang hoạt động mà lần này chưa có tệp, hãy bổ sung "
    "tệp của tổ chức đó rồi tổng hợp lại."
)


def _changed_words(lacks: list[str], extra: list[str], recoded: Sequence[tuple[str, str]] = ()) -> str:
    """'thêm 1 tổ chức (A09), không còn 1 tổ chức (A03)' of `history.previous_orgs_changed` and
    `history.previous_one_former_ward`; `recoded`, the pairs (old code, new code) of
    organisations given a new code only (`_renumbered_pairs`), are neither added nor gone:
    'chỉ đổi mã 1 tổ chức (A03 thành A09: cùng tên)'."""
    lacks, extra = _unpaired(lacks, extra, recoded)
    parts = []
    if lacks:
        parts.append(f"thêm {vnformat.number(len(lacks))} tổ chức ({_named(lacks)})")
    if extra:
        parts.append(f"không còn {vnformat.number(len(extra))} tổ chức ({_named(extra)})")
    if recoded:
        parts.append(f"chỉ đổi mã {vnformat.number(len(recoded))} tổ chức ({_pairs_named(recoded)})")
    return ", ".join(parts)


def _renumbered_pairs(
    result: ConsolidationResult,
    record: Record,
    lacks: Sequence[str],
    extra: Sequence[str],
    store: HistoryStore,
) -> list[tuple[str, str]]:
    """Of this run's codes `record` lacks and its codes this run lacks (`_org_difference`), the
    organisations given a new code only, (old, new), by the opening check's rule
    (`opening.renumbered_codes`: a name one gone and one new hold)."""
    if record.id is None or not lacks or not extra:
        return []
    new_keys = {org_code_key(code) for code in lacks}
    gone_keys = {org_code_key(code) for code in extra}
    gone = {code: name for code, name, _ in store.org_rows(record.id) if org_code_key(code) in gone_keys}
    new = {o.org_code: o.org_name for o in result.organisations if org_code_key(o.org_code) in new_keys}
    return renumbered_codes(gone, new)


def _ward_words(record: Record) -> str:
    return f"của {record.ward_name}" if ward_key(record.ward_name) else "không ghi tên phường"


def _previous_scope(
    result: ConsolidationResult,
    previous: Record,
    store: HistoryStore,
    *,
    in_trend: bool = False,
    stored: Sequence[Record] = (),
) -> Issue | None:
    """Whether last year's record covered this run's organisations (`_org_scope`; hunt104 #1:
    another ward's run without `--ward-name`, after this ward's at that cut-off, was taken as this
    ward's last year): `form.previous_no_common_orgs` when it has none of them (the column is
    left empty; `in_trend`: it is left out of the trend too, said here), `form.previous_other_orgs`
    when some differ (used, said as not like for like); None when both know the same ones. A
    record of this run's own ward name (`_own_record`) is the ward's last year whatever its
    organisations: when they differ, `history.previous_orgs_changed` only names those added and
    gone (hunt107 F3/F4: a ward's organisations change; its Đảng bộ compared is the same) —
    unless this run has organisations the record lacks and `stored` holds, at its cut-off and
    period, records of other ward names with some of this run's organisations (`_former_wards`):
    then the record may be one former ward of a merger renamed to this ward's name (the advice
    before hunt199 F3), compared as if it were the whole, which
    `history.previous_one_former_ward` says, with the merged import advised."""
    if _own_record(result, previous):
        difference = _org_difference(result, previous, store)
        if difference is None:
            return None
        # A chi bộ given a new code only (`_renumbered_pairs`) is the ward's own, said "chỉ đổi
        # mã": never a sign of a former ward, even when another ward's record holds its new code
        # (hunt328 F3: "chỉ đổi mã 1 tổ chức (HD40 thành HD76)" and a merged import advised for
        # that very chi bộ).
        recoded = _renumbered_pairs(result, previous, difference[0], difference[1], store)
        renumbered = {org_code_key(new) for _, new in recoded}
        orgs = {
            org_code_key(o.org_code): o.org_name
            for o in result.organisations
            if o.status == "consolidated" and org_code_key(o.org_code) not in renumbered
        }
        if _unpaired(difference[0], difference[1], recoded)[0] and not previous.merged_from and orgs:
            order = sorted(
                (r for r in stored if ward_key(r.ward_name) not in ("", ward_key(previous.ward_name))),
                key=lambda r: (r.cutoff_date, r.id or 0),
                reverse=True,
            )
            former = [
                r for r in _former_wards(store, previous, order, orgs) if consolidated_any(r.indicators)
            ]
            former = _of_their_size(result, store, previous, former, renumbered) if former else []
            if former:
                exports, command = merge_advice(
                    [(w.id or 0, w.ward_name or "") for w in [previous, *former]],
                    result.ward_name or "",
                    store.path,
                )
                changed = _changed_words(difference[0], difference[1], recoded)
                return make_issue(
                    "history.previous_one_former_ward",
                    value=changed,
                    changed=changed,
                    period=_period_words(previous.form_period),
                    record=str(previous.id),
                    ward=result.ward_name,
                    others="; ".join(f"\u201c{w.ward_name}\u201d (lần số {w.id})" for w in former),
                    exports=exports,
                    command=command,
                )
        # The words are a parameter of their own, capped as words (`MAX_PARAM_CHARS`), not as a
        # value (`MAX_SHOWN_CHARS`): three lists of up to five codes ran past a value's length
        # and the message ended mid-list, "(HD40 thành HD76: … (+9 ký tự)" (hunt321).
        changed = _changed_words(difference[0], difference[1], recoded)
        return make_issue(
            "history.previous_orgs_changed",
            value=changed,
            changed=changed,
            if_gone=_IF_GONE if _unpaired(difference[0], difference[1], recoded)[1] else "",
            period=_period_words(previous.form_period),
            record=str(previous.id),
        )
    scope = _org_scope(result, previous, store)
    if scope is None:
        return None
    none_common, value = scope
    trend = (
        f", sheet “Xu hướng” không có ngày chốt {vnformat.message_date(previous.cutoff_date)}"
        if in_trend
        else ""
    )
    if none_common and ward_key(previous.ward_name):  # another ward's, kept rightly (hunt109 #2)
        return make_issue(
            "form.previous_other_ward",
            value=value,
            period=_period_words(previous.form_period),
            record=str(previous.id),
            other=previous.ward_name,
            trend=trend,
        )
    return make_issue(
        "form.previous_no_common_orgs" if none_common else "form.previous_other_orgs",
        value=value,
        period=_period_words(previous.form_period),
        record=str(previous.id),
        ward=_ward_words(previous),
        advice=removal_advice(previous.id or 0, store.path),
        trend=trend,
    )


def record_codes(store: HistoryStore, record: Record) -> set[str]:
    """The organisation codes (`org_code_key`) `record` knows; empty when it knows none (an
    older version's record, an import without its organisations) or cannot be read now."""
    if record.id is None:
        return set()
    try:
        return {key for code in store.org_names(record.id) if (key := org_code_key(code))}
    except HistoryError:
        return set()


def another_wards(ward_name: str | None, codes: set[str], record: Record, its_codes: set[str]) -> bool:
    """Whether `record` is surely not the figures of a run of `ward_name` with organisation
    codes `codes`: it does not carry that ward name (`ward_key`, not empty) and shares none of
    its organisations (both knowing some)."""
    own = ward_key(ward_name)
    if own and ward_key(record.ward_name) == own:
        return False
    return bool(codes) and bool(its_codes) and not codes & its_codes


def record_for_cutoff(
    ward_name: str | None,
    codes: set[str],
    picked: Record,
    group: list[Record],
    codes_of: Callable[[Record], set[str]],
) -> Record | None:
    """The one rule of which record a run of `ward_name` with organisation codes `codes` uses for
    one earlier cut-off, for its trend, its opening check and (as `_own_previous`) its `Cùng kỳ
    năm trước`, and which `history remove` follows to name the runs that used a record:
    `picked`, the record of its ward that ran last there (`used_records`), unless it is another
    ward's (`another_wards`); then the one of `group` (that cut-off's records the run could see)
    with this run's own ward name that ran last, whatever its organisations (`_own_record`),
    or None."""
    if not another_wards(ward_name, codes, picked, codes_of(picked)):
        return picked
    own = ward_key(ward_name)
    mine = [r for r in group if own and r.id != picked.id and ward_key(r.ward_name) == own]
    last = latest((r.id or 0, r.ran_at, r.origin) for r in mine)
    return next((r for r in mine if r.id == last), None)


def _run_codes(result: ConsolidationResult) -> set[str]:
    return {key for o in result.organisations if (key := org_code_key(o.org_code))}


def _trend_records(
    result: ConsolidationResult, records: list[Record], stored: list[Record], store: HistoryStore
) -> tuple[list[Record], list[tuple[Record, str]]]:
    """The points of the trend, of the records this run uses (`records`, one per cut-off) before
    its cut-off (its own cut-off's is this run; a later cut-off's, there when an earlier cut-off
    is consolidated again after it, is no point: the workbook's figures end at its cut-off,
    `_later_cutoffs` names them), and the records left out with the words of why. As last year's
    record (`_previous_scope`), a record of this run's own ward name is a point whatever its
    organisations (`_own_record`), and one without a name sharing none of this run's
    organisations is not this ward's (another ward's run without `--ward-name`): in its place,
    the ward's own current record of that cut-off, which that run had put aside; else the
    cut-off is left out. A record sharing some is a point (organisations come and go between
    cut-offs; the trend's `Tổ chức được tổng hợp` column shows how many each point counted)."""
    kept: list[Record] = []
    left: list[tuple[Record, str]] = []
    codes = _run_codes(result)
    for r in records:
        if r.cutoff_date >= result.cutoff_date:
            continue  # its own cut-off is this run; a later one is no part of its trend
        group = [o for o in stored if o.is_current and o.cutoff_date == r.cutoff_date]
        used = record_for_cutoff(result.ward_name, codes, r, group, lambda o: record_codes(store, o))
        if used is not None:
            kept.append(used)
        elif (scope := _org_scope(result, r, store)) is not None:
            left.append((r, scope[1]))
    return kept, left


def _later_cutoffs(
    result: ConsolidationResult, records: list[Record], stored: list[Record], store: HistoryStore
) -> list[dt.date]:
    """The cut-offs after this run's of the records it uses (`records`: its ward's, and those
    without a ward name), which its trend leaves out (`_trend_records`), the earliest first:
    each only when `record_for_cutoff` finds this ward's record there, as for an earlier one (a
    record of another ward's run without `--ward-name` is none of this ward's history, review350)."""
    codes = _run_codes(result)
    later = []
    for r in records:
        if r.cutoff_date <= result.cutoff_date:
            continue
        group = [o for o in stored if o.is_current and o.cutoff_date == r.cutoff_date]
        if record_for_cutoff(result.ward_name, codes, r, group, lambda o: record_codes(store, o)) is not None:
            later.append(r.cutoff_date)
    return sorted(set(later))


def _left_out_sentence(record: Record) -> str:
    """Under the `Xu hướng` table: a cut-off left out of the trend (`_trend_records`)."""
    return (
        f"Không đưa vào ngày chốt {vnformat.date(record.cutoff_date)}: lần tổng hợp số {record.id} trong "
        f"lịch sử tổng hợp ({_ward_words(record)}) không có tổ chức nào của lần tổng hợp này (chi tiết ở "
        "sheet “Kiểm tra”)."
    )


def _trend_issue(record: Record, words: str, store: HistoryStore) -> Issue:
    """`history.trend_no_common_orgs` of a record left out of the trend (`_trend_records`);
    `history.trend_other_ward` of one carrying a ward name (another ward's, kept rightly)."""
    if ward_key(record.ward_name):
        return make_issue(
            "history.trend_other_ward",
            value=words,
            cutoff=vnformat.message_date(record.cutoff_date),
            record=str(record.id),
            other=record.ward_name,
        )
    return make_issue(
        "history.trend_no_common_orgs",
        value=words,
        cutoff=vnformat.message_date(record.cutoff_date),
        record=str(record.id),
        ward=_ward_words(record),
        advice=removal_advice(record.id or 0, store.path),
    )


def _named(codes: list[str]) -> str:
    """'A02, A03' (the first `MAX_NAMED`, sorted), then ', …'."""
    return _first_named(sorted(codes))


def _first_named(codes: list[str]) -> str:
    """'A02, A03' (the first `MAX_NAMED`, in their order), then ', …'."""
    return ", ".join(codes[:MAX_NAMED]) + (", …" if len(codes) > MAX_NAMED else "")


def _partial(record: Record) -> bool:
    """Whether a record says it consolidated fewer organisations than it expected: a trial run
    with the files received so far, a late file consolidated alone (hunt115 F1)."""
    return missing_orgs(record.indicators) is not None


def _reference_order(record: Record) -> tuple[bool, dt.date, int]:
    """Which of the records a run may check its opening against comes first: a whole record
    before any partial one (`_partial`: checked against it, every organisation it left out and
    the ward went unchecked, without a word), then the latest cut-off, then the latest run."""
    return (not _partial(record), record.cutoff_date, record.id or 0)


def _inside(result: ConsolidationResult, records: list[Record]) -> list[Record]:
    """The records whose cut-off `C` lies inside this run's change period, before its cut-off,
    or is the day before the period starts (the run before it, as quarter follows quarter): the
    roll at the end of that day is this period's opening, every change after it being in this
    period's files."""
    first = result.period_start - dt.timedelta(days=1)
    return [r for r in records if first <= r.cutoff_date < result.cutoff_date]


# A change period starting at most this long after the day after the last cut-off is taken for
# a slip of its start (15/04 for 01/04), not for a ward that consolidates once a year.
MAX_GAP_DAYS = 92


def _period_gap(result: ConsolidationResult, records: list[Record]) -> Issue | None:
    """`history.period_gap` when no record can be this run's opening (`_inside`) and the ward's
    latest earlier record ends shortly before this run's change period starts: the changes
    between are in no run, and the opening check cannot be made (hunt115 F6: said nothing).
    Not when the start is one no file gives (`ward.period_start_unmatched`, said first): that
    start is the mistake, and this advice, to type the day after the last cut-off, moved it
    to another start no file gives, the 72 files' `org.period_start_differs` left (hunt258 H4)."""
    start = result.period_start
    if _inside(result, records) or (start.month, start.day) == (1, 1):
        return None  # a period from 1 January: a ward that counts its year, whatever it ran before
    if any(i.code == "ward.period_start_unmatched" for i in result.issues):
        return None
    first = start - dt.timedelta(days=1)
    before = [r for r in records if r.cutoff_date < first]
    if not before:
        return None
    last = max(before, key=lambda r: (r.cutoff_date, r.id or 0))
    gap_from = last.cutoff_date + dt.timedelta(days=1)
    if (result.period_start - gap_from).days > MAX_GAP_DAYS:
        return None
    return make_issue(
        "history.period_gap",
        start=vnformat.message_date(result.period_start),
        record=str(last.id),
        cutoff=vnformat.message_date(last.cutoff_date),
        gap_from=vnformat.message_date(gap_from),
        gap_to=vnformat.message_date(first),
    )


def _forms_opening_unrecorded(result: ConsolidationResult, records: list[Record]) -> Issue | None:
    """`form.opening_unrecorded` when the day before the forms' period starts (whose closing is
    Biểu 1's line A) has no record while the change period reaches back past it and every record
    inside it (`_inside`: the opening check's) is of an earlier day: the roll is checked at that
    earlier cut-off only, and line A against no closing stored (hunt321 #6: a third quarter run
    before the second said nothing of it). Not when the change period starts with the forms'
    (`_period_gap`'s, a gap or a slip of the start), nor when no record is inside it (a first
    run), nor when that day ends no quarter: the forms go up by quarter, half-year and year, so
    only a quarter's end is a closing the ward may have reported (forms of February and March
    have no January closing to compare with). Only when the record checked against ends one
    period of this run's forms' length before that day: the ward consolidates period after
    period and this one's predecessor alone is missing (run out of order, or forgotten). A
    ward that consolidates the first quarter once a year, its record of last year's first
    quarter checked against, has no closing of 31/12 to expect and is not warned."""
    eve = result.forms_period[0] - dt.timedelta(days=1)
    if result.period_start > eve or eve.month % 3 or (eve + dt.timedelta(days=1)).day != 1:
        return None
    inside = _inside(result, records)
    if not inside or any(r.cutoff_date >= eve for r in inside):
        return None
    checked = max(inside, key=lambda r: (r.cutoff_date, r.id or 0))
    start, end = result.forms_period
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    ends_month = (checked.cutoff_date + dt.timedelta(days=1)).day == 1
    months_before = (eve.year - checked.cutoff_date.year) * 12 + eve.month - checked.cutoff_date.month
    if start.day != 1 or not ends_month or months_before != months:
        return None
    return make_issue(
        "form.opening_unrecorded",
        where="Toàn Đảng bộ",
        date=vnformat.message_date(eve),
        start=vnformat.message_date(result.forms_period[0]),
        checked=vnformat.message_date(checked.cutoff_date),
        record=str(checked.id),
        after=vnformat.message_date(checked.cutoff_date + dt.timedelta(days=1)),
    )


def _opening(result: ConsolidationResult, records: list[Record]) -> Record | None:
    """The record of this run's opening check (`_inside`): the latest whole one, else the
    latest (`_reference_order`)."""
    return max(_inside(result, records), key=_reference_order, default=None)


def _nearer(result: ConsolidationResult, records: list[Record], opening: Record | None) -> list[Record]:
    """The records inside this run's period (`_inside`) whose cut-off is after the opening
    record's, the earliest first: partial ones, which the whole `opening` was preferred to
    (`_reference_order`). The organisations each consolidated are checked against the nearest
    of them that has them (hunt206 F1: a quarter that left one chi bộ out made the next quarter
    check every chi bộ against the year before, and a row reported late, dated inside the last
    quarter, went unsaid)."""
    if opening is None:
        return []
    later = [r for r in _inside(result, records) if r.cutoff_date > opening.cutoff_date]
    return sorted(later, key=lambda r: (r.cutoff_date, r.id or 0))


def _same_forms_period(
    result: ConsolidationResult, trend: list[Record], stored: list[Record]
) -> Record | None:
    """The record Biểu 1's line A is compared with (`period_opening_issues`): of the records
    inside this run's period (`_inside`) whose forms' period starts as this run's, the latest
    whole one, else the latest (`_reference_order`). They are the records this run uses for
    their cut-offs (`trend`), and, under this run's own ward name (not empty), those a run of
    another forms' period at the same cut-off superseded: a quarter's forms made beside the
    year's leave the year's figures the ones the year's next run compares with, as `_previous`
    keeps them for next year (hunt115 F1b)."""
    start = result.forms_period[0]
    own = ward_key(result.ward_name)
    # A run of the same forms' period at the same cut-off (a correction, a re-run) replaced the
    # record for good; only one of another forms' period leaves it the year's.
    other_forms = {r.cutoff_date for r in trend if r.form_period[0] != start}
    superseded = [
        r
        for r in stored
        if not r.is_current
        and own
        and ward_key(r.ward_name) == own
        and consolidated_any(r.indicators)
        and r.cutoff_date in other_forms
    ]
    found = [r for r in _inside(result, [*trend, *superseded]) if r.form_period[0] == start]
    return max(found, key=_reference_order, default=None)


def _last_year(
    result: ConsolidationResult,
    records: list[Record],
    stored: list[Record],
    store: HistoryStore,
    left_out: list[tuple[Record, str]],
) -> tuple[Record | None, Issue | None, int | None]:
    """The one rule of last year's record of a run (`open_for_run`, and `export_previous` for a
    record's export): of `stored` (every record the run could see) and `records` (those it uses,
    one per cut-off), the record of last year's forms' period (`_previous`), or the ward's own
    in place of one of none of its organisations (`_own_previous`); with the warning said of
    its organisations (`_previous_scope`), and the number of a record refused (it shares none:
    the record is None, `result.no_previous` says why; its trend point, among `left_out`, is
    said with it)."""
    previous = _previous(result, records, stored)
    scope = _previous_scope(result, previous, store, stored=stored) if previous is not None else None
    if scope is not None and scope.code in REFUSED and previous is not None:
        if (own := _own_previous(result, previous, stored)) is not None:
            previous, scope = own, _previous_scope(result, own, store, stored=stored)
    refused = None
    if scope is not None and previous is not None and scope.code in REFUSED:  # none of this run's
        refused = previous.id
        if any(r.id == refused for r, _ in left_out):
            scope = _previous_scope(result, previous, store, in_trend=True) or scope
        previous = None
        result.no_previous = _NO_COMMON_ORGS.format(
            period=_period_words(same_period_last_year(result.forms_period), vnformat.date), value=scope.value
        )
    return previous, scope, refused


def _other_period(result: ConsolidationResult, records: list[Record]) -> Record | None:
    """The record this run uses at last year's cut-off (`records`, one per cut-off: this ward's,
    or without a ward name) when it is of another forms' period than last year's of this run
    (`_previous` found none of that period): a quarter's forms beside last year's year-to-date
    ones (hunt261 G3). None when there is none, or it consolidated nothing."""
    wanted = same_period_last_year(result.forms_period)
    found = next((r for r in reversed(records) if r.cutoff_date == wanted[1]), None)
    if found is None or found.form_period == wanted or not consolidated_any(found.indicators):
        return None
    return found


def _other_period_advice(record: Record, wanted: tuple[dt.date, dt.date], store: HistoryStore) -> str:
    """How to add last year's record of the forms' period `wanted` beside `record`, of another
    period at the same cut-off, by `record`'s origin (review265): a consolidation's files are
    consolidated again; a record typed from last year's forms has no files here (a first-year
    office), so the forms of that period are typed (`history blank-forms`); an imported summary
    (a merged ward's sum of its former wards' too) was made elsewhere, so that period's summary
    is made where those files are and imported."""
    cutoff, start = vnformat.message_date(wanted[1]), vnformat.message_date(wanted[0])
    if record.origin == "import" and _typed_forms(record, store):
        return (
            f"hãy chép các biểu kỳ đó đã gửi năm trước vào tệp Excel do lệnh “history blank-forms” tạo ra "
            f"với ngày chốt {cutoff} và kỳ báo cáo từ ngày {start}, thêm tệp đó vào cùng lịch sử tổng hợp "
            "bằng lệnh “history import”"
        )
    if record.origin == "import" and record.merged_from:
        return (
            "hãy thêm vào cùng lịch sử tổng hợp các tệp JSON số liệu kỳ đó của "
            f"{merged_words(record.merged_from)} bằng lệnh “history import … --merged-ward”"
        )
    if record.origin == "import":
        return (
            f"hãy tổng hợp lại các tệp của ngày chốt {cutoff} với kỳ báo cáo từ ngày {start} ở nơi đã "
            "tổng hợp lần đó (lần đó được thêm vào từ tệp JSON) và thêm tệp JSON số liệu ghi ra vào cùng "
            "lịch sử tổng hợp bằng lệnh “history import”"
        )
    return (
        f"hãy tổng hợp lại các tệp của ngày chốt {cutoff} với kỳ báo cáo từ ngày {start} "
        "vào cùng lịch sử tổng hợp"
    )


def _other_period_previous(
    result: ConsolidationResult, records: list[Record], stored: list[Record], store: HistoryStore
) -> list[Issue]:
    """When there is no record of last year's forms' period but the ward has one at last year's
    cut-off of another forms' period (`_other_period`, hunt261 G3): `form.previous_other_period`
    says so in `Kiểm tra` and how to fill the column (`_other_period_advice`: consolidating last
    year's files again with this run's forms' period of last year, into the same history, gives
    the record `_previous` takes), and the forms' note on the empty `Cùng kỳ năm trước` says what
    the history has (`result.no_previous`; a form goes out on its own: no advice, no record
    number on it). The forms whose every figure is a snapshot at the cut-off (`Form.snapshot`:
    Biểu 3) take their column from it (`result.previous_snapshot`), unless its organisations
    differ from this run's (`_previous_scope` says something of it: those forms then stay empty
    too, as their note says)."""
    record = _other_period(result, records)
    if record is None:
        return []
    wanted = same_period_last_year(result.forms_period)
    cutoff, period = vnformat.date(wanted[1]), _period_words(record.form_period, vnformat.date)
    result.no_previous = (
        f"lịch sử tổng hợp có lần tổng hợp ngày chốt {cutoff} nhưng của kỳ {period}, không cùng kỳ với "
        "biểu lần này (chi tiết ở sheet “Kiểm tra”)"
    )
    snapshot = _previous_scope(result, record, store, stored=stored) is None
    if snapshot:
        result.previous_snapshot = _past_run(result, record, store)
        result.previous_snapshot_note = (
            f"Cột “Cùng kỳ năm trước” là số liệu ngày chốt {cutoff} (lần tổng hợp của kỳ {period}): số "
            "liệu của biểu này là số tại ngày chốt, không phụ thuộc kỳ báo cáo."
        )
    return [
        make_issue(
            "form.previous_other_period",
            cutoff=vnformat.message_date(wanted[1]),
            record=str(record.id),
            period=_period_words(record.form_period),
            wanted=_period_words(wanted),
            forms="của các biểu tính theo kỳ báo cáo" if snapshot else "của các biểu",
            snapshot=(
                "; các biểu chỉ có số tại ngày chốt lấy số liệu của lần đó, ghi chú dưới biểu nói rõ"
                if snapshot
                else ""
            ),
            advice=_other_period_advice(record, wanted, store),
        )
    ]


def _stored_before(found: list[Record], record_id: int) -> list[Record]:
    """The records of `found` stored before the record `record_id` (a lower number; a removed
    record's copy put back keeps its number), each current as it was then (`current_ids` of
    those alone): the history a run read before its own record was added, but for the records
    removed since."""
    return marked_current([r for r in found if (r.id or 0) < record_id])


def _as_result(record: Record) -> ConsolidationResult:
    """What the rules of the history read of the run a stored `record` was (its ward name,
    forms' period and organisations), as a result."""
    return ConsolidationResult(
        cutoff_date=record.cutoff_date,
        period_start=record.period_start,
        template_version=record.template_version or "",
        years=list(range(record.period_start.year, record.cutoff_date.year + 1)),
        indicators=dict(record.indicators),
        organisations=[
            OrgResult(o.org_code, o.org_name, o.org_tier, o.sector, o.status, o.file, dict(o.indicators))  # type: ignore[arg-type]
            for o in record.organisations
        ],
        issues=[],
        sources=[],
        run_id=record.run_id,
        ward_name=record.ward_name,
        form_period=record.form_period,
    )


def _past_run(result: ConsolidationResult, previous: Record, store: HistoryStore) -> PastRun:
    """What `result`'s outputs use of last year's record `previous`: its figures, and those of
    the organisations both runs consolidated (`PastRun.common`, read for `COMPARED_IDS` only),
    which the report compares when either run lacks organisations; no `common` when the record
    keeps no organisation's figures (an import without them: `PastRun.common_unknown` says so).
    An organisation given a new code only (`_renumbered_pairs`, the rule that names it "đã đổi
    mã" in the same notes) is one of both runs, compared under its old code (hunt328 F2: "có 1
    tổ chức nay đã đổi mã (HD40 thành HD76: cùng tên)", then left out of "Tính trên 70 tổ
    chức có số liệu cả hai kỳ")."""
    past = previous.past_run()
    if previous.origin == "import" and _typed_forms(previous, store):
        past = replace(past, typed_forms=True)
    then = store.org_figures(previous.id, COMPARED_IDS) if previous.id is not None else []
    if not then:
        # Every stored run keeps its consolidated organisations' figures (a run that consolidated
        # none is never stored): an imported record without them is a summary imported without
        # them, which the report then says alone (review159 R6).
        imported = previous.id is not None and previous.origin == "import"
        return replace(past, common_unknown=NO_ORG_FIGURES) if imported else past
    # This run consolidating none: no organisation of both runs (`common.orgs` 0).
    old_code = _old_codes(result, previous, store)
    now = [
        (old_code.get(org_code_key(o.org_code), o.org_code), o.indicators)
        for o in result.organisations
        if o.status == "consolidated"
    ]
    return replace(past, common=common_figures(now, then))


def _trend_point(result: ConsolidationResult, record: Record, store: HistoryStore) -> PastRun:
    """`record`'s point of the trend, with the organisations its run consolidated
    (`PastRun.consolidated`, each given a new code only since under this run's code: `_old_codes`,
    the rule of `_past_run`'s `common`); none when the record keeps no organisations (an older
    version's, an import without them): whether the cut-offs are of the same organisations is
    then not known, and `Xu hướng` says, as before, that they may not be (fix387)."""
    past = record.past_run()
    codes = store.org_names(record.id) if record.id is not None else {}
    keys = {key for code in codes if (key := org_code_key(code))}
    if not keys:
        return past
    new = {org_code_key(old): key for key, old in _old_codes(result, record, store).items()}
    return replace(past, consolidated=frozenset(new.get(key, key) for key in keys))


def _old_codes(result: ConsolidationResult, record: Record, store: HistoryStore) -> dict[str, str]:
    """This run's organisations given a new code only since `record` (`_renumbered_pairs` of
    `_org_difference`), each code's key to its code in `record`."""
    difference = _org_difference(result, record, store)
    if difference is None:
        return {}
    pairs = _renumbered_pairs(result, record, difference[0], difference[1], store)
    return {org_code_key(new): old for old, new in pairs}


def _typed_forms(record: Record, store: HistoryStore) -> bool:
    """Whether `record` was typed from last year's forms sent up (its source marked
    `TYPED_STATUS`): by its sources when read with them, else by the store's list of such
    records (a record read for a run may have no sources)."""
    from toolkit.core.entry_marker import TYPED_STATUS

    if any(s.status == TYPED_STATUS for s in record.sources):
        return True
    try:  # only a marker of the summary: never the run's reading of the history
        return record.id is not None and record.id in store.typed_forms()
    except HistoryError:
        return False


def export_previous(store: HistoryStore, record: Record) -> tuple[PastRun | None, Issue | None]:
    """Last year's figures of a stored consolidation's export (`history export`), as its run had
    them (hunt121 F2: an export always said none, so its report lacked the comparison and a
    roll-up of exports said `rollup.no_previous`): the record the run's own rule (`_last_year`)
    picks of the records stored before it (`_stored_before`), so that a record added since (a
    corrected re-run of last year, an import) does not change what the run published; with the
    warning the run said of that record's organisations, which the report repeats. None for an
    imported record (what the run that made it compared with is not known here: it ran
    elsewhere, or is a summary put back, `later_runs_note`), and when the history held none, or
    holds it no more (removed since; the rule then picks among those left, as a run would)."""
    if record.origin != "consolidate" or record.id is None:
        return None, None
    found, _damaged = store.scan()  # a damaged record is never current: as the run read it
    stored = _stored_before(found, record.id)
    full = store.get(record.id) or record
    result = _as_result(full)
    records = used_records([r for r in stored if r.is_current], result.ward_name)
    _trend, left_out = _trend_records(result, records, stored, store)
    previous, scope, _refused = _last_year(result, records, stored, store, left_out)
    return (_past_run(result, previous, store) if previous is not None else None), scope


def open_for_run(result: ConsolidationResult, path: Path, *, timeout: float = DEFAULT_TIMEOUT) -> RunHistory:
    """Read the history at `path` for `result`: set `result.previous`, `result.trend`, add the
    opening check's and the history's own warnings to `result.issues`."""
    run = RunHistory(HistoryStore(path, timeout=timeout))
    try:
        # The current record of each cut-off and ward: a run that consolidated nothing (a wrong
        # folder or cut-off) is no ward's figures, never current, so never last year's column,
        # an opening balance or a point of the trend, nor in the way of the real record. Every
        # record is read: last year's forms' period may be that of a record made old (`_previous`).
        stored = run.store.records()
        records = used_records([r for r in stored if r.is_current], result.ward_name)
        # The record of each earlier cut-off this run uses (`record_for_cutoff`): the trend's
        # points, and the opening check's record among them (hunt109 #1: never another ward's).
        notes: list[str] = []  # under the trend table: a failed `_trend_records` said (`_no_trend`)
        trend, left_out = _checked(
            "_trend_records",
            run.issues,
            lambda: _trend_records(result, records, stored, run.store),
            lambda _: _no_trend(notes),
        )
        points = _checked(
            "_trend_points",
            run.issues,
            lambda: [_trend_point(result, r, run.store) for r in trend],
            lambda _: [r.past_run() for r in trend],
        )
        result.trend_later = _checked(
            "_later_cutoffs",
            run.issues,
            lambda: _later_cutoffs(result, records, stored, run.store),
            lambda _: [],
        )
        opening = _checked("_opening", run.issues, lambda: _opening(result, trend), lambda _: None)
        nearer = _checked("_nearer", run.issues, lambda: _nearer(result, trend, opening), lambda _: [])
        gap = _checked("_period_gap", run.issues, lambda: _period_gap(result, trend), lambda _: None)
        if gap is not None:
            run.issues.append(gap)
        unrecorded = _checked(
            "_forms_opening_unrecorded",
            run.issues,
            lambda: _forms_opening_unrecorded(result, trend),
            lambda _: None,
        )
        if unrecorded is not None:
            run.issues.append(unrecorded)
        run.later = any(r.cutoff_date > result.cutoff_date for r in stored)
        totals: dict[str, int | float] = {}
        names: dict[str, str | None] = {}
        whole: Record | None = None  # with its organisations: of the same forms' period only
        left: list[str] = []  # the opening record's organisations not consolidated then
        if opening is not None and opening.id is not None:
            totals, names = org_totals(run.store, opening.id), run.store.org_names(opening.id)
            left = run.store.org_codes_left_out(opening.id)
        # Each nearer partial record with its organisations' figures, names and those left out.
        near_refs = [
            (r, org_totals(run.store, r.id), run.store.org_names(r.id), run.store.org_codes_left_out(r.id))
            for r in nearer
            if r.id is not None
        ]
        same_forms = _checked(
            "_same_forms_period",
            run.issues,
            lambda: _same_forms_period(result, trend, stored),
            lambda _: None,
        )
        if same_forms is not None and same_forms.id is not None:
            whole = run.store.get(same_forms.id)
        previous, scope, refused = _checked(
            "_last_year",
            run.issues,
            lambda: _last_year(result, records, stored, run.store, left_out),
            lambda _: _no_last_year(result),
        )
        result.previous = None
        if previous is None and refused is None and result.no_previous is None:
            run.issues += _checked(
                "_other_period_previous",
                run.issues,
                lambda: _other_period_previous(result, records, stored, run.store),
                lambda _: _no_other_period_previous(result),
            )
        if previous is not None:
            last = previous
            result.previous = _checked(
                "_past_run",
                run.issues,
                lambda: _past_run(result, last, run.store),
                lambda _: _no_past_run(result),
            )
            if result.previous is None:  # its warning is of a column left empty
                scope = None
            elif scope is None:  # last year's record of this ward's own scope
                run.issues += _checked(
                    "last_close_issues",
                    run.issues,
                    lambda: last_close_issues(result, last, opening),
                    lambda _: [],
                )
        if scope is not None:
            run.issues.append(scope)
        explained = [(r, words) for r, words in left_out if r.id != refused]
        run.issues += _checked(
            "_trend_issue",
            run.issues,
            lambda: [_trend_issue(r, words, run.store) for r, words in explained],
            lambda _: [],
        )
        result.trend_left_out = [*notes, *(_left_out_sentence(r) for r, _ in left_out)]
        if refused is not None or left_out:
            run.issues += _checked(
                "_ward_name_missing",
                run.issues,
                lambda: _ward_name_missing(run.store, result, stored),
                lambda _: [],
            )
        result.history_use = "read"
    except HistoryError as exc:
        run.recordable = False
        run.issues.append(history_issue(exc, read_failed=True))
        stored, records, opening, totals, names, whole, previous = [], [], None, {}, {}, None, None
        left, near_refs = [], []
        trend, points = [], []
        result.history_use = "unreadable"
        result.previous = None
    if run.store.interrupted:  # rolled back on opening: the run it was recording is in no record
        run.issues.append(make_issue("history.write_interrupted", path=str(run.store.path)))
    if result.history_use == "read":
        no_previous = previous is None
        run.issues += _checked(
            "_other_ward_name",
            run.issues,
            lambda: _other_ward_name(run.store, result, stored, no_previous),
            lambda _: [],
        )
    result.trend = points
    if opening is not None:
        # The opening record, then each nearer partial record (`_nearer`), the nearest last: each
        # checks the organisations no later one of them has (`opening_issues`' `nearer`), so every
        # organisation is checked against the nearest record that has it.
        refs = [(opening, totals, names, left), *near_refs]
        for n, (ref, ref_totals, ref_names, ref_left) in enumerate(refs):
            later = {code for _, figures, _, _ in refs[n + 1 :] for code in figures}
            run.issues += _checked(
                "opening_issues",
                run.issues,
                partial(
                    _opening_check,
                    result,
                    ref,
                    ref_totals,
                    ref_names,
                    ref_left,
                    later,
                    # The opening record's ward left unchecked for its coverage is said (hunt220 R5).
                    run.store if n == 0 else None,
                ),
                lambda _: [],
            )
        # The organisations no reference has, one of them having left them out: said unchecked.
        references = [(ref, list(ref_totals), ref_left) for ref, ref_totals, _, ref_left in refs]
        run.issues += _checked(
            "unchecked_issues", run.issues, lambda: unchecked_issues(result, references), lambda _: []
        )
    if whole is not None:
        same = whole
        run.issues += _checked(
            "period_opening_issues", run.issues, lambda: period_opening_issues(result, same), lambda _: []
        )
        # An unknown code the same period's record consolidated: its advice is the record's.
        advised = _checked(
            "unknown_code_stored", run.issues, lambda: unknown_code_stored(result, same), lambda _: []
        )
        kept = {id(old): new for old, new in advised}
        result.issues = [kept.get(id(i), i) for i in result.issues]
    if run.recordable and not consolidated_any(result.indicators):
        run.recordable = False
        run.issues.append(make_issue("history.empty_run", cutoff=vnformat.message_date(result.cutoff_date)))
    if run.recordable:
        try:
            run.store.check_writable()
        except (HistoryReadOnly, HistoryPathTooLong) as exc:  # the outputs are written all the same
            run.recordable = False
            run.issues.append(history_issue(exc, read_failed=False))
    if not run.recordable:
        run.unrecorded = unrecorded_note(result, run.issues)
    add_issues(result, run.issues)
    return run


def _opening_check(
    result: ConsolidationResult,
    ref: Record,
    totals: Mapping[str, int | float],
    names: Mapping[str, str | None],
    left: Collection[str],
    nearer: Collection[str],
    history: HistoryStore | None,
) -> list[Issue]:
    """`opening_issues` against the reference record `ref`; with `history` (the opening record,
    read from it), `form.ward_opening_unchecked` when the ward is not compared for `ref`'s
    coverage (`ward_unchecked_issue`; a record of coverage unknown or partial typed from last year's forms
    is told by its workbook, `HistoryStore.typed_forms`: the records a run reads have no files)."""
    unchecked = None
    typed_from = None
    if history is not None:
        coverage = org_coverage(ref.indicators)  # unknown or partial: its typed workbook named
        typed = None
        if coverage is None or _partial(ref) or not totals:
            try:  # only the advice's words: never the opening check itself (review231 R2)
                typed = history.typed_forms().get(ref.id or 0)
            except HistoryError:
                typed = None
        unchecked = ward_unchecked_issue(ref, history.path, typed=typed)
        if typed is not None:
            typed_from = (
                typed,
                removal_advice(ref.id or 0, history.path),
                typed_import_advice(typed, history.path),
            )
    return opening_issues(
        result,
        ref.cutoff_date,
        totals,
        ref.indicators,
        names,
        left,
        merged_from=ref.merged_from,
        nearer=nearer,
        unchecked=unchecked,
        typed=typed_from,
        record=ref.id or 0,
    )


_T = TypeVar("_T")
# The most other wards' records whose every set `_of_their_size` tries (2**10 sets at most).
_MOST_FORMER = 10
# `_last_year`'s answer when it fails: no record of last year, no warning of it, none refused.
NO_LAST_YEAR: tuple[Record | None, Issue | None, int | None] = (None, None, None)
# What a history check or choice that fails leaves out of the outputs or unchecked, said by its
# `history.check_failed` (after its reason): the parts of the outputs it supplies are missing, as
# when the history has no data for them; a check is not made.
_LEFT_OUT = {
    "_trend_records": (
        ", nên sheet \u201cXu hướng\u201d không có số liệu các ngày chốt trước và số đầu kỳ chưa "
        "được đối chiếu với các lần tổng hợp trước"
    ),
    "_trend_points": (
        ", nên sheet \u201cXu hướng\u201d chưa biết các lần chốt có cùng các tổ chức hay không"
    ),
    "_later_cutoffs": ", nên sheet \u201cXu hướng\u201d không nêu các ngày chốt sau ngày chốt của lần này",
    "_opening": ", nên số đầu kỳ chưa được đối chiếu với lần tổng hợp của ngày chốt trước",
    "_nearer": (
        ", nên số đầu kỳ chỉ được đối chiếu với lần tổng hợp đủ các tổ chức gần nhất, chưa với lần "
        "tổng hợp thiếu tổ chức của ngày chốt sau đó"
    ),
    "_period_gap": ", nên chưa kiểm tra được kỳ biến động lần này có nối tiếp lần tổng hợp trước không",
    "_forms_opening_unrecorded": (
        ", nên chưa kiểm tra được lịch sử có lần tổng hợp của ngày trước kỳ báo cáo của các biểu hay không"
    ),
    "_same_forms_period": (
        ", nên số đầu kỳ của Biểu 1 chưa được đối chiếu với lần tổng hợp trước cùng kỳ của biểu"
    ),
    "_last_year": ", nên cột \u201cCùng kỳ năm trước\u201d của các biểu để trống",
    "_past_run": ", nên cột \u201cCùng kỳ năm trước\u201d của các biểu để trống",
    "_other_period_previous": ", nên cột \u201cCùng kỳ năm trước\u201d của các biểu để trống",
    "_trend_issue": (
        ", nên chưa nói được ở sheet \u201cKiểm tra\u201d vì sao có ngày chốt không được đưa vào sheet "
        "\u201cXu hướng\u201d"
    ),
    "_ward_name_missing": (
        ", nên chưa kiểm tra được lịch sử có số liệu các tổ chức này dưới một tên phường không"
    ),
    "_other_ward_name": (
        ", nên chưa kiểm tra được lịch sử có số liệu các tổ chức này dưới tên phường khác không"
    ),
    "opening_issues": ", nên số đầu kỳ chưa được đối chiếu với lần tổng hợp của ngày chốt trước",
    "unchecked_issues": (
        ", nên chưa nói được tổ chức nào thiếu ở lần tổng hợp trước có số đầu kỳ chưa được đối chiếu"
    ),
    "period_opening_issues": (
        ", nên số đầu kỳ của Biểu 1 chưa được đối chiếu với lần tổng hợp trước cùng kỳ của biểu"
    ),
    "last_close_issues": ", nên số đầu kỳ của Biểu 1 chưa được đối chiếu với số cuối kỳ năm trước",
    # It also rewrites the errors of an old file, a file of another cut-off and an organisation
    # that sent none, when they are a dissolved organisation's last report (hunt389, fix393).
    "unknown_code_stored": (
        ", nên các lỗi, cảnh báo về mã tổ chức không có trong danh mục, tệp cũ của kỳ khác, ngày "
        "chốt khác và tổ chức chưa nộp tệp chưa nói tổ chức ấy đã được tổng hợp trong lần tổng hợp "
        "trước cùng kỳ của biểu (báo cáo cuối của tổ chức đã giải thể, sáp nhập)"
    ),
}
# Why `Cùng kỳ năm trước` is empty (the forms' note) when `_last_year` or `_past_run` failed.
LAST_YEAR_FAILED = (
    "lỗi chương trình khi lấy số liệu từ lịch sử tổng hợp (chi tiết ở sheet \u201cKiểm tra\u201d)"
)
# Under the trend table when `_trend_records` failed.
TREND_FAILED = (
    "Không lấy được số liệu các ngày chốt trước từ lịch sử tổng hợp do lỗi chương trình (chi tiết ở "
    "sheet \u201cKiểm tra\u201d)."
)


def _no_last_year(result: ConsolidationResult) -> tuple[Record | None, Issue | None, int | None]:
    """A failed `_last_year` or `_past_run`: no last year, as when the history has none, its
    forms' note saying why (`LAST_YEAR_FAILED`, not that the history lacks it)."""
    result.no_previous = LAST_YEAR_FAILED
    return NO_LAST_YEAR


def _no_other_period_previous(result: ConsolidationResult) -> list[Issue]:
    """A failed `_other_period_previous`: no last year for any form, Biểu 3 included, its note
    saying why (`LAST_YEAR_FAILED`), not the advice it may have set before failing (review265)."""
    _no_last_year(result)
    result.previous_snapshot = result.previous_snapshot_note = None
    return []


def _no_past_run(result: ConsolidationResult) -> PastRun | None:
    """A failed `_past_run`: as a failed `_last_year` (`_no_last_year`)."""
    _no_last_year(result)
    return None


def _no_trend(notes: list[str]) -> tuple[list[Record], list[tuple[Record, str]]]:
    """A failed `_trend_records`: no earlier cut-off, as when the history has none (so no
    opening check either), the table's note (`notes`) saying why."""
    notes.append(TREND_FAILED)
    return [], []


def _checked(name: str, issues: list[Issue], call: Callable[[], _T], failed: Callable[[Issue], _T]) -> _T:
    """What `call` (the history's check or choice `name`) gives; should it fail (a fault of the
    program, met on some history), `history.check_failed` naming it and what it leaves out
    (`_LEFT_OUT`), added to `issues`, and what `failed` makes of that error (no data, as when
    the history has none): the run's other results are kept and its outputs written, as
    `validation.run` does with a check that fails (hunt173 A: the run stopped with an
    unexpected error). A Ctrl+C or an exit is no `Exception` and goes through; the exception's
    text is left out, as there (it may quote a member's data)."""
    try:
        return call()
    except HistoryError:
        raise  # the history's own trouble, said by the caller as it says it (`history_issue`)
    except Exception as exc:
        issue = make_issue(
            "history.check_failed", reason=f"{name}: {unexpected_cause(exc)}", consequence=_LEFT_OUT[name]
        )
        issues.append(issue)
        return failed(issue)


def _overlap(store: HistoryStore, record: Record, orgs: dict[str, str | None]) -> list[str]:
    """The codes, as stored, of `record`'s consolidated organisations that are this run's
    (`orgs`: its consolidated ones' names by `org_code_key`): same code, and same name when both
    are known (`org_name_key`). Empty unless they are at least half of this run's: two wards'
    generic codes ("CB01") alone are not one ward's history."""
    same = []
    for code, name in store.org_names(record.id or 0).items():
        key = org_code_key(code)
        if key not in orgs:
            continue
        then, now = org_name_key(name), org_name_key(orgs[key])
        if not then or not now or then == now:
            same.append(code)
    return sorted(same) if 2 * len(same) >= len(orgs) else []


def _shared(store: HistoryStore, record: Record, orgs: dict[str, str | None]) -> list[str]:
    """The codes, as stored, of `record`'s organisations that are this run's (`orgs`), same code
    and same name when both are known, however few (`_overlap` asks for half)."""
    same = []
    for code, name in store.org_names(record.id or 0).items():
        key = org_code_key(code)
        if key in orgs and (
            not org_name_key(name)
            or not org_name_key(orgs[key])
            or org_name_key(name) == org_name_key(orgs[key])
        ):
            same.append(code)
    return sorted(same)


def _beyond(store: HistoryStore, record: Record, orgs: dict[str, str | None]) -> bool:
    """Whether this run has organisations (`orgs`, by code) that `record` did not have: without
    any, the run's ward is that ward at most (renamed), never the merger of it and others."""
    known = {org_code_key(code) for code in store.org_names(record.id or 0)}
    return any(key not in known for key in orgs)


def _of_their_size(
    result: ConsolidationResult,
    store: HistoryStore,
    base: Record,
    others: list[Record],
    renumbered: Collection[str] = (),
) -> list[Record]:
    """Those of `others` (other wards' records a merger would have brought, latest first) that
    the organisations of this run which `base` lacks are about the size of: held, at `base`'s
    cut-off, from half to twice their `members.total` sum (review203 R1); of the sets of them
    that are, the one whose sum is nearest (review207: a third ward of the same history file
    with generic codes and names alike, counted with the real former ward, made the sum fail
    and renaming one former ward was advised again; a small one was named and summed too).
    Empty when none is. Organisation codes and names alike (generic ones: “Chi bộ Quân sự
    phường”) are not enough to take a ward for a former one: an ordinary ward that gained one
    chi bộ of 56 members, beside another ward of 180 in the same history file, is not their
    merger. Generous, for a former ward moved only partly (the 2025 reorganisation) or grown
    since; each newcomer counted by its own roll then (its closing roll less its joins after
    that day, plus its departures after it), or its roll now without its changes. All of them,
    which keeps the warning, when some has no member total, or when there are too many to try
    each set (`_MOST_FORMER`). `renumbered`: the keys of this run's codes that are `base`'s
    organisations given a new code only (`_renumbered_pairs`), none of them brought."""
    totals = [r.indicators.get("members.total") for r in others]
    if any(not isinstance(total, int | float) for total in totals) or len(others) > _MOST_FORMER:
        return list(others)
    known = {org_code_key(code) for code in store.org_names(base.id or 0)} | set(renumbered)
    brought = 0
    for org in result.organisations:
        if org.status != "consolidated" or org_code_key(org.org_code) in known:
            continue
        closing = int(org.indicators.get("members.total", 0) or 0)
        moves = result.roll_moves.get(org.org_code)
        brought += moves.roll_at(closing, base.cutoff_date) if moves is not None else closing
    best: list[Record] = []
    nearest = 0.0
    for size in range(1, len(others) + 1):
        for chosen in combinations(range(len(others)), size):
            theirs = sum(int(totals[i] or 0) for i in chosen)
            if not (0 < theirs <= 2 * brought and brought <= 2 * theirs):
                continue
            gap = abs(math.log(theirs / brought))  # 0 < brought: theirs <= 2 * brought
            if not best or gap < nearest:
                best, nearest = [others[i] for i in chosen], gap
    return best


def _former_wards(
    store: HistoryStore, found: Record, order: list[Record], orgs: dict[str, str | None]
) -> list[Record]:
    """Besides `found` (a record of last year's period under another ward name with this run's
    organisations), the current records of that period and cut-off of other ward names still,
    one per name, that share some organisation with this run (`_shared`), latest first: with
    `found`, the wards this one may have been merged from."""
    named = {ward_key(found.ward_name)}
    former = []
    for r in order:
        key = ward_key(r.ward_name)
        if key in named or not r.is_current or r.form_period != found.form_period:
            continue
        if r.cutoff_date != found.cutoff_date or not _shared(store, r, orgs):
            continue
        named.add(key)
        former.append(r)
    return former


def _continued(
    store: HistoryStore, result: ConsolidationResult, records: list[Record], orgs: dict[str, str | None]
) -> Record | None:
    """Of `records` (other ward names' records, latest first), the latest of each name that holds
    this run's organisations (`_overlap`), the one this run continues: the one it has most
    organisations of, of those the nearest its `members.total`, then the latest (as a merger's
    base is chosen in `_other_ward_name`). None when none holds them."""
    named: set[str] = set()
    wards = []
    for r in records:
        key = ward_key(r.ward_name)
        if key in named or not _overlap(store, r, orgs):
            continue
        named.add(key)
        wards.append(r)
    if not wards:
        return None
    now = int(result.indicators.get("members.total") or 0)
    return max(
        wards,
        key=lambda w: (len(_shared(store, w, orgs)), -abs(now - int(w.indicators.get("members.total") or 0))),
    )


def _other_ward_name(
    store: HistoryStore, result: ConsolidationResult, stored: list[Record], no_previous: bool
) -> list[Issue]:
    """`history.other_ward_name` when the history holds this run's organisations (`_overlap`)
    under another ward name (hunt104 #2: "Phuong Thu" for "Phường Thử"), whose records a run of
    this name never uses (names are not matched: they may be two wards). Named: without last
    year's record (`no_previous`), the latest of last year's forms' period under another name;
    else, when no record has this run's ward name, the latest of another name. A last year's
    one is said in the forms' note on the empty `Cùng kỳ năm trước` too (`result.no_previous`)."""
    own = ward_key(result.ward_name)
    orgs = {org_code_key(o.org_code): o.org_name for o in result.organisations if o.status == "consolidated"}
    if not own or not orgs:
        return []
    others = [r for r in stored if ward_key(r.ward_name) not in ("", own) and consolidated_any(r.indicators)]
    wanted = same_period_last_year(result.forms_period)
    order = sorted(others, key=lambda r: (r.cutoff_date, r.id or 0), reverse=True)
    candidates: list[tuple[bool, Record]] = []
    if no_previous:
        candidates += [(True, r) for r in order if r.form_period == wanted]
    if not any(ward_key(r.ward_name) == own for r in stored):
        candidates += [(False, r) for r in order if r.is_current]
    try:
        for last_year, r in candidates:
            codes = _overlap(store, r, orgs)
            if not codes:
                continue
            # Only when this run has organisations `r` lacks: a ward renamed once, whose history
            # file holds another ward with some codes and names alike (“Chi bộ Quân sự phường”),
            # is that ward renamed, not a merger (review203), and keeps the renaming advice.
            former = _former_wards(store, r, order, orgs) if last_year and _beyond(store, r, orgs) else []
            if not former:
                # Renamed, not merged: the ward this run continues, as a merger's base is chosen
                # (review207 L1: the latest of two wards of alike codes and names was named, maybe
                # the other one, whose records following the advice would have moved).
                r = _continued(store, result, [w for again, w in candidates if again == last_year], orgs) or r
                codes = _overlap(store, r, orgs)
            if former:
                # The ward this run continues, if any: the one it has most organisations of (of
                # those, the nearest its size, then the latest). The organisations beyond it must
                # be about the others' size (`_of_their_size`, review203 R1, review207); else this run is
                # that ward renamed, organisations added, and the plain warning is about it (not
                # about another ward that shares a few generic codes and names with it).
                now = int(result.indicators.get("members.total") or 0)
                base = max(
                    [r, *former],
                    key=lambda w: (
                        len(_shared(store, w, orgs)),
                        -abs(now - int(w.indicators.get("members.total") or 0)),
                    ),
                )
                kept = _of_their_size(result, store, base, [w for w in [r, *former] if w is not base])
                if not kept:
                    r, former = base, []
                    codes = _overlap(store, r, orgs) or _shared(store, r, orgs)
                elif r is not base and all(
                    w is not r for w in kept
                ):  # a ward of alike codes only (review207)
                    wards = [w for w in [r, *former] if w is base or any(w is k for k in kept)]
                    r, former = wards[0], wards[1:]
                    codes = _overlap(store, r, orgs) or _shared(store, r, orgs)
                else:
                    former = [w for w in former if w is base or any(w is k for k in kept)]
            shown = _first_named(codes)
            # The issue's words (`vnformat.message_date`); the forms' note, `vnformat.date`.
            period = _period_words(r.form_period)
            what = f"kỳ {period}" if last_year else f"ngày chốt {vnformat.message_date(r.cutoff_date)}"
            if last_year:
                noted = _period_words(r.form_period, vnformat.date)
                result.no_previous = (
                    f"lịch sử tổng hợp có lần tổng hợp kỳ {noted} của \u201c{r.ward_name}\u201d (cùng các "
                    f"tổ chức {shown}), nhưng tên phường lần này là \u201c{result.ward_name}\u201d (chi "
                    "tiết ở sheet \u201cKiểm tra\u201d)"
                )
            # The other name is one the run's own warning asked to complete ("Phường", "Hải
            # Dương") and this run's is whole: its records, later ones too, are this ward's under
            # an incomplete name (hunt255; review257: `history.other_ward_name_later` asked for
            # the incomplete name to be typed again when a later record had it).
            incomplete = None if _incomplete_name(result.ward_name) else _incomplete_name(r.ward_name)
            latest = None if incomplete else _latest_later(stored, r.ward_name, result.cutoff_date)
            if latest is not None:
                # The other name is the ward's name after this cut-off (renamed since, and the history
                # with it): renaming the history back, as the plain warning advises, would move the
                # records made under the new name too (hunt134 F1).
                later_codes = _overlap(store, latest, orgs) or codes
                return [
                    make_issue(
                        "history.other_ward_name_later",
                        later=vnformat.message_date(latest.cutoff_date),
                        other=latest.ward_name,
                        record=str(latest.id),
                        orgs=_first_named(later_codes),
                        ward=result.ward_name,
                        cutoff=vnformat.message_date(result.cutoff_date),
                    )
                ]
            if former:
                # Records of two or more other names at last year's cut-off, each with some of this
                # run's organisations: perhaps the former wards this one was merged from (hunt199
                # F3). Renaming one, as the plain warning advises, compared the whole new ward with
                # one former ward: all are named, and the sum is what is advised.
                wards = [r, *former]
                exports, command = merge_advice(
                    [(w.id or 0, w.ward_name or "") for w in wards], result.ward_name or "", store.path
                )
                names = " và ".join(f"\u201c{w.ward_name}\u201d" for w in wards)
                result.no_previous = (
                    f"lịch sử tổng hợp có các lần tổng hợp kỳ {noted} của {names}, nhưng tên phường lần "
                    f"này là \u201c{result.ward_name}\u201d (chi tiết ở sheet \u201cKiểm tra\u201d)"
                )
                return [
                    make_issue(
                        "history.other_ward_names",
                        what=what,
                        count=vnformat.number(len(wards)),
                        others="; ".join(
                            f"\u201c{w.ward_name}\u201d (lần số {w.id}"
                            + (f", cùng các tổ chức {_first_named(shared)})" if shared else ")")
                            for w in wards
                            for shared in [_shared(store, w, orgs)]
                        ),
                        ward=result.ward_name,
                        exports=exports,
                        command=command,
                    )
                ]
            # The name the run's own warning asked to complete ("Phường", "Hải Dương"): using the
            # name already used, as `history.other_ward_name` advises, brought that warning back;
            # the history is renamed instead (hunt255).
            code, why = (
                ("history.incomplete_ward_name", {"why": incomplete})
                if incomplete
                else ("history.other_ward_name", {})
            )
            return [
                make_issue(
                    code,
                    what=what,
                    other=r.ward_name,
                    record=str(r.id),
                    orgs=shown,
                    ward=result.ward_name,
                    advice=rename_advice(r.ward_name or "", result.ward_name or "", store.path),
                    **why,
                )
            ]
    except HistoryError:  # read a moment ago: nothing more to say if it cannot be now
        return []
    return []


def _incomplete_name(name: str | None) -> str | None:
    """Why a ward's name is one a run warns about (`ward.name_only_kind`, `ward.name_without_kind`),
    in the words of `history.incomplete_ward_name`; None for a whole name, or none."""
    tidy = tidy_name(name)
    if tidy is None:
        return None
    if is_only_kind(tidy):
        return f"chỉ có chữ \u201c{tidy}\u201d, chưa có tên"
    if not names_its_kind(tidy):
        # One pair of brackets: the message already puts this in brackets (review257).
        return "không bắt đầu bằng \u201cPhường\u201d, \u201cXã\u201d hay \u201cĐặc khu\u201d"
    return None


def _latest_later(stored: list[Record], ward_name: str | None, cutoff: dt.date) -> Record | None:
    """The latest current record of ward `ward_name` in `stored` whose cut-off is after `cutoff`
    (with figures), or None."""
    key = ward_key(ward_name)
    later = [
        r
        for r in stored
        if r.is_current
        and ward_key(r.ward_name) == key
        and r.cutoff_date > cutoff
        and consolidated_any(r.indicators)
    ]
    return max(later, key=lambda r: (r.cutoff_date, r.id or 0), default=None)


def _ward_name_missing(store: HistoryStore, result: ConsolidationResult, stored: list[Record]) -> list[Issue]:
    """`history.ward_name_missing` of a run without a ward name that refused a record of other
    organisations (last year's or a trend point) when the history holds this run's organisations
    (`_overlap`) under a ward name: the latest current such record, and that giving its name
    makes its records the ones used (hunt109 #2). Also said under the trend table."""
    orgs = {org_code_key(o.org_code): o.org_name for o in result.organisations if o.status == "consolidated"}
    if ward_key(result.ward_name) or not orgs:
        return []
    named = [r for r in stored if r.is_current and ward_key(r.ward_name) and consolidated_any(r.indicators)]
    try:
        for r in sorted(named, key=lambda r: (r.cutoff_date, r.id or 0), reverse=True):
            codes = _overlap(store, r, orgs)
            if not codes:
                continue
            shown = _first_named(codes)
            result.trend_left_out = [
                *result.trend_left_out,
                f"Lịch sử tổng hợp có số liệu các tổ chức này của “{r.ward_name}”: nếu đây là "
                f"“{r.ward_name}”, hãy ghi tên phường đó rồi tổng hợp lại (chi tiết ở sheet "
                "“Kiểm tra”).",
            ]
            return [
                make_issue(
                    "history.ward_name_missing",
                    cutoff=vnformat.message_date(r.cutoff_date),
                    other=r.ward_name,
                    record=str(r.id),
                    orgs=shown,
                )
            ]
    except HistoryError:  # read a moment ago: nothing more to say if it cannot be now
        return []
    return []


def add_issues(result: ConsolidationResult, issues: list[Issue]) -> None:
    """Add issues after the run's own (the `Kiểm tra` sheet sorts them for reading)."""
    result.issues = [*result.issues, *issues]


def record_run(result: ConsolidationResult, run: RunHistory) -> Issue | None:
    """Store `result` in one step (a run without outputs to publish alongside). A failure is
    returned as a warning and added to the result; the history file is left as it was."""
    pending = begin_record(result, run)
    return None if pending is None else commit_record(result, run, pending)


def begin_record(result: ConsolidationResult, run: RunHistory) -> PendingRecord | None:
    """Insert `result`'s record in an open transaction (`HistoryStore.begin`), to be committed
    by `commit_record` when the outputs are put in place. None when it cannot be recorded; a
    failure is then a warning added to the result, and the history is left as it was."""
    if not run.recordable:
        return None
    said = run.store.interrupted  # said by `open_for_run`
    try:
        return run.store.begin(record_from_result(result, tool_version=__version__))
    except HistoryError as exc:
        issue = history_issue(exc, read_failed=False)
    except Exception as exc:  # e.g. the disk is full: the outputs are written, say why not this
        issue = make_issue("history.not_recorded", reason=user_message(exc))
    finally:
        # Another run's write cut off inside its commit after this run read the history: `begin`
        # rolled it back; said here, as a warning of the record (review232).
        if run.store.interrupted and not said:
            _late(result, run, make_issue("history.write_interrupted", path=str(run.store.path)))
    run.recordable = False
    _late(result, run, issue)
    return None


def _late(result: ConsolidationResult, run: RunHistory, issue: Issue) -> None:
    """A warning of the record found after the outputs were made (`RunHistory.late`)."""
    add_issues(result, [issue])
    run.late.append(issue)


def commit_record(result: ConsolidationResult, run: RunHistory, pending: PendingRecord) -> Issue | None:
    """Commit a record begun by `begin_record`; a failure of the commit is returned as a warning
    and added to the result (the history is left as it was). Once the commit has returned, the
    record is kept whatever follows: a failure of what is then worked out for the run's status
    (which record it takes the place of, whether it is the one in use) is no warning that it was
    not recorded (hunt173 B: the JSON summary said `history.not_recorded` of a record in the
    history), only a note in the status saying what could not be told (`follow_up_failed`)."""
    try:
        recorded = pending.commit()
    except HistoryError as exc:
        issue = history_issue(exc, read_failed=False)
    except Exception as exc:
        pending.rollback()
        issue = make_issue("history.not_recorded", reason=user_message(exc))
    else:
        run.recorded_id, run.created = recorded, pending.created
        try:
            _after_commit(result, run, pending, recorded)
        except Exception as exc:  # the record stays: say only what is not known
            run.not_used = None
            run.replaced = follow_up_failed(run, recorded, exc)
        return None
    add_issues(result, [issue])
    run.late.append(issue)
    return issue


def _after_commit(result: ConsolidationResult, run: RunHistory, pending: PendingRecord, record: int) -> None:
    """What the status says of the record just committed: whether it is not the one in use for
    its cut-off (`run.not_used`), else what it took the place of (`run.replaced`)."""
    used_at_commit(result, run, pending.before)
    run.not_used = not_in_use(run.store, record)
    if run.not_used is None:
        said: list[str | None] = []
        if run.used_before is not None:
            said.append(replaces(result, record, run.used_before, run.store))
        if run.wards_used_before:
            said.append(takes_wards_place(result, run))
        said.append(made_before(result, run))
        run.replaced = " ".join(s for s in said if s) or None


def follow_up_failed(run: RunHistory, record_id: int, exc: BaseException) -> str:
    """The status note (after "Lịch sử tổng hợp: ") of a record committed, when what is said of
    it after the commit could not be worked out (`exc`): it was recorded, under which number,
    and how to see the records, then why."""
    return (
        f"lần tổng hợp này đã được ghi vào lịch sử (lần số {record_id}), nhưng không xác định được "
        "lần này có thay cho lần tổng hợp nào trước đó không; xem các lần đã ghi bằng lệnh "
        f"\u201c{history_command('list', run.store.path)}\u201d. Lý do: {user_message(exc)}"
    )


def used_at_commit(result: ConsolidationResult, run: RunHistory, before: list[Record]) -> None:
    """Set what `result`'s ward's runs used for its cut-off when its record was committed
    (`run.used_before`, and of a run without a ward name each named ward's,
    `run.wards_used_before`), of `before`: that cut-off's records as the history held them under
    the record's write lock (`PendingRecord.before`). Not of the history read before the outputs:
    another consolidation may have recorded the cut-off since, and it was that one's record this
    run's took the place of (hunt133 #3: of three runs at once, the third said it replaced the
    first)."""
    run.used_before = _in_use(before, result.cutoff_date, result.ward_name)
    if run.used_before is not None:  # as this ward's runs choose it: never another ward's
        group = [r for r in before if r.cutoff_date == result.cutoff_date and r.is_current]
        run.used_before = record_for_cutoff(
            result.ward_name, _run_codes(result), run.used_before, group, codes_reader(run.store)
        )
    if not ward_key(result.ward_name):
        run.wards_used_before = _wards_in_use(before, result.cutoff_date)


def _in_use(records: list[Record], cutoff: dt.date, ward_name: str | None) -> Record | None:
    """The record a run of `ward_name` uses for `cutoff` among `records` (as `not_in_use`
    chooses: a run without a name only among the records without one)."""
    named = bool(ward_key(ward_name))
    candidates = [r for r in records if r.cutoff_date == cutoff and (named or not ward_key(r.ward_name))]
    return next(iter(used_records(candidates, ward_name)), None)


def _wards_in_use(records: list[Record], cutoff: dt.date) -> dict[int, Record]:
    """Of each named ward's current record of `cutoff`, the record its runs use (`used_records`:
    its own, or the current one without a name when that ran after it), by the ward's record."""
    group = [r for r in records if r.cutoff_date == cutoff]
    return {
        r.id: used
        for r in group
        if r.is_current
        and r.id is not None
        and ward_key(r.ward_name)
        and (used := next(iter(used_records(group, r.ward_name)), None)) is not None
    }


def takes_wards_place(result: ConsolidationResult, run: RunHistory) -> str | None:
    """The record `run.recorded_id`, just stored for `result`, a run without a ward name, that
    the named wards' runs now use for its cut-off in place of their own record (a record
    without a name that ran after a ward's is what that ward's runs use, §8a: as in a history of
    one ward): which wards, both runs' figures, and how to remove the new one. A ward whose runs
    already used another record without a name is said by `replaces`. None when no ward's is
    taken (the history cannot be read now: the record is stored all the same)."""
    try:
        now = _wards_in_use(run.store.records(), result.cutoff_date)
    except HistoryError:
        return None
    taken = [
        before
        for ward_id, before in run.wards_used_before.items()
        if before.id == ward_id and (used := now.get(ward_id)) is not None and used.id == run.recorded_id
    ]
    if not taken:
        return None
    figures = _figures(result.indicators)
    this = f"số {run.recorded_id}, không ghi tên phường{': ' + figures if figures else ''}"

    def was(r: Record) -> str:
        when = f"chạy lúc {vnformat.date_time(r.ran_at, message=True)}" if r.ran_at else ""
        words = [w for w in (_figures(r.indicators), when) if w]
        return f"lần số {r.id}" + (f" ({', '.join(words)})" if words else "")

    if len(taken) == 1:
        whose = f"của {taken[0].ward_name}, thay cho {was(taken[0])} của phường"
    else:
        whose = "của các phường " + "; ".join(f"{r.ward_name} (thay cho {was(r)})" for r in taken)
    return (
        f"lần tổng hợp vừa ghi ({this}) "
        "nay là số liệu được dùng cho “Cùng kỳ năm trước”, xu hướng và kiểm tra số đầu kỳ của ngày "
        f"chốt {vnformat.message_date(result.cutoff_date)} trong các lần tổng hợp sau {whose}: lần tổng hợp "
        "không ghi tên phường chạy sau được dùng thay cho lần của phường cùng ngày chốt. Nếu lần vừa "
        "ghi chỉ là tổng hợp thử (tổng hợp một phần các tệp hay làm nhầm), hãy xóa nó: "
        f"{removal_advice(run.recorded_id or 0, run.store.path)}."
    )


def _figures(indicators: dict[str, int | float]) -> str:
    """'72/72 tổ chức, 4.216 đảng viên' of a run (its coverage when it says it)."""
    members = indicators.get("members.total")
    parts = []
    coverage = org_coverage(indicators)
    if coverage is not None:
        done, expected = (vnformat.number(n) for n in coverage)
        parts.append(f"{done}/{expected} tổ chức{outside_words(indicators)}")
    if members is not None:
        parts.append(f"{vnformat.number(int(members))} đảng viên")
    return ", ".join(parts)


def record_words(record_id: int | None, indicators: dict[str, int | float]) -> str:
    """'số 5: 72/72 tổ chức, 4.220 đảng viên' of a record just stored or imported."""
    figures = _figures(indicators)
    return f"số {record_id}{': ' + figures if figures else ''}"


def replaced_words(before: Record) -> str:
    """'lần số 3 (72/72 tổ chức, 4.221 đảng viên, chạy lúc 05/07/2026 09:00)' of the record a
    run of its ward used until one just stored or imported took its place ('lần số 3, chạy
    lúc …' when it has no figure to show)."""
    was = _figures(before.indicators)
    when = f", chạy lúc {vnformat.date_time(before.ran_at, message=True)}" if before.ran_at else ""
    return f"lần số {before.id}" + (f" ({was}{when})" if was else when)


def hidden_change_words(before: Record, indicators: dict[str, int | float], record_id: int) -> str:
    """When the record `record_id` (its `indicators`), taking `before`'s place, shows the same
    figures in brackets (`_figures`: coverage and members; a typed correction of one line, a run
    again with one member's field fixed), how many indicators differ, since the sentence showed
    the same numbers on both sides (h240): '' when the bracketed figures differ or no indicator
    does (`same_figures_words` says that). Counts only: no figure, no member.

    An indicator only one record has is said apart, as one that record has and the other has no
    figure of (review247 L2: counted as a difference, the same files run again after a later
    version added indicators were said to differ in them; not said at all, a line typed in a
    correction that was empty before would hide the change)."""
    if _figures(before.indicators) != _figures(indicators):
        return ""
    both = before.indicators.keys() & indicators.keys()
    differ = sum(1 for key in both if before.indicators[key] != indicators[key])
    only_new = len(indicators.keys() - before.indicators.keys())
    only_old = len(before.indicators.keys() - indicators.keys())
    if not (differ or only_new or only_old):
        return ""
    parts = [
        f"khác nhau ở {vnformat.number(differ)} chỉ tiêu không ghi trong ngoặc"
        if differ
        else "cùng số ở mọi chỉ tiêu mà cả hai lần đều có"
    ]
    for count, lacking, having in ((only_new, before.id, record_id), (only_old, record_id, before.id)):
        if count:
            parts.append(
                f"lần số {lacking} không có số của {vnformat.number(count)} chỉ tiêu mà lần số {having} có"
            )
    return "; hai lần có cùng các số trong ngoặc, " + "; ".join(parts)


def same_figures_words(subject: str, record_id: int, cutoff: dt.date, before: Record) -> str:
    """That the record `record_id` (`subject`: "lần tổng hợp vừa ghi" of a run, "Lần vừa thêm"
    of `history import`), now in use for `cutoff`, took the place of `before`, whose indicators
    are the same: one short sentence, with no advice on removing it (nothing to undo)."""
    return (
        f"{subject} (số {record_id}) nay là số liệu được dùng cho ngày chốt "
        f"{vnformat.message_date(cutoff)}, thay cho {replaced_words(before)}, có cùng các chỉ tiêu: "
        "không cần làm gì thêm."
    )


def replaces(result: ConsolidationResult, record_id: int, before: Record, store: HistoryStore) -> str:
    """The record `record_id`, just stored for `result` and in use for its cut-off, takes the
    place of `before`, the one its ward's runs used until now (as `history import` says it,
    in the same words: `record_words`, `replaced_words`): both runs' figures, and how to remove
    the new one if the other was the right one; in one short sentence when both have the same
    indicators (the same files run again: the removal advice was a long message about nothing
    to undo)."""
    if before.indicators == result.indicators:  # the same files run again: nothing to undo
        return same_figures_words("lần tổng hợp vừa ghi", record_id, result.cutoff_date, before)
    if before.form_period != result.forms_period:
        return other_forms_period(result, record_id, before, store)
    history = store.path
    return (
        f"lần tổng hợp vừa ghi ({record_words(record_id, result.indicators)}) nay là số liệu được dùng "
        "cho “Cùng kỳ năm trước”, xu hướng và kiểm tra số đầu kỳ của ngày chốt "
        f"{vnformat.message_date(result.cutoff_date)}, thay cho {replaced_words(before)}"
        f"{hidden_change_words(before, result.indicators, record_id)}. Nếu lần số "
        f"{before.id} mới là lần đúng (lần "
        "vừa ghi chỉ là tổng hợp thử, tổng hợp một phần các tệp hay làm nhầm), hãy xóa lần vừa "
        f"ghi: {removal_advice(record_id, history)}; rồi tổng hợp lại các tệp đúng, vì tệp kết quả "
        f"và tóm tắt JSON vừa ghi mang số liệu của lần số {record_id}."
    )


def other_forms_period(
    result: ConsolidationResult, record_id: int, before: Record, store: HistoryStore
) -> str:
    """`replaces` when the record taken the place of has another forms' period (the year's forms
    and the fourth quarter's, both made at 31/12): both are right, and each stays what next year's
    forms of its own period compare with (`_previous`), so neither is to be removed (h215 F1: the
    run said the record just stored replaced the other for “Cùng kỳ năm trước”, and to remove it
    if the other was the right one). Of the history read again with the record in it: whether
    `before` is still next year's comparison of its period is checked, not assumed (review218
    finding 1)."""
    return other_forms_period_words(
        record_id,
        result.indicators,
        result.cutoff_date,
        result.forms_period,
        before,
        store.path,
        records=store.records(),
        ward_name=result.ward_name,
    )


def other_forms_period_words(
    record_id: int,
    indicators: dict[str, int | float],
    cutoff: dt.date,
    period: tuple[dt.date, dt.date],
    before: Record,
    history: Path,
    *,
    records: list[Record],
    ward_name: str | None,
    just: str = "ghi",
) -> str:
    """The record `record_id` (its `indicators`, of the forms' period `period`), just stored for
    `cutoff` and in use there, took the place of `before`, of another forms' period: it is used
    at that cut-off and by next year's forms of its own period, `before` stays next year's
    comparison of its own, neither is to be removed (`other_forms_period`). `just`: "ghi" by a
    consolidation, "thêm" by `history import` (h219, hunt215 F5: the import said the old
    sentence, with the advice to remove one of them).

    What next year's forms compare with is told of `records`, the history with the new record
    in it, for a run of `ward_name` (`next_year_compares`, as `_previous` chooses; review218
    finding 1): a period to 28/02 of a leap year is no next year's comparison, of either record,
    and a later record of `before`'s period (one without a ward name) is taken instead of it,
    which is then said, not that `before` is kept for it."""
    new = "lần tổng hợp vừa ghi" if just == "ghi" else f"lần vừa {just}"
    old_period = before.form_period
    next_new, next_old = same_period_next_year(period), same_period_next_year(old_period)
    own_next = ""
    if same_period_last_year(next_new) == period:
        own_next = f", và cho “Cùng kỳ năm trước” của các biểu kỳ {_period_words(next_new)}"
    taken = next_year_compares(records, old_period, ward_name)
    if taken is not None and taken.id == before.id:
        old = (
            f"Lần số {before.id} có kỳ báo cáo khác ({_period_words(old_period)}) nên vẫn được giữ và dùng "
            f"cho “Cùng kỳ năm trước” của các biểu kỳ {_period_words(next_old)}: không cần xóa lần nào."
        )
    else:
        instead = (
            f"các biểu ấy lấy số liệu từ lần số {taken.id}, chạy sau cho cùng kỳ báo cáo"
            if taken is not None
            else (f"các biểu ấy so với kỳ {_period_words(same_period_last_year(next_old))}")
        )
        old = (
            f"Lần số {before.id} có kỳ báo cáo khác ({_period_words(old_period)}) và vẫn được lưu trong "
            f"lịch sử, nhưng không được dùng cho “Cùng kỳ năm trước” của các biểu kỳ "
            f"{_period_words(next_old)}: {instead}."
        )
    return (
        f"{new} ({record_words(record_id, indicators)}; kỳ báo cáo của "
        f"Biểu 1–4-BTCTW {_period_words(period)}) nay là số liệu được dùng cho xu hướng và kiểm tra "
        f"số đầu kỳ của ngày chốt {vnformat.message_date(cutoff)}, thay cho "
        f"{replaced_words(before)}{own_next}. {old} Chỉ khi kỳ báo "
        f"cáo của lần vừa {just} là nhầm, hãy xóa lần vừa {just}: {removal_advice(record_id, history)}."
    )


def kept_beside_words(used: Record, record: Record, next_period: tuple[dt.date, dt.date]) -> str:
    """`history import` of `record`, of another forms' period than `used`, the record of its
    cut-off that ran after it: `used` stays in use at that cut-off, and `record` is kept as
    next year's comparison of its own period, `next_period` (`kept_for_next_year`); neither is
    to be removed (h219, hunt215 F5: the import said `used` stayed “Cùng kỳ năm trước” and the
    record just added was “chỉ được lưu lại”)."""
    return (
        f"lần số {used.id} (kỳ báo cáo của Biểu 1–4-BTCTW {_period_words(used.form_period)}) vẫn là số "
        "liệu được dùng cho xu hướng và kiểm tra số đầu kỳ của ngày chốt "
        f"{vnformat.message_date(record.cutoff_date)}. Lần vừa thêm có kỳ báo cáo khác "
        f"({_period_words(record.form_period)}) nên được giữ và dùng cho “Cùng kỳ năm trước” của các "
        f"biểu kỳ {_period_words(next_period)}: không cần xóa lần nào."
    )


def made_before(result: ConsolidationResult, run: RunHistory) -> str | None:
    """The later cut-offs whose runs were made without the figures just stored for an earlier
    one (`later_runs_note`, of the history read again once the record is in it). Only when the
    history, read before the run, had a later cut-off of any ward (`RunHistory.later`); a
    history that cannot be read again now says nothing more (the record is stored)."""
    if run.recorded_id is None or not run.later:
        return None
    try:
        stored = run.store.records()
        typed = run.store.typed_forms()
    except HistoryError:
        return None
    return later_runs_note(
        stored,
        run.recorded_id,
        result.cutoff_date,
        result.ward_name,
        result.indicators,
        codes_of=codes_reader(run.store),
        typed=typed,
    )


def codes_reader(store: HistoryStore) -> Callable[[Record], set[str]]:
    """`record_codes` of `store`, each record's read once."""
    known: dict[int | None, set[str]] = {}

    def codes_of(record: Record) -> set[str]:
        if record.id not in known:
            known[record.id] = record_codes(store, record)
        return known[record.id]

    return codes_of


def later_runs(records: list[Record], ward_name: str | None) -> list[Record]:
    """The records runs use, one per cut-off: of the ward `ward_name` (`used_records`), or, for a
    run without a name, of each named ward (a record without a name is what each of them may use
    next, `_same_ward`; hunt61 #2: one per cut-off of any ward named another ward's run only),
    or those without a name when no ward is named."""
    wards = {ward_key(r.ward_name): r.ward_name for r in records if r.is_current and ward_key(r.ward_name)}
    if ward_key(ward_name) or not wards:
        return used_records(records, ward_name)
    found = {r.id: r for name in wards.values() for r in used_records(records, name)}
    return sorted(found.values(), key=lambda r: r.id or 0)


def _later_in_use(
    records: list[Record],
    cutoff: dt.date,
    ward_name: str | None,
    codes: set[str],
    codes_of: Callable[[Record], set[str]],
) -> list[Record]:
    """The runs of cut-offs after `cutoff` that a run of `ward_name` with organisation codes
    `codes` uses (`later_runs`), each as that run chooses it (`record_for_cutoff`): another
    ward's record that ran last there gives way to the ward's own, or to none."""
    found: dict[int, Record] = {}
    for r in later_runs(records, ward_name):
        if r.cutoff_date <= cutoff:
            continue
        group = [o for o in records if o.cutoff_date == r.cutoff_date and o.is_current]
        used = record_for_cutoff(ward_name, codes, r, group, codes_of)
        if used is not None and used.id is not None:
            found[used.id] = used
    return sorted(found.values(), key=lambda r: r.id or 0)


def later_runs_note(
    stored: list[Record],
    new_id: int,
    cutoff: dt.date,
    ward_name: str | None,
    indicators: dict[str, int | float],
    *,
    codes_of: Callable[[Record], set[str]],
    just: str = "ghi",
    typed: Collection[int] = (),
) -> str | None:
    """The runs of later cut-offs in use (`later_runs` of `stored`, the records other than the one
    just stored, `new_id`, for `cutoff`) that were made without its figures (`indicators`):
    each used, for `cutoff`, the record of its ward that ran last of those stored before it (a
    lower number; the new one too when it holds that number again, a removed record's copy put
    back), and is named unless that record has these very figures (the same files run again
    after it, a correction undone, a removed record put back). One whose record of `cutoff` is
    not known (none before it, or removed since; an imported summary's, made elsewhere or a
    removed run's own summary imported again, whatever the history held when it was added) is
    named, each time the cut-off is run again until it is run again itself (hunt66
    #3: a run that had the figures of the record it replaced said nothing, though a ward's later
    run had used another). Its opening check, `Cùng kỳ năm trước` and trend lack the figures: said
    with the cut-offs to consolidate again (`just`: "ghi" by a consolidation, "thêm" by
    `history import`). A record typed from last year's forms (its number in `typed`, of
    `HistoryStore.typed_forms`) is no run: it has no results to make again, and is not named
    (hunt233: typing 2025's forms out of order told the clerk to consolidate again a cut-off
    never consolidated, and one in the future for a workbook made for the wrong year)."""
    new = next((r for r in stored if r.id == new_id), None)
    codes = codes_of(new) if new is not None else set()
    later = [r for r in _later_in_use(stored, cutoff, ward_name, codes, codes_of) if r.id != new_id]
    same_cutoff = [r for r in stored if r.cutoff_date == cutoff and r.id is not None]
    stale = []
    for run in later:
        if run.id in typed:
            continue
        if run.origin == "import":
            # Made elsewhere, or a run's own summary put back (not the copy `history remove`
            # keeps, which is the consolidation it was): what its run used for `cutoff` is not
            # what this history held when it was added (hunt69 #1), so it is not known.
            stale.append(run)
            continue
        used = _record_used(run, same_cutoff, codes_of)
        if used is None or used.indicators != indicators:
            stale.append(run)
    if not stale:
        return None
    runs, dates = _runs_and_cutoffs(stale)
    return (
        f"Lịch sử đã có lần tổng hợp của ngày chốt sau ({runs}), lập trước lần vừa {just}: số đầu kỳ, "
        f"“Cùng kỳ năm trước” và xu hướng trong kết quả {_of_those(stale)} chưa tính số liệu vừa {just}. Nếu "
        f"cần, hãy tổng hợp lại ngày chốt {dates}."
    )


def _record_used(
    run: Record, same_cutoff: list[Record], codes_of: Callable[[Record], set[str]]
) -> Record | None:
    """Of the records of one earlier cut-off, the one a later `run` used: what the history held
    for it when the run was stored, the records stored before it (a lower number; a removed
    record's copy put back keeps its number), of its ward, the one that ran last. Not by run
    times: a summary of another PC made before the later run but imported after it was not there
    (hunt66 #2), nor a new run when that PC's clock was ahead (hunt66 #4). And as the run chose it
    (`record_for_cutoff`, of each record's organisation codes `codes_of`): another ward's record
    that ran last there gives way to the ward's own."""
    earlier = [
        r for r in same_cutoff if (r.id or 0) < (run.id or 0) and _same_ward(r.ward_name, run.ward_name)
    ]
    last = latest((r.id or 0, r.ran_at, r.origin) for r in earlier)
    picked = next((r for r in earlier if r.id == last), None)
    if picked is None:
        return None
    return record_for_cutoff(run.ward_name, codes_of(run), picked, earlier, codes_of)


def _of_those(runs: list[Record]) -> str:
    """“của lần đó”, or “của các lần đó” when the later-runs note names several (hunt321 #2)."""
    return "của các lần đó" if len(runs) > 1 else "của lần đó"


def _runs_and_cutoffs(runs: list[Record]) -> tuple[str, str]:
    """“30/06/2026: lần số 3, …” and their cut-offs, as the later-runs notes name them."""
    ordered = sorted(runs, key=lambda r: (r.cutoff_date, r.id or 0))
    named = ", ".join(f"{vnformat.message_date(r.cutoff_date)}: lần số {r.id}" for r in ordered)
    return named, ", ".join(vnformat.message_date(c) for c in sorted({r.cutoff_date for r in ordered}))


def removed_runs_note(
    before: list[Record],
    removed: Record,
    after: list[Record],
    codes_of: Callable[[Record], set[str]],
    *,
    planned: bool = False,
) -> str | None:
    """The runs of later cut-offs in use after `removed` was taken out (`later_runs` of `after`,
    the records left) that were made with its figures: the record of its cut-off each used, as
    `later_runs_note` finds it (the one of its ward that ran last of those stored before it, in
    `before`, the history as it was), was the one removed, and its cut-off's record in use now
    (`used_records` of `after`) has other figures, or there is none; both as the run chooses
    them (`record_for_cutoff`, of each record's organisation codes `codes_of`: another ward's
    record gives way to the ward's own, hunt109 #4). Their opening check, `Cùng
    kỳ năm trước` and trend still hold the removed figures: said with the cut-offs to consolidate
    again, as `history import` says the runs made without the figures it adds. `planned`: said
    before the removal (`history remove` without --yes, `after` as `store.removal_preview`
    leaves the records), of the record to be removed."""
    cutoff = removed.cutoff_date
    later = _later_in_use(after, cutoff, removed.ward_name, codes_of(removed), codes_of)
    same_cutoff = [r for r in before if r.cutoff_date == cutoff and r.id is not None]
    left = [r for r in after if r.cutoff_date == cutoff]
    stale = []
    for run in later:
        if run.origin == "import":  # what it used is not known (`later_runs_note`): not said here
            continue
        used = _record_used(run, same_cutoff, codes_of)
        if used is None or used.id != removed.id:
            continue
        now = next(iter(used_records(left, run.ward_name)), None)
        if now is not None:
            group = [r for r in left if r.is_current]
            now = record_for_cutoff(run.ward_name, codes_of(run), now, group, codes_of)
        if now is None or now.indicators != removed.indicators:
            stale.append(run)
    if not stale:
        return None
    runs, dates = _runs_and_cutoffs(stale)
    this, still, then = (
        ("sẽ xóa", "sẽ vẫn", "Sau khi xóa, nếu cần") if planned else ("vừa xóa", "vẫn", "Nếu cần")
    )
    return (
        f"Lịch sử còn lần tổng hợp của ngày chốt sau ({runs}) được lập với số liệu của lần {this}: số "
        f"đầu kỳ, “Cùng kỳ năm trước” và xu hướng trong kết quả {_of_those(stale)} {still} tính theo số "
        "liệu đã xóa. "
        f"{then}, hãy tổng hợp lại ngày chốt {dates}."
    )


def not_in_use(store: HistoryStore, record_id: int, *, just_stored: bool = True) -> str | None:
    """Why the record `record_id`, just stored by a consolidation (`just_stored`; else one
    already there, as `history import` finds a run it was given again), is not the one its
    ward's runs use for its cut-off (the trend, the next opening check, next year's “Cùng kỳ
    năm trước”), naming the record in use and how to remove it; None when it is in use (or the
    history cannot be read now: the record is stored all the same)."""
    try:
        records = store.records()
    except HistoryError:
        return None
    record = next((r for r in records if r.id == record_id), None)
    if record is None:
        return None
    named = bool(ward_key(record.ward_name))
    candidates = [
        r for r in records if r.cutoff_date == record.cutoff_date and (named or not ward_key(r.ward_name))
    ]
    used = next(iter(used_records(candidates, record.ward_name)), None)
    if used is None or used.id == record_id:
        return None
    whose = "" if ward_key(used.ward_name) else ", không ghi tên phường"
    subject = f"lần tổng hợp vừa ghi (số {record_id})" if just_stored else f"lần tổng hợp số {record_id}"
    kept = kept_for_next_year(records).get(record_id)
    if kept is not None:
        # Set aside at its cut-off by a run of another forms' period, it is still next year's
        # "Cùng kỳ năm trước" of its own period, as `history list` says: not said as unused
        # (review241: a typed workbook imported again after one of another period was).
        return (
            f"{subject} không phải số liệu dùng cho xu hướng và kiểm tra số đầu kỳ của ngày chốt "
            f"{vnformat.message_date(record.cutoff_date)} (ngày chốt này dùng lần số {used.id}, kỳ biểu "
            f"khác), nhưng vẫn được giữ lại làm “Cùng kỳ năm trước” cho kỳ biểu {_period_words(kept)}."
        )
    # A record typed from last year's forms is no JSON summary and has no run time (`run_order`
    # takes it as the one stored last): said as such, not "a JSON summary run at ?" (review241).
    typed = _typed_forms(used, store)
    how = "nhập từ tệp tóm tắt JSON" if used.origin == "import" else "do lệnh tổng hợp ghi"
    if typed:
        how = "chép tay từ biểu năm trước"
    subject, clock = f"lần tổng hợp vừa ghi (số {record_id})", " theo đồng hồ máy này"
    if not just_stored:
        subject, clock = f"lần tổng hợp số {record_id}", ""
    when = f"chạy lúc {vnformat.date_time(used.ran_at, message=True)}, sau" if used.ran_at else "thêm sau"
    own = f" (chạy lúc {vnformat.date_time(record.ran_at, message=True)}{clock})" if record.ran_at else ""
    wrong = (
        "chép nhầm số liệu hay nhầm kỳ"
        if typed
        else "chạy thử, làm nhầm, hay đồng hồ máy đã chạy nó để sai giờ"
    )
    return (
        f"{subject} không phải số liệu được dùng cho ngày chốt "
        f"{vnformat.message_date(record.cutoff_date)}: lịch sử đã có lần số {used.id} cùng ngày chốt{whose}, "
        f"{how}, {when} lần số {record_id}{own}, nên lần số {used.id} vẫn được dùng "
        "cho “Cùng kỳ năm trước”, xu hướng và kiểm tra số đầu kỳ. Nếu lần số "
        f"{used.id} sai ({wrong}), hãy xóa nó: "
        f"{removal_advice(used.id or 0, store.path)}."
    )


def extend_issue(result: ConsolidationResult, run: RunHistory, issue: Issue, sentence: str) -> Issue:
    """`issue` (a warning of the record, in `result` and `run.late`) with `sentence` added,
    in its place in both; returns the new issue."""
    longer = replace(
        issue,
        message=f"{issue.message} {sentence}",
        private_message=None if issue.private_message is None else f"{issue.private_message} {sentence}",
    )
    result.issues = [longer if i is issue else i for i in result.issues]
    run.late = [longer if i is issue else i for i in run.late]
    return longer


def default_history_path(beside: Path) -> Path:
    """`lich_su_tong_hop.sqlite` in the folder of `beside` (the output workbook, or the .xlsm)."""
    from toolkit.history.store import DEFAULT_FILENAME

    return Path(beside).parent / DEFAULT_FILENAME


def today_run_id(when: dt.datetime | None = None) -> str:
    """A run id for a record imported without one."""
    from toolkit.core.model import new_run_id

    return new_run_id(when or dt.datetime.now())
