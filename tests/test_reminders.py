"""Re-evaluation reminders: the dates of QĐ 26/2026 (36 months; file 180 to 120 days before
expiry), asking for them in chat, and ``ocop-bot maintenance run`` sending each reminder once
through the outbox — tested with a fake clock, across runs and restarts."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.app import build_services, open_assistant
from bot.core import Assistant
from bot.reminders import run_reminders, today_in_vietnam
from bot.services import Services
from bot.settings import Settings
from bot.storage.db import Database
from knowledge.reevaluation import Phase, Stage, add_months, due_stage, reevaluation_dates
from tests.support.chat import ChatClient
from tests.support.cli import run_cli
from tests.support.officer_fixtures import assistant, drain, sender, settings
from tests.support.officer_kit import VAN_THANG, RecordingSender

__all__ = ["assistant", "sender", "settings"]
ISSUED = date(2024, 3, 15)


def at(day: date, hour: int = 2) -> datetime:
    """A moment of that day in Vietnam (UTC+7), as cron would run."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.mark.parametrize(
    ("issued", "expiry", "opens", "nudge", "closes"),
    [
        ("2024-03-15", "2027-03-15", "2026-09-16", "2026-10-16", "2026-11-15"),
        ("2023-11-30", "2026-11-30", "2026-06-03", "2026-07-03", "2026-08-02"),
        ("2024-02-29", "2027-02-28", "2026-09-01", "2026-10-01", "2026-10-31"),
    ],
)
def test_the_dates_follow_dieu_4_and_dieu_7(
    issued: str, expiry: str, opens: str, nudge: str, closes: str
) -> None:
    dates = reevaluation_dates(date.fromisoformat(issued))
    assert str(dates.expiry) == expiry  # 36 months from the decision
    assert str(dates.opens) == opens and (dates.expiry - dates.opens).days == 180
    assert str(dates.closes) == closes and (dates.expiry - dates.closes).days == 120
    assert str(dates.nudge) == nudge and (dates.closes - dates.nudge).days == 30


def test_one_stage_a_day_the_latest_that_is_still_useful() -> None:
    dates = reevaluation_dates(ISSUED)
    assert due_stage(dates, date(2026, 9, 15), done=set()) is None
    assert due_stage(dates, date(2026, 9, 16), done=set()) is Stage.OPENS
    assert due_stage(dates, date(2026, 10, 20), done=set()) is Stage.CLOSING  # opens overtaken
    assert due_stage(dates, date(2026, 11, 16), done={Stage.OPENS}) is None  # window closed
    assert due_stage(dates, date(2027, 3, 15), done=set()) is Stage.EXPIRY
    assert due_stage(dates, date(2027, 6, 1), done=set()) is None  # too late to say it
    assert dates.phase(date(2026, 11, 15)) is Phase.OPEN
    assert dates.phase(date(2026, 11, 16)) is Phase.CLOSED


async def _producer(services: Services, external_id: str = "p1") -> int:
    user, _ = await services.users.touch("test", external_id, "Lan")
    await services.users.save_commune(user.id, VAN_THANG, subscribe=True)
    return user.id


