"""A later departure matched by the accents alone is said with both readings (hunt97 m1-m3).

`event.joined_not_on_roll` takes a later leaving row of the file and birth date whose name
differs only by marks (`vocab.marks_compatible`) as the person's departure (hunt87 a2, hunt90
#2). Twins a mark apart share that match: "Nguyễn Thị Hòa" moved in on 15/01/2026 and was
forgotten on the roll, her twin "Nguyễn Thị Hoa" moved out on 01/03/2026, and nothing was said
(members.total one short). Such a departure is now `event.joined_not_on_roll_accents`, a
warning at the arrival quoting both spellings and the leaving row: one person (counted as left:
type the name alike), or two (add this one to the roll). A departure typed as the name's own
stays silent; a leaver of another name leaves `event.joined_not_on_roll` as it was.

Real workbooks written through the template, validated and consolidated through the command
line (click's CliRunner).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers_validate import clean_events, clean_members, write

from toolkit.cli import main

TWINS = dt.date(1990, 5, 5)
SCOPE = {"transfer_scope": "other_province"}
CODE = "event.joined_not_on_roll_accents"
OLD = "event.joined_not_on_roll"
IN, OUT = dt.date(2026, 1, 15), dt.date(2026, 3, 1)


def _change(name: str, kind: str, on: dt.date, row_no: int) -> dict[str, Any]:
    row = {"row_no": row_no, "full_name": name, "birth_date": TWINS, "event_type": kind, "event_date": on}
    if kind.startswith("transfer"):
        row |= SCOPE
    if kind == "admitted":
        row["decision_no"] = "12-QĐ/ĐU"
    return row


def _file(
    folder: Path, came: str, left: str, *, joined: str = "transfer_in", leaving: str = "transfer_out"
) -> Path:
    """CB07, clean, with ``came`` joining on 15/01/2026 (row 4 of the sheet) and ``left``
    leaving on 01/03/2026 (row 5), neither on the roll."""
    folder.mkdir(parents=True, exist_ok=True)
    changes = [_change(came, joined, IN, 3), _change(left, leaving, OUT, 4)]
    return write(folder, members=clean_members(), events=[*clean_events(), *changes])


def _validated(path: Path, *, personal: bool = True) -> list[dict[str, Any]]:
    out = path.parent / "kiem_tra.json"
    args = ["validate", str(path), "--cutoff", "31/03/2026", "--json", str(out)]
    args += ["--personal-data"] if personal else []
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    issues: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))["issues"]
    return issues


def _consolidated(folder: Path) -> dict[str, Any]:
    out = folder / "tong_hop.json"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--since", "01/01/2025"]
    args += ["-o", str(folder / "tong_hop.xlsx"), "--json", str(out), "--no-history", "--personal-data"]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    doc: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return doc


@pytest.mark.parametrize(
    ("case", "came", "left", "joined", "leaving", "said"),
    [
        # hunt97 m1: twin Hòa moved in, forgotten on the roll; twin Hoa moved out later.
        ("m1", "Nguyễn Thị Hòa", "Nguyễn Thị Hoa", "transfer_in", "transfer_out", "Chuyển đi"),
        # hunt97 m2: each name lacks a mark the other has (`marks_compatible`, 5c86c5e).
        ("m2", "Nguyen Văn Thành", "Nguyễn Văn Thanh", "transfer_in", "transfer_out", "Chuyển đi"),
        # hunt97 m3: admitted Hòa, her twin Hoa died later.
        ("m3", "Nguyễn Thị Hòa", "Nguyễn Thị Hoa", "admitted", "died", "Từ trần"),
        # hunt90 c10: one person typed two ways; the old advice "add to the roll" alone was wrong.
        ("c10", "Trần Ba Luân", "Tran Bá Luân", "transfer_in", "transfer_out", "Chuyển đi"),
    ],
)
def test_departure_matched_by_accents_alone_is_said_with_both_readings(
    tmp_path: Path, case: str, came: str, left: str, joined: str, leaving: str, said: str
) -> None:
    """The arrival gets `event.joined_not_on_roll_accents` at its row (B4), quoting the leaving
    row (row 5) with its spelling, and saying one person and two people; not the old warning."""
    path = _file(tmp_path / case, came, left, joined=joined, leaving=leaving)
    issues = _validated(path)
    codes = [i["code"] for i in issues]
    assert OLD not in codes, issues
    [warning] = [i for i in issues if i["code"] == CODE]
    assert warning["severity"] == "warning", warning
    assert (warning["sheet"], warning["cell"]) == ("Biến động", "B4"), warning
    message = warning["message"]
    assert f"“{came}”, sinh 05/05/1990, có biến động" in message, message
    quoted = f"dòng 5 ghi “{left}” có biến động “{said}” ngày 01/03/2026, cùng ngày sinh"
    assert f"{quoted}, họ tên chỉ khác nhau ở dấu" in message, message
    assert "Nếu là một người, không cần sửa số liệu: hãy ghi họ tên có dấu giống hệt nhau" in message
    assert "Nếu là hai người khác nhau (ví dụ anh chị em sinh đôi), người này chưa có trong sheet" in message
    assert "hãy thêm đảng viên này vào sheet “Đảng viên”" in message


def test_the_warning_is_masked_without_personal_data(tmp_path: Path) -> None:
    """Without personal data both names, the dates and the two changes are hidden; the leaving
    row's number stays."""
    path = _file(tmp_path, "Nguyễn Thị Hòa", "Nguyễn Thị Hoa")
    [warning] = [i for i in _validated(path, personal=False) if i["code"] == CODE]
    message = warning["message"]
    for secret in ("Hòa", "Hoa", "05/05/1990", "15/01/2026", "01/03/2026", "Chuyển"):
        assert secret not in message, message
    assert "dòng 5 ghi “[đã ẩn]” có biến động [đã ẩn], cùng ngày sinh" in message, message


