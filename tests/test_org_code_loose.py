"""An organisation code typed loosely in `Thông tin` (`HD 10`, `HD-10`, `HĐ10`, `HD10.`,
`HD010` for the registry's `HD10`): read as the one registry code of its loose key, with the
automatic correction `norm.org_code` at the code, so the organisation is consolidated and
counted once (it was an `org.unknown` error, a row of the typed code "bị loại" beside the
registry's row "chưa nộp", and "5/7 tổ chức" in a ward of six). A code that two registry codes
meet loosely is not guessed. A file whose code is unknown even loosely belongs to the
organisation its file name or its organisation name identifies: "bị loại", not "chưa nộp".

The files are the sample ward's own organisations, written through the real template.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from helpers_validate import TODAY

from toolkit.core import layout, rules, text
from toolkit.core.model import Organisation, Registry
from toolkit.outputs.summary_lines import incomplete_warning
from toolkit.outputs.template import submission_filename
from toolkit.pipeline import ConsolidationResult, consolidate
from toolkit.sample.ward import CUTOFF, OrgSample, build_sample_ward
from toolkit.validation import validate_files

CODES = ("HD03", "HD04", "HD10")
TYPED = ("HD 10", "HD-10", "HĐ10", "HD10.", "HD010", "hđ_0 10")


@pytest.fixture(scope="module")
def orgs() -> dict[str, OrgSample]:
    return {o.organisation.org_code: o for o in build_sample_ward().orgs if o.organisation.org_code in CODES}


def registry_of(orgs: dict[str, OrgSample], *extra: Organisation) -> Registry:
    return Registry([*(orgs[c].organisation for c in CODES), *extra])


def typed_as(org: OrgSample, code: str | None) -> OrgSample:
    return dataclasses.replace(org, info={**org.info, "org_code": code})


def write_ward(folder: Path, orgs: dict[str, OrgSample], **typed: OrgSample) -> dict[str, Path]:
    """The three organisations' files, those of `typed` as given (by code)."""
    folder.mkdir(exist_ok=True)
    out = {}
    for code in CODES:
        org = typed.get(code, orgs[code])
        out[code] = org.write(folder / submission_filename(orgs[code].organisation))
    return out


def statuses(result: ConsolidationResult) -> dict[str, str]:
    return {o.org_code: o.status for o in result.organisations}


@pytest.mark.parametrize("typed", TYPED)
def test_a_code_typed_loosely_is_read_as_its_registry_code(
    tmp_path: Path, orgs: dict[str, OrgSample], typed: str
) -> None:
    paths = write_ward(tmp_path / "nop", orgs, HD10=typed_as(orgs["HD10"], typed))
    result = consolidate([tmp_path / "nop"], cutoff=CUTOFF, registry=registry_of(orgs))

    assert statuses(result) == dict.fromkeys(CODES, "consolidated")  # 3/3: no row of the typed code
    assert incomplete_warning(result) is None
    found = [i.code for i in result.issues]
    assert not {"org.unknown", "org.missing", "file.unknown_org"} & set(found)
    (issue,) = [i for i in result.issues if i.code == "norm.org_code"]
    assert (issue.file, issue.org_code, issue.severity) == (paths["HD10"].name, "HD10", "warning")
    assert (issue.sheet, issue.cell) == (layout.SHEET_INFO, layout.INFO.cell("org_code"))
    name = orgs["HD10"].organisation.org_name
    assert issue.message == (
        f"Mục “Mã tổ chức” (sheet “Thông tin”, ô B1): Giá trị “{typed.strip()}” được hiểu là mã “HD10” "
        f"({name}) của danh mục tổ chức. Lần sau hãy ghi đúng mã “HD10”."
    )
    assert "norm.org_code" in rules.CORRECTIONS  # listed and counted with the other corrections
    hd10 = next(o for o in result.organisations if o.org_code == "HD10")
    assert hd10.file == paths["HD10"].name and hd10.indicators["members.total"] > 0


