"""The report as a file: Markdown or Word (.docx), written atomically for `ward-stats report`.

The words come from `toolkit.outputs.report` (the sections and the table of main figures);
this module only lays them out. The .docx follows the presentation of Vietnamese
administrative documents: A4, Times New Roman 14 pt, justified paragraphs with a first-line
indent. python-docx is imported only when a .docx is written.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from toolkit.core import vnformat
from toolkit.core.errors import OutputError, SummaryError
from toolkit.core.text import unit_party_body
from toolkit.io.summary import check_summary, is_rollup
from toolkit.outputs.report import report_sections
from toolkit.outputs.report_figures import HEADING_FIGURES, TABLE_HEADERS, Figure, figure_notes, main_figures
from toolkit.outputs.xlsx import AUTHOR, FONT

ReportFormat = Literal["md", "docx"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("md", "docx")


def report_title(summary: Mapping[str, Any]) -> str:
    """The report's title, naming a ward's Đảng bộ, or a roll-up's unit, when the summary has its
    name ("Số liệu đội ngũ đảng viên Đảng bộ phường Mẫu tính đến ngày 31/3/2026"; `rollup --name
    "Tỉnh Thử"`: "… Đảng bộ tỉnh Thử …", `text.unit_party_body`): the report is sent on, read
    beside other wards'."""
    cutoff = dt.date.fromisoformat(str(summary["cutoff_date"]))
    name = summary.get("ward_name")
    body = unit_party_body(name, rollup=is_rollup(summary)) if isinstance(name, str) else None
    of = f" {body}" if body else ""
    return f"Số liệu đội ngũ đảng viên{of} tính đến ngày {vnformat.date(cutoff)}"


def _figure_cells(f: Figure) -> tuple[str, str, str, str]:
    """A row of the table of main figures, in the order of `TABLE_HEADERS`."""
    return (f.label, f.value_text, f.share_text, f.base_text)


# --- Markdown ---------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


NOTE_WORDS = "Ghi chú:"  # before each note under the table of main figures
RUN_ID_WORDS = "Số liệu của lần tổng hợp"  # before the run id, at the end of the report


def run_id_line(summary: Mapping[str, Any]) -> str | None:
    """The report's last line, naming the run its figures come from (None for a summary
    written before run ids existed)."""
    run_id = summary.get("run_id")
    return f"{RUN_ID_WORDS} {run_id}." if isinstance(run_id, str) and run_id else None


def render_markdown(summary: Mapping[str, Any]) -> str:
    """The report as Markdown: a heading, the sections, the table of main figures, the run."""
    lines = [f"# {report_title(summary)}", ""]
    for section in report_sections(summary):
        lines += [f"## {section.title}", ""]
        for para in section.paragraphs:
            lines += [para, ""]
    lines += [f"## {HEADING_FIGURES}", ""]
    lines.append("| " + " | ".join(TABLE_HEADERS) + " |")
    lines.append("|---|---:|---:|---|")
    for f in main_figures(summary):
        lines.append("| " + " | ".join(_md_cell(c) for c in _figure_cells(f)) + " |")
    for note in figure_notes(summary):
        lines += ["", f"_{NOTE_WORDS} {_md_cell(note)}_"]
    footer = run_id_line(summary)
    if footer:
        lines += ["", f"_{footer}_"]
    return "\n".join(lines) + "\n"


def _markdown_bytes(summary: Mapping[str, Any]) -> bytes:
    return render_markdown(summary).encode("utf-8")


# --- Word -------------------------------------------------------------------------------------


def _set_font(style_or_run: Any, size_pt: float, bold: bool | None = None) -> None:
    """Times New Roman for every script (the east-Asian slot too, or Word may substitute)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = style_or_run.font
    font.name = FONT
    font.size = Pt(size_pt)
    if bold is not None:
        font.bold = bold
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    # Theme fonts (the heading styles of the default template use them) win over the names.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _set_up_document(doc: Any) -> None:
    """Page, margins and the styles of the body, the title and the headings."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    section = doc.sections[0]
    # A4 with the margins of Nghị định 30/2020: left 3 cm, right 2 cm, top and bottom 2 cm.
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)

    normal = doc.styles["Normal"]
    _set_font(normal, 14)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.first_line_indent = Cm(1)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Title", 16), ("Heading 1", 14)):
        style = doc.styles[name]
        _set_font(style, size, bold=True)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.italic = False
        style.paragraph_format.first_line_indent = Cm(0)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    title_style = doc.styles["Title"]
    title_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The Title style of the default template draws a blue rule under the text; drop it.
    ppr = title_style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


