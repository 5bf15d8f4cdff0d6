"""`validate` with a registry names each registry organisation that sent no file (hunt206 R4).

The clerk presses “Kiểm tra” (or runs `ward-stats validate`) before “Tổng hợp” to learn what is
still missing or wrong; only the consolidation said who had not sent. Now the check says it too,
with consolidation's own `org.missing` (its attribution: the same message and special cases), as
a warning of the run: the summary's line, the list, the JSON, never a chi bộ's feedback file.
Real generated submissions and a real registry workbook throughout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from tests.helpers_excel import CUTOFF, REGISTRY, write_ward
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.pipeline import consolidate

MISSING = "org.missing"
NOT_SENT = "1 tổ chức chưa nộp tệp (CB03)."


def _validate(tmp_path: Path, *extra: str, registry: bool = True) -> tuple[Result, dict[str, Any]]:
    """`ward-stats validate` of the ward's folder (CB03 of the registry sent no file), its JSON."""
    args = ["validate", str(tmp_path / "nop"), "--cutoff", f"{CUTOFF:%d/%m/%Y}"]
    args += ["--json", str(tmp_path / "v.json")]
    if registry:
        args += ["--registry", str(write_registry(REGISTRY, tmp_path / "dm.xlsx"))]
    out = CliRunner().invoke(main, [*args, *extra])
    return out, json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))


def _consolidation_missing(tmp_path: Path, registry: Registry = REGISTRY) -> list[tuple[str | None, str]]:
    result = consolidate([tmp_path / "nop"], cutoff=CUTOFF, registry=registry)
    return [(i.org_code, i.message) for i in result.issues if i.code == MISSING]


def test_validate_names_the_registry_organisation_that_sent_no_file(tmp_path: Path) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    out, doc = _validate(tmp_path)
    # A warning: the exit code stays "no error" (0), as documented ("có thể có cảnh báo").
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[:3] == [
        "Đã kiểm tra 2 tệp: 2 đạt, 0 chỉ có cảnh báo, 0 có lỗi.",
        NOT_SENT,
        "Tổng cộng 0 lỗi, 1 cảnh báo; xem chi tiết ở danh sách dưới đây.",
    ]
    message = (
        "Tổ chức CB03 (Chi bộ Công ty Cổ phần May 10) chưa nộp tệp số liệu: số liệu toàn phường chưa đủ."
    )
    assert f"  [Cảnh báo] Chung ({MISSING}): {message}" in lines  # among the run's own issues
    (issue,) = [i for i in doc["issues"] if i["code"] == MISSING]
    where = (issue["org_code"], issue["file"], issue["cell"], issue["severity"])
    assert where == ("CB03", None, None, "warning")
    assert issue["message"] == message
    assert [f["status"] for f in doc["files"]] == ["ok", "ok"]  # no file's issue
    # Exactly what the consolidation says of the same folder, which says it once.
    assert _consolidation_missing(tmp_path) == [("CB03", message)]


def test_the_special_cases_are_the_consolidations(tmp_path: Path) -> None:
    """Only CB03's lock file is in the folder, and CB01's file names CB03 in its file name:
    the message says both, word for word as the consolidation's."""
    folder = tmp_path / "nop"
    write_ward(folder, with_error=False)
    (folder / "CB01.xlsx").rename(folder / "CB03_chi_bo_cong_ty.xlsx")  # holds CB01's code
    (folder / "~$CB03_ban_cuoi.xlsx").write_bytes(b"\x00" * 165)  # Excel's lock file, alone
    out, doc = _validate(tmp_path)
    assert out.exit_code == 0, out.output
    said = [(i["org_code"], i["message"]) for i in doc["issues"] if i["code"] == MISSING]
    assert said == _consolidation_missing(tmp_path)
    ((code, message),) = said
    assert code == "CB03"
    assert "Tệp CB03_chi_bo_cong_ty.xlsx (mã CB01) có tên tệp là của tổ chức này" in message
    assert "chỉ có tệp “~$CB03_ban_cuoi.xlsx”" in message
    assert NOT_SENT in out.output.splitlines()


def test_every_organisation_sent_a_file_says_nothing_more(tmp_path: Path) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    registry = Registry(REGISTRY.organisations[:2])  # CB01 and CB02 only: both sent theirs
    path = write_registry(registry, tmp_path / "dm2.xlsx")
    args = ["validate", str(tmp_path / "nop"), "--cutoff", f"{CUTOFF:%d/%m/%Y}", "--registry", str(path)]
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 0, out.output
    assert "chưa nộp" not in out.output and MISSING not in out.output
    assert _consolidation_missing(tmp_path, registry) == []


