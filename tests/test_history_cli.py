"""The command line of the history (`consolidate --history/--no-history`, `history list|show|
export|import`) and of the forms' settings (`--ward-name`, `--form-period`)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_history import digest, filled_history, record
from tests.helpers_sample import sample_orgs
from tests.schema_check import assert_valid_summary
from toolkit import __version__
from toolkit.cli import main
from toolkit.core import layout
from toolkit.history.records import SourceRecord
from toolkit.history.store import HistoryStore
from toolkit.io.summary import BREAKDOWN_IDENTITIES
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nop = tmp_path_factory.mktemp("cli") / "nop"
    nop.mkdir()
    for org in sample_orgs(21, [7, 9], PERIOD):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    return nop


def _consolidate(folder: Path, out: Path, *extra: str) -> object:
    args = [
        "consolidate",
        str(folder),
        "--cutoff",
        "31/03/2026",
        "--since",
        "01/01/2025",
        "-o",
        str(out),
        *extra,
    ]
    return CliRunner().invoke(main, args)


def test_consolidate_records_beside_the_output_and_history_commands_read_it(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ket_qua" / "tong_hop.xlsx"
    out.parent.mkdir()
    result = _consolidate(folder, out, "--ward-name", "Phường Thử", "--json", str(out.with_suffix(".json")))
    assert result.exit_code == 0, result.output
    history = out.parent / "lich_su_tong_hop.sqlite"
    assert f"Chưa có tệp lịch sử “{history}”: đã tạo tệp mới và ghi vào đó lần tổng hợp số 1." in (
        result.output
    )
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert summary["ward_name"] == "Phường Thử" and summary["form_period"] == ["2026-01-01", "2026-03-31"]
    assert_valid_summary(summary)

    listed = CliRunner().invoke(main, ["history", "list", "--history", str(history)])
    assert listed.exit_code == 0, listed.output
    assert "Lần số 1  chốt 31/03/2026  kỳ biểu 01/01/2026–31/03/2026  Phường Thử" in listed.output
    assert "hiện hành" in listed.output

    shown = CliRunner().invoke(main, ["history", "show", "1", "--ids", "--history", str(history)])
    assert shown.exit_code == 0, shown.output
    assert f"mã {summary['run_id']}" in shown.output
    assert f"members.total = {summary['indicators']['members.total']}" in shown.output

    exported = tmp_path / "xuat.json"
    done = CliRunner().invoke(
        main, ["history", "export", "1", "--json", str(exported), "--history", str(history)]
    )
    assert done.exit_code == 0, done.output
    doc = json.loads(exported.read_text(encoding="utf-8"))
    assert_valid_summary(doc)
    assert doc["indicators"] == summary["indicators"] and doc["run_id"] == summary["run_id"]
    # A ward's, written by this version, as its own summary says (else read as an old one).
    assert (doc["level"], doc["tool_version"]) == ("ward", summary["tool_version"])
    from toolkit.io.summary import written_by_older_version

    assert not written_by_older_version(doc)
    assert doc["organisations"] == [{k: v for k, v in o.items()} for o in summary["organisations"]]

    other = tmp_path / "other.sqlite"
    imported = CliRunner().invoke(main, ["history", "import", str(exported), "--history", str(other)])
    assert imported.exit_code == 0, imported.output
    assert "lần tổng hợp số 1" in imported.output
    again = CliRunner().invoke(main, ["history", "import", str(exported), "--history", str(other)])
    assert again.exit_code == 0 and "đã có trong lịch sử" in again.output
    assert len(HistoryStore(other).records()) == 1


def test_the_history_option_and_no_history(folder: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "chon" / "ls.sqlite"
    chosen.parent.mkdir()
    assert _consolidate(folder, tmp_path / "a.xlsx", "--history", str(chosen)).exit_code == 0
    assert len(HistoryStore(chosen).records()) == 1
    assert not (tmp_path / "lich_su_tong_hop.sqlite").exists()
    assert _consolidate(folder, tmp_path / "b.xlsx", "--no-history").exit_code == 0
    assert not (tmp_path / "lich_su_tong_hop.sqlite").exists()
    assert len(HistoryStore(chosen).records()) == 1


def test_import_into_a_folder_that_does_not_exist_says_so(tmp_path: Path) -> None:
    summary = tmp_path / "s.json"
    summary.write_text(
        json.dumps(
            {"cutoff_date": "2025-03-31", "period_start": "2025-01-01", "indicators": {"members.total": 5}}
        ),
        encoding="utf-8",
    )
    target = tmp_path / "khong_co" / "h.sqlite"
    done = CliRunner().invoke(main, ["history", "import", str(summary), "--history", str(target)])
    assert done.exit_code == 2, done.output
    assert f"Thư mục “{target.parent}” không tồn tại; không thể ghi tệp lịch sử “h.sqlite”." in done.output
    assert "quyền" not in done.output
    assert not target.parent.exists()


def test_a_folder_where_the_default_history_should_be_is_a_warning_not_a_stop(
    folder: Path, tmp_path: Path
) -> None:
    """The history beside the output is a folder (named like it): the outputs are written, and
    the warning names the history and the ways out (--history, --no-history); the folder is
    left as it was."""
    (tmp_path / "lich_su_tong_hop.sqlite").mkdir()
    out = tmp_path / "tong_hop.xlsx"
    result = _consolidate(folder, out, "--json", str(out.with_suffix(".json")))
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert list((tmp_path / "lich_su_tong_hop.sqlite").iterdir()) == []
    said = f"“{tmp_path / 'lich_su_tong_hop.sqlite'}” là một thư mục, không phải tệp lịch sử tổng hợp"
    assert said in result.output and "--history" in result.output and "--no-history" in result.output
    assert "ket_qua" not in result.output
    issues = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["issues"]
    (found,) = [i for i in issues if i["code"].startswith("history.")]
    assert found["code"] == "history.not_recorded" and said in found["message"]
    assert "số liệu đã lưu chưa dùng được" in found["message"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="devices and FIFOs as files are POSIX's")
@pytest.mark.parametrize("kind", ["link to a device", "fifo"])
def test_a_device_where_the_history_should_be_is_a_warning_not_a_stop(
    folder: Path, tmp_path: Path, kind: str
) -> None:
    """The history beside the output is a link to `/dev/null`, or a FIFO: as for a folder, the
    outputs are written and the warning says it is no history file, with the ways out; never
    "Hãy chọn tên tệp khác" for a name the clerk never typed, the run stopped (hunt122 C1), nor
    a link "to nothing" (a USB drive not plugged in). Nothing is written over it."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    if kind == "fifo":
        os.mkfifo(history)
    else:
        history.symlink_to(os.devnull)
    out = tmp_path / "tong_hop.xlsx"
    result = _consolidate(folder, out, "--json", str(out.with_suffix(".json")))
    assert result.exit_code == 0, result.output
    assert out.is_file()
    said = f"“{history}” không phải tệp thông thường (thiết bị, FIFO hay socket, hoặc liên kết tới chúng)"
    assert said in result.output and "--history" in result.output and "--no-history" in result.output
    assert "tên tệp khác" not in result.output and "không có tệp nào" not in result.output
    issues = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["issues"]
    (found,) = [i for i in issues if i["code"].startswith("history.")]
    assert found["code"] == "history.not_recorded" and said in found["message"]
    assert history.is_symlink() if kind != "fifo" else stat.S_ISFIFO(history.lstat().st_mode)


