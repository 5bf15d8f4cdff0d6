"""A computer that runs out of memory is said to have done so, with what the clerk can do
(close other programs; fewer files at a time), never as "Lỗi không mong đợi (MemoryError: )"
nor as a broken installation to reinstall ("failed to map segment from shared object" is the
loader finding no memory for a compiled library), hunt122 F7. A file that could not be read for
it costs only its own organisation its place, with an issue that does not call it damaged."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers_ward import Ward, cli, pristine, ward

from toolkit.core.errors import OUT_OF_MEMORY_MESSAGE, broken_install_message, user_message
from toolkit.excel.failsafe import failure_message
from toolkit.io import reader

__all__ = ["pristine", "ward"]  # fixtures

ROOT = Path(__file__).resolve().parent.parent
SAID = "không đủ bộ nhớ"
NOT_SAID = ("Lỗi không mong đợi", "MemoryError", "cai_dat.cmd", "bị thiếu hoặc hỏng", "bị hỏng")


def _raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001 - the exception as an edge receives it
        return caught


def _memory_error() -> MemoryError:
    try:
        bytearray(sys.maxsize)  # more than any computer has: a real MemoryError, with no text
    except MemoryError as exc:
        return exc
    pytest.skip("this Python allocated sys.maxsize bytes")


def _said_as_out_of_memory(text: str) -> None:
    assert SAID in text, text
    assert "đóng bớt các chương trình khác" in text, text
    for words in NOT_SAID:
        assert words not in text, text


def test_a_memory_error_says_the_computer_ran_out_of_memory() -> None:
    exc = _memory_error()
    assert user_message(exc) == OUT_OF_MEMORY_MESSAGE
    _said_as_out_of_memory(user_message(exc))
    assert "ít tệp hơn mỗi lần" in user_message(exc)
    _said_as_out_of_memory(failure_message(exc))  # the buttons


@pytest.mark.parametrize(
    "exc",
    [
        ImportError(
            "/opt/ward-stats/venv/lib/python3.11/site-packages/pandas/_libs/interval.cpython-311-x86_64"
            "-linux-gnu.so: failed to map segment from shared object"
        ),
        ImportError("libopenblas.so.0: cannot allocate memory"),
        OSError(errno.ENOMEM, os.strerror(errno.ENOMEM)),
    ],
    ids=["map-segment", "cannot-allocate", "enomem"],
)
def test_an_import_or_os_error_for_want_of_memory_is_no_broken_installation(exc: BaseException) -> None:
    caught = _raised(exc)
    _said_as_out_of_memory(user_message(caught))
    if isinstance(caught, ImportError):  # what `python -m toolkit` prints when loading fails
        _said_as_out_of_memory(broken_install_message(caught))
        _said_as_out_of_memory(failure_message(caught))


def test_a_missing_module_is_still_a_broken_installation() -> None:
    caught = _raised(ModuleNotFoundError("No module named 'click'"))
    assert "cai_dat.cmd" in user_message(caught) and SAID not in user_message(caught)


def test_a_file_read_out_of_memory_is_said_so_and_the_others_go_on(
    ward: Ward, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading one file fails for want of memory (here calamine's opening of K02, the largest
    allocation of a read): its organisation is left out with `file.out_of_memory`, not
    "tệp bị hỏng" with advice to re-save it; the other files are read."""
    monkeypatch.setenv("WARD_STATS_WORKERS", "1")
    opened = reader.CalamineWorkbook.from_filelike
    victim = ward.files["K02"].read_bytes()

    def from_filelike(stream: Any) -> Any:
        if stream.getvalue() == victim:
            bytearray(sys.maxsize)
            raise AssertionError("not reached")  # pragma: no cover
        return opened(stream)

    monkeypatch.setattr(reader.CalamineWorkbook, "from_filelike", from_filelike)
    sub = reader.read_submission(ward.files["K02"])
    assert [i.code for i in sub.issues] == ["file.out_of_memory"]
    _said_as_out_of_memory(sub.issues[0].message)
    assert reader.read_submission(ward.files["K01"]).readable

    done = cli("validate", ward.nop, "--registry", ward.registry)
    assert "Lỗi không mong đợi" not in done.output
    blocks = {block.split(" ", 1)[0]: block for block in done.output.split("== ")[1:]}
    assert "(file.out_of_memory)" in blocks[ward.files["K02"].name], done.output
    assert "ĐẠT" in blocks[ward.files["K01"].name] and "ĐẠT" in blocks[ward.files["K03"].name]


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is Linux's")
def test_the_command_line_under_a_small_memory_limit(ward: Ward) -> None:
    """The real thing: `python -m toolkit` with 200 MB of address space, which loading pandas
    and numpy exceeds (a MemoryError, or "failed to map segment" from the loader). Where the
    limit ends the process outside Python (OpenBLAS giving up), there is nothing to check."""
    import resource

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (200 * 2**20, resource.RLIM_INFINITY))

    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "validate", str(ward.nop), "--registry", str(ward.registry)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        preexec_fn=limited,  # noqa: PLW1509 - no threads in this test process's child
        timeout=120,
        check=False,
    )
    # Whatever ended it, never Python's traceback: checked before the skip, which a traceback
    # (exit code 1) would otherwise take.
    assert "Traceback" not in done.stderr, done.stderr
    if done.returncode != 2 or "Lỗi:" not in done.stderr:
        pytest.skip(f"the limit did not end the run in Python here (rc {done.returncode})")
    _said_as_out_of_memory(done.stderr)
