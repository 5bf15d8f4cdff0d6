"""Last year's forms typed by hand: the lines of an entry workbook and its figures as indicators.

A ward new to ward-stats has no record of last year in its history, so its first year's
Biểu 1–3-BTCTW have an empty "Cùng kỳ năm trước" column; it has last year's forms, as it sent
them up. `ward-stats history blank-forms` writes a workbook laid out like those forms (the
writer is `toolkit.outputs.entry_book`) where the clerk copies each line's figure, and
`history import` reads it back (`toolkit.io.entry_book`) and stores it as a record, through
the same checks as a JSON summary. This module is the mapping between the two, decided from
the form tables alone (`toolkit.forms.tables`): no list of lines is written here.

- The comparison forms (`Form.kind == "compare"`) have a sheet each; Biểu 4 has no last
  year's column and is left out. Every `Line` is a row (a `TermLines` part would be, but only
  Biểu 4 has them); a line with a figure (`Line.has_figure`) has an input cell.
- A line whose figure is one id: the typed value is that id's.
- A line whose figure is the sum of several ids (`Biểu 1` B, B.1; `Biểu 3` II.1.a, the
  enterprise lines; `Biểu 2` III…) has parts: the other lines of its form whose ids are a
  strict subset of its own, the largest such (B's are B.1, B.2, B.3; B.1 itself a sum). Its
  ids no part holds are its rest (B.1's `period.admitted`, `period.readmitted`; the enterprise
  line's `…occupation.unknown.enterprise`; B.1's is split by Biểu 2's “Kết nạp lại” when that
  is typed, `_split_readmitted`). With every part known (typed, or a sum line whose
  own parts are all known), a typed sum line gives its rest the difference: to the first id of
  the rest that is no `.not_consolidated` nor `unknown` id (else the first), the others 0; it
  must not be below the parts (an error naming both cells). Without a rest it must equal the
  parts. A sum line left empty whose parts are all known gives its rest 0 (it reads as their
  sum). A part left empty stays unknown, never 0: its ids are absent, so the sum line above it
  shows empty too (`figure`), which `unshown_lines` names so the import can say it.
- A line typed above the line whose people it counts some of (`parts_of`: its “Trong đó:”
  lines, its a), b) lines, the lines under a heading without a figure against the form's first
  line), a sum line's rest above the rest of the line it is under (`_rest_errors`: the
  enterprise line's `…unknown.enterprise` above II.1.a's `…unknown.working`), a mean age of
  nobody, and Biểu 2's I unlike Biểu 1's B.1 are errors naming the lines: the common checks see
  none of them. With Biểu 2's I left empty, Biểu 1's B.1 (the same people) stands for it in
  those checks (`_admitted_errors`: “Kết nạp lại” above B.1 went in unsaid).
- Each typed cell must be a whole number from 0 (a mean age: a number from 0 to 150); text that
  writes a whole number (`entry_marker.text_number`: "12", "1.234" with the Vietnamese thousands
  dot, "1 234" with a space or a no-break space between groups of three; a mean's text only as
  plain digits) is that number, and the import lists those cells
  (`Figures.from_text`); anything else is an error naming the file, the cell and the line.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from toolkit.core.dates import same_period_last_year
from toolkit.core.entry_marker import INFO_SHEET, KIND, META_SHEET, VERSION, WARD_NAME, text_number
from toolkit.core.errors import SummaryError
from toolkit.forms.compute import figure
from toolkit.forms.model import Form, Line
from toolkit.forms.tables import FORMS
from toolkit.stats.sums import MEANS

COVERAGE_IDS = ("orgs.consolidated", "orgs.registered")
MAX_MEAN = 150  # as `toolkit.io.summary.MAX_AGE`


class EntryError(SummaryError):
    """Typed figures that cannot be last year's figures: `messages` in Vietnamese, each naming
    the cell(s) and line(s)."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = tuple(messages)


def entry_forms() -> tuple[Form, ...]:
    """The forms with a last year's column (Biểu 1–3), in order."""
    return tuple(form for form in FORMS if form.kind == "compare")


def left_out_forms() -> tuple[Form, ...]:
    """The forms without one (Biểu 4): no sheet, and the info sheet says so."""
    return tuple(form for form in FORMS if form.kind != "compare")


def form_lines(form: Form) -> tuple[Line, ...]:
    """The form's lines in order (a `TermLines` part has no fixed lines: left out; none of the
    comparison forms has one)."""
    return tuple(item for item in form.lines if isinstance(item, Line))


def is_mean(line: Line) -> bool:
    return len(line.ids) == 1 and line.ids[0] in MEANS


def printed_label(line: Line) -> str:
    """The line as the form prints it ("B. Đảng viên tăng trong kỳ", "- Nữ")."""
    return line.printed


@dataclass(frozen=True)
class SumLine:
    """A line whose figure is several ids: its parts (lines) and its rest (ids no part holds)."""

    line: Line
    parts: tuple[Line, ...]
    rest: tuple[str, ...]


