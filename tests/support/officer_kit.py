"""Helpers for the officer tests: a recording fake Sender and quick ways to make people.

:class:`RecordingSender` is a hand-written fake of :class:`bot.delivery.Sender`: it records
every message and edit, answers SENT unless a scripted outcome (BLOCKED, RETRY, FAILED)
is queued for a recipient, and can be held shut (``gate``) to stop a broadcast mid-way.
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.channels.console import html_to_text
from bot.delivery import DeliveryResult, Outcome
from bot.messages import Reply
from bot.services import Services
from bot.storage.officers import OfficerRepo
from bot.storage.users import Role, User

VAN_THANG = "13864"
YEN_CUONG = "13870"


@dataclass
class RecordingSender:
    channel: str = "test"
    sent: list[tuple[str, list[Reply]]] = field(default_factory=list)
    edits: list[tuple[str, str, Reply]] = field(default_factory=list)
    script: dict[str, list[DeliveryResult]] = field(default_factory=lambda: defaultdict(list))
    gate: asyncio.Event | None = None
    calls: int = 0
    delay: float = 0.0

    async def deliver(self, external_id: str, replies: Sequence[Reply]) -> DeliveryResult:
        self.calls += 1
        if self.gate is not None:
            await self.gate.wait()
        if self.delay:
            await asyncio.sleep(self.delay)
        queued = self.script.get(external_id)
        if queued:
            result = queued.pop(0)
            if result.outcome is not Outcome.SENT:
                return result
        self.sent.append((external_id, list(replies)))
        return DeliveryResult(Outcome.SENT, message_id=str(len(self.sent)))

    async def edit(self, external_id: str, message_id: str, reply: Reply) -> DeliveryResult:
        self.edits.append((external_id, message_id, reply))
        return DeliveryResult(Outcome.SENT, message_id=message_id)

    def texts_to(self, external_id: str) -> list[str]:
        """Plain text of everything sent to one recipient (edits not included)."""
        return [
            html_to_text(r.text)
            for ext, replies in self.sent
            if ext == external_id
            for r in replies
        ]

    def recipients(self) -> Counter[str]:
        return Counter(ext for ext, _ in self.sent)

    def last_edit_to(self, external_id: str) -> str:
        texts = [html_to_text(r.text) for ext, _, r in self.edits if ext == external_id]
        return texts[-1] if texts else ""


async def make_producers(
    services: Services,
    count: int,
    commune_id: str,
    *,
    channel: str = "test",
    prefix: str = "p",
    subscribed: bool = True,
) -> list[User]:
    """``count`` producers of ``commune_id`` who chose to receive its news."""
    users: list[User] = []
    for number in range(count):
        user, _ = await services.users.touch(channel, f"{prefix}{number}", f"Hộ {number}")
        await services.users.save_commune(user.id, commune_id, subscribe=subscribed)
        if not subscribed:
            await services.users.save_subscribed(user.id, False)
        users.append(user)
    return users


async def make_officer(
    services: Services, external_id: str, commune_id: str | None, *, admin: bool = False
) -> User:
    repo = OfficerRepo(services.db)
    user = await repo.ensure_user("test", external_id)
    await repo.save_officer(user.id, Role.ADMIN if admin else Role.OFFICER, commune_id)
    refreshed = await services.users.get(user.id)
    assert refreshed is not None
    return refreshed
