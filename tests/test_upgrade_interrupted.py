"""`ward-stats upgrade` stopped by Ctrl+C: the upgraded files stand or fall together.

Stopped while the files are upgraded, the run leaves no new file, no temporary one and no new
folder, the old files of the output folder byte for byte, and says so; the same command then
upgrades every file, none refused as "already there". Stopped in the middle of the renames,
the run completes them and says which files it wrote.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_sets import (
    command,
    interrupt_on_call,
    run_with_ctrl_c_while_renaming,
    sigint_kept,
    snapshot,
    temps,
)
from helpers_validate import write, write_old

import toolkit.outputs.upgrade as upgrade
from toolkit.cli import INTERRUPTED

__all__ = ["sigint_kept"]  # fixtures

OLD_FILES = 5


@pytest.fixture
def nop(tmp_path: Path) -> Path:
    """A submissions folder of five files of template 2026.1."""
    folder = tmp_path / "nop"
    folder.mkdir()
    for n in range(1, OLD_FILES + 1):
        write_old(folder, f"CB{n:02d}_chi_bo_{n}.xlsx")
    return folder


def _out(tmp_path: Path, existing: bool) -> Path:
    """The output folder: one holding files of before (a current file, a note), or none yet."""
    out = tmp_path / "nang_cap"
    if existing:
        out.mkdir()
        write(out, "CB99_da_nang_cap_truoc.xlsx")
        (out / "ghi_chu.txt").write_text("đã gửi lại cho các chi bộ\n", encoding="utf-8")
    return out


@pytest.mark.parametrize("existing", [True, False], ids=["folder-with-old-files", "new-folder"])
@pytest.mark.usefixtures("sigint_kept")
def test_ctrl_c_while_upgrading_leaves_no_new_file_and_a_rerun_upgrades_all(
    nop: Path,
    tmp_path: Path,
    existing: bool,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _out(tmp_path, existing)
    before, inputs = snapshot(out), snapshot(nop)
    monkeypatch.setattr(upgrade, "upgrade_file", interrupt_on_call(4, upgrade.upgrade_file))
    code, stdout, stderr = command(["upgrade", nop, "--out", out], capsys)
    assert code == 130
    assert stderr.splitlines() == [INTERRUPTED]  # "các tệp kết quả cũ (nếu có) vẫn giữ nguyên": true
    assert "Đã nâng cấp" not in stdout
    assert snapshot(out) == before  # no new file, the old ones byte for byte (or still no folder)
    assert temps(out) == []
    assert snapshot(nop) == inputs

    monkeypatch.undo()
    code, stdout, stderr = command(["upgrade", nop, "--out", out], capsys)
    assert code == 0, stderr
    assert "Không nâng cấp được" not in stdout + stderr
    assert f"Đã nâng cấp {OLD_FILES}/{OLD_FILES} tệp" in stdout
    after = snapshot(out)
    assert after is not None
    assert sorted(set(after) - set(before or {})) == sorted(p.name for p in nop.iterdir())
    assert all(after[name] == data for name, data in (before or {}).items())
    assert temps(out) == []


def test_ctrl_c_during_the_renames_completes_them_and_names_the_files_written(
    nop: Path, tmp_path: Path
) -> None:
    out = _out(tmp_path, existing=True)
    before = snapshot(out)
    assert before is not None
    done = run_with_ctrl_c_while_renaming(["upgrade", nop, "--out", out])
    assert done.returncode == 130, done.stderr
    names = sorted(p.name for p in nop.iterdir())
    lines = done.stderr.splitlines()
    assert lines[0] == (
        f"Đã dừng theo yêu cầu (Ctrl+C) sau khi đã ghi xong {OLD_FILES} tệp dưới đây vào thư mục "
        f"\u201c{out}\u201d; ngoài các tệp này, không tệp nào khác bị thay đổi:"
    )
    assert sorted(line.strip() for line in lines[1:]) == names
    after = snapshot(out)
    assert after is not None and sorted(set(after) - set(before)) == names
    assert all(after[name] == data for name, data in before.items())
    assert temps(out) == []
