"""What a roll-up's report and sheets say of the wards it adds and leaves out, on real ward
summaries (generated organisations, the real pipeline, the command line):

- a ward whose own run left organisations out is said at the report's opening and in its
  table's note in the words of `Tổng hợp`'s row 3, whether or not another ward is left out,
  and `Theo phường` gives its coverage beside "Đã tổng hợp" (hunt44 B #1);
- a roll-up summary written before `level` existed is reported as a roll-up, in wards
  (hunt44 B #2);
- `Nguồn số liệu` labels a ward left out (here for another cut-off: a sound file) as
  `Theo phường` does, never "Bị loại do có lỗi" (hunt44 B #3).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.outputs.publish import write_outputs
from toolkit.outputs.sheets.by_org import ORG_STATUS_LABEL, WARD_STATUS_LABEL
from toolkit.pipeline import consolidate
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
UNIT = "Tỉnh Thử"
PARTIAL = "Phường Đông"  # its run lacks one of its three organisations' files


@pytest.fixture(scope="module")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three wards' summaries (one of them 2/3 organisations) and a fourth of another cut-off."""
    tmp = tmp_path_factory.mktemp("rollup_report")
    orgs = sample_orgs(44, [20, 30, 15, 25, 12, 18, 22, 16, 14], PERIOD)
    out = {}
    for name, part, sent in (
        ("Phường An", orgs[0:3], 3),
        (PARTIAL, orgs[3:6], 2),
        ("Phường Bình", orgs[6:9], 3),
    ):
        folder = tmp / name.replace(" ", "_")
        folder.mkdir()
        for org in part[:sent]:
            org.write(folder / f"{org.organisation.org_code}.xlsx")
        registry = Registry([o.organisation for o in part])
        result = consolidate(
            [folder], cutoff=PERIOD.cutoff, since=PERIOD.start, registry=registry, ward_name=name
        )
        out[name] = tmp / f"{folder.name}.json"
        write_outputs(result, tmp / f"{folder.name}.xlsx", out[name])
    # A sound summary of another cut-off: left out of the roll-up, its file not "có lỗi".
    later = json.loads(out["Phường Bình"].read_text(encoding="utf-8"))
    later.update(ward_name="Phường Cầu", run_id=later["run_id"] + "C", cutoff_date="2026-04-30")
    later.update(form_period=["2026-01-01", "2026-04-30"], previous=None)
    for org in later["organisations"]:
        org["org_code"], org["org_name"] = "C" + org["org_code"], org["org_name"] + " C"
    out["Phường Cầu"] = tmp / "Phuong_Cau.json"
    out["Phường Cầu"].write_text(json.dumps(later, ensure_ascii=False), encoding="utf-8")
    return out


def _cli(*args: Any) -> None:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output


def _rollup(summaries: dict[str, Path], tmp: Path, *names: str) -> tuple[Path, Path]:
    book, doc = tmp / "up.xlsx", tmp / "up.json"
    _cli("rollup", *(summaries[n] for n in names), "-o", book, "--json", doc, "--name", UNIT)
    return book, doc


def _report(doc: Path) -> tuple[str, str]:
    """The report's opening paragraph and its table's note, from `ward-stats report`."""
    md = doc.with_suffix(".md")
    _cli("report", doc, "-o", md)
    lines = [line for line in md.read_text(encoding="utf-8").splitlines() if line.strip()]
    opening = next(line for line in lines if line.startswith("Số liệu tổng hợp từ"))
    # (the note of the shares' rounding aside, hunt355)
    (note,) = [line for line in lines if line.startswith("_Ghi chú:") and "làm tròn" not in line]
    return opening, note


def _row_3_words(book: Path) -> str:
    """`Tổng hợp` row 3's words of the wards lacking organisations (between its lead and its
    pointer to `Kiểm tra`)."""
    row_3 = str(openpyxl.load_workbook(book)["Tổng hợp"]["A3"].value)
    assert row_3.startswith("Chưa đủ số liệu: "), row_3
    return row_3.removeprefix("Chưa đủ số liệu: ").split(" — xem sheet “Kiểm tra”")[0].split("; ")[-1]


