"""A history file of 0 bytes (hunt104 #4): a failed copy is a damaged history, not a new one;
the empty file a writer killed inside its first transaction leaves (with its `-journal`) is no
history yet. Real files: a generated organisation's submission consolidated through the CLI, a
real SQLite writer killed in a subprocess.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers_history import consolidated_into, record, run_cli
from tests.helpers_sample import sample_orgs
from toolkit.core.errors import HistoryCorrupt
from toolkit.history.records import summary_from_record
from toolkit.history.store import HistoryStore
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    found = tmp_path_factory.mktemp("empty_history") / "nop"
    found.mkdir()
    for org in sample_orgs(31, [12], PERIOD):
        org.write(found / f"{org.organisation.org_code}.xlsx")
    return found


def test_a_zero_byte_history_is_damaged_left_as_it_is_and_the_outputs_written(
    folder: Path, tmp_path: Path
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    history.write_bytes(b"")  # a copy that failed
    out = tmp_path / "tong_hop.xlsx"
    summary = consolidated_into(folder, PERIOD.cutoff, history, out)
    corrupt = [i["message"] for i in summary["issues"] if i["code"] == "history.corrupt"]
    assert len(corrupt) == 1, [i["code"] for i in summary["issues"]]
    assert "bị hỏng (tệp rỗng, 0 byte" in corrupt[0]
    assert "chép bản sao lưu" in corrupt[0]
    assert history.read_bytes() == b""  # not recorded, left unchanged
    assert out.exists()
    assert summary["previous"] is None


def test_history_commands_on_a_zero_byte_history_say_it_is_damaged(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    history.write_bytes(b"")
    summary = tmp_path / "s.json"
    summary.write_text(json.dumps(summary_from_record(record())), encoding="utf-8")
    done = run_cli("history", "import", summary, "--history", history)
    assert done.exit_code != 0, done.output
    assert "tệp rỗng, 0 byte" in done.output
    listed = run_cli("history", "list", "--history", history)
    assert "tệp rỗng, 0 byte" in listed.output
    assert history.read_bytes() == b""
    with pytest.raises(HistoryCorrupt):
        HistoryStore(history).remove(1)


_KILLED_FIRST_WRITE = """
import os, sys
from toolkit.history.store import HistoryStore
from tests.helpers_history import record
HistoryStore(sys.argv[1]).begin(record())
os._exit(0)  # killed inside the first transaction: an empty file and its journal stay
"""


def test_a_writer_killed_in_its_first_transaction_leaves_no_history_yet(folder: Path, tmp_path: Path) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", _KILLED_FIRST_WRITE, str(history)], cwd=root, check=True)
    assert history.read_bytes() == b""
    assert history.with_name(history.name + "-journal").exists()
    summary = consolidated_into(folder, PERIOD.cutoff, history, tmp_path / "tong_hop.xlsx")
    assert not [i for i in summary["issues"] if i["code"].startswith("history.")]
    assert [r.id for r in HistoryStore(history).records()] == [1]
