"""Outputs made in a forked child (`toolkit.io.forked.Forked`): the same bytes, the parent's
errors, no child left behind."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import openpyxl
import pytest

from toolkit.io import forked
from toolkit.io.forked import Forked
from toolkit.outputs import publish
from toolkit.outputs.sheets import SHEET_ISSUES

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="fork is not available here")


def _pid_bytes() -> bytes:
    return str(os.getpid()).encode()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_bytes_are_made_in_a_child_and_come_back_whole() -> None:
    big = os.urandom(3 * 2**20)  # more than a pipe holds: the child waits for the reader
    child = Forked(lambda: _pid_bytes() + b"|" + big)
    assert child.forked
    pid, _, data = child.result().partition(b"|")
    assert int(pid) != os.getpid()
    assert data == big


def test_without_fork_or_when_disabled_the_bytes_are_made_here(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Forked(_pid_bytes, enabled=False).result() == _pid_bytes()
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    child = Forked(_pid_bytes)
    assert not child.forked
    assert child.result() == _pid_bytes()


def test_an_error_in_the_child_is_raised_here_as_itself() -> None:
    parent = os.getpid()
    calls: list[int] = []

    def make() -> bytes:
        calls.append(os.getpid())
        raise ValueError("hỏng")

    child = Forked(make)
    with pytest.raises(ValueError, match="hỏng"):
        child.result()
    assert calls == [parent]  # the child's call is not seen here; the parent made it again


def test_a_child_that_dies_is_replaced_by_making_the_bytes_here() -> None:
    parent = os.getpid()

    def make() -> bytes:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return b"made by the parent"

    assert Forked(make).result() == b"made by the parent"


def test_a_child_that_exits_without_its_bytes_is_not_taken_at_its_word() -> None:
    parent = os.getpid()

    def make() -> bytes:
        if os.getpid() != parent:
            os._exit(0)  # a clean exit, but nothing sent
        return b"whole"

    assert Forked(make).result() == b"whole"


def test_ctrl_c_while_waiting_stops_the_child() -> None:
    parent = os.getpid()
    main_thread = threading.main_thread().ident
    assert main_thread is not None

    def make() -> bytes:
        if os.getpid() != parent:
            time.sleep(60)
        return b""

    # Ctrl+C's own handler for this test: pytest may start with SIGINT ignored (a command put
    # in the background by a shell without job control, as a CI runner may, inherits that, and
    # Python then keeps it ignored), and the command line ignores a second Ctrl+C once it has
    # been interrupted (`toolkit.cli`).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        child = Forked(make)
        pid = child._pid
        assert pid is not None
        # Sent to the main thread, which waits for the child (a signal sent to the process
        # may be handled by another thread).
        timer = threading.Timer(0.3, lambda: signal.pthread_kill(main_thread, signal.SIGINT))
        timer.start()
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            child.result()
        timer.join()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert time.monotonic() - started < 30
    assert not _alive(pid)


def test_the_consolidation_outputs_are_the_same_made_in_one_process_or_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.helpers_output import make_result

    result = make_result(tmp_path / "nop")
    books = {}
    for parallel in (False, True):
        made: list[bool] = []
        real = publish.Forked

        def recording(make, *, enabled=True, _made=made, _real=real):  # type: ignore[no-untyped-def]
            child = _real(make, enabled=enabled)
            _made.append(child.forked)
            return child

        monkeypatch.setattr(publish, "Forked", recording)
        monkeypatch.setattr("toolkit.io.readmany.worker_count", lambda files, p=parallel: 2 if p else 1)
        out = tmp_path / f"{parallel}"
        out.mkdir()
        publish.write_outputs(result, out / "tong_hop.xlsx", out / "tong_hop.json")
        assert made == ([True] if parallel else [])
        wb = openpyxl.load_workbook(out / "tong_hop.xlsx")
        books[parallel] = {
            name: [[c.value for c in row] for row in wb[name].iter_rows()] for name in wb.sheetnames
        }
        assert (out / "tong_hop.json").read_bytes()
    assert books[True] == books[False]
    assert len(books[True][SHEET_ISSUES]) > 4


def test_a_workbook_that_fails_in_the_child_fails_the_run_with_the_parents_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.helpers_output import make_result
    from toolkit.outputs import workbook

    result = make_result(tmp_path / "nop")

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError(f"in {os.getpid()}")

    monkeypatch.setattr(workbook, "render_workbook", broken)
    monkeypatch.setattr("toolkit.io.readmany.worker_count", lambda files: 2)
    with pytest.raises(RuntimeError, match=f"in {os.getpid()}$"):
        publish.write_outputs(result, tmp_path / "tong_hop.xlsx", tmp_path / "tong_hop.json")
    assert not (tmp_path / "tong_hop.xlsx").exists()
    assert not (tmp_path / "tong_hop.json").exists()


@pytest.mark.parametrize("parallel", [False, True])
def test_the_outputs_are_made_with_the_collector_paused_then_resumed(tmp_path: Path, parallel: bool) -> None:
    """The collector walks every cell XlsxWriter keeps (0.7 s of 3.1 s for a city typed
    carelessly): it is paused while the outputs are made, in this process and in the
    workbook's child, and runs again once they are."""
    import gc

    def state() -> bytes:
        return f"{os.getpid()} {gc.isenabled()}".encode()

    assert gc.isenabled()
    pub = publish.Publication(parallel=parallel)
    pub.add("workbook", tmp_path / "tong_hop.xlsx", state, label="tệp kết quả -o")
    pub.add("json", tmp_path / "tong_hop.json", state, label="tóm tắt JSON --json")
    pub.publish()
    assert gc.isenabled()
    book_pid, book_gc = (tmp_path / "tong_hop.xlsx").read_text().split()
    json_pid, json_gc = (tmp_path / "tong_hop.json").read_text().split()
    assert (book_gc, json_gc) == ("False", "False")
    assert int(json_pid) == os.getpid()
    assert (int(book_pid) != os.getpid()) is parallel


def test_shared_turns_give_each_number_once_to_whichever_process_asks() -> None:
    turns = forked.SharedTurns(500)

    def take_all(slow: bool) -> list[int]:
        taken = []
        while (i := turns.take()) is not None:
            taken.append(i)
            if slow and len(taken) == 1:
                time.sleep(0.05)  # the other process takes meanwhile (no result depends on it)
        return taken

    child = Forked(lambda: ",".join(map(str, take_all(slow=False))).encode())
    ours = take_all(slow=True)
    theirs = [int(n) for n in child.result().split(b",") if n]
    turns.close()
    assert sorted(ours + theirs) == list(range(500))  # every number, none twice
    assert ours == sorted(ours) and theirs == sorted(theirs)  # each in the order they wait in
    assert turns.take() is None  # closed: none left


def test_shared_turns_are_refused_beyond_what_a_pipe_surely_holds() -> None:
    with pytest.raises(ValueError):
        forked.SharedTurns(forked.SharedTurns.MAX_TURNS + 1)
    empty = forked.SharedTurns(0)
    assert empty.take() is None
    empty.close()
