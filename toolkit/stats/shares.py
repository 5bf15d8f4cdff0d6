"""Shares derived from indicator counts: every share carries its numerator and its base.

Shares are never stored in the summary; the workbook and the report derive them here so both
show the same figure on the same, named base. The shares that make up one whole (men and
women, the age bands, the education levels…) are rounded together by the largest remainder
method (`shares_of_whole`), so that the printed percentages sum to exactly 100%. A share of a
breakdown some members are unknown in is taken over the members whose value is known
(`known_base`), and that base is named. A group of parts (a "… trở lên") is the sum of its
parts' rounded shares (`sum_of_parts`), so it adds up to the parts printed beside it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

PERCENT_PLACES = 2

_NEW_COLUMNS_FILLED = "đảng viên của các tổ chức đã điền các cột của biểu mẫu mới"

# Bases a share may be taken on, with the Vietnamese words that name them.
BASE_LABELS: dict[str, str] = {
    "members.total": "tổng số đảng viên",
    "members.full": "đảng viên chính thức",
    "members.exempt": "đảng viên được miễn, tạm miễn",
    "orgs.registered": "tổ chức trong danh mục",
    "ratings.rated": "đảng viên được xếp loại",
    "members.ethnicity.known": "đảng viên đã ghi dân tộc",
    "members.religion.known": "đảng viên đã ghi tôn giáo",
    "members.occupation.known": "đảng viên đã ghi nghề nghiệp theo danh sách mới",
    # Members of files of the current template, an upgraded one once completed (its new columns
    # are empty until then: `layout.NEW_ANSWERS`).
    # A title typed in an upgraded file not completed is known too (`indicators._new_attributes`).
    "members.academic.known": "đảng viên đã biết học hàm",
    "members.youth_union.known": _NEW_COLUMNS_FILLED,
    "members.private_owner.known": _NEW_COLUMNS_FILLED,
    "members.foreign_marriage.known": _NEW_COLUMNS_FILLED,
}

# `orgs.registered` of a run without a registry (`ConsolidationResult.registry_used` False): the
# organisations that sent a file, never "trong danh mục"; of a roll-up some of whose wards had
# none, their registries' and, in those wards, those that sent a file.
SENT_BASE_LABEL = "tổ chức đã nộp tệp"
SOME_SENT_BASE_LABEL = "tổ chức trong danh mục hoặc đã nộp tệp"


def orgs_base_label(registry_used: bool, rollup: bool = False, registry_none: bool = False) -> str | None:
    """The words of the `orgs.registered` base when they are not `BASE_LABELS`'s (a run without
    a registry), else None. A roll-up's (or a merged ward's) names both bases when only some of
    its wards lacked one; when all did (`registry_none`), only the files sent, as a ward's."""
    if registry_used:
        return None
    return SOME_SENT_BASE_LABEL if rollup and not registry_none else SENT_BASE_LABEL


@dataclass(frozen=True)
class Share:
    numerator: int
    base: int
    base_id: str
    # The percentage as printed when it was rounded together with the other parts of one
    # whole (`shares_of_whole`); None: rounded on its own, half up.
    percent: Decimal | None = None
    # The words of the base when they are not `BASE_LABELS`'s (`orgs_base_label`).
    label: str | None = None

    @property
    def value(self) -> float | None:
        """The share as a fraction (0.6225 for 62,25%), None when the base is 0."""
        return self.numerator / self.base if self.base else None

    @property
    def rounded(self) -> Decimal | None:
        """The percentage with `PERCENT_PLACES` decimals as it is printed (62.25), None when the
        base is 0."""
        if self.percent is not None:
            return self.percent
        if not self.base:
            return None
        exact = Decimal(self.numerator) * 100 / Decimal(self.base)
        return exact.quantize(Decimal(1).scaleb(-PERCENT_PLACES), rounding=ROUND_HALF_UP)

    @property
    def shown(self) -> float | None:
        """The printed percentage as a fraction, for a cell formatted as a percentage."""
        rounded = self.rounded
        return None if rounded is None else float(rounded / 100)

    @property
    def base_label(self) -> str:
        return self.label or BASE_LABELS.get(self.base_id, self.base_id)


