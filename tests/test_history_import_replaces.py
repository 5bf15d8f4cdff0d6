"""`history import` of a summary whose record becomes the one in use for its cut-off says both
records' coverage and members, as `consolidate` says them (`session.replaces`; hunt134 F4: a
trial run of part of the ward put in use was said only by its number and time, not as
partial).

Real generated submissions, a real registry workbook, real SQLite histories, the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.history.store import HistoryStore
from toolkit.outputs.registry_file import write_registry
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
WARD = "Phường Thử"


def _cli(*args: Any) -> Result:
    done = CliRunner().invoke(main, [str(a) for a in args])
    assert done.exit_code == 0, done.output
    return done


def _consolidate(folder: Path, registry: Path, history: Path, out: Path) -> dict[str, Any]:
    _cli(
        "consolidate", folder, "--registry", registry, "--cutoff", "31/03/2026", "--since", "01/01/2024",
        "-o", out, "--json", out.with_suffix(".json"), "--history", history, "--ward-name", WARD,
    )  # fmt: skip
    data: dict[str, Any] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def test_an_imported_partial_run_put_in_use_is_said_with_its_coverage_and_members(tmp_path: Path) -> None:
    orgs = sample_orgs(134, [30, 25, 20, 35], PERIOD, prefix="T")
    registry = write_registry(Registry([o.organisation for o in orgs]), tmp_path / "danh_muc.xlsx")
    full, part = tmp_path / "nop", tmp_path / "nop_thu"
    full.mkdir()
    part.mkdir()
    for org in orgs:
        org.write(full / f"{org.organisation.org_code}.xlsx")
    for org in orgs[:2]:
        org.write(part / f"{org.organisation.org_code}.xlsx")
    history = tmp_path / "lich_su.sqlite"
    whole = _consolidate(full, registry, history, tmp_path / "tong_hop.xlsx")
    # A trial run of two files on another PC, later: its summary brought over and imported.
    trial = _consolidate(part, registry, tmp_path / "may_khac.sqlite", tmp_path / "thu.xlsx")
    members, trial_members = whole["indicators"]["members.total"], trial["indicators"]["members.total"]
    assert trial_members < members
    done = _cli("history", "import", tmp_path / "thu.json", "--history", history)
    said = " ".join(done.output.split())
    assert f"Lần vừa thêm (số 2: 2/4 tổ chức, {trial_members} đảng viên) nay là số liệu được dùng" in said, (
        said
    )
    assert f"thay cho lần số 1 (4/4 tổ chức, {members} đảng viên, chạy lúc " in said, said
    assert "Nếu lần số 1 mới là lần đúng, hãy xóa lần vừa thêm: chạy lệnh “" in said


def test_an_imported_run_of_the_same_figures_is_said_plainly_without_the_removal_advice(
    tmp_path: Path,
) -> None:
    """fix141: the same files consolidated again on another PC and their summary imported: the
    record put in use has the same indicators as the one it replaces. As a run's own note says
    it (`session.replaces`), that is said in one sentence, without the advice on removing it."""
    orgs = sample_orgs(135, [30, 25], PERIOD, prefix="T")
    registry = write_registry(Registry([o.organisation for o in orgs]), tmp_path / "danh_muc.xlsx")
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    history = tmp_path / "lich_su.sqlite"
    first = _consolidate(folder, registry, history, tmp_path / "tong_hop.xlsx")
    again = _consolidate(folder, registry, tmp_path / "may_khac.sqlite", tmp_path / "lai.xlsx")
    assert again["indicators"] == first["indicators"]
    done = _cli("history", "import", tmp_path / "lai.json", "--history", history)
    said = " ".join(done.output.split())
    assert (
        "Lần vừa thêm (số 2) nay là số liệu được dùng cho ngày chốt 31/03/2026, thay cho lần số 1 (2/2 "
        f"tổ chức, {first['indicators']['members.total']} đảng viên, chạy lúc "
    ) in said, said
    assert "có cùng các chỉ tiêu: không cần làm gì thêm." in said, said
    assert "hãy xóa" not in said and "history remove" not in said, said
    assert [(r.id, r.is_current) for r in HistoryStore(history).records()] == [(1, False), (2, True)]
