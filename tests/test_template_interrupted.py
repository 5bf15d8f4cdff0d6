"""`ward-stats template --registry` stopped by Ctrl+C, or failing half-way through its renames:
the pre-filled templates stand or fall together.

Stopped while the templates are made, the run leaves no new file, no temporary one and no new
folder, and the templates of before byte for byte (with `--overwrite` too); the same command
then writes every template. Stopped in the middle of the renames, the run completes them and
says which files it wrote. A rename that fails gives back the files renamed before it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pytest
from helpers_sets import (
    command,
    interrupt_on_call,
    run_with_ctrl_c_while_renaming,
    sigint_kept,
    snapshot,
    temps,
)

import toolkit.outputs.publish as publish
import toolkit.outputs.template as template
from toolkit.cli import INTERRUPTED
from toolkit.core import layout
from toolkit.core.model import Organisation, Registry
from toolkit.io.atomic import TEMP_PREFIX
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import submission_filename

__all__ = ["sigint_kept"]  # fixtures

REGISTRY = Registry(
    [
        Organisation(
            f"HD{n:02d}", f"Chi bộ Tổ dân phố số {n}", "chi_bo_truc_thuoc", "to_dan_pho", f"Bí thư {n}"
        )
        for n in range(1, 6)
    ]
)
NAMES = sorted(submission_filename(org) for org in REGISTRY.organisations)
MARK = "Bản cũ, trước lần tạo lại"


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    return write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")


def _templates_of_before(out: Path, registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The templates of an earlier run, each marked on its guide sheet (still unfilled, so
    `--overwrite` replaces them), beside a note of the office."""
    code, _, stderr = command(["template", "--registry", registry, "--out", out], capsys)
    assert code == 0, stderr
    for name in NAMES:
        wb = openpyxl.load_workbook(out / name)
        wb[layout.SHEET_GUIDE]["A40"] = MARK
        wb.save(out / name)
    (out / "ghi_chu.txt").write_text("gửi các chi bộ trước ngày 05\n", encoding="utf-8")


def _marked(path: Path) -> bool:
    return openpyxl.load_workbook(path)[layout.SHEET_GUIDE]["A40"].value == MARK


@pytest.mark.parametrize("overwrite", [False, True], ids=["new-folder", "overwrite"])
@pytest.mark.usefixtures("sigint_kept")
def test_ctrl_c_while_making_the_templates_leaves_none_and_a_rerun_writes_all(
    registry: Path,
    tmp_path: Path,
    overwrite: bool,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "mau"
    args = ["template", "--registry", registry, "--out", out, *(["--overwrite"] if overwrite else [])]
    if overwrite:
        _templates_of_before(out, registry, capsys)
    before = snapshot(out)
    monkeypatch.setattr(template, "build_template", interrupt_on_call(4, template.build_template))
    code, stdout, stderr = command(args, capsys)
    assert code == 130
    assert stderr.splitlines() == [INTERRUPTED]  # "các tệp kết quả cũ (nếu có) vẫn giữ nguyên": true
    assert "Đã tạo" not in stdout
    assert snapshot(out) == before  # no new template, the old ones byte for byte (or no folder)
    assert temps(out) == []

    monkeypatch.undo()
    code, stdout, stderr = command(args, capsys)
    assert code == 0, stderr
    assert f"Đã tạo {len(NAMES)} biểu mẫu điền sẵn" in stdout
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".xlsx") == NAMES
    assert not any(_marked(out / name) for name in NAMES)
    assert temps(out) == []


def test_ctrl_c_during_the_renames_completes_them_and_names_the_files_written(
    registry: Path, tmp_path: Path
) -> None:
    out = tmp_path / "mau"
    done = run_with_ctrl_c_while_renaming(["template", "--registry", registry, "--out", out])
    assert done.returncode == 130, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == (
        f"Đã dừng theo yêu cầu (Ctrl+C) sau khi đã ghi xong {len(NAMES)} tệp dưới đây vào thư mục "
        f"\u201c{out}\u201d; ngoài các tệp này, không tệp nào khác bị thay đổi:"
    )
    assert sorted(line.strip() for line in lines[1:]) == NAMES
    assert sorted(p.name for p in out.iterdir()) == NAMES


