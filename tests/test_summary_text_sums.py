"""`history show`'s text of a sum line reads `label: figure` with one colon (review167 #5): the
sheet's prefix "Cộng:" / "Trong đó:" (fix165) gave "Cộng: từ trung cấp trở lên: 2.635"."""

from __future__ import annotations

from pathlib import Path

from helpers_output import make_result

from toolkit.outputs.summary_lines import summary_lines
from toolkit.outputs.summary_text import summary_text


def test_each_sum_line_has_one_colon_before_its_figure(tmp_path: Path) -> None:
    ind = make_result(tmp_path / "nop").indicators
    summed = [line for line in summary_lines(ind) if line.kind == "item" and line.summed]
    assert len(summed) >= 3, summed  # Cộng: từ trung cấp…, Trong đó: đại học…, Cộng: cao cấp, cử nhân
    text = summary_text(ind)
    for line in summed:
        label = line.label.replace(":", "", 1)
        said = [t for t in text if t.strip().startswith(f"{label}: ")]
        assert len(said) == 1, (label, [t for t in text if label.split()[-1] in t])
        assert said[0].split(" (", 1)[0].count(":") == 1, said[0]
    assert not [t for t in text if t.strip().startswith(("Cộng: ", "Trong đó: "))]
