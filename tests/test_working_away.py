"""One definition of "đi làm ăn xa" (`toolkit.core.working_away`): the column `Đi làm ăn xa` is
`Có`, or the exemption reason is `Đi làm ăn, lao động xa`. The work list counted a member
exempted for working away whose column was left empty; the ward's figures (Tổng hợp, the JSON
summary, the report, the roll-up) counted the column alone, so the report said in one paragraph
that two members were exempted for working away and that one member worked away, and nothing
told the chi bộ. Now every output counts the reason too, and validation warns at the column
left empty (`member.working_away_unmarked`) or `Không` (`member.working_away_contradicts`).

Real template files (`helpers_validate.write`), the commands through click's runner.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from helpers_validate import clean_info, member, run, typed, write

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.model import Organisation, Registry
from toolkit.core.rules import HIDDEN
from toolkit.outputs.feedback import SHEET as FEEDBACK_SHEET
from toolkit.outputs.registry_file import write_registry

CUTOFF = dt.date(2026, 3, 31)
SINCE = dt.date(2026, 1, 1)
AWAY = layout.MEMBERS.letter("working_away")
FAMILY = {"CB01": "Lê Văn", "CB02": "Trần Văn"}
NAMES = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng")
# Exempted for working away in the last months (not over 12 months at the cut-off).
BY_REASON = {"exempt_from": dt.date(2025, 10, 1), "exempt_reason": "working_away"}


def _roll(code: str, flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Full members of `code`, one per dict of fields (the column `Đi làm ăn xa` `Không`
    unless given)."""
    return [
        member(
            row_no=i + 1,
            full_name=f"{FAMILY[code]} {NAMES[i]}",
            birth_date=dt.date(1970 + i, 1 + i, 1 + i),
            card_no=f"0{code[-1]}{1000000 + i}",
            **over,
        )
        for i, over in enumerate(flags)
    ]


# The tester's example: A marked `Có`; B and C exempted for working away, the column left empty.
EXAMPLE = [
    {"working_away": "yes"},
    {**BY_REASON, "working_away": None},
    {**BY_REASON, "working_away": None},
    {},
    {},
]


