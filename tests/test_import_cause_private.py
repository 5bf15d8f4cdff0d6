"""A broken installation's message names an import that failed by its own text, which may hold
the path of the module it read ("cannot import name 'x' from 'toolkit.core.text'
(C:\\Users\\Nguyễn Văn An\\…\\text.py)"): on Windows the installation and the user's home folder
are often under the clerk's own name. That message goes to the console, the status cell, the
`Kiểm tra` sheet and support, so the path is said from the installation's folder and the home
folder as "~", never the folder of a person's name (review207).

The command-line tests copy the real package into a folder named like a person, make one
import of it fail as a partial upgrade would (a module that imports a name its neighbour no
longer has) and run `python -m toolkit` there in a new Python."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import toolkit
from toolkit.core.errors import broken_install_message, user_message
from toolkit.excel import failsafe

PACKAGE = Path(toolkit.__file__).resolve().parent
PERSON = "Nguyễn Văn An"
BROKEN = "Bộ cài đặt ward-stats bị thiếu hoặc hỏng"


def _copy(tmp_path: Path, module: str) -> Path:
    """A copy of the package in a folder of a person's name, whose `module` imports a name
    `toolkit.core.text` lacks; the folder to put on `PYTHONPATH`."""
    root = tmp_path / PERSON / "cai_dat"
    shutil.copytree(PACKAGE, root / "toolkit", ignore=shutil.ignore_patterns("__pycache__"))
    path = root / "toolkit" / module
    path.write_text(
        path.read_text(encoding="utf-8") + "\nfrom toolkit.core.text import removed_by_the_upgrade\n",
        encoding="utf-8",
    )
    return root


def _run(tmp_path: Path, root: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env |= {"PYTHONPATH": str(root), "PYTHONIOENCODING": "utf-8", "HOME": str(tmp_path / PERSON)}
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "--help"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("module", "place"),
    [
        ("cli.py", "'toolkit.core.text' (toolkit/core/text.py)"),  # after `run`'s guard
        ("core/errors.py", "'toolkit.core.text' (text.py)"),  # before it: failsafe's words
    ],
)
def test_a_failed_import_names_no_folder_of_a_person(tmp_path: Path, module: str, place: str) -> None:
    done = _run(tmp_path, _copy(tmp_path, module))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert BROKEN in done.stderr
    assert f"cannot import name 'removed_by_the_upgrade' from {place}" in done.stderr
    assert PERSON not in done.stderr
    assert done.stdout == ""


def test_the_home_folder_in_an_import_text_is_said_as_home(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / PERSON
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    # As numpy's own import error says which Python it ran in.
    exc = ImportError(f"Importing the numpy C-extensions failed: Python from {home}/python/python.exe")
    for message in (broken_install_message(exc), user_message(exc), failsafe._import_cause(exc)):
        assert PERSON not in message
        assert "~/python/python.exe" in message
