"""Normalised keys that say when two rows name the same person or the same card.

Names compare by `vocab.person_name_key` (NFC, casefolded, spaces collapsed, the tone of
"oa", "oe", "uy" on one vowel whichever way it was typed); a name without a single letter (a
number typed as a name, 12.5, or signs, "(31)": `*.name_without_letters`, an error of its own)
has no key, as an empty cell has, so it meets no one and no advice follows it; card numbers
compare without spaces, dots and hyphens. Each key is computed once per distinct value: a
ward's names and cards repeat across the members and events sheets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from toolkit.core.vocab import person_name_key

# What `card_key` drops: every character `re`'s \s matches (str.isspace, all below U+3001),
# dots and hyphens.
_CARD_DROP = {c: None for c in range(0x3001) if chr(c).isspace()} | {ord("."): None, ord("-"): None}


def _person_key(name: Any) -> str | None:
    """`vocab.person_name_key` of a name that has a letter; None for one that has none (by
    `str.isalpha`, as `names` says `*.name_without_letters`)."""
    text = str(name)
    return person_name_key(text) if any(map(str.isalpha, text)) else None


def _keys_of_distinct(values: pd.Series, key: Callable[[Any], str | None]) -> pd.Series:
    """`key` of every non-missing value (None where missing), computed once per distinct value."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    keys = np.array([None, *(key(v) for v in uniques)], dtype=object)
    return pd.Series(keys[codes + 1], index=values.index, dtype=object, copy=False)


def name_key(names: pd.Series) -> pd.Series:
    """Normalised name for duplicate detection, `vocab.person_name_key` (None where missing or
    without a letter)."""
    return _keys_of_distinct(names, _person_key)


def name_key_parts(names: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """`name_key`, with how it was made: each row's code (-1 where missing or without a letter)
    into the distinct keys of the distinct names (`pd.factorize` of the names, then one key
    each, None for a name without a letter, which no code points at). Callers number keys
    across frames from those few distinct keys, never from every row's text."""
    codes, uniques = pd.factorize(names.to_numpy(dtype=object))
    distinct = np.array([_person_key(v) for v in uniques], dtype=object)
    keyed = np.array([k is not None for k in distinct], dtype=bool)
    if not keyed.all():
        codes = np.where((codes >= 0) & keyed[np.maximum(codes, 0)], codes, -1)
    keys = np.concatenate([np.array([None], dtype=object), distinct])
    return pd.Series(keys[codes + 1], index=names.index, dtype=object, copy=False), codes, distinct


def _one_card_key(value: Any) -> str:
    text = str(value)
    # Letters and digits only (nearly every card typed): nothing to drop, and the translation
    # table's per-character look-ups (a third of a second over a province's cards) are skipped.
    return text.casefold() if text.isalnum() else text.translate(_CARD_DROP).casefold()


def card_key(cards: pd.Series) -> pd.Series:
    """Normalised card number: no spaces, dots or hyphens, casefolded (None where missing)."""
    return _keys_of_distinct(cards, _one_card_key)
