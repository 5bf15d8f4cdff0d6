"""CI runs the README's test command, on two workers (pytest-xdist), each test file on one worker
(`--dist loadfile` in pyproject.toml), so that a file's module fixtures (the Wine prefix, the
unzipped bundle, the LibreOffice conversions) are made once. The suite took 3,121 s one test after
another and 1,167 s on two workers."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    """The two commands of the README's quick start: the main job, then the tests."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text.split("## Quick start (developers)", 1)[1]
    block = after.split("```", 2)[1]
    return [line.strip() for line in block.splitlines() if line.strip()]


def _ci_test_command() -> str:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    found = [line for line in lines if line.startswith("uv run pytest")]
    assert len(found) == 1, f".ci/run runs the tests {len(found)} times"
    return found[0]


def test_ci_runs_the_readmes_test_command_last() -> None:
    demo, tests = _readme_commands()
    assert demo == "uv run ward-stats demo"
    assert _ci_test_command() == tests
    script = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert [line for line in script if line and not line.startswith("#")][-1] == tests


MODULE = """
import os
import pytest

LOG = {log!r}


def _say(what):
    with open(LOG, "a", encoding="utf-8") as f:
        f.write(f"{{what}} {{os.environ.get('PYTEST_XDIST_WORKER', '-')}} "
                f"{{os.environ.get('PYTEST_XDIST_WORKER_COUNT', '-')}}\\n")


@pytest.fixture(scope="module")
def booted():
    _say("fixture {name}")
    return True


@pytest.mark.parametrize("n", range(6))
def test_one(booted, n):
    _say("test {name}")
"""


def test_the_readmes_test_command_runs_two_workers_and_keeps_a_file_on_one(tmp_path: Path) -> None:
    """The README's arguments to pytest, run on two small files with a module fixture each: two
    workers, each file's tests on one of them, each fixture made once."""
    args = shlex.split(_readme_commands()[1])
    assert args[:3] == ["uv", "run", "pytest"]
    log = tmp_path / "log.txt"
    folder = tmp_path / "suite"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"test_{name}.py").write_text(MODULE.format(log=str(log), name=name), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *args[3:], "-c", str(ROOT / "pyproject.toml"),
         "--rootdir", str(folder), "-p", "no:cacheprovider", "-q", str(folder)],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "12 passed" in done.stdout
    lines = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert {count for *_, count in lines} == {"2"}  # two workers
    for name in ("a", "b"):
        made = [w for what, n, w, _ in lines if (what, n) == ("fixture", name)]
        ran = {w for what, n, w, _ in lines if (what, n) == ("test", name)}
        assert len(made) == 1, f"test_{name}.py's module fixture made {len(made)} times"
        assert len(ran) == 1 and ran == set(made), f"test_{name}.py ran on workers {sorted(ran)}"
