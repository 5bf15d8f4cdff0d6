"""The report's sentence of the cut-off year's admissions when the cut-off is 31/12 (h215 F2),
and its comparison paragraph's flows of a whole calendar year (hunt215 F6).

The year's report said "Năm 2026, tính đến ngày 31/12/2026, kết nạp được 18 đảng viên mới …",
which reads as a year not over; at 31/12 the year is whole: "Năm 2026 kết nạp được …". Other
cut-offs keep "tính đến ngày …".

On the hand-made summary of the reference ward (`helpers_report.sample_summary`), edited, and on
the sample ward consolidated by the command line at 31/12/2024 and 31/12/2025 into one history.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from helpers_report import sample_summary

from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.report import ReportSummary, _flows_phrase, report_paragraphs
from toolkit.outputs.template import submission_filename
from toolkit.sample.as_of import as_of
from toolkit.sample.ward import build_sample_ward


def _at(cutoff: str, quarters: list[int]) -> str:
    summary: dict[str, Any] = sample_summary()
    summary["cutoff_date"] = cutoff
    ind = summary["indicators"]
    for q, n in enumerate(quarters, start=1):
        ind[f"changes.admissions.q{q}"] = n
    ind["changes.admissions.2026"] = sum(quarters)
    return "\n".join(report_paragraphs(summary))


def test_a_year_ended_on_31_12_is_said_whole() -> None:
    text = _at("2026-12-31", [16, 1, 0, 1])
    assert (
        "Năm 2026 kết nạp được 18 đảng viên mới (quý I/2026: 16; quý II/2026: 01; quý III/2026: 0; "
        "quý IV/2026: 01), đạt tỷ lệ" in text
    ), text
    assert "tính đến ngày 31/12/2026, kết nạp" not in text


def test_nobody_admitted_in_a_whole_year() -> None:
    text = _at("2026-12-31", [0, 0, 0, 0])
    assert "Năm 2026 chưa kết nạp được đảng viên mới nào (chỉ tiêu năm 2026: 113 đảng viên)." in text, text


def test_a_year_not_over_keeps_its_date() -> None:
    text = _at("2026-09-30", [16, 1, 0])
    assert "Năm 2026, tính đến ngày 30/9/2026, kết nạp được 17 đảng viên mới (quý I/2026: 16;" in text, text


# --- the comparison paragraph's flows of a whole year (hunt215 F6) ------------------------------


def _ward_at(tmp: Path, cutoff: dt.date, registry: Path, history: Path) -> Path:
    """The sample ward's submissions at `cutoff` consolidated by the command line into `history`
    with the default forms' period (1 January to the cut-off); the JSON summary's path."""
    folder = tmp / f"nop_{cutoff:%Y%m%d}"
    folder.mkdir()
    for org in build_sample_ward().orgs[:8]:
        at = as_of(org, cutoff)
        at.write(folder / submission_filename(at.organisation))
    out = tmp / f"tong_hop_{cutoff:%Y%m%d}.xlsx"
    done = CliRunner().invoke(
        main,
        [
            "consolidate", str(folder), "--registry", str(registry), "--cutoff", f"{cutoff:%d/%m/%Y}",
            "--since", "01/01/2020", "--ward-name", "Phường Mẫu", "--history", str(history),
            "-o", str(out), "--json", str(out.with_suffix(".json")),
        ],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    return out.with_suffix(".json")


def test_a_whole_year_s_flows_are_said_of_the_year(tmp_path: Path) -> None:
    """At 31/12 with the forms of the whole year, the comparison paragraph said "Từ đầu năm đến
    ngày chốt số liệu: kết nạp 18 (cùng kỳ 129)" beside "Năm 2026 kết nạp được 18 …": now "Trong
    năm 2025: …", in the report written from the summary and in the workbook's `Báo cáo` sheet."""
    orgs = build_sample_ward().orgs[:8]
    registry = write_registry(Registry([o.organisation for o in orgs]), tmp_path / "danh_muc.xlsx")
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _ward_at(tmp_path, dt.date(2024, 12, 31), registry, history)
    summary = _ward_at(tmp_path, dt.date(2025, 12, 31), registry, history)
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["form_period"] == ["2025-01-01", "2025-12-31"]
    assert data["previous"]["form_period"] == ["2024-01-01", "2024-12-31"]
    report = tmp_path / "bao_cao.md"
    done = CliRunner().invoke(main, ["report", str(summary), "-o", str(report)])
    assert done.exit_code == 0, done.output
    text = " ".join(report.read_text(encoding="utf-8").split())
    compared = text[text.index("So với cùng kỳ năm trước (số liệu đến ngày 31/12/2024)") :]
    assert ". Trong năm 2025: kết nạp " in compared or ". Trong năm 2025, ở các tổ chức này: kết nạp " in (
        compared
    ), compared
    assert "Từ đầu năm đến ngày chốt số liệu" not in text, text
    sheet = openpyxl.load_workbook(summary.with_suffix(".xlsx"))["Báo cáo"]
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "Trong năm 2025" in cells and "Từ đầu năm đến ngày chốt số liệu" not in cells


def test_other_forms_periods_keep_their_words() -> None:
    """Only a whole calendar year is "Trong năm …": a year not over, and a fourth quarter's forms
    at 31/12, keep theirs."""
    for period, words in [
        (("2026-01-01", "2026-09-30"), "Từ đầu năm đến ngày chốt số liệu"),
        (("2026-10-01", "2026-12-31"), "Từ ngày 01/10/2026 đến ngày chốt số liệu"),
        (("2026-01-01", "2026-12-31"), "Trong năm 2026"),
    ]:
        summary: dict[str, Any] = sample_summary()
        summary["cutoff_date"] = period[1]
        summary["form_period"] = list(period)
        assert _flows_phrase(ReportSummary(summary)) == words
