"""A lists file is never replaced by lists drawn from no file (hunt389 "not fixed" 1).

The clerk pressed Danh sách with the folder of another quarter for the cut-off: 0/72 files
were usable, and `danh_sach_<cut-off>.xlsx`, holding the good lists of a press earlier, was
replaced by empty lists. Now, when no submission is usable, an existing lists file is left
as it is and the status says why and names it; the button, `ward-stats lists` and
`Danh sach.cmd` (`lists --settings`) alike (`outputs.worklists.keeps_existing`). A run with
some file usable writes its lists as before (their coverage line says what they lack).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import helpers_worklists
import openpyxl
import pytest
from click.testing import CliRunner
from helpers_worklists import CUTOFF, REGISTRY, list_rows, write_list_ward

from tests.helpers_excel import Replay, book_json, caller_book
from toolkit import excel
from toolkit.cli import main
from toolkit.excel import book as xlbook
from toolkit.excel.build import DEFAULT_TARGET
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.status import LISTS_PRIVACY
from toolkit.outputs.worklists import EMPTY_NO_FILE

LATER = dt.date(2026, 6, 30)  # the next quarter's files: none of them is of `CUTOFF`
KEPT = "Tệp danh sách đã có “{path}” được giữ nguyên, không bị thay bằng danh sách trống."


@pytest.fixture(autouse=True)
def _remote_engine_licence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The remote engine is part of xlwings PRO; "noncommercial" is its documented free key.
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.chdir(tmp_path)  # the remote engine's book has no folder: beside it = cwd


def _later_quarter(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same ward's files, every one dated to the next quarter's cut-off."""
    with monkeypatch.context() as m:
        m.setattr(helpers_worklists, "CUTOFF", LATER)
        write_list_ward(folder)


def _press(settings: dict[str, object]) -> Replay:
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY)
    book = caller_book(data)
    excel.make_lists()
    return Replay(data, book.json()["actions"])


def test_danh_sach_with_another_quarter_s_folder_keeps_the_lists_file_made_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_list_ward(tmp_path / "bai_nop")
    _later_quarter(tmp_path / "bai_nop_q2", monkeypatch)
    out = tmp_path / f"danh_sach_{CUTOFF:%Y-%m-%d}.xlsx"  # beside the book: the cell is empty
    good = _press({"InputFolder": "bai_nop", "CutoffDate": CUTOFF})
    assert good.status().startswith("Danh sách: đã lập danh sách từ 2/3 tệp không có lỗi"), good.status()
    made = out.read_bytes()
    assert len(list_rows(out, "Dự bị đến hạn")) == 5

    # The next quarter's folder, the cut-off not changed: no file is of it.
    wrong = _press({"InputFolder": "bai_nop_q2", "CutoffDate": CUTOFF})
    assert out.read_bytes() == made  # the good lists, as they were
    assert sorted(p.name for p in tmp_path.glob("danh_sach*")) == [out.name]
    status = wrong.status()
    assert status.startswith(
        "Danh sách: không lập danh sách: không tệp nào trong 3 tệp đã đọc dùng được (số liệu đến ngày "
        "31/03/2026) nên danh sách lập ra sẽ trống. Không tệp nào có ngày chốt số liệu 31/03/2026"
    ), status
    assert "Dự bị đến hạn:" not in status  # no list was made: no count
    assert "3 tệp có lỗi không được đưa vào danh sách" in status
    assert status.endswith(f"{KEPT.format(path=out)} {LISTS_PRIVACY}"), status
    assert "Tệp danh sách: " not in status
    assert wrong.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)].upper() == "#FFC7CE"

    # The right folder again: the lists are made and written, as before.
    again = _press({"InputFolder": "bai_nop", "CutoffDate": CUTOFF})
    assert again.status().startswith("Danh sách: đã lập danh sách từ 2/3 tệp không có lỗi")
    assert len(list_rows(out, "Dự bị đến hạn")) == 5


def test_ward_stats_lists_with_no_file_usable_keeps_the_lists_file_and_exits_with_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_list_ward(tmp_path / "bai_nop")
    _later_quarter(tmp_path / "bai_nop_q2", monkeypatch)
    registry = str(write_registry(REGISTRY, tmp_path / "danh_muc.xlsx"))
    out = tmp_path / "ds.xlsx"
    cutoff = f"{CUTOFF:%d/%m/%Y}"
    first = CliRunner().invoke(
        main, ["lists", str(tmp_path / "bai_nop"), "--cutoff", cutoff, "-o", str(out), "--registry", registry]
    )
    assert first.exit_code == 1, first.output  # CB03's file has an error
    made = out.read_bytes()

    result = CliRunner().invoke(
        main,
        ["lists", str(tmp_path / "bai_nop_q2"), "--cutoff", cutoff, "-o", str(out), "--registry", registry],
    )
    assert result.exit_code == 1, result.output
    assert out.read_bytes() == made
    lines = result.output.splitlines()
    assert lines[0] == (
        "Không lập danh sách: không tệp nào trong 3 tệp đã đọc dùng được (số liệu đến ngày 31/03/2026) "
        "nên danh sách lập ra sẽ trống."
    ), result.output
    assert KEPT.format(path=out) in lines, result.output
    assert not any(line.startswith("Tệp danh sách: ") for line in lines), result.output

    # Some file usable: a result, written over the file as before (its coverage says the rest).
    (tmp_path / "bai_nop_q2" / "CB02.xlsx").unlink()
    (tmp_path / "bai_nop" / "CB02.xlsx").rename(tmp_path / "bai_nop_q2" / "CB02.xlsx")
    partial = CliRunner().invoke(
        main,
        ["lists", str(tmp_path / "bai_nop_q2"), "--cutoff", cutoff, "-o", str(out), "--registry", registry],
    )
    assert partial.exit_code == 1, partial.output
    assert partial.output.startswith("Đã lập danh sách từ 1/3 tệp không có lỗi"), partial.output
    assert out.read_bytes() != made
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet["A3"].value.startswith("Danh sách chưa đủ: lập từ 1/3 tệp"), sheet["A3"].value


