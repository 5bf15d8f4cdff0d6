"""An exemption dated before the member's admission (or readmission), on `Đi làm ăn xa` (fix379).

`Miễn, tạm miễn` lists such an exemption, of either kind, in red, its note saying the two dates
contradict (hunt105 F5, fix376). `Đi làm ăn xa` said it in other words, in its state column, for a
temporary exemption only ("Tạm miễn (ghi từ trước ngày vào Đảng …: hai ngày trái nhau)"), in black;
an old-age one so dated was only "Miễn công tác và sinh hoạt đảng (tuổi cao, sức khỏe yếu)". Both
lists now say the contradiction in the same words (`exemptions.contradiction`, one function), in
the note, the row red; the state column of `Đi làm ăn xa` says the state, a temporary exemption
timed from the admission saying so. Real generated workbooks, the `lists` command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from helpers_worklists import REGISTRY, _member, d, list_rows, submission
from test_worklists_edges import lists

CB02, CB01, CB03 = REGISTRY.organisations


def _away(name: str, birth: str, admitted: str, exempt: str, reason: str) -> dict[str, Any]:
    """A member working away, official 12 months after `admitted`, exempted from `exempt`."""
    official = f"{admitted[:6]}{int(admitted[6:]) + 1}"
    more = {"exempt_from": d(exempt), "exempt_reason": reason, "working_away": "yes"}
    return _member(name, birth, "male", admitted, official, **more)


def _lists(tmp_path: Path, members: list[dict[str, Any]], events: list[dict[str, Any]] | None = None) -> Any:
    folder = tmp_path / "nop"
    submission(folder, CB01, members, events=events)
    out = tmp_path / "ds.xlsx"
    result = lists(folder, out)
    assert result.exit_code == 0, result.output
    return list_rows(out, "Đi làm ăn xa"), list_rows(out, "Miễn, tạm miễn"), out


def test_an_old_age_exemption_before_admission_is_said_alike_and_red_on_both_lists(tmp_path: Path) -> None:
    lao = _away("Phan Văn Lão", "01/01/1950", "01/06/1980", "01/01/1980", "old_age_ill_health")
    right = _away("Phan Văn Đúng", "01/01/1950", "01/06/1980", "01/01/2015", "old_age_ill_health")
    away, exempt, _ = _lists(tmp_path, [lao, right])
    said = "Miễn từ 01/01/1980, trước ngày vào Đảng 01/6/1980: hai ngày trái nhau, hãy kiểm tra"
    values, red = away["Phan Văn Lão"]
    assert red, values
    assert values[7] == "Miễn (tuổi cao, sức khỏe yếu)", values[7]
    assert values[8] is None  # no due date: an old-age exemption runs out on no day
    assert values[9] == said, values[9]
    assert exempt["Phan Văn Lão"][0][9] == said and exempt["Phan Văn Lão"][1]
    values, red = away["Phan Văn Đúng"]  # no contradiction: as before
    assert not red and values[9] is None, values
    assert values[7] == "Miễn (tuổi cao, sức khỏe yếu)", values[7]


def test_a_temporary_one_says_the_contradiction_in_the_words_of_the_exemptions_list(tmp_path: Path) -> None:
    loc = _away("Tôn Thất Bửu Lộc", "05/05/1990", "20/04/2025", "01/01/2025", "working_away")
    away, exempt, _ = _lists(tmp_path, [loc])
    said = "Miễn từ 01/01/2025, trước ngày vào Đảng 20/4/2025: hai ngày trái nhau, hãy kiểm tra"
    values, red = away["Tôn Thất Bửu Lộc"]
    assert red, values
    assert values[7] == "Tạm miễn (tính từ ngày vào Đảng 20/4/2025)", values[7]
    assert values[8].date() == d("20/04/2026")
    assert values[9] == said, values[9]
    assert exempt["Tôn Thất Bửu Lộc"][0][9].startswith(f"{said}; "), exempt["Tôn Thất Bửu Lộc"]


def test_one_before_a_readmission_names_its_row_on_both_lists(tmp_path: Path) -> None:
    back = _away("Đỗ Văn Về", "01/01/1950", "01/06/1980", "01/06/2020", "old_age_ill_health")
    xa = _away("Đỗ Văn Xa", "01/01/1985", "01/06/2005", "01/06/2024", "working_away")
    again = [
        {
            "full_name": name,
            "birth_date": d(birth),
            "event_type": "readmitted",
            "event_date": d("10/01/2025"),
            "decision_no": "9-QĐ/ĐU",
        }
        for name, birth in (("Đỗ Văn Về", "01/01/1950"), ("Đỗ Văn Xa", "01/01/1985"))
    ]
    away, exempt, _ = _lists(tmp_path, [back, xa], again)
    for name, start, row in (("Đỗ Văn Về", "01/6/2020", 2), ("Đỗ Văn Xa", "01/6/2024", 3)):
        said = (
            f"Miễn từ {start}, trước ngày kết nạp lại 10/01/2025 (CB01.xlsx, Biến động dòng {row}): hai "
            "ngày trái nhau, hãy kiểm tra"
        )
        values, red = away[name]
        assert red and values[9] == said, values
        assert exempt[name][0][9].startswith(said), exempt[name]
    assert away["Đỗ Văn Xa"][0][7] == "Tạm miễn đã quá 12 tháng (tính từ ngày kết nạp lại 10/01/2025)"
    assert away["Đỗ Văn Về"][0][7] == "Miễn (tuổi cao, sức khỏe yếu)"


def test_the_rule_line_of_both_lists_says_such_rows_are_red(tmp_path: Path) -> None:
    lao = _away("Phan Văn Lão", "01/01/1950", "01/06/1980", "01/01/1980", "old_age_ill_health")
    _, _, out = _lists(tmp_path, [lao])
    book = openpyxl.load_workbook(out)
    said = (
        "Miễn hoặc tạm miễn ghi từ trước ngày vào Đảng hoặc ngày kết nạp lại (hai ngày trái nhau): "
        "dòng chữ đỏ"
    )
    for sheet in ("Đi làm ăn xa", "Miễn, tạm miễn"):
        rule = book[sheet].cell(4, 1).value
        assert said in rule, (sheet, rule)


def test_every_old_age_state_of_the_list_has_one_head(tmp_path: Path) -> None:
    """An old-age exemption in force was "Miễn công tác và sinh hoạt đảng (tuổi cao, sức khỏe
    yếu)", one after the cut-off or undated "Miễn (tuổi cao, sức khỏe yếu) …" in the same column,
    a temporary one "Tạm miễn" in all three: the old-age states now begin alike too (fix379)."""
    now = _away("Phan Văn Nay", "01/01/1950", "01/06/1980", "01/01/2015", "old_age_ill_health")
    later = _away("Phan Văn Sau", "01/01/1950", "01/06/1980", "01/05/2026", "old_age_ill_health")
    undated = _away("Phan Văn Trống", "01/01/1950", "01/06/1980", "01/01/2015", "old_age_ill_health")
    undated["exempt_from"] = None
    away, _, _ = _lists(tmp_path, [now, later, undated])
    assert {name: values[7] for name, (values, _) in away.items()} == {
        "Phan Văn Nay": "Miễn (tuổi cao, sức khỏe yếu)",
        "Phan Văn Sau": "Miễn (tuổi cao, sức khỏe yếu) từ 01/5/2026 (sau ngày chốt)",
        "Phan Văn Trống": "Miễn (tuổi cao, sức khỏe yếu), chưa ghi ngày",
    }


def test_the_office_guide_says_which_rows_of_both_lists_are_red() -> None:
    """docs/excel.md said only a temporary exemption so dated was red, on `Miễn, tạm miễn` only."""
    guide = " ".join((Path(__file__).parents[1] / "docs" / "excel.md").read_text(encoding="utf-8").split())
    red = "miễn hoặc tạm miễn ghi từ trước ngày vào Đảng hoặc ngày kết nạp lại"
    assert f"{red} thì chữ đỏ), *Đi làm ăn xa* (kèm tình trạng miễn; {red} cũng chữ đỏ" in guide
