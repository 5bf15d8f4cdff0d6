"""The organisation name of `Thông tin` against the registry's name for the file's code
(`org.name_of_other`, `org.name_differs`): a file copied from a neighbour's, or a pre-filled
template sent to the wrong secretary, keeps the other organisation's code under its own name,
and was counted for that organisation without a word."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_validate import CUTOFF, clean_info, clean_members, run, write

from toolkit.core import layout, rules
from toolkit.core.model import Organisation, Registry
from toolkit.core.text import org_name_key, org_name_numbers
from toolkit.pipeline import consolidate

REGISTRY = Registry(
    [
        Organisation("CB07", "Chi bộ Tổ dân phố số 7", "chi_bo_truc_thuoc", "to_dan_pho"),
        Organisation("CB08", "Chi bộ Tổ dân phố số 8", "chi_bo_truc_thuoc", "to_dan_pho"),
        Organisation("CB20", "Chi bộ Trường Tiểu học Lê Lợi", "chi_bo_truc_thuoc", "su_nghiep"),
    ]
)
NAME_CODES = ("org.name_of_other", "org.name_differs")


def name_issues(tmp_path: Path, org_name: str, org_code: str = "CB07", registry: Registry | None = REGISTRY):
    path = write(tmp_path, info=clean_info(org_code=org_code, org_name=org_name))
    result = run(path, registry=registry)
    return [i for i in result.issues if i.code in NAME_CODES]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Chi bộ Tổ dân phố số 7", "chi bo TDP 07"),
        ("Chi bộ Tổ dân phố số 7", "CB TDP7"),
        ("Chi bộ Tổ dân phố số 7", "Tổ dân phố 7"),
        ("Đảng bộ Khu dân cư số 3", "ĐB KDC số 3"),
        ("Chi bộ Trường Tiểu học Lê Lợi", "chi bộ trường tiểu học lê lợi"),
    ],
)
def test_one_name_written_two_ways_has_one_key(a: str, b: str) -> None:
    assert org_name_key(a) == org_name_key(b) != ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Chi bộ Tổ dân phố số 7", "Chi bộ Tổ dân phố số 8"),
        ("Chi bộ Tổ dân phố số 7", "Chi bộ Khu phố 7"),
        ("Chi bộ Trường Tiểu học Lê Lợi", "Chi bộ Trường THCS Lê Lợi"),
    ],
)
def test_two_names_have_two_keys(a: str, b: str) -> None:
    assert org_name_key(a) != org_name_key(b)


def test_numbers_of_a_name() -> None:
    assert org_name_numbers("Chi bộ Khu phố 03, tổ 12") == {3, 12}
    assert org_name_numbers("Chi bộ Trường Tiểu học Lê Lợi") == frozenset()
    assert org_name_key(None) == "" and org_name_numbers(None) == frozenset()


@pytest.mark.parametrize("written", ["Chi bộ Tổ dân phố số 8", "CB TDP 08", "chi bo to dan pho so 8"])
def test_the_name_of_another_organisation_is_an_error_at_the_code(tmp_path: Path, written: str) -> None:
    (issue,) = name_issues(tmp_path, written)
    assert issue.code == "org.name_of_other"
    assert rules.RULES[issue.code].severity == "error" and issue.is_error
    assert (issue.sheet, issue.cell) == (layout.SHEET_INFO, layout.INFO.cell("org_code"))
    assert "CB08 (“Chi bộ Tổ dân phố số 8”)" in issue.message
    assert "là của “Chi bộ Tổ dân phố số 7”" in issue.message
    assert f"ghi “{written}”" in issue.message


def test_a_code_typed_another_way_still_finds_its_organisation(tmp_path: Path) -> None:
    (issue,) = name_issues(tmp_path, "Chi bộ Tổ dân phố số 8", org_code=" cb07 ")
    assert issue.code == "org.name_of_other"


def test_a_name_with_other_numbers_is_a_warning(tmp_path: Path) -> None:
    (issue,) = name_issues(tmp_path, "Chi bộ Tổ dân phố số 9")
    assert issue.code == "org.name_differs" and not issue.is_error
    assert issue.cell == layout.INFO.cell("org_code")
    assert "ghi “Chi bộ Tổ dân phố số 9”, nhưng mã CB07 là của “Chi bộ Tổ dân phố số 7”" in issue.message


@pytest.mark.parametrize(
    ("code", "written"),
    [
        ("CB07", "Chi bộ Tổ dân phố số 7"),  # as the registry writes it
        ("CB07", "Chi bộ TDP 07"),  # abbreviated
        ("CB07", "Chi bộ Tổ dân phố số 7, phường Hải Dương"),  # more words, the same number
        ("CB07", "Chi bộ Khu 7"),  # another way to name it, no other number
        ("CB07", "Chi bộ khu dân cư"),  # no number: says nothing
        ("CB20", "Chi bộ Trường TH Lê Lợi"),  # no number on either side
        ("CB20", "Chi bộ số 8"),  # the registry's name has no number: says nothing
    ],
)
def test_honest_variants_of_the_name_say_nothing(tmp_path: Path, code: str, written: str) -> None:
    assert name_issues(tmp_path, written, org_code=code) == []


def test_without_a_registry_nothing_is_compared(tmp_path: Path) -> None:
    assert name_issues(tmp_path, "Chi bộ Tổ dân phố số 8", registry=None) == []


def test_an_unknown_code_is_said_once(tmp_path: Path) -> None:
    path = write(tmp_path, info=clean_info(org_code="CB70", org_name="Chi bộ Tổ dân phố số 8"))
    found = [i.code for i in run(path, registry=REGISTRY).issues]
    assert "org.unknown" in found and not set(found) & set(NAME_CODES)


def test_a_neighbours_file_copied_with_its_code_is_told_from_the_original(tmp_path: Path) -> None:
    """Both files name CB07 (`org.duplicate_file` at both); only the copy, whose name is CB08's,
    is told that its code is another organisation's: the clerk knows which file to correct."""
    original = write(tmp_path, "CB07.xlsx")
    copy = write(tmp_path, "CB08.xlsx", info=clean_info(org_name="Chi bộ Tổ dân phố số 8"))
    issues = run(original, copy, registry=REGISTRY).issues
    named = [(i.file, i.code) for i in issues if i.code in NAME_CODES]
    assert named == [("CB08.xlsx", "org.name_of_other")]
    duplicates = [i for i in issues if i.code == "org.duplicate_file"]
    assert {i.file for i in duplicates} == {"CB07.xlsx", "CB08.xlsx"}
    # The usual advice, to keep the latest file, would drop CB07's own submission.
    for issue in duplicates:
        assert (
            "CB07.xlsx ghi “Chi bộ Tổ dân phố số 7”; CB08.xlsx ghi “Chi bộ Tổ dân phố số 8”" in issue.message
        )
        assert "đừng bỏ tệp nào trước khi xem" in issue.message and "bản mới nhất" not in issue.message


