"""Controlled vocabularies: the single source of every category label, code and alias.

Schemas, template dropdowns, the reader's normalisation and the statistics all read
these objects; no Vietnamese category label is repeated as a literal anywhere else.
Codes are the stable identifiers used in indicator ids and the JSON (English words; the
ethnic groups keep the two-digit numbers of the official list). The lists of template 2026.1
that changed stay here too (`*_2026_1`): old files are read with them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

_SPACES = re.compile(r"\s+")
_TRAILING_PUNCT = re.compile(r"[\s.;,:]+$")


def match_key(text: str) -> str:
    """Key used to compare what people type with a label: NFC, casefolded, spaces collapsed."""
    text = unicodedata.normalize("NFC", str(text))
    text = _SPACES.sub(" ", text).strip()
    text = _TRAILING_PUNCT.sub("", text)
    return text.casefold()


# Vietnamese writes the tone of an open syllable in "oa", "oe", "uy" in two ways, both taught
# and both set by the common keyboards (Unikey: "đặt dấu oà, uý"): on the first vowel (Hòa,
# Hòe, Thủy) or on the second (Hoà, Hoè, Thuỷ). Each second-vowel form, lower case and NFC, to
# its first-vowel form. Only at the end of a word: with a final consonant or vowel (Hoàng,
# Ngoài, Huỳnh) both ways agree.
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_TONE_ON_SECOND = {
    unicodedata.normalize("NFC", first + second + tone): unicodedata.normalize("NFC", first + tone + second)
    for first, second in (("o", "a"), ("o", "e"), ("u", "y"))
    for tone in _TONES
}
_TONE_ON_SECOND_RE = re.compile(
    "(?:"
    + "|".join(f"{v}[{''.join(k[1] for k in _TONE_ON_SECOND if k[0] == v)}]" for v in ("o", "u"))
    + r")(?!\w)"
)


# Characters `person_name_key` reads as another, one `str.translate`: the eth for Đ; the marks
# typed for the apostrophe of a minority name (H'Luân: ’ ‘ ʼ ʻ ´ ` ′, as Word's smart quotes, a
# phone's keyboard or a pasted list put it) as '; the hyphen's look-alikes as "-".
_NAME_CHARS = str.maketrans(
    {
        "\u00f0": "\u0111",
        **dict.fromkeys("\u2019\u2018\u02bc\u02bb\u00b4\u0060\u2032", "'"),
        **dict.fromkeys("\u2010\u2011\u2013", "-"),
    }
)
# Whether a name has any of them, or a hyphen: most have none, and a search is ten times
# quicker than a `translate` of a name with accents.
_NAME_CHARS_RE = re.compile("[-" + "".join(chr(c) for c in _NAME_CHARS) + "]")
# A hyphen between two letters joins a minority name's syllables (Y-Moan), typed a space as often.
_LETTER_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def person_name_key(text: str) -> str:
    """Key that says two typed names are the same name: NFC, casefolded, spaces collapsed, no
    trailing punctuation (as `match_key`), and the tone of "oa", "oe", "uy" on one vowel
    whichever way it was typed ("Nguyễn Thị Thuỷ" = "Nguyễn Thị Thủy"). Another tone is another
    name (Thủy, Thụy). The Icelandic eth (Ð, U+00D0), which some fonts and converters put for
    Đ (U+0110) and which looks the same, is Đ: Vietnamese has no eth. A minority name's
    apostrophe is one whichever mark was typed for it (“Ksor H’Luân” = “Ksor H'Luân”), and a
    hyphen (or en dash) between two letters is a space (“Y-Moan Enuôl” = “Y Moan Enuôl”).
    Written for speed: a province's names are keyed once each, the marks by one table."""
    key = unicodedata.normalize("NFC", str(text)).casefold()
    if _NAME_CHARS_RE.search(key):
        key = _LETTER_HYPHEN.sub(" ", key.translate(_NAME_CHARS))
    key = " ".join(key.split()).rstrip(" .;,:")
    return _TONE_ON_SECOND_RE.sub(_first_vowel_tone, key)


def _first_vowel_tone(m: re.Match[str]) -> str:
    return _TONE_ON_SECOND[m.group(0)]


# Vietnamese alphabetical order: the letters of the alphabet (f, j, w, z for foreign words in
# their Latin places), then the tones as dictionaries order them: none, huyền, hỏi, ngã, sắc,
# nặng. A tone never moves a letter: Ánh sorts beside Anh, not after Z.
_ALPHABET = {ch: i for i, ch in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
_TONE_ORDER = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


# What `name_sort_key` returns: the letters' ranks, the tones, the `person_name_key`.
NameSortKey = tuple[tuple[tuple[int, int], ...], tuple[int, ...], str]


def name_sort_key(text: str) -> NameSortKey:
    """Key that sorts names (or any text) in Vietnamese alphabetical order: letter by letter
    by the alphabet (a ă â b c d đ e ê … : Đỗ after Dương, Ánh beside Anh), spaces and then
    digits and punctuation before letters; then by the tones; then by `person_name_key`, so
    that the order is total. Case and the way a tone was typed (NFC or not, Hoà or Hòa) do
    not count."""
    key = person_name_key(text)
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for ch in key:
        parts = unicodedata.normalize("NFD", ch)
        tone = next((_TONE_ORDER[m] for m in parts[1:] if m in _TONE_ORDER), 0)
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONE_ORDER))
        rank = _ALPHABET.get(base)
        if rank is not None:
            letters.append((2, rank))
        else:
            letters.append((0, 0) if ch.isspace() else (1 if ord(ch) < 0x80 else 3, ord(ch)))
        tones.append(tone)
    return tuple(letters), tuple(tones), key


def given_name_sort_key(full_name: str) -> tuple[NameSortKey, NameSortKey, str]:
    """Key that sorts full names as Vietnamese official lists do: by the given name (tên, the
    last word) first, then by the family and middle names (họ đệm, the words before it), each
    in Vietnamese alphabetical order (`name_sort_key`): Dương An, Đỗ An, Nguyễn Văn An, Trần
    Thị Ánh, Lê Bình. A name of one word is a given name alone; then by `person_name_key`, so
    that the order is total."""
    key = person_name_key(full_name)
    words = key.split(" ")
    return name_sort_key(words[-1]), name_sort_key(" ".join(words[:-1])), key


