"""The JSON contracts of docs/schema/, checked with jsonschema (an implementation we did not write)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "docs" / "schema"


@cache
def _registry() -> Registry:
    resources = []
    for path in SCHEMA_DIR.glob("*.schema.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(doc)))
        resources.append((doc["$id"], Resource.from_contents(doc)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=_registry())


def schema_errors(doc: Any, name: str = "summary.schema.json") -> list[str]:
    """Every way `doc` breaks the named schema, as readable lines (empty when it conforms)."""
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in sorted(validator(name).iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    ]


def assert_valid_summary(doc: Any) -> None:
    problems = schema_errors(doc)
    assert not problems, "summary breaks docs/schema/summary.schema.json:\n" + "\n".join(problems[:20])
