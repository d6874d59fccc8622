"""The Phiếu đăng ký as a Word file (python-docx), drawn from a :class:`FormDocument`.

Owns fonts, alignment and spacing of the DOCX. Times New Roman 13 pt, as Vietnamese
administrative documents are usually typed; every string is NFC already.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from bot.export.content import FormDocument, Line, Ticks
from bot.private import make_private, private_dir

FONT = "Times New Roman"
TICKED, UNTICKED = "☒", "☐"


def _paragraph(
    target: object,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = 13,
    align: WD_ALIGN_PARAGRAPH | None = None,
    space_after: float = 2,
) -> Paragraph:
    para: Paragraph = target.add_paragraph()  # type: ignore[attr-defined]
    if align is not None:
        para.alignment = align
    para.paragraph_format.space_after = Pt(space_after)
    if text:
        run = para.add_run(text)
        run.bold = bold
        run.italic = italic
        run.font.size = Pt(size)
    return para


def write_docx(doc: FormDocument, path: Path) -> Path:
    """Write ``doc`` to ``path`` (folders created) and return the path."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    fonts = style.element.rPr.rFonts
    fonts.set(qn("w:eastAsia"), FONT)
    for section in document.sections:
        section.left_margin = Cm(3)
        section.right_margin = Cm(2)
        section.top_margin = Cm(2)
        section.bottom_margin = Cm(2)

    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, doc.motto_country, bold=True, align=center, space_after=0)
    _paragraph(document, doc.motto_words, bold=True, align=center, space_after=12)
    _paragraph(document, doc.title, bold=True, size=15, align=center, space_after=0)
    _paragraph(document, doc.subtitle, bold=True, align=center, space_after=12)
    _paragraph(document, doc.recipient, align=center, space_after=12)

    for sec in doc.sections:
        heading = _paragraph(document, f"{sec.number}. {sec.title}:", bold=True, space_after=2)
        if sec.inline:
            heading.add_run(f" {sec.inline}")
        for item in sec.items:
            para = _paragraph(document)
            para.paragraph_format.left_indent = Cm(0.6)
            if isinstance(item, Line):
                para.add_run(f"- {item.label}: ")
                para.add_run(item.value).bold = True
            elif isinstance(item, Ticks):
                para.add_run(f"- {item.label}: " if item.label else "- ")
                for label, ticked in item.options:
                    para.add_run(f"{TICKED if ticked else UNTICKED} {label}    ")

    _paragraph(document, doc.commitment, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=12)

    table = document.add_table(rows=1, cols=2)
    right: _Cell = table.rows[0].cells[1]
    right.paragraphs[0].alignment = center
    right.paragraphs[0].add_run(doc.place_date).italic = True
    _paragraph(right, doc.signer, bold=True, align=center, space_after=0)
    _paragraph(right, doc.signer_note, italic=True, align=center, space_after=48)
    _paragraph(right, doc.signer_name, bold=True, align=center)

    _paragraph(document, "")
    _paragraph(document, doc.footer, italic=True, size=9)
    private_dir(path.parent)
    document.save(str(path))
    make_private(path)
    return path
