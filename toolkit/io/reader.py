"""Reads one submission into normalised frames that keep every value's cell.

`read_submission` is the whole journey of one file: its bytes go through the safety gate
(`toolkit.io.package`), every sheet part is measured so that calamine is never given a sheet
reaching too far for it (`toolkit.io.extent`), python-calamine reads the values, the template
is recognised from its `_meta` sheet (or its sheet names), the `Thông tin` sheet gives the
organisation's details, and each data sheet becomes a `SheetColumns` frame, column by column
(`toolkit.io.columns`), with the sheet XML scanned for what calamine does not tell
(`toolkit.io.sheets`).

`read_submission` never raises for a bad file: every problem becomes an `Issue`.
"""

from __future__ import annotations

import hashlib
import io
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from python_calamine import CalamineWorkbook, WorksheetNotFound

from toolkit.core import layout, vnformat, vocab
from toolkit.core.layout import Field, SheetSpec, cell_ranges, get_column_letter
from toolkit.core.model import Submission
from toolkit.core.rules import SHEET_PREFIX, make_issue, where_cell
from toolkit.core.sheetcolumns import SheetColumns
from toolkit.core.text import looks_like_org_code
from toolkit.io import normalize, versions
from toolkit.io.cells import is_blank, take
from toolkit.io.columns import (
    Changes,
    change_issues,
    is_number_as_date,
    normalize_category_cell,
    normalize_column,
    normalize_date_cell,
    normalize_text_cell,
    number_as_date_reason,
)
from toolkit.io.context import ReadContext, Refused
from toolkit.io.discover import free_name, is_partial_download, needs_its_suffix, with_its_suffix
from toolkit.io.errorcells import (
    Book,
    SheetTooFar,
    drop_other_issues_at,
    report_error_cells,
    report_out_of_range,
)
from toolkit.io.extent import FarCells, check_sheet_grids
from toolkit.io.moved import find_moved_table
from toolkit.io.outside import find_rows_outside, report_rows_outside
from toolkit.io.package import OwnOutput, Package, open_package, read_bytes
from toolkit.io.registry import holds_registry_header, sheets_in_order
from toolkit.io.runtime import InBackground, gc_paused
from toolkit.io.sheets import (
    HIDDEN_SHEET_ADVICE,
    SheetXml,
    clear_merged_covered,
    find_sheet,
    match_key,
    renamed_sheets,
    report_extra_columns,
    report_extra_sheets,
    report_formula_cells,
    report_hidden_columns,
    report_hidden_rows,
    report_merged_cells,
    report_part_struck,
    report_struck_rows,
    rows_hidden_by_hand,
    scan_sheet,
)
from toolkit.io.straylines import (
    answers_only_rows,
    heading_rows,
    report_answers_only_rows,
    report_row_no_text,
    report_rows,
    report_trailer_count,
    stated_counts,
    subtotal_rows,
    trailer_rows,
)

# A sheet part at least this large is parsed by calamine in a background thread while its XML
# is scanned (see `_data_sheet`).
_PARSE_WHILE_SCANNING_BYTES = 8 * 1024 * 1024

MergedRanges = list[tuple[tuple[int, int], tuple[int, int]]]  # calamine's, 0-based


def read_submission(path: Path, *, info_only: bool = False, data: bytes | None = None) -> Submission:
    """Read and normalise one submission; never raises for a bad file.

    With `data`, those are the file's bytes, not read from `path` (which names the file): the
    upgrade reads back a copy it has made in memory, before it is written (`upgrade.Verdict`).

    With `info_only`, the file is read as far as its `Thông tin` only (its package checked, the
    template and version recognised, `Thông tin` read into `Submission.info` as a full read
    reads it) and no data sheet is read (`members`, `events` and `years` stay None): what
    tells a file's period (its cut-off) at a fraction of the cost, for the files of a missing
    organisation in a sub-folder (`attribution._in_subfolders`, h217). Its issues are only
    those found so far: not a file's verdict."""
    started = time.perf_counter()
    path = Path(path)
    ctx = ReadContext(file=path.name)
    sub = Submission(path=path, sha256="")
    try:
        if is_partial_download(path.name):
            raise ctx.refuse("file.partial_download", suffix=path.suffix)
        if data is None:
            data = read_bytes(path, ctx)
        sub.sha256 = hashlib.sha256(data).hexdigest()
        with gc_paused():
            _read_workbook(sub, data, ctx, info_only=info_only)
    except Refused as refused:
        ctx.issues.insert(0, refused.issue)
        sub.members = sub.events = sub.years = None
    except OwnOutput as own:
        sub.own_output = True  # a result of ward-stats, not a submission: left out, silently
        sub.own_blank_template = isinstance(own, OwnBlankTemplate)
        sub.members = sub.events = sub.years = None
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except MemoryError:
        # The computer, not the file, ran out (a worker process too: the issue travels back):
        # said as such, never as a damaged file, and the other files go on (hunt122 F7).
        ctx.issues.insert(0, make_issue("file.out_of_memory", file=ctx.file))
        sub.members = sub.events = sub.years = None
    except BaseException:  # noqa: B036 - calamine's Rust panics derive from BaseException
        # A reader bug or an exotic file must not stop the run.
        ctx.issues.insert(
            0,
            make_issue(
                "file.unreadable",
                file=ctx.file,
                reason="lỗi không lường trước khi đọc",
            ),
        )
        sub.members = sub.events = sub.years = None
    org = sub.org_code
    sub.issues.extend(replace(i, org_code=org) if i.org_code is None and org else i for i in ctx.issues)
    if sub.readable:
        sub.struck_rows = ctx.struck_rows
        sub.struck_notes = ctx.struck_notes
        sub.notes_unstruck = ctx.notes_unstruck
        sub.hidden_rows = ctx.hidden_rows
        sub.hidden_columns = ctx.hidden_columns
        sub.read_as = ctx.read_as
        sub.rows_not_read = ctx.rows_not_read
        sub.rows_outside = ctx.rows_outside
    sub.read_seconds = time.perf_counter() - started
    return sub


