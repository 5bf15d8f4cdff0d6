"""Small checking gaps left by fix280 and review281, each on real files: a target typed in
exponent notation, the settings' ward target above the ward's members, the year hint for a
number with decimals in a date cell, a summary's date that is not YYYY-MM-DD, and a roll-up's
refusal that repeated its advice for every file."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, consolidate_saved_ward, saved_workbook, write_ward
from toolkit.cli import main
from toolkit.core.errors import RegistryError
from toolkit.excel.book import setting_place
from toolkit.io.registry import REGISTRY_SHEET, read_registry

TARGET_CELL = "Chỉ tiêu kết nạp năm chốt (nếu thay)"


# --- 2. a target in exponent notation --------------------------------------------------------


@pytest.mark.parametrize("typed", ["1e9", "1E3", "2e0"])
def test_a_csv_registry_target_in_exponent_notation_is_refused_at_its_cell(
    tmp_path: Path, typed: str
) -> None:
    """`1e9` in a .csv was read as a thousand million (hunt279 N5); `2e0` as 2. A target written
    so is a typo or a spreadsheet's artefact: refused as "2.5" and "1.000" are."""
    path = tmp_path / "danh_muc.csv"
    rows = ["Mã tổ chức,Tên tổ chức đảng,Chỉ tiêu kết nạp 2026", "A1,Chi bộ A,2", f"A2,Chi bộ B,{typed}"]
    path.write_text("\n".join(rows) + "\n", "utf-8")
    with pytest.raises(RegistryError) as err:
        read_registry(path)
    (issue,) = err.value.issues
    assert (issue.code, issue.file, issue.value) == ("registry.bad_target", "danh_muc.csv", typed)
    assert issue.message == (
        f"Dòng 3, cột “Chỉ tiêu kết nạp 2026”: “{typed}” phải là số nguyên không âm, ghi không có dấu "
        "chấm, dấu phẩy (để trống nếu không giao chỉ tiêu)."
    )


def test_an_xlsx_registry_target_typed_as_text_in_exponent_notation_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "danh_muc.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = REGISTRY_SHEET
    ws.append(["Mã tổ chức", "Tên tổ chức đảng", "Chỉ tiêu kết nạp 2026"])
    ws.append(["A1", "Chi bộ A", "1e2"])
    ws.append(["A2", "Chi bộ B", 1e9])  # a number cell: a number, however large (fix280's warning)
    wb.save(path)
    with pytest.raises(RegistryError) as err:
        read_registry(path)
    (issue,) = err.value.issues
    assert (issue.code, issue.cell, issue.value) == ("registry.bad_target", "C2", "1e2")


def test_the_settings_target_typed_as_text_in_exponent_notation_is_refused(tmp_path: Path) -> None:
    write_ward(tmp_path / "bai_nop", with_error=False)
    settings = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "TargetOverride": "1e9"}
    book = saved_workbook(tmp_path / "th.xlsm", settings, REGISTRY)
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book), "--no-history"])
    assert result.exit_code == 2, result.output
    said = f"Ô “{TARGET_CELL}” ({setting_place('TargetOverride')}) = “1e9” phải là số nguyên không âm."
    assert said in " ".join(result.output.split()), result.output


# --- 3. the year hint only for a whole number ------------------------------------------------


def _birth_date_reason(tmp_path: Path, value: object, number_format: str | None) -> str:
    from tests.helpers_validate import run, write
    from toolkit.core import layout

    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    cell = wb[layout.SHEET_MEMBERS][layout.MEMBERS.cell("birth_date", 2)]
    cell.value = value
    if number_format is not None:
        cell.number_format = number_format
    wb.save(path)
    (issue,) = (i for i in run(path).issues if i.code == "member.bad_date")
    return issue.message


