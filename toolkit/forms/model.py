"""What an official form is made of, as data: its lines, its columns, and a line's figure.

A form (`Form`) is a number, a title, a kind of column set and its lines in official order.
A line (`Line`) has the key the JSON uses (`"B.2.a"`), the number printed on the form
(`"a"`), the official label, an indent level and what its figure is: one indicator id, the
sum of several, nothing (a heading), or "not collected" (a row of the official form that the
template does not ask for, shown empty). Lines of one value per vocabulary term (Biểu 4's
ethnic groups and religions) are declared once by `TermLines` and expanded when the form is
computed. The renderer (`toolkit.outputs.sheets.forms`) knows nothing about any particular
form: a changed form is a changed table in `toolkit.forms.tables`, not new code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# The two column sets of the official forms.
Kind = Literal["compare", "breakdown"]

# Biểu 1–3: this period, the same period last year, and the ratio (column 4 = 2 × 100 / 3).
COMPARE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Tiêu chí", 52),
    ("Thực hiện: Kỳ này", 13),
    ("Cùng kỳ năm trước", 13),
    ("(%) kỳ này so với cùng kỳ năm trước", 15),
)
# Biểu 4: one line per ethnic group or religion, with its women and its share of all members.
BREAKDOWN_COLUMNS: tuple[tuple[str, float], ...] = (
    ("TT", 6),
    ("Tên dân tộc, tôn giáo", 40),
    ("Tổng số", 13),
    ("Trong đó: nữ", 13),
    ("Tỷ lệ (%)", 13),
)


@dataclass(frozen=True)
class Line:
    """One line of a form.

    `ids` is what the figure is: the sum of these indicator ids (one id: that indicator);
    empty for a heading without a figure. `collected=False` marks a line of the official form
    that the template does not collect (shown empty, with a note). `female` (breakdown forms)
    are the ids of the line's women; `share_of` the id the share is taken of.
    """

    key: str
    number: str
    label: str
    ids: tuple[str, ...] = ()
    level: int = 0
    bold: bool = False
    collected: bool = True
    female: tuple[str, ...] = ()
    share_of: str | None = None

    @property
    def has_figure(self) -> bool:
        return bool(self.ids) and self.collected

    @property
    def printed(self) -> str:
        """The label as the form prints it: "B. …", "1. …", "a) …", "- …", or the label alone."""
        number, label = self.number, self.label
        if not number:
            return label
        if number in ("-", "+"):
            return f"{number} {label}"
        if number.isalpha() and number.islower():
            return f"{number}) {label}"
        return f"{number}. {label}"


@dataclass(frozen=True)
class TermLines:
    """One line per term of a vocabulary (in vocabulary order), expanded when computed.

    `vocabulary` names a `toolkit.core.vocab` list (e.g. "ETHNICITY"); the figure of a term
    is `total.format(code=…)`, its women `female.format(code=…)`. Terms whose total is 0 are
    left out (the form lists the groups present); a term whose total the figures lack while
    they count the vocabulary (a roll-up of a ward summary without it) keeps its line, empty,
    with a note; `skip` codes are never listed (their shares are rounded with the others':
    `rounded_with` is the words for them in the form's rounding note). Until the
    vocabulary exists, or when the figures lack its ids, the part has no line and the form's
    note says its figures are missing; when they are there but no term is listed (every
    member is of a `skip` term), the note is `empty_note`.
    """

    key: str  # prefix of the lines' keys: "I" gives "I.1", "I.2", …
    vocabulary: str
    total: str
    female: str
    share_of: str = "members.total"
    skip: tuple[str, ...] = ()
    level: int = 1
    empty_note: str = ""
    rounded_with: str = ""


@dataclass(frozen=True)
class Unknown:
    """What a count note of members of unknown attribute says, in parts, so that the notes of
    one count can be said as one (`toolkit.forms.compute`): its text is
    `{n} {who} chưa rõ {what}{why}: không tính vào {where}.`"""

    who: str  # "đảng viên"
    what: str  # "dân tộc"
    why: str  # " (tệp theo mẫu cũ 2026.1, …)", or ""
    where: str  # "dòng “Dân tộc thiểu số”"


@dataclass(frozen=True)
class CountNote:
    """A note printed under a form when the sum of `ids` less the sum of `minus` in this
    period's figures is not 0; `text` holds `{n}`, that count as the form prints numbers.
    Beside a comparison it is said of last year's figures too (their column's 0 is no
    complete count either). `lacking`, when given, is printed instead in a roll-up whose
    figures lack one of `ids` (a ward's summary of an older version does not count them): the
    count is unknown, not 0. `unknown`: the parts of `text`, when it is a note of members of
    unknown attribute. `lines`: the keys of the form's lines that leave the count out (those
    `text` names as not counting it): beside a comparison, such a line's (%) is empty when the
    count is not 0 in either column, since a ratio of a figure known to be short misleads, and
    the note says so."""

    ids: tuple[str, ...]
    text: str
    minus: tuple[str, ...] = ()
    lacking: str = ""
    unknown: Unknown | None = None
    lines: tuple[str, ...] = ()
    # Said instead of `text` of last year's column when last year's record was typed from the
    # forms sent up (`PastRun.typed_forms`): its count is a line typed above its lines, not
    # files of the old template (review229 L1). Empty: `text` (the note cannot be of it).
    typed: str = ""
    # Said of last year's column of a ward's own form when last year's record lacks one of `ids`
    # (recorded by an older version, or typed from the forms sent up): the count is not in the
    # history, not 0. Empty: nothing said (a record that lacks it lacks the lines it would
    # correct too). A roll-up says `lacking` instead.
    lacking_record: str = ""
    # The ids of the line `lacking_record` speaks of: said only when last year's record has that
    # line's figure (a record with none of the form's lines leaves the whole column empty, and
    # its own note says so).
    lacking_record_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RollupNote:
    """A note printed under a roll-up's form, never under a ward's own, when the sum of `ids` is
    not 0 in this period's figures or last year's: what a sum of wards cannot tell (Biểu 1's
    moves to another ward of the province count a move between two wards rolled up as one
    increase and one decrease, though it is inside the unit above)."""

    ids: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Form:
    """One official form: `Biểu số {number}-BTCTW`."""

    code: str  # the JSON key: "bieu1"
    number: int
    title: str
    kind: Kind
    lines: tuple[Line | TermLines, ...]
    notes: tuple[str, ...] = field(default=())  # printed under the table
    count_notes: tuple[CountNote, ...] = field(default=())  # printed when their count is not 0
    rollup_notes: tuple[RollupNote, ...] = field(default=())  # printed under a roll-up's form only
    # Every figure is a snapshot at the cut-off (none counts events over the forms' period): its
    # `Cùng kỳ năm trước` may come from last year's record at that cut-off of another forms'
    # period when there is none of last year's (`ConsolidationResult.previous_snapshot`, hunt261 G3).
    snapshot: bool = False

    @property
    def sheet_name(self) -> str:
        return f"Biểu {self.number}-BTCTW"

    @property
    def form_label(self) -> str:
        return f"Biểu số {self.number}-BTCTW"

    @property
    def columns(self) -> tuple[tuple[str, float], ...]:
        return COMPARE_COLUMNS if self.kind == "compare" else BREAKDOWN_COLUMNS
