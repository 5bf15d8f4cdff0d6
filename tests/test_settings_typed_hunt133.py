"""Setting cells typed as a clerk types them (hunt133 #4, #5): through the buttons (xlwings'
remote engine) and the `--settings` path, on real files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, Replay, book_json, caller_book, saved_workbook, write_ward
from toolkit import excel
from toolkit.cli import main
from toolkit.core.errors import SettingError
from toolkit.excel.book import setting_place
from toolkit.excel.build import DEFAULT_TARGET
from toolkit.excel.settings_file import read_workbook_settings


@pytest.fixture(autouse=True)
def _remote_engine_licence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.chdir(tmp_path)  # the remote engine's book has no folder: the current one stands in


def _press(entry, settings: dict[str, object]) -> str:  # type: ignore[no-untyped-def]
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY)
    book = caller_book(data)
    entry()
    return Replay(data, book.json()["actions"]).status()


# How a pasted path comes wrapped: curly quotes from Word, Zalo or Outlook's autocorrect (also
# one of the pair only), single quotes from a chat.
WRAPPED = ["“{}”", "‘{}’", "'{}'", '"{}"', '“{}"', '"{}”', "‘{}'", "'{}’", " “ {} ” "]


@pytest.mark.parametrize("wrap", WRAPPED)
def test_a_submissions_folder_in_curly_or_single_quotes_is_read(tmp_path: Path, wrap: str) -> None:
    """hunt133 #4: “/…/bai_nop” was “Không tìm thấy thư mục “/…/“/…/bai_nop”””: the book's folder
    put before an absolute path whose quotes were kept."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    status = _press(excel.consolidate, {"InputFolder": wrap.format(folder), "CutoffDate": CUTOFF})
    assert status.startswith("Tổng hợp: đã tổng hợp 1/3 tổ chức, 4 đảng viên"), status
    assert (folder / "tong_hop_2026-03-31.xlsx").is_file()


@pytest.mark.parametrize("wrap", WRAPPED)
def test_every_path_cell_of_the_saved_workbook_is_unquoted(tmp_path: Path, wrap: str) -> None:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    values = {
        "InputFolder": wrap.format(folder),
        "CutoffDate": CUTOFF,
        "OutputFile": wrap.format(tmp_path / "kq.xlsx"),
        "TemplateFolder": wrap.format("mau"),  # relative: beside the workbook
        "ListsFile": wrap.format(tmp_path / "ds"),
    }
    settings = read_workbook_settings(saved_workbook(tmp_path / "th.xlsm", values)).settings
    assert settings.require_input_folder() == folder
    assert settings.output_path() == tmp_path / "kq.xlsx"
    assert settings.template_path() == tmp_path / "mau"
    assert settings.lists_path() == tmp_path / "ds.xlsx"


def test_an_apostrophe_in_a_folder_name_is_kept(tmp_path: Path) -> None:
    """Only quotes that wrap the whole value are taken off: `Chi bộ 'A'` is a name, and so is
    a folder whose name does begin and end with a quote."""
    inner, outer = tmp_path / "Chi bộ 'A'", tmp_path / "'A' và 'B'"
    inner.mkdir()
    outer.mkdir()
    for typed, folder in [
        ("Chi bộ 'A'", inner),
        (str(inner), inner),
        (f"‘{inner}’", inner),
        (f"'{inner}'", inner),
        ("'A' và 'B'", outer),
        (f"“{outer}”", outer),
    ]:
        saved = read_workbook_settings(saved_workbook(tmp_path / "th.xlsm", {"InputFolder": typed}))
        assert saved.settings.require_input_folder() == folder, typed


def test_a_folder_behind_a_stray_quote_is_named_as_typed(tmp_path: Path) -> None:
    """A quote that wraps nothing (“ at the start only) is kept, and the message names the value
    as typed, not the book's folder before it."""
    typed = f"“{tmp_path / 'bai_nop'}"
    status = _press(excel.consolidate, {"InputFolder": typed, "CutoffDate": CUTOFF})
    assert (
        status == f"Tổng hợp: KHÔNG THÀNH CÔNG. Không tìm thấy thư mục “{typed}” (ô “Thư mục bài nộp”, "
        "sheet “Điều khiển”, ô B4)."
    )


