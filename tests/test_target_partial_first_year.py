"""A period that starts after 1 January (`--since 01/07/2024`) makes its first year no full year
of admissions, as a cut-off before 31/12 does its last (fixAW, `test_target_partial_year`):
its admissions from 1/7 only were compared with the whole year's target and summed into the
total achievement rate, the year headed "2024" and called complete ("các năm trọn 2024–2025")
(fixBA). Now its column says from when ("2024 (từ 1/7)") in `Tổng hợp` section C, `Biến động
theo năm` and the chart's table, keeps its own rate, and the "Tổng" of the target and the rate
leave it out, the note under the table saying why. Its ratings and training (sections D/E,
`Xếp loại theo năm`: `Số liệu năm` figures of the whole year) are headed "2024" (fixBG). A period
inside one year (1/7/2026–31/10/2026) is headed from and to ("2026 (từ 1/7 đến 31/10)") and has
no total rate; when no year is whole, a note says why the total is empty (fixBG).

Real generated submissions, a real registry workbook with every year's target, the command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core import vnformat
from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.sheets import SHEET_CHANGES, SHEET_CHARTS, SHEET_RATINGS, SHEET_SUMMARY
from toolkit.sample.rows import Period, number_rows
from toolkit.stats.indicators import ratio

TARGET = "Chỉ tiêu kết nạp được giao"
RATE = "Tỷ lệ kết nạp đạt so với chỉ tiêu"


def _run(tmp_path: Path, start: dt.date, cutoff: dt.date) -> tuple[Any, dict[str, Any]]:
    """A ward of two generated organisations whose files and run start at `start`, every year
    given a target of 3 per organisation, consolidated at `cutoff`: its workbook and JSON."""
    nop = tmp_path / "nop"
    nop.mkdir(parents=True)
    # Generated over two more years (the generator needs some), then made files of the period:
    # `Thông tin` starts at `start`, the changes and years before it left out.
    made = sample_orgs(83, [24, 20], Period(dt.date(start.year - 2, 1, 1), cutoff), prefix="B")
    orgs = [
        dataclasses.replace(
            org,
            info={**org.info, "period_start": start},
            events=number_rows([dict(e) for e in org.events if e["event_date"] >= start]),
            years=[y for y in org.years if y["year"] >= start.year],
        )
        for org in made
    ]
    for org in orgs:
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    years = range(start.year, cutoff.year + 1)
    listed = [dataclasses.replace(o.organisation, targets=dict.fromkeys(years, 3)) for o in orgs]
    registry = write_registry(Registry(listed), tmp_path / "danh_muc.xlsx")
    out = tmp_path / "tong_hop.xlsx"
    done = CliRunner().invoke(
        main,
        [
            "consolidate", str(nop), "--registry", str(registry), "--cutoff", f"{cutoff:%d/%m/%Y}",
            "--since", f"{start:%d/%m/%Y}", "-o", str(out), "--json", str(out.with_suffix(".json")),
            "--no-history",
        ],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return openpyxl.load_workbook(out), summary


def _table(ws: Any, first: str, n_years: int) -> tuple[list[Any], dict[str, list[Any]], list[str]]:
    """The header (years' cells and the total's), rows (label → cells) and the texts below it of
    the per-year table of `ws` whose header row starts with `first`."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == first and str(r[1])[:4].isdigit())
    width = n_years + 1
    out: dict[str, list[Any]] = {}
    below: list[str] = []
    for r in rows[start + 1 :]:
        if r[0] is None or r[0] == first:
            break
        if isinstance(r[0], str) and all(c is None for c in r[1:]):
            below.append(r[0])
        elif isinstance(r[0], str):
            out[r[0]] = list(r[1 : 1 + width])
    return list(rows[start][1 : 1 + width]), out, below


def _row(rows: dict[str, list[Any]], prefix: str) -> tuple[str, list[Any]]:
    return next((label, cells) for label, cells in rows.items() if label.startswith(prefix))


def _notes(ws: Any) -> str:
    return " ".join(str(c) for r in ws.iter_rows(values_only=True) for c in r if isinstance(c, str))