def fold_key(text: str) -> str:
    """Looser key without diacritics (đ → d), for typing without Vietnamese input."""
    decomposed = unicodedata.normalize("NFD", match_key(text))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("-", " ").replace("  ", " ")


def _accentless_table() -> dict[int, int]:
    """Each Latin letter with marks (NFC: U+00C0–U+024F, U+1E00–U+1EFF) → its base letter, and
    đ → d: every Vietnamese letter's marks, taken off by `str.translate`."""
    table = {ord("đ"): ord("d"), ord("Đ"): ord("D")}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        parts = unicodedata.normalize("NFD", chr(code))
        if len(parts) > 1 and parts[0].isascii() and all(unicodedata.category(c) == "Mn" for c in parts[1:]):
            table[code] = ord(parts[0])
    return table


_ACCENTLESS = _accentless_table()


@lru_cache(maxsize=1 << 18)
def accentless_key(key: str) -> str:
    """A name key (`person_name_key`: NFC) with every letter's marks taken off (đ → d), one table
    look-up a character: two keys one of which lacks some of the other's accents
    (`lacks_accents`) have the same one, so it groups the candidates of that test at the
    speed of `str.translate` (a city's 100,000 names: `fold_key`'s NFD of each took half a
    second). Remembered (a bounded cache): names repeat, and the checks fold the same rolls
    again (a province's 560,000 folds were of 44,000 names; 1.3 s of `str.translate`, 0.3 s
    remembered)."""
    return key.translate(_ACCENTLESS)


def marks_within(fewer: str, more: str) -> bool:
    """Whether name key ``fewer`` is ``more`` with some of its marks left out, and nothing
    else: each letter's marks a subset of the other's (đ read as d with a stroke), and not the
    same. No evidence asked: “Tran Bá Luân” of “Trần Bá Luân”, but also “Lê Thị Hoa” of “Lê
    Thị Hòa” (two names). Where both are rows of one file of one birth date the file is one
    person's (`accent_aliases`' own-file match); across files `lacks_accents` is asked."""
    if len(fewer) != len(more) or fewer == more:
        return False
    for a, b in zip(fewer, more, strict=True):
        if a != b:
            base_a, marks_a = _letter_marks(a)
            base_b, marks_b = _letter_marks(b)
            if base_a != base_b or not marks_a < marks_b:
                return False
    return True


def marks_compatible(a: str, b: str) -> bool:
    """Whether name keys ``a`` and ``b`` are one spelling with marks left out of each, perhaps
    different ones: the same letters (đ read as d with a stroke), and syllable by syllable one's
    marks within the other's (`marks_within`, either way in each syllable), and not the same.
    A spelling holding both then exists: “Trần Ba Luân” and “Tran Bá Luân” are “Trần Bá Luân”
    typed twice, each time missing another mark (hunt90 #2). Another tone in any syllable is not
    (“Phúc”, “Phục”; “Hòa”, “Hóa”; “và”, “vả”), nor is a syllable each spelling lacks another mark
    of (“trưong”, “truơng”: a syllable is compared whole). No evidence asked, as `marks_within`:
    for rows of one file of one birth date, where it is one person's (`accent_aliases`)."""
    if len(a) != len(b) or a == b:
        return False
    for word_a, word_b in zip(a.split(" "), b.split(" "), strict=False):
        if len(word_a) != len(word_b):
            return False
        if word_a != word_b and not (marks_within(word_a, word_b) or marks_within(word_b, word_a)):
            return False
    return True


def lacks_accents(fewer: str, more: str) -> bool:
    """Whether name key ``fewer`` is ``more`` typed with some of its accents left out (a letter's
    marks a subset of the other's, đ read as d with a stroke), and not the same: “le van
    cuong” and “nguyễn van cuong” of “nguyễn văn cường”; never “thụy” of “thủy” (another
    tone, another name). A syllable without marks is a name of its own (Hoa and Hòa, Nam and
    Năm, Tâm and Tam are two people's, hunt74 #1 #2), so the marks must be seen to be missing:
    ``fewer`` has none at all (typed without a Vietnamese keyboard), or two of its syllables lack
    some, or one that lacks them cannot be read as typed (`_unreadable_unmarked`: “nguyen”,
    “duc”). The rule for acting on a match across files (another file's death marking a
    member); in one file `marks_within` is enough."""
    if not marks_within(fewer, more):
        return False
    lacking = [word for word, other in zip(fewer.split(" "), more.split(" "), strict=False) if word != other]
    return fewer.isascii() or len(lacking) > 1 or any(_unreadable_unmarked(w) for w in lacking)


# Tone marks (combining, after NFD): huyền, sắc, ngã, hỏi, nặng.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Vowel pairs that are never written bare: iê, yê, uô/ươ.
_BARE_PAIRS = ("ie", "ye", "uo")


def _unreadable_unmarked(word: str) -> bool:
    """Whether a syllable typed so cannot be a Vietnamese one, so its marks were left out:
    “ie”, “ye”, “uo” without their circumflex or horn (“nguyen”, “tien”, “duong”), or an ending
    in p, t, c, ch without a tone (those take sắc or nặng: “duc”, “phuc”, “nhat”)."""
    if any(pair in word for pair in _BARE_PAIRS):
        return True
    toned = any(ch in _TONE_MARKS for ch in unicodedata.normalize("NFD", word))
    return not toned and word.endswith(("p", "t", "c", "ch"))


def same_but_accents(a: str, b: str) -> bool:
    """Whether name keys `a` and `b` differ only by accents one of them lacks (`lacks_accents`
    either way): one person's name typed with and without them."""
    return lacks_accents(a, b) or lacks_accents(b, a)


