"""Where a ward office installation lives: shared by the .xlsm builder, `doctor` and the bundle.

xlwings' VBA module checks the interpreter path with VBA's ANSI file functions, so a path
under the Windows user profile (`C:\\Users\\Nguyễn…`) can fail before Python starts. The
offline installer (`cai_dat.cmd` in the bundle built by `packaging/build_bundle.py`)
therefore creates the environment in a folder whose path is ASCII and holds no user name;
a default Windows installation lets any user create a folder at the root of `C:`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

INSTALL_DIR_WIN = r"C:\WardStats"
INTERPRETER_WIN = INSTALL_DIR_WIN + r"\venv\Scripts\python.exe"
# xlwings writes Python's error output to a log in this folder (setting "TEMP DIR"); its
# default, %TEMP%, lies under the user profile and is read with the same ANSI functions.
TEMP_DIR_WIN = INSTALL_DIR_WIN + r"\tmp"
# Environment variable the launchers read when the installer was given another folder.
HOME_VARIABLE = "WARD_STATS_HOME"


def home_dir_win(environ: Mapping[str, str] | None = None) -> str:
    """The folder the installer installed into: `WARD_STATS_HOME` when set (cai_dat.cmd records
    a folder other than the default there, and sets it for the doctor it runs), else
    `INSTALL_DIR_WIN`; without a trailing backslash."""
    home = (os.environ if environ is None else environ).get(HOME_VARIABLE, "").strip().strip('"')
    return home.rstrip("\\") or INSTALL_DIR_WIN


def interpreter_win(home: str) -> str:
    """The python.exe the installer makes in `home` (what `Interpreter_Win` must name)."""
    return home + INTERPRETER_WIN[len(INSTALL_DIR_WIN) :]


def temp_dir_win(home: str) -> str:
    """The temporary folder the installer makes in `home` (what `TEMP DIR` must name)."""
    return home + TEMP_DIR_WIN[len(INSTALL_DIR_WIN) :]


# CPython versions the offline bundle carries wheels for (Windows x64), newest first.
SUPPORTED_PYTHONS: tuple[tuple[int, int], ...] = ((3, 12), (3, 11))


def python_label(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"
