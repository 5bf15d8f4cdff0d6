"""A summary holding a value that is no number (NaN, Infinity, an integer longer than Python
converts) is refused in Vietnamese, naming the value and where it is: the refusal said the
parser's English ("JSON constant NaN", "Exceeds the limit (4300 digits) for integer string
conversion …; use sys.set_int_max_str_digits() …"), and no key (hunt378 F1). Every reader of a
summary says it so (`rollup`, `history import`, `report`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.core.errors import SummaryError
from toolkit.io.summary import parse_loosely, parse_summary

HEAD = '{"ward_name": "Phường Én", "cutoff_date": "2025-03-31", "period_start": "2020-01-01", '
CASES = {
    # kind: (text, what the refusal says after the file's name)
    "nan": (
        HEAD + '"indicators": {"members.total": NaN}}',
        "ghi NaN (không phải một số) ở chỉ tiêu tổng số đảng viên (members.total).",
    ),
    "infinity": (
        HEAD
        + '"indicators": {"members.total": 5}, '
        + '"previous": {"indicators": {"members.gender.female": -Infinity}}}',
        "ghi -Infinity (không phải một số) ở chỉ tiêu số đảng viên nữ (members.gender.female) "
        "của số liệu cùng kỳ năm trước.",
    ),
    "long_int": (
        HEAD + '"indicators": {"members.total": 1}, "organisations": [{"org_code": ' + "9" * 5000 + "}]}",
        "ghi một số nguyên 5.000 chữ số (quá lớn, không chỉ tiêu nào lớn như vậy) ở mục organisations › 1 › "
        "org_code.",
    ),
    "bare": ("NaN", "ghi NaN (không phải một số). Tệp có thể"),
    "unnamed_id": (HEAD + '"indicators": {"x.y": NaN}}', "ghi NaN (không phải một số) ở chỉ tiêu x.y."),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_value_that_is_no_number_is_refused_in_vietnamese_where_it_is(kind: str) -> None:
    text, said = CASES[kind]
    with pytest.raises(SummaryError) as caught:
        parse_summary(text, "x.json")
    message = caught.value.message_vi
    assert message.startswith(f"Tệp “x.json” {said}"), message
    assert "JSON constant" not in message and "Exceeds" not in message and "sys." not in message


def test_read_loosely_a_summary_keeps_its_ward_and_drops_the_value() -> None:
    """What a roll-up tells the ward of such a file by (`summary_shaped`, its `ward_name`)."""
    data = parse_loosely(CASES["nan"][0])
    assert data["ward_name"] == "Phường Én" and data["indicators"] == {"members.total": None}
    assert parse_loosely('{"a": ') is None


@pytest.mark.parametrize("kind", ["nan", "long_int"])
def test_history_import_says_it_so(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(CASES[kind][0], encoding="utf-8")
    result = CliRunner().invoke(
        main, ["history", "import", str(path), "--history", str(tmp_path / "h.sqlite")]
    )
    assert result.exit_code == 2, result.output
    assert (
        CASES[kind][1] in result.output
        and "JSON constant" not in result.output
        and "Exceeds" not in result.output
    )
