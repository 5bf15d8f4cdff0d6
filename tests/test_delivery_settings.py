"""The path without macros: settings and registry read from the saved .xlsm (`--settings`)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_excel import (
    CUTOFF,
    PERIOD_START,
    REGISTRY,
    Replay,
    book_json,
    caller_book,
    saved_workbook,
    write_ward,
)
from toolkit import excel
from toolkit.cli import main
from toolkit.core.errors import SettingError
from toolkit.excel import book as xlbook
from toolkit.excel.build import DEFAULT_TARGET, EXAMPLE_ORGANISATION
from toolkit.excel.settings_file import config_value, read_workbook_settings
from toolkit.outputs.template import submission_filename


@pytest.fixture(autouse=True)
def _remote_engine_licence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """What `--open` would show (the real opener starts Windows' default program)."""
    seen: list[Path] = []
    monkeypatch.setattr("toolkit.cli.open_in_default_app", seen.append)
    return seen


def test_the_saved_file_gives_the_settings_the_buttons_read(tmp_path: Path) -> None:
    values = {
        "InputFolder": str(tmp_path / "bai_nop"),
        "CutoffDate": CUTOFF,
        "PeriodStart": "01/01/2025",  # typed as text: both paths parse it alike
        "TargetOverride": 7,
        "OutputFile": str(tmp_path / "kq"),
        "TemplateFolder": str(tmp_path / "mau"),
    }
    saved = read_workbook_settings(saved_workbook(tmp_path / "th.xlsm", values, REGISTRY))
    button = caller_book(book_json(DEFAULT_TARGET, values, registry=REGISTRY))
    from_button = xlbook.read_settings(button)
    assert saved.settings == xlbook.Settings(**{**from_button.__dict__, "book_folder": tmp_path})
    assert saved.settings.period_start == PERIOD_START
    assert saved.settings.output_path() == tmp_path / "kq.xlsx"
    assert saved.registry(required=True) == xlbook.read_registry(button, required=True)


def test_the_committed_workbook_reads_back_with_its_example_and_xlwings_conf() -> None:
    saved = read_workbook_settings(DEFAULT_TARGET)
    assert saved.registry(required=True).organisations == [EXAMPLE_ORGANISATION]  # type: ignore[union-attr]
    assert saved.settings.input_folder == DEFAULT_TARGET.parent / "bai_nop"
    assert saved.settings.cutoff is None
    assert config_value(saved.config, "interpreter_win") == r"C:\WardStats\venv\Scripts\python.exe"
    assert config_value(saved.config, "TEMP DIR") == r"C:\WardStats\tmp"


def test_a_bad_setting_is_named_as_the_buttons_name_it(tmp_path: Path) -> None:
    saved = read_workbook_settings(saved_workbook(tmp_path / "th.xlsm", {"CutoffDate": "31/13/2026"}))
    with pytest.raises(
        SettingError,
        match="Ô “Ngày chốt số liệu” \\(sheet “Điều khiển”, ô B5\\) = “31/13/2026” không phải ngày",
    ):
        saved.settings  # noqa: B018 - parsing happens on access


@pytest.mark.parametrize("typed", ["31/12/9999", dt.date(9999, 12, 31), "31/12/1899", 2958465])
def test_a_cut_off_outside_the_templates_years_is_refused_in_its_cell(tmp_path: Path, typed: object) -> None:
    """Year 9999 (a slip) reached the figures, whose calendar wraps it round to 1816."""
    saved = read_workbook_settings(saved_workbook(tmp_path / "th.xlsm", {"CutoffDate": typed}))
    with pytest.raises(
        SettingError,
        match="Ô “Ngày chốt số liệu” \\(sheet “Điều khiển”, ô B5\\): ngày .* nằm ngoài khoảng ngày "
        "biểu mẫu nhận",
    ):
        saved.settings  # noqa: B018 - parsing happens on access


@pytest.mark.parametrize("typed", [2026, 31, dt.date(1905, 7, 18)])
def test_a_number_in_the_cut_off_cell_is_no_date(tmp_path: Path, typed: object) -> None:
    """hunt133 #1: 2026 in the cut-off's cell is 18/07/1905 to Excel (31 is 31/01/1900): the run
    read no file of its period and wrote an empty result into the submissions folder. Refused,
    as the same typed as text is."""
    saved = read_workbook_settings(saved_workbook(tmp_path / "th.xlsm", {"CutoffDate": typed}))
    with pytest.raises(
        SettingError, match="trước năm 1910, không thể là ngày của số liệu: có lẽ ô chỉ ghi một số"
    ):
        saved.settings  # noqa: B018 - parsing happens on access


def test_a_cut_off_before_1910_is_refused_on_the_command_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from toolkit.cli import main

    (tmp_path / "nop").mkdir()
    done = CliRunner().invoke(main, ["validate", str(tmp_path / "nop"), "--cutoff", "18/07/1905"])
    assert done.exit_code == 2, done.output
    assert "ngày 18/07/1905 trước năm 1910" in done.output


def test_a_workbook_that_is_not_the_consolidation_workbook_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "khac.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(SettingError, match="không có ô thiết lập “Thư mục bài nộp”"):
        read_workbook_settings(other)
    broken = tmp_path / "hong.xlsm"
    broken.write_bytes(b"not a zip")
    with pytest.raises(SettingError, match="tệp hỏng hoặc không phải tệp Excel"):
        read_workbook_settings(broken)


@pytest.mark.parametrize("name", ["tong_hop.json", "tong_hop.xlsb", "tong_hop.csv"])
def test_a_settings_file_of_another_kind_is_refused_in_vietnamese(tmp_path: Path, name: str) -> None:
    """Once an English openpyxl error under "Lỗi không mong đợi" (unexpected error)."""
    other = tmp_path / name
    other.write_text('{"cutoff_date": "2026-03-31"}', encoding="utf-8")
    for args in (["consolidate", "--settings", str(other)], ["doctor", "--workbook", str(other)]):
        run = CliRunner().invoke(main, args)
        assert f"“{name}” không phải tệp tổng hợp có thiết lập" in run.output, run.output
        assert "openpyxl" not in run.output and "không mong đợi" not in run.output


# --- the CLI with --settings ------------------------------------------------------------------


def _ward(tmp_path: Path, **settings: object) -> tuple[Path, Path]:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", {"InputFolder": "bai_nop", **settings}, REGISTRY)
    return folder, book


def test_consolidate_takes_folder_dates_target_output_and_registry_from_the_workbook(
    tmp_path: Path, opened: list[Path]
) -> None:
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, TargetOverride=9, OutputFile="ket_qua.xlsx")
    summary = tmp_path / "tom_tat.json"
    result = CliRunner().invoke(
        main, ["consolidate", "--settings", str(book), "--json", str(summary), "--open"]
    )
    assert result.exit_code == 1, result.output  # CB02 has an error and is excluded
    out = tmp_path / "ket_qua.xlsx"
    assert out.is_file() and opened == [out]
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["cutoff_date"] == "2026-03-31"
    assert "1 tổ chức chưa nộp tệp." in result.output  # CB03: the registry came from the sheet
    assert json.dumps(data, ensure_ascii=False).count('"CB03"') >= 1
    # The override replaces the cut-off year's target; 2025 keeps the sheet's sum (1 + 1).
    assert (data["indicators"]["targets.2026"], data["indicators"]["targets.2025"]) == (9, 2)


def test_options_on_the_command_line_win_over_the_workbook(tmp_path: Path, opened: list[Path]) -> None:
    _, book = _ward(tmp_path, CutoffDate=CUTOFF)
    out = tmp_path / "khac.xlsx"
    result = CliRunner().invoke(
        main, ["consolidate", "--settings", str(book), "--cutoff", "31/12/2025", "-o", str(out)]
    )
    assert out.is_file(), result.output
    assert "số liệu đến ngày 31/12/2025" in result.output
    assert opened == []


def test_consolidate_without_cutoff_names_the_missing_setting(tmp_path: Path) -> None:
    _, book = _ward(tmp_path)
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book)])
    assert result.exit_code == 2
    assert "Lỗi: Chưa ghi “Ngày chốt số liệu” (sheet “Điều khiển”, ô B5)." in result.output


def test_without_settings_the_folder_and_cutoff_are_still_required() -> None:
    """Said with the way the office runs them (hunt77 #4): the cells of the saved workbook."""
    hint = "Hoặc ghi --settings và đường dẫn tệp tổng hợp đã lưu (tong_hop_phuong.xlsm)"
    for args, missing in (
        (["consolidate"], "THƯ_MỤC"),
        (["validate"], "TỆP_HOẶC_THƯ_MỤC"),
        (["lists"], "THƯ_MỤC"),
        (["upgrade"], "TỆP"),
    ):
        result = CliRunner().invoke(main, args)
        said = " ".join(result.output.split())
        assert result.exit_code == 2 and f"Lỗi: Thiếu tham số {missing}. {hint}" in said, said
    result = CliRunner().invoke(main, ["report"])  # no --settings: nothing of it said
    assert result.exit_code == 2 and "--settings" not in result.output, result.output


