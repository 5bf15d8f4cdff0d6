"""The property tests' profiles (tests/conftest.py, audit260): CI tries the same examples on every
run, a developer's run new ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A property test's examples, as the profile HYPOTHESIS_PROFILE names makes them (conftest loads it).
PROBE = """
import sys
sys.path.insert(0, "tests")
import conftest  # noqa: F401  (loads the profile)
from hypothesis import given, settings, strategies as st

seen = []

@given(st.integers(min_value=0, max_value=10**12))
@settings(max_examples=30)
def probe(n):
    seen.append(n)

probe()
print(settings.default.derandomize, settings.default.deadline, len(seen), sum(seen))
"""


def _examples(profile: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_PROFILE"}
    if profile is not None:
        env["HYPOTHESIS_PROFILE"] = profile
    run = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_the_ci_profile_tries_the_same_examples_on_every_run() -> None:
    first, second = _examples("ci"), _examples("ci")
    assert first.startswith("True None 30 ")  # derandomized, no deadline, the test's own count kept
    assert first == second


def test_without_a_profile_each_run_tries_new_examples() -> None:
    first, second = _examples(None), _examples(None)
    assert first.startswith("False ")
    # 30 draws out of 10**12 each: two runs alike by chance is as likely as never.
    assert first != second


def test_ci_runs_the_tests_under_the_ci_profile() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    exported = [i for i, line in enumerate(script) if line.strip() == "export HYPOTHESIS_PROFILE=ci"]
    tests = [i for i, line in enumerate(script) if line.strip().startswith("uv run pytest")]
    assert exported and tests and exported[0] < tests[-1]