def sum_lines(form: Form) -> tuple[SumLine, ...]:
    """Every line of `form` with a figure of several ids, smallest first (a part before the
    line it is part of), with its parts and rest (module docstring)."""
    lines = [line for line in form_lines(form) if line.has_figure]
    out = []
    for line in lines:
        if len(line.ids) < 2:
            continue
        own = set(line.ids)
        inside = [p for p in lines if p is not line and set(p.ids) < own]
        parts = tuple(p for p in inside if not any(set(p.ids) < set(q.ids) for q in inside))
        covered = {k for p in parts for k in p.ids}
        out.append(SumLine(line, parts, tuple(k for k in line.ids if k not in covered)))
    return tuple(sorted(out, key=lambda s: len(s.line.ids)))


def _takes_rest(rest: tuple[str, ...]) -> str:
    """The id of a rest that takes the difference (module docstring)."""
    plain = [k for k in rest if not k.endswith(".not_consolidated") and "unknown" not in k.split(".")]
    return (plain or list(rest))[0]


# A key that is the form's own numbering ("B.1", "C.5.a", "II.3"), said as the line's number.
_NUMBERED = re.compile(r"^[A-Z]+(?:\.\d+)*(?:\.[a-z])?$")


@dataclass(frozen=True)
class Typed:
    """A cell's value as the reader gives it (calamine's), and where it is (`Biểu 1-BTCTW!C7`)."""

    value: object
    cell: str


def line_words(form: Form, line: Line, cell: str | None = None) -> str:
    """`dòng B.1 “Kết nạp” (Biểu 1-BTCTW!C9)`: a line as the messages name it."""
    number = f"{line.key} " if _NUMBERED.match(line.key) else ""
    at = f"ô {cell}" if cell else f"của {form.sheet_name}"
    return f"dòng {number}“{line.label}” ({at})"


def _value(line: Line, typed: Typed, file: str) -> tuple[int | float | None, str | None]:
    """The typed cell as a figure (None: empty), or the error naming it."""
    value = typed.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    where = f"Tệp “{file}”, ô {typed.cell} (dòng “{printed_label(line)}”)"
    mean = is_mean(line)
    wanted = f"một số từ 0 đến {MAX_MEAN}" if mean else "một số nguyên từ 0 trở lên (số người, số tổ chức)"
    if isinstance(value, bool) or isinstance(value, dt.date | dt.time | dt.timedelta):
        return None, f"{where}: đang là ngày hoặc giờ, không phải số; hãy ghi {wanted}."
    if isinstance(value, str):
        # A whole number written as text (pasted from a Word report) is that number; a mean's
        # text only as plain digits (a dot there may be a decimal point).
        number = text_number(value) if not (mean and "." in value) else None
        if number is None:
            shown = value.strip()[:30]
            return None, f"{where}: đang là chữ “{shown}”, không phải số; hãy ghi {wanted}."
        value = number
    if not isinstance(value, int | float) or not math.isfinite(value):
        return None, f"{where}: không phải số; hãy ghi {wanted}."
    if mean:
        if not 0 <= value <= MAX_MEAN:
            return None, f"{where}: {value:g} không phải tuổi bình quân; hãy ghi {wanted}."
        return round(float(value), 2), None
    if value < 0 or value != int(value) or value > 10**9:
        return None, f"{where}: {value:g} không phải số người hay số tổ chức; hãy ghi {wanted}."
    return int(value), None


@dataclass(frozen=True)
class Figures:
    """What the typed cells make: the indicators; each line's figure (`lines`, by sheet and
    key: typed, or worked out from the lines around it); the lines left empty whose figure was
    worked out (`deduced`: their words and figure); the typed lines that will show empty
    (`unshown`); and how many cells were typed."""

    indicators: dict[str, int | float]
    lines: dict[str, dict[str, int | float]]
    deduced: tuple[str, ...]
    unshown: tuple[str, ...]
    typed: int
    # The typed sum lines above their lines whose rest is of members of unknown specific
    # occupation (II.1.a, the enterprise lines): their words, figure and the lines' sum. Not
    # wrong (a form made from old files had them), but said: the forms' notes say them, and a
    # figure typed one digit too many would otherwise go in unsaid (review229).
    unplaced: tuple[str, ...] = ()
    # The cells whose text was read as the whole number it writes (`text_number`: a figure
    # pasted from a Word report, review229 L5): their words, text and number.
    from_text: tuple[str, ...] = ()


def _deduce(s: SumLine, known: dict[str, int | float]) -> dict[str, int | float]:
    """Figures of `s` or its parts that its other figures decide (counts are never below 0): an
    empty sum line whose parts are all known is their sum (its rest 0); a known sum line whose
    known parts already make it has its empty parts 0; one whose only unknown is one part (and
    no rest) has that part the difference."""
    parts = [known.get(p.key) for p in s.parts]
    mine = known.get(s.line.key)
    total = sum(v for v in parts if v is not None)
    empty = [p for p, v in zip(s.parts, parts, strict=True) if v is None]
    if mine is None:
        return {s.line.key: total} if s.parts and not empty else {}
    if not empty:
        return {}
    if total == mine:
        return {p.key: 0 for p in empty}
    if len(empty) == 1 and not s.rest and mine > total:
        return {empty[0].key: mine - total}
    return {}


