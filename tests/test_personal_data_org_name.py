"""The organisation name a secretary typed in `Thông tin`, where it is not the registry's, is
quoted by `org.name_differs` only when member-level data is asked for (hunt307 F1).

With a registry, every output names a file's organisation by the registry's name (`Nguồn số
liệu` too, hunt249 F3: the name typed may be a note such as “Chi bộ Tổ dân phố số 9 (Bí thư Lê
Văn A)”); the warning that the typed name holds other numbers than the registry's quoted it
whole in `Kiểm tra`, the JSON summary sent up to the district, the console and the feedback
file. Masked, it keeps the code, the registry's name and the cell, so the clerk still knows
which organisation the file is counted for and where to look. Real files: a submission through
the real template, the registry written as the ward keeps it, the CLI run on them."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers_privacy import every_output, output_text
from helpers_validate import CUTOFF, clean_info, write

from toolkit.cli import main
from toolkit.core.model import Organisation, Registry
from toolkit.core.rules import HIDDEN
from toolkit.outputs.registry_file import write_registry

PERSON = "Lê Văn Tám"
TYPED = f"Chi bộ Tổ dân phố số 9 (Bí thư {PERSON})"
REGISTRY = Registry(
    [
        Organisation("CB07", "Chi bộ Tổ dân phố số 7", "chi_bo_truc_thuoc", "to_dan_pho"),
        Organisation("CB08", "Chi bộ Tổ dân phố số 8", "chi_bo_truc_thuoc", "to_dan_pho"),
    ]
)


def _outputs(tmp_path: Path, *extra: str) -> tuple[dict[str, str], list[dict[str, object]]]:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    write(folder, info=clean_info(org_name=TYPED))
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    out = every_output(tmp_path, folder, registry, CUTOFF.strftime("%d/%m/%Y"), *extra)
    issues = [i for i in json.loads(out["consolidate json"])["issues"] if i["code"] == "org.name_differs"]
    return out, issues


def test_the_name_typed_is_in_no_output_by_default(tmp_path: Path) -> None:
    outputs, issues = _outputs(tmp_path)
    assert [where for where, text in outputs.items() if PERSON in text] == []
    (issue,) = issues  # still said, at the code, with what the clerk needs
    assert issue["cell"] == "B1" and issue["org_code"] == "CB07" and issue["value"] is None
    said = f"Tên tổ chức ghi “{HIDDEN}”, nhưng mã CB07 là của “Chi bộ Tổ dân phố số 7”"
    assert said in str(issue["message"])


def test_asked_for_the_name_typed_is_listed(tmp_path: Path) -> None:
    outputs, issues = _outputs(tmp_path, "--personal-data")
    listing = [w for w in outputs if w != "consolidate screen"]  # that screen lists no warning
    assert [where for where in listing if PERSON not in outputs[where]] == []
    (issue,) = issues
    assert f"Tên tổ chức ghi “{TYPED}”, nhưng mã CB07 là" in str(issue["message"])
    assert issue["value"] == "CB07"


# The same note typed with a slip the reader corrects (a double space, decomposed Unicode: a
# name copied from a chat message) quoted the name typed whole in the correction's value and
# message (`norm.spaces`, `norm.unicode`), which kept its value as an organisation's name
# “shown on every output anyway”: with a registry holding the organisation, every output shows
# the registry's name, so the correction was the one place the note was shown (hunt312 F1).
# Its value is kept only when the name read is the registry's (up to `org_name_key`), or where
# the name typed is the one shown (an organisation the registry does not hold, or no registry).
SPACED = f"Chi bộ Tổ dân phố số 7  (Bí thư {PERSON})"
DECOMPOSED = unicodedata.normalize("NFD", f"Chi bộ Tổ dân phố số 7 - Bí thư {PERSON}")
OWN_NAME_NFD = unicodedata.normalize("NFD", "Chi bộ TDP số 7")


def _corrections_outputs(
    tmp_path: Path, typed: str, *extra: str
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    write(folder, info=clean_info(org_name=typed))
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    out = every_output(tmp_path, folder, registry, CUTOFF.strftime("%d/%m/%Y"), *extra)
    del out["consolidate screen"]  # it lists no correction
    issues = json.loads(out["consolidate json"])["issues"]
    return out, [i for i in issues if i["code"].startswith("norm.") and i["cell"] == "B2"]


@pytest.mark.parametrize(("typed", "code"), [(SPACED, "norm.spaces"), (DECOMPOSED, "norm.unicode")])
def test_a_correction_of_the_name_typed_does_not_quote_it(tmp_path: Path, typed: str, code: str) -> None:
    outputs, corrections = _corrections_outputs(tmp_path, typed)
    assert [where for where, text in outputs.items() if PERSON in unicodedata.normalize("NFC", text)] == []
    (issue,) = corrections  # still said, at the cell, with what was done
    assert issue["code"] == code and issue["value"] is None and HIDDEN in str(issue["message"])


def test_asked_for_a_correction_of_the_name_typed_quotes_it(tmp_path: Path) -> None:
    outputs, corrections = _corrections_outputs(tmp_path, SPACED, "--personal-data")
    (issue,) = corrections
    assert issue["value"] == SPACED and PERSON in outputs["consolidate xlsx"]


def test_a_correction_of_the_registrys_own_name_keeps_its_value(tmp_path: Path) -> None:
    outputs, corrections = _corrections_outputs(tmp_path, OWN_NAME_NFD)
    (issue,) = corrections
    assert issue["code"] == "norm.unicode" and issue["value"] == OWN_NAME_NFD
    assert HIDDEN not in str(issue["message"])


# A file whose organisation the registry holds is named by the registry's name on every output
# even when its `Mã tổ chức` is left empty or holds a code the registry lacks: the file's name
# (`CB07_….xlsx`) tells whose it is (`attribution._identified`). The correction of the name
# typed was shown again there as "an organisation the registry does not hold", the note
# naming the Bí thư quoted in the JSON summary and `Kiểm tra` alone (review314).
@pytest.mark.parametrize("code", [None, "CB99"])
def test_a_correction_of_the_name_typed_stays_masked_for_a_file_named_for_its_organisation(
    tmp_path: Path, code: str | None
) -> None:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    write(folder, info=clean_info(org_code=code, org_name=SPACED))  # CB07_chi_bo_to_dan_pho_so_7.xlsx
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    date = CUTOFF.strftime("%d/%m/%Y")
    outputs: dict[str, str] = {}
    consolidated = ["--no-history", "-o", str(tmp_path / "th.xlsx"), "--json", str(tmp_path / "th.json")]
    for command, flags in (
        ("validate", ["--json", str(tmp_path / "kt.json")]),
        ("consolidate", consolidated),
    ):
        args = [command, str(folder), "--registry", str(registry), "--cutoff", date, *flags]
        run = CliRunner().invoke(main, args)
        assert run.exit_code == 1, run.output  # the code cell's error
        outputs[f"{command} screen"] = run.output
    for name in ("kt.json", "th.json", "th.xlsx"):
        outputs[name] = output_text(tmp_path / name)
    assert [where for where, text in outputs.items() if PERSON in text] == []
    issues = json.loads(outputs["th.json"])["issues"]
    corrections = [i for i in issues if i["code"] == "norm.spaces" and i["cell"] == "B2"]
    assert [(i["value"], HIDDEN in i["message"]) for i in corrections] == [(None, True)]
