"""The report with members whose ethnicity or religion is unknown (files of template 2026.1,
upgraded files not completed yet): its figures count only the members whose value is known, so
the prose and the table of main figures say how many are unknown, and state no count at all
when nobody's value is known. The wards are real submissions written through the templates
and consolidated by the pipeline; the workbook's `Báo cáo` sheet, the Markdown and the .docx
are read back and must agree."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from helpers_report import sample_summary
from helpers_validate import clean_info, member, write, write_old

from toolkit.outputs.json_summary import summary_json
from toolkit.outputs.publish import write_outputs
from toolkit.outputs.report import report_paragraphs
from toolkit.outputs.report_figures import Figure, main_figures
from toolkit.outputs.report_files import write_report
from toolkit.outputs.sheets import SHEET_REPORT
from toolkit.outputs.upgrade import upgrade_files
from toolkit.pipeline import consolidate

CUTOFF = dt.date(2026, 3, 31)
WHY = "(tệp theo mẫu cũ 2026.1 hoặc tệp đã nâng cấp nhưng chưa điền bổ sung)"
ROW_WHY = "(tệp theo mẫu cũ hoặc chưa bổ sung)"


def _minority_org(folder: Path) -> Path:
    """An organisation on the current template: three Tày members, of no religion."""
    rows = [
        member(
            row_no=n,
            full_name=f"Người CB08 {n}",
            birth_date=dt.date(1970 + n, 1, 1),
            card_no=f"CB08-{n}",
            ethnicity="02",
        )
        for n in range(1, 4)
    ]
    info = clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8")
    return write(folder, "CB08_chi_bo_to_dan_pho_so_8.xlsx", info=info, members=rows, events=[], years=[])


def _ward(folder: Path) -> dict[str, Any]:
    """Consolidate `folder` and write what a clerk gets: the workbook (its `Báo cáo` sheet), the
    JSON summary as written, the report as Markdown and .docx made from that JSON."""
    result = consolidate([folder], cutoff=CUTOFF)
    out = folder.parent / f"{folder.name}_ra"
    out.mkdir()
    write_outputs(result, out / "tong_hop.xlsx")
    summary = json.loads(summary_json(result))
    md = write_report(summary, out / "bao_cao.md", "md").read_text(encoding="utf-8")
    document = docx.Document(str(write_report(summary, out / "bao_cao.docx", "docx")))
    sheet = openpyxl.load_workbook(out / "tong_hop.xlsx")[SHEET_REPORT]
    return {
        "summary": summary,
        "text": "\n".join(report_paragraphs(summary)),
        "figures": {f.label: f for f in main_figures(summary)},
        "md": md,
        "docx_paragraphs": [p.text for p in document.paragraphs],
        "docx_rows": [tuple(c.text for c in row.cells) for row in document.tables[0].rows],
        "sheet": [r[0].value for r in sheet.iter_rows(min_row=4) if r[0].value],
    }


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("report_unknowns")
    mixed, old, upgraded, current = (root / n for n in ("mixed", "old", "upgraded", "current"))
    for folder in (mixed, old, current):
        folder.mkdir()
    write_old(mixed)  # 5 members, ethnicity and religion unknown
    _minority_org(mixed)  # 3 members, all Tày, none religious
    old_file = write_old(old)
    upgrade = upgrade_files([old_file], upgraded)  # nothing completed yet: still unknown
    assert len(upgrade.upgraded) == 1
    write(current)
    _minority_org(current)
    return {
        name: _ward(folder)
        for name, folder in (("mixed", mixed), ("old", old), ("upgraded", upgraded), ("current", current))
    }


def _paragraph(text: str, start: str) -> str:
    found = [p for p in text.split("\n") if p.startswith(start)]
    assert len(found) == 1, (start, text)
    return found[0]


def test_the_wards_have_the_unknown_members_the_report_is_about(wards: dict[str, Any]) -> None:
    ind = {name: w["summary"]["indicators"] for name, w in wards.items()}
    assert (ind["mixed"]["members.total"], ind["mixed"]["members.ethnicity.unknown"]) == (8, 5)
    assert (ind["mixed"]["members.ethnic_minority"], ind["mixed"]["members.religious"]) == (3, 0)
    assert ind["mixed"]["members.religion.unknown"] == 5
    for name in ("old", "upgraded"):
        assert ind[name]["members.ethnicity.unknown"] == ind[name]["members.religion.unknown"] == 5
        assert ind[name]["members.total"] == 5
    assert ind["current"]["members.ethnicity.unknown"] == ind["current"]["members.religion.unknown"] == 0


def test_a_figure_with_some_members_unknown_says_how_many(wards: dict[str, Any]) -> None:
    w = wards["mixed"]
    assert _paragraph(w["text"], "Về dân tộc:") == (
        "Về dân tộc: có 03 đồng chí là người dân tộc thiểu số (100% đảng viên đã ghi dân tộc), "
        f"gồm: Tày 03 đồng chí. Số liệu này chưa đầy đủ vì còn 05 đồng chí chưa rõ dân tộc {WHY}."
    )
    minority, unknown = w["figures"]["Dân tộc thiểu số"], w["figures"][f"Chưa rõ dân tộc {ROW_WHY}"]
    assert (minority.value_text, minority.share_text, minority.base_text) == (
        "3",
        "100,00%",
        "đảng viên đã ghi dân tộc (3)",
    )
    assert (unknown.value_text, unknown.share_text, unknown.base_text) == ("5", "", "")
    labels = list(w["figures"])
    assert labels.index(f"Chưa rõ dân tộc {ROW_WHY}") == labels.index("Dân tộc thiểu số") + 1


def test_no_known_believer_among_some_unknown_is_not_a_plain_zero(wards: dict[str, Any]) -> None:
    """None of the members whose religion is known has one: the ward had no sentence, as if it
    had no religious member; now it says so of the known ones and counts the unknown."""
    w = wards["mixed"]
    assert _paragraph(w["text"], "Về tôn giáo:") == (
        "Về tôn giáo: trong số 03 đảng viên đã ghi tôn giáo, không có đồng chí nào theo tôn giáo. "
        f"Số liệu này chưa đầy đủ vì còn 05 đồng chí chưa rõ tôn giáo {WHY}."
    )
    believers, unknown = w["figures"]["Theo tôn giáo"], w["figures"][f"Chưa rõ tôn giáo {ROW_WHY}"]
    assert (believers.value_text, believers.base_text) == ("0", "đảng viên đã ghi tôn giáo (3)")
    assert unknown.value_text == "5"


@pytest.mark.parametrize("name", ["old", "upgraded"])
def test_nobody_known_states_no_count(wards: dict[str, Any], name: str) -> None:
    w = wards[name]
    assert _paragraph(w["text"], "Về dân tộc:") == (
        "Về dân tộc: chưa có số liệu đảng viên là người dân tộc thiểu số, vì cả 05 đồng chí đều "
        f"chưa rõ dân tộc {WHY}."
    )
    assert _paragraph(w["text"], "Về tôn giáo:") == (
        f"Về tôn giáo: chưa có số liệu đảng viên theo tôn giáo, vì cả 05 đồng chí đều chưa rõ tôn giáo {WHY}."
    )
    assert not re.search(r"\b0 (đồng chí|đảng viên) (là người )?dân tộc thiểu số", w["text"])
    figures: dict[str, Figure] = w["figures"]
    for label, what in (("Dân tộc thiểu số", "dân tộc"), ("Theo tôn giáo", "tôn giáo")):
        assert (figures[label].value_text, figures[label].share_text, figures[label].base_text) == (
            "chưa rõ",
            "",
            "",
        )
        assert figures[f"Chưa rõ {what} {ROW_WHY}"].value_text == "5"
    assert "| Dân tộc thiểu số | chưa rõ |  |  |" in w["md"]
    assert f"| Chưa rõ dân tộc {ROW_WHY} | 5 |  |  |" in w["md"]
    assert "| Dân tộc thiểu số | 0 |" not in w["md"] and "| Theo tôn giáo | 0 |" not in w["md"]


@pytest.mark.parametrize("name", ["mixed", "old", "upgraded", "current"])
def test_the_sheet_the_markdown_and_the_docx_say_the_same(wards: dict[str, Any], name: str) -> None:
    w = wards[name]
    paragraphs = report_paragraphs(w["summary"])
    assert w["sheet"] == paragraphs
    md_lines = w["md"].split("\n")
    assert all(p in md_lines for p in paragraphs)
    assert all(p in w["docx_paragraphs"] for p in paragraphs)
    md_rows = [
        tuple(c.strip().replace("\\|", "|") for c in line.strip("|").split(" | "))
        for line in md_lines
        if line.startswith("| ") and not line.startswith("| Chỉ tiêu")
    ]
    assert w["docx_rows"][1:] == md_rows
    for text in (*paragraphs, *(c for row in md_rows for c in row)):
        assert unicodedata.is_normalized("NFC", text)


def test_with_every_value_known_nothing_is_said_of_unknown_members(wards: dict[str, Any]) -> None:
    w = wards["current"]
    assert "chưa rõ" not in w["text"].lower() and "chưa rõ" not in w["md"].lower()
    assert not any(label.startswith("Chưa rõ") for label in w["figures"])
    assert _paragraph(w["text"], "Về dân tộc:") == (
        "Về dân tộc: có 03 đồng chí là người dân tộc thiểu số (37,5% tổng số đảng viên), "
        "gồm: Tày 03 đồng chí."
    )
    assert "Về tôn giáo" not in w["text"]  # nobody religious, nobody unknown: no sentence
    sample = sample_summary()
    assert "chưa rõ" not in "\n".join(report_paragraphs(sample)).lower()
    assert [f.label for f in main_figures(sample)].count("Dân tộc thiểu số") == 1
    assert not any(f.label.startswith("Chưa rõ") or f.value_text == "chưa rõ" for f in main_figures(sample))
