"""The sample ward at three cut-offs in one history, through `ward-stats consolidate`: the
first quarter of 2025 (31/03/2025), the year 2025 (31/12/2025) and the first quarter of 2026
(31/03/2026), each folder made of the submissions its secretaries would have sent for that
date (`toolkit.sample.as_of`), with a registry, real workbooks and a real SQLite history.

The first quarter of 2026 opens on 01/01/2026, the day after the year's cut-off: its opening
check is made against the year's record (the nearest earlier cut-off), and Biểu 1's line A
(đầu kỳ) is the roll stored at 31/12/2025 — line D of the year's forms. Honest files raise no
opening warning; one organisation's file missing a member who never left is named, with both
figures and the year's record.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from tests.helpers_history import run_cli
from tests.schema_check import assert_valid_summary
from toolkit.core import vnformat
from toolkit.core.model import Registry
from toolkit.history.store import HistoryStore
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import submission_filename
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows, number_rows
from toolkit.sample.ward import build_sample_ward

Q1_2025 = dt.date(2025, 3, 31)
YEAR_END = dt.date(2025, 12, 31)
Q1_2026 = dt.date(2026, 3, 31)
WARD = "Phường Mẫu"
# A few organisations of the sample ward (residential, workplace and grassroots ones).
CODES = ("HD01", "HD05", "HD20", "HD40", "HD60")
ALTERED = "HD05"

pytestmark = pytest.mark.slow


def _write(orgs: list[OrgRows], folder: Path) -> Path:
    folder.mkdir(parents=True)
    for org in orgs:
        org.write(folder / submission_filename(org.organisation))
    return folder


def _without_a_long_standing_member(org: OrgRows, period_start: dt.date) -> OrgRows:
    """`org`'s file with one member admitted before the change period and named in no change
    row deleted: a row removed instead of a change row written."""
    org = copy.deepcopy(org)
    named = {(e["full_name"], e["birth_date"]) for e in org.events}
    gone = next(
        m
        for m in org.members
        if m["admission_date"] < period_start and (m["full_name"], m["birth_date"]) not in named
    )
    org.members = number_rows([m for m in org.members if m is not gone])
    return org


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("three_periods")
    sample = build_sample_ward()
    orgs = [o for o in sample.orgs if o.organisation.org_code in CODES]
    assert len(orgs) == len(CODES)
    registry = write_registry(Registry(organisations=[o.organisation for o in orgs]), tmp / "danh_muc.xlsx")
    altered = [
        _without_a_long_standing_member(o, sample.period_start) if o.organisation.org_code == ALTERED else o
        for o in orgs
    ]
    return {
        "tmp": tmp,
        "registry": registry,
        Q1_2025: _write([as_of(o, Q1_2025) for o in orgs], tmp / "nop_2025q1"),
        YEAR_END: _write([as_of(o, YEAR_END) for o in orgs], tmp / "nop_2025"),
        Q1_2026: _write(orgs, tmp / "nop_2026q1"),
        "altered": _write(altered, tmp / "nop_2026q1_sua"),
    }


def _three_runs(ward: dict, tmp: Path, last: str | dt.date = Q1_2026) -> tuple[Path, list[dict]]:
    history = tmp / "lich_su_tong_hop.sqlite"
    summaries = []
    for key, cutoff in ((Q1_2025, Q1_2025), (YEAR_END, YEAR_END), (last, Q1_2026)):
        out = tmp / f"tong_hop_{cutoff:%Y%m%d}.xlsx"
        args = ["consolidate", ward[key], "--registry", ward["registry"], "--cutoff", vnformat.date(cutoff)]
        done = run_cli(
            *args, "--ward-name", WARD, "--history", history, "-o", out, "--json", out.with_suffix(".json")
        )
        assert done.exit_code == 0, done.output
        summaries.append(json.loads(out.with_suffix(".json").read_text(encoding="utf-8")))
    return history, summaries


def _bieu1(summary: dict, row: str, column: str) -> int:
    return int(next(r for r in summary["forms"]["bieu1"] if r["row"] == row)[column])


@pytest.fixture(scope="module")
def honest(ward: dict, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    return _three_runs(ward, tmp_path_factory.mktemp("honest"))


def test_honest_files_consolidate_cleanly_at_each_cut_off(honest: tuple[Path, list[dict]]) -> None:
    """No opening warning on consistent data; the year's files, made at its 31 December, hold
    the year's ratings (the year has ended), so they raise no `year.unrated`."""
    _, summaries = honest
    for summary in summaries:
        assert [i["code"] for i in summary["issues"]] == [], summary["cutoff_date"]
    assert [s["form_period"] for s in summaries] == [
        ["2025-01-01", "2025-03-31"],
        ["2025-01-01", "2025-12-31"],
        ["2026-01-01", "2026-03-31"],
    ]


