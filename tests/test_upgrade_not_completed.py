"""An upgraded file the secretary has not completed yet (hunt44 D #1).

`ward-stats upgrade` leaves the new yes/no columns of `Đảng viên` (Đoàn viên, Chủ doanh nghiệp
tư nhân, Có quan hệ hôn nhân với người nước ngoài) and Học hàm empty, and in template 2026.2 an
empty yes/no cell is “Không”. So an upgraded file not yet completed counted every member as
not a youth-union member, with no note: the step the tool recommends made the figures worse
than the old file's “chưa rõ”. Now such a file (all of those cells empty) counts them as
unknown exactly as its 2026.1 file did, and Thông tin's empty “Không còn quần chúng để kết
nạp” too, with one warning at the file; the first value entered completes it.

The ward is one grassroots organisation's real 2026.1 submission, upgraded with the command
line and consolidated with it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_validate import CUTOFF, clean_info, clean_members, member, write, write_old

from toolkit.cli import main
from toolkit.core import layout, vocab
from toolkit.core.model import Organisation, Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.upgrade import CHECK_NEW_COLUMNS

M = layout.MEMBERS
CODE = "CB07"
WARNING = "file.upgrade_not_completed"
# The figures of the attributes 2026.1 lacks that the upgrade leaves for the secretary to answer.
NEW_ANSWERS = (
    "members.youth_union",
    "members.private_owner",
    "members.foreign_marriage",
    "members.academic.unknown",
    "orgs.grassroots.chi_bo_co_so.no_candidates_left",
)
YOUTH_NOTE = "chưa rõ có là đoàn viên hay không (tệp theo mẫu cũ 2026.1, hoặc tệp đã nâng cấp"
NO_CANDIDATES_NOTE = "chưa rõ còn quần chúng để kết nạp hay không"


def _info() -> dict[str, Any]:
    return clean_info(org_tier="chi_bo_co_so", sector="doanh_nghiep", org_name="Chi bộ Công ty A")


def _cli(*args: Any) -> Any:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output, result.output
    return result


def _consolidate(folder: Path, registry: Path, out: Path) -> dict[str, Any]:
    out.mkdir()
    result = _cli(
        "consolidate", folder, "--registry", registry, "--cutoff", CUTOFF.isoformat(),
        "-o", out / "tong_hop.xlsx", "--json", out / "tong_hop.json", "--no-history",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads((out / "tong_hop.json").read_text("utf-8"))
    book = openpyxl.load_workbook(out / "tong_hop.xlsx", read_only=True)
    doc["notes"] = [
        str(row[0])
        for name in book.sheetnames
        if name.startswith("Biểu")
        for row in book[name].iter_rows(values_only=True)
        if row and isinstance(row[0], str) and row[0].startswith("Ghi chú")
    ]
    return doc


def _figures(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc["indicators"].items() if k.startswith(NEW_ANSWERS)}


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The old file's run, the upgraded file (not completed) and its run."""
    root = tmp_path_factory.mktemp("upgrade_not_completed")
    registry = write_registry(
        Registry([Organisation(CODE, _info()["org_name"], "chi_bo_co_so", "doanh_nghiep")]),
        root / "danh_muc.xlsx",
    )
    (root / "cu").mkdir()
    write_old(root / "cu", info=_info())
    upgrade = _cli("upgrade", root / "cu", "--out", root / "moi")
    assert upgrade.exit_code == 0, upgrade.output
    return {
        "root": root,
        "registry": registry,
        "upgrade": upgrade,
        "old": _consolidate(root / "cu", registry, root / "ra_cu"),
        "new": _consolidate(root / "moi", registry, root / "ra_moi"),
    }


def _warnings(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in doc["issues"] if i["code"] == WARNING]