def _read_workbook(sub: Submission, data: bytes, ctx: ReadContext, *, info_only: bool = False) -> None:
    pkg = open_package(data, sub.path, ctx)
    if needs_its_suffix(sub.path.name):
        suggested = free_name(sub.path.parent, with_its_suffix(sub.path.name, macros=pkg.has_macros))
        ctx.add("file.name_suffix", suggested=suggested)
    if pkg.has_macros:
        ctx.add("file.macros")
    # Every sheet part is measured before calamine reads any (`toolkit.io.extent`); the XML of
    # the sheets scanned below is kept from that pass. A large file is opened by calamine (its
    # strings, styles and sheet list: no sheet) in a thread meanwhile.
    opening = None
    if len(data) >= _PARSE_WHILE_SCANNING_BYTES:
        opening = InBackground(CalamineWorkbook.from_filelike, io.BytesIO(data))
    try:
        check_sheet_grids(pkg, keep=_scanned_parts(pkg, info_only=info_only))
    finally:
        if opening is not None:
            opening.wait()
    try:
        opened = opening.result() if opening is not None else CalamineWorkbook.from_filelike(io.BytesIO(data))
        book = Book(pkg, opened)
    except (KeyboardInterrupt, SystemExit, MemoryError):  # out of memory: `read_submission` says so
        raise
    except BaseException:  # noqa: B036 - includes pyo3's PanicException  # calamine raises its own error types and sometimes plain ones
        raise ctx.refuse("file.unreadable", reason="tệp bị hỏng") from None
    names = book.sheet_names
    _refuse_far_sheets(book, names, ctx)
    template_id, meta, present = _identify_template(book, names, ctx)
    sub.sheet_names = {t: name for t, name in present.items() if name is not None and name != t}
    renamed = renamed_sheets(book, names)  # a template sheet the file lacks, renamed: its tab

    info_name = present[layout.SHEET_INFO]
    xml = None
    info_rows: list[list[Any]] = []
    if info_name is None:
        # Nothing of `Thông tin` is read without it: not the cut-off (last year's file would be
        # counted in this year's run), the period start, the tier or the sector. The
        # organisation is still known by the file's name, so the file is left out by name.
        _report_missing_sheet(layout.SHEET_INFO, renamed, ctx)
    else:
        xml = scan_sheet(pkg, _sheet_part(pkg, info_name, ctx), ctx)
        if xml.needs_defusing:
            book.defuse()
        info_rows = _sheet_rows(book, info_name, ctx)
    version, version_cell = _version(meta, info_rows)
    sub.template_version = version or None
    sub.upgraded_from = str(meta.get(layout.META_UPGRADED_FROM) or "").strip() or None
    if template_id and version not in layout.SUPPORTED_TEMPLATE_VERSIONS:
        # Its layout is not known: read with the current one, every label or header the other
        # version moved was an error asking to restore it (hunt123 F6). Nothing more is read.
        # One made after this ward-stats is the secretary's right file: the office is to update
        # the tool, and the secretary is told nothing (`rules.CLERK_ONLY`, review132 #4).
        raise ctx.refuse(
            "file.version_newer" if layout.is_newer_version(version) else "file.version",
            sheet=info_name or layout.SHEET_INFO,
            cell=version_cell,
            found=version or "không rõ",
            expected=", ".join(layout.SUPPORTED_TEMPLATE_VERSIONS),
        )
    lay = layout.layout_for(version)
    if info_name is not None and xml is not None:
        since = len(ctx.issues)
        errors = report_error_cells(xml.error_cells, lay.info, info_name, ctx)
        errors |= report_out_of_range(xml.out_of_range, lay.info, info_name, ctx)
        _read_info(sub, lay.info, info_rows, info_name, xml, ctx)
        report_formula_cells(xml, lay.info, info_name, info_rows, ctx, info=True)
        drop_other_issues_at(ctx, errors, info_name, since)
    ctx.org_code = sub.org_code
    if lay.version != layout.TEMPLATE_VERSION:
        missing = ", ".join(f"\u201c{f.header}\u201d" for f in layout.missing_in(lay.version))
        ctx.add(
            "file.old_template",
            sheet=info_name or layout.SHEET_INFO,
            cell=version_cell,
            found=lay.version,
            missing=missing,
        )
    if info_only:
        return

    frames = {
        spec.name: _data_sheet(book, pkg, spec, present[spec.name], ctx, renamed) for spec in lay.data_sheets
    }
    members, events = frames[layout.SHEET_MEMBERS], frames[layout.SHEET_EVENTS]
    upgraded = sub.upgraded_from is not None
    # Only an upgraded file's new columns are looked at (any other file pays a flag test).
    answered = True
    if upgraded and members is not None and lay.version == layout.TEMPLATE_VERSION:
        answered = versions.answered_after_upgrade(members)
    sub.members = (
        None
        if members is None
        else versions.members_now(members, lay.version, upgraded=upgraded, answered=answered)
    )
    if not answered and members is not None and len(members):
        sub.upgrade_not_completed = True
        headers = (layout.MEMBERS.field(k).header for k in layout.COMPLETING_ANSWERS)
        columns = ", ".join(f"\u201c{h}\u201d" for h in headers)
        sheet = present[layout.SHEET_MEMBERS] or layout.SHEET_MEMBERS
        ctx.add(
            "file.upgrade_not_completed",
            sheet=sheet,
            old=sub.upgraded_from,
            columns=columns,
            question=layout.INFO.field("no_candidates_left").header,
            info=layout.SHEET_INFO,
            yes=vocab.YES_NO.label("yes"),
            no=vocab.YES_NO.label("no"),
        )
    sub.events = None if events is None else versions.events_now(events)
    sub.years = frames[layout.SHEET_YEARS]
    if _is_own_blank_template(sub):
        raise OwnBlankTemplate()
    report_extra_sheets(book, names, ctx, renamed.values())


