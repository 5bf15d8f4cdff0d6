"""A command runs with the cyclic collector paused (`toolkit.__main__.run`, a button's press):
the loops that make one workbook a file free the last file's reference cycles as they go
(`toolkit.io.runtime.collect_paused`): `upgrade` of 576 files peaked at 844 MB, now 276 MB; the
templates of a big registry and the demo's files held every workbook likewise (review400)."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from helpers_validate import write_old
from openpyxl import Workbook

from toolkit.io.runtime import collect_paused
from toolkit.outputs.template import write_prefilled_templates
from toolkit.outputs.upgrade import upgrade_files
from toolkit.sample.ward import build_sample_ward, write_sample_ward


def _workbooks() -> int:
    return sum(isinstance(o, Workbook) for o in gc.get_objects())


@contextmanager
def _paused_as_a_command() -> Iterator[Callable[[], int]]:
    """Collection paused as the command line pauses it; yields how many workbooks were made
    and are still held since the start (none of them is reachable after the call)."""
    gc.collect()
    before = _workbooks()
    gc.disable()
    try:
        yield lambda: _workbooks() - before
    finally:
        gc.enable()


def test_upgrading_a_folder_with_collection_paused_keeps_no_file_s_workbooks(tmp_path: Path) -> None:
    (tmp_path / "nop").mkdir()
    paths = [write_old(tmp_path / "nop", f"CB0{n}_chi_bo_{n}.xlsx") for n in range(1, 6)]
    with _paused_as_a_command() as held:
        run = upgrade_files(paths, tmp_path / "nang_cap")
        assert len(run.upgraded) == 5
        assert held() <= 1  # the last file's, freed by the next file or the next collection


def test_the_templates_of_a_registry_with_collection_paused_keep_no_workbook(tmp_path: Path) -> None:
    registry = build_sample_ward().registry
    registry = dataclasses.replace(registry, organisations=registry.organisations[:5])
    with _paused_as_a_command() as held:
        assert len(write_prefilled_templates(registry, tmp_path / "mau")) == 5
        assert held() <= 1


def test_the_sample_ward_written_with_collection_paused_keeps_no_file_s_workbook(tmp_path: Path) -> None:
    with _paused_as_a_command() as held:
        files = write_sample_ward(tmp_path / "phuong_mau")
        assert len(files.submissions) == 72
        assert held() <= 1


def test_collect_paused_leaves_a_running_collector_alone() -> None:
    assert gc.isenabled()
    counts = gc.get_count()
    collect_paused()
    assert gc.isenabled() and gc.get_count()[1:] == counts[1:]  # no collection of its own


def test_the_demo_with_collection_paused_keeps_no_file_s_workbook(tmp_path: Path) -> None:
    """Its ward, then the same ward a year earlier (`nam_truoc`), then both consolidated."""
    from toolkit.sample.ward import run_demo

    with _paused_as_a_command() as held:
        files = run_demo(tmp_path / "phuong_mau")
        assert files.last_year is not None and len(files.last_year.submissions) == 72
        assert held() <= 1