@pytest.mark.skipif(os.name == "nt", reason="a drive's path is absolute on Windows")
def test_a_windows_path_read_elsewhere_is_named_as_typed(tmp_path: Path) -> None:
    typed = r"D:\Van phong\bai_nop"
    book = saved_workbook(tmp_path / "th.xlsm", {"InputFolder": f"“{typed}”", "CutoffDate": CUTOFF})
    result = CliRunner().invoke(main, ["validate", "--settings", str(book)])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert f"Không tìm thấy thư mục “{typed}” (ô “Thư mục bài nộp”" in said, said
    # A name relative to the book's folder is named whole: that says where it was looked for.
    saved = read_workbook_settings(saved_workbook(tmp_path / "th.xlsm", {"InputFolder": "“bai_nop_khac”"}))
    with pytest.raises(SettingError) as refused:
        saved.settings.require_input_folder()
    where = tmp_path / "bai_nop_khac"
    assert (
        str(refused.value)
        == f"Không tìm thấy thư mục “{where}” (ô “Thư mục bài nộp”, sheet “Điều khiển”, ô B4)."
    )


TARGET_CELL = "Chỉ tiêu kết nạp năm chốt (nếu thay)"


@pytest.mark.parametrize(("typed", "mark", "grouped"), [("1.000", ".", "1000"), ("12,500", ",", "12500")])
def test_a_target_typed_with_a_thousands_mark_is_refused_naming_the_cell(
    tmp_path: Path, typed: str, mark: str, grouped: str
) -> None:
    """hunt133 #5: “1.000” (one thousand, as a Vietnamese clerk writes it) was read as 1 without a
    word. It reads two ways (thousands grouped, or a decimal point): refused, as a submission's
    count “1.000” is (`*.not_integer`), before any file is read."""
    write_ward(tmp_path / "bai_nop")
    said = (
        f"Ô “{TARGET_CELL}” ({setting_place('TargetOverride')}) = “{typed}”: không rõ dấu “{mark}” "
        f"là dấu ngăn cách hàng nghìn ({grouped}) "
        "hay dấu thập phân; hãy ghi số nguyên không có dấu chấm, dấu phẩy."
    )
    settings = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "TargetOverride": typed}
    assert _press(excel.consolidate, settings) == f"Tổng hợp: KHÔNG THÀNH CÔNG. {said}"
    assert not (tmp_path / "bai_nop" / "tong_hop_2026-03-31.xlsx").exists()
    book = saved_workbook(tmp_path / "th.xlsm", settings, REGISTRY)
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book)])
    assert result.exit_code == 2, result.output
    assert said in " ".join(result.output.split()), result.output


@pytest.mark.parametrize(("typed", "read"), [("7", 7), ("7.0", 7), ("7,0", 7), (" 12 ", 12), (1000, 1000)])
def test_a_target_typed_plainly_is_read_as_before(tmp_path: Path, typed: object, read: int) -> None:
    saved = read_workbook_settings(saved_workbook(tmp_path / "th.xlsm", {"TargetOverride": typed}))
    assert saved.settings.target_override == read


def test_a_registry_target_typed_with_a_thousands_mark_is_refused_at_its_cell() -> None:
    """The registry's targets were read by the same code: “1.000” was a target of 1."""
    from toolkit.core.errors import RegistryError
    from toolkit.io.registry import REGISTRY_SHEET, parse_registry_rows

    table = [
        ["Mã tổ chức", "Tên tổ chức đảng", "Chỉ tiêu kết nạp 2026"],
        ["A1", "Chi bộ A", "1.000"],
        ["A2", "Chi bộ B", "2"],
    ]
    with pytest.raises(RegistryError) as err:
        parse_registry_rows(table, f"Sheet “{REGISTRY_SHEET}”", file="tong_hop.xlsm")
    (issue,) = err.value.issues
    assert (issue.code, issue.cell, issue.value) == ("registry.bad_target", "C2", "1.000")
    assert issue.message == (
        "Dòng 2, cột “Chỉ tiêu kết nạp 2026” (ô C2): “1.000” phải là số nguyên không âm, ghi không có "
        "dấu chấm, dấu phẩy (để trống nếu không giao chỉ tiêu)."
    )