def test_validate_checks_the_workbook_folder_against_its_registry(tmp_path: Path) -> None:
    _, book = _ward(tmp_path, CutoffDate=CUTOFF)
    result = CliRunner().invoke(main, ["validate", "--settings", str(book)])
    assert result.exit_code == 1
    assert "Đã kiểm tra 2 tệp: 1 đạt, 0 chỉ có cảnh báo, 1 có lỗi." in result.output
    assert "== CB02.xlsx (CB02) — CÓ LỖI" in result.output
    # As the button: the file with errors gets its feedback in `phan_hoi` beside the workbook.
    assert [p.name for p in (tmp_path / "phan_hoi").iterdir()] == ["CB02_kiem_tra.xlsx"]
    assert f"Tệp phản hồi cho chi bộ: 1 tệp trong thư mục “{tmp_path / 'phan_hoi'}”" in result.output


def test_template_writes_one_file_per_sheet_organisation_into_the_template_folder(
    tmp_path: Path, opened: list[Path]
) -> None:
    book = saved_workbook(tmp_path / "th.xlsm", {"TemplateFolder": "mau"}, REGISTRY)
    result = CliRunner().invoke(main, ["template", "--settings", str(book), "--open"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "mau").iterdir())
    assert written == sorted(submission_filename(o) for o in REGISTRY.organisations)
    assert opened == [tmp_path / "mau"]


def test_template_with_an_empty_registry_sheet_says_so(tmp_path: Path) -> None:
    book = saved_workbook(tmp_path / "th.xlsm")
    wb = openpyxl.load_workbook(book, keep_vba=True)
    wb["Danh mục tổ chức"].delete_rows(2, 10)
    wb.save(book)
    result = CliRunner().invoke(main, ["template", "--settings", str(book)])
    assert result.exit_code == 2
    assert "Sheet “Danh mục tổ chức” chưa có tổ chức nào." in result.output


def test_dates_typed_as_excel_dates_are_read_as_dates(tmp_path: Path) -> None:
    book = saved_workbook(tmp_path / "th.xlsm", {"CutoffDate": dt.datetime(2026, 6, 30)})
    assert read_workbook_settings(book).settings.cutoff == dt.date(2026, 6, 30)


# --- the old-age thresholds ---------------------------------------------------------------------


def _old_age_ward(tmp_path: Path) -> Path:
    """One organisation whose 58-year-old man is exempted for old age: below the default 60."""
    from helpers_validate import clean_members, write

    rows = clean_members()
    rows[0].update(
        birth_date=dt.date(1967, 5, 12), exempt_from=dt.date(2026, 1, 1), exempt_reason="old_age_ill_health"
    )
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    write(folder, members=rows)
    return folder


def _exempt_age_cells(result: object) -> list[str]:
    issues = json.loads(result.stdout)["issues"]  # type: ignore[attr-defined]
    return [i["cell"] for i in issues if i["code"] == "member.exempt_age"]


def test_the_thresholds_come_from_the_options_else_the_workbook_else_the_defaults(tmp_path: Path) -> None:
    folder = _old_age_ward(tmp_path)
    runner = CliRunner()
    base = ["validate", str(folder), "--json", "-"]
    assert _exempt_age_cells(runner.invoke(main, base)) == ["S2"]
    assert _exempt_age_cells(runner.invoke(main, [*base, "--old-age-men", "58"])) == []
    book = saved_workbook(tmp_path / "th.xlsm", {"InputFolder": str(folder), "OldAgeMen": 55})
    assert _exempt_age_cells(runner.invoke(main, [*base, "--settings", str(book)])) == []
    # The command line wins over the workbook.
    assert _exempt_age_cells(
        runner.invoke(main, [*base, "--settings", str(book), "--old-age-men", "59"])
    ) == ["S2"]


def test_a_threshold_out_of_range_stops_the_command_with_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(_old_age_ward(tmp_path)), "--old-age-women", "5"])
    assert result.exit_code == 2
    assert "Tuổi miễn sinh hoạt vì tuổi cao (nữ) phải là số nguyên từ 40 đến 90" in result.output


def test_the_committed_workbook_shows_the_default_thresholds() -> None:
    settings = read_workbook_settings(DEFAULT_TARGET).settings
    assert (settings.old_age_men, settings.old_age_women) == (60, 55)
    assert settings.thresholds().old_age_by_gender == {"male": 60, "female": 55}


def test_a_workbook_from_before_the_thresholds_still_reads(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(DEFAULT_TARGET, keep_vba=True)
    for name in ("OldAgeMen", "OldAgeWomen"):
        del wb.defined_names[name]
    wb.save(tmp_path / "cu.xlsm")
    settings = read_workbook_settings(tmp_path / "cu.xlsm").settings
    assert settings.old_age_men is None and settings.thresholds().old_age_men == 60


# --- the file settings ------------------------------------------------------------------------


def test_a_file_name_without_its_ending_gets_xlsx_added_not_its_last_dotted_part_replaced(
    tmp_path: Path,
) -> None:
    """`tong_hop_31.03.2026` became `tong_hop_31.03.xlsx`: next year's run replaced it."""
    names = {"OutputFile": "tong_hop_31.03.2026", "ListsFile": "danh_sach_31.03.2026"}
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, **names)
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book)])
    assert (tmp_path / "tong_hop_31.03.2026.xlsx").is_file(), result.output
    result = CliRunner().invoke(main, ["lists", "--settings", str(book)])
    assert (tmp_path / "danh_sach_31.03.2026.xlsx").is_file(), result.output
    assert not list(tmp_path.glob("*_31.03.xlsx"))


@pytest.mark.parametrize("typed", ["kq.xls", "tong_hop_phuong.xlsm", "kq.CSV", "so_lieu.json"])
@pytest.mark.parametrize("name", ["OutputFile", "ListsFile"])
def test_a_file_setting_of_another_file_type_is_refused_naming_its_cell(
    tmp_path: Path, typed: str, name: str
) -> None:
    """`kq.xls` was written as `kq.xls.xlsx`, `tong_hop_phuong.xlsm` as `tong_hop_phuong.xlsm.xlsx`
    beside the real workbook, with nothing said (hunt44 D #4)."""
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, **{name: typed})
    command = "consolidate" if name == "OutputFile" else "lists"
    result = CliRunner().invoke(main, [command, "--settings", str(book)])
    assert result.exit_code == 2, result.output
    label = "Tệp kết quả" if name == "OutputFile" else "Tệp danh sách"
    stem = typed.rsplit(".", 1)[0]
    assert (
        f"Lỗi: Ô “{label}” ({xlbook.setting_place(name)}) = “{typed}”: công cụ chỉ ghi tệp Excel "
        "có đuôi .xlsx, không ghi tệp "
        f"“.{typed.rsplit('.', 1)[1]}”; hãy ghi “{stem}.xlsx” hoặc để trống ô này."
        in " ".join(result.output.split())
    ), result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai_nop", "tong_hop_phuong.xlsm"]


def test_a_file_name_ending_in_a_dot_gets_xlsx_not_a_second_dot(tmp_path: Path) -> None:
    """`tong hop.` was written as `tong hop..xlsx` (Windows drops a name's trailing dots)."""
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, OutputFile="tong hop. ")
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book)])
    assert (tmp_path / "tong hop.xlsx").is_file(), result.output
    assert not list(tmp_path.glob("*..xlsx"))


def test_a_submissions_folder_cell_naming_a_file_says_so(tmp_path: Path) -> None:
    """A file's path in “Thư mục bài nộp” (a clerk's “Copy as path” of one submission) was
    “Không tìm thấy thư mục”, untrue of a file the clerk sees (hunt44 D #3)."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    one = sorted(folder.glob("*.xlsx"))[0]
    typed = f"bai_nop/{one.name}"
    book = saved_workbook(
        tmp_path / "tong_hop_phuong.xlsm", {"InputFolder": typed, "CutoffDate": CUTOFF}, REGISTRY
    )
    for command in ("validate", "consolidate"):
        result = CliRunner().invoke(main, [command, "--settings", str(book)])
        assert result.exit_code == 2, result.output
        said = " ".join(result.output.split())
        assert (
            f"Ô “Thư mục bài nộp” (sheet “Điều khiển”, ô B4) = “{one}” là một tệp, không phải thư mục" in said
        ), said
        assert f"(ví dụ “{folder}”)" in said and "Không tìm thấy" not in said


def test_a_template_folder_cell_naming_a_file_says_so_naming_the_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """“Thư mục ghi biểu mẫu” naming a submission was “… là một tệp, không phải thư mục: hãy đổi
    tên tệp đó”, naming no cell and asking to rename a chi bộ's file (hunt46 B #3)."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    one = sorted(folder.glob("*.xlsx"))[0]
    before = one.read_bytes()
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF, "TemplateFolder": f"bai_nop/{one.name}"}
    said = (
        f"Ô “Thư mục ghi biểu mẫu” (sheet “Điều khiển”, ô B9) = “{one}” là một tệp, không phải "
        "thư mục: hãy ghi một thư mục"
    )
    monkeypatch.chdir(tmp_path)  # the remote engine's book has no folder: beside it = cwd
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY)
    button = caller_book(data)
    excel.make_templates()
    status = Replay(data, button.json()["actions"]).status()
    assert status.startswith(f"Tạo mẫu: KHÔNG THÀNH CÔNG. {said}"), status
    assert "đổi tên" not in status
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", settings, REGISTRY)
    result = CliRunner().invoke(main, ["template", "--settings", str(book)])
    assert result.exit_code == 2, result.output
    assert said in " ".join(result.output.split()), result.output
    assert one.read_bytes() == before and not (tmp_path / xlbook.TEMPLATE_FOLDER).exists()


