"""Cases review289 found in the day's changes (fix287, review288's fixes), on real workbooks."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.helpers_excel import consolidate_saved_ward
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.io.summary import HINT
from toolkit.rollup import SHOWN_REFUSALS


def test_the_ward_target_without_a_registry_and_an_excluded_file_says_no_registry_tells_the_rest(
    tmp_path: Path,
) -> None:
    """No registry (its sheet left empty) and CB02's file left out for an error: the one
    organisation added to the bound is a file with errors, and the files not sent yet are still
    unknown. The warning said “cộng 100 cho mỗi tổ chức chưa nộp tệp hoặc có tệp còn lỗi: 1 tổ
    chức”, as if the one were all that had not sent a file, and dropped what review288 F3 made
    it say with no registry."""
    summary = consolidate_saved_ward(tmp_path, 105, Registry([]), with_error=True)
    assert summary["indicators"]["members.total"] == 4  # CB02 left out
    (message,) = [i["message"] for i in summary["issues"] if i["code"] == "ward.implausible_target"]
    assert (
        "lớn hơn 104 đảng viên (số đảng viên tại ngày chốt 31/03/2026 của các tổ chức đã tổng hợp, 4, "
        "cộng 100 cho mỗi tổ chức có tệp còn lỗi: 1 tổ chức; không có danh mục tổ chức nên không biết "
        "còn tổ chức nào chưa nộp tệp)"
    ) in message
    assert "chưa nộp tệp hoặc" not in message


def test_a_refused_roll_up_names_the_files_past_the_first_reasons(tmp_path: Path) -> None:
    """Seven files no roll-up can add: the first `SHOWN_REFUSALS` reasons, then the two files
    left, named, before the advice. The refusal stopped at the fifth reason, and nothing said
    that “f6.json” and “f7.json” could not be used either: the office fixed five files and met
    the other two at the next try (no output is written to list them)."""
    files = []
    for n in range(1, 8):
        path = tmp_path / f"f{n}.json"
        path.write_text(json.dumps({"n": n}), "utf-8")
        files.append(path)
    assert len(files) == SHOWN_REFUSALS + 2
    result = CliRunner().invoke(main, ["rollup", *map(str, files), "-o", str(tmp_path / "r.xlsx")])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert said.count("không phải tệp số liệu tổng hợp") == SHOWN_REFUSALS, said
    assert said.endswith(f"Còn 2 tệp khác cũng không dùng được: “f6.json”, “f7.json”. {HINT}"), said
    # As many as fit, then how many more (`rules.named_files`), never a file name cut.
    many = [tmp_path / f"g{n:02}.json" for n in range(1, 21)]
    for path in many:
        path.write_text("{}", "utf-8")
    said = " ".join(
        CliRunner().invoke(main, ["rollup", *map(str, many), "-o", str(tmp_path / "r.xlsx")]).output.split()
    )
    assert "Còn 15 tệp khác cũng không dùng được: “g06.json”, “g07.json”, “g08.json”, “g09.json”, " in said
    assert "“g10.json” và 10 tệp khác." in said, said
