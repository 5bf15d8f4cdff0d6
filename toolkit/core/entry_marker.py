"""The marker and layout of the workbook of last year's forms typed by hand (`history
blank-forms`), shared by its writer (`toolkit.outputs.entry_book`), its reader
(`toolkit.io.entry_book`) and the mapping of its lines (`toolkit.forms.entry`).

Its hidden sheet `META_SHEET` holds, by key in column A and value in column B, `kind` (`KIND`),
`version` (`VERSION`), `cutoff_date` and `period_start` (ISO dates): the forms' period the
workbook was made for, which the clerk does not type. Every visible sheet keys its rows in
a hidden column A (`KEY_COLUMN`): a form's line key, or on `INFO_SHEET` `WARD_NAME` and the
coverage ids; the typed values are in column C (`VALUE_COLUMN`). Rows are found by their key,
never by their position, so a workbook saved again by Excel or LibreOffice reads the same.
"""

from __future__ import annotations

import re

KIND = "ward-stats/so-lieu-cung-ky-nam-truoc"
VERSION = 1
META_SHEET = "_ward_stats"
INFO_SHEET = "Thông tin"
WARD_NAME = "ward_name"
KEY_COLUMN = 0  # A, hidden
VALUE_COLUMN = 2  # C
# How the source of a record typed from last year's forms is marked (its `status`): `history
# list/show` say the record came from the typed workbook (`origin` stays "import").
TYPED_STATUS = "typed_forms"


# A whole number written as text (a figure pasted from a Word report): digits, or digits in
# groups of three after the first separated by dots, the Vietnamese thousands separator
# ("1.234" is 1234). A comma is not taken: in Vietnamese it marks decimals ("1,234" is 1.234),
# in English it groups thousands, and a figure that may be either is refused, not guessed. The
# first group of a dotted number has no leading zero: "0.500" or "01.000" is a decimal (0.5, 1),
# never 500 or 1000 (review239 T1). A space, a no-break space (Word's and Excel's own grouping)
# or a narrow no-break space separates the groups as well ("1 234" is 1234), one and the same
# separator throughout; never a group of other than three digits after the first ("1 23",
# "12 345 6" are refused: h236).
_PLAIN = re.compile(
    r"[0-9]+|[1-9][0-9]{0,2}(?:(?:\.[0-9]{3})+|(?: [0-9]{3})+|(?:\u00a0[0-9]{3})+|(?:\u202f[0-9]{3})+)"
)
_SEPARATORS = str.maketrans("", "", ". \u00a0\u202f")


def text_number(text: str) -> int | None:
    """The whole number `text` writes (`_PLAIN`, spaces around it allowed), or None."""
    shown = text.strip()
    return int(shown.translate(_SEPARATORS)) if _PLAIN.fullmatch(shown) else None
