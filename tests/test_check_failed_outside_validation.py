"""A check run outside `validation.run` that crashes — the history's checks of a consolidation,
the roll-up's checks of the wards' summaries — is an error naming it, as a check of
`validation.run` is (`ward.check_failed`), never a run stopped with an unexpected error
(hunt173 A): the other results are kept, the outputs written, and the error counted."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.helpers_history import filled_history, record
from tests.helpers_sample import sample_orgs
from tests.helpers_unexpected import Failing
from toolkit import rollup as rollup_module
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.history import session
from toolkit.history.records import Record
from toolkit.history.store import HistoryStore
from toolkit.outputs.publish import write_outputs
from toolkit.pipeline import consolidate
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nop = tmp_path_factory.mktemp("check_failed") / "nop"
    nop.mkdir()
    for org in sample_orgs(21, [7, 9], PERIOD):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    return nop


def _broken(called: list[str], name: str, exc: type[BaseException] = RuntimeError) -> Failing:
    """A stand-in for the step `name` that raises `exc`, noting that it ran in `called` and where
    in the toolkit it was called from (`Failing.cause`: what the error names, h205)."""

    def make(*args: Any, **kwargs: Any) -> BaseException:
        called.append(name)
        return exc("injected fault")

    return Failing(make)


def _history(path: Path) -> Path:
    """Last year's record, the opening check's (the latest earlier cut-off), one of this run's
    forms' period (Biểu 1's opening check) and one of other organisations (left out of the
    trend), so that every history check runs."""

    def nameless(cutoff: dt.date, run_id: str, form_from: dt.date | None = None) -> Record:
        return record(cutoff, run_id=run_id, ward_name=None, total=16, orgs={}, form_from=form_from)

    other = record(dt.date(2025, 6, 30), run_id="r0", ward_name=None, total=16, orgs={"ZZ99": 16})
    return filled_history(
        path,
        nameless(dt.date(2025, 3, 31), "r1"),
        nameless(dt.date(2025, 12, 31), "r2"),
        nameless(dt.date(2026, 2, 28), "r3", dt.date(2026, 1, 1)),
        other,  # none of this run's organisations: left out of the trend, and said
    )


def _consolidate(folder: Path, tmp_path: Path) -> tuple[Any, Path]:
    out = tmp_path / "tong_hop.xlsx"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--since", "01/01/2025", "-o", str(out)]
    return CliRunner().invoke(main, [*args, "--json", str(out.with_suffix(".json"))]), out


HISTORY_CHECKS = [
    "_last_year",
    "_past_run",
    "_other_ward_name",
    "opening_issues",
    "period_opening_issues",
    # fix182: the rest of `open_for_run`'s steps
    "_trend_records",
    "_opening",
    "_nearer",  # hunt206 F1
    "_period_gap",
    "_same_forms_period",
    "_trend_issue",
    "_ward_name_missing",
]


@pytest.mark.parametrize("name", HISTORY_CHECKS)
def test_a_history_check_that_crashes_is_an_error_naming_it_and_the_outputs_are_written(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    history = _history(tmp_path / "lich_su_tong_hop.sqlite")
    called: list[str] = []
    bug = _broken(called, name)
    monkeypatch.setattr(session, name, bug)
    result, out = _consolidate(folder, tmp_path)
    assert called, f"{name} was not run"
    assert result.exit_code == 0, result.output
    assert "không mong đợi" not in result.output and out.is_file()
    issues = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["issues"]
    failed = [i for i in issues if i["code"] == "history.check_failed"]
    assert len(failed) == 1 and failed[0]["severity"] == "error", issues
    # Its type and where in the toolkit it was raised, for support (h205); never its text.
    assert f"({name}: {bug.cause('RuntimeError')})" in failed[0]["message"], failed[0]["message"]
    assert "injected" not in failed[0]["message"]
    # Honest: the error is counted, and the run is recorded all the same (its figures are sound).
    assert "0 lỗi" not in result.output and "1 lỗi" in result.output, result.output
    assert {"r0", "r1", "r2", "r3"} < {r.run_id for r in HistoryStore(history).records()}
    assert len(HistoryStore(history).records()) == 5


def test_a_failed_check_of_last_reports_names_every_message_it_would_have_said(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`unknown_code_stored` rewrites, besides an unknown code's error, the errors of an old file,
    a file of another cut-off and an organisation that sent none when they are a dissolved
    organisation's last report (hunt389, fix393): when it fails, its error says all of them may
    lack that word, not the unknown code's alone (fix393's finding, lead)."""
    _history(tmp_path / "lich_su_tong_hop.sqlite")
    called: list[str] = []
    monkeypatch.setattr(session, "unknown_code_stored", _broken(called, "unknown_code_stored"))
    result, out = _consolidate(folder, tmp_path)
    assert called and result.exit_code == 0, result.output
    message = _failed(out.with_suffix(".json"), "history.check_failed")["message"]
    for words in (
        "mã tổ chức không có trong danh mục",
        "tệp cũ của kỳ khác",
        "ngày chốt khác",
        "chưa nộp tệp",
    ):
        assert words in message, message


