"""A ward formed by merging former wards: one record of it, the sum of theirs (hunt199 F3).

Vietnamese wards were merged in 2025. The new ward's forms of 2026 compare with the same
cut-off of 2025, when it did not exist: its `Cùng kỳ năm trước` is the sum of the former
wards' figures then. `merged_record` makes that record from the former wards' JSON summaries
(`history import A.json B.json --merged-ward NAME`): each is checked as `history import`
checks one (`records.record_from_summary`: no roll-up, no run that consolidated nothing), they
must be of different named wards, of one cut-off, one change period and one forms' period (the
roll-up's alignment rules, said before anything is added), and they are added by the roll-up
itself (`toolkit.rollup.rollup`, called by `cli_history` between `former_wards` and
`merged_record`, since the history does not import the roll-up: counts summed, means and
rates recomputed from the sums), never by a second summing code.

The record is the new ward's (`ward_name` NAME) at that cut-off, `origin` import, its
`merged_from` the former wards' names (schema version 7). It keeps no organisation's figures:
the former wards' codes repeat (both had HD01…) and were renumbered when merged, so no code of
theirs is the new ward's; a record without them is one the history knows (an imported
summary without organisations): the opening check says it cannot compare organisation by
organisation (`form.ward_opening_no_org_figures`, which names the former wards and says that
one moved only partly may explain a difference: review203 R4), and the report's comparison says why it
gives no figures over the organisations of both periods. Its files (`sources`) are the former
wards' summaries, each with its ward's name and SHA-256 (`history show` says they are
summaries, and that the former runs' tool is not known: it is not stored). Its run id is made from theirs and
the new name (a file's SHA-256 for a summary without a run id), so that importing the same
pair again is said as already there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path

from toolkit.core import vnformat
from toolkit.core.errors import SummaryError
from toolkit.core.model import ConsolidationResult, Issue, default_form_period
from toolkit.core.text import tidy_name, ward_key
from toolkit.history.records import (
    Record,
    SourceRecord,
    record_from_summary,
    stored_partial_target_years,
    stored_target_years,
)
from toolkit.io.summary import load_summary

# The roll-up's issues that say nothing of the sum of these wards' figures at their cut-off:
# its own last year's column, its forms' heading.
_NOT_OF_THE_SUM = frozenset(
    {
        "rollup.no_previous",
        "rollup.incomplete_previous_ward",
        "rollup.no_unit_name",
        "rollup.previous_issue",
        "rollup.personal_data",  # said by `history import` in its own words (what the history keeps)
    }
)
NOT_ADDED = "Lịch sử được giữ nguyên."


def _refuse(text: str) -> SummaryError:
    return SummaryError(f"Không thêm vào lịch sử: {text} {NOT_ADDED}")


def former_wards(paths: Sequence[Path], name: str) -> list[tuple[Path, Record]]:
    """The former wards' summaries at `paths`, each checked as `history import` checks one, as
    records. Raises `SummaryError` (nothing added) when a file cannot be imported, when two are
    of one ward or one run, when one names no ward, or when their cut-offs or periods differ."""
    new_name = tidy_name(name)
    if not new_name:
        raise _refuse("chưa ghi tên phường mới sau --merged-ward.")
    if len(paths) < 2:
        raise _refuse(
            "--merged-ward cần tệp JSON số liệu của ít nhất hai phường cũ (các phường đã hợp nhất thành "
            f"“{new_name}”), cùng ngày chốt."
        )
    records: list[tuple[Path, Record]] = []
    for path in paths:
        summary = load_summary(path)
        record = record_from_summary(summary, run_id=str(summary.get("run_id") or ""), source=str(path))
        if not ward_key(record.ward_name):
            raise _refuse(
                f"tệp “{path}” không ghi tên phường, nên không biết đó là số liệu của phường cũ nào. Hãy "
                "dùng tệp JSON có tên phường (tổng hợp lại phường đó với tên phường, hoặc “ward-stats "
                "history export” của lần tổng hợp có tên phường)."
            )
        records.append((path, record))
    seen: dict[str, Path] = {}
    for path, record in records:
        for key, words in (
            (f"ward:{ward_key(record.ward_name)}", f"cùng là số liệu của “{record.ward_name}”"),
            (f"run:{record.run_id}", f"là cùng một lần tổng hợp (mã lần chạy {record.run_id})"),
        ):
            if key.endswith(":"):
                continue
            if key in seen:
                raise _refuse(
                    f"“{seen[key]}” và “{path}” {words}. Mỗi phường cũ chỉ được cộng một lần: hãy chọn "
                    "một tệp JSON của mỗi phường cũ."
                )
            seen[key] = path
    _refuse_unaligned(records)
    return records


def refused_sum(exc: SummaryError) -> SummaryError:
    """The roll-up's refusal to add the former wards (what would count a ward twice: their
    figures alike), in `history import`'s words."""
    text = exc.message_vi.removeprefix("Không tổng hợp lên cấp trên: ")
    return _refuse(text.replace(" Chưa ghi tệp kết quả nào.", ""))


