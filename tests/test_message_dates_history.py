"""One date format in every issue message (fix141): the history's own warnings (`history.*`) and
the opening checks' (`form.*`) write dd/mm/yyyy (`vnformat.message_date`) as every other message
does, in `Kiểm tra`, the JSON `issues` and on the console, while the documents that repeat part
of their words (the trend sheet `Xu hướng`, the forms' note on `Cùng kỳ năm trước`) keep Nghị
định 30's d/m/yyyy (`vnformat.date`). They wrote 31/3/2025 beside the other messages' 31/03/2025.

A ward of three generated organisations is consolidated through the CLI at 31/03/2025, another
ward's two organisations at 30/09/2025 into the same history without `--ward-name`, then the
first ward at 31/03/2026 with a death after 31/03/2025 left out of one file (the opening check
says it) and, into a copy of that history, under its name typed otherwise (`history.other_ward_name`).
Real generated workbooks, a real SQLite history file.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.helpers_history import run_cli
from tests.helpers_sample import sample_orgs
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows, Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
EARLIER = dt.date(2025, 3, 31)
MIDDLE = dt.date(2025, 9, 30)
WARD = "Phường Thử"
# A date as written anywhere: `31/3/2025`, `01/7/2025`, `31/03/2025`.
DATE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])")
MESSAGE_DATE = re.compile(r"\d{2}/\d{2}/\d{4}")


def _write(orgs: list[OrgRows], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    return folder


def _run(
    folder: Path, cutoff: dt.date, history: Path, out: Path, ward: str | None
) -> tuple[dict[str, Any], str]:
    """`ward-stats consolidate`: its JSON summary and its console output."""
    args: list[object] = ["consolidate", folder, "--cutoff", cutoff.isoformat(), "--history", history]
    args += ["-o", out, "--json", out.with_suffix(".json"), *(["--ward-name", ward] if ward else [])]
    done = run_cli(*args)
    assert done.exit_code in (0, 1), done.output
    data: dict[str, Any] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return data, done.output


def _texts(workbook: Path, sheet: str) -> list[str]:
    ws = openpyxl.load_workbook(workbook)[sheet]
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def _not_message_dates(texts: list[str]) -> list[str]:
    """Each date of `texts` not written dd/mm/yyyy, with its text."""
    return [f"{d} in {t!r}" for t in texts for d in DATE.findall(t) if not MESSAGE_DATE.fullmatch(d)]


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("message_dates")
    every = sample_orgs(23, [40, 35, 30, 20, 25], PERIOD, prefix="A")
    mine, theirs = every[:3], every[3:]
    now = copy.deepcopy(mine)
    org = next(
        o for o in now if any(e["event_type"] == "died" and e["event_date"] > EARLIER for e in o.events)
    )
    died = next(e for e in org.events if e["event_type"] == "died" and e["event_date"] > EARLIER)
    org.events.remove(died)  # a member gone from the roll without the change row
    history = tmp / "lich_su_tong_hop.sqlite"
    _run(_write([as_of(o, EARLIER) for o in mine], tmp / "mine25"), EARLIER, history, tmp / "a25.xlsx", WARD)
    _run(_write([as_of(o, MIDDLE) for o in theirs], tmp / "theirs"), MIDDLE, history, tmp / "b.xlsx", None)
    typed = tmp / "typed.sqlite"
    shutil.copyfile(history, typed)
    folder = _write(now, tmp / "mine26")
    out, out_typed = tmp / "a26.xlsx", tmp / "typed26.xlsx"
    summary, console = _run(folder, PERIOD.cutoff, history, out, WARD)
    summary_typed, console_typed = _run(folder, PERIOD.cutoff, typed, out_typed, "Phuong Thu")
    return {
        "runs": [(summary, console, out), (summary_typed, console_typed, out_typed)],
        "summary": summary,
        "summary_typed": summary_typed,
        "out": out,
        "out_typed": out_typed,
        "org": org.organisation.org_code,
    }


def test_the_history_s_and_the_opening_check_s_messages_write_dd_mm_yyyy(ward: dict[str, Any]) -> None:
    codes = [i["code"] for i in ward["summary"]["issues"]]
    assert "history.trend_no_common_orgs" in codes and "form.opening_mismatch" in codes, codes
    assert "history.other_ward_name" in [i["code"] for i in ward["summary_typed"]["issues"]]
    for summary, console, out in ward["runs"]:
        messages = [i["message"] for i in summary["issues"]]
        said = [m for m in messages if DATE.search(m)]
        assert said, messages
        assert _not_message_dates(messages) == []
        assert _not_message_dates(_texts(out, "Kiểm tra")) == []
        assert _not_message_dates(console.splitlines()) == []


def test_each_date_is_the_one_meant(ward: dict[str, Any]) -> None:
    issues = ward["summary"]["issues"]
    trend = next(i["message"] for i in issues if i["code"] == "history.trend_no_common_orgs")
    assert "lần tổng hợp số 2 ngày chốt 30/09/2025 (không ghi tên phường)" in trend
    opening = [i for i in issues if i["code"] == "form.opening_mismatch"]
    assert [i["org_code"] for i in opening] == [ward["org"], None]
    assert all("tại ngày 31/03/2025 tính lại" in i["message"] for i in opening), opening
    other = next(
        i["message"] for i in ward["summary_typed"]["issues"] if i["code"] == "history.other_ward_name"
    )
    assert "kỳ 01/01/2025–31/03/2025 của “Phường Thử” (lần số 1" in other


def test_the_documents_keep_the_administrative_date(ward: dict[str, Any]) -> None:
    """The trend sheet's and the forms' notes say the same dates as a document does."""
    trend = " ".join(_texts(ward["out"], "Xu hướng"))
    assert "Không đưa vào ngày chốt 30/9/2025: lần tổng hợp số 2" in trend
    assert "30/09/2025" not in trend
    notes = [n for n in _texts(ward["out_typed"], "Biểu 1-BTCTW") if "Cùng kỳ năm trước" in n]
    assert any(
        "lịch sử tổng hợp có lần tổng hợp kỳ 01/01/2025–31/3/2025 của “Phường Thử”" in n for n in notes
    )
    assert not any("31/03/2025" in n for n in notes), notes
