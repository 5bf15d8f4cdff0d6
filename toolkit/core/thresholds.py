"""The thresholds of the rules that a ward may set: one object, read by every rule that uses them.

The ages from which a member may be exempted from Party work and activities for old age and
ill health (60 for men and 55 for women unless the ward decides otherwise) are settings, not
constants: the CLI options `--old-age-men` / `--old-age-women`, the setting cells of the
consolidation workbook, or these defaults. Validation and the work lists read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.core.errors import SettingError

OLD_AGE_MEN = 60
OLD_AGE_WOMEN = 55
# What an age setting may be (a typing slip like 6 or 600 is refused, not applied).
AGE_SETTING_RANGE = (40, 90)


@dataclass(frozen=True)
class Thresholds:
    """The settable thresholds of the rules, with their defaults."""

    old_age_men: int = OLD_AGE_MEN
    old_age_women: int = OLD_AGE_WOMEN

    def __post_init__(self) -> None:
        low, high = AGE_SETTING_RANGE
        for name, value in (("nam", self.old_age_men), ("nữ", self.old_age_women)):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise SettingError(
                    f"Tuổi miễn sinh hoạt vì tuổi cao ({name}) phải là số nguyên từ {low} đến {high}, "
                    f"không phải “{value}”."
                )

    @property
    def old_age_by_gender(self) -> dict[str, int]:
        """The old-age exemption age of each gender code."""
        return {"male": self.old_age_men, "female": self.old_age_women}

    @classmethod
    def of(cls, old_age_men: int | None = None, old_age_women: int | None = None) -> Thresholds:
        """The thresholds with the values given, the defaults for those left None."""
        return cls(
            OLD_AGE_MEN if old_age_men is None else old_age_men,
            OLD_AGE_WOMEN if old_age_women is None else old_age_women,
        )


DEFAULT_THRESHOLDS = Thresholds()