SPACED = [
    "31 / 3 / 2026",
    "31 /03/ 2026",
    "31 . 3 . 2026",
    "31 - 03 - 2026",
    "2026 - 03 - 31",
    "2026 / 3 / 31",
]


@pytest.mark.parametrize("typed", SPACED)
def test_a_cut_off_with_spaces_around_its_slashes_is_a_date(tmp_path: Path, typed: str) -> None:
    """hunt133 #5: “31 / 3 / 2026” was “không phải ngày” in a settings cell, though a
    submission's date cell reads it and `impossible_date` names its parts."""
    write_ward(tmp_path / "bai_nop")
    settings = {"InputFolder": "bai_nop", "CutoffDate": typed, "PeriodStart": typed.replace("31", "01", 1)}
    status = _press(excel.consolidate, settings)
    assert status.startswith("Tổng hợp: đã tổng hợp 1/3 tổ chức, 4 đảng viên"), status
    assert (tmp_path / "bai_nop" / "tong_hop_2026-03-31.xlsx").is_file()
    saved = read_workbook_settings(saved_workbook(tmp_path / "th.xlsm", settings)).settings
    assert saved.cutoff == CUTOFF


@pytest.mark.parametrize("typed", SPACED)
def test_a_settings_cell_the_command_line_and_a_submission_read_a_spaced_date_alike(typed: str) -> None:
    from toolkit.cli import parse_date
    from toolkit.excel.book import coerce_date
    from toolkit.io.normalize import parse_date as submission_date

    assert (
        coerce_date(typed, "Ngày chốt số liệu") == parse_date(typed) == submission_date(typed).value == CUTOFF
    )


def test_a_spaced_day_that_does_not_exist_is_said_which_part_is_wrong() -> None:
    from toolkit.excel.book import coerce_date

    with pytest.raises(SettingError) as refused:
        coerce_date("31 / 2 / 2026", "Ngày chốt số liệu")
    assert str(refused.value) == (
        "Ô “Ngày chốt số liệu” = “31 / 2 / 2026” không phải ngày có thật: tháng 2 năm 2026 chỉ có 28 ngày. "
        "Hãy sửa lại ngày."
    )


def _dates(text: str) -> list[str]:
    import re

    return re.findall(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])", text)


def test_a_status_says_each_date_one_way(tmp_path: Path) -> None:
    """hunt133 #5: the status's first line said “31/3/2026” (and “18/7/1905”) where the messages
    beside it said “31/03/2026”: every date of a run's status is dd/mm/yyyy now, the history's
    note of the record replaced included."""
    write_ward(tmp_path / "bai_nop", with_error=False)
    settings = {"InputFolder": "bai_nop", "CutoffDate": "31/3/2026", "WardName": "Phường Hải Dương"}
    _press(excel.consolidate, settings)
    again = _press(excel.consolidate, settings)
    assert "(số liệu đến ngày 31/03/2026)" in again and "ngày chốt 31/03/2026, thay cho lần số 1" in again
    # A cut-off no file has: the first line and the message said first name it alike.
    other = _press(excel.consolidate, {**settings, "CutoffDate": "30/3/2026"})
    assert "(số liệu đến ngày 30/03/2026)" in other and "ngày chốt số liệu 30/03/2026" in other, other
    lists = _press(excel.make_lists, settings)
    assert "(số liệu đến ngày 31/03/2026)" in lists
    for status in (again, other, lists):
        assert _dates(status) and all(len(d) == 10 for d in _dates(status)), status
