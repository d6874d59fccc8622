"""Spreadsheets for the commune office: one sheet of rows as XLSX (openpyxl) or CSV.

Owns the file formats only; what the rows are (applications) is decided by the caller.
CSV is UTF-8 with a byte-order mark, so Excel shows Vietnamese letters correctly;
XLSX has a bold header row, frozen under the header, with filters and sensible widths.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from knowledge.text import nfc

Cell = str | int | float | date | datetime | None
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


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
    path.parent.mkdir(parents=True, exist_ok=True)
    clean = [[nfc(c) if isinstance(c, str) else c for c in row] for row in rows]
    if TableFormat(fmt) is TableFormat.CSV:
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow([nfc(h) for h in headers])
            writer.writerows(clean)
        return path
    # Imported here, not at start-up: openpyxl takes almost half a second to import.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title[:31]
    sheet.append([nfc(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in clean:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    _date_formats(sheet)
    for index, header in enumerate(headers, start=1):
        longest = max([len(str(header)), *(len(str(r[index - 1] or "")) for r in clean)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)
    book.save(path)
    return path


def _date_formats(sheet: Any) -> None:
    """Dates and times shown as Vietnamese read them (the cells stay real dates)."""
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
