"""fix383: the upgrade says when it changes whether a file is consolidated.

A value of a list of the 2026.2 template typed into a 2026.1 file (a new occupation, the new
label of `Sơ cấp`, the new ground of a strike-off) is an error of the old file, which is left
out of the consolidation for it; the upgrade copies it as typed, and the upgraded file reads
it as a value of its list: no error, the file consolidated. Nothing on screen said so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_validate import clean_events, clean_members, run, typed, write_old

from toolkit.cli import main
from toolkit.core import layout, vocab
from toolkit.outputs.upgrade import upgrade_files
from toolkit.validation.run import validate_each

OLD_M, OLD_E = layout.MEMBERS_2026_1, layout.EVENTS_2026_1
M, E = layout.MEMBERS, layout.EVENTS

PRODUCTION = vocab.OCCUPATION.label("production_worker")  # “Công nhân, lao động trực tiếp sản xuất”
ELEMENTARY = vocab.PROF_LEVEL.label("elementary")  # “Sơ cấp, công nhân kỹ thuật, …”
NOT_RECOGNISED = vocab.STRIKE_GROUND.label("not_recognised")


def _old_with_new_values(folder: Path, members: list[dict[str, object]] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    struck_off = {
        "full_name": "Đinh Văn Khải",
        "birth_date": dt.date(1985, 9, 9),
        "event_type": "struck_off",
        "event_date": dt.date(2025, 8, 1),
    }
    old = write_old(folder, members=members, events=[*clean_events(), struck_off])
    typed(old, layout.SHEET_EVENTS, {OLD_E.cell("strike_ground", 4): NOT_RECOGNISED})
    typed(
        old,
        layout.SHEET_MEMBERS,
        {OLD_M.cell("occupation", 3): PRODUCTION, OLD_M.cell("prof_level", 4): ELEMENTARY},
    )
    return old


def _errors(path: Path) -> list[tuple[str | None, str | None, str]]:
    return [(i.sheet, i.cell, i.code) for i in run(path).issues if i.is_error]


def test_values_of_the_new_lists_put_the_upgraded_file_in_and_the_upgrade_says_so(tmp_path: Path) -> None:
    old = _old_with_new_values(tmp_path / "nop")
    # What happens: the old file is left out for three errors, its upgraded copy has none.
    assert _errors(old) == [
        (layout.SHEET_MEMBERS, OLD_M.cell("occupation", 3), "member.not_allowed"),
        (layout.SHEET_MEMBERS, OLD_M.cell("prof_level", 4), "member.not_allowed"),
        (layout.SHEET_EVENTS, OLD_E.cell("strike_ground", 4), "event.not_allowed"),
    ]
    out = tmp_path / "moi"
    result = CliRunner().invoke(main, ["upgrade", str(old.parent), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert _errors(out / old.name) == []
    lines = result.output.splitlines()
    at = lines.index(
        "  Kiểm tra riêng tệp này: tệp cũ có 3 lỗi nên không được tổng hợp; tệp mới không có lỗi nên "
        "sẽ được tổng hợp khi nộp thay tệp cũ."
    )
    assert lines[at + 1 : at + 5] == [
        "  3 ô tệp cũ báo lỗi nhưng tệp mới chấp nhận (hãy xem lại giá trị trước khi dùng tệp mới):",
        f"    Sheet “Đảng viên”, ô {OLD_M.cell('occupation', 3)} (ô {M.cell('occupation', 3)} ở tệp mới), "
        "cột “Nghề nghiệp”: giá trị không có trong danh sách của biểu mẫu 2026.1; tệp mới đọc là "
        f"“{PRODUCTION}”, có trong danh sách của biểu mẫu 2026.2.",
        f"    Sheet “Đảng viên”, ô {OLD_M.cell('prof_level', 4)} (ô {M.cell('prof_level', 4)} ở tệp mới), "
        "cột “Trình độ chuyên môn”: giá trị không có trong danh sách của biểu mẫu 2026.1; tệp mới đọc là "
        f"“{ELEMENTARY}”, có trong danh sách của biểu mẫu 2026.2.",
        f"    Sheet “Biến động”, ô {OLD_E.cell('strike_ground', 4)}, cột “Lý do xóa tên”: giá trị không có "
        f"trong danh sách của biểu mẫu 2026.1; tệp mới đọc là “{NOT_RECOGNISED}”, có trong danh sách "
        "của biểu mẫu 2026.2.",
    ]
    assert E.cell("strike_ground", 4) == OLD_E.cell("strike_ground", 4)  # so named once


def test_a_file_left_out_by_another_error_too_is_said_to_stay_out(tmp_path: Path) -> None:
    """The old file's own error stays in the copy: both are left out, and the cells the copy
    accepts are named all the same."""
    members = clean_members()
    members[1]["admission_date"] = members[1]["birth_date"] - dt.timedelta(days=1)  # before birth
    old = _old_with_new_values(tmp_path / "nop", members)
    before, after_errors = _errors(old), None
    (done,) = upgrade_files([old], tmp_path / "moi", check=validate_each).upgraded
    after_errors = _errors(done.target)
    assert after_errors and len(before) == len(after_errors) + 3
    assert done.verdict is not None
    first, head, *cells = done.verdict.lines()
    assert first == (
        f"Kiểm tra riêng tệp này: tệp cũ có {len(before)} lỗi, tệp mới có {len(after_errors)} lỗi: cả hai "
        "đều không được tổng hợp cho đến khi sửa."
    )
    assert head.startswith("3 ô tệp cũ báo lỗi nhưng tệp mới chấp nhận") and len(cells) == 3


def test_an_upgrade_that_changes_no_verdict_says_nothing_of_it(tmp_path: Path) -> None:
    (tmp_path / "nop").mkdir()
    clean = write_old(tmp_path / "nop")
    members = clean_members()
    members[1]["admission_date"] = members[1]["birth_date"] - dt.timedelta(days=1)
    (tmp_path / "loi").mkdir()
    wrong = write_old(tmp_path / "loi", members=members)
    assert _errors(wrong) and not _errors(clean)
    for path, out in ((clean, "moi"), (wrong, "moi_loi")):
        (done,) = upgrade_files([path], tmp_path / out, check=validate_each).upgraded
        assert done.verdict is None, done.verdict
    result = CliRunner().invoke(main, ["upgrade", str(wrong.parent), "--out", str(tmp_path / "moi2")])
    assert "Kiểm tra riêng tệp này" not in result.output


def test_the_button_s_status_says_what_the_command_says_under_each_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Nâng cấp button's status said the count of files, what to do next, and nothing of
    what the command says under each file: the cells to complete, the rows kept hidden, what
    was not carried over, and now the verdict. Each is there, by file, never a cell's words."""
    from helpers_validate import clean_info

    from tests.helpers_excel import Replay, book_json, caller_book
    from toolkit import excel
    from toolkit.excel import book as xlbook
    from toolkit.excel.build import DEFAULT_TARGET
    from toolkit.outputs.status import MARK_NEW_COLUMNS, SEND_BACK

    folder = tmp_path / "bai_nop"
    judged = _old_with_new_values(folder)
    other = write_old(
        folder, "CB08.xlsx", info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8")
    )
    wb = openpyxl.load_workbook(other)
    wb[layout.SHEET_MEMBERS].row_dimensions[3].hidden = True
    wb.create_sheet("Ghi chép")["A1"] = "Nguyễn Văn Riêng"  # a member's name: never in the status
    wb.save(other)
    out = tmp_path / "cli"
    cli = CliRunner().invoke(main, ["upgrade", str(folder), "--out", str(out)])
    assert cli.exit_code == 0, cli.output

    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.chdir(tmp_path)
    data = book_json(DEFAULT_TARGET, {"InputFolder": "bai_nop"})
    button = caller_book(data)
    excel.upgrade()
    book = Replay(data, button.json()["actions"])
    status = book.status()
    nang_cap = tmp_path / xlbook.UPGRADE_FOLDER
    assert status.startswith(f"Nâng cấp: đã nâng cấp 2/2 tệp vào thư mục {nang_cap}. "), status
    assert status.endswith(f"{SEND_BACK} {MARK_NEW_COLUMNS}"), status
    # Under each file, what the command says under it: the lists the new file holds counted
    # (“Cần bổ sung”, “Không chuyển sang mẫu mới”), every other sentence as the command says it.
    said = [line.strip() for line in cli.output.splitlines()]
    verdict = said[said.index(next(s for s in said if s.startswith("Kiểm tra riêng"))) :][:5]
    members = "sheet “Đảng viên”: Dân tộc 5 ô, Tôn giáo 5 ô, Nghề nghiệp 2 ô"
    assert f"– {judged.name} → {judged.name}: cần bổ sung 12 ô ({members}). {' '.join(verdict)} – " in status
    hidden = "1 dòng bị ẩn vẫn được ẩn ở tệp mới (ẩn dòng không xóa dòng: dòng vẫn được tính)."
    assert hidden in said
    assert (
        f"– CB08.xlsx → CB08.xlsx: cần bổ sung 12 ô ({members}). {hidden} 1 mục không chuyển sang mẫu mới "
        "(xem sheet “Không chuyển sang mẫu mới” của tệp mới). Lưu ý: "
    ) in status, status
    assert "Nguyễn Văn Riêng" not in status and "Nguyễn Văn Riêng" not in cli.output
    # A file put in (or out) by the upgrade is the clerk's to look at: amber.
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)].upper() == "#FFEB9C"
    # Pressed again, the copies are there: each file not upgraded is named with its reason, as
    # the command names it (the status named the first one, “và 1 tệp khác”).
    excel.upgrade()
    again = Replay(data, button.json()["actions"]).status()
    why = "thư mục nang_cap đã có tệp “{name}” (có thể là bản nâng cấp đã được điền): không ghi đè"
    assert "Không nâng cấp được 2 tệp: – " in again, again
    for name in (judged.name, "CB08.xlsx"):
        assert f"– {name}: {why.format(name=name)}; " in again, again
