"""How the roll-up tells wards apart and names them, on real ward summaries (generated
submissions consolidated by `ward-stats consolidate --json`, rolled up by `ward-stats rollup`;
hunt123):

- two wards named differently whose organisation lists are a district's standard registry (the
  same codes and names, "Chi bộ mẫu T số 1…4") are added, with a warning naming both files and
  both names, never refused as one ward (F2); a re-run of one ward under another name (the same
  figures) and two files of one ward name are still refused, the latter saying what to do when
  they are two wards of one name, and quoting the name as the first file spells it;
- a tie between forms' periods or cut-offs (one ward against one) is no majority: the roll-up
  stops, listing the wards under each, rather than leave one ward out "against the other
  wards" (F3);
- wards without a name whose summaries share a file name are named by their path from the
  folder they share, never by their absolute path (F4);
- the roll-up's `Nguồn số liệu` and `sources[].template_version` give the versions of each
  ward's own files, not the template of the tool that ran (F5)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result

from tests.helpers_history import run_cli
from tests.helpers_sample import sample_orgs
from tests.schema_check import assert_valid_summary
from toolkit.core import layout
from toolkit.sample.rows import OrgRows, Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
SIZES = [12, 7, 20, 5]
NOTHING_WRITTEN = "Chưa ghi tệp kết quả nào."


def _ward(
    folder: Path,
    orgs: list[OrgRows],
    name: str | None,
    *more: str,
    version: str = layout.TEMPLATE_VERSION,
) -> Path:
    """`orgs` written as submissions (of template `version`) and consolidated by the command
    line as one ward (`name`, None: no `--ward-name`); its JSON summary, `tong_hop.json` in
    `folder` as every ward's is named alike."""
    nop = folder / "nop"
    nop.mkdir(parents=True)
    for org in orgs:
        org.write(nop / f"{org.organisation.org_code}.xlsx", version=version)
    args = ["consolidate", nop, "--cutoff", "31/03/2026", "--no-history", *more]
    args += ["-o", folder / "tong_hop.xlsx", "--json", folder / "tong_hop.json"]
    done = run_cli(*args, *(["--ward-name", name] if name else []))
    assert done.exit_code == 0, done.output
    return folder / "tong_hop.json"


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _rollup(out: Path, *summaries: Path) -> Result:
    out.mkdir()
    return run_cli("rollup", *summaries, "-o", out / "r.xlsx", "--json", out / "r.json", "--name", "Quận Thử")


def _refused(result: Result, out: Path) -> str:
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Lỗi: Không tổng hợp lên cấp trên: "), result.output
    assert NOTHING_WRITTEN in result.output
    assert list(out.iterdir()) == []
    return " ".join(result.output.split())


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("told_apart")
    # Two wards of one district's standard registry: "T01 Chi bộ mẫu T số 1"… in both, with
    # their own members and figures.
    e_orgs = sample_orgs(71, SIZES, PERIOD, prefix="T")
    f_orgs = sample_orgs(72, SIZES, PERIOD, prefix="T")
    one_a = sample_orgs(73, SIZES, PERIOD, prefix="A")
    one_b = sample_orgs(74, SIZES, PERIOD, prefix="B")
    return {
        "tmp": tmp,
        "e": _ward(tmp / "e", e_orgs, "Phường E"),
        "f": _ward(tmp / "f", f_orgs, "Phường F"),
        # Phường E consolidated again under another name: the same figures, one ward.
        "e_again": _ward(tmp / "e_lan_hai", e_orgs, "Phường Ê Khác"),
        # Phường F's forms made for another period (its own choice): 1 against Phường E's 1.
        "f_period": _ward(tmp / "f_ky", f_orgs, "Phường F", "--form-period", "01/10/2025..31/03/2026"),
        # Two "Phường 1" of two districts, the second typed in lower case.
        "one_a": _ward(tmp / "q1", one_a, "Phường 1"),
        "one_b": _ward(tmp / "q3", one_b, "phường 1"),
        # Without a name, each summary `tong_hop.json` in its folder.
        "x1": _ward(tmp / "x1", one_a, None),
        "x2": _ward(tmp / "x2", one_b, None),
        # Every file of the old template 2026.1.
        "old": _ward(tmp / "c", sample_orgs(75, SIZES, PERIOD, prefix="C"), "Phường C", version="2026.1"),
    }


