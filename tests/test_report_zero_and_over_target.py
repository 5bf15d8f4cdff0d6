"""The report's wording at the edges of small wards (hunt174 #3, #4).

- Admissions far above the target read "đạt 700% chỉ tiêu 2", as if nothing were odd: a rate
  above 100 % is said "vượt chỉ tiêu", the figure kept.
- Zero counts read "đã kết nạp 0 đảng viên", "đảng viên dự bị là 0 đồng chí", "kết nạp được 0
  đảng viên mới, đạt tỷ lệ 0%": they are said in words, as the report already says "không có
  đảng viên bị đưa ra khỏi Đảng".

On the hand-made summary of the reference ward (`helpers_report.sample_summary`), edited.
"""

from __future__ import annotations

from typing import Any

from helpers_report import sample_summary

from toolkit.outputs.report import report_paragraphs


def _text(summary: dict[str, Any]) -> str:
    return "\n".join(report_paragraphs(summary))


def _no_admissions() -> dict[str, Any]:
    summary = sample_summary()
    ind = summary["indicators"]
    for key in [k for k in ind if k.startswith(("changes.admissions.", "changes.readmitted."))]:
        ind[key] = 0
    return summary


def test_a_past_year_above_its_target_is_said_vuot_with_its_rate() -> None:
    summary = sample_summary()
    summary["indicators"]["changes.admissions.2025"] = 210  # target 30
    text = _text(summary)
    assert "năm 2025: 210 (vượt chỉ tiêu 30, đạt 700%)" in text, text
    assert "đạt 700% chỉ tiêu" not in text
    # Below and at the target, as before.
    assert "năm 2024: 19 (đạt 86,36% chỉ tiêu 22)" in text, text


def test_the_current_year_above_its_target_is_said_vuot_with_its_rate() -> None:
    summary = sample_summary()
    ind = summary["indicators"]
    ind["changes.admissions.2026"] = ind["changes.admissions.q1"] = 226  # target 113
    text = _text(summary)
    said = "kết nạp được 226 đảng viên mới, vượt chỉ tiêu năm 2026 (113 đảng viên), đạt tỷ lệ 200%."
    assert f"Riêng quý I/2026 {said}" in text, text


def test_no_admission_is_said_in_words_not_0() -> None:
    text = _text(_no_admissions())
    assert "Từ năm 2020 đến ngày 31/3/2026, chưa kết nạp đảng viên nào." in text, text
    assert (
        "Riêng quý I/2026 chưa kết nạp được đảng viên mới nào (chỉ tiêu năm 2026: 113 đảng viên)." in text
    ), text
    assert "năm 2025: 0 (chỉ tiêu 30)" in text, text
    for awkward in ("kết nạp 0", "kết nạp được 0", "đạt 0%", "đạt tỷ lệ 0%", "đạt tỷ lệ 0 %"):
        assert awkward not in text, awkward
    # No rate stated, so nothing said of what the rates leave out.
    assert "cũng tính như trên" not in text


def test_no_admission_in_a_later_quarter_lists_no_quarter_of_zeros() -> None:
    summary = _no_admissions()
    summary["cutoff_date"] = "2026-08-15"
    text = _text(summary)
    assert "Năm 2026, tính đến ngày 15/8/2026, chưa kết nạp được đảng viên mới nào (chỉ tiêu" in text, text
    assert "quý II/2026: 0" not in text


def test_no_probationary_member_is_said_in_words() -> None:
    summary = sample_summary()
    ind = summary["indicators"]
    ind["members.full"], ind["members.probationary"] = ind["members.total"], 0
    text = _text(summary)
    assert "trong đó đảng viên chính thức là 4.216 đồng chí, không có đảng viên dự bị." in text, text
    assert "là 0 đồng chí" not in text


def test_a_target_below_10_is_written_as_the_counts_beside_it() -> None:
    """hunt355: a small ward's year read "năm 2020: 01 (đạt 100% chỉ tiêu 1)" and "(chỉ tiêu năm
    2026: 1 đảng viên)" beside "01 đồng chí": a target is a count of people, written as the
    report writes counts (1–9 with a leading zero)."""
    summary = sample_summary()
    ind = summary["indicators"]
    ind["changes.admissions.2025"], ind["targets.2025"] = 2, 2
    ind["changes.admissions.2024"], ind["targets.2024"] = 4, 2
    ind["targets.2026"] = 5
    text = _text(summary)
    assert "năm 2025: 02 (đạt 100% chỉ tiêu 02)" in text, text
    assert "năm 2024: 04 (vượt chỉ tiêu 02, đạt 200%)" in text, text
    assert "vượt chỉ tiêu năm 2026 (05 đảng viên), đạt tỷ lệ 300%" in text, text
    ind["changes.admissions.2026"] = ind["changes.admissions.q1"] = 0
    assert "(chỉ tiêu năm 2026: 05 đảng viên)" in _text(summary)
