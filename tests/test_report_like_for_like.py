"""The report's comparison with the same period of last year when one of the two runs lacks
organisations (hunt155 F1): it said "giảm 196 đồng chí (4,76%)" of a ward that grew by 102, three
organisations' files being left out this time, and "tăng 476 đồng chí (12,73%)" when last year's
run lacked two. The two totals are now given side by side, never as a rise or fall, and the change
is said over the organisations consolidated in both runs (the history keeps each organisation's
figures); a roll-up says it over each ward's; a summary that does not carry those figures (of an
older version) says why no change is given.

Organisations of the sample ward, as at 31/3/2025 and 31/3/2026, real submission workbooks, a
real registry and a real history; every expected figure is counted here from the rows written."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from toolkit.core.model import Registry
from toolkit.io.registry import read_registry
from toolkit.outputs.json_summary import summary_document
from toolkit.outputs.publish import write_outputs
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.report import HEADING_COMPARED, report_sections
from toolkit.outputs.template import submission_filename
from toolkit.pipeline import consolidate
from toolkit.rollup import rollup
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows
from toolkit.sample.ward import build_sample_ward

EARLIER, CUTOFF = dt.date(2025, 3, 31), dt.date(2026, 3, 31)
ONE, TWO = "Phường Một", "Phường Hai"


def _count(n: int) -> str:
    """A count as the report writes one under 1.000 ("0", "07", "41")."""
    return str(n) if n == 0 or n >= 10 else f"0{n}"


def _figures(orgs: list[OrgRows], cutoff: dt.date) -> dict[str, int]:
    """Counted from the rows: the roll at `cutoff`, its full members, and Biểu 1's B.1 (admitted
    and readmitted) of the forms' default period, 1 January to the cut-off."""
    members = [m for o in orgs for m in o.members]
    start = dt.date(cutoff.year, 1, 1)
    return {
        "total": len(members),
        "full": sum(1 for m in members if m["official_date"] is not None and m["official_date"] <= cutoff),
        "admitted": sum(
            1
            for o in orgs
            for e in o.events
            if e["event_type"] in ("admitted", "readmitted") and start <= e["event_date"] <= cutoff
        ),
    }


def _run(tmp: Path, name: str, orgs: list[OrgRows], registry: Registry, cutoff: dt.date) -> dict[str, Any]:
    """One ward's run into its history (`<ward>.sqlite`), as `consolidate --history` makes it."""
    folder = tmp / f"{name}_{cutoff.year}"
    folder.mkdir()
    for org in orgs:
        org.write(folder / submission_filename(org.organisation))
    result = consolidate(
        [folder], cutoff=cutoff, since=dt.date(2020, 1, 1), registry=registry, ward_name=name
    )
    out = tmp / f"{name}_{cutoff.year}.json"
    write_outputs(result, out.with_suffix(".xlsx"), out, history=tmp / f"{name}.sqlite")
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    data["_path"] = str(out)
    return data


def _compared(summary: dict[str, Any]) -> str:
    (section,) = [s for s in report_sections(summary) if s.title == HEADING_COMPARED]
    (text,) = section.paragraphs
    return text


def _no_change_word(text: str) -> None:
    """No rise or fall is stated ("tăng, giảm" only says none is computed)."""
    words = text.replace("tăng, giảm", "")
    assert "tăng" not in words and "giảm" not in words, text


def _like_for_like(orgs: int, now: dict[str, int], then: dict[str, int]) -> str:
    diff = now["total"] - then["total"]
    assert diff > 0  # the sample ward grows: the words below are a rise's
    return (
        f"Tính trên {orgs} tổ chức có số liệu cả hai kỳ, số đảng viên là {_count(now['total'])} đồng chí, "
        f"tăng {_count(diff)} đồng chí ("
    )


@pytest.fixture(scope="module")
def ward() -> dict[str, Any]:
    sample = build_sample_ward()
    one, two = sample.orgs[:8], sample.orgs[8:12]
    return {
        "one": one,
        "two": two,
        "registry_one": Registry([o.organisation for o in one]),
        "registry_two": Registry([o.organisation for o in two]),
    }


def _registry(tmp: Path, registry: Registry, name: str) -> Registry:
    return read_registry(write_registry(registry, tmp / f"danh_muc_{name}.xlsx"))


