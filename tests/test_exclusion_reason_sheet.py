"""The reason an organisation is excluded names its first error's place once: a title that
already names its sheet ("… vẫn còn ở sheet “Đảng viên”") is followed by the cell alone, never by
"ở sheet “Đảng viên”" again (hunt121 F5); another title keeps the sheet and the cell."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, d, submission

from toolkit.cli import main


def _reasons(folder: Path, tmp_path: Path) -> dict[str, str]:
    out, summary = tmp_path / "ket_qua.xlsx", tmp_path / "ket_qua.json"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(out), "--json", str(summary)]
    done = CliRunner().invoke(main, [*args, "--no-history"])
    assert "Traceback" not in done.output
    data = json.loads(summary.read_text(encoding="utf-8"))
    return {o["org_code"]: o.get("reason") or "" for o in data["organisations"]}


def test_a_title_naming_its_sheet_is_followed_by_the_cell_alone(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    cb02, cb01, cb03 = REGISTRY.organisations
    roll = [
        _member("Lê Văn Một", "01/01/1970", "male", "01/01/1995", "01/01/1996"),
        _member("Lê Văn Hai", "02/01/1970", "male", "01/01/1995", "01/01/1996"),
    ]
    died = {
        "full_name": "Lê Văn Hai",
        "birth_date": d("02/01/1970"),
        "event_type": "died",
        "event_date": d("10/02/2026"),
    }
    submission(folder, cb01, roll, events=[died])  # still on the roll: event.left_still_on_roll
    early = _member("Trần Văn Ba", "01/01/1970", "male", "19/05/1996", "19/06/1996")  # official too early
    submission(folder, cb03, [early])
    reasons = _reasons(folder, tmp_path)
    assert reasons["CB01"] == (
        "tệp CB01.xlsx có lỗi: Đã ra khỏi danh sách nhưng vẫn còn ở sheet “Đảng viên”, ô B3"
    ), reasons["CB01"]
    assert reasons["CB03"].startswith(
        "tệp CB03.xlsx có lỗi: Ngày chính thức quá sớm ở sheet \u201cĐảng viên\u201d, ô "
    ), reasons["CB03"]
