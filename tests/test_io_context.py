"""A refused file is a domain error like any other: one base, a code, a Vietnamese message."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.core.errors import WardStatsError, user_message
from toolkit.io import package
from toolkit.io.context import ReadContext, Refused


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4096, "file.xls"),
        (b"%PDF-1.4 ...", "file.format"),
        (b"PK\x03\x04 truncated zip", "file.truncated"),
    ],
)
def test_refusal_is_a_ward_stats_error_with_the_issue_code(content: bytes, code: str) -> None:
    ctx = ReadContext(file="x.xlsx")
    with pytest.raises(WardStatsError) as caught:
        package.open_package(content, Path("x.xlsx"), ctx)
    refused = caught.value
    assert isinstance(refused, Refused)
    assert (refused.code, refused.issue.code) == ("error.file_refused", code)
    assert refused.issues == [refused.issue] and refused.issue.file == "x.xlsx"
    assert refused.message_vi == refused.issue.message == user_message(refused)
    assert ctx.issues == []  # the refusal is the caller's to record, not the context's


def test_each_refusal_carries_its_own_issue() -> None:
    ctx = ReadContext(file="a.xlsx")
    first, second = ctx.refuse("file.password"), ctx.refuse("file.too_large", reason="600 MB")
    assert (first.issue.code, second.issue.code) == ("file.password", "file.too_large")
    assert "600 MB" in second.message_vi
