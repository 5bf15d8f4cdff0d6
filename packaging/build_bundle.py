"""Build the offline Windows bundle: `dist/ward-stats-<version>-windows.zip`.

    uv run python packaging/build_bundle.py [--out DIR] [--cache DIR] [--wheelhouse-only]

The zip holds everything a ward office PC needs besides Python itself and Excel:

- `wheelhouse/`: the project's wheel and one wheel of every dependency, at the versions of
  `uv.lock`, for Windows x64 and each CPython of `toolkit.excel.install.SUPPORTED_PYTHONS`;
- `cai_dat.cmd` (installs from the wheelhouse with no network, then runs `ward-stats doctor`),
  the launchers `Tao mau.cmd`, `Kiem tra.cmd`, `Tong hop.cmd`, `Danh sach.cmd`, `Lich su.cmd`,
  `Nang cap.cmd`, `Nam truoc 1 - Tao tep.cmd` and `Nam truoc 2 - Nhap vao lich su.cmd` (last
  year's forms typed into the history, a ward's first year) and `HUONG_DAN.txt`, from
  `packaging/windows/`;
- `tong_hop_phuong.xlsm` and the blank branch template `mau_chi_bo.xlsx` (the committed files),
  and `WardStats.bas`, the buttons' VBA module, for the fallback workbook assembled by hand.

Wheels are fetched with `pip download --only-binary=:all: --platform win_amd64` into a cache
(`build/wheelhouse-cache`, git-ignored) and taken from there when already present, so a second
build needs no network. pip evaluates environment markers for the machine it runs on, not for
the target, so the requirements are selected here, per target, with `packaging.markers`.
The .cmd and .bas files get CRLF line ends (cmd.exe mis-reads labels in LF-only batch files,
the VBA editor imports CRLF) and
`HUONG_DAN.txt` a UTF-8 byte order mark (so Notepad on any Windows reads it as UTF-8).
The zip is reproducible: fixed timestamps, sorted entries.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

from toolkit.excel.install import SUPPORTED_PYTHONS

ROOT = Path(__file__).resolve().parents[1]
WINDOWS_FILES = Path(__file__).resolve().parent / "windows"
DEFAULT_OUT = ROOT / "dist"
DEFAULT_CACHE = ROOT / "build" / "wheelhouse-cache"
PLATFORM = "win_amd64"
ZIP_DATE = (2026, 1, 1, 0, 0, 0)
WORKBOOKS = (ROOT / "xlsx_templates" / "tong_hop_phuong.xlsm", ROOT / "xlsx_templates" / "mau_chi_bo.xlsx")
LAUNCHERS = (
    "cai_dat.cmd",
    "Tao mau.cmd",
    "Kiem tra.cmd",
    "Tong hop.cmd",
    "Danh sach.cmd",
    "Lich su.cmd",
    "Nang cap.cmd",
    "Nam truoc 1 - Tao tep.cmd",
    "Nam truoc 2 - Nhap vao lich su.cmd",
)
GUIDE = "HUONG_DAN.txt"
# For the workbook assembled by hand (docs/excel.md): the VBA editor imports CRLF files.
MACRO = ROOT / "macros" / "WardStats.bas"


@dataclass(frozen=True)
class Requirement:
    name: str  # canonical
    version: str
    marker: Marker | None


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def locked_requirements() -> list[Requirement]:
    """The runtime dependencies at the exact versions of uv.lock, with their markers."""
    text = subprocess.run(
        ["uv", "export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project", "--no-header"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    requirements = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        spec, _, marker = line.partition(";")
        name, _, version = spec.strip().partition("==")
        requirements.append(
            Requirement(canonicalize_name(name), version.strip(), Marker(marker) if marker.strip() else None)
        )
    return requirements


def target_environment(python: tuple[int, int]) -> dict[str, str]:
    """The marker environment of CPython `python` on 64-bit Windows."""
    version = f"{python[0]}.{python[1]}"
    return {
        "implementation_name": "cpython",
        "implementation_version": f"{version}.0",
        "os_name": "nt",
        "platform_machine": "AMD64",
        "platform_python_implementation": "CPython",
        "platform_release": "",
        "platform_system": "Windows",
        "platform_version": "",
        "python_full_version": f"{version}.0",
        "python_version": version,
        "sys_platform": "win32",
    }


def requirements_for(python: tuple[int, int], requirements: list[Requirement]) -> list[Requirement]:
    env = target_environment(python)
    return [r for r in requirements if r.marker is None or r.marker.evaluate(env)]


def target_tags(python: tuple[int, int]) -> set[Tag]:
    interpreter = f"cp{python[0]}{python[1]}"
    return set(cpython_tags(python, [interpreter, "abi3", "none"], [PLATFORM])) | set(
        compatible_tags(python, interpreter, [PLATFORM])
    )


def find_wheel(folder: Path, requirement: Requirement, python: tuple[int, int]) -> Path | None:
    """A wheel of exactly `requirement` in `folder` that CPython `python` on Windows x64 installs."""
    tags = target_tags(python)
    for path in sorted(folder.glob("*.whl")):
        name, version, _, wheel_tags = parse_wheel_filename(path.name)
        if name == requirement.name and str(version) == requirement.version and wheel_tags & tags:
            return path
    return None


def download(requirements: list[Requirement], python: tuple[int, int], cache: Path) -> None:
    """Fetch the wheels missing from the cache (pip, binary only, for the target platform)."""
    missing = [r for r in requirements if find_wheel(cache, r, python) is None]
    if not missing:
        return
    version = f"{python[0]}.{python[1]}"
    print(f"Downloading {len(missing)} wheel(s) for CPython {version} on {PLATFORM} …", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--disable-pip-version-check",
            "--only-binary=:all:",
            "--no-deps",
            "--platform",
            PLATFORM,
            "--python-version",
            version,
            "--implementation",
            "cp",
            "--dest",
            str(cache),
            *(f"{r.name}=={r.version}" for r in missing),
        ],
        check=True,
    )
    still = [r.name for r in missing if find_wheel(cache, r, python) is None]
    if still:
        raise SystemExit(f"no Windows x64 wheel for CPython {version}: {', '.join(still)}")


def build_project_wheel(dest: Path) -> Path:
    subprocess.run(
        ["uv", "build", "--wheel", "--out-dir", str(dest)], cwd=ROOT, check=True, capture_output=True
    )
    (wheel,) = dest.glob("ward_stats-*.whl")
    return wheel


def build_wheelhouse(dest: Path, cache: Path = DEFAULT_CACHE) -> list[Path]:
    """Fill `dest` with the project's wheel and every dependency wheel for every target."""
    dest.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    requirements = locked_requirements()
    wheels: set[Path] = set()
    for python in SUPPORTED_PYTHONS:
        needed = requirements_for(python, requirements)
        download(needed, python, cache)
        wheels |= {find_wheel(cache, r, python) for r in needed}  # type: ignore[misc]
    for wheel in wheels:
        shutil.copy2(wheel, dest / wheel.name)
    project = build_project_wheel(dest)
    return sorted([project, *(dest / w.name for w in wheels)])


