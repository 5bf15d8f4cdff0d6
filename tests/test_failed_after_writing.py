"""A command that fails says what it had written by then, and an output that could not be made
says which, and that the old outputs are kept.

hunt173 C: an unexpected error after a consolidation's outputs were renamed into place and its
record committed (while its status was printed) said only "Lỗi không mong đợi … Các tệp đầu vào
không bị thay đổi …", exit 2: nothing of the two files written nor of the record, which a Ctrl+C
at the same moment does say. It now says them as the Ctrl+C does (`errors.failure_lines`).

hunt173 F4: an unexpected error while an output was made (a writer's bug) named no file and did
not say the old outputs were kept, which they are: every output is made in memory before the
first is put in place. It now names the output and says so.

Real submissions, real consolidations, a real SQLite history; the failure is injected (no
writer fails on demand)."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_excel import write_ward
from tests.helpers_history import digest
from tests.helpers_unexpected import fails
from toolkit.cli import main
from toolkit.history.store import HistoryStore
from toolkit.outputs.publish import run_id_of


def _consolidate(tmp_path: Path) -> tuple[int, str]:
    args = ["consolidate", str(tmp_path / "bai_nop"), "--cutoff", "31/03/2026", "--ward-name", "Phường Thử"]
    args += ["-o", str(tmp_path / "kq" / "kq.xlsx"), "--json", str(tmp_path / "kq" / "kq.json")]
    args += ["--history", str(tmp_path / "lich_su.sqlite")]
    done = CliRunner().invoke(main, args)
    assert "Traceback" not in done.output
    return done.exit_code, done.output


def test_an_error_after_the_outputs_and_the_record_says_they_were_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ward(tmp_path / "bai_nop", with_error=False)
    (tmp_path / "kq").mkdir()
    bug = fails()
    monkeypatch.setattr("toolkit.history.session.created_note", bug)  # printing the status
    code, output = _consolidate(tmp_path)
    assert code == 2, output
    lines = output.splitlines()
    start = lines.index(
        f"Lỗi: Lỗi không mong đợi trong chương trình ({bug.cause('RuntimeError')}). Các tệp đầu vào "
        "không bị thay đổi. Hãy gửi thông báo này cho người hỗ trợ kỹ thuật."
    )
    history = tmp_path / "lich_su.sqlite"
    assert lines[start + 1 :] == [
        f"Lệnh đã dừng vì lỗi này sau khi đã ghi xong 2 tệp dưới đây vào thư mục “{tmp_path / 'kq'}”; "
        "ngoài các tệp này và thay đổi nói ở dòng cuối, không tệp nào khác bị thay đổi:",
        "  kq.xlsx",
        "  kq.json",
        f"Lần tổng hợp này đã được ghi vào lịch sử tổng hợp “{history}” (lần số 1).",
    ], output
    # What it says is so: both outputs are this run's, and so is the record.
    run_id = json.loads((tmp_path / "kq" / "kq.json").read_text(encoding="utf-8"))["run_id"]
    assert run_id_of(tmp_path / "kq" / "kq.xlsx") == run_id
    assert [(r.id, r.run_id) for r in HistoryStore(history).records()] == [(1, run_id)]


@pytest.mark.parametrize(
    ("writer", "name"),
    [
        ("toolkit.outputs.json_summary.summary_json", "kq.json"),
        ("toolkit.outputs.workbook.render_workbook", "kq.xlsx"),
    ],
)
def test_an_output_that_cannot_be_made_is_named_and_the_old_ones_are_said_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: str, name: str
) -> None:
    write_ward(tmp_path / "bai_nop", with_error=False)
    (tmp_path / "kq").mkdir()
    assert _consolidate(tmp_path)[0] == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "kq").iterdir()}
    history = digest(tmp_path / "lich_su.sqlite")
    bug = fails()
    monkeypatch.setattr(writer, bug)
    code, output = _consolidate(tmp_path)
    assert code == 2, output
    assert output.splitlines()[-1] == (
        f"Lỗi: Lỗi không mong đợi trong chương trình khi đang tạo tệp “{tmp_path / 'kq' / name}” "
        f"({bug.cause('RuntimeError')}). Chưa tệp nào được ghi: các tệp đầu vào không bị thay đổi, các "
        "tệp kết quả cũ (nếu có) vẫn giữ nguyên. Hãy gửi thông báo này cho người hỗ trợ kỹ thuật."
    ), output
    # What it says is so: the old outputs and the history are as they were, no temporary file.
    assert {p.name: p.read_bytes() for p in (tmp_path / "kq").iterdir()} == before
    assert digest(tmp_path / "lich_su.sqlite") == history


def test_a_demo_whose_first_file_cannot_be_written_says_nothing_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's line "Phường mẫu … chưa tạo xong: lệnh demo đã ghi (lại) một phần …" is kept
    (`note_recorded`) once a file is written, not before: a demo whose first file fails has
    written nothing, and says only its error."""

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(
            errno.ENOSPC, "No space left on device", str(tmp_path / "mau" / "danh_muc_to_chuc.xlsx")
        )

    monkeypatch.setattr("toolkit.outputs.registry_file.write_registry", full)
    done = CliRunner().invoke(main, ["demo", str(tmp_path / "mau")])
    assert done.exit_code == 2, done.output
    assert done.output.splitlines()[1:] == [  # after "Đang tạo phường mẫu …"
        f"Lỗi: Không đọc/ghi được tệp (“{tmp_path / 'mau' / 'danh_muc_to_chuc.xlsx'}”): ổ đĩa đã đầy."
    ], done.output
    assert not [p for p in (tmp_path / "mau").rglob("*") if p.is_file()]


