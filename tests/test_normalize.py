"""Normalisation of what people type: legacy encodings, dates, numbers, categories."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.core import vocab
from toolkit.io import legacy, normalize
from toolkit.io.legacy import convert_legacy, detect_legacy
from toolkit.io.normalize import parse_date, parse_int

# Real words as they arrive from a TCVN3 (.VnTime) and a VNI (VNI-Times) cell.
LEGACY = [
    ("NguyÔn ThÞ H\u00adêng", "Nguyeãn Thò Höôøng", "Nguyễn Thị Hường"),
    ("Trung häc phæ th«ng", "Trung hoïc phoå thoâng", "Trung học phổ thông"),
    ("§¶ng viªn", "Ñaûng vieân", "Đảng viên"),
    (
        "Céng hßa x· héi chñ nghÜa ViÖt Nam",
        "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
    ),
    ("§éc lËp - Tù do - H¹nh phóc", "Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Lý luËn chÝnh trÞ", "Lyù luaän chính trò", "Lý luận chính trị"),
    ("TiÕn sÜ", "Tieán só", "Tiến sĩ"),
    ("Tuæi cao, søc kháe yÕu", "Tuoåi cao, söùc khoûe yeáu", "Tuổi cao, sức khỏe yếu"),
    (
        "Ng\u00adêi ho¹t ®éng kh«ng chuyªn tr¸ch",
        "Ngöôøi hoaït ñoäng khoâng chuyeân traùch",
        "Người hoạt động không chuyên trách",
    ),
]


@pytest.mark.parametrize(("tcvn3", "vni", "unicode"), LEGACY)
def test_tcvn3_and_vni_words_convert_to_unicode(tcvn3: str, vni: str, unicode: str) -> None:
    assert convert_legacy(tcvn3, "tcvn3", ".VnTime") == unicode
    assert convert_legacy(vni, "vni", "VNI-Times") == unicode
    # Without a font the text itself gives the encoding away.
    assert detect_legacy(tcvn3) == "tcvn3"
    assert detect_legacy(vni) == "vni"


@pytest.mark.parametrize(
    "text", [u for *_, u in LEGACY] + ["Hà Nội", "Lê Hòa", "Bùi Thị Hà", "THPT", "Nguyen Van A"]
)
def test_unicode_text_is_never_converted(text: str) -> None:
    assert detect_legacy(text) is None
    assert detect_legacy(unicodedata.normalize("NFD", text)) is None
    # Even in a legacy-font cell: a letter outside Latin-1 proves the text is Unicode already.
    if any(ord(c) > 0xFF for c in text):
        assert detect_legacy(text, ".VnTime") is None


def test_the_font_decides_and_uppercase_fonts_give_capitals() -> None:
    assert legacy.legacy_font_encoding(".VnTime") == "tcvn3"
    assert legacy.legacy_font_encoding(".VnArialH") == "tcvn3"
    assert legacy.legacy_font_encoding("VNI-Times") == "vni"
    assert legacy.legacy_font_encoding("Times New Roman") is None
    assert detect_legacy("Hµ", ".VnTime") == "tcvn3"
    assert convert_legacy("céng hßa", "tcvn3", ".VnTimeH") == "CỘNG HÒA"


@pytest.mark.parametrize(
    ("value", "expected", "how"),
    [
        (dt.date(1980, 3, 5), dt.date(1980, 3, 5), "date"),
        (dt.datetime(1980, 3, 5, 0, 0), dt.date(1980, 3, 5), "date"),
        ("5/3/1980", dt.date(1980, 3, 5), "text"),
        ("05-03-1980", dt.date(1980, 3, 5), "text"),
        ("05.03.1980", dt.date(1980, 3, 5), "text"),
        ("1980-03-05", dt.date(1980, 3, 5), "text"),
        (" 5/3/1980 ", dt.date(1980, 3, 5), "text"),
        (29285, dt.date(1980, 3, 5), "serial"),
        (29285.0, dt.date(1980, 3, 5), "serial"),
        # In words, as an official paper writes a date; and "ngày" before the digits.
        ("ngày 5 tháng 3 năm 1980", dt.date(1980, 3, 5), "text"),
        ("Ngày 05 Tháng 03 Năm 1980", dt.date(1980, 3, 5), "text"),
        ("NGÀY 5 THÁNG 3 NĂM 1980", dt.date(1980, 3, 5), "text"),
        ("5 tháng 3, năm 1980", dt.date(1980, 3, 5), "text"),
        ("ngày 5/3/1980", dt.date(1980, 3, 5), "text"),
    ],
)
def test_dates_from_real_dates_serials_and_day_first_text(value: object, expected: dt.date, how: str) -> None:
    result = parse_date(value)
    assert (result.value, result.how) == (expected, how)


@pytest.mark.parametrize(
    "value", ["31/02/1980", "13/13/1980", "3/5/80", "1980", 1980, "hôm qua", True, "12/2000"]
)
def test_dates_are_never_guessed(value: object) -> None:
    result = parse_date(value)
    assert result.value is None and result.how == "invalid" and result.note


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("15/3/80", "năm chỉ ghi 2 chữ số; hãy ghi đủ 4 chữ số của năm (dd/mm/yyyy)"),
        ("ngày 1.2.05", "năm chỉ ghi 2 chữ số; hãy ghi đủ 4 chữ số của năm (dd/mm/yyyy)"),
        ("3/1968", "chỉ có tháng và năm; hãy ghi đủ ngày/tháng/năm (dd/mm/yyyy)"),
        ("tháng 3 năm 1968", "chỉ có tháng và năm; hãy ghi đủ ngày/tháng/năm (dd/mm/yyyy)"),
        ("1968", "chỉ có năm, cần ghi đủ ngày/tháng/năm"),
        (1968, "chỉ có năm, cần ghi đủ ngày/tháng/năm"),
        ("ngày 31 tháng 2 năm 1968", "ngày/tháng không tồn tại (ngày ghi trước, tháng ghi sau)"),
        # Words: an example date; a cell that may stay empty says more (`optional_date_reason`).
        ("hôm qua", "không đọc được ngày; hãy ghi dạng dd/mm/yyyy, ví dụ 05/03/2025"),
        ("Dự bị", "không đọc được ngày; hãy ghi dạng dd/mm/yyyy, ví dụ 05/03/2025"),  # hunt175 F3
        ("12/13/14/15", "không đọc được ngày; hãy ghi dạng dd/mm/yyyy"),
        ("05/O3/1960", "không đọc được ngày; hãy ghi dạng dd/mm/yyyy"),  # a slip, not a word (review118 F7)
    ],
)
def test_a_date_not_read_says_what_is_missing(value: object, reason: str) -> None:
    result = parse_date(value)
    assert (result.value, result.how, result.note) == (None, "invalid", reason)


def test_a_date_that_may_stay_empty_says_so_only_of_words() -> None:
    """“Dự bị” in `Ngày chính thức`: told only to write a date, a secretary would make one up
    (hunt116 F2); a slip of a date typed in numbers is only a slip."""
    from toolkit.io.normalize import optional_date_reason

    assert optional_date_reason(parse_date("Dự bị").note, "official_date") == (
        "không đọc được ngày; hãy ghi dạng dd/mm/yyyy (ngày chưa có, như ngày chính thức của "
        "đảng viên còn dự bị, thì để trống ô)"
    )
    # The organisation's `Ngày lập biểu` is no member's date: no member's case (hunt279 N4).
    assert optional_date_reason(parse_date("hôm nay").note, "prepared_on") == (
        "không đọc được ngày; hãy ghi dạng dd/mm/yyyy (ngày chưa có thì để trống ô)"
    )
    for slip in ("05/O3/1960", "15/3/80", "31/02/1980"):
        assert optional_date_reason(parse_date(slip).note, "official_date") == parse_date(slip).note


def test_day_comes_first() -> None:
    assert parse_date("02/03/2025").value == dt.date(2025, 3, 2)


def test_integers() -> None:
    assert parse_int(2025.0).value == 2025
    assert parse_int("12").how == "text"
    assert parse_int("1,5").how == "invalid"
    assert parse_int(2.5).how == "invalid"


@pytest.mark.parametrize(
    ("typed", "voc", "code"),
    [
        ("THPT", vocab.GEN_EDU, "upper_secondary"),
        ("12/12", vocab.GEN_EDU, "upper_secondary"),
        ("9/12", vocab.GEN_EDU, "lower_secondary"),
        ("ThS", vocab.PROF_LEVEL, "master"),
        ("Thạc sỹ", vocab.PROF_LEVEL, "master"),
        ("TS", vocab.PROF_LEVEL, "doctor"),
        ("Tiến sỹ", vocab.PROF_LEVEL, "doctor"),
        ("CN", vocab.THEORY_LEVEL, "bachelor"),
        ("nam", vocab.GENDER, "male"),
        ("NỮ", vocab.GENDER, "female"),
        ("  trung  học   cơ sở ", vocab.GEN_EDU, "lower_secondary"),
        (unicodedata.normalize("NFD", "Nữ"), vocab.GENDER, "female"),
        # As personnel records and older certificates write them.
        ("Nam giới", vocab.GENDER, "male"),
        ("nữ giới", vocab.GENDER, "female"),
        ("Cấp III", vocab.GEN_EDU, "upper_secondary"),
        ("PTTH", vocab.GEN_EDU, "upper_secondary"),
        ("Tốt nghiệp THPT", vocab.GEN_EDU, "upper_secondary"),
        ("Cấp II", vocab.GEN_EDU, "lower_secondary"),
        ("PTCS", vocab.GEN_EDU, "lower_secondary"),
        ("Tốt nghiệp THCS", vocab.GEN_EDU, "lower_secondary"),
        ("Cấp I", vocab.GEN_EDU, "primary"),
        ("Chưa", vocab.PROF_LEVEL, "none"),
        ("Chưa", vocab.THEORY_LEVEL, "none"),
        ("Chưa học", vocab.THEORY_LEVEL, "none"),
        ("Sơ cấp LLCT", vocab.THEORY_LEVEL, "elementary"),
        ("Trung cấp chính trị", vocab.THEORY_LEVEL, "intermediate"),
        ("Trung cấp LLCT", vocab.THEORY_LEVEL, "intermediate"),
        ("Cao cấp lý luận chính trị", vocab.THEORY_LEVEL, "advanced"),
        ("Cao cấp LLCT", vocab.THEORY_LEVEL, "advanced"),
        ("Cử nhân chính trị", vocab.THEORY_LEVEL, "bachelor"),
        ("Phật", vocab.RELIGION, "buddhism"),
        ("Chuyển SH đến", vocab.EVENT_TYPE, "transfer_in"),
        ("Chuyển SHĐ đi", vocab.EVENT_TYPE, "transfer_out"),
        ("Tự ý bỏ sinh hoạt", vocab.STRIKE_GROUND, "absence_or_dues"),
        ("Nội bộ", vocab.TRANSFER_SCOPE, "internal"),
        ("Chi bộ trực thuộc Đảng ủy", vocab.ORG_TIER, "chi_bo_truc_thuoc"),
        # Changes as party papers name them.
        ("Kết nạp Đảng", vocab.EVENT_TYPE, "admitted"),
        ("kết nạp vào Đảng", vocab.EVENT_TYPE, "admitted"),
        ("Kết nạp lại vào Đảng", vocab.EVENT_TYPE, "readmitted"),
        ("Chuyển sinh hoạt Đảng đến", vocab.EVENT_TYPE, "transfer_in"),
        ("Chuyển sinh hoạt đảng đi", vocab.EVENT_TYPE, "transfer_out"),
        ("Đã mất", vocab.EVENT_TYPE, "died"),
    ],
)
def test_category_aliases_case_spaces_and_nfd(typed: str, voc: vocab.Vocabulary, code: str) -> None:
    result = normalize.normalize_category(typed, voc)
    assert result.code == code
    assert result.changes  # every change is said


def test_the_new_spellings_mean_one_value_each() -> None:
    """No spelling added for the old records' words is a value's label or spelling in the same
    list already (`Vocabulary` keeps the first one it meets, silently)."""
    lists = (
        vocab.GENDER,
        vocab.GEN_EDU,
        vocab.PROF_LEVEL,
        vocab.THEORY_LEVEL,
        vocab.RELIGION,
        vocab.EVENT_TYPE,
    )
    for voc in (*lists, vocab.STRIKE_GROUND, vocab.TRANSFER_SCOPE, vocab.ORG_TIER):
        seen: dict[str, str] = {}
        for term in voc.terms:
            for text in (term.label, *term.aliases):
                key = vocab.fold_key(text)
                assert seen.setdefault(key, term.code) == term.code, (voc.key, text)


def test_exact_label_is_not_a_change() -> None:
    assert normalize.normalize_category("Nam", vocab.GENDER).changes == ()


@given(st.text(max_size=40))
def test_text_normalisation_never_raises_and_is_idempotent(text: str) -> None:
    cleaned = normalize.clean_text(text)
    assert normalize.clean_text(cleaned) == cleaned
    detect_legacy(cleaned)
    parse_date(text)
    parse_int(text)


@pytest.mark.parametrize(
    "mark", ["\u200e", "\u200f", "\u202a", "\u202c", "\u2066", "\u2069", "\u061c", "\u200b"]
)
def test_invisible_marks_of_pasted_text_are_dropped_wherever_they_are(mark: str) -> None:
    """A left-to-right mark (pasted from a web page or a phone) after "Kinh" looks like "Kinh"
    in Excel: it is "Kinh", and a name with one is the name without."""
    assert normalize.clean_text(f"Kinh{mark}") == "Kinh"
    assert normalize.clean_text(f"{mark}Vũ Văn{mark} Lực") == "Vũ Văn Lực"
    assert not normalize.is_clean_text(f"Kinh{mark}")
    assert normalize.normalize_category(f"Kinh{mark}", vocab.ETHNICITY).code == vocab.KINH