@pytest.mark.parametrize("typed", ["ket_qua", "ket_qua/", "ket_qua\\", "moi/"])
@pytest.mark.parametrize("name", ["OutputFile", "ListsFile"])
def test_a_file_setting_naming_a_folder_is_refused_naming_its_cell(
    tmp_path: Path, typed: str, name: str
) -> None:
    (tmp_path / "ket_qua").mkdir()
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, **{name: typed})
    command = "consolidate" if name == "OutputFile" else "lists"
    result = CliRunner().invoke(main, [command, "--settings", str(book)])
    assert result.exit_code == 2, result.output
    label = "Tệp kết quả" if name == "OutputFile" else "Tệp danh sách"
    assert (
        f"Lỗi: Ô “{label}” ({xlbook.setting_place(name)}) = “{typed}” là một thư mục, không phải tên tệp"
        in result.output
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai_nop", "ket_qua", "tong_hop_phuong.xlsm"]


@pytest.mark.parametrize("under", ["tep", "khong_co"])
@pytest.mark.parametrize("name", ["OutputFile", "ListsFile"])
def test_a_file_setting_under_a_file_or_a_missing_folder_names_its_cell_and_reads_nothing(
    tmp_path: Path, under: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once “Thư mục “…/tep” không tồn tại”, untrue of a file, and naming no cell."""
    (tmp_path / "tep").write_text("x", encoding="utf-8")
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, **{name: f"{under}/kq.xlsx"})
    command = "consolidate" if name == "OutputFile" else "lists"
    result = CliRunner().invoke(main, [command, "--settings", str(book)])
    assert result.exit_code == 2, result.output
    label = "Tệp kết quả" if name == "OutputFile" else "Tệp danh sách"
    why = (
        f"“{tmp_path / 'tep'}” là một tệp, không phải thư mục"
        if under == "tep"
        else f"thư mục “{tmp_path / 'khong_co'}” không tồn tại"
    )
    assert (
        f"Lỗi: Ô “{label}” ({xlbook.setting_place(name)}) = “{tmp_path / under / 'kq.xlsx'}”: {why}."
        in result.output
    )
    # The button says the same, before a file is read.
    import toolkit.pipeline
    import toolkit.worklists

    def unread(*args: object, **kwargs: object) -> None:
        raise AssertionError("read")

    monkeypatch.setattr(toolkit.pipeline, "consolidate", unread)
    monkeypatch.setattr(toolkit.worklists, "build_work_lists", unread)
    monkeypatch.chdir(tmp_path)
    values = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, name: f"{under}/kq.xlsx"}
    entry = excel.consolidate if name == "OutputFile" else excel.make_lists
    button = caller_book(book_json(DEFAULT_TARGET, values, registry=REGISTRY))
    entry()
    status = Replay(book_json(DEFAULT_TARGET, values), button.json()["actions"]).status()
    assert (
        f"Ô “{label}” ({xlbook.setting_place(name)}) = “{tmp_path / under / 'kq.xlsx'}”: {why}." in status
    ), status


# --- the template folder ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "submissions"),
    [("bai_nop", "bai_nop"), ("./bai_nop/", "bai_nop"), (None, "bieu_mau")],
    ids=["same", "spelt-otherwise", "default"],
)
def test_a_template_folder_that_is_the_submissions_folder_is_refused_naming_both_cells(
    tmp_path: Path, template: str | None, submissions: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once 72 blank templates joined the submissions: 0/72 consolidated."""
    folder = tmp_path / submissions
    write_ward(folder)
    values = {"InputFolder": submissions, "TemplateFolder": template}
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", values, REGISTRY)
    result = CliRunner().invoke(main, ["template", "--settings", str(book)])
    assert result.exit_code == 2, result.output
    said = (
        f"Thư mục ghi biểu mẫu “{tmp_path / (template or 'bieu_mau')}” (ô “Thư mục ghi biểu mẫu”, "
        "sheet “Điều khiển”, ô B9) cũng "
        "là thư mục bài nộp (ô “Thư mục bài nộp”, sheet “Điều khiển”, ô B4): các biểu mẫu trống "
        "ghi vào đó sẽ bị đọc như bài nộp"
    )
    assert said in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["CB01.xlsx", "CB02.xlsx"]
    # The button says the same and writes nothing.
    monkeypatch.chdir(tmp_path)
    button = caller_book(book_json(DEFAULT_TARGET, values, registry=REGISTRY))
    excel.make_templates()
    status = Replay(book_json(DEFAULT_TARGET, values), button.json()["actions"]).status()
    assert status.startswith("Tạo mẫu: KHÔNG THÀNH CÔNG.") and said in status, status
    assert sorted(p.name for p in folder.iterdir()) == ["CB01.xlsx", "CB02.xlsx"]


# --- the submissions folder shared with the workbook --------------------------------------------


def test_the_workbooks_own_folders_beside_it_are_no_folder_left_unread(tmp_path: Path) -> None:
    """docs/excel.md allows the submissions folder to be the .xlsm's: Tạo mẫu's `bieu_mau`
    (and `nang_cap`) then warned on every run, advising to move the blank templates in."""
    from toolkit.io.discover import WORKBOOK_FOLDERS

    assert WORKBOOK_FOLDERS == (xlbook.TEMPLATE_FOLDER, xlbook.UPGRADE_FOLDER)
    write_ward(tmp_path)
    book = saved_workbook(
        tmp_path / "tong_hop_phuong.xlsm", {"InputFolder": ".", "CutoffDate": CUTOFF}, REGISTRY
    )
    assert CliRunner().invoke(main, ["template", "--settings", str(book)]).exit_code == 0
    assert len(list((tmp_path / "bieu_mau").iterdir())) == 3
    write_ward(tmp_path / "nang_cap", with_error=False)
    write_ward(tmp_path / "cu", with_error=False)  # a folder of the clerk's: still said
    for command in ("validate", "consolidate"):
        result = CliRunner().invoke(main, [command, "--settings", str(book)])
        assert "Thư mục con “cu” có 2 tệp bảng tính không được đọc" in result.output, result.output
        assert "“bieu_mau”" not in result.output and "“nang_cap”" not in result.output
    # Without the workbook beside them, they are folders like any other.
    book.unlink()
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert "Thư mục con “bieu_mau” có 3 tệp bảng tính không được đọc" in result.output, result.output
    assert "Thư mục con “nang_cap” có 2 tệp bảng tính không được đọc" in result.output


def test_a_period_starting_after_the_cut_off_is_refused_before_any_file_is_read(tmp_path: Path) -> None:
    """Tổng hợp refused `Số liệu từ ngày` after the cut-off, while Kiểm tra (the button and
    `validate --settings`) warned every file and wrote each secretary a feedback telling them to
    move their file's start to that impossible date. Every path now refuses it, naming both
    cells, and writes nothing; `doctor` names it among the cells to fix."""
    late = dt.date(CUTOFF.year, CUTOFF.month, CUTOFF.day) + dt.timedelta(days=1)
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, PeriodStart=late)
    result = CliRunner().invoke(main, ["validate", "--settings", str(book)])
    assert result.exit_code == 2, result.output
    assert (
        f"Ô “Số liệu từ ngày” (sheet “Điều khiển”, ô B6) = {late:%d/%m/%Y} sau ô “Ngày chốt số "
        f"liệu” (sheet “Điều khiển”, ô B5) = {CUTOFF:%d/%m/%Y}: ngày bắt "
        "đầu kỳ không được sau ngày chốt số liệu" in " ".join(result.output.split())
    )
    assert not (tmp_path / "phan_hoi").exists()
    values = {"CutoffDate": CUTOFF, "PeriodStart": late}
    with pytest.raises(SettingError, match="Ô “Số liệu từ ngày”"):
        xlbook.settings_from_values(values, tmp_path)  # what the buttons read
    checked, problems = xlbook.checked_settings(values, tmp_path)
    assert checked.period_start is None and "Ô “Số liệu từ ngày”" in problems["PeriodStart"]
    # The same day as the cut-off is a period of one day: allowed.
    assert (
        xlbook.settings_from_values({"CutoffDate": CUTOFF, "PeriodStart": CUTOFF}, tmp_path).period_start
        == CUTOFF
    )


@pytest.mark.parametrize("blank", [" ", "\u00a0", " \u00a0 "], ids=["space", "nbsp", "mixed"])
def test_a_cell_cleared_with_spaces_reads_as_empty_whatever_its_kind(tmp_path: Path, blank: str) -> None:
    """Clerks clear a cell by typing a space over it: the date, number and Có/Không cells were
    refused as “” while the path and text cells read it as empty."""
    cleared = ("PeriodStart", "TargetOverride", "FormPeriodStart", "OldAgeMen", "OldAgeWomen", "PersonalData")
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, **dict.fromkeys(cleared, blank))
    result = CliRunner().invoke(main, ["validate", "--settings", str(book)])
    assert result.exit_code == 1, result.output  # CB02 has an error: the run went through
    assert "Đã kiểm tra 2 tệp" in result.output
    settings = read_workbook_settings(book).settings
    assert (settings.period_start, settings.target_override, settings.form_period_start) == (None, None, None)
    assert (settings.old_age_men, settings.old_age_women, settings.personal_data) == (None, None, False)
    _, book = _ward(tmp_path, CutoffDate=blank)  # required by Tổng hợp: said as missing
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book)])
    assert result.exit_code == 2
    assert "Lỗi: Chưa ghi “Ngày chốt số liệu” (sheet “Điều khiển”, ô B5)." in result.output


