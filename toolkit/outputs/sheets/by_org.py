"""The `Theo tổ chức` sheet: one row per organisation with its main figures, and the ward's total.

In a roll-up (`ward-stats rollup`) the rows are the wards and the sheet is `Theo phường`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from toolkit.core import layout, vnformat, vocab
from toolkit.core.model import ConsolidationResult, OrgResult
from toolkit.outputs.sheets import SHEET_BY_ORG, SHEET_BY_WARD, WARD_HEADER
from toolkit.outputs.sheets.cells import (
    HEADER_ROW,
    Formats,
    column_pages,
    finish_table,
    fit_row,
    period_words,
    table_sheet,
    write_merged_text,
    write_number,
    write_text,
)
from toolkit.outputs.summary_lines import (
    AGE_REPORT_BANDS,
    UNKNOWN_LABEL,
    UNKNOWN_WHY,
    admissions_label,
    get,
    known,
)
from toolkit.stats.coverage import (
    by_ward_words,
    late_start_words,
    late_starts,
    missing_orgs,
    ward_late_starts,
)
from toolkit.stats.indicators import INTERNAL_TRANSFERS, SCOPE_UNKNOWN
from toolkit.stats.sums import with_implied_parts

ORG_STATUS_LABEL: dict[str, str] = {
    "consolidated": "Đã tổng hợp",
    "excluded": "Bị loại do có lỗi",
    "missing": "Chưa nộp",
}

# (header, width) of the columns that describe the organisation.
TEXT_COLUMNS: tuple[tuple[str, float], ...] = (
    (layout.INFO.field("org_code").header, 9),
    (layout.INFO.field("org_name").header, 34),
    (vocab.ORG_TIER.title, 17),  # "Chi bộ trực thuộc" on one line: a row a line high
    (vocab.SECTOR.title, 18),  # "Lực lượng vũ trang" on one line
    ("Trạng thái", 15),
)

# (header, indicator id, width). Category headers come from the vocabularies.
ORG_FIGURES: tuple[tuple[str, str, float], ...] = (
    ("Tổng số đảng viên", "members.total", 8.5),
    ("Chính thức", "members.full", 8.5),
    ("Dự bị", "members.probationary", 7),
    (vocab.GENDER.label("male"), "members.gender.male", 7),
    (vocab.GENDER.label("female"), "members.gender.female", 7),
    *((label, f"members.age_report.{code}", 8) for code, label in AGE_REPORT_BANDS),
    ("Dân tộc thiểu số", "members.ethnic_minority", 8.5),
    ("Theo tôn giáo", "members.religious", 8),
    ("Đoàn viên TNCS Hồ Chí Minh", "members.youth_union", 9),
    (vocab.GEN_EDU.label("upper_secondary"), "members.gen_edu.upper_secondary", 9),
    (f"{vocab.PROF_LEVEL.label('university')} trở lên", "members.prof.university_plus", 9),
    ("Miễn công tác và sinh hoạt đảng", "members.exempt.full", 9.5),
    ("Tạm miễn công tác và sinh hoạt đảng", "members.exempt.temporary", 9.5),
    # The changes' columns are headed with the run's start (`figure_headers`): wider.
    # Admissions and readmissions: named as `Tổng hợp` names them, "Kết nạp" alone being its
    # admissions without the readmissions (hunt196 #1).
    (admissions_label(), "changes.admissions.total", 12),
    ("Đưa ra khỏi Đảng", "changes.removed.total", 12),
    (f"{vocab.EVENT_TYPE.label('transfer_in')} (ngoài phường)", "changes.transfer_in.total", 12),
    (f"{vocab.EVENT_TYPE.label('transfer_out')} (ngoài phường)", "changes.transfer_out.total", 12),
    (
        f"{vocab.EVENT_TYPE.label('transfer_in')} trong Đảng bộ phường",
        "changes.transfer_in_internal.total",
        12,
    ),
    (
        f"{vocab.EVENT_TYPE.label('transfer_out')} trong Đảng bộ phường",
        "changes.transfer_out_internal.total",
        12,
    ),
)


_HEADERS = {key: header for header, key, _ in ORG_FIGURES}


def figure_headers(result: ConsolidationResult) -> list[str]:
    """The headers of `ORG_FIGURES` as the sheet writes them: a change's column counts the
    changes from the run's start (`--since`, 2020 by default) and says so ("Kết nạp từ
    01/01/2020"), for "trong kỳ" read beside the forms' "Kỳ này", the forms' period, counted
    a quarter's admissions and this column six years' (hunt121 F6)."""
    since = f" từ {vnformat.date(result.period_start)}"
    return [f"{header}{since}" if key.startswith("changes.") else header for header, key, _ in ORG_FIGURES]


def _headers(result: ConsolidationResult) -> dict[str, str]:
    return {key: header for (_, key, _), header in zip(ORG_FIGURES, figure_headers(result), strict=True)}


# The columns of an attribute that a file may not record (template 2026.1 has no such column;
# an upgraded file may not be filled in yet): (indicator id, the id of the members whose value
# is unknown, what is unknown). An organisation none of whose members' value is known has the
# cell empty, never 0; the total row counts the members whose value is known, the row under it
# those whose value is unknown, and a note names the organisations.
UNRECORDED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("members.ethnic_minority", "members.ethnicity.unknown", "dân tộc"),
    ("members.religious", "members.religion.unknown", "tôn giáo"),
    ("members.youth_union", "members.youth_union.unknown", "có là đoàn viên hay không"),
)


def unrecorded(org: OrgResult) -> set[str]:
    """The figures of `UNRECORDED_COLUMNS` that `org`'s file gives for none of its members."""
    total = get(org.indicators, "members.total")
    return {key for key, unknown, _ in UNRECORDED_COLUMNS if total and get(org.indicators, unknown) >= total}


