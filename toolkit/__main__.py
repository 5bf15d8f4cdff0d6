"""`python -m toolkit` and the `ward-stats` command: the command line, started so that Ctrl+C
while Python is still loading it ends as it does later — one Vietnamese line, exit code 130.

Loading the command line (click, the command definitions) takes a moment in which a Ctrl+C
would otherwise end in Python's own traceback; only the standard library and
`toolkit.core.errors` are loaded before that moment is guarded. From then on every Ctrl+C is
remembered (`watch_ctrl_c`), so that one a library turned into an error of its own while it
loaded still ends as a Ctrl+C.
"""

from __future__ import annotations

import os
import sys

from toolkit.core.errors import EXIT_INTERRUPTED, INTERRUPTED_MESSAGE, ctrl_c_pressed, watch_ctrl_c


def run() -> None:
    """Load the command line, then run it (`toolkit.cli.run`)."""
    watch_ctrl_c()
    try:
        from toolkit.cli import run as run_command_line
    except BaseException as exc:  # a Ctrl+C, or what a library made of it while loading
        if not (isinstance(exc, KeyboardInterrupt) or ctrl_c_pressed()):
            raise
        print(INTERRUPTED_MESSAGE, file=sys.stderr, flush=True)
        os._exit(EXIT_INTERRUPTED)
    run_command_line()


if __name__ == "__main__":
    run()
