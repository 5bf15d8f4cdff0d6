"""A `Chuyển đến` dated after the cut-off undoes no move out of the ward (fix166's note on
hunt164 F1, as a readmission after it brings no one back).

W is on CB01's roll at the cut-off; CB02's file records W's move out of the ward on 10/01/2026.
CB03's file records W arriving on 10/04/2026, after the cut-off (CB03 is left out for
`event.after_cutoff`, but its changes are still read, §8). At the cut-off W had moved out and
not come back: CB01's roll still holding W is `event.moved_out_in_other_file`, and W's badge row
is red with CB02's move. The control dates the arrival 20/01/2026, inside the period: then the
move no longer holds, and neither is said.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, d, list_rows, submission
from test_worklists_edges import lists

from toolkit.cli import main
from toolkit.outputs.registry_file import write_registry

CB02, CB01, CB03 = REGISTRY.organisations

# W: 30 years of party age on 01/3/2026, so W is on the badge list (award 19/5/2026).
W = ("Lều Văn Đi", "04/04/1970")


def _ward(tmp_path: Path, arrival: str) -> tuple[Path, Path]:
    folder = tmp_path / f"nop{arrival.replace('/', '')}"
    name, birth = W

    def moved(kind: str, date: str) -> list[dict]:
        return [
            {
                "full_name": name,
                "birth_date": d(birth),
                "decision_no": "1-QĐ/ĐU",
                "event_type": kind,
                "event_date": d(date),
                "transfer_scope": "same_province",
            }
        ]

    submission(folder, CB01, [_member(*W, "male", "01/03/1996", "01/03/1997")])
    an = _member("Trịnh Văn An", "01/01/1970", "male", "01/01/2000", "01/01/2001")
    submission(folder, CB02, [an], events=moved("transfer_out", "10/01/2026"))
    son = _member("Tạ Văn Sơn", "03/03/1970", "male", "01/01/2000", "01/01/2001")
    submission(folder, CB03, [son], events=moved("transfer_in", arrival))
    return folder, write_registry(REGISTRY, tmp_path / f"danh_muc{arrival.replace('/', '')}.xlsx")


def _said(folder: Path, registry: Path) -> str:
    args = ["validate", str(folder), "--registry", str(registry), "--personal-data"]
    return " ".join(CliRunner().invoke(main, args).output.split())


def test_an_arrival_after_the_cutoff_undoes_no_move_out_of_the_ward(tmp_path: Path) -> None:
    folder, registry = _ward(tmp_path, "10/04/2026")
    said = _said(folder, registry)
    assert "event.after_cutoff" in said, said  # CB03's arrival is the next period's
    assert "event.moved_out_in_other_file" in said, said
    out = tmp_path / "ds.xlsx"
    lists(folder, out, "--registry", str(registry))
    values, red = list_rows(out, "Huy hiệu Đảng")[W[0]]
    assert red, values
    assert "10/01/2026" in values[-2], values


def test_an_arrival_inside_the_period_undoes_the_move(tmp_path: Path) -> None:
    folder, registry = _ward(tmp_path, "20/01/2026")
    assert "event.moved_out_in_other_file" not in _said(folder, registry)
    out = tmp_path / "ds.xlsx"
    lists(folder, out, "--registry", str(registry))
    values, red = list_rows(out, "Huy hiệu Đảng")[W[0]]
    assert not red, values
