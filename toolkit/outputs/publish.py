"""Publishing a consolidation: the workbook (with its report paragraphs), the history record and
the JSON summary.

The edges (CLI, Excel buttons, demo) call `write_outputs` on the result of
`toolkit.pipeline.consolidate`; the pipeline itself writes nothing. With a history file, the
history is read first (last year's figures, the trend, the opening check: they are part of
the outputs), the consolidation is recorded once the workbook is written, and the JSON
summary comes last, so it also carries a warning if the record could not be written
(`toolkit.history.session`). A history problem never stops the outputs. `prepare` loads the
writers ahead of time: the edges hand it to `consolidate(while_reading=…)`, so the import
(XlsxWriter and the sheet modules, a third of a second) overlaps the reading of the files.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.core.model import ConsolidationResult

if TYPE_CHECKING:
    from toolkit.history.session import RunHistory

WRITERS = ("toolkit.outputs.workbook", "toolkit.outputs.report", "toolkit.outputs.json_summary")


def prepare() -> None:
    """Import the writers (idempotent; cheap once they are loaded)."""
    for name in WRITERS:
        importlib.import_module(name)


def write_outputs(
    result: ConsolidationResult,
    workbook: Path,
    json_path: Path | None = None,
    *,
    history: Path | None = None,
    history_timeout: float | None = None,
) -> RunHistory | None:
    """The consolidated workbook (with the report paragraphs), the history record at `history`
    (None: no history) and, optionally, the JSON summary, each written atomically. Returns how
    the history was used (None without one)."""
    from toolkit.history.session import open_for_run, record_run
    from toolkit.history.store import DEFAULT_TIMEOUT
    from toolkit.outputs.json_summary import write_json
    from toolkit.outputs.report import report_paragraphs
    from toolkit.outputs.workbook import write_workbook

    run = None
    if history is not None:
        timeout = DEFAULT_TIMEOUT if history_timeout is None else history_timeout
        run = open_for_run(result, history, timeout=timeout)
    write_workbook(result, workbook, report_text=report_paragraphs(result.to_summary()))
    if run is not None:
        record_run(result, run)
    if json_path is not None:
        write_json(result, json_path)
    return run
