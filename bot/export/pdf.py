"""The Phiếu đăng ký as a PDF (fpdf2), drawn from a :class:`FormDocument`.

Owns the PDF layout: A4, values in bold, blanks dotted, the tick boxes of item 4 drawn as
rectangles (the font has no box glyphs). A block that must not be split — the commitment with
the date and the signature, the "phần dành cho cơ quan quản lý" — is measured first and moved
to the next page whole when it does not fit. Fonts: Be Vietnam Pro from the PyPI package
``fontpkg-be-vietnam-pro``, embedded as a subset — never a font of the machine, never a PDF
core font (they cannot draw ư, ơ, ạ…). Text is NFC before it is drawn.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import fontpkg_be_vietnam_pro  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from bot.export.content import FormDocument, OfficeBox, Paragraph, RunKind, plain
from bot.private import make_private, private_dir

FAMILY = "BeVietnamPro"
FONT_FILES = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}
SIZE = 11.0
LINE = 6.0
BOX = 3.2
SIGNATURE_SPACE = 22.0  # room to sign and stamp
BOX_PAD = 3.0


def font_path(style: str) -> Path:
    """The TTF of one style, from the installed package."""
    return Path(fontpkg_be_vietnam_pro.ROOT) / "files" / f"BeVietnamPro-{FONT_FILES[style]}.ttf"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class _Pdf(FPDF):
    def write_line(
        self,
        text: str,
        style: str = "",
        size: float = SIZE,
        align: Align = Align.L,
        h: float = LINE,
    ) -> None:
        self.set_font(FAMILY, style, size)
        self.multi_cell(0, h, _nfc(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def height_of(self, text: str, width: float, style: str = "", size: float = SIZE) -> float:
        """How tall ``text`` is in a column of ``width`` mm."""
        self.set_font(FAMILY, style, size)
        lines = self.multi_cell(width, LINE, _nfc(text), dry_run=True, output="LINES")
        assert isinstance(lines, list)
        return LINE * len(lines)

    def runs(self, runs: Paragraph, *, bold: bool = False, size: float = SIZE) -> None:
        """One paragraph: printed words, bold labels and values, dotted blanks, tick boxes;
        wraps at the margins, then moves to the next line."""
        for run in runs:
            if run.kind is RunKind.BOX:
                self._box(run.ticked)
                continue
            style = "B" if bold or run.kind in (RunKind.VALUE, RunKind.LABEL) else ""
            self.set_font(FAMILY, style, size)
            self.write(LINE, _nfc(run.text))
        self.ln(LINE)

    def _box(self, ticked: bool) -> None:
        if self.get_x() + BOX + 4 > self.w - self.r_margin:
            self.ln(LINE)
        x, y = self.get_x() + 1.5, self.get_y() + (LINE - BOX) / 2
        self.rect(x, y, BOX, BOX)
        if ticked:
            self.line(x, y, x + BOX, y + BOX)
            self.line(x, y + BOX, x + BOX, y)
        self.set_x(x + BOX + 1.5)

    def room(self) -> float:
        """Height left on this page above the bottom margin."""
        return self.h - self.b_margin - self.get_y()

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one."""
        if height > self.room():
            self.add_page()


