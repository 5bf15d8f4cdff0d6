"""What `ward-stats rollup` does with the paths it is given, on real ward summaries.

A path that is not there (a typo) or is a folder is the command's mistake: a Vietnamese usage
error naming it, exit code 2, nothing written, as `consolidate` does with its folder. A file
that is there but cannot be added is either a ward left out or a file that is no ward's. A
ward's summary that cannot be added (another cut-off, figures no consolidation writes) is a
ward left out: the rest is written, exit code 1, and the console names it once, as a ward, with
its reason — never also as a file "of no organisation", nor as "tệp có lỗi" (a summary of
another cut-off is a sound file) — and every one of the roll-up's Biểu 1–4 says that a ward is
left out. A file that is no ward's summary (not JSON, another program's JSON, a renamed
workbook) is neither counted nor named as a ward: every output says it as a file "không rõ là
số liệu tổng hợp của phường nào" (hunt332 F3), exit code 1 too. The help says the same exit
codes.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.helpers_history import run_cli
from tests.helpers_sample import sample_orgs
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
UNIT = "Thành phố Thử"
NO_ORGANISATION = "không rõ của tổ chức nào"
NO_WARD = "không rõ là số liệu tổng hợp của phường nào"
WARD_NAMES = ("Phường Ngọc Châu", "Phường Bình Hàn")


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two wards consolidated by the command line, each with its JSON summary."""
    tmp = tmp_path_factory.mktemp("rollup_inputs")
    summaries = []
    for n, (name, sizes) in enumerate(zip(WARD_NAMES, ([9, 12], [7, 10]), strict=True)):
        nop = tmp / f"nop_{n}"
        nop.mkdir()
        for org in sample_orgs(40 + n, sizes, PERIOD, prefix=f"P{n}"):
            org.write(nop / f"{org.organisation.org_code}.xlsx")
        json_path = tmp / name / "tổng hợp.json"
        json_path.parent.mkdir()
        done = run_cli(
            "consolidate", nop, "--cutoff", "31/03/2026", "--since", "01/01/2025", "--ward-name", name,
            "-o", json_path.with_suffix(".xlsx"), "--json", json_path, "--no-history",
        )  # fmt: skip
        assert done.exit_code == 0, done.output
        summaries.append(json_path)
    return summaries


def _out(tmp_path: Path) -> tuple[Path, list[str]]:
    """An empty output folder, and the options that write the roll-up's workbook and JSON in it."""
    out = tmp_path / "cấp trên"
    out.mkdir()
    return out, ["-o", str(out / "tp.xlsx"), "--json", str(out / "tp.json"), "--name", UNIT]


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


# --- a path that is not there -------------------------------------------------------------------


@pytest.mark.parametrize("where", ["first", "last"])
def test_a_mistyped_ward_path_stops_the_rollup_with_nothing_written(
    wards: list[Path], tmp_path: Path, where: str
) -> None:
    typo = wards[0].with_name("tong hop Q1.json")  # no such file beside the real one
    out, options = _out(tmp_path)
    paths = [typo, wards[1]] if where == "first" else [wards[1], typo]
    result = run_cli("rollup", *paths, *options)
    assert result.exit_code == 2, result.output
    said, see_help = result.output.splitlines()
    assert said == f"Lỗi: Tệp “{typo}” không tồn tại."
    assert see_help.startswith("Xem hướng dẫn: ") and see_help.endswith(" rollup --help")
    assert list(out.iterdir()) == []


def test_a_folder_given_as_a_ward_file_stops_the_rollup_with_nothing_written(
    wards: list[Path], tmp_path: Path
) -> None:
    out, options = _out(tmp_path)
    result = run_cli("rollup", wards[0].parent, wards[1], *options)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"Lỗi: “{wards[0].parent}” là một thư mục, không phải tệp.\n")
    assert list(out.iterdir()) == []


# --- a file that is there but cannot be added ----------------------------------------------------


def _damaged(source: Path, target: Path) -> Path:
    """A ward summary cut short, as a copy that stopped half-way leaves it."""
    target.write_bytes(source.read_bytes()[:3000])
    return target


def _validation_report(source: Path, target: Path) -> Path:
    """Valid JSON that is no ward's summary (what `validate --json` writes)."""
    target.write_text('{"files": [], "issues": []}', encoding="utf-8")
    return target


