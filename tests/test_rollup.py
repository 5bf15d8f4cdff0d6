"""Roll-up to the next level: three wards' summaries equal, value by value, the consolidation of
all their submissions as one folder; summaries that cannot be added are issues, not crashes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from tests.schema_check import assert_valid_summary
from toolkit.cli import main
from toolkit.core import vnformat
from toolkit.core.errors import SummaryError
from toolkit.core.model import Registry
from toolkit.forms import forms_json, result_forms
from toolkit.io.summary import figure_name
from toolkit.outputs.json_summary import summary_document
from toolkit.outputs.publish import write_outputs
from toolkit.outputs.report import report_paragraphs
from toolkit.pipeline import consolidate
from toolkit.rollup import rollup
from toolkit.sample.rows import OrgRows, Period
from toolkit.stats.sums import sum_indicators

UNIT = "Tỉnh Thử"  # a roll-up without a name has one more warning (`rollup.no_unit_name`)

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
WARDS = ("Phường Một", "Phường Hai", "Phường Ba")


def _write(orgs: list[OrgRows], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    return folder


def _run(folder: Path, orgs: list[OrgRows], name: str | None):  # type: ignore[no-untyped-def]
    registry = Registry([o.organisation for o in orgs])
    return consolidate([folder], cutoff=PERIOD.cutoff, since=PERIOD.start, registry=registry, ward_name=name)


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Three wards of three organisations each (people and cards unique across all nine)."""
    tmp = tmp_path_factory.mktemp("rollup")
    orgs = sample_orgs(31, [25, 40, 18, 33, 12, 50, 21, 28, 15], PERIOD)
    parts = [orgs[0:3], orgs[3:6], orgs[6:9]]
    summaries = []
    for name, part in zip(WARDS, parts, strict=True):
        folder = _write(part, tmp / name.replace(" ", "_"))
        result = _run(folder, part, name)
        assert not result.issues
        path = tmp / f"{folder.name}.json"
        write_outputs(result, tmp / f"{folder.name}.xlsx", path)
        summaries.append(path)
    everything = _run(_write(orgs, tmp / "all"), orgs, "Phường Gộp Ba")
    assert not everything.issues
    return {"tmp": tmp, "summaries": summaries, "all": everything, "parts": parts}


def test_three_wards_rolled_up_equal_all_their_submissions_consolidated_as_one(wards: dict) -> None:
    up = rollup(wards["summaries"], name="Phường Gộp Ba")
    combined = wards["all"].indicators
    assert not up.issues
    assert list(up.indicators) == list(combined)  # every id, in the same order
    for key, value in combined.items():
        assert up.indicators[key] == value, key
        assert type(up.indicators[key]) is type(value), key
    assert isinstance(up.indicators["members.age_mean"], float)
    assert any(k.startswith("targets.rate.") for k in combined)
    assert forms_json(result_forms(up)) == forms_json(result_forms(wards["all"]))
    assert [o.org_name for o in up.organisations] == list(WARDS)
    assert up.level == "rollup" and up.count("consolidated") == 3


def test_the_rolled_up_workbook_equals_the_one_folder_workbook_cell_by_cell(
    wards: dict, tmp_path: Path
) -> None:
    up = rollup(wards["summaries"], name="Phường Gộp Ba")
    write_outputs(up, tmp_path / "up.xlsx", tmp_path / "up.json")
    write_outputs(wards["all"], tmp_path / "all.xlsx")
    a, b = openpyxl.load_workbook(tmp_path / "up.xlsx"), openpyxl.load_workbook(tmp_path / "all.xlsx")
    for sheet in (
        "Tổng hợp",
        "Biến động theo năm",
        "Xếp loại theo năm",
        "Biểu 1-BTCTW",
        "Biểu 2-BTCTW",
        "Biểu 3-BTCTW",
        "Biểu 4-BTCTW",
        "Biểu đồ",  # members by sector: the sums of the wards' own organisations
    ):
        numbers_a = [
            (c.coordinate, c.value)
            for row in a[sheet].iter_rows()
            for c in row
            if isinstance(c.value, int | float)
        ]
        numbers_b = [
            (c.coordinate, c.value)
            for row in b[sheet].iter_rows()
            for c in row
            if isinstance(c.value, int | float)
        ]
        assert numbers_a == numbers_b, sheet
        assert numbers_a or sheet in ("Biểu 1-BTCTW", "Biểu 2-BTCTW"), sheet  # their ids come in step 2
    assert "Theo phường" in a.sheetnames and "Theo tổ chức" not in a.sheetnames
    per_ward = a["Theo phường"]
    names = [c.value for c in per_ward["A"]][4:7]
    assert names == list(WARDS)
    doc = json.loads((tmp_path / "up.json").read_text(encoding="utf-8"))
    assert_valid_summary(doc)
    assert doc["ward_name"] == "Phường Gộp Ba"


def test_a_ward_without_its_organisations_has_its_members_under_no_sector(
    wards: dict, tmp_path: Path
) -> None:
    """The sector split is summed from the wards' organisations; a ward whose summary does not
    list them cannot be split: its members are "Chưa rõ khối", never 0 members in all."""
    from toolkit.outputs.sheets.charts import members_by_sector

    one, two, three = wards["summaries"]
    bare = _edited(two, tmp_path / "bare.json", organisations=None)
    full, part = rollup([one, two, three], name=UNIT), rollup([one, bare, three], name=UNIT)
    assert members_by_sector(full) == members_by_sector(wards["all"])
    unknown = int(json.loads(two.read_text(encoding="utf-8"))["indicators"]["members.total"])
    split = dict(members_by_sector(part))
    assert split.pop("Chưa rõ khối") == unknown
    assert sum(split.values()) + unknown == full.indicators["members.total"]


def test_a_rolled_up_summary_is_not_added_again_the_wards_own_summaries_are(
    wards: dict, tmp_path: Path
) -> None:
    up = rollup(wards["summaries"][:2], name="Hai phường")
    path = tmp_path / "hai.json"
    write_outputs(up, tmp_path / "hai.xlsx", path)
    assert json.loads(path.read_text(encoding="utf-8"))["level"] == "rollup"
    with pytest.raises(SummaryError) as caught:
        rollup([path, wards["summaries"][2]])
    assert f"“{path}” là số liệu đã tổng hợp lên cấp trên của 2 phường" in caught.value.message_vi
    # The sums are exact: the wards' own summaries give what a roll-up of roll-ups would.
    assert rollup(wards["summaries"]).indicators == wards["all"].indicators


def test_means_are_recomputed_from_sums_never_averaged() -> None:
    a = {"members.age_sum": 100, "members.age_known": 3, "members.age_mean": 33.3, "members.total": 3}
    b = {"members.age_sum": 50, "members.age_known": 2, "members.age_mean": 25.0, "members.total": 2}
    total = sum_indicators([a, b])
    assert total.indicators["members.age_mean"] == 30.0  # 150 / 5, not (33.3 + 25.0) / 2
    assert total.indicators["members.total"] == 5
    rates = sum_indicators(
        [
            {"changes.admissions.2025": 3, "targets.2025": 4, "targets.rate.2025": 0.75},
            {"changes.admissions.2025": 2, "targets.2025": 0},
        ]
    )
    assert rates.indicators["targets.rate.2025"] == 1.25  # 5 / 4
    assert not rates.incomplete


