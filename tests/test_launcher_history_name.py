"""Advice names the bundle's launchers (`Lich su.cmd`, `Nam truoc 1/2`) only for the history they
act on: they always open `lich_su_tong_hop.sqlite` in their own folder. A run with `--history`
of another name in a folder that also holds them was told to double-click them, which would
remove a record from, or add last year's forms to, the other file (review306 N2). Real files in
a real folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.core.commands import (
    FORMS_FILENAME,
    FORMS_IMPORT_LAUNCHER,
    FORMS_LAUNCHER,
    HISTORY_FILENAME,
    HISTORY_LAUNCHER,
    forms_launcher_adds,
    removal_advice,
    rename_advice,
    restore_advice,
)
from toolkit.history.session import first_year_words


@pytest.fixture()
def office(tmp_path: Path) -> Path:
    for name in (HISTORY_LAUNCHER, FORMS_LAUNCHER, FORMS_IMPORT_LAUNCHER):
        (tmp_path / name).write_bytes(b"@echo off\r\n")
    return tmp_path


@pytest.mark.parametrize(("name", "named"), [(HISTORY_FILENAME, True), ("lich_su_2026.sqlite", False)])
def test_the_launchers_are_named_for_their_own_history_only(office: Path, name: str, named: bool) -> None:
    history = office / name
    for advice in (
        removal_advice(3, history),
        restore_advice(office / "lich_su_da_xoa" / "ban_luu.json", history),
        rename_advice("Phường Cũ", "Phường Mới", history),
    ):
        assert (HISTORY_LAUNCHER in advice) is named, advice
        assert str(history) in advice, advice  # the command, on the history given, always
    assert forms_launcher_adds(office / FORMS_FILENAME, history) is named
    words = first_year_words(history, buttons=True)
    assert (FORMS_LAUNCHER in words) is named, words
