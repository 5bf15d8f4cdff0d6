"""Help pages and the branch form's guide as a clerk reads them (review254).

F1: options taking a file or a name showed click's generic placeholder “GIÁ_TRỊ” (`--json
GIÁ_TRỊ`, `--ward-name GIÁ_TRỊ`, `--interpreter GIÁ_TRỊ`) where every other option names what it
takes (TỆP, THƯ_MỤC, NGÀY, SỐ). F2: rollup's `--json` stopped at “hoặc '-'.”, where every other
`--json` says what '-' does. F3: template's `--out` said “ĐƯỜNG_DẪN … [mặc định: .]”: a path
syntax, not words, for the current folder. F4: the form's guide wrote “chính thức...” with three
dots where every other text writes the ellipsis “…”. F5: the three transfer scopes were listed
without their own commas (“xã phường khác trong tỉnh, hay tỉnh thành phố khác”) in a missing
scope's error and in what an upgraded file asks for.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from helpers_validate import clean_events, run, write, write_old

from toolkit.cli import main
from toolkit.core import layout, vocab
from toolkit.core.rules import RULES
from toolkit.outputs.template import build_template
from toolkit.outputs.upgrade import upgrade_files


def _help_pages() -> list[list[str]]:
    pages: list[list[str]] = [[]]
    for name, command in main.commands.items():
        pages.append([name])
        if isinstance(command, click.Group):
            pages += [[name, sub] for sub in command.commands]
    return pages


def _words(args: list[str]) -> str:
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="ward-stats")
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


@pytest.mark.parametrize("args", _help_pages(), ids=lambda a: " ".join(a) or "ward-stats")
def test_help_pages_name_what_an_option_takes(args: list[str]) -> None:
    page = _words(args)
    assert "GIÁ_TRỊ" not in page
    # '-' is explained wherever it is offered
    assert page.count("hoặc '-'") == page.count("hoặc '-' để in ra màn hình")
    assert "[mặc định: .]" not in page


def test_file_and_name_options_have_their_placeholders() -> None:
    assert "--json TỆP" in _words(["consolidate"]) and "--ward-name TÊN_PHƯỜNG" in _words(["consolidate"])
    assert "--json TỆP" in _words(["validate"])
    assert "--json TỆP" in _words(["history", "export"])
    assert "--ward-name TÊN_PHƯỜNG" in _words(["history", "blank-forms"])
    rollup = _words(["rollup"])
    assert "--json TỆP" in rollup and "--name TÊN" in rollup
    assert "hoặc '-' để in ra màn hình" in rollup
    assert "--interpreter TỆP" in _words(["doctor"])


def test_template_out_says_the_current_folder_in_words(tmp_path, monkeypatch) -> None:
    page = _words(["template"])
    assert "--out THƯ_MỤC Thư mục ghi biểu mẫu. [mặc định: thư mục hiện tại]" in page
    # the default itself is unchanged: the blank form is written where the command runs
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["template"])
    assert result.exit_code == 0, result.output
    assert [p.suffix for p in tmp_path.iterdir()] == [".xlsx"]


@pytest.mark.parametrize("version", [layout.VERSION_2026_1, layout.VERSION_2026_2])
def test_the_form_guide_writes_the_ellipsis_as_one_character(version: str) -> None:
    wb = build_template(version=version)
    texts = [
        c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    ]
    assert any("chính thức… đã có cột riêng" in t for t in texts)
    assert [t for t in texts if "..." in t] == []


# --- F5: the transfer scopes said as the dropdown says them ---------------------------------------


def _scopes_as_listed() -> str:
    """The dropdown's three values, each in quotes: (“A”, “B” hay “C”)."""
    first, second, third = (f"“{label}”" for label in vocab.TRANSFER_SCOPE.labels)
    return f"({first}, {second} hoặc {third})"


def _transfer_out_without_scope() -> list[dict[str, object]]:
    return [
        *clean_events(),
        {
            "full_name": "Đinh Văn Khải",
            "birth_date": dt.date(1985, 9, 9),
            "event_type": "transfer_out",
            "event_date": dt.date(2025, 8, 1),
        },
    ]


def test_a_transfer_without_scope_names_the_three_choices_of_the_list(tmp_path: Path) -> None:
    # “xã phường khác trong tỉnh, hay tỉnh thành phố khác”: the commas inside the values were
    # dropped to list them, so the clerk read neither the values nor where one ended
    result = run(write(tmp_path, events=_transfer_out_without_scope()))
    (issue,) = [i for i in result.issues if i.code == "event.no_transfer_scope"]
    assert issue.message.endswith(f"{_scopes_as_listed()}.")


def test_an_upgraded_transfer_says_the_three_choices_of_the_list(tmp_path: Path) -> None:
    (tmp_path / "nop").mkdir()
    old = write_old(tmp_path / "nop", events=_transfer_out_without_scope())
    (done,) = upgrade_files([old], tmp_path / "moi").upgraded
    # the “Cần bổ sung” sheet of the new file
    (scope,) = [i for i in done.to_complete if i.key == "transfer_scope"]
    assert scope.action == f"Chọn phạm vi chuyển {_scopes_as_listed()}"
    # and the warning of the upgraded file until it is completed
    (todo,) = [i for i in run(done.target).issues if i.code == "event.to_complete_after_upgrade"]
    assert f"cần chọn phạm vi chuyển {_scopes_as_listed()}" in todo.message


