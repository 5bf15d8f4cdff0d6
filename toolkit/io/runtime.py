"""Speed tricks of reading and writing that change nothing in what is read or written.

`gc_paused` keeps cyclic garbage collection out of the way while workbooks are read (and
while the outputs are made, `toolkit.outputs.publish`), and
`collect_paused` frees, between two files of a long loop, the reference cycles the last one
left while collection is paused for a whole command or button press, and
`InBackground` runs one call in a thread, so that calamine (which releases the GIL) parses a
large sheet while the reader scans that sheet's XML.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a workbook is read.

    Reading makes millions of objects and no reference cycles: calamine's rows are one list
    per row, and each batch of new lists started a collection that walked everything read so
    far (about 2 s of 10 for a 500,000-row sheet). Collection resumes afterwards.
    Consolidation pauses collection for its whole run for the same reason, and so does the
    making of the outputs: XlsxWriter keeps every cell as a tuple, and a `Kiểm tra` sheet of
    18,000 rows (1,000 files typed carelessly) spent 0.7 s of 3.1 s in the collector.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def collect_paused() -> None:
    """With collection paused (a command of the command line, a button's press, a heavy
    stage), the reference cycles made since the last call freed, walking only what was made
    since then: call it between two files of a loop over many. Each file's workbook objects
    (openpyxl's cells point at their sheet, its sheet at the workbook, and back) are cycles no
    reference count frees: `upgrade` of 576 files peaked at 844 MB, 276 MB with a call
    between files, for the same CPU time (review400). With collection running, nothing: it
    frees them itself.

    A paused collector still files every new object in the youngest generation, so a
    collection of the two young generations walks what was made since the last one (once, the
    first time, everything loaded before) and moves what lives on to the oldest, never
    walked again here: a cost in step with the work just done, not with all made so far."""
    if not gc.isenabled():
        gc.collect(1)


class InBackground:
    """`fn(*args)` in a thread; `result()` returns its value or raises what it raised."""

    def __init__(self, fn: Any, *args: Any) -> None:
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, args), daemon=True)
        self._thread.start()

    def _run(self, fn: Any, args: tuple[Any, ...]) -> None:
        try:
            self._value = fn(*args)
        except BaseException as exc:  # noqa: B036 - handed to the caller, like calamine's panics
            self._error = exc

    def wait(self) -> None:
        self._thread.join()

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value
