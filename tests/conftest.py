"""Shared pytest configuration (owned by the lead; helpers keep their helpers in their own modules)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# Deterministic, offline runs: no xlwings licence prompts, no colour codes in CLI output.
os.environ.setdefault("NO_COLOR", "1")

# The property tests' profiles (audit260), chosen by HYPOTHESIS_PROFILE; loaded here, before any
# test module is imported, so that a test's own `@settings(max_examples=…)` inherits the rest.
# - "ci" (`.ci/run`): the same examples on every run (`derandomize`: seeded from each test), so
#   the gate is a function of the code alone and a failure reproduces; no deadline (a loaded
#   2-core runner is no reason to fail); the blob to replay a failure is printed.
# - "explore": new random examples, five times as many as the default, for a hunt's run on
#   purpose (`HYPOTHESIS_PROFILE=explore uv run pytest -m hypothesis`): what it finds becomes a fix
#   and an `@example`.
# - "default" (unset): Hypothesis's own, random, so every developer run still explores.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True, database=None)
settings.register_profile("explore", max_examples=500, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


@pytest.fixture(scope="session")
def sample_ward(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample ward of `ward-stats demo` (seed 2026, 72 files, consolidated with last year in
    its history), made once per session (once per worker under `-n 2`) for the oracle tests that
    read it (review273: each module made its own, ~35 s apiece on a 2-core runner). READ-ONLY: a
    test that changes, adds or consolidates files copies it first (`shutil.copytree`); the
    session's end fails if anything in it was written."""
    from click.testing import CliRunner

    from toolkit.cli import main

    folder = tmp_path_factory.mktemp("sample_ward") / "phuong_mau"
    result = CliRunner().invoke(main, ["demo", str(folder)])
    assert result.exit_code == 0, result.output
    before = _snapshot(folder)
    yield folder
    assert _snapshot(folder) == before, "a test wrote into the shared sample ward: copy it first"