def test_the_button_reads_a_cell_cleared_with_a_space_as_empty(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    values = {"InputFolder": str(folder), "CutoffDate": "\u00a0", "PeriodStart": " ", "TargetOverride": " "}
    data = book_json(DEFAULT_TARGET, values, registry=REGISTRY)
    book = caller_book(data)
    excel.consolidate()
    status = Replay(data, book.json()["actions"]).status()
    assert status.startswith("Tổng hợp: KHÔNG THÀNH CÔNG. Chưa ghi “Ngày chốt số liệu”"), status


def test_a_forms_period_start_it_cannot_take_names_its_cell_or_the_option(tmp_path: Path) -> None:
    folder, book = _ward(tmp_path, CutoffDate=CUTOFF, FormPeriodStart="01/01/2025")
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book)])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert (
        "Lỗi: Ô “Biểu mẫu BTCTW: kỳ báo cáo từ ngày” (sheet “Điều khiển”, ô B12): kỳ báo cáo của "
        "Biểu 1–4-BTCTW "
        "từ ngày 01/01/2025 đến ngày 31/03/2026 dài hơn 12 tháng" in said
    ), said
    # The option wins over the cell, and is what the message names then.
    result = CliRunner().invoke(
        main, ["consolidate", "--settings", str(book), "--form-period", "01/04/2026..31/03/2026"]
    )
    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert "Lỗi: --form-period: kỳ báo cáo của Biểu 1–4-BTCTW bắt đầu ngày 01/04/2026, sau ngày chốt" in said
    result = CliRunner().invoke(
        main,
        ["consolidate", str(folder), "--cutoff", "31/03/2026", "--form-period", "01/04/2026..31/03/2026"],
    )
    assert "Lỗi: --form-period: kỳ báo cáo của Biểu 1–4-BTCTW bắt đầu ngày 01/04/2026" in " ".join(
        result.output.split()
    ), result.output
    assert "biểu mẫu" not in result.output


# --- Excel error values (#N/A, #REF!…) in a setting or registry cell ---------------------------


def _registry_cell(book: Path, address: str, value: object, data_type: str | None = None) -> None:
    wb = openpyxl.load_workbook(book, keep_vba=True)
    cell = wb["Danh mục tổ chức"][address]
    cell.value = value
    if data_type is not None:
        cell.data_type = data_type
    wb.save(book)


def test_an_error_value_in_a_setting_cell_is_refused_naming_it_on_both_paths(tmp_path: Path) -> None:
    """`--settings` read an error cell as its letters (the ward named “#N/A” on every Biểu and in
    the history), the buttons as empty (the ward's name missing): both now refuse it."""
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, WardName="#N/A")  # openpyxl writes an error cell
    said = (
        "Ô “Tên phường” (sheet “Điều khiển”, ô B11) = #N/A là giá trị lỗi của Excel (thường do "
        "công thức hỏng)"
    )
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book)])
    assert result.exit_code == 2, result.output
    assert f"Lỗi: {said}" in " ".join(result.output.split())
    assert not list(tmp_path.glob("*.xlsx")) and not (tmp_path / "lich_su_tong_hop.sqlite").exists()
    values = {"InputFolder": str(tmp_path / "bai_nop"), "CutoffDate": CUTOFF, "WardName": "#N/A"}
    data = book_json(DEFAULT_TARGET, values, registry=REGISTRY)  # the client sends the error's text
    button = caller_book(data)
    excel.consolidate()
    assert Replay(data, button.json()["actions"]).status().startswith(f"Tổng hợp: KHÔNG THÀNH CÔNG. {said}")


def test_an_error_value_in_a_registry_cell_is_refused_naming_it_on_both_paths(tmp_path: Path) -> None:
    """The buttons read a registry target showing #REF! as empty: that organisation's target
    was dropped from the ward's without a word."""
    _, book = _ward(tmp_path, CutoffDate=CUTOFF)
    _registry_cell(book, "E2", "#REF!")  # the secretary's name (Bí thư) of CB01
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book)])
    assert result.exit_code == 2, result.output
    said = "Sheet “Danh mục tổ chức”: ô E2 (cột “Bí thư”) = #REF! là giá trị lỗi của Excel"
    assert said in " ".join(result.output.split())
    _registry_cell(book, "E2", "#REF!", "s")  # typed as text: a name like any other
    assert read_workbook_settings(book).registry(required=True).organisations[0].secretary == "#REF!"  # type: ignore[union-attr]

    data = book_json(
        DEFAULT_TARGET, {"InputFolder": str(tmp_path / "bai_nop"), "CutoffDate": CUTOFF}, registry=REGISTRY
    )
    registry = next(s for s in data["sheets"] if s["name"] == "Danh mục tổ chức")
    assert registry["values"][0][6] == "Chỉ tiêu kết nạp 2026"
    registry["values"][1][6] = "#REF!"  # CB01's 2026 target
    button = caller_book(data)
    excel.consolidate()
    status = Replay(data, button.json()["actions"]).status()
    assert status.startswith("Tổng hợp: KHÔNG THÀNH CÔNG.") and "(ô G2)" in status and "#REF!" in status, (
        status
    )


def test_the_result_and_lists_cells_naming_one_file_are_refused_naming_both(tmp_path: Path) -> None:
    """Tổng hợp silently replaced the work lists written there (and Danh sách then refused the
    result as not its own), never saying the two cells name one file."""
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, OutputFile="ket_qua", ListsFile="ket_qua.xlsx")
    said = (
        "Ô “Tệp kết quả” (sheet “Điều khiển”, ô B8) và ô “Tệp danh sách” (sheet “Điều khiển”, ô "
        "B10) cùng ghi tệp"
    )
    for command in ("consolidate", "lists"):
        result = CliRunner().invoke(main, [command, "--settings", str(book)])
        assert result.exit_code == 2, result.output
        assert said in " ".join(result.output.split()), result.output
    assert not (tmp_path / "ket_qua.xlsx").exists()
    values = {"InputFolder": str(tmp_path / "bai_nop"), "CutoffDate": CUTOFF}
    values |= {"OutputFile": str(tmp_path / "kq.xlsx"), "ListsFile": str(tmp_path / "kq")}
    data = book_json(DEFAULT_TARGET, values, registry=REGISTRY)
    button = caller_book(data)
    excel.make_lists()
    assert said in Replay(data, button.json()["actions"]).status()


@pytest.mark.parametrize(
    ("filled", "typed", "default"),
    [
        ("OutputFile", "danh_sach_2026-03-31.xlsx", "ListsFile"),
        ("ListsFile", "bai_nop/tong_hop_2026-03-31", "OutputFile"),
    ],
)
def test_a_file_cell_naming_the_other_cells_default_file_is_refused(
    tmp_path: Path, filled: str, typed: str, default: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With “Tệp danh sách” empty, the lists go to `danh_sach_<ngày chốt>.xlsx` beside the book;
    a “Tệp kết quả” naming that file let Tổng hợp replace the work lists (and the reverse),
    since only two filled cells were compared."""
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, **{filled: typed})
    labels = {"OutputFile": "Tệp kết quả", "ListsFile": "Tệp danh sách"}
    said = f"Ô “{labels[filled]}” ({xlbook.setting_place(filled)}) ghi tệp “{tmp_path / typed}"
    also = f"cũng là tệp mà ô “{labels[default]}” ({xlbook.setting_place(default)}) để trống thì dùng"
    before = sorted(p.name for p in tmp_path.rglob("*"))
    for command in ("consolidate", "lists"):
        result = CliRunner().invoke(main, [command, "--settings", str(book)])
        assert result.exit_code == 2, result.output
        output = " ".join(result.output.split())
        assert said in output and also in output, result.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written
    monkeypatch.chdir(tmp_path)  # the remote engine's book has no folder: the current one
    values = {"InputFolder": str(tmp_path / "bai_nop"), "CutoffDate": CUTOFF, filled: typed}
    for entry in (excel.consolidate, excel.make_lists):
        data = book_json(DEFAULT_TARGET, values, registry=REGISTRY)
        button = caller_book(data)
        entry()
        status = Replay(data, button.json()["actions"]).status()
        assert also in status, status
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_an_empty_lists_cell_is_not_named_when_the_default_lists_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With “Tệp danh sách” empty, a refusal of the default `danh_sach_<ngày chốt>.xlsx` named
    the empty cell as the file's source; it names the cell only when the clerk filled it."""
    _, book = _ward(tmp_path, CutoffDate=CUTOFF)
    taken = tmp_path / "danh_sach_2026-03-31.xlsx"
    made = CliRunner().invoke(main, ["consolidate", "--settings", str(book), "-o", str(taken)])
    assert taken.is_file(), made.output  # a result where the lists would go
    result = CliRunner().invoke(main, ["lists", "--settings", str(book)])
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    assert f"Tệp danh sách “{taken}” là tệp kết quả của ward-stats" in output, result.output
    assert "ô “Tệp danh sách”" not in output, result.output
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, ListsFile=taken.name)
    result = CliRunner().invoke(main, ["lists", "--settings", str(book)])
    output = " ".join(result.output.split())
    assert (
        f"Tệp danh sách (ô “Tệp danh sách” của tệp --settings, sheet “Điều khiển”, ô B10) “{taken}”" in output
    ), result.output
    monkeypatch.chdir(tmp_path)  # the remote engine's book has no folder: the current one
    values = {"InputFolder": str(tmp_path / "bai_nop"), "CutoffDate": CUTOFF}
    for lists, named in ((None, False), (taken.name, True)):
        data = book_json(DEFAULT_TARGET, values | ({"ListsFile": lists} if lists else {}), registry=REGISTRY)
        button = caller_book(data)
        excel.make_lists()
        status = Replay(data, button.json()["actions"]).status()
        assert "là tệp kết quả của ward-stats" in status, status
        assert ("ô “Tệp danh sách”" in status) == named, status


