"""The report paragraph against the summary: every number it prints is the summary's."""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

import pytest
from helpers_report import sample_summary

from toolkit.core import layout, vnformat, vocab
from toolkit.outputs.report import NO_REPORT, prose, report_paragraphs, report_sections
from toolkit.outputs.report_figures import main_figures
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
    # Prose prints two decimals at most, without trailing zeros; a share rounded with its whole
    # may be the hundredth below or above its exact value.
    percents: set[str] = set()
    for v in values:
        for b in base_values:
            if b and isinstance(v, int):
                hundredths = Fraction(10_000 * v, b)
                for n in {math.floor(hundredths), math.ceil(hundredths)}:
                    percents.add(vnformat.percent_prose(n / 10_000))
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
        # Shares computed by hand on 4.216 members, two decimals at most, no trailing zeros.
        "nam 62,24%",
        "nữ 37,76%",
        "trung học phổ thông 76,21%",
        "trung học cơ sở 23,79%",
        "từ trung cấp trở lên 62,5%",
        "trong đó đại học trở lên 37,5%",
        "cao cấp, cử nhân 5,69%",
        "trung cấp 36,2%",
        "sơ cấp 58,11%",
        # 8,89 + 45,23 + 45,87 = 99,99: the largest remainder (8,8947…) gets the hundredth.
        "dưới 30 tuổi 8,9%",
        "từ 30 đến 50 tuổi 45,23%",
        "trên 50 tuổi 45,87%",
        # 9,65 + 38,49 + 49,64 + 2,20 = 99,98: 38,4962… and 2,2059… are rounded up.
        "cán bộ, công chức, viên chức 9,65%",
        "lao động trong doanh nghiệp 38,5%",
        "nông dân, lao động tự do, hưu trí và khác 49,64%",
        "lực lượng vũ trang 2,21%",
        "tuổi bình quân 49,6",
        "có 725 đồng chí được miễn, tạm miễn công tác và sinh hoạt đảng (17,2% tổng số đảng viên): "
        "610 đồng chí được miễn công tác và sinh hoạt đảng (tuổi cao, sức khỏe yếu); 115 đồng chí được "
        "tạm miễn công tác và sinh hoạt đảng, gồm: điều trị bệnh dài ngày 50 đồng chí",
        "Về dân tộc: có 18 đồng chí là người dân tộc thiểu số (0,43% tổng số đảng viên), gồm: Tày 08 đồng "
        "chí; Hoa 04 đồng chí; Mường 06 đồng chí.",
        "Về tôn giáo: có 79 đồng chí theo tôn giáo (1,87% tổng số đảng viên), gồm: Phật giáo 58 đồng chí; "
        "Công giáo 21 đồng chí.",
        "đưa ra khỏi Đảng 08 đồng chí",
        "xóa tên 06 đồng chí",
        "chủ yếu do bỏ sinh hoạt hoặc không đóng đảng phí 3 tháng trong năm (05 đồng chí)",
        "khai trừ 02 đồng chí",
        "Riêng quý I/2026 kết nạp được 15 đảng viên mới, "
        "đạt tỷ lệ 13,27% theo chỉ tiêu năm 2026 (113 đảng viên)",
        "đã kết nạp 140 đảng viên",
        "82 đồng chí",
        "(đạt 100%",
        "80 người",
        "năm 2025",
        # The sum of the two shares printed before it (10,19 + 84,99), not 95,19 rounded apart.
        "hoàn thành xuất sắc nhiệm vụ 10,19%; hoàn thành tốt nhiệm vụ 84,99%",
        "hoàn thành tốt nhiệm vụ trở lên đạt 95,18%",
        "4.071 đảng viên được xếp loại",
    ]
    missing = [e for e in expected if e not in text]
    assert not missing, missing
    # Lowercase labels in prose, but the Party keeps its capital.
    assert "khối cơ quan Đảng, chính quyền" in text
    assert "Đảng bộ cơ sở" not in text


def test_a_period_starting_inside_the_quarter_is_not_called_the_whole_quarter() -> None:
    """The quarter's count starts with the period: "quý I" alone would claim January too."""
    summary = sample_summary()
    summary["period_start"] = "2026-02-01"
    text = _text(summary)
    assert "Riêng quý I/2026 (từ ngày 01/02/2026) kết nạp được 15 đảng viên mới" in text
    assert "Riêng quý I/2026 kết nạp" not in text


