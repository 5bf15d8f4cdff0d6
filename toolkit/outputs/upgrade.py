"""`ward-stats upgrade`: a 2026.1 submission copied into the current template, never touched.

Each value moves to its column, in the same Excel row: what the reader understood is written
clean (a category as its current label, a date as a date, legacy text as Unicode), anything it
could not read is copied as it was typed, so that the upgraded file is checked again and
nothing is lost. An old occupation with one current meaning becomes that occupation; one with
several keeps its old label, to be chosen again. The new columns are left empty; `_meta`
records the version the file came from.

Every cell the secretary must fill or choose again (ethnicity, religion, an ambiguous
occupation, a transfer's scope) is listed, on screen and in the sheet `Cần bổ sung` of the
upgraded file. Until they are filled, validation reports them as warnings
(`member.to_complete_after_upgrade`) and the statistics count them as unknown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.workbook import Workbook

from toolkit.core import layout, vocab
from toolkit.core.errors import OutputError
from toolkit.core.layout import SheetSpec, cell_ranges
from toolkit.core.model import Submission
from toolkit.io.reader import read_submission
from toolkit.outputs.template import build_template, fill_row, print_landscape, save_workbook

OLD = layout.LAYOUT_2026_1
NEW = layout.LAYOUT

# What the secretary must do with each kind of cell to complete (words of the list).
FILL_ETHNICITY = "Chọn dân tộc"
FILL_RELIGION = "Chọn tôn giáo (“Không” nếu không theo tôn giáo nào)"
FILL_SCOPE = "Chọn phạm vi chuyển (trong Đảng bộ phường, xã phường khác trong tỉnh, tỉnh thành phố khác)"
CHECK_NEW_COLUMNS = (
    "Kiểm tra thêm các cột mới không bắt buộc: Học hàm, Đoàn viên Đoàn TNCS Hồ Chí Minh, Chủ doanh "
    "nghiệp tư nhân, Có quan hệ hôn nhân với người nước ngoài (để trống là Không), Là đảng viên dự bị "
    "(sheet Biến động), Không còn quần chúng để kết nạp (sheet Thông tin)."
)
TO_COMPLETE_HEADERS = ("Sheet", "Ô", "Cột", "Họ và tên", "Cần làm")
_ACTION_CHARS_A_LINE = 90  # of the 80-wide "Cần làm" column


@dataclass(frozen=True)
class ToComplete:
    """One cell of an upgraded file that the secretary must fill or choose again."""

    sheet: str
    row: int
    key: str
    name: str  # the member's (or the change's) name, to find the row
    action: str

    @property
    def spec(self) -> SheetSpec:
        return NEW.sheet(self.sheet)

    @property
    def cell(self) -> str:
        return self.spec.cell(self.key, self.row)

    @property
    def column(self) -> str:
        return self.spec.field(self.key).header


@dataclass
class Upgraded:
    source: Path
    target: Path
    to_complete: list[ToComplete]

    def summary_lines(self) -> list[str]:
        """The cells to complete, one line per column and action: `cột “Dân tộc”: E2–E59 (58 ô) …`."""
        groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for item in self.to_complete:
            groups[(item.sheet, item.key, item.action)].append(item.row)
        lines = []
        for (sheet, key, action), rows in groups.items():
            spec = NEW.sheet(sheet)
            cells = cell_ranges(spec.letter(key), rows)
            lines.append(
                f"Sheet \u201c{sheet}\u201d, cột \u201c{spec.field(key).header}\u201d: {cells} "
                f"({len(rows)} ô) \u2014 {action}."
            )
        return lines


@dataclass
class UpgradeRun:
    upgraded: list[Upgraded] = field(default_factory=list)
    current: list[Path] = field(default_factory=list)  # already of the current template
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, why it could not be upgraded)


# What `upgrade_file` returns for a file that needs no upgrade.
ALREADY_CURRENT = "current"


EXISTING_TARGET = (
    "thư mục ghi đã có tệp \u201c{name}\u201d (có thể là bản nâng cấp đã được điền): không ghi đè; "
    "hãy chọn thư mục khác hoặc tự xóa tệp đó"
)


def upgrade_files(paths: Sequence[Path], out_dir: Path, *, today: dt.date | None = None) -> UpgradeRun:
    """Upgrade each 2026.1 file of ``paths`` into ``out_dir`` (one output per input, same name)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    inputs = {Path(p).resolve() for p in paths}
    run = UpgradeRun()
    taken: set[str] = set()
    for path in paths:
        target = out_dir / Path(path).name
        if target.resolve() in inputs:
            name = Path(path).name
            raise OutputError(
                f"Thư mục ghi \u201c{out_dir}\u201d chứa chính tệp \u201c{name}\u201d cần nâng cấp: hãy "
                "chọn một thư mục khác để không ghi đè tệp gốc."
            )
        if target.name.casefold() in taken:
            run.skipped.append((Path(path), "trùng tên với một tệp khác đã nâng cấp vào cùng thư mục"))
            continue
        if target.exists():  # perhaps upgraded before and completed since: never overwritten
            run.skipped.append((Path(path), EXISTING_TARGET.format(name=target.name)))
            continue
        result = upgrade_file(Path(path), target, today=today)
        if result == ALREADY_CURRENT:
            run.current.append(Path(path))
        elif isinstance(result, str):
            run.skipped.append((Path(path), result))
        else:
            taken.add(target.name.casefold())
            run.upgraded.append(result)
    return run


