"""A reader of the command's output that has gone (`| more` quit with q, `| findstr`, `| head -1`)
costs nothing but the text it would have read (hunt122 F3): `validate` printed its list before
publishing, so `--json` and `--feedback` were never written, and click turned the closed pipe
into exit code 1, "problems found in the data"; `template` wrote its files and still ended 1.
The real command runs in a process whose stdout (and, with `2>&1`, stderr) is a pipe whose read
end was closed before it printed a line."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import CUTOFF
from helpers_ward import TRACEBACK, Ward, pristine

from toolkit.core.streams import _Gone, _GuardedStream, reader_gone

__all__ = ["pristine"]  # a fixture

ROOT = Path(__file__).resolve().parent.parent


def _run_into_closed_pipe(args: list[str], cwd: Path, *, stderr_too: bool = False) -> tuple[int, str]:
    """`ward-stats ARGS | (a reader that has gone)`: the exit code and what stderr said."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader left before the command wrote anything
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "toolkit", *args],
            stdout=write_end,
            stderr=write_end if stderr_too else subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env=env,
            timeout=300,
        )
    finally:
        os.close(write_end)
    said = (done.stderr or b"").decode("utf-8", "replace")
    assert not TRACEBACK.search(said), said
    return done.returncode, said


def test_validate_writes_its_json_and_feedback_when_the_reader_has_gone(
    pristine: Ward, tmp_path: Path
) -> None:
    out = tmp_path / "ket_qua"
    out.mkdir()
    args = [
        "validate", str(pristine.nop), "--registry", str(pristine.registry), "--cutoff", CUTOFF.isoformat(),
        "--json", str(out / "v.json"), "--feedback", str(out / "phan_hoi"),
    ]  # fmt: skip
    expected = subprocess.run(
        [sys.executable, "-m", "toolkit", *args[:-4]],
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    ).returncode
    code, said = _run_into_closed_pipe(args, tmp_path)
    assert code == expected, said  # the data's own exit code, not 1 for the pipe
    assert json.loads((out / "v.json").read_text(encoding="utf-8"))["files"], said
    assert "Lỗi" not in said


def test_a_command_that_wrote_its_files_ends_0_when_the_reader_has_gone(
    pristine: Ward, tmp_path: Path
) -> None:
    for stderr_too in (False, True):  # `| more`, and `2>&1 | more`
        folder = tmp_path / f"mau_{int(stderr_too)}"
        args = ["template", "--registry", str(pristine.registry), "--out", str(folder)]
        code, said = _run_into_closed_pipe(args, tmp_path, stderr_too=stderr_too)
        assert code == 0, said
        assert len(list(folder.glob("*.xlsx"))) == 3


def test_a_write_to_a_pipe_whose_reader_has_gone_goes_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The guard itself, on a real pipe: the write that meets EPIPE returns, the descriptor is
    the null device from then on. On Windows the C runtime says EINVAL for it (CPython issue
    79935): on a pipe that is a reader gone too, on a file it stays an error."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    stream = io.TextIOWrapper(io.FileIO(write_end, "w"), encoding="utf-8", write_through=True)
    gone = _Gone()
    guarded = _GuardedStream(stream, gone)
    assert guarded.write("Đã kiểm tra 3 tệp\n") == len("Đã kiểm tra 3 tệp\n")
    assert gone.gone
    guarded.write("x" * 100_000)  # the null device takes anything
    guarded.buffer.write(b"{}\n")
    guarded.flush()
    assert guarded.buffer is guarded.buffer  # one binary stream, as `sys.stdout.buffer` is (review132 #5)
    invalid = OSError(errno.EINVAL, "Invalid argument")
    assert not reader_gone(invalid, stream)  # not on Windows: EINVAL is no reader gone
    monkeypatch.setattr(sys, "platform", "win32")
    other_end, pipe_end = os.pipe()
    try:
        with io.FileIO(pipe_end, "w", closefd=False) as pipe, (tmp_path / "f.txt").open("wb") as file:
            assert reader_gone(invalid, pipe)
            assert not reader_gone(invalid, file)
    finally:
        os.close(other_end)
        os.close(pipe_end)
    stream.close()
