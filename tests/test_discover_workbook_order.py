"""`discover.holds_consolidation_workbook` opens at most `MAX_OWN_CHECKS` of a folder's `.xlsm`
files: which ones were those the file system listed first, so whether the folder "held the
consolidation workbook" (and so whether its `bieu_mau`/`nang_cap` were called folders left
unread) could change with the order of the listing. They are taken by name, as the rest of
discover takes files: the same folder gives the same answer however it is listed."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from toolkit.io import discover


def _ward_folder(tmp_path: Path) -> Path:
    """A submissions folder holding the consolidation workbook beside other `.xlsm` files (not
    ward-stats' own), and the workbook's `bieu_mau` with a template in it."""
    from toolkit.excel.build import DEFAULT_TARGET

    folder = tmp_path / "nop"
    folder.mkdir()
    (folder / "CB01_chi_bo_1.xlsm").write_bytes(b"not a workbook")
    shutil.copy(DEFAULT_TARGET, folder / "CB02 tong hop phuong.xlsm")
    (folder / "CB03_chi_bo_3.xlsm").write_bytes(b"not a workbook")
    (folder / "CB04_chi_bo_4.xlsm").write_bytes(b"not a workbook")
    (folder / "bieu_mau").mkdir()
    (folder / "bieu_mau" / "CB01_chi_bo_1.xlsx").write_bytes(b"a template")
    return folder


def _listed(order: Callable[[list[Path]], list[Path]]) -> Callable[[Path], Iterator[Path]]:
    real = Path.iterdir

    def iterdir(self: Path) -> Iterator[Path]:
        return iter(order(list(real(self))))

    return iterdir


ORDERS: dict[str, Callable[[list[Path]], list[Path]]] = {
    "by name": lambda paths: sorted(paths, key=lambda p: p.name),
    "reversed": lambda paths: sorted(paths, key=lambda p: p.name, reverse=True),
}


@pytest.mark.parametrize("order", list(ORDERS))
def test_the_listing_order_does_not_change_the_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: str
) -> None:
    folder = _ward_folder(tmp_path)
    monkeypatch.setattr(discover, "MAX_OWN_CHECKS", 2)  # as a folder of more than 1.000 .xlsm files
    monkeypatch.setattr(Path, "iterdir", _listed(ORDERS[order]))
    # by name, the first two .xlsm files are CB01 (none) and CB02 (the workbook)
    assert discover.holds_consolidation_workbook(folder) is True
    assert [i.code for i in discover.unread_subfolders([folder])] == []


def _walked_reversed(
    real: Callable[..., Iterator[tuple[str, list[str], list[str]]]],
) -> Callable[..., Iterator]:
    """`os.walk` listing each folder's sub-folders and files in reverse name order."""

    def walk(top: object, *args: object, **kw: object) -> Iterator[tuple[str, list[str], list[str]]]:
        for root, dirs, names in real(top, *args, **kw):
            dirs.sort(reverse=True)
            names.sort(reverse=True)
            yield root, dirs, names

    return walk


@pytest.mark.parametrize("reverse", [False, True])
def test_the_count_of_a_subfolder_left_unread_does_not_change_with_the_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reverse: bool
) -> None:
    """`_spreadsheets_below` opens at most `MAX_OWN_CHECKS` files to leave ward-stats' own
    workbooks out of a sub-folder's count: taken in `os.walk`'s order, the count said in
    `folder.subfolder_not_read` was 1 or 2 for one folder. By name, as discover takes files."""
    from toolkit.excel.build import DEFAULT_TARGET

    folder = tmp_path / "nop"
    (folder / "cu").mkdir(parents=True)
    shutil.copy(DEFAULT_TARGET, folder / "cu" / "A tong hop phuong.xlsm")  # ward-stats' own
    (folder / "cu" / "CB01_chi_bo_1.xlsx").write_bytes(b"not a workbook")
    monkeypatch.setattr(discover, "MAX_OWN_CHECKS", 1)  # as a sub-folder of more than 1.000 files
    if reverse:
        monkeypatch.setattr(os, "walk", _walked_reversed(os.walk))
    (issue,) = discover.unread_subfolders([folder])
    assert (issue.code, issue.value) == ("folder.subfolder_not_read", "cu")
    assert "\u201ccu\u201d có 1 tệp bảng tính" in issue.message, issue.message
