"""A file of the installation damaged on disk — a module cut short, one full of NUL bytes after a
crash, bytes that are not UTF-8, a damaged `.pyc` — ends as a broken installation does, on the
command line and for the Excel buttons: the Vietnamese sentence that sends the clerk to
`cai_dat.cmd` again, naming the error's type and where (the damaged file and its line, or the
import that failed), never Python's traceback nor the error's text (h205: anything but an
`ImportError` printed the traceback, or was called an unexpected error).

Each test copies the real package into a temporary folder, damages one module there and runs
the command or the button's entry point in a new Python with `PYTHONPATH` at the copy."""

from __future__ import annotations

import json
import os
import py_compile
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import toolkit
from tests.helpers_excel import CUTOFF, Replay, book_json, write_ward
from toolkit.excel.build import DEFAULT_TARGET

PACKAGE = Path(toolkit.__file__).resolve().parent
BROKEN = "Bộ cài đặt ward-stats bị thiếu hoặc hỏng"
AGAIN = "Hãy chạy lại cai_dat.cmd của bộ cài đặt; nếu vẫn lỗi, gửi thông báo này cho người hỗ trợ kỹ thuật."
# What is said when Python names no damaged file (NUL bytes, a .pyc): the import that failed.
SOME_PLACE = r"(SyntaxError|ValueError|EOFError) tại toolkit/[\w/]+\.py:\d+"
KINDS = ["cut_in_docstring", "cut_after_colon", "nul_bytes", "not_utf8", "pyc"]


def _copy(tmp_path: Path) -> Path:
    """A copy of the package, without compiled files: the folder to put on `PYTHONPATH`."""
    root = tmp_path / "cai_dat"
    shutil.copytree(PACKAGE, root / "toolkit", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _damage(root: Path, module: str, kind: str) -> str | None:
    """Damage `module` ("core/errors.py") of the copy as `kind`; the line Python's compiler
    names for it, when it names one (None: NUL bytes, whose error names no file, and a .pyc)."""
    path = root / "toolkit" / module
    data = path.read_bytes()
    if kind == "cut_in_docstring":  # the file ends inside its module docstring
        assert data.startswith(b'"""'), module
        data = data[: data.index(b"\n", 10) + 1]
    elif kind == "cut_after_colon":  # the file ends after a `def …:` line: nothing indented
        lines = data.splitlines(keepends=True)
        first = next(
            i for i, line in enumerate(lines) if line.startswith(b"def ") and line.rstrip().endswith(b":")
        )
        data = b"".join(lines[: first + 1])
    elif kind == "nul_bytes":  # a file the system left full of zeros after a crash
        data = b"\0" * len(data)
    elif kind == "not_utf8":  # bytes of another encoding in a string
        data = data + b'\n_damaged = "\xff\xfe"\n'
    elif kind == "pyc":  # the source sound, its compiled file damaged after its header
        cached = Path(py_compile.compile(str(path), doraise=True))
        compiled = cached.read_bytes()
        cached.write_bytes(compiled[:16] + b"\xee" * 64)
        return None
    path.write_bytes(data)
    try:
        compile(data, str(path), "exec")
    except SyntaxError as exc:  # what Python will say of it on import
        return None if exc.filename is None else f"{type(exc).__name__} tại toolkit/{module}:{exc.lineno}"
    raise AssertionError(f"{module} still compiles as {kind}")


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env |= {"PYTHONPATH": str(root), "PYTHONIOENCODING": "utf-8", "XLWINGS_LICENSE_KEY": "noncommercial"}
    return env


def _said(stderr: str, expected: str | None) -> None:
    """`stderr` is the broken installation's one line, naming `expected` (type and place) or,
    when None, a type and a place in the toolkit."""
    assert "Traceback" not in stderr and 'File "' not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    cause = re.fullmatch(rf"Lỗi: {BROKEN} \((.+)\)\. {re.escape(AGAIN)}", lines[0])
    assert cause, lines[0]
    if expected is not None:
        assert cause.group(1) == expected, lines[0]
    else:
        assert re.fullmatch(
            r"(SyntaxError|ValueError|EOFError) tại toolkit/[\w/]+\.py:\d+", cause.group(1)
        ), lines[0]
    assert "null bytes" not in stderr and "marshal" not in stderr and "unterminated" not in stderr  # no text


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("module", "args"),
    [
        ("core/errors.py", ["--help"]),  # loaded before the guard of `__main__.run`
        ("cli_tools.py", ["--help"]),  # loaded with the command line
        ("core/vocab.py", ["--help"]),  # a module of core the command line loads
        ("validation/run.py", ["validate", "{empty}"]),  # loaded by the command, when it runs
    ],
)
def test_a_damaged_module_ends_the_command_as_a_broken_installation(
    tmp_path: Path, module: str, args: list[str], kind: str
) -> None:
    root = _copy(tmp_path)
    expected = _damage(root, module, kind)
    (tmp_path / "trong").mkdir()
    argv = [a.format(empty=tmp_path / "trong") for a in args]
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", *argv], env=_env(root), capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 2, (done.returncode, done.stderr)
    _said(done.stderr, expected)
    assert done.stdout == ""


# The press of a button as xlwings' `RunPython` makes it, with the book it sends as its JSON.
PRESS = """
import json, sys
import xlwings as xw
from xlwings.main import Engine
from xlwings.pro import _xlremote

if "remote" not in xw.engines.engines_by_name:
    xw.engines.add(Engine(impl=_xlremote.engine))
book = xw.Book(json=json.load(open(sys.argv[1], encoding="utf-8")))
book.set_mock_caller()
try:
    import toolkit.excel as e; getattr(e, sys.argv[2])()
finally:
    with open(sys.argv[3], "w", encoding="utf-8") as out:
        json.dump(book.json()["actions"], out)
"""


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "module",
    [
        "core/errors.py",  # imported first by each press
        "excel/book.py",  # the book helpers, imported inside the first net
        "validation/run.py",  # imported by the button's work
    ],
)
def test_a_damaged_module_ends_a_press_in_the_status_cell_as_a_broken_installation(
    tmp_path: Path, module: str, kind: str
) -> None:
    root = _copy(tmp_path)
    expected = _damage(root, module, kind)
    write_ward(tmp_path / "nop", with_error=False)  # real submissions: the press reaches its checks
    data = book_json(DEFAULT_TARGET, {"InputFolder": str(tmp_path / "nop"), "CutoffDate": CUTOFF})
    (tmp_path / "book.json").write_text(json.dumps(data), encoding="utf-8")
    actions = tmp_path / "actions.json"
    script = [sys.executable, "-c", PRESS, str(tmp_path / "book.json"), "validate", str(actions)]
    done = subprocess.run(script, env=_env(root), capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    status = Replay(data, json.loads(actions.read_text(encoding="utf-8"))).status()
    said = re.match(rf"Kiểm tra: KHÔNG THÀNH CÔNG\. {BROKEN} \(([^()]+)\)\. {re.escape(AGAIN)}", status)
    assert said, status
    if expected is not None:
        assert said.group(1) == expected, status
    else:
        assert re.fullmatch(r"(SyntaxError|ValueError|EOFError) tại toolkit/[\w/]+\.py:\d+", said.group(1)), (
            status
        )
    assert "null bytes" not in status and "marshal" not in status and "unterminated" not in status