def test_an_upgraded_file_not_completed_counts_the_new_answers_as_unknown(upgraded: dict[str, Any]) -> None:
    old, new = upgraded["old"], upgraded["new"]
    figures = _figures(new)
    members = len(clean_members())
    assert figures == _figures(old)
    assert figures["members.youth_union"] == 0 and figures["members.youth_union.unknown"] == members
    assert figures["members.private_owner.unknown"] == figures["members.foreign_marriage.unknown"] == members
    assert figures["members.academic.unknown"] == members
    assert figures["orgs.grassroots.chi_bo_co_so.no_candidates_left.unknown"] == 1
    # The forms' notes say so, as for the old file.
    assert any(YOUTH_NOTE in n for n in new["notes"]), new["notes"]
    assert any(NO_CANDIDATES_NOTE in n for n in new["notes"]), new["notes"]
    assert sorted(new["notes"]) == sorted(old["notes"])
    (warning,) = _warnings(new)
    assert warning["severity"] == "warning" and warning["sheet"] == layout.SHEET_MEMBERS
    message = warning["message"]
    assert "nâng cấp từ biểu mẫu 2026.1" in message and "\u201cchưa rõ\u201d" in message
    for key in layout.NEW_ANSWERS:
        assert M.field(key).header in message
    assert not _warnings(old)


def test_the_upgrade_tells_the_secretary_to_mark_the_new_columns(upgraded: dict[str, Any]) -> None:
    assert "để trống là Không)" not in CHECK_NEW_COLUMNS
    assert "chưa điền bổ sung" in CHECK_NEW_COLUMNS and "\u201cchưa rõ\u201d" in CHECK_NEW_COLUMNS
    (target,) = (upgraded["root"] / "moi").glob("*.xlsx")
    sheet = openpyxl.load_workbook(target)[layout.SHEET_TO_COMPLETE]
    assert sheet["A3"].value == CHECK_NEW_COLUMNS
    # Its `Hướng dẫn` (the new template's) does not say otherwise (hunt77 #1: "để trống là Không"
    # with no word of an upgraded file, whose columns empty everywhere count as "chưa rõ").
    guide = " ".join(
        str(c.value)
        for row in openpyxl.load_workbook(target)[layout.SHEET_GUIDE].iter_rows()
        for c in row
        if c.value
    )
    line = next(part for part in guide.split("•") if "Chủ doanh nghiệp tư nhân" in part)
    assert "để trống là Không (riêng tệp nâng cấp từ mẫu cũ" in line, line
    assert f"xem sheet “{layout.SHEET_TO_COMPLETE}”" in line, line


def test_the_command_asks_once_for_the_new_columns_to_be_marked(upgraded: dict[str, Any]) -> None:
    """fix51 U #5: `ward-stats upgrade` said it twice, the sheet's full sentence
    (`CHECK_NEW_COLUMNS`) after the files and then the run's last line (`MARK_NEW_COLUMNS`). It
    says the last line alone, as the button's status cell does; it points at `Cần bổ sung`,
    whose top holds the full sentence."""
    from toolkit.outputs.status import MARK_NEW_COLUMNS

    output = upgraded["upgrade"].output
    assert output.count(MARK_NEW_COLUMNS) == 1, output
    assert output.splitlines()[-1] == MARK_NEW_COLUMNS
    assert output.count("cột mới") == 1 and CHECK_NEW_COLUMNS not in output, output


def test_one_answer_completes_the_file_and_empty_cells_are_no(
    upgraded: dict[str, Any], tmp_path: Path
) -> None:
    folder = tmp_path / "da_dien"
    folder.mkdir()
    (source,) = (upgraded["root"] / "moi").glob("*.xlsx")
    target = folder / source.name
    wb = openpyxl.load_workbook(source)
    wb[layout.SHEET_MEMBERS][M.cell("youth_union", 2)] = vocab.YES_NO.label("yes")
    wb.save(target)
    doc = _consolidate(folder, upgraded["registry"], tmp_path / "ra")
    figures = _figures(doc)
    assert figures["members.youth_union"] == 1
    assert all(v == 0 for k, v in figures.items() if k.endswith(".unknown")), figures
    assert figures["orgs.grassroots.chi_bo_co_so.no_candidates_left"] == 0  # empty: Không
    assert not _warnings(doc)
    assert not any(YOUTH_NOTE in n or NO_CANDIDATES_NOTE in n for n in doc["notes"]), doc["notes"]


