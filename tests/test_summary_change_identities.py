"""The identities of a summary's changes (`toolkit.io.summary.change_identities`), on real
summaries: the demo ward (its JSON, and both of its history's records exported, last year's
included), wards consolidated from generated files with a period starting mid-year, and their
roll-up. Every identity holds on them, every id it names is there; a summary edited by hand so
that one breaks is refused by `rollup` (the ward left out, the identity named at its file),
`report` and `history import` alike."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core import vnformat
from toolkit.core.errors import SummaryError
from toolkit.core.model import Registry
from toolkit.io.summary import check_summary, load_summary
from toolkit.outputs.publish import write_outputs
from toolkit.pipeline import consolidate
from toolkit.rollup import rollup
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2023, 4, 15), dt.date(2026, 3, 31))  # a start inside its year
UNIT = "Tỉnh Thử"


def _doc(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo's summary and its two history records exported; two generated wards' summaries."""
    tmp = tmp_path_factory.mktemp("change_identities")
    demo = tmp / "demo"
    done = _run("demo", "--seed", "7", str(demo))
    assert done.exit_code == 0, done.output
    paths = {"demo": next(demo.glob("tong_hop_phuong_*.json"))}
    for n in (1, 2):
        out = tmp / f"ban_xuat_{n}.json"
        args = (
            "history",
            "export",
            str(n),
            "--json",
            str(out),
            "--history",
            str(demo / "lich_su_tong_hop.sqlite"),
        )
        done = _run(*args)
        assert done.exit_code == 0, done.output
        paths[f"export{n}"] = out
    orgs = sample_orgs(47, [30, 22, 41, 17, 26], PERIOD)
    for name, part in (("Phường Đông", orgs[:2]), ("Phường Tây", orgs[2:])):
        folder = tmp / name.split()[1]
        folder.mkdir()
        for org in part:
            org.write(folder / f"{org.organisation.org_code}.xlsx")
        registry = Registry([o.organisation for o in part])
        result = consolidate(
            [folder], cutoff=PERIOD.cutoff, since=PERIOD.start, registry=registry, ward_name=name
        )
        paths[name] = tmp / f"{folder.name}.json"
        write_outputs(result, tmp / f"{folder.name}.xlsx", paths[name])
    return paths


def _identities(doc: dict[str, Any]) -> list[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    from toolkit.io.summary import change_identities  # inside: the module's other tests run without it

    start, cutoff = (dt.date.fromisoformat(doc[k]) for k in ("period_start", "cutoff_date"))
    return list(change_identities(start, cutoff))


def _assert_hold(indicators: dict[str, Any], identities: list[Any]) -> None:
    for words, left, plus, minus in identities:
        assert all(k in indicators for k in (*left, *plus, *minus)), words  # none checked in vain
        lhs = sum(indicators[k] for k in left)
        assert lhs == sum(indicators[k] for k in plus) - sum(indicators[k] for k in minus), words


def test_the_change_families_checked_are_those_a_consolidation_counts() -> None:
    """`io.summary` cannot import `stats`: its copy of the change families is held equal."""
    from toolkit.io.summary import CHANGE_FAMILIES
    from toolkit.stats import indicators

    assert CHANGE_FAMILIES == indicators.CHANGE_FAMILIES


def test_every_change_identity_holds_in_real_summaries(real: dict[str, Path]) -> None:
    from toolkit.io.summary import CHANGE_FAMILIES

    docs = {key: load_summary(path) for key, path in real.items()}  # the check, identities included
    for key, doc in docs.items():
        _assert_hold(doc["indicators"], _identities(doc))
        assert doc["indicators"][f"changes.admissions.{doc['cutoff_date'][:4]}"] > 0, key  # not all 0
    previous = docs["demo"]["previous"]  # last year's figures, of last year's period
    assert previous["cutoff_date"] == "2025-03-31"
    _assert_hold(previous["indicators"], _identities(previous))
    assert docs["export1"]["cutoff_date"] == "2025-03-31"
    up = rollup([real["Phường Đông"], real["Phường Tây"]], name=UNIT)
    summary = up.to_summary()
    check_summary(summary)
    _assert_hold(summary["indicators"], _identities(summary))
    years = range(PERIOD.start.year, PERIOD.cutoff.year + 1)
    assert len(_identities(summary)) == 2 * (len(years) + 1) + 1 + len(CHANGE_FAMILIES) + 2


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"changes.admissions.2026": 5}, "số kết nạp đảng viên năm 2026 = số kết nạp + số kết nạp lại"),
        (
            {"changes.removed.total": 1},
            "số đưa ra khỏi Đảng cả kỳ = số xóa tên + số khai trừ + số xin ra khỏi Đảng",
        ),
        (
            {"changes.admissions.q1": 2},
            "số kết nạp đảng viên năm 2026 = tổng số kết nạp các quý I–IV năm 2026",
        ),
        ({"changes.died.total": 3}, "số từ trần cả kỳ = tổng các năm 2023–2026"),
        # The admissions of a year moved to another, with their parts: the total no longer adds up.
        (
            {"changes.admissions.2024": 1, "changes.admitted.2024": 1},
            "số kết nạp cả kỳ = tổng các năm 2023–2026",
        ),
    ],
)
def test_a_summary_whose_changes_contradict_each_other_is_refused_everywhere(
    real: dict[str, Path], tmp_path: Path, change: dict[str, int], words: str
) -> None:
    doc = _doc(real["Phường Tây"])
    for key, added in change.items():
        doc["indicators"][key] += added
    edited = tmp_path / "tay_sua.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    said = f"“{edited}”: số liệu tự mâu thuẫn, không đúng “{words}”"
    with pytest.raises(SummaryError) as caught:
        load_summary(edited)
    assert said in caught.value.message_vi
    # The roll-up leaves the ward out, naming the identity at its file.
    out = tmp_path / "out"
    out.mkdir()
    paths = (str(real["Phường Đông"]), str(edited))
    done = _run("rollup", *paths, "-o", str(out / "tp.xlsx"), "--json", str(out / "tp.json"), "--name", UNIT)
    assert done.exit_code == 1 and "Đã tổng hợp 1/2 phường" in done.output, done.output
    up = _doc(out / "tp.json")
    (left_out,) = [i for i in up["issues"] if i["severity"] == "error"]
    assert left_out["file"] == "tay_sua.json" and f"không đúng “{words}”" in left_out["message"]
    assert (
        up["indicators"]["changes.admissions.2026"]
        == _doc(real["Phường Đông"])["indicators"]["changes.admissions.2026"]
    )
    # `report` and `history import` refuse it too.
    done = _run("report", str(edited), "-o", str(tmp_path / "bao_cao.md"))
    assert done.exit_code != 0 and f"không đúng “{words}”" in done.output, done.output
    assert not (tmp_path / "bao_cao.md").exists()
    done = _run("history", "import", str(edited), "--history", str(tmp_path / "ls.sqlite"))
    assert done.exit_code != 0 and f"không đúng “{words}”" in done.output, done.output


