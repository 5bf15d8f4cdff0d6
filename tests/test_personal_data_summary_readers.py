"""A JSON summary written with `--personal-data` says so (`"personal_data": true`), and every
reader of it — `report`, `rollup`, `history import` (and `--merged-ward`) — says that the file
holds members' personal data and what it does with it, while none of their outputs holds a
word of the ward's issues (hunt249 F7).

On the real demo ward, with a member's name typed with two spaces (`norm.spaces`: the name is
the issue's value) and consolidated with and without `--personal-data`; the name is looked for
in every output, as typed, in NFD, without accents and in the raw bytes of the history."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner, Result

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.errors import SummaryError
from toolkit.io.summary import check_summary, load_summary
from toolkit.sample.ward import write_sample_ward

MARKER = "Quỳnhnga"
PLANTED = f"Phan  Văn {MARKER}"  # two spaces: `norm.spaces` quotes the name
CUTOFF = "31/03/2026"
SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "schema" / "summary.schema.json"
# Said of the file whichever way the personal data was asked for (review251: the settings cell
# too, for `consolidate --settings … --json`, whose user typed no --personal-data).
SAID = (
    "được ghi kèm dữ liệu cá nhân (--personal-data, hoặc “Có” ở ô “Ghi dữ liệu cá nhân vào danh sách "
    "lỗi”): danh sách lỗi trong tệp có họ tên, ngày sinh, giá trị ô của đảng viên"
)


def _folded(text: str) -> str:
    """Without accents and case: a name found however it is stored."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D").casefold()


def _holds_marker(text: str) -> bool:
    return MARKER in text or unicodedata.normalize("NFD", MARKER) in text or _folded(MARKER) in _folded(text)


