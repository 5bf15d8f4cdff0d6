"""Biểu 1–3's notes when the history's record at last year's cut-off is of another forms' period
(hunt261 G3) and was not consolidated here (review265): typed from last year's forms (`history
blank-forms`, a first-year office), an imported JSON summary, or a merged ward's sum of its former
wards. There are no files here to consolidate again, so Biểu 1–2's advice fits the record's
origin; Biểu 3, which takes its column from that record, names that record's period (01/01), never
this run's period of last year (01/02), which the history does not have."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.test_typed_forms import B1, B2, B3, BIEU1, BIEU2, BIEU3, _fill
from toolkit.cli import main
from toolkit.history import session

pytestmark = pytest.mark.slow  # the demo writes and consolidates 72 workbooks

WARD = "Phường Mẫu"
# The warning's words before its advice (`form.previous_other_period`); the forms' note names
# the record without advice.
HAS = (
    "Lịch sử tổng hợp có lần tổng hợp ngày chốt 31/03/2025 (lần số 1) nhưng của kỳ 01/01/2025–31/03/2025, "
    "không cùng kỳ 01/02/2025–31/03/2025 của các biểu lần này, nên cột “Cùng kỳ năm trước” của các biểu "
    "tính theo kỳ báo cáo để trống; các biểu chỉ có số tại ngày chốt lấy số liệu của lần đó, ghi chú dưới "
    "biểu nói rõ. Để có số liệu kỳ 01/02/2025–31/03/2025, "
)
NOTE = (
    "Cột “Cùng kỳ năm trước” để trống: lịch sử tổng hợp có lần tổng hợp ngày chốt 31/3/2025 nhưng "
    "của kỳ 01/01/2025–31/3/2025, không cùng kỳ với biểu lần này (chi tiết ở sheet “Kiểm tra”)."
)


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("other_period_origin") / "phuong_mau"
    done = CliRunner().invoke(main, ["demo", str(folder)])
    assert done.exit_code == 0, done.output
    return folder


def _invoke(*args: object) -> str:
    done = CliRunner().invoke(main, [str(a) for a in args])
    assert done.exit_code == 0 and "Traceback" not in done.output, done.output
    return done.output


def _quarter(ward: Path, history: Path) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """This year's forms of 01/02–31/03/2026 with `history`: each form's notes, and the JSON."""
    out = history.with_name("quy.xlsx")
    done = CliRunner().invoke(
        main,
        [
            "consolidate", str(ward / "nop"), "--cutoff", "31/03/2026", "--ward-name", WARD,
            "--registry", str(ward / "danh_muc_to_chuc.xlsx"), "--history", str(history),
            "--form-period", "01/02/2026..31/03/2026", "-o", str(out),
            "--json", str(out.with_suffix(".json")),
        ],
    )  # fmt: skip
    assert "Traceback" not in done.output and out.is_file(), done.output
    book = openpyxl.load_workbook(out, read_only=True)
    notes = {
        code: [
            v.removeprefix("Ghi chú: ")
            for row in book[f"Biểu {n}-BTCTW"].iter_rows(values_only=True)
            for v in row
            if isinstance(v, str) and v.startswith("Ghi chú")
        ]
        for code, n in (("bieu1", 1), ("bieu2", 2), ("bieu3", 3))
    }
    return notes, json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def _advice(notes: dict[str, list[str]], summary: dict[str, Any]) -> str:
    """The warning's advice, after the words naming the record; Biểu 1's and 2's note name the
    record without advice."""
    said = [i["message"] for i in summary["issues"] if i["code"] == "form.previous_other_period"]
    assert len(said) == 1 and said[0].startswith(HAS), said
    assert NOTE in notes["bieu1"] and NOTE in notes["bieu2"], notes
    return said[0].removeprefix(HAS)


def _never_this_period_of_last_year(notes: dict[str, list[str]]) -> None:
    """Biểu 3's notes name no record of 01/02/2025–31/3/2025: the history has none."""
    wrong = [n for n in notes["bieu3"] if "01/02/2025" in n]
    assert not wrong, wrong