def test_last_years_changes_that_contradict_each_other_are_refused(
    real: dict[str, Path], tmp_path: Path
) -> None:
    doc = _doc(real["demo"])
    doc["previous"]["indicators"]["changes.admitted.2025"] += 4
    edited = tmp_path / "nam_truoc_sua.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SummaryError) as caught:
        load_summary(edited)
    assert (
        "mục previous: số liệu tự mâu thuẫn, không đúng “số kết nạp đảng viên năm 2025"
        in caught.value.message_vi
    )


@pytest.mark.parametrize(
    ("dates", "missing", "period"),
    [
        # hunt86 F2: the cut-off moved into a year the file has no changes of (its quarters are
        # last year's): the report said "Riêng quý I/2027 kết nạp được 0".
        (
            {"cutoff_date": "2027-03-31", "form_period": ["2027-01-01", "2027-03-31"]},
            "năm 2027",
            "từ ngày 15/04/2023 đến ngày 31/03/2027",
        ),
        # The start moved back: two years of no changes, and their zeros in the report.
        ({"period_start": "2021-01-01"}, "năm 2021, 2022", "từ ngày 01/01/2021 đến ngày 31/03/2026"),
    ],
)
def test_a_summary_whose_dates_were_moved_past_its_changes_is_refused_everywhere(
    real: dict[str, Path], tmp_path: Path, dates: dict[str, Any], missing: str, period: str
) -> None:
    """hunt86 F2: each change identity was skipped when its year's ids were not all there, so a
    summary whose dates alone were edited passed and its report invented a year of zeros."""
    doc = _doc(real["Phường Tây"])
    doc.update(dates)
    edited = tmp_path / "tay_sua.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    said = f"“{edited}”: kỳ số liệu {period} nhưng không có số biến động đảng viên {missing} (thiếu "
    with pytest.raises(SummaryError) as caught:
        load_summary(edited)
    assert said in caught.value.message_vi and "Tệp có thể đã bị sửa bằng tay" in caught.value.message_vi
    done = _run("report", str(edited), "-o", str(tmp_path / "bao_cao.md"))
    assert done.exit_code != 0 and said in done.output, done.output
    assert not (tmp_path / "bao_cao.md").exists()
    done = _run("history", "import", str(edited), "--history", str(tmp_path / "ls.sqlite"))
    assert done.exit_code != 0 and said in done.output, done.output
    # Beside a ward of the same dates, the roll-up leaves it out, naming the year at its file.
    other = _doc(real["Phường Đông"])
    other.update(dates)
    for key in ("changes", "previous"):  # a hand-made summary of those dates without changes
        other.pop(key, None)
    other["indicators"] = {k: v for k, v in other["indicators"].items() if not k.startswith("changes.")}
    dong = tmp_path / "dong.json"
    dong.write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    load_summary(dong)  # no change counted by year: nothing to lack
    out = tmp_path / "out"
    out.mkdir()
    done = _run("rollup", str(dong), str(edited), "-o", str(out / "tp.xlsx"), "--json", str(out / "tp.json"))
    assert "Đã tổng hợp 1/2 phường" in done.output, done.output
    (left_out,) = [i for i in _doc(out / "tp.json")["issues"] if i["severity"] == "error"]
    assert left_out["file"] == "tay_sua.json"
    assert f"không có số biến động đảng viên {missing}" in left_out["message"]


def test_last_years_dates_moved_past_its_changes_are_refused(real: dict[str, Path], tmp_path: Path) -> None:
    doc = _doc(real["demo"])
    start = doc["previous"]["period_start"]
    doc["previous"]["period_start"] = f"{int(start[:4]) - 1}{start[4:]}"
    edited = tmp_path / "nam_truoc_sua.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SummaryError) as caught:
        load_summary(edited)
    assert (
        f"mục previous: kỳ số liệu từ ngày {vnformat.message_date(doc['previous']['period_start'])} đến ngày "
        f"{vnformat.message_date(doc['previous']['cutoff_date'])} nhưng không có số biến động đảng viên năm "
        f"{int(start[:4]) - 1} (thiếu số " in caught.value.message_vi
    ), caught.value.message_vi
