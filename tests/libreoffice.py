"""LibreOffice (headless) as an outside reader and writer of our files.

It is the one program in the test run that we did not write and that reads and writes
workbooks the way an office does, so tests use it as an oracle. Where it is missing the tests
that need it are skipped, unless ``WARD_STATS_REQUIRE_LIBREOFFICE=1`` (set by `.ci/run`),
in which case they fail: CI must never pass because the oracle was absent.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

REQUIRED = os.environ.get("WARD_STATS_REQUIRE_LIBREOFFICE") == "1"


def soffice() -> str:
    """Path of the soffice binary; skips (or fails, when required) without it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        message = "LibreOffice (soffice) is not installed; .ci/run installs it"
        if REQUIRED:
            pytest.fail(message + " and WARD_STATS_REQUIRE_LIBREOFFICE=1 requires it")
        pytest.skip(message)
    return found


def pdftotext() -> str:
    """Path of poppler's pdftotext, which reads back the PDFs LibreOffice printed; skips (or
    fails, when required) without it. `.ci/run` installs poppler-utils."""
    found = shutil.which("pdftotext")
    if found is None:
        message = "pdftotext (poppler-utils) is not installed; .ci/run installs it"
        if REQUIRED:
            pytest.fail(message + " and WARD_STATS_REQUIRE_LIBREOFFICE=1 requires it")
        pytest.skip(message)
    return found


def uno_python() -> str:
    """A Python that imports LibreOffice's `uno` (the system's, not the test run's); skips (or
    fails, when required) without one. Debian's package is python3-uno."""
    for candidate in dict.fromkeys(p for p in ("/usr/bin/python3", shutil.which("python3")) if p):
        if subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=60).returncode == 0:
            return candidate
    message = "no Python with LibreOffice's uno module (python3-uno); .ci/run installs it"
    if REQUIRED:
        pytest.fail(message + " and WARD_STATS_REQUIRE_LIBREOFFICE=1 requires it")
    pytest.skip(message)


def convert(
    files: Sequence[Path], fmt: str, out_dir: Path, *, timeout: float = 600, infilter: str | None = None
) -> list[Path]:
    """Convert (or re-save, when `fmt` is the files' own format) with LibreOffice headless.

    One soffice process converts all files, with its own profile folder so that it runs beside
    any other LibreOffice. `infilter` sets how the inputs are read (a CSV's separator, encoding
    and language: `CSV:44,34,76,1,,1033` reads it as a computer set to English (US) does).
    Returns the output paths, in the order of `files`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir.parent / f".lo-profile-{out_dir.name}"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            fmt,
            "--outdir",
            str(out_dir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    extension = fmt.split(":", 1)[0]
    outputs = [out_dir / f"{Path(f).stem}.{extension}" for f in files]
    missing = [p.name for p in outputs if not p.exists()]
    assert not missing, f"LibreOffice wrote no {missing}"
    return outputs


def pdf_pages(pdf: Path) -> list[str]:
    """Each page's text of a PDF LibreOffice printed (poppler's pdftotext, its layout kept; a
    chart's part clipped at a page's foot is extracted too); skips (or fails, when required)
    without poppler-utils, which `.ci/run` installs with LibreOffice."""
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        message = "pdftotext/pdfinfo (poppler-utils) are not installed; .ci/run installs them"
        if REQUIRED:
            pytest.fail(message + " and WARD_STATS_REQUIRE_LIBREOFFICE=1 requires them")
        pytest.skip(message)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    return [
        subprocess.run(
            ["pdftotext", "-f", str(i), "-l", str(i), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for i in range(1, count + 1)
    ]
