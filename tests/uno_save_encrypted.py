"""Save a workbook as Excel 97–2003 (.xls) with a password to open, in headless LibreOffice, as
a clerk's Excel "Encrypt with Password" does to an .xls (a BIFF FILEPASS record, RC4).

Run by LibreOffice's own Python (the one with `uno`), not by the test run's:
``python3 uno_save_encrypted.py PROFILE_DIR BOOK.xlsx OUT.xls PASSWORD``. The command line's
`--convert-to 'xls:…EncryptFile…'` writes the file unencrypted; `storeToURL` with a `Password`
encrypts it."""

from __future__ import annotations

import sys
from pathlib import Path

import uno  # type: ignore[import-not-found]
from uno_office import office, prop


def main() -> None:
    profile, book, out, password = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    with office(profile) as (_, desktop):
        url = uno.systemPathToFileUrl(str(book))
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        doc.storeToURL(
            uno.systemPathToFileUrl(str(out)),
            (prop("FilterName", "MS Excel 97"), prop("Password", password), prop("Overwrite", True)),
        )
        doc.close(True)


if __name__ == "__main__":
    main()