@pytest.mark.parametrize(
    ("value", "number_format", "hint"),
    [
        (1980.25, "General", ""),
        (59.5, "General", ""),
        (1980.75, "dd/mm/yyyy", ""),  # a date-formatted cell: the date with a time of day
        (1980, "dd/mm/yyyy", ": có lẽ ô chỉ ghi năm"),
        (59, "General", ": có lẽ ô chỉ ghi hai số cuối của năm"),
    ],
)
def test_the_year_hint_is_given_only_for_a_whole_number(
    tmp_path: Path, value: float, number_format: str, hint: str
) -> None:
    """review281 #3: "“1980.25” … có lẽ ô chỉ ghi năm", "“59.5” … có lẽ ô chỉ ghi hai số cuối của
    năm": a number with decimals is hardly a year typed alone."""
    message = _birth_date_reason(tmp_path, value, number_format)
    assert f"không thể đúng){hint}. Hãy ghi đủ ngày/tháng/năm dạng dd/mm/yyyy" in message, message


# --- 4. a summary's dates only as YYYY-MM-DD --------------------------------------------------


def _demo_summary(tmp_path: Path) -> dict[str, object]:
    """A real summary of a real run: the sample ward's CB01 and CB02 (`write_ward`)."""
    import json

    nop = tmp_path / "bai_nop"
    write_ward(nop, with_error=False)
    out = tmp_path / "phuong.json"
    result = CliRunner().invoke(
        main,
        [
            "consolidate", str(nop), "--cutoff", "31/03/2026", "-o", str(tmp_path / "th.xlsx"),
            "--json", str(out), "--no-history", "--ward-name", "Phường Thử",
        ],
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    data: dict[str, object] = json.loads(out.read_text("utf-8"))
    return data


@pytest.mark.parametrize(
    ("key", "typed", "quoted"),
    [
        ("cutoff_date", "20260331", "20260331"),
        ("cutoff_date", 20260331, "20260331"),  # a JSON number
        ("cutoff_date", "2026-W14-2", "2026-W14-2"),  # 31/03/2026 as an ISO week date
        ("period_start", "2025-W01-3", "2025-W01-3"),  # 01/01/2025
    ],
)
def test_a_summary_date_not_written_yyyy_mm_dd_is_refused_as_the_message_says(
    tmp_path: Path, key: str, typed: object, quoted: str
) -> None:
    """review281 #5: the refusal says "không phải ngày dạng YYYY-MM-DD" while `date.fromisoformat`
    took `20260331` (text or a number) and a week date without a word."""
    import json

    from toolkit.core.errors import SummaryError
    from toolkit.io.summary import HINT, load_summary

    data = _demo_summary(tmp_path)
    path = tmp_path / "sua_tay.json"
    path.write_text(json.dumps(data), "utf-8")
    assert load_summary(path)[key] == data[key]  # as `consolidate --json` wrote it: read
    data[key] = typed
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(SummaryError) as caught:
        load_summary(path)
    assert caught.value.args[0] == (
        f"“{path}”: mục {key} ghi “{quoted}”, không phải ngày dạng YYYY-MM-DD (ví dụ 2026-03-31). {HINT}"
    )


# --- 5. a roll-up of no usable file gives its advice once ------------------------------------


def test_a_rollup_refusing_every_file_says_its_advice_once_after_the_reasons(tmp_path: Path) -> None:
    """review281 #6: each file's reason was followed by its own "Hãy dùng tệp do lệnh …" and
    "Tệp này không được cộng vào số liệu cấp trên.", up to five times on one line."""
    import json

    from toolkit.io.summary import HINT

    data = _demo_summary(tmp_path)
    (tmp_path / "a.json").write_text("", "utf-8")
    (tmp_path / "b.json").write_text("[1, 2]", "utf-8")
    (tmp_path / "c.json").write_text(json.dumps({**data, "cutoff_date": "31/03/2026"}), "utf-8")
    files = [str(tmp_path / n) for n in ("a.json", "b.json", "c.json")]
    result = CliRunner().invoke(main, ["rollup", *files, "-o", str(tmp_path / "tp.xlsx")])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert said == (
        "Lỗi: Không có tệp số liệu tổng hợp nào dùng được để tổng hợp lên cấp trên: Tệp “a.json” trống, "
        "không có số liệu tổng hợp. “b.json” không phải số liệu tổng hợp của ward-stats. “c.json”: mục "
        "cutoff_date ghi “31/03/2026”, không phải ngày dạng YYYY-MM-DD (ví dụ 2026-03-31). " + HINT
    ), said
    assert said.count(HINT) == 1 and "Tệp này không được cộng" not in said


# --- 1. the ward's own target above the ward's members ---------------------------------------


def _run_settings(tmp_path: Path, target: object, registry: object) -> dict[str, object]:
    """`consolidate --settings` of a saved workbook: CB01 (4 members) and CB02 (3) send files
    (`write_ward`), the ward's target typed in its cell; `registry` on the registry sheet."""
    return consolidate_saved_ward(tmp_path, target, registry)  # type: ignore[arg-type]


def _ward_target_issues(summary: dict[str, object]) -> list[dict[str, object]]:
    return [i for i in summary["issues"] if i["code"] == "ward.implausible_target"]  # type: ignore[attr-defined,index]


def test_the_ward_target_above_the_wards_members_is_said_naming_its_cell_and_kept(tmp_path: Path) -> None:
    """fix280 left the settings' target unchecked: the same typo (a year typed into the cell)
    went into the ward's rate without a word. Every organisation of the registry has sent its
    file: the ward's 7 members are the bound."""
    import dataclasses

    from toolkit.core.model import Registry
    from toolkit.excel.book import SHEET_CONTROL, setting_label

    both = Registry([dataclasses.replace(o, targets={}) for o in REGISTRY.organisations[:2]])
    summary = _run_settings(tmp_path, 2026, both)
    assert summary["indicators"]["targets.2026"] == 2026  # type: ignore[index]  # kept as typed
    assert summary["indicators"]["members.total"] == 7  # type: ignore[index]
    (issue,) = _ward_target_issues(summary)
    assert (issue["severity"], issue["file"], issue["value"]) == ("warning", None, "2026")
    assert issue["message"] == (
        f"Chỉ tiêu kết nạp năm 2026 của phường ghi ở ô “{setting_label('TargetOverride')}” của sheet "
        f"“{SHEET_CONTROL}” là 2.026 đảng viên, lớn hơn số đảng viên của phường tại ngày chốt 31/03/2026 "
        "(7 đảng viên): phường không thể kết nạp trong một năm nhiều hơn số đảng viên mình có, nên có "
        "thể ô này gõ nhầm (thừa chữ số, hoặc gõ năm vào ô chỉ tiêu). Số đã ghi vẫn được tính: tỷ lệ đạt "
        "chỉ tiêu kết nạp năm 2026 của phường tính theo số đó. Hãy kiểm tra lại ô này, sửa nếu gõ nhầm, "
        "rồi tổng hợp lại."
    )


def test_the_ward_target_equal_to_the_wards_members_is_not_said(tmp_path: Path) -> None:
    import dataclasses

    from toolkit.core.model import Registry

    both = Registry([dataclasses.replace(o, targets={}) for o in REGISTRY.organisations[:2]])
    summary = _run_settings(tmp_path, 7, both)
    assert summary["indicators"]["targets.2026"] == 7  # type: ignore[index]
    assert _ward_target_issues(summary) == []


@pytest.mark.parametrize(("target", "said"), [(107, False), (108, True)])
def test_an_organisation_without_a_roll_adds_the_bound_of_its_own_target(
    tmp_path: Path, target: int, said: bool
) -> None:
    """CB03 of the registry sends no file: its members are not known, so it adds the bound an
    organisation's own target is held to (`MAX_TARGET_UNCOUNTED`), 7 + 100."""
    summary = _run_settings(tmp_path, target, REGISTRY)
    issues = _ward_target_issues(summary)
    assert bool(issues) is said
    if said:
        assert (
            "lớn hơn 107 đảng viên (số đảng viên tại ngày chốt 31/03/2026 của các tổ chức đã tổng hợp, 7, "
            "cộng 100 cho mỗi tổ chức trong danh mục chưa nộp tệp hoặc tệp còn lỗi: 1 tổ chức)"
        ) in str(issues[0]["message"])
