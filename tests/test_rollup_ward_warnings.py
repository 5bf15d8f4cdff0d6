"""What a ward's own run said about its forms reaches the roll-up that adds it, on real ward
summaries (generated organisations, the real pipeline and history, the command line):

- a ward whose run warned that its Biểu 1 opening does not match its history (`form.*`) is
  added, and the roll-up warns once at its file, naming the ward and what its run said, never
  "Không có lỗi hay cảnh báo nào" over it;
- a ward whose last-year figures leave organisations out is named at its file and in the
  note of the forms and of the report on `Cùng kỳ năm trước`, in the roll-up's words (a
  roll-up's last year is no one run: not "lần tổng hợp đó").
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.forms import result_forms
from toolkit.outputs.json_summary import summary_document
from toolkit.outputs.publish import prepare, write_outputs
from toolkit.outputs.report import report_paragraphs
from toolkit.pipeline import consolidate
from toolkit.rollup import rollup
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows, Period, number_rows

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 6, 30))
Q1_END = dt.date(2026, 3, 31)
Q2_START = Q1_END + dt.timedelta(days=1)
DOUBTFUL, SOUND = "Phường Đông", "Phường Tây"
UNIT = "Tỉnh Thử"


def _starting(org: OrgRows, day: dt.date) -> OrgRows:
    """The submission of `org` for the period from `day` to its cut-off."""
    return OrgRows(
        info={**copy.deepcopy(org.info), "period_start": day},
        members=copy.deepcopy(org.members),
        events=number_rows([dict(e) for e in org.events if e["event_date"] >= day]),
        years=[dict(y) for y in org.years if y["year"] >= day.year],
        organisation=org.organisation,
    )


def _run(
    orgs: list[OrgRows], folder: Path, cutoff: dt.date, since: dt.date, ward: str, history: Path | None
) -> Path:
    folder.mkdir(parents=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    result = consolidate([folder], cutoff=cutoff, since=since, ward_name=ward, while_reading=prepare)
    out = folder.parent / f"{folder.name}.xlsx"
    write_outputs(result, out, out.with_suffix(".json"), history=history)
    return out.with_suffix(".json")


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two wards' summaries of the second quarter of 2026: Phường Đông's run, against its
    history of the first quarter, warned that a member is gone without a change row
    (`form.opening_mismatch`, for the organisation and for the ward); Phường Tây's is sound."""
    tmp = tmp_path_factory.mktemp("rollup_ward_warnings")
    doubtful = sample_orgs(16, [12, 15, 10], PERIOD, prefix="D")
    history = tmp / "lich_su.sqlite"
    _run([as_of(o, Q1_END) for o in doubtful], tmp / "dong_q1", Q1_END, PERIOD.start, DOUBTFUL, history)
    q2 = [_starting(o, Q2_START) for o in doubtful]
    q2[1].members = number_rows(q2[1].members[1:])
    dong = _run(q2, tmp / "dong", PERIOD.cutoff, Q2_START, DOUBTFUL, history)
    assert [i["code"] for i in _load(dong)["issues"] if i["code"].startswith("form.")] == [
        "form.opening_mismatch",
        "form.opening_mismatch",
    ]
    sound = [_starting(o, Q2_START) for o in sample_orgs(17, [10, 12], PERIOD, prefix="T")]
    tay = _run(sound, tmp / "tay", PERIOD.cutoff, Q2_START, SOUND, None)
    assert not [i for i in _load(tay)["issues"] if i["code"].startswith("form.")]
    return [dong, tay]


