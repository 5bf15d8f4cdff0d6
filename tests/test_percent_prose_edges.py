"""Prose shares at the edges of a huge ward or roll-up (hunt253): a share above 0 that rounds to
0,00% or one below 100% that rounds to 100,00% is never printed as "0%" or "100%"."""

from __future__ import annotations

from toolkit.core import vnformat
from toolkit.outputs.report import _change_words
from toolkit.stats.shares import Share, round_together


def test_a_tiny_share_is_below_a_hundredth_not_zero() -> None:
    assert vnformat.percent_prose(1 / 30_000) == "dưới 0,01%"
    assert vnformat.percent_prose(0.0) == "0%"
    assert vnformat.percent_prose(1 / 10_000) == "0,01%"


def test_a_share_just_short_of_the_whole_is_above_99_99_not_100() -> None:
    assert vnformat.percent_prose(29_999 / 30_000) == "trên 99,99%"
    assert vnformat.percent_prose(1.0) == "100%"
    assert vnformat.percent_prose(0.9999) == "99,99%"


def test_shares_rounded_with_their_whole_keep_the_words() -> None:
    # One member of 30.000 in one part: rounded together the part prints 0,00% and the other
    # 100,00%, neither of which prose may say.
    small, large = round_together([Share(1, 30_000, "members.total"), Share(29_999, 30_000, "members.total")])
    assert vnformat.percent(small) == "0,00%"  # the table keeps its two decimals
    assert (vnformat.percent_prose(small), vnformat.percent_prose(large)) == ("dưới 0,01%", "trên 99,99%")


def test_a_change_of_a_few_members_in_a_huge_roll_up_is_not_zero_percent() -> None:
    assert _change_words(100_003, 100_000) == "tăng 03 đồng chí (dưới 0,01%)"
    assert _change_words(39_990, 40_000) == "giảm 10 đồng chí (0,03%)"


def test_a_share_just_above_the_whole_is_above_100_not_100() -> None:
    """review256: a target of 30.000 exceeded by one member was "vượt chỉ tiêu …, đạt 100%"."""
    assert vnformat.percent_prose(30_001 / 30_000) == "trên 100%"
    assert vnformat.percent_prose(Share(30_001, 30_000, "targets.2026")) == "trên 100%"
    assert vnformat.percent_prose(1.0001) == "100,01%"
    assert vnformat.percent_prose(1.5) == "150%"
