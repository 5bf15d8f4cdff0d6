"""Text hygiene shared by every layer: invisible characters, organisation codes, echoed values.

Three small promises live here so that no layer has its own version of them:

- invisible characters (zero-width spaces and joiners, the byte-order mark) are
  never part of what a person meant to type: `strip_invisible` removes them, and
  `org_code_key` compares organisation codes (of the registry, of a submission, of a file
  name) up to case, spaces and those characters; `org_code_loose_key` compares them more
  loosely still (`HD 10`, `HD-10`, `HĐ10`, `HD010` are `HD10`), for a code that meets no
  registry code exactly;
- a value quoted back to the user (`shown`) is capped in length and has its control and
  invisible characters made visible (`\\x1b`, `\\u200b`), so a cell cannot write escape
  sequences to a terminal or hide a difference between two identical-looking words;
- `terminal_safe` does the same for whole lines just before they are printed (file names
  can carry escape sequences too);
- `file_labels` names files in messages so that two files never read alike;
- `ward_key` compares ward names (the history's records, a roll-up's summaries) up to
  spaces, case and Unicode form.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from toolkit.core.vnformat import number
from toolkit.core.vocab import person_name_key

# Zero-width space / non-joiner / joiner, word joiner, byte-order mark, and the marks of
# bidirectional text (left-to-right and right-to-left marks, embeddings, overrides, isolates,
# which text pasted from a web page or a phone carries): nothing a secretary means to type,
# and invisible in every font. "Kinh" with a left-to-right mark after it is "Kinh", and a name
# with one is the same person as without. (Not the soft hyphen U+00AD: it is the letter "ư"
# of TCVN3 text read as Latin-1, converted later by `toolkit.io.legacy`.)
_ZERO_WIDTH = (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)
_BIDI_MARKS = (0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
INVISIBLE = "".join(map(chr, (*_ZERO_WIDTH, *_BIDI_MARKS)))
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_SPACES = re.compile(r"\s+")

# Characters that must not reach a terminal as they are: C0 and C1 controls (escape
# sequences start with ESC or CSI), DEL, bidirectional overrides and the invisible ones.
_UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_UNSAFE_IN_VALUE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")

MAX_SHOWN_CHARS = 120  # a value quoted in a message: enough to recognise it, never a page


def strip_invisible(text: str) -> str:
    """`text` without zero-width characters, byte-order marks and soft hyphens."""
    return _INVISIBLE_RE.sub("", text) if _INVISIBLE_RE.search(text) else text


def clean_code(value: object) -> str:
    """An organisation code as it should be written: NFC, no invisible characters, single
    inner spaces, none around (a float code such as 12.0 read from a sheet becomes "12")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = strip_invisible(unicodedata.normalize("NFC", str(value)))
    return _SPACES.sub(" ", text).strip()


def org_code_key(value: object) -> str:
    """The key two organisation codes are compared by: `clean_code`, then casefolded.

    ` hd01 `, `HD01` and `HD\u200b01` are one organisation."""
    return clean_code(value).casefold()


# What a code typed loosely may hold that the registry's does not: spaces, hyphens and dashes,
# dots, underscores, slashes. Leading zeros of a number are dropped after them (`HD 010` is
# `hd10`), and Đ/đ (and the eth Ð some fonts put for it) is D.
_LOOSE_SEPARATORS = r"\s\-._/\u2010-\u2015\u2212"
_LOOSE_DROP = re.compile(f"[{_LOOSE_SEPARATORS}]+")
_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")


def _loose_fold(text: str) -> str:
    return unicodedata.normalize("NFC", strip_invisible(text)).casefold().replace("đ", "d").replace("ð", "d")


def org_code_loose_key(value: object) -> str:
    """The loose key of an organisation code: `org_code_key` without spaces, hyphens, dots,
    underscores and slashes, Đ read as D, and the leading zeros of a number dropped.

    `HD 10`, `hd-10`, `HĐ10`, `HD10.` and `HD010` have the key of `HD10`: "hd10". Two codes of
    one registry may share it (`HD1`, `HD01`): a code is read by its loose key only when one
    registry code has it (`toolkit.core.model.Registry.find`)."""
    return _LEADING_ZEROS.sub("", _LOOSE_DROP.sub("", _loose_fold(clean_code(value))))


