"""The ward registry written as a file (.xlsx, sheet `Danh mục tổ chức`, or UTF-8 .csv).

The registry is read by `toolkit.io.registry`; this is its writer, for the sample ward, the
benchmarks and the tests (the clerk keeps the registry in the consolidation workbook), and the
one that puts a blank registry in place for `ward-stats template --blank-registry`
(`write_blank_registry`: its bytes are the workbook's sheet, made by `toolkit.excel.build`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path

from toolkit.core.errors import OutputError, RegistryError
from toolkit.core.model import Registry
from toolkit.io.atomic import atomic_path
from toolkit.io.registry import REGISTRY_FILENAME, REGISTRY_SHEET, read_registry, registry_table
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


def write_blank_registry(
    out_dir: Path, data: bytes, *, overwrite: bool = False, inputs: Mapping[Path, str] | None = None
) -> Path:
    """Put the blank registry `data` in place as `out_dir/danh_muc_to_chuc.xlsx`, by the rules
    of the blank template (`template.write_blank_template`): never over an input of the command,
    an existing file only with `overwrite`, and never over a registry that holds an organisation
    or that is not a blank registry (a file the reader cannot take as one: someone's own)."""
    from toolkit.outputs.publish import FileSet, check_outputs, tidy_folder
    from toolkit.outputs.template import output_folder

    with output_folder(out_dir) as out_dir:
        target = out_dir / REGISTRY_FILENAME
        tidy_folder(out_dir)  # what killed runs left, completed before the target is judged
        files = FileSet()
        files.watch([target])  # judged now: replaced only if still this file at the commit
        check_outputs([(target, "danh mục tổ chức trống")], inputs or {})
        if target.exists():
            if not overwrite:
                raise OutputError(
                    f"Thư mục \u201c{out_dir}\u201d đã có tệp \u201c{target.name}\u201d. Không ghi đè tệp "
                    "đã có: hãy chọn thư mục khác, hoặc thêm --overwrite để thay danh mục trống (chưa "
                    "ghi tổ chức nào)."
                )
            if not _blank(target):
                raise OutputError(
                    f"Tệp \u201c{target}\u201d đã có tổ chức (hoặc không phải danh mục trống do chương "
                    "trình tạo). Không bao giờ ghi đè danh mục đã ghi; hãy tạo danh mục trống ở thư mục khác."
                )
        files.add(target, data, replace=overwrite)
        files.commit()
    return target


def _blank(path: Path) -> bool:
    """Whether `path` is a registry without organisations: the reader finds its header row and
    nothing under it (`registry.empty`, its only problem)."""
    try:
        read_registry(path)
    except RegistryError as exc:
        return [i.code for i in exc.issues] == ["registry.empty"]
    except Exception:  # unreadable, locked, not a workbook: someone's file, kept
        return False
    return False
