"""`member.name_without_accents` is said at the row lacking accents, whichever row comes first
(helper 269): CB08's "Đinh Thị Hoa" and CB07's "Dinh Thi Hoa", one birth date, were warned at
CB08's accented row naming CB07's, because `accent_pairs.accent_pairs` put the later row of a
pair first whatever its accents. When neither name is the other with accents left out (each
lacks some, another tone, a bare syllable that is a name of its own), the later row is kept.
The work lists' red rows, which take both rows of a pair, stay as they were."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
from helpers_validate import clean_info, clean_members, member, run, write
from helpers_worklists import REGISTRY, _member, submission

from tests.test_worklists_validation_marks import run_lists, sheet_rows
from toolkit.core.accent_pairs import accent_pairs
from toolkit.worklists.collect import ACCENT_MARK

CODE = "member.name_without_accents"
BORN = dt.date(1970, 1, 1)


def _org(folder: Path, code: str, rows: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    info = clean_info(org_code=code, org_name=f"Chi bộ Tổ dân phố số {code[-1]}")
    return write(folder, f"{code}.xlsx", info=info, members=rows, events=[], years=[])


def _hoa(name: str, row_no: int, card: str) -> dict[str, Any]:
    return member(row_no=row_no, full_name=name, birth_date=BORN, gender="female", card_no=card)


def test_across_files_the_row_lacking_accents_is_said_though_it_comes_first(tmp_path: Path) -> None:
    bare = _org(tmp_path / "a", "CB07", [*clean_members(), _hoa("Dinh Thi Hoa", 6, "07654322")])
    full = _org(tmp_path / "b", "CB08", [_hoa("Đinh Thị Hoa", 1, "07654321")])
    for paths in ((bare, full), (full, bare)):
        said = [i for i in run(*paths).issues if i.code == CODE]
        assert [(i.file, i.sheet, i.cell) for i in said] == [("CB07.xlsx", "Đảng viên", "B7")], said
        assert (
            "“Dinh Thi Hoa”, sinh 01/01/1970, và “Đinh Thị Hoa” ở dòng 2 của tệp CB08.xlsx" in said[0].message
        )
        # Without personal data the names are masked; the file and row of the other are named.
        masked = said[0].without_personal_data().message
        assert "Hoa" not in masked and "dòng 2 của tệp CB08.xlsx" in masked


def test_in_a_file_the_row_lacking_accents_is_said_though_it_comes_first(tmp_path: Path) -> None:
    rows = [*clean_members(), _hoa("Pham Quynh Hau", 6, None), _hoa("Phạm Quỳnh Hậu", 7, "0888")]
    said = [i for i in run(write(tmp_path, members=rows)).issues if i.code == CODE]
    assert [i.cell for i in said] == ["B7"], said
    assert (
        "“Pham Quynh Hau”, sinh 01/01/1970, và “Phạm Quỳnh Hậu” ở dòng 8, cùng ngày sinh" in said[0].message
    )


def test_when_neither_lacks_the_others_accents_the_later_row_is_said(tmp_path: Path) -> None:
    """Each lacking some ("Hoàng Văn Dung", "Hoang Văn Dũng"), another tone (Thủy, Thụy), or one
    bare syllable that is a name of its own (Hoa, Hòa: hunt74): the later row, as before."""
    for n, (first, second) in enumerate(
        [
            ("Hoang Văn Dũng", "Hoàng Văn Dung"),
            ("Nguyễn Thị Thụy", "Nguyễn Thị Thủy"),
            ("Lê Thị Hoa", "Lê Thị Hòa"),
        ]
    ):
        folder = tmp_path / str(n)
        folder.mkdir()
        rows = [*clean_members(), _hoa(first, 6, "0881"), _hoa(second, 7, "0882")]
        assert [i.cell for i in run(write(folder, members=rows)).issues if i.code == CODE] == ["B8"], first


def test_the_pairs_put_the_row_lacking_accents_first_in_any_order() -> None:
    distinct = np.array(["đinh thị hoa", "dinh thi hoa", "lê thị hoa", "lê thị hòa"], dtype=object)
    births = np.array([BORN] * 4, dtype="datetime64[D]")
    files = np.array([0, 1, 2, 3], dtype=np.int64)
    for codes, expected in (([0, 1, 2, 3], {(1, 0), (3, 2)}), ([1, 0, 3, 2], {(0, 1), (3, 2)})):
        fewer, more = accent_pairs(np.array(codes, dtype=np.int64), distinct, births, files, files)
        assert set(zip(fewer.tolist(), more.tolist(), strict=True)) == expected, codes


def test_the_work_lists_mark_both_rows_red_whichever_file_comes_first(tmp_path: Path) -> None:
    cb01, cb02 = REGISTRY.organisations[1], REGISTRY.organisations[0]
    folder = tmp_path / "bai_nop"
    submission(folder, cb01, [_member("Nguyen Hai Sang", "11/02/1967", "male", "19/05/1996", "19/05/1997")])
    submission(folder, cb02, [_member("Nguyễn Hải Sang", "11/02/1967", "male", "19/05/1996", "19/05/1997")])
    out = tmp_path / "danh_sach.xlsx"
    result = run_lists(folder, out)
    assert result.exit_code == 0, result.output
    _, badges = sheet_rows(out, "Huy hiệu Đảng")
    same = f"cùng ngày sinh, họ tên {ACCENT_MARK}"
    assert badges["Nguyen Hai Sang"] == (
        f"Tệp CB02.xlsx (dòng 2, sheet “Đảng viên”) ghi “Nguyễn Hải Sang”, {same}",
        True,
    )
    assert badges["Nguyễn Hải Sang"] == (
        f"Tệp CB01.xlsx (dòng 2, sheet “Đảng viên”) ghi “Nguyen Hai Sang”, {same}",
        True,
    )
    warned = [i for i in run(folder / "CB01.xlsx", folder / "CB02.xlsx").issues if i.code == CODE]
    assert [(i.file, i.cell) for i in warned] == [("CB01.xlsx", "B2")], warned