def indicators_from_typed(cells: Mapping[str, Mapping[str, Typed]], file: str) -> Figures:
    """The indicators of the typed cells, `cells[sheet name][line key]` (module docstring);
    raises `EntryError` with every error found."""
    errors: list[str] = []
    indicators: dict[str, int | float] = {}
    source: dict[str, str] = {}  # id -> the words of the line it came from
    unshown: list[str] = []
    deduced: list[str] = []
    unplaced: list[str] = []
    from_text: list[str] = []
    by_sheet: dict[str, dict[str, int | float]] = {}
    count = 0

    def put(key: str, value: int | float, words: str) -> None:
        if key in indicators and indicators[key] != value:
            errors.append(f"Tệp “{file}”: {source[key]} và {words} là cùng một chỉ tiêu nhưng khác số.")
            return
        indicators[key], source[key] = value, words

    for form in entry_forms():
        typed = cells.get(form.sheet_name, {})

        def words(line: Line) -> str:
            return line_words(form, line, typed[line.key].cell if line.key in typed else None)  # noqa: B023

        values: dict[str, int | float] = {}
        for line in form_lines(form):
            if not line.has_figure or line.key not in typed:
                continue
            value, error = _value(line, typed[line.key], file)
            if error:
                errors.append(error)
            elif value is not None:
                values[line.key] = value
                count += 1
                text = typed[line.key].value
                if isinstance(text, str):
                    from_text.append(f"{words(line)} “{text.strip()}” = {value:g}")
        sums = sum_lines(form)
        known = dict(values)
        changed = True
        while changed:
            changed = False
            for s in sums:
                for key, value in _deduce(s, known).items():
                    if key not in known:
                        known[key], changed = value, True
        # A sum line below its parts, or unlike them when it has no rest: an error naming them.
        for s in sums:
            mine = known.get(s.line.key)
            given = [(p, known[p.key]) for p in s.parts if p.key in known]
            total = sum(v for _, v in given)
            full = len(given) == len(s.parts)
            if mine is not None and (total > mine or (full and not s.rest and total != mine)):
                named = ", ".join(f"{words(p)} = {v:g}" for p, v in given)
                errors.append(
                    f"Tệp “{file}”: {words(s.line)} = {mine:g}, nhưng các dòng thuộc dòng đó cộng lại "
                    f"là {total:g} ({named}): hai số phải khớp (dòng tổng không nhỏ hơn các dòng thuộc "
                    "nó); hãy sửa một trong các ô này."
                )
        errors += [f"Tệp “{file}”: {said}" for said in _rest_errors(form, sums, known, words)]
        errors += [f"Tệp “{file}”: {said}" for said in _line_errors(form, known, words)]
        if errors:
            continue
        lines = {line.key: line for line in form_lines(form)}
        deduced += [f"{words(lines[k])} = {v:g}" for k, v in known.items() if k not in values]
        for line in form_lines(form):
            if line.has_figure and len(line.ids) == 1 and line.key in known:
                put(line.ids[0], known[line.key], words(line))
        for s in sums:
            mine = known.get(s.line.key)
            of = [known.get(p.key) for p in s.parts]
            if mine is None or any(v is None for v in of) or not s.rest:
                continue
            rest = mine - sum(v for v in of if v is not None)
            first = _takes_rest(s.rest)
            if rest and "unknown" in first.split("."):
                unplaced.append(f"{words(s.line)} = {mine:g}, các dòng thuộc nó cộng lại {mine - rest:g}")
            for key in s.rest:
                put(key, rest if key == first else 0, words(s.line))
        for line in form_lines(form):
            if line.key in values and line.has_figure and figure(line.ids, indicators) is None:
                unshown.append(words(line))
        by_sheet[form.sheet_name] = known
    if not errors:
        errors += [f"Tệp “{file}”: {said}" for said in _admitted_errors(by_sheet, cells)]
    if errors:
        raise EntryError(errors)
    _split_readmitted(indicators)
    return Figures(
        indicators, by_sheet, tuple(deduced), tuple(unshown), count, tuple(unplaced), tuple(from_text)
    )


def _parent(lines: Sequence[Line], at: int) -> Line | None:
    """The line `lines[at]` is indented under: the nearest line above it of a lower level, past a
    "Trong đó:" heading (no number, no figure) to the line it is of; None at the top."""
    level = lines[at].level
    for above in reversed(lines[:at]):
        if above.level < level:
            if above.has_figure or above.number:
                return above
            level = above.level
    return None


@dataclass(frozen=True)
class PartOf:
    """Lines that count some of `whole`'s people: each (`each`) or together (`together`) no more
    than it."""

    whole: Line
    each: tuple[Line, ...]
    together: tuple[Line, ...]