def test_a_current_file_with_the_new_columns_empty_still_reads_no(
    upgraded: dict[str, Any], tmp_path: Path
) -> None:
    folder = tmp_path / "moi_tu_dau"
    folder.mkdir()
    write(folder, info=_info())
    doc = _consolidate(folder, upgraded["registry"], tmp_path / "ra")
    figures = _figures(doc)
    assert figures["members.youth_union"] == 0
    assert all(v == 0 for k, v in figures.items() if k.endswith(".unknown")), figures
    assert not _warnings(doc)
    assert not any(YOUTH_NOTE in n or NO_CANDIDATES_NOTE in n for n in doc["notes"]), doc["notes"]


def test_the_probationary_column_of_the_changes_is_unknown_until_the_file_is_completed(
    upgraded: dict[str, Any], tmp_path: Path
) -> None:
    """A 2026.1 file's Xóa tên counts as “chưa rõ” dự bị (its template has no column). The
    upgrade adds `Là đảng viên dự bị` to `Biến động` empty, and an empty cell is “Không”: the
    person became a definite official member, the note gone (hunt45 R3 #1). Until the file is
    completed it stays unknown, as in the old file; completed, the empty cell is “Không”."""
    import datetime as dt

    from helpers_validate import clean_events

    struck = {
        "row_no": 3,
        "full_name": "Đỗ Văn Giang",
        "birth_date": dt.date(1995, 1, 1),
        "event_type": "struck_off",
        "event_date": dt.date(2026, 2, 1),
        "strike_ground": "absence_or_dues",
    }
    (tmp_path / "cu").mkdir()
    write_old(tmp_path / "cu", info=_info(), events=[*clean_events(), struck])
    assert _cli("upgrade", tmp_path / "cu", "--out", tmp_path / "moi").exit_code == 0
    registry = upgraded["registry"]
    unknown = "period.struck_off.probationary.unknown"
    for folder in ("cu", "moi"):
        doc = _consolidate(tmp_path / folder, registry, tmp_path / f"ra_{folder}")
        assert doc["indicators"][unknown] == 1, folder
        assert any("bị xóa tên chưa rõ có là đảng viên dự bị" in n for n in doc["notes"]), folder
    # Completed (one Đoàn viên answered): the empty cell is “Không”, as the template says.
    (source,) = (tmp_path / "moi").glob("*.xlsx")
    (tmp_path / "da_dien").mkdir()
    wb = openpyxl.load_workbook(source)
    wb[layout.SHEET_MEMBERS][M.cell("youth_union", 2)] = vocab.YES_NO.label("no")
    wb.save(tmp_path / "da_dien" / source.name)
    doc = _consolidate(tmp_path / "da_dien", registry, tmp_path / "ra_da_dien")
    assert doc["indicators"][unknown] == 0 and doc["indicators"]["period.struck_off.probationary"] == 0


def test_an_academic_title_alone_does_not_complete_the_file(upgraded: dict[str, Any], tmp_path: Path) -> None:
    """One “Giáo sư” typed under Học hàm (filled only for the few with a title) made every
    member's Đoàn viên a definite “Không” (hunt45 R3 #3): only a Có/Không answer completes it."""
    folder = tmp_path / "hoc_ham"
    folder.mkdir()
    (source,) = (upgraded["root"] / "moi").glob("*.xlsx")
    wb = openpyxl.load_workbook(source)
    wb[layout.SHEET_MEMBERS][M.cell("academic_title", 2)] = vocab.ACADEMIC_TITLE.label(
        vocab.ACADEMIC_TITLE.codes[-1]
    )
    wb.save(folder / source.name)
    doc = _consolidate(folder, upgraded["registry"], tmp_path / "ra")
    figures = _figures(doc)
    assert figures["members.youth_union.unknown"] == len(clean_members())
    assert len(_warnings(doc)) == 1
    # The title typed is known, and not counted again as unknown (it was in both: hunt48 #1).
    titled = vocab.ACADEMIC_TITLE.codes[-1]
    assert doc["indicators"][f"members.academic.{titled}"] == 1
    assert figures["members.academic.unknown"] == len(clean_members()) - 1
    by_org = {o["org_code"]: o["indicators"] for o in doc["organisations"]}
    assert by_org[CODE]["members.academic.unknown"] == len(clean_members()) - 1
    # `Tổng hợp` gives Học hàm its own “Chưa rõ” row (it showed the Có/Không columns' 5 under the
    # titles: 1 + 5 of 5 members; hunt49 #1), so each list adds up to the members.
    rows = [
        r[:2]
        for r in openpyxl.load_workbook(tmp_path / "ra" / "tong_hop.xlsx")["Tổng hợp"].iter_rows(
            values_only=True
        )
    ]
    start = rows.index(("Học hàm và các đặc điểm khác", None))
    section = [(str(label), value) for label, value in rows[start + 1 : start + 9] if label]
    unknown = [i for i, (label, _) in enumerate(section) if label.startswith("Chưa rõ")]
    assert len(unknown) == 2, section
    titles = section[: unknown[0] + 1]
    assert sum(v for _, v in titles) == len(clean_members()), section


