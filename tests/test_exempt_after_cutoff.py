"""An old-age exemption that starts after the cut-off is not in force at it (design §6): it is
judged at its start. Granted on reaching the age after the cut-off, it is right, and neither
the `Miễn, tạm miễn` list nor `member.exempt_age` asks to review it (they said "đến ngày chốt
mới 59 tuổi"); granted before the age, both say so at its start."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from helpers_validate import clean_info, member, run, write
from helpers_worklists import REGISTRY, _member, d
from test_worklists_edges import lists, rows, submission

from toolkit.cli import main
from toolkit.core.rules import HIDDEN

OLD = {"exempt_reason": "old_age_ill_health"}
CB01 = REGISTRY.organisations[1]


def test_the_lists_judge_an_exemption_after_the_cutoff_at_its_start(tmp_path: Path) -> None:
    members = [
        # 60 on 01/04/2026, exempt from 15/04/2026: right, not listed.
        _member("Phùng Văn Sau", "01/04/1966", "male", "09/01/1990", "09/01/1991")
        | {**OLD, "exempt_from": d("15/04/2026")},
        # 55 on 10/04/2026, exempt from 20/04/2026: right, not listed.
        _member("Đoàn Thị Sau", "10/04/1971", "female", "09/01/1995", "09/01/1996")
        | {**OLD, "exempt_from": d("20/04/2026")},
        # 60 on 01/05/2026 only, exempt from 15/04/2026: 59 at its start, listed so.
        _member("Phùng Văn Bảy", "01/05/1966", "male", "09/01/1990", "09/01/1991")
        | {**OLD, "exempt_from": d("15/04/2026")},
        # Exempt since before the cut-off at 59: listed as before, at the cut-off.
        _member("Đỗ Văn Long", "01/04/1966", "male", "01/01/1995", "01/01/1996")
        | {**OLD, "exempt_from": d("01/01/2026")},
    ]
    folder = tmp_path / "bai_nop"
    submission(folder, CB01, members)
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out)
    assert result.exit_code == 0, result.output
    found = {r[3]: (r[8], r[9]) for r in rows(out, "Miễn, tạm miễn")}
    assert found == {
        "Phùng Văn Bảy": (
            dt.datetime(2026, 5, 1),
            "Miễn vì tuổi cao từ 15/4/2026 (sau ngày chốt) nhưng đến ngày đó mới 59 tuổi (cần từ 60 tuổi)",
        ),
        "Đỗ Văn Long": (
            dt.datetime(2026, 4, 1),
            "Miễn vì tuổi cao nhưng đến ngày chốt mới 59 tuổi (cần từ 60 tuổi)",
        ),
    }


def test_validation_judges_an_exemption_after_the_cutoff_at_its_start(tmp_path: Path) -> None:
    roll = [
        member(
            full_name="Phùng Văn Sau", birth_date=dt.date(1966, 4, 1), exempt_from=dt.date(2026, 4, 15), **OLD
        ),
        member(
            row_no=2,
            full_name="Phùng Văn Bảy",
            birth_date=dt.date(1966, 5, 1),
            card_no="01234599",
            exempt_from=dt.date(2026, 4, 15),
            **OLD,
        ),
        member(
            row_no=3,
            full_name="Đỗ Văn Long",
            birth_date=dt.date(1966, 4, 1),
            card_no="01234598",
            exempt_from=dt.date(2026, 1, 1),
            **OLD,
        ),
    ]
    path = write(tmp_path, "a.xlsx", info=clean_info(), members=roll, events=[], years=[])
    issues = [i for i in run(path).issues if i.code == "member.exempt_age"]
    assert [i.cell for i in issues] == ["S3", "S4"]
    later, before = issues
    assert later.message.endswith(
        "Miễn vì “Tuổi cao, sức khỏe yếu” nhưng đến ngày bắt đầu miễn 15/04/2026 mới 59 tuổi (Nam, cần "
        "từ 60 tuổi). Hãy kiểm tra lý do miễn."
    ), later.message
    assert before.message.endswith(
        "Miễn vì “Tuổi cao, sức khỏe yếu” nhưng đến ngày chốt mới 59 tuổi (Nam, cần từ 60 tuổi). Hãy "
        "kiểm tra lý do miễn."
    ), before.message
    masked = later.without_personal_data().message
    # Without personal data the age is dropped, not left a hole (rules.MASKED_TEMPLATES).
    assert "15/04/2026" not in masked and "59" not in masked and HIDDEN not in masked, masked
    assert "đến ngày bắt đầu miễn chưa đủ tuổi được miễn vì tuổi cao" in masked, masked


def test_the_validate_command_no_longer_warns_about_an_exemption_granted_at_the_age(tmp_path: Path) -> None:
    roll = [
        member(
            full_name="Phùng Văn Sau", birth_date=dt.date(1966, 4, 1), exempt_from=dt.date(2026, 4, 15), **OLD
        )
    ]
    path = write(tmp_path, "a.xlsx", members=roll, events=[], years=[])
    result = CliRunner().invoke(main, ["validate", str(path), "--cutoff", "31/03/2026"])
    assert "member.exempt_age" not in result.output, result.output