def accent_aliases(
    rows: Iterable[tuple[str, Any, Any]], people: Iterable[tuple[str, Any, Any]]
) -> dict[tuple[str, Any, Any], str]:
    """Of each row among `rows` (name key, birth date, file) whose name no person of `people`
    (name key, birth date, file: a roll's members, and a file's leavers of the period) has
    exactly, the name key of the one person it differs from only by accents:
    "Do Van Giang" is Đỗ Văn Giang's row. A person of the row's own file is its person when just
    one there has the row's marks and more (`marks_within`, the row's marks within that name,
    never the other way: “Lê Thị Hóa” is not “Lê Thị Hoa”'s, hunt83 #1; no further evidence: one
    file of one birth date, “Tran Bá Luân” dead beside its roll's “Trần Bá Luân”, hunt78 #1; as the file keeps
    the row for that member, or for one who left it: `validation.context.kept_readmissions`;
    hunt66 #1, hunt68 #2), else the one person of the ward that matches with the marks seen to be
    missing (`same_but_accents`: a death of Hòa never marks another file's Hoa, hunt74 #1). A
    row two people could be (Thủy and Thụy for "Thuy", hunt64 #1) is no one's.
    Row by row: two files' rows of one spelling may be two people's (hunt68 #1)."""
    wanted = set(rows)
    births = {birth for _, birth, _ in wanted}  # people of other birth dates are no row's
    everyone: defaultdict[Any, set[str]] = defaultdict(set)
    by_file: defaultdict[tuple[Any, Any], set[str]] = defaultdict(set)
    for key, birth, file in people:
        if birth in births:
            everyone[birth].add(key)
            by_file[birth, file].add(key)
    found: dict[tuple[str, Any, Any], str] = {}
    for key, birth, file in wanted:
        if key in everyone.get(birth, set()):
            continue
        # Both tests ask one length first: asked here, most names of the day are passed over
        # without a call (a province's leavers against its roll: a million calls).
        size = len(key)
        own = [n for n in by_file.get((birth, file), ()) if len(n) == size and marks_within(key, n)]
        matches = own or [n for n in everyone.get(birth, ()) if len(n) == size and same_but_accents(key, n)]
        if len(matches) == 1:
            found[(key, birth, file)] = matches[0]
    return found


def _letter_marks(ch: str) -> tuple[str, frozenset[str]]:
    """A letter's base and its marks (combining characters; đ is d with a stroke)."""
    if ch in "đĐ":
        return "d", frozenset({"stroke"})
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0], frozenset(decomposed[1:])


_NOT_LETTERS = re.compile(r"[\s\-\u2010-\u2015'\u2019`.]+")


_PUNCTUATION_GAPS = re.compile(r"[\s,;:/\u2010-\u2015]+")


def plain_key(text: str) -> str:
    """`fold_key` with its commas, semicolons, colons, slashes and dashes, and the spaces
    around them, as one space: “Tuổi cao sức khỏe yếu” and “Tuổi cao,sức khỏe yếu” are
    “Tuổi cao, sức khỏe yếu” (hunt116 F3: a dropped comma left a file out)."""
    return _PUNCTUATION_GAPS.sub(" ", fold_key(text)).strip()


def compact_key(text: str) -> str:
    """The loosest key: `fold_key` without spaces, hyphens, apostrophes or dots, so that
    "Khơ-me", "Khơ Me", "khome" and "H'Mông", "HMông" meet (names of peoples and religions)."""
    return _NOT_LETTERS.sub("", fold_key(text))


# A number with a sign ("-5", "+1", as a negative number cell reads) or with a decimal point
# ("5.5", as a number cell reads), the whole of the text: no code and no value of any list. The
# looser keys would take the sign for a hyphen and drop it, and the point with it ("-5" was
# Khơ-me, "-1" was Có: hunt279 N6), so such a text is matched exactly or not at all, and is
# refused as any other value not in the list. A decimal comma is no such risk, no looser key
# dropping it: "12,12" is 12/12 of the school grades as "12-12" is ("5,5" matches nothing), as
# before (review288); nor is a list's dash before a value that is no bare number ("- 12/12",
# "-5/12" pasted from a bulleted list, read as before: review288 F4).
_SIGNED_OR_DECIMAL = re.compile(r"[+\-\u2212\u2010-\u2015]\s*\d+(?:[.,]\d+)?|\d+\.\d+")


@dataclass(frozen=True)
class Term:
    """One allowed value: stable code, canonical Vietnamese label, accepted variants."""

    code: str
    label: str
    aliases: tuple[str, ...] = ()
    group: str | None = None  # report group code (occupation only)
    # Labels an earlier template's dropdown offered for this term: read as it with no
    # correction note, since the secretary chose them from the list the office sent.
    former: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """An ordered controlled list."""

    key: str
    title: str
    terms: tuple[Term, ...]
    # Spaces, hyphens and apostrophes never matter (names of peoples: "Khơ-me" = "Khơ Me").
    loose_spacing: bool = False
    # The template's dropdown this list shares (its key), when it is read with more variants
    # than another list of the same labels: one dropdown, one column of the lists sheet.
    list_key: str = ""
    _by_key: dict[str, Term] = field(init=False, repr=False, compare=False)
    _by_fold: dict[str, Term] = field(init=False, repr=False, compare=False)
    _by_compact: dict[str, Term] = field(init=False, repr=False, compare=False)
    _by_plain: dict[str, Term] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key: dict[str, Term] = {}
        by_fold: dict[str, Term] = {}
        by_compact: dict[str, Term] = {}
        by_plain: dict[str, Term] = {}
        for term in self.terms:
            for text in (term.label, term.code, *term.aliases, *term.former):
                by_key.setdefault(match_key(text), term)
        for term in self.terms:
            for text in (term.label, *term.aliases, *term.former):
                by_fold.setdefault(fold_key(text), term)
                by_plain.setdefault(plain_key(text), term)
                if self.loose_spacing:
                    by_compact.setdefault(compact_key(text), term)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_by_fold", by_fold)
        object.__setattr__(self, "_by_compact", by_compact)
        object.__setattr__(self, "_by_plain", by_plain)

    @property
    def dropdown(self) -> str:
        """The key of the template's dropdown list of these labels (`list_key`, else `key`)."""
        return self.list_key or self.key

    @property
    def labels(self) -> list[str]:
        return [t.label for t in self.terms]

    @property
    def codes(self) -> list[str]:
        return [t.code for t in self.terms]

    def term(self, code: str) -> Term:
        for t in self.terms:
            if t.code == code:
                return t
        raise KeyError(f"{self.key}: unknown code {code!r}")

    def label(self, code: str) -> str:
        return self.term(code).label

    def lookup(self, text: object) -> Term | None:
        """Find the term a typed value means: label, code or alias, any case/spacing,
        with or without diacritics. None when nothing matches."""
        if text is None:
            return None
        key = match_key(str(text))
        if not key:
            return None
        found = self._by_key.get(key)
        if found is None and _SIGNED_OR_DECIMAL.fullmatch(key):
            return None  # the looser keys drop a sign: "-5" is no code 05 (hunt279 N6)
        if found is None:
            found = self._by_fold.get(fold_key(key))
        if found is None:
            found = self._by_plain.get(plain_key(key))
        if found is None and self.loose_spacing:
            found = self._by_compact.get(compact_key(key))
        return found

    def closest(self, text: object) -> Term | None:
        """The allowed value closest to an unknown one, for the suggestion in a message: only
        a typing slip of it (see `_is_slip`), clearly nearer than any other value."""
        import difflib

        key = fold_key(str(text))
        if not key:
            return None
        candidates = {fold_key(t.label): t for t in self.terms}
        for t in self.terms:
            for alias in t.aliases:
                candidates.setdefault(fold_key(alias), t)
        # As `difflib.get_close_matches` scores them, every candidate the value may be a slip
        # of, best first.
        scored = sorted(
            ((difflib.SequenceMatcher(None, c, key).ratio(), c) for c in candidates if _is_slip(key, c)),
            key=lambda sc: -sc[0],
        )
        if not scored:
            return None
        best_score, best = scored[0]
        if best_score < SUGGESTION_CUTOFF:
            return None
        term = candidates[best]
        # As near to another value: no slip of one more than of the other, nothing suggested
        # ("Chuyển sinh hoạt chính thức" is as near "Chuyển sinh hoạt đi" as "… tới").
        rival = next((sc for sc, c in scored[1:] if candidates[c] is not term), 0.0)
        return term if best_score - rival >= SUGGESTION_MARGIN else None