def test_counted_as_before_one_person_who_left(tmp_path: Path) -> None:
    """The figures are those of the departure typed alike (one person in, then out): the file
    is consolidated (a warning) with the control's indicators."""
    _file(tmp_path / "m1", "Nguyễn Thị Hòa", "Nguyễn Thị Hoa")
    _file(tmp_path / "exact", "Nguyễn Thị Hòa", "Nguyễn Thị Hòa")
    doc, control = _consolidated(tmp_path / "m1"), _consolidated(tmp_path / "exact")
    [org], [org_control] = doc["organisations"], control["organisations"]
    assert org["status"] == org_control["status"] == "consolidated", (org, org_control)
    assert doc["indicators"] == control["indicators"]
    assert CODE in {i["code"] for i in doc["issues"]}
    assert CODE not in {i["code"] for i in control["issues"]}


def test_a_leaver_of_another_name_leaves_the_old_warning(tmp_path: Path) -> None:
    """(hunt97 m1c) Hòa moved in, Lan (same birth date) moved out: no departure of hers, so
    `event.joined_not_on_roll` asks to add her to the roll, as before."""
    path = _file(tmp_path, "Nguyễn Thị Hòa", "Nguyễn Thị Lan")
    issues = _validated(path)
    assert CODE not in {i["code"] for i in issues}, issues
    [warning] = [i for i in issues if i["code"] == OLD]
    assert warning["cell"] == "B4", warning
    assert "“Nguyễn Thị Hòa” có biến động “Chuyển đến” ngày 15/01/2026" in warning["message"]


@pytest.mark.parametrize("name", ["Nguyễn Thị Hòa", "Tran Ba Luan"])
def test_a_departure_typed_alike_is_silent(tmp_path: Path, name: str) -> None:
    """In, then out, the name typed alike: the person's latest change is the departure, nothing
    to say about the roll."""
    path = _file(tmp_path, name, name)
    codes = {i["code"] for i in _validated(path)}
    assert CODE not in codes and OLD not in codes, codes
    assert "event.name_without_accents" not in codes, codes
