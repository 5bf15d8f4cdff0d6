"""One organisation's submission found twice in the folder (a resubmission, a corrected
version): one `org.duplicate_file` error at each of its files, naming them all and saying
whether they are byte-identical; the members of those files are not compared with each other
(they are not members of two organisations), but still with every other organisation's. The
organisation stays excluded: none of its members is counted, none twice. Files that are all
byte-identical copies of one (the Windows "- Copy") are one file: the one of the shortest name
is used, each other is ignored with `org.identical_copy` (hunt174 #8).

The files are the sample ward's own organisations, written through the real template.
"""

from __future__ import annotations

import dataclasses
import shutil
import unicodedata
from pathlib import Path

import pytest
from helpers_validate import TODAY

import toolkit.validation.run as runner
from toolkit.core import layout
from toolkit.core.model import Issue
from toolkit.outputs.template import submission_filename
from toolkit.pipeline import consolidate
from toolkit.sample.ward import CUTOFF, OrgSample, build_sample_ward
from toolkit.validation import cross_file, validate_files
from toolkit.validation.context import Context

CROSS_FILE_MEMBER_CODES = {"member.duplicate_other_file", "member.duplicate_card"}


@pytest.fixture(scope="module")
def orgs() -> dict[str, OrgSample]:
    return {o.organisation.org_code: o for o in build_sample_ward().orgs}


def write_orgs(folder: Path, orgs: dict[str, OrgSample], *codes: str) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    return {code: orgs[code].write(folder / submission_filename(orgs[code].organisation)) for code in codes}


def renamed_first_member(org: OrgSample, name: str) -> OrgSample:
    """The organisation's rows with its first member renamed (as a secretary corrects a
    name and saves the file again)."""
    members = [dict(m) for m in org.members]
    members[0]["full_name"] = name
    return dataclasses.replace(org, members=members)


def renamed_last_member(org: OrgSample, name: str) -> OrgSample:
    """The organisation's rows with its last member renamed: a file of the organisation whose
    bytes differ, its first member unchanged."""
    members = [dict(m) for m in org.members]
    members[-1]["full_name"] = name
    return dataclasses.replace(org, members=members)


def errors_of(issues: list[Issue], file: str) -> list[Issue]:
    return [i for i in issues if i.file == file and i.is_error]


def test_a_byte_identical_copy_is_ignored_with_one_warning_naming_both(
    tmp_path: Path, orgs: dict[str, OrgSample]
) -> None:
    """The Windows copy `HD04 (1).xlsx` beside `HD04…xlsx` (the same bytes): the file of the
    shorter name is the organisation's, checked as any other; the copy is in no check, and its
    one issue is `org.identical_copy`, a warning naming both files (hunt174 #8)."""
    paths = write_orgs(tmp_path / "nop", orgs, "HD03", "HD04", "HD10")
    copy = shutil.copyfile(paths["HD04"], paths["HD04"].with_name("HD04 (1).xlsx"))
    result = validate_files([tmp_path / "nop"], cutoff=CUTOFF, today=TODAY)

    assert not [i for i in result.issues if i.is_error]
    said = [i for i in result.issues if i.file == copy.name]
    assert [(i.code, i.severity, i.org_code) for i in said] == [("org.identical_copy", "warning", "HD04")]
    message = said[0].message
    assert unicodedata.is_normalized("NFC", message)
    assert f"Tệp {copy.name} giống hệt tệp {paths['HD04'].name} (cùng nội dung, cùng mã SHA-256)" in message
    assert f"chỉ dùng tệp {paths['HD04'].name}, bỏ qua tệp {copy.name} để không tính trùng" in message
    assert {f["file"]: f["status"] for f in result.files()} == {
        paths["HD03"].name: "ok",
        paths["HD10"].name: "ok",
        paths["HD04"].name: "ok",
        copy.name: "warnings",
    }


