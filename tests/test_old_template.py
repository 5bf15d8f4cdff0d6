"""Submissions of template 2026.1: read with their own layout, handed on in the current shape,
validated with one `file.old_template` warning, consolidated with the new attributes unknown
and the report groups of the old occupations exact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
from helpers_names import spelled
from helpers_validate import clean_info, clean_members, member, run, write, write_old

from toolkit.core import layout, vocab
from toolkit.io.reader import read_submission
from toolkit.outputs.report import report_paragraphs
from toolkit.outputs.sheets import SHEET_BY_ORG, SHEET_SUMMARY
from toolkit.outputs.sheets.by_org import scope_unknown_note
from toolkit.outputs.summary_lines import SCOPE_UNKNOWN_NOTE, UNKNOWN_WHY, changes_table
from toolkit.outputs.workbook import write_workbook
from toolkit.pipeline import consolidate

OLD = layout.LAYOUT_2026_1


def test_an_old_file_is_read_in_the_current_shape(tmp_path: Path) -> None:
    sub = read_submission(write_old(tmp_path))
    assert sub.template_version == layout.VERSION_2026_1 and sub.upgraded_from is None
    assert [i.code for i in sub.issues] == ["file.old_template"]
    warning = sub.issues[0]
    assert warning.severity == "warning" and warning.sheet == layout.SHEET_INFO
    for header in ("Dân tộc", "Tôn giáo", "Học hàm", "Đoàn viên Đoàn TNCS Hồ Chí Minh", "Phạm vi chuyển"):
        assert f"“{header}”" in warning.message
    m = sub.members
    assert list(m.columns) == [*layout.MEMBERS.frame_keys, "_row"]
    assert m["ethnicity"].isna().all() and m["religion"].isna().all()
    assert not m["attributes_2026_2"].any()
    # Cán bộ, công chức → unknown; Viên chức, Hưu trí → their one meaning; Lao động tự do → Khác.
    assert m["occupation"].tolist() == [None, "public_employee", "retired", None, "other"]
    assert m["occupation_2026_1"].tolist() == [
        "civil_servant",
        "public_employee",
        "retired",
        "enterprise_worker",
        "freelance",
    ]
    assert list(sub.events.columns) == [*layout.EVENTS.keys, "_row"]
    assert sub.events["transfer_scope"].isna().all()
    assert sub.info["no_candidates_left"] is None and sub.info["cutoff_date"] == dt.date(2026, 3, 31)


def test_a_clean_old_file_has_only_the_old_template_warning(tmp_path: Path) -> None:
    result = run(write_old(tmp_path))
    assert [(i.code, i.severity) for i in result.issues] == [("file.old_template", "warning")]
    assert result.submissions[0].status == "warnings"


def test_an_old_files_problems_are_located_in_its_own_columns(tmp_path: Path) -> None:
    rows = clean_members()
    rows[0].update(official_date=dt.date(2005, 12, 1))  # too early
    rows[1].update(occupation="Giáo viên")  # on neither list
    rows[2].update(occupation=None)
    result = run(write_old(tmp_path, members=rows))
    found = {(i.code, i.cell) for i in result.issues}
    assert ("member.official_too_early", OLD.members.cell("official_date", 2)) == (
        "member.official_too_early",
        "G2",
    )
    assert ("member.official_too_early", "G2") in found
    assert ("member.not_allowed", "K3") in found
    assert ("member.required", "K4") in found
    not_allowed = next(i for i in result.issues if i.code == "member.not_allowed")
    # "Giáo viên" is no slip of any value: nothing suggested (it was "Sinh viên").
    assert not_allowed.value == "Giáo viên" and "không có trong danh sách. Hãy" in not_allowed.message
    assert all(i.code != "member.required" or i.cell == "K4" for i in result.issues)


def test_an_old_label_in_a_file_of_the_current_template_is_an_error(tmp_path: Path) -> None:
    rows = clean_members()
    rows[0].update(occupation="Cán bộ, công chức")
    result = run(write(tmp_path, members=rows))
    issue = next(i for i in result.issues if i.code == "member.not_allowed")
    assert (issue.severity, issue.cell) == ("error", layout.MEMBERS.cell("occupation", 2))


def _other_org(folder: Path) -> Path:
    rows = [
        member(
            full_name=f"Người CB {spelled(n)}",
            birth_date=dt.date(1970 + n, 1, 1),
            card_no=f"CB08-{n}",
            ethnicity="02",
        )
        for n in range(1, 4)
    ]
    return write(
        folder,
        "CB08_chi_bo_to_dan_pho_so_8.xlsx",
        info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8"),
        members=rows,
        events=[],
        # The finished year of the period has its row (`year.missing`), its members rated
        # (`year.unrated`).
        years=[{"year": 2025, "rated_good": 3}],
    )


def test_a_mixed_folder_consolidates_with_one_warning_per_old_file(tmp_path: Path) -> None:
    write_old(tmp_path)
    _other_org(tmp_path)
    result = consolidate([tmp_path], cutoff=dt.date(2026, 3, 31), ward_name="Phường Thử")
    assert [(i.code, i.file) for i in result.issues] == [
        ("file.old_template", "CB07_chi_bo_to_dan_pho_so_7.xlsx")
    ]
    assert result.count("consolidated") == 2
    ind = result.indicators
    assert ind["members.total"] == 8
    assert ind["members.ethnicity.unknown"] == 5 and ind["members.ethnicity.02"] == 3
    assert ind["members.ethnic_minority"] == 3
    assert ind["members.youth_union.unknown"] == 5
    assert ind["members.occupation.unknown"] == 2  # Cán bộ, công chức; Người lao động trong doanh nghiệp
    # The old file's report groups are exact: 2 civil servants (Cán bộ, công chức; Viên chức)
    # and the other organisation's 3 ward officials.
    assert ind["members.occupation_group.civil_servants"] == 5
    assert ind["members.occupation_group.enterprise"] == 1
    by_org = {o.org_code: o for o in result.organisations}
    assert by_org["CB07"].template_version == layout.VERSION_2026_1
    assert by_org["CB08"].template_version == layout.TEMPLATE_VERSION
    summary = result.to_summary()
    assert {o["org_code"]: o["template_version"] for o in summary["organisations"]} == {
        "CB07": "2026.1",
        "CB08": "2026.2",
    }


def test_old_transfers_count_as_the_wards_changes(tmp_path: Path) -> None:
    events = [
        {
            "full_name": "Đinh Văn Khải",
            "birth_date": dt.date(1985, 9, 9),
            "event_type": "transfer_out",
            "event_date": dt.date(2025, 8, 1),
        }
    ]
    write_old(tmp_path, events=events)
    result = consolidate([tmp_path], cutoff=dt.date(2026, 3, 31))
    assert result.indicators["changes.transfer_out.total"] == 1
    assert result.indicators["changes.transfer_out_internal.total"] == 0
    assert pd.isna(read_submission(next(tmp_path.glob("*.xlsx"))).events["transfer_scope"].iloc[0])
    # ... and wherever transfers are stated, that this one's scope is unknown is said too.
    assert result.indicators["changes.transfer_out.scope_unknown"] == 1
    assert result.indicators["changes.transfer_in.scope_unknown"] == 0
    table = changes_table(result)
    labels = [r.label for r in table.rows]
    below = labels[labels.index(vocab.EVENT_TYPE.label("transfer_out")) + 1]
    assert below == "Trong đó chưa rõ phạm vi chuyển"
    assert [r.total for r in table.rows if r.label == below] == [1]  # not under Chuyển đến: none there
    assert table.note is not None and SCOPE_UNKNOWN_NOTE in table.note
    assert scope_unknown_note(result) == (
        "Ghi chú: cột chuyển đến, chuyển đi (ngoài phường) gồm cả chuyển sinh hoạt chưa rõ phạm vi "
        f"chuyển ({UNKNOWN_WHY}), có thể là chuyển trong Đảng bộ phường: CB07 (1 chuyển đi)."
    )
    # In the workbook: each note across its table (`Theo tổ chức`'s across its first printed
    # page's columns, the table printing over two pages wide), wrapped, so that it prints in full.
    (tmp_path / "out").mkdir()
    book = openpyxl.load_workbook(write_workbook(result, tmp_path / "out" / "tong_hop.xlsx"))
    by_org = book[SHEET_BY_ORG]
    page_end = min((brk.id for brk in by_org.col_breaks.brk), default=by_org.max_column)
    last_columns = {SHEET_SUMMARY: len(table.years) + 2, SHEET_BY_ORG: page_end}
    for sheet, text in ((SHEET_SUMMARY, SCOPE_UNKNOWN_NOTE), (SHEET_BY_ORG, "CB07 (1 chuyển đi)")):
        ws = book[sheet]
        (cell,) = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and text in c.value]
        (merged,) = [m for m in ws.merged_cells.ranges if cell.coordinate in m]
        assert (merged.min_col, merged.max_col) == (1, last_columns[sheet]), sheet
        assert cell.alignment.wrap_text, sheet
    report = " ".join(report_paragraphs(result.to_summary()))
    assert "chuyển đi 01 đồng chí" in report
    assert (
        f"Trong số đó có 01 đồng chí chuyển đi chưa rõ phạm vi chuyển ({UNKNOWN_WHY}), có thể gồm cả "
        "chuyển sinh hoạt giữa các tổ chức trong Đảng bộ phường."
    ) in report
    # A xã's report says its own body, as its first sentence does (review211).
    commune = " ".join(report_paragraphs({**result.to_summary(), "ward_name": "Xã Ea Tam"}))
    assert "có thể gồm cả chuyển sinh hoạt giữa các tổ chức trong Đảng bộ xã Ea Tam." in commune
    assert "phường" not in commune, commune


def test_with_every_scope_known_nothing_is_said_of_unknown_scopes(tmp_path: Path) -> None:
    events = [
        {
            "row_no": 1,
            "full_name": "Đinh Văn Khải",
            "birth_date": dt.date(1985, 9, 9),
            "event_type": "transfer_out",
            "event_date": dt.date(2025, 8, 1),
            "transfer_scope": "other_province",
        }
    ]
    write(tmp_path, events=events, years=[])
    result = consolidate([tmp_path], cutoff=dt.date(2026, 3, 31))
    assert result.indicators["changes.transfer_out.total"] == 1
    assert result.indicators["changes.transfer_out.scope_unknown"] == 0
    table = changes_table(result)
    assert "Trong đó chưa rõ phạm vi chuyển" not in [r.label for r in table.rows]
    assert table.note is not None and "chưa rõ phạm vi" not in table.note
    assert scope_unknown_note(result) is None
    assert "chưa rõ phạm vi" not in " ".join(report_paragraphs(result.to_summary()))


def test_theo_to_chuc_leaves_empty_what_an_old_file_does_not_record(tmp_path: Path) -> None:
    """A 2026.1 file has no ethnicity, religion or youth-union column: its organisation's cells
    of those columns are empty, never 0; the total row counts the members whose value is known,
    the row under it those whose value is unknown, and a note says why and names where."""
    write_old(tmp_path)
    _other_org(tmp_path)
    result = consolidate([tmp_path], cutoff=dt.date(2026, 3, 31), ward_name="Phường Thử")
    (tmp_path / "out").mkdir()
    ws = openpyxl.load_workbook(write_workbook(result, tmp_path / "out" / "tong_hop.xlsx"))[SHEET_BY_ORG]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = rows[3]
    columns = [header.index(h) for h in ("Dân tộc thiểu số", "Theo tôn giáo", "Đoàn viên TNCS Hồ Chí Minh")]
    by_code = {r[0]: r for r in rows[4:]}
    assert [by_code["CB07"][c] for c in columns] == [None, None, None]  # 5 members, none recorded
    assert by_code["CB08"][columns[0]] == 3  # of a current file: counted (its 0s are counts)
    assert [by_code["CB08"][c] for c in columns[1:]] == [0, 0]
    total = next(r for r in rows if str(r[0]).startswith("Cộng toàn Đảng bộ"))
    assert [total[c] for c in columns] == [3, 0, 0]
    unknown = rows[rows.index(total) + 1]
    assert unknown[0] == "Chưa rõ (tổ chức dùng biểu mẫu cũ hoặc chưa bổ sung), không tính vào dòng Cộng"
    assert [unknown[c] for c in columns] == [5, 5, 5]
    assert [v for i, v in enumerate(unknown) if i not in columns and i >= 5] == [None] * (len(header) - 8)
    assert (
        f"Ghi chú: 5 đảng viên chưa rõ dân tộc, tôn giáo và có là đoàn viên hay không ({UNKNOWN_WHY}), "
        "không tính vào các cột “Dân tộc thiểu số”, “Theo tôn giáo”, “Đoàn viên TNCS Hồ Chí Minh” và "
        "dòng Cộng: CB07 (5). Ô để trống: mọi đảng viên của tổ chức đều chưa rõ."
    ) in [r[0] for r in rows]


def test_theo_to_chuc_of_current_files_has_no_unknown_row(tmp_path: Path) -> None:
    _other_org(tmp_path)
    result = consolidate([tmp_path], cutoff=dt.date(2026, 3, 31), ward_name="Phường Thử")
    (tmp_path / "out").mkdir()
    ws = openpyxl.load_workbook(write_workbook(result, tmp_path / "out" / "tong_hop.xlsx"))[SHEET_BY_ORG]
    texts = [str(r[0]) for r in ws.iter_rows(values_only=True)]
    assert texts[-1].startswith("Cộng toàn Đảng bộ")  # nothing under the total
