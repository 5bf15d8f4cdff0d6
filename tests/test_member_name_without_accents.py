"""A member typed once with accents and once without them (“Phạm Quỳnh Hậu”, “Pham Quynh Hau”),
of one birth date, the card cell empty, in one file or in the files of two chi bộ of the ward:
a person is one by name and birth date, and another tone is another name, so the duplicate
checks saw two people and the member was counted twice without a word (hunt72 #1). Now the row
lacking accents is `member.name_without_accents`, a warning naming the other row, once a row;
nothing is merged, and the forms and the report count it among the pairs of rows counted as two
people (`name_accent_pairs`)."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from helpers_validate import clean_info, clean_members, codes, member, only, run, write

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.rules import RULES
from toolkit.forms.tables import FORMS
from toolkit.sample.rows import OrgRows, Period, number_rows

CODE = "member.name_without_accents"


def _unaccented(name: str) -> str:
    plain = name.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", plain) if not unicodedata.combining(c))


def _again(row: dict[str, Any], name: str, row_no: int) -> dict[str, Any]:
    """`row` typed again under `name`, without its card number."""
    return {**row, "row_no": row_no, "full_name": name, "card_no": None}


def test_a_member_typed_again_without_accents_in_the_file_is_said_once(tmp_path: Path) -> None:
    huong = clean_members()[1]  # Trần Thị Hường, row 3
    path = write(tmp_path, members=[*clean_members(), _again(huong, "Tran Thi Huong", 6)])
    result = run(path)
    issue = only(result.issues, CODE)
    assert RULES[CODE].severity == "warning"
    assert (issue.sheet, issue.cell) == ("Đảng viên", "B7")
    assert "“Tran Thi Huong”, sinh 03/11/1982, và “Trần Thị Hường” ở dòng 3, cùng ngày sinh" in issue.message
    assert "member.duplicate" not in codes(result.issues)
    # Without personal data neither name is shown; the other row is.
    masked = issue.without_personal_data().message
    assert "Huong" not in masked and "Hường" not in masked and "dòng 3" in masked


def test_partly_accented_or_another_tone_is_said_and_the_same_name_is_not(tmp_path: Path) -> None:
    thuy = member(full_name="Nguyễn Thị Thủy", birth_date=dt.date(1985, 6, 7), gender="female", card_no="X1")
    rows = [*clean_members(), {**thuy, "row_no": 6}]
    cases = {
        "partly": (_again(thuy, "Nguyễn Thi Thuy", 7), ["B8"]),
        # Another tone: maybe another name, maybe a slip; said neutrally (hunt78 #2).
        "tone": (_again(thuy, "Nguyễn Thị Thụy", 7), ["B8"]),
        "tone_unaccented_elsewhere": (_again(thuy, "Nguyen Thi Thuy", 7), ["B8"]),
    }
    for name, (extra, cells) in cases.items():
        (tmp_path / name).mkdir()
        result = run(write(tmp_path / name, members=[*rows, extra]))
        assert [i.cell for i in result.issues if i.code == CODE] == cells, name
    # Typed twice with its accents, it is the error it always was, not this warning.
    (tmp_path / "same").mkdir()
    found = codes(run(write(tmp_path / "same", members=[*rows, _again(thuy, thuy["full_name"], 7)])).issues)
    assert "member.duplicate" in found and CODE not in found


def _org(folder: Path, name: str, code: str, rows: list[dict[str, Any]]) -> Path:
    others = [
        member(
            row_no=n + 1,
            full_name=f"Người {code} {n}",
            birth_date=dt.date(1970 + n, 1, 1),
            card_no=f"{code}-{n}",
        )
        for n in range(1, 4)
    ]
    return write(folder, name, info=clean_info(org_code=code), members=[*others, *rows], events=[], years=[])


def test_a_member_of_another_chi_bo_typed_without_accents_is_said_at_that_row(tmp_path: Path) -> None:
    hau = member(full_name="Phạm Quỳnh Hậu", birth_date=dt.date(1982, 5, 2), gender="female", card_no="A1")
    a = _org(tmp_path, "a.xlsx", "CB07", [{**hau, "row_no": 4}])
    b = _org(tmp_path, "b.xlsx", "CB08", [_again(hau, "Pham Quynh Hau", 4)])
    result = run(a, b)
    issue = only(result.issues, CODE)
    assert (issue.file, issue.cell) == ("b.xlsx", "B5")
    assert "và “Phạm Quỳnh Hậu” ở dòng 5 của tệp a.xlsx, cùng ngày sinh" in issue.message
    assert "member.duplicate_other_file" not in codes(result.issues)
    # Its own file's row is named first, and the row is said once.
    (tmp_path / "both").mkdir()
    b2 = _org(tmp_path / "both", "b.xlsx", "CB08", [{**hau, "row_no": 4}, _again(hau, "Pham Quynh Hau", 5)])
    issue = only(run(a, b2).issues, CODE)
    assert (issue.file, issue.cell) == ("b.xlsx", "B6") and "ở dòng 5," in issue.message
    # Two files of one organisation are one submission sent twice: not compared.
    (tmp_path / "one_org").mkdir()
    again = _org(tmp_path / "one_org", "a2.xlsx", "CB07", [_again(hau, "Pham Quynh Hau", 4)])
    assert CODE not in codes(run(a, again).issues)


PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))


def test_the_pair_is_counted_in_the_summary_and_said_under_the_forms(tmp_path: Path) -> None:
    """Consolidated through the CLI: the JSON's `name_accent_pairs` counts the pair and every
    form's notes say it, naming the rows by their words, not by this code."""
    orgs = sample_orgs(41, [10, 8], PERIOD, prefix="H")
    first = next(m for m in orgs[0].members if _unaccented(m["full_name"]) != m["full_name"])
    twice = {**first, "full_name": _unaccented(first["full_name"]), "card_no": None}
    second = orgs[1]
    orgs[1] = OrgRows(
        second.info, number_rows([*second.members, twice]), second.events, second.years, second.organisation
    )
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    out = tmp_path / "out.xlsx"
    args = [
        "consolidate",
        str(folder),
        "--cutoff",
        "2026-03-31",
        "-o",
        str(out),
        "--json",
        str(tmp_path / "c.json"),
    ]
    result = CliRunner().invoke(main, [*args, "--no-history"])
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert [i["code"] for i in doc["issues"]].count(CODE) == 1
    assert doc["name_accent_pairs"] == 1
    note = "1 cặp dòng có họ tên chỉ khác nhau ở dấu (cùng ngày sinh) được tính là hai người"
    wb = openpyxl.load_workbook(out)
    for form in FORMS:
        texts = [str(c.value) for c in wb[form.sheet_name]["A"] if isinstance(c.value, str)]
        said = [t for t in texts if note in t]
        assert len(said) == 1 and "“chỉ khác nhau ở dấu”" in said[0], form.sheet_name
        assert CODE not in said[0]  # the forms go up: the rows by their words (hunt103 #2)


