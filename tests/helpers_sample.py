"""Small sets of generated organisations for the tests of the shared sample generator, the
cells a correction warning lists, and the commands that read a whole submissions folder."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
import unicodedata
from pathlib import Path
from typing import Any

from toolkit.core import vocab
from toolkit.core.model import Issue
from toolkit.sample.org import OrgSpec, organisations
from toolkit.sample.rows import OrgRows, Period, event_row, number_rows


def sample_orgs(seed: int, sizes: list[int], period: Period, prefix: str = "S") -> list[OrgRows]:
    """One organisation per size, the sectors taken in turn, people and cards unique across
    them; the same seed gives the same organisations."""
    sectors = vocab.SECTOR.codes
    specs = [
        OrgSpec(f"{prefix}{i:02d}", f"Chi bộ mẫu {prefix} số {i}", sectors[i % len(sectors)], size)
        for i, size in enumerate(sizes, start=1)
    ]
    return organisations(random.Random(seed), period, specs)


def written_folder(
    folder: Path, seed: int, sizes: list[int], period: Period, prefix: str = "S"
) -> list[OrgRows]:
    """`sample_orgs`, each written to `folder` (made) as `<code>.xlsx`, as a ward's folder of
    submissions."""
    folder.mkdir(parents=True)
    orgs = sample_orgs(seed, sizes, period, prefix)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    return orgs


# A tone mark and another it may be swapped for in any syllable it is written on (acute and dot
# below are the only two on a syllable ending in p, t, c, ch).
_OTHER_TONE = {
    "\u0301": "\u0323",
    "\u0323": "\u0301",
    "\u0300": "\u0309",
    "\u0309": "\u0300",
    "\u0303": "\u0309",
}


def other_tone(name: str) -> str | None:
    """`name` with the tone of its last syllable that has one changed (“Trần Bá Luân” → “Trần
    Bạ Luân”), None when no syllable has one: another valid name, one without accents with it,
    neither's marks within the other's (two people's, twins maybe: a pair warned of, never
    matched as one person, hunt78)."""
    letters = unicodedata.normalize("NFD", name)
    at = max((i for i, c in enumerate(letters) if c in _OTHER_TONE), default=None)
    if at is None:
        return None
    return unicodedata.normalize("NFC", letters[:at] + _OTHER_TONE[letters[at]] + letters[at + 1 :])


def with_other_tone_death(org: OrgRows, on: dt.date = dt.date(2026, 2, 15)) -> OrgRows:
    """`org` with a death (on `on`) of someone of a member's birth date whose name is the
    member's with another tone (`other_tone`: Phục beside Phúc, two names), the member on the
    roll: a pair of names equal without accents, warned of and counted in `name_accent_pairs`,
    the file consolidated. Not a death typed with fewer marks than the member's name: that one
    is matched to the member (hunt78 #1), still on the roll (`event.left_still_on_roll_accents`)."""
    member = next(m for m in org.members if other_tone(m["full_name"]))
    died = event_row(
        full_name=other_tone(member["full_name"]),
        birth_date=member["birth_date"],
        event_type="died",
        event_date=on,
    )
    return dataclasses.replace(org, events=number_rows([*(dict(e) for e in org.events), died]))


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


def ward_summary(tmp: Path, name: str, orgs: list[OrgRows], period: Period) -> Path:
    """Ward `name`'s JSON summary (beside its workbook) from its organisations' files, by the
    real pipeline over `period`, for the roll-up's tests."""
    from toolkit.core.model import Registry
    from toolkit.outputs.publish import write_outputs
    from toolkit.pipeline import consolidate

    folder = tmp / name.replace(" ", "_")
    folder.mkdir(parents=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    registry = Registry([o.organisation for o in orgs])
    result = consolidate(
        [folder], cutoff=period.cutoff, since=period.start, registry=registry, ward_name=name
    )
    doc = tmp / f"{folder.name}.json"
    write_outputs(result, doc.with_suffix(".xlsx"), doc)
    return doc


def cli_output(*args: Any) -> str:
    """The output of the command line `args`, which ended with exit code 0 or 1."""
    from click.testing import CliRunner

    from toolkit.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    return result.output
