"""What a consolidation says when something fails once its outputs are renamed into place
(docs/publishing.md, "How a run is published", steps 4 and 5).

A full disk under the outputs and the history: the new workbook and JSON fit, then the history
record cannot be committed, and the JSON cannot be written once more to carry that warning.
The new outputs are published — the run ends as a run whose record could not be written, with
its status lines and exit code, and the warning says that the JSON in place lacks it — and
nothing says the old outputs were kept. (Once said: "Tệp cũ (nếu có) vẫn giữ nguyên", exit
code 2, while the new files were on disk.) The disk fills at the commit of the record: SQLite's
full-disk error there, and ENOSPC for every byte written after it.

A rename that fails after an earlier one (the JSON's, after the workbook's) names the files
that are new and the ones that are not, instead of saying that the old ones were kept.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import toolkit.io.atomic as atomic
import toolkit.outputs.publish as publish
from tests.helpers_history import digest, filled_history, record
from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.history.store import HistoryStore, PendingRecord, translate
from toolkit.outputs.publish import outputs_agree, run_id_of
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nop = tmp_path_factory.mktemp("after_renames") / "nop"
    nop.mkdir()
    for org in sample_orgs(23, [7, 9], PERIOD):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    return nop


def _consolidate(folder: Path, out: Path, history: Path) -> object:
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--since", "01/01/2025", "-o", str(out)]
    args += ["--json", str(out.with_suffix(".json")), "--history", str(history)]
    return CliRunner().invoke(main, args)


def _old_outputs(folder: Path, out: Path) -> str:
    """Outputs of an earlier run in place (without a history); returns their run id."""
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--since", "01/01/2025", "-o", str(out)]
    done = CliRunner().invoke(main, [*args, "--json", str(out.with_suffix(".json")), "--no-history"])
    assert done.exit_code == 0, done.output
    old = run_id_of(out)
    assert old is not None
    return old


def test_a_disk_that_fills_at_the_record_publishes_the_run_and_says_what_is_missing(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "ket_qua" / "tong_hop.xlsx"
    out.parent.mkdir()
    old = _old_outputs(folder, out)
    history = filled_history(tmp_path / "ket_qua" / "h.sqlite", record(dt.date(2025, 3, 31)))
    before = digest(history)
    full: list[bool] = []

    def commit_on_a_full_disk(self: PendingRecord) -> int:
        full.append(True)  # from here on, nothing more fits on the disk
        self.rollback()
        raise translate(sqlite3.OperationalError("database or disk is full"), self.store.path, writing=True)

    real_write = atomic._write_all

    def write_all(fd: int, data: bytes) -> None:
        if full:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(fd, data)

    monkeypatch.setattr(PendingRecord, "commit", commit_on_a_full_disk)
    monkeypatch.setattr(atomic, "_write_all", write_all)
    done = _consolidate(folder, out, history)
    json_path = out.with_suffix(".json")
    assert full, "the record was never committed"
    assert done.exit_code == 0, done.output
    output = done.output
    assert "vẫn giữ nguyên" not in output and "Lỗi:" not in output, output
    # The run's status lines, as for any run whose record could not be written …
    assert f"Tệp kết quả: {out}" in output and f"Tóm tắt JSON: {json_path}" in output
    warning = next(line for line in output.splitlines() if line.startswith("Lịch sử tổng hợp:"))
    assert f"Không ghi được tệp lịch sử “{history}” (ổ đĩa đã đầy" in warning
    assert "Lần tổng hợp này chưa được ghi vào lịch sử; các tệp kết quả vẫn được ghi đủ." in warning
    # … and which output does not carry the warning, and why.
    assert f"Tóm tắt JSON --json “{json_path}” đã được ghi (bản của lần tổng hợp này)" in warning
    assert "không ghi lại được tệp đó để thêm cảnh báo (ổ đĩa đã đầy)." in warning
    # On disk: the new run's outputs, one run id, no temporary file; no record, history unchanged.
    assert outputs_agree(out, json_path) and run_id_of(out) != old
    issues = json.loads(json_path.read_text(encoding="utf-8"))["issues"]
    assert not [i for i in issues if i["code"].startswith("history.")]
    assert sorted(p.name for p in out.parent.iterdir()) == ["h.sqlite", "tong_hop.json", "tong_hop.xlsx"]
    assert digest(history) == before and len(HistoryStore(history).records()) == 1


def test_a_record_that_fails_after_the_renames_is_carried_by_the_json(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same failure of the record with room on the disk: the JSON is written once more and
    carries the warning, which then says nothing about a JSON without it."""

    def commit_fails(self: PendingRecord) -> int:
        self.rollback()
        raise translate(sqlite3.OperationalError("disk I/O error"), self.store.path, writing=True)

    monkeypatch.setattr(PendingRecord, "commit", commit_fails)
    out = tmp_path / "tong_hop.xlsx"
    history = tmp_path / "h.sqlite"
    done = _consolidate(folder, out, history)
    assert done.exit_code == 0, done.output
    assert "(lỗi đọc/ghi của thiết bị lưu trữ)" in done.output and "không có cảnh báo này" not in done.output
    issues = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["issues"]
    (found,) = [i for i in issues if i["code"].startswith("history.")]
    assert "lỗi đọc/ghi của thiết bị lưu trữ" in found["message"]
    assert outputs_agree(out, out.with_suffix(".json"))


