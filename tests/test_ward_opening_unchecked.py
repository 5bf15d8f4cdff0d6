"""A run whose ward opening is not checked for its earlier record's coverage says so (hunt220 R5).

The opening check compares the ward's roll rebuilt from this run's files with the earlier
record's `members.total` only when both runs say they consolidated every organisation they
expected. A record imported from a summary typed by hand (no `orgs.consolidated` /
`orgs.registered`) or one that left organisations out was passed over in silence: `history
import` said it once, and no run after. Now the run says it, `form.ward_opening_unchecked`,
in `Kiểm tra`, the JSON summary and the console, with how to have it checked; a record that
says it was complete gives no such row (its ward is compared).

The demo ward (`ward-stats demo`: 72 real workbooks of the template, its registry), a real
SQLite history filled by `history import`, the CLI.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.helpers_history import run_cli
from toolkit.core import commands
from toolkit.core.rules import RULES
from toolkit.outputs.sheets import SHEET_ISSUES

CODE = "form.ward_opening_unchecked"
WARD = "Phường Mẫu"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "phuong"
    made = run_cli("demo", folder)
    assert made.exit_code == 0, made.output
    return folder


def _run(demo: Path, tmp: Path, indicators: dict[str, int]) -> tuple[dict[str, Any], str, Path]:
    """A summary typed by hand at 31/12/2025 (`indicators`) imported into a new history, then
    the demo ward consolidated at 31/03/2026 with it: the JSON summary, the console, the workbook."""
    typed = tmp / "nam_2025.json"
    typed.write_text(
        json.dumps(
            {
                "ward_name": WARD,
                "cutoff_date": "2025-12-31",
                "period_start": "2025-01-01",
                "indicators": indicators,
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    history = tmp / "lich_su_tong_hop.sqlite"
    imported = run_cli("history", "import", typed, "--history", history)
    assert imported.exit_code == 0, imported.output
    out = tmp / "tong_hop.xlsx"
    run = run_cli(
        "consolidate",
        demo / "nop",
        "--registry",
        demo / "danh_muc_to_chuc.xlsx",
        "--cutoff",
        "31/03/2026",
        "--ward-name",
        WARD,
        "--history",
        history,
        "-o",
        out,
        "--json",
        tmp / "tong_hop.json",
    )
    assert run.exit_code == 0, run.output
    return json.loads((tmp / "tong_hop.json").read_text(encoding="utf-8")), run.output, out


def _issues_sheet(out: Path) -> list[str]:
    ws = openpyxl.load_workbook(out, read_only=True)[SHEET_ISSUES]
    return [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]


def _found(summary: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [i for i in summary["issues"] if i["code"] == code]


def test_a_hand_made_summary_without_coverage_is_said_unchecked(demo: Path, tmp_path: Path) -> None:
    summary, console, out = _run(demo, tmp_path, {"members.total": 4000})
    assert summary["indicators"]["members.total"] == 4216
    (row,) = _found(summary, CODE)
    message = row["message"]
    assert row["severity"] == RULES[CODE].severity == "warning"
    assert row["value"] is None and row["org_code"] is None  # the ward's, no cell's value
    assert message.startswith(
        "Toàn Đảng bộ: số đảng viên toàn phường tại ngày 31/12/2025, tính lại từ các tệp kỳ này, "
        "chưa được đối chiếu với lần tổng hợp ngày 31/12/2025 (lần số 1 trong lịch sử tổng hợp), "
        "vì lần đó không ghi số tổ chức đã tổng hợp và số tổ chức trong danh mục"
    )
    assert "“orgs.registered”" in message and "“orgs.consolidated”" in message
    assert f'history remove 1 --yes --history "{tmp_path / "lich_su_tong_hop.sqlite"}"' in message
    assert "thêm lại bằng lệnh history import, rồi tổng hợp lại lần này." in message
    assert unicodedata.is_normalized("NFC", message)
    # No other opening warning: 4000 against 4216 was not compared.
    assert [i["code"] for i in summary["issues"] if i["code"].startswith("form.")] == [CODE]
    assert message in _issues_sheet(out)
    assert message in console.splitlines()
    assert "Tổng cộng 0 lỗi, 2 cảnh báo" in console


def test_a_record_that_left_organisations_out_is_said_unchecked(demo: Path, tmp_path: Path) -> None:
    summary, console, _ = _run(
        demo, tmp_path, {"members.total": 4000, "orgs.registered": 72, "orgs.consolidated": 70}
    )
    (row,) = _found(summary, CODE)
    assert "vì lần đó chỉ tổng hợp được 70 trong 72 tổ chức cần tổng hợp:" in row["message"]
    # An imported summary: its files are not on this PC, to be consolidated again here (review231).
    assert (
        "Nếu cần đối chiếu: tổng hợp lại ngày chốt 31/12/2025 với đủ các tệp ở nơi đã làm tệp JSON đã "
        "thêm vào lịch sử (hoặc, nếu tệp ghi tay ghi thiếu, sửa hai chỉ tiêu “orgs.registered”, "
        "“orgs.consolidated” trong đó); xóa lần đó khỏi lịch sử" in row["message"]
    ), row["message"]
    assert row["message"].endswith("thêm lại bằng lệnh history import, rồi tổng hợp lại lần này.")
    assert row["message"] in console.splitlines()


def test_a_record_with_its_coverage_is_compared_and_gives_no_row(demo: Path, tmp_path: Path) -> None:
    summary, console, _ = _run(
        demo, tmp_path, {"members.total": 4000, "orgs.registered": 72, "orgs.consolidated": 72}
    )
    assert _found(summary, CODE) == []
    assert "chưa được đối chiếu" not in console
    # The ward was compared: 4000 is not the roll rebuilt from the files.
    (compared,) = _found(summary, "form.ward_opening_no_org_figures")
    assert (
        "lần tổng hợp ngày 31/12/2025 (lần số 1 trong lịch sử tổng hợp) "
        "ghi 4.000, cả hai lần đều đủ các tổ chức." in compared["message"]
    )


def test_a_record_typed_from_last_years_forms_names_its_workbook(demo: Path, tmp_path: Path) -> None:
    """Typed from last year's forms (`history blank-forms`) without the two coverage cells of
    `Thông tin`: the advice is to fill those cells, not a JSON's `indicators`."""
    book, history = _typed_forms(tmp_path, None)
    summary = _consolidated(demo, tmp_path, history)
    (row,) = _found(summary, CODE)
    assert (
        "vì lần đó chép từ các biểu năm trước mà để trống hai ô cuối của sheet “Thông tin”" in row["message"]
    )
    assert f"trong tệp “{book.name}”" in row["message"]
    assert "Muốn đối chiếu: điền hai ô đó, xóa lần đó khỏi lịch sử" in row["message"]
    assert "indicators" not in row["message"], row["message"]


