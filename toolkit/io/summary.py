"""Reading a JSON summary back (`report`, `history import`, `rollup`): bounded, and checked.

A summary is whatever `ward-stats consolidate --json` writes (docs/schema/summary.schema.json),
by this version, an older one, or by hand. It is untrusted input: the file is read up to a
size bound, JSON constants that are not numbers (`NaN`, `Infinity`) and integers too long to
convert are refused, nesting too deep for the parser is refused, and every field the toolkit
uses is checked for its type before anything is computed from it. Every refusal is a
`SummaryError` with a Vietnamese message, never a traceback.

The minimum is `cutoff_date`, `period_start` and `indicators` with `members.total`; every
other field is optional (an older or hand-made summary lacks some), but when present it must
have its documented type.

A summary is of one ward or of a roll-up of several (`level`, `is_rollup`): a roll-up must
never be taken for a ward (added to the wards it holds, or stored in a ward's history).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from toolkit.core.errors import SummaryError

MAX_SUMMARY_BYTES = 256 * 1024 * 1024  # a city of 1,000 organisations writes about 10 MiB
HINT = "Hãy dùng tệp do lệnh “ward-stats consolidate --json” tạo ra."
ORG_STATUSES = ("consolidated", "excluded", "missing")
ORIGINS = ("consolidate", "import")  # `origin`: how a record came into its history (its copy)
LEVELS = ("ward", "rollup")  # `level`: one ward's consolidation, or a roll-up of ward summaries


def _refuse_constant(name: str) -> float:
    raise ValueError(f"JSON constant {name}")


def read_summary_text(path: Path) -> str:
    """The text of a summary file: a regular file only (a FIFO or a device is refused before a
    byte is read), bounded in size (Vietnamese errors for every failure)."""
    from toolkit.io.files import FileRefused, read_regular

    path = Path(path)
    try:
        data = read_regular(path, MAX_SUMMARY_BYTES)
    except FileRefused as exc:
        if not os.path.lexists(path):
            raise SummaryError(f"Không tìm thấy tệp số liệu tổng hợp “{path}”.") from None
        if path.is_dir():
            raise SummaryError(f"“{path}” là thư mục, không phải tệp JSON số liệu tổng hợp.") from None
        if exc.too_large is not None:
            raise SummaryError(
                f"Tệp “{path}” lớn hơn {MAX_SUMMARY_BYTES // (1024 * 1024)} MiB, "
                f"không phải số liệu tổng hợp. {HINT}"
            ) from None
        raise SummaryError(f"Không đọc được tệp “{path}”: {exc.reason}.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SummaryError(f"Tệp “{path}” không phải tệp văn bản JSON (UTF-8).") from None


def parse_summary(text: str, name: str) -> Any:
    """JSON text to Python values; NaN, infinities, over-long integers and deep nesting refused."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise SummaryError(
            f"Tệp “{name}” không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}). {HINT}"
        ) from None
    except RecursionError:  # nesting deeper than the interpreter allows: not our summary
        raise SummaryError(f"Tệp “{name}” lồng nhau quá sâu, không phải số liệu tổng hợp. {HINT}") from None
    except ValueError as exc:  # NaN/Infinity, or an integer longer than Python converts
        raise SummaryError(f"Tệp “{name}” có giá trị số không hợp lệ ({exc}). {HINT}") from None


def load_summary(path: Path) -> dict[str, Any]:
    """Read a summary JSON written by `ward-stats consolidate --json` and check its shape."""
    data = parse_summary(read_summary_text(path), str(path))
    check_summary(data, str(path))
    return data


def _date(data: dict[str, Any], key: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(data[key]))
    except ValueError:
        raise SummaryError(
            f"“{name}”: mục {key} = {str(data[key])[:40]!r} không phải ngày YYYY-MM-DD."
        ) from None


def _is_number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def _plain_number(value: Any) -> bool:
    """A finite int or float of exactly those types: the common case, decided without calls
    (a thousand organisations carry half a million indicators)."""
    t = type(value)
    return t is int or (t is float and value - value == 0.0)


def check_indicators(indicators: Any, where: str) -> None:
    """Raise unless `indicators` maps ids to finite numbers (None allowed, as `null`)."""
    if not isinstance(indicators, dict):
        raise SummaryError(f"{where}: mục indicators phải là một bảng chỉ tiêu → số.")
    bad = [k for k, v in indicators.items() if not _plain_number(v) and v is not None and not _is_number(v)]
    if bad:
        raise SummaryError(f"{where}: chỉ tiêu không phải số: {', '.join(sorted(bad)[:5])}.")


def _optional(data: dict[str, Any], key: str, kind: type | tuple[type, ...], name: str, what: str) -> None:
    value = data.get(key)
    if value is not None and not isinstance(value, kind):
        raise SummaryError(f"“{name}”: mục {key} phải là {what}.")


def _check_organisations(data: dict[str, Any], name: str) -> None:
    organisations = data.get("organisations", [])
    if organisations is None:
        return
    if not isinstance(organisations, list):
        raise SummaryError(f"“{name}”: mục organisations phải là một danh sách.")
    for i, org in enumerate(organisations, start=1):
        where = f"“{name}”, tổ chức thứ {i}"
        if not isinstance(org, dict) or not isinstance(org.get("org_code"), str) or not org["org_code"]:
            raise SummaryError(f"{where}: thiếu mã tổ chức (org_code).")
        if org.get("status", "consolidated") not in ORG_STATUSES:
            raise SummaryError(f"{where}: trạng thái (status) không hợp lệ.")
        for key in ("org_name", "org_tier", "sector", "file"):
            if org.get(key) is not None and not isinstance(org[key], str):
                raise SummaryError(f"{where}: mục {key} phải là chữ.")
        check_indicators(org.get("indicators", {}), where)


