"""Shares derived from indicator counts: every share carries its numerator and its base.

Shares are never stored in the summary; the workbook and the report derive
them here so both show the same figure on the same, named base.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Bases a share may be taken on, with the Vietnamese words that name them.
BASE_LABELS: dict[str, str] = {
    "members.total": "tổng số đảng viên",
    "members.full": "đảng viên chính thức",
    "members.exempt": "đảng viên được miễn",
    "orgs.registered": "tổ chức trong danh mục",
    "ratings.rated": "đảng viên được xếp loại",
}


@dataclass(frozen=True)
class Share:
    numerator: int
    base: int
    base_id: str

    @property
    def value(self) -> float | None:
        """The share as a fraction (0.6225 for 62,25%), None when the base is 0."""
        return self.numerator / self.base if self.base else None

    @property
    def base_label(self) -> str:
        return BASE_LABELS.get(self.base_id, self.base_id)


def share(indicators: Mapping[str, int | float], numerator_id: str, base_id: str = "members.total") -> Share:
    """The share of one indicator over a base indicator (missing ids count as 0)."""
    return Share(int(indicators.get(numerator_id, 0) or 0), int(indicators.get(base_id, 0) or 0), base_id)


def share_of_sum(
    indicators: Mapping[str, int | float], numerator_ids: list[str], base_ids: list[str], base_id: str
) -> Share:
    """A share whose base is a sum of indicators (e.g. ratings over all rated members)."""
    num = sum(int(indicators.get(i, 0) or 0) for i in numerator_ids)
    base = sum(int(indicators.get(i, 0) or 0) for i in base_ids)
    return Share(num, base, base_id)