def test_a_cutoff_after_the_first_quarter_names_each_quarter_from_the_period_start() -> None:
    summary = sample_summary()
    summary["cutoff_date"], summary["period_start"] = "2026-06-30", "2026-02-01"
    summary["indicators"]["changes.admissions.q2"] = 4
    text = _text(summary)
    assert (
        "Năm 2026 (từ ngày 01/02/2026), tính đến ngày 30/6/2026, kết nạp được 15 đảng viên mới "
        "(quý I/2026 (từ ngày 01/02/2026): 15; quý II/2026: 04)"
    ) in text
    summary["period_start"] = "2026-04-01"  # the first quarter is outside the period: not named
    assert "(quý II/2026: 04)" in _text(summary)


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
    assert "nam 64,03%" in after  # 2.700 / 4.217
    assert "kết nạp được 20 đảng viên mới, đạt tỷ lệ 17,7%" in after
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
    assert first.endswith("; các số liệu dưới đây chưa gồm các tổ chức này.")
    # The numbers check still holds with the names in the text.
    dates, _, percents, numbers = _tokens(_text(summary), summary)
    allowed_numbers, allowed_percents = _allowed(summary)
    assert set(numbers) <= allowed_numbers | {"69", "72"}
    assert set(percents) <= allowed_percents


def test_complete_figures_get_no_coverage_sentence() -> None:
    assert not any(p.startswith("Số liệu tổng hợp từ") for p in report_paragraphs(sample_summary()))
    assert "Tỷ lệ đạt chỉ tiêu tính theo chỉ tiêu của cả đảng bộ" not in _text(sample_summary())


def test_a_rate_of_achievement_says_when_the_admissions_leave_organisations_out() -> None:
    """The target is the registry's, of every organisation, while the admissions are only those
    of the organisations consolidated: with two missing the rate stated is below the real one,
    and the report says so after the rates (it stated the rate as the ward's): after the yearly
    rates, where they are first stated (hunt155 F4: only after the current year's), then briefly
    after the current year's."""
    summary = sample_summary()
    summary["organisations"][3]["status"] = summary["organisations"][4]["status"] = "missing"
    summary["indicators"]["orgs.consolidated"] = 70
    text = _text(summary)
    assert (
        "năm 2025: 25 (đạt 83,33% chỉ tiêu 30). Tỷ lệ đạt chỉ tiêu tính theo chỉ tiêu của cả đảng bộ "
        "(mọi tổ chức trong danh mục), còn số kết nạp mới gồm 70/72 tổ chức đã tổng hợp, nên tỷ lệ "
        "thực tế có thể cao hơn.\n"
    ) in text
    assert (
        "đạt tỷ lệ 13,27% theo chỉ tiêu năm 2026 (113 đảng viên). Tỷ lệ năm 2026 cũng tính như trên "
        "nên có thể thấp hơn thực tế."
    ) in text
    assert text.count("tỷ lệ thực tế có thể cao hơn") == 1
    # The table of main figures, often copied on its own, says it too, in its notes.
    from toolkit.outputs.report_figures import figure_notes

    assert figure_notes(summary)[0] == (
        "Các số trong bảng tổng hợp từ 70/72 tổ chức, chưa gồm các tổ chức chưa nộp hoặc bị loại; tỷ lệ "
        "đạt chỉ tiêu kết nạp tính theo chỉ tiêu của cả đảng bộ nên có thể thấp hơn thực tế."
    )
    # The sample ward leaves nothing out: its only note is why some shares are rounded (hunt355).
    assert [n for n in figure_notes(sample_summary()) if "làm tròn" not in n] == []
    for key in [k for k in summary["indicators"] if k.startswith("targets.")]:
        del summary["indicators"][key]
    assert "Tỷ lệ đạt chỉ tiêu tính theo" not in _text(summary)  # no rate stated: nothing to qualify
    assert figure_notes(summary)[0].endswith("chưa gồm các tổ chức chưa nộp hoặc bị loại.")


SCOPE_70 = (
    "Tỷ lệ đạt chỉ tiêu tính theo chỉ tiêu của cả đảng bộ (mọi tổ chức trong danh mục), còn số kết nạp "
    "mới gồm 70/72 tổ chức đã tổng hợp, nên tỷ lệ thực tế có thể cao hơn."
)