def _renamed_workbook(source: Path, target: Path) -> Path:
    """A ward's consolidated workbook renamed to .json (hunt332's fake.json)."""
    target.write_bytes(source.with_suffix(".xlsx").read_bytes())
    return target


def _broken_figures(source: Path, target: Path) -> Path:
    """The ward's real summary with a count no consolidation writes: a ward's, however broken."""
    doc = _load(source)
    doc["indicators"]["members.total"] = -5
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


def _not_a_number(source: Path, target: Path) -> Path:
    """The ward's real summary with a figure edited by hand into NaN, which Python's JSON reads
    and JSON has not: a ward's file all the same, not a file of no ward (hunt378 F1: the roll-up
    said "Đã tổng hợp 1/1 phường", the ward unnamed, and its reason in English, "JSON constant
    NaN")."""
    text = source.read_text(encoding="utf-8")
    edited = text.replace('"members.age_sum": ', '"members.age_sum": NaN, "members.age_sum_typed": ', 1)
    assert edited != text
    target.write_text(edited, encoding="utf-8")
    return target


def _long_integer(source: Path, target: Path) -> Path:
    """The ward's real summary with a figure of 5,000 digits, more than Python converts (its
    reason was English, "Exceeds the limit (4300 digits) for integer string conversion…")."""
    doc = _load(source)
    text = json.dumps(doc, ensure_ascii=False).replace(
        '"members.total": ', '"members.total": ' + "9" * 5000 + ', "members.total_typed": ', 1
    )
    target.write_text(text, encoding="utf-8")
    return target


def _other_cutoff(source: Path, target: Path) -> Path:
    """The ward's real summary, with another cut-off (a run of another quarter)."""
    doc = _load(source)
    doc.update(
        cutoff_date="2026-06-30",
        form_period=["2026-04-01", "2026-06-30"],
        run_id="20260701T080000-0a0b0c0d",
        ward_name="Phường Cẩm Thượng",
    )
    doc["organisations"] = [{**o, "org_name": f"{o['org_name']} (Cẩm Thượng)"} for o in doc["organisations"]]
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


CASES = {
    # kind: (make the file, its name, the ward it stands for, the start of its reason)
    # named by the `ward_name` it gives, with its file (hunt337 F5: it was "sửa tay"; not in
    # brackets, which nested in the report's, fix342)
    "broken_figures": (
        _broken_figures,
        "sửa tay.json",
        "Phường Ngọc Châu trong tệp “sửa tay.json”",
        "“sửa tay.json”: ",
    ),
    "not_a_number": (
        _not_a_number,
        "sửa NaN.json",
        "Phường Ngọc Châu trong tệp “sửa NaN.json”",
        "Tệp “sửa NaN.json” ghi NaN (không phải một số) ở chỉ tiêu tổng số tuổi của đảng viên "
        "(members.age_sum). Tệp có thể đã bị sửa bằng tay hoặc bị hỏng.",
    ),
    "long_integer": (
        _long_integer,
        "số dài.json",
        "Phường Ngọc Châu trong tệp “số dài.json”",
        "Tệp “số dài.json” ghi một số nguyên 5.000 chữ số (quá lớn, không chỉ tiêu nào lớn như vậy) ở "
        "chỉ tiêu tổng số đảng viên (members.total).",
    ),
    "other_cutoff": (
        _other_cutoff,
        "quý 2.json",
        "Phường Cẩm Thượng",
        "Số liệu chốt ngày 30/06/2026, các phường khác chốt ngày 31/03/2026",
    ),
}


NOT_WARDS = {
    # kind: (make the file, its name, the start of its reason)
    "damaged": (_damaged, "hỏng.json", "Tệp “hỏng.json” không phải JSON hợp lệ (dòng "),
    "not_a_summary": (
        _validation_report,
        "kiểm tra.json",
        "“kiểm tra.json” không phải tệp số liệu tổng hợp (thiếu ngày chốt số liệu",
    ),
    "renamed_workbook": (_renamed_workbook, "fake.json", "Tệp “fake.json” là tệp Office hoặc tệp nén"),
}


