"""The official forms of a ward where some files still use template 2026.1 (a tester's case).

- A 2026.1 file has no "Là đảng viên dự bị" (Biến động) nor "Không còn quần chúng để kết nạp"
  (Thông tin). Biểu 1's "Trong đó: Đảng viên dự bị" (C.3) and Biểu 2's "Không còn quần chúng"
  (III) counted the missing answer as "Không", with no note, while `file.old_template` told the
  clerk these are counted as "chưa rõ". They are now counted apart
  (`period.struck_off.probationary.unknown`, `orgs.grassroots.<tier>.no_candidates_left.unknown`)
  and said under the form. An upgraded file has both fields: its empty "Là đảng viên dự bị" is
  "Không"; its empty "Không còn quần chúng" is unknown too while the file is not completed
  (its new member columns all empty, hunt44 D #1), "Không" once it is.
- Biểu 3's "a) Đảng viên đang làm việc và công tác" and "Lãnh đạo, quản lý và lao động trong
  các doanh nghiệp" left out the members whose old occupation is ambiguous, though both lines
  are known exactly for them (every ambiguous old occupation is a working one; "Người lao động
  trong doanh nghiệp" is wholly the enterprise line): a) + b) no longer made I, and the
  enterprise line contradicted Tổng hợp's group. Biểu 2's enterprise line alike.

Files written through the real template (`helpers_validate`), in both versions, and upgraded
by `ward-stats upgrade`'s own function; period 01/01/2025–31/03/2026.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers_validate import CUTOFF, clean_events, clean_info, clean_members, member, write, write_old

from toolkit.core import vnformat
from toolkit.core.model import ConsolidationResult
from toolkit.forms import FilledForm, result_forms
from toolkit.forms.compute import fill_form
from toolkit.outputs.publish import write_outputs
from toolkit.outputs.upgrade import upgrade_files
from toolkit.pipeline import consolidate
from toolkit.rollup import rollup

GRASSROOTS = "chi_bo_co_so"
STRUCK_ON = dt.date(2025, 9, 1)


def _struck_off(name: str, **over: Any) -> dict[str, Any]:
    return {
        "full_name": name,
        "birth_date": dt.date(1996, 6, 6),
        "event_type": "struck_off",
        "event_date": STRUCK_ON,
        "strike_ground": "absence_or_dues",
        **over,
    }


def _others(code: str) -> list[dict[str, Any]]:
    return [
        member(
            row_no=n,
            full_name=f"Người {code} {'ABC'[n - 1]}",
            birth_date=dt.date(1970 + n, 1, 1),
            card_no=f"{code}-{n}",
        )
        for n in range(1, 4)
    ]


def _info(code: str, n: int) -> dict[str, Any]:
    return clean_info(org_code=code, org_name=f"Chi bộ cơ sở số {n}", org_tier=GRASSROOTS)


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> tuple[ConsolidationResult, Path]:
    """Three grassroots chi bộ, each striking off one member in the forms' period:

    - CB07, a 2026.1 file: the clean organisation, whose new member Em is a production worker
      (old: "Người lao động trong doanh nghiệp"), An a ward official (old: "Cán bộ, công chức");
    - CB08, current: the struck-off member marked probationary, no candidates left;
    - CB09, a 2026.1 file upgraded and not completed: both new fields empty (unknown for the
      strike-off's probation and for the candidates left, as in its 2026.1 file: hunt45 R3 #1)."""
    tmp = tmp_path_factory.mktemp("old_forms")
    nop = tmp / "nop"
    nop.mkdir()
    (tmp / "cu").mkdir()
    members = clean_members()
    members[4]["occupation"] = "production_worker"
    old_events = [*clean_events(), {"row_no": 3, **_struck_off("Đỗ Văn Tân")}]
    write_old(nop, info=_info("CB07", 7), members=members, events=old_events)
    write(
        nop,
        "CB08.xlsx",
        info={**_info("CB08", 8), "no_candidates_left": "yes"},
        members=_others("CB08"),
        events=[{"row_no": 1, **_struck_off("Lý Văn Tám", was_probationary="yes")}],
        years=[{"year": 2025}],
    )
    old = write_old(
        tmp / "cu",
        "CB09.xlsx",
        info=_info("CB09", 9),
        members=_others("CB09"),
        events=[{"row_no": 1, **_struck_off("Mai Văn Chín", birth_date=dt.date(1997, 7, 7))}],
        years=[{"year": 2025}],
    )
    (done,) = upgrade_files([old], nop).upgraded
    assert done.target.parent == nop
    # The forms over the 12 months to the cut-off, which hold the strike-offs.
    result = consolidate([nop], cutoff=CUTOFF, ward_name="Phường Thử", form_from=dt.date(2025, 4, 1))
    assert [o.status for o in result.organisations] == ["consolidated"] * 3, result.issues
    return result, tmp


def _form(result: ConsolidationResult, code: str) -> FilledForm:
    return next(f for f in result_forms(result) if f.form.code == code)


def _rows(filled: FilledForm) -> dict[str, Any]:
    return {f.line.key: f.values[0] for f in filled.lines}


def test_an_old_files_strike_off_is_of_unknown_probation_and_said_under_biểu_1(ward) -> None:
    result, _ = ward
    ind = result.indicators
    assert ind["period.struck_off"] == 3
    assert ind["period.struck_off.probationary"] == 1  # CB08's, marked "Có"
    # CB07's file cannot say; CB09's, upgraded, leaves the column empty and is not completed.
    assert ind["period.struck_off.probationary.unknown"] == 2
    by_org = {o.org_code: o.indicators for o in result.organisations}
    assert [by_org[c]["period.struck_off.probationary.unknown"] for c in ("CB07", "CB08", "CB09")] == [
        1,
        0,
        1,
    ]
    bieu1 = _form(result, "bieu1")
    assert _rows(bieu1)["C.3.probationary"] == 1
    assert (
        "2 đảng viên bị xóa tên chưa rõ có là đảng viên dự bị hay không (tệp theo mẫu cũ 2026.1, "
        "không có cột “Là đảng viên dự bị”, hoặc tệp đã nâng cấp nhưng chưa điền bổ sung): có trong "
        "dòng “Xóa tên” nhưng không tính vào dòng "
        "“Trong đó: Đảng viên dự bị”." in bieu1.notes
    )


def test_an_old_files_grassroots_organisation_has_an_unknown_answer_said_under_biểu_2(ward) -> None:
    result, _ = ward
    ind = result.indicators
    assert ind[f"orgs.grassroots.{GRASSROOTS}"] == 3
    assert ind[f"orgs.grassroots.{GRASSROOTS}.no_candidates_left"] == 1  # CB08
    # CB07's file cannot say; CB09's, upgraded, leaves it empty and is not completed.
    assert ind[f"orgs.grassroots.{GRASSROOTS}.no_candidates_left.unknown"] == 2
    assert ind["orgs.grassroots.dang_bo_co_so.no_candidates_left.unknown"] == 0
    bieu2 = _form(result, "bieu2")
    assert _rows(bieu2)["III.2.no_candidates_left"] == 1
    said = [n for n in bieu2.notes if "còn quần chúng" in n]
    assert said == [
        "2 chi bộ cơ sở chưa rõ còn quần chúng để kết nạp hay không (tệp theo mẫu cũ 2026.1, không có "
        "mục “Không còn quần chúng để kết nạp”, hoặc tệp đã nâng cấp nhưng chưa điền bổ sung): có "
        "trong dòng “Chi bộ cơ sở” của mục III nhưng không tính vào dòng “Không còn quần chúng” dưới "
        "dòng đó."
    ]


def test_biểu_3_counts_old_occupations_in_the_lines_they_are_known_to_be_in(ward) -> None:
    result, _ = ward
    ind = result.indicators
    # CB07: An (old "Cán bộ, công chức"), Dung and Em (old "Người lao động trong doanh
    # nghiệp"); CB09, upgraded and not completed: its 3 "Cán bộ, công chức" to choose again.
    assert ind["members.occupation.unknown"] == 6
    assert ind["members.occupation.unknown.working"] == 6
    assert ind["members.occupation.unknown.enterprise"] == 2
    rows = _rows(_form(result, "bieu3"))
    assert rows["II.1.a"] + rows["II.1.b"] == rows["I"] == ind["members.total"] == 11
    assert rows["II.1.a.enterprise"] == ind["members.occupation_group.enterprise"] == 2
    # The sub-lines stay those known: nobody of the ward is known to be in them.
    assert [rows[f"II.1.a.{c}"] for c in ("enterprise_manager", "enterprise_staff", "production_worker")] == [
        0,
        0,
        0,
    ]
    notes = _form(result, "bieu3").notes
    why = "(tệp theo mẫu cũ 2026.1, hoặc tệp đã nâng cấp nhưng chưa điền bổ sung)"
    assert [n for n in notes if "nghề nghiệp" in n] == [
        f"4 đảng viên chưa rõ nghề nghiệp cụ thể {why}, theo nghề nghiệp ghi ở mẫu cũ là đảng viên đang "
        "làm việc: có trong dòng “a) Đảng viên đang làm việc và công tác” nhưng không ở dòng nào chia ra "
        "dưới dòng đó.",
        f"2 đảng viên ghi nghề nghiệp theo mẫu cũ là “Người lao động trong doanh nghiệp” {why}: có trong "
        "dòng “a) Đảng viên đang làm việc và công tác” và dòng “Lãnh đạo, quản lý và lao động trong các "
        "doanh nghiệp” nhưng không ở các dòng “+” chia ra dưới dòng đó.",
    ]


def test_biểu_2_counts_an_old_enterprise_worker_admitted_in_the_enterprise_line(ward) -> None:
    result, _ = ward
    ind = result.indicators
    assert ind["admitted.total"] == 1 and ind["admitted.occupation.unknown.enterprise"] == 1
    bieu2 = _form(result, "bieu2")
    rows = _rows(bieu2)
    assert rows["II.1.enterprise"] == 1 and rows["II.1.production_worker"] == 0
    assert [n for n in bieu2.notes if "nghề nghiệp" in n] == [
        "1 đảng viên mới kết nạp ghi nghề nghiệp theo mẫu cũ là “Người lao động trong doanh nghiệp”: có "
        "trong dòng “Lãnh đạo, quản lý và lao động trong các doanh nghiệp” nhưng không ở các dòng “+” chia "
        "ra dưới dòng đó."
    ]


def test_the_forms_sheets_print_the_notes(ward) -> None:
    result, tmp = ward
    out = tmp / "out"
    out.mkdir(exist_ok=True)
    write_outputs(result, out / "tong_hop.xlsx")
    book = openpyxl.load_workbook(out / "tong_hop.xlsx")
    texts = {
        sheet: " ".join(str(c.value) for row in book[sheet].iter_rows() for c in row if c.value is not None)
        for sheet in ("Biểu 1-BTCTW", "Biểu 2-BTCTW", "Biểu 3-BTCTW")
    }
    assert "chưa rõ có là đảng viên dự bị hay không" in texts["Biểu 1-BTCTW"]
    assert "chi bộ cơ sở chưa rõ còn quần chúng để kết nạp" in texts["Biểu 2-BTCTW"]
    assert "theo mẫu cũ là “Người lao động trong doanh nghiệp”" in texts["Biểu 3-BTCTW"]


def test_a_rollup_of_an_older_summary_leaves_the_unknowns_unknown(ward) -> None:
    """A ward's summary of an older version lacks the new ids: the roll-up's lines that need
    them are empty (never the known part alone), and its notes say what may be missing."""
    result, tmp = ward
    summary = result.to_summary()
    paths = []
    for n, name in enumerate(("Phường Một", "Phường Hai")):
        doc = json.loads(
            json.dumps({**summary, "ward_name": name, "run_id": f"{summary['run_id']}-{n}"}, default=str)
        )
        if n:  # the older one, of another ward
            for org in doc["organisations"]:
                org["org_code"] = f"X{org['org_code']}"
            for key in list(doc["indicators"]):
                if key.endswith((".unknown.working", ".unknown.enterprise", "probationary.unknown")) or (
                    key.endswith("no_candidates_left.unknown")
                ):
                    doc["indicators"].pop(key)
        path = tmp / f"w{n}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    up = rollup(paths, name="Thành phố Thử")
    forms = {f.form.code: f for f in result_forms(dataclasses.replace(up, previous=None))}
    assert _rows(forms["bieu1"])["C.3.probationary"] == 2
    assert (
        "Dòng “Trong đó: Đảng viên dự bị” có thể chưa đủ: tệp số liệu của một số phường "
        "không cho biết có bao nhiêu đảng viên bị xóa tên chưa rõ có là đảng viên dự bị hay không."
    ) in forms["bieu1"].notes
    assert (
        "Dòng “Không còn quần chúng” dưới dòng “Chi bộ cơ sở” (mục III) có thể chưa đủ: tệp số liệu của "
        "một số phường không cho biết có bao nhiêu chi bộ cơ sở chưa rõ còn quần chúng để "
        "kết nạp hay không."
    ) in forms["bieu2"].notes
    # The older ward has no đảng bộ cơ sở: its unknown among them is 0, exactly.
    assert not [n for n in forms["bieu2"].notes if "“Đảng bộ cơ sở” (mục III)" in n]
    rows = _rows(forms["bieu3"])
    assert rows["II.1.a"] is None and rows["II.1.a.enterprise"] is None
    assert rows["II.1.b"] == 2
    # The unknown occupations are all said not to be in the lines (those that would hold some
    # are empty), as before the parts were counted.
    assert f"{vnformat.number(12)} đảng viên chưa rõ nghề nghiệp (" in " ".join(forms["bieu3"].notes)


def test_an_older_record_without_unknowns_fills_last_year_s_lines(ward) -> None:
    """Last year's figures from a history record of an older version lack the parts added
    since: where their whole is 0 (no unknown occupation, no strike-off) the parts are 0,
    exactly, and the lines are filled; where it is not, the lines stay empty."""
    result, _ = ward
    now = dict(result.indicators)
    parts = (".unknown.working", ".unknown.enterprise", "probationary.unknown", "no_candidates_left.unknown")
    older = {k: v for k, v in now.items() if not k.endswith(parts)}
    older |= {"members.occupation.unknown": 0, "admitted.occupation.unknown": 0, "period.struck_off": 0}
    forms = {f.form.code: f for f in result_forms(dataclasses.replace(result, previous=None))}
    for code, line in (("bieu3", "II.1.a"), ("bieu3", "II.1.a.enterprise"), ("bieu2", "II.1.enterprise")):
        filled = fill_form(forms[code].form, now, older, period=result.forms_period)
        previous = {f.line.key: f.values[1] for f in filled.lines}
        assert previous[line] is not None, (code, line)
    still_unknown = {**older, "members.occupation.unknown": 6}
    filled = fill_form(forms["bieu3"].form, now, still_unknown, period=result.forms_period)
    assert {f.line.key: f.values[1] for f in filled.lines}["II.1.a"] is None