def test_the_quarter_opens_with_the_roll_stored_at_the_year_end(honest: tuple[Path, list[dict]]) -> None:
    history, (q1_2025, year, q1_2026) = honest
    records = HistoryStore(history).records()
    assert [r.cutoff_date for r in records] == [Q1_2025, YEAR_END, Q1_2026]
    stored = records[1].indicators["members.total"]
    assert stored == year["indicators"]["members.total"] == _bieu1(year, "D", "current")
    assert _bieu1(q1_2026, "A", "current") == stored
    # Last year's column is the first quarter of 2025, whose line A is its own opening.
    assert q1_2026["previous"]["cutoff_date"] == "2025-03-31"
    assert _bieu1(q1_2026, "A", "previous") == _bieu1(q1_2025, "A", "current")
    assert _bieu1(q1_2026, "D", "previous") == _bieu1(q1_2025, "D", "current")


def test_an_organisation_whose_opening_differs_is_named_against_the_year_end(
    ward: dict, tmp_path: Path
) -> None:
    history, (_, year, q1_2026) = _three_runs(ward, tmp_path, last="altered")
    then = next(o for o in year["organisations"] if o["org_code"] == ALTERED)["indicators"]["members.total"]
    said = [i for i in q1_2026["issues"] if i["code"] == "form.opening_mismatch"]
    assert [i.get("org_code") for i in said] == [ALTERED, None]
    own, whole = (i["message"] for i in said)
    name = next(o for o in year["organisations"] if o["org_code"] == ALTERED)["org_name"]
    assert own.startswith(f"{name}: số đảng viên tại ngày 31/12/2025 tính lại từ tệp kỳ này là {then - 1} ")
    assert f"nhưng lần tổng hợp ngày 31/12/2025 (lần số 2 trong lịch sử tổng hợp) ghi {then}." in own
    assert whole.startswith("Toàn Đảng bộ: số đảng viên tại ngày 31/12/2025")
    # Biểu 1 opens with the roll its own files give (one fewer than stored), as warned.
    assert _bieu1(q1_2026, "A", "current") == _bieu1(year, "D", "current") - 1


def test_a_quarter_of_another_forms_period_compares_the_roll_only(
    ward: dict, honest: tuple[Path, list[dict]], tmp_path: Path
) -> None:
    """Last year's record at 31/03/2025 is of the forms' period 01/01/2025–31/03/2025, this run's
    01/02/2026–31/03/2026: the report's "So với cùng kỳ năm trước" compares the roll at the two
    cut-offs (same date a year apart, same organisations), as Biểu 3 does, and not the period's
    flows, saying why; it had no paragraph at all."""
    from toolkit.outputs.report import HEADING_COMPARED, report_sections

    history = tmp_path / "lich_su_tong_hop.sqlite"
    first = honest[0].parent / "tong_hop_20250331.json"
    assert run_cli("history", "import", first, "--history", history).exit_code == 0
    out = tmp_path / "quy.xlsx"
    args = ["consolidate", ward[Q1_2026], "--registry", ward["registry"], "--cutoff", "31/03/2026"]
    args += ["--form-period", "01/02/2026..31/03/2026", "--ward-name", WARD, "--history", history]
    done = run_cli(*args, "-o", out, "--json", out.with_suffix(".json"))
    assert done.exit_code == 0, done.output
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert summary["previous"] is None
    assert_valid_summary(summary)  # `previous_snapshot` is in docs/schema/summary.schema.json
    q1_2025 = json.loads(first.read_text(encoding="utf-8"))
    compared = [s for s in report_sections(summary) if s.title == HEADING_COMPARED]
    assert len(compared) == 1
    (text,) = compared[0].paragraphs
    now, then = summary["indicators"], q1_2025["indicators"]
    assert text.startswith("So với cùng kỳ năm trước (số liệu đến ngày 31/3/2025), tổng số đảng viên là ")
    for key in ("members.total", "members.full", "members.probationary"):
        assert vnformat.number(then[key]) in text and vnformat.number(now[key]) in text
    assert "(cùng kỳ" in text and "kết nạp 0" not in text and "kết nạp 1" not in text  # no flow
    assert text.endswith(
        ". Số kết nạp và đưa ra khỏi Đảng không so sánh được: lần tổng hợp ngày chốt 31/3/2025 trong lịch sử "
        "tổng hợp là của kỳ báo cáo 01/01/2025–31/3/2025, không cùng kỳ với kỳ này (01/02/2026–31/3/2026)."
    )
