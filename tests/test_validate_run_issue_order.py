"""review211: `validate`'s issues of the run (`ValidationRun.ward_issues`: the registry's, a
folder's, the checks across files, then `org.missing` of each organisation that sent nothing)
were in the order they were found, so an error of the run could sit after many warnings in the
console's "== Chung …" block and in `--json`. They are now in the one order of a run's issues
(`rules.issue_order_key`, as the `Kiểm tra` sheet): errors first.

Real workbooks of the sample ward, a registry workbook, a sub-folder that is not read, and one
check across files that crashes (its `ward.check_failed`, an error, found after the folder's
warning and before the organisations not sent); the command line in this process.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from helpers_history import run_cli

import toolkit.validation.run as runner
from toolkit.core.model import Issue
from toolkit.core.rules import issue_order_key
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import submission_filename
from toolkit.sample.ward import CUTOFF, build_sample_ward
from toolkit.validation import events

HEADER = "== Chung cho cả lần kiểm tra (danh mục, thư mục, đối chiếu giữa các tệp)"


def _crash(ctx: object) -> list[Issue]:
    raise RuntimeError("a check across files that fails")


def test_the_runs_issues_are_errors_first_in_the_console_and_the_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ward = build_sample_ward()
    folder = tmp_path / "nop"
    folder.mkdir()
    sent = ward.orgs[:2]
    for org in sent:
        org.write(folder / submission_filename(org.organisation))
    (folder / "cu").mkdir()
    shutil.copy(folder / submission_filename(sent[0].organisation), folder / "cu" / "quy_truoc.xlsx")
    registry = write_registry(ward.registry, tmp_path / "danh_muc.xlsx")
    monkeypatch.setattr(
        runner,
        "WARD_CHECKS",
        tuple(
            dataclasses.replace(c, fn=_crash) if c is events.transfer_dates_reversed else c
            for c in runner.WARD_CHECKS
        ),
    )
    out = tmp_path / "kiem_tra.json"
    result = run_cli(
        "validate", folder, "--registry", registry, "--cutoff", CUTOFF.isoformat(), "--json", out
    )  # fmt: skip
    assert result.exit_code == 1, result.output

    found = [i for i in json.loads(out.read_text(encoding="utf-8"))["issues"] if i["file"] is None]
    codes = [i["code"] for i in found]
    # The run's issues of each kind are there: the folder's warning, the crash, the missing.
    assert "folder.subfolder_not_read" in codes and "ward.check_failed" in codes, codes
    assert codes.count("org.missing") == len(ward.orgs) - len(sent), codes
    assert codes[0] == "ward.check_failed", codes
    severities = [i["severity"] for i in found]
    assert severities == sorted(severities, key=lambda s: s != "error"), codes
    # The one order of a run's issues, as the Kiểm tra sheet has them.
    keyed = [Issue(i["code"], i["severity"], i["message"]) for i in found]
    assert keyed == sorted(keyed, key=issue_order_key), codes

    lines = result.output.splitlines()
    block = lines[lines.index(HEADER) + 1 :]
    block = block[: next((n for n, line in enumerate(block) if not line.startswith("  [")), len(block))]
    # The organisations that sent nothing (none has a file anywhere) are one line there, where
    # the first of them stood (h216: `status.missing_said_once`).
    said = [c for n, c in enumerate(codes) if c != "org.missing" or "org.missing" not in codes[:n]]
    assert len(block) == len(said), block
    assert "(ward.check_failed)" in block[0], block
    assert all(f"({code})" in line for code, line in zip(said, block, strict=True)), block
