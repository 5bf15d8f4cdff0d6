"""Atomic output: a file is either the complete new version or the previous one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from toolkit.core.errors import OutputError, WardStatsError
from toolkit.io import atomic
from toolkit.io.atomic import TEMP_PREFIX, atomic_path, atomic_write_bytes, atomic_write_text


def test_success_replaces_the_target_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "tong_hop.xlsx"
    target.write_bytes(b"old")
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path
        assert tmp.name.startswith(TEMP_PREFIX) and tmp.name.endswith("-tong_hop.xlsx")
        assert tmp != target
        tmp.write_bytes(b"new")
        assert target.read_bytes() == b"old"  # not replaced before the block ends
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["tong_hop.xlsx"]


def test_exception_inside_leaves_previous_file_byte_identical(tmp_path: Path) -> None:
    target = tmp_path / "tong_hop.xlsx"
    previous = bytes(range(256)) * 10
    target.write_bytes(previous)
    with pytest.raises(ValueError, match="half way"), atomic_path(target) as tmp:
        tmp.write_bytes(b"half-written")
        raise ValueError("half way")
    assert target.read_bytes() == previous
    assert [p.name for p in tmp_path.iterdir()] == ["tong_hop.xlsx"]


def test_exception_without_previous_file_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "moi.json"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("{")
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []


def test_interrupt_also_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("giữ nguyên", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_path(target) as tmp:
        tmp.write_text("x")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "giữ nguyên"
    assert len(list(tmp_path.iterdir())) == 1


def test_nothing_written_in_the_block_is_an_error_and_keeps_the_target(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("cũ", encoding="utf-8")
    with pytest.raises(OutputError), atomic_path(target):
        pass
    assert target.read_text(encoding="utf-8") == "cũ"


def test_missing_folder_is_a_vietnamese_domain_error(tmp_path: Path) -> None:
    with pytest.raises(WardStatsError, match="không tồn tại"), atomic_path(tmp_path / "khong_co" / "a.xlsx"):
        pass


@pytest.mark.parametrize("under", ["tep", "tep/con"])
def test_a_folder_that_is_a_file_is_said_to_be_a_file_not_missing(tmp_path: Path, under: str) -> None:
    (tmp_path / "tep").write_text("x", encoding="utf-8")
    target = tmp_path / under / "a.xlsx"
    with pytest.raises(OutputError) as raised, atomic_path(target):
        pass
    assert raised.value.message_vi == (
        f"“{tmp_path / 'tep'}” là một tệp, không phải thư mục; không thể ghi tệp “a.xlsx”."
    )


def test_target_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ra").mkdir()
    with pytest.raises(OutputError, match="thư mục"):
        atomic_write_bytes(tmp_path / "ra", b"x")


def test_locked_target_gives_a_friendly_error_and_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "tong_hop.xlsx"
    target.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(OutputError, match="đang được mở"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["tong_hop.xlsx"]


def test_write_text_is_utf8_byte_for_byte(tmp_path: Path) -> None:
    target = atomic_write_text(tmp_path / "bao_cao.md", "Đảng bộ\nphường\r\n")
    assert target.read_bytes() == "Đảng bộ\nphường\r\n".encode()


def test_write_bytes_returns_target_and_keeps_normal_permissions(tmp_path: Path) -> None:
    target = atomic_write_bytes(tmp_path / "x.bin", b"\x00\x01")
    assert target == tmp_path / "x.bin" and target.read_bytes() == b"\x00\x01"
    if os.name == "posix":
        umask = os.umask(0)
        os.umask(umask)
        assert target.stat().st_mode & 0o777 == 0o666 & ~umask


# XlsxWriter wraps the system's error in its `FileCreateError`, which is no OSError. A path
# the temporary file cannot have makes it fail on a real file system, without mocking: a
# folder so deep that the target's path is within the system's limit (PATH_MAX, 4096 bytes)
# and its temporary one, whose name adds a hidden prefix, is not. (A single file's temporary
# name is shortened to fit the name limit, `temp_path_for`, so a long name alone no longer
# fails: any name the system takes can be written.)
PATH_MAX = 4096


def _deep_folder(base: Path, target_name: str) -> Path:
    """A folder under `base` whose path plus "/" + `target_name` is just under PATH_MAX."""
    folder = base
    room = PATH_MAX - 1 - len(f"/{target_name}".encode())
    while len(str(folder).encode()) + 201 <= room:
        folder = folder / ("d" * 200)
    folder = folder / ("e" * (room - len(str(folder).encode()) - 1))
    folder.mkdir(parents=True)
    assert len(str(folder / target_name).encode()) == PATH_MAX - 1
    return folder


def test_an_xlsxwriter_workbook_that_cannot_be_created_names_the_target(tmp_path: Path) -> None:
    from toolkit.core.model import Organisation, Registry
    from toolkit.outputs.registry_file import write_registry

    folder = _deep_folder(tmp_path, "dm.xlsx")
    target = folder / "dm.xlsx"
    with pytest.raises(OutputError) as caught:
        write_registry(Registry([Organisation("CB07", "Chi bộ 7", None, None)]), target)
    message = str(caught.value)
    assert message.startswith(f"Không ghi được tệp “{target}”: tên tệp hoặc đường dẫn quá dài.")
    assert TEMP_PREFIX not in message and "FileCreateError" not in message
    assert list(folder.iterdir()) == []


def test_a_name_as_long_as_the_system_takes_is_written(tmp_path: Path) -> None:
    """Its temporary name, with the hidden prefix, would be too long: it is shortened."""
    from toolkit.core.model import Organisation, Registry
    from toolkit.outputs.registry_file import write_registry

    target = tmp_path / f"{'x' * (255 - len('.xlsx'))}.xlsx"
    write_registry(Registry([Organisation("CB07", "Chi bộ 7", None, None)]), target)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_build_workbook_that_cannot_be_written_says_so_in_vietnamese(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from toolkit.cli import main

    folder = _deep_folder(tmp_path, "th.xlsm")
    target = folder / "th.xlsm"
    result = CliRunner().invoke(main, ["build-workbook", "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert f"Lỗi: Không ghi được tệp “{target}”: tên tệp hoặc đường dẫn quá dài." in result.output
    assert "Lỗi không mong đợi" not in result.output and TEMP_PREFIX not in result.output
    assert list(folder.iterdir()) == []