def _file_text(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"PK":  # xlsx, docx: every part
        with zipfile.ZipFile(path) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("utf-8", "replace") + " " + data.decode("utf-16-le", "replace")


def _run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _consolidate(ward: Path, out: Path, name: str, *extra: str) -> Path:
    nop, registry = ward / "nop", ward / "danh_muc_to_chuc.xlsx"
    summary = out.with_suffix(".json")
    result = _run(
        "consolidate", nop, "--registry", registry, "--cutoff", CUTOFF, "--no-history", "--ward-name", name,
        *extra, "-o", out, "--json", summary,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return summary


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("phuong")
    files = write_sample_ward(root / "mau")
    first = sorted(files.submissions_dir.glob("*.xlsx"))[0]
    wb = openpyxl.load_workbook(first)
    wb[layout.SHEET_MEMBERS]["B2"] = PLANTED
    wb.save(first)
    other = write_sample_ward(root / "khac", seed=7)
    return {
        "personal": _consolidate(root / "mau", root / "ca_nhan.xlsx", "Phường Mẫu", "--personal-data"),
        "masked": _consolidate(root / "mau", root / "an.xlsx", "Phường Mẫu"),
        "other": _consolidate(other.submissions_dir.parent, root / "khac.xlsx", "Phường Khác"),
    }


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_a_summary_with_members_values_says_so_and_a_masked_one_is_unchanged(ward: dict[str, Path]) -> None:
    personal, masked = _load(ward["personal"]), _load(ward["masked"])
    assert _holds_marker(ward["personal"].read_text(encoding="utf-8"))  # the data the flag is about
    assert personal["personal_data"] is True
    assert list(personal)[:4] == ["run_id", "generated_at", "tool_version", "personal_data"]
    assert load_summary(ward["personal"])["personal_data"] is True  # read back as a summary
    jsonschema.validate(personal, json.loads(SCHEMA.read_text(encoding="utf-8")))
    # Masked: the same keys as before the field, and no member's name.
    assert "personal_data" not in masked and list(masked) == [k for k in personal if k != "personal_data"]
    assert not _holds_marker(ward["masked"].read_text(encoding="utf-8"))
    assert "personal_data" not in _load(ward["other"])


def test_the_field_is_true_or_false(ward: dict[str, Path]) -> None:
    data = _load(ward["personal"])
    check_summary({**data, "personal_data": False}, "x.json")
    with pytest.raises(SummaryError, match="mục personal_data phải là true hoặc false"):
        check_summary({**data, "personal_data": "có"}, "x.json")


@pytest.mark.parametrize("suffix", [".md", ".docx"])
def test_report_says_so_and_holds_no_name(ward: dict[str, Path], tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"bao_cao{suffix}"
    result = _run("report", ward["personal"], "-o", out)
    assert result.exit_code == 0, result.output
    assert f"Tệp “{ward['personal']}” {SAID}" in result.output
    assert "Báo cáo chỉ dùng số liệu tổng hợp" in result.output
    assert not _holds_marker(_file_text(out)) and not _holds_marker(result.output)
    masked = _run("report", ward["masked"], "-o", tmp_path / f"an{suffix}")
    assert masked.exit_code == 0 and "--personal-data" not in masked.output


def test_rollup_adds_the_figures_says_so_and_sends_no_name_up(ward: dict[str, Path], tmp_path: Path) -> None:
    out, summary = tmp_path / "tinh.xlsx", tmp_path / "tinh.json"
    wards = (ward["personal"], ward["other"])
    result = _run("rollup", *wards, "--name", "Tỉnh Mẫu", "-o", out, "--json", summary)
    assert result.exit_code == 0, result.output
    assert "Đã tổng hợp 2/2 phường" in result.output
    said = [i for i in _load(summary)["issues"] if i["code"] == "rollup.personal_data"]
    assert len(said) == 1 and said[0]["file"] == ward["personal"].name, said
    assert f"Tệp “{ward['personal'].name}” {SAID}" in said[0]["message"]
    assert "không chép danh sách lỗi ấy" in said[0]["message"]
    assert said[0]["message"] in result.output  # on the console too, with the file's name
    assert "personal_data" not in _load(summary)  # a roll-up holds no ward's issue words
    for path in (out, summary):
        assert not _holds_marker(_file_text(path)), path
    assert not _holds_marker(result.output)
    plain = _run("rollup", ward["masked"], ward["other"], "--name", "Tỉnh Mẫu", "-o", tmp_path / "t2.xlsx")
    assert plain.exit_code == 0 and "rollup.personal_data" not in _file_text(tmp_path / "t2.xlsx")


def _history_text(path: Path) -> str:
    with sqlite3.connect(path) as db:
        dump = "\n".join(db.iterdump())
    db.close()
    return dump + " " + _file_text(path)


def test_history_import_says_so_and_stores_no_name(ward: dict[str, Path], tmp_path: Path) -> None:
    history = tmp_path / "lich_su.sqlite"
    result = _run("history", "import", ward["personal"], "--history", history)
    assert result.exit_code == 0, result.output
    assert f"Tệp “{ward['personal']}” {SAID}" in result.output
    assert "Lịch sử chỉ lưu số liệu tổng hợp, danh sách tổ chức và tên các tệp đã đọc" in result.output
    assert not _holds_marker(_history_text(history))
    exported = tmp_path / "xuat.json"
    done = _run("history", "export", "1", "--history", history, "--json", exported)
    assert done.exit_code == 0, done.output
    assert "personal_data" not in _load(exported) and not _holds_marker(_file_text(exported))
    # review251 L4: imported again, it is there already; what the history would keep of it is
    # not said again before "không thêm lần nữa".
    again = _run("history", "import", ward["personal"], "--history", history)
    assert again.exit_code == 0, again.output
    assert "đã có trong lịch sử (số 1); không thêm lần nữa" in again.output, again.output
    assert "Lịch sử chỉ lưu" not in again.output and SAID not in again.output, again.output


def test_a_merged_ward_import_says_so_of_the_file(ward: dict[str, Path], tmp_path: Path) -> None:
    history = tmp_path / "lich_su.sqlite"
    wards = (ward["personal"], ward["other"])
    result = _run("history", "import", *wards, "--merged-ward", "Phường Mới", "--history", history)
    assert result.exit_code == 0, result.output
    assert result.output.count(SAID) == 1, result.output
    assert f"Tệp “{ward['personal']}” {SAID}" in result.output
    assert "Bản tổng hợp lên cấp trên" not in result.output  # the history's words, not the roll-up's
    assert not _holds_marker(_history_text(history)) and not _holds_marker(result.output)


def _empty_run(ward: dict[str, Path], tmp_path: Path) -> Path:
    """The personal summary as a run that consolidated no organisation (a wrong folder or
    cut-off, its refused files' member issues listed with their values): every reader refuses
    or leaves out its figures."""
    data = _load(ward["personal"])
    data["indicators"] = {**dict.fromkeys(data["indicators"], 0), "orgs.registered": 72}
    data["run_id"] = data["run_id"][:-1] + ("0" if data["run_id"][-1] != "0" else "1")
    data["ward_name"] = "Phường Rỗng"
    path = tmp_path / "rong.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_rollup_does_not_say_it_adds_a_left_out_wards_figures(ward: dict[str, Path], tmp_path: Path) -> None:
    """review251: a ward's personal summary left out of the roll-up (`rollup.empty_ward`) was
    still said to have its figures added ("chỉ cộng số liệu của tệp") beside "bị loại, không
    được cộng"; the file is still named as holding personal data, not to be sent up."""
    empty = _empty_run(ward, tmp_path)
    result = _run("rollup", empty, ward["other"], "--name", "Tỉnh Mẫu", "-o", tmp_path / "t.xlsx")
    assert result.exit_code == 1, result.output
    assert "Phường Rỗng bị loại" in result.output, result.output
    assert f"Tệp “{empty.name}” {SAID}" in result.output, result.output
    assert "cộng số liệu của tệp" not in result.output, result.output
    assert "không chép danh sách lỗi ấy" in result.output, result.output


def test_history_import_refusing_a_summary_does_not_say_what_it_keeps(
    ward: dict[str, Path], tmp_path: Path
) -> None:
    """review251: an empty run's personal summary, refused by `history import`, was first said
    to be kept as "số liệu tổng hợp, danh sách tổ chức và tên các tệp" before "Không thêm vào
    lịch sử"."""
    history = tmp_path / "lich_su.sqlite"
    result = _run("history", "import", _empty_run(ward, tmp_path), "--history", history)
    assert result.exit_code == 2, result.output
    assert "Không thêm vào lịch sử" in result.output, result.output
    assert "Lịch sử chỉ lưu" not in result.output and SAID not in result.output, result.output
    assert not history.exists()