def test_a_cutoff_given_on_the_command_line_names_the_default_files(tmp_path: Path) -> None:
    """`--cutoff` won over the cell for the figures, but the default file names kept the cell's
    date: a run at 31/12/2025 wrote `tong_hop_2026-03-31.xlsx`."""
    _, book = _ward(tmp_path, CutoffDate=CUTOFF)
    for command in ("consolidate", "lists"):
        result = CliRunner().invoke(main, [command, "--settings", str(book), "--cutoff", "31/12/2025"])
        assert result.exit_code in (0, 1), result.output
    assert (tmp_path / "bai_nop" / "tong_hop_2025-12-31.xlsx").is_file()
    assert (tmp_path / "danh_sach_2025-12-31.xlsx").is_file()
    assert not list(tmp_path.rglob("*2026-03-31.xlsx"))


def test_the_output_options_help_names_the_files_each_path_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`consolidate --help` gave `tong_hop_phuong_<ngày chốt>.xlsx` in the current folder as the
    only default, but with --settings (what Tong hop.cmd runs) the result is the “Tệp kết quả”
    cell's file, else `tong_hop_<ngày chốt>.xlsx` in the submissions folder (hunt43 docs #4)."""
    folder, book = _ward(tmp_path, CutoffDate=CUTOFF)

    def help_of(command: str) -> str:
        return " ".join(CliRunner().invoke(main, [command, "--help"]).output.split())

    consolidate_help, lists_help = help_of("consolidate"), help_of("lists")
    for text, setting in ((consolidate_help, "OutputFile"), (lists_help, "ListsFile")):
        label = next(s.label for s in xlbook.settings() if s.name == setting)
        assert f"ô “{label}”" in text, setting
    plain, with_settings = re.findall(r"ví dụ (\S+?\.xlsx)", consolidate_help)
    (lists_default,) = re.findall(r"ví dụ (\S+?\.xlsx)", lists_help)
    here = tmp_path / "thu_muc_hien_tai"
    here.mkdir()
    monkeypatch.chdir(here)
    cutoff = f"{CUTOFF:%d/%m/%Y}"
    result = CliRunner().invoke(main, ["consolidate", str(folder), "--cutoff", cutoff, "--no-history"])
    assert result.exit_code in (0, 1), result.output
    for args in (["consolidate", "--no-history"], ["lists"]):
        result = CliRunner().invoke(main, [*args, "--settings", str(book)])
        assert result.exit_code in (0, 1), result.output
    assert sorted(p.name for p in here.iterdir()) == [plain]
    assert (folder / with_settings).is_file()
    assert (tmp_path / lists_default).is_file()


def test_the_target_override_follows_the_run_s_cut_off(tmp_path: Path) -> None:
    """“Chỉ tiêu kết nạp năm chốt (nếu thay)” followed the cut-off cell: with that cell empty and
    `--cutoff` given, the run was refused as if no cut-off was; with `--cutoff` in another year,
    the override went to the cell's year and was lost without a word."""
    _, book = _ward(tmp_path, TargetOverride=9)
    summary = tmp_path / "a.json"
    args = ["consolidate", "--settings", str(book), "--json", str(summary)]
    result = CliRunner().invoke(main, [*args, "--cutoff", "31/03/2026"])
    assert result.exit_code in (0, 1) and summary.is_file(), result.output
    assert json.loads(summary.read_text(encoding="utf-8"))["indicators"]["targets.2026"] == 9
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, TargetOverride=9)
    result = CliRunner().invoke(main, [*args, "--cutoff", "31/12/2025"])
    assert result.exit_code in (0, 1), result.output
    assert json.loads(summary.read_text(encoding="utf-8"))["indicators"]["targets.2025"] == 9


def test_a_folder_on_the_command_line_is_the_one_both_file_settings_are_compared_in(tmp_path: Path) -> None:
    """With the folder given to `lists`, its file settings were compared with the default result
    in the cell's folder: an unused missing folder cell stopped it, and `lists` wrote the work
    lists under the result's default name in the folder given, which `consolidate` refused."""
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, InputFolder="nam_ngoai", ListsFile="ds.xlsx")
    result = CliRunner().invoke(main, ["lists", str(tmp_path / "bai_nop"), "--settings", str(book)])
    assert result.exit_code in (0, 1) and (tmp_path / "ds.xlsx").is_file(), result.output
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, ListsFile="thang3/tong_hop_2026-03-31.xlsx")
    (tmp_path / "thang3").mkdir()
    for name in ("CB01.xlsx", "CB02.xlsx"):
        (tmp_path / "thang3" / name).write_bytes((tmp_path / "bai_nop" / name).read_bytes())
    said = "cũng là tệp mà ô “Tệp kết quả” (sheet “Điều khiển”, ô B8) để trống thì dùng"
    for command in ("consolidate", "lists"):
        result = CliRunner().invoke(main, [command, str(tmp_path / "thang3"), "--settings", str(book)])
        assert result.exit_code == 2 and said in " ".join(result.output.split()), result.output
    assert sorted(p.name for p in (tmp_path / "thang3").iterdir()) == ["CB01.xlsx", "CB02.xlsx"]


@pytest.mark.parametrize("name", ["OutputFile", "ListsFile"])
def test_a_file_setting_in_the_feedback_folder_is_refused_on_every_path(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """“Tệp kết quả” = `phan_hoi/CB02_kiem_tra.xlsx`: Tổng hợp wrote the whole ward's result over
    the feedback the clerk forwards to CB02, and the next Kiểm tra moved CB02's real feedback to
    another name. A file cell in the feedback folder is refused, naming it; `doctor` says so."""
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, **{name: "phan_hoi/CB02_kiem_tra.xlsx"})
    checked = CliRunner().invoke(main, ["validate", "--settings", str(book)])
    feedback = tmp_path / "phan_hoi" / "CB02_kiem_tra.xlsx"
    assert feedback.is_file(), checked.output
    before = feedback.read_bytes()
    label = "Tệp kết quả" if name == "OutputFile" else "Tệp danh sách"
    said = f"Ô “{label}” ({xlbook.setting_place(name)}) = “{feedback}” nằm trong thư mục phản hồi"
    command = "consolidate" if name == "OutputFile" else "lists"
    result = CliRunner().invoke(main, [command, "--settings", str(book)])
    assert result.exit_code == 2 and said in " ".join(result.output.split()), result.output
    doctor = CliRunner().invoke(main, ["doctor", "--workbook", str(book)])
    assert said in " ".join(doctor.output.split()), doctor.output
    monkeypatch.chdir(tmp_path)  # the remote engine's book has no folder: the current one
    values = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, name: "phan_hoi/CB02_kiem_tra.xlsx"}
    data = book_json(DEFAULT_TARGET, values, registry=REGISTRY)
    button = caller_book(data)
    (excel.consolidate if name == "OutputFile" else excel.make_lists)()
    assert said in Replay(data, button.json()["actions"]).status()
    assert feedback.read_bytes() == before


def test_no_output_is_written_over_a_feedback_workbook(tmp_path: Path) -> None:
    """`consolidate -o` and `lists -o` naming an earlier feedback for a chi bộ are refused: the
    ward's figures (or its members' names) would go to that one chi bộ."""
    folder, book = _ward(tmp_path, CutoffDate=CUTOFF)
    CliRunner().invoke(main, ["validate", "--settings", str(book)])
    (feedback,) = (tmp_path / "phan_hoi").iterdir()
    before = feedback.read_bytes()
    for command in ("consolidate", "lists"):
        result = CliRunner().invoke(
            main, [command, str(folder), "--cutoff", "31/03/2026", "-o", str(feedback)]
        )
        assert result.exit_code == 2, result.output
        assert "là tệp phản hồi của ward-stats gửi lại một chi bộ" in " ".join(result.output.split())
    assert feedback.read_bytes() == before


def test_doctor_names_the_result_and_lists_cells_naming_one_file(tmp_path: Path) -> None:
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, OutputFile="ket_qua", ListsFile="ket_qua.xlsx")
    result = CliRunner().invoke(main, ["doctor", "--workbook", str(book)])
    output = " ".join(result.output.split())
    assert (
        "Ô “Tệp kết quả” (sheet “Điều khiển”, ô B8) và ô “Tệp danh sách” (sheet “Điều khiển”, ô "
        "B10) cùng ghi tệp" in output
    ), result.output
    assert "Sửa ô “Tệp kết quả”" in output, result.output


# --- a wrong cell stops only the buttons that use it ------------------------------------------

_REFUSALS = {
    "kq.xls": "Ô “Tệp kết quả” (sheet “Điều khiển”, ô B8) = “kq.xls”: công cụ chỉ ghi tệp Excel có "
    "đuôi .xlsx",
    "ket_qua/": "Ô “Tệp kết quả” (sheet “Điều khiển”, ô B8) = “ket_qua/” là một thư mục, không phải tên tệp",
}
_NOTE = "Lưu ý: ô “Tệp kết quả” (sheet “Điều khiển”, ô B8) chưa đúng, cần sửa trước khi tổng hợp."
_CLI_NOTE = (
    "Lưu ý: ô “Tệp kết quả” (sheet “Điều khiển”, ô B8) của tệp --settings chưa đúng, cần "
    "sửa trước khi tổng hợp."
)


