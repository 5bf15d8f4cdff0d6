"""The history (`lich_su_tong_hop.sqlite`, an SQLite database) chosen as the registry is said to
be the history, not the ward's list of organisations: it was refused as a format the registry
does not take, with the advice to open it in Excel and save it as .xlsx, which is no remedy
(hunt313 F2). Under any name (.sqlite, or renamed .xlsx or .csv), by every command that takes
`--registry`; the history is left as it was. Real files: a history written by a real run."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from corpus import CUTOFF
from helpers_ward import Ward, cli, consolidate, pristine

from toolkit.core.errors import RegistryError
from toolkit.io.registry import read_registry

__all__ = ["pristine"]  # fixtures

SAID = "Tệp này là tệp lịch sử tổng hợp"


@pytest.fixture(scope="module")
def history(pristine: Ward, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The history a real run of the small ward wrote."""
    out = tmp_path_factory.mktemp("registry_is_history")
    done = consolidate(pristine, out, "--history", out / "lich_su_tong_hop.sqlite")
    assert done.exit_code == 0, done.output
    path = out / "lich_su_tong_hop.sqlite"
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", ["lich_su_tong_hop.sqlite", "lich_su.xlsx", "lich_su.csv", "lich_su"])
def test_the_history_read_as_the_registry_is_refused_as_the_history(
    history: Path, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    shutil.copyfile(history, path)
    with pytest.raises(RegistryError) as caught:
        read_registry(path)
    assert [i.code for i in caught.value.issues] == ["registry.history"]


@pytest.mark.parametrize("command", ["consolidate", "validate", "lists", "template"])
def test_every_command_says_the_registry_is_the_history(
    pristine: Ward, history: Path, tmp_path: Path, command: str
) -> None:
    before = _digest(history)
    args: list[object] = [pristine.nop, "--registry", history]
    if command in ("consolidate", "lists"):
        args += ["--cutoff", CUTOFF.isoformat(), "-o", tmp_path / "ra.xlsx"]
    if command == "consolidate":
        args += ["--no-history"]
    if command == "template":
        args = ["--registry", history, "--out", tmp_path / "mau"]
    done = cli(command, *args)
    assert done.exit_code == 2, done.output
    assert f"Danh mục tổ chức {history.name}: {SAID}" in done.output, done.output
    assert "danh_muc_to_chuc.xlsx" in done.output, done.output
    assert "Lưu thành" not in done.output and "Save As" not in done.output, done.output
    assert not (tmp_path / "ra.xlsx").exists() and not (tmp_path / "mau").exists()
    assert _digest(history) == before


def test_a_registry_named_sqlite_that_is_none_is_still_a_format_refused(tmp_path: Path) -> None:
    """A file under another suffix that is no SQLite database keeps its message (`registry.format`)."""
    path = tmp_path / "danh_muc.sqlite"
    path.write_bytes(b"Ma to chuc;Ten\n")
    with pytest.raises(RegistryError) as caught:
        read_registry(path)
    assert [i.code for i in caught.value.issues] == ["registry.format"]