def test_two_files_of_one_organisation_named_alike_keep_the_usual_advice(tmp_path: Path) -> None:
    first = write(tmp_path, "CB07.xlsx")
    second = write(
        tmp_path, "CB07_sua.xlsx", info=clean_info(org_name="Chi bộ TDP 07"), members=clean_members()[:4]
    )
    issues = [i for i in run(first, second, registry=REGISTRY).issues if i.code == "org.duplicate_file"]
    assert len(issues) == 2
    assert all("hãy giữ lại một tệp (bản mới nhất)" in i.message for i in issues)
    assert all("Tên tổ chức ghi" not in i.message for i in issues)


def test_the_organisation_whose_name_a_file_carries_is_not_only_missing(tmp_path: Path) -> None:
    """CB08 sent no file under its code, but a file names it: `org.missing` says which."""
    write(tmp_path, "CB07.xlsx")
    write(tmp_path, "to 8.xlsx", info=clean_info(org_name="Chi bộ TDP 8"))
    issues = consolidate([tmp_path], cutoff=CUTOFF, registry=REGISTRY).issues
    missing = {i.org_code: i.message for i in issues if i.code == "org.missing"}
    assert set(missing) == {"CB08", "CB20"}
    seen = "Tệp to 8.xlsx (mã CB07) ghi tên tổ chức này nhưng mã của tổ chức khác: hãy xem lỗi của tệp đó."
    assert missing["CB08"].endswith(f"số liệu toàn phường chưa đủ. {seen}")
    assert missing["CB20"].endswith("số liệu toàn phường chưa đủ.")


