"""Long polling of the Zalo Bot API: one update per ``getUpdates`` call, 408 when idle.

Owns the loop and its back-off: every update is recorded in the inbox before the next poll
starts (it is handled from there, in its user's turn); an idle poll (408) simply polls
again; network trouble, 5xx answers and 429 wait 1, 2, 4 … up to 30 s (or Zalo's
``retry_after``) and try again, reset by the next good answer; a refused token (401) ends
the loop with :class:`~bot.channels.zalo.client.InvalidToken` — retrying would not help.

There is no offset: an update fetched by a process that dies before recording it is lost
(docs/zalo.md); once recorded it is handled, after a restart if need be. An update that
cannot be read is logged and skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from typing import Final

from bot.channels.zalo.channel import ZaloChannel
from bot.channels.zalo.client import InvalidToken, RetryLater, ZaloApiError, ZaloNetworkError

log = logging.getLogger(__name__)

FIRST_WAIT: Final = 1.0
MAX_WAIT: Final = 30.0


class Backoff:
    """Waits that double from ``first`` up to ``most`` (with a little jitter); reset on success.

    >>> b = Backoff(1.0, 8.0, jitter=0.0)
    >>> [b.next() for _ in range(5)]
    [1.0, 2.0, 4.0, 8.0, 8.0]
    >>> b.reset(); b.next()
    1.0
    """

    def __init__(self, first: float = FIRST_WAIT, most: float = MAX_WAIT, jitter: float = 0.1):
        self.first, self.most, self.jitter = first, most, jitter
        self._wait = first

    def next(self) -> float:
        wait = self._wait
        self._wait = min(self._wait * 2, self.most)
        return wait * (1 + random.uniform(0, self.jitter)) if self.jitter else wait

    def reset(self) -> None:
        self._wait = self.first


async def poll(channel: ZaloChannel, stop: asyncio.Event, timeout: int) -> None:
    """Poll until ``stop`` is set; raises InvalidToken when the token is refused."""
    client = channel.client
    backoff = Backoff()
    while not stop.is_set():
        try:
            raw = await client.get_update(timeout)
        except InvalidToken:
            log.error("zalo: the bot token was refused (401); polling stops")
            raise
        except RetryLater as limited:
            wait = limited.retry_after if limited.retry_after is not None else backoff.next()
            log.warning("zalo: getUpdates over quota (429); polling again in %.0f s", wait)
        except (ZaloApiError, ZaloNetworkError) as error:
            wait = backoff.next()
            log.warning("zalo: getUpdates failed (%s); polling again in %.0f s", error, wait)
        else:
            backoff.reset()
            if raw is not None:
                await channel.receive(raw)  # in the inbox before the next poll
            continue
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), wait)
