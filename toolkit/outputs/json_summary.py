"""The JSON summary of a consolidation: written for `consolidate --json`, read back for `report`.

The summary is `ConsolidationResult.to_summary()` (its shape: see docs/design.md): the ward's
indicators, the organisations and their status, the issues. It is written atomically, or to
stdout; `load_summary` (from `toolkit.io.summary`) reads a summary file back and checks its
shape, so that the report is never computed from something else.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from toolkit.core.model import ConsolidationResult
from toolkit.io.atomic import atomic_write_text
from toolkit.io.summary import check_summary, load_summary


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy / pandas scalars
        return value.item()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


# One encoder for every value: `json.dumps` with options makes a new one a call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_json_default)


def _compact(value: Any) -> str:
    return _ENCODER.encode(value)


def holds_personal_issues(result: ConsolidationResult) -> bool:
    """Whether the summary of `result` holds member-level data: asked for (`--personal-data`,
    the `PersonalData` setting) and some issue is a member's (`Issue.personal`), as the line
    the console and `Kiểm tra` print says (`status.privacy_lines`)."""
    return result.personal_data and any(i.personal for i in result.issues)


def summary_document(result: ConsolidationResult) -> dict[str, Any]:
    """The JSON summary: `ConsolidationResult.to_summary()` with the ward-stats version that
    wrote it (`tool_version`), `personal_data: true` when its issues hold the members' values
    (`holds_personal_issues`; absent otherwise, as in a summary of an older version), and the
    official forms' rows (`forms`, computed from the
    indicators and last year's, `toolkit.forms`) before the issues. With the files read
    (`sources`), `history import` of it stores what the run itself would have stored."""
    from toolkit import __version__
    from toolkit.forms import forms_json, result_forms

    summary = result.to_summary()
    issues = summary.pop("issues")
    doc = {"run_id": summary.pop("run_id"), "generated_at": summary.pop("generated_at")}
    doc["tool_version"] = __version__
    if holds_personal_issues(result):
        # Said at the top of the file, so that a reader (`rollup`, `history import`, `report`)
        # and anyone opening it knows it is the office's, not the one to send up (hunt249 F7).
        doc["personal_data"] = True
    doc.update(summary)
    doc["forms"] = forms_json(result_forms(result))
    doc["issues"] = issues
    return doc


def summary_json(result: ConsolidationResult) -> str:
    """The JSON summary (`summary_document`) as text (UTF-8, not ASCII-escaped).

    Laid out for reading without `indent`, which makes `json` fall back to its pure-Python
    encoder (a quarter of a second for a thousand organisations): one top-level key per line,
    one indicator per line, one organisation or issue per line.
    """
    lines = ["{"]
    items = list(summary_document(result).items())
    for n, (key, value) in enumerate(items):
        if isinstance(value, dict) and value:
            inner = ",\n".join(f"    {_compact(k)}: {_compact(v)}" for k, v in value.items())
            text = "{\n" + inner + "\n  }"
        elif isinstance(value, list) and value:
            text = "[\n" + ",\n".join(f"    {_compact(v)}" for v in value) + "\n  ]"
        else:
            text = _compact(value)
        lines.append(f"  {_compact(key)}: {text}" + ("," if n < len(items) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_json(result: ConsolidationResult, target: Path | None) -> Path | None:
    """Write the JSON summary to `target` atomically, or to stdout when `target` is None."""
    text = summary_json(result)
    if target is None:
        out = sys.stdout
        try:
            out.buffer.write(text.encode("utf-8"))
            out.flush()
        except AttributeError:  # a text-only stream (e.g. captured in tests)
            out.write(text)
        return None
    return atomic_write_text(Path(target), text)


# --- reading it back: `toolkit.io.summary` (the history and the roll-up read summaries too) ----

__all__ = ["check_summary", "load_summary", "summary_document", "summary_json", "write_json"]
