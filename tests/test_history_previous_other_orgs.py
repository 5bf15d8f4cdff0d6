"""`Cùng kỳ năm trước` taken from a record of other organisations (hunt104 #1): another ward ran
into the same history without `--ward-name`, after this ward, at last year's cut-off; its record
was this ward's last year, compared without a word. A record sharing no organisation with this
run is refused (the column empty, saying why); one sharing some is used, and the run says which
organisations differ (`Kiểm tra`, the forms' and the report's scope notes).

Real generated workbooks, a real history file, the CLI through click's CliRunner."""

from __future__ import annotations

import datetime as dt
import json
import shutil
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
WARD = "Phường Thử"


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


def _texts(workbook: Path, sheet: str) -> list[str]:
    ws = openpyxl.load_workbook(workbook)[sheet]
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("other_orgs")
    # People and cards unique across one call: A04 and A05 are another ward's organisations.
    every = sample_orgs(21, [40, 35, 30, 20, 25], PERIOD, prefix="A")
    mine, theirs = every[:3], every[3:]
    return {
        "mine25": _write([as_of(o, EARLIER) for o in mine], tmp / "mine25"),
        "mine26": _write(mine, tmp / "mine26"),
        "theirs25": _write([as_of(o, EARLIER) for o in theirs], tmp / "theirs25"),
        # Another ward's files and one of this ward's (a file copied into the wrong folder).
        "mixed25": _write([as_of(o, EARLIER) for o in [mine[0], *theirs]], tmp / "mixed25"),
    }


def test_a_record_of_no_organisation_of_this_run_is_not_last_year(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    history = tmp_path / "h.sqlite"
    _run(folders["theirs25"], EARLIER, history, tmp_path / "b25.xlsx", None)  # no --ward-name
    out = tmp_path / "a26.xlsx"
    summary = _run(folders["mine26"], PERIOD.cutoff, history, out, WARD)
    assert summary["previous"] is None
    issue = next(i for i in summary["issues"] if i["code"] == "form.previous_no_common_orgs")
    assert issue["severity"] == "warning"
    assert "A04, A05" in issue["message"] and "A01, A02, A03" in issue["message"]
    notes = [t for t in _texts(out, "Biểu 1-BTCTW") if "Cùng kỳ năm trước" in t]
    assert any("để trống" in n and "không có tổ chức nào của lần tổng hợp này" in n for n in notes), notes
    report = " ".join(_texts(out, "Báo cáo"))
    assert "không có tổ chức nào của lần tổng hợp này" in report
    assert "so với cùng kỳ năm trước (số liệu đến ngày" not in report.lower()


def test_a_record_of_other_organisations_is_said_to_differ(folders: dict[str, Path], tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    _run(folders["mixed25"], EARLIER, history, tmp_path / "b25.xlsx", None)
    out = tmp_path / "a26.xlsx"
    summary = _run(folders["mine26"], PERIOD.cutoff, history, out, WARD)
    assert summary["previous"] is not None  # one organisation in common: used, and said
    issue = next(i for i in summary["issues"] if i["code"] == "form.previous_other_orgs")
    assert issue["severity"] == "warning"
    words = (
        "thiếu 2 tổ chức của lần tổng hợp này (A02, A03), có 2 tổ chức lần tổng hợp này không có (A04, A05)"
    )
    assert words in issue["message"]
    notes = [t for t in _texts(out, "Biểu 1-BTCTW") if "cùng kỳ năm trước" in t]
    (note,) = [n for n in notes if n.startswith("Ghi chú: Cột (%) để trống: ")]
    assert words in note and "không cùng các tổ chức, so sánh sẽ sai lệch (chi tiết ở sheet" in note
    # The (%) column is empty (hunt155 F1), the two columns keep their figures.
    rows = [r for r in openpyxl.load_workbook(out)["Biểu 1-BTCTW"].iter_rows(values_only=True) if r[0]]
    lines = [r for r in rows if isinstance(r[1], int | float) and isinstance(r[2], int | float)]
    assert lines and all(r[3] is None for r in lines), lines
    report = " ".join(_texts(out, "Báo cáo"))
    assert words in report and "không cùng phạm vi" in report


def test_a_nameless_record_of_the_same_organisations_is_still_last_year(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    history = tmp_path / "h.sqlite"
    _run(folders["mine25"], EARLIER, history, tmp_path / "a25.xlsx", None)
    shutil.copytree(folders["mine26"], tmp_path / "in")
    summary = _run(tmp_path / "in", PERIOD.cutoff, history, tmp_path / "a26.xlsx", WARD)
    assert summary["previous"]["cutoff_date"] == EARLIER.isoformat()
    assert not [i for i in summary["issues"] if i["code"].startswith("form.previous_")]


@pytest.mark.parametrize("theirs", ["theirs25"])
def test_the_wards_own_record_is_last_year_when_a_nameless_one_of_other_orgs_ran_after_it(
    folders: dict[str, Path], tmp_path: Path, theirs: str
) -> None:
    """The ward's own record of last year's period, put aside by another ward's run without
    `--ward-name` at the same cut-off after it that has none of its organisations, is the one
    compared with: the ward's figures. (A nameless record sharing some organisations is still
    the one used, said by `form.previous_other_orgs`, as trend and opening use it too:
    test_history_wards.)"""
    history = tmp_path / "h.sqlite"
    own = _run(folders["mine25"], EARLIER, history, tmp_path / "a25.xlsx", WARD)
    other = _run(folders[theirs], EARLIER, history, tmp_path / "b25.xlsx", None)
    assert own["indicators"]["members.total"] != other["indicators"]["members.total"]
    summary = _run(folders["mine26"], PERIOD.cutoff, history, tmp_path / "a26.xlsx", WARD)
    assert summary["previous"] is not None
    assert summary["previous"]["indicators"]["members.total"] == own["indicators"]["members.total"]
    assert not [i for i in summary["issues"] if i["code"].startswith("form.previous_")]
