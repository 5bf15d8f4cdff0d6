"""A ward formed by merging former wards: its `Cùng kỳ năm trước` is the sum of theirs (hunt199 F3).

Two former wards (Phường Đông, Phường Tây) were consolidated at 31/03/2025 by the command line,
each with its JSON summary; their organisations' codes collide (both had S01, S02), as real
wards' did before the new ward renumbered them (the new ward's S03, S04 are the west's). In
2026 they are one ward, “Phường Mới”, whose run needs last year's figures of both. `history
import A.json B.json --merged-ward "Phường Mới"` stores one record of the new ward, the
roll-up's own sum of the two (compared with `ward-stats rollup` of the same files), marked
with the former wards' names; the new ward's forms, report and `Xu hướng` compare with it and
say it is their sum. Imported apart, the two former wards are both named by the run's warning,
which advises the merged import (never the renaming of one, which compared the whole new ward
with one former ward). Real workbooks of the template, real JSON summaries, a real SQLite
history, the command line in this process.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.helpers_history import digest, run_cli
from tests.helpers_sample import sample_orgs
from tests.schema_check import schema_errors
from toolkit.core.model import Registry
from toolkit.history.store import HistoryStore
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.report_files import render_markdown
from toolkit.sample.rows import Period

LAST_YEAR = Period(dt.date(2024, 1, 1), dt.date(2025, 3, 31))
THIS_YEAR = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
EAST, WEST, NEW = "Phường Đông", "Phường Tây", "Phường Mới"
SUM_WORDS = f"tổng số liệu của các phường cũ {EAST} và {WEST}"


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _consolidate(nop: Path, cutoff: str, since: str, name: str, out: Path, *history: Any) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    done = run_cli(
        "consolidate", nop, "--cutoff", cutoff, "--since", since, "--ward-name", name,
        "-o", out.with_suffix(".xlsx"), "--json", out.with_suffix(".json"), *(history or ["--no-history"]),
    )  # fmt: skip
    assert done.exit_code in (0, 1), done.output


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The former wards' JSON summaries of 31/03/2025 (codes S01, S02 in both), one of another
    cut-off, and the new ward's submissions folder of 2026 (its organisations renumbered)."""
    tmp = tmp_path_factory.mktemp("merged_ward")
    out: dict[str, Path] = {}
    for seed, name, sizes in ((61, EAST, [11, 8]), (62, WEST, [9, 7])):
        nop = tmp / f"nop_{seed}"
        nop.mkdir()
        for org in sample_orgs(seed, sizes, LAST_YEAR, prefix="S"):
            org.write(nop / f"{org.organisation.org_code}.xlsx")
        _consolidate(nop, "31/03/2025", "01/01/2024", name, tmp / f"{seed}" / "tong_hop.json")
        out[name] = tmp / f"{seed}" / "tong_hop.json"
        # The same ward at another cut-off: not to be summed with the other's 31/03/2025.
        q2 = tmp / f"nop_{seed}_q2"
        q2.mkdir()
        for org in sample_orgs(seed, sizes, Period(LAST_YEAR.start, dt.date(2025, 6, 30)), prefix="S"):
            org.write(q2 / f"{org.organisation.org_code}.xlsx")
        _consolidate(q2, "30/06/2025", "01/01/2024", name, tmp / f"{seed}_q2" / "tong_hop.json")
        out[f"{name} Q2"] = tmp / f"{seed}_q2" / "tong_hop.json"
    # The new ward: the east's organisations under their codes S01, S02, the west's renumbered
    # S03, S04.
    new = tmp / "nop_moi"
    new.mkdir()
    for org in sample_orgs(63, [12, 8, 9, 7], THIS_YEAR, prefix="S"):
        org.write(new / f"{org.organisation.org_code}.xlsx")
    out["new"] = new
    return out


def _merged_import(files: dict[str, Path], history: Path, *paths: Path) -> str:
    done = run_cli(
        "history",
        "import",
        *(paths or (files[EAST], files[WEST])),
        "--merged-ward",
        NEW,
        "--history",
        history,
    )
    assert done.exit_code == 0, done.output
    return done.output


def _run_new_ward(files: dict[str, Path], history: Path, out: Path) -> dict[str, Any]:
    _consolidate(files["new"], "31/03/2026", "01/01/2025", NEW, out, "--history", history)
    return _load(out.with_suffix(".json"))


def _sheet_texts(workbook: Path, sheet: str) -> list[str]:
    ws = openpyxl.load_workbook(workbook, read_only=True)[sheet]
    return [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]


