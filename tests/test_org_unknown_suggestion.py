"""`org.unknown` suggests a registry code only when the typed one is a slip of it.

Organisation codes are alike (every `HDnn` scores 0.6 or more against every other), so the
nearest code by `difflib` was an arbitrary organisation's: a file of an organisation merged away
between two runs, or of a new one not yet in the registry, was told "có phải “HD70”?", and a
secretary who followed it filed the submission under another organisation. A code is now
suggested only when it is one key slip from the typed one (loosely: case, spaces, zero padding
aside) and its organisation has the name the file's `Thông tin` gives, as value suggestions are
suggested only for a slip (`vocab.closest`).

Real files: the clean submission through the real template, validated against registries.
"""

from __future__ import annotations

from pathlib import Path

from helpers_validate import clean_info, run, write

from toolkit.core.model import Organisation, Registry

NAME = clean_info()["org_name"]  # "Chi bộ Tổ dân phố số 7", the file's code CB07


def org(code: str, name: str) -> Organisation:
    return Organisation(code, name, "chi_bo_truc_thuoc", "to_dan_pho")


def unknown_message(tmp_path: Path, *orgs: Organisation) -> str:
    issues = run(write(tmp_path), registry=Registry(list(orgs))).issues
    (issue,) = [i for i in issues if i.code == "org.unknown"]
    assert issue.value == "CB07"
    return issue.message


def test_a_code_merged_away_suggests_no_other_organisation(tmp_path: Path) -> None:
    message = unknown_message(
        tmp_path,
        org("CB08", "Chi bộ Tổ dân phố số 8"),
        org("CB70", "Chi bộ Tổ dân phố số 70"),
        org("CB71", "Chi bộ Tổ dân phố số 71"),
    )
    assert message == (
        "Mục “Mã tổ chức” (sheet “Thông tin”, ô B1): Mã tổ chức “CB07” không có trong danh mục tổ chức "
        "của phường. Hãy dùng đúng mã do Đảng ủy phường cấp."
    )


def test_a_slip_of_the_code_of_the_organisation_the_file_names_is_suggested(tmp_path: Path) -> None:
    """CB17 is the file's organisation by name and one key from CB07; CB70, as near, is not."""
    message = unknown_message(
        tmp_path,
        org("CB70", "Chi bộ Tổ dân phố số 70"),
        org("CB17", NAME),
    )
    assert "(có phải “CB17”?)" in message


def test_the_organisation_the_file_names_under_another_code_is_not_guessed(tmp_path: Path) -> None:
    """The name alone is no slip of the code: "HD45" is not what "CB07" was meant to be typed as."""
    message = unknown_message(tmp_path, org("HD45", NAME), org("CB08", "Chi bộ Tổ dân phố số 8"))
    assert "có phải" not in message
    # But that the registry has the file's organisation under another code is said, as a fact
    # (a code changed between two runs, or typed from another list).
    assert message == (
        "Mục “Mã tổ chức” (sheet “Thông tin”, ô B1): Mã tổ chức “CB07” không có trong danh mục tổ chức "
        "của phường (danh mục có tổ chức “Chi bộ Tổ dân phố số 7” với mã “HD45”). Hãy dùng đúng mã do "
        "Đảng ủy phường cấp."
    )


def test_two_codes_as_near_of_one_name_are_not_guessed_between(tmp_path: Path) -> None:
    message = unknown_message(tmp_path, org("CB17", NAME), org("CB09", NAME))
    assert "có phải" not in message and "danh mục có tổ chức" not in message