def _partial_admissions(targets: dict[int, int]) -> tuple[str, str]:
    """The report's two paragraphs of admissions (the yearly, the current year's) of the sample
    with two organisations missing and only `targets` (year: target) given."""
    summary = sample_summary()
    summary["organisations"][3]["status"] = summary["organisations"][4]["status"] = "missing"
    ind = summary["indicators"]
    ind["orgs.consolidated"] = 70
    for key in [k for k in ind if k.startswith("targets.")]:
        del ind[key]
    ind |= {f"targets.{y}": t for y, t in targets.items()}
    paras = report_paragraphs(summary)
    yearly = next(p for p in paras if p.startswith("Từ năm 2020 đến ngày 31/3/2026, đã kết nạp"))
    return yearly, paras[paras.index(yearly) + 1]


def test_the_yearly_rates_of_a_partial_run_say_their_scope_where_they_are() -> None:
    """hunt155 F4: the rates of 2020–2025 set the admissions of the organisations consolidated
    against the whole ward's targets; what that leaves out followed only the current year's
    sentence, or, with no target this year, a sentence that states no rate at all."""
    yearly, now = _partial_admissions({2020: 25, 2025: 30, 2026: 0})
    assert "(đạt 83,33% chỉ tiêu 30)" in yearly and yearly.endswith(f". {SCOPE_70}")
    assert now.endswith("nên chưa tính tỷ lệ đạt chỉ tiêu.") and "thấp hơn thực tế" not in now
    assert "cao hơn" not in now
    # Only this year has a rate: said in full after it, as before.
    yearly, now = _partial_admissions({2026: 113})
    assert "đạt" not in yearly and "cao hơn" not in yearly
    assert now.endswith(f"(113 đảng viên). {SCOPE_70}")


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
    """Organisations consolidated with no member left (each dissolved in the period): the
    ward's figures are 0, and said as such."""
    summary = sample_summary()
    summary["indicators"] = {key: 0 for key in summary["indicators"]} | {"orgs.consolidated": 1}
    text = _text(summary)
    assert "Tổng số đảng viên của Đảng bộ là 0 đồng chí." in text
    assert "chưa tính được cơ cấu" in text
    assert "không có đảng viên bị đưa ra khỏi Đảng" in text
    assert "%" not in text


def test_a_run_that_consolidated_no_organisation_has_no_report_of_figures() -> None:
    """No organisation consolidated: its 0s are no ward's figures (`report` refuses such a
    summary); the `Báo cáo` sheet's text says there is no report, and states no figure."""
    summary = sample_summary()
    summary["indicators"] = {key: 0 for key in summary["indicators"]}
    text = _text(summary)
    assert text.endswith(NO_REPORT)
    assert "đồng chí" not in text and "không có đảng viên bị đưa ra khỏi Đảng" not in text


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
    expected = share(ind, key)  # the table's share may carry the largest-remainder figure of its whole
    assert (row.share.numerator, row.share.base, row.share.base_id) == (
        expected.numerator,
        expected.base,
        expected.base_id,
    )
    assert row.base_text == "tổng số đảng viên (4.216)"
    assert row.share_text == vnformat.percent(ind[key] / ind["members.total"])


def test_shares_of_one_whole_sum_to_exactly_100_in_the_prose() -> None:
    text = _text(sample_summary())
    ages = re.search(r"Độ tuổi: (.*?)(?:; tuổi bình quân|\.)", text)
    assert ages
    values = [Fraction(p.replace(",", ".").rstrip("%")) for p in PERCENT.findall(ages.group(1))]
    assert len(values) == 3 and sum(values) == 100


def test_no_trailing_zero_in_prose_but_two_decimals_in_the_table() -> None:
    summary = sample_summary()
    assert not re.search(r"\d,\d0%|,00%", _text(summary))
    table = {f.label: f.share_text for f in main_figures(summary)}
    assert (
        table["Đảng viên dự bị"] == "2,96%" and table["Trình độ chuyên môn: từ trung cấp trở lên"] == "62,50%"
    )


def test_temporary_exemptions_are_never_called_exemption_from_party_work() -> None:
    summary = sample_summary()
    ind = summary["indicators"]
    ind["members.exempt.full"], ind["members.exempt.temporary"] = 0, 725
    text = _text(summary)
    assert "được miễn công tác và sinh hoạt đảng (tuổi cao" not in text
    assert "725 đồng chí được tạm miễn công tác và sinh hoạt đảng" in text