def test_the_merged_import_stores_the_roll_up_s_sum_as_the_new_ward_s_record(
    files: dict[str, Path], tmp_path: Path
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    said = _merged_import(files, history)
    assert f"là {SUM_WORDS}" in said
    (record,) = HistoryStore(history).records()
    assert record.ward_name == NEW and record.merged_from == (EAST, WEST)
    assert record.cutoff_date == dt.date(2025, 3, 31) and record.form_period == (
        dt.date(2025, 1, 1),
        dt.date(2025, 3, 31),
    )
    assert record.organisations == ()  # the former wards' codes collide: none kept
    # The roll-up's own sum of the same files, means and rates recomputed from the sums.
    done = run_cli(
        "rollup", files[EAST], files[WEST], "-o", tmp_path / "tp.xlsx", "--json", tmp_path / "tp.json",
        "--name", "Thành phố Thử",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert record.indicators == _load(tmp_path / "tp.json")["indicators"]
    east, west = (_load(files[w])["indicators"] for w in (EAST, WEST))
    assert record.indicators["members.total"] == east["members.total"] + west["members.total"]
    # Imported again: said as there, not added twice.
    again = run_cli("history", "import", files[WEST], files[EAST], "--merged-ward", NEW, "--history", history)
    assert again.exit_code == 0 and "đã có trong lịch sử (số 1)" in again.output, again.output
    assert len(HistoryStore(history).records()) == 1


def test_the_new_ward_s_forms_report_and_trend_say_last_year_is_the_former_wards_sum(
    files: dict[str, Path], tmp_path: Path
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _merged_import(files, history)
    summary = _run_new_ward(files, history, tmp_path / "moi" / "th.json")
    east, west = (_load(files[w])["indicators"] for w in (EAST, WEST))
    total_then = east["members.total"] + west["members.total"]
    assert summary["previous"]["indicators"]["members.total"] == total_then
    assert summary["previous"]["merged_from"] == [EAST, WEST]
    assert schema_errors(summary) == []  # docs/schema/ names `previous.merged_from` (review246)
    codes = {i["code"] for i in summary["issues"]}
    assert not codes & {
        "history.other_ward_name",
        "history.other_ward_names",
        "history.previous_orgs_changed",
    }
    workbook = tmp_path / "moi" / "th.xlsx"
    biểu_1 = _sheet_texts(workbook, "Biểu 1-BTCTW")
    note = f"Cột “Cùng kỳ năm trước” là {SUM_WORDS} (nay hợp nhất thành phường này), kỳ 01/01/2025–31/3/2025."
    assert any(note in text for text in biểu_1), biểu_1[-8:]
    ws = openpyxl.load_workbook(workbook, read_only=True)["Biểu 1-BTCTW"]
    line_d = next(r for r in ws.iter_rows(values_only=True) if str(r[0]).startswith("D. "))
    assert line_d[2] == total_then  # the column holds the sum at last year's cut-off
    trend = " ".join(_sheet_texts(workbook, "Xu hướng"))
    assert f"Số liệu ngày chốt 31/3/2025 là {SUM_WORDS} (nay hợp nhất thành phường này)." in trend
    report = run_cli("report", tmp_path / "moi" / "th.json", "-o", tmp_path / "bc.md")
    assert report.exit_code == 0, report.output
    text = (tmp_path / "bc.md").read_text(encoding="utf-8")
    assert (
        f"So với cùng kỳ năm trước (số liệu đến ngày 31/3/2025, là {SUM_WORDS}, nay hợp nhất thành "
        "phường này), tổng số đảng viên là"
    ) in text


def test_former_wards_imported_apart_are_all_named_and_the_sum_advised(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    for ward in (EAST, WEST):
        assert run_cli("history", "import", files[ward], "--history", history).exit_code == 0
    summary = _run_new_ward(files, history, tmp_path / "moi" / "th.json")
    assert summary["previous"] is None
    found = [i for i in summary["issues"] if i["code"].startswith("history.other_ward")]
    assert [i["code"] for i in found] == ["history.other_ward_names"], found
    message = found[0]["message"]
    assert f"của 2 phường khác: “{WEST}” (lần số 2" in message and f"“{EAST}” (lần số 1" in message
    assert "rename-ward" not in message and "--merged-ward" in message
    # The advice, followed as printed, in one folder: the run then compares with the sum.
    commands = re.findall(r"“([^”]*(?:export|import)[^”]*)”", message)
    assert len(commands) == 3, commands
    work = tmp_path / "lam"
    work.mkdir()
    monkeypatch.chdir(work)
    for command in commands:
        words = shlex.split(command)
        done = run_cli(*words[words.index("history") :])
        assert done.exit_code == 0, done.output
    again = _run_new_ward(files, history, tmp_path / "moi2" / "th.json")
    east, west = (_load(files[w])["indicators"] for w in (EAST, WEST))
    assert again["previous"]["indicators"]["members.total"] == east["members.total"] + west["members.total"]
    assert sorted(again["previous"]["merged_from"]) == sorted([EAST, WEST])


@pytest.mark.parametrize(
    ("pick", "said"),
    [
        (lambda f: [f[EAST], f[EAST]], f"cùng là số liệu của “{EAST}”"),
        (lambda f: [f[EAST], f[f"{WEST} Q2"]], "có ngày chốt 30/06/2025"),
        (lambda f: [f[EAST]], "cần tệp JSON số liệu của ít nhất hai phường cũ"),
        (lambda f: [f[EAST], f[f"{EAST} Q2"]], f"cùng là số liệu của “{EAST}”"),
    ],
)
def test_what_cannot_be_summed_is_refused_and_nothing_is_added(
    files: dict[str, Path], tmp_path: Path, pick: Any, said: str
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    done = run_cli("history", "import", *pick(files), "--merged-ward", NEW, "--history", history)
    assert done.exit_code == 2, done.output
    assert done.output.startswith("Lỗi: Không thêm vào lịch sử: ") and said in done.output, done.output
    assert "Lịch sử được giữ nguyên." in done.output
    assert not history.exists()


def test_a_roll_up_and_two_files_without_the_option_are_refused(
    files: dict[str, Path], tmp_path: Path
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    done = run_cli("history", "import", files[EAST], files[WEST], "--history", history)
    assert done.exit_code == 2 and "--merged-ward" in done.output, done.output
    assert run_cli(
        "rollup", files[EAST], files[WEST], "-o", tmp_path / "tp.xlsx", "--json", tmp_path / "tp.json",
        "--name", "Thành phố Thử",
    ).exit_code == 0  # fmt: skip
    for paths in ([tmp_path / "tp.json", files[WEST]], [tmp_path / "tp.json"]):
        done = run_cli("history", "import", *paths, "--merged-ward", NEW, "--history", history)
        assert done.exit_code == 2 and "Không thêm vào lịch sử" in done.output, done.output
    assert not history.exists()


def test_list_show_export_and_remove_know_the_merged_record(files: dict[str, Path], tmp_path: Path) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _merged_import(files, history)
    listed = run_cli("history", "list", "--history", history).output
    assert f"{NEW}" in listed and f"tổng của các phường cũ {EAST} và {WEST} (nhập từ tệp JSON)" in listed
    shown = run_cli("history", "show", "1", "--history", history).output
    assert f"Phường hợp nhất từ các phường cũ {EAST} và {WEST}: số liệu là tổng số liệu" in shown
    # The former wards both ran without a registry (fix310): section A's base is the files
    # sent alone, as the roll-up of their summaries says it (fix386).
    assert "trên cơ sở tổ chức đã nộp tệp: 4)" in shown and "hoặc đã nộp tệp" not in shown, shown
    export = tmp_path / "xuat.json"
    assert run_cli("history", "export", "1", "--json", export, "--history", history).exit_code == 0
    assert _load(export)["merged_from"] == [EAST, WEST] and _load(export)["ward_name"] == NEW
    assert _load(files[EAST])["registry_used"] is False and _load(export)["registry_used"] is False
    assert schema_errors(_load(export)) == []  # and the export's `merged_from` (review246)
    # Imported elsewhere, the export is the same merged record.
    other = tmp_path / "khac.sqlite"
    assert run_cli("history", "import", export, "--history", other).exit_code == 0
    (copy,) = HistoryStore(other).records()
    assert (
        copy.merged_from == (EAST, WEST) and copy.indicators == HistoryStore(history).records()[0].indicators
    )
    assert copy.registry_used is False
    removed = run_cli("history", "remove", "1", "--yes", "--history", history)
    assert removed.exit_code == 0, removed.output
    assert HistoryStore(history).records() == []
    # Its copy kept in `lich_su_da_xoa` brings it back whole, merged as it was.
    (kept,) = (tmp_path / "lich_su_da_xoa").glob("lan_*.json")
    assert schema_errors(_load(kept)) == []
    assert run_cli("history", "import", kept, "--history", history).exit_code == 0
    (back,) = HistoryStore(history).records()
    assert back.id == 1 and back.merged_from == (EAST, WEST) and back.ward_name == NEW
    conn = sqlite3.connect(history)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 9
        (stored,) = conn.execute("SELECT merged_from FROM consolidation").fetchone()
        assert json.loads(stored) == [EAST, WEST]
        assert [r[1] for r in conn.execute("PRAGMA table_info(consolidation)")][-3:] == [
            "merged_from",  # schema version 7
            "registry_used",  # schema version 8
            "registry_none",  # schema version 9
        ]
    finally:
        conn.close()


def test_a_history_of_schema_6_takes_the_merged_record_and_keeps_its_own(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """A history file of the version before (schema 6: no `merged_from`) is migrated by the merged
    import in its transaction; its own record stays an ordinary one (NULL: not merged)."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    assert run_cli("history", "import", files[f"{EAST} Q2"], "--history", history).exit_code == 0
    conn = sqlite3.connect(history)  # back to the file schema version 6 wrote
    conn.execute("ALTER TABLE consolidation DROP COLUMN merged_from")
    conn.execute("ALTER TABLE consolidation DROP COLUMN registry_used")
    conn.execute("ALTER TABLE consolidation DROP COLUMN registry_none")
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    assert [r.merged_from for r in HistoryStore(history).records()] == [None]
    _merged_import(files, history)
    by_ward = {r.ward_name: r for r in HistoryStore(history).records()}
    assert by_ward[EAST].merged_from is None and by_ward[NEW].merged_from == (EAST, WEST)
    conn = sqlite3.connect(history)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 9
    finally:
        conn.close()


def test_a_former_ward_renamed_to_the_new_name_is_not_compared_as_the_whole_unsaid(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The advice before: one former ward renamed to the new name. Its record is the new ward's
    own then, and was compared with “không cần sửa gì”; now the run says it may be one former
    ward only, names the other, and its commands give the sum."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    for ward in (EAST, WEST):
        assert run_cli("history", "import", files[ward], "--history", history).exit_code == 0
    renamed = run_cli("history", "rename-ward", EAST, NEW, "--yes", "--history", history)
    assert renamed.exit_code == 0, renamed.output
    summary = _run_new_ward(files, history, tmp_path / "moi" / "th.json")
    east, west = (_load(files[w])["indicators"] for w in (EAST, WEST))
    assert summary["previous"]["indicators"]["members.total"] == east["members.total"]
    found = {i["code"]: i["message"] for i in summary["issues"] if i["code"].startswith("history.")}
    assert "history.previous_orgs_changed" not in found, found
    message = found["history.previous_one_former_ward"]
    assert f"“{WEST}” (lần số 2)" in message and "chỉ là số liệu của phường cũ đó" in message
    commands = re.findall(r"“([^”]*(?:export|import)[^”]*)”", message)
    assert len(commands) == 3, commands
    work = tmp_path / "lam"
    work.mkdir()
    monkeypatch.chdir(work)
    for command in commands:
        words = shlex.split(command)
        done = run_cli(*words[words.index("history") :])
        assert done.exit_code == 0, done.output
    again = _run_new_ward(files, history, tmp_path / "moi2" / "th.json")
    assert again["previous"]["indicators"]["members.total"] == east["members.total"] + west["members.total"]
    assert again["previous"]["merged_from"] == [f"{NEW} (trước khi hợp nhất)", WEST]
    assert not {i["code"] for i in again["issues"]} & {
        "history.previous_one_former_ward",
        "history.previous_orgs_changed",
    }


def test_a_ward_renamed_once_beside_another_ward_with_alike_codes_keeps_the_renaming_advice(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """review203: one history file holds two wards whose organisations' codes and names are alike
    (as generic ones are: “Chi bộ Quân sự phường”); one of them, renamed, runs with none of the
    organisations it had not. It is that ward renamed, not a merger of both: the warning is the
    renaming one, never the advice to sum both wards (which would count another ward's members)."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    for ward in (EAST, WEST):
        assert run_cli("history", "import", files[ward], "--history", history).exit_code == 0
    nop = tmp_path / "nop_doi_ten"
    nop.mkdir()
    for org in sample_orgs(64, [11, 8], THIS_YEAR, prefix="S"):  # S01, S02: no organisation added
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    out = tmp_path / "doi_ten" / "th.json"
    _consolidate(nop, "31/03/2026", "01/01/2025", "Phường Đông Mới", out, "--history", history)
    found = [i for i in _load(out)["issues"] if i["code"].startswith("history.other_ward")]
    assert [i["code"] for i in found] == ["history.other_ward_name"], found
    assert "rename-ward" in found[0]["message"] and "--merged-ward" not in found[0]["message"]


def test_the_roll_up_s_warnings_at_the_merged_import_name_their_file(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """review203: the roll-up's warnings say "Tệp này …" (this file); printed by the merged import
    without their file, which former ward's summary was meant was not said."""
    output = _merged_import(files, tmp_path / "lich_su_tong_hop.sqlite")
    noted = [line for line in output.splitlines() if line.startswith("Lưu ý")]
    assert any("Tệp này và tệp" in line for line in noted), output
    for line in noted:
        assert re.match(r"Lưu ý \(tệp “[^”]*tong_hop\.json”\): ", line), line


def test_former_wards_summaries_without_run_ids_of_two_cut_offs_are_two_records(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """review203: the merged record's run id was made of the former runs' ids and the new name
    only; summaries without a run id (an older tool's) of another cut-off then had the same id,
    and their sum was refused as already in the history."""
    plain: dict[str, Path] = {}
    for key in (EAST, WEST, f"{EAST} Q2", f"{WEST} Q2"):
        data = _load(files[key])
        del data["run_id"]
        plain[key] = tmp_path / f"{len(plain)}.json"
        plain[key].write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _merged_import(files, history, plain[EAST], plain[WEST])
    _merged_import(files, history, plain[f"{EAST} Q2"], plain[f"{WEST} Q2"])
    records = HistoryStore(history).records()
    assert sorted(str(r.cutoff_date) for r in records) == ["2025-03-31", "2025-06-30"]
    # The same pair again is still said as there, and adds nothing.
    again = _merged_import(files, history, plain[EAST], plain[WEST])
    assert "đã có trong lịch sử" in again and len(HistoryStore(history).records()) == 2


@pytest.fixture(scope="module")
def other_ward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The JSON summary at 31/03/2025 of another, bigger ward (110 members) whose organisations'
    codes and names are the east's (S01, S02), as generic ones are alike (“Chi bộ Quân sự
    phường”)."""
    tmp = tmp_path_factory.mktemp("other_ward")
    nop = tmp / "nop"
    nop.mkdir()
    for org in sample_orgs(65, [60, 50], LAST_YEAR, prefix="S"):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    _consolidate(nop, "31/03/2025", "01/01/2024", "Phường Khác", tmp / "th.json")
    return tmp / "th.json"


def _one_new_chi_bo(files: dict[str, Path], other_ward: Path, tmp_path: Path, name: str) -> dict[str, Any]:
    """The east's history, then the other ward's (stored later), and a run of 2026 under `name`
    of the east's organisations and one new chi bộ of 5 members (S03)."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    for summary in (files[EAST], other_ward):
        assert run_cli("history", "import", summary, "--history", history).exit_code == 0
    nop = tmp_path / "nop_them_chi_bo"
    nop.mkdir()
    for org in sample_orgs(66, [11, 8, 5], THIS_YEAR, prefix="S"):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    out = tmp_path / "them" / "th.json"
    _consolidate(nop, "31/03/2026", "01/01/2025", name, out, "--history", history)
    return _load(out)


def test_a_ward_that_gained_one_chi_bo_beside_a_bigger_ward_with_alike_codes_is_no_merger(
    files: dict[str, Path], other_ward: Path, tmp_path: Path
) -> None:
    """review203 R1: the east runs in 2026 with one new chi bộ (5 members); the history file also
    holds another ward of 110 members with the east's codes and names. The new chi bộ is no
    former ward of that size: the organisations changed are said, not a merger, and no command
    that would add the other ward's members to the east's last year."""
    summary = _one_new_chi_bo(files, other_ward, tmp_path, EAST)
    found = {i["code"]: i["message"] for i in summary["issues"] if i["code"].startswith("history.")}
    assert "history.previous_one_former_ward" not in found, found
    assert "thêm 1 tổ chức (S03)" in found["history.previous_orgs_changed"]
    assert not any("--merged-ward" in message for message in found.values())


def test_a_renamed_ward_that_gained_one_chi_bo_gets_the_renaming_advice_for_itself(
    files: dict[str, Path], other_ward: Path, tmp_path: Path
) -> None:
    """review203 R1 with F1: the east, renamed, runs with one new chi bộ. It is the east renamed:
    the renaming advice, of the east (not of the other ward, stored later, which shares as many
    codes), never the advice to sum both wards."""
    summary = _one_new_chi_bo(files, other_ward, tmp_path, "Phường Đông Mới")
    found = [i for i in summary["issues"] if i["code"].startswith("history.other_ward")]
    assert [i["code"] for i in found] == ["history.other_ward_name"], found
    message = found[0]["message"]
    assert f'history rename-ward "{EAST}" "Phường Đông Mới"' in message, message
    assert "--merged-ward" not in message and "Phường Khác" not in message


def test_the_opening_check_after_the_merged_record_names_the_former_wards(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """review203 R4: the new ward's roll at 31/03/2025 rebuilt from its files differs from the
    former wards' sum. The warning said the record was like a summary imported without its
    organisations; it is the former wards' sum, named, and a former ward moved only partly into
    this ward makes such a difference expected."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _merged_import(files, history)
    summary = _run_new_ward(files, history, tmp_path / "moi" / "th.json")
    east, west = (_load(files[w])["indicators"] for w in (EAST, WEST))
    then = east["members.total"] + west["members.total"]
    (issue,) = [i for i in summary["issues"] if i["code"] == "form.ward_opening_no_org_figures"]
    message = issue["message"]
    assert (
        "lần tổng hợp ngày 31/03/2025 (lần số 1 trong lịch sử tổng hợp) "
        f"ghi {then}, cả hai lần đều đủ các tổ chức." in message
    )
    assert (
        f"Lần tổng hợp đó trong lịch sử là {SUM_WORDS} (nay hợp nhất thành phường này), không có số "
        "của từng tổ chức, nên không so được từng tổ chức"
    ) in message, message
    assert message.endswith(
        "Nếu có phường cũ chỉ nhập một phần vào phường này (hoặc phường này còn nhận thêm một phần "
        "của phường, xã khác) thì chênh lệch có thể là do đó: phần chênh lệch ấy không cần sửa."
    ), message
    # Only what such a move explains needs no fix: the files are still to be checked (review207).
    assert "chênh lệch là do đó" not in message
    assert "tệp tóm tắt JSON" not in message


def test_history_show_says_what_a_merged_or_imported_record_was_read_from(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """review203: `history show` of a merged record said "Công cụ: ward-stats ?" and counted the
    former wards' JSON summaries as files of template 2026.2. It says they are summaries and
    that the tool is not known; a plain import says the tool of its summary, or "không rõ"."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _merged_import(files, history)
    east = _load(files[EAST])
    plain = dict(east)
    for key in ("tool_version", "template_version", "sources", "run_id"):
        del plain[key]
    old = tmp_path / "phien_ban_cu.json"
    old.write_text(json.dumps(plain, ensure_ascii=False), encoding="utf-8")
    for summary in (files[f"{EAST} Q2"], old):
        assert run_cli("history", "import", summary, "--history", history).exit_code == 0
    merged, imported, older = (
        [
            line.strip()
            for line in run_cli("history", "show", str(n), "--history", history).output.splitlines()
        ]
        for n in (1, 2, 3)
    )
    assert (
        "Phiên bản mẫu của các tệp: không có (các tệp đã đọc là tệp tóm tắt JSON của các phường cũ, "
        "không phải tệp của các tổ chức)."
    ) in merged, merged
    assert (
        f"Công cụ đã tổng hợp các phường cũ: không rõ (mẫu của công cụ khi đó: {east['template_version']})."
        in merged
    )
    assert not any(line.startswith(("Công cụ: ward-stats", "Chạy lúc")) or "?" in line for line in merged)
    assert any(line.startswith("Cộng số liệu lúc: ") for line in merged)
    assert any(line.endswith("tệp đã đọc: 2 (tệp tóm tắt JSON của các phường cũ).") for line in merged)
    # A plain import: the run the summary is of, its own files and tool.
    q2 = _load(files[f"{EAST} Q2"])
    versions = sorted({s["template_version"] for s in q2["sources"]})
    assert f"Phiên bản mẫu của các tệp: {versions[0]} ({len(q2['sources'])} tệp)." in imported, imported
    assert (
        f"Công cụ: ward-stats {q2['tool_version']} (mẫu của công cụ khi chạy: {q2['template_version']})."
        in imported
    )
    # An older tool's summary without them: not known, said so.
    assert "Công cụ: không rõ (mẫu của công cụ khi chạy: không rõ)." in older, older
    assert "Phiên bản mẫu của các tệp: không rõ (lịch sử không có danh sách tệp của lần này)." in older
    assert any(line.endswith("tệp đã đọc: không rõ.") for line in older), older
    assert not any("?" in line for line in older)


def test_a_partial_merged_record_after_the_whole_one_leaves_the_opening_check_to_it(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """review208 (hunt206 F1 with review203 R4, e341e6b): a merged record can be a partial record
    after the whole one. The former wards' sum of 30/06/2025, when the east had one chi bộ's file
    only (1 of its 2 in its registry), is partial; the sum of 31/03/2025 is whole. The new ward's
    files list their changes from 01/01/2025, so both are inside its period: the whole one is
    the opening record, and the partial one is used beside it. It has no figure per organisation
    and is partial, so nothing can be checked against it: the run says what it said against the
    whole merged record alone, once, naming the former wards, and nothing of 30/06/2025."""
    east_registry = write_registry(
        Registry([o.organisation for o in sample_orgs(61, [11, 8], LAST_YEAR, prefix="S")]),
        tmp_path / "danh_muc_dong.xlsx",
    )
    nop = tmp_path / "dong_q2"
    nop.mkdir()
    (s01, _s02) = sample_orgs(61, [11, 8], Period(LAST_YEAR.start, dt.date(2025, 6, 30)), prefix="S")
    s01.write(nop / "S01.xlsx")
    east_q2 = tmp_path / "dong_q2_out" / "tong_hop.json"
    _consolidate(nop, "30/06/2025", "01/01/2024", EAST, east_q2, "--no-history", "--registry", east_registry)
    assert _load(east_q2)["indicators"]["orgs.consolidated"] == 1
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _merged_import(files, history)
    _merged_import(files, history, east_q2, files[f"{WEST} Q2"])
    whole, near = sorted(HistoryStore(history).records(), key=lambda r: r.cutoff_date)
    assert near.merged_from == (EAST, WEST) and near.cutoff_date == dt.date(2025, 6, 30)
    assert near.indicators["orgs.consolidated"] < near.indicators["orgs.registered"]  # partial
    summary = _run_new_ward(files, history, tmp_path / "moi" / "th.json")
    opening = [i for i in summary["issues"] if i["code"].startswith("form.") and "opening" in i["code"]]
    assert [i["code"] for i in opening] == ["form.ward_opening_no_org_figures"], opening
    message = opening[0]["message"]
    assert (
        "lần tổng hợp ngày 31/03/2025 (lần số 1 trong lịch sử tổng hợp) ghi" in message
        and SUM_WORDS in message
    ), message
    assert not [i for i in summary["issues"] if "30/06/2025" in i["message"]], summary["issues"]


def _beside_a_third_ward(files: dict[str, Path], tmp_path: Path) -> Path:
    """A history of the east, the west and a third ward of one chi bộ of 20 members (S01)."""
    third = tmp_path / "nop_ben"
    third.mkdir()
    for org in sample_orgs(67, [20], LAST_YEAR, prefix="S"):
        org.write(third / f"{org.organisation.org_code}.xlsx")
    _consolidate(third, "31/03/2025", "01/01/2024", "Phường Bên", tmp_path / "ben" / "th.json")
    history = tmp_path / "lich_su_tong_hop.sqlite"
    for summary in (files[EAST], files[WEST], tmp_path / "ben" / "th.json"):
        assert run_cli("history", "import", summary, "--history", history).exit_code == 0
    return history


def test_a_merger_beside_a_third_ward_with_alike_codes_names_the_former_wards_alone(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """review207: the two former wards imported apart, and a third ward of 31/03/2025 in the same
    history file, of one chi bộ of 20 members whose code and name are the east's first (S01, as
    generic ones are alike). The organisations the new ward has beyond the east are the west's
    size, not the west's and the third's together: the merger is still said (the sum of all
    three failed the size test, and renaming the east was advised, comparing the whole new ward
    with one former ward: hunt199 F3 again), and only the east and the west are named and summed
    (never the third ward's members)."""
    history = _beside_a_third_ward(files, tmp_path)
    summary = _run_new_ward(files, history, tmp_path / "moi" / "th.json")
    found = [i for i in summary["issues"] if i["code"].startswith("history.other_ward")]
    assert [i["code"] for i in found] == ["history.other_ward_names"], found
    message = found[0]["message"]
    assert "của 2 phường khác: " in message and f"“{WEST}” (lần số 2" in message, message
    assert f"“{EAST}” (lần số 1" in message and "Phường Bên" not in message, message
    assert "rename-ward" not in message
    (command,) = [c for c in re.findall(r"“([^”]*--merged-ward[^”]*)”", message)]
    assert command.count("phuong_cu_") == 2, command


def test_a_former_ward_renamed_beside_a_third_ward_with_alike_codes_names_the_other_former_alone(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """review207, the east renamed to the new name (the advice before): the run's own record of
    last year is one former ward; the west alone is named beside it, never the third ward."""
    history = _beside_a_third_ward(files, tmp_path)
    renamed = run_cli("history", "rename-ward", EAST, NEW, "--yes", "--history", history)
    assert renamed.exit_code == 0, renamed.output
    summary = _run_new_ward(files, history, tmp_path / "moi" / "th.json")
    found = {i["code"]: i["message"] for i in summary["issues"] if i["code"].startswith("history.")}
    message = found["history.previous_one_former_ward"]
    assert f"“{WEST}” (lần số 2)" in message and "Phường Bên" not in message, message
    (command,) = [c for c in re.findall(r"“([^”]*--merged-ward[^”]*)”", message)]
    assert command.count("phuong_cu_") == 2, command


def test_a_renamed_ward_beside_a_bigger_ward_with_alike_codes_gets_the_renaming_advice_for_itself(
    files: dict[str, Path], other_ward: Path, tmp_path: Path
) -> None:
    """review207 L1: the east, renamed, runs with its own organisations only (no newcomer); the
    history file also holds another ward of 110 members, stored later, with the east's codes and
    names. The renaming advice named the record stored latest, the other ward, whose records
    following it would have moved; it names the ward this run continues, as a merger's does
    (most organisations shared, then nearest in size, then latest): the east."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    for summary in (files[EAST], other_ward):
        assert run_cli("history", "import", summary, "--history", history).exit_code == 0
    nop = tmp_path / "nop_doi_ten"
    nop.mkdir()
    for org in sample_orgs(67, [11, 8], THIS_YEAR, prefix="S"):  # S01, S02: the east's size
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    out = tmp_path / "doi_ten" / "th.json"
    _consolidate(nop, "31/03/2026", "01/01/2025", "Phường Đông Mới", out, "--history", history)
    summary = _load(out)
    found = [i for i in summary["issues"] if i["code"].startswith("history.other_ward")]
    assert [i["code"] for i in found] == ["history.other_ward_name"], found
    message = found[0]["message"]
    assert f'history rename-ward "{EAST}" "Phường Đông Mới"' in message, message
    assert "Phường Khác" not in json.dumps(summary, ensure_ascii=False)


def _shown_section_a(history: Path, number: int) -> str:
    shown = run_cli("history", "show", str(number), "--history", history)
    assert shown.exit_code == 0, shown.output
    return shown.output.split("A. TỔ CHỨC ĐẢNG")[1].split("B. ĐẢNG VIÊN")[0]


def _stored_registry(history: Path) -> list[tuple[int, int | None, int | None]]:
    conn = sqlite3.connect(history)
    try:
        return conn.execute(
            "SELECT id, registry_used, registry_none FROM consolidation ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def _report_bases(summary: dict[str, Any]) -> set[str]:
    """The words of section A's bases in the report of a summary ("| tổ chức … (4) |")."""
    return set(re.findall(r"\| (tổ chức [^|(]+) \(4\) \|", render_markdown(summary)))


SENT = "tổ chức đã nộp tệp"
SOME_SENT = "tổ chức trong danh mục hoặc đã nộp tệp"


def test_a_merged_ward_none_of_whose_former_wards_had_a_registry_names_the_files_sent_alone(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """fix386 (fix342 §4): both former wards ran without a registry. Their roll-up says
    `registry_none` and names section A's base "tổ chức đã nộp tệp"; the merged record kept
    `registry_used` alone, so `history show`, its export and the export's report said "trong
    danh mục hoặc đã nộp tệp". Schema 9 stores it (1), the export writes it, an import of the
    export elsewhere takes it back."""
    assert run_cli(
        "rollup", files[EAST], files[WEST], "-o", tmp_path / "tp.xlsx", "--json", tmp_path / "tp.json",
        "--name", "Thành phố Thử",
    ).exit_code == 0  # fmt: skip
    rolled = _load(tmp_path / "tp.json")
    assert rolled["registry_used"] is False and rolled["registry_none"] is True
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _merged_import(files, history)
    section_a = _shown_section_a(history, 1)
    assert "\n  Tổng số tổ chức đảng trực thuộc đã nộp tệp: 4\n" in section_a, section_a
    assert set(re.findall(r"trên cơ sở ([^:]+): \d+\)", section_a)) == {SENT}, section_a
    assert "hoặc" not in section_a, section_a
    assert _stored_registry(history) == [(1, 0, 1)]
    export = tmp_path / "xuat.json"
    assert run_cli("history", "export", "1", "--json", export, "--history", history).exit_code == 0
    exported = _load(export)
    assert exported["registry_used"] is False and exported["registry_none"] is True
    assert schema_errors(exported) == []
    assert _report_bases(exported) == _report_bases(rolled) == {SENT}
    other = tmp_path / "khac.sqlite"
    assert run_cli("history", "import", export, "--history", other).exit_code == 0
    assert _stored_registry(other) == [(1, 0, 1)]
    assert _shown_section_a(other, 1) == section_a


def test_a_merged_ward_some_of_whose_former_wards_had_a_registry_names_both_bases(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """The east ran with its registry, the west without: as their roll-up, the merged record
    names both bases, stores no `registry_none` (NULL) and its export writes none."""
    east_registry = write_registry(
        Registry([o.organisation for o in sample_orgs(61, [11, 8], LAST_YEAR, prefix="S")]),
        tmp_path / "danh_muc_dong.xlsx",
    )
    nop = tmp_path / "dong"
    nop.mkdir()
    for org in sample_orgs(61, [11, 8], LAST_YEAR, prefix="S"):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    east = tmp_path / "dong_out" / "tong_hop.json"
    _consolidate(nop, "31/03/2025", "01/01/2024", EAST, east, "--no-history", "--registry", east_registry)
    assert _load(east)["registry_used"] is True
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _merged_import(files, history, east, files[WEST])
    assert _stored_registry(history) == [(1, 0, None)]
    section_a = _shown_section_a(history, 1)
    assert set(re.findall(r"trên cơ sở ([^:]+): \d+\)", section_a)) == {SOME_SENT}, section_a
    export = tmp_path / "xuat.json"
    assert run_cli("history", "export", "1", "--json", export, "--history", history).exit_code == 0
    exported = _load(export)
    assert exported["registry_used"] is False and "registry_none" not in exported
    assert _report_bases(exported) == {SOME_SENT}


def test_a_history_of_schema_8_opens_shows_its_merged_record_as_before_and_migrates(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """A file schema version 8 wrote (no `registry_none`): its merged record of two wards
    without a registry reads as before (both bases: not known), its export has no
    `registry_none`, reading migrates nothing; the next import migrates the file to 9, keeps
    that record as it was (NULL) and stores the new merged record's 1."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _merged_import(files, history)
    conn = sqlite3.connect(history)  # back to the file schema version 8 wrote
    conn.execute("ALTER TABLE consolidation DROP COLUMN registry_none")
    conn.execute("PRAGMA user_version = 8")
    conn.commit()
    conn.close()
    before = digest(history)
    old_section_a = _shown_section_a(history, 1)
    assert set(re.findall(r"trên cơ sở ([^:]+): \d+\)", old_section_a)) == {SOME_SENT}, old_section_a
    assert (
        run_cli("history", "export", "1", "--json", tmp_path / "cu.json", "--history", history).exit_code == 0
    )
    old = _load(tmp_path / "cu.json")
    assert old["registry_used"] is False and "registry_none" not in old
    assert _report_bases(old) == {SOME_SENT}
    assert (HistoryStore(history).records()[0]).registry_none is False
    assert digest(history) == before  # reading migrates nothing

    _merged_import(files, history, files[f"{EAST} Q2"], files[f"{WEST} Q2"])
    conn = sqlite3.connect(history)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 9
    finally:
        conn.close()
    assert _stored_registry(history) == [(1, 0, None), (2, 0, 1)]
    assert _shown_section_a(history, 1) == old_section_a
    assert set(re.findall(r"trên cơ sở ([^:]+): \d+\)", _shown_section_a(history, 2))) == {SENT}
    assert (
        run_cli("history", "export", "1", "--json", tmp_path / "cu_lai.json", "--history", history).exit_code
        == 0
    )
    assert _load(tmp_path / "cu_lai.json") == old


def test_a_stored_registry_none_other_than_0_or_1_makes_the_record_damaged(
    files: dict[str, Path], tmp_path: Path
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _merged_import(files, history)
    conn = sqlite3.connect(history)
    conn.execute("UPDATE consolidation SET registry_none = 'có' WHERE id = 1")
    conn.commit()
    conn.close()
    shown = run_cli("history", "show", "1", "--history", history)
    assert shown.exit_code == 2 and "bị hỏng" in shown.output and "Traceback" not in shown.output, (
        shown.output
    )