def _check_sources(data: dict[str, Any], name: str) -> None:
    """The files a record read (`sources`, in a record's copy: `history export`, `history remove`)."""
    sources = data.get("sources")
    if sources is None:
        return
    if not isinstance(sources, list):
        raise SummaryError(f"“{name}”: mục sources phải là một danh sách.")
    for i, source in enumerate(sources, start=1):
        where = f"“{name}”, tệp đã đọc thứ {i}"
        if not isinstance(source, dict) or not isinstance(source.get("file"), str) or not source["file"]:
            raise SummaryError(f"{where}: thiếu tên tệp (file).")
        for key in ("org_code", "sha256", "template_version", "status"):
            if source.get(key) is not None and not isinstance(source[key], str):
                raise SummaryError(f"{where}: mục {key} phải là chữ.")
        if source.get("consolidated") is not None and not isinstance(source["consolidated"], bool):
            raise SummaryError(f"{where}: mục consolidated phải là true hoặc false.")


def _check_form_period(data: dict[str, Any], name: str, cutoff: dt.date) -> None:
    period = data.get("form_period")
    if period is None:
        return
    if not isinstance(period, list) or len(period) != 2:
        raise SummaryError(f"“{name}”: mục form_period phải là [ngày bắt đầu, ngày kết thúc].")
    start, end = (_date({"form_period": d}, "form_period", name) for d in period)
    if start > end or end != cutoff:
        raise SummaryError(
            f"“{name}”: kỳ báo cáo của biểu mẫu (form_period) phải kết thúc đúng ngày chốt số liệu."
        )


def _check_previous(data: dict[str, Any], name: str) -> None:
    previous = data.get("previous")
    if previous is None:
        return
    where = f"“{name}”, mục previous"
    if not isinstance(previous, dict) or not {"cutoff_date", "period_start", "indicators"} <= set(previous):
        raise SummaryError(f"{where}: phải có cutoff_date, period_start và indicators.")
    cutoff = _date(previous, "cutoff_date", name)
    _date(previous, "period_start", name)
    check_indicators(previous["indicators"], where)
    _check_form_period(previous, name, cutoff)


def check_summary(data: object, name: str = "số liệu tổng hợp") -> None:
    """Raise `SummaryError` unless `data` has the shape of the JSON summary (module docstring)."""
    if not isinstance(data, dict):
        raise SummaryError(f"“{name}” không phải số liệu tổng hợp của ward-stats. {HINT}")
    missing = [k for k in ("cutoff_date", "period_start", "indicators") if k not in data]
    if missing:
        raise SummaryError(f"“{name}” thiếu mục {', '.join(missing)}; không phải số liệu tổng hợp. {HINT}")
    cutoff, start = _date(data, "cutoff_date", name), _date(data, "period_start", name)
    if start > cutoff:
        raise SummaryError(f"“{name}”: ngày bắt đầu kỳ (period_start) sau ngày chốt số liệu (cutoff_date).")
    indicators = data["indicators"]
    if isinstance(indicators, dict) and "members.total" in indicators:
        check_indicators(indicators, f"“{name}”")
    if not isinstance(indicators, dict) or not _is_number(indicators.get("members.total")):
        raise SummaryError(f"“{name}”: mục indicators không có chỉ tiêu members.total. {HINT}")
    for key in ("run_id", "ward_name", "template_version", "tool_version"):
        _optional(data, key, str, name, "chữ")
    if data.get("origin") is not None and data["origin"] not in ORIGINS:
        raise SummaryError(f"“{name}”: mục origin phải là “consolidate” hoặc “import”.")
    if data.get("level") is not None and data["level"] not in LEVELS:
        raise SummaryError(f"“{name}”: mục level phải là “ward” hoặc “rollup”.")
    _optional(data, "issues", list, name, "một danh sách")
    _optional(data, "forms", dict, name, "một bảng các biểu")
    _check_form_period(data, name, cutoff)
    _check_previous(data, name)
    _check_organisations(data, name)
    _check_sources(data, name)


def is_rollup(data: Mapping[str, Any]) -> bool:
    """Whether a checked summary is a roll-up of ward summaries (`ward-stats rollup --json`)
    rather than one ward's consolidation. Its `level` says so; a roll-up written before
    `level` existed is known by its organisations, which are ward summaries: each a `.json`
    file, none with a tier or a sector (a ward's organisations are its submissions' and the
    registry's)."""
    level = data.get("level")
    if level is not None:
        return bool(level == "rollup")
    organisations = data.get("organisations") or []
    return bool(organisations) and all(
        o.get("org_tier") is None
        and o.get("sector") is None
        and str(o.get("file") or "").casefold().endswith(".json")
        for o in organisations
    )


def rollup_words(data: Mapping[str, Any], name: str) -> str:
    """“NAME” is a roll-up, not a ward: the start of every refusal of a roll-up (`is_rollup`)."""
    wards = len(data.get("organisations") or [])
    of_wards = f" của {wards} phường" if wards else ""
    return (
        f"“{name}” là số liệu đã tổng hợp lên cấp trên{of_wards} (do lệnh “ward-stats rollup” tạo ra), "
        "không phải số liệu của một phường"
    )