_BARE_NUMBER = re.compile(r"[0-9]+")
_LETTERS_NUMBER = re.compile(r"[^\W\d_]+([0-9]+)")


def registry_code_to_fix(registry_code: object, typed: object) -> bool:
    """Whether a registry code and a submission's code that differ only by format are the
    registry's to fix, not the chi bộ's: the registry's written loosely (`HD 10`, `HD-10`) where
    the file's is written tight (`HD10`), or a bare number (`10`, a row number typed into the
    code column, or `01` that Excel made 1) where the file's is letters and that number
    (`HD10`). The registry is the clerk's own sheet, and the templates are made from it."""
    ours, theirs = clean_code(registry_code), clean_code(typed)
    if not ours or not theirs or _LOOSE_DROP.search(theirs):
        return False
    if _LOOSE_DROP.search(ours):
        return org_code_loose_key(ours) == org_code_loose_key(theirs)
    number = _LETTERS_NUMBER.fullmatch(org_code_loose_key(theirs))
    return bool(_BARE_NUMBER.fullmatch(ours)) and number is not None and number[1] == org_code_loose_key(ours)


# Nine digits or more in a row (single spaces or dots between them: “0912 345 678”,
# “001.089.012.345”): no count, date, year or code, but a phone number (10), a CCCD (12) or a
# CMND (9) pasted into the wrong cell (hunt312 F4). Not the decimals of a fraction shown
# (“0,333333333333333”, a formula's 1/3): no run starts after a decimal comma (review314).
_ID_DIGITS = re.compile(r"(?<![\d,])\d(?:[ .]?\d){8,}")


def holds_id_number(text: str | None) -> bool:
    """Whether a quoted cell text holds a run of digits as long as a phone or ID-card number
    (`_ID_DIGITS`): whoever's it is, even in a cell that otherwise holds no one (a count read
    from text, `rules.CORRECTIONS`' `listed`), and even typed as an organisation code."""
    return text is not None and _ID_DIGITS.search(text) is not None


# What an organisation code looks like (`looks_like_org_code`): at most this many letters and
# digits once its separators (`_LOOSE_SEPARATORS`) are dropped, every word between them
# code-like (`_code_word`) or one word alone (`Mai`: a one-word name cannot be told from a
# code). A word is code-like when it holds a digit (`TDP1`, `01`), when it is an abbreviation
# no Vietnamese syllable is (`CB`, `TDP`, `ĐBCS`, `UBND`: `_ABBREVIATION` and not `_SYLLABLE`,
# at most one vowel, unaccented but for Đ), or when it is a word of a unit's name
# (`_UNIT_WORDS`: `Chi bộ 5`, `CB khu 3`, `Tổ dân phố số 9`) in a text that ends in a number.
# A Vietnamese name is syllables (`Lê Văn A`, `LE VAN A`, `NGUYEN THI HA`): never code-like.
_MAX_CODE_CHARS = 12
_LETTERS = re.compile(r"[^\W\d_]{2,}")  # a word of two or more letters (one letter is `A`, `5A`)
_ABBREVIATION = re.compile(r"[abcdđeghiklmnopqrstuvxy]{2,}")  # a Vietnamese syllable's initials
_INITIAL = r"(?:ngh|ng|gh|gi|kh|ch|nh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_SYLLABLE = re.compile(_INITIAL + r"[aeiouy]+(?:ng|nh|ch|[cmnpt])?")  # unaccented: "le", "nguyen"
_VOWELS = frozenset("aeiouy")
_UNIT_WORDS = frozenset(  # with their marks, and without
    ("chi", "bộ", "bo", "khu", "tổ", "to", "dân", "dan", "phố", "pho", "số", "so")
    + ("ấp", "ap", "thôn", "thon", "xóm", "xom", "đảng", "dang")
)
_SHOWN_ESCAPE = re.compile(r"\\(?:x[0-9a-f]{2}|u[0-9a-f]{4})")  # `shown`'s visible invisibles