def test_an_indicator_some_wards_lack_is_left_out_and_named() -> None:
    total = sum_indicators([{"members.total": 1, "x.y": 2}, {"members.total": 2}])
    assert total.indicators == {"members.total": 3} and total.incomplete == ["x.y"]
    old = sum_indicators(
        [{"members.total": 1, "members.age_mean": 40.0}, {"members.total": 2, "members.age_mean": 50.0}]
    )
    assert "members.age_mean" not in old.indicators and "members.age_mean" in old.incomplete
    odd = sum_indicators([{"a.b": 1.5}, {"a.b": 2}])
    assert odd.not_additive == ["a.b"] and "a.b" not in odd.indicators


# --- summaries that cannot be added ------------------------------------------------------------------


def _edited(source: Path, target: Path, **changes) -> Path:
    doc = json.loads(source.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


def test_two_summaries_of_one_ward_name_stop_the_rollup(wards: dict, tmp_path: Path) -> None:
    one, two, three = wards["summaries"]
    twin = _edited(two, tmp_path / "twin.json", ward_name=" phường  một ")  # the same name, spelled otherwise
    with pytest.raises(SummaryError) as caught:
        rollup([one, twin, three])
    said = caught.value.message_vi
    # The name as the first file spells it (hunt123 F2), and what to do if they are two wards.
    assert f"“{one}” và “{twin}” là số liệu của cùng một phường “Phường Một”" in said
    assert "hãy tổng hợp lại một phường với tên phân biệt" in said
    assert str(three) not in said and "Chưa ghi tệp kết quả nào." in said


def test_a_ward_run_again_under_its_name_typed_with_combining_accents_stops_the_rollup(
    wards: dict, tmp_path: Path
) -> None:
    """Its second run (one organisation renamed in the registry meanwhile, so the lists
    differ) under its name typed with combining accents (NFD) is the same ward: refused, as
    the history compares ward names (`ward_key`)."""
    one, two, three = wards["summaries"]
    part = wards["parts"][1]
    registry = Registry([o.organisation for o in part])
    registry.organisations[-1] = dataclasses.replace(
        registry.organisations[-1], org_name=registry.organisations[-1].org_name + " (đã sửa tên)"
    )
    nfd = unicodedata.normalize("NFD", WARDS[1])
    assert nfd != WARDS[1]
    again = consolidate(
        [wards["tmp"] / two.stem],
        cutoff=PERIOD.cutoff,
        since=PERIOD.start,
        registry=registry,
        ward_name=nfd,
    )
    second = tmp_path / "lan_hai.json"
    write_outputs(again, tmp_path / "lan_hai.xlsx", second)
    # Stored in one form now (`tidy_name`); an older version's summary kept the name as typed.
    doc = json.loads(second.read_text(encoding="utf-8"))
    assert doc["ward_name"] == WARDS[1]
    second.write_text(json.dumps({**doc, "ward_name": nfd}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SummaryError) as caught:
        rollup([one, two, second, three], name=UNIT)
    assert f"“{two}” và “{second}” là số liệu của cùng một phường “{WARDS[1]}”" in caught.value.message_vi
    # The other identities are compared alike: a run id or organisation names in another
    # Unicode form or case are the same run, the same organisations.
    doc = json.loads(two.read_text(encoding="utf-8"))
    orgs = [{**o, "org_name": unicodedata.normalize("NFD", o["org_name"])} for o in doc["organisations"]]
    # (Without a name: two different names would make the same list no proof, hunt123 F2.)
    renamed = _edited(two, tmp_path / "nfd.json", ward_name=None, run_id="x", organisations=orgs)
    with pytest.raises(SummaryError) as caught:
        rollup([one, two, renamed], name=UNIT)
    assert "là số liệu của cùng một phường (cùng danh sách 3 tổ chức)" in caught.value.message_vi
    upper = _edited(
        two, tmp_path / "upper.json", ward_name="Phường Khác", run_id=f" {doc['run_id'].upper()} "
    )
    with pytest.raises(SummaryError) as caught:
        rollup([one, two, upper], name=UNIT)
    assert f"là cùng một lần tổng hợp (mã lần chạy {doc['run_id'].upper()})" in caught.value.message_vi


def test_nameless_wards_whose_files_share_a_name_are_two_wards(wards: dict, tmp_path: Path) -> None:
    one, two, _ = wards["summaries"]
    paths = []
    for folder, source in (("a", one), ("b", two)):
        (tmp_path / folder).mkdir()
        paths.append(_edited(source, tmp_path / folder / "tong_hop.json", ward_name=None))
    up = rollup(paths, name=UNIT)
    assert [i.code for i in up.issues] == ["rollup.no_ward_name"] * 2
    # By their paths from the folder they share (`file_labels`), never the absolute ones (hunt123 F4).
    assert [o.org_name for o in up.organisations] == [str(Path(p.parent.name, p.stem)) for p in paths]
    assert up.count("consolidated") == 2


def test_a_ward_of_another_cutoff_or_period_is_left_out(wards: dict, tmp_path: Path) -> None:
    one, two, three = wards["summaries"]
    late = _edited(
        two, tmp_path / "late.json", cutoff_date="2026-06-30", form_period=["2026-01-01", "2026-06-30"]
    )
    # A start inside the same year: the changes of the period's years still add up to its own.
    other = _edited(three, tmp_path / "other.json", period_start="2024-02-01")
    # Each against two wards: one against one is no majority, and stops the roll-up (hunt123 F3).
    up = rollup([one, late, three], name=UNIT)
    (cutoff,) = up.issues
    assert cutoff.code == "rollup.cutoff_mismatch" and cutoff.file == "late.json"
    assert "30/06/2026" in cutoff.message and "31/03/2026" in cutoff.message
    up = rollup([one, two, other], name=UNIT)
    by_code = {i.code: i for i in up.issues}
    assert set(by_code) == {"rollup.period_mismatch"}
    # The period message names only what differs (here the change period, not the forms').
    mismatch = by_code["rollup.period_mismatch"]
    starts = {f"biến động tính từ ngày {vnformat.date(d)}" for d in (PERIOD.start, dt.date(2024, 2, 1))}
    others = f"biến động tính từ ngày {vnformat.date(up.period_start)}"
    assert mismatch.value in starts - {others}, mismatch.message
    assert mismatch.message.startswith(f"Tệp này có {mismatch.value}; các phường khác: {others}.")
    assert "kỳ báo cáo" not in mismatch.message
    assert up.count("consolidated") == 2
    # The report counts the wards added, not the files given (their organisations are the two's).
    from toolkit.outputs.report import report_paragraphs

    opening = " ".join(report_paragraphs(summary_document(up))[:2])
    organisations = vnformat.count(int(up.indicators["orgs.registered"]))
    assert f"02 Đảng bộ phường được tổng hợp có {organisations} tổ chức đảng" in opening, opening
    assert "03 Đảng bộ phường" not in opening
    # One against one (the late cut-off left out first): neither is the odd one out.
    with pytest.raises(SummaryError) as caught:
        rollup([one, late, other], name=UNIT)
    said = caught.value.message_vi
    assert "các phường không cùng kỳ số liệu, và không có kỳ số liệu nào của phần lớn" in said


HOSTILE = {
    "validation_report": '{"files": [], "issues": []}',
    "deep": "{" + '"a": {' * 40_000 + "}" * 40_001,
    "nan": '{"cutoff_date": "2026-03-31", "period_start": "2024-01-01", '
    '"indicators": {"members.total": NaN}}',
    "types": '{"cutoff_date": "2026-03-31", "period_start": "2024-01-01", '
    '"indicators": {"members.total": 5}, "organisations": {"HD01": 1}}',
    "not_json": "PK\x03\x04",
}


def test_unknown_formats_and_hostile_json_are_issues_and_the_rest_is_added(
    wards: dict, tmp_path: Path
) -> None:
    paths = []
    for name, text in HOSTILE.items():
        path = tmp_path / f"{name}.json"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    up = rollup([*paths, wards["summaries"][0]], name=UNIT)
    assert [i.code for i in up.issues] == ["rollup.unreadable"] * len(HOSTILE)
    assert all(i.file for i in up.issues)
    # A summary's keys, a wrong type or a NaN in it: a ward left out (hunt378 F1: the NaN file
    # was no ward's); the others (no JSON the parser takes, no summary) are no ward's files,
    # neither counted nor named as wards (hunt332 F3).
    assert up.count("consolidated") == 1 and up.count("excluded") == 2
    assert sorted(s.file for s in up.unknown_files()) == [
        f"{kind}.json" for kind in sorted(HOSTILE) if kind not in ("types", "nan")
    ]


def test_nothing_usable_is_a_vietnamese_error(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(SummaryError) as caught:
        rollup([path, tmp_path / "missing.json"])
    assert "Không có tệp số liệu tổng hợp nào dùng được" in caught.value.message_vi
    result = CliRunner().invoke(main, ["rollup", str(path), "-o", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 2 and result.output.startswith("Lỗi: ") and "Traceback" not in result.output


def test_nothing_usable_says_how_to_get_a_summary_once(wards: dict, tmp_path: Path) -> None:
    """Another program's JSON and a workbook renamed .json: the workbook's reason names the ways
    to a summary; the bare hint after it said the same advice again (hunt332 F2)."""
    (tmp_path / "notward.json").write_text('{"hello": 1}', encoding="utf-8")
    fake = tmp_path / "fake.json"
    fake.write_bytes(wards["summaries"][0].with_suffix(".xlsx").read_bytes())
    with pytest.raises(SummaryError) as caught:
        rollup([tmp_path / "notward.json", fake], name=UNIT)
    said = caught.value.message_vi
    assert "“notward.json” không phải tệp số liệu tổng hợp" in said and "“fake.json” là tệp Office" in said
    assert said.count("consolidate --json") == 1, said


def test_a_summary_without_a_ward_name_is_named_after_its_file(wards: dict, tmp_path: Path) -> None:
    nameless = _edited(wards["summaries"][0], tmp_path / "phuong_cu.json", ward_name=None)
    up = rollup([nameless, wards["summaries"][1]], name=UNIT)
    assert [i.code for i in up.issues] == ["rollup.no_ward_name"]
    assert up.organisations[0].org_name == "phuong_cu"
    # in words, not the JSON's key “ward_name” (review254 F12): where the ward writes its name
    (said,) = [i.message for i in up.issues]
    assert "ward_name" not in said
    assert "ô “Tên phường” của sheet “Điều khiển” hay --ward-name" in said


def test_an_older_summary_without_the_sums_of_the_mean_is_named(wards: dict, tmp_path: Path) -> None:
    doc = json.loads(wards["summaries"][0].read_text(encoding="utf-8"))
    for key in ("members.age_sum", "members.age_known"):
        doc["indicators"].pop(key)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    up = rollup([old, wards["summaries"][1]], name=UNIT)
    assert "members.age_mean" not in up.indicators
    (issue,) = up.issues
    assert issue.code == "rollup.incomplete_indicator" and "tuổi bình quân của đảng viên" in issue.message
    assert "members." not in issue.message  # named as the clerk knows them (fix357)


def _row(ws, label: str) -> tuple:  # type: ignore[no-untyped-def]
    return next(r for r in ws.iter_rows(values_only=True) if r[0] == label)


def test_an_indicator_left_out_is_shown_empty_with_a_note_never_0(wards: dict, tmp_path: Path) -> None:
    """An older ward summary without the sums of the mean and without a year's target: the
    roll-up's sheets leave those figures, and the totals and rates built on them, empty, and
    say why — never 0, never a total of the other years."""
    from toolkit.outputs.summary_lines import UNKNOWN_FIGURE_NOTE

    doc = json.loads(wards["summaries"][0].read_text(encoding="utf-8"))
    for key in ("members.age_sum", "members.age_known", "targets.2026"):
        doc["indicators"].pop(key)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    up = rollup([old, *wards["summaries"][1:]], name=UNIT)
    assert "targets.2026" not in up.indicators and "targets.2025" in up.indicators
    write_outputs(up, tmp_path / "up.xlsx", None)
    book = openpyxl.load_workbook(tmp_path / "up.xlsx")
    summary = book["Tổng hợp"]
    assert _row(summary, "Tuổi bình quân")[1:3] == (None, None)
    targets = _row(summary, "Chỉ tiêu kết nạp được giao")
    assert targets[1:5] == (up.indicators["targets.2024"], up.indicators["targets.2025"], None, None)
    rate = _row(summary, "Tỷ lệ kết nạp đạt so với chỉ tiêu")
    assert rate[1] is not None and rate[3:5] == (None, None)
    notes = [r[0] for r in summary.iter_rows(values_only=True) if r[0] and UNKNOWN_FIGURE_NOTE in str(r[0])]
    assert notes, "the empty cells are explained"
    changes = book["Biến động theo năm"]
    assert _row(changes, "Chỉ tiêu kết nạp được giao")[1:5] == targets[1:5]
    # The cut-off's year (31/3) is the chart's "2026 (đến 31/3)": its bar is no full year's.
    charts = [r for r in book["Biểu đồ"].iter_rows(values_only=True) if r[0] == "2026 (đến 31/3)"]
    assert charts == [("2026 (đến 31/3)", up.indicators["changes.admissions.2026"], None, *[None] * 10)]
    assert any(r[0] == UNKNOWN_FIGURE_NOTE for r in book["Biểu đồ"].iter_rows(values_only=True))
    # Every ward has every figure: no empty cell, no note.
    write_outputs(rollup(wards["summaries"], name=UNIT), tmp_path / "all.xlsx", None)
    full = openpyxl.load_workbook(tmp_path / "all.xlsx")["Tổng hợp"]
    assert _row(full, "Tuổi bình quân")[1] is not None
    assert not [r for r in full.iter_rows(values_only=True) if r[0] and UNKNOWN_FIGURE_NOTE in str(r[0])]


def test_last_year_is_summed_when_every_ward_has_it(wards: dict, tmp_path: Path) -> None:
    paths = []
    for i, source in enumerate(wards["summaries"]):
        past = {
            "run_id": f"r{i}",
            "cutoff_date": "2025-03-31",
            "period_start": "2024-01-01",
            "form_period": ["2025-01-01", "2025-03-31"],
            "indicators": {
                "members.total": 10 * (i + 1),
                "members.age_mean": 40.0 + i,
                "members.age_sum": (40 + i) * 10,
                "members.age_known": 10,
            },
        }
        paths.append(_edited(source, tmp_path / f"p{i}.json", previous=past))
    up = rollup(paths)
    assert up.previous is not None and up.previous.indicators["members.total"] == 60
    assert up.previous.indicators["members.age_mean"] == 41.0  # (400 + 410 + 420) / 30
    doc = summary_document(up)
    total = next(r for r in doc["forms"]["bieu3"] if r["row"] == "I")
    assert total["previous"] == 60
    assert rollup([paths[0], wards["summaries"][1]]).previous is None  # one ward without it
    empty = "Cột “Cùng kỳ năm trước” để trống: "
    said = " ".join(result_forms(rollup([paths[0], wards["summaries"][1]]))[0].notes)
    assert f"{empty}tệp số liệu của {WARDS[1]} không có số liệu kỳ 01/01/2025–31/3/2025." in said
    # Every ward has that period, from last year's runs of other change periods: not summed
    # (their changes would mix spans of time), and the note says so, not that a file lacks it.
    later = {**json.loads(paths[1].read_text(encoding="utf-8"))["previous"], "period_start": "2024-07-01"}
    paths[1] = _edited(paths[1], tmp_path / "p1_later.json", previous=later)
    other_start = rollup(paths)
    assert other_start.previous is None
    said = " ".join(result_forms(other_start)[0].notes)
    assert "không phải tệp số liệu nào" not in said and "không có số liệu kỳ" not in said
    assert (
        f"{empty}số liệu kỳ 01/01/2025–31/3/2025 của các phường được tổng hợp với kỳ biến động bắt đầu "
        f"khác ngày nhau ({WARDS[0]} từ 01/01/2024; {WARDS[1]} từ 01/7/2024; {WARDS[2]} từ 01/01/2024)"
    ) in said


def test_rollup_cli_writes_the_workbook_and_exits_1_when_a_ward_is_left_out(
    wards: dict, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    out = tmp_path / "cap_tren.xlsx"
    args = [
        "rollup",
        *map(str, wards["summaries"]),
        str(bad),
        "-o",
        str(out),
        "--json",
        str(tmp_path / "c.json"),
        "--name",
        "Tỉnh Thử",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "Đã tổng hợp 3/3 phường" in result.output and "phường bị loại" not in result.output
    assert "1 tệp không rõ là số liệu tổng hợp của phường nào." in result.output
    assert openpyxl.load_workbook(out)["Biểu 1-BTCTW"]["A1"].value == "TỈNH ỦY THỬ"
    assert "chưa có tên đơn vị cấp trên" not in result.output
    ok = CliRunner().invoke(main, ["rollup", *map(str, wards["summaries"]), "-o", str(tmp_path / "ok.xlsx")])
    assert ok.exit_code == 0, ok.output
    # Without --name: a warning, not a failure, and the line that says it before the totals.
    lines = ok.output.splitlines()
    unnamed = "Các Biểu 1–4-BTCTW chưa có tên đơn vị cấp trên"
    said = [n for n, line in enumerate(lines) if line.startswith(unnamed)]
    assert len(said) == 1 and lines[said[0] + 1].startswith("Tổng cộng"), lines


def test_a_rollup_without_a_name_says_so_and_leaves_the_committee_to_fill_in(
    wards: dict, tmp_path: Path
) -> None:
    """The level above a ward is no phường: an unnamed roll-up's forms must not read "ĐẢNG ỦY
    PHƯỜNG". They leave the name to fill in, and the run says so once, of no file."""
    up = rollup(wards["summaries"])
    [said] = [i for i in up.issues if i.code == "rollup.no_unit_name"]
    assert said.file is None and said.severity == "warning" and "--name" in said.message
    assert up.ward_name is None
    write_outputs(up, tmp_path / "r.xlsx", None)
    assert openpyxl.load_workbook(tmp_path / "r.xlsx")["Biểu 1-BTCTW"]["A1"].value == "ĐẢNG ỦY ……………"

    named = rollup(wards["summaries"], name="  Tỉnh   Hải Dương ")
    assert not [i for i in named.issues if i.code == "rollup.no_unit_name"]
    assert named.ward_name == "Tỉnh Hải Dương"
    write_outputs(named, tmp_path / "n.xlsx", None)
    assert openpyxl.load_workbook(tmp_path / "n.xlsx")["Biểu 4-BTCTW"]["A1"].value == "TỈNH ỦY HẢI DƯƠNG"


def test_a_long_unit_name_heads_the_forms_on_two_lines_in_full(wards: dict, tmp_path: Path) -> None:
    """The committee's cell wraps, and Excel does not fit a merged cell's row to its text: a
    long unit name's row is as high as its two lines (hunt30: Biểu 4's A1:B1 stayed one line
    high, the second line cut in Excel, printed over the "*" by LibreOffice). A short one keeps
    the default height."""
    heights = {}
    for label, name in (("long", "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Hải Dương"), ("short", UNIT)):
        out = tmp_path / f"{label}.xlsx"
        done = CliRunner().invoke(
            main, ["rollup", *map(str, wards["summaries"]), "-o", str(out), "--name", name]
        )
        assert done.exit_code == 0, done.output
        book = openpyxl.load_workbook(out)
        for number in range(1, 5):
            ws = book[f"Biểu {number}-BTCTW"]
            assert ws["A1"].alignment.wrap_text
            heights[label, number] = ws.row_dimensions[1].height
    assert book["Biểu 4-BTCTW"]["A1"].value == "TỈNH ỦY THỬ"
    for number in range(1, 5):
        assert heights["long", number] is not None and heights["long", number] >= 2 * 15, heights
        # A short name is one line: the row's height is held in the file too (as every form
        # row's, the page estimate's), one line of 15 points.
        assert heights["short", number] == 15, heights


def test_a_ward_whose_run_left_organisations_out_is_added_and_said(wards: dict, tmp_path: Path) -> None:
    """Its figures are what the ward has: added, but said at its file, and the roll-up's forms
    say of how many organisations their figures are (the sums of every ward's)."""
    one, two, three = wards["summaries"]
    doc = json.loads(two.read_text(encoding="utf-8"))
    ind = {**doc["indicators"], "orgs.registered": doc["indicators"]["orgs.consolidated"] + 2}
    partial = _edited(two, tmp_path / "partial.json", indicators=ind)
    up = rollup([one, partial, three])
    (issue,) = [i for i in up.issues if i.code == "rollup.incomplete_ward"]
    done = ind["orgs.consolidated"]
    assert issue.file == "partial.json" and issue.severity == "warning"
    assert f"Số liệu của {WARDS[1]} chỉ gồm {done}/{done + 2} tổ chức đảng (2 tổ chức" in issue.message
    assert up.count("consolidated") == 3  # added all the same
    registered = up.indicators["orgs.registered"]
    assert registered == up.indicators["orgs.consolidated"] + 2
    from toolkit.forms import result_forms

    notes = result_forms(up)[0].notes
    assert notes[0].startswith(f"Số liệu của {up.indicators['orgs.consolidated']}/{registered} tổ chức đảng")
    # The statistics sheet's coverage line says it too, never "đủ số liệu".
    write_outputs(up, tmp_path / "up.xlsx", None)
    coverage = openpyxl.load_workbook(tmp_path / "up.xlsx")["Tổng hợp"]["A3"].value
    assert coverage.startswith("Chưa đủ số liệu: 1 phường được tổng hợp nhưng số liệu của phường chưa đủ")
    assert f"({WARDS[1]}: {done}/{done + 2} tổ chức)" in coverage
    assert not [i for i in rollup([one, two, three]).issues if i.code == "rollup.incomplete_ward"]


def test_a_ward_whose_run_had_a_file_outside_its_registry_is_said_incomplete(
    wards: dict, tmp_path: Path
) -> None:
    """An organisation outside a ward's registry that sent a file (`orgs.unregistered`) is one
    the ward's figures leave out: the roll-up says so at that ward's file, and its forms count
    it beside those of the registries. A summary of an older version has no such count: it
    is added as 0, not an indicator left out of the roll-up."""
    one, two, three = wards["summaries"]
    doc = json.loads(two.read_text(encoding="utf-8"))
    assert doc["indicators"]["orgs.unregistered"] == 0
    done = doc["indicators"]["orgs.consolidated"]
    with_outside = {**doc["indicators"], "orgs.unregistered": 1}
    outside = _edited(two, tmp_path / "outside.json", indicators=with_outside)
    up = rollup([one, outside, three])
    (issue,) = [i for i in up.issues if i.code == "rollup.incomplete_ward"]
    # Over the ward's registry, the file outside it said beside (fix331: never "3/4" beside a
    # share of 3).
    outside = "trong danh mục (ngoài ra 1 tổ chức chưa có trong danh mục có nộp tệp, không được tổng hợp)"
    # Every organisation of the registry is in: none is "chưa được tổng hợp ở phường" (hunt337 F3:
    # "(ngoài ra 1 …) (1 tổ chức chưa được tổng hợp ở phường: chưa nộp hoặc tệp có lỗi)").
    said = f"chỉ gồm {done}/{done} tổ chức đảng {outside}. Tệp vẫn được cộng"
    assert issue.file == "outside.json" and said in issue.message, issue.message
    assert up.indicators["orgs.unregistered"] == 1
    expected = up.indicators["orgs.registered"]
    notes = result_forms(up)[0].notes
    # The roll-up's note names the ward whose registry the organisation is outside (fix338).
    whose = outside.replace("trong danh mục có", f"trong danh mục của {doc['ward_name']} có")
    of = f"Số liệu của {up.indicators['orgs.consolidated']}/{expected} tổ chức đảng {whose}"
    assert notes[0].startswith(of), notes[0]

    older = {k: v for k, v in doc["indicators"].items() if k != "orgs.unregistered"}
    old = rollup([one, _edited(two, tmp_path / "older.json", indicators=older), three])
    assert not [i for i in old.issues if i.code in ("rollup.incomplete_indicator", "rollup.incomplete_ward")]
    assert old.indicators["orgs.unregistered"] == 0


def test_a_ward_lacking_organisations_and_with_a_file_outside_says_each_once(
    wards: dict, tmp_path: Path
) -> None:
    """A ward's run of 70/72 of its registry with a file outside it: what it lacks of the
    registry is 2, said after the count, and the one outside beside them in the same brackets,
    as the ward's own outputs say it (review335 F3, a299b3fc): "70/72 … (ngoài ra 1 …) (3 tổ chức
    chưa được tổng hợp ở phường …)" made 70 + 3 = 73 of 72 (hunt337 F3). (Last year's,
    `rollup.incomplete_previous_ward`, is said by the same `_coverage_issue`.)"""
    one, two, three = wards["summaries"]
    doc = json.loads(two.read_text(encoding="utf-8"))
    ind = doc["indicators"]
    done, total = ind["orgs.consolidated"], ind["orgs.registered"]
    assert done == total
    edited = {**ind, "orgs.registered": total + 2, "orgs.unregistered": 1}
    gaps = _edited(two, tmp_path / "gaps.json", indicators=edited)
    up = rollup([one, gaps, three])
    outside = "ngoài ra 1 tổ chức chưa có trong danh mục có nộp tệp, không được tổng hợp"
    (now,) = [i for i in up.issues if i.code == "rollup.incomplete_ward"]
    said = f"chỉ gồm {done}/{total + 2} tổ chức đảng trong danh mục (2 tổ chức chưa được tổng hợp ở phường"
    assert f"{said}: chưa nộp hoặc tệp có lỗi; {outside}). Tệp vẫn" in now.message, now.message


def test_a_rollups_own_words_are_of_the_wards_it_adds_not_of_one_ward(wards: dict, tmp_path: Path) -> None:
    """The level above a ward: its statistics sheet, coverage line and report paragraph speak
    of the wards it adds ("3 Đảng bộ phường", "3/3 phường"), not of one Đảng bộ phường."""
    from toolkit.outputs.report import report_paragraphs
    from toolkit.outputs.sheets.issues import OPEN_CELL, OPEN_LINKED, counts_text

    for name, title in (
        (None, "THỐNG KÊ ĐẢNG VIÊN CÁC ĐẢNG BỘ PHƯỜNG"),
        (UNIT, "THỐNG KÊ ĐẢNG VIÊN ĐẢNG BỘ TỈNH THỬ"),  # as its report's title (review256 R2)
    ):
        up = rollup(wards["summaries"], name=name)
        out = tmp_path / f"{name or 'khong_ten'}.xlsx"
        write_outputs(up, out, None)
        ws = openpyxl.load_workbook(out)["Tổng hợp"]
        assert (ws["A1"].value, ws["A3"].value) == (title, "Đã tổng hợp đủ số liệu của 3/3 phường.")
        first = report_paragraphs(summary_document(up))[0]
        assert "3 Đảng bộ phường được tổng hợp có" in first or "03 Đảng bộ phường được tổng hợp có" in first
        assert "toàn Đảng bộ phường" not in first and "Tổng số đảng viên của các Đảng bộ là" in first
        sources = openpyxl.load_workbook(out)["Nguồn số liệu"]
        headers = {c.value for r in sources.iter_rows(max_row=6) for c in r}
        assert {"Phường", "Tên phường", "Số tổ chức"} <= headers and "Mã tổ chức" not in headers
        # Its trend is this run alone, and says why (a roll-up records nothing in a history).
        trend = openpyxl.load_workbook(out)["Xu hướng"]
        texts = [c for r in trend.iter_rows(values_only=True) for c in r if isinstance(c, str)]
        assert any(t.startswith("Bản tổng hợp cấp trên không được ghi vào lịch sử") for t in texts)
        assert not any("từ các lần tổng hợp tới" in t for t in texts)
        # Its issues are of ward summaries: no cell to open, so no word of opening one; the
        # links of the issues naming a ward's file open that file, and are said to.
        checks = openpyxl.load_workbook(out)["Kiểm tra"]
        linked = any(i.file for i in up.issues)
        said = f"{counts_text(up.issues)} {OPEN_LINKED}" if linked else counts_text(up.issues)
        assert checks["A2"].value.startswith(said) and OPEN_CELL not in checks["A2"].value
        assert linked == any(c.hyperlink for c in checks["E"]), "a link said is a link written"
        # Its forms' empty last-year column: not in every ward's file (a roll-up reads no history).
        notes = " ".join(result_forms(up)[0].notes)
        assert "không tệp số liệu nào của các phường có số liệu kỳ 01/01/2025–31/3/2025." in notes
        assert "lịch sử tổng hợp" not in notes
    ward = json.loads(wards["summaries"][0].read_text(encoding="utf-8"))
    assert "toàn Đảng bộ phường Một có" in report_paragraphs(ward)[0]  # a ward's own words, its name


def test_a_ward_whose_forms_period_differs_is_told_only_that(wards: dict, tmp_path: Path) -> None:
    one, two, three = wards["summaries"]
    form = json.loads(Path(three).read_text(encoding="utf-8"))["form_period"]
    shifted = [(dt.date.fromisoformat(form[0]) + dt.timedelta(days=1)).isoformat(), form[1]]
    other = _edited(three, tmp_path / "other.json", form_period=shifted)
    up = rollup([one, two, other], name=UNIT)
    (mismatch,) = up.issues
    assert mismatch.code == "rollup.period_mismatch" and mismatch.file == "other.json"
    words = [vnformat.message_date(dt.date.fromisoformat(d)) for d in (*shifted, form[0])]
    assert mismatch.message.startswith(
        f"Tệp này có kỳ báo cáo của Biểu 1–4-BTCTW {words[0]}–{words[1]}; "
        f"các phường khác: kỳ báo cáo của Biểu 1–4-BTCTW {words[2]}–{words[1]}."
    ), mismatch.message
    assert "biến động tính từ" not in mismatch.message


def test_the_charts_sheet_says_nothing_of_empty_cells_when_none_of_its_own_is_empty(
    wards: dict, tmp_path: Path
) -> None:
    """A ward summary without the sums of the mean age: `Tổng hợp` leaves the mean empty and
    says why, but `Biểu đồ` shows no such figure, so it carries no note about empty cells (it
    did, under a table all of whose cells were filled). Without the age bands, its age table's
    cells are empty, never 0, and the note is there."""
    from toolkit.outputs.summary_lines import UNKNOWN_FIGURE_NOTE

    doc = json.loads(wards["summaries"][0].read_text(encoding="utf-8"))
    for key in ("members.age_sum", "members.age_known"):
        doc["indicators"].pop(key)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    write_outputs(rollup([old, *wards["summaries"][1:]], name=UNIT), tmp_path / "up.xlsx", None)
    book = openpyxl.load_workbook(tmp_path / "up.xlsx")

    def noted(sheet: str) -> bool:
        return any(r[0] and UNKNOWN_FIGURE_NOTE in str(r[0]) for r in book[sheet].iter_rows(values_only=True))

    assert noted("Tổng hợp") and not noted("Biểu đồ")
    charts = book["Biểu đồ"]
    assert all(r[1] is not None for r in charts.iter_rows(values_only=True) if isinstance(r[0], int))
    for key in [k for k in doc["indicators"] if k.startswith("members.age_report.")]:
        doc["indicators"].pop(key)
    old.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    write_outputs(rollup([old, *wards["summaries"][1:]], name=UNIT), tmp_path / "bands.xlsx", None)
    book = openpyxl.load_workbook(tmp_path / "bands.xlsx")
    assert noted("Biểu đồ")
    age = [r for r in book["Biểu đồ"].iter_rows(values_only=True) if r[0] and str(r[0]).startswith("Từ ")]
    assert age and all(r[1] is None for r in age)


def test_the_note_of_empty_cells_is_said_only_under_a_table_with_an_empty_cell(
    wards: dict, tmp_path: Path
) -> None:
    """A ward summary lacking only ids no sheet of the roll-up shows (Biểu 2's "chưa rõ còn quần
    chúng", as one from an earlier build): `Tổng hợp` (under section C and at its foot) and
    `Biến động theo năm` said "Ô để trống: …" though none of their cells was empty for it, so the
    empty cells of the strike-off reasons seemed to have a third cause (hunt43 regress #3). The
    note is now said under a table one of whose own cells is empty for it, and nowhere else."""
    from toolkit.outputs.summary_lines import UNKNOWN_FIGURE_NOTE

    doc = json.loads(wards["summaries"][0].read_text(encoding="utf-8"))
    old = tmp_path / "old.json"

    def notes(*keys: str) -> dict[str, list[int]]:
        """The rows (1-based) of each sheet whose column A says the note, one ward lacking `keys`."""
        edited = json.loads(json.dumps(doc))
        for block in [edited["indicators"], *(o["indicators"] for o in edited["organisations"])]:
            for key in keys:
                block.pop(key, None)
        old.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
        up = rollup([old, *wards["summaries"][1:]], name=UNIT)
        assert "rollup.incomplete_indicator" in [i.code for i in up.issues]
        out = tmp_path / f"up_{len(keys)}.xlsx"
        write_outputs(up, out, None)
        book = openpyxl.load_workbook(out)
        return {
            sheet: [
                n
                for n, r in enumerate(book[sheet].iter_rows(values_only=True), 1)
                if UNKNOWN_FIGURE_NOTE in str(r[0])
            ]
            for sheet in ("Tổng hợp", "Biến động theo năm", "Biểu đồ")
        }

    shown_nowhere = ["period.died", "period.expelled"]  # on Biểu 1 only
    assert notes(*shown_nowhere) == {"Tổng hợp": [], "Biến động theo năm": [], "Biểu đồ": []}
    # The mean age (section B) empty: said once, at the foot of Tổng hợp, not under section C.
    said = notes("members.age_sum", "members.age_known")
    assert said["Biến động theo năm"] == [] and said["Biểu đồ"] == [] and len(said["Tổng hợp"]) == 1
    # A year's deaths (section C) empty: said under section C, in both sheets that show it.
    died = [k for k in doc["indicators"] if k.startswith("changes.died.")]
    said = notes(*died)
    assert len(said["Tổng hợp"]) == 1 and len(said["Biến động theo năm"]) == 1 and said["Biểu đồ"] == []


# --- what the roll-up says of its wards' files (hunt43 rollup F1, F2, F4) -------------------------


def test_a_wards_target_of_organisations_its_run_left_out_is_said_under_the_rollups_rates(
    wards: dict, tmp_path: Path
) -> None:
    """A ward whose run consolidated 2 of its 3 organisations states the target of all 3 (its
    registry's), and its own outputs say its rate may be too low; the roll-up added that target
    and said nothing, as if its targets were of the organisations consolidated (hunt43 F1)."""
    one, _, three = wards["summaries"]
    part = wards["parts"][1]
    folder = _write(part[:2], tmp_path / "Phường_Hai_thiếu")
    own = consolidate(
        [folder],
        cutoff=PERIOD.cutoff,
        since=PERIOD.start,
        registry=Registry([o.organisation for o in part]),
        ward_name=WARDS[1],
    )
    partial = tmp_path / "hai.json"
    write_outputs(own, tmp_path / "hai.xlsx", partial)
    full = json.loads(wards["summaries"][1].read_text(encoding="utf-8"))["indicators"]
    assert own.indicators["targets.2025"] == full["targets.2025"]  # the target of all 3
    up = rollup([one, partial, three], name=UNIT)
    write_outputs(up, tmp_path / "up.xlsx", tmp_path / "up.json")
    said = (
        "Tỷ lệ đạt chỉ tiêu tính theo chỉ tiêu của cả đảng bộ mỗi phường (mọi tổ chức trong danh mục "
        f"của phường), còn số kết nạp mới của {WARDS[1]} chỉ gồm 2/3 tổ chức đã tổng hợp, nên tỷ lệ "
        "thực tế có thể cao hơn."
    )
    book = openpyxl.load_workbook(tmp_path / "up.xlsx")
    for sheet in ("Tổng hợp", "Biến động theo năm", "Biểu đồ", "Báo cáo"):
        texts = [str(c) for row in book[sheet].iter_rows(values_only=True) for c in row if c]
        assert any(said in t for t in texts), sheet
    report = " ".join(report_paragraphs(json.loads((tmp_path / "up.json").read_text(encoding="utf-8"))))
    assert said in report
    # Every ward consolidated all its organisations: nothing said.
    write_outputs(rollup(wards["summaries"], name=UNIT), tmp_path / "all.xlsx", None)
    book = openpyxl.load_workbook(tmp_path / "all.xlsx")
    texts = [
        str(c) for s in ("Tổng hợp", "Báo cáo") for row in book[s].iter_rows(values_only=True) for c in row
    ]
    assert not [t for t in texts if "chỉ tiêu của cả đảng bộ" in t]


def test_an_indicator_a_current_wards_file_lacks_names_its_file_and_says_both_possible_causes(
    wards: dict, tmp_path: Path
) -> None:
    """A summary of this version number with an indicator removed was said to be "của phiên bản
    cũ hơn" by a warning of no file and no ward (hunt43 F2), then to be edited or damaged — but
    the version number has not changed with every id added, so a real summary of an earlier
    build lacking a newer id was accused of being tampered with (hunt43 regress #1). Both causes
    are said when the tool cannot tell; an older version only when certain, edited or damaged
    only when a count is there but not a whole number."""
    one, two, three = wards["summaries"]
    doc = json.loads(two.read_text(encoding="utf-8"))
    for block in [doc["indicators"], *(o["indicators"] for o in doc["organisations"])]:
        block.pop("members.youth_union", None)
    edited = tmp_path / "hai_sua.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    up = rollup([one, edited, three], name=UNIT)
    (issue,) = [i for i in up.issues if i.code == "rollup.incomplete_indicator"]
    assert (issue.file, issue.org_code, issue.severity) == ("hai_sua.json", WARDS[1], "warning")
    assert issue.message.startswith(
        f"Tệp số liệu của {WARDS[1]} thiếu (hoặc ghi không đúng) 1 chỉ tiêu (tệp có thể do phiên bản "
        "ward-stats cũ hơn tạo ra, hoặc đã bị sửa bằng tay hay bị hỏng): số đảng viên là đoàn viên Đoàn TNCS "
        "Hồ Chí Minh."
    ), issue.message
    assert "Hãy đề nghị phường tổng hợp lại bằng phiên bản hiện tại rồi gửi tệp mới." in issue.message
    notes = " ".join(n for form in result_forms(up) for n in form.notes)
    assert "phiên bản cũ" not in notes and "sheet “Kiểm tra” nêu tệp của phường nào thiếu" in notes
    # A count there but not a whole number: no version writes one, so the file was edited or damaged.
    broken = json.loads(json.dumps(doc))
    broken["indicators"]["members.youth_union"] = 2.5
    edited.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    (issue,) = [
        i for i in rollup([one, edited, three], name=UNIT).issues if i.code == "rollup.incomplete_indicator"
    ]
    assert (
        "1 chỉ tiêu (tệp có thể đã bị sửa bằng tay hoặc bị hỏng): số đảng viên là đoàn viên" in issue.message
    )
    assert "phiên bản" not in issue.message.split(":")[0]
    # A summary of an older version (no `level`, an older tool) is said to be one.
    doc.pop("level")
    doc["tool_version"] = "0.0.9"
    edited.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (issue,) = [
        i for i in rollup([one, edited, three], name=UNIT).issues if i.code == "rollup.incomplete_indicator"
    ]
    assert "(tệp của phiên bản cũ hơn): số đảng viên là đoàn viên Đoàn TNCS Hồ Chí Minh." in issue.message
    assert (issue.file, issue.org_code) == ("hai_sua.json", WARDS[1])


def test_a_ward_without_last_year_is_named_where_the_report_would_compare(
    wards: dict, tmp_path: Path
) -> None:
    """One ward's summary without last year's figures (a run without history) left the forms'
    column empty with a note naming it, and took the report's comparison away without a word
    (hunt43 F4)."""
    one, two, _ = wards["summaries"]
    past = {
        "run_id": "r0",
        "cutoff_date": "2025-03-31",
        "period_start": "2024-01-01",
        "form_period": ["2025-01-01", "2025-03-31"],
        # This year's figures stand for last year's, without the changes (whose years and
        # quarters are this period's, not last year's: `change_identities`).
        "indicators": {
            k: v
            for k, v in json.loads(one.read_text(encoding="utf-8"))["indicators"].items()
            if not k.startswith("changes.")
        },
    }
    with_past = _edited(one, tmp_path / "mot.json", previous=past)
    up = rollup([with_past, two], name=UNIT)
    assert up.previous is None
    why = f"tệp số liệu của {WARDS[1]} không có số liệu kỳ 01/01/2025–31/3/2025"
    (issue,) = [i for i in up.issues if i.code == "rollup.no_previous"]
    assert issue.severity == "warning"
    assert issue.file == two.name  # the ward lacking them, in the Tệp column (was empty)
    # and in the Phường column, as its other issues (was empty: a clerk filtering the sheet by
    # ward missed it; hunt332)
    assert issue.org_code == WARDS[1]
    # one ward named, asked as one: not “các phường ấy” (review254 F8)
    assert "hãy đề nghị phường nêu trên tổng hợp lại" in issue.message
    assert "các phường ấy" not in issue.message
    # The warning dates as every message does; the forms' note and the report keep the forms'
    # 31/3/2025 (fix382: one text served both, and the warning said 31/3/2025).
    said = f"tệp số liệu của {WARDS[1]} không có số liệu kỳ 01/01/2025–31/03/2025"
    assert issue.message.startswith(f"Chưa so sánh được với cùng kỳ năm trước: {said} (cột"), issue.message
    assert up.no_previous == why
    report = " ".join(report_paragraphs(summary_document(up)))
    assert f"Chưa so sánh được với cùng kỳ năm trước: {why} (cột “Cùng kỳ năm trước”" in report, report
    # No ward has last year's figures: nothing to compare, nothing said beyond the forms' note.
    alone = rollup([one, two], name=UNIT)
    assert not [i for i in alone.issues if i.code == "rollup.no_previous"]


def test_wards_without_last_year_in_files_of_one_name_are_named_by_their_folders(
    wards: dict, tmp_path: Path
) -> None:
    """`rollup.no_previous` names the files of the wards lacking last year's figures: two files
    of one name in two folders (every ward's `consolidate` names its JSON alike) read as the
    same name twice (hunt45 R2 #3); each is named by its path from the folder they share."""
    one, two, three = wards["summaries"]
    past = {
        "run_id": "r0",
        "cutoff_date": "2025-03-31",
        "period_start": "2023-01-01",
        "form_period": ["2025-01-01", "2025-03-31"],
        # This year's figures stand for last year's, without the changes (`change_identities`).
        "indicators": {
            k: v
            for k, v in json.loads(one.read_text(encoding="utf-8"))["indicators"].items()
            if not k.startswith("changes.")
        },
    }
    paths = []
    for folder, source, changes in (("mot", one, {"previous": past}), ("hai", two, {}), ("ba", three, {})):
        (tmp_path / folder).mkdir()
        paths.append(_edited(source, tmp_path / folder / "tong_hop.json", **changes))
    up = rollup(paths, name=UNIT)
    (issue,) = [i for i in up.issues if i.code == "rollup.no_previous"]
    assert issue.file == f"{Path('hai', 'tong_hop.json')}, {Path('ba', 'tong_hop.json')}"
    assert issue.org_code is None  # two wards: the message names them, no one ward's column
    assert [s.file for s in up.sources] == [str(Path(f, "tong_hop.json")) for f in ("mot", "hai", "ba")]


def test_a_file_name_two_sources_share_links_to_neither(wards: dict, tmp_path: Path) -> None:
    """The `Kiểm tra` links are looked up by the issue's file: a name two sources still share
    would open whichever came last, so it opens neither (no wrong file)."""
    from toolkit.outputs.sheets.issues import link_targets

    paths = []
    for folder, source in (("a", wards["summaries"][0]), ("b", wards["summaries"][1])):
        (tmp_path / folder).mkdir()
        paths.append(_edited(source, tmp_path / folder / "x.json"))
    up = rollup(paths, name=UNIT)
    assert set(link_targets(up, None)) == {str(Path("a", "x.json")), str(Path("b", "x.json"))}
    alike = dataclasses.replace(up, sources=[dataclasses.replace(s, file="x.json") for s in up.sources])
    assert link_targets(alike, None) == {}


def test_an_indicator_a_wards_last_year_lacks_names_its_file(wards: dict, tmp_path: Path) -> None:
    """hunt111 D1: one ward's `previous` without `period.admitted` (a record of an older build,
    or an edited file) left the forms' `Cùng kỳ năm trước` cells of it empty and took it out of
    the report's comparison, with no issue at all and a note as if every ward lacked it. It is
    now `rollup.incomplete_indicator` at that ward's file, as a current figure's is, and the note
    points to `Kiểm tra`."""
    one, two, _ = wards["summaries"]

    def past_of(path: Path, drop: str | None) -> dict:
        indicators = {
            k: v
            for k, v in json.loads(path.read_text(encoding="utf-8"))["indicators"].items()
            if not k.startswith("changes.") and k != drop
        }
        return {
            "run_id": f"r0{path.stem}",
            "cutoff_date": "2025-03-31",
            "period_start": "2024-01-01",
            "form_period": ["2025-01-01", "2025-03-31"],
            "indicators": indicators,
        }

    whole = _edited(one, tmp_path / "mot.json", previous=past_of(one, None))
    lacking = _edited(two, tmp_path / "hai.json", previous=past_of(two, "period.admitted"))
    up = rollup([whole, lacking], name=UNIT)
    assert up.previous is not None and "period.admitted" not in up.previous.indicators
    (issue,) = [i for i in up.issues if i.code == "rollup.incomplete_indicator"]
    assert (issue.file, issue.org_code) == ("hai.json", WARDS[1])
    assert issue.message.startswith(
        f"Số liệu cùng kỳ năm trước (mục previous) trong tệp số liệu của {WARDS[1]} thiếu (hoặc ghi không "
        "đúng) 1 chỉ tiêu"
    ), issue.message
    assert "1 chỉ tiêu (" in issue.message and "): Biểu 1: số kết nạp." in issue.message, issue.message
    assert "period.admitted" not in issue.message  # named as the clerk knows it (fix357)
    notes = " ".join(n for form in result_forms(up) for n in form.notes)
    assert "ở cột “Cùng kỳ năm trước” để trống" in notes
    assert "sheet “Kiểm tra” nêu tệp của phường nào thiếu" in notes
    # Both wards whole: nothing said.
    both = rollup([whole, _edited(two, tmp_path / "hai2.json", previous=past_of(two, None))], name=UNIT)
    assert "rollup.incomplete_indicator" not in [i.code for i in both.issues]
    assert both.previous is not None and "period.admitted" in both.previous.indicators


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"cutoff_date": "31/03/2025"}, "mục previous: mục cutoff_date ghi “31/03/2025”, không phải ngày"),
        ({"form_period": ["2025-01-01", "2025-03-30"]}, "mục previous: kỳ báo cáo của Biểu 1–4-BTCTW"),
    ],
)
def test_a_wrong_date_of_last_year_is_said_to_be_last_years(wards: dict, change: dict, said: str) -> None:
    """hunt111 D3: a wrong date in `previous` was said as the summary's own `cutoff_date` or
    `form_period`, which were right."""
    from toolkit.io.summary import check_summary

    doc = json.loads(wards["summaries"][0].read_text(encoding="utf-8"))
    doc["previous"] = {
        "cutoff_date": "2025-03-31",
        "period_start": "2024-01-01",
        "form_period": ["2025-01-01", "2025-03-31"],
        "indicators": {k: v for k, v in doc["indicators"].items() if not k.startswith("changes.")},
    }
    check_summary(json.loads(json.dumps(doc)), "mot.json")  # as made: accepted
    doc["previous"].update(change)
    with pytest.raises(SummaryError) as caught:
        check_summary(doc, "mot.json")
    assert str(caught.value).startswith(f"“mot.json”, {said}"), str(caught.value)


@pytest.mark.parametrize("key", ["members.youth_union", "members.working_away"])
def test_a_part_of_the_members_larger_than_their_total_is_refused(
    wards: dict, tmp_path: Path, key: str
) -> None:
    """hunt111 D2: a ward's summary with 600 youth union members out of 451 was added up (and a
    count of 10⁹ printed a share of 39 million %, in a roll-up summary its own `report`
    refused). No run writes a count of members above their total: the file was edited."""
    one, two, three = wards["summaries"]
    doc = json.loads(two.read_text(encoding="utf-8"))
    total = doc["indicators"]["members.total"]
    assert doc["indicators"][key] <= total  # as the run wrote it
    doc["indicators"][key] = total + 1
    edited = tmp_path / "hai_sua.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    up = rollup([one, edited, three], name=UNIT)
    excluded = [i for i in up.issues if i.file == "hai_sua.json" and i.is_error]
    assert excluded, [i.code for i in up.issues]
    said = " ".join(i.message for i in excluded)
    assert (
        f"{figure_name(key)} = {vnformat.number(total + 1)} lớn hơn tổng số đảng viên" in said
        or f"{figure_name(key)} = {total + 1} lớn hơn" in said
    ), said
    assert up.indicators["members.total"] == sum(
        json.loads(p.read_text(encoding="utf-8"))["indicators"]["members.total"] for p in (one, three)
    )


def test_a_rollups_report_and_report_sheet_name_its_unit(wards: dict, tmp_path: Path) -> None:
    """hunt253 F4: `rollup --name "Tỉnh Thử"` headed `Tổng hợp` and the forms with the unit,
    while the report's title and the `Báo cáo` sheet named none."""
    from toolkit.outputs.report_files import write_report
    from toolkit.outputs.sheets import SHEET_REPORT

    up = rollup(wards["summaries"], name=UNIT)
    json_path = tmp_path / "tinh.json"
    write_outputs(up, tmp_path / "tinh.xlsx", json_path)
    summary = json.loads(json_path.read_text(encoding="utf-8"))
    md = write_report(summary, tmp_path / "bao_cao.md", "md").read_text(encoding="utf-8")
    assert md.startswith("# Số liệu đội ngũ đảng viên Đảng bộ tỉnh Thử tính đến ngày 31/3/2026\n"), md[:120]
    book = openpyxl.load_workbook(tmp_path / "tinh.xlsx", read_only=True)
    title = next(book[SHEET_REPORT].iter_rows(max_row=1, values_only=True))[0]
    book.close()
    assert title == "ĐOẠN BÁO CÁO: TÌNH HÌNH ĐỘI NGŨ ĐẢNG VIÊN\nĐẢNG BỘ TỈNH THỬ", title
