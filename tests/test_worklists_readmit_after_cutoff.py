"""A `Kết nạp lại` row dated after the cut-off moves no date (hunt164 F1).

The rolls and the lists are at the cut-off (design §5): a readmission dated after it has not
happened there. CB02's file holds such rows for members of CB01's roll (CB02 is left out for
`event.after_cutoff`, but §8 still reads a left-out file's changes): they must start no probation,
time no exemption, undo no `Xóa tên`, and drive neither `member.official_before_readmission` nor
`member.exempt_before_readmission`. The control (the same rows dated a year earlier, inside the
period) shows that the rows are matched to those members when they are in force.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, d, list_rows, submission
from test_worklists_edges import lists

from toolkit.cli import main
from toolkit.core import layout, vocab
from toolkit.outputs.registry_file import write_registry
from toolkit.worklists.badges import RECOUNT

CB02, CB01, CB03 = REGISTRY.organisations

# X: readmitted on 01/6/2025 (the roll's admission date, no official date yet): 12 months end
# 01/6/2026, 62 days after the cut-off. Y: full member since 2006, temporarily exempt since
# 01/10/2025 (not yet 12 months). Z: 30 years of party age on 01/3/2026 (badge on 19/5/2026),
# struck off by CB02 on 10/01/2026.
X = ("Khúc Văn Dự", "02/02/1990")
Y = ("Mạc Văn Lại", "06/06/1980")
Z = ("Yên Văn Bỏ", "01/01/1970")


def _event(who: tuple[str, str], kind: str, date: str, **more: object) -> dict:
    name, birth = who
    return {
        "full_name": name,
        "birth_date": d(birth),
        "event_type": kind,
        "event_date": d(date),
        "decision_no": "1-QĐ/ĐU",
        **more,
    }


def _ward(tmp_path: Path, year: int) -> tuple[Path, Path]:
    """CB01's roll (X, Y, Z), CB02's file with the readmissions of X and Y and Z's striking off
    then readmission, the readmissions dated in `year` (2026: after the cut-off)."""
    folder = tmp_path / f"nop{year}"
    cb01 = [
        _member(*X, "male", "01/06/2025"),
        _member(
            *Y,
            "male",
            "01/01/2005",
            "01/01/2006",
            exempt_from=d("01/10/2025"),
            exempt_reason="long_treatment",
        ),
        _member(*Z, "male", "01/03/1996", "01/03/1997"),
    ]
    cb02_members = [_member("Trịnh Văn An", "01/01/1970", "male", "01/01/2000", "01/01/2001")]
    cb02_events = [
        _event(X, "readmitted", f"01/06/{year}"),
        _event(Y, "readmitted", f"10/04/{year}"),
        _event(Z, "struck_off", "10/01/2026", strike_ground=vocab.STRIKE_GROUND.codes[0]),
        _event(Z, "readmitted", f"10/04/{year}"),
    ]
    submission(folder, CB01, cb01)
    submission(folder, CB02, cb02_members, events=cb02_events)
    submission(folder, CB03, [_member("Tạ Văn Sơn", "03/03/1970", "male", "01/01/2000", "01/01/2001")])
    return folder, write_registry(REGISTRY, tmp_path / f"danh_muc{year}.xlsx")


def _warned(folder: Path, registry: Path) -> set[tuple[str, str]]:
    """(code, cell) of each warning `validate` gives at a cell of `Đảng viên`."""
    args = ["validate", str(folder), "--registry", str(registry), "--personal-data"]
    result = CliRunner().invoke(main, args)
    said = " ".join(result.output.split())
    codes = "member.official_before_readmission|member.exempt_before_readmission"
    return set(re.findall(rf"Đảng viên!([A-Z]+\d+) \(({codes})\)", said))


def test_a_readmission_after_the_cutoff_starts_no_probation(tmp_path: Path) -> None:
    """X was listed in no list: the 12 months counted from 01/6/2026 end beyond the horizon."""
    folder, registry = _ward(tmp_path, 2026)
    out = tmp_path / "ds.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert "CB02.xlsx" in result.output, result.output  # left out for `event.after_cutoff`
    values, red = list_rows(out, "Dự bị đến hạn")[X[0]]
    assert values[6].date() == d("01/06/2026") and not red, values
    assert values[7] == "Còn 62 ngày; hạn xét chính thức 13/7/2026", values[7]


def test_a_readmission_after_the_cutoff_times_no_exemption(tmp_path: Path) -> None:
    """Y was red: "… trước ngày kết nạp lại 10/4/2026 … tạm miễn mới được 0 tháng"."""
    folder, registry = _ward(tmp_path, 2026)
    out = tmp_path / "ds.xlsx"
    lists(folder, out, "--registry", str(registry))
    found = list_rows(out, "Miễn, tạm miễn")
    assert Y[0] not in found, found.get(Y[0])  # 6 months of a temporary exemption at D


def test_a_readmission_after_the_cutoff_undoes_no_striking_off(tmp_path: Path) -> None:
    """Z's badge row lost its `Xóa tên` note (the removal "undone" by the later row)."""
    folder, registry = _ward(tmp_path, 2026)
    out = tmp_path / "ds.xlsx"
    lists(folder, out, "--registry", str(registry))
    values, red = list_rows(out, "Huy hiệu Đảng")[Z[0]]
    assert red, values
    note = values[-2]
    assert "ghi \u201cXóa tên\u201d ngày 10/01/2026" in note, note
    assert RECOUNT not in note, note  # no readmission at the cut-off: no party age to recount


def test_a_readmission_after_the_cutoff_drives_no_readmission_warning(tmp_path: Path) -> None:
    folder, registry = _ward(tmp_path, 2026)
    assert _warned(folder, registry) == set()


def test_the_same_readmissions_inside_the_period_are_in_force(tmp_path: Path) -> None:
    """The control: dated 2025 (Y's and Z's rows 10/4/2025, before Z's striking off), the rows
    are Y's and Z's: their official dates warned of (rows 3 and 4: row 1 is the header), Y's
    probation counted from it, Z's party age to recount."""
    folder, registry = _ward(tmp_path, 2025)
    code = "member.official_before_readmission"
    assert _warned(folder, registry) == {(layout.MEMBERS.cell("official_date", r), code) for r in (3, 4)}
    out = tmp_path / "ds.xlsx"
    lists(folder, out, "--registry", str(registry))
    probation = list_rows(out, "Dự bị đến hạn")
    assert probation[X[0]][0][6].date() == d("01/06/2026"), probation[X[0]]
    assert "kết nạp lại 10/4/2025" in probation[Y[0]][0][7], probation[Y[0]]
    values, red = list_rows(out, "Huy hiệu Đảng")[Z[0]]
    assert red and RECOUNT in values[-2], values