def test_a_ward_whose_forms_its_run_warned_about_is_named_by_the_rollup(
    wards: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "cấp trên"
    args = [*map(str, wards), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"), "--name", UNIT]
    out.mkdir()
    done = CliRunner().invoke(main, ["rollup", *args])
    assert done.exit_code == 0, done.output
    assert "Không có lỗi hay cảnh báo nào" not in done.output
    assert "0 lỗi, 1 cảnh báo" in done.output
    (issue,) = _load(out / "r.json")["issues"]
    assert (issue["code"], issue["severity"]) == ("rollup.ward_form_warning", "warning")
    assert (issue["file"], issue["org_code"]) == (wards[0].name, DOUBTFUL)
    assert issue["message"].startswith(
        f"Lần tổng hợp của {DOUBTFUL} đã cảnh báo về số liệu các Biểu 1–4-BTCTW của phường: “Số đầu "
        "kỳ không khớp lần tổng hợp trước” (form.opening_mismatch, 2 cảnh báo). Tệp vẫn được cộng"
    ), issue["message"]
    assert "hãy xem sheet “Kiểm tra” trong tệp kết quả của phường" in issue["message"]
    # It is listed on the roll-up's own Kiểm tra sheet.
    checks = openpyxl.load_workbook(out / "r.xlsx")["Kiểm tra"]
    assert any("rollup.ward_form_warning" in str(c.value) for row in checks.iter_rows() for c in row)


def _with_last_year(source: Path, target: Path, *, short: int = 0) -> Path:
    """The ward's summary with last year's figures of the same period (its own figures, as a
    run of last year recorded them: its changes of 2026 those of 2025), of `short` organisations
    fewer than it expected."""
    doc = _load(source)
    indicators = {
        key.removesuffix(".2026") + ".2025"
        if key.startswith("changes.") and key.endswith(".2026")
        else key: value
        for key, value in doc["indicators"].items()
    }
    indicators["orgs.registered"] += short
    doc["previous"] = {
        "run_id": f"{doc['run_id']}-2025",
        "cutoff_date": "2025-06-30",
        "period_start": "2025-04-01",
        "form_period": ["2025-04-01", "2025-06-30"],
        "indicators": indicators,
    }
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


def test_a_ward_whose_last_year_lacks_organisations_is_named_under_the_forms_and_in_the_report(
    wards: list[Path], tmp_path: Path
) -> None:
    dong = _with_last_year(wards[0], tmp_path / "dong.json")
    tay = _with_last_year(wards[1], tmp_path / "tay.json", short=2)
    up = rollup([dong, tay], name=UNIT)
    assert up.previous is not None
    counted = _load(wards[1])["indicators"]["orgs.consolidated"]
    (issue,) = [i for i in up.issues if i.code == "rollup.incomplete_previous_ward"]
    assert (issue.file, issue.org_code, issue.severity) == ("tay.json", SOUND, "warning")
    assert issue.message.startswith(
        f"Số liệu cùng kỳ năm trước (kỳ 01/04/2025–30/06/2025) trong tệp của {SOUND} chỉ gồm "
        f"{counted}/{counted + 2} tổ chức đảng (2 tổ chức chưa được tổng hợp ở lần tổng hợp đó của phường)."
    ), issue.message
    done, expected = up.previous.indicators["orgs.consolidated"], up.previous.indicators["orgs.registered"]
    named = f"(số liệu năm trước của {SOUND} chỉ gồm {counted}/{counted + 2} tổ chức)"
    write_outputs(up, tmp_path / "r.xlsx", None)
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    for number in (1, 3):
        notes = [str(c.value) for row in book[f"Biểu {number}-BTCTW"].iter_rows() for c in row if c.value]
        (note,) = [n for n in notes if n.startswith("Ghi chú: Cột (%) để trống")]
        assert note == (
            f"Ghi chú: Cột (%) để trống: số liệu cùng kỳ năm trước chỉ gồm {done}/{expected} tổ chức "
            f"{named}, nên hai kỳ không cùng các tổ chức, so sánh sẽ sai lệch."
        )
    report = " ".join(report_paragraphs(summary_document(up)))
    assert f"nhưng số liệu cùng kỳ năm trước chỉ gồm {done}/{expected} tổ chức {named}" in report
    assert "lần tổng hợp đó" not in report


def test_a_ward_whose_own_run_lacks_organisations_is_named_in_the_reports_comparison(
    wards: list[Path], tmp_path: Path
) -> None:
    """The report's comparison with last year said "(lần tổng hợp này thiếu 2 tổ chức)" of a
    roll-up, which is no one run: it names the ward, as the last-year words do."""
    dong = _with_last_year(wards[0], tmp_path / "dong.json")
    tay = _with_last_year(wards[1], tmp_path / "tay.json")
    doc = _load(tay)
    doc["indicators"]["orgs.registered"] += 2
    tay.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    up = rollup([dong, tay], name=UNIT)
    counted = doc["indicators"]["orgs.consolidated"]
    done, expected = up.indicators["orgs.consolidated"], up.indicators["orgs.registered"]
    report = " ".join(report_paragraphs(summary_document(up)))
    said = (
        f"số liệu kỳ này chỉ gồm {done}/{expected} tổ chức (số liệu của {SOUND} chỉ gồm "
        f"{counted}/{counted + 2} tổ chức)"
    )
    assert f"nhưng {said}" in report, report
    assert "lần tổng hợp này" not in report
    # The forms' (%) column is empty, and its note names the ward as the report does.
    for filled in result_forms(up)[:3]:
        assert all(f.values[2] is None for f in filled.lines), filled.form.code
        assert f"Cột (%) để trống: {said}, nên hai kỳ không cùng các tổ chức, so sánh sẽ sai lệch." in (
            filled.notes
        ), filled.notes


def test_a_wards_opening_left_unchecked_for_its_records_coverage_is_no_doubt_sent_up(
    wards: list[Path], tmp_path: Path
) -> None:
    """A ward whose run could not compare its opening with an earlier record of unknown coverage
    (`form.ward_opening_unchecked`: a first year's typed or imported figures) has no figure in
    doubt, and no new run of the ward clears it: the roll-up does not send it back (review231
    R1). The issue as the ward's run writes it into its summary."""
    doc = _load(wards[1])
    issue = {**_load(wards[0])["issues"][0], "code": "form.ward_opening_unchecked", "org_code": None}
    issue["message"] = "Toàn Đảng bộ: số đảng viên toàn phường tại ngày 31/03/2026 … chưa được đối chiếu …"
    doc["issues"] = [*doc["issues"], issue]
    ward = tmp_path / "tay.json"
    ward.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "cấp trên"
    out.mkdir()
    args = [str(ward), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"), "--name", UNIT]
    done = CliRunner().invoke(main, ["rollup", *args])
    assert done.exit_code == 0, done.output
    assert [i["code"] for i in _load(out / "r.json")["issues"]] == []
