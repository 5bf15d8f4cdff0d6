"""hunt206 F3: a ward name typed all in lower case ("phường ngọc châu", one ward with "Phường Ngọc
Châu" in the history) made the report's prose read "toàn Đảng bộ phường ngọc châu"; the forms
upper-case the name and did not show it. The place is a proper name: capitalised word by word
when typed with no capital at all, and kept as typed otherwise."""

from __future__ import annotations

import pytest

from toolkit.core.text import ward_party_body


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
        # Any capital typed: kept as typed.
        ("phường Ngọc châu", "Đảng bộ phường Ngọc châu"),
        ("PHƯỜNG NGỌC CHÂU", "Đảng bộ phường NGỌC CHÂU"),
        ("Phường Ngọc Châu", "Đảng bộ phường Ngọc Châu"),
    ],
)
def test_a_place_typed_in_lower_case_is_capitalised_in_the_prose(name: str, body: str) -> None:
    assert ward_party_body(name) == body
