"""What `Đi làm ăn xa` says of an exemption missing its date or its reason (hunt164 F2, F4).

F2: an old-age reason without `Miễn … từ ngày` is not counted as exempt by the figures (§6: exempt
from that date on); the list said "Miễn công tác và sinh hoạt đảng (tuổi cao, sức khỏe yếu)", as if
in force. It now says the date is missing, as the temporary case does ("Tạm miễn, chưa ghi ngày").

F4: an exemption dated without its reason is counted as temporary; `Miễn, tạm miễn` says so
("Chưa ghi lý do miễn (tính là tạm miễn)"), `Đi làm ăn xa` left the reason blank with no word.
"""

from __future__ import annotations

from pathlib import Path

from helpers_worklists import REGISTRY, _member, d, submission
from test_worklists_edges import lists, rows

from toolkit.worklists.exemptions import NO_REASON


def _listed(tmp_path: Path) -> tuple[dict[str, tuple], dict[str, tuple]]:
    """(name → row of `Đi làm ăn xa`, name → row of `Miễn, tạm miễn`) of a file with the two cases."""
    cb01 = REGISTRY.organisations[1]
    members = [
        # Old age (over 60 at the cut-off), no exemption date.
        _member("Âu Văn Già", "01/01/1950", "male", "01/01/1980", "01/01/1981", working_away="yes")
        | {"exempt_reason": "old_age_ill_health"},
        # Exempted from 01/01/2025, no reason: temporary, over 12 months at 31/3/2026.
        _member("Âu Văn Lý", "01/01/1985", "male", "01/01/2010", "01/01/2011", working_away="yes")
        | {"exempt_from": d("01/01/2025")},
        _member("Âu Văn Xa", "01/01/1986", "male", "01/01/2010", "01/01/2011", working_away="yes")
        | {"exempt_from": d("01/03/2026"), "exempt_reason": "working_away"},
    ]
    folder = tmp_path / "bai_nop"
    submission(folder, cb01, members)
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out)
    assert result.exit_code == 0, result.output
    return ({r[3]: r for r in rows(out, "Đi làm ăn xa")}, {r[3]: r for r in rows(out, "Miễn, tạm miễn")})


def test_an_old_age_exemption_without_its_date_is_not_said_in_force(tmp_path: Path) -> None:
    away, _ = _listed(tmp_path)
    row = away["Âu Văn Già"]
    assert row[5] is None and row[6] == "Tuổi cao, sức khỏe yếu", row
    assert row[7] == "Miễn (tuổi cao, sức khỏe yếu), chưa ghi ngày", row[7]
    assert row[8] is None and row[9] is None, row


def test_an_exemption_without_its_reason_is_said_counted_as_temporary_on_both_lists(tmp_path: Path) -> None:
    away, exempt = _listed(tmp_path)
    row = away["Âu Văn Lý"]
    assert row[6] is None and row[7] == "Tạm miễn đã quá 12 tháng", row
    assert row[9] == NO_REASON == "Chưa ghi lý do miễn (tính là tạm miễn)", row[9]
    assert exempt["Âu Văn Lý"][9].startswith(f"{NO_REASON}; "), exempt["Âu Văn Lý"]
    assert away["Âu Văn Xa"][9] is None  # a reason written: no note, as before
