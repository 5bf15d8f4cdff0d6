"""A registry that still holds only the template's example row is not the ward's (hunt302 F4).

The shipped `tong_hop_phuong.xlsm` has one example row on its `Danh mục tổ chức` sheet (CB01
"Chi bộ Tổ dân phố số 1", `EXAMPLE_ORGANISATION`). A clerk who pressed Kiểm tra (or ran
`validate --settings`) before filling that sheet got `org.unknown` for every file, a feedback
file telling every chi bộ to fix a code that is right, and `consolidate` excluded every file and
said CB01 "chưa nộp". Now, when no file of the run carries the example's code, the run goes on
as one without a registry and says so once, `registry.example_only`. When a file does carry
CB01, the example may be the ward's own chi bộ: nothing changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_excel import CUTOFF, REGISTRY, saved_workbook, write_ward

from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.io.registry import EXAMPLE_ORGANISATION, REGISTRY_SHEET
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.status import REGISTRY_EXAMPLE_ONLY
from toolkit.outputs.template import write_submission
from toolkit.sample.ward import write_sample_ward
from toolkit.sample.ward_figures import CUTOFF as DEMO_CUTOFF

EXAMPLE_ONLY = "registry.example_only"
SAID = (
    "mới chỉ có dòng ví dụ của mẫu (CB01 – Chi bộ Tổ dân phố số 1), chưa phải danh mục của "
    "phường, nên chưa được dùng: mã tổ chức của các tệp chưa được đối chiếu với danh mục và chưa "
    "biết tổ chức nào chưa nộp tệp. Hãy xóa dòng ví dụ, điền các tổ chức của phường rồi chạy lại."
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo ward's 72 files (`ward-stats demo`'s `nop`), none of them CB01."""
    root = tmp_path_factory.mktemp("demo")
    files = write_sample_ward(root)
    assert len(list(files.submissions_dir.glob("*.xlsx"))) == 72
    return files.submissions_dir


def _book(folder: Path, where: Path, registry: Registry | None) -> Path:
    """A saved workbook reading `folder`, its registry sheet as built (None: the example row
    alone) or holding `registry` (an empty one: the sheet holds its header only)."""
    settings = {
        "InputFolder": str(folder),
        "CutoffDate": DEMO_CUTOFF,
        "WardName": "Phường Hải Dương",
        "OutputFile": str(where / "tong_hop.xlsx"),  # not into the folder the module shares
    }
    where.mkdir()
    return saved_workbook(where / "tong_hop_phuong.xlsm", settings, registry)


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def _validated(book: Path) -> tuple[int, dict[str, Any], list[str]]:
    """`validate --settings book --json`: its exit code, its JSON and the feedback files written."""
    out = book.parent / "kiem_tra.json"
    ran = _invoke("validate", "--settings", str(book), "--json", str(out))
    assert ran.exit_code in (0, 1), ran.output
    feedback = sorted(p.name for p in (book.parent / "phan_hoi").glob("*.xlsx"))
    return ran.exit_code, json.loads(out.read_text(encoding="utf-8")), feedback


def _codes(issues: list[dict[str, Any]]) -> list[str]:
    return [i["code"] for i in issues]


