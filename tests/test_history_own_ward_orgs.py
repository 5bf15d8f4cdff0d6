"""Last year's record (and a trend point) carrying this run's own ward name is the ward's own,
whatever its organisation codes (hunt107 F3/F4): a ward that renumbered every organisation (a
merger), or whose chi bộ was dissolved or renumbered, compares its Đảng bộ with last year's
as it is. No "không cùng phạm vi" note on the forms and report, no advice to delete the record:
one neutral warning (`history.previous_orgs_changed`) names the organisations added and gone.
A record without a name, or of another name, keeps the organisation test
(test_history_previous_other_orgs, test_history_trend_scope).

Real generated workbooks, a real history file, the CLI through click's CliRunner."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.helpers_history import recoded as _recoded
from tests.helpers_history import run_cli
from tests.helpers_history import write_orgs as _write
from tests.helpers_sample import sample_orgs
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
EARLIER = dt.date(2025, 3, 31)
MIDDLE = dt.date(2025, 9, 30)
WARD = "Phường Thử"
CHANGED = "history.previous_orgs_changed"


def _run(folder: Path, cutoff: dt.date, history: Path, out: Path, ward: str | None) -> dict[str, Any]:
    args: list[object] = ["consolidate", folder, "--cutoff", cutoff.isoformat(), "--history", history]
    args += ["-o", out, "--json", out.with_suffix(".json"), *(["--ward-name", ward] if ward else [])]
    done = run_cli(*args)
    assert done.exit_code == 0, done.output
    data: dict[str, Any] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def _texts(workbook: Path, sheet: str) -> list[str]:
    ws = openpyxl.load_workbook(workbook)[sheet]
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def _trend(workbook: Path) -> dict[dt.date, Any]:
    ws = openpyxl.load_workbook(workbook)["Xu hướng"]
    return {
        row[0].value.date(): row[1].value for row in ws.iter_rows() if isinstance(row[0].value, dt.datetime)
    }


def _history_issues(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in summary["issues"] if i["code"].startswith(("form.previous_", "history."))]


def _no_false_alarm(summary: dict[str, Any], out: Path) -> None:
    """Nothing calls the comparison invalid or advises deleting the ward's own record."""
    codes = {i["code"] for i in summary["issues"]}
    assert not codes & {
        "form.previous_no_common_orgs",
        "form.previous_other_orgs",
        "history.trend_no_common_orgs",
    }
    assert not [i for i in _history_issues(summary) if "history remove" in i["message"]]
    for sheet in ("Biểu 1-BTCTW", "Biểu 2-BTCTW", "Báo cáo"):
        assert not [t for t in _texts(out, sheet) if "không cùng phạm vi" in t], sheet


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("own_ward_orgs")
    # People and cards unique across one call: A04 and A05 are another ward's organisations.
    every = sample_orgs(29, [40, 35, 30, 20, 25], PERIOD, prefix="A")
    mine, theirs = every[:3], every[3:]
    # After a merger: every organisation renumbered A0n -> B0n, the same people.
    merged = [_recoded(o, f"B{i:02d}") for i, o in enumerate(mine, start=1)]
    # One chi bộ renumbered (A03 -> A09).
    one = [mine[0], mine[1], _recoded(mine[2], "A09")]
    # A02 gone, A08 new under another name, A03 renumbered A09.
    other = _recoded(mine[1], "A08")
    other = replace(
        other,
        info={**other.info, "org_name": "Chi bộ mới lập"},
        organisation=replace(other.organisation, org_name="Chi bộ mới lập"),
    )
    mixed = [mine[0], other, _recoded(mine[2], "A09")]
    # A merger with another ward (its A04, A05) in which the ward's A03 became A09.
    joined = [mine[0], mine[1], _recoded(mine[2], "A09"), *theirs]
    return {
        "mine25": _write([as_of(o, EARLIER) for o in mine], tmp / "mine25"),
        "mine_mid": _write([as_of(o, MIDDLE) for o in mine], tmp / "mine_mid"),
        "mine26": _write(mine, tmp / "mine26"),
        "merged26": _write(merged, tmp / "merged26"),
        "one26": _write(one, tmp / "one26"),
        "two26": _write(mine[:2], tmp / "two26"),
        "mixed26": _write(mixed, tmp / "mixed26"),
        "joined26": _write(joined, tmp / "joined26"),
        "theirs25": _write([as_of(o, EARLIER) for o in theirs], tmp / "theirs25"),
    }


