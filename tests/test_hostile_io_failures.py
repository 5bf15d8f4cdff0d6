"""Writing fails (issue 14): a full disk, a read-only folder — one Vietnamese line naming the
file, exit code 2, no traceback, and nothing half-written or half-published.

The failures are real: as root, the output folder is a tiny tmpfs filled to the last byte
(ENOSPC) or mounted read-only (EROFS); otherwise the command runs with a file-size limit of a
few bytes (EFBIG, the same path through the writer) and the folder is made read-only with
its permissions. The command runs in a child process (`python -m toolkit`, as the `ward-stats` command).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import CUTOFF, clean_content, info_for
from helpers_ward import fill_disk, tmpfs

from toolkit.core.model import Organisation, Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import submission_filename
from toolkit.sample.names import NameSource

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
BAD_OUTPUT = re.compile(r"Traceback|Exception ignored|ZipFile|FileCreateError|Lỗi không mong đợi|Errno")


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("io")
    nop = root / "nop"
    nop.mkdir()
    registry = Registry(
        [Organisation(c, info_for(c)["org_name"], "chi_bo_truc_thuoc", "to_dan_pho") for c in ("F01", "F02")]
    )
    names = NameSource(seed=3)
    for org in registry.organisations:
        clean_content(org.org_code, names, n_members=5).write(nop / submission_filename(org))
    write_registry(registry, root / "danh_muc.xlsx")
    done = _cli(["consolidate", str(nop), "--cutoff", CUTOFF.isoformat(), "-o", str(root / "th.xlsx"),
                 "--json", str(root / "th.json")])  # fmt: skip
    assert done.returncode == 0, done.stderr
    return root


def _cli(args: list[str], *, file_size_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if file_size_limit is not None:
            import resource
            import signal

            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit,
    )


def _commands(ward: Path, target: Path) -> dict[str, tuple[list[str], Path]]:
    """Each kind of output written into `target` (a folder): the command, and the path it names."""
    nop, reg = str(ward / "nop"), str(ward / "danh_muc.xlsx")
    cons = ["consolidate", nop, "--registry", reg, "--cutoff", CUTOFF.isoformat()]
    return {
        "workbook": ([*cons, "-o", str(target / "th.xlsx")], target / "th.xlsx"),
        "json": (
            [*cons, "-o", str(ward / "cap_moi.xlsx"), "--json", str(target / "th.json")],
            target / "th.json",
        ),
        "docx": (["report", str(ward / "th.json"), "-o", str(target / "bc.docx")], target / "bc.docx"),
        "templates": (["template", "--registry", reg, "--out", str(target)], target),
        "validation": (["validate", nop, "--json", str(target / "kt.json")], target / "kt.json"),
    }


KINDS = ("workbook", "json", "docx", "templates", "validation")


def _assert_clean_failure(done: subprocess.CompletedProcess[str], named: Path, reason: str) -> None:
    assert done.returncode == 2, done.stderr
    assert not BAD_OUTPUT.search(done.stderr + done.stdout), done.stderr
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Lỗi: "), done.stderr
    assert str(named) in lines[0] and reason in lines[0], lines[0]


@pytest.mark.parametrize("kind", KINDS)
def test_a_full_disk_ends_in_one_vietnamese_line_naming_the_file(
    ward: Path, tmp_path: Path, kind: str
) -> None:
    folder = tmp_path / "day"
    with tmpfs(folder, "size=256k") as mounted:
        if mounted:
            fill_disk(folder)
        args, named = _commands(ward, folder)[kind]
        done = _cli(args, file_size_limit=None if mounted else 16)
        reason = "ổ đĩa đã đầy" if mounted else "vượt quá kích thước"
        if kind == "templates":
            named = folder / _template_names(ward)[0].name
            reason = reason if mounted else "tệp tạm"  # the size limit stops openpyxl's own first
        elif kind == "json" and not mounted:
            named = ward / "cap_moi.xlsx"  # the size limit stops the first output already
        _assert_clean_failure(done, named, reason)
        leftovers = [p.name for p in folder.iterdir() if p.name != "day.bin"]
        assert leftovers == []  # nothing half-written, no temporary file
    if kind == "json":
        assert not (ward / "cap_moi.xlsx").exists()  # the pair is published whole or not at all


def _template_names(ward: Path) -> list[Path]:
    return sorted((ward / "nop").iterdir())


@pytest.mark.parametrize("kind", ["workbook", "templates", "validation"])
def test_a_read_only_folder_ends_in_one_vietnamese_line_naming_the_file(
    ward: Path, tmp_path: Path, kind: str
) -> None:
    folder = tmp_path / "chi_doc"
    with tmpfs(folder, "ro,size=64k") as mounted:
        if not mounted and os.geteuid() == 0:
            pytest.skip("root writes through permissions, and mounting a read-only tmpfs was refused")
        if not mounted:
            folder.chmod(0o555)
        try:
            args, named = _commands(ward, folder)[kind]
            done = _cli(args)
        finally:
            if not mounted:
                folder.chmod(0o755)
        if kind == "templates":
            named = folder / _template_names(ward)[0].name
        reason = "chỉ cho đọc" if mounted else "không có quyền ghi"
        _assert_clean_failure(done, named, reason)
        assert list(folder.iterdir()) == []
