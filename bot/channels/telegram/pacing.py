"""Pacing of outgoing Telegram messages: about 30 a second overall, about 1 a second per chat.

Owns two kinds of token bucket: one shared by every chat and one per chat (PTB's
``AIORateLimiter`` has no per-private-chat limit, see domain/chatbot-lessons.md §1.5). A
bucket lets a short burst through, then one message every ``1 / rate`` seconds. A chat can
also be paused for a ``retry_after`` Telegram asked for. It must not know about Telegram
objects; :mod:`.outbox` uses it.

>>> pacing = Pacing(overall_rate=30, overall_burst=30, chat_rate=1, chat_burst=3)
>>> pacer = Pacer(pacing)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class Pacing:
    """Rates in messages per second; bursts in messages sent at once after a quiet spell."""

    overall_rate: float = 30.0
    overall_burst: int = 30
    chat_rate: float = 1.0
    chat_burst: int = 3


class TokenBucket:
    """``burst`` tokens refilled at ``rate`` a second; :meth:`acquire` waits for one (FIFO)."""

    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._stamp = clock()
        self._resume_at = 0.0
        self._lock = asyncio.Lock()

    def _refill(self, now: float) -> None:
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def delay(self) -> float:
        """Seconds until a token is free (0 when one is free now)."""
        now = self._clock()
        self._refill(now)
        wait_pause = max(0.0, self._resume_at - now)
        wait_token = 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate
        return max(wait_pause, wait_token)

    async def acquire(self) -> None:
        """Wait for a token and take it; callers are served in arrival order."""
        async with self._lock:
            while (wait := self.delay()) > 0:
                await asyncio.sleep(wait)
            self._tokens -= 1

    def pause(self, seconds: float) -> None:
        """Let nothing through for ``seconds`` from now (Telegram's ``retry_after``)."""
        self._resume_at = max(self._resume_at, self._clock() + seconds)

    @property
    def idle(self) -> bool:
        """Full, unpaused and nobody waiting: the bucket can be forgotten."""
        return not self._lock.locked() and self.delay() == 0 and self._tokens >= self.burst


class Pacer:
    """The overall bucket plus one bucket per chat, created on demand and dropped when idle."""

    SWEEP_EVERY = 1000

    def __init__(self, pacing: Pacing, clock: Callable[[], float] = time.monotonic) -> None:
        self.pacing = pacing
        self._clock = clock
        self.overall = TokenBucket(pacing.overall_rate, pacing.overall_burst, clock)
        self._chats: dict[Hashable, TokenBucket] = {}
        self._acquired = 0

    def chat(self, chat_id: Hashable) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            bucket = TokenBucket(self.pacing.chat_rate, self.pacing.chat_burst, self._clock)
            self._chats[chat_id] = bucket
        return bucket

    async def acquire(self, chat_id: Hashable | None) -> None:
        """Wait until one more message may go to ``chat_id`` (None: counts overall only).

        The chat's turn is taken first, so a chat that is waiting out its own limit does not
        hold up the overall bucket for everyone else.
        """
        if chat_id is not None:
            await self.chat(chat_id).acquire()
        await self.overall.acquire()
        self._acquired += 1
        if self._acquired % self.SWEEP_EVERY == 0:
            self.sweep()

    def pause_chat(self, chat_id: Hashable, seconds: float) -> None:
        self.chat(chat_id).pause(seconds)

    def sweep(self) -> None:
        """Forget the buckets of chats that are quiet (they would start full again anyway)."""
        for chat_id in [c for c, bucket in self._chats.items() if bucket.idle]:
            del self._chats[chat_id]

    def __len__(self) -> int:
        return len(self._chats)
