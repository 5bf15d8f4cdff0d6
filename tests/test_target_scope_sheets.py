"""With organisations left out, every sheet printed away from `Tổng hợp`'s row 3 says so, and
every table with the admission rate says what the report says of it: the target is the whole
ward's while the admissions are only those of the organisations consolidated.

Three generated organisations written into the real template, a registry of the three with
their admission targets, consolidated through the command line with one file missing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from helpers_history import run_cli
from helpers_sample import sample_orgs

from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.sheets import SHEET_CHANGES, SHEET_CHARTS, SHEET_RATINGS, SHEET_SUMMARY
from toolkit.sample.rows import OrgRows, Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
SCOPE = (
    "Tỷ lệ đạt chỉ tiêu tính theo chỉ tiêu của cả đảng bộ (mọi tổ chức trong danh mục), còn số kết "
    "nạp mới gồm 2/3 tổ chức đã tổng hợp, nên tỷ lệ thực tế có thể cao hơn."
)
COVERAGE = "Chưa đủ số liệu: 1/3 tổ chức chưa được tổng hợp (1 chưa nộp) — xem sheet “Kiểm tra”."


@pytest.fixture(scope="module")
def orgs() -> list[OrgRows]:
    return sample_orgs(29, [30, 25, 20], PERIOD, prefix="T")


def _run(root: Path, orgs: list[OrgRows], submitted: list[OrgRows]) -> openpyxl.Workbook:
    folder = root / "nop"
    folder.mkdir(parents=True)
    for org in submitted:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    registry = write_registry(Registry([o.organisation for o in orgs]), root / "danh_muc.xlsx")
    assert all(o.organisation.targets for o in orgs)
    out = root / "tong_hop.xlsx"
    result = run_cli(
        "consolidate", folder, "--registry", registry, "--cutoff", PERIOD.cutoff.isoformat(), "-o", out,
        "--json", out.with_suffix(".json"), "--ward-name", "Phường Thử", "--no-history",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = root / "bao_cao.md"
    assert run_cli("report", out.with_suffix(".json"), "-o", report).exit_code == 0
    return openpyxl.load_workbook(out)


def _texts(ws) -> list[str]:  # noqa: ANN001
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_a_rate_over_part_of_the_ward_is_said_as_the_report_says_it(tmp_path: Path, orgs) -> None:
    book = _run(tmp_path, orgs, orgs[:2])
    assert SCOPE in (tmp_path / "bao_cao.md").read_text(encoding="utf-8")
    # Under section C of Tổng hợp, under Biến động theo năm and under the chart's table.
    for sheet in (SHEET_SUMMARY, SHEET_CHANGES, SHEET_CHARTS):
        assert [t for t in _texts(book[sheet]) if SCOPE in t], sheet
    # Each sheet printed on its own says what its figures leave out, in its row 3, as Tổng hợp does.
    for sheet in (SHEET_SUMMARY, SHEET_CHANGES, SHEET_RATINGS, SHEET_CHARTS):
        assert book[sheet]["A3"].value == COVERAGE, sheet


def test_with_every_organisation_in_nothing_is_said_of_the_targets_scope(tmp_path: Path, orgs) -> None:
    book = _run(tmp_path, orgs, orgs)
    assert "tỷ lệ thực tế có thể cao hơn" not in (tmp_path / "bao_cao.md").read_text(encoding="utf-8")
    for sheet in (SHEET_SUMMARY, SHEET_CHANGES, SHEET_RATINGS, SHEET_CHARTS):
        assert not [t for t in _texts(book[sheet]) if "có thể cao hơn" in t], sheet
        assert book[sheet]["A3"].value == "Đã tổng hợp đủ số liệu của 3/3 tổ chức.", sheet
