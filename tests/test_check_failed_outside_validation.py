"""A check run outside `validation.run` that crashes — the history's checks of a consolidation,
the roll-up's checks of the wards' summaries — is an error naming it, as a check of
`validation.run` is (`ward.check_failed`), never a run stopped with an unexpected error
(hunt173 A): the other results are kept, the outputs written, and the error counted."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.helpers_history import filled_history, record
from tests.helpers_sample import sample_orgs
from toolkit import rollup as rollup_module
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.history import session
from toolkit.history.records import Record
from toolkit.history.store import HistoryStore
from toolkit.outputs.publish import write_outputs
from toolkit.pipeline import consolidate
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nop = tmp_path_factory.mktemp("check_failed") / "nop"
    nop.mkdir()
    for org in sample_orgs(21, [7, 9], PERIOD):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    return nop


def _broken(called: list[str], name: str, exc: type[BaseException] = RuntimeError) -> Any:
    def broken(*args: Any, **kwargs: Any) -> Any:
        called.append(name)
        raise exc("injected fault")

    return broken


def _history(path: Path) -> Path:
    """Last year's record, the opening check's (the latest earlier cut-off) and one of this run's
    forms' period (Biểu 1's opening check), so that every history check runs."""

    def nameless(cutoff: dt.date, run_id: str, form_from: dt.date | None = None) -> Record:
        return record(cutoff, run_id=run_id, ward_name=None, total=16, orgs={}, form_from=form_from)

    return filled_history(
        path,
        nameless(dt.date(2025, 3, 31), "r1"),
        nameless(dt.date(2025, 12, 31), "r2"),
        nameless(dt.date(2026, 2, 28), "r3", dt.date(2026, 1, 1)),
    )


def _consolidate(folder: Path, tmp_path: Path) -> tuple[Any, Path]:
    out = tmp_path / "tong_hop.xlsx"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--since", "01/01/2025", "-o", str(out)]
    return CliRunner().invoke(main, [*args, "--json", str(out.with_suffix(".json"))]), out


HISTORY_CHECKS = ["_last_year", "_past_run", "_other_ward_name", "opening_issues", "period_opening_issues"]


@pytest.mark.parametrize("name", HISTORY_CHECKS)
def test_a_history_check_that_crashes_is_an_error_naming_it_and_the_outputs_are_written(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    history = _history(tmp_path / "lich_su_tong_hop.sqlite")
    called: list[str] = []
    monkeypatch.setattr(session, name, _broken(called, name))
    result, out = _consolidate(folder, tmp_path)
    assert called, f"{name} was not run"
    assert result.exit_code == 0, result.output
    assert "không mong đợi" not in result.output and out.is_file()
    issues = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["issues"]
    failed = [i for i in issues if i["code"] == "history.check_failed"]
    assert len(failed) == 1 and failed[0]["severity"] == "error", issues
    assert f"({name}: RuntimeError)" in failed[0]["message"] and "injected" not in failed[0]["message"]
    # Honest: the error is counted, and the run is recorded all the same (its figures are sound).
    assert "0 lỗi" not in result.output and "1 lỗi" in result.output, result.output
    assert [r.run_id for r in HistoryStore(history).records()][:3] == ["r1", "r2", "r3"]
    assert len(HistoryStore(history).records()) == 4


def test_a_ctrl_c_in_a_history_check_still_stops_the_run(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = _history(tmp_path / "lich_su_tong_hop.sqlite")
    called: list[str] = []
    monkeypatch.setattr(session, "opening_issues", _broken(called, "opening_issues", KeyboardInterrupt))
    result, out = _consolidate(folder, tmp_path)
    assert called and result.exit_code != 0 and not out.exists(), result.output
    assert "Ctrl+C" in result.output, result.output
    assert len(HistoryStore(history).records()) == 3


# --- the roll-up ------------------------------------------------------------------------------

WARDS = ("Phường Một", "Phường Hai", "Phường Ba")


@pytest.fixture(scope="module")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three wards' summaries of two organisations each."""
    tmp = tmp_path_factory.mktemp("rollup_check_failed")
    orgs = sample_orgs(31, [6, 8, 5, 7, 9, 4], PERIOD)
    paths = []
    for n, name in enumerate(WARDS):
        part = orgs[2 * n : 2 * n + 2]
        nop = tmp / f"nop{n}"
        nop.mkdir()
        for org in part:
            org.write(nop / f"{org.organisation.org_code}.xlsx")
        result = consolidate(
            [nop],
            cutoff=PERIOD.cutoff,
            since=PERIOD.start,
            registry=Registry([o.organisation for o in part]),
            ward_name=name,
        )
        path = tmp / f"ward{n}.json"
        write_outputs(result, tmp / f"ward{n}.xlsx", path)
        paths.append(path)
    return paths


def _rollup(paths: list[Path], tmp_path: Path) -> tuple[Any, Path]:
    out = tmp_path / "cap_tren.xlsx"
    args = ["rollup", *map(str, paths), "-o", str(out), "--json", str(tmp_path / "cap_tren.json")]
    return CliRunner().invoke(main, [*args, "--name", "Tỉnh Thử"]), out


@pytest.mark.parametrize("name", ["_leave_out_empty", "_warn_alike", "_align"])
def test_a_rollup_check_that_crashes_is_an_error_naming_it_and_the_outputs_are_written(
    summaries: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    called: list[str] = []
    monkeypatch.setattr(rollup_module, name, _broken(called, name))
    result, out = _rollup(summaries, tmp_path)
    assert called, f"{name} was not run"
    assert "không mong đợi" not in result.output and out.is_file(), result.output
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "cap_tren.json").read_text(encoding="utf-8"))
    failed = [i for i in doc["issues"] if i["code"] == "rollup.check_failed"]
    assert len(failed) == 1 and failed[0]["severity"] == "error", doc["issues"]
    assert f"({name}: RuntimeError)" in failed[0]["message"]
    assert "Đã tổng hợp 3/3 phường" in result.output and "1 lỗi" in result.output, result.output
    assert doc["cutoff_date"] == "2026-03-31"


def test_when_align_crashes_a_ward_of_another_cutoff_is_still_left_out(
    summaries: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = json.loads(summaries[1].read_text(encoding="utf-8"))
    doc["cutoff_date"], doc["form_period"] = "2026-06-30", ["2026-01-01", "2026-06-30"]
    late = tmp_path / "late.json"
    late.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(rollup_module, "_align", _broken([], "_align"))
    result, out = _rollup([summaries[0], late, summaries[2]], tmp_path)
    assert result.exit_code == 1 and out.is_file(), result.output
    assert "Đã tổng hợp 2/3 phường" in result.output and "1 phường bị loại" in result.output, result.output
    written = json.loads((tmp_path / "cap_tren.json").read_text(encoding="utf-8"))
    assert written["cutoff_date"] == "2026-03-31"
    left_out = [o for o in written["organisations"] if o["status"] != "consolidated"]
    assert [o["file"] for o in left_out] == ["late.json"], written["organisations"]


def test_a_ctrl_c_in_a_rollup_check_still_stops_the_rollup(
    summaries: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rollup_module, "_warn_alike", _broken([], "_warn_alike", KeyboardInterrupt))
    result, out = _rollup(summaries, tmp_path)
    assert result.exit_code != 0 and not out.exists() and "Ctrl+C" in result.output, result.output
