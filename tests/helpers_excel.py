"""Drive the Excel entry points on Linux through xlwings' remote engine.

`book_json` turns the real, built `tong_hop_phuong.xlsm` into the book JSON an xlwings
client sends (sheets with their values, defined names), with chosen setting cells filled
in; `Replay` applies the actions the entry point recorded (`book.json()`) to that state, so
tests can read the resulting sheets cell by cell. `write_ward` writes real submissions with
the branch template.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import xlwings as xw
from openpyxl.utils import column_index_from_string, get_column_letter

from tests.helpers_names import spelled
from toolkit.core.model import Organisation, Registry
from toolkit.excel import book as xlbook
from toolkit.io.registry import REGISTRY_SHEET, registry_table

BOOK_NAME = "tong_hop_phuong.xlsm"
_REF = re.compile(r"^=?'?(?P<sheet>.+?)'?!\$?(?P<col>[A-Z]+)\$?(?P<row>\d+)")


def _json_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}T00:00:00.000Z"
    return value


def _sheet_values(ws: Any) -> list[list[Any]]:
    rows = [[_json_value(c) for c in row] for row in ws.iter_rows(values_only=True)]
    return rows or [[]]


def book_json(
    xlsm: Path,
    settings: Mapping[str, Any] | None = None,
    registry: Registry | None = None,
    extra_sheets: Mapping[str, list[list[Any]]] | None = None,
) -> dict[str, Any]:
    """The JSON of the built workbook as an xlwings client would send it."""
    wb = openpyxl.load_workbook(xlsm, keep_vba=False)
    sheets = []
    for ws in wb.worksheets:
        values = _sheet_values(ws)
        if ws.title == REGISTRY_SHEET and registry is not None:
            years = sorted({y for o in registry.organisations for y in o.targets})
            values = [[_json_value(v) for v in row] for row in registry_table(registry, years)]
        sheets.append(
            {
                "name": ws.title,
                "values": values,
                "pictures": [],
                "tables": [],
                "charts": [],
                "shapes": [],
                "notes": [],
                "print_area": None,
                "visibility": "Visible" if ws.sheet_state == "visible" else "Hidden",
            }
        )
    for name, values in (extra_sheets or {}).items():
        sheets.append({**sheets[0], "name": name, "values": values})
    titles = [s["name"] for s in sheets]
    names = []
    for name, dn in wb.defined_names.items():
        m = _REF.match(dn.attr_text)
        if not m:
            continue
        names.append(
            {
                "name": name,
                "sheet_index": titles.index(m["sheet"]),
                "address": f"{m['col']}{m['row']}",
                "book_scope": True,
                "scope_sheet_name": None,
                "scope_sheet_index": None,
            }
        )
        if settings and name in settings:
            row, col = int(m["row"]) - 1, column_index_from_string(m["col"]) - 1
            values = sheets[titles.index(m["sheet"])]["values"]
            while len(values) <= row:
                values.append([])
            for r in values:
                r.extend([""] * (col + 1 - len(r)))
            values[row][col] = _json_value(settings[name])
    width = max(len(r) for s in sheets for r in s["values"])
    for s in sheets:  # the client sends rectangular blocks
        s["values"] = [r + [""] * (width - len(r)) for r in s["values"]]
    return {
        "client": "Microsoft Office Scripts",
        "version": xw.__version__,
        "book": {"name": BOOK_NAME, "active_sheet_index": 0, "selection": "A1"},
        "names": names,
        "sheets": sheets,
    }


def ensure_remote_engine() -> None:
    """Register xlwings' remote engine if xlwings was imported before the licence key was set.

    xlwings registers its PRO engines when it is first imported and only if
    `XLWINGS_LICENSE_KEY` is valid then; tests set the key with monkeypatch, after import.
    """
    if "remote" in xw.engines.engines_by_name:
        return
    from xlwings.main import Engine
    from xlwings.pro import _xlremote

    xw.engines.add(Engine(impl=_xlremote.engine))


def caller_book(data: dict[str, Any]) -> Any:
    """Open the JSON with the remote engine and make it what `xw.Book.caller()` returns. The
    engine keeps the JSON as its picture of the book and changes it (a sheet added, renamed,
    deleted): it gets a copy, so that `data` stays what the client sent, which `Replay` starts
    from."""
    ensure_remote_engine()
    book = xw.Book(json=copy.deepcopy(data))
    book.set_mock_caller()
    return book


def _text(value: Any) -> Any:
    if isinstance(value, str):
        value = value[1:] if value.startswith(xlbook.TEXT_PREFIX) else value
        return value or None
    return value


class Replay:
    """The book after the recorded actions: values, number formats, colours, links, bold, the
    order, names and visibility of the sheets (sheets added, copied over, renamed, deleted)."""

    def __init__(self, data: Mapping[str, Any], actions: Sequence[Mapping[str, Any]]) -> None:
        self.order: list[str] = [s["name"] for s in data["sheets"]]
        self.cells: dict[str, dict[tuple[int, int], Any]] = {}
        for s in data["sheets"]:
            self.cells[s["name"]] = {
                (r + 1, c + 1): v for r, row in enumerate(s["values"]) for c, v in enumerate(row) if v != ""
            }
        self.formats: dict[str, dict[tuple[int, int], str]] = {n: {} for n in self.order}
        self.colors: dict[str, dict[tuple[int, int], str]] = {n: {} for n in self.order}
        self.links: dict[str, dict[tuple[int, int], str]] = {n: {} for n in self.order}
        self.bold: dict[str, set[tuple[int, int]]] = {n: set() for n in self.order}
        self.heights: dict[str, dict[int, float]] = {n: {} for n in self.order}  # rows set
        self.font_colors: dict[str, dict[tuple[int, int], str]] = {n: {} for n in self.order}
        self.hidden: set[str] = {s["name"] for s in data["sheets"] if s.get("visibility") == "Hidden"}
        self.funcs = [a["func"] for a in actions]
        for a in actions:
            self._apply(a)

    def _cells_of(self, a: Mapping[str, Any]) -> list[tuple[int, int]]:
        r0, c0 = a["start_row"] + 1, a["start_column"] + 1
        return [(r0 + i, c0 + j) for i in range(a["row_count"]) for j in range(a["column_count"])]

    def _apply(self, a: Mapping[str, Any]) -> None:
        func = a["func"]
        if func == "addSheet":
            index, name = a["args"]
            self.order.insert(index, name)
            for store in (self.cells, self.formats, self.colors, self.links, self.font_colors):
                store[name] = {}
            self.heights[name] = {}
            self.bold[name] = set()
            return
        sheet = self.order[a["sheet_position"]] if a.get("sheet_position") is not None else None
        if func in ("sheetDelete", "setSheetName"):
            self._sheet_gone_or_renamed(a, sheet)
        elif func == "setSheetVisibility":
            (self.hidden.add if a["args"][0] == "Hidden" else self.hidden.discard)(sheet)
        elif func == "copyRange":  # everything the range holds, over what the target held there
            self._copy_range(a, sheet)
        elif func == "setValues":
            r0, c0 = a["start_row"] + 1, a["start_column"] + 1
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    if v in ("", None):
                        self.cells[sheet].pop((r0 + i, c0 + j), None)
                    else:
                        self.cells[sheet][(r0 + i, c0 + j)] = v
        elif func in ("sheetClear", "sheetClearContents"):
            self.cells[sheet] = {}
            if func == "sheetClear":
                self.formats[sheet], self.links[sheet], self.bold[sheet] = {}, {}, set()
                self.colors[sheet], self.font_colors[sheet] = {}, {}
        elif func == "setNumberFormat":
            for cell in self._cells_of(a):
                self.formats[sheet][cell] = a["args"][0]
        elif func == "setRowHeight":
            for row, _ in self._cells_of(a):
                self.heights[sheet][row] = float(a["args"][0])
        elif func == "setRangeColor":
            for cell in self._cells_of(a):
                self.colors[sheet][cell] = a["args"][0]
        elif func == "addHyperlink":
            for cell in self._cells_of(a):
                self.links[sheet][cell] = a["args"][0]
        elif func == "rangeInsert":  # whole rows only (`sheet.range("1:1")`), shifted down
            assert a["args"][0] == "down" and a["column_count"] == 16384, a
            self._insert_rows(sheet, a["start_row"] + 1, a["row_count"])
        elif func == "setFontProperty" and a["args"][0] == "color":
            for cell in self._cells_of(a):
                self.font_colors[sheet][cell] = a["args"][1]
        elif func == "setFontProperty" and a["args"][0] == "bold":
            for cell in self._cells_of(a):
                (self.bold[sheet].add if a["args"][1] else self.bold[sheet].discard)(cell)

    def _stores(self) -> list[dict[str, Any]]:
        return [self.cells, self.formats, self.colors, self.links, self.font_colors, self.bold, self.heights]

    def _sheet_gone_or_renamed(self, a: Mapping[str, Any], sheet: str) -> None:
        index = self.order.index(sheet)
        if a["func"] == "sheetDelete":
            del self.order[index]
            for store in self._stores():
                del store[sheet]
            self.hidden.discard(sheet)
            return
        (name,) = a["args"]
        assert name not in self.order, name  # Excel refuses a second sheet of a name
        self.order[index] = name
        for store in self._stores():
            store[name] = store.pop(sheet)
        if sheet in self.hidden:
            self.hidden.discard(sheet)
            self.hidden.add(name)

    def _copy_range(self, a: Mapping[str, Any], sheet: str) -> None:
        index, address = a["args"]
        target = self.order[index]
        m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)(?::.*)?", address)
        assert m, address
        dr, dc = int(m[2]) - a["start_row"] - 1, column_index_from_string(m[1]) - a["start_column"] - 1
        cells = set(self._cells_of(a))
        for store in (self.cells, self.formats, self.colors, self.links, self.font_colors):
            moved = {(r + dr, c + dc): v for (r, c), v in store[sheet].items() if (r, c) in cells}
            kept = {cell: v for cell, v in store[target].items() if (cell[0] - dr, cell[1] - dc) not in cells}
            store[target] = {**kept, **moved}
        kept_bold = {cell for cell in self.bold[target] if (cell[0] - dr, cell[1] - dc) not in cells}
        self.bold[target] = kept_bold | {(r + dr, c + dc) for r, c in self.bold[sheet] if (r, c) in cells}

    def _insert_rows(self, sheet: str, first: int, count: int) -> None:
        """Rows from `first` (1-based) down by `count`, as Excel inserts whole rows."""

        def moved(cell: tuple[int, int]) -> tuple[int, int]:
            return (cell[0] + count, cell[1]) if cell[0] >= first else cell

        for store in (self.cells, self.formats, self.colors, self.links, self.font_colors):
            store[sheet] = {moved(cell): v for cell, v in store[sheet].items()}
        self.bold[sheet] = {moved(cell) for cell in self.bold[sheet]}
        self.heights[sheet] = {(r + count if r >= first else r): h for r, h in self.heights[sheet].items()}

    def value(self, sheet: str, address: str) -> Any:
        """A cell's value as the clerk sees it (the text-forcing apostrophe removed)."""
        m = re.fullmatch(r"([A-Z]+)(\d+)", address)
        assert m, address
        return _text(self.cells[sheet].get((int(m[2]), column_index_from_string(m[1]))))

    def rows(self, sheet: str) -> list[list[Any]]:
        cells = self.cells[sheet]
        if not cells:
            return []
        last_row = max(r for r, _ in cells)
        last_col = max(c for _, c in cells)
        return [[_text(cells.get((r, c))) for c in range(1, last_col + 1)] for r in range(1, last_row + 1)]

    def find(self, sheet: str, value: Any) -> list[str]:
        return [
            f"{get_column_letter(c)}{r}"
            for (r, c), v in sorted(self.cells[sheet].items())
            if _text(v) == value
        ]

    def status(self) -> str:
        return self.value(xlbook.SHEET_CONTROL, f"B{xlbook.status_row()}")