def _press(entry: str, values: dict[str, object]) -> str:
    data = book_json(DEFAULT_TARGET, values, registry=REGISTRY)
    button = caller_book(data)
    getattr(excel, entry)()
    return " ".join(Replay(data, button.json()["actions"]).status().split())


@pytest.mark.parametrize("typed", sorted(_REFUSALS))
def test_a_wrong_result_file_cell_stops_only_consolidation(
    tmp_path: Path, typed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """“Tệp kết quả” = `kq.xls` (or a folder's name) stopped Kiểm tra, which writes no result
    file, with that cell's refusal: a clerk checking the submissions was blocked by a cell
    only Tổng hợp uses. Kiểm tra now runs and notes the cell; Tổng hợp still refuses it."""
    (tmp_path / "ket_qua").mkdir()
    write_ward(tmp_path / "bai_nop")
    monkeypatch.chdir(tmp_path)  # the remote engine's book has no folder: beside it = cwd
    values = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "OutputFile": typed}
    checked = _press("validate", values)
    assert checked.startswith("Kiểm tra: đã kiểm tra"), checked
    assert checked.endswith(_NOTE) and "KHÔNG THÀNH CÔNG" not in checked, checked
    assert (tmp_path / "phan_hoi").is_dir()  # the check was made: CB02's feedback written
    consolidated = _press("consolidate", values)
    assert consolidated.startswith("Tổng hợp: KHÔNG THÀNH CÔNG."), consolidated
    assert _REFUSALS[typed] in consolidated, consolidated
    # The launchers' path without macros: the same.
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", values, REGISTRY)
    result = CliRunner().invoke(main, ["validate", "--settings", str(book)])
    assert result.exit_code == 1, result.output  # CB02 has an error
    assert _CLI_NOTE in " ".join(result.stderr.split()), result.stderr
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book)])
    assert result.exit_code == 2 and f"Lỗi: {_REFUSALS[typed]}" in " ".join(result.output.split())
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bai_nop",
        "ket_qua",
        "phan_hoi",
        "tong_hop_phuong.xlsm",
    ]


@pytest.mark.parametrize(
    ("entry", "command", "done"),
    [
        ("make_templates", ["template", "--overwrite"], "Tạo mẫu: đã tạo 3 biểu mẫu"),
        ("make_lists", ["lists"], "Danh sách: "),
        ("upgrade", ["upgrade"], "Nâng cấp: "),
    ],
)
def test_the_other_buttons_run_with_a_wrong_result_file_cell(
    tmp_path: Path, entry: str, command: list[str], done: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tạo mẫu, Danh sách and Nâng cấp never write “Tệp kết quả”: a wrong one is only noted."""
    write_ward(tmp_path / "bai_nop")
    monkeypatch.chdir(tmp_path)
    values = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "OutputFile": "kq.xls"}
    status = _press(entry, values)
    assert status.startswith(done) and "KHÔNG THÀNH CÔNG" not in status, status
    assert status.endswith(_NOTE), status
    book = saved_workbook(tmp_path / "th.xlsm", values, REGISTRY)
    result = CliRunner().invoke(main, [*command, "--settings", str(book)])
    assert result.exit_code in (0, 1) and "Lỗi:" not in result.output, result.output
    assert _CLI_NOTE in " ".join(result.stderr.split()), result.stderr


def test_a_wrong_lists_file_cell_stops_lists_not_consolidation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nor does Tổng hợp stop at “Tệp danh sách”, which only Danh sách writes."""
    write_ward(tmp_path / "bai_nop")
    monkeypatch.chdir(tmp_path)
    values = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "ListsFile": "ds.csv"}
    status = _press("consolidate", values)
    assert status.startswith("Tổng hợp: ") and "KHÔNG THÀNH CÔNG" not in status, status
    assert status.endswith(
        "Lưu ý: ô “Tệp danh sách” (sheet “Điều khiển”, ô B10) chưa đúng, cần sửa trước khi lập danh sách."
    ), status
    status = _press("make_lists", values)
    assert (
        "Danh sách: KHÔNG THÀNH CÔNG." in status
        and "Ô “Tệp danh sách” (sheet “Điều khiển”, ô B10) = “ds.csv”" in status
    ), status


def test_a_wrong_date_cell_does_not_stop_the_buttons_that_read_no_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any cell, not only a file cell: Nâng cấp reads no cut-off; Kiểm tra does, and refuses it."""
    write_ward(tmp_path / "bai_nop")
    monkeypatch.chdir(tmp_path)
    values = {"InputFolder": "bai_nop", "CutoffDate": "31/13/2026"}
    status = _press("upgrade", values)
    assert status.startswith("Nâng cấp: ") and "KHÔNG THÀNH CÔNG" not in status, status
    assert (
        "ô “Ngày chốt số liệu” (sheet “Điều khiển”, ô B5) chưa đúng, cần sửa trước khi kiểm tra, "
        "tổng hợp, lập danh sách." in status
    )
    status = _press("validate", values)
    assert "Kiểm tra: KHÔNG THÀNH CÔNG." in status and "“31/13/2026” không phải ngày" in status, status


# --- hunt 50: the forms' period cell, an over-long path, the note of a failed press ----------

_FORMS_CELL = f"Ô “Biểu mẫu BTCTW: kỳ báo cáo từ ngày” ({xlbook.setting_place('FormPeriodStart')})"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("01/06/2026", "bắt đầu ngày 01/06/2026, sau ngày chốt số liệu 31/03/2026"),
        ("01/01/2025", "từ ngày 01/01/2025 đến ngày 31/03/2026 dài hơn 12 tháng"),
    ],
    ids=["after-cutoff", "over-12-months"],
)
def test_a_forms_period_start_it_cannot_take_is_noted_refused_before_reading_and_listed(
    tmp_path: Path, typed: str, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Biểu mẫu BTCTW: kỳ báo cáo từ ngày` after the cut-off (or more than 12 months before it)
    left the other buttons green and doctor silent, and Tổng hợp refused it only after reading
    every file (hunt50 #1). It is now checked from the cells by the pipeline's own rule, as
    `Số liệu từ ngày` is: noted by the buttons that do not use it, refused by Tổng hợp before
    any file is read, listed by doctor."""
    write_ward(tmp_path / "bai_nop")
    monkeypatch.chdir(tmp_path)
    values = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "FormPeriodStart": typed}
    note = (
        "Lưu ý: ô “Biểu mẫu BTCTW: kỳ báo cáo từ ngày” (sheet “Điều khiển”, ô B12) chưa đúng, "
        "cần sửa trước khi tổng hợp."
    )
    checked = _press("validate", values)
    assert checked.startswith("Kiểm tra: đã kiểm tra") and checked.endswith(note), checked

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the files were read")

    monkeypatch.setattr("toolkit.pipeline.consolidate", no_reading)
    consolidated = _press("consolidate", values)
    assert consolidated.startswith(f"Tổng hợp: KHÔNG THÀNH CÔNG. {_FORMS_CELL}: kỳ báo cáo"), consolidated
    assert said in consolidated, consolidated
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", values, REGISTRY)
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book)])
    assert result.exit_code == 2 and said in " ".join(result.output.split()), result.output
    result = CliRunner().invoke(main, ["lists", "--settings", str(book)])
    assert result.exit_code in (0, 1) and "Lỗi:" not in result.output, result.output
    assert note.replace("ô B12)", "ô B12) của tệp --settings") in " ".join(result.stderr.split())
    result = CliRunner().invoke(main, ["doctor", "--workbook", str(book)])
    output = " ".join(result.output.split())
    assert f"{_FORMS_CELL}: kỳ báo cáo của Biểu 1–4-BTCTW" in output and said in output, result.output
    assert "Sửa ô “Biểu mẫu BTCTW: kỳ báo cáo từ ngày”" in output, result.output


def test_a_forms_period_start_before_the_period_start_cell_is_refused_from_the_cells(tmp_path: Path) -> None:
    """With `Số liệu từ ngày` set, the run's period start is known from the cells: a forms'
    period that starts before it is refused there too (the rule's third bound)."""
    values = {
        "CutoffDate": CUTOFF,
        "PeriodStart": dt.date(2026, 2, 1),
        "FormPeriodStart": dt.date(2026, 1, 1),
    }
    with pytest.raises(SettingError, match="trước ngày bắt đầu kỳ tính biến động 01/02/2026"):
        xlbook.settings_from_values(values, tmp_path)
    ok = {**values, "FormPeriodStart": dt.date(2026, 2, 1)}
    assert xlbook.settings_from_values(ok, tmp_path).form_period_start == dt.date(2026, 2, 1)


_LONG = "ket qua " * 40 + ".xlsx"  # a paragraph pasted into the cell: over 255 bytes of a name