def parts_of(form: Form) -> tuple[PartOf, ...]:
    """Each line of `form` with a figure and the lines that count some of its people,
    from the indents of the tables, for the lines that are not its parts by ids (`sum_lines`):
    the lines under it (its "Trong đó:" lines, its a), b) lines), each no more than it, its
    a), b) lines together no more than it (they split it: Biểu 1's B.2, C.5; the members of
    neither are of another province or a move inside the ward); and under a heading without a
    figure ("1. Nghề nghiệp", "2. Tuổi đời"), its lines, one group of a breakdown of the form's
    first line (Biểu 2's I, the admitted; Biểu 3's I, the members: each counted in one of them
    at most), together no more than that line. A mean is no count: in none."""
    lines = [line for line in form_lines(form) if not is_mean(line)]
    first = lines[0] if lines and lines[0].has_figure and len(lines[0].ids) == 1 else None
    out: list[PartOf] = []
    for at, whole in enumerate(lines):
        under = [
            line
            for n, line in enumerate(lines)
            if line.has_figure and _parent(lines, n) is whole and not set(line.ids) <= set(whole.ids)
        ]
        if whole.has_figure and under:
            split = tuple(p for p in under if p.number.isalpha() and p.number.islower())
            out.append(PartOf(whole, tuple(under), split if len(split) > 1 else ()))
        elif not whole.has_figure and whole.number and first is not None and len(under) > 1 and at:
            out.append(PartOf(first, (), tuple(under)))
    return tuple(out)


def typed_only_lines(form: Form) -> tuple[Line, ...]:
    """The lines with a), b) lines under them (`parts_of`' ``together`` of its own lines) that
    are no sum of them: Biểu 1's B.2 and C.5, whose people of neither line (scope unknown) make
    them more than a) + b). An empty one is never deduced from them, so the blank workbook
    says they must be typed (hunt258 L2)."""
    summed = {s.line.key for s in sum_lines(form) if s.parts}
    return tuple(p.whole for p in parts_of(form) if p.together and p.each and p.whole.key not in summed)


def _rest_errors(
    form: Form, sums: Sequence[SumLine], known: Mapping[str, int | float], words: Callable[[Line], str]
) -> list[str]:
    """A sum line under another (`parts_of`) whose parts are all parts of that one, both with a
    rest (Biểu 3's enterprise line under II.1.a: `…occupation.unknown.enterprise`, the members
    of the enterprises whose specific occupation is unknown, are some of `…unknown.working`,
    those of line a): its rest, what it is above its parts, no more than the other's (review229
    L2: it went in unsaid). Only when both lines and all their parts are known."""
    under = {(p.whole.key, line.key) for p in parts_of(form) for line in p.each}

    def rest(s: SumLine) -> int | float | None:
        of = [known.get(p.key) for p in s.parts]
        mine = known.get(s.line.key)
        if mine is None or any(v is None for v in of):
            return None
        return mine - sum(v for v in of if v is not None)

    errors = []
    for inner in sums:
        for outer in sums:
            if (
                not inner.rest
                or not outer.rest
                or (outer.line.key, inner.line.key) not in under
                or not {p.key for p in inner.parts} <= {p.key for p in outer.parts}
            ):
                continue
            small, large = rest(inner), rest(outer)
            if small is None or large is None or small <= large:
                continue
            a, b = known[inner.line.key], known[outer.line.key]
            errors.append(
                f"{words(inner.line)} = {a:g}, các dòng thuộc nó cộng lại {a - small:g}: chênh {small:g} "
                f"người chưa rõ thuộc dòng nào; nhưng {words(outer.line)} = {b:g}, các dòng thuộc nó cộng "
                f"lại {b - large:g}: chỉ chênh {large:g}. Người chưa rõ của dòng thứ nhất cũng là người "
                "chưa rõ của dòng thứ hai (dòng thứ nhất thuộc dòng thứ hai), nên không thể nhiều hơn; "
                "hãy sửa các ô này."
            )
    return errors


def _line_errors(form: Form, known: Mapping[str, int | float], words: Callable[[Line], str]) -> list[str]:
    """A line typed above the line whose people it counts some of (`parts_of`), and a mean
    typed without anybody to take it over (or 0 of somebody): what the common checks cannot see
    (they compare with the total of the members alone), said with the lines and cells."""
    errors = []
    for part in parts_of(form):
        whole = known.get(part.whole.key)
        if whole is None:
            continue
        for line in part.each:
            value = known.get(line.key)
            if value is not None and value > whole:
                errors.append(
                    f"{words(line)} = {value:g} lớn hơn {words(part.whole)} = {whole:g}; hãy sửa một "
                    "trong hai ô."
                )
        given = [(line, known[line.key]) for line in part.together if line.key in known]
        total = sum(v for _, v in given)
        if len(given) == 1 and total > whole and given[0][0] not in part.each:
            errors.append(
                f"{words(given[0][0])} = {total:g} lớn hơn {words(part.whole)} = {whole:g}; hãy sửa "
                "một trong hai ô."
            )
        elif len(given) > 1 and total > whole:
            named = ", ".join(f"{words(line)} = {v:g}" for line, v in given)
            errors.append(
                f"{named} cộng lại là {total:g}, lớn hơn {words(part.whole)} = {whole:g}: mỗi người chỉ "
                "được tính ở một trong các dòng đó; hãy sửa các ô này."
            )
    lines = form_lines(form)
    first = lines[0] if lines and lines[0].has_figure else None
    for line in lines:
        mean = known.get(line.key) if is_mean(line) else None
        count = known.get(first.key) if first is not None else None
        if mean is None or count is None or (mean > 0) == (count > 0):
            continue
        assert first is not None
        why = "không có ai để tính tuổi bình quân" if mean else "tuổi bình quân không thể là 0"
        errors.append(
            f"{words(line)} = {mean:g} nhưng {words(first)} = {count:g}: {why}; hãy sửa một trong hai ô "
            "(để trống tuổi bình quân khi không có ai)."
        )
    return errors


