"""`ward-stats demo FOLDER` never writes over a file it did not write: a folder holding an
office's registry, a secretary's submission under a sample organisation's name, or anything
else that is not an earlier demo's, is refused before anything is written. (Running the demo
again into its own folder: `tests/test_demo_end_to_end.py`.)"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner
from helpers_validate import write

from toolkit.cli import main
from toolkit.core.model import Organisation, Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.sample.demo_folder import foreign_files
from toolkit.sample.ward import build_sample_ward

DEMO_HD01 = "HD01_dang_bo_cac_co_quan_dang_phuong.xlsx"


def _tree(folder: Path) -> dict[str, str]:
    """Every file under `folder`, relative, with its SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _office(folder: Path) -> Path:
    """An office's folder: its one-organisation registry, and a secretary's filled
    submission saved under the name the demo gives HD01's file."""
    (folder / "nop").mkdir(parents=True)
    registry = Registry([Organisation("CB07", "Chi bộ Tổ dân phố số 7", None, None)])
    write_registry(registry, folder / "danh_muc_to_chuc.xlsx")
    write(folder / "nop", DEMO_HD01)
    return folder


def test_demo_refuses_an_offices_folder_and_writes_nothing(tmp_path: Path) -> None:
    office = _office(tmp_path / "office")
    before = _tree(office)

    result = CliRunner().invoke(main, ["demo", str(office)])

    assert result.exit_code == 2, result.output
    assert "Lỗi không mong đợi" not in result.output
    assert f"Thư mục “{office}” đã có tệp hoặc thư mục không phải của phường mẫu" in result.output
    assert "“danh_muc_to_chuc.xlsx”" in result.output
    assert f"“nop/{DEMO_HD01}”" in result.output
    assert "chưa có tệp nào được ghi" in result.output
    assert _tree(office) == before  # nothing replaced, nothing added
    assert sorted(p.name for p in office.iterdir()) == ["danh_muc_to_chuc.xlsx", "nop"]


def test_any_other_file_or_a_linked_folder_is_in_the_way(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "ghi_chu.txt").write_text("x", encoding="utf-8")
    assert foreign_files(notes) == [notes / "ghi_chu.txt"]

    # `nop` a link to the office's submissions: the demo would write its files among them.
    office = _office(tmp_path / "office")
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "nop").symlink_to(office / "nop", target_is_directory=True)
    assert foreign_files(linked) == [linked / "nop"]

    # Submissions without the history that consolidated them are no demo's.
    loose = tmp_path / "loose"
    (loose / "nam_truoc" / "nop").mkdir(parents=True)
    write(loose / "nam_truoc" / "nop", DEMO_HD01)
    assert foreign_files(loose) == [loose / "nam_truoc" / "nop" / DEMO_HD01]


def test_a_new_or_empty_folder_or_the_sample_registry_of_any_seed_is_not(tmp_path: Path) -> None:
    assert foreign_files(tmp_path / "new") == []
    (tmp_path / "empty" / "nop").mkdir(parents=True)
    assert foreign_files(tmp_path / "empty") == []

    # What a demo stopped after its registry leaves: the sample's organisations (their
    # secretaries and targets change with the seed), nothing of an office's.
    sample = tmp_path / "sample"
    sample.mkdir()
    write_registry(build_sample_ward(7).registry, sample / "danh_muc_to_chuc.xlsx")
    assert foreign_files(sample) == []

    orgs = build_sample_ward(7).registry.organisations
    orgs[3] = replace(orgs[3], org_name="Chi bộ của đơn vị")
    write_registry(Registry(orgs), sample / "danh_muc_to_chuc.xlsx")
    assert foreign_files(sample) == [sample / "danh_muc_to_chuc.xlsx"]
