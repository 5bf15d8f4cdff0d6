"""Hostile situations that need a hook inside the run (issue 7 items 1–2).

Bombs are refused before anything is inflated (measured in a child process), files vanish or
turn to garbage between discovery and reading, folders are empty, and the consolidation is
killed with SIGKILL while it writes: the target then holds the previous output or nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus import (
    CUTOFF,
    Corpus,
    NameSource,
    clean_content,
    session_corpus,
)
from ooxml_hostile import random_bytes

from toolkit.cli import main
from toolkit.core import layout
from toolkit.io.atomic import TEMP_PREFIX, sweep_stale_temps
from toolkit.io.reader import read_submission
from toolkit.outputs.publish import outputs_agree
from toolkit.pipeline import consolidate
from toolkit.validation import validate_files

pytestmark = pytest.mark.slow  # real processes, generated wards or large inputs: `-m "not slow"` skips them

BOMB_KINDS = ("zip_bomb", "zip_bomb_lying", "entity_bomb", "external_entity")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return session_corpus(tmp_path_factory)


# --- bombs are refused before they are inflated -----------------------------------------------


def test_zip_bomb_sheet_is_never_opened(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: str | zipfile.ZipInfo, *args: object, **kw: object):  # type: ignore[no-untyped-def]
        opened.append(name if isinstance(name, str) else name.filename)
        return real_open(self, name, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    sub = read_submission(corpus.path(corpus.by_kind("zip_bomb").name))
    assert [i.code for i in sub.issues] == ["file.too_large"]
    assert not any(name.startswith("xl/worksheets/") for name in opened)
    assert not sub.readable


def test_a_part_compressed_beyond_reason_is_refused_without_naming_the_part(tmp_path: Path) -> None:
    """A part inflating 1,000-fold: refused before it is opened, in words a clerk can read (the
    part's name `xl/…` means nothing to them)."""
    from helpers_validate import rewrite_zip, write

    path = write(tmp_path)
    rewrite_zip(path, lambda name, data: data, add={"xl/media/image1.bin": bytes(3 * 1024 * 1024)})
    sub = read_submission(path)
    assert [i.code for i in sub.issues] == ["file.too_large"] and not sub.readable
    message = sub.issues[0].message
    assert "(một phần bên trong tệp bị nén bất thường)" in message and "xl/" not in message


_MEASURE = """
import json, resource, sys
from pathlib import Path
from toolkit.io.reader import read_submission
from toolkit.outputs.publish import outputs_agree
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
read_submission(Path(sys.argv[1]))  # warm up imports and caches on a clean file
base = rss()
out = {}
for name in sys.argv[2:]:
    sub = read_submission(Path(name))
    codes = [i.code for i in sub.issues]
    out[Path(name).name] = {"codes": codes, "readable": sub.readable, "rss": rss() - base}
print(json.dumps(out))
"""


def test_bombs_are_refused_with_bounded_memory(corpus: Corpus) -> None:
    """Peak resident memory of a child reading every bomb stays far below what inflating
    one would take (1 GiB of sheet XML; a billion laughs)."""
    files = [str(corpus.path(corpus.by_kind(k).name)) for k in BOMB_KINDS]
    clean = str(corpus.path(corpus.by_kind("clean1").name))
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, clean, *files], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    for name, seen in found.items():
        assert not seen["readable"], name
        assert seen["codes"] and seen["codes"][0].startswith("file."), (name, seen["codes"])
        assert seen["rss"] < 64 * 1024 * 1024, (name, seen["rss"])


def test_external_entity_is_never_resolved(corpus: Corpus) -> None:
    sub = read_submission(corpus.path(corpus.by_kind("external_entity").name))
    assert sub.has_errors
    assert not any("root:" in (i.message + (i.value or "")) for i in sub.issues)


# --- a file vanishes or turns to garbage while the run is going -------------------------------


@pytest.fixture
def shifting_folder(tmp_path: Path) -> Path:
    names = NameSource(seed=77)
    for code in ("V01", "V02", "V03", "V04", "V05"):
        clean_content(code, names).write(tmp_path / f"{code}.xlsx")
    return tmp_path


def _sabotage(folder: Path) -> object:
    """A progress hook that, when the first file is reached, deletes V02, overwrites V03 with
    garbage and replaces V04 by a folder of the same name."""
    state = {"done": False}

    def hook(path: Path) -> None:
        if state["done"]:
            return
        state["done"] = True
        (folder / "V02.xlsx").unlink()
        (folder / "V03.xlsx").write_bytes(random_bytes(3, 4096))
        (folder / "V04.xlsx").unlink()
        (folder / "V04.xlsx").mkdir()

    return hook


