"""The run after a killed `ward-stats upgrade` or `template --registry`: the killed run's set is
completed, and its files are judged as files already there, never as files that appeared while
the new run was running.

A set killed (SIGKILL, a power cut) between two of its renames leaves its first files in place
and the rest under hidden temporary names, which the next run into the folder completes
(`toolkit.io.atomic.sweep_stale_temps`). The next run used to complete them only at its own
commit, after it had judged the folder: `upgrade` then stopped with "Tệp … vừa được tạo trong
lúc lệnh đang chạy … Chưa tệp nào được ghi" (exit code 2) about the files its own tidy-up had
just renamed, `template --overwrite` the same, and `template` without `--overwrite` refused the
files of the folder without ever completing the set. Now the folder is tidied before it is
judged (`toolkit.outputs.publish.tidy_folder`). The runs here are real processes, really
killed between renames, over real workbooks.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from helpers_sets import command, run_killed_while_renaming, sigint_kept, snapshot, temps
from helpers_validate import write_old

from toolkit.core.model import Organisation, Registry
from toolkit.io.atomic import TEMP_PREFIX
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import submission_filename

__all__ = ["sigint_kept"]  # fixtures

OLD_FILES = 5
KILLED_AFTER = 2  # renames done when the run is killed
REGISTRY = Registry(
    [
        Organisation(
            f"HD{n:02d}", f"Chi bộ Tổ dân phố số {n}", "chi_bo_truc_thuoc", "to_dan_pho", f"Bí thư {n}"
        )
        for n in range(1, 6)
    ]
)
TEMPLATES = sorted(submission_filename(org) for org in REGISTRY.organisations)
APPEARED = "vừa được tạo trong lúc lệnh đang chạy"


@pytest.fixture
def nop(tmp_path: Path) -> Path:
    """A submissions folder of five files of template 2026.1."""
    folder = tmp_path / "nop"
    folder.mkdir()
    for n in range(1, OLD_FILES + 1):
        write_old(folder, f"CB{n:02d}_chi_bo_{n}.xlsx")
    return folder


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    return write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")


def _killed(args: list[object], out: Path, count: int) -> dict[str, bytes]:
    """Run the command, killed after `KILLED_AFTER` of its `count` renames into `out`; the bytes
    it left under temporary names, by the name of the file each is to become."""
    done = run_killed_while_renaming([str(a) for a in args], KILLED_AFTER)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert len([p for p in out.iterdir() if not p.name.startswith(TEMP_PREFIX)]) == KILLED_AFTER
    left = {p.name.split("-", 6)[-1]: p.read_bytes() for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)}
    assert len(left) == count - KILLED_AFTER, sorted(left)
    return left


@pytest.mark.usefixtures("sigint_kept")
def test_the_upgrade_after_a_killed_one_completes_it_and_says_what_a_rerun_says(
    nop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = sorted(p.name for p in nop.iterdir())
    # What the same command says when run again after an upgrade that was not killed.
    whole = tmp_path / "nang_cap_tron_ven"
    assert command(["upgrade", nop, "--out", whole], capsys)[0] == 0
    expected_code, expected_out, expected_err = command(["upgrade", nop, "--out", whole], capsys)

    out = tmp_path / "nang_cap"
    left = _killed(["upgrade", nop, "--out", out], out, OLD_FILES)
    code, stdout, stderr = command(["upgrade", nop, "--out", out], capsys)
    assert APPEARED not in stderr + stdout
    assert (code, stdout, stderr) == (
        expected_code,
        expected_out.replace(str(whole), str(out)),
        expected_err.replace(str(whole), str(out)),
    )
    after = snapshot(out)
    assert after is not None and sorted(after) == names and temps(out) == []
    assert all(after[name] == data for name, data in left.items())  # the killed run's, completed


@pytest.mark.usefixtures("sigint_kept")
def test_template_overwrite_after_a_killed_one_writes_every_template(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "mau"
    args: list[object] = ["template", "--registry", registry, "--out", out, "--overwrite"]
    _killed(args, out, len(TEMPLATES))
    code, stdout, stderr = command(args, capsys)
    assert code == 0, stderr
    assert f"Đã tạo {len(TEMPLATES)} biểu mẫu điền sẵn" in stdout
    assert sorted(p.name for p in out.iterdir()) == TEMPLATES


@pytest.mark.usefixtures("sigint_kept")
def test_template_after_a_killed_one_completes_it_and_refuses_every_template_there(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without `--overwrite`, the templates of the killed run are files already there: all of
    them, the set completed, not the two renamed before the kill with the rest left hidden."""
    out = tmp_path / "mau"
    args: list[object] = ["template", "--registry", registry, "--out", out]
    left = _killed(args, out, len(TEMPLATES))
    code, stdout, stderr = command(args, capsys)
    assert code == 2
    assert APPEARED not in stderr
    assert f"đã có {len(TEMPLATES)} tệp trùng tên với biểu mẫu sắp tạo" in stderr
    after = snapshot(out)
    assert after is not None and sorted(after) == TEMPLATES and temps(out) == []
    assert all(after[name] == data for name, data in left.items())