@pytest.mark.parametrize(
    ("name", "value", "doing"),
    [("OutputFile", _LONG, "tổng hợp"), ("TemplateFolder", "bieu mau " * 40, "tạo mẫu")],
)
def test_a_path_cell_the_system_cannot_look_at_is_set_aside_or_refused_naming_it(
    tmp_path: Path, name: str, value: str, doing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An over-long name in “Tệp kết quả” stopped every button, every --settings command and
    doctor with an OSError naming no cell (hunt50 #2). The refusal of the system is now the
    cell's: set aside by the buttons that do not use it, refused naming it by those that do,
    listed by doctor, which goes on."""
    write_ward(tmp_path / "bai_nop")
    monkeypatch.chdir(tmp_path)
    values = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, name: value}
    label = xlbook._label(name)
    checked = _press("validate", values)
    assert checked.startswith("Kiểm tra: đã kiểm tra"), checked
    assert checked.endswith(
        f"Lưu ý: ô “{label}” ({xlbook.setting_place(name)}) chưa đúng, cần sửa trước khi {doing}."
    ), checked
    entry = "consolidate" if name == "OutputFile" else "make_templates"
    refused = _press(entry, values)
    assert f"KHÔNG THÀNH CÔNG. Ô “{label}” ({xlbook.setting_place(name)}) = “" in refused, refused
    assert "tên tệp hoặc đường dẫn quá dài" in refused, refused
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", values, REGISTRY)
    result = CliRunner().invoke(main, ["upgrade", "--settings", str(book)])
    assert result.exit_code == 0 and "Lỗi:" not in result.output, result.output
    result = CliRunner().invoke(main, ["doctor", "--workbook", str(book)])
    output = " ".join(result.output.split())
    assert f"Ô “{label}” ({xlbook.setting_place(name)}) = “" in output and f"Sửa ô “{label}”" in output, (
        result.output
    )
    assert "Thư mục bài nộp" in output and "Danh mục tổ chức" in output, result.output  # it went on


def test_a_press_that_fails_after_reading_the_settings_still_notes_the_cells_set_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failure status dropped the note the command without macros prints (hunt50 #3)."""
    write_ward(tmp_path / "bai_nop")
    monkeypatch.chdir(tmp_path)
    status = _press("consolidate", {"InputFolder": "bai_nop", "ListsFile": "ds.csv"})
    assert status.startswith("Tổng hợp: KHÔNG THÀNH CÔNG. Chưa ghi “Ngày chốt số liệu”"), status
    assert status.endswith(
        "Lưu ý: ô “Tệp danh sách” (sheet “Điều khiển”, ô B10) chưa đúng, cần sửa trước khi lập danh sách."
    ), status


def test_templates_status_with_a_registry_warning_and_a_cell_set_aside_says_lưu_ý_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """“Lưu ý: <registry warning> Lưu ý: ô …” read as one note (hunt50 #4)."""
    import dataclasses

    from toolkit.core.model import Registry

    write_ward(tmp_path / "bai_nop")
    monkeypatch.chdir(tmp_path)
    orgs = list(REGISTRY.organisations)
    orgs.append(dataclasses.replace(orgs[0], org_code="CB04"))  # CB01's name again: a warning
    values = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "OutputFile": "kq.xls"}
    data = book_json(DEFAULT_TARGET, values, registry=Registry(orgs))
    button = caller_book(data)
    excel.make_templates()
    status = " ".join(Replay(data, button.json()["actions"]).status().split())
    assert status.count("Lưu ý:") == 1, status
    assert status.endswith(
        " Ngoài ra, ô “Tệp kết quả” (sheet “Điều khiển”, ô B8) chưa đúng, cần sửa trước khi tổng hợp."
    ), status


def test_an_option_written_on_the_command_line_wins_over_the_wrong_cell_it_replaces(tmp_path: Path) -> None:
    """`-o` or `--cutoff` replace their cell, as the help says, yet a wrong one was refused
    (hunt50 #5): the cell is not used then, only noted."""
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, OutputFile="kq.xls")
    result = CliRunner().invoke(
        main, ["consolidate", "--settings", str(book), "-o", str(tmp_path / "out.xlsx")]
    )
    assert result.exit_code == 1 and "Lỗi:" not in result.output, result.output  # CB02 excluded
    assert (tmp_path / "out.xlsx").is_file()
    assert _CLI_NOTE in " ".join(result.stderr.split()), result.stderr
    _, book = _ward(tmp_path, CutoffDate="31/13/2026")
    result = CliRunner().invoke(main, ["validate", "--settings", str(book), "--cutoff", "31/03/2026"])
    assert result.exit_code == 1 and "Đã kiểm tra 2 tệp" in result.output, result.output
    assert "ô “Ngày chốt số liệu” (sheet “Điều khiển”, ô B5) của tệp --settings chưa đúng" in " ".join(
        result.stderr.split()
    )
    result = CliRunner().invoke(main, ["validate", "--settings", str(book)])  # without: refused
    assert result.exit_code == 2 and "“31/13/2026” không phải ngày" in result.output, result.output


# --- hunt 53: outputs never inputs, the notes an option hid, a name too long for the temp -----


def _no_reading(*args: object, **kwargs: object) -> None:
    raise AssertionError("the files were read")


def test_template_out_into_the_submissions_folder_is_refused_as_the_cell_is(tmp_path: Path) -> None:
    """`template --settings … --out <Thư mục bài nộp>` wrote the blank templates among the
    submissions, and the next check excluded every organisation with a file there (hunt53 #1):
    `--out` replaced the cell and skipped its rule. The rule is the option's too, naming it."""
    folder, book = _ward(tmp_path, CutoffDate=CUTOFF)
    before = sorted(p.name for p in folder.iterdir())
    result = CliRunner().invoke(main, ["template", "--settings", str(book), "--out", str(folder)])
    output = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert (
        f"Thư mục ghi biểu mẫu “{folder}” (--out) cũng là thư mục bài nộp (ô “Thư mục bài nộp”, "
        "sheet “Điều khiển”, ô B4)" in output
    )
    assert "Traceback" not in result.output
    assert sorted(p.name for p in folder.iterdir()) == before
    spelled = tmp_path / "bai_nop" / "." / ""  # another spelling of the same folder
    result = CliRunner().invoke(main, ["template", "--settings", str(book), "--out", str(spelled)])
    assert result.exit_code == 2 and "(--out) cũng là thư mục bài nộp" in " ".join(result.output.split())
    other = tmp_path / "mau"
    result = CliRunner().invoke(main, ["template", "--settings", str(book), "--out", str(other)])
    assert result.exit_code == 0 and len(list(other.glob("*.xlsx"))) == 3, result.output


_FORMS_NOTE = (
    "ô “Biểu mẫu BTCTW: kỳ báo cáo từ ngày” (sheet “Điều khiển”, ô B12) của tệp "
    "--settings chưa đúng, cần sửa trước khi tổng hợp"
)
_PERIOD_NOTE = (
    "ô “Số liệu từ ngày” (sheet “Điều khiển”, ô B6) của tệp --settings chưa đúng, cần "
    "sửa trước khi kiểm tra, tổng hợp"
)


@pytest.mark.parametrize(
    ("cells", "options", "note"),
    [
        ({"FormPeriodStart": "01/01/2025"}, ["validate", "--cutoff", "31/03/2026"], _FORMS_NOTE),
        (
            {"FormPeriodStart": "01/01/2025"},
            ["lists", "--cutoff", "31/03/2026", "-o", "ds.xlsx"],
            _FORMS_NOTE,
        ),
        (
            {"FormPeriodStart": "01/01/2025"},
            ["consolidate", "--form-period", "01/01/2026..31/03/2026", "-o", "kq.xlsx"],
            _FORMS_NOTE,
        ),
        ({"PeriodStart": "01/06/2026"}, ["lists", "--cutoff", "31/03/2026", "-o", "ds.xlsx"], _PERIOD_NOTE),
        (
            {"PeriodStart": "01/06/2026"},
            ["consolidate", "--since", "01/01/2025", "-o", "kq.xlsx"],
            _PERIOD_NOTE,
        ),
        (
            {"OldAgeMen": 200},
            ["validate", "--old-age-men", "60"],
            "ô “Tuổi được miễn vì tuổi cao: nam” (sheet “Điều khiển”, ô B13) của tệp --settings chưa đúng",
        ),
    ],
    ids=["forms-cutoff", "forms-lists", "forms-option", "period-lists", "period-since", "age"],
)
def test_an_option_replacing_a_cell_keeps_the_note_of_a_wrong_cell(
    tmp_path: Path, cells: dict[str, object], options: list[str], note: str
) -> None:
    """`--cutoff`, `--since`, `--form-period`, `--old-age-men` hid the note of a wrong forms'
    period, period start or age cell that the same command gives without them (hunt53 #2): the
    cells a replaced one was blanked before the checks between cells. They now see the values
    the run uses (the option's), and a replaced cell is still checked on its own value."""
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, **cells)
    args = [
        options[0],
        "--settings",
        str(book),
        *[str(tmp_path / a) if a.endswith(".xlsx") else a for a in options[1:]],
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    assert note in " ".join(result.stderr.split()), result.stderr


def test_a_result_file_name_too_long_for_the_temporary_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """“Tệp kết quả” of 250 characters (a legal name) passed every check, then failed after
    every file was read, naming the hidden temporary file (hunt53 #4). The temporary name's
    length is now probed with the cell (and with `-o`), before reading; a write that fails on
    the temporary name names the target."""
    long_name = "k" * 245 + ".xlsx"
    write_ward(tmp_path / "bai_nop")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("toolkit.pipeline.consolidate", _no_reading)
    values = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "OutputFile": long_name}
    status = _press("consolidate", values)
    assert status.startswith(
        "Tổng hợp: KHÔNG THÀNH CÔNG. Ô “Tệp kết quả” (sheet “Điều khiển”, ô B8) = “kkk"
    ), status
    assert "tên tệp hoặc đường dẫn quá dài" in status and ".~ws-tmp" not in status, status
    checked = _press("validate", values)
    assert checked.endswith(
        "Lưu ý: ô “Tệp kết quả” (sheet “Điều khiển”, ô B8) chưa đúng, cần sửa trước khi tổng hợp."
    ), checked
    result = CliRunner().invoke(
        main, ["consolidate", str(tmp_path / "bai_nop"), "--cutoff", "31/03/2026", "-o", long_name]
    )
    output = " ".join(result.output.split())
    assert result.exit_code == 2 and f"Không ghi được tệp “{long_name}”" in output, result.output
    assert ".~ws-tmp" not in output