def test_the_same_bytes_under_another_organisations_name_are_no_copy_to_move_out(tmp_path: Path) -> None:
    """HD03's file saved under HD04's file name (HD04's secretary sent HD03's file back, or the
    clerk saved an attachment under the wrong name): the bytes are one, but the name says the
    file may be HD04's. It is no copy to move out (review187 F3): both files stay
    `org.duplicate_file` and the one named for HD04 keeps `org.file_name_of_other`, as before
    identical copies were told apart, so HD03 waits until the clerk has looked."""
    ward = build_sample_ward()
    orgs = {o.organisation.org_code: o for o in ward.orgs}
    paths = write_orgs(tmp_path / "nop", orgs, "HD03", "HD05")
    other = tmp_path / "nop" / submission_filename(orgs["HD04"].organisation)
    shutil.copyfile(paths["HD03"], other)
    result = validate_files([tmp_path / "nop"], registry=ward.registry, cutoff=CUTOFF, today=TODAY)

    said = {(i.file, i.code) for i in result.issues}
    assert (other.name, "org.identical_copy") not in said
    assert {(paths["HD03"].name, "org.duplicate_file"), (other.name, "org.duplicate_file")} <= said
    assert (other.name, "org.file_name_of_other") in said
    assert all(f["status"] != "ok" for f in result.files() if f["file"] in {other.name, paths["HD03"].name})


def test_the_copy_used_is_the_shortest_name_whatever_the_order(
    tmp_path: Path, orgs: dict[str, OrgSample]
) -> None:
    """Three copies of one file: the shortest name is used, the two others are ignored, each
    naming it; the order the files are given in does not matter."""
    folder = tmp_path / "nop"
    folder.mkdir()
    first = orgs["HD04"].write(folder / "HD04 - Copy.xlsx")
    shutil.copyfile(first, folder / "HD04.xlsx")
    shutil.copyfile(first, folder / "HD04 - Copy (2).xlsx")
    files = sorted(folder.iterdir())
    for given in (files, files[::-1]):
        result = validate_files(given, cutoff=CUTOFF, today=TODAY)
        said = sorted((i.file or "", i.code) for i in result.issues if i.code == "org.identical_copy")
        assert said == [
            ("HD04 - Copy (2).xlsx", "org.identical_copy"),
            ("HD04 - Copy.xlsx", "org.identical_copy"),
        ]
        assert all(
            "chỉ dùng tệp HD04.xlsx" in i.message for i in result.issues if i.code == "org.identical_copy"
        )
        assert {s.path.name: s.copy_of.name if s.copy_of else None for s in result.submissions} == {
            "HD04.xlsx": None,
            "HD04 - Copy.xlsx": "HD04.xlsx",
            "HD04 - Copy (2).xlsx": "HD04.xlsx",
        }


def test_an_edited_copy_is_one_error_at_each_file_saying_they_differ(
    tmp_path: Path, orgs: dict[str, OrgSample]
) -> None:
    paths = write_orgs(tmp_path / "nop", orgs, "HD03", "HD10")
    edited = paths["HD10"].with_name(paths["HD10"].stem + "_ban_sua.xlsx")
    renamed_first_member(orgs["HD10"], "Nguyễn Thị Đổi Tên").write(edited)
    assert len(orgs["HD10"].members) == 12
    result = validate_files([tmp_path / "nop"], cutoff=CUTOFF, today=TODAY)

    errors = [i for i in result.issues if i.is_error]
    assert [(i.file, i.code) for i in errors] == [
        (paths["HD10"].name, "org.duplicate_file"),
        (edited.name, "org.duplicate_file"),
    ]
    for issue in errors:
        assert f"có 2 tệp: {paths['HD10'].name} và {edited.name}." in issue.message
        assert "Nội dung hai tệp này khác nhau" in issue.message
        assert "giống hệt" not in issue.message
        assert "hãy giữ lại một tệp (bản mới nhất) và chuyển các tệp còn lại ra khỏi thư mục" in issue.message


def test_three_files_of_one_organisation_say_which_are_copies(
    tmp_path: Path, orgs: dict[str, OrgSample]
) -> None:
    paths = write_orgs(tmp_path / "nop", orgs, "HD10")
    copy = shutil.copyfile(paths["HD10"], tmp_path / "nop" / "HD10 - Copy.xlsx")
    edited = renamed_first_member(orgs["HD10"], "Nguyễn Thị Đổi Tên").write(
        tmp_path / "nop" / "HD10_sua.xlsx"
    )
    result = validate_files([tmp_path / "nop"], cutoff=CUTOFF, today=TODAY)

    names = [copy.name, paths["HD10"].name, edited.name]  # the order files are found in
    assert [(i.file, i.code) for i in result.issues if i.is_error] == [
        (n, "org.duplicate_file") for n in names
    ]
    for issue in errors_of(result.issues, names[0]) + errors_of(result.issues, names[2]):
        assert f"có 3 tệp: {names[0]}, {names[1]} và {names[2]}." in issue.message
        assert f"Trong đó {names[0]} và {names[1]} giống hệt nhau (cùng mã SHA-256)." in issue.message
        assert "(bản mới nhất)" in issue.message


