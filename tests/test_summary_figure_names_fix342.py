"""The checks of a summary read back (`report`, `history import`, `rollup`) named a broken
figure by its JSON id, "chỉ tiêu không phải số: members.total", "(members.total = 10, còn
members.full + members.probationary = 9)", in text a clerk reads on the console, in `Kiểm tra`
and in the report (fix342). They name it now as the clerk knows it from `Tổng hợp` and the
forms: "tổng số đảng viên", "số đảng viên chính thức", "số đảng viên nữ dân tộc Kinh", "số chuyển
đi năm 2025". An id no words are known for (one a hand added) is named by the id.

Real summaries written by `ward-stats consolidate --json`, edited as a hand edits them, read
back by `history import` on the command line and by `load_summary`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_history import run_cli
from tests.helpers_sample import sample_orgs
from toolkit.core.errors import SummaryError
from toolkit.io.summary import BREAKDOWN_IDENTITIES, IDENTITIES, change_identities, load_summary
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
# An indicator id as the JSON writes it: "members.total", "changes.died.2025".
ID = re.compile(r"\b(?:members|admitted|period|changes|orgs)\.[a-z0-9_.]+")


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("figure_names")
    nop = tmp / "nop"
    nop.mkdir()
    for org in sample_orgs(71, [7, 6], PERIOD, prefix="F"):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    out = tmp / "tong_hop.json"
    done = run_cli(
        "consolidate", nop, "--cutoff", "31/03/2026", "--since", "01/01/2025", "--ward-name", "Phường Thử",
        "-o", out.with_suffix(".xlsx"), "--json", out, "--no-history",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    return out


def _edited(summary: Path, target: Path, **figures: Any) -> Path:
    doc = json.loads(summary.read_text(encoding="utf-8"))
    doc["indicators"].update(figures)
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


def _refusal(path: Path) -> str:
    with pytest.raises(SummaryError) as caught:
        load_summary(path)
    return caught.value.message_vi


def test_history_import_names_a_figure_typed_as_words_as_the_clerk_knows_it(
    summary: Path, tmp_path: Path
) -> None:
    edited = _edited(summary, tmp_path / "sua.json", **{"members.total": "bốn nghìn"})
    done = run_cli("history", "import", edited, "--history", tmp_path / "ls.sqlite")
    assert done.exit_code == 2, done.output
    assert "chỉ tiêu không phải số: tổng số đảng viên." in done.output, done.output
    assert not ID.search(done.output), done.output


@pytest.mark.parametrize(
    ("figures", "said"),
    [
        # members = full + probationary, broken by a hand adding one to the full members
        (
            lambda ind: {"members.full": ind["members.full"] + 1},
            "không đúng “tổng số đảng viên = đảng viên chính thức + đảng viên dự bị” (tổng số đảng viên = ",
        ),
        (lambda ind: {"members.age_mean": 400}, "(tuổi bình quân của đảng viên = 400): tuổi bình quân"),
        (
            lambda ind: {"members.gender.female": ind["members.total"] + 1, "members.gender.male": -1},
            "chỉ tiêu có giá trị không hợp lý (số đảng viên nam = -1)",
        ),
    ],
    ids=["identity", "mean", "range"],
)
def test_a_refusal_names_no_indicator_id(summary: Path, tmp_path: Path, figures: Any, said: str) -> None:
    indicators = json.loads(summary.read_text(encoding="utf-8"))["indicators"]
    message = _refusal(_edited(summary, tmp_path / "sua.json", **figures(indicators)))
    assert said in message, message
    assert not ID.search(message), message


def test_a_count_above_the_members_names_both_in_words(summary: Path, tmp_path: Path) -> None:
    indicators = json.loads(summary.read_text(encoding="utf-8"))["indicators"]
    total = indicators["members.total"]
    message = _refusal(_edited(summary, tmp_path / "sua.json", **{"members.working_away": total + 1}))
    assert f"số đảng viên đi làm ăn xa = {total + 1} lớn hơn tổng số đảng viên ({total})" in message, message
    assert not ID.search(message), message


def test_every_id_of_the_identities_has_words() -> None:
    """Every figure a check of the identities can name is named in words, not by its id."""
    from toolkit.io.summary import figure_name

    ids = {
        k
        for _, left, plus, minus in (
            *IDENTITIES,
            *BREAKDOWN_IDENTITIES,
            *change_identities(dt.date(2025, 1, 1), dt.date(2026, 3, 31)),
        )
        for k in (*left, *plus, *minus)
    }
    unnamed = sorted(k for k in ids if figure_name(k) == k)
    assert not unnamed, unnamed
    assert figure_name("members.ethnicity.01.female") == "số đảng viên nữ dân tộc Kinh"
    assert figure_name("changes.transfer_out.2025") == "số chuyển đi năm 2025"
    assert figure_name("bằng.tay") == "bằng.tay"  # a hand's own id: the only name it has


@pytest.mark.parametrize(
    ("key", "said"),
    [
        ("orgs.sector.co_quan", "số tổ chức khối cơ quan Đảng, chính quyền"),
        ("orgs.sector.luc_luong_vu_trang", "số tổ chức lực lượng vũ trang"),
        ("orgs.tier.dang_bo_co_so", "số tổ chức đảng bộ cơ sở"),
        ("members.religion.none", "số đảng viên không theo tôn giáo"),
        ("members.religion.other.female", "số đảng viên nữ theo tôn giáo khác"),
        ("admitted.religion.buddhism", "số đảng viên mới kết nạp tôn giáo Phật giáo"),
    ],
)
def test_an_organisation_s_sector_or_tier_and_no_religion_read_as_words(key: str, said: str) -> None:
    """The labels that name their vocabulary or say "none" read whole after it: not "số tổ chức
    khối Khối cơ quan Đảng, chính quyền", "số tổ chức cấp tổ chức Đảng bộ cơ sở", "số đảng viên
    tôn giáo Không" or "tôn giáo Tôn giáo khác" (review350)."""
    from toolkit.io.summary import figure_name

    assert figure_name(key) == said
