"""Unique test names without digits: a name with a digit is `member.name_odd` (a person's
name never has one), so generated people are numbered in words."""

from __future__ import annotations

_DIGITS = ("Không", "Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín")


def spelled(number: int | str) -> str:
    """12 → "Một Hai"; "CB08" → "CB Không Tám" (each digit a capitalised word)."""
    words: list[str] = []
    for part in str(number):
        if part.isdigit():
            words.append(_DIGITS[int(part)])
        elif words and words[-1] not in _DIGITS:
            words[-1] += part
        else:
            words.append(part)
    return " ".join(words)