def _code_word(word: str, ends_in_number: bool) -> bool:
    """Whether `word` (two or more letters, maybe digits) is a code's word, not a name's
    (`looks_like_org_code`)."""
    if any(ch.isdigit() for ch in word):
        return True
    folded = word.casefold()
    if ends_in_number and folded in _UNIT_WORDS:
        return True
    return (
        _ABBREVIATION.fullmatch(folded) is not None
        and _SYLLABLE.fullmatch(folded) is None
        and sum(ch in _VOWELS for ch in folded) <= 1
    )


def looks_like_org_code(value: object) -> bool:
    """Whether a code typed (or quoted by `shown`) looks like an organisation code: letters and
    digits, up to `_MAX_CODE_CHARS` of them besides spaces, hyphens, dots, underscores and
    slashes, and every word between those code-like (`_code_word`: `CB99`, `HD 01`, `ĐB-07`,
    `CB TDP1`, `ĐB CQ 01`, `DB UBND`, `Chi bộ 5`, `CB khu 3`), or a single word. A name typed
    into the code cell (`CB08 (Đặng Thai Mai)`, `Đặng Thai Mai`, `LE VAN A`, `CB8 Lê Văn A`),
    or a phone or ID-card number (`holds_id_number`), does not: a message quoting a code the
    registry lacks masks it as a member's data (hunt307 F2). A single word of up to twelve
    letters (`Mai`) cannot be told from a code, and passes."""
    text = clean_code(_SHOWN_ESCAPE.sub("", str(value)) if value is not None else None)
    compact = _LOOSE_DROP.sub("", text)
    if not compact or len(compact) > _MAX_CODE_CHARS or not compact.isalnum() or holds_id_number(text):
        return False
    parts = [part for part in _LOOSE_DROP.split(text) if part]
    words = [part for part in parts if _LETTERS.search(part)]
    ends_in_number = any(ch.isdigit() for ch in parts[-1])
    return len(words) <= 1 or all(_code_word(word, ends_in_number) for word in words)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(value: object, limit: int = MAX_SHOWN_CHARS) -> str:
    """A value as a message quotes it: control and invisible characters escaped, at most
    `limit` characters (then an ellipsis and how many were left out)."""
    text = str(value)
    if _UNSAFE_IN_VALUE_RE.search(text):
        text = _UNSAFE_IN_VALUE_RE.sub(_escape, text)
    if len(text) > limit:
        text = f"{text[:limit]}… (+{number(len(text) - limit)} ký tự)"
    return text


def terminal_safe(line: str) -> str:
    """A line ready for a terminal: control characters other than tab and newline, bidi
    overrides and invisible characters escaped."""
    return _UNSAFE_RE.sub(_escape, line) if _UNSAFE_RE.search(line) else line


# --- organisation codes in file names ----------------------------------------------------------

_SLUG_DROP = re.compile(r"[^a-z0-9]+")
# A code at the start of a name without a registry to compare with: letters and digits (with
# at least one of each), then `_` and the rest of the name, or nothing.
_CODE_IN_NAME = re.compile(r"^(?=[A-Za-z0-9-]*[A-Za-z])(?=[A-Za-z0-9-]*\d)([A-Za-z0-9-]{2,20})(?:_|$)")


def code_slug(code: str) -> str:
    """An organisation code as it starts a file name, lower case, in ASCII: `T-01` → `t_01`,
    `ĐB01` → `db01` (Đ as D and the diacritics dropped, as the name's slug has them: dropping
    the letter named ĐB01's template `B01_…`, and an unreadable file of ĐB01 was B01's)."""
    return _slug(clean_code(code))


def _slug(text: str) -> str:
    return _SLUG_DROP.sub("_", _ascii_fold(text)).strip("_")