def _json_rename_fails(monkeypatch: pytest.MonkeyPatch, json_path: Path) -> None:
    real_replace = publish.os.replace

    def replace(src: object, dst: object) -> None:
        if Path(str(dst)) == json_path:
            raise OSError(errno.EBUSY, "Device or resource busy", str(dst))
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(publish.os, "replace", replace)


def test_a_rename_that_fails_after_another_gives_the_renamed_file_back(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outputs of a run stand or fall together (hunt112a D2): the workbook already renamed
    over the old one is given back its old bytes when the JSON's rename fails (a file Excel has
    open, on Windows), so the folder keeps the previous run's workbook and JSON, which agree."""
    out = tmp_path / "tong_hop.xlsx"
    json_path = out.with_suffix(".json")
    old = _old_outputs(folder, out)
    old_book, old_json = out.read_bytes(), json_path.read_bytes()
    history = filled_history(tmp_path / "h.sqlite", record(dt.date(2025, 3, 31)))
    before = digest(history)
    _json_rename_fails(monkeypatch, json_path)
    done = _consolidate(folder, out, history)
    monkeypatch.undo()
    assert done.exit_code == 2, done.output
    assert f"Không ghi được tệp “{json_path}”: tệp hoặc thiết bị đang bận." in done.output
    assert "đã là bản mới" not in done.output and "Traceback" not in done.output
    # The workbook given back and the record not written are said too, not the JSON alone
    # (hunt313 F3).
    said = " ".join(done.output.split())
    assert (
        f"Các tệp kết quả khác của lần chạy này cũng chưa được ghi (“{out}”; tệp cũ, nếu có, vẫn giữ "
        "nguyên); lần tổng hợp này không được ghi vào lịch sử." in said
    ), said
    assert run_id_of(out) == old and out.read_bytes() == old_book and json_path.read_bytes() == old_json
    assert outputs_agree(out, json_path)
    assert digest(history) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite", "tong_hop.json", "tong_hop.xlsx"]


def test_a_renamed_file_that_cannot_be_given_back_is_named_new_beside_the_old_ones(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "tong_hop.xlsx"
    json_path = out.with_suffix(".json")
    old = _old_outputs(folder, out)
    old_json = json_path.read_bytes()
    history = filled_history(tmp_path / "h.sqlite", record(dt.date(2025, 3, 31)))
    before = digest(history)
    _json_rename_fails(monkeypatch, json_path)

    def cannot_write(target: Path, data: bytes) -> None:
        raise OSError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(atomic, "atomic_write_bytes", cannot_write)
    done = _consolidate(folder, out, history)
    monkeypatch.undo()
    assert done.exit_code == 2, done.output
    assert f"Không ghi được tệp “{json_path}”: tệp hoặc thiết bị đang bận." in done.output
    assert f"1 tệp ghi ngay trước đó đã là bản mới: “{out}”" in done.output
    assert "tệp “tong_hop.json” và các tệp ghi sau nó (nếu có) vẫn là bản cũ" in done.output
    assert "lần tổng hợp này không được ghi vào lịch sử" in done.output
    assert run_id_of(out) != old and json_path.read_bytes() == old_json
    assert digest(history) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite", "tong_hop.json", "tong_hop.xlsx"]
