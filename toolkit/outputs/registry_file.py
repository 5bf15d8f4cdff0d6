"""The ward registry written as a file (.xlsx, sheet `Danh mục tổ chức`, or UTF-8 .csv).

The registry is read by `toolkit.io.registry`; this is its writer, for the sample ward, the
benchmarks and the tests (the clerk keeps the registry in the consolidation workbook).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from toolkit.core.model import Registry
from toolkit.io.atomic import atomic_path
from toolkit.io.registry import REGISTRY_SHEET, registry_table
from toolkit.outputs.xlsx import new_workbook

# Fixed so that the same registry always gives the same bytes.
_CREATED = dt.datetime(2026, 1, 1)


def write_registry(registry: Registry, target: Path) -> Path:
    """Write the registry as .xlsx (sheet `Danh mục tổ chức`) or UTF-8 .csv, atomically."""
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
    with atomic_path(target) as tmp:
        wb = new_workbook(tmp, font_size=12, title=REGISTRY_SHEET, created=_CREATED)
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