def _split_readmitted(indicators: dict[str, int | float]) -> None:
    """Biểu 1's B.1 “Kết nạp” is `period.admitted` + `period.readmitted`, and Biểu 2's “Kết nạp
    lại” (`admitted.readmitted`) counts the same readmitted people: a consolidation counts
    both from the `Kết nạp lại` rows dated inside the form period (`toolkit.stats.period`), so
    its `period.readmitted` equals its `admitted.readmitted`. B.1's rest, all put to
    `period.admitted` (`_takes_rest`), is split so when that line is typed (review229 L3:
    `period.readmitted` was stored as 0); otherwise it stays as it was. It is no more than B.1:
    Biểu 2's I is no less than it and equal to B.1, and with I empty it is refused above B.1
    (`_line_errors`, `_admitted_errors`)."""
    readmitted = indicators.get("admitted.readmitted")
    admitted = indicators.get("period.admitted")
    if readmitted is None or admitted is None or indicators.get("period.readmitted") != 0:
        return
    if readmitted <= admitted:
        indicators["period.admitted"], indicators["period.readmitted"] = admitted - readmitted, readmitted


def _admitted_errors(
    by_sheet: Mapping[str, Mapping[str, int | float]], cells: Mapping[str, Mapping[str, Typed]]
) -> list[str]:
    """Biểu 1's B.1 “Kết nạp” (the admitted and the readmitted) and Biểu 2's I (the newly
    admitted, readmitted included) count the same people (`toolkit.stats.period`): when both
    are known and differ, the error naming both. With I left empty (neither typed nor worked
    out), B.1 stands for it: a line of Biểu 2 counting some of I's people (`parts_of`: its
    “Trong đó:” lines, “Kết nạp lại” among them; the groups of II together) above B.1, or a
    mean age with B.1 0, is the error `_line_errors` says against I, naming B.1 (h242: more
    readmitted than B.1 went in unsaid when I was empty)."""
    bieu1, bieu2 = (next(f for f in entry_forms() if f.code == code) for code in ("bieu1", "bieu2"))
    admitted = by_sheet.get(bieu1.sheet_name, {}).get("B.1")
    total = by_sheet.get(bieu2.sheet_name, {}).get("I")
    if admitted is None:
        return []
    b1 = next(line for line in form_lines(bieu1) if line.key == "B.1")
    b1_typed = cells.get(bieu1.sheet_name, {}).get("B.1")
    b1_words = line_words(bieu1, b1, b1_typed.cell if b1_typed is not None else None)
    if total is None:
        typed2 = cells.get(bieu2.sheet_name, {})
        first = next(line for line in form_lines(bieu2) if line.key == "I")

        def words(line: Line) -> str:
            if line.key == first.key:
                return b1_words
            return line_words(bieu2, line, typed2[line.key].cell if line.key in typed2 else None)

        known = {**by_sheet.get(bieu2.sheet_name, {}), first.key: admitted}
        why = (
            f" Dòng I “{first.label}” của {bieu2.sheet_name} để trống nên được so với dòng B.1 "
            f"“{b1.label}” của {bieu1.sheet_name}: hai dòng cùng là số đảng viên được kết nạp (cả kết "
            "nạp lại) trong kỳ."
        )
        return [said + why for said in _line_errors(bieu2, known, words)]
    if admitted == total:
        return []
    i_line = next(line for line in form_lines(bieu2) if line.key == "I")
    i_typed = cells.get(bieu2.sheet_name, {}).get("I")
    said = [b1_words, line_words(bieu2, i_line, i_typed.cell if i_typed is not None else None)]
    return [
        f"{said[0]} = {admitted:g} nhưng {said[1]} = {total:g}: hai dòng cùng là số đảng viên được kết "
        "nạp (cả kết nạp lại) trong kỳ, phải bằng nhau; hãy sửa một trong hai ô."
    ]


def _coverage(
    cells: Mapping[str, Mapping[str, Typed]], file: str
) -> tuple[dict[str, int], list[str], list[str]]:
    """The coverage counts typed on the info sheet (`COVERAGE_IDS`), the errors, and the
    counts read from text (`Figures.from_text`)."""
    info = cells.get(INFO_SHEET, {})
    counts: dict[str, int] = {}
    errors: list[str] = []
    from_text: list[str] = []
    for key in COVERAGE_IDS:
        if key not in info:
            continue
        value, error = _value(Line(key, "", COVERAGE_LABELS[key], (key,)), info[key], file)
        if error:
            errors.append(error)
        elif value is not None:
            counts[key] = int(value)
            text = info[key].value
            if isinstance(text, str):
                from_text.append(
                    f"dòng “{COVERAGE_LABELS[key]}” (ô {info[key].cell}) “{text.strip()}” = {value:g}"
                )
    if len(counts) == 2 and counts["orgs.consolidated"] > counts["orgs.registered"]:
        errors.append(
            f"Tệp “{file}”, sheet “{INFO_SHEET}”: số tổ chức có số liệu trong biểu "
            f"({counts['orgs.consolidated']}) lớn hơn số tổ chức của phường khi đó "
            f"({counts['orgs.registered']})."
        )
    return counts, errors, from_text


