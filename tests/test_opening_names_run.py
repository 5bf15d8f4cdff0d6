"""fix363: the opening warnings name the earlier run by its number in the history.

When the history holds two runs of one cut-off (an old one and the current one, after a
correction: `history list` shows "Lần số 1 … cũ", "Lần số 2 … hiện hành"), a warning naming that run by its
date only ("lần tổng hợp ngày 31/03/2026 ghi 4") did not tell the clerk which was compared.
It now says "(lần số 2 trong lịch sử tổng hợp)", as `form.period_opening_changed` does. Real
workbooks of the template, the command line in this process, a real history.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from helpers_history import run_cli
from helpers_validate import clean_info, numbered_member

from toolkit.core.model import Organisation, Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import write_submission

START = dt.date(2026, 1, 1)
Q1, Q2 = dt.date(2026, 3, 31), dt.date(2026, 6, 30)
NAMES = {
    "CB01": "Chi bộ Tổ dân phố số 1",
    "CB02": "Chi bộ Tổ dân phố số 2",
    "CB03": "Chi bộ Tổ dân phố số 3",
}
PEOPLE = {
    "CB01": ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"],
    "CB02": ["Vũ Văn Hải", "Đặng Thị Hoa", "Bùi Văn Khánh"],
    "CB03": ["Hoàng Văn Long", "Ngô Thị Mai"],
}
ROLL = {code: [numbered_member(code, i, n) for i, n in enumerate(names)] for code, names in PEOPLE.items()}
OLD, CURRENT = "(lần số 1 trong lịch sử tổng hợp)", "(lần số 2 trong lịch sử tổng hợp)"


def _write(folder: Path, code: str, cutoff: dt.date, members: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    info = clean_info(
        org_code=code, org_name=NAMES[code], secretary=f"Bí thư {code}", cutoff_date=cutoff,
        period_start=START, prepared_on=cutoff,
    )  # fmt: skip
    numbered = [{**m, "row_no": n} for n, m in enumerate(members, start=1)]
    write_submission(folder / f"{code}.xlsx", info=info, members=numbered, events=[])


def _consolidate(folder: Path, registry: Path, cutoff: dt.date, history: Path) -> dict[str, Any]:
    out = folder.parent / f"{folder.name}.xlsx"
    result = run_cli(
        "consolidate", folder, "--registry", registry, "--cutoff", cutoff.isoformat(), "-o", out,
        "--json", out.with_suffix(".json"), "--ward-name", "Phường Thử", "--history", history,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return summary


def _registry(root: Path, codes: Iterable[str], name: str) -> Path:
    return write_registry(
        Registry([Organisation(c, NAMES[c], "chi_bo_truc_thuoc", "to_dan_pho") for c in codes]), root / name
    )


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two runs of 31/03/2026: the first (lần số 1) with CB01 lacking a member, the second
    (lần số 2, the correction) with CB01's whole roll, which is the one used."""
    root = tmp_path_factory.mktemp("named_run")
    registry = _registry(root, ["CB01", "CB02"], "danh_muc.xlsx")
    history = root / "lich_su_tong_hop.sqlite"
    _write(root / "q1_old", "CB01", Q1, ROLL["CB01"][:-1])
    _write(root / "q1_old", "CB02", Q1, ROLL["CB02"])
    _consolidate(root / "q1_old", registry, Q1, history)
    _write(root / "q1", "CB01", Q1, ROLL["CB01"])
    _write(root / "q1", "CB02", Q1, ROLL["CB02"])
    _consolidate(root / "q1", registry, Q1, history)
    listed = run_cli("history", "list", "--history", history)
    assert listed.exit_code == 0, listed.output
    lines = {line.split()[2]: line for line in listed.output.splitlines() if line.startswith("Lần số ")}
    assert lines["1"].split("tổng hợp")[-1].strip().startswith("cũ"), listed.output
    assert lines["2"].endswith("hiện hành"), listed.output
    return {"root": root, "registry": registry, "history": history}


def _second_quarter(ward: dict[str, Any], tmp_path: Path, codes: Iterable[str]) -> list[dict[str, Any]]:
    """Q2 with CB01 missing a member without a change row (its opening differs)."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    history.write_bytes(ward["history"].read_bytes())
    codes = list(codes)
    registry = _registry(tmp_path, codes, "danh_muc_q2.xlsx")
    for code in codes:
        _write(tmp_path / "q2", code, Q2, ROLL[code][:-1] if code == "CB01" else ROLL[code])
    summary = _consolidate(tmp_path / "q2", registry, Q2, history)
    opening = ("form.opening_mismatch", "form.ward_opening_mismatch")
    return [i for i in summary["issues"] if i["code"] in opening]


def test_the_opening_warnings_name_the_current_run_of_the_cutoff(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    found = _second_quarter(ward, tmp_path, ["CB01", "CB02"])
    by_org = {i["org_code"]: i["message"] for i in found}
    assert sorted(by_org, key=str) == ["CB01", None], found
    own = by_org["CB01"]
    assert f"nhưng lần tổng hợp ngày 31/03/2026 {CURRENT} ghi 4." in own, own
    assert "Toàn Đảng bộ" in by_org[None]
    assert f"lần tổng hợp ngày 31/03/2026 {CURRENT} ghi 7." in by_org[None], by_org[None]
    assert not any(OLD in m or "lần số 1" in m for m in by_org.values()), by_org


def test_the_ward_warning_across_a_reorganisation_names_the_current_run(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """CB03 new in Q2: the ward's own roll is compared (`form.ward_opening_mismatch`)."""
    found = _second_quarter(ward, tmp_path, ["CB01", "CB02", "CB03"])
    wards = [i["message"] for i in found if i["code"] == "form.ward_opening_mismatch"]
    assert len(wards) == 1, found
    assert f"nhưng lần tổng hợp ngày 31/03/2026 {CURRENT} ghi 7, cả hai lần đều đủ" in wards[0], wards[0]
    assert OLD not in wards[0] and "lần số 1" not in wards[0], wards[0]