def test_members_shared_with_another_organisation_are_still_reported_against_each_file(
    tmp_path: Path, orgs: dict[str, OrgSample]
) -> None:
    """HD04 twice, and HD04's first member (name, birth date, card) also on HD03's roll: the
    HD03 row names both HD04 files, each HD04 row names HD03 only, never the other HD04 file."""
    shared = dict(orgs["HD04"].members[0])
    hd03 = orgs["HD03"]
    with_shared = dataclasses.replace(
        hd03, members=[*hd03.members, {**shared, "row_no": len(hd03.members) + 1}]
    )
    paths = write_orgs(tmp_path / "nop", orgs, "HD04", "HD10")
    paths["HD03"] = with_shared.write(tmp_path / "nop" / submission_filename(hd03.organisation))
    copy = renamed_last_member(orgs["HD04"], "Nguyễn Thị Đổi Tên").write(
        paths["HD04"].with_name("HD04 (1).xlsx")
    )
    result = validate_files([tmp_path / "nop"], cutoff=CUTOFF, today=TODAY)

    hd03_row = len(hd03.members) + 2  # after the header row
    hits = [i for i in result.issues if i.code in CROSS_FILE_MEMBER_CODES]
    assert sorted((i.code, i.file, i.cell) for i in hits) == sorted(
        (code, file, layout.MEMBERS.cell(key, row))
        for code, key in (("member.duplicate_other_file", "full_name"), ("member.duplicate_card", "card_no"))
        for file, row in ((paths["HD03"].name, hd03_row), (paths["HD04"].name, 2), (copy.name, 2))
    )
    for issue in hits:
        if issue.file == paths["HD03"].name:
            assert f"{copy.name} (dòng 2), {paths['HD04'].name} (dòng 2)" in issue.message
        else:
            assert f"{paths['HD03'].name} (dòng {hd03_row})" in issue.message
            assert paths["HD04"].name not in issue.message and copy.name not in issue.message
    assert {i.code for i in errors_of(result.issues, paths["HD10"].name)} == set()
    assert [i.code for i in result.issues if i.code == "org.duplicate_file"] == ["org.duplicate_file"] * 2


def test_the_organisation_stays_excluded_and_no_member_counts_twice(
    tmp_path: Path, orgs: dict[str, OrgSample]
) -> None:
    """Two files of HD04 whose contents differ: the organisation is excluded, as before."""
    paths = write_orgs(tmp_path / "nop", orgs, "HD03", "HD04", "HD10")
    before = consolidate([tmp_path / "nop"], cutoff=CUTOFF)
    hd04 = next(o for o in before.organisations if o.org_code == "HD04")
    assert before.count("consolidated") == 3 and hd04.indicators["members.total"] == 62

    copy = renamed_last_member(orgs["HD04"], "Nguyễn Thị Đổi Tên").write(
        paths["HD04"].with_name("HD04 (1).xlsx")
    )
    after = consolidate([tmp_path / "nop"], cutoff=CUTOFF)

    assert after.indicators["members.total"] == before.indicators["members.total"] - 62
    assert (after.indicators["orgs.submitted"], after.indicators["orgs.consolidated"]) == (3, 2)
    status = {o.org_code: (o.status, o.reason) for o in after.organisations}
    assert status["HD03"][0] == status["HD10"][0] == "consolidated"
    assert status["HD04"] == (
        "excluded",
        f"tệp {copy.name} có lỗi: Một tổ chức có nhiều tệp ở sheet \u201cThông tin\u201d, ô B1",
    )
    assert {s.file: s.consolidated for s in after.sources if s.org_code == "HD04"} == {
        copy.name: False,
        paths["HD04"].name: False,
    }
    assert {i.code for i in after.issues if i.is_error} == {"org.duplicate_file"}
    assert not after.copied_files()


