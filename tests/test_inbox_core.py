"""The inbox through the core: one user's updates one at a time in arrival order, other users
in parallel, what waited at a restart first, and each update handled exactly once — a
failing handler leaves nothing half-written (issue 11, item 1).

A test channel (tests/support/inbox.py) hands updates to the real Assistant through
``accept``; its decoder can be made slow, as a download is.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.app import open_assistant
from bot.context import Context
from bot.core import Assistant
from bot.messages import Reply
from bot.modes import Mode
from bot.privacy import forget_user
from bot.settings import Settings
from tests.support.inbox import CHANNEL, ScriptReader


async def test_a_slow_update_holds_back_only_its_own_users_later_ones(
    assistant: Assistant,
) -> None:
    reader = ScriptReader(assistant)
    release = asyncio.Event()
    reader.slow["1"] = release.wait  # e.g. a photo whose download takes long
    for key, text in (("1", "/start"), ("2", "/help"), ("3", "/menu")):
        await reader.accept("lan", key, text)
    await reader.accept("mai", "10", "/start")
    async with asyncio.timeout(10):
        while "10" not in reader.order:
            await asyncio.sleep(0.001)
    assert reader.order == ["10"]  # Mai was answered; Lan's later messages wait their turn
    assert reader.decoded.count("2") == 0
    release.set()
    await reader.settled_all()
    assert reader.order == ["10", "1", "2", "3"]
    assert "hướng dẫn nhanh" in reader.said("2")


async def test_updates_waiting_at_a_restart_are_handled_in_arrival_order(
    settings: Settings,
) -> None:
    async with open_assistant(settings) as first:
        for key, text in (("1", "/start xa_13864"), ("2", "/tatthongbao"), ("3", "/help")):
            await first.accept(CHANNEL, key, "lan", ScriptReader.payload("lan", text))
        # stopped before any reader took them (the process died, say)
    async with open_assistant(settings) as second:
        reader = ScriptReader(second)
        reader.expect("1", "2", "3")
        await reader.settled_all()
        assert reader.order == ["1", "2", "3"]
        assert "Đã tắt thông báo" in reader.said("2")
        assert await second.services.inbox.count_waiting() == 0


async def test_a_failing_handler_leaves_nothing_half_written(assistant: Assistant) -> None:
    reader = ScriptReader(assistant)
    await reader.accept("lan", "1", "/start xa_13864")
    await reader.settled_all()
    route = assistant.routes.route

    async def writes_then_fails(ctx: Context) -> list[Reply]:
        await ctx.set_mode(Mode.REGISTRATION, {"app": 999})
        raise RuntimeError("a bug in a feature")

    assistant.routes.route = writes_then_fails  # type: ignore[method-assign]
    await reader.accept("lan", "2", "/dangky")
    await reader.settled_all()
    assistant.routes.route = route  # type: ignore[method-assign]
    assert "Xin lỗi" in reader.said("2")
    user = await assistant.services.users.get_by_external(CHANNEL, "lan")
    assert user is not None
    session = await assistant.services.users.get_session(user.id)
    assert session.mode != Mode.REGISTRATION  # the half-done change was rolled back
    await reader.accept("lan", "3", "/help")
    await reader.settled_all()
    assert reader.order == ["1", "2", "3"]  # handled once each; the conversation goes on


async def test_an_update_that_cannot_be_read_is_tried_again_then_given_up(
    assistant: Assistant,
) -> None:
    reader = ScriptReader(assistant)
    assistant.inbox.config.retry_delay = 0.01
    tries: list[str] = []

    async def broken() -> None:
        tries.append("x")
        raise RuntimeError("cannot read this one")

    reader.slow["1"] = broken
    await reader.accept("lan", "1", "/start")
    await reader.accept("lan", "2", "/help")
    reader.expect("2")
    await reader.settled_all(keys=["2"])
    assert len(tries) == assistant.inbox.config.max_attempts
    assert reader.order == ["2"]  # the next message was answered after it was given up
    row = await assistant.services.db.fetch_one("SELECT state FROM inbox WHERE update_key = '1'")
    assert row is not None and row["state"] == "failed"


async def test_forgetting_a_user_removes_what_waits_in_the_inbox(
    settings: Settings, tmp_path: Path
) -> None:
    async with open_assistant(settings) as assistant:
        reader = ScriptReader(assistant)
        await reader.accept("lan", "1", "/start xa_13864")
        await reader.settled_all()
        await assistant.inbox.close(CHANNEL)  # no reader: the next update waits
        await reader.accept("lan", "2", "số điện thoại của tôi 0912345678")
        user = await assistant.services.users.get_by_external(CHANNEL, "lan")
        assert user is not None
        await forget_user(assistant.services.db, user, assistant.services.settings)
        rows = await assistant.services.db.fetch_all("SELECT payload FROM inbox")
        assert not [r for r in rows if "0912345678" in r["payload"]]