def merged_record(
    records: list[tuple[Path, Record]], result: ConsolidationResult, name: str
) -> tuple[Record, list[Issue]]:
    """The record of the ward `name` formed by merging the wards of `records` (`former_wards`),
    of their sum `result` (`toolkit.rollup.rollup` of their files, in their order), and the
    roll-up's warnings about that sum."""
    new_name = tidy_name(name)
    excluded = [o for o in result.organisations if o.status != "consolidated"]
    if excluded:  # not expected after the checks above: said, never a partial sum
        raise _refuse("; ".join(f"“{o.file}”: {o.reason}" for o in excluded))
    first = records[0][1]
    # A former ward whose records were renamed to the new name already (`rename-ward`, the advice
    # before hunt199 F3; `history.previous_one_former_ward`) is said as the new name then.
    former = tuple(
        f"{r.ward_name} (trước khi hợp nhất)"
        if ward_key(r.ward_name) == ward_key(new_name)
        else str(r.ward_name)
        for _, r in records
    )
    # A summary without a run id (an older tool's) is known by its file's SHA-256: else two
    # different pairs of such files (another cut-off of the same wards) had one run id, and the
    # second was refused as already there (review203).
    runs = (r.run_id or s.sha256 or "" for s, (_, r) in zip(result.sources, records, strict=True))
    digest = hashlib.sha256("\n".join([ward_key(new_name), *sorted(runs)]).encode("utf-8")).hexdigest()
    now = dt.datetime.now().replace(microsecond=0)
    record = Record(
        run_id=f"gop-{digest[:16]}",
        origin="import",
        cutoff_date=first.cutoff_date,
        period_start=first.period_start,
        form_period=first.form_period,
        indicators=dict(result.indicators),
        ward_name=new_name,
        template_version=result.template_version or None,
        tool_version=None,
        ran_at=now.isoformat(),
        organisations=(),
        # As the roll-up names each file (`file_labels`), with its ward and its own template version.
        sources=tuple(
            SourceRecord(s.file, s.org_code, s.sha256, r.template_version, "ok", True)
            for s, (_, r) in zip(result.sources, records, strict=True)
        ),
        target_years=stored_target_years(result),
        name_accent_pairs=result.name_accent_pairs,
        partial_target_years=stored_partial_target_years(result),
        merged_from=former,
        # False when some former ward ran without a registry (`rollup`'s own rule).
        registry_used=result.registry_used,
        # True when no former ward had one: the base is then the files sent alone (fix386).
        registry_none=result.registry_none,
    )
    warnings = [i for i in result.issues if i.code not in _NOT_OF_THE_SUM]
    return record, warnings


def _refuse_unaligned(records: list[tuple[Path, Record]]) -> None:
    """The roll-up's alignment rules, said before anything is summed: one cut-off, one change
    period and one forms' period (a summary without its forms' period has the default one),
    its dates as every message writes them (fix382: they were the forms' 31/3/2026)."""
    day = vnformat.message_date
    path, first = records[0]
    for other_path, other in records[1:]:
        if other.cutoff_date != first.cutoff_date:
            raise _refuse(
                f"“{path}” có ngày chốt {day(first.cutoff_date)}, còn “{other_path}” có ngày "
                f"chốt {day(other.cutoff_date)}. Chỉ cộng số liệu của các phường cũ cùng một ngày "
                "chốt: hãy dùng tệp JSON của cùng ngày chốt (ví dụ cùng ngày chốt của năm trước)."
            )
        mine = (
            first.period_start,
            first.form_period or default_form_period(first.period_start, first.cutoff_date),
        )
        theirs = (other.period_start, other.form_period)
        if mine != theirs:
            raise _refuse(
                f"“{path}” (biến động tính từ ngày {day(mine[0])}, kỳ báo cáo "
                f"{day(mine[1][0])}–{day(mine[1][1])}) và “{other_path}” (biến động "
                f"tính từ ngày {day(theirs[0])}, kỳ báo cáo {day(theirs[1][0])}–"
                f"{day(theirs[1][1])}) không cùng kỳ số liệu. Chỉ cộng số liệu của các phường cũ "
                "cùng một kỳ."
            )
