"""Real history files in the states a ward PC produces: damaged, locked, read-only, newer.

Each helper makes a real SQLite file (or holds a real lock) rather than imitating SQLite's
errors, so the tests see what the store sees on a clerk's machine.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import sqlite3
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from toolkit.cli import main
from toolkit.core.errors import HistoryError
from toolkit.history.records import OrgRecord, Record, SourceRecord
from toolkit.history.store import HistoryStore
from toolkit.sample.rows import OrgRows

NOBODY = 65534


def record(
    cutoff: dt.date = dt.date(2025, 3, 31),
    *,
    run_id: str = "r1",
    total: int = 100,
    orgs: dict[str, int] | None = None,
    ward_name: str | None = "Phường Thử",
    form_from: dt.date | None = None,
    names: dict[str, str] | None = None,
) -> Record:
    """A small record: the ward's `members.total`, each organisation's, one file per organisation
    (named `names[code]`, else "Chi bộ <code>")."""
    orgs = orgs if orgs is not None else {"A01": total}
    names = names or {}
    return Record(
        run_id=run_id,
        origin="consolidate",
        cutoff_date=cutoff,
        period_start=dt.date(2020, 1, 1),
        form_period=(form_from or dt.date(cutoff.year, 1, 1), cutoff),
        indicators={"members.total": total, "members.full": total - 1, "members.age_mean": 47.5},
        ward_name=ward_name,
        template_version="2026.1",
        tool_version="0.test",
        organisations=tuple(
            OrgRecord(
                code,
                names.get(code, f"Chi bộ {code}"),
                None,
                None,
                "consolidated",
                f"{code}.xlsx",
                {"members.total": n},
            )
            for code, n in orgs.items()
        ),
        sources=tuple(SourceRecord(f"{code}.xlsx", code, "ab" * 32, "2026.1", "ok", True) for code in orgs),
    )


def filled_history(path: Path, *records: Record) -> Path:
    store = HistoryStore(path)
    for rec in records or (record(),):
        store.add(rec)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage_pages(path: Path) -> None:
    """Overwrite everything after the first page (the header stays valid): a damaged copy."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    assert len(data) > page, "the database must have more than one page"
    data[page:] = bytes((i * 37 + 11) % 251 for i in range(len(data) - page))
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    """Cut the file in the middle of its second page: an interrupted copy."""
    data = path.read_bytes()
    page = int.from_bytes(data[16:18], "big") or 65536
    path.write_bytes(data[: page + page // 2])


def foreign_database(path: Path) -> Path:
    """An SQLite database of another program."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('x', '0912')")
    conn.commit()
    conn.close()
    return path


def make_newer(path: Path, version: int) -> None:
    """Mark a history as written by a later schema version."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Another program holding the history exclusively locked (readers and writers wait)."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=0.1)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...], read_only: Path | None) -> None:
    try:
        if read_only is not None:
            if os.geteuid() == 0:  # root writes anywhere: act as an ordinary user
                os.setgid(NOBODY)
                os.setuid(NOBODY)
        conn.send(("ok", fn(*args)))
    except BaseException:
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


def run_as_user(fn: Callable[..., Any], *args: Any, read_only: Path) -> Any:
    """`fn(*args)` in a forked process that cannot write `read_only` (chmod 444, and not root).

    Everything `fn` imports lazily must be imported by the caller first (the unprivileged
    child may not read the interpreter's own folder)."""
    os.chmod(read_only, 0o444)
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_child, args=(child, fn, args, read_only))
    process.start()
    status, value = parent.recv()
    process.join()
    if status != "ok":
        raise AssertionError(f"child failed:\n{value}")
    return value


def records_or_refusal(path: Path) -> str:
    """What reading the history's records gives (for `run_as_user`): "read", or the refusal as
    "<exception class>: <its words>"."""
    try:
        HistoryStore(path).records()
    except HistoryError as exc:
        return f"{type(exc).__name__}: {exc}"
    return "read"


# Another program (the sqlite3 shell, a database browser) that switches a database to WAL and
# commits a table of its own, then dies with its connection open: its transaction is committed
# in the `-wal` only, not yet in the file.
_WAL_PROGRAM = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
assert conn.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
conn.execute("CREATE TABLE IF NOT EXISTS other_program (note TEXT)")
conn.execute("INSERT INTO other_program VALUES ('giữ lại')")
os.kill(os.getpid(), signal.SIGKILL)
"""
WAL = b"\x02\x02"  # header bytes 18-19 of a file in WAL mode


def wal_by_another_program(path: Path) -> None:
    """`path` (made if missing) switched to WAL by another program, which committed a row of
    its own table `other_program` ('giữ lại') into the `-wal` and died with its connection open."""
    import signal
    import subprocess
    import sys

    other = subprocess.run([sys.executable, "-c", _WAL_PROGRAM, str(path)], timeout=60)
    assert other.returncode == -signal.SIGKILL
    wal = path.with_name(path.name + "-wal")
    assert wal.is_file() and wal.stat().st_size > 0 and path.read_bytes()[18:20] == WAL


def imports_at_once(path: Path, history: Path, count: int, cwd: Path) -> list[tuple[int, str]]:
    """`ward-stats history import PATH --history HISTORY` started `count` times at once, each in
    its own process (run from `cwd`, this checkout's `toolkit`): each one's exit code and output."""
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    command = [sys.executable, "-m", "toolkit", "history", "import", str(path), "--history", str(history)]
    runs = [
        subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(count)
    ]
    outputs = [run.communicate(timeout=300)[0].decode("utf-8") for run in runs]
    return [(run.returncode, said) for run, said in zip(runs, outputs, strict=True)]


@contextmanager
def shared_folder() -> Iterator[Path]:
    """A folder the unprivileged child can reach and write in (pytest's own are private)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ward-stats-history-"))
    os.chmod(folder, 0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_cli(*args: object, input: str | None = None) -> Result:
    """`ward-stats ARGS` in this process (`input`: what is typed on the console): never a
    traceback, never an exception but the exit."""
    result = CliRunner().invoke(main, [str(a) for a in args], input=input)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def consolidated_into(
    folder: Path, cutoff: dt.date, history: Path, out: Path, *, ward: str = "Phường Thử"
) -> dict[str, Any]:
    """`ward-stats consolidate` of `folder` at `cutoff` into `history`, writing `out` and its
    JSON summary beside it (`.json`): the summary, read back. A run with errors (exit 1) still
    writes its outputs."""
    import json

    from toolkit.core import vnformat

    args = ["consolidate", str(folder), "--cutoff", vnformat.date(cutoff), "--ward-name", ward]
    args += ["--history", str(history), "-o", str(out), "--json", str(out.with_suffix(".json"))]
    done = CliRunner().invoke(main, args)
    assert done.exit_code in (0, 1), done.output
    assert out.exists(), done.output
    data: dict[str, Any] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def write_orgs(orgs: list[OrgRows], folder: Path) -> Path:
    """Each organisation's file, named by its code, in `folder` (made when missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    return folder


def recoded(org: OrgRows, code: str) -> OrgRows:
    """The same chi bộ, its members and changes, under another code (renumbered)."""
    return replace(
        org, info={**org.info, "org_code": code}, organisation=replace(org.organisation, org_code=code)
    )
