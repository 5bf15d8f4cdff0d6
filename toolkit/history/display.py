"""Stored consolidations in words, for `ward-stats history list` and `history show`.

Command lines, so their dates and times are a message's (`vnformat.message_date`, 31/03/2026),
not the forms' (`vnformat.date`, 31/3/2026), fix382."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from toolkit.core import vnformat
from toolkit.core.entry_marker import TYPED_STATUS
from toolkit.core.layout import not_completed_words, versions_counted
from toolkit.history.records import Record, consolidated_any
from toolkit.stats.coverage import merged_words, outside_count, outside_phrase

ORIGIN_LABEL = {"consolidate": "tổng hợp", "import": "nhập từ tệp JSON"}


def _number(value: int | float | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        # With the decimals it is stored with (a rate to 4 places, a mean to 1), as the JSON
        # has it: one decimal for every figure of 1 or more printed an admissions rate of
        # 1.0261 (102,61% on `Tổng hợp`) as "1,0", and 1.05 as "1,1" (hunt196 #2).
        # At most 6: a float no rounding made (0.30000000000000004) is not printed in full.
        exponent = Decimal(repr(value)).as_tuple().exponent
        places = -exponent if isinstance(exponent, int) else 1
        return vnformat.decimal(value, max(1, min(6, places)))
    return vnformat.number(int(value))


def _period(record: Record) -> str:
    start, end = record.form_period
    return f"{vnformat.message_date(start)}–{vnformat.message_date(end)}"


def _superseded(record: Record, by: Record | None = None) -> str:
    """Why a record is not current: a later run of its cut-off and ward (the current record is
    per ward, `toolkit.history.store.current_ids`), named when known (`by`,
    `session.replaced_by`: a later run of its own forms' period when there is one), or a run
    that consolidated nothing. A record named of another forms' period is said to be one: it
    stands beside this record at the cut-off, it does not correct it (hunt321 #4)."""
    if not consolidated_any(record.indicators):
        return "không tổng hợp được tổ chức nào, không dùng"
    which = f"lần số {by.id}" if by is not None and by.id is not None else "lần"
    other = ", kỳ biểu khác" if by is not None and by.form_period != record.form_period else ""
    if record.ward_name:
        return f"đã có {which} mới hơn của phường này cùng ngày chốt{other}"
    return f"đã có {which} mới hơn cùng ngày chốt, cũng chưa ghi tên phường{other}"


def _file_versions(record: Record) -> str:
    """The template versions of the files the run read, counted: '2026.1 (3 tệp), 2026.2 (1
    tệp)'; a file whose version was not read (not of the template) is 'chưa rõ'. The record's
    own `template_version` is the template the tool made at the time, not the files'.

    Of a version's files, the upgraded ones not completed (their new Có/Không columns all
    empty) that the run consolidated, whose members it counted as unknown there, are said:
    '2026.2 (3 tệp, 1 tệp nâng cấp chưa điền cột mới)'. A file the run excluded or set aside
    (a duplicate) counted nothing, so it is not among them; a source of a record that did not
    store whether it was consolidated (`consolidated` None) is taken as consolidated, as the
    flag itself is newer than that field. A record of a version that did not store the flag
    says nothing."""
    if not record.sources:
        return "không rõ (lịch sử không có danh sách tệp của lần này)"
    return versions_counted(
        [s.template_version for s in record.sources],
        [
            s.template_version
            for s in record.sources
            if s.upgrade_not_completed and s.consolidated is not False
        ],
    )


def _made_by(record: Record) -> list[str]:
    """The lines of the files' template versions and of the tool. A merged ward's record was
    read from the former wards' JSON summaries, not from organisations' files, and stores
    neither those runs' tool versions nor their files' template versions (its `sources` are
    the summaries; its `template_version`, the former runs' tools' template): said so, never
    "ward-stats ?" and the summaries counted as files of a template version (review203). A
    version not stored (an older tool's summary imported) is "không rõ"."""
    template = record.template_version or "không rõ"
    if any(s.status == TYPED_STATUS for s in record.sources):
        return ["  Số liệu: chép tay từ Biểu 1–3-BTCTW đã gửi (không đọc tệp của tổ chức nào)."]
    if record.merged_from:
        return [
            "  Phiên bản mẫu của các tệp: không có (các tệp đã đọc là tệp tóm tắt JSON của các phường "
            "cũ, không phải tệp của các tổ chức).",
            f"  Công cụ đã tổng hợp các phường cũ: không rõ (mẫu của công cụ khi đó: {template}).",
        ]
    tool = f"ward-stats {record.tool_version}" if record.tool_version else "không rõ"
    return [
        f"  Phiên bản mẫu của các tệp: {_file_versions(record)}.",
        f"  Công cụ: {tool} (mẫu của công cụ khi chạy: {template}).",
    ]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _kept_words(instead: Record | None, next_year: tuple[dt.date, dt.date]) -> str:
    """Of a record superseded at its cut-off by a run of another forms' period that next year's
    forms of its own period still compare with (`session.kept_for_next_year`): not "cũ", which
    read as a record to delete (h215 F1)."""
    which = f"lần số {instead.id}" if instead is not None and instead.id is not None else "lần khác"
    return (
        f"ngày chốt này dùng {which} (kỳ biểu khác); lần này giữ lại làm “Cùng kỳ năm trước” cho kỳ biểu "
        f"{vnformat.message_date(next_year[0])}–{vnformat.message_date(next_year[1])}"
    )


def _state(record: Record, instead: Record | None, next_year: tuple[dt.date, dt.date] | None = None) -> str:
    """`hiện hành`, or why not: superseded (`_superseded`; `instead`, the record that superseded
    it, `session.replaced_by`; `next_year`, the forms' period it is still last year's of when
    superseded by a run of another forms' period, `session.kept_for_next_year`), or current for
    its ward but not used, a record without a ward name of its cut-off that ran after it being
    used instead (`toolkit.history.session.used_instead`)."""
    if next_year is not None:  # superseded, or not used at its cut-off (h222), and kept
        return _kept_words(instead, next_year)
    if not record.is_current:
        return f"cũ ({_superseded(record, instead)})"
    if instead is not None:
        return (
            f"không dùng (lần số {instead.id} cùng ngày chốt, chưa ghi tên phường, chạy sau nên được "
            "dùng thay)"
        )
    return "hiện hành"


def _origin(record: Record, typed: str | None = None) -> str:
    """How the record came into the history: a merged ward's names its former wards; one typed
    from last year's forms (`origin` import, its one source marked `TYPED_STATUS`) says so."""
    origin = ORIGIN_LABEL.get(record.origin, record.origin)
    typed = typed or next((s.file for s in record.sources if s.status == TYPED_STATUS), None)
    if typed is not None:  # last year's forms typed by hand (`history blank-forms`, hunt220 R1)
        return f"chép tay từ biểu năm trước (tệp Excel “{typed}”)"
    if record.merged_from:
        return f"tổng của {merged_words(record.merged_from)} ({origin})"
    return origin


def record_line(
    record: Record,
    *,
    instead: Record | None = None,
    not_completed: int = 0,
    next_year: tuple[dt.date, dt.date] | None = None,
    typed: str | None = None,
) -> str:
    """`Lần số 3  chốt 31/03/2026  kỳ biểu 01/01/2026–31/03/2026  Phường …  4.216 đảng viên  …`
    (the record's number as every message says it, "lần số 3": the list said "#3", fix368; dates
    as every message and command line writes them, `vnformat.message_date`: the forms' own
    `31/3/2026` put one period as 01/01/2026–31/3/2026 beside the messages' 31/03/2026, fix382);
    `instead`: the record its ward's runs use in its place (`_state`: of a current record, one
    without a ward name that ran after it; of a superseded one, the later run of its ward);
    `not_completed`: how many upgraded files not completed the run consolidated
    (`Store.upgrade_not_completed`, counted as `history show` counts them), said after the
    members when any: their members were counted as unknown in the new columns; `next_year`
    as for `_state`; `typed`: the workbook of last year's forms it was typed into, if it was
    (`HistoryStore.typed_forms`: the records listed are read without their files)."""
    state = _state(record, instead, next_year)
    parts = [
        f"Lần số {record.id}",
        f"chốt {vnformat.message_date(record.cutoff_date)}",
        f"kỳ biểu {_period(record)}",
        record.ward_name or "(chưa ghi tên phường)",
        f"{_number(record.members_total)} đảng viên",
        *([not_completed_words(not_completed).removeprefix(", ")] if not_completed else []),
        f"ghi lúc {vnformat.date_time(record.recorded_at, message=True)}",
        _origin(record, typed),
        state,
    ]
    return "  ".join(parts)


def record_details(
    record: Record, *, instead: Record | None = None, next_year: tuple[dt.date, dt.date] | None = None
) -> list[str]:
    """The record's facts, one line each (its figures are `indicator_lines` or, in the words of
    the statistics sheet, `toolkit.outputs.summary_text`); `instead` as for `record_line`."""
    consolidated = sum(1 for o in record.organisations if o.status == "consolidated")
    origin = _origin(record)
    typed = any(s.status == TYPED_STATUS for s in record.sources)
    cutoff, start = vnformat.message_date(record.cutoff_date), vnformat.message_date(record.period_start)
    ran = vnformat.date_time(record.ran_at, message=True)
    recorded = vnformat.date_time(record.recorded_at, message=True)
    orgs, files = len(record.organisations), len(record.sources)
    # Byte-identical copies of a file used, ignored (`org.identical_copy`; not known in a record
    # stored before schema version 6): said, so that they do not read as files left out.
    copies = sum(1 for s in record.sources if s.copy_of)
    copied = f" (bỏ qua {copies} bản sao giống hệt tệp khác)" if copies else ""
    if next_year is not None and not record.is_current:
        state = _capital(_kept_words(instead, next_year))
    elif record.is_current:
        state = _capital(_state(record, instead))
    else:
        state = f"Cũ: {_superseded(record, instead)}"
    lines = [
        f"Lần tổng hợp số {record.id} (mã {record.run_id}), {origin}.",
        f"  Ngày chốt số liệu: {cutoff}; biến động từ {start}.",
        f"  Kỳ báo cáo của Biểu 1–4-BTCTW: {_period(record)}.",
        f"  Phường: {record.ward_name or '(chưa ghi)'}.",
        *_made_by(record),
        f"  {'Cộng số liệu' if record.merged_from else 'Chạy'} lúc: {ran}; ghi vào lịch sử lúc: {recorded}."
        if not typed
        else f"  Ghi vào lịch sử lúc: {recorded}.",
        # Typed from the forms: no organisation's figures, not "0 (0 được tổng hợp)" above the
        # ward's count of organisations typed (review229).
        "  Tổ chức: không có số liệu từng tổ chức (chỉ có số liệu toàn phường chép từ các biểu); tệp "
        "đã đọc: 1 (tệp nhập số liệu cùng kỳ năm trước)."
        if typed
        else f"  Tổ chức: {_orgs_words(record, orgs, consolidated)}; tệp đã đọc: {files or 'không rõ'}"
        f"{copied}."
        if not record.merged_from
        else (
            f"  Phường hợp nhất từ {merged_words(record.merged_from)}: số liệu là tổng số liệu của các "
            f"phường cũ tại ngày chốt này, không có số liệu từng tổ chức; tệp đã đọc: {files} (tệp tóm tắt "
            "JSON của các phường cũ)."
        ),
        f"  {state}.",
    ]
    return lines


def _orgs_words(record: Record, orgs: int, consolidated: int) -> str:
    """'72 (68 được tổng hợp)', or, with files outside the registry (`orgs.unregistered`), '72
    trong danh mục (68 được tổng hợp; ngoài ra 1 tổ chức chưa có trong danh mục có nộp tệp, không
    được tổng hợp)': over the registry, as every other count of the run and section A's "Tổng số
    tổ chức đảng trực thuộc" below (review335: it said 73)."""
    outside = outside_count(record.indicators)
    if not outside or outside >= orgs:
        return f"{orgs} ({consolidated} được tổng hợp)"
    return f"{orgs - outside} trong danh mục ({consolidated} được tổng hợp; {outside_phrase(outside)})"


def indicator_lines(record: Record) -> list[str]:
    """Every indicator of the ward by its id (`members.total = 4.216`), as the JSON names it."""
    return [f"  {key} = {_number(value)}" for key, value in record.indicators.items()]
