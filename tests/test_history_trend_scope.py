"""The trend (`Xu hướng`) takes no point from a record of other organisations: another ward ran
into the same history without `--ward-name` at a cut-off of its own, and its membership was a
point of this ward's trend, said nowhere. As `Cùng kỳ năm trước` (test_history_previous_other_orgs):
a record sharing no organisation with this run is left out (said under the table and in
`Kiểm tra`), the ward's own record of that cut-off standing in when it has one; a record sharing
some organisations stays a point.

Real generated workbooks, a real history file, the CLI through click's CliRunner."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.helpers_history import run_cli
from tests.helpers_sample import sample_orgs
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows, Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
EARLIER = dt.date(2025, 3, 31)
MIDDLE = dt.date(2025, 9, 30)
WARD = "Phường Thử"
TREND = "Xu hướng"


def _write(orgs: list[OrgRows], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    return folder


def _run(folder: Path, cutoff: dt.date, history: Path, out: Path, ward: str | None) -> dict[str, Any]:
    args: list[object] = ["consolidate", folder, "--cutoff", cutoff.isoformat(), "--history", history]
    args += ["-o", out, "--json", out.with_suffix(".json"), *(["--ward-name", ward] if ward else [])]
    done = run_cli(*args)
    assert done.exit_code == 0, done.output
    data: dict[str, Any] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def _trend(workbook: Path) -> tuple[dict[dt.date, Any], str]:
    """The trend's members by cut-off, and every text of the sheet."""
    ws = openpyxl.load_workbook(workbook)[TREND]
    points = {
        row[0].value.date(): row[1].value for row in ws.iter_rows() if isinstance(row[0].value, dt.datetime)
    }
    texts = " ".join(c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str))
    return points, texts


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("trend_scope")
    # People and cards unique across one call: A04 and A05 are another ward's organisations.
    every = sample_orgs(23, [40, 35, 30, 20, 25], PERIOD, prefix="A")
    mine, theirs = every[:3], every[3:]
    return {
        "mine25": _write([as_of(o, EARLIER) for o in mine], tmp / "mine25"),
        "mine_mid": _write([as_of(o, MIDDLE) for o in mine], tmp / "mine_mid"),
        "mine26": _write(mine, tmp / "mine26"),
        "theirs25": _write([as_of(o, EARLIER) for o in theirs], tmp / "theirs25"),
        "theirs_mid": _write([as_of(o, MIDDLE) for o in theirs], tmp / "theirs_mid"),
        # Another ward's files and one of this ward's (a file copied into the wrong folder).
        "mixed_mid": _write([as_of(o, MIDDLE) for o in [mine[0], *theirs]], tmp / "mixed_mid"),
    }


def test_a_nameless_record_of_no_organisation_of_this_run_is_not_a_point_of_the_trend(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    history = tmp_path / "h.sqlite"
    own = _run(folders["mine25"], EARLIER, history, tmp_path / "a25.xlsx", WARD)
    other = _run(folders["theirs_mid"], MIDDLE, history, tmp_path / "b_mid.xlsx", None)  # no --ward-name
    out = tmp_path / "a26.xlsx"
    summary = _run(folders["mine26"], PERIOD.cutoff, history, out, WARD)
    points, texts = _trend(out)
    assert points == {
        EARLIER: own["indicators"]["members.total"],
        PERIOD.cutoff: summary["indicators"]["members.total"],
    }
    assert MIDDLE not in points and other["indicators"]["members.total"] not in points.values()
    issue = next(i for i in summary["issues"] if i["code"] == "history.trend_no_common_orgs")
    assert issue["severity"] == "warning"
    message = issue["message"]
    assert "lần tổng hợp số 2 ngày chốt 30/09/2025 (không ghi tên phường)" in message
    assert "A04, A05" in message and "A01, A02, A03" in message
    assert "sheet “Xu hướng” không có ngày chốt đó" in message and "history remove 2 --yes" in message
    assert "Không đưa vào ngày chốt 30/9/2025: lần tổng hợp số 2 trong lịch sử tổng hợp" in texts
    assert not [i for i in summary["issues"] if i["code"].startswith("form.previous_")]


def test_the_wards_own_record_is_the_point_when_a_nameless_one_of_other_orgs_ran_after_it(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    history = tmp_path / "h.sqlite"
    own = _run(folders["mine_mid"], MIDDLE, history, tmp_path / "a_mid.xlsx", WARD)
    other = _run(folders["theirs_mid"], MIDDLE, history, tmp_path / "b_mid.xlsx", None)
    assert own["indicators"]["members.total"] != other["indicators"]["members.total"]
    out = tmp_path / "a26.xlsx"
    summary = _run(folders["mine26"], PERIOD.cutoff, history, out, WARD)
    points, texts = _trend(out)
    assert points[MIDDLE] == own["indicators"]["members.total"]
    assert not [i for i in summary["issues"] if i["code"] == "history.trend_no_common_orgs"]
    assert "Không đưa vào" not in texts


def test_a_nameless_record_sharing_some_organisations_stays_a_point(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    history = tmp_path / "h.sqlite"
    mixed = _run(folders["mixed_mid"], MIDDLE, history, tmp_path / "b_mid.xlsx", None)
    out = tmp_path / "a26.xlsx"
    summary = _run(folders["mine26"], PERIOD.cutoff, history, out, WARD)
    points, _ = _trend(out)
    assert points[MIDDLE] == mixed["indicators"]["members.total"]
    assert not [i for i in summary["issues"] if i["code"] == "history.trend_no_common_orgs"]


def test_last_years_record_of_other_organisations_is_said_once_for_both(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    """Last year's record is a point of the trend too: refused as `Cùng kỳ năm trước`, it is left
    out of the trend, said in the one warning about it."""
    history = tmp_path / "h.sqlite"
    _run(folders["theirs25"], EARLIER, history, tmp_path / "b25.xlsx", None)
    out = tmp_path / "a26.xlsx"
    summary = _run(folders["mine26"], PERIOD.cutoff, history, out, WARD)
    points, texts = _trend(out)
    assert list(points) == [PERIOD.cutoff]
    assert summary["previous"] is None
    assert not [i for i in summary["issues"] if i["code"] == "history.trend_no_common_orgs"]
    issue = next(i for i in summary["issues"] if i["code"] == "form.previous_no_common_orgs")
    assert "để trống, sheet “Xu hướng” không có ngày chốt 31/03/2025 và báo cáo" in issue["message"]
    assert "Không đưa vào ngày chốt 31/3/2025: lần tổng hợp số 1 trong lịch sử tổng hợp" in texts
    assert "chưa có lần chốt số liệu nào khác dùng được cho lần tổng hợp này" in texts
