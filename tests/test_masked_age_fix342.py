"""An age message without personal data read "đảng viên đã [đã ẩn] tuổi (sinh [đã ẩn]), quá 110
tuổi" (fix342): the masked age left its own words around a hole. Masked, the message now says
the age the member is over, the rule's limit (nobody's), and drops the age and the birth date:
the age is masked at all because with the cut-off it gives the birth year away. With personal
data, the message is as before. A real workbook of the template read by `validate` shows it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_validate import clean_members, write

from toolkit.cli import main
from toolkit.core.rules import HIDDEN, RULE_PERSONAL_PARAMS, RULES, make_issue

AGES = [
    (
        "member.age_implausible",
        {"value": "04/06/1910", "cutoff": "31/03/2026", "age": 115, "limit": 110},
        "Đến ngày chốt 31/03/2026 đảng viên đã quá 110 tuổi. Hãy kiểm tra lại năm sinh.",
    ),
    (
        "member.age_impossible",
        {"value": "01/03/1905", "cutoff": "31/03/2026", "age": 121, "limit": 120},
        "Đến ngày chốt 31/03/2026 đảng viên đã quá 120 tuổi, cao hơn tuổi của bất kỳ người nào đang sống.",
    ),
    (
        "event.age_impossible",
        {"value": "01/07/1904", "when": "ngày từ trần ", "date": "15/07/2025", "age": 121, "limit": 120},
        f"Đến ngày từ trần {HIDDEN} người này đã quá 120 tuổi, cao hơn tuổi của bất kỳ người nào đang sống.",
    ),
]


@pytest.mark.parametrize(("code", "params", "said"), AGES, ids=[a[0] for a in AGES])
def test_a_masked_age_message_says_the_limit_without_a_hole(code: str, params: dict, said: str) -> None:
    issue = make_issue(code, file="a.xlsx", sheet="Đảng viên", cell="E3", **params)
    assert f"đã {params['age']} tuổi (sinh {params['value']})" in issue.message  # as before
    hidden = issue.without_personal_data().message
    assert said in hidden, hidden
    assert f"{HIDDEN} tuổi" not in hidden and "sinh [" not in hidden, hidden
    assert str(params["age"]) not in hidden and params["value"] not in hidden, hidden


def test_a_masked_template_uses_only_its_rule_s_parameters() -> None:
    from toolkit.core.rules import MASKED_TEMPLATES

    for code, template in MASKED_TEMPLATES.items():
        assert set(re.findall(r"\{(\w+)", template)) <= set(re.findall(r"\{(\w+)", RULES[code].template))


def test_validate_without_personal_data_says_the_age_band_of_a_real_file(tmp_path: Path) -> None:
    """A member born 04/06/1910 in a real workbook of the template: the line of `validate`
    (without personal data, the default) reads whole."""
    members = clean_members()
    members[1].update(birth_date=dt.date(1910, 6, 4))
    path = write(tmp_path, members=members)
    done = CliRunner().invoke(main, ["validate", str(path), "--cutoff", "31/03/2026"])
    line = next(line for line in done.output.splitlines() if "member.age_implausible" in line)
    assert "Đến ngày chốt 31/03/2026 đảng viên đã quá 110 tuổi. Hãy kiểm tra lại năm sinh." in line, line
    assert f"{HIDDEN} tuổi" not in line and "1910" not in line, line


def _filled(code: str) -> dict[str, object]:
    """Every parameter of `code`'s template given a value that reads like one."""
    sample = {"age": 57, "limit": 60, "cutoff": "31/03/2026", "value": "01/01/1920", "birth": "01/01/1951"}
    sample |= {
        "admission": "02/09/2015",
        "when": "ngày chốt ",
        "date": "",
        "gender": "Nam",
        "reason": "Tuổi cao",
    }
    names = set(re.findall(r"\{(\w+)", RULES[code].template))
    return {name: sample.get(name, "x") for name in names}


AGE_RULES = sorted(code for code, params in RULE_PERSONAL_PARAMS.items() if params.get("age") == HIDDEN)


@pytest.mark.parametrize("code", AGE_RULES)
def test_no_masked_age_message_leaves_a_hole_where_the_age_was(code: str) -> None:
    """Every rule whose age is masked (the age rules above, and the admission, Youth Union and
    exemption ages) reads whole without personal data: no "[đã ẩn] tuổi", "khi đã [đã ẩn]",
    "mới [đã ẩn]" or "(sinh [đã ẩn])" (lead, after fix342 listed the last four)."""
    issue = make_issue(code, file="a.xlsx", sheet="Đảng viên", cell="E3", **_filled(code))
    hidden = issue.without_personal_data().message
    for hole in (f"{HIDDEN} tuổi", f"đã {HIDDEN}", f"mới {HIDDEN}", f"(sinh {HIDDEN})", f"({HIDDEN}, cần"):
        assert hole not in hidden, hidden
    assert "57" not in hidden and "1951" not in hidden, hidden
