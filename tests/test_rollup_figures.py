"""A ward summary's figures as the roll-up, `report` and `history import` read them back.

Real summaries, written by consolidating generated wards (one with a file left out, one
organisation whose file starts its changes late, one file of template 2026.1), then edited as
a hand or a damaged copy would: a count that cannot be real (too large to print, below 0) or
figures that contradict each other are refused, naming the file, the indicator or the identity;
never a crash, never a sum whose sheets disagree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.errors import SummaryError
from toolkit.core.model import Registry
from toolkit.io.summary import check_summary, load_summary
from toolkit.outputs.publish import write_outputs
from toolkit.pipeline import consolidate
from toolkit.rollup import rollup
from toolkit.sample.rows import Period, number_rows

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
WARDS = ("Phường Đông", "Phường Tây", "Phường Nam")
UNIT = "Tỉnh Thử"
LATE = dt.date(2026, 2, 1)  # inside the forms' period 01/01–31/3/2026


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three wards' JSON summaries. The third has what a real run meets: a file that cannot be
    read (its organisation excluded), a file of template 2026.1, and an organisation whose file
    lists its changes only from 01/02/2026."""
    tmp = tmp_path_factory.mktemp("rollup_figures")
    orgs = sample_orgs(31, [25, 40, 18, 33, 12, 50, 21, 28, 15, 20], PERIOD)
    parts = [orgs[0:3], orgs[3:6], orgs[6:10]]
    paths = []
    for name, part in zip(WARDS, parts, strict=True):
        folder = tmp / name.replace(" ", "_")
        folder.mkdir()
        for n, org in enumerate(part):
            target = folder / f"{org.organisation.org_code}.xlsx"
            if name != WARDS[2] or n == 3:
                org.write(target)
            elif n == 0:
                late = dataclasses.replace(
                    org,
                    info={**org.info, "period_start": LATE},
                    events=number_rows([dict(e) for e in org.events if e["event_date"] >= LATE]),
                    years=[y for y in org.years if y["year"] >= LATE.year],
                )
                late.write(target)
            elif n == 1:
                org.write(target, version=layout.VERSION_2026_1)
            else:
                target.write_bytes(b"not a workbook")
        registry = Registry([o.organisation for o in part])
        result = consolidate(
            [folder], cutoff=PERIOD.cutoff, since=PERIOD.start, registry=registry, ward_name=name
        )
        path = tmp / f"{folder.name}.json"
        write_outputs(result, tmp / f"{folder.name}.xlsx", path)
        paths.append(path)
    return paths