PAGE_WORD = "Trang"


def _add_page_footer(doc: Any) -> None:
    """`Trang 2/4`, centred in the footer of every page: the report is printed and attached to
    others. Word and LibreOffice fill in the PAGE and NUMPAGES fields."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    para = doc.sections[0].footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.first_line_indent = Cm(0)

    def text(value: str) -> Any:
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = value
        run.append(t)
        return run

    def field(instruction: str) -> None:
        simple = OxmlElement("w:fldSimple")
        simple.set(qn("w:instr"), instruction)
        simple.append(text("1"))  # shown until the program updates the field
        para._p.append(simple)

    para._p.append(text(f"{PAGE_WORD} "))
    field("PAGE")
    para._p.append(text("/"))
    field("NUMPAGES")
    for run in para._p.iter(qn("w:r")):
        properties = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "22")  # 11 pt
        properties.append(size)
        run.insert(0, properties)


def _add_figures_table(doc: Any, figures: list[Figure]) -> None:
    """The table of main figures: a shaded header repeated on every page, rows never split."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=1, cols=len(TABLE_HEADERS))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Cm(6.1), Cm(2.3), Cm(2.2), Cm(5.4))  # 16 cm: the text width of the page
    # Word reads the cell widths, LibreOffice the grid: set both.
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width.twips)))

    def fill(cells: Any, texts: tuple[str, ...], bold: bool) -> None:
        for i, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            cell.width = widths[i]
            para = cell.paragraphs[0]
            para.paragraph_format.first_line_indent = Cm(0)
            para.paragraph_format.space_after = Pt(0)
            para.paragraph_format.line_spacing = 1.0
            if bold:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif i in (1, 2):
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                para.alignment = WD_ALIGN_PARAGRAPH.LEFT
            _set_font(para.add_run(text), 12, bold=bold)

    def row_flag(row: Any, tag: str) -> None:
        flag = OxmlElement(tag)
        flag.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(flag)

    header = table.rows[0]
    fill(header.cells, TABLE_HEADERS, bold=True)
    row_flag(header, "w:tblHeader")  # repeat the header row on every page the table spans
    for cell in header.cells:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), "E7E6E6")
        cell._tc.get_or_add_tcPr().append(shading)
    for f in figures:
        row = table.add_row()
        fill(row.cells, _figure_cells(f), bold=False)
        row_flag(row, "w:cantSplit")
    # The table's last row goes with what follows it (the notes, the run's line): never a page
    # of that alone.
    for cell in table.rows[-1].cells:
        for para in cell.paragraphs:
            para.paragraph_format.keep_with_next = True


def _docx_bytes(summary: Mapping[str, Any]) -> bytes:
    """The report as a Word document, made in memory."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    _set_up_document(doc)
    _add_page_footer(doc)
    doc.add_paragraph("BÁO CÁO", style="Title")
    subtitle = doc.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.first_line_indent = Cm(0)
    subtitle.paragraph_format.space_after = Pt(12)
    _set_font(subtitle.add_run(report_title(summary)), 14, bold=True)

    sections = report_sections(summary)
    for number, sec in enumerate(sections, start=1):
        doc.add_heading(f"{number}. {sec.title}", level=1)
        for para in sec.paragraphs:
            doc.add_paragraph(para)
    doc.add_heading(f"{len(sections) + 1}. {HEADING_FIGURES}", level=1)
    _add_figures_table(doc, main_figures(summary))
    for text in figure_notes(summary):
        note = doc.add_paragraph()
        note.paragraph_format.space_before = Pt(6)
        note.paragraph_format.keep_with_next = True
        _set_font(note.add_run(f"{NOTE_WORDS} {text}"), 11)
    footer = run_id_line(summary)
    if footer:
        note = doc.add_paragraph()
        note.paragraph_format.space_before = Pt(12)
        _set_font(note.add_run(footer), 10)
        doc.core_properties.identifier = str(summary["run_id"])

    doc.core_properties.title = report_title(summary)
    doc.core_properties.author = AUTHOR
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- the command's entry points ---------------------------------------------------------------


def render_report(summary: Mapping[str, Any], fmt: ReportFormat) -> bytes:
    """The report's bytes as Markdown or .docx, made in memory."""
    if fmt not in REPORT_FORMATS:
        raise SummaryError(f"Định dạng báo cáo “{fmt}” không hỗ trợ; chọn md hoặc docx.")
    check_summary(summary, figures=False)  # read back by `load_summary`, or the run's own
    return _docx_bytes(summary) if fmt == "docx" else _markdown_bytes(summary)


