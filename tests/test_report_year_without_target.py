"""A past year of the period without an admission target says so in the report's yearly list:
"năm 2025: 128 (chưa có chỉ tiêu)", and a target typed 0 "(chỉ tiêu bằng 0)", as `Tổng hợp`'s
note (`summary_lines.target_total_note`) and the cut-off year's sentence tell them apart.

Before (fix287): "…; năm 2025: 128." beside the years with a rate, as if its rate were left out
by mistake, while the cut-off's year said "chưa có chỉ tiêu kết nạp năm 2026 nên chưa tính tỷ lệ
đạt chỉ tiêu".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_demo import consolidate_demo, demo_targets_edited

from toolkit.cli import main
from toolkit.core import vnformat


def _consolidated(sample_ward: Path, tmp_path: Path, typed: int | None) -> tuple[str, dict[str, int]]:
    """The report's text and the indicators of the demo ward consolidated with a registry whose
    2025 targets are all `typed` (None: the column emptied)."""
    registry = demo_targets_edited(
        sample_ward / "danh_muc_to_chuc.xlsx", tmp_path / "danh_muc.xlsx", 2025, lambda row: typed
    )
    out = tmp_path / "tong_hop.xlsx"
    done = consolidate_demo(sample_ward, registry, out, "--json", str(tmp_path / "r.json"))
    assert out.exists(), done.output
    report = tmp_path / "bao_cao.md"
    made = CliRunner().invoke(main, ["report", str(tmp_path / "r.json"), "-o", str(report)])
    assert made.exit_code == 0, made.output
    ind = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["indicators"]
    return " ".join(report.read_text(encoding="utf-8").split()), ind


@pytest.mark.parametrize(("typed", "said"), [(None, "chưa có chỉ tiêu"), (0, "chỉ tiêu bằng 0")])
def test_a_past_year_without_a_target_says_so(
    sample_ward: Path, tmp_path: Path, typed: int | None, said: str
) -> None:
    text, ind = _consolidated(sample_ward, tmp_path, typed)
    admitted = ind["changes.admissions.2025"]
    assert admitted > 0 and ind["targets.2025"] == 0
    assert f"năm 2025: {vnformat.count(admitted)} ({said})." in text, text
    # The years with a target keep their rate; the cut-off's year its own sentence.
    assert f"năm 2024: {vnformat.count(ind['changes.admissions.2024'])} (đạt " in text, text
    assert "Riêng quý I/2026 kết nạp được" in text, text
    # Every year of the list has its words: a rate, a target, or why it has none.
    found = re.search(r"đã kết nạp [^.]*\. Theo năm: (.*?)\.(?: |$)", text)
    assert found is not None, text
    listed = found.group(1)
    assert all(f.endswith(")") for f in listed.split("; ")), listed
