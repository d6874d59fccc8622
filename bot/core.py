"""The assistant core: one entry point for every channel.

Owns per-user ordering (messages of one user are handled and answered one after another;
other users never wait behind them), recording who wrote and when, and the single error
path (log with traceback, apologise, leave the conversation where it was).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Hashable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from bot.channels import Deliver
from bot.context import Context
from bot.delivery import Sender
from bot.inbound import scrub
from bot.messages import Incoming, Reply, ShownMenu
from bot.roles import apply_admin_setting
from bot.services import Services
from knowledge.replies import Texts

log = logging.getLogger(__name__)


class Routes(Protocol):
    """What the core needs of the features: the seam between ``bot`` and ``handlers``.

    The composition root (:mod:`bot.app`) passes ``handlers.router.Router``; the core never
    imports ``handlers``, so a test or another product can pass any object with these two.
    """

    async def route(self, ctx: Context) -> list[Reply]:
        """The replies to one message (at least one; the core adds a menu if none)."""
        ...

    def commands(self) -> dict[str, str]:
        """Every command with its Vietnamese description (for a channel's command list)."""
        ...


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


class FloodGuard:
    """Sliding-window limit per user: over ``limit`` messages in ``window`` seconds, the
    extra messages are dropped and the user is told once per flood to slow down.

    A Telegram album of ten photos stays well under the default (20 in 10 s).
    """

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.window = window
        self.clock = clock
        self._seen: dict[Hashable, deque[float]] = {}
        self._noticed: dict[Hashable, float] = {}

    def check(self, key: Hashable) -> str:
        """``"ok"`` to handle, ``"notice"`` to drop with the slow-down notice, ``"drop"``."""
        if self.limit <= 0:
            return "ok"
        now = self.clock()
        stamps = self._seen.setdefault(key, deque())
        while stamps and now - stamps[0] >= self.window:
            stamps.popleft()
        if len(stamps) < self.limit:
            stamps.append(now)
            self._noticed.pop(key, None)
            return "ok"
        if now - self._noticed.get(key, -self.window) < self.window:
            return "drop"
        self._noticed[key] = now
        return "notice"

    def forget_idle(self) -> None:
        """Drop the bookkeeping of users who have been quiet for a whole window."""
        now = self.clock()
        for key in [k for k, v in self._seen.items() if not v or now - v[-1] >= self.window]:
            self._seen.pop(key, None)
            self._noticed.pop(key, None)


class Assistant:
    """Handles an Incoming and delivers the replies, in order per user.

    Implements :class:`bot.channels.ChannelPort`, the only part of the core a channel sees.
    """

    def __init__(self, services: Services, routes: Routes) -> None:
        self.services = services
        self.routes = routes
        self._locks = KeyedLocks()
        settings = services.settings
        self.flood = FloodGuard(settings.flood_max_messages, settings.flood_window_seconds)
        self._handled = 0

    # -- the channel port (bot.channels.ChannelPort) -----------------------------------------

    @property
    def files_dir(self) -> Path:
        """Where a channel stores the files users send (``bot.files.store_bytes``)."""
        return self.services.settings.files_dir

    @property
    def texts(self) -> Texts:
        return self.services.texts

    def commands(self) -> dict[str, str]:
        return self.routes.commands()

    def file_link(self, path: Path, purpose: str, ttl: timedelta, name: str = "") -> str:
        """A signed link to a stored file, served by the web server (``bot.web``)."""
        return self.services.links.url(path, purpose, ttl, name)

    def register_sender(self, sender: Sender) -> None:
        """Messages the assistant starts itself go to ``sender.channel`` through ``sender``."""
        self.services.senders[sender.channel] = sender

    def remove_sender(self, channel: str) -> None:
        self.services.senders.pop(channel, None)

    async def is_blocked(self, channel: str, external_id: str) -> bool:
        """Whether the user blocked the bot (as last reported by their channel)."""
        user = await self.services.users.get_by_external(channel, external_id)
        return user is not None and user.blocked

    async def set_blocked(self, channel: str, external_id: str, blocked: bool) -> bool:
        """Record that the user blocked (or unblocked) the bot; True when that changed."""
        users = self.services.users
        user = await users.get_by_external(channel, external_id)
        if user is None or user.blocked == blocked:
            return False
        await users.save_blocked(user.id, blocked)
        log.info("%s user %s marked %s", channel, user.id, "blocked" if blocked else "unblocked")
        return True

    async def save_menu(self, channel: str, external_id: str, menu: ShownMenu) -> None:
        await self.services.menus.save_menu(channel, external_id, menu)

    async def save_menu_shown(self, channel: str, external_id: str) -> None:
        await self.services.menus.save_menu_shown(channel, external_id)

    async def shown_menu(self, channel: str, external_id: str) -> ShownMenu | None:
        return await self.services.menus.get_menu(channel, external_id)

    async def first_delivery(self, channel: str, key: str) -> bool:
        return await self.services.seen_updates.claim(channel, key)

    # -- handling messages -------------------------------------------------------------------

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Handle one message and return its replies (for channels that send themselves)."""
        out: list[Reply] = []

        async def keep(replies: list[Reply]) -> None:
            out.extend(replies)

        await self.process(incoming, keep)
        return out

    async def process(self, incoming: Incoming, deliver: Deliver, *, local: bool = False) -> None:
        """Handle one message and call ``deliver`` with its replies while still holding the
        user's turn, so that replies go out in the order the user wrote.

        ``local`` marks a person at this machine (the console chat, scripts piped into it):
        flood control is for remote channels and does not apply.
        """
        incoming = scrub(incoming)
        key = (incoming.channel, incoming.user_id)
        verdict = "ok" if local else self.flood.check(key)
        self._handled += 1
        if self._handled % 1000 == 0:
            self.flood.forget_idle()
        if verdict == "drop":
            log.info("flood: dropped a message from %s:%s", incoming.channel, incoming.user_id)
            return
        if verdict == "notice":
            async with self._locks.hold(key):
                await deliver([Reply(self.services.texts.t("core.slow_down"))])
            return
        async with self._locks.hold(key):
            if await self._seen_before(incoming):
                log.info("duplicate of message %s skipped", incoming.message_id)
                return
            replies = await self._answer(incoming)
            await deliver(replies)

    async def _seen_before(self, incoming: Incoming) -> bool:
        """A message delivered again (after a crash, the channel may hand over an update it
        had already handled): numbered messages of one user only ever go up, so a number at
        or below the last one recorded was handled — answering it twice could store a typed
        answer in the next field."""
        if not incoming.message_id.isdigit():
            return False
        try:
            last = await self.services.users.get_last_message_id(incoming.channel, incoming.user_id)
        except Exception:
            log.exception("could not read the last message id of %s", incoming.channel)
            return False
        return last is not None and last.isdigit() and int(incoming.message_id) <= int(last)

    async def _answer(self, incoming: Incoming) -> list[Reply]:
        texts = self.services.texts
        try:
            user, is_new = await self.services.users.touch(
                incoming.channel, incoming.user_id, incoming.display_name, incoming.message_id
            )
            user = await apply_admin_setting(self.services, user)
            session = await self.services.users.get_session(user.id)
            ctx = Context(incoming, user, session, self.services, is_new)
            replies = await self.routes.route(ctx)
        except Exception:
            log.exception(
                "failed to handle %s from %s:%s", incoming.kind, incoming.channel, incoming.user_id
            )
            return [Reply(texts.t("core.error"))]
        if not replies:
            log.warning("no reply for %s in %s", incoming.kind, incoming.channel)
            replies = [Reply(texts.t("core.menu_title"))]
        return replies
