"""hunt206 F3: a ward name typed all in lower case ("phường ngọc châu", one ward with "Phường Ngọc
Châu" in the history) made the report's prose read "toàn Đảng bộ phường ngọc châu"; the forms
upper-case the name and did not show it. The place is a proper name: capitalised word by word
when typed in one case (no capital at all, or, h210, all in capitals: "Đảng bộ phường NGỌC
CHÂU" was written), and kept as typed otherwise."""

from __future__ import annotations

import pytest

from toolkit.core.text import unit_party_body, ward_party_body


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("phường ngọc châu", "Đảng bộ phường Ngọc Châu"),
        # review208: each part after an apostrophe or a hyphen too, as these names are written.
        ("  xã  ea h'leo ", "Đảng bộ xã Ea H'Leo"),
        ("xã đắk r’lấp", "Đảng bộ xã Đắk R’Lấp"),
        ("phường phan rang-tháp chàm", "Đảng bộ phường Phan Rang-Tháp Chàm"),
        ("thị trấn phong điền", "Đảng bộ thị trấn Phong Điền"),
        ("phường 12", "Đảng bộ phường 12"),
        ("xã ia h'drai", "Đảng bộ xã Ia H'Drai"),  # typed decomposed (NFD)
        ("đảng bộ phường ngọc châu", "Đảng bộ phường Ngọc Châu"),
        ("hải dương", "Đảng bộ Hải Dương"),
        ("phường 10", "Đảng bộ phường 10"),
        # h210 (review208 c): "số" is a common noun, not part of the name: "phường Số 12" was
        # written.
        ("phường số 12", "Đảng bộ phường số 12"),
        # h210 (review208 c): a place typed all in capitals is a place name too; it read
        # "Đảng bộ phường NGỌC CHÂU". A Roman numeral typed so stays one.
        ("PHƯỜNG NGỌC CHÂU", "Đảng bộ phường Ngọc Châu"),
        ("ĐẢNG BỘ XÃ EA H'LEO", "Đảng bộ xã Ea H'Leo"),
        ("Phường PHAN RANG-THÁP CHÀM", "Đảng bộ phường Phan Rang-Tháp Chàm"),
        ("PHƯỜNG SỐ 12", "Đảng bộ phường số 12"),
        ("PHƯỜNG II", "Đảng bộ phường II"),
        ("PHƯỜNG 12", "Đảng bộ phường 12"),
        # h211: a Roman numeral is a number after the name only; before it, "VI" is a syllable
        # of the name (xã Vi Hương) and read "Đảng bộ xã VI Hương".
        ("XÃ VI HƯƠNG", "Đảng bộ xã Vi Hương"),
        ("XÃ AN PHÚ II", "Đảng bộ xã An Phú II"),
        # Both cases typed: kept as typed.
        ("phường Ngọc châu", "Đảng bộ phường Ngọc châu"),
        ("Phường NGỌC Châu", "Đảng bộ phường NGỌC Châu"),
        ("Phường Ngọc Châu", "Đảng bộ phường Ngọc Châu"),
        ("Phường Số 12", "Đảng bộ phường Số 12"),
    ],
)
def test_a_place_typed_in_one_case_is_capitalised_in_the_prose(name: str, body: str) -> None:
    assert ward_party_body(name) == body


@pytest.mark.parametrize(
    ("name", "body"),
    [
        # h252: a Roman numeral typed in lower case was capitalised as a word: "phường Ii",
        # "Đông Hải Iii"; typed among capitals it stayed "iii".
        ("phường ii", "Đảng bộ phường II"),
        ("phường đông hải iii", "Đảng bộ phường Đông Hải III"),
        ("xã an phú xiv", "Đảng bộ xã An Phú XIV"),
        ("phường Đông Hải iii", "Đảng bộ phường Đông Hải III"),
        ("Phường Đông Hải Iv", "Đảng bộ phường Đông Hải IV"),
        # "vi" and "xi" are syllables of names too: a numeral only as the whole place.
        ("phường vi", "Đảng bộ phường VI"),
        ("PHƯỜNG XI", "Đảng bộ phường XI"),
        ("xã tường vi", "Đảng bộ xã Tường Vi"),
        ("XÃ TƯỜNG VI", "Đảng bộ xã Tường Vi"),
        ("Phường Tường vi", "Đảng bộ phường Tường vi"),
        # Not a numeral: capitalised as a word; a numeral's letters before the last word are a
        # syllable.
        ("phường iiii", "Đảng bộ phường Iiii"),
        ("xã vi hương", "Đảng bộ xã Vi Hương"),
    ],
)
def test_a_roman_numeral_after_the_name_is_written_in_capitals(name: str, body: str) -> None:
    assert ward_party_body(name) == body


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("Tỉnh Thử", "Đảng bộ tỉnh Thử"),
        ("THÀNH PHỐ HẢI PHÒNG", "Đảng bộ thành phố Hải Phòng"),
        ("huyện  gia lộc", "Đảng bộ huyện Gia Lộc"),
        ("Thị xã Kinh Môn", "Đảng bộ thị xã Kinh Môn"),
        # A committee's name: the Đảng bộ it leads, not its own few members (review256).
        ("Tỉnh ủy Hải Dương", "Đảng bộ tỉnh Hải Dương"),
        ("Tỉnh uỷ Hải Dương", "Đảng bộ tỉnh Hải Dương"),
        ("THÀNH ỦY HỒ CHÍ MINH", "Đảng bộ thành phố Hồ Chí Minh"),
        ("Thị ủy Kinh Môn", "Đảng bộ thị xã Kinh Môn"),
        ("huyện ủy gia lộc", "Đảng bộ huyện Gia Lộc"),
        ("Quận ủy 1", "Đảng bộ quận 1"),
        ("Đảng uỷ Khối các cơ quan tỉnh", "Đảng bộ Khối các cơ quan tỉnh"),
        ("Tỉnh ủy", "Tỉnh ủy"),
        ("Thành phố Hồ Chí Minh", "Đảng bộ thành phố Hồ Chí Minh"),
        ("Đảng bộ Khối các cơ quan tỉnh", "Đảng bộ Khối các cơ quan tỉnh"),
        ("Phường Mẫu", "Đảng bộ phường Mẫu"),
        (None, None),
    ],
)
def test_a_rollups_unit_is_named_as_its_party_body(name: str | None, body: str | None) -> None:
    """hunt253 F4: a roll-up's report named no unit; its unit's kind is written in lower case
    as a ward's is; a committee's name is its Đảng bộ's."""
    assert unit_party_body(name, rollup=True) == body


def test_a_wards_name_is_not_read_as_a_rollups_unit() -> None:
    assert unit_party_body("Tỉnh Thử", rollup=False) == ward_party_body("Tỉnh Thử") == "Đảng bộ Tỉnh Thử"