def _typed_forms(tmp: Path, coverage: tuple[int, int] | None, *, office: bool = False) -> tuple[Path, Path]:
    """Last year's forms typed into `history blank-forms`' workbook (its two coverage cells of
    `Thông tin` given `coverage`), imported into a new history: the workbook and the history.
    `office`: the office folder of the Windows bundle, the workbook `so_lieu_nam_truoc.xlsx`
    beside the history and the launcher that adds it (copied from the bundle's sources)."""
    book = tmp / (commands.FORMS_FILENAME if office else "bieu_2025.xlsx")
    if office:
        launcher = commands.FORMS_IMPORT_LAUNCHER
        shutil.copyfile(Path(__file__).parents[1] / "packaging" / "windows" / launcher, tmp / launcher)
    history = tmp / "lich_su_tong_hop.sqlite"
    made = run_cli("history", "blank-forms", book, "--cutoff", "31/12/2025", "--ward-name", WARD)
    assert made.exit_code == 0, made.output
    wb = openpyxl.load_workbook(book)
    ws = wb["Biểu 1-BTCTW"]
    typed = {"A": 4000, "B": 0, "C": 0, "D": 4000}
    for row in ws.iter_rows():
        if row[0].value in typed:
            row[2].value = typed[row[0].value]
    if coverage is not None:
        for row in wb["Thông tin"].iter_rows():
            if row[0].value == "orgs.consolidated":
                row[2].value = coverage[0]
            elif row[0].value == "orgs.registered":
                row[2].value = coverage[1]
    wb.save(book)
    imported = run_cli("history", "import", book, "--history", history)
    assert imported.exit_code == 0, imported.output
    return book, history


