"""The assistant core: one entry point for every channel.

Owns per-user ordering (messages of one user are handled and answered one after another;
other users never wait behind them), recording who wrote and when, and the single error
path (log with traceback, apologise, leave the conversation where it was).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager

from bot.messages import Incoming, Reply
from bot.services import Services
from handlers.base import Context
from handlers.officer.roles import apply_admin_setting
from handlers.router import Router

log = logging.getLogger(__name__)

Deliver = Callable[[list[Reply]], Awaitable[None]]


class KeyedLocks:
    """One asyncio lock per key, dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


class Assistant:
    """Handles an Incoming and delivers the replies, in order per user."""

    def __init__(self, services: Services, router: Router) -> None:
        self.services = services
        self.router = router
        self._locks = KeyedLocks()

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Handle one message and return its replies (for channels that send themselves)."""
        out: list[Reply] = []

        async def keep(replies: list[Reply]) -> None:
            out.extend(replies)

        await self.process(incoming, keep)
        return out

    async def process(self, incoming: Incoming, deliver: Deliver) -> None:
        """Handle one message and call ``deliver`` with its replies while still holding the
        user's turn, so that replies go out in the order the user wrote."""
        async with self._locks.hold((incoming.channel, incoming.user_id)):
            replies = await self._answer(incoming)
            await deliver(replies)

    async def _answer(self, incoming: Incoming) -> list[Reply]:
        texts = self.services.texts
        try:
            user, is_new = await self.services.users.touch(
                incoming.channel, incoming.user_id, incoming.display_name, incoming.message_id
            )
            user = await apply_admin_setting(self.services, user)
            session = await self.services.users.get_session(user.id)
            ctx = Context(incoming, user, session, self.services, is_new)
            replies = await self.router.route(ctx)
        except Exception:
            log.exception(
                "failed to handle %s from %s:%s", incoming.kind, incoming.channel, incoming.user_id
            )
            return [Reply(texts.t("core.error"))]
        if not replies:
            log.warning("no reply for %s in %s", incoming.kind, incoming.channel)
            replies = [Reply(texts.t("core.menu_title"))]
        return replies