# --- F6: one name for Save As ----------------------------------------------------------------------


def test_every_rule_names_save_as_as_lu_thanh() -> None:
    # “Lưu thành” (file.xls, file.ods, file.csv, file.wps, file.strict) beside “Lưu dưới dạng”
    # (registry.not_utf8, registry.format): two names for one command of Excel
    said = [rule.code for rule in RULES.values() if "Lưu dưới dạng" in rule.template]
    assert said == []
    assert "Lưu thành (Save As)" in RULES["registry.not_utf8"].template
    assert "Lưu thành (Save As)" in RULES["registry.format"].template
    # Every Save As is named with its English words too (review257: a Vietnamese Office may call
    # it otherwise, "Lưu Như"; the English menu is named as it reads).
    for code in ("file.xls", "file.ods", "file.csv", "file.wps", "file.strict"):
        template = RULES[code].template
        assert template.count("Lưu thành") == template.count("Lưu thành (Save As)") >= 1, code


def test_a_registry_csv_not_in_utf8_is_told_lu_thanh(tmp_path: Path) -> None:
    registry = tmp_path / "danh_muc_to_chuc.csv"
    text = "Mã tổ chức,Tên tổ chức đảng\nCB01,Chi bộ Tổ dân phố số 1\n"
    # one letter in a one-byte Windows code page (ô of Windows-1258), as an old Excel saved it
    registry.write_bytes(text.encode("utf-8").replace("ộ".encode(), b"\xf4"))
    (tmp_path / "nop").mkdir()
    done = CliRunner().invoke(
        main, ["validate", str(tmp_path / "nop"), "--registry", str(registry), "--cutoff", "31/03/2026"]
    )
    said = " ".join(done.output.split())
    assert done.exit_code == 2, said
    assert "Tệp CSV không phải mã UTF-8. Hãy lưu lại bằng Excel: Lưu thành (Save As) → CSV UTF-8." in said, (
        said
    )


def test_a_summary_in_utf16_is_told_lu_thanh(tmp_path: Path) -> None:
    typed = tmp_path / "nam_truoc.json"
    typed.write_text('{"schema_version": 1}', encoding="utf-16")
    done = CliRunner().invoke(
        main, ["history", "import", str(typed), "--history", str(tmp_path / "ls.sqlite")]
    )
    said = " ".join(done.output.split())
    assert "chọn File → Save As (Lưu thành), ở ô Encoding (Mã hóa) chọn UTF-8" in said, said
    assert "Lưu dưới dạng" not in said


# --- F7: one name for the folder of submissions ------------------------------------------------


def test_the_folder_of_submissions_has_one_name() -> None:
    # “thư mục các tệp nộp” (org.other_period_file, org.old_file_unregistered) beside the
    # setting's own name, “Thư mục bài nộp”, used by every other message
    assert [r.code for r in RULES.values() if "các tệp nộp" in r.template] == []
    for code in ("org.other_period_file", "org.old_file_unregistered"):
        assert "ra khỏi thư mục bài nộp" in RULES[code].template


# --- F11: the guide names the fields of “Thông tin” as their labels ----------------------------


def test_the_guide_names_the_info_fields_as_labelled() -> None:
    # “ghi Bí thư, điện thoại, Ngày chốt số liệu…”: one field of four in lower case
    wb = build_template()
    first = str(wb[layout.SHEET_GUIDE]["A3"].value)
    labels = [str(c.value) for c in wb[layout.SHEET_INFO]["A"] if c.value]
    for label in ("Bí thư", "Điện thoại", "Ngày chốt số liệu", "Số liệu từ ngày"):
        assert label in labels
        assert label in first, label


# --- F13: a date's two forms in one order, the clerk's first ---------------------------------------


@pytest.mark.parametrize("args", _help_pages(), ids=lambda a: " ".join(a) or "ward-stats")
def test_dates_are_asked_day_first_on_every_help_page(args: list[str]) -> None:
    # “(YYYY-MM-DD hoặc DD/MM/YYYY)” on consolidate, validate, lists beside blank-forms'
    # “(DD/MM/YYYY hoặc YYYY-MM-DD), ví dụ 31/03/2025”
    assert "YYYY-MM-DD hoặc DD/MM/YYYY" not in _words(args)


def test_a_date_not_read_is_asked_day_first() -> None:
    done = CliRunner().invoke(main, ["validate", ".", "--cutoff", "cuối quý 1"])
    assert "hãy viết dạng DD/MM/YYYY hoặc YYYY-MM-DD." in done.output, done.output
    # A two-digit year is told as such, the form still day first (fix353).
    done = CliRunner().invoke(main, ["validate", ".", "--cutoff", "31-3-26"])
    assert "hãy ghi đủ 4 chữ số của năm, dạng DD/MM/YYYY" in done.output, done.output
