"""Pacing of one channel's outgoing messages: an even rate, and a halt after ``retry_after``.

Owns timing only; it knows nothing of the database or of senders. Telegram allows about
30 messages a second to different chats; when 429s say the whole bot must wait (the
worker decides: several chats refused at once), :meth:`BroadcastPacer.halt` pauses every
later message of the channel, not just the one refused.

>>> import asyncio
>>> async def demo() -> bool:
...     pacer = BroadcastPacer(1000.0)
...     return all([await pacer.acquire() for _ in range(3)])
>>> asyncio.run(demo())
True
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class BroadcastPacer:
    """Hands out send slots ``1/rate`` seconds apart (a message of n parts takes n slots)."""

    def __init__(self, rate: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self._clock = clock
        self._next = 0.0
        self._halted_until = 0.0
        self._lock = asyncio.Lock()

    def halt(self, seconds: float) -> None:
        """No slot before ``seconds`` from now (a 429 with ``retry_after``)."""
        self._halted_until = max(self._halted_until, self._clock() + max(0.0, seconds))

    async def acquire(self, parts: int = 1, stop: asyncio.Event | None = None) -> bool:
        """Wait for a slot; False when ``stop`` was set while waiting (nothing taken)."""
        async with self._lock:
            while True:
                now = self._clock()
                start = max(self._next, self._halted_until)
                if start <= now:
                    # Keep the schedule when a little late (timer overshoot), but never
                    # bank more than one slot of idle time as a burst.
                    base = start if start >= now - 1.0 / self.rate else now
                    self._next = base + parts / self.rate
                    return True
                if stop is None:
                    await asyncio.sleep(start - now)
                    continue
                try:
                    await asyncio.wait_for(stop.wait(), start - now)
                except TimeoutError:
                    continue
                return False