def test_this_run_lacking_an_organisation_compares_those_of_both_runs(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    registry = _registry(tmp_path, ward["registry_one"], "1")
    orgs: list[OrgRows] = ward["one"]
    last = [as_of(o, EARLIER) for o in orgs]
    _run(tmp_path, ONE, last, registry, EARLIER)
    now = [o for o in orgs if o.organisation.org_code != "HD03"]  # HD03's file not sent this time
    summary = _run(tmp_path, ONE, now, registry, CUTOFF)
    whole_then = _figures(last, EARLIER)
    common_then = _figures([o for o in last if o.organisation.org_code != "HD03"], EARLIER)
    common_now = _figures(now, CUTOFF)
    # The totals of the two runs: HD03's members make the ward look smaller than last year, and
    # its admission of 31/01/2025 is last year's only one.
    assert summary["indicators"]["members.total"] == common_now["total"] < whole_then["total"]
    assert (whole_then["admitted"], common_then["admitted"]) == (1, 0)
    text = _compared(summary)
    assert text.startswith(
        "So với cùng kỳ năm trước (số liệu đến ngày 31/3/2025), tổng số đảng viên kỳ này là "
        f"{common_now['total']} đồng chí, cùng kỳ là {whole_then['total']} đồng chí, nhưng số liệu kỳ này "
        "chỉ gồm 7/8 tổ chức (lần tổng hợp này thiếu 1 tổ chức), nên hai số này không cùng phạm vi, "
        "không dùng để tính tăng, giảm. "
    ), text
    like = _like_for_like(7, common_now, common_then)
    assert like in text
    assert f"so với {common_then['total']} đồng chí cùng kỳ; trong đó đảng viên chính thức " in text
    assert f"đảng viên chính thức {common_now['full']} (cùng kỳ {common_then['full']})" in text
    flows = f"Từ đầu năm đến ngày chốt số liệu, ở các tổ chức này: kết nạp {_count(common_now['admitted'])} "
    assert flows + f"(cùng kỳ {_count(common_then['admitted'])})" in text
    _no_change_word(text[: text.index("Tính trên")])
    assert summary["previous"]["common"]["orgs"] == 7
    # The `Báo cáo` sheet says the same.
    sheet = openpyxl.load_workbook(Path(summary["_path"]).with_suffix(".xlsx"))["Báo cáo"]
    assert text in [c.value for row in sheet.iter_rows() for c in row]


def test_last_years_run_lacking_an_organisation_compares_those_of_both_runs(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    registry = _registry(tmp_path, ward["registry_one"], "1")
    orgs: list[OrgRows] = ward["one"]
    last = [as_of(o, EARLIER) for o in orgs if o.organisation.org_code != "HD05"]  # not sent then
    _run(tmp_path, ONE, last, registry, EARLIER)
    summary = _run(tmp_path, ONE, orgs, registry, CUTOFF)
    whole_now, common_then = _figures(orgs, CUTOFF), _figures(last, EARLIER)
    common_now = _figures([o for o in orgs if o.organisation.org_code != "HD05"], CUTOFF)
    text = _compared(summary)
    assert (
        f"tổng số đảng viên kỳ này là {whole_now['total']} đồng chí, cùng kỳ là {common_then['total']} đồng "
        "chí, nhưng số liệu cùng kỳ năm trước chỉ gồm 7/8 tổ chức (lần tổng hợp đó thiếu 1 tổ chức), nên hai "
        "số này không cùng phạm vi" in text
    ), text
    assert _like_for_like(7, common_now, common_then) in text
    assert f"so với {common_then['total']} đồng chí cùng kỳ;" in text
    assert f"kết nạp {_count(common_now['admitted'])} (cùng kỳ {_count(common_then['admitted'])})" in text
    _no_change_word(text[: text.index("Tính trên")])


def test_both_runs_lacking_an_organisation_say_both_gaps_in_one_clause(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """Both gaps joined by "và" inside the "nhưng … nên" sentence, not by a semicolon (review159 R6)."""
    registry = _registry(tmp_path, ward["registry_one"], "1")
    orgs: list[OrgRows] = ward["one"]
    _run(
        tmp_path,
        ONE,
        [as_of(o, EARLIER) for o in orgs if o.organisation.org_code != "HD05"],
        registry,
        EARLIER,
    )
    summary = _run(tmp_path, ONE, [o for o in orgs if o.organisation.org_code != "HD03"], registry, CUTOFF)
    text = _compared(summary)
    assert (
        "nhưng số liệu kỳ này chỉ gồm 7/8 tổ chức (lần tổng hợp này thiếu 1 tổ chức) và số liệu cùng kỳ năm "
        "trước chỉ gồm 7/8 tổ chức (lần tổng hợp đó thiếu 1 tổ chức), nên hai số này không cùng phạm vi"
        in text
    ), text
    assert "Tính trên 6 tổ chức có số liệu cả hai kỳ" in text
    _no_change_word(text[: text.index("Tính trên")])


def _with_code(orgs: list[OrgRows], old: str, new: str) -> list[OrgRows]:
    """`orgs` with organisation `old` under the code `new`, in its registry row and its file."""

    def recode(o: OrgRows) -> OrgRows:
        if o.organisation.org_code != old:
            return o
        org = dataclasses.replace(o.organisation, org_code=new)
        return dataclasses.replace(o, organisation=org, info={**o.info, "org_code": new})

    return [recode(o) for o in orgs]


def test_an_organisations_code_typed_differently_is_still_of_both_runs(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """HD05 is typed "hd05" this year, in the registry and in its file: the same organisation as
    last year's HD05, by `org_code_key` (review159 R2, M8: matching the codes as typed went
    untested)."""
    orgs: list[OrgRows] = ward["one"]
    last = [as_of(o, EARLIER) for o in orgs]
    _run(tmp_path, ONE, last, _registry(tmp_path, ward["registry_one"], "1"), EARLIER)

    every = _with_code(orgs, "HD05", "hd05")
    registry = _registry(tmp_path, Registry([o.organisation for o in every]), "2")
    now = [o for o in every if o.organisation.org_code != "HD03"]
    summary = _run(tmp_path, ONE, now, registry, CUTOFF)
    assert "hd05" in [o["org_code"] for o in summary["organisations"] if o["status"] == "consolidated"]
    assert summary["previous"]["common"]["orgs"] == 7
    common_then = _figures([o for o in last if o.organisation.org_code != "HD03"], EARLIER)
    assert _like_for_like(7, _figures(now, CUTOFF), common_then) in _compared(summary)


def test_an_organisation_only_renumbered_since_last_year_is_of_both_runs(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """HD05 is HD99 this year, the same name (renumbered: `session._renumbered_pairs`, said
    "đã đổi mã" / "chỉ đổi mã"), and HD03's file is not sent: 7 organisations consolidated, all 7
    of both runs, HD99 compared with HD05's figures of last year (hunt328 F2)."""
    orgs: list[OrgRows] = ward["one"]
    last = [as_of(o, EARLIER) for o in orgs]
    _run(tmp_path, ONE, last, _registry(tmp_path, ward["registry_one"], "1"), EARLIER)

    every = _with_code(orgs, "HD05", "HD99")
    registry = _registry(tmp_path, Registry([o.organisation for o in every]), "2")
    now = [o for o in every if o.organisation.org_code != "HD03"]
    summary = _run(tmp_path, ONE, now, registry, CUTOFF)
    changed = [i for i in summary["issues"] if i["code"] == "history.previous_orgs_changed"]
    assert "chỉ đổi mã 1 tổ chức (HD05 thành HD99: cùng tên)" in changed[0]["message"]
    assert summary["previous"]["common"]["orgs"] == 7
    common_then = _figures([o for o in last if o.organisation.org_code != "HD03"], EARLIER)
    text = _compared(summary)
    assert _like_for_like(7, _figures(now, CUTOFF), common_then) in text, text
    assert "theo mã tổ chức" not in text


def test_an_organisation_recoded_since_last_year_is_said_to_have_no_figures_then(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """HD05 is HD99 this year (registry and file) under another name, so not paired as
    renumbered, and HD03's file is not sent: 7 organisations consolidated, 6 of both runs by
    code; the sentence says why one is left out (review159 R4)."""
    orgs: list[OrgRows] = ward["one"]
    last = [as_of(o, EARLIER) for o in orgs]
    _run(tmp_path, ONE, last, _registry(tmp_path, ward["registry_one"], "1"), EARLIER)

    every = [
        dataclasses.replace(
            o,
            organisation=dataclasses.replace(o.organisation, org_name="Chi bộ mới lập"),
            info={**o.info, "org_name": "Chi bộ mới lập"},
        )
        if o.organisation.org_code == "HD99"
        else o
        for o in _with_code(orgs, "HD05", "HD99")
    ]
    registry = _registry(tmp_path, Registry([o.organisation for o in every]), "2")
    summary = _run(tmp_path, ONE, [o for o in every if o.organisation.org_code != "HD03"], registry, CUTOFF)
    assert summary["previous"]["common"]["orgs"] == 6
    assert [i for i in summary["issues"] if i["code"] == "history.previous_orgs_changed"]
    text = _compared(summary)
    assert "nhưng số liệu kỳ này chỉ gồm 7/8 tổ chức (lần tổng hợp này thiếu 1 tổ chức), nên" in text, text
    assert (
        "Tính trên 6 tổ chức có số liệu cả hai kỳ (1 tổ chức kỳ này không có số liệu cùng kỳ năm trước "
        "theo mã tổ chức, xem sheet “Kiểm tra”), số đảng viên là " in text
    ), text
    assert unicodedata.is_normalized("NFC", text)


def test_a_roll_up_compares_each_wards_organisations_of_both_runs(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    one: list[OrgRows] = ward["one"]
    registry = _registry(tmp_path, ward["registry_one"], "1")
    _run(tmp_path, ONE, [as_of(o, EARLIER) for o in one], registry, EARLIER)
    now_one = [o for o in one if o.organisation.org_code != "HD03"]
    first = _run(tmp_path, ONE, now_one, registry, CUTOFF)
    two: list[OrgRows] = ward["two"]  # complete both years
    registry = _registry(tmp_path, ward["registry_two"], "2")
    _run(tmp_path, TWO, [as_of(o, EARLIER) for o in two], registry, EARLIER)
    second = _run(tmp_path, TWO, two, registry, CUTOFF)
    up = rollup([Path(first["_path"]), Path(second["_path"])], name="Quận Thử")
    text = _compared(summary_document(up))
    # Like for like, ward by ward: Phường Một's organisations of both runs, all of Phường Hai's.
    now_parts = (_figures(now_one, CUTOFF), _figures(two, CUTOFF))
    then_parts = (
        _figures([as_of(o, EARLIER) for o in now_one], EARLIER),
        _figures([as_of(o, EARLIER) for o in two], EARLIER),
    )
    now = {k: sum(p[k] for p in now_parts) for k in now_parts[0]}
    then = {k: sum(p[k] for p in then_parts) for k in then_parts[0]}
    assert "nhưng số liệu kỳ này chỉ gồm 11/12 tổ chức (số liệu của Phường Một chỉ gồm 7/8 tổ chức)" in text
    assert _like_for_like(11, now, then) in text, text
    assert f"so với {then['total']} đồng chí cùng kỳ;" in text
    _no_change_word(text[: text.index("Tính trên")])


def test_a_roll_up_with_a_ward_without_the_organisations_figures_says_no_change(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """Phường Hai's summary of an older version (its `previous` without `common`): the roll-up's
    organisations of both runs are not known, so no "Tính trên …" over Phường Một's alone
    (review159 R2, M9: keeping the known wards' sum went untested)."""
    one: list[OrgRows] = ward["one"]
    registry = _registry(tmp_path, ward["registry_one"], "1")
    _run(tmp_path, ONE, [as_of(o, EARLIER) for o in one], registry, EARLIER)
    first = _run(tmp_path, ONE, [o for o in one if o.organisation.org_code != "HD03"], registry, CUTOFF)
    assert first["previous"]["common"]["orgs"] == 7
    two: list[OrgRows] = ward["two"]
    registry = _registry(tmp_path, ward["registry_two"], "2")
    _run(tmp_path, TWO, [as_of(o, EARLIER) for o in two], registry, EARLIER)
    second = _run(tmp_path, TWO, two, registry, CUTOFF)
    path = Path(second.pop("_path"))
    second["previous"].pop("common")
    path.write_text(json.dumps(second, ensure_ascii=False), encoding="utf-8")
    up = summary_document(rollup([Path(first["_path"]), path], name="Quận Thử"))
    assert "common" not in up["previous"]
    text = _compared(up)
    assert "nhưng số liệu kỳ này chỉ gồm 11/12 tổ chức" in text, text
    assert "; không có số liệu của từng tổ chức ở cả hai kỳ để so sánh trên cùng các tổ chức (" in text
    assert "Tính trên" not in text
    _no_change_word(text)


def test_without_the_organisations_figures_no_change_is_said(ward: dict[str, Any], tmp_path: Path) -> None:
    """A summary of an older version (its `previous` without `common`): the totals side by side,
    and why no change is given."""
    registry = _registry(tmp_path, ward["registry_one"], "1")
    orgs: list[OrgRows] = ward["one"]
    _run(tmp_path, ONE, [as_of(o, EARLIER) for o in orgs], registry, EARLIER)
    summary = _run(tmp_path, ONE, [o for o in orgs if o.organisation.org_code != "HD03"], registry, CUTOFF)
    summary["previous"].pop("common", None)
    text = _compared(summary)
    _no_change_word(text)
    assert "không có số liệu của từng tổ chức ở cả hai kỳ để so sánh trên cùng các tổ chức" in text
    assert "Tính trên" not in text


def test_organisations_of_both_runs_without_their_totals_are_not_said_to_be_none(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """A summary edited by hand whose `previous.common` has organisations but not their totals:
    the generic words, not "không có tổ chức nào có số liệu cả hai kỳ" (review159 R5)."""
    registry = _registry(tmp_path, ward["registry_one"], "1")
    orgs: list[OrgRows] = ward["one"]
    _run(tmp_path, ONE, [as_of(o, EARLIER) for o in orgs], registry, EARLIER)
    summary = _run(tmp_path, ONE, [o for o in orgs if o.organisation.org_code != "HD03"], registry, CUTOFF)
    common = summary["previous"]["common"]
    assert common["orgs"] == 7
    for side in ("now", "then"):
        common[side].pop("members.total")
    text = _compared(summary)
    _no_change_word(text)
    assert "không có tổ chức nào" not in text, text
    assert "; không có số liệu của từng tổ chức ở cả hai kỳ để so sánh trên cùng các tổ chức. " in text, text
    assert "Tính trên" not in text
    # No organisation in both runs: said so.
    common["orgs"] = 0
    assert "; không có tổ chức nào có số liệu cả hai kỳ để so sánh trên cùng các tổ chức" in _compared(
        summary
    )


def test_the_organisations_of_both_runs_keep_every_figure_the_comparison_states() -> None:
    from toolkit.outputs.report import _COMPARED_FLOWS, _COMPARED_STOCKS, _flow_ids
    from toolkit.stats.coverage import COMPARED_IDS

    stated = {"members.total", *(key for _, key in _COMPARED_STOCKS)}
    stated |= {i for _, lines in _COMPARED_FLOWS for i in _flow_ids(lines)}
    assert stated <= set(COMPARED_IDS)


def test_a_record_imported_without_the_organisations_figures_is_the_reason_said(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """Last year's record imported from a summary without its organisations: the run
    knows that is why, and says it alone, not "phiên bản cũ … hoặc …" (review159 R6)."""
    from click.testing import CliRunner

    from toolkit.cli import main

    registry = _registry(tmp_path, ward["registry_one"], "1")
    orgs: list[OrgRows] = ward["one"]
    (tmp_path / "old").mkdir()
    earlier = _run(tmp_path / "old", ONE, [as_of(o, EARLIER) for o in orgs], registry, EARLIER)
    path = Path(earlier.pop("_path"))
    earlier["organisations"] = []  # a summary made by hand, or by another program
    path.write_text(json.dumps(earlier, ensure_ascii=False), encoding="utf-8")
    history = tmp_path / f"{ONE}.sqlite"
    imported = CliRunner().invoke(main, ["history", "import", str(path), "--history", str(history)])
    assert imported.exit_code == 0, imported.output
    summary = _run(tmp_path, ONE, [o for o in orgs if o.organisation.org_code != "HD03"], registry, CUTOFF)
    assert "common" not in summary["previous"]
    assert summary["previous"]["common_unknown"] == "no_org_figures"
    text = _compared(summary)
    reason = "(lần tổng hợp cùng kỳ được nhập vào lịch sử không kèm số liệu từng tổ chức)"
    assert text.count(reason) == 1, text
    assert "phiên bản cũ" not in text, text
    # A summary without the reason (an older version's): that reason alone.
    summary["previous"].pop("common_unknown")
    text = _compared(summary)
    assert "(số liệu do phiên bản cũ của chương trình tạo ra)" in text, text
    assert "nhập vào lịch sử" not in text, text


def test_a_record_the_history_made_keeps_the_organisations_figures(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """No reason is written when `common` is known."""
    registry = _registry(tmp_path, ward["registry_one"], "1")
    orgs: list[OrgRows] = ward["one"]
    _run(tmp_path, ONE, [as_of(o, EARLIER) for o in orgs], registry, EARLIER)
    summary = _run(tmp_path, ONE, [o for o in orgs if o.organisation.org_code != "HD03"], registry, CUTOFF)
    assert summary["previous"]["common"]["orgs"] == 7
    assert "common_unknown" not in summary["previous"]
