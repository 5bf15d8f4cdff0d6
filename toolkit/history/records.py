"""One stored consolidation (`Record`): made from a result or a summary, turned back into a summary.

A record holds what a later run needs and nothing personal: when it ran, the tool and
template versions, the cut-off, the change period and the forms' period, the ward's name,
each input file's name, organisation and SHA-256, the ward's indicators and every
organisation's indicators and status, the period's years with an admission target
(`target_years`) and the count of pairs of rows whose names differ only by accents
(`name_accent_pairs`), the years the run warned `registry.partial_targets` for
(`partial_target_years`, whose rates the report notes), and whether it had a registry
(`registry_used`, which names section A's base; a merged ward's `registry_none`). Issues are
not kept (their messages quote names and dates).
`summary_from_record` gives back a JSON summary of the documented format, so a record
can be exported and imported elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from toolkit.core.errors import SummaryError
from toolkit.core.model import (
    ConsolidationResult,
    Issue,
    PastRun,
    default_form_period,
    org_json,
    run_id_time,
    source_json,
)
from toolkit.core.text import tidy_name
from toolkit.io.summary import consolidated_any, empty_run_words, is_rollup, rollup_words

Origin = str  # "consolidate" | "import"


@dataclass(frozen=True)
class OrgRecord:
    org_code: str
    org_name: str | None
    org_tier: str | None
    sector: str | None
    status: str
    file: str | None
    indicators: dict[str, int | float]
    template_version: str | None = None  # of its submission (None in records before 2026.2)
    upgraded_from: str | None = None


@dataclass(frozen=True)
class SourceRecord:
    file: str
    org_code: str | None
    sha256: str | None
    template_version: str | None
    status: str | None
    consolidated: bool | None
    # An upgraded file whose new Có/Không columns were all still empty when the run read it
    # (`Submission.upgrade_not_completed`); None in records of versions that did not store it.
    upgrade_not_completed: bool | None = None
    # A byte-identical copy of the file used, ignored (`org.identical_copy`): that file's name
    # (`SourceFile.copy_of`); None for any other file, and in records stored before schema
    # version 6 (not known).
    copy_of: str | None = None


@dataclass(frozen=True)
class Record:
    run_id: str
    origin: Origin
    cutoff_date: dt.date
    period_start: dt.date
    form_period: tuple[dt.date, dt.date]
    indicators: dict[str, int | float]
    ward_name: str | None = None
    template_version: str | None = None
    tool_version: str | None = None
    ran_at: str | None = None  # ISO time of the run, when known
    organisations: tuple[OrgRecord, ...] = ()
    sources: tuple[SourceRecord, ...] = ()
    # The run summary's `target_years` (the period's years its registry or `TargetOverride` gives an
    # admission target for, 0 included) and `name_accent_pairs`; None when not known: a record
    # stored before schema version 4, or an imported summary without them (an older one).
    target_years: tuple[int, ...] | None = None
    name_accent_pairs: int | None = None
    # The run summary's `partial_target_years` (the years whose rate is over a target typed for
    # some organisations only, which the report notes); None when not known, as above.
    partial_target_years: tuple[int, ...] | None = None
    # A ward formed by merging former wards: the record is the sum of their summaries of its
    # cut-off (`history.merge`, `history import … --merged-ward`), and these are their names, as
    # their summaries wrote them; None for any other record (and in records before schema 7).
    merged_from: tuple[str, ...] | None = None
    # The run summary's `registry_used`: False when the run had no registry (its
    # `orgs.registered` are the organisations that sent a file, which `history show` and an
    # export's report name so); None when not known (a record stored before schema version 8,
    # or an imported summary without it): read as True, a registry, as before.
    registry_used: bool | None = None
    # A merged ward's record none of whose former wards had a registry (the roll-up's
    # `registry_none`): `history show` and an export's report name section A's base "tổ chức đã
    # nộp tệp" alone, as the roll-up of the same summaries does. False for every other record,
    # and for a merged record stored before schema version 9 (not known: both bases, as before).
    registry_none: bool = False
    # Set once stored:
    id: int | None = None
    recorded_at: str | None = None
    is_current: bool = True  # the current record of its cut-off for its ward (`ward_key`)
    # A copy that `history remove` kept, imported back: the number (and recording time) the
    # record had, which it takes again when still free, so that it returns to its place in
    # the order of the runs (`toolkit.history.store.run_order`) instead of counting as the
    # run recorded last.
    restore_id: int | None = None

    def past_run(self) -> PastRun:
        """What a later run's outputs use of this record."""
        return PastRun(
            self.run_id,
            self.cutoff_date,
            self.period_start,
            self.form_period,
            dict(self.indicators),
            merged_from=self.merged_from,
            registry_used=self.registry_used,
        )

    @property
    def members_total(self) -> int | float | None:
        return self.indicators.get("members.total")


