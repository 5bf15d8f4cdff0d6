"""Biểu 1–3's `Cùng kỳ năm trước` when the history holds the ward's record at last year's
cut-off of another forms' period only (hunt261 G3): the demo ward (its history has last year's
run at 31/03/2025, forms' period 01/01/2025–31/03/2025) consolidated with the forms' period
01/02/2026–31/03/2026. Biểu 1 and 2 count events over the period: their column stays empty, and
their note says which record the history has and how to get last year's of this period (done
here, into the same real SQLite history). Biểu 3 (`Form.snapshot`: every figure at the cut-off)
takes its column from that record, said in its note; the JSON summary carries the same values."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.forms import FORMS

pytestmark = pytest.mark.slow  # the demo writes and consolidates 72 workbooks

WARD = "Phường Mẫu"
# The forms' note (a form goes out on its own: what the history has, no advice, no record number).
OTHER = (
    "Cột “Cùng kỳ năm trước” để trống: lịch sử tổng hợp có lần tổng hợp ngày chốt 31/3/2025 nhưng "
    "của kỳ 01/01/2025–31/3/2025, không cùng kỳ với biểu lần này (chi tiết ở sheet “Kiểm tra”)."
)
SNAPSHOT = (
    "Cột “Cùng kỳ năm trước” là số liệu ngày chốt 31/3/2025 (lần tổng hợp của kỳ 01/01/2025–31/3/2025): "
    "số liệu của biểu này là số tại ngày chốt, không phụ thuộc kỳ báo cáo."
)
# The warning in `Kiểm tra`: the record, and what to do.
WARNING = (
    "Lịch sử tổng hợp có lần tổng hợp ngày chốt 31/03/2025 (lần số 1) nhưng của kỳ "
    "01/01/2025–31/03/2025, không cùng kỳ 01/02/2025–31/03/2025 của các biểu lần này, nên cột "
    "“Cùng kỳ năm trước” {forms} để trống{snapshot}. Để có số liệu kỳ 01/02/2025–31/03/2025, hãy tổng "
    "hợp lại các tệp của ngày chốt 31/03/2025 với kỳ báo cáo từ ngày 01/02/2025 vào cùng lịch sử tổng "
    "hợp, rồi tổng hợp lại lần này."
)
TAKEN = "; các biểu chỉ có số tại ngày chốt lấy số liệu của lần đó, ghi chú dưới biểu nói rõ"


def _warnings(summary: dict[str, Any]) -> list[str]:
    return [i["message"] for i in summary["issues"] if i["code"] == "form.previous_other_period"]


SHEETS = {"bieu1": "Biểu 1-BTCTW", "bieu2": "Biểu 2-BTCTW", "bieu3": "Biểu 3-BTCTW"}


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("other_period") / "phuong_mau"
    result = CliRunner().invoke(main, ["demo", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def _run(
    ward: Path, history: Path, out: Path, nop: Path, cutoff: str, start: str, registry: Path | None = None
) -> dict[str, Any]:
    summary = out.with_suffix(".json")
    args = ["consolidate", str(nop), "--cutoff", cutoff, "--ward-name", WARD]
    args += ["--registry", str(registry or ward / "danh_muc_to_chuc.xlsx"), "--history", str(history)]
    args += ["--form-period", f"{start}..{cutoff}", "-o", str(out), "--json", str(summary)]
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output and out.is_file(), result.output
    return json.loads(summary.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _quarter(ward: Path, tmp_path: Path, history: Path) -> tuple[dict[str, Any], Path]:
    out = tmp_path / "quy.xlsx"
    return _run(ward, history, out, ward / "nop", "31/03/2026", "01/02/2026"), out


def _sheet(out: Path, code: str) -> tuple[list[tuple[Any, ...]], list[str]]:
    """The table rows (label, current, previous, %) of a form's sheet, and its notes."""
    ws = openpyxl.load_workbook(out, read_only=True)[SHEETS[code]]
    rows = [tuple(r[:4]) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r == ("1", "2", "3", "4")) + 1
    end = next(i for i in range(start, len(rows)) if str(rows[i][0]).startswith("Ghi chú"))
    table = rows[start:end]
    notes = [
        v.removeprefix("Ghi chú: ") for r in rows for v in r if isinstance(v, str) and v.startswith("Ghi chú")
    ]
    return table, notes


def _history(ward: Path, tmp_path: Path) -> Path:
    history = tmp_path / "lich_su.sqlite"
    shutil.copyfile(ward / "lich_su_tong_hop.sqlite", history)
    return history


def test_only_the_roll_form_is_a_snapshot() -> None:
    assert [f.code for f in FORMS if f.snapshot] == ["bieu3"]


def test_flow_forms_stay_empty_and_say_which_record_the_history_has(ward: Path, tmp_path: Path) -> None:
    summary, out = _quarter(ward, tmp_path, _history(ward, tmp_path))
    assert summary["previous"] is None
    for code in ("bieu1", "bieu2"):
        table, notes = _sheet(out, code)
        assert all(r[2] is None for r in table)
        assert all(r["previous"] is None for r in summary["forms"][code])
        assert OTHER in notes
        assert "chưa có lần tổng hợp nào" not in " ".join(notes)
    # The advice is the clerk's, in `Kiểm tra`, once.
    assert _warnings(summary) == [WARNING.format(forms="của các biểu tính theo kỳ báo cáo", snapshot=TAKEN)]


