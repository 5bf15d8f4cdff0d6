"""A ward's folder: 72 files, some corrupt, each reported with its status and no traceback."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_names import spelled
from helpers_validate import clean_info, member, run

from toolkit.cli import main
from toolkit.outputs.template import write_submission

pytestmark = pytest.mark.slow  # real processes, generated wards or large inputs: `-m "not slow"` skips them

CORRUPT = {
    "69_rac.xlsx": b"not a workbook at all",
    "70_cu.xls": bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 2048,
    "71_mat_khau.xlsx": bytes.fromhex("D0CF11E0A1B11AE1")
    + "EncryptedPackage".encode("utf-16-le")
    + b"\0" * 512,
    "72_hong.xlsx": b"PK\x03\x04" + b"\x00" * 100,  # cut short: no zip directory at its end
}


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ward")
    for n in range(1, 69):
        code = f"CB{n:02d}"
        members = [
            member(
                full_name=f"Đảng viên {spelled(code)} số {spelled(k)}",
                birth_date=dt.date(1960 + k, n % 12 + 1, k + 1),
                card_no=f"{code}-{k}",
            )
            for k in range(1, 4)
        ]
        if n == 5:
            members[0]["gender"] = "Không rõ"  # one error
        if n == 6:
            members[0]["gender"] = "nam"  # one warning
        # The period's finished year, 2025, has its row (`year.missing`), its members rated
        # (`year.unrated`), its other counts left empty.
        write_submission(
            folder / f"{n:02d}_{code}.xlsx",
            info=clean_info(org_code=code),
            members=members,
            years=[{"year": 2025, "rated_good": 3}],
        )
    for name, data in CORRUPT.items():
        (folder / name).write_bytes(data)
    (folder / "~$01_CB01.xlsx").write_bytes(b"lock")
    return folder


def test_every_file_gets_a_status(ward: Path) -> None:
    result = run(ward)
    status = {f["file"]: f["status"] for f in result.files()}
    assert len(status) == 72 and "~$01_CB01.xlsx" not in status
    assert status["05_CB05.xlsx"] == "errors" and status["06_CB06.xlsx"] == "warnings"
    assert all(status[name] == "errors" for name in CORRUPT)
    assert sum(1 for s in status.values() if s == "ok") == 66
    assert {i.code for i in result.issues if i.file in CORRUPT} == {
        "file.truncated",
        "file.xls",
        "file.password",
        "file.format",
    }


def test_cli_reports_the_folder_as_json(ward: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(ward), "--json", "-"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert len(doc["files"]) == 72
    assert {f["status"] for f in doc["files"]} == {"ok", "warnings", "errors"}
    assert "Traceback" not in result.output
