"""`--json -` when stdout cannot take the JSON (hunt122 F4). A full disk behind it
(`> /dev/full`) ended `consolidate` in the generic "Không đọc/ghi được tệp: ổ đĩa đã đầy",
naming no file, after the workbook and the history record were in place, so the clerk read
that nothing had happened; now the screen is named, the lines of what was written are printed,
and the exit code is 2. With no stdout at all (fd 1 closed, as `pythonw.exe` starts it) the
JSON went to the null device and the run ended 0; now `--json -` is refused before anything is
written. The real command runs in a process given those streams."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from corpus import CUTOFF
from helpers_ward import TRACEBACK, Ward, pristine

__all__ = ["pristine"]  # a fixture

ROOT = Path(__file__).resolve().parent.parent
SCREEN = "ra màn hình (stdout)"


def _run(args: list[str], cwd: Path, **streams: Any) -> tuple[int, str]:
    """`ward-stats ARGS` with the given stdout: the exit code and what stderr said."""
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", *args],
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
        **streams,
    )
    said = done.stderr.decode("utf-8", "replace")
    assert not TRACEBACK.search(said), said
    assert "Lỗi không mong đợi" not in said, said
    return done.returncode, said


def _consolidate(ward: Ward, out: Path, *extra: str) -> list[str]:
    return [
        "consolidate", str(ward.nop), "--registry", str(ward.registry), "--cutoff", CUTOFF.isoformat(),
        "-o", str(out / "tong_hop.xlsx"), "--json", "-", *extra,
    ]  # fmt: skip


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="/dev/full, a full disk on demand, is Linux's"
)
def test_a_full_disk_behind_stdout_names_the_screen_and_what_was_written(
    pristine: Ward, tmp_path: Path
) -> None:
    assert Path("/dev/full").exists()  # on Linux it is always there: no silent pass
    out = tmp_path / "ket_qua"
    out.mkdir()
    with open("/dev/full", "wb") as full:
        code, said = _run(_consolidate(pristine, out), tmp_path, stdout=full)
    assert code == 2, said
    assert (out / "tong_hop.xlsx").is_file(), said
    assert (out / "lich_su_tong_hop.sqlite").is_file(), said
    assert f"tóm tắt JSON (--json -) {SCREEN}: ổ đĩa đã đầy" in said, said
    assert f"Tệp kết quả: {out / 'tong_hop.xlsx'}" in said  # the status lines of what was written
    assert "lần số 1" in said and "history export 1 --json" in said, said

    history = out / "lich_su_tong_hop.sqlite"
    with open("/dev/full", "wb") as full:
        code, said = _run(
            ["history", "export", "1", "--json", "-", "--history", str(history)], tmp_path, stdout=full
        )
    assert code == 2, said
    assert f"Không ghi được lần tổng hợp số 1 dạng JSON {SCREEN}: ổ đĩa đã đầy" in said, said

    with open("/dev/full", "wb") as full:
        args = ["validate", str(pristine.nop), "--registry", str(pristine.registry), "--json", "-"]
        code, said = _run(args, tmp_path, stdout=full)
    assert code == 2, said
    assert f"kết quả kiểm tra JSON (--json -) {SCREEN}: ổ đĩa đã đầy" in said, said


@pytest.mark.skipif(
    sys.platform == "win32", reason="a child started with fd 1 closed needs preexec_fn (POSIX)"
)
def test_json_on_stdout_is_refused_when_there_is_no_stdout(pristine: Ward, tmp_path: Path) -> None:
    def close_stdout() -> None:
        os.close(1)

    out = tmp_path / "ket_qua"
    out.mkdir()
    commands = [
        _consolidate(pristine, out, "--no-history"),
        ["validate", str(pristine.nop), "--registry", str(pristine.registry), "--json", "-"],
        ["history", "export", "1", "--json", "-", "--history", str(out / "lich_su.sqlite")],
    ]
    for args in commands:
        code, said = _run(args, tmp_path, preexec_fn=close_stdout)
        assert code == 2, (args[0], said)
        assert "--json -: chương trình đang chạy không có màn hình (stdout)" in said, said
        assert "Chưa tệp nào được ghi" in said
    assert list(out.iterdir()) == []
