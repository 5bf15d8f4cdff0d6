"""One thing, one name, across every text the clerk reads (hunt175 F11, F13; review181 F4)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
from click.testing import CliRunner
from helpers_output import make_result
from helpers_validate import clean_members, read_warnings, write

import toolkit
from toolkit.cli import main
from toolkit.core import layout, vocab
from toolkit.core.errors import error_line
from toolkit.core.rules import RULES
from toolkit.excel import book
from toolkit.forms import tables
from toolkit.io import registry
from toolkit.io.reader import read_submission
from toolkit.outputs import feedback, sheets, template
from toolkit.outputs.status import MARK_NEW_COLUMNS
from toolkit.outputs.summary_lines import summary_lines
from toolkit.outputs.summary_text import summary_text
from toolkit.outputs.upgrade import CHECK_NEW_COLUMNS

# --- F11: "sĩ" beside "sỹ" in one workbook -------------------------------------------------------


def test_the_occupation_of_the_armed_forces_is_spelled_as_the_degrees(tmp_path: Path) -> None:
    """`Tổng hợp` and `history show` said "Thạc sĩ", "Tiến sĩ" and "Sỹ quan, chiến sỹ quân đội,
    công an": both spellings of one word. The statistics write "sĩ"; only the official forms
    (Biểu 2/3-BTCTW) keep the BTCTW's own spelling."""
    ind = make_result(tmp_path / "nop").indicators
    labels = [line.label for line in summary_lines(ind)]
    text = summary_text(ind)
    assert "Sĩ quan, chiến sĩ quân đội, công an" in labels and "Thạc sĩ" in labels
    assert not [t for t in [*labels, *text] if "sỹ" in t.casefold()]
    assert vocab.OCCUPATION.label("armed_forces") == "Sĩ quan, chiến sĩ quân đội, công an"


def test_the_old_spelling_is_still_read_and_the_forms_keep_theirs() -> None:
    """A file filled from the template with the old dropdown value is read the same."""
    term = vocab.OCCUPATION.lookup("Sỹ quan, chiến sỹ quân đội, công an")
    assert term is not None and term.code == "armed_forces"
    assert ("armed_forces", "Sỹ quan, chiến sỹ quân đội, công an") in tables._AFTER_ENTERPRISE


def test_the_old_dropdown_value_is_read_without_a_correction(tmp_path: Path) -> None:
    """The 2026.2 templates the office sent before the spelling changed offer "Sỹ quan, chiến sỹ
    quân đội, công an" in their dropdown: a secretary who chose it typed nothing wrong, so it is
    read as the armed forces with no `norm.category` (one per file, told to every chi bộ, before
    `former`). A value typed otherwise is still noted."""
    old = "Sỹ quan, chiến sỹ quân đội, công an"
    members = clean_members()
    members[0]["occupation"], members[1]["occupation"] = old, "lực lượng vũ trang"
    path = write(tmp_path, members=members)
    sub = read_submission(path)
    assert sub.members is not None
    assert list(sub.members["occupation"][:2]) == ["armed_forces", "armed_forces"]
    notes = read_warnings(path, "norm.category")
    assert len(notes) == 1 and "lực lượng vũ trang" in notes[0].message, [i.message for i in notes]
    assert old not in notes[0].message


# --- F11: a sheet's name quoted in some messages and not in others ----------------------------

_TOOLKIT = Path(toolkit.__file__).resolve().parent
# Every sheet the clerk is told of by name: the template's, the results', the workbook's.
SHEET_NAMES = sorted(
    {
        *(
            getattr(layout, n)
            for n in dir(layout)
            if n.startswith("SHEET_") and isinstance(getattr(layout, n), str)
        ),
        *(
            getattr(sheets, n)
            for n in dir(sheets)
            if n.startswith("SHEET_") and isinstance(getattr(sheets, n), str)
        ),
        *(
            getattr(book, n)
            for n in dir(book)
            if n.startswith("SHEET_") and isinstance(getattr(book, n), str)
        ),
        registry.REGISTRY_SHEET,
        feedback.SHEET,
    },
    key=len,
    reverse=True,
)
_UNQUOTED = re.compile(r"\bsheet (?:\{|(?:" + "|".join(re.escape(n) for n in SHEET_NAMES) + r")(?![\w”]))")