def write_report(
    summary: Mapping[str, Any], target: Path, fmt: ReportFormat, *, inputs: tuple[Path, ...] = ()
) -> Path:
    """Write the report as Markdown or .docx, atomically (never a half-written file), never
    over one of `inputs` (the summary it is made from)."""
    from toolkit.core.errors import making
    from toolkit.outputs.publish import SUMMARY_INPUT, Publication

    target = Path(target)
    with making(target):  # an unexpected error names the report and says the old one is kept
        data = render_report(summary, fmt)
    run_id = summary.get("run_id")
    publication = Publication(str(run_id) if run_id else None, inputs={p: SUMMARY_INPUT for p in inputs})
    publication.add("report", target, lambda: data, label="tệp báo cáo -o")
    publication.publish()
    return target


# The format each report suffix names (`publish.REPORT_SUFFIXES`, none aside): every text
# suffix is Markdown's. Knowing only `.md`, `-o r.txt --format docx` and `-o r.markdown --format
# docx` wrote a Word zip under a text name, exit 0, where `-o r.md --format docx` was refused
# (hunt122 F8).
SUFFIX_FORMAT: dict[str, ReportFormat] = {".docx": "docx", ".md": "md", ".markdown": "md", ".txt": "md"}


def format_note(target: Path, chosen: ReportFormat) -> str | None:
    """What `report` says beside "written" when a Markdown report's name does not say Markdown
    (`-o r.txt`, or no suffix): the file is Markdown text, headings marked `#` and tables `|`,
    and the name to use for Word instead (hunt258 L1); None for `.md`, `.markdown`, Word."""
    suffix = Path(Path(target).name.rstrip(". ")).suffix.lower()
    if chosen != "md" or suffix in (".md", ".markdown"):
        return None
    return (
        "Báo cáo được viết dạng Markdown: văn bản thường, mở được bằng Notepad, tiêu đề có dấu # ở "
        "đầu dòng và bảng có các cột ngăn bằng dấu |. Muốn tệp Word, hãy đặt tên tệp có đuôi .docx."
    )


def format_for(target: Path, fmt: str | None) -> ReportFormat:
    """The format asked for, else the one the file suffix names, else Markdown. A format that
    contradicts the suffix (Markdown named `.docx`: Word cannot open it; Word named `.md`,
    `.markdown` or `.txt`: no text editor can) is an `OutputError`. The suffix is read as
    Windows reads the name, without the trailing dots and spaces it drops (`r.md.` is `r.md`
    there), as `Publication.check` reads it."""
    suffix = Path(Path(target).name.rstrip(". ")).suffix.lower()
    named = SUFFIX_FORMAT.get(suffix)
    if not fmt:
        return named or "md"
    chosen: ReportFormat = "docx" if fmt.lower() == "docx" else "md"
    if named is not None and named != chosen:
        raise OutputError(
            f"Tệp báo cáo \u201c{target}\u201d có đuôi {suffix} nhưng --format là {chosen}: tệp ghi ra sẽ "
            f"không mở được. Hãy đặt tên có đuôi .{chosen}, hoặc bỏ --format."
        )
    return chosen
