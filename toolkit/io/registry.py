"""The ward registry (`Danh mục tổ chức`, the list of its organisations): reading and writing.

It is read from an .xlsx (its sheet `Danh mục tổ chức`, or else the first sheet) or a UTF-8
.csv, or from the rows of that sheet in the consolidation workbook, and written as .xlsx or
.csv.

A malformed registry raises `RegistryError` with every problem found, each naming its
row, so the clerk can fix the file in one go.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit.core import layout, vocab
from toolkit.core.errors import RegistryError
from toolkit.core.model import Organisation, Registry

REGISTRY_SHEET = "Danh mục tổ chức"
REGISTRY_FILENAME = "danh_muc_to_chuc.xlsx"

# Fixed headers come from the `Thông tin` fields they correspond to: one label, one place.
REGISTRY_FIELDS = ("org_code", "org_name", "org_tier", "sector", "secretary")
HEADERS: dict[str, str] = {key: layout.INFO.field(key).header for key in REGISTRY_FIELDS}
REQUIRED = ("org_code", "org_name")
TARGET_PREFIX = "Chỉ tiêu kết nạp"
_TARGET_RE = re.compile(r"^chỉ tiêu kết nạp\s+(\d{4})$")


def target_header(year: int) -> str:
    return f"{TARGET_PREFIX} {year}"


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value))
    return " ".join(text.split())


def _read_rows(path: Path) -> list[list[Any]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise RegistryError(
                f"Danh mục tổ chức {path.name} không phải tệp CSV mã UTF-8. "
                "Hãy lưu lại bằng Excel: Lưu dưới dạng → CSV UTF-8."
            ) from exc
        sample = text[:4096]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    if suffix in (".xlsx", ".xlsm"):
        from python_calamine import CalamineWorkbook

        try:
            wb = CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # calamine raises its own error types for bad zips
            raise RegistryError(
                f"Không mở được danh mục tổ chức {path.name}: tệp hỏng hoặc không phải tệp Excel (.xlsx)."
            ) from exc
        names = wb.sheet_names
        sheet = REGISTRY_SHEET if REGISTRY_SHEET in names else names[0]
        return [list(r) for r in wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)]
    raise RegistryError(f"Danh mục tổ chức {path.name}: chỉ nhận tệp .xlsx hoặc .csv (UTF-8).")


def _find_header_row(rows: list[list[Any]]) -> int:
    """The first row that carries the code header (a title row above it is tolerated)."""
    code_header = vocab.match_key(HEADERS["org_code"])
    for i, row in enumerate(rows[:10]):
        if any(vocab.match_key(_clean(v)) == code_header for v in row):
            return i
    return -1


def read_registry(path: Path) -> Registry:
    """Read the registry table from .xlsx/.csv; raise RegistryError naming every problem."""
    path = Path(path)
    if not path.is_file():
        raise RegistryError(f"Không tìm thấy danh mục tổ chức: {path}")
    registry = parse_registry_rows(_read_rows(path), f"Danh mục tổ chức {path.name}")
    registry.source = path
    return registry


def parse_registry_rows(rows: Sequence[Sequence[Any]], source: str) -> Registry:
    """The registry from a table of cell values (a file's sheet, or the open workbook's).

    `source` names the table in messages, e.g. "Danh mục tổ chức dm.xlsx"."""
    rows = [list(r) for r in rows]
    header_idx, header, columns, target_cols = _header(rows, source)
    orgs: list[Organisation] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for offset, row in enumerate(rows[header_idx + 1 :], start=header_idx + 2):
        cells = [_clean(v) for v in row] + [""] * len(header)
        if not any(cells):
            continue
        org = _organisation(cells, offset, columns, target_cols, seen, problems)
        if org is not None:
            orgs.append(org)
    if problems:
        shown = problems[:20]
        more = f"; và {len(problems) - 20} vấn đề khác" if len(problems) > 20 else ""
        raise RegistryError(f"{source} có lỗi: " + "; ".join(shown) + more + ".")
    if not orgs:
        raise RegistryError(f"{source}: không có tổ chức nào.")
    return Registry(organisations=orgs)


def _header(rows: list[list[Any]], source: str) -> tuple[int, list[str], dict[str, int], dict[int, int]]:
    """The header row's index and cells, each known field's column and each target year's."""
    header_idx = _find_header_row(rows)
    if header_idx < 0:
        wanted = ", ".join(f"“{h}”" for h in HEADERS.values())
        raise RegistryError(
            f"{source}: không thấy dòng tiêu đề có cột “{HEADERS['org_code']}”. "
            f"Dòng tiêu đề cần có các cột {wanted} và các cột “{TARGET_PREFIX} <năm>”."
        )
    header = [_clean(v) for v in rows[header_idx]]
    keyed = {vocab.match_key(h): i for i, h in enumerate(header) if h}
    columns: dict[str, int] = {}
    problems: list[str] = []
    for key, label in HEADERS.items():
        idx = keyed.get(vocab.match_key(label))
        if idx is None:
            if key in REQUIRED:
                problems.append(f"thiếu cột “{label}”")
        else:
            columns[key] = idx
    target_cols: dict[int, int] = {}
    for i, h in enumerate(header):
        m = _TARGET_RE.match(vocab.match_key(h))
        if m:
            target_cols[int(m.group(1))] = i
    if problems:
        raise RegistryError(f"{source}: " + "; ".join(problems) + ".")
    return header_idx, header, columns, target_cols


