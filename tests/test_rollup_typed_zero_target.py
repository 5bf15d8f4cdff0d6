"""A ward's admission target typed 0, and its pairs of names differing only by accents, as the
roll-up reads them from the ward's own summary (hunt75 #1, #2), on real ward summaries
(generated wards consolidated, their JSON written as `consolidate --json` writes it) and the
command line:

- a ward whose registry gives 2026 a target of 0 (its summary's `target_years` lists the year)
  has a known target: summed as 0, no `rollup.no_target`, the other wards' targets and rate
  kept; a roll-up of wards that all typed 0 shows 0 and says it as a ward's report does; a
  summary without `target_years` (an older one) keeps the rule of a 0 being no target;
- `rollup.ward_form_warning` names the codes a ward's issues say its pairs with
  (`member.name_without_accents`, `event.name_without_accents`, both when both), today's wording
  kept for a summary whose issues do not say them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs, with_other_tone_death
from tests.schema_check import assert_valid_summary
from toolkit.cli import main
from toolkit.core import vnformat
from toolkit.core.model import Registry
from toolkit.outputs.publish import write_outputs
from toolkit.outputs.report import report_paragraphs
from toolkit.pipeline import consolidate
from toolkit.sample.rows import OrgRows, Period, number_rows

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
YEARS = (2024, 2025, 2026)
COLUMNS = dict(zip(YEARS, "BCD", strict=True))
TARGET_ROW = "Chỉ tiêu kết nạp được giao"
MEMBER_CODE, EVENT_CODE = "member.name_without_accents", "event.name_without_accents"


def _unaccented(name: str) -> str:
    plain = name.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", plain) if not unicodedata.combining(c))


def _accented(org: OrgRows) -> dict[str, Any]:
    return next(m for m in org.members if _unaccented(m["full_name"]) != m["full_name"])


def _member_retyped(orgs: list[OrgRows]) -> None:
    """A member of the first organisation typed again, without accents, in the second one's
    file (`member.name_without_accents`)."""
    again = {**_accented(orgs[0]), "full_name": _unaccented(_accented(orgs[0])["full_name"]), "card_no": None}
    second = orgs[1]
    orgs[1] = OrgRows(
        second.info, number_rows([*second.members, again]), second.events, second.years, second.organisation
    )


def _death_other_tone(orgs: list[OrgRows]) -> None:
    """A death in the last organisation of someone of a member's birth date whose name is the
    member's with another tone (`with_other_tone_death`): one pair warned of and counted."""
    orgs[-1] = with_other_tone_death(orgs[-1])


def _summary(folder: Path, orgs: list[OrgRows], name: str, *, targets: str) -> Path:
    """`orgs` consolidated as one ward, under a registry of them with their generated targets
    (`targets="given"`), every target typed 0 (`"zero"`), or no registry (`"none"`); its JSON
    summary written, its path returned."""
    nop = folder / "nop"
    nop.mkdir(parents=True)
    for org in orgs:
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    registry = None
    if targets != "none":
        listed = [o.organisation for o in orgs]
        if targets == "zero":
            listed = [dataclasses.replace(o, targets=dict.fromkeys(YEARS, 0)) for o in listed]
        registry = Registry(listed)
    result = consolidate([nop], cutoff=PERIOD.cutoff, since=PERIOD.start, registry=registry, ward_name=name)
    write_outputs(result, folder / "tong_hop.xlsx", folder / "tong_hop.json")
    return folder / "tong_hop.json"


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _edited(source: Path, target: Path, drop: tuple[str, ...] = (), **changes: Any) -> Path:
    doc = {k: v for k, v in _load(source).items() if k not in drop}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({**doc, **changes}, ensure_ascii=False), encoding="utf-8")
    return target