# The info sheet's two coverage rows (`COVERAGE_IDS`), as the sheet and its errors name them.
COVERAGE_LABELS = {
    "orgs.consolidated": "Số tổ chức đảng có số liệu trong các biểu",
    "orgs.registered": "Số tổ chức đảng của phường khi đó",
}


def _a_number(value: object) -> bool:
    """Whether a cell's value is a number, or text that writes one (`text_number`)."""
    if isinstance(value, str):
        return text_number(value) is not None
    return isinstance(value, int | float) and not isinstance(value, bool)


def _twin_advice(typed: Typed | None, read: str, place: str, *, again: bool = True) -> str:
    """Which of two rows with one hidden key is read (`read`, the first; `typed`, its cell) and
    what to do, when the other's cell (`place`) holds a number. When the cell read is empty,
    said so, and the number moved into it before the pasted row is deleted (review247 L3: "chỉ
    đọc số ở ô X" of an empty X, and "xóa dòng được dán thêm" could delete the row holding the
    figure); `again`: with the advice to make the workbook again (the forms' sheets)."""
    remake = " (hoặc tạo lại tệp bằng lệnh history blank-forms và chép lại số liệu)" if again else ""
    value = typed.value if typed is not None else None
    if value is None or (isinstance(value, str) and not value.strip()):
        return (
            f"chỉ đọc số ở ô {read} (đang trống), không đọc số ở ô {place}. Hãy chuyển số ở ô {place} "
            f"sang ô {read}, rồi xóa dòng của ô {place}{remake}, lưu tệp rồi chạy lại lệnh."
        )
    return (
        f"chỉ đọc số ở ô {read}, không đọc số ở ô {place}. Hãy để số đúng ở một ô, xóa dòng được dán "
        f"thêm{remake}, lưu tệp rồi chạy lại lệnh."
    )


def _unread_errors(
    cells: Mapping[str, Mapping[str, Typed]],
    loose: Mapping[str, Sequence[str]],
    file: str,
    twins: Mapping[str, Sequence[tuple[str, str, str]]] | None = None,
) -> list[str]:
    """Numbers typed where no line of a form reads them: in a row whose hidden key (column A)
    was cleared (`loose`, by sheet), or is no line of the form (edited); review229: both were
    left out unsaid, and the line showed empty. A number in a row with the key of a row above
    (`twins`, by sheet: its place, the place read, the key; a row copied and pasted) is said
    naming both cells, since either may be the clerk's (review229 L4: the copy pasted above
    was read and only the original's cell named); so is one with the key of a coverage count
    of the info sheet."""
    errors = []
    for form in entry_forms():
        lines = {line.key: line for line in form_lines(form)}
        typed_cells = cells.get(form.sheet_name, {})
        for place, read, key in (twins or {}).get(form.sheet_name, ()):
            line = lines.get(key)
            if line is None:  # a copy of a row no line reads: said as that row is
                loose = {**loose, form.sheet_name: (*loose.get(form.sheet_name, ()), place)}
                continue
            same = (
                f"Tệp “{file}”, ô {read} và ô {place}: hai dòng cùng là {line_words(form, line)} vì cột A "
                "ẩn giống nhau (một dòng đã được chép và dán thêm)"
            )
            if not line.has_figure:  # a heading's (or a line not collected's) row: neither is read
                not_collected = " (biểu mẫu chi bộ không thu thập chỉ tiêu này)" if not line.collected else ""
                errors.append(
                    f"{same}; dòng đó không có số liệu{not_collected}, nên số ở ô {place} không được "
                    f"đọc. Hãy xóa số ở ô {place} (nếu đó là số của một dòng khác, chép số vào đúng ô "
                    "màu vàng của dòng đó), lưu tệp rồi chạy lại lệnh."
                )
                continue
            errors.append(f"{same}; {_twin_advice(typed_cells.get(key), read, place)}")
        odd = [
            typed.cell
            for key, typed in typed_cells.items()
            if key not in lines and typed.value is not None and str(typed.value).strip()
        ]
        # A number typed beside a heading or a line not collected (its sheet unprotected): no
        # figure of the forms.
        for key, typed in typed_cells.items():
            line = lines.get(key)
            if line is not None and not line.has_figure and _a_number(typed.value):
                errors.append(
                    f"Tệp “{file}”, ô {typed.cell}: {line_words(form, line)} không có số "
                    f"liệu{' (biểu mẫu chi bộ không thu thập chỉ tiêu này)' if not line.collected else ''}"
                    ", nhưng ô của dòng đó có số. Hãy xóa số ở ô này rồi chạy lại lệnh."
                )
        for place in (*loose.get(form.sheet_name, ()), *odd):
            errors.append(
                f"Tệp “{file}”, ô {place}: có số liệu nhưng không thuộc dòng nào của biểu (cột A ẩn của "
                "dòng đó đã bị xóa hoặc sửa, hoặc dòng được dán thêm), nên không đọc được. Hãy chép số "
                "đó vào đúng ô màu vàng của dòng, xóa ô này (hoặc tạo lại tệp bằng lệnh history "
                "blank-forms và chép lại số liệu)."
            )
    # The same of the info sheet's coverage counts (review247: a copy of one's row, another count
    # typed in it, went in unsaid, the first row read).
    for place, read, key in (twins or {}).get(INFO_SHEET, ()):
        if key in COVERAGE_LABELS:
            errors.append(
                f"Tệp “{file}”, ô {read} và ô {place}: hai dòng cùng là dòng “{COVERAGE_LABELS[key]}” "
                f"của sheet “{INFO_SHEET}” vì cột A ẩn giống nhau (một dòng đã được chép và dán thêm); "
                f"{_twin_advice(cells.get(INFO_SHEET, {}).get(key), read, place, again=False)}"
            )
    return errors