# How alike a value must be to an allowed one to be suggested ("có phải …?"): a typing slip
# ("Kihn" for "Kinh", 0.75; "Doanh nghep", 0.96) is, another word is not ("Đại học" is no slip
# of "Tiểu học", 0.67, nor "Giáo viên" of "Sinh viên": suggesting them steered a secretary to a
# value that miscounts). Below it the message suggests nothing.
SUGGESTION_CUTOFF = 0.7
SUGGESTION_MARGIN = 0.05  # how much nearer than any other value the suggested one must be
# Words of opposite meaning (folded): a value with one is never suggested as one with the
# other, however alike the rest ("Ngoài phường" is not "Trong Đảng bộ phường", "Nhận sinh
# hoạt" not "Chuyển đi"): following such a suggestion turns a change into its opposite.
_OPPOSITES = (
    frozenset({"ngoai", "trong"}),
    frozenset({"ngoai", "noi"}),
    frozenset({"den", "di"}),
    frozenset({"toi", "di"}),
    frozenset({"nhan", "di"}),
    frozenset({"lai", "moi"}),
    frozenset({"nam", "nu"}),
    frozenset({"co", "khong"}),
)
# Words that change the meaning of the value they are added to (folded): "Sau đại học" is no
# "Đại học", "Có" no "Không có", "Tái kết nạp" or "Kết nạp lại" no "Kết nạp". A value is never
# suggested as another that is it with one of them more or less. So too a place's level and
# "khác" ("Trong Đảng bộ tỉnh" is no "Trong Đảng bộ", "Trong xã" no "Xã khác trong tỉnh", a bare
# "Khác" no "Xã, phường khác trong tỉnh"), and a direction ("Chuyển" is a slip of "Chuyển đi" no
# more than of "Chuyển đến", "Chuyển sinh hoạt" no "Nhận chuyển sinh hoạt"): following such a
# suggestion moved a change to another line.
_QUALIFIERS = frozenset(
    {"sau", "chua", "khong", "lai", "tai"}
    | {"khac", "tinh", "xa", "phuong", "huyen", "quan", "thanh", "thi", "tp"}
    | {"di", "den", "toi", "nhan"}
)
_WORDS = re.compile(r"\w+")
_VOWELS = frozenset("aeiouy")  # folded


def _is_slip(typed: str, suggested: str) -> bool:
    """Whether `typed` (folded) may be a typing slip of the allowed value `suggested`
    (folded), word by word. The words the two share are set aside; what is left must be
    words only one of them has (an abbreviated or padded value), unless one of those changes
    the meaning (`_QUALIFIERS`), or the same words each with a slip (`_slipped`), or words
    run together or split ("doanhnghiep"). A shared tail ("đảng viên", "chính trị", "học")
    thus no longer makes "Xóa tên đảng viên" a slip of "Kết nạp đảng viên", "Sơ cấp chính
    trị" of "Cao cấp chính trị", nor "Cao học" of "Chưa học". A word whose opposite the
    other has never is a slip (`_OPPOSITES`)."""
    if _opposed(typed, suggested):
        return False
    rest_mine, rest_theirs = _WORDS.findall(typed), _WORDS.findall(suggested)
    for word in list(rest_mine):
        if word in rest_theirs:
            rest_mine.remove(word)
            rest_theirs.remove(word)
    if not rest_mine or not rest_theirs:
        return not _QUALIFIERS.intersection(rest_mine or rest_theirs)
    if len(rest_mine) == 1 or len(rest_theirs) == 1:
        return _slipped(" ".join(rest_mine), " ".join(rest_theirs))
    if len(rest_mine) != len(rest_theirs):
        return False
    for word in rest_mine:
        near = next((w for w in rest_theirs if _slipped(word, w)), None)
        if near is None:
            return False
        rest_theirs.remove(near)
    return True


def _slipped(typed: str, allowed: str) -> bool:
    """Whether `typed` is `allowed` with a slip of the keys: one letter left out, added,
    changed or two swapped (two in a word of 8 letters or more). Not in an abbreviation or a
    number (a word without a vowel): one letter more or less is another one ("DN" is no slip
    of "SN", "TC" of "CC")."""
    if any(not _VOWELS.intersection(word) for word in allowed.split()):
        return False
    return edits(typed, allowed) <= (1 if max(len(typed), len(allowed)) < 8 else 2)


