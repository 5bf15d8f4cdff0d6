"""A consolidation that starts a new history file says so on the console (hunt104 #3): outputs
written into a new folder each year start a new, empty history beside them (the default), which
"(lần số 1)" alone did not tell. In the words `history import` uses, with where to give the
ward's history if it is elsewhere. A generated organisation consolidated through the CLI.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.helpers_history import run_cli
from tests.helpers_sample import sample_orgs
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    found = tmp_path_factory.mktemp("new_history") / "nop"
    found.mkdir()
    for org in sample_orgs(41, [12], PERIOD):
        org.write(found / f"{org.organisation.org_code}.xlsx")
    return found


def _run(folder: Path, out: Path, *extra: object) -> str:
    done = run_cli(
        "consolidate", folder, "--cutoff", "31/03/2026", "--ward-name", "Phường Thử", "-o", out, *extra
    )
    assert done.exit_code in (0, 1), done.output
    return done.output


def test_a_run_that_creates_the_history_beside_its_outputs_says_so(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "2026" / "tong_hop.xlsx"
    out.parent.mkdir()
    history = out.parent / "lich_su_tong_hop.sqlite"
    said = _run(folder, out)
    assert f"Chưa có tệp lịch sử “{history}”: đã tạo tệp mới và ghi vào đó lần tổng hợp số 1" in said
    assert "--history" in said
    again = _run(folder, out)
    assert "Chưa có tệp lịch sử" not in again
    assert f"Lịch sử tổng hợp: {history} (lần số 2)" in again


def test_a_new_history_given_with_history_is_said_too(folder: Path, tmp_path: Path) -> None:
    history = tmp_path / "khac" / "ls.sqlite"
    history.parent.mkdir()
    said = _run(folder, tmp_path / "tong_hop.xlsx", "--history", history)
    assert f"Chưa có tệp lịch sử “{history}”: đã tạo tệp mới" in said


def test_a_new_history_beside_the_settings_workbook_says_where_the_buttons_keep_it(tmp_path: Path) -> None:
    """`--settings` without `--history` (Tong hop.cmd, no flag typed): the history is the file
    beside the `.xlsm`, which no cell of `Điều khiển` chooses; the hint says so, not `--history`."""
    from tests.helpers_excel import CUTOFF, REGISTRY, saved_workbook, write_ward

    write_ward(tmp_path / "bai_nop", with_error=False)
    values = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "WardName": "Phường Thử"}
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", values, REGISTRY)
    done = run_cli("consolidate", "--settings", book)
    assert done.exit_code == 0, done.output
    said = " ".join(done.output.split())
    history = tmp_path / "lich_su_tong_hop.sqlite"
    assert f"Chưa có tệp lịch sử “{history}”: đã tạo tệp mới và ghi vào đó lần tổng hợp số 1" in said
    # Not told to give --history (no cell chooses it); only the import command names the file.
    assert "bằng --history" not in said and "đường dẫn --history" not in said
    assert f'history import "TỆP.json" --history "{history}"' in said
    # The buttons' clerk has no Command Prompt open, and presses the button again (h222).
    assert "hãy thêm tệp đó vào lịch sử này: mở Command Prompt, chạy lệnh “" in said, said
    assert "(thay TỆP.json bằng đường dẫn đầy đủ của tệp đó), rồi bấm lại nút “Tổng hợp”" in said, said
    assert "cạnh tệp tổng hợp “tong_hop_phuong.xlsm”" in said
    assert "sheet “Điều khiển” không có ô chọn tệp lịch sử" in said


def test_a_new_history_says_how_last_years_summary_is_added_and_that_way_fills_the_forms(
    folder: Path, tmp_path: Path
) -> None:
    """A first-year office (hunt220 F3): the note of the new history names `history import` with
    the history just made, and the command it gives, run on last year's summary made elsewhere,
    gives the forms their `Cùng kỳ năm trước` column."""
    import json
    import shlex

    elsewhere = tmp_path / "noi_khac"
    (elsewhere / "nop").mkdir(parents=True)
    for org in sample_orgs(41, [12], Period(dt.date(2024, 1, 1), dt.date(2025, 3, 31))):
        org.write(elsewhere / "nop" / f"{org.organisation.org_code}.xlsx")
    last_year = elsewhere / "tong_hop_2025.json"
    done = run_cli(
        "consolidate", elsewhere / "nop", "--cutoff", "31/03/2025", "--ward-name", "Phường Thử",
        "-o", elsewhere / "tong_hop_2025.xlsx", "--json", last_year, "--history", elsewhere / "ls.sqlite",
    )  # fmt: skip
    assert done.exit_code in (0, 1), done.output
    out = tmp_path / "2026" / "tong_hop.xlsx"
    out.parent.mkdir()
    history = out.parent / "lich_su_tong_hop.sqlite"
    said = " ".join(_run(folder, out, "--json", out.with_suffix(".json")).split())
    first = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert [r["previous"] for r in first["forms"]["bieu1"]] == [None] * len(first["forms"]["bieu1"])
    start = said.index("vào lịch sử này: chạy lệnh “") + len("vào lịch sử này: chạy lệnh “")
    command = said[start : said.index("”", start)]
    words = shlex.split(command)
    assert words[1:] == ["history", "import", "TỆP.json", "--history", str(history)], command
    done = run_cli(*words[1:3], last_year, *words[4:])
    assert done.exit_code == 0, done.output
    again = " ".join(_run(folder, out, "--json", out.with_suffix(".json")).split())
    assert "Chưa có tệp lịch sử" not in again
    filled = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    closing = next(r for r in filled["forms"]["bieu1"] if r["row"] == "D")
    assert (
        closing["previous"]
        == json.loads(last_year.read_text(encoding="utf-8"))["indicators"]["members.total"]
    )
