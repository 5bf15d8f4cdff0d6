"""`template` into a folder where a file of a template's name is no workbook at all (review263).

Since hunt258 L3 a same-named file that may hold work is refused at once, without `--overwrite`
offered. A file that could not be read (a text file, an empty file, a damaged workbook under a
template's name) is kept as one that may be a submission, but it was said to be "đã có số liệu
(bài nộp đã điền)", which it is not known to be: the refusal now says it could not be read,
beside the filled ones it names as before, and a blank template in the same folder is named in
neither."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.model import Organisation, Registry
from toolkit.outputs.registry_file import write_registry


def _words(text: str) -> str:
    return " ".join(text.split())


def test_a_file_that_is_no_workbook_is_not_said_to_hold_figures(tmp_path: Path) -> None:
    registry = tmp_path / "danh_muc.xlsx"
    write_registry(
        Registry([Organisation(f"CB0{i}", f"Chi bộ {i}", None, None) for i in range(1, 5)]), registry
    )
    out = tmp_path / "mau"
    made = CliRunner().invoke(main, ["template", "--registry", str(registry), "--out", str(out)])
    assert made.exit_code == 0, made.output
    names = sorted(p.name for p in out.glob("*.xlsx"))
    text_file, empty, filled, blank = (out / n for n in names[:4])
    text_file.write_text("ghi chú của chi bộ", encoding="utf-8")
    empty.write_bytes(b"")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    for extra in ([], ["--overwrite"]):
        # Only files that are not workbooks: none said to hold figures, and none offered to --overwrite.
        refused = CliRunner().invoke(
            main, ["template", "--registry", str(registry), "--out", str(out), *extra]
        )
        said = _words(refused.output)
        assert refused.exit_code == 2, said
        assert "đã có số liệu" not in said, said
        assert "--overwrite" not in said, said
        assert f"2 tệp trong thư mục “{out}” trùng tên với biểu mẫu sắp tạo nhưng không đọc được" in said, (
            said
        )
        assert text_file.name in said and empty.name in said and blank.name not in said, said
        assert "hãy tạo biểu mẫu ở thư mục khác" in said, said
    # A filled submission beside them: said as filled; the unreadable ones as unreadable.
    wb = load_workbook(filled)
    wb[layout.SHEET_MEMBERS][f"{layout.MEMBERS.letter('full_name')}2"] = "Nguyễn Văn Bình"
    wb.save(filled)
    before[filled.name] = filled.read_bytes()
    refused = CliRunner().invoke(main, ["template", "--registry", str(registry), "--out", str(out)])
    said = _words(refused.output)
    assert refused.exit_code == 2, said
    assert (
        f"1 tệp trong thư mục “{out}” trùng tên với biểu mẫu sắp tạo nhưng đã có số liệu (bài nộp "
        f"đã điền): {filled.name}." in said
    ), said
    assert "2 tệp trùng tên khác không đọc được" in said, said
    assert blank.name not in said and "--overwrite" not in said, said
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