def test_a_period_starting_mid_year_leaves_its_first_year_out_of_the_total_rate(tmp_path: Path) -> None:
    wb, summary = _run(tmp_path, dt.date(2024, 7, 1), dt.date(2026, 3, 31))
    ind = summary["indicators"]
    assert summary["period_start"] == "2024-07-01"
    for sheet, first in ((SHEET_CHANGES, "Loại biến động"), (SHEET_SUMMARY, "Chỉ tiêu")):
        header, rows, _ = _table(wb[sheet], first, 3)
        assert header == ["2024 (từ 1/7)", 2025, "2026 (đến 31/3)", "Tổng"], (sheet, header)
        rate_label, rate = _row(rows, RATE)
        target_label, targets = _row(rows, TARGET)
        assert rate_label == f"{RATE} (cột Tổng: 2025)", rate_label
        assert target_label == f"{TARGET} (cột Tổng: 2025)", target_label
        # Only the complete year is in the totals; each partial year keeps its own rate.
        assert targets[-1] == ind["targets.2025"] == 6, (sheet, targets)
        assert rate[-1] == ratio(ind["changes.admissions.2025"], ind["targets.2025"], 4), (sheet, rate)
        assert rate[0] == ratio(ind["changes.admissions.2024"], ind["targets.2024"], 4), (sheet, rate)
    note = (
        "Cột Tổng của chỉ tiêu và tỷ lệ đạt chỉ tiêu chỉ tính năm trọn 2025; năm 2024 chỉ tính từ "
        "ngày 01/7/2024, năm 2026 mới tính đến ngày 31/3/2026 nên tỷ lệ các năm này chỉ ở cột của năm."
    )
    assert unicodedata.is_normalized("NFC", note)
    assert note in _notes(wb[SHEET_SUMMARY]) and note in _notes(wb[SHEET_CHANGES])
    # The JSON keeps each year's rate and states no total: nothing of it changes.
    assert ind["targets.rate.2024"] == ratio(ind["changes.admissions.2024"], ind["targets.2024"], 4)
    assert not any(k.startswith("targets.rate.") and not k[13:].isdigit() for k in ind), ind
    # `Xếp loại theo năm`: the first year's ratings (made at its end, of the whole year) are kept,
    # headed as the whole year: the period's start does not cut them (fixBG).
    by_year = {r[0]: r for r in wb[SHEET_RATINGS].iter_rows(values_only=True) if r[0] in (2024, 2025)}
    assert set(by_year) == {2024, 2025}, by_year
    assert by_year[2024][1] is not None
    # The report's rate of the first year is said against the whole year's target (hunt106 F3),
    # a complete year's plainly.
    report = " ".join(str(c) for r in wb["Báo cáo"].iter_rows(values_only=True) for c in r if c)
    assert "năm 2024 (từ ngày 01/7/2024): " in report, report
    first = report.split("năm 2024 (từ ngày 01/7/2024): ", 1)[1].split(";", 1)[0]
    assert f"chỉ tiêu cả năm {vnformat.count(ind['targets.2024'])}" in first, first
    second = report.split("năm 2025: ", 1)[1].split(".", 1)[0]
    assert "cả năm" not in second and f"chỉ tiêu {vnformat.count(ind['targets.2025'])}" in second, second


def test_a_period_inside_one_year_is_headed_from_and_to_and_has_no_total_rate(tmp_path: Path) -> None:
    wb, summary = _run(tmp_path, dt.date(2026, 7, 1), dt.date(2026, 10, 31))
    ind = summary["indicators"]
    header, rows, below = _table(wb[SHEET_SUMMARY], "Chỉ tiêu", 1)
    assert header == ["2026 (từ 1/7 đến 31/10)", "Tổng"], header
    rate_label, rate = _row(rows, RATE)
    assert rate == [ratio(ind["changes.admissions.2026"], ind["targets.2026"], 4), None], rate
    assert _row(rows, TARGET)[1] == [6, None]
    assert "chỉ tính năm trọn" not in _notes(wb[SHEET_SUMMARY])


def test_a_mid_year_start_with_a_cutoff_of_31_december(tmp_path: Path) -> None:
    wb, summary = _run(tmp_path, dt.date(2024, 7, 1), dt.date(2025, 12, 31))
    ind = summary["indicators"]
    header, rows, _ = _table(wb[SHEET_CHANGES], "Loại biến động", 2)
    assert header == ["2024 (từ 1/7)", 2025, "Tổng"], header
    rate_label, rate = _row(rows, RATE)
    assert rate_label == f"{RATE} (cột Tổng: 2025)"
    assert rate[-1] == ratio(ind["changes.admissions.2025"], ind["targets.2025"], 4)
    assert (
        "chỉ tính năm trọn 2025; năm 2024 chỉ tính từ ngày 01/7/2024 nên tỷ lệ năm 2024 chỉ ở cột của năm."
        in _notes(wb[SHEET_CHANGES])
    )


NO_TOTAL = "Kỳ báo cáo không có năm trọn nên cột Tổng không tính chỉ tiêu và tỷ lệ đạt chỉ tiêu"


