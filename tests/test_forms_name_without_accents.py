"""A change typed without accents for a member its file names with them (“Le Van Cuong”,
“Lê Văn Cường”, one birth date) is `event.name_without_accents`, and nothing is merged: the
figures count two people, a death leaves the member on the roll, and Biểu 1's line A was one
too high while the forms, read away from the workbook, said nothing. Now every form and the
report say how many such pairs the run has (no name: a form is aggregate), the summary carries
the count (`name_accent_pairs`), and a roll-up sums it from its wards' summaries.

The wards are generated organisations with a death of someone of a member's birth date whose
name is the member's with another tone (`other_tone`: Phục beside Phúc, two names, one without
accents with the other), run through the real pipeline and writers; the roll-up and the report
through the command line. (A death typed with fewer marks than the member's name is matched to
that member since hunt78 #1: the member still on the roll is then also
`event.left_still_on_roll_accents`, a warning since hunt83 #1, the file consolidated.)
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_sample import other_tone, sample_orgs
from toolkit.cli import main
from toolkit.forms.tables import FORMS
from toolkit.io.summary import check_summary
from toolkit.outputs.publish import prepare, write_outputs
from toolkit.outputs.report import report_paragraphs
from toolkit.pipeline import consolidate
from toolkit.sample.rows import OrgRows, Period, event_row, number_rows

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
CODE = "event.name_without_accents"
TAIL = "có họ tên chỉ khác nhau ở dấu (cùng ngày sinh) được tính là hai người"


def _with_deaths_other_tone(org: OrgRows, n: int) -> OrgRows:
    """`org` with a death of another tone (`other_tone`) beside each of its first `n` members
    whose name has a tone, the members on the roll."""
    members = [m for m in org.members if other_tone(m["full_name"])][:n]
    assert len(members) == n
    deaths = [
        event_row(
            full_name=other_tone(m["full_name"]),
            birth_date=m["birth_date"],
            event_type="died",
            event_date=dt.date(2026, 2, 15),
        )
        for m in members
    ]
    events = number_rows([*(dict(e) for e in org.events), *deaths])
    return OrgRows(org.info, org.members, events, org.years, org.organisation)


def _ward(folder: Path, name: str, seed: int, prefix: str, pairs: int) -> Path:
    """A ward of two organisations, the first with `pairs` deaths of another tone; its
    workbook and JSON summary (returned) written as `consolidate` writes them."""
    orgs = sample_orgs(seed, [12, 9], PERIOD, prefix=prefix)
    if pairs:
        orgs[0] = _with_deaths_other_tone(orgs[0], pairs)
    folder.mkdir(parents=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    result = consolidate([folder], cutoff=PERIOD.cutoff, ward_name=name, while_reading=prepare)
    out = folder.parent / f"{folder.name}.xlsx"
    write_outputs(result, out, out.with_suffix(".json"), history=None)
    return out.with_suffix(".json")


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _form_notes(book: Path) -> dict[str, list[str]]:
    wb = openpyxl.load_workbook(book)
    return {
        form.sheet_name: [str(c.value) for c in wb[form.sheet_name]["A"] if isinstance(c.value, str)]
        for form in FORMS
    }


def _report_sheet(book: Path) -> list[str]:
    return [str(c.value) for c in openpyxl.load_workbook(book)["Báo cáo"]["A"] if c.value is not None]


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("name_without_accents_forms")
    return {
        "dong": _ward(tmp / "dong", "Phường Đông", 31, "D", pairs=2),
        "tay": _ward(tmp / "tay", "Phường Tây", 32, "T", pairs=1),
        "nam": _ward(tmp / "nam", "Phường Nam", 33, "N", pairs=0),
    }


def test_every_form_and_the_report_say_the_pairs_of_a_ward(wards: dict[str, Path]) -> None:
    doc = _load(wards["dong"])
    assert [i["code"] for i in doc["issues"]].count(CODE) == 2
    assert doc["name_accent_pairs"] == 2
    note = (
        f"2 cặp dòng {TAIL} (chi tiết ở sheet “Kiểm tra”, các cảnh báo họ tên “chỉ khác nhau ở dấu”): "
        f"nếu là một người thì các số trong biểu có thể chưa đúng."
    )
    # Said once under every form, by number only (the note is the whole text: no name).
    for sheet, notes in _form_notes(wards["dong"].with_suffix(".xlsx")).items():
        assert sum(note in n for n in notes) == 1, (sheet, notes)
    sentence = (
        f"2 cặp dòng {TAIL} (chi tiết ở sheet “Kiểm tra”, các cảnh báo họ tên “chỉ khác nhau ở dấu”): "
        f"nếu là một người thì các số liệu dưới đây có thể chưa đúng."
    )
    assert sum(sentence in p for p in report_paragraphs(doc)) == 1
    assert sum(sentence in line for line in _report_sheet(wards["dong"].with_suffix(".xlsx"))) == 1


def test_the_report_of_the_summary_says_it_once(wards: dict[str, Path], tmp_path: Path) -> None:
    md = tmp_path / "bao_cao.md"
    done = CliRunner().invoke(main, ["report", str(wards["tay"]), "-o", str(md)])
    assert done.exit_code == 0, done.output
    text = md.read_text("utf-8")
    assert text.count(f"1 cặp dòng {TAIL}") == 1, text


def test_no_note_without_such_a_pair(wards: dict[str, Path]) -> None:
    doc = _load(wards["nam"])
    assert CODE not in {i["code"] for i in doc["issues"]} and doc["name_accent_pairs"] == 0
    for sheet, notes in _form_notes(wards["nam"].with_suffix(".xlsx")).items():
        assert not any("cặp dòng" in n for n in notes), (sheet, notes)
    assert not any("cặp dòng" in p for p in report_paragraphs(doc))


def test_a_rollup_sums_its_wards_pairs_and_names_the_wards(wards: dict[str, Path], tmp_path: Path) -> None:
    """A roll-up's forms are built from its wards' summaries: the pairs are summed, said under
    every form and in the report, and each ward with pairs is named at its file."""
    # A summary of a build before the count: its issues say its pairs.
    older = _load(wards["tay"])
    del older["name_accent_pairs"]
    older_path = tmp_path / "tay_cu.json"
    older_path.write_text(json.dumps(older, ensure_ascii=False), "utf-8")
    out = tmp_path / "cap_tren"
    out.mkdir()
    args = [str(wards["dong"]), str(older_path), str(wards["nam"]), "--name", "Tỉnh Thử"]
    done = CliRunner().invoke(
        main, ["rollup", *args, "-o", str(out / "r.xlsx"), "--json", str(out / "r.json")]
    )
    assert done.exit_code == 0, done.output
    doc = _load(out / "r.json")
    assert doc["name_accent_pairs"] == 3
    note = (
        f"3 cặp dòng ở 2 phường {TAIL} (chi tiết ở sheet “Kiểm tra”, cảnh báo về số liệu các biểu "
        "của phường): "
        "nếu là một người thì các số trong biểu có thể chưa đúng."
    )
    for sheet, notes in _form_notes(out / "r.xlsx").items():
        assert sum(note in n for n in notes) == 1, (sheet, notes)
    named = [i for i in doc["issues"] if i["code"] == "rollup.ward_form_warning"]
    assert [i["org_code"] for i in named] == ["Phường Đông", "Phường Tây"]
    assert "“Họ tên chỉ khác nhau ở dấu” (event.name_without_accents, 2 cảnh báo)" in named[0]["message"]
    assert sum(f"3 cặp dòng ở 2 phường {TAIL}" in p for p in report_paragraphs(doc)) == 1


def test_a_pair_said_twice_is_one_pair_and_a_summary_without_the_count_reads_its_issues() -> None:
    from toolkit.stats.coverage import accent_pairs, summary_accent_pairs

    said = {"code": CODE, "file": "D01.xlsx", "org_code": "D01", "sheet": "Biến động", "cell": "B14"}
    other = {**said, "cell": "B15"}
    excluded = {**said, "org_code": "D02", "file": "D02.xlsx"}
    assert accent_pairs([said, dict(said), other, excluded], {"D01"}) == 2
    summary: dict[str, Any] = {
        "cutoff_date": "2026-03-31",
        "period_start": "2025-01-01",
        "indicators": {"members.total": 1},
        "organisations": [{"org_code": "D01", "status": "consolidated"}],
        "issues": [said, other],
    }
    assert summary_accent_pairs(summary) == 2  # a summary of a build before the count
    assert summary_accent_pairs({**summary, "issues": []}) == 0  # a history export: no issue kept
    assert summary_accent_pairs({**summary, "name_accent_pairs": 5}) == 5
    with pytest.raises(Exception, match="name_accent_pairs"):
        check_summary({**summary, "name_accent_pairs": -1})
