"""The Phiếu đăng ký as a PDF (fpdf2), drawn from a :class:`FormDocument`.

Owns the PDF layout. Fonts: Be Vietnam Pro from the PyPI package ``fontpkg-be-vietnam-pro``,
embedded as a subset — never a font of the machine, never a PDF core font (they cannot draw
ư, ơ, ạ…). Text is NFC before it is drawn (NFD marks land in the wrong place). The font has
no tick-box glyphs, so boxes are drawn as rectangles.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import fontpkg_be_vietnam_pro  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from bot.export.content import FormDocument, Line, Ticks
from bot.private import make_private, private_dir

FAMILY = "BeVietnamPro"
FONT_FILES = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}
LINE = 6.0
BOX = 3.2


def font_path(style: str) -> Path:
    """The TTF of one style, from the installed package."""
    return Path(fontpkg_be_vietnam_pro.ROOT) / "files" / f"BeVietnamPro-{FONT_FILES[style]}.ttf"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class _Pdf(FPDF):
    def write_line(
        self, text: str, style: str = "", size: float = 11, align: Align = Align.L, h: float = LINE
    ) -> None:
        self.set_font(FAMILY, style, size)
        self.multi_cell(0, h, _nfc(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def ticks(self, item: Ticks) -> None:
        self.set_font(FAMILY, "", 11)
        self.set_x(self.l_margin + 5)
        self.cell(text=_nfc(f"- {item.label}: " if item.label else "- "))
        for label, ticked in item.options:
            x, y = self.get_x(), self.get_y() + (LINE - BOX) / 2
            self.rect(x, y, BOX, BOX)
            if ticked:
                self.line(x, y, x + BOX, y + BOX)
                self.line(x, y + BOX, x + BOX, y)
            self.set_x(x + BOX + 1.5)
            self.cell(text=_nfc(label) + "    ")
        self.ln(LINE)

    def field_line(self, item: Line) -> None:
        """ "- label: value" with the value in bold, wrapping under the indent."""
        margin = self.l_margin
        self.set_left_margin(margin + 5)
        self.set_x(margin + 5)
        self.set_font(FAMILY, "", 11)
        self.write(LINE, _nfc(f"- {item.label}: "))
        self.set_font(FAMILY, "B", 11)
        self.write(LINE, _nfc(item.value))
        self.ln(LINE)
        self.set_left_margin(margin)


def write_pdf(doc: FormDocument, path: Path) -> Path:
    """Write ``doc`` to ``path`` (folders created) and return the path."""
    pdf = _Pdf(format="A4")
    pdf.set_margins(25, 20, 18)
    pdf.set_auto_page_break(True, margin=18)
    for style in FONT_FILES:
        pdf.add_font(FAMILY, style, str(font_path(style)))
    pdf.set_title(_nfc(f"{doc.title} — {doc.subtitle}"))
    pdf.set_creator("Trợ lý OCOP")
    pdf.add_page()

    pdf.write_line(doc.motto_country, "B", 11, Align.C)
    pdf.write_line(doc.motto_words, "B", 11, Align.C)
    middle = pdf.w / 2
    pdf.line(middle - 25, pdf.get_y() + 0.5, middle + 25, pdf.get_y() + 0.5)
    pdf.ln(6)
    pdf.write_line(doc.title, "B", 14, Align.C)
    pdf.write_line(doc.subtitle, "B", 11, Align.C)
    pdf.ln(3)
    pdf.write_line(doc.recipient, "", 11, Align.C)
    pdf.ln(3)

    for section in doc.sections:
        if section.inline:
            pdf.set_font(FAMILY, "B", 11)
            pdf.write(LINE, _nfc(f"{section.number}. {section.title}: "))
            pdf.set_font(FAMILY, "", 11)
            pdf.write(LINE, _nfc(section.inline))
            pdf.ln(LINE)
        else:
            pdf.write_line(f"{section.number}. {section.title}:", "B", 11)
        for item in section.items:
            if isinstance(item, Ticks):
                pdf.ticks(item)
            else:
                pdf.field_line(item)
        pdf.ln(1)

    pdf.ln(2)
    pdf.write_line(doc.commitment, "", 11, Align.J)
    pdf.ln(4)

    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    if pdf.get_y() > pdf.h - 70:
        pdf.add_page()
    for text, style, gap in (
        (doc.place_date, "I", 0.0),
        (doc.signer, "B", 0.0),
        (doc.signer_note, "I", 22.0),
        (doc.signer_name, "B", 0.0),
    ):
        pdf.set_x(pdf.l_margin + half)
        pdf.set_font(FAMILY, style, 11)
        pdf.multi_cell(half, LINE, _nfc(text), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if gap:
            pdf.ln(gap)

    pdf.ln(8)
    pdf.write_line(doc.footer, "I", 8, h=4)
    private_dir(path.parent)
    pdf.output(str(path))
    make_private(path)
    return path
