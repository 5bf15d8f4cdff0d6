"""People the files record but no roll has (hunt105 F1): a member moving between two
organisations of the ward whom no organisation has received yet, and a person admitted (or
moved in) whom the file's roll lacks, are in no list. The lists must not say they are
complete: the coverage line of every sheet and the console name them, by file and row."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from helpers_worklists import REGISTRY, _member, d
from test_worklists_edges import lists, submission

from toolkit.outputs.registry_file import write_registry

CB02, CB01, CB03 = REGISTRY.organisations


def _three(prefix: str) -> list[dict[str, object]]:
    return [
        _member(f"Trịnh Văn {prefix} {c}", "01/01/1970", "male", "01/01/2000", "01/01/2001")
        for c in ("An", "Bình", "Cúc")
    ]


def _ward(tmp_path: Path, *, received: bool = False) -> tuple[Path, Path]:
    """CB01 moved Đinh Văn Khôi to another organisation of the ward (received by CB03 when
    `received`), CB02 admitted Phan Thị Mai and left her off its roll."""
    folder = tmp_path / "nop"
    out_row = {
        "full_name": "Đinh Văn Khôi",
        "birth_date": d("06/06/1966"),
        "event_type": "transfer_out",
        "event_date": d("01/03/2026"),
        "transfer_scope": "internal",
    }
    admitted = {
        "full_name": "Phan Thị Mai",
        "birth_date": d("02/02/1995"),
        "event_type": "admitted",
        "event_date": d("15/04/2025"),
        "decision_no": "5-QĐ/ĐU",
    }
    submission(folder, CB01, _three("Một"), events=[out_row])
    submission(folder, CB02, _three("Hai"), events=[admitted])
    cb03 = _three("Ba")
    in_rows = []
    if received:
        cb03.append(_member("Đinh Văn Khôi", "06/06/1966", "male", "02/09/1986", "02/09/1987"))
        in_rows = [{**out_row, "event_type": "transfer_in", "event_date": d("05/03/2026")}]
    submission(folder, CB03, cb03, events=in_rows)
    return folder, write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")


def _coverage(out: Path) -> list[str]:
    return [ws["A3"].value for ws in openpyxl.load_workbook(out).worksheets]


def test_people_on_no_roll_are_named_on_every_sheet_and_the_console(tmp_path: Path) -> None:
    folder, registry = _ward(tmp_path)
    out = tmp_path / "ds.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 0, result.output
    line = (
        "Danh sách chưa đủ: lập từ 3/3 tệp, của 3/3 tổ chức trong danh mục; 2 người các tệp ghi "
        "biến động nhưng không có trong danh sách đảng viên nào nên có thể thiếu trong các danh "
        "sách: Đinh Văn Khôi (CB01.xlsx, sheet “Biến động” dòng 2: chuyển đi trong Đảng bộ phường "
        "ngày 01/3/2026, chưa tổ chức nào của phường ghi nhận chuyển đến), Phan Thị Mai "
        "(CB02.xlsx, sheet “Biến động” dòng 2: kết nạp ngày 15/4/2025, chưa có trong danh sách "
        "đảng viên của tệp)."
    )
    assert _coverage(out) == [line] * 4
    ws = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
    assert ws["A3"].font.color.rgb == "FF9C0006"  # in red, not green
    said = " ".join(result.output.split())
    assert (
        "2 người các tệp ghi biến động nhưng không có trong danh sách đảng viên nào nên có thể "
        "thiếu trong các danh sách: Đinh Văn Khôi (CB01.xlsx" in said
    ), result.output


def test_a_move_received_by_another_organisation_leaves_the_lists_complete(tmp_path: Path) -> None:
    folder, registry = _ward(tmp_path, received=True)
    (folder / "CB02.xlsx").unlink()
    submission(folder, CB02, _three("Hai"))
    out = tmp_path / "ds.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 0, result.output
    assert _coverage(out) == ["Đủ số liệu: lập từ 3/3 tệp, của 3/3 tổ chức trong danh mục."] * 4
    assert "không có trong danh sách đảng viên nào" not in result.output


def test_a_member_who_moved_out_and_back_is_not_named(tmp_path: Path) -> None:
    """hunt106 F2: CB01 moved Đinh Văn Khải to another organisation of the ward and back; no
    organisation recorded his arrival, but he is on CB01's roll: the lists are complete."""
    folder = tmp_path / "nop"
    khai = {"full_name": "Đinh Văn Khải", "birth_date": d("06/06/1975"), "transfer_scope": "internal"}
    events = [
        {**khai, "event_type": "transfer_out", "event_date": d("01/03/2025")},
        {**khai, "event_type": "transfer_in", "event_date": d("01/10/2025")},
    ]
    cb01 = [*_three("Một"), _member("Đinh Văn Khải", "06/06/1975", "male", "02/09/2000", "02/09/2001")]
    submission(folder, CB01, cb01, events=events)
    submission(folder, CB02, _three("Hai"))
    submission(folder, CB03, _three("Ba"))
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    out = tmp_path / "ds.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 0, result.output
    assert _coverage(out) == ["Đủ số liệu: lập từ 3/3 tệp, của 3/3 tổ chức trong danh mục."] * 4
    assert "Khải" not in " ".join(result.output.split())


def test_a_member_admitted_here_and_on_another_roll_is_not_named(tmp_path: Path) -> None:
    """hunt107 F2: CB01 admitted Trần Văn Xuân and forgot the `Chuyển đi` row; CB02 has him on
    its roll with its `Chuyển đến`. He is on a roll (the probation list shows him under CB02), so
    the coverage line must not say he is on none; validation still asks CB01 for its row."""
    folder = tmp_path / "nop"
    xuan = {"full_name": "Trần Văn Xuân", "birth_date": d("05/05/1990")}
    admitted = {**xuan, "event_type": "admitted", "event_date": d("01/05/2025"), "decision_no": "1"}
    arrived = {**xuan, "event_type": "transfer_in", "event_date": d("01/09/2025")}
    arrived["transfer_scope"] = "internal"
    submission(folder, CB01, _three("Một"), events=[admitted])
    cb02 = [*_three("Hai"), _member("Trần Văn Xuân", "05/05/1990", "male", "01/05/2025")]
    submission(folder, CB02, cb02, events=[arrived])
    submission(folder, CB03, _three("Ba"))
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    out = tmp_path / "ds.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 0, result.output
    assert "không có trong danh sách đảng viên nào" not in " ".join(result.output.split())
    assert all("Xuân" not in line for line in _coverage(out))
    probation = openpyxl.load_workbook(out, read_only=True)
    named = [c for ws in probation.worksheets for r in ws.iter_rows(values_only=True) for c in r]
    assert "Trần Văn Xuân" in named
