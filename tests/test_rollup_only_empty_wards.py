"""A roll-up whose every file is a ward's run that consolidated nothing (`rollup.empty_ward`)
refuses with each reason naming its file, and the advice said once after them, as it says
`summary.HINT` once (`rollup._nothing_to_add`).

Before (fix287): each ward's reason kept "Tệp này không được cộng …" and "Hãy đề nghị phường kiểm
tra …" of its own, and began "Lần tổng hợp ghi trong tệp này" with no file named, so two wards
read as one long paragraph saying the same advice twice about "this file".
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from toolkit.cli import main
from toolkit.core.rules import RULES
from toolkit.io.summary import HINT

ADVICE = "kiểm tra thư mục bài nộp và ngày chốt, tổng hợp lại rồi gửi tệp mới."
NOT_ADDED = "Tệp này không được cộng và không được tính khi chọn ngày chốt"


def _empty_run(sample_ward: Path, tmp_path: Path, n: int) -> Path:
    """The JSON of a run of two of the demo ward's files with a wrong cut-off (30/06/2026): no
    organisation consolidated, as when an office picks the wrong date."""
    folder = tmp_path / f"nop{n}"
    folder.mkdir()
    for source in sorted((sample_ward / "nop").glob("*.xlsx"))[2 * n : 2 * n + 2]:
        shutil.copy(source, folder / source.name)
    out = tmp_path / f"w{n}.json"
    done = CliRunner().invoke(
        main,
        [
            "consolidate", str(folder), "--cutoff", "30/06/2026", "-o", str(tmp_path / f"w{n}.xlsx"),
            "--json", str(out), "--no-history", "--ward-name", f"Phường Số {n}",
        ],
    )  # fmt: skip
    assert out.exists(), done.output
    return out


def _refusal(tmp_path: Path, *files: Path) -> str:
    result = CliRunner().invoke(main, ["rollup", *map(str, files), "-o", str(tmp_path / "r.xlsx")])
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "r.xlsx").exists()
    return " ".join(result.output.split())


def test_only_empty_wards_give_their_advice_once_and_name_their_files(
    sample_ward: Path, tmp_path: Path
) -> None:
    one, two = _empty_run(sample_ward, tmp_path, 1), _empty_run(sample_ward, tmp_path, 2)
    said = _refusal(tmp_path, one, two)
    reason = (
        "Lần tổng hợp ghi trong tệp “{file}” (ngày chốt 30/06/2026) không tổng hợp được tổ chức đảng nào "
        "của {ward} (thường do chọn nhầm thư mục bài nộp hoặc nhầm ngày chốt): số liệu rỗng không phải "
        "số liệu của phường."
    )
    assert said == (
        "Lỗi: Không có tệp số liệu tổng hợp nào dùng được để tổng hợp lên cấp trên: "
        + reason.format(file="w1.json", ward="Phường Số 1")
        + " "
        + reason.format(file="w2.json", ward="Phường Số 2")
        + f" Hãy đề nghị các phường trên {ADVICE}"
    ), said
    assert said.count(ADVICE) == 1 and NOT_ADDED not in said and "tệp này" not in said

    # One ward alone: the rule's own advice, once.
    alone = _refusal(tmp_path, one)
    assert alone.endswith(f"số liệu rỗng không phải số liệu của phường. Hãy đề nghị phường {ADVICE}"), alone
    assert alone.count(ADVICE) == 1 and NOT_ADDED not in alone

    # Beside a file that is no summary: each advice once, the wards' first.
    (tmp_path / "x.json").write_text("", "utf-8")
    mixed = _refusal(tmp_path, one, tmp_path / "x.json")
    assert mixed.endswith(f"Hãy đề nghị phường {ADVICE} {HINT}"), mixed
    assert mixed.count(ADVICE) == 1 and mixed.count(HINT) == 1


def test_the_rule_still_says_it_all_of_one_ward_left_out() -> None:
    """A roll-up that adds other wards keeps the warning whole (the ward's `Kiểm tra` line)."""
    template = RULES["rollup.empty_ward"].template
    assert template.startswith("Lần tổng hợp ghi trong tệp này") and NOT_ADDED in template
    assert template.endswith(f"Hãy đề nghị phường {ADVICE}")