def _consolidated(demo: Path, tmp: Path, history: Path) -> dict[str, Any]:
    run = run_cli(
        "consolidate", demo / "nop", "--registry", demo / "danh_muc_to_chuc.xlsx", "--cutoff",
        "31/03/2026", "--ward-name", WARD, "--history", history, "-o", tmp / "tong_hop.xlsx",
        "--json", tmp / "tong_hop.json",
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    return json.loads((tmp / "tong_hop.json").read_text(encoding="utf-8"))


def test_a_partial_record_typed_from_last_years_forms_is_not_told_to_be_consolidated_again(
    demo: Path, tmp_path: Path
) -> None:
    """Typed forms whose two cells say 70 of 72 organisations: there are no files of last year
    here to consolidate "again with every file" (review231); the advice is the two cells."""
    book, history = _typed_forms(tmp_path, (70, 72))
    (row,) = _found(_consolidated(demo, tmp_path, history), CODE)
    message = row["message"]
    assert f"vì lần đó chép từ các biểu năm trước trong tệp “{book.name}”" in message or (
        f"vì lần đó chép từ các biểu năm trước trong tệp “{book}”" in message
    ), message
    assert "các biểu chỉ có số liệu của 70 trong 72 tổ chức của phường khi đó" in message
    assert "Nếu các biểu đó đã có đủ các tổ chức, hãy sửa hai ô đó" in message
    assert "nếu đúng là thiếu, số đầu kỳ toàn phường không đối chiếu được." in message
    assert "với đủ các tệp" not in message, message
    assert unicodedata.is_normalized("NFC", message)


def test_a_complete_record_typed_from_last_years_forms_that_differs_names_its_workbook(
    demo: Path, tmp_path: Path
) -> None:
    """Typed forms whose two cells say every organisation, their D unlike the ward's roll
    rebuilt from the files (hunt233): the warning spoke of a JSON summary imported without its
    organisations to a clerk who never saw one, and not of the figure typed. It names the
    workbook, the lines the figure was copied into and how to mend one copied wrong."""
    book, history = _typed_forms(tmp_path, (72, 72))
    (row,) = _found(_consolidated(demo, tmp_path, history), "form.ward_opening_no_org_figures")
    message = row["message"]
    assert "JSON" not in message, message
    assert f"là số liệu chép từ các biểu năm trước (tệp Excel “{book.name}”)" in message, message
    assert "Số 4.000 là số chép vào dòng I của Biểu 3-BTCTW (hoặc dòng D của Biểu 1-BTCTW)" in message
    assert "xóa lần đó khỏi lịch sử (chạy lệnh" in message and "history remove 1 --yes" in message
    assert unicodedata.is_normalized("NFC", message)


@pytest.mark.parametrize("coverage", [None, (70, 72), (72, 72)], ids=["unknown", "partial", "complete"])
def test_in_the_office_folder_the_advice_to_add_the_typed_workbook_again_names_its_launcher(
    demo: Path, tmp_path: Path, coverage: tuple[int, int] | None
) -> None:
    """In the office folder the clerk adds last year's forms with `Nam truoc 2 - Nhap vao lich
    su.cmd`, never a command: the run's advice to add the workbook again named only "lệnh history
    import" (stop 74's left-out), with no command a clerk could type. It names the launcher
    first and the whole command beside it, as the import's own note does."""
    book, history = _typed_forms(tmp_path, coverage, office=True)
    summary = _consolidated(demo, tmp_path, history)
    code = "form.ward_opening_no_org_figures" if coverage == (72, 72) else CODE
    (row,) = _found(summary, code)
    message = row["message"]
    command = commands.history_command(f"import {commands.quoted(commands.full(book))}", history)
    assert (
        f"thêm lại tệp “{book.name}” (bấm đúp {commands.FORMS_IMPORT_LAUNCHER}, hoặc chạy lệnh “{command}”)"
        in message
        or f"thêm lại tệp (bấm đúp {commands.FORMS_IMPORT_LAUNCHER}, hoặc chạy lệnh “{command}”)" in message
    ), message
    assert "bằng lệnh history import" not in message, message
    assert unicodedata.is_normalized("NFC", message)


def test_outside_the_office_folder_the_advice_names_the_command_only(demo: Path, tmp_path: Path) -> None:
    """A typed workbook of another name, with no launcher beside the history: no launcher named."""
    _, history = _typed_forms(tmp_path, None)
    (row,) = _found(_consolidated(demo, tmp_path, history), CODE)
    assert "bằng lệnh history import, rồi tổng hợp lại lần này." in row["message"], row["message"]
    assert commands.FORMS_IMPORT_LAUNCHER not in row["message"]


def test_a_merged_wards_sum_is_told_to_be_imported_again_as_one(demo: Path, tmp_path: Path) -> None:
    """A merged ward's sum (`history import --merged-ward`) of a former ward's summary without
    its coverage: imported again without `--merged-ward` the files would be two other wards'
    records, not this ward's opening (review231)."""
    files = []
    for name, indicators in (
        ("Phường A", {"members.total": 2000, "orgs.registered": 30, "orgs.consolidated": 30}),
        ("Phường B", {"members.total": 2000}),
    ):
        path = tmp_path / f"{name}.json"
        path.write_text(
            json.dumps(
                {"ward_name": name, "cutoff_date": "2025-12-31", "period_start": "2025-01-01",
                 "indicators": indicators},
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )  # fmt: skip
        files.append(path)
    history = tmp_path / "lich_su_tong_hop.sqlite"
    imported = run_cli("history", "import", *files, "--merged-ward", WARD, "--history", history)
    assert imported.exit_code == 0, imported.output
    (row,) = _found(_consolidated(demo, tmp_path, history), CODE)
    assert "của tệp JSON của từng phường cũ hai chỉ tiêu" in row["message"]
    assert (
        f'thêm lại các tệp đó bằng lệnh history import với --merged-ward "{WARD}", rồi tổng hợp lại '
        "lần này." in row["message"]
    ), row["message"]


def test_a_failing_look_for_the_typed_workbook_keeps_the_opening_check(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The look for a typed workbook only words the advice: when it fails, the ward is still
    said unchecked, in the JSON's words, and no check is said to have failed (review231 R2)."""
    from toolkit.core.errors import HistoryError
    from toolkit.history.store import HistoryStore

    def broken(self: HistoryStore) -> dict[int, str]:
        raise HistoryError("hỏng")

    monkeypatch.setattr(HistoryStore, "typed_forms", broken)
    summary, _, _ = _run(demo, tmp_path, {"members.total": 4000})
    (row,) = _found(summary, CODE)
    assert "“orgs.registered”" in row["message"]
    assert not [i for i in summary["issues"] if i["code"].startswith("check.")], summary["issues"]