def test_a_file_named_for_another_organisation_is_said_at_the_code(tmp_path: Path) -> None:
    """CB08's secretary filled CB07's pre-filled template (its code and name left as they were)
    and saved it under CB08's name: the file is counted for CB07, the code it holds, but a
    warning at the code names both, and CB08's `org.missing` names the file."""
    path = write(tmp_path, "CB08_chi_bo_to_dan_pho_so_8.xlsx")
    result = consolidate([tmp_path], cutoff=CUTOFF, registry=REGISTRY)
    (issue,) = [i for i in result.issues if i.code == "org.file_name_of_other"]
    assert rules.RULES[issue.code].severity == "warning"
    assert (issue.file, issue.org_code, issue.sheet, issue.cell) == (
        path.name,
        "CB07",
        layout.SHEET_INFO,
        layout.INFO.cell("org_code"),
    )
    assert (
        "Tên tệp CB08_chi_bo_to_dan_pho_so_8.xlsx là của tổ chức CB08 (“Chi bộ Tổ dân phố số 8”), "
        "nhưng mã tổ chức trong tệp ghi CB07 (“Chi bộ Tổ dân phố số 7”)"
    ) in issue.message
    missing = {i.org_code: i.message for i in result.issues if i.code == "org.missing"}
    assert missing["CB08"].endswith(
        "Tệp CB08_chi_bo_to_dan_pho_so_8.xlsx (mã CB07) có tên tệp là của tổ chức này nhưng ghi mã "
        "của tổ chức khác: hãy xem tệp đó là số liệu của tổ chức nào."
    )
    assert missing["CB20"].endswith("số liệu toàn phường chưa đủ.")


def test_a_file_named_for_another_organisation_beside_the_owners_keeps_both(tmp_path: Path) -> None:
    """CB07 sent its own file too: the usual advice (keep the latest) would drop one
    organisation's real submission, so both files are to be looked at."""
    write(tmp_path, "CB07.xlsx")
    write(tmp_path, "CB08 gui lai.xlsx", members=clean_members()[:4])
    issues = consolidate([tmp_path], cutoff=CUTOFF, registry=REGISTRY).issues
    duplicates = [i for i in issues if i.code == "org.duplicate_file"]
    assert {i.file for i in duplicates} == {"CB07.xlsx", "CB08 gui lai.xlsx"}
    for issue in duplicates:
        assert "tên tệp CB08 gui lai.xlsx là của tổ chức CB08" in issue.message
        assert "đừng bỏ tệp nào trước khi xem" in issue.message and "bản mới nhất" not in issue.message
    assert [i.file for i in issues if i.code == "org.file_name_of_other"] == ["CB08 gui lai.xlsx"]


@pytest.mark.parametrize("name", ["CB07.xlsx", "cb07_chi_bo_to_dan_pho_so_7.xlsx", "Chi bo to 8.xlsx"])
def test_a_file_named_for_its_own_organisation_or_none_says_nothing(tmp_path: Path, name: str) -> None:
    write(tmp_path, name)
    issues = consolidate([tmp_path], cutoff=CUTOFF, registry=REGISTRY).issues
    assert not [i for i in issues if i.code == "org.file_name_of_other"]
    assert all(i.message.endswith("chưa đủ.") for i in issues if i.code == "org.missing")


