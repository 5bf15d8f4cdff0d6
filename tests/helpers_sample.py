"""Small sets of generated organisations for the tests of the shared sample generator."""

from __future__ import annotations

import random

from toolkit.core import vocab
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
