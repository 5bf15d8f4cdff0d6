"""The report's figures against each other and against the workbook they come with, through the
real command line on generated submissions: a share printed twice prints the same, parts add up
to the group they are listed in, and the comparison with last year states the forms' figures of
the same period, with the same caveats."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from tests.helpers_validate import clean_info, member, write
from toolkit.cli import main
from toolkit.core.model import Organisation, Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.report import HEADING_COMPARED, report_sections
from toolkit.outputs.report_figures import main_figures

NAMES = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Khánh", "Lan", "Long", "Minh")


def _people(code: str, levels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Full members of organisation `code`, one per dict of fields."""
    return [
        member(
            row_no=i + 1,
            full_name=f"Nguyễn Văn {NAMES[i]} {code}",
            birth_date=dt.date(1970 + i, 1 + i % 12, 1 + i),
            card_no=f"0{code[-1]}{1000000 + i}",
            **over,
        )
        for i, over in enumerate(levels)
    ]


def _admitted(code: str, days: list[dt.date]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Probationary members admitted on `days`, and their admission rows."""
    rows, events = [], []
    for i, day in enumerate(days):
        name, born = f"Trần Văn {NAMES[i]} {code}", dt.date(2000, 1 + i, 3)
        rows.append(
            member(full_name=name, birth_date=born, card_no=None, admission_date=day, official_date=None)
        )
        events.append({"full_name": name, "birth_date": born, "event_type": "admitted", "event_date": day})
    return rows, events


def _submit(
    folder: Path,
    code: str,
    cutoff: dt.date,
    since: dt.date,
    members: list[dict[str, Any]],
    events: list[dict[str, Any]] | None = None,
    years: list[dict[str, Any]] | None = None,
) -> None:
    rows = [{**m, "row_no": i} for i, m in enumerate(members, start=1)]
    changes = [{**e, "row_no": i, "decision_no": "1-QĐ/ĐU"} for i, e in enumerate(events or [], start=1)]
    info = clean_info(
        org_code=code,
        org_name=f"Chi bộ Tổ dân phố số {code[-1]}",
        cutoff_date=cutoff,
        period_start=since,
        prepared_on=cutoff + dt.timedelta(days=2),
    )
    every_year = [{"year": y} for y in range(since.year, cutoff.year + 1)]
    folder.mkdir(parents=True, exist_ok=True)
    write(folder, f"{code}.xlsx", info=info, members=rows, events=changes, years=years or every_year)


def _consolidate(root: Path, codes: list[str], cutoff: dt.date, *extra: str) -> tuple[dict[str, Any], Any]:
    """Consolidate `root/nop` against a registry of `codes`; the JSON summary and the workbook."""
    registry = Registry(
        [
            Organisation(c, f"Chi bộ Tổ dân phố số {c[-1]}", "chi_bo_truc_thuoc", "to_dan_pho", targets={})
            for c in codes
        ]
    )
    write_registry(registry, root / "danh_muc.xlsx")
    out = root / "tong_hop.xlsx"
    args = ["consolidate", str(root / "nop"), "--registry", str(root / "danh_muc.xlsx")]
    args += ["--cutoff", cutoff.isoformat(), "-o", str(out), "--json", str(root / "tong_hop.json"), *extra]
    result = CliRunner().invoke(main, args)
    assert out.exists(), result.output
    summary = json.loads((root / "tong_hop.json").read_text(encoding="utf-8"))
    return summary, openpyxl.load_workbook(out)


def _prose(book: Any) -> str:
    return "\n".join(c.value for row in book["Báo cáo"].iter_rows() for c in row if isinstance(c.value, str))


def _sheet_shares(book: Any, group: str) -> dict[str, float]:
    """The shares the `Tổng hợp` sheet prints under the heading `group`, by label."""
    out: dict[str, float] = {}
    inside = False
    for label, count, fraction, *_ in book["Tổng hợp"].iter_rows(values_only=True):
        if inside and count is None:
            break
        if inside:
            out.setdefault(label, float(fraction))
        inside = inside or label == group
    assert out, group
    return out


def _compared(summary: dict[str, Any]) -> str:
    return next(s for s in report_sections(summary) if s.title == HEADING_COMPARED).paragraphs[0]


def test_a_merged_theory_level_is_the_sum_of_its_parts_in_prose_table_and_sheet(tmp_path: Path) -> None:
    # 1 sơ cấp, 1 trung cấp, 1 cao cấp: thirds, one of which gets the hundredth left over.
    cutoff, since = dt.date(2026, 3, 31), dt.date(2026, 1, 1)
    levels = [{"theory_level": t} for t in ("elementary", "intermediate", "advanced")]
    _submit(tmp_path / "nop", "CB01", cutoff, since, _people("CB01", levels))
    summary, book = _consolidate(tmp_path, ["CB01"], cutoff)
    sheet = _sheet_shares(book, "Lý luận chính trị")
    merged = sheet["Cộng: cao cấp, cử nhân"]
    assert round(merged, 6) == round(sheet["Cao cấp"] + sheet["Cử nhân"], 6)

    def words(x: float) -> str:
        return f"{x * 100:.2f}".replace(".", ",") + "%"

    prose = _prose(book)
    assert (
        f"Lý luận chính trị: cao cấp, cử nhân {words(merged)}; trung cấp {words(sheet['Trung cấp'])}; "
        f"sơ cấp {words(sheet['Sơ cấp'])}." in prose
    )
    table = {f.label: f.share_text for f in main_figures(summary)}
    assert table["Lý luận chính trị: cao cấp, cử nhân"] == words(merged)


def test_a_share_of_parts_and_up_is_the_sum_of_the_parts_listed_with_it(tmp_path: Path) -> None:
    # 7 members: 1 without training, 3 trung cấp, 3 đại học; rated 3 xuất sắc, 3 tốt, 1 hoàn thành.
    cutoff, since = dt.date(2026, 3, 31), dt.date(2025, 1, 1)
    levels = [{"prof_level": p} for p in ["none"] + ["intermediate"] * 3 + ["university"] * 3]
    years = [
        {
            "year": 2025,
            "rated_excellent": 3,
            "rated_good": 3,
            "rated_pass": 1,
            "rated_fail": 0,
            "not_rated": 0,
        },
        {"year": 2026},
    ]
    _submit(tmp_path / "nop", "CB01", cutoff, since, _people("CB01", levels), years=years)
    summary, book = _consolidate(tmp_path, ["CB01"], cutoff)
    prose = _prose(book)
    # 3/7 = 42,857…% and 1/7 = 14,285…%: the parts print 42,86 + 42,86 + 14,28 = 100.
    assert "từ trung cấp trở lên 85,72%" in prose
    assert "cụ thể: chưa qua đào tạo 14,28%; trung cấp 42,86%; đại học 42,86%" in prose
    assert "hoàn thành xuất sắc nhiệm vụ 42,86%; hoàn thành tốt nhiệm vụ 42,86%" in prose
    assert "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên đạt 85,72%" in prose
    assert _sheet_shares(book, "Trình độ chuyên môn")["Cộng: từ trung cấp trở lên"] == 0.8572
    ratings = [
        row
        for row in book["Tổng hợp"].iter_rows(values_only=True)
        if row[0] == "Từ hoàn thành tốt nhiệm vụ trở lên"
    ]
    assert ratings and 0.8572 in ratings[0]
    table = {f.label: f.share_text for f in main_figures(summary)}
    assert table["Trình độ chuyên môn: từ trung cấp trở lên"] == "85,72%"
    assert table["Hoàn thành tốt nhiệm vụ trở lên năm 2025"] == "85,72%"


def test_the_two_kinds_of_exemption_in_the_table_are_shares_of_the_exempted(tmp_path: Path) -> None:
    # 7 members: 3 exempted (old age), 3 temporarily exempted, 1 not: 42,86 + 42,86 ≠ 85,71.
    cutoff, since = dt.date(2026, 3, 31), dt.date(2026, 1, 1)
    exempt = dt.date(2024, 1, 1)
    levels = [{"exempt_from": exempt, "exempt_reason": "old_age_ill_health"}] * 3
    levels += [{"exempt_from": exempt, "exempt_reason": "long_treatment"}] * 3 + [{}]
    _submit(tmp_path / "nop", "CB01", cutoff, since, _people("CB01", levels))
    summary, book = _consolidate(tmp_path, ["CB01"], cutoff)
    rows = {f.label: f for f in main_figures(summary)}
    whole = rows["Miễn, tạm miễn công tác và sinh hoạt đảng"]
    full, temporary = rows["Miễn công tác và sinh hoạt đảng"], rows["Tạm miễn công tác và sinh hoạt đảng"]
    assert (whole.share_text, whole.base_text) == ("85,71%", "tổng số đảng viên (7)")
    for part in (full, temporary):
        assert (part.share_text, part.base_text) == ("50,00%", "đảng viên được miễn, tạm miễn (6)")
    lines = _sheet_shares(book, "Miễn, tạm miễn công tác và sinh hoạt đảng; đi làm ăn xa")
    assert lines["Tạm miễn công tác và sinh hoạt đảng"] == 0.5


def test_the_comparison_states_the_forms_figures_of_the_same_period(tmp_path: Path) -> None:
    # Last year: data from 01/01/2025, forms from 15/02/2025; an admission on 10/01/2025 is
    # outside that period. This year: data and forms from 15/02/2026.
    staff = [{}] * 4
    rows, events = _admitted("CB01", [dt.date(2025, 1, 10), dt.date(2025, 2, 20), dt.date(2025, 3, 1)])
    last = tmp_path / "2025"
    _submit(
        last / "nop", "CB01", dt.date(2025, 3, 31), dt.date(2025, 1, 1), _people("CB01", staff) + rows, events
    )
    history = str(tmp_path / "lich_su.sqlite")
    _consolidate(
        last, ["CB01"], dt.date(2025, 3, 31), "--history", history, "--form-period", "15/02/2025..31/03/2025"
    )
    rows, events = _admitted("CB01", [dt.date(2026, 2, 20), dt.date(2026, 3, 10)])
    now = tmp_path / "2026"
    _submit(
        now / "nop", "CB01", dt.date(2026, 3, 31), dt.date(2026, 2, 15), _people("CB01", staff) + rows, events
    )
    summary, book = _consolidate(now, ["CB01"], dt.date(2026, 3, 31), "--history", history)
    admitted = next(r for r in summary["forms"]["bieu1"] if r["row"] == "B.1")
    assert (admitted["current"], admitted["previous"]) == (2, 2)
    text = _compared(summary)
    assert (
        "Từ ngày 15/02/2026 đến ngày chốt số liệu: kết nạp 02 (cùng kỳ 02); đưa ra khỏi Đảng 0 (cùng kỳ 0)."
        in text
    )
    assert "Từ đầu năm" not in text
    assert text in _prose(book)


def test_a_comparison_with_organisations_missing_this_time_says_so(tmp_path: Path) -> None:
    cutoff_then, cutoff, since = dt.date(2025, 3, 31), dt.date(2026, 3, 31), dt.date(2025, 1, 1)
    history = str(tmp_path / "lich_su.sqlite")
    last = tmp_path / "2025"
    for code, n in (("CB01", 2), ("CB02", 6)):
        _submit(last / "nop", code, cutoff_then, since, _people(code, [{}] * n))
    _consolidate(last, ["CB01", "CB02"], cutoff_then, "--history", history)
    now = tmp_path / "2026"
    _submit(now / "nop", "CB01", cutoff, since, _people("CB01", [{}] * 2))  # CB02 did not submit
    summary, book = _consolidate(now, ["CB01", "CB02"], cutoff, "--history", history)
    text = _compared(summary)
    # Not "giảm 06 đồng chí": CB02's file missing is no fall (hunt155 F1); CB01 is compared.
    words = text.replace("tăng, giảm", "")
    assert "giảm" not in words and "tăng" not in words
    assert text.startswith(
        "So với cùng kỳ năm trước (số liệu đến ngày 31/3/2025), tổng số đảng viên kỳ này là 02 đồng chí, "
        "cùng kỳ là 08 đồng chí, nhưng số liệu kỳ này chỉ gồm 1/2 tổ chức (lần tổng hợp này thiếu 1 tổ "
        "chức), nên hai số này không cùng phạm vi, không dùng để tính tăng, giảm. Tính trên 1 tổ chức có "
        "số liệu cả hai kỳ, số đảng viên là 02 đồng chí, không đổi so với 02 đồng chí cùng kỳ;"
    )
    assert text in _prose(book)


def test_main_is_said_only_of_a_ground_of_more_than_half_of_those_struck_off(tmp_path: Path) -> None:
    cutoff, since = dt.date(2026, 3, 31), dt.date(2025, 1, 1)
    grounds = ["absence_or_dues", "lost_will", "two_years_violation"]
    events = [
        {
            "full_name": f"Lê Văn {NAMES[i]}",
            "birth_date": dt.date(1960, 1, 1 + i),
            "event_type": "struck_off",
            "event_date": dt.date(2025, 5, 1 + i),
            "strike_ground": ground,
        }
        for i, ground in enumerate(grounds)
    ]
    _submit(tmp_path / "nop", "CB01", cutoff, since, _people("CB01", [{}] * 3), events)
    _, book = _consolidate(tmp_path, ["CB01"], cutoff)
    prose = _prose(book)
    assert "chủ yếu" not in prose
    assert (
        "xóa tên 03 đồng chí (lý do: bỏ sinh hoạt hoặc không đóng đảng phí 3 tháng trong năm 01 đồng chí, "
        "giảm sút ý chí phấn đấu 01 đồng chí, hai năm liền vi phạm tư cách đảng viên 01 đồng chí)" in prose
    )
