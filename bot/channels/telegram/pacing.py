"""Pacing of outgoing Telegram messages: one even global rate a little under 30 a second,
and each chat's own limit with Telegram's short burst.

Owns the Telegram numbers and the per-chat rule; the channel-wide schedule is
:class:`bot.pace.ChannelPace`.

- **Overall** (every send and edit of the bot): Telegram's Bots FAQ (core.telegram.org/bots/
  faq, "My bot is hitting limits") says not to send more than about 30 messages a second
  to different chats. Each send gets its own slot ``1 / overall_rate`` apart (29.4 a
  second: 34 ms), never a burst, and no 31 ever leave within ``1 s + overall_margin``, so
  network jitter up to the margin never puts 31 into one of Telegram's seconds. Replies
  (``urgent``) take the next free slot before any waiting announcement message; progress
  edits count like messages. With ``OCOP_DATABASE_URL=postgresql://`` the slots come from
  the database's row (``shared``), so several worker processes together keep the one rate.
- **Per chat** ("avoid sending more than one message per second. We may allow short
  bursts that go over this limit"): a sliding window of ``chat_burst`` sends per
  ``chat_period + chat_margin`` seconds (3 in 3 s: a reply of 2–3 messages goes at once,
  one a second on average after that), counted from when each send actually left.
- **429**: classified by :meth:`Pacer.rate_limited`: on one chat it is that chat's own
  limit (only that chat pauses); 429s from two different chats within ``chat_window``
  seconds, or one on a call without a chat (the platform speaking for the whole bot),
  pause everything. It knows no Telegram objects; :mod:`.api_client` uses it.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Hashable
from dataclasses import dataclass

from bot.pace import ChannelPace, Clock, Sleep, SlotReserver


@dataclass(frozen=True)
class Pacing:
    """Overall: an even rate under ``overall_limit`` per ``overall_period``; per chat:
    ``chat_burst`` sends per ``chat_period`` seconds."""

    overall_rate: float = 29.4
    overall_limit: int = 30
    overall_period: float = 1.0
    overall_margin: float = 0.025
    chat_burst: int = 3
    chat_period: float = 3.0
    chat_margin: float = 0.1
    chat_window: float = 1.0  # 429s from two chats this close together: the overall limit


class ChatWindow:
    """At most ``burst`` sends in any ``span`` seconds to one chat, and its own pause.

    A sender holds the chat's turn from :meth:`turn` until its send has left (the time
    that counts is the release of its overall slot), so the next waits for the real time.
    """

    def __init__(self, burst: int, span: float, clock: Clock, sleep: Sleep) -> None:
        if burst < 1 or span <= 0:
            raise ValueError("burst must be >= 1 and span > 0")
        self.burst = burst
        self.span = span
        self._clock = clock
        self._sleep = sleep
        self._sent: deque[float] = deque(maxlen=burst)
        self._resume_at = 0.0
        self.lock = asyncio.Lock()

    def delay(self) -> float:
        """Seconds until one more send may go to this chat (0: now)."""
        now = self._clock()
        wait = self._resume_at - now
        if len(self._sent) == self.burst:
            wait = max(wait, self._sent[0] + self.span - now)
        return max(wait, 0.0)

    async def wait(self) -> None:
        """Sleep until :meth:`delay` is 0 (call with :attr:`lock` held)."""
        while (wait := self.delay()) > 0:
            await self._sleep(wait)

    def sent(self) -> None:
        self._sent.append(self._clock())

    def pause(self, seconds: float) -> None:
        """Nothing to this chat for ``seconds`` from now (its ``retry_after``)."""
        self._resume_at = max(self._resume_at, self._clock() + seconds)

    @property
    def idle(self) -> bool:
        """Nobody waiting and nothing that still counts: the window can be forgotten."""
        now = self._clock()
        recent = bool(self._sent) and now - self._sent[-1] < self.span
        return not self.lock.locked() and not recent and self._resume_at <= now


class Pacer:
    """The channel's global pace plus one window per chat, created on demand and dropped
    when idle.

    >>> pacer = Pacer(Pacing())
    >>> round(pacer.overall.interval, 4), pacer.chat(42).burst
    (0.0342, 3)
    """

    SWEEP_EVERY = 1000

    def __init__(
        self,
        pacing: Pacing,
        clock: Clock = time.monotonic,
        *,
        shared: SlotReserver | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.pacing = pacing
        self._clock = clock
        self._sleep = sleep
        self.overall = ChannelPace(
            pacing.overall_rate,
            limit=pacing.overall_limit,
            period=pacing.overall_period,
            margin=pacing.overall_margin,
            reserve=shared,
            clock=clock,
            sleep=sleep,
        )
        self._chats: dict[Hashable, ChatWindow] = {}
        self._acquired = 0
        self._limited: deque[tuple[float, Hashable]] = deque()  # recent 429s: (when, chat)

    def chat(self, chat_id: Hashable) -> ChatWindow:
        window = self._chats.get(chat_id)
        if window is None:
            span = self.pacing.chat_period + self.pacing.chat_margin
            window = ChatWindow(self.pacing.chat_burst, span, self._clock, self._sleep)
            self._chats[chat_id] = window
        return window

    async def acquire(self, chat_id: Hashable | None, *, urgent: bool = True) -> None:
        """Wait until one more message may go to ``chat_id`` (None: counts overall only).

        The chat's turn comes first, so a chat waiting out its own limit does not hold a
        global slot; then the global slot (``urgent``: a reply, before any announcement
        message waiting). The chat counts the send when the global slot is released.
        """
        if chat_id is None:
            await self.overall.acquire(urgent=urgent)
        else:
            window = self.chat(chat_id)
            async with window.lock:
                while True:
                    await window.wait()
                    await self.overall.acquire(urgent=urgent)
                    if window.delay() == 0:  # not paused by a 429 meanwhile
                        break
                window.sent()
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
        """Forget the windows of chats that are quiet (they would start empty anyway)."""
        for chat_id in [c for c, window in self._chats.items() if window.idle]:
            del self._chats[chat_id]

    def __len__(self) -> int:
        return len(self._chats)
