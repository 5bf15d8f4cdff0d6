"""Normalisation of what people really type (DESIGN §3): text, legacy encodings, dates, numbers.

Every function here is pure: it returns the normalised value together with a short
Vietnamese description of what it changed, so the reader can turn each change into a
warning that names the cell. Nothing is guessed: a date is day-first or it is not a date,
and legacy TCVN3 (ABC) or VNI text is converted only when the cell's font says so or the
text cannot be Unicode Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from toolkit.core.vocab import Term, Vocabulary

Encoding = Literal["tcvn3", "vni"]
ENCODING_LABEL: dict[str, str] = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}

# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------

_WS = re.compile(r"[\s\u00a0\u200b\ufeff]+")


def clean_text(text: str) -> str:
    """NFC, no surrounding spaces, single spaces inside (tabs, newlines and NBSP included)."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


_NEEDS_WORK = re.compile(r"^\s|\s$|\s\s|[\t\n\r\f\v\u00a0\u200b\ufeff]")


def is_clean_text(text: str) -> bool:
    """Fast path: already NFC, no stray spaces, nothing that could be legacy-encoded."""
    return (
        bool(text)
        and _NEEDS_WORK.search(text) is None
        and _FOREIGN_RE.search(text) is None
        and unicodedata.is_normalized("NFC", text)
    )


# `is_clean_text` over many cells at once. The cells are joined by "|": printable, never white
# space, never legacy-encoded and a starter that composes with nothing, so the joined text
# passes only when every cell does. White space other than a plain space, and the zero-width
# characters, are all non-printable; a plain space must not touch a separator, an end or
# another space. A failing batch is checked again in chunks, and a failing chunk cell by cell.
_CLEAN_CHUNK = 64


def _joined_clean(texts: Sequence[str]) -> bool:
    joined = "|".join(texts)
    return (
        joined.isprintable()
        and "  " not in joined
        and " |" not in joined
        and "| " not in joined
        and not joined.startswith(" ")
        and not joined.endswith(" ")
        and _FOREIGN_RE.search(joined) is None
        and unicodedata.is_normalized("NFC", joined)
    )


def all_clean_text(texts: Sequence[str]) -> bool:
    """`all(is_clean_text(t) for t in texts)` for non-empty strings, in one bulk check."""
    return _joined_clean(texts)


def clean_text_mask(texts: list[str]) -> list[bool]:
    """`[is_clean_text(t) for t in texts]` for non-empty strings, checked in bulk."""
    if _joined_clean(texts):
        return [True] * len(texts)
    out: list[bool] = []
    for start in range(0, len(texts), _CLEAN_CHUNK):
        chunk = texts[start : start + _CLEAN_CHUNK]
        if len(texts) > _CLEAN_CHUNK and _joined_clean(chunk):
            out.extend([True] * len(chunk))
        else:
            out.extend(map(is_clean_text, chunk))
    return out


def describe_text_change(before: str, after_clean: str) -> list[str]:
    """What `clean_text` changed, in Vietnamese (empty when nothing did)."""
    changes: list[str] = []
    nfc = unicodedata.normalize("NFC", before)
    if nfc != before:
        changes.append("đã chuẩn hóa chữ tiếng Việt về Unicode dựng sẵn (NFC)")
    if after_clean != nfc:
        changes.append("đã bỏ khoảng trắng thừa")
    return changes


# --------------------------------------------------------------------------------------------
# Legacy Vietnamese encodings
#
# Text typed with a TCVN3 (ABC) or VNI keyboard driver in a legacy font is stored in the
# workbook as the Windows-1252 reading of the legacy bytes: "Nguyễn" in .VnTime arrives as
# "NguyÔn", in VNI-Times as "Nguyeãn". The tables below map those bytes (as Latin-1
# characters) back to Unicode; they follow the published TCVN 5712:1993 VN3 chart and the
# VNI-Windows chart.
# --------------------------------------------------------------------------------------------

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
_FOREIGN_RE = re.compile(FOREIGN_CHARS_PATTERN)
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
    return bool(font_name) and legacy_font_encoding(font_name) == "tcvn3" and font_name.strip().endswith("H")


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
        if _FOREIGN_RE.search(word):
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


def looks_legacy(text: str) -> bool:
    """True when the text holds Latin-1 characters that Unicode Vietnamese never uses."""
    return bool(_FOREIGN_RE.search(text)) and not _NON_LATIN1_RE.search(text)


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
    if not _FOREIGN_RE.search(text) and _syllable_faults(text) == 0:
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


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?:\s+0{1,2}:00(?::00)?)?$")
_YMD = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]0{1,2}:00(?::00)?)?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)
# A number in a date column between these is a year typed alone, not an Excel serial.
_YEAR_LIKE = (1000, 2200)
# Dates a datetime64[ns] column can hold; anything outside is reported as not a date.
MIN_DATE = dt.date(1678, 1, 1)
MAX_DATE = dt.date(2261, 12, 31)


