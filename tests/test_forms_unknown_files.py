"""The forms are sent up on their own: a file of no known organisation (`file.unknown_org`,
no organisation code in its name nor in `Thông tin`) is in none of their figures, and their
note says so by its name. The run's counts see every registered organisation consolidated, so
the forms said nothing and read as complete while a list of members was left out.

The ward is the small ward of the hostile tests (three clean submissions and the registry)
with one more real submission, of an organisation the registry does not know, whose code
was left empty, consolidated on the command line.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from corpus import clean_content
from helpers_ward import Ward, build_ward, consolidate

from toolkit.cli import main
from toolkit.forms.compute import unknown_files_note
from toolkit.forms.tables import FORMS
from toolkit.outputs.report import report_paragraphs
from toolkit.sample.names import NameSource

NOTE = (
    "Ghi chú: Tệp danh_sach_to_9.xlsx không rõ của tổ chức nào nên không được tổng "
    "hợp: nếu là số liệu của một tổ chức đảng thì các số trong biểu chưa đủ."
)


def form_notes(out: Path) -> dict[str, list[str]]:
    wb = openpyxl.load_workbook(out)
    return {
        form.sheet_name: [
            c.value
            for c in wb[form.sheet_name]["A"]
            if isinstance(c.value, str) and c.value.startswith("Ghi chú")
        ]
        for form in FORMS
    }


def _with_unknown_file(ward: Ward, tmp_path: Path) -> Path:
    """A real submission of an organisation the registry does not know, its code left empty,
    put in `ward`'s folder as `danh_sach_to_9.xlsx`; the (made) output folder."""
    content = clean_content("K09", NameSource(seed=9), n_members=4, org_name="Chi bộ Tổ dân phố số 9")
    content.info["org_code"] = None
    content.write(ward.nop / "danh_sach_to_9.xlsx")
    out = tmp_path / "ra"
    out.mkdir()
    return out


def test_every_form_names_a_file_of_no_organisation(tmp_path: Path) -> None:
    ward = build_ward(tmp_path / "phuong")
    out = _with_unknown_file(ward, tmp_path)
    result = consolidate(ward, out, "--no-history")
    assert result.exit_code == 1, result.output  # the file's error
    doc = json.loads((out / "tong_hop.json").read_text("utf-8"))
    assert [i["file"] for i in doc["issues"] if i["code"] == "file.unknown_org"] == ["danh_sach_to_9.xlsx"]
    # Every registered organisation is consolidated: no count says the figures are short.
    assert {o["status"] for o in doc["organisations"]} == {"consolidated"}
    notes = form_notes(out / "tong_hop.xlsx")
    for sheet, said in notes.items():
        assert said[0] == NOTE, (sheet, said)
        assert sum("danh_sach_to_9.xlsx" in n for n in said) == 1


def test_many_files_of_no_organisation_are_counted_and_the_first_named() -> None:
    files = [f"tep_{i}.xlsx" for i in range(1, 8)]
    assert unknown_files_note(files) == (
        "7 tệp (tep_1.xlsx, tep_2.xlsx, tep_3.xlsx, tep_4.xlsx, tep_5.xlsx, …) không rõ "
        "của tổ chức nào nên không được tổng hợp: nếu là số liệu của một tổ chức đảng thì các "
        "số trong biểu chưa đủ."
    )
    assert unknown_files_note(files[:2]).startswith("2 tệp (tep_1.xlsx, tep_2.xlsx) không rõ của")


def test_the_report_names_a_file_of_no_organisation(tmp_path: Path) -> None:
    """The report is read away from the workbook too: its coverage sentence names the file,
    in the `Báo cáo` sheet and in `ward-stats report` from the JSON alike."""
    ward = build_ward(tmp_path / "phuong")
    out = _with_unknown_file(ward, tmp_path)
    assert consolidate(ward, out, "--no-history").exit_code == 1
    sentence = (
        "Tệp danh_sach_to_9.xlsx không rõ của tổ chức nào nên không được tổng hợp: "
        "nếu là số liệu của một tổ chức đảng thì các số liệu dưới đây chưa đủ."
    )
    sheet = [c.value for c in openpyxl.load_workbook(out / "tong_hop.xlsx")["Báo cáo"]["A"]]
    assert sum(sentence in str(v) for v in sheet) == 1, sheet
    md = tmp_path / "bao_cao.md"
    result = CliRunner().invoke(main, ["report", str(out / "tong_hop.json"), "-o", str(md)])
    assert result.exit_code == 0, result.output
    assert md.read_text("utf-8").count(sentence) == 1


def test_the_report_names_unknown_files_beside_missing_organisations(tmp_path: Path) -> None:
    ward = build_ward(tmp_path / "phuong")
    ward.files["K02"].unlink()
    out = _with_unknown_file(ward, tmp_path)
    consolidate(ward, out, "--no-history")
    doc = json.loads((out / "tong_hop.json").read_text("utf-8"))
    coverage = report_paragraphs(doc)[0]
    assert coverage.startswith("Số liệu tổng hợp từ 2/3 tổ chức"), coverage
    assert "1 tổ chức chưa nộp số liệu" in coverage
    assert coverage.endswith(
        "chưa gồm tổ chức này. Tệp danh_sach_to_9.xlsx không rõ của tổ chức nào nên "
        "không được tổng hợp: nếu là số liệu của một tổ chức đảng thì các số liệu dưới đây chưa đủ."
    ), coverage