def test_an_identical_copy_is_consolidated_once(tmp_path: Path, orgs: dict[str, OrgSample]) -> None:
    """`HD04 (1).xlsx`, the same bytes as HD04's file: HD04 is consolidated from its file, its
    members counted once (the figures are those of the folder without the copy), and the copy
    is listed as ignored, naming the file used (hunt174 #8)."""
    paths = write_orgs(tmp_path / "nop", orgs, "HD03", "HD04", "HD10")
    before = consolidate([tmp_path / "nop"], cutoff=CUTOFF)
    copy = shutil.copyfile(paths["HD04"], paths["HD04"].with_name("HD04 (1).xlsx"))
    after = consolidate([tmp_path / "nop"], cutoff=CUTOFF)

    assert after.indicators == before.indicators
    assert (after.indicators["orgs.submitted"], after.indicators["orgs.consolidated"]) == (3, 3)
    assert [(o.org_code, o.status, o.file) for o in after.organisations] == [
        (o.org_code, o.status, o.file) for o in before.organisations
    ]
    assert {s.file: (s.consolidated, s.status, s.copy_of) for s in after.sources if s.org_code == "HD04"} == {
        paths["HD04"].name: (True, "ok", None),
        copy.name: (False, "warnings", paths["HD04"].name),
    }
    assert [s.file for s in after.copied_files()] == [copy.name]
    assert not after.rejected_files()
    assert len(after.issues) == len(before.issues) + 1
    assert {(i.code, i.file) for i in after.issues} == {(i.code, i.file) for i in before.issues} | {
        ("org.identical_copy", copy.name)
    }


def missing_the_files(ctx: Context) -> None:
    """The one-file-per-organisation rule, broken so that it finds nothing."""


