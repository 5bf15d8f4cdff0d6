"""Tag patterns over a part's raw XML in linear time.

A pattern such as `<c(?=[\\s/>])([^>]*?\\st="e"[^>]*?)(/?)>` is tried by `re` from every `<c`
of the text, and each try reads on to the next `>`: a comment holding 100,000 `<c ` and no
`t="e"` before its `-->` (well-formed XML, read by calamine and openpyxl alike) made the scan
quadratic, minutes for a file of a megabyte. `tag_matches` gives exactly the matches of
`pattern.finditer`, but after a start that fails it goes on after the `>` that ended that try:
every start before that `>` would have failed too.

That holds for a pattern of the shape `START [^>]* … > REST` (each part optional but `START`):
a match begun at `START` reads no `>` before the first one after it, and what it asks of the
text between is asked of a shorter piece by any later start before the same `>`, and what it
asks after is the same. A start with no `>` after it that fails ends the scan: no later one
can match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def tag_matches(
    pattern: re.Pattern[bytes], start: re.Pattern[bytes], xml: bytes, pos: int = 0, endpos: int | None = None
) -> Iterator[re.Match[bytes]]:
    """The matches of `pattern.finditer(xml, pos, endpos)`, `start` being where one may begin
    (the pattern's opening, as `<c(?=[\\s/>])`), the pattern of the shape above, non-empty."""
    end = len(xml) if endpos is None else min(endpos, len(xml))
    while pos < end:
        found = start.search(xml, pos, end)
        if found is None:
            return
        at = found.start()
        m = pattern.match(xml, at, end)
        if m is not None:
            yield m
            pos = max(m.end(), at + 1)
            continue
        close = xml.find(b">", at, end)
        if close < 0:
            return
        pos = close + 1


def element_matches(
    pattern: re.Pattern[bytes],
    empty: re.Pattern[bytes],
    start: re.Pattern[bytes],
    end_tag: bytes,
    xml: bytes,
    pos: int = 0,
    endpos: int | None = None,
) -> Iterator[re.Match[bytes]]:
    """The matches of `pattern.finditer(xml, pos, endpos)` for an element pattern
    `START([^>]*?)(?:/>|>(.*?)END_TAG)` (re.S), `empty` being the same pattern whose second
    branch cannot match (`(?!)>`). Before the last `END_TAG` each start matches, reading no
    further than its match; after it only an empty element `<…/>` can, and `re` read on to the
    end from each start tag (100,000 `<c.x></c.x>` after the last cell) before failing."""
    end = len(xml) if endpos is None else min(endpos, len(xml))
    last = xml.rfind(end_tag, pos, end)
    split = last + len(end_tag) if last >= 0 else pos
    yield from tag_matches(pattern, start, xml, pos, split)
    yield from tag_matches(empty, start, xml, max(pos, split), end)