def test_the_file_validated_alone_is_its_organisations(tmp_path: Path, orgs: dict[str, OrgSample]) -> None:
    paths = write_ward(tmp_path / "nop", orgs, HD10=typed_as(orgs["HD10"], "HD 010"))
    run = validate_files([paths["HD10"]], registry=registry_of(orgs), cutoff=CUTOFF, today=TODAY)
    assert run.files() == [
        {"file": paths["HD10"].name, "path": str(paths["HD10"]), "org_code": "HD10", "status": "warnings"}
    ]
    assert [i.code for i in run.issues if i.file == paths["HD10"].name and i.is_error] == []
    assert "norm.org_code" in [i.code for i in run.issues]


@pytest.mark.parametrize(
    ("registered", "typed"),
    [(("HD1", "HD01"), "HD001"), (("CB-1", "CB1"), "CB 1")],
)
def test_a_code_two_registry_codes_meet_loosely_is_not_guessed(
    tmp_path: Path, orgs: dict[str, OrgSample], registered: tuple[str, str], typed: str
) -> None:
    extra = [
        Organisation(code, f"Chi bộ Khu dân cư số {i}", "chi_bo_truc_thuoc", "to_dan_pho")
        for i, code in enumerate(registered, start=1)
    ]
    registry = registry_of(orgs, *extra)
    paths = write_ward(tmp_path / "nop", orgs, HD10=typed_as(orgs["HD10"], typed))
    result = consolidate([tmp_path / "nop"], cutoff=CUTOFF, registry=registry)

    # Its file name names HD10: HD10 is excluded with the file's error, not also "chưa nộp".
    status = statuses(result)
    assert status == {"HD03": "consolidated", "HD04": "consolidated", "HD10": "excluded"} | dict.fromkeys(
        registered, "missing"
    )
    assert "norm.org_code" not in [i.code for i in result.issues]
    (unknown,) = [i for i in result.issues if i.code == "org.unknown"]
    assert unknown.file == paths["HD10"].name
    assert f"(có phải “{registered[0]}” hay “{registered[1]}”?)" in unknown.message
    assert {i.org_code for i in result.issues if i.code == "org.missing"} == set(registered)


def test_a_second_file_typed_loosely_is_the_same_organisations_duplicate(
    tmp_path: Path, orgs: dict[str, OrgSample]
) -> None:
    paths = write_ward(tmp_path / "nop", orgs)
    copy = typed_as(orgs["HD10"], "HD 10").write(tmp_path / "nop" / "HD10 (gui lai).xlsx")
    result = consolidate([tmp_path / "nop"], cutoff=CUTOFF, registry=registry_of(orgs))

    duplicates = [i for i in result.issues if i.code == "org.duplicate_file"]
    assert {i.file for i in duplicates} == {paths["HD10"].name, copy.name}
    assert all(i.org_code == "HD10" and "có 2 tệp" in i.message for i in duplicates)
    assert statuses(result) == {"HD03": "consolidated", "HD04": "consolidated", "HD10": "excluded"}
    assert not {"org.unknown", "org.missing"} & {i.code for i in result.issues}


@pytest.mark.parametrize("code", ["ZZ99", None])
def test_a_file_of_no_registry_code_is_its_organisations_not_a_missing_one(
    tmp_path: Path, orgs: dict[str, OrgSample], code: str | None
) -> None:
    """Unknown even loosely (or empty): still an error, but its organisation, found by the
    organisation name as the file name names none, is excluded, not "chưa nộp" beside it."""
    folder = tmp_path / "nop"
    write_ward(folder, orgs)
    own = folder / submission_filename(orgs["HD10"].organisation)
    own.unlink()
    typed_as(orgs["HD10"], code).write(folder / "bao_cao_chi_bo.xlsx")
    result = consolidate([folder], cutoff=CUTOFF, registry=registry_of(orgs))

    assert statuses(result) == {"HD03": "consolidated", "HD04": "consolidated", "HD10": "excluded"}
    hd10 = next(o for o in result.organisations if o.org_code == "HD10")
    assert hd10.file == "bao_cao_chi_bo.xlsx"
    expected = "org.unknown" if code else "info.required"
    assert expected in [i.code for i in result.issues if i.file == "bao_cao_chi_bo.xlsx" and i.is_error]
    assert not {"org.missing", "file.unknown_org"} & {i.code for i in result.issues}


