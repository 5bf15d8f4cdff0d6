"""The rows of a submission as every sample generator makes them.

Rows are dicts keyed by `toolkit.core.layout` field keys, categories as vocabulary codes and
dates as `datetime.date`: exactly what `toolkit.outputs.template.write_submission` takes.
The constructors here give every row all the keys of its sheet, so rows from different
generators look alike; the generators decide the values.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.core import layout
from toolkit.core.model import Organisation


@dataclass(frozen=True)
class Period:
    """The reporting period of a submission: from `start` to the cut-off date, both included."""

    start: dt.date
    cutoff: dt.date

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.start.year, self.cutoff.year + 1))


@dataclass
class SubmissionRows:
    """The rows of one submission (its `Thông tin` values and its three data sheets)."""

    info: dict[str, Any]
    members: list[dict[str, Any]]
    events: list[dict[str, Any]]
    years: list[dict[str, Any]]

    def write(self, path: Path, version: str = layout.TEMPLATE_VERSION) -> Path:
        """Fill the real template with these rows and save it as `path`; ``version`` writes
        them into an older template (`as_2026_1`)."""
        from toolkit.outputs.template import write_submission

        rows = as_2026_1(self) if version == layout.VERSION_2026_1 else self
        return write_submission(
            path, info=rows.info, members=rows.members, events=rows.events, years=rows.years, version=version
        )

    @property
    def people(self) -> list[tuple[str, dt.date]]:
        """Every (name, birth date) the rows hold, members and changes alike."""
        return [
            (str(r["full_name"]), r["birth_date"])
            for r in (*self.members, *self.events)
            if isinstance(r.get("full_name"), str) and isinstance(r.get("birth_date"), dt.date)
        ]


# The 2026.1 occupation a secretary would have chosen for each current one (its report group is
# the same), to write sample rows into the old template.
OCCUPATION_AS_2026_1 = {
    "state_official": "civil_servant",
    "party_mass_official": "civil_servant",
    "commune_official": "civil_servant",
    "neighbourhood_part_time": "part_time_official",
    "public_employee": "public_employee",
    "non_public_employee": "other",
    "enterprise_manager": "enterprise_worker",
    "enterprise_staff": "enterprise_worker",
    "production_worker": "enterprise_worker",
    "farmer": "farmer",
    "armed_forces": "armed_forces",
    "university_student": "student",
    "pupil": "student",
    "other": "freelance",
    "retired": "retired",
}


def as_2026_1(rows: SubmissionRows) -> SubmissionRows:
    """The rows as a 2026.1 file holds them: the old occupations, the version (the template
    writer leaves out the fields that version lacks)."""
    members = [
        {**m, "occupation": OCCUPATION_AS_2026_1.get(m["occupation"], m["occupation"])} for m in rows.members
    ]
    old_info = set(layout.INFO_2026_1.keys)
    info = {k: v for k, v in rows.info.items() if k in old_info}
    info["template_version"] = layout.VERSION_2026_1
    return SubmissionRows(info=info, members=members, events=list(rows.events), years=list(rows.years))


@dataclass
class OrgRows(SubmissionRows):
    """One organisation: its registry row and the rows of its submission."""

    organisation: Organisation


class Cards:
    """Party card numbers, unique within one source: `prefix` then a counter."""

    def __init__(self, prefix: str, width: int = 5) -> None:
        self.prefix = prefix
        self.width = width
        self.issued = 0

    def take(self) -> str:
        self.issued += 1
        return f"{self.prefix}{self.issued:0{self.width}d}"


def _row(spec: layout.SheetSpec, values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(spec.keys)
    if unknown:
        raise ValueError(f"{spec.name}: no field {sorted(unknown)}")
    return {key: values.get(key) for key in spec.keys}


def member_row(**values: Any) -> dict[str, Any]:
    """A `Đảng viên` row with every field (None where not given)."""
    return _row(layout.MEMBERS, values)


def event_row(**values: Any) -> dict[str, Any]:
    """A `Biến động` row with every field (None where not given)."""
    return _row(layout.EVENTS, values)


def year_row(year: int, **counts: int) -> dict[str, Any]:
    """A `Số liệu năm` row: every count 0 unless given."""
    return _row(layout.YEARS, {**dict.fromkeys(layout.YEAR_COUNT_KEYS, 0), "year": year, **counts})


def number_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill `row_no` 1, 2, … in the rows' order (as a secretary numbers the STT column)."""
    for i, row in enumerate(rows, start=1):
        row["row_no"] = i
    return rows


def info_row(organisation: Organisation, period: Period, **values: Any) -> dict[str, Any]:
    """`Thông tin` values of an organisation's submission for `period` (more may be given)."""
    info = {
        "org_code": organisation.org_code,
        "org_name": organisation.org_name,
        "org_tier": organisation.org_tier,
        "sector": organisation.sector,
        "secretary": organisation.secretary,
        "cutoff_date": period.cutoff,
        "period_start": period.start,
        "template_version": layout.TEMPLATE_VERSION,
        **values,
    }
    unknown = set(info) - set(layout.INFO.keys)
    if unknown:
        raise ValueError(f"{layout.INFO.name}: no field {sorted(unknown)}")
    return info


def split_ratings(
    rng: random.Random,
    rated: int,
    *,
    fail: int = 0,
    not_rated: int = 0,
    pass_share: tuple[float, float] = (0.02, 0.05),
    excellent_share: tuple[float, float] = (0.10, 0.19),
) -> dict[str, int]:
    """The year's ratings of `rated` members: `fail` failed, a few passed, the rest good, of
    whom 10–19 % excellent (below the 20 % the validator questions)."""
    fail = min(fail, rated)
    passed = min(round(rated * rng.uniform(*pass_share)), rated - fail)
    good_plus = rated - fail - passed
    excellent = int(good_plus * rng.uniform(*excellent_share))
    return {
        layout.RATING_KEYS["excellent"]: excellent,
        layout.RATING_KEYS["good"]: good_plus - excellent,
        layout.RATING_KEYS["pass"]: passed,
        layout.RATING_KEYS["fail"]: fail,
        layout.RATING_KEYS["not_rated"]: not_rated,
    }
