"""`report` of the JSON summary of a run that consolidated no organisation (every file rejected,
a wrong folder or cut-off) wrote a full report, exit 0: "Tổng số đảng viên của Đảng bộ là 0 đồng
chí", "đạt 0% chỉ tiêu 2" (hunt174 #2), while the history (`history.empty_run`, `history import`)
and a roll-up (`rollup.empty_ward`) refuse such a run as no ward's figures. `report` refuses it
too, exit 2, writing nothing, in the words `history import` uses (`io.summary.empty_run_words`,
one test of it: `io.summary.consolidated_any`).

The run is a real one: a folder whose only file has no member (`org.no_members`, an error).
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_validate import write

from toolkit.cli import main
from toolkit.outputs.report import NO_REPORT
from toolkit.outputs.sheets import SHEET_REPORT


@pytest.fixture
def empty_run(tmp_path: Path) -> Path:
    folder = tmp_path / "nop"
    folder.mkdir()
    write(folder, members=[], events=[], years=[])
    summary = tmp_path / "tong_hop.json"
    args = ["consolidate", str(folder), "--cutoff", "2026-03-31", "-o", str(tmp_path / "tong_hop.xlsx")]
    done = CliRunner().invoke(
        main, [*args, "--json", str(summary), "--no-history", "--ward-name", "Phường Thử"]
    )
    assert done.exit_code == 1, done.output  # the file's error
    assert json.loads(summary.read_text(encoding="utf-8"))["indicators"]["orgs.consolidated"] == 0
    return summary


def _said(output: str) -> str:
    return " ".join(output.split())


@pytest.mark.parametrize("name", ["bao_cao.md", "bao_cao.docx"])
def test_report_of_a_run_that_consolidated_nobody_is_refused(empty_run: Path, name: str) -> None:
    out = empty_run.parent / name
    refused = CliRunner().invoke(main, ["report", str(empty_run), "-o", str(out)])
    assert refused.exit_code == 2, refused.output
    said = _said(refused.output)
    assert said.startswith(
        f"Lỗi: Không viết báo cáo: “{empty_run}” là số liệu của một lần tổng hợp không tổng hợp được tổ "
        "chức nào (ngày chốt 31/03/2026; thường do chọn nhầm thư mục bài nộp hoặc nhầm ngày chốt)."
    ), said
    assert "Hãy kiểm tra thư mục bài nộp và ngày chốt" in said
    assert "0 đồng chí" not in said and "Traceback" not in said
    assert not out.exists()


def test_history_import_refuses_it_in_the_same_words(empty_run: Path) -> None:
    history = empty_run.parent / "h.sqlite"
    refused = CliRunner().invoke(main, ["history", "import", str(empty_run), "--history", str(history)])
    assert refused.exit_code == 2, refused.output
    reported = CliRunner().invoke(main, ["report", str(empty_run), "-o", str(empty_run.parent / "r.md")])
    words = _said(reported.output).split("Không viết báo cáo: ", 1)[1].split(". ", 1)[0]
    assert f"Không thêm vào lịch sử: {words}." in _said(refused.output)


def test_a_run_that_consolidated_an_organisation_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    folder.mkdir()
    write(folder)
    summary = tmp_path / "tong_hop.json"
    args = ["consolidate", str(folder), "--cutoff", "2026-03-31", "-o", str(tmp_path / "tong_hop.xlsx")]
    assert CliRunner().invoke(main, [*args, "--json", str(summary), "--no-history"]).exit_code in (0, 1)
    done = CliRunner().invoke(main, ["report", str(summary), "-o", str(tmp_path / "r.md")])
    assert done.exit_code == 0, done.output


def test_the_workbooks_report_sheet_of_such_a_run_says_why_it_has_no_report(empty_run: Path) -> None:
    """`report` refuses the run's summary; its workbook's `Báo cáo` sheet wrote the very report
    refused ("Tổng số đảng viên của Đảng bộ là 0 đồng chí", "không có đảng viên bị đưa ra khỏi
    Đảng", "chưa kết nạp được đảng viên mới nào" as the ward's). It now says, after what the
    figures lack, that there is no report and why."""
    ws = openpyxl.load_workbook(empty_run.parent / "tong_hop.xlsx")[SHEET_REPORT]
    texts = [str(c.value) for row in ws.iter_rows(min_row=4) for c in row if c.value is not None]
    assert texts[-1] == NO_REPORT
    assert texts[0].startswith("Số liệu tổng hợp từ 0/1 tổ chức"), texts
    said = " ".join(texts)
    for claim in ("đồng chí", "không có đảng viên bị đưa ra khỏi Đảng", "chưa kết nạp", "chỉ tiêu"):
        assert claim not in said, claim
