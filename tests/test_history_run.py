"""A consolidation and its history: last year's figures, the trend, the opening check, and
histories that are locked, damaged, read-only or newer — none may stop or spoil the outputs.

A small ward of three generated organisations is consolidated at 31/03/2025 (its submissions
made for that date, `toolkit.sample.as_of`) and at 31/03/2026, through the real pipeline and
`write_outputs`, with a real history file.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from tests.helpers_history import (
    damage_pages,
    digest,
    filled_history,
    foreign_database,
    locked,
    make_newer,
    record,
    run_as_user,
    run_cli,
    shared_folder,
)
from tests.helpers_sample import sample_orgs
from toolkit.core import layout
from toolkit.core.model import ConsolidationResult, RollMoves
from toolkit.history.schema import SCHEMA_VERSION
from toolkit.history.store import HistoryStore
from toolkit.outputs.publish import prepare, write_outputs
from toolkit.pipeline import consolidate
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows, Period
from toolkit.stats.coverage import MAX_NAMED

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
EARLIER = dt.date(2025, 3, 31)
WARD = "Phường Thử Nghiệm"


def _write(orgs: list[OrgRows], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    return folder


def _consolidate(folder: Path, cutoff: dt.date) -> ConsolidationResult:
    return consolidate([folder], cutoff=cutoff, since=PERIOD.start, ward_name=WARD, while_reading=prepare)


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("two_cutoffs")
    orgs = sample_orgs(16, [40, 55, 30], PERIOD)
    earlier = [as_of(org, EARLIER) for org in orgs]
    r25 = _consolidate(_write(earlier, tmp / "nop2025"), EARLIER)
    r26 = _consolidate(_write(orgs, tmp / "nop2026"), PERIOD.cutoff)
    assert not r25.issues and not r26.issues  # honest submissions at both dates
    return {"tmp": tmp, "orgs": orgs, "r25": r25, "r26": r26}


def _outputs(result: ConsolidationResult, folder: Path, history: Path | None, **kw) -> dict:
    out = folder / f"tong_hop_{result.cutoff_date:%Y}.xlsx"
    write_outputs(
        copy.deepcopy(result) if kw.pop("copy", True) else result,
        out,
        out.with_suffix(".json"),
        history=history,
        **kw,
    )
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def _orgs_of(result: ConsolidationResult) -> dict[str, int]:
    """Each organisation's `members.total` of `result`: a record of the ward's own organisations
    (one of others' is not its last year, `form.previous_no_common_orgs`)."""
    return {o.org_code: int(o.indicators.get("members.total", 0)) for o in result.organisations}


def _codes(summary: dict) -> list[str]:
    return [i["code"] for i in summary["issues"]]


def _row(summary: dict, form: str, key: str) -> dict:
    return next(r for r in summary["forms"][form] if r["row"] == key)


# --- last year's figures, the trend, the opening check ---------------------------------------------


def test_last_year_and_the_trend_come_from_the_history(ward: dict, tmp_path: Path) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _outputs(ward["r25"], tmp_path, history)
    summary = _outputs(ward["r26"], tmp_path, history)
    assert summary["previous"]["cutoff_date"] == "2025-03-31"
    assert summary["previous"]["form_period"] == ["2025-01-01", "2025-03-31"]
    total = _row(summary, "bieu3", "I")
    assert total == {
        "row": "I",
        "label": "Đảng viên trong danh sách có đến cuối kỳ báo cáo",
        "current": ward["r26"].indicators["members.total"],
        "previous": ward["r25"].indicators["members.total"],
    }
    assert "form.opening_mismatch" not in _codes(summary)
    wb = openpyxl.load_workbook(tmp_path / "tong_hop_2026.xlsx")
    trend = wb["Xu hướng"]
    dates = [c.value.date() for c in trend["A"] if isinstance(c.value, dt.datetime)]
    assert dates == [EARLIER, PERIOD.cutoff]
    records = HistoryStore(history).records()
    assert [(r.cutoff_date, r.is_current, r.ward_name) for r in records] == [
        (EARLIER, True, WARD),
        (PERIOD.cutoff, True, WARD),
    ]
    assert records[1].run_id == summary["run_id"]


def test_without_last_year_in_the_history_the_column_is_empty_with_a_note(ward: dict, tmp_path: Path) -> None:
    summary = _outputs(ward["r26"], tmp_path, tmp_path / "h.sqlite")
    assert summary["previous"] is None
    assert all(
        row["previous"] is None for form in ("bieu1", "bieu2", "bieu3") for row in summary["forms"][form]
    )
    ws = openpyxl.load_workbook(tmp_path / "tong_hop_2026.xlsx")["Biểu 3-BTCTW"]
    notes = [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("Ghi chú")]
    assert any("chưa có lần tổng hợp nào cho kỳ 01/01/2025–31/3/2025" in n for n in notes)
    assert any(
        "chưa có lần chốt số liệu nào khác: từ các lần tổng hợp tới, sheet này sẽ cho thấy số liệu qua "
        "các kỳ." in t
        for t in _texts(tmp_path / "tong_hop_2026.xlsx", "Xu hướng")
    )


def test_a_record_of_another_form_period_or_ward_is_not_last_year(ward: dict, tmp_path: Path) -> None:
    history = filled_history(
        tmp_path / "h.sqlite",
        record(EARLIER, run_id="half-year", form_from=dt.date(2024, 10, 1), ward_name=WARD),
        record(dt.date(2025, 3, 30), run_id="other-ward", ward_name="Phường Khác"),
    )
    summary = _outputs(ward["r26"], tmp_path, history)
    assert summary["previous"] is None


def test_a_run_of_another_form_period_at_last_year_s_cutoff_does_not_hide_last_year(
    ward: dict, tmp_path: Path
) -> None:
    """At 31/03/2025 the ward made its forms of 01/01–31/03 and then, at the same cut-off, those
    of March alone (`--form-period`): the second record makes the first old at that cut-off, but
    the first is still the same period of last year of the 2026 forms of 01/01–31/03."""
    history = tmp_path / "h.sqlite"
    year = _outputs(ward["r25"], tmp_path, history)
    folder = ward["tmp"] / "nop2025"
    march = consolidate(
        [folder], cutoff=EARLIER, since=PERIOD.start, ward_name=WARD, form_from=dt.date(2025, 3, 1)
    )
    march.generated_at = ward["r25"].generated_at + dt.timedelta(minutes=5)  # made after the year's
    (tmp_path / "march").mkdir()
    _outputs(march, tmp_path / "march", history, copy=False)
    stored = HistoryStore(history).records()
    assert [(r.form_period, r.is_current) for r in stored] == [
        ((dt.date(2025, 1, 1), EARLIER), False),
        ((dt.date(2025, 3, 1), EARLIER), True),
    ]
    summary = _outputs(ward["r26"], tmp_path, history)
    assert summary["previous"]["run_id"] == year["run_id"]
    assert summary["previous"]["form_period"] == ["2025-01-01", "2025-03-31"]
    assert _row(summary, "bieu3", "I")["previous"] == ward["r25"].indicators["members.total"]
    ws = openpyxl.load_workbook(tmp_path / "tong_hop_2026.xlsx")["Biểu 1-BTCTW"]
    assert not any(isinstance(c.value, str) and "chưa có lần tổng hợp nào" in c.value for c in ws["A"])
    # The run uses the current record of the cut-off when its forms' period is the one wanted:
    # the 2026 forms of March alone compare with the March record.
    march26 = consolidate(
        [ward["tmp"] / "nop2026"],
        cutoff=PERIOD.cutoff,
        since=PERIOD.start,
        ward_name=WARD,
        form_from=dt.date(2026, 3, 1),
    )
    (tmp_path / "march26").mkdir()
    summary = _outputs(march26, tmp_path / "march26", history)
    assert summary["previous"]["form_period"] == ["2025-03-01", "2025-03-31"]


def test_a_run_that_consolidated_nothing_is_not_recorded(ward: dict, tmp_path: Path) -> None:
    """The 2026 files consolidated with last year's cut-off typed by mistake: every one is
    excluded. Recorded, its zeros would be the next year's `Cùng kỳ năm trước`."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    empty = _consolidate(ward["tmp"] / "nop2026", EARLIER)
    assert empty.indicators["orgs.consolidated"] == 0
    summary = _outputs(empty, tmp_path, history)
    assert "history.empty_run" in _codes(summary)
    assert HistoryStore(history).records() == []
    _outputs(ward["r25"], tmp_path, history)
    assert [r.cutoff_date for r in HistoryStore(history).records()] == [EARLIER]


def test_an_empty_run_already_stored_is_neither_last_year_nor_the_trend(ward: dict, tmp_path: Path) -> None:
    """A record of a run that consolidated nothing (stored by an earlier version)."""
    empty = record(EARLIER, run_id="empty", total=0, orgs={}, ward_name=WARD)
    empty = dataclasses.replace(empty, indicators={**empty.indicators, "orgs.consolidated": 0})
    history = filled_history(tmp_path / "h.sqlite", empty)
    summary = _outputs(ward["r26"], tmp_path, history)
    assert summary["previous"] is None
    assert "form.opening_mismatch" not in _codes(summary)
    trend = openpyxl.load_workbook(tmp_path / "tong_hop_2026.xlsx")["Xu hướng"]
    assert [c.value.date() for c in trend["A"] if isinstance(c.value, dt.datetime)] == [PERIOD.cutoff]


def test_an_empty_record_stored_after_the_real_one_does_not_hide_it(ward: dict, tmp_path: Path) -> None:
    """The real record of 31/03/2025, then a record of that cut-off and ward that consolidated
    nothing and ran later (stored by an earlier version, or imported before imports refused
    it): the real record stays the one used, for last year, the trend and the opening check,
    and `history list` says so."""
    history = tmp_path / "h.sqlite"
    _outputs(ward["r25"], tmp_path, history)
    empty = record(EARLIER, run_id="empty", total=0, orgs={}, ward_name=WARD)
    empty = dataclasses.replace(
        empty,
        indicators={**empty.indicators, "orgs.consolidated": 0},
        ran_at=(ward["r25"].generated_at + dt.timedelta(hours=1)).isoformat(),
    )
    HistoryStore(history).add(empty)
    assert [(r.run_id, r.is_current) for r in HistoryStore(history).records()] == [
        (ward["r25"].run_id, True),
        ("empty", False),
    ]
    summary = _outputs(ward["r26"], tmp_path, history)
    assert summary["previous"]["run_id"] == ward["r25"].run_id
    total = next(r for r in summary["forms"]["bieu3"] if r["row"] == "I")
    assert total["previous"] == ward["r25"].indicators["members.total"]
    assert "form.opening_mismatch" not in _codes(summary)  # checked against the real record
    trend = openpyxl.load_workbook(tmp_path / "tong_hop_2026.xlsx")["Xu hướng"]
    assert [c.value.date() for c in trend["A"] if isinstance(c.value, dt.datetime)] == [
        EARLIER,
        PERIOD.cutoff,
    ]
    listed = run_cli("history", "list", "--history", history)
    assert "Lần số 1  chốt 31/03/2025" in listed.output and "hiện hành" in listed.output
    assert "cũ (không tổng hợp được tổ chức nào, không dùng)" in listed.output


def test_import_refuses_the_summary_of_a_run_that_consolidated_nothing(ward: dict, tmp_path: Path) -> None:
    """Its JSON is written (the run says why), but, as the run itself is not recorded, it is
    not imported either: the history is left byte for byte as it was."""
    empty = _consolidate(ward["tmp"] / "nop2026", EARLIER)
    assert empty.indicators["orgs.consolidated"] == 0
    (tmp_path / "nham").mkdir()
    _outputs(empty, tmp_path / "nham", None)
    wrong = tmp_path / "nham" / "tong_hop_2025.json"
    history = tmp_path / "h.sqlite"
    _outputs(ward["r25"], tmp_path, history)
    before = digest(history)
    done = run_cli("history", "import", wrong, "--history", history)
    assert done.exit_code == 2, done.output
    assert "không tổng hợp được tổ chức nào (ngày chốt 31/03/2025" in done.output
    assert "Lịch sử được giữ nguyên." in done.output
    assert digest(history) == before
    nothing = tmp_path / "moi.sqlite"
    assert run_cli("history", "import", wrong, "--history", nothing).exit_code == 2
    assert not nothing.exists()


def _texts(workbook: Path, sheet: str) -> list[str]:
    ws = openpyxl.load_workbook(workbook)[sheet]
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_no_history_records_nothing(ward: dict, tmp_path: Path) -> None:
    summary = _outputs(ward["r26"], tmp_path, None)
    assert summary["previous"] is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tong_hop_2026.json", "tong_hop_2026.xlsx"]


def test_without_the_history_the_forms_and_the_trend_say_it_was_not_used(ward: dict, tmp_path: Path) -> None:
    """`--no-history`: last year may well be in the history; the notes must not say it is not."""
    _outputs(ward["r26"], tmp_path, None)
    out = tmp_path / "tong_hop_2026.xlsx"
    for sheet in ("Biểu 1-BTCTW", "Biểu 3-BTCTW"):
        texts = _texts(out, sheet)
        assert any(t.endswith("để trống: lần tổng hợp này không dùng lịch sử tổng hợp.") for t in texts)
        assert not any("chưa có lần tổng hợp nào" in t for t in texts)
    trend = _texts(out, "Xu hướng")
    assert any(t.startswith("Lần tổng hợp này không dùng lịch sử tổng hợp") for t in trend)
    assert not any("chưa có lần chốt số liệu nào khác" in t for t in trend)


def test_a_missing_leaving_row_after_the_earlier_cutoff_is_named_for_its_organisation(
    ward: dict, tmp_path: Path
) -> None:
    history = tmp_path / "h.sqlite"
    _outputs(ward["r25"], tmp_path, history)
    orgs = copy.deepcopy(ward["orgs"])
    org = next(
        o for o in orgs if any(e["event_type"] == "died" and e["event_date"] > EARLIER for e in o.events)
    )
    row = next(e for e in org.events if e["event_type"] == "died" and e["event_date"] > EARLIER)
    org.events.remove(row)
    result = _consolidate(_write(orgs, tmp_path / "nop"), PERIOD.cutoff)
    summary = _outputs(result, tmp_path, history)
    found = [i for i in summary["issues"] if i["code"] == "form.opening_mismatch"]
    code = org.organisation.org_code
    assert [i["org_code"] for i in found] == [code, None]  # the organisation, then the ward
    stored = {o.org_code: o.indicators["members.total"] for o in HistoryStore(history).get(1).organisations}
    assert f"là {stored[code] - 1}" in found[0]["message"] and f"ghi {stored[code]}" in found[0]["message"]
    assert "31/03/2025" in found[0]["message"]
    assert found[0]["file"] == f"{code}.xlsx" and found[0]["severity"] == "warning"


def test_the_opening_uses_the_latest_earlier_cutoff_inside_the_change_period(
    ward: dict, tmp_path: Path
) -> None:
    """A record before the day before the change period, or at the cut-off itself, is not an
    opening; the one of the day before is (its closing is this period's opening)."""
    history = filled_history(
        tmp_path / "h.sqlite",
        record(dt.date(2023, 12, 30), run_id="before", orgs={"S01": 999}, ward_name=WARD),
        record(PERIOD.cutoff, run_id="same-day", orgs={"S01": 999}, ward_name=WARD),
    )
    summary = _outputs(ward["r26"], tmp_path, history)
    assert "form.opening_mismatch" not in _codes(summary)
    # S01 under its own name then (another name: `form.opening_code_renamed`, tested apart).
    name = next(o.org_name for o in ward["r26"].organisations if o.org_code == "S01")
    day_before = record(
        dt.date(2023, 12, 31), run_id="day-before", orgs={"S01": 999}, ward_name=WARD, names={"S01": name}
    )
    HistoryStore(history).add(day_before)
    summary = _outputs(ward["r26"], tmp_path, history)
    found = [i for i in summary["issues"] if i["code"] == "form.opening_mismatch"]
    assert [(i["org_code"], "ghi 999" in i["message"], "31/12/2023" in i["message"]) for i in found] == [
        ("S01", True, True)
    ]


def test_roll_at_counts_events_strictly_after_the_date() -> None:
    moves = RollMoves(
        joins=(dt.date(2025, 3, 31), dt.date(2025, 4, 1)),
        leaves=(dt.date(2025, 1, 1), dt.date(2026, 3, 31)),
    )
    # Closing 10 at 31/03/2026: at 31/03/2025 the join of that day has happened, the one of
    # 01/04/2025 not yet; the leave of 31/03/2026 had not happened.
    assert moves.roll_at(10, dt.date(2025, 3, 31)) == 10 - 1 + 1
    assert moves.roll_at(10, dt.date(2024, 12, 31)) == 10 - 2 + 2
    assert moves.roll_at(10, dt.date(2026, 3, 31)) == 10


# --- histories that cannot be used -------------------------------------------------------------------


def _damaged(path: Path) -> None:
    filled_history(
        path, *(record(dt.date(2024, 1, 1) + dt.timedelta(days=i), run_id=f"x{i}") for i in range(30))
    )
    damage_pages(path)


@pytest.mark.parametrize(
    ("prepare_file", "code"),
    [
        (lambda p: p.write_bytes(b"not a database at all\n" * 100), "history.corrupt"),
        (_damaged, "history.corrupt"),
        (foreign_database, "history.corrupt"),
        (lambda p: make_newer(filled_history(p), SCHEMA_VERSION + 1), "history.newer"),
    ],
    ids=["garbage", "damaged", "foreign", "newer"],
)
def test_an_unusable_history_never_stops_or_spoils_a_consolidation(
    ward: dict, tmp_path: Path, prepare_file, code: str
) -> None:
    history = tmp_path / "h.sqlite"
    prepare_file(history)
    before = digest(history)
    summary = _outputs(ward["r26"], tmp_path, history, history_timeout=0.2)
    assert (tmp_path / "tong_hop_2026.xlsx").stat().st_size > 10_000
    assert summary["indicators"] == ward["r26"].indicators
    warnings = [i for i in summary["issues"] if i["code"].startswith("history.")]
    assert [(i["code"], i["severity"]) for i in warnings] == [(code, "warning")]
    assert "Cùng kỳ năm trước" in warnings[0]["message"]  # says what the run could not use
    assert digest(history) == before
    wb = openpyxl.load_workbook(tmp_path / "tong_hop_2026.xlsx")
    assert code in {c.value for row in wb["Kiểm tra"].iter_rows() for c in row}  # listed in the workbook


def test_a_locked_history_never_stops_or_spoils_a_consolidation(ward: dict, tmp_path: Path) -> None:
    history = filled_history(tmp_path / "h.sqlite", record(EARLIER, ward_name=WARD))
    before = digest(history)
    with locked(history):
        summary = _outputs(ward["r26"], tmp_path, history, history_timeout=0.2)
    assert (tmp_path / "tong_hop_2026.xlsx").is_file()
    assert [i["code"] for i in summary["issues"] if i["code"].startswith("history.")] == ["history.locked"]
    assert digest(history) == before
    assert len(HistoryStore(history).records()) == 1
    # The form goes out on its own: it says the history could not be read, not that it is empty.
    notes = _texts(tmp_path / "tong_hop_2026.xlsx", "Biểu 1-BTCTW")
    assert any("để trống: không đọc được lịch sử tổng hợp" in n for n in notes)
    assert not any("chưa có lần tổng hợp nào" in n for n in notes)
    trend = _texts(tmp_path / "tong_hop_2026.xlsx", "Xu hướng")
    assert any(t.startswith("Không đọc được lịch sử tổng hợp") for t in trend)


def test_a_lock_taken_while_the_workbook_is_written_is_reported_in_the_json(
    ward: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history is free when read, locked when the record is written: the outputs are
    complete, the history unchanged, and the JSON (renamed last, made again) says why."""
    import toolkit.outputs.workbook as workbook_module

    history = filled_history(
        tmp_path / "h.sqlite", record(EARLIER, ward_name=WARD, orgs=_orgs_of(ward["r25"]))
    )
    before = digest(history)
    real = workbook_module.render_workbook
    holder: list = []

    def render_then_lock(*args, **kwargs):
        data = real(*args, **kwargs)
        lock = locked(history)
        lock.__enter__()
        holder.append(lock)
        return data

    monkeypatch.setattr(workbook_module, "render_workbook", render_then_lock)
    try:
        summary = _outputs(ward["r26"], tmp_path, history, history_timeout=0.2)
    finally:
        for lock in holder:
            lock.__exit__(None, None, None)
    assert summary["previous"] is not None  # read before the lock
    locked_issue = [i for i in summary["issues"] if i["code"] == "history.locked"]
    assert len(locked_issue) == 1 and "Cùng kỳ" not in locked_issue[0]["message"]
    assert digest(history) == before


def _publish_as_user(result: ConsolidationResult, folder: Path, history: Path) -> dict:
    summary = _outputs(result, folder, history, copy=False)
    return {"summary": summary, "files": sorted(p.name for p in folder.iterdir())}


def test_a_read_only_history_never_stops_or_spoils_a_consolidation(ward: dict, tmp_path: Path) -> None:
    _outputs(ward["r26"], tmp_path, tmp_path / "warm.sqlite")  # every writer imported before the fork
    with shared_folder() as folder:
        history = filled_history(
            folder / "h.sqlite",
            record(
                EARLIER,
                ward_name=WARD,
                total=ward["r25"].indicators["members.total"],
                orgs=_orgs_of(ward["r25"]),
            ),
        )
        before = digest(history)
        outcome = run_as_user(
            _publish_as_user, copy.deepcopy(ward["r26"]), folder, history, read_only=history
        )
        summary = outcome["summary"]
        assert outcome["files"] == ["h.sqlite", "tong_hop_2026.json", "tong_hop_2026.xlsx"]
        assert [i["code"] for i in summary["issues"] if i["code"].startswith("history.")] == [
            "history.read_only"
        ]
        assert summary["previous"]["cutoff_date"] == "2025-03-31"  # still read: last year is shown
        assert digest(history) == before


def _chart_titles(workbook: Path) -> list[str]:
    """The titles of the workbook's charts, as written in its chart parts."""
    import re
    import zipfile

    with zipfile.ZipFile(workbook) as z:
        parts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        return ["".join(re.findall(r"<a:t>([^<]*)</a:t>", z.read(n).decode("utf-8"))) for n in parts]


def test_the_trend_says_when_a_cut_off_leaves_organisations_out(ward: dict, tmp_path: Path) -> None:
    """Xu hướng showed a fall in members that came only from an organisation left out of this
    run, with only "2/3" in a small cell and nothing on its chart, while every other sheet said
    "Chưa đủ số liệu" (hunt43 consistency #1). Its row 3, its note and its charts' titles now
    say which cut-off leaves organisations out and that the cut-offs are not like for like —
    of this run and of a stored one."""
    folder = _write(ward["orgs"], tmp_path / "nop2026")
    broken = sorted(folder.glob("*.xlsx"))[0]
    book = openpyxl.load_workbook(broken)
    book["Đảng viên"]["D3"] = "xyz"  # an error: the organisation is left out
    book.save(broken)
    partial = _consolidate(folder, PERIOD.cutoff)
    assert partial.count("excluded") == 1
    history = tmp_path / "h.sqlite"
    _outputs(ward["r25"], tmp_path, history)
    _outputs(partial, tmp_path, history)
    out = tmp_path / "tong_hop_2026.xlsx"
    trend = openpyxl.load_workbook(out)["Xu hướng"]
    top = str(trend["A3"].value)
    assert top.startswith("Chưa đủ số liệu: 1/3 tổ chức chưa được tổng hợp"), top
    like = "Các lần chốt không cùng phạm vi tổ chức: số liệu tăng, giảm giữa các lần có thể chỉ do tổ chức"
    assert like in top
    texts = _texts(out, "Xu hướng")
    said = "Chưa đủ số liệu ở ngày chốt 31/3/2026: chỉ gồm 2/3 tổ chức."
    assert any(said in t and like in t for t in texts)
    assert not any("31/3/2025: chỉ gồm" in t for t in texts)
    titles = _chart_titles(out)
    assert "Đảng viên qua các lần chốt số liệu — chưa đủ tổ chức: 31/3/2026 (2/3)" in titles, titles
    assert "Kết nạp và đưa ra khỏi Đảng trong năm của ngày chốt — chưa đủ tổ chức: 31/3/2026 (2/3)" in titles
    # A stored cut-off that left one out, this run complete: row 3 names the stored one.
    history = tmp_path / "h2.sqlite"
    earlier = _write([as_of(org, EARLIER) for org in ward["orgs"]], tmp_path / "nop2025")
    broken = sorted(earlier.glob("*.xlsx"))[0]
    book = openpyxl.load_workbook(broken)
    book["Đảng viên"]["D3"] = "xyz"
    book.save(broken)
    _outputs(_consolidate(earlier, EARLIER), tmp_path, history)
    _outputs(ward["r26"], tmp_path, history)
    top = str(openpyxl.load_workbook(out)["Xu hướng"]["A3"].value)
    said = f"Lần chốt 31/3/2025 chỉ gồm 2/3 tổ chức. {like} chưa được tổng hợp, không phải biến động thật."
    assert top == said, top
    assert "Đảng viên qua các lần chốt số liệu — chưa đủ tổ chức: 31/3/2025 (2/3)" in _chart_titles(out)
    # Every cut-off complete: as before (these runs have no registry: every file sent is in, and
    # row 3 says that nobody said who should have sent one, fix310).
    history = tmp_path / "h3.sqlite"
    _outputs(ward["r25"], tmp_path, history)
    _outputs(ward["r26"], tmp_path, history)
    assert openpyxl.load_workbook(out)["Xu hướng"]["A3"].value == (
        "Đã tổng hợp số liệu của 3/3 tổ chức đã nộp tệp (không có danh mục để biết tổ chức nào chưa nộp)."
    )
    assert "Đảng viên qua các lần chốt số liệu" in _chart_titles(out)
    assert not [t for t in _texts(out, "Xu hướng") if "Chưa đủ" in t or "không cùng phạm vi" in t]


def test_a_change_reported_late_is_offered_as_the_cause_with_its_rows(ward: dict, tmp_path: Path) -> None:
    """A death dated before the earlier cut-off, reported only now (hunt60 #2): the opening
    rebuilt from this period's file is one less than the earlier run stored. The warning no
    longer points only at rows after that cut-off: it says such a row makes this run's figure
    the right one, offers consolidating the earlier cut-off again, and names the file's change
    rows of the period dated on or before it (the ward's warning refers to the organisation's)."""
    history = tmp_path / "h.sqlite"
    _outputs(ward["r25"], tmp_path, history)
    orgs = copy.deepcopy(ward["orgs"])
    org = orgs[1]
    named = {e["full_name"] for e in org.events}
    gone = next(m for m in org.members if m["full_name"] not in named and m["admission_date"] < PERIOD.start)
    org.members.remove(gone)
    died = next(e for o in orgs for e in o.events if e["event_type"] == "died")
    late = {**died, "full_name": gone["full_name"], "birth_date": gone["birth_date"]}
    late |= {"event_date": dt.date(2025, 3, 10), "was_probationary": None}
    org.events.append(late)
    folder = _write(orgs, tmp_path / "nop")
    result = _consolidate(folder, PERIOD.cutoff)
    summary = _outputs(result, tmp_path, history)
    found = [i for i in summary["issues"] if i["code"] == "form.opening_mismatch"]
    code = org.organisation.org_code
    assert [i["org_code"] for i in found] == [code, None]
    # The file's change rows dated inside the period and on or before 31/3/2025, as written.
    sheet = openpyxl.load_workbook(folder / f"{code}.xlsx")[layout.SHEET_EVENTS]
    column = layout.EVENTS.letter("event_date")
    # The latest dated first (hunt62 #3: the oldest rows were named, a late one hidden by "…").
    dated = [
        (day.date(), r)
        for r in range(2, sheet.max_row + 1)
        if isinstance(day := sheet[f"{column}{r}"].value, dt.datetime)
        and PERIOD.start <= day.date() <= EARLIER
    ]
    rows = [r for _, r in sorted(dated, reverse=True)]
    late_row = next(r for r in rows if sheet[f"B{r}"].value == gone["full_name"])
    assert late_row in rows and len(rows) >= 1, rows
    for issue in found:
        message = issue["message"]
        assert "có thể thiếu hoặc thừa dòng biến động sau ngày 31/03/2025" in message
        assert (
            "Cũng có thể tệp kỳ này có dòng biến động ngày 31/03/2025 trở về trước mà lần tổng hợp "
            "ngày 31/03/2025 chưa có (báo muộn, sửa lại): khi đó số của lần này là số đúng; nếu cần, "
            "hãy tổng hợp lại ngày chốt 31/03/2025."
        ) in message
        assert gone["full_name"] not in message
    shown = ", ".join(str(r) for r in rows[:MAX_NAMED]) + (", …" if len(rows) > MAX_NAMED else "")
    assert (
        f" Tệp có {len(rows)} dòng biến động trong kỳ ghi ngày 31/03/2025 trở về trước, hãy xem lần "
        f"đó đã có chưa: sheet “{layout.SHEET_EVENTS}”, dòng {shown} (ngày gần nhất trước)."
    ) in found[0]["message"], found[0]["message"]
    # Then the rows dated after 31/3/2025, the earliest first (hunt321), where a row extra or
    # dated after it by mistake is.
    after = [
        (day.date(), r)
        for r in range(2, sheet.max_row + 1)
        if isinstance(day := sheet[f"{column}{r}"].value, dt.datetime) and day.date() > EARLIER
    ]
    later = [r for _, r in sorted(after)]
    shown = ", ".join(str(r) for r in later[:MAX_NAMED]) + (", …" if len(later) > MAX_NAMED else "")
    assert found[0]["message"].endswith(
        f" Các dòng biến động ghi ngày sau ngày 31/03/2025 (một dòng ghi nhầm ngày, nếu có, có thể "
        f"là một trong các dòng này): sheet “{layout.SHEET_EVENTS}”, dòng {shown} (ngày sớm nhất trước)."
    ), found[0]["message"]
    assert found[1]["message"].endswith(" Xem cảnh báo của từng tổ chức có số khác.")


def test_the_rows_offered_as_a_late_change_are_the_latest_dated_first() -> None:
    """hunt62 #3: a file's rows of 2020–2025 were named first and the one reported late (dated
    just before the earlier cut-off, written last) hidden behind "…"; hunt64 #3: of one date,
    the row written last comes first."""
    from toolkit.core.model import RollMoves

    moves = RollMoves(
        joins=(),
        leaves=(),
        rows=(
            (dt.date(2020, 5, 1), 2),
            (dt.date(2021, 5, 1), 3),
            (dt.date(2026, 3, 15), 7),
            (dt.date(2026, 3, 15), 4),
            (dt.date(2026, 5, 1), 8),
        ),
    )
    assert moves.rows_through(dt.date(2026, 3, 31)) == [7, 4, 3, 2]
