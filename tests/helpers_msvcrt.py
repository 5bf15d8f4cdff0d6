"""A stand-in for Windows' `msvcrt` module on Linux, to run the Windows branch of the commit lock
(`toolkit.outputs.publish.msvcrt_lock_folder`) here.

`locking` takes real byte-range locks with `fcntl.lockf` on the same descriptor, from the
file's position as the C runtime's `_locking` does, so two processes exclude each other as
they do on Windows: `LK_NBLCK` raises OSError(EACCES) while another process holds the bytes
(the C runtime's error for ERROR_LOCK_VIOLATION), `LK_LOCK` tries ten times a second apart
and then raises OSError(EDEADLOCK), `LK_UNLCK` releases them.

Unlike Windows, POSIX record locks belong to the process (two descriptors of one process do
not exclude each other, and closing either releases both), and a file another process has
open can be removed; the tests take one descriptor per process. The module imports `fcntl`
itself, so a process may hide `fcntl` afterwards (`sys.modules["fcntl"] = None`), as on
Windows, and still use this stand-in.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path
from types import ModuleType

# msvcrt's values (the C runtime's sys/locking.h).
LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = 0, 1, 2, 3, 4


def fake_msvcrt(waiting: Path | None = None) -> ModuleType:
    """A module named `msvcrt` with `locking` and the LK_* values; `waiting`, when given, is
    touched each time a lock is refused because another process holds it. Its `calls` list
    the (mode, file position, number of bytes) of each call."""
    module = ModuleType("msvcrt")
    calls: list[tuple[int, int, int]] = []

    def locking(fd: int, mode: int, nbytes: int, /) -> None:
        start = os.lseek(fd, 0, os.SEEK_CUR)
        calls.append((mode, start, nbytes))
        if mode == LK_UNLCK:
            fcntl.lockf(fd, fcntl.LOCK_UN, nbytes, start, os.SEEK_SET)
            return
        tries = 10 if mode in (LK_LOCK, LK_RLCK) else 1
        for attempt in range(tries):
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, nbytes, start, os.SEEK_SET)
                return
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EAGAIN):
                    raise
            if waiting is not None:
                waiting.touch()
            if attempt + 1 < tries:
                time.sleep(1)
        if tries > 1:
            raise OSError(errno.EDEADLOCK, "Resource deadlock avoided")
        raise PermissionError(errno.EACCES, "Permission denied")

    module.__dict__.update(
        LK_UNLCK=LK_UNLCK, LK_LOCK=LK_LOCK, LK_NBLCK=LK_NBLCK, LK_RLCK=LK_RLCK, LK_NBRLCK=LK_NBRLCK
    )
    module.__dict__.update(locking=locking, calls=calls)
    return module
