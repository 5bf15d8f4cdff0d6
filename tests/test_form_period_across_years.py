"""`form.period_across_years` (hunt215 F4): a forms' period that starts in an earlier calendar
year than the cut-off and is not exactly 12 months long. A quarterly office that typed 01/10 for
Q4 and moved only the cut-off in April got Biểu 1–4 "từ ngày 01/10/… đến ngày 31/3/…" without a
word. The forms are still written; a rolling 12-month period and an ordinary quarter or year
stay silent (the design allows rolling years on purpose)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, PERIOD_START, REGISTRY, Replay, book_json, caller_book, write_ward
from toolkit import excel
from toolkit.cli import main
from toolkit.core.rules import RULES
from toolkit.excel.book import setting_place
from toolkit.excel.build import DEFAULT_TARGET
from toolkit.outputs import sheets as output
from toolkit.pipeline import form_period_across_years

CODE = "form.period_across_years"
CELL = "Ô “Biểu mẫu BTCTW: kỳ báo cáo từ ngày”"
PLACED = f"{CELL} ({setting_place('FormPeriodStart')})"  # as the buttons and --settings name it

# What the message says after how the start was set (the label), for 01/10/2025..31/03/2026.
SAID = (
    "kỳ báo cáo của Biểu 1–4-BTCTW từ ngày 01/10/2025 đến ngày 31/03/2026 bắt đầu từ năm 2025, "
    "trước năm của ngày chốt số liệu (2026), mà không tròn 12 tháng. Biểu quý, 6 tháng, 9 tháng "
    "và năm đều bắt đầu trong năm của ngày chốt, nên có thể đây là ngày bắt đầu của kỳ trước chưa "
    "được sửa: kỳ báo cáo có lẽ là từ ngày 01/01/2026 đến ngày 31/03/2026. Các biểu lần này vẫn "
    "được lập theo kỳ đã ghi (từ ngày 01/10/2025). Nếu đúng là kỳ cần báo cáo, hãy bỏ qua cảnh báo "
    "này; nếu không, "
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nop = tmp_path_factory.mktemp("across") / "bai_nop"
    write_ward(nop, with_error=False)
    return nop


def _cli(folder: Path, tmp_path: Path, *extra: str) -> tuple[int, dict, Path]:  # type: ignore[type-arg]
    out, summary = tmp_path / "tong_hop.xlsx", tmp_path / "tom_tat.json"
    args = ["consolidate", str(folder), "--cutoff", f"{CUTOFF:%d/%m/%Y}", "--ward-name", "Phường Thử"]
    args += ["--no-history", "-o", str(out), "--json", str(summary), *extra]
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output and out.is_file(), result.output
    return result.exit_code, json.loads(summary.read_text(encoding="utf-8")), out


def _issues_sheet_messages(out: Path) -> list[str]:
    ws = openpyxl.load_workbook(out, read_only=True)[output.SHEET_ISSUES]
    return [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]


def test_the_rule_is_a_warning() -> None:
    assert RULES[CODE].severity == "warning"


def test_a_period_across_two_years_on_the_command_line_is_warned_and_the_forms_are_written(
    folder: Path, tmp_path: Path
) -> None:
    code, summary, out = _cli(folder, tmp_path, "--form-period", "01/10/2025..31/03/2026")
    assert code == 0
    (issue,) = [i for i in summary["issues"] if i["code"] == CODE]
    assert issue["severity"] == "warning" and issue["file"] is None
    assert issue["message"] == (
        f"--form-period: {SAID}hãy tổng hợp lại với --form-period 01/01/2026..31/03/2026."
    )
    assert summary["form_period"] == ["2025-10-01", "2026-03-31"]  # the period typed, as before
    book = openpyxl.load_workbook(out, read_only=True)
    heading = [v for row in book["Biểu 1-BTCTW"].iter_rows(values_only=True) for v in row if v]
    assert "Kỳ báo cáo: từ ngày 01/10/2025 đến ngày 31/3/2026" in heading
    assert issue["message"] in _issues_sheet_messages(out)


@pytest.mark.parametrize(
    "form_period",
    [
        "01/04/2025..31/03/2026",  # a rolling 12 months: allowed on purpose, silent
        "01/01/2026..31/03/2026",  # the first quarter
        "15/02/2026..31/03/2026",  # any start in the cut-off's year
        None,  # the default period (1 January)
    ],
)
def test_a_rolling_year_or_a_period_inside_the_cutoffs_year_is_not_warned(
    folder: Path, tmp_path: Path, form_period: str | None
) -> None:
    _, summary, out = _cli(folder, tmp_path, *(["--form-period", form_period] if form_period else []))
    assert [i for i in summary["issues"] if i["code"] == CODE] == []


def test_the_settings_cell_read_by_the_command_line_is_named(tmp_path: Path) -> None:
    from tests.helpers_excel import saved_workbook

    write_ward(tmp_path / "bai_nop", with_error=False)
    book = saved_workbook(
        tmp_path / "tong_hop_phuong.xlsm",
        {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "FormPeriodStart": "01/10/2025"},
        REGISTRY,
    )
    summary = tmp_path / "tom_tat.json"
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book), "--json", str(summary)])
    assert "Traceback" not in result.output, result.output
    (issue,) = [i for i in json.loads(summary.read_text(encoding="utf-8"))["issues"] if i["code"] == CODE]
    assert issue["message"] == (
        f"{PLACED} của tệp --settings: {SAID}hãy ghi ngày bắt đầu đúng vào ô “Biểu mẫu BTCTW: kỳ báo "
        "cáo từ ngày” của tệp --settings rồi tổng hợp lại."
    )


def test_the_consolidate_button_says_it_in_kiem_tra_naming_the_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The remote engine is part of xlwings PRO; "noncommercial" is its documented free key.
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.chdir(tmp_path)  # the history beside the book goes here
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    settings = {
        "InputFolder": str(folder),
        "CutoffDate": CUTOFF,
        "PeriodStart": PERIOD_START,
        "WardName": "Phường Thử",
        "FormPeriodStart": "01/10/2025",
    }
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY)
    book = caller_book(data)
    excel.consolidate()
    replay = Replay(data, book.json()["actions"])
    assert replay.find(output.SHEET_ISSUES, CODE)
    fix = "hãy ghi ngày bắt đầu đúng vào ô “Biểu mẫu BTCTW: kỳ báo cáo từ ngày” rồi tổng hợp lại."
    message = f"{PLACED}: {SAID}{fix}"
    assert replay.find(output.SHEET_ISSUES, message)
    assert replay.find("Biểu 1-BTCTW", "Kỳ báo cáo: từ ngày 01/10/2025 đến ngày 31/3/2026")
    assert "KHÔNG THÀNH CÔNG" not in replay.status()


D = dt.date


@pytest.mark.parametrize(
    ("start", "cutoff", "likely", "fix"),
    [
        # 01/10: a quarter's first day, which only a quarter's forms start on: the quarter first.
        (
            D(2026, 10, 1),
            D(2027, 6, 30),
            "từ ngày 01/04/2027 đến ngày 30/06/2027 (biểu quý II), hoặc từ ngày 01/01/2027 (biểu 6 tháng)",
            "01/04/2027..30/06/2027",
        ),
        (
            D(2026, 10, 2),
            D(2027, 9, 30),
            "từ ngày 01/01/2027 đến ngày 30/09/2027",
            "01/01/2027..30/09/2027",
        ),
        # A cut-off inside a quarter: from the quarter's start or the year's.
        (
            D(2026, 10, 1),
            D(2027, 5, 15),
            "từ ngày 01/04/2027 đến ngày 15/05/2027 (tính từ đầu quý), "
            "hoặc từ ngày 01/01/2027 (tính từ đầu năm)",
            "01/04/2027..15/05/2027",
        ),
        # Another start: 1 January of the cut-off's year.
        (D(2026, 11, 15), D(2027, 6, 30), "từ ngày 01/01/2027 đến ngày 30/06/2027", "01/01/2027..30/06/2027"),
        # A quarterly start but a first-quarter cut-off: the quarter starts on 1 January.
        (D(2026, 7, 1), D(2027, 3, 31), "từ ngày 01/01/2027 đến ngày 31/03/2027", "01/01/2027..31/03/2027"),
    ],
)
def test_the_likely_start_named(start: dt.date, cutoff: dt.date, likely: str, fix: str) -> None:
    issue = form_period_across_years(start, cutoff, "--form-period")
    assert issue is not None and issue.code == CODE
    assert f"kỳ báo cáo có lẽ là {likely}. " in issue.message
    assert issue.message.endswith(f"hãy tổng hợp lại với --form-period {fix}.")


@pytest.mark.parametrize(
    ("start", "cutoff"),
    [
        (D(2026, 4, 1), D(2027, 3, 31)),  # 12 months
        (D(2024, 3, 1), D(2025, 2, 28)),  # 12 months to the end of February (compared with 29/02/2024)
        (D(2026, 10, 1), D(2027, 9, 30)),  # 12 months from a quarter's first day
        (D(2027, 1, 1), D(2027, 12, 31)),  # a year
        (D(2027, 10, 1), D(2027, 12, 31)),  # a quarter
    ],
)
def test_no_warning_for_a_rolling_year_or_a_period_in_one_year(start: dt.date, cutoff: dt.date) -> None:
    assert form_period_across_years(start, cutoff, "--form-period") is None


def test_a_period_a_day_short_of_twelve_months_is_warned() -> None:
    assert form_period_across_years(D(2024, 3, 2), D(2025, 2, 28)) is not None


# h252: `doctor` checks the settings at set-up and `rollup` adds the wards' summaries; neither
# said the period. Doctor says it as it says the ward's name (`ward.name_without_kind`), the
# roll-up of its own forms, once, rather than as a doubt on each ward's figures.


def test_doctor_says_it_of_the_settings_cell_in_the_runs_words(tmp_path: Path) -> None:
    from tests.helpers_excel import saved_workbook
    from toolkit.excel.doctor import Finding, check_form_period
    from toolkit.excel.settings_file import read_workbook_settings

    def finding(start: str | None) -> Finding | None:
        values = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "FormPeriodStart": start}
        book = saved_workbook(tmp_path / f"{len(list(tmp_path.iterdir()))}.xlsm", values, REGISTRY)
        settings, _ = read_workbook_settings(book).checked_settings()
        return check_form_period(settings)

    found = finding("01/10/2025")
    fix = "hãy ghi ngày bắt đầu đúng vào ô “Biểu mẫu BTCTW: kỳ báo cáo từ ngày” rồi tổng hợp lại."
    assert found is not None
    assert (found.status, found.topic) == ("warning", "Kỳ báo cáo của Biểu 1–4-BTCTW")
    assert found.message == f"{PLACED}: {SAID}{fix}"
    assert finding("01/04/2025") is None  # a rolling year
    assert finding("01/01/2026") is None
    assert finding(None) is None  # the default period
    assert finding("01/03/2025") is None  # refused (over 12 months): an error of the cell, said apart


def test_the_doctor_command_lists_it(tmp_path: Path) -> None:
    from tests.test_doctor import good_setup

    book = good_setup(tmp_path, {"FormPeriodStart": "01/10/2025"})
    result = CliRunner().invoke(main, ["doctor", "--workbook", str(book)])
    assert "Traceback" not in result.output
    assert f"[CẢNH BÁO]   Kỳ báo cáo của Biểu 1–4-BTCTW: {PLACED}: kỳ báo cáo của" in result.output
    assert "Kết quả: không có lỗi; 1 cảnh báo" in result.output


ROLLUP_SAID = (
    f"Kỳ báo cáo của Biểu 1–4-BTCTW của các phường {SAID.removeprefix('kỳ báo cáo của Biểu 1–4-BTCTW ')}"
    "hãy đề nghị các phường ghi lại ngày bắt đầu kỳ báo cáo, tổng hợp lại và gửi tệp số liệu mới, rồi "
    "tổng hợp lên cấp trên lại."
)


@pytest.fixture(scope="module")
def ward_summaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Two wards' summaries (generated organisations, the real pipeline), by their forms'
    period: from 01/10/2025 (across two years) and the default, to 31/03/2026; and a third
    ward's of the default period only, last in its list."""
    from tests.helpers_sample import sample_orgs
    from toolkit.outputs.publish import prepare, write_outputs
    from toolkit.pipeline import consolidate
    from toolkit.sample.rows import Period

    tmp = tmp_path_factory.mktemp("across_rollup")
    period = Period(dt.date(2025, 1, 1), CUTOFF)
    found: dict[str, list[Path]] = {}
    for form_from in ("01/10/2025", None):
        paths = []
        wards = ((7, "Phường Đông"), (8, "Phường Tây"), *(() if form_from else ((9, "Phường Nam"),)))
        for seed, ward in wards:
            folder = tmp / f"{ward[-3:]}_{form_from is None}"
            folder.mkdir()
            for org in sample_orgs(seed, [8, 6], period, prefix=ward[-3:].upper()[:1]):
                org.write(folder / f"{org.organisation.org_code}.xlsx")
            result = consolidate(
                [folder],
                cutoff=CUTOFF,
                since=period.start,
                ward_name=ward,
                while_reading=prepare,
                form_from=dt.datetime.strptime(form_from, "%d/%m/%Y").date() if form_from else None,
                form_label="--form-period",
            )
            out = folder.with_suffix(".xlsx")
            write_outputs(result, out, out.with_suffix(".json"))
            paths.append(out.with_suffix(".json"))
        found[form_from or "default"] = paths
    return found


