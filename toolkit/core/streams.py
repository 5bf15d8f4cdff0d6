"""The process's standard streams as the command line uses them: a reader of stdout or stderr
that has gone costs nothing but the text it would have read, and which streams the process
was started without is remembered.

A clerk who pipes a command into `more` and quits it with q, or a script that reads the first
line (`| findstr …`, `| head -1`), closes the reader while the command still prints. Python
then raises `BrokenPipeError` at the next line printed, wherever that is: `validate` prints its
list of issues before it publishes its outputs, so the JSON report and the feedback files for
the chi bộ were never written, and click turned the error into exit code 1, "problems found in
the data" (hunt122 F3). So the streams are wrapped (`guard_stream`): once the reader is gone,
the stream's descriptor is made the null device, the text goes nowhere, and the command goes on
to write its files and end with its own exit code. Only a reader that has gone is forgiven: a
stdout that cannot be written for another reason (a full disk) is still an error, which the
command reports where it prints what was asked for on stdout (`--json -`).

Loaded before the command line (`toolkit.__main__`): the standard library alone.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from typing import Any

# The standard streams the process was started without (`pythonw.exe`, a launcher without a
# console, `>&-`): `toolkit.__main__.usable_streams` puts the null device in their place, and a
# command asked to print its result on one of them refuses before it writes anything.
_MISSING: set[str] = set()


def note_missing(name: str) -> None:
    """Remember that the process was started without the stream `name` ("stdout", …)."""
    _MISSING.add(name)


def missing(name: str) -> bool:
    """Whether the process was started without the stream `name` (`note_missing`)."""
    return name in _MISSING


def reader_gone(exc: BaseException, stream: Any = None) -> bool:
    """Whether `exc`, raised writing to `stream`, says that the reader of a pipe has gone:
    EPIPE (`BrokenPipeError`), or, on Windows, EINVAL on a pipe. There the C runtime turns the
    system's "the pipe is being closed" (ERROR_NO_DATA) into EINVAL, not EPIPE (CPython issue
    79935), and on a pipe nothing else makes a write EINVAL."""
    if not isinstance(exc, OSError):
        return False
    if exc.errno == errno.EPIPE:
        return True
    if sys.platform != "win32" or exc.errno != errno.EINVAL or stream is None:
        return False
    try:
        return stat.S_ISFIFO(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False


class _Gone:
    """What the streams of one descriptor share: whether its reader has gone, and, where the
    descriptor could not be made the null device, the null device to write to instead."""

    def __init__(self) -> None:
        self.gone = False
        self.text: Any = None  # the null device in the stream's place (text and binary)
        self.binary: Any = None

    def to_null(self, stream: Any) -> None:
        """Point the stream's descriptor at the null device (its text then goes nowhere, and so
        does what its buffers still hold), else write to a null device instead."""
        self.gone = True
        try:
            fd = stream.fileno()
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, fd)
            finally:
                os.close(null)
        except (OSError, ValueError, AttributeError):  # no descriptor: the stream is left alone
            self.text = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process's life
            self.binary = open(os.devnull, "wb")  # noqa: SIM115 - for the process's life
            return
        try:
            stream.flush()  # what was held for the reader that left
        except (OSError, ValueError):
            pass


class _GuardedStream:
    """A stream of the process (`sys.stdout`, `sys.stderr`, or their `buffer`) whose writes
    go on after its reader has gone (`guard_stream`). Everything else is the stream's own."""

    def __init__(self, stream: Any, gone: _Gone, *, binary: bool = False) -> None:
        self._stream = stream
        self._gone = gone
        self._binary = binary
        self._buffer: _GuardedStream | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _target(self) -> Any:
        instead = self._gone.binary if self._binary else self._gone.text
        return instead if instead is not None else self._stream

    def write(self, data: Any) -> int:
        try:
            return int(self._target().write(data))
        except OSError as exc:
            if not reader_gone(exc, self._stream):
                raise
            self._gone.to_null(self._stream)
            return len(data)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self._target().flush()
        except OSError as exc:
            if not reader_gone(exc, self._stream):
                raise
            self._gone.to_null(self._stream)

    @property
    def buffer(self) -> Any:
        """The binary stream under a text one, guarded as it is (`write_json` writes bytes);
        one object, whatever the number of times it is asked for."""
        if self._buffer is None:
            self._buffer = _GuardedStream(self._stream.buffer, self._gone, binary=True)
        return self._buffer


def guard_stream(name: str) -> None:
    """Wrap `sys.<name>` so that a reader that has gone never stops the command (see above)."""
    stream = getattr(sys, name)
    if stream is not None and not isinstance(stream, _GuardedStream):
        setattr(sys, name, _GuardedStream(stream, _Gone()))