def test_ratings_and_training_of_a_mid_year_start_are_headed_as_the_whole_year(tmp_path: Path) -> None:
    """Sections D/E and `Xếp loại theo năm` hold `Số liệu năm` figures, typed for the whole year
    whatever the period's start, so only the admissions (section C, `Biến động theo năm`, the
    chart's table) say "(từ 1/7)"; the cut-off year stays "(đến 31/3)" everywhere (hunt106 F3)."""
    wb, _ = _run(tmp_path, dt.date(2025, 7, 1), dt.date(2026, 3, 31))
    rows = list(wb[SHEET_SUMMARY].iter_rows(values_only=True))
    headers = {}
    for i, r in enumerate(rows):
        if isinstance(r[0], str) and r[0][:2] in ("C.", "D.", "E."):
            headers[r[0][:2]] = list(rows[i + 1][1:3])
    assert headers["C."] == ["2025 (từ 1/7)", "2026 (đến 31/3)"], headers
    assert headers["D."] == [2025, "2026 (đến 31/3)"], headers
    assert headers["E."] == [2025, "2026 (đến 31/3)"], headers
    assert _table(wb[SHEET_CHANGES], "Loại biến động", 2)[0][:2] == ["2025 (từ 1/7)", "2026 (đến 31/3)"]
    firsts = [r[0] for r in wb[SHEET_RATINGS].iter_rows(values_only=True)]
    assert 2025 in firsts and "2026 (đến 31/3)" in firsts, firsts
    assert not any("từ 1/7" in str(c) for c in firsts), firsts
    chart_years = [r[0] for r in wb[SHEET_CHARTS].iter_rows(values_only=True)]
    assert "2025 (từ 1/7)" in chart_years, chart_years


def test_no_complete_year_says_why_the_total_is_empty(tmp_path: Path) -> None:
    """1/7/2025–31/3/2026: 2025 from 1/7, 2026 up to 31/3, no year whole, so the "Tổng" of the
    target and the rate is empty: a note under the table says why (hunt106 F3)."""
    wb, _ = _run(tmp_path, dt.date(2025, 7, 1), dt.date(2026, 3, 31))
    note = (
        f"{NO_TOTAL}; năm 2025 chỉ tính từ ngày 01/7/2025, năm 2026 mới tính đến ngày 31/3/2026 "
        "nên tỷ lệ mỗi năm chỉ ở cột của năm."
    )
    assert unicodedata.is_normalized("NFC", note)
    for sheet, first in ((SHEET_SUMMARY, "Chỉ tiêu"), (SHEET_CHANGES, "Loại biến động")):
        _, rows, _ = _table(wb[sheet], first, 2)
        assert _row(rows, TARGET)[1][-1] is None and _row(rows, RATE)[1][-1] is None, rows
        assert note in _notes(wb[sheet]), sheet
        assert "năm trọn 20" not in _notes(wb[sheet]), sheet
    # The chart's table shows no total: no note there.
    assert NO_TOTAL not in _notes(wb[SHEET_CHARTS])


def test_one_partial_year_alone_says_why_the_total_is_empty(tmp_path: Path) -> None:
    wb, _ = _run(tmp_path, dt.date(2026, 7, 1), dt.date(2026, 10, 31))
    assert (
        f"{NO_TOTAL}; năm 2026 chỉ tính từ ngày 01/7/2026 đến ngày 31/10/2026 nên tỷ lệ năm 2026 "
        "chỉ ở cột của năm." in _notes(wb[SHEET_SUMMARY])
    )


def test_a_complete_year_has_no_note_of_an_empty_total(tmp_path: Path) -> None:
    wb, _ = _run(tmp_path, dt.date(2024, 7, 1), dt.date(2026, 3, 31))
    for sheet in (SHEET_SUMMARY, SHEET_CHANGES):
        assert NO_TOTAL not in _notes(wb[sheet]), sheet
        assert "năm trọn 2025" in _notes(wb[sheet]), sheet


def test_the_report_says_the_training_figures_cover_whole_years(tmp_path: Path) -> None:
    """hunt107 F6: the training figures are `Số liệu năm`, typed for whole years, so after a
    mid-year start the report must not put them "Từ ngày 01/7/2025", beside the admissions
    counted from that day (82 trained beside 76 admitted)."""
    wb, summary = _run(tmp_path, dt.date(2025, 7, 1), dt.date(2026, 3, 31))
    ind = summary["indicators"]
    report = [str(c) for r in wb["Báo cáo"].iter_rows(values_only=True) for c in r if c]
    trained = sum(ind.get(f"training.{y}.new_members_trained", 0) for y in (2025, 2026))
    assert trained, ind
    training = [p for p in report if "học lớp bồi dưỡng" in p]
    assert len(training) == 1, report
    assert training[0].startswith(
        "Theo số liệu năm, từ năm 2025 đến ngày 31/3/2026 (cả năm 2025, không chỉ từ ngày 01/7/2025), "
    ), training
    # The admissions stay counted from the period's start.
    # (none in this ward: said in words since hunt174 #4, "chưa kết nạp đảng viên nào")
    assert any(p.startswith("Từ ngày 01/7/2025 đến ngày 31/3/2026, chưa kết nạp") for p in report), report


def test_a_period_from_1_january_keeps_its_training_sentence(tmp_path: Path) -> None:
    wb, _ = _run(tmp_path, dt.date(2025, 1, 1), dt.date(2026, 3, 31))
    report = [str(c) for r in wb["Báo cáo"].iter_rows(values_only=True) for c in r if c]
    training = [p for p in report if "học lớp bồi dưỡng" in p]
    assert len(training) == 1 and training[0].startswith("Từ năm 2025 đến ngày 31/3/2026, "), training
