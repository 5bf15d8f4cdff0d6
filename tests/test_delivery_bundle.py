"""The offline bundle (`packaging/build_bundle.py`): built for real, proved complete.

Slow: the first run downloads about 80 MB of Windows wheels from PyPI into the git-ignored
cache `build/wheelhouse-cache`; later runs take them from there (the test works without it).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers_bundle import load_builder
from toolkit.excel import install
from toolkit.excel.build import DEFAULT_TARGET

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    return load_builder()


@pytest.fixture(scope="module")
def bundle(builder: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return builder.build_bundle(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def wheelhouse(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bundle")
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    return folder / "wheelhouse"


def test_the_bundle_holds_the_installer_launchers_guide_workbooks_and_wheelhouse(
    bundle: Path, builder: ModuleType
) -> None:
    assert bundle.name == f"ward-stats-{builder.project_version()}-windows.zip"
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        top = {n for n in names if "/" not in n}
        assert top == {
            "cai_dat.cmd",
            "Tao mau.cmd",
            "Kiem tra.cmd",
            "Tong hop.cmd",
            "Danh sach.cmd",
            "Lich su.cmd",
            "Nang cap.cmd",
            "Nam truoc 1 - Tao tep.cmd",
            "Nam truoc 2 - Nhap vao lich su.cmd",
            "HUONG_DAN.txt",
            "tong_hop_phuong.xlsm",
            "mau_chi_bo.xlsx",
            "WardStats.bas",
        }
        assert archive.read("tong_hop_phuong.xlsm") == DEFAULT_TARGET.read_bytes()
        assert archive.read("mau_chi_bo.xlsx") == (ROOT / "xlsx_templates" / "mau_chi_bo.xlsx").read_bytes()
        for name in (
            "cai_dat.cmd",
            "Tao mau.cmd",
            "Kiem tra.cmd",
            "Tong hop.cmd",
            "Danh sach.cmd",
            "Lich su.cmd",
            "Nang cap.cmd",
            "Nam truoc 1 - Tao tep.cmd",
            "Nam truoc 2 - Nhap vao lich su.cmd",
            "WardStats.bas",
        ):
            data = archive.read(name)
            data.decode("ascii")
            assert data.count(b"\n") == data.count(b"\r\n") > 0, name  # CRLF only
        guide = archive.read("HUONG_DAN.txt")
        assert guide.startswith(b"\xef\xbb\xbf") and guide.count(b"\n") == guide.count(b"\r\n")
        assert "HƯỚNG DẪN" in guide.decode("utf-8-sig")
        assert any(re.fullmatch(r"wheelhouse/ward_stats-.+-py3-none-any\.whl", n) for n in names)


def test_the_bundle_is_reproducible(bundle: Path, builder: ModuleType, tmp_path: Path) -> None:
    again = builder.build_bundle(tmp_path)  # the cache is filled by now: no download
    assert again.read_bytes() == bundle.read_bytes()


@pytest.mark.parametrize("python", install.SUPPORTED_PYTHONS, ids=install.python_label)
def test_pip_resolves_ward_stats_from_the_wheelhouse_alone(
    python: tuple[int, int], wheelhouse: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--isolated", "--disable-pip-version-check"),
            *("--dry-run", "--ignore-installed", "--no-index", "--find-links", str(wheelhouse)),
            *("--platform", "win_amd64", "--python-version", install.python_label(python)),
            *("--only-binary=:all:", "--report", str(report), "ward-stats"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    installed = {i["metadata"]["name"].lower() for i in json.loads(report.read_text())["install"]}
    assert {"ward-stats", "xlwings", "pandas", "numpy", "openpyxl"} <= installed


@pytest.mark.parametrize("python", install.SUPPORTED_PYTHONS, ids=install.python_label)
def test_the_wheelhouse_is_complete_for_windows_markers_too(
    python: tuple[int, int], wheelhouse: Path, builder: ModuleType, tmp_path: Path
) -> None:
    # pip evaluates environment markers for the machine it runs on, so on Linux it never asks
    # for xlwings' `pywin32; sys_platform == "win32"`. uv resolves for a named target platform:
    # every package of the lock that Windows needs must come from the wheelhouse.
    uv = shutil.which("uv")
    assert uv, "uv is needed to build the bundle and to check it"
    done = subprocess.run(
        [
            *(uv, "pip", "install", "--dry-run", "--no-config", "--target", str(tmp_path / "target")),
            *(
                "--python-platform",
                "x86_64-pc-windows-msvc",
                "--python-version",
                install.python_label(python),
            ),
            *("--no-index", "--find-links", str(wheelhouse), "ward-stats"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    would = dict(re.findall(r"^ \+ (\S+)==(\S+)$", done.stdout + done.stderr, re.MULTILINE))
    expected = {r.name: r.version for r in builder.requirements_for(python, builder.locked_requirements())}
    assert "pywin32" in expected
    assert {builder.canonicalize_name(k): v for k, v in would.items() if k != "ward-stats"} == expected