def code_in_file_name(name: str, registry_codes: list[str] | None = None) -> str | None:
    """The organisation a file's name names, or None.

    With the registry's codes: the longest code whose slug starts the name (alone, or followed
    by `_` or another separator) — `HD01_chi_bo_1.xlsx`, `hd01.xlsx`, `HD-01 (sua).xlsx`; when
    none does, the one code whose loose key (`org_code_loose_key`) starts it — `HD 10_chi_bo.xlsx`,
    `HĐ010.xlsx` for `HD10` — and None when several do (`HD1` and `HD01` for `HD 01.xlsx`).
    Without them: a `<code>_<slug>` name as the pre-filled templates are named, the code having
    letters and digits (`T01_chi_bo.xlsx` → `T01`).
    """
    stem = name.rsplit(".", 1)[0] if "." in name else name
    if registry_codes is not None:
        folded = _slug(stem)
        index = _slug_index(tuple(registry_codes))
        # The codes whose slug is the name's, or starts it before a `_`: the longest such slug
        # (one prefix of each length), its codes in the registry's order.
        found = index.get(folded, [])
        if not found:
            cuts = [i for i, ch in enumerate(folded) if ch == "_"]
            found = next((index[folded[:i]] for i in reversed(cuts) if folded[:i] in index), [])
        # Of codes of one slug (`DB01`, `ĐB01`), the one the name has as it is written.
        written = unicodedata.normalize("NFC", strip_invisible(stem)).casefold()
        exact = [c for c in found if written.startswith(clean_code(c).casefold())]
        best = exact or found
        return best[0] if best else _loose_code_in_name(stem, registry_codes)
    m = _CODE_IN_NAME.match(strip_invisible(stem))
    return m.group(1) if m else None


def file_org_key(org_code: str | None, file_name: str, registry_codes: list[str] | None = None) -> str | None:
    """A file's organisation key (`org_code_key`) as far as the file tells it: the code its
    `Thông tin` states (`org_code`), else the code its name names (`code_in_file_name`, as the
    attribution reads it), else None. Files of one key are one organisation's: an old copy of
    HD08's file whose `Thông tin` was renamed is HD08's by its name. A file of None may be any
    organisation's, its own one's too: it is never "another organisation" to a file. With the
    registry's codes, the `Thông tin` code counts only when it is one of them (by its key, else
    the one code of its loose key, as `Registry.find` reads it: then that code's key), else the
    name's code comes first: `CB08_x.xlsx` stating "CB8X", no registry code, is CB08's to the
    attribution, and was "another organisation" to CB08's real file (review270 F3)."""
    code: str | None = org_code
    if registry_codes is not None and org_code:
        code = (
            _registry_code(org_code, tuple(registry_codes))
            or code_in_file_name(file_name, registry_codes)
            or org_code
        )
    elif not org_code:
        code = code_in_file_name(file_name, registry_codes)
    return org_code_key(code) or None if code else None


@functools.lru_cache(maxsize=8)
def _registry_keys(codes: tuple[str, ...]) -> tuple[frozenset[str], dict[str, list[str]]]:
    """The registry's code keys (`org_code_key`), and its codes by loose key
    (`org_code_loose_key`): built once per registry."""
    loose: dict[str, list[str]] = {}
    for code in codes:
        if key := org_code_loose_key(code):
            loose.setdefault(key, []).append(code)
    return frozenset(org_code_key(code) for code in codes), loose


def _registry_code(code: str, codes: tuple[str, ...]) -> str | None:
    """The registry code `code` names, as `Registry.find` reads it: itself when its key is a
    registry code's, else the only registry code of its loose key; None when none is."""
    keys, loose = _registry_keys(codes)
    if org_code_key(code) in keys:
        return code
    found = loose.get(org_code_loose_key(code), [])
    return found[0] if len(found) == 1 else None


def _loose_pattern(key: str) -> re.Pattern[str]:
    """A name that starts with a code of loose key `key`, written loosely: separators between
    its characters, zeros before its numbers, then no letter or digit."""
    sep = f"[{_LOOSE_SEPARATORS}]*"
    parts = []
    for i, ch in enumerate(key):
        zeros = f"(?:0{sep})*" if ch.isdigit() and (i == 0 or not key[i - 1].isdigit()) else ""
        parts.append(zeros + re.escape(ch))
    return re.compile(f"{sep.join(parts)}(?![^\\W_])")


@functools.lru_cache(maxsize=8)
def _slug_index(codes: tuple[str, ...]) -> dict[str, list[str]]:
    """The registry's codes by their slug (`code_slug`), each list in the registry's order:
    built once per registry, where every file's name is looked up (a city's thousand files
    against its thousand codes)."""
    index: dict[str, list[str]] = {}
    for code in codes:
        if slug := code_slug(code):
            index.setdefault(slug, []).append(code)
    return index


