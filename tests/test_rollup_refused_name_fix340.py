"""A ward's summary refused for its figures (a count typed as words, "bốn nghìn") was named by
its file's name alone in every output of the roll-up — "– w3_hong bị loại" on the console,
"(w3_hong)" in the report, "w3_hong bị loại" under each form — although the file names its
ward, "Phường Dừa" (hunt337 F5). When the refused file is readable JSON with a `ward_name`,
the ward left out is now named by it with its file's name where wards are listed in words,
"Phường Dừa trong tệp “w3_hong.json”", the same on the console, in the JSON's `org_name`, the
forms' notes and the report; the file's name stays, so the clerk finds the file. Its `org_code`
and `Kiểm tra`'s ward column, beside the file's own column, name the ward alone, "Phường Dừa"
(fix342: it was the composed "Phường Dừa (“w3_hong.json”)", whose brackets nested in the
report's "(… Phường Dừa (“w3_hong.json”) …)"), or, when another ward of the roll-up has that
name, by its file's name. A file whose `ward_name` is missing, empty or not a text is named by
its file's name, as before.

Real summaries, written by `ward-stats consolidate --json` on generated wards.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.helpers_history import run_cli
from tests.helpers_sample import sample_orgs
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
UNIT = "Thành phố Thử"
WARD = "Phường Dừa"
NAMED = "Phường Dừa trong tệp “w3_hong.json”"


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three wards consolidated by the command line, each with its JSON summary."""
    tmp = tmp_path_factory.mktemp("rollup_refused_name")
    summaries = []
    for n, name in enumerate(("Phường Cau", "Phường Bần", "Phường Dừa")):
        nop = tmp / f"nop_{n}"
        nop.mkdir()
        for org in sample_orgs(60 + n, [6, 8], PERIOD, prefix=f"W{n}"):
            org.write(nop / f"{org.organisation.org_code}.xlsx")
        json_path = tmp / f"w{n + 1}.json"
        done = run_cli(
            "consolidate", nop, "--cutoff", "31/03/2026", "--since", "01/01/2025", "--ward-name", name,
            "-o", json_path.with_suffix(".xlsx"), "--json", json_path, "--no-history",
        )  # fmt: skip
        assert done.exit_code == 0, done.output
        summaries.append(json_path)
    return summaries


def _hand_edited(source: Path, target: Path, **changes: Any) -> Path:
    """The summary at `source` with its count typed as words, as a hand edits it; `changes`
    set top-level keys (None: taken out)."""
    doc = json.loads(source.read_text(encoding="utf-8"))
    doc["indicators"]["members.total"] = "bốn nghìn"
    for key, value in changes.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


def _rollup(wards: list[Path], tmp_path: Path, **changes: Any) -> tuple[Any, Path]:
    bad = _hand_edited(wards[2], tmp_path / "w3_hong.json", **changes)
    out = tmp_path / "cấp trên"
    out.mkdir()
    result = run_cli(
        "rollup", wards[0], wards[1], bad, "-o", out / "tp.xlsx", "--json", out / "tp.json", "--name", UNIT
    )
    assert result.exit_code == 1, result.output
    return result, out


def _texts(ws: Any) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_a_ward_refused_for_its_figures_is_named_by_its_ward_name_and_its_file_everywhere(
    wards: list[Path], tmp_path: Path
) -> None:
    result, out = _rollup(wards, tmp_path)
    said = [line for line in result.output.splitlines() if line.startswith("  – ")]
    assert len(said) == 1, said
    assert said[0].startswith(
        f"  – {NAMED} bị loại: “w3_hong.json”: chỉ tiêu không phải số: tổng số đảng viên."
    ), said
    assert "w3_hong bị loại" not in result.output
    assert unicodedata.is_normalized("NFC", result.output)
    # The JSON sent up: the ward left out, by the same name, with its file.
    doc = json.loads((out / "tp.json").read_text(encoding="utf-8"))
    [left_out] = [o for o in doc["organisations"] if o["status"] == "excluded"]
    assert (left_out["org_code"], left_out["org_name"], left_out["file"]) == (WARD, NAMED, "w3_hong.json")
    assert [i["org_code"] for i in doc["issues"] if i["code"] == "rollup.unreadable"] == [WARD]
    book = openpyxl.load_workbook(out / "tp.xlsx")
    # Under each form.
    note = (
        f"Ghi chú: Số liệu của 2/3 phường: {NAMED} bị loại, không được cộng (lý do ở sheet “Kiểm tra”), "
        "nên các số trong biểu chưa đủ."
    )
    for number in range(1, 5):
        notes = [t for t in _texts(book[f"Biểu {number}-BTCTW"]) if t.startswith("Ghi chú")]
        assert notes[0] == note, (number, notes)
    # The report.
    report = " ".join(_texts(book["Báo cáo"]))
    assert f"({NAMED})" in report and "(w3_hong)" not in report, report
    assert "(“w3_hong.json”)" not in report, report  # no brackets nested in the list's (fix342)
    # Kiểm tra: the refusal's row names the ward in its ward column, its file in its own.
    rows = [r for r in book["Kiểm tra"].iter_rows(values_only=True) if "rollup.unreadable" in r]
    assert len(rows) == 1 and WARD in rows[0] and "w3_hong.json" in rows[0], rows
    assert [r[:2] for r in book["Theo phường"].iter_rows(values_only=True) if "w3_hong.json" in r] == [
        (WARD, "w3_hong.json")
    ]
    assert not any(v == "w3_hong" for v in _texts(book["Kiểm tra"]) + _texts(book["Theo phường"]))


def test_a_refused_ward_named_as_a_ward_added_is_coded_by_its_file(wards: list[Path], tmp_path: Path) -> None:
    """A refused file naming a ward the roll-up adds (an old damaged copy beside the ward's good
    summary): its `org_code` is its file's name, so that no two wards of the JSON share one; it
    is still named in words with its file (fix342)."""
    result, out = _rollup(wards, tmp_path, ward_name="Phường Cau")
    doc = json.loads((out / "tp.json").read_text(encoding="utf-8"))
    [left_out] = [o for o in doc["organisations"] if o["status"] == "excluded"]
    assert (left_out["org_code"], left_out["org_name"]) == ("w3_hong", "Phường Cau trong tệp “w3_hong.json”")
    assert len({o["org_code"] for o in doc["organisations"]}) == 3
    assert "  – Phường Cau trong tệp “w3_hong.json” bị loại: " in result.output, result.output


@pytest.mark.parametrize(
    "ward_name", [None, "", "   ", 12, ["Phường Dừa"]], ids=["missing", "empty", "blank", "number", "list"]
)
def test_a_refused_file_without_a_ward_name_in_words_is_named_by_its_file_as_before(
    wards: list[Path], tmp_path: Path, ward_name: Any
) -> None:
    result, out = _rollup(wards, tmp_path, ward_name=ward_name)
    said = [line for line in result.output.splitlines() if line.startswith("  – ")]
    assert len(said) == 1 and said[0].startswith("  – w3_hong bị loại: “w3_hong.json”: "), said
    doc = json.loads((out / "tp.json").read_text(encoding="utf-8"))
    [left_out] = [o for o in doc["organisations"] if o["status"] == "excluded"]
    assert left_out["org_code"] == "w3_hong"
