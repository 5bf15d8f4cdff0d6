"""Random draws shared by the sample generators: a weighted choice and the split of a total."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def weighted(rng: random.Random, pairs: Sequence[tuple[T, float]]) -> T:
    """One value of `(value, weight)` pairs, drawn in proportion to the weights."""
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Integers proportional to `weights` summing to `total` (largest remainder)."""
    wsum = sum(weights)
    quotas = [total * w / wsum for w in weights]
    counts = [math.floor(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts
