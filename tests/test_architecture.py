"""Imports run one way: edges (cli, excel, sample) → pipeline → validation/stats/forms/history/io
→ core; the writers (outputs) are used by the edges only, and the pipeline imports no writer.

Read from the source (imports inside functions count too), so a shortcut taken anywhere fails
here before it tangles the package."""

from __future__ import annotations

import ast
from pathlib import Path

import toolkit

PACKAGE = Path(toolkit.__file__).resolve().parent

# What each part may import besides itself. Parts not listed here are edges (may import all).
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "io": {"core"},
    "stats": {"core"},
    "validation": {"core", "io"},
    "forms": {"core", "stats"},
    "history": {"core", "io", "stats"},  # the opening check: `stats.coverage`'s one count
    "worklists": {"core", "io", "validation"},
    "pipeline": {"core", "io", "validation", "stats", "forms", "history"},
    "rollup": {"core", "io", "stats", "forms"},  # ward summaries added one level up
    "outputs": {"core", "io", "stats", "forms", "history", "worklists"},
}
EDGES = {
    "cli",
    "cli_consolidate",
    "cli_files",
    "cli_history",
    "cli_tools",
    "cli_usage",
    "excel",
    "sample",
    "__main__",
}


def part_of(module: str) -> str:
    """`toolkit.io.reader` → `io`; `toolkit.cli` → `cli`; `toolkit` → `toolkit`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def imports(path: Path) -> list[tuple[int, str]]:
    """Every toolkit module `path` imports, with the line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("toolkit")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("toolkit"):
            if node.module == "toolkit":  # `from toolkit import x`: x is a module, or the version
                found += [
                    (node.lineno, "toolkit" if a.name.startswith("_") else f"toolkit.{a.name}")
                    for a in node.names
                ]
            else:
                found.append((node.lineno, node.module))
    return found


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def test_imports_run_one_way() -> None:
    offences = []
    for path in sorted(PACKAGE.rglob("*.py")):
        mine = part_of(module_name(path))
        if mine in EDGES or mine == "toolkit":
            continue
        allowed = ALLOWED[mine] | {mine, "toolkit"}
        for line, target in imports(path):
            theirs = part_of(target)
            if theirs not in allowed:
                offences.append(f"{path.relative_to(PACKAGE)}:{line} ({mine}) imports {target} ({theirs})")
    assert offences == []


def test_nothing_imports_an_edge() -> None:
    offences = []
    for path in sorted(PACKAGE.rglob("*.py")):
        mine = part_of(module_name(path))
        for line, target in imports(path):
            theirs = part_of(target)
            if theirs in EDGES and theirs != mine and mine not in EDGES:
                offences.append(f"{path.relative_to(PACKAGE)}:{line} imports the edge {target}")
    assert offences == []


def test_every_part_is_known() -> None:
    parts = {part_of(module_name(p)) for p in PACKAGE.rglob("*.py")}
    assert parts - set(ALLOWED) - EDGES - {"toolkit"} == set()


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from toolkit.outputs.workbook import write_workbook\n", encoding="utf-8")
    assert imports(source) == [(2, "toolkit.outputs.workbook")]
    assert "outputs" not in ALLOWED["pipeline"]
