"""hunt103: a member typed again in capitals (“HOÀNG THỊ NGA” beside “Hoàng Thị Nga”, one birth
date) is one person by name and birth date (`vocab.person_name_key` casefolds), so the duplicate
checks said so (an error), while `member.name_without_accents` said on the same cell that the two
names "chỉ khác nhau ở dấu" and were counted as two people: the accent pairs compared the codes of
the typed names, not of their keys (#1). And the notes of Biểu 1–4 and the report paragraph,
which go to the upper level, named the internal codes (“mã member.name_without_accents hoặc
event.name_without_accents”) instead of what the clerk reads in the `Kiểm tra` sheet (#2).

Real files: generated submissions, the pipeline's workbook and JSON, the CLI's `lists`, `report`
and `rollup`. (The work lists share the rule, `accent_pairs.accent_pairs`, but leave out the
files of such a pair: their duplicate is an error.)"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_validate import clean_events, clean_info, clean_members, codes, member, run, write

from tests.helpers_sample import other_tone, sample_orgs
from toolkit.cli import main
from toolkit.forms.tables import FORMS
from toolkit.outputs.publish import prepare, write_outputs
from toolkit.outputs.report import report_paragraphs
from toolkit.pipeline import consolidate
from toolkit.sample.rows import OrgRows, Period, event_row, number_rows

CODE = "member.name_without_accents"
EVENT_CODE = "event.name_without_accents"
ISSUE_CODE = re.compile(r"\b(member|event|file|norm|form|org|rollup|registry|history)\.[a-z_]+")

NGA = member(full_name="Hoàng Thị Nga", birth_date=dt.date(1946, 3, 27), gender="female", card_no="98.124217")


def _org(folder: Path, name: str, code: str, rows: list[dict[str, Any]]) -> Path:
    others = [
        member(
            row_no=n + 1,
            full_name=f"Người {code} {n}",
            birth_date=dt.date(1970 + n, 1, 1),
            card_no=f"{code}-{n}",
        )
        for n in range(1, 4)
    ]
    return write(folder, name, info=clean_info(org_code=code), members=[*others, *rows], events=[], years=[])


def test_a_member_typed_in_capitals_in_another_file_is_the_duplicate_only(tmp_path: Path) -> None:
    a = _org(tmp_path, "a.xlsx", "CB07", [{**NGA, "row_no": 4}])
    b = _org(tmp_path, "b.xlsx", "CB08", [{**NGA, "row_no": 4, "full_name": "HOÀNG THỊ NGA"}])
    found = codes(run(a, b).issues)
    assert "member.duplicate_other_file" in found
    assert CODE not in found, found


def test_a_member_typed_in_capitals_in_the_file_is_the_duplicate_only(tmp_path: Path) -> None:
    rows = [*clean_members(), {**NGA, "row_no": 6}, {**NGA, "row_no": 7, "full_name": "hoàng thị NGA"}]
    found = codes(run(write(tmp_path, members=rows)).issues)
    assert "member.duplicate" in found
    assert CODE not in found, found


def test_capitals_and_accents_left_out_are_still_said(tmp_path: Path) -> None:
    """Capitals do not hide accents left out: “HOANG THI NGA” beside a file's “Hoàng Thị Nga”
    and its “HOÀNG THỊ NGA” is said once, and not beside its own spelling in capitals."""
    a = _org(
        tmp_path, "a.xlsx", "CB07", [{**NGA, "row_no": 4}, {**NGA, "row_no": 5, "full_name": "HOÀNG THỊ NGA"}]
    )
    b = _org(
        tmp_path, "b.xlsx", "CB08", [{**NGA, "row_no": 4, "full_name": "HOANG THI NGA", "card_no": None}]
    )
    issues = [i for i in run(a, b).issues if i.code == CODE]
    assert [(i.file, i.cell) for i in issues] == [("b.xlsx", "B5")], issues


def test_a_change_typed_in_capitals_is_the_members(tmp_path: Path) -> None:
    """The change's twin: a death typed in capitals for a member of the file is that member's,
    not two names a mark apart."""
    rows = [*clean_members(), {**NGA, "row_no": 6}]
    death = {
        "row_no": 3,
        "full_name": "HOÀNG THỊ NGA",
        "birth_date": NGA["birth_date"],
        "event_type": "died",
        "event_date": dt.date(2026, 2, 15),
    }
    found = codes(run(write(tmp_path, members=rows, events=[*clean_events(), death])).issues)
    assert EVENT_CODE not in found, found


# -- #2: no issue code in the forms and the report --------------------------------------------------

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
KIEM_TRA = "chi tiết ở sheet “Kiểm tra”"


def _ward(folder: Path, name: str, seed: int, prefix: str) -> Path:
    """A ward of two organisations, the first with a death of another tone beside a member
    (`event.name_without_accents`), the second with a member of the first typed again without
    accents (`member.name_without_accents`); its workbook and JSON (returned) as consolidated."""
    orgs = sample_orgs(seed, [12, 9], PERIOD, prefix=prefix)
    first = orgs[0]
    toned = next(m for m in first.members if other_tone(m["full_name"]))
    death = event_row(
        full_name=other_tone(toned["full_name"]),
        birth_date=toned["birth_date"],
        event_type="died",
        event_date=dt.date(2026, 2, 15),
    )
    orgs[0] = OrgRows(
        first.info,
        first.members,
        number_rows([*(dict(e) for e in first.events), death]),
        first.years,
        first.organisation,
    )

    def plain(text: str) -> str:
        text = text.replace("đ", "d").replace("Đ", "D")
        return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))

    again = next(m for m in first.members if m is not toned and plain(m["full_name"]) != m["full_name"])
    second = orgs[1]
    twice = {**again, "full_name": plain(again["full_name"]), "card_no": None}
    orgs[1] = OrgRows(
        second.info, number_rows([*second.members, twice]), second.events, second.years, second.organisation
    )
    folder.mkdir(parents=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    result = consolidate([folder], cutoff=PERIOD.cutoff, ward_name=name, while_reading=prepare)
    out = folder.parent / f"{folder.name}.xlsx"
    write_outputs(result, out, out.with_suffix(".json"), history=None)
    return out.with_suffix(".json")


def _texts(book: Path, sheets: list[str]) -> dict[str, list[str]]:
    wb = openpyxl.load_workbook(book)
    return {
        s: [c.value for row in wb[s].iter_rows() for c in row if isinstance(c.value, str)] for s in sheets
    }


def _coded(texts: list[str]) -> list[str]:
    return [t for t in texts if ISSUE_CODE.search(t)]


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _ward(tmp_path_factory.mktemp("hunt103") / "dong", "Phường Đông", 31, "D")


def test_the_ward_forms_and_report_name_no_issue_code(ward: Path, tmp_path: Path) -> None:
    doc = json.loads(ward.read_text("utf-8"))
    found = [i["code"] for i in doc["issues"]]
    assert CODE in found and EVENT_CODE in found and doc["name_accent_pairs"] == 2
    sheets = [f.sheet_name for f in FORMS] + ["Báo cáo"]
    texts = _texts(ward.with_suffix(".xlsx"), sheets)
    for sheet in sheets:
        notes = [t for t in texts[sheet] if "cặp dòng" in t]
        assert len(notes) == 1 and KIEM_TRA in notes[0], (sheet, notes)
        assert "chỉ khác nhau ở dấu" in notes[0].split(KIEM_TRA)[1], notes
        assert not _coded(texts[sheet]), (sheet, _coded(texts[sheet]))
    paragraphs = report_paragraphs(doc)
    assert any("cặp dòng" in p for p in paragraphs) and not _coded(paragraphs)
    md = tmp_path / "bao_cao.md"
    done = CliRunner().invoke(main, ["report", str(ward), "-o", str(md)])
    assert done.exit_code == 0, done.output
    text = md.read_text("utf-8")
    assert "cặp dòng" in text and not ISSUE_CODE.search(text), ISSUE_CODE.findall(text)


def test_the_rollup_forms_and_report_name_no_issue_code(ward: Path, tmp_path: Path) -> None:
    out = tmp_path / "cap_tren"
    out.mkdir()
    done = CliRunner().invoke(
        main,
        ["rollup", str(ward), "--name", "Tỉnh Thử", "-o", str(out / "r.xlsx"), "--json", str(out / "r.json")],
    )
    assert done.exit_code == 0, done.output
    doc = json.loads((out / "r.json").read_text("utf-8"))
    assert doc["name_accent_pairs"] == 2
    sheets = [f.sheet_name for f in FORMS] + ["Báo cáo"]
    texts = _texts(out / "r.xlsx", sheets)
    for sheet in sheets:
        notes = [t for t in texts[sheet] if "cặp dòng" in t]
        assert len(notes) == 1 and KIEM_TRA in notes[0], (sheet, notes)
        assert not _coded(texts[sheet]), (sheet, _coded(texts[sheet]))
    paragraphs = report_paragraphs(doc)
    assert any("cặp dòng" in p for p in paragraphs) and not _coded(paragraphs)
