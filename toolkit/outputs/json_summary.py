"""The JSON summary of a consolidation: written for `consolidate --json`, read back for `report`.

The summary is `ConsolidationResult.to_summary()` (its shape: see docs/design.md): the ward's
indicators, the organisations and their status, the issues. It is written atomically, or to
stdout; `load_summary` reads a summary file back and checks its shape, so that the report is
never computed from something else.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from toolkit.core.errors import SummaryError
from toolkit.core.model import ConsolidationResult
from toolkit.io.atomic import atomic_write_text


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy / pandas scalars
        return value.item()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def summary_json(result: ConsolidationResult) -> str:
    """The JSON summary (`ConsolidationResult.to_summary()`) as text (UTF-8, not ASCII-escaped).

    Laid out for reading without `indent`, which makes `json` fall back to its pure-Python
    encoder (a quarter of a second for a thousand organisations): one top-level key per line,
    one indicator per line, one organisation or issue per line.
    """
    lines = ["{"]
    items = list(result.to_summary().items())
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


# --- reading it back ---------------------------------------------------------------------------

MAX_SUMMARY_BYTES = 200 * 1024 * 1024  # a city of 1,000 organisations writes a few megabytes


def load_summary(path: Path) -> dict[str, Any]:
    """Read a summary JSON written by `ward-stats consolidate --json` and check its shape."""
    from toolkit.io.files import FileRefused, read_regular

    try:
        text = read_regular(Path(path), MAX_SUMMARY_BYTES).decode("utf-8-sig")
    except FileRefused as exc:
        if not Path(path).exists():
            raise SummaryError(f"Không tìm thấy tệp số liệu tổng hợp “{path}”.") from None
        raise SummaryError(f"Không đọc được tệp số liệu tổng hợp “{path}”: {exc.reason}.") from None
    except UnicodeDecodeError:
        raise SummaryError(f"Tệp “{path}” không phải tệp văn bản JSON (UTF-8).") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SummaryError(
            f"Tệp “{path}” không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}). "
            "Hãy dùng tệp do lệnh “ward-stats consolidate --json” tạo ra."
        ) from None
    except RecursionError:  # nesting deeper than the interpreter allows: not our summary
        raise SummaryError(
            f"Tệp “{path}” lồng nhau quá sâu, không phải số liệu tổng hợp. "
            "Hãy dùng tệp do lệnh “ward-stats consolidate --json” tạo ra."
        ) from None
    check_summary(data, str(path))
    return data


def check_summary(data: object, name: str = "số liệu tổng hợp") -> None:
    """Raise `SummaryError` unless `data` has the shape of the JSON summary (see docs/design.md)."""
    hint = "Hãy dùng tệp do lệnh “ward-stats consolidate --json” tạo ra."
    if not isinstance(data, dict):
        raise SummaryError(f"“{name}” không phải số liệu tổng hợp của ward-stats. {hint}")
    missing = [k for k in ("cutoff_date", "period_start", "indicators") if k not in data]
    if missing:
        raise SummaryError(f"“{name}” thiếu mục {', '.join(missing)}; không phải số liệu tổng hợp. {hint}")
    dates = {}
    for key in ("cutoff_date", "period_start"):
        try:
            dates[key] = dt.date.fromisoformat(str(data[key]))
        except ValueError:
            raise SummaryError(f"“{name}”: mục {key} = {data[key]!r} không phải ngày YYYY-MM-DD.") from None
    if dates["period_start"] > dates["cutoff_date"]:
        raise SummaryError(f"“{name}”: ngày bắt đầu kỳ (period_start) sau ngày chốt số liệu (cutoff_date).")
    indicators = data["indicators"]
    if not isinstance(indicators, dict) or "members.total" not in indicators:
        raise SummaryError(f"“{name}”: mục indicators không có chỉ tiêu members.total. {hint}")
    bad = [
        k
        for k, v in indicators.items()
        if v is not None and (isinstance(v, bool) or not isinstance(v, int | float))
    ]
    if bad:
        raise SummaryError(f"“{name}”: chỉ tiêu không phải số: {', '.join(sorted(bad)[:5])}.")
    if not isinstance(data.get("organisations", []), list):
        raise SummaryError(f"“{name}”: mục organisations phải là một danh sách.")
