"""A summary typed by hand with the ward's figures only (hunt220 F5).

A first-year office with last year's figures on paper may write the minimal summary the reader
accepts (`cutoff_date`, `period_start`, `indicators` with `members.total`). With no count of the
organisations consolidated and registered, no later run checks its opening figure against that
record (the checks compare complete runs only), and a difference went unsaid: `history import`
now says so when it adds such a record, and says nothing of a record that has the counts.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
from pathlib import Path

from click.testing import CliRunner, Result

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.commands import history_command, quoted
from toolkit.history.store import HistoryStore
from toolkit.sample.rows import Period

UNKNOWN = "Lần vừa thêm không ghi số tổ chức đã tổng hợp và số tổ chức trong danh mục"


def _run(*args: object) -> Result:
    done = CliRunner().invoke(main, [str(a) for a in args])
    assert done.exit_code == 0, done.output
    return done


def test_a_typed_summary_without_coverage_is_said_not_to_be_checked_against(tmp_path: Path) -> None:
    typed = tmp_path / "so_lieu_2025.json"
    typed.write_text(
        json.dumps(
            {
                "ward_name": "Phường Thử",
                "cutoff_date": "2025-12-31",
                "period_start": "2025-01-01",
                "indicators": {"members.total": 4210},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    history = tmp_path / "lich_su_tong_hop.sqlite"
    said = " ".join(_run("history", "import", typed, "--history", history).output.split())
    assert "đã tạo tệp mới và thêm vào đó lần tổng hợp số 1, số liệu đến ngày 31/12/2025." in said
    assert UNKNOWN in said, said
    assert "các lần tổng hợp sau không đối chiếu số đầu kỳ của cả phường với lần này" in said, said
    # Into an existing history: said the same way.
    again = tmp_path / "so_lieu_2025_b.json"
    data = json.loads(typed.read_text(encoding="utf-8"))
    data["run_id"] = "20260101T000000-abcdef12"
    again.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    said = " ".join(_run("history", "import", again, "--history", history).output.split())
    assert "Đã thêm vào lịch sử" in said and UNKNOWN in said, said


def test_a_summary_of_a_consolidation_is_not_said_to_lack_coverage(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in sample_orgs(2205, [10, 8], Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))):
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    out = tmp_path / "tong_hop_2025.xlsx"
    _run(
        "consolidate", folder, "--cutoff", "31/03/2025", "-o", out, "--json", out.with_suffix(".json"),
        "--history", tmp_path / "khac.sqlite", "--ward-name", "Phường Thử",
    )  # fmt: skip
    said = _run("history", "import", out.with_suffix(".json"), "--history", tmp_path / "ls.sqlite").output
    assert "đã tạo tệp mới" in said
    assert UNKNOWN not in " ".join(said.split())


def test_the_note_says_how_to_have_a_typed_summary_checked_and_that_way_works(tmp_path: Path) -> None:
    """review222 L2: the note said the opening would not be checked, not how to have it checked.
    It now says which counts to type (the keys `org_coverage` reads) and gives the removal and
    import commands of this PC; followed, the record is in the history with its counts, and the
    note is not said again."""
    typed = tmp_path / "Số liệu & 2025.json"
    data = {
        "ward_name": "Phường Thử",
        "cutoff_date": "2025-12-31",
        "period_start": "2025-01-01",
        "indicators": {"members.total": 4210},
    }
    typed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    history = tmp_path / "lich_su_tong_hop.sqlite"
    said = " ".join(_run("history", "import", typed, "--history", history).output.split())
    assert UNKNOWN in said, said
    assert "hai chỉ tiêu “orgs.registered” (số tổ chức đảng trong danh mục) và “orgs.consolidated”" in said
    remove = history_command("remove 1 --yes", history)
    again = history_command(f"import {quoted(typed)}", history)
    assert f"xóa lần vừa thêm (chạy lệnh “{remove}”), rồi thêm lại tệp đó bằng lệnh “{again}”." in said
    # Done as said: the counts typed, the record removed, the file imported again.
    data["indicators"].update({"orgs.registered": 42, "orgs.consolidated": 42})
    typed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for command in (remove, again):
        said = " ".join(_run(*shlex.split(command)[1:]).output.split())
    assert UNKNOWN not in said, said
    [record] = HistoryStore(history).records()
    assert record.indicators["orgs.registered"] == 42, record.indicators