def test_a_history_that_is_an_input_asks_for_another_history_file(folder: Path, tmp_path: Path) -> None:
    submission = next(folder.glob("*.xlsx"))
    before = digest(submission)
    result = _consolidate(folder, tmp_path / "a.xlsx", "--history", str(submission))
    assert result.exit_code == 2, result.output
    assert "Hãy chọn tệp lịch sử khác (--history)." in result.output
    assert "tên tệp kết quả khác" not in result.output
    assert digest(submission) == before and not (tmp_path / "a.xlsx").exists()


def test_a_corrupt_history_is_a_warning_of_consolidate_and_an_error_of_history_list(
    folder: Path, tmp_path: Path
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    history.write_bytes(b"\x00garbage" * 200)
    before = digest(history)
    result = _consolidate(folder, tmp_path / "tong_hop.xlsx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "tong_hop.xlsx").is_file()
    assert digest(history) == before
    # Said where the clerk looks, not only in `Kiểm tra`: this run is not in the history.
    assert f"Lịch sử tổng hợp ({history}): " in result.output
    assert "không được ghi vào lịch sử" in result.output
    listed = CliRunner().invoke(main, ["history", "list", "--history", str(history)])
    assert listed.exit_code == 2 and listed.output.startswith("Lỗi: ") and "Traceback" not in listed.output


def test_history_commands_on_a_missing_or_unknown_record(tmp_path: Path) -> None:
    missing = tmp_path / "khong_co.sqlite"
    listed = CliRunner().invoke(main, ["history", "list", "--history", str(missing)])
    # A mistyped path is said to be missing, not taken for an empty history: an error, exit 2,
    # in the words `history show` uses (hunt174 #10: exit 0, so a script went on).
    assert listed.exit_code == 2, listed.output
    assert listed.output.startswith(f"Lỗi: Không có tệp lịch sử “{missing}”"), listed.output
    shown = CliRunner().invoke(main, ["history", "show", "1", "--history", str(missing)])
    assert (shown.exit_code, shown.output) == (listed.exit_code, listed.output)
    assert not missing.exists()
    history = filled_history(tmp_path / "h.sqlite")
    for args in (["show", "7"], ["export", "7", "--json", str(tmp_path / "x.json")]):
        result = CliRunner().invoke(main, ["history", *args, "--history", str(history)])
        assert result.exit_code == 2 and "không có lần tổng hợp số 7" in result.output
    assert not (tmp_path / "x.json").exists()


def test_a_record_number_too_large_or_negative_is_said_to_be_none(tmp_path: Path) -> None:
    """20 digits (beyond SQLite's integers) ended in "Lỗi không mong đợi (OverflowError)"; a
    negative number was "không có tùy chọn “-1”", though it was no option."""
    history = filled_history(tmp_path / "h.sqlite")
    before = digest(history)
    big = "99999999999999999999"
    export = ["export", big, "--json", str(tmp_path / "x.json")]
    for args in (["show", big], export, ["remove", big, "--yes"]):
        result = CliRunner().invoke(main, ["history", *args, "--history", str(history)])
        assert result.exit_code == 2, result.output
        assert result.output.startswith(f"Lỗi: Lịch sử “{history}” không có lần tổng hợp số {big}")
        assert "Lỗi không mong đợi" not in result.output
    assert HistoryStore(history).get(2**64) is None
    for typed in ("-1", "-12"):
        result = CliRunner().invoke(main, ["history", "show", typed, "--history", str(history)])
        assert result.exit_code == 2, result.output
        assert f"“{typed}” là số âm, không phải tùy chọn" in result.output
        assert "Không có tùy chọn" not in result.output
    mistyped = CliRunner().invoke(main, ["history", "show", "1", "--histroy", str(history)])
    assert "Lỗi: Không có tùy chọn “--histroy”. Có phải ý bạn là --history?" in mistyped.output
    assert digest(history) == before and not (tmp_path / "x.json").exists()


def test_history_defaults_to_the_file_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    filled_history(tmp_path / "lich_su_tong_hop.sqlite", record(run_id="here"))
    result = CliRunner().invoke(main, ["history", "list"])
    assert result.exit_code == 0 and "Lần số 1  chốt" in result.output


def test_import_accepts_an_older_or_hand_made_summary(tmp_path: Path) -> None:
    path = tmp_path / "nam_truoc.json"
    path.write_text(
        json.dumps(
            {"cutoff_date": "2025-03-31", "period_start": "2020-01-01", "indicators": {"members.total": 4116}}
        ),
        encoding="utf-8",
    )
    history = tmp_path / "h.sqlite"
    result = CliRunner().invoke(main, ["history", "import", str(path), "--history", str(history)])
    assert result.exit_code == 0, result.output
    (stored,) = HistoryStore(history).records()
    assert stored.origin == "import" and stored.ward_name is None and stored.run_id
    assert stored.form_period == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))  # the default forms' period


