"""The JSON Schemas in docs/schema/ describe what the commands really write, and reject what
they must not (so the schema is not vacuous)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_validate import clean_info, clean_members, others_events, write
from schema_check import assert_valid_summary, schema_errors

from toolkit.cli import main
from toolkit.core.model import Organisation, Registry
from toolkit.outputs.registry_file import write_registry


def _ward(tmp_path: Path) -> tuple[Path, Path]:
    """A folder with one clean file, one excluded file (an error) and a registry that also
    lists an organisation that sent nothing."""
    folder = tmp_path / "nop"
    folder.mkdir()
    write(folder)
    # Other people than CB07's (no duplicate across files), one without a birth date: an error
    # that excludes the file.
    bad_members = [
        {**m, "full_name": m["full_name"] + " Hai", "card_no": m["card_no"] and "9" + m["card_no"]}
        for m in clean_members()
    ]
    bad_members[0]["birth_date"] = None
    write(
        folder,
        "CB08_chi_bo_8.xlsx",
        info=clean_info(org_code="CB08", org_name="Chi bộ 8"),
        members=bad_members,
        events=others_events(lambda n: n + " Hai"),
    )
    registry = write_registry(
        Registry(
            [
                Organisation(
                    "CB07", "Chi bộ Tổ dân phố số 7", "chi_bo_truc_thuoc", "to_dan_pho", targets={2026: 2}
                ),
                Organisation("CB08", "Chi bộ 8", "chi_bo_truc_thuoc", "to_dan_pho"),
                Organisation("CB09", "Chi bộ 9", "chi_bo_co_so", "doanh_nghiep"),
            ]
        ),
        tmp_path / "danh_muc.xlsx",
    )
    return folder, registry


@pytest.mark.parametrize("extra", [[], ["--no-personal-data"], ["--no-registry"]])
def test_consolidate_summary_conforms(tmp_path: Path, extra: list[str]) -> None:
    folder, registry = _ward(tmp_path)
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(tmp_path / "out.xlsx")]
    args += ["--json", str(tmp_path / "out.json")]
    if "--no-registry" not in extra:
        args += ["--registry", str(registry)]
    args += [a for a in extra if a != "--no-registry"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output  # one organisation excluded
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert {o["status"] for o in doc["organisations"]} >= {"consolidated", "excluded"}
    assert doc["issues"], "the excluded file's error is listed"
    assert_valid_summary(doc)


def test_validate_report_conforms(tmp_path: Path) -> None:
    folder, registry = _ward(tmp_path)
    result = CliRunner().invoke(main, ["validate", str(folder), "--registry", str(registry), "--json", "-"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert not schema_errors(doc, "validation.schema.json")


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("schema")
    folder, registry = _ward(tmp)
    CliRunner().invoke(
        main,
        ["consolidate", str(folder), "--cutoff", "31/03/2026", "--registry", str(registry),
         "-o", str(tmp / "o.xlsx"), "--json", str(tmp / "o.json")],
    )  # fmt: skip
    return json.loads((tmp / "o.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "break_it",
    [
        lambda d: d.update(extra_key=1),
        lambda d: d.update(cutoff_date="31/03/2026"),
        lambda d: d["indicators"].update({"members.total": "4216"}),
        lambda d: d["indicators"].update({"Members Total": 1}),
        lambda d: d["organisations"][0].update(status="done"),
        lambda d: d["organisations"][0].pop("org_code"),
        lambda d: d["issues"][0].update(severity="Lỗi"),
        lambda d: d["issues"][0].update(cell="row 12"),
        lambda d: d.pop("issues"),
    ],
)
def test_schema_rejects_what_is_not_a_summary(summary: dict, break_it) -> None:
    assert not schema_errors(summary)
    broken = copy.deepcopy(summary)
    break_it(broken)
    assert schema_errors(broken)


def test_the_schema_does_not_say_a_history_export_lacks_what_it_writes(tmp_path: Path) -> None:
    """A history export writes `level` ("ward", as every ward summary of this version) and each
    source's `copy_of` (docs/design.md §7); the schema's descriptions said `level` was absent in a
    history export and `copy_of` lacking in history records (hunt301)."""
    folder, registry = _ward(tmp_path)
    history = tmp_path / "h.sqlite"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--registry", str(registry)]
    args += ["-o", str(tmp_path / "o.xlsx"), "--history", str(history)]
    assert CliRunner().invoke(main, args).exit_code == 1  # one organisation excluded
    exported = tmp_path / "x.json"
    result = CliRunner().invoke(
        main, ["history", "export", "1", "--history", str(history), "--json", str(exported)]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(exported.read_text(encoding="utf-8"))
    assert_valid_summary(doc)
    assert doc["level"] == "ward"
    assert doc["sources"] and all("copy_of" in s for s in doc["sources"])
    schema = json.loads(
        (Path(__file__).resolve().parent.parent / "docs/schema/summary.schema.json").read_text("utf-8")
    )
    level = schema["properties"]["level"]["description"]
    copy_of = schema["$defs"]["source"]["properties"]["copy_of"]["description"]
    assert "history export" in level and "Absent" not in level.split("history export")[0].rsplit(".", 1)[-1]
    assert "history records lack" not in copy_of and "history export" in copy_of