def record_from_result(result: ConsolidationResult, *, tool_version: str) -> Record:
    """The record of a consolidation that has just been published."""
    return Record(
        run_id=result.run_id,
        origin="consolidate",
        cutoff_date=result.cutoff_date,
        period_start=result.period_start,
        form_period=result.forms_period,
        indicators=dict(result.indicators),
        ward_name=result.ward_name,
        template_version=result.template_version,
        tool_version=tool_version,
        ran_at=result.generated_at.isoformat(),
        organisations=tuple(
            OrgRecord(
                o.org_code,
                o.org_name,
                o.org_tier,
                o.sector,
                o.status,
                o.file,
                dict(o.indicators),
                o.template_version,
                o.upgraded_from,
            )
            for o in result.organisations
        ),
        sources=tuple(
            SourceRecord(
                s.file,
                s.org_code,
                s.sha256,
                s.template_version,
                s.status,
                s.consolidated,
                s.upgrade_not_completed,
                s.copy_of,
            )
            for s in result.sources
        ),
        target_years=stored_target_years(result),
        name_accent_pairs=result.name_accent_pairs,
        partial_target_years=stored_partial_target_years(result),
        registry_used=result.registry_used,
    )


def stored_target_years(result: ConsolidationResult) -> tuple[int, ...] | None:
    """A record's `target_years`, as the run's own summary says them
    (`ConsolidationResult.to_summary`): the run's years that have targets."""
    if result.target_years is None:
        return None
    return tuple(sorted(set(result.years) & result.target_years))


def stored_partial_target_years(result: ConsolidationResult) -> tuple[int, ...] | None:
    """A record's `partial_target_years`: the years whose targets cover only some organisations."""
    return None if result.partial_target_years is None else tuple(sorted(result.partial_target_years))