def test_with_no_lists_file_there_the_empty_lists_are_written_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing to lose: the lists say on each sheet that nothing was read (`EMPTY_NO_FILE`)."""
    _later_quarter(tmp_path / "bai_nop_q2", monkeypatch)
    out = tmp_path / "ds.xlsx"
    result = CliRunner().invoke(
        main, ["lists", str(tmp_path / "bai_nop_q2"), "--cutoff", f"{CUTOFF:%d/%m/%Y}", "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Đã lập danh sách từ 0/3 tệp không có lỗi"), result.output
    assert f"Tệp danh sách: {out}" in result.output.splitlines()
    assert openpyxl.load_workbook(out).worksheets[0].cell(6, 1).value == EMPTY_NO_FILE


# --- the Kiểm tra button's sheet: the result workbook's line under the title ---------------------


def test_the_kiem_tra_button_s_sheet_says_how_its_links_open_a_cell_as_the_result_s_does(
    tmp_path: Path,
) -> None:
    """hunt389 "not fixed" 3: the result workbook's `Kiểm tra` says under the title “Bấm vào ô ở
    cột “Ô” để mở tệp tại đúng ô đó.”; the sheet the button writes had the same links and only
    the counts. One line now (`sheets.issues.subtitle`), said when a link is written."""
    from tests.helpers_excel import CUTOFF as WARD_CUTOFF
    from tests.helpers_excel import REGISTRY as WARD_REGISTRY
    from tests.helpers_excel import write_ward
    from toolkit.outputs.sheets import SHEET_ISSUES
    from toolkit.outputs.sheets.issues import OPEN_CELL, OPEN_LINKED

    folder = tmp_path / "bai_nop"
    write_ward(folder)  # CB02's file has an error at a cell
    settings = {"InputFolder": str(folder), "CutoffDate": WARD_CUTOFF}
    data = book_json(DEFAULT_TARGET, settings, registry=WARD_REGISTRY)
    book = caller_book(data)
    excel.validate()
    pressed = Replay(data, book.json()["actions"])
    line = pressed.value(SHEET_ISSUES, "A2")
    assert OPEN_CELL in line, line
    assert any(
        link.startswith(str(folder / "CB02.xlsx") + "#") for link in pressed.links[SHEET_ISSUES].values()
    )

    registry = str(write_registry(WARD_REGISTRY, tmp_path / "danh_muc.xlsx"))
    out = tmp_path / "kq.xlsx"
    done = CliRunner().invoke(
        main,
        ["consolidate", str(folder), "--cutoff", f"{WARD_CUTOFF:%d/%m/%Y}", "--registry", registry,
         "-o", str(out), "--no-history"],
    )  # fmt: skip
    assert out.exists(), done.output
    result_line = openpyxl.load_workbook(out)[SHEET_ISSUES]["A2"].value
    # One line, both sheets: after the counts (the run's own warning is not the check's), the same.
    assert line.startswith("1 lỗi, 1 cảnh báo. ") and result_line.startswith("1 lỗi, 2 cảnh báo. ")
    assert result_line.split(". ", 1)[1] == line.split(". ", 1)[1], (line, result_line)

    # No issue names a file (the template's example row alone, the registry not used): no link,
    # no hint.
    other = tmp_path / "bai_nop_2"
    write_ward(other, with_error=False)
    (other / "CB01.xlsx").unlink()
    plain = book_json(DEFAULT_TARGET, {"InputFolder": str(other), "CutoffDate": WARD_CUTOFF})
    book = caller_book(plain)
    excel.validate()
    line = Replay(plain, book.json()["actions"]).value(SHEET_ISSUES, "A2")
    assert line == "0 lỗi, 1 cảnh báo.", line

    # A file that cannot be read, the only issue with a file: its link opens the file, said so.
    (other / "CB09_hong.xlsx").write_bytes(b"PK\x03\x04 broken")
    book = caller_book(plain)
    excel.validate()
    broken = Replay(plain, book.json()["actions"])
    line = broken.value(SHEET_ISSUES, "A2")
    assert OPEN_LINKED in line and OPEN_CELL not in line, line
    assert list(broken.links[SHEET_ISSUES].values()) == [str(other / "CB09_hong.xlsx")]
