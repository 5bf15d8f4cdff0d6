"""A history of consolidations is never lost to an output written over it (hunt122 F1).

`--history lich_su.xlsx` (or `.json`) made the SQLite history under that name without a word,
and a later `consolidate -o lich_su.xlsx`, `--json lich_su.json`, `history export --json`,
`rollup`, `validate --json` or `lists -o` replaced it, exit 0, every stored consolidation lost:
the outputs looked only at the suffix. Now a new history is made only as `.sqlite`, an existing
one is still opened whatever its name (its ward is not locked out of it), and no output replaces
an existing SQLite file, whatever its name. Every history here is a real one, written by a real
consolidation of generated submissions, then named as an earlier version let it be named."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core import layout
from toolkit.history.store import HistoryStore
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
CUTOFF = ["--cutoff", "31/03/2026"]
A_HISTORY = "là tệp lịch sử tổng hợp (SQLite) đang có: ghi đè sẽ làm mất mọi lần tổng hợp đã lưu"
ONLY_SQLITE = "tệp lịch sử mới chỉ được tạo với đuôi .sqlite"


def _run(*args: object) -> Result:
    done = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in done.output
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    return done


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Submissions, and a real history (one consolidation) with that run's JSON summary."""
    root = tmp_path_factory.mktemp("history_replaced")
    nop = root / "nop"
    nop.mkdir()
    for org in sample_orgs(122, [5, 6], PERIOD):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    history, summary = root / "h.sqlite", root / "tong_hop.json"
    made = _run(
        "consolidate", nop, *CUTOFF, "-o", root / "tong_hop.xlsx", "--json", summary, "--history", history
    )
    assert made.exit_code == 0, made.output
    assert len(HistoryStore(history).records()) == 1
    return {"nop": nop, "history": history, "summary": summary}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _history_as(ward: dict[str, Path], target: Path) -> Path:
    """The ward's history under the name `target` (as `--history <target>` made it before)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ward["history"], target)
    return target


# Each command that writes an output, with the output named over the history (`{t}`).
COMMANDS = {
    "consolidate -o": (["consolidate", "{nop}", *CUTOFF, "--no-history", "-o", "{t}"], "lich_su.xlsx"),
    "consolidate --json": (
        ["consolidate", "{nop}", *CUTOFF, "--no-history", "-o", "{dir}/kq.xlsx", "--json", "{t}"],
        "lich_su.json",
    ),
    "history export --json": (
        ["history", "export", "1", "--json", "{t}", "--history", "{history}"],
        "lich_su.json",
    ),
    "rollup -o": (["rollup", "{summary}", "-o", "{t}"], "lich_su.xlsx"),
    "rollup --json": (["rollup", "{summary}", "-o", "{dir}/len.xlsx", "--json", "{t}"], "lich_su.json"),
    "validate --json": (["validate", "{nop}", *CUTOFF, "--json", "{t}"], "lich_su.json"),
    "lists -o": (["lists", "{nop}", *CUTOFF, "-o", "{t}"], "lich_su.xlsx"),
    "report -o": (["report", "{summary}", "-o", "{t}"], "lich_su"),
    "build-workbook -o": (["build-workbook", "-o", "{t}", "--overwrite"], "lich_su.xlsm"),
    "template --overwrite": (["template", "--out", "{dir}", "--overwrite"], layout.TEMPLATE_FILENAME),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_output_replaces_a_history_whatever_its_name(
    ward: dict[str, Path], tmp_path: Path, command: str
) -> None:
    """Refused, exit 2, naming the file and saying it is a history; the history keeps its run
    and opens as before. (`report` refused it already, hunt113 D1: now in the same words.)"""
    args, name = COMMANDS[command]
    out = tmp_path / "ra"
    target = _history_as(ward, out / name)
    before = _digest(target)
    values = {
        "nop": ward["nop"],
        "summary": ward["summary"],
        "history": ward["history"],
        "dir": out,
        "t": target,
    }
    done = _run(*(a.format(**values) for a in args))
    assert done.exit_code == 2, done.output
    assert done.output.startswith("Lỗi: ") and f"\u201c{target}\u201d {A_HISTORY}" in done.output, done.output
    assert _digest(target) == before
    assert [r.run_id for r in HistoryStore(target).records()] == [
        r.run_id for r in HistoryStore(ward["history"]).records()
    ]
    assert sorted(p.name for p in out.iterdir()) == [name]  # nothing else written either


def test_the_hunts_sequence_loses_nothing(ward: dict[str, Path], tmp_path: Path) -> None:
    """The repro of hunt122 F1: `--history lich_su.xlsx` then `-o lich_su.xlsx`. The history is
    refused under that name, so nothing is made there to lose; one made so by an earlier version
    is refused as a target, and is still the history the ward's runs read and add to."""
    out = tmp_path / "X"
    out.mkdir()
    for name in ("lich_su.xlsx", "lich_su.json", "lich_su", "lich_su.sqlite3"):
        made = _run("consolidate", ward["nop"], *CUTOFF, "-o", out / "kq.xlsx", "--history", out / name)
        assert made.exit_code == 2, made.output
        assert ONLY_SQLITE in made.output and f"\u201c{out / 'lich_su.sqlite'}\u201d" in made.output, (
            made.output
        )
        assert sorted(out.iterdir()) == []  # refused before anything is written
    old = _history_as(ward, out / "lich_su.xlsx")
    again = _run("consolidate", ward["nop"], *CUTOFF, "-o", out / "kq.xlsx", "--history", old)
    assert again.exit_code == 0, again.output
    assert len(HistoryStore(old).records()) == 2  # opened whatever its name, and added to
    kept = _digest(old)
    over = _run("consolidate", ward["nop"], *CUTOFF, "-o", old, "--no-history")
    assert over.exit_code == 2 and A_HISTORY in over.output, over.output
    assert _digest(old) == kept and len(HistoryStore(old).records()) == 2


def test_history_import_makes_a_new_history_only_as_sqlite(ward: dict[str, Path], tmp_path: Path) -> None:
    """`history import` creates the history it is given when there is none: only as `.sqlite`
    (any case); an existing history of another name is still imported into."""
    for name in ("nam_truoc.json", "nam_truoc.xlsx", "nam_truoc"):
        refused = _run("history", "import", ward["summary"], "--history", tmp_path / name)
        assert refused.exit_code == 2, refused.output
        assert (
            ONLY_SQLITE in refused.output and f"\u201c{tmp_path / 'nam_truoc.sqlite'}\u201d" in refused.output
        )
        assert sorted(tmp_path.iterdir()) == []
    made = _run("history", "import", ward["summary"], "--history", tmp_path / "nam_truoc.SQLITE")
    assert made.exit_code == 0, made.output
    assert len(HistoryStore(tmp_path / "nam_truoc.SQLITE").records()) == 1
    old = _history_as(ward, tmp_path / "cu.json")  # holds that run already
    added = _run("history", "import", ward["summary"], "--history", old)
    assert added.exit_code == 0 and "đã có trong lịch sử" in added.output, added.output
