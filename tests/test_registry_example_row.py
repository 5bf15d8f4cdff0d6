"""The shipped workbook's example registry row kept beside the ward's own (hunt220 R3).

The `Danh mục tổ chức` sheet of `tong_hop_phuong.xlsm` is built with one example row, CB01
"Chi bộ Tổ dân phố số 1" (secretary Nguyễn Văn An). An office that added its own rows and kept
it saw "CB01 chưa nộp tệp" in every run, and CB01 counted among the registered organisations.
Now the row, exactly as built (code, name, tier, sector, secretary), beside other rows is a
registry warning, `registry.example_row`, saying to delete it. Alone (a fresh template) it is
no warning, and a real chi bộ coded CB01 under another name or secretary is never taken for it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_excel import CUTOFF, REGISTRY, saved_workbook, write_ward

from toolkit.cli import main
from toolkit.core.model import Organisation, Registry
from toolkit.excel.build import DEFAULT_TARGET, EXAMPLE_ORGANISATION
from toolkit.excel.settings_file import read_workbook_settings
from toolkit.io.registry import HEADERS, REGISTRY_SHEET, read_registry, target_header
from toolkit.pipeline import consolidate
from toolkit.validation import validate_files

CB02 = REGISTRY.organisations[1]
MESSAGE = (
    "Mã CB01 (Chi bộ Tổ dân phố số 1) là dòng ví dụ có sẵn trong mẫu tong_hop_phuong.xlsm, "
    "không phải một tổ chức của phường: nó luôn bị tính là chưa nộp và được đếm vào số tổ chức "
    "trong danh mục, và chỉ tiêu kết nạp của nó được cộng vào chỉ tiêu của phường. Hãy xóa dòng "
    "này khỏi sheet “Danh mục tổ chức”."
)


def _saved(tmp_path: Path, registry: Registry | None) -> Registry:
    """The registry of the built workbook saved with `registry` in its sheet (None: as built)."""
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", registry=registry)
    read = read_workbook_settings(book).registry(required=True)
    assert read is not None
    return read


def test_the_fresh_template_alone_says_nothing(tmp_path: Path) -> None:
    registry = _saved(tmp_path, None)
    assert registry.organisations == [EXAMPLE_ORGANISATION]
    assert registry.warnings == []
    assert read_registry(DEFAULT_TARGET).warnings == []  # the shipped file read as a registry file


def test_the_example_kept_beside_the_wards_rows_is_said_once(tmp_path: Path) -> None:
    registry = _saved(
        tmp_path,
        Registry(
            [
                EXAMPLE_ORGANISATION,
                CB02,
                dataclasses.replace(CB02, org_code="CB09", org_name="Chi bộ Khu phố 9"),
            ]
        ),
    )
    assert [o.org_code for o in registry.organisations] == ["CB01", "CB02", "CB09"]  # the run goes on
    (issue,) = registry.warnings
    assert (issue.code, issue.severity, issue.org_code) == ("registry.example_row", "warning", "CB01")
    assert (issue.sheet, issue.cell) == (REGISTRY_SHEET, "A2")
    assert issue.message.endswith(MESSAGE)


def test_a_registry_file_typed_by_hand_with_the_example_row(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append([HEADERS[k] for k in ("org_code", "org_name", "org_tier", "sector", "secretary")])
    ws.append(["HD07", "Chi bộ Tổ dân phố số 7", "Chi bộ trực thuộc", "Chi bộ tổ dân phố", "Lê Văn Tư"])
    ws.append(["CB01", "Chi bộ Tổ dân phố số 1", "Chi bộ trực thuộc", "Chi bộ tổ dân phố", "Nguyễn Văn An"])
    wb.save(tmp_path / "dm.xlsx")
    (issue,) = read_registry(tmp_path / "dm.xlsx").warnings
    assert (issue.code, issue.file, issue.sheet, issue.cell) == (
        "registry.example_row",
        "dm.xlsx",
        "Danh sách",
        "A3",
    )
    assert issue.message.endswith(
        "và được đếm vào số tổ chức trong danh mục. Hãy xóa dòng này khỏi sheet “Danh sách”."
    )  # no target, none said


@pytest.mark.parametrize(
    "change",
    [
        {"org_name": "Chi bộ Tổ dân phố số 1 phường Hải Dương"},
        {"secretary": "Phạm Thị Hoa"},
        {"secretary": None},
        {"sector": "su_nghiep"},
        {"org_code": "CB10"},
    ],
)
def test_a_real_row_like_the_example_is_never_taken_for_it(tmp_path: Path, change: dict[str, object]) -> None:
    real = dataclasses.replace(EXAMPLE_ORGANISATION, **change)  # type: ignore[arg-type]
    assert _saved(tmp_path, Registry([real, CB02])).warnings == []


def test_changed_targets_keep_it_the_example(tmp_path: Path) -> None:
    kept = dataclasses.replace(EXAMPLE_ORGANISATION, targets={2026: 3})
    (issue,) = _saved(tmp_path, Registry([CB02, kept])).warnings
    assert (issue.code, issue.cell) == ("registry.example_row", "A3")


def test_validate_consolidate_and_the_command_say_it(tmp_path: Path) -> None:
    nop = tmp_path / "nop"
    write_ward(nop, with_error=False)
    (nop / "CB01.xlsx").unlink()  # the example never sends a file
    orgs = [
        EXAMPLE_ORGANISATION,
        CB02,
        Organisation("CB03", "Chi bộ Khu phố 3", "chi_bo_truc_thuoc", "to_dan_pho"),
    ]
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", registry=Registry(orgs))
    registry = read_workbook_settings(book).registry(required=True)
    assert registry is not None

    result = consolidate([nop], cutoff=CUTOFF, registry=registry)
    assert [i.code for i in result.issues if i.code == "registry.example_row"] == ["registry.example_row"]
    assert {o.org_code: o.status for o in result.organisations}["CB01"] == "missing"
    checked = validate_files([nop], registry=registry, cutoff=CUTOFF)  # the Kiểm tra button's run
    assert [i.code for i in checked.issues if i.code == "registry.example_row"] == ["registry.example_row"]

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = REGISTRY_SHEET
    ws.append(
        [HEADERS[k] for k in ("org_code", "org_name", "org_tier", "sector", "secretary")]
        + [target_header(2026)]
    )
    for o in orgs:
        ws.append([o.org_code, o.org_name, "Chi bộ trực thuộc", "Chi bộ tổ dân phố", o.secretary, 1])
    wb.save(tmp_path / "dm.xlsx")
    ran = CliRunner().invoke(
        main,
        [
            "validate",
            str(nop),
            "--registry",
            str(tmp_path / "dm.xlsx"),
            "--cutoff",
            CUTOFF.strftime("%d/%m/%Y"),
        ],
    )
    assert "Danh mục tổ chức!A2 (registry.example_row): " in ran.output, ran.output
    assert ran.output.count("registry.example_row") == 1


def test_a_real_organisation_named_as_the_example_is_not_said_to_repeat_it(tmp_path: Path) -> None:
    """The example's name, "Chi bộ Tổ dân phố số 1", is most wards' first chi bộ's. Kept beside
    it, the example row was also said to share its name (`registry.same_name` at the real
    row: "Nếu là một tổ chức ghi hai lần, hãy xóa dòng thừa"), which may have a clerk delete
    the real row; the example row's own warning alone says what to delete (h278)."""
    own = dataclasses.replace(EXAMPLE_ORGANISATION, org_code="HD36", secretary="Lê Văn Tư")
    twice = dataclasses.replace(CB02, org_code="CB09")  # a real name typed twice is still said
    registry = _saved(tmp_path, Registry([EXAMPLE_ORGANISATION, CB02, own, twice]))
    said = [(i.code, i.org_code) for i in registry.warnings]
    assert sorted(said) == [("registry.example_row", "CB01"), ("registry.same_name", "CB09")], said
