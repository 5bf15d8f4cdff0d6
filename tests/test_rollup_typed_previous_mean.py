"""A roll-up of wards whose last year was typed from the forms sent up (hunt233 F4).

`history blank-forms` + `history import` store last year's Biểu 1–3-BTCTW as typed: a mean age
is typed as the forms give it, without the sum of ages and the count it is made of. The
roll-up cannot add such means (it never guesses one from rounded means), so the province's
"Cùng kỳ năm trước" of "Tuổi bình quân" is empty. It used to say so with
`rollup.incomplete_indicator`: no ward named, a raw id, and advice ("tổng hợp lại bằng phiên bản
hiện tại") no ward could follow. Now `rollup.previous_mean_only` names the wards and says why,
and so does the forms' note on that line; wards with real last-year runs are rolled up as before.
Beside a ward with a real last-year run, the ids the forms do not give are said of the typed
ward as typed (its summary's `previous.typed_forms`), with nothing to redo (h234's finding).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from tests.helpers_sample import sample_orgs
from tests.schema_check import assert_valid_summary
from tests.test_typed_forms import B1, B2, B3, BIEU1, BIEU2, BIEU3, _fill
from toolkit.cli import main
from toolkit.sample.rows import OrgRows, Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
LAST_YEAR = Period(dt.date(2024, 1, 1), dt.date(2025, 3, 31))  # the same organisations' files of 2025
SIZES = [25, 30, 20, 35]
WARDS = ("Phường Một", "Phường Hai")
BAD_ADVICE = "tổng hợp lại bằng phiên bản hiện tại"


def _run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _write(orgs: list[OrgRows], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    return folder


def _consolidate(folder: Path, history: Path, name: str, cutoff: str, out: Path) -> Path:
    """`folder` consolidated at `cutoff`, its changes counted from the year's start (as the
    typed forms' are)."""
    done = _run(
        "consolidate", folder, "--cutoff", cutoff, "--since", f"01/01/{cutoff[-4:]}", "--ward-name", name,
        "--history", history, "-o", out.with_suffix(".xlsx"), "--json", out.with_suffix(".json"),
    )  # fmt: skip
    assert done.exit_code in (0, 1), done.output
    return out.with_suffix(".json")


def _typed_history(tmp: Path, name: str) -> Path:
    """A history holding last year's Q1 forms typed by hand (Biểu 2's and Biểu 3's mean ages)."""
    history = tmp / "lich_su.sqlite"
    book = tmp / "nam_truoc.xlsx"
    done = _run("history", "blank-forms", book, "--cutoff", "31/03/2025", "--ward-name", name)
    assert done.exit_code == 0, done.output
    _fill(book, {B1: BIEU1, B2: BIEU2, B3: {**BIEU3, "II.2.mean": 48.7}})
    done = _run("history", "import", book, "--history", history)
    assert done.exit_code == 0, done.output
    return history


def _rollup(out: Path, *summaries: Path) -> dict[str, Any]:
    done = _run(
        "rollup",
        *summaries,
        "-o",
        out.with_suffix(".xlsx"),
        "--json",
        out.with_suffix(".json"),
        "--name",
        "Tỉnh Thử",
    )
    assert done.exit_code == 0, done.output
    doc = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert_valid_summary(doc)
    return doc


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("typed_mean")
    orgs, before = sample_orgs(41, SIZES, PERIOD), sample_orgs(41, SIZES, LAST_YEAR)
    typed, real = [], []
    for n, name in enumerate(WARDS):
        slug = name.replace(" ", "_")
        folder = _write(orgs[2 * n : 2 * n + 2], tmp / slug / "nop")
        history = _typed_history(tmp / slug, name)
        typed.append(_consolidate(folder, history, name, "31/03/2026", tmp / slug / "q1_2026"))
        # The same ward with a real run of last year's Q1 in its history instead.
        own = tmp / slug / "lich_su_that.sqlite"
        last = _write(before[2 * n : 2 * n + 2], tmp / slug / "nop_2025")
        _consolidate(last, own, name, "31/03/2025", tmp / slug / "q1_2025")
        real.append(_consolidate(folder, own, name, "31/03/2026", tmp / slug / "q1_2026_that"))
    return {"tmp": tmp, "typed": typed, "real": real}


