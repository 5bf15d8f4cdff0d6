"""fix382: what the tool says (its messages, the lines a command prints, `doctor`'s findings)
writes a date dd/mm/yyyy, as `normalize.fmt_date` and every issue message do (31/03/2026); the
official forms keep their own 31/3/2026 (`vnformat.date`). `history list`, `history show`,
`doctor` and the refusals of `history import --merged-ward` wrote the forms' style."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from tests.helpers_history import filled_history, record, run_cli
from tests.test_doctor import by_topic, good_setup
from toolkit.core import vnformat
from toolkit.excel.doctor import diagnose


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """One record of 31/03/2026 (forms 01/01/2026–31/03/2026), run on 02/04/2026 at 09:05."""
    ran = dataclasses.replace(record(dt.date(2026, 3, 31)), ran_at="2026-04-02T09:05:00")
    return filled_history(tmp_path / "lich_su_tong_hop.sqlite", ran)


def test_history_list_writes_its_dates_as_a_message_does(history: Path) -> None:
    listed = run_cli("history", "list", "--history", history)
    assert listed.exit_code == 0, listed.output
    line = next(row for row in listed.output.splitlines() if row.startswith("Lần số 1"))
    assert line.startswith("Lần số 1  chốt 31/03/2026  kỳ biểu 01/01/2026–31/03/2026  Phường Thử"), line
    assert "31/3/" not in line, line


def test_history_show_writes_its_dates_and_times_as_a_message_does(history: Path) -> None:
    shown = run_cli("history", "show", "1", "--history", history)
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert "  Ngày chốt số liệu: 31/03/2026; biến động từ 01/01/2020." in lines, lines
    assert "  Kỳ báo cáo của Biểu 1–4-BTCTW: 01/01/2026–31/03/2026." in lines, lines
    assert any(row.startswith("  Chạy lúc: 02/04/2026 09:05; ghi vào lịch sử lúc: ") for row in lines), lines
    assert "31/3/" not in shown.output and "02/4/" not in shown.output, shown.output


def test_doctor_names_the_latest_cutoff_as_a_message_does(tmp_path: Path) -> None:
    book = good_setup(tmp_path)
    filled_history(tmp_path / "lich_su_tong_hop.sqlite", record(dt.date(2025, 9, 30)))
    finding = by_topic(diagnose(book), "Lịch sử tổng hợp")
    assert finding.status == "ok"
    assert finding.message.endswith("1 lần tổng hợp; ngày chốt gần nhất 30/09/2025, Phường Thử."), (
        finding.message
    )


def _former_wards(tmp_path: Path, east: dict[str, object], west: dict[str, object]) -> list[Path]:
    """The JSON summaries of two former wards, exported from a history holding their records."""
    kept = filled_history(
        tmp_path / "cu.sqlite",
        dataclasses.replace(record(run_id="e", ward_name="Phường Đông"), **east),
        dataclasses.replace(record(run_id="w", ward_name="Phường Tây"), **west),
    )
    files = [tmp_path / "dong.json", tmp_path / "tay.json"]
    for number, path in enumerate(files, start=1):
        done = run_cli("history", "export", number, "--json", path, "--history", kept)
        assert done.exit_code == 0, done.output
    return files


def test_merged_ward_refuses_other_cutoffs_in_a_messages_dates(tmp_path: Path) -> None:
    june = dt.date(2025, 6, 30)
    dong, tay = _former_wards(tmp_path, {}, {"cutoff_date": june, "form_period": (dt.date(2025, 1, 1), june)})
    history = tmp_path / "lich_su_tong_hop.sqlite"
    done = run_cli("history", "import", dong, tay, "--merged-ward", "Phường Mới", "--history", history)
    assert done.exit_code == 2, done.output
    said = " ".join(done.output.split())
    assert f"“{dong}” có ngày chốt 31/03/2025, còn “{tay}” có ngày chốt 30/06/2025." in said, said
    assert not history.exists()


def test_merged_ward_refuses_other_periods_in_a_messages_dates(tmp_path: Path) -> None:
    dong, tay = _former_wards(
        tmp_path,
        {},
        {"period_start": dt.date(2024, 7, 1), "form_period": (dt.date(2024, 4, 1), dt.date(2025, 3, 31))},
    )
    history = tmp_path / "lich_su_tong_hop.sqlite"
    done = run_cli("history", "import", dong, tay, "--merged-ward", "Phường Mới", "--history", history)
    assert done.exit_code == 2, done.output
    said = " ".join(done.output.split())
    assert (
        f"“{dong}” (biến động tính từ ngày 01/01/2020, kỳ báo cáo 01/01/2025–31/03/2025) và “{tay}” (biến "
        "động tính từ ngày 01/07/2024, kỳ báo cáo 01/04/2024–31/03/2025) không cùng kỳ số liệu."
    ) in said, said
    assert not history.exists()


@pytest.mark.parametrize(
    ("text", "document"),
    [
        ("kỳ 01/01/2025–31/03/2025", "kỳ 01/01/2025–31/3/2025"),
        ("từ ngày 01/07/2024 đến 28/02/2025", "từ ngày 01/7/2024 đến 28/02/2025"),
        ("mã 2026/03/31, ô 31/13/2025 và 1/3/2025", "mã 2026/03/31, ô 31/13/2025 và 1/3/2025"),
    ],
)
def test_a_message_quoted_in_a_document_takes_the_documents_dates(text: str, document: str) -> None:
    """The report quotes `rollup.no_previous` (now dated as a message) among its own sentences
    dated as the forms are; only a valid dd/mm/yyyy date is rewritten."""
    assert vnformat.message_dates_as_document(text) == document


def test_the_work_lists_refuse_a_far_cutoff_in_a_messages_dates() -> None:
    from toolkit.core.errors import InputError
    from toolkit.worklists import check_cutoff

    with pytest.raises(InputError) as refused:
        check_cutoff(dt.date(9990, 3, 1))
    said = refused.value.message_vi
    assert said.startswith("Ngày chốt số liệu 01/03/9990 quá xa:"), said
