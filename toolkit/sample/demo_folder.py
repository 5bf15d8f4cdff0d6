"""Whether `ward-stats demo` may write into a folder: never over a file the demo did not write.

The demo writes fixed names (the registry `danh_muc_to_chuc.xlsx`, `nop/<code>_<slug>.xlsx`,
the results, the history `lich_su_tong_hop.sqlite`, the same under `nam_truoc/`), so a folder
of an office (its registry, a secretary's file under a sample organisation's name, its history)
would be overwritten, and its `nop/` filled with made-up submissions. It may write into a new or
empty folder, or into one that holds nothing but what an earlier demo wrote there (running the
demo again, with any seed), recognised file by file with what the tool already records:

- the history: every record is of the sample ward (`WARD_NAME`);
- a result (workbook or JSON summary): its run id is one of the history's records;
- a submission: its name is a sample organisation's and its SHA-256 is that of a file one of
  the history's records consolidated;
- the registry: it lists the sample organisations (codes, names, tiers, sectors: the same for
  every seed), so writing it again loses nothing of an office's;
- a file of a demo that did not finish (stopped by Ctrl+C, a failure, a kill, before its
  consolidations recorded what it wrote): its SHA-256 is listed in the folder's hidden marker
  `.ward_stats_demo` (`DemoMarker`), into which each demo run writes a file's hash as soon as
  it has written the file, and which it removes once it is done.

Anything else (another file or folder, a link, a file that cannot be read) stops the demo
before it writes anything, naming what is there (`check_demo_folder`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from toolkit.core.errors import OutputError, WardStatsError, note_recorded
from toolkit.core.model import Organisation

# Said at most this many of the files in the way, then how many more.
_NAMED = 5

# The hidden file listing the SHA-256 of the files a demo run wrote, while it runs.
MARKER = ".ward_stats_demo"
_MARKER_HEADING = "# ward-stats demo: SHA-256 of the files this demo wrote (removed when it is done)\n"


class DemoMarker:
    """The files a demo run writes into its folder, listed as they are written (their SHA-256,
    one a line, in `MARKER`): a demo stopped part way leaves a folder the next demo recognises
    as its own (`check_demo_folder`) and makes whole again. Each file is written and listed
    with Ctrl+C held back (a few hundredths of a second), so that no file is written unlisted,
    and from the first one on the line a Ctrl+C prints says that the folder holds a sample
    ward partly written (`note_recorded`)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / MARKER

    def write(self, write: Callable[[], Path]) -> Path:
        """Write a file (`write()`, which returns its path), then list it; returns its path."""
        from toolkit.io.atomic import write_failure
        from toolkit.outputs.publish import interrupts_deferred

        with interrupts_deferred():
            path = write()
            # Once written (a write that fails writes nothing, and a failing command says what
            # was kept: `errors.failure_lines`); no Ctrl+C comes in between, held back here.
            note_recorded(
                f"Phường mẫu trong thư mục \u201c{self.out_dir}\u201d chưa tạo xong: lệnh demo đã "
                "ghi (lại) một phần danh mục tổ chức và tệp của các chi bộ ở đó (thư mục nop, "
                "nam_truoc/nop). Hãy chạy lại lệnh demo vào thư mục này để tạo đủ.",
                key=MARKER,
            )
            try:
                new = not self.path.exists()
                with open(self.path, "a", encoding="utf-8") as marker:
                    marker.write((_MARKER_HEADING if new else "") + f"{_sha256(path)}\n")
            except OSError as exc:
                raise write_failure(self.path, exc) from None
        return path

    def done(self) -> None:
        """The demo is done, every file it wrote consolidated and recorded in its history: the
        list is no longer needed."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        note_recorded(
            f"Phường mẫu đã được tạo xong trong thư mục \u201c{self.out_dir}\u201d (danh mục tổ "
            "chức, tệp của các chi bộ, các tệp tổng hợp và lịch sử tổng hợp).",
            key=MARKER,
        )


def _marker_hashes(path: Path) -> set[str]:
    """The SHA-256 listed in a demo's marker (none when there is none, or it cannot be read)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    return {line.strip() for line in text.splitlines() if len(line.strip()) == 64}