def _is_own_blank_template(sub: Submission) -> bool:
    """Whether the file is the blank template ward-stats ships and writes (`mau_chi_bo.xlsx`,
    its name exactly) as it was made: no organisation's code or name, no member, no change.
    It sits beside the consolidation workbook in the delivered folder, which may be the
    submissions folder; read, it was a file "of no organisation" with five errors and a
    feedback workbook. Filled in under that name (a secretary who did not rename it), it is
    read as any submission."""
    if sub.path.name.casefold() != layout.TEMPLATE_FILENAME:
        return False
    info = sub.info or {}
    if any(value is not None for key, value in info.items() if key != "template_version"):
        return False  # anything typed on `Thông tin` (a cut-off, a Bí thư) is a secretary's work
    if not all(frame is None or len(frame) == 0 for frame in (sub.members, sub.events)):
        return False
    years = sub.years  # a DataFrame (`Submission.years`)
    if years is None or len(years) == 0:
        return True
    return not any(
        not is_blank(v)
        for key in years.columns
        if key not in ("year", "row_no", "_row")
        for v in years[key].tolist()
    )


def _scanned_parts(pkg: Package, *, info_only: bool = False) -> set[str]:
    """The parts of the sheets whose XML the reader scans (`Thông tin` and the data sheets;
    `Thông tin` only with `info_only`)."""
    names = list(pkg.sheet_parts)
    data_sheets = () if info_only else tuple(spec.name for spec in layout.DATA_SHEETS)
    found = (find_sheet(names, s) for s in (layout.SHEET_INFO, *data_sheets))
    return {pkg.sheet_parts[name] for name in found if name is not None}


def _refuse_far_sheets(book: Book, names: Sequence[str], ctx: ReadContext) -> None:
    """A sheet the reader reads (`_meta`, `Thông tin`, the data sheets) whose cells reach too
    far for calamine refuses the file (an extra sheet is only left unread: `report_extra_sheets`)."""
    read = (layout.SHEET_META, layout.SHEET_INFO, *(spec.name for spec in layout.DATA_SHEETS))
    for wanted in read:
        name = find_sheet(names, wanted)
        far = book.far(name) if name is not None else None
        if name is not None and far is not None:
            raise _too_far(name, far, ctx)


def _too_far(name: str, far: FarCells, ctx: ReadContext) -> Refused:
    return ctx.refuse(far.rule, sheet=name, cell=far.grid_cell, reason=far.describe(name))


class OwnBlankTemplate(OwnOutput):
    """The file is the blank template as ward-stats writes it (`_is_own_blank_template`)."""


class RegistryBook(OwnOutput):
    """The file is the ward's registry (`Danh mục tổ chức`), kept beside the submissions (or
    named as `--registry` from there): no submission, left out as a registry .csv is."""


def _is_registry_book(book: Book, names: Sequence[str]) -> bool:
    """Whether a workbook that is not the template is a registry table: one of its sheets,
    looked at in the order the registry reader looks (`sheets_in_order`), has the registry's
    header row among its first 10 rows (`holds_registry_header`)."""
    for name in sheets_in_order(names):
        try:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:  # noqa: BLE001 - a sheet that cannot be read holds no header: not a registry
            continue
        if holds_registry_header(rows):
            return True
    return False


def _version(meta: dict[str, Any], info_rows: list[list[Any]]) -> tuple[str, str | None]:
    """The template version: `_meta`'s, else the value beside the `Phiên bản mẫu` label of
    `Thông tin` (wherever that row is: its place differs between versions, B11 in 2026.1, B12
    in 2026.2); and the cell of `Thông tin` that shows it, for the messages about the version
    to name (None when no row there shows the version read). `_meta` is very hidden: the
    visible cell is the one a reader can look at, named only when it holds the same version."""
    label = match_key(layout.INFO.field("template_version").header)
    shown, cell = "", None
    for row, cells in enumerate(info_rows, start=1):
        if cells and match_key(str(cells[0] or "")) == label:
            value = cells[1] if len(cells) > 1 else None
            shown, cell = (normalize.cell_text(value) or "").strip(), f"B{row}"
            break
    version = str(meta.get(layout.META_TEMPLATE_VERSION) or "").strip() or shown
    return version, cell if version and shown == version else None


