"""Legacy Vietnamese encodings: the TCVN3 (ABC) and VNI tables, detection and conversion.

Text typed with a TCVN3 (ABC) or VNI keyboard driver in a legacy font is stored in the
workbook as the Windows-1252 reading of the legacy bytes: "Nguyễn" in .VnTime arrives as
"NguyÔn", in VNI-Times as "Nguyeãn". The tables below map those bytes (as Latin-1
characters) back to Unicode; they follow the published TCVN 5712:1993 VN3 chart and the
VNI-Windows chart. Nothing is guessed: text is converted only when the cell's font says so
or the text cannot be Unicode Vietnamese.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Encoding = Literal["tcvn3", "vni"]
ENCODING_LABEL: dict[str, str] = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}

_TCVN3_BYTES: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
TCVN3_TO_UNICODE: dict[str, str] = {chr(b): u for b, u in _TCVN3_BYTES.items()}
_TCVN3_TRANS = str.maketrans(TCVN3_TO_UNICODE)

# VNI-Windows: a base letter followed by one mark byte (lower/upper case variants).
_TONES = {"sac": "\u0301", "huyen": "\u0300", "hoi": "\u0309", "nga": "\u0303", "nang": "\u0323"}
_VNI_TONE = {"sac": "ù", "huyen": "ø", "hoi": "û", "nga": "õ", "nang": "ï"}
_VNI_CIRC_TONE = {"": "â", "sac": "á", "huyen": "à", "hoi": "å", "nga": "ã", "nang": "ä"}
_VNI_BREVE_TONE = {"": "ê", "sac": "é", "huyen": "è", "hoi": "ú", "nga": "ü", "nang": "ë"}
_VNI_I = {"sac": "í", "huyen": "ì", "hoi": "æ", "nga": "ó", "nang": "ò"}
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "î": "ỵ", "Ô": "Ơ", "Ö": "Ư", "Ñ": "Đ", "Î": "Ỵ"}


def _compose(base: str, *marks: str) -> str:
    return unicodedata.normalize("NFC", base + "".join(marks))


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(seq: str, out: str) -> None:
        # Marks are accepted in either case; the output takes the case of the base letter.
        for mark_case in (str.lower, str.upper):
            key = seq[0] + mark_case(seq[1:]) if len(seq) > 1 else seq
            table.setdefault(key, out)
            upper_key = seq[0].upper() + mark_case(seq[1:]) if len(seq) > 1 else seq.upper()
            table.setdefault(upper_key, out.upper())

    for base in "aeouy":
        for tone, mark in _VNI_TONE.items():
            add(base + mark, _compose(base, _TONES[tone]))
    for base in "aeo":
        for tone, mark in _VNI_CIRC_TONE.items():
            add(base + mark, _compose(base, "\u0302", _TONES.get(tone, "")))
    for tone, mark in _VNI_BREVE_TONE.items():
        add("a" + mark, _compose("a", "\u0306", _TONES.get(tone, "")))
    for tone, mark in _VNI_I.items():
        add(mark, _compose("i", _TONES[tone]))
    for horn_byte, base in (("ô", "o"), ("ö", "u")):
        for tone, mark in _VNI_TONE.items():
            add(horn_byte + mark, _compose(base, "\u031b", _TONES[tone]))
    for seq, out in _VNI_SINGLE.items():
        table.setdefault(seq, out)
    return table


VNI_TO_UNICODE: dict[str, str] = _build_vni()
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))

# Letters of Unicode Vietnamese; anything else in Latin-1 cannot be Unicode Vietnamese text.
_VIET_LOWER = "àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
VIETNAMESE_LETTERS = frozenset(_VIET_LOWER + _VIET_LOWER.upper())
_LATIN1_FOREIGN = "".join(chr(c) for c in range(0xA1, 0x100) if chr(c) not in VIETNAMESE_LETTERS)
FOREIGN_CHARS_PATTERN = "[" + re.escape(_LATIN1_FOREIGN) + "]"
FOREIGN_RE = re.compile(FOREIGN_CHARS_PATTERN)
_NON_LATIN1_RE = re.compile(r"[^\x00-\xff]")

# Valid vowel nuclei of Vietnamese syllables (tone marks removed), used to tell TCVN3 from
# VNI when the cell's font does not say which one it is.
_NUCLEI = frozenset(
    """a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê
    ui uô uơ uy ưa ưi ươ ưu yê iêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu yêu uyê uê ưu
    uai uay uao ueo""".split()
)
_BASE_VOWELS = "aăâeêioôơuưy"
_WORD_RE = re.compile(r"[^\W\d_]+")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def legacy_font_encoding(font_name: str | None) -> Encoding | None:
    """The legacy encoding a font implies: `.VnTime`, `.VnArialH` → TCVN3; `VNI-Times` → VNI."""
    if not font_name:
        return None
    name = font_name.strip().lower()
    if name.startswith("vni"):
        return "vni"
    if name.startswith(".vn") or name.startswith("vn3") or name.startswith(".vn3"):
        return "tcvn3"
    return None


def is_uppercase_font(font_name: str | None) -> bool:
    """TCVN3 fonts ending in H (.VnTimeH, .VnArialH) show every letter as a capital."""
    if not font_name:
        return False
    return legacy_font_encoding(font_name) == "tcvn3" and font_name.strip().endswith("H")


def from_tcvn3(text: str, *, uppercase: bool = False) -> str:
    converted = text.translate(_TCVN3_TRANS)
    # The H fonts draw every letter, ASCII included, as a capital.
    return converted.upper() if uppercase else converted


def from_vni(text: str) -> str:
    return _VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text)


def _syllable_faults(text: str) -> int:
    """Words that cannot be Vietnamese syllables: foreign characters, two tones, bad vowels."""
    faults = 0
    for word in _WORD_RE.findall(text):
        if FOREIGN_RE.search(word):
            faults += 1
            continue
        decomposed = unicodedata.normalize("NFD", word.lower())
        if sum(1 for c in decomposed if c in _TONE_MARKS) > 1:
            faults += 1
            continue
        bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
        if bare.startswith("qu"):
            bare = bare[2:]
        elif bare.startswith("gi") and any(v in bare[2:] for v in _BASE_VOWELS):
            bare = bare[2:]
        nucleus = "".join(c if c in _BASE_VOWELS else " " for c in bare).split()
        if len(nucleus) > 1 or (nucleus and nucleus[0] not in _NUCLEI):
            if any(ord(c) > 0x7F for c in word):  # plain ASCII words (names, codes) are fine
                faults += 1
    return faults


def detect_legacy(text: str, font_name: str | None = None) -> Encoding | None:
    """Which legacy encoding `text` is in, or None when it should be left as it is.

    The font is the strong signal: text in a `.VnTime`/`VNI-Times` cell is converted when it
    has any non-ASCII character and nothing outside Latin-1 (a Unicode letter such as `ư`
    proves the text is already Unicode). Without such a font, text is converted only when it
    contains characters Unicode Vietnamese never uses and exactly one conversion yields
    well-formed Vietnamese syllables.
    """
    if _NON_LATIN1_RE.search(text) or text.isascii():
        return None
    hint = legacy_font_encoding(font_name)
    if hint is not None:
        return hint
    if not FOREIGN_RE.search(text) and _syllable_faults(text) == 0:
        return None  # reads as Unicode Vietnamese already
    readable = [
        enc for enc, conv in (("tcvn3", from_tcvn3), ("vni", from_vni)) if _syllable_faults(conv(text)) == 0
    ]
    if len(readable) == 1:
        return readable[0]  # type: ignore[return-value]
    if not readable:
        return None
    # Both read as Vietnamese: characters only one of the two tables uses decide.
    chars = {c for c in text if not c.isascii()}
    if chars - _VNI_CHARS:
        return "tcvn3"
    if chars - _TCVN3_CHARS:
        return "vni"
    return "tcvn3"  # a true tie: TCVN3 is by far the more common in ward offices


_VNI_CHARS = frozenset(c for key in VNI_TO_UNICODE for c in key if not c.isascii())
_TCVN3_CHARS = frozenset(TCVN3_TO_UNICODE)


def convert_legacy(text: str, encoding: Encoding, font_name: str | None = None) -> str:
    if encoding == "vni":
        return unicodedata.normalize("NFC", from_vni(text))
    return unicodedata.normalize("NFC", from_tcvn3(text, uppercase=is_uppercase_font(font_name)))