def test_an_unreadable_file_named_loosely_is_its_organisations(
    tmp_path: Path, orgs: dict[str, OrgSample]
) -> None:
    folder = tmp_path / "nop"
    write_ward(folder, orgs)
    (folder / submission_filename(orgs["HD10"].organisation)).unlink()
    shutil.copyfile(Path(__file__), folder / "HĐ 10 - gửi lại.xlsx")  # not a workbook
    result = consolidate([folder], cutoff=CUTOFF, registry=registry_of(orgs))
    assert statuses(result)["HD10"] == "excluded"
    assert not {"org.missing", "file.unknown_org"} & {i.code for i in result.issues}


@pytest.mark.parametrize("typed", [*TYPED, "hd 10", "HD–10", "Hd/10", "HD\u00a010", "HÐ10"])
def test_the_loose_key(typed: str) -> None:
    assert text.org_code_loose_key(typed) == text.org_code_loose_key("HD10") == "hd10"


@pytest.mark.parametrize("other", ["HD100", "HD1", "HD11", "HB10", "H10", ""])
def test_other_codes_have_other_loose_keys(other: str) -> None:
    assert text.org_code_loose_key(other) != "hd10"


@pytest.mark.parametrize(
    ("name", "codes", "expected"),
    [
        ("HD 10_chi_bo.xlsx", ["HD1", "HD10", "HD11"], "HD10"),
        ("HĐ010 (sửa).xlsx", ["HD1", "HD10"], "HD10"),
        ("hd-10.xlsx", ["HD10"], "HD10"),
        ("HD10_chi_bo.xlsx", ["HD 10"], "HD 10"),  # a registry code with a space
        ("HD 01.xlsx", ["HD1", "HD01"], None),  # two codes meet it loosely: not guessed
        ("HD 100_x.xlsx", ["HD10"], None),
        ("HD01_x.xlsx", ["HD1", "HD01"], "HD01"),  # exact first
    ],
)
def test_a_code_in_a_file_name_written_loosely(name: str, codes: list[str], expected: str | None) -> None:
    assert text.code_in_file_name(name, codes) == expected


def test_a_registry_finds_one_code_loosely_and_never_guesses() -> None:
    def org(code: str) -> Organisation:
        return Organisation(code, f"Chi bộ {code}", None, None)

    registry = Registry([org("HD10"), org("HD1"), org("HD01"), org("HD 7")])
    found = {
        typed: (o.org_code if (o := registry.find(typed)) else None)
        for typed in ("hd10", "HD 010", "HD001", "HD7")
    }
    assert found == {"hd10": "HD10", "HD 010": "HD10", "HD001": None, "HD7": "HD 7"}
    assert registry.find("HD01") is not None and registry.find("HD01").org_code == "HD01"  # exact wins


def test_the_registry_s_indexes_follow_its_organisations() -> None:
    """The code indexes are made once (a thousand files looking up their code made a thousand
    of them: 0.65 s for a city), and again when the organisations change."""
    reg = Registry([Organisation("HD10", "Chi bộ 10", "chi_bo_truc_thuoc", "to_dan_pho")])
    assert reg.find("HD 10") is reg.organisations[0]
    assert reg.find("HD11") is None
    reg.organisations.append(Organisation("HD11", "Chi bộ 11", "chi_bo_truc_thuoc", "to_dan_pho"))
    assert reg.find("hd-11") is reg.organisations[1]
    reg.organisations = [Organisation("CB01", "Chi bộ 1", "chi_bo_truc_thuoc", "to_dan_pho")]
    assert reg.find("HD10") is None and reg.find("CB 1") is reg.organisations[0]
    assert [o.org_code for o in reg.by_key().values()] == ["CB01"]


# --- which side a format-only difference asks to fix (fix354) ----------------------------------
# The registry is the clerk's own sheet; the submission the chi bộ's. A registry code written
# loosely (spaces, hyphens: “HD 10”) or as a bare number (“10”, a row number typed into the code
# column) is the registry's to fix; a submission typed loosely is the chi bộ's.


