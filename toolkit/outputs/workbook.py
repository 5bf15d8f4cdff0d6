"""The consolidated workbook: its sheets, assembled in order and written atomically.

Each sheet has its own module in `toolkit.outputs.sheets` (as XlsxWriter writes each part of
the file in its own module); this module only opens the workbook with the safe factory of
`toolkit.outputs.xlsx`, creates the shared formats once and calls the sheet writers in
`SHEET_ORDER`. The workbook is made in memory (`render_workbook`) and carries the run id
(a custom document property and a line of `Nguồn số liệu`); `toolkit.outputs.publish` puts
it in place together with the other outputs of the run.
"""

from __future__ import annotations

import io
from pathlib import Path

from toolkit import __version__
from toolkit.core.model import ConsolidationResult
from toolkit.io.atomic import atomic_write_bytes
from toolkit.io.package import CONSOLIDATED_WORKBOOK_TITLE
from toolkit.outputs.sheets import (
    by_org,
    changes,
    charts,
    forms,
    issues,
    ratings,
    report,
    sources,
    summary,
    trend,
)
from toolkit.outputs.sheets.cells import FONT_SIZE, Formats, period_words
from toolkit.outputs.xlsx import new_workbook

TITLE = CONSOLIDATED_WORKBOOK_TITLE  # how a result is known when found among submissions


RUN_ID_PROPERTY = "ward_stats_run_id"  # custom document property: the run id


def render_workbook(
    result: ConsolidationResult, *, report_text: list[str] | None = None, output: Path | None = None
) -> bytes:
    """The consolidated workbook's bytes, made in memory, to be saved as `output`.

    `report_text` is the report prose of the `Báo cáo` sheet (a placeholder without it). The
    `Kiểm tra` links open the sources from `output`'s folder (from their paths as they are
    without it).
    """
    buffer = io.BytesIO()
    wb = new_workbook(
        buffer,
        font_size=FONT_SIZE,
        title=TITLE,
        created=result.generated_at,
        subject=period_words(result),
        comments=f"ward-stats {__version__}",
    )
    wb.set_custom_property(RUN_ID_PROPERTY, result.run_id)
    fm = Formats(wb)
    # In `SHEET_ORDER`. Closed only when every sheet is written.
    summary.write(wb, fm, result)
    by_org.write(wb, fm, result)
    changes.write(wb, fm, result)
    ratings.write(wb, fm, result)
    charts.write(wb, fm, result)
    trend.write(wb, fm, result)
    report.write(wb, fm, result, report_text)
    forms.write(wb, fm, result)
    issues.write(wb, fm, result, output)
    sources.write(wb, fm, result)
    wb.close()
    return buffer.getvalue()


def write_workbook(
    result: ConsolidationResult, target: Path, *, report_text: list[str] | None = None
) -> Path:
    """Write the consolidated workbook alone to `target`, atomically; returns `target`.

    A run's outputs are published together by `toolkit.outputs.publish.write_outputs`."""
    target = Path(target)
    return atomic_write_bytes(target, render_workbook(result, report_text=report_text, output=target))
