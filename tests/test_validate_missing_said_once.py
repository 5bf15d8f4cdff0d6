"""h216: early in a quarter `validate FOLDER --registry …` printed one `org.missing` line per
organisation that had sent nothing, some sixty-five lines under "== Chung cho cả lần kiểm tra"
before the files' own findings (and, with one automatic correction among the issues, fifty of
them under "== Cần xem trước", the rest "… và N mục khác").

On the console the `org.missing` that say only "sent no file" are now one line, where the first
of them stood, naming every such organisation (code and name) with their count; those that say
more (a lock file, a file in a sub-folder) keep a line each, since each asks for something else;
`--json` keeps one issue per organisation. Real workbooks of the sample ward (the demo's), its
registry as a workbook, the command line in this process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
from helpers_history import run_cli

from toolkit.core.rules import make_issue
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.status import MISSING_SAID_ONE_BY_ONE, ward_lines
from toolkit.outputs.template import submission_filename
from toolkit.sample.ward import CUTOFF, SampleWard, build_sample_ward

HEADER = "== Chung cho cả lần kiểm tra (danh mục, thư mục, đối chiếu giữa các tệp)"
ONE_LINE = (
    "  [Cảnh báo] Chung (org.missing): {n} tổ chức sau chưa nộp tệp số liệu nên số liệu toàn phường chưa đủ: "
)
SENT = 5  # files in the folder, as in the first days of a quarter


def _early_quarter(tmp_path: Path, ward: SampleWard) -> tuple[Path, Path, list[str]]:
    """The ward's first five files in `nop`; of two organisations that sent nothing, a lock
    file beside them and a file in the sub-folder `cu` (those two codes returned)."""
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in ward.orgs[:SENT]:
        org.write(folder / submission_filename(org.organisation))
    locked, below = ward.orgs[SENT].organisation, ward.orgs[SENT + 3].organisation
    (folder / f"~${submission_filename(locked)}").write_bytes(b"\x00" * 165)  # Excel's lock file, alone
    (folder / "cu").mkdir()
    ward.orgs[SENT + 3].write(folder / "cu" / submission_filename(below))
    registry = write_registry(ward.registry, tmp_path / "danh_muc.xlsx")
    return folder, registry, [locked.org_code, below.org_code]


def _validate(folder: Path, registry: Path, out: Path) -> tuple[list[str], list[dict[str, Any]]]:
    result = run_cli(
        "validate", folder, "--registry", registry, "--cutoff", CUTOFF.isoformat(), "--json", out
    )
    assert result.exit_code == 0, result.output
    return result.output.splitlines(), json.loads(out.read_text(encoding="utf-8"))["issues"]


def _block(lines: list[str], header: str) -> list[str]:
    """The issue lines under `header`."""
    block = lines[lines.index(header) + 1 :]
    return block[: next((n for n, line in enumerate(block) if not line.startswith("  [")), len(block))]


def test_the_organisations_that_sent_nothing_are_one_line_the_others_their_own(tmp_path: Path) -> None:
    ward = build_sample_ward()
    folder, registry, detailed = _early_quarter(tmp_path, ward)
    lines, issues = _validate(folder, registry, tmp_path / "v.json")

    # --json: one issue per organisation that sent no file, each with its own message.
    missing = [i for i in issues if i["code"] == "org.missing"]
    not_sent = [o.organisation for o in ward.orgs[SENT:]]
    assert [i["org_code"] for i in missing] == [o.org_code for o in not_sent]
    messages = {i["org_code"]: i["message"] for i in missing}
    plain = [o for o in not_sent if o.org_code not in detailed]
    assert len(plain) == len(not_sent) - 2 > MISSING_SAID_ONE_BY_ONE

    block = _block(lines, HEADER)
    said_once = [line for line in block if line.startswith(ONE_LINE.format(n=len(plain)))]
    assert len(said_once) == 1, block
    # Every organisation that sent nothing is named, code and name, in the registry's order.
    named = said_once[0].removeprefix(ONE_LINE.format(n=len(plain)))
    orgs = [f"{o.org_code} ({o.org_name})" for o in plain]
    assert named == f"{', '.join(orgs[:-1])} và {orgs[-1]}."
    # … and no line of its own says any of them.
    assert not [line for line in block if any(messages[o.org_code] in line for o in plain)]
    # The two that say more keep their line each, word for word as in the JSON.
    for code in detailed:
        assert f"  [Cảnh báo] Chung (org.missing): {messages[code]}" in block, code
    assert "“~$" in messages[detailed[0]] and "thư mục con “cu”" in messages[detailed[1]]
    # Where the first of them stood, the other issues of the run around it as they were.
    json_order = [
        i["message"]
        for i in issues
        if i["file"] is None and i["org_code"] not in {o.org_code for o in plain[1:]}
    ]
    assert len(block) == len(json_order), block
    said = [line.split("): ", 1)[1] for line in block]
    first = json_order.index(messages[plain[0].org_code])
    assert said[:first] + said[first + 1 :] == json_order[:first] + json_order[first + 1 :]
    assert said[first] == said_once[0].split("): ", 1)[1]
    # Nothing of another code is collapsed: the sub-folder left unread is said on its own.
    assert any("(folder.subfolder_not_read)" in line for line in block), block
    # The summary still counts all of them.
    assert f"{len(not_sent)} tổ chức chưa nộp tệp (" in lines[1]


def test_with_a_correction_the_first_list_names_them_once_too(tmp_path: Path) -> None:
    """One gender typed "nam" (corrected): "Cần xem trước" lists the issues that are no
    correction, and listed fifty `org.missing` then "… và 17 mục khác"."""
    ward = build_sample_ward()
    folder, registry, detailed = _early_quarter(tmp_path, ward)
    path = folder / submission_filename(ward.orgs[0].organisation)
    book = openpyxl.load_workbook(path)
    book["Đảng viên"]["D2"] = "nam"
    book.save(path)
    lines, issues = _validate(folder, registry, tmp_path / "v.json")
    plain = len(ward.orgs) - SENT - len(detailed)
    head = next(line for line in lines if line.startswith("== Cần xem trước"))
    # The count is of every issue still.
    assert head.startswith(f"== Cần xem trước: 0 lỗi, {len(ward.orgs) - SENT + 1} cảnh báo"), head
    block = _block(lines, head)
    assert sum(line.startswith(ONE_LINE.format(n=plain)) for line in block) == 1, block
    assert sum("(org.missing)" in line for line in block) == 1 + len(detailed), block
    assert not [line for line in lines if line.startswith("  … và")], lines
    assert len([i for i in issues if i["code"] == "org.missing"]) == len(ward.orgs) - SENT


def test_a_few_keep_their_own_lines() -> None:
    """Up to `MISSING_SAID_ONE_BY_ONE` each keep their whole sentence; one more, one line."""
    issues = [
        make_issue("org.missing", org_code=f"CB{n:02d}", value=f"CB{n:02d}", org_name=f"Chi bộ {n}", seen="")
        for n in range(1, MISSING_SAID_ONE_BY_ONE + 2)
    ]
    few = ward_lines(issues[:MISSING_SAID_ONE_BY_ONE])[2:]
    assert few == [f"  [Cảnh báo] Chung (org.missing): {i.message}" for i in issues[:MISSING_SAID_ONE_BY_ONE]]
    (line,) = ward_lines(issues)[2:]
    assert line.startswith(ONE_LINE.format(n=len(issues))) and line.endswith(
        f"CB05 (Chi bộ 5) và CB{len(issues):02d} (Chi bộ {len(issues)})."
    )


def test_one_that_says_more_among_them_keeps_its_line() -> None:
    """Only a message that is the rule's with nothing after it is said in the one line: one
    that names a file under another code stays whole, after the one line (its place was after
    the first plain one)."""
    seen = " Tệp X.xlsx (mã CB09) ghi tên tổ chức này nhưng mã của tổ chức khác: hãy xem lỗi của tệp đó."
    issues = [
        make_issue("org.missing", org_code=f"CB{n:02d}", value=f"CB{n:02d}", org_name=f"Chi bộ {n}", seen="")
        for n in range(1, 8)
    ]
    issues.insert(
        3, make_issue("org.missing", org_code="CB20", value="CB20", org_name="Chi bộ (A)", seen=seen)
    )
    block = ward_lines(issues)[2:]
    assert len(block) == 2
    assert block[0].startswith(ONE_LINE.format(n=7)) and "CB20" not in block[0]
    assert block[1] == f"  [Cảnh báo] Chung (org.missing): {issues[3].message}"
