"""Vietnamese number and date formatting (toolkit.core.vnformat)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from toolkit.cli import main
from toolkit.core import vnformat
from toolkit.stats.shares import Share


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1.000"),
        (4216, "4.216"),
        (51522, "51.522"),
        (1234567, "1.234.567"),
        (-1500, "-1.500"),
        (4216.0, "4.216"),
    ],
)
def test_number_uses_dot_thousands(n: int | float, text: str) -> None:
    assert vnformat.number(n) == text


def test_number_refuses_fractions_instead_of_truncating_them() -> None:
    with pytest.raises(ValueError):
        vnformat.number(49.6)


@pytest.mark.parametrize(
    ("x", "places", "text"),
    [
        (62.25, 2, "62,25"),
        (49.6, 1, "49,6"),
        (1234.5, 1, "1.234,5"),
        (6.51, 2, "6,51"),
        (3, 0, "3"),
        (0.125, 2, "0,13"),
        (2.675, 2, "2,68"),
        (-0.5, 1, "-0,5"),
    ],
)
def test_decimal_uses_comma_and_rounds_half_up(x: float, places: int, text: str) -> None:
    assert vnformat.decimal(x, places) == text


def test_decimal_prints_every_digit_of_a_number_longer_than_the_default_precision() -> None:
    """28 digits is `decimal`'s default precision: a larger figure (a damaged summary's count,
    a rate over such a count) is printed whole, never a decimal.InvalidOperation."""
    assert vnformat.decimal(10**30, 2) == "1" + ".000" * 10 + ",00"
    assert vnformat.decimal(-(10**30) - 5, 0) == "-1" + ".000" * 9 + ".005"
    assert vnformat.decimal(1e308, 1) == "100" + ".000" * 102 + ",0"
    assert vnformat.percent(10.0**40) == "1" + ".000" * 14 + ",00%"


@pytest.mark.parametrize(
    ("fraction", "text"),
    [
        (0.6225, "62,25%"),
        (1.0, "100,00%"),
        (0.057, "5,70%"),
        (15 / 113, "13,27%"),
        (0.0, "0,00%"),
        (0.00125, "0,13%"),
    ],
)
def test_percent_always_has_two_decimals(fraction: float, text: str) -> None:
    assert vnformat.percent(fraction) == text


def test_percent_of_a_share_uses_its_numerator_and_base() -> None:
    assert vnformat.percent(Share(2624, 4216, "members.total")) == "62,24%"
    assert vnformat.percent(Share(15, 113, "targets.2026"), places=1) == "13,3%"


def test_percent_of_a_share_on_an_empty_base_is_refused() -> None:
    with pytest.raises(ValueError):
        vnformat.percent(Share(0, 0, "members.total"))


@pytest.mark.parametrize(
    ("n", "text"), [(0, "0"), (1, "01"), (2, "02"), (9, "09"), (10, "10"), (4216, "4.216")]
)
def test_count_pads_one_to_nine_with_a_zero(n: int, text: str) -> None:
    assert vnformat.count(n) == text


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (dt.date(2026, 3, 31), "31/3/2026"),
        (dt.date(2025, 7, 1), "01/7/2025"),
        (dt.date(2019, 1, 21), "21/01/2019"),
        (dt.date(2018, 2, 2), "02/02/2018"),
        (dt.date(2025, 12, 31), "31/12/2025"),
        ("2026-03-31", "31/3/2026"),
    ],
)
def test_date_follows_the_administrative_style(d: dt.date | str, text: str) -> None:
    assert vnformat.date(d) == text


@pytest.mark.parametrize(
    ("q", "text"), [(1, "quý I/2026"), (2, "quý II/2026"), (3, "quý III/2026"), (4, "quý IV/2026")]
)
def test_quarter_uses_roman_numerals(q: int, text: str) -> None:
    assert vnformat.quarter(q, 2026) == text


@pytest.mark.parametrize(
    ("q", "start", "text"),
    [
        (1, dt.date(2026, 1, 1), "quý I/2026"),
        (1, dt.date(2020, 1, 1), "quý I/2026"),
        (1, dt.date(2026, 1, 2), "quý I/2026 (từ ngày 02/01/2026)"),
        (1, dt.date(2026, 2, 1), "quý I/2026 (từ ngày 01/02/2026)"),
        (1, dt.date(2026, 3, 31), "quý I/2026 (từ ngày 31/3/2026)"),
        (1, dt.date(2026, 4, 1), None),
        (2, dt.date(2026, 4, 1), "quý II/2026"),
        (2, dt.date(2026, 6, 30), "quý II/2026 (từ ngày 30/6/2026)"),
        (3, dt.date(2026, 7, 1), "quý III/2026"),
        (4, dt.date(2026, 10, 2), "quý IV/2026 (từ ngày 02/10/2026)"),
        (4, dt.date(2026, 12, 31), "quý IV/2026 (từ ngày 31/12/2026)"),
        (4, dt.date(2027, 1, 1), None),
    ],
)
def test_a_quarter_says_from_when_a_count_starting_inside_it_runs(
    q: int, start: dt.date, text: str | None
) -> None:
    assert vnformat.quarter_since(q, 2026, start) == text


def test_the_last_quarter_of_the_calendar_is_named() -> None:
    """A cut-off typed in year 9999 (a slip) reaches the report's quarters: its fourth quarter
    has no next year to end before, and the run stopped with an unexpected error."""
    assert vnformat.quarter_since(4, 9999, dt.date(9999, 1, 1)) == "quý IV/9999"
    assert vnformat.quarter_since(4, 9999, dt.date(9999, 12, 31)) == "quý IV/9999 (từ ngày 31/12/9999)"


@pytest.mark.parametrize("command", ["consolidate", "validate"])
def test_a_cut_off_in_year_9999_is_refused_before_anything_is_read(tmp_path: Path, command: str) -> None:
    """A cut-off in year 9999 (a slip) went on to the figures, whose nanosecond calendar ends
    in 2262: `validate` said "Năm 2024 nằm ngoài kỳ số liệu (2020–1816)". Refused, in words."""
    from helpers_validate import write

    folder = tmp_path / "nop"
    folder.mkdir()
    write(folder)
    out = tmp_path / "kq.xlsx"
    extra = ["--ward-name", "Phường Mẫu", "-o", str(out), "--no-history"] if command == "consolidate" else []
    done = CliRunner().invoke(main, [command, str(folder), "--cutoff", "31/12/9999", *extra])
    assert done.exit_code == 2, done.output
    assert done.output.startswith(
        "Lỗi: --cutoff: “31/12/9999”: ngày 31/12/9999 nằm ngoài khoảng ngày biểu mẫu nhận "
        "(01/01/1900–31/12/2100); hãy kiểm tra lại năm."
    ), done.output
    assert "1816" not in done.output and not out.exists()
    for since in ("31/12/1899", "01/01/2101") if command == "consolidate" else ():
        early = CliRunner().invoke(
            main, [command, str(folder), "--cutoff", "31/03/2026", "--since", since, *extra]
        )
        assert early.exit_code == 2 and "nằm ngoài khoảng ngày biểu mẫu nhận" in early.output, early.output


def test_quarter_outside_one_to_four_is_refused() -> None:
    with pytest.raises(ValueError):
        vnformat.quarter(5, 2026)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_number_round_trips(n: int) -> None:
    assert int(vnformat.number(n).replace(".", "")) == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_percent_reads_back_within_half_a_unit_of_the_last_place(num: int, base: int) -> None:
    text = vnformat.percent(num / base)
    value = float(text.rstrip("%").replace(".", "").replace(",", "."))
    assert abs(value - 100 * num / base) <= 0.005 + 1e-9


@pytest.mark.parametrize(
    ("stored", "text"),
    [
        ("2026-11-30T18:45:32", "30/11/2026 18:45"),
        ("2026-02-03T07:05:00", "03/02/2026 07:05"),  # January and February keep their zero
        ("2026-04-02T09:00:00+07:00", "02/4/2026 09:00"),  # the time as written, never converted
        (None, "?"),
        ("", "?"),
        ("hôm qua", "hôm qua"),  # not a date-time: shown as it is
    ],
)
def test_date_time_as_an_office_reads_it(stored: str | None, text: str) -> None:
    assert vnformat.date_time(stored) == text


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (dt.date(2026, 3, 31), "31/03/2026"),
        (dt.date(1905, 7, 18), "18/07/1905"),
        ("2026-11-05", "05/11/2026"),
    ],
)
def test_a_message_date_has_two_digit_days_and_months(d: dt.date | str, text: str) -> None:
    """hunt133 #5: a status line said “31/3/2026” (`date`) beside the messages' “31/03/2026”."""
    assert vnformat.message_date(d) == text
    assert vnformat.date_time("2026-04-02T09:00:00", message=True) == "02/04/2026 09:00"
