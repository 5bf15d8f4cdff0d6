"""An exemption dated without its reason (`member.exempt_incomplete`, a warning: the file is
consolidated) is counted as a temporary one. Its reason is `members.exempt_reason.unknown`, so
that the reasons add up to the exempted in the JSON summary, in `Tổng hợp` (a line of its own)
and in the report's "gồm: …" (hunt112b #1); and validation says it is over 12 months, as the
exemptions work list does (hunt112b #2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, d, submission
from test_worklists_edges import lists, rows

from toolkit.cli import main
from toolkit.core import vocab
from toolkit.stats.sums import with_implied_parts

CB01 = REGISTRY.organisations[1]
UNKNOWN_LINE = "Chưa rõ lý do (chưa ghi \u201cLý do miễn\u201d)"


def _ward(folder: Path) -> None:
    members = [
        _member("Lê Văn Một", "01/01/1970", "male", "01/01/1995", "01/01/1996"),
        _member("Lê Văn Hai", "01/01/1971", "male", "01/01/1995", "01/01/1996"),
        _member("Lê Văn Ba", "01/01/1972", "male", "01/01/1995", "01/01/1996"),
        # Dated, no reason: 13 months at the cut-off 31/03/2026.
        _member("Miễn Văn Ngày", "01/01/1975", "male", "01/01/1998", "01/01/1999")
        | {"exempt_from": d("01/02/2025")},
        _member("Miễn Văn Xa", "01/01/1976", "male", "01/01/1998", "01/01/1999")
        | {"exempt_from": d("01/02/2026"), "exempt_reason": "abroad"},
        _member("Miễn Văn Già", "01/01/1950", "male", "01/01/1975", "01/01/1976")
        | {"exempt_from": d("01/02/2020"), "exempt_reason": "old_age_ill_health", "occupation": "retired"},
    ]
    submission(folder, CB01, members)


def _consolidate(tmp_path: Path) -> tuple[dict[str, Any], Path]:
    folder = tmp_path / "bai_nop"
    _ward(folder)
    out, summary = tmp_path / "ket_qua.xlsx", tmp_path / "ket_qua.json"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(out), "--json", str(summary)]
    result = CliRunner().invoke(main, [*args, "--no-history"])
    assert result.exit_code == 0, result.output
    return json.loads(summary.read_text(encoding="utf-8")), out


def test_the_reasons_add_up_to_the_exempted_in_every_output(tmp_path: Path) -> None:
    data, out = _consolidate(tmp_path)
    ind = data["indicators"]
    reasons = {code: ind[f"members.exempt_reason.{code}"] for code in (*vocab.EXEMPT_REASON.codes, "unknown")}
    assert ind["members.exempt"] == 3 and ind["members.exempt.temporary"] == 2
    assert reasons["unknown"] == 1 and reasons["abroad"] == 1
    assert sum(reasons.values()) == ind["members.exempt"]
    full = vocab.FULL_EXEMPTION_REASON
    assert sum(n for code, n in reasons.items() if code != full) == ind["members.exempt.temporary"]
    # The organisation's own figures (computed for all organisations at once) say the same.
    (org,) = [o for o in data["organisations"] if o["status"] == "consolidated"]
    assert org["indicators"]["members.exempt_reason.unknown"] == 1

    wb = openpyxl.load_workbook(out, data_only=True)
    labels = [(r[0], r[1]) for r in wb["Tổng hợp"].iter_rows(values_only=True) if isinstance(r[0], str)]
    first = labels.index(("Tạm miễn công tác và sinh hoạt đảng", 2))
    temporary_parts = [t.label for t in vocab.EXEMPT_REASON.terms if t.code != full] + [UNKNOWN_LINE]
    below = labels[first + 1 : first + 1 + len(temporary_parts)]
    assert [label for label, _ in below] == temporary_parts
    assert sum(n for _, n in below) == 2 and below[-1] == (UNKNOWN_LINE, 1)
    report = " ".join(c for r in wb["Báo cáo"].iter_rows(values_only=True) for c in r if isinstance(c, str))
    assert (
        "02 đồng chí được tạm miễn công tác và sinh hoạt đảng, gồm: ra nước ngoài 01 đồng chí; "
        "chưa rõ lý do (chưa ghi \u201cLý do miễn\u201d) 01 đồng chí." in report
    )


def test_no_line_of_unknown_reason_when_every_exemption_has_its_reason(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    members = [
        _member(f"Lê Văn {n}", "01/01/1970", "male", "01/01/1995", "01/01/1996") for n in ("Một", "Hai", "Ba")
    ]
    members[0] |= {"exempt_from": d("01/02/2026"), "exempt_reason": "abroad"}
    submission(folder, CB01, members)
    out = tmp_path / "ket_qua.xlsx"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(out), "--no-history"]
    assert CliRunner().invoke(main, args).exit_code == 0
    labels = [r[0] for r in openpyxl.load_workbook(out)["Tổng hợp"].iter_rows(values_only=True)]
    assert "Ra nước ngoài" in labels and UNKNOWN_LINE not in labels


def test_validation_says_an_exemption_without_its_reason_is_over_12_months_as_the_list_does(
    tmp_path: Path,
) -> None:
    data, _ = _consolidate(tmp_path)
    long = [i for i in data["issues"] if i["code"] == "member.temporary_exemption_long"]
    assert [i["cell"] for i in long] == ["R5"]  # the roll's 4th member, at `Ngày miễn`
    out = tmp_path / "danh_sach.xlsx"
    assert lists(tmp_path / "bai_nop", out).exit_code == 0
    listed = {r[3]: r[9] for r in rows(out, "Miễn, tạm miễn")}
    assert listed == {
        "Miễn Văn Ngày": "Chưa ghi lý do miễn (tính là tạm miễn); tạm miễn đã được 13 tháng (quá 12 tháng)"
    }


def test_an_older_summary_implies_its_exemptions_of_unknown_reason() -> None:
    """A summary of an earlier version counted such an exemption in `members.exempt` and under no
    reason: the rest is exactly the unknown reason's (a roll-up, the history)."""
    older = {"members.exempt": 5} | {f"members.exempt_reason.{c}": 0 for c in vocab.EXEMPT_REASON.codes}
    older["members.exempt_reason.abroad"] = 3
    assert with_implied_parts(older)["members.exempt_reason.unknown"] == 2
    assert "members.exempt_reason.unknown" not in with_implied_parts({"members.exempt": 5})


def test_a_summary_and_a_record_of_an_earlier_version_show_the_unknown_reason(tmp_path: Path) -> None:
    """A summary written before the id existed (and a history record made from it): the report
    and `history show` imply it, so their reasons add up too (hunt113 D2)."""
    data, _ = _consolidate(tmp_path)
    data["indicators"].pop("members.exempt_reason.unknown")
    for org in data["organisations"]:
        org.get("indicators", {}).pop("members.exempt_reason.unknown", None)
    older = tmp_path / "cu.json"
    older.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = tmp_path / "bao_cao.md"
    assert CliRunner().invoke(main, ["report", str(older), "-o", str(report)]).exit_code == 0
    assert "gồm: ra nước ngoài 01 đồng chí; chưa rõ lý do" in report.read_text(encoding="utf-8")
    history = tmp_path / "h.sqlite"
    assert (
        CliRunner().invoke(main, ["history", "import", str(older), "--history", str(history)]).exit_code == 0
    )
    shown = CliRunner().invoke(main, ["history", "show", "1", "--history", str(history)])
    assert shown.exit_code == 0, shown.output
    (line,) = [line for line in shown.output.splitlines() if UNKNOWN_LINE in line]
    assert " 1 " in f"{line} "