def _run_issues(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Every issue of a `validate --json` document, the run's and each file's."""
    issues: list[dict[str, Any]] = doc["issues"]
    return issues


def test_validate_settings_with_the_example_alone_runs_without_a_registry(demo: Path, tmp_path: Path) -> None:
    code, doc, feedback = _validated(_book(demo, tmp_path / "mau", None))
    plain_code, plain, plain_feedback = _validated(_book(demo, tmp_path / "trong", Registry([])))

    issues = _run_issues(doc)
    assert "org.unknown" not in _codes(issues)
    (said,) = [i for i in issues if i["code"] == EXAMPLE_ONLY]
    assert (said["severity"], said["org_code"], said["file"]) == ("warning", None, None)
    assert said["message"].endswith(f"Danh mục tổ chức (sheet “{REGISTRY_SHEET}”) {SAID}"), said["message"]
    # Everything else as a run without a registry: its issues, exit code, feedback files (only
    # the files' own warnings', none for the registry).
    assert [i for i in issues if i["code"] != EXAMPLE_ONLY] == _run_issues(plain)
    assert EXAMPLE_ONLY not in _codes(_run_issues(plain))
    assert (code, feedback) == (plain_code, plain_feedback)
    assert doc["files"] == plain["files"]
    assert len(feedback) < 72


def _consolidated(book: Path, exit_code: int = 0) -> dict[str, Any]:
    out = book.parent / "tong_hop.json"
    ran = _invoke("consolidate", "--settings", str(book), "--json", str(out), "--no-history")
    assert ran.exit_code == exit_code, ran.output
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def test_consolidate_settings_with_the_example_alone_uses_every_file(demo: Path, tmp_path: Path) -> None:
    summary = _consolidated(_book(demo, tmp_path / "mau", None))
    plain = _consolidated(_book(demo, tmp_path / "trong", Registry([])))

    statuses = {o["org_code"]: o["status"] for o in summary["organisations"]}
    assert len(statuses) == 72 and set(statuses.values()) == {"consolidated"}
    assert "CB01" not in statuses
    assert summary["indicators"]["members.total"] == plain["indicators"]["members.total"] > 0
    assert summary["indicators"] == plain["indicators"]
    assert _codes(summary["issues"]).count(EXAMPLE_ONLY) == 1
    assert [i for i in summary["issues"] if i["code"] != EXAMPLE_ONLY] == plain["issues"]
    assert not {"org.unknown", "org.missing"} & set(_codes(summary["issues"]))


def test_a_registry_file_of_the_example_alone_is_said_by_its_name(demo: Path, tmp_path: Path) -> None:
    registry = write_registry(Registry([EXAMPLE_ORGANISATION]), tmp_path / "dm.xlsx")
    out = tmp_path / "kiem_tra.json"
    cutoff = DEMO_CUTOFF.strftime("%d/%m/%Y")
    ran = _invoke("validate", str(demo), "--registry", str(registry), "--cutoff", cutoff, "--json", str(out))
    plain = tmp_path / "trong.json"
    ran_plain = _invoke("validate", str(demo), "--cutoff", cutoff, "--json", str(plain))
    assert ran.exit_code == ran_plain.exit_code, ran.output
    issues = _run_issues(json.loads(out.read_text(encoding="utf-8")))
    (said,) = [i for i in issues if i["code"] == EXAMPLE_ONLY]
    assert f"Danh mục tổ chức (tệp “dm.xlsx”) {SAID}" in said["message"], said["message"]
    assert [i for i in issues if i["code"] != EXAMPLE_ONLY] == _run_issues(
        json.loads(plain.read_text(encoding="utf-8"))
    )
    assert ran.output.count(EXAMPLE_ONLY) == 1, ran.output
    assert REGISTRY_EXAMPLE_ONLY in ran.output  # said with the counts, as a registry's `org.missing`

    summary = tmp_path / "tong_hop.json"
    made = _invoke(
        "consolidate", str(demo), "--registry", str(registry), "--cutoff", cutoff, "--json", str(summary),
        "-o", str(tmp_path / "tong_hop.xlsx"), "--no-history",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert REGISTRY_EXAMPLE_ONLY in made.output and "chưa nộp" not in made.output.replace(
        REGISTRY_EXAMPLE_ONLY, ""
    )
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert {o["status"] for o in data["organisations"]} == {"consolidated"}
    assert len(data["organisations"]) == 72
    assert _codes(data["issues"]).count(EXAMPLE_ONLY) == 1


def test_a_file_of_the_examples_code_keeps_the_registry(tmp_path: Path) -> None:
    """CB01 sent a file: the example may be the ward's own chi bộ; the registry is used as
    given (CB02 is not in it), and nothing is said of the example."""
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    summary = _consolidated(_book(folder, tmp_path / "mau", None), exit_code=1)  # CB02 excluded
    statuses = {o["org_code"]: o["status"] for o in summary["organisations"]}
    assert statuses == {"CB01": "consolidated", "CB02": "excluded"}
    assert EXAMPLE_ONLY not in _codes(summary["issues"])
    assert "org.unknown" in _codes(summary["issues"])

    code, doc, _ = _validated(_book(folder, tmp_path / "kiem", None))
    assert code == 1
    issues = _run_issues(doc)
    assert EXAMPLE_ONLY not in _codes(issues)
    assert [i["org_code"] for i in issues if i["code"] == "org.unknown"] == ["CB02"]


def test_a_code_typed_with_spaces_and_lower_case_is_the_examples(tmp_path: Path) -> None:
    """The code typed " cb01 " is CB01 (`org_code_key`): its file keeps the registry, whatever its name."""
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    cb01 = folder / "CB01.xlsx"
    cb01.unlink()
    org = REGISTRY.organisations[0]
    info = {"org_code": " cb01 ", "org_name": org.org_name, "org_tier": org.org_tier, "sector": org.sector}
    write_submission(folder / "chi_bo_mot.xlsx", info={**info, "cutoff_date": CUTOFF})
    code, doc, _ = _validated(_book(folder, tmp_path / "kiem", None))
    issues = _run_issues(doc)
    assert EXAMPLE_ONLY not in _codes(issues)
    assert [i["org_code"] for i in issues if i["code"] == "org.unknown"] == ["CB02"]


def test_the_work_lists_say_the_example_registry_was_not_used(demo: Path, tmp_path: Path) -> None:
    """`lists` (and the “Danh sách” button, the same `lists_status`) names the organisations
    that sent no file when it has a registry; with the example row alone it cannot, and says
    why, as `validate` and `consolidate` do: not silent, as if the sheet had been used."""
    book = _book(demo, tmp_path / "mau", None)
    ran = _invoke("lists", "--settings", str(book), "-o", str(tmp_path / "ds.xlsx"))
    plain = _invoke(
        "lists", str(demo), "--cutoff", DEMO_CUTOFF.strftime("%d/%m/%Y"), "-o", str(tmp_path / "ds2.xlsx")
    )
    assert ran.exit_code == plain.exit_code == 0, ran.output
    assert ran.output.count(REGISTRY_EXAMPLE_ONLY) == 1, ran.output
    assert REGISTRY_EXAMPLE_ONLY not in plain.output
    # Said in place of who has not sent: before the lines of the files and the list written.
    said = ran.output.index(REGISTRY_EXAMPLE_ONLY)
    assert said < ran.output.index("Tệp danh sách:")


def test_the_rows_typed_under_a_gap_are_still_said(demo: Path, tmp_path: Path) -> None:
    """The clerk typed the ward's chi bộ by name only, under an empty row below the example:
    those rows are no organisations (`registry.below_table`), so the registry holds the example
    alone and is not used. The sheet's own warning, which says why those rows were not read,
    is kept beside `registry.example_only`: the latter alone told a clerk who had typed them
    to "fill in the ward's organisations"."""
    book = _book(demo, tmp_path / "mau", None)
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb[REGISTRY_SHEET]
    assert ws.max_row == 2  # its header and the example row
    for row in range(4, 9):  # row 3 left empty
        ws.cell(row=row, column=2, value=f"Chi bộ Tổ dân phố số {row}")
    wb.save(book)
    _, doc, _ = _validated(book)
    codes = _codes(_run_issues(doc))
    assert EXAMPLE_ONLY in codes and "org.unknown" not in codes
    (below,) = [i for i in _run_issues(doc) if i["code"] == "registry.below_table"]
    assert below["message"].startswith("Các dòng 4–8 ở dưới bảng danh mục"), below["message"]
