"""The record a run says it took the place of is the one in use when its record was committed.

hunt133 #3: three consolidations of one cut-off into one history at once (a double-clicked
`Tong hop.cmd`): all read the history holding #1; the one that wrote #3 said "thay cho lần số 1",
though #2, recorded in between, was what #3 replaced. What a run replaces was worked out when
it read the history, before its outputs; it is now read under the record's write lock.

Deterministic: another consolidation is recorded between this run's reading of the history
(`open_for_run`) and its record's commit. Real submissions, real consolidations and a real
SQLite history; nothing of SQLite is imitated."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.model import ConsolidationResult
from toolkit.history.session import begin_record, commit_record, open_for_run, record_run
from toolkit.history.store import HistoryStore
from toolkit.outputs.publish import prepare
from toolkit.pipeline import consolidate
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
WARD = "Phường Thử"


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The ward's files (`all`), and its first file alone (`late`: a late file tried alone)."""
    tmp = tmp_path_factory.mktemp("replaced")
    whole, late = tmp / "nop", tmp / "muon"
    whole.mkdir()
    late.mkdir()
    for i, org in enumerate(sample_orgs(31, [9, 7], PERIOD)):
        org.write(whole / f"{org.organisation.org_code}.xlsx")
        if i == 0:
            org.write(late / f"{org.organisation.org_code}.xlsx")
    return {"all": whole, "late": late}


def _run(folder: Path, ward_name: str | None = WARD) -> ConsolidationResult:
    return consolidate(
        [folder], cutoff=PERIOD.cutoff, since=PERIOD.start, ward_name=ward_name, while_reading=prepare
    )


def _recorded(folder: Path, history: Path, ward_name: str | None = WARD) -> int:
    """A whole consolidation of `folder` recorded into `history` (read, then recorded): its id."""
    result = _run(folder, ward_name)
    run = open_for_run(result, history)
    assert record_run(result, run) is None
    assert run.recorded_id is not None
    return run.recorded_id


def test_a_run_names_the_record_another_run_stored_while_it_ran(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    assert _recorded(folders["all"], history) == 1
    late = _run(folders["late"])
    run = open_for_run(late, history)  # reads #1 as the record in use for the cut-off
    assert _recorded(folders["all"], history) == 2  # another run of the cut-off, meanwhile
    pending = begin_record(late, run)
    assert pending is not None
    assert commit_record(late, run, pending) is None
    assert run.recorded_id == 3
    stored = HistoryStore(history).records()
    assert [(r.id, r.is_current) for r in stored] == [(1, False), (2, False), (3, True)]
    members = int(stored[1].indicators["members.total"])
    assert run.used_before is not None and run.used_before.id == 2
    assert run.note is not None
    note = " ".join(run.note.split())
    assert f"thay cho lần số 2 (2/2 tổ chức, {members} đảng viên, chạy lúc " in note, note
    assert "lần số 1" not in note


def test_the_console_names_the_record_another_run_stored_while_the_outputs_were_made(
    folders: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ward-stats consolidate` (as Tong hop.cmd runs it): another run's record is committed
    while this one's workbook is being made, after this one read the history."""
    import toolkit.outputs.workbook as workbook_module

    history = tmp_path / "lich_su_tong_hop.sqlite"
    args = ["consolidate", "--cutoff", "31/03/2026", "--since", "01/01/2025", "--ward-name", WARD]
    args += ["--history", str(history)]
    first = CliRunner().invoke(main, [*args, str(folders["all"]), "-o", str(tmp_path / "a.xlsx")])
    assert first.exit_code == 0, first.output
    real = workbook_module.render_workbook
    others: list[int] = []

    def render_while_another_records(*a: Any, **kw: Any) -> Any:
        if not others:
            others.append(_recorded(folders["all"], history))
        return real(*a, **kw)

    monkeypatch.setattr(workbook_module, "render_workbook", render_while_another_records)
    late = CliRunner().invoke(main, [*args, str(folders["late"]), "-o", str(tmp_path / "b.xlsx")])
    assert late.exit_code == 0, late.output
    assert others == [2]
    said = " ".join(late.output.split())
    assert "lần tổng hợp vừa ghi (số 3: 1/1 tổ chức" in said
    assert "thay cho lần số 2 (2/2 tổ chức" in said and "lần số 1" not in said


def test_a_run_without_a_ward_name_names_the_wards_record_stored_while_it_ran(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    """A run without a ward name takes the place of each named ward's record of its cut-off
    (a record without a name that ran after a ward's is what its runs use): the ward's record in
    use at the commit is the one said, not the one read before. Before, the ward's record
    stored meanwhile was not known and nothing was said."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    assert _recorded(folders["all"], history) == 1
    trial = _run(folders["late"], ward_name=None)
    run = open_for_run(trial, history)
    assert _recorded(folders["all"], history) == 2  # the ward's own run, meanwhile
    pending = begin_record(trial, run)
    assert pending is not None
    assert commit_record(trial, run, pending) is None
    assert run.recorded_id == 3
    assert run.note is not None
    note = " ".join(run.note.split())
    assert f"của ngày chốt 31/03/2026 trong các lần tổng hợp sau của {WARD}, thay cho lần số 2 (" in note, (
        note
    )
    assert "lần số 1" not in note
