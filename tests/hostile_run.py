"""Looking into the outputs of the hostile corpus runs (formulas, texts, leaks) and running the
command line as the clerk would, with bounded memory and time."""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ooxml_hostile import OoxmlPackage

# --------------------------------------------------------------------------------------------
# Inspecting outputs
# --------------------------------------------------------------------------------------------

_F_RE = re.compile(r"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_C_RE = re.compile(r'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → part name of an .xlsx (through workbook.xml and its relationships)."""
    pkg = OoxmlPackage.__new__(OoxmlPackage)
    pkg.parts = {n: zf.read(n) for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")}
    names = re.findall(r'<sheet [^>]*name="([^"]+)"', pkg.text("xl/workbook.xml"))
    from html import unescape

    return {unescape(n): pkg.sheet_part(unescape(n)) for n in names}


def output_formulas(path: Path) -> list[tuple[str, str, str]]:
    """Every formula of every sheet of an .xlsx: (sheet, cell, formula text)."""
    from html import unescape

    found = []
    with zipfile.ZipFile(path) as zf:
        for sheet, part in _sheet_parts(zf).items():
            xml = zf.read(part).decode("utf-8")
            for cell in _C_RE.finditer(xml):
                for f in _F_RE.finditer(cell.group(2) or ""):
                    found.append((sheet, cell.group(1), unescape(f.group(1) or "")))
    return found


def sheet_texts(path: Path) -> dict[str, str]:
    """All text of each sheet of an .xlsx (cell values, with the chart XML under the sheet that
    holds the charts), for leak searches; cached per file content."""
    stat = path.stat()
    return dict(_sheet_texts(str(path), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=8)
def _sheet_texts(path_text: str, mtime_ns: int, size: int) -> dict[str, str]:
    path = Path(path_text)
    from openpyxl import load_workbook as _load

    wb = _load(path, read_only=True, data_only=False)
    out: dict[str, str] = {}
    for ws in wb.worksheets:
        parts = []
        for row in ws.iter_rows(values_only=True):
            parts.extend(str(v) for v in row if v is not None)
        out[ws.title] = "\n".join(parts)
    wb.close()
    with zipfile.ZipFile(path) as zf:
        charts = "\n".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/charts/"))
        drawings = {n for n in zf.namelist() if n.startswith("xl/drawings/")}
        for sheet, part in _sheet_parts(zf).items():
            rels = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
            if rels in zf.namelist() and "drawing" in zf.read(rels).decode() and drawings:
                out[sheet] = out.get(sheet, "") + "\n" + charts
    return out


def leaks(text: str, secrets: Sequence[str]) -> list[str]:
    return [s for s in secrets if s and s in text]


# --------------------------------------------------------------------------------------------
# Running the command line as the clerk would, with bounded memory and time
# --------------------------------------------------------------------------------------------

MEMORY_LIMIT = 2 << 30  # 2 GiB
CLI_TIMEOUT = 300  # a guard against hangs, not a performance assertion


@dataclass
class CliRun:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False


def limit_memory() -> None:
    """preexec_fn of the child: a 2 GiB address space (an inflated bomb would not fit)."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def start_cli(args: Sequence[str], cwd: Path) -> Any:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "PYTHONIOENCODING": "utf-8",
        "OPENBLAS_NUM_THREADS": "1",
        "NO_COLOR": "1",
        "RUST_BACKTRACE": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "toolkit.cli", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=limit_memory,
    )
    proc.ward_args = list(args)  # type: ignore[attr-defined]
    return proc


def finish_cli(proc: Any, timeout: float = CLI_TIMEOUT) -> CliRun:
    import subprocess

    try:
        out, err = proc.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        timed_out = True
    return CliRun(
        proc.ward_args,
        proc.returncode,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        timed_out,
    )
