"""Members typed twice, with marks left out or mistyped: one rule for the validation warning
`member.name_without_accents` and the work lists' red rows.

Two rows of one birth date whose name keys (`vocab.person_name_key`) differ but are one without
accents (`vocab.accentless_key`: "Nguyen Hai Sang" and "Nguyễn Hải Sang", "Hoàng Văn Dung" and
"Hoang Văn Dũng", but also Thủy and Thụy, Hoa and Hòa) may be one person counted twice, or two
(twins): the warning says both spellings and lets the office tell (hunt78 #2 #5; no rule of
marks can, hunt74). Rows are compared in a file, and across files of
different organisations: files of one organisation are one submission sent more than once
(`org.duplicate_file`), not compared, nor is a file of no known organisation (no `Thông tin`
code, no code in its name: `text.file_org_key`) with any other. Candidates are found by a key without accents
(`vocab.accentless_key` of the distinct names) and the birth date, one int64 a row
(`pd.Series.duplicated` at C speed: a handful in a city's 100,000 members), then confirmed.
Which row of a pair is said (`said_first`: the one lacking the other's accents, else the later)
is the rule of `event.name_without_accents` between two changes too.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.core import vocab

# A birth day as a number from the earliest day pandas holds: under 2**20 for any date it reads.
_EARLIEST_DAY = int(np.datetime64("1678-01-01", "D").astype(np.int64))


def numbered_organisations(keys: Sequence[str | None]) -> np.ndarray:
    """A number per file from its organisation key (`text.file_org_key`): one for the files of
    one organisation, a negative one of its own for each file whose key is None (a file of no
    known organisation, which may be any organisation's: compared with no other file)."""
    numbers: dict[str, int] = {}
    out = np.empty(len(keys), dtype=np.int64)
    for index, key in enumerate(keys):
        out[index] = numbers.setdefault(key, len(numbers)) if key is not None else -1 - index
    return out


def said_first(mine: np.ndarray, theirs: np.ndarray, names: np.ndarray, later: np.ndarray) -> np.ndarray:
    """Whether each pair of rows (name codes `mine` and `theirs` into the name keys `names`) is
    said at its first row: its name is the other's with accents left out (`vocab.lacks_accents`:
    "dinh thi hoa" of "đinh thị hoa"), whichever comes first; else, when the other's is not this
    one's so either (each lacks some, another tone, Hoa and Hòa), when it is the `later` row.
    Of a pair given both ways round, exactly one way is said. One rule for
    `member.name_without_accents` (`accent_pairs`) and `event.name_without_accents`. Asked once
    per distinct pair of names (a handful)."""
    if not len(mine):
        return np.zeros(0, dtype=bool)
    size = len(names)
    asked, inverse = np.unique(
        np.concatenate([mine, theirs]) * size + np.concatenate([theirs, mine]), return_inverse=True
    )
    lacking = np.array(
        [vocab.lacks_accents(names[k // size], names[k % size]) for k in asked.tolist()], dtype=bool
    )[inverse.reshape(-1)]
    fewer, more = lacking[: len(mine)], lacking[len(mine) :]
    return fewer | (later & ~more)


def accent_pairs(
    codes: np.ndarray, distinct: np.ndarray, births: np.ndarray, files: np.ndarray, orgs: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of rows (positions `later`, `earlier`) of one birth date whose name keys differ
    and are one without accents (`vocab.accentless_key`), of one file or of files of different
    organisations. Per row: `codes` into `distinct` (the distinct name
    keys, -1 without a name, as `validation.keys.name_key_parts` gives them: two names of one
    key, such as one typed in capitals, are one name), `births`
    (datetime64[D], NaT without one), `files` (a number per file) and `orgs` (its organisation's
    number, `numbered_organisations`; a negative one is compared with no other file). Each
    pair once, the row whose name is the other's with accents left out (`vocab.lacks_accents`)
    first, else (each lacks some, another tone, Hoa and Hòa) the later row (by position)."""
    empty = np.array([], dtype=np.int64)
    if not len(codes) or not len(distinct):
        return empty, empty
    # Names typed apart are one key when they differ only in letter case or in spaces
    # ("HOÀNG THỊ NGA", "Hoàng Thị Nga"): one person to the duplicate checks, never a pair here
    # (hunt103 #1: the codes of the typed names were compared, and the error and this warning
    # said "one member" and "two members" of the same two rows). Numbered by key.
    by_key, distinct = pd.factorize(distinct)
    codes = np.where(codes >= 0, by_key[np.maximum(codes, 0)], -1)
    valid = (codes >= 0) & ~np.isnat(births)
    days = births.astype(np.int64) - _EARLIEST_DAY
    alone = -1 - np.arange(len(codes), dtype=np.int64)  # a number no other row has
    # Only rows sharing a birth day with another row can pair: their names alone are keyed
    # without accents (a ward's few hundred; a city's rows nearly all share one).
    valid &= pd.Series(np.where(valid, days, alone)).duplicated(keep=False).to_numpy()
    if not valid.any():
        return empty, empty
    needed = np.unique(codes[valid])
    folded, _ = pd.factorize(np.array([vocab.accentless_key(k) for k in distinct[needed]], dtype=object))
    fold_of = np.zeros(len(distinct), dtype=np.int64)
    fold_of[needed] = folded
    fold = fold_of[np.maximum(codes, 0)]
    who = np.where(valid, (fold << 20) + days, alone)
    shared = pd.Series(who).duplicated(keep=False).to_numpy() & valid
    if not shared.any():
        return empty, empty
    rows = pd.DataFrame({"_pos": np.flatnonzero(shared), "_code": codes[shared], "_fold": who[shared]})
    kinds = rows.groupby("_fold", sort=False)["_code"].transform("nunique")
    rows = rows[kinds.to_numpy() > 1]
    pairs = rows.merge(rows, on="_fold", suffixes=("", "_other"))
    pairs = pairs[pairs["_code"].to_numpy() != pairs["_code_other"].to_numpy()]
    # Each pair is here both ways round: kept the way whose first row's name is the other's with
    # accents left out (`vocab.lacks_accents`: "Dinh Thi Hoa" of "Đinh Thị Hoa"), whichever
    # comes first; when neither is (each lacks some, "Hoàng Văn Dung" and "Hoang Văn Dũng";
    # another tone, Thủy and Thụy; or one bare syllable that is a name of its own, Hoa and Hòa,
    # "Lê Thi Nga" and "Lê Thị Nga": hunt74), the later row first. Before, the later row was
    # taken whatever its accents: CB08's "Đinh Thị Hoa" was warned naming CB07's earlier "Dinh
    # Thi Hoa" (helper 269). Asked once per distinct pair of names (a handful).
    later = pairs["_pos"].to_numpy(np.int64) > pairs["_pos_other"].to_numpy(np.int64)
    first = said_first(
        pairs["_code"].to_numpy(np.int64), pairs["_code_other"].to_numpy(np.int64), distinct, later
    )
    a = pairs["_pos"].to_numpy(np.int64)[first]
    b = pairs["_pos_other"].to_numpy(np.int64)[first]
    # A file of no known organisation (a negative number) may be any organisation's, its own
    # one's too: its rows are paired in it alone, never with another file's.
    compared = (files[a] == files[b]) | ((orgs[a] != orgs[b]) & (orgs[a] >= 0) & (orgs[b] >= 0))
    return a[compared], b[compared]