def _texts(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module (implicit concatenations joined; an f-string's fields as
    "{"), without its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    in_fstrings = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docstrings or id(node) in in_fstrings:
                continue
            text = node.value
        else:
            continue
        found.append((node.lineno, text))
    return found


def test_every_sheet_named_after_the_word_sheet_is_quoted() -> None:
    """ "sheet Kiểm tra" stood 6 times beside 21 “Kiểm tra”, "sheet Điều khiển" 8 times beside
    16 (hunt175 F11): a sheet's name is always in “…”, in the rules' texts and every other
    message, a name filled in at run time too."""
    assert {"Kiểm tra", "Điều khiển", "Đảng viên", "Tổng hợp", "Danh mục tổ chức"} <= set(SHEET_NAMES)
    bare = [
        f"{path.relative_to(_TOOLKIT.parent)}:{line}: {text[max(0, m.start() - 30) : m.end() + 10]!r}"
        for path in sorted(_TOOLKIT.rglob("*.py"))
        for line, text in _texts(path)
        for m in _UNQUOTED.finditer(text)
    ]
    bare += [f"{r.code}: {t}" for r in RULES.values() for t in (r.title, r.template) if _UNQUOTED.search(t)]
    assert not bare, "\n".join(bare)


def test_the_buttons_messages_quote_the_sheets_they_name() -> None:
    """The VBA module's Vietnamese messages (escaped, as its `Vn()` reads them) said "(sheet
    xlwings.conf)". Its one ASCII message, for VBA's ANSI MsgBox, is left as it is."""
    source = (_TOOLKIT.parent / "macros" / "WardStats.bas").read_text(encoding="ascii")
    texts = {
        name: re.sub(r"\\u([0-9A-F]{4})", lambda m: chr(int(m.group(1), 16)), value)
        for name, value in re.findall(r'^Private Const (MSG_\w+) As String = "(.*)"$', source, re.MULTILINE)
        if name != "MSG_SEE_STATUS"
    }
    assert sum("xlwings.conf" in t for t in texts.values()) >= 5
    bare = [name for name, text in texts.items() if re.search(r"\bsheet (?!“)", text)]
    assert not bare, bare


# --- F13: the upgrade's words against the template's ----------------------------------------


def test_the_upgrade_asks_for_the_new_columns_as_the_template_does() -> None:
    """The upgrade said "chọn Có hoặc Không cho từng đảng viên" and "đánh dấu Có/Không" of columns
    among which Học hàm (whose values are titles), while the template's `Hướng dẫn` says "chọn
    Có khi đúng, để trống là Không" (hunt175 F13). Each says the template's words now, Học hàm
    apart, and what an upgraded file needs beyond them: one answer in those columns."""
    guide = " ".join(template.GUIDE_LINES)
    assert "chọn Có khi đúng, để trống là Không" in guide
    rule = RULES["file.upgrade_not_completed"].template.format(
        old="2026.1", columns="…", question="…", info=layout.SHEET_INFO, yes="Có", no="Không"
    )
    for text in (CHECK_NEW_COLUMNS, MARK_NEW_COLUMNS, rule):
        assert "chọn Có khi đúng" in text.replace("\u201c", "").replace("\u201d", ""), text
        assert "cho từng đảng viên" not in text and "Có/Không ở các cột" not in text, text
    for text in (CHECK_NEW_COLUMNS, rule):
        plain = text.replace("\u201c", "").replace("\u201d", "")
        assert "để trống là Không" in plain and "chọn Không ở một ô" in plain, text
        # Học hàm is told apart, never among the columns to answer Có.
        asked_yes = plain.split("chọn Có khi đúng")[0].rsplit(".", 1)[-1]
        assert "Học hàm" not in asked_yes, asked_yes
        assert "Học hàm: chọn khi được phong" in plain or "Học hàm: chỉ chọn khi được phong" in plain


# --- F11: "Lỗi:" then a capital or not; "Tóm tắt JSON:" or "Tóm tắt (JSON):" ----------------------


def test_every_error_line_reads_as_a_sentence(tmp_path: Path) -> None:
    """ "Lỗi: thư mục “khong_co” không tồn tại" (a usage error) beside "Lỗi: Không tìm thấy tệp…"
    (the toolkit's own): the word after "Lỗi:" takes a capital in both (hunt175 F11)."""
    runner = CliRunner()
    empty = tmp_path / "trong"
    empty.mkdir()
    usage = runner.invoke(main, ["consolidate", str(tmp_path / "khong_co"), "--cutoff", "31/3/2026"])
    own = runner.invoke(main, ["validate", str(empty)])
    lines = [r.output.splitlines()[0] for r in (usage, own)]
    assert lines[0].startswith("Lỗi: Thư mục “") and lines[1].startswith("Lỗi: Không tìm thấy tệp"), lines
    # A first word that is a name is kept as written.
    assert error_line("--cutoff: “abc” không phải ngày.") == "Lỗi: --cutoff: “abc” không phải ngày."
    assert error_line("“abc” không phải số nguyên.") == "Lỗi: “abc” không phải số nguyên."
    assert error_line("đường dẫn để trống.") == "Lỗi: Đường dẫn để trống."


def test_the_json_summary_is_called_one_way() -> None:
    """`consolidate` said "Tóm tắt JSON:", `demo` "Tóm tắt (JSON):" (hunt175 F11)."""
    said = [
        f"{path.name}:{line}"
        for path in sorted(_TOOLKIT.rglob("*.py"))
        for line, text in _texts(path)
        if "Tóm tắt (JSON)" in text
    ]
    assert not said, said
    assert any("Tóm tắt JSON:" in text for _, text in _texts(_TOOLKIT / "cli_tools.py"))


# --- F13: the help pages' notes ------------------------------------------------------------------


def _help_pages() -> dict[str, str]:
    """Every command's help page, by its words (`history show`)."""
    ctx = click.Context(main)
    paths: list[list[str]] = []

    def walk(command: click.Command, path: list[str]) -> None:
        paths.append(path)
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                walk(sub, [*path, name])

    walk(main, [])
    runner = CliRunner()
    return {" ".join(p): runner.invoke(main, [*p, "--help"], terminal_width=200).output for p in paths}


def test_the_help_pages_give_defaults_and_required_options_one_way() -> None:
    """ "[mặc định: 2026]" (click's note) stood beside "(mặc định 60)", and "[bắt buộc]" beside
    "Bắt buộc." (hunt175 F13): a default and a required option are notes in brackets, as click's."""
    pages = _help_pages()
    assert {"consolidate", "lists", "upgrade", "history show"} <= set(pages)
    for name, page in pages.items():
        text = " ".join(page.split())
        assert not re.search(r"\(mặc định \d", text), (name, text)
        assert "Bắt buộc" not in text and set(re.findall(r"(.)bắt buộc", text)) <= {"["}, (name, text)
        assert "Mặc định:" not in text, (name, text)
    consolidate = " ".join(pages["consolidate"].split())
    assert "vì tuổi cao. [mặc định: 60]" in consolidate
    assert "[bắt buộc khi không có --settings]" in consolidate


def test_the_help_pages_name_an_argument_as_its_placeholder() -> None:
    """`consolidate --help` and `lists --help` said "các tệp … trong THƯ MỤC" of the argument
    their usage line calls THƯ_MỤC (hunt175 F13)."""
    pages = _help_pages()
    assert "THƯ_MỤC" in pages["consolidate"] and "THƯ_MỤC" in pages["lists"]
    said = [name for name, page in pages.items() if "THƯ MỤC" in " ".join(page.split())]
    assert not said, said
