"""A channel for inbox tests: updates are small JSON objects, replies are kept per update.

``ScriptReader`` is an :class:`bot.channels.UpdateReader` a test registers with the real
Assistant: ``await reader.accept("u1", "1", "/start")`` records an update (its key, its
user, its text) through ``Assistant.accept``; ``await reader.settled_all()`` waits until
every accepted update was handled; ``reader.replies[key]`` is what the user was answered.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

from bot.channels import Arrival, Decoded, FileGate
from bot.core import Assistant
from bot.messages import Incoming, Kind, Reply

CHANNEL = "script"


class ScriptReader:
    channel = CHANNEL

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.replies: dict[str, list[str]] = {}
        self.order: list[str] = []  # update keys in the order they were handled
        self.decoded: list[str] = []
        self.slow: dict[str, Callable[[], Awaitable[None]]] = {}
        self._settled: dict[str, asyncio.Event] = {}
        assistant.register_reader(self)

    @staticmethod
    def payload(user: str, text: str, *, message_id: str = "", edit: bool = False) -> str:
        return json.dumps({"user": user, "text": text, "id": message_id, "edit": edit})

    async def accept(
        self, user: str, key: str, text: str, *, message_id: str = "", edit: bool = False
    ) -> bool:
        self.expect(key)
        payload = self.payload(user, text, message_id=message_id, edit=edit)
        return await self.assistant.accept(CHANNEL, key, user, payload)

    def expect(self, *keys: str) -> None:
        """``settled_all`` waits for these updates too (accepted elsewhere, e.g. before a
        restart)."""
        for key in keys:
            self._settled.setdefault(key, asyncio.Event())

    async def decode(self, arrival: Arrival, gate: FileGate) -> Decoded:
        self.decoded.append(arrival.update_key)
        data = json.loads(arrival.payload)
        slow = self.slow.get(arrival.update_key)
        if slow is not None:
            await slow()
        if data["edit"]:
            incoming = Incoming(
                CHANNEL, data["user"], "Lan", Kind.EDITED, text=data["text"], message_id=data["id"]
            )
        else:
            incoming = Incoming.from_text(CHANNEL, data["user"], data["text"], "Lan")
            incoming = Incoming(**{**incoming.__dict__, "message_id": data["id"]})

        async def deliver(replies: list[Reply]) -> None:
            self.replies.setdefault(arrival.update_key, []).extend(r.text for r in replies)

        return Decoded(incoming, deliver)

    def settled(self, arrival: Arrival) -> None:
        self.order.append(arrival.update_key)
        self._settled.setdefault(arrival.update_key, asyncio.Event()).set()

    async def settled_all(self, timeout: float = 10.0, keys: list[str] | None = None) -> None:
        """Wait until every expected update (or those of ``keys``) was handled."""
        events = [self._settled[k] for k in keys] if keys else list(self._settled.values())
        async with asyncio.timeout(timeout):
            for event in events:
                await event.wait()

    def said(self, key: str) -> str:
        return "\n".join(self.replies.get(key, []))