def test_every_organisation_renumbered_is_still_the_wards_last_year(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    """F3: the ward renumbered all its organisations; last year's record of its name is used."""
    history = tmp_path / "h.sqlite"
    own = _run(folders["mine25"], EARLIER, history, tmp_path / "a25.xlsx", WARD)
    mid = _run(folders["mine_mid"], MIDDLE, history, tmp_path / "a_mid.xlsx", WARD)
    out = tmp_path / "a26.xlsx"
    summary = _run(folders["merged26"], PERIOD.cutoff, history, out, WARD)
    assert summary["previous"] is not None
    assert summary["previous"]["indicators"]["members.total"] == own["indicators"]["members.total"]
    _no_false_alarm(summary, out)
    issue = next(i for i in summary["issues"] if i["code"] == CHANGED)
    assert issue["severity"] == "warning"
    # The same names under new codes: renumbered, as the opening check pairs them (hunt321).
    assert "chỉ đổi mã 3 tổ chức (A01 thành B01, A02 thành B02, A03 thành B03: cùng tên)" in issue["message"]
    assert "thêm 3 tổ chức" not in issue["message"]
    assert "lần số 1" in issue["message"]
    # Compared as the ward's Đảng bộ: the column is filled, the report compares.
    report = " ".join(_texts(out, "Báo cáo"))
    assert "So với cùng kỳ năm trước (số liệu đến ngày 31/3/2025)" in report
    # Every point of the ward's trend stays.
    points = _trend(out)
    assert points[EARLIER] == own["indicators"]["members.total"]
    assert points[MIDDLE] == mid["indicators"]["members.total"]
    # The opening check (the record at 30/9/2025, every code renumbered): no organisation is
    # matched by code, the ward as a whole is, and the same people make no difference. That
    # record is the third quarter's, and 31/12/2025 is not in the history: said (hunt321 #6).
    opening = [i["code"] for i in summary["issues"] if "opening" in i["code"]]
    assert opening == ["form.opening_unrecorded"]


def test_one_chi_bo_renumbered_is_no_other_scope(folders: dict[str, Path], tmp_path: Path) -> None:
    """F4: one chi bộ renumbered (A03 -> A09): compared, said neutrally, no scope note."""
    history = tmp_path / "h.sqlite"
    own = _run(folders["mine25"], EARLIER, history, tmp_path / "a25.xlsx", WARD)
    out = tmp_path / "a26.xlsx"
    summary = _run(folders["one26"], PERIOD.cutoff, history, out, WARD)
    assert summary["previous"]["indicators"]["members.total"] == own["indicators"]["members.total"]
    _no_false_alarm(summary, out)
    issue = next(i for i in summary["issues"] if i["code"] == CHANGED)
    # hunt321: the same chi bộ under a new code, its name unchanged, is renumbered, as the
    # opening check's own rule says ("chỉ đổi mã"), not added and gone with the advice to send
    # the file of the one "gone".
    assert "chỉ đổi mã 1 tổ chức (A03 thành A09: cùng tên)" in issue["message"]
    assert "thêm 1 tổ chức" not in issue["message"]
    assert "không còn 1 tổ chức" not in issue["message"]


def test_renumbered_beside_organisations_really_added_and_gone(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    """hunt321: a chi bộ renumbered beside one gone and one new of another name: only the
    renumbered one is paired; the others are still named added and gone."""
    history = tmp_path / "h.sqlite"
    _run(folders["mine25"], EARLIER, history, tmp_path / "a25.xlsx", WARD)
    summary = _run(folders["mixed26"], PERIOD.cutoff, history, tmp_path / "a26.xlsx", WARD)
    issue = next(i for i in summary["issues"] if i["code"] == CHANGED)
    assert (
        "thêm 1 tổ chức (A08), không còn 1 tổ chức (A02), chỉ đổi mã 1 tổ chức (A03 thành A09: cùng tên)"
        in issue["message"]
    )
    # One is gone: the advice for one gone that is still active stands.
    assert "Nếu tổ chức nào “không còn” vẫn đang hoạt động" in issue["message"]


def test_only_renumbered_gives_no_advice_about_one_gone(folders: dict[str, Path], tmp_path: Path) -> None:
    """review326 N1: nothing is gone when a chi bộ is only renumbered; the advice to send the
    file of one "không còn" does not fit the message."""
    history = tmp_path / "h.sqlite"
    _run(folders["mine25"], EARLIER, history, tmp_path / "a25.xlsx", WARD)
    summary = _run(folders["one26"], PERIOD.cutoff, history, tmp_path / "a26.xlsx", WARD)
    message = next(i for i in summary["issues"] if i["code"] == CHANGED)["message"]
    assert "chỉ đổi mã 1 tổ chức (A03 thành A09: cùng tên)" in message
    assert "không còn" not in message and "bổ sung tệp" not in message
    assert message.endswith("thì không cần sửa gì."), message


def test_one_former_ward_names_a_renumbered_chi_bo_renumbered(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    """review326 N1: `history.previous_one_former_ward` pairs a chi bộ given a new code only as
    `history.previous_orgs_changed` does (one rule, `opening.renumbered_codes`)."""
    history = tmp_path / "h.sqlite"
    _run(folders["mine25"], EARLIER, history, tmp_path / "a25.xlsx", WARD)
    _run(folders["theirs25"], EARLIER, history, tmp_path / "b25.xlsx", "Phường Khác")
    summary = _run(folders["joined26"], PERIOD.cutoff, history, tmp_path / "a26.xlsx", WARD)
    issue = next(i for i in summary["issues"] if i["code"] == "history.previous_one_former_ward")
    words = "thêm 2 tổ chức (A04, A05), chỉ đổi mã 1 tổ chức (A03 thành A09: cùng tên)"
    assert words in issue["message"], issue["message"]
    assert "không còn" not in issue["message"]


def test_a_nameless_record_names_a_renumbered_chi_bo_renumbered(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    """review326 N1: last year's record without a ward name (`form.previous_other_orgs`, the
    forms' and the report's scope notes) pairs a chi bộ given a new code only by the same rule:
    not one lacking and one beyond this run's organisations."""
    history = tmp_path / "h.sqlite"
    _run(folders["mine25"], EARLIER, history, tmp_path / "a25.xlsx", None)
    out = tmp_path / "a26.xlsx"
    summary = _run(folders["mixed26"], PERIOD.cutoff, history, out, WARD)
    issue = next(i for i in summary["issues"] if i["code"] == "form.previous_other_orgs")
    words = (
        "thiếu 1 tổ chức của lần tổng hợp này (A08), có 1 tổ chức lần tổng hợp này không có (A02), "
        "có 1 tổ chức nay đã đổi mã (A03 thành A09: cùng tên)"
    )
    assert words in issue["message"], issue["message"]
    note = next(t for t in _texts(out, "Biểu 1-BTCTW") if t.startswith("Ghi chú: Cột (%) để trống: "))
    assert words in note, note
    report = " ".join(_texts(out, "Báo cáo"))
    assert words in report
    # hunt328 F2: like for like, A09 is A03 (two organisations of both runs, not one); A08 alone
    # has no figures of last year, and `Kiểm tra` lists it (`form.previous_other_orgs`).
    assert summary["previous"]["common"]["orgs"] == 2
    unmatched = (
        "Tính trên 2 tổ chức có số liệu cả hai kỳ (1 tổ chức kỳ này không có số liệu cùng kỳ năm trước "
        "theo mã tổ chức, xem sheet “Kiểm tra”)"
    )
    assert unmatched in report, report


def test_a_nameless_record_differing_only_by_renumbering_is_of_the_same_scope(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    """review326 N1: a nameless record whose only difference is a chi bộ given a new code (the
    same name) holds the same organisations: no "không cùng phạm vi" note, the (%) kept."""
    history = tmp_path / "h.sqlite"
    own = _run(folders["mine25"], EARLIER, history, tmp_path / "a25.xlsx", None)
    out = tmp_path / "a26.xlsx"
    summary = _run(folders["one26"], PERIOD.cutoff, history, out, WARD)
    assert summary["previous"]["indicators"]["members.total"] == own["indicators"]["members.total"]
    _no_false_alarm(summary, out)


def test_the_wards_own_renumbered_record_stands_in_for_a_nameless_one_of_other_orgs(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    """Another ward's nameless run after this ward's at last year's cut-off shares none of this
    run's organisations (refused, as before); the ward's own record, of its old codes, is
    last year's and the trend's point instead."""
    history = tmp_path / "h.sqlite"
    own = _run(folders["mine25"], EARLIER, history, tmp_path / "a25.xlsx", WARD)
    other = _run(folders["theirs25"], EARLIER, history, tmp_path / "b25.xlsx", None)
    assert own["indicators"]["members.total"] != other["indicators"]["members.total"]
    out = tmp_path / "a26.xlsx"
    summary = _run(folders["merged26"], PERIOD.cutoff, history, out, WARD)
    assert summary["previous"]["indicators"]["members.total"] == own["indicators"]["members.total"]
    assert _trend(out)[EARLIER] == own["indicators"]["members.total"]
    _no_false_alarm(summary, out)
    assert any(i["code"] == CHANGED for i in summary["issues"])


def test_a_nameless_record_of_renumbered_codes_is_still_refused(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    """Without a name on last year's record nothing says it is the ward's: the protection
    against another ward's record stays."""
    history = tmp_path / "h.sqlite"
    _run(folders["mine25"], EARLIER, history, tmp_path / "a25.xlsx", None)
    summary = _run(folders["merged26"], PERIOD.cutoff, history, tmp_path / "a26.xlsx", WARD)
    assert summary["previous"] is None
    assert any(i["code"] == "form.previous_no_common_orgs" for i in summary["issues"])
    assert not any(i["code"] == CHANGED for i in summary["issues"])


def test_the_same_organisations_say_nothing(folders: dict[str, Path], tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    _run(folders["mine25"], EARLIER, history, tmp_path / "a25.xlsx", WARD)
    summary = _run(folders["mine26"], PERIOD.cutoff, history, tmp_path / "a26.xlsx", WARD)
    assert summary["previous"] is not None
    assert not _history_issues(summary)


def test_the_changed_organisations_are_said_whole() -> None:
    """hunt321: organisations added, gone and renumbered, five of each named, ran past a value's
    length (`MAX_SHOWN_CHARS`) and the message ended mid-list, “(HD40 thành HD76: … (+9 ký tự)”."""
    from toolkit.core.rules import make_issue
    from toolkit.core.text import MAX_SHOWN_CHARS
    from toolkit.history.session import _changed_words

    codes = [f"CB-TDP-{i:02d}" for i in range(1, 16)]
    words = _changed_words(codes[:6], codes[6:12], [(codes[12], codes[13]), (codes[14], "CB-TDP-99")])
    assert len(words) > MAX_SHOWN_CHARS
    for code in ("history.previous_orgs_changed", "history.previous_one_former_ward"):
        issue = make_issue(
            code, value=words, changed=words, period="01/01/2025–31/03/2025", record="1", ward=WARD,
            others="x", exports="y", command="z",
        )  # fmt: skip
        assert f": {words}" in issue.message, issue.message
        assert "ký tự)" not in issue.message


CHANGED_NOTE = "Các tổ chức đảng của phường có thay đổi so với cùng kỳ ("


@pytest.mark.parametrize(
    ("folder", "counts"),
    [
        ("two26", "kỳ này 2 tổ chức, cùng kỳ 3 tổ chức; "),
        ("mixed26", "kỳ này 3 tổ chức, cùng kỳ 3 tổ chức; "),
    ],
)
def test_the_report_says_the_organisations_changed_beside_the_comparison(
    folders: dict[str, Path], tmp_path: Path, folder: str, counts: str
) -> None:
    """fix391's finding: a chi bộ dissolved (A03), or one gone and one new, and the report
    compared the Đảng bộ with last year's ("giảm … so với") with no word of it, only Kiểm tra's
    warning did. The paragraph now says the organisations changed, how many each run had, and
    that a rise or fall may partly be that change, as Xu hướng does; never "không cùng phạm vi"
    (the comparison stands)."""
    history = tmp_path / "h.sqlite"
    _run(folders["mine25"], EARLIER, history, tmp_path / "a25.xlsx", WARD)
    out = tmp_path / "a26.xlsx"
    summary = _run(folders[folder], PERIOD.cutoff, history, out, WARD)
    assert any(i["code"] == CHANGED for i in summary["issues"])
    _no_false_alarm(summary, out)
    compared = next(t for t in _texts(out, "Báo cáo") if t.startswith("So với cùng kỳ năm trước"))
    note = (
        f"{CHANGED_NOTE}{counts}chi tiết ở sheet “Kiểm tra”), nên tăng, giảm có thể một phần do tổ chức "
        "được thành lập, sáp nhập, giải thể, không chỉ do biến động đảng viên."
    )
    assert compared.endswith(note), compared


def test_a_renumbering_alone_adds_no_note_to_the_report(folders: dict[str, Path], tmp_path: Path) -> None:
    """A chi bộ given a new code only (A03 → A09) changes no figure: no note of a change."""
    history = tmp_path / "h.sqlite"
    _run(folders["mine25"], EARLIER, history, tmp_path / "a25.xlsx", WARD)
    out = tmp_path / "a26.xlsx"
    summary = _run(folders["one26"], PERIOD.cutoff, history, out, WARD)
    assert any(i["code"] == CHANGED for i in summary["issues"])
    compared = next(t for t in _texts(out, "Báo cáo") if t.startswith("So với cùng kỳ năm trước"))
    assert CHANGED_NOTE not in compared