def _check_sabotaged(issues: list, statuses: dict[str, str]) -> None:  # type: ignore[type-arg]
    by_file: dict[str, list[str]] = {}
    for issue in issues:
        by_file.setdefault(issue.file, []).append(issue.code)
    for name in ("V02.xlsx", "V03.xlsx", "V04.xlsx"):
        assert by_file.get(name) and by_file[name][0].startswith("file."), (name, by_file.get(name))
        assert statuses[name] == "errors"
    for name in ("V01.xlsx", "V05.xlsx"):
        assert statuses[name] == "ok", (name, by_file.get(name))


def test_validate_survives_files_vanishing_during_the_run(shifting_folder: Path) -> None:
    run = validate_files([shifting_folder], cutoff=CUTOFF, progress=_sabotage(shifting_folder))  # type: ignore[arg-type]
    _check_sabotaged(run.issues, {s.path.name: s.status for s in run.submissions})
    vanished = next(i for i in run.issues if i.file == "V02.xlsx")
    assert "không tìm thấy" in vanished.message


def test_consolidate_survives_files_vanishing_during_the_run(shifting_folder: Path) -> None:
    result = consolidate([shifting_folder], cutoff=CUTOFF, progress=_sabotage(shifting_folder))  # type: ignore[arg-type]
    _check_sabotaged(result.issues, {s.file: s.status for s in result.sources})
    consolidated = {o.org_code for o in result.organisations if o.status == "consolidated"}
    assert consolidated == {"V01", "V05"}
    assert result.indicators["members.total"] == 8


# --- empty folder -----------------------------------------------------------------------------


def test_validate_on_an_empty_folder_says_so_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "~$khoa.xlsx").write_bytes(b"\x0bNguyen")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    # The same sentence as consolidate's, naming the folder (d93c51b).
    assert f"Không tìm thấy tệp bảng tính (.xlsx) nào của chi bộ trong “{tmp_path}”" in result.output
    assert "Traceback" not in result.output


# --- atomic outputs under SIGKILL -------------------------------------------------------------

_CHILD = r"""
import os, pathlib, sys, time, zipfile
marker, stage, *args = sys.argv[1:]

def pause():
    pathlib.Path(marker).write_text(stage)
    time.sleep(300)

if stage == "zip":  # in the middle of the workbook's zip container
    real_write, real_writestr, count = zipfile.ZipFile.write, zipfile.ZipFile.writestr, [0]
    def step(self):
        count[0] += 1
        if count[0] == 6:
            self.fp.flush()
            pause()
    def write(self, *a, **k):
        r = real_write(self, *a, **k); step(self); return r
    def writestr(self, *a, **k):
        r = real_writestr(self, *a, **k); step(self); return r
    zipfile.ZipFile.write, zipfile.ZipFile.writestr = write, writestr
elif stage in ("rename", "json"):  # every output complete and named; about to rename one
    real_replace = os.replace
    suffix = ".xlsx" if stage == "rename" else ".json"
    def replace(src, dst, *a, **k):
        if str(dst).endswith(suffix) and ".~ws-tmp-" not in str(dst):
            pause()
        return real_replace(src, dst, *a, **k)
    os.replace = replace

from toolkit.cli import main

main(args)
"""


@pytest.fixture(scope="module")
def small_ward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("atomic") / "nop"
    folder.mkdir()
    names = NameSource(seed=5)
    for code in ("A01", "A02", "A03"):
        clean_content(code, names, n_members=5).write(folder / f"{code}.xlsx")
    return folder


