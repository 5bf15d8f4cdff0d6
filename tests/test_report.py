"""The report paragraph against the summary: every number it prints is the summary's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from helpers_report import sample_summary

from toolkit.core import layout, vnformat, vocab
from toolkit.outputs.report import main_figures, prose, report_paragraphs, report_sections
from toolkit.outputs.summary_lines import AGE_REPORT_BANDS
from toolkit.stats.shares import share

DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")
QUARTER = re.compile(r"quý (I|II|III|IV)/(\d{4})")
PERCENT = re.compile(r"\d[\d.]*(?:,\d+)?%")
NUMBER = re.compile(r"\d[\d.]*(?:,\d+)?")


def _text(summary: dict[str, Any]) -> str:
    return "\n".join(report_paragraphs(summary))


def _fixed_words(summary: dict[str, Any]) -> list[str]:
    """Words that may hold digits without being figures: labels, age bands, org names."""
    words = []
    for voc in vocab.ALL.values():
        for term in voc.terms:
            words += [term.label, prose(term.label)]
    for spec in layout.DATA_SHEETS:
        words += [f.header for f in spec.fields] + [prose(f.header) for f in spec.fields]
    words += [prose(label) for _, label in AGE_REPORT_BANDS]
    words += [str(o.get("org_name") or "") for o in summary["organisations"]]
    words += [str(o.get("org_code") or "") for o in summary["organisations"]]
    return sorted({w for w in words if any(ch.isdigit() for ch in w)}, key=len, reverse=True)


def _allowed(summary: dict[str, Any]) -> tuple[set[str], set[str]]:
    """Every number and share the text may print, computed here from the summary alone."""
    ind = summary["indicators"]
    years = sorted({int(part) for key in ind for part in key.split(".") if part.isdigit() and len(part) == 4})
    values: list[int | float] = [v for v in ind.values() if v is not None]
    # Sums over the period that the prose may state (training, ratings base).
    for key in ("candidates_trained", "new_members_trained", "new_members_completed"):
        values.append(sum(ind.get(f"training.{y}.{key}", 0) for y in years))
    rated = {
        y: sum(ind.get(f"ratings.{y}.{c}", 0) for c in ("excellent", "good", "pass", "fail")) for y in years
    }
    values += list(rated.values())
    values += [ind.get(f"ratings.{y}.excellent", 0) + ind.get(f"ratings.{y}.good", 0) for y in years]
    values += [sum(1 for o in summary["organisations"] if o["status"] == s) for s in ("missing", "excluded")]
    numbers: set[str] = {str(y) for y in years}  # years are written without a thousands dot
    for v in values:
        if isinstance(v, float) and not v.is_integer():
            numbers.add(vnformat.decimal(v, 1))
        else:
            numbers |= {vnformat.number(v), vnformat.count(int(v))}
    base_values = {ind["members.total"], ind.get("orgs.registered", 0)}
    base_values |= {ind.get(f"targets.{y}", 0) for y in years} | set(rated.values())
    base_values.add(sum(ind.get(f"training.{y}.new_members_trained", 0) for y in years))
    percents = {vnformat.percent(v / b) for v in values for b in base_values if b and isinstance(v, int)}
    return numbers, percents


def _tokens(text: str, summary: dict[str, Any]) -> tuple[list[str], list[str], list[str], list[str]]:
    for word in _fixed_words(summary):
        text = text.replace(word, " ")
    dates = DATE.findall(text)
    text = DATE.sub(" ", text)
    quarters = [f"quý {q}/{y}" for q, y in QUARTER.findall(text)]
    text = QUARTER.sub(" ", text)
    percents = PERCENT.findall(text)
    text = PERCENT.sub(" ", text)
    numbers = [n.rstrip(".") for n in NUMBER.findall(text)]
    return dates, quarters, percents, numbers


def test_every_number_in_the_paragraphs_comes_from_the_summary() -> None:
    summary = sample_summary()
    dates, quarters, percents, numbers = _tokens(_text(summary), summary)
    allowed_numbers, allowed_percents = _allowed(summary)
    assert set(dates) <= {vnformat.date(summary["cutoff_date"]), vnformat.date(summary["period_start"])}
    assert quarters == ["quý I/2026"]
    assert percents and set(percents) <= allowed_percents, set(percents) - allowed_percents
    assert numbers and set(numbers) <= allowed_numbers, set(numbers) - allowed_numbers


def test_the_key_figures_all_appear_formatted_the_vietnamese_way() -> None:
    summary = sample_summary()
    ind = summary["indicators"]
    text = _text(summary)

    def pct(key: str, base: str = "members.total") -> str:
        return vnformat.percent(share(ind, key, base))

    expected = [
        "Tính đến ngày 31/3/2026",
        f"{vnformat.count(ind['orgs.registered'])} tổ chức đảng",
        *(f"{vnformat.count(ind[f'orgs.tier.{t.code}'])} {prose(t.label)}" for t in vocab.ORG_TIER.terms),
        *(
            f"{prose(t.label)} {vnformat.count(ind[f'orgs.sector.{t.code}'])} tổ chức"
            for t in vocab.SECTOR.terms
        ),
        "4.216 đồng chí",
        "4.091 đồng chí",
        "125 đồng chí",
        *(f"{prose(t.label)} {pct(f'members.gender.{t.code}')}" for t in vocab.GENDER.terms),
        f"trung học phổ thông {pct('members.gen_edu.upper_secondary')}",
        f"trung học cơ sở {pct('members.gen_edu.lower_secondary')}",
        f"từ trung cấp trở lên {pct('members.prof.intermediate_plus')}",
        f"trong đó đại học trở lên {pct('members.prof.university_plus')}",
        f"cao cấp, cử nhân {pct('members.theory.advanced_bachelor')}",
        f"trung cấp {pct('members.theory.intermediate')}",
        f"sơ cấp {pct('members.theory.elementary')}",
        *(f"{prose(label)} {pct(f'members.age_report.{k}')}" for k, label in AGE_REPORT_BANDS),
        *(
            f"{prose(t.label)} {pct(f'members.occupation_group.{t.code}')}"
            for t in vocab.OCCUPATION_GROUP.terms
        ),
        "tuổi bình quân 49,6",
        "725 đồng chí được miễn công tác và sinh hoạt đảng",
        "đưa ra khỏi Đảng 08 đồng chí",
        "xóa tên 06 đồng chí",
        "chủ yếu do bỏ sinh hoạt hoặc không đóng đảng phí 3 tháng trong năm (05 đồng chí)",
        "khai trừ 02 đồng chí",
        "Riêng quý I/2026 kết nạp được 15 đảng viên mới, "
        "đạt tỷ lệ 13,27% theo chỉ tiêu năm 2026 (113 đảng viên)",
        "đã kết nạp 140 đảng viên",
        "82 đồng chí",
        "(đạt 100,00%",
        "80 người",
        "năm 2025",
        "hoàn thành tốt nhiệm vụ trở lên đạt 95,19%",
        "4.071 đảng viên được xếp loại",
    ]
    missing = [e for e in expected if e not in text]
    assert not missing, missing
    # Lowercase labels in prose, but the Party keeps its capital.
    assert "khối cơ quan Đảng, chính quyền" in text
    assert "Đảng bộ cơ sở" not in text


def test_the_text_follows_a_changed_indicator() -> None:
    summary = sample_summary()
    before = _text(summary)
    ind = summary["indicators"]
    ind["members.gender.male"], ind["members.gender.female"] = 2700, 1516
    ind["changes.admissions.2026"] = ind["changes.admissions.q1"] = 20
    ind["members.total"] = 4217
    after = _text(summary)
    assert after != before
    assert "4.217 đồng chí" in after and "4.216" not in after
    assert f"nam {vnformat.percent(2700 / 4217)}" in after
    assert "kết nạp được 20 đảng viên mới, đạt tỷ lệ 17,70%" in after
    assert "13,27%" not in after


def test_missing_and_excluded_organisations_are_said_before_the_figures() -> None:
    summary = sample_summary()
    orgs = summary["organisations"]
    orgs[3]["status"] = "missing"
    orgs[4]["status"] = "missing"
    orgs[10]["status"] = "excluded"
    summary["indicators"]["orgs.consolidated"] = 69
    first = report_paragraphs(summary)[0]
    assert first.startswith("Số liệu tổng hợp từ 69/72 tổ chức;")
    assert "02 tổ chức chưa nộp số liệu (Chi bộ mẫu số 4, Chi bộ mẫu số 5)" in first
    assert "01 tổ chức bị loại do tệp có lỗi (Chi bộ mẫu số 11)" in first
    # The numbers check still holds with the names in the text.
    dates, _, percents, numbers = _tokens(_text(summary), summary)
    allowed_numbers, allowed_percents = _allowed(summary)
    assert set(numbers) <= allowed_numbers | {"69", "72"}
    assert set(percents) <= allowed_percents


def test_complete_figures_get_no_coverage_sentence() -> None:
    assert not any(p.startswith("Số liệu tổng hợp từ") for p in report_paragraphs(sample_summary()))


def test_mid_year_cutoff_lists_each_quarter_so_far() -> None:
    summary = sample_summary()
    summary["cutoff_date"] = "2026-08-15"
    ind = summary["indicators"]
    ind["changes.admissions.q2"], ind["changes.admissions.q3"] = 12, 4
    ind["changes.admissions.2026"] = 31
    text = _text(summary)
    assert (
        "Năm 2026, tính đến ngày 15/8/2026, kết nạp được 31 đảng viên mới "
        "(quý I/2026: 15; quý II/2026: 12; quý III/2026: 04), đạt tỷ lệ 27,43% theo chỉ tiêu năm 2026" in text
    )
    assert "quý IV/2026" not in text


def test_without_a_target_no_rate_is_invented() -> None:
    summary = sample_summary()
    for key in [k for k in summary["indicators"] if k.startswith("targets.")]:
        del summary["indicators"][key]
    text = _text(summary)
    assert "chưa có chỉ tiêu kết nạp năm 2026" in text
    assert "đạt tỷ lệ" not in text and "chỉ tiêu 25" not in text


def test_ratings_come_from_the_latest_complete_year() -> None:
    summary = sample_summary()
    summary["cutoff_date"] = "2025-12-31"
    text = _text(summary)
    assert "xếp loại chất lượng đảng viên năm 2025" in text
    summary["cutoff_date"] = "2025-11-30"
    assert "xếp loại chất lượng đảng viên năm 2024" in _text(summary)


def test_struck_off_ground_is_the_most_frequent_one() -> None:
    summary = sample_summary()
    ind = summary["indicators"]
    ind["changes.strike_ground.absence_or_dues"] = 1
    ind["changes.strike_ground.card_returned"] = 5
    assert "chủ yếu do tự ý trả hoặc hủy thẻ đảng viên (05 đồng chí)" in _text(summary)


def test_an_empty_ward_still_reads() -> None:
    summary = sample_summary()
    summary["indicators"] = {key: 0 for key in summary["indicators"]}
    text = _text(summary)
    assert "Tổng số đảng viên của Đảng bộ là 0 đồng chí." in text
    assert "chưa tính được cơ cấu" in text
    assert "không có đảng viên bị đưa ra khỏi Đảng" in text
    assert "%" not in text


def test_sections_have_the_report_headings() -> None:
    titles = [s.title for s in report_sections(sample_summary())]
    assert titles == [
        "Tình hình đội ngũ đảng viên",
        "Biến động đảng viên",
        "Phát triển đảng viên",
        "Xếp loại chất lượng đảng viên",
    ]


def test_no_personal_data_from_the_issues_reaches_the_text() -> None:
    summary = sample_summary()
    text = _text(summary) + str([(f.label, f.base_text) for f in main_figures(summary)])
    assert "Bí Mật" not in text


@pytest.mark.parametrize("key", ["members.full", "members.gender.female", "members.exempt"])
def test_main_figures_carry_share_and_named_base(key: str) -> None:
    summary = sample_summary()
    ind = summary["indicators"]
    row = next(f for f in main_figures(summary) if f.value == ind[key] and f.share is not None)
    assert row.share == share(ind, key)
    assert row.base_text == "tổng số đảng viên (4.216)"
    assert row.share_text == vnformat.percent(ind[key] / ind["members.total"])