def _issues(doc: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [i for i in doc["issues"] if i["code"] == code]


def _mean_line(doc: dict[str, Any], form: str) -> dict[str, Any]:
    (row,) = [r for r in doc["forms"][form] if r["row"] == "II.2.mean"]
    return row


def _notes(book: Path, sheet: str) -> str:
    return " ".join(
        str(c.value) for row in openpyxl.load_workbook(book)[sheet].iter_rows() for c in row if c.value
    )


def test_wards_whose_last_year_was_typed_are_named_and_not_sent_back(built: dict[str, Any]) -> None:
    for path in built["typed"]:  # the wards' last year: the typed means, not their parts
        past = json.loads(path.read_text(encoding="utf-8"))["previous"]["indicators"]
        assert past["admitted.age_mean"] == 29.5 and "admitted.age_sum" not in past
        assert past["members.age_mean"] == 48.7 and "members.age_sum" not in past
    out = built["tmp"] / "tinh_typed"
    up = _rollup(out, *built["typed"])
    said = " ".join(i["message"] for i in up["issues"])
    assert BAD_ADVICE not in said, said
    assert not _issues(up, "rollup.incomplete_indicator"), said
    (issue,) = _issues(up, "rollup.previous_mean_only")
    message = issue["message"]
    for ward in WARDS:
        assert ward in message, message
    assert "chép từ các biểu đã gửi" in message and "chỉ ghi tuổi bình quân" in message, message
    assert "không cần" in message, message
    # The means in brackets as the clerk knows them, never by id (fix357).
    said = "(Biểu 2: tuổi bình quân của đảng viên mới kết nạp; tuổi bình quân của đảng viên)"
    assert said in message and "age_mean" not in message, message
    # Both files are where it is said; the mean is left empty, never guessed from the typed ones.
    assert all(Path(p).name in issue["file"] for p in built["typed"]), issue
    assert "admitted.age_mean" not in up["previous"]["indicators"]
    assert "members.age_mean" not in up["previous"]["indicators"]
    assert _mean_line(up, "bieu2")["previous"] is None
    # Each form's note on that line names the wards and says why.
    for sheet in ("Biểu 2-BTCTW", "Biểu 3-BTCTW"):
        notes = _notes(out.with_suffix(".xlsx"), sheet)
        said = (
            f"Dòng “Tuổi bình quân” ở cột “Cùng kỳ năm trước” để trống: số liệu năm trước của "
            f"{WARDS[0]}, {WARDS[1]}"
        )
        assert said in notes and "chép từ các biểu đã gửi" in notes, notes


def test_a_rollup_of_wards_with_real_last_year_runs_is_unchanged(built: dict[str, Any]) -> None:
    up = _rollup(built["tmp"] / "tinh_that", *built["real"])
    assert not _issues(up, "rollup.previous_mean_only")
    assert not _issues(up, "rollup.incomplete_indicator")
    past = [json.loads(p.read_text(encoding="utf-8"))["previous"]["indicators"] for p in built["real"]]
    ages, known = (sum(p[f"members.age_{k}"] for p in past) for k in ("sum", "known"))
    assert known and up["previous"]["indicators"]["members.age_mean"] == round(ages / known, 1)
    assert _mean_line(up, "bieu3")["previous"] == round(ages / known, 1)


def test_a_typed_ward_beside_one_with_a_real_run_is_named_alone_for_its_typed_mean(
    built: dict[str, Any],
) -> None:
    """The typed ward lacks the sum of ages and its count: its typed mean is said of it alone.
    It also lacks the many ids the forms do not give (`orgs.*`, the tiers…): said of it by
    `rollup.incomplete_indicator` as typed from the forms, with nothing to redo, never as an
    older or edited file to consolidate again (h234's finding)."""
    typed, real = built["typed"][0], built["real"][1]
    up = _rollup(built["tmp"] / "tinh_lan", typed, real)
    (issue,) = _issues(up, "rollup.previous_mean_only")
    assert WARDS[0] in issue["message"] and WARDS[1] not in issue["message"], issue
    assert (issue["file"], issue["org_code"]) == (typed.name, WARDS[0])
    assert "members.age_mean" not in up["previous"]["indicators"]
    # Its summary says its last year was typed; the real run's does not.
    assert json.loads(typed.read_text(encoding="utf-8"))["previous"]["typed_forms"] is True
    assert "typed_forms" not in json.loads(real.read_text(encoding="utf-8"))["previous"]
    (lacks,) = _issues(up, "rollup.incomplete_indicator")
    message = lacks["message"]
    assert (lacks["file"], lacks["org_code"]) == (typed.name, WARDS[0]), lacks
    assert WARDS[0] in message and WARDS[1] not in message, message
    assert "được chép từ các biểu đã gửi năm trước" in message, message
    assert "Phường không cần làm lại gì" in message, message
    assert BAD_ADVICE not in message and "phiên bản ward-stats cũ hơn" not in message, message
    # The ids only a consolidation makes, named as the clerk knows them, never by id (fix357).
    assert "tổng số tổ chức đảng trực thuộc; số tổ chức đã nộp số liệu" in message, message
    assert "orgs." not in message, message


def test_an_older_file_beside_a_typed_one_is_still_sent_back(built: dict[str, Any]) -> None:
    """A ward with a real last-year run whose summary lacks an id (edited, or of an earlier
    build) is still asked to consolidate again, beside a typed ward that is not."""
    typed, real = built["typed"][0], built["real"][1]
    doc = json.loads(real.read_text(encoding="utf-8"))
    del doc["previous"]["indicators"]["members.gender.female"]  # a line of the forms
    edited = built["tmp"] / "sua" / real.name
    edited.parent.mkdir(exist_ok=True)
    edited.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    up = _rollup(built["tmp"] / "tinh_sua", typed, edited)
    by_ward = {i["org_code"]: i["message"] for i in _issues(up, "rollup.incomplete_indicator")}
    assert set(by_ward) == set(WARDS), by_ward
    assert BAD_ADVICE in by_ward[WARDS[1]] and "phiên bản ward-stats cũ hơn" in by_ward[WARDS[1]]
    assert BAD_ADVICE not in by_ward[WARDS[0]] and "Phường không cần làm lại gì" in by_ward[WARDS[0]]


def test_typed_forms_in_previous_must_be_true_or_false(built: dict[str, Any]) -> None:
    doc = json.loads(built["typed"][0].read_text(encoding="utf-8"))
    doc["previous"]["typed_forms"] = "yes"
    bad = built["tmp"] / "sai" / "sai.json"
    bad.parent.mkdir(exist_ok=True)
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    done = _run("rollup", bad, built["real"][1], "-o", bad.with_suffix(".xlsx"), "--name", "Tỉnh Thử")
    assert "typed_forms phải là true hoặc false" in done.output, done.output