def _identify_template(
    book: Book, names: Sequence[str], ctx: ReadContext
) -> tuple[str, dict[str, Any], dict[str, str | None]]:
    """The template id and `_meta` values, and each required sheet's actual name (or None).

    A file whose `_meta` names another template, or that has no `_meta` and lacks one of the
    template's sheets, is refused: it is not our template.
    """
    meta_name = find_sheet(names, layout.SHEET_META)
    meta: dict[str, Any] = {}
    if meta_name is not None:
        meta_rows = _sheet_rows(book, meta_name, ctx)
        meta = {str(r[0]).strip(): r[1] for r in meta_rows if len(r) >= 2 and r[0] not in ("", None)}
    required = [layout.SHEET_INFO, *(s.name for s in layout.DATA_SHEETS)]
    present = {s: find_sheet(names, s) for s in required}
    missing = [s for s, found in present.items() if found is None]
    template_id = str(meta.get(layout.META_TEMPLATE_ID, "") or "").strip()
    if template_id and template_id != layout.TEMPLATE_ID:
        raise ctx.refuse("file.not_template", reason=f"mã biểu mẫu \u201c{template_id}\u201d")
    if not template_id:
        if missing:
            if _is_registry_book(book, names):
                raise RegistryBook()
            reason = "không có sheet " + ", ".join(f"\u201c{s}\u201d" for s in missing)
            raise ctx.refuse("file.not_template", reason=reason)
        ctx.add("file.no_meta")
    return template_id, meta, present


def _report_missing_sheet(expected: str, renamed: Mapping[str, str], ctx: ReadContext) -> None:
    """`file.missing_sheet`, or `file.renamed_sheet` when a sheet not read is likely the one
    missing renamed (`renamed_sheets`): renaming the tab back is the fix (hunt135 F6)."""
    if expected in renamed:
        ctx.add("file.renamed_sheet", sheet=renamed[expected], expected=expected)
    else:
        ctx.add("file.missing_sheet", expected=expected)


def _data_sheet(
    book: Book,
    pkg: Package,
    spec: SheetSpec,
    name: str | None,
    ctx: ReadContext,
    renamed: Mapping[str, str],
) -> SheetColumns | None:
    """One data sheet (`name` is its actual name, None when missing) → its frame, or None."""
    if name is None:
        _report_missing_sheet(spec.name, renamed, ctx)
        return None
    state = pkg.sheet_state.get(name, "visible")
    if state != "visible":
        how, fix = HIDDEN_SHEET_ADVICE.get(state, HIDDEN_SHEET_ADVICE["hidden"])
        ctx.add("file.hidden_sheet", sheet=name, how=how, fix=fix)
    part = _sheet_part(pkg, name, ctx)
    # A large sheet is parsed by calamine (which lets go of the GIL) while we scan its XML;
    # its values are only taken (to_python) once the scan has passed.
    parsing = None
    if part in pkg.names and pkg.zf.getinfo(part).file_size >= _PARSE_WHILE_SCANNING_BYTES:
        parsing = InBackground(book.get_sheet_by_name, name)
    try:
        xml = scan_sheet(pkg, part, ctx)
    finally:
        if parsing is not None:
            parsing.wait()
    if xml.hidden_columns:
        ctx.hidden_columns[name] = xml.hidden_columns
    if xml.needs_defusing:  # calamine would fail or panic on this sheet: read the defused copy
        book.defuse()
        parsing = None
    since = len(ctx.issues)
    rows, merged = _data_sheet_rows(book, name, parsing, ctx)
    if merged:  # the cells a merged block covers are empty, as shown (hunt135 F1)
        clear_merged_covered(rows, merged, xml)
    errors = report_error_cells(xml.error_cells, spec, name, ctx)
    errors |= report_out_of_range(xml.out_of_range, spec, name, ctx)
    frame = _read_data_sheet(spec, name, rows, xml, merged, ctx)
    drop_other_issues_at(ctx, errors, name, since)
    return frame


def _sheet_part(pkg: Package, name: str, ctx: ReadContext) -> str:
    """The zip entry of a sheet the reader reads (found whatever the letter case of its name
    in the workbook's relationships: `Package.part`). A sheet whose part is not in the package
    is refused: read by calamine alone, its error cells, formulas without values and hidden
    rows would pass unchecked and count as 0 (hunt143 F1)."""
    part = pkg.sheet_parts.get(name, "")
    if not part or part not in pkg.names:
        raise ctx.refuse(
            "file.unreadable", sheet=name, reason=f"sheet \u201c{name}\u201d bị mất phần nội dung"
        )
    return part


def _data_sheet_rows(
    book: Book, name: str, parsing: InBackground | None, ctx: ReadContext
) -> tuple[list[list[Any]], MergedRanges]:
    # calamine's sheet (all its cells) is let go as soon as its values are Python objects.
    try:
        sheet = parsing.result() if parsing is not None else book.get_sheet_by_name(name)
        merged = sheet.merged_cell_ranges or []
        rows = sheet.to_python(skip_empty_area=False)
    except MemoryError:  # the computer, not the sheet: `read_submission` says so
        raise
    except Exception as exc:
        raise _broken_sheet(name, exc, ctx) from None
    return rows, merged


def _sheet_rows(book: Book, name: str, ctx: ReadContext) -> list[list[Any]]:
    try:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except MemoryError:  # the computer, not the sheet: `read_submission` says so
        raise
    except Exception as exc:
        raise _broken_sheet(name, exc, ctx) from None


def _broken_sheet(name: str, exc: Exception, ctx: ReadContext) -> Refused:
    """A sheet calamine cannot read, in words: its exception's class name is no user text."""
    if isinstance(exc, SheetTooFar):
        return _too_far(name, exc.far, ctx)
    what = "bị mất phần nội dung" if isinstance(exc, WorksheetNotFound) else "bị hỏng"
    return ctx.refuse("file.unreadable", reason=f"sheet \u201c{name}\u201d {what}")


def _header_matches(found: Any, f: Field) -> bool:
    return match_key(str(found or "")) == match_key(f.header)