def figures(org: OrgResult, rollup: bool) -> Mapping[str, int | float]:
    """The figures of a row: the organisation's indicators; in a roll-up a ward's summary's,
    with what an older summary implies exactly (`stats.sums.with_implied_parts`, the full and
    temporary exemptions rebuilt from the reasons as the report does, `sums.with_exempt_split`).
    A figure it still lacks is unknown (`summary_lines.known`): shown empty, never 0."""
    return with_implied_parts(org.indicators) if rollup else org.indicators


def lacking(org: OrgResult, rollup: bool) -> list[str]:
    """The columns of `ORG_FIGURES` a consolidated row has no figure for (a ward's summary of an
    older version, in a roll-up; `rollup.incomplete_indicator`)."""
    row = figures(org, rollup)
    return [key for _, key, _ in ORG_FIGURES if known(row, key) is None]


def _column_sums(result: ConsolidationResult, keys: list[str]) -> dict[str, int | float | None]:
    """The sums of `keys` over the consolidated rows; None for a key some row lacks (a partial
    sum would read as the whole's, as `Tổng hợp` leaves such a figure empty)."""
    rollup = result.level == "rollup"
    rows = [figures(o, rollup) for o in result.organisations if o.status == "consolidated"]
    sums: dict[str, int | float | None] = {}
    for key in keys:
        values = [known(row, key) for row in rows]
        sums[key] = None if any(v is None for v in values) else sum(v for v in values if v is not None)
    return sums


def org_totals(result: ConsolidationResult) -> dict[str, int | float | None]:
    """Column sums of the per-organisation figures over the consolidated organisations; None
    for a column some row lacks."""
    return _column_sums(result, [key for _, key, _ in ORG_FIGURES])


# The same columns in a roll-up, where each row is a ward and its summary file.
WARD_COLUMNS: tuple[tuple[str, float], ...] = ((WARD_HEADER, 26), ("Tệp số liệu", 30), ("Trạng thái", 15))
WARD_STATUS_LABEL: dict[str, str] = {"consolidated": "Đã tổng hợp", "excluded": "Không cộng (xem Kiểm tra)"}


