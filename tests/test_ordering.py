"""One user's messages are answered in the order they were written; others never wait."""

from __future__ import annotations

import asyncio

from bot.core import Assistant
from bot.messages import Incoming, Reply


def _msg(user: str, text: str) -> Incoming:
    return Incoming.from_text("test", user, text, user)


async def test_one_users_replies_keep_their_order_under_concurrency(assistant: Assistant) -> None:
    delivered: list[str] = []
    release_first = asyncio.Event()

    def deliver_for(tag: str):  # type: ignore[no-untyped-def]
        async def deliver(replies: list[Reply]) -> None:
            if tag == "1":
                await release_first.wait()  # the first answer is slow to go out
            delivered.append(tag)

        return deliver

    tasks = [
        asyncio.create_task(assistant.process(_msg("a", text), deliver_for(tag)))
        for tag, text in (("1", "/start"), ("2", "/help"), ("3", "/menu"))
    ]
    await asyncio.sleep(0)
    assert delivered == []
    release_first.set()
    await asyncio.gather(*tasks)
    assert delivered == ["1", "2", "3"]


async def test_another_user_is_not_kept_waiting(assistant: Assistant) -> None:
    blocked = asyncio.Event()
    stuck_started = asyncio.Event()

    async def stuck(replies: list[Reply]) -> None:
        stuck_started.set()
        await blocked.wait()

    other: list[list[Reply]] = []

    async def keep(replies: list[Reply]) -> None:
        other.append(replies)

    slow = asyncio.create_task(assistant.process(_msg("a", "/start"), stuck))
    await stuck_started.wait()
    await asyncio.wait_for(assistant.process(_msg("b", "/start"), keep), timeout=10)
    assert other and "Xin chào" in other[0][0].text
    assert not slow.done()
    blocked.set()
    await slow
