"""The consolidated workbook: its sheets, assembled in order and written atomically.

Each sheet has its own module in `toolkit.outputs.sheets` (as XlsxWriter writes each part of
the file in its own module); this module only opens the workbook with the safe factory of
`toolkit.outputs.xlsx`, creates the shared formats once and calls the sheet writers in
`SHEET_ORDER`. The workbook is written into a temporary file beside the target and renamed
into place only when complete (`toolkit.io.atomic`): on an error nothing is created and the
previous output stays in place.
"""

from __future__ import annotations

from pathlib import Path

from toolkit import __version__
from toolkit.core.model import ConsolidationResult
from toolkit.io.atomic import atomic_path
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

TITLE = "Thống kê đảng viên Đảng bộ phường"


def write_workbook(
    result: ConsolidationResult, target: Path, *, report_text: list[str] | None = None
) -> Path:
    """Write the consolidated workbook to `target`, atomically; returns `target`.

    `report_text` is the report prose of the `Báo cáo` sheet (a placeholder without it).
    """
    target = Path(target)
    with atomic_path(target) as tmp:
        wb = new_workbook(
            tmp,
            font_size=FONT_SIZE,
            title=TITLE,
            created=result.generated_at,
            subject=period_words(result),
            comments=f"ward-stats {__version__}",
        )
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
        issues.write(wb, fm, result)
        sources.write(wb, fm, result)
        wb.close()
    return target
