"""A finished year's ratings left blank (hunt174 #1): the year's row is on `Số liệu năm` but its
five rating cells are empty (or 0) while the organisation had members to rate. Nothing said so:
validate passed the file, and the ward's ratings of that year silently covered the other
organisations' members only ("tỷ lệ tính trên 12 đảng viên được xếp loại" of a ward of 42).
`year.unrated` warns at the row, naming its cells, and the report's ratings paragraph and the
note under its table of main figures name the organisation, as they do for a missing row.

Files written through the real template (`helpers_validate`; `sample_orgs` for a ward):
period 01/01/2025–31/03/2026, so 2025 has ended and 2026 has not.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_validate import clean_events, clean_info, clean_members, clean_years, codes, only, run, write

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core import layout, vocab
from toolkit.outputs.report import report_paragraphs
from toolkit.pipeline import consolidate
from toolkit.sample.rows import OrgRows, Period

CODE = "year.unrated"
RATING_KEYS = [layout.RATING_KEYS[c] for c in vocab.RATING.codes]
PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))


def _blank(years: list[dict], year: int = 2025, value: int | None = None) -> list[dict]:
    """`years` with every rating cell of `year` set to `value` (None: left empty)."""
    return [{**y, **dict.fromkeys(RATING_KEYS, value)} if y["year"] == year else y for y in years]


def test_a_finished_year_rated_nobody_is_a_warning_naming_its_cells(tmp_path: Path) -> None:
    path = write(tmp_path, years=_blank(clean_years()))
    result = run(path)
    issue = only(result.issues, CODE)
    assert issue.severity == "warning"
    where = (issue.file, issue.org_code, issue.sheet, issue.cell)
    assert where == (path.name, "CB07", layout.SHEET_YEARS, "E2")
    assert issue.value == "2025"
    # The members of 2025 not exempted (one clean member is exempted since 2020).
    assert (
        "(ô E2): Năm 2025 đã kết thúc nhưng chưa ghi kết quả xếp loại chất lượng đảng viên: các ô E2–I2 đều "
        "trống (hoặc 0), trong khi cuối năm 2025 tổ chức có 4 đảng viên không được miễn"
    ) in issue.message
    assert "Xếp loại năm 2025 của phường đang không gồm tổ chức này." in issue.message
    assert unicodedata.is_normalized("NFC", issue.message)
    assert result.submissions[0].status == "warnings"  # still consolidated


def test_ratings_typed_as_0_are_as_blank(tmp_path: Path) -> None:
    assert only(run(write(tmp_path, years=_blank(clean_years(), value=0))).issues, CODE).cell == "E2"


def test_a_rated_year_and_the_unfinished_cutoff_year_say_nothing(tmp_path: Path) -> None:
    # clean_years: 2025 rated, 2026 (not ended at 31/03/2026) with no rating.
    assert CODE not in codes(run(write(tmp_path)).issues)


def test_members_all_not_rated_is_a_rating_typed(tmp_path: Path) -> None:
    years = _blank(clean_years())
    years[0]["not_rated"] = 5
    assert CODE not in codes(run(write(tmp_path, years=years)).issues)


@pytest.mark.parametrize(("cutoff", "said"), [(dt.date(2025, 12, 31), True), (dt.date(2025, 12, 30), False)])
def test_the_cutoff_year_is_finished_on_31_december(tmp_path: Path, cutoff: dt.date, said: bool) -> None:
    info = clean_info(cutoff_date=cutoff)
    years = _blank([y for y in clean_years() if y["year"] == 2025])
    events = [e for e in clean_events() if e["event_date"] <= cutoff]
    result = run(write(tmp_path, info=info, years=years, events=events), today=dt.date(2026, 1, 15))
    assert (CODE in codes(result.issues)) is said


def test_an_organisation_whose_members_are_all_exempted_has_nobody_to_rate(tmp_path: Path) -> None:
    exempt = {"exempt_from": dt.date(2020, 1, 1), "exempt_reason": "old_age_ill_health"}
    members = [{**m, **exempt} for m in clean_members()]
    result = run(write(tmp_path, members=members, years=_blank(clean_years())))
    assert CODE not in codes(result.issues)


def test_a_dissolved_organisations_last_report_is_not_asked_for_ratings(tmp_path: Path) -> None:
    """No member at the cut-off: its members were rated where they went (as `year.missing`)."""
    result = run(write(tmp_path, members=[], events=clean_events()[1:], years=_blank(clean_years())))
    assert CODE not in codes(result.issues)


@pytest.fixture(scope="module")
def orgs() -> list[OrgRows]:
    return sample_orgs(174, [12, 30], PERIOD, prefix="U")


def _ward(folder: Path, orgs: list[OrgRows]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    unrated = dataclasses.replace(orgs[1], years=_blank([dict(y) for y in orgs[1].years]))
    for org in (orgs[0], unrated):
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    return folder


def test_the_report_names_the_organisation_its_ratings_lack(tmp_path: Path, orgs: list[OrgRows]) -> None:
    """The hunt's ward: U02's 2025 ratings left blank. The ratings paragraph and the note under
    the table of main figures say the ratings lack U02, as they say of a missing row."""
    result = consolidate([_ward(tmp_path / "nop", orgs)], cutoff=PERIOD.cutoff)
    assert [(i.org_code, i.value) for i in result.issues if i.code == CODE] == [("U02", "2025")]
    summary = result.to_summary()
    said = "chưa gồm số liệu của 1 tổ chức đảng chưa ghi xếp loại ở sheet “Số liệu năm” (U02 năm 2025)."
    (ratings,) = [p for p in report_paragraphs(summary) if p.startswith("Kết quả xếp loại chất lượng")]
    assert ratings.endswith(f" Kết quả xếp loại này {said}"), ratings
    # Of the training, nothing: U02's training of 2025 is in.
    assert not any("chưa ghi xếp loại" in p for p in report_paragraphs(summary) if "bồi dưỡng" in p)
    # The note under the table of main figures, in the report written from the JSON summary.
    path = tmp_path / "tong_hop.json"
    path.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    md = tmp_path / "bao_cao.md"
    assert CliRunner().invoke(main, ["report", str(path), "-o", str(md)]).exit_code == 0
    assert f"năm 2025 {said}_" in md.read_text(encoding="utf-8")


def test_a_ward_whose_organisations_all_rated_says_nothing(tmp_path: Path, orgs: list[OrgRows]) -> None:
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    result = consolidate([folder], cutoff=PERIOD.cutoff)
    assert CODE not in codes(result.issues)
    assert not any("chưa ghi xếp loại" in p for p in report_paragraphs(result.to_summary()))
