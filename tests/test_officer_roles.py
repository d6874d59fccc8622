"""Officer roles: invite links, admins from settings, the officer menu, the CLI-made roles."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import open_assistant
from bot.core import Assistant
from bot.settings import Settings, load_settings
from bot.storage.officers import OfficerRepo
from bot.storage.users import Role
from tests.support.chat import ChatClient
from tests.support.officer_kit import VAN_THANG
from tests.support.records import audit_entries


async def _invite(assistant: Assistant, commune: str = VAN_THANG, hours: float = 72) -> str:
    invite = await OfficerRepo(assistant.services.db).create_invite(commune, timedelta(hours=hours))
    return invite.payload


async def test_invite_link_makes_an_officer_of_that_commune(
    assistant: Assistant, chat: ChatClient
) -> None:
    payload = await _invite(assistant)
    await chat.send(f"/start {payload}")
    assert "cán bộ Xã Vạn Thắng" in chat.text
    for label in ("Thông báo", "Hồ sơ chờ duyệt", "Câu hỏi chờ trả lời", "Thống kê", "Xuất Excel"):
        chat.button(label)
    user = await assistant.services.users.get_by_external("test", chat.user_id)
    assert user is not None and user.role is Role.OFFICER and user.commune_id == VAN_THANG
    await chat.send("/menu")
    chat.button("Dành cho cán bộ")


async def test_invite_code_cannot_be_used_twice(assistant: Assistant) -> None:
    payload = await _invite(assistant)
    first, second = ChatClient(assistant, "o1"), ChatClient(assistant, "o2")
    await first.send(f"/start {payload}")
    await second.send(f"/start {payload}")
    assert "đã được dùng" in second.text
    user = await assistant.services.users.get_by_external("test", "o2")
    assert user is not None and user.role is Role.PRODUCER


async def test_expired_invite_code_is_refused(assistant: Assistant, chat: ChatClient) -> None:
    repo = OfficerRepo(assistant.services.db)
    old = datetime.now(UTC) - timedelta(days=4)
    invite = await repo.create_invite(VAN_THANG, timedelta(hours=72), now=old)
    await chat.send(f"/start {invite.payload}")
    assert "hết hạn" in chat.text
    user = await assistant.services.users.get_by_external("test", chat.user_id)
    assert user is not None and user.role is Role.PRODUCER


async def test_made_up_invite_code_is_refused_and_audited(
    assistant: Assistant, chat: ChatClient
) -> None:
    await chat.send("/start inv_notARealCode123")
    assert "không đúng" in chat.text
    entries = await audit_entries(assistant.services.db, action="invite_redeem")
    assert [e.allowed for e in entries] == [False]


async def test_producer_sees_no_officer_entry(chat: ChatClient) -> None:
    await chat.send("/start")
    await chat.press("Vạn Thắng")
    assert all(b.payload != "o:menu" for b in chat.buttons())


@pytest.fixture
def admin_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return load_settings(
        OCOP_DB_PATH=tmp_path / "ocop.db",
        OCOP_FILES_DIR=tmp_path / "files",
        ADMIN_TELEGRAM_IDS="111, 222",
        _env_file=None,
    )


@pytest.fixture
async def admin_assistant(admin_settings: Settings) -> AsyncIterator[Assistant]:
    async with open_assistant(admin_settings) as built:
        yield built


async def test_admin_listed_in_settings_becomes_admin_when_writing(
    admin_assistant: Assistant,
) -> None:
    admin = ChatClient(admin_assistant, "222", channel="telegram")
    await admin.send("/canbo")
    assert "quản trị viên" in admin.text and "tất cả các xã" in admin.text
    user = await admin_assistant.services.users.get_by_external("telegram", "222")
    assert user is not None and user.role is Role.ADMIN
    # The same id on another channel is not the Telegram admin.
    other = ChatClient(admin_assistant, "222", channel="zalo")
    await other.send("/canbo")
    assert "chỉ dành cho cán bộ" in other.text
