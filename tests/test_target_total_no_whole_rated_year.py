"""The notes under section C when no complete year has a target (review293): a period from
1/7/2024 to 31/3/2026, its first and last years partial and 2025 without a target. The "Tổng" of
the target and of the rate is empty (no year is in it), yet the only note said "Tổng của tỷ lệ
kết nạp đạt so với chỉ tiêu chỉ tính các năm có chỉ tiêu (không tính … năm 2025 …)", as if it
had a figure, and nothing said why 2024 and 2026 were not in it. On a real consolidation of the
sample ward's HD04 under a registry of its targets, 2025's left out."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from toolkit.core.model import Registry
from toolkit.outputs.summary_lines import changes_table, total_rate_years
from toolkit.pipeline import consolidate
from toolkit.sample.ward import CUTOFF, build_sample_ward


def test_no_complete_year_with_a_target_says_why_the_total_is_empty(tmp_path: Path) -> None:
    hd04 = next(o for o in build_sample_ward().orgs if o.organisation.org_code == "HD04")
    targets = {y: n for y, n in hd04.organisation.targets.items() if y != 2025}
    org = dataclasses.replace(hd04.organisation, targets=targets)
    (tmp_path / "nop").mkdir()
    hd04.write(tmp_path / "nop" / "HD04.xlsx")
    result = consolidate(
        [tmp_path / "nop"], cutoff=CUTOFF, since=dt.date(2024, 7, 1), registry=Registry(organisations=[org])
    )
    assert result.indicators["orgs.consolidated"] == 1 and result.years == [2024, 2025, 2026]
    assert result.indicators["targets.2024"] > 0 and result.indicators["targets.2026"] > 0
    assert total_rate_years(result) == []  # the "Tổng" has no year: empty
    note = changes_table(result).note or ""
    assert "chỉ tính các năm có chỉ tiêu" not in note, note
    assert (
        "Cột Tổng không tính chỉ tiêu và tỷ lệ đạt chỉ tiêu vì không có năm trọn có chỉ tiêu (năm "
        "2025: chưa có chỉ tiêu kết nạp); năm 2024 chỉ tính từ ngày 01/7/2024, năm 2026 mới tính đến "
        "ngày 31/3/2026 nên tỷ lệ các năm này chỉ ở cột của năm."
    ) in note, note