def _date(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _years(value: Any) -> tuple[int, ...] | None:
    """A summary's `target_years` (or `partial_target_years`) as stored, or None when it has
    none (checked as a list of whole numbers by `toolkit.io.summary.check_summary`)."""
    if not isinstance(value, list) or any(type(y) is not int for y in value):
        return None
    return tuple(sorted(set(value)))


def _count(value: Any) -> int | None:
    """A summary's `name_accent_pairs`, or None when it has none."""
    return value if type(value) is int and 0 <= value < 2**63 else None


def _time(value: Any) -> str | None:
    """An ISO date-time as stored (`ran_at`), or None when it is not one."""
    try:
        return dt.datetime.fromisoformat(str(value)).replace(microsecond=0).isoformat() if value else None
    except ValueError:
        return None


def _ran_at(summary: Mapping[str, Any]) -> str | None:
    """When a summary's run was made: its `generated_at`, else the time in its run id (a summary
    of a version before `generated_at`), else unknown."""
    stated = _time(summary.get("generated_at"))
    if stated is not None:
        return stated
    when = run_id_time(summary.get("run_id"))
    return when.isoformat() if when is not None else None


def record_from_summary(
    summary: Mapping[str, Any], *, run_id: str, source: str = "số liệu tổng hợp"
) -> Record:
    """The record of a checked JSON summary (`toolkit.io.summary.check_summary`), made by this
    or an older version, or by hand: what it lacks gets its default (the forms' period, no
    ward name, no organisations). `run_id` is the summary's own when it has one.

    A roll-up of several wards (`toolkit.io.summary.is_rollup`, `source` naming its file) is
    refused with a `SummaryError`: a ward's history is one ward's, and its records feed that
    ward's “Cùng kỳ năm trước”, trend and opening check.

    A run that consolidated no organisation (`consolidated_any`) is refused the same way, as
    `consolidate` does not record it (`history.empty_run`).

    What a record's copy (`summary_from_record`) carries besides the summary's usual fields,
    the files read with their SHA-256, the tool version and how the record came into its
    history, is taken back, so a removed record comes back whole."""
    if is_rollup(summary):
        raise SummaryError(
            f"Không thêm vào lịch sử: {rollup_words(summary, source)}. Lịch sử tổng hợp chỉ giữ số "
            "liệu của một phường (các biểu lấy cột “Cùng kỳ năm trước” từ đó); hãy nhập tệp JSON "
            "của phường (do lệnh “ward-stats consolidate --json” hoặc “ward-stats history export” "
            "tạo ra). Lịch sử được giữ nguyên."
        )
    cutoff, start = _date(summary["cutoff_date"]), _date(summary["period_start"])
    if not consolidated_any(summary["indicators"]):
        raise SummaryError(
            f"Không thêm vào lịch sử: {empty_run_words(summary, source)}. Số liệu rỗng không được "
            "dùng làm số cùng kỳ năm trước hay số đầu kỳ, nên lệnh “ward-stats consolidate” cũng không "
            "ghi lần như vậy vào lịch sử. Lịch sử được giữ nguyên."
        )
    given = summary.get("form_period")
    form_period = (_date(given[0]), _date(given[1])) if given else default_form_period(start, cutoff)
    organisations = tuple(
        OrgRecord(
            str(o["org_code"]),
            _text(o.get("org_name")),
            _text(o.get("org_tier")),
            _text(o.get("sector")),
            str(o.get("status") or "consolidated"),
            _text(o.get("file")),
            dict(o.get("indicators") or {}),
            _text(o.get("template_version")),
            _text(o.get("upgraded_from")),
        )
        for o in summary.get("organisations") or []
    )
    sources = tuple(
        SourceRecord(
            str(f["file"]),
            _text(f.get("org_code")),
            _text(f.get("sha256")),
            _text(f.get("template_version")),
            _text(f.get("status")),
            _flag(f.get("consolidated")),
            _flag(f.get("upgrade_not_completed")),
            _text(f.get("copy_of")),
        )
        for f in summary.get("sources") or []
    )
    return Record(
        run_id=run_id,
        origin="consolidate" if summary.get("origin") == "consolidate" else "import",
        cutoff_date=cutoff,
        period_start=start,
        form_period=form_period,
        indicators=dict(summary["indicators"]),
        ward_name=tidy_name(_text(summary.get("ward_name"))),
        template_version=_text(summary.get("template_version")),
        tool_version=_text(summary.get("tool_version")),
        organisations=organisations,
        sources=sources,
        target_years=_years(summary.get("target_years")),
        name_accent_pairs=_count(summary.get("name_accent_pairs")),
        partial_target_years=_years(summary.get("partial_target_years")),
        merged_from=_merged_from(summary.get("merged_from")),
        registry_used=_flag(summary.get("registry_used")),
        registry_none=_registry_none(summary),
        ran_at=_ran_at(summary),
        **_restored_place(summary),
    )


def _registry_none(summary: Mapping[str, Any]) -> bool:
    """A summary's `registry_none` (the export of a merged ward's record none of whose former
    wards had a registry): true only with `merged_from` and `registry_used` false, as such an
    export writes it; a ward's own summary never has it."""
    return (
        summary.get("registry_none") is True
        and summary.get("registry_used") is False
        and _merged_from(summary.get("merged_from")) is not None
    )


def _merged_from(value: Any) -> tuple[str, ...] | None:
    """A summary's `merged_from` (the export of a merged ward's record): the former wards'
    names, or None when it has none (or not two names or more)."""
    if not isinstance(value, list) or len(value) < 2 or not all(isinstance(n, str) and n for n in value):
        return None
    return tuple(tidy_name(n) or n for n in value)


def _restored_place(summary: Mapping[str, Any]) -> dict[str, Any]:
    """The number and recording time of the record a copy kept by `history remove` was (its
    `history_id`, `recorded_at`); nothing for any other summary, or when they are not a
    positive whole number and a time."""
    number, when = summary.get("history_id"), _time(summary.get("recorded_at"))
    if summary.get("origin") is None or type(number) is not int or not 0 < number < 2**63:
        return {}
    return {"restore_id": number, "recorded_at": when}


def summary_from_record(
    record: Record,
    *,
    with_origin: bool = False,
    previous: PastRun | None = None,
    previous_issue: Issue | None = None,
) -> dict[str, Any]:
    """The JSON summary of a stored consolidation (no issues: they are not stored), with the
    files it read (`sources`: name, organisation, SHA-256…) and the tool version, which
    `record_from_summary` takes back. `with_origin`: also how the record came into the history
    (`origin`), its number and when it was recorded (`history_id`, `recorded_at`), for the copy
    `history remove` keeps, so that the record added back from it is the one removed, in its
    place; an export (`history export`) imported elsewhere is an import there. `target_years`,
    `name_accent_pairs`, `partial_target_years` and `registry_used` are written as the run's
    summary had them, and left out when the record does not know them (stored before schema
    version 4, or 8 for `registry_used`, or imported from an older summary), so such a record
    exports as it did; `registry_none` (a merged record's, schema version 9) is written only
    when true, as a roll-up's summary writes it. A record does not keep the last year's figures
    its run compared with: `previous` is the record they are found in again
    (`session.export_previous`, for `history export`), with the one issue the run said of its
    organisations (`previous_issue`), which the report of the export repeats as the run's own
    does; the copy `history remove` keeps has neither (an import takes neither back)."""
    place = {"history_id": record.id, "recorded_at": record.recorded_at} if record.id is not None else {}
    return {
        "run_id": record.run_id,
        **({"generated_at": record.ran_at} if record.ran_at else {}),
        **({"origin": record.origin, **place} if with_origin else {}),
        **({"tool_version": record.tool_version} if record.tool_version else {}),
        # A history holds wards' runs only (`history import` refuses a roll-up): as every
        # summary of this version says it, so that a reader does not take it for an old one.
        "level": "ward",
        "ward_name": record.ward_name,
        "cutoff_date": record.cutoff_date.isoformat(),
        "period_start": record.period_start.isoformat(),
        "form_period": [d.isoformat() for d in record.form_period],
        "template_version": record.template_version,
        "indicators": dict(record.indicators),
        "previous": previous.to_json() if previous is not None else None,
        **({} if record.name_accent_pairs is None else {"name_accent_pairs": record.name_accent_pairs}),
        **({} if record.target_years is None else {"target_years": list(record.target_years)}),
        **(
            {}
            if record.partial_target_years is None
            else {"partial_target_years": list(record.partial_target_years)}
        ),
        **({} if record.merged_from is None else {"merged_from": list(record.merged_from)}),
        **({} if record.registry_used is None else {"registry_used": record.registry_used}),
        **({"registry_none": True} if record.registry_none else {}),
        "organisations": [org_json(o) for o in record.organisations],
        "sources": [source_json(f) for f in record.sources],
        "issues": [] if previous_issue is None else [previous_issue.to_json()],
    }
