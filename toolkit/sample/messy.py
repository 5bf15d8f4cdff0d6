"""Clean sample rows retyped as secretaries really type them, and the legacy text encoders.

`messy_rows` (one sheet) and `messy_submission` (the three data sheets) take clean rows and
change a chosen share of their cells the way people do: dates typed as text in mixed formats
(5/3/1980, 05-03-1980, 1980-03-05), categories typed as one of the vocabulary's aliases or
its label in another case or without diacritics (THPT, nam, NỮ, ThS, CN…; only what
`toolkit.core.vocab` accepts), counts typed as text, names in a legacy encoding (TCVN3 or
VNI), decomposed (NFD) Unicode and stray spaces.

Every change is still valid input: the reader reads it back to the clean value with one
`norm.*` warning on that cell. Each cell gets at most one change, so the changes returned
(cell and warning code) are exactly the warnings the reader gives.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from toolkit.core import layout
from toolkit.core.layout import Field, SheetSpec
from toolkit.io import legacy, normalize
from toolkit.io.legacy import TCVN3_TO_UNICODE, VNI_TO_UNICODE
from toolkit.sample.rows import SubmissionRows

# --------------------------------------------------------------------------------------------
# Legacy encodings (the inverse of toolkit.io.normalize's tables)
# --------------------------------------------------------------------------------------------

_UNICODE_TO_TCVN3 = {u: b for b, u in TCVN3_TO_UNICODE.items()}


def _vni_inverse() -> dict[str, str]:
    inverse: dict[str, str] = {}
    for seq, out in VNI_TO_UNICODE.items():
        # Prefer marks in the case of the base letter, as VNI keyboards type them.
        preferred = seq[1:] == (seq[1:].upper() if seq[0].isupper() else seq[1:].lower())
        if out not in inverse or preferred:
            inverse[out] = seq
    return inverse


_UNICODE_TO_VNI = _vni_inverse()


def _encode(text: str, table: dict[str, str], encoding: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ch)
        elif ch in table:
            out.append(table[ch])
        elif ch == "\u2026":  # no ellipsis in the legacy fonts: three dots are typed
            out.append("...")
        else:
            raise ValueError(f"{ch!r} cannot be written in {encoding}")
    return "".join(out)


def to_tcvn3(text: str) -> str:
    """Unicode Vietnamese → the Latin-1 text a .VnTime cell holds (lower-case font: capitals
    with a tone mark cannot be written)."""
    return _encode(text, _UNICODE_TO_TCVN3, "TCVN3 with a lower-case font")


def to_vni(text: str) -> str:
    """Unicode Vietnamese → the Latin-1 text a VNI-Times cell holds."""
    return _encode(text, _UNICODE_TO_VNI, "VNI")


def nfd(text: str) -> str:
    """The decomposed (NFD) form macOS and some web forms produce."""
    return unicodedata.normalize("NFD", text)


def legacy_writable(text: str) -> bool:
    """True when `text` can be written both in TCVN3 (lower-case font) and in VNI."""
    try:
        to_tcvn3(text)
        to_vni(text)
    except ValueError:
        return False
    return True


_ENCODERS = {"tcvn3": to_tcvn3, "vni": to_vni}


def legacy_typed(text: str, encoding: str) -> str | None:
    """`text` as typed with a legacy keyboard in `encoding`, when the reader can tell which
    encoding it is without a font and converts it back exactly; None otherwise."""
    try:
        typed = _ENCODERS[encoding](text)
    except ValueError:
        return None
    # Text the reader takes for clean Unicode (VNI can spell a name with Vietnamese letters
    # only, e.g. "Nguyeãn Vaên") is never looked at again without a legacy font.
    if normalize.is_clean_text(typed) or legacy.detect_legacy(typed) != encoding:
        return None
    return typed if legacy.convert_legacy(typed, encoding) == text else None


# --------------------------------------------------------------------------------------------
# Retyping cells
# --------------------------------------------------------------------------------------------

# How dates are typed as text: 5/3/1980, 05-03-1980, 1980-03-05 (all read day first or ISO).
DATE_FORMATS = ("{d.day}/{d.month}/{d.year}", "{d.day:02d}-{d.month:02d}-{d.year}", "{d:%Y-%m-%d}")


@dataclass(frozen=True)
class Messiness:
    """The share of cells of each kind that are retyped (each between 0 and 1)."""

    dates: float = 0.3  # date cells typed as text
    categories: float = 0.25  # category cells typed another accepted way
    numbers: float = 0.1  # whole numbers typed as text
    legacy: float = 0.05  # names typed in TCVN3 or VNI
    nfd: float = 0.05  # text cells in decomposed Unicode (names, notes, decisions)
    spaces: float = 0.05  # text cells with stray spaces

    def __post_init__(self) -> None:
        for name, share in vars(self).items():
            if not 0 <= share <= 1:
                raise ValueError(f"{name}: share {share} outside 0..1")
        if self.legacy + self.nfd + self.spaces > 1:
            raise ValueError("legacy + nfd + spaces shares exceed 1")


@dataclass(frozen=True)
class MessyChange:
    """One retyped cell and the warning the reader gives for it."""

    sheet: str
    index: int  # position of the row in its list (its Excel row is index + FIRST_DATA_ROW)
    key: str
    code: str  # e.g. "norm.date_text"

    @property
    def cell(self) -> str:
        spec = next(s for s in layout.DATA_SHEETS if s.name == self.sheet)
        return f"{spec.letter(self.key)}{self.index + layout.FIRST_DATA_ROW}"


@dataclass
class MessySubmission:
    """A submission as typed, and every cell that differs from the clean one."""

    rows: SubmissionRows
    changes: list[MessyChange] = field(default_factory=list)

    @property
    def tally(self) -> Counter[str]:
        """How many cells were retyped, by the reader's warning code."""
        return Counter(c.code for c in self.changes)


