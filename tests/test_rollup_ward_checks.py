"""What the roll-up checks of each ward before adding it, on real ward summaries (generated
wards consolidated, their JSON written as `consolidate --json` writes it) and the command line:

- a ward that admitted members in a year without an admission target of its own makes the sum
  of the targets unknown: that year's target and rate are left out (never a rate over the
  targets of the other wards), said at its file and in the report and the sheets;
- two runs of one ward, its organisation list grown by a late file, are refused whatever the
  ward is called in each (the same organisations with the same figures), and so are two names
  of one ward ("Phường Én", "Đảng bộ phường Én"); wards of generic organisation codes and
  names ("Chi bộ mẫu T số 1" in every ward) are still added, with a warning when a name is
  missing;
- a run that consolidated no organisation is no ward's figures: it is left out with an error
  and does not choose the roll-up's cut-off."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.outputs.publish import write_outputs
from toolkit.pipeline import consolidate
from toolkit.sample.rows import OrgRows, Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
YEARS = ("2024", "2025", "2026")
NOTHING_WRITTEN = "Chưa ghi tệp kết quả nào."


def _summary(
    folder: Path,
    orgs: list[OrgRows],
    name: str | None,
    *,
    registry: bool = True,
    cutoff: dt.date = PERIOD.cutoff,
    files: list[OrgRows] | None = None,
) -> Path:
    """`orgs` consolidated as one ward (the files of `files`, default all of them; under a
    registry of `orgs`, with its admission targets, unless `registry` is False), its JSON
    summary written; returns its path."""
    nop = folder / "nop"
    nop.mkdir(parents=True)
    for org in orgs if files is None else files:
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    result = consolidate(
        [nop],
        cutoff=cutoff,
        since=PERIOD.start,
        registry=Registry([o.organisation for o in orgs]) if registry else None,
        ward_name=name,
    )
    write_outputs(result, folder / "tong_hop.xlsx", folder / "tong_hop.json")
    return folder / "tong_hop.json"


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _rollup(out: Path, *summaries: Path) -> Result:
    out.mkdir(exist_ok=True)
    args = ["rollup", *map(str, summaries), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json")]
    return CliRunner().invoke(main, [*args, "--name", "Tỉnh Thử"])


def _label(summary: Path) -> str:
    """How the roll-up names a ward's summary here: every one is `tong_hop.json` in its own
    folder, so by its path from the folder they share (`file_labels`, hunt45 R2 #3)."""
    return str(Path(summary.parent.name, summary.name))


def _cells(path: Path, sheet: str) -> dict[str, Any]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def _row(cells: dict[str, Any], label: str) -> dict[str, Any]:
    """The cells of the row whose column A is `label` (the first such row), by column letter."""
    (row,) = [k[1:] for k, v in cells.items() if k[0] == "A" and v == label][:1]
    return {k[0]: v for k, v in cells.items() if k[1:] == row and k[0] != "A"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("ward_checks")
    one = sample_orgs(61, [30, 24, 28], PERIOD, prefix="A")
    two = sample_orgs(62, [26, 35], PERIOD, prefix="B")
    # Generic organisations: every ward has "T01 Chi bộ mẫu T số 1"…, with its own members
    # (Phường Yên one more: two wards' whole lists alike are one ward's, `_identities`).
    generic_x = sample_orgs(63, [22, 30, 27, 25], PERIOD, prefix="T")
    generic_y = sample_orgs(64, [28, 21, 33, 24, 19], PERIOD, prefix="T")
    return {
        "tmp": tmp,
        "one": _summary(tmp / "mot", one, "Phường Một"),
        "two_no_targets": _summary(tmp / "hai", two, "Phường Hai", registry=False),
        "two": _summary(tmp / "hai_dm", two, "Phường Hai"),
        # One ward without a name nor a registry (its list: the files it has), run on the first
        # day with three files, again with all four.
        "first_day": _summary(tmp / "lan1", generic_x[:3], None, registry=False),
        "next_day": _summary(tmp / "lan2", generic_x, None, registry=False),
        "x_named": _summary(tmp / "x", generic_x, "Phường Én"),
        # Another run of Phường Én, under its Party committee's name, of other figures.
        "x_party": _summary(tmp / "x_dang_bo", generic_y[:3], "Đảng bộ phường Én"),
        "y_named": _summary(tmp / "y", generic_y, "Phường Yên"),
        "y_nameless": _summary(tmp / "y_khong_ten", generic_y, None),
        # Phường Hai's cut-off typed wrong: every file's own cut-off differs, none is consolidated.
        "two_wrong_cutoff": _summary(tmp / "hai_sai", two, "Phường Hai", cutoff=dt.date(2026, 6, 30)),
    }


# --- 1. admission targets -----------------------------------------------------------------------


def test_a_ward_without_targets_leaves_the_rollups_target_and_rate_of_its_years_out(
    built: dict[str, Any],
) -> None:
    one, two = _load(built["one"])["indicators"], _load(built["two_no_targets"])["indicators"]
    assert all(two[f"targets.{y}"] == 0 and f"targets.rate.{y}" not in two for y in YEARS)
    admitted = [y for y in YEARS if two[f"changes.admissions.{y}"]]
    assert admitted and all(one[f"targets.{y}"] for y in YEARS)
    out = built["tmp"] / "r_targets"
    result = _rollup(out, built["one"], built["two_no_targets"])
    assert result.exit_code == 0, result.output
    assert "Tổng cộng 0 lỗi, 1 cảnh báo" in result.output
    up = _load(out / "r.json")
    for year in YEARS:
        if year in admitted:  # Phường Hai's target unknown: no sum of targets, no rate
            assert f"targets.{year}" not in up["indicators"], year
            assert f"targets.rate.{year}" not in up["indicators"], year
        else:  # it admitted nobody: the rate is Phường Một's, over its target
            assert up["indicators"][f"targets.{year}"] == one[f"targets.{year}"]
            assert up["indicators"][f"targets.rate.{year}"] == one[f"targets.rate.{year}"]
    (issue,) = [i for i in up["issues"] if i["code"] == "rollup.no_target"]
    assert issue["severity"] == "warning" and issue["file"] == _label(built["two_no_targets"])
    assert issue["message"].startswith(f"Phường Hai đã kết nạp đảng viên năm {', '.join(admitted)} ")
    assert "chỉ tiêu kết nạp và tỷ lệ đạt chỉ tiêu của bản tổng hợp" in issue["message"]

    # The report says why there is no rate, never a rate over Phường Một's target alone.
    report = " ".join(str(v) for v in _cells(out / "r.xlsx", "Báo cáo").values())
    last = admitted[-1]
    if last == "2026":
        assert (
            "chưa tính được tỷ lệ đạt chỉ tiêu năm 2026 vì Phường Hai chưa có chỉ tiêu kết nạp năm đó."
            in report
        )
    past = [y for y in admitted if y != "2026"]
    if past:
        assert f"Năm {', '.join(past)} chưa tính được tỷ lệ đạt chỉ tiêu vì Phường Hai" in report
    assert "chưa có chỉ tiêu kết nạp năm 2026 nên" not in report  # Phường Một has one
    # The sheets show the target and the rate empty, with a note, never 0 or Phường Một's rate.
    for sheet in ("Tổng hợp", "Biến động theo năm"):
        cells = _cells(out / "r.xlsx", sheet)
        targets, rates = (
            _row(cells, "Chỉ tiêu kết nạp được giao"),
            _row(cells, "Tỷ lệ kết nạp đạt so với chỉ tiêu"),
        )
        columns = dict(zip(YEARS, "BCD", strict=True))
        for year in admitted:
            assert columns[year] not in targets and columns[year] not in rates, (sheet, year)
        assert any("Chỉ tiêu kết nạp và tỷ lệ đạt chỉ tiêu để trống" in str(v) for v in cells.values()), sheet


def test_wards_that_all_lack_targets_have_none_and_need_no_warning(built: dict[str, Any]) -> None:
    """No ward has a target: the sum's 0 is a ward's own 0 (no target, no rate), as its report says."""
    out = built["tmp"] / "r_no_targets"
    result = _rollup(out, built["two_no_targets"])
    assert result.exit_code == 0, result.output
    up = _load(out / "r.json")
    assert all(up["indicators"][f"targets.{y}"] == 0 for y in YEARS)
    assert not [i for i in up["issues"] if i["code"] == "rollup.no_target"]
    report = " ".join(str(v) for v in _cells(out / "r.xlsx", "Báo cáo").values())
    assert "chưa có chỉ tiêu kết nạp năm 2026 nên chưa tính tỷ lệ đạt chỉ tiêu." in report


# --- 2. one ward twice ----------------------------------------------------------------------------


def _refused(result: Result, out: Path, *paths: Path) -> str:
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Lỗi: Không tổng hợp lên cấp trên: "), result.output
    for path in paths:
        assert f"“{path}”" in result.output, path
    assert NOTHING_WRITTEN in result.output
    assert not list(out.iterdir())
    return result.output


def test_two_runs_of_one_nameless_ward_a_late_file_apart_are_refused(built: dict[str, Any]) -> None:
    first, second = _load(built["first_day"]), _load(built["next_day"])
    assert first["ward_name"] is None and second["ward_name"] is None
    assert len(first["organisations"]) == first["indicators"]["orgs.consolidated"] == 3
    assert len(second["organisations"]) == 4
    out = built["tmp"] / "r_late"
    said = _refused(
        _rollup(out, built["one"], built["first_day"], built["next_day"]), out, built["first_day"]
    )
    assert (
        f"“{built['first_day']}” và “{built['next_day']}” là số liệu của cùng một phường (3 tổ chức cùng "
        "mã, cùng tên và cùng số liệu ở cả hai tệp: T01 Chi bộ mẫu T số 1, T02 Chi bộ mẫu T số 2, "
        "T03 Chi bộ mẫu T số 3)"
    ) in said
    assert f"“{built['one']}”" not in said
    # Under two names, the same figures are still one ward's.
    out = built["tmp"] / "r_late_named"
    said = _refused(
        _rollup(out, built["first_day"], built["y_named"], built["x_named"]), out, built["x_named"]
    )
    assert "4 tổ chức" not in said and "3 tổ chức cùng mã, cùng tên và cùng số liệu" in said


def test_a_ward_named_with_and_without_its_party_committee_is_one_ward(built: dict[str, Any]) -> None:
    out = built["tmp"] / "r_party"
    said = _refused(_rollup(out, built["x_named"], built["two"], built["x_party"]), out, built["x_party"])
    assert (
        f"“{built['x_named']}” và “{built['x_party']}” là số liệu của cùng một phường (“Phường Én” và "
        "“Đảng bộ phường Én”)"
    ) in said


def test_wards_of_generic_organisation_names_are_added(built: dict[str, Any]) -> None:
    """Phường Én and Phường Yên both have "T01 Chi bộ mẫu T số 1"… with their own members:
    two wards, added; without a name one of them might be a run of the other, so it is said."""
    x, y = _load(built["x_named"]), _load(built["y_named"])
    shared = {(o["org_code"], o["org_name"]) for o in x["organisations"]}
    assert len(shared) == 4 and shared < {(o["org_code"], o["org_name"]) for o in y["organisations"]}
    out = built["tmp"] / "r_generic"
    result = _rollup(out, built["x_named"], built["y_named"], built["one"])
    assert result.exit_code == 0, result.output
    up = _load(out / "r.json")
    assert "Không có lỗi hay cảnh báo nào." in result.output, result.output
    members = sum(_load(built[k])["indicators"]["members.total"] for k in ("x_named", "y_named", "one"))
    assert up["indicators"]["members.total"] == members

    out = built["tmp"] / "r_generic_nameless"
    result = _rollup(out, built["x_named"], built["y_nameless"])
    assert result.exit_code == 0, result.output
    up = _load(out / "r.json")
    assert (
        up["indicators"]["members.total"]
        == x["indicators"]["members.total"] + y["indicators"]["members.total"]
    )
    (issue,) = [i for i in up["issues"] if i["code"] == "rollup.same_organisations"]
    assert issue["severity"] == "warning" and issue["file"] == _label(built["y_nameless"])
    assert issue["message"].startswith(
        f"Tệp này và tệp “{_label(built['x_named'])}” có một tệp không ghi tên phường, và có chung 4 tổ chức "
        "đảng (cùng mã và tên: T01 Chi bộ mẫu T số 1, T02 Chi bộ mẫu T số 2, T03 Chi bộ mẫu T số 3, "
        "T04 Chi bộ mẫu T số 4): có thể là hai lần tổng hợp của cùng một phường."
    ), issue["message"]


# --- 7. a run that consolidated nothing -------------------------------------------------------------


def test_a_run_that_consolidated_nothing_is_left_out_and_chooses_no_cutoff(built: dict[str, Any]) -> None:
    wrong = _load(built["two_wrong_cutoff"])
    assert wrong["indicators"]["orgs.consolidated"] == 0 and wrong["cutoff_date"] == "2026-06-30"
    out = built["tmp"] / "r_empty"
    result = _rollup(out, built["one"], built["two_wrong_cutoff"])
    assert result.exit_code == 1, result.output
    up = _load(out / "r.json")
    assert up["cutoff_date"] == "2026-03-31"  # Phường Một's: the empty run had no vote
    assert up["indicators"]["members.total"] == _load(built["one"])["indicators"]["members.total"] > 0
    assert [o["status"] for o in up["organisations"]] == ["consolidated", "excluded"]
    (issue,) = [i for i in up["issues"] if i["severity"] == "error"]
    assert issue["code"] == "rollup.empty_ward" and issue["file"] == _label(built["two_wrong_cutoff"])
    assert issue["message"].startswith(
        "Lần tổng hợp ghi trong tệp này (ngày chốt 30/06/2026) không tổng hợp được tổ chức đảng nào "
        "của Phường Hai"
    )
    assert "Phường Hai bị loại: Lần tổng hợp ghi trong tệp này" in result.output
    assert "Hãy tổng hợp lại phường này với ngày chốt" not in result.output

    # Alone, there is nothing to add: nothing is written.
    out = built["tmp"] / "r_only_empty"
    alone = _rollup(out, built["two_wrong_cutoff"])
    assert alone.exit_code == 2, alone.output
    assert "Không có tệp số liệu tổng hợp nào dùng được" in alone.output
    assert not list(out.iterdir())