def test_the_accentless_key_groups_every_vietnamese_letter_with_its_base() -> None:
    """`_accent_pairs` finds candidates by `vocab.accentless_key` (a translate table) and
    confirms them by `vocab.lacks_accents`: every letter with fewer marks than another must
    share its key, or the pair is never looked at."""
    import itertools
    import unicodedata

    from toolkit.core import vocab

    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones} | {"d", "đ"}
    assert len(letters) == 74
    for a, b in itertools.product(letters, repeat=2):
        if vocab.lacks_accents(a, b):
            assert vocab.accentless_key(a) == vocab.accentless_key(b), (a, b)
    assert {vocab.accentless_key(x) for x in letters} == set("aeiouyd")
    assert vocab.accentless_key("nguyễn thị thủy") == "nguyen thi thuy"


def test_two_members_whose_names_differ_by_a_tone_are_said_neutrally(tmp_path: Path) -> None:
    """(hunt74 #2, changed by hunt78 #5) Lê Thị Hoa and Lê Thị Hòa, Nguyễn Văn Nam and Nguyễn
    Văn Năm, born the same day: both may be valid names, or one person typed twice. Said once a
    pair, at the later row, quoting both spellings, with what to do either way (twins: nothing),
    never that this row "lacks accents"."""
    born = dt.date(1980, 3, 15)
    rows = clean_members()
    pairs = [
        ("Lê Thị Hoa", "Lê Thị Hòa"),
        ("Nguyễn Văn Nam", "Nguyễn Văn Năm"),
        ("Trần Văn Tam", "Trần Văn Tâm"),
    ]
    extra = [
        {**rows[0], "row_no": 6 + n, "full_name": name, "birth_date": born, "card_no": f"0888{n:04d}"}
        for n, name in enumerate(name for pair in pairs for name in pair)
    ]
    issues = [i for i in run(write(tmp_path, members=[*rows, *extra])).issues if i.code == CODE]
    assert [i.cell for i in issues] == ["B8", "B10", "B12"]
    tam = issues[2].message
    assert "“Trần Văn Tâm”, sinh 15/03/1980, và “Trần Văn Tam” ở dòng 11" in tam, tam
    assert (
        "thiếu dấu" not in tam
        and "Nếu là hai người khác nhau (ví dụ anh chị em sinh đôi), không cần sửa" in tam
    )
