"""Save a workbook as Excel 97–2003 (.xls) with a password to open, in headless LibreOffice, as
a clerk's Excel "Encrypt with Password" does to an .xls (a BIFF FILEPASS record, RC4).

Run by LibreOffice's own Python (the one with `uno`), not by the test run's:
``python3 uno_save_encrypted.py PROFILE_DIR BOOK.xlsx OUT.xls PASSWORD``. The command line's
`--convert-to 'xls:…EncryptFile…'` writes the file unencrypted; `storeToURL` with a `Password`
encrypts it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main() -> None:
    profile, book, out, password = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    pipe = f"ward_stats_uno_{os.getpid()}"
    office = subprocess.Popen(
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
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        url = uno.systemPathToFileUrl(str(book))
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (_prop("Hidden", True),))
        doc.storeToURL(
            uno.systemPathToFileUrl(str(out)),
            (_prop("FilterName", "MS Excel 97"), _prop("Password", password), _prop("Overwrite", True)),
        )
        doc.close(True)
    finally:
        office.terminate()
        office.wait(60)


if __name__ == "__main__":
    main()