def test_biểu_3_takes_last_years_cutoff_record_and_says_whose(ward: Path, tmp_path: Path) -> None:
    summary, out = _quarter(ward, tmp_path, _history(ward, tmp_path))
    # Last year's own summary (the demo's consolidation at 31/03/2025, record 1): its Biểu 3.
    then = json.loads((ward / "nam_truoc" / "tong_hop_phuong_20250331.json").read_text(encoding="utf-8"))
    last_year = {r["row"]: r["current"] for r in then["forms"]["bieu3"]}
    rows = summary["forms"]["bieu3"]
    assert {r["row"]: r["previous"] for r in rows} == last_year
    assert last_year["I"] == then["indicators"]["members.total"] > 0
    table, notes = _sheet(out, "bieu3")
    assert notes[0] == SNAPSHOT
    assert OTHER not in notes
    # The sheet's column 3 is the JSON's `previous`, row by row (in order, each found by its
    # label: the table goes on over a page break), and (%) is worked from it.
    lines = iter(table)
    cells = [next(r for r in lines if str(r[0]).endswith(row["label"])) for row in rows]
    assert [r[2] for r in cells] == [r["previous"] for r in rows]
    assert sum(r["previous"] is not None for r in rows) > 40
    first = cells[0]
    assert first[3] == round(first[1] * 100 / first[2], 2)


def test_the_advice_fills_the_flow_forms_from_last_years_files(ward: Path, tmp_path: Path) -> None:
    history = _history(ward, tmp_path)
    # As the note says: last year's files again, with the forms' period from 01/02/2025.
    last_year = ward / "nam_truoc" / "nop"
    again = _run(ward, history, tmp_path / "nam_truoc.xlsx", last_year, "31/03/2025", "01/02/2025")
    summary, out = _quarter(ward, tmp_path, history)
    assert summary["previous"]["form_period"] == ["2025-02-01", "2025-03-31"]
    for code in ("bieu1", "bieu2", "bieu3"):
        assert {r["row"]: r["previous"] for r in summary["forms"][code]} == {
            r["row"]: r["current"] for r in again["forms"][code]
        }
        _table, notes = _sheet(out, code)
        assert OTHER not in notes and SNAPSHOT not in notes
    assert _warnings(summary) == []
    assert any(r["previous"] for r in summary["forms"]["bieu1"])


def test_a_run_of_last_years_own_period_is_unchanged(ward: Path, tmp_path: Path) -> None:
    out = tmp_path / "nam.xlsx"
    summary = _run(ward, _history(ward, tmp_path), out, ward / "nop", "31/03/2026", "01/01/2026")
    assert summary["previous"]["form_period"] == ["2025-01-01", "2025-03-31"]
    _table, notes = _sheet(out, "bieu3")
    assert SNAPSHOT not in notes


def test_a_rollup_of_such_a_ward_sums_no_last_year(ward: Path, tmp_path: Path) -> None:
    """A roll-up sums its wards' JSON `previous`, which such a ward's summary has not (design
    §8a): its Biểu 3 has no `Cùng kỳ năm trước` either, and says why, as for any ward without it."""
    summary, out = _quarter(ward, tmp_path, _history(ward, tmp_path))
    assert any(r["previous"] for r in summary["forms"]["bieu3"])
    rolled, rolled_json = tmp_path / "tinh.xlsx", tmp_path / "tinh.json"
    args = ["rollup", str(out.with_suffix(".json")), "-o", str(rolled), "--json", str(rolled_json)]
    result = CliRunner().invoke(main, [*args, "--name", "Tỉnh Thử"])
    assert result.exit_code == 0, result.output
    assert _warnings(summary)  # the ward's run said its last year is of another period
    rolled_summary = json.loads(rolled_json.read_text(encoding="utf-8"))
    rows = rolled_summary["forms"]["bieu3"]
    assert all(r["previous"] is None for r in rows)
    # That warning casts no doubt on the ward's figures, which are whole: no
    # `rollup.ward_form_warning` sends the ward back for a new run.
    doubts = [i for i in rolled_summary["issues"] if i["code"] == "rollup.ward_form_warning"]
    assert doubts == [], doubts
    _table, notes = _sheet(rolled, "bieu3")
    assert (
        "Cột “Cùng kỳ năm trước” để trống: không tệp số liệu nào của các phường có số liệu kỳ "
        "01/02/2025–31/3/2025."
    ) in notes


def test_biểu_3_stays_empty_when_that_record_is_of_other_organisations(ward: Path, tmp_path: Path) -> None:
    """The ward's organisations changed since (HD72 gone from the registry and the folder): the
    record at last year's cut-off is not like for like, and no scope note is made for Biểu 3
    alone, so its column stays empty with the flow forms' note."""
    nop = tmp_path / "nop"
    shutil.copytree(ward / "nop", nop)
    (nop / "HD72_chi_bo_to_dan_pho_so_37.xlsx").unlink()
    registry = tmp_path / "danh_muc.xlsx"
    book = openpyxl.load_workbook(ward / "danh_muc_to_chuc.xlsx")
    sheet = book.worksheets[0]
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == "HD72")
    sheet.delete_rows(row)
    book.save(registry)
    out = tmp_path / "quy.xlsx"
    summary = _run(ward, _history(ward, tmp_path), out, nop, "31/03/2026", "01/02/2026", registry)
    assert summary["indicators"]["members.total"] > 0
    assert all(r["previous"] is None for r in summary["forms"]["bieu3"])
    _table, notes = _sheet(out, "bieu3")
    assert OTHER in notes and SNAPSHOT not in notes
    assert _warnings(summary) == [WARNING.format(forms="của các biểu", snapshot="")]