def upgrade_file(path: Path, target: Path, *, today: dt.date | None = None) -> Upgraded | str:
    """Upgrade one file into ``target``; `ALREADY_CURRENT` for a file of the current template,
    else the reason in Vietnamese when it cannot be."""
    sub = read_submission(path)
    refused = next((i for i in sub.issues if i.is_error and i.code.startswith("file.")), None)
    if refused is not None or not sub.readable:
        return refused.message if refused is not None else "không đọc được tệp"
    if sub.template_version != layout.VERSION_2026_1:
        if sub.template_version == layout.TEMPLATE_VERSION:
            return ALREADY_CURRENT
        return f"phiên bản biểu mẫu \u201c{sub.template_version or 'không rõ'}\u201d không nâng cấp được"
    raw = _raw_sheets(path, sub)
    if raw is None:
        return "tệp đã thay đổi trong khi đang đọc; hãy chạy lại lệnh"
    day = today or dt.date.today()
    meta = {layout.META_UPGRADED_FROM: layout.VERSION_2026_1, layout.META_UPGRADED_ON: day.isoformat()}
    wb = build_template(info=_info_values(sub, raw[layout.SHEET_INFO]), meta=meta)
    todo: list[ToComplete] = []
    todo += _copy_members(wb, sub.members, raw[layout.SHEET_MEMBERS])
    todo += _copy_events(wb, sub.events, raw[layout.SHEET_EVENTS])
    _copy_sheet(wb, OLD.years, NEW.years, sub.years, raw[layout.SHEET_YEARS])
    _write_to_complete(wb, todo)
    save_workbook(wb, target)
    return Upgraded(path, target, todo)


# --- reading the old file's cells as they were typed ----------------------------------------------


def _raw_sheets(path: Path, sub: Submission) -> dict[str, list[list[Any]]] | None:
    """Every template sheet's cells as typed, from the very bytes the reader checked (None when
    the file changed in between)."""
    from python_calamine import CalamineWorkbook

    from toolkit.io.sheets import find_sheet

    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sub.sha256:
        return None
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    out: dict[str, list[list[Any]]] = {}
    for name in (layout.SHEET_INFO, layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_YEARS):
        actual = find_sheet(list(book.sheet_names), name)
        out[name] = book.get_sheet_by_name(actual).to_python(skip_empty_area=False) if actual else []
    return out


def _raw(rows: list[list[Any]], row: int, col: int) -> Any:
    """The typed value of Excel cell (row, col), 1-based; None when empty."""
    cells = rows[row - 1] if row - 1 < len(rows) else []
    value = cells[col - 1] if col - 1 < len(cells) else None
    return None if value == "" else value