# --- a small ward ----------------------------------------------------------------------------

CUTOFF = dt.date(2026, 3, 31)
PERIOD_START = dt.date(2025, 1, 1)

# The ward's own registry: its CB01 is a real chi bộ (it sends a file), not the built
# workbook's example row (secretary Nguyễn Văn An), which beside other rows is a warning
# (`registry.example_row`, tests/test_registry_example_row.py).
REGISTRY = Registry(
    [
        Organisation(
            "CB01",
            "Chi bộ Tổ dân phố số 1",
            "chi_bo_truc_thuoc",
            "to_dan_pho",
            "Nguyễn Văn Hải",
            {2025: 1, 2026: 2},
        ),
        Organisation(
            "CB02",
            "Chi bộ Trường Tiểu học Lê Lợi",
            "chi_bo_truc_thuoc",
            "su_nghiep",
            "Trần Thị Bình",
            {2025: 1, 2026: 1},
        ),
        Organisation(
            "CB03", "Chi bộ Công ty Cổ phần May 10", "chi_bo_co_so", "doanh_nghiep", None, {2026: 1}
        ),
    ]
)


def _member(org: int, i: int, *, official: dt.date | None, admitted: dt.date) -> dict[str, Any]:
    return {
        "row_no": i,
        "full_name": f"Đảng viên {spelled(org)} Số {spelled(i)}",
        "birth_date": dt.date(1960 + 3 * i, 1 + i, 10 + org),
        "gender": "male" if i % 2 else "female",
        "ethnicity": "01",
        "religion": "none",
        "card_no": f"{org}{i}123456" if official else None,
        "admission_date": admitted,
        "official_date": official,
        "gen_edu": "upper_secondary",
        "prof_level": "university",
        "theory_level": "intermediate",
        "occupation": "retired",
    }