# --- F2: two wards of one registry's organisation list ---------------------------------------------


def test_two_named_wards_of_one_standard_organisation_list_are_added_with_a_warning(
    wards: dict[str, Path],
) -> None:
    e, f = _load(wards["e"]), _load(wards["f"])
    assert {(o["org_code"], o["org_name"]) for o in e["organisations"]} == {
        (o["org_code"], o["org_name"]) for o in f["organisations"]
    }
    assert e["indicators"] != f["indicators"]
    out = wards["tmp"] / "r_e_f"
    result = _rollup(out, wards["e"], wards["f"])
    assert result.exit_code == 0, result.output
    assert "Đã tổng hợp 2/2 phường" in result.output
    up = _load(out / "r.json")
    assert_valid_summary(up)
    assert (
        up["indicators"]["members.total"]
        == e["indicators"]["members.total"] + f["indicators"]["members.total"]
    )
    (issue,) = [i for i in up["issues"] if i["code"] == "rollup.same_organisations"]
    assert issue["severity"] == "warning" and issue["file"] == str(Path("f", "tong_hop.json"))
    message = issue["message"]
    assert message.startswith(
        f"Tệp này và tệp “{Path('e', 'tong_hop.json')}” ghi tên hai phường khác nhau (“Phường E” và "
        "“Phường F”), và có chung 4 tổ chức đảng (cùng mã và tên: T01 Chi bộ mẫu T số 1,"
    ), message
    assert "Nếu là cùng một phường" in message and "hãy chỉ giữ tệp mới nhất của phường" in message
    assert str(wards["tmp"]) not in json.dumps(up, ensure_ascii=False)


def test_one_ward_run_again_under_another_name_is_still_refused(wards: dict[str, Path]) -> None:
    """The same figures of every organisation: one ward's data twice, whatever the names."""
    out = wards["tmp"] / "r_e_again"
    said = _refused(_rollup(out, wards["e"], wards["e_again"]), out)
    assert f"“{wards['e']}” và “{wards['e_again']}” là số liệu của cùng một phường (4 tổ chức" in said
    assert "cùng số liệu ở cả hai tệp" in said


def test_two_files_of_one_ward_name_are_refused_saying_what_to_do_if_they_are_two_wards(
    wards: dict[str, Path],
) -> None:
    out = wards["tmp"] / "r_phuong_1"
    said = _refused(_rollup(out, wards["one_a"], wards["one_b"]), out)
    # As the first file spells the name, not the second's lower case.
    assert f"“{wards['one_a']}” và “{wards['one_b']}” là số liệu của cùng một phường “Phường 1”." in said
    assert "“phường 1”" not in said
    assert "hãy chỉ giữ một tệp đúng của mỗi phường" in said
    assert "Nếu hai tệp cùng tên phường là của hai phường khác nhau" in said
    assert "--ward-name" in said and "Tên phường" in said


# --- F3: no majority of periods or cut-offs --------------------------------------------------------


def test_one_ward_against_one_of_another_forms_period_stops_the_rollup(wards: dict[str, Path]) -> None:
    for n, order in enumerate(((wards["e"], wards["f_period"]), (wards["f_period"], wards["e"]))):
        out = wards["tmp"] / f"r_tie_{n}"
        said = _refused(_rollup(out, *order), out)
        assert "các phường không cùng kỳ số liệu, và không có kỳ số liệu nào của phần lớn các phường" in said
        f_file, e_file = Path("f_ky", "tong_hop.json"), Path("e", "tong_hop.json")
        assert f"kỳ báo cáo của Biểu 1–4-BTCTW 01/10/2025–31/03/2026: Phường F (“{f_file}”)" in said
        assert f"kỳ báo cáo của Biểu 1–4-BTCTW 01/01/2026–31/03/2026: Phường E (“{e_file}”)" in said
        assert "các phường khác:" not in said and "bị loại" not in said


def test_a_ward_of_another_period_against_two_is_still_left_out(wards: dict[str, Path]) -> None:
    out = wards["tmp"] / "r_majority"
    result = _rollup(out, wards["e"], wards["f_period"], wards["one_a"])
    assert result.exit_code == 1, result.output
    up = _load(out / "r.json")
    (issue,) = [i for i in up["issues"] if i["code"] == "rollup.period_mismatch"]
    assert issue["file"] == str(Path("f_ky", "tong_hop.json"))
    assert "các phường khác: kỳ báo cáo của Biểu 1–4-BTCTW 01/01/2026–31/03/2026" in issue["message"]


