"""Write `toolkit/core/vn_days_off.py`: Vietnam's weekday days off for 2000–2060.

    uv run python -m tools.vn_days_off_gen

The days come from the `holidays` package (vacanza), a development dependency pinned in
pyproject.toml: it computes the statutory lunar holidays (Tết Nguyên Đán, Giỗ Tổ Hùng Vương),
the weekday a holiday falling on a weekend is taken on, and the days off the government swapped.
The toolkit does not import it at run time (its package init loads every country: 0.5–0.75 s a
run); it reads the generated table. `tests/test_dates.py` regenerates the table in memory and
compares it with the committed file, so a new `holidays` version or a hand edit fails there:
bump the pin, run this script, review the diff of the table and commit both.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

FIRST_YEAR = 2000
LAST_YEAR = 2060
TARGET = Path(__file__).resolve().parent.parent / "toolkit" / "core" / "vn_days_off.py"

_PER_LINE = 7  # ISO dates on one line of the table: 4 + 7 * 14 characters, under ruff's 110


def days_off(year: int) -> tuple[dt.date, ...]:
    """The days of ``year`` that `holidays.country_holidays("VN")` lists and that fall on a
    weekday (Monday to Friday), sorted."""
    import holidays

    found = sorted(d for d in holidays.country_holidays("VN", years=year) if d.weekday() < 5)
    assert all(d.year == year for d in found), (year, found)
    return tuple(found)


def render() -> str:
    """The text of `toolkit/core/vn_days_off.py`."""
    import holidays

    lines = [
        '"""Vietnam\'s public holidays on weekdays (days off), 2000–2060: generated data, do not edit.',
        "",
        "Made by `uv run python -m tools.vn_days_off_gen` from the `holidays` package (vacanza),",
        f"version {holidays.__version__}: for each year, the days of",
        '`holidays.country_holidays("VN", years=year)` that fall on Monday to Friday (Bộ luật Lao',
        "động 2019, Điều 112: 1/1, Tết Nguyên Đán, Giỗ Tổ Hùng Vương, 30/4, 1/5, 2/9 and the day next",
        "to it, 24/11, each from the year the package dates it; the weekday a holiday on a weekend is",
        "taken on; the swapped days off the package lists). Read by",
        "`toolkit.core.dates.vietnam_days_off`; `tests/test_dates.py` checks it against the package.",
        '"""',
        "",
        f"FIRST_YEAR = {FIRST_YEAR}",
        f"LAST_YEAR = {LAST_YEAR}",
        "",
        "# One year per group of lines, ISO dates (YYYY-MM-DD), sorted.",
        "# fmt: off",
        "DAYS_OFF: tuple[str, ...] = (",
    ]
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        texts = [f'"{d.isoformat()}",' for d in days_off(year)]
        for start in range(0, len(texts), _PER_LINE):
            lines.append("    " + " ".join(texts[start : start + _PER_LINE]))
    lines += [")", "# fmt: on", ""]
    return "\n".join(lines)


def main() -> None:
    TARGET.write_text(render(), encoding="utf-8", newline="\n")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
