"""Files made for officers: spreadsheets, the figures chart, invite QR codes."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

from openpyxl import load_workbook

from bot.reports.chart import bar_panels
from bot.reports.qr import write_qr
from bot.reports.table import TableFormat, write_table

HEADERS = ["Mã hồ sơ", "Tên sản phẩm", "Trạng thái"]
ROWS = [[1, unicodedata.normalize("NFD", "Gạo tám Ý Yên"), "đã nộp"], [2, "Mắm & muối", None]]


def test_xlsx_reads_back_with_vietnamese_intact(tmp_path: Path) -> None:
    path = write_table(tmp_path / "ho-so.xlsx", HEADERS, ROWS, TableFormat.XLSX)
    sheet = load_workbook(path).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == HEADERS
    assert values[1] == [1, "Gạo tám Ý Yên", "đã nộp"]  # stored in NFC
    assert values[2] == [2, "Mắm & muối", None]
    assert sheet.freeze_panes == "A2"


def test_csv_has_a_bom_for_excel_and_reads_back(tmp_path: Path) -> None:
    path = write_table(tmp_path / "ho-so.csv", HEADERS, ROWS, TableFormat.CSV)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.reader(source))
    assert rows[0] == HEADERS and rows[1] == ["1", "Gạo tám Ý Yên", "đã nộp"]


def test_chart_is_a_png(tmp_path: Path) -> None:
    panels = [("Hồ sơ theo trạng thái", {"đã nộp": 3, "cần bổ sung": 1}), ("Trống", {})]
    path = bar_panels(tmp_path / "c.png", "Thống kê — Xã Vạn Thắng", panels)
    assert path.read_bytes().startswith(b"\x89PNG")


def test_qr_code_is_a_png(tmp_path: Path) -> None:
    path = write_qr("https://t.me/bot?start=inv_abc", tmp_path / "q" / "moi.png")
    assert path.read_bytes().startswith(b"\x89PNG")