def test_one_ward_against_one_of_another_cutoff_stops_the_rollup(wards: dict[str, Path]) -> None:
    late = wards["tmp"] / "f_muon" / "tong_hop.json"
    late.parent.mkdir()
    doc = _load(wards["f"])
    doc.update(cutoff_date="2026-06-30", form_period=["2026-01-01", "2026-06-30"])
    late.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = wards["tmp"] / "r_cutoff_tie"
    said = _refused(_rollup(out, late, wards["e"]), out)
    assert "các phường không cùng ngày chốt, và không có ngày chốt nào của phần lớn các phường" in said
    assert f"ngày chốt 31/03/2026: Phường E (“{Path('e', 'tong_hop.json')}”)" in said
    assert f"ngày chốt 30/06/2026: Phường F (“{Path('f_muon', 'tong_hop.json')}”)" in said


# --- F4: wards without a name, files of one name -----------------------------------------------------


def test_nameless_wards_whose_files_share_a_name_are_named_by_their_path_from_the_shared_folder(
    wards: dict[str, Path],
) -> None:
    out = wards["tmp"] / "r_nameless"
    result = _rollup(out, wards["x1"], wards["x2"])
    assert result.exit_code == 0, result.output
    names = [str(Path("x1", "tong_hop")), str(Path("x2", "tong_hop"))]
    text = (out / "r.json").read_text(encoding="utf-8")
    up = json.loads(text)
    assert [o["org_code"] for o in up["organisations"]] == names
    assert [o["org_name"] for o in up["organisations"]] == names
    assert [s["org_code"] for s in up["sources"]] == names
    assert str(wards["tmp"]) not in text
    book = openpyxl.load_workbook(out / "r.xlsx")
    for sheet in book.sheetnames:
        cells = [c for row in book[sheet].iter_rows(values_only=True) for c in row if isinstance(c, str)]
        assert not any(str(wards["tmp"]) in c for c in cells), sheet
    assert names[0] in [c.value for c in book["Theo phường"]["A"]]


# --- F5: the template versions of each ward's files ---------------------------------------------------


def test_the_rollup_sources_give_the_versions_of_each_wards_own_files(wards: dict[str, Path]) -> None:
    old = _load(wards["old"])
    assert {s["template_version"] for s in old["sources"]} == {"2026.1"}
    assert old["template_version"] == layout.TEMPLATE_VERSION  # the tool's, not the files'
    # An older summary whose sources do not say their versions: nothing to say.
    unknown = wards["tmp"] / "khong_ro" / "tong_hop.json"
    unknown.parent.mkdir()
    doc = _load(wards["one_a"])
    doc["sources"] = [{k: v for k, v in s.items() if k != "template_version"} for s in doc["sources"]]
    unknown.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = wards["tmp"] / "r_versions"
    result = _rollup(out, wards["old"], wards["e"], unknown)
    assert result.exit_code == 0, result.output
    up = _load(out / "r.json")
    assert_valid_summary(up)
    versions = {s["org_code"]: s["template_version"] for s in up["sources"]}
    assert versions == {
        "Phường C": "2026.1 (4 tệp)",
        "Phường E": f"{layout.TEMPLATE_VERSION} (4 tệp)",
        "Phường 1": None,
    }
    ws = openpyxl.load_workbook(out / "r.xlsx")["Nguồn số liệu"]
    rows = {r[1]: r[3] for r in ws.iter_rows(values_only=True) if r[1] in versions}
    # The counted versions show whole: a wider column, wrapped (they were cut at "2026.1 (4 tệ").
    assert ws.column_dimensions["D"].width >= len("2026.1 (4 tệp)")
    cell = next(c for c in ws["D"] if c.value == "2026.1 (4 tệp)")
    assert cell.alignment.wrap_text
    assert rows == {
        "Phường C": "2026.1 (4 tệp)",
        "Phường E": f"{layout.TEMPLATE_VERSION} (4 tệp)",
        "Phường 1": None,
    }