def check_demo_folder(out_dir: Path) -> None:
    """Raise an `OutputError` (nothing written) when `out_dir` holds anything the demo would
    overwrite or mix its made-up files with: anything but an earlier demo's files, or when a
    file it would write has a path too long (`check_demo_paths`)."""
    check_demo_paths(out_dir)
    foreign = foreign_files(out_dir)
    if not foreign:
        return
    shown = ", ".join(f"\u201c{_relative(p, out_dir)}\u201d" for p in foreign[:_NAMED])
    more = f" và {len(foreign) - _NAMED} mục khác" if len(foreign) > _NAMED else ""
    raise OutputError(
        f"Thư mục \u201c{out_dir}\u201d đã có tệp hoặc thư mục không phải của phường mẫu do lệnh demo "
        f"tạo ra: {shown}{more}. Lệnh demo chỉ ghi vào thư mục mới, thư mục trống hoặc thư mục phường "
        "mẫu nó đã tạo trước đó, để không ghi đè hay trộn dữ liệu giả định vào tệp của đơn vị (danh "
        "mục tổ chức, bài nộp, lịch sử tổng hợp). Hãy chọn thư mục khác, ví dụ "
        "\u201cward-stats demo phuong_mau_moi\u201d; chưa có tệp nào được ghi."
    )


def demo_paths(out_dir: Path) -> list[tuple[Path, bool]]:
    """Every file the demo writes into `out_dir` (any seed: the names are fixed), with whether it
    is written as an output of a consolidation run (`atomic.run_temp_name`) rather than alone:
    the registry, the submissions of this year and of last year, and both years' results. The
    history (SQLite, changed in place) is left out: a history path too long is its own warning,
    never a stop (`HistoryStore.check_writable`)."""
    from toolkit.io.registry import REGISTRY_FILENAME
    from toolkit.outputs.template import submission_filename
    from toolkit.sample.ward import CUTOFF, LAST_YEAR_CUTOFF, LAST_YEAR_DIR, consolidated_names
    from toolkit.sample.ward_figures import SUBMISSIONS_DIR

    out_dir = Path(out_dir)
    names = [submission_filename(Organisation(*org)) for org in sample_organisations()]
    paths = [(out_dir / REGISTRY_FILENAME, False)]
    for folder, cutoff in ((out_dir, CUTOFF), (out_dir / LAST_YEAR_DIR, LAST_YEAR_CUTOFF)):
        paths += [(folder / SUBMISSIONS_DIR / name, False) for name in names]
        paths += [(folder / name, True) for name in consolidated_names(cutoff)]
    return paths


def check_demo_paths(out_dir: Path) -> None:
    """Raise an `OutputError` (nothing written) when any file the demo would write into
    `out_dir` (`demo_paths`) has a path too long for Windows without long paths or for Excel to
    open (`atomic.long_path_problem`), naming the one that needs the most cut: shortening the
    folder by that makes every file fit. Checked for all before the first is written, or a
    folder just too long for the longest name would be left with a sample ward half made."""
    from toolkit.io.atomic import long_path_cut, long_path_problem

    cut, worst, run_output = max(
        (long_path_cut(path, run_output=run_output), path, run_output)
        for path, run_output in demo_paths(out_dir)
    )
    if not cut:
        return
    advice = (
        "chọn thư mục phường mẫu có đường dẫn ngắn hơn (ví dụ một thư mục ngay trong ổ đĩa, như "
        "\u201cD:\\PhuongMau\u201d)"
    )
    problem = long_path_problem(worst, "tệp dài nhất lệnh demo sẽ ghi", run_output=run_output, advice=advice)
    assert problem is not None
    raise OutputError(f"{problem} Chưa có tệp nào được ghi.")


def foreign_files(out_dir: Path) -> list[Path]:
    """What in `out_dir` is not an earlier demo's (in the order found; a folder in the way is
    named itself, not its contents)."""
    out_dir = Path(out_dir)
    if not os.path.lexists(out_dir):
        return []
    if not out_dir.is_dir():
        return [out_dir]
    return _Judge(out_dir).foreign()


def _relative(path: Path, out_dir: Path) -> str:
    try:
        return path.relative_to(out_dir).as_posix()
    except ValueError:
        return str(path)


def sample_organisations() -> list[tuple[str, str, str | None, str | None]]:
    """Code, name, tier and sector of each organisation of the sample ward (any seed)."""
    from toolkit.sample.ward_figures import ORGS
    from toolkit.sample.ward_plan import OrgPlan

    plans = [OrgPlan(i, *spec) for i, spec in enumerate(ORGS, start=1)]
    return [(p.code, p.name, p.tier, p.sector) for p in plans]