def _ward_with(
    tmp_path: Path, orgs: dict[str, OrgSample], registry_code: str, typed: str
) -> ConsolidationResult:
    listed = dataclasses.replace(orgs["HD10"].organisation, org_code=registry_code)
    registry = Registry([orgs["HD03"].organisation, orgs["HD04"].organisation, listed])
    write_ward(tmp_path / "nop", orgs, HD10=typed_as(orgs["HD10"], typed))
    return consolidate([tmp_path / "nop"], cutoff=CUTOFF, registry=registry)


@pytest.mark.parametrize("registry_code", ["HD 10", "HD-10", "HD.10"])
def test_a_registry_code_written_loosely_asks_the_clerk_to_fix_the_registry(
    tmp_path: Path, orgs: dict[str, OrgSample], registry_code: str
) -> None:
    result = _ward_with(tmp_path, orgs, registry_code, "HD10")
    (issue,) = [i for i in result.issues if i.code == "norm.org_code"]
    assert "Lần sau hãy ghi đúng mã" not in issue.message  # the chi bộ typed the code well
    assert (
        f"Mã trong danh mục tổ chức là “{registry_code}”: nếu mã của tổ chức là “HD10”, hãy sửa mã ở "
        f"sheet “Danh mục tổ chức” của tệp tổng hợp thành “HD10”; tệp của chi bộ không cần sửa."
    ) in issue.message


def test_a_submission_code_written_loosely_still_asks_the_chi_bo_to_fix_it(
    tmp_path: Path, orgs: dict[str, OrgSample]
) -> None:
    result = _ward_with(tmp_path, orgs, "HD10", "HD 10")
    (issue,) = [i for i in result.issues if i.code == "norm.org_code"]
    assert issue.message.endswith("Lần sau hãy ghi đúng mã “HD10”.")
    assert "Danh mục tổ chức" not in issue.message


def test_a_registry_code_that_is_a_bare_number_asks_the_clerk_to_fix_the_registry(
    tmp_path: Path, orgs: dict[str, OrgSample]
) -> None:
    result = _ward_with(tmp_path, orgs, "10", "HD10")
    (issue,) = [i for i in result.issues if i.code == "org.unknown"]
    assert rules.ORG_UNKNOWN_ADVICE not in issue.message  # not “use the code the ward gave”
    assert issue.message.endswith(
        "Mã trong danh mục tổ chức là “10”: nếu mã của tổ chức là “HD10”, hãy sửa mã ở sheet "
        "“Danh mục tổ chức” của tệp tổng hợp thành “HD10” rồi kiểm tra lại; tệp của chi bộ không cần sửa."
    )


def test_a_submission_code_that_is_a_bare_number_asks_the_chi_bo_for_the_registry_code(
    tmp_path: Path, orgs: dict[str, OrgSample]
) -> None:
    result = _ward_with(tmp_path, orgs, "HD10", "10")
    (issue,) = [i for i in result.issues if i.code == "org.unknown"]
    assert "danh mục có tổ chức" in issue.message and "với mã “HD10”" in issue.message
    assert issue.message.endswith(rules.ORG_UNKNOWN_ADVICE)
    assert "sửa mã ở sheet" not in issue.message


@pytest.mark.parametrize("registry_code", ["HD 10", "10"])
def test_a_registry_file_to_fix_is_named_as_the_file(
    tmp_path: Path, orgs: dict[str, OrgSample], registry_code: str
) -> None:
    # review364: with a registry file (`--registry dm.xlsx`) the advice said to fix the sheet of
    # “the consolidation workbook”, which the run never read.
    listed = dataclasses.replace(orgs["HD10"].organisation, org_code=registry_code)
    registry = dataclasses.replace(
        Registry([orgs["HD03"].organisation, orgs["HD04"].organisation, listed]),
        table_file="dm.xlsx",
        table_sheet="Danh mục tổ chức",
    )
    write_ward(tmp_path / "nop", orgs, HD10=typed_as(orgs["HD10"], "HD10"))
    result = consolidate([tmp_path / "nop"], cutoff=CUTOFF, registry=registry)
    (issue,) = [i for i in result.issues if i.code in ("norm.org_code", "org.unknown")]
    assert "của tệp tổng hợp" not in issue.message, issue.message
    assert "hãy sửa mã ở tệp “dm.xlsx” thành “HD10”" in issue.message, issue.message