def test_history_show_says_which_files_were_upgraded_and_not_completed(
    upgraded: dict[str, Any], tmp_path: Path
) -> None:
    """hunt50 C #1: `history show` counted the run's files as plain “2026.2”, as if completed,
    though their members were counted as unknown in the new columns. The record keeps it, a
    copy exported and imported elsewhere too."""
    import shutil

    from tests.schema_check import assert_valid_summary

    folder = tmp_path / "nop"
    folder.mkdir()
    (source,) = (upgraded["root"] / "moi").glob("*.xlsx")
    shutil.copy(source, folder / source.name)
    other = clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8")
    one = member(full_name="Phạm Văn Long", birth_date=dt.date(1980, 2, 14), card_no="07654321")
    write(folder, "CB08_chi_bo_to_dan_pho_so_8.xlsx", info=other, members=[one], events=[])
    history, out = tmp_path / "lich_su_tong_hop.sqlite", tmp_path / "ra" / "tong_hop.xlsx"
    out.parent.mkdir()
    done = _cli(
        "consolidate", folder, "--cutoff", CUTOFF.isoformat(), "--ward-name", "Phường Thử",
        "--history", history, "-o", out, "--json", out.with_suffix(".json"),
    )  # fmt: skip
    assert done.exit_code == 0 and history.exists(), done.output
    summary = json.loads(out.with_suffix(".json").read_text("utf-8"))
    assert_valid_summary(summary)
    assert {s["file"]: s["upgrade_not_completed"] for s in summary["sources"]} == {
        source.name: True,
        "CB08_chi_bo_to_dan_pho_so_8.xlsx": False,
    }
    versions = f"{layout.TEMPLATE_VERSION} (2 tệp, 1 tệp nâng cấp chưa điền cột mới)"
    said = f"  Phiên bản mẫu của các tệp: {versions}.\n"
    shown = _cli("history", "show", "1", "--history", history)
    assert shown.exit_code == 0 and said in shown.output, shown.output
    # Exported and imported into another history: still said.
    copy = tmp_path / "ban_sao.json"
    assert _cli("history", "export", "1", "--json", copy, "--history", history).exit_code == 0
    assert_valid_summary(json.loads(copy.read_text("utf-8")))
    elsewhere = tmp_path / "khac.sqlite"
    imported = _cli("history", "import", copy, "--history", elsewhere)
    assert imported.exit_code == 0, imported.output
    assert said in _cli("history", "show", "1", "--history", elsewhere).output


def test_history_show_counts_only_the_consolidated_files_not_completed(tmp_path: Path) -> None:
    """hunt51 #1: `history show` counted an upgraded file not completed that the run excluded
    (an error) among the files 'nâng cấp chưa điền cột mới', whose members the run counted as
    unknown; the excluded file's members were not counted at all."""
    from helpers_validate import typed

    (tmp_path / "cu").mkdir()
    write_old(tmp_path / "cu", info=_info())
    other = clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8")
    one = member(full_name="Phạm Văn Long", birth_date=dt.date(1980, 2, 14), card_no="07654321")
    write_old(tmp_path / "cu", "CB08_chi_bo_to_dan_pho_so_8.xlsx", info=other, members=[one], events=[])
    assert _cli("upgrade", tmp_path / "cu", "--out", tmp_path / "moi").exit_code == 0
    typed(tmp_path / "moi" / "CB08_chi_bo_to_dan_pho_so_8.xlsx", layout.SHEET_MEMBERS,
          {M.cell("birth_date", 2): "không rõ"})  # fmt: skip
    history, out = tmp_path / "lich_su_tong_hop.sqlite", tmp_path / "ra" / "tong_hop.xlsx"
    out.parent.mkdir()
    done = _cli(
        "consolidate", tmp_path / "moi", "--cutoff", CUTOFF.isoformat(), "--ward-name", "Phường Thử",
        "--history", history, "-o", out, "--json", out.with_suffix(".json"),
    )  # fmt: skip
    assert done.exit_code == 1 and history.exists(), done.output  # 1: an organisation excluded
    summary = json.loads(out.with_suffix(".json").read_text("utf-8"))
    assert {s["org_code"]: (s["consolidated"], s["upgrade_not_completed"]) for s in summary["sources"]} == {
        CODE: (True, True),
        "CB08": (False, True),
    }
    shown = _cli("history", "show", "1", "--history", history).output
    versions = f"{layout.TEMPLATE_VERSION} (2 tệp, 1 tệp nâng cấp chưa điền cột mới)"
    assert f"  Phiên bản mẫu của các tệp: {versions}.\n" in shown, shown


