"""An old-age exemption (Tuổi cao, sức khỏe yếu) dated before the member's admission (fix376).
Validation warns at the exemption's cell (`member.exempt_before_admission`, whose words fit
both kinds, hunt107 F7), and a temporary exemption so dated is always on `Miễn, tạm miễn`, red,
its note saying the two dates contradict (hunt105 F5); an old-age one was left off the list
whenever the member had the age, so the one list of exemptions to review said nothing of it.
It is now listed alike: red, the note saying the dates contradict (and the age when the member
is also below it, the due date then the day they reach it; otherwise no due date: an old-age
exemption runs out on no day). Real generated workbooks, the `lists` command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, d
from test_worklists_edges import HEADER_ROW, lists, submission

from toolkit.cli import main
from toolkit.core import layout

CB02, CB01, CB03 = REGISTRY.organisations
RED = "FF9C0006"


def _old(name: str, birth: str, admitted: str, exempt: str) -> dict[str, Any]:
    """An official member (12 months after `admitted`), exempted for old age from `exempt`."""
    official = f"{admitted[:6]}{int(admitted[6:]) + 1}"
    return _member(
        name, birth, "male", admitted, official, exempt_from=d(exempt), exempt_reason="old_age_ill_health"
    )


def _rows(tmp_path: Path, members: list[dict[str, Any]], events: list[dict[str, Any]] | None = None) -> dict:
    folder = tmp_path / "nop"
    submission(folder, CB01, members, events=events)
    out = tmp_path / "ds.xlsx"
    lists(folder, out)
    ws = openpyxl.load_workbook(out)["Miễn, tạm miễn"]
    return {
        r[3].value: ([c.value for c in r], r[3].font.color.rgb if r[3].font.color else None)
        for r in ws.iter_rows(min_row=HEADER_ROW + 1)
        if isinstance(r[0].value, int)
    }


def test_an_old_age_exemption_before_admission_is_listed_red(tmp_path: Path) -> None:
    lao = _old("Phan Văn Lão", "01/01/1950", "01/06/1980", "01/01/1980")  # 76 at the cut-off
    right = _old("Phan Văn Đúng", "01/01/1950", "01/06/1980", "01/01/2015")  # no contradiction
    folder = tmp_path / "nop"
    submission(folder, CB01, [lao, right])
    said = " ".join(CliRunner().invoke(main, ["validate", str(folder)]).output.split())
    assert f"Đảng viên!{layout.MEMBERS.cell('exempt_from', 2)} (member.exempt_before_admission)" in said
    rows = _rows(tmp_path / "l", [lao, right])
    assert "Phan Văn Đúng" not in rows  # of age, dated after the admission: nothing to review
    values, colour = rows["Phan Văn Lão"]
    assert colour == RED
    assert values[6].date() == d("01/01/1980")  # Miễn từ ngày, as typed
    assert values[8] is None  # no due date: an old-age exemption runs out on no day
    assert values[9] == "Miễn từ 01/01/1980, trước ngày vào Đảng 01/6/1980: hai ngày trái nhau, hãy kiểm tra"


def test_one_also_below_the_age_says_both_and_is_due_at_the_age(tmp_path: Path) -> None:
    young = _old("Lý Văn Trẻ", "15/08/1970", "01/06/2010", "01/01/2009")  # 55 at the cut-off
    values, colour = _rows(tmp_path, [young])["Lý Văn Trẻ"]
    assert colour == RED
    assert values[8].date() == d("15/08/2030")
    assert values[9] == (
        "Miễn từ 01/01/2009, trước ngày vào Đảng 01/6/2010: hai ngày trái nhau, hãy kiểm tra; "
        "miễn vì tuổi cao nhưng đến ngày chốt mới 55 tuổi (cần từ 60 tuổi)"
    )


def test_one_before_a_readmission_names_its_row(tmp_path: Path) -> None:
    back = _old("Đỗ Văn Về", "01/01/1950", "01/06/1980", "01/06/2020")
    again = {
        "full_name": "Đỗ Văn Về",
        "birth_date": d("01/01/1950"),
        "event_type": "readmitted",
        "event_date": d("10/01/2021"),
        "decision_no": "9-QĐ/ĐU",
    }
    values, colour = _rows(tmp_path, [back], [again])["Đỗ Văn Về"]
    assert colour == RED
    assert values[9].startswith(
        "Miễn từ 01/6/2020, trước ngày kết nạp lại 10/01/2021 (CB01.xlsx, Biến động dòng 2): hai ngày "
        "trái nhau, hãy kiểm tra"
    ), values[9]


def test_the_rule_line_says_either_kind_is_red(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    submission(folder, CB01, [_old("Phan Văn Lão", "01/01/1950", "01/06/1980", "01/01/1980")])
    out = tmp_path / "ds.xlsx"
    lists(folder, out)
    rule = openpyxl.load_workbook(out)["Miễn, tạm miễn"].cell(4, 1).value
    assert "Miễn hoặc tạm miễn ghi từ trước ngày vào Đảng hoặc ngày kết nạp lại" in rule, rule