def _doc(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _with(source: Path, target: Path, **indicators: Any) -> Path:
    """The summary at `source` with some indicators set (None: taken out), as a hand edits it."""
    doc = _doc(source)
    for key, value in indicators.items():
        key = key.replace("__", ".")
        if value is None:
            doc["indicators"].pop(key)
        else:
            doc["indicators"][key] = value
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


def _rollup_cli(paths: list[Path], out: Path) -> Any:
    out.mkdir()
    args = ["rollup", *map(str, paths), "-o", str(out / "tp.xlsx"), "--json", str(out / "tp.json")]
    return CliRunner().invoke(main, [*args, "--name", UNIT])


def test_every_identity_checked_holds_in_real_summaries(wards: list[Path]) -> None:
    """What the check asks of a summary is what every consolidation writes: the identities hold
    in each ward's summary (with a file left out, a late start and an old template among them)
    and in the roll-up's, and every id they name is there, so none is checked in vain."""
    from toolkit.io.summary import IDENTITIES

    third = _doc(wards[2])
    statuses = sorted(o["status"] for o in third["organisations"])
    assert statuses == ["consolidated", "consolidated", "consolidated", "excluded"]
    issues = {i["code"] for i in third["issues"]}
    assert {"org.period_start_differs", "file.old_template"} <= issues
    for path in wards:
        doc = load_summary(path)  # the check, figures and identities included
        for _, left, plus, minus in IDENTITIES:
            assert all(k in doc["indicators"] for k in (*left, *plus, *minus))
    up = rollup(wards, name=UNIT)
    assert up.count("consolidated") == 3 and not [i for i in up.issues if i.is_error]
    check_summary(up.to_summary())


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("members__total", 10**23),  # was printed as 100.000.000.000.000.000.004.216 members
        ("members__total", 10**30),  # decimal.InvalidOperation in the report
        ("members__total", 10**400),  # OverflowError
        ("members__age_sum", 10**400),  # OverflowError computing the mean
        ("members__total", -291),
        ("period__died", -5),
        ("members__age_mean", 400.5),
    ],
    ids=["1e23", "1e30", "1e400", "age_sum_1e400", "negative_total", "negative_deaths", "age_mean_400"],
)
def test_a_figure_that_cannot_be_real_leaves_its_ward_out_and_is_refused_by_history_import(
    wards: list[Path], tmp_path: Path, key: str, value: int | float
) -> None:
    indicator = key.replace("__", ".")
    edited = _with(wards[2], tmp_path / "sửa tay.json", **{key: value})
    result = _rollup_cli([wards[0], wards[1], edited], tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "Lỗi không mong đợi" not in result.output and "Traceback" not in result.output
    said = [line for line in result.output.splitlines() if line.startswith("  – ")]
    assert len(said) == 1 and said[0].startswith("  – sửa tay bị loại: “sửa tay.json”: "), said
    assert f"chỉ tiêu có giá trị không hợp lý ({indicator} = " in said[0]
    assert result.output.startswith("Đã tổng hợp 2/3 phường, ")
    doc = _doc(tmp_path / "out" / "tp.json")
    assert doc["indicators"]["members.total"] == sum(
        _doc(p)["indicators"]["members.total"] for p in wards[:2]
    )
    history = tmp_path / "ls.sqlite"
    imported = CliRunner().invoke(main, ["history", "import", str(edited), "--history", str(history)])
    assert imported.exit_code == 2 and "chỉ tiêu có giá trị không hợp lý" in imported.output
    assert "Lỗi không mong đợi" not in imported.output and not history.exists()


def test_figures_a_run_can_write_are_accepted_at_the_edges_of_their_ranges(
    wards: list[Path], tmp_path: Path
) -> None:
    """Biểu 1's opening is derived (closing − increases + decreases): below 0 when a file's
    admissions are of people not on its roll (a warning, not an error), so it may be negative;
    a sum of ages is far larger than any count."""
    ind = _doc(wards[0])["indicators"]
    moved = ind["period.opening"] + 2
    edited = _with(
        wards[0],
        tmp_path / "odd.json",
        period__opening=-2,
        period__admitted=ind["period.admitted"] + moved,
        members__age_sum=5 * 10**11,
    )
    assert load_summary(edited)["indicators"]["period.opening"] == -2


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"members__total": 1}, "tổng số đảng viên = đảng viên chính thức + đảng viên dự bị"),
        ({"members__gender__male": 1}, "tổng số đảng viên = số đảng viên nam + số đảng viên nữ"),
        ({"period__died": 3}, "Biểu 1: đảng viên cuối kỳ = đầu kỳ + tăng trong kỳ − giảm trong kỳ"),
        (
            {
                "members__total": 100,
                "members__full": 100,
                "members__gender__male": 100,
            },
            "Biểu 1: đảng viên cuối kỳ = tổng số đảng viên",
        ),
    ],
)
def test_a_summary_whose_figures_contradict_each_other_is_left_out_naming_the_identity(
    wards: list[Path], tmp_path: Path, change: dict[str, int], words: str
) -> None:
    """Each change is added to the ward's own figure, as a hand would edit one of them (the
    last adds 100 members with their parts, but not to Biểu 1's closing roll)."""
    own = _doc(wards[1])["indicators"]
    edited = _with(
        wards[1], tmp_path / "b.json", **{k: own[k.replace("__", ".")] + v for k, v in change.items()}
    )
    result = _rollup_cli([wards[0], edited, wards[2]], tmp_path / "out")
    assert result.exit_code == 1, result.output
    said = [line for line in result.output.splitlines() if line.startswith("  – ")]
    assert len(said) == 1 and f"“b.json”: số liệu tự mâu thuẫn, không đúng “{words}”" in said[0], said
    with pytest.raises(SummaryError) as caught:
        load_summary(edited)
    assert words in caught.value.message_vi
    # Last year's figures of a summary are checked as its own are.
    doc = _doc(wards[1])
    doc["previous"] = {
        "cutoff_date": "2025-03-31",
        "period_start": "2024-01-01",
        "indicators": {
            **own,
            **{k.replace("__", "."): own[k.replace("__", ".")] + v for k, v in change.items()},
        },
    }
    past = tmp_path / "past.json"
    past.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SummaryError) as caught:
        load_summary(past)
    assert "mục previous: số liệu tự mâu thuẫn" in caught.value.message_vi