HEAD = '{"cutoff_date": "2025-03-31", "period_start": "2020-01-01", '
ONE = HEAD + '"indicators": {"members.total": 1}, '
HOSTILE = {
    "deep": "[" * 50_000 + "]" * 50_000,
    "nan": HEAD + '"indicators": {"members.total": NaN}}',
    "infinity": HEAD + '"indicators": {"members.total": 1e999}}',
    "long_int": HEAD + '"indicators": {"members.total": ' + "9" * 5000 + "}}",
    "indicators_list": HEAD + '"indicators": [1, 2]}',
    "total_text": HEAD + '"indicators": {"members.total": "4116"}}',
    "bool_total": HEAD + '"indicators": {"members.total": true}}',
    "org_text": ONE + '"organisations": ["HD01"]}',
    "org_indicators": ONE + '"organisations": [{"org_code": "HD01", "indicators": {"members.total": [1]}}]}',
    "form_period": ONE + '"form_period": ["2025-01-01", "2025-02-28"]}',
    "ward_name": ONE + '"ward_name": {"x": 1}}',
    "previous": ONE + '"previous": {"cutoff_date": "2024-03-31"}}',
    "sources_text": ONE + '"sources": "HD01.xlsx"}',
    "source_no_file": ONE + '"sources": [{"sha256": "ab"}]}',
    "source_sha_number": ONE + '"sources": [{"file": "HD01.xlsx", "sha256": 7}]}',
    "origin": ONE + '"origin": "hand"}',
    "tool_version": ONE + '"tool_version": 1}',
    "not_utf8": "",
    "array": "[]",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_import_refuses_hostile_json_in_vietnamese_and_leaves_the_history(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.json"
    if kind == "not_utf8":
        path.write_bytes(b"\xff\xfe\x00garbage")
    else:
        path.write_text(HOSTILE[kind], encoding="utf-8")
    history = filled_history(tmp_path / "h.sqlite")
    before = digest(history)
    result = CliRunner().invoke(main, ["history", "import", str(path), "--history", str(history)])
    assert result.exit_code == 2, (kind, result.output)
    assert result.output.startswith("Lỗi: ") and "Traceback" not in result.output
    assert digest(history) == before


def test_import_refuses_a_file_over_the_size_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.io.summary as summary_module

    monkeypatch.setattr(summary_module, "MAX_SUMMARY_BYTES", 1000)
    path = tmp_path / "lon.json"
    path.write_text(
        json.dumps(
            {
                "cutoff_date": "2025-03-31",
                "period_start": "2020-01-01",
                "indicators": {"members.total": 1},
                "pad": "x" * 2000,
            }
        )
    )
    result = CliRunner().invoke(
        main, ["history", "import", str(path), "--history", str(tmp_path / "h.sqlite")]
    )
    assert result.exit_code == 2 and "lớn hơn" in result.output
    assert not (tmp_path / "h.sqlite").exists()


# --- --ward-name and --form-period -------------------------------------------------------------------


def test_ward_name_and_form_period_reach_the_forms(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "tong_hop.xlsx"
    result = _consolidate(
        folder,
        out,
        "--ward-name",
        "Phường Hải Dương",
        "--form-period",
        "2025-07-01..31/03/2026",
        "--no-history",
        "--json",
        str(tmp_path / "t.json"),
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert summary["form_period"] == ["2025-07-01", "2026-03-31"]
    ws = openpyxl.load_workbook(out)["Biểu 2-BTCTW"]
    assert ws["A1"].value == "ĐẢNG ỦY PHƯỜNG HẢI DƯƠNG"
    assert ws["A5"].value == "Kỳ báo cáo: từ ngày 01/7/2025 đến ngày 31/3/2026"


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        ("01/01/2026..30/03/2026", "phải kết thúc đúng ngày chốt số liệu 31/03/2026"),
        ("01/12/2024..31/03/2026", "trước ngày bắt đầu kỳ tính biến động 01/01/2025"),
        ("01/04/2026..31/03/2026", "sau ngày chốt số liệu"),
        # 14 months: last year's same period would overlap it; 12 months is the longest.
        ("01/02/2025..31/03/2026", "dài hơn 12 tháng: cột “Cùng kỳ năm trước” của các biểu sẽ trùng"),
        ("31/03/2025..31/03/2026", "chọn ngày bắt đầu từ 01/04/2025 trở về sau"),
        ("01/01/2026-31/03/2026", "TỪ_NGÀY..ĐẾN_NGÀY, ví dụ 01/01/2026..31/03/2026."),
        ("32/01/2026..31/03/2026", "không phải ngày có thật: tháng 1 năm 2026 chỉ có 31 ngày"),
    ],
)
def test_a_bad_form_period_exits_2_in_vietnamese(
    folder: Path, tmp_path: Path, value: str, phrase: str
) -> None:
    out = tmp_path / "tong_hop.xlsx"
    result = _consolidate(folder, out, "--form-period", value)
    assert result.exit_code == 2, result.output
    assert "Lỗi: " in result.output and phrase in result.output and "Traceback" not in result.output
    assert not out.exists() and not (tmp_path / "lich_su_tong_hop.sqlite").exists()


def test_a_form_period_of_twelve_months_is_the_longest(folder: Path, tmp_path: Path) -> None:
    result = _consolidate(
        folder, tmp_path / "tong_hop.xlsx", "--form-period", "01/04/2025..31/03/2026", "--no-history"
    )
    assert result.exit_code == 0, result.output


def test_every_new_command_has_help_text() -> None:
    for args in (
        ["history"],
        ["history", "list"],
        ["history", "show"],
        ["history", "export"],
        ["history", "import"],
        ["rollup"],
    ):
        result = CliRunner().invoke(main, [*args, "--help"])
        assert result.exit_code == 0 and len(result.output) > 100, args
    help_text = CliRunner().invoke(main, ["consolidate", "--help"]).output
    for option in ("--ward-name", "--form-period", "--history", "--no-history"):
        assert option in help_text


NOT_COUNTS = ("members.total", "members.age_sum", "members.age_mean")


def _summary_of(path: Path, *, run_id: str, generated_at: str, total: int) -> Path:
    """The consolidation's own JSON summary as another run of the same cut-off would have it."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc.update(run_id=run_id, generated_at=generated_at)
    ind = doc["indicators"]
    # Its members told apart by their count, with the figures made of it (a summary whose
    # figures contradict each other is refused).
    moved = total - ind["members.total"]
    for key in ("members.total", "members.full", "members.gender.male", "period.closing", "period.opening"):
        ind[key] += moved
    if ind["members.full"] < 0:
        ind["members.full"], ind["members.probationary"] = 0, total
    if ind["members.gender.male"] < 0:
        ind["members.gender.male"], ind["members.gender.female"] = 0, total
    # The breakdowns of the members it no longer adds up to are left out, as a hand-made
    # summary lacks them (`io.summary.BREAKDOWN_IDENTITIES` is checked only when all there).
    for _, left, plus, _ in BREAKDOWN_IDENTITIES:
        if left[0] in ("members.total", "members.gender.female"):
            for key in plus:
                ind.pop(key, None)
    # So are the counts of members now above their total (refused as contradicting it).
    for key in [k for k, v in ind.items() if k.startswith("members.") and k not in NOT_COUNTS and v > total]:
        ind.pop(key)
    target = path.with_name(f"{run_id}.json")
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


def test_an_older_summary_imported_later_does_not_replace_the_newer_run(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "tong_hop.xlsx"
    summary = out.with_suffix(".json")
    assert _consolidate(folder, out, "--json", str(summary)).exit_code == 0
    history = tmp_path / "lich_su_tong_hop.sqlite"
    (ran,) = HistoryStore(history).records(current_only=True)
    older = _summary_of(summary, run_id="cu", generated_at="2026-04-01T08:00:00", total=1)
    result = CliRunner().invoke(main, ["history", "import", str(older), "--history", str(history)])
    assert result.exit_code == 0, result.output
    assert f"lần số {ran.id} vẫn là số liệu được dùng" in result.output
    (current,) = HistoryStore(history).records(current_only=True)
    assert current.run_id == ran.run_id and current.indicators["members.total"] != 1
    # A summary of a later run of that cut-off becomes the current one, as a consolidation would.
    later = dt.datetime.now().replace(microsecond=0) + dt.timedelta(days=1)
    newer = _summary_of(summary, run_id="moi", generated_at=later.isoformat(), total=2)
    result = CliRunner().invoke(main, ["history", "import", str(newer), "--history", str(history)])
    assert result.exit_code == 0 and "vẫn là số liệu được dùng" not in result.output
    (current,) = HistoryStore(history).records(current_only=True)
    assert current.run_id == "moi" and current.indicators["members.total"] == 2
    assert len(HistoryStore(history).records()) == 3  # none lost


@pytest.mark.parametrize("version", ["current", "before generated_at"])
def test_a_real_older_summary_imported_later_does_not_replace_the_newer_run(
    folder: Path, tmp_path: Path, version: str
) -> None:
    """As the test above, with the consolidation's own JSON as written, untouched: it says when
    its run was made (`generated_at`); one of a version that did not is dated by its run id."""
    import time

    older = tmp_path / "cu" / "tong_hop.json"
    older.parent.mkdir()
    assert (
        _consolidate(folder, older.with_suffix(".xlsx"), "--json", str(older), "--no-history").exit_code == 0
    )
    doc = json.loads(older.read_text(encoding="utf-8"))
    assert dt.datetime.fromisoformat(doc["generated_at"]) <= dt.datetime.now()
    assert_valid_summary(doc)
    if version != "current":
        del doc["generated_at"]
        older.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    time.sleep(1.1)  # the run times are to the second
    out = tmp_path / "moi" / "tong_hop.xlsx"
    out.parent.mkdir()
    assert _consolidate(folder, out).exit_code == 0
    history = out.with_name("lich_su_tong_hop.sqlite")
    (ran,) = HistoryStore(history).records(current_only=True)
    result = CliRunner().invoke(main, ["history", "import", str(older), "--history", str(history)])
    assert result.exit_code == 0, result.output
    assert f"lần số {ran.id} vẫn là số liệu được dùng" in result.output
    (current,) = HistoryStore(history).records(current_only=True)
    assert current.run_id == ran.run_id
    imported = next(r for r in HistoryStore(history).records() if r.run_id == doc["run_id"])
    assert imported.ran_at is not None and imported.ran_at < (ran.ran_at or "")
    # Its export says when it ran too, so a copy imported again keeps its place.
    exported = CliRunner().invoke(
        main, ["history", "export", str(imported.id), "--json", "-", "--history", str(history)]
    )
    assert json.loads(exported.output)["generated_at"] == imported.ran_at


def _vn_number(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def _vn_percent(fraction: float) -> str:
    return f"{fraction * 100:.2f}".replace(".", ",") + "%"


def test_history_show_says_sections_a_and_b_as_the_summary_sheet_does(folder: Path, tmp_path: Path) -> None:
    """`history show` reads a stored run in the workbook's words: every figure line of sections
    A and B of that run's `Tổng hợp` sheet (label, number, share, base) is a line of its output,
    and no indicator id is printed unless `--ids` asks for them."""
    out = tmp_path / "tong_hop.xlsx"
    assert _consolidate(folder, out).exit_code == 0
    history = tmp_path / "lich_su_tong_hop.sqlite"
    shown = CliRunner().invoke(main, ["history", "show", "1", "--history", str(history)])
    assert shown.exit_code == 0, shown.output
    printed = [line.strip() for line in shown.output.splitlines()]

    ws = openpyxl.load_workbook(out, read_only=True)["Tổng hợp"]
    figures = 0
    for label, value, fraction, base, *_ in ws.iter_rows(min_row=6, values_only=True):
        if isinstance(label, str) and label.startswith("C."):
            break
        if label is None or not isinstance(value, int | float):
            continue
        number = _vn_number(value) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")
        # A sum's prefix loses its colon before the figure's (review167 #5).
        said = re.sub(r"^(Cộng|Trong đó):", r"\1", label)
        expected = f"{said}: {number}"
        if fraction is not None:
            base_label, _, base_count = str(base).rpartition(" (")
            expected += f" ({_vn_percent(fraction)} trên cơ sở {base_label}: {base_count.rstrip(')')})"
        assert expected in printed, expected
        figures += 1
    assert figures > 60
    assert "A. TỔ CHỨC ĐẢNG" in printed and "B. ĐẢNG VIÊN" in printed
    assert not any(" = " in line for line in printed), "no indicator ids without --ids"

    by_id = CliRunner().invoke(main, ["history", "show", "1", "--ids", "--history", str(history)])
    assert "members.gender.female = " in by_id.output and "B. ĐẢNG VIÊN" not in by_id.output


def test_history_show_says_a_dash_not_zero_for_an_indicator_the_record_does_not_hold(tmp_path: Path) -> None:
    """A record imported from an older JSON may lack indicators: they read "—", never 0."""
    history = filled_history(tmp_path / "lich_su.sqlite", record(total=100))  # 3 indicators only
    shown = CliRunner().invoke(main, ["history", "show", "1", "--history", str(history)])
    assert shown.exit_code == 0, shown.output
    printed = [line.strip() for line in shown.output.splitlines()]
    assert "Tổng số đảng viên: 100" in printed
    assert "Đảng viên chính thức: 99 (99,00% trên cơ sở tổng số đảng viên: 100)" in printed
    assert "Tuổi bình quân: 47,5" in printed
    assert "Nữ: —" in printed and "Nữ: 0" not in " ".join(printed)
    assert any(line.startswith("“—”: chỉ tiêu không có trong lần tổng hợp này") for line in printed)


def test_history_show_gives_the_template_versions_of_the_files_read(tmp_path: Path) -> None:
    """A run of files of template 2026.1: `history show` says so, not the template the tool
    makes (2026.2, the record's own `template_version`), which it labels as the tool's."""
    nop = tmp_path / "nop"
    nop.mkdir()
    for org in sample_orgs(23, [5, 6], PERIOD):
        org.write(nop / f"{org.organisation.org_code}.xlsx", layout.VERSION_2026_1)
    out = tmp_path / "tong_hop.xlsx"
    assert _consolidate(nop, out, "--json", str(out.with_suffix(".json"))).exit_code == 0
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert {s["template_version"] for s in summary["sources"]} == {"2026.1"}
    history = tmp_path / "lich_su_tong_hop.sqlite"
    shown = CliRunner().invoke(main, ["history", "show", "1", "--history", str(history)])
    assert shown.exit_code == 0, shown.output
    printed = [line.strip() for line in shown.output.splitlines()]
    assert "Phiên bản mẫu của các tệp: 2026.1 (2 tệp)." in printed
    # The official forms' period, never "của biểu mẫu" (the chi bộ's template, in this product).
    assert any(line.startswith("Kỳ báo cáo của Biểu 1–4-BTCTW: ") for line in printed), printed
    tool = f"Công cụ: ward-stats {__version__} (mẫu của công cụ khi chạy: {layout.TEMPLATE_VERSION})."
    assert tool in printed
    assert not any(line.startswith("Phiên bản mẫu: ") for line in printed)


def test_history_show_counts_each_template_version_and_says_when_files_are_not_known(tmp_path: Path) -> None:
    mixed = replace(
        record(dt.date(2025, 3, 31), run_id="mixed", orgs={"A01": 10, "A02": 20, "A03": 30}),
        sources=(
            SourceRecord("A03.xlsx", "A03", "ab" * 32, "2026.2", "ok", True),
            SourceRecord("A01.xlsx", "A01", "ab" * 32, "2026.1", "ok", True),
            SourceRecord("A02.xlsx", "A02", "ab" * 32, "2026.1", "ok", True),
            SourceRecord("ghi_chu.xlsx", None, "cd" * 32, None, "not_template", False),
        ),
    )
    bare = replace(record(dt.date(2025, 6, 30), run_id="bare", total=60), organisations=(), sources=())
    history = filled_history(tmp_path / "lich_su.sqlite", mixed, bare)
    first = CliRunner().invoke(main, ["history", "show", "1", "--history", str(history)])
    assert "  Phiên bản mẫu của các tệp: 2026.1 (2 tệp), 2026.2 (1 tệp), chưa rõ (1 tệp).\n" in first.output
    second = CliRunner().invoke(main, ["history", "show", "2", "--history", str(history)])
    assert (
        "Phiên bản mẫu của các tệp: không rõ (lịch sử không có danh sách tệp của lần này)." in second.output
    )


def test_a_history_locked_for_writing_is_not_said_to_be_on_the_issues_sheet(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program writes the history: it is read, but the record times out once the
    workbook is made, so its warning is not in `Kiểm tra`; the console must not send the
    clerk there for it, and says it once."""
    import sqlite3

    monkeypatch.setattr("toolkit.history.store.DEFAULT_TIMEOUT", 0.2)
    # A record without its organisations (as an older version's import): last year as it is, no
    # opening check by organisation (one of other organisations would not be last year at all).
    history = filled_history(tmp_path / "lich_su_tong_hop.sqlite", record(dt.date(2025, 3, 31), orgs={}))
    writer = sqlite3.connect(history, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # readers go on, writers wait
    try:
        result = _consolidate(folder, tmp_path / "tong_hop.xlsx", "--ward-name", "Phường Thử")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    count = next(i for i, line in enumerate(lines) if line.startswith("Tổng cộng"))
    issues = openpyxl.load_workbook(tmp_path / "tong_hop.xlsx")["Kiểm tra"]
    # The warning came after it was made. The sheet's one warning is the record's: its coverage
    # unknown, the ward's opening is not compared with it (hunt220 R5).
    assert issues["A2"].value.startswith("0 lỗi, 1 cảnh báo")
    sheet = [str(c.value) for row in issues.iter_rows() for c in row if c.value is not None]
    assert not any("đang bị chương trình khác khóa" in text for text in sheet)
    unchecked = "Toàn Đảng bộ: số đảng viên toàn phường tại ngày 31/03/2025"
    assert any(text.startswith(unchecked) for text in sheet)
    assert lines[count] == (
        "Tổng cộng 0 lỗi, 2 cảnh báo; xem chi tiết ở sheet “Kiểm tra”, trừ 1 cảnh báo về lịch sử "
        "tổng hợp nêu ngay sau đây."
    )
    assert lines[count + 1].startswith(
        f"Lịch sử tổng hợp: Tệp lịch sử “{history}” đang bị chương trình khác khóa"
    )
    assert lines[count + 2].startswith(unchecked)
    assert result.output.count("đang bị chương trình khác khóa") == 1
    assert len(HistoryStore(history).records()) == 1


def test_last_year_s_record_without_the_form_lines_leaves_the_column_empty_and_says_why(
    folder: Path, tmp_path: Path
) -> None:
    """An older (or hand-made) summary imported as last year's has the members' total only:
    Biểu 1's column is all empty, Biểu 3's partly, and each form says why."""
    summary = tmp_path / "nam_truoc.json"
    summary.write_text(
        json.dumps(
            {
                "cutoff_date": "2025-03-31",
                "period_start": "2025-01-01",
                "ward_name": "Phường Thử",
                "indicators": {"members.total": 15, "members.gender.female": 5},
            }
        ),
        encoding="utf-8",
    )
    history = tmp_path / "h.sqlite"
    assert (
        CliRunner().invoke(main, ["history", "import", str(summary), "--history", str(history)]).exit_code
        == 0
    )
    out = tmp_path / "tong_hop.xlsx"
    result = _consolidate(folder, out, "--ward-name", "Phường Thử", "--history", str(history))
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)

    def notes(sheet: str) -> list[str]:
        ws = wb[sheet]
        return [c.value for row in ws.iter_rows() for c in row if str(c.value).startswith("Ghi chú")]

    last_year = "lần tổng hợp kỳ 01/01/2025–31/3/2025 trong lịch sử tổng hợp"
    assert (
        f"Ghi chú: Cột “Cùng kỳ năm trước” để trống: {last_year} không có số liệu các dòng của biểu này "
        "(có thể lập bằng phiên bản cũ hoặc nhập từ tệp)."
    ) in notes("Biểu 1-BTCTW")
    bieu_3 = [n for n in notes("Biểu 3-BTCTW") if "Cùng kỳ năm trước" in n]
    assert len(bieu_3) == 1 and bieu_3[0].endswith(
        f"dòng ở cột “Cùng kỳ năm trước” để trống: {last_year} không có số liệu đó."
    )
    ws = wb["Biểu 3-BTCTW"]
    assert 15 in [c.value for row in ws.iter_rows() for c in row]  # its total is there
