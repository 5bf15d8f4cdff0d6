"""Message wording left over from hunt279 (N6, N4, N2), read from real workbooks written
through the template and typed over as a secretary types them."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_validate import only, run, typed, write

from toolkit.core import layout

M = layout.SHEET_MEMBERS


# --- N6: a signed or decimal number is no code of a list --------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("ethnicity", "-5"),  # typed as text
        ("ethnicity", -5),  # a number cell
        ("ethnicity", "+5"),
        ("ethnicity", "\u22125"),  # the minus sign of a pasted text
        ("ethnicity", 5.5),
        ("ethnicity", "5,0"),
        ("working_away", "-1"),
        ("working_away", -1),
        ("ethnicity", "-5,5"),
    ],
)
def test_a_signed_or_decimal_number_is_refused_as_a_value_not_in_the_list(
    tmp_path: Path, key: str, value: object
) -> None:
    """The looser matching took the sign for a hyphen and dropped it: “-5” was read as code 05
    (Khơ-me), “-1” as Có (hunt279 N6). Such a number is refused as any unknown value is."""
    cell = layout.MEMBERS.cell(key, 2)
    issues = run(typed(write(tmp_path), M, {cell: value})).issues
    assert not [i for i in issues if i.code == "norm.category"], [i.message for i in issues]
    issue = only(issues, "member.not_allowed")
    assert issue.cell == cell
    assert "không có trong danh sách" in issue.message


@pytest.mark.parametrize(("value", "label"), [(5, "Khơ-me"), ("05", "Khơ-me"), ("1", "Kinh")])
def test_the_official_ethnic_code_is_still_read(tmp_path: Path, value: object, label: str) -> None:
    """The statistics office's code, typed or as a number Excel keeps without its zero."""
    cell = layout.MEMBERS.cell("ethnicity", 2)
    issues = run(typed(write(tmp_path), M, {cell: value})).issues
    assert not [i for i in issues if i.code == "member.not_allowed"]
    assert f"là \u201c{label}\u201d" in only(issues, "norm.category").message


# --- N2: a long list of other files names whole files and says how many more ------------------

FILES = 20


def _ward(tmp_path: Path, same_person: bool) -> list[Path]:
    """`FILES` organisations' files, each with a member of card 01234567: one person in all
    (`same_person`) or a different person in each (a placeholder card typed everywhere)."""
    from helpers_validate import clean_info, member

    paths = []
    for n in range(1, FILES + 1):
        code = f"CB{n:02d}"
        name = "Nguyễn Văn An" if same_person else f"Nguyễn Văn An {chr(0x40 + n)}"
        row = member(full_name=name, card_no="01234567")
        info = clean_info(org_code=code, org_name=f"Chi bộ Tổ dân phố số {n}")
        folder = tmp_path / code
        folder.mkdir()
        paths.append(
            write(folder, f"{code}_chi_bo_to_dan_pho_so_{n}_nop_lan_hai.xlsx", info=info, members=[row])
        )
    return paths


@pytest.mark.parametrize(
    ("same_person", "code"),
    [
        (False, "member.duplicate_card"),
        (True, "member.duplicate_other_file"),
        (False, "event.duplicate_other_file"),  # every file records the same admission
    ],
)
def test_a_card_shared_by_twenty_files_names_whole_files_and_the_rest_counted(
    tmp_path: Path, same_person: bool, code: str
) -> None:
    """Joined whole and cut at `MAX_PARAM_CHARS`, the list ended inside a file name with
    “… (+13.143 ký tự)” (hunt279 N2): the first files are named whole, then how many more."""
    paths = _ward(tmp_path, same_person)
    issues = [
        i for i in run(*paths).issues if i.code == code and i.file == paths[0].name and i.cell in ("B2", "G2")
    ]
    assert len(issues) == 1, [i.message for i in issues]
    message = issues[0].message
    assert "ký tự)" not in message, message
    assert message.count("_nop_lan_hai.xlsx (dòng 2)") == 5, message
    assert f" và {FILES - 1 - 5} tệp khác" in message, message
    for n in range(2, 7):  # the first five other files, whole
        assert f"CB{n:02d}_chi_bo_to_dan_pho_so_{n}_nop_lan_hai.xlsx (dòng 2)" in message


# --- N1: a number cell is quoted as a Vietnamese Excel shows it -------------------------------


@pytest.mark.parametrize(
    ("sheet", "cell", "code", "value", "said"),
    [
        (
            M,
            layout.MEMBERS.cell("religion", 2),
            "member.not_allowed",
            12.5,
            "“12,5” không có trong danh sách",
        ),
        (M, layout.MEMBERS.cell("row_no", 2), "member.not_integer", 1e20, "“1E+20” không phải số nguyên"),
        (M, layout.MEMBERS.cell("birth_date", 2), "member.bad_date", 1e20, "“1E+20”: không phải ngày"),
        (
            layout.SHEET_YEARS,
            layout.YEARS.cell("rated_good", 2),
            "year.not_integer",
            1.5,
            "“1,5” có phần lẻ, nhưng số người là số nguyên",
        ),
        (
            layout.SHEET_YEARS,
            layout.YEARS.cell("rated_good", 2),
            "year.not_integer",
            1e20,
            "“1E+20” là số quá lớn",
        ),
        (
            layout.SHEET_INFO,
            layout.INFO.cell("org_tier"),
            "info.not_allowed",
            0.5,
            "“0,5” không có trong danh sách",
        ),
        # A text is quoted exactly as typed, its dot kept.
        (
            M,
            layout.MEMBERS.cell("religion", 2),
            "member.not_allowed",
            "12.5",
            "“12.5” không có trong danh sách",
        ),
    ],
)
def test_a_number_cell_is_quoted_with_a_decimal_comma_and_a_capital_e(
    tmp_path: Path, sheet: str, cell: str, code: str, value: object, said: str
) -> None:
    """A Vietnamese Excel shows 12,5 and 1E+20; the messages said “12.5” (which the checks call
    ambiguous when typed) and Python's “1e+20” (hunt279 N1)."""
    issue = only(run(typed(write(tmp_path), sheet, {cell: value})).issues, code)
    assert issue.cell == cell
    assert said in issue.message, issue.message
    assert issue.value == said.split("\u201d")[0].removeprefix("\u201c")  # `Giá trị` in `Kiểm tra`
