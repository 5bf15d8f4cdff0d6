"""The pandera schemas accept a clean normalised frame and reject what the contract forbids."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.errors as pe
import pytest

from toolkit.core import layout
from toolkit.validation.schemas import info_schema, members_schema, years_schema

TODAY = dt.date(2026, 4, 1)


def members_frame(**overrides) -> pd.DataFrame:
    row = {
        "row_no": 1,
        "full_name": "Nguyễn Văn An",
        "birth_date": pd.Timestamp(1980, 5, 1),
        "gender": "male",
        "ethnicity": "01",
        "religion": "none",
        "card_no": "123456",
        "admission_date": pd.Timestamp(2005, 5, 1),
        "official_date": pd.Timestamp(2006, 5, 1),
        "gen_edu": "upper_secondary",
        "prof_level": "university",
        "academic_title": None,
        "theory_level": "intermediate",
        "occupation": "commune_official",
        "youth_union": None,
        "private_owner": None,
        "foreign_marriage": None,
        "exempt_from": pd.NaT,
        "exempt_reason": None,
        "working_away": None,
        "note": None,
        "_row": 2,
    }
    row.update(overrides)
    df = pd.DataFrame([row])
    for f in layout.MEMBERS.fields:
        if f.kind == "date":
            df[f.key] = pd.to_datetime(df[f.key]).astype("datetime64[ns]")
        elif f.kind == "int":
            df[f.key] = df[f.key].astype("Int64")
        else:
            df[f.key] = df[f.key].astype(object)
    return df


def test_clean_members_pass() -> None:
    members_schema(TODAY).validate(members_frame(), lazy=True)


@pytest.mark.parametrize(
    "overrides, column",
    [
        ({"gender": "Nam giới"}, "gender"),
        ({"full_name": None}, "full_name"),
        ({"full_name": "   "}, "full_name"),
        ({"birth_date": pd.Timestamp(1890, 1, 1)}, "birth_date"),
        ({"admission_date": pd.Timestamp(2027, 1, 1)}, "admission_date"),
        ({"admission_date": pd.NaT}, "admission_date"),
        ({"occupation": "astronaut"}, "occupation"),
        ({"occupation": "civil_servant"}, "occupation"),  # a 2026.1 code is no current one
        ({"ethnicity": "55"}, "ethnicity"),
        ({"religion": "Phật"}, "religion"),
        ({"academic_title": "doctor"}, "academic_title"),
    ],
)
def test_members_rejects(overrides: dict, column: str) -> None:
    with pytest.raises(pe.SchemaErrors) as err:
        members_schema(TODAY).validate(members_frame(**overrides), lazy=True)
    assert column in set(err.value.failure_cases["column"].astype(str))


def test_years_counts_non_negative() -> None:
    row = {k: 0 for k in layout.YEARS.keys} | {"year": 2025, "rated_good": -1, "_row": 2}
    df = pd.DataFrame([row]).astype({k: "Int64" for k in layout.YEARS.keys})
    with pytest.raises(pe.SchemaErrors) as err:
        years_schema(TODAY).validate(df, lazy=True)
    assert "rated_good" in set(err.value.failure_cases["column"].astype(str))


def test_info_requires_org_code_and_allowed_tier() -> None:
    df = pd.DataFrame(
        [
            {
                "org_code": None,
                "org_name": "Chi bộ A",
                "org_tier": "khong_ro",
                "sector": "to_dan_pho",
                "cutoff_date": pd.Timestamp(2026, 3, 31),
                "period_start": pd.Timestamp(2020, 1, 1),
                "template_version": layout.TEMPLATE_VERSION,
            }
        ]
    ).astype({"org_code": object, "org_tier": object})
    with pytest.raises(pe.SchemaErrors) as err:
        info_schema(TODAY).validate(df, lazy=True)
    failed = set(err.value.failure_cases["column"].astype(str))
    assert {"org_code", "org_tier"} <= failed  # tier may be empty, never unknown


class _Asked:
    """A finder that only notes the top-level modules the import system is asked to find."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        self.names.append(name)
        return None


def test_validating_never_searches_for_geopandas_which_is_not_installed() -> None:
    """pandera tries `import geopandas` for each dtype it cannot name at once; where geopandas
    is not installed, its absence is recorded when the schemas are imported, so validating a
    frame searches `sys.path` for it no more (each search is a failed import)."""
    import importlib.util
    import sys

    from toolkit.validation.columns import failures

    assert importlib.util.find_spec("geopandas") is None or "geopandas" in sys.modules
    frame = members_frame()
    asked = _Asked()
    sys.meta_path.insert(0, asked)
    try:
        failures(members_schema(TODAY), frame)
    finally:
        sys.meta_path.remove(asked)
    assert "geopandas" not in asked.names
