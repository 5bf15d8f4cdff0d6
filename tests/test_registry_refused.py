"""A registry file the system will not let be read for a known reason (too large, locked or not
permitted) says that reason (`registry.refused`), never that the file is damaged or not an
Excel file (`registry.unreadable`, whose advice to re-save it helps with neither)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_validate import refuse_open, rewrite_zip

from toolkit.cli import main
from toolkit.core.errors import RegistryError
from toolkit.core.model import Organisation, Registry
from toolkit.io.files import over_limit
from toolkit.io.registry import read_registry
from toolkit.outputs.registry_file import write_registry

THREE = Registry(
    [
        Organisation("HD01", "Đảng bộ Trường THPT số 1", "dang_bo_co_so", "su_nghiep", None, {2026: 2}),
        Organisation("HD02", "Chi bộ Tổ dân phố số 5", "chi_bo_truc_thuoc", "to_dan_pho", None, {2026: 1}),
        Organisation("HD03", "Chi bộ Công an phường", "chi_bo_co_so", "luc_luong_vu_trang", None, {}),
    ]
)


def test_a_registry_with_a_large_picture_is_said_to_be_too_large(tmp_path: Path) -> None:
    path = write_registry(THREE, tmp_path / "danh_muc_co_anh.xlsx")
    # A scanned decision pasted onto the sheet: a picture over the registry's limit.
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("xl/media/image1.png", b"\x89PNG" + bytes(21 * 2**20))
    with pytest.raises(RegistryError) as caught:
        read_registry(path)
    assert [i.code for i in caught.value.issues] == ["registry.refused"]
    message = str(caught.value)
    assert "tệp quá lớn (21 MB, tối đa 20 MB)" in message
    assert "xóa hình ảnh" in message
    assert "tệp hỏng" not in message and "không phải tệp Excel" not in message

    tmp = tmp_path / "nop"
    tmp.mkdir()
    done = CliRunner().invoke(main, ["validate", str(tmp), "--registry", str(path)])
    assert done.exit_code == 2, done.output
    assert "Danh mục tổ chức danh_muc_co_anh.xlsx: Không mở được danh mục tổ chức: tệp quá lớn" in done.output
    assert "Traceback" not in done.output


def test_a_registry_just_over_the_limit_reads_larger_than_the_limit(tmp_path: Path) -> None:
    """Whole megabytes would say "20 MB, tối đa 20 MB" of a file 60 KB over: a clerk reads that
    as a file within the limit. The size takes the decimals it needs to read larger."""
    path = write_registry(THREE, tmp_path / "danh_muc_sat_gioi_han.xlsx")
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("xl/media/image1.png", b"\x89PNG" + bytes(20 * 2**20 + 100_000 - path.stat().st_size))
    assert 20 * 2**20 < path.stat().st_size < 20 * 2**20 + 2**20 // 10
    with pytest.raises(RegistryError) as caught:
        read_registry(path)
    assert "tệp quá lớn (20,1 MB, tối đa 20 MB)" in str(caught.value)


@pytest.mark.parametrize(
    ("size", "said"),
    [
        (21 * 2**20, "21 MB, tối đa 20 MB"),
        (20 * 2**20 + 2**20 // 8, "20,1 MB, tối đa 20 MB"),
        (20 * 2**20 + 2**20 // 64, "20,02 MB, tối đa 20 MB"),
        (20 * 2**20 + 1, "hơn 20 MB, tối đa 20 MB"),
    ],
)
def test_a_size_over_a_limit_never_reads_as_the_limit(size: int, said: str) -> None:
    assert over_limit(size, 20 * 2**20) == said


def test_a_locked_registry_is_said_to_be_locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_registry(THREE, tmp_path / "danh_muc_khoa.xlsx")
    refuse_open(monkeypatch, path.name)  # open in another program, a cloud placeholder, no rights
    with pytest.raises(RegistryError) as caught:
        read_registry(path)
    assert [i.code for i in caught.value.issues] == ["registry.refused"]
    message = str(caught.value)
    assert "không có quyền đọc tệp hoặc tệp đang bị khóa" in message
    assert "Hãy đóng chương trình đang mở tệp này" in message
    assert "tệp hỏng" not in message


def test_a_damaged_registry_is_still_said_to_be_damaged(tmp_path: Path) -> None:
    path = write_registry(THREE, tmp_path / "dm.xlsx")
    rewrite_zip(path, lambda name, data: data[:-10] if name.startswith("xl/worksheets/") else data)
    with pytest.raises(RegistryError) as caught:
        read_registry(path)
    assert [i.code for i in caught.value.issues] == ["registry.unreadable"]
