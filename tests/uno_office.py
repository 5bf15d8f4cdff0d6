"""A headless LibreOffice for the `uno_*.py` scripts, which LibreOffice's own Python runs (the one
with `uno`), not the test run's: started with a profile of its own, connected to over a named
pipe, and stopped afterwards, with the pipe's socket file it leaves in the temporary folder.

``with office(profile) as (ctx, desktop): ...`` where `ctx` is the remote component context and
`desktop` its `com.sun.star.frame.Desktop`. `prop` makes the `PropertyValue` a load or a store
takes."""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


@contextlib.contextmanager
def office(profile: Path) -> Iterator[tuple[Any, Any]]:
    pipe = f"ward_stats_uno_{os.getpid()}"
    process = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(240):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.25)
        else:
            raise SystemExit("LibreOffice did not answer")
        yield ctx, ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    finally:
        process.terminate()
        process.wait(60)
        # LibreOffice leaves its pipe's socket behind (OSL_PIPE_<uid>_<name>): one per run.
        for left in Path(tempfile.gettempdir()).glob(f"OSL_PIPE_*_{pipe}"):
            with contextlib.suppress(OSError):
                left.unlink()