@functools.lru_cache(maxsize=8)
def _loose_patterns(codes: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each code with a loose key and the pattern of a name it starts (`_loose_pattern`)."""
    return tuple((code, _loose_pattern(key)) for code in codes if (key := org_code_loose_key(code)))


def _loose_code_in_name(stem: str, registry_codes: list[str]) -> str | None:
    folded = _loose_fold(stem)
    found = [code for code, pattern in _loose_patterns(tuple(registry_codes)) if pattern.match(folded)]
    return found[0] if len(found) == 1 else None


# An organisation's name as two names of one organisation are compared: without diacritics
# or case, the usual abbreviations written out ("TDP 7" is "Tổ dân phố số 7"), and without the
# words that every name has or leaves out ("Chi bộ", "Đảng bộ", "số"). Names vary more than
# this ("Chi bộ Khu dân cư số 3" / "Chi bộ KDC 3" / "Chi bộ khu 3"): equal keys say two names
# are one, unequal keys say nothing.
_NAME_ABBREVIATIONS = {
    "tdp": ("to", "dan", "pho"),
    "kp": ("khu", "pho"),
    "kdc": ("khu", "dan", "cu"),
    "cb": ("chi", "bo"),
    "db": ("dang", "bo"),
}
_NAME_COMMON_WORDS = frozenset({"chi", "dang", "bo", "so"})
_NAME_TOKENS = re.compile(r"[a-z]+|[0-9]+")


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").casefold()


def _name_tokens(value: object) -> list[str]:
    if not isinstance(value, str):
        return []
    tokens: list[str] = []
    for token in _NAME_TOKENS.findall(_ascii_fold(strip_invisible(value))):
        if token.isdigit():
            tokens.append(str(int(token)))  # "07" is 7
        else:
            tokens.extend(_NAME_ABBREVIATIONS.get(token, (token,)))
    return tokens


def tidy_name(name: str | None) -> str | None:
    """A ward's (or a roll-up unit's) name as typed, to show and to store: one Unicode form
    (NFC: a name typed with combining accents reads and sorts as the same letters elsewhere,
    e.g. the province's own tools), without zero-width characters, its spaces made single;
    None when nothing is left."""
    text = strip_invisible(unicodedata.normalize("NFC", name or ""))
    return " ".join(text.split()) or None


def ward_key(name: str | None) -> str:
    """The ward a name is of, as records of the history and the summaries of a roll-up are
    compared: the name with its spaces made single, in one Unicode form (NFC: a name typed with
    combining accents is the same name) and case folded; "" for no name. Records of different
    keys never supersede one another (`toolkit.history.store.current_ids`); a record without a
    name is still used by every ward's run (`toolkit.history.session`). The tone of "oa", "oe",
    "uy" is one whichever vowel it was typed on ("Phường Hoà Bình" = "Phường Hòa Bình", as
    `vocab.person_name_key` reads a person's name: the two look alike and the keyboards set
    either, hunt110 #2)."""
    return person_name_key(name or "")


def org_name_key(value: object) -> str:
    """The key two organisation names are compared by ("" for no name).

    "Chi bộ Tổ dân phố số 7", "chi bo TDP 07" and "CB TDP7" have one key: "to dan pho 7"."""
    return " ".join(t for t in _name_tokens(value) if t not in _NAME_COMMON_WORDS)


def org_name_numbers(value: object) -> frozenset[int]:
    """The numbers an organisation name holds ("Khu phố 3, tổ 12" → {3, 12})."""
    return frozenset(int(t) for t in _name_tokens(value) if t.isdigit())


# What a ward-level unit's name starts with (since 2025: phường, xã, đặc khu; thị trấn in older
# names). The official forms head "ĐẢNG ỦY " + the name, so "Hải Dương" alone would read as
# another committee's.
UNIT_KINDS = ("phường", "xã", "đặc khu", "thị trấn")


def _unit_name_key(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(strip_invisible(name).split())).casefold()


def names_its_kind(name: str) -> bool:
    """Whether a ward's name starts with its kind and has a name after it ("Phường Hải Dương",
    not "Hải Dương" or "Phường")."""
    folded = _unit_name_key(name)
    return any(folded.startswith(kind + " ") for kind in UNIT_KINDS)


# The kinds of the units above a ward that a roll-up names (`rollup --name "Tỉnh Hải Dương"`),
# as the forms head them (`forms.COMMITTEE_OF_KIND`), and their committees' words.
ROLLUP_UNIT_KINDS = ("thành phố", "thị xã", "tỉnh", "huyện", "quận")
# A committee's words, and the kind of the unit whose Đảng bộ it leads ("đảng ủy": an Đảng bộ
# named after it, "Đảng ủy Khối …" → "Đảng bộ Khối …").
_COMMITTEE_OF_KIND = {
    "tỉnh ủy": "tỉnh",
    "thành ủy": "thành phố",
    "thị ủy": "thị xã",
    "huyện ủy": "huyện",
    "quận ủy": "quận",
    "đảng ủy": "",
}


def unit_party_body(name: str | None, *, rollup: bool) -> str | None:
    """The Đảng bộ a run's figures are of, as the report's title names it: a ward's
    (`ward_party_body`), or a roll-up's unit, its kind in lower case as for a ward ("Tỉnh Thử"
    → "Đảng bộ tỉnh Thử"; hunt253 F4: a roll-up's report named no unit). A roll-up named by its
    committee is named by the Đảng bộ that committee leads: "Tỉnh ủy Hải Dương" → "Đảng bộ
    tỉnh Hải Dương", "Đảng ủy Khối các cơ quan" → "Đảng bộ Khối các cơ quan" (review256: "Số
    liệu đội ngũ đảng viên Tỉnh ủy Hải Dương" named the committee's few members, not the
    province's); after "Đảng ủy" a unit's kind is lower-cased as anywhere ("Đảng ủy Tỉnh Hải
    Dương" → "Đảng bộ tỉnh Hải Dương", review257). A committee's words alone are kept as typed;
    None without a name."""
    if not rollup:
        return ward_party_body(name)
    tidy = tidy_name(name)
    if tidy is None:
        return None
    key = _unit_name_key(tidy).replace("uỷ", "ủy")
    kinds = UNIT_KINDS + ROLLUP_UNIT_KINDS
    for words, kind in _COMMITTEE_OF_KIND.items():
        if key == words:
            return tidy
        if key.startswith(words + " "):
            rest = " ".join(tidy.split()[len(words.split()) :])
            return ward_party_body(f"{kind} {rest}" if kind else rest, kinds=kinds)
    return ward_party_body(tidy, kinds=kinds)


def ward_party_body(name: str | None, *, kinds: tuple[str, ...] = UNIT_KINDS) -> str | None:
    """The ward's Đảng bộ, named from its name (`tidy_name`) as prose writes it: "Phường Mẫu" →
    "Đảng bộ phường Mẫu" (its kind, a common noun before the name, in lower case); a name
    without its kind as written ("Đảng bộ Hải Dương", warned of as `ward.name_without_kind`);
    a place typed all in lower case or all in capitals capitalised word by word, and after an
    apostrophe or a hyphen ("phường ngọc châu", "PHƯỜNG NGỌC CHÂU" → "Đảng bộ phường Ngọc
    Châu", "xã ea h'leo" → "Đảng bộ xã Ea H'Leo"; "số" lower case: "phường số 12");
    None without a name. The forms head the same name upper-cased after "ĐẢNG ỦY"
    (`forms.committee_heading`), `Tổng hợp` and the report's title this upper-cased or as it is,
    so every output names the ward alike."""
    tidy = tidy_name(name)
    if tidy is None:
        return None
    folded = _unit_name_key(tidy)
    words = tidy.split()
    if folded.startswith("đảng bộ "):  # "Đảng bộ phường Mẫu" typed as the name: said once
        words = words[2:]
        folded = " ".join(folded.split()[2:])
    size = 0
    for kind in kinds:
        if folded == kind or folded.startswith(kind + " "):
            size = len(kind.split())
            break
    place = words[size:]
    lower = not any(ch.isupper() for word in place for ch in word)
    if lower or not any(ch.islower() for word in place for ch in word):
        # A place typed all in lower case ("phường ngọc châu") or all in capitals ("PHƯỜNG NGỌC
        # CHÂU"): a proper name, capitalised word by word as Vietnamese writes it ("Ngọc Châu");
        # a name of both cases is kept as typed (hunt206 F3: the report read "toàn Đảng bộ phường
        # ngọc châu"; h210: "Đảng bộ phường NGỌC CHÂU"). "số" is a common noun ("phường số 12",
        # not "Số 12"), and a Roman numeral stays one ("PHƯỜNG II", "phường ii" → "phường II",
        # h252: "phường Ii"), as the place's last word only (`_is_numeral`).
        place = [
            word.upper() if _is_numeral(place, at) else _place_word(word.lower())
            for at, word in enumerate(place)
        ]
    else:
        # Typed in both cases, a numeral typed in lower case is still one: "Phường Đông Hải
        # iii" → "Đông Hải III" (h252); the rest is kept as typed.
        place = [word.upper() if _is_numeral(place, at) else word for at, word in enumerate(place)]
    return "Đảng bộ " + " ".join([*(w.lower() for w in words[:size]), *place])


def _place_word(word: str) -> str:
    """A word of a place's name typed in one case, as Vietnamese writes it: each part
    capitalised (`_PLACE_PART`), "số" (a number's noun) kept lower case."""
    if word == "số":
        return word
    return _PLACE_PART.sub(lambda m: m.group(1) + m.group(2).upper(), word)


# The letter that starts each part of a place's word: the word's first, and the one after an
# apostrophe or a hyphen, as the names of the Central Highlands and compound places are written
# ("Ea H'Leo", "Đắk R'Lấp", "Phan Rang-Tháp Chàm"; review208: "ea h'leo" became "Ea H'leo").
_PLACE_PART = re.compile(r"(^|['’\-])(\w)")
# A Roman numeral of a ward's number, 1 to 39 ("PHƯỜNG II", "KHU IV", "phường xii"), written in
# capitals as the place's last word (`ward_party_body`); "IIII" or "VX" is no numeral.
_ROMAN = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")
# Numerals that are also syllables of Vietnamese names ("Tường Vi", "Vi Hương", "Xi"): a numeral
# only as the whole place ("phường vi" → "phường VI"), a syllable after another word.
_NUMERAL_SYLLABLES = frozenset({"VI", "XI"})


def _is_numeral(place: list[str], at: int) -> bool:
    """Whether `place[at]` is a Roman numeral numbering the place: its last word, a numeral in
    any case, and, if it is also a syllable ("vi", "xi"), the place's only word. A number
    follows the name: a first or middle word of I, V and X is a syllable ("XÃ VI HƯƠNG" is
    "xã Vi Hương", not "VI Hương"; h211)."""
    word = place[at].upper()
    if at != len(place) - 1 or not _ROMAN.fullmatch(word):
        return False
    return len(place) == 1 or word not in _NUMERAL_SYLLABLES


def is_only_kind(name: str) -> bool:
    """Whether a ward's name is its kind and nothing more ("Phường", "xã", "Đặc khu"): the
    word is there, the name after it is missing."""
    return _unit_name_key(name) in UNIT_KINDS


def file_labels(paths: Iterable[Path]) -> dict[Path, str]:
    """How each file is named in messages and headings: its name as NFC text, unless another
    file's name reads the same (case aside): a file of one name in two folders given together
    (`validate A B`, `upgrade A B`), or a name with its accents encoded in two ways, NFC and NFD,
    which Windows Explorer shows alike. Then by its path from the folder they share
    (`A/x.xlsx`, `B/x.xlsx`; the whole path across two drives), or, in one folder, with a note
    of the decomposed accents, so that the clerk can tell which file a line is about."""
    by_shown: dict[str, list[Path]] = {}
    for path in dict.fromkeys(map(Path, paths)):
        by_shown.setdefault(unicodedata.normalize("NFC", path.name).casefold(), []).append(path)
    labels: dict[Path, str] = {}
    for same in by_shown.values():
        for path in same:
            labels[path] = unicodedata.normalize("NFC", path.name)
        if len(same) == 1:
            continue
        try:
            base = os.path.commonpath([os.path.abspath(p.parent) for p in same])
        except ValueError:  # on two drives (Windows): the whole path
            base = ""
        for path in same:
            if any(p.parent != path.parent for p in same):
                where = os.path.relpath(os.path.abspath(path), base) if base else str(path)
                labels[path] = unicodedata.normalize("NFC", where)
            elif not unicodedata.is_normalized("NFC", path.name):
                labels[path] += " (tên tệp viết dấu theo kiểu Unicode tổ hợp)"
    return labels
