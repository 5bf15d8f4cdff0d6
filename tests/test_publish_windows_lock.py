"""The commit lock on Windows (hunt122 F2): `msvcrt.locking` on a lock file in each output folder.

Windows has no `fcntl`; the lock was then no lock at all, so two consolidations into one folder
(the button pressed twice, the button and `Tong hop.cmd`, two PCs on a shared folder) could
interleave their renames: the workbook of one run beside the JSON of the other, both exiting
0. The Windows branch (`publish.msvcrt_lock_folder`, chosen by `publish.folder_locker` when
`fcntl` cannot be imported and `msvcrt` can) runs here with a stand-in `msvcrt` whose locks are
real byte-range locks (`tests/helpers_msvcrt.py`); real Windows is not exercised.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

if sys.platform == "win32":  # the stand-in `msvcrt` is built on `fcntl` (review132 #3)
    pytest.skip("the stand-in msvcrt needs fcntl: on Windows the real one is used", allow_module_level=True)

from tests.helpers_msvcrt import LK_NBLCK, LK_UNLCK, fake_msvcrt  # noqa: E402
from toolkit.core.errors import OutputError
from toolkit.outputs.publish import run_id_of

ROOT = Path(__file__).resolve().parents[1]
LOCK_NAME = ".~ws-tmp-lock"


def as_on_windows(monkeypatch: pytest.MonkeyPatch, msvcrt: ModuleType | None) -> None:
    """`import fcntl` fails, as on Windows, and `import msvcrt` gives `msvcrt` (None: fails)."""
    monkeypatch.setitem(sys.modules, "fcntl", None)
    monkeypatch.setitem(sys.modules, "msvcrt", msvcrt)


def test_without_fcntl_the_lock_is_msvcrts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from toolkit.outputs import publish

    msvcrt = fake_msvcrt()
    as_on_windows(monkeypatch, msvcrt)
    lock = publish.folder_locker()
    assert getattr(lock, "func", None) is publish.msvcrt_lock_folder
    assert lock.keywords == {"msvcrt": msvcrt}  # type: ignore[attr-defined]
    as_on_windows(monkeypatch, None)
    assert publish.folder_locker()(tmp_path) is None  # neither: no lock


def test_the_first_byte_of_the_lock_file_is_locked_then_unlocked_and_the_file_removed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from toolkit.outputs.publish import _commit_lock

    msvcrt = fake_msvcrt()
    as_on_windows(monkeypatch, msvcrt)
    with pytest.raises(RuntimeError), _commit_lock([tmp_path]):
        assert (tmp_path / LOCK_NAME).is_file()
        assert msvcrt.calls == [(LK_NBLCK, 0, 1)]
        raise RuntimeError("the publication failed")
    assert msvcrt.calls == [(LK_NBLCK, 0, 1), (LK_UNLCK, 0, 1)]  # unlocked all the same
    assert not (tmp_path / LOCK_NAME).exists()


def _held_by_another_process(lock_file: Path) -> subprocess.Popen[str]:
    """A process holding the first byte of `lock_file` (as `msvcrt.locking` would on Windows,
    and as the stand-in does here) until it is killed."""
    code = (
        "import fcntl, os, sys, time\n"
        "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)\n"
        "fcntl.lockf(fd, fcntl.LOCK_EX, 1, 0)\n"
        "print('held', flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(lock_file)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_a_run_that_waits_too_long_stops_writing_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from toolkit.outputs import publish

    as_on_windows(monkeypatch, fake_msvcrt())
    monkeypatch.setattr(publish, "COMMIT_LOCK_TIMEOUT", 1.0)
    holder = _held_by_another_process(tmp_path / LOCK_NAME)
    try:
        files = publish.FileSet()
        files.add(tmp_path / "mau.xlsx", b"new", replace=False)
        started = time.monotonic()
        with pytest.raises(OutputError) as raised:
            files.commit()
        assert time.monotonic() - started >= 0.9  # it waited for the lock, then gave up
    finally:
        holder.kill()
        holder.wait()
    message = str(raised.value)
    assert f"Thư mục \u201c{tmp_path}\u201d đang được một lần chạy ward-stats khác ghi kết quả" in message
    assert "đã chờ 1 giây mà lần chạy đó chưa xong" in message
    assert "Chưa ghi tệp nào, các tệp cũ vẫn giữ nguyên. Hãy chờ lần chạy kia xong rồi chạy lại." in message
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK_NAME]  # the holder's, nothing of ours


def test_a_file_system_that_locks_nothing_is_published_unlocked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from toolkit.outputs.publish import FileSet

    msvcrt = fake_msvcrt()

    def refuses(fd: int, mode: int, nbytes: int, /) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")  # the C runtime's for ERROR_NOT_SUPPORTED

    msvcrt.locking = refuses  # type: ignore[attr-defined]
    as_on_windows(monkeypatch, msvcrt)
    files = FileSet()
    files.add(tmp_path / "mau.xlsx", b"new", replace=False)
    assert files.commit() == [tmp_path / "mau.xlsx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mau.xlsx"]


# Run in each process started below: `fcntl` hidden and no O_TMPFILE (as on Windows), `msvcrt`
# the stand-in (installed after `subprocess` is imported, which would take it for Windows); with
# PAUSE_AFTER_RENAME, the run stops after renaming that output into place (antivirus, OneDrive or
# a network share slowing a rename down) until the file GO exists.
SITECUSTOMIZE = """
import os, subprocess, sys, time
from pathlib import Path

