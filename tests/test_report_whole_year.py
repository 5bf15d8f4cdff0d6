"""The report's sentence of the cut-off year's admissions when the cut-off is 31/12 (h215 F2).

The year's report said "Năm 2026, tính đến ngày 31/12/2026, kết nạp được 18 đảng viên mới …",
which reads as a year not over; at 31/12 the year is whole: "Năm 2026 kết nạp được …". Other
cut-offs keep "tính đến ngày …".

On the hand-made summary of the reference ward (`helpers_report.sample_summary`), edited.
"""

from __future__ import annotations

from typing import Any

from helpers_report import sample_summary

from toolkit.outputs.report import report_paragraphs


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
