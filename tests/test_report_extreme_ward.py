"""The report of a ward at the edges (hunt253): a ward of one organisation whose members have
no professional training at or above trung cấp reads naturally, from the same real files the
clerk's run reads."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from tests.helpers_validate import clean_info, member, write
from toolkit.cli import main
from toolkit.outputs.report import report_sections

CUTOFF, SINCE = dt.date(2026, 3, 31), dt.date(2026, 1, 1)


def _ward(root: Path, prof_levels: list[str]) -> tuple[dict[str, Any], str]:
    """One organisation, one full member per professional level given; the JSON summary and
    the prose of the `Báo cáo` sheet of its consolidation."""
    members = [
        member(
            row_no=i,
            full_name=f"Nguyễn Văn {name}",
            birth_date=dt.date(1970 + i, 1 + i, 1 + i),
            card_no=f"0100000{i}",
            prof_level=level,
        )
        for i, (name, level) in enumerate(zip(("An", "Bình", "Cường"), prof_levels, strict=False), start=1)
    ]
    info = clean_info(cutoff_date=CUTOFF, period_start=SINCE, prepared_on=dt.date(2026, 4, 2))
    write(root / "nop", info=info, members=members, events=[], years=[{"year": 2026}])
    out = root / "tong_hop.xlsx"
    args = ["consolidate", str(root / "nop"), "--cutoff", CUTOFF.isoformat(), "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--json", str(root / "tong_hop.json"), "--no-history"])
    assert out.exists(), result.output
    sheet = openpyxl.load_workbook(out)["Báo cáo"]
    prose = "\n".join(c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str))
    return json.loads((root / "tong_hop.json").read_text(encoding="utf-8")), prose


def test_no_member_trained_to_trung_cap_lists_the_levels_without_a_dangling_cu_the(tmp_path: Path) -> None:
    (tmp_path / "nop").mkdir()
    summary, prose = _ward(tmp_path, ["none", "elementary", "none"])
    markdown = "\n".join(p for s in report_sections(summary) for p in s.paragraphs)
    for text in (prose, markdown):
        # Nobody at trung cấp or above: the levels are the whole sentence, not "…: cụ thể: …".
        assert "Trình độ chuyên môn: chưa qua đào tạo 66,67%; " in text, text
        assert "cụ thể" not in text


def test_members_trained_to_trung_cap_keep_the_detail_after_cu_the(tmp_path: Path) -> None:
    (tmp_path / "nop").mkdir()
    _, prose = _ward(tmp_path, ["none", "intermediate", "none"])
    assert "Trình độ chuyên môn: từ trung cấp trở lên 33,33%; cụ thể: chưa qua đào tạo 66,67%; " in prose