def _windows_text(path: Path) -> bytes:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
    if path.suffix in (".cmd", ".bas"):
        return text.encode("ascii")  # refuses a non-ASCII character rather than garbling it
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def _add(archive: zipfile.ZipFile, name: str, data: bytes, *, compress: bool = True) -> None:
    info = zipfile.ZipInfo(name, ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def build_bundle(out: Path = DEFAULT_OUT, cache: Path = DEFAULT_CACHE) -> Path:
    """Write `ward-stats-<version>-windows.zip` into `out` and return its path."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"ward-stats-{project_version()}-windows.zip"
    with tempfile.TemporaryDirectory() as tmp:
        wheels = build_wheelhouse(Path(tmp) / "wheelhouse", cache)
        partial = target.with_suffix(".zip.part")
        with zipfile.ZipFile(partial, "w") as archive:
            entries: dict[str, tuple[bytes, bool]] = {}
            for name in (*LAUNCHERS, GUIDE):
                entries[name] = (_windows_text(WINDOWS_FILES / name), True)
            entries[MACRO.name] = (_windows_text(MACRO), True)
            for workbook in WORKBOOKS:
                entries[workbook.name] = (workbook.read_bytes(), True)
            for wheel in wheels:  # already compressed: stored as they are
                entries[f"wheelhouse/{wheel.name}"] = (wheel.read_bytes(), False)
            for name in sorted(entries):
                data, compress = entries[name]
                _add(archive, name, data, compress=compress)
        partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: dist/)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="downloaded wheels")
    parser.add_argument(
        "--wheelhouse-only", type=Path, metavar="DIR", help="only fill DIR with the wheels, no zip"
    )
    args = parser.parse_args(argv)
    if args.wheelhouse_only:
        wheels = build_wheelhouse(args.wheelhouse_only, args.cache)
        print(f"{len(wheels)} wheels in {args.wheelhouse_only}")
        return
    path = build_bundle(args.out, args.cache)
    print(f"Wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