@pytest.mark.parametrize("kind", list(NOT_WARDS))
def test_a_file_that_is_no_wards_summary_is_said_as_a_file_never_counted_as_a_ward(
    wards: list[Path], tmp_path: Path, kind: str
) -> None:
    """On the forms sent up, a file's stem read as a ward's name: "Số liệu của 2/3 phường: kiểm
    tra bị loại" (hunt332 F3). Such a file is said apart, the same way everywhere."""
    make, name, reason = NOT_WARDS[kind]
    bad = make(wards[0], tmp_path / name)
    out, options = _out(tmp_path)
    result = run_cli("rollup", bad, *wards, *options)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Đã tổng hợp 2/2 phường, "), lines[0]
    assert f"1 tệp {NO_WARD}." in lines, lines
    assert "bị loại" not in result.output and NO_ORGANISATION not in result.output
    said = [line for line in lines if line.startswith("  – ")]
    assert len(said) == 1 and said[0].startswith(f"  – Tệp {name}: {NO_WARD}, không được cộng: {reason}"), (
        said
    )
    assert unicodedata.is_normalized("NFC", result.output)
    # The JSON: two wards, both added; the file a source of no organisation.
    doc = _load(out / "tp.json")
    assert [o["status"] for o in doc["organisations"]] == ["consolidated", "consolidated"]
    assert Path(name).stem not in {o["org_code"] for o in doc["organisations"]}
    [source] = [s for s in doc["sources"] if s["file"] == name]
    assert source["org_code"] is None and not source["consolidated"]
    book = openpyxl.load_workbook(out / "tp.xlsx")
    banner = book["Tổng hợp"]["A3"].value
    assert f"1 tệp {NO_WARD}" in banner and "phường chưa được tổng hợp" not in banner, banner
    by_ward = [c.value for row in book["Theo phường"].iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(Path(name).stem == v for v in by_ward) and "Không cộng (xem Kiểm tra)" not in by_ward
    note = (
        f"Ghi chú: Tệp {name} {NO_WARD} nên không được cộng: nếu là số liệu của một phường thì các số "
        "trong biểu chưa đủ."
    )
    for number in range(1, 5):
        ws = book[f"Biểu {number}-BTCTW"]
        notes = [c.value for row in ws.iter_rows() for c in row if str(c.value).startswith("Ghi chú")]
        assert notes[0] == note, (number, notes)
        assert not any("phường: " in n for n in notes), notes
    report = " ".join(c.value for row in book["Báo cáo"].iter_rows() for c in row if isinstance(c.value, str))
    assert f"Tệp {name} {NO_WARD} nên không được cộng" in report
    assert "phường bị loại" not in report and "2/3 phường" not in report and "/3 phường" not in banner
    sources = book["Nguồn số liệu"]
    [row] = [r for r in sources.iter_rows(values_only=True) if r[0] == name]
    assert "Không rõ của phường nào" in row


@pytest.mark.parametrize("kind", list(CASES))
def test_a_ward_file_that_cannot_be_added_is_said_once_as_a_ward_with_its_reason(
    wards: list[Path], tmp_path: Path, kind: str
) -> None:
    make, name, ward, reason = CASES[kind]
    bad = make(wards[0], tmp_path / name)
    out, options = _out(tmp_path)
    result = run_cli("rollup", bad, *wards, *options)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Đã tổng hợp 2/3 phường, ")
    # Not "vì tệp có lỗi": a summary of another cut-off is a sound file.
    assert "1 phường bị loại, không được cộng vào số liệu." in lines
    assert NO_ORGANISATION not in result.output
    said = [line for line in lines if line.startswith("  – ")]
    expected = f"  – {ward} bị loại: {reason.format(path=bad)}"
    assert len(said) == 1 and said[0].startswith(expected), said
    assert unicodedata.is_normalized("NFC", result.output)
    # The rest is written, and its files say the same: the ward excluded with its reason.
    assert sorted(p.name for p in out.iterdir()) == ["tp.json", "tp.xlsx"]
    doc = _load(out / "tp.json")
    [left_out] = [o for o in doc["organisations"] if o["status"] == "excluded"]
    # Named in words as said; its code is no display name: the broken copy of the first ward's
    # summary names a ward the roll-up adds, so its code is its file's name (fix342).
    assert left_out["org_code"] == (ward if kind == "other_cutoff" else Path(name).stem)
    assert left_out["org_name"] == ward and left_out["file"] == name
    assert left_out["reason"] and said[0].endswith(left_out["reason"].rstrip(".") + ".")
    # The forms that are printed and sent up say it under each of them, as Tổng hợp does: the
    # ward left out adds nothing to the organisations counted, so nothing else would.
    book = openpyxl.load_workbook(out / "tp.xlsx")
    assert "1/3 phường chưa được tổng hợp (1 bị loại)" in book["Tổng hợp"]["A3"].value
    note = (
        f"Ghi chú: Số liệu của 2/3 phường: {ward} bị loại, không được cộng (lý do ở sheet “Kiểm tra”), "
        "nên các số trong biểu chưa đủ."
    )
    for number in range(1, 5):
        ws = book[f"Biểu {number}-BTCTW"]
        notes = [c.value for row in ws.iter_rows() for c in row if str(c.value).startswith("Ghi chú")]
        assert notes[0] == note, (number, notes)


def test_two_broken_files_of_one_name_are_two_wards_told_apart_by_their_paths(
    wards: list[Path], tmp_path: Path
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    bad = [_broken_figures(wards[0], first / "hỏng.json"), _broken_figures(wards[1], second / "hỏng.json")]
    out, options = _out(tmp_path)
    result = run_cli("rollup", *bad, *wards, *options)
    assert result.exit_code == 1, result.output
    assert "2 phường bị loại, không được cộng vào số liệu." in result.output.splitlines()
    said = [line for line in result.output.splitlines() if line.startswith("  – ")]
    # By their wards' names and their paths from the folder they share, never their absolute
    # paths (hunt123 F4).
    assert [line.split(" bị loại: ")[0] for line in said] == [
        f"  – {ward} trong tệp “{Path(p.parent.name, p.name)}”"
        for ward, p in zip(WARD_NAMES, bad, strict=True)
    ]
    assert NO_ORGANISATION not in result.output


# --- the exit codes, as the help says them ------------------------------------------------------


def test_the_exit_codes_are_the_ones_the_help_gives(wards: list[Path], tmp_path: Path) -> None:
    """0 all added; 1 a ward left out (a data problem: the rest is written, as a consolidation
    with a submission left out); 2 nothing can be done as asked (a path that is not there)."""
    helped = " ".join(run_cli("rollup", "--help").output.split())
    assert "Mã thoát: 0 khi cộng đủ, 1 khi có phường bị loại" in helped, helped
    assert "2 khi không tổng hợp được, khi một TỆP_JSON không có" in helped, helped
    codes = {}
    for case, paths in {
        "all": wards,
        "damaged": [_damaged(wards[0], tmp_path / "hỏng.json"), wards[1]],
        "missing": [tmp_path / "không có.json", *wards],
    }.items():
        out = tmp_path / case
        out.mkdir()
        codes[case] = run_cli("rollup", *paths, "-o", out / "tp.xlsx", "--name", UNIT).exit_code
    assert codes == {"all": 0, "damaged": 1, "missing": 2}


# --- wards' files of one name, one folder per ward ----------------------------------------------


def _partial(source: Path, target: Path) -> Path:
    """The ward's real summary from a run that left one of its organisations out."""
    doc = _load(source)
    doc["indicators"]["orgs.registered"] = doc["indicators"]["orgs.consolidated"] + 1
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


def test_wards_files_of_one_name_are_named_by_their_folders_and_each_link_opens_its_own(
    wards: list[Path], tmp_path: Path
) -> None:
    """Every ward's `consolidate` names its JSON alike (`tong_hop_phuong_<cut-off>.json`), so an
    office keeping one folder per ward rolls up files of one name: the Kiểm tra link of one
    ward's warning opened the other ward's file (the last one given), and the Tệp column, `Theo
    phường` and `Nguồn số liệu` named both alike (hunt45 R2 #3). Each is named by its path from
    the folder they share, and each link opens the file of the ward its row is about."""
    name = "tong_hop_phuong_20260331.json"
    paths = [_partial(wards[0], tmp_path / "dong" / name), _partial(wards[1], tmp_path / "an" / name)]
    labels = [str(Path("dong", name)), str(Path("an", name))]
    out, options = _out(tmp_path)
    result = run_cli("rollup", *paths, *options)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out / "tp.xlsx")
    ws = book["Kiểm tra"]
    header = [c.value for c in ws[4]]
    file_col, ward_col, cell_col = header.index("Tệp"), 2, header.index("Ô")  # the ward in the code column
    rows = [row for row in ws.iter_rows(min_row=5) if row[file_col].value]
    opened = {}
    for row in rows:
        link = row[cell_col].hyperlink
        assert link is not None and row[cell_col].value == "(mở tệp)", row[cell_col].value
        target = (out / link.target.replace("\\", "/")).resolve()
        opened[row[ward_col].value] = (row[file_col].value, target)
    assert opened == {
        "Phường Ngọc Châu": (labels[0], paths[0].resolve()),
        "Phường Bình Hàn": (labels[1], paths[1].resolve()),
    }
    by_ward = [r[:2] for r in book["Theo phường"].iter_rows(min_row=5, max_row=6, values_only=True)]
    assert by_ward == [("Phường Ngọc Châu", labels[0]), ("Phường Bình Hàn", labels[1])]
    sources = [r[:2] for r in book["Nguồn số liệu"].iter_rows(min_row=5, max_row=6, values_only=True)]
    assert sources == [(labels[0], "Phường Ngọc Châu"), (labels[1], "Phường Bình Hàn")]
    doc = _load(out / "tp.json")
    assert [s["file"] for s in doc["sources"]] == labels
    assert [o["file"] for o in doc["organisations"]] == labels
    assert sorted(i["file"] for i in doc["issues"] if i["code"] == "rollup.incomplete_ward") == sorted(labels)
    # Files of other names are named by their names, as before.
    other = tmp_path / "khác"
    other.mkdir()
    plain = run_cli("rollup", wards[0], _partial(wards[1], tmp_path / "an" / "khac.json"), *_out(other)[1])
    assert plain.exit_code == 0, plain.output
    plain_doc = _load(other / "cấp trên" / "tp.json")
    assert [s["file"] for s in plain_doc["sources"]] == [wards[0].name, "khac.json"]


# --- an output that is a ward's own consolidated workbook ---------------------------------------


def _ward_copy(json_path: Path, folder: Path) -> tuple[Path, Path]:
    """A ward's JSON summary and its consolidated workbook, side by side in `folder` under the
    name every ward's `consolidate` gives them (as the level above keeps them)."""
    folder.mkdir(parents=True)
    pair = folder / "tong_hop_phuong_20260331.json", folder / "tong_hop_phuong_20260331.xlsx"
    pair[0].write_bytes(json_path.read_bytes())
    pair[1].write_bytes(json_path.with_suffix(".xlsx").read_bytes())
    return pair


def test_a_rollup_over_a_wards_own_workbook_is_refused_and_the_workbook_kept(
    wards: list[Path], tmp_path: Path
) -> None:
    """`rollup … -o tong_hop_phuong_<date>.xlsx` run beside a ward's files wrote the roll-up over
    that ward's consolidated workbook (same default name as the JSON beside it): the JSON lost
    its workbook, which the level above cannot make again (hunt81 f3). It is refused before
    anything is written, naming both files; the workbook stays byte for byte."""
    summary, workbook = _ward_copy(wards[0], tmp_path / "dong")
    before = {p.name: p.read_bytes() for p in workbook.parent.iterdir()}
    result = run_cli("rollup", summary, wards[1], "-o", workbook, "--name", UNIT)
    assert result.exit_code == 2, result.output
    said = result.output.strip()
    assert said.startswith(f"Lỗi: Tệp kết quả -o “{workbook}” là tệp kết quả của chính lần tổng hợp")
    assert f"tệp số liệu tổng hợp JSON “{summary}”" in said
    assert unicodedata.is_normalized("NFC", said)
    assert {p.name: p.read_bytes() for p in workbook.parent.iterdir()} == before
    # The JSON beside it is refused as well when it is a copy of an input's, not the input itself.
    copy = tmp_path / "bản sao" / "tong_hop.json"
    copy.parent.mkdir()
    copy.write_bytes(summary.read_bytes())
    out, _ = _out(tmp_path)
    again = run_cli("rollup", summary, wards[1], "-o", out / "tp.xlsx", "--json", copy)
    assert again.exit_code == 2, again.output
    assert f"Tóm tắt JSON --json “{copy}” là tóm tắt JSON của chính lần tổng hợp" in again.output
    assert list(out.iterdir()) == [] and copy.read_bytes() == summary.read_bytes()


def _run_id(path: Path) -> str:
    return str(_load(path)["run_id"])


def test_a_json_output_of_a_wards_run_is_refused_as_the_json_it_is(wards: list[Path], tmp_path: Path) -> None:
    """hunt85 #4: `--json` over a copy of a ward's JSON was refused saying that a JSON would be
    left without its workbook, which is not what is lost: the ward's figures in that JSON."""
    summary, _workbook = _ward_copy(wards[0], tmp_path / "dong")
    copy = tmp_path / "bản sao" / "tong_hop.json"
    copy.parent.mkdir()
    copy.write_bytes(summary.read_bytes())
    out, _ = _out(tmp_path)
    result = run_cli("rollup", summary, wards[1], "-o", out / "tp.xlsx", "--json", copy, "--name", UNIT)
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert said.startswith(
        f"Lỗi: Tóm tắt JSON --json “{copy}” là tóm tắt JSON của chính lần tổng hợp {_run_id(summary)}, "
        f"lần tổng hợp có số liệu trong tệp số liệu tổng hợp JSON “{summary}”: ghi đè sẽ thay số liệu "
        "của phường trong tệp đó bằng số liệu tổng hợp lên cấp trên"
    ), said
    assert "tệp kết quả đi kèm" not in said and "bảng tổng hợp Excel" not in said, said
    assert unicodedata.is_normalized("NFC", said)
    assert list(out.iterdir()) == [] and copy.read_bytes() == summary.read_bytes()


def test_a_history_export_as_input_is_not_said_to_have_been_written_by_the_run(
    wards: list[Path], tmp_path: Path
) -> None:
    """hunt85 #4: the input a ward's workbook is refused for may be a `history export` of its
    run, which that run did not write: the message says the input holds the run's figures, and
    that what is lost is the ward's workbook; over a JSON of that run, its figures."""
    summary, workbook = _ward_copy(wards[0], tmp_path / "dong")
    history = tmp_path / "ls.sqlite"
    exported = tmp_path / "xuất" / "xuat.json"
    exported.parent.mkdir()
    assert run_cli("history", "import", summary, "--history", history).exit_code == 0
    done = run_cli("history", "export", "1", "--json", exported, "--history", history)
    assert done.exit_code == 0 and _run_id(exported) == _run_id(summary), done.output
    before = {p.name: p.read_bytes() for p in workbook.parent.iterdir()}
    result = run_cli("rollup", exported, wards[1], "-o", workbook, "--name", UNIT)
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert said.startswith(
        f"Lỗi: Tệp kết quả -o “{workbook}” là tệp kết quả của chính lần tổng hợp {_run_id(summary)}, "
        f"lần tổng hợp có số liệu trong tệp số liệu tổng hợp JSON “{exported}”: ghi đè sẽ làm mất "
        "bảng tổng hợp Excel đó của phường, mà tệp JSON không tạo lại được. Hãy chọn tên tệp khác."
    ), said
    assert "đã ghi" not in said, said
    # The ward's own JSON beside it, as `--json`: refused as the JSON it is.
    out, _ = _out(tmp_path)
    again = run_cli("rollup", exported, wards[1], "-o", out / "tp.xlsx", "--json", summary, "--name", UNIT)
    assert again.exit_code == 2, again.output
    said = " ".join(again.output.split())
    assert f"Tóm tắt JSON --json “{summary}” là tóm tắt JSON của chính lần tổng hợp" in said, said
    assert f"có số liệu trong tệp số liệu tổng hợp JSON “{exported}”: ghi đè sẽ thay số liệu" in said, said
    assert {p.name: p.read_bytes() for p in workbook.parent.iterdir()} == before and list(out.iterdir()) == []


def test_a_rollup_may_replace_its_own_earlier_workbook(wards: list[Path], tmp_path: Path) -> None:
    """A roll-up's own outputs carry its own run id, no ward's: running it again replaces them."""
    out, options = _out(tmp_path)
    first = run_cli("rollup", *wards, *options)
    assert first.exit_code == 0, first.output
    old = (out / "tp.xlsx").read_bytes()
    second = run_cli("rollup", *wards, *options)
    assert second.exit_code == 0, second.output
    assert (out / "tp.xlsx").read_bytes() != old
