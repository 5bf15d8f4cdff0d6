"""Vietnamese personal names for every sample generator: the name tables and a source of
unique, gendered names.

Family names are weighted as they are met in the north of Viet Nam; older people more often
carry the traditional middle name (Văn for men, Thị for women). `NameSource` never gives the
same name twice for the same birth date (or at all, when no birth date is given), which is
what the validator requires of a ward's roll (a person is a name and a birth date).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import unicodedata
from collections.abc import Callable

# Family names and their weights (percent of the population, roughly).
SURNAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 31),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Vũ", 5),
    ("Phan", 2),
    ("Đặng", 2),
    ("Bùi", 3),
    ("Đỗ", 3),
    ("Ngô", 2),
    ("Dương", 1),
    ("Đào", 1.5),
    ("Đinh", 1.5),
    ("Mai", 0.8),
    ("Trịnh", 1),
    ("Lương", 0.7),
    ("Cao", 0.8),
    ("Tạ", 0.6),
    ("Phí", 0.4),
    ("Hà", 0.8),
    ("Lưu", 0.6),
    ("Tô", 0.5),
    ("Nghiêm", 0.3),
    ("Quách", 0.3),
    ("Vương", 0.4),
    ("Đoàn", 1),
    ("Hồ", 0.8),
    ("Chu", 0.5),
    ("Khúc", 0.4),
    ("Phùng", 0.5),
    ("Kiều", 0.3),
    ("Thái", 0.3),
    ("Triệu", 0.3),
    ("Lại", 0.3),
    ("Nhữ", 0.2),
    ("Đồng", 0.3),
    ("Lã", 0.2),
)
MIDDLE_NAMES: dict[str, tuple[str, ...]] = {
    "male": (
        "Văn",
        "Đức",
        "Minh",
        "Quang",
        "Hữu",
        "Công",
        "Xuân",
        "Thanh",
        "Ngọc",
        "Trọng",
        "Duy",
        "Tiến",
        "Mạnh",
        "Đình",
        "Anh",
        "Thế",
        "Bá",
        "Huy",
        "Hoàng",
        "Gia",
        "Khắc",
        "Trung",
        "Việt",
        "Tuấn",
        "Hải",
        "Kim",
        "Đăng",
    ),
    "female": (
        "Thị",
        "Thu",
        "Thanh",
        "Ngọc",
        "Minh",
        "Hồng",
        "Thúy",
        "Phương",
        "Kim",
        "Diệu",
        "Hải",
        "Bích",
        "Mai",
        "Lan",
        "Quỳnh",
        "Khánh",
        "Thùy",
        "Hoài",
        "Thảo",
        "Hương",
        "Vân",
        "Tuyết",
    ),
}
TRADITIONAL_MIDDLE: dict[str, str] = {"male": "Văn", "female": "Thị"}
GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    "male": (
        "Hùng",
        "Dũng",
        "Tuấn",
        "Minh",
        "Hải",
        "Long",
        "Nam",
        "Quân",
        "Thắng",
        "Cường",
        "Hưng",
        "Sơn",
        "Tùng",
        "Phong",
        "Trung",
        "Đức",
        "Hoàng",
        "Khánh",
        "Bình",
        "Thành",
        "Toàn",
        "Tiến",
        "Hiếu",
        "Kiên",
        "Lâm",
        "Vinh",
        "Thịnh",
        "Phúc",
        "Quang",
        "Huy",
        "Đạt",
        "Khoa",
        "Bảo",
        "Việt",
        "An",
        "Chiến",
        "Lợi",
        "Thuận",
        "Tâm",
        "Nghĩa",
        "Trường",
        "Hòa",
        "Giang",
        "Hiển",
        "Tú",
        "Vũ",
        "Duy",
        "Thái",
        "Tài",
        "Định",
        "Điệp",
        "Khải",
        "Lực",
        "Mạnh",
        "Ninh",
        "Quyết",
        "Sang",
        "Toản",
        "Tuyên",
        "Vượng",
        "Hậu",
        "Huấn",
        "Kỳ",
        "Luân",
        "Nhật",
        "Sáng",
        "Tân",
        "Thông",
        "Tường",
        "Hạnh",
        "Doanh",
        "Khương",
        "Phú",
    ),
    "female": (
        "Lan",
        "Hương",
        "Hoa",
        "Mai",
        "Hằng",
        "Thảo",
        "Trang",
        "Linh",
        "Nga",
        "Hà",
        "Huyền",
        "Ngọc",
        "Yến",
        "Phương",
        "Thủy",
        "Dung",
        "Nhung",
        "Loan",
        "Oanh",
        "Hạnh",
        "Hiền",
        "Thu",
        "Vân",
        "Anh",
        "Quyên",
        "Ly",
        "My",
        "Nhàn",
        "Tâm",
        "Liên",
        "Xuân",
        "Thơm",
        "Gấm",
        "Lụa",
        "Tuyết",
        "Bích",
        "Diệp",
        "Hồng",
        "Chi",
        "Giang",
        "Hậu",
        "Hoài",
        "Khánh",
        "Lệ",
        "Ngân",
        "Nhi",
        "Quỳnh",
        "Thắm",
        "Trinh",
        "Uyên",
        "Vy",
        "Duyên",
        "Huệ",
        "Lý",
        "Nguyệt",
        "Sen",
        "Thoa",
        "Thúy",
        "Tình",
        "Vui",
    ),
}


_FAMILY_NAMES = tuple(s for s, _ in SURNAMES)
_FAMILY_CUM_WEIGHTS = tuple(itertools.accumulate(w for _, w in SURNAMES))
_MAX_TRIES = 100_000


def traditional_share(birth: dt.date | None) -> float:
    """How likely someone born on `birth` carries the traditional middle name."""
    if birth is None:
        return 0.5
    return 0.75 if birth.year < 1965 else 0.5 if birth.year < 1985 else 0.2


class NameSource:
    """Unique, gendered Vietnamese names ("Nguyễn Văn Hùng"), NFC.

    `seed` is a seed, or the `random.Random` of a larger generator that draws its names from
    the same stream. A name is unique together with its birth date; names asked for without
    a birth date are unique outright. `accept` narrows every name of the source (e.g. to names
    a legacy encoding can write).
    """

    def __init__(
        self, seed: int | str | random.Random = 0, *, accept: Callable[[str], bool] | None = None
    ) -> None:
        self.rng = seed if isinstance(seed, random.Random) else random.Random(seed)
        self.accept = accept
        self.used: set[tuple[str, dt.date | None]] = set()

    def name(self, gender: str, birth: dt.date | None = None) -> str:
        """A new name for a person of `gender` ("male"/"female"), born on `birth` if known."""
        rng, accept = self.rng, self.accept
        traditional = traditional_share(birth)
        middles, givens = MIDDLE_NAMES[gender], GIVEN_NAMES[gender]
        for _ in range(_MAX_TRIES):
            surname = rng.choices(_FAMILY_NAMES, cum_weights=_FAMILY_CUM_WEIGHTS)[0]
            middle = TRADITIONAL_MIDDLE[gender] if rng.random() < traditional else rng.choice(middles)
            given = rng.choice(givens)
            if given == middle:
                continue
            name = unicodedata.normalize("NFC", f"{surname} {middle} {given}")
            if (name, birth) in self.used or (accept is not None and not accept(name)):
                continue
            self.used.add((name, birth))
            return name
        raise RuntimeError("no unused name left")  # pragma: no cover - tens of thousands of names