def share(indicators: Mapping[str, int | float], numerator_id: str, base_id: str = "members.total") -> Share:
    """The share of one indicator over a base indicator (missing ids count as 0; a base
    `<family>.known` is the members whose value of that breakdown is known)."""
    return Share(int(indicators.get(numerator_id, 0) or 0), base_count(indicators, base_id), base_id)


def share_of_sum(
    indicators: Mapping[str, int | float], numerator_ids: list[str], base_ids: list[str], base_id: str
) -> Share:
    """A share whose base is a sum of indicators (e.g. ratings over all rated members)."""
    num = sum(int(indicators.get(i, 0) or 0) for i in numerator_ids)
    base = sum(int(indicators.get(i, 0) or 0) for i in base_ids)
    return Share(num, base, base_id)


def largest_remainder(counts: Sequence[int], places: int = PERCENT_PLACES) -> list[Decimal] | None:
    """Percentages of ``counts`` over their sum, with ``places`` decimals, summing to exactly
    100: each is rounded down, then the units left go to the largest remainders (ties to the
    first). None when the sum is 0."""
    total = sum(counts)
    if not total:
        return None
    unit = 10**places
    exact = [Fraction(100 * unit * n, total) for n in counts]
    floors = [int(x) for x in exact]
    left = 100 * unit - sum(floors)
    by_remainder = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return [Decimal(n).scaleb(-places) for n in floors]


def shares_of_whole(
    indicators: Mapping[str, int | float], numerator_ids: Sequence[str], base_id: str
) -> list[Share]:
    """The shares of parts that make up one whole, rounded together (`largest_remainder`).

    The parts must add up to the base (``base_id``'s count, or the known-values base of
    `known_base`); when they do not (a part left out), each share is rounded on its own."""
    base = base_count(indicators, base_id)
    return round_together([Share(int(indicators.get(i, 0) or 0), base, base_id) for i in numerator_ids])


def round_together(shares: Sequence[Share]) -> list[Share]:
    """Shares of one base whose numerators add up to it, rounded together
    (`largest_remainder`); left as they are when they do not make up the whole."""
    numerators = [s.numerator for s in shares]
    bases = {s.base for s in shares}
    if len(bases) != 1 or sum(numerators) != bases.pop():
        return list(shares)
    rounded = largest_remainder(numerators)
    if rounded is None:
        return list(shares)
    return [replace(s, percent=r) for s, r in zip(shares, rounded, strict=True)]


def sum_of_parts(group: Share, parts: Sequence[Share]) -> Share:
    """A share that is the sum of `parts` ("từ trung cấp trở lên" of trung cấp, cao đẳng, đại
    học…), with the sum of their printed percentages when they were rounded together with
    their whole (`round_together`): the group adds up to the parts listed beside it, where its
    own rounding could be a hundredth off (42,86 + 42,86 beside 85,71). Left as it is when a
    part was rounded on its own, or the parts are not the group on the same base."""
    if (
        not parts
        or any(p.percent is None or p.base != group.base for p in parts)
        or sum(p.numerator for p in parts) != group.numerator
    ):
        return group
    return replace(group, percent=sum((p.percent or Decimal(0) for p in parts), Decimal(0)))


def known_base(indicators: Mapping[str, int | float], family: str) -> str:
    """The base of a breakdown with an `unknown` bucket (``family`` like
    "members.ethnicity"): all members when every value is known, else the members whose value
    is known (`<family>.known`, computed by `base_count`)."""
    return "members.total" if not int(indicators.get(f"{family}.unknown", 0) or 0) else f"{family}.known"


def base_count(indicators: Mapping[str, int | float], base_id: str) -> int:
    """The count of a base: an indicator, or `<family>.known` = all members less the unknown."""
    if base_id.endswith(".known"):
        family = base_id.removesuffix(".known")
        total = int(indicators.get("members.total", 0) or 0)
        return total - int(indicators.get(f"{family}.unknown", 0) or 0)
    return int(indicators.get(base_id, 0) or 0)
