"""One channel's global send budget: every send in its own evenly spaced slot, replies first.

Owns the channel-wide schedule (platform-neutral; a channel's pacing builds on it):

- **Even slots** (:class:`LocalSlots`): a "next slot" scheduler (GCRA, the virtual
  scheduling form of a leaky bucket). Slot *n+1* is ``interval`` after slot *n* (``1 /
  rate``, and never less than ``(period + margin) / limit``); after a
  quiet spell the next slot is now, and a sender that woke a little late may catch up by
  at most ``tolerance`` — never the burst of 30 a one-second window would allow.
- **A hard guard** (:class:`ChannelPace`): whatever the slots say, never more than
  ``limit`` releases in any ``period + margin`` seconds. The platform counts a call when it
  handles it, after the network; ``margin`` is the jitter that may separate two calls on
  the way without a 31st landing in one of its seconds.
- **Priority**: a slot goes, when it comes, to the oldest waiting *urgent* send (a reply
  to someone who wrote), else to the oldest background one (an announcement message, a
  progress edit). A reply never waits behind a broadcast; the broadcast gets the rest.
- **Pause**: :meth:`ChannelPace.pause` holds every release (the platform's ``retry_after``
  for the whole bot) — with shared slots, in every process.
- **Several processes** (:class:`SharedSlots`): the slots come from one database row per
  channel (``SlotReserver``, :mod:`bot.storage.pace`), a few at a time, so that N worker
  processes together keep the one rate. Times in the database are the database's clock,
  mapped onto each process's own clock, so the hosts' clocks never need to agree.

The clock and ``sleep`` are injectable (tests drive a fake clock).

>>> import asyncio
>>> async def demo() -> list[float]:
...     now = [0.0]
...     async def sleep(seconds: float) -> None:
...         now[0] += seconds
...     pace = ChannelPace(10.0, tolerance=0.0, clock=lambda: now[0], sleep=sleep)
...     out = []
...     for _ in range(3):
...         await pace.acquire()
...         out.append(round(now[0], 3))
...     return out
>>> asyncio.run(demo())
[0.0, 0.1, 0.2]
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Protocol

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
SlotReserver = Callable[[int, float, float], Awaitable[tuple[float, float]]]
"""``reserve(count, interval, tolerance)``: take ``count`` slots ``interval`` apart from the
shared row (catching up at most ``tolerance``); returns the first slot and the time of the
reservation, both by the database's clock (seconds)."""


class SlotSource(Protocol):
    """Where a channel's slots come from: this process's memory, or the database."""

    async def next_slot(self, wanted: int) -> float:
        """The (local, ``clock``) time of the next slot; ``wanted``: senders waiting now."""
        ...

    def hold(self, seconds: float) -> None:
        """The platform said to wait ``seconds``: tell whoever else shares the slots."""
        ...


class LocalSlots:
    """Slots ``interval`` apart for one process (SQLite: the only sender)."""

    def __init__(self, interval: float, tolerance: float, clock: Clock) -> None:
        self.interval = interval
        self.tolerance = tolerance
        self._clock = clock
        self._next = float("-inf")

    async def next_slot(self, wanted: int) -> float:
        now = self._clock()
        slot = self._next if self._next >= now - self.tolerance else now
        self._next = slot + self.interval
        return slot

    def hold(self, seconds: float) -> None:
        """Nothing to tell: :meth:`ChannelPace.pause` holds this process's releases."""


class SharedSlots:
    """Slots reserved from the database's row, up to ``batch`` per round trip.

    Only as many as there are senders waiting are taken (a slot left unused is budget lost
    for every process, never budget exceeded); a reserved slot that went by unused more
    than ``late`` seconds ago is dropped: spent late, it would come closer than
    ``interval`` to another process's next slot (the row's own catch-up ``tolerance``
    only decides whether the schedule goes on or starts again at now).

    The database's times become this process's clock through an offset learned from the
    reservations themselves: the database read its clock somewhere between our request and
    its answer, so ``local time of the answer − database time`` is never below the true
    offset, and the smallest of the recent ones (the quickest round trip) is the closest.
    A slot is therefore never taken earlier than the database meant, and late by at most
    that quickest round trip's second half — a commit waiting for its fsync does not move
    the slots of every later reservation.
    """

    OBSERVATIONS = 64

    def __init__(
        self,
        reserve: SlotReserver,
        interval: float,
        tolerance: float,
        clock: Clock,
        *,
        batch: int = 4,
        late: float = 0.005,
        patience: float = 2.0,
    ) -> None:
        self._reserve = reserve
        self.late = late
        self.patience = patience
        self._local = LocalSlots(interval, tolerance, clock)
        self._holding: set[asyncio.Task[tuple[float, float]]] = set()
        self.interval = interval
        self.tolerance = tolerance
        self.batch = batch
        self._clock = clock
        self._held: deque[float] = deque()
        self._offsets: deque[float] = deque(maxlen=self.OBSERVATIONS)
        self.round_trips = 0

    async def next_slot(self, wanted: int) -> float:
        now = self._clock()
        while self._held and self._held[0] < now - self.late:
            self._held.popleft()
        if not self._held:
            count = max(1, min(self.batch, wanted))
            task = asyncio.ensure_future(self._reserve(count, self.interval, self.tolerance))
            done, _ = await asyncio.wait({task}, timeout=self.patience)
            if not done or task.exception() is not None:
                # The database is slow or gone (or the one connection is held by a
                # transaction that waits for a send): pace in memory for this slot rather
                # than stop sending. Slots reserved late are simply never used.
                task.add_done_callback(_quietly)
                log.warning("pace: no slot from the database in time; pacing in memory")
                return await self._local.next_slot(wanted)
            first, reserved_at = task.result()
            self.round_trips += 1
            self._offsets.append(self._clock() - reserved_at)
            start = first + min(self._offsets)
            self._held.extend(start + i * self.interval for i in range(count))
        return self._held.popleft()

    def hold(self, seconds: float) -> None:
        """Move the shared schedule ``seconds`` on (reserve them unused): every worker then
        waits out the platform's ``retry_after`` for the whole bot, not this one alone."""
        count = math.ceil(seconds / self.interval)
        if count < 1:
            return
        self._held.clear()
        task = asyncio.ensure_future(self._reserve(count, self.interval, self.tolerance))
        self._holding.add(task)
        task.add_done_callback(self._holding.discard)
        task.add_done_callback(_quietly)


