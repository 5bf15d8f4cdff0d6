"""Read the VBA module sources back out of an .xlsm (no Excel, no third-party OLE library).

`ward-stats doctor` needs the version of the xlwings VBA module a workbook embeds, to compare
it with the installed xlwings: the `.xlsm` from the bundle, or a standalone workbook a clerk
put together by hand. `toolkit.excel.ovba` writes the project; this module is its reader:
the [MS-OVBA] module streams of the compound file (`toolkit.excel.cfb`), decompressed from
the offsets recorded in the `dir` stream.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from toolkit.excel import ovba
from toolkit.excel.cfb import read_compound_file


def vba_sources(xlsm: Path) -> dict[str, str]:
    """The source of every module of the workbook's VBA project (empty when it has none)."""
    with zipfile.ZipFile(xlsm) as z:
        names = [n for n in z.namelist() if n.lower().endswith("vbaproject.bin")]
        if not names:
            return {}
        streams = read_compound_file(z.read(names[0]))
    storage = next((p.rsplit("/", 1)[0] for p in streams if p.rsplit("/", 1)[-1] == "dir"), "VBA")
    info = ovba.parse_dir_stream(ovba.decompress(streams[f"{storage}/dir"]))
    encoding = f"cp{info.code_page}" if info.code_page else "cp1252"
    sources: dict[str, str] = {}
    for module in info.modules:
        data = streams.get(f"{storage}/{module.stream_name}")
        if data is None:
            continue
        sources[module.name] = ovba.decompress(data[module.offset :]).decode(encoding, "replace")
    return sources


_VERSION_LINE = re.compile(r"^'Version:\s*(\S+)\s*$", re.MULTILINE)


def xlwings_module_version(source: str) -> str | None:
    """The `'Version: x.y.z` line xlwings writes at the top of its VBA module."""
    match = _VERSION_LINE.search(source)
    return match.group(1) if match else None


def embedded_xlwings_version(xlsm: Path) -> str | None:
    """Version of the xlwings VBA module inside `xlsm`, None when the workbook has none."""
    for name, source in vba_sources(xlsm).items():
        if name.lower() == "xlwings":
            return xlwings_module_version(source)
    return None