def _org_words(org: OrgResult) -> tuple[str, ...]:
    tier = vocab.ORG_TIER.label(org.org_tier) if org.org_tier else ""
    sector = vocab.SECTOR.label(org.sector) if org.sector else ""
    status = ORG_STATUS_LABEL.get(org.status, org.status)
    return org.org_code, org.org_name or "", tier, sector, status


def _ward_words(org: OrgResult) -> tuple[str, ...]:
    """A ward's name, file and status; a ward added whose own run left some of its organisations
    out reads "Đã tổng hợp (70/72 tổ chức)", as `Tổng hợp`'s row 3 names it."""
    status = WARD_STATUS_LABEL.get(org.status, org.status)
    if org.status == "consolidated" and (partial := missing_orgs(org.indicators)) is not None:
        status += f" ({vnformat.number(partial[0])}/{vnformat.number(partial[1])} tổ chức)"
    # By its code, the ward's name: a ward refused for its figures has its file in the next column,
    # not again in its name as its `org_name` has it (`rollup._identify`).
    return org.org_code, org.file or "", status


def write(wb: Workbook, fm: Formats, result: ConsolidationResult) -> None:
    """Write the `Theo tổ chức` sheet (`Theo phường` in a roll-up)."""
    rollup = result.level == "rollup"
    text_columns = WARD_COLUMNS if rollup else TEXT_COLUMNS
    words_of = _ward_words if rollup else _org_words
    columns = [
        *text_columns,
        *((h, w) for h, (_, _, w) in zip(figure_headers(result), ORG_FIGURES, strict=True)),
    ]
    title = "SỐ LIỆU ĐẢNG VIÊN THEO PHƯỜNG" if rollup else "SỐ LIỆU ĐẢNG VIÊN THEO TỔ CHỨC ĐẢNG"
    sheet = SHEET_BY_WARD if rollup else SHEET_BY_ORG
    last_col = len(columns) - 1
    widths = [w for _, w in columns]
    frozen_cols = 1 if rollup else 2
    # Printed over two pages wide (`cells.split_columns`), the title and the notes span the
    # first page's columns: across the page break they would be cut in two.
    pages = column_pages(widths, frozen_cols)
    page_last_col = last_col if pages is None else pages[1][0] - 1
    ws = table_sheet(wb, fm, sheet, columns, title, period_words(result), title_last_col=page_last_col)
    first_figure = len(text_columns)
    ws.set_row(HEADER_ROW, 64)
    row = HEADER_ROW + 1
    for org in result.organisations:
        words = words_of(org)
        for col, word in enumerate(words[:-1]):
            write_text(ws, row, col, word, fm.text_cell)
        status_fmt = fm.text_cell if org.status == "consolidated" else fm.error
        write_text(ws, row, first_figure - 1, words[-1], status_fmt)
        fit_row(ws, row, [(w, width) for w, (_, width) in zip(words, text_columns, strict=True)])
        blank = unrecorded(org) if org.status == "consolidated" else set()
        row_figures = figures(org, rollup)
        for i, (_, key, _) in enumerate(ORG_FIGURES, start=first_figure):
            value = known(row_figures, key) if org.status == "consolidated" and key not in blank else None
            write_number(ws, row, i, value, fm.count)
        row += 1
    last_data = row - 1
    totals = org_totals(result)
    consolidated = result.count("consolidated")
    unit = "phường" if rollup else "tổ chức"
    label = f"Cộng toàn Đảng bộ ({consolidated} {unit} được tổng hợp)"
    # Printed over pages wide, a later page repeats only the columns that name a row (a
    # roll-up's ward): a label merged over the file and status columns too read cut there,
    # "Cộng toàn Đảng bộ (3 phường" (hunt271 F1). It is then held by those columns, wrapped.
    label_last = first_figure - 1 if pages is None else frozen_cols - 1
    label_width = sum(widths[: label_last + 1])

    def row_label(text: str, fmt: Format, blank: Format) -> None:
        if label_last > 0:
            write_merged_text(ws, row, 0, label_last, text, fmt)
        else:
            write_text(ws, row, 0, text, fmt)
        for col in range(label_last + 1, first_figure):
            ws.write_blank(row, col, None, blank)
        if label_last < first_figure - 1:
            fit_row(ws, row, [(text, label_width)])

    row_label(label, fm.total_label_wrap, fm.total_blank)
    for i, (_, key, _) in enumerate(ORG_FIGURES, start=first_figure):
        write_number(ws, row, i, totals[key], fm.total_count)
    unknown = unknown_totals(result)
    if any(unknown.values()):
        # The members the total row leaves out of those columns, as `Tổng hợp` has a line of them.
        row += 1
        row_label(f"{UNKNOWN_LABEL}, không tính vào dòng Cộng", fm.text_cell, fm.blank)
        for i, (_, key, _) in enumerate(ORG_FIGURES, start=first_figure):
            write_number(ws, row, i, unknown.get(key), fm.count)
    width = sum(widths[: page_last_col + 1])
    for note in (
        lacking_note(result),
        unrecorded_note(result),
        late_start_note(result),
        scope_unknown_note(result),
    ):
        if note:
            row += 1
            write_merged_text(ws, row, 0, page_last_col, note, fm.note_wrap)
            fit_row(ws, row, [(note, width)])
    finish_table(
        ws,
        last_row=last_data,
        last_col=last_col,
        frozen_cols=frozen_cols,
        title=sheet,
        widths=widths,
    )
    ws.print_area(0, 0, row, last_col)