class _Judge:
    """The files of one folder judged against what the demo writes there."""

    def __init__(self, out_dir: Path) -> None:
        from toolkit.history.store import DEFAULT_FILENAME
        from toolkit.io.registry import REGISTRY_FILENAME
        from toolkit.outputs.template import submission_filename
        from toolkit.sample.ward import CUTOFF, LAST_YEAR_CUTOFF, LAST_YEAR_DIR, consolidated_names
        from toolkit.sample.ward_figures import SUBMISSIONS_DIR

        self.out_dir = out_dir
        self.organisations = sample_organisations()
        self.submission_names = {
            submission_filename(Organisation(code, name, tier, sector))
            for code, name, tier, sector in self.organisations
        }
        self.history_name = DEFAULT_FILENAME
        self.registry_name = REGISTRY_FILENAME
        self.submissions_dir = SUBMISSIONS_DIR
        self.results = set(consolidated_names(CUTOFF))
        self.last_year_dir = LAST_YEAR_DIR
        self.last_year_results = set(consolidated_names(LAST_YEAR_CUTOFF))
        self.run_ids, self.hashes = self._history(out_dir / DEFAULT_FILENAME)
        self.hashes |= _marker_hashes(out_dir / MARKER)  # a demo that did not finish
        self.found: list[Path] = []

    def foreign(self) -> list[Path]:
        self._folder(self.out_dir, top=True)
        return self.found

    # --- the folders --------------------------------------------------------------------------

    def _folder(self, folder: Path, *, top: bool) -> None:
        results = self.results if top else self.last_year_results
        for entry in _entries(folder):
            path = Path(entry.path)
            name = entry.name
            if _is_own_temp(name):
                continue
            if name == self.submissions_dir and _real_folder(entry):
                self._submissions(path)
            elif top and name == self.last_year_dir and _real_folder(entry):
                self._folder(path, top=False)
            elif not entry.is_file(follow_symlinks=False):
                self.found.append(path)
            elif name in results:
                self._check(path, self._is_result(path))
            elif top and name == self.registry_name:
                self._check(path, self._is_sample_registry(path))
            elif top and name == self.history_name:
                self._check(path, self.run_ids is not None)
            elif top and name == f"{self.history_name}-journal" and self.run_ids is not None:
                continue  # SQLite's own part of the sample's history
            elif top and name == MARKER:
                continue  # the list of what a demo wrote (a file: a link is no file here)
            else:
                self.found.append(path)

    def _submissions(self, folder: Path) -> None:
        for entry in _entries(folder):
            path = Path(entry.path)
            if _is_own_temp(entry.name):
                continue
            own = (
                entry.name in self.submission_names
                and entry.is_file(follow_symlinks=False)
                and _sha256(path) in self.hashes
            )
            self._check(path, own)

    def _check(self, path: Path, own: bool) -> None:
        if not own:
            self.found.append(path)

    # --- the files ----------------------------------------------------------------------------

    def _history(self, path: Path) -> tuple[set[str] | None, set[str]]:
        """The run ids and the consolidated files' SHA-256 of the sample's history at `path`
        (no history: none of either); run ids None when the file is no history of the sample
        ward alone."""
        from toolkit.history.store import HistoryStore
        from toolkit.sample.ward_figures import WARD_NAME

        if not os.path.lexists(path):
            return set(), set()
        if not path.is_file() or path.is_symlink():
            return None, set()
        store = HistoryStore(path)
        try:
            records = store.records()
            if any(r.ward_name != WARD_NAME for r in records):
                return None, set()
            full = [store.get(r.id) for r in records if r.id is not None]
        except (WardStatsError, OSError):
            return None, set()
        hashes = {s.sha256 for r in full if r is not None for s in r.sources if s.sha256}
        return {r.run_id for r in records}, hashes

    def _is_result(self, path: Path) -> bool:
        from toolkit.outputs.publish import run_id_of

        run_id = run_id_of(path)
        return run_id is not None and self.run_ids is not None and run_id in self.run_ids

    def _is_sample_registry(self, path: Path) -> bool:
        from toolkit.io.registry import read_registry

        try:
            registry = read_registry(path)
        except (WardStatsError, OSError):
            return False
        listed = [(o.org_code, o.org_name, o.org_tier, o.sector) for o in registry.organisations]
        return listed == self.organisations


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as found:
            return sorted(found, key=lambda e: e.name)
    except OSError as exc:
        from toolkit.core.errors import os_error_text

        raise OutputError(f"Không đọc được thư mục \u201c{folder}\u201d: {os_error_text(exc)}.") from None


def _real_folder(entry: os.DirEntry[str]) -> bool:
    """A folder itself, not a link to one (the demo would write into the folder linked)."""
    return entry.is_dir(follow_symlinks=False)


def _is_own_temp(name: str) -> bool:
    from toolkit.io.atomic import TEMP_PREFIX

    return name.startswith(TEMP_PREFIX)


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()
