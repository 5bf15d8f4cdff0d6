"""Reading the workbook of last year's forms typed by hand (`history blank-forms`, filled):
found by its marker, read by calamine as every input is (never openpyxl), bounded.

`read_entry_book` gives None for any file that is not one (a JSON summary, another workbook:
`history import` then reads it as a JSON summary, with its usual refusals), and the marker's
facts and every keyed cell of one (`toolkit.core.entry_marker`); what the cells mean is
`toolkit.forms.entry`'s.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.core.entry_marker import KEY_COLUMN, KIND, META_SHEET, VALUE_COLUMN, VERSION, text_number
from toolkit.core.errors import SummaryError

MAX_ENTRY_BYTES = 16 * 1024 * 1024  # the blank workbook is about 20 KiB
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # Excel 97–2003, or an encrypted workbook


@dataclass(frozen=True)
class EntryBook:
    """A filled entry workbook: its marker's facts (`meta`: key → value), and by sheet the
    value and place (`Biểu 1-BTCTW!C7`) of each keyed row's input cell."""

    meta: dict[str, object]
    cells: dict[str, dict[str, tuple[object, str]]]
    sha256: str
    # By sheet, the places of the numbers in the value column of rows without a key (their
    # hidden column A cleared) or with the key of a row above (a row copied and pasted): typed
    # figures no line reads (review229).
    loose: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The input cells holding a formula without a computed value (a tool such as openpyxl wrote
    # it; Excel and LibreOffice always save the result), which calamine reads as empty: (sheet,
    # cell as `C11`, the row's key or None). A line would go missing unsaid (review229 M1).
    uncomputed: tuple[tuple[str, str, str | None], ...] = ()
    # By sheet, a number typed in a row with the key of a row above (a row copied and pasted):
    # (its place, the place read for that key, the key). Not in `loose`: both cells are named
    # (review229 L4: the copy pasted above the original was read, and only the original's cell
    # was named, as not read).
    twins: dict[str, tuple[tuple[str, str, str], ...]] = field(default_factory=dict)


def _column(index: int) -> str:
    return chr(ord("A") + index)


def _refuse_saved_as_xls(path: Path, data: bytes) -> None:
    """Raise `SummaryError` when `data` (an Excel 97–2003 file) is the entry workbook saved as
    .xls (its marker sheet is there: review229, it was refused as "an Excel file, not a JSON"
    and told to make a blank workbook, the typed figures lost); any other such file (an
    encrypted .xlsx too) is no entry workbook."""
    from python_calamine import CalamineWorkbook

    try:
        names = CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names
    except BaseException as exc:  # noqa: B036 - calamine's Rust panics derive from BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return
    if META_SHEET in names:
        raise SummaryError(
            f"Tệp “{path}” là tệp nhập số liệu cùng kỳ năm trước nhưng đã được lưu dạng Excel 97–2003 "
            "(.xls), ward-stats không đọc dạng này. Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) "
            "dạng Sổ làm việc Excel (.xlsx), rồi chạy lại lệnh với tệp .xlsx đó: không cần chép lại số "
            "liệu."
        )


def read_entry_book(path: Path) -> EntryBook | None:
    """The entry workbook at `path`, or None when the file is not one (or cannot be read: the
    JSON reader then says why). Raises `SummaryError` for one made by a newer version or with a
    sheet too large to read."""
    from python_calamine import CalamineWorkbook

    from toolkit.io.extent import far_sheet_parts
    from toolkit.io.files import FileRefused, read_regular

    try:
        data = read_regular(Path(path), MAX_ENTRY_BYTES)
    except FileRefused:
        return None
    if data.startswith(_OLE2_MAGIC):
        _refuse_saved_as_xls(path, data)
        return None
    if not data.startswith(_ZIP_MAGIC):
        return None
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if META_SHEET not in wb.sheet_names:
            return None
        meta_rows = wb.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False)
    except BaseException:  # noqa: B036 - calamine's Rust panics derive from BaseException
        return None
    meta: dict[str, object] = {
        str(r[0]): r[1] for r in meta_rows if len(r) >= 2 and isinstance(r[0], str) and r[0]
    }
    if meta.get("kind") != KIND:
        return None
    version = meta.get("version")
    if not isinstance(version, int | float) or int(version) > VERSION:
        raise SummaryError(
            f"Tệp “{path}” là tệp nhập số liệu cùng kỳ năm trước của phiên bản ward-stats mới hơn "
            "phiên bản này: hãy cập nhật ward-stats, hoặc tạo tệp bằng lệnh history blank-forms của "
            "phiên bản này."
        )
    try:
        far = bool(far_sheet_parts(data))
    except Exception:  # noqa: BLE001 - a zip calamine opened but zipfile does not: refuse it
        far = True
    if far:
        raise SummaryError(
            f"Tệp “{path}” có sheet quá lớn (ô ở quá xa hoặc tệp bị hỏng), không phải tệp nhập số liệu "
            "do lệnh history blank-forms tạo ra. Hãy tạo lại tệp bằng lệnh đó và chép lại số liệu."
        )
    cells: dict[str, dict[str, tuple[object, str]]] = {}
    loose: dict[str, tuple[str, ...]] = {}
    twins: dict[str, tuple[tuple[str, str, str], ...]] = {}
    row_keys: dict[str, dict[int, str]] = {}  # by sheet, each keyed row's key (1-based row)
    try:
        for name in wb.sheet_names:
            if name == META_SHEET:
                continue
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            keyed: dict[str, tuple[object, str]] = {}
            stray: list[str] = []
            copies: list[tuple[str, str, str]] = []
            for r, row in enumerate(rows):
                key = row[KEY_COLUMN] if len(row) > KEY_COLUMN else None
                value = row[VALUE_COLUMN] if len(row) > VALUE_COLUMN else None
                place = f"{name}!{_column(VALUE_COLUMN)}{r + 1}"
                number = (isinstance(value, int | float) and not isinstance(value, bool)) or (
                    isinstance(value, str) and text_number(value) is not None
                )
                if isinstance(key, str) and key.strip() in keyed:
                    # A key a row above has (a row copied and pasted): not read.
                    if number:
                        copies.append((place, keyed[key.strip()][1], key.strip()))
                    continue
                if not isinstance(key, str) or not key.strip():
                    # No key: not read.
                    if number:
                        stray.append(place)
                    continue
                keyed[key.strip()] = (value, place)
                row_keys.setdefault(name, {})[r + 1] = key.strip()
            cells[name] = keyed
            row_keys.setdefault(name, {})
            if stray:
                loose[name] = tuple(stray)
            if copies:
                twins[name] = tuple(copies)
        uncomputed = _uncomputed(data, row_keys)
    except BaseException as exc:  # noqa: B036 - calamine's Rust panics derive from BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise SummaryError(
            f"Tệp “{path}” là tệp nhập số liệu cùng kỳ năm trước nhưng không đọc được (tệp bị hỏng). "
            "Hãy mở tệp bằng Excel, lưu lại rồi chạy lại lệnh."
        ) from None
    return EntryBook(dict(meta), cells, hashlib.sha256(data).hexdigest(), loose, uncomputed, twins)


def _uncomputed(data: bytes, row_keys: dict[str, dict[int, str]]) -> tuple[tuple[str, str, str | None], ...]:
    """The cells of the value column of the sheets read (`row_keys`: by sheet, each row's key,
    1-based) that hold a formula without a cached value (`EntryBook.uncomputed`), found in the
    sheets' XML (calamine does not give formulas). The workbook is small: each sheet with a
    formula is looked through once."""
    import zipfile

    from toolkit.io.package import read_part, sheet_names_by_part
    from toolkit.io.sheets import formulas_without_value

    found: list[tuple[str, str, str | None]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for part, name in sheet_names_by_part(data).items():
            if name not in row_keys or part not in zf.namelist():
                continue
            for row, column in formulas_without_value(read_part(zf, part, data)):
                if column == VALUE_COLUMN + 1:
                    found.append((name, f"{_column(VALUE_COLUMN)}{row}", row_keys[name].get(row)))
    return tuple(found)
