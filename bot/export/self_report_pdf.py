"""The Báo cáo tự đánh giá (Mẫu 02) as a PDF (fpdf2), drawn from a
:class:`~bot.export.self_report.SelfReport`.

Owns the PDF layout: A4, Be Vietnam Pro embedded from the installed font package (as the
Phiếu đăng ký, :mod:`bot.export.pdf`), text in NFC, tick boxes drawn as rectangles (the
font has no box glyphs), tables with fpdf2's table helper.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

from bot.export.pdf import FAMILY, FONT_FILES, font_path
from bot.export.self_report import Para, SelfReport, Table

LINE = 5.5
BOX = 3.2
SIZE = 10.5
TICK = "√"  # printed in Phần I ("Đánh dấu (√) vào mục tương ứng")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class _Pdf(FPDF):
    def para(self, para: Para) -> None:
        if para.style == "part":
            self.ln(3)
            self.set_font(FAMILY, "B", SIZE + 0.5)
            self.multi_cell(0, LINE, _nfc(para.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            return
        style = {"topic": "B", "note": "I"}.get(para.style, "")
        for run in para.runs:
            if run.kind == "box":
                self._box(run.ticked)
                continue
            self.set_font(FAMILY, "B" if run.kind == "value" else style, SIZE)
            for n, chunk in enumerate(_nfc(run.text).split(TICK)):
                if n:
                    self._tick()
                self.write(LINE, chunk)
        self.ln(LINE)

    def _tick(self) -> None:
        """A "√" drawn with two strokes (Be Vietnam Pro has no such glyph)."""
        x, y = self.get_x() + 0.4, self.get_y() + LINE / 2
        self.line(x, y, x + 0.9, y + 1.3)
        self.line(x + 0.9, y + 1.3, x + 2.2, y - 1.6)
        self.set_x(x + 2.6)

    def _box(self, ticked: bool) -> None:
        if self.get_x() + BOX + 2 > self.w - self.r_margin:
            self.ln(LINE)
        x, y = self.get_x() + 1, self.get_y() + (LINE - BOX) / 2
        self.rect(x, y, BOX, BOX)
        if ticked:
            self.line(x, y, x + BOX, y + BOX)
            self.line(x, y + BOX, x + BOX, y)
        self.set_x(x + BOX + 1)

    def grid(self, table: Table) -> None:
        self.ln(1)
        self.set_font(FAMILY, "", SIZE - 1)
        bold = FontFace(emphasis="BOLD")
        with self.table(
            col_widths=table.widths,
            line_height=LINE - 1,
            text_align="LEFT",
            first_row_as_headings=True,
            headings_style=bold,
        ) as grid:
            head = grid.row()
            for label in table.columns:
                head.cell(_nfc(label))
            for n, values in enumerate(table.rows):
                row = grid.row()
                for value in values:
                    row.cell(_nfc(value), style=bold if n in table.bold_rows else None)
        self.ln(2)


def write_report_pdf(report: SelfReport, path: Path) -> Path:
    """Write ``report`` to ``path`` (folders created) and return the path."""
    pdf = _Pdf(format="A4")
    pdf.set_margins(22, 18, 16)
    pdf.set_auto_page_break(True, margin=16)
    for style in FONT_FILES:
        pdf.add_font(FAMILY, style, str(font_path(style)))
    pdf.set_title(_nfc(report.title))
    pdf.set_creator("Trợ lý OCOP")
    pdf.add_page()
    for n, line in enumerate(report.heading):
        pdf.set_font(FAMILY, "B" if n == 0 else "I", 13 if n == 0 else SIZE)
        pdf.multi_cell(0, LINE + 1, _nfc(line), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    for block in report.blocks:
        if isinstance(block, Table):
            pdf.grid(block)
        else:
            pdf.para(block)

    pdf.ln(4)
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    for text, style, gap in (
        (report.date_line, "I", 0.0),
        (report.signer, "B", 0.0),
        (report.signer_note, "I", 20.0),
        (report.signer_name, "B", 0.0),
    ):
        pdf.set_x(pdf.l_margin + half)
        pdf.set_font(FAMILY, style, SIZE)
        pdf.multi_cell(half, LINE, _nfc(text), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if gap:
            pdf.ln(gap)
    pdf.ln(6)
    pdf.set_font(FAMILY, "I", 8)
    pdf.multi_cell(0, 4, _nfc(report.footer), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path
