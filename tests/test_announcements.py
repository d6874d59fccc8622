"""Announcements as an officer writes them, through the core, delivered by the outbox worker."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.core import Assistant
from bot.delivery import DeliveryResult, Outcome
from bot.messages import Attachment
from bot.storage.announcements import AnnouncementRepo
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, drain, sender, settings
from tests.support.officer_kit import (
    VAN_THANG,
    YEN_CUONG,
    RecordingSender,
    make_officer,
    make_producers,
)
from tests.support.records import audit_entries

__all__ = ["assistant", "sender", "settings"]


@pytest.fixture
async def officer(assistant: Assistant) -> ChatClient:
    await make_officer(assistant.services, "cb", VAN_THANG)
    return ChatClient(assistant, "cb", "Cán bộ Hà")


async def test_officer_announcement_reaches_every_subscriber_of_the_commune_once(
    assistant: Assistant, sender: RecordingSender, officer: ChatClient
) -> None:
    services = assistant.services
    await make_producers(services, 5, VAN_THANG)
    await make_producers(services, 3, YEN_CUONG, prefix="other")
    await make_producers(services, 2, VAN_THANG, prefix="quiet", subscribed=False)

    await officer.send("/canbo")
    await officer.press("Thông báo")
    await officer.press("Soạn thông báo mới")
    assert "Xã Vạn Thắng" in officer.text
    await officer.send("Tập huấn OCOP lúc 8h ngày 20/12 tại UBND xã <mang theo hồ sơ>")
    assert "người nhận: 5" in officer.text
    assert "&lt;mang theo hồ sơ&gt;" in officer.last[0].text  # officer text is escaped
    await officer.press("Gửi ngay")
    assert "5 người" in officer.text
    await drain(assistant)

    received = sender.recipients()
    assert {f"p{i}" for i in range(5)} <= set(received)
    assert all(received[f"p{i}"] == 1 for i in range(5))
    assert not any(ext.startswith(("other", "quiet")) for ext in received)
    assert "Tập huấn OCOP" in sender.texts_to("p0")[0]
    report = sender.texts_to("cb")
    assert any("Báo cáo thông báo" in t and "Đã gửi: 5" in t for t in report)
    assert any("5/5" in t for t in [*report, sender.last_edit_to("cb")])
    entries = await audit_entries(services.db, action="announce_send")
    assert entries and entries[-1].detail["recipients"] == 5


async def test_blocked_retried_and_failed_recipients_are_reported(
    assistant: Assistant, sender: RecordingSender, officer: ChatClient
) -> None:
    services = assistant.services
    await make_producers(services, 4, VAN_THANG)
    sender.script["p0"].append(DeliveryResult(Outcome.BLOCKED, error="Forbidden"))
    sender.script["p1"].append(DeliveryResult(Outcome.RETRY, retry_after=0.05))
    sender.script["p2"].extend(DeliveryResult(Outcome.FAILED, error="boom") for _ in range(9))

    await officer.send("/canbo")
    await officer.press("Thông báo")
    await officer.press("Soạn thông báo mới")
    await officer.send("Hội chợ OCOP Ninh Bình")
    await officer.press("Gửi ngay")
    await drain(assistant)

    assert sender.recipients() == {"p1": 1, "p3": 1, "cb": 2}  # cb: progress and report
    report = sender.texts_to("cb")[-1]
    assert "Đã gửi: 2" in report and "Đã chặn bot: 1" in report and "Lỗi: 1" in report
    blocked = await services.users.get_by_external("test", "p0")
    assert blocked is not None and blocked.blocked
    # the failing recipient was tried the configured number of times, no more
    assert len(sender.script["p2"]) == 9 - services.settings.broadcast_max_attempts


async def test_announcement_with_a_photo_sends_the_photo(
    assistant: Assistant, sender: RecordingSender, officer: ChatClient, tmp_path: Path
) -> None:
    await make_producers(assistant.services, 1, VAN_THANG)
    photo = tmp_path / "poster.jpg"
    photo.write_bytes(b"\xff\xd8fake")
    attachment = Attachment(photo, "poster.jpg", "image/jpeg", 6, "x" * 64)
    await officer.send("/canbo")
    await officer.press("Thông báo")
    await officer.press("Soạn thông báo mới")
    await officer.send_file(attachment, photo=True)
    assert "gõ nội dung" in officer.text
    await officer.send("Áp phích hội chợ")
    assert officer.last[0].file is not None and officer.last[0].file.as_photo
    await officer.press("Gửi ngay")
    await drain(assistant)
    [(_, replies)] = [item for item in sender.sent if item[0] == "p0"]
    assert replies[0].file is not None and replies[0].file.path == photo


async def test_producer_who_unsubscribes_before_sending_is_skipped(
    assistant: Assistant, sender: RecordingSender, officer: ChatClient
) -> None:
    await make_producers(assistant.services, 2, VAN_THANG)
    await officer.send("/canbo")
    await officer.press("Thông báo")
    await officer.press("Soạn thông báo mới")
    await officer.send("Lịch nộp hồ sơ")
    await officer.press("Hẹn giờ")
    await officer.send("mai 7h")
    assert "Hẹn gửi lúc" in officer.text
    await officer.press("Xác nhận hẹn giờ")
    assert "sẽ được gửi" in officer.text
    await drain(assistant)
    assert not [ext for ext, _ in sender.sent if ext.startswith("p")]

    producer = ChatClient(assistant, "p1")
    await producer.send("/tatthongbao")
    # the time comes
    await assistant.services.db.execute("UPDATE outbox SET next_at = '2000-01-01T00:00:00'")
    await drain(assistant)
    assert sender.recipients()["p0"] == 1 and "p1" not in sender.recipients()
    assert "Đã tắt nhận tin trước khi gửi: 1" in sender.texts_to("cb")[-1]


async def test_officer_can_stop_a_running_announcement(
    assistant: Assistant, sender: RecordingSender, officer: ChatClient
) -> None:
    await make_producers(assistant.services, 30, VAN_THANG)
    sender.gate = asyncio.Event()
    await officer.send("/canbo")
    await officer.press("Thông báo")
    await officer.press("Soạn thông báo mới")
    await officer.send("Thông báo sẽ bị dừng")
    await officer.press("Gửi ngay")
    await asyncio.sleep(0.05)  # the worker has claimed the first rows and waits on the gate
    await officer.press("Dừng gửi")
    assert "Đã dừng thông báo" in officer.text
    sender.gate.set()
    await drain(assistant)
    producers = [ext for ext, _ in sender.sent if ext.startswith("p")]
    assert len(producers) < 30 and len(set(producers)) == len(producers)
    report = sender.texts_to("cb")[-1]
    assert "đã dừng" in report and "Không gửi do dừng" in report
    announcement = await AnnouncementRepo(assistant.services.db).get_announcement(1)
    assert announcement is not None and announcement.status.value == "cancelled"


async def test_admin_can_announce_to_every_commune(
    assistant: Assistant, sender: RecordingSender
) -> None:
    await make_producers(assistant.services, 2, VAN_THANG)
    await make_producers(assistant.services, 2, YEN_CUONG, prefix="y")
    await make_officer(assistant.services, "ad", None, admin=True)
    admin = ChatClient(assistant, "ad")
    await admin.send("/canbo")
    await admin.press("Thông báo")
    await admin.press("Soạn thông báo mới")
    await admin.press("Tất cả các xã")
    await admin.send("Thông báo chung toàn tỉnh")
    assert "người nhận: 4" in admin.text
    await admin.press("Gửi ngay")
    await drain(assistant)
    assert {"p0", "p1", "y0", "y1"} <= set(sender.recipients())