def test_a_typed_record_is_advised_to_type_that_periods_forms(ward: Path, tmp_path: Path) -> None:
    book, history = tmp_path / "nam_truoc.xlsx", tmp_path / "lich_su.sqlite"
    _invoke("history", "blank-forms", book, "--cutoff", "31/03/2025", "--ward-name", WARD)
    _fill(book, {B1: BIEU1, B2: BIEU2, B3: BIEU3})
    _invoke("history", "import", book, "--history", history)
    notes, summary = _quarter(ward, history)
    advice = _advice(notes, summary)
    # No files of 31/3/2025 here: the forms of that period are typed, as the record was.
    assert "tổng hợp lại các tệp" not in advice, advice
    assert advice == (
        "hãy chép các biểu kỳ đó đã gửi năm trước vào tệp Excel do lệnh “history blank-forms” tạo ra với "
        "ngày chốt 31/03/2025 và kỳ báo cáo từ ngày 01/02/2025, thêm tệp đó vào cùng lịch sử tổng hợp bằng "
        "lệnh “history import”, rồi tổng hợp lại lần này."
    )
    # Biểu 3 takes the typed lines; the lines the forms do not carry are empty, said of the record
    # the history has (01/01), not of one it lacks.
    rows = {r["row"]: r["previous"] for r in summary["forms"]["bieu3"]}
    assert rows["I"] == BIEU3["I"] and rows["I.female"] == BIEU3["I.female"]
    assert rows["I.probationary"] is None
    _never_this_period_of_last_year(notes)
    gaps = [n for n in notes["bieu3"] if "dòng ở cột “Cùng kỳ năm trước” để trống" in n]
    assert len(gaps) == 1 and "lần tổng hợp kỳ 01/01/2025–31/3/2025 trong lịch sử tổng hợp" in gaps[0], gaps


def test_an_imported_summary_is_advised_to_be_made_where_its_files_are(ward: Path, tmp_path: Path) -> None:
    history = tmp_path / "lich_su.sqlite"
    _invoke("history", "import", ward / "nam_truoc" / "tong_hop_phuong_20250331.json", "--history", history)
    notes, summary = _quarter(ward, history)
    assert _advice(notes, summary) == (
        "hãy tổng hợp lại các tệp của ngày chốt 31/03/2025 với kỳ báo cáo từ ngày 01/02/2025 ở nơi đã tổng "
        "hợp lần đó (lần đó được thêm vào từ tệp JSON) và thêm tệp JSON số liệu ghi ra vào cùng lịch sử "
        "tổng hợp bằng lệnh “history import”, rồi tổng hợp lại lần này."
    )
    last_year = json.loads((ward / "nam_truoc" / "tong_hop_phuong_20250331.json").read_text(encoding="utf-8"))
    own = {r["row"]: r["current"] for r in last_year["forms"]["bieu3"]}
    assert {r["row"]: r["previous"] for r in summary["forms"]["bieu3"]} == own
    _never_this_period_of_last_year(notes)


def test_a_merged_wards_sum_is_said_of_its_own_period(ward: Path, tmp_path: Path) -> None:
    source = json.loads((ward / "nam_truoc" / "tong_hop_phuong_20250331.json").read_text(encoding="utf-8"))
    files = []
    for n, name in enumerate(("Phường An Lạc", "Phường Bình Minh")):
        text = json.dumps(
            {**source, "ward_name": name, "run_id": f"{source['run_id']}-{n}"}, ensure_ascii=False
        )
        if n:  # the second former ward's organisations have codes of their own
            text = text.replace('"HD', '"BM')
        files.append(tmp_path / f"cu_{n}.json")
        files[-1].write_text(text, encoding="utf-8")
    history = tmp_path / "lich_su.sqlite"
    _invoke("history", "import", *files, "--merged-ward", WARD, "--history", history)
    notes, summary = _quarter(ward, history)
    assert _advice(notes, summary) == (
        "hãy thêm vào cùng lịch sử tổng hợp các tệp JSON số liệu kỳ đó của các phường cũ Phường An Lạc và "
        "Phường Bình Minh bằng lệnh “history import … --merged-ward”, rồi tổng hợp lại lần này."
    )
    assert (
        "Cột “Cùng kỳ năm trước” là tổng số liệu của các phường cũ Phường An Lạc và Phường Bình Minh (nay "
        "hợp nhất thành phường này), kỳ 01/01/2025–31/3/2025."
    ) in notes["bieu3"], notes["bieu3"]
    _never_this_period_of_last_year(notes)
    rows = {r["row"]: r["previous"] for r in summary["forms"]["bieu3"]}
    assert rows["I"] == 2 * source["indicators"]["members.total"]


def test_a_failure_there_is_said_in_every_forms_note(
    ward: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`_other_period_previous` failing once it has named the record (here in `_past_run`, which
    makes Biểu 3's last year): the forms' notes say the program's error, as a failed `_last_year`
    does, not the advice, and Biểu 3 stays empty."""
    history = tmp_path / "lich_su.sqlite"
    shutil.copyfile(ward / "lich_su_tong_hop.sqlite", history)

    def broken(*args: object) -> None:
        raise RuntimeError("injected fault")

    monkeypatch.setattr(session, "_past_run", broken)
    notes, summary = _quarter(ward, history)
    for code in ("bieu1", "bieu2", "bieu3"):
        said = [n for n in notes[code] if n.startswith("Cột “Cùng kỳ năm trước”")]
        assert said == [f"Cột “Cùng kỳ năm trước” để trống: {session.LAST_YEAR_FAILED}."], said
        assert all(r["previous"] is None for r in summary["forms"][code]), code
    failed = [i for i in summary["issues"] if i["code"] == "history.check_failed"]
    assert len(failed) == 1 and "_other_period_previous" in failed[0]["message"], failed