async def test_each_reminder_is_sent_once_on_its_day(
    assistant: Assistant, sender: RecordingSender
) -> None:
    services = assistant.services
    user_id = await _producer(services)
    await services.reminders.save_new(user_id, ISSUED, product="Gạo tám Vạn Thắng")
    assert (await run_reminders(services, at(date(2026, 9, 15)))).queued == 0
    assert (await run_reminders(services, at(date(2026, 9, 16)))).queued == 1
    assert (await run_reminders(services, at(date(2026, 9, 16), 20))).queued == 0  # again
    assert (await run_reminders(services, at(date(2026, 9, 30)))).queued == 0
    await drain(assistant)
    [opens] = sender.texts_to("p1")
    assert "Đã đến lúc nộp hồ sơ đánh giá lại sản phẩm OCOP («Gạo tám Vạn Thắng»)" in opens
    assert "từ nay đến hết ngày 15/11/2026" in opens and "hết hạn ngày 15/03/2027" in opens
    assert (await run_reminders(services, at(date(2026, 10, 16)))).queued == 1
    assert (await run_reminders(services, at(date(2026, 10, 17)))).queued == 0
    await drain(assistant)
    assert (await run_reminders(services, at(date(2027, 3, 15)))).queued == 1
    assert (await run_reminders(services, at(date(2027, 3, 16)))).queued == 0
    await drain(assistant)
    texts = sender.texts_to("p1")
    assert len(texts) == 3
    assert "Còn 30 ngày" in texts[1] and "hạn cuối là ngày 15/11/2026" in texts[1]
    assert "hết hạn hôm nay (15/03/2027)" in texts[2]


async def test_a_first_run_after_the_window_opened_sends_only_what_is_still_true(
    assistant: Assistant, sender: RecordingSender
) -> None:
    services = assistant.services
    user_id = await _producer(services)
    await services.reminders.save_new(user_id, ISSUED)
    report = await run_reminders(services, at(date(2026, 10, 20)))
    assert (report.queued, report.missed) == (1, 1)  # "opens" is overtaken by "closing"
    await drain(assistant)
    [only] = sender.texts_to("p1")
    assert "Còn 30 ngày" in only
    report = await run_reminders(services, at(date(2026, 12, 1)))
    assert (report.queued, report.missed) == (0, 0)


async def test_queued_reminders_survive_a_restart_and_go_out_once(settings: Settings) -> None:
    # cron runs the pass while the bot is down: the message waits in the outbox
    services = await build_services(settings)
    user_id = await _producer(services)
    await services.reminders.save_new(user_id, ISSUED)
    assert (await run_reminders(services, at(date(2026, 9, 16)))).queued == 1
    await services.db.close()
    for start in range(2):  # the bot starts (twice): the message is delivered once
        async with open_assistant(settings) as started:
            fake = RecordingSender()
            started.services.senders["test"] = fake
            await drain(started)
            again = await run_reminders(started.services, at(date(2026, 9, 17)))
            assert again.queued == 0
            sent_now = fake.texts_to("p1")
        if start == 0:
            assert len(sent_now) == 1 and "Đã đến lúc nộp hồ sơ" in sent_now[0]
        else:
            assert sent_now == []


async def test_maintenance_run_from_cron_queues_a_due_reminder_once(settings: Settings) -> None:
    """``ocop-bot maintenance run`` as cron runs it, on today's date (no fake clock)."""
    today = today_in_vietnam()
    issued = add_months(today, -36) + timedelta(days=175)  # the window opened 5 days ago
    services = await build_services(settings)
    user_id = await _producer(services)
    await services.reminders.save_new(user_id, issued)
    await services.db.close()
    env = {
        "OCOP_DB_PATH": str(settings.db_path),
        "OCOP_FILES_DIR": str(settings.files_dir),
        "OCOP_EXPORTS_DIR": str(settings.exports_dir),
    }
    first = run_cli(["maintenance", "run"], env)
    assert first.returncode == 0, first.stderr
    assert "Nhắc hạn đánh giá lại: xếp gửi 1 tin" in first.stdout
    second = run_cli(["maintenance", "run"], env)
    assert "Nhắc hạn đánh giá lại: xếp gửi 0 tin" in second.stdout
    db = await Database.open(settings.db_path)
    try:
        rows = await db.fetch_all("SELECT payload FROM outbox WHERE user_id = ?", (user_id,))
    finally:
        await db.close()
    assert len(rows) == 1
    assert "Đã đến lúc nộp hồ sơ đánh giá lại" in json.loads(rows[0]["payload"])[0]["text"]


# -- in chat ------------------------------------------------------------------------------