def edits(a: str, b: str) -> int:
    """Letters to leave out, add, change or swap with the next to turn `a` into `b` (the
    optimal string alignment distance)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _opposed(typed: str, suggested: str) -> bool:
    """Whether `typed` has a word whose opposite `suggested` has, without that word itself."""
    mine, theirs = set(typed.split()), set(suggested.split())
    return any((pair & mine) and (pair & theirs) and not (pair & mine & theirs) for pair in _OPPOSITES)


def _v(key: str, title: str, *terms: Term, loose_spacing: bool = False) -> Vocabulary:
    return Vocabulary(key=key, title=title, terms=tuple(terms), loose_spacing=loose_spacing)


ORG_TIER = _v(
    "org_tier",
    "Cấp tổ chức",
    Term("dang_bo_co_so", "Đảng bộ cơ sở", ("ĐBCS", "Đảng bộ")),
    Term("chi_bo_co_so", "Chi bộ cơ sở", ("CBCS",)),
    Term("chi_bo_truc_thuoc", "Chi bộ trực thuộc", ("CBTT", "Chi bộ", "Chi bộ trực thuộc Đảng ủy")),
)

SECTOR = _v(
    "sector",
    "Khối",
    Term("su_nghiep", "Khối sự nghiệp", ("Sự nghiệp", "Khối SN")),
    Term(
        "co_quan",
        "Khối cơ quan Đảng, chính quyền",
        ("Cơ quan Đảng, chính quyền", "Khối cơ quan", "Cơ quan", "Khối cơ quan Đảng - chính quyền"),
    ),
    Term("luc_luong_vu_trang", "Lực lượng vũ trang", ("LLVT", "Khối lực lượng vũ trang")),
    Term("to_dan_pho", "Chi bộ tổ dân phố", ("Tổ dân phố", "TDP", "Khu dân cư", "Khối dân cư")),
    Term("doanh_nghiep", "Doanh nghiệp", ("DN", "Khối doanh nghiệp")),
)

GENDER = _v(
    "gender",
    "Giới tính",
    Term("male", "Nam", ("M", "Trai", "Nam giới")),
    Term("female", "Nữ", ("F", "Gái", "Nữ giới")),
)

GEN_EDU = _v(
    "gen_edu",
    "Trình độ giáo dục phổ thông",
    Term("literate", "Biết đọc, biết viết chữ quốc ngữ", ("Biết đọc, biết viết", "Biết đọc biết viết")),
    # Older records write the levels in Roman numerals and the 1981-1993 names: phổ thông cơ
    # sở (grades 1-9, PTCS) and phổ thông trung học (PTTH).
    Term("primary", "Tiểu học", ("Cấp 1", "Cấp I", "5/12", "4/10", "5/10")),
    Term(
        "lower_secondary",
        "Trung học cơ sở",
        ("THCS", "Cấp 2", "Cấp II", "PTCS", "Tốt nghiệp THCS", "9/12", "7/10", "8/10", "9/10"),
    ),
    Term(
        "upper_secondary",
        "Trung học phổ thông",
        ("THPT", "Cấp 3", "Cấp III", "PTTH", "Tốt nghiệp THPT", "Tốt nghiệp PTTH", "12/12", "10/10", "11/12"),
    ),
)

# Template 2026.2 labels `Sơ cấp` as the forms do; the old label stays an alias.
PROF_LEVEL = _v(
    "prof_level",
    "Trình độ chuyên môn",
    Term("none", "Chưa qua đào tạo", ("Chưa đào tạo", "Chưa", "Chưa học", "Không", "Không có")),
    Term(
        "elementary",
        "Sơ cấp, công nhân kỹ thuật, nhân viên nghiệp vụ",
        ("Sơ cấp", "SC", "Công nhân kỹ thuật", "Nhân viên nghiệp vụ"),
    ),
    Term("intermediate", "Trung cấp", ("TC",)),
    Term("college", "Cao đẳng", ("CĐ",)),
    Term("university", "Đại học", ("ĐH", "Cử nhân", "Kỹ sư", "Kĩ sư", "Bác sĩ", "Bác sỹ")),
    Term("master", "Thạc sĩ", ("ThS", "Th.S", "Thạc sỹ", "Thạc sĩ")),
    Term("doctor", "Tiến sĩ", ("TS", "Tiến sỹ", "PGS.TS", "GS.TS", "Tiến sĩ khoa học")),
)

THEORY_LEVEL = _v(
    "theory_level",
    "Lý luận chính trị",
    Term("none", "Chưa qua đào tạo", ("Chưa đào tạo", "Chưa", "Chưa học", "Không", "Không có")),
    # "LLCT" (lý luận chính trị) and "chính trị" name the subject the level is of.
    Term(
        "elementary",
        "Sơ cấp",
        ("SC", "Sơ cấp và tương đương", "Sơ cấp LLCT", "Sơ cấp lý luận chính trị", "Sơ cấp chính trị"),
    ),
    Term(
        "intermediate",
        "Trung cấp",
        ("TC", "Trung cấp LLCT", "Trung cấp lý luận chính trị", "Trung cấp chính trị"),
    ),
    Term("advanced", "Cao cấp", ("CC", "Cao cấp LLCT", "Cao cấp lý luận chính trị", "Cao cấp chính trị")),
    Term("bachelor", "Cử nhân", ("CN", "Cử nhân LLCT", "Cử nhân lý luận chính trị", "Cử nhân chính trị")),
)

OCCUPATION_GROUP = _v(
    "occupation_group",
    "Nhóm nghề nghiệp",
    Term("civil_servants", "Cán bộ, công chức, viên chức"),
    Term("enterprise", "Lao động trong doanh nghiệp"),
    Term("farmer_freelance_retired_other", "Nông dân, lao động tự do, hưu trí và khác"),
    Term("armed_forces", "Lực lượng vũ trang"),
)

# The 15 occupations of the official forms (template 2026.2). An old (2026.1) label with one
# new meaning is an alias here; the ambiguous ones are not (they must be chosen again).
_CS, _EN, _OTHERS, _AF = OCCUPATION_GROUP.codes
OCCUPATION = _v(
    "occupation",
    "Nghề nghiệp",
    Term(
        "state_official",
        "Cán bộ, công chức cơ quan Nhà nước (trên cấp xã)",
        ("Công chức Nhà nước", "Cán bộ, công chức Nhà nước"),
        _CS,
    ),
    Term(
        "party_mass_official",
        "Cán bộ, công chức cơ quan Đảng, Mặt trận Tổ quốc, đoàn thể (trên cấp xã)",
        ("Cán bộ, công chức cơ quan Đảng, đoàn thể", "Cán bộ Đảng, đoàn thể"),
        _CS,
    ),
    Term(
        "commune_official",
        "Cán bộ, công chức, người hoạt động không chuyên trách ở xã, phường",
        ("Cán bộ, công chức phường", "Cán bộ, công chức xã", "Không chuyên trách phường"),
        _CS,
    ),
    Term(
        "neighbourhood_part_time",
        "Người hoạt động không chuyên trách ở thôn, tổ dân phố",
        ("Không chuyên trách tổ dân phố", "Không chuyên trách thôn", "Không chuyên trách ở tổ dân phố"),
        _OTHERS,
    ),
    Term(
        "public_employee",
        "Viên chức trong đơn vị sự nghiệp công lập",
        ("Viên chức", "VC", "Viên chức sự nghiệp công lập"),
        _CS,
    ),
    Term(
        "non_public_employee",
        "Người lao động trong đơn vị sự nghiệp ngoài công lập",
        ("Sự nghiệp ngoài công lập", "Lao động ngoài công lập"),
        _OTHERS,
    ),
    Term(
        "enterprise_manager",
        "Người lãnh đạo, quản lý doanh nghiệp",
        ("Lãnh đạo doanh nghiệp", "Quản lý doanh nghiệp", "Giám đốc doanh nghiệp"),
        _EN,
    ),
    Term(
        "enterprise_staff",
        "Nhân viên, người lao động gián tiếp trong doanh nghiệp",
        ("Nhân viên doanh nghiệp", "Lao động gián tiếp"),
        _EN,
    ),
    Term(
        "production_worker",
        "Công nhân, lao động trực tiếp sản xuất",
        ("Công nhân", "Lao động trực tiếp sản xuất"),
        _EN,
    ),
    Term(
        "farmer",
        "Người làm nông, lâm, ngư nghiệp",
        ("Nông dân", "Làm ruộng", "Nông, lâm, ngư nghiệp"),
        _OTHERS,
    ),
    Term(
        "armed_forces",
        "Sĩ quan, chiến sĩ quân đội, công an",
        ("Lực lượng vũ trang", "LLVT", "Quân đội", "Công an"),
        _AF,
        # the 2026.2 template's dropdown before fix185 (BTCTW's spelling): files filled from
        # it read the same, with no correction to report
        former=("Sỹ quan, chiến sỹ quân đội, công an",),
    ),
    Term("university_student", "Sinh viên", ("SV",), _OTHERS),
    Term("pupil", "Học sinh", ("HS",), _OTHERS),
    Term(
        "other",
        "Khác (lao động hợp đồng, tự do…)",
        (
            "Khác (lao động hợp đồng, tự do...)",
            "Khác",
            "Lao động tự do",
            "Tự do",
            "Lao động hợp đồng",
            "Kinh doanh",
            "Buôn bán",
        ),
        _OTHERS,
    ),
    Term("retired", "Đã nghỉ hưu, nghỉ công tác", ("Hưu trí", "Nghỉ hưu", "Hưu", "Đã nghỉ hưu"), _OTHERS),
)

# The occupations of template 2026.1 (read from old files only; the report group of each is
# exact), and the 2026.2 occupations each may mean: one means it maps, several means the
# secretary must choose again.
OCCUPATION_2026_1 = _v(
    "occupation_2026_1",
    "Nghề nghiệp",
    Term("civil_servant", "Cán bộ, công chức", ("Cán bộ", "Công chức", "CBCC"), _CS),
    Term("public_employee", "Viên chức", ("VC",), _CS),
    Term(
        "part_time_official",
        "Người hoạt động không chuyên trách",
        ("Không chuyên trách", "Cán bộ không chuyên trách"),
        _OTHERS,
    ),
    Term(
        "enterprise_worker",
        "Người lao động trong doanh nghiệp",
        ("Lao động trong doanh nghiệp", "Công nhân", "Doanh nghiệp"),
        _EN,
    ),
    Term("farmer", "Nông dân", ("Làm ruộng",), _OTHERS),
    Term("freelance", "Lao động tự do", ("Tự do", "Kinh doanh", "Buôn bán"), _OTHERS),
    Term("retired", "Hưu trí", ("Nghỉ hưu", "Hưu"), _OTHERS),
    Term("armed_forces", "Lực lượng vũ trang", ("LLVT", "Quân đội", "Công an"), _AF),
    Term("student", "Học sinh, sinh viên", ("Học sinh", "Sinh viên", "HSSV"), _OTHERS),
    Term("other", "Khác", (), _OTHERS),
)
OCCUPATION_2026_1_MEANINGS: dict[str, tuple[str, ...]] = {
    "civil_servant": ("state_official", "party_mass_official", "commune_official"),
    "public_employee": ("public_employee",),
    "part_time_official": ("commune_official", "neighbourhood_part_time"),
    "enterprise_worker": ("enterprise_manager", "enterprise_staff", "production_worker"),
    "farmer": ("farmer",),
    "freelance": ("other",),
    "retired": ("retired",),
    "armed_forces": ("armed_forces",),
    "student": ("university_student", "pupil"),
    "other": ("other",),
}


def occupation_2026_1_choices(code: str) -> str:
    """The current occupations an old one may mean, quoted and joined for a message:
    “A”, “B” hoặc “C”."""
    labels = [f"\u201c{OCCUPATION.label(c)}\u201d" for c in OCCUPATION_2026_1_MEANINGS[code]]
    return ", ".join(labels[:-1]) + f" hoặc {labels[-1]}" if len(labels) > 1 else labels[0]


def occupation_from_2026_1(code: str | None) -> str | None:
    """The 2026.2 occupation an old one means, or None when it may mean several (or is no
    old occupation)."""
    meanings = OCCUPATION_2026_1_MEANINGS.get(code or "", ())
    return meanings[0] if len(meanings) == 1 else None


EXEMPT_REASON = _v(
    "exempt_reason",
    "Lý do miễn",
    Term("old_age_ill_health", "Tuổi cao, sức khỏe yếu", ("Tuổi cao", "Tuổi cao sức yếu", "Sức khỏe yếu")),
    Term("long_treatment", "Điều trị bệnh dài ngày", ("Điều trị bệnh", "Ốm dài ngày")),
    Term("working_away", "Đi làm ăn, lao động xa", ("Đi làm ăn xa", "Lao động xa", "Làm ăn xa")),
    Term("abroad", "Ra nước ngoài", ("Nước ngoài", "Đi nước ngoài")),
    Term("maternity", "Nghỉ thai sản", ("Thai sản",)),
    Term("awaiting_retirement", "Chờ nghỉ hưu", ("Chờ hưu",)),
    Term("other", "Khác"),
)
# The one reason for being exempted from Party work and activities ("miễn công tác và sinh
# hoạt đảng"); every other reason is a temporary exemption ("tạm miễn").
FULL_EXEMPTION_REASON = "old_age_ill_health"

YES_NO = _v(
    "yes_no",
    "Có/Không",
    # A tick ("√", "✓", "V"), and TRUE/FALSE: what Excel's check boxes put in the cell, and
    # what LibreOffice shows them as in Vietnamese (ĐÚNG/SAI).
    Term("yes", "Có", ("x", "X", "Yes", "1", "Đúng", "TRUE", "\u221a", "\u2713", "\u2714", "V")),
    Term("no", "Không", ("0", "No", "Ko", "K", "Không có", "FALSE", "Sai")),
)

# "Là đảng viên dự bị" (Biến động): secretaries write the status itself as often as Có/Không
# ("Dự bị", "Chính thức", as the roll says it). The same dropdown as every Có/Không column, read
# with these variants too; in the other yes/no columns "Dự bị" would mean nothing.
YES_NO_PROBATIONARY = Vocabulary(
    key="yes_no_probationary",
    title=YES_NO.title,
    terms=(
        Term("yes", "Có", (*YES_NO.terms[0].aliases, "Dự bị", "Đảng viên dự bị", "ĐV dự bị", "ĐVDB")),
        Term(
            "no", "Không", (*YES_NO.terms[1].aliases, "Chính thức", "Đảng viên chính thức", "ĐV chính thức")
        ),
    ),
    list_key=YES_NO.key,
)

EVENT_TYPE = _v(
    "event_type",
    "Loại biến động",
    Term(
        "admitted",
        "Kết nạp",
        (
            "Kết nạp mới",
            "Kết nạp đảng viên",
            "Kết nạp Đảng",
            "Kết nạp vào Đảng",
            "Kết nạp đảng viên mới",
            "KN",
        ),
    ),
    Term(
        "readmitted",
        "Kết nạp lại",
        ("Kết nạp lại vào Đảng", "Kết nạp Đảng lại", "Kết nạp lại đảng viên", "Tái kết nạp", "KN lại"),
    ),
    Term("restored", "Phục hồi đảng tịch", ("Phục hồi",)),
    # "SH" and "SHĐ" abbreviate "sinh hoạt" and "sinh hoạt đảng", as registers write them.
    Term(
        "transfer_in",
        "Chuyển đến",
        (
            "Chuyển sinh hoạt đến",
            "Nhận chuyển đến",
            "Chuyển sinh hoạt đảng đến",
            "Chuyển SH đến",
            "Chuyển SHĐ đến",
            # "Tới" is "đến" ("Chuyển sinh hoạt tới" was suggested as "Chuyển sinh hoạt đi").
            "Chuyển tới",
            "Chuyển sinh hoạt tới",
            "Chuyển sinh hoạt đảng tới",
            "Chuyển SH tới",
            "Chuyển SHĐ tới",
            "Nhận sinh hoạt",
            "Nhận sinh hoạt đảng",
            "Nhận chuyển sinh hoạt",
        ),
    ),
    Term(
        "transfer_out",
        "Chuyển đi",
        ("Chuyển sinh hoạt đi", "Chuyển sinh hoạt đảng đi", "Chuyển SH đi", "Chuyển SHĐ đi"),
    ),
    Term("died", "Từ trần", ("Chết", "Mất", "Qua đời", "Đã mất", "Đã từ trần", "Từ trần đảng viên")),
    Term(
        "struck_off",
        "Xóa tên",
        ("Xoá tên", "Xóa tên khỏi danh sách", "Xóa tên đảng viên", "Xoá tên đảng viên"),
    ),
    Term("expelled", "Khai trừ", ("Khai trừ khỏi Đảng", "Khai trừ đảng viên")),
    Term("resigned", "Xin ra khỏi Đảng", ("Xin ra Đảng", "Tự nguyện ra khỏi Đảng")),
)

# Events after which the member is no longer on this organisation's roll.
LEAVING_EVENTS = ("transfer_out", "died", "struck_off", "expelled", "resigned")
ADMISSION_EVENTS = ("admitted", "readmitted")
REMOVAL_EVENTS = ("struck_off", "expelled", "resigned")

_STRIKE_GROUNDS = (
    Term(
        "absence_or_dues",
        "Bỏ sinh hoạt hoặc không đóng đảng phí 3 tháng trong năm",
        ("Bỏ sinh hoạt", "Tự ý bỏ sinh hoạt", "Không đóng đảng phí", "Bỏ sinh hoạt, không đóng đảng phí"),
    ),
    Term("card_returned", "Tự ý trả hoặc hủy thẻ đảng viên", ("Trả thẻ", "Hủy thẻ", "Huỷ thẻ")),
    Term("lost_will", "Giảm sút ý chí phấn đấu", ("Giảm sút ý chí",)),
    Term("two_years_violation", "Hai năm liền vi phạm tư cách đảng viên", ("Hai năm liền vi phạm",)),
    Term("political_standard", "Không bảo đảm tiêu chuẩn chính trị", ("Không đảm bảo tiêu chuẩn chính trị",)),
    Term(
        "not_recognised",
        "Không đủ điều kiện công nhận đảng viên chính thức",
        ("Không được công nhận chính thức", "Không đủ điều kiện công nhận chính thức"),
    ),
    Term("other", "Khác"),
)
STRIKE_GROUND = _v("strike_ground", "Lý do xóa tên", *_STRIKE_GROUNDS)
STRIKE_GROUND_2026_1 = _v(
    "strike_ground_2026_1", "Lý do xóa tên", *(t for t in _STRIKE_GROUNDS if t.code != "not_recognised")
)

TRANSFER_SCOPE = _v(
    "transfer_scope",
    "Phạm vi chuyển",
    Term("internal", "Trong Đảng bộ phường", ("Trong phường", "Nội bộ phường", "Nội bộ", "Trong Đảng bộ")),
    Term(
        "same_province",
        "Xã, phường khác trong tỉnh",
        (
            "Trong tỉnh",
            "Phường khác trong tỉnh",
            "Xã khác trong tỉnh",
            "Ngoài phường, trong tỉnh",
            # Another ward or commune of the district, as registers wrote it before districts
            # were dissolved: inside the province, outside the ward.
            "Trong huyện",
            "Trong quận",
            "Trong thị xã",
            "Phường khác",
            "Xã khác",
        ),
    ),
    Term(
        "other_province", "Tỉnh, thành phố khác", ("Tỉnh khác", "Ngoài tỉnh", "Thành phố khác", "Khác tỉnh")
    ),
)

# The 54 ethnic groups of the General Statistics Office's list; the code is its number.
_ETHNIC_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Kinh", ("Việt", "Người Kinh")),
    ("Tày", ()),
    ("Thái", ()),
    ("Hoa", ("Hán", "Người Hoa")),
    ("Khơ-me", ("Khmer", "Khơ-me Krôm", "Khmer Krom")),
    ("Mường", ()),
    ("Nùng", ()),
    ("Mông", ("H'Mông", "HMông", "Hmong", "Mèo")),
    ("Dao", ()),
    ("Gia-rai", ("Jrai",)),
    ("Ngái", ()),
    ("Ê-đê", ("Rhade",)),
    ("Ba-na", ("Bahnar",)),
    ("Xơ-đăng", ("Sedang",)),
    ("Sán Chay", ("Cao Lan", "Cao Lan - Sán Chỉ")),
    ("Cơ-ho", ("K'Ho",)),
    ("Chăm", ("Chàm",)),
    ("Sán Dìu", ()),
    ("Hrê", ("H're",)),
    ("Mnông", ("M'Nông",)),
    ("Ra-glai", ()),
    ("Xtiêng", ("X'Tiêng", "Stiêng")),
    ("Bru-Vân Kiều", ("Vân Kiều", "Bru")),
    ("Thổ", ()),
    ("Giáy", ()),
    ("Cơ-tu", ("Katu",)),
    ("Giẻ-Triêng", ("Gié Triêng",)),
    ("Mạ", ()),
    ("Khơ-mú", ("Khmu",)),
    ("Co", ()),
    ("Tà-ôi", ("Pa Kô",)),
    ("Chơ-ro", ()),
    ("Kháng", ()),
    ("Xinh-mun", ()),
    ("Hà Nhì", ()),
    ("Chu-ru", ()),
    ("Lào", ()),
    ("La Chí", ()),
    ("La Ha", ()),
    ("Phù Lá", ()),
    ("La Hủ", ()),
    ("Lự", ()),
    ("Lô Lô", ()),
    ("Chứt", ()),
    ("Mảng", ()),
    ("Pà Thẻn", ()),
    ("Cơ Lao", ()),
    ("Cống", ()),
    ("Bố Y", ()),
    ("Si La", ()),
    ("Pu Péo", ()),
    ("Brâu", ()),
    ("Ơ Đu", ()),
    ("Rơ-măm", ()),
)
ETHNICITY = _v(
    "ethnicity",
    "Dân tộc",
    # The code of the statistics office's list ("01"…"54"), also as Excel keeps a number typed
    # or pasted into the cell: without its leading zero (1 is "01", Kinh).
    *(
        Term(f"{n:02d}", name, (*aliases, *((str(n),) if n < 10 else ())))
        for n, (name, aliases) in enumerate(_ETHNIC_GROUPS, start=1)
    ),
    loose_spacing=True,
)
KINH = "01"  # "Dân tộc thiểu số" are all the groups but this one

RELIGION = _v(
    "religion",
    "Tôn giáo",
    Term("none", "Không", ("Không theo tôn giáo", "Không tôn giáo", "Không có")),
    Term("buddhism", "Phật giáo", ("Đạo Phật", "Phật")),
    Term("catholicism", "Công giáo", ("Thiên Chúa giáo", "Đạo Thiên Chúa", "Thiên Chúa")),
    Term("protestantism", "Tin lành", ("Đạo Tin lành",)),
    Term("caodaism", "Cao Đài", ("Đạo Cao Đài",)),
    Term("hoa_hao", "Phật giáo Hòa Hảo", ("Hòa Hảo", "Đạo Hòa Hảo")),
    Term("islam", "Hồi giáo", ("Islam", "Đạo Hồi")),
    Term("other", "Tôn giáo khác", ("Khác",)),
    loose_spacing=True,
)

ACADEMIC_TITLE = _v(
    "academic_title",
    "Học hàm",
    Term("associate_professor", "Phó Giáo sư", ("PGS", "PGS.TS", "PGS. TS")),
    Term("professor", "Giáo sư", ("GS", "GS.TS", "GS. TS")),
)

# Ratings are the columns of the yearly sheet rather than a dropdown; the labels are the headers.
RATING = _v(
    "rating",
    "Xếp loại chất lượng",
    Term("excellent", "Hoàn thành xuất sắc nhiệm vụ"),
    Term("good", "Hoàn thành tốt nhiệm vụ"),
    Term("pass", "Hoàn thành nhiệm vụ"),
    Term("fail", "Không hoàn thành nhiệm vụ"),
    Term("not_rated", "Không xếp loại"),
)

ALL: dict[str, Vocabulary] = {
    v.key: v
    for v in (
        ORG_TIER,
        SECTOR,
        GENDER,
        ETHNICITY,
        RELIGION,
        GEN_EDU,
        PROF_LEVEL,
        ACADEMIC_TITLE,
        THEORY_LEVEL,
        OCCUPATION,
        OCCUPATION_GROUP,
        EXEMPT_REASON,
        YES_NO,
        EVENT_TYPE,
        STRIKE_GROUND,
        TRANSFER_SCOPE,
        RATING,
    )
}
# The lists of template 2026.1 that differ from the current ones (old files are read with them).
PROF_LEVEL_2026_1 = _v(
    "prof_level_2026_1",
    PROF_LEVEL.title,
    *(Term(t.code, "Sơ cấp", ("SC",)) if t.code == "elementary" else t for t in PROF_LEVEL.terms),
)

# Derived groupings of the statistics (codes, so the statistics never compare labels).
PROF_INTERMEDIATE_PLUS = ("intermediate", "college", "university", "master", "doctor")
PROF_UNIVERSITY_PLUS = ("university", "master", "doctor")
THEORY_ADVANCED_BACHELOR = ("advanced", "bachelor")
# The party-age eras (`members.era.<code>`, by the date of admission) in the words of
# `Tổng hợp` and Biểu 3-BTCTW.
PARTY_AGE_ERAS: tuple[tuple[str, str], ...] = (
    ("before_1945", "Trước 19/8/1945"),
    ("1945_1954", "Từ 19/8/1945 đến 20/7/1954"),
    ("1954_1975", "Từ 21/7/1954 đến 30/4/1975"),
    ("from_1975", "Từ 01/5/1975 đến nay"),
)
