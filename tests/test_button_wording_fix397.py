"""A button's run tells the clerk the cell of “Điều khiển”, never a command-line option (fix397).

A clerk of `tong_hop_phuong.xlsm` presses “Kiểm tra” or “Tổng hợp”; he has never seen the
command line. The run's rows of `Kiểm tra` still told him “ô “Tên phường” của sheet “Điều khiển”
(hoặc --ward-name)”, “(hoặc --cutoff)”, “--since”, “(… bằng --history)”, “lệnh ward-stats
upgrade”. A rule's template marks the parts only one kind of run says (`rules._RUN_PART`), and the
edge says which kind of run it is (`rules.button_run`, entered by `toolkit.excel` around a press):
a button's rows, status and result workbook say only the cell, the command line's keep both.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_excel import BOOK_NAME, REGISTRY, Replay, book_json, caller_book, write_ward
from tests.helpers_validate import write_old
from toolkit import excel
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.core.rules import _RULES, RULES, button_run, make_issue
from toolkit.excel import book as xlbook
from toolkit.excel.build import DEFAULT_TARGET
from toolkit.io.registry import REGISTRY_SHEET
from toolkit.outputs.sheets import SHEET_ISSUES
from toolkit.outputs.sheets.issues import ISSUE_COLUMNS

HEADER = [h for h, _ in ISSUE_COLUMNS]
# A command-line option (`--ward-name`), or a command of the command line, in a text.
COMMAND_LINE = re.compile(r"(?<![\w-])--[a-z]|lệnh ward-stats|history import|Nang cap\.cmd")


@pytest.fixture(autouse=True)
def _remote_engine_licence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.chdir(tmp_path)


def _press(press: Any, settings: dict[str, Any]) -> Replay:
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY)
    book = caller_book(data)
    press()
    return Replay(data, book.json()["actions"])


def _messages(rows: list[list[Any]]) -> dict[str, list[str]]:
    """Each code's messages in a `Kiểm tra` sheet's rows (its header row found by its columns)."""
    start = next(i for i, r in enumerate(rows) if list(r[: len(HEADER)]) == HEADER) + 1
    found: dict[str, list[str]] = {}
    for r in rows[start:]:
        row = dict(zip(HEADER, r, strict=False))
        if row.get("Mã lỗi"):
            found.setdefault(str(row["Mã lỗi"]), []).append(str(row["Nội dung"]))
    return found


def _no_command_line(texts: dict[str, list[str]], *codes: str) -> None:
    for code in codes:
        assert code in texts, (code, sorted(texts))
    said = {code: m for code, ms in texts.items() for m in ms if COMMAND_LINE.search(m)}
    assert not said, said


def _status(replay: Replay) -> str:
    """The status cell without the first history's note, which gives the command that adds last
    year's figures with how to open a Command Prompt for it: no button does that (h222; fix397's
    report)."""
    return re.sub(r"Lịch sử tổng hợp: Chưa có tệp lịch sử .*? Tệp kết quả:", "Tệp kết quả:", replay.status())


def _result_rows(path: Path) -> list[list[Any]]:
    return [[c.value for c in r] for r in openpyxl.load_workbook(path)[SHEET_ISSUES].iter_rows()]


@pytest.mark.parametrize("workers", ["1", "2"])  # a file's issues made in a reading worker too
def test_the_check_button_says_the_cells_of_a_mistyped_cutoff_and_an_old_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    monkeypatch.setenv("WARD_STATS_WORKERS", workers)
    write_ward(tmp_path / "nop", with_error=False)  # both files of 31/03/2026, from 01/01/2025
    write_old(tmp_path / "nop")  # a 2026.1 file: `file.old_template`, “lệnh ward-stats upgrade”
    replay = _press(
        excel.validate,
        {"InputFolder": str(tmp_path / "nop"), "CutoffDate": "30/06/2026", "PeriodStart": "01/02/2025"},
    )
    texts = _messages(replay.rows(SHEET_ISSUES))
    _no_command_line(texts, "ward.cutoff_unmatched", "org.period_start_differs", "file.old_template")
    (cutoff,) = texts["ward.cutoff_unmatched"]
    assert "ô “Ngày chốt số liệu” ở sheet “Điều khiển” rồi chạy lại" in cutoff, cutoff
    assert "(ô “Số liệu từ ngày” ở sheet “Điều khiển”)" in texts["org.period_start_differs"][0]
    assert "(nút “Nâng cấp” ở sheet “Điều khiển”) rồi" in texts["file.old_template"][0]
    assert not COMMAND_LINE.search(_status(replay)), replay.status()  # the cut-off said first there


@pytest.mark.parametrize(
    ("ward", "code"),
    [(None, "ward.no_ward_name"), ("Hải Dương", "ward.name_without_kind"), ("Phường", "ward.name_only_kind")],
)
def test_the_consolidate_button_says_the_ward_name_cell(tmp_path: Path, ward: str | None, code: str) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    settings = {"InputFolder": str(tmp_path / "nop"), "CutoffDate": "31/03/2026", "PeriodStart": "01/02/2025"}
    replay = _press(excel.consolidate, {**settings, **({"WardName": ward} if ward else {})})
    codes = (code, "ward.period_start_unmatched", "org.period_start_differs")
    _no_command_line(_messages(replay.rows(SHEET_ISSUES)), *codes)
    # The result workbook's `Kiểm tra` sheet, the status cell: no option either.
    _no_command_line(_messages(_result_rows(tmp_path / "nop" / "tong_hop_2026-03-31.xlsx")), *codes)
    assert not COMMAND_LINE.search(_status(replay)), replay.status()
    (said,) = _messages(replay.rows(SHEET_ISSUES))[code]
    assert said.endswith("của sheet “Điều khiển” rồi chạy lại Tổng hợp."), said


def test_the_consolidate_button_says_no_option_of_a_corrupt_history(tmp_path: Path) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    (tmp_path / "lich_su_tong_hop.sqlite").write_bytes(b"not a database" * 100)  # beside the book
    replay = _press(excel.consolidate, {"InputFolder": str(tmp_path / "nop"), "CutoffDate": "31/03/2026"})
    texts = _messages(_result_rows(tmp_path / "nop" / "tong_hop_2026-03-31.xlsx"))
    _no_command_line(texts, "history.corrupt")
    assert texts["history.corrupt"][0].endswith("Hãy chép bản sao lưu của tệp lịch sử vào chỗ cũ.")
    assert not COMMAND_LINE.search(_status(replay)), replay.status()


def _cli_messages(tmp_path: Path, name: str, *options: str) -> tuple[dict[str, str], str]:
    out, summary = tmp_path / f"{name}.xlsx", tmp_path / f"{name}.json"
    args = ["consolidate", str(tmp_path / "nop"), *options, "--no-history", "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--json", str(summary)])
    assert result.exit_code in (0, 1), result.output
    issues = json.loads(summary.read_text("utf-8"))["issues"]
    return {i["code"]: i["message"] for i in issues}, result.output


def test_the_command_line_keeps_its_options(tmp_path: Path) -> None:
    # The same settings on the command line: its messages (the JSON's `message`) name the option.
    write_ward(tmp_path / "nop", with_error=False)
    messages, output = _cli_messages(tmp_path, "a", "--cutoff", "30/06/2026")
    assert "ở sheet “Điều khiển” (hoặc --cutoff) rồi chạy lại" in messages["ward.cutoff_unmatched"]
    assert "(hoặc --ward-name) rồi chạy lại Tổng hợp." in messages["ward.no_ward_name"]
    assert "--ward-name" in output  # its status lines too
    messages, _ = _cli_messages(tmp_path, "b", "--cutoff", "31/03/2026", "--since", "01/02/2025")
    assert "(--since, hoặc ô “Số liệu từ ngày” của tệp tổng hợp)" in messages["org.period_start_differs"]
    assert "“Điều khiển” (hoặc --since) rồi chạy lại." in messages["ward.period_start_unmatched"]


def test_every_rule_a_button_makes_names_no_option() -> None:
    # The catalogue: a button's wording names no option nor command (a roll-up is the command
    # line's alone); the command line's is the template as `docs/rules.md` lists it.
    for rule in _RULES:
        if not rule.code.startswith("rollup."):
            assert not COMMAND_LINE.search(rule.button_template), (rule.code, rule.button_template)
        assert "\u27e6" not in rule.template + rule.button_template, rule.code
    with button_run():
        issue = make_issue("ward.no_ward_name")
    assert "--ward-name" not in issue.message and "--ward-name" in make_issue("ward.no_ward_name").message
    assert RULES["ward.no_ward_name"].template.count("--ward-name") == 1
    assert xlbook.SHEET_CONTROL in issue.message and BOOK_NAME.endswith(".xlsm")


def _registry_rows(replay: Replay, code: str) -> list[tuple[dict[str, Any], str | None]]:
    rows = replay.rows(SHEET_ISSUES)
    start = next(i for i, r in enumerate(rows) if list(r[: len(HEADER)]) == HEADER) + 1
    found = []
    for number, values in enumerate(rows[start:], start=start + 1):
        row = dict(zip(HEADER, values, strict=False))
        if row["Mã lỗi"] == code:
            found.append((row, replay.links[SHEET_ISSUES].get((number, HEADER.index("Ô") + 1))))
    assert found, (code, rows)
    return found


@pytest.mark.parametrize(
    ("twin", "code"), [("name", "registry.same_name"), ("code", "registry.duplicate_code")]
)
def test_the_books_registry_rows_link_to_its_cells(tmp_path: Path, twin: str, code: str) -> None:
    # The book's own `Danh mục tổ chức`: a warning (two organisations of one name) in the run's
    # list, an error (one code twice) in the failed press's; each row names the book and links
    # to its cell, as a registry file's row names that file (they had no file and no link).
    write_ward(tmp_path / "nop", with_error=False)
    orgs = REGISTRY.organisations
    third = (
        replace(orgs[2], org_name=orgs[1].org_name) if twin == "name" else replace(orgs[2], org_code="CB02")
    )
    data = book_json(
        DEFAULT_TARGET, {"InputFolder": str(tmp_path / "nop")}, registry=Registry([*orgs[:2], third])
    )
    book = caller_book(data)
    excel.validate()
    replay = Replay(data, book.json()["actions"])
    for row, link in _registry_rows(replay, code):
        assert (row["Tệp"], row["Sheet"]) == (BOOK_NAME, REGISTRY_SHEET), row
        assert row["Ô"] and link == f"{tmp_path / BOOK_NAME}#'{REGISTRY_SHEET}'!{row['Ô']}", (row, link)