async def test_a_producer_types_the_certificate_date_and_is_told_the_dates(
    assistant: Assistant,
) -> None:
    today = today_in_vietnam()
    issued = add_months(today, -36) + timedelta(days=200)  # the window opens in 20 days
    dates = reevaluation_dates(issued)
    chat = ChatClient(assistant)
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.press("Nhắc hạn đánh giá lại")
    assert "không sớm hơn 180 ngày và không muộn hơn 120 ngày" in chat.text
    assert "ký ngày nào?" in chat.text
    await chat.send("mười lăm tháng ba")
    assert "ngày/tháng/năm" in chat.text  # asked again, nothing saved
    future = today + timedelta(days=3)
    await chat.send(future.strftime("%d/%m/%Y"))
    assert "tương lai" in chat.text
    await chat.send(issued.strftime("%d/%m/%Y"))
    said = chat.text
    assert f"Hết hạn: {dates.expiry:%d/%m/%Y}" in said
    assert f"từ {dates.opens:%d/%m/%Y} đến {dates.closes:%d/%m/%Y}" in said
    assert f"ngày {dates.nudge:%d/%m/%Y} (còn 30 ngày đến hạn cuối)" in said
    user = await assistant.services.users.get_by_external("test", chat.user_id)
    assert user is not None
    [saved] = await assistant.services.reminders.list_for_user(user.id)
    assert saved.issued_on == issued and saved.stages == {}
    await chat.press("Tắt nhắc hạn")
    assert "Đã tắt nhắc hạn" in chat.text
    assert await assistant.services.reminders.list_for_user(user.id) == []


async def test_inside_the_window_the_producer_is_told_now_and_not_again_by_cron(
    assistant: Assistant, sender: RecordingSender
) -> None:
    today = today_in_vietnam()
    issued = add_months(today, -36) + timedelta(days=170)  # opened 10 days ago
    chat = ChatClient(assistant)
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.send("/nhachan")
    await chat.send(issued.strftime("%d/%m/%Y"))
    assert "Hôm nay đã trong thời gian nộp hồ sơ đánh giá lại" in chat.text
    assert "(bắt đầu nộp)" not in chat.text  # already said, not promised again
    report = await run_reminders(assistant.services)
    assert report.queued == 0


async def test_an_expired_certificate_gets_no_reminder(assistant: Assistant) -> None:
    chat = ChatClient(assistant)
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.send("/nhachan")
    await chat.send("01/02/2019")
    assert "đã hết hạn ngày 01/02/2022" in chat.text
    user = await assistant.services.users.get_by_external("test", chat.user_id)
    assert user is not None and await assistant.services.reminders.list_for_user(user.id) == []


async def test_the_date_on_an_application_sets_the_reminder_in_one_press(
    assistant: Assistant,
) -> None:
    services = assistant.services
    chat = ChatClient(assistant)
    await chat.send(f"/start xa_{VAN_THANG}")
    user = await services.users.get_by_external("test", chat.user_id)
    assert user is not None
    issued = add_months(today_in_vietnam(), -30)
    app = await services.applications.save_new(user.id, VAN_THANG)
    await services.applications.save_answer(app.id, "product_name", "Mắm tép Yên Cường")
    await services.applications.save_answer(app.id, "certificate_date", issued.isoformat())
    await chat.press("Hồ sơ của tôi")
    await chat.press(f"#{app.id}")
    await chat.press("Nhắc hạn đánh giá lại")
    assert "Đã bật nhắc hạn cho giấy chứng nhận OCOP («Mắm tép Yên Cường»)" in chat.text
    [saved] = await services.reminders.list_for_user(user.id)
    assert (saved.application_id, saved.issued_on) == (app.id, issued)
    await chat.send("/nhachan")
    assert f"Giấy chứng nhận ký ngày {issued:%d/%m/%Y} («Mắm tép Yên Cường»)" in chat.text
