"""`python -m toolkit` and the `ward-stats` command: the command line, started so that Ctrl+C
while Python is still loading it ends as it does later — one Vietnamese line, exit code 130.

Loading the command line (click, the command definitions) takes a moment in which a Ctrl+C
would otherwise end in Python's own traceback; only the standard library and
`toolkit.core.errors` are loaded before that moment is guarded.
"""

from __future__ import annotations

import os
import sys

from toolkit.core.errors import EXIT_INTERRUPTED, INTERRUPTED_MESSAGE


def run() -> None:
    """Load the command line, then run it (`toolkit.cli.run`)."""
    try:
        from toolkit.cli import run as run_command_line
    except KeyboardInterrupt:
        print(INTERRUPTED_MESSAGE, file=sys.stderr, flush=True)
        os._exit(EXIT_INTERRUPTED)
    run_command_line()


if __name__ == "__main__":
    run()