def _submit(folder: Path, code: str, members: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    info = clean_info(
        org_code=code, org_name=f"Chi bộ Tổ dân phố số {code[-1]}", cutoff_date=CUTOFF, period_start=SINCE
    )
    return write(folder, f"{code}.xlsx", info=info, members=members, events=[], years=[{"year": 2026}])


def _registry(root: Path, codes: list[str]) -> Path:
    registry = Registry(
        [
            Organisation(c, f"Chi bộ Tổ dân phố số {c[-1]}", "chi_bo_truc_thuoc", "to_dan_pho", targets={})
            for c in codes
        ]
    )
    return write_registry(registry, root / "danh_muc.xlsx")


def _consolidate(root: Path, codes: list[str]) -> tuple[dict[str, Any], Any]:
    registry = _registry(root, codes)
    out = root / "tong_hop.xlsx"
    args = ["consolidate", str(root / "nop"), "--registry", str(registry), "--cutoff", CUTOFF.isoformat()]
    args += ["-o", str(out), "--json", str(root / "tong_hop.json"), "--no-history"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0 and out.exists(), result.output
    return json.loads((root / "tong_hop.json").read_text(encoding="utf-8")), openpyxl.load_workbook(out)


def _listed(root: Path, codes: list[str]) -> list[str]:
    """The names of the work list `Đi làm ăn xa`."""
    out = root / "danh_sach.xlsx"
    args = ["lists", str(root / "nop"), "--registry", str(_registry(root, codes))]
    args += ["--cutoff", CUTOFF.isoformat(), "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Đi làm ăn xa"]
    return [r[3] for r in ws.iter_rows(values_only=True) if r[1] in codes]


def test_members_exempted_for_working_away_are_counted_in_every_output(tmp_path: Path) -> None:
    _submit(tmp_path / "nop", "CB01", _roll("CB01", EXAMPLE))
    summary, book = _consolidate(tmp_path, ["CB01"])
    ind = summary["indicators"]
    assert (ind["members.working_away"], ind["members.exempt_reason.working_away"]) == (3, 2)
    (org,) = summary["organisations"]
    assert org["indicators"]["members.working_away"] == 3
    total = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(values_only=True) if r and isinstance(r[0], str)}
    assert total["Đi làm ăn xa"] == 3
    prose = " ".join(
        c for row in book["Báo cáo"].iter_rows(values_only=True) for c in row if isinstance(c, str)
    )
    assert "gồm: đi làm ăn, lao động xa 02 đồng chí." in prose
    assert "Số đảng viên đi làm ăn xa là 03 đồng chí (60% tổng số đảng viên)." in prose
    # The chi bộ is told of the two cells left empty.
    found = [(i["code"], i["cell"]) for i in summary["issues"] if i["code"].startswith("member.working_away")]
    assert found == [
        ("member.working_away_unmarked", f"{AWAY}3"),
        ("member.working_away_unmarked", f"{AWAY}4"),
    ]
    assert len(_listed(tmp_path, ["CB01"])) == 3


def test_the_organisations_figures_add_up_to_the_wards(tmp_path: Path) -> None:
    """Per organisation as for the ward: a reason beside `Không` counts too (the list counts it)."""
    _submit(tmp_path / "nop", "CB01", _roll("CB01", EXAMPLE))
    _submit(tmp_path / "nop", "CB02", _roll("CB02", [{**BY_REASON, "working_away": "no"}, {}, {}]))
    summary, _ = _consolidate(tmp_path, ["CB01", "CB02"])
    by_org = {o["org_code"]: o["indicators"]["members.working_away"] for o in summary["organisations"]}
    assert by_org == {"CB01": 3, "CB02": 1}
    assert summary["indicators"]["members.working_away"] == 4
    assert len(_listed(tmp_path, ["CB01", "CB02"])) == 4


def test_the_column_left_empty_or_no_beside_the_reason_is_a_warning_at_it(tmp_path: Path) -> None:
    roll = _roll(
        "CB01",
        [
            {**BY_REASON, "working_away": None},  # row 2: left empty
            {**BY_REASON, "working_away": "no"},  # row 3: a contradiction
            {**BY_REASON, "working_away": "yes"},  # row 4: right
            {"working_away": None},  # row 5: not exempted, not working away
            {},
        ],
    )
    path = _submit(tmp_path, "CB01", roll)
    result = run(path, cutoff=CUTOFF)
    found = [i for i in result.issues if i.code.startswith("member.working_away")]
    assert [(i.code, i.severity, i.sheet, i.cell, i.column) for i in found] == [
        ("member.working_away_unmarked", "warning", layout.SHEET_MEMBERS, f"{AWAY}2", "Đi làm ăn xa"),
        ("member.working_away_contradicts", "warning", layout.SHEET_MEMBERS, f"{AWAY}3", "Đi làm ăn xa"),
    ]
    unmarked, contradicts = found
    assert unmarked.message == (
        f"Dòng 2, cột “Đi làm ăn xa” (ô {AWAY}2): Lý do miễn là “Đi làm ăn, lao động xa” nhưng cột "
        "“Đi làm ăn xa” ở ô này còn để trống. Đảng viên được tính là đi làm ăn xa theo lý do miễn "
        "(trong số đảng viên đi làm ăn xa của phường và danh sách Đi làm ăn xa). Hãy chọn “Có” ở cột "
        "“Đi làm ăn xa”."
    )
    assert "ghi “Không” nhưng lý do miễn là “Đi làm ăn, lao động xa”: hai ô trái nhau" in contradicts.message
    assert "nếu đã trở về, việc tạm miễn cần được chấm dứt" in contradicts.message
    assert "cột “Miễn công tác, sinh hoạt từ ngày”" in contradicts.message
    for issue in found:  # a member's issue, naming no member's value
        assert issue.personal
        hidden = issue.without_personal_data()
        assert "Lê Văn" not in hidden.message and HIDDEN not in hidden.message, hidden.message


def test_many_cells_left_empty_are_one_warning_at_the_column(tmp_path: Path) -> None:
    """Past five cells of a file, one warning at the header lists them, as other cells to fill;
    a cell the reader could not read is its error's, not counted as left empty."""
    roll = _roll("CB01", [{**BY_REASON, "working_away": None}] * 8)
    path = typed(_submit(tmp_path, "CB01", roll), layout.SHEET_MEMBERS, {f"{AWAY}9": "#N/A"})
    found = [i for i in run(path, cutoff=CUTOFF).issues if i.code == "member.working_away_unmarked"]
    assert [(i.cell, i.column) for i in found] == [(f"{AWAY}1", "Đi làm ăn xa")]
    assert f"ở 7 ô ({AWAY}2–{AWAY}8) còn để trống" in found[0].message


def test_the_warning_goes_to_the_chi_bo_in_its_feedback(tmp_path: Path) -> None:
    _submit(tmp_path / "nop", "CB01", _roll("CB01", EXAMPLE))
    out = tmp_path / "phan_hoi"
    args = ["validate", str(tmp_path / "nop"), "--cutoff", CUTOFF.isoformat(), "--feedback", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out / "CB01_kiem_tra.xlsx", read_only=True)[FEEDBACK_SHEET]
    rows = [r for r in ws.iter_rows(values_only=True) if r and isinstance(r[0], int)]
    assert [(r[1], r[3], r[6]) for r in rows] == [
        ("Cảnh báo", f"{AWAY}3", "member.working_away_unmarked"),
        ("Cảnh báo", f"{AWAY}4", "member.working_away_unmarked"),
    ]