def scope_unknown_note(result: ConsolidationResult) -> str | None:
    """What the transfer columns hold besides transfers from or to outside the ward, naming
    where (None when every transfer's scope is known)."""
    where = []
    for org in result.organisations:
        if org.status != "consolidated":
            continue
        counts = [
            f"{get(org.indicators, f'changes.{code}.{SCOPE_UNKNOWN}')} {vocab.EVENT_TYPE.label(code).lower()}"
            for code in INTERNAL_TRANSFERS
            if get(org.indicators, f"changes.{code}.{SCOPE_UNKNOWN}")
        ]
        if counts:
            name = (org.org_name or org.org_code) if result.level == "rollup" else org.org_code
            where.append(f"{name} ({', '.join(counts)})")
    if not where:
        return None
    return (
        "Ghi chú: cột chuyển đến, chuyển đi (ngoài phường) gồm cả chuyển sinh hoạt chưa rõ phạm vi "
        f"chuyển ({UNKNOWN_WHY}), có thể là chuyển trong Đảng bộ phường: {'; '.join(where)}."
    )


def unknown_totals(result: ConsolidationResult) -> dict[str, int | None]:
    """Of each column of `UNRECORDED_COLUMNS`, the members of the consolidated organisations
    whose value is unknown (not counted in the column); None when some row lacks that count."""
    sums = _column_sums(result, [unknown for _, unknown, _ in UNRECORDED_COLUMNS])
    return {key: None if (n := sums[unknown]) is None else int(n) for key, unknown, _ in UNRECORDED_COLUMNS}


