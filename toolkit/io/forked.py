"""Child processes of a run: forked, never outliving it, and never in the way of Ctrl+C.

Two parts of a run use a second core: the reading of many files (`toolkit.io.readmany`, a
pool of forked workers) and the making of the outputs (`Forked`: the consolidated workbook
is made in a forked child while this process makes the JSON summary). Both follow the same
rules, kept here:

- **fork only.** A forked child starts at once as a copy of this process, so it needs nothing
  imported again nor anything pickled on the way in. Where `fork` is not available (Windows,
  where the Excel buttons run) or not safe (macOS), nothing is forked: the work is done in
  this process, with the same result.
- **Ctrl+C is the parent's.** The terminal sends SIGINT to every process of the run; a child
  ignores it (SIGINT is blocked while forking, so it never arrives before the child has said
  so), and the parent stops its children once.
- **A child dies with its parent**, however the parent dies (Linux's parent-death signal), so a
  killed run never leaves a process behind.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1
_OK = b"OK"
_HEADER = len(_OK) + 8  # "OK" and the length of the bytes that follow


def can_fork() -> bool:
    """Whether children are forked here (not on Windows, not on macOS)."""
    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def hold_interrupts() -> bool:
    """Block SIGINT in this (main) thread; whether it was done (POSIX, main thread only)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        return False
    return signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def release_interrupts(held: bool) -> None:
    if held:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def child_started(parent: int, held: bool) -> None:
    """First thing a child does: Ctrl+C is the parent's business, and the child dies with its
    parent (SIGKILL on the parent's death, asked of the kernel). The child was forked with
    SIGINT blocked (`held`): it ignores it before letting it through."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    release_interrupts(held)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


class Forked:
    """`make()` — a function returning bytes — running in a forked child from now on, its
    bytes collected by `result()`.

    The child is this process's copy at the moment of the fork, so `make` may use anything
    in memory; only its bytes travel back, through a pipe. Should the child fail in any way
    (an exception, killed, bytes cut short), `result()` calls `make()` in this process, so a
    failure is raised here exactly as it would have been without a child. Without `fork`
    (`can_fork`), or with `enabled` false, `result()` simply calls `make()`.
    """

    def __init__(self, make: Callable[[], bytes], *, enabled: bool = True) -> None:
        self._make = make
        self._pid: int | None = None
        self._fd: int | None = None
        if enabled and can_fork():
            self._start()

    @property
    def forked(self) -> bool:
        """Whether a child is making the bytes."""
        return self._pid is not None

    def _start(self) -> None:
        parent = os.getpid()
        read_end, write_end = os.pipe()
        held = hold_interrupts()
        try:
            pid = os.fork()
        except OSError:  # no memory or too many processes for a child: made here instead
            os.close(read_end)
            os.close(write_end)
            release_interrupts(held)
            return
        if pid == 0:
            os.close(read_end)
            self._child(parent, held, write_end)  # never returns
        os.close(write_end)
        self._pid, self._fd = pid, read_end
        try:
            release_interrupts(held)
        except BaseException:  # the Ctrl+C that waited: the child goes, then the interrupt
            self.cancel()
            raise

    def _child(self, parent: int, held: bool, write_end: int) -> None:
        code = 1
        try:
            child_started(parent, held)
            data = self._make()
            with os.fdopen(write_end, "wb") as out:
                out.write(_OK + len(data).to_bytes(8, "big"))
                out.write(data)
            code = 0
        except BaseException:  # noqa: S110 - the parent makes the bytes again and sees why
            pass
        finally:
            os._exit(code)  # never the parent's clean-up: no atexit, no buffers flushed twice

    def result(self) -> bytes:
        """The bytes of `make()`: the child's, or made here when there is no child or it failed."""
        if self._pid is None:
            return self._make()
        try:
            data = self._receive()
        except BaseException:  # Ctrl+C while waiting: the child stops now
            self.cancel()
            raise
        return self._make() if data is None else data

    def _receive(self) -> bytes | None:
        assert self._pid is not None and self._fd is not None
        with os.fdopen(self._fd, "rb") as pipe:
            self._fd = None
            raw = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        complete = (
            raw[: len(_OK)] == _OK and int.from_bytes(raw[len(_OK) : _HEADER], "big") == len(raw) - _HEADER
        )
        return raw[_HEADER:] if status == 0 and complete else None

    def cancel(self) -> None:
        """Stop the child, if there is one (the bytes are not wanted any more)."""
        pid, self._pid = self._pid, None
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


class SharedTurns:
    """The numbers 0 … `count` − 1, each taken once by whichever of this process and a child
    forked after it asks first (`take`): two processes share a list of jobs of unequal cost,
    each taking the next when done with its last, and finish together whatever the costs.

    The numbers wait in a pipe made before the fork, two bytes each, written at once with the
    writing end then closed: a read of two bytes takes one number whole, and an empty pipe is
    the end. Nothing is locked, and a child that dies takes with it only the numbers it had
    taken: the caller does those again (as `Forked.result` makes a failed child's bytes here).
    At most `MAX_TURNS`, which any pipe holds before it is read (POSIX: one page at least)."""

    MAX_TURNS = 2048

    def __init__(self, count: int) -> None:
        if not 0 <= count <= self.MAX_TURNS:
            raise ValueError(f"count must be 0 to {self.MAX_TURNS}")
        read_end, write_end = os.pipe()
        try:
            os.write(write_end, b"".join(i.to_bytes(2, "big") for i in range(count)))
        except BaseException:
            os.close(read_end)
            raise
        finally:
            os.close(write_end)
        self._fd: int | None = read_end

    def take(self) -> int | None:
        """The next number no process has taken, or None when all have been."""
        if self._fd is None:
            return None
        raw = os.read(self._fd, 2)
        return int.from_bytes(raw, "big") if len(raw) == 2 else None

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)