def _at(cells: Sequence[Any], i: int) -> Any:
    return cells[i] if i < len(cells) else ""


def _moved_table(spec: SheetSpec, sheet: str, rows: list[list[Any]], ctx: ReadContext, *, down: bool) -> bool:
    """Whether the sheet's table was moved from A1 (rows or a column inserted before it), or
    one of its columns (`Thông tin`: rows) inserted or deleted: said in one error."""
    moved = find_moved_table(rows, [f.header for f in spec.fields], match_key, down=down)
    if moved is None:
        return False
    ctx.add(
        "file.header_moved",
        sheet=sheet,
        cell=moved.cell,
        where=f"Sheet \u201c{sheet}\u201d, ô {moved.cell}",
        how=moved.how,
        fix=moved.fix,
    )
    return True


# The headers (and `Thông tin` labels) of every version of the template, by `match_key`.
_TEMPLATE_HEADERS = frozenset(
    match_key(f.header)
    for lay in layout.LAYOUTS.values()
    for spec in (lay.info, *lay.data_sheets)
    for f in spec.fields
)


# What `file.header` advises when the header found is no other column's of the template.
RESTORE_HEADER = "Không sửa, xóa hay đổi thứ tự dòng tiêu đề; hãy khôi phục tiêu đề như biểu mẫu gốc."


def _header_advice(spec: SheetSpec, found: Sequence[Any], index: int, *, down: bool) -> str:
    """What to do about the wrong header at 0-based place `index` among `found` (the headers,
    or `Thông tin`'s labels, as typed, in the template's order). When it is another place's
    header of the template and this place's header is elsewhere among them, the columns (rows)
    were moved, their data with them (hunt103: “Ngày vào Đảng” and “Ngày chính thức” swapped):
    retyping the headers would leave every value under the wrong one, so the advice is to move
    the column (row) holding this place's header here, whole, by "Insert Cut Cells" (“Chèn ô
    đã cắt”, which overwrites nothing). Excel inserts cut cells before the one clicked, and
    a column cut from the left of it has already left: the click is then one further on."""
    keys = [match_key(str(x or "")) for x in found]
    typed, wanted = keys[index], match_key(spec.fields[index].header)
    home = next((j for j, f in enumerate(spec.fields) if j != index and match_key(f.header) == typed), None)
    source = next((j for j, k in enumerate(keys) if j != index and k == wanted), None)
    if not typed or home is None or source is None:
        return RESTORE_HEADER
    header, expected = spec.fields[home].header, spec.fields[index].header
    target = index if source > index else index + 1

    def name(i: int) -> str:
        return str(i + 1) if down else get_column_letter(i + 1)

    line, label, data = ("dòng", "tên mục", "nội dung") if down else ("cột", "tiêu đề", "số liệu")
    return (
        f"\u201c{header}\u201d là {label} của {line} {name(home)} trong biểu mẫu, còn \u201c{expected}\u201d "
        f"đang ở {line} {name(source)}: có lẽ các {line} đã bị đổi chỗ cùng {data}. Nếu {data} đi cùng "
        f"{label}, đừng gõ lại {label} ({data} sẽ nằm sai {line}) mà hãy chuyển cả {line} về đúng chỗ: "
        f"cắt {line} {name(source)}, bấm chuột phải vào {line} {name(target)}, chọn \u201cChèn ô đã "
        f"cắt\u201d. Nếu chỉ {label} bị gõ nhầm, hãy sửa lại {label}. Chỉ chuyển một lần rồi "
        f"bấm Kiểm tra lại: một lần chuyển có thể đã đưa cả các {line} khác được báo về đúng chỗ, "
        f"chuyển thêm theo các dòng báo ấy sẽ làm sai lại."
    )


def _wrong_header(sheet: str, cell: str, f: Field, found: Any, ctx: ReadContext, advice: str) -> None:
    typed = normalize.shown_cell(found) or ""
    ctx.add(
        "file.header",
        sheet=sheet,
        cell=cell,
        column=f.header,
        value=typed,
        where=f"Sheet \u201c{sheet}\u201d, ô {cell}",
        typed=typed or "(trống)",
        expected=f.header,
        advice=advice,
        # A header of the template found in another cell (columns swapped, a header of the
        # other version) or none at all is no one's: said as it is, personal data or not. Any
        # other text may be a member's row typed over the header, and is masked as one.
        listed=not typed or match_key(typed) in _TEMPLATE_HEADERS,
    )


# --------------------------------------------------------------------------------------------
# Thông tin
# --------------------------------------------------------------------------------------------


# `Thông tin` text cells that hold no person: the organisation's code, on every output anyway
# (the `Nguồn` sheet, each organisation's sheet), and the template's version (a locked cell the
# template fills). A correction of them (“CB07 ” with a trailing space, “2026.2  mới”) keeps its
# value, like a dropdown's (`Changes.listed`); a code that does not look like one is a name
# typed there (`text.looks_like_org_code`), free text (hunt312 F3). The organisation's name is
# free text here (a note may name the Bí thư, “Chi bộ Tổ dân phố số 9 (Bí thư Lê Văn A)”): with a
# registry every
# output shows the registry's name, so its correction is masked when the name holds a letter,
# and shown again once the registry is known to show that same name or none
# (`attribution.show_org_names_read`, hunt312 F1).
_PUBLIC_INFO = frozenset({"org_code", "template_version"})
_FREE_INFO = frozenset({"org_name"})


