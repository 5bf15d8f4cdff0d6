"""Two registry rows with one organisation name (`registry.same_name`, a warning).

Most likely one organisation entered twice under two codes: the second code is "chưa nộp" in
every run, and when both rows carry an admission target the ward's target counts it twice.
It does not stop a run (after a merger a ward may hold two organisations of one name for a
while), so it is a warning at the second row's name cell, said with the run's issues."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from tests.helpers_sample import sample_orgs
from toolkit.core.model import Organisation, Registry
from toolkit.io.registry import read_registry
from toolkit.outputs.registry_file import write_registry
from toolkit.pipeline import consolidate
from toolkit.sample.rows import Period
from toolkit.validation import validate_files

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))


def _org(code: str, name: str, targets: dict[int, int] | None = None) -> Organisation:
    return Organisation(code, name, "chi_bo_truc_thuoc", "to_dan_pho", None, targets or {})


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_name_written_twice_is_said_at_the_second_row(tmp_path: Path, suffix: str) -> None:
    registry = Registry(
        [
            _org("HD07", "Chi bộ Tổ dân phố số 7", {2026: 2}),
            _org("HD08", "Chi bộ Tổ dân phố số 8"),
            _org("HD42", "CB TDP 07", {2026: 2}),  # the same organisation, abbreviated
        ]
    )
    reg = read_registry(write_registry(registry, tmp_path / f"dm{suffix}"))
    assert [o.org_code for o in reg.organisations] == ["HD07", "HD08", "HD42"]  # the run goes on
    (issue,) = reg.warnings
    assert (issue.code, issue.severity, issue.file) == ("registry.same_name", "warning", f"dm{suffix}")
    assert issue.org_code == "HD42"
    assert issue.message.endswith(
        ": Tên “CB TDP 07” của mã HD42 trùng với tên “Chi bộ Tổ dân phố số 7” của mã HD07 (dòng 2). "
        "Nếu là một tổ chức ghi hai lần, hãy xóa dòng thừa: mã thừa luôn bị tính là chưa nộp, và "
        "chỉ tiêu kết nạp của mã thừa bị cộng thêm vào chỉ tiêu của phường. Nếu là hai tổ chức "
        "khác nhau, hãy ghi tên cho dễ phân biệt."
    )
    if suffix == ".xlsx":
        assert (issue.sheet, issue.cell) == ("Danh mục tổ chức", "B4")
        assert issue.message.startswith("Dòng 4, cột “Tên tổ chức đảng” (ô B4): ")
    else:
        assert issue.cell is None
        assert issue.message.startswith("Dòng 4, cột “Tên tổ chức đảng”: ")


def test_the_target_is_mentioned_only_when_it_counts_twice(tmp_path: Path) -> None:
    registry = Registry([_org("HD07", "Tổ dân phố 7", {2026: 2}), _org("HD42", "tổ dân phố số 07")])
    (issue,) = read_registry(write_registry(registry, tmp_path / "dm.xlsx")).warnings
    assert "chỉ tiêu" not in issue.message
    assert "mã thừa luôn bị tính là chưa nộp. Nếu là" in issue.message


@pytest.mark.parametrize(
    "names",
    [
        ("Chi bộ Tổ dân phố số 7", "Chi bộ Tổ dân phố số 17"),
        ("Chi bộ Khu phố 3", "Chi bộ Tổ dân phố 3"),
        ("Chi bộ Trường Tiểu học Lê Lợi", "Chi bộ Trường THCS Lê Lợi"),
    ],
)
def test_different_names_say_nothing(tmp_path: Path, names: tuple[str, str]) -> None:
    registry = Registry([_org("HD01", names[0]), _org("HD02", names[1])])
    assert read_registry(write_registry(registry, tmp_path / "dm.xlsx")).warnings == []


def test_the_run_says_it_beside_the_missing_organisation(tmp_path: Path) -> None:
    nop = tmp_path / "nop"
    nop.mkdir()
    orgs = sample_orgs(45, [6, 7], PERIOD)
    for o in orgs:
        o.write(nop / f"{o.organisation.org_code}.xlsx")
    first = orgs[0].organisation
    twice = dataclasses.replace(first, org_code="S99", org_name=first.org_name.upper())
    path = write_registry(Registry([o.organisation for o in orgs] + [twice]), tmp_path / "danh_muc.xlsx")
    registry = read_registry(path)

    result = consolidate([nop], cutoff=PERIOD.cutoff, since=PERIOD.start, registry=registry)
    status = {o.org_code: o.status for o in result.organisations}
    assert status == {
        first.org_code: "consolidated",
        orgs[1].organisation.org_code: "consolidated",
        "S99": "missing",
    }
    same = [i for i in result.issues if i.code == "registry.same_name"]
    assert len(same) == 1 and "mã S99" in same[0].message and f"mã {first.org_code}" in same[0].message
    assert same[0].file == "danh_muc.xlsx"

    checked = validate_files([nop], registry=registry, cutoff=PERIOD.cutoff)  # the Kiểm tra button's run
    assert [i.code for i in checked.issues if i.code == "registry.same_name"] == ["registry.same_name"]


def test_the_commands_that_read_the_registry_say_it(tmp_path: Path) -> None:
    """`template`, where the clerk first uses the registry, and `validate`."""
    from click.testing import CliRunner

    from toolkit.cli import main

    registry = Registry([_org("HD07", "Chi bộ Tổ dân phố số 7"), _org("HD42", "CB TDP 07")])
    path = write_registry(registry, tmp_path / "dm.xlsx")
    made = CliRunner().invoke(main, ["template", "--registry", str(path), "--out", str(tmp_path / "mau")])
    assert made.exit_code == 0, made.output
    assert len(list((tmp_path / "mau").iterdir())) == 2
    assert "\n== Danh mục tổ chức\n  [Cảnh báo] Danh mục tổ chức!B3 (registry.same_name): " in made.output
    checked = CliRunner().invoke(
        main, ["validate", str(tmp_path / "mau"), "--registry", str(path), "--cutoff", "31/03/2026"]
    )
    assert "== Chung cho cả lần kiểm tra (danh mục, thư mục, đối chiếu giữa các tệp)" in checked.output
    assert "(registry.same_name)" in checked.output