def _old_kept_message(target: Path, cause: str) -> str:
    return (
        f"Lỗi: Lỗi không mong đợi trong chương trình khi đang tạo tệp “{target}” ({cause}). "
        "Chưa tệp nào được ghi: các tệp đầu vào không bị thay đổi, các tệp kết quả cũ (nếu có) vẫn giữ "
        "nguyên. Hãy gửi thông báo này cho người hỗ trợ kỹ thuật."
    )


@pytest.mark.parametrize(
    "failing",
    [
        "toolkit.worklists.collect.left_people",  # a collector, while the lists are drawn
        "toolkit.worklists.collect.readmitted_people",
        "toolkit.outputs.worklists.write_list",  # while the workbook is made in memory
    ],
)
def test_lists_that_cannot_be_made_are_named_and_the_old_file_is_said_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """hunt173 F4 for `lists`: a collector's or the writer's bug said only "Các tệp đầu vào
    không bị thay đổi", naming no file, though the old lists file is kept."""
    write_ward(tmp_path / "bai_nop", with_error=False)
    target = tmp_path / "ds.xlsx"
    args = ["lists", str(tmp_path / "bai_nop"), "--cutoff", "31/03/2026", "-o", str(target)]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = target.read_bytes()
    bug = fails()
    monkeypatch.setattr(failing, bug)
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 2, done.output
    assert "Traceback" not in done.output
    assert done.output.splitlines()[-1] == _old_kept_message(target, bug.cause("RuntimeError")), done.output
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai_nop", "ds.xlsx"]


@pytest.mark.parametrize("command", ["report", "history export"])
def test_a_report_or_an_export_that_cannot_be_made_is_named_and_the_old_file_is_said_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """The same for the report made from a summary and the JSON of `history export`, both made
    in memory before they are written."""
    write_ward(tmp_path / "bai_nop", with_error=False)
    (tmp_path / "kq").mkdir()
    assert _consolidate(tmp_path)[0] == 0
    summary = tmp_path / "kq" / "kq.json"
    if command == "report":
        target, failing = tmp_path / "kq" / "bao_cao.md", "toolkit.outputs.report_files._markdown_bytes"
        args = ["report", str(summary), "-o", str(target)]
    else:
        target, failing = tmp_path / "kq" / "lan_1.json", "toolkit.history.records.summary_from_record"
        args = [
            "history",
            "export",
            "1",
            "--json",
            str(target),
            "--history",
            str(tmp_path / "lich_su.sqlite"),
        ]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "kq").iterdir()}
    bug = fails()
    monkeypatch.setattr(failing, bug)
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 2, done.output
    assert "Traceback" not in done.output
    assert done.output.splitlines()[-1] == _old_kept_message(target, bug.cause("RuntimeError")), done.output
    assert {p.name: p.read_bytes() for p in (tmp_path / "kq").iterdir()} == before


def test_the_buttons_one_line_names_the_files_and_the_other_changes_as_the_lines_do(
    tmp_path: Path,
) -> None:
    """fix183: the buttons say `failure_lines` on one line (`errors.failure_sentence`), for a
    cell: the files in the sentence that says the run stopped, each other change after it."""
    from toolkit.core.errors import (
        failure_lines,
        failure_sentence,
        forget_written,
        note_recorded,
        note_written,
    )

    exc = RuntimeError("hỏng")  # never raised: no place to name, and never its text
    plain = (
        "Lỗi không mong đợi trong chương trình (RuntimeError). Các tệp đầu vào không bị thay "
        "đổi. Hãy gửi thông báo này cho người hỗ trợ kỹ thuật."
    )
    forget_written()
    try:
        assert failure_sentence(exc, "Dừng") == plain  # nothing kept: the message alone
        note_recorded("Một.")
        note_recorded("Hai.")
        assert failure_sentence(exc, "Dừng") == (
            f"{plain} Dừng; ngoài thay đổi nói ở 2 câu sau, không tệp nào khác bị thay đổi: Một. Hai."
        )
        forget_written()
        note_written([tmp_path / "a" / "x.xlsx", tmp_path / "b" / "y.json"])  # two folders: in full
        assert failure_sentence(exc, "Dừng") == (
            f"{plain} Dừng sau khi đã ghi xong 2 tệp “{tmp_path / 'a' / 'x.xlsx'}”, "
            f"“{tmp_path / 'b' / 'y.json'}”; ngoài các tệp này, không tệp nào khác bị thay đổi."
        )
        # The command line's lines are as they were.
        assert failure_lines(exc) == [
            f"Lỗi: {plain}",
            "Lệnh đã dừng vì lỗi này sau khi đã ghi xong 2 tệp dưới đây; ngoài các tệp này, không tệp "
            "nào khác bị thay đổi:",
            f"  {tmp_path / 'a' / 'x.xlsx'}",
            f"  {tmp_path / 'b' / 'y.json'}",
        ]
    finally:
        forget_written()
