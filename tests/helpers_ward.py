"""The small ward of the hostile tests of issue 14 (three clean submissions, the registry as
.xlsx and .csv), running the command line on it in-process, and real disk failures (a tiny
tmpfs, mounted read-only or filled to the last byte, when the tests run as root)."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from corpus import CUTOFF, clean_content, info_for
from ooxml_hostile import OoxmlPackage

from toolkit.cli import main
from toolkit.core.model import Organisation, Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import submission_filename
from toolkit.sample.names import NameSource

CODES = ("K01", "K02", "K03")
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|Exception ignored")


@dataclass
class Ward:
    root: Path
    nop: Path
    registry: Path  # .xlsx
    registry_csv: Path
    files: dict[str, Path]  # code → submission

    def hashes(self) -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(self.root.rglob("*.*"))}


def organisation(code: str) -> Organisation:
    info = info_for(code)
    return Organisation(code, info["org_name"], "chi_bo_truc_thuoc", "to_dan_pho")


def build_ward(root: Path) -> Ward:
    nop = root / "nop"
    nop.mkdir(parents=True)
    registry = Registry([organisation(c) for c in CODES])
    names = NameSource(seed=14)
    files = {}
    for org in registry.organisations:
        content = clean_content(org.org_code, names, n_members=5)
        files[org.org_code] = content.write(nop / submission_filename(org))
    return Ward(
        root,
        nop,
        write_registry(registry, root / "danh_muc.xlsx"),
        write_registry(registry, root / "danh_muc.csv"),
        files,
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Ward:
    return build_ward(tmp_path_factory.mktemp("dataloss") / "phuong")


@pytest.fixture
def ward(pristine: Ward, tmp_path: Path) -> Ward:
    """A fresh copy of the small ward for one test to damage."""
    root = tmp_path / "phuong"
    shutil.copytree(pristine.root, root)
    files = {code: root / "nop" / p.name for code, p in pristine.files.items()}
    return Ward(root, root / "nop", root / "danh_muc.xlsx", root / "danh_muc.csv", files)


def cli(*args: Any) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert not TRACEBACK.search(result.output), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def consolidate(ward: Ward, out: Path, *extra: Any, registry: Path | None = None) -> Result:
    return cli(
        "consolidate", ward.nop, "--registry", registry or ward.registry, "--cutoff", CUTOFF.isoformat(),
        "-o", out / "tong_hop.xlsx", "--json", out / "tong_hop.json", *extra,
    )  # fmt: skip


def set_cell(path: Path, sheet: str, ref: str, cell_xml: str) -> None:
    """Replace the cell `ref` of `sheet` (which must exist) by `cell_xml`, as a hand edit would."""
    package = OoxmlPackage(path.read_bytes())
    part = package.sheet_part(sheet)
    xml, n = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', cell_xml, package.text(part), count=1, flags=re.S)
    assert n == 1, ref
    package.set_text(part, xml)
    path.write_bytes(package.to_bytes())


def can_mount() -> bool:
    filesystems = Path("/proc/filesystems")
    return os.geteuid() == 0 and filesystems.exists() and "tmpfs" in filesystems.read_text()


@contextlib.contextmanager
def tmpfs(folder: Path, options: str) -> Iterator[bool]:
    """`folder` as a tmpfs mounted with `options`; yields False when mounting is not possible."""
    folder.mkdir(parents=True, exist_ok=True)
    if not can_mount():
        yield False
        return
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill_disk(folder: Path) -> None:
    """Write into `folder` until the disk is full."""
    with open(folder / "day.bin", "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
