"""The Phiếu đăng ký as a Word file (python-docx), drawn from a :class:`FormDocument`.

Owns page size, fonts, alignment, spacing and page breaks of the DOCX: A4 like the PDF, Times
New Roman 13 pt as Vietnamese administrative documents are usually typed, values in bold,
blanks dotted. The commitment, the date and the signature are kept on one page (keep with
next, rows that cannot split), and so is the "phần dành cho cơ quan quản lý"; the additions go
on a page of their own. Every string is NFC already.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from bot.export.content import FormDocument, OfficeBox, Paragraph, RunKind
from bot.private import make_private, private_dir

FONT = "Times New Roman"
TICKED, UNTICKED = "☒", "☐"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
NBSP = "\u00a0"
SIGN_COLUMNS = (Cm(6), Cm(10))  # the signature sits in the right 10 cm of the 16 cm line


def _paragraph(
    target: object,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = 13,
    align: WD_ALIGN_PARAGRAPH | None = None,
    space_after: float = 2,
    keep: bool = False,
) -> DocxParagraph:
    """A new paragraph of ``target`` (the document or a cell); ``keep``: with the next one."""
    para: DocxParagraph = target.add_paragraph()  # type: ignore[attr-defined]
    if align is not None:
        para.alignment = align
    fmt = para.paragraph_format
    fmt.space_after = Pt(space_after)
    fmt.keep_together = True
    fmt.keep_with_next = keep
    if text:
        run = para.add_run(text)
        run.bold = bold
        run.italic = italic
        run.font.size = Pt(size)
    return para


def _runs(para: DocxParagraph, runs: Paragraph, *, bold: bool = False, size: float = 13) -> None:
    """Printed words as they are, item labels and values bold, blanks dotted, boxes ☐/☒."""
    for n, run in enumerate(runs):
        text = (TICKED if run.ticked else UNTICKED) if run.kind is RunKind.BOX else run.text
        if n + 1 < len(runs) and runs[n + 1].kind is RunKind.BOX:  # " Nâng hạng: " + ☐
            lead = " " if text.startswith(" ") else ""
            text = lead + text.strip().replace(" ", NBSP) + NBSP  # the box keeps its label
        drawn = para.add_run(text)
        drawn.bold = bold or run.kind in (RunKind.VALUE, RunKind.LABEL)
        drawn.font.size = Pt(size)


def _cannot_split(table: Table) -> None:
    for row in table.rows:
        props = row._tr.get_or_add_trPr()
        props.append(OxmlElement("w:cantSplit"))


def _keep_cells_together(table: Table) -> None:
    """Every paragraph of the table keeps with the next: the table moves as one block."""
    cells = [cell for row in table.rows for cell in row.cells]
    paragraphs = [p for cell in cells for p in cell.paragraphs]
    for para in paragraphs[:-1]:
        para.paragraph_format.keep_with_next = True


def _office_box(cell: _Cell, box: OfficeBox) -> None:
    first = cell.paragraphs[0]
    first.alignment = CENTER
    heading = first.add_run(box.heading)
    heading.bold = True
    heading.font.size = Pt(12)
    for line in box.lines:
        _runs(_paragraph(cell, space_after=3), line, size=12)
    _paragraph(cell, box.sign_title, bold=True, size=12, align=CENTER, space_after=0)
    _paragraph(cell, box.sign_note, italic=True, size=12, align=CENTER, space_after=36)


def write_docx(doc: FormDocument, path: Path) -> Path:
    """Write ``doc`` to ``path`` (folders created) and return the path."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    fonts = style.element.rPr.rFonts
    fonts.set(qn("w:eastAsia"), FONT)
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)

    for n, motto in enumerate(doc.national_header):
        _paragraph(document, motto, bold=n < 2, align=CENTER, space_after=0)
    _paragraph(document, space_after=6)
    for n, heading in enumerate(doc.heading):
        para = _paragraph(document, align=CENTER, space_after=0 if n < 2 else 12)
        _runs(para, heading, bold=True, size=15 if n == 0 else 13)

    for item in doc.body:
        _runs(_paragraph(document, space_after=2), item)

    commitment = _paragraph(
        document, doc.commitment, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=12, keep=True
    )
    commitment.paragraph_format.first_line_indent = Cm(1)
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    for column, width in zip(table.columns, SIGN_COLUMNS, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    right: _Cell = table.rows[0].cells[1]
    right.paragraphs[0].alignment = CENTER
    for run in doc.place_date:
        drawn = right.paragraphs[0].add_run(run.text)
        drawn.italic = True
    _paragraph(right, doc.signer, bold=True, align=CENTER, space_after=0)
    _paragraph(right, doc.signer_note, italic=True, align=CENTER, space_after=42)
    _paragraph(right, doc.signer_name, bold=True, align=CENTER, keep=True)
    _cannot_split(table)
    _keep_cells_together(table)

    # The footnote of item 3 follows the signature block wherever it goes.
    _paragraph(document, "_____________________", size=10, space_after=0, keep=True)
    for note in doc.footnotes:
        _paragraph(document, note, size=10, space_after=12)

    _paragraph(document, doc.office_title, bold=True, align=CENTER, space_after=6, keep=True)
    office = document.add_table(rows=len(doc.office), cols=1)
    office.style = document.styles["Table Grid"]
    office.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, box in zip(office.rows, doc.office, strict=True):
        _office_box(row.cells[0], box)
    _cannot_split(office)
    _keep_cells_together(office)

    if doc.additions:
        breaker = _paragraph(document)
        breaker.add_run().add_break(WD_BREAK.PAGE)
        _paragraph(document, doc.additions_title, bold=True, align=CENTER, space_after=0)
        _paragraph(document, doc.additions_note, italic=True, align=CENTER, space_after=12)
        for extra in doc.additions:
            para = _paragraph(document, f"- {extra.label}: ", space_after=3)
            para.add_run(extra.value).bold = True
    _paragraph(document, "")
    _paragraph(document, doc.footer, italic=True, size=9)
    private_dir(path.parent)
    document.save(str(path))
    make_private(path)
    return path
