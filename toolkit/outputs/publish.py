"""Publishing a consolidation: the workbook (with its report paragraphs) and the JSON summary.

The edges (CLI, Excel buttons, demo) call `write_outputs` on the result of
`toolkit.pipeline.consolidate`; the pipeline itself writes nothing. `prepare` loads the
writers ahead of time: the edges hand it to `consolidate(while_reading=…)`, so the import
(XlsxWriter and the sheet modules, a third of a second) overlaps the reading of the files.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from toolkit.core.model import ConsolidationResult

WRITERS = ("toolkit.outputs.workbook", "toolkit.outputs.report", "toolkit.outputs.json_summary")


def prepare() -> None:
    """Import the writers (idempotent; cheap once they are loaded)."""
    for name in WRITERS:
        importlib.import_module(name)


def write_outputs(result: ConsolidationResult, workbook: Path, json_path: Path | None = None) -> None:
    """The consolidated workbook (with the report paragraphs) and, optionally, the JSON summary,
    each written atomically."""
    from toolkit.outputs.json_summary import write_json
    from toolkit.outputs.report import report_paragraphs
    from toolkit.outputs.workbook import write_workbook

    write_workbook(result, workbook, report_text=report_paragraphs(result.to_summary()))
    if json_path is not None:
        write_json(result, json_path)