def _read_info(
    sub: Submission, spec: SheetSpec, rows: list[list[Any]], sheet: str, xml: SheetXml, ctx: ReadContext
) -> None:
    """`Thông tin`: labels in column A (checked), values in column B, one field a row."""
    changes = Changes()
    info: dict[str, Any] = dict.fromkeys(spec.keys)
    formula_cells = set(xml.formula_no_value)
    labels = [_at(rows[i], 0) if i < len(rows) else "" for i in range(len(spec.fields))]
    in_place = all(_header_matches(label, f) for label, f in zip(labels, spec.fields, strict=True))
    read = spec.fields
    if not in_place and _moved_table(spec, sheet, rows, ctx, down=True):
        # The items above the first one moved (a row inserted among the labels) are where the
        # template puts them: they are read, so the organisation's code in B1 still tells whose
        # file this is (it was "chưa nộp" when the file's name did not say it, hunt135 F5). The
        # file is refused for the error all the same.
        read = spec.fields[: next(i for i, f in enumerate(spec.fields) if not _header_matches(labels[i], f))]
        if not read:
            sub.info = versions.info_now(info)
            return
    for index, f in enumerate(read):
        row = index + 1
        cells = rows[index] if index < len(rows) else []
        label = cells[0] if cells else ""
        if not _header_matches(label, f):
            _wrong_header(sheet, f"A{row}", f, label, ctx, _header_advice(spec, labels, index, down=True))
            continue
        value = cells[1] if len(cells) > 1 else None
        if value == "":
            value = None
        where = where_cell(sheet, row, f.header, f"B{row}", info=True)
        if (row, 2) in formula_cells:
            # An item that counts in no figure: a warning, the file is kept (fix353).
            uncounted = f.key in layout.INFO_UNCOUNTED
            code = "info.unused_formula_no_value" if uncounted else "cell.formula_no_value"
            ctx.add(code, sheet=sheet, cell=f"B{row}", column=f.header, where=where)
        font = xml.legacy_fonts.get((row, 2))
        if f.kind == "date":
            result, notes = normalize_date_cell(value, date1904=ctx.date1904)
            if result.value is not None and is_number_as_date(value, result.value, date1904=ctx.date1904):
                # A number typed in the date cell (a year): no date, as in the data sheets.
                reason = number_as_date_reason(value, result.value.toordinal(), date1904=ctx.date1904)[0]
                result, notes = normalize.DateResult(None, "invalid", reason), []
            if result.how == "invalid":
                shown = normalize.shown_cell(value) or ""
                reason = result.note if f.required else normalize.optional_date_reason(result.note, f.key)
                ctx.add(
                    # `Ngày lập biểu` counts in no figure: a warning, the file is kept (fix352).
                    "info.prepared_bad_date" if f.key == "prepared_on" else "info.bad_date",
                    sheet=sheet,
                    cell=f"B{row}",
                    column=f.header,
                    value=shown,
                    where=where,
                    reason=reason,
                    advice=normalize.bad_date_advice(reason, required=f.required),
                )
            info[f.key] = result.value
            if result.how != "invalid":
                # Read as a date (or as "không có"): the words around it hold no one, and the
                # clerk checks the date read (day/month order), as with a dropdown's value.
                changes.listed.add((row, f.key))
        elif f.kind == "category":
            info[f.key], notes = normalize_category_cell(value, f, font)
            assert f.vocab is not None
            if info[f.key] in f.vocab.codes:
                changes.listed.add((row, f.key))
        else:
            info[f.key], notes = normalize_text_cell(value, font)
            if f.key in _PUBLIC_INFO and (f.key != "org_code" or looks_like_org_code(info[f.key])):
                changes.listed.add((row, f.key))
            elif f.key in _FREE_INFO or f.key == "org_code":  # a name typed as the code: free text
                pass  # free text: masked when it holds a letter (`rules.is_free_text`)
            else:  # a name or a phone number: whose, even without a letter (hunt249)
                changes.persons.add((row, f.key))
        for code, text in notes:
            changes.add(row, f.key, code, text, value)
    sub.info = versions.info_now(info)
    change_issues(changes, spec, sheet, ctx, info_sheet=True)
    if len(read) == len(spec.fields):  # moved items are said by `file.header_moved`
        _report_info_outside(spec, rows, sheet, ctx)


# At most this many cells are named; the rest are counted.
_MAX_NAMED_OUTSIDE = 10


def _report_info_outside(spec: SheetSpec, rows: list[list[Any]], sheet: str, ctx: ReadContext) -> None:
    """`Thông tin` is read from column B beside its labels: anything typed elsewhere (beside a
    value in column C, under the labels) is not read, and is said once (`file.info_outside`)."""
    n = len(spec.fields)
    outside = [
        (r, c)
        for r, row in enumerate(rows)
        for c, v in enumerate(row)
        if (r >= n or c >= 2) and v != "" and not is_blank(v)
    ]
    if not outside:
        return
    by_column: dict[int, list[int]] = defaultdict(list)
    for r, c in outside[:_MAX_NAMED_OUTSIDE]:
        by_column[c].append(r + 1)
    # Column by column, the column of the first cell first (the cell the issue links to).
    order = sorted(by_column.items(), key=lambda item: (item[1][0], item[0]))
    cells = ", ".join(cell_ranges(get_column_letter(c + 1), rs) for c, rs in order)
    if len(outside) > _MAX_NAMED_OUTSIDE:
        cells += f" và {vnformat.number(len(outside) - _MAX_NAMED_OUTSIDE)} ô khác"
    r, c = outside[0]
    first = f"{get_column_letter(c + 1)}{r + 1}"
    ctx.add("file.info_outside", sheet=sheet, cell=first, where=f"Sheet \u201c{sheet}\u201d, ô {cells}")


