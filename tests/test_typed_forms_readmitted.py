"""Last year's forms typed by hand: Biểu 1's B.1 “Kết nạp” split into the admitted and the
readmitted by Biểu 2's “Kết nạp lại” (review229 L3: `period.readmitted` was stored as 0 and B.1
whole as `period.admitted`), as a consolidation stores them (`toolkit.stats.period`: both from
the `Kết nạp lại` rows dated inside the form period)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_typed_forms_cells import _blank, _fill, _import, _record
from toolkit.forms.compute import figure
from toolkit.forms.tables import FORMS

B1, B2 = "Biểu 1-BTCTW", "Biểu 2-BTCTW"
# Biểu 1 copied whole: nobody else joined or left.
ZEROS = {k: 0 for k in ("B.2", "B.3", "C.1", "C.2", "C.3", "C.4", "C.5")}
B1_LINE = next(line for line in FORMS[0].lines if getattr(line, "key", None) == "B.1")


def _stored(tmp_path: Path, bieu1: dict[str, Any], bieu2: dict[str, Any]) -> dict[str, int | float]:
    book = _blank(tmp_path)
    _fill(book, {B1: {**ZEROS, **bieu1}, B2: bieu2})
    history = tmp_path / "ls.sqlite"
    done = _import(book, history)
    print(done.output)
    assert done.exit_code == 0, done.output
    return _record(history)


@pytest.mark.parametrize(
    ("bieu2", "split"),
    [
        ({"I": 20, "I.readmitted": 3}, (17, 3)),
        ({"I.readmitted": 3}, (17, 3)),  # Biểu 2's I left empty: B.1 is the total
        ({"I": 20, "I.readmitted": 20}, (0, 20)),
        ({"I": 20, "I.readmitted": 0}, (20, 0)),
        ({"I": 20}, (20, 0)),  # "Kết nạp lại" left empty: as before, all admitted
        ({}, (20, 0)),
    ],
)
def test_b1_is_split_by_biểu_2s_readmitted(
    tmp_path: Path, bieu2: dict[str, Any], split: tuple[int, int]
) -> None:
    ind = _stored(tmp_path, {"A": 100, "B.1": 20, "D": 120}, bieu2)
    assert (ind["period.admitted"], ind["period.readmitted"]) == split
    assert figure(B1_LINE.ids, ind) == 20  # B.1 shows as typed
    if "I.readmitted" in bieu2:
        assert ind["admitted.readmitted"] == ind["period.readmitted"]  # as in a consolidation


@pytest.mark.parametrize(
    ("bieu2", "said"),
    [
        # h242 left-out: went in unsaid, B.1 whole stored as admitted and 5 as readmitted.
        ({"I.readmitted": 5}, "dòng “Kết nạp lại” (ô Biểu 2-BTCTW!C13) = 5 lớn hơn dòng B.1"),
        ({"I.youth_union": 3}, "dòng “Đoàn viên Đoàn TNCS Hồ Chí Minh” (ô Biểu 2-BTCTW!C9) = 3 lớn hơn"),
        # one breakdown of I, together above B.1
        ({"II.2.18_30": 2, "II.2.31_35": 1}, "cộng lại là 3, lớn hơn dòng B.1"),
    ],
)
def test_a_line_of_biểu_2_above_b1_is_refused_when_i_is_empty(
    tmp_path: Path, bieu2: dict[str, Any], said: str
) -> None:
    """Biểu 2's I left empty: B.1 (the same people) stands for it, as when I is typed."""
    book = _blank(tmp_path)
    where = _fill(book, {B1: {**ZEROS, "A": 100, "B.1": 2, "D": 102}, B2: bieu2})
    history = tmp_path / "ls.sqlite"
    done = _import(book, history)
    text = " ".join(done.output.split())
    assert done.exit_code == 2, done.output
    assert said in text
    assert f"lớn hơn dòng B.1 “Kết nạp” (ô {B1}!{where[B1]['B.1']}) = 2" in text
    assert "Dòng I “Tổng số đảng viên mới kết nạp” của Biểu 2-BTCTW để trống" in text
    assert not history.exists()


def test_a_readmitted_up_to_b1_with_i_empty_is_taken(tmp_path: Path) -> None:
    ind = _stored(tmp_path, {"A": 100, "B.1": 2, "D": 102}, {"I.readmitted": 2, "II.2.18_30": 2})
    assert (ind["period.admitted"], ind["period.readmitted"], ind["admitted.readmitted"]) == (0, 2, 2)


def test_a_mean_age_with_b1_0_and_i_empty_is_refused(tmp_path: Path) -> None:
    book = _blank(tmp_path)
    _fill(book, {B1: {**ZEROS, "A": 100, "B.1": 0, "D": 100}, B2: {"II.2.mean": 25}})
    done = _import(book, tmp_path / "ls.sqlite")
    assert done.exit_code == 2, done.output
    assert "không có ai để tính tuổi bình quân" in " ".join(done.output.split())


def test_b1_left_empty_is_not_made_up(tmp_path: Path) -> None:
    """Biểu 1 not typed: its ids stay absent, whatever Biểu 2 says."""
    book = _blank(tmp_path)
    _fill(book, {B2: {"I": 20, "I.readmitted": 3}, "Biểu 3-BTCTW": {"I": 120}})
    history = tmp_path / "ls.sqlite"
    done = _import(book, history)
    assert done.exit_code == 0, done.output
    ind = _record(history)
    assert "period.admitted" not in ind and "period.readmitted" not in ind


def test_a_readmitted_above_biểu_2s_total_is_still_refused(tmp_path: Path) -> None:
    book = _blank(tmp_path)
    _fill(book, {B1: {**ZEROS, "A": 100, "B.1": 20, "D": 120}, B2: {"I": 20, "I.readmitted": 25}})
    history = tmp_path / "ls.sqlite"
    done = _import(book, history)
    assert done.exit_code == 2, done.output
    assert "dòng “Kết nạp lại” (ô Biểu 2-BTCTW!C13) = 25 lớn hơn dòng I" in " ".join(done.output.split())
    assert not history.exists()