def write_ward(folder: Path, *, with_error: bool = True) -> list[Path]:
    """CB01 clean (4 members); CB02 with an official date too early (an error) unless
    `with_error` is False; CB03 does not submit."""
    from toolkit.outputs.template import write_submission

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, (org, n) in enumerate(((REGISTRY.organisations[0], 4), (REGISTRY.organisations[1], 3)), 1):
        info = {
            "org_code": org.org_code,
            "org_name": org.org_name,
            "org_tier": org.org_tier,
            "sector": org.sector,
            "secretary": org.secretary,
            "cutoff_date": CUTOFF,
            "period_start": PERIOD_START,
        }
        members = [
            _member(number, i, official=dt.date(2001 + i, 6, 1), admitted=dt.date(2000 + i, 6, 1))
            for i in range(1, n + 1)
        ]
        if org.org_code == "CB02" and with_error:
            members[0]["official_date"] = members[0]["admission_date"] + dt.timedelta(days=30)
        # 2025, ended by the cut-off, rates its members (else `year.unrated`); 2026 not yet.
        years = [
            {"year": 2025, "candidates_trained": 1, "rated_good": n},
            {"year": 2026, "candidates_trained": 1},
        ]
        paths.append(
            write_submission(folder / f"{org.org_code}.xlsx", info=info, members=members, years=years)
        )
    return paths