def test_the_upgrade_s_summary_says_the_new_columns_are_to_be_marked(upgraded: dict[str, Any]) -> None:
    """hunt50 C #2: the upgrade's last lines (the CLI's, and the Nâng cấp button's status cell)
    said the files were upgraded, not that the secretaries must mark the new Có/Không columns
    before the files count as completed."""
    from toolkit.outputs.status import MARK_NEW_COLUMNS, upgrade_status
    from toolkit.outputs.upgrade import Upgraded, UpgradeRun

    assert MARK_NEW_COLUMNS == (
        "Chi bộ cần điền các cột mới (chọn Có khi đúng; xem sheet “Cần bổ sung” của mỗi tệp) trước khi "
        "nộp lại."
    )
    lines = upgraded["upgrade"].output.splitlines()
    assert lines[-1] == MARK_NEW_COLUMNS, lines[-3:]
    # A file without members has no new cell to mark: not said of it.
    root = upgraded["root"]
    empty = UpgradeRun(upgraded=[Upgraded(root / "a.xlsx", root / "moi" / "a.xlsx", [], members=0)])
    assert MARK_NEW_COLUMNS not in upgrade_status(empty, root / "moi", 1).lines


def test_upgrading_again_files_sent_back_unmarked_says_to_mark_the_new_columns(
    upgraded: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """hunt51 #2: `upgrade` (and the Nâng cấp button) over upgraded copies sent back with the
    new Có/Không columns still empty said only that every file used the new template, though
    the next consolidation counts their members as unknown there."""
    import shutil

    from tests.helpers_excel import Replay, book_json, caller_book
    from toolkit import excel
    from toolkit.excel.build import DEFAULT_TARGET
    from toolkit.outputs.status import MARK_NEW_COLUMNS

    (source,) = (upgraded["root"] / "moi").glob("*.xlsx")
    sent_back = tmp_path / "bai_nop"
    sent_back.mkdir()
    shutil.copy(source, sent_back / source.name)
    said = f"1 tệp đã nâng cấp trước đây nhưng chưa điền các cột mới: {source.name}."
    again = _cli("upgrade", sent_back, "--out", tmp_path / "lai")
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[-3:] == [
        "Không có tệp nào cần nâng cấp: mọi tệp đã dùng biểu mẫu mới.",
        said,
        MARK_NEW_COLUMNS,
    ], again.output
    # The button says the same in its status cell (xlwings' remote engine, as the buttons' tests).
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.chdir(tmp_path)
    data = book_json(DEFAULT_TARGET, {"InputFolder": "bai_nop"})
    button = caller_book(data)
    excel.upgrade()
    status = " ".join(Replay(data, button.json()["actions"]).status().split())
    assert said in status and status.endswith(MARK_NEW_COLUMNS), status
    # Once one new cell is marked the file is completed: nothing more to say.
    wb = openpyxl.load_workbook(sent_back / source.name)
    wb[layout.SHEET_MEMBERS][M.cell("youth_union", 2)] = vocab.YES_NO.label("no")
    wb.save(sent_back / source.name)
    again = _cli("upgrade", sent_back, "--out", tmp_path / "lai")
    assert again.exit_code == 0, again.output
    assert "chưa điền các cột mới" not in again.output and MARK_NEW_COLUMNS not in again.output