def _uncomputed_errors(uncomputed: Sequence[tuple[str, str, str | None]], file: str) -> list[str]:
    """The input cells holding a formula without a computed value (`EntryBook.uncomputed`:
    sheet, cell, the row's key), which read as empty: review229 M1, a line went missing unsaid.
    Excel and LibreOffice save a formula's result; a tool (openpyxl) may not."""
    forms = {form.sheet_name: {line.key: line for line in form_lines(form)} for form in entry_forms()}
    errors = []
    for sheet, cell, key in uncomputed:
        line = forms.get(sheet, {}).get(key or "")
        label = printed_label(line) if line is not None else COVERAGE_LABELS.get(key or "")
        named = f" (dòng “{label}”)" if label else ""
        errors.append(
            f"Tệp “{file}”, sheet “{sheet}”, ô {cell}{named}: có công thức nhưng công thức chưa có kết quả "
            "tính (tệp được lưu bằng một chương trình không tính công thức), nên ô đọc ra trống và số liệu "
            "của dòng sẽ bị mất. Hãy mở tệp bằng Excel, lưu lại rồi chạy lại lệnh history import."
        )
    return errors


def summary_from_entry(
    meta: Mapping[str, object],
    cells: Mapping[str, Mapping[str, Typed]],
    file: str,
    loose: Mapping[str, Sequence[str]] | None = None,
    uncomputed: Sequence[tuple[str, str, str | None]] = (),
    twins: Mapping[str, Sequence[tuple[str, str, str]]] | None = None,
) -> tuple[dict[str, object], Figures]:
    """The JSON summary of an entry workbook (its marker's `meta`: `cutoff_date`, `period_start`
    as ISO dates; its typed `cells` by sheet and key), to be checked and stored as a JSON
    summary is (`toolkit.io.summary.check_summary`, `history.records.record_from_summary`), with
    what its figures are (`Figures`). `members.total`, which every summary has, is line I of
    Biểu 3, or line D of Biểu 1 (equal by Biểu 1's identity) when I is empty. A formula
    without a computed value in an input cell (`uncomputed`) is refused before anything else:
    its line read as empty. Raises `EntryError`."""
    edited = EntryError(
        [
            f"Tệp “{file}”: sheet ẩn “{META_SHEET}” (kỳ báo cáo của tệp) đã bị sửa, không đọc được "
            "kỳ báo cáo. Hãy tạo lại tệp bằng lệnh history blank-forms và chép lại số liệu."
        ]
    )
    try:
        cutoff = dt.date.fromisoformat(str(meta.get("cutoff_date")))
        start = dt.date.fromisoformat(str(meta.get("period_start")))
    except ValueError:
        raise edited from None
    # A period no forms have (blank-forms makes none): the marker was edited (review229: it was
    # said in the JSON's words, “period_start sau cutoff_date … sửa các ô đó”).
    if not same_period_last_year((cutoff, cutoff))[1] < start <= cutoff:
        raise edited
    missing = [form.sheet_name for form in entry_forms() if form.sheet_name not in cells]
    if missing:
        others = [name for name in cells if name not in {f.sheet_name for f in entry_forms()} | {INFO_SHEET}]
        seen = f" (các sheet của tệp: {', '.join(f'“{name}”' for name in others)})" if others else ""
        lacking = " và ".join(f"sheet “{name}”" for name in missing)
        raise EntryError(
            [
                f"Tệp “{file}” không có {lacking}{seen}: số liệu "
                "của biểu đó không đọc được. Hãy đặt lại đúng tên sheet (hoặc tạo lại tệp bằng lệnh "
                "history blank-forms và chép lại số liệu), lưu tệp rồi chạy lại lệnh."
            ]
        )
    if uncomputed:
        raise EntryError(_uncomputed_errors(uncomputed, file))
    counts, errors, counts_from_text = _coverage(cells, file)
    errors += _unread_errors(cells, loose or {}, file, twins)
    try:
        figures = indicators_from_typed(cells, file)
    except EntryError as exc:
        raise EntryError([*exc.messages, *errors]) from None
    if errors:
        raise EntryError(errors)
    if figures.typed == 0:
        raise EntryError(
            [
                f"Tệp “{file}” chưa có số liệu nào: các ô màu vàng ở cột “{VALUE_HEADER}” của các "
                "sheet Biểu 1, 2, 3-BTCTW đều trống. Hãy chép số liệu của các biểu đã gửi năm trước "
                "vào các ô đó, lưu tệp rồi chạy lại lệnh."
            ]
        )
    indicators = dict(figures.indicators)
    if "members.total" not in indicators:
        if "period.closing" not in indicators:
            raise EntryError(
                [
                    f"Tệp “{file}” chưa có tổng số đảng viên: hãy điền dòng D “Đảng viên trong danh "
                    "sách cuối kỳ báo cáo” của Biểu 1-BTCTW hoặc dòng I “Đảng viên trong danh sách có "
                    "đến cuối kỳ báo cáo” của Biểu 3-BTCTW."
                ]
            )
        indicators["members.total"] = indicators["period.closing"]
    indicators.update(counts)
    typed_name = cells.get(INFO_SHEET, {}).get(WARD_NAME)
    ward = typed_name.value if typed_name is not None else None
    summary: dict[str, object] = {
        "cutoff_date": cutoff.isoformat(),
        "period_start": start.isoformat(),
        "form_period": [start.isoformat(), cutoff.isoformat()],
        "level": "ward",
        "origin": "import",
        "indicators": indicators,
    }
    if isinstance(ward, str) and ward.strip():
        summary["ward_name"] = ward.strip()
    return summary, Figures(
        indicators,
        figures.lines,
        figures.deduced,
        figures.unshown,
        figures.typed,
        figures.unplaced,
        (*figures.from_text, *counts_from_text),
    )


