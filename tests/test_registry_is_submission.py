"""A chi bộ's submission (or the blank template) chosen as the registry is said to be one: it is
a secretary's file, not the ward's list of organisations. It was read as a registry whose header
row is the `Thông tin` sheet's "Mã tổ chức" label, and the clerk was told "Dòng 1: Thiếu cột “Tên
tổ chức đảng”", naming no sheet and not that the wrong file was chosen (hunt122 F9); an output
of ward-stats chosen so already had `registry.ward_stats_output`."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import CUTOFF
from helpers_ward import Ward, cli, pristine

from toolkit.core.errors import RegistryError
from toolkit.io.registry import read_registry

__all__ = ["pristine"]  # fixtures

SAID = "Tệp này là bài nộp của một chi bộ"


def _said_as_a_submission(output: str, name: str) -> None:
    assert f"Danh mục tổ chức {name}: {SAID}" in output, output
    assert "danh_muc_to_chuc.xlsx" in output, output
    assert "Thiếu cột" not in output and "Dòng 1" not in output, output


def test_a_submission_read_as_the_registry_is_refused_as_one(pristine: Ward) -> None:
    with pytest.raises(RegistryError) as caught:
        read_registry(pristine.files["K01"])
    assert [i.code for i in caught.value.issues] == ["registry.submission"]


@pytest.mark.parametrize("command", ["validate", "consolidate"])
def test_the_command_line_says_the_registry_is_a_submission(
    pristine: Ward, tmp_path: Path, command: str
) -> None:
    submission = pristine.files["K02"]
    output = ["--cutoff", CUTOFF.isoformat(), "-o", tmp_path / "tong_hop.xlsx"]
    extra = output if command == "consolidate" else []
    done = cli(command, pristine.nop, "--registry", submission, *extra)
    assert done.exit_code == 2, done.output
    _said_as_a_submission(done.output, submission.name)
    assert not (tmp_path / "tong_hop.xlsx").exists()


def test_the_blank_template_read_as_the_registry_is_refused_as_a_submission(tmp_path: Path) -> None:
    made = cli("template", "--out", tmp_path)
    assert made.exit_code == 0, made.output
    (blank,) = tmp_path.glob("*.xlsx")
    nop = tmp_path / "nop"
    nop.mkdir()
    done = cli("validate", nop, "--registry", blank)
    assert done.exit_code == 2, done.output
    _said_as_a_submission(done.output, blank.name)


def test_the_registry_itself_is_still_read(pristine: Ward) -> None:
    assert [o.org_code for o in read_registry(pristine.registry).organisations] == ["K01", "K02", "K03"]