def _kill_at(stage: str, folder: Path, out: Path) -> list[Path]:
    """Run consolidate in a child that pauses at `stage`, SIGKILL it there; returns the
    temporary files it left behind."""
    marker = out / f"marker-{stage}"
    args = ["consolidate", str(folder), "--cutoff", CUTOFF.isoformat(), "-o", str(out / "tong_hop.xlsx"),
            "--json", str(out / "tong_hop.json")]  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(marker), stage, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(1200):  # wait (up to a few minutes) for the child to reach the stage
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists(), proc.stderr.read().decode() if proc.poll() is not None else "no marker"
        temps = [p for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return temps


def _previous_outputs(folder: Path, out: Path) -> dict[str, bytes]:
    result = CliRunner().invoke(
        main,
        [
            "consolidate",
            str(folder),
            "--cutoff",
            CUTOFF.isoformat(),
            "-o",
            str(out / "tong_hop.xlsx"),
            "--json",
            str(out / "tong_hop.json"),
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    return {name: (out / name).read_bytes() for name in ("tong_hop.xlsx", "tong_hop.json")}


def test_killed_while_making_the_outputs_leaves_the_previous_ones_and_nothing_else(
    small_ward: Path, tmp_path: Path
) -> None:
    """The workbook is made in memory: a run killed half way through its zip container has
    written nothing at all."""
    previous = _previous_outputs(small_ward, tmp_path)
    temps = _kill_at("zip", small_ward, tmp_path)
    assert temps == []
    for name, data in previous.items():
        assert (tmp_path / name).read_bytes() == data


def test_killed_before_the_first_rename_leaves_the_previous_pair_and_the_next_run_cleans_up(
    small_ward: Path, tmp_path: Path
) -> None:
    previous = _previous_outputs(small_ward, tmp_path)
    temps = _kill_at("rename", small_ward, tmp_path)
    for name, data in previous.items():
        assert (tmp_path / name).read_bytes() == data
    # Both outputs were complete and named, waiting for their renames.
    assert sorted(p.name.rsplit("-", 1)[-1] for p in temps) == ["tong_hop.json", "tong_hop.xlsx"]
    with zipfile.ZipFile(next(p for p in temps if p.name.endswith(".xlsx"))) as zf:
        assert zf.testzip() is None
    sweep_stale_temps(tmp_path)  # what the next publication in this folder does first
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]
    for name, data in previous.items():
        assert (tmp_path / name).read_bytes() == data  # none was renamed: the old pair stays


def test_killed_between_the_two_renames_is_completed_by_the_next_run(
    small_ward: Path, tmp_path: Path
) -> None:
    """The one moment a kill can split the pair (the workbook renamed, the JSON not yet): the
    run ids tell a reader, and the next publication in the folder finishes the renames."""
    previous = _previous_outputs(small_ward, tmp_path)
    temps = _kill_at("json", small_ward, tmp_path)
    workbook, summary = tmp_path / "tong_hop.xlsx", tmp_path / "tong_hop.json"
    assert summary.read_bytes() == previous["tong_hop.json"]
    assert workbook.read_bytes() != previous["tong_hop.xlsx"]
    assert not outputs_agree(workbook, summary)
    assert [p.name.endswith("tong_hop.json") for p in temps] == [True]
    sweep_stale_temps(tmp_path)
    assert outputs_agree(workbook, summary)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_killed_while_writing_a_first_output_leaves_nothing(small_ward: Path, tmp_path: Path) -> None:
    temps = _kill_at("zip", small_ward, tmp_path)
    assert temps == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["marker-zip"]


def test_leftover_temporary_files_are_not_taken_for_submissions(small_ward: Path, tmp_path: Path) -> None:
    """A killed run may leave `.~ws-tmp-…` files; a later run in that folder ignores them."""
    folder = tmp_path / "nop"
    shutil.copytree(small_ward, folder)
    temps = _kill_at("rename", folder, folder)
    assert temps
    run = validate_files([folder], cutoff=CUTOFF)
    assert sorted(s.path.name for s in run.submissions) == ["A01.xlsx", "A02.xlsx", "A03.xlsx"]
    assert os.path.exists(temps[0])


def test_every_template_sheet_is_read_even_when_hidden(corpus: Corpus) -> None:
    """Hidden rows are members on the roll (read, with a warning); a hidden template sheet
    is read too."""
    sub = read_submission(corpus.path(corpus.by_kind("hidden").name))
    assert len(sub.members) == corpus.members_by_org["T10"]  # type: ignore[arg-type]
    # The hidden `Biến động` sheet is read: its changes (at least the death every clean
    # submission of the corpus has) are there.
    assert len(sub.events) >= 1  # type: ignore[arg-type]
    assert "died" in set(sub.events["event_type"])  # type: ignore[index]
    # One warning for the sheet's hidden rows, at the first, naming them all.
    hidden_rows = [(i.cell, i.message) for i in sub.issues if i.code == "cell.hidden_row"]
    assert [cell for cell, _ in hidden_rows] == ["A3"]
    assert "2 dòng (dòng 3, 5)" in hidden_rows[0][1]
    assert any(i.code == "file.hidden_sheet" and i.sheet == layout.SHEET_EVENTS for i in sub.issues)
