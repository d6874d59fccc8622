"""The assistant core: one entry point for every channel.

Owns per-user ordering (messages of one user are handled and answered one after another;
other users never wait behind them), flood control, recording who wrote and when, the
single error path (log with traceback, apologise, leave the conversation where it was),
and the channels' side of the inbox: :meth:`Assistant.accept` records an update, the
dispatcher (:mod:`bot.inbox`) hands it back in order, and :meth:`Assistant.serve_row`
handles it in one transaction with the row marked done (see :mod:`bot.channels`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Hashable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Protocol

from bot.channels import Arrival, Deliver, UpdateReader
from bot.context import Context
from bot.delivery import Sender
from bot.files import MAX_FILE_BYTES
from bot.inbound import scrub
from bot.inbox import InboxDispatcher
from bot.leases import gone, new_holder
from bot.messages import Incoming, Reply, ShownMenu
from bot.pace import SlotReserver
from bot.roles import apply_admin_setting
from bot.services import Services
from bot.storage.inbox import Flood, InboxRow
from bot.storage.quota import QuotaRepo, today
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


class FileGate:
    """:class:`bot.channels.FileGate` for one update: refuses every file of an update that
    arrived in a flood, and counts each admitted file against the user's daily bytes."""

    def __init__(
        self, quota: QuotaRepo, channel: str, user_key: str, limit: int, refuse: str = ""
    ) -> None:
        self.quota = quota
        self.channel = channel
        self.user_key = user_key
        self.limit = limit
        self.refuse = refuse

    async def admit(self, size: int | None) -> str:
        if self.refuse:
            return self.refuse
        if self.limit <= 0:  # no quota set
            return ""
        counted = size if size is not None and size > 0 else MAX_FILE_BYTES
        if await self.quota.reserve(self.channel, self.user_key, counted, self.limit):
            return ""
        log.info("file of %s:%s refused: daily quota used up", self.channel, self.user_key)
        return "quota"


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
        self._readers: dict[str, UpdateReader] = {}
        self.inbox = InboxDispatcher(services.inbox, self.serve_row, housekeeping=self._tidy)
        self._holder = new_holder()  # this process, in the leases a channel holds

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

    # -- the inbox (bot.channels.UpdateReader) ----------------------------------------------

    async def accept(self, channel: str, update_key: str, user_key: str, payload: str) -> bool:
        """Record an update in the inbox with flood control's verdict at arrival; False when
        it was recorded before (a redelivery: it is not handled again)."""
        # The dispatcher is woken before the insert is committed, so that on SQLite the
        # handling of the update usually joins the same group commit (one fsync for both);
        # its replies wait for that commit, and this call returns once the row is on disk.
        # The verdict is taken inside the transaction: on PostgreSQL it counts the inbox,
        # so the updates of one polled batch, accepted all at once, count each other.
        async with self.services.db.transaction():
            verdict = await self._flood_verdict(channel, user_key)
            row_id = await self.services.inbox.save_arrival(
                channel, update_key, user_key, payload, verdict
            )
            if row_id is not None:
                self.inbox.wake(channel, user_key)
        if row_id is None:
            log.info("%s update %s delivered again: handled once", channel, update_key)
            return False
        return True

    def register_reader(self, reader: UpdateReader) -> None:
        self._readers[reader.channel] = reader
        self.inbox.open(reader.channel)

    async def remove_reader(self, channel: str) -> None:
        await self.inbox.close(channel)
        self._readers.pop(channel, None)

    async def serve_row(self, row: InboxRow) -> None:
        """Handle one inbox row in the user's turn: read it (downloads included), answer it
        in one transaction that marks it done, then deliver the replies."""
        reader = self._readers.get(row.channel)
        if reader is None:
            return
        arrival = Arrival(row.channel, row.update_key, row.user_key, row.payload)
        settings = self.services.settings
        refuse = "" if row.flood is Flood.OK else "flood"
        gate = FileGate(
            self.services.quota, row.channel, row.user_key, settings.user_daily_bytes, refuse
        )
        async with self._locks.hold((row.channel, row.user_key)):
            if row.flood is Flood.DROP:
                decoded = None
            else:
                decoded = await reader.decode(arrival, gate)
            incoming = decoded.incoming if decoded is not None else None
            if decoded is not None and decoded.failed:
                replies = await self._settle(row.id, [Reply(self.services.texts.t("core.error"))])
            elif incoming is None:
                replies = await self._settle(row.id, [])
            elif row.flood is Flood.NOTICE:
                log.info("flood: told %s:%s to slow down", row.channel, row.user_key)
                slow_down = Reply(self.services.texts.t("core.slow_down"))
                replies = await self._settle(row.id, [slow_down])
            else:
                replies = await self._answer(scrub(incoming), row.id)
            if decoded is not None and replies:
                await decoded.deliver(replies)
        if replies is not None:  # None: another worker handled it (and settles it there)
            reader.settled(arrival)

    async def _settle(self, row_id: int, replies: list[Reply]) -> list[Reply] | None:
        """Mark a row done without asking the features; None if it was done elsewhere."""
        return replies if await self.services.inbox.save_done(row_id) else None

    async def _tidy(self) -> None:
        """Forget the daily file bytes of days gone by (hourly, from the inbox's sweep)."""
        yesterday = datetime.now(UTC) - timedelta(days=1)
        await self.services.quota.prune(today(yesterday))

    async def _flood_verdict(self, channel: str, user_key: str) -> Flood:
        """In this process's memory with SQLite (one process); in the database with
        PostgreSQL, where a user's updates reach several workers."""
        if self.services.db.is_postgres:
            settings = self.services.settings
            return await self.services.inbox.flood_verdict(
                channel, user_key, settings.flood_max_messages, settings.flood_window_seconds
            )
        return Flood(self._flood_in_memory((channel, user_key)))

    def _flood_in_memory(self, key: Hashable) -> str:
        verdict = self.flood.check(key)
        self._handled += 1
        if self._handled % 1000 == 0:
            self.flood.forget_idle()
        return verdict

    async def save_menu(self, channel: str, external_id: str, menu: ShownMenu) -> None:
        await self.services.menus.save_menu(channel, external_id, menu)

    async def save_menu_shown(self, channel: str, external_id: str) -> None:
        await self.services.menus.save_menu_shown(channel, external_id)

    async def shown_menu(self, channel: str, external_id: str) -> ShownMenu | None:
        return await self.services.menus.get_menu(channel, external_id)

    async def hold_lease(self, name: str, ttl: float) -> bool:
        grant = await self.services.leases.acquire(name, self._holder, ttl, dead=gone)
        if grant.fresh:
            log.info("lease %s taken (from %s)", name, grant.previous or "nobody")
        return grant.held

    async def release_lease(self, name: str) -> None:
        await self.services.leases.release(name, self._holder)

    def shared_pace(self, channel: str) -> SlotReserver | None:
        """The database's send schedule with PostgreSQL (several workers); None with SQLite."""
        if not self.services.db.is_postgres:
            return None
        return partial(self.services.pace.reserve, channel)

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
        verdict = "ok" if local else self._flood_in_memory(key)
        if verdict == "drop":
            log.info("flood: dropped a message from %s:%s", incoming.channel, incoming.user_id)
            return
        if verdict == "notice":
            async with self._locks.hold(key):
                await deliver([Reply(self.services.texts.t("core.slow_down"))])
            return
        async with self._locks.hold(key):
            replies = await self._answer(incoming)
            if replies:
                await deliver(replies)

    async def _answer(self, incoming: Incoming, row_id: int | None = None) -> list[Reply] | None:
        """The replies to one message, everything it changed committed in one transaction
        (with its inbox row marked done) before they are returned. A failing handler leaves
        nothing half-written: its writes are rolled back, the row is still marked done and
        the user gets an apology. None: the row was handled elsewhere already."""
        texts = self.services.texts
        db = self.services.db
        async with db.transaction():
            if row_id is not None and not await self.services.inbox.save_done(row_id):
                return None
            try:
                async with db.transaction():
                    replies = await self._route(incoming)
            except Exception:
                log.exception(
                    "failed to handle %s from %s:%s",
                    incoming.kind,
                    incoming.channel,
                    incoming.user_id,
                )
                return [Reply(texts.t("core.error"))]
        if not replies:
            log.warning("no reply for %s in %s", incoming.kind, incoming.channel)
            replies = [Reply(texts.t("core.menu_title"))]
        return replies

    async def _route(self, incoming: Incoming) -> list[Reply]:
        user, is_new = await self.services.users.touch(
            incoming.channel, incoming.user_id, incoming.display_name, incoming.message_id
        )
        user = await apply_admin_setting(self.services, user)
        session = await self.services.users.get_session(user.id)
        ctx = Context(incoming, user, session, self.services, is_new)
        return await self.routes.route(ctx)