def test_copies_never_pass_should_the_rule_miss_them(
    tmp_path: Path, orgs: dict[str, OrgSample], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two files of one organisation have no member-level error between them: should the
    one-file-per-organisation rule miss them, attribution's guard still excludes the
    organisation, with the rule's own message."""
    paths = write_orgs(tmp_path / "nop", orgs, "HD03", "HD04")
    renamed_last_member(orgs["HD04"], "Nguyễn Thị Đổi Tên").write(paths["HD04"].with_name("HD04 (1).xlsx"))
    baseline = consolidate([tmp_path / "nop"], cutoff=CUTOFF)
    monkeypatch.setattr(
        runner,
        "WARD_CHECKS",
        tuple(
            dataclasses.replace(c, fn=missing_the_files) if c is cross_file.duplicate_file else c
            for c in runner.WARD_CHECKS
        ),
    )
    assert cross_file.duplicate_file not in runner.WARD_CHECKS
    guarded = consolidate([tmp_path / "nop"], cutoff=CUTOFF)

    assert guarded.issues == baseline.issues
    assert guarded.organisations == baseline.organisations
    assert guarded.indicators["members.total"] == baseline.indicators["members.total"]
    assert [o.status for o in guarded.organisations if o.org_code == "HD04"] == ["excluded"]


def test_the_only_file_with_no_other_error_is_named(tmp_path: Path, orgs: dict[str, OrgSample]) -> None:
    """hunt206 R1: of two differing files of HD10, the first one sent has an error of its own
    (a member's gender left blank), the corrected one has none: both `org.duplicate_file`
    errors say which file has no other error, right after saying the two differ, and keep their
    advice (no guess at the newest)."""
    first = dataclasses.replace(
        orgs["HD10"], members=[{**orgs["HD10"].members[0], "gender": None}, *orgs["HD10"].members[1:]]
    )
    paths = write_orgs(tmp_path / "nop", {**orgs, "HD10": first}, "HD03", "HD10")
    fixed = renamed_first_member(orgs["HD10"], "Nguyễn Thị Đổi Tên").write(tmp_path / "nop" / "HD10 (1).xlsx")
    result = validate_files([tmp_path / "nop"], cutoff=CUTOFF, today=TODAY)

    own = [i.code for i in errors_of(result.issues, paths["HD10"].name) if i.code != "org.duplicate_file"]
    assert own, result.issues  # the first file has an error of its own
    said = [i for i in result.issues if i.code == "org.duplicate_file"]
    assert sorted(i.file for i in said) == sorted([paths["HD10"].name, fixed.name])
    sentence = f"Trong đó chỉ tệp {fixed.name} không có lỗi nào khác."
    for issue in said:
        assert (
            f"Nội dung hai tệp này khác nhau (có thể là bản gửi lại hoặc bản đã sửa). {sentence} "
            "Mỗi tổ chức chỉ nộp một tệp, nên tổ chức này chưa được tổng hợp" in issue.message
        ), issue.message
        assert "hãy giữ lại một tệp (bản mới nhất)" in issue.message
        assert issue.private_message is None or sentence in issue.private_message
        assert unicodedata.is_normalized("NFC", issue.message)


def test_no_file_is_named_when_both_or_neither_have_other_errors(
    tmp_path: Path, orgs: dict[str, OrgSample]
) -> None:
    """hunt206 R1: the sentence is said only of exactly one file with no other error."""
    write_orgs(tmp_path / "hai", orgs, "HD10")
    renamed_first_member(orgs["HD10"], "Nguyễn Thị Đổi Tên").write(tmp_path / "hai" / "HD10 (1).xlsx")
    broken = dataclasses.replace(orgs["HD10"], members=[{**m, "gender": None} for m in orgs["HD10"].members])
    write_orgs(tmp_path / "khong", {"HD10": broken}, "HD10")
    renamed_first_member(broken, "Nguyễn Thị Đổi Tên").write(tmp_path / "khong" / "HD10 (1).xlsx")
    for folder in ("hai", "khong"):
        result = validate_files([tmp_path / folder], cutoff=CUTOFF, today=TODAY)
        said = [i for i in result.issues if i.code == "org.duplicate_file"]
        assert len(said) == 2, (folder, result.issues)
        assert not [i for i in said if "không có lỗi nào khác" in i.message], said


def test_the_only_clean_file_beside_copies_is_said_without_a_second_trong_do(
    tmp_path: Path, orgs: dict[str, OrgSample]
) -> None:
    """h213: HD10's first file (an error of its own) saved twice, and its corrected file: the
    message said "Trong đó A và B giống hệt nhau (cùng mã SHA-256). Trong đó chỉ tệp C không có
    lỗi nào khác.", "Trong đó" twice in a row; the second sentence now starts "Chỉ tệp"."""
    first = dataclasses.replace(
        orgs["HD10"], members=[{**orgs["HD10"].members[0], "gender": None}, *orgs["HD10"].members[1:]]
    )
    paths = write_orgs(tmp_path / "nop", {**orgs, "HD10": first}, "HD03", "HD10")
    copy = shutil.copy(paths["HD10"], tmp_path / "nop" / "HD10 ban sao.xlsx")
    fixed = renamed_first_member(orgs["HD10"], "Nguyễn Thị Đổi Tên").write(tmp_path / "nop" / "HD10 (1).xlsx")
    result = validate_files([tmp_path / "nop"], cutoff=CUTOFF, today=TODAY)

    said = [i for i in result.issues if i.code == "org.duplicate_file"]
    assert len(said) == 3, result.issues
    for issue in said:
        assert (
            f"Trong đó {Path(copy).name} và {paths['HD10'].name} giống hệt nhau (cùng mã SHA-256). "
            f"Chỉ tệp {fixed.name} không có lỗi nào khác. Mỗi tổ chức chỉ nộp một tệp, nên" in issue.message
        ), issue.message
        assert issue.message.count("Trong đó") == 1, issue.message


@pytest.mark.parametrize("why", ["names differ", "named after another"])
def test_no_clean_file_is_named_when_a_file_may_be_another_organisations(
    tmp_path: Path, orgs: dict[str, OrgSample], why: str
) -> None:
    """review213 (left out 3): HD10's own file has an error of its own, the other file of code
    HD10 has none but may be another organisation's: it writes another organisation's name, or
    its file name is HD03's. The advice is "đừng bỏ tệp nào trước khi xem"; "Trong đó chỉ tệp X
    không có lỗi nào khác." beside it would push the clerk to keep the neighbour's file, and is
    no longer said."""
    ward = build_sample_ward()
    first = dataclasses.replace(
        orgs["HD10"], members=[{**orgs["HD10"].members[0], "gender": None}, *orgs["HD10"].members[1:]]
    )
    paths = write_orgs(tmp_path / "nop", {**orgs, "HD10": first}, "HD10")
    other = renamed_first_member(orgs["HD10"], "Nguyễn Thị Đổi Tên")
    if why == "names differ":
        other = dataclasses.replace(other, info={**other.info, "org_name": "Chi bộ Tổ dân phố số 99"})
        clean = other.write(tmp_path / "nop" / "HD10 (1).xlsx")
    else:
        clean = other.write(tmp_path / "nop" / submission_filename(orgs["HD03"].organisation))
    result = validate_files([tmp_path / "nop"], registry=ward.registry, cutoff=CUTOFF, today=TODAY)

    assert [i.code for i in errors_of(result.issues, paths["HD10"].name) if i.code != "org.duplicate_file"]
    assert not [i for i in errors_of(result.issues, clean.name) if i.code != "org.duplicate_file"]
    said = [i for i in result.issues if i.code == "org.duplicate_file"]
    assert sorted(i.file for i in said) == sorted([paths["HD10"].name, clean.name]), result.issues
    for issue in said:
        assert "nên đừng bỏ tệp nào trước khi xem" in issue.message, issue.message
        assert "không có lỗi nào khác" not in issue.message, issue.message
        assert issue.private_message is None or "không có lỗi nào khác" not in issue.private_message
