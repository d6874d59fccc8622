"""Pacing of outgoing Telegram messages: at most 30 in any second overall, about 1 a second
per chat.

Owns two limiters. The overall one is a sliding window: never more than ``overall_limit``
sends in any ``overall_period`` seconds (a burst of 30 is fine, a 31st waits until the
first is a second old) — what Telegram counts. It is the channel's one global budget:
conversational replies (``urgent``) and announcement messages share it, and a reply always
goes before an announcement message that is waiting. Each chat has a token bucket (PTB's
``AIORateLimiter`` has no per-private-chat limit, see domain/chatbot-lessons.md §1.5): by
default one message every ``1 / chat_rate`` seconds, no burst, a little under Telegram's
"one a second in a chat" so that network jitter never puts two in one second.

A 429 is classified by :meth:`Pacer.rate_limited`: on one chat it is that chat's own limit
(only that chat pauses); on two different chats within a second it is the bot's overall
limit (everything pauses). It must not know about Telegram objects; :mod:`.api_client` uses it.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass

Clock = Callable[[], float]


@dataclass(frozen=True)
class Pacing:
    """Overall: sends per period; per chat: rate a second and the burst after a quiet spell."""

    overall_limit: int = 30
    overall_period: float = 1.0
    chat_rate: float = 0.95
    chat_burst: int = 1
    chat_window: float = 1.0  # 429s from two chats this close together: the overall limit


class _Limiter:
    """Common waiting logic: :meth:`delay` says how long, :meth:`acquire` waits (FIFO)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._resume_at = 0.0
        self._lock = asyncio.Lock()

    def _wait(self, now: float) -> float:
        raise NotImplementedError

    def _take(self, now: float) -> None:
        raise NotImplementedError

    def delay(self) -> float:
        """Seconds until one more send may go (0 when it may go now)."""
        now = self._clock()
        return max(self._resume_at - now, self._wait(now), 0.0)

    async def acquire(self) -> None:
        """Wait for a turn and take it; callers are served in arrival order."""
        async with self._lock:
            while (wait := self.delay()) > 0:
                await asyncio.sleep(wait)
            self._take(self._clock())

    def pause(self, seconds: float) -> None:
        """Let nothing through for ``seconds`` from now (Telegram's ``retry_after``)."""
        self._resume_at = max(self._resume_at, self._clock() + seconds)

    @property
    def waiting(self) -> bool:
        return self._lock.locked()


class TokenBucket(_Limiter):
    """``burst`` tokens refilled at ``rate`` a second; one token per send."""

    def __init__(self, rate: float, burst: int, clock: Clock = time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        super().__init__(clock)
        self.rate = rate
        self.burst = burst
        self._tokens = float(burst)
        self._stamp = clock()

    def _refill(self, now: float) -> None:
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def _wait(self, now: float) -> float:
        self._refill(now)
        return 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate

    def _take(self, now: float) -> None:
        self._refill(now)
        self._tokens -= 1

    @property
    def idle(self) -> bool:
        """Full, unpaused and nobody waiting: the bucket can be forgotten."""
        return not self.waiting and self.delay() == 0 and self._tokens >= self.burst


class SlidingWindow(_Limiter):
    """At most ``limit`` sends in any ``period`` seconds."""

    def __init__(self, limit: int, period: float = 1.0, clock: Clock = time.monotonic) -> None:
        if limit < 1 or period <= 0:
            raise ValueError("limit must be >= 1 and period > 0")
        super().__init__(clock)
        self.limit = limit
        self.period = period
        self._sent: deque[float] = deque()

    def _wait(self, now: float) -> float:
        while self._sent and now - self._sent[0] >= self.period:
            self._sent.popleft()
        if len(self._sent) < self.limit:
            return 0.0
        return self._sent[0] + self.period - now

    def _take(self, now: float) -> None:
        self._sent.append(now)

    async def acquire_background(self) -> None:
        """Like :meth:`acquire`, but only when no urgent sender (a reply) is waiting: an
        announcement message uses what the replies leave of the budget."""
        while True:
            if not self.waiting:
                async with self._lock:
                    if self.delay() == 0:
                        self._take(self._clock())
                        return
                    wait = self.delay()
            else:
                wait = 0.0
            await asyncio.sleep(max(wait, 0.005))


class Pacer:
    """The overall window plus one bucket per chat, created on demand and dropped when idle.

    >>> pacer = Pacer(Pacing())
    >>> pacer.overall.limit, pacer.chat(42).rate
    (30, 0.95)
    """

    SWEEP_EVERY = 1000

    def __init__(self, pacing: Pacing, clock: Clock = time.monotonic) -> None:
        self.pacing = pacing
        self._clock = clock
        self.overall = SlidingWindow(pacing.overall_limit, pacing.overall_period, clock)
        self._chats: dict[Hashable, TokenBucket] = {}
        self._acquired = 0
        self._limited: deque[tuple[float, Hashable]] = deque()  # recent 429s: (when, chat)

    def chat(self, chat_id: Hashable) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            bucket = TokenBucket(self.pacing.chat_rate, self.pacing.chat_burst, self._clock)
            self._chats[chat_id] = bucket
        return bucket

    async def acquire(self, chat_id: Hashable | None, *, urgent: bool = True) -> None:
        """Wait until one more message may go to ``chat_id`` (None: counts overall only).

        The chat's turn is taken first, so a chat that is waiting out its own limit does not
        hold up the overall window for everyone else. ``urgent`` (a reply to someone who
        wrote) goes before every non-urgent send (an announcement) waiting for the window.
        """
        if chat_id is not None:
            await self.chat(chat_id).acquire()
        if urgent:
            await self.overall.acquire()
        else:
            await self.overall.acquire_background()
        self._acquired += 1
        if self._acquired % self.SWEEP_EVERY == 0:
            self.sweep()

    def pause_chat(self, chat_id: Hashable, seconds: float) -> None:
        self.chat(chat_id).pause(seconds)

    def rate_limited(self, chat_id: Hashable | None, seconds: float) -> bool:
        """Telegram answered 429 with ``retry_after`` = ``seconds`` to a send to ``chat_id``.

        A 429 on one chat is that chat's own limit (one a second, short bursts): only that
        chat pauses, delivery to everyone else goes on. Everything pauses too (and True is
        returned) when 429s come from different chats within ``chat_window`` seconds, or
        from a call that has no chat: that is the bot's overall limit.
        """
        now = self._clock()
        window = self.pacing.chat_window
        while self._limited and now - self._limited[0][0] > window:
            self._limited.popleft()
        others = any(chat != chat_id for _, chat in self._limited)
        self._limited.append((now, chat_id))
        if chat_id is None:
            self.overall.pause(seconds)
            return True
        self.chat(chat_id).pause(seconds)
        if not others:
            return False
        self.overall.pause(seconds)
        return True

    def sweep(self) -> None:
        """Forget the buckets of chats that are quiet (they would start full again anyway)."""
        for chat_id in [c for c, bucket in self._chats.items() if bucket.idle]:
            del self._chats[chat_id]

    def __len__(self) -> int:
        return len(self._chats)
