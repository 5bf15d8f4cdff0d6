"""`python -m toolkit` and the `ward-stats` command: the command line, started so that Ctrl+C
while Python is still loading it ends as it does later — one Vietnamese line, exit code 130 —
and a broken installation ends as it does for the buttons.

Loading the command line (click, the command definitions) takes a moment in which a Ctrl+C
would otherwise end in Python's own traceback; only the standard library and
`toolkit.core.errors` are loaded before that moment is guarded. From then on every Ctrl+C is
remembered (`watch_ctrl_c`), so that one a library turned into an error of its own while it
loaded still ends as a Ctrl+C. A module that cannot be loaded (click missing, a file of the
toolkit deleted, a DLL quarantined) is a missing or damaged installation: the Vietnamese line
the buttons show (`broken_install_message`: run cai_dat.cmd again), exit code 2, printed with
the standard library alone since click may be what is missing; one that could not be loaded for
want of memory (a `MemoryError`, or "failed to map segment") says that the computer ran out of
memory instead (hunt122 F7). So does any other error while it loads (h205: a file cut short or
full of NUL bytes, a damaged .pyc printed Python's traceback), naming its type and where, never
its text (`errors.load_cause`); `toolkit.core.errors` and `toolkit.core.streams`, loaded before
that guard, are guarded on their own (`_damaged`).

Its output streams are made to take Vietnamese first (`usable_streams`): Python on Windows
writes output redirected to a file (`ward-stats … > ketqua.txt`) in the ANSI code page, which
cannot encode most Vietnamese letters, so the first line printed after the outputs were written
failed; and `pythonw.exe`, or a parent without a console, gives no streams at all. A reader
of stdout or stderr that goes away (`| more` quit with q) never stops the command: what it would
have read goes to the null device, and the command writes its files and keeps its exit code
(`toolkit.core.streams`).
"""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn

EXIT_BROKEN = 2  # toolkit.cli.EXIT_FAILURE, which may be what could not be loaded


def _damaged(exc: Exception) -> NoReturn:
    """`toolkit.core.errors` or `toolkit.core.streams`, loaded before the guard of `run`, is
    damaged (h205: a file cut short printed Python's traceback): the buttons' last net says so
    with the standard library alone (`failsafe.failure_message`), else a line that names the
    error's type; exit code 2."""
    try:
        from toolkit.excel.failsafe import failure_message

        message = failure_message(exc)
    except Exception:  # noqa: BLE001 - the net itself damaged: its words, plainly
        message = (
            f"Bộ cài đặt ward-stats bị thiếu hoặc hỏng ({type(exc).__name__}). Hãy chạy lại "
            "cai_dat.cmd của bộ cài đặt; nếu vẫn lỗi, gửi thông báo này cho người hỗ trợ kỹ thuật."
        )
    if sys.stderr is not None:
        try:
            sys.stderr.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass
        try:
            print(f"Lỗi: {message}", file=sys.stderr, flush=True)
        except (OSError, ValueError):  # no reader left: the exit code says it
            pass
    os._exit(EXIT_BROKEN)


try:
    from toolkit.core.errors import (
        EXIT_INTERRUPTED,
        INTERRUPTED_MESSAGE,
        broken_install_message,
        ctrl_c_pressed,
        watch_ctrl_c,
    )
    from toolkit.core.streams import guard_stream, note_missing
except Exception as _exc:  # noqa: BLE001 - a damaged file of the toolkit: never a traceback
    _damaged(_exc)


def usable_streams() -> None:
    """stdout and stderr that can print any Vietnamese text: a stream in another encoding than
    UTF-8 (a file or pipe on Windows, in the ANSI code page; a POSIX locale of ASCII) is
    switched to UTF-8, and a missing one (`pythonw.exe`) is the null device. Both are guarded
    (`guard_stream`): a reader that has gone makes them the null device, not an error. A
    missing stdin is the null device too, so a question (`history list --ask`) reads the end of
    the input, as with nothing typed, not Python's "lost sys.stdin". Which were missing is
    remembered (`note_missing`): `--json -` refuses a stdout that is none, and `--ask` says that
    it needs a console window."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            note_missing(name)
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - for the process's life
            continue
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8":
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (AttributeError, ValueError, OSError):  # not a text stream of io: left as it is
                pass
        guard_stream(name)
    if sys.stdin is None:
        note_missing("stdin")
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - for the process's life


def run() -> None:
    """Load the command line, then run it (`toolkit.cli.run`), without cyclic garbage
    collection: loading pandas, pandera and the toolkit makes hundreds of thousands of objects
    and no garbage to speak of, and each batch of them started a collection that walked all
    made so far (a tenth of a ward's run). The heavy parts of a run (reading, consolidation,
    the outputs) pause it anyway (`toolkit.io.runtime.gc_paused`); a command's process ends
    with it, and collection is back should `run` return to a caller."""
    usable_streams()
    watch_ctrl_c()
    gc.disable()
    try:
        _run()
    finally:
        gc.enable()


def _run() -> None:
    try:
        from toolkit.cli import run as run_command_line
    except BaseException as exc:  # a Ctrl+C, what a library made of it, or a broken installation
        if isinstance(exc, KeyboardInterrupt) or ctrl_c_pressed():
            print(INTERRUPTED_MESSAGE, file=sys.stderr, flush=True)
            os._exit(EXIT_INTERRUPTED)
        if not isinstance(exc, Exception):  # an exit: no failure
            raise
        # Anything else is a missing or damaged installation: a module not there, a file cut
        # short or full of NUL bytes, a damaged .pyc (`errors.load_failed`, h205), or for want
        # of memory (`broken_install_message` says which).
        print(f"Lỗi: {broken_install_message(exc)}", file=sys.stderr, flush=True)
        os._exit(EXIT_BROKEN)
    run_command_line()


if __name__ == "__main__":
    run()