def _clean(value: Any) -> Any:
    """A normalised frame value as a cell takes it (None for missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def _info_values(sub: Submission, raw: list[list[Any]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in OLD.info.fields:
        read = _clean(sub.info.get(f.key))
        values[f.key] = read if read is not None else _raw(raw, OLD.info.row_of(f.key), 2)
    return values


# --- copying the data sheets ------------------------------------------------------------------------


def _row_values(
    old: SheetSpec, frame: pd.DataFrame, raw: list[list[Any]]
) -> list[tuple[int, dict[str, Any]]]:
    """Each data row of an old sheet: (Excel row, values by key): what the reader understood,
    or the cell as typed where it understood nothing."""
    out = []
    records = frame.to_dict("records")
    for rec in records:
        row = int(rec["_row"])
        values = {}
        for col, f in enumerate(old.fields, start=1):
            read = _clean(rec.get(f.key))
            values[f.key] = read if read is not None else _raw(raw, row, col)
        out.append((row, values))
    return out


def _copy_sheet(
    wb: Workbook, old: SheetSpec, new: SheetSpec, frame: pd.DataFrame | None, raw: list[list[Any]]
) -> list[tuple[int, dict[str, Any]]]:
    if frame is None:
        return []
    rows = _row_values(old, frame, raw)
    for row, values in rows:
        fill_row(wb[new.name], new, row, values)
    return rows


def _name(values: dict[str, Any]) -> str:
    return str(values.get("full_name") or "")


def _copy_members(wb: Workbook, frame: pd.DataFrame | None, raw: list[list[Any]]) -> list[ToComplete]:
    if frame is None:
        return []
    # The reader put the current occupation where the old one has one meaning; otherwise the
    # old code (or the text as typed) is in `occupation_2026_1`.
    view = frame.assign(
        occupation=[
            _occupation(c, o) for c, o in zip(frame["occupation"], frame["occupation_2026_1"], strict=True)
        ]
    )
    rows = _copy_sheet(wb, OLD.members, NEW.members, view, raw)
    todo = []
    for (row, values), old in zip(rows, frame["occupation_2026_1"], strict=True):
        who = _name(values)
        todo.append(ToComplete(layout.SHEET_MEMBERS, row, "ethnicity", who, FILL_ETHNICITY))
        todo.append(ToComplete(layout.SHEET_MEMBERS, row, "religion", who, FILL_RELIGION))
        if old in vocab.OCCUPATION_2026_1.codes and vocab.occupation_from_2026_1(old) is None:
            todo.append(ToComplete(layout.SHEET_MEMBERS, row, "occupation", who, _choose_occupation(old)))
    return todo


def _occupation(current: Any, old: Any) -> Any:
    """The occupation cell of the upgraded file: the current one, else the old label (to choose
    again), else what was typed."""
    if isinstance(current, str):
        return current
    if isinstance(old, str) and old in vocab.OCCUPATION_2026_1.codes:
        return vocab.OCCUPATION_2026_1.label(old)
    return old


def _choose_occupation(old: str) -> str:
    old_label, choices = vocab.OCCUPATION_2026_1.label(old), vocab.occupation_2026_1_choices(old)
    return f"Chọn lại nghề nghiệp (\u201c{old_label}\u201d của mẫu cũ nay là {choices})"


def _copy_events(wb: Workbook, frame: pd.DataFrame | None, raw: list[list[Any]]) -> list[ToComplete]:
    rows = _copy_sheet(wb, OLD.events, NEW.events, frame, raw)
    return [
        ToComplete(layout.SHEET_EVENTS, row, "transfer_scope", _name(values), FILL_SCOPE)
        for row, values in rows
        if values.get("event_type") in ("transfer_in", "transfer_out")
    ]


# --- the sheet `Cần bổ sung` ------------------------------------------------------------------------


def _write_to_complete(wb: Workbook, todo: list[ToComplete]) -> None:
    """The cells to complete, one a row, as the first sheet (the one the file opens on)."""
    ws = wb.create_sheet(layout.SHEET_TO_COMPLETE, 0)
    ws["A1"] = f"CÁC Ô CẦN BỔ SUNG SAU KHI NÂNG CẤP LÊN BIỂU MẪU {layout.TEMPLATE_VERSION}"
    ws["A1"].font = Font(name="Times New Roman", bold=True, size=13)
    ws["A2"] = (
        f"Tệp đã được chép sang biểu mẫu mới ({len(todo)} ô cần điền hoặc chọn lại). Điền xong các ô dưới "
        "đây thì gửi lại tệp; có thể để nguyên sheet này."
    )
    ws["A3"] = CHECK_NEW_COLUMNS
    for r in (2, 3):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(TO_COMPLETE_HEADERS))
        ws.cell(row=r, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = 48
    body = Font(name="Times New Roman", size=12)
    for r in (2, 3):
        ws.cell(row=r, column=1).font = body
    for col, header in enumerate(TO_COMPLETE_HEADERS, start=1):
        ws.cell(row=5, column=col, value=header).font = Font(name="Times New Roman", size=12, bold=True)
    for r, item in enumerate(todo, start=6):
        for col, value in enumerate((item.sheet, item.cell, item.column, item.name, item.action), start=1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.data_type = "s"
            cell.font = body
            cell.alignment = Alignment(wrap_text=col == 5, vertical="top")
        # Explicit heights: spreadsheet programs do not all grow a wrapped row on opening.
        ws.row_dimensions[r].height = 16 * max(1, -(-len(item.action) // _ACTION_CHARS_A_LINE))
    for letter, width in zip("ABCDE", (12, 7, 18, 24, 80), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A6"
    print_landscape(ws, title_rows="5:5")
    wb.active = 0