def test_a_rollups_report_says_a_wards_run_left_organisations_out_in_its_tong_hop_words(
    summaries: dict[str, Path], tmp_path: Path
) -> None:
    book, doc = _rollup(summaries, tmp_path, "Phường An", PARTIAL, "Phường Bình")
    words = _row_3_words(book)
    assert words == (
        f"1 phường được tổng hợp nhưng số liệu của phường chưa đủ các tổ chức đảng ({PARTIAL}: 2/3 tổ chức)"
    )
    said = words.replace("1 phường", "01 phường", 1)  # the report writes counts as "01"
    opening, note = _report(doc)
    assert opening == (
        f"Số liệu tổng hợp từ 3/3 phường; {said}; "
        "các số liệu dưới đây chưa gồm các tổ chức đảng còn thiếu này."
    )
    assert note.startswith(f"_Ghi chú: Các số trong bảng tổng hợp từ 3/3 phường; {said}."), note
    # `Theo phường` says it beside the ward's status; the others read plainly.
    ws = openpyxl.load_workbook(book)["Theo phường"]
    rows = ws.iter_rows(values_only=True)
    status = {r[0]: r[2] for r in rows if r[0] and r[1] and str(r[1]).endswith(".json")}
    assert status == {
        "Phường An": "Đã tổng hợp",
        PARTIAL: "Đã tổng hợp (2/3 tổ chức)",
        "Phường Bình": "Đã tổng hợp",
    }


def test_a_rollups_report_says_both_a_ward_left_out_and_a_ward_lacking_organisations(
    summaries: dict[str, Path], tmp_path: Path
) -> None:
    book, doc = _rollup(summaries, tmp_path, "Phường An", PARTIAL, "Phường Bình", "Phường Cầu")
    said = _row_3_words(book).replace("1 phường", "01 phường", 1)
    opening, note = _report(doc)
    assert opening == (
        "Số liệu tổng hợp từ 3/4 phường; 01 phường bị loại do tệp không dùng được hoặc khác ngày chốt, "
        f"kỳ báo cáo (Phường Cầu); {said}; các số liệu dưới đây chưa gồm phường bị loại và các tổ chức "
        "đảng còn thiếu này."
    )
    assert note.startswith(
        "_Ghi chú: Các số trong bảng tổng hợp từ 3/4 phường, chưa gồm các phường chưa nộp hoặc bị loại; "
        f"{said}."
    ), note
    # The ward left out for another cut-off: as `Theo phường` says it, on `Nguồn số liệu` too.
    wb = openpyxl.load_workbook(book)
    sources = {r[1]: r[6] for r in wb["Nguồn số liệu"].iter_rows(values_only=True) if r[0] and r[1]}
    assert sources["Phường Cầu"] == WARD_STATUS_LABEL["excluded"] == "Không cộng (xem Kiểm tra)"
    assert ORG_STATUS_LABEL["excluded"] not in sources.values()
    by_ward = {r[0]: r[2] for r in wb["Theo phường"].iter_rows(values_only=True) if r[0]}
    assert by_ward["Phường Cầu"] == sources["Phường Cầu"]


def test_a_rollup_summary_written_before_level_is_reported_as_a_rollup(
    summaries: dict[str, Path], tmp_path: Path
) -> None:
    _, doc = _rollup(summaries, tmp_path, "Phường An", PARTIAL, "Phường Bình", "Phường Cầu")
    older = json.loads(doc.read_text(encoding="utf-8"))
    older.pop("level")
    older.pop("tool_version", None)
    old = tmp_path / "old" / "up.json"
    old.parent.mkdir()
    old.write_text(json.dumps(older, ensure_ascii=False), encoding="utf-8")
    opening, note = _report(old)
    assert (opening, note) == _report(doc)
    assert opening.startswith("Số liệu tổng hợp từ 3/4 phường; 01 phường bị loại do tệp không dùng được")
    assert "tệp có lỗi" not in opening and "tổ chức bị loại" not in opening
    text = old.with_suffix(".md").read_text(encoding="utf-8")
    assert "03 Đảng bộ phường được tổng hợp có" in text
    assert "toàn Đảng bộ phường" not in text