def test_without_a_registry_nothing_is_missing(tmp_path: Path) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    out, doc = _validate(tmp_path, registry=False)
    assert out.exit_code == 0, out.output
    assert "chưa nộp" not in out.output
    assert not [i for i in doc["issues"] if i["code"] == MISSING]


def test_files_named_one_by_one_are_a_selection_not_the_ward(tmp_path: Path) -> None:
    """`validate nop/CB01.xlsx`: the clerk checks that file; CB02 and CB03 are not "chưa nộp"."""
    paths = write_ward(tmp_path / "nop", with_error=False)
    registry = write_registry(REGISTRY, tmp_path / "dm.xlsx")
    for given in ([paths[0]], [paths[0], tmp_path / "nop"]):
        args = ["validate", *map(str, given), "--cutoff", f"{CUTOFF:%d/%m/%Y}", "--registry", str(registry)]
        out = CliRunner().invoke(main, args)
        assert out.exit_code == 0, out.output
        assert "chưa nộp" not in out.output and MISSING not in out.output


def test_a_file_with_errors_keeps_the_exit_code_and_its_feedback_never_names_the_missing_one(
    tmp_path: Path,
) -> None:
    write_ward(tmp_path / "nop")  # CB02 has an error
    out, doc = _validate(tmp_path, "--feedback", str(tmp_path / "phan_hoi"))
    assert out.exit_code == 1, out.output  # errors, as before: the warning changes nothing
    assert out.output.splitlines()[1] == NOT_SENT
    assert [i["org_code"] for i in doc["issues"] if i["code"] == MISSING] == ["CB03"]
    (feedback,) = (tmp_path / "phan_hoi").iterdir()  # CB02's, for its secretary
    book = openpyxl.load_workbook(feedback, read_only=True)
    rows = [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    text = " ".join(str(v) for row in rows for v in row if v)
    assert "CB02" in text
    assert "CB03" not in text and MISSING not in text and "chưa nộp" not in text


def test_an_attribution_that_fails_is_said_never_an_empty_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.validation import attribution

    def broken(*_: object) -> None:
        raise ZeroDivisionError("x")

    write_ward(tmp_path / "nop", with_error=False)
    monkeypatch.setattr(attribution, "attribute", broken)
    out, doc = _validate(tmp_path)
    assert out.exit_code == 1, out.output  # `ward.check_failed` is an error
    (failed,) = [i for i in doc["issues"] if i["code"] == "ward.check_failed"]
    assert "org.missing" in failed["message"] and "Traceback" not in out.output


def test_a_file_of_the_missing_one_in_a_subfolder_is_named(tmp_path: Path) -> None:
    """h211: CB03's file put in a sub-folder (“cu”) is not read; validate now says CB03 "chưa
    nộp" (hunt206 R4) and said the folder apart, so the clerk called a secretary who had sent.
    The message names the file and its sub-folder, as the consolidation's does; a ward-stats
    workbook named for CB03 in another sub-folder (a copy of the consolidation workbook) is no
    file of CB03's and is not named."""
    import shutil

    from toolkit.excel.build import DEFAULT_TARGET

    folder = tmp_path / "nop"
    paths = write_ward(folder, with_error=False)
    (folder / "cu").mkdir()
    shutil.copy(paths[0], folder / "cu" / "CB03_chi_bo_cong_ty.xlsx")
    (folder / "luu").mkdir()
    shutil.copy(DEFAULT_TARGET, folder / "luu" / "CB03 tong hop.xlsm")
    out, doc = _validate(tmp_path)
    assert out.exit_code == 0, out.output
    said = [(i["org_code"], i["message"]) for i in doc["issues"] if i["code"] == MISSING]
    assert said == _consolidation_missing(tmp_path)
    ((code, message),) = said
    assert code == "CB03"
    assert message.endswith(
        "chưa nộp tệp số liệu: số liệu toàn phường chưa đủ. Tệp “CB03_chi_bo_cong_ty.xlsx” (trong "
        "thư mục con “cu”) mang tên tổ chức này nhưng không được đọc: chỉ các tệp nằm ngay trong "
        "thư mục bài nộp được kiểm tra và tổng hợp. Nếu đó là bài nộp của kỳ này, hãy chuyển tệp ra "
        "thư mục bài nộp rồi làm lại."
    )
    assert "tong hop" not in message and "luu" not in message
    assert [i["value"] for i in doc["issues"] if i["code"] == "folder.subfolder_not_read"] == ["cu"]


def test_the_templates_beside_the_consolidation_workbook_are_no_file_of_the_missing_one(
    tmp_path: Path,
) -> None:
    """The clerk's one folder: the consolidation workbook among the submissions, its `bieu_mau`
    folder of pre-filled templates beside it (one per organisation, CB03's too). Those are no
    folder left unread, nor CB03's file."""
    import shutil

    from toolkit.excel.build import DEFAULT_TARGET, WORKBOOK_FILENAME

    folder = tmp_path / "nop"
    paths = write_ward(folder, with_error=False)
    shutil.copy(DEFAULT_TARGET, folder / WORKBOOK_FILENAME)
    (folder / "bieu_mau").mkdir()
    shutil.copy(paths[0], folder / "bieu_mau" / "CB03_chi_bo_cong_ty.xlsx")
    out, doc = _validate(tmp_path)
    assert out.exit_code == 0, out.output
    ((code, message),) = [(i["org_code"], i["message"]) for i in doc["issues"] if i["code"] == MISSING]
    assert code == "CB03" and "bieu_mau" not in message and "CB03_chi_bo" not in message
    assert "folder.subfolder_not_read" not in out.output


def test_old_quarters_in_a_subfolder_are_counted_and_only_the_missing_ones_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """h213: a ward keeping its old quarters in “cu/” has a dozen files of each organisation
    there. The missing one's message named all of them, each with “(trong thư mục con “cu”)”:
    now three are named, the sub-folder said once for them, the rest counted. And each file of
    an organisation that sent was opened again to tell ward-stats' own workbooks, which only
    matters for a file of a missing one: such a file is opened once (by the folder's count)."""
    import os
    import shutil

    from toolkit.io import package

    folder = tmp_path / "nop"
    paths = write_ward(folder, with_error=False)
    (folder / "cu").mkdir()
    for quarter in range(1, 7):
        os.utime(shutil.copy(paths[0], folder / "cu" / f"CB03_quy{quarter}.xlsx"), (1e9, 1e9))  # one time
        shutil.copy(paths[0], folder / "cu" / f"CB01_quy{quarter}.xlsx")
    opened: list[str] = []
    real = package.own_workbook_at

    def counted(path: Path) -> bool:
        opened.append(path.name)
        return real(path)

    monkeypatch.setattr(package, "own_workbook_at", counted)
    out, doc = _validate(tmp_path)
    assert out.exit_code == 0, out.output
    ((message,),) = [[i["message"]] for i in doc["issues"] if i["code"] == MISSING]
    assert message.endswith(
        "chưa nộp tệp số liệu: số liệu toàn phường chưa đủ. Các tệp “CB03_quy1.xlsx”, "
        "“CB03_quy2.xlsx”, “CB03_quy3.xlsx” (trong thư mục con “cu”) và 3 tệp khác mang tên tổ "
        "chức này nhưng không được đọc: chỉ các tệp nằm ngay trong thư mục bài nộp được kiểm tra "
        "và tổng hợp. Nếu đó là bài nộp của kỳ này, hãy chuyển tệp ra thư mục bài nộp rồi làm lại."
    ), message
    assert sorted(n for n in opened if n.startswith("CB01_quy")) == [f"CB01_quy{q}.xlsx" for q in range(1, 7)]


def test_the_newest_file_in_a_subfolder_is_named_first(tmp_path: Path) -> None:
    """h213: of a dozen files of the missing CB03 in “cu”, three are named: this period's, put
    there by mistake, is the newest, and is named even when its name sorts last; the old
    quarters are counted."""
    import os
    import shutil

    folder = tmp_path / "nop"
    paths = write_ward(folder, with_error=False)
    (folder / "cu").mkdir()
    for quarter in range(1, 7):
        old = shutil.copy(paths[0], folder / "cu" / f"CB03_quy{quarter}.xlsx")
        os.utime(old, (1_600_000_000 + quarter, 1_600_000_000 + quarter))
    shutil.copy(paths[0], folder / "cu" / "CB03_z_ky_nay.xlsx")
    out, doc = _validate(tmp_path)
    assert out.exit_code == 0, out.output
    ((message,),) = [[i["message"]] for i in doc["issues"] if i["code"] == MISSING]
    assert (
        "Các tệp “CB03_z_ky_nay.xlsx”, “CB03_quy6.xlsx”, “CB03_quy5.xlsx” (trong thư mục con “cu”) "
        "và 4 tệp khác mang tên tổ chức này" in message
    ), message
