"""The history record is part of a run's published unit, and every command that writes a JSON
summary or a workbook (consolidate, rollup, history export) checks its paths (issue 14).

- the record carries the run id of the workbook and the JSON, and is committed only when the
  outputs are published: a run that fails to publish, or is killed inside the history's
  transaction, leaves no record (and the next run reads and records as usual);
- `--history` is checked like an output: never a submission, the registry, `-o` or `--json`;
- `rollup` and `history export` never write over the summaries they read, the history, each
  other's output, a folder or a device.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from corpus import CUTOFF, clean_content
from helpers_ward import CODES, Ward, cli, consolidate, fill_disk, organisation, pristine, tmpfs, ward
from hostile_run import finish_cli, start_cli

from toolkit.core.model import Registry
from toolkit.history.store import DEFAULT_FILENAME, HistoryStore
from toolkit.outputs.publish import run_id_of
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import submission_filename
from toolkit.sample.names import NameSource

__all__ = ["pristine", "ward"]  # fixtures

ROOT = Path(__file__).resolve().parent.parent


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _consolidated(ward: Ward, out: Path) -> Path:
    out.mkdir(exist_ok=True)
    result = consolidate(ward, out, "--history", out / DEFAULT_FILENAME)
    assert result.exit_code == 0, result.output
    return out / DEFAULT_FILENAME


def test_the_history_record_carries_the_run_id_of_the_workbook_and_the_json(
    ward: Ward, tmp_path: Path
) -> None:
    result = consolidate(ward, tmp_path)  # the history beside the output, by default
    assert result.exit_code == 0, result.output
    (record,) = HistoryStore(tmp_path / DEFAULT_FILENAME).records()
    workbook, summary = run_id_of(tmp_path / "tong_hop.xlsx"), run_id_of(tmp_path / "tong_hop.json")
    assert workbook is not None and record.run_id == workbook == summary
    # A new history file is said as created, with the record's number (hunt104 #3).
    assert f"đã tạo tệp mới và ghi vào đó lần tổng hợp số {record.id}." in " ".join(result.output.split())


@pytest.mark.parametrize("names", ["a submission", "the registry", "-o", "--json"])
def test_a_history_path_that_is_another_file_of_the_run_is_refused(
    ward: Ward, tmp_path: Path, names: str
) -> None:
    target = {
        "a submission": ward.files["K01"],
        "the registry": ward.registry,
        "-o": tmp_path / "tong_hop.xlsx",
        "--json": tmp_path / "tong_hop.json",
    }[names]
    before = ward.hashes()
    result = consolidate(ward, tmp_path, "--history", target)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Lỗi: ") and target.name in result.output
    assert "--history" in result.output
    assert ward.hashes() == before
    assert not (tmp_path / "tong_hop.xlsx").exists() and not (tmp_path / "tong_hop.json").exists()


def test_a_history_path_that_is_a_device_is_refused(ward: Ward, tmp_path: Path) -> None:
    result = consolidate(ward, tmp_path, "--history", os.devnull)
    assert result.exit_code == 2 and "không phải tệp thông thường" in result.output
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def _run(args: list[str], *, file_size_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """The command in a child process (as the `ward-stats` command), its files bounded in size."""

    def limit() -> None:
        if file_size_limit is not None:
            import resource
            import signal

            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, preexec_fn=limit,
    )  # fmt: skip


@pytest.mark.slow
def test_a_run_whose_json_cannot_be_written_publishes_nothing_and_records_nothing(
    ward: Ward, tmp_path: Path
) -> None:
    """The workbook could be written, the JSON cannot (its disk is full): neither is put in
    place, and the history holds no record of the run (it is committed with the outputs)."""
    history = _consolidated(ward, tmp_path / "kq")
    before = {p.name: digest(p) for p in (tmp_path / "kq").iterdir()}
    full = tmp_path / "day"
    with tmpfs(full, "size=256k") as mounted:
        if mounted:
            fill_disk(full)
        done = _run(
            ["consolidate", str(ward.nop), "--registry", str(ward.registry), "--cutoff", CUTOFF.isoformat(),
             "-o", str(tmp_path / "kq" / "tong_hop.xlsx"), "--json", str(full / "th.json"),
             "--history", str(history)],
            # Without a disk to fill, no file may grow beyond 20 kB: the outputs fail alike.
            file_size_limit=None if mounted else 20_000,
        )  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and done.stderr.startswith("Lỗi: ")
        assert [p.name for p in full.iterdir() if p.name != "day.bin"] == []
    assert {p.name: digest(p) for p in (tmp_path / "kq").iterdir()} == before
    assert len(HistoryStore(history).records()) == 1


KILLED_WRITER = """
import sys, time
from dataclasses import replace
from toolkit.history.store import HistoryStore
store = HistoryStore(sys.argv[1])
(record,) = store.records()
record = store.get(record.id)
big = tuple(replace(o, indicators={**o.indicators, "pad": 0}) for o in record.organisations) * 4000
pending = store.begin(replace(record, run_id="20260101T000000-deadbeef", organisations=big))
print("inside the transaction", flush=True)
time.sleep(600)
"""


@pytest.mark.slow
def test_a_run_killed_inside_the_history_transaction_leaves_no_record(ward: Ward, tmp_path: Path) -> None:
    history = _consolidated(ward, tmp_path / "kq")
    writer = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(KILLED_WRITER), str(history)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert writer.stdout is not None and writer.stdout.readline().strip() == "inside the transaction"
    writer.kill()
    writer.wait()
    journal = history.with_name(history.name + "-journal")
    assert journal.exists()  # what SQLite leaves of a writer killed inside its transaction
    result = consolidate(ward, tmp_path / "kq", "--history", history)
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "kq" / "tong_hop.json").read_text("utf-8"))
    # Its changes spilled into the file, so the journal was hot: the rollback is said (hunt228 R1),
    # and this run is recorded as usual.
    said = [i["code"] for i in doc["issues"] if i["code"].startswith("history.")]
    assert said == ["history.write_interrupted"]
    records = HistoryStore(history).records()
    assert [r.run_id for r in records][-1] == doc["run_id"] and len(records) == 2
    assert "20260101T000000-deadbeef" not in {r.run_id for r in records}
    assert not journal.exists()


# --- rollup and history export --------------------------------------------------------------------


@pytest.fixture
def summaries(ward: Ward, tmp_path: Path) -> tuple[Path, Path]:
    """Two ward summaries of the same cut-off and the history holding the first: two wards,
    not one ward twice (which `rollup` refuses), so the second has organisations of its own
    (two, under a registry of those two: the first ward's generic codes and names, other
    members; copies of the first ward's files would be its figures, one ward twice)."""
    other = replace(ward, nop=tmp_path / "nop_b", registry=tmp_path / "danh_muc_b.xlsx")
    other.nop.mkdir()
    registry = Registry([organisation(c) for c in CODES[:2]])
    for org in registry.organisations:
        clean_content(org.org_code, NameSource(seed=41), n_members=6, seed=1).write(
            other.nop / submission_filename(org)
        )
    write_registry(registry, other.registry)
    paths = []
    for name, source in (("Phường A", ward), ("Phường B", other)):
        out = tmp_path / name.split()[-1]
        out.mkdir()
        result = consolidate(source, out, "--ward-name", name, "--history", tmp_path / DEFAULT_FILENAME)
        assert result.exit_code == 0, result.output
        paths.append(out / "tong_hop.json")
    return paths[0], paths[1]


@pytest.mark.parametrize(
    "case", ["-o a summary", "--json a summary", "-o and --json one file", "--json folder"]
)
def test_rollup_never_writes_over_its_summaries_or_its_other_output(
    summaries: tuple[Path, Path], tmp_path: Path, case: str
) -> None:
    a, b = summaries
    out = tmp_path / "cap_tren.xlsx"
    args = {
        "-o a summary": ["-o", a],
        "--json a summary": ["-o", out, "--json", b],
        "-o and --json one file": ["-o", out, "--json", out],
        "--json folder": ["-o", out, "--json", tmp_path],
    }[case]
    before = {p: digest(p) for p in summaries}
    result = cli("rollup", a, b, *args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Lỗi: ")
    assert {p: digest(p) for p in summaries} == before
    assert not out.exists()


def test_rollup_publishes_its_pair_with_one_run_id(summaries: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "cap_tren"
    out.mkdir()
    result = cli("rollup", *summaries, "-o", out / "ct.xlsx", "--json", out / "ct.json")
    assert result.exit_code == 0, result.output
    assert run_id_of(out / "ct.xlsx") == run_id_of(out / "ct.json") is not None
    assert sorted(p.name for p in out.iterdir()) == ["ct.json", "ct.xlsx"]


@pytest.mark.parametrize("case", ["the history", "a folder", "a device"])
def test_history_export_never_writes_over_the_history_a_folder_or_a_device(
    summaries: tuple[Path, Path], tmp_path: Path, case: str
) -> None:
    history = tmp_path / DEFAULT_FILENAME
    before = digest(history)
    target = {"the history": history, "a folder": tmp_path, "a device": Path(os.devnull)}[case]
    result = cli("history", "export", "1", "--history", history, "--json", target)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Lỗi: ") and str(target) in result.output
    assert digest(history) == before
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_history_export_writes_the_summary_atomically(summaries: tuple[Path, Path], tmp_path: Path) -> None:
    history = tmp_path / DEFAULT_FILENAME
    target = tmp_path / "xuat.json"
    target.write_text("cũ", encoding="utf-8")
    result = cli("history", "export", "1", "--history", history, "--json", target)
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text("utf-8"))["run_id"] == run_id_of(summaries[0])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~ws-tmp-")]


@pytest.mark.slow
@pytest.mark.parametrize("command", ["report", "rollup", "history import"])
def test_a_summary_that_is_a_fifo_or_a_link_to_dev_zero_is_refused_without_hanging(
    tmp_path: Path, command: str
) -> None:
    fifo, zero = tmp_path / "tom_tat.json", tmp_path / "vo_tan.json"
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    for source in (fifo, zero):
        args = {
            "report": ["report", str(source), "-o", str(tmp_path / "bc.md")],
            "rollup": ["rollup", str(source), "-o", str(tmp_path / "ct.xlsx")],
            "history import": ["history", "import", str(source), "--history", str(tmp_path / "ls.sqlite")],
        }[command]
        run = finish_cli(start_cli(args, tmp_path), timeout=120)
        assert not run.timed_out and "MemoryError" not in run.stderr
        assert run.returncode == 2, run.stderr
        assert run.stderr.startswith("Lỗi: ") and "không phải tệp thông thường" in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tom_tat.json", "vo_tan.json"]