def _quietly(task: asyncio.Future[tuple[float, float]]) -> None:
    """A reservation nobody waits for any more: its failure is only logged."""
    if not task.cancelled() and task.exception() is not None:
        log.warning("pace: a reservation failed: %r", task.exception())


class ChannelPace:
    """The channel's one global budget (see the module docstring)."""

    def __init__(
        self,
        rate: float,
        *,
        limit: int = 30,
        period: float = 1.0,
        margin: float = 0.025,
        tolerance: float | None = None,
        reserve: SlotReserver | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate <= 0 or limit < 1 or period <= 0:
            raise ValueError("rate and period must be > 0, limit >= 1")
        # never closer than the hard window allows on average: 30 slots span 1 s + margin
        self.interval = max(1.0 / rate, (period + margin) / limit)
        self.limit = limit
        self.span = period + margin
        tolerance = self.interval if tolerance is None else tolerance
        self.slots: SlotSource = (
            LocalSlots(self.interval, tolerance, clock)
            if reserve is None
            else SharedSlots(reserve, self.interval, tolerance, clock)
        )
        self._clock = clock
        self._sleep = sleep
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._background: deque[asyncio.Future[None]] = deque()
        self._released: deque[float] = deque(maxlen=limit)
        self._resume_at = 0.0
        self._runner: asyncio.Task[None] | None = None
        self.released = 0

    # -- senders ---------------------------------------------------------------------------

    async def acquire(self, *, urgent: bool = True) -> None:
        """Wait for a slot of this channel (``urgent`` ones are served first)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        (self._urgent if urgent else self._background).append(future)
        if self._runner is None or self._runner.done():
            self._runner = asyncio.create_task(self._run(), name="channel-pace")
        await future

    def pause(self, seconds: float) -> None:
        """Release nothing for ``seconds`` from now (``retry_after`` for the whole bot),
        in every process sharing the slots."""
        self._resume_at = max(self._resume_at, self._clock() + seconds)
        self.slots.hold(seconds)

    def delay(self) -> float:
        """Seconds before a send arriving now could go at the earliest (0: now)."""
        now = self._clock()
        return max(self._resume_at - now, self._guard(now) - now, 0.0)

    @property
    def waiting(self) -> int:
        return sum(not f.done() for f in (*self._urgent, *self._background))

    # -- the one task that hands out the slots -----------------------------------------------

    def _guard(self, now: float) -> float:
        """The earliest time the hard window allows the next release."""
        if len(self._released) < self.limit:
            return now
        return self._released[0] + self.span

    def _next_waiter(self) -> asyncio.Future[None] | None:
        for queue in (self._urgent, self._background):
            while queue and queue[0].done():  # a sender that gave up (cancelled)
                queue.popleft()
            if queue:
                return queue.popleft()
        return None

    async def _run(self) -> None:
        while self.waiting:
            slot = await self.slots.next_slot(self.waiting)
            while True:
                now = self._clock()
                if self._resume_at > now:  # paused: a slot from before the pause is void
                    await self._sleep(self._resume_at - now)
                    slot = await self.slots.next_slot(self.waiting)
                    continue
                at = max(slot, self._guard(now))
                if at <= now:
                    break
                await self._sleep(at - now)
            future = self._next_waiter()
            if future is None:
                return  # everyone waiting gave up: the slot goes unused
            self._released.append(self._clock())
            self.released += 1
            future.set_result(None)
            await asyncio.sleep(0)  # let the sender go before the next slot is reserved