def test_no_ethnicity_or_religion_sentence_without_minorities_or_believers() -> None:
    summary = sample_summary()
    ind = summary["indicators"]
    ind["members.ethnic_minority"] = ind["members.religious"] = 0
    text = _text(summary)
    assert "Về dân tộc" not in text and "Về tôn giáo" not in text


def test_a_share_of_a_breakdown_with_unknown_members_is_over_the_known_ones() -> None:
    summary = sample_summary()
    ind = summary["indicators"]
    ind["members.ethnicity.unknown"], ind["members.ethnicity.01"] = 1000, ind["members.ethnicity.01"] - 1000
    text = _text(summary)
    # 18 of the 3.216 members whose ethnicity is known.
    assert "là người dân tộc thiểu số (0,56% đảng viên đã ghi dân tộc)" in text
    assert (
        "Số liệu này chưa đầy đủ vì còn 1.000 đồng chí chưa rõ dân tộc (tệp theo mẫu cũ 2026.1 hoặc tệp "
        "đã nâng cấp nhưng chưa điền bổ sung)." in text
    )


def test_a_roll_up_counts_its_wards_as_wards() -> None:
    """A roll-up's rows are wards: "10/10 tổ chức; 01 tổ chức bị loại" mixed the wards'
    organisations with the wards left out."""
    summary = sample_summary()
    summary["level"] = "rollup"
    summary["organisations"] = [
        {"org_code": "Phường Ngọc Châu", "org_name": "Phường Ngọc Châu", "status": "consolidated"},
        {"org_code": "Phường Bình Hàn", "org_name": "Phường Bình Hàn", "status": "consolidated"},
        {"org_code": "hỏng", "org_name": "hỏng", "status": "excluded"},
    ]
    text = _text(summary)
    assert (
        "Số liệu tổng hợp từ 2/3 phường; 01 phường bị loại do tệp không dùng được hoặc khác ngày chốt, "
        "kỳ báo cáo (hỏng); các số liệu dưới đây chưa gồm phường này."
    ) in text
    assert "tổ chức bị loại" not in text
    assert "02 Đảng bộ phường được tổng hợp có" in text and "Tổng số đảng viên của các Đảng bộ là" in text


def test_one_organisation_or_ward_is_said_in_the_singular() -> None:
    """“01 tổ chức chưa nộp …; … chưa gồm các tổ chức này” and “01 Đảng bộ phường … của các Đảng
    bộ” read as if there were several: one is said as one."""
    summary = sample_summary()
    summary["organisations"][3]["status"] = "missing"
    summary["indicators"]["orgs.consolidated"] = 71
    first = report_paragraphs(summary)[0]
    assert "01 tổ chức chưa nộp số liệu (Chi bộ mẫu số 4)" in first
    assert first.endswith("; các số liệu dưới đây chưa gồm tổ chức này.")
    summary["organisations"][3]["status"] = "excluded"
    assert report_paragraphs(summary)[0].endswith("; các số liệu dưới đây chưa gồm tổ chức này.")
    # A roll-up of one ward added (the others left out for another cut-off).
    summary = sample_summary()
    summary["level"] = "rollup"
    summary["organisations"] = [
        {"org_code": "Phường Ngọc Châu", "org_name": "Phường Ngọc Châu", "status": "consolidated"},
        {"org_code": "Phường Bình Hàn", "org_name": "Phường Bình Hàn", "status": "excluded"},
    ]
    text = _text(summary)
    assert "01 Đảng bộ phường được tổng hợp có" in text
    assert "Tổng số đảng viên của Đảng bộ phường là 4.216 đồng chí" in text
    assert "các Đảng bộ" not in text
    assert text.count("các số liệu dưới đây chưa gồm phường này.") == 1
    assert "các phường này" not in text


def test_a_first_year_the_period_starts_inside_says_from_which_day() -> None:
    """A year counted from mid-year is not a whole year against a whole year's target."""
    summary = sample_summary()
    first = min(int(k.split(".")[-1]) for k in summary["indicators"] if k.startswith("targets."))
    summary["period_start"] = f"{first}-07-01"
    text = _text(summary)
    assert f"năm {first} (từ ngày 01/7/{first}): " in text, text
    assert f"năm {first + 1}: " in text and f"năm {first + 1} (từ ngày" not in text
    summary["period_start"] = f"{first}-01-01"
    assert f"năm {first}: " in _text(summary)