@pytest.mark.skipif(os.name != "posix", reason="os.replace refused on the third template")
def test_a_rename_that_fails_gives_back_the_templates_renamed_before_it(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As when a template is open in Excel on Windows: `os.replace` over it is refused."""
    out = tmp_path / "mau"
    _templates_of_before(out, registry, capsys)
    before = snapshot(out)
    real, renamed = os.replace, []

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if os.path.basename(os.fspath(src)).startswith((f"{TEMP_PREFIX}r", f"{TEMP_PREFIX}s")):
            renamed.append(dst)
            if len(renamed) == 3:
                raise PermissionError(13, "Permission denied", os.fspath(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    code, stdout, stderr = command(["template", "--registry", registry, "--out", out, "--overwrite"], capsys)
    assert code == 2
    assert stderr.startswith(f"Lỗi: Không ghi được tệp \u201c{out / NAMES[2]}\u201d")
    assert "Đã tạo" not in stdout
    assert snapshot(out) == before  # the first two given back their bytes
    assert temps(out) == []


def _filled(path: Path) -> Path:
    """A secretary's filled submission of HD02 (two members), as returned by e-mail."""
    org = REGISTRY.organisations[1]
    info = {
        "org_code": org.org_code,
        "org_name": org.org_name,
        "org_tier": org.org_tier,
        "sector": org.sector,
        "secretary": org.secretary,
        "cutoff_date": dt.date(2026, 3, 31),
    }
    members = [
        {
            "row_no": i,
            "full_name": f"Đảng viên Số {i}",
            "birth_date": dt.date(1970 + i, 3, 4),
            "gender": "male",
            "admission_date": dt.date(2000 + i, 6, 1),
            "official_date": dt.date(2001 + i, 6, 1),
        }
        for i in (1, 2)
    ]
    return template.write_submission(path, info=info, members=members)


@pytest.mark.parametrize(
    ("before", "when"),
    [("unfilled-template", "making"), ("no-file", "making"), ("unfilled-template", "writing")],
)
def test_a_submission_copied_in_while_the_templates_are_made_is_never_replaced(
    registry: Path,
    tmp_path: Path,
    before: str,
    when: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`template --overwrite` (the "Tạo biểu mẫu" button) judges the targets before it makes the
    templates, seconds for a ward; a filled submission copied in under a template's name
    meanwhile (over last month's unfilled template, or where there was none), while they are
    made or while they are written beside their targets, stops the commit before any rename:
    the submission stays, no template is written, and the message names the file."""
    out = tmp_path / "mau"
    if before == "unfilled-template":
        _templates_of_before(out, registry, capsys)
    else:
        out.mkdir()
    filled = _filled(tmp_path / "from_mail.xlsx")
    target = out / NAMES[1]
    assert target.name.startswith("HD02_")
    snap = snapshot(out)
    module, name = (template, "build_template") if when == "making" else (publish, "stage")
    real, calls = getattr(module, name), []

    def copy_in_on_the_third_call(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 3:  # after the check: a template is being made, or written
            if before == "unfilled-template":
                with filled.open("rb") as source, target.open("r+b") as into:  # in place, as `cp`
                    into.truncate()
                    into.write(source.read())
            else:
                os.replace(filled, target)
        return real(*args, **kwargs)

    data = filled.read_bytes()
    monkeypatch.setattr(module, name, copy_in_on_the_third_call)
    code, stdout, stderr = command(["template", "--registry", registry, "--out", out, "--overwrite"], capsys)
    assert code == 2, stderr
    what = "vừa thay đổi" if before == "unfilled-template" else "vừa được tạo"
    assert stderr.startswith(f"Lỗi: Tệp \u201c{target}\u201d {what} trong lúc lệnh đang chạy"), stderr
    # "run again", not "run the command again": the Excel buttons run this too
    assert "Chưa tệp nào được ghi; hãy chạy lại để kiểm tra lại tệp đó." in stderr
    assert "Đã tạo" not in stdout
    assert target.read_bytes() == data  # the secretary's submission, intact
    assert snapshot(out) == {**(snap or {}), target.name: data}  # no template written
    assert temps(out) == []

    # Run again, the check sees the submission: refused as a filled one.
    monkeypatch.undo()
    code, _, stderr = command(["template", "--registry", registry, "--out", out, "--overwrite"], capsys)
    assert code == 2 and "đã có số liệu (bài nộp đã điền)" in stderr and target.name in stderr
    assert target.read_bytes() == data