import fake_msvcrt  # takes `fcntl` before it is hidden

# subprocess tells Windows by whether `msvcrt` imports: it is imported before the stand-in is.
assert subprocess

sys.modules["msvcrt"] = fake_msvcrt.fake_msvcrt(Path(os.environ["LOCK_WAITING"]))
sys.modules["fcntl"] = None
if hasattr(os, "O_TMPFILE"):
    del os.O_TMPFILE
if os.environ.get("PAUSE_AFTER_RENAME"):
    _replace = os.replace

    def _paused(src, dst, *args, **kwargs):
        done = _replace(src, dst, *args, **kwargs)
        if os.path.basename(dst) == os.environ["PAUSE_AFTER_RENAME"]:
            Path(os.environ["RENAMED"]).touch()
            until = time.monotonic() + 60
            while not Path(os.environ["GO"]).exists() and time.monotonic() < until:
                time.sleep(0.02)
        return done

    os.replace = _paused
"""


def _until(done: Callable[[], bool], seconds: float) -> None:
    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        time.sleep(0.02)


@pytest.mark.slow
def test_two_runs_into_one_folder_without_fcntl_publish_one_after_the_other(tmp_path: Path) -> None:
    """Run A stops between its workbook's rename and its JSON's; run B is started then. Without
    a lock, B published both while A waited, and A's JSON then replaced B's: the workbook of B
    beside the JSON of A. With it, B waits for A's lock (its first refusal lets A go on), then
    publishes both: the folder holds B's outputs."""
    from tests.helpers_sample import sample_orgs
    from toolkit.sample.rows import Period

    nop = tmp_path / "nop"
    nop.mkdir()
    for org in sample_orgs(11, [3, 4], Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    shutil.copy(ROOT / "tests" / "helpers_msvcrt.py", site / "fake_msvcrt.py")
    out = tmp_path / "ket qua"
    out.mkdir()
    renamed, go = tmp_path / "A_renamed", tmp_path / "go"
    cmd = [sys.executable, "-m", "toolkit", "consolidate", "nop", "--cutoff", "31/03/2026", "--no-history"]
    cmd += ["-o", str(out / "tong_hop.xlsx"), "--json", str(out / "tong_hop.json")]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]),
        "PYTHONIOENCODING": "utf-8",
        "WARD_STATS_WORKERS": "1",
    }

    def start(name: str, **more: str) -> subprocess.Popen[bytes]:
        log = (tmp_path / f"{name}.log").open("wb")
        run_env = {**env, "LOCK_WAITING": str(tmp_path / f"{name}_waited"), **more}
        return subprocess.Popen(cmd, cwd=tmp_path, env=run_env, stdout=log, stderr=subprocess.STDOUT)

    runs: list[subprocess.Popen[bytes]] = []
    try:
        runs.append(start("A", PAUSE_AFTER_RENAME="tong_hop.xlsx", RENAMED=str(renamed), GO=str(go)))
        _until(lambda: renamed.exists() or runs[0].poll() is not None, 120)
        assert renamed.exists(), (tmp_path / "A.log").read_text("utf-8")
        runs.append(start("B"))
        _until(lambda: (tmp_path / "B_waited").exists() or runs[1].poll() is not None, 120)
        go.touch()
        codes = [run.wait(timeout=120) for run in runs]
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.wait()
    logs = {name: (tmp_path / f"{name}.log").read_text("utf-8") for name in ("A", "B")}
    assert codes == [0, 0], logs
    workbook, summary = run_id_of(out / "tong_hop.xlsx"), run_id_of(out / "tong_hop.json")
    assert workbook is not None
    assert workbook == summary, f"the workbook of run {workbook} beside the JSON of run {summary}"
    assert (tmp_path / "B_waited").exists() and not (tmp_path / "A_waited").exists()
    assert sorted(p.name for p in out.iterdir()) == ["tong_hop.json", "tong_hop.xlsx"]  # no lock file left
