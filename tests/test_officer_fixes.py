"""The officer fixes of issue 14 (section 5), each as a user of the office would notice it:
application numbers are never handed out twice, the figures count producers only, a new
officer is greeted as new, the spreadsheet's columns are the office's, and the chart counts
in whole numbers."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from openpyxl import load_workbook

from bot.core import Assistant
from bot.reports.applications import export_applications
from bot.reports.chart import bar_panels
from bot.reports.table import TableFormat
from bot.storage.applications import ApplicationRepo, Status
from bot.storage.db import MIGRATIONS_DIR, Database
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, sender, settings
from tests.support.officer_kit import VAN_THANG, make_officer, make_producers

UPGRADE = "an upgrade through SQLite's migrations (a PostgreSQL database starts with all)"

__all__ = ["assistant", "sender", "settings"]


# -- application numbers ---------------------------------------------------------------------


async def test_a_deleted_newest_draft_does_not_give_its_number_to_the_next_application(
    assistant: Assistant,
) -> None:
    repo = assistant.services.applications
    [lan, hoa] = await make_producers(assistant.services, 2, VAN_THANG)
    first = await repo.save_new(lan.id, VAN_THANG)
    newest = await repo.save_new(lan.id, VAN_THANG)
    assert await repo.delete_draft(newest.id, lan.id)

    other = await repo.save_new(hoa.id, VAN_THANG)

    assert other.id == newest.id + 1
    assert await repo.get(newest.id) is None  # "hồ sơ #2" names nobody's product now
    assert first.id < newest.id < other.id


async def test_a_stray_insert_at_a_used_number_is_refused(assistant: Assistant) -> None:
    repo = assistant.services.applications
    [lan] = await make_producers(assistant.services, 1, VAN_THANG)
    app = await repo.save_new(lan.id, VAN_THANG)
    assert await repo.delete_draft(app.id, lan.id)
    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError), match="already used"):
        await assistant.services.db.execute(
            "INSERT INTO applications (id, owner_user_id, status, created_at, updated_at)"
            " VALUES (?, ?, 'draft', '', '')",
            (app.id, lan.id),
        )


@pytest.mark.sqlite_only(UPGRADE)
async def test_a_database_from_before_the_fix_continues_after_its_highest_number(
    tmp_path: Path,
) -> None:
    older = tmp_path / "migrations"
    older.mkdir()
    for path in MIGRATIONS_DIR.glob("*.sql"):
        if int(path.name[:4]) < 15:
            shutil.copy(path, older / path.name)
    db_path = tmp_path / "ocop.db"
    db = await Database.open(db_path, migrations=older)
    await db.execute(
        "INSERT INTO users (channel, external_id, created_at, last_seen_at)"
        " VALUES ('test', 'lan', 'x', 'x')"
    )
    for _ in range(3):
        await db.execute(
            "INSERT INTO applications (owner_user_id, status, created_at, updated_at)"
            " VALUES (1, 'draft', 'x', 'x')"
        )
    await db.close()

    db = await Database.open(db_path)
    try:
        repo = ApplicationRepo(db)
        assert await repo.delete_draft(3, 1)
        assert (await repo.save_new(1, VAN_THANG)).id == 4
    finally:
        await db.close()


# -- the figures count producers -------------------------------------------------------------


async def test_figures_count_the_producers_not_the_officers(assistant: Assistant) -> None:
    services = assistant.services
    await make_producers(services, 2, VAN_THANG)
    officer = await make_officer(services, "cb", VAN_THANG)
    await services.users.save_commune(officer.id, VAN_THANG, subscribe=True)
    await make_officer(services, "qt", VAN_THANG, admin=True)
    chat = ChatClient(assistant, "cb")
    await chat.press_payload("o:st")
    assert "Người dùng: 2 · nhận thông báo: 2" in chat.text


# -- greeting ---------------------------------------------------------------------------------


async def test_an_officer_added_before_writing_is_greeted_as_new_then_as_back(
    assistant: Assistant,
) -> None:
    await make_officer(assistant.services, "cb-moi", VAN_THANG)
    officer = ChatClient(assistant, "cb-moi", "Anh Minh")

    await officer.send("/start")

    assert "quay lại" not in officer.text
    assert "Xin chào Anh Minh" in officer.text and "cán bộ phụ trách Xã Vạn Thắng" in officer.text
    await officer.send("/start")
    assert "Chào mừng Anh Minh quay lại" in officer.text


async def test_a_producer_who_wrote_before_is_still_welcomed_back(assistant: Assistant) -> None:
    lan = ChatClient(assistant, "lan", "Chị Lan")
    await lan.send("/start")
    await lan.press("Vạn Thắng")
    await lan.send("/start")
    assert "Chào mừng Chị Lan quay lại" in lan.text


# -- the office's spreadsheet -----------------------------------------------------------------


async def _returned_then_resubmitted(assistant: Assistant) -> int:
    """An application an officer returned with a note, which the producer then resubmitted,
    with the establishment date answered and the website skipped."""
    services = assistant.services
    repo = services.applications
    [lan] = await make_producers(services, 1, VAN_THANG)
    officer = await make_officer(services, "cb", VAN_THANG)
    app = await repo.save_new(lan.id, VAN_THANG)
    await repo.save_answer(app.id, "commune", VAN_THANG)
    await repo.save_answer(app.id, "product_name", "Gạo tám")
    await repo.save_answer(app.id, "price", None, skipped=True)
    await repo.save_status(app.id, Status.SUBMITTED, by_user_id=lan.id)
    await repo.save_status(
        app.id, Status.NEEDS_MORE, "Ghi giá theo kg", ("price",), by_user_id=officer.id
    )
    await repo.save_status(app.id, Status.SUBMITTED, "Đã nộp lại", by_user_id=lan.id)
    return app.id


def _rows(path: Path) -> list[list[Any]]:
    sheet = load_workbook(path).active
    assert sheet is not None
    return [[c.value for c in row] for row in sheet.iter_rows()]


async def test_the_xlsx_has_the_officers_note_one_commune_column_empty_skips_and_dates(
    assistant: Assistant, tmp_path: Path
) -> None:
    app_id = await _returned_then_resubmitted(assistant)
    services = assistant.services

    path, count = await export_applications(
        services, services.form, [VAN_THANG], TableFormat.XLSX, tmp_path / "ho-so.xlsx"
    )

    assert count == 1
    header, row = _rows(path)
    assert header.count("Xã/phường") == 1
    assert row[header.index("Mã hồ sơ")] == app_id
    assert row[header.index("Ghi chú cán bộ")] == "Ghi giá theo kg"  # not "Đã nộp lại"
    assert row[header.index("Giá bán")] is None  # skipped: an empty cell
    assert "(bỏ qua)" not in [str(v) for v in row]
    submitted = row[header.index("Ngày nộp")]
    assert isinstance(submitted, datetime) and submitted.year >= 2026
    cell = load_workbook(path).active["E2"]  # type: ignore[index]
    assert cell.number_format == "dd/mm/yyyy hh:mm"


async def test_the_csv_has_the_same_columns_with_dates_as_text(
    assistant: Assistant, tmp_path: Path
) -> None:
    await _returned_then_resubmitted(assistant)
    services = assistant.services
    path, _ = await export_applications(
        services, services.form, [VAN_THANG], TableFormat.CSV, tmp_path / "ho-so.csv"
    )
    with path.open(encoding="utf-8-sig", newline="") as source:
        header, row = list(csv.reader(source))
    assert header.count("Xã/phường") == 1
    assert row[header.index("Ghi chú cán bộ")] == "Ghi giá theo kg"
    assert row[header.index("Giá bán")] == ""
    assert datetime.strptime(row[header.index("Ngày nộp")], "%d/%m/%Y %H:%M")


async def test_a_date_answer_is_a_real_date_in_the_xlsx(
    assistant: Assistant, tmp_path: Path
) -> None:
    services = assistant.services
    [lan] = await make_producers(services, 1, VAN_THANG)
    repo = services.applications
    app = await repo.save_new(lan.id, VAN_THANG)
    await repo.save_answer(app.id, "reg_kind", "upgrade")  # «Ngày công nhận» then applies
    await repo.save_answer(app.id, "certificate_date", "2023-11-15")
    await repo.save_status(app.id, Status.SUBMITTED, by_user_id=lan.id)

    path, _ = await export_applications(
        services, services.form, [VAN_THANG], TableFormat.XLSX, tmp_path / "d.xlsx"
    )

    header, row = _rows(path)
    assert row[header.index("Ngày công nhận")] == datetime(2023, 11, 15)
    cell = load_workbook(path).active.cell(2, header.index("Ngày công nhận") + 1)  # type: ignore[union-attr]
    assert cell.number_format == "dd/mm/yyyy"


# -- the chart --------------------------------------------------------------------------------


def test_the_chart_ticks_are_whole_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib.figure import Figure

    drawn: list[Figure] = []
    save = Figure.savefig

    def keep(self: Figure, *args: Any, **kwargs: Any) -> None:
        drawn.append(self)
        save(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    panels = [("Hồ sơ theo trạng thái", {"đã nộp": 1, "cần bổ sung": 2}), ("Một", {"a": 1})]
    bar_panels(tmp_path / "c.png", "Thống kê", panels)

    [figure] = drawn
    for axis in figure.axes:
        ticks = [t for t in axis.get_xticks() if 0 <= t <= axis.get_xlim()[1]]
        assert ticks and all(float(t).is_integer() for t in ticks), ticks
