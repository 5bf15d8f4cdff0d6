"""`build-workbook` on an installed copy: the wheel holds `toolkit/` alone, without the
`macros/*.bas` the command builds from, so there it cannot work (hunt33 #5: it was offered in the
clerk's `ward-stats --help` and failed naming a folder inside site-packages). There it is left out
of the help and refuses saying it is for developers and what the office uses instead; in the
source tree it is listed and works (tests/test_build_workbook.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from toolkit import cli_tools
from toolkit.cli import main
from toolkit.excel import build

ROOT = Path(__file__).resolve().parents[1]


def _installed(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`ward-stats ARGS` run from a copy of the package alone, as pip installs it."""
    site = tmp_path / "site-packages"
    if not site.exists():
        shutil.copytree(ROOT / "toolkit", site / "toolkit", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONIOENCODING": "utf-8"}
    code = "import sys; from toolkit.cli import main; main(sys.argv[1:], prog_name='ward-stats')"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_the_source_tree_s_macros_are_those_the_build_reads() -> None:
    assert cli_tools.SOURCE_MACROS == build.MACROS_DIR and build.MACROS_DIR.is_dir()
    assert "build-workbook" in CliRunner().invoke(main, ["--help"]).output


def test_an_installed_copy_leaves_it_out_of_the_help_and_refuses_saying_who_it_is_for(tmp_path: Path) -> None:
    helped = _installed(tmp_path, "--help")
    assert helped.returncode == 0, helped.stderr
    assert "consolidate" in helped.stdout and "build-workbook" not in helped.stdout
    done = _installed(tmp_path, "build-workbook", "-o", "tong_hop_phuong.xlsm")
    said = " ".join((done.stdout + done.stderr).split())
    assert done.returncode == 2, said
    assert "Lệnh build-workbook dành cho người phát triển" in said
    assert "tệp tong_hop_phuong.xlsm của bộ cài đặt" in said
    assert "site-packages" not in said and "Traceback" not in said
    assert not (tmp_path / "tong_hop_phuong.xlsm").exists()
