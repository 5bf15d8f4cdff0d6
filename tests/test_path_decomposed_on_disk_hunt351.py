"""A folder named in decomposed Unicode on disk, typed composed in a setting cell (hunt351).

A folder unzipped from an archive made on a Mac is named in decomposed Unicode (NFD); the
clerk types its name in the cell the ordinary way (composed, NFC), and the buttons said
“Không tìm thấy thư mục “…/Bài nộp”” while Explorer showed a folder of exactly that name.
The path as typed is still taken first: a name that exists is never changed.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from toolkit.excel import book as xlbook
from toolkit.io.files import on_disk_spelling

COMPOSED = "Bài nộp quý I"
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def _values(**cells: str) -> dict[str, object]:
    return {**dict.fromkeys(s.name for s in xlbook.settings()), **cells}


def test_a_folder_named_decomposed_on_disk_is_found_from_its_composed_spelling(tmp_path: Path) -> None:
    assert COMPOSED != DECOMPOSED
    (tmp_path / DECOMPOSED).mkdir()
    values = _values(InputFolder=COMPOSED, OutputFile=f"{COMPOSED}/kết quả")
    settings = xlbook.settings_from_values(values, tmp_path)
    assert str(settings.require_input_folder()) == str(tmp_path / DECOMPOSED)
    assert str(settings.output_path().parent) == str(tmp_path / DECOMPOSED)


def test_a_decomposed_folder_deeper_in_the_path_is_found_too(tmp_path: Path) -> None:
    (tmp_path / unicodedata.normalize("NFD", "Năm 2026") / DECOMPOSED).mkdir(parents=True)
    typed = str(tmp_path / "Năm 2026" / COMPOSED)
    found = on_disk_spelling(typed)
    assert Path(found).is_dir()
    assert found == str(tmp_path / unicodedata.normalize("NFD", "Năm 2026") / DECOMPOSED)


def test_the_spelling_typed_wins_when_both_are_there(tmp_path: Path) -> None:
    (tmp_path / DECOMPOSED).mkdir()
    (tmp_path / COMPOSED).mkdir()
    settings = xlbook.settings_from_values(_values(InputFolder=COMPOSED), tmp_path)
    assert str(settings.require_input_folder()) == str(tmp_path / COMPOSED)


def test_a_folder_in_no_spelling_is_still_said_missing(tmp_path: Path) -> None:
    import pytest

    from toolkit.core.errors import SettingError

    (tmp_path / unicodedata.normalize("NFD", "Bài nộp khác")).mkdir()
    settings = xlbook.settings_from_values(_values(InputFolder=COMPOSED), tmp_path)
    with pytest.raises(SettingError) as caught:
        settings.require_input_folder()
    assert caught.value.message_vi == (
        f"Không tìm thấy thư mục “{tmp_path / COMPOSED}” (ô “{xlbook.setting_label('InputFolder')}”, "
        f"{xlbook.setting_place('InputFolder')})."
    )
