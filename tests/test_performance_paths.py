"""The fast paths of issue 8 give exactly what the straightforward code gives: parallel reading,
column-wise concatenation, the bincount tally, and consolidation reusing validation's frames."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers_validate import clean_info, clean_members, clean_years, others_events

from toolkit.core.frames import concat_frames
from toolkit.io import readmany
from toolkit.io.reader import read_submission
from toolkit.outputs.template import write_submission
from toolkit.pipeline import consolidate
from toolkit.stats import grouped

CUTOFF = dt.date(2026, 3, 31)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 submissions (above the parallel threshold), one of them with an error and one corrupt."""
    folder = tmp_path_factory.mktemp("many")
    for n in range(1, 30):
        code = f"CB{n:02d}"
        # Distinct people in every file (the same person in two files is an error).
        members = [
            {**m, "full_name": f"{m['full_name']} {n}", "card_no": f"{k}{n:04d}{m['card_no']}"}
            for k, m in enumerate(clean_members())
        ]
        members[0] = {**members[0], "card_no": None} if n % 3 == 0 else members[0]
        if n == 7:
            members[1] = {**members[1], "gender": "Không rõ"}
        write_submission(
            folder / f"{n:02d}_{code}.xlsx",
            info=clean_info(org_code=code, org_name=f"Chi bộ {n}"),
            members=members,
            events=others_events(lambda name, n=n: f"{name} {n}"),
            years=clean_years(),
        )
    (folder / "30_hong.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 64)
    return folder


def _files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


def _same_submission(a, b) -> None:  # noqa: ANN001
    assert a.path == b.path and a.sha256 == b.sha256 and a.info == b.info
    assert [i.to_json() for i in a.issues] == [i.to_json() for i in b.issues]
    for attr in ("members", "events", "years"):
        x, y = getattr(a, attr), getattr(b, attr)
        if x is None or y is None:
            assert x is None and y is None
        else:
            pd.testing.assert_frame_equal(x, y)


@pytest.mark.slow
def test_parallel_reading_equals_sequential(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _files(folder)
    monkeypatch.setenv("WARD_STATS_WORKERS", "1")
    assert readmany.worker_count(len(files)) == 1
    sequential = [read_submission(p) for p in files]
    monkeypatch.setenv("WARD_STATS_WORKERS", "2")
    assert readmany.worker_count(len(files)) == 2
    seen: list[Path] = []
    parallel = readmany.read_all(files, progress=seen.append)
    assert seen == files
    assert len(parallel) == len(sequential)
    for a, b in zip(parallel, sequential, strict=True):
        _same_submission(a, b)


def test_small_batches_are_read_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WARD_STATS_WORKERS", raising=False)
    assert readmany.worker_count(readmany.PARALLEL_MIN_FILES - 1) == 1
    assert readmany.worker_count(1) == 1


_PARENT = -1


def dying(path: Path):  # noqa: ANN201
    """`read_submission`, except that a worker process reading file 05 is killed."""
    if os.getpid() != _PARENT and path.name.startswith("05_"):
        os.kill(os.getpid(), signal.SIGKILL)
    return read_submission(path)


def test_a_dead_worker_neither_hangs_nor_loses_files(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _files(folder)
    monkeypatch.setattr(sys.modules[__name__], "_PARENT", os.getpid())
    monkeypatch.setenv("WARD_STATS_WORKERS", "2")
    monkeypatch.setattr(readmany, "read_submission", dying)
    got = readmany.read_all(files)
    assert [s.path for s in got] == files
    assert all(s.sha256 for s in got)


def test_concat_frames_equals_pandas_concat(folder: Path) -> None:
    subs = [read_submission(p) for p in _files(folder)[:6]]
    frames = [s.members for s in subs]
    columns = list(frames[0].columns)
    expected = pd.concat(frames, ignore_index=True)
    got = concat_frames(frames, columns, {"_sub": np.arange(len(expected))})
    pd.testing.assert_frame_equal(got[columns], expected)
    # Missing text stays None (pandas 3 would otherwise infer `str` and turn it into NaN).
    assert got["card_no"].dtype == object and any(v is None for v in got["card_no"])
    assert got["_sub"].tolist() == list(range(len(expected)))


def test_concat_frames_falls_back_on_mixed_kinds() -> None:
    a = pd.DataFrame({"x": pd.array([1, None], dtype="Int64"), "y": ["a", None]})
    b = pd.DataFrame({"x": np.array([3.5]), "y": pd.Series(["c"], dtype=object)})
    got = concat_frames([a, b], ["x", "y"])
    pd.testing.assert_frame_equal(got, pd.concat([a, b], ignore_index=True))


def test_tally_equals_crosstab() -> None:
    rng = np.random.default_rng(3)
    orgs = pd.Series(rng.choice(["A", "B", "C", "Z"], 500), dtype=object)
    values = pd.Series(rng.choice(["x", "y", "w", None], 500), dtype=object)
    index = pd.Index(["C", "A", "B", "D"], name=grouped.ORG_KEY)
    codes = ["y", "x", "q"]
    got = grouped._tally(orgs, values, codes, "p", index)
    expected = (
        pd.crosstab(orgs, values)
        .reindex(index=index, columns=codes, fill_value=0)
        .set_axis([f"p.{c}" for c in codes], axis=1)
    )
    pd.testing.assert_frame_equal(got, expected, check_names=False, check_dtype=False)
    assert got.loc["D"].sum() == 0 and "Z" not in got.index


def test_consolidation_same_with_and_without_the_batch_frames(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Consolidation selects the included rows from validation's frames; the fallback
    (concatenating the included submissions, for a run without frames) gives the same figures."""
    fast = consolidate([folder], cutoff=CUTOFF)
    import dataclasses

    import toolkit.validation as validate

    original = validate.validate_read

    def without_frames(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        return dataclasses.replace(original(*args, **kwargs), frames={})

    monkeypatch.setattr(validate, "validate_read", without_frames)
    slow = consolidate([folder], cutoff=CUTOFF)
    assert fast.indicators == slow.indicators
    assert [(o.org_code, o.status, o.indicators) for o in fast.organisations] == [
        (o.org_code, o.status, o.indicators) for o in slow.organisations
    ]
    statuses = {o.org_code: o.status for o in fast.organisations}
    assert statuses["CB07"] == "excluded" and sum(s == "consolidated" for s in statuses.values()) == 28
    assert fast.indicators["members.total"] == sum(
        o.indicators["members.total"] for o in fast.organisations if o.status == "consolidated"
    )


def test_duplicate_keys_equal_the_plain_definitions() -> None:
    """The keys computed once per distinct value equal the per-row definitions."""
    import re

    from toolkit.validation.keys import card_key, name_key

    cards = pd.Series(
        [
            "01.234-567",
            " 0123\u00a04567 ",
            "AB\u2009123",
            "ab123",
            None,
            "01234567",
            np.nan,
            1234.0,
            "x\u3000y",
            "ĐẢNG\u00df12",
            "Đ-12 ",
        ],
        dtype=object,
    )
    expected = [
        None
        if v is None or (isinstance(v, float) and np.isnan(v))
        else re.sub(r"[\s.\-]", "", str(v)).casefold()
        for v in cards
    ]
    assert card_key(cards).tolist() == expected
    names = pd.Series(["Nguyễn  Văn An", "NGUYỄN VĂN AN", None, "Trần\tThị B", "Nguyễn Văn An"], dtype=object)
    assert name_key(names).tolist() == [
        "nguyễn văn an",
        "nguyễn văn an",
        None,
        "trần thị b",
        "nguyễn văn an",
    ]


def test_count_on_or_before_matches_pairwise_comparison() -> None:
    """The sorted-key count behind year.ratings_exceed_members equals comparing every pair,
    including dates before 1970, equal dates and owners with nothing to count."""
    from toolkit.validation.years import count_on_or_before, days_since_epoch

    rng = np.random.default_rng(8)
    owner = rng.integers(0, 40, size=3_000)
    dates = pd.Series(
        pd.to_datetime("1940-01-01") + pd.to_timedelta(rng.integers(0, 40_000, size=3_000), unit="D")
    ).astype("datetime64[ns]")
    subs = rng.integers(0, 45, size=500)  # owners 40–44 have no rows
    ends = pd.Series(
        pd.to_datetime("1940-01-01") + pd.to_timedelta(rng.integers(0, 40_000, size=500), unit="D")
    ).astype("datetime64[ns]")
    ends.iloc[:50] = dates.iloc[:50].to_numpy()  # ties count as "on or before"
    subs[:50] = owner[:50]
    got = count_on_or_before(owner, days_since_epoch(dates), subs.astype("int64"), days_since_epoch(ends))
    d, e = dates.to_numpy(), ends.to_numpy()
    want = [int(((owner == s) & (d <= end)).sum()) for s, end in zip(subs, e, strict=True)]
    assert got.tolist() == want
    assert any(w > 0 for w in want) and any(w == 0 for w in want)


def test_submission_keeps_the_readers_columns_until_a_frame_is_asked_for(folder: Path) -> None:
    """The reader hands over columns; `members` builds the same frame pandas would, `sheet()`
    builds nothing, and pickling sends the columns (with nullable integers intact)."""
    import pickle

    from toolkit.core.frames import SheetColumns, pandas_array

    sub = read_submission(folder / "07_CB07.xlsx")
    held = sub.sheet("members")
    assert isinstance(held, SheetColumns) and len(held) == len(clean_members())
    assert "_members_frame" not in sub.__dict__
    expected = pd.DataFrame(
        {
            c: (
                pd.Series(a, dtype=object)
                if getattr(a, "dtype", None) is np.dtype(object)
                else pandas_array(a)
            )
            for c, a in zip(held.columns, held.arrays, strict=True)
        }
    )
    pd.testing.assert_frame_equal(sub.members, expected)
    assert sub.sheet("members") is sub.members  # built once, then held

    back = pickle.loads(pickle.dumps(sub))
    assert isinstance(back.sheet("members"), SheetColumns)  # the built frame did not travel
    for attr in ("members", "events", "years"):
        pd.testing.assert_frame_equal(getattr(back, attr), getattr(sub, attr))
    assert any(isinstance(back.years[c].array, pd.arrays.IntegerArray) for c in back.years.columns)
    assert back.rows_read == sub.rows_read and back.readable

    frame = sub.events.copy()
    sub.events = frame  # a frame set by hand is what is held, and it travels
    assert sub.sheet("events") is frame
    pd.testing.assert_frame_equal(pickle.loads(pickle.dumps(sub)).events, frame)
    sub.years = None
    assert sub.years is None and not sub.readable


def test_column_letters_equal_openpyxl() -> None:
    from openpyxl.utils import get_column_letter as openpyxl_letter

    from toolkit.core.layout import get_column_letter

    assert [get_column_letter(i) for i in range(1, 18_279)] == [openpyxl_letter(i) for i in range(1, 18_279)]
    for bad in (0, -1, 18_279):
        with pytest.raises(ValueError):
            get_column_letter(bad)


@pytest.mark.slow
def test_reading_and_consolidating_do_not_import_openpyxl() -> None:
    """openpyxl takes a tenth of a second to import; nothing on the consolidation path needs it
    (XlsxWriter writes, calamine reads)."""
    import subprocess

    code = (
        "import sys, toolkit.cli, toolkit.pipeline, toolkit.io.reader, toolkit.io.readmany, "
        "toolkit.validation, "
        "toolkit.outputs.workbook, toolkit.outputs.report, toolkit.io.registry, toolkit.excel; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# The command line with a spy on the reading: whether pandas was loaded when the workers were
# forked, how many there were, and how many child processes are still alive at the end (read
# from /proc: `multiprocessing.active_children()` can still list a worker that the pool's own
# thread has just reaped). With SPY_SLOW, every file takes a quarter of a second more to read,
# so that workers left alone would still be reading when the command ends.
_SPIED_CLI = """
import os, sys, time
import toolkit.io.readmany as readmany
if os.environ.get("SPY_SLOW"):
    read = readmany.read_submission
    def slow(path):
        time.sleep(0.25)
        return read(path)
    readmany.read_submission = slow
seen = []
start = readmany.Reading.__init__
def spy(self, paths):
    seen.append("pandas" in sys.modules)
    start(self, paths)
    seen.append(self.workers)
readmany.Reading.__init__ = spy
def live_children():
    alive = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                state, ppid = stat.read().rsplit(")", 1)[1].split()[:2]
        except OSError:
            continue
        alive += int(ppid) == os.getpid() and state not in ("Z", "X")
    return alive
from toolkit.cli import main
try:
    main(sys.argv[1:], prog_name="ward-stats")
except SystemExit as exc:
    code = exc.code
print("SPY", seen, code, live_children())
"""


def _spied_cli(*args: str, slow: bool = False) -> tuple[str, subprocess.CompletedProcess[str]]:
    env = {**os.environ, "WARD_STATS_WORKERS": "2", **({"SPY_SLOW": "1"} if slow else {})}
    out = subprocess.run([sys.executable, "-c", _SPIED_CLI, *args], capture_output=True, text=True, env=env)
    spy = [line for line in out.stdout.splitlines() if line.startswith("SPY ")]
    assert len(spy) == 1, out.stdout + out.stderr
    return spy[0], out


_OUTPUT = {"consolidate": ("-o", "kq.xlsx"), "lists": ("-o", "ds.xlsx"), "validate": ("--json", "kq.json")}


@pytest.mark.parametrize("command", sorted(_OUTPUT))
def test_the_command_line_forks_its_readers_before_it_loads_pandas(
    command: str, folder: Path, tmp_path: Path
) -> None:
    """A second of every run is pandas and the writers loading: the workers read meanwhile."""
    option, name = _OUTPUT[command]
    result = tmp_path / name
    options = [option, str(result), *(["--no-history"] if command == "consolidate" else [])]
    spy, out = _spied_cli(command, str(folder), "--cutoff", "2026-03-31", *options)
    # forked before pandas, two workers; exit 1: one file has an error and one is corrupt
    assert spy == "SPY [False, 2] 1 0", out.stderr
    assert result.is_file()


@pytest.mark.parametrize("command", sorted(_OUTPUT))
def test_a_refused_output_stops_the_readers_it_started_and_touches_no_input(
    command: str, folder: Path
) -> None:
    """The outputs are checked after the reading has started (reading never writes): an output
    that is an input is refused in Vietnamese, the workers are stopped, the input unchanged."""
    victim = folder / "02_CB02.xlsx"
    before = victim.read_bytes()
    option = _OUTPUT[command][0]
    # the files take 4 s to read: the refusal comes while the workers are busy
    spy, out = _spied_cli(command, str(folder), "--cutoff", "2026-03-31", option, str(victim), slow=True)
    assert spy == "SPY [False, 2] 2 0", out.stderr
    assert "02_CB02.xlsx" in out.stderr and "Traceback" not in out.stderr
    assert victim.read_bytes() == before