def test_two_files_whose_names_read_alike_are_told_apart(tmp_path: Path) -> None:
    """A file of one name in two folders given to `validate`, and a name with its accents
    encoded two ways (NFC, NFD) in one folder: the message names them so they can be told
    apart, in NFC text."""
    import unicodedata

    (tmp_path / "Thang3").mkdir()
    first = write(tmp_path, "CB07.xlsx")
    second = write(tmp_path / "Thang3", "CB07.xlsx", members=clean_members()[:4])
    issues = [i for i in run(first, second, registry=REGISTRY).issues if i.code == "org.duplicate_file"]
    assert len(issues) == 2
    assert all("có 2 tệp: CB07.xlsx và Thang3/CB07.xlsx." in i.message for i in issues)

    twins = tmp_path / "twins"
    twins.mkdir()
    name = "CB07 Tổ dân phố.xlsx"
    nfc = write(twins, unicodedata.normalize("NFC", name))
    nfd = write(twins, unicodedata.normalize("NFD", name), members=clean_members()[:4])
    if len({p.name for p in twins.iterdir()}) < 2:  # a file system that folds the two spellings
        return
    issues = [i for i in run(nfc, nfd, registry=REGISTRY).issues if i.code == "org.duplicate_file"]
    assert issues and all(unicodedata.is_normalized("NFC", i.message) for i in issues)
    assert f"{name} (tên tệp viết dấu theo kiểu Unicode tổ hợp)" in issues[0].message


def test_validate_heads_same_named_files_of_two_folders_by_their_paths(tmp_path: Path) -> None:
    """`validate A B` with a file of one name in each folder: each file's heading names it by
    its path from the folder they share, so the clerk can tell which of the two a line is
    about."""
    from click.testing import CliRunner

    from toolkit.cli import main

    for folder in ("Thang3", "Thang4"):
        (tmp_path / folder).mkdir()
    write(tmp_path / "Thang3", "CB07.xlsx")
    other = clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8")
    write(tmp_path / "Thang4", "CB07.xlsx", info=other)
    folders = [str(tmp_path / "Thang3"), str(tmp_path / "Thang4")]
    out = CliRunner().invoke(main, ["validate", *folders, "--cutoff", CUTOFF.isoformat()]).output
    headings = [line.split(" (")[0] for line in out.splitlines() if line.startswith("== ")]
    assert headings == ["== Thang3/CB07.xlsx", "== Thang4/CB07.xlsx"], out


def test_validate_json_tells_same_named_files_apart(tmp_path: Path) -> None:
    """`validate A B --json` with a file of one name in each folder: each file is listed as the
    messages name it (its path from the folder they share) with its path as found, and each
    issue of such a file names it the same way, so a reader of the JSON knows which file an
    issue is about. A file whose name no other file has keeps its name."""
    import json

    from click.testing import CliRunner

    from toolkit.cli import main

    for folder in ("Thang3", "Thang4"):
        (tmp_path / folder).mkdir()
    first = write(tmp_path / "Thang3", "CB07.xlsx")
    other = clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8")
    second = write(tmp_path / "Thang4", "CB07.xlsx", info=other)
    alone = write(tmp_path / "Thang4", "CB09.xlsx", info=clean_info(org_code="CB09", org_name="Chi bộ số 9"))
    out = tmp_path / "kq.json"
    folders = [str(tmp_path / "Thang3"), str(tmp_path / "Thang4")]
    CliRunner().invoke(main, ["validate", *folders, "--cutoff", CUTOFF.isoformat(), "--json", str(out)])
    doc = json.loads(out.read_text(encoding="utf-8"))
    files = {f["path"]: f["file"] for f in doc["files"]}
    assert files == {str(first): "Thang3/CB07.xlsx", str(second): "Thang4/CB07.xlsx", str(alone): "CB09.xlsx"}
    named = {i["file"] for i in doc["issues"] if i["file"] is not None}
    assert "CB07.xlsx" not in named  # every issue of the two says which one
    by_code = {i["org_code"]: i["file"] for i in doc["issues"] if i["org_code"] in ("CB08", "CB09")}
    assert by_code["CB08"] == "Thang4/CB07.xlsx" and by_code.get("CB09", "CB09.xlsx") == "CB09.xlsx"
    assert any(i["file"] == "Thang4/CB07.xlsx" for i in doc["issues"])
