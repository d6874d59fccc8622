"""Authorisation: producers reach no officer tool; an officer of commune A nothing of B.

Table tests over every officer button payload and command, typed or forged, plus checks
that refusals change nothing and that actions and refusals land in the audit log.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.core import Assistant
from bot.storage.announcements import AnnouncementRepo
from bot.storage.outbox import Recipient
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, sender, settings
from tests.support.officer_kit import (
    VAN_THANG,
    YEN_CUONG,
    RecordingSender,
    make_officer,
    make_producers,
)
from tests.support.records import audit_entries

__all__ = ["assistant", "sender", "settings"]
pytestmark = pytest.mark.usefixtures("sender")

OFFICER_PAYLOADS = [
    "o:menu",
    "o:an",
    "o:anew",
    "o:ago",
    "o:asch",
    "o:anow",
    "o:adrop",
    "o:anofile",
    "o:ascall",
    f"o:asc{VAN_THANG}",
    "o:ax1",
    "o:st",
    "o:xl",
    "o:rq",
    "o:qs",
    "o:afg",
    "o:afs",
    "o:afg0",
    "o:ro1",
    "o:ra1",
    "o:rm1",
    "o:rr1",
    "o:rt1:0",
    "o:qo1",
    "o:qa1",
]


async def _announcement_of(assistant: Assistant, commune: str) -> int:
    """A scheduled announcement of ``commune`` written by its own officer."""
    author = await make_officer(assistant.services, f"author-{commune}", commune)
    [producer] = await make_producers(assistant.services, 1, commune, prefix=f"x{commune}-")

    return await AnnouncementRepo(assistant.services.db).save_announcement(
        author_id=author.id,
        commune_id=commune,
        audience={},
        text="Lịch họp",
        recipients=[Recipient(producer.id, "test", producer.external_id)],
        send_at=datetime.now(UTC) + timedelta(days=1),
    )


@pytest.mark.parametrize("payload", OFFICER_PAYLOADS)
async def test_producer_pressing_any_officer_button_is_refused(
    assistant: Assistant, payload: str
) -> None:
    announcement_id = await _announcement_of(assistant, VAN_THANG)
    producer = ChatClient(assistant, "prod")
    await producer.send("/start")
    await producer.press("Vạn Thắng")
    await producer.press_payload(payload)
    assert "chỉ dành cho cán bộ" in producer.text
    assert not any(b.payload.startswith("o:") for b in producer.buttons())
    repo = AnnouncementRepo(assistant.services.db)
    announcement = await repo.get_announcement(announcement_id)
    assert announcement is not None and announcement.status.value == "scheduled"
    refused = await audit_entries(assistant.services.db, action="officer_button")
    assert [(e.allowed, e.target) for e in refused] == [(False, payload[2:])]


@pytest.mark.parametrize("command", ["/canbo", "/canbo xuat"])
async def test_producer_typing_the_officer_command_is_refused(
    assistant: Assistant, command: str
) -> None:
    producer = ChatClient(assistant, "prod")
    await producer.send(command)
    assert "chỉ dành cho cán bộ" in producer.text


async def test_officer_removed_mid_way_loses_the_draft_and_the_buttons(
    assistant: Assistant,
) -> None:
    officer_user = await make_officer(assistant.services, "cb", VAN_THANG)
    await make_producers(assistant.services, 2, VAN_THANG)
    officer = ChatClient(assistant, "cb")
    await officer.send("/canbo")
    await officer.press("Thông báo")
    await officer.press("Soạn thông báo mới")
    await officer.send("Nội dung")
    await assistant.services.users.save_role(officer_user.id, officer_user.role.PRODUCER)
    await officer.press_payload("o:ago")
    assert "chỉ dành cho cán bộ" in officer.text
    assert await AnnouncementRepo(assistant.services.db).get_announcement(1) is None
    await officer.send("tin nhắn tiếp theo")  # no longer in the officer's compose mode
    session = await assistant.services.users.get_session(officer_user.id)
    assert not session.mode.startswith("o_")


async def test_officer_of_one_commune_cannot_announce_to_another_or_to_all(
    assistant: Assistant,
) -> None:
    await make_officer(assistant.services, "cb", VAN_THANG)
    officer = ChatClient(assistant, "cb")
    for payload in (f"o:asc{YEN_CUONG}", "o:ascall"):
        await officer.press_payload(payload)
        assert "chỉ làm việc được với dữ liệu của xã mình" in officer.text
    entries = await audit_entries(assistant.services.db, action="announce_compose")
    assert [e.allowed for e in entries] == [False, False]


async def test_officer_cannot_send_a_forged_draft_for_another_commune(
    assistant: Assistant,
) -> None:
    user = await make_officer(assistant.services, "cb", VAN_THANG)
    await make_producers(assistant.services, 3, YEN_CUONG)
    await assistant.services.users.save_session(
        user.id, "o_an_preview", {"commune": YEN_CUONG, "text": "giả mạo"}
    )
    officer = ChatClient(assistant, "cb")
    await officer.press_payload("o:ago")
    assert "chỉ làm việc được với dữ liệu của xã mình" in officer.text
    assert await AnnouncementRepo(assistant.services.db).get_announcement(1) is None


async def test_officer_cannot_stop_another_communes_announcement(assistant: Assistant) -> None:
    theirs = await _announcement_of(assistant, YEN_CUONG)
    await make_officer(assistant.services, "cb", VAN_THANG)
    officer = ChatClient(assistant, "cb")
    await officer.press_payload(f"o:ax{theirs}")
    assert "chỉ làm việc được với dữ liệu của xã mình" in officer.text
    announcement = await AnnouncementRepo(assistant.services.db).get_announcement(theirs)
    assert announcement is not None and announcement.status.value == "scheduled"


async def test_officer_sees_only_their_communes_announcements_and_figures(
    assistant: Assistant,
) -> None:
    await _announcement_of(assistant, YEN_CUONG)
    await make_producers(assistant.services, 4, YEN_CUONG)
    await make_producers(assistant.services, 2, VAN_THANG, prefix="v")
    await make_officer(assistant.services, "cb", VAN_THANG)
    officer = ChatClient(assistant, "cb")
    await officer.press_payload("o:an")
    assert "Chưa có thông báo nào" in officer.text
    await officer.press_payload("o:st")
    assert "nhận thông báo: 2" in officer.text


async def test_every_officer_action_is_audited(assistant: Assistant) -> None:
    officer_user = await make_officer(assistant.services, "cb", VAN_THANG)
    await make_producers(assistant.services, 1, VAN_THANG)
    sender = assistant.services.senders["test"]
    assert isinstance(sender, RecordingSender)
    sender.gate = asyncio.Event()  # hold the broadcast so that it can be stopped
    officer = ChatClient(assistant, "cb")
    await officer.send("/canbo")
    await officer.press("Thông báo")
    await officer.press("Soạn thông báo mới")
    await officer.send("Nội dung")
    await officer.press("Gửi ngay")
    await officer.press("Dừng gửi")
    sender.gate.set()
    await officer.press_payload("o:st")
    entries = await audit_entries(assistant.services.db, actor_id=officer_user.id)
    actions = [e.action for e in entries]
    assert actions == ["officer_menu", "announce_list", "announce_send", "announce_stop", "stats"]
    assert all(e.commune_id == VAN_THANG for e in entries)
