"""The inbox dispatcher: hands each user's waiting updates out one at a time, in arrival order.

Owns the order of handling. An update a channel accepted waits in the ``inbox`` table
(:mod:`bot.storage.inbox`); this task takes, for every user with updates waiting, the
oldest one, hands it to ``serve`` (the core), and only then looks at the user's next one.
Different users are served in parallel (at most ``max_users`` rows at once). It serves
only the channels opened with :meth:`InboxDispatcher.open` (a channel whose reader is
registered in this process), so a second process with other channels — ``ocop-bot chat``
against the live database — leaves them alone.

A user is woken by :meth:`~InboxDispatcher.wake` when their update arrives; a sweep (at
start, when a channel opens, and every ``sweep_interval`` seconds) wakes everyone with
updates waiting, which picks up what a previous run left and what another process
inserted. A row whose handling raised is tried again after ``retry_delay`` (the user's
later rows wait behind it, keeping the order); after ``max_attempts`` it is ``failed``
and logged. Every hour the sweep prunes rows handled more than a week ago and runs the
owner's ``housekeeping``.

The same shape serves several workers on PostgreSQL (issue 17): a user is served only
while this process holds their claim (:meth:`InboxRepo.claim_user`, an advisory lock of the
connection), and the transaction that handles a row marks it done. A claim goes with its
connection: when the connection was replaced (``claims_epoch``), the user is claimed again
before their next row is served, and left to the worker that holds them otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.storage.inbox import InboxRepo, InboxRow
from bot.storage.outbox import now_iso

log = logging.getLogger(__name__)

UserKey = tuple[str, str]  # (channel, user key)
Serve = Callable[[InboxRow], Awaitable[None]]

KEEP_HANDLED = timedelta(days=7)  # far beyond any platform's redelivery
PRUNE_EVERY = 3600.0


@dataclass
class _User:
    task: asyncio.Task[None] | None = None
    more: bool = False  # woken while being served: look again before leaving


@dataclass
class DispatcherConfig:
    max_users: int = 64
    max_attempts: int = 3
    retry_delay: float = 1.0
    sweep_interval: float = 5.0


class InboxDispatcher:
    """Serves the inbox until stopped (see the module docstring)."""

    def __init__(
        self,
        repo: InboxRepo,
        serve: Serve,
        config: DispatcherConfig | None = None,
        *,
        housekeeping: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.repo = repo
        self.serve = serve
        self.config = config or DispatcherConfig()
        self.housekeeping = housekeeping
        self._channels: set[str] = set()
        self._users: dict[UserKey, _User] = {}
        self._timers: set[asyncio.Task[None]] = set()
        self.served = 0
        self.failed = 0
        self._slots = asyncio.Semaphore(self.config.max_users)
        self._sweeper: asyncio.Task[None] | None = None
        self._sweep_now = asyncio.Event()
        self._stopping = False
        self._last_prune = 0.0

    # -- life cycle ---------------------------------------------------------------------

    def start(self) -> None:
        if self._sweeper is None:
            self._stopping = False
            self._sweeper = asyncio.create_task(self._sweep_loop(), name="inbox-sweeper")

    async def stop(self) -> None:
        """Stop handing out rows; return once the rows in hand are done."""
        self._stopping = True
        self._sweep_now.set()
        for timer in self._timers:
            timer.cancel()
        if self._sweeper is not None:
            await self._sweeper
            self._sweeper = None
        await self._join(lambda key: True)

    def open(self, channel: str) -> None:
        """Serve ``channel`` from now on, its waiting rows first (in arrival order)."""
        self._channels.add(channel)
        self._sweep_now.set()

    async def close(self, channel: str) -> None:
        """Stop serving ``channel``; return once its rows in hand are done."""
        self._channels.discard(channel)
        await self._join(lambda key: key[0] == channel)

    async def _join(self, which: Callable[[UserKey], bool]) -> None:
        tasks = [u.task for k, u in self._users.items() if which(k) and u.task is not None]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    @property
    def busy_users(self) -> int:
        return len(self._users)

    # -- waking users -------------------------------------------------------------------

    def wake(self, channel: str, user_key: str) -> None:
        """The user has a new row waiting (or may have): serve it soon."""
        if self._stopping or channel not in self._channels:
            return
        key = (channel, user_key)
        user = self._users.get(key)
        if user is not None:
            user.more = True
            return
        user = _User()
        self._users[key] = user
        user.task = asyncio.create_task(self._serve_user(key, user), name=f"inbox:{channel}")

    async def _sweep_loop(self) -> None:
        while not self._stopping:
            try:
                for channel, user_key in await self.repo.list_waiting_users(sorted(self._channels)):
                    self.wake(channel, user_key)
                await self._prune()
            except Exception:
                log.exception("inbox: a sweep failed; trying again shortly")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._sweep_now.wait(), self.config.sweep_interval)
            self._sweep_now.clear()

    async def _prune(self) -> None:
        now = time.monotonic()
        if now - self._last_prune < PRUNE_EVERY and self._last_prune:
            return
        self._last_prune = now
        pruned = await self.repo.prune(now_iso(datetime.now(UTC) - KEEP_HANDLED))
        if pruned:
            log.info("inbox: %d handled rows pruned", pruned)
        if self.housekeeping is not None:
            await self.housekeeping()

    # -- serving one user ---------------------------------------------------------------

    async def _serve_user(self, key: UserKey, user: _User) -> None:
        claimed = drained = again = False
        epoch = self.repo.claims_epoch
        try:
            # several worker processes (PostgreSQL): one serves a user at a time, holding
            # the claim until the replies are delivered, so replies keep the user's order
            claimed = await self.repo.claim_user(*key)
            epoch = self.repo.claims_epoch
            if not claimed:
                return  # another worker serves them; it takes this row too (or the sweep)
            while not self._stopping and key[0] in self._channels:
                user.more = False
                async with self._slots:
                    row = await self.repo.get_next(*key)
                    if self.repo.claims_epoch != epoch:  # the claim went with the connection
                        claimed = await self.repo.claim_user(*key)
                        epoch = self.repo.claims_epoch
                        if not claimed:
                            log.warning("inbox: %s:%s taken over after a reconnect", *key)
                            return  # the worker that holds them now serves this row
                        continue  # claimed again: read the oldest row again
                    retry = row is not None and await self._serve_row(row)
                if row is None and not user.more:
                    drained = True
                    return
                if retry:
                    self._retry_later(key)
                    return
        except Exception:  # the database failed us: the sweep wakes the user again
            log.exception("inbox: serving %s:%s stopped", *key)
        finally:
            if claimed and self.repo.claims_epoch == epoch:  # else the server freed it
                again = await self._release(key, recheck=drained and self.repo.shared)
            if self._users.get(key) is user:
                del self._users[key]
            if again:
                self.wake(*key)

    async def _release(self, key: UserKey, *, recheck: bool) -> bool:
        """Give the claim back; with ``recheck``, True when a row arrived meanwhile (another
        worker inserted it while this one held the user, so it could not serve it)."""
        try:
            await self.repo.release_user(*key)
            if not recheck or self._stopping:
                return False
            return await self.repo.get_next(*key) is not None
        except Exception:
            log.exception("inbox: releasing %s:%s failed", *key)
            return False

    async def _serve_row(self, row: InboxRow) -> bool:
        """Serve one row; True when it failed and should be tried again later."""
        try:
            await self.serve(row)
        except Exception:
            log.exception("inbox: update %s of %s failed", row.update_key, row.channel)
            self.failed += 1
            gave_up = await self.repo.save_attempt_failed(row.id, self.config.max_attempts)
            if gave_up:
                log.error(
                    "inbox: update %s of %s given up after %d attempts",
                    row.update_key,
                    row.channel,
                    self.config.max_attempts,
                )
            return not gave_up
        self.served += 1
        return False

    def _retry_later(self, key: UserKey) -> None:
        async def later() -> None:
            await asyncio.sleep(self.config.retry_delay)
            self.wake(*key)

        timer = asyncio.create_task(later(), name="inbox-retry")
        self._timers.add(timer)
        timer.add_done_callback(self._timers.discard)