def _spaced(rng: random.Random, text: str) -> str:
    where = rng.choice(("lead", "trail", "inner") if " " in text else ("lead", "trail"))
    if where == "lead":
        return " " + text
    if where == "trail":
        return text + "  "
    return text.replace(" ", "  ", 1)


def _without_marks(text: str) -> str:
    """Text typed without a Vietnamese keyboard: no tone or vowel marks, đ as d."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return bare.replace("đ", "d").replace("Đ", "D")


@functools.cache
def category_variants(spec_name: str, key: str, code: str) -> tuple[str, ...]:
    """Other ways of typing the label of `code` that the vocabulary reads back as `code`: its
    aliases, the label in lower or upper case, the label without diacritics."""
    spec = next(s for s in layout.DATA_SHEETS if s.name == spec_name)
    voc = spec.field(key).vocab
    assert voc is not None
    term = voc.term(code)
    found = []
    for text in (*term.aliases, term.label.lower(), term.label.upper(), _without_marks(term.label)):
        hit = voc.lookup(text)
        if (
            normalize.clean_text(text) != term.label
            and text not in voc.codes  # the template writer would turn a code into its label
            and hit is not None
            and hit.code == code
            and text not in found
        ):
            found.append(text)
    return tuple(found)


def _retype_text(rng: random.Random, f: Field, value: str, m: Messiness) -> tuple[str, str | None]:
    roll = rng.random()
    if f.key == "full_name":  # only names are typed with an old keyboard driver here
        if roll < m.legacy:
            for encoding in rng.sample(sorted(_ENCODERS), 2):
                typed = legacy_typed(value, encoding)
                if typed is not None:
                    return typed, "norm.legacy_encoding"
            return value, None
        roll -= m.legacy
    if roll < m.nfd:
        typed = nfd(value)
        return (typed, "norm.unicode") if typed != value else (value, None)
    if roll - m.nfd < m.spaces:
        return _spaced(rng, value), "norm.spaces"
    return value, None


def _retype_category(
    rng: random.Random, spec: SheetSpec, f: Field, code: str, m: Messiness
) -> tuple[str, str | None]:
    if rng.random() >= m.categories:
        return code, None
    assert f.vocab is not None
    label = f.vocab.label(code)
    how = rng.choice(("variant", "variant", "nfd", "spaces"))
    if how == "variant":
        variants = category_variants(spec.name, f.key, code)
        return (rng.choice(variants), "norm.category") if variants else (code, None)
    if how == "nfd":
        return (nfd(label), "norm.unicode") if nfd(label) != label else (code, None)
    return _spaced(rng, label), "norm.spaces"


def _retype(
    rng: random.Random, spec: SheetSpec, f: Field, value: Any, m: Messiness
) -> tuple[Any, str | None]:
    """One cell as typed, and the reader's warning code for it (None when left as it was)."""
    if f.kind == "date" and isinstance(value, dt.date):
        if rng.random() < m.dates:
            return rng.choice(DATE_FORMATS).format(d=value), "norm.date_text"
    elif f.kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        if rng.random() < m.numbers:
            return str(value), "norm.number_text"
    elif f.kind == "category" and f.vocab is not None and value in f.vocab.codes:
        return _retype_category(rng, spec, f, value, m)
    elif f.kind == "text" and isinstance(value, str) and value:
        return _retype_text(rng, f, value, m)
    return value, None


def messy_rows(
    rows: Sequence[dict[str, Any]], spec: SheetSpec, rng: random.Random, messiness: Messiness | None = None
) -> tuple[list[dict[str, Any]], list[MessyChange]]:
    """The rows of one data sheet as typed (new dicts; `rows` is left alone) and the cells
    that were changed."""
    m = messiness or Messiness()
    typed_rows, changes = [], []
    for index, row in enumerate(rows):
        typed = dict(row)
        for f in spec.fields:
            value = row.get(f.key)
            if value is None:
                continue
            new, code = _retype(rng, spec, f, value, m)
            if code is not None:
                typed[f.key] = new
                changes.append(MessyChange(spec.name, index, f.key, code))
        typed_rows.append(typed)
    return typed_rows, changes


def messy_submission(
    clean: SubmissionRows, seed: int | str | random.Random, messiness: Messiness | None = None
) -> MessySubmission:
    """The submission with its three data sheets as typed (`Thông tin` stays as it is)."""
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    sheets = {}
    changes: list[MessyChange] = []
    for spec, rows in (
        (layout.MEMBERS, clean.members),
        (layout.EVENTS, clean.events),
        (layout.YEARS, clean.years),
    ):
        sheets[spec.name], found = messy_rows(rows, spec, rng, messiness)
        changes += found
    typed = SubmissionRows(
        info=dict(clean.info),
        members=sheets[layout.MEMBERS.name],
        events=sheets[layout.EVENTS.name],
        years=sheets[layout.YEARS.name],
    )
    return MessySubmission(typed, changes)