def _rollup(out: Path, *summaries: Path) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    args = ["rollup", *map(str, summaries), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json")]
    done = CliRunner().invoke(main, [*args, "--name", "Tỉnh Thử"])
    assert done.exit_code == 0, done.output
    doc = _load(out / "r.json")
    assert_valid_summary(doc)
    return doc


def _target_cells(book: Path, sheet: str) -> dict[int, Any]:
    """Each year's cell of the row `Chỉ tiêu kết nạp được giao` of `sheet` (None: empty)."""
    ws = openpyxl.load_workbook(book)[sheet]
    # The label names the years of its total when the cut-off's year is left out of it (fixAW).
    label = (TARGET_ROW, f"{TARGET_ROW} (cột Tổng: 2024–2025)")
    (row,) = [r for r in range(1, ws.max_row + 1) if ws[f"A{r}"].value in label][:1]
    return {y: ws[f"{c}{row}"].value for y, c in COLUMNS.items()}


def _report(book: Path) -> str:
    return " ".join(str(c.value) for row in openpyxl.load_workbook(book)["Báo cáo"].iter_rows() for c in row)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("typed_zero")
    one = sample_orgs(61, [30, 24, 28], PERIOD, prefix="A")
    _member_retyped(one)
    _death_other_tone(one)
    zero = sample_orgs(65, [26, 35], PERIOD, prefix="B")
    _member_retyped(zero)
    none = sample_orgs(68, [26, 35], PERIOD, prefix="C")
    return {
        "tmp": tmp,
        "one": _summary(tmp / "mot", one, "Phường Một", targets="given"),
        "zero": _summary(tmp / "be", zero, "Phường Bê", targets="zero"),
        "none": _summary(tmp / "ba", none, "Phường Ba", targets="none"),
    }


# --- 1. a target typed 0 ----------------------------------------------------------------------------


def test_a_wards_target_typed_0_is_summed_as_0_and_keeps_the_others_targets(built: dict[str, Any]) -> None:
    one, zero = _load(built["one"]), _load(built["zero"])
    assert zero["target_years"] == list(YEARS)
    assert all(zero["indicators"][f"targets.{y}"] == 0 for y in YEARS)
    assert zero["indicators"]["changes.admissions.2026"] > 0  # admitted over a target of 0
    assert all(one["indicators"][f"targets.{y}"] > 0 for y in YEARS)
    out = built["tmp"] / "r_one_zero"
    up = _rollup(out, built["one"], built["zero"])
    assert not [i for i in up["issues"] if i["code"] == "rollup.no_target"]
    for year in YEARS:  # Phường Bê's 0 added: Phường Một's target, the rate over it
        assert up["indicators"][f"targets.{year}"] == one["indicators"][f"targets.{year}"], year
        assert f"targets.rate.{year}" in up["indicators"], year
    assert up["target_years"] == list(YEARS)
    for sheet in ("Tổng hợp", "Biến động theo năm"):
        cells = _target_cells(out / "r.xlsx", sheet)
        assert cells == {y: one["indicators"][f"targets.{y}"] for y in YEARS}, sheet
    report = _report(out / "r.xlsx")
    assert "chưa tính được tỷ lệ" not in report
    # The rate over Phường Một's target ("vượt" above it, hunt174 #3).
    assert f"chỉ tiêu năm 2026 ({vnformat.count(one['indicators']['targets.2026'])} đảng viên)" in report
    assert "đạt tỷ lệ" in report


def test_a_rollup_of_wards_that_all_typed_0_shows_0_and_says_it_as_the_ward_does(
    built: dict[str, Any],
) -> None:
    out = built["tmp"] / "r_zero"
    up = _rollup(out, built["zero"])
    assert up["target_years"] == list(YEARS)
    assert all(up["indicators"][f"targets.{y}"] == 0 for y in YEARS)
    for sheet in ("Tổng hợp", "Biến động theo năm"):
        assert _target_cells(out / "r.xlsx", sheet) == dict.fromkeys(YEARS, 0), sheet
    said = "chỉ tiêu kết nạp năm 2026 là 0 nên không tính tỷ lệ đạt chỉ tiêu."
    assert said in " ".join(report_paragraphs(_load(built["zero"])))  # the ward's own report
    assert said in _report(out / "r.xlsx")
    assert said in " ".join(report_paragraphs(up))
    assert "chưa có chỉ tiêu kết nạp năm 2026" not in _report(out / "r.xlsx")


def test_a_ward_without_targets_is_named_alone_beside_one_that_typed_0(built: dict[str, Any]) -> None:
    """Phường Ba has no registry: its target is unknown, the roll-up's left out and said of it
    only, never of Phường Bê, whose 0 was typed."""
    none = _load(built["none"])
    assert "target_years" in none and not none["target_years"]
    assert none["indicators"]["changes.admissions.2026"] > 0
    out = built["tmp"] / "r_three"
    up = _rollup(out, built["one"], built["zero"], built["none"])
    named = [i for i in up["issues"] if i["code"] == "rollup.no_target"]
    assert [i["org_code"] for i in named] == ["Phường Ba"]
    assert "targets.2026" not in up["indicators"]
    assert 2026 not in up["target_years"]
    why = "chưa tính được tỷ lệ đạt chỉ tiêu năm 2026 vì Phường Ba chưa có chỉ tiêu kết nạp năm đó."
    assert why in _report(out / "r.xlsx")
    assert why in " ".join(report_paragraphs(up))


def test_a_summary_without_target_years_keeps_a_0_as_no_target(built: dict[str, Any]) -> None:
    """An older summary does not say which years were typed: a 0 with admissions is no target."""
    older = _edited(built["zero"], built["tmp"] / "be_cu" / "tong_hop.json", drop=("target_years",))
    up = _rollup(built["tmp"] / "r_older", built["one"], older)
    (issue,) = [i for i in up["issues"] if i["code"] == "rollup.no_target"]
    assert issue["org_code"] == "Phường Bê"
    assert "targets.2026" not in up["indicators"]
    alone = _rollup(built["tmp"] / "r_older_alone", older)
    assert "target_years" not in alone  # nothing known: as a roll-up of older summaries always was


def _without_target(built: dict[str, Any], key: str, folder: str) -> Path:
    """Ward `key`'s summary with its 2026 target (and rate) lost, as a hand or a damage leaves it."""
    doc = _load(built[key])
    indicators = {
        k: v for k, v in doc["indicators"].items() if k not in ("targets.2026", "targets.rate.2026")
    }
    return _edited(built[key], built["tmp"] / folder / "tong_hop.json", indicators=indicators)


def test_a_ward_whose_summary_lacks_its_target_is_named_for_it_never_one_that_typed_0(
    built: dict[str, Any],
) -> None:
    """Phường Một's summary lost its 2026 target (its `target_years` still lists 2026): the
    roll-up's target of 2026 cannot be summed (`rollup.incomplete_indicator`, no
    `rollup.no_target`); the report says so of Phường Một, never that Phường Bê, whose 0 was
    typed, has no target."""
    damaged = _without_target(built, "one", "mot_hong")
    out = built["tmp"] / "r_damaged"
    up = _rollup(out, built["zero"], damaged)
    assert not [i for i in up["issues"] if i["code"] == "rollup.no_target"]
    (incomplete,) = [i for i in up["issues"] if i["code"] == "rollup.incomplete_indicator"]
    assert incomplete["org_code"] == "Phường Một" and "chỉ tiêu kết nạp năm 2026" in incomplete["message"]
    assert "targets.2026" not in up["indicators"]
    why = (
        "chưa tính được tỷ lệ đạt chỉ tiêu năm 2026 vì tệp số liệu của Phường Một thiếu (hoặc ghi "
        "không đúng) chỉ tiêu kết nạp năm đó."
    )
    for text in (_report(out / "r.xlsx"), " ".join(report_paragraphs(up))):
        assert why in text, text
        assert "Phường Bê chưa có chỉ tiêu" not in text and "Phường Bê, " not in text


def test_a_ward_without_a_target_is_named_beside_one_whose_summary_lacks_it(built: dict[str, Any]) -> None:
    """With Phường Một's target lost, Phường Ba (no registry) still lacks its own: each is
    named with its reason, Phường Bê (typed 0) never."""
    damaged = _without_target(built, "one", "mot_hong_2")
    out = built["tmp"] / "r_damaged_three"
    up = _rollup(out, built["zero"], damaged, built["none"])
    named = [i for i in up["issues"] if i["code"] == "rollup.no_target"]
    assert [i["org_code"] for i in named] == ["Phường Ba"] and "2026" in named[0]["value"].split(", ")
    why = (
        "chưa tính được tỷ lệ đạt chỉ tiêu năm 2026 vì Phường Ba chưa có chỉ tiêu kết nạp năm đó và tệp "
        "số liệu của Phường Một thiếu (hoặc ghi không đúng) chỉ tiêu kết nạp năm đó."
    )
    for text in (_report(out / "r.xlsx"), " ".join(report_paragraphs(up))):
        assert why in text, text
        assert "Phường Bê" not in text.split("chưa tính được tỷ lệ")[1].split(".")[0]


# --- 2. the codes of a ward's pairs -------------------------------------------------------------------


def _warning(up: dict[str, Any], ward: str) -> str:
    (issue,) = [i for i in up["issues"] if i["code"] == "rollup.ward_form_warning" and i["org_code"] == ward]
    return str(issue["message"])


def test_the_ward_warning_names_the_codes_its_pairs_are_said_with(built: dict[str, Any]) -> None:
    one, zero = _load(built["one"]), _load(built["zero"])
    assert [i["code"] for i in zero["issues"]].count(MEMBER_CODE) == 1 and zero["name_accent_pairs"] == 1
    assert EVENT_CODE not in {i["code"] for i in zero["issues"]}
    assert {MEMBER_CODE, EVENT_CODE} <= {i["code"] for i in one["issues"]} and one["name_accent_pairs"] == 2
    up = _rollup(built["tmp"] / "r_codes", built["one"], built["zero"])
    member_only = _warning(up, "Phường Bê")
    assert "“Họ tên đảng viên chỉ khác nhau ở dấu” (member.name_without_accents)" in member_only
    assert EVENT_CODE not in member_only
    both = _warning(up, "Phường Một")
    assert "“Họ tên đảng viên chỉ khác nhau ở dấu” (member.name_without_accents)" in both
    assert "“Họ tên chỉ khác nhau ở dấu” (event.name_without_accents)" in both
    assert up["name_accent_pairs"] == 3 and up["ward_accent_pairs"] == {"Phường Một": 2, "Phường Bê": 1}


def test_a_summary_whose_issues_do_not_say_its_pairs_keeps_the_old_words(built: dict[str, Any]) -> None:
    bare = _edited(built["zero"], built["tmp"] / "be_khong_loi" / "tong_hop.json", issues=[])
    up = _rollup(built["tmp"] / "r_bare", bare)
    assert "“Họ tên chỉ khác nhau ở dấu” (event.name_without_accents)" in _warning(up, "Phường Bê")