def saved_workbook(
    target: Path, settings: Mapping[str, Any] | None = None, registry: Registry | None = None
) -> Path:
    """A copy of the committed `.xlsm` as the clerk saves it: setting cells (by defined name)
    and the registry sheet filled in. Written with openpyxl (VBA kept, buttons not), for the
    readers that open the saved file instead of asking Excel."""
    from toolkit.excel.build import DEFAULT_TARGET

    wb = openpyxl.load_workbook(DEFAULT_TARGET, keep_vba=True)
    for name, value in (settings or {}).items():
        ((sheet, ref),) = wb.defined_names[name].destinations
        wb[sheet][ref.replace("$", "")].value = value
    if registry is not None:
        ws = wb[REGISTRY_SHEET]
        ws.delete_rows(1, ws.max_row)
        years = sorted({y for o in registry.organisations for y in o.targets})
        for row in registry_table(registry, years):
            ws.append(row)
    wb.save(target)
    return target


def consolidate_saved_ward(
    tmp_path: Path, target: object, registry: Registry | None = None, *, with_error: bool = False
) -> dict[str, Any]:
    """`consolidate --settings` of a saved workbook, as the Tổng hợp button runs it: CB01
    (4 members) and CB02 (3; an error in its file with `with_error`) in `tmp_path/bai_nop`, the
    ward's target typed in its cell, `registry` on the registry sheet (None: the workbook's
    own). Returns the JSON summary."""
    import json

    from click.testing import CliRunner

    from toolkit.cli import main

    write_ward(tmp_path / "bai_nop", with_error=with_error)
    settings = {
        "InputFolder": "bai_nop",
        "CutoffDate": CUTOFF,
        "TargetOverride": target,
        "WardName": "Phường Thử",
    }
    book = saved_workbook(tmp_path / "th.xlsm", settings, registry)
    out = tmp_path / "th.json"
    result = CliRunner().invoke(
        main, ["consolidate", "--settings", str(book), "--json", str(out), "--no-history"]
    )
    assert result.exit_code in (0, 1), result.output
    summary: dict[str, Any] = json.loads(out.read_text("utf-8"))
    return summary
