"""A submission whose `Thông tin` period start ("Số liệu từ ngày") is not the run's is still
consolidated, but never silently: one `org.period_start_differs` warning at that cell, saying
both dates and what is lost — in `consolidate` (against the run's period start) and in
`validate` (against the one most files state).

Three generated organisations with the period from 01/01/2024, written into the real template.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.model import ConsolidationResult, Issue
from toolkit.outputs.sheets import SHEET_BY_ORG
from toolkit.outputs.workbook import write_workbook
from toolkit.pipeline import consolidate
from toolkit.sample.rows import OrgRows, Period, event_row, number_rows

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
LATER, EARLIER = dt.date(2025, 1, 1), dt.date(2023, 1, 1)
CODE = "org.period_start_differs"
CELL = layout.INFO.cell("period_start")


@pytest.fixture(scope="module")
def orgs() -> list[OrgRows]:
    return sample_orgs(41, [30, 25, 20], PERIOD, prefix="P")


def _starting(org: OrgRows, start: dt.date) -> OrgRows:
    """The organisation's file as one made for a period from `start`: `Thông tin` says so, and
    a later start leaves out the changes and years before it (the file covers less)."""
    return dataclasses.replace(
        org,
        info={**org.info, "period_start": start},
        events=number_rows([dict(e) for e in org.events if e["event_date"] >= start]),
        years=[y for y in org.years if y["year"] >= start.year],
    )


def _write(folder: Path, orgs: list[OrgRows]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    return folder


def _run(folder: Path, **kw) -> ConsolidationResult:  # noqa: ANN003
    return consolidate([folder], cutoff=PERIOD.cutoff, **kw)


def _warnings(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.code == CODE]


def _consolidated(result: ConsolidationResult) -> None:
    assert not [i for i in result.issues if i.is_error]
    assert all(o.status == "consolidated" for o in result.organisations)
    assert result.period_start == PERIOD.start


def test_file_starting_later_is_warned_and_its_missing_years_named(tmp_path: Path, orgs) -> None:
    late = _starting(orgs[0], LATER)
    assert len(late.events) < len(orgs[0].events)  # changes of 2024 left out of the file
    folder = _write(tmp_path, [late, *orgs[1:]])
    result = _run(folder)
    _consolidated(result)
    (issue,) = _warnings(result.issues)
    assert issue.severity == "warning"
    assert (issue.file, issue.org_code, issue.sheet, issue.cell) == ("P01.xlsx", "P01", "Thông tin", CELL)
    assert issue.message.startswith(f"Mục “Số liệu từ ngày” (sheet “Thông tin”, ô {CELL}): ")
    assert "Tệp ghi số liệu từ ngày 01/01/2025, còn kỳ tổng hợp bắt đầu từ ngày 01/01/2024" in issue.message
    assert (
        "biến động và số liệu năm từ ngày 01/01/2024 đến trước ngày 01/01/2025 của tổ chức này không "
        "có trong tệp nên số liệu toàn phường của những năm đó thiếu phần của tổ chức này" in issue.message
    )
    assert "ghi 01/01/2024 vào mục này" in issue.message and "--since" in issue.message


def test_file_starting_earlier_is_warned_that_its_early_changes_are_not_counted(tmp_path: Path, orgs) -> None:
    early = _starting(orgs[1], EARLIER)
    died = event_row(
        full_name="Trần Văn Thử",
        birth_date=dt.date(1941, 2, 3),
        event_type="died",
        event_date=dt.date(2023, 6, 1),
    )
    early = dataclasses.replace(early, events=number_rows([*early.events, died]))
    folder = _write(tmp_path, [orgs[0], early, orgs[2]])
    result = _run(folder)
    _consolidated(result)
    (issue,) = _warnings(result.issues)
    assert (issue.file, issue.cell) == ("P02.xlsx", CELL)
    assert "Tệp ghi số liệu từ ngày 01/01/2023, còn kỳ tổng hợp bắt đầu từ ngày 01/01/2024" in issue.message
    assert (
        "các biến động trước ngày 01/01/2024 và số liệu năm của các năm trước năm 2024 ghi trong tệp "
        "không được tính" in issue.message
    )


def test_since_is_the_period_compared_with_and_personal_data_keeps_the_dates(tmp_path: Path, orgs) -> None:
    folder = _write(tmp_path, orgs)
    assert not _warnings(_run(folder).issues)  # every file matches the run's period
    since = dt.date(2024, 7, 1)
    result = _run(folder, since=since, personal_data=False)
    found = _warnings(result.issues)
    assert [i.file for i in found] == ["P01.xlsx", "P02.xlsx", "P03.xlsx"]
    # Without personal data, an organisation's dates are still said: they are nobody's.
    assert all(i.value == "01/01/2024" and not i.personal for i in found), found
    assert all("từ ngày 01/01/2024, còn kỳ tổng hợp bắt đầu từ ngày 01/07/2024" in i.message for i in found)


def test_matching_file_has_no_warning(tmp_path: Path, orgs) -> None:
    folder = _write(tmp_path, [_starting(orgs[0], LATER), *orgs[1:]])
    result = _run(folder)
    assert [i.file for i in _warnings(result.issues)] == ["P01.xlsx"]  # P02, P03 match: none


def test_validate_warns_against_the_period_most_files_state(tmp_path: Path, orgs) -> None:
    folder = _write(tmp_path, [_starting(orgs[0], LATER), *orgs[1:]])
    out = CliRunner().invoke(main, ["validate", str(folder), "--json", "-"])
    assert out.exit_code == 0, out.output
    issues = [i for i in json.loads(out.stdout)["issues"] if i["code"] == CODE]
    assert [(i["file"], i["cell"], i["severity"]) for i in issues] == [("P01.xlsx", CELL, "warning")]
    assert "còn đa số các tệp ghi từ ngày 01/01/2024" in issues[0]["message"]


def test_the_summary_sheet_does_not_call_a_later_start_complete(tmp_path: Path, orgs) -> None:
    from toolkit.outputs.summary_lines import incomplete_warning

    late = _write(tmp_path / "muon", [_starting(orgs[0], LATER), *orgs[1:]])
    warning = incomplete_warning(_run(late))
    assert warning is not None
    assert (
        "1 tổ chức ghi số liệu từ sau ngày 01/01/2024 (P01): thiếu biến động, số liệu năm từ đầu kỳ"
        in warning
    )
    # A file that starts earlier loses nothing of the run's period: the figures are complete.
    early = _write(tmp_path / "som", [_starting(orgs[0], EARLIER), *orgs[1:]])
    result = _run(early)
    assert _warnings(result.issues) and incomplete_warning(result) is None


# --- the forms and the report, read away from Tổng hợp, say it too ----------------------------

INSIDE_FORMS = dt.date(2026, 2, 1)  # after the forms' period start (01/01/2026)
LATE_NOTE = (
    "Ghi chú: Số liệu biến động trong kỳ của 1 tổ chức đảng (P01 từ ngày 01/02/2026) chỉ tính từ ngày "
    "tệp của tổ chức ghi ở mục “Số liệu từ ngày”, sau ngày đầu kỳ {start}: các số của biểu tính từ "
    "biến động trong kỳ chưa đủ"
)


def _consolidate_cli(folder: Path, out: Path, *extra: str) -> dict:
    args = ["consolidate", str(folder), "--cutoff", "2026-03-31", "--since", "2024-01-01"]
    args += ["--ward-name", "Phường Thử Nghiệm", "-o", str(out), "--json", str(out.with_suffix(".json"))]
    result = CliRunner().invoke(main, [*args, "--no-history", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def _form_notes(out: Path) -> dict[str, list[str]]:
    import openpyxl

    wb = openpyxl.load_workbook(out)
    return {
        name: [c.value for c in wb[name]["A"] if isinstance(c.value, str) and c.value.startswith("Ghi chú")]
        for name in wb.sheetnames
        if name.startswith("Biểu ")
    }


def test_the_forms_of_changes_and_the_report_say_a_file_starts_inside_the_forms_period(
    tmp_path: Path, orgs
) -> None:
    from toolkit.outputs.report import report_sections

    folder = _write(tmp_path / "nop", [_starting(orgs[0], INSIDE_FORMS), *orgs[1:]])
    out = tmp_path / "tong_hop.xlsx"
    summary = _consolidate_cli(folder, out)
    assert summary["form_period"] == ["2026-01-01", "2026-03-31"]
    notes = _form_notes(out)
    note = LATE_NOTE.format(start="01/01/2026")
    (bieu1,) = [n for n in notes["Biểu 1-BTCTW"] if n.startswith(note)]
    assert bieu1.endswith(
        "; dòng “Tổng số đảng viên cuối kỳ trước chuyển sang” (suy ra từ số cuối kỳ, số tăng và số "
        "giảm) cũng chưa đúng."
    )
    assert f"{note}." in notes["Biểu 2-BTCTW"]
    # The roll at the cut-off is whole: Biểu 3 and 4 say nothing of it.
    assert not any("P01" in n for n in notes["Biểu 3-BTCTW"] + notes["Biểu 4-BTCTW"])
    changes = (
        "Số liệu biến động của 1 tổ chức đảng (P01 từ ngày 01/02/2026) chỉ tính từ ngày tệp của tổ chức "
        "ghi ở mục “Số liệu từ ngày”, sau ngày 01/01/2024, nên các số biến động nêu trên, số kết nạp "
        "đảng viên và số liệu năm (bồi dưỡng, xếp loại) ở phần dưới chưa đủ."
    )
    sections = {s.title: s.paragraphs for s in report_sections(summary)}
    assert sections["Biến động đảng viên"][-1] == changes
    # The report's comparison with last year (its flows are the forms' period's) says it as well.
    before = {"cutoff_date": "2025-03-31", "period_start": "2024-01-01", "indicators": summary["indicators"]}
    compared = report_sections({**summary, "previous": before})[-1]
    assert compared.title == "So với cùng kỳ năm trước"
    assert compared.paragraphs[0].endswith(
        "Số liệu biến động kỳ này của 1 tổ chức đảng (P01 từ ngày 01/02/2026) chỉ tính từ ngày tệp "
        "của tổ chức ghi ở mục “Số liệu từ ngày”, sau ngày 01/01/2026, nên các số kết nạp và đưa ra "
        "khỏi Đảng kỳ này chưa đủ."
    )
    # A form period starting on or after the file's start is whole: its forms say nothing of it.
    later = tmp_path / "quy.xlsx"
    summary = _consolidate_cli(folder, later, "--form-period", "01/02/2026..31/03/2026")
    assert not any("P01" in n for names in _form_notes(later).values() for n in names)
    sections = {s.title: s.paragraphs for s in report_sections(summary)}
    assert sections["Biến động đảng viên"][-1] == changes  # the change period still starts in 2024


def _report_cli(summary_path: Path, out: Path) -> list[str]:
    """The paragraphs of `ward-stats report` made from the JSON summary alone."""
    result = CliRunner().invoke(main, ["report", str(summary_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if p.strip() and not p.startswith(("#", "|", "_"))]


def _sheet_paragraphs(out: Path) -> list[str]:
    import openpyxl

    from toolkit.outputs.report import report_paragraphs

    sheet = [c.value for c in openpyxl.load_workbook(out)["Báo cáo"]["A"] if isinstance(c.value, str)]
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return [p for p in report_paragraphs(summary) if p in sheet]


def test_the_report_says_which_organisations_a_years_ratings_and_training_lack(tmp_path: Path, orgs) -> None:
    """Row 3 of `Tổng hợp` says the yearly figures lack P01, whose file starts on 01/01/2025
    (its `Số liệu năm` has no 2024), and P02, whose `Số liệu năm` lacks 2025 (`year.missing`).
    The report, made from the JSON summary alone, gave its ratings paragraph and its training
    sentence as complete: they say which organisations they lack, and the late start's
    paragraph names the yearly figures too. The `Báo cáo` sheet says the same."""
    lacking = dataclasses.replace(orgs[1], years=[y for y in orgs[1].years if y["year"] != 2025])
    folder = _write(tmp_path / "nop", [_starting(orgs[0], LATER), lacking, orgs[2]])
    out = tmp_path / "tong_hop.xlsx"
    summary = _consolidate_cli(folder, out)
    assert [(i["org_code"], i["value"]) for i in summary["issues"] if i["code"] == "year.missing"] == [
        ("P02", "2025")
    ]
    report = _report_cli(out.with_suffix(".json"), tmp_path / "bao_cao.md")
    assert report == _sheet_paragraphs(out)  # paragraph for paragraph
    gaps = (
        "chưa gồm số liệu của 1 tổ chức đảng thiếu dòng năm ở sheet “Số liệu năm” (P02 năm 2025); số "
        "liệu trước ngày tệp ghi ở mục “Số liệu từ ngày” của 1 tổ chức đảng (P01 từ ngày 01/01/2025)."
    )
    (ratings,) = [p for p in report if p.startswith("Kết quả xếp loại chất lượng đảng viên năm 2025")]
    assert ratings.endswith(f" Kết quả xếp loại này {gaps}"), ratings
    (training,) = [p for p in report if "lớp bồi dưỡng là" in p]
    assert training.endswith(f" Các số này {gaps}"), training
    (late,) = [p for p in report if p.startswith("Số liệu biến động của 1 tổ chức đảng (P01")]
    assert late.endswith(
        "nên các số biến động nêu trên, số kết nạp đảng viên và số liệu năm (bồi dưỡng, xếp loại) ở "
        "phần dưới chưa đủ."
    )
    # Only the years each paragraph states: the ratings of 2025 alone (a period from 2025) lack P02, not P01.
    later = _consolidate_cli(folder, tmp_path / "tu_2025.xlsx", "--since", "2025-01-01")
    from toolkit.outputs.report import report_paragraphs

    paragraphs = report_paragraphs(later)
    (ratings,) = [p for p in paragraphs if p.startswith("Kết quả xếp loại chất lượng đảng viên năm 2025")]
    assert ratings.endswith(
        " Kết quả xếp loại này chưa gồm số liệu của 1 tổ chức đảng thiếu dòng năm ở sheet “Số liệu năm” "
        "(P02 năm 2025)."
    ), ratings
    assert not any("P01" in p for p in paragraphs)
    # A complete ward says none of it.
    full = _consolidate_cli(_write(tmp_path / "du", list(orgs)), tmp_path / "du.xlsx")
    assert not any("chưa gồm" in p or "phần dưới chưa đủ" in p for p in report_paragraphs(full))


def test_the_table_of_main_figures_says_what_its_changes_and_ratings_lack(tmp_path: Path, orgs) -> None:
    """The table of main figures is often copied on its own: under it, notes say what its
    figures of changes and its ratings row lack, as the prose says (P01 starts on 01/01/2025,
    P02's `Số liệu năm` lacks 2025), in Markdown and in Word alike; a complete ward has none."""
    import docx

    lacking = dataclasses.replace(orgs[1], years=[y for y in orgs[1].years if y["year"] != 2025])
    folder = _write(tmp_path / "nop", [_starting(orgs[0], LATER), lacking, orgs[2]])
    out = tmp_path / "tong_hop.xlsx"
    _consolidate_cli(folder, out)
    notes = [
        "Ghi chú: Các số đưa ra khỏi Đảng và kết nạp đảng viên trong bảng chưa gồm số liệu trước ngày "
        "tệp ghi ở mục “Số liệu từ ngày” của 1 tổ chức đảng (P01 từ ngày 01/01/2025).",
        # P01's file starts on 01/01/2025, so its `Số liệu năm` has 2025: only P02 lacks it.
        "Ghi chú: Số đảng viên hoàn thành tốt nhiệm vụ trở lên năm 2025 chưa gồm số liệu của 1 tổ "
        "chức đảng thiếu dòng năm ở sheet “Số liệu năm” (P02 năm 2025).",
    ]
    md = tmp_path / "bao_cao.md"
    assert CliRunner().invoke(main, ["report", str(out.with_suffix(".json")), "-o", str(md)]).exit_code == 0
    table_end = md.read_text("utf-8").split("| Chỉ tiêu |")[1]
    said = [line.strip("_") for line in table_end.splitlines() if line.startswith("_Ghi chú")]
    assert [n for n in said if "làm tròn" not in n] == notes  # and the shares' rounding (hunt355)
    word = tmp_path / "bao_cao.docx"
    assert CliRunner().invoke(main, ["report", str(out.with_suffix(".json")), "-o", str(word)]).exit_code == 0
    said = [p.text for p in docx.Document(str(word)).paragraphs if p.text.startswith("Ghi chú")]
    assert [n for n in said if "làm tròn" not in n] == notes
    full = _consolidate_cli(_write(tmp_path / "du", list(orgs)), tmp_path / "du.xlsx")
    from toolkit.outputs.report_figures import figure_notes

    assert [n for n in figure_notes(full) if "làm tròn" not in n] == []


def test_theo_to_chuc_says_whose_changes_count_from_a_later_start(tmp_path: Path, orgs) -> None:
    """The changes of an organisation whose file starts later are the ones from its date: under
    `Theo tổ chức`, whose columns are headed with the run's period, a note says whose, as
    row 3 of `Tổng hợp` and the report do; with every file starting on time, none."""

    def notes(folder: Path) -> list[str]:
        book = openpyxl.load_workbook(write_workbook(_run(folder), folder.parent / f"{folder.name}.xlsx"))
        return [
            r[0] for r in book[SHEET_BY_ORG].iter_rows(values_only=True) if str(r[0]).startswith("Ghi chú")
        ]

    late = _write(tmp_path / "muon", [_starting(orgs[0], LATER), *orgs[1:]])
    assert notes(late) == [
        "Ghi chú: số liệu biến động của 1 tổ chức đảng (P01 từ ngày 01/01/2025) chỉ tính từ ngày tệp "
        "của tổ chức ghi ở mục “Số liệu từ ngày”, sau ngày 01/01/2024, nên các cột biến động trong kỳ "
        "của tổ chức này và dòng Cộng chưa đủ."
    ]
    assert notes(_write(tmp_path / "som", [_starting(orgs[0], EARLIER), *orgs[1:]])) == []


FOUNDED = dt.date(2025, 4, 1)


def test_a_new_organisation_is_told_to_write_the_ward_s_start_and_doing_so_keeps_its_figures(
    tmp_path: Path, orgs
) -> None:
    """hunt199 F5: a chi bộ founded on 01/04/2025 writes its founding date as `Số liệu từ ngày`.
    The warning said its changes and years from the ward's start were missing and to add them —
    untrue for an organisation that did not exist then. It now also says what a new one is to
    write: the ward's start, no row added. Following that advice, the run has no such warning,
    the same figures, and its only year warning names the year the message said to leave."""
    new = _starting(orgs[0], FOUNDED)
    result = _run(_write(tmp_path / "founded", [new, *orgs[1:]]))
    _consolidated(result)
    (issue,) = _warnings(result.issues)
    message = issue.message
    # The warning of an organisation that really left its years out is kept whole.
    assert "biến động và số liệu năm từ ngày 01/01/2024 đến trước ngày 01/04/2025" in message
    assert "ghi 01/01/2024 vào mục này và bổ sung biến động, số liệu năm từ ngày đó" in message
    assert (
        "Nếu tổ chức này mới được thành lập (từ ngày 01/04/2025), tệp không thiếu gì vì trước ngày "
        "thành lập tổ chức chưa có biến động nào: vẫn hãy ghi 01/01/2024 (ngày bắt đầu kỳ của phường) "
        "vào mục này, không cần thêm dòng biến động nào, rồi gửi lại" in message
    )
    assert (
        "Sheet “Số liệu năm” chỉ cần các năm từ năm thành lập (2025): cảnh báo thiếu dòng của năm "
        "2024, trước khi tổ chức được thành lập" in message
    )
    assert "ký tự)" not in message  # no parameter cut (`MAX_PARAM_CHARS`)
    # The advice followed: the ward's start written, nothing else changed in the file.
    advised = dataclasses.replace(new, info={**new.info, "period_start": PERIOD.start})
    followed = _run(_write(tmp_path / "advised", [advised, *orgs[1:]]))
    _consolidated(followed)
    assert not _warnings(followed.issues)
    assert followed.indicators == result.indicators
    missing = [i for i in followed.issues if i.code == "year.missing"]
    assert [(i.org_code, i.value) for i in missing] == [("P01", "2024")]
    assert not [i for i in followed.issues if i.code == "year.unrated"]


def test_a_start_later_in_the_ward_s_first_year_names_no_year_to_leave(tmp_path: Path, orgs) -> None:
    """The years sentence is said only when years before the founding year are in the period."""
    new = _starting(orgs[0], dt.date(2024, 5, 1))
    (issue,) = _warnings(_run(_write(tmp_path, [new, *orgs[1:]])).issues)
    assert "Nếu tổ chức này mới được thành lập (từ ngày 01/05/2024)" in issue.message
    assert "chỉ cần các năm từ năm thành lập" not in issue.message