def _organisation(
    cells: list[str],
    offset: int,
    columns: dict[str, int],
    target_cols: dict[int, int],
    seen: dict[str, int],
    problems: list[str],
) -> Organisation | None:
    """One registry row (Excel row `offset`); its problems are added to `problems`."""

    def get(key: str) -> str:
        return cells[columns[key]] if key in columns else ""

    code, name = get("org_code"), get("org_name")
    if not code:
        problems.append(f"dòng {offset}: thiếu “{HEADERS['org_code']}”")
        return None
    if code in seen:
        problems.append(f"dòng {offset}: mã tổ chức “{code}” trùng với dòng {seen[code]}")
        return None
    seen[code] = offset
    if not name:
        problems.append(f"dòng {offset}: thiếu “{HEADERS['org_name']}” của mã “{code}”")
    codes: dict[str, str | None] = {}
    for key, voc in (("org_tier", vocab.ORG_TIER), ("sector", vocab.SECTOR)):
        raw = get(key)
        term = voc.lookup(raw) if raw else None
        if raw and term is None:
            hint = voc.closest(raw)
            suggestion = f" (có phải “{hint.label}”?)" if hint else ""
            problems.append(f"dòng {offset}: “{HEADERS[key]}” = “{raw}” không có trong danh sách{suggestion}")
        codes[key] = term.code if term else None
    return Organisation(
        org_code=code,
        org_name=name,
        org_tier=codes["org_tier"],
        sector=codes["sector"],
        secretary=get("secretary") or None,
        targets=_targets(cells, offset, target_cols, problems),
    )


def _targets(
    cells: list[str], offset: int, target_cols: dict[int, int], problems: list[str]
) -> dict[int, int]:
    """The row's admission target of each year: whole numbers ≥ 0, empty meaning none."""
    targets: dict[int, int] = {}
    for year, idx in target_cols.items():
        raw = cells[idx]
        if raw == "":
            continue
        try:
            number = float(raw.replace(",", "."))
        except ValueError:
            number = -1
        if number < 0 or not number.is_integer():
            problems.append(f"dòng {offset}: “{target_header(year)}” = “{raw}” phải là số nguyên không âm")
            continue
        targets[year] = int(number)
    return targets


def registry_years(registry: Registry) -> list[int]:
    return sorted({y for o in registry.organisations for y in o.targets})


def registry_table(registry: Registry, years: Sequence[int] | None = None) -> list[list[Any]]:
    """Header row + one row per organisation, labels in Vietnamese (for .xlsx/.csv/the .xlsm)."""
    years = list(years) if years is not None else registry_years(registry)
    header = [HEADERS[k] for k in REGISTRY_FIELDS] + [target_header(y) for y in years]
    rows: list[list[Any]] = [header]
    for o in registry.organisations:
        rows.append(
            [
                o.org_code,
                o.org_name,
                vocab.ORG_TIER.label(o.org_tier) if o.org_tier else None,
                vocab.SECTOR.label(o.sector) if o.sector else None,
                o.secretary,
                *[o.targets.get(y) for y in years],
            ]
        )
    return rows


def write_registry(registry: Registry, target: Path) -> Path:
    """Write the registry as .xlsx (sheet `Danh mục tổ chức`) or UTF-8 .csv, atomically."""
    from toolkit.io.atomic import atomic_path

    target = Path(target)
    table = registry_table(registry)
    if target.suffix.lower() == ".csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(
            [["" if v is None else v for v in row] for row in table]
        )
        with atomic_path(target) as tmp:
            tmp.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
        return target
    import xlsxwriter

    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        ws = wb.add_worksheet(REGISTRY_SHEET)
        bold = wb.add_format({"bold": True, "text_wrap": True, "bg_color": "#DDEBF7", "border": 1})
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if r == 0:
                    ws.write_string(r, c, str(value), bold)
                elif isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write_number(r, c, value)
        widths = [10, 40, 18, 30, 24] + [12] * (len(table[0]) - 5)
        for c, w in enumerate(widths):
            ws.set_column(c, c, w)
        ws.freeze_panes(1, 0)
        wb.close()
    return target