def fmt_date(d: dt.date | pd.Timestamp | None) -> str:
    """dd/mm/yyyy, the Vietnamese order used in every message."""
    if d is None or (isinstance(d, float) and np.isnan(d)) or d is pd.NaT:
        return ""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


@dataclass(frozen=True)
class DateResult:
    value: dt.date | None
    how: Literal["date", "serial", "text", "empty", "invalid"]
    note: str = ""  # why it is invalid, or what was read (Vietnamese)


def _checked(d: dt.date, how: Literal["date", "serial", "text"], note: str) -> DateResult:
    if not (MIN_DATE <= d <= MAX_DATE):
        return DateResult(None, "invalid", f"năm {d.year} không hợp lệ")
    return DateResult(d, how, note)


def parse_date(value: Any) -> DateResult:
    """One cell value → a date: real dates, Excel serials, or text day-first (never guessed)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return DateResult(None, "empty")
    if isinstance(value, bool):
        return DateResult(None, "invalid", "không phải ngày")
    if isinstance(value, dt.datetime):
        return _checked(value.date(), "date", "")
    if isinstance(value, dt.date):
        return _checked(value, "date", "")
    if isinstance(value, pd.Timestamp):
        return _checked(value.date(), "date", "") if not pd.isna(value) else DateResult(None, "empty")
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if np.isnan(number):
            return DateResult(None, "empty")
        if number.is_integer() and _YEAR_LIKE[0] <= number <= _YEAR_LIKE[1]:
            return DateResult(None, "invalid", "chỉ có năm, cần ghi đủ ngày/tháng/năm")
        if not (1 <= number < 2958466):
            return DateResult(None, "invalid", "không phải ngày")
        d = EXCEL_EPOCH + dt.timedelta(days=int(number))
        return _checked(d, "serial", f"đã đọc số {format_number(number)} là ngày {fmt_date(d)}")
    if isinstance(value, str):
        text = clean_text(value)
        m = _DMY.match(text)
        if m:
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            m = _YMD.match(text)
            if not m:
                return DateResult(None, "invalid", "không đọc được ngày; hãy ghi dạng dd/mm/yyyy")
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return DateResult(None, "invalid", "ngày/tháng không tồn tại (ngày ghi trước, tháng ghi sau)")
        return _checked(d, "text", f"đã đọc văn bản \u201c{text}\u201d là ngày {fmt_date(d)}")
    return DateResult(None, "invalid", "không phải ngày")


def format_number(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))


# --------------------------------------------------------------------------------------------
# Numbers, text cells and categories (one cell at a time; the reader vectorises around them)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntResult:
    value: int | None
    how: Literal["number", "text", "empty", "invalid"]
    note: str = ""


def parse_int(value: Any) -> IntResult:
    if value is None or (isinstance(value, str) and not value.strip()):
        return IntResult(None, "empty")
    if isinstance(value, bool):
        return IntResult(None, "invalid", "không phải số nguyên")
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if np.isnan(number):
            return IntResult(None, "empty")
        if number.is_integer() and abs(number) < 2**53:
            return IntResult(int(number), "number")
        return IntResult(None, "invalid", "không phải số nguyên")
    if isinstance(value, str):
        text = clean_text(value)
        if re.fullmatch(r"[+-]?\d{1,15}", text):
            return IntResult(int(text), "text", f"đã đọc văn bản \u201c{text}\u201d là số {int(text)}")
        return IntResult(None, "invalid", "không phải số nguyên")
    return IntResult(None, "invalid", "không phải số nguyên")


def cell_text(value: Any) -> str | None:
    """Any cell value as the text a person sees (numbers without a useless `.0`)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float | np.floating):
        return None if np.isnan(value) else format_number(float(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return fmt_date(value)
    return str(value)


@dataclass(frozen=True)
class CategoryResult:
    code: str | None  # the vocabulary code, None when empty or unknown
    text: str | None  # the cleaned text as typed (kept for unknown values)
    changes: tuple[str, ...] = ()
    known: bool = True


def normalize_category(value: Any, vocab: Vocabulary) -> CategoryResult:
    raw = cell_text(value)
    if raw is None or not raw.strip():
        return CategoryResult(None, None)
    text = clean_text(raw)
    changes = describe_text_change(raw, text)
    term: Term | None = vocab.lookup(text)
    if term is None:
        return CategoryResult(None, text, tuple(changes), known=False)
    if text != term.label:
        changes.append(f"đã hiểu \u201c{text}\u201d là \u201c{term.label}\u201d")
    return CategoryResult(term.code, text, tuple(changes))


def nfc_series(s: pd.Series) -> pd.Series:
    """Vectorised `clean_text` over an object Series of str/None."""
    out = s.str.normalize("NFC").str.replace(_WS.pattern, " ", regex=True).str.strip()
    return out


def to_datetime64(values: list[dt.date | None]) -> pd.Series:
    """Python dates (or None) → datetime64[ns] with NaT."""
    arr = np.array(
        [np.datetime64(v, "D") if v is not None else np.datetime64("NaT") for v in values],
        dtype="datetime64[D]",
    )
    return pd.Series(arr.astype("datetime64[ns]"))