VALUE_HEADER = "Số liệu cùng kỳ năm trước"
# The value cell of a line the template does not collect (no input).
NOT_COLLECTED = "không thu thập"


_ID = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b")


def id_words(cells: Mapping[str, Mapping[str, Typed]]) -> dict[str, str]:
    """Each id of a one-id line, as the messages of the common checks are said in form words
    (`in_form_words`): `dòng B.2 “Chuyển đến” của Biểu 1-BTCTW (Biểu 1-BTCTW!C8)`."""
    words: dict[str, str] = {}
    for form in entry_forms():
        typed = cells.get(form.sheet_name, {})
        for line in form_lines(form):
            if line.has_figure and len(line.ids) == 1:
                cell = typed[line.key].cell if line.key in typed else None
                words.setdefault(line.ids[0], line_words(form, line, cell))
    return words


def in_form_words(message: str, words: Mapping[str, str]) -> str:
    """`message` (a common check's, which speaks in ids) with each id a line of the forms has
    said as that line (`id_words`)."""
    return _ID.sub(lambda m: words.get(m.group(0), m.group(0)), message)


def opening_identity_error(figures: Figures, cells: Mapping[str, Mapping[str, Typed]]) -> str | None:
    """Biểu 1's A + B − C = D, of its lines' figures (typed or worked out: `Figures.lines`),
    said in the form's words and cells when they break it (the common check would say it in
    ids, and only when every id is known); None when it holds or nothing of Biểu 1 was typed.
    When some of Biểu 1 was typed but one of A–D is neither typed nor worked out from its lines
    (B.2 “Chuyển đến” left empty under its typed a) and b), whose ids are not B.2's), the
    identity cannot be checked: that is the error too, naming the lines to fill, since a D
    typed wrong would otherwise be stored unsaid (a D one above A + B − C went in)."""
    form = next(f for f in entry_forms() if f.code == "bieu1")
    lines = {line.key: line for line in form_lines(form)}
    known = figures.lines.get(form.sheet_name, {})
    values = [known.get(k) for k in ("A", "B", "C", "D")]
    if not known:
        return None
    if any(v is None for v in values):
        typed = cells.get(form.sheet_name, {})
        parts = {s.line.key: s.parts for s in sum_lines(form)}
        empty = [
            line_words(form, p, typed[p.key].cell if p.key in typed else None)
            for k, v in zip("ABCD", values, strict=True)
            if v is None
            for p in (*(q for q in parts.get(k, ()) if q.key not in known), lines[k])
        ]
        return (
            f"{form.sheet_name}: không kiểm tra được đầu kỳ + tăng − giảm = cuối kỳ vì còn để trống "
            f"{'; '.join(empty)}. Hãy chép đủ các dòng A, B, C, D (hoặc đủ các dòng 1, 2, 3… thuộc "
            "dòng B, C) của biểu đã gửi."
        )
    a, b, c, d = values
    assert a is not None and b is not None and c is not None and d is not None
    if a + b - c == d:
        return None
    typed = cells.get(form.sheet_name, {})
    said = [line_words(form, lines[k], typed[k].cell if k in typed else None) for k in "ABCD"]
    return (
        f"{form.sheet_name}: đầu kỳ + tăng − giảm phải bằng cuối kỳ, nhưng {said[0]} = {a:g}, {said[1]} = "
        f"{b:g}, {said[2]} = {c:g}: {a:g} + {b:g} − {c:g} = {a + b - c:g}, khác {said[3]} = {d:g}. Hãy "
        "chép lại đúng các số của biểu đã gửi."
    )


__all__ = [
    "COVERAGE_IDS",
    "INFO_SHEET",
    "KIND",
    "META_SHEET",
    "VERSION",
    "EntryError",
    "Figures",
    "SumLine",
    "Typed",
    "entry_forms",
    "form_lines",
    "id_words",
    "in_form_words",
    "indicators_from_typed",
    "left_out_forms",
    "opening_identity_error",
    "printed_label",
    "sum_lines",
]
