"""Shared pytest configuration (owned by the lead; helpers keep their helpers in their own modules)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Deterministic, offline runs: no xlwings licence prompts, no colour codes in CLI output.
os.environ.setdefault("NO_COLOR", "1")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
