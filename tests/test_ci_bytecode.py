"""`.ci/run` compiles the environment's bytecode before the tests: uv compiles nothing when it
installs, and where PYTHONDONTWRITEBYTECODE is set no process writes the cache, so each command
a test starts would compile pandas, pandera and the toolkit from source (about 3 s each)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lines() -> list[str]:
    return [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]


def _first(lines: list[str], text: str) -> int:
    assert text in lines, f".ci/run lacks the line {text!r}"
    return lines.index(text)


def test_ci_compiles_the_environment_and_the_toolkit_before_the_tests() -> None:
    lines = _lines()
    tests = next((i for i, line in enumerate(lines) if line.startswith("uv run pytest")), None)
    assert tests is not None, ".ci/run runs no tests"
    exported = _first(lines, "export UV_COMPILE_BYTECODE=1")
    synced = _first(lines, "uv sync --quiet")
    compiled = _first(lines, "uv run python -m compileall -q toolkit")
    assert exported < synced < compiled < tests
    # nothing between the sync and the tests takes the switch back
    assert not any(line.startswith("unset UV_COMPILE_BYTECODE") for line in lines[exported:tests])
