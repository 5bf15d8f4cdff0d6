"""`history import` of a summary whose forms' period differs from the record in use at the same
cut-off (the year's forms imported beside the fourth quarter's at 31/12, or the reverse) says
that both records stay, each next year's comparison of its own period, as a consolidation says
it (`session.other_forms_period_words`; hunt215 F5: the import still said the new record
replaced the other for “Cùng kỳ năm trước”, and to remove one of them, though `session._previous`
keeps both).

Real generated submissions, a real registry workbook, real summaries made on another PC, real
SQLite histories, the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.helpers_sample import sample_orgs, written_folder
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.history.store import HistoryStore
from toolkit.outputs.registry_file import write_registry
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
WARD = "Phường Thử"
YEAR = "01/01/2025..31/12/2025"
QUARTER = "01/10/2025..31/12/2025"


def _cli(*args: Any) -> Result:
    done = CliRunner().invoke(main, [str(a) for a in args])
    assert done.exit_code == 0, done.output
    return done


def _consolidate(folder: Path, registry: Path, history: Path, out: Path, forms: str) -> dict[str, Any]:
    _cli(
        "consolidate", folder, "--registry", registry, "--cutoff", "31/12/2025", "--since", "01/01/2024",
        "--form-period", forms, "-o", out, "--json", out.with_suffix(".json"), "--history", history,
        "--ward-name", WARD,
    )  # fmt: skip
    data: dict[str, Any] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ((YEAR, "01/01/2025–31/12/2025"), (QUARTER, "01/10/2025–31/12/2025")),
        ((QUARTER, "01/10/2025–31/12/2025"), (YEAR, "01/01/2025–31/12/2025")),
    ],
    ids=["quarter-imported-beside-year", "year-imported-beside-quarter"],
)
def test_an_imported_record_of_another_forms_period_says_both_stay(
    tmp_path: Path, first: tuple[str, str], second: tuple[str, str]
) -> None:
    orgs = sample_orgs(219, [30, 25, 20], PERIOD, prefix="T")
    registry = write_registry(Registry([o.organisation for o in orgs]), tmp_path / "danh_muc.xlsx")
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    history = tmp_path / "lich_su.sqlite"
    made = _consolidate(folder, registry, history, tmp_path / "truoc.xlsx", first[0])
    # The other period's forms made on another PC, their summary brought over and imported.
    other = _consolidate(folder, registry, tmp_path / "may_khac.sqlite", tmp_path / "sau.xlsx", second[0])
    assert other["indicators"] != made["indicators"]  # the flows of a year and of a quarter differ
    done = _cli("history", "import", tmp_path / "sau.json", "--history", history)
    said = " ".join(done.output.split())
    members = other["indicators"]["members.total"]
    assert (
        f"Lần vừa thêm (số 2: 3/3 tổ chức, {members} đảng viên; kỳ báo cáo của Biểu 1–4-BTCTW "
        f"{second[1]}) nay là số liệu được dùng cho xu hướng và kiểm tra số đầu kỳ của ngày chốt "
        "31/12/2025, thay cho lần số 1 (3/3 tổ chức," in said
    ), said
    next_new = second[1].replace("2025", "2026")
    next_old = first[1].replace("2025", "2026")
    assert f"và cho “Cùng kỳ năm trước” của các biểu kỳ {next_new}." in said, said
    assert (
        f"Lần số 1 có kỳ báo cáo khác ({first[1]}) nên vẫn được giữ và dùng cho “Cùng kỳ năm trước” "
        f"của các biểu kỳ {next_old}: không cần xóa lần nào. Chỉ khi kỳ báo cáo của lần vừa thêm là "
        "nhầm, hãy xóa lần vừa thêm: chạy lệnh “" in said
    ), said
    assert "history remove 2 --yes" in said, said
    assert "mới là lần đúng" not in said, said
    # What it says is what the history holds: both records stay, the imported one in use, and
    # `history list` keeps the first for next year's forms of its period.
    assert [(r.id, r.is_current) for r in HistoryStore(history).records()] == [(1, False), (2, True)]
    listed = _cli("history", "list", "--history", history)
    line = next(x for x in listed.output.splitlines() if x.startswith("Lần số 1 "))
    assert line.endswith(
        "ngày chốt này dùng lần số 2 (kỳ biểu khác); lần này giữ lại làm “Cùng kỳ năm trước” cho kỳ "
        f"biểu {next_old}"
    ), listed.output


def test_an_imported_record_of_the_same_forms_period_still_gives_the_removal_advice(tmp_path: Path) -> None:
    """A record of the same forms' period put in use by an import (a partial run of the year's
    forms) is still said to replace the other, with the advice to remove it if the other was
    the right one."""
    orgs = sample_orgs(220, [30, 25, 20], PERIOD, prefix="T")
    registry = write_registry(Registry([o.organisation for o in orgs]), tmp_path / "danh_muc.xlsx")
    full, part = tmp_path / "nop", tmp_path / "nop_thu"
    full.mkdir()
    part.mkdir()
    for org in orgs:
        org.write(full / f"{org.organisation.org_code}.xlsx")
    orgs[0].write(part / f"{orgs[0].organisation.org_code}.xlsx")
    history = tmp_path / "lich_su.sqlite"
    _consolidate(full, registry, history, tmp_path / "nam.xlsx", YEAR)
    _consolidate(part, registry, tmp_path / "may_khac.sqlite", tmp_path / "thu.xlsx", YEAR)
    said = " ".join(_cli("history", "import", tmp_path / "thu.json", "--history", history).output.split())
    assert "Lần vừa thêm (số 2: 1/3 tổ chức," in said, said
    assert "nay là số liệu được dùng cho “Cùng kỳ năm trước”, xu hướng và kiểm tra số đầu kỳ" in said, said
    assert "Nếu lần số 1 mới là lần đúng, hãy xóa lần vừa thêm" in said, said
    assert "kỳ báo cáo khác" not in said, said


def test_an_imported_record_of_the_same_forms_period_that_ran_earlier_names_every_use_it_leaves(
    tmp_path: Path,
) -> None:
    """A partial run of the year's forms made on another PC an hour before the full run made
    here: imported, it is only kept, and the full run stays in use for all three uses, as every
    other message names them. It said "“Cùng kỳ năm trước” và xu hướng" alone (hunt297 N2), as if
    the opening check went to the imported record."""
    full, part = tmp_path / "nop", tmp_path / "nop_thu"
    orgs = written_folder(full, 222, [30, 25, 20], PERIOD, prefix="T")
    registry = write_registry(Registry([o.organisation for o in orgs]), tmp_path / "danh_muc.xlsx")
    part.mkdir()
    orgs[0].write(part / f"{orgs[0].organisation.org_code}.xlsx")
    history = tmp_path / "lich_su.sqlite"
    made = _consolidate(full, registry, history, tmp_path / "nam.xlsx", YEAR)
    other = _consolidate(part, registry, tmp_path / "may_khac.sqlite", tmp_path / "thu.xlsx", YEAR)
    other["generated_at"] = (
        dt.datetime.fromisoformat(made["generated_at"]) - dt.timedelta(hours=1)
    ).isoformat()
    (tmp_path / "thu.json").write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    said = " ".join(_cli("history", "import", tmp_path / "thu.json", "--history", history).output.split())
    assert (
        "lần số 1 vẫn là số liệu được dùng cho “Cùng kỳ năm trước”, xu hướng và kiểm tra số đầu kỳ; lần "
        "vừa thêm chỉ được lưu lại." in said
    ), said


def test_an_imported_record_of_another_forms_period_that_ran_earlier_is_kept_for_next_year(
    tmp_path: Path,
) -> None:
    """The year's forms made on another PC before the fourth quarter's were made here: the
    imported record is not the one in use at its cut-off, but it is next year's comparison of the
    year's forms. The import said it was "chỉ được lưu lại" (only kept), as of a same-period
    record that ran earlier."""
    orgs = sample_orgs(221, [30, 25, 20], PERIOD, prefix="T")
    registry = write_registry(Registry([o.organisation for o in orgs]), tmp_path / "danh_muc.xlsx")
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    history = tmp_path / "lich_su.sqlite"
    year = _consolidate(folder, registry, tmp_path / "may_khac.sqlite", tmp_path / "nam.xlsx", YEAR)
    quarter = _consolidate(folder, registry, history, tmp_path / "quy4.xlsx", QUARTER)
    # The other PC's run made an hour before this one (both runs here fall in the same second).
    ran = dt.datetime.fromisoformat(quarter["generated_at"]) - dt.timedelta(hours=1)
    year["generated_at"] = ran.isoformat()
    (tmp_path / "nam.json").write_text(json.dumps(year, ensure_ascii=False), encoding="utf-8")
    said = " ".join(_cli("history", "import", tmp_path / "nam.json", "--history", history).output.split())
    assert "Lịch sử đã có lần tổng hợp số 1 cùng ngày chốt, chạy lúc " in said, said
    assert "lần vừa thêm chỉ được lưu lại" not in said, said
    assert (
        "lần số 1 (kỳ báo cáo của Biểu 1–4-BTCTW 01/10/2025–31/12/2025) vẫn là số liệu được dùng cho xu "
        "hướng và kiểm tra số đầu kỳ của ngày chốt 31/12/2025. Lần vừa thêm có kỳ báo cáo khác "
        "(01/01/2025–31/12/2025) nên được giữ và dùng cho “Cùng kỳ năm trước” của các biểu kỳ "
        "01/01/2026–31/12/2026: không cần xóa lần nào." in said
    ), said
    assert "history remove" not in said, said
    listed = _cli("history", "list", "--history", history)
    line = next(x for x in listed.output.splitlines() if x.startswith("Lần số 2 "))
    assert line.endswith(
        "ngày chốt này dùng lần số 1 (kỳ biểu khác); lần này giữ lại làm “Cùng kỳ năm trước” cho kỳ "
        "biểu 01/01/2026–31/12/2026"
    ), listed.output
    # Removed, and its copy put back (to its old number, before the quarter's run as it was):
    # said the same way.
    _cli("history", "remove", "2", "--yes", "--history", history)
    (copy,) = (tmp_path / "lich_su_da_xoa").glob("*.json")
    said = " ".join(_cli("history", "import", copy, "--history", history).output.split())
    assert "trở lại đúng số và thứ tự cũ" in said, said
    assert (
        "Lịch sử đã có lần tổng hợp số 1 cùng ngày chốt, chạy sau lần vừa thêm, như trước khi xóa: lần số 1 "
        "(kỳ báo cáo của Biểu 1–4-BTCTW 01/10/2025–31/12/2025) vẫn là số liệu được dùng cho xu hướng" in said
    ), said
    assert "nên được giữ và dùng cho “Cùng kỳ năm trước” của các biểu kỳ 01/01/2026–31/12/2026" in said, said
    assert "chỉ được lưu lại" not in said, said


def test_an_import_beside_a_period_to_28_02_of_a_leap_year_does_not_say_it_kept(tmp_path: Path) -> None:
    """The forms of February 2024 imported beside those of January–February (both to 28/02 of a
    leap year): next year's forms to 28/02/2025 compare with periods to 29/02/2024, so the record
    in use before is not said kept for them (review218 finding 1, the import's half)."""
    orgs = sample_orgs(221, [30, 25, 20], Period(dt.date(2023, 1, 1), dt.date(2024, 2, 28)), prefix="T")
    registry = write_registry(Registry([o.organisation for o in orgs]), tmp_path / "danh_muc.xlsx")
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")

    def run(history: Path, out: Path, forms: str) -> None:
        _cli(
            "consolidate", folder, "--registry", registry, "--cutoff", "28/02/2024", "--since", "01/01/2023",
            "--form-period", forms, "-o", out, "--json", out.with_suffix(".json"), "--history", history,
            "--ward-name", WARD,
        )  # fmt: skip

    history = tmp_path / "lich_su.sqlite"
    run(history, tmp_path / "hai_thang.xlsx", "01/01/2024..28/02/2024")
    run(tmp_path / "may_khac.sqlite", tmp_path / "thang2.xlsx", "01/02/2024..28/02/2024")
    said = " ".join(_cli("history", "import", tmp_path / "thang2.json", "--history", history).output.split())
    assert "kỳ báo cáo của Biểu 1–4-BTCTW 01/02/2024–28/02/2024) nay là số liệu được dùng" in said, said
    assert "vẫn được giữ và dùng" not in said, said
    assert "của các biểu kỳ 01/02/2025–28/02/2025" not in said, said
    assert (
        "Lần số 1 có kỳ báo cáo khác (01/01/2024–28/02/2024) và vẫn được lưu trong lịch sử, nhưng không "
        "được dùng cho “Cùng kỳ năm trước” của các biểu kỳ 01/01/2025–28/02/2025: các biểu ấy so với "
        "kỳ 01/01/2024–29/02/2024. Chỉ khi kỳ báo cáo của lần vừa thêm là nhầm" in said
    ), said
