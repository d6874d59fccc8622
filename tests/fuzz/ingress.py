"""The walk's inbox channel: prepared Incomings handed to the core through ``accept``.

Owns :class:`FuzzReader`, an :class:`bot.channels.UpdateReader` registered in every
"process" (Assistant) of the walk. ``await reader.send(assistant, incoming)`` records an
update in the inbox (its payload is only a key to the Incoming kept here); whichever
process serves it decodes it back and the replies are collected per update.
``await reader.results(keys)`` waits until those updates were handled and returns their
replies in arrival order.
"""

from __future__ import annotations

import asyncio
import itertools

from bot.channels import Arrival, Decoded, FileGate
from bot.core import Assistant
from bot.messages import Incoming, Reply
from tests.fuzz.inputs import CHANNEL


class FuzzReader:
    channel = CHANNEL

    def __init__(self) -> None:
        self._keys = itertools.count(1)
        self._incoming: dict[str, Incoming] = {}
        self._replies: dict[str, list[Reply]] = {}
        self._done: dict[str, asyncio.Event] = {}
        self.handled: list[str] = []  # update keys in the order they were handled

    async def send(self, assistant: Assistant, incoming: Incoming) -> str:
        key = f"u{next(self._keys)}"
        self._incoming[key] = incoming
        self._done[key] = asyncio.Event()
        await assistant.accept(CHANNEL, key, incoming.user_id, key)
        return key

    async def decode(self, arrival: Arrival, gate: FileGate) -> Decoded:
        key = arrival.payload

        async def deliver(replies: list[Reply]) -> None:
            self._replies.setdefault(key, []).extend(replies)

        return Decoded(self._incoming[key], deliver)

    def settled(self, arrival: Arrival) -> None:
        self.handled.append(arrival.payload)
        self._done[arrival.payload].set()

    async def results(self, keys: list[str], timeout: float = 30.0) -> list[list[Reply]]:
        async with asyncio.timeout(timeout):
            for key in keys:
                await self._done[key].wait()
        return [self._replies.pop(key, []) for key in keys]
