"""A link among the submissions that points back at itself (`ln -s loop.xlsx loop.xlsx`): on
Python 3.11 `Path.resolve` raises `RuntimeError` for it, which ended `consolidate` and `upgrade`
in "Lỗi không mong đợi" with no output (hunt122 F5). The link is one unreadable file, said in
plain Vietnamese, and costs no other file its place."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from helpers_ward import Ward, cli, consolidate, pristine, ward

from toolkit.io.files import resolved
from toolkit.outputs.sheets.issues import link_target

__all__ = ["pristine", "ward"]  # fixtures

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need a privilege on Windows")

LOOP_SAID = "đường dẫn tắt (liên kết) trỏ vòng vào chính nó"


def _loop(folder: Path) -> Path:
    link = folder / "loop.xlsx"
    os.symlink(link, link)
    return link


def test_resolved_falls_back_to_the_absolute_path_for_a_loop(tmp_path: Path) -> None:
    link = _loop(tmp_path)
    with pytest.raises(RuntimeError):  # what the helper is for (Python 3.11)
        link.resolve()
    assert resolved(link) == Path(os.path.abspath(link))
    assert link_target(link, tmp_path / "out" / "tong_hop.xlsx") == os.path.join("..", "loop.xlsx")


def test_consolidate_reports_the_loop_and_writes_the_others(ward: Ward, tmp_path: Path) -> None:
    _loop(ward.nop)
    out = tmp_path / "out"
    out.mkdir()
    done = consolidate(ward, out, "--no-history")
    assert "Lỗi không mong đợi" not in done.output, done.output
    assert done.exit_code != 2, done.output
    assert (out / "tong_hop.xlsx").is_file() and (out / "tong_hop.json").is_file()
    assert "loop.xlsx" in done.output
    text = (out / "tong_hop.json").read_text(encoding="utf-8")
    assert LOOP_SAID in text and "ELOOP" not in text
    for code in ward.files:
        assert code in text


def test_upgrade_reports_the_loop_and_goes_on(ward: Ward, tmp_path: Path) -> None:
    _loop(ward.nop)
    done = cli("upgrade", ward.nop, "--out", tmp_path / "up")
    assert "Lỗi không mong đợi" not in done.output, done.output
    assert done.exit_code != 2, done.output
    assert f"Không nâng cấp được loop.xlsx: Không mở được tệp ({LOOP_SAID}" in done.output
    for path in ward.files.values():
        assert path.name in done.output


def test_validate_says_the_loop_in_vietnamese(ward: Ward) -> None:
    _loop(ward.nop)
    done = cli("validate", ward.nop, "--registry", ward.registry)
    assert LOOP_SAID in done.output and "ELOOP" not in done.output, done.output