def test_a_rollup_of_wards_whose_period_runs_across_two_years_says_it_once(
    ward_summaries: dict[str, list[Path]],
) -> None:
    from toolkit.rollup import rollup

    result = rollup(ward_summaries["01/10/2025"], name="Tỉnh Thử")
    (issue,) = [i for i in result.issues if i.code == CODE]
    assert issue.file is None and issue.message == ROLLUP_SAID
    # Not carried as a doubt on each ward's figures (“… có thể thiếu hoặc thừa”) as well.
    assert [i.message for i in result.issues if i.code == "rollup.ward_form_warning"] == []
    assert result.form_period == (dt.date(2025, 10, 1), CUTOFF)


def test_a_rollup_says_it_of_summaries_that_do_not(
    ward_summaries: dict[str, list[Path]], tmp_path: Path
) -> None:
    """A summary of a version before the warning carries no such issue: said all the same."""
    from toolkit.rollup import rollup

    paths = []
    for path in ward_summaries["01/10/2025"]:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["issues"] = [i for i in data["issues"] if i["code"] != CODE]
        (copy := tmp_path / path.name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(copy)
    assert [i.message for i in rollup(paths, name="Tỉnh Thử").issues if i.code == CODE] == [ROLLUP_SAID]


def test_a_rollup_of_the_default_period_says_nothing(ward_summaries: dict[str, list[Path]]) -> None:
    from toolkit.rollup import rollup

    assert [i for i in rollup(ward_summaries["default"], name="Tỉnh Thử").issues if i.code == CODE] == []


def test_a_ward_left_out_for_a_period_in_the_cutoffs_year_is_not_told_to_take_the_others(
    ward_summaries: dict[str, list[Path]],
) -> None:
    """review256 R1: two wards' forms start on 01/10/2025, a third's on 01/01/2026. The third is
    left out (most wards decide); it was told to run again "với cùng kỳ", the others' likely
    wrong one, while the roll-up's warning asked the others to correct theirs. It is now told
    that its own period may be the right one, and what to do either way."""
    from toolkit.rollup import PERIOD_MAYBE_RIGHT, PERIOD_RUN_AGAIN, rollup

    third = ward_summaries["default"][-1]
    result = rollup([*ward_summaries["01/10/2025"], third], name="Tỉnh Thử")
    (left,) = [i for i in result.issues if i.code == "rollup.period_mismatch"]
    assert left.file == third.name and left.message.endswith(PERIOD_MAYBE_RIGHT), left.message
    assert PERIOD_RUN_AGAIN not in left.message
    assert [i.message for i in result.issues if i.code == CODE] == [ROLLUP_SAID]
    # The other way round, the ward whose period starts in the earlier year is to run again.
    odd = ward_summaries["01/10/2025"][0]
    result = rollup([*ward_summaries["default"][1:], odd], name="Tỉnh Thử")
    (left,) = [i for i in result.issues if i.code == "rollup.period_mismatch"]
    assert left.file == odd.name and left.message.endswith(PERIOD_RUN_AGAIN), left.message
    assert [i for i in result.issues if i.code == CODE] == []