def test_a_write_that_fails_on_the_temporary_name_names_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The OSError of the temporary name escaped the writer's words (hunt53 #4)."""
    long_name = "k" * 245 + ".xlsx"
    write_ward(tmp_path / "bai_nop")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("toolkit.io.atomic.probe_temp_name", lambda *_, **__: None)  # as before
    result = CliRunner().invoke(
        main, ["consolidate", str(tmp_path / "bai_nop"), "--cutoff", "31/03/2026", "-o", long_name]
    )
    output = " ".join(result.output.split())
    assert result.exit_code == 2 and f"Không ghi được tệp “{long_name}”: tên tệp" in output, result.output
    assert ".~ws-tmp" not in output and not list(tmp_path.glob(".~ws-tmp*"))


def test_a_period_start_after_a_typed_cutoff_is_refused_naming_where_each_came_from(tmp_path: Path) -> None:
    """`Số liệu từ ngày` after `--cutoff` was refused after reading, naming neither the cell nor
    an option (hunt53 #6)."""
    folder, book = _ward(tmp_path, CutoffDate=CUTOFF, PeriodStart="01/02/2026")
    out = str(tmp_path / "kq.xlsx")
    result = CliRunner().invoke(
        main, ["consolidate", "--settings", str(book), "--cutoff", "31/12/2025", "-o", out]
    )
    output = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert (
        "Ô “Số liệu từ ngày” (sheet “Điều khiển”, ô B6) = 01/02/2026 sau --cutoff = 31/12/2025" in output
    ), result.output
    result = CliRunner().invoke(
        main, ["consolidate", str(folder), "--since", "01/02/2026", "--cutoff", "31/12/2025", "-o", out]
    )
    output = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert "Ngày bắt đầu kỳ 01/02/2026 (--since) sau ngày chốt số liệu 31/12/2025 (--cutoff)" in output


def test_a_press_refused_for_a_cell_it_uses_keeps_the_note_of_the_other_wrong_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refusal raised while the settings were read dropped the note (hunt53 #7)."""
    write_ward(tmp_path / "bai_nop")
    monkeypatch.chdir(tmp_path)
    values = {
        "InputFolder": "bai_nop",
        "CutoffDate": CUTOFF,
        "FormPeriodStart": "01/06/2026",
        "ListsFile": "ds.csv",
    }
    status = _press("consolidate", values)
    assert status.startswith(f"Tổng hợp: KHÔNG THÀNH CÔNG. {_FORMS_CELL}: kỳ báo cáo"), status
    assert status.endswith(
        "Lưu ý: ô “Tệp danh sách” (sheet “Điều khiển”, ô B10) chưa đúng, cần sửa trước khi lập danh sách."
    ), status
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", values, REGISTRY)
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book)])
    assert result.exit_code == 2, result.output
    assert "ô “Tệp danh sách” (sheet “Điều khiển”, ô B10) của tệp --settings chưa đúng" in " ".join(
        result.stderr.split()
    ), result.stderr


@pytest.mark.parametrize(
    ("cells", "options", "noted"),
    [
        ({"PeriodStart": "01/01/2026"}, ["lists", "--cutoff", "31/12/2025", "-o", "ds.xlsx"], False),
        (
            {"PeriodStart": "01/01/2026", "FormPeriodStart": "01/01/2026"},
            [
                "consolidate",
                *("--cutoff", "31/12/2025", "--since", "01/01/2025"),
                *("--form-period", "01/01/2025..31/12/2025", "-o", "kq.xlsx"),
            ],
            False,
        ),
        ({"PeriodStart": "01/06/2026"}, ["lists", "--cutoff", "31/12/2026", "-o", "ds.xlsx"], True),
    ],
    ids=["right-cells-lists", "right-cells-consolidate", "wrong-cell-later-cutoff"],
)
def test_a_cell_the_run_does_not_use_is_judged_against_the_other_cells_not_the_options(
    tmp_path: Path, cells: dict[str, object], options: list[str], noted: bool
) -> None:
    """With `--cutoff` typed, right cells were noted "chưa đúng, cần sửa" for disagreeing with
    the option, and a wrong one lost its note when the option happened to agree with it
    (hunt57 #1): a cell the run does not use is judged as the buttons will read it."""
    _, book = _ward(tmp_path, CutoffDate=CUTOFF, **cells)
    args = [
        options[0],
        "--settings",
        str(book),
        *[str(tmp_path / a) if a.endswith(".xlsx") else a for a in options[1:]],
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    assert ("Lưu ý" in result.stderr) is noted, result.stderr
    if noted:
        assert _PERIOD_NOTE in " ".join(result.stderr.split()), result.stderr


def test_a_long_result_name_a_run_can_write_is_not_refused(tmp_path: Path) -> None:
    """The probe of the temporary name assumed a ten-digit process id and six-digit indices,
    and refused a 146-character Vietnamese title (200 bytes) that a run writes (hunt57 #2)."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    stem = ("Báo cáo thống kê đảng viên quý I năm 2026 của Đảng bộ phường " * 3)[:140].strip()
    name = f"{stem}.xlsx"
    assert 180 <= len(name.encode()) <= 255 - 60
    result = CliRunner().invoke(
        main,
        ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(tmp_path / name), "--no-history"],
    )
    assert result.exit_code in (0, 1), result.output
    assert (tmp_path / name).is_file()


def test_template_out_notes_a_template_folder_cell_that_is_the_submissions_folder(tmp_path: Path) -> None:
    """`template --settings … --out mau` said nothing of a “Thư mục ghi biểu mẫu” = the
    submissions folder, which the Tạo mẫu button refuses and doctor lists, though a `#N/A` there
    was noted (hunt57 #3): the cell's own rule now notes it when `--out` replaces it."""
    folder, book = _ward(tmp_path, CutoffDate=CUTOFF, TemplateFolder="bai_nop")
    other = tmp_path / "mau"
    result = CliRunner().invoke(main, ["template", "--settings", str(book), "--out", str(other)])
    assert result.exit_code == 0 and len(list(other.glob("*.xlsx"))) == 3, result.output
    note = (
        "Lưu ý: ô “Thư mục ghi biểu mẫu” (sheet “Điều khiển”, ô B9) của tệp --settings chưa "
        "đúng, cần sửa trước khi tạo mẫu."
    )
    assert note in " ".join(result.stderr.split()), result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["CB01.xlsx", "CB02.xlsx"]


def test_a_file_cell_naming_a_submission_is_noted_by_the_buttons_that_do_not_write_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """“Tệp kết quả” = `bai_nop/CB01.xlsx` (a “Copy as path” of a submission): Tổng hợp refuses
    it, but Kiểm tra said nothing and doctor said [ĐẠT] (hunt57 #4). The buttons that do not
    write it note it, by the rule Tổng hợp refuses it by; the result of an earlier run kept
    among the submissions is no submission, and is not noted."""
    write_ward(tmp_path / "bai_nop")
    monkeypatch.chdir(tmp_path)
    values = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "OutputFile": "bai_nop/CB01.xlsx"}
    refused = _press("consolidate", values)
    assert (
        "KHÔNG THÀNH CÔNG. Tệp kết quả (ô “Tệp kết quả”, sheet “Điều khiển”, ô B8)" in refused
        and "chính là tệp bài nộp" in refused
    )
    checked = _press("validate", values)
    assert checked.startswith("Kiểm tra: đã kiểm tra"), checked
    assert checked.endswith(
        "Lưu ý: ô “Tệp kết quả” (sheet “Điều khiển”, ô B8) chưa đúng, cần sửa trước khi tổng hợp."
    ), checked
    lists = _press("make_lists", {**values, "OutputFile": None, "ListsFile": "bai_nop/CB02.xlsx"})
    assert "KHÔNG THÀNH CÔNG" in lists, lists
    checked = _press("validate", {**values, "OutputFile": None, "ListsFile": "bai_nop/CB02.xlsx"})
    assert checked.endswith(
        "Lưu ý: ô “Tệp danh sách” (sheet “Điều khiển”, ô B10) chưa đúng, cần sửa trước khi lập danh sách."
    ), checked
    # An earlier result in the submissions folder (the default place) may be replaced: no note.
    first = _press("consolidate", {**values, "OutputFile": "bai_nop/kq.xlsx"})
    assert first.startswith("Tổng hợp: ") and "KHÔNG THÀNH CÔNG" not in first, first
    checked = _press("validate", {**values, "OutputFile": "bai_nop/kq.xlsx"})
    assert "Lưu ý" not in checked, checked
