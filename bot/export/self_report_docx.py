"""The Báo cáo tự đánh giá (Mẫu 02) as a Word file (python-docx), drawn from a
:class:`~bot.export.self_report.SelfReport`.

Owns fonts, page and tables of the DOCX: A4, Times New Roman 13 pt as Vietnamese
administrative documents are typed (a DOCX names its font, it does not carry it; the PDF
embeds Be Vietnam Pro), tick boxes as ☐/☒, tables with borders.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from bot.export.self_report import Para, SelfReport, Table

FONT = "Times New Roman"
TICKED, UNTICKED = "☒", "☐"
_STYLE = {"part": (True, False, 13.0), "topic": (True, False, 13.0), "note": (False, True, 12.0)}


def _para(container: object, para: Para) -> None:
    out = container.add_paragraph()  # type: ignore[attr-defined]
    bold, italic, size = _STYLE.get(para.style, (False, False, 13.0))
    out.paragraph_format.space_after = Pt(3)
    if para.style == "part":
        out.paragraph_format.space_before = Pt(10)
    for run in para.runs:
        text = (TICKED if run.ticked else UNTICKED) if run.kind == "box" else run.text
        drawn = out.add_run(text)
        drawn.bold = bold or run.kind == "value"
        drawn.italic = italic
        drawn.font.size = Pt(size)


def _table(document: object, table: Table, width_cm: float) -> None:
    grid = document.add_table(rows=1, cols=len(table.columns))  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    total = sum(table.widths)
    widths = [Cm(width_cm * w / total) for w in table.widths]
    for i, label in enumerate(table.columns):
        cell = grid.rows[0].cells[i]
        cell.width = widths[i]
        cell.paragraphs[0].add_run(label).bold = True
    for n, row in enumerate(table.rows):
        cells = grid.add_row().cells
        for i, value in enumerate(row):
            cells[i].width = widths[i]
            lines = value.split("\n")
            para = cells[i].paragraphs[0]
            for k, line in enumerate(lines):
                if k:
                    para = cells[i].add_paragraph()
                run = para.add_run(line)
                run.bold = n in table.bold_rows
                run.font.size = Pt(11)


def write_report_docx(report: SelfReport, path: Path) -> Path:
    """Write ``report`` to ``path`` (folders created) and return the path."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    width = 21 - 3 - 2

    center = WD_ALIGN_PARAGRAPH.CENTER
    for n, line in enumerate(report.heading):
        para = document.add_paragraph()
        para.alignment = center
        run = para.add_run(line)
        run.bold = n == 0
        run.italic = n > 0
        run.font.size = Pt(15 if n == 0 else 13)

    for block in report.blocks:
        if isinstance(block, Table):
            _table(document, block, width)
        else:
            _para(document, block)

    grid = document.add_table(rows=1, cols=2)
    right = grid.rows[0].cells[1]
    right.paragraphs[0].alignment = center
    right.paragraphs[0].add_run(report.date_line).italic = True
    for text, bold, italic, after in (
        (report.signer, True, False, 0),
        (report.signer_note, False, True, 48),
        (report.signer_name, True, False, 0),
    ):
        para = right.add_paragraph()
        para.alignment = center
        para.paragraph_format.space_after = Pt(after)
        run = para.add_run(text)
        run.bold, run.italic = bold, italic

    footer = document.add_paragraph()
    footer.add_run(report.footer).italic = True
    footer.runs[0].font.size = Pt(9)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