def lacking_note(result: ConsolidationResult) -> str | None:
    """Which rows have no figure for which columns (a ward's summary that lacks them, in a
    roll-up), the wards of the same columns said together, and that their cells and the total
    row's are empty. None when every consolidated row has every figure."""
    rollup = result.level == "rollup"
    groups: dict[tuple[str, ...], list[str]] = {}
    for org in result.organisations:
        if org.status == "consolidated" and (keys := lacking(org, rollup)):
            groups.setdefault(tuple(keys), []).append(org.org_name or org.org_code)
    if not groups:
        return None
    unit = "phường" if rollup else "tổ chức"
    sentences = []
    for columns, names in groups.items():
        headers = ", ".join(f"“{_headers(result)[key]}”" for key in columns)
        whose = ", ".join(names)
        sentences.append(
            f"Tệp số liệu của {whose} không có số liệu của "
            f"{'các cột' if len(columns) > 1 else 'cột'} {headers}."
        )
    text = " ".join(sentences)
    return (
        f"Ghi chú: {text} Ô của {unit} đó để trống (không phải 0), và ô của dòng Cộng "
        "ở các cột đó cũng để trống vì không cộng đủ được — xem sheet “Kiểm tra”."
    )


def unrecorded_note(result: ConsolidationResult) -> str | None:
    """What the columns of `UNRECORDED_COLUMNS` leave out: how many members' value is unknown,
    why, and in which organisations (the attributes whose organisations and counts are the
    same said together: a file of template 2026.1 records none of the three); and that a cell
    is empty where the organisation records no member's value. None when every value is known."""
    rollup = result.level == "rollup"
    groups: dict[tuple[tuple[str, int], ...], list[tuple[str, str]]] = {}
    for key, unknown, what in UNRECORDED_COLUMNS:
        where = tuple(
            ((o.org_name or o.org_code) if rollup else o.org_code, int(n))
            for o in result.organisations
            if o.status == "consolidated" and (n := get(o.indicators, unknown))
        )
        if where:
            groups.setdefault(where, []).append((what, _HEADERS[key]))
    if not groups:
        return None
    sentences = []
    for where, columns in groups.items():
        whats = [what for what, _ in columns]
        what_words = ", ".join(whats[:-1]) + " và " + whats[-1] if len(whats) > 1 else whats[0]
        headers = ", ".join(f"“{header}”" for _, header in columns)
        named = ", ".join(f"{name} ({vnformat.number(n)})" for name, n in where)
        sentences.append(
            f"{vnformat.number(sum(n for _, n in where))} đảng viên chưa rõ {what_words} ({UNKNOWN_WHY}), "
            f"không tính vào {'các cột' if len(columns) > 1 else 'cột'} {headers} và dòng Cộng: {named}."
        )
    unit = "phường" if rollup else "tổ chức"
    if any(unrecorded(o) for o in result.organisations if o.status == "consolidated"):
        sentences.append(f"Ô để trống: mọi đảng viên của {unit} đều chưa rõ.")
    return "Ghi chú: " + " ".join(sentences)


def late_start_note(result: ConsolidationResult) -> str | None:
    """That the change columns of the organisations whose file starts after the period does
    (`org.period_start_differs`, `stats.coverage.late_starts`) count only from their file's
    date, as the report says of the ward's changes; of a roll-up, those of its wards whose run
    had such organisations (`rollup.late_start_ward`), named by ward. None when no file starts late."""
    counted = {o.org_code for o in result.organisations if o.status == "consolidated"}
    groups: list[tuple[str | None, list[tuple[str, dt.date]]]]
    if result.level == "rollup":
        groups = [*ward_late_starts(result.issues, result.period_start, counted)]
        rows = len(groups)
        unit = "phường"
    else:
        late = late_starts(result.issues, result.period_start, counted)
        groups = [(None, late)] if late else []
        rows = len(late)
        unit = "tổ chức"
    if not groups:
        return None
    these = f"các {unit} này" if rows > 1 else f"{unit} này"
    return (
        f"Ghi chú: số liệu biến động của {by_ward_words(groups, late_start_words)} chỉ tính từ ngày tệp "
        f"của tổ chức ghi ở mục “Số liệu từ ngày”, sau ngày {vnformat.date(result.period_start)}, nên "
        f"các cột biến động trong kỳ của {these} và dòng Cộng chưa đủ."
    )