# --------------------------------------------------------------------------------------------
# Data sheets
# --------------------------------------------------------------------------------------------


def _read_data_sheet(
    spec: SheetSpec,
    sheet: str,
    rows: list[list[Any]],
    xml: SheetXml,
    merged: MergedRanges,
    ctx: ReadContext,
) -> SheetColumns | None:
    """A data sheet's rows → its frame of the rows with data, or None when its header is wrong."""
    if not _check_header_row(spec, sheet, rows, xml, ctx):
        return None
    report_formula_cells(xml, spec, sheet, rows, ctx)
    width = len(spec.fields)
    data_rows = rows[1:]
    n = len(data_rows)
    columns = _to_columns(data_rows)
    del data_rows
    # Rows of the list moved right of the table (hunt135 F3): an error, and no note to move.
    outside = find_rows_outside(columns, spec) if len(columns) > width + 1 else None
    if outside is not None:
        report_rows_outside(outside, spec, sheet, ctx)
        ctx.rows_outside[spec.name] = outside.people
    report_extra_columns(
        columns,
        width,
        sheet,
        ctx,
        has_note=any(f.key == "note" for f in spec.fields),
        skip=(
            (frozenset(outside.rows), range(outside.first_col, outside.last_col + 1))
            if outside is not None
            else (frozenset(), range(0))
        ),
    )
    beyond = columns[width:]  # right of the template's columns: no answers-only row holds any
    del columns[width:]
    if len(columns) < width:
        columns.extend([("",) * n] * (width - len(columns)))

    content = [i for i, k in enumerate(spec.keys) if k != "row_no"]
    filled = _filled_rows(columns, content, n)
    # Names pasted into STT: said, not lost; a total typed there is a line under the list.
    lost, totals = report_row_no_text(spec, sheet, columns, filled, ctx, xml.legacy_fonts)
    if lost:
        ctx.rows_not_read.setdefault(spec.name, {})["cell.text_in_row_no"] = lost
    kept = np.flatnonzero(filled)
    answers, answered = answers_only_rows(
        spec,
        columns,
        kept,
        content,
        beyond=beyond,
        merged=_merged_data_rows(merged, n, width),
        fonts=xml.legacy_fonts,
    )
    del beyond
    if answers:  # "Không" dragged down a Có/Không column past the list: said, and not read
        report_answers_only_rows(spec, sheet, columns, kept.tolist(), answers, answered, ctx)
        ctx.rows_not_read.setdefault(spec.name, {})["file.answers_only_rows"] = (
            kept[answers] + layout.FIRST_DATA_ROW
        ).tolist()
        kept = np.delete(kept, answers)
    trailer = trailer_rows(spec, columns, kept, content, xml.legacy_fonts, ctx.date1904)
    if trailer:  # a total, a signature block under the list: said, and not read
        report_rows("file.trailer_rows", spec, sheet, columns, kept.tolist(), trailer, ctx, xml.legacy_fonts)
        totals = [*totals, *kept[trailer].tolist()]
        kept = np.delete(kept, trailer)
    headings = heading_rows(spec, columns, kept, content, xml.legacy_fonts)
    if headings:  # a section heading, a header row pasted in: said, and not read
        report_rows("file.heading_rows", spec, sheet, columns, kept.tolist(), headings, ctx, xml.legacy_fonts)
        kept = np.delete(kept, headings)
    subtotals = subtotal_rows(spec, columns, kept, xml.subtotal_rows, xml.legacy_fonts, ctx.date1904)
    if subtotals:  # the lines Data > Subtotals inserted: said, and not read (hunt135 F4)
        fonts = xml.legacy_fonts
        report_rows("file.subtotal_rows", spec, sheet, columns, kept.tolist(), subtotals, ctx, fonts)
        kept = np.delete(kept, subtotals)
    if totals and spec.name == layout.SHEET_MEMBERS:  # "Tổng số: 57 đảng viên" beside 56 read
        stated = stated_counts(spec, columns, sorted(totals), xml.legacy_fonts, ctx.date1904)
        report_trailer_count(spec, sheet, stated, len(kept), ctx)
    excel: list[int] = (kept + layout.FIRST_DATA_ROW).tolist()
    if len(kept) < n:
        columns = [take(col, kept) for col in columns]
    # A filter only hides rows from view; a row hidden by hand under it is marked (fix388).
    by_hand = rows_hidden_by_hand(xml, rows) if xml.hidden_rows else set()
    report_hidden_rows(xml, excel, sheet, ctx, by_hand)
    if by_hand:
        ctx.hidden_rows[spec.name] = sorted(by_hand.intersection(excel))
    report_hidden_columns(xml, spec, sheet, columns, excel, ctx)
    report_struck_rows(xml, spec, sheet, rows, excel, ctx)
    report_part_struck(xml, spec, sheet, rows, excel, ctx)
    report_merged_cells(merged, spec, sheet, excel, ctx)
    return _normalize_columns(spec, sheet, columns, kept, excel, xml, ctx)


def _merged_data_rows(merged: MergedRanges, n: int, width: int) -> set[int]:
    """The data rows (0-based positions under the header) that a merged block touching the
    template's columns (the first `width`, STT included) covers: a member written over two
    lines. A block wholly right of the table (a note box, a space kept for a stamp) is no
    member's, and does not keep the rows it spans from `answers_only_rows` (hunt56 #3)."""
    first = layout.FIRST_DATA_ROW - 1  # the first data row, 0-based as calamine's ranges
    rows: set[int] = set()
    for (r0, c0), (r1, _) in merged:
        if c0 < width:
            rows.update(range(max(r0, first) - first, min(r1 - first + 1, n)))
    return rows


