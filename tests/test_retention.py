"""Retention (``ocop-bot maintenance run``): a draft left untouched gets one reminder, then
is archived (deleted, counted anonymously); the owner is told both times, through the
outbox and the channel's sender."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core import Assistant
from bot.retention import run_maintenance
from bot.settings import Settings
from bot.storage.privacy import PrivacyRepo
from bot.storage.retention import RetentionRepo
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, drain, sender, settings
from tests.support.officer_kit import RecordingSender
from tests.support.registration_script import fill, load_form, photo, start_registration

__all__ = ["assistant", "sender", "settings"]
ROOT = Path(__file__).resolve().parent.parent


def later(days: float) -> datetime:
    return datetime.now(UTC) + timedelta(days=days)


async def _draft(assistant: Assistant, user: str = "p1") -> tuple[ChatClient, int]:
    """A producer with a draft that has a product name and a photo."""
    chat = ChatClient(assistant, user, "Lan")
    await start_registration(chat)
    files = assistant.services.settings.files_dir
    await fill(chat, load_form(), files, stop_before="photos")
    await chat.send_file(photo(files, (7, 7, 7)))
    [app] = await assistant.services.applications.list_for_owner(1)
    return chat, app.id


async def test_an_untouched_draft_gets_one_reminder_with_a_continue_button(
    assistant: Assistant, sender: RecordingSender
) -> None:
    _, app_id = await _draft(assistant)
    assert (await run_maintenance(assistant.services, later(29))).reminded == 0
    report = await run_maintenance(assistant.services, later(31))
    assert report.reminded == 1
    await drain(assistant)
    [(who, replies)] = sender.sent
    assert who == "p1"
    assert "chưa có thay đổi gì đã 30 ngày" in replies[0].text
    assert "Gạo tám" in replies[0].text
    assert [b.payload for row in replies[0].buttons for b in row] == [f"r:go:{app_id}"]
    again = await run_maintenance(assistant.services, later(32))
    assert again.reminded == 0  # once, until the draft changes


async def test_the_reminder_button_continues_the_draft(
    assistant: Assistant, sender: RecordingSender
) -> None:
    chat, app_id = await _draft(assistant)
    await chat.send("/menu")
    await run_maintenance(assistant.services, later(31))
    await drain(assistant)
    await chat.press_payload(f"r:go:{app_id}")
    assert "Làm tiếp hồ sơ" in chat.text


async def test_a_reminded_draft_left_alone_is_archived_and_counted(
    assistant: Assistant, sender: RecordingSender, settings: Settings
) -> None:
    _, app_id = await _draft(assistant)
    services = assistant.services
    [stored] = await services.applications.list_attachments(app_id)
    await run_maintenance(services, later(31))
    assert (await run_maintenance(services, later(59))).archived == 0  # not yet
    report = await run_maintenance(services, later(61))
    assert report.archived == 1 and report.files_deleted >= 1
    assert await services.applications.get(app_id) is None
    assert not stored.path.exists()
    row = await services.db.fetch_one("SELECT * FROM archived_drafts")
    assert row is not None
    assert (row["commune_id"], row["product_group"]) == ("13864", "food")
    assert row["answered"] > 10
    await drain(assistant)
    assert "đã được lưu trữ" in sender.texts_to("p1")[-1]


async def test_a_draft_that_changed_after_the_reminder_is_kept(
    assistant: Assistant, sender: RecordingSender
) -> None:
    _, app_id = await _draft(assistant)
    services = assistant.services
    await run_maintenance(services, later(31))
    await services.applications.save_answer(app_id, "story", "Làm tiếp sau khi được nhắc.")
    changed = later(32).replace(microsecond=0).isoformat()  # the day after the reminder
    await services.db.execute("UPDATE applications SET updated_at = ?", (changed,))
    assert (await run_maintenance(services, later(61))).archived == 0
    assert await services.applications.get(app_id) is not None
    reminders = RetentionRepo(services.db)
    due = await reminders.list_to_remind(untouched_before=later(63).isoformat())
    assert [d.id for d in due] == [app_id]  # left again: a new reminder later


async def test_a_draft_never_reminded_is_not_archived(
    assistant: Assistant, sender: RecordingSender
) -> None:
    _, app_id = await _draft(assistant)
    report = await run_maintenance(assistant.services, later(100))
    assert report.archived == 0 and report.reminded == 1  # the reminder comes first
    assert await assistant.services.applications.get(app_id) is not None


async def test_submitted_applications_are_never_reminded_or_archived(
    assistant: Assistant, sender: RecordingSender
) -> None:
    chat = ChatClient(assistant, "p2", "Hoa")
    await start_registration(chat)
    await fill(chat, load_form(), assistant.services.settings.files_dir)
    await chat.press("Nộp hồ sơ")
    await chat.press("cam đoan")
    report = await run_maintenance(assistant.services, later(400))
    assert (report.reminded, report.archived) == (0, 0)


@pytest.mark.sqlite_only('"no database" is a missing SQLite file')
def test_the_command_refuses_an_archive_period_shorter_than_the_reminder(
    tmp_path: Path,
) -> None:
    db = tmp_path / "ocop.db"
    env = {**os.environ, "OCOP_DB_PATH": str(db), "OCOP_FILES_DIR": str(tmp_path / "f")}
    env["OCOP_EXPORTS_DIR"] = str(tmp_path / "x")
    run = [sys.executable, "-m", "bot", "maintenance", "run"]
    missing = subprocess.run(run, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert missing.returncode == 1 and "Không có cơ sở dữ liệu" in missing.stderr
    db.touch()
    ok = subprocess.run(run, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert ok.returncode == 0, ok.stderr
    assert "Đã nhắc 0 hồ sơ nháp" in ok.stdout
    env |= {"OCOP_DRAFT_REMINDER_DAYS": "30", "OCOP_DRAFT_ARCHIVE_DAYS": "30"}
    bad = subprocess.run(run, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert bad.returncode == 2 and "OCOP_DRAFT_ARCHIVE_DAYS" in bad.stderr


async def test_a_forgotten_user_is_not_written_to(
    assistant: Assistant, sender: RecordingSender
) -> None:
    await _draft(assistant)
    services = assistant.services
    user = await services.users.get_by_external("test", "p1")
    assert user is not None
    await PrivacyRepo(services.db).forget_user(user.id)
    report = await run_maintenance(services, later(31))
    assert (report.reminded, report.unreachable) == (0, 1)
    await drain(assistant)
    assert sender.sent == []
