"""Which fields of a summary read back must have their type, and which are read leniently: as
docs/design.md §7 lists them (hunt301: §7 said "every other field, when present, must have its
type", while `generated_at`, `merged_from`, `previous.common`, the issues' items… of another
type were taken as absent, never refused). Each field §7 names on either side is broken on a real
summary, and `check_summary` refuses it or takes it as §7 says."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers_validate import write

from toolkit.cli import main
from toolkit.io.summary import SummaryError, check_summary

DESIGN = (Path(__file__).resolve().parent.parent / "docs" / "design.md").read_text(encoding="utf-8")
SECTION = DESIGN.split("\n## 7. JSON contracts", 1)[1].split("\n## 8. ", 1)[0]


def _named(start: str, end: str) -> set[str]:
    """The fields §7 names (in backticks) between `start` and `end`."""
    text = " ".join(SECTION.split())
    assert start in text, f"§7 no longer says {start!r}"
    part = text.split(start, 1)[1].split(end, 1)[0]
    return set(re.findall(r"`([a-z_][a-z0-9_.]*)`", part))


Breaker = Callable[[dict[str, Any]], Any]


def _set(key: str, value: Any) -> Breaker:
    return lambda d: d.__setitem__(key, value)


def _org(key: str, value: Any) -> Breaker:
    return lambda d: d["organisations"][0].__setitem__(key, value)


def _source(key: str, value: Any) -> Breaker:
    return lambda d: d["sources"][0].__setitem__(key, value)


def _previous(key: str, value: Any) -> Breaker:
    return lambda d: d.__setitem__("previous", {**_previous_of(d), key: value})


def _previous_of(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "cutoff_date": "2025-03-31",
        "period_start": "2025-01-01",
        "form_period": ["2025-01-01", "2025-03-31"],
        "indicators": {"members.total": d["indicators"]["members.total"]},
    }


# Each field §7 says must have its type, broken so.
STRICT: dict[str, Breaker] = {
    "run_id": _set("run_id", 7),
    "ward_name": _set("ward_name", 7),
    "template_version": _set("template_version", 2026.2),
    "tool_version": _set("tool_version", 1),
    "level": _set("level", "province"),
    "origin": _set("origin", "copy"),
    "issues": _set("issues", "none"),
    "forms": _set("forms", []),
    "personal_data": _set("personal_data", "yes"),
    "registry_used": _set("registry_used", "yes"),
    "registry_none": _set("registry_none", "yes"),
    "name_accent_pairs": _set("name_accent_pairs", -1),
    "target_years": _set("target_years", ["2026"]),
    "partial_target_years": _set("partial_target_years", 2026),
    "ward_accent_pairs": _set("ward_accent_pairs", {"A": "2"}),
    "form_period": _set("form_period", ["2026-01-01", "2026-03-30"]),
    "org_code": _org("org_code", 7),
    "status": _org("status", "done"),
    "org_name": _org("org_name", 7),
    "org_tier": _org("org_tier", 7),
    "sector": _org("sector", 7),
    "file": _source("file", ""),
    "previous.typed_forms": _previous("typed_forms", "yes"),
}

# Each field §7 says is read leniently, broken so: taken as absent, never refused.
LENIENT: dict[str, Breaker] = {
    "generated_at": _set("generated_at", "hôm qua"),
    "merged_from": _set("merged_from", "Phường A"),
    "history_id": _set("history_id", "1"),
    "previous.common": _previous("common", "x"),
}


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("types")
    folder = tmp / "nop"
    folder.mkdir()
    write(folder)
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(tmp / "o.xlsx")]
    result = CliRunner().invoke(main, [*args, "--json", str(tmp / "o.json")])
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp / "o.json").read_text(encoding="utf-8"))
    check_summary(doc, "o.json")
    return doc


def test_design_names_the_fields_checked_and_those_read_leniently() -> None:
    strict = _named("must have their type (`summary.check_summary`):", "; the others are read leniently")
    lenient = _named("(hunt301:", "none refused)")
    assert strict - {"summary.check_summary", "previous"} == set(STRICT)
    assert lenient == set(LENIENT)


@pytest.mark.parametrize("field", sorted(STRICT))
def test_a_field_checked_of_another_type_is_refused(summary: dict[str, Any], field: str) -> None:
    doc = copy.deepcopy(summary)
    STRICT[field](doc)
    with pytest.raises(SummaryError):
        check_summary(doc, "o.json")


@pytest.mark.parametrize("field", sorted(LENIENT))
def test_a_field_read_leniently_of_another_type_is_taken_as_absent(
    summary: dict[str, Any], field: str
) -> None:
    doc = copy.deepcopy(summary)
    LENIENT[field](doc)
    check_summary(doc, "o.json")


def test_issues_and_form_rows_not_objects_are_not_refused(summary: dict[str, Any]) -> None:
    doc = copy.deepcopy(summary)
    doc["issues"] = [1, "x"]
    doc["forms"]["bieu1"] = [1]
    check_summary(doc, "o.json")


def test_a_newer_summary_is_read_as_this_version_s_and_an_unknown_field_ignored(
    summary: dict[str, Any], tmp_path: Path
) -> None:
    """§7: no format version; older by `level` and `tool_version`, a newer one read as this
    version's, an unknown field ignored (hunt301: §7 did not say what a reader does with a
    summary of another version)."""
    from toolkit.io.summary import written_by_older_version

    text = " ".join(SECTION.split())
    assert "A summary carries no format version of its own" in text
    assert "a field no reader knows is ignored, not refused" in text
    newer = {**copy.deepcopy(summary), "tool_version": "99.0.0", "format_version": 9}
    check_summary(newer, "o.json")
    assert not written_by_older_version(newer)
    assert written_by_older_version({**summary, "tool_version": "0.0.1"})
    assert written_by_older_version({k: v for k, v in summary.items() if k != "level"})
    source = tmp_path / "newer.json"
    source.write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")
    history = tmp_path / "h.sqlite"
    result = CliRunner().invoke(main, ["history", "import", str(source), "--history", str(history)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "x.json"
    result = CliRunner().invoke(
        main, ["history", "export", "1", "--history", str(history), "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["tool_version"] == "99.0.0" and "format_version" not in exported
