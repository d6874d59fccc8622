"""Flood control: a user who floods is told once to slow down; others are not affected."""

from __future__ import annotations

import asyncio

from bot.core import Assistant, FloodGuard
from bot.messages import Incoming, Reply


def test_flood_guard_allows_a_burst_then_notices_once_then_drops() -> None:
    now = [0.0]
    guard = FloodGuard(limit=3, window=10, clock=lambda: now[0])
    verdicts = [guard.check("a") for _ in range(6)]
    assert verdicts == ["ok", "ok", "ok", "notice", "drop", "drop"]
    assert guard.check("b") == "ok"  # someone else is not limited
    now[0] = 10.5
    assert guard.check("a") == "ok"  # the window has passed


async def test_fifty_messages_in_a_second_get_one_slow_down_notice(assistant: Assistant) -> None:
    got: dict[str, list[str]] = {"flooder": [], "calm": []}

    def deliver_to(who: str):  # type: ignore[no-untyped-def]
        async def deliver(replies: list[Reply]) -> None:
            got[who].extend(r.text for r in replies)

        return deliver

    flood = [
        assistant.process(Incoming.from_text("test", "f", f"tin {i}", "F"), deliver_to("flooder"))
        for i in range(50)
    ]
    calm = [
        assistant.process(Incoming.from_text("test", "c", text, "C"), deliver_to("calm"))
        for text in ("/start", "/help")
    ]
    await asyncio.gather(*flood, *calm)
    notices = [t for t in got["flooder"] if "gửi nhanh quá" in t]
    assert len(notices) == 1
    limit = assistant.services.settings.flood_max_messages
    assert len(got["flooder"]) <= limit * 3  # the rest were dropped, not answered
    assert any("Xin chào" in t for t in got["calm"])
    assert any("hướng dẫn nhanh" in t for t in got["calm"])
    assert not any("gửi nhanh quá" in t for t in got["calm"])
