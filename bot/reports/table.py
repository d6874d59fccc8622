"""Spreadsheets for the commune office: one sheet of rows as XLSX (openpyxl) or CSV.

Owns the file formats only; what the rows are (applications) is decided by the caller.
CSV is UTF-8 with a byte-order mark, so Excel shows Vietnamese letters correctly;
XLSX has a bold header row, frozen under the header, with filters and sensible widths.

What producers typed is data, never a formula: in XLSX every string is written as a string
cell (``t="inlineStr"``, so ``=HYPERLINK(…)`` is shown, not run); in CSV, which has no
types, a value starting with ``= + - @``, a tab or a carriage return gets a leading ``'``
(OWASP, "CSV Injection"). Characters XML forbids are dropped (:func:`knowledge.text.xml_safe`),
so one stored U+FFFF cannot break a commune's export.

>>> csv_safe("=cmd|' /C calc'!A0"), csv_safe("Mật ong"), csv_safe(12)
("'=cmd|' /C calc'!A0", 'Mật ong', 12)
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from bot.private import make_private, private_dir
from knowledge.text import nfc, xml_safe

Cell = str | int | float | date | datetime | None
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# What spreadsheet programs read as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Cell) -> Cell:
    """``value``, with a leading ``'`` when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text(value: Cell) -> Cell:
    return nfc(xml_safe(value)) if isinstance(value, str) else value


class TableFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


def write_table(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    fmt: TableFormat,
    *,
    sheet_title: str = "Hồ sơ",
) -> Path:
    """Write ``headers`` and ``rows`` to ``path`` in ``fmt``; return the path."""
    private_dir(path.parent)
    head = [_text(h) for h in headers]
    clean = [[_text(c) for c in row] for row in rows]
    if TableFormat(fmt) is TableFormat.CSV:
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow([csv_safe(h) for h in head])
            writer.writerows([csv_safe(c) for c in row] for row in clean)
        make_private(path)
        return path
    # Imported here, not at start-up: openpyxl takes almost half a second to import.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title[:31]
    for number, values in enumerate([head, *clean], start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text as typed: "=…" stays text, never a formula
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    _date_formats(sheet)
    for index, header in enumerate(headers, start=1):
        longest = max([len(str(header)), *(len(str(r[index - 1] or "")) for r in clean)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)
    book.save(path)
    make_private(path)
    return path


def _date_formats(sheet: Any) -> None:
    """Dates and times shown as Vietnamese read them (the cells stay real dates)."""
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
