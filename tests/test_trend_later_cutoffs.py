"""An earlier cut-off consolidated after later ones (a correction of the second quarter once the
third was done, hunt346): its `Xu hướng` is the trend up to its own cut-off, as its first run's
was, and names the later cut-offs the history holds, which it does not show. Before, the sheet of
a workbook "số liệu đến ngày 31/3/2026" charted the figures of 30/6 and 30/9/2026 after it,
"Lần tổng hợp này" in the middle of the table, and a first cut-off re-run said the history had
no other cut-off. Real files and `consolidate` on the command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_history import filled_history, record
from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.history.records import Record
from toolkit.sample.rows import Period

MARCH = dt.date(2026, 3, 31)
WARD = "Phường Thử"


def _ran(rec: Record, at: str) -> Record:
    return dataclasses.replace(rec, ran_at=at)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nop = tmp_path_factory.mktemp("later") / "nop"
    nop.mkdir()
    for org in sample_orgs(21, [7, 9], Period(dt.date(2025, 1, 1), MARCH)):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    return nop


def _run(folder: Path, out: Path, history: Path) -> None:
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--since", "01/01/2025"]
    args += ["-o", str(out), "--ward-name", WARD, "--history", str(history)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


def _sheet(workbook: Path) -> tuple[list[tuple[dt.date, object, object]], str]:
    """The table's rows (cut-off, members, source) and the sheet's text."""
    ws = openpyxl.load_workbook(workbook)["Xu hướng"]
    rows = [
        (r[0].value.date(), r[1].value, r[-1].value)
        for r in ws.iter_rows(max_col=9)
        if isinstance(r[0].value, dt.datetime)
    ]
    text = " ".join(str(c.value) for r in ws.iter_rows() for c in r if isinstance(c.value, str))
    return rows, " ".join(text.split())


def test_an_earlier_cut_off_re_run_after_later_ones_ends_its_trend_at_its_cut_off(
    folder: Path, tmp_path: Path
) -> None:
    history = filled_history(
        tmp_path / "h.sqlite",
        _ran(record(dt.date(2025, 12, 31), run_id="q4", total=40, ward_name=WARD), "2026-01-05T09:00:00"),
        _ran(record(dt.date(2026, 6, 30), run_id="q2", total=50, ward_name=WARD), "2026-07-02T09:00:00"),
        _ran(record(dt.date(2026, 9, 30), run_id="q3", total=60, ward_name=WARD), "2026-10-02T09:00:00"),
    )
    out = tmp_path / "tong_hop.xlsx"
    _run(folder, out, history)
    rows, text = _sheet(out)
    assert [(day, source) for day, _, source in rows] == [
        (dt.date(2025, 12, 31), "Lịch sử tổng hợp"),
        (MARCH, "Lần tổng hợp này"),
    ]
    assert rows[0][1] == 40
    assert "02 lần chốt số liệu." in text
    # The subtitle says where the table ends, not "từ cũ đến mới" (fix348).
    assert "lịch sử tổng hợp, từ cũ đến ngày chốt của lần tổng hợp này" in text, text
    assert "từ cũ đến mới" not in text
    assert (
        "Lịch sử tổng hợp còn có ngày chốt sau ngày chốt của lần này (30/6/2026, 30/9/2026): sheet "
        "này chỉ cho thấy số liệu đến ngày 31/3/2026."
    ) in text, text


def test_a_first_cut_off_re_run_after_later_ones_does_not_say_the_history_has_no_other(
    folder: Path, tmp_path: Path
) -> None:
    history = filled_history(
        tmp_path / "h.sqlite",
        _ran(record(dt.date(2026, 6, 30), run_id="q2", total=50, ward_name=WARD), "2026-07-02T09:00:00"),
    )
    out = tmp_path / "tong_hop.xlsx"
    _run(folder, out, history)
    rows, text = _sheet(out)
    assert [(day, source) for day, _, source in rows] == [(MARCH, "Lần tổng hợp này")]
    assert "chưa có lần chốt số liệu nào khác" not in text
    assert (
        "Lịch sử tổng hợp còn có ngày chốt sau ngày chốt của lần này (30/6/2026): sheet này chỉ cho "
        "thấy số liệu đến ngày 31/3/2026."
    ) in text, text


def test_the_subtitle_says_from_old_to_new_when_the_run_is_of_the_newest_cut_off(
    folder: Path, tmp_path: Path
) -> None:
    history = filled_history(
        tmp_path / "h.sqlite",
        _ran(record(dt.date(2025, 12, 31), run_id="q4", total=40, ward_name=WARD), "2026-01-05T09:00:00"),
    )
    out = tmp_path / "tong_hop.xlsx"
    _run(folder, out, history)
    _, text = _sheet(out)
    assert "Số liệu chính tại mỗi ngày chốt đã lưu trong lịch sử tổng hợp, từ cũ đến mới" in text, text
    assert "đến ngày chốt của lần tổng hợp này" not in text


def test_a_later_cut_off_of_another_ward_is_not_named_as_this_ward_s(folder: Path, tmp_path: Path) -> None:
    """A later cut-off whose record is another ward's (no ward name, none of this run's
    organisations: a run of another ward without `--ward-name` in the same history) is none of
    this ward's history: the sheet does not say this ward's history goes on after its cut-off
    (review350; the rule of `record_for_cutoff`, which the trend follows for earlier ones)."""
    history = filled_history(
        tmp_path / "h.sqlite",
        _ran(record(dt.date(2025, 12, 31), run_id="q4", total=40, ward_name=WARD), "2026-01-05T09:00:00"),
        _ran(
            record(dt.date(2026, 6, 30), run_id="other", total=50, ward_name=None, orgs={"ZZ99": 50}),
            "2026-07-02T09:00:00",
        ),
    )
    out = tmp_path / "tong_hop.xlsx"
    _run(folder, out, history)
    rows, text = _sheet(out)
    assert [day for day, _, _ in rows] == [dt.date(2025, 12, 31), MARCH]
    assert "30/6/2026" not in text, text
