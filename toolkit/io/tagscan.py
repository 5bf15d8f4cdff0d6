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


# Markup whose text is no element: a `<c …>` or `<workbook …>` in it is none (calamine and
# openpyxl skip it).
_NOT_ELEMENTS = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>"}


def blank_markup(xml: bytes) -> bytes:
    """The XML with each comment, CDATA section and processing instruction but the XML
    declaration written over with spaces, in one pass: every other byte stays where it was, so
    a position in the result is one in `xml`. One left open is blanked to the end. Returned as
    it is (no copy) when it holds none."""
    declared = xml.startswith(b"<?xml") and xml[5:6] in (b" ", b"\t", b"\r", b"\n", b"?")
    first = xml.find(b"?>") + 2 if declared else 0  # the XML declaration, kept
    if b"<!" not in xml and xml.find(b"<?", first) < 0:
        return xml
    out = bytearray(xml)
    pos = first
    # The next place of each opener at or after `pos` (found again only once passed: linear).
    ahead = {opener: xml.find(opener, pos) for opener in _NOT_ELEMENTS}
    while True:
        for opener, at in ahead.items():
            if 0 <= at < pos:
                ahead[opener] = xml.find(opener, pos)
        found = [(at, opener) for opener, at in ahead.items() if at >= 0]
        if not found:
            return bytes(out)
        at, opener = min(found)
        close = xml.find(_NOT_ELEMENTS[opener], at + len(opener))
        pos = len(xml) if close < 0 else close + len(_NOT_ELEMENTS[opener])
        out[at:pos] = b" " * (pos - at)


_ATTRIBUTES = re.compile(rb"""([\w:.\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def attribute(attrs: bytes, name: bytes) -> bytes | None:
    """The value of the attribute `name` of a start tag's attributes `attrs` as XML reads them
    (None: none), told from text of another attribute's value that looks like one: a pattern
    such as `\\bhidden="1"` finds it in `z:note=' hidden="1"'` too. Asked only of the tags such
    a pattern found (hunt398)."""
    value = None
    for m in _ATTRIBUTES.finditer(attrs):
        if m.group(1) == name:
            value = m.group(2) if m.group(2) is not None else m.group(3)
    return value
