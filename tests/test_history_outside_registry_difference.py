"""The organisations of last year's record and of this run compared (`session._org_difference`):
a file of an organisation one run alone knows that it did not consolidate (outside its registry,
kept as a row for `org.unknown`) is in neither run's figures, so it is neither "thêm" nor
"không còn" in `history.previous_orgs_changed` (hunt337 F4: "thêm 1 tổ chức (HD99)" of a file
every other output called "không được tổng hợp"). A stored record does not keep which of its
files were outside its registry, so the rule is the status both runs keep: excluded.

Real generated workbooks and registries, a real SQLite history, the CLI through CliRunner."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_history import recoded as _recoded
from tests.helpers_history import run_cli
from tests.helpers_history import write_orgs as _write
from tests.helpers_sample import sample_orgs
from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
EARLIER = dt.date(2025, 3, 31)
WARD = "Phường Thử"
CHANGED = "history.previous_orgs_changed"


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("outside_difference")
    every = sample_orgs(31, [40, 35, 30, 20], PERIOD, prefix="A")
    mine, stray = every[:3], every[3]  # A04: a file of a code no registry lists
    renumbered = [mine[0], mine[1], _recoded(mine[2], "A09")]
    return {
        "registry": write_registry(Registry([o.organisation for o in mine]), tmp / "danh_muc.xlsx"),
        "registry_a09": write_registry(
            Registry([o.organisation for o in renumbered]), tmp / "danh_muc_a09.xlsx"
        ),
        "mine25": _write([as_of(o, EARLIER) for o in mine], tmp / "mine25"),
        "mine25_stray": _write([as_of(o, EARLIER) for o in [*mine, stray]], tmp / "mine25_stray"),
        "mine26": _write(mine, tmp / "mine26"),
        "mine26_stray": _write([*mine, stray], tmp / "mine26_stray"),
        "renumbered26_stray": _write([*renumbered, stray], tmp / "renumbered26_stray"),
    }


def _run(folder: Path, cutoff: dt.date, registry: Path, history: Path, out: Path) -> dict[str, Any]:
    done = run_cli(
        "consolidate", folder, "--cutoff", cutoff.isoformat(), "--registry", registry,
        "--history", history, "--ward-name", WARD, "-o", out, "--json", out.with_suffix(".json"),
    )  # fmt: skip
    assert done.exit_code in (0, 1), done.output  # 1: the stray file's org.unknown
    data: dict[str, Any] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def _stray_left_out(summary: dict[str, Any]) -> None:
    """A04 is kept as a row, excluded for `org.unknown`, counted outside the registry."""
    row = next(o for o in summary["organisations"] if o["org_code"] == "A04")
    assert row["status"] == "excluded"
    assert any(i["code"] == "org.unknown" and i.get("org_code") == "A04" for i in summary["issues"])
    assert summary["indicators"]["orgs.unregistered"] == 1


def _history_issues(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in summary["issues"] if i["code"].startswith(("form.previous_", "history.previous_"))]


def test_a_file_outside_the_registry_now_is_not_added(ward: dict[str, Path], tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    last = _run(ward["mine25"], EARLIER, ward["registry"], history, tmp_path / "a25.xlsx")
    summary = _run(ward["mine26_stray"], PERIOD.cutoff, ward["registry"], history, tmp_path / "a26.xlsx")
    _stray_left_out(summary)
    assert summary["previous"]["indicators"]["members.total"] == last["indicators"]["members.total"]
    # The same three chi bộ consolidated both years: nothing was added or is gone.
    assert _history_issues(summary) == []


def test_a_file_outside_last_years_registry_is_not_gone(ward: dict[str, Path], tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    last = _run(ward["mine25_stray"], EARLIER, ward["registry"], history, tmp_path / "a25.xlsx")
    _stray_left_out(last)
    summary = _run(ward["mine26"], PERIOD.cutoff, ward["registry"], history, tmp_path / "a26.xlsx")
    assert summary["previous"]["indicators"]["members.total"] == last["indicators"]["members.total"]
    assert _history_issues(summary) == []


def test_a_renumbered_chi_bo_beside_a_file_outside_the_registry(
    ward: dict[str, Path], tmp_path: Path
) -> None:
    """The real change (A03 renumbered A09, in the registry) is still said, the stray file is
    not; the report's comparison pairs A09 with A03 (`_past_run`, the same difference)."""
    history = tmp_path / "h.sqlite"
    _run(ward["mine25"], EARLIER, ward["registry"], history, tmp_path / "a25.xlsx")
    summary = _run(
        ward["renumbered26_stray"], PERIOD.cutoff, ward["registry_a09"], history, tmp_path / "a26.xlsx"
    )
    _stray_left_out(summary)
    issues = _history_issues(summary)
    assert [i["code"] for i in issues] == [CHANGED]
    message = issues[0]["message"]
    assert "chỉ đổi mã 1 tổ chức (A03 thành A09: cùng tên)" in message
    assert "A04" not in message and "thêm" not in message and "không còn" not in message
    assert summary["previous"]["common"]["orgs"] == 3, summary["previous"]["common"]
