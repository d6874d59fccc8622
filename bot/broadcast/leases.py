"""The outbox's leases: one sender per channel per database.

Owns the worker's side of ``leases`` (:mod:`bot.storage.leases`): a worker may claim a
channel's outbox rows only while it holds ``outbox:<channel>``. It renews each lease well
before it expires (every third of ``ttl``); a second process — ``ocop-bot chat`` against
the live database, a second ``ocop-bot run`` — finds the lease held and sends nothing for
that channel. A lease is taken over only when it expired, or its holder is certainly dead
(:func:`bot.leases.gone`: a crashed process of this host), and only then are the rows the
dead holder left ``sending`` put back to ``pending``. A clean stop gives the leases back.

While it holds a channel, each renewal also puts back the rows of that channel left
``sending`` for more than ``ttl`` that its worker does not have in hand (``in_hand``): a
claim whose commit the worker never heard of, or a result it could not record, because the
database connection was lost (PostgreSQL reconnects; see :mod:`bot.storage.postgres`). Such
a row is sent again (a duplicate only if it had gone out), never left stuck.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Iterable
from datetime import UTC, datetime, timedelta

from bot.leases import forget_holder, gone, new_holder
from bot.storage.leases import LeaseRepo
from bot.storage.outbox import OutboxRepo, now_iso

log = logging.getLogger(__name__)

PREFIX = "outbox:"


class ChannelLeases:
    """The ``outbox:<channel>`` leases one worker holds (see the module docstring)."""

    def __init__(self, repo: LeaseRepo, outbox: OutboxRepo, ttl: float = 30.0) -> None:
        self.repo = repo
        self.outbox = outbox
        self.ttl = ttl
        self.holder = new_holder()
        self._renewed: dict[str, float] = {}  # channel -> monotonic time of the last grant
        self._told: dict[str, str] = {}  # channel -> holder we said we stand by for
        self.in_hand: Callable[[], Collection[int]] = frozenset  # rows its worker is sending

    @property
    def held(self) -> list[str]:
        """The channels whose lease this worker holds now (as of the last :meth:`hold`)."""
        now = time.monotonic()
        return sorted(c for c, at in self._renewed.items() if now - at < self.ttl)

    async def hold(self, channels: Iterable[str]) -> list[str]:
        """Take or renew the lease of each channel (when due); the channels held."""
        now = time.monotonic()
        for channel in sorted(set(channels)):
            at = self._renewed.get(channel)
            if at is not None and now - at < self.ttl / 3:
                continue
            grant = await self.repo.acquire(PREFIX + channel, self.holder, self.ttl, dead=gone)
            if not grant.held:
                self._renewed.pop(channel, None)
                if self._told.get(channel) != grant.holder:
                    self._told[channel] = grant.holder
                    log.info(
                        "outbox: %s messages are sent by another process (%s); not here",
                        channel,
                        grant.holder,
                    )
                continue
            self._renewed[channel] = now
            self._told.pop(channel, None)
            if not grant.fresh:
                before = now_iso(datetime.now(UTC) - timedelta(seconds=self.ttl))
                lost = await self.outbox.release_stale(channel, before, self.in_hand())
                if lost:
                    log.warning("outbox: %d %s rows whose claim was lost are due again",
                                lost, channel)  # fmt: skip
            if grant.fresh:
                released = await self.outbox.release_claims(channel)
                if grant.previous is not None:
                    log.warning(
                        "outbox: took %s over from %s (gone or expired)", channel, grant.previous
                    )
                if released:
                    log.info("outbox: %d %s rows in flight at the last stop are due again",
                             released, channel)  # fmt: skip
        return self.held

    async def release_all(self) -> None:
        """Give every lease back (a clean stop: the next worker need not wait)."""
        for channel in list(self._renewed):
            await self.repo.release(PREFIX + channel, self.holder)
        self._renewed.clear()
        forget_holder(self.holder)

    def crashed(self) -> None:
        """As if the process died: the holder is gone, its leases stay in the table."""
        self._renewed.clear()
        forget_holder(self.holder)