def _signature(pdf: _Pdf, doc: FormDocument) -> None:
    half = pdf.epw / 2
    for text, style, gap in (
        (plain(doc.place_date), "I", 0.0),
        (doc.signer, "B", 0.0),
        (doc.signer_note, "I", SIGNATURE_SPACE),
        (doc.signer_name, "B", 0.0),
    ):
        pdf.set_x(pdf.l_margin + half)
        pdf.set_font(FAMILY, style, SIZE)
        pdf.multi_cell(half, LINE, _nfc(text), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if gap:
            pdf.ln(gap)


def _office_height(pdf: _Pdf, box: OfficeBox) -> float:
    inner = pdf.epw - 2 * BOX_PAD
    lines = sum(pdf.height_of(plain(line), inner) for line in box.lines)
    return LINE * 3 + lines + SIGNATURE_SPACE + 2 * BOX_PAD


def _office_box(pdf: _Pdf, box: OfficeBox) -> None:
    top, height = pdf.get_y(), _office_height(pdf, box)
    pdf.rect(pdf.l_margin, top, pdf.epw, height)
    margin = pdf.l_margin
    pdf.set_left_margin(margin + BOX_PAD)
    pdf.set_right_margin(pdf.r_margin + BOX_PAD)
    pdf.set_xy(margin + BOX_PAD, top + BOX_PAD)
    pdf.write_line(box.heading, "B", SIZE, Align.C)
    for line in box.lines:
        pdf.runs(line)
    pdf.write_line(box.sign_title, "B", SIZE, Align.C)
    pdf.write_line(box.sign_note, "I", SIZE, Align.C)
    pdf.set_left_margin(margin)
    pdf.set_right_margin(pdf.r_margin - BOX_PAD)
    pdf.set_xy(margin, top + height + 3)


def write_pdf(doc: FormDocument, path: Path) -> Path:
    """Write ``doc`` to ``path`` (folders created) and return the path."""
    pdf = _Pdf(format="A4")
    pdf.set_margins(25, 20, 18)
    pdf.set_auto_page_break(True, margin=18)
    for style in FONT_FILES:
        pdf.add_font(FAMILY, style, str(font_path(style)))
    pdf.set_title(_nfc(doc.title))
    pdf.set_creator("Trợ lý OCOP")
    pdf.add_page()

    header = doc.national_header
    for motto in header[:2]:
        pdf.write_line(motto, "B", SIZE, Align.C)
    middle = pdf.w / 2
    pdf.line(middle - 25, pdf.get_y() + 0.5, middle + 25, pdf.get_y() + 0.5)  # the "-----" rule
    pdf.ln(6)
    for n, heading in enumerate(doc.heading):
        pdf.set_font(FAMILY, "B", 14 if n == 0 else SIZE)
        pdf.multi_cell(
            0, LINE, _nfc(plain(heading)), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
    pdf.ln(4)

    for item in doc.body:
        pdf.runs(item)
    pdf.ln(3)

    commitment = pdf.height_of(doc.commitment, pdf.epw)
    pdf.keep(commitment + 4 + LINE * 4 + SIGNATURE_SPACE)
    pdf.write_line(doc.commitment, "", SIZE, Align.J)
    pdf.ln(4)
    _signature(pdf, doc)

    pdf.ln(4)
    notes = sum(pdf.height_of(n, pdf.epw, size=9) for n in doc.footnotes)
    pdf.keep(notes + 4)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + 40, pdf.get_y())
    pdf.ln(1)
    for note in doc.footnotes:
        pdf.write_line(note, "", 9, h=4.5)

    pdf.ln(6)
    office = sum(_office_height(pdf, box) + 3 for box in doc.office)
    pdf.keep(LINE + 3 + office)
    pdf.write_line(doc.office_title, "B", SIZE, Align.C)
    pdf.ln(3)
    for box in doc.office:
        _office_box(pdf, box)

    if doc.additions:
        pdf.add_page()
        pdf.write_line(doc.additions_title, "B", 13, Align.C)
        pdf.write_line(doc.additions_note, "I", 10, Align.C)
        pdf.ln(4)
        margin = pdf.l_margin
        for extra in doc.additions:
            pdf.set_x(margin)
            pdf.set_font(FAMILY, "", SIZE)
            pdf.write(LINE, "- ")
            pdf.set_left_margin(pdf.get_x())  # a long value wraps under the label
            pdf.write(LINE, _nfc(f"{extra.label}: "))
            pdf.set_font(FAMILY, "B", SIZE)
            pdf.write(LINE, _nfc(extra.value))
            pdf.ln(LINE)
            pdf.set_left_margin(margin)
    pdf.ln(8)
    pdf.write_line(doc.footer, "I", 8, h=4)
    private_dir(path.parent)
    pdf.output(str(path))
    make_private(path)
    return path
