"""One thing, one name, across every text the clerk reads (hunt175 F11, F13; review181 F4)."""

from __future__ import annotations

from pathlib import Path

from helpers_output import make_result

from toolkit.core import vocab
from toolkit.forms import tables
from toolkit.outputs.summary_lines import summary_lines
from toolkit.outputs.summary_text import summary_text

# --- F11: "sĩ" beside "sỹ" in one workbook -------------------------------------------------------


def test_the_occupation_of_the_armed_forces_is_spelled_as_the_degrees(tmp_path: Path) -> None:
    """`Tổng hợp` and `history show` said "Thạc sĩ", "Tiến sĩ" and "Sỹ quan, chiến sỹ quân đội,
    công an": both spellings of one word. The statistics write "sĩ"; only the official forms
    (Biểu 2/3-BTCTW) keep the BTCTW's own spelling."""
    ind = make_result(tmp_path / "nop").indicators
    labels = [line.label for line in summary_lines(ind)]
    text = summary_text(ind)
    assert "Sĩ quan, chiến sĩ quân đội, công an" in labels and "Thạc sĩ" in labels
    assert not [t for t in [*labels, *text] if "sỹ" in t.casefold()]
    assert vocab.OCCUPATION.label("armed_forces") == "Sĩ quan, chiến sĩ quân đội, công an"


def test_the_old_spelling_is_still_read_and_the_forms_keep_theirs() -> None:
    """A file filled from the template with the old dropdown value is read the same."""
    term = vocab.OCCUPATION.lookup("Sỹ quan, chiến sỹ quân đội, công an")
    assert term is not None and term.code == "armed_forces"
    assert ("armed_forces", "Sỹ quan, chiến sỹ quân đội, công an") in tables._AFTER_ENTERPRISE