def _check_header_row(
    spec: SheetSpec, sheet: str, rows: list[list[Any]], xml: SheetXml, ctx: ReadContext
) -> bool:
    """Row 1 against the template's headers; formulas without a value reported on the way.

    Those are reported in the data rows, or everywhere when the header is wrong (the data
    may then start anywhere).
    """
    width = len(spec.fields)
    header = rows[0] if rows else []
    wrong = [col for col, f in enumerate(spec.fields) if not _header_matches(_at(header, col), f)]
    header_ok = not wrong
    if wrong and not _moved_table(spec, sheet, rows, ctx, down=False):
        found = [_at(header, col) for col in range(width)]
        for col in wrong:
            f = spec.fields[col]
            advice = _header_advice(spec, found, col, down=False)
            _wrong_header(sheet, f"{get_column_letter(col + 1)}1", f, _at(header, col), ctx, advice)
    row_no = spec.keys.index("row_no") + 1 if spec.has("row_no") else None
    for r, c in xml.formula_no_value:
        if c > width and header_ok:
            # A column outside the template's is not read (`file.extra_column`), as an error
            # value there is not (`errorcells`): a helper formula there is nothing (hunt117 F3).
            continue
        if (
            c == row_no
            and header_ok
            and r >= layout.FIRST_DATA_ROW
            and (r, c) not in xml.formula_text_no_value
        ):
            # STT (`=ROW()-1`) is no figure: no count, date or answer is read from it, and a
            # row is read by its other cells; its cell read as empty, as calamine reads it, is
            # what a row number is to the reader (`straylines._plain_row_number`). A file saved
            # by a program that does not calculate was excluded for 46 such cells (hunt143).
            # A formula holding a text constant is a label (`="Tổng cộng: "&COUNTA(…)`), which
            # tells a total line: said, so the errors of that line's cells are explained
            # (review158 F6).
            continue
        if r >= layout.FIRST_DATA_ROW or not header_ok:
            letter = get_column_letter(c)
            head = spec.fields[c - 1].header if c <= width else letter
            ctx.add(
                "cell.formula_no_value",
                sheet=sheet,
                cell=f"{letter}{r}",
                column=head if c <= width else None,
                where=where_cell(sheet, r, head, f"{letter}{r}"),
            )
    return header_ok


def _to_columns(data_rows: list[list[Any]]) -> list[Sequence[Any]]:
    """calamine's rows → one tuple per column, so that whole columns are checked at C speed."""
    n = len(data_rows)
    lengths = set(map(len, data_rows))
    full = max(lengths, default=0)
    if len(lengths) > 1:  # ragged rows (calamine's are rectangular): pad them with empty cells
        data_rows = [r if len(r) == full else [*r, *([""] * (full - len(r)))] for r in data_rows]
    return list(zip(*data_rows, strict=True)) if n else [() for _ in range(full)]


def _filled_rows(columns: list[Sequence[Any]], content: list[int], n: int) -> np.ndarray:
    """Rows with data: some content cell (anything but a pre-numbered STT) is not blank.

    `is_blank`, with "" the common empty.
    """
    filled = np.zeros(n, dtype=bool)
    if not n or not content:
        return filled
    first = columns[content[0]]
    if set(map(type, first)) == {str}:
        # Non-blank text: something is left after strip(); the other columns are only looked
        # at in the rows where this one is blank. A text of invisible characters only ("\u200b"
        # pasted from a web page) is blank too (`is_blank`): looked at again, the few texts
        # that are not printable.
        filled = np.fromiter(map(bool, map(str.strip, first)), dtype=bool, count=n)
        printable = np.fromiter(map(str.isprintable, first), dtype=bool, count=n)
        if not printable.all():
            for r in np.flatnonzero(filled & ~printable).tolist():
                filled[r] = not is_blank(first[r])
        undecided = np.flatnonzero(~filled).tolist()
    else:
        undecided = list(range(n))
    for r in undecided:
        if any(columns[i][r] != "" and not is_blank(columns[i][r]) for i in content):
            filled[r] = True
    return filled


def _normalize_columns(
    spec: SheetSpec,
    sheet: str,
    columns: list[Sequence[Any]],
    kept: np.ndarray,
    excel: list[int],
    xml: SheetXml,
    ctx: ReadContext,
) -> SheetColumns:
    changes = Changes()
    prefix = SHEET_PREFIX[spec.name]
    fonts_by_col: dict[int, dict[int, str]] = defaultdict(dict)
    for (r, c), font in xml.legacy_fonts.items():
        fonts_by_col[c][r] = font
    out: list[Any] = []
    for col, f in enumerate(spec.fields, start=1):
        values = columns[col - 1]
        columns[col - 1] = ()  # let the cells go as soon as their column is done
        fonts = fonts_by_col.get(col, {})
        out.append(normalize_column(values, excel, f, spec, fonts, changes, sheet, prefix, ctx))
    out.append(kept + layout.FIRST_DATA_ROW)  # _row
    columns_out = SheetColumns([*spec.keys, "_row"], out, len(excel))
    if changes.categories:  # what a corrected dropdown cell holds
        held = ctx.read_as.setdefault(sheet, {})
        texts: dict[str, str] = {}
        for row, key in changes.categories:
            typed = normalize.cell_text(changes.raw.get((row, key)))
            if typed:
                held[f"{spec.letter(key)}{row}"] = texts.setdefault(typed, typed)
    change_issues(changes, spec, sheet, ctx)
    return columns_out
