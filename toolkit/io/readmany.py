"""Reading many submissions, on every core when that pays.

Reading is nearly all of a consolidation's time for a large batch and every file is
independent, so batches of `PARALLEL_MIN_FILES` or more are read by a pool of worker
processes (one per core). Workers are forked, so they start instantly with the reader
already imported (the commands fork them before pandas loads: nothing the reader runs needs
it, see `toolkit.core.sheetcolumns`); where `fork` is not available (Windows, where the
Excel buttons run) or unsafe (macOS), files are read one after another in this process — a
ward's 70 files take about a second that way. ``WARD_STATS_WORKERS=1`` forces sequential
reading; since the same count decides whether validation and the workbook use a second
process (`toolkit.io.forked`), it makes the whole run one process.

The results are exactly those of `read_submission` in file order. Should a worker process
die (killed, out of memory), the files it had not returned are read again here, one by one,
so a run never hangs on a lost worker.

Workers never outlive the run: they ignore Ctrl+C (the parent alone handles it, once, and
stops them), and the kernel kills them when their parent dies, however it dies (Linux's
parent-death signal), so a killed run leaves no process blocked on its queue.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

from toolkit.core.errors import NoSubmissionsError
from toolkit.core.model import Submission
from toolkit.core.rules import is_button_run, worker_of_button_run
from toolkit.io.forked import can_fork, child_started, hold_interrupts, release_interrupts
from toolkit.io.reader import read_submission

PARALLEL_MIN_FILES = 24
MAX_WORKERS = 8


def worker_count(files: int) -> int:
    """How many processes read a batch of `files` files (1 = in this process)."""
    setting = os.environ.get("WARD_STATS_WORKERS", "").strip()
    if setting.isdigit() and int(setting) >= 1:
        wanted = int(setting)
    else:
        if files < PARALLEL_MIN_FILES:
            return 1
        try:
            wanted = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            wanted = os.cpu_count() or 1
        wanted = min(wanted, MAX_WORKERS)
    if not can_fork():
        return 1
    return max(1, min(wanted, files))


def _reader_started(parent: int, held: bool, button: bool) -> None:
    """A reading worker's start (`child_started`), its issues worded as the run's that started
    it (a button's: `rules.button_run`, fix397)."""
    child_started(parent, held)
    worker_of_button_run(button)


class Reading:
    """Files being read: started at once (in worker processes when that pays), collected with
    `results`. The caller can do other work — import what comes next — in the meantime."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = list(paths)
        self.workers = worker_count(len(self.paths))
        self._pool: ProcessPoolExecutor | None = None
        self._pending: Iterator[Submission] | None = None
        if self.workers > 1:
            # Small chunks keep every core busy to the end and the progress bar moving.
            chunk = max(1, min(16, len(self.paths) // (self.workers * 8)))
            # Ctrl+C waits while the workers are forked: a worker interrupted before its
            # initializer ignores SIGINT would print a traceback of its own.
            held = hold_interrupts()
            try:
                self._pool = ProcessPoolExecutor(
                    self.workers,
                    mp_context=multiprocessing.get_context("fork"),
                    initializer=_reader_started,
                    initargs=(os.getpid(), held, is_button_run()),
                )
                self._pending = self._pool.map(read_submission, self.paths, chunksize=chunk)
            except _POOL_ERRORS:
                self.close()
            finally:
                try:
                    release_interrupts(held)
                except BaseException:  # the Ctrl+C that waited: stop the workers, then go
                    self.close(wait=False, stop=True)
                    raise

    def results(
        self, progress: Callable[[Path], None] | None = None, *, inputs: Sequence[Path] | None = None
    ) -> list[Submission]:
        """`read_submission` of every path, in order; `progress(path)` as each one is done.

        A consolidated workbook of ward-stats among them (the result is written into the
        folder of submissions by default) is no submission and is left out. With `inputs` (the
        folders or files the paths were found in), files that are all ward-stats' own (the
        blank template, results, lists) are `NoSubmissionsError` naming them, as no file is
        (`reading_of`): an empty result would look like a success."""
        done: list[Submission] = []
        try:
            if self._pending is not None:
                try:
                    for path, sub in zip(self.paths, self._pending, strict=False):
                        done.append(sub)
                        if progress is not None:
                            progress(path)
                except _POOL_ERRORS:
                    pass  # a lost worker or a result that cannot travel: the rest is read here
        except BaseException:  # Ctrl+C: the workers stop now, not after their current file
            self.close(wait=False, stop=True)
            raise
        finally:
            # Every result is in: the idle workers exit on their own (waiting for them to be
            # joined costs a tenth of a second).
            self.close(wait=len(done) < len(self.paths))
        for path in self.paths[len(done) :]:
            if progress is not None:
                progress(path)
            done.append(read_submission(path))
        read = [s for s in done if not s.own_output]
        if inputs is not None and done and not read:
            from toolkit.io.discover import unread_entries

            unread = [issue.message for issue in unread_entries([Path(p) for p in inputs])]
            raise NoSubmissionsError.only_own(inputs, [s.path for s in done], unread)
        return read

    def close(self, *, wait: bool = True, stop: bool = False) -> None:
        """Let the workers go; `stop` kills them first (an interrupted run)."""
        pool, self._pool, self._pending = self._pool, None, None
        if pool is None:
            return
        if stop:
            processes = list((getattr(pool, "_processes", None) or {}).values())
            for process in processes:
                process.kill()
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.join(timeout=5)
            return
        pool.shutdown(wait=wait, cancel_futures=True)


_POOL_ERRORS = (BrokenProcessPool, OSError, pickle.PicklingError, AttributeError, TypeError)


def start_reading(paths: Sequence[Path]) -> Reading:
    return Reading(paths)


def reading_of(inputs: Sequence[Path], reading: Reading | None) -> Reading:
    """`reading` when the caller has started it, else the reading of the files found in
    `inputs`, started now. `NoSubmissionsError` when there is no file (most likely the wrong
    folder: an empty result would look like a success)."""
    from toolkit.io.discover import discover, unread_entries

    if reading is None:
        files = discover([Path(p) for p in inputs])
        reading = Reading(files) if files else None
    if reading is None or not reading.paths:
        if reading is not None:
            reading.close()
        unread = [issue.message for issue in unread_entries([Path(p) for p in inputs])]
        raise NoSubmissionsError.in_inputs(inputs, unread)
    return reading


@contextmanager
def stopped_on_failure(reading: Reading | None) -> Iterator[None]:
    """Stop `reading`'s workers should the block fail (Ctrl+C included): a command that starts
    the reading before it has checked its settings and outputs hands the reading over only
    when they are right."""
    try:
        yield
    except BaseException:
        if reading is not None:
            reading.close(wait=False, stop=True)
        raise


def read_all(paths: Sequence[Path], *, progress: Callable[[Path], None] | None = None) -> list[Submission]:
    """`read_submission` of every path, in order; `progress(path)` as each one is done."""
    return Reading(paths).results(progress)
