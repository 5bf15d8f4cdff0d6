"""Small sets of generated organisations for the tests of the shared sample generator, the
cells a correction warning lists, and the commands that read a whole submissions folder."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

from toolkit.core import vocab
from toolkit.core.model import Issue
from toolkit.sample.org import OrgSpec, organisations
from toolkit.sample.rows import OrgRows, Period


def sample_orgs(seed: int, sizes: list[int], period: Period, prefix: str = "S") -> list[OrgRows]:
    """One organisation per size, the sectors taken in turn, people and cards unique across
    them; the same seed gives the same organisations."""
    sectors = vocab.SECTOR.codes
    specs = [
        OrgSpec(f"{prefix}{i:02d}", f"Chi bộ mẫu {prefix} số {i}", sectors[i % len(sectors)], size)
        for i, size in enumerate(sizes, start=1)
    ]
    return organisations(random.Random(seed), period, specs)


_LISTED = re.compile(r"(\d+) ô đã được sửa tự động \(([^)]*)\)")


def is_grouped(issue: Issue) -> bool:
    """True for a correction warning about several cells (its message lists them)."""
    return _LISTED.search(issue.message) is not None


def listed_cells(issue: Issue) -> list[str]:
    """The cells a correction warning covers: the ranges its message lists, or its own cell."""
    m = _LISTED.search(issue.message)
    if m is None:
        assert issue.cell is not None
        return [issue.cell]
    cells = []
    for part in m.group(2).split(", "):
        first, _, last = part.partition("\u2013")
        letter = first.rstrip("0123456789")
        start = int(first[len(letter) :])
        stop = int(last[len(letter) :]) if last else start
        assert not last or (last.startswith(letter) and stop > start), part
        cells += [f"{letter}{r}" for r in range(start, stop + 1)]
    assert len(cells) == int(m.group(1)), issue.message  # the count is that of the cells listed
    return cells


def folder_commands(folder: Path, tmp_path: Path) -> list[Any]:
    """`validate`, `consolidate` and `lists` of `folder` (cut-off 31/03/2026), each a click
    result: what the clerk reads on the console of every command that reads the folder."""
    from click.testing import CliRunner

    from toolkit.cli import main

    args = ["--cutoff", "31/03/2026"]
    return [
        CliRunner().invoke(main, ["validate", str(folder), *args]),
        CliRunner().invoke(
            main, ["consolidate", str(folder), *args, "-o", str(tmp_path / "th.xlsx"), "--no-history"]
        ),
        CliRunner().invoke(main, ["lists", str(folder), *args, "-o", str(tmp_path / "ds.xlsx")]),
    ]
