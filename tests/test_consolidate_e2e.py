"""End to end: generated submissions + a registry → consolidate CLI → JSON and workbook.

The expected figures are worked out by hand from the rows below (cut-off 31/03/2026,
period from 01/01/2025).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.core.model import Organisation, Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import write_submission

D = dt.date
CUTOFF = D(2026, 3, 31)
PERIOD = D(2025, 1, 1)


def member(name, born, gender, admitted, official, card, edu, prof, theory, occ, **extra):
    row = dict(
        full_name=name,
        birth_date=born,
        gender=gender,
        admission_date=admitted,
        official_date=official,
        card_no=card,
        gen_edu=edu,
        prof_level=prof,
        theory_level=theory,
        occupation=occ,
        ethnicity="01",
        religion="none",
    )
    row.update(extra)
    return row


def info(code, name, tier, sector):
    return dict(
        org_code=code,
        org_name=name,
        org_tier=tier,
        sector=sector,
        cutoff_date=CUTOFF,
        period_start=PERIOD,
    )


HD01_MEMBERS = [
    # age exactly 30 at the cut-off
    member(
        "Nguyễn Văn An",
        D(1996, 3, 31),
        "male",
        D(2018, 5, 10),
        D(2019, 5, 10),
        "1001",
        "upper_secondary",
        "university",
        "intermediate",
        "commune_official",
    ),
    # age 50 (51 the day after the cut-off)
    member(
        "Trần Thị Bình",
        D(1975, 4, 1),
        "female",
        D(2000, 1, 15),
        D(2001, 1, 15),
        "1002",
        "upper_secondary",
        "intermediate",
        "elementary",
        "production_worker",
    ),
    member(
        "Lê Văn Cường",
        D(1950, 6, 1),
        "male",
        D(1975, 1, 1),
        D(1976, 1, 1),
        "1003",
        "lower_secondary",
        "none",
        "elementary",
        "retired",
        exempt_from=D(2024, 1, 1),
        exempt_reason="old_age_ill_health",
    ),
    # probationary, admitted inside the period
    member(
        "Phạm Thị Dung",
        D(2001, 8, 20),
        "female",
        D(2025, 6, 1),
        None,
        None,
        "upper_secondary",
        "college",
        "none",
        "other",
    ),
]
HD01_EVENTS = [
    dict(
        full_name="Phạm Thị Dung", birth_date=D(2001, 8, 20), event_type="admitted", event_date=D(2025, 6, 1)
    ),
    # first day of the period
    dict(
        full_name="Hoàng Văn Em",
        birth_date=D(1980, 1, 1),
        event_type="struck_off",
        event_date=D(2025, 1, 1),
        strike_ground="absence_or_dues",
    ),
    # last day of the period
    dict(
        full_name="Đỗ Văn Phúc",
        birth_date=D(1990, 2, 2),
        event_type="transfer_out",
        event_date=D(2026, 3, 31),
        transfer_scope="same_province",
    ),
]
HD01_YEARS = [
    dict(
        year=2025,
        candidates_trained=2,
        new_members_trained=1,
        new_members_completed=1,
        rated_excellent=1,
        rated_good=2,
        rated_pass=1,
        rated_fail=0,
        not_rated=0,
    ),
]
HD04_MEMBERS = [
    member(
        "Vũ Văn Giang",
        D(1985, 1, 10),
        "male",
        D(2010, 1, 10),
        D(2011, 1, 10),
        "2001",
        "upper_secondary",
        "master",
        "advanced",
        "armed_forces",
    ),
    member(
        "Đặng Thị Hoa",
        D(1990, 12, 31),
        "female",
        D(2015, 3, 1),
        D(2016, 3, 1),
        "2002",
        "upper_secondary",
        "university",
        "bachelor",
        "public_employee",
    ),
    member(
        "Bùi Văn Inh",
        D(1960, 3, 30),
        "male",
        D(1985, 1, 1),
        D(1986, 1, 1),
        "2003",
        "primary",
        "none",
        "elementary",
        "farmer",
    ),
]
HD04_EVENTS = [
    dict(full_name="Ngô Văn Khoa", birth_date=D(1970, 7, 7), event_type="expelled", event_date=D(2025, 7, 1)),
]
HD04_YEARS = [dict(year=2025, rated_good=3)]
# HD02: official date less than 12 months after admission → an error, file excluded.
HD02_MEMBERS = [
    member(
        "Cao Văn Lâm",
        D(1980, 1, 1),
        "male",
        D(2010, 1, 1),
        D(2010, 6, 1),
        "3001",
        "upper_secondary",
        "university",
        "intermediate",
        "commune_official",
    ),
    member(
        "Cao Thị Mai",
        D(1982, 1, 1),
        "female",
        D(2010, 1, 1),
        D(2011, 1, 1),
        "3002",
        "upper_secondary",
        "university",
        "intermediate",
        "commune_official",
    ),
    member(
        "Cao Văn Nam",
        D(1984, 1, 1),
        "male",
        D(2010, 1, 1),
        D(2011, 1, 1),
        "3003",
        "upper_secondary",
        "university",
        "intermediate",
        "commune_official",
    ),
]

REGISTRY = Registry(
    [
        Organisation(
            "HD01", "Chi bộ Tổ dân phố số 1", "chi_bo_truc_thuoc", "to_dan_pho", None, {2025: 2, 2026: 3}
        ),
        Organisation("HD02", "Chi bộ Tổ dân phố số 2", "chi_bo_truc_thuoc", "to_dan_pho", None, {2025: 1}),
        Organisation("HD03", "Chi bộ Công ty A", "chi_bo_co_so", "doanh_nghiep", None, {2025: 1}),
        Organisation("HD04", "Chi bộ Quân sự phường", "chi_bo_co_so", "luc_luong_vu_trang", None, {}),
    ]
)


@pytest.fixture(scope="module")
def ward(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("ward")
    inbox = root / "nop"
    inbox.mkdir()
    org = {o.org_code: o for o in REGISTRY.organisations}
    write_submission(
        inbox / "HD01.xlsx",
        info=info("HD01", org["HD01"].org_name, "chi_bo_truc_thuoc", "to_dan_pho"),
        members=HD01_MEMBERS,
        events=HD01_EVENTS,
        years=HD01_YEARS,
    )
    write_submission(
        inbox / "HD02.xlsx",
        info=info("HD02", org["HD02"].org_name, "chi_bo_truc_thuoc", "to_dan_pho"),
        members=HD02_MEMBERS,
    )
    write_submission(
        inbox / "HD04.xlsx",
        info=info("HD04", org["HD04"].org_name, "chi_bo_co_so", "luc_luong_vu_trang"),
        members=HD04_MEMBERS,
        events=HD04_EVENTS,
        years=HD04_YEARS,
    )
    registry = write_registry(REGISTRY, root / "danh_muc.csv")
    hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in inbox.iterdir()}
    out = root / "ket_qua.xlsx"
    summary = root / "tom_tat.json"
    result = CliRunner().invoke(
        main,
        [
            "consolidate",
            str(inbox),
            "--registry",
            str(registry),
            "--cutoff",
            "31/03/2026",
            "-o",
            str(out),
            "--json",
            str(summary),
        ],
    )
    return {
        "result": result,
        "inbox": inbox,
        "hashes": hashes,
        "out": out,
        "summary": json.loads(summary.read_text(encoding="utf-8")) if summary.exists() else None,
    }


def test_exit_code_1_when_a_submission_is_excluded(ward) -> None:
    assert ward["result"].exit_code == 1, ward["result"].output
    assert "Traceback" not in ward["result"].output


def test_inputs_untouched(ward) -> None:
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in ward["inbox"].iterdir()}
    assert after == ward["hashes"]


def test_statuses(ward) -> None:
    status = {o["org_code"]: o["status"] for o in ward["summary"]["organisations"]}
    assert status == {"HD01": "consolidated", "HD02": "excluded", "HD03": "missing", "HD04": "consolidated"}
    issues = ward["summary"]["issues"]
    assert any(
        i["org_code"] == "HD02" and i["severity"] == "error" and i["cell"] == "I2" for i in issues
    )  # Ngày chính thức
    assert any(i["org_code"] == "HD03" and i["code"] == "org.missing" for i in issues)


EXPECTED = {
    "orgs.registered": 4,
    "orgs.submitted": 3,
    "orgs.consolidated": 2,
    "orgs.tier.chi_bo_truc_thuoc": 2,
    "orgs.tier.chi_bo_co_so": 2,
    "orgs.tier.dang_bo_co_so": 0,
    "orgs.sector.to_dan_pho": 2,
    "orgs.sector.doanh_nghiep": 1,
    "orgs.sector.luc_luong_vu_trang": 1,
    "members.total": 7,
    "members.full": 6,
    "members.probationary": 1,
    "members.gender.male": 4,
    "members.gender.female": 3,
    "members.age_report.lt30": 1,
    "members.age_report.30_50": 4,
    "members.age_report.gt50": 2,
    "members.age_official.18_30": 2,
    "members.age_official.31_35": 1,
    "members.age_official.36_40": 0,
    "members.age_official.41_45": 1,
    "members.age_official.46_50": 1,
    "members.age_official.51_55": 0,
    "members.age_official.56_60": 0,
    "members.age_official.gt60": 2,
    "members.age_mean": 45.9,
    "members.gen_edu.upper_secondary": 5,
    "members.gen_edu.lower_secondary": 1,
    "members.gen_edu.primary": 1,
    "members.gen_edu.literate": 0,
    "members.prof.university": 2,
    "members.prof.intermediate": 1,
    "members.prof.none": 2,
    "members.prof.college": 1,
    "members.prof.master": 1,
    "members.prof.doctor": 0,
    "members.prof.intermediate_plus": 5,
    "members.prof.university_plus": 3,
    "members.theory.intermediate": 1,
    "members.theory.elementary": 3,
    "members.theory.none": 1,
    "members.theory.advanced": 1,
    "members.theory.bachelor": 1,
    "members.theory.advanced_bachelor": 2,
    "members.occupation_group.civil_servants": 2,
    "members.occupation_group.enterprise": 1,
    "members.occupation_group.farmer_freelance_retired_other": 3,
    "members.occupation_group.armed_forces": 1,
    "members.exempt": 1,
    "members.exempt_reason.old_age_ill_health": 1,
    "members.working_away": 0,
    "changes.admitted.2025": 1,
    "changes.admitted.2026": 0,
    "changes.admitted.total": 1,
    "changes.admissions.2025": 1,
    "changes.admissions.total": 1,
    "changes.admissions.q1": 0,
    "changes.admissions.q2": 0,
    "changes.struck_off.2025": 1,
    "changes.expelled.2025": 1,
    "changes.transfer_out.2026": 1,
    "changes.removed.2025": 2,
    "changes.removed.2026": 0,
    "changes.removed.total": 2,
    "changes.strike_ground.absence_or_dues": 1,
    "targets.2025": 4,
    "targets.2026": 3,
    "targets.rate.2025": 0.25,
    "targets.rate.2026": 0.0,
    "ratings.2025.excellent": 1,
    "ratings.2025.good": 5,
    "ratings.2025.pass": 1,
    "ratings.2025.fail": 0,
    "ratings.2026.good": 0,
    "training.2025.candidates_trained": 2,
    "training.2025.new_members_trained": 1,
    "training.2025.new_members_completed": 1,
    "training.2026.candidates_trained": 0,
}


def test_ward_indicators(ward) -> None:
    got = ward["summary"]["indicators"]
    assert {k: got.get(k) for k in EXPECTED} == EXPECTED
    assert ward["summary"]["cutoff_date"] == "2026-03-31"
    assert ward["summary"]["period_start"] == "2025-01-01"


def test_per_org_sums_equal_ward(ward) -> None:
    orgs = [o for o in ward["summary"]["organisations"] if o["status"] == "consolidated"]
    for key in ("members.total", "members.full", "members.gender.female", "changes.removed.total"):
        assert sum(o["indicators"][key] for o in orgs) == ward["summary"]["indicators"][key]
    hd01 = next(o for o in orgs if o["org_code"] == "HD01")
    assert hd01["indicators"]["members.total"] == 4


def test_workbook_sheets_numbers_and_chart(ward) -> None:
    wb = openpyxl.load_workbook(ward["out"])
    assert wb.sheetnames == [
        "Tổng hợp",
        "Theo tổ chức",
        "Biến động theo năm",
        "Xếp loại theo năm",
        "Biểu đồ",
        "Xu hướng",
        "Báo cáo",
        "Biểu 1-BTCTW",
        "Biểu 2-BTCTW",
        "Biểu 3-BTCTW",
        "Biểu 4-BTCTW",
        "Kiểm tra",
        "Nguồn số liệu",
    ]
    numbers = [
        c.value for row in wb["Tổng hợp"].iter_rows() for c in row if isinstance(c.value, (int, float))
    ]
    assert 7 in numbers and 6 in numbers
    texts = [c.value for row in wb["Tổng hợp"].iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(t.strip().isdigit() for t in texts), "a figure was written as text"
    with zipfile.ZipFile(ward["out"]) as z:
        assert any(n.startswith("xl/charts/chart") for n in z.namelist())
    assert any("HD03" in str(c.value) for row in wb["Theo tổ chức"].iter_rows() for c in row)


def test_issue_links_open_the_sources_from_the_workbooks_folder(ward, monkeypatch) -> None:
    """Relative paths on the command line, run from another folder than the output's: every
    `Kiểm tra` link, resolved as Excel resolves it (from the workbook's folder), is the file."""
    root = ward["inbox"].parent
    monkeypatch.chdir(root)
    out = root / "ket_qua" / "tong_hop.xlsx"
    out.parent.mkdir()
    result = CliRunner().invoke(
        main,
        ["consolidate", "nop", "--cutoff", "31/03/2026", "-o", "ket_qua/tong_hop.xlsx", "--no-history"],
    )
    assert result.exit_code in (0, 1), result.output
    ws = openpyxl.load_workbook(out)["Kiểm tra"]
    header = [c.value for c in ws[4]]
    links = [
        (row[header.index("Tệp")].value, row[header.index("Ô")].hyperlink)
        for row in ws.iter_rows(min_row=5)
        if row[header.index("Ô")].hyperlink is not None
    ]
    assert links  # the excluded HD04 has errors at cells
    for file, link in links:
        target = (out.parent / link.target.replace("\\", "/")).resolve()
        assert target == (ward["inbox"] / file).resolve(), link.target
