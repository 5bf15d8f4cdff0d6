"""What the work lists cover: a registry organisation that sent no file, files left out for
errors, and a run where no file could be used, said on the console, in the exit code and in
the workbook (a list that lacks an organisation's members must never read as complete)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member
from test_worklists_edges import lists, rows, submission

from toolkit.cli import main
from toolkit.outputs.registry_file import write_registry

CB02, CB01, CB03 = REGISTRY.organisations


def _two_of_three(tmp_path: Path) -> tuple[Path, Path]:
    """CB02 and CB01 sent a file each; CB03, in the registry, sent none."""
    folder = tmp_path / "bai_nop"
    submission(folder, CB02, [_member("Lý Văn Phúc", "02/02/1999", "male", "15/04/2025")])
    submission(folder, CB01, [_member("Nguyễn Văn An", "10/10/1990", "male", "31/03/2025")])
    return folder, write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")


def test_a_registry_organisation_without_a_file_is_said_and_exits_with_1(tmp_path: Path) -> None:
    """Its members are in no list: the console says which organisation and why, and the exit
    code is the one of a file left out (1), not success."""
    folder, registry = _two_of_three(tmp_path)
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 1, result.output
    assert (
        "1 tổ chức chưa nộp tệp (CB03): đảng viên của tổ chức này không có trong danh sách." in result.output
    ), result.output
    assert [r[3] for r in rows(out, "Dự bị đến hạn")] == ["Lý Văn Phúc", "Nguyễn Văn An"]
    # Without a registry nobody is known to be missing: the same files are the whole ward.
    plain = lists(folder, tmp_path / "ds2.xlsx")
    assert plain.exit_code == 0 and "chưa nộp" not in plain.output, plain.output


def test_the_lists_help_says_the_exit_code_of_a_missing_organisation() -> None:
    result = CliRunner().invoke(main, ["lists", "--help"])
    assert "tổ chức trong danh mục chưa nộp tệp" in " ".join(result.output.split())