def _texts(book: Path, sheet: str | None = None) -> list[str]:
    """Every text of `book`'s sheet `sheet` (of every sheet when None)."""
    import openpyxl

    wb = openpyxl.load_workbook(book, read_only=True)
    sheets = [wb[sheet]] if sheet else wb.worksheets
    return [c for ws in sheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]


def _trend_cutoffs(book: Path) -> list[dt.date]:
    import openpyxl

    ws = openpyxl.load_workbook(book, read_only=True)["Xu hướng"]
    return [c.date() for (c, *_) in ws.iter_rows(values_only=True) if isinstance(c, dt.datetime)]


def _failed(json_path: Path, code: str) -> dict[str, Any]:
    issues = json.loads(json_path.read_text(encoding="utf-8"))["issues"]
    failed = [i for i in issues if i["code"] == code]
    assert len(failed) == 1, issues
    return failed[0]


def test_a_failed_trend_leaves_the_trend_sheet_as_with_no_history_and_says_why(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trend's records are data of the outputs: when `_trend_records` fails, the `Xu hướng`
    sheet has this cut-off alone, as with no history, and its note and the error say why (not
    that the history has no earlier cut-off); the opening checks, made of the trend's records,
    are not made, as with no history."""
    base = tmp_path / "base"
    base.mkdir()
    _history(base / "lich_su_tong_hop.sqlite")
    assert len(_trend_cutoffs(_consolidate(folder, base)[1])) > 1  # without the fault
    _history(tmp_path / "lich_su_tong_hop.sqlite")
    monkeypatch.setattr(session, "_trend_records", _broken([], "_trend_records"))
    result, out = _consolidate(folder, tmp_path)
    assert result.exit_code == 0 and "1 lỗi" in result.output, result.output
    failed = _failed(out.with_suffix(".json"), "history.check_failed")
    assert "sheet “Xu hướng” không có số liệu các ngày chốt trước" in failed["message"]
    assert "vẫn được ghi đủ" not in failed["message"]
    trend = _texts(out, "Xu hướng")
    assert _trend_cutoffs(out) == [dt.date(2026, 3, 31)]  # this run's alone
    assert any(session.TREND_FAILED in t for t in trend), trend
    codes = [i["code"] for i in json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["issues"]]
    assert not [c for c in codes if c.startswith(("form.opening", "history.trend", "history.period"))], codes


@pytest.mark.parametrize("name", ["_last_year", "_past_run"])
def test_failed_last_year_leaves_the_column_empty_and_says_why(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Last year's figures are data of the outputs: when they cannot be had, the `Cùng kỳ năm
    trước` column is empty as with no history, and the forms' note and the error say why (not
    that the history has no run of that period)."""
    base = tmp_path / "base"
    base.mkdir()
    _history(base / "lich_su_tong_hop.sqlite")
    assert json.loads(_consolidate(folder, base)[1].with_suffix(".json").read_text(encoding="utf-8"))[
        "previous"
    ]
    _history(tmp_path / "lich_su_tong_hop.sqlite")
    monkeypatch.setattr(session, name, _broken([], name))
    result, out = _consolidate(folder, tmp_path)
    assert result.exit_code == 0 and "1 lỗi" in result.output, result.output
    json_path = out.with_suffix(".json")
    assert json.loads(json_path.read_text(encoding="utf-8")).get("previous") is None
    assert (
        "cột “Cùng kỳ năm trước” của các biểu để trống"
        in _failed(json_path, "history.check_failed")["message"]
    )
    texts = _texts(out)
    assert any(session.LAST_YEAR_FAILED in t for t in texts)
    assert not any("chưa có lần tổng hợp nào cho kỳ" in t for t in texts)


def test_failed_past_run_drops_the_warning_of_the_column_it_left_empty(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Last year's record shares one organisation with this run: its column is filled and
    warned of as not like for like (`form.previous_other_orgs`). When `_past_run` fails the
    column is empty, so that warning, of figures no longer shown, goes too (review187 F5)."""
    own = sorted(p.stem for p in folder.glob("*.xlsx"))[0]

    def history(path: Path) -> Path:
        return filled_history(
            path,
            record(dt.date(2025, 3, 31), run_id="r1", ward_name=None, total=16, orgs={own: 8, "ZZ98": 8}),
        )

    def codes(json_path: Path) -> list[str]:
        return [i["code"] for i in json.loads(json_path.read_text(encoding="utf-8"))["issues"]]

    base = tmp_path / "base"
    base.mkdir()
    history(base / "lich_su_tong_hop.sqlite")
    assert "form.previous_other_orgs" in codes(_consolidate(folder, base)[1].with_suffix(".json"))
    history(tmp_path / "lich_su_tong_hop.sqlite")
    monkeypatch.setattr(session, "_past_run", _broken([], "_past_run"))
    result, out = _consolidate(folder, tmp_path)
    assert result.exit_code == 0, result.output
    found = codes(out.with_suffix(".json"))
    assert "history.check_failed" in found and "form.previous_other_orgs" not in found, found


def test_a_ctrl_c_in_a_history_check_still_stops_the_run(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = _history(tmp_path / "lich_su_tong_hop.sqlite")
    called: list[str] = []
    monkeypatch.setattr(session, "opening_issues", _broken(called, "opening_issues", KeyboardInterrupt))
    result, out = _consolidate(folder, tmp_path)
    assert called and result.exit_code != 0 and not out.exists(), result.output
    assert "Ctrl+C" in result.output, result.output
    assert len(HistoryStore(history).records()) == 4


# --- the roll-up ------------------------------------------------------------------------------

WARDS = ("Phường Một", "Phường Hai", "Phường Ba")


@pytest.fixture(scope="module")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three wards' summaries of two organisations each."""
    tmp = tmp_path_factory.mktemp("rollup_check_failed")
    orgs = sample_orgs(31, [6, 8, 5, 7, 9, 4], PERIOD)
    paths = []
    for n, name in enumerate(WARDS):
        part = orgs[2 * n : 2 * n + 2]
        nop = tmp / f"nop{n}"
        nop.mkdir()
        for org in part:
            org.write(nop / f"{org.organisation.org_code}.xlsx")
        result = consolidate(
            [nop],
            cutoff=PERIOD.cutoff,
            since=PERIOD.start,
            registry=Registry([o.organisation for o in part]),
            ward_name=name,
        )
        path = tmp / f"ward{n}.json"
        write_outputs(result, tmp / f"ward{n}.xlsx", path)
        paths.append(path)
    return paths


def _rollup(paths: list[Path], tmp_path: Path) -> tuple[Any, Path]:
    out = tmp_path / "cap_tren.xlsx"
    args = ["rollup", *map(str, paths), "-o", str(out), "--json", str(tmp_path / "cap_tren.json")]
    return CliRunner().invoke(main, [*args, "--name", "Tỉnh Thử"]), out


ROLLUP_CHECKS = [
    "_leave_out_empty",
    "_warn_alike",
    "_align",
    # fix182: the rest of the roll-up's checks, and last year's sum
    "_incomplete",
    "_late",
    "_years_lacking",
    "_years_unrated",
    "_form_warnings",
    "_previous",
    "_partial_previous",
    "_partial_targets",
]


@pytest.mark.parametrize("name", ROLLUP_CHECKS)
def test_a_rollup_check_that_crashes_is_an_error_naming_it_and_the_outputs_are_written(
    summaries: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    called: list[str] = []
    bug = _broken(called, name)
    monkeypatch.setattr(rollup_module, name, bug)
    result, out = _rollup(summaries, tmp_path)
    assert called, f"{name} was not run"
    assert "không mong đợi" not in result.output and out.is_file(), result.output
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "cap_tren.json").read_text(encoding="utf-8"))
    failed = [i for i in doc["issues"] if i["code"] == "rollup.check_failed"]
    assert len(failed) == 1 and failed[0]["severity"] == "error", doc["issues"]
    assert f"({name}: {bug.cause('RuntimeError')})" in failed[0]["message"], failed[0]["message"]
    assert "injected" not in failed[0]["message"]
    assert "Đã tổng hợp 3/3 phường" in result.output and "1 lỗi" in result.output, result.output
    assert doc["cutoff_date"] == "2026-03-31"


def test_a_check_of_each_ward_that_crashes_part_way_keeps_what_it_found_and_says_it_may_be_short(
    summaries: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`_incomplete` warns of the first ward, then crashes on the second: the first ward's
    warning is kept, and the error says the list may be short, not that no ward was checked
    (review187 F6)."""
    from toolkit.core.rules import make_issue

    seen: list[str] = []

    def incomplete(ward: Any) -> Any:
        seen.append(ward.name)
        if len(seen) == 2:
            raise RuntimeError("injected fault")
        return make_issue(
            "rollup.incomplete_ward",
            file=ward.label,
            ward=ward.name,
            value="1/2",
            gaps=" (1 tổ chức chưa được tổng hợp ở phường: chưa nộp hoặc tệp có lỗi)",
        )

    monkeypatch.setattr(rollup_module, "_incomplete", incomplete)
    result, out = _rollup(summaries, tmp_path)
    assert result.exit_code == 0 and out.is_file(), result.output
    doc = json.loads((tmp_path / "cap_tren.json").read_text(encoding="utf-8"))
    kept = [i for i in doc["issues"] if i["code"] == "rollup.incomplete_ward"]
    assert [i["file"] for i in kept] == [Path(summaries[0]).name], doc["issues"]
    failed = [i for i in doc["issues"] if i["code"] == "rollup.check_failed"]
    assert (
        len(failed) == 1 and "có thể chưa nêu hết các phường tổng hợp thiếu tổ chức" in failed[0]["message"]
    )


def test_when_align_crashes_a_ward_of_another_cutoff_is_still_left_out(
    summaries: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = json.loads(summaries[1].read_text(encoding="utf-8"))
    doc["cutoff_date"], doc["form_period"] = "2026-06-30", ["2026-01-01", "2026-06-30"]
    late = tmp_path / "late.json"
    late.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(rollup_module, "_align", _broken([], "_align"))
    result, out = _rollup([summaries[0], late, summaries[2]], tmp_path)
    assert result.exit_code == 1 and out.is_file(), result.output
    assert "Đã tổng hợp 2/3 phường" in result.output and "1 phường bị loại" in result.output, result.output
    written = json.loads((tmp_path / "cap_tren.json").read_text(encoding="utf-8"))
    assert written["cutoff_date"] == "2026-03-31"
    left_out = [o for o in written["organisations"] if o["status"] != "consolidated"]
    assert [o["file"] for o in left_out] == ["late.json"], written["organisations"]


def test_a_ctrl_c_in_a_rollup_check_still_stops_the_rollup(
    summaries: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rollup_module, "_warn_alike", _broken([], "_warn_alike", KeyboardInterrupt))
    result, out = _rollup(summaries, tmp_path)
    assert result.exit_code != 0 and not out.exists() and "Ctrl+C" in result.output, result.output


def test_a_failed_sum_of_last_year_leaves_the_column_empty_and_says_why(
    summaries: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each ward's summary has last year's figures; `_previous` failing leaves the roll-up's
    `Cùng kỳ năm trước` empty, as when no ward's file has them, its note saying why, and blames
    no ward for it (`rollup.no_previous`)."""
    with_previous = []
    for n, path in enumerate(summaries):
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["previous"] = {
            "cutoff_date": "2025-03-31",
            "period_start": "2025-01-01",
            "form_period": ["2025-01-01", "2025-03-31"],
            "indicators": dict(doc["indicators"]),
        }
        with_previous.append(tmp_path / f"prev{n}.json")
        with_previous[-1].write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result, out = _rollup(with_previous, tmp_path)
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "cap_tren.json").read_text(encoding="utf-8"))["previous"] is not None
    monkeypatch.setattr(rollup_module, "_previous", _broken([], "_previous"))
    result, out = _rollup(with_previous, tmp_path)
    assert result.exit_code == 0 and "1 lỗi" in result.output, result.output
    doc = json.loads((tmp_path / "cap_tren.json").read_text(encoding="utf-8"))
    assert doc.get("previous") is None
    codes = [i["code"] for i in doc["issues"]]
    assert "rollup.no_previous" not in codes, codes
    failed = _failed(tmp_path / "cap_tren.json", "rollup.check_failed")
    assert "cột “Cùng kỳ năm trước” của các biểu để trống" in failed["message"]
    assert any(rollup_module.PREVIOUS_FAILED in t for t in _texts(out))


def test_a_crash_in_the_sum_itself_stops_the_rollup_and_keeps_the_old_outputs(
    summaries: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`_sum` makes the figures: no check, so a fault there stops the roll-up (exit 2), plainly,
    saying that nothing was written and the old outputs are kept, which they are."""
    old = {tmp_path / "cap_tren.xlsx": b"old workbook", tmp_path / "cap_tren.json": b"old summary"}
    for path, data in old.items():
        path.write_bytes(data)
    called: list[str] = []
    monkeypatch.setattr(rollup_module, "_sum", _broken(called, "_sum"))
    result, _ = _rollup(summaries, tmp_path)
    assert called and result.exit_code == 2, result.output
    assert "Lỗi không mong đợi" in result.output and "Traceback" not in result.output, result.output
    assert "các tệp kết quả cũ (nếu có) vẫn giữ nguyên" in result.output, result.output
    assert "rollup.check_failed" not in result.output
    assert {path: path.read_bytes() for path in old} == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cap_tren.json", "cap_tren.xlsx"]
